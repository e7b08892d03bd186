/*
 * mcf_warm_test.c - tests of plan/mcf_warm.c: a changed network re-solved
 * from a solved one's basis agrees with the cycle-cancelling reference
 * (mcf_ref.h) on the optimum, to the unit, and its flows and potentials,
 * read through the arc map, are a certificate of optimality for the
 * changed network itself (bounds, conservation, reduced costs), checked
 * here independently of the solver. Changes: costs, arcs removed, arcs
 * added, capacities, and all at once, as scenarios make them.
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
#include "plan/mcf_warm.h"
#include "test_rng.h"

#define MAX_ARCS 256

struct net {
    int n, m;
    int64_t supply[16];
    int tail[MAX_ARCS], head[MAX_ARCS];
    int64_t cap[MAX_ARCS], cost[MAX_ARCS];
    int slack[MAX_ARCS]; /* kept by every change: the network stays feasible */
};

static void arc(struct net *g, int u, int v, int64_t cap, int64_t cost,
                int slack)
{
    assert_true(g->m < MAX_ARCS);
    g->tail[g->m] = u;
    g->head[g->m] = v;
    g->cap[g->m] = cap;
    g->cost[g->m] = cost;
    g->slack[g->m] = slack;
    g->m++;
}

/* Random nodes with supplies, random arcs (parallel ones and unlimited
 * capacities too), and a dear way from every node to node 0 and back so
 * that every change leaves a feasible network. */
static void gen(struct net *g, uint64_t *s)
{
    int64_t sum = 0;
    int v, a, m;

    memset(g, 0, sizeof *g);
    g->n = (int)rng_range(s, 2, 12);
    for (v = 1; v < g->n; v++) {
        g->supply[v] = rng_range(s, 0, 2) ? 0 : rng_range(s, -15, 15);
        sum += g->supply[v];
    }
    g->supply[0] = -sum;
    for (v = 1; v < g->n; v++) {
        arc(g, v, 0, MCF_INF, 500, 1);
        arc(g, 0, v, MCF_INF, 500, 1);
    }
    m = (int)rng_range(s, 0, 5 * g->n);
    for (a = 0; a < m; a++)
        arc(g, (int)rng_range(s, 0, g->n - 1), (int)rng_range(s, 0, g->n - 1),
            rng_range(s, 0, 9) == 0 ? MCF_INF : rng_range(s, 0, 20),
            rng_range(s, 0, 60), 0);
}

/* RUNS: long runs of arcs gone and of arcs new, and the tail of the list
 * in reverse order (the pairing's in-order pass loses step, and the rest
 * is paired by tail); EVERY_COST: every arc's cost changes (co2). */
enum change { COSTS, REMOVE, ADD, CAPS, ALL, RUNS, EVERY_COST, N_CHANGES };

static void random_arc(struct net *g, uint64_t *s)
{
    arc(g, (int)rng_range(s, 0, g->n - 1), (int)rng_range(s, 0, g->n - 1),
        rng_range(s, 0, 20), rng_range(s, 0, 60), 0);
}

/* A run of 9 to 60 arcs gone (the slack ones stay), a run of 9 to 30 new
 * arcs, and the arcs after a point in reverse order; some costs change.
 * In half of the cases the new arcs (2 to 30 of them) take the place of
 * the arcs gone, as where M haul changed a lot's candidates: the
 * in-order pass must find where the lists meet again past both runs. */
static void change_runs(struct net *out, const struct net *g, uint64_t *s)
{
    int r0 = (int)rng_range(s, 0, g->m - 1), len = (int)rng_range(s, 9, 60);
    int r1 = (int)rng_range(s, 0, g->m), r2 = (int)rng_range(s, 0, g->m);
    int order[MAX_ARCS], a, k, n_new = (int)rng_range(s, 9, 30);

    if (rng_range(s, 0, 1)) {
        r1 = r0;
        r2 = g->m;
        n_new = (int)rng_range(s, 2, 30);
    }

    for (a = 0; a < g->m; a++)
        order[a] = a < r2 ? a : g->m - 1 - (a - r2);
    for (k = 0; k <= g->m; k++) {
        if (k == r1)
            while (n_new-- > 0 && out->m < MAX_ARCS - 1)
                random_arc(out, s);
        if (k == g->m)
            break;
        a = order[k];
        if (!g->slack[a] && a >= r0 && a < r0 + len)
            continue;
        if (out->m < MAX_ARCS)
            arc(out, g->tail[a], g->head[a], g->cap[a],
                rng_range(s, 0, 2) == 0 ? rng_range(s, 0, 80) : g->cost[a],
                g->slack[a]);
    }
}

/* A scenario of base: the same nodes and supplies, arcs changed. */
static void change(struct net *out, const struct net *g, enum change c,
                   uint64_t *s)
{
    int a, k;

    memset(out, 0, sizeof *out);
    out->n = g->n;
    memcpy(out->supply, g->supply, sizeof g->supply);
    if (c == RUNS) {
        change_runs(out, g, s);
        return;
    }
    for (a = 0; a < g->m; a++) {
        int64_t cap = g->cap[a], cost = g->cost[a];

        if (!g->slack[a] && (c == REMOVE || c == ALL) &&
            rng_range(s, 0, 3) == 0)
            continue;
        if (((c == COSTS || c == ALL) && rng_range(s, 0, 2) == 0) ||
            c == EVERY_COST)
            cost = rng_range(s, 0, 80);
        if (!g->slack[a] && (c == CAPS || c == ALL) && rng_range(s, 0, 3) == 0)
            cap = rng_range(s, 0, 25);
        arc(out, g->tail[a], g->head[a], cap, cost, g->slack[a]);
    }
    if (c == ADD || c == ALL)
        for (k = (int)rng_range(s, 1, 2 * g->n); k > 0; k--)
            arc(out, (int)rng_range(s, 0, g->n - 1),
                (int)rng_range(s, 0, g->n - 1), rng_range(s, 0, 20),
                rng_range(s, 0, 60), 0);
}

static struct mcf *build(const struct net *g)
{
    struct mcf *m = NULL;
    struct mf_error err = {0};
    int v, a;

    assert_int_equal(mcf_new(&m, g->n, (size_t)g->m, &err), MF_OK);
    for (v = 0; v < g->n; v++)
        mcf_set_supply(m, v, g->supply[v]);
    for (a = 0; a < g->m; a++)
        assert_int_equal(
            mcf_add_arc(m, g->tail[a], g->head[a], g->cap[a], g->cost[a]), a);
    return m;
}

static int64_t reference(const struct net *g)
{
    struct ref_net r;
    int64_t flow[MAX_ARCS], obj = 0;

    r.n = g->n;
    r.m = g->m;
    r.supply = g->supply;
    r.tail = g->tail;
    r.head = g->head;
    r.cap = g->cap;
    r.cost = g->cost;
    assert_int_equal(ref_solve(&r, flow, &obj, NULL), MF_OK);
    return obj;
}

/* The warm solution read through arc_of is feasible and optimal for g:
 * bounds, conservation, and reduced costs >= 0 below capacity, <= 0
 * above zero; its cost is returned. */
static int64_t certify(const struct net *g, const struct mcf *m,
                       const int32_t *arc_of)
{
    int64_t bal[16] = {0}, obj = 0;
    int a, v;

    for (a = 0; a < g->m; a++) {
        int64_t f = mcf_flow(m, arc_of[a]);
        int64_t rc = g->cost[a] + mcf_potential(m, g->tail[a]) -
                     mcf_potential(m, g->head[a]);

        assert_true(arc_of[a] >= 0);
        assert_true(f >= 0 && f <= g->cap[a]);
        bal[g->tail[a]] += f;
        bal[g->head[a]] -= f;
        if (f < g->cap[a])
            assert_true(rc >= 0);
        if (f > 0)
            assert_true(rc <= 0);
        obj += f * g->cost[a];
    }
    for (v = 0; v < g->n; v++)
        assert_true(bal[v] == g->supply[v]);
    return obj;
}

/* The arcs of next that no arc of base can pair with (keys counted as a
 * multiset). */
static int unpaired(const struct net *base, const struct net *next)
{
    char used[MAX_ARCS] = {0};
    int a, b, left = 0;

    for (b = 0; b < next->m; b++) {
        for (a = 0; a < base->m; a++)
            if (!used[a] && base->tail[a] == next->tail[b] &&
                base->head[a] == next->head[b] && base->cap[a] == next->cap[b])
                break;
        if (a < base->m)
            used[a] = 1;
        else
            left++;
    }
    return left;
}

/* Every arc of next with a twin (tail, head, capacity) in base not taken
 * yet is paired with one; the others take the place of an arc of base
 * that has no twin, or are added after base's arcs; no arc of m serves
 * two. Returns how many took a place or were added. */
static int pairs_with_twins(const struct net *base, const struct net *next,
                            const int32_t *arc_of, int m_arcs)
{
    char used[2 * MAX_ARCS] = {0};
    int b, a, others = 0, added = 0;

    assert_true(m_arcs <= 2 * MAX_ARCS);
    for (b = 0; b < next->m; b++) {
        a = arc_of[b];
        assert_true(a >= 0 && a < m_arcs && !used[a]);
        used[a] = 1;
        if (a >= base->m) {
            added++;
            others++;
        } else if (base->tail[a] != next->tail[b] ||
                   base->head[a] != next->head[b] ||
                   base->cap[a] != next->cap[b]) {
            others++;
        }
    }
    assert_int_equal(m_arcs, base->m + added);
    return others;
}

static void run(enum change c, uint64_t seed, int count)
{
    int i;

    for (i = 0; i < count; i++) {
        uint64_t s = seed + (uint64_t)i * 7919;
        struct net base, next;
        struct mcf *m, *n2;
        struct mf_error err = {0};
        struct mcf_opts o = MCF_OPTS_INIT;
        int32_t arc_of[MAX_ARCS];
        int warm = 0;

        rng_next(&s);
        gen(&base, &s);
        if (c == RUNS)
            while (base.m < 160)
                random_arc(&base, &s);
        change(&next, &base, c, &s);
        m = build(&base);
        n2 = build(&next);
        o.check = 1;
        assert_int_equal(mcf_solve(m, &o, &err), MF_OK);
        assert_int_equal(mcf_warm_resolve(m, n2, &o, arc_of, &warm, &err),
                         MF_OK);
        /* Small costs leave room for a penalty above n times any cost:
         * the warm solve always stands here. */
        assert_int_equal(warm, 1);
        assert_int_equal(mcf_check(m, &err), MF_OK);
        assert_int_equal(mcf_objective(m), reference(&next));
        assert_int_equal(certify(&next, m, arc_of), mcf_objective(m));
        assert_int_equal(pairs_with_twins(&base, &next, arc_of, mcf_n_arcs(m)),
                         unpaired(&base, &next));
        mcf_free(m);
        mcf_free(n2);
    }
}

static void test_mcf_warm__costs_changed(void **state)
{
    (void)state;
    run(COSTS, 1, 600);
}

static void test_mcf_warm__arcs_removed(void **state)
{
    (void)state;
    run(REMOVE, 2, 600);
}

static void test_mcf_warm__arcs_added(void **state)
{
    (void)state;
    run(ADD, 3, 600);
}

static void test_mcf_warm__capacities_changed(void **state)
{
    (void)state;
    run(CAPS, 4, 600);
}

static void test_mcf_warm__everything_changed(void **state)
{
    (void)state;
    run(ALL, 5, 1000);
}

static void test_mcf_warm__runs_gone_and_new_and_reordered(void **state)
{
    (void)state;
    run(RUNS, 8, 600);
}

static void test_mcf_warm__every_cost_changed(void **state)
{
    (void)state;
    run(EVERY_COST, 9, 600);
}

/* Other nodes or other supplies: no warm solve, the caller goes cold. */
static void test_mcf_warm__other_supplies_go_cold(void **state)
{
    struct net base, next;
    struct mcf *m, *n2;
    struct mf_error err = {0};
    int32_t arc_of[MAX_ARCS];
    int warm = 1;
    uint64_t s = 99;

    (void)state;
    gen(&base, &s);
    change(&next, &base, COSTS, &s);
    next.supply[0] -= 3;
    next.supply[next.n - 1] += 3;
    m = build(&base);
    n2 = build(&next);
    assert_int_equal(mcf_solve(m, NULL, &err), MF_OK);
    assert_int_equal(mcf_warm_resolve(m, n2, NULL, arc_of, &warm, &err), MF_OK);
    assert_int_equal(warm, 0);
    mcf_free(m);
    mcf_free(n2);
}

/* A cost as high as mcf_solve() accepts leaves no room for a penalty
 * above it: with an arc gone the warm solve does not stand (MF_OK, warm
 * 0; the pairing has changed costs by then, and the caller solves cold,
 * as here, to the reference optimum); with no arc gone it needs no
 * penalty and stands. */
static void test_mcf_warm__costs_at_the_limit(void **state)
{
    int gone, i, cases = 0;

    (void)state;
    for (i = 0; i < 40; i++) {
        for (gone = 0; gone <= 1; gone++) {
            uint64_t s = 4242 + (uint64_t)i * 31;
            struct net base, next;
            struct mcf *m, *n2;
            struct mf_error err = {0};
            int32_t arc_of[MAX_ARCS];
            int warm = -1, a, dropped = !gone, dear = 0;

            rng_next(&s);
            gen(&base, &s);
            memset(&next, 0, sizeof next);
            next.n = base.n;
            memcpy(next.supply, base.supply, sizeof base.supply);
            for (a = 0; a < base.m; a++) {
                int64_t cost = base.cost[a];

                if (!base.slack[a] && !dropped) {
                    dropped = 1;
                    continue;
                }
                if (!base.slack[a] && !dear) {
                    cost = ((int64_t)1 << 57) / (base.n + 1) - 1;
                    dear = 1;
                }
                arc(&next, base.tail[a], base.head[a], base.cap[a], cost,
                    base.slack[a]);
            }
            if (!dropped || !dear)
                continue; /* too few arcs besides the slack ones */
            cases++;
            m = build(&base);
            n2 = build(&next);
            assert_int_equal(mcf_solve(m, NULL, &err), MF_OK);
            assert_int_equal(mcf_warm_resolve(m, n2, NULL, arc_of, &warm, &err),
                             MF_OK);
            assert_int_equal(warm, !gone);
            if (warm) {
                assert_int_equal(mcf_objective(m), reference(&next));
                assert_int_equal(certify(&next, m, arc_of), mcf_objective(m));
            } else {
                assert_int_equal(mcf_solve(n2, NULL, &err), MF_OK);
                assert_int_equal(mcf_objective(n2), reference(&next));
            }
            mcf_free(m);
            mcf_free(n2);
        }
    }
    assert_true(cases >= 40);
}

/* mcf_replace_arc() refuses an arc that carries flow (the basis would
 * lose its feasibility) and bad nodes, and changes nothing then; an arc
 * without flow takes the new ends and solves to the reference optimum. */
static void test_mcf_warm__replace_arc(void **state)
{
    struct net g;
    struct mcf *m;
    struct mf_error err = {0};
    int a, refused = 0, replaced = 0;
    uint64_t s = 1234;

    (void)state;
    while (!refused || !replaced) {
        gen(&g, &s);
        m = build(&g);
        assert_int_equal(mcf_solve(m, NULL, &err), MF_OK);
        assert_int_equal(mcf_replace_arc(m, 0, -1, 0, 5, 1), MF_EINVAL);
        assert_int_equal(mcf_replace_arc(m, 0, 0, g.n, 5, 1), MF_EINVAL);
        for (a = 0; a < g.m; a++)
            if (!g.slack[a] && mcf_flow(m, a) > 0) {
                assert_int_equal(mcf_replace_arc(m, a, 0, 0, 3, 1), MF_EINVAL);
                assert_int_equal(mcf_arc_tail(m, a), g.tail[a]);
                assert_int_equal(mcf_arc_cost(m, a), g.cost[a]);
                refused++;
            } else if (!g.slack[a] && mcf_flow(m, a) == 0 &&
                       mcf_replace_arc(m, a, g.head[a], g.tail[a], 7, 2) ==
                           MF_OK) {
                g.tail[a] = mcf_arc_tail(m, a);
                g.head[a] = mcf_arc_head(m, a);
                g.cap[a] = 7;
                g.cost[a] = 2;
                replaced++;
            }
        assert_int_equal(mcf_solve(m, NULL, &err), MF_OK);
        assert_int_equal(mcf_objective(m), reference(&g));
        mcf_free(m);
    }
}

/* Several changed networks re-solved from copies of one solved base
 * (mcf_clone), as scenarios are: each reaches its own optimum, and the
 * base keeps its flows, potentials and basis (solving it again takes no
 * pivot and gives the same optimum). */
static void test_mcf_warm__clones_leave_the_base_alone(void **state)
{
    int i, k;

    (void)state;
    for (i = 0; i < 200; i++) {
        uint64_t s = 77 + (uint64_t)i * 104729;
        struct net base, next;
        struct mcf *m;
        struct mf_error err = {0};
        struct mcf_stats st;
        int64_t obj, flow[MAX_ARCS];
        int a;

        rng_next(&s);
        gen(&base, &s);
        m = build(&base);
        assert_int_equal(mcf_solve(m, NULL, &err), MF_OK);
        obj = mcf_objective(m);
        for (a = 0; a < base.m; a++)
            flow[a] = mcf_flow(m, a);
        for (k = 0; k < 3; k++) {
            struct mcf *c = NULL, *n2;
            int32_t arc_of[MAX_ARCS];
            int warm = 0;

            change(&next, &base, (enum change)(k == 0 ? COSTS : ALL), &s);
            n2 = build(&next);
            assert_int_equal(mcf_clone(&c, m, &err), MF_OK);
            assert_int_equal(mcf_objective(c), obj);
            assert_int_equal(mcf_warm_resolve(c, n2, NULL, arc_of, &warm, &err),
                             MF_OK);
            assert_int_equal(warm, 1);
            assert_int_equal(mcf_objective(c), reference(&next));
            assert_int_equal(certify(&next, c, arc_of), mcf_objective(c));
            mcf_free(c);
            mcf_free(n2);
        }
        assert_int_equal(mcf_objective(m), obj);
        for (a = 0; a < base.m; a++)
            assert_true(mcf_flow(m, a) == flow[a]);
        assert_int_equal(mcf_check(m, &err), MF_OK);
        assert_int_equal(mcf_solve(m, NULL, &err), MF_OK);
        mcf_get_stats(m, &st);
        assert_int_equal(st.pivots, 0);
        assert_int_equal(mcf_objective(m), obj);
        mcf_free(m);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_mcf_warm__costs_changed),
        cmocka_unit_test(test_mcf_warm__arcs_removed),
        cmocka_unit_test(test_mcf_warm__arcs_added),
        cmocka_unit_test(test_mcf_warm__capacities_changed),
        cmocka_unit_test(test_mcf_warm__everything_changed),
        cmocka_unit_test(test_mcf_warm__runs_gone_and_new_and_reordered),
        cmocka_unit_test(test_mcf_warm__every_cost_changed),
        cmocka_unit_test(test_mcf_warm__other_supplies_go_cold),
        cmocka_unit_test(test_mcf_warm__costs_at_the_limit),
        cmocka_unit_test(test_mcf_warm__replace_arc),
        cmocka_unit_test(test_mcf_warm__clones_leave_the_base_alone),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
