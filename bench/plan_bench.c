/*
 * plan_bench.c - the planner end to end on a synthetic region (region.c):
 * generate, build the time-expanded network, solve the baseline and the
 * plan (lazy pricing, warm start), and print one line of figures.
 *
 *   plan_bench SIZE [--seed N] [--k K] [--no-lazy] [--dimacs FILE]
 *              [--scenario DIR NAME] [--data DIR] [--period week|month]
 *              [--split-nodes N]
 *   plan_bench --lots-csv N DIR [--seed N]
 *
 * SIZE is XS, S, M, L, XL or national (region.c). With --dimacs the
 * solved network is written for bench/peers.sh: with --no-lazy --k 30 it
 * is the k = 30 candidate network that optimization.md measured LEMON on,
 * so every solver gets the same problem and must agree on its optimum.
 * --lots-csv writes the import benchmark's files instead. --scenario
 * applies scenario NAME (DIR/NAME.scn, as `masseflyt scenario` does) to
 * the factors and options before the plan is built: bench/warm.sh
 * compares the networks of the base and of each scenario. --data reads
 * the catalogue and factors from DIR instead of the built-in data folder
 * (bench/warm.sh: a copy without processing yields, so that the network
 * is one the network simplex solves and DIMACS can hold). --split-nodes
 * sets mf_plan_opts.split_nodes (-1: never split; the pieces solved are
 * printed on stderr).
 * The planning period is a week, unless a scenario is applied: a
 * scenario leaves it to the factors (data/factors.csv: a month), as a
 * scenario run does. --period sets it in both cases (bench/warm.sh's
 * PERIOD=week builds the weekly networks of the national benchmark).
 *
 * Output (one line): size supply demand sites weeks nodes arcs build_s
 * solve_s total_s rounds pivots objective peak_mb
 */
#include "benchutil.h"
#include "region.h"

#include "masseflyt/plan.h"
#include "masseflyt/scenario.h"

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

static int fail(const struct mf_error *err)
{
    fprintf(stderr, "plan_bench: %s%s%s\n", err->where,
            err->where[0] ? ": " : "", err->message);
    return 1;
}

int main(int argc, char **argv)
{
    struct mf_catalog *cat = NULL;
    struct mf_factors *fx = NULL;
    struct mf_registry *reg = NULL;
    struct mf_plan *plan = NULL;
    struct mf_plan_opts o = MF_PLAN_OPTS_INIT;
    struct mf_error err = {0};
    const struct region_size *z = NULL;
    const char *dimacs = NULL;
    unsigned long seed = 1;
    long lots_csv = 0;
    const char *csv_dir = NULL;
    const char *scn_dir = NULL, *scn_name = NULL, *data = NULL;
    struct mf_scenario *scn = NULL;
    struct mf_factors *sfx = NULL;
    struct mf_registry *sreg = NULL;
    struct mf_distances *sdist = NULL;
    struct mf_fleet fleet;
    double t0, t1;
    int i, period = -1;

    for (i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--seed") && i + 1 < argc)
            seed = strtoul(argv[++i], NULL, 10);
        else if (!strcmp(argv[i], "--k") && i + 1 < argc)
            o.k = (int)strtol(argv[++i], NULL, 10);
        else if (!strcmp(argv[i], "--no-lazy"))
            o.lazy = 0;
        else if (!strcmp(argv[i], "--dimacs") && i + 1 < argc)
            dimacs = argv[++i];
        else if (!strcmp(argv[i], "--data") && i + 1 < argc)
            data = argv[++i];
        else if (!strcmp(argv[i], "--period") && i + 1 < argc &&
                 (!strcmp(argv[i + 1], "week") ||
                  !strcmp(argv[i + 1], "month")))
            period =
                strcmp(argv[++i], "week") ? MF_PERIOD_MONTH : MF_PERIOD_WEEK;
        else if (!strcmp(argv[i], "--split-nodes") && i + 1 < argc)
            o.split_nodes = (int)strtol(argv[++i], NULL, 10);
        else if (!strcmp(argv[i], "--scenario") && i + 2 < argc) {
            scn_dir = argv[++i];
            scn_name = argv[++i];
        } else if (!strcmp(argv[i], "--lots-csv") && i + 2 < argc) {
            lots_csv = strtol(argv[++i], NULL, 10);
            csv_dir = argv[++i];
        } else if (!z && (z = region_size(argv[i])))
            ;
        else {
            fprintf(stderr, "usage: plan_bench SIZE [--seed N] [--k K] "
                            "[--no-lazy] [--dimacs FILE] "
                            "[--scenario DIR NAME] [--data DIR] "
                            "[--period week|month] [--split-nodes N]\n"
                            "       plan_bench --lots-csv N DIR [--seed N]\n");
            return 2;
        }
    }
    if (lots_csv > 0)
        return region_write_lots_csv(csv_dir, lots_csv, seed, &err) ? fail(&err)
                                                                    : 0;
    if (!z) {
        fprintf(stderr, "plan_bench: give a size: XS S M L XL national\n");
        return 2;
    }
    if (mf_catalog_load(&cat, data, &err) || mf_factors_load(&fx, data, &err) ||
        mf_registry_new(&reg, cat, &err))
        return fail(&err);
    t0 = now();
    if (region_generate(reg, z, seed, &err))
        return fail(&err);
    t1 = now();
    fprintf(stderr, "plan_bench: generated %s in %.2f s\n", z->name, t1 - t0);
    o.period = MF_PERIOD_WEEK;
    if (scn_dir && (mf_scenario_load(&scn, scn_dir, scn_name, &err) ||
                    mf_scenario_apply(scn, reg, fx, &sfx, &sreg, &o, &fleet,
                                      &sdist, &err)))
        return fail(&err);
    if (period >= 0)
        o.period = period;
    t0 = now();
    if (mf_plan_solve(sreg ? sreg : reg, sfx ? sfx : fx, &o, &plan, &err))
        return fail(&err);
    t1 = now();
    fprintf(stderr, "plan_bench: split into %d pieces\n", plan->split_pieces);
    printf("%s %d %d %d %d %d %d %.3f %.3f %.3f %d %lld %lld %.0f\n", z->name,
           z->supply, z->demand, z->sites, z->weeks, plan->n_nodes,
           plan->n_arcs, plan->seconds_build, plan->seconds_solve, t1 - t0,
           plan->rounds, (long long)plan->pivots, (long long)plan->objective,
           bench_peak_mb());
    if (dimacs) {
        FILE *f = fopen(dimacs, "w");
        if (!f || mf_plan_write_dimacs(plan, f, &err) || fclose(f))
            return fail(&err);
    }
    mf_plan_free(plan);
    mf_distances_free(sdist);
    mf_factors_free(sfx);
    mf_registry_free(sreg);
    mf_scenario_free(scn);
    mf_registry_free(reg);
    mf_factors_free(fx);
    mf_catalog_free(cat);
    return 0;
}
