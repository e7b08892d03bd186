#!/bin/sh
# copy-roundtrip.test.sh - `masseflyt copy` moves a whole registry from
# SQLite to PostgreSQL and back, losing nothing: every kind exported from
# the end of the round trip is byte for byte what the start exports. A
# copy into a registry that holds records is refused and changes nothing.
# Run by ctest inside tests/pg-cluster.sh.
set -eu
: "${MF:?}" "${PGHOST:?}" "${MASSEFLYT_DATA:?}"
tmp=$(mktemp -d)
db=mfcopy_$$
trap 'psql -q -d postgres -c "DROP DATABASE IF EXISTS $db WITH (FORCE)" >/dev/null 2>&1; rm -rf "$tmp"' EXIT
cd "$tmp"
psql -q -d postgres -c "CREATE DATABASE $db"
pg="postgresql://postgres@/$db?host=$PGHOST"
fail=0

"$MF" -q --db a.db init >/dev/null
"$MF" -q --db a.db import "$MASSEFLYT_DATA"/demo/*.csv >/dev/null 2>&1
"$MF" copy --from a.db --to "$pg"
"$MF" copy --from "$pg" --to sqlite:b.db
for k in orgs projects sites lots; do
    "$MF" --db a.db export "$k" -o "$k-a.csv"
    "$MF" --db b.db export "$k" -o "$k-b.csv"
    "$MF" --db "$pg" export "$k" -o "$k-pg.csv"
    cmp "$k-a.csv" "$k-b.csv" || fail=1
    cmp "$k-a.csv" "$k-pg.csv" || fail=1
    [ "$(wc -l <"$k-a.csv")" -gt 1 ] || { echo "no $k exported"; fail=1; }
done
"$MF" --db a.db export sites --format geojson >a.geojson
"$MF" --db b.db export sites --format geojson >b.geojson
cmp a.geojson b.geojson || fail=1

# Into a registry with records: refused, nothing written.
"$MF" --db "$pg" export lots -o before.csv
if "$MF" copy --from a.db --to "$pg" 2>err; then
    echo "a copy into a full registry succeeded"; fail=1
fi
grep -q "already holds records" err || { cat err; fail=1; }
"$MF" --db "$pg" export lots -o after.csv
cmp before.csv after.csv || fail=1
exit $fail
