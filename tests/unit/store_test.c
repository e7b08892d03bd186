/*
 * store_test.c - the store, on either backend: creating and migrating
 * (also forward from an older schema), round trips of every field of
 * every kind of record, transactions that roll back to exactly what was
 * there, the queries a server asks (by id, organisation, municipality,
 * bounding box, paged) against the same rules worked out from the
 * registry, the indexes they use, large imports, documents, and the
 * errors for a missing or newer database.
 *
 * One suite for both backends: by default it runs on SQLite files; with
 * MF_TEST_STORE=pg (ctest's pg.store_test, inside tests/pg-cluster.sh)
 * every test gets a new database of a throwaway PostgreSQL cluster
 * instead. The few checks that look into the database itself go through
 * raw_exec() and raw_int(), which speak to either.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <libpq-fe.h>

#include "testutil.h"

#include "accounts_sqlite.h"
#include "codec.h"
#include "masseflyt/geo.h"
#include "masseflyt/io.h"
#include "store.h"

#include <dirent.h>
#include <sqlite3.h>
#include <stdio.h>
#include <unistd.h>

/* The store under test: an SQLite file, or a PostgreSQL URL
 * (testutil.h's tu_store). */
static struct tu_store ts = {
    .name = "mft", .file = "mf-store", .template_db = "mft_template"};
static char *const path = ts.path;

static int setup(void **state)
{
    (void)state;
    tu_store_setup(&ts);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    tu_store_teardown(&ts);
    return 0;
}

static PGconn *pg_test_db(void)
{
    char dsn[600];
    PGconn *c;

    snprintf(dsn, sizeof dsn, "%s", path);
    c = PQconnectdb(dsn);
    if (PQstatus(c) != CONNECTION_OK)
        fail_msg("cannot reach %s: %s", dsn, PQerrorMessage(c));
    return c;
}

/* Runs SQL on the test's database directly, beside the store. */
static void raw_exec(const char *sql)
{
    if (ts.pg) {
        PGconn *c = pg_test_db();
        tu_pg_do(c, sql);
        PQfinish(c);
    } else {
        sqlite3 *db;
        assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
        if (sqlite3_exec(db, sql, NULL, NULL, NULL) != SQLITE_OK)
            fail_msg("%s: %s", sql, sqlite3_errmsg(db));
        sqlite3_close(db);
    }
}

/* The first column of the first row of a query, as an integer. */
static long long raw_int(const char *sql)
{
    long long v = -1;
    char *end;

    if (ts.pg) {
        PGconn *c = pg_test_db();
        PGresult *r = PQexec(c, sql);
        if (PQresultStatus(r) != PGRES_TUPLES_OK || PQntuples(r) < 1)
            fail_msg("%s: %s", sql, PQerrorMessage(c));
        v = strtoll(PQgetvalue(r, 0, 0), &end, 10);
        PQclear(r);
        PQfinish(c);
    } else {
        sqlite3 *db;
        sqlite3_stmt *st;
        assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
        if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
            fail_msg("%s: %s", sql, sqlite3_errmsg(db));
        if (sqlite3_step(st) == SQLITE_ROW)
            v = sqlite3_column_int64(st, 0);
        sqlite3_finalize(st);
        sqlite3_close(db);
    }
    return v;
}

/* The number of the newest migration in the source tree: what a database
 * is migrated to. */
static int newest_migration(void)
{
    char dir[512];
    struct dirent *d;
    DIR *dp;
    int newest = 0;

    snprintf(dir, sizeof dir, "%s/src/store/migrations/%s",
             getenv("MF_SOURCE_DIR"), ts.pg ? "pg" : "sqlite");
    dp = opendir(dir);
    if (!dp)
        fail_msg("cannot list %s", dir);
    while ((d = readdir(dp))) {
        int v = 0, i;
        for (i = 0; i < 3 && d->d_name[i] >= '0' && d->d_name[i] <= '9'; i++)
            v = v * 10 + (d->d_name[i] - '0');
        if (i == 3 && d->d_name[3] == '_' && v > newest)
            newest = v;
    }
    closedir(dp);
    return newest;
}

/* Records that use every kind of value: UTM places, volumes, dates,
 * restrictions, unstated values, notes. */
static void fill_more(struct mf_registry *reg)
{
    struct mf_org o = {.id = "o2",
                       .orgnr = "974760673",
                       .name = "B\xC3\xA6rum",
                       .note = "a; \"b\""};
    struct mf_project p = {.id = "p2",
                           .name = "P2",
                           .org = "o2",
                           .municipality = "3201",
                           .kind = "road",
                           .start = tu_date("2025-01-01"),
                           .end = MF_DATE_NONE,
                           .source = "https://x"};
    int mats[2];
    struct mf_site s;
    struct mf_lot l;

    assert_int_equal(mf_registry_put(reg, MF_ENT_ORG, &o), MF_OK);
    assert_int_equal(mf_registry_put(reg, MF_ENT_PROJECT, &p), MF_OK);
    memset(&s, 0, sizeof s);
    mats[0] = tu_material(reg, "morene");
    mats[1] = tu_material(reg, "leire");
    s.id = "s2";
    s.name = "Mottak";
    s.kind = MF_SITE_RECEIVING;
    s.project = "p2";
    s.loc.x = 262000;
    s.loc.y = 6650000;
    s.loc.epsg = 25833;
    s.loc.lon = 10.74156589;
    s.loc.lat = 59.91855954;
    s.restrictions = MF_RESTR_FLOOD | MF_RESTR_HERITAGE;
    s.open_from = tu_date("2025-02-01");
    s.open_to = tu_date("2027-12-31");
    s.materials = mats;
    s.n_materials = 2;
    s.product = -1;
    s.capacity = 1000;
    s.capacity_state = MF_STATE_PAM3;
    s.capacity_t = 1900;
    s.fee = 99.5;
    s.fill_height_m = 12;
    s.note = "n";
    assert_int_equal(mf_registry_put(reg, MF_ENT_SITE, &s), MF_OK);
    s.id = "s3";
    s.materials = NULL;
    s.n_materials = 0;
    s.kind = MF_SITE_PROJECT;
    s.capacity = 0;
    s.capacity_state = MF_STATE_NONE;
    s.capacity_t = -1;
    s.open_from = s.open_to = MF_DATE_NONE;
    assert_int_equal(mf_registry_put(reg, MF_ENT_SITE, &s), MF_OK);
    l = tu_lot_base(reg, "l2", MF_LOT_DEMAND, "p2", NULL, "fyllmasse", 2000,
                    "2025-03-01", "2025-09-30", 0, 0);
    l.site = "s2";
    l.loc = mf_registry_site(reg, "s2")->loc;
    l.quantity = 1000;
    l.state = MF_STATE_ULM3;
    l.flexible = 1;
    l.condition_class = 0;
    l.natural_background = 1;
    l.acid = MF_ACID_UNSTATED;
    l.planned_independently = -1;
    l.is_public = 0;
    l.restrictions = MF_RESTR_QUICK_CLAY | MF_RESTR_FARMLAND;
    l.source = "kilde";
    l.note = "merknad";
    tu_put_lot(reg, &l);
}

static void fill(struct mf_registry *reg)
{
    struct mf_lot l;

    tu_org(reg, "o", 1);
    tu_project(reg, "p", "o", "0301");
    tu_site(reg, "s", MF_SITE_PROCESSING, 59.9, 10.7, "sprengstein;tbm", "pukk",
            1000, 35.5);
    l = tu_lot_base(reg, "l", MF_LOT_SUPPLY, "p", "tbm", NULL, 1234.5,
                    "2025-01-01", "2025-12-31", 59.91, 10.71);
    l.site = "s";
    l.plant_health = MF_PH_WILD_OAT;
    l.restrictions = MF_RESTR_ALIEN | MF_RESTR_SEA;
    l.stockpile_t = 50;
    tu_put_lot(reg, &l);
    fill_more(reg);
}

static void put_all(struct store *st, const struct mf_registry *reg)
{
    const struct mf_catalog *cat = mf_registry_catalog(reg);
    struct mf_error err = {0};
    size_t i;

    for (i = 0; i < mf_registry_count(reg, MF_ENT_ORG); i++)
        assert_int_equal(
            st->ops->put(st, cat, MF_ENT_ORG, mf_registry_org_at(reg, i), &err),
            MF_OK);
    for (i = 0; i < mf_registry_count(reg, MF_ENT_PROJECT); i++)
        assert_int_equal(st->ops->put(st, cat, MF_ENT_PROJECT,
                                      mf_registry_project_at(reg, i), &err),
                         MF_OK);
    for (i = 0; i < mf_registry_count(reg, MF_ENT_SITE); i++)
        assert_int_equal(st->ops->put(st, cat, MF_ENT_SITE,
                                      mf_registry_site_at(reg, i), &err),
                         MF_OK);
    for (i = 0; i < mf_registry_count(reg, MF_ENT_LOT); i++)
        assert_int_equal(
            st->ops->put(st, cat, MF_ENT_LOT, mf_registry_lot_at(reg, i), &err),
            MF_OK);
}

/* Opens the test's database (made if need be) with reg's records stored
 * in it, in one transaction. */
static void open_stored(struct store **st, const struct mf_registry *reg)
{
    struct mf_error err = {0};

    assert_int_equal(store_open(st, path, 1, &err), MF_OK);
    assert_int_equal((*st)->ops->begin(*st, &err), MF_OK);
    put_all(*st, reg);
    assert_int_equal((*st)->ops->commit(*st, &err), MF_OK);
}

/* The JSON of each record of a equals that of the record of b with its
 * id, and both have as many. */
static void same_records(const struct mf_registry *a,
                         const struct mf_registry *b)
{
    const struct mf_catalog *cat = mf_registry_catalog(a);
    int e;

    for (e = 0; e < MF_ENT_COUNT; e++) {
        size_t i, n = mf_registry_count(a, (enum mf_entity)e);

        assert_int_equal(mf_registry_count(b, (enum mf_entity)e), n);
        for (i = 0; i < n; i++) {
            const struct mf_org *x = mf_registry_at(a, (enum mf_entity)e, i);
            const void *y = mf_registry_get(b, (enum mf_entity)e, x->id);
            char *jx = NULL, *jy = NULL;

            assert_non_null(y);
            assert_int_equal(
                mf_export_json(cat, (enum mf_entity)e, x, &jx, NULL), MF_OK);
            assert_int_equal(
                mf_export_json(cat, (enum mf_entity)e, y, &jy, NULL), MF_OK);
            assert_string_equal(jx, jy);
            free(jx);
            free(jy);
        }
    }
}

static void test_store__missing_database_is_not_created(void **state)
{
    struct store *st = NULL;
    struct mf_error err = {0};

    (void)state;
    assert_int_equal(store_open(&st, path, 0, &err), MF_ENOTFOUND);
    assert_null(st);
    assert_non_null(strstr(err.message, "masseflyt init"));
    if (ts.pg)
        assert_int_equal(raw_int("SELECT count(*) FROM pg_tables WHERE "
                                 "tablename = 'masseflyt_schema'"),
                         0);
    else
        assert_int_not_equal(access(path, F_OK), 0);
    /* A PostgreSQL server that cannot be reached is named, without the
     * password of its URL. */
    assert_int_equal(
        store_open(&st, "postgresql://u:secret@/x?host=/nonexistent", 1, &err),
        MF_ESTORE);
    assert_null(st);
    assert_non_null(strstr(err.message, "cannot connect to PostgreSQL"));
    assert_null(strstr(err.message, "secret"));
    assert_null(strstr(err.where, "secret"));
}

static void test_store__round_trip(void **state)
{
    struct mf_catalog *cat = tu_catalog();
    struct mf_registry *a = tu_registry(cat), *b = tu_registry(cat);
    struct store *st = NULL;
    struct mf_error err = {0};
    const struct mf_lot *x, *y;
    const struct mf_site *s;
    int version = 0;

    (void)state;
    fill(a);
    assert_int_equal(store_open(&st, path, 1, &err), MF_OK);
    assert_int_equal(st->ops->schema_version(st, &version, &err), MF_OK);
    assert_int_equal(version, newest_migration());
    assert_int_equal(st->ops->begin(st, &err), MF_OK);
    put_all(st, a);
    assert_int_equal(st->ops->commit(st, &err), MF_OK);
    store_close(st);
    assert_int_equal(store_open(&st, path, 0, &err), MF_OK);
    assert_int_equal(st->ops->load(st, b, STORE_ALL, &err), MF_OK);
    x = mf_registry_lot(a, "l");
    y = mf_registry_lot(b, "l");
    assert_non_null(y);
    assert_float_equal(y->tonnes, x->tonnes, 0);
    assert_int_equal(y->state, x->state);
    assert_int_equal(y->from, x->from);
    assert_int_equal(y->to, x->to);
    assert_int_equal(y->material, x->material);
    assert_int_equal(y->plant_health, MF_PH_WILD_OAT);
    assert_int_equal(y->restrictions, x->restrictions);
    assert_float_equal(y->stockpile_t, 50, 0);
    assert_float_equal(y->loc.lon, x->loc.lon, 0);
    assert_string_equal(y->site, "s");
    s = mf_registry_site(b, "s");
    assert_int_equal(s->kind, MF_SITE_PROCESSING);
    assert_int_equal(s->n_materials, 2);
    assert_int_equal(s->product, tu_material(b, "pukk"));
    assert_float_equal(s->fee, 35.5, 0);
    assert_true(mf_registry_org(b, "o")->is_public);
    /* Every field of every record, through the schema: the JSON of what
     * was put and of what was loaded are the same. */
    same_records(a, b);
    store_close(st);
    mf_registry_free(a);
    mf_registry_free(b);
    mf_catalog_free(cat);
}

static void test_store__rollback_leaves_nothing(void **state)
{
    struct mf_catalog *cat = tu_catalog();
    struct mf_registry *a = tu_registry(cat), *b = tu_registry(cat);
    struct store *st = NULL;
    struct mf_error err = {0};

    (void)state;
    fill(a);
    assert_int_equal(store_open(&st, path, 1, &err), MF_OK);
    assert_int_equal(st->ops->begin(st, &err), MF_OK);
    put_all(st, a);
    st->ops->rollback(st);
    assert_int_equal(st->ops->load(st, b, STORE_ALL, &err), MF_OK);
    assert_int_equal(mf_registry_count(b, MF_ENT_LOT), 0);
    assert_int_equal(mf_registry_count(b, MF_ENT_ORG), 0);
    /* A foreign key broken inside a transaction fails the put. */
    {
        struct mf_lot l =
            tu_lot_base(a, "bad", MF_LOT_SUPPLY, "ghost", "morene", NULL, 1,
                        "2025-01-01", "2025-01-02", 59.9, 10.7);
        int rc;
        assert_int_equal(st->ops->begin(st, &err), MF_OK);
        /* A backend that sends records in batches reports it at the
         * latest at the commit. */
        rc = st->ops->put(st, cat, MF_ENT_LOT, &l, &err);
        if (rc == MF_OK)
            rc = st->ops->commit(st, &err);
        assert_int_equal(rc, MF_ESTORE);
        st->ops->rollback(st);
        assert_int_equal(st->ops->load(st, b, STORE_ALL, &err), MF_OK);
        assert_int_equal(mf_registry_count(b, MF_ENT_LOT), 0);
    }
    store_close(st);
    mf_registry_free(a);
    mf_registry_free(b);
    mf_catalog_free(cat);
}

/* Many puts in one transaction (more than one batch, so PostgreSQL
 * streams them with COPY through a staging table): an id put twice keeps
 * the last record, as one put after another would; a broken reference
 * among them fails the transaction, names the record (on PostgreSQL also
 * its field) and leaves nothing. */
static void test_store__many_puts(void **state)
{
    struct mf_catalog *cat = tu_catalog();
    struct mf_registry *a = tu_registry(cat), *b = tu_registry(cat);
    struct store *st = NULL;
    struct mf_error err = {0};
    char ids[700][16];
    int i, rc;

    (void)state;
    fill(a);
    assert_int_equal(store_open(&st, path, 1, &err), MF_OK);
    assert_int_equal(st->ops->begin(st, &err), MF_OK);
    put_all(st, a);
    for (i = 0; i < 700; i++) {
        struct mf_lot l;
        snprintf(ids[i], sizeof ids[i], "m%03d", i < 600 ? i : i - 600);
        l = tu_lot_base(a, ids[i], MF_LOT_SUPPLY, "p", "morene", NULL,
                        i < 600 ? 1.0 : 2.5, "2025-01-01", "2025-02-01", 59.9,
                        10.7);
        l.note = i == 603 ? "tab\there, a\\backslash\nand a newline" : NULL;
        assert_int_equal(st->ops->put(st, cat, MF_ENT_LOT, &l, &err), MF_OK);
    }
    assert_int_equal(st->ops->commit(st, &err), MF_OK);
    assert_int_equal(st->ops->load(st, b, STORE_ALL, &err), MF_OK);
    /* 600 new ones and the one of fill(). */
    assert_int_equal(mf_registry_count(b, MF_ENT_LOT), 601 + 1);
    assert_true(mf_registry_lot(b, "m000")->quantity == 2.5);
    assert_true(mf_registry_lot(b, "m099")->quantity == 2.5);
    assert_true(mf_registry_lot(b, "m100")->quantity == 1.0);
    assert_string_equal(mf_registry_lot(b, "m003")->note,
                        "tab\there, a\\backslash\nand a newline");

    /* lot x400 names a project that is not there. */
    assert_int_equal(st->ops->begin(st, &err), MF_OK);
    for (i = 0, rc = MF_OK; i < 700 && rc == MF_OK; i++) {
        struct mf_lot l;
        snprintf(ids[i], sizeof ids[i], "x%03d", i);
        l = tu_lot_base(a, ids[i], MF_LOT_SUPPLY, i == 400 ? "ghost" : "p",
                        "morene", NULL, 1.0, "2025-01-01", "2025-02-01", 59.9,
                        10.7);
        rc = st->ops->put(st, cat, MF_ENT_LOT, &l, &err);
    }
    if (rc == MF_OK)
        rc = st->ops->commit(st, &err);
    assert_int_equal(rc, MF_ESTORE);
    if (ts.pg) {
        assert_non_null(strstr(err.message, "lot 'x400', field 'project'"));
    }
    st->ops->rollback(st);
    mf_registry_free(b);
    b = tu_registry(cat);
    assert_int_equal(st->ops->load(st, b, STORE_ALL, &err), MF_OK);
    assert_int_equal(mf_registry_count(b, MF_ENT_LOT), 601 + 1);
    assert_null(mf_registry_lot(b, "x000"));
    store_close(st);
    mf_registry_free(a);
    mf_registry_free(b);
    mf_catalog_free(cat);
}

static void test_store__documents(void **state)
{
    struct store *st = NULL;
    struct mf_error err = {0};
    char *json = NULL;

    (void)state;
    assert_int_equal(store_open(&st, path, 1, &err), MF_OK);
    assert_int_equal(st->ops->get_doc(st, "plan", "x", &json, &err), MF_OK);
    assert_null(json);
    assert_int_equal(st->ops->put_doc(st, "plan", "x", "{\"a\":1}", &err),
                     MF_OK);
    assert_int_equal(st->ops->put_doc(st, "plan", "x", "{\"a\":2}", &err),
                     MF_OK);
    assert_int_equal(st->ops->get_doc(st, "plan", "x", &json, &err), MF_OK);
    assert_string_equal(json, "{\"a\":2}");
    free(json);
    store_close(st);
}

static void test_store__refuses_newer_schema(void **state)
{
    struct store *st = NULL;
    struct mf_error err = {0};

    (void)state;
    assert_int_equal(store_open(&st, path, 1, &err), MF_OK);
    store_close(st);
    raw_exec(ts.pg ? "UPDATE masseflyt_schema SET version = 99"
                   : "PRAGMA user_version = 99");
    assert_int_equal(store_open(&st, path, 0, &err), MF_ESTORE);
    assert_non_null(strstr(err.message, "newer than this program"));
}

/* ------------------------------------------------------------------ */
/* Migrating forward                                                    */
/* ------------------------------------------------------------------ */

static void exec_file(const char *name)
{
    char p[512], *sql;
    FILE *f;
    long len;

    snprintf(p, sizeof p, "%s/src/store/migrations/%s/%s",
             getenv("MF_SOURCE_DIR"), ts.pg ? "pg" : "sqlite", name);
    f = fopen(p, "rb");
    if (!f)
        fail_msg("cannot read %s", p);
    fseek(f, 0, SEEK_END);
    len = ftell(f);
    fseek(f, 0, SEEK_SET);
    sql = calloc(1, (size_t)len + 1);
    assert_int_equal(fread(sql, 1, (size_t)len, f), (size_t)len);
    fclose(f);
    raw_exec(sql);
    free(sql);
}

/* A database made by the previous version (schema 3) with records in it
 * migrates to the newest schema and keeps them. */
static void test_store__migrates_forward(void **state)
{
    struct mf_catalog *cat = tu_catalog();
    struct mf_registry *reg = tu_registry(cat);
    struct store *st = NULL;
    struct mf_error err = {0};
    int version = 0;

    (void)state;
    exec_file("001_registry.sql");
    exec_file("002_documents.sql");
    exec_file("003_lean_lot_table.sql");
    /* What store_pg.c keeps the version in. */
    raw_exec(ts.pg ? "CREATE TABLE masseflyt_schema (one boolean PRIMARY KEY "
                     "DEFAULT true CHECK (one), version integer NOT NULL); "
                     "INSERT INTO masseflyt_schema (version) VALUES (3)"
                   : "PRAGMA user_version = 3");
    raw_exec("INSERT INTO org (id, name, is_public) VALUES "
             "('o', 'O', 1);"
             "INSERT INTO lot (id, kind, material, quantity, unit, "
             "tonnes, from_date, to_date, acid_test, lon, lat) "
             "VALUES ('l', 'supply', 'morene', 10, 't', 10, "
             "'2025-01-01', '2025-02-01', '', 10.7, 59.9);");
    /* Opened as it is, it is refused with the command to run, and left
     * at version 3. */
    assert_int_equal(store_open(&st, path, STORE_OPEN, &err), MF_ESTORE);
    assert_non_null(strstr(err.message, "masseflyt migrate"));
    assert_null(st);
    assert_int_equal(store_open(&st, path, STORE_MIGRATE, &err), MF_OK);
    assert_int_equal(st->schema_before, 3);
    assert_int_equal(st->ops->schema_version(st, &version, &err), MF_OK);
    assert_int_equal(version, newest_migration());
    store_close(st);
    /* Now it opens as it is, with nothing left to migrate. */
    assert_int_equal(store_open(&st, path, STORE_OPEN, &err), MF_OK);
    assert_int_equal(st->schema_before, newest_migration());
    assert_int_equal(st->ops->load(st, reg, STORE_ALL, &err), MF_OK);
    assert_true(mf_registry_lot(reg, "l")->tonnes == 10);
    /* A place stored without its system as given is its WGS84 point. */
    assert_int_equal(mf_registry_lot(reg, "l")->loc.epsg, 4326);
    assert_true(mf_registry_lot(reg, "l")->loc.x == 10.7);
    assert_true(mf_registry_org(reg, "o")->is_public);
    store_close(st);
    /* 004 made lot_place, 012 dropped it again. */
    assert_int_equal(raw_int(ts.pg ? "SELECT count(*) FROM pg_indexes WHERE "
                                     "indexname = 'lot_place'"
                                   : "SELECT count(*) FROM sqlite_master WHERE "
                                     "type = 'index' AND name = 'lot_place'"),
                     0);
    mf_registry_free(reg);
    mf_catalog_free(cat);
}

/* Counts the tickets and receipts custody_each walks. */
static int count_custody(void *ctx, enum store_custody_kind kind,
                         const void *rec, struct mf_error *err)
{
    int *n = ctx;

    (void)rec;
    (void)err;
    n[kind == STORE_RECEIPT]++;
    return MF_OK;
}

/* A database of schema 24, with tickets, a correction and receipts,
 * migrates to the newest: migration 025 drops ticket_vehicle and every
 * record stays, found by id and by code as before. */
static void test_store__migration_025_keeps_tickets(void **state)
{
    struct store *st = NULL;
    struct mf_error err = {0};
    struct store_ticket t, got;
    struct store_receipt r;
    int i, n[2] = {0, 0};
    const char *has_vehicle_index =
        ts.pg ? "SELECT count(*) FROM pg_indexes WHERE indexname = "
                "'ticket_vehicle'"
              : "SELECT count(*) FROM sqlite_master WHERE type = 'index' "
                "AND name = 'ticket_vehicle'";

    (void)state;
    assert_int_equal(store_open(&st, path, STORE_CREATE, &err), MF_OK);
    store_close(st);
    assert_int_equal(raw_int(has_vehicle_index), 0);
    /* Schema 24 as 013 made it: the index back, the version down. */
    raw_exec("CREATE INDEX ticket_vehicle ON ticket(vehicle, departed)");
    raw_exec(ts.pg ? "UPDATE masseflyt_schema SET version = 24"
                   : "PRAGMA user_version = 24");
    assert_int_equal(raw_int(has_vehicle_index), 1);
    raw_exec("INSERT INTO ticket (id, code, lot, origin, dest, haulier, "
             "vehicle, material, quantity, state, departed, quality_doc, "
             "created) VALUES ('T1', 'C1', 'l', 's1', 's2', '974760673', "
             "'EK12345', 'morene', 20.5, 't', 1767225600, 'Q1', 1767225600),"
             "('T2', 'C2', 'l', 's1', 's2', '974760673', 'EK12345', "
             "'morene', 18, 'ulm3', 1767229200, NULL, 1767225600);"
             "INSERT INTO ticket (id, code, corrects, reason, voids, lot, "
             "origin, dest, haulier, vehicle, material, quantity, state, "
             "departed, created) VALUES ('T1b', 'C1b', 'T1', 'typo', 0, 'l', "
             "'s1', 's2', '974760673', 'EK12345', 'morene', 21, 't', "
             "1767225600, 1767226000);"
             "INSERT INTO receipt (id, ticket, site, arrived, weighed_t, "
             "accepted, rejection, created) VALUES ('R1', 'T1b', 's2', "
             "1767227400, 21.5, 1, NULL, 1767227400), ('R2', 'T2', 's2', "
             "1767231000, NULL, 0, 'wrong material', 1767231000)");

    assert_int_equal(store_open(&st, path, STORE_OPEN, &err), MF_ESTORE);
    assert_null(st);
    assert_int_equal(store_open(&st, path, STORE_MIGRATE, &err), MF_OK);
    assert_int_equal(st->schema_before, 24);
    assert_int_equal(raw_int(has_vehicle_index), 0);
    assert_int_equal(st->ops->ticket_get(st, "C1b", &got, &err), MF_OK);
    assert_string_equal(got.id, "T1b");
    assert_string_equal(got.corrects, "T1");
    assert_string_equal(got.reason, "typo");
    assert_string_equal(got.vehicle, "EK12345");
    assert_true(got.quantity == 21);
    assert_int_equal(st->ops->ticket_get(st, "T2", &got, &err), MF_OK);
    assert_string_equal(got.code, "C2");
    assert_string_equal(got.state, "ulm3");
    assert_string_equal(got.quality_doc, "");
    assert_true(got.departed == 1767229200);
    assert_int_equal(
        st->ops->custody_each(st, STORE_TICKET, count_custody, n, &err), MF_OK);
    assert_int_equal(
        st->ops->custody_each(st, STORE_RECEIPT, count_custody, n, &err),
        MF_OK);
    assert_int_equal(n[0], 3);
    assert_int_equal(n[1], 2);
    /* And the migrated schema takes new records as a new one does. */
    assert_int_equal(st->ops->begin(st, &err), MF_OK);
    for (i = 0; i < 100; i++) {
        memset(&t, 0, sizeof t);
        snprintf(t.id, sizeof t.id, "N%03d", i);
        snprintf(t.code, sizeof t.code, "K%03d", i);
        snprintf(t.lot, sizeof t.lot, "%s", "l");
        snprintf(t.origin, sizeof t.origin, "%s", "s1");
        snprintf(t.dest, sizeof t.dest, "%s", "s2");
        snprintf(t.haulier, sizeof t.haulier, "%s", "974760673");
        snprintf(t.vehicle, sizeof t.vehicle, "EK%05d", i % 7);
        snprintf(t.material, sizeof t.material, "%s", "morene");
        t.quantity = 20;
        snprintf(t.state, sizeof t.state, "%s", "t");
        t.departed = 1767225600 + i * 600;
        t.created = 1767225600;
        memset(&r, 0, sizeof r);
        snprintf(r.id, sizeof r.id, "N%03d/R", i);
        snprintf(r.ticket, sizeof r.ticket, "N%03d", i);
        r.arrived = t.departed + 1800;
        r.weighed_t = 20;
        r.accepted = 1;
        r.created = 1767225600;
        assert_int_equal(st->ops->ticket_put(st, &t, &err), MF_OK);
        assert_int_equal(st->ops->receipt_put(st, &r, &err), MF_OK);
    }
    assert_int_equal(st->ops->commit(st, &err), MF_OK);
    assert_int_equal(st->ops->ticket_get(st, "K042", &got, &err), MF_OK);
    assert_string_equal(got.id, "N042");
    store_close(st);
    assert_int_equal(raw_int(has_vehicle_index), 0);
    assert_int_equal(raw_int("SELECT count(*) FROM ticket"), 103);
}

/* ------------------------------------------------------------------ */
/* Queries                                                              */
/* ------------------------------------------------------------------ */

/* Organisations, projects, sites and lots in every combination of owner
 * and municipality the rules in store.h distinguish. */
static void fill_queries(struct mf_registry *reg)
{
    static const struct {
        const char *id, *project, *site;
        double lat, lon;
    } lots[] = {
        {"l01", "p1", NULL, 59.91, 10.75}, /* org o1 by project, 0301 */
        {"l02", "p2", NULL, 59.89, 10.52}, /* o2, 3201 */
        {"l03", "p3", "s1", 59.90, 10.70}, /* p3 has no org: site's o2 */
        {"l04", NULL, "s2", 60.50, 11.00}, /* s2 has no org: p2's o2 */
        {"l05", "p1", "s2", 60.50, 11.00}, /* o1; site s2 has no muni */
        {"l06", "p3", "s3", 60.39, 5.32},  /* no org anywhere; 4601 */
        {"l07", NULL, NULL, 69.65, 18.96}, /* nothing: Tromsø */
        {"l08", "p1", "s3", 60.39, 5.32},  /* o1; site's 4601 wins */
        {"l09", "p2", "s1", 59.90, 10.70}, /* o2; 0301 by site */
        {"l10", "p3", NULL, 63.43, 10.39}, /* p3: no org, no muni */
    };
    size_t i;

    tu_org(reg, "o1", 1);
    tu_org(reg, "o2", 0);
    tu_project(reg, "p1", "o1", "0301");
    tu_project(reg, "p2", "o2", "3201");
    tu_project(reg, "p3", NULL, NULL);
    tu_site(reg, "s1", MF_SITE_PROJECT, 59.90, 10.70, "", NULL, -1, 0);
    tu_site(reg, "s2", MF_SITE_STORAGE, 60.50, 11.00, "morene", NULL, 10, 0);
    tu_site(reg, "s3", MF_SITE_PROJECT, 60.39, 5.32, "", NULL, -1, 0);
    {
        struct mf_site s = *mf_registry_site(reg, "s1");
        s.org = "o2";
        s.municipality = "0301";
        assert_int_equal(mf_registry_put(reg, MF_ENT_SITE, &s), MF_OK);
        s = *mf_registry_site(reg, "s2");
        s.project = "p2";
        assert_int_equal(mf_registry_put(reg, MF_ENT_SITE, &s), MF_OK);
        s = *mf_registry_site(reg, "s3");
        s.project = "p3";
        s.municipality = "4601";
        assert_int_equal(mf_registry_put(reg, MF_ENT_SITE, &s), MF_OK);
    }
    for (i = 0; i < sizeof lots / sizeof lots[0]; i++) {
        struct mf_lot l = tu_lot_base(
            reg, lots[i].id, MF_LOT_SUPPLY, lots[i].project, "morene", NULL, 10,
            "2025-01-01", "2025-02-01", lots[i].lat, lots[i].lon);
        l.site = lots[i].site;
        tu_put_lot(reg, &l);
    }
}

/* The rules of store.h, worked out from the registry. */
static const char *site_org(const struct mf_registry *reg, const char *id)
{
    const struct mf_site *s = mf_registry_site(reg, id);
    const struct mf_project *p;

    if (!s)
        return NULL;
    if (s->org)
        return s->org;
    p = mf_registry_project(reg, s->project);
    return p ? p->org : NULL;
}

static const char *owner(const struct mf_registry *reg, enum mf_entity e,
                         const void *rec)
{
    if (e == MF_ENT_ORG)
        return ((const struct mf_org *)rec)->id;
    if (e == MF_ENT_PROJECT)
        return ((const struct mf_project *)rec)->org;
    if (e == MF_ENT_SITE)
        return site_org(reg, ((const struct mf_site *)rec)->id);
    {
        const struct mf_lot *l = rec;
        const struct mf_project *p = mf_registry_project(reg, l->project);
        if (p && p->org)
            return p->org;
        return site_org(reg, l->site);
    }
}

static const char *municipality(const struct mf_registry *reg, enum mf_entity e,
                                const void *rec)
{
    if (e == MF_ENT_PROJECT)
        return ((const struct mf_project *)rec)->municipality;
    if (e == MF_ENT_SITE) {
        const struct mf_site *s = rec;
        const struct mf_project *p = mf_registry_project(reg, s->project);
        return s->municipality ? s->municipality : p ? p->municipality : NULL;
    }
    return mf_lot_municipality(reg, rec);
}

static const struct mf_location *place(enum mf_entity e, const void *rec)
{
    return e == MF_ENT_SITE ? &((const struct mf_site *)rec)->loc
                            : &((const struct mf_lot *)rec)->loc;
}

struct got {
    char ids[64][16];
    int n;
};

static int collect(void *ctx, enum mf_entity e, const void *rec,
                   struct mf_error *err)
{
    struct got *g = ctx;

    (void)e;
    (void)err;
    assert_true(g->n < 64);
    snprintf(g->ids[g->n++], sizeof g->ids[0], "%s",
             ((const struct mf_org *)rec)->id);
    return MF_OK;
}

/* What q should select, by brute force over the registry, in id order
 * (the registry was filled in id order). */
static void expected(const struct mf_registry *reg, const struct store_query *q,
                     struct got *g)
{
    size_t i, n = mf_registry_count(reg, q->kind);

    g->n = 0;
    for (i = 0; i < n; i++) {
        const void *rec = mf_registry_at(reg, q->kind, i);
        const char *o = owner(reg, q->kind, rec);
        const char *m = q->municipality ? municipality(reg, q->kind, rec) : 0;

        if (q->org && !(o && !strcmp(o, q->org)))
            continue;
        if (q->municipality && !(m && !strcmp(m, q->municipality)))
            continue;
        if (q->bbox) {
            const struct mf_location *l = place(q->kind, rec);
            if (l->lon < q->west || l->lon > q->east || l->lat < q->south ||
                l->lat > q->north)
                continue;
        }
        if (q->radius) {
            const struct mf_location *l = place(q->kind, rec);
            if (mf_distance_km(q->lon, q->lat, l->lon, l->lat) * 1000 >
                q->metres)
                continue;
        }
        snprintf(g->ids[g->n++], sizeof g->ids[0], "%s",
                 ((const struct mf_org *)rec)->id);
    }
}

static void check_query(struct store *st, const struct mf_registry *reg,
                        struct store_query q)
{
    struct got want, got = {.n = 0};
    struct mf_error err = {0};
    long long n = -1;
    int i;

    expected(reg, &q, &want);
    assert_int_equal(
        st->ops->list(st, mf_registry_catalog(reg), &q, collect, &got, &err),
        MF_OK);
    if (got.n != want.n)
        fail_msg("kind %d org %s municipality %s: %d records, want %d", q.kind,
                 q.org ? q.org : "-", q.municipality ? q.municipality : "-",
                 got.n, want.n);
    for (i = 0; i < got.n; i++)
        assert_string_equal(got.ids[i], want.ids[i]);
    assert_int_equal(st->ops->count(st, &q, &n, &err), MF_OK);
    assert_int_equal(n, want.n);
    /* Pages, by offset and by key, add up to the whole list. */
    if (want.n > 1) {
        struct got page = {.n = 0};
        q.limit = 1;
        q.offset = 1;
        assert_int_equal(st->ops->list(st, mf_registry_catalog(reg), &q,
                                       collect, &page, &err),
                         MF_OK);
        assert_int_equal(page.n, 1);
        assert_string_equal(page.ids[0], want.ids[1]);
        page.n = 0;
        q.offset = 0;
        q.limit = 0;
        q.after = want.ids[0];
        assert_int_equal(st->ops->list(st, mf_registry_catalog(reg), &q,
                                       collect, &page, &err),
                         MF_OK);
        assert_int_equal(page.n, want.n - 1);
        assert_string_equal(page.ids[0], want.ids[1]);
    }
}

static void test_store__queries(void **state)
{
    static const char *const orgs[] = {"o1", "o2", "nobody"};
    static const char *const munis[] = {"0301", "3201", "4601", "9999"};
    struct mf_catalog *cat = tu_catalog();
    struct mf_registry *reg = tu_registry(cat);
    struct store *st = NULL;
    struct mf_error err = {0};
    struct got got = {.n = 0};
    struct store_query q = STORE_QUERY_INIT;
    long long n;
    int e, i;

    (void)state;
    fill_queries(reg);
    assert_int_equal(store_open(&st, path, 1, &err), MF_OK);
    assert_true(st->ops->version >= 2);
    assert_int_equal(st->ops->begin(st, &err), MF_OK);
    put_all(st, reg);
    assert_int_equal(st->ops->commit(st, &err), MF_OK);

    for (e = 0; e < MF_ENT_COUNT; e++) {
        struct store_query all = STORE_QUERY_INIT;
        all.kind = (enum mf_entity)e;
        check_query(st, reg, all);
        for (i = 0; i < 3; i++) {
            struct store_query by = all;
            by.org = orgs[i];
            check_query(st, reg, by);
        }
        for (i = 0; e != MF_ENT_ORG && i < 4; i++) {
            struct store_query by = all;
            by.municipality = munis[i];
            check_query(st, reg, by);
        }
        if (e >= MF_ENT_SITE) {
            /* Around Oslo and Bærum, then a box on one point's edge. */
            struct store_query by = all;
            by.bbox = 1;
            by.west = 10.4;
            by.east = 10.8;
            by.south = 59.8;
            by.north = 60.0;
            check_query(st, reg, by);
            by.west = by.east = 11.0;
            by.south = by.north = 60.5;
            check_query(st, reg, by);
        }
    }
    /* Filters together. */
    q.org = "o1";
    q.municipality = "4601";
    check_query(st, reg, q);

    /* By id. */
    assert_int_equal(
        st->ops->get(st, cat, MF_ENT_LOT, "l05", collect, &got, &err), MF_OK);
    assert_int_equal(got.n, 1);
    assert_string_equal(got.ids[0], "l05");
    assert_int_equal(
        st->ops->get(st, cat, MF_ENT_SITE, "l05", collect, &got, &err),
        MF_ENOTFOUND);
    assert_string_equal(err.message, "no site has the id 'l05'");

    /* Questions a kind cannot answer, and malformed ones. */
    q = (struct store_query)STORE_QUERY_INIT;
    q.kind = MF_ENT_ORG;
    q.municipality = "0301";
    assert_int_equal(st->ops->count(st, &q, &n, &err), MF_EINVAL);
    q.kind = MF_ENT_PROJECT;
    q.municipality = NULL;
    q.bbox = 1;
    assert_int_equal(st->ops->count(st, &q, &n, &err), MF_EINVAL);
    q.kind = MF_ENT_LOT;
    q.west = 11;
    q.east = 10;
    assert_int_equal(st->ops->list(st, cat, &q, collect, &got, &err),
                     MF_EINVAL);
    assert_non_null(strstr(err.message, "west <= east"));
    q.bbox = 0;
    q.limit = -1;
    assert_int_equal(st->ops->list(st, cat, &q, collect, &got, &err),
                     MF_EINVAL);
    store_close(st);
    mf_registry_free(reg);
    mf_catalog_free(cat);
}

/* The query plan SQLite picks for q's statement. */
static void plan_of(sqlite3 *db, enum mf_entity e, struct store_query *q,
                    char *out, size_t len)
{
    struct codec_table t;
    struct codec_value params[CODEC_MAX_PARAMS];
    struct buf sql = BUF_INIT, plan = BUF_INIT;
    sqlite3_stmt *st;
    int n;

    codec_table_init(&t, e);
    assert_int_equal(codec_query_sql(&t, q, 0, '?', &sql, params, &n, NULL),
                     MF_OK);
    buf_puts(&plan, "EXPLAIN QUERY PLAN ");
    buf_puts(&plan, buf_str(&sql));
    assert_int_equal(sqlite3_prepare_v2(db, buf_str(&plan), -1, &st, NULL),
                     SQLITE_OK);
    out[0] = '\0';
    while (sqlite3_step(st) == SQLITE_ROW) {
        size_t used = strlen(out);
        snprintf(out + used, len - used, "%s\n",
                 (const char *)sqlite3_column_text(st, 3));
    }
    sqlite3_finalize(st);
    buf_free(&sql);
    buf_free(&plan);
}

/* The ids q lists, as one text ("l01 l03 s1"). */
static void listed(struct store *st, const struct mf_catalog *cat,
                   struct store_query q, char *out, size_t len)
{
    struct got got = {.n = 0};
    struct mf_error err = {0};
    int i;

    assert_int_equal(st->ops->list(st, cat, &q, collect, &got, &err), MF_OK);
    out[0] = '\0';
    for (i = 0; i < got.n; i++) {
        size_t used = strlen(out);
        snprintf(out + used, len - used, "%s%s", i ? " " : "", got.ids[i]);
    }
}

/* Map (bbox) and radius queries: the same records on both backends (on
 * PostgreSQL through PostGIS's GiST index when it is there), points on
 * the edge of a box or a circle included, just outside left out. */
static void test_store__map_and_radius(void **state)
{
    struct mf_catalog *cat = tu_catalog();
    struct mf_registry *reg = tu_registry(cat);
    struct store *st = NULL;
    struct mf_error err = {0};
    struct store_query q = STORE_QUERY_INIT;
    char ids[512];
    double edge;
    long long n;
    int e;

    (void)state;
    fill_queries(reg);
    assert_int_equal(store_open(&st, path, 1, &err), MF_OK);
    assert_true(st->ops->version >= STORE_OPS_RADIUS_VERSION);
    assert_int_equal(st->ops->begin(st, &err), MF_OK);
    put_all(st, reg);
    assert_int_equal(st->ops->commit(st, &err), MF_OK);

    for (e = MF_ENT_SITE; e <= MF_ENT_LOT; e++) {
        struct store_query by = STORE_QUERY_INIT;
        by.kind = (enum mf_entity)e;
        by.radius = 1;
        /* Around Oslo, Bergen, Tromsø, all of Norway from Trondheim, and
         * from Longyearbyen (far north: a wide span of longitudes). */
        by.lon = 10.75, by.lat = 59.91, by.metres = 5000;
        check_query(st, reg, by);
        by.lon = 5.32, by.lat = 60.39, by.metres = 100000;
        check_query(st, reg, by);
        by.lon = 18.96, by.lat = 69.65, by.metres = 1;
        check_query(st, reg, by);
        by.lon = 10.39, by.lat = 63.43, by.metres = 2000000;
        check_query(st, reg, by);
        by.lon = 15.65, by.lat = 78.22, by.metres = 1000000;
        check_query(st, reg, by);
        /* With a box and with an organisation. */
        by.lon = 10.75, by.lat = 59.91, by.metres = 400000;
        by.bbox = 1;
        by.west = 5.0, by.east = 10.71, by.south = 59.0, by.north = 61.0;
        check_query(st, reg, by);
        by.bbox = 0;
        by.org = "o2";
        check_query(st, reg, by);
        /* Boxes with points on their corners and edges, and one around
         * the whole country. */
        by = (struct store_query)STORE_QUERY_INIT;
        by.kind = (enum mf_entity)e;
        by.bbox = 1;
        by.west = 5.32, by.south = 59.90, by.east = 10.70, by.north = 60.39;
        check_query(st, reg, by);
        by.west = 10.52, by.south = 59.89, by.east = 10.75, by.north = 59.91;
        check_query(st, reg, by);
        by.west = 4.5, by.south = 57.9, by.east = 31.2, by.north = 71.2;
        check_query(st, reg, by);
    }
    /* The same, written out: the brute force above uses the library's
     * distance too. */
    q.radius = 1;
    q.lon = 10.75, q.lat = 59.91, q.metres = 5000;
    listed(st, cat, q, ids, sizeof ids);
    assert_string_equal(ids, "l01 l03 l09");
    q.kind = MF_ENT_SITE;
    listed(st, cat, q, ids, sizeof ids);
    assert_string_equal(ids, "s1");
    /* l03 and l09 lie 3001.43 m from Oslo's centre: a circle through
     * them holds them, one a centimetre smaller does not. */
    q.kind = MF_ENT_LOT;
    edge = mf_distance_km(10.75, 59.91, 10.70, 59.90) * 1000;
    q.metres = edge;
    listed(st, cat, q, ids, sizeof ids);
    assert_string_equal(ids, "l01 l03 l09");
    q.metres = edge - 0.01;
    listed(st, cat, q, ids, sizeof ids);
    assert_string_equal(ids, "l01");
    assert_int_equal(st->ops->count(st, &q, &n, &err), MF_OK);
    assert_int_equal(n, 1);
    /* Tromsø is 957.99 km from Longyearbyen. */
    q.lon = 15.65, q.lat = 78.22, q.metres = 958000;
    listed(st, cat, q, ids, sizeof ids);
    assert_string_equal(ids, "l07");
    q.metres = 957900;
    listed(st, cat, q, ids, sizeof ids);
    assert_string_equal(ids, "");
    /* Pages of a radius. */
    q.lon = 10.39, q.lat = 63.43, q.metres = 2000000;
    q.offset = 2;
    q.limit = 3;
    listed(st, cat, q, ids, sizeof ids);
    assert_string_equal(ids, "l03 l04 l05");
    assert_int_equal(st->ops->count(st, &q, &n, &err), MF_OK);
    assert_int_equal(n, 10);
    /* A box with Bergen on its west edge and Oslo's l03 on a corner. */
    q = (struct store_query)STORE_QUERY_INIT;
    q.bbox = 1;
    q.west = 5.32, q.south = 59.90, q.east = 10.70, q.north = 60.39;
    listed(st, cat, q, ids, sizeof ids);
    assert_string_equal(ids, "l03 l06 l08 l09");
    q.west = 5.3200001;
    listed(st, cat, q, ids, sizeof ids);
    assert_string_equal(ids, "l03 l09");

    /* Questions a radius cannot answer. */
    q = (struct store_query)STORE_QUERY_INIT;
    q.radius = 1;
    q.lon = 10.75, q.lat = 59.91, q.metres = 0;
    assert_int_equal(st->ops->count(st, &q, &n, &err), MF_EINVAL);
    assert_non_null(strstr(err.message, "radius"));
    q.metres = 10, q.lat = 91;
    assert_int_equal(st->ops->count(st, &q, &n, &err), MF_EINVAL);
    q.lat = 59.91;
    q.kind = MF_ENT_PROJECT;
    assert_int_equal(st->ops->count(st, &q, &n, &err), MF_EINVAL);
    assert_non_null(strstr(err.message, "a radius selects sites and lots"));
    store_close(st);
    mf_registry_free(reg);
    mf_catalog_free(cat);
}

/* With PostGIS, map and radius queries ask the place's GiST index first
 * (the point of lon and lat as geometry in the box, the expression
 * migration 024 indexes), and the plain box decides. */
static void test_store__postgis_sql(void **state)
{
    struct codec_table t;
    struct store_query q = STORE_QUERY_INIT;
    struct codec_value params[CODEC_MAX_PARAMS];
    struct buf sql = BUF_INIT;
    int n;

    (void)state;
    codec_table_init(&t, MF_ENT_LOT);
    q.radius = 1;
    q.lon = 10.75, q.lat = 59.91, q.metres = 5000;
    q.bbox = 1;
    q.west = 10, q.east = 11, q.south = 59, q.north = 60;
    assert_int_equal(
        codec_query_sql_geo(&t, &q, 0, 1, '$', &sql, params, &n, NULL), MF_OK);
    assert_non_null(strstr(buf_str(&sql), "ST_SetSRID(ST_MakePoint(t.lon, "
                                          "t.lat), 4326) && "
                                          "ST_MakeEnvelope($1, $2, $3, $4, "
                                          "4326)"));
    assert_non_null(strstr(buf_str(&sql), "ST_SetSRID(ST_MakePoint(t.lon, "
                                          "t.lat), 4326) && "
                                          "ST_MakeEnvelope($9, $10, $11, $12, "
                                          "4326)"));
    assert_null(strstr(buf_str(&sql), "place"));
    assert_int_equal(n, 16);
    /* The radius's box: 5 km is 0.045 degrees of latitude. */
    assert_true(params[9].r > 59.86 && params[9].r < 59.87);
    assert_true(params[11].r > 59.95 && params[11].r < 59.96);
    assert_true(params[8].r < 10.75 - 0.089 && params[8].r > 10.75 - 0.091);
    assert_null(strstr(buf_str(&sql), "LIMIT"));
    buf_reset(&sql);
    assert_int_equal(codec_query_sql(&t, &q, 0, '?', &sql, params, &n, NULL),
                     MF_OK);
    assert_null(strstr(buf_str(&sql), "ST_"));
    buf_free(&sql);
}

/* The lot queries are answered by the indexes of migration 004, not by
 * reading every lot. */
static void test_store__lot_queries_use_indexes(void **state)
{
    struct store *st = NULL;
    struct store_query q = STORE_QUERY_INIT;
    struct mf_error err = {0};
    sqlite3 *db;
    char plan[4096];

    (void)state;
    if (ts.pg)
        skip(); /* SQLite's query plans; test_store__pg_places instead */
    assert_int_equal(store_open(&st, path, 1, &err), MF_OK);
    store_close(st);
    assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
    q.org = "o1";
    plan_of(db, MF_ENT_LOT, &q, plan, sizeof plan);
    if (!strstr(plan, "lot_project") || !strstr(plan, "lot_site"))
        fail_msg("lots by organisation:\n%s", plan);
    q.org = NULL;
    q.municipality = "0301";
    plan_of(db, MF_ENT_LOT, &q, plan, sizeof plan);
    if (!strstr(plan, "lot_project") || !strstr(plan, "lot_site"))
        fail_msg("lots by municipality:\n%s", plan);
    q.municipality = NULL;
    q.bbox = 1;
    q.west = 10;
    q.east = 11;
    q.south = 59;
    q.north = 60;
    plan_of(db, MF_ENT_LOT, &q, plan, sizeof plan);
    /* No index on the place since 012: a box is a scan of the lots (the
     * server answers boxes from its read model). */
    if (strstr(plan, "lot_place"))
        fail_msg("lots in a box:\n%s", plan);
    sqlite3_close(db);
}

/* An import into an empty lot table drops the lot indexes and builds them
 * again before it commits: afterwards they are there and agree with the
 * table; rolled back, they are there as before. An import into a full
 * table keeps them up, and they agree too. */
static void test_store__large_import_keeps_indexes(void **state)
{
    struct mf_catalog *cat = tu_catalog();
    struct mf_registry *reg = tu_registry(cat);
    struct store *st = NULL;
    struct mf_error err = {0};
    struct store_query q = STORE_QUERY_INIT;
    struct mf_lot l;
    char id[16];
    long long n = 0;
    int i, round;
    /* Enough for SQLite's index deferral to matter (FEW_LOTS), and for
     * many full batches on PostgreSQL. */
    int big = ts.pg ? 6000 : 70000;

    (void)state;
    tu_org(reg, "o", 1);
    tu_project(reg, "p", "o", "0301");
    assert_int_equal(store_open(&st, path, 1, &err), MF_OK);
    for (round = 0; round < 3; round++) {
        assert_int_equal(st->ops->begin(st, &err), MF_OK);
        put_all(st, reg);
        l = tu_lot_base(reg, "x", MF_LOT_SUPPLY, "p", "morene", NULL, 1,
                        "2025-01-01", "2025-02-01", 59.9, 10.7);
        l.id = id;
        for (i = 0; i < (round < 2 ? big : 2000); i++) {
            snprintf(id, sizeof id, round < 2 ? "L%d" : "M%d", i);
            l.loc.lon = 10 + i % 100 * 0.01;
            assert_int_equal(st->ops->put(st, cat, MF_ENT_LOT, &l, &err),
                             MF_OK);
        }
        if (round == 0)
            st->ops->rollback(st);
        else
            assert_int_equal(st->ops->commit(st, &err), MF_OK);
    }
    q.org = "o";
    assert_int_equal(st->ops->count(st, &q, &n, &err), MF_OK);
    assert_int_equal(n, big + 2000);
    q.org = NULL;
    q.bbox = 1;
    q.west = 10.5;
    q.east = 10.6;
    q.south = 59;
    q.north = 61;
    assert_int_equal(st->ops->count(st, &q, &n, &err), MF_OK);
    assert_int_equal(n, (big + 2000) / 100 * 11);
    /* A lot put outside a transaction (into a table emptied first)
     * leaves the indexes alone. */
    store_close(st);
    raw_exec("DELETE FROM lot");
    assert_int_equal(store_open(&st, path, 0, &err), MF_OK);
    assert_int_equal(st->ops->put(st, cat, MF_ENT_LOT, &l, &err), MF_OK);
    n = 0;
    q = (struct store_query)STORE_QUERY_INIT;
    assert_int_equal(st->ops->count(st, &q, &n, &err), MF_OK);
    assert_int_equal(n, 1);
    store_close(st);
    if (!ts.pg) {
        sqlite3 *db;
        sqlite3_stmt *s;
        assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
        assert_int_equal(
            sqlite3_prepare_v2(db,
                               "SELECT (SELECT count(*) FROM "
                               "sqlite_master WHERE type = 'index' "
                               "AND tbl_name = 'lot' AND sql IS NOT "
                               "NULL), (SELECT integrity_check FROM "
                               "pragma_integrity_check)",
                               -1, &s, NULL),
            SQLITE_OK);
        assert_int_equal(sqlite3_step(s), SQLITE_ROW);
        /* lot(project) and lot(site) (004; lot(lon, lat) went in 012). */
        assert_int_equal(sqlite3_column_int(s, 0), 2);
        assert_string_equal((const char *)sqlite3_column_text(s, 1), "ok");
        sqlite3_finalize(s);
        sqlite3_close(db);
    }
    mf_registry_free(reg);
    mf_catalog_free(cat);
}

/* Puts `big` lots, copies of *l with the ids PREFIX0, PREFIX1, ..., in one
 * transaction and commits it. With broken, the lot at big - 10 names a
 * record that does not exist in `field` ("project" or "site"): the
 * commit fails, names that lot and field (PostgreSQL), and after the
 * rollback no lot is stored. */
static void import_lots(struct store *st, const struct mf_catalog *cat,
                        struct mf_lot *l, const char *prefix, const char *field,
                        int big, int broken)
{
    struct mf_error err = {0};
    const char **ref = strcmp(field, "site") ? &l->project : &l->site;
    const char *good = *ref;
    char id[16], want[64];
    int i, rc = MF_OK;

    l->id = id;
    assert_int_equal(st->ops->begin(st, &err), MF_OK);
    for (i = 0; i < big && rc == MF_OK; i++) {
        snprintf(id, sizeof id, "%s%d", prefix, i);
        *ref = broken && i == big - 10 ? "ghost" : good;
        rc = st->ops->put(st, cat, MF_ENT_LOT, l, &err);
    }
    *ref = good;
    l->id = NULL;
    if (rc == MF_OK)
        rc = st->ops->commit(st, &err);
    if (!broken) {
        assert_int_equal(rc, MF_OK);
        return;
    }
    assert_int_equal(rc, MF_ESTORE);
    if (ts.pg) {
        snprintf(want, sizeof want, "lot '%s%d', field '%s'", prefix, big - 10,
                 field);
        assert_non_null(strstr(err.message, want));
    }
    st->ops->rollback(st);
    assert_int_equal(raw_int("SELECT count(*) FROM lot"), 0);
}

/* A large import into an empty lot table takes the fast path of each
 * backend (SQLite: lot indexes and change-counter triggers dropped until
 * the commit; PostgreSQL: foreign keys dropped and added again, a plain
 * INSERT): a broken reference near its end still fails it, names the
 * record, and leaves nothing, the schema as it was; a good one is stored
 * whole, bumps the change counter, and the rules hold again after it. */
static void test_store__large_import_all_or_nothing(void **state)
{
    struct mf_catalog *cat = tu_catalog();
    struct mf_registry *reg = tu_registry(cat);
    struct store *st = NULL;
    struct mf_error err = {0};
    struct mf_lot l;
    const char *schema_sql =
        ts.pg ? "SELECT count(*) FROM pg_constraint WHERE conrelid = "
                "'lot'::regclass AND contype = 'f'"
              : "SELECT count(*) FROM sqlite_master WHERE tbl_name = 'lot' AND "
                "sql IS NOT NULL AND type IN ('index', 'trigger')";
    const char *counter_sql =
        "SELECT n FROM change_counter WHERE name = 'registry'";
    /* PostgreSQL's import drops the lot table's indexes and builds them
     * again: the same ones, whole, after a failed and a good import. */
    const char *index_sql =
        ts.pg ? "SELECT count(*) FROM pg_indexes WHERE tablename = 'lot'"
              : "SELECT count(*) FROM sqlite_master WHERE tbl_name = 'lot' AND "
                "type = 'index'";
    long long schema, counter, indexes;
    int big = ts.pg ? 6000 : 3000, rc;

    (void)state;
    tu_org(reg, "o", 1);
    tu_project(reg, "p", "o", "0301");
    open_stored(&st, reg);
    store_close(st);
    schema = raw_int(schema_sql);
    counter = raw_int(counter_sql);
    indexes = raw_int(index_sql);
    assert_true(indexes >= 3);
    /* Two foreign keys on PostgreSQL; two indexes and three triggers on
     * SQLite. */
    assert_int_equal(schema, ts.pg ? 2 : 5);
    assert_int_equal(store_open(&st, path, 0, &err), MF_OK);
    l = tu_lot_base(reg, "x", MF_LOT_SUPPLY, "p", "morene", NULL, 1,
                    "2025-01-01", "2025-02-01", 59.9, 10.7);
    import_lots(st, cat, &l, "L", "project", big, 1);
    assert_int_equal(raw_int(schema_sql), schema);
    assert_int_equal(raw_int(index_sql), indexes);
    assert_int_equal(raw_int(counter_sql), counter);
    import_lots(st, cat, &l, "L", "project", big, 0);
    assert_int_equal(raw_int("SELECT count(*) FROM lot"), big);
    assert_int_equal(raw_int(schema_sql), schema);
    assert_int_equal(raw_int(index_sql), indexes);
    if (ts.pg)
        assert_int_equal(raw_int("SELECT count(*) FROM pg_index WHERE "
                                 "indrelid = 'lot'::regclass AND NOT "
                                 "indisvalid"),
                         0);
    assert_true(raw_int(counter_sql) > counter);
    /* The reference is checked again for the next write. */
    assert_int_equal(st->ops->begin(st, &err), MF_OK);
    l.id = "one-more";
    l.project = "ghost";
    rc = st->ops->put(st, cat, MF_ENT_LOT, &l, &err);
    if (rc == MF_OK)
        rc = st->ops->commit(st, &err);
    assert_int_equal(rc, MF_ESTORE);
    st->ops->rollback(st);
    assert_int_equal(raw_int("SELECT count(*) FROM lot"), big);
    store_close(st);
    mf_registry_free(reg);
    mf_catalog_free(cat);
}

/* A large import into an empty lot table whose lots stand at a site,
 * one of them, near the end, at a site that does not exist (PostgreSQL:
 * the lot indexes are built again before the foreign keys are added,
 * so the site's key may be checked through lot_site, which holds every
 * lot here): the import fails, names the record and the field, and
 * leaves nothing; without the broken one every lot is stored with its
 * site. */
static void test_store__large_import_site_reference(void **state)
{
    struct mf_catalog *cat = tu_catalog();
    struct mf_registry *reg = tu_registry(cat);
    struct store *st = NULL;
    struct mf_lot l;
    int big = 6000;

    (void)state;
    tu_org(reg, "o", 1);
    tu_project(reg, "p", "o", "0301");
    tu_site(reg, "s", MF_SITE_STORAGE, 59.9, 10.7, "", NULL, -1, 0);
    open_stored(&st, reg);
    l = tu_lot_base(reg, "x", MF_LOT_SUPPLY, "p", "morene", NULL, 1,
                    "2025-01-01", "2025-02-01", 59.9, 10.7);
    l.site = "s";
    import_lots(st, cat, &l, "S", "site", big, 1);
    import_lots(st, cat, &l, "S", "site", big, 0);
    assert_int_equal(raw_int("SELECT count(*) FROM lot WHERE site = 's'"), big);
    if (ts.pg)
        assert_int_equal(raw_int("SELECT count(*) FROM pg_constraint WHERE "
                                 "conrelid = 'lot'::regclass AND contype = "
                                 "'f' AND convalidated"),
                         2);
    store_close(st);
    mf_registry_free(reg);
    mf_catalog_free(cat);
}

/* The first column of the first row of a query on the SQLite database, as
 * text (malloc'ed; NULL for none). */
static char *raw_text(const char *sql)
{
    sqlite3 *db;
    sqlite3_stmt *st;
    char *v = NULL;

    assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
    if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
        fail_msg("%s: %s", sql, sqlite3_errmsg(db));
    if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_text(st, 0))
        v = strdup((const char *)sqlite3_column_text(st, 0));
    sqlite3_finalize(st);
    sqlite3_close(db);
    return v;
}

/* Whether the index or trigger `name` exists, as st's connection sees it
 * (inside its transaction). */
static int has_schema_entry(struct store *st, const char *name)
{
    sqlite3_stmt *q;
    int n = -1;

    assert_int_equal(sqlite3_prepare_v2(store_sqlite_db(st, NULL),
                                        "SELECT count(*) FROM sqlite_master "
                                        "WHERE name = ?1",
                                        -1, &q, NULL),
                     SQLITE_OK);
    sqlite3_bind_text(q, 1, name, -1, SQLITE_STATIC);
    if (sqlite3_step(q) == SQLITE_ROW)
        n = sqlite3_column_int(q, 0);
    sqlite3_finalize(q);
    return n;
}

/* SQLite: a large import into an empty lot table keeps lot_site (the lots
 * with a site) up while none of its lots has a site, and drops it until
 * the commit from the first lot that has one (before the DEFER_AT-th lot,
 * with the other lot indexes): lot_site then holds exactly the lots with a
 * site, the same index as before. Rounds: no lot with a site; sites from
 * the 2000th lot on; one site, at the 10th lot. */
static void test_store__large_import_site_index_waits(void **state)
{
    static const int from[] = {-1, 2000, 10}, to[] = {-1, 3000, 11};
    struct mf_catalog *cat;
    struct mf_registry *reg;
    struct store *st = NULL;
    struct mf_error err = {0};
    const char *site_sql = "SELECT sql FROM sqlite_master WHERE name = "
                           "'lot_site'";
    struct mf_lot l;
    char id[16], *before;
    int round, i;

    (void)state;
    if (ts.pg)
        skip(); /* SQLite's deferred indexes */
    cat = tu_catalog();
    reg = tu_registry(cat);
    tu_org(reg, "o", 1);
    tu_project(reg, "p", "o", "0301");
    tu_site(reg, "s", MF_SITE_STORAGE, 59.9, 10.7, "", NULL, -1, 0);
    open_stored(&st, reg);
    before = raw_text(site_sql);
    l = tu_lot_base(reg, "x", MF_LOT_SUPPLY, "p", "morene", NULL, 1,
                    "2025-01-01", "2025-02-01", 59.9, 10.7);
    l.id = id;
    for (round = 0; round < 3; round++) {
        raw_exec("DELETE FROM lot");
        assert_int_equal(st->ops->begin(st, &err), MF_OK);
        for (i = 0; i < 3000; i++) {
            snprintf(id, sizeof id, "W%d", i);
            l.site = i >= from[round] && i < to[round] ? "s" : NULL;
            assert_int_equal(st->ops->put(st, cat, MF_ENT_LOT, &l, &err),
                             MF_OK);
            if (i == 1000) {
                /* lot_project is deferred; lot_site waits unless a lot
                 * with a site came before the decision. */
                assert_int_equal(has_schema_entry(st, "lot_project"), 0);
                assert_int_equal(has_schema_entry(st, "lot_site"),
                                 round == 2 ? 0 : 1);
            }
            if (i == 2500)
                assert_int_equal(has_schema_entry(st, "lot_site"),
                                 round == 0 ? 1 : 0);
        }
        assert_int_equal(st->ops->commit(st, &err), MF_OK);
        assert_int_equal(raw_int("SELECT count(*) FROM lot"), 3000);
        assert_int_equal(raw_int("SELECT count(*) FROM lot INDEXED BY "
                                 "lot_site WHERE site IS NOT NULL"),
                         round == 0 ? 0 : to[round] - from[round]);
        assert_int_equal(raw_int("SELECT count(*) FROM pragma_integrity_check "
                                 "WHERE integrity_check = 'ok'"),
                         1);
        {
            char *after = raw_text(site_sql);
            assert_string_equal(after, before);
            free(after);
        }
    }
    free(before);
    store_close(st);
    mf_registry_free(reg);
    mf_catalog_free(cat);
}

/* Numbers go to the store as values that read back as the same double
 * (PostgreSQL: in one INSERT as text with the fewest decimals that do,
 * or 17 digits; in COPY as the double's 8 bytes): a few puts (one
 * INSERT), and many into an empty table (PostgreSQL: a COPY straight
 * into it, its first batch converted from text) and then into a full one
 * (a COPY into the staging table), with texts COPY's text format would
 * escape, and empty fields. */
static void test_store__reals_exact(void **state)
{
    static const double v[] = {
        0.1 + 0.2,     1.0 / 3,     59.912345,   -10.75, 1e-300,
        123456789.123, 999999999.5, 5e9 + 0.25,  2.5,    -0.0,
        1e300,         4.35,        0.000000001, -1e-9,  7};
    static const char *const note = "tab\there, a\\backslash\nand a "
                                    "newline, \"quoted\", bl\xc3\xa5"
                                    "b\xc3\xa6r";
    static const char *const prefix[] = {"C", "S", "V"};
    const int count[] = {700, 700, (int)(sizeof v / sizeof v[0])};
    struct mf_catalog *cat = tu_catalog();
    struct mf_registry *reg = tu_registry(cat), *b = tu_registry(cat);
    struct store *st = NULL;
    struct mf_error err = {0};
    struct mf_lot l;
    const struct mf_lot *got;
    char id[16];
    size_t n = sizeof v / sizeof v[0];
    int i, round;

    (void)state;
    tu_org(reg, "o", 1);
    tu_project(reg, "p", "o", "0301");
    open_stored(&st, reg);
    l = tu_lot_base(reg, "x", MF_LOT_SUPPLY, "p", "morene", NULL, 1,
                    "2025-01-01", "2025-02-01", 59.9, 10.7);
    l.id = id;
    for (round = 0; round < 3; round++) {
        assert_int_equal(st->ops->begin(st, &err), MF_OK);
        for (i = 0; i < count[round]; i++) {
            snprintf(id, sizeof id, "%s%d", prefix[round], i);
            l.quantity = v[(size_t)i % n];
            l.stockpile_t = v[(size_t)(i + 1) % n];
            l.note = i % 3 ? note : NULL;
            assert_int_equal(st->ops->put(st, cat, MF_ENT_LOT, &l, &err),
                             MF_OK);
        }
        assert_int_equal(st->ops->commit(st, &err), MF_OK);
    }
    assert_int_equal(st->ops->load(st, b, STORE_ALL, &err), MF_OK);
    for (round = 0; round < 3; round++)
        for (i = 0; i < count[round]; i++) {
            snprintf(id, sizeof id, "%s%d", prefix[round], i);
            assert_non_null(got = mf_registry_lot(b, id));
            if (got->quantity != v[(size_t)i % n] ||
                got->stockpile_t != v[(size_t)(i + 1) % n])
                fail_msg("%s: %.17g, %.17g read back as %.17g, %.17g", id,
                         v[(size_t)i % n], v[(size_t)(i + 1) % n],
                         got->quantity, got->stockpile_t);
            if (i % 3)
                assert_string_equal(got->note, note);
            else
                assert_true(!got->note || !got->note[0]);
            assert_string_equal(got->project, "p");
            assert_true(got->loc.lon == 10.7 && got->loc.lat == 59.9);
        }
    store_close(st);
    mf_registry_free(b);
    mf_registry_free(reg);
    mf_catalog_free(cat);
}

/* A large import into an empty lot table with an id put twice, the
 * second time after a few thousand others (PostgreSQL: the COPY straight
 * into the table ends at the repeat and the rest is staged): every lot
 * once, as put last, the rules back whole. */
static void test_store__large_import_repeated_id(void **state)
{
    struct mf_catalog *cat = tu_catalog();
    struct mf_registry *reg = tu_registry(cat), *b;
    struct store *st = NULL;
    struct mf_error err = {0};
    struct mf_lot l;
    const char *fk_sql = "SELECT count(*) FROM pg_constraint WHERE conrelid = "
                         "'lot'::regclass AND contype = 'f'";
    const char *index_sql =
        ts.pg ? "SELECT count(*) FROM pg_indexes WHERE tablename = 'lot'"
              : "SELECT count(*) FROM sqlite_master WHERE tbl_name = 'lot' AND "
                "type = 'index'";
    char id[16];
    long long indexes;
    int big = 6000, i;

    (void)state;
    tu_org(reg, "o", 1);
    tu_project(reg, "p", "o", "0301");
    open_stored(&st, reg);
    indexes = raw_int(index_sql);
    l = tu_lot_base(reg, "x", MF_LOT_SUPPLY, "p", "morene", NULL, 1,
                    "2025-01-01", "2025-02-01", 59.9, 10.7);
    l.id = id;
    assert_int_equal(st->ops->begin(st, &err), MF_OK);
    for (i = 0; i < big; i++) {
        snprintf(id, sizeof id, "R%d", i == 4000 ? 7 : i);
        l.quantity = i == 4000 ? 99 : 1;
        assert_int_equal(st->ops->put(st, cat, MF_ENT_LOT, &l, &err), MF_OK);
    }
    assert_int_equal(st->ops->commit(st, &err), MF_OK);
    b = tu_registry(cat);
    assert_int_equal(st->ops->load(st, b, STORE_ALL, &err), MF_OK);
    assert_int_equal(mf_registry_count(b, MF_ENT_LOT), big - 1);
    assert_true(mf_registry_lot(b, "R7")->quantity == 99);
    assert_true(mf_registry_lot(b, "R8")->quantity == 1);
    assert_true(mf_registry_lot(b, "R5999")->quantity == 1);
    assert_int_equal(raw_int(index_sql), indexes);
    if (ts.pg)
        assert_int_equal(raw_int(fk_sql), 2);
    mf_registry_free(b);
    store_close(st);
    mf_registry_free(reg);
    mf_catalog_free(cat);
}

/* Inside a transaction a record put twice is stored as put last, and what
 * was put is read back before the commit (a backend that sends puts in
 * batches sends them first). */
static void test_store__put_twice_and_read_in_transaction(void **state)
{
    struct mf_catalog *cat = tu_catalog();
    struct mf_registry *a = tu_registry(cat), *b = tu_registry(cat);
    struct store *st = NULL;
    struct mf_error err = {0};
    struct store_query q = STORE_QUERY_INIT;
    struct mf_lot l;
    long long n = 0;

    (void)state;
    fill(a);
    assert_int_equal(store_open(&st, path, 1, &err), MF_OK);
    assert_int_equal(st->ops->begin(st, &err), MF_OK);
    put_all(st, a);
    l = *mf_registry_lot(a, "l");
    l.quantity = 7;
    l.tonnes = 7;
    assert_int_equal(st->ops->put(st, cat, MF_ENT_LOT, &l, &err), MF_OK);
    l.quantity = 9;
    l.tonnes = 9;
    assert_int_equal(st->ops->put(st, cat, MF_ENT_LOT, &l, &err), MF_OK);
    assert_int_equal(st->ops->count(st, &q, &n, &err), MF_OK);
    assert_int_equal(n, (long long)mf_registry_count(a, MF_ENT_LOT));
    assert_int_equal(st->ops->commit(st, &err), MF_OK);
    assert_int_equal(st->ops->load(st, b, STORE_ALL, &err), MF_OK);
    assert_true(mf_registry_lot(b, "l")->tonnes == 9);
    /* Rolled back, a transaction's puts are gone, read or not. */
    assert_int_equal(st->ops->begin(st, &err), MF_OK);
    l.id = "l-new";
    assert_int_equal(st->ops->put(st, cat, MF_ENT_LOT, &l, &err), MF_OK);
    st->ops->rollback(st);
    assert_int_equal(st->ops->count(st, &q, &n, &err), MF_OK);
    assert_int_equal(n, (long long)mf_registry_count(a, MF_ENT_LOT));
    store_close(st);
    mf_registry_free(a);
    mf_registry_free(b);
    mf_catalog_free(cat);
}

static int lot_tonnes(void *ctx, enum mf_entity e, const void *rec,
                      struct mf_error *err)
{
    (void)err;
    assert_int_equal(e, MF_ENT_LOT);
    *(double *)ctx = ((const struct mf_lot *)rec)->tonnes;
    return MF_OK;
}

/* The statements the SQLite store keeps prepared (a record by id, the
 * audit insert) follow a schema change another connection makes (as
 * another process's `masseflyt migrate` does): here the lot's tonnes
 * become a new column at the table's end, with other values, while the
 * store is open. A statement kept from before would read the old column
 * (or fail); the store's answers must be those of the new one. */
static void test_store__kept_statements_follow_schema(void **state)
{
    struct mf_catalog *cat;
    struct mf_registry *a;
    struct store *st = NULL;
    struct mf_error err = {0};
    struct store_audit au = {.action = "lot.replace", .target = "lot/l"};
    double t = 0;
    int i;

    (void)state;
    if (ts.pg)
        skip(); /* PostgreSQL's statements are not kept by the store */
    cat = tu_catalog();
    a = tu_registry(cat);
    fill(a);
    assert_int_equal(store_open(&st, path, 1, &err), MF_OK);
    assert_int_equal(st->ops->begin(st, &err), MF_OK);
    put_all(st, a);
    assert_int_equal(st->ops->audit_append(st, 1, &au, &err), MF_OK);
    assert_int_equal(st->ops->commit(st, &err), MF_OK);
    for (i = 0; i < 2; i++) { /* prepared, then kept */
        assert_int_equal(
            st->ops->get(st, cat, MF_ENT_LOT, "l", lot_tonnes, &t, &err),
            MF_OK);
        assert_true(t == mf_registry_lot(a, "l")->tonnes);
    }
    raw_exec("ALTER TABLE lot RENAME COLUMN tonnes TO tonnes_before; "
             "ALTER TABLE lot ADD COLUMN tonnes REAL; "
             "UPDATE lot SET tonnes = tonnes_before + 1; "
             "ALTER TABLE audit ADD COLUMN note TEXT");
    assert_int_equal(
        st->ops->get(st, cat, MF_ENT_LOT, "l", lot_tonnes, &t, &err), MF_OK);
    assert_true(t == mf_registry_lot(a, "l")->tonnes + 1);
    assert_int_equal(st->ops->begin(st, &err), MF_OK);
    assert_int_equal(st->ops->audit_append(st, 2, &au, &err), MF_OK);
    assert_int_equal(st->ops->commit(st, &err), MF_OK);
    store_close(st);
    assert_int_equal(raw_int("SELECT count(*) FROM audit WHERE target = "
                             "'lot/l' AND note IS NULL"),
                     2);
    mf_registry_free(a);
    mf_catalog_free(cat);
}

/* Many puts of one kind go to the store in multi-row inserts: all are
 * stored, one put twice within a statement keeps its last values, and a
 * broken reference among them fails the transaction (at the latest at
 * its commit) and leaves nothing. MANY_ROWS is more than two of SQLite's
 * multi-row inserts (PUT_ROWS in store_sqlite.c) and a part of one; the
 * broken reference, at BROKEN_ROW, is inside a whole one. */
#define MANY_ROWS 1200
#define BROKEN_ROW 700

static void test_store__put_many_rows(void **state)
{
    struct mf_catalog *cat = tu_catalog();
    struct mf_registry *a = tu_registry(cat), *b = tu_registry(cat);
    struct store *st = NULL;
    struct mf_error err = {0};
    struct store_query q = STORE_QUERY_INIT;
    struct mf_lot l;
    char ids[MANY_ROWS][16];
    long long n = 0, before;
    int i, rc;

    (void)state;
    fill(a);
    assert_int_equal(store_open(&st, path, 1, &err), MF_OK);
    assert_int_equal(st->ops->begin(st, &err), MF_OK);
    put_all(st, a);
    l = *mf_registry_lot(a, "l");
    for (i = 0; i < MANY_ROWS; i++) {
        snprintf(ids[i], sizeof ids[i], "many-%d", i);
        l.id = ids[i];
        l.tonnes = i + 1;
        assert_int_equal(st->ops->put(st, cat, MF_ENT_LOT, &l, &err), MF_OK);
        if (i == 10) { /* many-3 again, in the same statement */
            l.id = ids[3];
            l.tonnes = 42;
            assert_int_equal(st->ops->put(st, cat, MF_ENT_LOT, &l, &err),
                             MF_OK);
        }
    }
    assert_int_equal(st->ops->commit(st, &err), MF_OK);
    assert_int_equal(st->ops->load(st, b, STORE_ALL, &err), MF_OK);
    before = (long long)mf_registry_count(a, MF_ENT_LOT) + MANY_ROWS;
    assert_int_equal((long long)mf_registry_count(b, MF_ENT_LOT), before);
    assert_true(mf_registry_lot(b, "many-3")->tonnes == 42);
    assert_true(mf_registry_lot(b, "many-1199")->tonnes == MANY_ROWS);
    /* A lot of a project that does not exist, among others. */
    assert_int_equal(st->ops->begin(st, &err), MF_OK);
    for (i = 0, rc = MF_OK; i < MANY_ROWS && rc == MF_OK; i++) {
        snprintf(ids[i], sizeof ids[i], "more-%d", i);
        l.id = ids[i];
        l.project = i == BROKEN_ROW ? "no-such-project"
                                    : mf_registry_lot(a, "l")->project;
        rc = st->ops->put(st, cat, MF_ENT_LOT, &l, &err);
    }
    if (rc == MF_OK)
        rc = st->ops->commit(st, &err);
    assert_int_not_equal(rc, MF_OK);
    st->ops->rollback(st);
    assert_int_equal(st->ops->count(st, &q, &n, &err), MF_OK);
    assert_int_equal(n, before);
    store_close(st);
    mf_registry_free(a);
    mf_registry_free(b);
    mf_catalog_free(cat);
}

/* The query plan PostgreSQL picks for q's statement (codec.c's text with
 * PostGIS, its parameters bound), with sequential and plain index scans
 * disabled: a table of a few rows is otherwise read whole, or in id order
 * through its key, whatever its other indexes. A bitmap scan needs an
 * index whose expression the statement's conditions match. */
static void pg_plan_of(enum mf_entity e, const struct store_query *q, char *out,
                       size_t len)
{
    struct codec_table t;
    struct codec_value params[CODEC_MAX_PARAMS];
    struct buf sql = BUF_INIT, plan = BUF_INIT;
    char text[CODEC_MAX_PARAMS][64];
    const char *vals[CODEC_MAX_PARAMS];
    PGconn *c = pg_test_db();
    PGresult *r;
    int i, n;

    codec_table_init(&t, e);
    assert_int_equal(
        codec_query_sql_geo(&t, q, 0, 1, '$', &sql, params, &n, NULL), MF_OK);
    for (i = 0; i < n; i++) {
        if (params[i].type == CODEC_REAL)
            snprintf(text[i], sizeof text[i], "%.17g", params[i].r);
        else if (params[i].type == CODEC_INT)
            snprintf(text[i], sizeof text[i], "%lld", (long long)params[i].i);
        else
            snprintf(text[i], sizeof text[i], "%s", params[i].text);
        vals[i] = text[i];
    }
    tu_pg_do(c, "SET enable_seqscan = off; SET enable_indexscan = off");
    buf_puts(&plan, "EXPLAIN ");
    buf_puts(&plan, buf_str(&sql));
    r = PQexecParams(c, buf_str(&plan), n, NULL, vals, NULL, NULL, 0);
    buf_free(&plan);
    if (PQresultStatus(r) != PGRES_TUPLES_OK)
        fail_msg("%s: %s", buf_str(&sql), PQerrorMessage(c));
    out[0] = '\0';
    for (i = 0; i < PQntuples(r); i++) {
        size_t used = strlen(out);
        snprintf(out + used, len - used, "%s\n", PQgetvalue(r, i, 0));
    }
    PQclear(r);
    PQfinish(c);
    buf_free(&sql);
}

/* PostgreSQL: with PostGIS, sites and lots have no stored place (024) but
 * a GiST index of the point of lon and lat as geometry, which map and
 * radius queries use; without it, the tables are as in SQLite. */
static void test_store__pg_places(void **state)
{
    struct mf_catalog *cat;
    struct mf_registry *a;
    struct store *st = NULL;
    struct mf_error err = {0};

    (void)state;
    if (!ts.pg)
        skip();
    cat = tu_catalog();
    a = tu_registry(cat);
    fill(a);
    assert_int_equal(store_open(&st, path, 1, &err), MF_OK);
    assert_int_equal(st->ops->begin(st, &err), MF_OK);
    put_all(st, a);
    assert_int_equal(st->ops->commit(st, &err), MF_OK);
    store_close(st);
    if (raw_int("SELECT count(*) FROM pg_available_extensions WHERE name = "
                "'postgis'") == 0) {
        assert_int_equal(raw_int("SELECT count(*) FROM information_schema."
                                 "columns WHERE column_name = 'place'"),
                         0);
    } else {
        char plan[4096];
        struct store_query q = STORE_QUERY_INIT;

        /* The stored place is gone (024): the point is computed. */
        assert_int_equal(raw_int("SELECT count(*) FROM information_schema."
                                 "columns WHERE column_name = 'place'"),
                         0);
        assert_int_equal(raw_int("SELECT count(*) FROM pg_indexes WHERE "
                                 "indexname IN ('site_place', 'lot_geo') AND "
                                 "indexdef LIKE '%USING gist "
                                 "(st_setsrid(st_makepoint(lon, lat), "
                                 "4326))'"),
                         2);
        /* 'l' lies at 59.91 N 10.71 E: within 1 km of Oslo's 59.91, 10.72,
         * and in a box around that circle, the GiST index's search. */
        assert_int_equal(raw_int("SELECT count(*) FROM lot WHERE "
                                 "ST_SetSRID(ST_MakePoint(lon, lat), 4326) "
                                 "&& ST_MakeEnvelope(10.70, 59.90, 10.74, "
                                 "59.92, 4326) AND id = 'l'"),
                         1);
        assert_int_equal(raw_int("SELECT count(*) FROM lot WHERE "
                                 "ST_DWithin(ST_SetSRID(ST_MakePoint(lon, "
                                 "lat), 4326)::geography, ST_SetSRID("
                                 "ST_MakePoint(10.72, 59.91), 4326)::"
                                 "geography, 1000) AND id = 'l'"),
                         1);
        /* The store's own map and radius statements (codec.c) match the
         * indexes' expression: the planner can use them. */
        q.bbox = 1;
        q.west = 10.70, q.east = 10.74, q.south = 59.90, q.north = 59.92;
        pg_plan_of(MF_ENT_LOT, &q, plan, sizeof plan);
        assert_non_null(strstr(plan, "lot_geo"));
        pg_plan_of(MF_ENT_SITE, &q, plan, sizeof plan);
        assert_non_null(strstr(plan, "site_place"));
        q = (struct store_query)STORE_QUERY_INIT;
        q.radius = 1;
        q.lon = 10.72, q.lat = 59.91, q.metres = 1000;
        pg_plan_of(MF_ENT_LOT, &q, plan, sizeof plan);
        assert_non_null(strstr(plan, "lot_geo"));
    }
    mf_registry_free(a);
    mf_catalog_free(cat);
}

/* ---- Chain of custody (STORE_OPS_CUSTODY_VERSION) ---- */

/* Whether SQL on the test's database fails (1) or not (0). */
static int raw_fails(const char *sql)
{
    int failed;

    if (ts.pg) {
        PGconn *c = pg_test_db();
        PGresult *r = PQexec(c, sql);
        failed = PQresultStatus(r) != PGRES_COMMAND_OK &&
                 PQresultStatus(r) != PGRES_TUPLES_OK;
        PQclear(r);
        PQfinish(c);
    } else {
        sqlite3 *db;
        assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
        failed = sqlite3_exec(db, sql, NULL, NULL, NULL) != SQLITE_OK;
        sqlite3_close(db);
    }
    return failed;
}

static void ticket_fill(struct store_ticket *t, const char *id,
                        const char *corrects)
{
    memset(t, 0, sizeof *t);
    snprintf(t->id, sizeof t->id, "%s", id);
    snprintf(t->code, sizeof t->code, "7K3M-Q9XD");
    snprintf(t->lot, sizeof t->lot, "L1");
    snprintf(t->origin, sizeof t->origin, "S1");
    snprintf(t->dest, sizeof t->dest, "S2");
    snprintf(t->haulier, sizeof t->haulier, "974760673");
    snprintf(t->vehicle, sizeof t->vehicle, "EK12345");
    snprintf(t->material, sizeof t->material, "morene");
    t->quantity = 12.5;
    snprintf(t->state, sizeof t->state, "pfm3");
    t->departed = 1767225600;
    snprintf(t->quality_doc, sizeof t->quality_doc, "Q1");
    t->created = 1767225601;
    if (corrects) {
        snprintf(t->corrects, sizeof t->corrects, "%s", corrects);
        snprintf(t->reason, sizeof t->reason, "wrong quantity");
    }
}

struct custody_seen {
    struct store_vehicle v[4];
    struct store_quality_doc d[4];
    char doc_lots[4][2][16];
    struct store_ticket t[4];
    struct store_receipt r[4];
    int n[4];
};

static int custody_collect(void *ctx, enum store_custody_kind kind,
                           const void *rec, struct mf_error *err)
{
    struct custody_seen *s = ctx;
    int i = s->n[kind]++, k;

    (void)err;
    if (i >= 4)
        return MF_ERANGE;
    switch (kind) {
    case STORE_VEHICLE:
        s->v[i] = *(const struct store_vehicle *)rec;
        break;
    case STORE_QUALITY_DOC:
        s->d[i] = *(const struct store_quality_doc *)rec;
        for (k = 0; k < s->d[i].n_lots && k < 2; k++)
            snprintf(s->doc_lots[i][k], sizeof s->doc_lots[i][k], "%s",
                     s->d[i].lots[k]);
        s->d[i].lots = NULL;
        break;
    case STORE_TICKET:
        s->t[i] = *(const struct store_ticket *)rec;
        break;
    case STORE_RECEIPT:
        s->r[i] = *(const struct store_receipt *)rec;
        break;
    }
    return MF_OK;
}

static void test_store__custody_round_trip(void **state)
{
    struct store *st = NULL;
    struct mf_error err = {0};
    struct store_vehicle v = {.reg = "EK12345",
                              .haulier = "974760673",
                              .truck = "",
                              .payload_t = 32.5,
                              .created = 5};
    const char *lots[2] = {"L2", "L1"};
    struct store_quality_doc d = {.id = "Q1",
                                  .sha256 = "e3b0c44298fc1c149afbf4c8996fb924"
                                            "27ae41e4649b934ca495991b7852b855",
                                  .tonnes = 500,
                                  .issued = 20454,
                                  .source = "rapport.pdf",
                                  .lots = lots,
                                  .n_lots = 2,
                                  .created = 6};
    struct store_ticket t, c, got;
    struct store_receipt r;
    struct custody_seen *seen = calloc(1, sizeof *seen);
    int k;

    (void)state;
    assert_non_null(seen);
    assert_int_equal(store_open(&st, path, 1, &err), MF_OK);
    assert_true(st->ops->version >= STORE_OPS_CUSTODY_VERSION);
    assert_int_equal(st->ops->begin(st, &err), MF_OK);
    assert_int_equal(st->ops->vehicle_put(st, &v, &err), MF_OK);
    /* The same vehicle again, and one with nothing stated. */
    assert_int_equal(st->ops->vehicle_put(st, &v, &err), MF_OK);
    snprintf(v.reg, sizeof v.reg, "AB1");
    v.haulier[0] = '\0';
    v.payload_t = 0;
    assert_int_equal(st->ops->vehicle_put(st, &v, &err), MF_OK);
    assert_int_equal(st->ops->quality_doc_put(st, &d, &err), MF_OK);
    ticket_fill(&t, "T1", NULL);
    assert_int_equal(st->ops->ticket_put(st, &t, &err), MF_OK);
    ticket_fill(&c, "T1-c1", "T1");
    c.voids = 1;
    c.code[0] = '\0';
    c.quality_doc[0] = '\0';
    assert_int_equal(st->ops->ticket_put(st, &c, &err), MF_OK);
    memset(&r, 0, sizeof r);
    snprintf(r.id, sizeof r.id, "R1");
    snprintf(r.ticket, sizeof r.ticket, "T-unknown");
    r.arrived = 1767229200;
    r.weighed_t = -1;
    r.accepted = 0;
    snprintf(r.rejection, sizeof r.rejection, "smell of oil");
    r.created = 7;
    assert_int_equal(st->ops->receipt_put(st, &r, &err), MF_OK);
    assert_int_equal(st->ops->commit(st, &err), MF_OK);

    for (k = 0; k < 4; k++)
        assert_int_equal(st->ops->custody_each(st, (enum store_custody_kind)k,
                                               custody_collect, seen, &err),
                         MF_OK);
    assert_int_equal(seen->n[STORE_VEHICLE], 2);
    assert_string_equal(seen->v[0].reg, "AB1");
    assert_string_equal(seen->v[0].haulier, "");
    assert_true(seen->v[0].payload_t == 0);
    assert_string_equal(seen->v[1].haulier, "974760673");
    assert_true(seen->v[1].payload_t == 32.5);
    assert_int_equal(seen->n[STORE_QUALITY_DOC], 1);
    assert_string_equal(seen->d[0].sha256, d.sha256);
    assert_true(seen->d[0].tonnes == 500);
    assert_int_equal(seen->d[0].issued, 20454);
    assert_string_equal(seen->d[0].source, "rapport.pdf");
    assert_int_equal(seen->d[0].n_lots, 2);
    assert_string_equal(seen->doc_lots[0][0], "L1");
    assert_string_equal(seen->doc_lots[0][1], "L2");
    assert_int_equal(seen->n[STORE_TICKET], 2);
    assert_string_equal(seen->t[0].id, "T1");
    assert_true(seen->t[0].seq < seen->t[1].seq);
    assert_string_equal(seen->t[0].code, "7K3M-Q9XD");
    assert_string_equal(seen->t[0].corrects, "");
    assert_string_equal(seen->t[0].state, "pfm3");
    assert_true(seen->t[0].quantity == 12.5);
    assert_true(seen->t[0].departed == 1767225600);
    assert_string_equal(seen->t[0].quality_doc, "Q1");
    assert_string_equal(seen->t[0].material, "morene");
    assert_string_equal(seen->t[1].corrects, "T1");
    assert_string_equal(seen->t[1].reason, "wrong quantity");
    assert_int_equal(seen->t[1].voids, 1);
    assert_string_equal(seen->t[1].code, "");
    assert_int_equal(seen->n[STORE_RECEIPT], 1);
    assert_string_equal(seen->r[0].ticket, "T-unknown");
    assert_string_equal(seen->r[0].site, "");
    assert_true(seen->r[0].weighed_t < 0);
    assert_int_equal(seen->r[0].accepted, 0);
    assert_string_equal(seen->r[0].rejection, "smell of oil");

    assert_int_equal(st->ops->ticket_get(st, "T1", &got, &err), MF_OK);
    assert_string_equal(got.lot, "L1");
    assert_int_equal(st->ops->ticket_get(st, "7K3M-Q9XD", &got, &err), MF_OK);
    assert_string_equal(got.id, "T1");
    assert_int_equal(st->ops->ticket_get(st, "nope", &got, &err), MF_ENOTFOUND);
    store_close(st);
    free(seen);
}

/* Tickets and receipts in bulk (STORE_OPS_CUSTODY_MANY_VERSION): a
 * refusal names the record's index in the call, past the first batch of
 * many rows too, with the rule that ticket_put and receipt_put name. */
#define N_MANY 200

static void many_fill(struct store_ticket *t, struct store_receipt *r)
{
    char id[32];
    int i;

    for (i = 0; i < N_MANY; i++) {
        snprintf(id, sizeof id, "B%04d", i);
        ticket_fill(&t[i], id, NULL);
        snprintf(t[i].code, sizeof t[i].code, "C%04d", i);
        t[i].quantity = 10 + i;
        memset(&r[i], 0, sizeof r[i]);
        snprintf(r[i].id, sizeof r[i].id, "B%04d/R", i);
        snprintf(r[i].ticket, sizeof r[i].ticket, "%s", id);
        r[i].arrived = 1767229200 + i;
        r[i].weighed_t = i % 2 ? 20 + i : -1;
        r[i].accepted = i % 5 != 0;
        if (!r[i].accepted)
            snprintf(r[i].rejection, sizeof r[i].rejection, "smell");
        r[i].created = 1767229201;
    }
}

static void test_store__custody_many_name_the_row(void **state)
{
    struct store *st = NULL;
    struct mf_error err = {0};
    struct store_ticket *t = calloc(N_MANY, sizeof *t), got;
    struct store_receipt *r = calloc(N_MANY, sizeof *r);
    size_t at = 0;

    (void)state;
    assert_non_null(t);
    assert_non_null(r);
    assert_int_equal(store_open(&st, path, 1, &err), MF_OK);
    assert_true(st->ops->version >= STORE_OPS_CUSTODY_MANY_VERSION);

    /* Row 70 repeats row 10's id: inside a batch of many rows. */
    many_fill(t, r);
    snprintf(t[70].id, sizeof t[70].id, "B%04d", 10); /* row 10's */
    assert_int_equal(st->ops->begin(st, &err), MF_OK);
    assert_int_equal(st->ops->tickets_put(st, t, N_MANY, &at, &err), MF_EINVAL);
    assert_int_equal(at, 70);
    assert_string_equal(err.where, "id");
    assert_non_null(strstr(err.message, "'B0010'"));
    st->ops->rollback(st);

    /* A broken CHECK (quantity above 0) past the first batches. */
    many_fill(t, r);
    t[199].quantity = 0;
    memset(&err, 0, sizeof err);
    assert_int_equal(st->ops->begin(st, &err), MF_OK);
    assert_int_equal(st->ops->tickets_put(st, t, N_MANY, &at, &err), MF_EINVAL);
    assert_int_equal(at, 199);
    assert_string_equal(err.where, "B0199");
    st->ops->rollback(st);

    /* Receipt 150 repeats an id stored before the call. */
    many_fill(t, r);
    snprintf(r[150].id, sizeof r[150].id, "B0003/R");
    memset(&err, 0, sizeof err);
    assert_int_equal(st->ops->begin(st, &err), MF_OK);
    assert_int_equal(st->ops->tickets_put(st, t, N_MANY, &at, &err), MF_OK);
    assert_int_equal(st->ops->receipts_put(st, r, 4, &at, &err), MF_OK);
    assert_int_equal(st->ops->receipts_put(st, r + 4, N_MANY - 4, &at, &err),
                     MF_EINVAL);
    assert_int_equal(at, 146);
    assert_string_equal(err.where, "id");
    st->ops->rollback(st);
    assert_int_equal(st->ops->ticket_get(st, "B0000", &got, &err),
                     MF_ENOTFOUND);

    /* A correction of a ticket that is not stored, at row 120 of a call
     * (PostgreSQL checks its foreign key at the end of a statement). */
    many_fill(t, r);
    snprintf(t[120].corrects, sizeof t[120].corrects, "B-none");
    snprintf(t[120].reason, sizeof t[120].reason, "wrong lot");
    memset(&err, 0, sizeof err);
    assert_int_equal(st->ops->begin(st, &err), MF_OK);
    assert_int_equal(st->ops->tickets_put(st, t, N_MANY, &at, &err), MF_EINVAL);
    assert_int_equal(at, 120);
    assert_string_equal(err.where, "corrects");
    st->ops->rollback(st);

    /* All of them, as one by one would store them, a correction of an
     * earlier row among them. */
    many_fill(t, r);
    snprintf(t[150].corrects, sizeof t[150].corrects, "B0003");
    snprintf(t[150].reason, sizeof t[150].reason, "wrong lot");
    snprintf(r[7].id, sizeof r[7].id, "B0007\\R\t2");
    assert_int_equal(st->ops->begin(st, &err), MF_OK);
    assert_int_equal(st->ops->tickets_put(st, t, N_MANY, &at, &err), MF_OK);
    assert_int_equal(st->ops->receipts_put(st, r, N_MANY, &at, &err), MF_OK);
    assert_int_equal(st->ops->commit(st, &err), MF_OK);
    assert_int_equal(st->ops->ticket_get(st, "C0133", &got, &err), MF_OK);
    assert_string_equal(got.id, "B0133");
    assert_true(got.quantity == 143);
    assert_string_equal(got.state, "pfm3");
    assert_string_equal(got.quality_doc, "Q1");
    store_close(st);
    assert_int_equal(raw_int("SELECT count(*) FROM ticket"), N_MANY);
    assert_int_equal(raw_int("SELECT count(*) FROM receipt"), N_MANY);
    assert_int_equal(raw_int("SELECT count(*) FROM receipt WHERE accepted = 0 "
                             "AND rejection = 'smell'"),
                     N_MANY / 5);
    assert_int_equal(raw_int("SELECT count(*) FROM receipt WHERE weighed_t "
                             "IS NULL"),
                     N_MANY / 2);
    assert_int_equal(raw_int("SELECT max(seq) - min(seq) FROM ticket"),
                     N_MANY - 1);
    assert_int_equal(raw_int("SELECT count(*) FROM ticket WHERE id = 'B0150' "
                             "AND corrects = 'B0003'"),
                     1);
    /* A backslash and a tab in a text survive (COPY's escapes). */
    assert_int_equal(
        raw_int("SELECT count(*) FROM receipt WHERE id = 'B0007\\R\t2'"), 1);
    free(t);
    free(r);
}

/* A bulk load told its size (STORE_OPS_CUSTODY_BULK_VERSION): whether
 * the indexes of ticket that are not UNIQUE are dropped, seen from the
 * store's own transaction (SQLite: its schema; PostgreSQL: the DROP's
 * lock, which holds a reader of ticket on another connection). */
static int bulk_deferred(struct store *st)
{
    if (ts.pg) {
        PGconn *c = pg_test_db();
        PGresult *r;
        int locked;
        tu_pg_do(c, "SET lock_timeout = '200ms'");
        r = PQexec(c, "SELECT count(*) FROM ticket");
        locked = PQresultStatus(r) != PGRES_TUPLES_OK;
        if (locked) {
            const char *state = PQresultErrorField(r, PG_DIAG_SQLSTATE);
            assert_string_equal(state ? state : "", "55P03");
        }
        PQclear(r);
        PQfinish(c);
        return locked;
    } else {
        sqlite3_stmt *q;
        int n = -1;
        assert_int_equal(sqlite3_prepare_v2(store_sqlite_db(st, NULL),
                                            "SELECT count(*) FROM "
                                            "sqlite_master WHERE name IN "
                                            "('ticket_lot', 'ticket_code', "
                                            "'receipt_ticket')",
                                            -1, &q, NULL),
                         SQLITE_OK);
        if (sqlite3_step(q) == SQLITE_ROW)
            n = sqlite3_column_int(q, 0);
        sqlite3_finalize(q);
        assert_true(n == 0 || n == 3);
        return n == 0;
    }
}

/* n tickets and their receipts, ids prefix0000.. */
static void bulk_fill(struct store_ticket *t, struct store_receipt *r, int n,
                      const char *prefix)
{
    char id[32];
    int i;

    for (i = 0; i < n; i++) {
        snprintf(id, sizeof id, "%s%05d", prefix, i);
        ticket_fill(&t[i], id, NULL);
        snprintf(t[i].code, sizeof t[i].code, "%s-%05d", prefix, i);
        memset(&r[i], 0, sizeof r[i]);
        snprintf(r[i].id, sizeof r[i].id, "%s/R", id);
        snprintf(r[i].ticket, sizeof r[i].ticket, "%s", id);
        r[i].arrived = 1767229200 + i;
        r[i].weighed_t = 20;
        r[i].accepted = 1;
        r[i].created = 1767229201;
    }
}

#define N_BULK 2400

static void test_store__custody_bulk_load(void **state)
{
    struct store *st = NULL;
    struct mf_error err = {0};
    struct store_ticket *t = calloc(N_BULK, sizeof *t), got;
    struct store_receipt *r = calloc(N_BULK, sizeof *r);
    const char *count_indexes =
        ts.pg ? "SELECT count(*) FROM pg_indexes WHERE tablename IN "
                "('ticket', 'receipt')"
              : "SELECT count(*) FROM sqlite_master WHERE type = 'index' "
                "AND tbl_name IN ('ticket', 'receipt')";
    long long n_indexes;
    size_t at = 0;

    (void)state;
    assert_non_null(t);
    assert_non_null(r);
    assert_int_equal(store_open(&st, path, 1, &err), MF_OK);
    assert_true(st->ops->version >= STORE_OPS_CUSTODY_BULK_VERSION);
    store_close(st);
    n_indexes = raw_int(count_indexes);
    assert_int_equal(store_open(&st, path, 0, &err), MF_OK);

    /* Into empty tables: a load of a few rows keeps the indexes, one of
     * many drops them; a taken id in a later batch is still named at its
     * row, and the rollback keeps nothing and brings them back. */
    bulk_fill(t, r, N_BULK, "A");
    assert_int_equal(st->ops->begin(st, &err), MF_OK);
    assert_int_equal(st->ops->custody_bulk_begin(st, 10, &err), MF_OK);
    assert_false(bulk_deferred(st));
    st->ops->rollback(st);
    snprintf(t[2100].id, sizeof t[2100].id, "A%05d", 5); /* row 5's */
    assert_int_equal(st->ops->begin(st, &err), MF_OK);
    assert_int_equal(st->ops->custody_bulk_begin(st, N_BULK, &err), MF_OK);
    assert_true(bulk_deferred(st));
    assert_int_equal(st->ops->tickets_put(st, t, 2000, &at, &err), MF_OK);
    assert_int_equal(st->ops->receipts_put(st, r, 2000, &at, &err), MF_OK);
    assert_int_equal(
        st->ops->tickets_put(st, t + 2000, N_BULK - 2000, &at, &err),
        MF_EINVAL);
    assert_int_equal(at, 100);
    assert_string_equal(err.where, "id");
    assert_non_null(strstr(err.message, "'A00005'"));
    st->ops->rollback(st);
    store_close(st);
    assert_int_equal(raw_int("SELECT count(*) FROM ticket"), 0);
    assert_int_equal(raw_int(count_indexes), n_indexes);

    /* All of them: the indexes are built again at custody_bulk_end,
     * inside the transaction, and answer after the commit. */
    assert_int_equal(store_open(&st, path, 0, &err), MF_OK);
    bulk_fill(t, r, N_BULK, "A");
    assert_int_equal(st->ops->begin(st, &err), MF_OK);
    assert_int_equal(st->ops->custody_bulk_begin(st, N_BULK, &err), MF_OK);
    assert_int_equal(st->ops->tickets_put(st, t, N_BULK, &at, &err), MF_OK);
    assert_int_equal(st->ops->receipts_put(st, r, N_BULK, &at, &err), MF_OK);
    assert_int_equal(st->ops->custody_bulk_end(st, &err), MF_OK);
    assert_int_equal(st->ops->commit(st, &err), MF_OK);
    store_close(st);
    assert_int_equal(raw_int(count_indexes), n_indexes);
    assert_int_equal(raw_int("SELECT count(*) FROM receipt"), N_BULK);
    assert_int_equal(store_open(&st, path, 0, &err), MF_OK);
    assert_int_equal(st->ops->ticket_get(st, "A-01234", &got, &err), MF_OK);
    assert_string_equal(got.id, "A01234");

    /* Into tables of N_BULK rows: a load of under half of them keeps the
     * indexes (kept up row by row), one of more drops them (told more
     * rows than it puts: PostgreSQL's ids count the rows rolled back). */
    bulk_fill(t, r, N_BULK, "B");
    assert_int_equal(st->ops->begin(st, &err), MF_OK);
    assert_int_equal(st->ops->custody_bulk_begin(st, N_BULK / 8, &err), MF_OK);
    assert_false(bulk_deferred(st));
    assert_int_equal(st->ops->tickets_put(st, t, N_BULK / 8, &at, &err), MF_OK);
    assert_int_equal(st->ops->custody_bulk_end(st, &err), MF_OK);
    assert_int_equal(st->ops->commit(st, &err), MF_OK);
    bulk_fill(t, r, N_BULK, "C");
    assert_int_equal(st->ops->begin(st, &err), MF_OK);
    assert_int_equal(st->ops->custody_bulk_begin(st, 4 * N_BULK, &err), MF_OK);
    assert_true(bulk_deferred(st));
    assert_int_equal(st->ops->tickets_put(st, t, N_BULK, &at, &err), MF_OK);
    /* A ticket id stored by an earlier load, in the last batch. */
    snprintf(r[N_BULK - 1].id, sizeof r[N_BULK - 1].id, "A00007/R");
    assert_int_equal(st->ops->receipts_put(st, r, N_BULK, &at, &err),
                     MF_EINVAL);
    assert_int_equal(at, N_BULK - 1);
    assert_string_equal(err.where, "id");
    st->ops->rollback(st);
    store_close(st);
    assert_int_equal(raw_int(count_indexes), n_indexes);
    assert_int_equal(raw_int("SELECT count(*) FROM ticket"),
                     N_BULK + N_BULK / 8);
    assert_int_equal(raw_int("SELECT count(*) FROM ticket WHERE id LIKE 'C%'"),
                     0);
    free(t);
    free(r);
}

/* SQLite's file header: 2 at byte 18 while the database is in WAL mode,
 * 1 in a rollback journal's. Read from the file, taking no lock. */
static int header_wal(void)
{
    unsigned char h[20] = {0};
    FILE *f = fopen(path, "rb");

    assert_non_null(f);
    assert_int_equal(fread(h, 1, sizeof h, f), sizeof h);
    fclose(f);
    return h[18] == 2;
}

/* A bulk load of at least JOURNAL_AT (200,000) tickets into the SQLite
 * store switches the database to the rollback journal until its
 * transaction ends, unless another connection has it open or the
 * transaction has written something; the commit or the rollback switches
 * it back to WAL. */
static void test_store__custody_bulk_journal(void **state)
{
    struct store *st = NULL, *other = NULL;
    struct mf_error err = {0};
    struct store_ticket *t;
    struct store_receipt *r;
    struct store_vehicle v = {.reg = "EK1", .haulier = "974760673"};
    size_t at = 0;

    (void)state;
    if (ts.pg)
        skip(); /* PostgreSQL has no journal to switch */
    t = calloc(N_BULK, sizeof *t);
    r = calloc(N_BULK, sizeof *r);
    assert_non_null(t);
    assert_non_null(r);
    assert_int_equal(store_open(&st, path, 1, &err), MF_OK);
    assert_true(header_wal());

    /* A load of fewer rows stays in WAL. */
    assert_int_equal(st->ops->begin(st, &err), MF_OK);
    assert_int_equal(st->ops->custody_bulk_begin(st, 199999, &err), MF_OK);
    assert_true(header_wal());
    st->ops->rollback(st);

    /* A large one rolled back: nothing kept, WAL again. */
    bulk_fill(t, r, N_BULK, "A");
    assert_int_equal(st->ops->begin(st, &err), MF_OK);
    assert_int_equal(st->ops->custody_bulk_begin(st, 200000, &err), MF_OK);
    assert_false(header_wal());
    assert_int_equal(st->ops->tickets_put(st, t, N_BULK, &at, &err), MF_OK);
    st->ops->rollback(st);
    assert_true(header_wal());

    /* Committed: every row, the indexes built, WAL again. */
    assert_int_equal(st->ops->begin(st, &err), MF_OK);
    assert_int_equal(st->ops->custody_bulk_begin(st, 200000, &err), MF_OK);
    assert_false(header_wal());
    assert_int_equal(st->ops->tickets_put(st, t, N_BULK, &at, &err), MF_OK);
    assert_int_equal(st->ops->receipts_put(st, r, N_BULK, &at, &err), MF_OK);
    assert_int_equal(st->ops->custody_bulk_end(st, &err), MF_OK);
    assert_int_equal(st->ops->commit(st, &err), MF_OK);
    assert_true(header_wal());
    store_close(st);
    assert_int_equal(raw_int("SELECT count(*) FROM ticket"), N_BULK);
    assert_int_equal(raw_int("SELECT count(*) FROM receipt"), N_BULK);
    assert_int_equal(raw_int("SELECT count(*) FROM pragma_journal_mode() "
                             "WHERE journal_mode = 'wal'"),
                     1);

    /* A transaction that has written something stays in WAL. */
    assert_int_equal(store_open(&st, path, 0, &err), MF_OK);
    bulk_fill(t, r, N_BULK, "B");
    assert_int_equal(st->ops->begin(st, &err), MF_OK);
    assert_int_equal(st->ops->vehicle_put(st, &v, &err), MF_OK);
    assert_int_equal(st->ops->custody_bulk_begin(st, 200000, &err), MF_OK);
    assert_true(header_wal());
    st->ops->rollback(st);

    /* Another connection open: the load stays in WAL, and is stored. */
    assert_int_equal(store_open(&other, path, 0, &err), MF_OK);
    assert_int_equal(st->ops->begin(st, &err), MF_OK);
    assert_int_equal(st->ops->custody_bulk_begin(st, 200000, &err), MF_OK);
    assert_true(header_wal());
    assert_int_equal(st->ops->tickets_put(st, t, N_BULK, &at, &err), MF_OK);
    assert_int_equal(st->ops->custody_bulk_end(st, &err), MF_OK);
    assert_int_equal(st->ops->commit(st, &err), MF_OK);
    store_close(other);
    store_close(st);
    assert_true(header_wal());
    assert_int_equal(raw_int("SELECT count(*) FROM ticket"), 2 * N_BULK);

    /* The store closed with the load's transaction open: rolled back,
     * WAL again. */
    assert_int_equal(store_open(&st, path, 0, &err), MF_OK);
    bulk_fill(t, r, N_BULK, "C");
    assert_int_equal(st->ops->begin(st, &err), MF_OK);
    assert_int_equal(st->ops->custody_bulk_begin(st, 200000, &err), MF_OK);
    assert_false(header_wal());
    assert_int_equal(st->ops->tickets_put(st, t, N_BULK, &at, &err), MF_OK);
    store_close(st);
    assert_true(header_wal());
    assert_int_equal(raw_int("SELECT count(*) FROM ticket"), 2 * N_BULK);
    free(t);
    free(r);
}

static void test_store__custody_is_append_only(void **state)
{
    struct store *st = NULL;
    struct mf_error err = {0};
    struct store_ticket t;
    struct store_vehicle v = {.reg = "EK1", .haulier = "974760673"};

    (void)state;
    assert_int_equal(store_open(&st, path, 1, &err), MF_OK);
    ticket_fill(&t, "T1", NULL);
    assert_int_equal(st->ops->ticket_put(st, &t, &err), MF_OK);
    /* The same id again: refused, never replaced. */
    t.quantity = 99;
    assert_int_equal(st->ops->ticket_put(st, &t, &err), MF_EINVAL);
    assert_string_equal(err.where, "id");
    /* A correction of a ticket that is not stored. */
    ticket_fill(&t, "T2", "T-none");
    assert_int_equal(st->ops->ticket_put(st, &t, &err), MF_EINVAL);
    assert_string_equal(err.where, "corrects");
    /* One correction, then a second of the same ticket. */
    ticket_fill(&t, "T1-c1", "T1");
    assert_int_equal(st->ops->ticket_put(st, &t, &err), MF_OK);
    ticket_fill(&t, "T1-c2", "T1");
    assert_int_equal(st->ops->ticket_put(st, &t, &err), MF_EINVAL);
    assert_string_equal(err.where, "corrects");
    assert_non_null(strstr(err.message, "newest"));
    /* A vehicle of another haulier. */
    assert_int_equal(st->ops->vehicle_put(st, &v, &err), MF_OK);
    snprintf(v.haulier, sizeof v.haulier, "923609016");
    assert_int_equal(st->ops->vehicle_put(st, &v, &err), MF_EINVAL);
    assert_string_equal(err.where, "haulier");
    /* A transaction rolled back leaves nothing. */
    assert_int_equal(st->ops->begin(st, &err), MF_OK);
    ticket_fill(&t, "T3", NULL);
    assert_int_equal(st->ops->ticket_put(st, &t, &err), MF_OK);
    st->ops->rollback(st);
    assert_int_equal(st->ops->ticket_get(st, "T3", &t, &err), MF_ENOTFOUND);
    store_close(st);
    /* The database itself refuses to edit or delete. */
    assert_int_equal(raw_int("SELECT count(*) FROM ticket"), 2);
    assert_true(raw_fails("UPDATE ticket SET quantity = 1 WHERE id = 'T1'"));
    assert_true(raw_fails("DELETE FROM ticket WHERE id = 'T1'"));
    assert_true(raw_fails("UPDATE vehicle SET haulier = NULL"));
    assert_true(raw_fails("DELETE FROM vehicle"));
    assert_int_equal(raw_int("SELECT count(*) FROM ticket"), 2);
    assert_int_equal(raw_int("SELECT count(*) FROM vehicle"), 1);
}

/* ---- Custody records found by the database (custody_find) ---- */

struct found_list {
    char ids[512];  /* "T1,T2" */
    char what[512]; /* "T1:corrected:,T1-c2:received:R1" */
};

static int found_add(void *ctx, const struct store_custody_found *f,
                     struct mf_error *err)
{
    struct found_list *l = ctx;
    const char *id = f->kind == STORE_TICKET ? f->ticket.id : f->receipt.id;
    size_t n = strlen(l->ids), m = strlen(l->what);

    (void)err;
    snprintf(l->ids + n, sizeof l->ids - n, "%s%s", n ? "," : "", id);
    snprintf(l->what + m, sizeof l->what - m, "%s%s:%s:%s:%s", m ? "," : "", id,
             f->status, f->has_receipt ? f->receipt.id : "", f->corrected_by);
    return MF_OK;
}

/* The ids q finds and how many it selects, paging aside. */
static long long find(struct store *st, struct store_custody_query q,
                      struct found_list *l)
{
    struct mf_error err = {0};
    long long total = -1;

    memset(l, 0, sizeof *l);
    if (st->ops->custody_find(st, &q, found_add, l, &total, &err))
        fail_msg("custody_find: %s", err.message);
    return total;
}

static void put_receipt(struct store *st, const char *id, const char *ticket,
                        const char *corrects, int accepted, int voids)
{
    struct store_receipt r;
    struct mf_error err = {0};

    memset(&r, 0, sizeof r);
    snprintf(r.id, sizeof r.id, "%s", id);
    snprintf(r.ticket, sizeof r.ticket, "%s", ticket);
    if (corrects) {
        snprintf(r.corrects, sizeof r.corrects, "%s", corrects);
        snprintf(r.reason, sizeof r.reason, "recounted");
    }
    r.voids = voids;
    r.arrived = 1767229200;
    r.weighed_t = 20;
    r.accepted = accepted;
    if (!accepted)
        snprintf(r.rejection, sizeof r.rejection, "wet");
    r.created = 1767229201;
    if (st->ops->receipt_put(st, &r, &err))
        fail_msg("receipt %s: %s", id, err.message);
}

static void put_ticket(struct store *st, const char *id, const char *corrects,
                       int voids, const char *lot, const char *origin,
                       const char *dest)
{
    struct store_ticket t;
    struct mf_error err = {0};

    ticket_fill(&t, id, corrects);
    snprintf(t.code, sizeof t.code, "C-%s", id);
    snprintf(t.lot, sizeof t.lot, "%s", lot);
    snprintf(t.origin, sizeof t.origin, "%s", origin);
    snprintf(t.dest, sizeof t.dest, "%s", dest);
    t.voids = voids;
    if (st->ops->ticket_put(st, &t, &err))
        fail_msg("ticket %s: %s", id, err.message);
}

static void test_store__custody_find(void **state)
{
    struct store *st = NULL;
    struct mf_error err = {0};
    struct store_custody_query q = STORE_CUSTODY_QUERY_INIT;
    struct found_list *l = calloc(1, sizeof *l);

    (void)state;
    assert_non_null(l);
    assert_int_equal(store_open(&st, path, 1, &err), MF_OK);
    assert_true(st->ops->version >= STORE_OPS_CUSTODY_FIND_VERSION);
    assert_int_equal(st->ops->begin(st, &err), MF_OK);
    put_ticket(st, "T1", NULL, 0, "L1", "S1", "S2");
    put_ticket(st, "T2", NULL, 0, "L2", "S3", "S2");
    put_ticket(st, "T3", NULL, 0, "L1", "S1", "S4");
    put_ticket(st, "T4", NULL, 0, "L1", "S3", "S4");
    put_ticket(st, "T5", NULL, 0, "L1", "S1", "S2");
    put_ticket(st, "T6", NULL, 0, "L2", "S1", "S2");
    /* T1's receipt names T1: its correction is received by it. */
    put_receipt(st, "R1", "T1", NULL, 1, 0);
    put_receipt(st, "R2", "T2", NULL, 0, 0);
    put_receipt(st, "R5", "T5", NULL, 1, 0);
    put_receipt(st, "R6", "T6", NULL, 0, 0);
    put_receipt(st, "R2-c2", "T2", "R2", 1, 0);
    put_receipt(st, "R5-c2", "T5", "R5", 1, 1);
    put_ticket(st, "T1-c2", "T1", 0, "L1", "S1", "S2");
    put_ticket(st, "T4-c2", "T4", 1, "L1", "S3", "S4");
    assert_int_equal(st->ops->commit(st, &err), MF_OK);

    assert_int_equal(find(st, q, l), 8);
    assert_string_equal(l->what, "T1:corrected:R1:T1-c2,T2:received:R2-c2:,"
                                 "T3:in_transit::,T4:corrected::T4-c2,"
                                 "T5:in_transit::,T6:rejected:R6:,"
                                 "T1-c2:received:R1:,T4-c2:void::");
    q.status = "received";
    assert_int_equal(find(st, q, l), 2);
    assert_string_equal(l->ids, "T2,T1-c2");
    q.status = "in_transit";
    assert_int_equal(find(st, q, l), 2);
    assert_string_equal(l->ids, "T3,T5");
    q.offset = 1;
    q.limit = 1;
    assert_int_equal(find(st, q, l), 2);
    assert_string_equal(l->ids, "T5");
    q.offset = 0;
    q.limit = 0;
    q.status = "rejected";
    assert_int_equal(find(st, q, l), 1);
    assert_string_equal(l->ids, "T6");
    q.status = "corrected";
    assert_int_equal(find(st, q, l), 2);
    assert_string_equal(l->ids, "T1,T4");
    q.status = "void";
    assert_int_equal(find(st, q, l), 1);
    assert_string_equal(l->ids, "T4-c2");
    q.status = "lost";
    assert_int_equal(st->ops->custody_find(st, &q, found_add, l, NULL, &err),
                     MF_EINVAL);
    q.status = NULL;

    /* Filters, and pages by offset and by key. */
    q.lot = "L2";
    assert_int_equal(find(st, q, l), 2);
    assert_string_equal(l->ids, "T2,T6");
    q.lot = NULL;
    q.site = "S3";
    assert_int_equal(find(st, q, l), 3);
    assert_string_equal(l->ids, "T2,T4,T4-c2");
    q.site = NULL;
    q.sites = "[\"S4\", \"S9\"]";
    assert_int_equal(find(st, q, l), 3);
    assert_string_equal(l->ids, "T3,T4,T4-c2");
    q.sites = "[]";
    assert_int_equal(find(st, q, l), 0);
    assert_string_equal(l->ids, "");
    q.sites = NULL;
    q.offset = 1;
    q.limit = 2;
    assert_int_equal(find(st, q, l), 8);
    assert_string_equal(l->ids, "T2,T3");
    q.offset = 0;
    q.after = "T3";
    assert_int_equal(find(st, q, l), 5);
    assert_string_equal(l->ids, "T4,T5");
    q.after = "nope";
    assert_int_equal(find(st, q, l), 0);
    q.after = NULL;
    q.limit = 0;
    q.corrects = "T1";
    assert_int_equal(find(st, q, l), 1);
    assert_string_equal(l->ids, "T1-c2");
    q.corrects = NULL;
    q.id = "T4";
    assert_int_equal(find(st, q, l), 1);
    assert_string_equal(l->what, "T4:corrected::T4-c2");

    /* Receipts, with what corrects them. */
    q.id = NULL;
    q.kind = STORE_RECEIPT;
    assert_int_equal(find(st, q, l), 6);
    assert_string_equal(l->what, "R1:::,R2:::R2-c2,R5:::R5-c2,R6:::,"
                                 "R2-c2:::,R5-c2:::");
    q.corrects = "R5";
    assert_int_equal(find(st, q, l), 1);
    assert_string_equal(l->ids, "R5-c2");
    store_close(st);
    free(l);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(
            test_store__missing_database_is_not_created, setup, teardown),
        cmocka_unit_test_setup_teardown(test_store__round_trip, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_store__rollback_leaves_nothing,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(test_store__many_puts, setup, teardown),
        cmocka_unit_test_setup_teardown(test_store__documents, setup, teardown),
        cmocka_unit_test_setup_teardown(test_store__refuses_newer_schema, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_store__migrates_forward, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_store__migration_025_keeps_tickets,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(test_store__queries, setup, teardown),
        cmocka_unit_test_setup_teardown(test_store__map_and_radius, setup,
                                        teardown),
        cmocka_unit_test(test_store__postgis_sql),
        cmocka_unit_test_setup_teardown(test_store__lot_queries_use_indexes,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(test_store__large_import_keeps_indexes,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(test_store__large_import_all_or_nothing,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(test_store__large_import_repeated_id,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(test_store__large_import_site_reference,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(
            test_store__large_import_site_index_waits, setup, teardown),
        cmocka_unit_test_setup_teardown(test_store__reals_exact, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(
            test_store__put_twice_and_read_in_transaction, setup, teardown),
        cmocka_unit_test_setup_teardown(
            test_store__kept_statements_follow_schema, setup, teardown),
        cmocka_unit_test_setup_teardown(test_store__put_many_rows, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_store__pg_places, setup, teardown),
        cmocka_unit_test_setup_teardown(test_store__custody_round_trip, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_store__custody_is_append_only,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(test_store__custody_find, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_store__custody_many_name_the_row,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(test_store__custody_bulk_load, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_store__custody_bulk_journal, setup,
                                        teardown),
    };

    tu_store_init(&ts);
    if (ts.pg) {
        /* Each test's database is a copy of this one: PostGIS (when the
         * server has it) is created once, not in every test (seconds). */
        PGconn *c = tu_pg_admin();
        PGresult *r = PQexec(c, "SELECT 1 FROM pg_database WHERE datname = "
                                "'mft_template'");
        int have = PQntuples(r) > 0;
        PQclear(r);
        if (!have) {
            PGconn *t;
            tu_pg_do(c, "CREATE DATABASE mft_template");
            t = PQconnectdb("dbname=mft_template");
            r = PQexec(t, "CREATE EXTENSION IF NOT EXISTS postgis");
            PQclear(r); /* without PostGIS, without */
            PQfinish(t);
        }
        PQfinish(c);
    }
    return cmocka_run_group_tests(tests, NULL, NULL);
}
