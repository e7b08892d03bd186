/*
 * pg_result.c - running a statement and reading its result for the
 * PostgreSQL store's files (pg_result.h). Every value is a parameter
 * (PQexecParams); nothing a user sends is pasted into SQL.
 */
#include "pg_result.h"

#include <stdio.h>
#include <stdlib.h>

const char *pgq_num(struct pgq_num *n, int64_t v)
{
    snprintf(n->s, sizeof n->s, "%lld", (long long)v);
    return n->s;
}

const char *pgq_text_or_null(const char *t)
{
    return t && *t ? t : NULL;
}

int64_t pgq_int_at(const PGresult *r, int row, int col)
{
    char *end;

    return PQgetisnull(r, row, col)
               ? 0
               : (int64_t)strtoll(PQgetvalue(r, row, col), &end, 10);
}

void pgq_text_at(char *dst, size_t len, const PGresult *r, int row, int col)
{
    snprintf(dst, len, "%s", PQgetvalue(r, row, col));
}

int pgq_run(struct store *st, const char *sql, int n, const char *const *p,
            const int *lens, pgq_refuse_fn refuse, const void *ctx,
            const char *what, PGresult **out, struct mf_error *err)
{
    enum { MAX_BINARY = 16 };
    PGconn *c;
    PGresult *res;
    ExecStatusType t;
    int fmts[MAX_BINARY] = {0}, i, rc;

    if (out)
        *out = NULL;
    if (lens && n > MAX_BINARY)
        return mf_error_set(err, MF_ERR,
                            "%s: %d parameters, binary ones at most %d", what,
                            n, MAX_BINARY);
    if ((rc = store_pg_conn(st, &c, err)))
        return rc;
    for (i = 0; lens && i < n; i++)
        fmts[i] = lens[i] >= 0;
    res = PQexecParams(c, sql, n, NULL, p, lens, lens ? fmts : NULL, 0);
    t = PQresultStatus(res);
    if (t != PGRES_COMMAND_OK && t != PGRES_TUPLES_OK) {
        rc = refuse ? refuse(st, res, ctx, err)
                    : store_pg_fail(st, res, what, err);
        PQclear(res);
        return rc;
    }
    if (out)
        *out = res;
    else
        PQclear(res);
    return MF_OK;
}
