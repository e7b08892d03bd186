/*
 * custody_find.c - the store's custody_find for SQLite and PostgreSQL: a
 * page of tickets or receipts, filtered, ordered and paged by the
 * database, each with what its chain says of it (the record correcting
 * it, a ticket's receipt in force and status), found by indexed lookups
 * (migration 013's indexes on id, corrects and a receipt's ticket). Both
 * backends run the same statement, built here with numbered parameters
 * (?N for SQLite, $N for PostgreSQL); every value a caller gives is a
 * parameter, only the page's numbers are written into the text.
 */
#include "accounts_pg.h"
#include "accounts_sqlite.h"
#include "custody_store.h"

#include <sqlite3.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_PARAMS 8

struct sqlbuf {
    char s[6144];
    size_t n;
    int pg;
    int overflow;
    const char *params[MAX_PARAMS];
    int n_params;
};

static void put(struct sqlbuf *b, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void put(struct sqlbuf *b, const char *fmt, ...)
{
    va_list ap;
    int k;

    if (b->overflow)
        return;
    va_start(ap, fmt);
    k = vsnprintf(b->s + b->n, sizeof b->s - b->n, fmt, ap);
    va_end(ap);
    if (k < 0 || (size_t)k >= sizeof b->s - b->n)
        b->overflow = 1;
    else
        b->n += (size_t)k;
}

/* A new parameter's placeholder ("?3" or "$3") in ph. */
static const char *param(struct sqlbuf *b, const char *value, char ph[16])
{
    b->params[b->n_params++] = value;
    snprintf(ph, 16, "%c%d", b->pg ? '$' : '?', b->n_params % 100);
    return ph;
}

/* The sites of a JSON array as a set the statement reads. */
static void site_set(struct sqlbuf *b, const char *ph)
{
    if (b->pg)
        put(b, "(SELECT json_array_elements_text(%s::json))", ph);
    else
        put(b, "(SELECT value FROM json_each(%s))", ph);
}

static void page(struct sqlbuf *b, const struct store_custody_query *q)
{
    if (q->limit > 0)
        put(b, " LIMIT %lld", q->limit);
    else if (q->offset > 0 && !b->pg)
        put(b, " LIMIT -1");
    if (q->offset > 0)
        put(b, " OFFSET %lld", q->offset);
}

/* The WHERE of the stored records q selects ("t" a ticket or receipt),
 * its status aside but what the status needs of the ticket itself. */
static void where(struct sqlbuf *b, const struct store_custody_query *q,
                  const char *table)
{
    char ph[16];
    const char *st = q->kind == STORE_TICKET ? q->status : NULL;

    put(b, " WHERE 1 = 1");
    if (q->id)
        put(b, " AND t.id = %s", param(b, q->id, ph));
    if (q->corrects)
        put(b, " AND t.corrects = %s", param(b, q->corrects, ph));
    if (q->after)
        put(b, " AND t.seq > (SELECT a.seq FROM %s a WHERE a.id = %s)", table,
            param(b, q->after, ph));
    if (q->kind != STORE_TICKET)
        return;
    if (q->lot)
        put(b, " AND t.lot = %s", param(b, q->lot, ph));
    if (q->site) {
        param(b, q->site, ph);
        put(b, " AND (t.origin = %s OR t.dest = %s)", ph, ph);
    }
    if (q->sites) {
        param(b, q->sites, ph);
        put(b, " AND (t.origin IN ");
        site_set(b, ph);
        put(b, " OR t.dest IN ");
        site_set(b, ph);
        put(b, ")");
    }
    if (st) {
        int corrected = !strcmp(st, "corrected");
        put(b, " AND %sEXISTS (SELECT 1 FROM ticket c WHERE c.corrects = t.id)",
            corrected ? "" : "NOT ");
        if (!corrected)
            put(b, " AND t.voids = %d", !strcmp(st, "void"));
    }
}

#define T_COLS                                                                 \
    "seq, id, code, corrects, reason, voids, lot, origin, dest, haulier, "     \
    "vehicle, material, quantity, state, departed, quality_doc, created"
#define R_COLS                                                                 \
    "seq, id, ticket, corrects, reason, voids, site, arrived, weighed_t, "     \
    "accepted, rejection, created"

/* The tickets q selects (paged when `paged`), each with the ticket that
 * corrects it, its receipt in force (the nearest up its chain: at most 64
 * records, as the server always looked) and its status. */
static void ticket_sql(struct sqlbuf *b, const struct store_custody_query *q,
                       int count)
{
    int status_paged = q->status != NULL;

    put(b,
        "SELECT %s FROM (SELECT p.*, "
        "rr.seq AS r_seq, rr.id AS r_id, rr.ticket AS r_ticket, "
        "rr.corrects AS r_corrects, rr.reason AS r_reason, "
        "rr.voids AS r_voids, rr.site AS r_site, rr.arrived AS r_arrived, "
        "rr.weighed_t AS r_weighed_t, rr.accepted AS r_accepted, "
        "rr.rejection AS r_rejection, rr.created AS r_created, "
        "CASE WHEN p.cby IS NOT NULL THEN 'corrected' "
        "WHEN p.voids = 1 THEN 'void' "
        "WHEN rr.seq IS NULL THEN 'in_transit' "
        "WHEN rr.accepted = 1 THEN 'received' ELSE 'rejected' END "
        "AS status FROM (SELECT u.*, "
        "(SELECT c.id FROM ticket c WHERE c.corrects = u.id) AS cby, "
        /* A ticket that corrects none has no chain to walk up. */
        "CASE WHEN u.corrects IS NULL THEN (SELECT r.seq FROM receipt r "
        "WHERE r.ticket = u.id AND r.voids = 0 AND NOT EXISTS (SELECT 1 "
        "FROM receipt r2 WHERE r2.corrects = r.id) ORDER BY r.seq LIMIT 1) "
        "ELSE (WITH RECURSIVE up(id, c, d) AS (SELECT u.id, u.corrects, 0 "
        "UNION ALL SELECT x.id, x.corrects, up.d + 1 FROM up "
        "JOIN ticket x ON x.id = up.c WHERE up.d < 63) "
        "SELECT r.seq FROM up JOIN receipt r ON r.ticket = up.id "
        "WHERE r.voids = 0 AND NOT EXISTS (SELECT 1 FROM receipt r2 "
        "WHERE r2.corrects = r.id) ORDER BY up.d, r.seq LIMIT 1) END "
        "AS rseq "
        "FROM (SELECT " T_COLS " FROM ticket t",
        count ? "count(*)" : "z.*");
    where(b, q, "ticket");
    if (!status_paged && !count) {
        put(b, " ORDER BY t.seq");
        page(b, q);
    }
    put(b, ") u) p LEFT JOIN receipt rr ON rr.seq = p.rseq) z");
    if (q->status) {
        char ph[16];
        put(b, " WHERE z.status = %s", param(b, q->status, ph));
    }
    if (!count) {
        put(b, " ORDER BY z.seq");
        if (status_paged)
            page(b, q);
    }
}

static void receipt_sql(struct sqlbuf *b, const struct store_custody_query *q,
                        int count)
{
    if (count)
        put(b, "SELECT count(*) FROM receipt t");
    else
        put(b, "SELECT " R_COLS ", (SELECT c.id FROM receipt c "
               "WHERE c.corrects = t.id) AS cby FROM receipt t");
    where(b, q, "receipt");
    if (!count) {
        put(b, " ORDER BY t.seq");
        page(b, q);
    }
}

/* The count of a ticket query without a status needs none of the chain. */
static void build(struct sqlbuf *b, const struct store_custody_query *q,
                  int count)
{
    if (q->kind == STORE_RECEIPT)
        receipt_sql(b, q, count);
    else if (count && !q->status) {
        put(b, "SELECT count(*) FROM ticket t");
        where(b, q, "ticket");
    } else
        ticket_sql(b, q, count);
}

static int check_query(const struct store_custody_query *q,
                       struct mf_error *err)
{
    static const char *const states[] = {"in_transit", "received", "rejected",
                                         "corrected",  "void",     NULL};
    int k;

    if (q->kind != STORE_TICKET && q->kind != STORE_RECEIPT)
        return mf_error_set(err, MF_EINVAL,
                            "custody_find reads tickets or receipts");
    if (q->limit < 0 || q->offset < 0)
        return mf_error_at(err, MF_EINVAL, "limit",
                           "limit and offset must not be negative");
    if (q->status) {
        for (k = 0; states[k] && strcmp(states[k], q->status); k++)
            ;
        if (!states[k])
            return mf_error_at(err, MF_EINVAL, "status",
                               "must be in_transit, received, rejected, "
                               "corrected or void");
    }
    return MF_OK;
}

/* ---- reading a row, whichever backend ---- */

struct row {
    sqlite3_stmt *s;
    const PGresult *res;
    int i;
};

static int isnull(const struct row *w, int col)
{
    return w->s ? sqlite3_column_type(w->s, col) == SQLITE_NULL
                : PQgetisnull(w->res, w->i, col);
}

static void text(const struct row *w, int col, char *dst, size_t len)
{
    const char *t = w->s ? (const char *)sqlite3_column_text(w->s, col)
                    : isnull(w, col) ? NULL
                                     : PQgetvalue(w->res, w->i, col);

    snprintf(dst, len, "%s", t ? t : "");
}

static int64_t i64(const struct row *w, int col)
{
    return w->s ? sqlite3_column_int64(w->s, col)
                : strtoll(PQgetvalue(w->res, w->i, col), NULL, 10);
}

static double dbl(const struct row *w, int col)
{
    return w->s ? sqlite3_column_double(w->s, col)
                : strtod(PQgetvalue(w->res, w->i, col), NULL);
}

/* A receipt's 12 columns from col on. */
static void read_receipt(const struct row *w, int col, struct store_receipt *r)
{
    memset(r, 0, sizeof *r);
    r->seq = i64(w, col);
    text(w, col + 1, r->id, sizeof r->id);
    text(w, col + 2, r->ticket, sizeof r->ticket);
    text(w, col + 3, r->corrects, sizeof r->corrects);
    text(w, col + 4, r->reason, sizeof r->reason);
    r->voids = (int)i64(w, col + 5);
    text(w, col + 6, r->site, sizeof r->site);
    r->arrived = i64(w, col + 7);
    r->weighed_t = isnull(w, col + 8) ? -1 : dbl(w, col + 8);
    r->accepted = (int)i64(w, col + 9);
    text(w, col + 10, r->rejection, sizeof r->rejection);
    r->created = i64(w, col + 11);
}

static void read_found(const struct row *w, enum store_custody_kind kind,
                       struct store_custody_found *f)
{
    struct store_ticket *t = &f->ticket;

    memset(f, 0, sizeof *f);
    f->kind = kind;
    if (kind == STORE_RECEIPT) {
        read_receipt(w, 0, &f->receipt);
        text(w, 12, f->corrected_by, sizeof f->corrected_by);
        return;
    }
    t->seq = i64(w, 0);
    text(w, 1, t->id, sizeof t->id);
    text(w, 2, t->code, sizeof t->code);
    text(w, 3, t->corrects, sizeof t->corrects);
    text(w, 4, t->reason, sizeof t->reason);
    t->voids = (int)i64(w, 5);
    text(w, 6, t->lot, sizeof t->lot);
    text(w, 7, t->origin, sizeof t->origin);
    text(w, 8, t->dest, sizeof t->dest);
    text(w, 9, t->haulier, sizeof t->haulier);
    text(w, 10, t->vehicle, sizeof t->vehicle);
    text(w, 11, t->material, sizeof t->material);
    t->quantity = dbl(w, 12);
    text(w, 13, t->state, sizeof t->state);
    t->departed = i64(w, 14);
    text(w, 15, t->quality_doc, sizeof t->quality_doc);
    t->created = i64(w, 16);
    text(w, 17, f->corrected_by, sizeof f->corrected_by);
    /* 18: the receipt's seq as found (rseq), then the receipt. */
    f->has_receipt = !isnull(w, 19);
    if (f->has_receipt)
        read_receipt(w, 19, &f->receipt);
    text(w, 31, f->status, sizeof f->status);
}

/* ---- SQLite ---- */

static int sqlite_fail(struct store *st, struct mf_error *err)
{
    const char *path;
    sqlite3 *db = store_sqlite_db(st, &path);

    return mf_error_at(err, MF_ESTORE, path, "reading custody records: %s",
                       sqlite3_errmsg(db));
}

static int sqlite_run(struct store *st, struct sqlbuf *b, int count,
                      enum store_custody_kind kind, store_found_fn each,
                      void *ctx, long long *n, struct mf_error *err)
{
    sqlite3 *db = store_sqlite_db(st, NULL);
    sqlite3_stmt *s;
    struct store_custody_found *f;
    struct row w = {0};
    int rc = MF_OK, i, step;

    if (b->overflow)
        return mf_error_set(err, MF_EINVAL, "custody query too long");
    if (sqlite3_prepare_v2(db, b->s, -1, &s, NULL) != SQLITE_OK)
        return sqlite_fail(st, err);
    for (i = 0; i < b->n_params; i++)
        sqlite3_bind_text(s, i + 1, b->params[i], -1, SQLITE_STATIC);
    if (!(f = malloc(sizeof *f))) {
        sqlite3_finalize(s);
        return mf_error_set(err, MF_ENOMEM, "out of memory");
    }
    w.s = s;
    while (!rc && (step = sqlite3_step(s)) == SQLITE_ROW) {
        if (count) {
            *n = sqlite3_column_int64(s, 0);
            continue;
        }
        read_found(&w, kind, f);
        rc = each(ctx, f, err);
    }
    if (!rc && step != SQLITE_DONE)
        rc = sqlite_fail(st, err);
    free(f);
    sqlite3_finalize(s);
    return rc;
}

/* ---- PostgreSQL ---- */

static int pg_run(struct store *st, struct sqlbuf *b, int count,
                  enum store_custody_kind kind, store_found_fn each, void *ctx,
                  long long *n, struct mf_error *err)
{
    PGconn *c;
    PGresult *res;
    struct store_custody_found *f;
    struct row w = {0};
    int rc, i;

    if (b->overflow)
        return mf_error_set(err, MF_EINVAL, "custody query too long");
    if ((rc = store_pg_conn(st, &c, err)))
        return rc;
    res = PQexecParams(c, b->s, b->n_params, NULL, b->params, NULL, NULL, 0);
    if (PQresultStatus(res) != PGRES_TUPLES_OK) {
        rc = store_pg_fail(st, res, "reading custody records", err);
        PQclear(res);
        return rc;
    }
    if (count) {
        *n = PQntuples(res) ? strtoll(PQgetvalue(res, 0, 0), NULL, 10) : 0;
        PQclear(res);
        return MF_OK;
    }
    if (!(f = malloc(sizeof *f))) {
        PQclear(res);
        return mf_error_set(err, MF_ENOMEM, "out of memory");
    }
    w.res = res;
    for (i = 0; !rc && i < PQntuples(res); i++) {
        w.i = i;
        read_found(&w, kind, f);
        rc = each(ctx, f, err);
    }
    free(f);
    PQclear(res);
    return rc;
}

/* ---- both ---- */

typedef int (*run_fn)(struct store *st, struct sqlbuf *b, int count,
                      enum store_custody_kind kind, store_found_fn each,
                      void *ctx, long long *n, struct mf_error *err);

/* The page of q, each row to each(); then, if total is given, the count
 * of every row that matches (without the page). */
static int find(struct store *st, const struct store_custody_query *q, int pg,
                run_fn run, store_found_fn each, void *ctx, long long *total,
                struct mf_error *err)
{
    struct sqlbuf b;
    int rc;

    if ((rc = check_query(q, err)))
        return rc;
    memset(&b, 0, sizeof b);
    b.pg = pg;
    build(&b, q, 0);
    if ((rc = run(st, &b, 0, q->kind, each, ctx, NULL, err)))
        return rc;
    if (!total)
        return MF_OK;
    memset(&b, 0, sizeof b);
    b.pg = pg;
    *total = 0;
    build(&b, q, 1);
    return run(st, &b, 1, q->kind, NULL, NULL, total, err);
}

int cust_sqlite_find(struct store *st, const struct store_custody_query *q,
                     store_found_fn each, void *ctx, long long *total,
                     struct mf_error *err)
{
    return find(st, q, 0, sqlite_run, each, ctx, total, err);
}

int cust_pg_find(struct store *st, const struct store_custody_query *q,
                 store_found_fn each, void *ctx, long long *total,
                 struct mf_error *err)
{
    return find(st, q, 1, pg_run, each, ctx, total, err);
}
