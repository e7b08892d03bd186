/*
 * mcf_ref.h - a slow, obviously correct minimum-cost flow solver for
 * checking plan/mcf.c on small instances (tests only).
 *
 * Method: cycle cancelling (Klein 1967; Ahuja, Magnanti & Orlin, ch. 9.6).
 *   1. Unbounded if the arcs of unlimited capacity alone hold a
 *      negative-cost cycle (Bellman-Ford on that subgraph).
 *   2. A feasible flow by maximum flow from a super source to a super
 *      sink (Edmonds-Karp, breadth-first augmenting paths); infeasible
 *      if it does not saturate every supply.
 *   3. While the residual graph has a negative-cost cycle (Bellman-Ford
 *      from a virtual source joined to every node), push the cycle's
 *      bottleneck around it.
 * A flow is optimal exactly when its residual graph has no negative cycle,
 * so the result needs no other argument. O(n m) per cancelled cycle: use
 * it on tens of nodes, never more. No overflow checks: keep data small.
 */
#ifndef MF_TESTS_MCF_REF_H
#define MF_TESTS_MCF_REF_H

#include "plan/mcf.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

struct ref_net {
    int n;
    int m;
    const int64_t *supply; /* n */
    const int *tail;       /* m */
    const int *head;       /* m */
    const int64_t *cap;    /* m, MCF_INF = unlimited */
    const int64_t *cost;   /* m */
};

/* Residual edge e of arc a: e = 2a is forward, 2a + 1 backward. */
static int64_t ref_resid(const struct ref_net *g, const int64_t *flow,
                         int64_t big, int e)
{
    int a = e / 2;
    int64_t cap = g->cap[a] == MCF_INF ? big : g->cap[a];

    return e % 2 == 0 ? cap - flow[a] : flow[a];
}

static int ref_from(const struct ref_net *g, int e)
{
    return e % 2 == 0 ? g->tail[e / 2] : g->head[e / 2];
}

static int ref_to(const struct ref_net *g, int e)
{
    return e % 2 == 0 ? g->head[e / 2] : g->tail[e / 2];
}

static int64_t ref_ecost(const struct ref_net *g, int e)
{
    return e % 2 == 0 ? g->cost[e / 2] : -g->cost[e / 2];
}

/* Step 1: a negative cycle among unlimited arcs? */
static int ref_unbounded(const struct ref_net *g)
{
    int64_t *d = calloc((size_t)g->n + 1, sizeof *d);
    int it, a, changed = 1;

    for (it = 0; it <= g->n && changed; it++) {
        changed = 0;
        for (a = 0; a < g->m; a++) {
            if (g->cap[a] != MCF_INF)
                continue;
            if (d[g->tail[a]] + g->cost[a] < d[g->head[a]]) {
                d[g->head[a]] = d[g->tail[a]] + g->cost[a];
                changed = 1;
            }
        }
    }
    free(d);
    return changed; /* still relaxing after n passes: negative cycle */
}

/* Step 2: Edmonds-Karp on the network plus super source s = n and super
 * sink t = n + 1. Returns 1 when every supply can be routed. */
static int ref_feasible(const struct ref_net *g, int64_t big, int64_t *flow)
{
    int n = g->n, N = n + 2, s = n, t = n + 1, v, a;
    int64_t *sflow = calloc((size_t)N, sizeof *sflow); /* s->v or v->t */
    int *pe = malloc((size_t)N * sizeof *pe);
    int *queue = malloc((size_t)N * sizeof *queue);
    int64_t need = 0;
    int ok;

    for (v = 0; v < n; v++) {
        if (g->supply[v] > 0)
            need += g->supply[v];
    }
    memset(flow, 0, (size_t)g->m * sizeof *flow);
    for (;;) {
        int qh = 0, qt = 0, x;
        int64_t delta;

        /* pe[v]: -1 unseen; -2 reached from s; -3 (at t) reached from v;
         * else the residual edge used. */
        for (v = 0; v < N; v++)
            pe[v] = -1;
        pe[s] = -4;
        for (v = 0; v < n; v++) {
            if (g->supply[v] > 0 && sflow[v] < g->supply[v]) {
                pe[v] = -2;
                queue[qt++] = v;
            }
        }
        while (qh < qt && pe[t] == -1) {
            x = queue[qh++];
            if (g->supply[x] < 0 && sflow[x] < -g->supply[x]) {
                pe[t] = -3 - x;
                break;
            }
            for (a = 0; a < 2 * g->m; a++) {
                int y;

                if (ref_from(g, a) != x || ref_resid(g, flow, big, a) <= 0)
                    continue;
                y = ref_to(g, a);
                if (pe[y] != -1)
                    continue;
                pe[y] = a;
                queue[qt++] = y;
            }
        }
        if (pe[t] == -1)
            break;
        /* Bottleneck, then augment. */
        x = -3 - pe[t];
        delta = -g->supply[x] - sflow[x];
        for (v = x; pe[v] >= 0; v = ref_from(g, pe[v])) {
            int64_t r = ref_resid(g, flow, big, pe[v]);

            if (r < delta)
                delta = r;
        }
        if (g->supply[v] - sflow[v] < delta)
            delta = g->supply[v] - sflow[v];
        sflow[v] += delta;
        sflow[x] += delta;
        for (v = x; pe[v] >= 0; v = ref_from(g, pe[v])) {
            if (pe[v] % 2 == 0)
                flow[pe[v] / 2] += delta;
            else
                flow[pe[v] / 2] -= delta;
        }
    }
    ok = 1;
    for (v = 0; v < n; v++) {
        if (g->supply[v] > 0 && sflow[v] != g->supply[v])
            ok = 0;
    }
    (void)need;
    free(sflow);
    free(pe);
    free(queue);
    return ok;
}

/* Finds a cycle in the predecessor graph (each node has at most one
 * predecessor edge) whose cost is negative; returns its length, or 0. */
static int ref_pred_cycle(const struct ref_net *g, const int *pe, int *cyc)
{
    int n = g->n, v, len = 0;
    int *mark = calloc((size_t)n + 1, sizeof *mark);

    for (v = 0; v < n && len == 0; v++) {
        int x = v;

        /* Walk back, stamping with v + 1, until the chain ends or meets
         * a node stamped before. */
        while (x >= 0 && mark[x] == 0) {
            mark[x] = v + 1;
            x = pe[x] >= 0 ? ref_from(g, pe[x]) : -1;
        }
        if (x >= 0 && mark[x] == v + 1) {
            int64_t c = 0;
            int y = x;

            do {
                cyc[len++] = pe[y];
                c += ref_ecost(g, pe[y]);
                y = ref_from(g, pe[y]);
            } while (y != x);
            if (c >= 0)
                len = 0; /* not negative (cannot happen); keep looking */
        }
    }
    free(mark);
    return len;
}

/* Step 3: finds a negative residual cycle; returns its length and the
 * residual edges in cyc[], or 0 when none exists. Bellman-Ford from a
 * virtual source: distances settle within n passes unless a negative
 * cycle exists, and then the predecessor graph soon holds one. */
static int ref_negative_cycle(const struct ref_net *g, const int64_t *flow,
                              int64_t big, int *cyc)
{
    int n = g->n, v, e, it, len = 0;
    int64_t *d = calloc((size_t)n + 1, sizeof *d);
    int *pe = malloc(((size_t)n + 1) * sizeof *pe);

    for (v = 0; v < n; v++)
        pe[v] = -1;
    for (it = 0;; it++) {
        int changed = 0;

        for (e = 0; e < 2 * g->m; e++) {
            int x = ref_from(g, e), y = ref_to(g, e);

            if (ref_resid(g, flow, big, e) <= 0)
                continue;
            if (d[x] + ref_ecost(g, e) < d[y]) {
                d[y] = d[x] + ref_ecost(g, e);
                pe[y] = e;
                changed = 1;
            }
        }
        if (!changed)
            break;
        if (it >= n - 1) {
            len = ref_pred_cycle(g, pe, cyc);
            if (len > 0)
                break;
        }
    }
    free(d);
    free(pe);
    return len;
}

/* Solves; returns MF_OK (flow and *obj filled), MF_EINFEASIBLE or
 * MF_EUNBOUNDED. start_flow (may be NULL) receives the feasible flow of
 * step 2, a valid start for mcf_set_start_flow(). */
static int ref_solve(const struct ref_net *g, int64_t *flow, int64_t *obj,
                     int64_t *start_flow)
{
    int64_t big = 1;
    int *cyc;
    int v, a, len;

    if (ref_unbounded(g))
        return MF_EUNBOUNDED;
    for (v = 0; v < g->n; v++) {
        if (g->supply[v] > 0)
            big += g->supply[v];
    }
    for (a = 0; a < g->m; a++) {
        if (g->cap[a] != MCF_INF)
            big += g->cap[a];
    }
    big = 2 * big + 1;
    if (!ref_feasible(g, big, flow))
        return MF_EINFEASIBLE;
    if (start_flow)
        memcpy(start_flow, flow, (size_t)g->m * sizeof *flow);
    cyc = malloc(((size_t)g->n + 1) * sizeof *cyc);
    while ((len = ref_negative_cycle(g, flow, big, cyc)) > 0) {
        int64_t delta = big;
        int i;

        for (i = 0; i < len; i++) {
            int64_t r = ref_resid(g, flow, big, cyc[i]);

            if (r < delta)
                delta = r;
        }
        for (i = 0; i < len; i++) {
            if (cyc[i] % 2 == 0)
                flow[cyc[i] / 2] += delta;
            else
                flow[cyc[i] / 2] -= delta;
        }
    }
    free(cyc);
    *obj = 0;
    for (a = 0; a < g->m; a++)
        *obj += g->cost[a] * flow[a];
    return MF_OK;
}

#endif
