/*
 * store_damage_test.c - a damaged database is never used as if whole:
 * thirty copies with bytes overwritten at seeded random places either
 * still check and load every record, or fail with MF_EDAMAGED (or another
 * store error), never with part of the registry. Also: the quick and
 * full checks, the online backup, a missing folder, and a file that is
 * not a database.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "testutil.h"

#include "store.h"

#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

#define N_LOTS 3000

static char dir[64], db[128];

static int setup(void **state)
{
    (void)state;
    snprintf(dir, sizeof dir, "/tmp/mf-damage-XXXXXX");
    assert_non_null(mkdtemp(dir));
    snprintf(db, sizeof db, "%s/a.db", dir);
    return 0;
}

static int teardown(void **state)
{
    char cmd[160];

    (void)state;
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    assert_int_equal(system(cmd), 0);
    return 0;
}

/* A registry of one organisation, project and site and N_LOTS lots,
 * written to path and closed (so the WAL is checkpointed into the file). */
static void make_db(const char *path)
{
    struct mf_catalog *cat = tu_catalog();
    struct mf_registry *reg = tu_registry(cat);
    struct store *st = NULL;
    struct mf_error err = {0};
    char id[32];
    size_t i;

    tu_org(reg, "o", 1);
    tu_project(reg, "p", "o", "0301");
    tu_site(reg, "s", MF_SITE_RECEIVING, 59.9, 10.7, "sprengstein", NULL, 1e6,
            100);
    for (i = 0; i < N_LOTS; i++) {
        snprintf(id, sizeof id, "lot-%05zu", i);
        tu_supply(reg, id, "p", "sprengstein", 1000 + (double)i, "2025-01-01",
                  "2025-12-31", 59.91, 10.71);
    }
    assert_int_equal(store_open(&st, path, 1, &err), MF_OK);
    assert_int_equal(st->ops->begin(st, &err), MF_OK);
    assert_int_equal(
        st->ops->put(st, cat, MF_ENT_ORG, mf_registry_org_at(reg, 0), &err),
        MF_OK);
    assert_int_equal(st->ops->put(st, cat, MF_ENT_PROJECT,
                                  mf_registry_project_at(reg, 0), &err),
                     MF_OK);
    assert_int_equal(
        st->ops->put(st, cat, MF_ENT_SITE, mf_registry_site_at(reg, 0), &err),
        MF_OK);
    for (i = 0; i < N_LOTS; i++)
        assert_int_equal(
            st->ops->put(st, cat, MF_ENT_LOT, mf_registry_lot_at(reg, i), &err),
            MF_OK);
    assert_int_equal(st->ops->commit(st, &err), MF_OK);
    store_close(st);
    mf_registry_free(reg);
    mf_catalog_free(cat);
}

static void copy_file(const char *from, const char *to)
{
    char cmd[1024];

    snprintf(cmd, sizeof cmd, "cp '%s' '%s' && rm -f '%s-wal' '%s-shm'", from,
             to, to, to);
    assert_int_equal(system(cmd), 0);
}

/* Overwrites n bytes at seeded random offsets past the 100-byte header. */
static void damage(const char *path, unsigned seed, int n)
{
    FILE *f = fopen(path, "r+b");
    long size;
    int i;

    assert_non_null(f);
    fseek(f, 0, SEEK_END);
    size = ftell(f);
    srand(seed);
    for (i = 0; i < n; i++) {
        long at = 100 + rand() % (size - 100);
        fseek(f, at, SEEK_SET);
        fputc(rand() & 0xff, f);
    }
    fclose(f);
}

/* Opens, checks (when check) and loads path like a command that reads
 * the whole registry. Returns MF_OK with the number of lots, or the
 * error. */
static int open_and_load(const char *path, int check, size_t *n_lots,
                         struct mf_error *err)
{
    struct mf_catalog *cat = tu_catalog();
    struct mf_registry *reg = tu_registry(cat);
    struct store *st = NULL;
    int rc = store_open(&st, path, 0, err);

    if (rc == MF_OK && check)
        rc = st->ops->check(st, 0, err);
    if (rc == MF_OK)
        rc = st->ops->load(st, reg, STORE_ALL, err);
    *n_lots = mf_registry_count(reg, MF_ENT_LOT);
    store_close(st);
    mf_registry_free(reg);
    mf_catalog_free(cat);
    return rc;
}

static void test_damage__never_partial(void **state)
{
    char copy[160];
    struct mf_error err = {0};
    size_t n;
    unsigned seed;
    int damaged = 0;

    (void)state;
    make_db(db);
    assert_int_equal(open_and_load(db, 1, &n, &err), MF_OK);
    assert_int_equal(n, N_LOTS);
    snprintf(copy, sizeof copy, "%s/copy.db", dir);
    for (seed = 1; seed <= 30; seed++) {
        int rc, check;

        /* With the quick check first, as the use cases do, and without
         * it: the load itself must never hand on part of the registry. */
        for (check = 0; check <= 1; check++) {
            copy_file(db, copy);
            damage(copy, seed, 16);
            rc = open_and_load(copy, check, &n, &err);
            if (rc == MF_OK) {
                /* The bytes fell where nothing is read, or changed a value
                 * within its type: every lot is still there. */
                assert_int_equal(n, N_LOTS);
            } else {
                /* Damage is named as such (or as a store failure), never
                 * as the user's bad input. */
                assert_true(rc == MF_EDAMAGED || rc == MF_ESTORE ||
                            rc == MF_EINVAL);
                damaged += check && rc == MF_EDAMAGED;
            }
        }
    }
    /* 16 random bytes in a file of this size hit structure most times. */
    assert_true(damaged >= 10);
}

static void test_damage__check_names_it(void **state)
{
    char copy[160];
    struct mf_error err = {0};
    struct store *st = NULL;
    FILE *f;

    (void)state;
    make_db(db);
    assert_int_equal(store_open(&st, db, 0, &err), MF_OK);
    assert_int_equal(st->ops->check(st, 0, &err), MF_OK);
    assert_int_equal(st->ops->check(st, 1, &err), MF_OK);
    store_close(st);

    /* Not a database at all. */
    snprintf(copy, sizeof copy, "%s/text.db", dir);
    f = fopen(copy, "wb");
    assert_non_null(f);
    fputs("id;name\nthis is a CSV file, not a database\n", f);
    fclose(f);
    assert_int_equal(store_open(&st, copy, 0, &err), MF_EDAMAGED);
    assert_non_null(strstr(err.message, "restore it from a backup"));
    assert_string_equal(err.where, copy);
}

static void test_damage__backup_is_whole_and_checked(void **state)
{
    char copy[160];
    struct mf_error err = {0};
    struct store *st = NULL;
    size_t n;

    (void)state;
    make_db(db);
    snprintf(copy, sizeof copy, "%s/backup.db", dir);
    assert_int_equal(store_open(&st, db, 0, &err), MF_OK);
    assert_int_equal(st->ops->backup(st, copy, &err), MF_OK);
    /* A backup over a symbolic link is refused. */
    {
        char link[160];
        snprintf(link, sizeof link, "%s/link.db", dir);
        assert_int_equal(symlink(copy, link), 0);
        assert_int_equal(st->ops->backup(st, link, &err), MF_EIO);
        assert_non_null(strstr(err.message, "symbolic link"));
    }
    store_close(st);
    assert_int_equal(open_and_load(copy, 1, &n, &err), MF_OK);
    assert_int_equal(n, N_LOTS);
}

static void test_damage__missing_folder(void **state)
{
    char path[160];
    struct mf_error err = {0};
    struct store *st = NULL;

    (void)state;
    snprintf(path, sizeof path, "%s/no/such/folder/x.db", dir);
    assert_int_equal(store_open(&st, path, 1, &err), MF_ENOTFOUND);
    assert_non_null(strstr(err.message, "does not exist"));
    assert_null(st);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_damage__never_partial, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_damage__check_names_it, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(
            test_damage__backup_is_whole_and_checked, setup, teardown),
        cmocka_unit_test_setup_teardown(test_damage__missing_folder, setup,
                                        teardown),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
