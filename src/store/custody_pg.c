/*
 * custody_pg.c - vehicles, quality documents, load tickets and receipts
 * in PostgreSQL, statement for statement as custody_sqlite.c (migration
 * pg/013_custody.sql), and in bulk by COPY. Every value is a parameter
 * or COPY data. A broken rule is named from the constraint PostgreSQL
 * reports.
 */
#include "accounts_pg.h"
#include "custody_store.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct num {
    char s[32];
};

static const char *inum(struct num *n, int64_t v)
{
    snprintf(n->s, sizeof n->s, "%lld", (long long)v);
    return n->s;
}

static const char *rnum(struct num *n, double v)
{
    snprintf(n->s, sizeof n->s, "%.17g", v);
    return n->s;
}

static const char *opt(const char *t)
{
    return t && *t ? t : NULL;
}

/* The error of a statement that failed, as a put names it: a broken rule
 * by the constraint PostgreSQL reports. */
static int refused(struct store *st, const PGresult *res,
                   enum store_custody_kind kind, const char *id,
                   const char *corrects, struct mf_error *err)
{
    const char *state = PQresultErrorField(res, PG_DIAG_SQLSTATE);
    const char *con = PQresultErrorField(res, PG_DIAG_CONSTRAINT_NAME);

    if (!con)
        con = "";
    if (state && !strcmp(state, "23505"))
        return cust_rule_broken(kind,
                                strstr(con, "code")        ? "code"
                                : strstr(con, "corrected") ? "corrected"
                                                           : "id",
                                id, corrects, err);
    if (state && !strcmp(state, "23503"))
        return cust_rule_broken(kind, "missing", id, corrects, err);
    if (state && (!strcmp(state, "23514") || !strcmp(state, "23502")))
        return mf_error_at(err, MF_EINVAL, id, "%s",
                           PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY));
    return store_pg_fail(st, res, "writing a custody record", err);
}

/* Runs sql; *out (when given) keeps the result. */
static int run(struct store *st, const char *sql, int n, const char *const *p,
               enum store_custody_kind kind, const char *id,
               const char *corrects, PGresult **out, struct mf_error *err)
{
    PGconn *c;
    PGresult *res;
    ExecStatusType t;
    int rc;

    if (out)
        *out = NULL;
    if ((rc = store_pg_conn(st, &c, err)))
        return rc;
    res = PQexecParams(c, sql, n, NULL, p, NULL, NULL, 0);
    t = PQresultStatus(res);
    if (t != PGRES_COMMAND_OK && t != PGRES_TUPLES_OK) {
        rc = refused(st, res, kind, id, corrects, err);
        PQclear(res);
        return rc;
    }
    if (out)
        *out = res;
    else
        PQclear(res);
    return MF_OK;
}

int cust_pg_vehicle_put(struct store *st, const struct store_vehicle *v,
                        struct mf_error *err)
{
    struct num a, b;
    const char *p[5] = {v->reg, opt(v->haulier), opt(v->truck),
                        v->payload_t > 0 ? rnum(&a, v->payload_t) : NULL,
                        inum(&b, v->created)};
    PGresult *res;
    int rc;

    if ((rc = run(st,
                  "INSERT INTO vehicle (" CUST_VEHICLE_COLS ") VALUES "
                  "($1, $2, $3, $4, $5) ON CONFLICT (reg) DO NOTHING",
                  5, p, STORE_VEHICLE, v->reg, "", NULL, err)))
        return rc;
    if ((rc = run(st, "SELECT haulier FROM vehicle WHERE reg = $1", 1, p,
                  STORE_VEHICLE, v->reg, "", &res, err)))
        return rc;
    if (PQntuples(res) == 1 && v->haulier[0] && !PQgetisnull(res, 0, 0) &&
        strcmp(PQgetvalue(res, 0, 0), v->haulier))
        rc = mf_error_at(err, MF_EINVAL, "haulier",
                         "vehicle %s is registered to haulier %s, not %s",
                         v->reg, PQgetvalue(res, 0, 0), v->haulier);
    PQclear(res);
    return rc;
}

int cust_pg_quality_doc_put(struct store *st, const struct store_quality_doc *d,
                            struct mf_error *err)
{
    struct num a, b, c;
    const char *p[6] = {d->id,
                        d->sha256,
                        d->tonnes > 0 ? rnum(&a, d->tonnes) : NULL,
                        d->issued != MF_DATE_NONE ? inum(&b, d->issued) : NULL,
                        opt(d->source),
                        inum(&c, d->created)};
    int rc, i;

    if (d->n_lots < 1)
        return mf_error_at(err, MF_EINVAL, "lots",
                           "quality document '%s' covers no lot", d->id);
    if ((rc = run(st,
                  "INSERT INTO quality_doc (" CUST_QDOC_COLS ") VALUES "
                  "($1, $2, $3, $4, $5, $6)",
                  6, p, STORE_QUALITY_DOC, d->id, "", NULL, err)))
        return rc;
    for (i = 0; i < d->n_lots; i++) {
        const char *q[2] = {d->id, d->lots[i]};
        if (run(st, "INSERT INTO quality_doc_lot (doc, lot) VALUES ($1, $2)", 2,
                q, STORE_QUALITY_DOC, d->id, "", NULL, err))
            return mf_error_at(err, MF_EINVAL, "lots",
                               "quality document '%s' names lot '%s' twice",
                               d->id, d->lots[i]);
    }
    return MF_OK;
}

/* The parameters of a ticket's and a receipt's INSERT, in the numbers
 * given. */
#define TICKET_SQL                                                             \
    "INSERT INTO ticket (" CUST_TICKET_COLS ") VALUES ($1, $2, $3, $4, $5, "   \
    "$6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)"
#define RECEIPT_SQL                                                            \
    "INSERT INTO receipt (" CUST_RECEIPT_COLS ") VALUES ($1, $2, $3, $4, $5, " \
    "$6, $7, $8, $9, $10, $11)"

static void ticket_params(const struct store_ticket *t, struct num n[3],
                          const char *p[16])
{
    p[0] = t->id;
    p[1] = opt(t->code);
    p[2] = opt(t->corrects);
    p[3] = t->corrects[0] ? opt(t->reason) : NULL;
    p[4] = t->voids ? "1" : "0";
    p[5] = t->lot;
    p[6] = t->origin;
    p[7] = t->dest;
    p[8] = t->haulier;
    p[9] = t->vehicle;
    p[10] = t->material;
    p[11] = rnum(&n[0], t->quantity);
    p[12] = t->state;
    p[13] = inum(&n[1], t->departed);
    p[14] = opt(t->quality_doc);
    p[15] = inum(&n[2], t->created);
}

static void receipt_params(const struct store_receipt *r, struct num n[3],
                           const char *p[11])
{
    p[0] = r->id;
    p[1] = r->ticket;
    p[2] = opt(r->corrects);
    p[3] = r->corrects[0] ? opt(r->reason) : NULL;
    p[4] = r->voids ? "1" : "0";
    p[5] = opt(r->site);
    p[6] = inum(&n[0], r->arrived);
    p[7] = r->weighed_t >= 0 ? rnum(&n[1], r->weighed_t) : NULL;
    p[8] = r->accepted ? "1" : "0";
    p[9] = r->accepted ? NULL : opt(r->rejection);
    p[10] = inum(&n[2], r->created);
}

int cust_pg_ticket_put(struct store *st, const struct store_ticket *t,
                       struct mf_error *err)
{
    struct num n[3];
    const char *p[16];

    ticket_params(t, n, p);
    return run(st, TICKET_SQL, 16, p, STORE_TICKET, t->id, t->corrects, NULL,
               err);
}

int cust_pg_receipt_put(struct store *st, const struct store_receipt *r,
                        struct mf_error *err)
{
    struct num n[3];
    const char *p[11];

    receipt_params(r, n, p);
    return run(st, RECEIPT_SQL, 11, p, STORE_RECEIPT, r->id, r->corrects, NULL,
               err);
}

/*
 * Many at once: the INSERTs of PIPE rows go to the server in one
 * pipeline (libpq's pipeline mode: the unnamed statement prepared once,
 * then each row bound and executed, then one sync), and their results are
 * read after, so the rows cost one round trip, not one each. A row
 * refused is named by its own result, as ticket_put names it; the rows
 * after it are not run (the server skips to the sync), and the
 * transaction is then failed, for the caller to roll back. PIPE bounds
 * what the server has to answer before the client reads, so neither
 * side waits on a full socket.
 */
#define PIPE 256

static int pipe_fail(PGconn *c, const char *what, struct mf_error *err)
{
    return mf_error_set(err, MF_ESTORE, "%s: %s", what, PQerrorMessage(c));
}

/* Reads the results of a pipeline of m rows (after its prepare) and its
 * sync. The first refusal goes to *bad (its index) and err. */
static int pipe_read(struct store *st, PGconn *c, enum store_custody_kind kind,
                     const void *recs, size_t m, size_t *bad,
                     struct mf_error *err)
{
    const struct store_ticket *t = recs;
    const struct store_receipt *r = recs;
    PGresult *res;
    size_t k;
    int rc = MF_OK, synced = 0;

    /* The prepare, then each row: one result, then NULL. */
    for (k = 0; k <= m; k++) {
        while ((res = PQgetResult(c))) {
            ExecStatusType s = PQresultStatus(res);
            if (s == PGRES_FATAL_ERROR && rc == MF_OK) {
                *bad = k ? k - 1 : 0;
                rc = !k ? refused(st, res, kind, "", "", err)
                     : kind == STORE_TICKET
                         ? refused(st, res, kind, t[k - 1].id,
                                   t[k - 1].corrects, err)
                         : refused(st, res, kind, r[k - 1].id,
                                   r[k - 1].corrects, err);
            } else if (s == PGRES_PIPELINE_SYNC) {
                synced = 1; /* fewer results than sent: a broken link */
            }
            PQclear(res);
            if (synced)
                break;
        }
        if (synced)
            break;
    }
    /* The sync's own result. */
    while (!synced && (res = PQgetResult(c))) {
        synced = PQresultStatus(res) == PGRES_PIPELINE_SYNC;
        PQclear(res);
    }
    if (!synced && rc == MF_OK) {
        *bad = 0;
        rc = pipe_fail(c, "writing custody records", err);
    }
    return rc;
}

static int pipe_many(struct store *st, enum store_custody_kind kind,
                     const void *recs, size_t n, size_t *at,
                     struct mf_error *err)
{
    const struct store_ticket *t = recs;
    const struct store_receipt *r = recs;
    const char *sql = kind == STORE_TICKET ? TICKET_SQL : RECEIPT_SQL;
    int np = kind == STORE_TICKET ? 16 : 11, rc;
    size_t i, k, m, bad = 0;
    struct num num[3];
    const char *p[16];
    PGconn *c;

    *at = 0;
    if (!n)
        return MF_OK;
    if ((rc = store_pg_conn(st, &c, err)))
        return rc;
    if (PQenterPipelineMode(c) != 1)
        return pipe_fail(c, "starting a pipeline", err);
    for (i = 0; i < n && rc == MF_OK; i += m) {
        m = n - i < PIPE ? n - i : PIPE;
        if (PQsendPrepare(c, "", sql, np, NULL) != 1) {
            *at = i;
            rc = pipe_fail(c, "sending custody records", err);
            break;
        }
        for (k = 0; k < m; k++) {
            if (kind == STORE_TICKET)
                ticket_params(&t[i + k], num, p);
            else
                receipt_params(&r[i + k], num, p);
            if (PQsendQueryPrepared(c, "", np, p, NULL, NULL, 0) != 1)
                break;
        }
        if (k < m || PQpipelineSync(c) != 1) {
            *at = i + k;
            rc = pipe_fail(c, "sending custody records", err);
            break;
        }
        if ((rc = pipe_read(st, c, kind,
                            (kind == STORE_TICKET ? (const void *)&t[i]
                                                  : (const void *)&r[i]),
                            m, &bad, err)))
            *at = i + bad;
    }
    if (PQexitPipelineMode(c) != 1 && rc == MF_OK)
        rc = pipe_fail(c, "ending a pipeline", err);
    return rc;
}

/*
 * Rows that correct none (an import's) go in by COPY, COPY_ROWS a
 * statement: the server inserts them without a statement each. A row it
 * refuses (a repeated id, a broken CHECK) is named by the line of the
 * COPY data the error's context gives ("COPY ticket, line 70"), which is
 * the row's place in the batch. A batch with a correction goes through
 * the pipeline above instead, as a correction's foreign key is checked at
 * the end of the statement, where no line is named.
 */
#define COPY_ROWS 4096

struct cbuf {
    char *p;
    size_t len, cap;
};

static int cbuf_put(struct cbuf *b, const char *s, size_t n)
{
    if (b->cap - b->len < n + 1) {
        size_t cap = b->cap ? b->cap : 1 << 16;
        char *p;
        while (cap - b->len < n + 1)
            cap *= 2;
        if (!(p = realloc(b->p, cap)))
            return -1;
        b->p = p;
        b->cap = cap;
    }
    memcpy(b->p + b->len, s, n);
    b->len += n;
    return 0;
}

/* One value in COPY's text format: \N for NULL; backslash, tab, newline
 * and carriage return escaped. */
static int cbuf_value(struct cbuf *b, const char *v)
{
    const char *q;
    int rc = 0;

    if (!v)
        return cbuf_put(b, "\\N", 2);
    for (q = v; *q && !rc; q++) {
        switch (*q) {
        case '\\':
            rc = cbuf_put(b, "\\\\", 2);
            break;
        case '\t':
            rc = cbuf_put(b, "\\t", 2);
            break;
        case '\n':
            rc = cbuf_put(b, "\\n", 2);
            break;
        case '\r':
            rc = cbuf_put(b, "\\r", 2);
            break;
        default:
            rc = cbuf_put(b, q, 1);
        }
    }
    return rc;
}

static int copy_many(struct store *st, PGconn *c, enum store_custody_kind kind,
                     const void *recs, size_t n, size_t *at, struct cbuf *b,
                     struct mf_error *err)
{
    const struct store_ticket *t = recs;
    const struct store_receipt *r = recs;
    int np = kind == STORE_TICKET ? 16 : 11, rc = MF_OK, k;
    struct num num[3];
    const char *p[16], *ctx, *line;
    PGresult *res;
    size_t i;

    *at = 0;
    b->len = 0;
    for (i = 0; i < n; i++) {
        if (kind == STORE_TICKET)
            ticket_params(&t[i], num, p);
        else
            receipt_params(&r[i], num, p);
        for (k = 0; k < np; k++)
            if ((k && cbuf_put(b, "\t", 1)) || cbuf_value(b, p[k]))
                return mf_error_set(err, MF_ENOMEM, "out of memory");
        if (cbuf_put(b, "\n", 1))
            return mf_error_set(err, MF_ENOMEM, "out of memory");
    }
    res = PQexec(c, kind == STORE_TICKET
                        ? "COPY ticket (" CUST_TICKET_COLS ") FROM STDIN"
                        : "COPY receipt (" CUST_RECEIPT_COLS ") FROM STDIN");
    if (PQresultStatus(res) != PGRES_COPY_IN) {
        rc = store_pg_fail(st, res, "writing custody records", err);
        PQclear(res);
        return rc;
    }
    PQclear(res);
    if (PQputCopyData(c, b->p, (int)b->len) != 1 || PQputCopyEnd(c, NULL) != 1)
        return pipe_fail(c, "sending custody records", err);
    res = PQgetResult(c);
    if (PQresultStatus(res) != PGRES_COMMAND_OK) {
        ctx = PQresultErrorField(res, PG_DIAG_CONTEXT);
        line = ctx ? strstr(ctx, ", line ") : NULL;
        i = line ? strtoul(line + 7, NULL, 10) : 0;
        *at = i >= 1 && i <= n ? i - 1 : 0;
        rc = kind == STORE_TICKET
                 ? refused(st, res, kind, t[*at].id, t[*at].corrects, err)
                 : refused(st, res, kind, r[*at].id, r[*at].corrects, err);
    }
    PQclear(res);
    while ((res = PQgetResult(c)))
        PQclear(res);
    return rc;
}

static int pg_many(struct store *st, enum store_custody_kind kind,
                   const void *recs, size_t n, size_t *at, struct mf_error *err)
{
    const struct store_ticket *t = recs;
    const struct store_receipt *r = recs;
    struct cbuf b = {0};
    size_t i, j, m, bad = 0;
    int rc = MF_OK, corrects;
    PGconn *c;

    *at = 0;
    if (!n)
        return MF_OK;
    if ((rc = store_pg_conn(st, &c, err)))
        return rc;
    for (i = 0; i < n && rc == MF_OK; i += m) {
        const void *sub =
            kind == STORE_TICKET ? (const void *)&t[i] : (const void *)&r[i];
        m = n - i < COPY_ROWS ? n - i : COPY_ROWS;
        for (corrects = 0, j = i; j < i + m && !corrects; j++)
            corrects =
                (kind == STORE_TICKET ? t[j].corrects : r[j].corrects)[0];
        rc = corrects ? pipe_many(st, kind, sub, m, &bad, err)
                      : copy_many(st, c, kind, sub, m, &bad, &b, err);
        if (rc)
            *at = i + bad;
    }
    free(b.p);
    return rc;
}

int cust_pg_tickets_put(struct store *st, const struct store_ticket *t,
                        size_t n, size_t *at, struct mf_error *err)
{
    return pg_many(st, STORE_TICKET, t, n, at, err);
}

int cust_pg_receipts_put(struct store *st, const struct store_receipt *r,
                         size_t n, size_t *at, struct mf_error *err)
{
    return pg_many(st, STORE_RECEIPT, r, n, at, err);
}

static void text(char *dst, size_t len, const PGresult *res, int row, int col)
{
    snprintf(dst, len, "%s",
             PQgetisnull(res, row, col) ? "" : PQgetvalue(res, row, col));
}

/*
 * A bulk load told its size: as store_sqlite_bulk_expect decides for
 * SQLite, the indexes of ticket and receipt that are not UNIQUE are
 * dropped when the tables hold few rows or the rows coming are at least
 * 1 / BULK_SHARE of those they hold (the share measured on SQLite), and
 * built again by cust_pg_bulk_end
 * (PostgreSQL's own advice for a large COPY: "Remove Indexes"). What
 * was dropped is kept in a temporary table dropped at the commit, so a
 * rollback forgets it with the drop itself.
 */
#define BULK_SHARE 2
#define BULK_FEW 1024
#define BULK_MIN 64

static const char *const bulk_drop =
    "DO $$DECLARE r record; BEGIN "
    "CREATE TEMP TABLE IF NOT EXISTS mf_custody_deferred (def text) "
    "ON COMMIT DROP; "
    "FOR r IN SELECT schemaname, indexname, indexdef FROM pg_indexes "
    "WHERE schemaname = current_schema() AND tablename IN ('ticket', "
    "'receipt') AND indexdef NOT LIKE 'CREATE UNIQUE%' LOOP "
    "INSERT INTO mf_custody_deferred VALUES (r.indexdef); "
    "EXECUTE format('DROP INDEX %I.%I', r.schemaname, r.indexname); "
    "END LOOP; END$$";

static const char *const bulk_build =
    "DO $$DECLARE r record; BEGIN "
    "IF to_regclass('pg_temp.mf_custody_deferred') IS NOT NULL THEN "
    "FOR r IN SELECT def FROM mf_custody_deferred LOOP EXECUTE r.def; "
    "END LOOP; DROP TABLE mf_custody_deferred; END IF; END$$";

int cust_pg_bulk_begin(struct store *st, long long rows, struct mf_error *err)
{
    PGresult *res;
    long long last;
    int rc;

    if (rows < BULK_MIN)
        return MF_OK;
    if ((rc = run(st, "SELECT coalesce(max(seq), 0) FROM ticket", 0, NULL,
                  STORE_TICKET, "", "", &res, err)))
        return rc;
    last = PQntuples(res) == 1 ? strtoll(PQgetvalue(res, 0, 0), NULL, 10) : 0;
    PQclear(res);
    if (last > BULK_FEW && rows < last / BULK_SHARE)
        return MF_OK;
    return run(st, bulk_drop, 0, NULL, STORE_TICKET, "", "", NULL, err);
}

int cust_pg_bulk_end(struct store *st, struct mf_error *err)
{
    return run(st, bulk_build, 0, NULL, STORE_TICKET, "", "", NULL, err);
}

static int64_t i64(const PGresult *res, int row, int col)
{
    return PQgetisnull(res, row, col)
               ? 0
               : strtoll(PQgetvalue(res, row, col), NULL, 10);
}

static double dbl(const PGresult *res, int row, int col)
{
    return PQgetisnull(res, row, col) ? 0
                                      : strtod(PQgetvalue(res, row, col), NULL);
}

static void read_ticket(const PGresult *res, int i, struct store_ticket *t)
{
    memset(t, 0, sizeof *t);
    t->seq = i64(res, i, 0);
    text(t->id, sizeof t->id, res, i, 1);
    text(t->code, sizeof t->code, res, i, 2);
    text(t->corrects, sizeof t->corrects, res, i, 3);
    text(t->reason, sizeof t->reason, res, i, 4);
    t->voids = (int)i64(res, i, 5);
    text(t->lot, sizeof t->lot, res, i, 6);
    text(t->origin, sizeof t->origin, res, i, 7);
    text(t->dest, sizeof t->dest, res, i, 8);
    text(t->haulier, sizeof t->haulier, res, i, 9);
    text(t->vehicle, sizeof t->vehicle, res, i, 10);
    text(t->material, sizeof t->material, res, i, 11);
    t->quantity = dbl(res, i, 12);
    text(t->state, sizeof t->state, res, i, 13);
    t->departed = i64(res, i, 14);
    text(t->quality_doc, sizeof t->quality_doc, res, i, 15);
    t->created = i64(res, i, 16);
}

/* A document's lots: a copy of the newline-joined text, cut in place. */
struct split {
    char *text;
    const char **ptr;
    size_t cap;
};

static int split_lots(const char *joined, struct split *l,
                      struct store_quality_doc *d)
{
    size_t len = strlen(joined), n = 1, i;
    char *t = realloc(l->text, len + 1);
    const char **p;

    if (!t)
        return -1;
    l->text = t;
    memcpy(t, joined, len + 1);
    for (i = 0; i < len; i++)
        n += t[i] == '\n';
    if (n > l->cap) {
        if (!(p = realloc(l->ptr, n * sizeof *p)))
            return -1;
        l->ptr = p;
        l->cap = n;
    }
    n = 0;
    l->ptr[n++] = t;
    for (i = 0; i < len; i++)
        if (t[i] == '\n') {
            t[i] = '\0';
            l->ptr[n++] = t + i + 1;
        }
    d->lots = l->ptr;
    d->n_lots = len ? (int)n : 0;
    return 0;
}

static const char *const select_sql[4] = {
    "SELECT " CUST_VEHICLE_COLS " FROM vehicle ORDER BY reg",
    /* The lots joined by newlines (a lot id holds no control
     * character: validate.c). */
    "SELECT " CUST_QDOC_COLS ", (SELECT string_agg(lot, E'\\n' ORDER BY lot) "
    "FROM quality_doc_lot WHERE doc = id) FROM quality_doc ORDER BY id",
    "SELECT seq, " CUST_TICKET_COLS " FROM ticket ORDER BY seq",
    "SELECT seq, " CUST_RECEIPT_COLS " FROM receipt ORDER BY seq",
};

int cust_pg_each(struct store *st, enum store_custody_kind kind,
                 store_custody_fn each, void *ctx, struct mf_error *err)
{
    PGresult *res;
    int rc, i, n;
    struct split lots = {0};
    union {
        struct store_vehicle v;
        struct store_quality_doc d;
        struct store_ticket t;
        struct store_receipt r;
    } u;

    if ((rc = run(st, select_sql[kind], 0, NULL, kind, "", "", &res, err)))
        return rc;
    n = PQntuples(res);
    for (i = 0; i < n && rc == MF_OK; i++) {
        switch (kind) {
        case STORE_VEHICLE:
            memset(&u.v, 0, sizeof u.v);
            text(u.v.reg, sizeof u.v.reg, res, i, 0);
            text(u.v.haulier, sizeof u.v.haulier, res, i, 1);
            text(u.v.truck, sizeof u.v.truck, res, i, 2);
            u.v.payload_t = dbl(res, i, 3);
            u.v.created = i64(res, i, 4);
            break;
        case STORE_QUALITY_DOC:
            memset(&u.d, 0, sizeof u.d);
            text(u.d.id, sizeof u.d.id, res, i, 0);
            text(u.d.sha256, sizeof u.d.sha256, res, i, 1);
            u.d.tonnes = dbl(res, i, 2);
            u.d.issued =
                PQgetisnull(res, i, 3) ? MF_DATE_NONE : (int32_t)i64(res, i, 3);
            text(u.d.source, sizeof u.d.source, res, i, 4);
            u.d.created = i64(res, i, 5);
            /* The lots, as one array from the query (column 6). */
            rc = split_lots(PQgetvalue(res, i, 6), &lots, &u.d);
            break;
        case STORE_TICKET:
            read_ticket(res, i, &u.t);
            break;
        case STORE_RECEIPT:
            memset(&u.r, 0, sizeof u.r);
            u.r.seq = i64(res, i, 0);
            text(u.r.id, sizeof u.r.id, res, i, 1);
            text(u.r.ticket, sizeof u.r.ticket, res, i, 2);
            text(u.r.corrects, sizeof u.r.corrects, res, i, 3);
            text(u.r.reason, sizeof u.r.reason, res, i, 4);
            u.r.voids = (int)i64(res, i, 5);
            text(u.r.site, sizeof u.r.site, res, i, 6);
            u.r.arrived = i64(res, i, 7);
            u.r.weighed_t = PQgetisnull(res, i, 8) ? -1 : dbl(res, i, 8);
            u.r.accepted = (int)i64(res, i, 9);
            text(u.r.rejection, sizeof u.r.rejection, res, i, 10);
            u.r.created = i64(res, i, 11);
            break;
        }
        if (rc)
            rc = mf_error_set(err, MF_ENOMEM, "out of memory");
        else
            rc = each(ctx, kind, &u, err);
    }
    PQclear(res);
    free(lots.text);
    free(lots.ptr);
    return rc;
}

int cust_pg_ticket_get(struct store *st, const char *id_or_code,
                       struct store_ticket *out, struct mf_error *err)
{
    PGresult *res;
    const char *p[1] = {id_or_code};
    int rc;

    if ((rc = run(st,
                  "SELECT seq, " CUST_TICKET_COLS " FROM ticket WHERE id = $1 "
                  "OR code = $1 ORDER BY (id = $1) DESC LIMIT 1",
                  1, p, STORE_TICKET, id_or_code, "", &res, err)))
        return rc;
    if (PQntuples(res) == 1)
        read_ticket(res, 0, out);
    else
        rc = mf_error_at(err, MF_ENOTFOUND, id_or_code,
                         "no ticket with this id or verification code");
    PQclear(res);
    return rc;
}
