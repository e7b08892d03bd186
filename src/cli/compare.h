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

#endif
