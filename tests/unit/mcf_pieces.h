/*
 * mcf_pieces.h - seeded random multi-period networks shaped like the
 * planner's, for the tests of the exact split (plan/mcf_split.h): regions
 * of supply and demand lots per week with transport arcs within a week, a
 * storage chain over the weeks, a quarry source s (node 0) feeding demands
 * and a landfill sink t (node 1) taking supplies, joined by s -> t of
 * unlimited capacity. Without s and t each region is one component.
 * Header-only (static functions, cmocka asserts; include cmocka.h first):
 * mcf_split_test.c and mcf_glpk_test.c.
 */
#ifndef MF_TESTS_MCF_PIECES_H
#define MF_TESTS_MCF_PIECES_H

#include "plan/mcf.h"

#include <stdint.h>
#include <string.h>
#include "test_rng.h"

#define PIECES_MAX_ARCS 200000

struct net {
    int n, m;
    int64_t supply[20000];
    int tail[PIECES_MAX_ARCS], head[PIECES_MAX_ARCS];
    int64_t cap[PIECES_MAX_ARCS], cost[PIECES_MAX_ARCS];
};

static void arc(struct net *g, int u, int v, int64_t cap, int64_t cost)
{
    assert_true(g->m < PIECES_MAX_ARCS);
    g->tail[g->m] = u;
    g->head[g->m] = v;
    g->cap[g->m] = cap;
    g->cost[g->m] = cost;
    g->m++;
}

enum {
    F_JOIN = 1,   /* an arc joins region 0 to region 1 */
    F_TIE = 2,    /* a zero-cost route s -> storage -> t in region 0 */
    F_GREEDY = 4, /* a route s -> t through region 0 cheaper than s -> t */
    F_SHORT = 8,  /* a demand no arc reaches: infeasible */
    F_COST = 16   /* s -> t costs 7 instead of 0 */
};

/* regions x weeks, `lots` supply and `lots` demand lots per region and
 * week. Node 0 is s, node 1 is t. */
static void gen(struct net *g, uint64_t seed, int regions, int weeks, int lots,
                int flags)
{
    uint64_t r = seed * 0x9E3779B97F4A7C15ULL + 1;
    int64_t dem = 0, sup = 0;
    int k, w, i, j, first = 2;
    int per_week = 2 * lots + 1; /* supplies, demands, storage */

    memset(g, 0, sizeof *g);
    g->n = 2 + regions * weeks * per_week;
    assert_true(g->n <= 20000);
    for (k = 0; k < regions; k++) {
        int base = first + k * weeks * per_week;

        for (w = 0; w < weeks; w++) {
            int sb = base + w * per_week, db = sb + lots, st = sb + 2 * lots;

            for (i = 0; i < lots; i++) {
                int64_t b = rng_range(&r, 1, 40), d = rng_range(&r, 1, 40);

                g->supply[sb + i] = b;
                g->supply[db + i] = -d;
                sup += b;
                dem += d;
            }
            for (i = 0; i < lots; i++) {
                /* transport within the week and to the week after */
                for (j = 0; j < lots; j++) {
                    if (rng_range(&r, 0, 2) == 0)
                        continue;
                    arc(g, sb + i, db + j,
                        rng_range(&r, 0, 3) == 0 ? rng_range(&r, 1, 30)
                                                 : MCF_INF,
                        rng_range(&r, 10, 200));
                }
                arc(g, sb + i, st, MCF_INF, rng_range(&r, 5, 60));
                arc(g, st, db + i, MCF_INF, rng_range(&r, 5, 60));
                if (!(flags & F_SHORT) || k != regions - 1 || w != 0 || i != 0)
                    arc(g, 0, db + i,
                        rng_range(&r, 0, 4) == 0 ? rng_range(&r, 1, 30)
                                                 : MCF_INF,
                        rng_range(&r, 150, 400));
                arc(g, sb + i, 1, MCF_INF, rng_range(&r, 80, 300));
            }
            if (w + 1 < weeks)
                arc(g, st, st + per_week, rng_range(&r, 20, 200),
                    rng_range(&r, 1, 5));
            arc(g, st, 1, MCF_INF, rng_range(&r, 100, 300));
            /* dear supply through storage keeps every instance feasible
             * (quarry arcs may be bounded) */
            if (!(flags & F_SHORT))
                arc(g, 0, st, MCF_INF, 450);
            if (k == 0 && w == 0 && (flags & F_TIE)) {
                arc(g, 0, st, MCF_INF, 0);
                arc(g, st, 1, MCF_INF, (flags & F_COST) ? 7 : 0);
            }
            if (k == 0 && w == 0 && (flags & F_GREEDY)) {
                arc(g, 0, st, MCF_INF, -3);
                arc(g, st, 1, MCF_INF, 0);
            }
        }
    }
    if ((flags & F_JOIN) && regions >= 2)
        arc(g, first + 0, first + weeks * per_week + lots, MCF_INF, 1);
    /* The sink is added last on purpose in some seeds: hub detection
     * must not depend on where the hub arc sits. */
    g->supply[0] = dem;
    g->supply[1] = -sup;
    arc(g, 0, 1, MCF_INF, (flags & F_COST) ? 7 : 0);
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

#endif
