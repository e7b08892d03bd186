/*
 * municipality.h - Norway's municipality numbers (kommunenummer) in force
 * and the retired ones, from the data folder:
 *
 *   municipalities.csv        the municipalities as of 1 January 2024
 *                             (SSB's classification 131): number, name,
 *                             county
 *   municipality_changes.csv  numbers no longer in use (the 2020 and 2024
 *                             reforms and earlier mergers): what each
 *                             became at the next reform and which of
 *                             today's municipalities holds its area
 *
 * Both are optional: a data folder without municipalities.csv has no list,
 * and a number is then only checked for its form (four digits).
 */
#ifndef MF_MUNICIPALITY_H
#define MF_MUNICIPALITY_H

#include "masseflyt/model.h"

#include <stddef.h>

struct mf_municipality {
    const char *number;        /* "0301" */
    const char *name;          /* "Oslo" */
    const char *county_number; /* "03" */
    const char *county;        /* "Oslo" */
};

/* The municipalities in force, by number; 0 when the data folder has
 * none. */
int mf_catalog_n_municipalities(const struct mf_catalog *cat);
const struct mf_municipality *
mf_catalog_municipality(const struct mf_catalog *cat, int i);
/* The municipality in force with this number, or NULL. */
const struct mf_municipality *
mf_catalog_find_municipality(const struct mf_catalog *cat, const char *number);

/* Checks a municipality number against the list. MF_OK when it is in
 * force (or, with no list loaded, when it is four digits); else MF_EINVAL
 * with why set to what is wrong and the number to use where one is known:
 *   "3005 was Drammen until 2024; use 3301 Drammen"
 *   "301 has 3 digits, a kommunenummer 4 (a spreadsheet drops a leading
 *    zero): use 0301 Oslo"
 * why holds at most len bytes with its NUL. */
int mf_municipality_check(const struct mf_catalog *cat, const char *number,
                          char *why, size_t len);

#endif
