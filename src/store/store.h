/*
 * store.h - where the registry and plans are kept. Callers (cli/, and a
 * server later) talk to a `struct store` through this table of functions;
 * the SQLite backend (store_sqlite.c) is the embedded default, and a
 * PostgreSQL backend can be added beside it without touching callers.
 *
 * A DSN is a path ("masseflyt.db"), "sqlite:PATH", or "postgres://..."
 * (not built in this version: refused with a clear message).
 */
#ifndef MF_STORE_H
#define MF_STORE_H

#include "masseflyt/error.h"
#include "masseflyt/model.h"

struct store;

/* Which records load() reads, as bits of (1u << enum mf_entity). */
#define STORE_ALL 0xFu
#define STORE_NO_LOTS (STORE_ALL & ~(1u << MF_ENT_LOT))

/* The version of struct store_ops. A backend sets .version to the one it
 * was written for; entries added later go at the end, and callers check
 * the version before using them, so an older backend keeps working (as
 * libgit2's git_odb_backend and SQLite's sqlite3_vfs do). Fill the table
 * with designated initialisers. */
#define STORE_OPS_VERSION 2

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
     * or mf_lot) inside the current transaction. */
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

    /* Version 2: the queries a server needs. Check ops->version >= 2. */

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

#endif
