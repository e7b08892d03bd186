#!/bin/sh
# kill-custody-import.sh MASSEFLYT - a ticket import large enough to run in
# SQLite's rollback journal (at least 200,000 tickets: store_sqlite.c,
# bulk_journal), killed with SIGKILL at seeded random moments, when its
# journal is first seen (during the load) and when the journal is gone
# again (after the commit): the next open sees all of the import or none
# of it, a whole database, and WAL mode again; the import run again
# afterwards succeeds. A database left in DELETE mode by a kill between
# the commit and the switch back (made here with sqlite3) is switched to
# WAL by the next open. A server running when the import starts keeps it
# in WAL and answers throughout; a server started while it runs in the
# rollback journal waits for its commit, then serves (docs/CUSTODY.md).
set -eu
mf=$1
rounds=${ROUNDS:-1}
seed=${SEED:-1}
n=220000
data=${MASSEFLYT_DATA:?MASSEFLYT_DATA must name the data folder}
src=${MF_SOURCE_DIR:?MF_SOURCE_DIR must name the source folder}
tmp=$(mktemp -d)
server=""
trap '[ -z "$server" ] || kill "$server" 2>/dev/null || true; rm -rf "$tmp"' EXIT
cd "$tmp"

{ head -1 "$src"/docs/examples/weighbridge.csv | tr -d '\r' | sed 's/$/;receipt/'
  awk -v n=$n 'BEGIN {
    for (i = 1; i <= n; i++)
        printf "K-%d;2026-01-01T08:00Z;fornebu-fjell;fornebu-stasjon;fornebu-felt8;910 000 012;EK 12345;sprengstein;30;t;Q-fornebu-fjell-2026-001;2026-01-01T09:00Z;29,8;;;K-%d/R\n", i, i }'
} > tickets.csv
"$mf" -q --db base.db init >/dev/null
"$mf" -q --db base.db import "$data"/demo/orgs.csv "$data"/demo/projects.csv \
    "$data"/demo/sites.csv "$data"/demo/lots.csv >/dev/null 2>&1

fresh() {
    rm -f t.db t.db-wal t.db-shm t.db-journal
    cp base.db t.db
}

# after WHAT: the next open (masseflyt's) finds a whole database in WAL
# mode holding none of the tickets or all of them; prints which.
after() {
    "$mf" -q --db t.db check-db >check.out 2>&1 ||
        { echo "$1: check-db failed:"; cat check.out; exit 1; }
    mode=$(sqlite3 t.db "PRAGMA journal_mode")
    [ "$mode" = wal ] || { echo "$1: journal_mode $mode after the next open"; exit 1; }
    [ ! -e t.db-journal ] || { echo "$1: a journal left after the next open"; exit 1; }
    count=$(sqlite3 t.db "SELECT count(*) FROM ticket")
    receipts=$(sqlite3 t.db "SELECT count(*) FROM receipt")
    if [ "$count" = 0 ] && [ "$receipts" = 0 ]; then
        echo none
    elif [ "$count" = $n ] && [ "$receipts" = $n ]; then
        echo all
    else
        echo "$1: $count tickets and $receipts receipts, neither 0 nor $n"
        exit 1
    fi
}

# rerun WHAT: the import run again completes (unless it was all stored).
rerun() {
    [ "$2" = all ] && return
    "$mf" -q --db t.db custody import tickets.csv >/dev/null
    [ "$(after "$1: the rerun")" = all ] ||
        { echo "$1: the import run again did not store every ticket"; exit 1; }
}

# wait_for COND: up to 60 s for the shell test COND (while the import runs).
wait_for() {
    i=0
    while ! eval "$1"; do
        i=$((i + 1))
        if [ $i -gt 6000 ] || ! kill -0 $pid 2>/dev/null; then
            return 1
        fi
        sleep 0.01
    done
}

# One whole import: its length, and the journal seen while it runs.
fresh
start=$(date +%s%N)
"$mf" -q --db t.db custody import tickets.csv >/dev/null &
pid=$!
wait_for '[ -e t.db-journal ]' ||
    { echo "the import never ran in the rollback journal"; exit 1; }
wait $pid
ms=$(( ($(date +%s%N) - start) / 1000000 ))
[ "$(after "the whole import")" = all ] ||
    { echo "the whole import did not store every ticket"; exit 1; }

# Killed when its journal is first seen: during the load.
fresh
"$mf" -q --db t.db custody import tickets.csv >/dev/null 2>&1 &
pid=$!
wait_for '[ -e t.db-journal ]' || { echo "no journal seen"; exit 1; }
kill -9 $pid
wait $pid 2>/dev/null || true
[ -e t.db-journal ] || { echo "killed during the load, but no journal left"; exit 1; }
got=$(after "killed during the load")
[ "$got" = none ] || { echo "killed during the load: $got"; exit 1; }
rerun "killed during the load" "$got"

# Killed as soon as the journal is gone again: the commit is done.
fresh
"$mf" -q --db t.db custody import tickets.csv >/dev/null 2>&1 &
pid=$!
wait_for '[ -e t.db-journal ]' || { echo "no journal seen"; exit 1; }
wait_for '[ ! -e t.db-journal ]' || true
kill -9 $pid 2>/dev/null || true
wait $pid 2>/dev/null || true
got=$(after "killed after the commit")
case $got in
none | all) ;;
*) echo "$got"; exit 1 ;;
esac

# What a kill between the commit and the switch back leaves: every
# ticket, the database in DELETE mode. The next open switches it to WAL.
rerun "killed after the commit" "$got"
[ "$(sqlite3 t.db "PRAGMA journal_mode=DELETE")" = delete ]
[ "$(after "left in DELETE mode")" = all ]

# Killed at seeded random moments over the import's length.
none=0 all=0
i=1
while [ $i -le "$rounds" ]; do
    fresh
    delay=$(awk -v s=$((seed * 1000 + i)) -v ms=$ms \
        'BEGIN { srand(s); printf "%.3f", rand() * ms * 1.1 / 1000 }')
    "$mf" -q --db t.db custody import tickets.csv >/dev/null 2>&1 &
    pid=$!
    sleep "$delay"
    kill -9 $pid 2>/dev/null || true
    wait $pid 2>/dev/null || true
    got=$(after "round $i (kill after ${delay}s)")
    case $got in
    none) none=$((none + 1)) ;;
    all) all=$((all + 1)) ;;
    *) echo "$got"; exit 1 ;;
    esac
    i=$((i + 1))
done

# serve: starts the server on t.db in the background ($server, $base).
serve() {
    : >serve.err
    "$mf" --db t.db serve --port 0 --openapi "$src"/docs/openapi.json \
        >access.log 2>serve.err &
    server=$!
}
# listening: waits for it to listen (up to 60 s), then sets $base.
listening() {
    i=0
    while ! grep -q 'listening on' serve.err; do
        i=$((i + 1))
        if [ $i -gt 1200 ] || ! kill -0 $server 2>/dev/null; then
            echo "$1: the server did not start:"
            cat serve.err
            exit 1
        fi
        sleep 0.05
    done
    base=$(sed -n 's#.*listening on \(http://[0-9.:]*\)/.*#\1#p' serve.err)
}
unserve() {
    kill -TERM $server
    wait $server || { echo "the server exited with status $?"; exit 1; }
    server=""
}

# A server running when the import starts keeps it in WAL: no journal
# is ever seen, and the server answers while the import runs.
fresh
serve
listening "a running server"
"$mf" -q --db t.db custody import tickets.csv >import.out 2>&1 &
pid=$!
journal=0 answers=0
while kill -0 $pid 2>/dev/null; do
    [ ! -e t.db-journal ] || journal=1
    status=$(curl -s -o /dev/null -w '%{http_code}' -m 5 "$base/api/v1/lots?limit=1")
    [ "$status" = 200 ] || { echo "a running server answered $status during the import"; exit 1; }
    answers=$((answers + 1))
    sleep 0.1
done
wait $pid || { echo "the import beside a running server failed:"; cat import.out; exit 1; }
[ $journal = 0 ] || { echo "the import beside a running server left WAL"; exit 1; }
unserve
[ "$(after "beside a running server")" = all ]

# A server started while the import runs in the rollback journal waits
# (its open, for the import's commit), then serves what was committed.
fresh
"$mf" -q --db t.db custody import tickets.csv >import.out 2>&1 &
pid=$!
wait_for '[ -e t.db-journal ]' || { echo "no journal seen"; exit 1; }
serve
# It cannot listen before the commit (the journal's deletion).
while kill -0 $pid 2>/dev/null; do
    if grep -q 'listening on' serve.err && [ -e t.db-journal ]; then
        echo "a server started during the import listened before its commit"
        exit 1
    fi
    sleep 0.05
done
wait $pid || { echo "the import beside a starting server failed:"; cat import.out; exit 1; }
listening "a server started during the import"
status=$(curl -s -o lots.json -w '%{http_code}' "$base/api/v1/lots?limit=1")
[ "$status" = 200 ] || { echo "the server answered $status"; exit 1; }
unserve
[ "$(after "beside a server")" = all ]

echo "an import of $n tickets (${ms} ms) in the rollback journal: killed during the load, after the commit and $rounds times at random ($none left nothing, $all all of it), each next open in WAL mode; a server started during it waited and served; beside a running server it stayed in WAL ($answers answers meanwhile)"
