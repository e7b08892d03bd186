/*
 * mcf_solve.c - solves a DIMACS min-cost-flow file with masseflyt's network
 * simplex (plan/mcf.c) and prints one result line for bench/peers.sh:
 *   masseflyt OBJECTIVE SOLVE_SECONDS PEAK_MB PIVOTS
 * stderr gets the CPU microseconds per pivot and, per pivot, the tree edges
 * on the cycles and the nodes whose potentials were shifted (mcf_get_work:
 * counts, independent of the machine's load).
 * Only mcf_solve() is timed (reading and parsing are not), in CPU time of
 * the process (CLOCK_PROCESS_CPUTIME_ID): the solver is single-threaded,
 * and CPU time stays meaningful on a shared, loaded machine where wall
 * time does not. The objective includes the cost taken out by lower
 * bounds.
 *
 *   mcf_solve FILE [--pivot block|candidate] [--block N] [--check]
 *                  [--start FLOWS]
 *   --start FLOWS starts from the feasible flow in FLOWS (one int64 per arc,
 *   in arc order, native byte order; e.g. the planner's greedy start) by
 *   mcf_set_start_flow(), which is then timed with the solve.
 *   mcf_solve FILE --warm PCT   then change PCT % of the arc costs by up
 *                               to +-20 % (seeded), re-solve warm from the
 *                               last basis, and compare with a cold solve:
 *   warm PCT WARM_SECONDS WARM_PIVOTS COLD_SECONDS COLD_PIVOTS SAME|DIFFER
 *   mcf_solve FILE --eval-glpk SOL   exact objective of glpsol's -w file
 *   mcf_solve FILE --eval-clp SOL    exact objective of clp's -solu file
 * The eval modes read another solver's flows, check bounds and
 * conservation exactly, and print "eval OBJECTIVE", so objectives are
 * compared to the unit even where those programs print rounded totals.
 *   mcf_solve FILE --split THREADS   solves through the exact split into
 *   the pieces joined only by source and sink (plan/mcf_split.h) on
 *   THREADS threads; SOLVE_SECONDS is then the process CPU time of all
 *   threads, and stderr gets "split: ..." with the wall seconds, the
 *   pieces and the largest piece's own solve.
 */
#include "benchutil.h"
#include "plan/mcf.h"
#include "plan/mcf_int.h"
#include "plan/mcf_split.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

__extension__ typedef __int128 i128;

/* Reads flows (one per arc, in arc order) from another solver's output
 * and prints their exact objective after checking feasibility. */
static int eval_flows(struct mcf *m, const char *path, int glpk)
{
    FILE *f = fopen(path, "r");
    char line[4096];
    int n = mcf_n_nodes(m), a, v;
    int64_t *flow = calloc((size_t)mcf_n_arcs(m) + 1, sizeof *flow);
    int64_t *bal = calloc((size_t)n + 1, sizeof *bal);
    i128 obj = 0;
    int got = 0;

    int *col2arc = NULL;

    if (!f || !flow || !bal) {
        fprintf(stderr, "mcf_solve: cannot read %s\n", path);
        return 1;
    }
    if (glpk) {
        /* glpsol --mincost numbers the LP columns by tail node, and within
         * a node in reverse input order (its graph prepends each arc to
         * the tail's out-list). A wrong map would show as infeasible. */
        int *start = calloc((size_t)n + 2, sizeof *start);
        int na = mcf_n_arcs(m);

        col2arc = malloc(((size_t)na + 1) * sizeof *col2arc);
        if (!start || !col2arc) {
            fprintf(stderr, "mcf_solve: out of memory\n");
            return 1;
        }
        for (a = 0; a < na; a++)
            start[mcf_arc_tail(m, a) + 1]++;
        for (v = 0; v < n; v++)
            start[v + 1] += start[v];
        for (a = na - 1; a >= 0; a--)
            col2arc[start[mcf_arc_tail(m, a)]++] = a;
        free(start);
    }
    while (fgets(line, sizeof line, f)) {
        long idx;
        double val;
        char st[8];

        if (glpk) {
            /* glp_write_sol: "j COL STATUS VALUE DUAL" */
            if (sscanf(line, "j %ld %7s %lf", &idx, st, &val) != 3)
                continue;
            if (idx < 1 || idx > mcf_n_arcs(m))
                continue;
            idx = col2arc[idx - 1];
        } else {
            /* clp -solu: "  IDX NAME VALUE REDUCED" with name xNNN */
            char name[64];

            if (sscanf(line, "%ld %63s %lf", &idx, name, &val) != 3 ||
                name[0] != 'x')
                continue;
            idx = strtol(name + 1, NULL, 10);
        }
        if (idx < 0 || idx >= mcf_n_arcs(m))
            continue;
        flow[idx] = (int64_t)(val < 0 ? val - 0.5 : val + 0.5);
        got++;
    }
    fclose(f);
    free(col2arc);
    /* glpsol lists every column; clp only the nonzero ones. */
    if (glpk && got != mcf_n_arcs(m)) {
        printf("eval MISSING %d of %d flows read\n", got, mcf_n_arcs(m));
        return 1;
    }
    for (v = 0; v < n; v++)
        bal[v] = mcf_supply(m, v);
    for (a = 0; a < mcf_n_arcs(m); a++) {
        if (flow[a] < 0 || flow[a] > mcf_arc_cap(m, a)) {
            printf("eval INFEASIBLE arc %d flow %" PRId64 "\n", a, flow[a]);
            return 1;
        }
        bal[mcf_arc_tail(m, a)] -= flow[a];
        bal[mcf_arc_head(m, a)] += flow[a];
        obj += (i128)flow[a] * mcf_arc_cost(m, a);
    }
    for (v = 0; v < n; v++) {
        if (bal[v] != 0) {
            printf("eval INFEASIBLE node %d off by %" PRId64 "\n", v + 1,
                   bal[v]);
            return 1;
        }
    }
    obj += mcf_lower_bound_offset(m);
    printf("eval %" PRId64 "\n", (int64_t)obj);
    free(flow);
    free(bal);
    return 0;
}

/* Changes pct % of the costs (seeded), re-solves m warm, and solves a
 * fresh copy with the same costs cold; prints both. */
static int warm_compare(struct mcf *m, const char *text, size_t len, int pct,
                        const struct mcf_opts *o)
{
    struct mf_error err = {0};
    struct mcf_stats ws, cs;
    struct mcf *c = NULL;
    uint64_t s = 88172645463325252ULL;
    int a, rc;

    if (mcf_read_dimacs(&c, text, len, &err) != MF_OK)
        return MF_ERR;
    for (a = 0; a < mcf_n_arcs(m); a++) {
        s ^= s << 13;
        s ^= s >> 7;
        s ^= s << 17;
        if ((int)(s % 100) < pct) {
            int64_t cost = mcf_arc_cost(m, a);
            int64_t f = 80 + (int64_t)((s >> 20) % 41);

            cost = cost / 100 * f + cost % 100 * f / 100;
            mcf_set_cost(m, a, cost);
            mcf_set_cost(c, a, cost);
        }
    }
    rc = mcf_solve(m, o, &err);
    mcf_get_stats(m, &ws);
    if (rc == MF_OK)
        rc = mcf_solve(c, o, &err);
    mcf_get_stats(c, &cs);
    if (rc != MF_OK) {
        fprintf(stderr, "mcf_solve: warm compare: %s\n", err.message);
        mcf_free(c);
        return rc;
    }
    printf("warm %d %.6f %" PRId64 " %.6f %" PRId64 " %s\n", pct, ws.seconds,
           ws.pivots, cs.seconds, cs.pivots,
           mcf_objective(m) == mcf_objective(c) ? "SAME" : "DIFFER");
    rc = mcf_objective(m) == mcf_objective(c) ? MF_OK : MF_ERR;
    mcf_free(c);
    return rc;
}

int main(int argc, char **argv)
{
    struct mcf_opts o = MCF_OPTS_INIT;
    struct mf_error err = {0};
    struct mcf_stats st;
    struct mcf_work wk;
    struct mcf *m = NULL;
    const char *eval = NULL;
    const char *start = NULL;
    int warm = 0;
    int split = 0;
    int eval_glpk = 0;
    struct mcf_split_info si;
    size_t len = 0;
    double t0, secs;
    char *text;
    int i, rc;

    if (argc < 2) {
        fprintf(stderr, "usage: mcf_solve FILE [--pivot block|candidate] "
                        "[--block N] [--check] [--start FLOWS] [--split T] "
                        "[--eval-glpk|--eval-clp SOL]\n");
        return 2;
    }
    for (i = 2; i < argc; i++) {
        if (strcmp(argv[i], "--pivot") == 0 && i + 1 < argc) {
            i++;
            o.pivot = strcmp(argv[i], "candidate") == 0 ? MCF_PIVOT_CANDIDATE
                      : strcmp(argv[i], "block") == 0   ? MCF_PIVOT_BLOCK
                                                        : MCF_PIVOT_AUTO;
        } else if (strcmp(argv[i], "--block") == 0 && i + 1 < argc) {
            o.block_size = strtoll(argv[++i], NULL, 10);
        } else if (strcmp(argv[i], "--warm") == 0 && i + 1 < argc) {
            warm = (int)strtol(argv[++i], NULL, 10);
        } else if (strcmp(argv[i], "--split") == 0 && i + 1 < argc) {
            split = (int)strtol(argv[++i], NULL, 10);
            if (split < 1)
                split = 1;
        } else if (strcmp(argv[i], "--check") == 0) {
            o.check = 1;
        } else if (strcmp(argv[i], "--start") == 0 && i + 1 < argc) {
            start = argv[++i];
        } else if ((strcmp(argv[i], "--eval-glpk") == 0 ||
                    strcmp(argv[i], "--eval-clp") == 0) &&
                   i + 1 < argc) {
            eval_glpk = argv[i][7] == 'g';
            eval = argv[++i];
        } else {
            fprintf(stderr, "mcf_solve: unknown option %s\n", argv[i]);
            return 2;
        }
    }
    text = bench_slurp(argv[1], &len);
    if (!text) {
        fprintf(stderr, "mcf_solve: cannot read %s\n", argv[1]);
        return 1;
    }
    rc = mcf_read_dimacs(&m, text, len, &err);
    if (rc != MF_OK) {
        fprintf(stderr, "mcf_solve: %s: %s\n", argv[1], err.message);
        free(text);
        return 1;
    }
    if (eval) {
        free(text);
        rc = eval_flows(m, eval, eval_glpk);
        mcf_free(m);
        return rc;
    }
    if (start) {
        size_t flen = 0;
        char *fl = bench_slurp(start, &flen);

        if (!fl || flen != (size_t)mcf_n_arcs(m) * sizeof(int64_t)) {
            fprintf(stderr, "mcf_solve: %s: want %d flows\n", start,
                    mcf_n_arcs(m));
            free(fl);
            free(text);
            mcf_free(m);
            return 1;
        }
        t0 = bench_cpu_seconds();
        rc = mcf_set_start_flow(m, (const int64_t *)(void *)fl, &err);
        free(fl);
        if (rc == MF_OK)
            rc = mcf_solve(m, &o, &err);
    } else if (split) {
        t0 = bench_cpu_seconds();
        rc = mcf_solve_split(m, &o, split, &si, &err);
    } else {
        t0 = bench_cpu_seconds();
        rc = mcf_solve(m, &o, &err);
    }
    secs = bench_cpu_seconds() - t0;
    mcf_get_stats(m, &st);
    if (split && !start)
        fprintf(stderr,
                "split: %.3f s wall, %s, %d components, %d pieces, largest "
                "%d nodes solved in %.3f s, pieces %.3f s wall\n",
                st.seconds, si.whole ? si.why : "split", si.components,
                si.pieces, si.largest, si.seconds_largest, si.seconds_pieces);
    if (rc != MF_OK) {
        printf("masseflyt %s - %.6f %.1f %" PRId64 "\n", mf_status_name(rc),
               secs, bench_peak_mb(), st.pivots);
        fprintf(stderr, "mcf_solve: %s\n", err.message);
        mcf_free(m);
        return 1;
    }
    printf("masseflyt %" PRId64 " %.6f %.1f %" PRId64 "\n",
           mcf_objective(m) + mcf_lower_bound_offset(m), secs, bench_peak_mb(),
           st.pivots);
    mcf_get_work(m, &wk);
    if (st.pivots > 0)
        fprintf(stderr,
                "mcf_solve: per pivot %.2f us CPU, %.1f cycle edges, %.1f "
                "nodes shifted (%.1f if always the cut-off subtree)\n",
                secs * 1e6 / (double)st.pivots,
                (double)wk.cycle / (double)st.pivots,
                (double)wk.shifted / (double)st.pivots,
                (double)wk.shifted_subtree / (double)st.pivots);
    if (warm > 0)
        rc = warm_compare(m, text, len, warm, &o);
    free(text);
    mcf_free(m);
    return rc == MF_OK ? 0 : 1;
}
