/*
 * store_sqlite.c - the embedded SQLite backend.
 *
 * WAL journal, foreign keys on, synchronous=NORMAL, and the WAL synced
 * after the commit of every transaction but a small one: a committed
 * import survives a power cut, and a crash mid-import leaves the database
 * as before, since an import is one transaction. A small transaction (at
 * most SMALL_TX records put, no import logged and no boundaries stored:
 * one API write with its audit record, a session) is not synced at its
 * commit: it survives a crash of the process (the WAL is written before
 * COMMIT returns), but a power cut or an OS crash may lose the last such
 * commits, never the database's consistency; the next synced commit or
 * checkpoint makes them durable. The schema is the numbered migrations in
 * src/store/migrations, embedded at build time; the number of the last one
 * applied is kept in PRAGMA user_version.
 */
#include "store.h"

#include "codec.h"
#include "util/buf.h"
#include "util/vec.h"

#include "util/atomic_file.h"

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

struct migration {
    int version;
    const char *name;
    const char *sql;
};

#include "accounts_sqlite.h"
#include "migrations.h"

#define N_MIGRATIONS ((int)(sizeof migrations / sizeof migrations[0]))

/* A lot index dropped until the commit, and how to build it again. */
struct deferred_index {
    char *name;
    char *sql;
};

/* How long a writer waits for another writer (an import, a plan being
 * stored) before it gives up with "the database is busy": long enough
 * for an import of a million lots; readers never wait (WAL). */
#define WRITE_WAIT_MS (10 * 60 * 1000)

struct sqlite_store {
    struct store base;
    sqlite3 *db;
    char *path;
    struct codec_table tab[MF_ENT_COUNT];
    sqlite3_stmt *put[MF_ENT_COUNT];
    /* The transaction under way: whether it has put a lot yet, and the
     * lot indexes it dropped until it commits. */
    int lots_seen;
    long puts;    /* records put */
    int imported; /* an import logged, or boundaries stored */
    struct deferred_index *deferred;
    size_t n_deferred;
    size_t cap_deferred;
};

static void forget_deferred(struct sqlite_store *s);

/* A transaction of at most this many records put, no import logged and
 * no boundaries stored is not synced at its commit (above). */
#define SMALL_TX 16

static const char *col_text(sqlite3_stmt *st, int i)
{
    return (const char *)sqlite3_column_text(st, i);
}

/* Turns SQLite's result code into what the user can act on: a damaged
 * file (restore it), a full disk, a database another program is writing,
 * a read-only file; anything else keeps SQLite's own message. */
static int sqlite_fail(struct sqlite_store *s, int code, const char *what,
                       const char *msg, struct mf_error *err)
{
    switch (code & 0xff) {
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
        return mf_error_at(err, MF_EDAMAGED, s->path,
                           "the database is damaged (%s: %s); restore it "
                           "from a backup ('masseflyt check-db' tells more)",
                           what, msg);
    case SQLITE_FULL:
        return mf_error_at(err, MF_EIO, s->path,
                           "the disk is full; nothing was written");
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
        return mf_error_at(err, MF_ESTORE, s->path,
                           "%s: the database is busy: another masseflyt is "
                           "writing to it (an import?); try again when it "
                           "has finished",
                           what);
    case SQLITE_READONLY:
        return mf_error_at(err, MF_EIO, s->path,
                           "%s: the database is read-only for this user", what);
    case SQLITE_IOERR:
        return mf_error_at(err, MF_EIO, s->path, "%s: %s", what, msg);
    default:
        return mf_error_at(err, MF_ESTORE, s->path, "%s: %s", what, msg);
    }
}

static int db_error(struct sqlite_store *s, struct mf_error *err,
                    const char *what)
{
    return sqlite_fail(s, sqlite3_extended_errcode(s->db), what,
                       sqlite3_errmsg(s->db), err);
}

static int exec(struct sqlite_store *s, const char *sql, struct mf_error *err)
{
    char *msg = NULL;
    int rc = sqlite3_exec(s->db, sql, NULL, NULL, &msg);

    if (rc != SQLITE_OK) {
        rc = sqlite_fail(s, sqlite3_extended_errcode(s->db), "SQL failed",
                         msg ? msg : sqlite3_errstr(rc), err);
        sqlite3_free(msg);
        return rc;
    }
    return MF_OK;
}

static int user_version(struct sqlite_store *s, int *v, struct mf_error *err)
{
    sqlite3_stmt *st;

    if (sqlite3_prepare_v2(s->db, "PRAGMA user_version", -1, &st, NULL))
        return db_error(s, err, "reading the schema version");
    *v = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int(st, 0) : 0;
    sqlite3_finalize(st);
    return MF_OK;
}

static int migrate(struct sqlite_store *s, struct mf_error *err)
{
    int v = 0, i, rc;
    char sql[64];

    if ((rc = user_version(s, &v, err)))
        return rc;
    /* Numbers may have gaps while branches add migrations. */
    if (v > migrations[N_MIGRATIONS - 1].version)
        return mf_error_at(err, MF_ESTORE, s->path,
                           "the database has schema version %d, newer than "
                           "this program (%d); upgrade masseflyt",
                           v, migrations[N_MIGRATIONS - 1].version);
    for (i = 0; i < N_MIGRATIONS; i++) {
        if (migrations[i].version <= v)
            continue;
        if ((rc = exec(s, "BEGIN IMMEDIATE", err)))
            return rc;
        snprintf(sql, sizeof sql, "PRAGMA user_version = %d",
                 migrations[i].version);
        if ((rc = exec(s, migrations[i].sql, err)) ||
            (rc = exec(s, sql, err)) || (rc = exec(s, "COMMIT", err))) {
            exec(s, "ROLLBACK", NULL);
            if (rc != MF_ESTORE)
                return rc; /* damaged, disk full, busy: as said */
            return mf_error_at(err, MF_ESTORE, s->path,
                               "migration %s failed: %s", migrations[i].name,
                               err ? err->message : "");
        }
    }
    return MF_OK;
}

static void s_close(struct store *base)
{
    struct sqlite_store *s = (struct sqlite_store *)base;
    int i;

    for (i = 0; i < MF_ENT_COUNT; i++)
        sqlite3_finalize(s->put[i]);
    forget_deferred(s);
    sqlite3_close(s->db);
    free(s->path);
    free(s);
}

/* A new database needs its folder: say so instead of SQLite's "unable to
 * open database file". */
static int folder_exists(const char *path, struct mf_error *err)
{
    const char *slash = strrchr(path, '/');
    char dir[4096];
    struct stat sb;

    if (!slash)
        return MF_OK;
    snprintf(dir, sizeof dir, "%.*s", (int)(slash - path), path);
    if (!dir[0] || (stat(dir, &sb) == 0 && S_ISDIR(sb.st_mode)))
        return MF_OK;
    return mf_error_at(err, MF_ENOTFOUND, path,
                       "cannot create the database: the folder '%s' does not "
                       "exist",
                       dir);
}

static int s_open(struct store **out, const char *path, int create,
                  struct mf_error *err)
{
    struct sqlite_store *s;
    struct stat sb;
    /* One thread uses a connection at a time, so SQLite's own mutexes
     * are not needed (they cost several per cent of a large import). */
    int i, rc, flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX;

    *out = NULL;
    /* SQLite's memory statistics take a global mutex on every allocation;
     * nothing here reads them. This only works before SQLite starts, so
     * its answer is ignored when another user (PROJ) started it first. */
    (void)sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
    if (stat(path, &sb) != 0) {
        if (!create)
            return mf_error_at(err, MF_ENOTFOUND, path,
                               "no database here; create one with "
                               "'masseflyt init' (or pass --db)");
        if ((rc = folder_exists(path, err)))
            return rc;
        flags |= SQLITE_OPEN_CREATE;
    }
    s = calloc(1, sizeof *s);
    if (!s || !(s->path = strdup(path))) {
        free(s);
        return mf_error_set(err, MF_ENOMEM, "out of memory");
    }
    s->base.ops = &store_sqlite_ops;
    for (i = 0; i < MF_ENT_COUNT; i++)
        codec_table_init(&s->tab[i], (enum mf_entity)i);
    if (sqlite3_open_v2(path, &s->db, flags, NULL) != SQLITE_OK) {
        rc = s->db ? db_error(s, err, "cannot open")
                   : mf_error_set(err, MF_ENOMEM, "out of memory");
        s_close(&s->base);
        return rc;
    }
    /* A plan computed while an import runs waits to be stored rather than
     * being thrown away after all that work, and a second import waits
     * for the first. */
    sqlite3_busy_timeout(s->db, WRITE_WAIT_MS);
    /* A page cache of 64 MiB keeps a large import's B-trees in memory
     * until the commit writes them. Two sorter threads (PRAGMA threads)
     * share the sorts of CREATE INDEX when a large import builds the lot
     * indexes again before its commit (docs/internals/schema.md). */
    if ((rc = exec(s, "PRAGMA journal_mode=WAL", err)) ||
        (rc = exec(s, "PRAGMA cache_size=-65536", err)) ||
        (rc = exec(s, "PRAGMA threads=2", err)) ||
        (rc = exec(s, "PRAGMA foreign_keys=ON", err)) ||
        (rc = exec(s, "PRAGMA synchronous=NORMAL", err)) ||
        (rc = migrate(s, err))) {
        s_close(&s->base);
        return rc;
    }
    *out = &s->base;
    return MF_OK;
}

/* ------------------------------------------------------------------ */
/* Large imports: lot indexes built once, after the load                */
/* ------------------------------------------------------------------ */

/*
 * Each index on lot costs a B-tree insert per lot at a random place: kept
 * up while a million lots are imported, the three of migration 004 take
 * about 25 microseconds a lot, several times the rest of the import. So when a
 * transaction puts its first lot into a lot table that is empty or nearly
 * so, the lot indexes are dropped inside the transaction and created
 * again, each in one sorted pass over the table, just before it commits.
 * A rollback brings them back as they were: SQLite's schema changes are
 * transactional. The statements are read from sqlite_master, so an index
 * a later migration adds is handled too.
 *
 * Why only into a (nearly) empty table: an insert into lot keeps a
 * statement journal, since its foreign keys may abort it. Dropping the
 * indexes of more than about a thousand lots spills the transaction's
 * statement journal to a temporary file, and from then on every insert
 * writes to that file, which made a large import as slow as keeping the
 * indexes (measured). Keeping statement journals in memory (temp_store)
 * avoids that, but cost every import a tenth more time in allocations. An
 * import into a table that already holds many lots keeps the indexes up.
 * docs/internals/schema.md has the numbers.
 */
#define FEW_LOTS 1024

static void forget_deferred(struct sqlite_store *s)
{
    size_t i;

    for (i = 0; i < s->n_deferred; i++) {
        free(s->deferred[i].name);
        free(s->deferred[i].sql);
    }
    free(s->deferred);
    s->deferred = NULL;
    s->n_deferred = 0;
    s->cap_deferred = 0;
}

static int defer_lot_indexes(struct sqlite_store *s, struct mf_error *err)
{
    sqlite3_stmt *st;
    size_t i;
    int rc = MF_OK;

    if (sqlite3_prepare_v2(s->db,
                           "SELECT name, sql FROM sqlite_master WHERE type = "
                           "'index' AND tbl_name = 'lot' AND sql IS NOT NULL",
                           -1, &st, NULL))
        return db_error(s, err, "reading the lot indexes");
    while (rc == MF_OK && sqlite3_step(st) == SQLITE_ROW) {
        struct deferred_index d = {strdup(col_text(st, 0)),
                                   strdup(col_text(st, 1))};
        if (!d.name || !d.sql ||
            vec_reserve(s->deferred, s->cap_deferred, s->n_deferred + 1)) {
            free(d.name);
            free(d.sql);
            rc = mf_error_set(err, MF_ENOMEM, "out of memory");
        } else {
            s->deferred[s->n_deferred++] = d;
        }
    }
    sqlite3_finalize(st);
    for (i = 0; i < s->n_deferred && rc == MF_OK; i++) {
        char sql[300];
        snprintf(sql, sizeof sql, "DROP INDEX \"%s\"", s->deferred[i].name);
        rc = exec(s, sql, err);
    }
    return rc;
}

static int build_deferred(struct sqlite_store *s, struct mf_error *err)
{
    size_t i;
    int rc = MF_OK;

    for (i = 0; i < s->n_deferred && rc == MF_OK; i++)
        rc = exec(s, s->deferred[i].sql, err);
    forget_deferred(s);
    return rc;
}

/* At the first lot a transaction puts: defers the lot indexes when the
 * table holds few lots. */
static int first_lot(struct sqlite_store *s, struct mf_error *err)
{
    sqlite3_stmt *st;
    long long last = 0;

    s->lots_seen = 1;
    /* Outside a transaction a dropped index would never be built again. */
    if (sqlite3_get_autocommit(s->db))
        return MF_OK;
    /* The largest rowid is the number of lots stored, near enough, in
     * O(log n). */
    if (sqlite3_prepare_v2(s->db, "SELECT max(rowid) FROM lot", -1, &st, NULL))
        return db_error(s, err, "counting lots");
    if (sqlite3_step(st) == SQLITE_ROW)
        last = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    return last > FEW_LOTS ? MF_OK : defer_lot_indexes(s, err);
}

static void transaction_reset(struct sqlite_store *s)
{
    forget_deferred(s);
    s->lots_seen = 0;
    s->puts = 0;
    s->imported = 0;
}

/* Syncs the WAL to disk (what synchronous=FULL does at every commit):
 * the commits in it survive a power cut. */
static int sync_wal(struct sqlite_store *s, struct mf_error *err)
{
    sqlite3_file *wal = NULL;

    if (sqlite3_file_control(s->db, "main", SQLITE_FCNTL_JOURNAL_POINTER,
                             &wal) != SQLITE_OK ||
        !wal || !wal->pMethods)
        return MF_OK; /* no WAL open: nothing was written to it */
    if (wal->pMethods->xSync(wal, SQLITE_SYNC_NORMAL) != SQLITE_OK)
        return mf_error_at(err, MF_EIO, s->path,
                           "the commit could not be synced to disk");
    return MF_OK;
}

static int s_begin(struct store *base, struct mf_error *err)
{
    struct sqlite_store *s = (struct sqlite_store *)base;

    transaction_reset(s);
    return exec(s, "BEGIN IMMEDIATE", err);
}

static int s_commit(struct store *base, struct mf_error *err)
{
    struct sqlite_store *s = (struct sqlite_store *)base;
    int rc = build_deferred(s, err),
        small = !s->imported && s->puts <= SMALL_TX;

    transaction_reset(s);
    if (rc)
        return rc;
    if ((rc = exec(s, "COMMIT", err)) || small)
        return rc;
    return sync_wal(s, err);
}

static void s_rollback(struct store *base)
{
    struct sqlite_store *s = (struct sqlite_store *)base;

    transaction_reset(s);
    if (!sqlite3_get_autocommit(s->db))
        exec(s, "ROLLBACK", NULL);
}

/* ------------------------------------------------------------------ */
/* Values by type                                                       */
/* ------------------------------------------------------------------ */

static void bind_values(sqlite3_stmt *st, const struct codec_value *v, int n)
{
    int i;

    for (i = 0; i < n; i++) {
        switch (v[i].type) {
        case CODEC_INT:
            sqlite3_bind_int64(st, i + 1, v[i].i);
            break;
        case CODEC_REAL:
            sqlite3_bind_double(st, i + 1, v[i].r);
            break;
        case CODEC_TEXT:
            sqlite3_bind_text(st, i + 1, v[i].text, -1, SQLITE_STATIC);
            break;
        default:
            sqlite3_bind_null(st, i + 1);
            break;
        }
    }
}

static void read_values(sqlite3_stmt *st, const struct codec_table *t,
                        struct codec_value *v)
{
    int i;

    for (i = 0; i < t->n_columns; i++) {
        memset(&v[i], 0, sizeof v[i]);
        if (sqlite3_column_type(st, i) == SQLITE_NULL)
            continue;
        v[i].type = t->type[i];
        if (t->type[i] == CODEC_INT)
            v[i].i = sqlite3_column_int64(st, i);
        else if (t->type[i] == CODEC_REAL)
            v[i].r = sqlite3_column_double(st, i);
        else
            v[i].text = col_text(st, i);
    }
}

/* ------------------------------------------------------------------ */
/* Writing                                                              */
/* ------------------------------------------------------------------ */

static int s_put(struct store *base, const struct mf_catalog *cat,
                 enum mf_entity e, const void *rec, struct mf_error *err)
{
    struct sqlite_store *s = (struct sqlite_store *)base;
    struct codec_value vals[MF_SCHEMA_MAX_FIELDS];
    struct codec_scratch sc;
    sqlite3_stmt *st;
    int rc;

    s->puts++;
    if (!s->put[e]) {
        struct buf sql = BUF_INIT;
        rc = codec_insert_sql(&s->tab[e], '?', &sql);
        if (rc == MF_OK &&
            sqlite3_prepare_v2(s->db, buf_str(&sql), -1, &s->put[e], NULL))
            rc = db_error(s, err, "preparing an insert");
        else if (rc)
            rc = mf_error_set(err, rc, "out of memory");
        buf_free(&sql);
        if (rc)
            return rc;
    }
    if (e == MF_ENT_LOT && !s->lots_seen && (rc = first_lot(s, err)))
        return rc;
    st = s->put[e];
    codec_encode(&s->tab[e], cat, rec, vals, &sc);
    bind_values(st, vals, s->tab[e].n_columns);
    rc = sqlite3_step(st);
    /* Every parameter is bound on each put, so no clearing is needed. */
    sqlite3_reset(st);
    if (rc != SQLITE_DONE)
        return db_error(s, err, "writing a record");
    return MF_OK;
}

static int s_del(struct store *base, enum mf_entity e, const char *id,
                 struct mf_error *err)
{
    static const char *const sql[MF_ENT_COUNT] = {
        [MF_ENT_ORG] = "DELETE FROM org WHERE id = ?1",
        [MF_ENT_PROJECT] = "DELETE FROM project WHERE id = ?1",
        [MF_ENT_SITE] = "DELETE FROM site WHERE id = ?1",
        [MF_ENT_LOT] = "DELETE FROM lot WHERE id = ?1",
    };
    struct sqlite_store *s = (struct sqlite_store *)base;
    sqlite3_stmt *st;
    int rc;

    if ((unsigned)e >= MF_ENT_COUNT || !sql[e])
        return mf_error_set(err, MF_EINVAL, "no such kind of record");
    if (sqlite3_prepare_v2(s->db, sql[e], -1, &st, NULL))
        return db_error(s, err, "preparing a delete");
    sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
    rc = sqlite3_step(st);
    sqlite3_finalize(st);
    if ((rc & 0xff) == SQLITE_CONSTRAINT)
        return mf_error_at(err, MF_EINVAL, "id",
                           "'%s' cannot be deleted: other records still "
                           "refer to it (delete or change them first)",
                           id);
    if (rc != SQLITE_DONE)
        return db_error(s, err, "deleting a record");
    if (sqlite3_changes(s->db) == 0)
        return mf_error_at(err, MF_ENOTFOUND, "id", "no record with id '%s'",
                           id);
    return MF_OK;
}

static int s_import_mark(struct store *base, long long *mark,
                         struct mf_error *err)
{
    struct sqlite_store *s = (struct sqlite_store *)base;
    sqlite3_stmt *st;
    int rc;

    *mark = -1;
    if (sqlite3_prepare_v2(s->db,
                           "SELECT coalesce(max(rowid), 0) FROM import_log", -1,
                           &st, NULL))
        return db_error(s, err, "reading the import log");
    rc = sqlite3_step(st);
    if (rc == SQLITE_ROW)
        *mark = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    return rc == SQLITE_ROW ? MF_OK
                            : db_error(s, err, "reading the import log");
}

/* ------------------------------------------------------------------ */
/* Reading                                                              */
/* ------------------------------------------------------------------ */

/* Runs q (or its count), handing each decoded record to each(). */
static int run_query(struct sqlite_store *s, const struct mf_catalog *cat,
                     const struct store_query *q, int count, long long *n,
                     store_each_fn each, void *ctx, struct mf_error *err)
{
    const struct codec_table *t;
    struct codec_value params[CODEC_MAX_PARAMS];
    struct codec_value vals[MF_SCHEMA_MAX_FIELDS];
    struct codec_scratch sc;
    union mf_record rec;
    struct buf sql = BUF_INIT;
    sqlite3_stmt *st = NULL;
    int n_params, rc, step = SQLITE_DONE;

    if ((unsigned)q->kind >= MF_ENT_COUNT)
        return mf_error_set(err, MF_EINVAL, "no such kind of record");
    t = &s->tab[q->kind];
    rc = codec_query_sql(t, q, count, '?', &sql, params, &n_params, err);
    if (rc == MF_OK &&
        sqlite3_prepare_v2(s->db, buf_str(&sql), -1, &st, NULL) != SQLITE_OK)
        rc = db_error(s, err, "preparing a query");
    buf_free(&sql);
    if (rc)
        return rc;
    bind_values(st, params, n_params);
    if (n)
        *n = 0;
    while (rc == MF_OK && (step = sqlite3_step(st)) == SQLITE_ROW) {
        if (count) {
            *n = sqlite3_column_int64(st, 0);
            continue;
        }
        read_values(st, t, vals);
        rc = codec_decode(t, cat, vals, &rec, &sc, s->path, err);
        if (rc == MF_OK)
            rc = each(ctx, q->kind, &rec, err);
        if (rc == MF_OK && n)
            (*n)++;
    }
    if (rc == MF_OK && step != SQLITE_DONE)
        rc = db_error(s, err, "reading records");
    sqlite3_finalize(st);
    return rc;
}

static int put_into(void *ctx, enum mf_entity e, const void *rec,
                    struct mf_error *err)
{
    if (mf_registry_put(ctx, e, rec))
        return mf_error_set(err, MF_ENOMEM, "out of memory");
    return MF_OK;
}

static int s_load(struct store *base, struct mf_registry *reg, unsigned what,
                  struct mf_error *err)
{
    struct sqlite_store *s = (struct sqlite_store *)base;
    int e, rc;

    for (e = 0; e < MF_ENT_COUNT; e++) {
        struct store_query q = STORE_QUERY_INIT;

        if (!(what & (1u << e)))
            continue;
        q.kind = (enum mf_entity)e;
        rc = run_query(s, mf_registry_catalog(reg), &q, 0, NULL, put_into, reg,
                       err);
        if (rc)
            return rc;
    }
    return MF_OK;
}

static int s_get(struct store *base, const struct mf_catalog *cat,
                 enum mf_entity e, const char *id, store_each_fn each,
                 void *ctx, struct mf_error *err)
{
    struct sqlite_store *s = (struct sqlite_store *)base;
    struct store_query q = STORE_QUERY_INIT;
    long long n = 0;
    int rc;

    q.kind = e;
    q.id = id;
    rc = run_query(s, cat, &q, 0, &n, each, ctx, err);
    if (rc == MF_OK && n == 0)
        rc = mf_error_set(err, MF_ENOTFOUND, "no %s has the id '%s'",
                          mf_schema(e)->name, id);
    return rc;
}

static int s_list(struct store *base, const struct mf_catalog *cat,
                  const struct store_query *q, store_each_fn each, void *ctx,
                  struct mf_error *err)
{
    return run_query((struct sqlite_store *)base, cat, q, 0, NULL, each, ctx,
                     err);
}

static int s_count(struct store *base, const struct store_query *q,
                   long long *n, struct mf_error *err)
{
    return run_query((struct sqlite_store *)base, NULL, q, 1, n, NULL, NULL,
                     err);
}

static void now_iso(char *buf, size_t len)
{
    time_t t = time(NULL);
    struct tm tm;

    gmtime_r(&t, &tm);
    strftime(buf, len, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

static int s_log_import(struct store *base, const char *file, enum mf_entity e,
                        long records, const char *encoding,
                        struct mf_error *err)
{
    struct sqlite_store *s = (struct sqlite_store *)base;
    sqlite3_stmt *st;
    char at[32];
    int rc;

    s->imported = 1;
    now_iso(at, sizeof at);
    if (sqlite3_prepare_v2(s->db,
                           "INSERT INTO import_log (at, file, kind, records, "
                           "encoding) VALUES (?,?,?,?,?)",
                           -1, &st, NULL))
        return db_error(s, err, "logging the import");
    sqlite3_bind_text(st, 1, at, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 2, file, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 3, mf_schema(e)->plural, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 4, records);
    if (encoding && *encoding)
        sqlite3_bind_text(st, 5, encoding, -1, SQLITE_STATIC);
    else
        sqlite3_bind_null(st, 5);
    rc = sqlite3_step(st);
    sqlite3_finalize(st);
    return rc == SQLITE_DONE ? MF_OK : db_error(s, err, "logging the import");
}

static int s_version(struct store *base, int *version, struct mf_error *err)
{
    return user_version((struct sqlite_store *)base, version, err);
}

static int s_put_doc(struct store *base, const char *kind, const char *name,
                     const char *json, struct mf_error *err)
{
    struct sqlite_store *s = (struct sqlite_store *)base;
    sqlite3_stmt *st;
    char at[32];
    int rc;

    now_iso(at, sizeof at);
    if (sqlite3_prepare_v2(s->db,
                           "INSERT INTO document (kind, name, created, json) "
                           "VALUES (?,?,?,?) ON CONFLICT(kind, name) DO "
                           "UPDATE SET created=excluded.created, "
                           "json=excluded.json",
                           -1, &st, NULL))
        return db_error(s, err, "storing a document");
    sqlite3_bind_text(st, 1, kind, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, name, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 3, at, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 4, json, -1, SQLITE_STATIC);
    rc = sqlite3_step(st);
    sqlite3_finalize(st);
    return rc == SQLITE_DONE ? MF_OK : db_error(s, err, "storing a document");
}

static int s_get_doc(struct store *base, const char *kind, const char *name,
                     char **json, struct mf_error *err)
{
    struct sqlite_store *s = (struct sqlite_store *)base;
    sqlite3_stmt *st;
    int rc = MF_OK;

    *json = NULL;
    if (sqlite3_prepare_v2(s->db,
                           "SELECT json FROM document WHERE kind=? AND name=?",
                           -1, &st, NULL))
        return db_error(s, err, "reading a document");
    sqlite3_bind_text(st, 1, kind, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, name, -1, SQLITE_STATIC);
    if (sqlite3_step(st) == SQLITE_ROW) {
        *json = strdup(col_text(st, 0));
        if (!*json)
            rc = mf_error_set(err, MF_ENOMEM, "out of memory");
    }
    sqlite3_finalize(st);
    return rc;
}

/* ------------------------------------------------------------------ */
/* Municipality boundaries                                              */
/* ------------------------------------------------------------------ */

static int s_munis_put(struct store *base, const struct mf_municipalities *m,
                       const char *source, struct mf_error *err)
{
    struct sqlite_store *s = (struct sqlite_store *)base;
    sqlite3_stmt *st;
    char at[32];
    size_t i, n = mf_municipalities_count(m);
    int rc = MF_OK;

    s->imported = 1;
    now_iso(at, sizeof at);
    if ((rc = exec(s, "DELETE FROM municipality_boundary", err)))
        return rc;
    if (sqlite3_prepare_v2(s->db,
                           "INSERT INTO municipality_boundary (number, name, "
                           "geometry, source, imported) VALUES (?,?,?,?,?)",
                           -1, &st, NULL))
        return db_error(s, err, "storing municipality boundaries");
    for (i = 0; i < n && rc == MF_OK; i++) {
        sqlite3_reset(st);
        sqlite3_bind_text(st, 1, mf_municipality_number(m, i), -1,
                          SQLITE_STATIC);
        sqlite3_bind_text(st, 2, mf_municipality_name(m, i), -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 3, mf_municipality_geometry(m, i), -1,
                          SQLITE_STATIC);
        sqlite3_bind_text(st, 4, source, -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 5, at, -1, SQLITE_STATIC);
        if (sqlite3_step(st) != SQLITE_DONE)
            rc = db_error(s, err, "storing municipality boundaries");
    }
    sqlite3_finalize(st);
    return rc;
}

static int s_munis_load(struct store *base, struct mf_municipalities **out,
                        struct mf_error *err)
{
    struct sqlite_store *s = (struct sqlite_store *)base;
    struct mf_municipalities *m = NULL;
    sqlite3_stmt *st;
    int rc = MF_OK, step = SQLITE_DONE;

    *out = NULL;
    if (sqlite3_prepare_v2(s->db,
                           "SELECT number, name, geometry FROM "
                           "municipality_boundary ORDER BY number",
                           -1, &st, NULL))
        return db_error(s, err, "reading municipality boundaries");
    while (rc == MF_OK && (step = sqlite3_step(st)) == SQLITE_ROW) {
        if (!m && (rc = mf_municipalities_new(&m, err)))
            break;
        rc = mf_municipalities_add(m, col_text(st, 0), col_text(st, 1),
                                   col_text(st, 2), err);
        /* A stored boundary that does not read is damage, not input. */
        if (rc == MF_EINVAL) {
            char why[sizeof err->message];
            snprintf(why, sizeof why, "%s", err->message);
            rc = mf_error_set(err, MF_EDAMAGED,
                              "a stored municipality boundary does not read "
                              "(%s); import the boundaries again",
                              why);
        }
    }
    if (rc == MF_OK && step != SQLITE_DONE)
        rc = db_error(s, err, "reading municipality boundaries");
    sqlite3_finalize(st);
    if (rc) {
        mf_municipalities_free(m);
        return rc;
    }
    *out = m;
    return MF_OK;
}

/* ------------------------------------------------------------------ */
/* Damage and backups                                                   */
/* ------------------------------------------------------------------ */

/* Adds the lines of SQLite's complaint t to buf, "; "-separated, without
 * its "*** in database main ***" headers; *n counts them. */
static void add_complaints(char *buf, size_t len, const char *t, int *n)
{
    size_t o = strlen(buf);

    while (t && *t) {
        size_t l = strcspn(t, "\n");
        if (l > 0 && strncmp(t, "***", 3)) {
            if (*n < 3 && o + l + 3 < len) {
                snprintf(buf + o, len - o, "%s%.*s", o ? "; " : "", (int)l, t);
                o = strlen(buf);
            }
            (*n)++;
        }
        t += l + (t[l] == '\n');
    }
}

/* Runs a check pragma on db; collects up to a few of its complaints into
 * buf. Returns the number of complaints, or -1 when the pragma itself
 * fails (itself a sign of damage). */
static int check_pragma(sqlite3 *db, const char *sql, char *buf, size_t len)
{
    sqlite3_stmt *st;
    int n = 0, rc;
    size_t o = strlen(buf);

    if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK) {
        snprintf(buf + o, len - o, "%s%s", o ? "; " : "", sqlite3_errmsg(db));
        return -1;
    }
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        const char *t = (const char *)sqlite3_column_text(st, 0);
        if (t && !strcmp(t, "ok"))
            continue;
        /* foreign_key_check gives table, rowid, parent: name the table. */
        if (sqlite3_column_count(st) > 2) {
            char line[160];
            const char *parent = (const char *)sqlite3_column_text(st, 2);
            snprintf(line, sizeof line, "a row of %s refers to a missing %s",
                     t ? t : "a table", parent ? parent : "record");
            add_complaints(buf, len, line, &n);
        } else {
            add_complaints(buf, len, t, &n);
        }
        o = strlen(buf);
    }
    if (rc != SQLITE_DONE) {
        if (o + 8 < len)
            snprintf(buf + o, len - o, "%s%s", o ? "; " : "",
                     sqlite3_errmsg(db));
        n = n ? n : -1;
    }
    sqlite3_finalize(st);
    return n;
}

static int check_db(struct sqlite_store *s, sqlite3 *db, int full,
                    struct mf_error *err)
{
    char found[256] = "";
    int n;

    n = check_pragma(
        db, full ? "PRAGMA integrity_check(20)" : "PRAGMA quick_check(20)",
        found, sizeof found);
    if (n == 0 && full)
        n = check_pragma(db, "PRAGMA foreign_key_check", found, sizeof found);
    if (n == 0)
        return MF_OK;
    return mf_error_at(err, MF_EDAMAGED, s->path,
                       "the database is damaged (%s); restore it from a "
                       "backup",
                       found);
}

static int s_check(struct store *base, int full, struct mf_error *err)
{
    struct sqlite_store *s = (struct sqlite_store *)base;

    return check_db(s, s->db, full, err);
}

static int s_backup(struct store *base, const char *path, struct mf_error *err)
{
    struct sqlite_store *s = (struct sqlite_store *)base;
    struct atomic_file af;
    sqlite3 *dest = NULL;
    sqlite3_backup *b;
    int rc;

    if ((rc = check_db(s, s->db, 0, err)))
        return rc;
    if ((rc = atomic_file_begin(&af, path, ATOMIC_PATH, err)))
        return rc;
    if (sqlite3_open_v2(af.tmp, &dest, SQLITE_OPEN_READWRITE, NULL) !=
        SQLITE_OK) {
        rc = mf_error_at(err, MF_EIO, path, "cannot write the backup: %s",
                         dest ? sqlite3_errmsg(dest) : "out of memory");
        goto fail;
    }
    /* One step copies every page under one read transaction: the copy is
     * the database as of one moment, even while others write (WAL). */
    b = sqlite3_backup_init(dest, "main", s->db, "main");
    if (!b) {
        rc = mf_error_at(err, MF_EIO, path, "cannot start the backup: %s",
                         sqlite3_errmsg(dest));
        goto fail;
    }
    rc = sqlite3_backup_step(b, -1);
    sqlite3_backup_finish(b);
    if (rc != SQLITE_DONE) {
        rc = sqlite_fail(s, rc, "backing up", sqlite3_errstr(rc), err);
        goto fail;
    }
    if ((rc = check_db(s, dest, 0, err)))
        goto fail;
    sqlite3_close(dest);
    return atomic_file_commit(&af, err);
fail:
    sqlite3_close(dest);
    atomic_file_abort(&af);
    return rc;
}

const struct store_ops store_sqlite_ops = {
    .version = STORE_OPS_VERSION,
    .scheme = "sqlite",
    .open = s_open,
    .close = s_close,
    .begin = s_begin,
    .commit = s_commit,
    .rollback = s_rollback,
    .put = s_put,
    .load = s_load,
    .log_import = s_log_import,
    .schema_version = s_version,
    .put_doc = s_put_doc,
    .get_doc = s_get_doc,
    .get = s_get,
    .list = s_list,
    .count = s_count,
    .check = s_check,
    .backup = s_backup,
    /* Accounts (version 4): accounts_sqlite.c. */
    .account_put = acct_account_put,
    .account_get = acct_account_get,
    .account_list = acct_account_list,
    .session_put = acct_session_put,
    .session_get = acct_session_get,
    .session_touch = acct_session_touch,
    .session_delete = acct_session_delete,
    .token_put = acct_token_put,
    .token_get = acct_token_get,
    .token_list = acct_token_list,
    .token_revoke = acct_token_revoke,
    .throttle_get = acct_throttle_get,
    .throttle_put = acct_throttle_put,
    .audit_append = acct_audit_append,
    .audit_list = acct_audit_list,
    /* Municipality boundaries (version 5). */
    .municipalities_put = s_munis_put,
    .municipalities_load = s_munis_load,
    /* One record deleted (version 6). */
    .del = s_del,
    /* Change mark (version 7). */
    .import_mark = s_import_mark,
    .change_count = acct_change_count,
};

sqlite3 *store_sqlite_db(struct store *base, const char **path)
{
    struct sqlite_store *s = (struct sqlite_store *)base;

    if (path)
        *path = s->path;
    return s->db;
}
