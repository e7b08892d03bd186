#!/bin/bash
# warm.sh - scenario re-solves warm from the base plan's basis against cold
# solves of the same changed network, by masseflyt's network simplex and
# by LEMON's NetworkSimplex. Not a test.
#
#   BIN=build/bench bench/warm.sh              sizes M and L, 3 pairs each
#   SIZES="M L national" RUNS=5 bench/warm.sh
#   REUSE=1 bench/warm.sh                      networks of an earlier run
#   SIZES=national PERIOD=week SCENARIOS="tax haul" RUNS=1 bench/warm.sh
#                                              the weekly networks (below)
#   BASE=/path/to/other/build/bench bench/warm.sh
#                                              also that build's warm_bench,
#                                              in the same pairs (A B A B)
#
# For each size, plan_bench builds the base network and the network of
# each bundled scenario whose changes are costs or arcs (tax, co2,
# electric, haul, public; flex adds nodes and crushing/storage add sites:
# those are solved cold), with --no-lazy --k 12 so that every allowed arc
# of the candidate search is in the network, from a copy of data/ without
# processing yields (such networks go to the LP path, not to the network
# simplex). Like a scenario run, they take the planning period from the
# factors (a month); PERIOD=week builds weekly networks instead, as the
# national benchmark (plan_bench national --no-lazy --k 12) has them.
# warm_bench then alternates a cold solve and a warm re-solve
# RUNS times (process CPU seconds, the arc matching included in warm) and
# checks that both reach the same objective and that the warm optimum's
# certificate holds; lemon_ns solves the changed network cold RUNS times.
# The table gives medians, and the per-pair ratio's median and range;
# with BASE, two more columns: that build's warm time (median) and the
# per-pair ratio base warm / warm (median and range).
set -u
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
BIN=${BIN:-$root/build-bench/bench}
SIZES=${SIZES:-"M L"}
RUNS=${RUNS:-3}
SCENARIOS=${SCENARIOS:-"tax co2 electric haul public"}
PERIOD=${PERIOD:-}
out=${OUT:-$root/bench/out}/warm${PERIOD:+-$PERIOD}
mkdir -p "$out"
rm -rf "$out/data" && cp -r "$root/data" "$out/data"
head -1 "$root/data/yields.csv" >"$out/data/yields.csv"

printf "%-9s %-9s %7s %9s %9s %9s %9s %8s %13s %13s %s\n" size scenario \
    nodes arcs own_cold lemon warm pivots "own/warm" "lemon/warm" optimum
[ -n "${BASE:-}" ] && echo "(then: base warm, base warm / warm)"
for z in $SIZES; do
    net() {
        [ "${REUSE:-0}" = 1 ] && [ -s "$out/$z-$1.min" ] && return 0
        "$BIN/plan_bench" "$z" --data "$out/data" --no-lazy --k 12 \
            --scenario "$root/data/demo/scenarios" "$1" \
            ${PERIOD:+--period "$PERIOD"} \
            --dimacs "$out/$z-$1.min" 2>/dev/null
    }
    net base >/dev/null || { echo "$z: plan_bench failed"; continue; }
    for s in $SCENARIOS; do
        net "$s" >/dev/null || { echo "$z $s: plan_bench failed"; continue; }
        f=$out/$z-$s.min
        line=$(grep -m1 "^p min" "$f")
        : >"$out/$z-$s.runs"
        for r in $(seq "$RUNS"); do
            "$BIN/warm_bench" "$out/$z-base.min" "$f" 1 |
                sed "s/^warm 1/warm $r/" >>"$out/$z-$s.runs"
            [ -n "${BASE:-}" ] &&
                "$BASE/warm_bench" "$out/$z-base.min" "$f" 1 |
                sed "s/^warm 1/basewarm $r/" >>"$out/$z-$s.runs"
            "$BIN/lemon_ns" "$f" >>"$out/$z-$s.runs"
        done
        awk -v z="$z" -v s="$s" -v line="$line" '
            $1 == "warm" && $6 != "" { c[++n] = $3; w[n] = $5; p[n] = $6
                obj = $8; same = same == "" || same == "same" ? $9 : same }
            $1 == "warm" && $5 == "fallback" { fb = 1 }
            $1 == "lemon_ns" { l[++k] = $3; lobj = $2 }
            $1 == "basewarm" && $6 != "" { bw[++nb] = $5 }
            function med(a, m,   i, j, t, b) {
                for (i = 1; i <= m; i++) b[i] = a[i]
                for (i = 1; i <= m; i++) for (j = i + 1; j <= m; j++)
                    if (b[j] < b[i]) { t = b[i]; b[i] = b[j]; b[j] = t }
                return (m % 2) ? b[(m + 1) / 2] : (b[m / 2] + b[m / 2 + 1]) / 2 }
            END {
                split(line, f, " "); f[6] = f[3]; f[7] = f[4]
                if (fb || !n) { printf "%-9s %-9s %7s %9s %9s cold only (warm fell back)\n", z, s, f[6], f[7], c[1]; exit }
                for (i = 1; i <= n; i++) { ro[i] = c[i] / w[i]; rl[i] = l[i] / w[i] }
                lo1 = hi1 = ro[1]; lo2 = hi2 = rl[1]
                for (i = 2; i <= n; i++) { if (ro[i] < lo1) lo1 = ro[i]; if (ro[i] > hi1) hi1 = ro[i]
                    if (rl[i] < lo2) lo2 = rl[i]; if (rl[i] > hi2) hi2 = rl[i] }
                printf "%-9s %-9s %7s %9s %9.3f %9.3f %9.3f %8d %4.1f (%.1f-%.1f) %4.1f (%.1f-%.1f) %s%s",
                    z, s, f[6], f[7], med(c, n), med(l, k), med(w, n), p[1],
                    med(ro, n), lo1, hi1, med(rl, n), lo2, hi2,
                    same == "same" && obj == lobj ? "same " : "DIFFERENT ", obj
                if (nb == n) {
                    for (i = 1; i <= n; i++) rb[i] = bw[i] / w[i]
                    lo3 = hi3 = rb[1]
                    for (i = 2; i <= n; i++) { if (rb[i] < lo3) lo3 = rb[i]; if (rb[i] > hi3) hi3 = rb[i] }
                    printf " %9.3f %4.1f (%.1f-%.1f)", med(bw, n), med(rb, n), lo3, hi3
                }
                printf "\n" }
        ' "$out/$z-$s.runs"
    done
done
