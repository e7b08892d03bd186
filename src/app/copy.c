/*
 * copy.c - a whole registry from one store to another (SQLite to
 * PostgreSQL and back): read as of one moment, written in one transaction
 * into an empty registry.
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
             long n[MF_ENT_COUNT], struct mf_error *err)
{
    const struct mf_catalog *cat;
    struct store *src = NULL, *dst = NULL;
    struct mf_registry *reg = NULL;
    int rc, empty = 0, e;

    for (e = 0; e < MF_ENT_COUNT; e++)
        n[e] = 0;
    if ((rc = app_catalog(app, &cat, err)) ||
        (rc = store_open(&src, from, 0, err)))
        goto done;
    /* A damaged source is refused, as by every command that reads it
     * whole. */
    if ((rc = src->ops->check(src, 0, err)) ||
        (rc = mf_registry_new(&reg, cat, err)) ||
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
    if ((rc = put_all(dst, reg, n, err)) || (rc = dst->ops->commit(dst, err)))
        dst->ops->rollback(dst);
done:
    mf_registry_free(reg);
    store_close(src);
    store_close(dst);
    return rc;
}
