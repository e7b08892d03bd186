/*
 * store.c - picks the backend a DSN names.
 */
#include "store.h"

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
