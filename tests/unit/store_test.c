/*
 * store_test.c - the SQLite store: creating and migrating, round trips of
 * every kind of record, transactions that roll back to exactly what was
 * there, documents, and the errors for a missing or newer database.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "testutil.h"

#include "store.h"

#include <sqlite3.h>
#include <stdio.h>
#include <unistd.h>

static char path[64];

static int setup(void **state)
{
    int fd;

    (void)state;
    snprintf(path, sizeof path, "/tmp/mf-store-XXXXXX");
    fd = mkstemp(path);
    close(fd);
    unlink(path);
    return 0;
}

static int teardown(void **state)
{
    char p[96];

    (void)state;
    unlink(path);
    snprintf(p, sizeof p, "%s-wal", path);
    unlink(p);
    snprintf(p, sizeof p, "%s-shm", path);
    unlink(p);
    return 0;
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

static void test_store__missing_database_is_not_created(void **state)
{
    struct store *st = NULL;
    struct mf_error err = {0};

    (void)state;
    assert_int_equal(store_open(&st, path, 0, &err), MF_ENOTFOUND);
    assert_null(st);
    assert_non_null(strstr(err.message, "masseflyt init"));
    assert_int_not_equal(access(path, F_OK), 0);
    assert_int_equal(store_open(&st, "postgres://x", 1, &err), MF_ENOTFOUND);
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
    assert_int_equal(version, 5); /* the last migration, 005_accounts */
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
        assert_int_equal(st->ops->begin(st, &err), MF_OK);
        assert_int_equal(st->ops->put(st, cat, MF_ENT_LOT, &l, &err),
                         MF_ESTORE);
        st->ops->rollback(st);
    }
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
    sqlite3 *db;

    (void)state;
    assert_int_equal(store_open(&st, path, 1, &err), MF_OK);
    store_close(st);
    assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
    assert_int_equal(
        sqlite3_exec(db, "PRAGMA user_version = 99", NULL, NULL, NULL),
        SQLITE_OK);
    sqlite3_close(db);
    assert_int_equal(store_open(&st, path, 0, &err), MF_ESTORE);
    assert_non_null(strstr(err.message, "newer than this program"));
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
        cmocka_unit_test_setup_teardown(test_store__documents, setup, teardown),
        cmocka_unit_test_setup_teardown(test_store__refuses_newer_schema, setup,
                                        teardown),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
