/*
 * yields_bench.c - the planner's LP path (plan/gnet.c, COIN-OR Clp) on
 * the generator's networks with processing yields (bench/mfgen.h).
 *
 *   yields_bench SIZE [YIELD [SEED]]      solve, print sizes and seconds
 *   yields_bench SIZE YIELD SEED --lp     write the LP (CPLEX LP format)
 *                                         to stdout, for glpsol or clp
 *
 * For comparison it also solves the same network at yield 1 with the
 * network simplex (plan/mcf.c), which is what the planner does when no
 * plant has yields, and with Clp in slices (gnet_solve_stop), as a plan
 * job that can be cancelled runs it. Times are wall seconds of the solve alone
 * (Clp: LP load and solve; mcf: the simplex), one run each: repeat for medians.
 */
#include "../bench/mfgen.h"
#include "plan/gnet.h"
#include "plan/mcf.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static double now(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static int never(void *ctx, int64_t iterations)
{
    (void)ctx;
    (void)iterations;
    return 0;
}

int main(int argc, char **argv)
{
    struct mfgen_params p;
    struct mf_error err = {0};
    struct mcf *m = NULL, *m1 = NULL;
    struct gnet g;
    struct gnet_result r;
    struct mcf_opts mo = MCF_OPTS_INIT;
    double yield = 0.8, t0;
    unsigned long long seed = 1;
    size_t i;
    int found = 0;

    if (argc < 2) {
        fprintf(stderr, "usage: yields_bench SIZE [YIELD [SEED]] [--lp]\n");
        return 2;
    }
    for (i = 0; i < sizeof mfgen_sizes / sizeof mfgen_sizes[0]; i++)
        if (strcmp(argv[1], mfgen_sizes[i].name) == 0) {
            p = mfgen_sizes[i];
            found = 1;
        }
    if (!found) {
        fprintf(stderr, "yields_bench: unknown size '%s'\n", argv[1]);
        return 2;
    }
    if (argc > 2)
        yield = strtod(argv[2], NULL);
    if (argc > 3)
        seed = strtoull(argv[3], NULL, 10);
    if (!(yield > 0 && yield <= 1)) {
        fprintf(stderr, "yields_bench: a yield is in (0, 1]\n");
        return 2;
    }
    gnet_init(&g);
    if (mfgen_build_yields(&p, seed, yield, &g, &m, &err) != MF_OK) {
        fprintf(stderr, "yields_bench: %s\n", err.message);
        return 1;
    }
    if (argc > 4 && strcmp(argv[4], "--lp") == 0) {
        int rc = gnet_write_lp(m, &g, stdout, &err);
        mcf_free(m);
        gnet_free(&g);
        return rc == MF_OK ? 0 : 1;
    }
    if (gnet_solve(m, &g, &r, &err) != MF_OK) {
        fprintf(stderr, "yields_bench: %s\n", err.message);
        return 1;
    }
    printf("%s seed %llu yield %g: %d nodes, %d arcs, %d processing arcs; "
           "Clp %.3f s, %d iterations, optimum %.2f\n",
           p.name, seed, yield, mcf_n_nodes(m), mcf_n_arcs(m), g.n_gen,
           r.seconds, r.iterations, r.objective);
    gnet_result_free(&r);
    /* The same solve in slices, as a plan job runs it (it can be
     * cancelled between slices): what the slices cost. */
    if (gnet_solve_stop(m, &g, never, NULL, 0, &r, &err) != MF_OK) {
        fprintf(stderr, "yields_bench: %s\n", err.message);
        return 1;
    }
    printf("%s seed %llu yield %g in slices of %d iterations: Clp %.3f s, "
           "%d iterations, optimum %.2f\n",
           p.name, seed, yield, GNET_SLICE, r.seconds, r.iterations,
           r.objective);
    gnet_result_free(&r);
    if (mfgen_build(&p, seed, &m1, &err) != MF_OK) {
        fprintf(stderr, "yields_bench: %s\n", err.message);
        return 1;
    }
    t0 = now();
    if (mcf_solve(m1, &mo, &err) != MF_OK) {
        fprintf(stderr, "yields_bench: %s\n", err.message);
        return 1;
    }
    printf("%s seed %llu yield 1 (network simplex): %d nodes, %d arcs; "
           "%.3f s, optimum %lld\n",
           p.name, seed, mcf_n_nodes(m1), mcf_n_arcs(m1), now() - t0,
           (long long)mcf_objective(m1));
    mcf_free(m);
    mcf_free(m1);
    gnet_free(&g);
    return 0;
}
