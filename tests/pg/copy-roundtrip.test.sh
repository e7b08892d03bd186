#!/bin/sh
# copy-roundtrip.test.sh - `masseflyt copy` moves a whole registry from
# SQLite to PostgreSQL and back, losing nothing: every kind exported from
# the end of the round trip is byte for byte what the start exports, and
# so are the stored plan, the import log, the accounts, API tokens, audit
# log and municipality boundaries, row for row with their ids, and the
# chain of custody (vehicles, quality documents, tickets, receipts). A copy
# into a registry that holds records is refused and changes nothing.
# Run by ctest inside tests/pg-cluster.sh.
set -eu
: "${MF:?}" "${PGHOST:?}" "${MASSEFLYT_DATA:?}"
fixture=$(cd "$(dirname "$0")/.." && pwd)/data/places/kommuner-test-fixture.geojson
tmp=$(mktemp -d)
db=mfcopy_$$
trap 'psql -q -d postgres -c "DROP DATABASE IF EXISTS $db WITH (FORCE)" >/dev/null 2>&1; rm -rf "$tmp"' EXIT
cd "$tmp"
psql -q -d postgres -c "CREATE DATABASE $db"
pg="postgresql://postgres@/$db?host=$PGHOST"
fail=0

"$MF" -q --db a.db init >/dev/null
"$MF" -q --db a.db import "$MASSEFLYT_DATA"/demo/*.csv >/dev/null 2>&1
"$MF" -q --db a.db import-municipalities "$fixture" >/dev/null
"$MF" -q --db a.db plan >/dev/null 2>&1
# The chain of custody: seeded tickets with corrections and receipts.
# (the secret is a stored document: two with the plan)
"$MF" -q --db a.db custody secret copy-test-secret >/dev/null
"$MF" -q --db a.db custody generate --seed 11 --tickets 120 --faults 1 \
    --as-of "2030-12-31 18:00" >/dev/null
for who in a b; do
    echo 'a long enough password' | "$MF" -q --db a.db user add \
        --email $who@example.no --name "$who" --role administrator >/dev/null
done
# A token (made through the API otherwise), one revoked.
sqlite3 a.db "INSERT INTO api_token (account, name, hash, created, expires,
  revoked) VALUES (2, 'ci', 'ab12', 1700000000, 1800000000, NULL),
  (1, 'old', 'cd34', 1600000000, 1700000000, 1650000000)"
"$MF" copy --from a.db --to "$pg" >copy1.out
"$MF" copy --from "$pg" --to sqlite:b.db >copy2.out
cmp copy1.out copy2.out || fail=1
grep -q "and 2 documents, [1-9][0-9]* import log entries, 2 accounts, 2 API tokens, [1-9][0-9]* audit records, [1-9][0-9]* municipality boundaries" copy1.out ||
    { cat copy1.out; fail=1; }
grep -q "and [1-9][0-9]* vehicles, [1-9][0-9]* quality documents, [1-9][0-9]* load tickets, [1-9][0-9]* receipts" copy1.out ||
    { cat copy1.out; fail=1; }
for t in "document ORDER BY kind, name" "import_log ORDER BY id" \
    "account ORDER BY id" "api_token ORDER BY id" "audit ORDER BY id" \
    "municipality_boundary ORDER BY number" "vehicle ORDER BY reg" \
    "quality_doc ORDER BY id" "quality_doc_lot ORDER BY doc, lot" \
    "ticket ORDER BY seq" "receipt ORDER BY seq"; do
    sqlite3 a.db "SELECT * FROM $t" >t-a.txt
    sqlite3 b.db "SELECT * FROM $t" >t-b.txt
    [ -s t-a.txt ] || { echo "nothing in $t"; fail=1; }
    cmp t-a.txt t-b.txt || { echo "$t differs"; diff t-a.txt t-b.txt | head -5; fail=1; }
done
# New ids on PostgreSQL follow the copied ones.
echo 'a long enough password' | "$MF" -q --db "$pg" user add \
    --email c@example.no --name c --role administrator >/dev/null || fail=1
[ "$(psql -qtA -d "$db" -c "SELECT id FROM account WHERE email = 'c@example.no'")" = 3 ] ||
    { echo "the new account did not get id 3"; fail=1; }
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
# The checks find the same on the copy as on the original.
"$MF" --db a.db custody check --as-of "2030-12-31 18:00" >check-a.txt || true
"$MF" --db "$pg" custody check --as-of "2030-12-31 18:00" >check-pg.txt || true
cmp check-a.txt check-pg.txt || { diff check-a.txt check-pg.txt | head -5; fail=1; }
[ -s check-a.txt ] || { echo "custody check found nothing"; fail=1; }

# Into a registry with records: refused, nothing written.
"$MF" --db "$pg" export lots -o before.csv
if "$MF" copy --from a.db --to "$pg" 2>err; then
    echo "a copy into a full registry succeeded"; fail=1
fi
grep -q "already holds records" err || { cat err; fail=1; }
"$MF" --db "$pg" export lots -o after.csv
cmp before.csv after.csv || fail=1
exit $fail
