#!/bin/bash
# workers.sh - reads per second against `masseflyt serve --workers N` on
# PostgreSQL (a throwaway cluster, tests/pg-cluster.sh) and on SQLite, with
# 1 and 2 worker processes, on the demo registry. Not a test: nothing here
# fails a build. Each line gives requests/s, p50 and p99 (wrk --latency)
# and the load average of the machine when the run ended (other work on
# the machine shares its cores).
#
#   bench/workers.sh                      15 s per run, 64 connections
#   DURATION=30 CONNS=128 bench/workers.sh
#   WORKERS="1 2 4" STORES="pg" bench/workers.sh
#   BUILD=build-dev                       an existing build folder
#   URLS="/api/v1/lots/fornebu-leire"     the reads (default: one lot and
#                                         the map's bbox read)
# Every server runs with 2 threads per worker and no access log.
set -u
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
DURATION=${DURATION:-15}
CONNS=${CONNS:-64}
WORKERS=${WORKERS:-"1 2"}
STORES=${STORES:-"sqlite pg"}
URLS=${URLS:-"/api/v1/lots/fornebu-leire /api/v1/lots?bbox=10.4,59.7,11.2,60.2&limit=100"}
build=$(cd "$root" && mkdir -p "${BUILD:-build-bench}" && cd "${BUILD:-build-bench}" && pwd)
out=${OUT:-$root/bench/out/workers}
export MASSEFLYT_DATA=$root/data

command -v wrk >/dev/null || {
    echo "wrk is missing: scripts/install-deps --test" >&2
    exit 1
}
[ -f "$build/CMakeCache.txt" ] ||
    cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
        -DMF_TESTS=OFF >/dev/null
cmake --build "$build" >/dev/null || exit 1
mf=${MF:-$build/masseflyt}
mkdir -p "$out"
state=$out/pg-cluster.state
server=""

stop_all() {
    [ -n "$server" ] && kill -TERM "$server" 2>/dev/null && wait "$server" 2>/dev/null
    server=""
    sh "$root/tests/pg-cluster.sh" stop "$state" 2>/dev/null || true
}
trap stop_all EXIT INT TERM

# import DB: the demo registry.
import() {
    "$mf" --db "$1" init >/dev/null &&
        (cd "$root" && "$mf" -q --db "$1" import data/demo/orgs.csv \
            data/demo/projects.csv data/demo/sites.csv data/demo/lots.csv \
            >/dev/null 2>"$out/import.err")
}

# bench STORE DB N: one server with N workers, one wrk run per URL.
bench() {
    local store=$1 db=$2 n=$3 base url f
    : >"$out/err.log"
    "$mf" --db "$db" serve --port 0 --static none --no-access-log \
        --workers "$n" --threads 2 2>"$out/err.log" &
    server=$!
    for _ in $(seq 100); do
        grep -q 'listening on' "$out/err.log" && break
        sleep 0.1
    done
    base=$(sed -n 's#.*listening on \(http://[0-9.:]*\)/.*#\1#p' "$out/err.log")
    for url in $URLS; do
        curl -s -o /dev/null "$base$url" # the read model is built
        f=$out/wrk.$store.$n
        wrk -t 2 -c "$CONNS" -d "${DURATION}s" --latency "$base$url" >"$f" 2>&1
        awk -v store="$store" -v n="$n" -v url="$url" \
            -v load="$(cut -d' ' -f1-3 /proc/loadavg)" '
            /Requests\/sec/ { rps = $2 }
            $1 == "50%" { p50 = $2 }
            $1 == "99%" { p99 = $2 }
            /Non-2xx/ { bad = $NF }
            END { printf "%-6s workers=%s %-52s %9.0f req/s  p50 %-8s p99 %-8s non-2xx %s  load %s\n",
                store, n, url, rps, p50, p99, bad ? bad : 0, load }' "$f"
    done
    kill -TERM "$server"
    wait "$server" 2>/dev/null
    server=""
}

for store in $STORES; do
    if [ "$store" = pg ]; then
        sh "$root/tests/pg-cluster.sh" start "$state" || exit 1
        host=$(cat "$state")
        dsn="postgresql://postgres@/mfbench?host=$host"
        psql -q -h "$host" -U postgres -d postgres -c "CREATE DATABASE mfbench" || exit 1
    else
        dsn=$out/bench.db
        rm -f "$dsn" "$dsn-wal" "$dsn-shm"
    fi
    import "$dsn" || { cat "$out/import.err" >&2; exit 1; }
    for n in $WORKERS; do
        bench "$store" "$dsn" "$n"
    done
    [ "$store" = pg ] && sh "$root/tests/pg-cluster.sh" stop "$state"
done
