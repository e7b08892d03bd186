/*
 * accounts_pg.h - the PostgreSQL backend's accounts entries (version 4 of
 * struct store_ops), kept in their own file as for SQLite; store_pg.c puts
 * them in its table and lends them its connection.
 */
#ifndef MF_ACCOUNTS_PG_H
#define MF_ACCOUNTS_PG_H

#include "store.h"

#include <libpq-fe.h>

/* The connection of a PostgreSQL store, after sending the records it
 * still holds in its batch (so a statement sees them); MF_OK or the
 * batch's error. */
int store_pg_conn(struct store *st, PGconn **conn, struct mf_error *err);
/* The connection as store_pg_conn gives it, on which the statement
 * `name` (a string the caller keeps) is prepared from sql with n
 * parameters: the first call for a name prepares it, later ones find it.
 * For statements run at every request; at most four names. */
int store_pg_prepared(struct store *st, const char *name, const char *sql,
                      int n, PGconn **conn, struct mf_error *err);
/* An error of PostgreSQL as store_pg.c reports it (res may be NULL). */
int store_pg_fail(struct store *st, const PGresult *res, const char *what,
                  struct mf_error *err);

/* Opens a streaming replica's database (store_route.c): read-only, so it
 * is not migrated; its schema must be this program's newest. */
int store_pg_open_replica(struct store **out, const char *dsn,
                          struct mf_error *err);

int pgacct_account_put(struct store *st, struct store_account *a,
                       int64_t expect_version, struct mf_error *err);
int pgacct_account_get(struct store *st, int64_t id, const char *email,
                       struct store_account *out, struct mf_error *err);
int pgacct_account_list(struct store *st, struct store_account **out, size_t *n,
                        struct mf_error *err);
int pgacct_session_put(struct store *st, const struct store_session *s,
                       struct mf_error *err);
int pgacct_session_get(struct store *st, const char *id_hash,
                       struct store_session *out, struct mf_error *err);
int pgacct_session_touch(struct store *st, const char *id_hash, int64_t now,
                         struct mf_error *err);
int pgacct_session_delete(struct store *st, const char *id_hash,
                          int64_t account, struct mf_error *err);
int pgacct_token_put(struct store *st, struct store_token *t,
                     struct mf_error *err);
int pgacct_token_get(struct store *st, const char *hash,
                     struct store_token *out, struct mf_error *err);
int pgacct_token_list(struct store *st, int64_t account,
                      struct store_token **out, size_t *n,
                      struct mf_error *err);
int pgacct_token_revoke(struct store *st, int64_t id, int64_t account,
                        int64_t now, struct mf_error *err);
int pgacct_throttle_get(struct store *st, const char *key, int *failures,
                        int64_t *first_failure, int64_t *locked_until,
                        struct mf_error *err);
int pgacct_throttle_put(struct store *st, const char *key, int failures,
                        int64_t first_failure, int64_t locked_until,
                        struct mf_error *err);
int pgacct_audit_append(struct store *st, int64_t now,
                        const struct store_audit *a, struct mf_error *err);
int pgacct_audit_list(struct store *st, int64_t before_id, int limit,
                      char **json, struct mf_error *err);

int pgacct_change_count(struct store *st, const char *name, long long *n,
                        struct mf_error *err);

#endif
