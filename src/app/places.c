/*
 * places.c - app_import_municipalities: Kartverket's municipality
 * boundaries into the store, for validate's check of places against
 * their municipality (places.h).
 */
#include "app_int.h"

#include "masseflyt/municipality.h"
#include "masseflyt/places.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The whole of a file, malloc'ed; MF_ENOTFOUND when it is not there. */
static int slurp(const char *path, char **out, size_t *len,
                 struct mf_error *err)
{
    FILE *f = fopen(path, "rb");
    char *buf = NULL, *grown;
    size_t n = 0, cap = 0, got;

    *out = NULL;
    if (!f)
        return mf_error_at(err, errno == ENOENT ? MF_ENOTFOUND : MF_EIO, path,
                           "cannot open: %s", strerror(errno));
    do {
        if (n + 65536 > cap) {
            cap = cap ? 2 * cap : 1 << 20;
            grown = realloc(buf, cap + 1);
            if (!grown) {
                free(buf);
                fclose(f);
                return mf_error_set(err, MF_ENOMEM, "out of memory");
            }
            buf = grown;
        }
        got = fread(buf + n, 1, cap - n, f);
        n += got;
    } while (got > 0);
    if (ferror(f)) {
        free(buf);
        fclose(f);
        return mf_error_at(err, MF_EIO, path, "reading failed");
    }
    fclose(f);
    buf[n] = '\0';
    *out = buf;
    *len = n;
    return MF_OK;
}

/* Every boundary is of a municipality in force (data/municipalities.csv):
 * a file from before a reform is refused with the number to use. */
static int check_numbers(const struct mf_catalog *cat, const char *path,
                         const struct mf_municipalities *m,
                         struct mf_error *err)
{
    size_t i, k = mf_municipalities_count(m);
    char why[200];

    for (i = 0; i < k; i++) {
        const char *num = mf_municipality_number(m, i);
        if (mf_municipality_check(cat, num, why, sizeof why))
            return mf_error_at(err, MF_EINVAL, path,
                               "kommunenummer %s (%s): %s; the boundaries "
                               "must be of the municipalities in force "
                               "(data/municipalities.csv): download "
                               "Kartverket's current file",
                               num,
                               *mf_municipality_name(m, i)
                                   ? mf_municipality_name(m, i)
                                   : "no name",
                               why);
    }
    return MF_OK;
}

int app_import_municipalities(struct app_session *s, const char *path,
                              size_t *n, struct mf_error *err)
{
    const struct mf_catalog *cat;
    struct mf_municipalities *m = NULL;
    struct store *st;
    char *text = NULL;
    size_t len = 0;
    int rc;

    *n = 0;
    if ((rc = app_store(s, 0, &st, err)))
        return rc;
    if (st->ops->version < STORE_OPS_MUNICIPALITIES_VERSION ||
        !st->ops->municipalities_put)
        return mf_error_set(err, MF_ESTORE,
                            "this store keeps no municipality boundaries");
    if ((rc = app_catalog(s->app, &cat, err)) ||
        (rc = slurp(path, &text, &len, err)) ||
        (rc = mf_municipalities_read(&m, path, text, len, err)) ||
        (rc = check_numbers(cat, path, m, err)))
        goto done;
    if ((rc = st->ops->begin(st, err)))
        goto done;
    rc = st->ops->municipalities_put(st, m, path, err);
    if (rc == MF_OK)
        rc = st->ops->commit(st, err);
    if (rc)
        st->ops->rollback(st);
    else
        *n = mf_municipalities_count(m);
done:
    mf_municipalities_free(m);
    free(text);
    return rc;
}

int app_municipalities(struct app_session *s, struct mf_municipalities **out,
                       struct mf_error *err)
{
    struct store *st;
    int rc;

    *out = NULL;
    if ((rc = app_store(s, 0, &st, err)))
        return rc;
    if (st->ops->version < STORE_OPS_MUNICIPALITIES_VERSION ||
        !st->ops->municipalities_load)
        return MF_OK;
    return st->ops->municipalities_load(st, out, err);
}
