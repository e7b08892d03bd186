/*
 * scope_test.c - the scope (src/app/scope.c): each option parsed from its
 * text, bad input refused with a message naming the option and its rule,
 * one scope at a time, --near with --radius; the records a scope selects
 * (project, organisation by id or number, municipality, county, near,
 * bbox); a scope's flows summed by lot and far end from a plan solved for
 * the whole registry; and the balance counting only the scope's lots.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "app_int.h"
#include "masseflyt/balance.h"
#include "masseflyt/plan.h"
#include "testutil.h"

#include <stdio.h>
#include <string.h>

static int set(struct app_scope *sc, const char *opt, const char *v,
               struct mf_error *err)
{
    memset(err, 0, sizeof *err);
    return app_scope_set(sc, opt, v, err);
}

static void assert_refused(const char *opt, const char *v, const char *want)
{
    struct app_scope sc = APP_SCOPE_INIT;
    struct mf_error err;

    assert_int_equal(set(&sc, opt, v, &err), MF_EINVAL);
    if (!strstr(err.message, opt) || !strstr(err.message, want))
        fail_msg("%s '%s': got '%s', want the option and '%s'", opt,
                 v ? v : "(null)", err.message, want);
    assert_int_equal(sc.kind, APP_SCOPE_ALL);
}

static void test_parse_good(void **state)
{
    struct app_scope sc = APP_SCOPE_INIT;
    struct mf_error err;
    char buf[128];

    (void)state;
    assert_true(app_scope_is_option("--county"));
    assert_false(app_scope_is_option("--name"));
    assert_int_equal(set(&sc, "--project", "skole", &err), MF_OK);
    assert_int_equal(sc.kind, APP_SCOPE_PROJECT);
    assert_string_equal(sc.id, "skole");
    assert_int_equal(app_scope_done(&sc, &err), MF_OK);
    assert_string_equal(app_scope_text(&sc, "en", buf, sizeof buf),
                        "project skole");
    assert_string_equal(app_scope_text(&sc, "nb", buf, sizeof buf),
                        "prosjekt skole");

    /* An organisation number as the register displays it. */
    memset(&sc, 0, sizeof sc);
    assert_int_equal(set(&sc, "--organisation", "924 817 356", &err), MF_OK);
    assert_string_equal(sc.id, "924817356");
    memset(&sc, 0, sizeof sc);
    assert_int_equal(set(&sc, "--organisation", "924.817.356", &err), MF_OK);
    assert_string_equal(sc.id, "924817356");
    /* An id with letters stays as written. */
    memset(&sc, 0, sizeof sc);
    assert_int_equal(set(&sc, "--organisation", "bane nor", &err), MF_OK);
    assert_string_equal(sc.id, "bane nor");

    memset(&sc, 0, sizeof sc);
    assert_int_equal(set(&sc, "--municipality", "0301", &err), MF_OK);
    assert_string_equal(sc.id, "0301");
    memset(&sc, 0, sizeof sc);
    assert_int_equal(set(&sc, "--county", "33", &err), MF_OK);
    assert_int_equal(sc.kind, APP_SCOPE_COUNTY);

    /* --radius may come first. */
    memset(&sc, 0, sizeof sc);
    assert_int_equal(set(&sc, "--radius", "12.5", &err), MF_OK);
    assert_int_equal(set(&sc, "--near", "59.744, 10.204", &err), MF_OK);
    assert_int_equal(app_scope_done(&sc, &err), MF_OK);
    tu_near(sc.lat, 59.744, 1e-12);
    tu_near(sc.lon, 10.204, 1e-12);
    tu_near(sc.radius_km, 12.5, 1e-12);
    assert_string_equal(app_scope_text(&sc, "en", buf, sizeof buf),
                        "within 12.5 km of 59.7440 N 10.2040 E");

    memset(&sc, 0, sizeof sc);
    assert_int_equal(set(&sc, "--bbox", "10.0,59.6,10.5,59.9", &err), MF_OK);
    tu_near(sc.west, 10.0, 0);
    tu_near(sc.north, 59.9, 1e-12);
}

static void test_parse_bad(void **state)
{
    struct app_scope sc = APP_SCOPE_INIT;
    struct mf_error err;

    (void)state;
    assert_refused("--municipality", "301", "4 digits");
    assert_refused("--municipality", "03O1", "4 digits");
    assert_refused("--county", "3", "2 digits");
    assert_refused("--near", "59.7", "LAT,LON");
    assert_refused("--near", "59.7,10.2,3", "LAT,LON");
    assert_refused("--near", "91,10", "latitude -90 to 90");
    assert_refused("--near", "59.7,abc", "LAT,LON");
    assert_refused("--near", "nan,10", "LAT,LON");
    assert_refused("--radius", "0", "above 0");
    assert_refused("--radius", "-3", "above 0");
    assert_refused("--radius", "5km", "above 0");
    assert_refused("--bbox", "10.5,59.6,10.0,59.9", "west < east");
    assert_refused("--bbox", "10,59", "W,S,E,N");
    assert_refused("--project", "", "needs a value");
    assert_refused("--organisation", " . ", "needs a value");
    assert_refused("--project", NULL, "needs a value");

    /* One scope at a time. */
    assert_int_equal(set(&sc, "--project", "a", &err), MF_OK);
    assert_int_equal(set(&sc, "--county", "03", &err), MF_EINVAL);
    assert_non_null(strstr(err.message, "--county"));
    assert_non_null(strstr(err.message, "one scope at a time"));
    assert_int_equal(sc.kind, APP_SCOPE_PROJECT);

    /* --near and --radius together. */
    memset(&sc, 0, sizeof sc);
    assert_int_equal(set(&sc, "--near", "59.7,10.2", &err), MF_OK);
    assert_int_equal(app_scope_done(&sc, &err), MF_EINVAL);
    assert_non_null(strstr(err.message, "--near needs --radius"));
    memset(&sc, 0, sizeof sc);
    assert_int_equal(set(&sc, "--radius", "4", &err), MF_OK);
    assert_int_equal(app_scope_done(&sc, &err), MF_EINVAL);
    assert_non_null(strstr(err.message, "--radius needs --near"));

    assert_int_equal(set(&sc, "--name", "x", &err), MF_EINVAL);
}

/* Two organisations; projects in Drammen (3301) and Oslo (0301); a
 * receiving site near Drammen owned by no one, a storage site of the
 * school project. */
static struct mf_registry *region(struct mf_catalog *cat)
{
    struct mf_registry *reg = tu_registry(cat);
    struct mf_org o;

    memset(&o, 0, sizeof o);
    o.id = "drammen";
    o.name = "Drammen kommune";
    o.orgnr = "924817356";
    o.is_public = 1;
    assert_int_equal(mf_registry_put_org(reg, &o), MF_OK);
    tu_org(reg, "oslo", 1);
    tu_project(reg, "skole", "drammen", "3301");
    tu_project(reg, "vei", "oslo", "0301");
    tu_site(reg, "mottak", MF_SITE_RECEIVING, 59.75, 10.21, "leire", NULL, 1e6,
            120);
    tu_site(reg, "oslo-mottak", MF_SITE_RECEIVING, 59.91, 10.75, "leire", NULL,
            1e6, 150);
    tu_supply(reg, "skole-leire", "skole", "leire", 1000, "2027-03-01",
              "2027-06-30", 59.744, 10.204);
    tu_demand(reg, "skole-fyll", "skole", "fyllmasse", 400, "2027-03-01",
              "2027-06-30", 59.745, 10.205);
    tu_supply(reg, "vei-leire", "vei", "leire", 2000, "2027-03-01",
              "2027-06-30", 59.91, 10.75);
    return reg;
}

static void select_ok(const struct app_scope *sc, const struct mf_registry *reg,
                      struct app_scope_sel *sel)
{
    struct mf_error err = {0};

    if (app_scope_select(sc, reg, sel, &err))
        fail_msg("select: %s", err.message);
}

static void test_select(void **state)
{
    struct mf_catalog *cat = tu_catalog();
    struct mf_registry *reg = region(cat);
    struct app_scope sc = APP_SCOPE_INIT;
    struct app_scope_sel sel;
    struct mf_error err = {0};

    (void)state;
    select_ok(&sc, reg, &sel);
    assert_int_equal(sel.n_lots, 3);
    assert_int_equal(sel.n_sites, 2);
    assert_int_equal(sel.n_projects, 2);
    app_scope_sel_free(&sel);

    assert_int_equal(set(&sc, "--project", "skole", &err), MF_OK);
    select_ok(&sc, reg, &sel);
    assert_int_equal(sel.n_lots, 2);
    assert_true(sel.lot[0] && sel.lot[1] && !sel.lot[2]);
    assert_int_equal(sel.n_sites, 0); /* the sites belong to no project */
    assert_int_equal(sel.n_projects, 1);
    app_scope_sel_free(&sel);

    /* By number, written with spaces. */
    memset(&sc, 0, sizeof sc);
    assert_int_equal(set(&sc, "--organisation", "924 817 356", &err), MF_OK);
    select_ok(&sc, reg, &sel);
    assert_int_equal(sel.n_lots, 2);
    assert_true(sel.project[0] && !sel.project[1]);
    app_scope_sel_free(&sel);

    memset(&sc, 0, sizeof sc);
    assert_int_equal(set(&sc, "--municipality", "0301", &err), MF_OK);
    select_ok(&sc, reg, &sel);
    assert_int_equal(sel.n_lots, 1);
    assert_true(sel.lot[2]);
    assert_true(!sel.project[0] && sel.project[1]);
    app_scope_sel_free(&sel);

    memset(&sc, 0, sizeof sc);
    assert_int_equal(set(&sc, "--county", "33", &err), MF_OK);
    select_ok(&sc, reg, &sel);
    assert_int_equal(sel.n_lots, 2);
    app_scope_sel_free(&sel);

    /* Near: the school's lots and the receiving site 1 km away; the
     * project comes in through its lots. */
    memset(&sc, 0, sizeof sc);
    assert_int_equal(set(&sc, "--near", "59.744,10.204", &err), MF_OK);
    assert_int_equal(set(&sc, "--radius", "2", &err), MF_OK);
    select_ok(&sc, reg, &sel);
    assert_int_equal(sel.n_lots, 2);
    assert_int_equal(sel.n_sites, 1);
    assert_true(sel.site[0] && !sel.site[1]);
    assert_true(sel.project[0] && !sel.project[1]);
    app_scope_sel_free(&sel);

    memset(&sc, 0, sizeof sc);
    assert_int_equal(set(&sc, "--bbox", "10.7,59.8,10.8,60", &err), MF_OK);
    select_ok(&sc, reg, &sel);
    assert_int_equal(sel.n_lots, 1);
    assert_true(sel.lot[2] && sel.site[1]);
    app_scope_sel_free(&sel);

    /* Unknown project or organisation: not found, naming the option. */
    memset(&sc, 0, sizeof sc);
    assert_int_equal(set(&sc, "--project", "nope", &err), MF_OK);
    assert_int_equal(app_scope_select(&sc, reg, &sel, &err), MF_ENOTFOUND);
    assert_non_null(strstr(err.message, "--project"));
    app_scope_sel_free(&sel);
    memset(&sc, 0, sizeof sc);
    assert_int_equal(set(&sc, "--organisation", "974760673", &err), MF_OK);
    assert_int_equal(app_scope_select(&sc, reg, &sel, &err), MF_ENOTFOUND);
    assert_non_null(strstr(err.message, "--organisation"));
    app_scope_sel_free(&sel);

    mf_registry_free(reg);
    mf_catalog_free(cat);
}

/* The scope's flows come from the plan of the whole registry: summed by
 * lot and far end, they account for every tonne of the lot that was
 * placed; and the balance over the scope counts only its lots. */
static void test_flows_and_balance(void **state)
{
    struct mf_catalog *cat = tu_catalog();
    struct mf_factors *fx = tu_factors();
    struct mf_registry *reg = region(cat);
    struct mf_plan_opts po = MF_PLAN_OPTS_INIT;
    struct mf_balance_opts bo = MF_BALANCE_OPTS_INIT;
    struct app_scope sc = APP_SCOPE_INIT;
    struct app_scope_sel sel;
    struct app_scope_flow *fl = NULL;
    struct mf_balance *b = NULL;
    struct mf_plan *plan = NULL;
    struct mf_error err = {0};
    double placed = 0, unplaced = 0, cost = 0;
    size_t n = 0, i;

    (void)state;
    assert_int_equal(set(&sc, "--project", "skole", &err), MF_OK);
    select_ok(&sc, reg, &sel);
    if (mf_plan_solve(reg, fx, &po, &plan, &err))
        fail_msg("plan: %s", err.message);
    assert_int_equal(app_scope_flows(plan, reg, sel.lot, &fl, &n, &err), MF_OK);
    assert_true(n >= 1);
    for (i = 0; i < n; i++) {
        assert_true(sel.lot[fl[i].lot]);
        assert_true(fl[i].tonnes > 0);
        assert_non_null(fl[i].how);
        if (fl[i].lot == 0) {
            placed += fl[i].tonnes;
            cost += fl[i].cost_nok;
        }
        if (i > 0 && fl[i].lot == fl[i - 1].lot)
            assert_true(fl[i].tonnes <= fl[i - 1].tonnes);
    }
    for (i = 0; i < plan->n_flows; i++)
        if (plan->flows[i].from_kind == MF_END_SUPPLY &&
            plan->flows[i].from == 0 &&
            plan->flows[i].to_kind == MF_END_UNPLACED)
            unplaced += plan->flows[i].tonnes;
    tu_near(placed + unplaced, 1000, 1e-6);
    assert_true(cost > 0);
    /* The school's need counts its flows too, also one from the school's
     * own surplus (counted once for each lot). */
    {
        double got = 0, unmet = 0, own = 0;
        for (i = 0; i < n; i++)
            if (fl[i].lot == 1) {
                got += fl[i].tonnes;
                if (fl[i].kind == MF_END_SUPPLY && fl[i].ref == 0)
                    own += fl[i].tonnes;
            }
        for (i = 0; i < plan->n_flows; i++)
            if (plan->flows[i].from_kind == MF_END_UNMET &&
                plan->flows[i].to == 1)
                unmet += plan->flows[i].tonnes;
        tu_near(got + unmet, 400, 1e-6);
        for (i = 0; i < n; i++)
            if (fl[i].lot == 0 && fl[i].kind == MF_END_DEMAND && fl[i].ref == 1)
                tu_near(fl[i].tonnes, own, 1e-6);
    }
    /* No flow of the Oslo lot is in the scope. */
    for (i = 0; i < n; i++)
        assert_int_not_equal(fl[i].lot, 2);

    bo.lot_in = sel.lot;
    bo.as_of = tu_date("2027-01-01");
    if (mf_balance_compute(reg, &bo, &b, &err))
        fail_msg("balance: %s", err.message);
    assert_int_equal(b->lots_in, 2);
    assert_int_equal(b->lots_outside, 1);
    {
        double supply = 0;
        int r;
        for (r = 0; r < b->n_rows; r++)
            supply += b->rows[r].supply_total;
        tu_near(supply, 1000, 1e-6);
    }
    mf_balance_free(b);
    free(fl);
    mf_plan_free(plan);
    app_scope_sel_free(&sel);
    mf_registry_free(reg);
    mf_factors_free(fx);
    mf_catalog_free(cat);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_parse_good),
        cmocka_unit_test(test_parse_bad),
        cmocka_unit_test(test_select),
        cmocka_unit_test(test_flows_and_balance),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
