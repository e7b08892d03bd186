/*
 * accounts_sqlite.h - the SQLite backend's accounts entries (version 2 of
 * struct store_ops), kept in their own file; store_sqlite.c puts them in
 * its table and lends them its connection.
 */
#ifndef MF_ACCOUNTS_SQLITE_H
#define MF_ACCOUNTS_SQLITE_H

#include "store.h"

#include <sqlite3.h>

/* The connection of a SQLite store, and its path (for messages). */
sqlite3 *store_sqlite_db(struct store *st, const char **path);

/* A prepared statement for sql, kept by the store for the next call with
 * the same SQL (SQLite prepares it again by itself after a schema
 * change); SQLITE_OK or SQLite's error (on the store's connection). Give
 * it back with store_sqlite_kept_done, which resets it and clears its
 * values, whatever stepping it returned. */
int store_sqlite_kept(struct store *st, const char *sql, sqlite3_stmt **out,
                      int *slot);
void store_sqlite_kept_done(struct store *st, sqlite3_stmt *s, int slot);

int acct_account_put(struct store *st, struct store_account *a,
                     int64_t expect_version, struct mf_error *err);
int acct_account_get(struct store *st, int64_t id, const char *email,
                     struct store_account *out, struct mf_error *err);
int acct_account_list(struct store *st, struct store_account **out, size_t *n,
                      struct mf_error *err);
int acct_session_put(struct store *st, const struct store_session *s,
                     struct mf_error *err);
int acct_session_get(struct store *st, const char *id_hash,
                     struct store_session *out, struct mf_error *err);
int acct_session_touch(struct store *st, const char *id_hash, int64_t now,
                       struct mf_error *err);
int acct_session_delete(struct store *st, const char *id_hash, int64_t account,
                        struct mf_error *err);
int acct_token_put(struct store *st, struct store_token *t,
                   struct mf_error *err);
int acct_token_get(struct store *st, const char *hash, struct store_token *out,
                   struct mf_error *err);
int acct_token_list(struct store *st, int64_t account, struct store_token **out,
                    size_t *n, struct mf_error *err);
int acct_token_revoke(struct store *st, int64_t id, int64_t account,
                      int64_t now, struct mf_error *err);
int acct_throttle_get(struct store *st, const char *key, int *failures,
                      int64_t *first_failure, int64_t *locked_until,
                      struct mf_error *err);
int acct_throttle_put(struct store *st, const char *key, int failures,
                      int64_t first_failure, int64_t locked_until,
                      struct mf_error *err);
int acct_audit_append(struct store *st, int64_t now,
                      const struct store_audit *a, struct mf_error *err);
int acct_audit_list(struct store *st, int64_t before_id, int limit, char **json,
                    struct mf_error *err);

int acct_change_count(struct store *st, const char *name, long long *n,
                      struct mf_error *err);

#endif
