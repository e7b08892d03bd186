#!/bin/bash
# run.sh - the benchmarks of masseflyt, printed as tables with ratios to
# peers measured in the same run. Not a test: nothing here fails a build.
#
#   bench/run.sh                 import benchmark + planner at XS S M L
#   SIZES="XS S M L XL national" bench/run.sh
#   PARTS="import" bench/run.sh  only one part (import, plan, peers)
#   RUNS=1 GLPK_TIMEOUT=120 ...  fewer runs, a shorter limit for GLPK
#
# 1. Import: a seeded register of LOTS lots (default 1 000 000) written as
#    a Norwegian spreadsheet would (semicolons, decimal commas, UTM 33
#    coordinates), imported with validation and coordinate transforms into
#    a fresh SQLite database; lots per second and peak memory.
# 2. Planner end to end (plan_bench): a synthetic region of each size is
#    generated, built into the time-expanded network and solved (business
#    as usual, then the plan warm-started, with lazy arc pricing so the
#    plan is optimal over every allowed arc).
# 3. Solvers on one network: the k = 30 candidate network of each size
#    (the family optimization.md measured) is exported as DIMACS and solved
#    by masseflyt's network simplex, LEMON 1.3 NetworkSimplex and
#    CostScaling, GLPK and Clp (bench/peers.sh), which must all agree on
#    the optimum to the unit.
set -u
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
SIZES=${SIZES:-"XS S M L"}
PARTS=${PARTS:-"import plan peers"}
LOTS=${LOTS:-1000000}
build=${BUILD:-$root/build-bench}
out=${OUT:-$root/bench/out}
export MASSEFLYT_DATA=$root/data

"$root/scripts/install-deps" --test
cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DMF_TESTS=OFF >/dev/null
cmake --build "$build" >/dev/null || exit 1
mkdir -p "$out"
has() { case " $PARTS " in *" $1 "*) return 0 ;; esac; return 1; }

if has import; then
    echo "== Import: $LOTS lots"
    d=$out/import
    rm -rf "$d" && mkdir -p "$d"
    "$build/bench/plan_bench" --lots-csv "$LOTS" "$d" --seed 1
    "$build/masseflyt" --db "$d/bench.db" init >/dev/null
    /usr/bin/time -f "%e %M" -o "$d/time" "$build/masseflyt" -q \
        --db "$d/bench.db" import "$d/orgs.csv" "$d/projects.csv" \
        "$d/lots.csv" >"$d/out" 2>"$d/err"
    status=$?
    read -r secs kb <"$d/time"
    cat "$d/out"
    awk -v n="$LOTS" -v s="$secs" -v kb="$kb" -v st="$status" \
        -v mb="$(du -m "$d/lots.csv" | cut -f1)" 'BEGIN {
        printf "%d lots (%d MB of CSV) in %.2f s: %.0f lots/s, peak %.0f MB" \
               " (exit %d)\n", n, mb, s, n / s, kb / 1024, st }'
    echo
fi

if has plan; then
    echo "== Planner end to end (lazy pricing, warm start)"
    printf "%-9s %6s %6s %5s %5s %9s %10s %8s %8s %8s %6s %9s %8s\n" \
        size supply demand sites weeks nodes arcs build_s solve_s \
        total_s rounds pivots peak_MB
    for s in $SIZES; do
        "$build/bench/plan_bench" "$s" 2>/dev/null |
            awk '{ printf "%-9s %6s %6s %5s %5s %9s %10s %8s %8s %8s %6s %9s %8s\n",
                   $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $14 }'
    done
    echo
fi

if has peers; then
    echo "== One network, every solver: the k = 30 candidate networks"
    files=""
    for s in $SIZES; do
        f=$out/$s-k30.min
        "$build/bench/plan_bench" "$s" --no-lazy --k 30 --dimacs "$f" \
            >/dev/null 2>&1 && files="$files $f"
    done
    # GLPK takes minutes where the others take seconds: it runs once per
    # file, with its own time limit, in a table of its own.
    # shellcheck disable=SC2086
    BIN=$build/bench SOLVERS="masseflyt lemon_ns lemon_cs clp" \
        "$here/peers.sh" $files
    echo
    # shellcheck disable=SC2086
    BIN=$build/bench RUNS=1 TIMEOUT=${GLPK_TIMEOUT:-300} \
        SOLVERS="masseflyt glpk" "$here/peers.sh" $files
fi
