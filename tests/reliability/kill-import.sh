#!/bin/sh
# kill-import.sh MASSEFLYT - an import killed with SIGKILL at seeded random
# moments leaves the database whole, with all of the import or none of it,
# and the import run again afterwards succeeds.
#
# The lots file (30,000 lots on the demo region's projects) is made here.
# Kill times are spread over the length of one measured import, from a
# seeded generator (SEED, default 1), so a failure can be replayed.
set -eu
mf=$1
rounds=${ROUNDS:-15}
seed=${SEED:-1}
n=30000
data=${MASSEFLYT_DATA:?MASSEFLYT_DATA must name the data folder}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$tmp"

awk -v n=$n 'BEGIN {
    print "id;kind;project;site;material;quantity;unit;from;to;condition_class;acid_test"
    for (i = 0; i < n; i++)
        printf "k%06d;supply;fornebubanen;fornebu-stasjon;sprengstein;%d;pfm3;2025-01-01;2025-12-31;1;negative\n", i, 1000 + i % 5000
}' > lots.csv
"$mf" -q --db base.db init >/dev/null
"$mf" -q --db base.db import "$data"/demo/orgs.csv "$data"/demo/projects.csv \
    "$data"/demo/sites.csv >/dev/null
before=$(sqlite3 base.db "SELECT count(*) FROM lot")

# How long one whole import takes here.
cp base.db t.db
start=$(date +%s%N)
"$mf" -q --db t.db import lots.csv >/dev/null
ns=$(( $(date +%s%N) - start ))
ms=$(( ns / 1000000 ))
[ "$ms" -gt 10 ] || ms=10

none=0 all=0
i=1
while [ $i -le "$rounds" ]; do
    rm -f t.db t.db-wal t.db-shm
    cp base.db t.db
    # A kill time in [0, 1.1 x the import's length), from the seed.
    delay=$(awk -v s=$((seed * 1000 + i)) -v ms=$ms \
        'BEGIN { srand(s); printf "%.3f", rand() * ms * 1.1 / 1000 }')
    "$mf" -q --db t.db import lots.csv >/dev/null 2>&1 &
    pid=$!
    sleep "$delay"
    kill -9 $pid 2>/dev/null || true
    wait $pid 2>/dev/null || true
    check=$(sqlite3 t.db "PRAGMA integrity_check")
    if [ "$check" != "ok" ]; then
        echo "round $i (kill after ${delay}s): integrity_check says: $check"
        exit 1
    fi
    count=$(sqlite3 t.db "SELECT count(*) FROM lot")
    if [ "$count" = "$before" ]; then
        none=$((none + 1))
    elif [ "$count" = $((before + n)) ]; then
        all=$((all + 1))
    else
        echo "round $i (kill after ${delay}s): $count lots, neither $before nor $((before + n))"
        exit 1
    fi
    # The import run again after the kill completes.
    "$mf" -q --db t.db import lots.csv >/dev/null
    count=$(sqlite3 t.db "SELECT count(*) FROM lot")
    if [ "$count" != $((before + n)) ]; then
        echo "round $i: the import run again gave $count lots"
        exit 1
    fi
    i=$((i + 1))
done
echo "$rounds kills during a $n-lot import (${ms} ms): $none left nothing, $all left all of it; every rerun completed"
