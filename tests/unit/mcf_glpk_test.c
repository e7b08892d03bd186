/*
 * mcf_glpk_test.c - agreement of plan/mcf.c with an independent LP solver,
 * GLPK 5.0, on medium networks (a few thousand nodes, tens of thousands of
 * arcs): seeded mass-flow-shaped networks from bench/mfgen.h and a random
 * network with negative costs; the exact split (plan/mcf_split.h) on
 * planner-shaped multi-week networks of several pieces (mcf_pieces.h);
 * and the warm re-solve (plan/mcf_warm.h) of changed mass-flow networks,
 * as a scenario changes the base plan's network.
 *
 * GLPK is GPL, so it is only run as an external program: each network is
 * written in DIMACS and solved with `glpsol --mincost FILE -w SOL`; the
 * optimum is recomputed exactly from glpsol's flows (its printed objective
 * is rounded to 10 digits), after checking bounds and conservation.
 * glpsol must be installed (glpk-utils; scripts/install-deps --test): when
 * it is missing the test fails, it does not skip.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "../../bench/mfgen.h"
#include "mcf_pieces.h"
#include "plan/mcf.h"
#include "plan/mcf_split.h"
#include "plan/mcf_warm.h"

static const char *find_glpsol(void)
{
    static const char *const dirs[] = {"/usr/bin", "/usr/local/bin", "/bin"};
    static char path[256];
    const char *env = getenv("PATH");
    size_t i;

    /* Search PATH first, then the usual places. */
    while (env && *env) {
        const char *colon = strchr(env, ':');
        size_t len = colon ? (size_t)(colon - env) : strlen(env);

        if (len > 0 && len < sizeof path - 8) {
            snprintf(path, sizeof path, "%.*s/glpsol", (int)len, env);
            if (access(path, X_OK) == 0)
                return path;
        }
        env = colon ? colon + 1 : NULL;
    }
    for (i = 0; i < sizeof dirs / sizeof dirs[0]; i++) {
        snprintf(path, sizeof path, "%s/glpsol", dirs[i]);
        if (access(path, X_OK) == 0)
            return path;
    }
    return NULL;
}

/* Solves m with glpsol and returns its optimum, recomputed exactly from
 * the flows glpsol reports. */
static int64_t glpk_optimum(const struct mcf *m)
{
    const char *glpsol = find_glpsol();
    const char *tmpdir = getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp";
    char dir[512], in[600], sol[600], log[600], cmd[4096], line[512];
    struct mf_error err = {0};
    int n = mcf_n_nodes(m), na = mcf_n_arcs(m), a, v, got = 0, rc;
    int *start, *col2arc;
    int64_t *flow, *bal, obj = 0;
    FILE *f;

    if (!glpsol)
        fail_msg("glpsol not found: install glpk-utils "
                 "(scripts/install-deps --test); this test needs GLPK as an "
                 "independent oracle and does not skip");
    snprintf(dir, sizeof dir, "%s/mcf_glpk_XXXXXX", tmpdir);
    assert_non_null(mkdtemp(dir));
    snprintf(in, sizeof in, "%s/net.min", dir);
    snprintf(sol, sizeof sol, "%s/net.sol", dir);
    snprintf(log, sizeof log, "%s/glpsol.log", dir);
    f = fopen(in, "w");
    assert_non_null(f);
    assert_int_equal(mcf_write_dimacs(m, f, "mcf_glpk_test", &err), MF_OK);
    assert_int_equal(fclose(f), 0);
    snprintf(cmd, sizeof cmd, "'%s' --mincost '%s' -w '%s' > '%s' 2>&1", glpsol,
             in, sol, log);
    rc = system(cmd);
    if (rc != 0)
        fail_msg("glpsol failed (status %d); see %s", rc, log);

    /* glpsol numbers columns by tail node, and within a node in reverse
     * input order. */
    start = calloc((size_t)n + 2, sizeof *start);
    col2arc = malloc(((size_t)na + 1) * sizeof *col2arc);
    flow = calloc((size_t)na + 1, sizeof *flow);
    bal = calloc((size_t)n + 1, sizeof *bal);
    assert_true(start && col2arc && flow && bal);
    for (a = 0; a < na; a++)
        start[mcf_arc_tail(m, a) + 1]++;
    for (v = 0; v < n; v++)
        start[v + 1] += start[v];
    for (a = na - 1; a >= 0; a--)
        col2arc[start[mcf_arc_tail(m, a)]++] = a;

    f = fopen(sol, "r");
    assert_non_null(f);
    while (fgets(line, sizeof line, f)) {
        long col;
        char st[8];
        double val;

        if (line[0] == 's' && !strstr(line, " f f "))
            fail_msg("glpsol did not find an optimum: %s", line);
        if (sscanf(line, "j %ld %7s %lf", &col, st, &val) != 3)
            continue;
        assert_true(col >= 1 && col <= na);
        flow[col2arc[col - 1]] = (int64_t)(val + 0.5);
        got++;
    }
    fclose(f);
    assert_int_equal(got, na);
    for (v = 0; v < n; v++)
        bal[v] = mcf_supply(m, v);
    for (a = 0; a < na; a++) {
        assert_true(flow[a] >= 0 && flow[a] <= mcf_arc_cap(m, a));
        bal[mcf_arc_tail(m, a)] -= flow[a];
        bal[mcf_arc_head(m, a)] += flow[a];
        obj += flow[a] * mcf_arc_cost(m, a);
    }
    for (v = 0; v < n; v++)
        assert_int_equal(bal[v], 0);
    unlink(in);
    unlink(sol);
    unlink(log);
    rmdir(dir);
    free(start);
    free(col2arc);
    free(flow);
    free(bal);
    return obj;
}

static void solve_and_compare(struct mcf *m, const char *what)
{
    struct mcf_opts o = MCF_OPTS_INIT;
    struct mf_error err = {0};
    int64_t ref;

    o.check = 1;
    assert_int_equal(mcf_solve(m, &o, &err), MF_OK);
    ref = glpk_optimum(m);
    print_message("%s: %d nodes, %d arcs: masseflyt %lld, glpsol %lld\n", what,
                  mcf_n_nodes(m), mcf_n_arcs(m), (long long)mcf_objective(m),
                  (long long)ref);
    assert_int_equal(mcf_objective(m), ref);
}

static void test_mcf_glpk__massflow_networks(void **state)
{
    struct mfgen_params p = {"glpk-medium", 250, 250, 40, 12, 20, 120.0};
    uint64_t seed;

    (void)state;
    for (seed = 1; seed <= 3; seed++) {
        struct mf_error err = {0};
        struct mcf *m = NULL;
        char what[64];

        assert_int_equal(mfgen_build(&p, seed, &m, &err), MF_OK);
        assert_true(mcf_n_nodes(m) >= 1000);
        assert_true(mcf_n_arcs(m) >= 10000);
        snprintf(what, sizeof what, "mass-flow seed %llu",
                 (unsigned long long)seed);
        solve_and_compare(m, what);
        mcf_free(m);
    }
}

static void test_mcf_glpk__random_network_with_negative_costs(void **state)
{
    /* A transshipment network: a ring of unlimited arcs keeps it feasible;
     * random chords have finite capacity and costs from -100 to 1000, so
     * negative cycles exist but are all bounded. */
    struct mfgen_rng r = {12345};
    struct mf_error err = {0};
    struct mcf *m = NULL;
    int n = 2000, a, v;
    int64_t sum = 0;

    (void)state;
    assert_int_equal(mcf_new(&m, n, 0, &err), MF_OK);
    for (v = 0; v + 1 < n; v++) {
        int64_t b = mfgen_int(&r, 0, 3) == 0 ? mfgen_int(&r, -50, 50) : 0;

        mcf_set_supply(m, v, b);
        sum += b;
    }
    mcf_set_supply(m, n - 1, -sum);
    for (v = 0; v < n; v++)
        mcf_add_arc(m, v, (v + 1) % n, MCF_INF, 500);
    for (a = 0; a < 20000; a++)
        mcf_add_arc(m, mfgen_int(&r, 0, n - 1), mfgen_int(&r, 0, n - 1),
                    mfgen_int(&r, 0, 80), mfgen_int(&r, -100, 1000));
    solve_and_compare(m, "random");
    mcf_free(m);
}

static struct net G;

static void test_mcf_glpk__split_pieces(void **state)
{
    uint64_t seed;

    (void)state;
    for (seed = 1; seed <= 3; seed++) {
        struct mcf_opts o = MCF_OPTS_INIT;
        struct mf_error err = {0};
        struct mcf_split_info info;
        struct mcf *m;
        int64_t ref;

        /* 6 to 8 regions of 8 weeks x 13 nodes, one pair joined in odd
         * seeds, a tie route from s to t in region 0 in seed 2 */
        gen(&G, 500 + seed, 5 + (int)seed, 8, 6,
            (seed % 2 ? F_JOIN : 0) | (seed == 2 ? F_TIE : 0));
        m = build(&G);
        o.check = 1;
        assert_int_equal(mcf_solve_split(m, &o, 2, &info, &err), MF_OK);
        assert_int_equal(info.whole, 0);
        assert_true(info.pieces >= 2);
        ref = glpk_optimum(m);
        print_message("split seed %llu: %d nodes, %d arcs, %d pieces: "
                      "masseflyt %lld, glpsol %lld\n",
                      (unsigned long long)seed, mcf_n_nodes(m), mcf_n_arcs(m),
                      info.pieces, (long long)mcf_objective(m), (long long)ref);
        assert_int_equal(mcf_objective(m), ref);
        mcf_free(m);
    }
}

/* A copy of m changed as a scenario changes a plan's network: about one
 * arc in seven dearer (up to 40 %, as a tax or a haul cost) and one in
 * twenty cheaper, one in twenty gone (a haul limit) and 300 arcs added
 * between random nodes. Arcs at node 0 (mfgen's balancing node Z: every
 * lot's slack) stay, so the copy stays feasible. */
static struct mcf *changed_copy(const struct mcf *m, uint64_t seed)
{
    struct mfgen_rng r = {seed};
    struct mf_error err = {0};
    struct mcf *c = NULL;
    int n = mcf_n_nodes(m), na = mcf_n_arcs(m), a, v;

    assert_int_equal(mcf_new(&c, n, (size_t)na + 300, &err), MF_OK);
    for (v = 0; v < n; v++)
        mcf_set_supply(c, v, mcf_supply(m, v));
    for (a = 0; a < na; a++) {
        int t = mcf_arc_tail(m, a), h = mcf_arc_head(m, a);
        int64_t cost = mcf_arc_cost(m, a), k = mfgen_int(&r, 0, 99);

        if (k < 5 && t != 0 && h != 0)
            continue;
        if (k >= 5 && k < 20)
            cost += cost * mfgen_int(&r, 1, 40) / 100;
        else if (k >= 20 && k < 25)
            cost -= cost * mfgen_int(&r, 1, 30) / 100;
        assert_true(mcf_add_arc(c, t, h, mcf_arc_cap(m, a), cost) >= 0);
    }
    for (a = 0; a < 300; a++)
        assert_true(mcf_add_arc(c, (int)mfgen_int(&r, 1, n - 1),
                                (int)mfgen_int(&r, 1, n - 1),
                                mfgen_int(&r, 1, 500),
                                mfgen_int(&r, 1, 20000)) >= 0);
    return c;
}

static void test_mcf_glpk__warm_resolve(void **state)
{
    struct mfgen_params p = {"glpk-warm", 200, 200, 30, 10, 20, 120.0};
    uint64_t seed;

    (void)state;
    for (seed = 1; seed <= 3; seed++) {
        struct mcf_opts o = MCF_OPTS_INIT;
        struct mf_error err = {0};
        struct mcf *m = NULL, *next;
        int32_t *arc_of;
        int64_t ref, before, obj = 0;
        int warm = 0, j;

        assert_int_equal(mfgen_build(&p, seed, &m, &err), MF_OK);
        o.check = 1;
        assert_int_equal(mcf_solve(m, &o, &err), MF_OK);
        before = mcf_objective(m);
        next = changed_copy(m, 77 + seed);
        arc_of = malloc((size_t)mcf_n_arcs(next) * sizeof *arc_of);
        assert_non_null(arc_of);
        assert_int_equal(mcf_warm_resolve(m, next, &o, arc_of, &warm, &err),
                         MF_OK);
        /* The warm solve stands (no flow left on an arc gone), so its
         * flows, read through the pairing, are next's optimum. */
        assert_int_equal(warm, 1);
        for (j = 0; j < mcf_n_arcs(next); j++)
            obj += mcf_flow(m, arc_of[j]) * mcf_arc_cost(next, j);
        ref = glpk_optimum(next);
        print_message("warm seed %llu: %d nodes, %d arcs: masseflyt %lld "
                      "(%lld before the changes), glpsol %lld\n",
                      (unsigned long long)seed, mcf_n_nodes(next),
                      mcf_n_arcs(next), (long long)obj, (long long)before,
                      (long long)ref);
        assert_int_equal(obj, ref);
        assert_int_equal(mcf_objective(m), ref);
        assert_true(obj != before);
        free(arc_of);
        mcf_free(next);
        mcf_free(m);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_mcf_glpk__massflow_networks),
        cmocka_unit_test(test_mcf_glpk__random_network_with_negative_costs),
        cmocka_unit_test(test_mcf_glpk__split_pieces),
        cmocka_unit_test(test_mcf_glpk__warm_resolve),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
