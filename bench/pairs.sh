#!/bin/bash
# pairs.sh - masseflyt's network simplex against LEMON 1.3 NetworkSimplex,
# run interleaved so that the machine's drift cancels: each round runs
# masseflyt (its own block size), masseflyt at LEMON's block size and
# LEMON, one after another, and the ratio is taken within the round. Not a
# test: nothing here fails a build.
#
#   BIN=build/bench bench/pairs.sh          sizes XS S M L, seeds 1 2 3,
#                                           3 rounds per network
#   SIZES="M L" SEEDS="1 2" ROUNDS=5 bench/pairs.sh
#   REUSE=1 bench/pairs.sh                  the networks of an earlier run
#   MF=path/to/masseflyt bench/pairs.sh     the demo region's network is
#                                           written by this binary (default
#                                           BIN/../masseflyt)
#
# Networks, for each size and seed (plan_bench SIZE --seed N):
#   k30    the candidate network with k = 30 and no lazy pricing (the
#          family ../shared planning notes measured; bench/run.sh's peers)
#   final  the planner's own last network: lazy pricing, the arcs the
#          last round priced in (what the planner really solves)
# and once, the demo region's plan network (`masseflyt plan --dimacs`).
# Like bench/warm.sh they are built from a copy of data/ without
# processing yields, so that they are pure min-cost flows.
#
# Each run is timed twice: the solver's own solve time (process CPU
# seconds around the solve call, reading excluded: mcf_solve and lemon_ns
# print it) and the whole process (/usr/bin/time: wall and user+sys CPU,
# reading and parsing the DIMACS file included). LEMON's block size is
# max(floor(sqrt(arcs)), 10) (BlockSearchPivotRule in LEMON 1.3); ours is
# 0.5 sqrt(arcs) (docs/internals/mcf.md), so the column at LEMON's block
# size shows what that tuning buys. Every run of a network must reach
# the same objective; a row says DIFFERENT otherwise and the exit status
# is 1.
#
# A ratio whose masseflyt time rounds to 0 (/usr/bin/time counts CPU in
# hundredths) is printed as 0.
# Output: one row per network (medians of the rounds, and each per-round
# ratio's median and range), then one row per size and kind pooling every
# round of every seed.
set -u
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
BIN=${BIN:-$root/build-bench/bench}
MF=${MF:-$BIN/../masseflyt}
SIZES=${SIZES:-"XS S M L"}
SEEDS=${SEEDS:-"1 2 3"}
ROUNDS=${ROUNDS:-3}
out=${OUT:-$root/bench/out}/pairs
for p in plan_bench mcf_solve lemon_ns; do
    if [ ! -x "$BIN/$p" ]; then
        echo "pairs.sh: $BIN/$p not built (cmake -DMF_BENCH=ON)" >&2
        exit 2
    fi
done
mkdir -p "$out"
rm -rf "$out/data" && cp -r "$root/data" "$out/data"
head -1 "$root/data/yields.csv" >"$out/data/yields.csv"
export MASSEFLYT_DATA=$out/data
: >"$out/runs"

# one NET ROUND LABEL CMD...: runs CMD under /usr/bin/time and appends
# "NET ROUND LABEL OBJECTIVE SOLVE_S WALL_S CPU_S" to runs.
one() {
    local net=$1 round=$2 label=$3
    shift 3
    /usr/bin/time -f "%e %U %S" -o "$out/time" "$@" >"$out/line" \
        2>/dev/null || echo "$*: failed" >&2
    read -r _ obj secs _ <"$out/line"
    read -r wall user sys <"$out/time"
    echo "$net $round $label ${obj:--} ${secs:-0} $wall" \
        "$(awk -v u="$user" -v s="$sys" 'BEGIN { print u + s }')" \
        >>"$out/runs"
}

# solve NET FILE: ROUNDS interleaved rounds of the three solvers.
solve() {
    local arcs block
    arcs=$(awk '$1 == "p" { print $4; exit }' "$2")
    block=$(awk -v m="$arcs" 'BEGIN { b = int(sqrt(m)); print b < 10 ? 10 : b }')
    echo "$1 $(awk '$1 == "p" { print $3, $4; exit }' "$2") $block" \
        >>"$out/nets"
    for r in $(seq "$ROUNDS"); do
        one "$1" "$r" mf "$BIN/mcf_solve" "$2"
        one "$1" "$r" mfB "$BIN/mcf_solve" "$2" --block "$block"
        one "$1" "$r" lemon "$BIN/lemon_ns" "$2"
    done
}

: >"$out/nets"
echo "== Networks and runs (load: $(cut -d' ' -f1-3 /proc/loadavg))" >&2
for z in $SIZES; do
    for s in $SEEDS; do
        for kind in k30 final; do
            f=$out/$z-s$s-$kind.min
            if [ "${REUSE:-0}" != 1 ] || [ ! -s "$f" ]; then
                args="--seed $s --data $out/data --dimacs $f"
                [ "$kind" = k30 ] && args="$args --no-lazy --k 30"
                # shellcheck disable=SC2086
                "$BIN/plan_bench" "$z" $args >/dev/null 2>&1 ||
                    { echo "$z seed $s $kind: plan_bench failed" >&2; continue; }
            fi
            solve "$z-s$s-$kind" "$f"
        done
    done
done
f=$out/demo.min
if [ "${REUSE:-0}" != 1 ] || [ ! -s "$f" ]; then
    rm -f "$out/demo.db"
    { "$MF" -q --db "$out/demo.db" init &&
        "$MF" -q --db "$out/demo.db" import "$root"/data/demo/{orgs,projects,sites,lots}.csv &&
        "$MF" -q --db "$out/demo.db" plan --dimacs "$f"; } >/dev/null 2>&1 ||
        echo "demo: masseflyt plan --dimacs failed" >&2
fi
[ -s "$f" ] && solve demo "$f"

echo "load at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
awk '
    function med(a, m,   i, j, t, b) {
        for (i = 1; i <= m; i++) b[i] = a[i]
        for (i = 1; i <= m; i++) for (j = i + 1; j <= m; j++)
            if (b[j] < b[i]) { t = b[i]; b[i] = b[j]; b[j] = t }
        return (m % 2) ? b[(m + 1) / 2] : (b[m / 2] + b[m / 2 + 1]) / 2 }
    function lo(a, m,   i, v) { v = a[1]; for (i = 2; i <= m; i++) if (a[i] < v) v = a[i]; return v }
    function hi(a, m,   i, v) { v = a[1]; for (i = 2; i <= m; i++) if (a[i] > v) v = a[i]; return v }
    function r(a, m) { return sprintf("%5.2f (%.2f-%.2f)", med(a, m), lo(a, m), hi(a, m)) }
    FILENAME ~ /nets$/ { nodes[$1] = $2; arcs[$1] = $3; block[$1] = $4; order[++nn] = $1; next }
    { k = $1 SUBSEP $2; obj[$1 SUBSEP $3 SUBSEP $2] = $4
      s[k, $3] = $5; w[k, $3] = $6; c[k, $3] = $7; rounds[$1] = $2 > rounds[$1] ? $2 : rounds[$1]
      if (first[$1] == "") first[$1] = $4; else if ($4 != first[$1]) bad[$1] = 1 }
    END {
        printf "%-12s %8s %9s %5s | %9s %9s %9s | %-19s %-19s %-19s %-19s %s\n",
            "network", "nodes", "arcs", "B", "mf_s", "mf@B_s", "lemon_s",
            "lemon/mf solve", "lemon/mf@B solve", "lemon/mf CPU(proc)",
            "lemon/mf wall(proc)", "optimum"
        for (i = 1; i <= nn; i++) {
            n = order[i]; m = rounds[n]
            for (j = 1; j <= m; j++) {
                k = n SUBSEP j
                a[j] = s[k, "mf"]; b[j] = s[k, "mfB"]; l[j] = s[k, "lemon"]
                r1[j] = a[j] > 0 ? l[j] / a[j] : 0; r2[j] = b[j] > 0 ? l[j] / b[j] : 0
                r3[j] = c[k, "mf"] > 0 ? c[k, "lemon"] / c[k, "mf"] : 0
                r4[j] = w[k, "mf"] > 0 ? w[k, "lemon"] / w[k, "mf"] : 0
                split(n, p, "-"); g = p[1] SUBSEP (p[3] == "" ? "demo" : p[3])
                if (!(g in seen)) { seen[g] = 1; gorder[++ng] = g }
                q = ++cnt[g]; P1[g, q] = r1[j]; P2[g, q] = r2[j]; P3[g, q] = r3[j]; P4[g, q] = r4[j]
            }
            printf "%-12s %8s %9s %5s | %9.3f %9.3f %9.3f | %s %s %s %s %s %s\n",
                n, nodes[n], arcs[n], block[n], med(a, m), med(b, m), med(l, m),
                r(r1, m), r(r2, m), r(r3, m), r(r4, m),
                bad[n] ? "DIFFERENT" : "same", first[n]
            if (bad[n]) status = 1
        }
        printf "\nPooled over seeds and rounds (per-round ratios: median (range), rounds)\n"
        printf "%-6s %-6s %6s | %-19s %-19s %-19s %-19s\n", "size", "kind",
            "rounds", "lemon/mf solve", "lemon/mf@B solve", "lemon/mf CPU(proc)",
            "lemon/mf wall(proc)"
        for (i = 1; i <= ng; i++) {
            g = gorder[i]; m = cnt[g]; split(g, p, SUBSEP)
            for (j = 1; j <= m; j++) { x1[j] = P1[g, j]; x2[j] = P2[g, j]; x3[j] = P3[g, j]; x4[j] = P4[g, j] }
            printf "%-6s %-6s %6d | %s %s %s %s\n", p[1], p[2], m,
                r(x1, m), r(x2, m), r(x3, m), r(x4, m)
        }
        exit status
    }' "$out/nets" "$out/runs"
