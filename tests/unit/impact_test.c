/*
 * impact_test.c - the haul model against hand-computed values and the
 * published calibration cases (domain-norway.md): Follobanen's 9 Mt at
 * 25 t a load is 360 000 loads; Bærum's 25 M m3 of rock is 2.5 M loads of
 * about 10 in-situ m3. Also fleets, factor parameters and their errors.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "testutil.h"

#include "masseflyt/plan.h"

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
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
