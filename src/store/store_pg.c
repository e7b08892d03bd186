/*
 * store_pg.c - the PostgreSQL backend (libpq), for a registry many users
 * and processes share.
 *
 * The same tables and columns as the SQLite backend: the row codec
 * (codec.c) writes the statements and converts records to values and
 * back, and the numbered migrations in src/store/migrations/pg mirror
 * those in migrations/sqlite number for number. The number of the last
 * migration applied is kept in the one-row table masseflyt_schema.
 *
 * Every value travels as a parameter (PQexecParams, PQexecPrepared) or as
 * COPY data, never inside the SQL text. Records a transaction puts are
 * gathered in batches of PUT_BATCH rows. A transaction that puts no more
 * than one batch of a kind in a row (the API's single edits) sends it as
 * one multi-row INSERT ... ON CONFLICT (id) DO UPDATE. Once a batch is
 * full (an import), its rows and all that follow of the same kind stream
 * with COPY, in its binary format when the table's columns have the
 * codec's types (copy_binary_ok): into a table that holds no rows yet
 * (the first import of a registry), straight into the table, its foreign
 * keys, plain indexes and primary key (unless another table refers to
 * it) dropped inside a savepoint and added and built again after the
 * COPY;
 * else into a temporary staging table (mf_stage_<table>, dropped at
 * the commit), and before anything else is read or written, and at the
 * commit, one INSERT ... SELECT DISTINCT ON (id) ... ON CONFLICT (id) DO
 * UPDATE moves them into the table, the last put of an id winning, as
 * one put after another would (a repeated id ends a COPY straight into
 * the table and the rest is staged). A broken reference or rule is
 * reported with the id of a record that breaks it and the column (field)
 * concerned. An import is one transaction: all of it or none.
 *
 * The accounts entries (STORE_OPS_ACCOUNTS_VERSION) are in
 * accounts_pg.c, statement for statement as accounts_sqlite.c.
 */
#include "store.h"

#include "accounts_pg.h"
#include "codec.h"
#include "custody_store.h"
#include "jobs_store.h"
#include "util/buf.h"
#include "util/vec.h"

#include <libpq-fe.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

struct migration {
    int version;
    const char *name;
    const char *sql;
};

#include "migrations_pg.h"

#define N_MIGRATIONS ((int)(sizeof pg_migrations / sizeof pg_migrations[0]))

/* Records one INSERT sends. A lot has about thirty columns, so a full
 * batch binds a few thousand parameters, far below PostgreSQL's 65535. */
#define PUT_BATCH 256

/* libpq's type oids (catalog/pg_type_d.h, which the client headers do not
 * install): what a parameter is sent as. */
#define OID_INT8 20
#define OID_TEXT 25
#define OID_FLOAT8 701
#define OID_VARCHAR 1043

/* An arbitrary key for the advisory lock two processes migrating the same
 * database at once take in turn. */
#define MIGRATE_LOCK 0x6d6173736566ll

struct pg_store {
    struct store base;
    PGconn *conn;
    char *where; /* the DSN without its password, for messages */
    struct codec_table tab[MF_ENT_COUNT];
    int in_tx;
    int postgis;                /* the database has PostGIS (find_postgis) */
    int prepared[MF_ENT_COUNT]; /* a full batch's INSERT is prepared */
    /* The batch not yet sent: n rows of kind e, their values as text in
     * `text`, each parameter an offset into it or -1 for NULL. */
    enum mf_entity e;
    int n;
    struct buf text;
    long *off;
    size_t cap_off;
    /* COPY into kind e's staging table is under way (rows gathered in
     * `copy`, sent a megabyte at a time); seq numbers the staged rows.
     * binary: in COPY's binary format (copy_binary_ok), else as text. */
    int copying, binary;
    long long seq;
    struct buf copy;
    /* The COPY under way goes straight into kind e's table, which was
     * empty (copy_start); the hashes of the ids it has sent (an open
     * addressing set, 0 for a free slot) tell a repeated id, which ends
     * it (no_direct: the rest of the transaction stages). */
    int direct, no_direct;
    unsigned long long *ids;
    size_t n_ids, cap_ids;
    /* Kind e's foreign keys and plain indexes, dropped inside savepoint
     * mf_merge until its rows are in (rules_drop, rules_restore); and,
     * for a COPY straight into the table, its primary key when no other
     * table's key refers to it (pk_restore). */
    PGresult *fks, *idx, *pk;
    /* The statements store_pg_prepared has prepared on conn (names the
     * caller keeps; the connection, never reset, keeps them). */
    const char *kept[4];
    int n_kept;
};

/* ------------------------------------------------------------------ */
/* Errors                                                               */
/* ------------------------------------------------------------------ */

/* PostgreSQL's message, without its trailing newline. */
static int pg_fail(struct pg_store *s, const PGresult *res, const char *what,
                   struct mf_error *err)
{
    const char *state = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : NULL;
    const char *msg =
        res ? PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY) : NULL;
    const char *detail =
        res ? PQresultErrorField(res, PG_DIAG_MESSAGE_DETAIL) : NULL;
    char m[512];
    size_t l;

    snprintf(m, sizeof m, "%s%s%s", msg ? msg : PQerrorMessage(s->conn),
             detail ? " (" : "", detail ? detail : "");
    l = strlen(m);
    while (l > 0 && m[l - 1] == '\n')
        m[--l] = '\0';
    if (detail && l + 1 < sizeof m)
        m[l] = ')', m[l + 1] = '\0';
    if (state && (!strcmp(state, "XX001") || !strcmp(state, "XX002")))
        return mf_error_at(err, MF_EDAMAGED, s->where,
                           "the database is damaged (%s: %s); restore it "
                           "from a backup",
                           what, m);
    if (state && !strcmp(state, "53100"))
        return mf_error_at(err, MF_EIO, s->where,
                           "the database server's disk is full; nothing was "
                           "written");
    if (state && (!strcmp(state, "40001") || !strcmp(state, "40P01") ||
                  !strcmp(state, "55P03")))
        return mf_error_at(err, MF_ESTORE, s->where,
                           "%s: the database is busy (%s); try again", what, m);
    if (PQstatus(s->conn) != CONNECTION_OK)
        return mf_error_at(err, MF_ESTORE, s->where,
                           "%s: the connection to PostgreSQL was lost: %s",
                           what, m);
    return mf_error_at(err, MF_ESTORE, s->where, "%s: %s", what, m);
}

/* Runs a statement without parameters (migrations, BEGIN, COMMIT). */
static int exec(struct pg_store *s, const char *sql, const char *what,
                struct mf_error *err)
{
    PGresult *res = PQexec(s->conn, sql);
    int rc = MF_OK;

    if (PQresultStatus(res) != PGRES_COMMAND_OK &&
        PQresultStatus(res) != PGRES_TUPLES_OK)
        rc = pg_fail(s, res, what, err);
    PQclear(res);
    return rc;
}

/* Runs sql with text parameters; *out (when given) keeps the result. */
static int exec_params(struct pg_store *s, const char *sql, int n,
                       const char *const *vals, const char *what,
                       PGresult **out, struct mf_error *err)
{
    PGresult *res;
    ExecStatusType t;

    if (out)
        *out = NULL;
    res = PQexecParams(s->conn, sql, n, NULL, vals, NULL, NULL, 0);
    t = PQresultStatus(res);

    if (t != PGRES_COMMAND_OK && t != PGRES_TUPLES_OK) {
        int rc = pg_fail(s, res, what, err);
        PQclear(res);
        return rc;
    }
    if (out)
        *out = res;
    else
        PQclear(res);
    return MF_OK;
}

/* The DSN as it may be shown (store_dsn_mask). */
static char *redact(const char *dsn)
{
    size_t len = 2 * strlen(dsn) + 16;
    char *out = malloc(len);

    if (out)
        store_dsn_mask(dsn, out, len);
    return out;
}

/* ------------------------------------------------------------------ */
/* Opening and the schema                                               */
/* ------------------------------------------------------------------ */

static int read_version(struct pg_store *s, int *v, struct mf_error *err)
{
    PGresult *res = NULL;
    int rc = exec_params(s, "SELECT version FROM masseflyt_schema", 0, NULL,
                         "reading the schema version", &res, err);
    char *end;

    if (rc)
        return rc;
    *v = 0;
    if (PQntuples(res) == 1)
        *v = (int)strtol(PQgetvalue(res, 0, 0), &end, 10);
    PQclear(res);
    return MF_OK;
}

/* Whether the database holds a masseflyt schema. */
static int has_schema(struct pg_store *s, int *yes, struct mf_error *err)
{
    PGresult *res = NULL;
    int rc =
        exec_params(s, "SELECT to_regclass('masseflyt_schema') IS NOT NULL", 0,
                    NULL, "looking for the schema", &res, err);

    if (rc)
        return rc;
    *yes = PQntuples(res) == 1 && PQgetvalue(res, 0, 0)[0] == 't';
    PQclear(res);
    return MF_OK;
}

/* PostGIS when the server has it and this user may create it: a savepoint
 * keeps its failure from spoiling the migration's transaction. */
static void try_postgis(struct pg_store *s)
{
    PGresult *res =
        PQexec(s->conn, "SELECT 1 FROM pg_available_extensions WHERE name = "
                        "'postgis'");
    int available = PQresultStatus(res) == PGRES_TUPLES_OK && PQntuples(res);

    PQclear(res);
    if (!available)
        return;
    if (exec(s, "SAVEPOINT postgis", "", NULL) == MF_OK &&
        exec(s, "CREATE EXTENSION IF NOT EXISTS postgis", "", NULL) != MF_OK)
        exec(s, "ROLLBACK TO SAVEPOINT postgis", "", NULL);
    exec(s, "RELEASE SAVEPOINT postgis", "", NULL);
}

/* Brings the schema to the newest migration, in one transaction, with an
 * advisory lock so that two processes do not migrate at once; with mode
 * STORE_OPEN, an older schema is refused and nothing changes. */
static int migrate(struct pg_store *s, int mode, struct mf_error *err)
{
    char sql[128];
    int v = 0, i, rc;
    int newest = pg_migrations[N_MIGRATIONS - 1].version;

    if ((rc = exec(s, "BEGIN", "starting the migration", err)))
        return rc;
    snprintf(sql, sizeof sql, "SELECT pg_advisory_xact_lock(%lld)",
             MIGRATE_LOCK);
    if ((rc = exec(s, sql, "waiting for another migration", err)) ||
        (rc = exec(s,
                   "CREATE TABLE IF NOT EXISTS masseflyt_schema (one boolean "
                   "PRIMARY KEY DEFAULT true CHECK (one), version integer NOT "
                   "NULL); INSERT INTO masseflyt_schema (version) VALUES (0) "
                   "ON CONFLICT DO NOTHING",
                   "creating the schema table", err)) ||
        (rc = read_version(s, &v, err)))
        goto fail;
    s->base.schema_before = v;
    if (v == newest)
        return exec(s, "COMMIT", "committing the migration", err);
    if (v < newest && mode == STORE_OPEN) {
        rc = mf_error_at(err, MF_ESTORE, s->where,
                         "the database has schema version %d, older than "
                         "this program's (%d); run 'masseflyt migrate' "
                         "(back it up first)",
                         v, newest);
        goto fail;
    }
    if (v > newest) {
        rc = mf_error_at(err, MF_ESTORE, s->where,
                         "the database has schema version %d, newer than "
                         "this program (%d); upgrade masseflyt",
                         v, newest);
        goto fail;
    }
    if (v == 0)
        try_postgis(s);
    for (i = 0; i < N_MIGRATIONS; i++) {
        char num[16];
        const char *p[1] = {num};

        if (pg_migrations[i].version <= v)
            continue;
        snprintf(num, sizeof num, "%d", pg_migrations[i].version);
        if ((rc = exec(s, pg_migrations[i].sql, pg_migrations[i].name, err)) ||
            (rc = exec_params(s, "UPDATE masseflyt_schema SET version = $1", 1,
                              p, "recording the schema version", NULL, err))) {
            char m[512];
            snprintf(m, sizeof m, "%s", err ? err->message : "");
            rc =
                mf_error_at(err, MF_ESTORE, s->where, "migration %s failed: %s",
                            pg_migrations[i].name, m);
            goto fail;
        }
    }
    return exec(s, "COMMIT", "committing the migration", err);
fail:
    exec(s, "ROLLBACK", "", NULL);
    return rc;
}

static void p_close(struct store *base)
{
    struct pg_store *s = (struct pg_store *)base;

    PQfinish(s->conn);
    buf_free(&s->text);
    buf_free(&s->copy);
    free(s->ids);
    PQclear(s->fks);
    PQclear(s->idx);
    PQclear(s->pk);
    free(s->off);
    free(s->where);
    free(s);
}

/* Whether the database has PostGIS (created at init when the server has
 * it): map and radius queries then go through the GiST index of the
 * places (migration 024 indexes the point of lon and lat). */
static int find_postgis(struct pg_store *s, struct mf_error *err)
{
    PGresult *res = NULL;
    int rc;

    if ((rc = exec_params(s,
                          "SELECT 1 FROM pg_extension WHERE extname = "
                          "'postgis'",
                          0, NULL, "looking for PostGIS", &res, err)))
        return rc;
    s->postgis = PQntuples(res) == 1;
    PQclear(res);
    return MF_OK;
}

/* Opens the store; with readonly (a streaming replica, which refuses
 * every write), the schema is not migrated but must be this program's. */
static int open_pg(struct store **out, const char *dsn, int create,
                   int readonly, struct mf_error *err)
{
    const char *keys[] = {"dbname", "fallback_application_name",
                          "client_encoding", NULL};
    const char *vals[] = {dsn, "masseflyt", "UTF8", NULL};
    struct pg_store *s;
    int i, rc, yes = 0;

    *out = NULL;
    s = calloc(1, sizeof *s);
    if (!s || !(s->where = redact(dsn))) {
        free(s);
        return mf_error_set(err, MF_ENOMEM, "out of memory");
    }
    s->base.ops = &store_pg_ops;
    for (i = 0; i < MF_ENT_COUNT; i++)
        codec_table_init(&s->tab[i], (enum mf_entity)i);
    s->conn = PQconnectdbParams(keys, vals, 1);
    if (!s->conn || PQstatus(s->conn) != CONNECTION_OK) {
        char m[512];
        size_t l;
        snprintf(m, sizeof m, "%s",
                 s->conn ? PQerrorMessage(s->conn) : "out of memory");
        l = strlen(m);
        while (l > 0 && (m[l - 1] == '\n' || m[l - 1] == ' '))
            m[--l] = '\0';
        rc = mf_error_at(err, MF_ESTORE, s->where,
                         "cannot connect to PostgreSQL: %s", m);
        p_close(&s->base);
        return rc;
    }
    /* Numbers are sent and read as text: all their digits, so a double
     * comes back as the same double. */
    if ((rc = exec(s,
                   "SET extra_float_digits = 3; SET client_min_messages = "
                   "warning",
                   "setting up", err)) ||
        (rc = has_schema(s, &yes, err)))
        goto fail;
    if (!yes && create != STORE_CREATE) {
        rc = mf_error_at(err, MF_ENOTFOUND, s->where,
                         "this database holds no masseflyt registry; create "
                         "one with 'masseflyt init' (or pass --db)");
        goto fail;
    }
    if (readonly) {
        int v = 0, newest = pg_migrations[N_MIGRATIONS - 1].version;
        if ((rc = read_version(s, &v, err)))
            goto fail;
        if (v != newest) {
            rc = mf_error_at(err, MF_ESTORE, s->where,
                             "the database has schema version %d, this "
                             "program reads %d; migrate the primary",
                             v, newest);
            goto fail;
        }
    } else if ((rc = migrate(s, yes ? create : STORE_CREATE, err))) {
        goto fail;
    }
    if ((rc = find_postgis(s, err)))
        goto fail;
    *out = &s->base;
    return MF_OK;
fail:
    p_close(&s->base);
    return rc;
}

/* ------------------------------------------------------------------ */
/* Transactions and the batch of puts                                   */
/* ------------------------------------------------------------------ */

static void batch_reset(struct pg_store *s)
{
    s->n = 0;
    buf_reset(&s->text);
}

/* Writes v in decimal into out (at least 24 bytes) and returns its
 * length. */
static size_t fmt_int(char *out, long long v)
{
    char tmp[24];
    unsigned long long u =
        v < 0 ? 0ull - (unsigned long long)v : (unsigned long long)v;
    size_t n = 0, len = 0;

    do
        tmp[n++] = (char)('0' + u % 10);
    while ((u /= 10) > 0);
    if (v < 0)
        out[len++] = '-';
    while (n > 0)
        out[len++] = tmp[--n];
    out[len] = '\0';
    return len;
}

/* Appends v as text that reads back as the same double: with the fewest
 * decimals (up to 9) that give it back exactly when |v| < 1e9, the usual
 * case of coordinates and quantities; else as "%.17g". The check is
 * exact: r and 10^k are exact doubles and their quotient is rounded
 * correctly, as PostgreSQL's reading of "r / 10^k" is. */
static int put_real(struct buf *b, double v)
{
    static const double p10[] = {1e0, 1e1, 1e2, 1e3, 1e4,
                                 1e5, 1e6, 1e7, 1e8, 1e9};
    char out[48];
    size_t len;
    int k;

    if (v > -1e9 && v < 1e9 && v != 0)
        for (k = 0; k < 10; k++) {
            double x = v * p10[k];
            long long r = llround(x), q, f;
            if ((double)r / p10[k] != v)
                continue;
            q = r / (long long)p10[k];
            f = r % (long long)p10[k];
            len = 0;
            if (r < 0) {
                out[len++] = '-';
                q = -q, f = -f;
            }
            len += fmt_int(out + len, q);
            if (k > 0) {
                int d;
                out[len++] = '.';
                for (d = k - 1; d >= 0; d--, f /= 10)
                    out[len + (size_t)d] = (char)('0' + f % 10);
                len += (size_t)k;
            }
            return buf_append(b, out, len);
        }
    return buf_printf(b, "%.17g", v);
}

/* ---- COPY through a staging table ---- */

#define COPY_CHUNK (1 << 20)

/* Drops a COPY under way (an error, a rollback): the server ends it with
 * an error, and the transaction must be rolled back. */
static void copy_abort(struct pg_store *s)
{
    PGresult *res;

    if (!s->copying)
        return;
    s->copying = 0;
    s->direct = 0;
    buf_reset(&s->copy);
    if (PQputCopyEnd(s->conn, "abandoned") == 1)
        while ((res = PQgetResult(s->conn)))
            PQclear(res);
}

static int copy_send(struct pg_store *s, struct mf_error *err)
{
    if (s->copy.len &&
        PQputCopyData(s->conn, buf_str(&s->copy), (int)s->copy.len) != 1) {
        int rc = pg_fail(s, NULL, "sending records", err);
        copy_abort(s);
        return rc;
    }
    buf_reset(&s->copy);
    return MF_OK;
}

/* Appends one value as COPY text: \N for NULL; backslash, tab, newline
 * and carriage return escaped. */
static int copy_value(struct buf *b, const char *v)
{
    const char *p = v;
    int rc = 0;

    if (!v)
        return buf_append(b, "\\N", 2);
    while (*p) {
        size_t run = strcspn(p, "\\\t\n\r");
        rc |= buf_append(b, p, run);
        p += run;
        if (!*p)
            break;
        rc |= buf_putc(b, '\\');
        rc |= buf_putc(b, *p == '\t'   ? 't'
                          : *p == '\n' ? 'n'
                          : *p == '\r' ? 'r'
                                       : '\\');
        p++;
    }
    return rc;
}

/* The staged record (the first put) whose column `col` holds `value`,
 * after a statement failed on it, or with in_table the first such row of
 * the table itself (after its rules were dropped and rows went in): its
 * id, or "" when none is found. */
static void staged_id(struct pg_store *s, const char *col, const char *value,
                      int in_table, char *id, size_t len)
{
    const struct codec_table *t = &s->tab[s->e];
    const char *p[1] = {value};
    struct buf sql = BUF_INIT;
    PGresult *res;
    int i;

    id[0] = '\0';
    for (i = 0; i < t->n_columns; i++)
        if (!strcmp(t->name[i], col))
            break;
    if (i == t->n_columns ||
        buf_printf(&sql,
                   "SELECT %s FROM %s%s WHERE %s::text = $1 ORDER BY %s "
                   "LIMIT 1",
                   t->name[0], in_table ? "" : "mf_stage_", t->s->table, col,
                   in_table ? "ctid" : "mf_seq")) {
        buf_free(&sql);
        return;
    }
    res = PQexecParams(s->conn, buf_str(&sql), 1, NULL, p, NULL, NULL, 0);
    if (PQresultStatus(res) == PGRES_TUPLES_OK && PQntuples(res) == 1)
        snprintf(id, len, "%s", PQgetvalue(res, 0, 0));
    PQclear(res);
    buf_free(&sql);
}

/* The error of a failed move from the staging table (or of a failed COPY
 * straight into the table, or of a foreign key added again), naming the
 * record and the field: a broken reference's detail reads 'Key
 * (col)=(value) is not present ...', a broken rule's 'Failing row
 * contains (id, ...)', a repeated id's (a primary key added again)
 * 'Key (id)=(value) is duplicated'. The savepoint taken before the
 * statement makes the staging table (in_table: the table) readable
 * again. */
static int merge_fail(struct pg_store *s, PGresult *res, const char *savepoint,
                      int in_table, struct mf_error *err)
{
    const char *kind = s->tab[s->e].s->name;
    const char *state = PQresultErrorField(res, PG_DIAG_SQLSTATE);
    const char *detail = PQresultErrorField(res, PG_DIAG_MESSAGE_DETAIL);
    const char *column = PQresultErrorField(res, PG_DIAG_COLUMN_NAME);
    char col[64] = "", val[256] = "", id[256] = "", why[512], m_sql[64];
    const char *k, *eq, *end;
    int rc;

    rc = pg_fail(s, res, "writing records", err);
    snprintf(why, sizeof why, "%s", err ? err->message : "");
    snprintf(m_sql, sizeof m_sql, "ROLLBACK TO SAVEPOINT %s", savepoint);
    if (!state || !detail || exec(s, m_sql, "", NULL) != MF_OK)
        return rc;
    if (!strcmp(state, "23503") && (k = strstr(detail, "Key (")) &&
        (eq = strstr(k, ")=(")) && (end = strstr(eq, ") is not present"))) {
        snprintf(col, sizeof col, "%.*s", (int)(eq - k - 5), k + 5);
        snprintf(val, sizeof val, "%.*s", (int)(end - eq - 3), eq + 3);
        staged_id(s, col, val, in_table, id, sizeof id);
    } else if (!strcmp(state, "23505") && (k = strstr(detail, "Key (")) &&
               (eq = strstr(k, ")=(")) &&
               (end = strstr(eq, ") is duplicated"))) {
        /* A primary key added again: the repeated id itself. */
        snprintf(col, sizeof col, "%.*s", (int)(eq - k - 5), k + 5);
        snprintf(id, sizeof id, "%.*s", (int)(end - eq - 3), eq + 3);
    } else if ((k = strstr(detail, "Failing row contains (")) != NULL) {
        k += 22;
        snprintf(id, sizeof id, "%.*s", (int)strcspn(k, ",)"), k);
        if (column)
            snprintf(col, sizeof col, "%s", column);
    }
    if (!id[0])
        return rc;
    if (col[0])
        return mf_error_at(err, MF_ESTORE, s->where, "%s '%s', field '%s': %s",
                           kind, id, col, why);
    return mf_error_at(err, MF_ESTORE, s->where, "%s '%s': %s", kind, id, why);
}

/*
 * A large move into a table that holds fewer rows than are staged: the
 * table's foreign keys and plain indexes are dropped before the move and
 * added and built again after it, inside the savepoint, so that
 * PostgreSQL checks each key with one join over the table instead of one
 * lookup and one row lock on the referenced row per row moved, and
 * builds each index in one sorted pass (the GiST index of the places
 * indexes the point of lon and lat as geometry since migrations 023 and
 * 024, which PostGIS builds by sorting). Adding a key back fails as the move
 * would have, with the value that is not present, and the record is named. Into
 * an empty table the move is a plain INSERT: no row can conflict, as the staged
 * ids are made distinct and writers take turns (p_begin). Dropping a key
 * or an index locks the table until the commit, so this is kept to large
 * moves and to a COPY straight into an empty table (copy_start).
 */
#define LARGE_MOVE 5000

/* How many rows table holds, counted up to `upto`. */
static int rows_upto(struct pg_store *s, const char *table, long long upto,
                     long long *n, struct mf_error *err)
{
    char sql[200];
    PGresult *res;
    int rc;

    snprintf(sql, sizeof sql,
             "SELECT count(*) FROM (SELECT 1 FROM %s LIMIT %lld) AS t", table,
             upto);
    if ((rc = exec_params(s, sql, 0, NULL, "counting records", &res, err)))
        return rc;
    *n = strtoll(PQgetvalue(res, 0, 0), NULL, 10);
    PQclear(res);
    return MF_OK;
}

/* The foreign keys of table, dropped (add = 0) or added again (add = 1)
 * as fks (conname, definition) lists them, in one ALTER TABLE. */
static int alter_keys(struct pg_store *s, const char *table,
                      const PGresult *fks, int add, PGresult **out,
                      struct mf_error *err)
{
    struct buf sql = BUF_INIT;
    int i, n = PQntuples(fks), brc = 0;
    PGresult *res;

    *out = NULL;
    brc |= buf_printf(&sql, "ALTER TABLE %s", table);
    for (i = 0; i < n; i++) {
        if (add)
            brc |= buf_printf(&sql, "%s ADD CONSTRAINT \"%s\" %s", i ? "," : "",
                              PQgetvalue(fks, i, 0), PQgetvalue(fks, i, 1));
        else
            brc |= buf_printf(&sql, "%s DROP CONSTRAINT \"%s\"", i ? "," : "",
                              PQgetvalue(fks, i, 0));
    }
    if (brc) {
        buf_free(&sql);
        return mf_error_set(err, MF_ENOMEM, "out of memory");
    }
    res = PQexec(s->conn, buf_str(&sql));
    buf_free(&sql);
    if (PQresultStatus(res) != PGRES_COMMAND_OK) {
        *out = res; /* the caller tells which record */
        return MF_ESTORE;
    }
    PQclear(res);
    return MF_OK;
}

/* The indexes of table that back no constraint (not its primary key nor
 * a unique key): their names and definitions, in *out. */
static int plain_indexes(struct pg_store *s, const char *table, PGresult **out,
                         struct mf_error *err)
{
    const char *p[1] = {table};

    return exec_params(s,
                       "SELECT i.relname, pg_get_indexdef(i.oid) FROM "
                       "pg_index x JOIN pg_class i ON i.oid = x.indexrelid "
                       "WHERE x.indrelid = $1::regclass AND NOT x.indisunique "
                       "AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE "
                       "c.conindid = x.indexrelid) ORDER BY i.relname",
                       1, p, "reading the indexes", out, err);
}

/* Drops the indexes idx lists (add = 0) in one statement, or builds them
 * again (add = 1), one statement each. */
static int alter_indexes(struct pg_store *s, const PGresult *idx, int add,
                         struct mf_error *err)
{
    struct buf sql = BUF_INIT;
    int i, n = PQntuples(idx), rc = MF_OK;

    if (n == 0)
        return MF_OK;
    if (add) {
        for (i = 0; i < n && rc == MF_OK; i++)
            rc = exec(s, PQgetvalue(idx, i, 1), "building an index", err);
        return rc;
    }
    for (i = 0; i < n; i++)
        rc |= buf_printf(&sql, "%s\"%s\"", i ? ", " : "DROP INDEX ",
                         PQgetvalue(idx, i, 0));
    if (rc) {
        buf_free(&sql);
        return mf_error_set(err, MF_ENOMEM, "out of memory");
    }
    rc = exec(s, buf_str(&sql), "dropping an index", err);
    buf_free(&sql);
    return rc;
}

/* ---- A COPY straight into an empty table ---- */

/* The hash of an id for the set of those sent (FNV-1a; never 0). */
static unsigned long long id_hash(const char *id)
{
    unsigned long long h = 14695981039346656037ull;

    for (; *id; id++)
        h = (h ^ (unsigned char)*id) * 1099511628211ull;
    return h ? h : 1;
}

/* Adds id to the set of those sent: 0 when new, 1 when its hash was
 * there (the same id, or seldom another), -1 when out of memory. */
static int ids_add(struct pg_store *s, const char *id)
{
    unsigned long long h = id_hash(id);
    size_t i, mask;

    if (2 * (s->n_ids + 1) > s->cap_ids) {
        size_t cap = s->cap_ids ? 2 * s->cap_ids : 4096, j;
        unsigned long long *t = calloc(cap, sizeof *t);

        if (!t)
            return -1;
        for (i = 0; i < s->cap_ids; i++)
            if (s->ids[i]) {
                for (j = (s->ids[i] ^ s->ids[i] >> 32) & (cap - 1); t[j];
                     j = (j + 1) & (cap - 1))
                    ;
                t[j] = s->ids[i];
            }
        free(s->ids);
        s->ids = t;
        s->cap_ids = cap;
    }
    mask = s->cap_ids - 1;
    for (i = (h ^ h >> 32) & mask; s->ids[i]; i = (i + 1) & mask)
        if (s->ids[i] == h)
            return 1;
    s->ids[i] = h;
    s->n_ids++;
    return 0;
}

static void ids_reset(struct pg_store *s)
{
    free(s->ids);
    s->ids = NULL;
    s->n_ids = s->cap_ids = 0;
}

/* Drops kind e's foreign keys and plain indexes (inside savepoint
 * mf_merge, which the caller has taken), keeping them in s->fks and
 * s->idx for rules_restore; with pk also its primary key, in s->pk for
 * pk_restore, unless another table's foreign key refers to the table
 * (it needs the key's index). Only a COPY straight into the table drops
 * the key: its ids are distinct (the set of those sent), where a move
 * from the staging table needs the key for ON CONFLICT. Without the key
 * the COPY appends the rows without one index lookup and insert each,
 * and the key's index is built again in one sorted pass. */
static int rules_drop(struct pg_store *s, int pk, struct mf_error *err)
{
    const char *table = s->tab[s->e].s->table;
    const char *p[1] = {table};
    PGresult *res;
    int rc;

    if (pk) {
        rc = exec_params(
            s,
            "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint "
            "WHERE conrelid = $1::regclass AND contype = 'p' AND NOT EXISTS "
            "(SELECT 1 FROM pg_constraint f WHERE f.confrelid = "
            "$1::regclass)",
            1, p, "reading the primary key", &s->pk, err);
        if (rc)
            return rc;
    }
    rc = exec_params(s,
                     "SELECT conname, pg_get_constraintdef(oid) FROM "
                     "pg_constraint WHERE conrelid = $1::regclass AND "
                     "contype = 'f' ORDER BY conname",
                     1, p, "reading the foreign keys", &s->fks, err);
    if (rc == MF_OK && PQntuples(s->fks) > 0 &&
        alter_keys(s, table, s->fks, 0, &res, err)) {
        rc = pg_fail(s, res, "writing records", err);
        PQclear(res);
    }
    if (rc == MF_OK && (rc = plain_indexes(s, table, &s->idx, err)) == MF_OK)
        rc = alter_indexes(s, s->idx, 0, err);
    /* After the foreign keys: one may use the key's index. */
    if (rc == MF_OK && s->pk && PQntuples(s->pk) > 0 &&
        alter_keys(s, table, s->pk, 0, &res, err)) {
        rc = pg_fail(s, res, "writing records", err);
        PQclear(res);
    }
    return rc;
}

/* Adds kind e's primary key again after a COPY straight into the table
 * (one sorted pass over its ids), before anything needs it: the
 * foreign keys, or a move from the staging table (ON CONFLICT). A
 * repeated id names its record. */
static int pk_restore(struct pg_store *s, struct mf_error *err)
{
    const char *table = s->tab[s->e].s->table;
    PGresult *res;
    int rc = MF_OK;

    if (s->pk && PQntuples(s->pk) > 0) {
        if ((rc = exec(s, "SAVEPOINT mf_keys", "writing records", err)))
            return rc;
        if (alter_keys(s, table, s->pk, 1, &res, err)) {
            rc = merge_fail(s, res, "mf_keys", 1, err);
            PQclear(res);
        } else {
            rc = exec(s, "RELEASE SAVEPOINT mf_keys", "writing records", err);
        }
    }
    PQclear(s->pk);
    s->pk = NULL;
    return rc;
}

/* Builds kind e's indexes again (one sorted pass each) and adds its
 * foreign keys again (one join each over the table), after its rows are
 * in. The indexes go first: a key's check may read one (a lot's site
 * through lot_site, WHERE site IS NOT NULL, instead of a scan of the
 * table when no lot has a site). A key that fails names the first
 * record of the table that breaks it. */
static int rules_restore(struct pg_store *s, struct mf_error *err)
{
    const char *table = s->tab[s->e].s->table;
    PGresult *res;
    int rc;

    /* The builds' sorts in memory, for this transaction only: with the
     * default 64 MB, a million lots' sorts (the key, lot(project), the
     * places) went to temporary files (log_temp_files). A larger setting
     * of the server's is kept. */
    if ((rc = exec(s,
                   "SELECT set_config('maintenance_work_mem', '256MB', true) "
                   "FROM pg_settings WHERE name = 'maintenance_work_mem' AND "
                   "setting::bigint < 262144",
                   "writing records", err)) ||
        (rc = pk_restore(s, err)) ||
        (s->idx && (rc = alter_indexes(s, s->idx, 1, err))))
        goto done;
    if (s->fks && PQntuples(s->fks) > 0) {
        if ((rc = exec(s, "SAVEPOINT mf_keys", "writing records", err)))
            goto done;
        if (alter_keys(s, table, s->fks, 1, &res, err)) {
            rc = merge_fail(s, res, "mf_keys", 1, err);
            PQclear(res);
        } else {
            rc = exec(s, "RELEASE SAVEPOINT mf_keys", "writing records", err);
        }
    }
done:
    PQclear(s->fks);
    PQclear(s->idx);
    s->fks = s->idx = NULL;
    return rc;
}

/* ---- COPY ---- */

/* Whether kind e's rows can go in COPY's binary format: every column is
 * a bigint where the codec gives an integer, a double precision where it
 * gives a real, and a text (or varchar) where it gives a text, as the
 * migrations make them; else (*yes = 0) they go as text, which the
 * server converts to any type. */
static int copy_binary_ok(struct pg_store *s, int *yes, struct mf_error *err)
{
    const struct codec_table *t = &s->tab[s->e];
    const char *p[1] = {t->s->table};
    PGresult *res;
    int i, r, got, rc;

    *yes = 0;
    if ((rc = exec_params(s,
                          "SELECT attname, atttypid::int FROM pg_attribute "
                          "WHERE attrelid = $1::regclass AND attnum > 0 AND "
                          "NOT attisdropped",
                          1, p, "reading the columns", &res, err)))
        return rc;
    for (i = 0; i < t->n_columns; i++) {
        int want = t->type[i] == CODEC_INT    ? OID_INT8
                   : t->type[i] == CODEC_REAL ? OID_FLOAT8
                                              : OID_TEXT;
        for (r = 0; r < PQntuples(res); r++)
            if (!strcmp(PQgetvalue(res, r, 0), t->name[i]))
                break;
        if (r == PQntuples(res))
            break;
        got = (int)strtol(PQgetvalue(res, r, 1), NULL, 10);
        if (got != want && !(want == OID_TEXT && got == OID_VARCHAR))
            break;
    }
    PQclear(res);
    *yes = i == t->n_columns;
    return MF_OK;
}

/* Starts a COPY of kind e: into an empty table (none of its rows yet,
 * none of this transaction's staged) straight into the table, with its
 * foreign keys and plain indexes dropped inside savepoint mf_merge; else
 * into the kind's staging table, created when this transaction has none
 * yet. */
static int copy_start(struct pg_store *s, struct mf_error *err)
{
    const struct codec_table *t = &s->tab[s->e];
    struct buf sql = BUF_INIT;
    PGresult *res;
    long long held = -1;
    int i, rc = 0;

    if (!s->no_direct && (rc = rows_upto(s, t->s->table, 1, &held, err)))
        return rc;
    if (held == 0) {
        if ((rc = exec(s, "SAVEPOINT mf_merge", "writing records", err)) ||
            (rc = rules_drop(s, 1, err)))
            return rc;
        rc |= buf_printf(&sql, "COPY %s (", t->s->table);
        for (i = 0; i < t->n_columns; i++)
            rc |= buf_printf(&sql, "%s%s", i ? ", " : "", t->name[i]);
        rc |= buf_puts(&sql, ") FROM STDIN");
        ids_reset(s);
    } else {
        rc |= buf_printf(&sql,
                         "CREATE TEMP TABLE IF NOT EXISTS mf_stage_%s ON "
                         "COMMIT DROP AS SELECT 0::bigint AS mf_seq",
                         t->s->table);
        for (i = 0; i < t->n_columns; i++)
            rc |= buf_printf(&sql, ", %s", t->name[i]);
        rc |= buf_printf(&sql, " FROM %s WITH NO DATA", t->s->table);
        if (rc) {
            buf_free(&sql);
            return mf_error_set(err, MF_ENOMEM, "out of memory");
        }
        if ((rc = exec(s, buf_str(&sql), "preparing to write records", err))) {
            buf_free(&sql);
            return rc;
        }
        buf_reset(&sql);
        rc |= buf_printf(&sql, "COPY mf_stage_%s (mf_seq", t->s->table);
        for (i = 0; i < t->n_columns; i++)
            rc |= buf_printf(&sql, ", %s", t->name[i]);
        rc |= buf_puts(&sql, ") FROM STDIN");
    }
    if (rc) {
        buf_free(&sql);
        return mf_error_set(err, MF_ENOMEM, "out of memory");
    }
    if ((rc = copy_binary_ok(s, &s->binary, err))) {
        buf_free(&sql);
        return rc;
    }
    /* The header: signature, flags, no extension. */
    if (s->binary && (buf_puts(&sql, " WITH (FORMAT binary)") ||
                      buf_append(&s->copy, "PGCOPY\n\377\r\n\0", 11) ||
                      buf_append(&s->copy, "\0\0\0\0\0\0\0\0", 8))) {
        buf_free(&sql);
        buf_reset(&s->copy);
        return mf_error_set(err, MF_ENOMEM, "out of memory");
    }
    res = PQexec(s->conn, buf_str(&sql));
    buf_free(&sql);
    if (PQresultStatus(res) != PGRES_COPY_IN) {
        rc = pg_fail(s, res, "writing records", err);
        PQclear(res);
        buf_reset(&s->copy);
        return rc;
    }
    PQclear(res);
    s->copying = 1;
    s->direct = held == 0;
    return MF_OK;
}

/* Ends the COPY under way. A COPY straight into the table that fails (a
 * broken rule) names the record. */
static int copy_end(struct pg_store *s, struct mf_error *err)
{
    PGresult *res;
    int rc;

    /* The binary format's trailer: a field count of -1. */
    if (s->binary && buf_append(&s->copy, "\377\377", 2)) {
        copy_abort(s);
        return mf_error_set(err, MF_ENOMEM, "out of memory");
    }
    if ((rc = copy_send(s, err)))
        return rc;
    s->copying = 0;
    if (PQputCopyEnd(s->conn, NULL) != 1)
        rc = pg_fail(s, NULL, "sending records", err);
    while ((res = PQgetResult(s->conn))) {
        if (rc == MF_OK && PQresultStatus(res) != PGRES_COMMAND_OK)
            rc = s->direct ? merge_fail(s, res, "mf_merge", 1, err)
                           : pg_fail(s, res, "sending records", err);
        PQclear(res);
    }
    return rc;
}

/* Writes v at p as n bytes, most significant first (COPY's binary
 * format is in network byte order, whatever this machine's); returns
 * the end. */
static unsigned char *put_be(unsigned char *p, uint64_t v, int n)
{
    int i;

    for (i = 0; i < n; i++)
        p[i] = (unsigned char)(v >> (8 * (n - 1 - i)));
    return p + n;
}

/* Appends one row of values (one per column of kind e; with seq >= 0 the
 * staging table's mf_seq first) to the COPY under way. In the binary
 * format a row is its field count (16 bits), then each field's length
 * (32 bits; -1 for NULL) and bytes: a bigint or a double precision as
 * 8 bytes (the double's bits), a text as it is; the row's bytes are
 * counted first and reserved at once, then written in place. As text,
 * values are written as add_value does and escaped (copy_value). */
static int copy_row(struct pg_store *s, long long seq,
                    const struct codec_value *v)
{
    int cols = s->tab[s->e].n_columns, c, rc = 0;
    struct buf *b = &s->copy;
    char out[24];

    if (s->binary) {
        size_t len[MF_SCHEMA_MAX_FIELDS], need = 2 + (seq >= 0 ? 12 : 0);
        unsigned char *p;
        uint64_t bits;

        for (c = 0; c < cols; c++) {
            len[c] = v[c].type == CODEC_TEXT ? strlen(v[c].text)
                     : v[c].type == CODEC_INT || v[c].type == CODEC_REAL ? 8
                                                                         : 0;
            need += 4 + len[c];
        }
        if (buf_reserve(b, need))
            return MF_ENOMEM;
        p = (unsigned char *)b->data + b->len;
        p = put_be(p, (uint64_t)(cols + (seq >= 0)), 2);
        if (seq >= 0)
            p = put_be(put_be(p, 8, 4), (uint64_t)seq, 8);
        for (c = 0; c < cols; c++)
            switch (v[c].type) {
            case CODEC_INT:
                p = put_be(put_be(p, 8, 4), (uint64_t)v[c].i, 8);
                break;
            case CODEC_REAL:
                memcpy(&bits, &v[c].r, sizeof bits);
                p = put_be(put_be(p, 8, 4), bits, 8);
                break;
            case CODEC_TEXT:
                p = put_be(p, (uint64_t)len[c], 4);
                memcpy(p, v[c].text, len[c]);
                p += len[c];
                break;
            default:
                p = put_be(p, 0xffffffffu, 4);
                break;
            }
        b->len += need;
        b->data[b->len] = '\0';
        return MF_OK;
    }
    if (seq >= 0) {
        rc |= buf_append(b, out, fmt_int(out, seq));
        rc |= buf_putc(b, '\t');
    }
    for (c = 0; c < cols; c++) {
        if (c)
            rc |= buf_putc(b, '\t');
        switch (v[c].type) {
        case CODEC_INT:
            rc |= buf_append(b, out, fmt_int(out, (long long)v[c].i));
            break;
        case CODEC_REAL:
            rc |= put_real(b, v[c].r);
            break;
        case CODEC_TEXT:
            rc |= copy_value(b, v[c].text);
            break;
        default:
            rc |= copy_value(b, NULL);
            break;
        }
    }
    return rc | buf_putc(b, '\n');
}

/* Sends one record of kind e into the COPY under way, and what has
 * gathered when it is a megabyte or more. A repeated id ends a COPY
 * straight into the table (the rows before it are in; the key is added
 * again), and it and the rest go through the staging table, the last
 * put winning. */
static int copy_put(struct pg_store *s, const struct codec_value *v,
                    struct mf_error *err)
{
    int rc = 0;

    if (s->direct) {
        rc = ids_add(s, v[0].type == CODEC_TEXT ? v[0].text : "");
        if (rc < 0) {
            copy_abort(s);
            return mf_error_set(err, MF_ENOMEM, "out of memory");
        }
        if (rc > 0) {
            s->no_direct = 1;
            ids_reset(s);
            if ((rc = copy_end(s, err)) || (rc = pk_restore(s, err)) ||
                (rc = copy_start(s, err)))
                return rc;
        }
    }
    if (copy_row(s, s->direct ? -1 : ++s->seq, v)) {
        copy_abort(s);
        return mf_error_set(err, MF_ENOMEM, "out of memory");
    }
    return s->copy.len >= COPY_CHUNK ? copy_send(s, err) : MF_OK;
}

/* Moves the batch's rows (kept as text, add_value) into the COPY under
 * way, starting it: each value read back as the type of its column
 * (put_real's text reads back as the same double). */
static int copy_batch(struct pg_store *s, struct mf_error *err)
{
    const struct codec_table *t = &s->tab[s->e];
    struct codec_value v[MF_SCHEMA_MAX_FIELDS];
    int r, c, rc;

    if (!s->copying && (rc = copy_start(s, err)))
        return rc;
    for (r = 0; r < s->n; r++) {
        for (c = 0; c < t->n_columns; c++) {
            long o = s->off[(size_t)r * (size_t)t->n_columns + (size_t)c];
            const char *x = o < 0 ? NULL : buf_str(&s->text) + o;
            v[c].type = x ? t->type[c] : CODEC_NULL;
            v[c].text = x;
            if (x && t->type[c] == CODEC_INT)
                v[c].i = strtoll(x, NULL, 10);
            else if (x && t->type[c] == CODEC_REAL)
                v[c].r = strtod(x, NULL);
        }
        if ((rc = copy_put(s, v, err))) {
            batch_reset(s);
            return rc;
        }
    }
    batch_reset(s);
    return MF_OK;
}

/* Ends the COPY; a COPY straight into the table is then done, once the
 * rules are back; staged rows are moved into the table. */
static int copy_finish(struct pg_store *s, struct mf_error *err)
{
    const struct codec_table *t = &s->tab[s->e];
    struct buf sql = BUF_INIT;
    PGresult *res;
    long long held = -1;
    int i, rc = MF_OK, brc = 0;

    if (s->n > 0 && (rc = copy_batch(s, err)))
        return rc;
    if ((rc = copy_end(s, err)))
        return rc;
    if (s->direct) {
        s->direct = 0;
        ids_reset(s);
        if ((rc = rules_restore(s, err)))
            return rc;
        return exec(s, "RELEASE SAVEPOINT mf_merge", "writing records", err);
    }
    brc |= buf_printf(&sql, "INSERT INTO %s (", t->s->table);
    for (i = 0; i < t->n_columns; i++)
        brc |= buf_printf(&sql, "%s%s", i ? ", " : "", t->name[i]);
    brc |= buf_puts(&sql, ") SELECT DISTINCT ON (");
    brc |= buf_printf(&sql, "%s) ", t->name[0]);
    for (i = 0; i < t->n_columns; i++)
        brc |= buf_printf(&sql, "%s%s", i ? ", " : "", t->name[i]);
    if (s->seq >= LARGE_MOVE &&
        (rc = rows_upto(s, t->s->table, s->seq, &held, err))) {
        buf_free(&sql);
        return rc;
    }
    brc |= buf_printf(&sql, " FROM mf_stage_%s ORDER BY %s, mf_seq DESC",
                      t->s->table, t->name[0]);
    if (held != 0) {
        brc |= buf_printf(&sql, " ON CONFLICT (%s) DO UPDATE SET ", t->name[0]);
        for (i = 1; i < t->n_columns; i++)
            brc |= buf_printf(&sql, "%s%s = excluded.%s", i > 1 ? ", " : "",
                              t->name[i], t->name[i]);
    }
    if (brc) {
        buf_free(&sql);
        return mf_error_set(err, MF_ENOMEM, "out of memory");
    }
    if ((rc = exec(s, "SAVEPOINT mf_merge", "writing records", err))) {
        buf_free(&sql);
        return rc;
    }
    /* After a COPY straight into the table that a repeated id ended, the
     * rules are down already. */
    if (held >= 0 && held < s->seq && !s->fks && (rc = rules_drop(s, 0, err))) {
        buf_free(&sql);
        return rc;
    }
    res = PQexec(s->conn, buf_str(&sql));
    buf_free(&sql);
    if (PQresultStatus(res) != PGRES_COMMAND_OK)
        rc = merge_fail(s, res, "mf_merge", 0, err);
    PQclear(res);
    if (rc == MF_OK && s->fks)
        rc = rules_restore(s, err);
    if (rc)
        return rc;
    if ((rc = exec(s, "RELEASE SAVEPOINT mf_merge", "writing records", err)))
        return rc;
    if (buf_printf(&sql, "TRUNCATE mf_stage_%s", t->s->table)) {
        buf_free(&sql);
        return mf_error_set(err, MF_ENOMEM, "out of memory");
    }
    rc = exec(s, buf_str(&sql), "writing records", err);
    buf_free(&sql);
    return rc;
}

/* Sends the batch: one INSERT of its rows, prepared once per kind when
 * the batch is full; or, when a COPY of its kind is under way, into that
 * COPY, which then ends and is moved into the table. */
static int flush(struct pg_store *s, struct mf_error *err)
{
    const struct codec_table *t = &s->tab[s->e];
    int n_params = s->n * t->n_columns, i, rc = MF_OK;
    const char **vals;
    PGresult *res = NULL;
    struct buf sql = BUF_INIT;
    char name[32];

    if (s->copying) {
        rc = copy_finish(s, err);
        copy_abort(s);
        batch_reset(s);
        return rc;
    }
    if (s->n == 0)
        return MF_OK;
    vals = malloc((size_t)n_params * sizeof *vals);
    if (!vals) {
        batch_reset(s);
        return mf_error_set(err, MF_ENOMEM, "out of memory");
    }
    for (i = 0; i < n_params; i++)
        vals[i] = s->off[i] < 0 ? NULL : buf_str(&s->text) + s->off[i];
    snprintf(name, sizeof name, "put_%s", t->s->table);
    if (s->n == PUT_BATCH && !s->prepared[s->e]) {
        if (codec_insert_rows_sql(t, '$', s->n, &sql)) {
            rc = mf_error_set(err, MF_ENOMEM, "out of memory");
        } else {
            res = PQprepare(s->conn, name, buf_str(&sql), 0, NULL);
            if (PQresultStatus(res) != PGRES_COMMAND_OK)
                rc = pg_fail(s, res, "preparing an insert", err);
            else
                s->prepared[s->e] = 1;
            PQclear(res);
        }
    }
    if (rc == MF_OK) {
        if (s->n == PUT_BATCH) {
            res = PQexecPrepared(s->conn, name, n_params, vals, NULL, NULL, 0);
        } else if (codec_insert_rows_sql(t, '$', s->n, &sql)) {
            res = NULL;
            rc = mf_error_set(err, MF_ENOMEM, "out of memory");
        } else {
            res = PQexecParams(s->conn, buf_str(&sql), n_params, NULL, vals,
                               NULL, NULL, 0);
        }
        if (rc == MF_OK && PQresultStatus(res) != PGRES_COMMAND_OK)
            rc = pg_fail(s, res, "writing records", err);
        PQclear(res);
    }
    buf_free(&sql);
    free(vals);
    batch_reset(s);
    return rc;
}

static int p_begin(struct store *base, struct mf_error *err)
{
    struct pg_store *s = (struct pg_store *)base;
    int rc;

    copy_abort(s);
    batch_reset(s);
    s->seq = 0;
    s->no_direct = 0;
    ids_reset(s);
    PQclear(s->fks);
    PQclear(s->idx);
    PQclear(s->pk);
    s->fks = s->idx = s->pk = NULL;
    /* One writer at a time, as on SQLite (BEGIN IMMEDIATE): a write reads
     * what it checks (a record's ETag for If-Match) after the one before
     * it has committed, so two server processes cannot both pass the
     * check and lose an update, and writers never deadlock or fail to
     * serialise. The lock ends with the transaction. */
    rc = exec(s, "BEGIN; SELECT pg_advisory_xact_lock(7274, 1)",
              "starting a transaction", err);
    s->in_tx = rc == MF_OK;
    return rc;
}

static int p_commit(struct store *base, struct mf_error *err)
{
    struct pg_store *s = (struct pg_store *)base;
    int rc = flush(s, err);

    s->in_tx = 0;
    if (rc) {
        exec(s, "ROLLBACK", "", NULL);
        return rc;
    }
    return exec(s, "COMMIT", "committing", err);
}

static void p_rollback(struct store *base)
{
    struct pg_store *s = (struct pg_store *)base;

    copy_abort(s);
    batch_reset(s);
    if (s->in_tx)
        exec(s, "ROLLBACK", "", NULL);
    s->in_tx = 0;
}

/* Whether the batch already holds a record with this id (column 0). */
static int in_batch(const struct pg_store *s, const char *id)
{
    int r, cols = s->tab[s->e].n_columns;

    for (r = 0; r < s->n; r++) {
        long o = s->off[(size_t)r * (size_t)cols];
        if (o >= 0 && !strcmp(buf_str(&s->text) + o, id))
            return 1;
    }
    return 0;
}

/* Appends one value to the batch as text. */
static int add_value(struct pg_store *s, size_t k, const struct codec_value *v)
{
    int rc = 0;

    s->off[k] = v->type == CODEC_NULL ? -1 : (long)s->text.len;
    switch (v->type) {
    case CODEC_INT: {
        char out[24];
        rc = buf_append(&s->text, out, fmt_int(out, (long long)v->i));
        break;
    }
    case CODEC_REAL:
        rc = put_real(&s->text, v->r);
        break;
    case CODEC_TEXT:
        rc = buf_puts(&s->text, v->text);
        break;
    default:
        return MF_OK;
    }
    return rc ? rc : buf_putc(&s->text, '\0');
}

static int p_put(struct store *base, const struct mf_catalog *cat,
                 enum mf_entity e, const void *rec, struct mf_error *err)
{
    struct pg_store *s = (struct pg_store *)base;
    const struct codec_table *t = &s->tab[e];
    struct codec_value vals[MF_SCHEMA_MAX_FIELDS];
    struct codec_scratch sc;
    size_t base_k;
    int i, rc;

    codec_encode(t, cat, rec, vals, &sc);
    /* Another kind: what is gathered goes first (foreign keys). A full
     * batch inside a transaction goes into COPY; a repeated id is fine
     * there (the last one wins), but not in one INSERT. */
    if ((s->n > 0 || s->copying) && s->e != e && (rc = flush(s, err)))
        return rc;
    if (s->n == PUT_BATCH && s->in_tx && (rc = copy_batch(s, err)))
        return rc;
    /* A COPY of this kind under way takes the record as it is. */
    if (s->copying)
        return copy_put(s, vals, err);
    if (s->n > 0 && !s->copying &&
        (s->n == PUT_BATCH ||
         (vals[0].type == CODEC_TEXT && in_batch(s, vals[0].text))) &&
        (rc = flush(s, err)))
        return rc;
    s->e = e;
    base_k = (size_t)s->n * (size_t)t->n_columns;
    if (vec_reserve(s->off, s->cap_off, base_k + (size_t)t->n_columns))
        return mf_error_set(err, MF_ENOMEM, "out of memory");
    for (i = 0; i < t->n_columns; i++)
        if (add_value(s, base_k + (size_t)i, &vals[i]))
            return mf_error_set(err, MF_ENOMEM, "out of memory");
    s->n++;
    /* Outside a transaction each put is its own. */
    return s->in_tx ? MF_OK : flush(s, err);
}

/* ------------------------------------------------------------------ */
/* Reading                                                              */
/* ------------------------------------------------------------------ */

static void read_values(const PGresult *res, int row,
                        const struct codec_table *t, struct codec_value *v)
{
    int i;

    for (i = 0; i < t->n_columns; i++) {
        const char *text = PQgetvalue(res, row, i);
        char *end;

        memset(&v[i], 0, sizeof v[i]);
        if (PQgetisnull(res, row, i))
            continue;
        v[i].type = t->type[i];
        if (t->type[i] == CODEC_INT)
            v[i].i = strtoll(text, &end, 10);
        else if (t->type[i] == CODEC_REAL)
            v[i].r = strtod(text, &end);
        else
            v[i].text = text;
    }
}

/* Runs q (or its count), handing each decoded record to each(). Rows come
 * one at a time (libpq's single-row mode), so a query over a million lots
 * never holds them all; each() must not use the store meanwhile. */
static int run_query(struct pg_store *s, const struct mf_catalog *cat,
                     const struct store_query *q, int count, long long *n,
                     store_each_fn each, void *ctx, struct mf_error *err)
{
    const struct codec_table *t;
    struct codec_value params[CODEC_MAX_PARAMS];
    struct codec_value vals[MF_SCHEMA_MAX_FIELDS];
    struct codec_scratch sc;
    union mf_record rec;
    struct buf sql = BUF_INIT, text = BUF_INIT;
    const char *pv[CODEC_MAX_PARAMS];
    Oid types[CODEC_MAX_PARAMS];
    size_t off[CODEC_MAX_PARAMS];
    PGresult *res = NULL;
    struct codec_filter f;
    int n_params, rc, i, sent, keep;

    if ((unsigned)q->kind >= MF_ENT_COUNT)
        return mf_error_set(err, MF_EINVAL, "no such kind of record");
    if ((rc = flush(s, err)))
        return rc;
    t = &s->tab[q->kind];
    codec_filter_init(&f, t, q, count);
    rc = codec_query_sql_geo(t, q, count, s->postgis, '$', &sql, params,
                             &n_params, err);
    for (i = 0; rc == MF_OK && i < n_params; i++) {
        off[i] = text.len;
        types[i] = params[i].type == CODEC_INT    ? OID_INT8
                   : params[i].type == CODEC_REAL ? OID_FLOAT8
                                                  : OID_TEXT;
        if (params[i].type == CODEC_INT)
            rc = buf_printf(&text, "%lld", (long long)params[i].i);
        else if (params[i].type == CODEC_REAL)
            rc = buf_printf(&text, "%.17g", params[i].r);
        else
            rc = buf_puts(&text, params[i].text ? params[i].text : "");
        if (rc == MF_OK)
            rc = buf_putc(&text, '\0');
        if (rc)
            rc = mf_error_set(err, MF_ENOMEM, "out of memory");
    }
    for (i = 0; rc == MF_OK && i < n_params; i++)
        pv[i] = params[i].type == CODEC_NULL ? NULL : buf_str(&text) + off[i];
    if (rc) {
        buf_free(&sql);
        buf_free(&text);
        return rc;
    }
    sent = PQsendQueryParams(s->conn, buf_str(&sql), n_params, types, pv, NULL,
                             NULL, 0);
    buf_free(&sql);
    buf_free(&text);
    if (!sent)
        return pg_fail(s, NULL, "sending a query", err);
    PQsetSingleRowMode(s->conn);
    if (n)
        *n = 0;
    /* Every result is read, even after an error, so the connection is
     * ready for the next statement. */
    while ((res = PQgetResult(s->conn))) {
        ExecStatusType st = PQresultStatus(res);

        if (rc == MF_OK && st == PGRES_SINGLE_TUPLE && !f.full) {
            if (count && !q->radius) {
                char *end;
                *n = strtoll(PQgetvalue(res, 0, 0), &end, 10);
            } else if (read_values(res, 0, t, vals),
                       (keep = codec_filter_row(&f, vals)) <= 0) {
                /* outside the radius, or the page is full: the rest of
                 * the rows are read and dropped */
                f.full = keep < 0;
            } else if (count) {
                (*n)++;
            } else {
                rc = codec_decode(t, cat, vals, &rec, &sc, s->where, err);
                if (rc == MF_OK)
                    rc = each(ctx, q->kind, &rec, err);
                if (rc == MF_OK && n)
                    (*n)++;
            }
        } else if (rc == MF_OK && st != PGRES_TUPLES_OK &&
                   st != PGRES_SINGLE_TUPLE) {
            rc = pg_fail(s, res, "reading records", err);
        }
        PQclear(res);
    }
    return rc;
}

static int put_into(void *ctx, enum mf_entity e, const void *rec,
                    struct mf_error *err)
{
    if (mf_registry_put(ctx, e, rec))
        return mf_error_set(err, MF_ENOMEM, "out of memory");
    return MF_OK;
}

/* Outside a transaction, the kinds are read in one read-only transaction
 * with one snapshot (REPEATABLE READ), so that a load while others write
 * is the registry as of one moment, every lot with its site. */
static int p_load(struct store *base, struct mf_registry *reg, unsigned what,
                  struct mf_error *err)
{
    struct pg_store *s = (struct pg_store *)base;
    int e, rc = MF_OK, own = !s->in_tx;

    if (own && (rc = exec(s, "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY",
                          "starting to read", err)))
        return rc;
    for (e = 0; e < MF_ENT_COUNT && rc == MF_OK; e++) {
        struct store_query q = STORE_QUERY_INIT;

        if (!(what & (1u << e)))
            continue;
        q.kind = (enum mf_entity)e;
        rc = run_query(s, mf_registry_catalog(reg), &q, 0, NULL, put_into, reg,
                       err);
    }
    if (own)
        exec(s, rc ? "ROLLBACK" : "COMMIT", "", NULL);
    return rc;
}

static int p_get(struct store *base, const struct mf_catalog *cat,
                 enum mf_entity e, const char *id, store_each_fn each,
                 void *ctx, struct mf_error *err)
{
    struct pg_store *s = (struct pg_store *)base;
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

static int p_list(struct store *base, const struct mf_catalog *cat,
                  const struct store_query *q, store_each_fn each, void *ctx,
                  struct mf_error *err)
{
    return run_query((struct pg_store *)base, cat, q, 0, NULL, each, ctx, err);
}

static int p_count(struct store *base, const struct store_query *q,
                   long long *n, struct mf_error *err)
{
    return run_query((struct pg_store *)base, NULL, q, 1, n, NULL, NULL, err);
}

/* ------------------------------------------------------------------ */
/* The import log, documents, the schema version                        */
/* ------------------------------------------------------------------ */

static void now_iso(char *buf, size_t len)
{
    time_t t = time(NULL);
    struct tm tm;

    gmtime_r(&t, &tm);
    strftime(buf, len, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

static int p_log_import(struct store *base, const char *file, enum mf_entity e,
                        long records, const char *encoding,
                        struct mf_error *err)
{
    struct pg_store *s = (struct pg_store *)base;
    char at[32], n[32];
    const char *p[5] = {at, file, mf_schema(e)->plural, n,
                        encoding && *encoding ? encoding : NULL};
    int rc;

    if ((rc = flush(s, err)))
        return rc;
    now_iso(at, sizeof at);
    snprintf(n, sizeof n, "%ld", records);
    return exec_params(s,
                       "INSERT INTO import_log (at, file, kind, records, "
                       "encoding) VALUES ($1, $2, $3, $4, $5)",
                       5, p, "logging the import", NULL, err);
}

static int p_version(struct store *base, int *version, struct mf_error *err)
{
    return read_version((struct pg_store *)base, version, err);
}

static int p_put_doc(struct store *base, const char *kind, const char *name,
                     const char *json, struct mf_error *err)
{
    struct pg_store *s = (struct pg_store *)base;
    char at[32];
    const char *p[4] = {kind, name, at, json};
    int rc;

    if ((rc = flush(s, err)))
        return rc;
    now_iso(at, sizeof at);
    return exec_params(s,
                       "INSERT INTO document (kind, name, created, json) "
                       "VALUES ($1, $2, $3, $4) ON CONFLICT (kind, name) DO "
                       "UPDATE SET created = excluded.created, json = "
                       "excluded.json",
                       4, p, "storing a document", NULL, err);
}

static int p_get_doc(struct store *base, const char *kind, const char *name,
                     char **json, struct mf_error *err)
{
    struct pg_store *s = (struct pg_store *)base;
    const char *p[2] = {kind, name};
    PGresult *res = NULL;
    int rc;

    *json = NULL;
    if ((rc = flush(s, err)) ||
        (rc = exec_params(s,
                          "SELECT json FROM document WHERE kind = $1 AND "
                          "name = $2",
                          2, p, "reading a document", &res, err)))
        return rc;
    if (PQntuples(res) == 1 && !(*json = strdup(PQgetvalue(res, 0, 0))))
        rc = mf_error_set(err, MF_ENOMEM, "out of memory");
    PQclear(res);
    return rc;
}

static int p_doc_list(struct store *base, const char *kind,
                      const char *const *fields, int n, long long offset,
                      long long limit, long long *total, store_row_fn each,
                      void *ctx, struct mf_error *err)
{
    struct pg_store *s = (struct pg_store *)base;
    struct buf sql = BUF_INIT;
    const char **p, **vals;
    char lim[24], off[24];
    PGresult *res = NULL;
    int i, r, rc = 0;

    *total = 0;
    if (n < 0 || (n > 0 && !store_names_ok("document", fields, n)))
        return mf_error_set(err, MF_EINVAL, "not a member name");
    if ((rc = flush(s, err)) ||
        (rc = exec_params(s, "SELECT count(*) FROM document WHERE kind = $1", 1,
                          &kind, "listing documents", &res, err)))
        return rc;
    if (PQntuples(res) == 1)
        *total = strtoll(PQgetvalue(res, 0, 0), NULL, 10);
    PQclear(res);
    res = NULL;
    snprintf(lim, sizeof lim, "%lld", limit > 0 ? limit : 0);
    snprintf(off, sizeof off, "%lld", offset > 0 ? offset : 0);
    /* json is text: read as json, member -> key gives it as JSON. */
    rc |= buf_printf(&sql, "SELECT name, created");
    for (i = 0; i < n; i++)
        rc |= buf_printf(&sql, ", (json::json -> $%d)::text", i + 4);
    rc |= buf_printf(&sql, " FROM document WHERE kind = $1 ORDER BY created "
                           "DESC, name LIMIT NULLIF($2::bigint, 0) OFFSET "
                           "$3::bigint");
    p = calloc((size_t)n + 3, sizeof *p);
    vals = calloc((size_t)n + 2, sizeof *vals);
    if (rc || !p || !vals) {
        buf_free(&sql);
        free(p);
        free(vals);
        return mf_error_set(err, MF_ENOMEM, "out of memory");
    }
    p[0] = kind;
    p[1] = lim;
    p[2] = off;
    for (i = 0; i < n; i++)
        p[i + 3] = fields[i];
    rc =
        exec_params(s, buf_str(&sql), n + 3, p, "listing documents", &res, err);
    buf_free(&sql);
    for (r = 0; rc == MF_OK && r < PQntuples(res); r++) {
        for (i = 0; i < n + 2; i++)
            vals[i] = PQgetisnull(res, r, i) ? NULL : PQgetvalue(res, r, i);
        rc = each(ctx, n + 2, vals, err);
    }
    PQclear(res);
    free(p);
    free(vals);
    return rc;
}

/* ------------------------------------------------------------------ */
/* Checks and backups                                                   */
/* ------------------------------------------------------------------ */

/* PostgreSQL keeps its own pages, indexes and foreign keys consistent and
 * reports damage it meets (SQLSTATE XX001, XX002) on any statement, which
 * pg_fail() turns into MF_EDAMAGED. What is left to check here is that
 * the server answers and holds this program's schema; full also reads
 * every table through, so a damaged page anywhere is met. */
static int p_check(struct store *base, int full, struct mf_error *err)
{
    struct pg_store *s = (struct pg_store *)base;
    int v = 0, rc, e;

    if ((rc = flush(s, err)) || (rc = read_version(s, &v, err)))
        return rc;
    if (v != pg_migrations[N_MIGRATIONS - 1].version)
        return mf_error_at(err, MF_EDAMAGED, s->where,
                           "the schema version is %d, not %d; the schema "
                           "table was changed by hand",
                           v, pg_migrations[N_MIGRATIONS - 1].version);
    for (e = 0; full && e < MF_ENT_COUNT; e++) {
        char sql[96];
        snprintf(sql, sizeof sql, "SELECT count(*) FROM %s",
                 s->tab[e].s->table);
        if ((rc = exec(s, sql, "reading every record", err)))
            return rc;
    }
    return MF_OK;
}

static int p_backup(struct store *base, const char *path, struct mf_error *err)
{
    struct pg_store *s = (struct pg_store *)base;

    (void)path;
    return mf_error_at(err, MF_EINVAL, s->where,
                       "a PostgreSQL registry is backed up with pg_dump "
                       "(docs/DEPLOYMENT.md), not with 'masseflyt backup'");
}

int store_pg_conn(struct store *base, PGconn **conn, struct mf_error *err)
{
    struct pg_store *s = (struct pg_store *)base;

    *conn = s->conn;
    return flush(s, err);
}

int store_pg_prepared(struct store *base, const char *name, const char *sql,
                      int n, PGconn **conn, struct mf_error *err)
{
    struct pg_store *s = (struct pg_store *)base;
    PGresult *res;
    int i, rc;

    if ((rc = store_pg_conn(base, conn, err)))
        return rc;
    for (i = 0; i < s->n_kept; i++)
        if (!strcmp(s->kept[i], name))
            return MF_OK;
    if (s->n_kept == (int)(sizeof s->kept / sizeof s->kept[0]))
        return mf_error_set(err, MF_ERR, "too many kept statements");
    res = PQprepare(s->conn, name, sql, n, NULL);
    if (PQresultStatus(res) != PGRES_COMMAND_OK) {
        rc = pg_fail(s, res, "preparing a statement", err);
        PQclear(res);
        return rc;
    }
    PQclear(res);
    s->kept[s->n_kept++] = name;
    return MF_OK;
}

/* ------------------------------------------------------------------ */
/* Municipality boundaries (as store_sqlite.c)                          */
/* ------------------------------------------------------------------ */

static int p_munis_put(struct store *base, const struct mf_municipalities *m,
                       const char *source, struct mf_error *err)
{
    struct pg_store *s = (struct pg_store *)base;
    char at[32];
    size_t i, n = mf_municipalities_count(m);
    int rc;

    now_iso(at, sizeof at);
    if ((rc = flush(s, err)) ||
        (rc = exec(s, "DELETE FROM municipality_boundary",
                   "storing municipality boundaries", err)))
        return rc;
    for (i = 0; i < n && rc == MF_OK; i++) {
        const char *v[5] = {mf_municipality_number(m, i),
                            mf_municipality_name(m, i),
                            mf_municipality_geometry(m, i), source, at};
        rc = exec_params(s,
                         "INSERT INTO municipality_boundary (number, name, "
                         "geometry, source, imported) VALUES "
                         "($1, $2, $3, $4, $5)",
                         5, v, "storing municipality boundaries", NULL, err);
    }
    return rc;
}

static int p_munis_load(struct store *base, struct mf_municipalities **out,
                        struct mf_error *err)
{
    struct pg_store *s = (struct pg_store *)base;
    struct mf_municipalities *m = NULL;
    PGresult *res = NULL;
    int rc, i, n;

    *out = NULL;
    if ((rc = flush(s, err)) ||
        (rc = exec_params(s,
                          "SELECT number, name, geometry FROM "
                          "municipality_boundary ORDER BY number",
                          0, NULL, "reading municipality boundaries", &res,
                          err)))
        return rc;
    n = PQntuples(res);
    for (i = 0; i < n && rc == MF_OK; i++) {
        if (!m && (rc = mf_municipalities_new(&m, err)))
            break;
        rc = mf_municipalities_add(m, PQgetvalue(res, i, 0),
                                   PQgetvalue(res, i, 1), PQgetvalue(res, i, 2),
                                   err);
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
    PQclear(res);
    if (rc) {
        mf_municipalities_free(m);
        return rc;
    }
    *out = m;
    return MF_OK;
}

/* One record deleted (as store_sqlite.c): a foreign key still pointing at
 * it (23503) means other records refer to it. */
static int p_del(struct store *base, enum mf_entity e, const char *id,
                 struct mf_error *err)
{
    static const char *const sql[MF_ENT_COUNT] = {
        [MF_ENT_ORG] = "DELETE FROM org WHERE id = $1",
        [MF_ENT_PROJECT] = "DELETE FROM project WHERE id = $1",
        [MF_ENT_SITE] = "DELETE FROM site WHERE id = $1",
        [MF_ENT_LOT] = "DELETE FROM lot WHERE id = $1",
    };
    struct pg_store *s = (struct pg_store *)base;
    const char *v[1] = {id};
    PGresult *res = NULL;
    const char *state, *n;
    int rc;

    if ((unsigned)e >= MF_ENT_COUNT || !sql[e])
        return mf_error_set(err, MF_EINVAL, "no such kind of record");
    if ((rc = flush(s, err)))
        return rc;
    res = PQexecParams(s->conn, sql[e], 1, NULL, v, NULL, NULL, 0);
    if (PQresultStatus(res) != PGRES_COMMAND_OK) {
        state = PQresultErrorField(res, PG_DIAG_SQLSTATE);
        if (state && !strcmp(state, "23503")) {
            PQclear(res);
            return mf_error_at(err, MF_EINVAL, "id",
                               "'%s' cannot be deleted: other records still "
                               "refer to it (delete or change them first)",
                               id);
        }
        rc = pg_fail(s, res, "deleting a record", err);
        PQclear(res);
        return rc;
    }
    n = PQcmdTuples(res);
    rc = (!n || !strcmp(n, "0")) ? mf_error_at(err, MF_ENOTFOUND, "id",
                                               "no record with id '%s'", id)
                                 : MF_OK;
    PQclear(res);
    return rc;
}

static int p_import_mark(struct store *base, long long *mark,
                         struct mf_error *err)
{
    struct pg_store *s = (struct pg_store *)base;
    PGresult *res = NULL;
    int rc;

    *mark = -1;
    if ((rc = exec_params(s, "SELECT coalesce(max(id), 0) FROM import_log", 0,
                          NULL, "reading the import log", &res, err)))
        return rc;
    if (PQntuples(res) == 1)
        *mark = strtoll(PQgetvalue(res, 0, 0), NULL, 10);
    PQclear(res);
    return MF_OK;
}

static int p_open(struct store **out, const char *dsn, int create,
                  struct mf_error *err)
{
    return open_pg(out, dsn, create, 0, err);
}

int store_pg_open_replica(struct store **out, const char *dsn,
                          struct mf_error *err)
{
    return open_pg(out, dsn, 0, 1, err);
}

static int p_wal_position(struct store *base, int replayed, uint64_t *lsn,
                          struct mf_error *err)
{
    struct pg_store *s = (struct pg_store *)base;
    PGresult *res = NULL;
    unsigned hi, lo;
    int rc;

    *lsn = 0;
    if ((rc = exec_params(s,
                          replayed ? "SELECT pg_last_wal_replay_lsn()"
                                   : "SELECT pg_current_wal_lsn()",
                          0, NULL, "reading the WAL position", &res, err)))
        return rc;
    if (PQntuples(res) != 1 || PQgetisnull(res, 0, 0) ||
        sscanf(PQgetvalue(res, 0, 0), "%X/%X", &hi, &lo) != 2)
        rc = mf_error_at(err, MF_ENOTFOUND, s->where,
                         "the server has no %s WAL position",
                         replayed ? "replayed" : "current");
    else
        *lsn = (uint64_t)hi << 32 | lo;
    PQclear(res);
    return rc;
}

/* ------------------------------------------------------------------ */
/* Whole tables (masseflyt copy)                                        */
/* ------------------------------------------------------------------ */

static int p_rows(struct store *base, const char *table,
                  const char *const *cols, int n, store_row_fn each, void *ctx,
                  struct mf_error *err)
{
    struct pg_store *s = (struct pg_store *)base;
    struct buf sql = BUF_INIT;
    const char **vals;
    PGresult *res = NULL;
    int i, r, rc = 0;

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
    if ((rc = flush(s, err)) == MF_OK)
        rc = exec_params(s, buf_str(&sql), 0, NULL, "reading a table", &res,
                         err);
    buf_free(&sql);
    for (r = 0; rc == MF_OK && r < PQntuples(res); r++) {
        for (i = 0; i < n; i++)
            vals[i] = PQgetisnull(res, r, i) ? NULL : PQgetvalue(res, r, i);
        rc = each(ctx, n, vals, err);
    }
    PQclear(res);
    free(vals);
    return rc;
}

static int p_put_row(struct store *base, const char *table,
                     const char *const *cols, int n, const char *const *vals,
                     struct mf_error *err)
{
    struct pg_store *s = (struct pg_store *)base;
    struct buf sql = BUF_INIT;
    int i, rc = 0;

    if (!store_names_ok(table, cols, n))
        return mf_error_set(err, MF_EINVAL, "not a table or column name");
    rc |= buf_printf(&sql, "INSERT INTO %s (", table);
    for (i = 0; i < n; i++)
        rc |= buf_printf(&sql, "%s%s", i ? ", " : "", cols[i]);
    for (i = 0; i < n; i++)
        rc |= buf_printf(&sql, "%s$%d", i ? ", " : ") VALUES (", i + 1);
    rc |= buf_putc(&sql, ')');
    if (rc) {
        buf_free(&sql);
        return mf_error_set(err, MF_ENOMEM, "out of memory");
    }
    if ((rc = flush(s, err)) == MF_OK)
        rc = exec_params(s, buf_str(&sql), n, vals, "writing a table", NULL,
                         err);
    buf_free(&sql);
    /* An id given is not taken from the identity: move it on. */
    if (rc == MF_OK && !strcmp(cols[0], "id") && vals[0]) {
        const char *p[2] = {table, vals[0]};
        rc = exec_params(s,
                         "SELECT setval(pg_get_serial_sequence($1, 'id'), "
                         "GREATEST($2::bigint, coalesce(pg_sequence_last_"
                         "value(pg_get_serial_sequence($1, 'id')::regclass), "
                         "1)))",
                         2, p, "writing a table", NULL, err);
    }
    return rc;
}

int store_pg_fail(struct store *base, const PGresult *res, const char *what,
                  struct mf_error *err)
{
    return pg_fail((struct pg_store *)base, res, what, err);
}

const struct store_ops store_pg_ops = {
    .version = STORE_OPS_VERSION,
    .scheme = "postgresql",
    .open = p_open,
    .close = p_close,
    .begin = p_begin,
    .commit = p_commit,
    .rollback = p_rollback,
    .put = p_put,
    .load = p_load,
    .log_import = p_log_import,
    .schema_version = p_version,
    .put_doc = p_put_doc,
    .get_doc = p_get_doc,
    .doc_list = p_doc_list,
    .custody_find = cust_pg_find,
    .get = p_get,
    .list = p_list,
    .count = p_count,
    .check = p_check,
    .backup = p_backup,
    /* Accounts (version 4): accounts_pg.c. */
    .account_put = pgacct_account_put,
    .account_get = pgacct_account_get,
    .account_list = pgacct_account_list,
    .session_put = pgacct_session_put,
    .session_get = pgacct_session_get,
    .session_touch = pgacct_session_touch,
    .session_delete = pgacct_session_delete,
    .token_put = pgacct_token_put,
    .token_get = pgacct_token_get,
    .token_list = pgacct_token_list,
    .token_revoke = pgacct_token_revoke,
    .throttle_get = pgacct_throttle_get,
    .throttle_put = pgacct_throttle_put,
    .audit_append = pgacct_audit_append,
    .audit_list = pgacct_audit_list,
    .municipalities_put = p_munis_put,
    .municipalities_load = p_munis_load,
    .del = p_del,
    .import_mark = p_import_mark,
    .wal_position = p_wal_position,
    .rows = p_rows,
    .put_row = p_put_row,
    /* Chain of custody (version 10): custody_pg.c. */
    .vehicle_put = cust_pg_vehicle_put,
    .quality_doc_put = cust_pg_quality_doc_put,
    .ticket_put = cust_pg_ticket_put,
    .receipt_put = cust_pg_receipt_put,
    .custody_each = cust_pg_each,
    .ticket_get = cust_pg_ticket_get,
    .change_count = pgacct_change_count,
    /* The job queue (version 12): jobs_pg.c. */
    .job_enqueue = jobs_pg_enqueue,
    .job_claim = jobs_pg_claim,
    .job_renew = jobs_pg_renew,
    .job_finish = jobs_pg_finish,
    .job_cancel = jobs_pg_cancel,
    .job_get = jobs_pg_get,
    .job_list = jobs_pg_list,
    /* Custody records in bulk (version 14): custody_pg.c. */
    .tickets_put = cust_pg_tickets_put,
    .receipts_put = cust_pg_receipts_put,
    /* A bulk load of custody records (version 16): custody_pg.c. */
    .custody_bulk_begin = cust_pg_bulk_begin,
    .custody_bulk_end = cust_pg_bulk_end,
};
