/*
 * pg_result.h - what the PostgreSQL store's files (accounts_pg.c,
 * jobs_pg.c) share to run a statement and read its result: one way to
 * send parameters, one way to read a column, one place that turns a
 * failed statement into an error.
 */
#ifndef MF_PG_RESULT_H
#define MF_PG_RESULT_H

#include "accounts_pg.h"

#include <stdint.h>

/* A 64-bit integer as a parameter's text. */
struct pgq_num {
    char s[24];
};

const char *pgq_num(struct pgq_num *n, int64_t v);
/* NULL (SQL NULL) for a missing or empty text. */
const char *pgq_text_or_null(const char *t);

/* Column col of row as an integer (0 when NULL), or as text into dst. */
int64_t pgq_int_at(const PGresult *r, int row, int col);
void pgq_text_at(char *dst, size_t len, const PGresult *r, int row, int col);

/* Turns a failed statement's result into the caller's error; ctx is
 * pgq_run's. */
typedef int (*pgq_refuse_fn)(struct store *st, const PGresult *res,
                             const void *ctx, struct mf_error *err);

/*
 * Runs sql with n parameters: text, but for those `lens` (when given)
 * gives a length of 0 or more for, which are binary. *out (when given)
 * keeps the result, for the caller to PQclear. A failure goes to
 * refuse(st, res, ctx, err) when given, else to store_pg_fail() with
 * `what`; either way nothing is kept and the error's code is returned.
 */
int pgq_run(struct store *st, const char *sql, int n, const char *const *p,
            const int *lens, pgq_refuse_fn refuse, const void *ctx,
            const char *what, PGresult **out, struct mf_error *err);

#endif
