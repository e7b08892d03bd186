/*
 * indicators_test.c - the one indicator table (keys, units, labels) and
 * the sums of flows into struct mf_indicators (src/lib/impact/
 * indicators.c), and the plan's JSON summary, which uses the table's
 * keys and display units.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "testutil.h"

#include "impact/indicators_int.h"
#include "masseflyt/indicators.h"
#include "masseflyt/plan.h"

#include <ctype.h>
#include <jansson.h>

#define F(field) offsetof(struct mf_indicators, field)

static void test_indicators__table_is_whole(void **state)
{
    int i, j, n = mf_indicators_count(), shown = 0;

    (void)state;
    assert_true(n > 0);
    assert_null(mf_indicator_at(-1));
    assert_null(mf_indicator_at(n));
    for (i = 0; i < n; i++) {
        const struct mf_indicator *d = mf_indicator_at(i);
        const char *c;
        /* Keys are stable snake_case, unique, and found again. */
        for (c = d->key; *c; c++)
            assert_true(islower((unsigned char)*c) ||
                        isdigit((unsigned char)*c) || *c == '_');
        for (j = 0; j < i; j++)
            assert_string_not_equal(mf_indicator_at(j)->key, d->key);
        assert_ptr_equal(mf_indicator_find(d->key), d);
        assert_ptr_equal(mf_indicator_of(d->offset), d);
        /* Every row can be shown anywhere. */
        assert_true(*d->label_nb && *d->label_en && *d->label_cli);
        assert_true(*d->unit && *d->base_unit);
        assert_true(d->divisor > 0);
        assert_true(d->decimals >= 0 && d->decimals <= 6);
        assert_true(d->offset % sizeof(double) == 0 &&
                    d->offset < sizeof(struct mf_indicators));
        shown += (d->flags & MF_IND_TABLE) != 0;
    }
    /* The comparison tables show 34 rows (the golden files hold them):
     * the 27 before, the priced shortfall and the cost to society, the
     * four rows of the recovery test, and tonne-km by barge or conveyor. */
    assert_int_equal(shown, 34);
    assert_null(mf_indicator_find("co2e_total_kg"));
    assert_null(mf_indicator_of(F(fuel)));
}

static void test_indicators__keys_name_their_units(void **state)
{
    struct mf_indicators x;
    const struct mf_indicator *d;

    (void)state;
    memset(&x, 0, sizeof x);
    x.co2e_total_kg = 98813500;
    x.land_m2 = 475700;
    x.cost_total = 4574010000.0;
    x.reuse_rate = 0.543;
    d = mf_indicator_of(F(co2e_total_kg));
    assert_string_equal(d->key, "co2e_total_t");
    assert_string_equal(d->base_unit, "kg CO2e");
    tu_near(mf_indicator_field(&x, d), 98813500, 0);
    tu_near(mf_indicator_value(&x, d), 98813.5, 1e-9);
    d = mf_indicator_find("land_daa");
    assert_ptr_equal(d, mf_indicator_of(F(land_m2)));
    tu_near(mf_indicator_value(&x, d), 475.7, 1e-9);
    assert_int_equal(d->decimals, 1);
    d = mf_indicator_find("cost_total_mnok");
    tu_near(mf_indicator_value(&x, d), 4574.01, 1e-9);
    assert_int_equal(d->decimals, 2);
    assert_true(d->flags & MF_IND_KEY_FIGURE);
    d = mf_indicator_find("reuse_rate");
    assert_int_equal(d->share, 1);
    tu_near(mf_indicator_value(&x, d), 0.543, 0);
    /* The report's chart of headline indicators reads these rows. */
    assert_non_null(mf_indicator_find("landfilled_t"));
    assert_non_null(mf_indicator_find("virgin_t"));
    assert_non_null(mf_indicator_find("truck_km"));
    /* Terminal labels as the golden files have them. */
    assert_string_equal(mf_indicator_of(F(co2e_handling_kg))->label_cli,
                        "CO2e storage handling (t)");
    assert_string_equal(mf_indicator_of(F(cost_handling))->label_en,
                        "Cost of storage (MNOK)");
}

/* A flow of t tonnes carrying one of each total. */
static struct mf_flow flow(double t)
{
    struct mf_flow fl;
    int u;

    memset(&fl, 0, sizeof fl);
    fl.tonnes = t;
    fl.cost_transport = 1;
    fl.cost_fee = 2;
    fl.cost_tax = 4;
    fl.cost_purchase = 8;
    fl.cost_handling = 16;
    fl.cost_processing = 32;
    fl.cost_penalty = 64;
    fl.cost_co2 = 128;
    fl.cost_quality = 256;
    fl.cost_land = 512;
    fl.cost_surcharge = 1024;
    fl.co2e_transport_kg = 10;
    fl.co2e_other_kg = 100;
    fl.trips = 1;
    fl.truck_km = 2;
    fl.tonne_km = 3;
    fl.hours = 4;
    fl.land_m2 = 5;
    fl.nox_g = 6000;
    fl.pm_g = 7000;
    for (u = 0; u < MF_MAX_FUELS; u++)
        fl.fuel[u] = u;
    return fl;
}

static void test_indicators__sums_by_kind(void **state)
{
    struct mf_indicators x;
    struct mf_flow fl = flow(1000);
    static const enum cost_kind kinds[] = {
        COST_TO_NEED,     COST_TO_STORAGE,  COST_TO_PROCESSING,
        COST_TO_LANDFILL, COST_FROM_QUARRY, COST_HOLD,
        COST_PROCESS,     COST_UNPLACED,    COST_UNMET};
    size_t k;

    (void)state;
    memset(&x, 0, sizeof x);
    x.supply_t = 4000;
    for (k = 0; k < sizeof kinds / sizeof kinds[0]; k++)
        indicators_add(&x, kinds[k], &fl);
    indicators_finish(&x);
    /* Tonnes by where they went: one flow of each kind. */
    tu_near(x.reused_t, 1000, 0);
    tu_near(x.stored_t, 1000, 0);
    tu_near(x.landfilled_t, 1000, 0);
    tu_near(x.virgin_t, 1000, 0);
    tu_near(x.processed_t, 1000, 0);
    tu_near(x.unplaced_t, 1000, 0);
    tu_near(x.unmet_t, 1000, 0);
    tu_near(x.reuse_rate, 0.25, 0);
    /* Land only where masses are landfilled; CO2e other than transport
     * by source: storage handling, virgin production, processing. */
    tu_near(x.land_m2, 5, 0);
    tu_near(x.co2e_handling_kg, 100, 0);
    tu_near(x.co2e_virgin_kg, 100, 0);
    tu_near(x.co2e_processing_kg, 100, 0);
    tu_near(x.co2e_transport_kg, 90, 0);
    /* Processing CO2e is counted in the total. */
    tu_near(x.co2e_total_kg, 90 + 300, 0);
    /* Haul figures and costs from every flow. */
    tu_near(x.trips, 9, 0);
    tu_near(x.hours, 36, 0);
    tu_near(x.nox_kg, 54, 1e-9);
    tu_near(x.pm_kg, 63, 1e-9);
    tu_near(x.fuel[3], 27, 0);
    tu_near(x.cost_fees, 18, 0);
    tu_near(x.cost_tax, 36, 0);
    tu_near(x.penalty, 9 * 64, 0);
    /* The cost total has neither penalties nor what the planner charges
     * besides costs. */
    tu_near(x.cost_total, 9 * (1 + 2 + 4 + 8 + 16 + 32), 0);
    tu_near(x.cost_co2 + x.cost_quality + x.cost_land + x.cost_surcharge,
            9 * (128 + 256 + 512 + 1024), 0);
}

static void test_indicators__json_summary_uses_the_table(void **state)
{
    struct mf_catalog *cat = tu_catalog();
    struct mf_factors *fx = tu_factors();
    struct mf_registry *reg = tu_registry(cat);
    struct mf_plan_opts o = MF_PLAN_OPTS_INIT;
    struct mf_plan *p = NULL, *bau = NULL;
    struct mf_error err = {0};
    json_t *root, *ind;
    const char *key;
    json_t *v;
    char *text;
    int i = 0;

    (void)state;
    tu_org(reg, "o", 1);
    tu_project(reg, "p", "o", "0301");
    tu_site(reg, "dep", MF_SITE_RECEIVING, 60.0, 10.7, "sprengstein", NULL, -1,
            100);
    tu_supply(reg, "s", "p", "sprengstein", 3200, "2025-01-01", "2025-01-31",
              59.9, 10.7);
    if (mf_plan_solve_pair(reg, fx, &o, &p, &bau, &err))
        fail_msg("%s", err.message);
    text = mf_plan_summary_json(p, bau, NULL, reg);
    assert_non_null(text);
    root = json_loads(text, 0, NULL);
    assert_non_null(root);
    ind = json_object_get(root, "plan");
    assert_int_equal(json_object_size(ind), mf_indicators_count());
    /* Every row, in the table's order, in its display unit. */
    json_object_foreach(ind, key, v)
    {
        const struct mf_indicator *d = mf_indicator_at(i++);
        assert_string_equal(key, d->key);
        tu_near(json_real_value(v), mf_indicator_value(&p->ind, d),
                1e-9 * (1 + fabs(json_real_value(v))));
    }
    tu_near(json_real_value(json_object_get(ind, "landfilled_t")), 3200, 0);
    tu_near(json_real_value(json_object_get(ind, "co2e_total_t")),
            p->ind.co2e_total_kg / 1000, 1e-9);
    assert_null(json_object_get(ind, "co2e_total_kg"));
    assert_non_null(
        json_object_get(json_object_get(root, "baseline"), "cost_total_mnok"));
    json_decref(root);
    free(text);
    mf_plan_free(p);
    mf_plan_free(bau);
    mf_registry_free(reg);
    mf_factors_free(fx);
    mf_catalog_free(cat);
}

/* Three measures against a reference, ranked by hand: B saves 5 MNOK
 * and 50 t CO2e (-100 000 NOK/t), A costs 10 MNOK more for 100 t
 * (100 000 NOK/t), C raises CO2e (no cost per tonne, last). By reuse:
 * C, A, B. */
static void test_indicators__measures_ranked(void **state)
{
    struct mf_indicators ref, a, b, c;
    const struct mf_indicators *ind[3] = {&a, &b, &c};
    const char *names[3] = {"A", "B", "C"};
    struct mf_measure m[3];
    char text[1024];

    (void)state;
    memset(&ref, 0, sizeof ref);
    ref.cost_society = 100e6;
    ref.co2e_total_kg = 1000e3;
    ref.reused_t = 400;
    a = b = c = ref;
    a.cost_society = 110e6;
    a.co2e_total_kg = 900e3;
    a.reused_t = 500;
    b.cost_society = 95e6;
    b.co2e_total_kg = 950e3;
    b.reused_t = 300;
    c.cost_society = 90e6;
    c.co2e_total_kg = 1100e3;
    c.reused_t = 700;
    assert_int_equal(mf_measures_rank(&ref, ind, 3, m), 0);
    tu_near(m[0].nok_per_t_co2e, 100000, 1e-6);
    tu_near(m[1].nok_per_t_co2e, -100000, 1e-6);
    assert_int_equal(m[2].abates, 0);
    tu_near(m[2].co2e_avoided_kg, -100e3, 1e-6);
    assert_int_equal(m[1].rank_abatement, 1);
    assert_int_equal(m[0].rank_abatement, 2);
    assert_int_equal(m[2].rank_abatement, 3);
    assert_int_equal(m[2].rank_reuse, 1);
    assert_int_equal(m[0].rank_reuse, 2);
    assert_int_equal(m[1].rank_reuse, 3);
    /* The conclusion names the best, the one without a fall, and the
     * most reuse, with the numbers, in both languages. */
    assert_true(
        mf_measures_conclusion(m, 3, names, "R", "en", text, sizeof text) > 0);
    assert_non_null(strstr(text, "Against R, B cuts CO2e by 50 t and saves "
                                 "society 5.0 MNOK"));
    assert_non_null(strstr(text, "100 000 NOK per tonne"));
    assert_non_null(strstr(text, "CO2e does not fall with C"));
    assert_non_null(strstr(text, "C reuses the most: 700 t, 300 t more"));
    assert_true(
        mf_measures_conclusion(m, 3, names, "R", "nb", text, sizeof text) > 0);
    assert_non_null(strstr(text, "Mot R kutter B 50 t CO2e"));
    assert_non_null(strstr(text, "CO2e faller ikke med C"));
    /* Numbers are grouped, with the decimal comma in bokmål. */
    assert_non_null(strstr(text, "sparer samfunnet 5,0 MNOK"));
    /* A small buffer is cut, never overrun. */
    assert_true(mf_measures_conclusion(m, 3, names, "R", "en", text, 16) < 16);
    assert_int_equal(strlen(text), 15);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_indicators__measures_ranked),
        cmocka_unit_test(test_indicators__table_is_whole),
        cmocka_unit_test(test_indicators__keys_name_their_units),
        cmocka_unit_test(test_indicators__sums_by_kind),
        cmocka_unit_test(test_indicators__json_summary_uses_the_table),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
