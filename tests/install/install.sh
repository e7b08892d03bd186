#!/bin/sh
# install.sh BUILD_DIR - `cmake --install` into a temporary prefix: the
# program, its data and the manual page are there, and the installed
# program finds its installed data with no MASSEFLYT_DATA set.
set -eu
build=$1
tmp=$(mktemp -d)
pid=""
trap '[ -z "$pid" ] || kill "$pid" 2>/dev/null; rm -rf "$tmp"' EXIT

cmake --install "$build" --prefix "$tmp/prefix" >/dev/null
unset MASSEFLYT_DATA
mf=$tmp/prefix/bin/masseflyt
fail() { echo "install: $*" >&2; exit 1; }

[ -x "$mf" ] || fail "no program in PREFIX/bin"
[ -f "$tmp/prefix/share/masseflyt/materials.csv" ] || fail "no data"
[ -f "$tmp/prefix/share/masseflyt/aliases.csv" ] || fail "no aliases"
[ -f "$tmp/prefix/share/man/man1/masseflyt.1" ] || fail "no manual page"
[ -f "$tmp/prefix/share/masseflyt/web/index.html" ] || fail "no web UI"
[ -f "$tmp/prefix/share/masseflyt/openapi.json" ] || fail "no OpenAPI document"
grep -q '^\.SS options' "$tmp/prefix/share/man/man1/masseflyt.1" ||
    fail "the manual page lacks the options command"
"$mf" --version | grep -q '^masseflyt ' || fail "--version"
# The installed program reads the installed data: with the build's data
# folder moved away from where it looks, a command that needs the
# catalogue still works, and imports the installed demo region.
cd "$tmp"
"$mf" -q --db t.db init >/dev/null
"$mf" -q --db t.db import prefix/share/masseflyt/demo/orgs.csv \
    prefix/share/masseflyt/demo/projects.csv \
    prefix/share/masseflyt/demo/sites.csv >/dev/null 2>&1 ||
    fail "import with the installed data"
"$mf" rules | grep -q R05 || fail "rules from the installed data"
# It is the installed folder it reads: change it and the program sees it.
sed -i 's/^column,mengde,quantity/column,kvantum,quantity/' \
    prefix/share/masseflyt/aliases.csv
"$mf" -q template lots --lang nb | head -1 | grep -q ';kvantum;' ||
    fail "the program does not read PREFIX/share/masseflyt"
# serve reads the installed web UI and OpenAPI document, not the source
# tree's: mark the installed copies and see the marks served.
echo '<!-- the installed copy -->' >>prefix/share/masseflyt/web/index.html
sed -i '1s/^{/{"x-installed-copy": true,/' prefix/share/masseflyt/openapi.json
"$mf" --db t.db serve --port 0 --no-access-log 2>serve.err &
pid=$!
i=0
until grep -q 'listening on' serve.err; do
    i=$((i + 1))
    [ $i -le 200 ] && kill -0 "$pid" 2>/dev/null ||
        fail "serve did not start: $(cat serve.err)"
    sleep 0.05
done
url=$(sed -n 's/.*listening on \(http:[^ ]*\/\).*/\1/p' serve.err)
curl -s "$url" | grep -q 'the installed copy' ||
    fail "serve does not read PREFIX/share/masseflyt/web"
curl -s "${url}api/v1/openapi.json" | grep -q 'x-installed-copy' ||
    fail "serve does not read PREFIX/share/masseflyt/openapi.json"
kill "$pid"
wait "$pid" || true
pid=""
echo "install: ok"
