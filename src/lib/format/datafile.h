/*
 * datafile.h - reading the CSV files of the data folder (catalogue,
 * factors, scenarios): required columns, typed cells, and errors that name
 * file, line and column. A thin layer over format/records.h.
 */
#ifndef MF_FORMAT_DATAFILE_H
#define MF_FORMAT_DATAFILE_H

#include "masseflyt/error.h"
#include "util/arena.h"

#include <stdint.h>

struct rec_reader;

struct datafile {
    struct rec_reader *r;
    struct arena *arena; /* where kept strings go */
    char where[200];
};

/* Opens dir/name (UTF-8 only) and checks the header has every column of
 * `required` (NULL-terminated). */
int datafile_open(struct datafile *d, const char *dir, const char *name,
                  const char *const *required, struct arena *arena,
                  struct mf_error *err);
void datafile_close(struct datafile *d);
/* 1 with a record, 0 at the end, < 0 on error. */
int datafile_next(struct datafile *d, struct mf_error *err);
/* The cell, "" when empty or absent. */
const char *datafile_val(struct datafile *d, const char *col);
/* "file:line: col", for errors. */
const char *datafile_where(struct datafile *d, const char *col);
/* Copies the cell into the arena; sets *fail when memory is out. */
char *datafile_keep(struct datafile *d, const char *col, int *fail);
/* A number; an empty cell gives def. */
int datafile_num(struct datafile *d, const char *col, double def, double *out,
                 struct mf_error *err);
/* 0 or 1; empty gives 0. */
int datafile_flag(struct datafile *d, const char *col, int *out,
                  struct mf_error *err);
/* A date; empty gives MF_DATE_NONE. */
int datafile_date(struct datafile *d, const char *col, int32_t *out,
                  struct mf_error *err);

#endif
