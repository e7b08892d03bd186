/*
 * mcf_test.c - tests of plan/mcf.c, the network simplex.
 *
 * Hand-computed small cases; agreement with the cycle-cancelling reference
 * (mcf_ref.h) on optimal cost and status for thousands of seeded random
 * instances, both plain random graphs and small time-expanded mass-flow
 * networks; metamorphic tests (node and arc order, cost scaling, dominated
 * parallel arcs, warm re-solve after adding arcs or changing costs, start
 * flows, lazy arc generation); the DIMACS writer and reader. Every solve
 * runs the optimality certificate (opts.check = 1).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "mcf_ref.h"
#include "plan/mcf.h"
#include "plan/mcf_int.h"
#include "test_rng.h"

/* ------------------------------------------------------------------ */
/* Instances                                                           */
/* ------------------------------------------------------------------ */

struct inst {
    int n;
    int m;
    int arc_room;
    int64_t *supply;
    int *tail;
    int *head;
    int64_t *cap;
    int64_t *cost;
};

static void inst_init(struct inst *g, int n)
{
    memset(g, 0, sizeof *g);
    g->n = n;
    g->supply = calloc((size_t)n + 1, sizeof *g->supply);
    assert_non_null(g->supply);
}

static void inst_free(struct inst *g)
{
    free(g->supply);
    free(g->tail);
    free(g->head);
    free(g->cap);
    free(g->cost);
    memset(g, 0, sizeof *g);
}

static void inst_arc(struct inst *g, int u, int v, int64_t cap, int64_t cost)
{
    if (g->m == g->arc_room) {
        g->arc_room = g->arc_room ? 2 * g->arc_room : 16;
        g->tail = realloc(g->tail, (size_t)g->arc_room * sizeof *g->tail);
        g->head = realloc(g->head, (size_t)g->arc_room * sizeof *g->head);
        g->cap = realloc(g->cap, (size_t)g->arc_room * sizeof *g->cap);
        g->cost = realloc(g->cost, (size_t)g->arc_room * sizeof *g->cost);
        assert_true(g->tail && g->head && g->cap && g->cost);
    }
    g->tail[g->m] = u;
    g->head[g->m] = v;
    g->cap[g->m] = cap;
    g->cost[g->m] = cost;
    g->m++;
}

static void inst_copy(struct inst *dst, const struct inst *src)
{
    int a;

    inst_init(dst, src->n);
    memcpy(dst->supply, src->supply, (size_t)src->n * sizeof *src->supply);
    for (a = 0; a < src->m; a++)
        inst_arc(dst, src->tail[a], src->head[a], src->cap[a], src->cost[a]);
}

static struct ref_net inst_ref(const struct inst *g)
{
    struct ref_net r;

    r.n = g->n;
    r.m = g->m;
    r.supply = g->supply;
    r.tail = g->tail;
    r.head = g->head;
    r.cap = g->cap;
    r.cost = g->cost;
    return r;
}

/* Builds a solver; node v becomes node_perm[v], arc a is added as the
 * arc_perm[a]-th (either permutation may be NULL). */
static struct mcf *inst_build(const struct inst *g, const int *node_perm,
                              const int *arc_perm, int first_arcs)
{
    struct mcf *m = NULL;
    struct mf_error err = {0};
    int v, k;
    int *order = malloc(((size_t)g->m + 1) * sizeof *order);

    assert_int_equal(mcf_new(&m, g->n, (size_t)g->m, &err), MF_OK);
    for (v = 0; v < g->n; v++)
        mcf_set_supply(m, node_perm ? node_perm[v] : v, g->supply[v]);
    for (k = 0; k < g->m; k++)
        order[arc_perm ? arc_perm[k] : k] = k;
    if (first_arcs < 0 || first_arcs > g->m)
        first_arcs = g->m;
    for (k = 0; k < first_arcs; k++) {
        int a = order[k];
        int u = node_perm ? node_perm[g->tail[a]] : g->tail[a];
        int w = node_perm ? node_perm[g->head[a]] : g->head[a];

        assert_int_equal(mcf_add_arc(m, u, w, g->cap[a], g->cost[a]), k);
    }
    free(order);
    return m;
}

static int solve_checked(struct mcf *m, enum mcf_pivot rule,
                         struct mf_error *err)
{
    struct mcf_opts o = MCF_OPTS_INIT;
    int rc;

    o.pivot = rule;
    o.check = 1;
    rc = mcf_solve(m, &o, err);
    if (rc == MF_ERR)
        fail_msg("certificate failed: %s: %s", err->where, err->message);
    if (rc == MF_OK)
        assert_int_equal(mcf_check(m, err), MF_OK);
    return rc;
}

static void shuffle(int *p, int n, uint64_t *s)
{
    int i;

    for (i = 0; i < n; i++)
        p[i] = i;
    for (i = n - 1; i > 0; i--) {
        int j = (int)rng_range(s, 0, i);
        int t = p[i];

        p[i] = p[j];
        p[j] = t;
    }
}

/* ------------------------------------------------------------------ */
/* Generators                                                          */
/* ------------------------------------------------------------------ */

/* A plain random graph: self-loops, parallel arcs, negative costs and
 * unlimited capacities all occur. */
static void gen_random(struct inst *g, uint64_t *s)
{
    int n = (int)rng_range(s, 1, 10);
    int m = (int)rng_range(s, 0, 4 * n);
    int neg = rng_range(s, 0, 3) == 0;
    int64_t sum = 0;
    int v, a;

    inst_init(g, n);
    for (v = 0; v + 1 < n; v++) {
        g->supply[v] = rng_range(s, 0, 2) ? 0 : rng_range(s, -12, 12);
        sum += g->supply[v];
    }
    g->supply[n - 1] = -sum;
    for (a = 0; a < m; a++) {
        int u = (int)rng_range(s, 0, n - 1);
        int w = (int)rng_range(s, 0, n - 1);
        int64_t cap = rng_range(s, 0, 9) == 0 ? MCF_INF : rng_range(s, 0, 15);
        int64_t cost = neg ? rng_range(s, -10, 30) : rng_range(s, 0, 40);

        inst_arc(g, u, w, cap, cost);
    }
}

/* A small time-expanded mass-flow network, shaped like plan/build.c's:
 * supply and demand lots active over windows of periods, storage
 * inventory chains, processing, landfills with a total capacity, quarries
 * and slack arcs with big penalties, all balanced through one node Z. */
static void gen_massflow(struct inst *g, uint64_t *s)
{
    int T = (int)rng_range(s, 1, 4);
    int ns = (int)rng_range(s, 1, 3), nd = (int)rng_range(s, 1, 3);
    int nk = (int)rng_range(s, 0, 1), np = (int)rng_range(s, 0, 1);
    int nr = (int)rng_range(s, 1, 2), nq = (int)rng_range(s, 0, 2);
    int slack = rng_range(s, 0, 3) != 0;
    int nodes = 1 + (ns + nd + nk + 2 * np + nr + nq) * T + nr;
    int sup0 = 1, dem0 = sup0 + ns * T, sto0 = dem0 + nd * T;
    int pin0 = sto0 + nk * T, pout0 = pin0 + np * T, lf0 = pout0 + np * T;
    int q0 = lf0 + nr * T, rt0 = q0 + nq * T;
    int64_t total = 0;
    int i, j, t;
    /* window per lot; -1 marks inactive periods */
    int sw[3][2], dw[3][2];

    inst_init(g, nodes);
    for (i = 0; i < ns; i++) {
        sw[i][0] = (int)rng_range(s, 0, T - 1);
        sw[i][1] = (int)rng_range(s, sw[i][0], T - 1);
        for (t = sw[i][0]; t <= sw[i][1]; t++) {
            int64_t amt = rng_range(s, 1, 20);

            g->supply[sup0 + i * T + t] = amt;
            total += amt;
            if (slack)
                inst_arc(g, sup0 + i * T + t, 0, MCF_INF, 100000);
            if (t < sw[i][1] && rng_range(s, 0, 1))
                inst_arc(g, sup0 + i * T + t, sup0 + i * T + t + 1,
                         rng_range(s, 0, 10), rng_range(s, 0, 3));
        }
    }
    for (j = 0; j < nd; j++) {
        dw[j][0] = (int)rng_range(s, 0, T - 1);
        dw[j][1] = (int)rng_range(s, dw[j][0], T - 1);
        for (t = dw[j][0]; t <= dw[j][1]; t++) {
            int64_t amt = rng_range(s, 1, 20);

            g->supply[dem0 + j * T + t] = -amt;
            total -= amt;
            if (slack)
                inst_arc(g, 0, dem0 + j * T + t, MCF_INF, 120000);
        }
    }
    g->supply[0] = -total;
    for (t = 0; t < T; t++) {
        for (i = 0; i < ns; i++) {
            int u = sup0 + i * T + t;

            if (t < sw[i][0] || t > sw[i][1])
                continue;
            for (j = 0; j < nd; j++) {
                if (t >= dw[j][0] && t <= dw[j][1] && rng_range(s, 0, 3))
                    inst_arc(g, u, dem0 + j * T + t,
                             rng_range(s, 0, 3) ? MCF_INF : rng_range(s, 0, 25),
                             rng_range(s, 5, 60));
            }
            for (j = 0; j < nk; j++)
                inst_arc(g, u, sto0 + j * T + t, MCF_INF, rng_range(s, 3, 30));
            for (j = 0; j < np; j++)
                inst_arc(g, u, pin0 + j * T + t, MCF_INF, rng_range(s, 3, 30));
            for (j = 0; j < nr; j++)
                inst_arc(g, u, lf0 + j * T + t, MCF_INF, rng_range(s, 10, 90));
        }
        for (j = 0; j < nk; j++) {
            int k = sto0 + j * T + t;

            if (t + 1 < T)
                inst_arc(g, k, k + 1,
                         rng_range(s, 0, 2) ? rng_range(s, 0, 40) : MCF_INF,
                         rng_range(s, 0, 4));
            for (i = 0; i < nd; i++) {
                if (t >= dw[i][0] && t <= dw[i][1])
                    inst_arc(g, k, dem0 + i * T + t, MCF_INF,
                             rng_range(s, 3, 30));
            }
            for (i = 0; i < nr; i++)
                inst_arc(g, k, lf0 + i * T + t, MCF_INF, rng_range(s, 5, 40));
        }
        for (j = 0; j < np; j++) {
            int pin = pin0 + j * T + t, pout = pout0 + j * T + t;

            inst_arc(g, pin, pout, rng_range(s, 0, 30), rng_range(s, 1, 20));
            for (i = 0; i < nd; i++) {
                if (t >= dw[i][0] && t <= dw[i][1])
                    inst_arc(g, pout, dem0 + i * T + t, MCF_INF,
                             rng_range(s, 3, 30));
            }
            for (i = 0; i < nk; i++)
                inst_arc(g, pout, sto0 + i * T + t, MCF_INF,
                         rng_range(s, 3, 30));
        }
        for (j = 0; j < nr; j++)
            inst_arc(g, lf0 + j * T + t, rt0 + j, MCF_INF,
                     rng_range(s, 20, 80));
        for (j = 0; j < nq; j++) {
            int q = q0 + j * T + t;

            inst_arc(g, 0, q, rng_range(s, 0, 40), rng_range(s, 30, 120));
            for (i = 0; i < nd; i++) {
                if (t >= dw[i][0] && t <= dw[i][1])
                    inst_arc(g, q, dem0 + i * T + t, MCF_INF,
                             rng_range(s, 5, 50));
            }
        }
    }
    for (j = 0; j < nr; j++)
        inst_arc(g, rt0 + j, 0, rng_range(s, 0, 60), 0);
    (void)pout0;
}

/* ------------------------------------------------------------------ */
/* Hand-computed cases                                                 */
/* ------------------------------------------------------------------ */

static struct mcf *small_net(void)
{
    /* 4 nodes, 4 units from 1 to 4; the optimum sends 2 on 1-3 (cost 2)
     * then 3-4 (1), and 2 on 1-2 (2), 2-3 (1), 3-4 (1): 4+2 + 4+2+2 = 14. */
    struct mcf *m = NULL;

    assert_int_equal(mcf_new(&m, 4, 0, NULL), MF_OK);
    mcf_set_supply(m, 0, 4);
    mcf_set_supply(m, 3, -4);
    assert_int_equal(mcf_add_arc(m, 0, 1, 4, 2), 0);
    assert_int_equal(mcf_add_arc(m, 0, 2, 2, 2), 1);
    assert_int_equal(mcf_add_arc(m, 1, 2, 2, 1), 2);
    assert_int_equal(mcf_add_arc(m, 1, 3, 3, 3), 3);
    assert_int_equal(mcf_add_arc(m, 2, 3, 5, 1), 4);
    return m;
}

static void test_mcf__small_hand_case(void **state)
{
    struct mf_error err = {0};
    struct mcf *m = small_net();
    struct mcf_stats st;
    int a;

    (void)state;
    assert_int_equal(solve_checked(m, MCF_PIVOT_AUTO, &err), MF_OK);
    assert_int_equal(mcf_objective(m), 14);
    assert_int_equal(mcf_flow(m, 0), 2);
    assert_int_equal(mcf_flow(m, 1), 2);
    assert_int_equal(mcf_flow(m, 2), 2);
    assert_int_equal(mcf_flow(m, 3), 0);
    assert_int_equal(mcf_flow(m, 4), 4);
    /* Reduced cost conditions, by hand from the header's convention. */
    for (a = 0; a < 5; a++) {
        int64_t rc = mcf_arc_cost(m, a) + mcf_potential(m, mcf_arc_tail(m, a)) -
                     mcf_potential(m, mcf_arc_head(m, a));

        if (mcf_flow(m, a) < mcf_arc_cap(m, a))
            assert_true(rc >= 0);
        if (mcf_flow(m, a) > 0)
            assert_true(rc <= 0);
    }
    /* pi(4) - pi(1) prices a unit shipped from 1 to 4: one more costs 5
     * (1-2-4), one fewer saves 4 (1-2-3-4), so the difference is a
     * subgradient in [4, 5]. */
    assert_true(mcf_potential(m, 3) - mcf_potential(m, 0) >= 4);
    assert_true(mcf_potential(m, 3) - mcf_potential(m, 0) <= 5);
    mcf_get_stats(m, &st);
    assert_true(st.pivots >= 1);
    assert_int_equal(mcf_n_nodes(m), 4);
    assert_int_equal(mcf_n_arcs(m), 5);
    mcf_free(m);
}

static void test_mcf__negative_cycle_with_capacity(void **state)
{
    /* 0 -> 1 cost -5 cap 3, 1 -> 0 cost 2 unlimited: the cycle costs -3
     * per unit and 3 units fit; no supplies. */
    struct mf_error err = {0};
    struct mcf *m = NULL;

    (void)state;
    assert_int_equal(mcf_new(&m, 2, 2, &err), MF_OK);
    mcf_add_arc(m, 0, 1, 3, -5);
    mcf_add_arc(m, 1, 0, MCF_INF, 2);
    assert_int_equal(solve_checked(m, MCF_PIVOT_BLOCK, &err), MF_OK);
    assert_int_equal(mcf_objective(m), -9);
    assert_int_equal(mcf_flow(m, 0), 3);
    assert_int_equal(mcf_flow(m, 1), 3);
    mcf_free(m);
}

static void test_mcf__negative_self_loop(void **state)
{
    struct mf_error err = {0};
    struct mcf *m = NULL;

    (void)state;
    assert_int_equal(mcf_new(&m, 1, 1, &err), MF_OK);
    mcf_add_arc(m, 0, 0, 7, -2);
    assert_int_equal(solve_checked(m, MCF_PIVOT_CANDIDATE, &err), MF_OK);
    assert_int_equal(mcf_objective(m), -14);
    mcf_free(m);
}

static void test_mcf__inf_capacity_and_parallel_arcs(void **state)
{
    /* 6 units from 0 to 2. Parallel arcs 0->1: (2, cost 1), (INF, cost 4);
     * 1->2 unlimited cost 1; and 0->2 direct cap 1 cost 3.
     * Best: 2 via cheap parallel (2*2=4), 1 direct (3), 3 via dear
     * parallel (3*5=15): 22. */
    struct mf_error err = {0};
    struct mcf *m = NULL;

    (void)state;
    assert_int_equal(mcf_new(&m, 3, 4, &err), MF_OK);
    mcf_set_supply(m, 0, 6);
    mcf_set_supply(m, 2, -6);
    mcf_add_arc(m, 0, 1, 2, 1);
    mcf_add_arc(m, 0, 1, MCF_INF, 4);
    mcf_add_arc(m, 1, 2, MCF_INF, 1);
    mcf_add_arc(m, 0, 2, 1, 3);
    assert_int_equal(solve_checked(m, MCF_PIVOT_AUTO, &err), MF_OK);
    assert_int_equal(mcf_objective(m), 22);
    assert_int_equal(mcf_flow(m, 0), 2);
    assert_int_equal(mcf_flow(m, 1), 3);
    assert_int_equal(mcf_flow(m, 3), 1);
    /* A capacity above MCF_INF is stored as MCF_INF. */
    assert_int_equal(mcf_add_arc(m, 0, 2, INT64_MAX, 9), 4);
    assert_true(mcf_arc_cap(m, 4) == MCF_INF);
    mcf_free(m);
}

static void test_mcf__zero_supply_network(void **state)
{
    struct mf_error err = {0};
    struct mcf *m = NULL;
    int a;

    (void)state;
    assert_int_equal(mcf_new(&m, 5, 8, &err), MF_OK);
    for (a = 0; a < 5; a++)
        mcf_add_arc(m, a, (a + 1) % 5, 10, 1 + a);
    mcf_add_arc(m, 2, 0, MCF_INF, 0);
    assert_int_equal(solve_checked(m, MCF_PIVOT_AUTO, &err), MF_OK);
    assert_int_equal(mcf_objective(m), 0);
    for (a = 0; a < 6; a++)
        assert_int_equal(mcf_flow(m, a), 0);
    mcf_free(m);

    /* No arcs and no nodes at all. */
    assert_int_equal(mcf_new(&m, 0, 0, &err), MF_OK);
    assert_int_equal(solve_checked(m, MCF_PIVOT_AUTO, &err), MF_OK);
    assert_int_equal(mcf_objective(m), 0);
    mcf_free(m);
}

static void test_mcf__infeasible_names_a_node(void **state)
{
    struct mf_error err = {0};
    struct mcf *m = NULL;

    (void)state;
    assert_int_equal(mcf_new(&m, 3, 2, &err), MF_OK);
    mcf_set_supply(m, 0, 5);
    mcf_set_supply(m, 2, -5);
    mcf_add_arc(m, 0, 1, 3, 1);
    mcf_add_arc(m, 1, 2, MCF_INF, 1);
    assert_int_equal(solve_checked(m, MCF_PIVOT_AUTO, &err), MF_EINFEASIBLE);
    assert_int_equal(err.code, MF_EINFEASIBLE);
    assert_non_null(strstr(err.message, "node 2"));
    assert_non_null(strstr(err.message, "short of 2"));
    /* More capacity by a new arc: the warm re-solve becomes feasible. */
    mcf_add_arc(m, 0, 2, 2, 10);
    assert_int_equal(solve_checked(m, MCF_PIVOT_AUTO, &err), MF_OK);
    assert_int_equal(mcf_objective(m), 3 * 2 + 2 * 10);
    mcf_free(m);
}

static void test_mcf__unbounded(void **state)
{
    struct mf_error err = {0};
    struct mcf *m = NULL;

    (void)state;
    assert_int_equal(mcf_new(&m, 3, 3, &err), MF_OK);
    mcf_add_arc(m, 0, 1, MCF_INF, 1);
    mcf_add_arc(m, 1, 2, MCF_INF, -4);
    mcf_add_arc(m, 2, 0, MCF_INF, 2);
    assert_int_equal(solve_checked(m, MCF_PIVOT_AUTO, &err), MF_EUNBOUNDED);
    assert_non_null(strstr(err.message, "unbounded"));
    /* Raising the cost closes the cycle: a warm re-solve is bounded. */
    mcf_set_cost(m, 1, -3);
    assert_int_equal(solve_checked(m, MCF_PIVOT_AUTO, &err), MF_OK);
    assert_int_equal(mcf_objective(m), 0);
    mcf_free(m);
}

static void test_mcf__input_errors(void **state)
{
    struct mf_error err = {0};
    struct mcf *m = NULL;

    (void)state;
    assert_int_equal(mcf_new(&m, -1, 0, &err), MF_EINVAL);
    assert_null(m);
    assert_int_equal(mcf_new(&m, 2, 0, &err), MF_OK);
    assert_int_equal(mcf_add_arc(m, 0, 2, 1, 1), MF_EINVAL);
    assert_int_equal(mcf_add_arc(m, -1, 1, 1, 1), MF_EINVAL);
    assert_int_equal(mcf_add_arc(m, 0, 1, -1, 1), MF_EINVAL);
    assert_int_equal(mcf_n_arcs(m), 0);
    mcf_set_supply(m, 0, 3);
    assert_int_equal(mcf_solve(m, NULL, &err), MF_EINVAL);
    assert_non_null(strstr(err.message, "sum to 3"));
    mcf_set_supply(m, 1, -3);
    /* A cost so large that potentials could overflow. */
    assert_int_equal(mcf_add_arc(m, 0, 1, 5, INT64_MAX / 4), 0);
    assert_int_equal(mcf_solve(m, NULL, &err), MF_ERANGE);
    mcf_set_cost(m, 0, 7);
    assert_int_equal(solve_checked(m, MCF_PIVOT_AUTO, &err), MF_OK);
    assert_int_equal(mcf_objective(m), 21);
    /* Finite capacities that add up past MCF_INF. */
    mcf_add_arc(m, 0, 1, MCF_INF - 1, 1);
    assert_int_equal(mcf_solve(m, NULL, &err), MF_ERANGE);
    mcf_free(m);

    /* An objective past int64: 2^40 units at cost 2^30 each. */
    assert_int_equal(mcf_new(&m, 2, 1, &err), MF_OK);
    mcf_set_supply(m, 0, INT64_C(1) << 40);
    mcf_set_supply(m, 1, -(INT64_C(1) << 40));
    mcf_add_arc(m, 0, 1, MCF_INF, INT64_C(1) << 30);
    assert_int_equal(mcf_solve(m, NULL, &err), MF_ERANGE);
    assert_non_null(strstr(err.message, "objective"));
    mcf_free(m);
}

static void test_mcf__certificate_catches_wrong_flow(void **state)
{
    /* mcf_check must reject a non-optimal solution: solve, then make an
     * arc cheaper without re-solving. */
    struct mf_error err = {0};
    struct mcf *m = small_net();

    (void)state;
    assert_int_equal(solve_checked(m, MCF_PIVOT_AUTO, &err), MF_OK);
    mcf_set_cost(m, 3, -100);
    assert_int_equal(mcf_check(m, &err), MF_ERR);
    assert_non_null(strstr(err.message, "reduced cost"));
    mcf_free(m);
}

static void test_mcf__start_flow_hand_case(void **state)
{
    struct mf_error err = {0};
    struct mcf *m = small_net();
    /* Feasible but not optimal: 3 on 1-2-4, 1 on 1-3-4, cost 22. Free
     * arcs 1-2 (3 < 4), 1-3 (1 < 2), 3-4 (1 < 5) form a forest. */
    int64_t start[5] = {3, 1, 0, 3, 1};
    int64_t bad[5] = {3, 1, 0, 2, 1};
    int64_t over[5] = {3, 3, 0, 3, 1};

    (void)state;
    assert_int_equal(mcf_set_start_flow(m, bad, &err), MF_EINVAL);
    assert_non_null(strstr(err.message, "conservation"));
    assert_int_equal(mcf_set_start_flow(m, over, &err), MF_EINVAL);
    assert_string_equal(err.where, "flow[1]");
    assert_int_equal(mcf_set_start_flow(m, start, &err), MF_OK);
    assert_int_equal(solve_checked(m, MCF_PIVOT_AUTO, &err), MF_OK);
    assert_int_equal(mcf_objective(m), 14);
    mcf_free(m);
}

static void test_mcf__start_flow_with_free_cycle(void **state)
{
    /* A start flow whose free arcs hold cycles (two parallel paths both
     * carrying part of the flow, and a circulation): they are cancelled
     * before the basis is built. */
    struct mf_error err = {0};
    struct mcf *m = NULL;
    int64_t start[6] = {3, 3, 2, 2, 1, 1};

    (void)state;
    assert_int_equal(mcf_new(&m, 4, 6, &err), MF_OK);
    mcf_set_supply(m, 0, 5);
    mcf_set_supply(m, 3, -5);
    mcf_add_arc(m, 0, 1, 10, 1); /* 0: 0-1-3 */
    mcf_add_arc(m, 1, 3, 10, 1);
    mcf_add_arc(m, 0, 2, 10, 1); /* 2: 0-2-3 */
    mcf_add_arc(m, 2, 3, 10, 2);
    mcf_add_arc(m, 1, 2, 10, 5); /* 4: 1-2 and back: a circulation */
    mcf_add_arc(m, 2, 1, 10, 5);
    assert_int_equal(mcf_set_start_flow(m, start, &err), MF_OK);
    assert_int_equal(solve_checked(m, MCF_PIVOT_AUTO, &err), MF_OK);
    assert_int_equal(mcf_objective(m), 10);
    mcf_free(m);
}

/* ------------------------------------------------------------------ */
/* Agreement with the reference                                        */
/* ------------------------------------------------------------------ */

struct tally {
    int ok;
    int infeasible;
    int unbounded;
};

/* Solves g with both pivot rules (block search also with each of its
 * pricing loops forced, mcf_int.h) and compares with the reference;
 * returns the reference status and fills *obj. */
static int agree(const struct inst *g, int64_t *obj, int64_t *start_flow,
                 struct tally *t, uint64_t seed)
{
    struct ref_net r = inst_ref(g);
    int64_t *flow = malloc(((size_t)g->m + 1) * sizeof *flow);
    int64_t ref_obj = 0;
    int ref_rc = ref_solve(&r, flow, &ref_obj, start_flow);
    static const enum mcf_pivot rules[] = {MCF_PIVOT_BLOCK, MCF_PIVOT_CANDIDATE,
                                           MCF_PIVOT_BLOCK, MCF_PIVOT_BLOCK};
    static const enum mcf_price prices[] = {MCF_PRICE_AUTO, MCF_PRICE_AUTO,
                                            MCF_PRICE_INT64, MCF_PRICE_INT32};
    int k;

    for (k = 0; k < 4; k++) {
        struct mf_error err = {0};
        struct mcf *m = inst_build(g, NULL, NULL, -1);
        int rc;

        mcf_set_price(m, prices[k]);
        rc = solve_checked(m, rules[k], &err);

        if (rc != ref_rc)
            fail_msg("seed %llu rule %d: status %d, reference %d (%s)",
                     (unsigned long long)seed, k, rc, ref_rc, err.message);
        if (rc == MF_OK && mcf_objective(m) != ref_obj)
            fail_msg("seed %llu rule %d: objective %lld, reference %lld",
                     (unsigned long long)seed, k, (long long)mcf_objective(m),
                     (long long)ref_obj);
        mcf_free(m);
    }
    if (ref_rc == MF_OK)
        t->ok++;
    else if (ref_rc == MF_EINFEASIBLE)
        t->infeasible++;
    else
        t->unbounded++;
    *obj = ref_obj;
    free(flow);
    return ref_rc;
}

/* Metamorphic checks on one instance whose reference status is rc and
 * optimum obj. */
static void metamorphic(const struct inst *g, int rc, int64_t obj,
                        const int64_t *start_flow, uint64_t *s, uint64_t seed)
{
    struct mf_error err = {0};
    int *np = malloc(((size_t)g->n + 1) * sizeof *np);
    int *ap = malloc(((size_t)g->m + 1) * sizeof *ap);
    struct mcf *m;
    struct inst h;
    int a, k, r2;

    /* Shuffled node and arc order: same status and objective. */
    shuffle(np, g->n, s);
    shuffle(ap, g->m, s);
    m = inst_build(g, np, ap, -1);
    assert_int_equal(solve_checked(m, MCF_PIVOT_AUTO, &err), rc);
    if (rc == MF_OK)
        assert_int_equal(mcf_objective(m), obj);
    mcf_free(m);

    /* All costs times c: objective times c. */
    inst_copy(&h, g);
    for (a = 0; a < h.m; a++)
        h.cost[a] *= 7;
    m = inst_build(&h, NULL, NULL, -1);
    assert_int_equal(solve_checked(m, MCF_PIVOT_AUTO, &err), rc);
    if (rc == MF_OK)
        assert_int_equal(mcf_objective(m), 7 * obj);
    mcf_free(m);
    inst_free(&h);

    /* Warm re-solve after adding arcs: solve with a prefix of the arcs,
     * add the rest, solve again; it must equal the cold optimum. */
    k = g->m > 0 ? (int)rng_range(s, 0, g->m) : 0;
    m = inst_build(g, NULL, NULL, k);
    (void)solve_checked(m, MCF_PIVOT_AUTO, &err);
    for (a = k; a < g->m; a++)
        assert_int_equal(
            mcf_add_arc(m, g->tail[a], g->head[a], g->cap[a], g->cost[a]), a);
    r2 = solve_checked(m, MCF_PIVOT_AUTO, &err);
    if (r2 != rc)
        fail_msg("seed %llu: warm add-arcs status %d, cold %d",
                 (unsigned long long)seed, r2, rc);
    if (rc == MF_OK)
        assert_int_equal(mcf_objective(m), obj);

    if (rc == MF_OK) {
        /* A dominated parallel arc: parallel to an arc with spare
         * capacity, at a cost no lower. Its reduced cost is >= 0 at the
         * optimum, so nothing changes. */
        for (a = 0; a < g->m; a++) {
            if (mcf_flow(m, a) < g->cap[a]) {
                mcf_add_arc(m, g->tail[a], g->head[a],
                            rng_range(s, 0, 1) ? MCF_INF : 5,
                            g->cost[a] + rng_range(s, 0, 5));
                break;
            }
        }
        assert_int_equal(solve_checked(m, MCF_PIVOT_AUTO, &err), MF_OK);
        assert_int_equal(mcf_objective(m), obj);
    }
    mcf_free(m);

    /* Warm re-solve after changing costs equals a cold solve (and the
     * reference) of the changed instance. */
    if (g->m > 0) {
        int64_t obj2 = 0, obj3;
        int rc2, rc3;
        struct tally dummy = {0, 0, 0};
        struct mcf *w = inst_build(g, NULL, NULL, -1);

        (void)solve_checked(w, MCF_PIVOT_AUTO, &err);
        inst_copy(&h, g);
        for (a = 0; a < h.m; a++) {
            if (rng_range(s, 0, 2) == 0) {
                h.cost[a] = rng_range(s, -5, 50);
                mcf_set_cost(w, a, h.cost[a]);
            }
        }
        rc2 = agree(&h, &obj2, NULL, &dummy, seed);
        rc3 = solve_checked(w, MCF_PIVOT_CANDIDATE, &err);
        if (rc3 != rc2)
            fail_msg("seed %llu: warm cost-change status %d, cold %d",
                     (unsigned long long)seed, rc3, rc2);
        if (rc2 == MF_OK) {
            obj3 = mcf_objective(w);
            assert_int_equal(obj3, obj2);
        }
        mcf_free(w);
        inst_free(&h);
    }

    /* A feasible start flow gives the same optimum. */
    if (rc == MF_OK && start_flow) {
        m = inst_build(g, NULL, NULL, -1);
        assert_int_equal(mcf_set_start_flow(m, start_flow, &err), MF_OK);
        assert_int_equal(solve_checked(m, MCF_PIVOT_AUTO, &err), MF_OK);
        assert_int_equal(mcf_objective(m), obj);
        mcf_free(m);
    }
    free(np);
    free(ap);
}

/* Lazy arc generation as plan/build.c will do it: start with a subset,
 * price the arcs left out with the potentials, add the negative ones,
 * re-solve warm; at the end the optimum is that of the full network. */
static void lazy_generation(const struct inst *g, int rc, int64_t obj,
                            uint64_t *s)
{
    struct mf_error err = {0};
    struct mcf *m;
    char *in = calloc((size_t)g->m + 1, 1);
    int a, r, rounds = 0, added;

    if (rc == MF_EUNBOUNDED) {
        free(in);
        return;
    }
    m = inst_build(g, NULL, NULL, 0);
    for (a = 0; a < g->m; a++) {
        if (rng_range(s, 0, 2) == 0) {
            in[a] = 1;
            mcf_add_arc(m, g->tail[a], g->head[a], g->cap[a], g->cost[a]);
        }
    }
    for (;;) {
        r = solve_checked(m, MCF_PIVOT_AUTO, &err);
        assert_true(r == MF_OK || r == MF_EINFEASIBLE || r == MF_EUNBOUNDED);
        if (r == MF_EUNBOUNDED)
            break;
        added = 0;
        for (a = 0; a < g->m; a++) {
            int64_t red;

            if (in[a])
                continue;
            red = g->cost[a] + mcf_potential(m, g->tail[a]) -
                  mcf_potential(m, g->head[a]);
            if (red < 0) {
                in[a] = 1;
                mcf_add_arc(m, g->tail[a], g->head[a], g->cap[a], g->cost[a]);
                added++;
            }
        }
        if (!added)
            break;
        rounds++;
        assert_true(rounds <= g->m + 1);
    }
    if (r != rc)
        fail_msg("lazy generation: status %d after %d rounds, cold %d (%s)", r,
                 rounds, rc, err.message);
    if (rc == MF_OK)
        assert_int_equal(mcf_objective(m), obj);
    mcf_free(m);
    free(in);
}

static void run_family(int family, int count, uint64_t seed0)
{
    struct tally t = {0, 0, 0};
    int i;

    for (i = 0; i < count; i++) {
        uint64_t seed = seed0 + (uint64_t)i * 7919u;
        uint64_t s = seed * 0x9E3779B97F4A7C15ULL + 1;
        struct inst g;
        int64_t obj = 0, *start;
        int rc;

        if (family == 0)
            gen_random(&g, &s);
        else
            gen_massflow(&g, &s);
        start = malloc(((size_t)g.m + 1) * sizeof *start);
        rc = agree(&g, &obj, start, &t, seed);
        metamorphic(&g, rc, obj, rc == MF_OK ? start : NULL, &s, seed);
        lazy_generation(&g, rc, obj, &s);
        free(start);
        inst_free(&g);
    }
    print_message("family %s: %d instances: %d optimal, %d infeasible, "
                  "%d unbounded\n",
                  family == 0 ? "random" : "massflow", count, t.ok,
                  t.infeasible, t.unbounded);
    /* The families must exercise every outcome. */
    assert_true(t.ok > count / 4);
    assert_true(t.infeasible > 0);
    if (family == 0)
        assert_true(t.unbounded > 0);
}

static void test_mcf__random_graphs_agree_with_reference(void **state)
{
    (void)state;
    run_family(0, 2500, 1);
}

static void test_mcf__massflow_networks_agree_with_reference(void **state)
{
    (void)state;
    run_family(1, 2500, 100001);
}

/* A larger mass-flow-like chain where the tree gets deep: compares the two
 * pivot rules, a cold solve, a start-flow solve and warm cost changes. */
static void test_mcf__deep_storage_chain(void **state)
{
    struct mf_error err = {0};
    struct mcf *a = NULL, *b = NULL;
    uint64_t s = 42;
    int T = 300, v, t;
    int64_t obj;

    (void)state;
    /* nodes: storage chain 0..T-1, supply t at T+t, demand t at 2T+t */
    assert_int_equal(mcf_new(&a, 3 * T, 0, &err), MF_OK);
    for (t = 0; t < T; t++) {
        int64_t sup = rng_range(&s, 0, 30);

        mcf_set_supply(a, T + t, sup);
        mcf_set_supply(a, 2 * T + t, -sup);
    }
    /* Shift the demands in time so that storage is needed. */
    for (t = 0; t < T; t++) {
        int64_t d = mcf_supply(a, 2 * T + t);

        mcf_set_supply(a, 2 * T + t, mcf_supply(a, 2 * T + (t + 7) % T));
        mcf_set_supply(a, 2 * T + (t + 7) % T, d);
    }
    for (t = 0; t < T; t++) {
        if (t + 1 < T)
            mcf_add_arc(a, t, t + 1, 200, 1);
        mcf_add_arc(a, T + t, t, MCF_INF, 3);
        mcf_add_arc(a, t, 2 * T + t, MCF_INF, 3);
        mcf_add_arc(a, T + t, 2 * T + t, 10, 1);
        mcf_add_arc(a, T + t, 2 * T + (t + 1) % T, MCF_INF, 500);
        if (t + 1 < T)
            mcf_add_arc(a, t + 1, t, MCF_INF, 50);
    }
    assert_int_equal(solve_checked(a, MCF_PIVOT_BLOCK, &err), MF_OK);
    obj = mcf_objective(a);
    b = NULL;
    assert_int_equal(mcf_new(&b, 3 * T, 0, &err), MF_OK);
    for (v = 0; v < 3 * T; v++)
        mcf_set_supply(b, v, mcf_supply(a, v));
    for (v = 0; v < mcf_n_arcs(a); v++)
        mcf_add_arc(b, mcf_arc_tail(a, v), mcf_arc_head(a, v),
                    mcf_arc_cap(a, v), mcf_arc_cost(a, v));
    assert_int_equal(solve_checked(b, MCF_PIVOT_CANDIDATE, &err), MF_OK);
    assert_int_equal(mcf_objective(b), obj);
    /* Change many costs; warm and cold re-solves agree. */
    for (v = 0; v < mcf_n_arcs(a); v += 3) {
        int64_t c = rng_range(&s, 0, 40);

        mcf_set_cost(a, v, c);
        mcf_set_cost(b, v, c);
    }
    assert_int_equal(solve_checked(a, MCF_PIVOT_AUTO, &err), MF_OK);
    {
        struct mcf *c = NULL;
        int64_t *flow = malloc((size_t)mcf_n_arcs(a) * sizeof *flow);

        assert_int_equal(mcf_new(&c, 3 * T, 0, &err), MF_OK);
        for (v = 0; v < 3 * T; v++)
            mcf_set_supply(c, v, mcf_supply(b, v));
        for (v = 0; v < mcf_n_arcs(b); v++)
            mcf_add_arc(c, mcf_arc_tail(b, v), mcf_arc_head(b, v),
                        mcf_arc_cap(b, v), mcf_arc_cost(b, v));
        assert_int_equal(solve_checked(c, MCF_PIVOT_AUTO, &err), MF_OK);
        assert_int_equal(mcf_objective(a), mcf_objective(c));
        /* Start b from the optimum of the old costs (feasible). */
        for (v = 0; v < mcf_n_arcs(b); v++)
            flow[v] = mcf_flow(b, v);
        assert_int_equal(mcf_set_start_flow(b, flow, &err), MF_OK);
        assert_int_equal(solve_checked(b, MCF_PIVOT_AUTO, &err), MF_OK);
        assert_int_equal(mcf_objective(b), mcf_objective(c));
        free(flow);
        mcf_free(c);
    }
    mcf_free(a);
    mcf_free(b);
}

/* mcf_get_work: every pivot's cycle has a tree edge (no self-loops
 * here), the shifted side is never larger than the cut-off subtree nor
 * than half the tree, and a re-solve at the optimum resets the counts. */
static void test_mcf__work_counts(void **state)
{
    struct mf_error err = {0};
    struct mcf *a = NULL;
    struct mcf_stats st;
    struct mcf_work wk;
    uint64_t s = 7;
    int T = 120, t;

    (void)state;
    assert_int_equal(mcf_new(&a, 3 * T, 0, &err), MF_OK);
    for (t = 0; t < T; t++) {
        int64_t sup = rng_range(&s, 1, 30);

        mcf_set_supply(a, T + t, sup);
        mcf_set_supply(a, 2 * T + (t + 5 < T ? t + 5 : T - 1),
                       mcf_supply(a, 2 * T + (t + 5 < T ? t + 5 : T - 1)) -
                           sup);
    }
    for (t = 0; t < T; t++) {
        if (t + 1 < T)
            mcf_add_arc(a, t, t + 1, MCF_INF, 1);
        mcf_add_arc(a, T + t, t, MCF_INF, 2);
        mcf_add_arc(a, t, 2 * T + t, MCF_INF, 2);
        mcf_add_arc(a, T + t, 2 * T + (t + 1) % T, MCF_INF, 300);
    }
    assert_int_equal(solve_checked(a, MCF_PIVOT_BLOCK, &err), MF_OK);
    mcf_get_stats(a, &st);
    mcf_get_work(a, &wk);
    assert_true(st.pivots > 0);
    assert_true(wk.cycle >= st.pivots);
    assert_true(wk.shifted > 0);
    assert_true(wk.shifted <= wk.shifted_subtree);
    assert_true(2 * wk.shifted <= st.pivots * (3 * T + 1));
    assert_int_equal(solve_checked(a, MCF_PIVOT_BLOCK, &err), MF_OK);
    mcf_get_stats(a, &st);
    mcf_get_work(a, &wk);
    assert_int_equal(st.pivots, 0);
    assert_int_equal(wk.cycle, 0);
    assert_int_equal(wk.shifted, 0);
    assert_int_equal(wk.shifted_subtree, 0);
    /* One pass over the arcs, so the costs were not copied to int32. */
    assert_int_equal(wk.price, MCF_PRICE_INT64);
    mcf_free(a);
}

/* ------------------------------------------------------------------ */
/* DIMACS                                                              */
/* ------------------------------------------------------------------ */

static void test_mcf__dimacs_round_trip(void **state)
{
    struct mf_error err = {0};
    struct mcf *m = small_net(), *r = NULL;
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);

    (void)state;
    assert_non_null(f);
    assert_int_equal(mcf_write_dimacs(m, f, "small\nhand case", &err), MF_OK);
    fclose(f);
    assert_non_null(strstr(buf, "c small\nc hand case\np min 4 5\n"));
    assert_int_equal(mcf_read_dimacs(&r, buf, len, &err), MF_OK);
    assert_int_equal(mcf_n_nodes(r), 4);
    assert_int_equal(mcf_n_arcs(r), 5);
    assert_int_equal(solve_checked(r, MCF_PIVOT_AUTO, &err), MF_OK);
    assert_int_equal(mcf_objective(r), 14);
    assert_int_equal(mcf_lower_bound_offset(r), 0);
    free(buf);
    mcf_free(r);
    mcf_free(m);
}

static void test_mcf__dimacs_lower_bounds(void **state)
{
    /* Arc 1->2 must carry at least 3 at cost 4; the rest goes 1->3->2.
     * Original optimum: 3*4 + 2*(1+1) = 16. */
    static const char doc[] = "c lower bounds\r\n"
                              "p min 3 3\n"
                              "n 1 5\n"
                              "n 2 -5\n"
                              "a 1 2 3 10 4\n"
                              "a 1 3 0 10 1\n"
                              "\n"
                              "   a 3 2 0 10 1\n";
    struct mf_error err = {0};
    struct mcf *m = NULL;

    (void)state;
    assert_int_equal(mcf_read_dimacs(&m, doc, strlen(doc), &err), MF_OK);
    assert_int_equal(mcf_lower_bound_offset(m), 12);
    assert_int_equal(mcf_supply(m, 0), 2);
    assert_int_equal(mcf_arc_cap(m, 0), 7);
    assert_int_equal(solve_checked(m, MCF_PIVOT_AUTO, &err), MF_OK);
    assert_int_equal(mcf_objective(m) + mcf_lower_bound_offset(m), 16);
    mcf_free(m);
}

static void test_mcf__dimacs_reader_refuses_bad_lines(void **state)
{
    static const struct {
        const char *doc;
        const char *where;
        const char *says;
    } cases[] = {
        {"", "line 1", "no problem line"},
        {"c only a comment\n", "line 1", "no problem line"},
        {"a 1 2 0 1 1\n", "line 1", "before the problem line"},
        {"p max 2 1\n", "line 1", "must be `min`"},
        {"p min 2\n", "line 1", "missing field `arcs`"},
        {"p min 2 0 7\n", "line 1", "extra field"},
        {"p min -2 0\n", "line 1", "`nodes` is out of range"},
        {"p min 2 0\np min 2 0\n", "line 2", "second problem line"},
        {"p min 2 1\nx 1\n", "line 2", "unknown line type"},
        {"p min 2 1\nabc 1\n", "line 2", "unknown line type"},
        {"p min 2 0\nn 3 1\n", "line 2", "`node` is out of range"},
        {"p min 2 0\nn 1 1\nn 1 -1\n", "line 3", "second time"},
        {"p min 2 0\nn 1 1x\n", "line 2", "not an integer"},
        {"p min 2 0\nn 1 99999999999999999999\n", "line 2", "out of range"},
        {"p min 2 1\na 1 2 0 1\n", "line 2", "missing field `cost`"},
        {"p min 2 1\na 1 0 0 1 1\n", "line 2", "`head` is out of range"},
        {"p min 2 1\na 1 2 5 1 1\n", "line 2", "below lower bound"},
        {"p min 2 1\na 1 2 -1 1 1\n", "line 2", "`low` is out of range"},
        {"p min 2 1\na 1 2 0 1 1\na 1 2 0 1 1\n", "line 3", "more arc lines"},
        {"p min 2 2\na 1 2 0 1 1\n", "end", "declares 2"},
        {"p min 2 900\n", "line 1", "more than the text can hold"},
        {"p min 2 1\na 1 2 0 1 +\n", "line 2", "not an integer"},
        {"p min 1 0\nn 1 2305843009213693951\n", "line 2", "out of range"},
    };
    size_t i;

    (void)state;
    for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct mf_error err = {0};
        struct mcf *m = (struct mcf *)&err; /* must be reset to NULL */
        int rc = mcf_read_dimacs(&m, cases[i].doc, strlen(cases[i].doc), &err);

        if (rc == MF_OK || m != NULL || strcmp(err.where, cases[i].where) ||
            !strstr(err.message, cases[i].says))
            fail_msg("case %zu: rc %d where '%s' message '%s'", i, rc,
                     err.where, err.message);
    }
    /* A NUL byte inside the text. */
    {
        static const char doc[] = "p min 2 0\nc a\0b\n";
        struct mf_error err = {0};
        struct mcf *m = NULL;

        assert_int_equal(mcf_read_dimacs(&m, doc, sizeof doc - 1, &err),
                         MF_EINVAL);
        assert_string_equal(err.where, "line 2");
    }
    /* The node limit of the internal reader. */
    {
        static const char doc[] = "p min 1000 0\n";
        struct mf_error err = {0};
        struct mcf *m = NULL;

        assert_int_equal(
            mcf_read_dimacs_limit(&m, doc, sizeof doc - 1, 999, &err),
            MF_EINVAL);
        assert_int_equal(
            mcf_read_dimacs_limit(&m, doc, sizeof doc - 1, 1000, &err), MF_OK);
        mcf_free(m);
    }
}

static void test_mcf__dimacs_random_round_trips(void **state)
{
    int i;

    (void)state;
    for (i = 0; i < 200; i++) {
        uint64_t s = (uint64_t)i * 0x9E3779B97F4A7C15ULL + 5;
        struct mf_error err = {0};
        struct inst g;
        struct mcf *m, *r = NULL;
        char *buf = NULL;
        size_t len = 0;
        FILE *f;
        int rc1, rc2;

        gen_massflow(&g, &s);
        m = inst_build(&g, NULL, NULL, -1);
        f = open_memstream(&buf, &len);
        assert_int_equal(mcf_write_dimacs(m, f, NULL, &err), MF_OK);
        fclose(f);
        assert_int_equal(mcf_read_dimacs(&r, buf, len, &err), MF_OK);
        rc1 = solve_checked(m, MCF_PIVOT_AUTO, &err);
        rc2 = solve_checked(r, MCF_PIVOT_AUTO, &err);
        assert_int_equal(rc1, rc2);
        if (rc1 == MF_OK)
            assert_int_equal(mcf_objective(m), mcf_objective(r));
        free(buf);
        mcf_free(m);
        mcf_free(r);
        inst_free(&g);
    }
}

/* A caller's stop: asked every MCF_STOP_EVERY pivots; a yes fails the
 * solve with "stopped", and a solve without it goes on from the basis to
 * the same optimum as a solve that was never stopped. */
struct stop_count {
    int asked;
    int64_t last;
};

static int stop_now(void *ctx, int64_t pivots)
{
    struct stop_count *c = ctx;

    c->asked++;
    c->last = pivots;
    return 1;
}

/* A k x k transportation network: supplies of 100 and arcs of capacity
 * 60 costing 1 to 1000, or (signed_costs) supplies of 50 to 150, a
 * quarter of the arcs unlimited, the others of capacity 40, and costs
 * from -500 to 1000, so that the scan prices arcs of both states and of
 * both signs of cost. */
static struct mcf *bipartite_net(int k, uint64_t seed, int signed_costs)
{
    struct mcf *m = NULL;
    struct mf_error err = {0};
    uint64_t s = seed;
    int i, j;

    assert_int_equal(mcf_new(&m, 2 * k, (size_t)k * (size_t)k, &err), MF_OK);
    for (i = 0; i < k; i++) {
        int64_t sup = signed_costs ? rng_range(&s, 50, 150) : 100;

        mcf_set_supply(m, i, sup);
        mcf_set_supply(m, k + i, -sup);
    }
    for (i = 0; i < k; i++)
        for (j = 0; j < k; j++) {
            int64_t cap = 60, cost;

            if (signed_costs)
                cap = rng_range(&s, 0, 3) ? 40 : MCF_INF;
            cost = signed_costs ? rng_range(&s, -500, 1000)
                                : rng_range(&s, 1, 1000);
            assert_true(mcf_add_arc(m, i, k + j, cap, cost) >= 0);
        }
    return m;
}

static struct mcf *transport_net(int k, uint64_t seed)
{
    return bipartite_net(k, seed, 0);
}

/* The pricing loop block search ends with when forced to `want`, on a
 * network whose costs fit int32 (fits) or not (mcf_int.h); unforced, it
 * takes the int32 copy after one pass over the arcs (which the solves
 * here all make) on networks of MCF_NARROW_ARCS arcs or more: 1 << 20 in
 * the library, 0 in mcf_renumber_test. */
static enum mcf_price price_expected(enum mcf_price want, int fits)
{
    int simd = 0;

#ifndef MCF_NARROW_ARCS
    if (want == MCF_PRICE_AUTO)
        return MCF_PRICE_INT64;
#endif
#if defined(__GNUC__) && defined(__x86_64__)
    simd = __builtin_cpu_supports("avx512f");
#endif
    if (!fits || want == MCF_PRICE_INT64)
        return MCF_PRICE_INT64;
    if (want == MCF_PRICE_INT32 || !simd)
        return MCF_PRICE_INT32;
    return MCF_PRICE_AVX512;
}

/* Solves the network make(k, seed) builds, with arc `big` (if >= 0) at
 * cost big_cost, under every pricing loop: each must take the same
 * pivots to the same flows and potentials, and say which loop it ran. */
static void price_paths_agree(struct mcf *(*make)(int, uint64_t), int k,
                              uint64_t seed, int big, int64_t big_cost,
                              int fits)
{
    static const enum mcf_price paths[] = {MCF_PRICE_AUTO, MCF_PRICE_INT64,
                                           MCF_PRICE_INT32, MCF_PRICE_AVX512};
    struct mf_error err = {0};
    struct mcf *first = NULL;
    struct mcf_stats st0, st;
    size_t p;
    int a, v;

    for (p = 0; p < sizeof paths / sizeof paths[0]; p++) {
        struct mcf *m = make(k, seed);
        struct mcf_work wk;

        if (big >= 0)
            mcf_set_cost(m, big, big_cost);
        mcf_set_price(m, paths[p]);
        assert_int_equal(solve_checked(m, MCF_PIVOT_BLOCK, &err), MF_OK);
        mcf_get_work(m, &wk);
        assert_int_equal(wk.price, price_expected(paths[p], fits));
        mcf_get_stats(m, &st);
        if (!first) {
            first = m;
            st0 = st;
            assert_true(st.pivots > 0);
            continue;
        }
        assert_int_equal(st.pivots, st0.pivots);
        assert_int_equal(st.degenerate_pivots, st0.degenerate_pivots);
        assert_int_equal(mcf_objective(m), mcf_objective(first));
        for (a = 0; a < mcf_n_arcs(m); a++)
            assert_int_equal(mcf_flow(m, a), mcf_flow(first, a));
        for (v = 0; v < mcf_n_nodes(m); v++)
            assert_int_equal(mcf_potential(m, v), mcf_potential(first, v));
        mcf_free(m);
    }
    mcf_free(first);
}

static struct mcf *signed_net(int k, uint64_t seed)
{
    return bipartite_net(k, seed, 1);
}

/* Block pricing has three loops (int64 costs, an int32 copy, AVX-512F
 * gathers on the int32 copy): forced one by one they take the same
 * pivots. Costs that do not fit int32 (one past either end) make every
 * solve price from the int64 costs; the ends themselves still fit. */
static void test_mcf__pricing_loops_agree(void **state)
{
    (void)state;
    price_paths_agree(transport_net, 120, 7, -1, 0, 1);
    price_paths_agree(signed_net, 90, 11, -1, 0, 1);
    price_paths_agree(signed_net, 37, 5, -1, 0, 1);
    price_paths_agree(signed_net, 90, 11, 77, INT32_MAX, 1);
    price_paths_agree(signed_net, 90, 11, 77, INT32_MIN, 1);
    price_paths_agree(signed_net, 90, 11, 77, (int64_t)INT32_MAX + 1, 0);
    price_paths_agree(signed_net, 90, 11, 77, (int64_t)INT32_MIN - 1, 0);
    price_paths_agree(transport_net, 60, 3, 5, INT64_C(1) << 40, 0);
}

static void test_mcf__stop_between_pivots(void **state)
{
    struct mcf_opts o = MCF_OPTS_INIT;
    struct mcf_stats st;
    struct stop_count c = {0, 0};
    struct mf_error err = {0};
    struct mcf *m = transport_net(120, 7);
    int64_t obj;

    (void)state;
    assert_int_equal(mcf_solve(m, NULL, &err), MF_OK);
    mcf_get_stats(m, &st);
    /* Enough pivots that the stop is asked at least once. */
    assert_true(st.pivots >= MCF_STOP_EVERY);
    obj = mcf_objective(m);
    mcf_free(m);

    m = transport_net(120, 7);
    o.stop = stop_now;
    o.stop_ctx = &c;
    assert_int_equal(mcf_solve(m, &o, &err), MF_ERR);
    assert_string_equal(err.message, "stopped");
    assert_int_equal(c.asked, 1);
    assert_int_equal(c.last, MCF_STOP_EVERY);
    assert_int_equal(mcf_solve(m, NULL, &err), MF_OK);
    assert_int_equal(mcf_objective(m), obj);
    mcf_free(m);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_mcf__small_hand_case),
        cmocka_unit_test(test_mcf__stop_between_pivots),
        cmocka_unit_test(test_mcf__pricing_loops_agree),
        cmocka_unit_test(test_mcf__negative_cycle_with_capacity),
        cmocka_unit_test(test_mcf__negative_self_loop),
        cmocka_unit_test(test_mcf__inf_capacity_and_parallel_arcs),
        cmocka_unit_test(test_mcf__zero_supply_network),
        cmocka_unit_test(test_mcf__infeasible_names_a_node),
        cmocka_unit_test(test_mcf__unbounded),
        cmocka_unit_test(test_mcf__input_errors),
        cmocka_unit_test(test_mcf__certificate_catches_wrong_flow),
        cmocka_unit_test(test_mcf__start_flow_hand_case),
        cmocka_unit_test(test_mcf__start_flow_with_free_cycle),
        cmocka_unit_test(test_mcf__deep_storage_chain),
        cmocka_unit_test(test_mcf__work_counts),
        cmocka_unit_test(test_mcf__dimacs_round_trip),
        cmocka_unit_test(test_mcf__dimacs_lower_bounds),
        cmocka_unit_test(test_mcf__dimacs_reader_refuses_bad_lines),
        cmocka_unit_test(test_mcf__dimacs_random_round_trips),
        cmocka_unit_test(test_mcf__random_graphs_agree_with_reference),
        cmocka_unit_test(test_mcf__massflow_networks_agree_with_reference),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
