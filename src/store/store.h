/*
 * store.h - where the registry and plans are kept. Callers (cli/, and a
 * server later) talk to a `struct store` through this table of functions;
 * the SQLite backend (store_sqlite.c) is the embedded default, and the
 * PostgreSQL backend (store_pg.c) sits beside it without touching callers.
 *
 * A DSN is a path ("masseflyt.db"), "sqlite:PATH", or a PostgreSQL URL
 * ("postgresql://..." or "postgres://...", handed to libpq as it is; the
 * PostgreSQL backend, store_pg.c).
 */
#ifndef MF_STORE_H
#define MF_STORE_H

#include "masseflyt/error.h"
#include "masseflyt/model.h"
#include "masseflyt/places.h"

#include <stddef.h>
#include <stdint.h>

struct store;

/* Accounts (version 2 of the table, migration 005_accounts.sql). Times are
 * Unix seconds. Secrets are never stored: pw_hash is an argon2id encoded
 * string, sessions and tokens are kept as hex hashes. */
struct store_account {
    int64_t id; /* 0 before the first put */
    char email[256];
    char name[208];
    char org[72];  /* "" for none */
    char role[16]; /* administrator, editor, authority */
    char pw_hash[160];
    int disabled;
    int64_t version; /* +1 on every update; the API's ETag */
    int64_t created, updated;
};

struct store_session {
    char id_hash[72];
    int64_t account;
    char csrf[72];
    int64_t created, last_seen, expires;
};

struct store_token {
    int64_t id;
    int64_t account;
    char name[136];
    char hash[72];
    int64_t created, expires;
    int64_t revoked; /* 0 when not revoked */
};

struct store_audit {
    int64_t actor; /* 0 for the operator's CLI */
    const char *actor_email;
    const char *action; /* "user.create", "token.revoke", ... */
    const char *target; /* "user/3", "token/7" */
    const char *before; /* JSON text or NULL */
    const char *after;  /* JSON text or NULL */
};

/* Which records load() reads, as bits of (1u << enum mf_entity). */
#define STORE_ALL 0xFu
#define STORE_NO_LOTS (STORE_ALL & ~(1u << MF_ENT_LOT))

/* The version of struct store_ops. A backend sets .version to the one it
 * was written for; entries added later go at the end, and callers check
 * the version before using them, so an older backend keeps working (as
 * libgit2's git_odb_backend and SQLite's sqlite3_vfs do). Fill the table
 * with designated initialisers. */
#define STORE_OPS_VERSION 8
/* The versions that added the blocks so headed below; callers check
 * ops->version against them before using an entry of a block. */
#define STORE_OPS_QUERY_VERSION 2
#define STORE_OPS_CHECK_VERSION 3
#define STORE_OPS_ACCOUNTS_VERSION 4
#define STORE_OPS_MUNICIPALITIES_VERSION 5
#define STORE_OPS_DELETE_VERSION 6
#define STORE_OPS_MARK_VERSION 7
#define STORE_OPS_COUNTER_VERSION 8

/* What list() and count() select: records of one kind, ordered by id.
 * Filters left NULL (or bbox 0) select everything.
 *
 * A record belongs to an organisation and lies in a municipality as
 * follows (docs/internals/schema.md):
 *   organisation  its own id; no municipality, no place
 *   project       its org; its municipality; no place
 *   site          its org, else its project's; its municipality, else its
 *                 project's; its place
 *   lot           its project's org, else its site's (as for a site); its
 *                 municipality as mf_lot_municipality() says (its site's,
 *                 else its project's, else its site's project's); its
 *                 own place (a lot without one has its site's)
 * Paging is by offset (offset, limit) or by key (after: the last id of
 * the page before), or both. */
struct store_query {
    enum mf_entity kind;
    const char *id;                  /* only the record with this id */
    const char *org;                 /* belongs to this organisation */
    const char *municipality;        /* lies in this kommunenummer */
    int bbox;                        /* 1: lies within the box below */
    double west, south, east, north; /* WGS84 degrees, edges included */
    const char *after;               /* only ids after this one */
    long long offset;                /* skip this many */
    long long limit;                 /* at most this many; 0 = all */
};

#define STORE_QUERY_INIT                                                       \
    {                                                                          \
        .kind = MF_ENT_LOT, .id = NULL, .org = NULL, .municipality = NULL,     \
        .bbox = 0, .after = NULL, .offset = 0, .limit = 0                      \
    }

/* Receives the records a query finds, in id order; rec (a struct mf_org,
 * mf_project, mf_site or mf_lot) is valid only during the call. A
 * non-zero return stops the query and is returned. */
typedef int (*store_each_fn)(void *ctx, enum mf_entity e, const void *rec,
                             struct mf_error *err);

struct store_ops {
    int version;
    const char *scheme;
    int (*open)(struct store **out, const char *dsn, int create,
                struct mf_error *err);
    void (*close)(struct store *st);
    int (*begin)(struct store *st, struct mf_error *err);
    int (*commit)(struct store *st, struct mf_error *err);
    void (*rollback)(struct store *st);
    /* Inserts or replaces one record (a struct mf_org, mf_project, mf_site
     * or mf_lot) inside the current transaction. A backend may send puts
     * in batches (PostgreSQL): then a put's error (a broken reference) is
     * reported by a later call of the transaction, at the latest by
     * commit, and the transaction must be rolled back as for any error. */
    int (*put)(struct store *st, const struct mf_catalog *cat, enum mf_entity e,
               const void *rec, struct mf_error *err);
    /* Reads the records selected by `what` into reg. */
    int (*load)(struct store *st, struct mf_registry *reg, unsigned what,
                struct mf_error *err);
    int (*log_import)(struct store *st, const char *file, enum mf_entity e,
                      long records, const char *encoding, struct mf_error *err);
    /* The schema version (the number of the last migration applied). */
    int (*schema_version)(struct store *st, int *version, struct mf_error *err);
    /* Stores a named document (a plan, a scenario result) as JSON text,
     * replacing one of the same kind and name. */
    int (*put_doc)(struct store *st, const char *kind, const char *name,
                   const char *json, struct mf_error *err);
    /* Reads it back; *json is malloc'ed (caller frees), NULL when none. */
    int (*get_doc)(struct store *st, const char *kind, const char *name,
                   char **json, struct mf_error *err);

    /* ---- Queries a server needs (version STORE_OPS_QUERY_VERSION). ---- */

    /* Hands the record of kind e with this id to each(); MF_ENOTFOUND
     * when there is none. */
    int (*get)(struct store *st, const struct mf_catalog *cat, enum mf_entity e,
               const char *id, store_each_fn each, void *ctx,
               struct mf_error *err);
    /* Hands each record q selects to each(), in id order. */
    int (*list)(struct store *st, const struct mf_catalog *cat,
                const struct store_query *q, store_each_fn each, void *ctx,
                struct mf_error *err);
    /* How many records q selects, paging aside (after, offset and limit
     * are ignored). */
    int (*count)(struct store *st, const struct store_query *q, long long *n,
                 struct mf_error *err);

    /* ---- Damage and backups (version STORE_OPS_CHECK_VERSION). ---- */
    /* Checks the database: quick (structure of every page) or full (also
     * every index against its table, and the foreign keys). MF_EDAMAGED
     * naming the first problems when it is damaged. */
    int (*check)(struct store *st, int full, struct mf_error *err);
    /* Copies the whole database, as of one moment, to path: written
     * beside it, checked, then renamed into place (output.h's rules for
     * what may be replaced). */
    int (*backup)(struct store *st, const char *path, struct mf_error *err);

    /* ---- Accounts, sessions, tokens, throttling, audit (version
     * STORE_OPS_ACCOUNTS_VERSION; the
     * server's, src/store/accounts_sqlite.c). Writes happen inside the
     * caller's transaction (begin/commit), so a change and its audit
     * record commit together. ---- */
    /* Inserts (a->id == 0; a->id is set) or updates by id, bumping version
     * when expect_version matches (MF_ERANGE when it does not; 0 skips the
     * check). Duplicate email: MF_EINVAL. */
    int (*account_put)(struct store *st, struct store_account *a,
                       int64_t expect_version, struct mf_error *err);
    /* By id when id > 0, else by email. MF_ENOTFOUND when none. */
    int (*account_get)(struct store *st, int64_t id, const char *email,
                       struct store_account *out, struct mf_error *err);
    /* Every account by id; *out is malloc'ed (caller frees). */
    int (*account_list)(struct store *st, struct store_account **out, size_t *n,
                        struct mf_error *err);
    int (*session_put)(struct store *st, const struct store_session *s,
                       struct mf_error *err);
    int (*session_get)(struct store *st, const char *id_hash,
                       struct store_session *out, struct mf_error *err);
    int (*session_touch)(struct store *st, const char *id_hash, int64_t now,
                         struct mf_error *err);
    /* Deletes one session (id_hash), or every session of an account
     * (id_hash NULL). */
    int (*session_delete)(struct store *st, const char *id_hash,
                          int64_t account, struct mf_error *err);
    int (*token_put)(struct store *st, struct store_token *t,
                     struct mf_error *err);
    int (*token_get)(struct store *st, const char *hash,
                     struct store_token *out, struct mf_error *err);
    /* The tokens of one account; *out is malloc'ed (caller frees). */
    int (*token_list)(struct store *st, int64_t account,
                      struct store_token **out, size_t *n,
                      struct mf_error *err);
    /* Revokes token id of the account, or every token of the account when
     * id is 0. MF_ENOTFOUND when token id is not the account's or is
     * already revoked. */
    int (*token_revoke)(struct store *st, int64_t id, int64_t account,
                        int64_t now, struct mf_error *err);
    /* Login failures under a key ("account:EMAIL", "client:ADDR"). */
    int (*throttle_get)(struct store *st, const char *key, int *failures,
                        int64_t *first_failure, int64_t *locked_until,
                        struct mf_error *err);
    /* failures 0 deletes the key. */
    int (*throttle_put)(struct store *st, const char *key, int failures,
                        int64_t first_failure, int64_t locked_until,
                        struct mf_error *err);
    int (*audit_append)(struct store *st, int64_t now,
                        const struct store_audit *a, struct mf_error *err);
    /* The newest `limit` records with id < before_id (0: from the newest),
     * as a malloc'ed JSON array text (caller frees). */
    int (*audit_list)(struct store *st, int64_t before_id, int limit,
                      char **json, struct mf_error *err);
    /* ---- end of the accounts entries ---- */

    /* ---- Municipality boundaries (version
     * STORE_OPS_MUNICIPALITIES_VERSION; places.h). ---- */
    /* Replaces every stored boundary with m's, inside the current
     * transaction; source names the file they came from. */
    int (*municipalities_put)(struct store *st,
                              const struct mf_municipalities *m,
                              const char *source, struct mf_error *err);
    /* The stored boundaries; *out is NULL when none are stored. */
    int (*municipalities_load)(struct store *st, struct mf_municipalities **out,
                               struct mf_error *err);

    /* ---- One record deleted (version STORE_OPS_DELETE_VERSION; an
     * API's DELETE). ---- */
    /* Deletes the record of kind e with this id inside the current
     * transaction. MF_ENOTFOUND when there is none; MF_EINVAL (where
     * "id") when other records still refer to it (a project its lots or
     * sites name, a site its lots). */
    int (*del)(struct store *st, enum mf_entity e, const char *id,
               struct mf_error *err);

    /* ---- Change mark (version STORE_OPS_MARK_VERSION). ---- */
    /* A number that changes whenever an import commits (the newest row of
     * the import log), so a cache of the registry (the server's read
     * model) notices an import made by another process. */
    int (*import_mark)(struct store *st, long long *mark, struct mf_error *err);

    /* ---- Change counters (version STORE_OPS_COUNTER_VERSION; migration
     * 014, accounts_sqlite.c and accounts_pg.c). ---- */
    /* The counter `name` ("registry": grows with every write of an org,
     * project, site or lot; "accounts": with every logout, account change
     * and token change), bumped by triggers in the writing transaction, so
     * server processes on one database notice each other's writes. */
    int (*change_count)(struct store *st, const char *name, long long *n,
                        struct mf_error *err);
};

/* Every backend's handle starts with this. */
struct store {
    const struct store_ops *ops;
};

/* Opens the store a DSN names. With create, a missing database is created
 * and migrated; without, a missing database is MF_ENOTFOUND ("run
 * masseflyt init"). An existing database is always migrated forward. */
int store_open(struct store **out, const char *dsn, int create,
               struct mf_error *err);
void store_close(struct store *st);

extern const struct store_ops store_sqlite_ops;
extern const struct store_ops store_pg_ops;

#endif
