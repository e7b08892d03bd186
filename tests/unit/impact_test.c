/*
 * impact_test.c - the haul model against hand-computed values and the
 * published calibration cases (domain-norway.md): Follobanen's 9 Mt at
 * 25 t a load is 360 000 loads; Bærum's 25 M m3 of rock is 2.5 M loads of
 * about 10 in-situ m3. Also fleets, factor parameters and their errors,
 * and the settings table: its defaults, and factors.csv checked against
 * it.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "testutil.h"

#include "impact/cost.h"

#include "masseflyt/plan.h"

#include <stdio.h>
#include <stdlib.h>

static void test_impact__haul_by_hand(void **state)
{
    struct mf_factors *f = tu_factors();
    struct mf_fleet fl;
    struct mf_haul h;

    (void)state;
    assert_int_equal(mf_fleet_single(f, "trailer", &fl, NULL), MF_OK);
    /* 10 km: (20 km / 50 km/h + 20 min) x 1000 NOK/h = 733.33 NOK, plus
     * 10 x (0.58 + 0.38) l x 20 NOK/l = 192 NOK, over 32 t. */
    mf_haul_per_tonne(f, &fl, 10, &h);
    assert_float_equal(h.cost_nok, (733.0 + 1.0 / 3 + 192) / 32, 1e-9);
    assert_float_equal(h.cost_nok, 28.9, 0.05); /* as data/trucks.csv says */
    mf_haul_per_tonne(f, &fl, 30, &h);
    assert_float_equal(h.cost_nok, 65.9, 0.05);
    assert_float_equal(h.trips, 1.0 / 32, 1e-12);
    assert_float_equal(h.truck_km, 60.0 / 32, 1e-12);
    assert_float_equal(h.co2e_kg, 30 * 0.96 / 32 * 3.2, 1e-9);
    /* Tank-to-wheel counts 2.66 kg per litre. */
    assert_int_equal(
        mf_factors_set_param(f, "emission_scope", "ttw", "t", NULL), MF_OK);
    mf_haul_per_tonne(f, &fl, 30, &h);
    assert_float_equal(h.co2e_kg, 30 * 0.96 / 32 * 2.66, 1e-9);
    mf_factors_free(f);
}

static void test_impact__fleets(void **state)
{
    struct mf_factors *f = tu_factors();
    struct mf_fleet fl;
    struct mf_haul h, d, e;
    struct mf_error err = {0};

    (void)state;
    assert_int_equal(mf_fleet_parse(f, "trailer=0.7,electric=0.3", &fl, &err),
                     MF_OK);
    mf_haul_per_tonne(f, &fl, 20, &h);
    assert_int_equal(mf_fleet_single(f, "trailer", &fl, NULL), MF_OK);
    mf_haul_per_tonne(f, &fl, 20, &d);
    assert_int_equal(mf_fleet_single(f, "electric", &fl, NULL), MF_OK);
    mf_haul_per_tonne(f, &fl, 20, &e);
    assert_float_equal(h.cost_nok, 0.7 * d.cost_nok + 0.3 * e.cost_nok, 1e-9);
    assert_float_equal(h.co2e_kg, 0.7 * d.co2e_kg + 0.3 * e.co2e_kg, 1e-9);
    assert_true(e.co2e_kg < d.co2e_kg / 10);
    /* HVO in a diesel truck; errors name what is wrong. */
    assert_int_equal(mf_fleet_parse(f, "trailer:hvo=1", &fl, &err), MF_OK);
    assert_int_equal(mf_fleet_parse(f, "trailer=0.5", &fl, &err), MF_EINVAL);
    assert_non_null(strstr(err.message, "add up to 1"));
    assert_int_equal(mf_fleet_parse(f, "trailer:electricity=1", &fl, &err),
                     MF_EINVAL);
    assert_non_null(strstr(err.message, "runs on diesel"));
    assert_int_equal(mf_fleet_parse(f, "lorry=1", &fl, &err), MF_EINVAL);
    assert_non_null(strstr(err.message, "unknown truck class 'lorry'"));
    mf_factors_free(f);
}

static void test_impact__every_factor_has_a_source(void **state)
{
    struct mf_factors *f = tu_factors();
    int i;

    (void)state;
    for (i = 0; i < mf_factors_n(f); i++)
        assert_true(strlen(mf_factor_at(f, i)->source) > 20);
    for (i = 0; i < mf_factors_n_trucks(f); i++)
        assert_true(strlen(mf_truck_at(f, i)->source) > 20);
    for (i = 0; i < mf_factors_n_fuels(f); i++)
        assert_true(strlen(mf_fuel_at(f, i)->source) > 20);
    assert_float_equal(mf_factors_get_param(f, "fuel.diesel.co2e_ttw_kg"), 2.66,
                       0);
    assert_int_equal(
        mf_factors_set_param(f, "truck.nope.payload_t", "1", NULL, NULL),
        MF_EINVAL);
    assert_int_equal(mf_factors_set_param(f, "no_such_factor", "1", NULL, NULL),
                     MF_EINVAL);
    mf_factors_free(f);
}

/* ------------------------------------------------------------------ */
/* Settings                                                             */
/* ------------------------------------------------------------------ */

static void test_impact__settings_table(void **state)
{
    int i, j;

    (void)state;
    for (i = 0; i < MF_SET_COUNT; i++) {
        const struct mf_setting_info *x = mf_setting_info((enum mf_setting)i);
        /* Every enum value has its row, found again by its key. */
        assert_non_null(x->key);
        assert_int_equal(mf_setting_find(x->key), i);
        assert_true(x->unit && *x->unit && x->doc && *x->doc);
        if (x->type == MF_SETTING_NUMBER)
            assert_null(x->def_text);
        else
            assert_non_null(x->def_text);
        for (j = 0; j < i; j++)
            assert_string_not_equal(mf_setting_info((enum mf_setting)j)->key,
                                    x->key);
    }
    assert_int_equal(mf_setting_find("landfill_tax"), -1);
    /* The defaults the planner has always used when a key is missing. */
    tu_near(mf_setting_info(MF_SET_CIRCUITY)->def, 1.3, 0);
    tu_near(mf_setting_info(MF_SET_MAX_HAUL_KM)->def, 100, 0);
    tu_near(mf_setting_info(MF_SET_CANDIDATES_K)->def, 12, 0);
    tu_near(mf_setting_info(MF_SET_PENALTY_UNPLACED)->def, 5000, 0);
    tu_near(mf_setting_info(MF_SET_PENALTY_UNMET)->def, 5000, 0);
    tu_near(mf_setting_info(MF_SET_DEFAULT_FILL_HEIGHT)->def, 15, 0);
    tu_near(mf_setting_info(MF_SET_LAND_ALLOWANCE)->def, 0.25, 0);
    tu_near(mf_setting_info(MF_SET_QUALITY_STEP)->def, 0, 0);
    tu_near(mf_setting_info(MF_SET_LANDFILL_TAX)->def, 0, 0);
    tu_near(mf_setting_info(MF_SET_CO2_PRICE)->def, 0, 0);
    tu_near(mf_setting_info(MF_SET_LAND_PRICE)->def, 0, 0);
    tu_near(mf_setting_info(MF_SET_CRUSHING_CO2E)->def, 0, 0);
    tu_near(mf_setting_info(MF_SET_HANDLING_DIESEL)->def, 0, 0);
    tu_near(mf_setting_info(MF_SET_VIRGIN_ROCK_CO2E)->def, 0, 0);
    tu_near(mf_setting_info(MF_SET_VIRGIN_GRAVEL_CO2E)->def, 0, 0);
    assert_string_equal(mf_setting_info(MF_SET_TRUCK)->def_text, "trailer");
    assert_string_equal(mf_setting_info(MF_SET_PERIOD)->def_text, "month");
    assert_string_equal(mf_setting_info(MF_SET_EMISSION_SCOPE)->def_text,
                        "wtw");
}

static void test_impact__every_setting_is_in_the_data(void **state)
{
    struct mf_factors *f = tu_factors();
    int i, k;

    (void)state;
    /* data/factors.csv gives each setting a value with a source; the
     * defaults only serve files that leave one out. */
    for (i = 0; i < MF_SET_COUNT; i++) {
        const char *key = mf_setting_info((enum mf_setting)i)->key;
        for (k = 0; k < mf_factors_n(f); k++)
            if (!strcmp(mf_factor_at(f, k)->key, key))
                break;
        if (k == mf_factors_n(f))
            fail_msg("data/factors.csv has no row for %s", key);
    }
    tu_near(mf_setting_num(f, MF_SET_QUALITY_STEP), 5, 0);
    assert_string_equal(mf_setting_text(f, MF_SET_TRUCK), "trailer");
    mf_factors_free(f);
}

static char data_dir[64];

/* A data folder with the real fuels and trucks and this factors.csv. */
static void factors_dir(const char *factors_csv)
{
    const char *src = getenv("MASSEFLYT_DATA");
    char cmd[512], path[128];
    FILE *out;

    assert_non_null(src);
    snprintf(data_dir, sizeof data_dir, "/tmp/mf-factors-XXXXXX");
    assert_non_null(mkdtemp(data_dir));
    snprintf(cmd, sizeof cmd, "cp '%s/fuels.csv' '%s/trucks.csv' %s/", src, src,
             data_dir);
    assert_int_equal(system(cmd), 0);
    snprintf(path, sizeof path, "%s/factors.csv", data_dir);
    out = fopen(path, "w");
    assert_non_null(out);
    fputs("key,value,unit,estimate,source\n", out);
    fputs(factors_csv, out);
    fclose(out);
}

/* Adds a file to the data folder of factors_dir(). */
static void data_file(const char *name, const char *text)
{
    char path[128];
    FILE *out;

    snprintf(path, sizeof path, "%s/%s", data_dir, name);
    out = fopen(path, "w");
    assert_non_null(out);
    fputs(text, out);
    fclose(out);
}

static void factors_dir_remove(void)
{
    char cmd[128];

    snprintf(cmd, sizeof cmd, "rm -rf %s", data_dir);
    assert_int_equal(system(cmd), 0);
}

static void test_impact__factors_file_checked_by_type(void **state)
{
    static const struct {
        const char *rows, *where, *message;
    } bad[] = {
        {"circuity,1.3,x,0,s\nlandfill_tax_nok_t,ti kroner,x,0,s\n",
         "factors.csv:3: landfill_tax_nok_t", "must be a number"},
        {"co2_price_nok_t,nan,x,0,s\n", "factors.csv:2: co2_price_nok_t",
         "must be a number"},
        {"period,fortnight,x,0,s\n", "factors.csv:2: period",
         "week|month|quarter|year"},
        {"emission_scope,both,x,0,s\n", "factors.csv:2: emission_scope",
         "wtw|ttw"},
        {"truck,lorry,x,0,s\n", "factors.csv:2: truck", "'lorry'"},
    };
    struct mf_factors *f = NULL;
    struct mf_error err = {0};
    size_t i;

    (void)state;
    for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        factors_dir(bad[i].rows);
        assert_int_equal(mf_factors_load(&f, data_dir, &err), MF_EINVAL);
        assert_null(f);
        if (!strstr(err.where, bad[i].where) ||
            !strstr(err.message, bad[i].message))
            fail_msg("case %zu: '%s: %s'", i, err.where, err.message);
        factors_dir_remove();
    }
}

static void test_impact__gate_fee_classes_and_detours(void **state)
{
    struct mf_catalog *cat = tu_catalog();
    struct mf_factors *f = NULL;
    struct mf_error err = {0};
    const struct mf_material *clay =
        mf_catalog_material(cat, mf_catalog_find_material(cat, "leire"));
    const struct mf_material *quick =
        mf_catalog_material(cat, mf_catalog_find_material(cat, "kvikkleire"));
    const struct mf_material *sand =
        mf_catalog_material(cat, mf_catalog_find_material(cat, "sand"));

    (void)state;
    /* Neither file: every fee factor is 1 and no pair has a detour. */
    factors_dir("circuity,1.3,x,0,s\n");
    assert_int_equal(mf_factors_load(&f, data_dir, &err), MF_OK);
    tu_near(mf_gate_fee_factor(f, clay), 1, 0);
    tu_near(mf_detour_factor(f, "3103", "3301"), 0, 0);
    mf_factors_free(f);
    /* A material's own row wins over its category's; a pair holds both
     * ways. */
    data_file("gate_fees.csv", "class,fee_factor,estimate,source\n"
                               "clay,1.5,1,s\nkvikkleire,2,1,s\n");
    data_file("detours.csv",
              "from_municipality,to_municipality,factor,estimate,source\n"
              "3103,3301,1.6,1,s\n");
    assert_int_equal(mf_factors_load(&f, data_dir, &err), MF_OK);
    tu_near(mf_gate_fee_factor(f, clay), 1.5, 0);
    tu_near(mf_gate_fee_factor(f, quick), 2, 0);
    tu_near(mf_gate_fee_factor(f, sand), 1, 0);
    tu_near(mf_detour_factor(f, "3103", "3301"), 1.6, 0);
    tu_near(mf_detour_factor(f, "3301", "3103"), 1.6, 0);
    tu_near(mf_detour_factor(f, "3103", "0301"), 0, 0);
    mf_factors_free(f);
    /* Bad rows are refused with file, line and column. */
    data_file("detours.csv",
              "from_municipality,to_municipality,factor,estimate,source\n"
              "3103,3301,0.8,1,s\n");
    assert_int_equal(mf_factors_load(&f, data_dir, &err), MF_EINVAL);
    assert_non_null(strstr(err.where, "detours.csv:2: factor"));
    assert_non_null(strstr(err.message, "at least 1"));
    data_file("detours.csv",
              "from_municipality,to_municipality,factor,estimate,source\n"
              "3103,3301,1.6,1,s\n3301,3103,1.7,1,s\n");
    assert_int_equal(mf_factors_load(&f, data_dir, &err), MF_EINVAL);
    assert_non_null(strstr(err.where, "detours.csv:3"));
    assert_non_null(strstr(err.message, "given twice"));
    data_file("detours.csv",
              "from_municipality,to_municipality,factor,estimate,source\n"
              "Moss,3301,1.6,1,s\n");
    assert_int_equal(mf_factors_load(&f, data_dir, &err), MF_EINVAL);
    assert_non_null(strstr(err.message, "'Moss'"));
    data_file("detours.csv",
              "from_municipality,to_municipality,factor,estimate,source\n");
    data_file("gate_fees.csv", "class,fee_factor,estimate,source\n"
                               "clay,-1,1,s\n");
    assert_int_equal(mf_factors_load(&f, data_dir, &err), MF_EINVAL);
    assert_non_null(strstr(err.where, "gate_fees.csv:2: fee_factor"));
    /* A class that is neither a material nor a category is refused when
     * the factors meet the catalogue (the cost model checks it first). */
    data_file("gate_fees.csv", "class,fee_factor,estimate,source\n"
                               "clay,1.5,1,s\ngravel_x,0.8,1,s\n");
    assert_int_equal(mf_factors_load(&f, data_dir, &err), MF_OK);
    assert_int_equal(mf_fee_classes_check(f, cat, &err), MF_EINVAL);
    assert_non_null(strstr(err.where, "gate_fees.csv:3: class"));
    assert_non_null(strstr(err.message, "'gravel_x'"));
    assert_non_null(strstr(err.message, "neither a material code nor"));
    {
        struct mf_fleet fl;
        struct cost_model m;
        assert_int_equal(mf_fleet_single(f, "trailer", &fl, &err), MF_OK);
        assert_int_equal(cost_model_init(&m, f, cat, &fl, 0, &err), MF_EINVAL);
    }
    mf_factors_free(f);
    f = NULL;
    data_file("gate_fees.csv", "class,fee_factor,estimate,source\n"
                               "clay,1.5,1,s\nleire,1.4,1,s\n");
    assert_int_equal(mf_factors_load(&f, data_dir, &err), MF_OK);
    assert_int_equal(mf_fee_classes_check(f, cat, &err), MF_OK);
    mf_factors_free(f);
    f = NULL;
    /* data/modes.csv: a pair of sites both ways; bad rows refused with
     * file, line and column. */
    data_file("gate_fees.csv", "class,fee_factor,estimate,source\n");
    data_file("modes.csv", "from_site,to_site,mode,km,nok_t,nok_tkm,"
                           "co2e_kg_tkm,estimate,source\n"
                           "a,b,barge,20,40,0.25,0.036,1,s\n");
    assert_int_equal(mf_factors_load(&f, data_dir, &err), MF_OK);
    assert_int_equal(mf_factors_n_links(f), 1);
    assert_non_null(mf_link_find(f, "b", "a"));
    assert_null(mf_link_find(f, "a", "c"));
    assert_int_equal(mf_link_find(f, "a", "b")->mode, MF_MODE_BARGE);
    tu_near(mf_link_find(f, "a", "b")->nok_tkm, 0.25, 0);
    mf_factors_free(f);
    f = NULL;
    data_file("modes.csv", "from_site,to_site,mode,km,nok_t,nok_tkm,"
                           "co2e_kg_tkm,estimate,source\n"
                           "a,b,ferry,20,40,0.25,0.036,1,s\n");
    assert_int_equal(mf_factors_load(&f, data_dir, &err), MF_EINVAL);
    assert_non_null(strstr(err.where, "modes.csv:2: mode"));
    data_file("modes.csv", "from_site,to_site,mode,km,nok_t,nok_tkm,"
                           "co2e_kg_tkm,estimate,source\n"
                           "a,b,conveyor,0,4,0.5,0.001,1,s\n");
    assert_int_equal(mf_factors_load(&f, data_dir, &err), MF_EINVAL);
    assert_non_null(strstr(err.where, "modes.csv:2: km"));
    data_file("modes.csv", "from_site,to_site,mode,km,nok_t,nok_tkm,"
                           "co2e_kg_tkm,estimate,source\n"
                           "a,b,conveyor,2,4,0.5,0.001,1,s\n"
                           "b,a,barge,2,4,0.5,0.001,1,s\n");
    assert_int_equal(mf_factors_load(&f, data_dir, &err), MF_EINVAL);
    assert_non_null(strstr(err.where, "modes.csv:3"));
    assert_non_null(strstr(err.message, "given twice"));
    data_file("modes.csv", "from_site,to_site,mode,km,nok_t,nok_tkm,"
                           "co2e_kg_tkm,estimate,source\n"
                           "a,a,conveyor,2,4,0.5,0.001,1,s\n");
    assert_int_equal(mf_factors_load(&f, data_dir, &err), MF_EINVAL);
    assert_non_null(strstr(err.message, "two different sites"));
    factors_dir_remove();
    mf_catalog_free(cat);
}

static void test_impact__settings_missing_from_the_file(void **state)
{
    struct mf_factors *f = NULL;
    struct mf_error err = {0};

    (void)state;
    /* Keys the code does not read are kept as they are; keys it reads
     * and the file leaves out take their defaults. */
    factors_dir("circuity,1.5,x,0,s\nnote_only,some words,x,0,s\n"
                "period,Quarter,x,0,s\n");
    assert_int_equal(mf_factors_load(&f, data_dir, &err), MF_OK);
    factors_dir_remove();
    tu_near(mf_setting_num(f, MF_SET_CIRCUITY), 1.5, 0);
    tu_near(mf_setting_num(f, MF_SET_PENALTY_UNMET), 5000, 0);
    tu_near(mf_setting_num(f, MF_SET_LANDFILL_TAX), 0, 0);
    assert_string_equal(mf_setting_text(f, MF_SET_PERIOD), "Quarter");
    assert_string_equal(mf_setting_text(f, MF_SET_TRUCK), "trailer");
    assert_int_equal(mf_factors_wtw(f), 1);
    tu_near(mf_factors_get_param(f, "max_haul_km"), 100, 0);
    /* A scenario may set a setting the file left out, in its type. */
    assert_int_equal(
        mf_factors_set_param(f, "landfill_tax_nok_t", "75", "s", &err), MF_OK);
    tu_near(mf_setting_num(f, MF_SET_LANDFILL_TAX), 75, 0);
    assert_int_equal(
        mf_factors_set_param(f, "landfill_tax_nok_t", "75 kr", "s", &err),
        MF_EINVAL);
    assert_non_null(strstr(err.message, "landfill_tax_nok_t"));
    tu_near(mf_setting_num(f, MF_SET_LANDFILL_TAX), 75, 0);
    assert_int_equal(mf_factors_set_param(f, "truck", "lorry", "s", &err),
                     MF_EINVAL);
    assert_int_equal(
        mf_factors_set_param(f, "emission_scope", "TTW", "s", &err), MF_OK);
    assert_int_equal(mf_factors_wtw(f), 0);
    mf_factors_free(f);
}

/* All of one supply lot to one receiving site, with a payload. */
static double loads(double quantity, enum mf_state state, const char *payload)
{
    struct mf_catalog *cat = tu_catalog();
    struct mf_factors *f = tu_factors();
    struct mf_registry *reg = tu_registry(cat);
    struct mf_plan_opts o = MF_PLAN_OPTS_INIT;
    struct mf_plan *p = NULL;
    struct mf_error err = {0};
    struct mf_lot l;
    double trips;

    assert_int_equal(mf_factors_set_param(f, "truck.trailer.payload_t", payload,
                                          "calibration", &err),
                     MF_OK);
    tu_site(reg, "dep", MF_SITE_RECEIVING, 59.83, 10.83, "tbm;sprengstein",
            NULL, -1, 100);
    l = tu_lot_base(reg, "x", MF_LOT_SUPPLY, NULL, "sprengstein", NULL, 0,
                    "2016-01-01", "2020-12-31", 59.87, 10.80);
    l.quantity = quantity;
    l.state = state;
    assert_int_equal(
        mf_to_tonnes(cat, l.material, quantity, state, &l.tonnes, &err), MF_OK);
    tu_put_lot(reg, &l);
    o.period = MF_PERIOD_YEAR;
    if (mf_plan_solve(reg, f, &o, &p, &err))
        fail_msg("%s", err.message);
    trips = p->ind.trips;
    mf_plan_free(p);
    mf_registry_free(reg);
    mf_factors_free(f);
    mf_catalog_free(cat);
    return trips;
}

static void test_impact__calibration(void **state)
{
    (void)state;
    /* Follobanen: 9 Mt at 25 t a load = 360 000 loads (Bane NOR). */
    assert_float_equal(loads(9e6, MF_STATE_T, "25"), 360000, 1e-6);
    /* Bærum: 25 M m3 of rock = 2.5 M loads, i.e. 10 in-situ m3 a load,
     * 27 t at the catalogue's 2.7 t per in-situ m3 of blasted rock. */
    assert_float_equal(loads(25e6, MF_STATE_PFM3, "27"), 2.5e6, 1e-5);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_impact__haul_by_hand),
        cmocka_unit_test(test_impact__fleets),
        cmocka_unit_test(test_impact__every_factor_has_a_source),
        cmocka_unit_test(test_impact__calibration),
        cmocka_unit_test(test_impact__settings_table),
        cmocka_unit_test(test_impact__every_setting_is_in_the_data),
        cmocka_unit_test(test_impact__factors_file_checked_by_type),
        cmocka_unit_test(test_impact__settings_missing_from_the_file),
        cmocka_unit_test(test_impact__gate_fee_classes_and_detours),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
