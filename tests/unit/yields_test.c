/*
 * yields_test.c - processing with yields and rest fractions, quality
 * limits by origin, receiving sites' yearly intake limits (plan.c), and
 * the LP path for networks with yields (plan/gnet.c, Clp) against GLPK.
 *
 * GLPK is GPL, so it is only run as an external program: each network is
 * written in CPLEX LP format (gnet_write_lp) and solved with
 * `glpsol --lp FILE -w SOL`; the optimum is recomputed from glpsol's
 * column values. glpsol must be installed (glpk-utils;
 * scripts/install-deps --test): when it is missing the test fails.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "testutil.h"

#include "../../bench/mfgen.h"
#include "masseflyt/plan.h"
#include "plan/gnet.h"
#include "plan/mcf.h"
#include "plan/state.h"

#include <math.h>
#include <stdio.h>
#include <unistd.h>

struct fx {
    struct mf_catalog *cat;
    struct mf_factors *fx;
    struct mf_registry *reg;
};

static int setup(void **state)
{
    struct fx *f = calloc(1, sizeof *f);

    f->cat = tu_catalog();
    f->fx = tu_factors();
    f->reg = tu_registry(f->cat);
    tu_org(f->reg, "o", 1);
    tu_project(f->reg, "p", "o", "0301");
    tu_project(f->reg, "q", "o", "0301");
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    struct fx *f = *state;

    mf_registry_free(f->reg);
    mf_factors_free(f->fx);
    mf_catalog_free(f->cat);
    free(f);
    return 0;
}

static struct mf_plan *solve(struct fx *f, struct mf_plan_opts *o)
{
    struct mf_plan *p = NULL;
    struct mf_error err = {0};

    o->check = 1;
    if (mf_plan_solve_pair(f->reg, f->fx, o, &p, NULL, &err))
        fail_msg("plan: %s", err.message);
    return p;
}

/* Tonnes from one end to another over all periods; material -1: any. */
static double moved_m(const struct fx *f, const struct mf_plan *p,
                      enum mf_end_kind fk, const char *from,
                      enum mf_end_kind tk, const char *to, int material)
{
    double t = 0;
    size_t i;

    for (i = 0; i < p->n_flows; i++) {
        const struct mf_flow *x = &p->flows[i];
        if (x->from_kind == fk && x->to_kind == tk &&
            !strcmp(mf_end_id(f->reg, fk, x->from), from) &&
            (!to || !strcmp(mf_end_id(f->reg, tk, x->to), to)) &&
            (material < 0 || x->material == material))
            t += x->tonnes;
    }
    return t;
}

static double moved(const struct fx *f, const struct mf_plan *p,
                    enum mf_end_kind fk, const char *from, enum mf_end_kind tk,
                    const char *to)
{
    return moved_m(f, p, fk, from, tk, to, -1);
}

#define LAT 59.90
#define LON 10.70

static int mat(const struct fx *f, const char *code)
{
    int m = mf_catalog_find_material(f->cat, code);

    assert_true(m >= 0);
    return m;
}

/* The shares of data/yields.csv that the tests rely on. */
static double share(const struct fx *f, const char *input, const char *product)
{
    const struct mf_yield *y;
    int n = mf_catalog_yields(f->cat, mat(f, input), &y), i;

    for (i = 0; i < n; i++)
        if (y[i].product == mat(f, product))
            return y[i].share;
    fail_msg("no yield of %s from %s", product, input);
    return 0;
}

/* ------------------------------------------------------------------ */
/* The catalogue                                                        */
/* ------------------------------------------------------------------ */

static void test_yields__catalogue(void **state)
{
    struct fx *f = *state;
    const struct mf_yield *y;
    int n, i, rest = 0;
    double sum = 0;

    /* Every input's shares add up to one tonne, with a rest fraction. */
    n = mf_catalog_yields(f->cat, mat(f, "sprengstein"), &y);
    assert_true(n >= 2);
    for (i = 0; i < n; i++) {
        sum += y[i].share;
        rest += y[i].rest;
        assert_non_null(y[i].source);
    }
    tu_near(sum, 1, 1e-12);
    assert_int_equal(rest, 1);
    /* No yields for moraine: a sorting plant keeps yield 1. */
    assert_int_equal(mf_catalog_yields(f->cat, mat(f, "morene"), &y), 0);
    /* Quality limits by origin. */
    assert_int_equal(
        mf_catalog_origin_allows(f->cat, mat(f, "tbm"),
                                 mf_catalog_find_use(f->cat, "tilslag_betong")),
        0);
    assert_int_equal(
        mf_catalog_origin_allows(f->cat, mat(f, "sprengstein"),
                                 mf_catalog_find_use(f->cat, "tilslag_betong")),
        1);
    assert_int_equal(
        mf_catalog_origin_allows(f->cat, mat(f, "tbm"),
                                 mf_catalog_find_use(f->cat, "baerelag")),
        1);
    assert_int_equal(mf_catalog_origin_limited(f->cat, mat(f, "tbm")), 1);
    assert_int_equal(mf_catalog_origin_limited(f->cat, mat(f, "sprengstein")),
                     0);
}

/* ------------------------------------------------------------------ */
/* Planning with yields                                                 */
/* ------------------------------------------------------------------ */

/* A plant on blasted rock: its aggregate serves the base course, and its
 * rest fraction (and the sand no need takes) goes to the receiving site:
 * every tonne in comes out somewhere. */
static void test_yields__rest_goes_to_the_landfill(void **state)
{
    struct fx *f = *state;
    struct mf_plan_opts o = MF_PLAN_OPTS_INIT;
    struct mf_plan *p;
    double out, rest;

    tu_site(f->reg, "dep", MF_SITE_RECEIVING, LAT + 0.18, LON, "sprengstein",
            NULL, -1, 100);
    tu_site(f->reg, "quarry", MF_SITE_QUARRY, LAT - 0.18, LON, "pukk", NULL, -1,
            77);
    tu_site(f->reg, "knuser", MF_SITE_PROCESSING, LAT + 0.01, LON + 0.01,
            "sprengstein", "pukk", -1, 30);
    tu_supply(f->reg, "s", "p", "sprengstein", 2000, "2025-01-01", "2025-01-31",
              LAT, LON);
    tu_demand(f->reg, "d", "q", "baerelag", 2000, "2025-01-01", "2025-01-31",
              LAT + 0.02, LON);
    p = solve(f, &o);
    assert_true(p->state->lp_valid); /* solved as an LP */
    assert_float_equal(p->ind.processed_t, 2000, 0);
    assert_float_equal(
        moved(f, p, MF_END_PROCESSING, "knuser", MF_END_DEMAND, "d"),
        round(2000 * share(f, "sprengstein", "pukk")), 0);
    /* The fines never serve a need, and go to the receiving site. */
    rest = moved_m(f, p, MF_END_PROCESSING, "knuser", MF_END_RECEIVING, "dep",
                   mat(f, "finstoff"));
    assert_float_equal(rest, round(2000 * share(f, "sprengstein", "finstoff")),
                       0);
    assert_float_equal(moved_m(f, p, MF_END_PROCESSING, "knuser", MF_END_DEMAND,
                               NULL, mat(f, "finstoff")),
                       0, 0);
    /* Mass balance: what leaves the plant is what went in (to the tonne,
     * per output, after rounding). */
    out = moved(f, p, MF_END_PROCESSING, "knuser", MF_END_DEMAND, NULL) +
          moved(f, p, MF_END_PROCESSING, "knuser", MF_END_RECEIVING, NULL) +
          moved(f, p, MF_END_PROCESSING, "knuser", MF_END_UNPLACED, NULL);
    assert_true(fabs(out - 2000) <= 3);
    /* The rest fraction pays its gate fee: the plant's cost is above
     * what its aggregate alone would cost. */
    assert_true(p->ind.landfilled_t >= rest);
    mf_plan_free(p);
}

/* With no receiving site that takes the rest fraction, it does not
 * vanish: it is left unplaced, at the penalty, and reported. */
static void test_yields__rest_never_vanishes(void **state)
{
    struct fx *f = *state;
    struct mf_plan_opts o = MF_PLAN_OPTS_INIT;
    struct mf_plan *p;
    double in, out;

    tu_site(f->reg, "quarry", MF_SITE_QUARRY, LAT - 0.18, LON, "pukk", NULL, -1,
            77);
    tu_site(f->reg, "knuser", MF_SITE_PROCESSING, LAT + 0.01, LON + 0.01,
            "sprengstein", "pukk", -1, 30);
    tu_supply(f->reg, "s", "p", "sprengstein", 2000, "2025-01-01", "2025-01-31",
              LAT, LON);
    tu_demand(f->reg, "d", "q", "baerelag", 2000, "2025-01-01", "2025-01-31",
              LAT + 0.02, LON);
    p = solve(f, &o);
    in = p->ind.processed_t;
    assert_true(in > 0); /* crushing still beats leaving it all */
    out = moved(f, p, MF_END_PROCESSING, "knuser", MF_END_DEMAND, NULL) +
          moved(f, p, MF_END_PROCESSING, "knuser", MF_END_UNPLACED, NULL);
    assert_true(fabs(out - in) <= 3);
    assert_true(moved_m(f, p, MF_END_PROCESSING, "knuser", MF_END_UNPLACED,
                        NULL, mat(f, "finstoff")) > 0);
    assert_true(p->ind.unplaced_t >=
                in * share(f, "sprengstein", "finstoff") - 1);
    mf_plan_free(p);
}

/* TBM muck crushed to aggregate does not serve concrete aggregate
 * (data/origin_limits.csv), though crushed rock otherwise does. */
static void test_yields__tbm_refused_for_concrete(void **state)
{
    struct fx *f = *state;
    struct mf_plan_opts o = MF_PLAN_OPTS_INIT;
    struct mf_plan *p;

    tu_site(f->reg, "dep", MF_SITE_RECEIVING, LAT + 0.18, LON, "tbm", NULL, -1,
            100);
    tu_site(f->reg, "quarry", MF_SITE_QUARRY, LAT - 0.18, LON, "pukk", NULL, -1,
            77);
    tu_site(f->reg, "knuser", MF_SITE_PROCESSING, LAT + 0.01, LON + 0.01, "tbm",
            "pukk", -1, 30);
    tu_supply(f->reg, "s", "p", "tbm", 2000, "2025-01-01", "2025-01-31", LAT,
              LON);
    tu_demand(f->reg, "d", "q", "tilslag_betong", 2000, "2025-01-01",
              "2025-01-31", LAT + 0.02, LON);
    p = solve(f, &o);
    assert_float_equal(
        moved(f, p, MF_END_PROCESSING, "knuser", MF_END_DEMAND, "d"), 0, 0);
    assert_float_equal(moved(f, p, MF_END_QUARRY, "quarry", MF_END_DEMAND, "d"),
                       2000, 0);
    mf_plan_free(p);
}

/* The same plant on blasted rock serves concrete aggregate: the limit is
 * the origin's, not the plant's. */
static void test_yields__blasted_rock_serves_concrete(void **state)
{
    struct fx *f = *state;
    struct mf_plan_opts o = MF_PLAN_OPTS_INIT;
    struct mf_plan *p;

    tu_site(f->reg, "dep", MF_SITE_RECEIVING, LAT + 0.18, LON, "sprengstein",
            NULL, -1, 100);
    tu_site(f->reg, "quarry", MF_SITE_QUARRY, LAT - 0.18, LON, "pukk", NULL, -1,
            77);
    tu_site(f->reg, "knuser", MF_SITE_PROCESSING, LAT + 0.01, LON + 0.01,
            "sprengstein", "pukk", -1, 30);
    tu_supply(f->reg, "s", "p", "sprengstein", 2000, "2025-01-01", "2025-01-31",
              LAT, LON);
    tu_demand(f->reg, "d", "q", "tilslag_betong", 2000, "2025-01-01",
              "2025-01-31", LAT + 0.02, LON);
    p = solve(f, &o);
    assert_true(moved(f, p, MF_END_PROCESSING, "knuser", MF_END_DEMAND, "d") >=
                round(2000 * share(f, "sprengstein", "pukk")));
    mf_plan_free(p);
}

/* A plant with no yields for its input keeps yield 1 and the network
 * simplex. */
static void test_yields__no_yields_keeps_the_network_simplex(void **state)
{
    struct fx *f = *state;
    struct mf_plan_opts o = MF_PLAN_OPTS_INIT;
    struct mf_plan *p;

    tu_site(f->reg, "dep", MF_SITE_RECEIVING, LAT + 0.18, LON, "morene", NULL,
            -1, 100);
    tu_site(f->reg, "quarry", MF_SITE_QUARRY, LAT - 0.18, LON, "sand", NULL, -1,
            150);
    tu_site(f->reg, "sorter", MF_SITE_PROCESSING, LAT + 0.01, LON + 0.01,
            "morene", "sand", -1, 30);
    tu_supply(f->reg, "s", "p", "morene", 2000, "2025-01-01", "2025-01-31", LAT,
              LON);
    tu_demand(f->reg, "d", "q", "tilslag_betong", 2000, "2025-01-01",
              "2025-01-31", LAT + 0.02, LON);
    p = solve(f, &o);
    assert_false(p->state->lp_valid);
    assert_float_equal(
        moved(f, p, MF_END_PROCESSING, "sorter", MF_END_DEMAND, "d"),
        p->ind.processed_t, 0);
    mf_plan_free(p);
}

/* ------------------------------------------------------------------ */
/* Yearly intake limits                                                 */
/* ------------------------------------------------------------------ */

static void put_intake(struct fx *f, const char *id, double intake)
{
    struct mf_site s = *mf_registry_site(f->reg, id);

    s.intake_t = intake;
    assert_int_equal(mf_registry_put_site(f->reg, &s), MF_OK);
}

/* 12 000 t a year is 1 018.5 t in January and 919.9 t in February 2025:
 * the limit binds in February, not in January, and each period's share
 * rounds down (never 920). */
static void test_yields__intake_limit_binds_in_one_period(void **state)
{
    struct fx *f = *state;
    struct mf_plan_opts o = MF_PLAN_OPTS_INIT;
    struct mf_plan *p;

    tu_site(f->reg, "dep", MF_SITE_RECEIVING, LAT + 0.02, LON, "morene", NULL,
            1e6, 100);
    tu_site(f->reg, "dep2", MF_SITE_RECEIVING, LAT + 0.02, LON + 0.01, "morene",
            NULL, -1, 150);
    put_intake(f, "dep", 12000);
    tu_supply(f->reg, "jan", "p", "morene", 500, "2025-01-01", "2025-01-31",
              LAT, LON);
    tu_supply(f->reg, "feb", "p", "morene", 3000, "2025-02-01", "2025-02-28",
              LAT, LON);
    o.period = MF_PERIOD_MONTH;
    p = solve(f, &o);
    assert_float_equal(
        moved(f, p, MF_END_SUPPLY, "jan", MF_END_RECEIVING, "dep"), 500, 0);
    assert_float_equal(
        moved(f, p, MF_END_SUPPLY, "feb", MF_END_RECEIVING, "dep"),
        floor(12000 * 28 / 365.25), 0);
    assert_float_equal(
        moved(f, p, MF_END_SUPPLY, "feb", MF_END_RECEIVING, "dep2"),
        3000 - floor(12000 * 28 / 365.25), 0);
    mf_plan_free(p);
}

/* Without the limit the cheaper site takes all of February. */
static void test_yields__no_intake_limit(void **state)
{
    struct fx *f = *state;
    struct mf_plan_opts o = MF_PLAN_OPTS_INIT;
    struct mf_plan *p;

    tu_site(f->reg, "dep", MF_SITE_RECEIVING, LAT + 0.02, LON, "morene", NULL,
            1e6, 100);
    tu_site(f->reg, "dep2", MF_SITE_RECEIVING, LAT + 0.02, LON + 0.01, "morene",
            NULL, -1, 150);
    tu_supply(f->reg, "feb", "p", "morene", 3000, "2025-02-01", "2025-02-28",
              LAT, LON);
    o.period = MF_PERIOD_MONTH;
    p = solve(f, &o);
    assert_float_equal(
        moved(f, p, MF_END_SUPPLY, "feb", MF_END_RECEIVING, "dep"), 3000, 0);
    mf_plan_free(p);
}

/* ------------------------------------------------------------------ */
/* Capacities by material (material_caps)                               */
/* ------------------------------------------------------------------ */

static void put_caps(struct fx *f, const char *id, const char *caps)
{
    struct mf_site s = *mf_registry_site(f->reg, id);

    s.material_caps = caps;
    assert_int_equal(mf_registry_put_site(f->reg, &s), MF_OK);
}

/* Tonnes of lot `from` to site `to`, over all periods. */
static double to_site(const struct fx *f, const struct mf_plan *p,
                      const char *from, const char *to)
{
    return moved(f, p, MF_END_SUPPLY, from, MF_END_RECEIVING, to);
}

/* The cheap site's permit takes 1 000 t of clay and any amount of moraine
 * within its total: the cap binds, the rest of the clay goes to the dearer
 * site, the moraine still all to the cheap one. Without an intake limit
 * this stays a pure network (the network simplex). So does today's
 * practice keep to the cap. */
static void test_yields__material_cap_binds(void **state)
{
    struct fx *f = *state;
    struct mf_plan_opts o = MF_PLAN_OPTS_INIT;
    struct mf_plan *p, *bl = NULL;
    struct mf_error err = {0};
    struct mf_practice pr;

    tu_site(f->reg, "dep", MF_SITE_RECEIVING, LAT + 0.02, LON, "morene;leire",
            NULL, 1e6, 100);
    tu_site(f->reg, "dep2", MF_SITE_RECEIVING, LAT + 0.02, LON + 0.01,
            "morene;leire", NULL, -1, 150);
    tu_supply(f->reg, "clay", "p", "leire", 3000, "2025-01-01", "2025-01-31",
              LAT, LON);
    tu_supply(f->reg, "mor", "p", "morene", 2000, "2025-01-01", "2025-01-31",
              LAT, LON);
    o.period = MF_PERIOD_MONTH;
    /* Without the cap the cheap site takes everything. */
    p = solve(f, &o);
    assert_float_equal(to_site(f, p, "clay", "dep"), 3000, 0);
    mf_plan_free(p);
    put_caps(f, "dep", "leire=1000");
    o.check = 1;
    if (mf_plan_solve_pair(f->reg, f->fx, &o, &p, &bl, &err))
        fail_msg("plan: %s", err.message);
    assert_false(p->state->lp_valid);
    assert_float_equal(to_site(f, p, "clay", "dep"), 1000, 0);
    assert_float_equal(to_site(f, p, "clay", "dep2"), 2000, 0);
    assert_float_equal(to_site(f, p, "mor", "dep"), 2000, 0);
    assert_float_equal(p->ind.unplaced_t, 0, 0);
    mf_plan_free(p);
    mf_plan_free(bl);
    memset(&pr, 0, sizeof pr);
    pr.same_client_km = 25;
    pr.same_client_public = 1;
    pr.processing_km = 25;
    pr.processing_share = 1;
    pr.sea_fill_km = 50;
    pr.reuse_low = 0.3;
    pr.reuse_high = 0.5;
    if (mf_plan_practice(f->reg, f->fx, &o, &pr, &bl, &err))
        fail_msg("practice: %s", err.message);
    assert_float_equal(to_site(f, bl, "clay", "dep"), 1000, 0);
    assert_float_equal(to_site(f, bl, "clay", "dep2"), 2000, 0);
    assert_float_equal(to_site(f, bl, "mor", "dep"), 2000, 0);
    mf_plan_free(bl);
}

/* With a yearly intake limit as well, the clay counts against each
 * month's intake and against its own cap over both months: the LP path.
 * 12 000 t a year is 919 t in February. */
static void test_yields__material_cap_with_intake_limit(void **state)
{
    struct fx *f = *state;
    struct mf_plan_opts o = MF_PLAN_OPTS_INIT;
    struct mf_plan *p;
    double clay_dep, feb_dep;

    tu_site(f->reg, "dep", MF_SITE_RECEIVING, LAT + 0.02, LON, "morene;leire",
            NULL, 1e6, 100);
    tu_site(f->reg, "dep2", MF_SITE_RECEIVING, LAT + 0.02, LON + 0.01,
            "morene;leire", NULL, -1, 150);
    put_intake(f, "dep", 12000);
    put_caps(f, "dep", "leire=1000");
    tu_supply(f->reg, "cj", "p", "leire", 800, "2025-01-01", "2025-01-31", LAT,
              LON);
    tu_supply(f->reg, "cf", "p", "leire", 800, "2025-02-01", "2025-02-28", LAT,
              LON);
    tu_supply(f->reg, "mf", "p", "morene", 500, "2025-02-01", "2025-02-28", LAT,
              LON);
    o.period = MF_PERIOD_MONTH;
    p = solve(f, &o);
    assert_true(p->state->lp_valid);
    clay_dep = to_site(f, p, "cj", "dep") + to_site(f, p, "cf", "dep");
    feb_dep = to_site(f, p, "cf", "dep") + to_site(f, p, "mf", "dep");
    /* Rounded LP flows: within a tonne. */
    tu_near(clay_dep, 1000, 1);
    assert_true(clay_dep <= 1000);
    tu_near(to_site(f, p, "cj", "dep2") + to_site(f, p, "cf", "dep2"), 600, 1);
    tu_near(to_site(f, p, "mf", "dep"), 500, 1);
    assert_true(feb_dep <= floor(12000 * 28 / 365.25));
    mf_plan_free(p);
}

/* Without yields or side rows the LP path and the network simplex agree:
 * the same networks solved both ways give the same optimum. */
static void test_yields__lp_agrees_with_network_simplex(void **state)
{
    static const struct mfgen_params small = {"T", 60, 60, 16, 6, 8, 60.0};
    uint64_t seed;

    (void)state;
    for (seed = 1; seed <= 4; seed++) {
        struct mcf *m = NULL;
        struct gnet g;
        struct gnet_result r;
        struct mf_error err = {0};
        struct mcf_opts mo = MCF_OPTS_INIT;
        double want;

        gnet_init(&g);
        assert_int_equal(mfgen_build(&small, seed, &m, &err), MF_OK);
        assert_int_equal(gnet_solve(m, &g, &r, &err), MF_OK);
        mo.check = 1;
        assert_int_equal(mcf_solve(m, &mo, &err), MF_OK);
        want = (double)mcf_objective(m);
        if (fabs(r.objective - want) > 1e-9 * fabs(want) + 1)
            fail_msg("seed %llu: Clp %.6f, network simplex %.0f",
                     (unsigned long long)seed, r.objective, want);
        gnet_result_free(&r);
        mcf_free(m);
    }
}

/* ------------------------------------------------------------------ */
/* The LP path: rounding and GLPK                                       */
/* ------------------------------------------------------------------ */

/* A plant of capacity 10 a period shared by two inputs whose LP optimum
 * is fractional: rounding keeps every arc and the shared row within
 * capacity. Nodes: 0, 1 supplies of 7.5 and 7.5 (as 15 with a slack),
 * built so the LP splits the plant's room 5.5 / 4.5. */
static void test_yields__rounding_never_above_capacity(void **state)
{
    struct mcf *m = NULL;
    struct gnet g;
    struct gnet_result r;
    struct gnet_out o[2];
    struct mf_error err = {0};
    int a0, a1, rows[2], a;
    int64_t sum;

    (void)state;
    /* 0, 1: inputs (supply 10 each); 2: product (needs 9, else 100 a
     * tonne from node 4); 3: rest sink; 4: source of the need; 5: sink. */
    assert_int_equal(mcf_new(&m, 6, 16, &err), MF_OK);
    mcf_set_supply(m, 0, 10);
    mcf_set_supply(m, 1, 10);
    mcf_set_supply(m, 2, -9);
    mcf_set_supply(m, 4, 9);
    mcf_set_supply(m, 5, -20);
    a0 = mcf_add_arc(m, 0, 2, 10, 1);
    a1 = mcf_add_arc(m, 1, 2, 10, 2);
    assert_true(mcf_add_arc(m, 0, 5, MCF_INF, 50) >= 0);
    assert_true(mcf_add_arc(m, 1, 5, MCF_INF, 50) >= 0);
    assert_true(mcf_add_arc(m, 3, 5, MCF_INF, 0) >= 0);
    assert_true(mcf_add_arc(m, 4, 2, MCF_INF, 100) >= 0);
    assert_true(mcf_add_arc(m, 4, 5, MCF_INF, 0) >= 0);
    assert_true(mcf_add_arc(m, 2, 5, MCF_INF, 0) >= 0);
    gnet_init(&g);
    o[0].node = 2;
    o[0].share = 0.6;
    o[1].node = 3;
    o[1].share = 0.4;
    assert_int_equal(gnet_add_gen(&g, a0, o, 2), MF_OK);
    assert_int_equal(gnet_add_gen(&g, a1, o, 2), MF_OK);
    rows[0] = a0;
    rows[1] = a1;
    assert_int_equal(gnet_add_row(&g, rows, 2, 10), MF_OK);
    assert_int_equal(gnet_solve(m, &g, &r, &err), MF_OK);
    /* The LP fills the plant (15 t of need at 0.6 would take 15 t in; the
     * row allows 10), and the cheaper input first. */
    tu_near(r.x[a0] + r.x[a1], 10, 1e-7);
    sum = 0;
    for (a = 0; a < mcf_n_arcs(m); a++) {
        assert_true(r.flow[a] >= 0);
        assert_true(r.flow[a] <= mcf_arc_cap(m, a));
        assert_true(fabs((double)r.flow[a] - r.x[a]) < 1 + 1e-9);
    }
    sum = r.flow[a0] + r.flow[a1];
    assert_true(sum <= 10);
    /* A fractional row: x = 5.5 and 4.5 would round to 6 + 5 = 11 to
     * the nearest; the row's arcs round down. */
    r.x[a0] = 5.5;
    r.x[a1] = 4.5;
    gnet_round(m, &g, &r);
    assert_int_equal(r.flow[a0] + r.flow[a1], 9);
    /* An arc at its capacity stays there; one a hair above comes back. */
    r.x[a0] = 10 + 1e-9;
    r.x[a1] = 0;
    gnet_round(m, &g, &r);
    assert_int_equal(r.flow[a0], 10);
    gnet_result_free(&r);
    gnet_free(&g);
    mcf_free(m);
}

static const char *find_glpsol(void)
{
    static const char *const dirs[] = {"/usr/bin", "/usr/local/bin", "/bin"};
    static char path[256];
    size_t i;

    for (i = 0; i < sizeof dirs / sizeof dirs[0]; i++) {
        snprintf(path, sizeof path, "%s/glpsol", dirs[i]);
        if (access(path, X_OK) == 0)
            return path;
    }
    return NULL;
}

/* The optimum glpsol finds for the LP of m and g, recomputed from its
 * column values (glpsol's raw solution file: "j COL STAT VALUE DUAL"). */
static double glpk_optimum(const struct mcf *m, const struct gnet *g)
{
    const char *glpsol = find_glpsol();
    const char *tmpdir = getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp";
    char dir[512], in[600], sol[600], log[600], cmd[4096], line[512];
    struct mf_error err = {0};
    double obj = 0;
    int cols = 0;
    FILE *f;

    if (!glpsol)
        fail_msg("glpsol not found: install glpk-utils "
                 "(scripts/install-deps --test); this test needs GLPK as an "
                 "independent oracle and does not skip");
    snprintf(dir, sizeof dir, "%s/yields_glpk_XXXXXX", tmpdir);
    assert_non_null(mkdtemp(dir));
    snprintf(in, sizeof in, "%s/net.lp", dir);
    snprintf(sol, sizeof sol, "%s/net.sol", dir);
    snprintf(log, sizeof log, "%s/glpsol.log", dir);
    f = fopen(in, "w");
    assert_non_null(f);
    assert_int_equal(gnet_write_lp(m, g, f, &err), MF_OK);
    assert_int_equal(fclose(f), 0);
    snprintf(cmd, sizeof cmd, "%s --lp %s -w %s >%s 2>&1", glpsol, in, sol,
             log);
    if (system(cmd) != 0)
        fail_msg("glpsol failed; see %s", log);
    f = fopen(sol, "r");
    assert_non_null(f);
    while (fgets(line, sizeof line, f)) {
        int j;
        char st[8];
        double v, d;
        /* Columns are numbered in the order the LP file names them
         * first, which is the objective's order, not ours: the raw file
         * does not name them, so take the objective from the "s" line
         * instead (its last field, written with %.*g in full). */
        if (line[0] == 's') {
            char *last = strrchr(line, ' ');
            assert_non_null(last);
            obj = strtod(last + 1, NULL);
        } else if (sscanf(line, "j %d %7s %lf %lf", &j, st, &v, &d) == 4) {
            cols++;
        }
    }
    fclose(f);
    assert_true(cols > 0);
    remove(in);
    remove(sol);
    remove(log);
    rmdir(dir);
    return obj;
}

static void test_yields__lp_agrees_with_glpk(void **state)
{
    static const struct mfgen_params small = {"T", 60, 60, 16, 6, 8, 60.0};
    static const double yields[] = {0.6, 0.75, 0.9};
    uint64_t seed;

    (void)state;
    for (seed = 1; seed <= 6; seed++) {
        struct mcf *m = NULL;
        struct gnet g;
        struct gnet_result r;
        struct mf_error err = {0};
        double want;
        int a;

        gnet_init(&g);
        assert_int_equal(
            mfgen_build_yields(&small, seed, yields[seed % 3], &g, &m, &err),
            MF_OK);
        assert_true(g.n_gen > 0);
        assert_int_equal(gnet_solve(m, &g, &r, &err), MF_OK);
        want = glpk_optimum(m, &g);
        /* Both solve in floating point: the same optimum to a few øre in
         * hundreds of millions. */
        if (fabs(r.objective - want) > 1e-8 * fabs(want) + 1)
            fail_msg("seed %llu: Clp %.6f, GLPK %.6f", (unsigned long long)seed,
                     r.objective, want);
        for (a = 0; a < mcf_n_arcs(m); a++)
            assert_true(r.flow[a] >= 0 && r.flow[a] <= mcf_arc_cap(m, a));
        gnet_result_free(&r);
        gnet_free(&g);
        mcf_free(m);
    }
}

/* A copy of m with its first n arcs only: the same nodes and supplies. */
static struct mcf *first_arcs(const struct mcf *m, int n)
{
    struct mcf *c = NULL;
    struct mf_error err = {0};
    int v, a;

    assert_int_equal(mcf_new(&c, mcf_n_nodes(m), (size_t)n, &err), MF_OK);
    for (v = 0; v < mcf_n_nodes(m); v++)
        mcf_set_supply(c, v, mcf_supply(m, v));
    for (a = 0; a < n; a++)
        assert_int_equal(mcf_add_arc(c, mcf_arc_tail(m, a), mcf_arc_head(m, a),
                                     mcf_arc_cap(m, a), mcf_arc_cost(m, a)),
                         a);
    return c;
}

/* Solves m from warm and cold: the same optimum (Clp's tolerance, as the
 * slices above); returns the warm solve's iterations. */
static int warm_agrees(const struct mcf *m, const struct gnet *g,
                       const struct gnet_basis *warm, enum gnet_start how,
                       const char *what)
{
    struct gnet_result cold, r;
    struct mf_error err = {0};
    int it;

    assert_int_equal(gnet_solve(m, g, &cold, &err), MF_OK);
    assert_int_equal(gnet_solve_from(m, g, warm, NULL, NULL, 0, &r, &err),
                     MF_OK);
    if (r.warm != how)
        fail_msg("%s: started %d, not %d", what, (int)r.warm, (int)how);
    if (fabs(r.objective - cold.objective) > 1e-9 * fabs(cold.objective) + 1)
        fail_msg("%s: warm %.6f, cold %.6f", what, r.objective, cold.objective);
    assert_non_null(r.basis);
    it = r.iterations;
    gnet_result_free(&r);
    gnet_result_free(&cold);
    return it;
}

/* The sensitivity runs re-solve an LP from the optimum of one a little
 * different (gnet_solve_from): from its own optimum an LP takes no
 * iteration; with costs changed, with arcs dropped (some of them basic,
 * so the basis lacks columns that Clp must replace), with arcs added,
 * each reaches the cold optimum; a basis of other nodes is not used. */
static void test_yields__lp_warm_start(void **state)
{
    static const struct mfgen_params small = {"T", 60, 60, 16, 6, 8, 60.0};
    static const struct mfgen_params other = {"U", 40, 50, 12, 5, 8, 60.0};
    uint64_t seed;
    long warm_it = 0, cold_it = 0;

    (void)state;
    for (seed = 1; seed <= 4; seed++) {
        struct mcf *m = NULL, *costly = NULL, *fewer, *o = NULL;
        struct gnet g, go;
        struct gnet_result cold, part, r;
        struct mf_error err = {0};
        int na, keep, a, i, basic_dropped = 0;

        gnet_init(&g);
        gnet_init(&go);
        assert_int_equal(mfgen_build_yields(&small, seed, 0.75, &g, &m, &err),
                         MF_OK);
        na = mcf_n_arcs(m);
        assert_int_equal(gnet_solve(m, &g, &cold, &err), MF_OK);
        assert_int_equal(cold.warm, GNET_COLD);
        assert_int_equal(warm_agrees(m, &g, cold.basis, GNET_WARM, "same"), 0);

        /* Costs changed on every fifth arc. */
        assert_int_equal(mcf_clone(&costly, m, &err), MF_OK);
        for (a = 0; a < na; a += 5)
            mcf_set_cost(costly, a, mcf_arc_cost(m, a) * 13 / 10 + 1);
        warm_it += warm_agrees(costly, &g, cold.basis, GNET_WARM, "costs");
        assert_int_equal(gnet_solve(costly, &g, &r, &err), MF_OK);
        cold_it += r.iterations;
        gnet_result_free(&r);

        /* The last arcs that no processing arc or side row names,
         * dropped; some carried flow strictly inside their bounds. */
        keep = 0;
        for (i = 0; i < g.n_gen; i++)
            keep = g.gen_arc[i] + 1 > keep ? g.gen_arc[i] + 1 : keep;
        for (i = 0; i < g.n_row_arcs; i++)
            keep = g.row_arc[i] + 1 > keep ? g.row_arc[i] + 1 : keep;
        if (keep < na - na / 4)
            keep = na - na / 4;
        assert_true(keep < na);
        for (a = keep; a < na; a++)
            basic_dropped += cold.x[a] > 1e-6 &&
                             cold.x[a] < (double)mcf_arc_cap(m, a) - 1e-6;
        assert_true(basic_dropped > 0);
        fewer = first_arcs(m, keep);
        warm_agrees(fewer, &g, cold.basis, GNET_WARM, "dropped");

        /* Arcs added: the whole network from the smaller one's optimum. */
        assert_int_equal(gnet_solve(fewer, &g, &part, &err), MF_OK);
        warm_agrees(m, &g, part.basis, GNET_WARM, "added");

        /* Other nodes: cold. */
        assert_int_equal(mfgen_build_yields(&other, seed, 0.75, &go, &o, &err),
                         MF_OK);
        assert_int_not_equal(mcf_n_nodes(o), mcf_n_nodes(m));
        warm_agrees(o, &go, cold.basis, GNET_WARM_NODES, "other nodes");

        gnet_result_free(&part);
        gnet_result_free(&cold);
        mcf_free(o);
        mcf_free(fewer);
        mcf_free(costly);
        mcf_free(m);
        gnet_free(&go);
        gnet_free(&g);
    }
    /* The point of it: far fewer iterations than cold. */
    if (warm_it * 2 >= cold_it)
        fail_msg("warm %ld iterations, cold %ld", warm_it, cold_it);
}

/* A stop that counts its calls and answers yes from call `at` on. */
struct stopper {
    int calls, at;
    int64_t last;
};

static int stop_at(void *ctx, int64_t iterations)
{
    struct stopper *s = ctx;

    s->calls++;
    assert_true(iterations >= s->last);
    s->last = iterations;
    return s->at > 0 && s->calls >= s->at;
}

/* A plan job's cancel reaches Clp: the LP runs in slices of Clp
 * iterations with the stop asked between them; stopped, the solve fails
 * with "stopped"; never stopped, it reaches gnet_solve's optimum. */
static void test_yields__lp_stops_between_slices(void **state)
{
    static const struct mfgen_params small = {"T", 60, 60, 16, 6, 8, 60.0};
    struct mcf *m = NULL;
    struct gnet g;
    struct gnet_result whole, sliced;
    struct mf_error err = {0};
    struct stopper never = {0, 0, 0}, second = {0, 2, 0};

    (void)state;
    gnet_init(&g);
    assert_int_equal(mfgen_build_yields(&small, 1, 0.75, &g, &m, &err), MF_OK);
    assert_int_equal(gnet_solve(m, &g, &whole, &err), MF_OK);
    /* Slices of 5 iterations: far fewer than the solve needs. */
    assert_true(whole.iterations > 20);
    assert_int_equal(gnet_solve_stop(m, &g, stop_at, &never, 5, &sliced, &err),
                     MF_OK);
    assert_true(never.calls >= 2);
    if (fabs(sliced.objective - whole.objective) >
        1e-9 * fabs(whole.objective) + 1)
        fail_msg("in slices %.6f, whole %.6f", sliced.objective,
                 whole.objective);
    gnet_result_free(&sliced);
    /* Stopped at the second question: an error, and no result. */
    assert_int_equal(gnet_solve_stop(m, &g, stop_at, &second, 5, &sliced, &err),
                     MF_ERR);
    assert_int_equal(second.calls, 2);
    assert_string_equal(err.message, "stopped");
    assert_null(sliced.x);
    gnet_result_free(&whole);
    gnet_free(&g);
    mcf_free(m);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_yields__catalogue, setup,
                                        teardown),
        cmocka_unit_test(test_yields__lp_stops_between_slices),
        cmocka_unit_test_setup_teardown(test_yields__material_cap_binds, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(
            test_yields__material_cap_with_intake_limit, setup, teardown),
        cmocka_unit_test(test_yields__lp_agrees_with_network_simplex),
        cmocka_unit_test_setup_teardown(test_yields__rest_goes_to_the_landfill,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(test_yields__rest_never_vanishes, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_yields__tbm_refused_for_concrete,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(
            test_yields__blasted_rock_serves_concrete, setup, teardown),
        cmocka_unit_test_setup_teardown(
            test_yields__no_yields_keeps_the_network_simplex, setup, teardown),
        cmocka_unit_test_setup_teardown(
            test_yields__intake_limit_binds_in_one_period, setup, teardown),
        cmocka_unit_test_setup_teardown(test_yields__no_intake_limit, setup,
                                        teardown),
        cmocka_unit_test(test_yields__rounding_never_above_capacity),
        cmocka_unit_test(test_yields__lp_agrees_with_glpk),
        cmocka_unit_test(test_yields__lp_warm_start),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
