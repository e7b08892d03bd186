/*
 * store_route.c - reads from a streaming replica, writes to the primary
 * (store.h: store_route_setup). A routed store holds a connection to each;
 * every entry that writes, every transaction and every account entry goes
 * to the primary, and the registry's reads outside a transaction go to the
 * replica when it has caught up with what the reader must see:
 *
 *   - a reader (store_route_reader: the server's account id) who wrote
 *     must see the write. After a commit through a routed store that
 *     changed the registry or its documents, the
 *     primary's WAL position (pg_current_wal_lsn()) is remembered for the
 *     thread's reader; that reader's next read goes to the replica only
 *     once pg_last_wal_replay_lsn() there has reached it, after waiting up
 *     to wait_ms, else to the primary (read-your-writes);
 *   - a load of the whole registry feeds caches every reader shares (the
 *     server's read model), and a document (a plan) is written by the
 *     server's job worker for a user: these must see every write made
 *     through this process, whoever made it;
 *   - while the replica cannot be reached, reads go to the primary, and
 *     it is tried again once a second.
 *
 * Readers are remembered in a fixed table; one pushed out by another
 * leaves its position as a floor for every reader not in the table, so a
 * reader is never sent to an older state, only sometimes to the primary.
 */
#include "accounts_pg.h"
#include "store.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define ROUTE_READERS 1024
#define ROUTE_RETRY_MS 1000
#define ROUTE_POLL_MS 5

static struct {
    pthread_mutex_t lock;
    char *primary, *replica;
    int wait_ms;
    uint64_t floor;   /* the newest write made through this process */
    uint64_t evicted; /* the newest position pushed out of the table */
    struct {
        int64_t reader;
        uint64_t lsn;
    } seen[ROUTE_READERS];
    int down; /* the replica was last found unreachable (said once) */
} route = {.lock = PTHREAD_MUTEX_INITIALIZER};

static _Thread_local int64_t cur_reader;

struct route_store {
    struct store base;
    struct store *primary;
    struct store *replica; /* NULL while unreachable */
    int in_tx;
    int dirty;        /* the transaction changed the registry */
    int64_t retry_at; /* ms: when to try the replica again */
};

static const struct store_ops route_ops;

static int64_t now_ms(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static int is_pg(const char *dsn)
{
    return !strncmp(dsn, "postgres://", 11) ||
           !strncmp(dsn, "postgresql://", 13);
}

int store_route_setup(const char *primary_dsn, const char *replica_dsn,
                      int wait_ms, struct mf_error *err)
{
    if (!is_pg(primary_dsn) || !is_pg(replica_dsn))
        return mf_error_at(err, MF_EINVAL, "--db-read",
                           "a read replica needs PostgreSQL for both the "
                           "database and the replica (postgresql://...)");
    pthread_mutex_lock(&route.lock);
    free(route.primary);
    free(route.replica);
    route.primary = strdup(primary_dsn);
    route.replica = strdup(replica_dsn);
    route.wait_ms = wait_ms;
    pthread_mutex_unlock(&route.lock);
    if (!route.primary || !route.replica)
        return mf_error_set(err, MF_ENOMEM, "out of memory");
    return MF_OK;
}

int store_route_wants(const char *dsn)
{
    int yes;

    pthread_mutex_lock(&route.lock);
    yes = route.primary && !strcmp(route.primary, dsn);
    pthread_mutex_unlock(&route.lock);
    return yes;
}

void store_route_reader(int64_t reader)
{
    cur_reader = reader;
}

/* The position the current reader must see; with shared, also every
 * write made through this process. */
static uint64_t wanted(int shared)
{
    uint64_t lsn = 0;
    size_t k = (size_t)((uint64_t)cur_reader % ROUTE_READERS);

    pthread_mutex_lock(&route.lock);
    if (cur_reader) {
        lsn = route.seen[k].reader == cur_reader ? route.seen[k].lsn
                                                 : route.evicted;
    }
    if (shared && route.floor > lsn)
        lsn = route.floor;
    pthread_mutex_unlock(&route.lock);
    return lsn;
}

/* After a commit: the primary's position, for the current reader. */
static void wrote(struct route_store *s)
{
    const struct store_ops *ops = s->primary->ops;
    struct mf_error e = {0};
    uint64_t lsn;
    size_t k = (size_t)((uint64_t)cur_reader % ROUTE_READERS);

    if (ops->wal_position(s->primary, 0, &lsn, &e))
        lsn = UINT64_MAX; /* unknown: this reader reads the primary */
    pthread_mutex_lock(&route.lock);
    if (lsn > route.floor)
        route.floor = lsn;
    if (cur_reader) {
        if (route.seen[k].reader && route.seen[k].reader != cur_reader &&
            route.seen[k].lsn > route.evicted)
            route.evicted = route.seen[k].lsn;
        route.seen[k].reader = cur_reader;
        route.seen[k].lsn = lsn;
    }
    pthread_mutex_unlock(&route.lock);
}

static void say_down(const char *why)
{
    char one[256]; /* libpq's message on one line */
    size_t i, j = 0;
    int was;

    for (i = 0; why[i] && j + 1 < sizeof one; i++) {
        char c = why[i] == '\n' || why[i] == '\t' ? ' ' : why[i];
        if (c != ' ' || (j > 0 && one[j - 1] != ' '))
            one[j++] = c;
    }
    while (j > 0 && one[j - 1] == ' ')
        j--;
    one[j] = '\0';

    pthread_mutex_lock(&route.lock);
    was = route.down;
    route.down = 1;
    pthread_mutex_unlock(&route.lock);
    if (!was) {
        fprintf(stderr,
                "masseflyt: the read replica is unreachable (%s); reading "
                "from the primary\n",
                one);
        fflush(stderr);
    }
}

static void say_up(void)
{
    int was;

    pthread_mutex_lock(&route.lock);
    was = route.down;
    route.down = 0;
    pthread_mutex_unlock(&route.lock);
    if (was) {
        fprintf(stderr, "masseflyt: reading from the read replica again\n");
        fflush(stderr);
    }
}

static void drop_replica(struct route_store *s, const char *why)
{
    store_close(s->replica);
    s->replica = NULL;
    s->retry_at = now_ms() + ROUTE_RETRY_MS;
    say_down(why);
}

/* Where a read goes: the replica when it is reachable and has replayed
 * the position the read must see (waiting up to wait_ms), else the
 * primary. */
static struct store *reader_store(struct route_store *s, int shared)
{
    struct mf_error e = {0};
    uint64_t need, pos;
    int64_t until;
    int rc;

    if (s->in_tx)
        return s->primary;
    if (!s->replica) {
        char *dsn;
        if (now_ms() < s->retry_at)
            return s->primary;
        pthread_mutex_lock(&route.lock);
        dsn = strdup(route.replica);
        pthread_mutex_unlock(&route.lock);
        rc = dsn ? store_pg_open_replica(&s->replica, dsn, &e) : MF_ENOMEM;
        free(dsn);
        if (rc) {
            drop_replica(s, rc == MF_ENOMEM ? "out of memory" : e.message);
            return s->primary;
        }
    }
    need = wanted(shared);
    until = now_ms() + route.wait_ms;
    for (;;) {
        rc = s->replica->ops->wal_position(s->replica, 1, &pos, &e);
        if (rc == MF_ENOTFOUND) /* not a standby: as good as caught up */
            pos = need == 0 ? 0 : need - 1;
        else if (rc) {
            drop_replica(s, e.message);
            return s->primary;
        }
        say_up();
        if (pos >= need)
            return s->replica;
        if (rc == MF_ENOTFOUND || now_ms() >= until)
            return s->primary;
        nanosleep(&(struct timespec){0, ROUTE_POLL_MS * 1000000L}, NULL);
    }
}

/* A read that failed on the replica because it went away is made again
 * on the primary, when it handed on nothing yet. */
static int replica_lost(struct route_store *s, struct store *used, int rc,
                        const struct mf_error *err)
{
    struct mf_error e = {0};
    uint64_t pos;

    if (rc == MF_OK || used != s->replica || !s->replica)
        return 0;
    if (s->replica->ops->wal_position(s->replica, 1, &pos, &e) == MF_OK ||
        e.code == MF_ENOTFOUND)
        return 0; /* it answers: the error was the read's own */
    drop_replica(s, err && err->message[0] ? err->message : e.message);
    return 1;
}

/* ---- opening ---- */

static int r_open(struct store **out, const char *dsn, int create,
                  struct mf_error *err)
{
    struct route_store *s = calloc(1, sizeof *s);
    int rc;

    *out = NULL;
    if (!s)
        return mf_error_set(err, MF_ENOMEM, "out of memory");
    s->base.ops = &route_ops;
    if ((rc = store_pg_ops.open(&s->primary, dsn, create, err))) {
        free(s);
        return rc;
    }
    *out = &s->base;
    return MF_OK;
}

int store_route_open(struct store **out, const char *dsn, int create,
                     struct mf_error *err)
{
    return r_open(out, dsn, create, err);
}

static void r_close(struct store *base)
{
    struct route_store *s = (struct route_store *)base;

    store_close(s->primary);
    store_close(s->replica);
    free(s);
}

#define RS(b) ((struct route_store *)(b))
#define P(b) (RS(b)->primary)

/* ---- transactions and writes: the primary ---- */

static int r_begin(struct store *b, struct mf_error *err)
{
    int rc = P(b)->ops->begin(P(b), err);

    if (rc == MF_OK)
        RS(b)->in_tx = 1;
    return rc;
}

/* Only a commit that changed the registry (or its documents) is
 * remembered: a login's session is read on the primary anyway. */
static int r_commit(struct store *b, struct mf_error *err)
{
    int rc = P(b)->ops->commit(P(b), err);

    if (rc == MF_OK && RS(b)->dirty)
        wrote(RS(b));
    RS(b)->in_tx = RS(b)->dirty = 0;
    return rc;
}

static void r_rollback(struct store *b)
{
    P(b)->ops->rollback(P(b));
    RS(b)->in_tx = RS(b)->dirty = 0;
}

/* A registry write: remembered at the commit, or at once outside a
 * transaction (the write commits by itself). */
static int after_write(struct store *b, int rc)
{
    if (rc == MF_OK && !RS(b)->in_tx)
        wrote(RS(b));
    else if (rc == MF_OK)
        RS(b)->dirty = 1;
    return rc;
}

static int r_put(struct store *b, const struct mf_catalog *cat,
                 enum mf_entity e, const void *rec, struct mf_error *err)
{
    return after_write(b, P(b)->ops->put(P(b), cat, e, rec, err));
}

static int r_log_import(struct store *b, const char *file, enum mf_entity e,
                        long records, const char *encoding,
                        struct mf_error *err)
{
    return after_write(
        b, P(b)->ops->log_import(P(b), file, e, records, encoding, err));
}

static int r_put_doc(struct store *b, const char *kind, const char *name,
                     const char *json, struct mf_error *err)
{
    return after_write(b, P(b)->ops->put_doc(P(b), kind, name, json, err));
}

static int r_munis_put(struct store *b, const struct mf_municipalities *m,
                       const char *source, struct mf_error *err)
{
    return after_write(b, P(b)->ops->municipalities_put(P(b), m, source, err));
}

static int r_del(struct store *b, enum mf_entity e, const char *id,
                 struct mf_error *err)
{
    return after_write(b, P(b)->ops->del(P(b), e, id, err));
}

/* ---- the registry's reads: the replica when it may ---- */

static int r_load(struct store *b, struct mf_registry *reg, unsigned what,
                  struct mf_error *err)
{
    /* Records already handed to reg cannot be taken back: a load that
     * fails halfway on the replica is the caller's error. */
    struct store *st = reader_store(RS(b), 1);
    int rc = st->ops->load(st, reg, what, err);

    replica_lost(RS(b), st, rc, err);
    return rc;
}

struct counted {
    store_each_fn each;
    void *ctx;
    long long n;
};

static int count_each(void *ctx, enum mf_entity e, const void *rec,
                      struct mf_error *err)
{
    struct counted *c = ctx;

    c->n++;
    return c->each(c->ctx, e, rec, err);
}

static int r_get(struct store *b, const struct mf_catalog *cat,
                 enum mf_entity e, const char *id, store_each_fn each,
                 void *ctx, struct mf_error *err)
{
    struct counted c = {each, ctx, 0};
    struct store *st = reader_store(RS(b), 0);
    int rc = st->ops->get(st, cat, e, id, count_each, &c, err);

    if (replica_lost(RS(b), st, rc, err) && c.n == 0)
        rc = P(b)->ops->get(P(b), cat, e, id, each, ctx, err);
    return rc;
}

static int r_list(struct store *b, const struct mf_catalog *cat,
                  const struct store_query *q, store_each_fn each, void *ctx,
                  struct mf_error *err)
{
    struct counted c = {each, ctx, 0};
    struct store *st = reader_store(RS(b), 0);
    int rc = st->ops->list(st, cat, q, count_each, &c, err);

    if (replica_lost(RS(b), st, rc, err) && c.n == 0)
        rc = P(b)->ops->list(P(b), cat, q, each, ctx, err);
    return rc;
}

static int r_count(struct store *b, const struct store_query *q, long long *n,
                   struct mf_error *err)
{
    struct store *st = reader_store(RS(b), 0);
    int rc = st->ops->count(st, q, n, err);

    if (replica_lost(RS(b), st, rc, err))
        rc = P(b)->ops->count(P(b), q, n, err);
    return rc;
}

/* Plans and reports are written by the server's job worker, not by the
 * thread of the user who asked for them: a document read must see every
 * write made through this process. */
static int r_get_doc(struct store *b, const char *kind, const char *name,
                     char **json, struct mf_error *err)
{
    struct store *st = reader_store(RS(b), 1);
    int rc = st->ops->get_doc(st, kind, name, json, err);

    if (replica_lost(RS(b), st, rc, err))
        rc = P(b)->ops->get_doc(P(b), kind, name, json, err);
    return rc;
}

static int r_doc_list(struct store *b, const char *kind,
                      const char *const *fields, int n, long long offset,
                      long long limit, long long *total, store_row_fn each,
                      void *ctx, struct mf_error *err)
{
    struct store *st = reader_store(RS(b), 1);
    int rc = st->ops->doc_list(st, kind, fields, n, offset, limit, total, each,
                               ctx, err);

    if (replica_lost(RS(b), st, rc, err))
        rc = P(b)->ops->doc_list(P(b), kind, fields, n, offset, limit, total,
                                 each, ctx, err);
    return rc;
}

static int r_munis_load(struct store *b, struct mf_municipalities **out,
                        struct mf_error *err)
{
    struct store *st = reader_store(RS(b), 1);
    int rc = st->ops->municipalities_load(st, out, err);

    if (replica_lost(RS(b), st, rc, err))
        rc = P(b)->ops->municipalities_load(P(b), out, err);
    return rc;
}

/* The import log's newest row, as the replica has it: a cache built from
 * the replica is compared with the replica's mark. */
static int r_import_mark(struct store *b, long long *mark, struct mf_error *err)
{
    struct store *st = reader_store(RS(b), 0);
    int rc = st->ops->import_mark(st, mark, err);

    if (replica_lost(RS(b), st, rc, err))
        rc = P(b)->ops->import_mark(P(b), mark, err);
    return rc;
}

/* ---- everything else: the primary ---- */

static int r_schema_version(struct store *b, int *v, struct mf_error *err)
{
    return P(b)->ops->schema_version(P(b), v, err);
}

static int r_check(struct store *b, int full, struct mf_error *err)
{
    return P(b)->ops->check(P(b), full, err);
}

static int r_backup(struct store *b, const char *path, struct mf_error *err)
{
    return P(b)->ops->backup(P(b), path, err);
}

static int r_wal_position(struct store *b, int replayed, uint64_t *lsn,
                          struct mf_error *err)
{
    return P(b)->ops->wal_position(P(b), replayed, lsn, err);
}

/* Accounts, sessions, tokens, throttling and the audit log are read and
 * written on the primary: a login must find the session it just made. */
static int r_account_put(struct store *b, struct store_account *a,
                         int64_t expect_version, struct mf_error *err)
{
    return P(b)->ops->account_put(P(b), a, expect_version, err);
}
static int r_account_get(struct store *b, int64_t id, const char *email,
                         struct store_account *out, struct mf_error *err)
{
    return P(b)->ops->account_get(P(b), id, email, out, err);
}
static int r_account_list(struct store *b, struct store_account **out,
                          size_t *n, struct mf_error *err)
{
    return P(b)->ops->account_list(P(b), out, n, err);
}
static int r_session_put(struct store *b, const struct store_session *x,
                         struct mf_error *err)
{
    return P(b)->ops->session_put(P(b), x, err);
}
static int r_session_get(struct store *b, const char *id_hash,
                         struct store_session *out, struct mf_error *err)
{
    return P(b)->ops->session_get(P(b), id_hash, out, err);
}
static int r_session_touch(struct store *b, const char *id_hash, int64_t now,
                           struct mf_error *err)
{
    return P(b)->ops->session_touch(P(b), id_hash, now, err);
}
static int r_session_delete(struct store *b, const char *id_hash,
                            int64_t account, struct mf_error *err)
{
    return P(b)->ops->session_delete(P(b), id_hash, account, err);
}
static int r_token_put(struct store *b, struct store_token *t,
                       struct mf_error *err)
{
    return P(b)->ops->token_put(P(b), t, err);
}
static int r_token_get(struct store *b, const char *hash,
                       struct store_token *out, struct mf_error *err)
{
    return P(b)->ops->token_get(P(b), hash, out, err);
}
static int r_token_list(struct store *b, int64_t account,
                        struct store_token **out, size_t *n,
                        struct mf_error *err)
{
    return P(b)->ops->token_list(P(b), account, out, n, err);
}
static int r_token_revoke(struct store *b, int64_t id, int64_t account,
                          int64_t now, struct mf_error *err)
{
    return P(b)->ops->token_revoke(P(b), id, account, now, err);
}
static int r_throttle_get(struct store *b, const char *key, int *failures,
                          int64_t *first_failure, int64_t *locked_until,
                          struct mf_error *err)
{
    return P(b)->ops->throttle_get(P(b), key, failures, first_failure,
                                   locked_until, err);
}
static int r_throttle_put(struct store *b, const char *key, int failures,
                          int64_t first_failure, int64_t locked_until,
                          struct mf_error *err)
{
    return P(b)->ops->throttle_put(P(b), key, failures, first_failure,
                                   locked_until, err);
}
static int r_audit_append(struct store *b, int64_t now,
                          const struct store_audit *a, struct mf_error *err)
{
    return P(b)->ops->audit_append(P(b), now, a, err);
}
static int r_audit_list(struct store *b, int64_t before_id, int limit,
                        char **json, struct mf_error *err)
{
    return P(b)->ops->audit_list(P(b), before_id, limit, json, err);
}
/* masseflyt copy reads and writes whole tables on the primary. */
static int r_rows(struct store *b, const char *table, const char *const *cols,
                  int n, store_row_fn each, void *ctx, struct mf_error *err)
{
    return P(b)->ops->rows(P(b), table, cols, n, each, ctx, err);
}
static int r_put_row(struct store *b, const char *table,
                     const char *const *cols, int n, const char *const *vals,
                     struct mf_error *err)
{
    return P(b)->ops->put_row(P(b), table, cols, n, vals, err);
}

/* The chain of custody: writes, and the reads the checks and the balance
 * make, go to the primary (a receipt must find the ticket just issued). */
static int r_vehicle_put(struct store *b, const struct store_vehicle *v,
                         struct mf_error *err)
{
    return P(b)->ops->vehicle_put(P(b), v, err);
}
static int r_quality_doc_put(struct store *b, const struct store_quality_doc *d,
                             struct mf_error *err)
{
    return P(b)->ops->quality_doc_put(P(b), d, err);
}
static int r_ticket_put(struct store *b, const struct store_ticket *t,
                        struct mf_error *err)
{
    return P(b)->ops->ticket_put(P(b), t, err);
}
static int r_receipt_put(struct store *b, const struct store_receipt *r,
                         struct mf_error *err)
{
    return P(b)->ops->receipt_put(P(b), r, err);
}
static int r_tickets_put(struct store *b, const struct store_ticket *t,
                         size_t n, size_t *at, struct mf_error *err)
{
    return P(b)->ops->tickets_put(P(b), t, n, at, err);
}
static int r_receipts_put(struct store *b, const struct store_receipt *r,
                          size_t n, size_t *at, struct mf_error *err)
{
    return P(b)->ops->receipts_put(P(b), r, n, at, err);
}
static int r_custody_bulk_begin(struct store *b, long long rows,
                                struct mf_error *err)
{
    return P(b)->ops->custody_bulk_begin(P(b), rows, err);
}
static int r_custody_bulk_end(struct store *b, struct mf_error *err)
{
    return P(b)->ops->custody_bulk_end(P(b), err);
}
static int r_custody_each(struct store *b, enum store_custody_kind kind,
                          store_custody_fn each, void *ctx,
                          struct mf_error *err)
{
    return P(b)->ops->custody_each(P(b), kind, each, ctx, err);
}
static int r_ticket_get(struct store *b, const char *id_or_code,
                        struct store_ticket *out, struct mf_error *err)
{
    return P(b)->ops->ticket_get(P(b), id_or_code, out, err);
}
/* Custody records are read where custody_each and ticket_get read them,
 * on the primary: a chain walked before a correction is written must be
 * the primary's. */
static int r_custody_find(struct store *b, const struct store_custody_query *q,
                          store_found_fn each, void *ctx, long long *total,
                          struct mf_error *err)
{
    return P(b)->ops->custody_find(P(b), q, each, ctx, total, err);
}
/* The change counters tell server processes about each other's writes.
 * "registry" is read where the registry's reads go, as the import mark
 * is: a read model built from the replica is compared with the replica's
 * count (the primary's newer count would mark an older model as current).
 * "accounts" is the primary's, where sessions and tokens are read. */
static int r_change_count(struct store *b, const char *name, long long *n,
                          struct mf_error *err)
{
    struct store *st;
    int rc;

    if (strcmp(name, "registry") != 0)
        return P(b)->ops->change_count(P(b), name, n, err);
    st = reader_store(RS(b), 0);
    rc = st->ops->change_count(st, name, n, err);
    if (replica_lost(RS(b), st, rc, err))
        rc = P(b)->ops->change_count(P(b), name, n, err);
    return rc;
}

/* The job queue: every entry goes to the primary (a job's state changes
 * under other processes' hands; a worker's claim and a user's poll must
 * see the newest). */
static int r_job_enqueue(struct store *b, struct store_job *j,
                         int64_t finished_before, struct mf_error *err)
{
    return P(b)->ops->job_enqueue(P(b), j, finished_before, err);
}
static int r_job_claim(struct store *b, const char *worker, int64_t now,
                       int64_t lease_s, int max_attempts, struct store_job *out,
                       struct mf_error *err)
{
    return P(b)->ops->job_claim(P(b), worker, now, lease_s, max_attempts, out,
                                err);
}
static int r_job_renew(struct store *b, int64_t id, const char *worker,
                       int64_t now, int64_t lease_s, const char *stage,
                       double progress, int64_t pivots, int *cancel,
                       struct mf_error *err)
{
    return P(b)->ops->job_renew(P(b), id, worker, now, lease_s, stage, progress,
                                pivots, cancel, err);
}
static int r_job_finish(struct store *b, const struct store_job *j, int64_t now,
                        struct mf_error *err)
{
    return P(b)->ops->job_finish(P(b), j, now, err);
}
static int r_job_cancel(struct store *b, int64_t id, int64_t now,
                        struct mf_error *err)
{
    return P(b)->ops->job_cancel(P(b), id, now, err);
}
static int r_job_get(struct store *b, int64_t id, int with_result,
                     struct store_job *out, struct mf_error *err)
{
    return P(b)->ops->job_get(P(b), id, with_result, out, err);
}
static int r_job_list(struct store *b, int64_t owner, int limit,
                      struct store_job **out, size_t *n, struct mf_error *err)
{
    return P(b)->ops->job_list(P(b), owner, limit, out, n, err);
}

static const struct store_ops route_ops = {
    .version = STORE_OPS_VERSION,
    .scheme = "postgresql",
    .open = r_open,
    .close = r_close,
    .begin = r_begin,
    .commit = r_commit,
    .rollback = r_rollback,
    .put = r_put,
    .load = r_load,
    .log_import = r_log_import,
    .schema_version = r_schema_version,
    .put_doc = r_put_doc,
    .get_doc = r_get_doc,
    .doc_list = r_doc_list,
    .get = r_get,
    .list = r_list,
    .count = r_count,
    .check = r_check,
    .backup = r_backup,
    .account_put = r_account_put,
    .account_get = r_account_get,
    .account_list = r_account_list,
    .session_put = r_session_put,
    .session_get = r_session_get,
    .session_touch = r_session_touch,
    .session_delete = r_session_delete,
    .token_put = r_token_put,
    .token_get = r_token_get,
    .token_list = r_token_list,
    .token_revoke = r_token_revoke,
    .throttle_get = r_throttle_get,
    .throttle_put = r_throttle_put,
    .audit_append = r_audit_append,
    .audit_list = r_audit_list,
    .municipalities_put = r_munis_put,
    .municipalities_load = r_munis_load,
    .del = r_del,
    .import_mark = r_import_mark,
    .wal_position = r_wal_position,
    .rows = r_rows,
    .put_row = r_put_row,
    .vehicle_put = r_vehicle_put,
    .quality_doc_put = r_quality_doc_put,
    .ticket_put = r_ticket_put,
    .receipt_put = r_receipt_put,
    .custody_each = r_custody_each,
    .ticket_get = r_ticket_get,
    .change_count = r_change_count,
    .job_enqueue = r_job_enqueue,
    .job_claim = r_job_claim,
    .job_renew = r_job_renew,
    .job_finish = r_job_finish,
    .job_cancel = r_job_cancel,
    .job_get = r_job_get,
    .job_list = r_job_list,
    .custody_find = r_custody_find,
    .tickets_put = r_tickets_put,
    .receipts_put = r_receipts_put,
    .custody_bulk_begin = r_custody_bulk_begin,
    .custody_bulk_end = r_custody_bulk_end,
};
