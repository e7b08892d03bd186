/*
 * gen_network.c - writes a seeded DIMACS min-cost-flow network shaped like
 * the planner's time-expanded mass-flow problem, for solver benchmarks.
 *
 * A network-level stand-in (see bench/mfgen.h): it does not go through the
 * real model builder. Usage:
 *   gen_network SIZE [SEED] > FILE.min     SIZE: XS S M L XL national
 *   gen_network custom SUPPLY DEMAND SITES PERIODS K [SEED] > FILE.min
 * Prints the node and arc counts on stderr.
 */
#include "mfgen.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void usage(void)
{
    fprintf(stderr, "usage: gen_network XS|S|M|L|XL|national [SEED]\n"
                    "       gen_network custom SUPPLY DEMAND SITES PERIODS "
                    "K [SEED]\n");
    exit(2);
}

int main(int argc, char **argv)
{
    struct mfgen_params p = mfgen_sizes[0];
    struct mf_error err = {0};
    struct mcf *m = NULL;
    unsigned long long seed = 1;
    char comment[512];
    size_t i;
    int found = 0;

    if (argc < 2)
        usage();
    if (strcmp(argv[1], "custom") == 0) {
        if (argc < 7)
            usage();
        p.name = "custom";
        p.supply_lots = (int)strtol(argv[2], NULL, 10);
        p.demand_lots = (int)strtol(argv[3], NULL, 10);
        p.sites = (int)strtol(argv[4], NULL, 10);
        p.periods = (int)strtol(argv[5], NULL, 10);
        p.k = (int)strtol(argv[6], NULL, 10);
        p.region_km = 100.0 + 0.05 * (p.supply_lots + p.demand_lots);
        if (argc > 7)
            seed = strtoull(argv[7], NULL, 10);
        if (p.supply_lots < 1 || p.demand_lots < 1 || p.sites < 1 ||
            p.periods < 1 || p.k < 1)
            usage();
        found = 1;
    } else {
        for (i = 0; i < sizeof mfgen_sizes / sizeof mfgen_sizes[0]; i++) {
            if (strcmp(argv[1], mfgen_sizes[i].name) == 0) {
                p = mfgen_sizes[i];
                found = 1;
            }
        }
        if (argc > 2)
            seed = strtoull(argv[2], NULL, 10);
    }
    if (!found)
        usage();
    if (mfgen_build(&p, seed, &m, &err) != MF_OK) {
        fprintf(stderr, "gen_network: %s\n", err.message);
        return 1;
    }
    snprintf(comment, sizeof comment,
             "masseflyt bench/gen_network: size %s, seed %llu\n"
             "supply lots %d, demand lots %d, sites %d, periods %d, k %d\n"
             "network-level stand-in for the time-expanded mass-flow "
             "problem (not built by plan/build.c)",
             p.name, seed, p.supply_lots, p.demand_lots, p.sites, p.periods,
             p.k);
    if (mcf_write_dimacs(m, stdout, comment, &err) != MF_OK ||
        fflush(stdout) != 0) {
        fprintf(stderr, "gen_network: writing failed\n");
        mcf_free(m);
        return 1;
    }
    fprintf(stderr, "gen_network: %s seed %llu: %d nodes, %d arcs\n", p.name,
            seed, mcf_n_nodes(m), mcf_n_arcs(m));
    mcf_free(m);
    return 0;
}
