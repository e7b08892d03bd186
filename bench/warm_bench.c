/*
 * warm_bench.c - a changed network (a scenario) solved cold and re-solved
 * warm from the base network's optimum (plan/mcf_warm.h), with the two
 * optima compared to the unit and the warm one's certificate checked.
 *
 *   warm_bench BASE.min CHANGED.min [RUNS]
 *
 * Prints one line a run (cold and warm alternate, so that drift of a
 * shared machine falls on both):
 *   warm RUN cold_s cold_pivots warm_s warm_pivots ratio objective same
 * Times are process CPU seconds (single-threaded): cold is mcf_solve() of
 * CHANGED from scratch; warm is mcf_warm_resolve() (matching the arcs
 * included) on a copy of BASE solved beforehand, untimed, as a scenario
 * run would find it. A warm solve that does not stand (warm = 0) prints
 * "fallback" and counts the cold solve after it.
 *
 * WARM_CHANGES=1 also prints, after the first run when its warm solve
 * stands, what CHANGED changes against BASE as the warm solve paired
 * their arcs (untimed):
 *   changes paired N same N dearer N cheaper N new N gone N with_flow N
 *           at_cap N flow T
 * (paired arcs by their cost against the base's; arcs new, in the place
 * of an arc gone or added; base arcs gone, and those of them that carry
 * flow at the base optimum, at their capacity, and the flow they carry).
 */
#define _POSIX_C_SOURCE 200809L
#include "benchutil.h"
#include "plan/mcf.h"
#include "plan/mcf_warm.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int fail(const char *what, const struct mf_error *err)
{
    fprintf(stderr, "warm_bench: %s: %s\n", what, err->message);
    return 1;
}

/* The changes line (WARM_CHANGES): orig is the solved base before the
 * warm solve, next the changed network, arc_of the warm solve's pairing. */
static int print_changes(const struct mcf *orig, const struct mcf *next,
                         const int32_t *arc_of)
{
    int old_m = mcf_n_arcs(orig), new_m = mcf_n_arcs(next), a, j;
    int64_t same = 0, dearer = 0, cheaper = 0, added = 0, gone = 0;
    int64_t with_flow = 0, at_cap = 0, flow = 0;
    char *paired = calloc((size_t)old_m + 1, 1);

    if (!paired)
        return 1;
    for (j = 0; j < new_m; j++) {
        int64_t c0, c1;

        a = arc_of[j];
        if (a < 0 || a >= old_m ||
            mcf_arc_tail(orig, a) != mcf_arc_tail(next, j) ||
            mcf_arc_head(orig, a) != mcf_arc_head(next, j) ||
            mcf_arc_cap(orig, a) != mcf_arc_cap(next, j)) {
            added++;
            continue;
        }
        paired[a] = 1;
        c0 = mcf_arc_cost(orig, a);
        c1 = mcf_arc_cost(next, j);
        same += c1 == c0;
        dearer += c1 > c0;
        cheaper += c1 < c0;
    }
    for (a = 0; a < old_m; a++) {
        int64_t f = mcf_flow(orig, a);

        if (paired[a])
            continue;
        gone++;
        if (f != 0) {
            with_flow++;
            at_cap += f == mcf_arc_cap(orig, a);
            flow += f;
        }
    }
    printf("changes paired %" PRId64 " same %" PRId64 " dearer %" PRId64
           " cheaper %" PRId64 " new %" PRId64 " gone %" PRId64
           " with_flow %" PRId64 " at_cap %" PRId64 " flow %" PRId64 "\n",
           same + dearer + cheaper, same, dearer, cheaper, added, gone,
           with_flow, at_cap, flow);
    free(paired);
    return 0;
}

int main(int argc, char **argv)
{
    struct mf_error err = {0};
    char *base_txt, *next_txt;
    size_t base_len = 0, next_len = 0;
    int runs = argc > 3 ? (int)strtol(argv[3], NULL, 10) : 1, r;
    int32_t *arc_of;
    struct mcf_opts wo = MCF_OPTS_INIT;
    const char *rule = getenv("WARM_PIVOT"), *block = getenv("WARM_BLOCK");
    const char *changes = getenv("WARM_CHANGES");

    if (argc < 3) {
        fprintf(stderr, "usage: warm_bench BASE.min CHANGED.min [RUNS]\n");
        return 2;
    }
    /* The warm solve's pivot rule and block size, to measure them
     * (WARM_PIVOT=block|candidate, WARM_BLOCK=N; the default: AUTO). */
    if (rule && !strcmp(rule, "candidate"))
        wo.pivot = MCF_PIVOT_CANDIDATE;
    else if (rule && !strcmp(rule, "block"))
        wo.pivot = MCF_PIVOT_BLOCK;
    if (block)
        wo.block_size = strtoll(block, NULL, 10);
    base_txt = bench_slurp(argv[1], &base_len);
    next_txt = bench_slurp(argv[2], &next_len);
    if (!base_txt || !next_txt) {
        fprintf(stderr, "warm_bench: cannot read %s\n",
                base_txt ? argv[2] : argv[1]);
        return 1;
    }
    for (r = 1; r <= runs; r++) {
        struct mcf *cold = NULL, *base = NULL, *next = NULL, *orig = NULL;
        struct mcf_stats cs, ws;
        double t0, cold_s, warm_s;
        int warm = 0;

        if (mcf_read_dimacs(&cold, next_txt, next_len, &err))
            return fail(argv[2], &err);
        t0 = bench_cpu_seconds();
        if (mcf_solve(cold, NULL, &err))
            return fail("cold solve", &err);
        cold_s = bench_cpu_seconds() - t0;
        mcf_get_stats(cold, &cs);

        if (mcf_read_dimacs(&base, base_txt, base_len, &err) ||
            mcf_solve(base, NULL, &err))
            return fail(argv[1], &err);
        if (mcf_read_dimacs(&next, next_txt, next_len, &err))
            return fail(argv[2], &err);
        if (r == 1 && changes && *changes == '1' &&
            mcf_clone(&orig, base, &err))
            return fail("copy of the base", &err);
        arc_of = malloc(((size_t)mcf_n_arcs(next) + 1) * sizeof *arc_of);
        if (!arc_of)
            return 1;
        t0 = bench_cpu_seconds();
        if (mcf_warm_resolve(base, next, &wo, arc_of, &warm, &err))
            return fail("warm solve", &err);
        warm_s = bench_cpu_seconds() - t0;
        mcf_get_stats(base, &ws);
        if (!warm) {
            printf("warm %d %.3f %" PRId64 " fallback\n", r, cold_s, cs.pivots);
        } else {
            int same = mcf_objective(base) == mcf_objective(cold);
            if (mcf_check(base, &err))
                return fail("the warm optimum's certificate", &err);
            printf("warm %d %.3f %" PRId64 " %.3f %" PRId64 " %.1f %" PRId64
                   " %s\n",
                   r, cold_s, cs.pivots, warm_s, ws.pivots,
                   warm_s > 0 ? cold_s / warm_s : 0.0, mcf_objective(base),
                   same ? "same" : "DIFFERENT");
            if (!same)
                return 1;
        }
        if (orig && warm && print_changes(orig, next, arc_of))
            return 1;
        free(arc_of);
        mcf_free(orig);
        mcf_free(cold);
        mcf_free(base);
        mcf_free(next);
    }
    free(base_txt);
    free(next_txt);
    return 0;
}
