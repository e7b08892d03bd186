/*
 * municipality_test.c - the municipality numbers in force and the retired
 * ones (data/municipalities.csv, data/municipality_changes.csv): the check
 * and its hints, and the files' own checks.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>

#include <cmocka.h>

#include "masseflyt/municipality.h"
#include "testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void expect_refused(const struct mf_catalog *cat, const char *number,
                           const char *hint)
{
    char why[200];

    assert_int_equal(mf_municipality_check(cat, number, why, sizeof why),
                     MF_EINVAL);
    if (!strstr(why, hint))
        fail_msg("%s: '%s' lacks '%s'", number, why, hint);
}

static void test_municipality__the_2024_list(void **state)
{
    struct mf_catalog *cat = tu_catalog();
    const struct mf_municipality *m;
    char why[200];

    (void)state;
    assert_int_equal(mf_catalog_n_municipalities(cat), 357);
    m = mf_catalog_find_municipality(cat, "3301");
    assert_non_null(m);
    assert_string_equal(m->name, "Drammen");
    assert_string_equal(m->county_number, "33");
    assert_string_equal(m->county, "Buskerud");
    m = mf_catalog_find_municipality(cat, "0301");
    assert_non_null(m);
    assert_string_equal(m->name, "Oslo");
    assert_null(mf_catalog_find_municipality(cat, "3005"));
    assert_null(mf_catalog_find_municipality(cat, "301"));
    assert_int_equal(mf_municipality_check(cat, "3301", why, sizeof why),
                     MF_OK);
    assert_string_equal(why, "");
    mf_catalog_free(cat);
}

static void test_municipality__retired_numbers_name_the_new_one(void **state)
{
    struct mf_catalog *cat = tu_catalog();

    (void)state;
    /* The 2024 reform, the 2020 reform through it, a split in 2024, a
     * municipality split in 2020 (no single successor), and one merged
     * in 2020 and split out again in 2024. */
    expect_refused(cat, "3005",
                   "3005 was Drammen until 2024; use 3301 Drammen");
    expect_refused(cat, "0602",
                   "0602 was Drammen until 2020, then 3005 until 2024; use "
                   "3301 Drammen");
    expect_refused(cat, "1507", "then split: use 1508 Ålesund or 1580 Haram");
    expect_refused(cat, "1850", "split between municipalities");
    expect_refused(cat, "1534", "then 1507 until 2024; use 1580 Haram");
    expect_refused(cat, "3024", "use 3201 Bærum");
    mf_catalog_free(cat);
}

static void test_municipality__malformed_numbers_get_hints(void **state)
{
    struct mf_catalog *cat = tu_catalog();

    (void)state;
    expect_refused(cat, "301",
                   "a spreadsheet drops a leading zero): use 0301 Oslo");
    expect_refused(cat, "602", "0602 was Drammen until 2020");
    expect_refused(cat, "3999", "3999 is no municipality number in force");
    expect_refused(cat, "33O1", "'33O1' is not a 4-digit kommunenummer");
    expect_refused(cat, "", "is not a 4-digit kommunenummer");
    mf_catalog_free(cat);
}

/* A copy of the data folder with file replaced by text (NULL: removed). */
static char *data_with(const char *file, const char *text)
{
    char *dir = strdup("/tmp/mf-muni-XXXXXX");
    char cmd[4096];
    FILE *f;

    assert_non_null(mkdtemp(dir));
    snprintf(cmd, sizeof cmd, "cp -r %s/. %s", getenv("MASSEFLYT_DATA"), dir);
    assert_int_equal(system(cmd), 0);
    snprintf(cmd, sizeof cmd, "%s/%s", dir, file);
    if (!text) {
        assert_int_equal(remove(cmd), 0);
        return dir;
    }
    f = fopen(cmd, "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
    return dir;
}

static void remove_dir(char *dir)
{
    char cmd[4096];

    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    assert_int_equal(system(cmd), 0);
    free(dir);
}

static void test_municipality__without_a_list_only_the_form(void **state)
{
    struct mf_catalog *cat = NULL;
    struct mf_error err = {0};
    char *dir = data_with("municipalities.csv", NULL);
    char why[200];

    (void)state;
    assert_int_equal(mf_catalog_load(&cat, dir, &err), MF_OK);
    assert_int_equal(mf_catalog_n_municipalities(cat), 0);
    assert_int_equal(mf_municipality_check(cat, "3005", why, sizeof why),
                     MF_OK);
    expect_refused(cat, "301", "not a 4-digit kommunenummer");
    mf_catalog_free(cat);
    remove_dir(dir);
}

static void test_municipality__bad_files_are_refused(void **state)
{
    static const char head[] = "number,name,county_number,county,source\n";
    struct mf_catalog *cat = NULL;
    struct mf_error err = {0};
    char *dir;
    char text[512];

    (void)state;
    snprintf(text, sizeof text,
             "%s3301,Drammen,33,Buskerud,s\n"
             "3301,Drammen,33,Buskerud,s\n",
             head);
    dir = data_with("municipalities.csv", text);
    assert_int_equal(mf_catalog_load(&cat, dir, &err), MF_EINVAL);
    assert_non_null(strstr(err.where, "municipalities.csv:3"));
    assert_non_null(strstr(err.message, "listed twice"));
    remove_dir(dir);

    snprintf(text, sizeof text, "%s3301,Drammen,30,Buskerud,s\n", head);
    dir = data_with("municipalities.csv", text);
    assert_int_equal(mf_catalog_load(&cat, dir, &err), MF_EINVAL);
    assert_non_null(strstr(err.message, "first two digits"));
    remove_dir(dir);

    /* A change that points to a number in force nowhere. */
    dir = data_with("municipality_changes.csv",
                    "number,name,years,next,current,source\n"
                    "3005,Drammen,2020-2023,3302,3302,s\n");
    assert_int_equal(mf_catalog_load(&cat, dir, &err), MF_EINVAL);
    assert_non_null(strstr(err.message, "3005: next '3302'"));
    remove_dir(dir);

    /* A retired number that is also in force. */
    dir = data_with("municipality_changes.csv",
                    "number,name,years,next,current,source\n"
                    "3301,Drammen,2020-2023,3301,3301,s\n");
    assert_int_equal(mf_catalog_load(&cat, dir, &err), MF_EINVAL);
    assert_non_null(strstr(err.message, "in force"));
    remove_dir(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_municipality__the_2024_list),
        cmocka_unit_test(test_municipality__retired_numbers_name_the_new_one),
        cmocka_unit_test(test_municipality__malformed_numbers_get_hints),
        cmocka_unit_test(test_municipality__without_a_list_only_the_form),
        cmocka_unit_test(test_municipality__bad_files_are_refused),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
