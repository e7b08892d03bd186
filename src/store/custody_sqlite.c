/*
 * custody_sqlite.c - vehicles, quality documents, load tickets and
 * receipts in SQLite (migration 013_custody.sql). Rows are only ever
 * inserted: the tables' triggers refuse UPDATE and DELETE, and a
 * correction is a new row naming the one it corrects.
 *
 * An import of tickets puts hundreds of thousands of rows in one
 * transaction, so the four INSERT statements are prepared once per store
 * and kept (reset, rebound) rather than prepared per row, and the bulk
 * entries (tickets_put, receipts_put) send 64 rows a statement. Every
 * value is bound; nothing a user sends is pasted into SQL.
 */
#include "custody_store.h"

#include "accounts_sqlite.h"

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The inserts by enum store_custody_kind, and a document's lots. */
#define N_INSERTS 5
#define INS_DOC_LOT 4

/* Rows a multi-row insert of tickets or receipts takes: 64 tickets bind
 * 1,024 values, within SQLite's limit of 32,766. */
#define MANY 64

struct cust_sqlite {
    sqlite3_stmt *ins[N_INSERTS];
    sqlite3_stmt *many[2]; /* MANY tickets, MANY receipts */
};

static const char *const insert_sql[N_INSERTS] = {
    "INSERT INTO vehicle (" CUST_VEHICLE_COLS ") VALUES (?, ?, ?, ?, ?) "
    "ON CONFLICT (reg) DO NOTHING",
    "INSERT INTO quality_doc (" CUST_QDOC_COLS ") VALUES (?, ?, ?, ?, ?, ?)",
    "INSERT INTO ticket (" CUST_TICKET_COLS ") VALUES "
    "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
    "INSERT INTO receipt (" CUST_RECEIPT_COLS ") VALUES "
    "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
    "INSERT INTO quality_doc_lot (doc, lot) VALUES (?, ?)",
};

static const char *const kind_name[4] = {"vehicle", "quality document",
                                         "ticket", "receipt"};

void cust_sqlite_free(struct cust_sqlite *c)
{
    int i;

    if (!c)
        return;
    for (i = 0; i < N_INSERTS; i++)
        sqlite3_finalize(c->ins[i]);
    sqlite3_finalize(c->many[0]);
    sqlite3_finalize(c->many[1]);
    free(c);
}

int cust_rule_broken(enum store_custody_kind kind, const char *what,
                     const char *id, const char *corrects, struct mf_error *err)
{
    const char *k = kind_name[kind];

    if (!strcmp(what, "id"))
        return mf_error_at(err, MF_EINVAL, "id",
                           "a %s with id '%s' is stored already; records "
                           "are never replaced (add a correction)",
                           k, id);
    if (!strcmp(what, "code"))
        return mf_error_at(err, MF_EINVAL, "code",
                           "the verification code of ticket '%s' is taken "
                           "by another ticket",
                           id);
    if (!strcmp(what, "corrected"))
        return mf_error_at(err, MF_EINVAL, "corrects",
                           "%s '%s' is corrected already; correct the "
                           "newest record of its chain",
                           k, corrects);
    if (!strcmp(what, "missing"))
        return mf_error_at(err, MF_EINVAL, "corrects",
                           "no %s '%s' is stored to be corrected", k, corrects);
    return mf_error_at(err, MF_EINVAL, what,
                       "the %s '%s' breaks a rule of "
                       "the database (%s)",
                       k, id, what);
}

static int fail(struct store *st, struct mf_error *err, const char *what)
{
    const char *path;
    sqlite3 *db = store_sqlite_db(st, &path);

    return mf_error_at(err, MF_ESTORE, path, "%s: %s", what,
                       sqlite3_errmsg(db));
}

static int statement(struct store *st, int kind, sqlite3_stmt **out,
                     struct mf_error *err)
{
    struct cust_sqlite **slot = store_sqlite_custody(st);
    sqlite3 *db = store_sqlite_db(st, NULL);

    if (!*slot && !(*slot = calloc(1, sizeof **slot)))
        return mf_error_set(err, MF_ENOMEM, "out of memory");
    if (!(*slot)->ins[kind] &&
        sqlite3_prepare_v3(db, insert_sql[kind], -1, SQLITE_PREPARE_PERSISTENT,
                           &(*slot)->ins[kind], NULL) != SQLITE_OK)
        return fail(st, err, "preparing an insert");
    *out = (*slot)->ins[kind];
    return MF_OK;
}

static void bind_text(sqlite3_stmt *s, int i, const char *t)
{
    sqlite3_bind_text(s, i, t, -1, SQLITE_STATIC);
}

static void bind_opt(sqlite3_stmt *s, int i, const char *t)
{
    if (t[0])
        sqlite3_bind_text(s, i, t, -1, SQLITE_STATIC);
    else
        sqlite3_bind_null(s, i);
}

/* Steps an insert, names the rule a constraint error broke. */
static int run_insert(struct store *st, sqlite3_stmt *s,
                      enum store_custody_kind kind, const char *id,
                      const char *corrects, struct mf_error *err)
{
    sqlite3 *db = store_sqlite_db(st, NULL);
    int rc = sqlite3_step(s), ext;
    const char *msg;

    if (rc == SQLITE_DONE) {
        sqlite3_reset(s);
        sqlite3_clear_bindings(s);
        store_sqlite_wrote(st, 1);
        return MF_OK;
    }
    ext = sqlite3_extended_errcode(db);
    msg = sqlite3_errmsg(db);
    if (ext == SQLITE_CONSTRAINT_UNIQUE ||
        ext == SQLITE_CONSTRAINT_PRIMARYKEY) {
        rc = strstr(msg, ".code")
                 ? cust_rule_broken(kind, "code", id, corrects, err)
             : strstr(msg, ".corrects")
                 ? cust_rule_broken(kind, "corrected", id, corrects, err)
                 : cust_rule_broken(kind, "id", id, corrects, err);
    } else if (ext == SQLITE_CONSTRAINT_FOREIGNKEY) {
        rc = cust_rule_broken(kind, "missing", id, corrects, err);
    } else if (ext == SQLITE_CONSTRAINT_CHECK ||
               ext == SQLITE_CONSTRAINT_NOTNULL) {
        rc = mf_error_at(err, MF_EINVAL, id, "%s", msg);
    } else {
        rc = fail(st, err, "writing a custody record");
    }
    sqlite3_reset(s);
    sqlite3_clear_bindings(s);
    return rc;
}

int cust_sqlite_vehicle_put(struct store *st, const struct store_vehicle *v,
                            struct mf_error *err)
{
    sqlite3 *db = store_sqlite_db(st, NULL);
    sqlite3_stmt *s, *q;
    int rc;

    if ((rc = statement(st, STORE_VEHICLE, &s, err)))
        return rc;
    bind_text(s, 1, v->reg);
    bind_opt(s, 2, v->haulier);
    bind_opt(s, 3, v->truck);
    if (v->payload_t > 0)
        sqlite3_bind_double(s, 4, v->payload_t);
    else
        sqlite3_bind_null(s, 4);
    sqlite3_bind_int64(s, 5, v->created);
    if ((rc = run_insert(st, s, STORE_VEHICLE, v->reg, "", err)))
        return rc;
    if (sqlite3_changes(db) == 1)
        return MF_OK;
    /* Stored already: the same haulier's is the same vehicle. */
    if (sqlite3_prepare_v2(db, "SELECT haulier FROM vehicle WHERE reg = ?", -1,
                           &q, NULL) != SQLITE_OK)
        return fail(st, err, "reading a vehicle");
    bind_text(q, 1, v->reg);
    rc = MF_OK;
    if (sqlite3_step(q) == SQLITE_ROW && v->haulier[0] &&
        sqlite3_column_type(q, 0) != SQLITE_NULL &&
        strcmp((const char *)sqlite3_column_text(q, 0), v->haulier))
        rc = mf_error_at(err, MF_EINVAL, "haulier",
                         "vehicle %s is registered to haulier %s, not %s",
                         v->reg, (const char *)sqlite3_column_text(q, 0),
                         v->haulier);
    sqlite3_finalize(q);
    return rc;
}

int cust_sqlite_quality_doc_put(struct store *st,
                                const struct store_quality_doc *d,
                                struct mf_error *err)
{
    sqlite3_stmt *s, *l;
    int rc, i;

    if (d->n_lots < 1)
        return mf_error_at(err, MF_EINVAL, "lots",
                           "quality document '%s' covers no lot", d->id);
    if ((rc = statement(st, STORE_QUALITY_DOC, &s, err)) ||
        (rc = statement(st, INS_DOC_LOT, &l, err)))
        return rc;
    bind_text(s, 1, d->id);
    bind_text(s, 2, d->sha256);
    if (d->tonnes > 0)
        sqlite3_bind_double(s, 3, d->tonnes);
    else
        sqlite3_bind_null(s, 3);
    if (d->issued != MF_DATE_NONE)
        sqlite3_bind_int64(s, 4, d->issued);
    else
        sqlite3_bind_null(s, 4);
    bind_opt(s, 5, d->source);
    sqlite3_bind_int64(s, 6, d->created);
    if ((rc = run_insert(st, s, STORE_QUALITY_DOC, d->id, "", err)))
        return rc;
    for (i = 0; i < d->n_lots; i++) {
        bind_text(l, 1, d->id);
        bind_text(l, 2, d->lots[i]);
        if (sqlite3_step(l) != SQLITE_DONE) {
            sqlite3_reset(l);
            return mf_error_at(err, MF_EINVAL, "lots",
                               "quality document '%s' names lot '%s' twice",
                               d->id, d->lots[i]);
        }
        sqlite3_reset(l);
    }
    return MF_OK;
}

static void bind_ticket(sqlite3_stmt *s, int b, const struct store_ticket *t)
{
    bind_text(s, b + 1, t->id);
    bind_opt(s, b + 2, t->code);
    bind_opt(s, b + 3, t->corrects);
    bind_opt(s, b + 4, t->corrects[0] ? t->reason : "");
    sqlite3_bind_int(s, b + 5, t->voids ? 1 : 0);
    bind_text(s, b + 6, t->lot);
    bind_text(s, b + 7, t->origin);
    bind_text(s, b + 8, t->dest);
    bind_text(s, b + 9, t->haulier);
    bind_text(s, b + 10, t->vehicle);
    bind_text(s, b + 11, t->material);
    sqlite3_bind_double(s, b + 12, t->quantity);
    bind_text(s, b + 13, t->state);
    sqlite3_bind_int64(s, b + 14, t->departed);
    bind_opt(s, b + 15, t->quality_doc);
    sqlite3_bind_int64(s, b + 16, t->created);
}

static void bind_receipt(sqlite3_stmt *s, int b, const struct store_receipt *r)
{
    bind_text(s, b + 1, r->id);
    bind_text(s, b + 2, r->ticket);
    bind_opt(s, b + 3, r->corrects);
    bind_opt(s, b + 4, r->corrects[0] ? r->reason : "");
    sqlite3_bind_int(s, b + 5, r->voids ? 1 : 0);
    bind_opt(s, b + 6, r->site);
    sqlite3_bind_int64(s, b + 7, r->arrived);
    if (r->weighed_t >= 0)
        sqlite3_bind_double(s, b + 8, r->weighed_t);
    else
        sqlite3_bind_null(s, b + 8);
    sqlite3_bind_int(s, b + 9, r->accepted ? 1 : 0);
    bind_opt(s, b + 10, r->accepted ? "" : r->rejection);
    sqlite3_bind_int64(s, b + 11, r->created);
}

/* One ticket, its row counted by the caller. */
static int ticket_one(struct store *st, const struct store_ticket *t,
                      struct mf_error *err)
{
    sqlite3_stmt *s;
    int rc;

    if ((rc = statement(st, STORE_TICKET, &s, err)))
        return rc;
    bind_ticket(s, 0, t);
    return run_insert(st, s, STORE_TICKET, t->id, t->corrects, err);
}

static int receipt_one(struct store *st, const struct store_receipt *r,
                       struct mf_error *err)
{
    sqlite3_stmt *s;
    int rc;

    if ((rc = statement(st, STORE_RECEIPT, &s, err)))
        return rc;
    bind_receipt(s, 0, r);
    return run_insert(st, s, STORE_RECEIPT, r->id, r->corrects, err);
}

int cust_sqlite_ticket_put(struct store *st, const struct store_ticket *t,
                           struct mf_error *err)
{
    int rc = store_sqlite_bulk_row(st, "ticket", err);

    return rc ? rc : ticket_one(st, t, err);
}

int cust_sqlite_receipt_put(struct store *st, const struct store_receipt *r,
                            struct mf_error *err)
{
    int rc = store_sqlite_bulk_row(st, "receipt", err);

    return rc ? rc : receipt_one(st, r, err);
}

/*
 * Many at once: MANY rows a statement (an INSERT of MANY value lists,
 * prepared once per store), the rest one by one. A statement that fails
 * is undone by SQLite as a whole (its statement journal), so its rows
 * are put again one by one, which names the row refused and the rule it
 * broke as ticket_put does.
 */
static int many_statement(struct store *st, int kind, sqlite3_stmt **out,
                          struct mf_error *err)
{
    struct cust_sqlite **slot = store_sqlite_custody(st);
    sqlite3 *db = store_sqlite_db(st, NULL);
    int cols = kind == STORE_TICKET ? 16 : 11, i, k, m = kind == STORE_RECEIPT;
    char *sql;
    size_t len = 0, cap;

    if (!*slot && !(*slot = calloc(1, sizeof **slot)))
        return mf_error_set(err, MF_ENOMEM, "out of memory");
    if ((*out = (*slot)->many[m]))
        return MF_OK;
    cap = 200 + (size_t)MANY * (size_t)(3 * cols + 4);
    if (!(sql = malloc(cap)))
        return mf_error_set(err, MF_ENOMEM, "out of memory");
    len = (size_t)snprintf(sql, cap, "INSERT INTO %s (%s) VALUES ",
                           m ? "receipt" : "ticket",
                           m ? CUST_RECEIPT_COLS : CUST_TICKET_COLS);
    for (i = 0; i < MANY; i++) {
        sql[len++] = i ? ',' : ' ';
        sql[len++] = '(';
        for (k = 0; k < cols; k++) {
            if (k)
                sql[len++] = ',';
            sql[len++] = '?';
        }
        sql[len++] = ')';
    }
    sql[len] = '\0';
    i = sqlite3_prepare_v3(db, sql, (int)len + 1, SQLITE_PREPARE_PERSISTENT,
                           &(*slot)->many[m], NULL);
    free(sql);
    if (i != SQLITE_OK)
        return fail(st, err, "preparing an insert");
    *out = (*slot)->many[m];
    return MF_OK;
}

static int put_many(struct store *st, enum store_custody_kind kind,
                    const void *recs, size_t n, size_t *at,
                    struct mf_error *err)
{
    const struct store_ticket *t = recs;
    const struct store_receipt *r = recs;
    const char *table = kind == STORE_TICKET ? "ticket" : "receipt";
    int cols = kind == STORE_TICKET ? 16 : 11, rc = MF_OK, k;
    size_t i = 0, j;
    sqlite3_stmt *s = NULL;

    *at = 0;
    while (n - i >= MANY) {
        for (k = 0; k < MANY; k++)
            if ((rc = store_sqlite_bulk_row(st, table, err))) {
                *at = i + (size_t)k;
                return rc;
            }
        if ((rc = many_statement(st, kind, &s, err))) {
            *at = i;
            return rc;
        }
        for (k = 0; k < MANY; k++) {
            if (kind == STORE_TICKET)
                bind_ticket(s, k * cols, &t[i + (size_t)k]);
            else
                bind_receipt(s, k * cols, &r[i + (size_t)k]);
        }
        rc = sqlite3_step(s);
        sqlite3_reset(s);
        if (rc == SQLITE_DONE) {
            store_sqlite_wrote(st, MANY);
            i += MANY;
            continue;
        }
        /* Undone as a whole: the rows again one by one name the one
         * refused. */
        for (j = i; j < i + MANY; j++) {
            rc = kind == STORE_TICKET ? ticket_one(st, &t[j], err)
                                      : receipt_one(st, &r[j], err);
            if (rc) {
                *at = j;
                return rc;
            }
        }
        i += MANY;
    }
    for (; i < n; i++) {
        rc = kind == STORE_TICKET ? cust_sqlite_ticket_put(st, &t[i], err)
                                  : cust_sqlite_receipt_put(st, &r[i], err);
        if (rc) {
            *at = i;
            return rc;
        }
    }
    return MF_OK;
}

int cust_sqlite_tickets_put(struct store *st, const struct store_ticket *t,
                            size_t n, size_t *at, struct mf_error *err)
{
    return put_many(st, STORE_TICKET, t, n, at, err);
}

int cust_sqlite_receipts_put(struct store *st, const struct store_receipt *r,
                             size_t n, size_t *at, struct mf_error *err)
{
    return put_many(st, STORE_RECEIPT, r, n, at, err);
}

int cust_sqlite_bulk_begin(struct store *st, long long rows,
                           struct mf_error *err)
{
    int rc = store_sqlite_bulk_load(st, rows, err);

    if (rc == MF_OK)
        rc = store_sqlite_bulk_expect(st, "ticket", rows, err);
    return rc ? rc : store_sqlite_bulk_expect(st, "receipt", rows, err);
}

int cust_sqlite_bulk_end(struct store *st, struct mf_error *err)
{
    return store_sqlite_bulk_build(st, err);
}

static void text(char *dst, size_t len, sqlite3_stmt *s, int col)
{
    const unsigned char *t = sqlite3_column_text(s, col);

    snprintf(dst, len, "%s", t ? (const char *)t : "");
}

static void read_ticket(sqlite3_stmt *s, struct store_ticket *t)
{
    memset(t, 0, sizeof *t);
    t->seq = sqlite3_column_int64(s, 0);
    text(t->id, sizeof t->id, s, 1);
    text(t->code, sizeof t->code, s, 2);
    text(t->corrects, sizeof t->corrects, s, 3);
    text(t->reason, sizeof t->reason, s, 4);
    t->voids = sqlite3_column_int(s, 5);
    text(t->lot, sizeof t->lot, s, 6);
    text(t->origin, sizeof t->origin, s, 7);
    text(t->dest, sizeof t->dest, s, 8);
    text(t->haulier, sizeof t->haulier, s, 9);
    text(t->vehicle, sizeof t->vehicle, s, 10);
    text(t->material, sizeof t->material, s, 11);
    t->quantity = sqlite3_column_double(s, 12);
    text(t->state, sizeof t->state, s, 13);
    t->departed = sqlite3_column_int64(s, 14);
    text(t->quality_doc, sizeof t->quality_doc, s, 15);
    t->created = sqlite3_column_int64(s, 16);
}

static void read_receipt(sqlite3_stmt *s, struct store_receipt *r)
{
    memset(r, 0, sizeof *r);
    r->seq = sqlite3_column_int64(s, 0);
    text(r->id, sizeof r->id, s, 1);
    text(r->ticket, sizeof r->ticket, s, 2);
    text(r->corrects, sizeof r->corrects, s, 3);
    text(r->reason, sizeof r->reason, s, 4);
    r->voids = sqlite3_column_int(s, 5);
    text(r->site, sizeof r->site, s, 6);
    r->arrived = sqlite3_column_int64(s, 7);
    r->weighed_t = sqlite3_column_type(s, 8) == SQLITE_NULL
                       ? -1
                       : sqlite3_column_double(s, 8);
    r->accepted = sqlite3_column_int(s, 9);
    text(r->rejection, sizeof r->rejection, s, 10);
    r->created = sqlite3_column_int64(s, 11);
}

/* The lots of a document, read for a walk: texts and pointers to them,
 * reused from one document to the next. */
struct doc_lots {
    char **text;
    const char **ptr;
    int n, cap;
};

static void doc_lots_free(struct doc_lots *l)
{
    int i;

    for (i = 0; i < l->n; i++)
        free(l->text[i]);
    free(l->text);
    free(l->ptr);
}

static int doc_lots(struct store *st, struct store_quality_doc *d,
                    struct doc_lots *l, struct mf_error *err)
{
    sqlite3 *db = store_sqlite_db(st, NULL);
    sqlite3_stmt *q;
    int i, step, rc = MF_OK;

    for (i = 0; i < l->n; i++)
        free(l->text[i]);
    l->n = 0;
    if (sqlite3_prepare_v2(db,
                           "SELECT lot FROM quality_doc_lot WHERE doc = ? "
                           "ORDER BY lot",
                           -1, &q, NULL) != SQLITE_OK)
        return fail(st, err, "reading a document's lots");
    bind_text(q, 1, d->id);
    while ((step = sqlite3_step(q)) == SQLITE_ROW) {
        if (l->n == l->cap) {
            int cap = l->cap ? 2 * l->cap : 8;
            char **t = realloc(l->text, (size_t)cap * sizeof *t);
            const char **p;
            if (t)
                l->text = t;
            p = t ? realloc(l->ptr, (size_t)cap * sizeof *p) : NULL;
            if (!p) {
                rc = mf_error_set(err, MF_ENOMEM, "out of memory");
                break;
            }
            l->ptr = p;
            l->cap = cap;
        }
        if (!(l->text[l->n] =
                  strdup((const char *)sqlite3_column_text(q, 0)))) {
            rc = mf_error_set(err, MF_ENOMEM, "out of memory");
            break;
        }
        l->ptr[l->n] = l->text[l->n];
        l->n++;
    }
    if (rc == MF_OK && step != SQLITE_DONE)
        rc = fail(st, err, "reading a document's lots");
    sqlite3_finalize(q);
    d->lots = l->ptr;
    d->n_lots = l->n;
    return rc;
}

static const char *const select_sql[4] = {
    "SELECT " CUST_VEHICLE_COLS " FROM vehicle ORDER BY reg",
    "SELECT " CUST_QDOC_COLS " FROM quality_doc ORDER BY id",
    "SELECT seq, " CUST_TICKET_COLS " FROM ticket ORDER BY seq",
    "SELECT seq, " CUST_RECEIPT_COLS " FROM receipt ORDER BY seq",
};

int cust_sqlite_each(struct store *st, enum store_custody_kind kind,
                     store_custody_fn each, void *ctx, struct mf_error *err)
{
    sqlite3 *db = store_sqlite_db(st, NULL);
    sqlite3_stmt *s;
    int rc = MF_OK, step;
    struct doc_lots lots = {0};
    union {
        struct store_vehicle v;
        struct store_quality_doc d;
        struct store_ticket t;
        struct store_receipt r;
    } u;

    if (sqlite3_prepare_v2(db, select_sql[kind], -1, &s, NULL) != SQLITE_OK)
        return fail(st, err, "reading custody records");
    while ((step = sqlite3_step(s)) == SQLITE_ROW) {
        switch (kind) {
        case STORE_VEHICLE:
            memset(&u.v, 0, sizeof u.v);
            text(u.v.reg, sizeof u.v.reg, s, 0);
            text(u.v.haulier, sizeof u.v.haulier, s, 1);
            text(u.v.truck, sizeof u.v.truck, s, 2);
            u.v.payload_t = sqlite3_column_double(s, 3);
            u.v.created = sqlite3_column_int64(s, 4);
            break;
        case STORE_QUALITY_DOC:
            memset(&u.d, 0, sizeof u.d);
            text(u.d.id, sizeof u.d.id, s, 0);
            text(u.d.sha256, sizeof u.d.sha256, s, 1);
            u.d.tonnes = sqlite3_column_double(s, 2);
            u.d.issued = sqlite3_column_type(s, 3) == SQLITE_NULL
                             ? MF_DATE_NONE
                             : (int32_t)sqlite3_column_int64(s, 3);
            text(u.d.source, sizeof u.d.source, s, 4);
            u.d.created = sqlite3_column_int64(s, 5);
            if ((rc = doc_lots(st, &u.d, &lots, err)))
                break;
            break;
        case STORE_TICKET:
            read_ticket(s, &u.t);
            break;
        case STORE_RECEIPT:
            read_receipt(s, &u.r);
            break;
        }
        if (rc || (rc = each(ctx, kind, &u, err)))
            break;
    }
    if (rc == MF_OK && step != SQLITE_DONE)
        rc = fail(st, err, "reading custody records");
    sqlite3_finalize(s);
    doc_lots_free(&lots);
    return rc;
}

int cust_sqlite_ticket_get(struct store *st, const char *id_or_code,
                           struct store_ticket *out, struct mf_error *err)
{
    sqlite3 *db = store_sqlite_db(st, NULL);
    sqlite3_stmt *s;
    int rc, i;
    static const char *const sql[2] = {
        "SELECT seq, " CUST_TICKET_COLS " FROM ticket WHERE id = ?",
        "SELECT seq, " CUST_TICKET_COLS " FROM ticket WHERE code = ?",
    };

    for (i = 0; i < 2; i++) {
        if (sqlite3_prepare_v2(db, sql[i], -1, &s, NULL) != SQLITE_OK)
            return fail(st, err, "reading a ticket");
        bind_text(s, 1, id_or_code);
        rc = sqlite3_step(s);
        if (rc == SQLITE_ROW)
            read_ticket(s, out);
        sqlite3_finalize(s);
        if (rc == SQLITE_ROW)
            return MF_OK;
        if (rc != SQLITE_DONE)
            return fail(st, err, "reading a ticket");
    }
    return mf_error_at(err, MF_ENOTFOUND, id_or_code,
                       "no ticket with this id or verification code");
}
