#!/bin/sh
# custody.test.sh - the chain of custody in the web UI (custody.test.mjs),
# in Debian's chromium driven by playwright-core: `masseflyt serve` on
# 127.0.0.1 with the demo database, an editor of the source site's
# organisation (oslo: fornebu-stasjon), one of the receiving site's
# (baerum: avtjerna-deponi) and an authority. Screenshots go to $MF_SHOTS.
. "$(dirname "$0")/../server/lib.sh"

for need in "$MF_SOURCE_DIR/node_modules/playwright-core" \
    "$MF_SOURCE_DIR/web/vendor/leaflet/leaflet.js" \
    "$MF_SOURCE_DIR/web/vendor/qrcode/qrcode.js"; do
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
    "$d/lots.csv" >/dev/null 2>&1
echo "$PW" | "$MF" --db "$T/t.db" user add --email authority@example.no \
    --name "Myndighet" --role authority >/dev/null
echo "$PW" | "$MF" --db "$T/t.db" user add --email sender@example.no \
    --name "Avsender" --role editor --org oslo >/dev/null
echo "$PW" | "$MF" --db "$T/t.db" user add --email mottak@example.no \
    --name "Mottaker" --role editor --org baerum >/dev/null
start_server --static "$MF_SOURCE_DIR/web"
mkdir -p "$MF_SHOTS"
NODE_PATH="$MF_SOURCE_DIR/node_modules" node "$MF_SOURCE_DIR/tests/browser/custody.test.mjs" \
    "$BASE" "$CHROMIUM" "$MF_SHOTS" "$PW"
