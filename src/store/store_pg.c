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
 * Every value travels as a parameter (PQexecParams, PQexecPrepared), never
 * inside the SQL text. Records a transaction puts are sent in batches of
 * up to PUT_BATCH rows, one multi-row INSERT ... ON CONFLICT (id) DO
 * UPDATE each, so that a large import costs one round trip per batch, not
 * per record; a batch is sent before anything reads, before a record of
 * another kind or one whose id is already in the batch, and at the
 * commit. An import is one transaction: all of it or none.
 *
 * Why not COPY: put() replaces a record with a stored id, and COPY only
 * inserts; COPY into a staging table and an INSERT ... SELECT ... ON
 * CONFLICT from there would need the same care about duplicate ids and
 * the order of kinds (foreign keys) that the batches take, and would move
 * every error to the commit. docs/ARCHITECTURE.md has the figures.
 *
 * The accounts entries (STORE_OPS_ACCOUNTS_VERSION) are in
 * accounts_pg.c, statement for statement as accounts_sqlite.c.
 */
#include "store.h"

#include "accounts_pg.h"
#include "codec.h"
#include "util/buf.h"
#include "util/vec.h"

#include <libpq-fe.h>
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

/* An arbitrary key for the advisory lock two processes migrating the same
 * database at once take in turn. */
#define MIGRATE_LOCK 0x6d6173736566ll

struct pg_store {
    struct store base;
    PGconn *conn;
    char *where; /* the DSN without its password, for messages */
    struct codec_table tab[MF_ENT_COUNT];
    int in_tx;
    int prepared[MF_ENT_COUNT]; /* a full batch's INSERT is prepared */
    /* The batch not yet sent: n rows of kind e, their values as text in
     * `text`, each parameter an offset into it or -1 for NULL. */
    enum mf_entity e;
    int n;
    struct buf text;
    long *off;
    size_t cap_off;
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

/* The DSN as it may be shown: a password in the URL ("user:pw@") or as
 * "password=" is replaced with "***". */
static char *redact(const char *dsn)
{
    struct buf b = BUF_INIT;
    const char *at = strchr(dsn, '@');
    const char *scheme = strstr(dsn, "://");
    const char *pw = strstr(dsn, "password=");

    if (scheme && at && at > scheme) {
        const char *colon = memchr(scheme + 3, ':', (size_t)(at - scheme - 3));
        if (colon) {
            buf_append(&b, dsn, (size_t)(colon + 1 - dsn));
            buf_puts(&b, "***");
            buf_puts(&b, at);
            return buf_detach(&b);
        }
    }
    if (pw) {
        buf_append(&b, dsn, (size_t)(pw + 9 - dsn));
        buf_puts(&b, "***");
        buf_puts(&b, pw + 9 + strcspn(pw + 9, "& "));
        return buf_detach(&b);
    }
    buf_puts(&b, dsn);
    return buf_detach(&b);
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
 * advisory lock so that two processes do not migrate at once. */
static int migrate(struct pg_store *s, struct mf_error *err)
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
    free(s->off);
    free(s->where);
    free(s);
}

static int p_open(struct store **out, const char *dsn, int create,
                  struct mf_error *err)
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
    if (!yes && !create) {
        rc = mf_error_at(err, MF_ENOTFOUND, s->where,
                         "this database holds no masseflyt registry; create "
                         "one with 'masseflyt init' (or pass --db)");
        goto fail;
    }
    if ((rc = migrate(s, err)))
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

/* Sends the batch: one INSERT of its rows, prepared once per kind when
 * the batch is full. */
static int flush(struct pg_store *s, struct mf_error *err)
{
    const struct codec_table *t = &s->tab[s->e];
    int n_params = s->n * t->n_columns, i, rc = MF_OK;
    const char **vals;
    PGresult *res = NULL;
    struct buf sql = BUF_INIT;
    char name[32];

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

    batch_reset(s);
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
    case CODEC_INT:
        rc = buf_printf(&s->text, "%lld", (long long)v->i);
        break;
    case CODEC_REAL:
        rc = buf_printf(&s->text, "%.17g", v->r);
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
    if (s->n > 0 &&
        (s->e != e || s->n == PUT_BATCH ||
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
    int n_params, rc, i, sent;

    if ((unsigned)q->kind >= MF_ENT_COUNT)
        return mf_error_set(err, MF_EINVAL, "no such kind of record");
    if ((rc = flush(s, err)))
        return rc;
    t = &s->tab[q->kind];
    rc = codec_query_sql(t, q, count, '$', &sql, params, &n_params, err);
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

        if (rc == MF_OK && st == PGRES_SINGLE_TUPLE) {
            if (count) {
                char *end;
                *n = strtoll(PQgetvalue(res, 0, 0), &end, 10);
            } else {
                read_values(res, 0, t, vals);
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
    .change_count = pgacct_change_count,
};
