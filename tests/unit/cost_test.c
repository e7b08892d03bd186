/*
 * cost_test.c - the cost model (src/lib/impact/cost.c): the parts of one
 * tonne of each kind of flow against values worked out by hand, what the
 * planner charges for it, the landfill tax's sign, and a flow's totals.
 *
 * The factors are data/factors.csv with the policy settings a scenario
 * would set: landfill tax 100 NOK/t, CO2 price 1000 NOK/t CO2e, land
 * price 40 NOK/m2. The haul is 10 road km with the tipper with trailer
 * (data/trucks.csv: 32 t, 0.58 + 0.38 l/km, 1000 NOK/h, 50 km/h, 20 min
 * to load and unload; diesel 20 NOK/l and 3.2 kg CO2e/l well-to-wheel):
 *   hours = (2 x 10 / 50 + 20 / 60) / 32       = 0.0229167 h/t
 *   fuel  = 10 x 0.96 / 32                      = 0.3 l/t
 *   cost  = (0.7333 h x 1000 + 9.6 l x 20) / 32 = 28.9167 NOK/t
 *   CO2e  = 0.3 x 3.2                           = 0.96 kg/t
 * and priced with its CO2: 28.9167 + 0.96 x 1000 / 1000 = 29.8767 NOK/t.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "testutil.h"

#include "impact/cost.h"

#define KM 10.0
#define HAUL_NOK ((20.0 / 50 + 20.0 / 60) * 1000 / 32 + 0.3 * 20)
#define HAUL_CO2E 0.96
#define HAUL_PRICE (HAUL_NOK + HAUL_CO2E)
#define EPS 1e-9

struct fx {
    struct mf_catalog *cat;
    struct mf_factors *fx;
    struct cost_model m;
};

static void set(struct mf_factors *f, const char *key, const char *value)
{
    struct mf_error err = {0};

    if (mf_factors_set_param(f, key, value, "test", &err))
        fail_msg("%s: %s", key, err.message);
}

static int setup(void **state)
{
    struct fx *f = calloc(1, sizeof *f);
    struct mf_fleet fleet;
    struct mf_error err = {0};

    f->cat = tu_catalog();
    f->fx = tu_factors();
    set(f->fx, "landfill_tax_nok_t", "100");
    set(f->fx, "co2_price_nok_t", "1000");
    set(f->fx, "land_price_nok_m2", "40");
    set(f->fx, "shortfall_unplaced_nok_t", "320");
    set(f->fx, "shortfall_unmet_nok_t", "270");
    assert_int_equal(mf_fleet_single(f->fx, "trailer", &fleet, &err), MF_OK);
    if (cost_model_init(&f->m, f->fx, f->cat, &fleet, 30, &err))
        fail_msg("%s", err.message);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    struct fx *f = *state;

    cost_model_free(&f->m);
    mf_factors_free(f->fx);
    mf_catalog_free(f->cat);
    free(f);
    return 0;
}

static int material(const struct fx *f, const char *code)
{
    int m = mf_catalog_find_material(f->cat, code);

    assert_true(m >= 0);
    return m;
}

/* What a site whose fee is `fee` charges for blasted rock: the fee times
 * the rock factor of data/gate_fees.csv. */
static double rock_fee(const struct fx *f, double fee)
{
    return fee *
           mf_gate_fee_factor(
               f->fx, mf_catalog_material(f->cat, material(f, "sprengstein")));
}

static struct mf_site site(double fee, double holding, double height)
{
    struct mf_site s;

    memset(&s, 0, sizeof s);
    s.fee = fee;
    s.holding = holding;
    s.fill_height_m = height;
    return s;
}

/* The priced parts other than the haul add up to this. */
static double fixed(const struct cost_parts *p)
{
    return p->fee + p->tax + p->land + p->surcharge + p->purchase +
           p->handling + p->processing + p->quality + p->co2 + p->penalty;
}

static void test_cost__the_haul_by_hand(void **state)
{
    struct fx *f = *state;
    struct cost_parts p;

    cost_haul_to_processing(&f->m, KM, material(f, "sprengstein"), &p);
    assert_int_equal(p.kind, COST_TO_PROCESSING);
    tu_near(p.haul_price, HAUL_PRICE, EPS);
    tu_near(fixed(&p), 0, 0);
    tu_near(cost_price(&p), HAUL_PRICE, EPS);
    /* The figures come with the detail. */
    cost_haul_detail(&f->m, &p);
    tu_near(p.haul.cost_nok, HAUL_NOK, EPS);
    tu_near(p.haul.co2e_kg, HAUL_CO2E, EPS);
    tu_near(p.haul.trips, 1.0 / 32, EPS);
    tu_near(p.haul.truck_km, 20.0 / 32, EPS);
    tu_near(p.haul.tonne_km, 10, EPS);
    tu_near(p.haul.hours, (0.4 + 1.0 / 3) / 32, EPS);
    tu_near(p.haul.fuel[mf_fuel_find(f->fx, "diesel")], 0.3, EPS);
    tu_near(p.haul.nox_g, 20.0 / 32 * 0.5, EPS);
    tu_near(p.haul.pm_g, 20.0 / 32 * 0.01, EPS);
    /* Its CO2 price is in the haul's price, not on top of it. */
    tu_near(p.co2_haul, HAUL_CO2E, EPS);
    tu_near(p.haul.cost_nok + p.co2_haul, p.haul_price, EPS);
}

static void test_cost__to_a_need(void **state)
{
    struct fx *f = *state;
    struct cost_parts p;

    /* A material one rank better than the need asks loses one quality
     * step (data/factors.csv quality_step_nok_t = 5). */
    cost_haul_to_need(&f->m, KM, material(f, "sprengstein"), 2, &p);
    assert_int_equal(p.kind, COST_TO_NEED);
    tu_near(p.quality, 5, 0);
    tu_near(cost_price(&p), HAUL_PRICE + 5, EPS);
    cost_haul_to_need(&f->m, KM, material(f, "sprengstein"), 1, &p);
    tu_near(p.quality, 0, 0);
    tu_near(cost_price(&p), HAUL_PRICE, EPS);
    tu_near(p.tax + p.fee + p.purchase + p.co2e_kg, 0, 0);
}

static void test_cost__into_storage_and_holding(void **state)
{
    struct fx *f = *state;
    struct mf_site ml = site(12, 3, 0);
    struct cost_parts p;

    cost_haul_to_storage(&f->m, KM, material(f, "sprengstein"), &ml, &p);
    assert_int_equal(p.kind, COST_TO_STORAGE);
    tu_near(p.handling, 12, 0);
    /* The loaders burn 0.16 l diesel a tonne (in and out), 3.2 kg each;
     * that CO2e is charged the CO2 price (1000 NOK/t) like every other
     * source the plan reports. */
    tu_near(p.co2e_kg, 0.16 * 3.2, EPS);
    tu_near(p.co2, 1000 * 0.16 * 3.2 / 1000, EPS);
    tu_near(cost_price(&p), HAUL_PRICE + 12 + 0.512, EPS);
    /* Two months at 3 NOK a tonne and month; no haul. */
    cost_hold(&f->m, &ml, 2, &p);
    assert_int_equal(p.kind, COST_HOLD);
    assert_int_equal(p.is_haul, 0);
    tu_near(p.handling, 6, EPS);
    tu_near(cost_price(&p), 6, EPS);
    cost_haul_detail(&f->m, &p);
    tu_near(p.haul.cost_nok + p.haul.trips + p.co2_haul, 0, 0);
}

static void test_cost__processing(void **state)
{
    struct fx *f = *state;
    struct mf_site plant = site(30, 0, 0);
    struct cost_parts p;

    /* Crushing emits 2 kg CO2e a tonne (crushing_co2e_kg_t), priced at
     * 1000 NOK/t CO2e: 2 NOK. */
    cost_process(&f->m, &plant, &p);
    assert_int_equal(p.kind, COST_PROCESS);
    tu_near(p.processing, 30, 0);
    tu_near(p.co2e_kg, 2, EPS);
    tu_near(p.co2, 2, EPS);
    tu_near(cost_price(&p), 32, EPS);
}

static void test_cost__to_a_receiving_site(void **state)
{
    struct fx *f = *state;
    struct mf_site dep = site(80, 0, 10);
    struct cost_parts p;

    /* Blasted rock lies at 2.7 / 1.35 = 2.0 t per placed m3; 10 m high
     * and a quarter more for slopes and roads: 1.25 / 20 m2 a tonne. */
    double rock = rock_fee(f, 80);

    cost_haul_to_landfill(&f->m, KM, material(f, "sprengstein"), &dep, 0, &p);
    assert_int_equal(p.kind, COST_TO_LANDFILL);
    tu_near(p.fee, rock, EPS);
    tu_near(p.tax, 100, 0);
    tu_near(p.land_m2, 1.25 / 20, EPS);
    tu_near(p.land, 40 * 1.25 / 20, EPS);
    tu_near(p.surcharge, 0, 0);
    tu_near(cost_price(&p), HAUL_PRICE + rock + 100 + 2.5, EPS);
    /* With the public clients' surcharge (30 NOK/t in this model). */
    cost_haul_to_landfill(&f->m, KM, material(f, "sprengstein"), &dep, 1, &p);
    tu_near(p.surcharge, 30, 0);
    tu_near(cost_price(&p), HAUL_PRICE + rock + 100 + 2.5 + 30, EPS);
    /* A site that states no height gets default_fill_height_m, 15 m. */
    dep.fill_height_m = 0;
    cost_haul_to_landfill(&f->m, KM, material(f, "sprengstein"), &dep, 0, &p);
    tu_near(p.land_m2, 1.25 / 30, EPS);
}

static void test_cost__from_a_quarry(void **state)
{
    struct fx *f = *state;
    struct mf_site q = site(150, 0, 0);
    struct cost_parts p;

    /* Crushed rock (a product): 4 kg CO2e a tonne to make, 4 NOK at the
     * CO2 price; gravel 2 kg. */
    cost_haul_from_quarry(&f->m, KM, material(f, "pukk"), &q, 1, &p);
    assert_int_equal(p.kind, COST_FROM_QUARRY);
    tu_near(p.purchase, 150, 0);
    tu_near(p.co2e_kg, 4, EPS);
    tu_near(p.co2, 4, EPS);
    tu_near(p.quality, 0, 0);
    tu_near(cost_price(&p), HAUL_PRICE + 154, EPS);
    cost_haul_from_quarry(&f->m, KM, material(f, "grus"), &q, 3, &p);
    tu_near(p.co2e_kg, 2, EPS);
    tu_near(p.quality, 10, EPS);
    tu_near(cost_price(&p), HAUL_PRICE + 150 + 10 + 2, EPS);
}

static void test_cost__light_masses_fill_the_body_first(void **state)
{
    struct fx *f = *state;
    const struct mf_truck *t =
        mf_truck_at(f->fx, mf_truck_find(f->fx, "trailer"));
    const struct mf_material *clay =
        mf_catalog_material(f->cat, material(f, "leire"));
    double loose = clay->density[MF_STATE_ULM3];
    double load = t->body_m3 * loose;
    struct cost_parts p;

    /* Loose clay (1.85 / 1.3 = 1.42 t per loose m3) fills the body
     * before the payload: a load is body x loose density, not 32 t. */
    tu_near(loose, 1.85 / 1.3, EPS);
    assert_true(load < t->payload_t);
    tu_near(mf_truck_load_t(t, loose), load, EPS);
    cost_haul_to_need(&f->m, KM, material(f, "leire"), 1, &p);
    cost_haul_detail(&f->m, &p);
    tu_near(p.haul.trips, 1.0 / load, EPS);
    tu_near(p.haul.truck_km, 20.0 / load, EPS);
    tu_near(p.haul.cost_nok,
            (0.4 + 1.0 / 3) * 1000 / load + 10 * 0.96 * 20 / load, EPS);
    tu_near(p.haul_price, p.haul.cost_nok + p.co2_haul, EPS);
    assert_true(p.haul_price > HAUL_PRICE);
    /* Blasted rock (2.7 / 1.6 = 1.69 t per loose m3) reaches the payload
     * first: 32 t a load, as without a volume limit. */
    cost_haul_to_need(&f->m, KM, material(f, "sprengstein"), 1, &p);
    cost_haul_detail(&f->m, &p);
    tu_near(p.haul.trips, 1.0 / 32, EPS);
    tu_near(p.haul_price, HAUL_PRICE, EPS);
    /* The planner's search bound is never above a material's price. */
    assert_true(f->m.haul_a + f->m.haul_b * KM <=
                f->m.mat_haul_a[material(f, "leire")] +
                    f->m.mat_haul_b[material(f, "leire")] * KM);
}

static void test_cost__gate_fee_by_material(void **state)
{
    struct fx *f = *state;
    struct mf_site dep = site(100, 0, 10);
    struct cost_parts rock, clay, quick;
    double fr = mf_gate_fee_factor(
        f->fx, mf_catalog_material(f->cat, material(f, "sprengstein")));
    double fc = mf_gate_fee_factor(
        f->fx, mf_catalog_material(f->cat, material(f, "leire")));
    double fq = mf_gate_fee_factor(
        f->fx, mf_catalog_material(f->cat, material(f, "kvikkleire")));

    /* data/gate_fees.csv: clean blasted rock costs less to deliver than
     * ordinary soil, clay more, quick clay more still. */
    assert_true(fr < 1 && fc > 1 && fq > fc);
    cost_haul_to_landfill(&f->m, KM, material(f, "sprengstein"), &dep, 0,
                          &rock);
    cost_haul_to_landfill(&f->m, KM, material(f, "leire"), &dep, 0, &clay);
    cost_haul_to_landfill(&f->m, KM, material(f, "kvikkleire"), &dep, 0,
                          &quick);
    tu_near(rock.fee, 100 * fr, EPS);
    tu_near(clay.fee, 100 * fc, EPS);
    tu_near(quick.fee, 100 * fq, EPS);
    tu_near(cost_gate_fee(&f->m, material(f, "leire"), &dep), 100 * fc, EPS);
    /* An unknown material pays the site's own fee. */
    tu_near(cost_gate_fee(&f->m, -1, &dep), 100, 0);
    /* A site's own fee for a material wins over the class factor; others
     * keep the factor. */
    dep.materials = NULL;
    dep.material_fees = "sprengstein=-20; leire = 300";
    cost_haul_to_landfill(&f->m, KM, material(f, "sprengstein"), &dep, 0,
                          &rock);
    tu_near(rock.fee, -20, 0);
    tu_near(cost_gate_fee(&f->m, material(f, "leire"), &dep), 300, 0);
    tu_near(cost_gate_fee(&f->m, material(f, "kvikkleire"), &dep), 100 * fq,
            EPS);
}

static void test_cost__unplaced_and_unmet(void **state)
{
    struct fx *f = *state;
    struct cost_parts p;

    cost_unplaced(&f->m, &p);
    assert_int_equal(p.kind, COST_UNPLACED);
    tu_near(cost_price(&p), 5000, 0);
    /* The priced shortfall is reported, never priced. */
    tu_near(p.shortfall, 320, 0);
    cost_unmet(&f->m, &p);
    assert_int_equal(p.kind, COST_UNMET);
    tu_near(cost_price(&p), 5000, 0);
    tu_near(p.shortfall, 270, 0);
    assert_int_equal(p.is_haul, 0);
    cost_none(&p);
    tu_near(cost_price(&p), 0, 0);
}

/* The price of a tonne to a receiving site and of one to a need, with
 * the landfill tax set to text. */
static void prices_with_tax(struct fx *f, const char *text, double *landfill,
                            double *need)
{
    struct mf_factors *c = NULL;
    struct cost_model m;
    struct mf_fleet fleet;
    struct mf_error err = {0};
    struct mf_site dep = site(80, 0, 10);
    struct cost_parts p;

    assert_int_equal(mf_factors_copy(&c, f->fx, &err), MF_OK);
    set(c, "landfill_tax_nok_t", text);
    assert_int_equal(mf_fleet_single(c, "trailer", &fleet, &err), MF_OK);
    assert_int_equal(cost_model_init(&m, c, f->cat, &fleet, 0, &err), MF_OK);
    cost_haul_to_landfill(&m, KM, material(f, "sprengstein"), &dep, 0, &p);
    *landfill = cost_price(&p);
    tu_near(p.tax, strtod(text, NULL), 0);
    cost_haul_to_need(&m, KM, -1, 1, &p);
    *need = cost_price(&p);
    cost_model_free(&m);
    mf_factors_free(c);
}

static void test_cost__landfill_tax_raises_landfilling_only(void **state)
{
    struct fx *f = *state;
    double l0, l1, l2, n0, n1, n2;

    prices_with_tax(f, "0", &l0, &n0);
    prices_with_tax(f, "1", &l1, &n1);
    prices_with_tax(f, "250", &l2, &n2);
    /* The tax is added to landfilling, never subtracted. */
    tu_near(l1 - l0, 1, EPS);
    tu_near(l2 - l0, 250, EPS);
    assert_true(l0 < l1 && l1 < l2);
    /* And nothing else moves with it. */
    tu_near(n0, n1, 0);
    tu_near(n0, n2, 0);
}

static void test_cost__a_flows_totals(void **state)
{
    struct fx *f = *state;
    struct mf_site dep = site(80, 0, 10);
    struct cost_parts p;
    struct mf_flow fl;

    memset(&fl, 0, sizeof fl);
    cost_haul_to_landfill(&f->m, KM, material(f, "sprengstein"), &dep, 1, &p);
    cost_haul_detail(&f->m, &p);
    cost_flow_totals(&p, 100, &fl);
    tu_near(fl.tonnes, 100, 0);
    tu_near(fl.km, KM, 0);
    tu_near(fl.cost_transport, 100 * HAUL_NOK, 1e-6);
    tu_near(fl.co2e_transport_kg, 96, 1e-6);
    tu_near(fl.cost_fee, 100 * rock_fee(f, 80), 1e-6);
    tu_near(fl.cost_tax, 10000, 1e-6);
    tu_near(fl.cost_land, 250, 1e-6);
    tu_near(fl.land_m2, 6.25, 1e-6);
    tu_near(fl.cost_surcharge, 3000, 1e-6);
    tu_near(fl.cost_co2, 96, 1e-6);
    tu_near(fl.trips, 100.0 / 32, 1e-9);
    tu_near(fl.hours, 100 * (0.4 + 1.0 / 3) / 32, 1e-9);
    /* Every part the price holds is in the totals. */
    tu_near(fl.cost_transport + fl.cost_co2 + fl.cost_fee + fl.cost_tax +
                fl.cost_land + fl.cost_surcharge,
            100 * cost_price(&p), 1e-6);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_cost__the_haul_by_hand, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_cost__to_a_need, setup, teardown),
        cmocka_unit_test_setup_teardown(test_cost__into_storage_and_holding,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(test_cost__processing, setup, teardown),
        cmocka_unit_test_setup_teardown(test_cost__to_a_receiving_site, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_cost__from_a_quarry, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_cost__unplaced_and_unmet, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(
            test_cost__light_masses_fill_the_body_first, setup, teardown),
        cmocka_unit_test_setup_teardown(test_cost__gate_fee_by_material, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(
            test_cost__landfill_tax_raises_landfilling_only, setup, teardown),
        cmocka_unit_test_setup_teardown(test_cost__a_flows_totals, setup,
                                        teardown),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
