/*
 * baseline_test.c - the practice baseline (plan/baseline.c) on small cases
 * whose outcome is known by hand: a project's own balance, transfers
 * between projects of one client within and beyond the haul limit (and
 * none for a private client), standard crushing and its share of a
 * plant's capacity, a sea fill within and beyond reach, the cheapest
 * receiving site with its capacity, no flow between owners but by the
 * practice options, the same result on every run, and data/practice.csv.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "testutil.h"

#include "masseflyt/plan.h"

#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

struct fx {
    struct mf_catalog *cat;
    struct mf_factors *fx;
    struct mf_registry *reg;
    struct mf_practice pr;
};

static int setup(void **state)
{
    struct fx *f = calloc(1, sizeof *f);

    f->cat = tu_catalog();
    f->fx = tu_factors();
    f->reg = tu_registry(f->cat);
    /* Client o (public) has projects p and q; client x (public) has r;
     * the private developer v has m and n. */
    tu_org(f->reg, "o", 1);
    tu_org(f->reg, "x", 1);
    tu_org(f->reg, "v", 0);
    tu_project(f->reg, "p", "o", "0301");
    tu_project(f->reg, "q", "o", "0301");
    tu_project(f->reg, "r", "x", "0301");
    tu_project(f->reg, "m", "v", "0301");
    tu_project(f->reg, "n", "v", "0301");
    f->pr.same_client_km = 25;
    f->pr.same_client_public = 1;
    f->pr.processing_km = 25;
    f->pr.processing_share = 1;
    f->pr.sea_fill_km = 50;
    f->pr.reuse_low = 0.3;
    f->pr.reuse_high = 0.5;
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

static struct mf_plan *practice(struct fx *f)
{
    struct mf_plan_opts o = MF_PLAN_OPTS_INIT;
    struct mf_plan *p = NULL;
    struct mf_error err = {0};

    if (mf_plan_practice(f->reg, f->fx, &o, &f->pr, &p, &err))
        fail_msg("practice: %s", err.message);
    assert_null(p->state);
    return p;
}

/* Tonnes from one end to another over all periods. */
static double moved(const struct fx *f, const struct mf_plan *p,
                    enum mf_end_kind fk, const char *from, enum mf_end_kind tk,
                    const char *to)
{
    double t = 0;
    size_t i;

    for (i = 0; i < p->n_flows; i++) {
        const struct mf_flow *x = &p->flows[i];
        if (x->from_kind == fk && x->to_kind == tk &&
            !strcmp(mf_end_id(f->reg, fk, x->from), from) &&
            !strcmp(mf_end_id(f->reg, tk, x->to), to))
            t += x->tonnes;
    }
    return t;
}

/* Every surplus-to-need flow joins lots of one client, or ends at a sea
 * fill: no other flow crosses owners. */
static void only_practice_crosses_owners(const struct fx *f,
                                         const struct mf_plan *p)
{
    size_t i;

    for (i = 0; i < p->n_flows; i++) {
        const struct mf_flow *x = &p->flows[i];
        const struct mf_lot *a, *b;
        const struct mf_project *pa, *pb;
        if (x->from_kind != MF_END_SUPPLY || x->to_kind != MF_END_DEMAND)
            continue;
        a = mf_registry_lot_at(f->reg, (size_t)x->from);
        b = mf_registry_lot_at(f->reg, (size_t)x->to);
        pa = mf_registry_project(f->reg, a->project);
        pb = mf_registry_project(f->reg, b->project);
        if (!strcmp(pa->org, pb->org))
            continue;
        assert_true(mf_catalog_use(f->cat, b->use)->sea);
    }
}

/* Oslo-ish places: 0.01 degree of latitude is about 1.11 km, 1.45 km of
 * road with the circuity of 1.3. */
#define LAT 59.90
#define LON 10.70
#define JAN "2025-01-01", "2025-01-31"

static void sites(struct fx *f)
{
    tu_site(f->reg, "dep", MF_SITE_RECEIVING, LAT + 0.18, LON,
            "sprengstein;morene;leire", NULL, -1, 100);
    tu_site(f->reg, "quarry", MF_SITE_QUARRY, LAT - 0.18, LON, "pukk", NULL, -1,
            77);
}

static void test_baseline__own_project_balance(void **state)
{
    struct fx *f = *state;
    struct mf_plan *p;

    sites(f);
    /* 1000 t of surplus, 600 t of its own project's need the same month,
     * and a need of another client next door that it must not serve. */
    tu_supply(f->reg, "s", "p", "sprengstein", 1000, JAN, LAT, LON);
    tu_demand(f->reg, "d", "p", "forsterkningslag", 600, JAN, LAT + 0.01, LON);
    tu_demand(f->reg, "e", "r", "forsterkningslag", 500, JAN, LAT, LON + 0.01);
    p = practice(f);
    assert_float_equal(moved(f, p, MF_END_SUPPLY, "s", MF_END_DEMAND, "d"), 600,
                       0);
    assert_float_equal(moved(f, p, MF_END_SUPPLY, "s", MF_END_DEMAND, "e"), 0,
                       0);
    assert_float_equal(moved(f, p, MF_END_SUPPLY, "s", MF_END_RECEIVING, "dep"),
                       400, 0);
    assert_float_equal(moved(f, p, MF_END_QUARRY, "quarry", MF_END_DEMAND, "e"),
                       500, 0);
    assert_float_equal(p->ind.supply_t, 1000, 0);
    assert_float_equal(p->ind.demand_t, 1100, 0);
    assert_float_equal(p->ind.reused_t, 600, 0);
    tu_near(p->ind.reuse_rate, 0.6, 1e-12);
    assert_float_equal(p->ind.landfilled_t, 400, 0);
    assert_float_equal(p->ind.virgin_t, 500, 0);
    only_practice_crosses_owners(f, p);
    /* 60 % lies outside a published range of 30-50 %. */
    assert_int_equal(mf_practice_calibrated(&f->pr, p), 0);
    f->pr.reuse_high = 0.6;
    assert_int_equal(mf_practice_calibrated(&f->pr, p), 1);
    mf_plan_free(p);
}

static void test_baseline__needs_later_get_nothing(void **state)
{
    struct fx *f = *state;
    struct mf_plan *p;

    /* No storage: a need of the next month gets none of the surplus. */
    sites(f);
    tu_supply(f->reg, "s", "p", "sprengstein", 1000, JAN, LAT, LON);
    tu_demand(f->reg, "d", "p", "forsterkningslag", 1000, "2025-02-01",
              "2025-02-28", LAT + 0.01, LON);
    p = practice(f);
    assert_float_equal(p->ind.reused_t, 0, 0);
    assert_float_equal(p->ind.landfilled_t, 1000, 0);
    assert_float_equal(p->ind.virgin_t, 1000, 0);
    assert_float_equal(p->ind.stored_t, 0, 0);
    mf_plan_free(p);
}

static void test_baseline__same_client_within_limit(void **state)
{
    struct fx *f = *state;
    struct mf_plan *p;

    /* About 10 km of road between projects p and q of client o. */
    sites(f);
    tu_supply(f->reg, "s", "p", "sprengstein", 1000, JAN, LAT, LON);
    tu_demand(f->reg, "d", "q", "forsterkningslag", 1000, JAN, LAT + 0.07, LON);
    p = practice(f);
    assert_float_equal(moved(f, p, MF_END_SUPPLY, "s", MF_END_DEMAND, "d"),
                       1000, 0);
    assert_float_equal(p->ind.landfilled_t, 0, 0);
    assert_float_equal(p->ind.virgin_t, 0, 0);
    only_practice_crosses_owners(f, p);
    mf_plan_free(p);
}

static void test_baseline__same_client_beyond_limit(void **state)
{
    struct fx *f = *state;
    struct mf_plan *p;

    /* About 40 km of road: past the 25 km limit, though within the
     * planner's haul limit of 100 km. */
    sites(f);
    tu_supply(f->reg, "s", "p", "sprengstein", 1000, JAN, LAT, LON);
    tu_demand(f->reg, "d", "q", "forsterkningslag", 1000, JAN, LAT + 0.28, LON);
    p = practice(f);
    assert_float_equal(moved(f, p, MF_END_SUPPLY, "s", MF_END_DEMAND, "d"), 0,
                       0);
    assert_float_equal(moved(f, p, MF_END_SUPPLY, "s", MF_END_RECEIVING, "dep"),
                       1000, 0);
    assert_float_equal(moved(f, p, MF_END_QUARRY, "quarry", MF_END_DEMAND, "d"),
                       1000, 0);
    /* With a longer limit the same pair is a transfer. */
    mf_plan_free(p);
    f->pr.same_client_km = 50;
    p = practice(f);
    assert_float_equal(moved(f, p, MF_END_SUPPLY, "s", MF_END_DEMAND, "d"),
                       1000, 0);
    mf_plan_free(p);
}

static void test_baseline__private_client_moves_nothing(void **state)
{
    struct fx *f = *state;
    struct mf_plan *p;

    sites(f);
    tu_supply(f->reg, "s", "m", "sprengstein", 1000, JAN, LAT, LON);
    tu_demand(f->reg, "d", "n", "forsterkningslag", 1000, JAN, LAT + 0.02, LON);
    p = practice(f);
    assert_float_equal(p->ind.reused_t, 0, 0);
    assert_float_equal(p->ind.landfilled_t, 1000, 0);
    mf_plan_free(p);
    f->pr.same_client_public = 0;
    p = practice(f);
    assert_float_equal(p->ind.reused_t, 1000, 0);
    mf_plan_free(p);
}

/* Tonnes of output per tonne of blasted rock into a crusher
 * (data/yields.csv): the product's share, or with product NULL, each
 * other output's tonnes from `in` t of rock, rounded down as the
 * baseline makes them. */
static double rock_share(const struct fx *f, const char *product)
{
    const struct mf_yield *y;
    int n = mf_catalog_yields(
            f->cat, mf_catalog_find_material(f->cat, "sprengstein"), &y),
        i;

    for (i = 0; i < n; i++)
        if (y[i].product == mf_catalog_find_material(f->cat, product))
            return y[i].share;
    return n ? 0 : 1;
}

static double co_products(const struct fx *f, double in, const char *product)
{
    const struct mf_yield *y;
    int n = mf_catalog_yields(
            f->cat, mf_catalog_find_material(f->cat, "sprengstein"), &y),
        i;
    double t = 0;

    for (i = 0; i < n; i++)
        if (y[i].product != mf_catalog_find_material(f->cat, product))
            t += floor(in * y[i].share + 1e-9);
    return t;
}

static void test_baseline__standard_crushing(void **state)
{
    struct fx *f = *state;
    struct mf_plan *p;
    double sh = rock_share(f, "pukk"), in, made;

    /* A crushing plant 1.5 km from the surplus and the need of another
     * client: crushed rock (30 NOK/t) beats the quarry (77 NOK/t and
     * 26 km of road). */
    sites(f);
    tu_site(f->reg, "knuser", MF_SITE_PROCESSING, LAT + 0.01, LON + 0.01,
            "sprengstein", "pukk", -1, 30);
    tu_supply(f->reg, "s", "p", "sprengstein", 2000, JAN, LAT, LON);
    tu_demand(f->reg, "d", "r", "baerelag", 1500, JAN, LAT + 0.02, LON);
    /* The plant takes the rock the need's crushed rock takes at its
     * yield (data/yields.csv), at most the surplus; its other outputs
     * (sand, fines) go to the receiving site, as does the rock left. */
    in = fmin(ceil(1500 / sh - 1e-9), 2000);
    made = fmin(1500, floor(in * sh + 1e-9));
    assert_true(sh > 0 && sh <= 1);
    p = practice(f);
    assert_float_equal(
        moved(f, p, MF_END_SUPPLY, "s", MF_END_PROCESSING, "knuser"), in, 0);
    assert_float_equal(
        moved(f, p, MF_END_PROCESSING, "knuser", MF_END_DEMAND, "d"), made, 0);
    assert_float_equal(
        moved(f, p, MF_END_PROCESSING, "knuser", MF_END_RECEIVING, "dep"),
        co_products(f, in, "pukk"), 0);
    assert_float_equal(p->ind.processed_t, in, 0);
    assert_float_equal(p->ind.cost_processing, in * 30.0, 1e-6);
    assert_float_equal(p->ind.reused_t, made, 0);
    assert_float_equal(p->ind.landfilled_t,
                       2000 - in + co_products(f, in, "pukk"), 0);
    assert_float_equal(p->ind.virgin_t, 1500 - made, 0);
    only_practice_crosses_owners(f, p);
    mf_plan_free(p);
    /* With no capacity open to projects, the need buys from the quarry. */
    f->pr.processing_share = 0;
    p = practice(f);
    assert_float_equal(p->ind.processed_t, 0, 0);
    assert_float_equal(p->ind.virgin_t, 1500, 0);
    assert_float_equal(p->ind.landfilled_t, 2000, 0);
    mf_plan_free(p);
    /* Out of reach: no crushing either. */
    f->pr.processing_share = 1;
    f->pr.processing_km = 1;
    p = practice(f);
    assert_float_equal(p->ind.processed_t, 0, 0);
    mf_plan_free(p);
}

static void test_baseline__plant_capacity_share(void **state)
{
    struct fx *f = *state;
    struct mf_plan *p;

    /* 12 000 t a year, a quarter open to projects: 3000 t a year, so 254
     * t in the 31 days of January (rounded down). */
    sites(f);
    tu_site(f->reg, "knuser", MF_SITE_PROCESSING, LAT + 0.01, LON + 0.01,
            "sprengstein", "pukk", 12000, 30);
    tu_supply(f->reg, "s", "p", "sprengstein", 2000, JAN, LAT, LON);
    tu_demand(f->reg, "d", "r", "baerelag", 1500, JAN, LAT + 0.02, LON);
    f->pr.processing_share = 0.25;
    p = practice(f);
    assert_float_equal(p->ind.processed_t, 254, 0);
    assert_float_equal(p->ind.virgin_t,
                       1500 - floor(254 * rock_share(f, "pukk") + 1e-9), 0);
    mf_plan_free(p);
}

static void test_baseline__sea_fill_in_reach(void **state)
{
    struct fx *f = *state;
    struct mf_plan *p;

    /* A harbour fill of another client about 40 km of road away. */
    sites(f);
    tu_supply(f->reg, "s", "p", "sprengstein", 1000, JAN, LAT, LON);
    tu_demand(f->reg, "fill", "r", "sjofylling", 800, JAN, LAT - 0.28, LON);
    p = practice(f);
    assert_float_equal(moved(f, p, MF_END_SUPPLY, "s", MF_END_DEMAND, "fill"),
                       800, 0);
    only_practice_crosses_owners(f, p);
    mf_plan_free(p);
    /* Beyond the reach it is not served. */
    f->pr.sea_fill_km = 30;
    p = practice(f);
    assert_float_equal(moved(f, p, MF_END_SUPPLY, "s", MF_END_DEMAND, "fill"),
                       0, 0);
    assert_float_equal(p->ind.unmet_t, 800, 0);
    mf_plan_free(p);
}

static void test_baseline__cheapest_landfill(void **state)
{
    struct fx *f = *state;
    struct mf_plan *p;
    int i;

    /* dear: 5 km of road at 150 NOK/t; cheap: 13 km at 100 NOK/t, the
     * cheaper by about 35 NOK/t with the haul, but room for 600 t. */
    tu_site(f->reg, "dear", MF_SITE_RECEIVING, LAT + 0.035, LON, "sprengstein",
            NULL, -1, 150);
    tu_site(f->reg, "cheap", MF_SITE_RECEIVING, LAT + 0.09, LON, "sprengstein",
            NULL, 600, 100);
    tu_supply(f->reg, "s", "p", "sprengstein", 1000, JAN, LAT, LON);
    p = practice(f);
    assert_float_equal(
        moved(f, p, MF_END_SUPPLY, "s", MF_END_RECEIVING, "cheap"), 600, 0);
    assert_float_equal(
        moved(f, p, MF_END_SUPPLY, "s", MF_END_RECEIVING, "dear"), 400, 0);
    /* Each site's fee is for ordinary soil; blasted rock pays its factor
     * of it (data/gate_fees.csv). */
    assert_float_equal(
        p->ind.cost_fees,
        (600 * 100.0 + 400 * 150.0) *
            mf_gate_fee_factor(
                f->fx, mf_catalog_material(f->cat, mf_catalog_find_material(
                                                       f->cat, "sprengstein"))),
        1e-6);
    assert_float_equal(p->ind.unplaced_t, 0, 0);
    /* The same on every run. */
    for (i = 0; i < 3; i++) {
        struct mf_plan *q = practice(f);
        size_t k;
        assert_int_equal(q->n_flows, p->n_flows);
        for (k = 0; k < p->n_flows; k++) {
            assert_int_equal(q->flows[k].from, p->flows[k].from);
            assert_int_equal(q->flows[k].to, p->flows[k].to);
            assert_float_equal(q->flows[k].tonnes, p->flows[k].tonnes, 0);
        }
        assert_int_equal(q->objective, p->objective);
        mf_plan_free(q);
    }
    mf_plan_free(p);
}

static void test_baseline__unplaced_without_room(void **state)
{
    struct fx *f = *state;
    struct mf_plan *p;

    tu_site(f->reg, "small", MF_SITE_RECEIVING, LAT + 0.05, LON, "sprengstein",
            NULL, 300, 100);
    tu_supply(f->reg, "s", "p", "sprengstein", 1000, JAN, LAT, LON);
    p = practice(f);
    assert_float_equal(p->ind.landfilled_t, 300, 0);
    assert_float_equal(p->ind.unplaced_t, 700, 0);
    mf_plan_free(p);
}

/* ------------------------------------------------------------------ */
/* data/practice.csv                                                    */
/* ------------------------------------------------------------------ */

static void test_baseline__practice_data(void **state)
{
    struct mf_practice pr;
    struct mf_error err = {0};

    (void)state;
    assert_int_equal(mf_practice_load(&pr, NULL, &err), MF_OK);
    assert_true(pr.reuse_low > 0 && pr.reuse_low < pr.reuse_high);
    /* "Under half": the published upper bound. */
    tu_near(pr.reuse_high, 0.5, 0);
    assert_non_null(strstr(pr.reuse_source, "https://"));
    assert_true(pr.same_client_km > 0 && pr.processing_km > 0 &&
                pr.sea_fill_km > 0);
    assert_true(pr.processing_share >= 0 && pr.processing_share <= 1);
}

static void write_practice(const char *dir, const char *body)
{
    char path[256];
    FILE *fp;

    snprintf(path, sizeof path, "%s/practice.csv", dir);
    fp = fopen(path, "w");
    assert_non_null(fp);
    fputs("key,value,unit,estimate,source\n", fp);
    fputs(body, fp);
    fclose(fp);
}

static void test_baseline__practice_bad_data(void **state)
{
    char dir[] = "/tmp/mf-practice-XXXXXX", path[256];
    struct mf_practice pr;
    struct mf_error err = {0};
    const char *good = "same_client_km,25,km,1,e\n"
                       "same_client_public,1,-,1,e\n"
                       "processing_km,25,km,1,e\n"
                       "sea_fill_km,50,km,1,e\n"
                       "reuse_share_low,0.3,-,1,e\n"
                       "reuse_share_high,0.5,-,0,e\n";
    char body[1024];

    (void)state;
    assert_non_null(mkdtemp(dir));
    /* A share above 1, named by file, line and field. */
    snprintf(body, sizeof body, "%sprocessing_share,1.5,-,1,e\n", good);
    write_practice(dir, body);
    assert_int_equal(mf_practice_load(&pr, dir, &err), MF_EINVAL);
    assert_non_null(strstr(err.where, "practice.csv:8"));
    assert_non_null(strstr(err.where, "value"));
    assert_non_null(strstr(err.message, "processing_share"));
    /* A key missing. */
    write_practice(dir, good);
    assert_int_equal(mf_practice_load(&pr, dir, &err), MF_EINVAL);
    assert_non_null(strstr(err.message, "processing_share"));
    assert_non_null(strstr(err.message, "missing"));
    /* A value without a source. */
    snprintf(body, sizeof body, "%sprocessing_share,0.2,-,1,\n", good);
    write_practice(dir, body);
    assert_int_equal(mf_practice_load(&pr, dir, &err), MF_EINVAL);
    assert_non_null(strstr(err.message, "source"));
    /* Bounds the wrong way round. */
    snprintf(body, sizeof body,
             "same_client_km,25,km,1,e\nsame_client_public,1,-,1,e\n"
             "processing_km,25,km,1,e\nprocessing_share,0.2,-,1,e\n"
             "sea_fill_km,50,km,1,e\nreuse_share_low,0.6,-,1,e\n"
             "reuse_share_high,0.5,-,0,e\n");
    write_practice(dir, body);
    assert_int_equal(mf_practice_load(&pr, dir, &err), MF_EINVAL);
    assert_non_null(strstr(err.message, "reuse_share_low"));
    /* And a good file loads. */
    snprintf(body, sizeof body, "%sprocessing_share,0.2,-,1,e\n", good);
    write_practice(dir, body);
    assert_int_equal(mf_practice_load(&pr, dir, &err), MF_OK);
    tu_near(pr.processing_share, 0.2, 0);
    snprintf(path, sizeof path, "%s/practice.csv", dir);
    unlink(path);
    rmdir(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_baseline__own_project_balance,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(test_baseline__needs_later_get_nothing,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(test_baseline__same_client_within_limit,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(test_baseline__same_client_beyond_limit,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(
            test_baseline__private_client_moves_nothing, setup, teardown),
        cmocka_unit_test_setup_teardown(test_baseline__standard_crushing, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_baseline__plant_capacity_share,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(test_baseline__sea_fill_in_reach, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_baseline__cheapest_landfill, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_baseline__unplaced_without_room,
                                        setup, teardown),
        cmocka_unit_test(test_baseline__practice_data),
        cmocka_unit_test(test_baseline__practice_bad_data),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
