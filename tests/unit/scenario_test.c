/*
 * scenario_test.c - scenario files (errors with lines, inheritance),
 * applying measures, running them (the landfill tax arithmetic, a reuse
 * requirement), explained differences, and the tornado.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "testutil.h"

#include "masseflyt/scenario.h"

#include <stdio.h>
#include <sys/stat.h>

static char dir[64];

static void write(const char *name, const char *text)
{
    char path[128];
    FILE *f;

    snprintf(path, sizeof path, "%s/%s", dir, name);
    f = fopen(path, "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
}

static int setup(void **state)
{
    (void)state;
    snprintf(dir, sizeof dir, "/tmp/mf-scn-XXXXXX");
    assert_non_null(mkdtemp(dir));
    return 0;
}

static int teardown(void **state)
{
    char cmd[128];

    (void)state;
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    return system(cmd);
}

static void test_scenario__parse_errors_name_the_line(void **state)
{
    struct mf_scenario *s = NULL;
    struct mf_error err = {0};
    const char *bad[][2] = {
        {"# c\nlandfill_tax = 5\n", "t.scn:2: landfill_tax"},
        {"co2_price_nok_t = 2 000\n", "t.scn:1: co2_price_nok_t"},
        {"reuse_requirement_public = 1.5\n", "t.scn:1"},
        {"period = fortnight\n", "t.scn:1: period"},
        {"max_haul_km = 30\nmax_haul_km = 40\n", "t.scn:2: max_haul_km"},
        {"just words\n", "t.scn:1"},
        {"demand_flexible = maybe\n", "t.scn:1"},
        {"max_haul_km =\n", "t.scn:1"},
    };
    size_t i;

    (void)state;
    for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        assert_int_equal(
            mf_scenario_parse(&s, "t.scn", bad[i][0], strlen(bad[i][0]), &err),
            MF_EINVAL);
        assert_null(s);
        if (!strstr(err.where, bad[i][1]))
            fail_msg("case %zu: where '%s', want '%s'", i, err.where,
                     bad[i][1]);
    }
    {
        const char *ok = "\xEF\xBB\xBF# ok\r\n\r\n"
                         "Landfill_Tax_NOK_t = 10 \r\n"
                         "factor.quality_step_nok_t = 7\n";
        assert_int_equal(mf_scenario_parse(&s, "t.scn", ok, strlen(ok), &err),
                         MF_OK);
    }
    assert_string_equal(mf_scenario_get(s, "landfill_tax_nok_t"), "10");
    mf_scenario_free(s);
}

static void test_scenario__inheritance(void **state)
{
    struct mf_scenario *s = NULL;
    struct mf_error err = {0};
    char *settings;

    (void)state;
    write("a.scn", "title.en = A\nlandfill_tax_nok_t = 10\n"
                   "co2_price_nok_t = 100\n");
    write("b.scn", "inherit = a\ntitle.nb = B\nco2_price_nok_t = 500\n");
    write("loop.scn", "inherit = loop\n");
    assert_int_equal(mf_scenario_load(&s, dir, "b", &err), MF_OK);
    assert_string_equal(mf_scenario_get(s, "co2_price_nok_t"), "500");
    assert_string_equal(mf_scenario_get(s, "landfill_tax_nok_t"), "10");
    /* Titles are the file's own. */
    assert_string_equal(mf_scenario_title(s, "nb"), "B");
    assert_string_equal(mf_scenario_title(s, "en"), "B");
    settings = mf_scenario_describe_settings(s);
    assert_non_null(strstr(settings, "co2_price_nok_t = 500"));
    free(settings);
    mf_scenario_free(s);
    assert_int_equal(mf_scenario_load(&s, dir, "loop", &err), MF_EINVAL);
    assert_non_null(strstr(err.message, "loop"));
    assert_int_equal(mf_scenario_load(&s, dir, "none", &err), MF_ENOTFOUND);
    assert_int_equal(mf_scenario_load(&s, dir, "../etc", &err), MF_EINVAL);
}

/* A region with a surplus, a need, a landfill and a quarry. */
static struct mf_registry *region(const struct mf_catalog *cat)
{
    struct mf_registry *reg = tu_registry(cat);

    tu_org(reg, "stat", 1);
    tu_org(reg, "firma", 0);
    tu_project(reg, "pub", "stat", "0301");
    tu_project(reg, "priv", "firma", "0301");
    tu_site(reg, "dep", MF_SITE_RECEIVING, 59.95, 10.75, "sprengstein", NULL,
            -1, 100);
    tu_site(reg, "dep2", MF_SITE_RECEIVING, 60.10, 10.75, "sprengstein", NULL,
            -1, 80);
    tu_site(reg, "q", MF_SITE_QUARRY, 59.80, 10.75, "pukk", NULL, -1, 77);
    tu_supply(reg, "s-pub", "pub", "sprengstein", 10000, "2025-01-01",
              "2025-03-31", 59.90, 10.75);
    tu_supply(reg, "s-priv", "priv", "sprengstein", 10000, "2025-01-01",
              "2025-03-31", 59.905, 10.76);
    tu_demand(reg, "d", "priv", "fyllmasse", 8000, "2025-01-01", "2025-03-31",
              59.91, 10.77);
    return reg;
}

static void test_scenario__landfill_tax_and_closing(void **state)
{
    struct mf_catalog *cat = tu_catalog();
    struct mf_factors *fx = tu_factors();
    struct mf_registry *reg = region(cat);
    struct mf_scenario *base = NULL, *tax = NULL, *shut = NULL;
    struct mf_scenario_result a, b, c;
    struct mf_error err = {0};
    char *lines[8];
    int n, i;

    (void)state;
    write("base.scn", "title.en = base\n");
    write("tax.scn", "inherit = base\nlandfill_tax_nok_t = 50\n");
    write("shut.scn", "inherit = base\nclose_sites = dep, dep2\n");
    assert_int_equal(mf_scenario_load(&base, dir, "base", &err), MF_OK);
    assert_int_equal(mf_scenario_load(&tax, dir, "tax", &err), MF_OK);
    assert_int_equal(mf_scenario_load(&shut, dir, "shut", &err), MF_OK);
    assert_int_equal(mf_scenario_run(base, reg, fx, NULL, &a, &err), MF_OK);
    assert_int_equal(mf_scenario_run(tax, reg, fx, NULL, &b, &err), MF_OK);
    /* The tax is paid on every landfilled tonne. */
    assert_float_equal(b.plan->ind.cost_tax, 50 * b.plan->ind.landfilled_t,
                       1e-6);
    assert_float_equal(b.baseline->ind.cost_tax, 50 * 20000, 1e-6);
    assert_float_equal(a.plan->ind.cost_tax, 0, 0);
    /* Closed receiving sites: the surplus nobody needs is unplaced. */
    assert_int_equal(mf_scenario_run(shut, reg, fx, NULL, &c, &err), MF_OK);
    assert_float_equal(c.plan->ind.landfilled_t, 0, 0);
    assert_float_equal(c.plan->ind.unplaced_t, 12000, 0);
    n = mf_scenario_explain_diff(&a, &c, "en", lines, 8);
    assert_true(n > 0);
    assert_non_null(strstr(lines[0], "loses"));
    for (i = 0; i < n; i++)
        free(lines[i]);
    mf_scenario_result_free(&a);
    mf_scenario_result_free(&b);
    mf_scenario_result_free(&c);
    mf_scenario_free(base);
    mf_scenario_free(tax);
    mf_scenario_free(shut);
    mf_registry_free(reg);
    mf_factors_free(fx);
    mf_catalog_free(cat);
}

/* Values past data/limits.csv are refused when the scenario is applied,
 * naming the file, line and key (they once failed deep in the planner
 * with a message that named neither); paths may not leave the folder. */
static void test_scenario__limits_and_paths(void **state)
{
    struct mf_catalog *cat = tu_catalog();
    struct mf_factors *fx = tu_factors();
    struct mf_registry *reg = region(cat);
    struct mf_scenario *s = NULL;
    struct mf_scenario_result r;
    struct mf_error err = {0};
    const char *bad[][3] = {
        {"tax", "title.en = t\nlandfill_tax_nok_t = 1e300\n",
         "tax.scn:2: landfill_tax_nok_t"},
        {"slow", "# trucks standing still\ntruck.trailer.speed_kmh = 0\n",
         "slow.scn:2: truck.trailer.speed_kmh"},
        {"far", "max_haul_km = 0.5\n", "far.scn:1: max_haul_km"},
        {"huge", "factor.quality_step_nok_t = 5e12\n",
         "huge.scn:1: factor.quality_step_nok_t"},
    };
    const char *escape[] = {"sites = ../../etc/passwd\n",
                            "distances = /etc/hosts\n",
                            "sites = a/../../b.csv\n"};
    size_t i;

    (void)state;
    for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        char file[32];
        snprintf(file, sizeof file, "%s.scn", bad[i][0]);
        write(file, bad[i][1]);
        assert_int_equal(mf_scenario_load(&s, dir, bad[i][0], &err), MF_OK);
        assert_int_equal(mf_scenario_run(s, reg, fx, NULL, &r, &err),
                         MF_EINVAL);
        if (!strstr(err.where, bad[i][2]))
            fail_msg("case %zu: where '%s', want '%s'", i, err.where,
                     bad[i][2]);
        assert_non_null(strstr(err.message, "data/limits.csv"));
        mf_scenario_free(s);
    }
    /* Within the limits the same keys are fine. */
    write("ok.scn", "landfill_tax_nok_t = 50\ntruck.trailer.speed_kmh = 40\n");
    assert_int_equal(mf_scenario_load(&s, dir, "ok", &err), MF_OK);
    assert_int_equal(mf_scenario_run(s, reg, fx, NULL, &r, &err), MF_OK);
    mf_scenario_result_free(&r);
    mf_scenario_free(s);
    for (i = 0; i < sizeof escape / sizeof escape[0]; i++) {
        assert_int_equal(
            mf_scenario_parse(&s, "e.scn", escape[i], strlen(escape[i]), &err),
            MF_EINVAL);
        assert_non_null(strstr(err.message, "leaves the scenario's folder"));
    }
    mf_registry_free(reg);
    mf_factors_free(fx);
    mf_catalog_free(cat);
}

static void test_scenario__reuse_requirement(void **state)
{
    struct mf_catalog *cat = tu_catalog();
    struct mf_factors *fx = tu_factors();
    struct mf_registry *reg = region(cat);
    struct mf_scenario *s = NULL;
    struct mf_scenario_result r;
    struct mf_error err = {0};

    (void)state;
    /* The private surplus lies nearer the need, so without a requirement
     * the public surplus is landfilled. 50 % of it must be reused. */
    write("req.scn", "reuse_requirement_public = 0.5\n");
    assert_int_equal(mf_scenario_load(&s, dir, "req", &err), MF_OK);
    assert_int_equal(mf_scenario_run(s, reg, fx, NULL, &r, &err), MF_OK);
    assert_true(r.requirement_met);
    assert_true(r.public_reuse_rate >= 0.5 - 1e-9);
    assert_true(r.public_surcharge > 0);
    assert_float_equal(r.plan->ind.reused_t, 8000, 0);
    mf_scenario_result_free(&r);
    mf_scenario_free(s);
    /* 90 % cannot be met: the need is 8000 t of 20000 t. */
    write("req.scn", "reuse_requirement_public = 0.9\n");
    assert_int_equal(mf_scenario_load(&s, dir, "req", &err), MF_OK);
    assert_int_equal(mf_scenario_run(s, reg, fx, NULL, &r, &err), MF_OK);
    assert_false(r.requirement_met);
    assert_true(r.public_reuse_rate < 0.9);
    mf_scenario_result_free(&r);
    mf_scenario_free(s);
    mf_registry_free(reg);
    mf_factors_free(fx);
    mf_catalog_free(cat);
}

static void test_scenario__tornado(void **state)
{
    struct mf_catalog *cat = tu_catalog();
    struct mf_factors *fx = tu_factors();
    struct mf_registry *reg = region(cat);
    struct mf_scenario *s = NULL;
    struct mf_tornado *t = NULL;
    struct mf_error err = {0};
    int i;

    (void)state;
    write("base.scn", "title.en = base\n");
    assert_int_equal(mf_scenario_load(&s, dir, "base", &err), MF_OK);
    assert_int_equal(mf_sensitivity_run(s, reg, fx, NULL, &t, &err), MF_OK);
    assert_true(t->n_bars >= 8);
    for (i = 1; i < t->n_bars; i++)
        assert_true(
            fabs(t->bars[i - 1].high[MF_HL_COST] -
                 t->bars[i - 1].low[MF_HL_COST]) >=
            fabs(t->bars[i].high[MF_HL_COST] - t->bars[i].low[MF_HL_COST]));
    for (i = 0; i < t->n_bars; i++) {
        /* A dearer diesel costs more; cheaper gate fees cost less. */
        if (!strcmp(t->bars[i].param, "fuel.diesel.price_nok"))
            assert_true(t->bars[i].high[MF_HL_COST] >
                        t->bars[i].low[MF_HL_COST]);
        if (!strcmp(t->bars[i].param, "scale.receiving_fee"))
            assert_true(t->bars[i].low[MF_HL_COST] < t->base[MF_HL_COST]);
    }
    mf_tornado_free(t);
    mf_scenario_free(s);
    mf_registry_free(reg);
    mf_factors_free(fx);
    mf_catalog_free(cat);
}

static void test_scenario__settings_by_their_own_keys(void **state)
{
    struct mf_catalog *cat = tu_catalog();
    struct mf_factors *fx = tu_factors();
    struct mf_registry *reg = region(cat);
    struct mf_scenario *s = NULL;
    struct mf_scenario_result r;
    struct mf_error err = {0};

    (void)state;
    /* Each setting a scenario names by its own key reaches the factors
     * the scenario plans with; a factor.KEY of the wrong type does not
     * pass. */
    write("all.scn", "landfill_tax_nok_t = 11\nco2_price_nok_t = 22\n"
                     "land_price_nok_m2 = 3\nmax_haul_km = 44\n"
                     "circuity = 1.5\nperiod = quarter\n"
                     "factor.quality_step_nok_t = 7\n");
    assert_int_equal(mf_scenario_load(&s, dir, "all", &err), MF_OK);
    assert_int_equal(mf_scenario_run(s, reg, fx, NULL, &r, &err), MF_OK);
    tu_near(mf_setting_num(r.factors, MF_SET_LANDFILL_TAX), 11, 0);
    tu_near(mf_setting_num(r.factors, MF_SET_CO2_PRICE), 22, 0);
    tu_near(mf_setting_num(r.factors, MF_SET_LAND_PRICE), 3, 0);
    tu_near(mf_setting_num(r.factors, MF_SET_MAX_HAUL_KM), 44, 0);
    tu_near(mf_setting_num(r.factors, MF_SET_CIRCUITY), 1.5, 0);
    tu_near(mf_setting_num(r.factors, MF_SET_QUALITY_STEP), 7, 0);
    assert_string_equal(mf_setting_text(r.factors, MF_SET_PERIOD), "quarter");
    assert_int_equal(r.plan->periods.kind, MF_PERIOD_QUARTER);
    mf_scenario_result_free(&r);
    mf_scenario_free(s);
    write("bad.scn", "factor.penalty_unmet_nok_t = lots\n");
    assert_int_equal(mf_scenario_load(&s, dir, "bad", &err), MF_OK);
    assert_int_equal(mf_scenario_run(s, reg, fx, NULL, &r, &err), MF_EINVAL);
    assert_non_null(
        strstr(err.message, "penalty_unmet_nok_t must be a number"));
    mf_scenario_free(s);
    mf_registry_free(reg);
    mf_factors_free(fx);
    mf_catalog_free(cat);
}

/* ------------------------------------------------------------------ */
/* Each measure alone                                                   */
/* ------------------------------------------------------------------ */

/* A small region where every measure must matter: a public and a private
 * surplus of rock, a need for fill next to them and one for bearing
 * course 30 km away that only a quarry can serve, two receiving sites
 * and a quarry. `when` places the fill need in time: "with" the surplus
 * (January to March 2025), "span" (January to June: half of it after
 * the surplus ends), "before" (October to December 2024). */
static struct mf_registry *measure_region(const struct mf_catalog *cat,
                                          const char *when, int flexible)
{
    struct mf_registry *reg = tu_registry(cat);
    struct mf_lot d;
    const char *from = !strcmp(when, "before") ? "2024-10-01" : "2025-01-01";
    const char *to = !strcmp(when, "before") ? "2024-12-31"
                     : !strcmp(when, "span") ? "2025-06-30"
                                             : "2025-03-31";

    tu_org(reg, "stat", 1);
    tu_org(reg, "firma", 0);
    tu_project(reg, "pub", "stat", "0301");
    tu_project(reg, "priv", "firma", "0301");
    tu_site(reg, "dep", MF_SITE_RECEIVING, 59.95, 10.75, "sprengstein", NULL,
            -1, 100);
    tu_site(reg, "dep2", MF_SITE_RECEIVING, 60.10, 10.75, "sprengstein", NULL,
            -1, 80);
    tu_site(reg, "q", MF_SITE_QUARRY, 59.80, 10.75, "pukk;grus;sand", NULL, -1,
            77);
    tu_supply(reg, "s-pub", "pub", "sprengstein", 10000, "2025-01-01",
              "2025-03-31", 59.90, 10.75);
    tu_supply(reg, "s-priv", "priv", "sprengstein", 10000, "2025-01-01",
              "2025-03-31", 59.905, 10.76);
    d = tu_lot_base(reg, "d-fill", MF_LOT_DEMAND, "priv", NULL, "fyllmasse",
                    6000, from, to, 59.91, 10.77);
    d.flexible = flexible;
    tu_put_lot(reg, &d);
    tu_demand(reg, "d-base", "priv", "baerelag", 3000, "2025-01-01",
              "2025-03-31", 60.17, 10.80);
    return reg;
}

struct measure_case {
    const char *scn;  /* the measure alone */
    const char *when; /* measure_region */
    int flexible;
    size_t metric; /* offset of a double in struct mf_indicators */
    int sign;      /* +1: must rise, -1: must fall, 0: must not fall */
};

#define IND(f) offsetof(struct mf_indicators, f)

/* Runs each scenario measure alone against the same region without it,
 * and checks that the result moves the way the measure says. A measure
 * that is read but not applied (as demand_flex_days and
 * scale.quarry_price once seemed to be) leaves the result as it was and
 * fails here. */
static void test_scenario__each_measure_moves_the_plan(void **state)
{
    static const struct measure_case cases[] = {
        {"landfill_tax_nok_t = 300\n", "with", 0, IND(cost_tax), +1},
        {"landfill_tax_nok_t = 300\n", "with", 0, IND(cost_total), +1},
        {"co2_price_nok_t = 2000\n", "with", 0, IND(cost_co2), +1},
        {"land_price_nok_m2 = 500\n", "with", 0, IND(cost_land), +1},
        {"max_haul_km = 5\n", "with", 0, IND(virgin_t), -1},
        {"circuity = 1.6\n", "with", 0, IND(tonne_km), +1},
        {"period = week\n", "span", 0, IND(reused_t), 0},
        {"scale.receiving_fee = 3\n", "with", 0, IND(cost_fees), +1},
        {"scale.quarry_price = 3\n", "with", 0, IND(cost_purchase), +1},
        {"scale.quarry_price = 0.5\n", "with", 0, IND(cost_purchase), -1},
        {"close_sites = dep\n", "with", 0, IND(truck_km), +1},
        {"sites = near.csv\n", "with", 0, IND(truck_km), -1},
        {"fleet = electric=1\n", "with", 0, IND(co2e_transport_kg), -1},
        {"truck.trailer.cost_nok_per_hour = 3000\n", "with", 0,
         IND(cost_transport), +1},
        {"factor.virgin_crushed_rock_co2e_kg_t = 50\n", "with", 0,
         IND(co2e_virgin_kg), +1},
        /* Flexible timing: half of the need comes after the surplus. */
        {"demand_flexible = yes\n", "span", 0, IND(reused_t), +1},
        /* More time: the need ends before the surplus starts; late
         * deliveries within the stretch reach it, flexible or not. */
        {"demand_flex_days = 182\n", "before", 0, IND(reused_t), +1},
        {"demand_flex_days = 182\n", "before", 1, IND(reused_t), +1},
        /* More time never takes reuse away (it once did: the stretch
         * spread a fixed need's tonnes past the surplus meant for it). */
        {"demand_flex_days = 182\n", "with", 0, IND(reused_t), 0},
        {"demand_flex_days = 182\n", "span", 0, IND(reused_t), 0},
    };
    struct mf_catalog *cat = tu_catalog();
    struct mf_factors *fx = tu_factors();
    struct mf_error err = {0};
    size_t i;

    (void)state;
    write("base.scn", "title.en = base\n");
    write("near.csv", "id,name,kind,municipality,x,y,epsg,materials,fee\n"
                      "near,Near,receiving,0301,10.755,59.902,4326,"
                      "sprengstein,100\n");
    for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const struct measure_case *c = &cases[i];
        struct mf_registry *reg = measure_region(cat, c->when, c->flexible);
        struct mf_scenario *base = NULL, *m = NULL;
        struct mf_scenario_result a, b;
        double before, after;

        write("m.scn", c->scn);
        assert_int_equal(mf_scenario_load(&base, dir, "base", &err), MF_OK);
        if (mf_scenario_load(&m, dir, "m", &err) ||
            mf_scenario_run(base, reg, fx, NULL, &a, &err) ||
            mf_scenario_run(m, reg, fx, NULL, &b, &err))
            fail_msg("%s: %s: %s", c->scn, err.where, err.message);
        before = *(const double *)((const char *)&a.plan->ind + c->metric);
        after = *(const double *)((const char *)&b.plan->ind + c->metric);
        if ((c->sign > 0 && !(after > before + 1e-6)) ||
            (c->sign < 0 && !(after < before - 1e-6)) ||
            (c->sign == 0 && after < before - 1e-6))
            fail_msg("measure '%.*s' (%s%s): %.6g -> %.6g, want it to %s",
                     (int)strcspn(c->scn, "\n"), c->scn, c->when,
                     c->flexible ? ", flexible" : "", before, after,
                     c->sign > 0   ? "rise"
                     : c->sign < 0 ? "fall"
                                   : "not fall");
        mf_scenario_result_free(&a);
        mf_scenario_result_free(&b);
        mf_scenario_free(base);
        mf_scenario_free(m);
        mf_registry_free(reg);
    }
    mf_factors_free(fx);
    mf_catalog_free(cat);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_scenario__parse_errors_name_the_line),
        cmocka_unit_test_setup_teardown(test_scenario__inheritance, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_scenario__landfill_tax_and_closing,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(test_scenario__limits_and_paths, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_scenario__reuse_requirement, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(
            test_scenario__each_measure_moves_the_plan, setup, teardown),
        cmocka_unit_test_setup_teardown(test_scenario__tornado, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(
            test_scenario__settings_by_their_own_keys, setup, teardown),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
