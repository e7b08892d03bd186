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
        cmocka_unit_test_setup_teardown(test_scenario__tornado, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(
            test_scenario__settings_by_their_own_keys, setup, teardown),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
