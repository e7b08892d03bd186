#!/bin/bash
# workers.sh - reads per second against `masseflyt serve --workers N` on
# PostgreSQL (a throwaway cluster, tests/pg-cluster.sh) and on SQLite, with
# 1 and 2 worker processes, on the demo registry. Not a test: nothing here
# fails a build. Each line gives requests/s, p50 and p99 (wrk --latency),
# the CPU time the server's processes (parent and workers) and, on
# PostgreSQL, the database's backends for this database used during the
# run, the requests answered per CPU second of the server alone and of
# server and database together, and the load average of the machine when
# the run ended (other work on the machine shares its cores: requests per
# CPU second stay meaningful when requests per second do not).
#
#   bench/workers.sh                      15 s per run, 64 connections
#   DURATION=30 CONNS=128 bench/workers.sh
#   WORKERS="1 2 4" STORES="pg" bench/workers.sh
#   BUILD=build-dev                       an existing build folder
#   URLS="/api/v1/lots/fornebu-leire"     the reads (default: one lot and
#                                         the map's bbox read)
#   WRK_THREADS=1                         wrk's threads (default 2)
#   THREADS=1                             the server's threads per worker
#                                         (default 2)
#   WRK_CPUS=1 SERVER_CPUS=0              pin wrk and the server (taskset -c
#                                         lists; the database is not pinned)
#   ROUNDS=3                              repeat every run, interleaved
#   RUNS="old|/tmp/old/masseflyt|;shared|build-dev/masseflyt|--fresh shared"
#       programs to compare, ';'-separated, each LABEL|PROGRAM|SERVE ARGS,
#       run in turn (A B A B ...) within each round; default: the build's
#       program with its default settings.
# Every server runs without an access log. wrk's own CPU time is printed
# too: on 2 cores it takes much of one, which the server then lacks.
set -u
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
DURATION=${DURATION:-15}
CONNS=${CONNS:-64}
WORKERS=${WORKERS:-"1 2"}
STORES=${STORES:-"sqlite pg"}
URLS=${URLS:-"/api/v1/lots/fornebu-leire /api/v1/lots?bbox=10.4,59.7,11.2,60.2&limit=100"}
WRK_THREADS=${WRK_THREADS:-2}
THREADS=${THREADS:-2}
ROUNDS=${ROUNDS:-1}
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
RUNS=${RUNS:-"this|$mf|"}
mkdir -p "$out"
state=$out/pg-cluster.state
server=""
host=""
hz=$(getconf CLK_TCK)

stop_all() {
    [ -n "$server" ] && kill -TERM "$server" 2>/dev/null && wait "$server" 2>/dev/null
    server=""
    sh "$root/tests/pg-cluster.sh" stop "$state" 2>/dev/null || true
}
trap stop_all EXIT INT TERM

# pin CPUS COMMAND...: the command under taskset when CPUS is set.
pin() {
    local cpus=$1
    shift
    if [ -n "$cpus" ]; then
        taskset -c "$cpus" "$@"
    else
        "$@"
    fi
}

# import DB: the demo registry.
import() {
    "$mf" --db "$1" init >/dev/null &&
        (cd "$root" && "$mf" -q --db "$1" import data/demo/orgs.csv \
            data/demo/projects.csv data/demo/sites.csv data/demo/lots.csv \
            >/dev/null 2>"$out/import.err")
}

# ticks PID...: their CPU time so far (user + system), in clock ticks.
ticks() {
    local p t=0 v
    for p in "$@"; do
        v=$(sed 's/.*) //' "/proc/$p/stat" 2>/dev/null | awk '{ print $12 + $13 }')
        t=$((t + ${v:-0}))
    done
    echo "$t"
}
# The server's processes: the parent and its workers.
server_pids() { echo "$server $(pgrep -P "$server" | tr '\n' ' ')"; }
# The database's backends serving mfbench (PostgreSQL), else none.
db_pids() {
    [ -n "$host" ] || return 0
    psql -qAt -h "$host" -U postgres -d postgres \
        -c "SELECT pid FROM pg_stat_activity WHERE datname = 'mfbench'" | tr '\n' ' '
}

# bench STORE DB N LABEL PROGRAM ARGS: one server with N workers, one wrk
# run per URL.
bench() {
    local store=$1 db=$2 n=$3 label=$4 prog=$5 args=$6 base url f
    local sp dp s0 s1 d0 d1
    : >"$out/err.log"
    local pre=()
    [ -n "${SERVER_CPUS:-}" ] && pre=(taskset -c "$SERVER_CPUS")
    # taskset execs the program: $! is the server's pid.
    # shellcheck disable=SC2086 # ARGS are words
    "${pre[@]}" "$prog" --db "$db" serve --port 0 --static none \
        --no-access-log --workers "$n" --threads "$THREADS" $args 2>"$out/err.log" &
    server=$!
    for _ in $(seq 100); do
        grep -q 'listening on' "$out/err.log" && break
        sleep 0.1
    done
    base=$(sed -n 's#.*listening on \(http://[0-9.:]*\)/.*#\1#p' "$out/err.log")
    [ -n "$base" ] || {
        echo "$label: the server did not start:" >&2
        cat "$out/err.log" >&2
        exit 1
    }
    for url in $URLS; do
        # The read model is built on every worker.
        for _ in 1 2 3 4 5 6 7 8; do curl -s -o /dev/null "$base$url"; done
        f=$out/wrk.$store.$n.$label
        sp=$(server_pids)
        dp=$(db_pids)
        # shellcheck disable=SC2086 # lists of pids
        s0=$(ticks $sp) d0=$(ticks $dp)
        pin "${WRK_CPUS:-}" /usr/bin/time -f "wrk-cpu %U %S" -o "$f.time" \
            wrk -t "$WRK_THREADS" -c "$CONNS" -d "${DURATION}s" \
            --latency "$base$url" >"$f" 2>&1
        # shellcheck disable=SC2086
        s1=$(ticks $sp) d1=$(ticks $dp)
        awk -v store="$store" -v n="$n" -v url="$url" -v label="$label" \
            -v scpu="$((s1 - s0))" -v dcpu="$((d1 - d0))" -v hz="$hz" \
            -v load="$(cut -d' ' -f1-3 /proc/loadavg)" \
            -v wcpu="$(awk '/^wrk-cpu/ { print $2 + $3 }' "$f.time")" '
            /Requests\/sec/ { rps = $2 }
            / requests in / { reqs = $1 }
            $1 == "50%" { p50 = $2 }
            $1 == "99%" { p99 = $2 }
            /Non-2xx/ { bad = $NF }
            END {
                s = scpu / hz; d = dcpu / hz
                fmt = "%-6s %-8s w=%s %-44s %7.0f req/s p50 %-7s p99 %-7s"
                fmt = fmt " cpu srv %5.1fs db %5.1fs  req/cpu-s srv %6.0f"
                fmt = fmt " all %6.0f  wrk %4.1fs  non-2xx %s  load %s\n"
                printf fmt, store, label, n, substr(url, 1, 44), rps, p50, p99, s, d,
                    (s > 0 ? reqs / s : 0), (s + d > 0 ? reqs / (s + d) : 0),
                    wcpu, bad ? bad : 0, load }' "$f"
    done
    kill -TERM "$server"
    wait "$server" 2>/dev/null
    server=""
}

for store in $STORES; do
    host=""
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
    for _ in $(seq "$ROUNDS"); do
        for n in $WORKERS; do
            IFS=';' read -ra runs <<<"$RUNS"
            for r in "${runs[@]}"; do
                IFS='|' read -r label prog args <<<"$r"
                [ "${prog#/}" = "$prog" ] && prog=$root/$prog
                bench "$store" "$dsn" "$n" "$label" "$prog" "$args"
            done
        done
    done
    [ "$store" = pg ] && sh "$root/tests/pg-cluster.sh" stop "$state"
done
