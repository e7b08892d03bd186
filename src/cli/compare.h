/*
 * compare.h - indicator tables: several plans side by side (business as
 * usual, the plan, scenarios), with differences against the first.
 */
#ifndef MF_CLI_COMPARE_H
#define MF_CLI_COMPARE_H

#include "masseflyt/indicators.h"

#include <stdio.h>

/* Prints the indicators of n plans, headed by names, with a difference
 * column (last minus first) when diff is set. csv: comma-separated. */
void compare_print(FILE *f, const char *const *names,
                   const struct mf_indicators *const *ind, int n, int diff,
                   int csv);

/* Ranks the n measures against the reference ref (compare_rank: cost to
 * society per tonne CO2e avoided, and tonnes reused) with a written
 * conclusion. */
void compare_rank(FILE *f, const char *ref, const char *const *names,
                  const struct mf_indicators *ref_ind,
                  const struct mf_indicators *const *ind, int n);

#endif
