/*
 * mcf_split_test.c - tests of plan/mcf_split.c, the exact split of a
 * network into the pieces that only a source and a sink join.
 *
 * Seeded random multi-period networks shaped like the planner's: in each
 * region, supply and demand lots per week, transport arcs within a week,
 * a storage chain that carries tonnes over the weeks, a quarry source s
 * feeding demands and a landfill sink t taking supplies, with s -> t of
 * unlimited capacity. Regions are the pieces; some instances join two
 * regions (fewer pieces), some have one region (no split). The split's
 * optimum must equal the cycle-cancelling reference's (mcf_ref.h) on
 * small instances and the whole network simplex's on larger ones, with
 * the certificate holding; the tests also check that the split was taken
 * (not the fallback to a whole solve) where it must be, that it falls back
 * exactly where a piece would take more from the source, that errors are
 * the whole solve's, that one and two threads give the same flows, and
 * that a warm re-solve after the split reaches the cold optimum, and
 * that the caller's stop is asked with the pieces' pivots and stops the
 * split without a whole solve.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "mcf_pieces.h"
#include "mcf_ref.h"
#include "plan/mcf.h"
#include "plan/mcf_int.h"
#include "plan/mcf_split.h"

/* Solves g whole and split; both must agree, the split's certificate must
 * hold, and it must have split into `pieces` (0: it must fall back). */
static int64_t agree(const struct net *g, int threads, int want_split,
                     struct mcf_split_info *info)
{
    struct mcf_opts o = MCF_OPTS_INIT;
    struct mf_error e1 = {0}, e2 = {0};
    struct mcf *a = build(g), *b = build(g);
    int r1, r2;
    int64_t obj;

    o.check = 1;
    r1 = mcf_solve(a, &o, &e1);
    r2 = mcf_solve_split(b, &o, threads, info, &e2);
    assert_int_equal(r2, r1);
    if (r1 == MF_OK) {
        assert_int_equal(mcf_objective(b), mcf_objective(a));
        assert_int_equal(mcf_check(b, &e2), MF_OK);
    }
    if (want_split && info->whole)
        fail_msg("solved whole: %s", info->why);
    if (want_split)
        assert_int_equal(info->whole, 0);
    else
        assert_int_equal(info->whole, 1);
    obj = r1 == MF_OK ? mcf_objective(a) : -1;
    mcf_free(a);
    mcf_free(b);
    return obj;
}

static struct net G;

/* The optimum of g by the cycle-cancelling reference (mcf_ref.h). */
static int64_t ref_objective(const struct net *g)
{
    struct ref_net rn;
    int64_t *flow, obj = 0;

    rn.n = g->n;
    rn.m = g->m;
    rn.supply = g->supply;
    rn.tail = g->tail;
    rn.head = g->head;
    rn.cap = g->cap;
    rn.cost = g->cost;
    flow = calloc((size_t)g->m, sizeof *flow);
    assert_non_null(flow);
    assert_int_equal(ref_solve(&rn, flow, &obj, NULL), MF_OK);
    free(flow);
    return obj;
}

static void test_mcf_split__reference_on_small_networks(void **state)
{
    uint64_t seed;

    (void)state;
    for (seed = 1; seed <= 60; seed++) {
        struct mcf_split_info info;
        int flags = (int)(seed % 4 == 0 ? F_JOIN : 0) |
                    (seed % 3 == 0 ? F_TIE : 0) | (seed % 5 == 0 ? F_COST : 0);
        int regions = 3 + (int)(seed % 3);
        int64_t obj;

        gen(&G, seed, regions, 3, 2, flags);
        obj = agree(&G, 2, 1, &info);
        assert_int_equal(info.hub_src, 0);
        assert_int_equal(info.hub_dst, 1);
        assert_int_equal(info.components,
                         (flags & F_JOIN) ? regions - 1 : regions);
        assert_int_equal(obj, ref_objective(&G));
    }
}

static void test_mcf_split__larger_networks_agree_with_whole_solve(void **state)
{
    uint64_t seed;

    (void)state;
    for (seed = 1; seed <= 6; seed++) {
        struct mcf_split_info info;
        int regions = 3 + (int)seed;

        /* regions of about 10 weeks x 25 lots: thousands of nodes */
        gen(&G, 100 + seed, regions, 10, 12,
            (seed % 2 ? F_JOIN : 0) | (seed % 3 ? F_TIE : 0));
        agree(&G, 2, 1, &info);
        assert_true(info.pieces >= 2);
        assert_true(info.largest >= 10 * 25);
    }
}

static void test_mcf_split__one_piece_is_solved_whole(void **state)
{
    struct mcf_split_info info;

    (void)state;
    gen(&G, 7, 1, 4, 3, 0);
    agree(&G, 2, 0, &info);
    assert_int_equal(info.pieces, 1);
    /* two regions joined: one component */
    gen(&G, 8, 2, 4, 3, F_JOIN);
    agree(&G, 2, 0, &info);
    assert_int_equal(info.components, 1);
}

static void test_mcf_split__greedy_piece_falls_back_exactly(void **state)
{
    uint64_t seed;

    (void)state;
    /* In region 0, s -> storage -> t costs -3 < 0 = s -> t: the piece
     * wants more from s than its demand. The split must notice and the
     * whole solve give the optimum. */
    for (seed = 1; seed <= 10; seed++) {
        struct mcf_split_info info;
        int64_t obj;

        gen(&G, 300 + seed, 3, 3, 2, F_GREEDY);
        obj = agree(&G, 2, 0, &info);
        assert_non_null(info.why);
        assert_non_null(strstr(info.why, "more from the source"));
        assert_int_equal(obj, ref_objective(&G));
    }
}

static void test_mcf_split__no_hub_pair_is_solved_whole(void **state)
{
    struct mcf_split_info info;
    int a;

    (void)state;
    /* No arc of unlimited capacity: no hub pair. */
    gen(&G, 9, 3, 3, 2, 0);
    for (a = 0; a < G.m; a++)
        if (G.cap[a] == MCF_INF)
            G.cap[a] = 1000000;
    agree(&G, 2, 0, &info);
    assert_int_equal(info.hub_src, -1);
    /* A second arc between s and t: not split. */
    gen(&G, 10, 3, 3, 2, 0);
    arc(&G, 1, 0, 5, 1);
    agree(&G, 2, 0, &info);
    assert_int_equal(info.hub_src, 0);
}

static void test_mcf_split__infeasible_is_the_whole_solves_error(void **state)
{
    struct mcf_split_info info;

    (void)state;
    gen(&G, 11, 3, 3, 2, F_SHORT);
    /* the short demand's other in-arcs may still feed it; drop supplies
     * until it cannot: give it more demand than everything can bring */
    G.supply[2 + 2 * (3 * 5) + 2] -= 100000;
    G.supply[0] += 100000;
    agree(&G, 2, 0, &info);
}

static void test_mcf_split__threads_give_the_same_flows(void **state)
{
    struct mcf_opts o = MCF_OPTS_INIT;
    struct mf_error err = {0};
    struct mcf_split_info info;
    struct mcf *a, *b;
    int i;

    (void)state;
    gen(&G, 21, 8, 6, 5, F_TIE);
    a = build(&G);
    b = build(&G);
    assert_int_equal(mcf_solve_split(a, &o, 1, &info, &err), MF_OK);
    assert_int_equal(info.whole, 0);
    assert_int_equal(mcf_solve_split(b, &o, 2, &info, &err), MF_OK);
    assert_int_equal(info.whole, 0);
    for (i = 0; i < G.m; i++)
        assert_int_equal(mcf_flow(a, i), mcf_flow(b, i));
    for (i = 0; i < G.n; i++)
        assert_int_equal(mcf_potential(a, i), mcf_potential(b, i));
    mcf_free(a);
    mcf_free(b);
}

static void test_mcf_split__warm_resolve_after_split(void **state)
{
    struct mcf_opts o = MCF_OPTS_INIT;
    struct mf_error err = {0};
    struct mcf_split_info info;
    struct mcf *a, *b;
    int i, added = 0;
    uint64_t r = 77;

    (void)state;
    o.check = 1;
    gen(&G, 31, 5, 5, 4, 0);
    a = build(&G);
    assert_int_equal(mcf_solve_split(a, &o, 2, &info, &err), MF_OK);
    assert_int_equal(info.whole, 0);
    /* Arcs added later (lazy pricing): cheap links between regions and
     * weeks, and a cost change; then solved warm with mcf_solve. */
    for (i = 0; i < 40; i++) {
        int u = (int)rng_range(&r, 2, G.n - 1);
        int v = (int)rng_range(&r, 2, G.n - 1);

        if (u == v)
            continue;
        arc(&G, u, v, rng_range(&r, 1, 50), rng_range(&r, 1, 30));
        assert_int_equal(mcf_add_arc(a, u, v, G.cap[G.m - 1], G.cost[G.m - 1]),
                         G.m - 1);
        added++;
    }
    assert_true(added > 0);
    assert_int_equal(mcf_solve(a, &o, &err), MF_OK);
    b = build(&G);
    assert_int_equal(mcf_solve(b, &o, &err), MF_OK);
    assert_int_equal(mcf_objective(a), mcf_objective(b));
    mcf_free(a);
    mcf_free(b);
}

static int find_arc(const struct net *g, int u, int v, int64_t cost)
{
    int a;

    for (a = 0; a < g->m; a++)
        if (g->tail[a] == u && g->head[a] == v &&
            (cost < 0 || g->cost[a] == cost))
            return a;
    fail_msg("no arc %d -> %d", u, v);
    return -1;
}

static void test_mcf_split__pieces_start_from_a_feasible_flow(void **state)
{
    struct mcf_opts o = MCF_OPTS_INIT;
    struct mf_error err = {0};
    struct mcf_split_info info;
    struct mcf *a, *b;
    const int regions = 5, weeks = 4, lots = 3, per_week = 2 * lots + 1;
    int64_t *flow;
    int k, w, i;

    (void)state;
    o.check = 1;
    gen(&G, 41, regions, weeks, lots, F_TIE);
    /* The dear feasible flow: every supply to the landfill, every demand
     * from the quarry through its week's storage. */
    flow = calloc((size_t)G.m, sizeof *flow);
    for (k = 0; k < regions; k++) {
        for (w = 0; w < weeks; w++) {
            int sb = 2 + (k * weeks + w) * per_week, db = sb + lots,
                st = sb + 2 * lots;

            for (i = 0; i < lots; i++) {
                flow[find_arc(&G, sb + i, 1, -1)] = G.supply[sb + i];
                flow[find_arc(&G, st, db + i, -1)] = -G.supply[db + i];
                flow[find_arc(&G, 0, st, 450)] += -G.supply[db + i];
            }
        }
    }
    a = build(&G);
    assert_int_equal(mcf_set_start_flow(a, flow, &err), MF_OK);
    assert_int_equal(mcf_solve_split(a, &o, 2, &info, &err), MF_OK);
    assert_int_equal(info.whole, 0);
    b = build(&G);
    assert_int_equal(mcf_solve(b, &o, &err), MF_OK);
    assert_int_equal(mcf_objective(a), mcf_objective(b));
    free(flow);
    mcf_free(a);
    mcf_free(b);
}

struct stop_log {
    int calls, stop_at; /* stop_at > 0: say stop at that call */
    int64_t last;       /* pivots at the last call */
    int rising;         /* 1 while each call saw at least the pivots before */
};

static int log_stop(void *ctx, int64_t pivots)
{
    struct stop_log *l = ctx;

    if (pivots < l->last)
        l->rising = 0;
    l->last = pivots;
    l->calls++;
    return l->stop_at > 0 && l->calls >= l->stop_at;
}

static void test_mcf_split__stop_is_asked_and_stops(void **state)
{
    struct mcf_opts o = MCF_OPTS_INIT;
    struct mf_error err = {0};
    struct mcf_split_info info;
    struct stop_log log = {0, 0, 0, 1};
    struct mcf_stats st;
    struct mcf *a, *b;
    int64_t obj;

    (void)state;
    /* 4 regions of 40 weeks x 30 lots: pieces of thousands of pivots */
    gen(&G, 51, 4, 40, 30, 0);
    o.stop = log_stop;
    o.stop_ctx = &log;
    a = build(&G);
    assert_int_equal(mcf_solve_split(a, &o, 2, &info, &err), MF_OK);
    assert_int_equal(info.whole, 0);
    assert_int_equal(mcf_check(a, &err), MF_OK);
    mcf_get_stats(a, &st);
    /* asked at least once a piece, with the pieces' pivots so far */
    assert_true(log.calls >= info.pieces);
    assert_int_equal(log.rising, 1);
    assert_true(log.last >= MCF_STOP_EVERY && log.last <= st.pivots);
    obj = mcf_objective(a);
    mcf_free(a);
    /* A stop at the first ask: the split fails with "stopped", not by a
     * whole solve, and the network solves on afterwards. */
    log = (struct stop_log){0, 1, 0, 1};
    a = build(&G);
    assert_int_equal(mcf_solve_split(a, &o, 2, &info, &err), MF_ERR);
    assert_string_equal(err.message, "stopped");
    assert_int_equal(info.whole, 0);
    assert_int_equal(log.calls, 1);
    o.stop = NULL;
    assert_int_equal(mcf_solve(a, &o, &err), MF_OK);
    assert_int_equal(mcf_objective(a), obj);
    b = build(&G);
    assert_int_equal(mcf_solve(b, &o, &err), MF_OK);
    assert_int_equal(mcf_objective(b), obj);
    mcf_free(a);
    mcf_free(b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_mcf_split__reference_on_small_networks),
        cmocka_unit_test(
            test_mcf_split__larger_networks_agree_with_whole_solve),
        cmocka_unit_test(test_mcf_split__one_piece_is_solved_whole),
        cmocka_unit_test(test_mcf_split__greedy_piece_falls_back_exactly),
        cmocka_unit_test(test_mcf_split__no_hub_pair_is_solved_whole),
        cmocka_unit_test(test_mcf_split__infeasible_is_the_whole_solves_error),
        cmocka_unit_test(test_mcf_split__threads_give_the_same_flows),
        cmocka_unit_test(test_mcf_split__warm_resolve_after_split),
        cmocka_unit_test(test_mcf_split__pieces_start_from_a_feasible_flow),
        cmocka_unit_test(test_mcf_split__stop_is_asked_and_stops),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
