#!/bin/bash
# wrk.sh - the server under load: wrk on loopback against `masseflyt serve`,
# on the demo database and on one with LOTS (default 1 000 000) generated
# lots (plan_bench --lots-csv). Not a test: nothing here fails a build.
#
#   bench/wrk.sh                      both databases, 15 s per run
#   DURATION=60 DBS=big bench/wrk.sh  one database, longer runs (the
#                                     memory check: RSS before and after
#                                     each run is printed)
#   THREADS=2 CONNS=64 ...            the server's worker threads, and
#                                     wrk's connections (wrk uses 2 threads)
#   BUILD=build-dev                   an existing build folder
#   MF=/path/to/masseflyt             measure another build of the server
#   BIG_DB=/path/to/big.db            copy this database of generated lots
#                                     (made by an earlier run: keep a copy
#                                     of $out/big.db) instead of importing
#                                     them again; writes change the copy only
#   RUNS="bbox lot write login"       which runs, in this order (also:
#                                     bboxf, not run by default)
#
# For each database: builds it, adds an authority account and an
# administrator, starts the server on 127.0.0.1 (access log off), logs in,
# makes an API token for the administrator, warms the read model with one
# request, then runs bounded wrk runs of
#   bbox   GET /api/v1/lots?bbox=...&limit=100  (the map's read of an area)
#   bboxf  the same with a filter: &material=sprengstein (on request only)
#   lot    GET /api/v1/lots/{id}
#   write  POST /api/v1/lots of a new lot, then PUT of it with the ETag the
#          POST gave (If-Match): every request a distinct valid write, sent
#          with the token (bench/wrk-write.lua)
#   login  POST /api/v1/session (argon2id by design, and throttled)
# and prints requests/s, p50 and p99 latency, errors (socket errors and
# non-2xx answers), the server's resident memory before and after it, and
# the server's CPU time during the run (user + system) with the requests
# answered per CPU second: on a machine shared with other work, that
# figure moves less with the load than requests/s does.
set -u
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
LOTS=${LOTS:-1000000}
DURATION=${DURATION:-15}
CONNS=${CONNS:-64}
THREADS=${THREADS:-2}
DBS=${DBS:-"demo big"}
RUNS=${RUNS:-"bbox lot write login"}
build=$(cd "$root" && mkdir -p "${BUILD:-build-bench}" && cd "${BUILD:-build-bench}" && pwd)
out=${OUT:-$root/bench/out/wrk}
export MASSEFLYT_DATA=$root/data
PW='bench password 4 wrk runs'

command -v wrk >/dev/null || {
    echo "wrk is missing: scripts/install-deps --test" >&2
    exit 1
}
[ -f "$build/CMakeCache.txt" ] ||
    cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
        -DMF_TESTS=OFF >/dev/null
cmake --build "$build" >/dev/null || exit 1
mf=${MF:-$build/masseflyt} # MF=... measures another build of the server
mkdir -p "$out"

# make_db NAME: $out/NAME.db, and sets BBOX and LOT for it.
make_db() {
    local db=$out/$1.db
    rm -f "$db" "$db-wal" "$db-shm"
    if [ "$1" = big ] && [ -n "${BIG_DB:-}" ]; then
        cp "$BIG_DB" "$db" || exit 1
    else
        "$mf" --db "$db" init >/dev/null
    fi
    if [ "$1" = big ] && [ -n "${BIG_DB:-}" ]; then
        BBOX=10.70,59.90,10.80,59.95
        LOT=L500000
        PROJECT=p0
    elif [ "$1" = demo ]; then
        BBOX=10.4,59.7,11.2,60.2
        LOT=fornebu-leire
        PROJECT=fornebubanen
        "$mf" -q --db "$db" import data/demo/orgs.csv data/demo/projects.csv \
            data/demo/sites.csv data/demo/lots.csv >/dev/null 2>"$out/$1-import.err"
    else
        BBOX=10.70,59.90,10.80,59.95
        LOT=L500000
        PROJECT=p0
        mkdir -p "$out/gen"
        [ -s "$out/gen/lots.csv" ] ||
            "$build/bench/plan_bench" --lots-csv "$LOTS" "$out/gen" --seed 1 \
                >/dev/null || exit 1
        "$mf" -q --db "$db" import "$out/gen/orgs.csv" "$out/gen/projects.csv" \
            "$out/gen/lots.csv" >/dev/null 2>"$out/$1-import.err"
    fi
    # shellcheck disable=SC2181
    if [ $? -gt 1 ]; then # 1: imported, with notes under the rules
        echo "import into $db failed:" >&2
        tail -3 "$out/$1-import.err" >&2
        exit 1
    fi
    echo "$PW" | "$mf" --db "$db" user add --email bench@example.no \
        --name Bench --role authority >/dev/null
    echo "$PW" | "$mf" --db "$db" user add --email bench-admin@example.no \
        --name "Bench admin" --role administrator >/dev/null
}

rss_kb() { awk '/^VmRSS/ { print $2 }' "/proc/$1/status"; }
# The server's CPU time so far (user + system), in clock ticks.
cpu_ticks() { sed 's/.*) //' "/proc/$1/stat" | awk '{ print $12 + $13 }'; }
hz=$(getconf CLK_TCK)

# run NAME URL [LUA [AUTH]]: one wrk run, one line of results. AUTH is
# a header (default: the authority's session cookie).
run() {
    local name=$1 url=$2 lua=${3:-} auth=${4:-"Cookie: mf_session=$cookie"}
    local f=$out/$db-$1.txt r0 r1
    local args=(-t2 -c"$CONNS" -d"${DURATION}s" --latency)
    [ -n "$lua" ] && args+=(-s "$lua")
    r0=$(rss_kb $pid)
    c0=$(cpu_ticks $pid)
    wrk "${args[@]}" -H "$auth" "$base$url" >"$f" 2>&1
    r1=$(rss_kb $pid)
    c1=$(cpu_ticks $pid)
    awk -v name="$name" -v r0="$r0" -v r1="$r1" -v cpu="$((c1 - c0))" \
        -v hz="$hz" '
        /Requests\/sec/ { rps = $2 }
        $1 == "50%" { p50 = $2 }
        $1 == "99%" { p99 = $2 }
        /Socket errors/ { for (i = 4; i <= NF; i += 2) { sub(",", "", $i); err += $i } }
        /Non-2xx/ { non2xx = $NF }
        / requests in / { n = $1 }
        END { printf "%-6s %10s %9s %9s %7d %7d %8d %8d %7.2f %8.0f\n", name,
                     rps, p50, p99, err, non2xx, r0 / 1024, r1 / 1024,
                     cpu / hz, (cpu > 0 ? n / (cpu / hz) : 0) }' "$f"
}

cd "$root" || exit 1
for db in $DBS; do
    echo "== $db database ($(uptime | sed 's/.*load/load/'))"
    make_db "$db"
    "$mf" --db "$out/$db.db" serve --port 0 --threads "$THREADS" \
        --no-access-log 2>"$out/$db-server.log" &
    pid=$!
    i=0
    until grep -q 'listening on' "$out/$db-server.log"; do
        i=$((i + 1))
        if [ $i -gt 600 ] || ! kill -0 $pid 2>/dev/null; then
            cat "$out/$db-server.log" >&2
            exit 1
        fi
        sleep 0.1
    done
    base=$(sed -n 's#.*listening on \(http://[0-9.:]*\)/.*#\1#p' \
        "$out/$db-server.log")
    cookie=$(curl -s -D - -o /dev/null -H 'Content-Type: application/json' \
        -d "{\"email\":\"bench@example.no\",\"password\":\"$PW\"}" \
        "$base/api/v1/session" | sed -n 's/^Set-Cookie: mf_session=\([^;]*\).*/\1/p')
    [ -n "$cookie" ] || echo "login failed: reads run as the public" >&2
    # The administrator's token, for the writes.
    jar=$out/$db-admin.jar
    csrf=$(curl -s -c "$jar" -H 'Content-Type: application/json' \
        -d "{\"email\":\"bench-admin@example.no\",\"password\":\"$PW\"}" \
        "$base/api/v1/session" | sed -n 's/.*"csrf_token": *"\([^"]*\)".*/\1/p')
    token=$(curl -s -b "$jar" -H "X-CSRF-Token: $csrf" \
        -H 'Content-Type: application/json' -d '{"name":"wrk"}' \
        "$base/api/v1/tokens" | sed -n 's/.*"token": *"\([^"]*\)".*/\1/p')
    [ -n "$token" ] || echo "no API token: the write run will fail" >&2
    t0=$(date +%s.%N)
    curl -s -o /dev/null -H "Cookie: mf_session=$cookie" \
        "$base/api/v1/lots?bbox=$BBOX&limit=100"
    awk -v a="$t0" -v b="$(date +%s.%N)" \
        'BEGIN { printf "read model built on the first read: %.2f s\n", b - a }'
    printf "%-6s %10s %9s %9s %7s %7s %8s %8s %7s %8s\n" run req/s p50 p99 \
        errors non2xx "MB start" "MB end" "CPU s" "req/CPUs"
    cat >"$out/login.lua" <<LUA
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = '{"email":"bench@example.no","password":"$PW"}'
LUA
    for r in $RUNS; do
        case $r in
        bbox) run bbox "/api/v1/lots?bbox=$BBOX&limit=100" ;;
        bboxf) run bboxf "/api/v1/lots?bbox=$BBOX&limit=100&material=sprengstein" ;;
        lot) run lot "/api/v1/lots/$LOT" ;;
        write)
            WRK_PROJECT=$PROJECT WRK_RUN=$(date +%s) \
                run write /api/v1/lots "$here/wrk-write.lua" \
                "Authorization: Bearer $token"
            ;;
        login) run login /api/v1/session "$out/login.lua" ;;
        esac
    done
    echo "(login: argon2id, 64 MiB a hash; wrk's 2 s timeouts count as errors)"
    kill -TERM $pid
    wait $pid 2>/dev/null
    echo
done
