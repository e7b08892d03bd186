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
#include "custody_store.h"
#include "jobs_store.h"
#include "migrations.h"

#define N_MIGRATIONS ((int)(sizeof migrations / sizeof migrations[0]))

/* A lot index or change-counter trigger dropped until the commit, and
 * how to create it again. */
struct deferred_index {
    char *name;
    char *sql;
    int trigger; /* a trigger, not an index */
};

/* How long a writer waits for another writer (an import, a plan being
 * stored) before it gives up with "the database is busy": long enough
 * for an import of a million lots; readers never wait (WAL). */
#define WRITE_WAIT_MS (10 * 60 * 1000)

/* Records put are sent to SQLite in multi-row inserts of this many rows
 * (store.h allows a put's error to come with a later call): one statement
 * a row cost a large import a third of its writing time in statement
 * start-up, constraint counters and the statement journal. 256 rows
 * took the 1,000,000-lot import 0.93 of the CPU of 64, measured with 16
 * KiB pages (since given up for the writes' sake: docs/PERFORMANCE.md,
 * "Import: 16 KiB pages"); 512 gained nothing more. */
#define PUT_ROWS 256

/* The rows put and not yet inserted: one kind of record, their values
 * with texts copied (as offsets into text until they are bound). */
struct pending {
    enum mf_entity e;
    int n;
    struct codec_value vals[PUT_ROWS][MF_SCHEMA_MAX_FIELDS];
    size_t off[PUT_ROWS][MF_SCHEMA_MAX_FIELDS];
    char *text;
    size_t len, cap;
};
#define QUERY_CACHE 16
/* The most partial lot indexes kept up until a lot enters them. */
#define WAITING_MAX 4

struct sqlite_store {
    struct store base;
    sqlite3 *db;
    char *path;
    struct codec_table tab[MF_ENT_COUNT];
    sqlite3_stmt *put[MF_ENT_COUNT];
    sqlite3_stmt *put_rows[MF_ENT_COUNT]; /* PUT_ROWS rows at a time */
    struct pending *pend;
    /* The first failure of pending rows, returned by the calls after it
     * until the transaction ends. */
    int failed;
    struct mf_error fail;
    /* The transaction under way: the lots it has put, and the lot
     * indexes it dropped until it commits. */
    int lots_seen;
    /* The lot columns a lot put in the transaction gave a value (bit c:
     * column c), recorded up to the DEFER_AT-th lot; and the partial lot
     * indexes kept up until a lot enters them (lot_waiting). */
    unsigned long long lot_values;
    struct deferred_index waiting[WAITING_MAX];
    int waiting_column[WAITING_MAX];
    int n_waiting;
    long tickets_seen, receipts_seen; /* custody rows (custody_sqlite.c) */
    long puts;                        /* records put */
    int imported;    /* an import logged, or boundaries stored */
    int temp_memory; /* temp_store=MEMORY is set (temp_store below) */
    /* The rows changed by the time the transaction under way began
     * (sqlite3_total_changes64), and whether a bulk load switched the
     * database to the rollback journal until it ends (bulk_journal). */
    sqlite3_int64 changes_begun;
    int rollback_journal;
    struct deferred_index *deferred;
    size_t n_deferred;
    size_t cap_deferred;
    /* The custody inserts, prepared on first use (custody_sqlite.c). */
    struct cust_sqlite *custody;
    /* The queries run_query prepared, kept for the next call with the
     * same SQL (an API write asks for a few records by id each time, and
     * preparing was a quarter of its time). One in use (a query asked
     * from inside another's callback) is never handed out twice. */
    struct {
        char *sql;
        sqlite3_stmt *st;
        int busy;
    } kept[QUERY_CACHE];
    unsigned next_kept;
    /* A record by id (s_get), one statement a kind, prepared on first
     * use: its SQL is built once, not per call (an API write asks for a
     * few records by id each time). busy while its rows are handed out,
     * so a get from inside another's callback prepares its own. */
    sqlite3_stmt *by_id[MF_ENT_COUNT];
    int by_id_busy[MF_ENT_COUNT];
};

static void forget_deferred(struct sqlite_store *s);
static void journal_back(struct sqlite_store *s);
static int query_stmt(struct sqlite_store *s, const char *sql,
                      sqlite3_stmt **st, int *slot);
static void query_done(struct sqlite_store *s, sqlite3_stmt *st, int slot);
static int settle(struct sqlite_store *s, struct mf_error *err);

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

/* Sets the journal mode (PRAGMA journal_mode=mode); whether the
 * database is in that mode now. */
static int journal_mode(struct sqlite_store *s, const char *mode)
{
    sqlite3_stmt *st;
    char sql[40];
    int ok = 0;

    snprintf(sql, sizeof sql, "PRAGMA journal_mode=%s", mode);
    if (sqlite3_prepare_v2(s->db, sql, -1, &st, NULL) != SQLITE_OK)
        return 0;
    if (sqlite3_step(st) == SQLITE_ROW && col_text(st, 0))
        ok = !sqlite3_stricmp(col_text(st, 0), mode);
    sqlite3_finalize(st);
    return ok;
}

/* PRAGMA journal_mode=WAL, waiting while another connection holds a
 * lock, as long as a writer waits for another (WRITE_WAIT_MS). SQLite's
 * busy handler does not wait here: the switch reads the database before
 * it takes the write lock, and a reader that asks for the write lock
 * while another connection holds it is told "busy" at once. This is what
 * a connection opened while a bulk load runs in the rollback journal
 * waits for (bulk_journal below): the load's commit. */
static int wal_mode(struct sqlite_store *s, struct mf_error *err)
{
    int waited = 0, rc;

    while (((rc = sqlite3_exec(s->db, "PRAGMA journal_mode=WAL", NULL, NULL,
                               NULL)) &
            0xff) == SQLITE_BUSY &&
           waited < WRITE_WAIT_MS) {
        sqlite3_sleep(20);
        waited += 20;
    }
    return rc == SQLITE_OK ? MF_OK : exec(s, "PRAGMA journal_mode=WAL", err);
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

/* Applies the missing migrations, all in one transaction (SQLite's DDL is
 * transactional), or, with mode STORE_OPEN, refuses an older schema. */
static int migrate(struct sqlite_store *s, int mode, struct mf_error *err)
{
    int v = 0, i, rc, newest = migrations[N_MIGRATIONS - 1].version;
    char sql[64];

    if ((rc = user_version(s, &v, err)))
        return rc;
    s->base.schema_before = v;
    /* Numbers may have gaps while branches add migrations. */
    if (v > newest)
        return mf_error_at(err, MF_ESTORE, s->path,
                           "the database has schema version %d, newer than "
                           "this program (%d); upgrade masseflyt",
                           v, newest);
    if (v == newest)
        return MF_OK;
    if (mode == STORE_OPEN)
        return mf_error_at(err, MF_ESTORE, s->path,
                           "the database has schema version %d, older than "
                           "this program's (%d); run 'masseflyt migrate' "
                           "(back it up first)",
                           v, newest);
    if ((rc = exec(s, "BEGIN IMMEDIATE", err)))
        return rc;
    for (i = 0; i < N_MIGRATIONS; i++) {
        if (migrations[i].version <= v)
            continue;
        snprintf(sql, sizeof sql, "PRAGMA user_version = %d",
                 migrations[i].version);
        if ((rc = exec(s, migrations[i].sql, err)) ||
            (rc = exec(s, sql, err))) {
            exec(s, "ROLLBACK", NULL);
            if (rc != MF_ESTORE)
                return rc; /* damaged, disk full, busy: as said */
            return mf_error_at(err, MF_ESTORE, s->path,
                               "migration %s failed: %s", migrations[i].name,
                               err ? err->message : "");
        }
    }
    if ((rc = exec(s, "COMMIT", err)))
        exec(s, "ROLLBACK", NULL);
    return rc;
}

static void s_close(struct store *base)
{
    struct sqlite_store *s = (struct sqlite_store *)base;
    int i;

    for (i = 0; i < MF_ENT_COUNT; i++) {
        sqlite3_finalize(s->put[i]);
        sqlite3_finalize(s->put_rows[i]);
    }
    if (s->pend)
        free(s->pend->text);
    free(s->pend);
    for (i = 0; i < QUERY_CACHE; i++) {
        sqlite3_finalize(s->kept[i].st);
        free(s->kept[i].sql);
    }
    for (i = 0; i < MF_ENT_COUNT; i++)
        sqlite3_finalize(s->by_id[i]);
    forget_deferred(s);
    cust_sqlite_free(s->custody);
    if (s->rollback_journal && !sqlite3_get_autocommit(s->db))
        exec(s, "ROLLBACK", NULL);
    journal_back(s);
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
        if (create != STORE_CREATE)
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
    if ((rc = wal_mode(s, err)) ||
        (rc = exec(s, "PRAGMA cache_size=-65536", err)) ||
        (rc = exec(s, "PRAGMA threads=2", err)) ||
        (rc = exec(s, "PRAGMA foreign_keys=ON", err)) ||
        (rc = exec(s, "PRAGMA synchronous=NORMAL", err)) ||
        (rc = migrate(s, create, err))) {
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
 * indexes (measured; statement journals are now kept in memory during
 * a transaction, see temp_store below, which that measurement predates).
 * An import into a table that already holds many lots keeps the indexes
 * up. docs/internals/schema.md has the numbers.
 *
 * The triggers of migration 014 that bump the registry's change counter
 * on a lot written are deferred the same way: SQLite has no statement
 * triggers, so each ran an UPDATE of the counter row per lot, a ninth of
 * a large import's CPU. Before they are created again the counter is
 * bumped once, inside the transaction, which is all a reader of it
 * needs (a value that differs from the one it last saw).
 */
#define FEW_LOTS 1024
/* The triggers deferred with the indexes: each only bumps the registry's
 * change counter (migration 014). */
static const char *const counter_triggers = "'lot_changed_i', 'lot_changed_u'";
/* The lot indexes are deferred at this many lots put in one transaction,
 * not at the first: a transaction of a few lots (an API's write of one)
 * keeps them, as dropping and building them again cost more than it
 * saved, and changed the schema, which made every prepared statement be
 * prepared again. */
#define DEFER_AT 64

static void forget_deferred(struct sqlite_store *s)
{
    size_t i;
    int k;

    for (i = 0; i < s->n_deferred; i++) {
        free(s->deferred[i].name);
        free(s->deferred[i].sql);
    }
    free(s->deferred);
    s->deferred = NULL;
    s->n_deferred = 0;
    s->cap_deferred = 0;
    for (k = 0; k < s->n_waiting; k++) {
        free(s->waiting[k].name);
        free(s->waiting[k].sql);
    }
    s->n_waiting = 0;
    s->lot_values = 0;
}

/*
 * A partial lot index "... WHERE c IS NOT NULL" (lot_site) that no lot
 * of the transaction has entered by the DEFER_AT-th is not dropped: while
 * no lot has a value in c, keeping it up costs a test per lot, and
 * building it again at the commit cost a scan of the whole table (0.13 s
 * of CPU for 1,000,000 lots of which none has a site). It is dropped, to
 * be built at the commit like the others, when a lot with a value in c
 * is put (lot_waiting). Returns whether d was kept waiting so.
 */
static int lot_index_waits(struct sqlite_store *s, struct deferred_index *d)
{
    const struct codec_table *t = &s->tab[MF_ENT_LOT];
    const char *w = d->trigger ? NULL : strstr(d->sql, " WHERE ");
    int c;

    if (!w || s->n_waiting == WAITING_MAX)
        return 0;
    w += strlen(" WHERE ");
    for (c = 0; c < t->n_columns && c < 64; c++) {
        size_t n = strlen(t->name[c]);

        if (strncmp(w, t->name[c], n) || strcmp(w + n, " IS NOT NULL"))
            continue;
        if (s->lot_values >> c & 1)
            return 0;
        s->waiting_column[s->n_waiting] = c;
        s->waiting[s->n_waiting++] = *d;
        return 1;
    }
    return 0;
}

/* A lot's values v: recorded (lot_values) until the lot indexes are
 * deferred; after that, a value in the column of a waiting index drops
 * that index until the commit. */
static int lot_waiting(struct sqlite_store *s, const struct codec_value *v,
                       struct mf_error *err)
{
    char sql[200];
    int c, k, rc = MF_OK;

    if (s->lots_seen < DEFER_AT) {
        for (c = 0; c < s->tab[MF_ENT_LOT].n_columns && c < 64; c++)
            if (v[c].type != CODEC_NULL)
                s->lot_values |= 1ULL << c;
        return MF_OK;
    }
    for (k = 0; k < s->n_waiting && rc == MF_OK; k++) {
        if (v[s->waiting_column[k]].type == CODEC_NULL)
            continue;
        if (vec_reserve(s->deferred, s->cap_deferred, s->n_deferred + 1))
            return mf_error_set(err, MF_ENOMEM, "out of memory");
        s->deferred[s->n_deferred++] = s->waiting[k];
        snprintf(sql, sizeof sql, "DROP INDEX \"%s\"", s->waiting[k].name);
        s->waiting[k] = s->waiting[--s->n_waiting];
        s->waiting_column[k] = s->waiting_column[s->n_waiting];
        k--;
        rc = exec(s, sql, err);
    }
    return rc;
}

/* Drops the indexes of table (its UNIQUE ones too unless keep_unique)
 * and, for lot, the change-counter triggers, to be built again by
 * build_deferred. */
static int defer_indexes(struct sqlite_store *s, const char *table,
                         int keep_unique, struct mf_error *err)
{
    sqlite3_stmt *st;
    char sql[400];
    size_t i, first = s->n_deferred;
    int rc = MF_OK;

    snprintf(sql, sizeof sql,
             "SELECT name, sql, type = 'trigger' FROM sqlite_master WHERE "
             "tbl_name = ?1 AND sql IS NOT NULL AND ((type = 'index' AND "
             "(?2 = 0 OR sql NOT LIKE 'CREATE UNIQUE%%')) OR (type = "
             "'trigger' AND name IN (%s)))",
             counter_triggers);
    if (sqlite3_prepare_v2(s->db, sql, -1, &st, NULL))
        return db_error(s, err, "reading a table's indexes");
    sqlite3_bind_text(st, 1, table, -1, SQLITE_STATIC);
    sqlite3_bind_int(st, 2, keep_unique);
    while (rc == MF_OK && sqlite3_step(st) == SQLITE_ROW) {
        struct deferred_index d = {strdup(col_text(st, 0)),
                                   strdup(col_text(st, 1)),
                                   sqlite3_column_int(st, 2)};
        if (!d.name || !d.sql ||
            vec_reserve(s->deferred, s->cap_deferred, s->n_deferred + 1)) {
            free(d.name);
            free(d.sql);
            rc = mf_error_set(err, MF_ENOMEM, "out of memory");
        } else if (!strcmp(table, "lot") && lot_index_waits(s, &d)) {
            continue;
        } else {
            s->deferred[s->n_deferred++] = d;
        }
    }
    sqlite3_finalize(st);
    for (i = first; i < s->n_deferred && rc == MF_OK; i++) {
        snprintf(sql, sizeof sql, "DROP %s \"%s\"",
                 s->deferred[i].trigger ? "TRIGGER" : "INDEX",
                 s->deferred[i].name);
        rc = exec(s, sql, err);
    }
    return rc;
}

/*
 * Statement journals in memory, sorts in files. A multi-row insert into a
 * table with foreign keys and CHECK constraints may abort, so SQLite keeps
 * a statement journal of the pages it changes that the transaction had
 * already changed; whether that journal is in memory or in a temporary
 * file is fixed when the transaction begins, by temp_store. In a file it
 * cost the 1,000,000-lot import about 175,000 writes to it (359 MB), a
 * tenth of the writer thread's CPU (docs/PERFORMANCE.md). But with
 * temp_store=MEMORY SQLite sorts in one thread, so the lot indexes a large
 * import builds before its commit took longer by about as much. So a
 * transaction begins with temp_store=MEMORY and sets it back to the
 * default (files, PRAGMA threads=2) before it builds those indexes (the
 * lots' at the commit, the tickets' at custody_bulk_end: build_deferred),
 * so that their sorts also stay out of memory; the
 * default is set again when it ends, for the queries outside it. A
 * temp_store that cannot be changed (a temporary table open) only costs
 * time, so its failure is ignored.
 */
static void temp_store(struct sqlite_store *s, int memory)
{
    if (s->temp_memory != memory &&
        exec(s,
             memory ? "PRAGMA temp_store=MEMORY" : "PRAGMA temp_store=DEFAULT",
             NULL) == MF_OK)
        s->temp_memory = memory;
}

static int build_deferred(struct sqlite_store *s, struct mf_error *err)
{
    size_t i;
    int rc = MF_OK, bump = 0;

    if (s->n_deferred)
        temp_store(s, 0); /* the index builds sort in files, two threads */
    for (i = 0; i < s->n_deferred; i++)
        bump |= s->deferred[i].trigger;
    /* The lots put since the triggers were dropped bumped nothing. */
    if (bump)
        rc = exec(s,
                  "UPDATE change_counter SET n = n + 1 WHERE name = "
                  "'registry'",
                  err);
    for (i = 0; i < s->n_deferred && rc == MF_OK; i++)
        rc = exec(s, s->deferred[i].sql, err);
    forget_deferred(s);
    return rc;
}

/* The largest rowid of table (one of lot, ticket, receipt) into *last: the
 * number of rows stored, near enough, in O(log n). */
static int last_rowid(struct sqlite_store *s, const char *table,
                      long long *last, struct mf_error *err)
{
    sqlite3_stmt *st;
    char sql[64];

    *last = 0;
    snprintf(sql, sizeof sql, "SELECT max(rowid) FROM %s", table);
    if (sqlite3_prepare_v2(s->db, sql, -1, &st, NULL))
        return db_error(s, err, "counting rows");
    if (sqlite3_step(st) == SQLITE_ROW)
        *last = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    return MF_OK;
}

/* At the DEFER_AT-th lot a transaction puts: defers the lot indexes
 * when the table holds few lots (those put so far included). */
static int first_lot(struct sqlite_store *s, struct mf_error *err)
{
    long long last;
    int rc;

    /* Outside a transaction a dropped index would never be built again. */
    if (sqlite3_get_autocommit(s->db))
        return MF_OK;
    if ((rc = last_rowid(s, "lot", &last, err)))
        return rc;
    return last > FEW_LOTS ? MF_OK : defer_indexes(s, "lot", 0, err);
}

/*
 * Tickets and receipts the same way (measured on an import of 200,000
 * loads into a new database: the four indexes that are not UNIQUE,
 * ticket_lot, ticket_code, ticket_vehicle (since dropped, migration 025)
 * and receipt_ticket, kept up row by row took about as much CPU as the
 * rest of the store's work; docs/PERFORMANCE.md). The UNIQUE ones stay,
 * so that a repeated id or a second correction of one record is named at
 * its row. Deferred at the DEFER_AT-th row a transaction puts into a
 * table holding few rows, as for lots.
 */
int store_sqlite_bulk_row(struct store *base, const char *table,
                          struct mf_error *err)
{
    struct sqlite_store *s = (struct sqlite_store *)base;
    long *seen =
        !strcmp(table, "ticket") ? &s->tickets_seen : &s->receipts_seen;
    long long last;
    int rc;

    if (++*seen != DEFER_AT || sqlite3_get_autocommit(s->db))
        return MF_OK;
    if (strcmp(table, "ticket") && strcmp(table, "receipt"))
        return mf_error_set(err, MF_EINVAL, "no bulk rows for table '%s'",
                            table);
    if ((rc = last_rowid(s, table, &last, err)))
        return rc;
    return last > FEW_LOTS ? MF_OK : defer_indexes(s, table, 1, err);
}

/*
 * A bulk load told its size (custody_bulk_begin): the indexes of table
 * that are not UNIQUE are dropped now when the table holds few rows or
 * when the rows coming are at least 1 / BULK_SHARE of those it holds;
 * kept up row by row otherwise. Into a table of 1,000,000 tickets,
 * 1,000,000 more took 0.73 to 0.87 of the CPU with them deferred, and
 * 260,000 more 1.25 times as much (docs/PERFORMANCE.md, "Load tickets"):
 * the two cross near 0.45. A load of fewer than DEFER_AT rows is left to
 * store_sqlite_bulk_row.
 */
#define BULK_SHARE 2

int store_sqlite_bulk_expect(struct store *base, const char *table,
                             long long rows, struct mf_error *err)
{
    struct sqlite_store *s = (struct sqlite_store *)base;
    long *seen;
    long long last;
    int rc;

    if (strcmp(table, "ticket") && strcmp(table, "receipt"))
        return mf_error_set(err, MF_EINVAL, "no bulk rows for table '%s'",
                            table);
    if (sqlite3_get_autocommit(s->db))
        return mf_error_set(err, MF_EINVAL,
                            "a bulk load needs a transaction begun");
    seen = !strcmp(table, "ticket") ? &s->tickets_seen : &s->receipts_seen;
    if (rows < DEFER_AT || *seen >= DEFER_AT)
        return MF_OK;
    *seen = DEFER_AT; /* decided here, not again at the DEFER_AT-th row */
    if ((rc = last_rowid(s, table, &last, err)))
        return rc;
    if (last > FEW_LOTS && rows < last / BULK_SHARE)
        return MF_OK;
    return defer_indexes(s, table, 1, err);
}

int store_sqlite_bulk_build(struct store *base, struct mf_error *err)
{
    struct sqlite_store *s = (struct sqlite_store *)base;

    if (sqlite3_get_autocommit(s->db))
        return MF_OK;
    return build_deferred(s, err);
}

/*
 * A bulk load in the rollback journal. In WAL mode every page a large
 * load writes goes to the WAL, is read back by each deferred index build
 * and by the commit's checkpoint, and is written again into the database:
 * 3.2 GB twice for 10,000,000 tickets. With the rollback journal a page
 * appended past the database's end as it was when the transaction began
 * is not journaled at all (there is nothing to restore: the rollback cuts
 * the file back), so a load into new pages writes each page once and has
 * no checkpoint. The 1,000,000-ticket import took 0.76 of the CPU so,
 * the 10,000,000-ticket one 0.75 (docs/PERFORMANCE.md, "Load tickets").
 *
 * SQLite changes the journal mode only outside a transaction and leaves
 * WAL only when no other connection has the database open (a running
 * server, another CLI): the switch does not wait for them (busy timeout
 * 0) and, when it fails, the load goes on in WAL as before. So when a
 * load of at least JOURNAL_AT tickets, and at least 1 / BULK_SHARE of the
 * tickets stored (as for the deferred indexes), is told before the
 * transaction has changed anything, the transaction is ended, the
 * database switched to journal_mode=DELETE with synchronous=FULL (what
 * makes a rollback journal's commit safe against a power cut, as the WAL
 * synced after a large commit is in WAL mode), and a transaction begun
 * again; nothing is lost by the restart, as nothing was written. The
 * commit or the rollback switches back to WAL (journal_back), and so does
 * every open (s_open): a process killed at any point leaves either a hot
 * journal, which the next open rolls back before it switches to WAL, or
 * the committed load in DELETE mode, which the next open switches.
 *
 * While such a load runs, other connections opening the database wait
 * for its commit (their busy timeout: WRITE_WAIT_MS): the load holds the
 * database's write lock, and once its pages no longer fit the page cache
 * the exclusive lock (docs/CUSTODY.md).
 */
/* Below this many tickets a load's pages (about 320 bytes a ticket with
 * its receipt and indexes) fit the 64 MiB page cache, so WAL writes them
 * once, at the commit, and the rollback journal saved nothing measurable
 * (150,000 tickets: 0.97 of the CPU; 300,000: 0.92; 1,000,000: 0.76,
 * docs/PERFORMANCE.md) while it makes readers wait for the commit. */
#define JOURNAL_AT 200000

static int bulk_journal(struct sqlite_store *s, long long rows,
                        struct mf_error *err)
{
    long long last;
    int rc;

    if (rows < JOURNAL_AT || s->rollback_journal || s->puts || s->n_deferred ||
        sqlite3_total_changes64(s->db) != s->changes_begun)
        return MF_OK;
    if ((rc = last_rowid(s, "ticket", &last, err)))
        return rc;
    if (last > FEW_LOTS && rows < last / BULK_SHARE)
        return MF_OK;
    if ((rc = exec(s, "ROLLBACK", err)))
        return rc;
    sqlite3_busy_timeout(s->db, 0);
    if (journal_mode(s, "delete")) {
        s->rollback_journal = 1;
        exec(s, "PRAGMA synchronous=FULL", NULL);
    }
    sqlite3_busy_timeout(s->db, WRITE_WAIT_MS);
    if ((rc = exec(s, "BEGIN IMMEDIATE", err)) == MF_OK)
        s->changes_begun = sqlite3_total_changes64(s->db);
    return rc;
}

int store_sqlite_bulk_load(struct store *base, long long rows,
                           struct mf_error *err)
{
    struct sqlite_store *s = (struct sqlite_store *)base;

    if (sqlite3_get_autocommit(s->db))
        return mf_error_set(err, MF_EINVAL,
                            "a bulk load needs a transaction begun");
    return bulk_journal(s, rows, err);
}

/* Back to WAL after a bulk load in the rollback journal, once its
 * transaction has ended. A failure leaves the database in DELETE mode
 * until the next open (s_open) switches it; the load's commit stands. */
static void journal_back(struct sqlite_store *s)
{
    if (!s->rollback_journal)
        return;
    s->rollback_journal = 0;
    exec(s, "PRAGMA synchronous=NORMAL", NULL);
    wal_mode(s, NULL);
}

static void transaction_reset(struct sqlite_store *s)
{
    if (s->pend) {
        s->pend->n = 0;
        s->pend->len = 0;
    }
    s->failed = 0;
    forget_deferred(s);
    s->lots_seen = 0;
    s->tickets_seen = 0;
    s->receipts_seen = 0;
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
    temp_store(s, 1);
    s->changes_begun = sqlite3_total_changes64(s->db);
    return exec(s, "BEGIN IMMEDIATE", err);
}

static int s_commit(struct store *base, struct mf_error *err)
{
    struct sqlite_store *s = (struct sqlite_store *)base;
    int rc = settle(s, err), small = !s->imported && s->puts <= SMALL_TX;

    if (rc == MF_OK && s->n_deferred)
        rc = build_deferred(s, err);
    transaction_reset(s);
    if (rc)
        return rc;
    rc = exec(s, "COMMIT", err);
    temp_store(s, 0);
    if (s->rollback_journal) {
        /* synchronous=FULL synced the commit; a failed COMMIT that left
         * the transaction open switches back at its rollback. */
        if (sqlite3_get_autocommit(s->db))
            journal_back(s);
        return rc;
    }
    if (rc || small)
        return rc;
    return sync_wal(s, err);
}

static void s_rollback(struct store *base)
{
    struct sqlite_store *s = (struct sqlite_store *)base;

    transaction_reset(s);
    if (!sqlite3_get_autocommit(s->db))
        exec(s, "ROLLBACK", NULL);
    temp_store(s, 0);
    journal_back(s);
}

/* ------------------------------------------------------------------ */
/* Values by type                                                       */
/* ------------------------------------------------------------------ */

/* Binds n values to the parameters first + 1, first + 2, ... */
static void bind_values_at(sqlite3_stmt *st, const struct codec_value *v, int n,
                           int first)
{
    int i;

    for (i = 0; i < n; i++) {
        switch (v[i].type) {
        case CODEC_INT:
            sqlite3_bind_int64(st, first + i + 1, v[i].i);
            break;
        case CODEC_REAL:
            sqlite3_bind_double(st, first + i + 1, v[i].r);
            break;
        case CODEC_TEXT:
            sqlite3_bind_text(st, first + i + 1, v[i].text, -1, SQLITE_STATIC);
            break;
        default:
            sqlite3_bind_null(st, first + i + 1);
            break;
        }
    }
}

static void bind_values(sqlite3_stmt *st, const struct codec_value *v, int n)
{
    bind_values_at(st, v, n, 0);
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

/* Prepares the insert of one record of kind e, and of PUT_ROWS records
 * (left NULL if SQLite refuses so many parameters: rows then go one by
 * one). */
static int prepare_put(struct sqlite_store *s, enum mf_entity e,
                       struct mf_error *err)
{
    struct buf sql = BUF_INIT;
    int rc;

    if (s->put[e])
        return MF_OK;
    rc = codec_insert_sql(&s->tab[e], '?', &sql);
    if (rc == MF_OK &&
        sqlite3_prepare_v2(s->db, buf_str(&sql), -1, &s->put[e], NULL))
        rc = db_error(s, err, "preparing an insert");
    else if (rc)
        rc = mf_error_set(err, rc, "out of memory");
    buf_free(&sql);
    if (rc)
        return rc;
    sql = (struct buf)BUF_INIT;
    if (codec_insert_rows_sql(&s->tab[e], '?', PUT_ROWS, &sql) == MF_OK &&
        sqlite3_prepare_v2(s->db, buf_str(&sql), -1, &s->put_rows[e], NULL))
        s->put_rows[e] = NULL;
    buf_free(&sql);
    return MF_OK;
}

/* Inserts the pending rows: PUT_ROWS in one statement, fewer one by one.
 * A failure is kept in s->fail until the transaction ends. */
static int flush_pending(struct sqlite_store *s)
{
    struct pending *p = s->pend;
    const struct codec_table *t;
    sqlite3_stmt *st;
    int r, c, rc = SQLITE_DONE;

    if (s->failed || !p || !p->n)
        return s->failed;
    t = &s->tab[p->e];
    for (r = 0; r < p->n; r++)
        for (c = 0; c < t->n_columns; c++)
            if (p->vals[r][c].type == CODEC_TEXT)
                p->vals[r][c].text = p->text + p->off[r][c];
    if (p->n == PUT_ROWS && (st = s->put_rows[p->e])) {
        for (r = 0; r < p->n; r++)
            bind_values_at(st, p->vals[r], t->n_columns, r * t->n_columns);
        rc = sqlite3_step(st);
        sqlite3_reset(st);
    } else {
        st = s->put[p->e];
        for (r = 0; r < p->n && rc == SQLITE_DONE; r++) {
            bind_values(st, p->vals[r], t->n_columns);
            rc = sqlite3_step(st);
            sqlite3_reset(st);
        }
    }
    p->n = 0;
    p->len = 0;
    /* Every parameter is bound on each use, so no clearing is needed. */
    if (rc != SQLITE_DONE)
        s->failed = db_error(s, &s->fail, "writing a record");
    return s->failed;
}

/* Inserts what is pending before any other use of the connection;
 * returns the failure of pending rows, if any, into err. */
static int settle(struct sqlite_store *s, struct mf_error *err)
{
    int rc = flush_pending(s);

    if (rc && err)
        *err = s->fail;
    return rc;
}

/* Copies a text into the pending rows' text; its offset goes to *off. */
static int keep_text(struct pending *p, const char *text, size_t *off)
{
    size_t n = strlen(text) + 1;

    if (p->len + n > p->cap) {
        size_t cap = p->cap ? p->cap : 64 * 1024;
        char *t;
        while (cap < p->len + n)
            cap *= 2;
        if (!(t = realloc(p->text, cap)))
            return MF_ENOMEM;
        p->text = t;
        p->cap = cap;
    }
    memcpy(p->text + p->len, text, n);
    *off = p->len;
    p->len += n;
    return MF_OK;
}

static int s_put(struct store *base, const struct mf_catalog *cat,
                 enum mf_entity e, const void *rec, struct mf_error *err)
{
    struct sqlite_store *s = (struct sqlite_store *)base;
    struct codec_scratch sc;
    struct codec_value *v;
    struct pending *p;
    int rc, c;

    s->puts++;
    if ((rc = prepare_put(s, e, err)))
        return rc;
    if (!s->pend && !(s->pend = calloc(1, sizeof *s->pend)))
        return mf_error_set(err, MF_ENOMEM, "out of memory");
    p = s->pend;
    if (p->n && p->e != e && (rc = settle(s, err)))
        return rc;
    if (s->failed)
        return settle(s, err);
    p->e = e;
    v = p->vals[p->n];
    codec_encode(&s->tab[e], cat, rec, v, &sc);
    if (e == MF_ENT_LOT &&
        (((rc = lot_waiting(s, v, err)) ||
          (++s->lots_seen == DEFER_AT && (rc = first_lot(s, err))))))
        return rc;
    for (c = 0; c < s->tab[e].n_columns; c++)
        if (v[c].type == CODEC_TEXT &&
            keep_text(p, v[c].text, &p->off[p->n][c]))
            return mf_error_set(err, MF_ENOMEM, "out of memory");
    if (++p->n == PUT_ROWS)
        return settle(s, err);
    /* Outside a transaction nothing would insert them later, and a
     * failure ends with this call. */
    if (sqlite3_get_autocommit(s->db)) {
        rc = settle(s, err);
        s->failed = 0;
        return rc;
    }
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
    int rc, slot;

    if (settle(s, err))
        return s->failed;
    if ((unsigned)e >= MF_ENT_COUNT || !sql[e])
        return mf_error_set(err, MF_EINVAL, "no such kind of record");
    if (query_stmt(s, sql[e], &st, &slot) != SQLITE_OK)
        return db_error(s, err, "preparing a delete");
    sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
    rc = sqlite3_step(st);
    if ((rc & 0xff) == SQLITE_CONSTRAINT) {
        query_done(s, st, slot);
        return mf_error_at(err, MF_EINVAL, "id",
                           "'%s' cannot be deleted: other records still "
                           "refer to it (delete or change them first)",
                           id);
    }
    if (rc != SQLITE_DONE) {
        rc = db_error(s, err, "deleting a record");
        query_done(s, st, slot);
        return rc;
    }
    query_done(s, st, slot);
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

    if (settle(s, err))
        return s->failed;
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

/* A prepared statement for sql: a kept one not in use, else a new one,
 * kept when a slot is free; *slot is its slot, -1 when it is not kept.
 * Give it back with query_done. */
static int query_stmt(struct sqlite_store *s, const char *sql,
                      sqlite3_stmt **st, int *slot)
{
    unsigned i, k;
    char *copy;

    *slot = -1;
    for (i = 0; i < QUERY_CACHE; i++) {
        if (s->kept[i].sql && !s->kept[i].busy &&
            !strcmp(s->kept[i].sql, sql)) {
            s->kept[i].busy = 1;
            *slot = (int)i;
            *st = s->kept[i].st;
            return SQLITE_OK;
        }
    }
    if (sqlite3_prepare_v2(s->db, sql, -1, st, NULL) != SQLITE_OK)
        return SQLITE_ERROR;
    for (i = 0; i < QUERY_CACHE; i++) {
        k = (s->next_kept + i) % QUERY_CACHE;
        if (s->kept[k].busy || !(copy = strdup(sql)))
            continue;
        sqlite3_finalize(s->kept[k].st);
        free(s->kept[k].sql);
        s->kept[k].sql = copy;
        s->kept[k].st = *st;
        s->kept[k].busy = 1;
        s->next_kept = k + 1;
        *slot = (int)k;
        break;
    }
    return SQLITE_OK;
}

static void query_done(struct sqlite_store *s, sqlite3_stmt *st, int slot)
{
    if (slot < 0) {
        sqlite3_finalize(st);
        return;
    }
    sqlite3_reset(st);
    sqlite3_clear_bindings(st);
    s->kept[slot].busy = 0;
}

static int step_rows(struct sqlite_store *s, const struct mf_catalog *cat,
                     const struct codec_table *t, const struct store_query *q,
                     int count, sqlite3_stmt *st, long long *n,
                     store_each_fn each, void *ctx, struct mf_error *err);

/* Runs q (or its count), handing each decoded record to each(). */
static int run_query(struct sqlite_store *s, const struct mf_catalog *cat,
                     const struct store_query *q, int count, long long *n,
                     store_each_fn each, void *ctx, struct mf_error *err)
{
    const struct codec_table *t;
    struct codec_value params[CODEC_MAX_PARAMS];
    struct buf sql = BUF_INIT;
    sqlite3_stmt *st = NULL;
    int n_params, rc, slot = -1;

    if (settle(s, err))
        return s->failed;
    if ((unsigned)q->kind >= MF_ENT_COUNT)
        return mf_error_set(err, MF_EINVAL, "no such kind of record");
    t = &s->tab[q->kind];
    /* A radius reads the rows of the box around its circle: a scan of
     * the table, as a bbox is (the server's map reads its model in
     * memory; store.h). */
    rc = codec_query_sql(t, q, count, '?', &sql, params, &n_params, err);
    if (rc == MF_OK && query_stmt(s, buf_str(&sql), &st, &slot) != SQLITE_OK)
        rc = db_error(s, err, "preparing a query");
    buf_free(&sql);
    if (rc)
        return rc;
    bind_values(st, params, n_params);
    rc = step_rows(s, cat, t, q, count, st, n, each, ctx, err);
    query_done(s, st, slot);
    return rc;
}

/* Steps st, a statement of q (or its count) with its values bound,
 * handing each decoded record to each(). */
static int step_rows(struct sqlite_store *s, const struct mf_catalog *cat,
                     const struct codec_table *t, const struct store_query *q,
                     int count, sqlite3_stmt *st, long long *n,
                     store_each_fn each, void *ctx, struct mf_error *err)
{
    struct codec_value vals[MF_SCHEMA_MAX_FIELDS];
    struct codec_scratch sc;
    union mf_record rec;
    struct codec_filter f;
    int rc = MF_OK, step = SQLITE_DONE, keep;

    codec_filter_init(&f, t, q, count);
    if (n)
        *n = 0;
    while (rc == MF_OK && (step = sqlite3_step(st)) == SQLITE_ROW) {
        if (count && !q->radius) {
            *n = sqlite3_column_int64(st, 0);
            continue;
        }
        read_values(st, t, vals);
        if ((keep = codec_filter_row(&f, vals)) < 0) {
            step = SQLITE_DONE;
            break;
        }
        if (!keep)
            continue;
        if (count) {
            (*n)++;
            continue;
        }
        rc = codec_decode(t, cat, vals, &rec, &sc, s->path, err);
        if (rc == MF_OK)
            rc = each(ctx, q->kind, &rec, err);
        if (rc == MF_OK && n)
            (*n)++;
    }
    if (rc == MF_OK && step != SQLITE_DONE)
        rc = db_error(s, err, "reading records");
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

/* s->by_id[e], prepared from the SQL run_query would build for a
 * query by id alone (its one parameter the id) when there is none. */
static int by_id_stmt(struct sqlite_store *s, enum mf_entity e,
                      struct mf_error *err)
{
    struct store_query q = STORE_QUERY_INIT;
    struct codec_value params[CODEC_MAX_PARAMS];
    struct buf sql = BUF_INIT;
    int n_params, rc;

    if (s->by_id[e])
        return MF_OK;
    q.kind = e;
    q.id = "";
    rc = codec_query_sql(&s->tab[e], &q, 0, '?', &sql, params, &n_params, err);
    if (rc == MF_OK && n_params != 1)
        rc = mf_error_set(err, MF_ESTORE, "a query by id needs one value");
    if (rc == MF_OK && sqlite3_prepare_v2(s->db, buf_str(&sql), -1,
                                          &s->by_id[e], NULL) != SQLITE_OK) {
        sqlite3_finalize(s->by_id[e]);
        s->by_id[e] = NULL;
        rc = db_error(s, err, "preparing a query");
    }
    buf_free(&sql);
    return rc;
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
    if ((unsigned)e >= MF_ENT_COUNT || s->by_id_busy[e]) {
        rc = run_query(s, cat, &q, 0, &n, each, ctx, err);
    } else if (settle(s, err)) {
        return s->failed;
    } else if ((rc = by_id_stmt(s, e, err)) == MF_OK) {
        sqlite3_stmt *st = s->by_id[e];
        s->by_id_busy[e] = 1;
        sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
        rc = step_rows(s, cat, &s->tab[e], &q, 0, st, &n, each, ctx, err);
        sqlite3_reset(st);
        sqlite3_clear_bindings(st);
        s->by_id_busy[e] = 0;
    }
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

    if (settle(s, err))
        return s->failed;
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

    if (settle(s, err))
        return s->failed;
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

    if (settle(s, err))
        return s->failed;
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

static int s_doc_list(struct store *base, const char *kind,
                      const char *const *fields, int n, long long offset,
                      long long limit, long long *total, store_row_fn each,
                      void *ctx, struct mf_error *err)
{
    struct sqlite_store *s = (struct sqlite_store *)base;
    struct buf sql = BUF_INIT;
    sqlite3_stmt *st = NULL;
    const char **vals;
    char path[80];
    int i, rc = 0, step = SQLITE_DONE;

    if (n < 0 || (n > 0 && !store_names_ok("document", fields, n)))
        return mf_error_set(err, MF_EINVAL, "not a member name");
    if (settle(s, err))
        return s->failed;
    *total = 0;
    if (sqlite3_prepare_v2(s->db, "SELECT count(*) FROM document WHERE kind=?",
                           -1, &st, NULL))
        return db_error(s, err, "listing documents");
    sqlite3_bind_text(st, 1, kind, -1, SQLITE_STATIC);
    if (sqlite3_step(st) != SQLITE_ROW) {
        sqlite3_finalize(st);
        return db_error(s, err, "listing documents");
    }
    *total = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    st = NULL;
    /* json -> '$.member' gives the member as JSON text (SQLite 3.38). */
    rc |= buf_printf(&sql, "SELECT name, created");
    for (i = 0; i < n; i++)
        rc |= buf_printf(&sql, ", json -> ?%d", i + 2);
    rc |= buf_printf(&sql,
                     " FROM document WHERE kind = ?1 ORDER BY created "
                     "DESC, name LIMIT ?%d OFFSET ?%d",
                     n + 2, n + 3);
    vals = calloc((size_t)n + 2, sizeof *vals);
    if (rc || !vals) {
        buf_free(&sql);
        free(vals);
        return mf_error_set(err, MF_ENOMEM, "out of memory");
    }
    if (sqlite3_prepare_v2(s->db, buf_str(&sql), -1, &st, NULL) != SQLITE_OK)
        rc = db_error(s, err, "listing documents");
    buf_free(&sql);
    if (rc == MF_OK) {
        sqlite3_bind_text(st, 1, kind, -1, SQLITE_STATIC);
        for (i = 0; i < n; i++) {
            snprintf(path, sizeof path, "$.%s", fields[i]);
            sqlite3_bind_text(st, i + 2, path, -1, SQLITE_TRANSIENT);
        }
        sqlite3_bind_int64(st, n + 2, limit > 0 ? limit : -1);
        sqlite3_bind_int64(st, n + 3, offset > 0 ? offset : 0);
    }
    while (rc == MF_OK && (step = sqlite3_step(st)) == SQLITE_ROW) {
        for (i = 0; i < n + 2; i++)
            vals[i] = (const char *)sqlite3_column_text(st, i);
        rc = each(ctx, n + 2, vals, err);
    }
    if (rc == MF_OK && step != SQLITE_DONE)
        rc = db_error(s, err, "listing documents");
    sqlite3_finalize(st);
    free(vals);
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

    if (settle(s, err))
        return s->failed;
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

    if (settle(s, err))
        return s->failed;
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

    if (settle(s, err))
        return s->failed;
    return check_db(s, s->db, full, err);
}

static int s_backup(struct store *base, const char *path, struct mf_error *err)
{
    struct sqlite_store *s = (struct sqlite_store *)base;
    struct atomic_file af;
    sqlite3 *dest = NULL;
    sqlite3_backup *b;
    int rc;

    if (settle(s, err))
        return s->failed;
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

/* ------------------------------------------------------------------ */
/* Whole tables (masseflyt copy)                                        */
/* ------------------------------------------------------------------ */

static int s_rows(struct store *base, const char *table,
                  const char *const *cols, int n, store_row_fn each, void *ctx,
                  struct mf_error *err)
{
    struct sqlite_store *s = (struct sqlite_store *)base;
    struct buf sql = BUF_INIT;
    sqlite3_stmt *st = NULL;
    const char **vals;
    int i, rc = 0, step = SQLITE_DONE;

    if (!store_names_ok(table, cols, n))
        return mf_error_set(err, MF_EINVAL, "not a table or column name");
    for (i = 0; i < n; i++)
        rc |= buf_printf(&sql, "%s%s", i ? ", " : "SELECT ", cols[i]);
    rc |= buf_printf(&sql, " FROM %s ORDER BY %s", table, cols[0]);
    vals = calloc((size_t)n, sizeof *vals);
    if (rc || !vals) {
        buf_free(&sql);
        free(vals);
        return mf_error_set(err, MF_ENOMEM, "out of memory");
    }
    if (sqlite3_prepare_v2(s->db, buf_str(&sql), -1, &st, NULL) != SQLITE_OK)
        rc = db_error(s, err, "reading a table");
    buf_free(&sql);
    while (rc == MF_OK && (step = sqlite3_step(st)) == SQLITE_ROW) {
        for (i = 0; i < n; i++)
            vals[i] = (const char *)sqlite3_column_text(st, i);
        rc = each(ctx, n, vals, err);
    }
    if (rc == MF_OK && step != SQLITE_DONE)
        rc = db_error(s, err, "reading a table");
    sqlite3_finalize(st);
    free(vals);
    return rc;
}

static int s_put_row(struct store *base, const char *table,
                     const char *const *cols, int n, const char *const *vals,
                     struct mf_error *err)
{
    struct sqlite_store *s = (struct sqlite_store *)base;
    struct buf sql = BUF_INIT;
    sqlite3_stmt *st = NULL;
    int i, rc = 0;

    if (!store_names_ok(table, cols, n))
        return mf_error_set(err, MF_EINVAL, "not a table or column name");
    rc |= buf_printf(&sql, "INSERT INTO %s (", table);
    for (i = 0; i < n; i++)
        rc |= buf_printf(&sql, "%s%s", i ? ", " : "", cols[i]);
    for (i = 0; i < n; i++)
        rc |= buf_printf(&sql, "%s?%d", i ? ", " : ") VALUES (", i + 1);
    rc |= buf_putc(&sql, ')');
    if (rc) {
        buf_free(&sql);
        return mf_error_set(err, MF_ENOMEM, "out of memory");
    }
    if (sqlite3_prepare_v2(s->db, buf_str(&sql), -1, &st, NULL) != SQLITE_OK)
        rc = db_error(s, err, "writing a table");
    buf_free(&sql);
    /* Texts go in as texts; an INTEGER column turns "12" into 12. */
    for (i = 0; rc == MF_OK && i < n; i++)
        if ((vals[i] ? sqlite3_bind_text(st, i + 1, vals[i], -1, SQLITE_STATIC)
                     : sqlite3_bind_null(st, i + 1)) != SQLITE_OK)
            rc = db_error(s, err, "writing a table");
    if (rc == MF_OK && sqlite3_step(st) != SQLITE_DONE)
        rc = db_error(s, err, "writing a table");
    sqlite3_finalize(st);
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
    .doc_list = s_doc_list,
    .custody_find = cust_sqlite_find,
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
    .rows = s_rows,
    .put_row = s_put_row,
    /* Chain of custody (version 10): custody_sqlite.c. */
    .vehicle_put = cust_sqlite_vehicle_put,
    .quality_doc_put = cust_sqlite_quality_doc_put,
    .ticket_put = cust_sqlite_ticket_put,
    .receipt_put = cust_sqlite_receipt_put,
    .custody_each = cust_sqlite_each,
    .ticket_get = cust_sqlite_ticket_get,
    .change_count = acct_change_count,
    /* The job queue (version 12): jobs_sqlite.c. */
    .job_enqueue = jobs_sqlite_enqueue,
    .job_claim = jobs_sqlite_claim,
    .job_renew = jobs_sqlite_renew,
    .job_finish = jobs_sqlite_finish,
    .job_cancel = jobs_sqlite_cancel,
    .job_get = jobs_sqlite_get,
    .job_list = jobs_sqlite_list,
    /* Custody records in bulk (version 14): custody_sqlite.c. */
    .tickets_put = cust_sqlite_tickets_put,
    .receipts_put = cust_sqlite_receipts_put,
    /* A bulk load of custody records (version 16): custody_sqlite.c. */
    .custody_bulk_begin = cust_sqlite_bulk_begin,
    .custody_bulk_end = cust_sqlite_bulk_end,
};

sqlite3 *store_sqlite_db(struct store *base, const char **path)
{
    struct sqlite_store *s = (struct sqlite_store *)base;

    /* The accounts' statements run on this connection after the rows
     * pending; a failure among those comes with the next call or the
     * commit. */
    (void)flush_pending(s);
    if (path)
        *path = s->path;
    return s->db;
}

int store_sqlite_kept(struct store *base, const char *sql, sqlite3_stmt **st,
                      int *slot)
{
    struct sqlite_store *s = (struct sqlite_store *)base;

    (void)flush_pending(s);
    return query_stmt(s, sql, st, slot);
}

void store_sqlite_kept_done(struct store *base, sqlite3_stmt *st, int slot)
{
    query_done((struct sqlite_store *)base, st, slot);
}

struct cust_sqlite **store_sqlite_custody(struct store *base)
{
    return &((struct sqlite_store *)base)->custody;
}

void store_sqlite_wrote(struct store *base, long n)
{
    ((struct sqlite_store *)base)->puts += n;
}
