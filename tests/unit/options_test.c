/*
 * options_test.c - mf_plan_options: every destination of a surplus (or
 * origin of a need) with the planner's km and price, the room the plan's
 * other flows leave, and the reason each excluded one is excluded.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "testutil.h"

#include "masseflyt/plan.h"

#include <math.h>

#define LAT 59.90
#define LON 10.70

struct fx {
    struct mf_catalog *cat;
    struct mf_factors *fx;
    struct mf_registry *reg;
    struct mf_plan *plan;
    struct mf_options o;
};

static int setup(void **state)
{
    struct fx *f = calloc(1, sizeof *f);

    f->cat = tu_catalog();
    f->fx = tu_factors();
    f->reg = tu_registry(f->cat);
    tu_org(f->reg, "o", 1);
    tu_project(f->reg, "p", "o", "0301");
    /* A receiving site that takes rock (capacity 5 000 t), one that does
     * not take it, one beyond the haul limit (about 200 km north). */
    tu_site(f->reg, "dep", MF_SITE_RECEIVING, LAT + 0.10, LON, "sprengstein",
            NULL, 5000, 100);
    tu_site(f->reg, "soil-only", MF_SITE_RECEIVING, LAT + 0.05, LON, "matjord",
            NULL, -1, 50);
    tu_site(f->reg, "far", MF_SITE_RECEIVING, LAT + 1.80, LON, "sprengstein",
            NULL, -1, 10);
    tu_supply(f->reg, "rock", "p", "sprengstein", 3000, "2027-01-01",
              "2027-12-31", LAT, LON);
    tu_supply(f->reg, "other-rock", "p", "sprengstein", 1000, "2027-01-01",
              "2027-12-31", LAT, LON + 0.01);
    /* A need that rock can serve, and one it cannot. */
    tu_demand(f->reg, "fill", "p", "fyllmasse", 2000, "2027-01-01",
              "2027-12-31", LAT + 0.02, LON);
    tu_demand(f->reg, "garden", "p", "gront", 500, "2027-01-01", "2027-12-31",
              LAT + 0.03, LON);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    struct fx *f = *state;

    mf_options_free(&f->o);
    mf_plan_free(f->plan);
    mf_registry_free(f->reg);
    mf_factors_free(f->fx);
    mf_catalog_free(f->cat);
    free(f);
    return 0;
}

static void ask(struct fx *f, const char *lot)
{
    struct mf_plan_opts o = MF_PLAN_OPTS_INIT;
    struct mf_error err = {0};

    o.max_km = 100;
    if (!f->plan && mf_plan_solve(f->reg, f->fx, &o, &f->plan, &err))
        fail_msg("plan: %s", err.message);
    mf_options_free(&f->o);
    assert_int_equal(mf_plan_options(f->plan, f->reg, lot, &f->o, &err), MF_OK);
}

static const struct mf_option *find(const struct fx *f, const char *id)
{
    size_t i;

    for (i = 0; i < f->o.n; i++)
        if (!strcmp(f->o.items[i].id, id))
            return &f->o.items[i];
    fail_msg("no option %s", id);
    return NULL;
}

static void test_options__destinations_of_a_surplus(void **state)
{
    struct fx *f = *state;
    const struct mf_option *x;

    ask(f, "rock");
    assert_true(f->o.supply);
    assert_int_equal(f->o.n, 5); /* fill, garden, dep, soil-only, far */
    x = find(f, "fill");
    assert_true(x->allowed);
    assert_true(x->nok_t > 0 && isfinite(x->nok_t));
    assert_true(x->km > 2 && x->km < 5);
    x = find(f, "dep");
    assert_true(x->allowed);
    /* Room: the capacity less what the plan sends there from others. */
    assert_true(x->room_t <= 5000 && x->room_t >= 0);
    x = find(f, "garden");
    assert_false(x->allowed);
    assert_non_null(strstr(x->why, "does not serve gront"));
    x = find(f, "soil-only");
    assert_false(x->allowed);
    assert_string_equal(x->why, "it does not accept sprengstein");
    x = find(f, "far");
    assert_false(x->allowed);
    assert_non_null(strstr(x->why, "beyond the haul limit of 100 km"));
    assert_true(isnan(x->nok_t));
    /* Allowed ones first, cheapest first. */
    assert_true(f->o.items[0].allowed && f->o.items[1].allowed);
    assert_true(f->o.items[0].nok_t <= f->o.items[1].nok_t);
    assert_false(f->o.items[2].allowed);
}

static void test_options__origins_of_a_need(void **state)
{
    struct fx *f = *state;
    const struct mf_option *a, *b;
    double planned;

    ask(f, "fill");
    assert_false(f->o.supply);
    a = find(f, "rock");
    b = find(f, "other-rock");
    assert_true(a->allowed && b->allowed);
    /* The plan's tonnes from both make the need. */
    planned = a->planned_t + b->planned_t;
    assert_true(planned > 0 && planned <= 2000);
    /* What rock can still give: its tonnes less what the plan sends
     * elsewhere. */
    assert_true(a->room_t >= 0 && a->room_t <= 3000);
}

static void test_options__unknown_lot(void **state)
{
    struct fx *f = *state;
    struct mf_plan_opts o = MF_PLAN_OPTS_INIT;
    struct mf_error err = {0};

    assert_int_equal(mf_plan_solve(f->reg, f->fx, &o, &f->plan, &err), MF_OK);
    assert_int_equal(mf_plan_options(f->plan, f->reg, "nope", &f->o, &err),
                     MF_ENOTFOUND);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_options__destinations_of_a_surplus,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(test_options__origins_of_a_need, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_options__unknown_lot, setup,
                                        teardown),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
