#!/bin/bash
# peers.sh - solves DIMACS min-cost-flow files with masseflyt's network
# simplex and its peers, checks that every optimum agrees to the unit, and
# prints a table of solve times and peak memory.
#
#   bench/peers.sh FILE.min...
#
# Peers: LEMON 1.3 NetworkSimplex (block search) and CostScaling (bench/
# lemon_ns, lemon_cs), GLPK 5.0 (glpsol --mincost, primal simplex) and
# COIN-OR Clp 1.17 (dual simplex on the LP written by bench/mcf2lp).
# Solve time excludes reading and parsing: masseflyt and LEMON time their
# solve calls themselves, in process CPU time (single-threaded solvers;
# CPU time stays meaningful on a shared machine); for glpsol and clp it is
# the time they report ("Time used", 0.1 s resolution, for glpsol; clp's
# "time"). Peak memory is
# the process's maximum RSS (getrusage, or /usr/bin/time -v). The glpsol
# and clp optima are recomputed exactly from their flows (mcf_solve
# --eval-glpk / --eval-clp, which also checks bounds and conservation),
# since both print rounded objectives.
#
# Environment:
#   BIN      folder with the bench programs (default: build/bench)
#   RUNS     runs per solver and file, median taken (default 3)
#   TIMEOUT  seconds per run before it is stopped (default 600)
#   SOLVERS  which to run (default "masseflyt lemon_ns lemon_cs glpk clp")
#   MF_ARGS  extra arguments for mcf_solve (e.g. "--pivot candidate")
# Exit status: 0 when all optima that finished agree, 1 otherwise.
set -u

here=$(cd "$(dirname "$0")" && pwd)
BIN=${BIN:-$here/../build/bench}
RUNS=${RUNS:-3}
TIMEOUT=${TIMEOUT:-600}
SOLVERS=${SOLVERS:-"masseflyt lemon_ns lemon_cs glpk clp"}
MF_ARGS=${MF_ARGS:-}

if [ $# -eq 0 ]; then
    echo "usage: bench/peers.sh FILE.min..." >&2
    exit 2
fi
for p in mcf_solve mcf2lp; do
    if [ ! -x "$BIN/$p" ]; then
        echo "peers.sh: $BIN/$p not built (ninja -C build $p)" >&2
        exit 2
    fi
done
if [ ! -x /usr/bin/time ]; then
    echo "peers.sh: /usr/bin/time is needed (apt-get install time)" >&2
    exit 2
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
status=0

# median of the numbers on stdin
median() {
    sort -g | awk '{ v[NR] = $1 } END {
        if (NR == 0) print "-"; else print v[int((NR + 1) / 2)] }'
}

# run_once SOLVER FILE: prints "OBJ SECONDS MB", or "timeout" / "error"
run_once() {
    local solver=$1 file=$2 out rc
    case $solver in
    masseflyt)
        # shellcheck disable=SC2086
        out=$(timeout "$TIMEOUT" "$BIN/mcf_solve" "$file" $MF_ARGS)
        rc=$?
        ;;
    lemon_ns | lemon_cs)
        if [ ! -x "$BIN/$solver" ]; then
            echo "missing"
            return
        fi
        out=$(timeout "$TIMEOUT" "$BIN/$solver" "$file")
        rc=$?
        ;;
    glpk)
        timeout "$TIMEOUT" /usr/bin/time -v -o "$tmp/time" \
            glpsol --mincost "$file" -w "$tmp/glpk.sol" >"$tmp/glpk.log" 2>&1
        rc=$?
        if [ $rc -eq 0 ]; then
            local secs mb obj
            secs=$(sed -n 's/^Time used: *\([0-9.]*\) secs.*/\1/p' \
                "$tmp/glpk.log")
            mb=$(awk '/Maximum resident/ { printf "%.1f", $NF / 1024 }' \
                "$tmp/time")
            obj=$("$BIN/mcf_solve" "$file" --eval-glpk "$tmp/glpk.sol" |
                awk '{ print $2 }')
            out="glpk $obj $secs $mb"
        fi
        ;;
    clp)
        if [ ! -s "$tmp/model.lp" ] ||
            [ "$(cat "$tmp/model.name")" != "$file" ]; then
            "$BIN/mcf2lp" "$file" >"$tmp/model.lp" || return
            echo "$file" >"$tmp/model.name"
        fi
        timeout "$TIMEOUT" /usr/bin/time -v -o "$tmp/time" \
            clp "$tmp/model.lp" -dualsimplex -solution "$tmp/clp.sol" \
            >"$tmp/clp.log" 2>&1
        rc=$?
        if [ $rc -eq 0 ]; then
            local secs mb obj
            secs=$(sed -n 's/^Optimal objective .* time \([0-9.]*\).*/\1/p' \
                "$tmp/clp.log")
            mb=$(awk '/Maximum resident/ { printf "%.1f", $NF / 1024 }' \
                "$tmp/time")
            obj=$("$BIN/mcf_solve" "$file" --eval-clp "$tmp/clp.sol" |
                awk '{ print $2 }')
            out="clp $obj $secs $mb"
        fi
        ;;
    esac
    if [ $rc -eq 124 ] || [ $rc -eq 137 ]; then
        echo "timeout"
    elif [ $rc -ne 0 ] || [ -z "${out:-}" ]; then
        echo "error"
    else
        echo "$out" | awk '{ print $2, $3, $4 }'
    fi
}

printf '%-22s %8s %9s  %-10s %10s %8s  %-16s %s\n' \
    file nodes arcs solver "solve_s" peak_MB objective "x_vs_masseflyt"
for file in "$@"; do
    nodes=$(awk '$1 == "p" { print $3; exit }' "$file")
    arcs=$(awk '$1 == "p" { print $4; exit }' "$file")
    ref_obj=""
    mf_time=""
    best_peer=""
    rows=""
    for solver in $SOLVERS; do
        : >"$tmp/times"
        obj="-"
        mb="-"
        note=""
        for _ in $(seq "$RUNS"); do
            r=$(run_once "$solver" "$file")
            case $r in
            timeout)
                note=">${TIMEOUT}s"
                break
                ;;
            error | missing)
                note=$r
                break
                ;;
            esac
            read -r o s m <<<"$r"
            echo "$s" >>"$tmp/times"
            if [ "$obj" != "-" ] && [ "$obj" != "$o" ]; then
                note="objective changed between runs"
                status=1
            fi
            obj=$o
            if [ "$mb" = "-" ] || awk "BEGIN { exit !($m > $mb) }"; then
                mb=$m
            fi
        done
        t=$(median <"$tmp/times")
        if [ -n "$note" ] && [ "$t" = "-" ]; then
            t=$note
        fi
        if [ "$obj" != "-" ]; then
            if [ -z "$ref_obj" ]; then
                ref_obj=$obj
            elif [ "$obj" != "$ref_obj" ]; then
                note="MISMATCH (first optimum $ref_obj)"
                status=1
            fi
        fi
        if [ "$solver" = masseflyt ] && [ "$t" != "${t#[0-9]}" ]; then
            mf_time=$t
        elif [ "$t" != "${t#[0-9]}" ]; then
            if [ -z "$best_peer" ] ||
                awk "BEGIN { exit !($t < $best_peer) }"; then
                best_peer=$t
            fi
        fi
        rows="$rows$solver|$t|$mb|$obj|$note
"
    done
    first=1
    while IFS='|' read -r solver t mb obj note; do
        [ -z "$solver" ] && continue
        ratio="-"
        if [ -n "$mf_time" ] && [ "$t" != "${t#[0-9]}" ]; then
            ratio=$(awk -v t="$t" -v b="$mf_time" \
                'BEGIN { if (b > 0) printf "%.2f", t / b; else print "-" }')
        fi
        if [ $first -eq 1 ]; then
            printf '%-22s %8s %9s  ' "$(basename "$file")" "$nodes" "$arcs"
            first=0
        else
            printf '%-22s %8s %9s  ' "" "" ""
        fi
        printf '%-10s %10s %8s  %-16s %s %s\n' "$solver" "$t" "$mb" "$obj" \
            "$ratio" "$note"
    done <<<"$rows"
    if [ -n "$mf_time" ] && [ -n "$best_peer" ]; then
        printf '%-22s best peer %ss, masseflyt %ss: %sx\n' \
            "" "$best_peer" "$mf_time" \
            "$(awk -v p="$best_peer" -v b="$mf_time" \
                'BEGIN { printf "%.2f", p / b }')"
    fi
done
if [ $status -eq 0 ]; then
    echo "all optima agree"
else
    echo "OPTIMA DISAGREE" >&2
fi
exit $status
