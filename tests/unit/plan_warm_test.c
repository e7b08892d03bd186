/*
 * plan_warm_test.c - scenarios re-solved warm from the base plan's basis
 * (mf_plan_opts.warm_from) against the same scenarios solved cold: each
 * bundled scenario of the demo region, the same optimum to the unit for
 * the plan and its baseline, and each solution certified on its own
 * network (plan_state_certify: bounds, conservation, reduced costs). The
 * scenarios that change the network's nodes (sites added, flexible needs)
 * must say they were solved cold, and those that only change costs,
 * capacities or arcs must say they were warm.
 *
 * The demo's plants have processing yields, which the planner solves as
 * an LP; the test runs on a copy of the data folder whose yields.csv has
 * its header only, as bench/warm.sh does, so that the network simplex
 * solves every phase. A second case keeps the yields and checks that the
 * scenarios say why they were solved cold.
 */
#define _POSIX_C_SOURCE 200809L
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "testutil.h"

#include "masseflyt/io.h"
#include "masseflyt/plan.h"
#include "masseflyt/scenario.h"
#include "plan/mcf.h"
#include "plan/state.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char tmp[64];

/* A data folder of links to MASSEFLYT_DATA's files, with yields.csv cut
 * to its header. */
static void data_without_yields(void)
{
    const char *data = getenv("MASSEFLYT_DATA");
    char from[1024], to[1024], line[4096];
    struct dirent *e;
    FILE *in, *out;
    DIR *d;

    assert_non_null(data);
    snprintf(tmp, sizeof tmp, "/tmp/mf-warm-XXXXXX");
    assert_non_null(mkdtemp(tmp));
    assert_non_null(d = opendir(data));
    while ((e = readdir(d))) {
        if (e->d_name[0] == '.' || !strcmp(e->d_name, "yields.csv"))
            continue;
        snprintf(from, sizeof from, "%s/%s", data, e->d_name);
        snprintf(to, sizeof to, "%s/%s", tmp, e->d_name);
        assert_int_equal(symlink(from, to), 0);
    }
    closedir(d);
    snprintf(from, sizeof from, "%s/yields.csv", data);
    snprintf(to, sizeof to, "%s/yields.csv", tmp);
    assert_non_null(in = fopen(from, "r"));
    assert_non_null(out = fopen(to, "w"));
    assert_non_null(fgets(line, sizeof line, in));
    fputs(line, out);
    fclose(in);
    assert_int_equal(fclose(out), 0);
}

static void remove_tmp(void)
{
    char path[1024];
    struct dirent *e;
    DIR *d = opendir(tmp);

    if (!d)
        return;
    while ((e = readdir(d))) {
        if (e->d_name[0] == '.')
            continue;
        snprintf(path, sizeof path, "%s/%s", tmp, e->d_name);
        unlink(path);
    }
    closedir(d);
    rmdir(tmp);
}

static int keep_lot(void *ctx, enum mf_entity e, const void *rec,
                    struct mf_error *err)
{
    (void)err;
    return e == MF_ENT_LOT ? mf_registry_put_lot(ctx, rec) : 0;
}

/* The demo region (data/demo) into a registry over cat. */
static struct mf_registry *demo(const struct mf_catalog *cat)
{
    static const char *const files[] = {"orgs.csv", "projects.csv", "sites.csv",
                                        "lots.csv"};
    static const enum mf_entity kinds[] = {MF_ENT_ORG, MF_ENT_PROJECT,
                                           MF_ENT_SITE, MF_ENT_LOT};
    struct mf_import_opts opts = MF_IMPORT_OPTS_INIT;
    struct mf_registry *reg = tu_registry(cat);
    struct mf_import *imp = NULL;
    struct mf_import_sink sink;
    struct mf_import_stats st;
    struct mf_error err = {0};
    struct mf_issues is;
    char path[1024];
    int i;

    if (mf_import_new(&imp, reg, &opts, &err))
        fail_msg("import: %s", err.message);
    sink.ctx = reg;
    sink.put = keep_lot;
    mf_issues_init(&is, 100);
    for (i = 0; i < 4; i++) {
        memset(&st, 0, sizeof st);
        snprintf(path, sizeof path, "%s/demo/%s", getenv("MASSEFLYT_DATA"),
                 files[i]);
        if (mf_import_file(imp, path, kinds[i], &sink, &is, &st, &err))
            fail_msg("%s: %s: %s", path, err.where, err.message);
    }
    mf_issues_free(&is);
    mf_import_free(imp);
    return reg;
}

static void run(const char *dir, const char *name,
                const struct mf_registry *reg, const struct mf_factors *fx,
                const struct mf_plan_opts *o, struct mf_scenario_result *r)
{
    struct mf_scenario *sc = NULL;
    struct mf_error err = {0};

    if (mf_scenario_load(&sc, dir, name, &err) ||
        mf_scenario_run(sc, reg, fx, o, r, &err))
        fail_msg("scenario %s: %s: %s", name, err.where, err.message);
    mf_scenario_free(sc);
}

static void certify(const char *name, const char *how, const struct mf_plan *p)
{
    struct mf_error err = {0};

    assert_non_null(p->state);
    if (plan_state_certify(p->state, &err))
        fail_msg("%s (%s): certificate: %s", name, how, err.message);
}

static const struct {
    const char *name;
    enum mf_warm want;
} scenarios[] = {
    {"tax", MF_WARM_OK},          {"co2", MF_WARM_OK},
    {"electric", MF_WARM_OK},     {"haul", MF_WARM_OK},
    {"public", MF_WARM_OK},       {"flex", MF_WARM_NETWORK},
    {"storage", MF_WARM_NETWORK}, {"crushing", MF_WARM_NETWORK},
};
#define N_SCENARIOS (sizeof scenarios / sizeof scenarios[0])

static void test_plan_warm__each_scenario_as_cold(void **state)
{
    struct mf_catalog *cat = NULL;
    struct mf_factors *fx = NULL;
    struct mf_registry *reg;
    struct mf_scenario_result base, base_cold;
    struct mf_plan_opts keep = MF_PLAN_OPTS_INIT;
    struct mf_error err = {0};
    char dir[1024];
    size_t i;

    (void)state;
    data_without_yields();
    if (mf_catalog_load(&cat, tmp, &err) || mf_factors_load(&fx, tmp, &err))
        fail_msg("%s: %s", err.where, err.message);
    reg = demo(cat);
    snprintf(dir, sizeof dir, "%s/demo/scenarios", getenv("MASSEFLYT_DATA"));
    keep.keep_basis = 1;
    run(dir, "base", reg, fx, &keep, &base);
    run(dir, "base", reg, fx, NULL, &base_cold);
    /* Keeping the basis changes nothing of the plan. */
    assert_true(base.plan->objective == base_cold.plan->objective);
    assert_int_equal(base.plan->warm, MF_WARM_NONE);
    assert_non_null(base.plan->state->bau_basis);
    mf_scenario_result_free(&base_cold);
    for (i = 0; i < N_SCENARIOS; i++) {
        struct mf_plan_opts o = MF_PLAN_OPTS_INIT;
        struct mf_scenario_result cold, warm;
        const char *name = scenarios[i].name;

        o.warm_from = base.plan;
        o.check = 1; /* each warm solve certified as it goes, too */
        run(dir, name, reg, fx, NULL, &cold);
        run(dir, name, reg, fx, &o, &warm);
        if (warm.plan->warm != scenarios[i].want)
            fail_msg("%s: solved %d, want %d", name, (int)warm.plan->warm,
                     (int)scenarios[i].want);
        assert_int_equal(cold.plan->warm, MF_WARM_NONE);
        if (warm.plan->objective != cold.plan->objective)
            fail_msg("%s: warm optimum %lld, cold %lld", name,
                     (long long)warm.plan->objective,
                     (long long)cold.plan->objective);
        assert_non_null(warm.baseline);
        if (warm.baseline->objective != cold.baseline->objective)
            fail_msg("%s: warm baseline %lld, cold %lld", name,
                     (long long)warm.baseline->objective,
                     (long long)cold.baseline->objective);
        if (scenarios[i].want == MF_WARM_OK)
            assert_int_equal(warm.baseline->warm, MF_WARM_OK);
        certify(name, "warm", warm.plan);
        certify(name, "cold", cold.plan);
        /* The public requirement's search ends at the same surcharge. */
        assert_true(warm.public_surcharge == cold.public_surcharge);
        mf_scenario_result_free(&cold);
        mf_scenario_result_free(&warm);
    }
    /* The base itself is unchanged by the scenarios re-solved from it. */
    certify("base", "after", base.plan);
    mf_scenario_result_free(&base);
    mf_registry_free(reg);
    mf_factors_free(fx);
    mf_catalog_free(cat);
    remove_tmp();
}

/* With the demo's processing yields the plans are LPs: every scenario
 * says it was solved cold, and why. */
static void test_plan_warm__lp_is_cold_and_says_so(void **state)
{
    struct mf_catalog *cat = tu_catalog();
    struct mf_factors *fx = tu_factors();
    struct mf_registry *reg = demo(cat);
    struct mf_scenario_result base, tax;
    struct mf_plan_opts keep = MF_PLAN_OPTS_INIT, o = MF_PLAN_OPTS_INIT;
    char dir[1024];

    (void)state;
    snprintf(dir, sizeof dir, "%s/demo/scenarios", getenv("MASSEFLYT_DATA"));
    keep.keep_basis = 1;
    run(dir, "base", reg, fx, &keep, &base);
    o.warm_from = base.plan;
    run(dir, "tax", reg, fx, &o, &tax);
    assert_int_equal(tax.plan->warm, MF_WARM_LP);
    /* Phase 1 has no plant arcs: the network simplex, warm. */
    assert_int_equal(tax.baseline->warm, MF_WARM_OK);
    mf_scenario_result_free(&tax);
    mf_scenario_result_free(&base);
    mf_registry_free(reg);
    mf_factors_free(fx);
    mf_catalog_free(cat);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_plan_warm__each_scenario_as_cold),
        cmocka_unit_test(test_plan_warm__lp_is_cold_and_says_so),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
