#!/bin/bash
# pg-import.sh - the import of one seeded lots file into SQLite and into
# PostgreSQL in the same run: lots per second, peak memory of masseflyt
# (/usr/bin/time -v), the CPU time of masseflyt and of the PostgreSQL
# server's processes (/proc; the wall times follow the
# machine's load), and the ratio PostgreSQL / SQLite. PostgreSQL runs
# in a throwaway cluster (tests/pg-cluster.sh: Unix socket, fsync off),
# so the figure is the program's and the server's work, not the disk's.
# Lots per CPU second (client and server together) is the figure to
# compare when the machine's load inflates the wall time. For
# PostgreSQL also the WAL the import wrote, and the CPU of the
# VACUUM (ANALYZE) of the tables it wrote, right after it ("after"):
# the work autovacuum would do later, done and counted here so that it
# falls on no later run's import.
# Not a test: nothing here fails a build.
#
#   bench/pg-import.sh                 1 000 000 lots, two runs each
#   LOTS=200000 RUNS=1 bench/pg-import.sh
#   BUILD=build-dev bench/pg-import.sh use an existing build
#   OLD=/path/to/other/build bench/pg-import.sh   in each run, that
#       build's masseflyt imports into PostgreSQL too, just before this
#       one (interleaved pairs on the same cluster and files), and the
#       ratio of each pair is printed
#   PG=0 bench/pg-import.sh            the SQLite half only: no cluster
#       is started (OLD is then not used)
set -u
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
LOTS=${LOTS:-1000000}
PG=${PG:-1}
RUNS=${RUNS:-2}
build=${BUILD:-$root/build-bench}
out=${OUT:-$root/bench/out}/pg-import
export MASSEFLYT_DATA=$root/data
case $build in /*) ;; *) build=$root/$build ;; esac

if [ ! -x "$build/masseflyt" ] || [ ! -x "$build/bench/plan_bench" ]; then
    cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
        -DMF_TESTS=OFF -DMF_BENCH=ON >/dev/null
    cmake --build "$build" >/dev/null || exit 1
fi
mf=$build/masseflyt
old=${OLD:-}
case $old in "" | /*) ;; *) old=$root/$old ;; esac
if [ -n "$old" ] && [ ! -x "$old/masseflyt" ]; then
    echo "pg-import.sh: no $old/masseflyt" >&2
    exit 1
fi
rm -rf "$out" && mkdir -p "$out"
chmod 755 "$out"
"$build/bench/plan_bench" --lots-csv "$LOTS" "$out" --seed 1 >/dev/null ||
    exit 1
state=$out/cluster
if [ "$PG" != 0 ]; then
    sh "$root/tests/pg-cluster.sh" start "$state" || exit 1
    trap 'sh "$root/tests/pg-cluster.sh" stop "$state"' EXIT
fi

# The CPU time (clock ticks) of the cluster's processes so far: the
# postmaster with the backends it has reaped, and those still running.
server_ticks() {
    if [ "$PG" = 0 ]; then
        echo 0
        return
    fi
    pm=$(head -1 "$(cat "$state")/data/postmaster.pid")
    t=$(awk '{ print $14 + $15 + $16 + $17 }' "/proc/$pm/stat")
    for c in $(cat /proc/"$pm"/task/*/children); do
        t=$((t + $(awk '{ print $14 + $15 }' "/proc/$c/stat" 2>/dev/null ||
            echo 0)))
    done
    echo "$t"
}

# sql DB STATEMENT: one value from the cluster's database DB.
sql() {
    sh "$root/tests/pg-cluster.sh" run "$state" psql -X -At -d "$1" -c "$2"
}

# run NAME DSN [MF]: one import into a new registry (by MF, else this
# build's masseflyt); prints "NAME secs kb client_cpu server_cpu wal_mb
# after_cpu" (server CPU, WAL and after only for PostgreSQL).
run() {
    case $1 in postgresql*) lsn=$(sql postgres "SELECT pg_current_wal_lsn()") ;; esac
    t0=$(server_ticks)
    /usr/bin/time -v -o "$out/time" "${3:-$mf}" -q --db "$2" import \
        "$out/orgs.csv" "$out/projects.csv" "$out/lots.csv" \
        >"$out/$1.out" 2>"$out/$1.err"
    st=$?
    sleep 1 # the backend ends after the client
    t1=$(server_ticks)
    wal=0 t2=$t1 t3=$t1
    case $1 in
    postgresql*)
        wal=$(sql postgres "SELECT pg_wal_lsn_diff(pg_current_wal_lsn(), '$lsn') / 1048576")
        db=${2#postgresql://postgres@/}
        db=${db%%\?*}
        t2=$(server_ticks)
        sql "$db" "VACUUM (ANALYZE) org, project, site, lot" >/dev/null
        sleep 1
        t3=$(server_ticks)
        ;;
    *) t1=$t0 ;;
    esac
    cpu=$(awk -F': ' '/User time|System time/ { s += $2 } END { print s }' \
        "$out/time")
    secs=$(awk -F': ' '/Elapsed \(wall clock\)/ {
        n = split($2, p, ":"); s = 0
        for (i = 1; i <= n; i++) s = s * 60 + p[i]; print s }' "$out/time")
    kb=$(awk -F': ' '/Maximum resident/ { print $2 }' "$out/time")
    if [ "$st" != 0 ]; then
        echo "$1: exit $st" >&2
        cat "$out/$1.err" >&2
    fi
    echo "$1 $secs $kb $cpu $(awk -v d=$((t1 - t0)) -v a=$((t3 - t2)) \
        -v hz="$(getconf CLK_TCK)" -v w="$wal" \
        'BEGIN { print d / hz, w, a / hz }')"
}

if [ "$PG" = 0 ]; then
    echo "== Import of $LOTS lots: SQLite ($RUNS runs)"
    old=
else
    echo "== Import of $LOTS lots: SQLite and PostgreSQL ($RUNS runs each)"
fi
for r in $(seq "$RUNS"); do
    rm -f "$out/bench.db"
    "$mf" --db "$out/bench.db" init >/dev/null || exit 1
    run sqlite "$out/bench.db" >>"$out/results"
    [ "$PG" = 0 ] && continue
    for which in ${old:+old} new; do
        db=mfbench_${which}_$r
        m=$mf
        [ "$which" = old ] && m=$old/masseflyt
        sh "$root/tests/pg-cluster.sh" run "$state" sh -c \
            "psql -q -d postgres -c 'CREATE DATABASE $db' &&
             \"$m\" --db \"postgresql://postgres@/$db?host=\$PGHOST\" init >/dev/null &&
             echo \"postgresql://postgres@/$db?host=\$PGHOST\" >\"$out/dsn\"" ||
            exit 1
        name=postgresql
        [ "$which" = old ] && name=postgresql-old
        run "$name" "$(cat "$out/dsn")" "$m" >>"$out/results"
    done
done
awk -v n="$LOTS" '{
        printf "%-14s %7.2f s  %9.0f lots/s  peak %5.0f MB  CPU client %6.2f s, server %6.2f s  %7.0f lots per CPU s",
               $1, $2, n / $2, $3 / 1024, $4, $5, n / ($4 + $5)
        if ($1 ~ /^postgresql/)
            printf "  WAL %4.0f MB, after %5.2f s", $6, $7
        printf "\n"
        t[$1] += $2; c[$1]++
        if ($1 == "postgresql-old") { ow = $2; oc = $4 + $5 }
        else if ($1 == "postgresql" && ow) {
            printf "  pair: old/new wall %.2f, old/new CPU %.2f\n", ow / $2,
                   oc / ($4 + $5); ow = 0 } }
    END {
        if (c["sqlite"] && c["postgresql"])
            printf "PostgreSQL / SQLite lots/s (mean time): %.2f\n",
                   (t["sqlite"] / c["sqlite"]) / (t["postgresql"] / c["postgresql"])
    }' "$out/results"
