#!/bin/bash
# custody-import.sh - the ticket import of issue 11, reproducibly: seeded
# tickets of the scaled demo region (custody_bench --csv, no faults)
# written as one weighbridge export, imported with `masseflyt custody
# import --timing` into a new database holding the demo registry, under
# /usr/bin/time: tickets a second by wall time and by CPU time (the
# client's; for PostgreSQL also the server's), the store phase's CPU as
# --timing reports it, and the peak memory of masseflyt. PostgreSQL runs
# in the throwaway cluster of the tests (tests/pg-cluster.sh: Unix
# socket, fsync off). Not a test: nothing here fails a build. On SQLite
# a load of 200,000 tickets or more into this new database runs in the
# rollback journal (nothing else has it open; docs/CUSTODY.md).
#
#   bench/custody-import.sh                  10 000 000 tickets, SQLite and
#                                            PostgreSQL, one run each
#   TICKETS=200000 RUNS=3 bench/custody-import.sh
#   PG=0 bench/custody-import.sh             SQLite only
#   BUILD=build-dev bench/custody-import.sh  use an existing build
#   MF=path/to/masseflyt ...                 time another binary (the file
#                                            and the demo stay the same)
# The file is kept (bench/out/custody-import/tickets-N.csv) and made
# again only when missing: the same seed gives the same file.
set -u
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
TICKETS=${TICKETS:-10000000}
RUNS=${RUNS:-1}
PG=${PG:-1}
SEED=${SEED:-1}
build=${BUILD:-$root/build-bench}
out=${OUT:-$root/bench/out}/custody-import
export MASSEFLYT_DATA=$root/data
case $build in /*) ;; *) build=$root/$build ;; esac

if [ ! -x "$build/masseflyt" ] || [ ! -x "$build/bench/custody_bench" ]; then
    cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
        -DMF_TESTS=OFF -DMF_BENCH=ON >/dev/null
    nice cmake --build "$build" -j2 >/dev/null || exit 1
fi
mf=${MF:-$build/masseflyt}
mkdir -p "$out" && chmod 755 "$out"
csv=$out/tickets-$TICKETS-s$SEED.csv
if [ ! -s "$csv" ]; then
    echo "== Writing $TICKETS seeded tickets to $csv"
    nice -n 19 "$build/bench/custody_bench" -n "$TICKETS" -s "$SEED" -f 0 \
        --csv "$csv.part" || exit 1
    mv "$csv.part" "$csv"
fi
rows=$(($(wc -l <"$csv") - 1))
demo=$root/data/demo
rm -f "$out/results"

# A new database with the demo registry: demo ARGS... (the --db option).
demo() {
    "$mf" -q "$@" init >"$out/demo.log" 2>&1 &&
        "$mf" -q "$@" import "$demo/orgs.csv" "$demo/projects.csv" \
            "$demo/sites.csv" "$demo/lots.csv" >>"$out/demo.log" 2>&1 ||
        { cat "$out/demo.log" >&2; return 1; }
}

# The CPU time (clock ticks) of the cluster's processes so far: the
# postmaster with the backends it has reaped, and those still running.
server_ticks() {
    [ -n "${state:-}" ] && [ -f "${state:-}" ] || { echo 0; return; }
    pm=$(head -1 "$(cat "$state")/data/postmaster.pid")
    t=$(awk '{ print $14 + $15 + $16 + $17 }' "/proc/$pm/stat")
    for c in $(cat /proc/"$pm"/task/*/children); do
        t=$((t + $(awk '{ print $14 + $15 }' "/proc/$c/stat" 2>/dev/null ||
            echo 0)))
    done
    echo "$t"
}

# run NAME DSN: one import; appends "NAME wall user sys kb store server".
run() {
    t0=$(server_ticks)
    /usr/bin/time -f "%e %U %S %M" -o "$out/time" "$mf" --db "$2" custody \
        import --timing "$csv" >"$out/$1.out" 2>"$out/$1.err"
    st=$?
    sleep 1 # the backend ends after the client
    t1=$(server_ticks)
    if [ "$st" != 0 ]; then
        echo "$1: exit $st" >&2
        head -20 "$out/$1.err" >&2
        return 1
    fi
    # --timing: "N tickets stored in S s of CPU time" (or "lagret på").
    store=$(grep -oE '(in|på) [0-9.]+ s' "$out/$1.err" | head -1 |
        tr -dc '0-9.')
    echo "$1 $(cat "$out/time") ${store:-0} $(awk -v d=$((t1 - t0)) \
        -v hz="$(getconf CLK_TCK)" 'BEGIN { print d / hz }')" \
        >>"$out/results"
}

echo "== Import of $rows tickets ($csv), $RUNS run(s) each; load: $(uptime |
    sed 's/.*load average: //')"
if [ "$PG" != 0 ]; then
    state=$out/cluster
    sh "$root/tests/pg-cluster.sh" start "$state" || exit 1
    trap 'sh "$root/tests/pg-cluster.sh" stop "$state"' EXIT
fi
for r in $(seq "$RUNS"); do
    rm -f "$out/bench.db" "$out/bench.db-wal" "$out/bench.db-shm"
    demo --db "$out/bench.db" || exit 1
    run sqlite "$out/bench.db" || exit 1
    rm -f "$out/bench.db" "$out/bench.db-wal" "$out/bench.db-shm"
    [ "$PG" != 0 ] || continue
    db=mfcust_$r
    sh "$root/tests/pg-cluster.sh" run "$state" sh -c \
        "psql -q -d postgres -c 'DROP DATABASE IF EXISTS $db' &&
         psql -q -d postgres -c 'CREATE DATABASE $db' &&
         echo \"postgresql://postgres@/$db?host=\$PGHOST\" >\"$out/dsn\"" ||
        exit 1
    demo --db "$(cat "$out/dsn")" || exit 1
    run postgresql "$(cat "$out/dsn")" || exit 1
done
awk -v n="$rows" '{
        cpu = $3 + $4
        printf "%-10s %7.2f s wall %9.0f tickets/s | CPU %6.2f s (%5.2f user %5.2f sys) %9.0f tickets/s | store CPU %6.2f s %9.0f tickets/s | peak %5.0f MB",
               $1, $2, n / $2, cpu, $3, $4, n / cpu, $6, ($6 > 0 ? n / $6 : 0), $5 / 1024
        if ($1 == "postgresql")
            printf " | server CPU %6.2f s", $7
        printf "\n" }' "$out/results"
