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

    /* Damage and backups (version 2). */
    /* Checks the database: quick (structure of every page) or full (also
     * every index against its table, and the foreign keys). MF_EDAMAGED
     * naming the first problems when it is damaged. */
    int (*check)(struct store *st, int full, struct mf_error *err);
    /* Copies the whole database, as of one moment, to path: written
     * beside it, checked, then renamed into place (output.h's rules for
     * what may be replaced). */
    int (*backup)(struct store *st, const char *path, struct mf_error *err);
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
