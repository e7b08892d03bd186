/*
 * model_test.c - the registry, dates, volume states and conversions,
 * organisation numbers, distances, and the catalogue loader's checks.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "testutil.h"

#include "masseflyt/validate.h"

#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

static void test_model__registry_put_replace_lookup(void **state)
{
    struct mf_catalog *cat = tu_catalog();
    struct mf_registry *reg = tu_registry(cat);
    const struct mf_site *s;
    char id[16];
    int i;

    (void)state;
    tu_site(reg, "a", MF_SITE_STORAGE, 59.9, 10.7, "sprengstein;morene", NULL,
            1000, 10);
    tu_site(reg, "b", MF_SITE_QUARRY, 59.8, 10.8, "pukk", NULL, -1, 77);
    tu_site(reg, "a", MF_SITE_RECEIVING, 60.0, 11.0, "leire", NULL, 5, 99);
    assert_int_equal(mf_registry_count(reg, MF_ENT_SITE), 2);
    s = mf_registry_site(reg, "a");
    assert_non_null(s);
    assert_int_equal(s->kind, MF_SITE_RECEIVING);
    assert_int_equal(s->n_materials, 1);
    assert_int_equal(s->materials[0], tu_material(reg, "leire"));
    assert_null(mf_registry_site(reg, "zz"));
    assert_int_equal(mf_registry_index(reg, MF_ENT_SITE, "b"), 1);
    /* Growth past the first allocation keeps every record reachable. */
    for (i = 0; i < 500; i++) {
        snprintf(id, sizeof id, "L%d", i);
        tu_supply(reg, id, NULL, "morene", i + 1, "2025-01-01", "2025-12-31",
                  59.9, 10.7);
    }
    assert_int_equal(mf_registry_count(reg, MF_ENT_LOT), 500);
    assert_true(mf_registry_lot(reg, "L499")->tonnes == 500);
    assert_string_equal(mf_registry_lot_at(reg, 7)->id, "L7");
    mf_registry_free(reg);
    mf_catalog_free(cat);
}

static void test_model__dates(void **state)
{
    int32_t d;
    int y, m, day;
    char buf[16];
    struct mf_error err = {0};

    (void)state;
    assert_int_equal(mf_date_parse("1970-01-01", &d, NULL), MF_OK);
    assert_int_equal(d, 0);
    assert_int_equal(mf_date_parse("2024-02-29", &d, NULL), MF_OK);
    mf_date_ymd(d, &y, &m, &day);
    assert_int_equal(y * 10000 + m * 100 + day, 20240229);
    assert_int_equal(mf_date_parse("28.11.2026", &d, NULL), MF_OK);
    assert_string_equal(mf_date_format(d, buf, sizeof buf), "2026-11-28");
    assert_int_equal(mf_date_parse("2025-02-29", &d, &err), MF_EINVAL);
    assert_non_null(strstr(err.message, "not a real date"));
    assert_int_equal(mf_date_parse("2025-13-01", &d, NULL), MF_EINVAL);
    assert_int_equal(mf_date_parse("2025/01/01", &d, &err), MF_EINVAL);
    assert_non_null(strstr(err.message, "YYYY-MM-DD"));
    assert_int_equal(mf_date_parse("", &d, NULL), MF_EINVAL);
    /* Round trip across many years and the Gregorian leap rules. */
    for (d = mf_date_from_ymd(1899, 12, 1); d < mf_date_from_ymd(2101, 1, 1);
         d += 17) {
        mf_date_ymd(d, &y, &m, &day);
        assert_int_equal(mf_date_from_ymd(y, m, day), d);
    }
}

static void test_model__states_and_conversions(void **state)
{
    struct mf_catalog *cat = tu_catalog();
    int rock = mf_catalog_find_material(cat, "sprengstein");
    int peat = mf_catalog_find_material(cat, "torv");
    int pukk = mf_catalog_find_material(cat, "pukk");
    double t = 0, q = 0;
    struct mf_error err = {0};

    (void)state;
    assert_int_equal(mf_state_parse("pfm3"), MF_STATE_PFM3);
    assert_int_equal(mf_state_parse("m3 pfm"), MF_STATE_PFM3);
    assert_int_equal(mf_state_parse("PFM\xC2\xB3"), MF_STATE_PFM3);
    assert_int_equal(mf_state_parse("ulm3"), MF_STATE_ULM3);
    assert_int_equal(mf_state_parse("tonn"), MF_STATE_T);
    assert_int_equal(mf_state_parse("m3"), MF_STATE_NONE);
    assert_int_equal(mf_state_parse(""), MF_STATE_NONE);
    /* Blasted rock: 2.7 t per in-situ m3, bulking 1.6 loose, 1.35
     * placed (data/materials.csv). */
    assert_int_equal(mf_to_tonnes(cat, rock, 1000, MF_STATE_PFM3, &t, NULL),
                     MF_OK);
    assert_float_equal(t, 2700, 1e-9);
    assert_int_equal(mf_to_tonnes(cat, rock, 1600, MF_STATE_ULM3, &t, NULL),
                     MF_OK);
    assert_float_equal(t, 2700, 1e-9);
    assert_int_equal(mf_to_tonnes(cat, rock, 1350, MF_STATE_PAM3, &t, NULL),
                     MF_OK);
    assert_float_equal(t, 2700, 1e-9);
    assert_int_equal(mf_from_tonnes(cat, rock, 2700, MF_STATE_ULM3, &q, NULL),
                     MF_OK);
    assert_float_equal(q, 1600, 1e-9);
    /* A product has no in-situ state; peat has no placed factor. */
    assert_int_equal(mf_to_tonnes(cat, pukk, 1, MF_STATE_PFM3, &t, &err),
                     MF_EINVAL);
    assert_non_null(strstr(err.message, "no density"));
    assert_int_equal(mf_to_tonnes(cat, pukk, 10, MF_STATE_ULM3, &t, NULL),
                     MF_OK);
    assert_float_equal(t, 16, 1e-9);
    assert_int_equal(mf_to_tonnes(cat, peat, 1, MF_STATE_PAM3, &t, NULL),
                     MF_EINVAL);
    assert_int_equal(mf_to_tonnes(cat, rock, 1, MF_STATE_NONE, &t, &err),
                     MF_EINVAL);
    assert_non_null(strstr(err.message, "volume state"));
    mf_catalog_free(cat);
}

static void test_model__orgnr_mod11(void **state)
{
    (void)state;
    assert_true(mf_orgnr_valid("971032081"));  /* Statens vegvesen */
    assert_true(mf_orgnr_valid("917082308"));  /* Bane NOR */
    assert_false(mf_orgnr_valid("971032082")); /* check digit off by one */
    assert_false(mf_orgnr_valid("97103208"));
    assert_false(mf_orgnr_valid("9710320811"));
    assert_false(mf_orgnr_valid("97103208a"));
    /* Remainder 1 gives check digit 10: no valid number. */
    assert_false(mf_orgnr_valid("100000080"));
    assert_false(mf_orgnr_valid(NULL));
}

static void test_model__distance(void **state)
{
    (void)state;
    /* Oslo S to Bergen stasjon: about 305 km on the sphere. */
    assert_float_equal(mf_distance_km(10.7522, 59.9111, 5.3327, 60.3904), 305.0,
                       3.0);
    assert_float_equal(mf_distance_km(10, 60, 10, 60), 0, 1e-12);
    /* One degree of latitude is 111.2 km on the mean sphere. */
    assert_float_equal(mf_distance_km(10, 60, 10, 61), 111.195, 0.01);
}

static void test_model__catalogue_contents(void **state)
{
    struct mf_catalog *cat = tu_catalog();
    int topsoil = mf_catalog_find_material(cat, "matjord");
    int alum = mf_catalog_find_material(cat, "alunskifer");
    int farm = mf_catalog_find_use(cat, "jordforbedring");
    int fill = mf_catalog_find_use(cat, "fyllmasse");
    int i;

    (void)state;
    assert_true(mf_catalog_n_materials(cat) >= 14);
    assert_true(mf_catalog_material(cat, topsoil)->topsoil);
    assert_true(mf_catalog_material(cat, alum)->acid_forming);
    assert_true(mf_catalog_use(cat, farm)->farmland);
    /* Topsoil only serves topsoil uses; alum shale serves none. */
    assert_int_equal(mf_catalog_compat(cat, topsoil, farm), 1);
    assert_int_equal(mf_catalog_compat(cat, topsoil, fill), 0);
    for (i = 0; i < mf_catalog_n_uses(cat); i++)
        assert_int_equal(mf_catalog_compat(cat, alum, i), 0);
    /* Every material says where its densities come from. */
    for (i = 0; i < mf_catalog_n_materials(cat); i++)
        assert_true(strlen(mf_catalog_material(cat, i)->source) > 10);
    assert_true(mf_catalog_n_rules(cat) >= 16);
    mf_catalog_free(cat);
}

/* Writes a copy of the data folder with one file replaced. */
static char *data_with(const char *file, const char *text)
{
    static const char *const files[] = {"materials.csv", "uses.csv",
                                        "compat.csv", "rules.csv",
                                        "geo/norway-area.geojson"};
    char *dir = strdup("/tmp/mf-cat-XXXXXX");
    char cmd[4096];
    size_t i;
    FILE *f;

    assert_non_null(mkdtemp(dir));
    snprintf(cmd, sizeof cmd, "mkdir -p %s/geo", dir);
    assert_int_equal(system(cmd), 0);
    for (i = 0; i < sizeof files / sizeof files[0]; i++) {
        snprintf(cmd, sizeof cmd, "cp %s/%s %s/%s", getenv("MASSEFLYT_DATA"),
                 files[i], dir, files[i]);
        assert_int_equal(system(cmd), 0);
    }
    snprintf(cmd, sizeof cmd, "%s/%s", dir, file);
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

static void test_model__catalogue_refuses_bad_files(void **state)
{
    struct mf_catalog *cat = NULL;
    struct mf_error err = {0};
    char *dir;

    (void)state;
    dir = data_with("compat.csv", "material,use,rank,source\n"
                                  "sprengstein,fyllmasse,1,x\n"
                                  "granitt,fyllmasse,1,x\n");
    assert_int_equal(mf_catalog_load(&cat, dir, &err), MF_EINVAL);
    assert_null(cat);
    assert_non_null(strstr(err.where, "compat.csv:3"));
    assert_non_null(strstr(err.message, "unknown material 'granitt'"));
    remove_dir(dir);

    dir = data_with("rules.csv",
                    "id,check,severity,param,valid_from,valid_to,source,"
                    "message_en,message_no\n"
                    "R1,condition_clas,refuse,1,,,s,m,m\n");
    assert_int_equal(mf_catalog_load(&cat, dir, &err), MF_EINVAL);
    assert_non_null(strstr(err.where, "rules.csv:2"));
    assert_non_null(strstr(err.message, "unknown check 'condition_clas'"));
    remove_dir(dir);

    dir = data_with("materials.csv",
                    "code,name_no,name_en,category,density_pfm3\n"
                    "x,X,X,rock,2\n");
    assert_int_equal(mf_catalog_load(&cat, dir, &err), MF_EINVAL);
    assert_non_null(strstr(err.message, "lacks the column 'bulking_loose'"));
    remove_dir(dir);
}

static void test_model__site_material_fees(void **state)
{
    struct mf_catalog *cat = tu_catalog();
    int rock = mf_catalog_find_material(cat, "sprengstein");
    int clay = mf_catalog_find_material(cat, "leire");
    int mats[2] = {rock, clay};
    struct mf_site s;
    struct mf_error err = {0};
    double fee = 0;
    char out[128];
    static const struct {
        const char *text, *message;
    } bad[] = {
        {"leire=ti", "must be a material code, '=' and a fee"},
        {"leire", "must be a material code, '=' and a fee"},
        {"leira=10", "unknown material 'leira'"},
        {"sand=10", "does not list it in materials"},
        {"leire=10;leire=20", "more than one fee"},
    };
    size_t i;

    (void)state;
    memset(&s, 0, sizeof s);
    s.materials = mats;
    s.n_materials = 2;
    assert_int_equal(mf_site_material_fee(cat, &s, rock, &fee), 0);
    s.material_fees = "sprengstein=-20; leire = 180.5";
    assert_int_equal(mf_site_material_fees_check(cat, &s, &err), MF_OK);
    assert_int_equal(mf_site_material_fee(cat, &s, rock, &fee), 1);
    tu_near(fee, -20, 0);
    assert_int_equal(mf_site_material_fee(cat, &s, clay, &fee), 1);
    tu_near(fee, 180.5, 0);
    assert_int_equal(mf_site_material_fee(
                         cat, &s, mf_catalog_find_material(cat, "sand"), &fee),
                     0);
    assert_int_equal(
        mf_site_material_fees_scale(s.material_fees, 2, out, sizeof out),
        MF_OK);
    assert_string_equal(out, "sprengstein=-40;leire=361");
    for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        s.material_fees = bad[i].text;
        assert_int_equal(mf_site_material_fees_check(cat, &s, &err), MF_EINVAL);
        if (!strstr(err.message, bad[i].message))
            fail_msg("'%s': %s", bad[i].text, err.message);
    }
    mf_catalog_free(cat);
}

/* A receiving site's capacities by material: read, and refused with the
 * rule broken named. */
static void test_model__site_material_caps(void **state)
{
    struct mf_catalog *cat = tu_catalog();
    int rock = mf_catalog_find_material(cat, "sprengstein");
    int clay = mf_catalog_find_material(cat, "leire");
    int mats[2] = {rock, clay};
    struct mf_site s;
    struct mf_error err = {0};
    double cap = 0;
    static const struct {
        const char *text, *message;
    } bad[] = {
        {"leire=-1", "capacity in tonnes (a number of at least 0"},
        {"leire", "capacity in tonnes"},
        {"leira=10", "unknown material 'leira'"},
        {"sand=10", "does not list it in materials"},
        {"leire=10;leire=20", "more than one capacity"},
    };
    size_t i;

    (void)state;
    memset(&s, 0, sizeof s);
    s.kind = MF_SITE_RECEIVING;
    s.materials = mats;
    s.n_materials = 2;
    assert_int_equal(mf_site_material_cap(cat, &s, clay, &cap), 0);
    s.material_caps = "leire = 200000.5";
    assert_int_equal(mf_site_material_caps_check(cat, &s, &err), MF_OK);
    assert_int_equal(mf_site_material_cap(cat, &s, clay, &cap), 1);
    tu_near(cap, 200000.5, 0);
    /* Rock shares the site's capacity. */
    assert_int_equal(mf_site_material_cap(cat, &s, rock, &cap), 0);
    for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        s.material_caps = bad[i].text;
        assert_int_equal(mf_site_material_caps_check(cat, &s, &err), MF_EINVAL);
        if (!strstr(err.message, bad[i].message))
            fail_msg("'%s': %s", bad[i].text, err.message);
    }
    /* Only a receiving site's permit splits its capacity. */
    s.material_caps = "leire=10";
    s.kind = MF_SITE_STORAGE;
    assert_int_equal(mf_site_material_caps_check(cat, &s, &err), MF_EINVAL);
    assert_non_null(strstr(err.message, "only a receiving site"));
    assert_int_equal(mf_site_material_cap(cat, &s, clay, &cap), 0);
    mf_catalog_free(cat);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_model__registry_put_replace_lookup),
        cmocka_unit_test(test_model__dates),
        cmocka_unit_test(test_model__states_and_conversions),
        cmocka_unit_test(test_model__orgnr_mod11),
        cmocka_unit_test(test_model__distance),
        cmocka_unit_test(test_model__catalogue_contents),
        cmocka_unit_test(test_model__catalogue_refuses_bad_files),
        cmocka_unit_test(test_model__site_material_fees),
        cmocka_unit_test(test_model__site_material_caps),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
