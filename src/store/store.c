/*
 * store.c - picks the backend a DSN names.
 */
#include "store.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int store_open(struct store **out, const char *dsn, int create,
               struct mf_error *err)
{
    *out = NULL;
    if (store_route_wants(dsn)) /* a primary with a read replica */
        return store_route_open(out, dsn, create, err);
    if (!strncmp(dsn, "postgres://", 11) || !strncmp(dsn, "postgresql://", 13))
        return store_pg_ops.open(out, dsn, create, err);
    if (!strncmp(dsn, "sqlite:", 7))
        dsn += 7;
    return store_sqlite_ops.open(out, dsn, create, err);
}

void store_close(struct store *st)
{
    if (st)
        st->ops->close(st);
}

/* Copies src[0 .. n) and then t to out, as far as len allows. */
static size_t put(char *out, size_t len, size_t at, const char *src, size_t n)
{
    size_t room = at < len ? len - 1 - at : 0;

    if (n > room)
        n = room;
    memcpy(out + at, src, n);
    out[at + n] = '\0';
    return at + n;
}

void store_dsn_mask(const char *dsn, char *out, size_t len)
{
    const char *scheme = strstr(dsn, "://");
    const char *p = dsn, *pw;
    size_t at = 0;

    if (!len)
        return;
    out[0] = '\0';
    if (scheme) {
        /* The authority runs to the first '/', '?' or '#'; its last '@'
         * ends "user:password". */
        const char *host = scheme + 3, *end = host + strcspn(host, "/?#");
        const char *a = NULL, *c;

        for (c = host; c < end; c++)
            if (*c == '@')
                a = c;
        if (a && (c = memchr(host, ':', (size_t)(a - host)))) {
            at = put(out, len, at, dsn, (size_t)(c + 1 - dsn));
            at = put(out, len, at, "***", 3);
            p = a;
        }
    }
    /* "password=..." as a URL parameter or a libpq keyword. */
    while ((pw = strstr(p, "password=")) != NULL) {
        at = put(out, len, at, p, (size_t)(pw + 9 - p));
        at = put(out, len, at, "***", 3);
        p = pw + 9 + strcspn(pw + 9, "& ");
    }
    put(out, len, at, p, strlen(p));
}

int store_names_ok(const char *table, const char *const *cols, int n)
{
    int i;

    if (!table[0] || table[strspn(table, "abcdefghijklmnopqrstuvwxyz_")])
        return 0;
    for (i = 0; i < n; i++)
        if (!cols[i][0] ||
            cols[i][strspn(cols[i], "abcdefghijklmnopqrstuvwxyz_")])
            return 0;
    return n > 0;
}

void store_job_free(struct store_job *j)
{
    if (!j)
        return;
    free(j->params);
    free(j->result);
    memset(j, 0, sizeof *j);
}
