#!/bin/sh
# browser.test.sh - the web UI end to end in Debian's chromium, driven by
# playwright-core (map.test.mjs): `masseflyt serve` on 127.0.0.1 with the
# demo database plus two non-public lots (lots-private.csv), an authority
# and an editor of the demo organisation. Screenshots go to $MF_SHOTS.
. "$(dirname "$0")/../server/lib.sh"

for need in "$MF_SOURCE_DIR/node_modules/playwright-core" "$MF_SOURCE_DIR/web/vendor/leaflet/leaflet.js"; do
    if [ ! -e "$need" ]; then
        echo "browser: $need missing; run scripts/install-deps --test" >&2
        exit 1
    fi
done
CHROMIUM=${MASSEFLYT_CHROMIUM:-/usr/bin/chromium}
if [ ! -x "$CHROMIUM" ]; then
    echo "browser: $CHROMIUM missing; run scripts/install-deps --test" >&2
    exit 1
fi
d="$MASSEFLYT_DATA/demo"
"$MF" --db "$T/t.db" init >/dev/null
"$MF" --db "$T/t.db" import "$d/orgs.csv" "$d/projects.csv" "$d/sites.csv" \
    "$d/lots.csv" "$MF_SOURCE_DIR/tests/browser/lots-private.csv" >/dev/null 2>&1
echo "$PW" | "$MF" --db "$T/t.db" user add --email authority@example.no \
    --name "Myndighet" --role authority >/dev/null
echo "$PW" | "$MF" --db "$T/t.db" user add --email editor@example.no \
    --name "Redaktør" --role editor --org demo >/dev/null
# An earlier plan, stored from the command line for Drammen, for the plan
# view's picker of stored plans.
"$MF" --db "$T/t.db" plan --name tidligere --municipality 3301 >/dev/null 2>&1
start_server --static "$MF_SOURCE_DIR/web"
mkdir -p "$MF_SHOTS"
NODE_PATH="$MF_SOURCE_DIR/node_modules" node "$MF_SOURCE_DIR/tests/browser/map.test.mjs" \
    "$BASE" "$CHROMIUM" "$MF_SHOTS" "$PW"
