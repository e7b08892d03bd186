/*
 * balance_test.c - periods (weeks, months, quarters, years, labels), the
 * even spread of a lot over its window, and the mass balance with its
 * filters and refusals.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "testutil.h"

#include "masseflyt/balance.h"

static void test_balance__periods(void **state)
{
    struct mf_periods p;
    char buf[32];

    (void)state;
    assert_int_equal(mf_periods_make(&p, MF_PERIOD_MONTH, tu_date("2024-01-15"),
                                     tu_date("2024-03-01"), NULL),
                     MF_OK);
    assert_int_equal(p.n, 3);
    assert_string_equal(mf_period_label(&p, 1, buf, sizeof buf), "2024-02");
    assert_int_equal(p.start[2] - p.start[1], 29); /* leap February */
    mf_periods_free(&p);
    assert_int_equal(mf_periods_make(&p, MF_PERIOD_WEEK, tu_date("2024-12-30"),
                                     tu_date("2025-01-12"), NULL),
                     MF_OK);
    /* 2024-12-30 is the Monday of ISO week 2025-W01. */
    assert_int_equal(p.n, 2);
    assert_int_equal(p.start[0], tu_date("2024-12-30"));
    assert_string_equal(mf_period_label(&p, 0, buf, sizeof buf), "2025-W01");
    assert_string_equal(mf_period_label(&p, 1, buf, sizeof buf), "2025-W02");
    mf_periods_free(&p);
    assert_int_equal(mf_periods_make(&p, MF_PERIOD_QUARTER,
                                     tu_date("2025-05-01"),
                                     tu_date("2025-12-31"), NULL),
                     MF_OK);
    assert_int_equal(p.n, 3);
    assert_string_equal(mf_period_label(&p, 0, buf, sizeof buf), "2025-Q2");
    assert_int_equal(mf_period_of(&p, tu_date("2025-07-01")), 1);
    assert_int_equal(mf_period_of(&p, tu_date("2024-07-01")), -1);
    mf_periods_free(&p);
    assert_int_equal(mf_periods_make(&p, MF_PERIOD_YEAR, tu_date("2025-01-01"),
                                     tu_date("2024-01-01"), NULL),
                     MF_EINVAL);
}

static void test_balance__spread(void **state)
{
    struct mf_periods p;
    double out[3] = {0, 0, 0};

    (void)state;
    assert_int_equal(mf_periods_make(&p, MF_PERIOD_MONTH, tu_date("2025-01-01"),
                                     tu_date("2025-03-31"), NULL),
                     MF_OK);
    /* 90 days: 31, 28, 31; 9000 t is 100 t a day. */
    mf_spread(&p, tu_date("2025-01-01"), tu_date("2025-03-31"), 9000, out);
    assert_float_equal(out[0], 3100, 1e-9);
    assert_float_equal(out[1], 2800, 1e-9);
    assert_float_equal(out[2], 3100, 1e-9);
    /* Days outside the periods are dropped. */
    memset(out, 0, sizeof out);
    mf_spread(&p, tu_date("2024-12-22"), tu_date("2025-01-10"), 200, out);
    assert_float_equal(out[0], 100, 1e-9);
    mf_periods_free(&p);
}

static void test_balance__filters_and_refusals(void **state)
{
    struct mf_catalog *cat = tu_catalog();
    struct mf_registry *reg = tu_registry(cat);
    struct mf_balance_opts o = MF_BALANCE_OPTS_INIT;
    struct mf_balance *b = NULL;
    struct mf_lot l;
    int i, rock = tu_material(reg, "sprengstein");

    (void)state;
    tu_org(reg, "o", 1);
    tu_project(reg, "oslo", "o", "0301");
    tu_project(reg, "baerum", "o", "3201");
    tu_supply(reg, "a", "oslo", "sprengstein", 1000, "2025-01-01", "2025-12-31",
              59.91, 10.75);
    tu_supply(reg, "b", "baerum", "sprengstein", 500, "2025-01-01",
              "2026-12-31", 59.89, 10.52);
    tu_demand(reg, "c", "oslo", "fyllmasse", 300, "2026-01-01", "2026-12-31",
              59.92, 10.76);
    l = tu_lot_base(reg, "d", MF_LOT_SUPPLY, "oslo", "alunskifer", NULL, 9999,
                    "2025-01-01", "2025-12-31", 59.91, 10.75);
    tu_put_lot(reg, &l);
    assert_int_equal(mf_balance_compute(reg, &o, &b, NULL), MF_OK);
    assert_int_equal(b->periods.n, 2);
    assert_int_equal(b->lots_in, 3);
    assert_int_equal(b->n_refused, 1);
    assert_string_equal(b->refused_rule[0]->id, "R08");
    for (i = 0; i < b->n_rows; i++)
        if (b->rows[i].material == rock) {
            assert_float_equal(b->rows[i].supply[0], 1000 + 250, 1e-6);
            assert_float_equal(b->rows[i].supply_total, 1500, 1e-6);
        }
    assert_float_equal(b->demand_total[1], 300, 1e-9);
    mf_balance_free(b);
    o.municipality = "3201";
    assert_int_equal(mf_balance_compute(reg, &o, &b, NULL), MF_OK);
    assert_int_equal(b->lots_in, 1);
    assert_int_equal(b->lots_outside, 3);
    mf_balance_free(b);
    o.municipality = NULL;
    o.near = 1;
    o.lat = 59.91;
    o.lon = 10.75;
    o.radius_km = 3;
    assert_int_equal(mf_balance_compute(reg, &o, &b, NULL), MF_OK);
    assert_int_equal(b->lots_in, 2); /* a and c, not b in Bærum */
    mf_balance_free(b);
    mf_registry_free(reg);
    mf_catalog_free(cat);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_balance__periods),
        cmocka_unit_test(test_balance__spread),
        cmocka_unit_test(test_balance__filters_and_refusals),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
