/*
 * copy.c - a whole registry from one store to another (SQLite to
 * PostgreSQL and back): the records, then the stored documents, the
 * import log, the accounts with their tokens and audit log, and the
 * municipality boundaries, row for row with their ids; read as of one
 * moment, written in one transaction into an empty registry. Sessions and
 * login throttles are not copied: they are short-lived, and a user logs
 * in again against the new store.
 */
#include "app_int.h"

#include <stdlib.h>

void app_dsn_shown(const char *dsn, char *out, size_t len)
{
    store_dsn_mask(dsn, out, len);
}

/* Whether the store holds any record. */
static int is_empty(struct store *st, int *empty, struct mf_error *err)
{
    int e, rc;

    *empty = 1;
    for (e = 0; e < MF_ENT_COUNT && *empty; e++) {
        struct store_query q = STORE_QUERY_INIT;
        long long n = 0;

        q.kind = (enum mf_entity)e;
        if ((rc = st->ops->count(st, &q, &n, err)))
            return rc;
        *empty = n == 0;
    }
    return MF_OK;
}

/* The tables copied row for row, in an order that puts what a row refers
 * to (an account's org, a token's account) before it. */
struct table {
    const char *name;
    int n;
    const char *cols[10];
};

static const struct table tables[APP_COPY_VEHICLES] = {
    {"document", 4, {"kind", "name", "created", "json"}},
    {"import_log", 6, {"id", "at", "file", "kind", "records", "encoding"}},
    {"account",
     10,
     {"id", "email", "name", "org", "role", "pw_hash", "disabled", "version",
      "created", "updated"}},
    {"api_token",
     7,
     {"id", "account", "name", "hash", "created", "expires", "revoked"}},
    {"audit",
     8,
     {"id", "at", "actor", "actor_email", "action", "target", "before",
      "after"}},
    {"municipality_boundary",
     5,
     {"number", "name", "geometry", "source", "imported"}},
};

struct row_copy {
    struct store *to;
    const struct table *t;
    long n;
};

static int put_row(void *ctx, int n, const char *const *vals,
                   struct mf_error *err)
{
    struct row_copy *c = ctx;

    c->n++;
    return c->to->ops->put_row(c->to, c->t->name, c->t->cols, n, vals, err);
}

static int put_tables(struct store *from, struct store *to,
                      long rows[APP_COPY_TABLES], struct mf_error *err)
{
    int i, rc;

    if (from->ops->version < STORE_OPS_ROWS_VERSION ||
        to->ops->version < STORE_OPS_ROWS_VERSION)
        return mf_error_set(err, MF_EINVAL,
                            "this store cannot copy documents and accounts");
    for (i = 0; i < APP_COPY_VEHICLES; i++) {
        struct row_copy c = {to, &tables[i], 0};

        if ((rc = from->ops->rows(from, tables[i].name, tables[i].cols,
                                  tables[i].n, put_row, &c, err)))
            return rc;
        rows[i] = c.n;
    }
    return MF_OK;
}

struct custody_copy {
    struct store *to;
    long *rows;
};

static int put_custody_record(void *ctx, enum store_custody_kind kind,
                              const void *rec, struct mf_error *err)
{
    struct custody_copy *c = ctx;
    struct store *to = c->to;

    c->rows[APP_COPY_VEHICLES + (int)kind]++;
    switch (kind) {
    case STORE_VEHICLE:
        return to->ops->vehicle_put(to, rec, err);
    case STORE_QUALITY_DOC:
        return to->ops->quality_doc_put(to, rec, err);
    case STORE_TICKET:
        return to->ops->ticket_put(to, rec, err);
    case STORE_RECEIPT:
        return to->ops->receipt_put(to, rec, err);
    }
    return mf_error_set(err, MF_EINVAL, "no such kind of custody record");
}

/* Tickets and receipts keep their ids, codes and times; each store numbers
 * them again (seq) in the same order, so a correction still follows what
 * it corrects. */
static int put_custody(struct store *from, struct store *to,
                       long rows[APP_COPY_TABLES], struct mf_error *err)
{
    struct custody_copy c = {to, rows};
    int k, rc;

    if (from->ops->version < STORE_OPS_CUSTODY_VERSION ||
        to->ops->version < STORE_OPS_CUSTODY_VERSION)
        return mf_error_set(err, MF_EINVAL,
                            "this store cannot copy the chain of custody");
    for (k = STORE_VEHICLE; k <= STORE_RECEIPT; k++)
        if ((rc = from->ops->custody_each(from, (enum store_custody_kind)k,
                                          put_custody_record, &c, err)))
            return rc;
    return MF_OK;
}

static int put_all(struct store *to, const struct mf_registry *reg,
                   long n[MF_ENT_COUNT], struct mf_error *err)
{
    const struct mf_catalog *cat = mf_registry_catalog(reg);
    int e, rc;

    /* In this order, so each record's references are there before it. */
    for (e = 0; e < MF_ENT_COUNT; e++) {
        size_t i, count = mf_registry_count(reg, (enum mf_entity)e);

        for (i = 0; i < count; i++) {
            rc = to->ops->put(to, cat, (enum mf_entity)e,
                              mf_registry_at(reg, (enum mf_entity)e, i), err);
            if (rc)
                return rc;
        }
        n[e] = (long)count;
    }
    return MF_OK;
}

int app_copy(struct app *app, const char *from, const char *to,
             long n[MF_ENT_COUNT], long rows[APP_COPY_TABLES],
             struct mf_error *err)
{
    const struct mf_catalog *cat;
    struct store *src = NULL, *dst = NULL;
    struct mf_registry *reg = NULL;
    int rc, empty = 0, e, src_tx = 0;

    for (e = 0; e < MF_ENT_COUNT; e++)
        n[e] = 0;
    for (e = 0; e < APP_COPY_TABLES; e++)
        rows[e] = 0;
    if ((rc = app_catalog(app, &cat, err)) ||
        (rc = store_open(&src, from, 0, err)))
        goto done;
    /* A damaged source is refused, as by every command that reads it
     * whole. The source is read inside one transaction, the records
     * and the tables alike. */
    if ((rc = src->ops->check(src, 0, err)) || (rc = src->ops->begin(src, err)))
        goto done;
    src_tx = 1;
    if ((rc = mf_registry_new(&reg, cat, err)) ||
        (rc = src->ops->load(src, reg, STORE_ALL, err)) ||
        (rc = store_open(&dst, to, 1, err)) ||
        (rc = is_empty(dst, &empty, err)))
        goto done;
    if (!empty) {
        rc = mf_error_set(err, MF_EINVAL,
                          "the target registry already holds records; copy "
                          "into a new, empty one");
        goto done;
    }
    if ((rc = dst->ops->begin(dst, err)))
        goto done;
    if ((rc = put_all(dst, reg, n, err)) ||
        (rc = put_tables(src, dst, rows, err)) ||
        (rc = put_custody(src, dst, rows, err)) ||
        (rc = dst->ops->commit(dst, err)))
        dst->ops->rollback(dst);
done:
    if (src_tx)
        src->ops->rollback(src);
    mf_registry_free(reg);
    store_close(src);
    store_close(dst);
    return rc;
}
