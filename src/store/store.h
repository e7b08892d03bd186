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

/* Chain of custody (version STORE_OPS_CUSTODY_VERSION of the table,
 * migration 013_custody.sql). Times are Unix seconds (UTC). Nothing is
 * ever edited or deleted: a correction is a new ticket or receipt whose
 * `corrects` names the one it replaces (with a reason); the database
 * refuses UPDATE and DELETE on these tables. Text fields are "" when
 * absent; ids are at most STORE_CUSTODY_ID - 1 bytes. */
#define STORE_CUSTODY_ID 64
#define STORE_CUSTODY_TEXT 256

struct store_vehicle {
    char reg[16];     /* registration, upper case, no spaces */
    char haulier[16]; /* organisation number; "" unknown */
    char truck[32];   /* truck class of data/trucks.csv; "" = the default */
    double payload_t; /* legal payload in tonnes; 0 = unknown */
    int64_t created;
};

struct store_quality_doc {
    char id[STORE_CUSTODY_ID];
    char sha256[65]; /* of the document's content, lower-case hex */
    double tonnes;   /* tonnes it covers; 0 = not stated */
    int32_t issued;  /* date (days since 1970); MF_DATE_NONE = none */
    char source[STORE_CUSTODY_TEXT]; /* file name or URL; "" none */
    /* The lots it covers (at least one); borrowed by a put, valid only
     * during the call in a walk. */
    const char *const *lots;
    int n_lots;
    int64_t created;
};

struct store_ticket {
    int64_t seq; /* order of arrival in this store; set by ticket_put */
    char id[STORE_CUSTODY_ID];
    char code[16]; /* the verification code; "" none (not unique) */
    char corrects[STORE_CUSTODY_ID];
    char reason[STORE_CUSTODY_TEXT]; /* set exactly when corrects is */
    int voids;                       /* the correction voids the ticket */
    char lot[STORE_CUSTODY_ID];
    char origin[STORE_CUSTODY_ID]; /* site ids */
    char dest[STORE_CUSTODY_ID];
    char haulier[16]; /* organisation number */
    char vehicle[16];
    char material[STORE_CUSTODY_ID];
    double quantity; /* > 0, in `state` */
    char state[8];   /* t, pfm3, ulm3 or pam3 */
    int64_t departed;
    char quality_doc[STORE_CUSTODY_ID];
    int64_t created;
};

struct store_receipt {
    int64_t seq; /* set by receipt_put */
    char id[STORE_CUSTODY_ID];
    char ticket[STORE_CUSTODY_ID]; /* as the receiver read it */
    char corrects[STORE_CUSTODY_ID];
    char reason[STORE_CUSTODY_TEXT];
    int voids;
    char site[STORE_CUSTODY_ID]; /* where it arrived; "" = the ticket's
                                    destination */
    int64_t arrived;
    double weighed_t;                   /* < 0: not weighed */
    int accepted;                       /* 0: rejected, with a rejection */
    char rejection[STORE_CUSTODY_TEXT]; /* why it was turned away */
    int64_t created;
};

enum store_custody_kind {
    STORE_VEHICLE = 0,
    STORE_QUALITY_DOC,
    STORE_TICKET,
    STORE_RECEIPT
};

/* Receives custody records (a struct store_vehicle, store_quality_doc,
 * store_ticket or store_receipt, valid only during the call); a non-zero
 * return stops the walk and is returned. */
typedef int (*store_custody_fn)(void *ctx, enum store_custody_kind kind,
                                const void *rec, struct mf_error *err);

/* What custody_find selects (version STORE_OPS_CUSTODY_FIND_VERSION):
 * tickets or receipts, in the order they were stored. Filters left NULL
 * select everything; lot, site, sites and status apply to tickets only.
 * Paging is by key (after: the id of the last record of the page before;
 * an id not stored selects nothing), by offset and limit, or both. */
struct store_custody_query {
    enum store_custody_kind kind; /* STORE_TICKET or STORE_RECEIPT */
    const char *id;               /* the record with this id */
    const char *corrects;         /* the record that corrects this one */
    const char *lot;              /* tickets of this lot */
    const char *site;             /* tickets leaving or reaching this site */
    /* Tickets leaving or reaching one of these sites, as a JSON array of
     * site ids ("[]": none); NULL: any. */
    const char *sites;
    /* Tickets whose status (struct store_custody_found) is this one. */
    const char *status;
    const char *after;
    long long offset;
    long long limit; /* 0: all */
};

#define STORE_CUSTODY_QUERY_INIT                                               \
    {                                                                          \
        .kind = STORE_TICKET                                                   \
    }

/* One record custody_find found, with what the chain says of it:
 * corrected_by names the record that corrects it ("" none). For a
 * ticket, `receipt` is the receipt in force (neither corrected nor
 * voiding) that names it or, failing that, the nearest record it
 * corrects (has_receipt 0: none), and status is "corrected" (a record
 * corrects it), "void" (it voids), "in_transit" (no receipt), "received"
 * or "rejected" (its receipt's verdict). */
struct store_custody_found {
    enum store_custody_kind kind;
    struct store_ticket ticket;   /* kind STORE_TICKET */
    struct store_receipt receipt; /* kind STORE_RECEIPT, or the ticket's */
    int has_receipt;
    char corrected_by[STORE_CUSTODY_ID];
    char status[16];
};

typedef int (*store_found_fn)(void *ctx, const struct store_custody_found *f,
                              struct mf_error *err);

/* A job of the server's queue (version STORE_OPS_JOBS_VERSION of the
 * table, migration 020_jobs.sql). Times are Unix seconds, 0 when not yet.
 * params and result are malloc'ed (store_job_free frees them). */
struct store_job {
    int64_t id;
    char kind[16];  /* plan, scenarios, report */
    int64_t owner;  /* the account that started it */
    char state[16]; /* queued, running, succeeded, failed, cancelled */
    char stage[80];
    double progress; /* 0 to 1 */
    int64_t pivots;
    char *params; /* what to do, as JSON text */
    /* The outcome: JSON text or a file's bytes (result_type its media
     * type); NULL unless read with it (job_get's with_result). */
    unsigned char *result;
    size_t result_len;
    char result_type[128];
    int error_status; /* an HTTP status, with error, when failed */
    char error[400];
    int64_t created, started, finished;
    char lease_owner[64]; /* the worker that holds it ("" none) */
    int64_t lease_expires;
    int attempts; /* how many times a worker has taken it */
    int cancel;   /* 1: asked to stop */
};

/* Frees what a job read from the store holds and zeroes it. */
void store_job_free(struct store_job *j);

/* Which records load() reads, as bits of (1u << enum mf_entity). */
#define STORE_ALL 0xFu
#define STORE_NO_LOTS (STORE_ALL & ~(1u << MF_ENT_LOT))

/* The version of struct store_ops. A backend sets .version to the one it
 * was written for; entries added later go at the end, and callers check
 * the version before using them, so an older backend keeps working (as
 * libgit2's git_odb_backend and SQLite's sqlite3_vfs do). Fill the table
 * with designated initialisers. */
#define STORE_OPS_VERSION 16
/* The versions that added the blocks so headed below; callers check
 * ops->version against them before using an entry of a block. */
#define STORE_OPS_QUERY_VERSION 2
#define STORE_OPS_CHECK_VERSION 3
#define STORE_OPS_ACCOUNTS_VERSION 4
#define STORE_OPS_MUNICIPALITIES_VERSION 5
#define STORE_OPS_DELETE_VERSION 6
#define STORE_OPS_MARK_VERSION 7
#define STORE_OPS_RADIUS_VERSION 8
#define STORE_OPS_ROWS_VERSION 9
#define STORE_OPS_CUSTODY_VERSION 10
#define STORE_OPS_COUNTER_VERSION 11
#define STORE_OPS_JOBS_VERSION 12
#define STORE_OPS_DOC_LIST_VERSION 13
#define STORE_OPS_CUSTODY_FIND_VERSION 14
#define STORE_OPS_CUSTODY_MANY_VERSION 15
#define STORE_OPS_CUSTODY_BULK_VERSION 16

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
    /* Version STORE_OPS_RADIUS_VERSION: 1 selects only the records within
     * `metres` of (lon, lat), WGS84 degrees, by the great circle
     * (mf_distance_km, edge included); with bbox, both hold. A backend of
     * an older version ignores it: check ops->version first. */
    int radius;
    double lon, lat, metres;
};

#define STORE_QUERY_INIT                                                       \
    {                                                                          \
        .kind = MF_ENT_LOT, .id = NULL, .org = NULL, .municipality = NULL,     \
        .bbox = 0, .after = NULL, .offset = 0, .limit = 0, .radius = 0         \
    }

/* Receives the records a query finds, in id order; rec (a struct mf_org,
 * mf_project, mf_site or mf_lot) is valid only during the call. A
 * non-zero return stops the query and is returned. */
typedef int (*store_each_fn)(void *ctx, enum mf_entity e, const void *rec,
                             struct mf_error *err);

/* Receives one row of a table as texts (NULL for SQL NULL), valid only
 * during the call; a non-zero return stops the reading and is returned. */
typedef int (*store_row_fn)(void *ctx, int n, const char *const *vals,
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

    /* ---- Radius queries and replicas (version STORE_OPS_RADIUS_VERSION).
     * struct store_query's radius is understood. ---- */
    /* A position in the write-ahead log, as a number (PostgreSQL's LSN):
     * replayed 0, the newest written on a primary (pg_current_wal_lsn());
     * replayed 1, the newest replayed on a streaming replica
     * (pg_last_wal_replay_lsn()). MF_ENOTFOUND when the server has none
     * (a primary asked for its replay position); NULL in a backend
     * without a log (SQLite). */
    int (*wal_position)(struct store *st, int replayed, uint64_t *lsn,
                        struct mf_error *err);
    /* ---- Whole tables as rows of text (version STORE_OPS_ROWS_VERSION;
     * masseflyt copy's documents, import log and accounts). Table and
     * column names are the caller's constants (lower-case letters and
     * '_' only), never input. ---- */
    /* Hands each row of `table` (columns cols[0 .. n)) to each(), ordered
     * by cols[0]. */
    int (*rows)(struct store *st, const char *table, const char *const *cols,
                int n, store_row_fn each, void *ctx, struct mf_error *err);
    /* Inserts one row, as texts, inside the current transaction. When
     * cols[0] is "id", the table's next generated id is past it. */
    int (*put_row)(struct store *st, const char *table, const char *const *cols,
                   int n, const char *const *vals, struct mf_error *err);
    /* ---- Chain of custody (version STORE_OPS_CUSTODY_VERSION;
     * custody_sqlite.c, custody_pg.c). Every put inserts one new row
     * inside the current transaction and never replaces one; MF_EINVAL
     * names the field ("id", "code", "corrects") when a rule is broken:
     * the id or code is taken, the record to correct is not stored or is
     * already corrected (correct the newest of the chain). A vehicle put
     * again with the same haulier is kept as it is (MF_OK); with another
     * haulier it is MF_EINVAL ("haulier"). ---- */
    int (*vehicle_put)(struct store *st, const struct store_vehicle *v,
                       struct mf_error *err);
    int (*quality_doc_put)(struct store *st, const struct store_quality_doc *d,
                           struct mf_error *err);
    int (*ticket_put)(struct store *st, const struct store_ticket *t,
                      struct mf_error *err);
    int (*receipt_put)(struct store *st, const struct store_receipt *r,
                       struct mf_error *err);
    /* Hands every record of one kind to each(), vehicles by registration,
     * quality documents by id, tickets and receipts in the order they
     * were stored (corrections after what they correct). */
    int (*custody_each)(struct store *st, enum store_custody_kind kind,
                        store_custody_fn each, void *ctx, struct mf_error *err);
    /* The ticket with this id, or else the first stored with this
     * verification code; MF_ENOTFOUND when none. */
    int (*ticket_get)(struct store *st, const char *id_or_code,
                      struct store_ticket *out, struct mf_error *err);
    /* ---- Change counters (version STORE_OPS_COUNTER_VERSION; migration
     * 014, accounts_sqlite.c and accounts_pg.c). ---- */
    /* The counter `name` ("registry": grows with every write of an org,
     * project, site or lot; "accounts": with every logout, account change
     * and token change), bumped by triggers in the writing transaction, so
     * server processes on one database notice each other's writes. */
    int (*change_count)(struct store *st, const char *name, long long *n,
                        struct mf_error *err);
    /* ---- The server's job queue (version STORE_OPS_JOBS_VERSION;
     * migration 020, jobs_sqlite.c and jobs_pg.c). Every entry but
     * job_finish is a statement of its own (outside any transaction of
     * the caller's); job_finish joins the caller's transaction when one
     * is open, so a result stored beside it (a plan's document) commits
     * with the job's state or not at all. ---- */
    /* Queues a job (j->kind, owner, params; created = now): sets j->id,
     * state and stage "queued". Jobs finished before finished_before are
     * deleted (0: none). */
    int (*job_enqueue)(struct store *st, struct store_job *j,
                       int64_t finished_before, struct mf_error *err);
    /* Takes the oldest job waiting for a worker: a queued one, or a
     * running one whose lease expired before now (its worker died): it
     * becomes running with lease_owner = worker, lease_expires = now +
     * lease_s and one more attempt (PostgreSQL: SELECT ... FOR UPDATE
     * SKIP LOCKED). Before that, a job whose lease expired is cancelled
     * when it was asked to stop, and failed when it has had max_attempts
     * attempts; a queued one asked to stop is cancelled. The job taken
     * (without its result) in *out; MF_ENOTFOUND when none waits. */
    int (*job_claim)(struct store *st, const char *worker, int64_t now,
                     int64_t lease_s, int max_attempts, struct store_job *out,
                     struct mf_error *err);
    /* Extends worker's lease on job id to now + lease_s and records its
     * stage (NULL: unchanged), progress and pivots; *cancel says whether
     * it was asked to stop; lease_s below 0 lets the job go at once (a
     * server that stops), for any worker to take. MF_ERANGE when the
     * worker no longer holds the job (its lease expired and another took
     * it, or it finished). */
    int (*job_renew)(struct store *st, int64_t id, const char *worker,
                     int64_t now, int64_t lease_s, const char *stage,
                     double progress, int64_t pivots, int *cancel,
                     struct mf_error *err);
    /* Finishes job j->id held by j->lease_owner: state j->state
     * (succeeded, failed or cancelled), its result (result, result_len,
     * result_type), error_status and error, finished = now, the lease let
     * go. MF_ERANGE when that worker no longer holds it. */
    int (*job_finish)(struct store *st, const struct store_job *j, int64_t now,
                      struct mf_error *err);
    /* Asks job id to stop: a queued one is cancelled at once (finished =
     * now), a running one is stopped by its worker, a finished one is
     * left as it is. MF_ENOTFOUND when there is none. */
    int (*job_cancel)(struct store *st, int64_t id, int64_t now,
                      struct mf_error *err);
    /* The job with this id (its result too with with_result);
     * MF_ENOTFOUND when none. */
    int (*job_get)(struct store *st, int64_t id, int with_result,
                   struct store_job *out, struct mf_error *err);
    /* The newest `limit` jobs of an account (owner 0: everyone's), newest
     * first, without results; *out is malloc'ed (free each with
     * store_job_free, then the array). */
    int (*job_list)(struct store *st, int64_t owner, int limit,
                    struct store_job **out, size_t *n, struct mf_error *err);
    /* ---- Documents listed (version STORE_OPS_DOC_LIST_VERSION; the
     * server's list of stored plans). ---- */
    /* Hands the documents of one kind to each(), newest first (by
     * `created`, then by name), skipping `offset` and at most `limit` of
     * them (0: all), each as one row of texts: its name, its created time
     * (ISO 8601, UTC), then for each member name fields[i] (i < n) of the
     * document's top-level object that member as JSON text (NULL when the
     * document has no such member). *total is how many documents of the
     * kind there are, paging aside. Member names are the caller's
     * constants (lower-case letters and '_'), never input. */
    int (*doc_list)(struct store *st, const char *kind,
                    const char *const *fields, int n, long long offset,
                    long long limit, long long *total, store_row_fn each,
                    void *ctx, struct mf_error *err);
    /* ---- Custody records found in the database (version
     * STORE_OPS_CUSTODY_FIND_VERSION; custody_find.c): a page of tickets
     * or receipts, filtered and paged by the database, with indexed
     * lookups of their chains. ---- */
    /* Hands each record q selects to each(); *total (when total is not
     * NULL) is how many q selects, paging aside. */
    int (*custody_find)(struct store *st, const struct store_custody_query *q,
                        store_found_fn each, void *ctx, long long *total,
                        struct mf_error *err);
    /* ---- Custody records in bulk (version
     * STORE_OPS_CUSTODY_MANY_VERSION; an import of weighbridge exports).
     * ---- */
    /* Puts n tickets (receipts), in order, as n calls of ticket_put
     * (receipt_put) would, inside the current transaction, in fewer
     * statements (SQLite: multi-row INSERTs; PostgreSQL: a pipeline).
     * When one is refused, *at is its index and err is what ticket_put
     * (receipt_put) would have said of it; the ones before it may be
     * written, so the caller rolls back. */
    int (*tickets_put)(struct store *st, const struct store_ticket *t, size_t n,
                       size_t *at, struct mf_error *err);
    int (*receipts_put)(struct store *st, const struct store_receipt *r,
                        size_t n, size_t *at, struct mf_error *err);
    /* ---- A bulk load of custody records (version
     * STORE_OPS_CUSTODY_BULK_VERSION; custody_sqlite.c, custody_pg.c).
     * ---- */
    /* Tells the store, inside the transaction and before its first
     * tickets_put, that about `rows` tickets and as many receipts are
     * coming. When they are many against the rows the tables already
     * hold, the store drops the tables' indexes that are not UNIQUE
     * (the UNIQUE ones stay, so a taken id or a second correction is
     * still named at its row), to build each again in one pass at
     * custody_bulk_end. Both happen inside the transaction: a rollback
     * leaves the indexes as they were. While they are dropped, other
     * sessions' lookups of tickets by lot, code or vehicle are slower
     * (SQLite: they wait for the commit anyway; PostgreSQL: the DROP
     * holds the table's lock until the commit). Told it before the
     * transaction has written anything, SQLite may end the transaction
     * and begin it again in its rollback journal for a large load (and
     * goes back to WAL when it ends: store_sqlite.c, bulk_journal), so
     * call it first in the transaction. */
    int (*custody_bulk_begin)(struct store *st, long long rows,
                              struct mf_error *err);
    /* Builds again what custody_bulk_begin dropped (nothing when it
     * dropped nothing); call it before the commit. */
    int (*custody_bulk_end)(struct store *st, struct mf_error *err);
};

/* Every backend's handle starts with this. */
struct store {
    const struct store_ops *ops;
    /* The schema version the database had when it was opened (0: it was
     * new), before open() migrated it (schema_version() says to what). */
    int schema_before;
};

/* What open() (its `create`) and store_open() may do to the database:
 *   STORE_OPEN     open it as it is: a missing one is MF_ENOTFOUND ("run
 *                  masseflyt init"), one with an older schema MF_ESTORE
 *                  ("run masseflyt migrate"), and nothing is changed;
 *   STORE_CREATE   create a missing one, or bring an existing one up to
 *                  date (masseflyt init);
 *   STORE_MIGRATE  bring an existing one up to date (masseflyt migrate).
 * Migrating applies every missing migration in one transaction, so a
 * failure leaves the schema as it was. */
#define STORE_OPEN 0
#define STORE_CREATE 1
#define STORE_MIGRATE 2

/* Opens the store a DSN names, as `create` (above) allows. */
int store_open(struct store **out, const char *dsn, int create,
               struct mf_error *err);
void store_close(struct store *st);

/* Reading from a replica (store_route.c). After store_route_setup, a
 * store_open of primary_dsn gives a store that writes to the primary and
 * reads, outside a transaction, from the streaming replica at
 * replica_dsn: only when the replica has replayed the primary's log past
 * the current reader's last write (store_route_reader), waiting up to
 * wait_ms for it, else from the primary; and from the primary while the
 * replica is unreachable. Both must be PostgreSQL URLs. Call it once,
 * before any store_open of primary_dsn. */
int store_route_setup(const char *primary_dsn, const char *replica_dsn,
                      int wait_ms, struct mf_error *err);
/* Who the calling thread reads and writes for (an account id; 0 for
 * nobody): a write it commits through a routed store is remembered for
 * that reader, and its later reads see it (read-your-writes). */
void store_route_reader(int64_t reader);
/* store_open's: whether dsn is the primary of store_route_setup, and its
 * routed store. */
int store_route_wants(const char *dsn);
int store_route_open(struct store **out, const char *dsn, int create,
                     struct mf_error *err);
/* The DSN as it may be shown (messages, logs): a password in a URL
 * ("postgresql://user:***@host/db") or given as "password=" is replaced
 * with "***". Writes at most len bytes to out, NUL included. */
void store_dsn_mask(const char *dsn, char *out, size_t len);

/* Whether a table and its columns are plain names (rows, put_row): n > 0
 * and lower-case letters and '_' only. */
int store_names_ok(const char *table, const char *const *cols, int n);

extern const struct store_ops store_sqlite_ops;
extern const struct store_ops store_pg_ops;

#endif
