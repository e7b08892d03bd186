#!/bin/bash
# run.sh - the benchmarks of masseflyt, printed as tables with ratios to
# peers measured in the same run. Not a test: nothing here fails a build.
#
#   bench/run.sh                 import benchmark + planner at XS S M L
#   SIZES="XS S M L XL national" bench/run.sh
#   PARTS="import" bench/run.sh  only one part (import, warm, plan, pairs,
#                                national, peers)
#   PAIRS=3 IMPORT_BASE=main     import pairs; the old path built from a
#   OLD_MF=path/masseflyt        git ref, or an old binary given
#   RUNS=1 GLPK_TIMEOUT=120 ...  fewer runs, a shorter limit for GLPK
#
# 1. Import: a seeded register of LOTS lots (default 1 000 000) written as
#    a Norwegian spreadsheet would (semicolons, decimal commas, UTM 33
#    coordinates), imported with validation and coordinate transforms into
#    a fresh SQLite database; lots per second (wall and CPU) and peak
#    memory, in pairs with the old path (IMPORT_BASE), and their ratio.
# 1b. Warm re-solves of the bundled scenarios (bench/warm.sh).
# 2. Planner end to end (plan_bench): a synthetic region of each size is
#    generated, built into the time-expanded network and solved (business
#    as usual, then the plan warm-started, with lazy arc pricing so the
#    plan is optimal over every allowed arc).
# 2b. masseflyt against LEMON NetworkSimplex in interleaved rounds
#    (bench/pairs.sh): three seeds per size, the k = 30 networks and the
#    planner's own final networks, at our block size and at LEMON's, solve
#    time and whole process, the per-round ratio's median and range.
# 2c. The national plan end to end (plan_bench national: 20,000 + 20,000
#    lots, 2,000 sites, 104 weeks), every allowed arc of the candidate
#    search in the network (--no-lazy --k 12), from a copy of data/ without
#    processing yields so that it is a network simplex solve, as warm.sh
#    and pairs.sh make: build, solve and total seconds, pivots, objective,
#    and the process's wall time, CPU and peak memory (/usr/bin/time).
#    NATIONAL_RUNS runs (default 1); a run takes minutes.
# 3. Solvers on one network: the k = 30 candidate network of each size
#    (the family optimization.md measured) is exported as DIMACS and solved
#    by masseflyt's network simplex, LEMON 1.3 NetworkSimplex and
#    CostScaling, GLPK and Clp (bench/peers.sh), which must all agree on
#    the optimum to the unit.
set -u
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
SIZES=${SIZES:-"XS S M L"}
PARTS=${PARTS:-"import warm plan pairs national peers"}
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
    echo "== Import: $LOTS lots, this build against the old path (pairs A B)"
    d=$out/import
    rm -rf "$d" && mkdir -p "$d"
    "$build/bench/plan_bench" --lots-csv "$LOTS" "$d" --seed 1
    # The old path: OLD_MF (a masseflyt binary), else the tree at
    # IMPORT_BASE (a git ref, default main) built beside this one.
    old=${OLD_MF:-}
    if [ -z "$old" ] && git -C "$root" rev-parse -q --verify \
        "${IMPORT_BASE:-main}^{commit}" >/dev/null; then
        rm -rf "$out/old-src" && mkdir -p "$out/old-src"
        git -C "$root" archive "${IMPORT_BASE:-main}" | tar -x -C "$out/old-src"
        cmake -S "$out/old-src" -B "$out/old-build" -G Ninja \
            -DCMAKE_BUILD_TYPE=RelWithDebInfo -DMF_TESTS=OFF >/dev/null &&
            cmake --build "$out/old-build" --target masseflyt-cli >/dev/null &&
            old=$out/old-build/masseflyt
    fi
    one() { # BINARY LABEL RUN
        rm -f "$d/bench.db"*
        "$1" --db "$d/bench.db" init >/dev/null
        /usr/bin/time -f "%e %U %S %M" -o "$d/time" "$1" -q \
            --db "$d/bench.db" import "$d/orgs.csv" "$d/projects.csv" \
            "$d/lots.csv" >"$d/out" 2>"$d/err"
        echo "$2 $3 $? $(cat "$d/time") $(cut -d' ' -f1 /proc/loadavg)" >>"$d/runs"
    }
    : >"$d/runs"
    for r in $(seq "${PAIRS:-3}"); do
        [ -n "$old" ] && one "$old" old "$r"
        one "$build/masseflyt" new "$r"
    done
    awk -v n="$LOTS" -v mb="$(du -m "$d/lots.csv" | cut -f1)" '
        { lab[NR] = $1; wall[NR] = $4; cpu[NR] = $5 + $6; kb[NR] = $7
          printf "%s run %d: %.2f s wall (%.0f lots/s), %.2f s CPU (%.0f lots per CPU s), peak %.0f MB, exit %d, load %s\n",
                 $1, $2, $4, n / $4, $5 + $6, n / ($5 + $6), $7 / 1024, $3, $8 }
        END {
            printf "%d lots, %d MB of CSV\n", n, mb
            for (i = 1; i < NR; i++) if (lab[i] == "old" && lab[i + 1] == "new") {
                k++; rw[k] = wall[i] / wall[i + 1]; rc[k] = cpu[i] / cpu[i + 1] }
            for (i = 1; i <= k; i++) for (j = i + 1; j <= k; j++) {
                if (rw[j] < rw[i]) { t = rw[i]; rw[i] = rw[j]; rw[j] = t }
                if (rc[j] < rc[i]) { t = rc[i]; rc[i] = rc[j]; rc[j] = t } }
            if (k) printf "old/new per pair: wall %.2f (%.2f-%.2f), CPU %.2f (%.2f-%.2f) over %d pairs\n",
                (k % 2) ? rw[(k + 1) / 2] : (rw[k / 2] + rw[k / 2 + 1]) / 2, rw[1], rw[k],
                (k % 2) ? rc[(k + 1) / 2] : (rc[k / 2] + rc[k / 2 + 1]) / 2, rc[1], rc[k], k
        }' "$d/runs"
    echo
fi

if has warm; then
    echo "== Scenario re-solves: warm from the base basis against cold"
    BIN=$build/bench "$here/warm.sh"
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

if has pairs; then
    echo "== masseflyt against LEMON NetworkSimplex, interleaved rounds"
    BIN=$build/bench SIZES="$SIZES" OUT=$out "$here/pairs.sh"
    echo
fi

if has national; then
    echo "== The national plan end to end (--no-lazy --k 12, no yields)"
    d=$out/national
    rm -rf "$d" && mkdir -p "$d"
    cp -r "$root/data" "$d/data"
    head -1 "$root/data/yields.csv" >"$d/data/yields.csv"
    printf "%-4s %9s %10s %8s %8s %8s %9s %15s %8s %8s %8s\n" run nodes \
        arcs build_s solve_s total_s pivots objective wall_s cpu_s peak_MB
    for r in $(seq "${NATIONAL_RUNS:-1}"); do
        /usr/bin/time -f "%e %U %S %M" -o "$d/time" \
            "$build/bench/plan_bench" national --data "$d/data" --no-lazy \
            --k 12 >"$d/line" 2>/dev/null || { echo "national: failed"; break; }
        read -r _ _ _ _ _ nodes arcs b s t _ piv obj _ <"$d/line"
        read -r wall user sys kb <"$d/time"
        awk -v r="$r" -v n="$nodes" -v a="$arcs" -v b="$b" -v s="$s" \
            -v t="$t" -v p="$piv" -v o="$obj" -v w="$wall" -v u="$user" \
            -v y="$sys" -v k="$kb" 'BEGIN {
            printf "%-4s %9s %10s %8s %8s %8s %9s %15s %8.1f %8.1f %8.0f\n",
                r, n, a, b, s, t, p, o, w, u + y, k / 1024 }'
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
