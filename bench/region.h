/*
 * region.h - a seeded generator of synthetic regions shaped like the real
 * planning problem: sites clustered around Norwegian towns with Zipf
 * weights, lognormal lot sizes, windows over the horizon, storage,
 * crushing plants, receiving sites and quarries. For benchmarks only;
 * every number it makes is synthetic.
 */
#ifndef MF_BENCH_REGION_H
#define MF_BENCH_REGION_H

#include "masseflyt/model.h"

#include <stdio.h>

struct region_size {
    const char *name;
    int supply, demand, sites, weeks;
};

/* XS, S, M, L, XL, national: the sizes of optimization.md. */
const struct region_size *region_size(const char *name);
extern const struct region_size region_sizes[];

/* Fills reg (empty, over the real catalogue) with a region of this size
 * from this seed; the horizon starts on 2026-01-05 (a Monday). */
int region_generate(struct mf_registry *reg, const struct region_size *z,
                    unsigned long seed, struct mf_error *err);

/* Writes n lots (with their own places in EPSG:25833, as a project's
 * register would) as CSV for the import benchmark, and the orgs,
 * projects and sites files they refer to, into dir. */
int region_write_lots_csv(const char *dir, long n, unsigned long seed,
                          struct mf_error *err);

#endif
