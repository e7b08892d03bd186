#!/bin/sh
# kill.test.sh - kill -9 in the middle of an import on PostgreSQL: the
# workers of `masseflyt serve --workers 2` are killed while the import's
# transaction is open (seen in pg_stat_activity); the database then holds
# none of the file, the parent starts new workers, and the same import
# sent again is stored whole. The same for `masseflyt import` on the
# command line.
set -eu
: "${MF:?}" "${PGHOST:?}" "${MF_SOURCE_DIR:?}"
pgdb=mfkill_$$
psql -q -d postgres -c "CREATE DATABASE $pgdb"
MF_TEST_DB="postgresql://postgres@/$pgdb?host=$PGHOST"
export MF_TEST_DB
drop_db() { psql -q -d postgres -c "DROP DATABASE IF EXISTS $pgdb WITH (FORCE)" || true; }
. "$MF_SOURCE_DIR/tests/server/lib.sh"
trap 'cleanup; drop_db' EXIT INT TERM
sql() { psql -X -A -t -q -d "$pgdb" -c "$1"; }
# in_tx: 1 when a connection to the test database has an open write
# transaction (it holds the writers' advisory lock).
in_tx() {
    sql "SELECT count(*) FROM pg_locks l JOIN pg_database d ON d.oid = l.database WHERE l.locktype = 'advisory' AND l.granted AND d.datname = '$pgdb'"
}
# wait_tx: waits (30 s at most) inside the database, polling every 10 ms,
# until a write transaction is open; 0 when one was seen.
wait_tx() {
    psql -X -q -d "$pgdb" -c "SET statement_timeout = '30s'" -c "DO \$\$ BEGIN
        WHILE (SELECT count(*) FROM pg_locks l JOIN pg_database d ON d.oid = l.database
               WHERE l.locktype = 'advisory' AND l.granted AND d.datname = current_database()) = 0
        LOOP PERFORM pg_sleep(0.01); END LOOP; END \$\$" >/dev/null 2>&1
}
# no_tx: waits (10 s at most) until no write transaction is open.
no_tx() {
    i=0
    while [ "$(in_tx)" != 0 ] && [ $i -lt 50 ]; do
        i=$((i + 1))
        sleep 0.2
    done
}

make_db
# 20,000 lots of the test registry's projects.
big_lots "$T/g.csv"
awk -F, 'NR == 1 { print; next } { for (k = 0; k < 5; k++) { $1 = "k" k "-" $1; print; sub(/^k[0-9]-/, "", $1) } }' OFS=, "$T/g.csv" >"$T/big.csv"
N=$(($(wc -l <"$T/big.csv") - 1))
check "the file has 20000 lots" 20000 "$N"
before=$(sql "SELECT count(*) FROM lot")
logs=$(sql "SELECT count(*) FROM import_log")

start_server --static none --workers 2 --no-access-log --max-body 67108864
login admin
kids=$(pgrep -P "$SERVER_PID" | tr '\n' ' ')
wait_tx &
W=$!
sleep 1
curl -s -o /dev/null -b "$T/jar.admin" -H "X-CSRF-Token: $(cat "$T/csrf.admin")" \
    -H 'Content-Type: text/csv' --data-binary @"$T/big.csv" \
    "$BASE/api/v1/imports/lots" &
CURL=$!
wait $W || fail "the import's transaction was not seen open"
kill -KILL $kids
wait $CURL || true
# The server's connections end with their processes; the transaction
# is rolled back.
no_tx
check "after kill -9: none of the import" "$before" "$(sql "SELECT count(*) FROM lot")"
check "after kill -9: no import logged" "$logs" "$(sql "SELECT count(*) FROM import_log")"
i=0
while [ "$(pgrep -P "$SERVER_PID" | wc -l)" -lt 2 ] && [ $i -lt 100 ]; do
    i=$((i + 1))
    sleep 0.1
done
check "two new workers" 2 "$(pgrep -P "$SERVER_PID" | wc -l)"
login admin
STATUS=$(curl -s -o "$T/body" -w '%{http_code}' -b "$T/jar.admin" \
    -H "X-CSRF-Token: $(cat "$T/csrf.admin")" -H 'Content-Type: text/csv' \
    --data-binary @"$T/big.csv" "$BASE/api/v1/imports/lots")
check "the import sent again" 201 "$STATUS"
check "after the second import: all of it" $((before + N)) "$(sql "SELECT count(*) FROM lot")"
stop_server

# The command line: kill -9 `masseflyt import` inside its transaction.
awk -F, 'NR == 1 { print; next } { $1 = "c" $1; print }' OFS=, "$T/big.csv" >"$T/lots-cli.csv"
before=$(sql "SELECT count(*) FROM lot")
# The watcher is connected first: the transaction may be short.
wait_tx &
W=$!
sleep 1
"$MF" --db "$DB" import "$T/lots-cli.csv" >/dev/null 2>&1 &
IMP=$!
wait $W || fail "the CLI import's transaction was not seen open"
kill -KILL $IMP 2>/dev/null || true
wait $IMP 2>/dev/null || true
no_tx
# The command line reads and checks the file before its transaction, so
# the kill may come late; all or none, never part.
n=$(sql "SELECT count(*) FROM lot")
[ "$n" = "$before" ] || [ "$n" = $((before + N)) ] ||
    fail "CLI import killed: $((n - before)) of $N lots stored"
if [ "$n" = "$before" ]; then
    echo "CLI import killed inside its transaction: none of it stored"
else
    echo "CLI import had committed before the kill: all of it stored"
fi
sql "DELETE FROM lot WHERE id LIKE 'c%'" >/dev/null
before=$(sql "SELECT count(*) FROM lot")
rc=0
"$MF" --db "$DB" import "$T/lots-cli.csv" >/dev/null 2>&1 || rc=$?
[ $rc -le 1 ] || fail "the CLI import again: exit status $rc" # 1: with notes
check "CLI import again: all of it" $((before + N)) "$(sql "SELECT count(*) FROM lot")"
finish pg.kill
