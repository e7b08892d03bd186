/*
 * custody_csv.h - seeded tickets written as a weighbridge export
 * (docs/FORMATS.md, "Weighbridge exports"), for the import benchmark
 * (bench/custody-import.sh).
 */
#ifndef MF_BENCH_CUSTODY_CSV_H
#define MF_BENCH_CUSTODY_CSV_H

#include "masseflyt/custody.h"

#include <stddef.h>

/* Writes each original ticket of d (corrections have no row in the
 * format) as one row, with its receipt when it has one, to path. Times
 * are UTC with their "Z", so no local hour is read twice. *rows gets the
 * number of rows, *receipts those with a receipt. 0, or -1 with a
 * message on stderr. */
int custody_write_csv(const struct mf_catalog *cat,
                      const struct mf_custody_data *d, const char *path,
                      size_t *rows, size_t *receipts);

#endif
