#!/bin/sh
# cli-demo.test.sh - the CLI on PostgreSQL gives what it gives on SQLite.
# Run by ctest inside tests/pg-cluster.sh (PGHOST is the throwaway
# cluster's socket folder): `init` on a new database, the demo imported,
# then list, show, balance, validate and export compared byte for byte
# with the same commands on an SQLite file; a refused import leaves the
# PostgreSQL database exactly as it was; `plan` finds the same optimum.
set -eu
: "${MF:?}" "${PGHOST:?}" "${MASSEFLYT_DATA:?}"
tmp=$(mktemp -d)
db=mfcli_$$
trap 'psql -q -d postgres -c "DROP DATABASE IF EXISTS $db WITH (FORCE)" >/dev/null 2>&1; rm -rf "$tmp"' EXIT
cd "$tmp"
psql -q -d postgres -c "CREATE DATABASE $db"
pg="postgresql://postgres@/$db?host=$PGHOST"
fail=0

# Before init: refused, with the command to run.
if "$MF" --db "$pg" list lots 2>err; then
    echo "list before init succeeded"; fail=1
fi
grep -q "masseflyt init" err || { cat err; echo "no hint to init"; fail=1; }

"$MF" -q --db "$pg" init >/dev/null
"$MF" -q --db t.db init >/dev/null
"$MF" -q --db "$pg" import "$MASSEFLYT_DATA"/demo/*.csv >/dev/null 2>pg.import.err
"$MF" -q --db t.db import "$MASSEFLYT_DATA"/demo/*.csv >/dev/null 2>sq.import.err
cmp -s pg.import.err sq.import.err || { diff sq.import.err pg.import.err; fail=1; }

same() {
    "$MF" --db t.db "$@" >sq.out 2>&1 && s=0 || s=$?
    "$MF" --db "$pg" "$@" >pg.out 2>&1 && p=0 || p=$?
    if [ "$s" != "$p" ] || ! cmp -s sq.out pg.out; then
        echo "differs: masseflyt $* (exit $s on SQLite, $p on PostgreSQL)"
        diff sq.out pg.out | head -20
        fail=1
    fi
}
same list orgs
same list projects
same list sites
same list lots
same list lots --kind supply
same show fornebu-fjell
same balance
same balance --municipality 0301 --period quarter --from 2025-01-01 --to 2025-12-31
same validate
for k in orgs projects sites lots; do
    same export "$k"
done
same export sites --format geojson

# The same optimum (the first line also says how long it took).
"$MF" --db t.db plan >sq.plan 2>/dev/null
"$MF" --db "$pg" plan >pg.plan 2>/dev/null
sed -n 's/.*\(optimal at .*\)/\1/p' sq.plan >sq.opt
sed -n 's/.*\(optimal at .*\)/\1/p' pg.plan >pg.opt
if [ ! -s sq.opt ] || ! cmp -s sq.opt pg.opt; then
    echo "plans differ:"; head -1 sq.plan pg.plan; fail=1
fi
tail -n +2 sq.plan >sq.rest
tail -n +2 pg.plan >pg.rest
cmp -s sq.rest pg.rest || { diff sq.rest pg.rest | head; fail=1; }

# A refused import writes nothing.
# (pg_dump's \restrict lines carry a new random key each time.)
dump() { pg_dump -d "$db" --data-only | grep -v '^\\\(un\)\{0,1\}restrict '; }
dump >before.sql
printf 'id,kind,project,material,quantity,unit,from,to\nbad,supply,nowhere,morene,10,furlongs,2025-01-01,2025-02-01\n' >lots-bad.csv
"$MF" -q --db "$pg" import lots-bad.csv 2>err && s=0 || s=$?
if [ "$s" != 3 ] || ! grep -q "nothing was written" err; then
    cat err; echo "a bad import: exit $s, not 3"; fail=1
fi
dump >after.sql
cmp -s before.sql after.sql || { echo "a refused import changed the database"; fail=1; }

exit $fail
