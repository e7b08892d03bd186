/*
 * start.c - a good feasible flow to start the network simplex from.
 *
 * From an artificial basis the simplex spends most of its pivots finding
 * what is obvious: surplus goes to the cheapest receiving site with room,
 * needs are met from the cheapest quarry with room, and a surplus next to
 * a need is used there. This greedy flow satisfies every bound and every
 * node's supply, so mcf_set_start_flow() can make a basis of it, and the
 * simplex then only corrects it. Optimality is still the simplex's: the
 * start changes the path, never the optimum.
 *
 * With reuse, direct arcs are taken first in order of their savings
 * against landfilling the surplus and quarrying the need; then surplus
 * goes to receiving sites (cheapest first, within capacity) and needs to
 * quarries (cheapest first, within each period's capacity); what is left
 * goes to the slack arcs.
 */
#include "plan/state.h"

#include <stdlib.h>
#include <string.h>

struct saving {
    int arc;
    int64_t value;
};

static int by_saving(const void *a, const void *b)
{
    const struct saving *x = a, *y = b;

    if (x->value != y->value)
        return x->value > y->value ? -1 : 1;
    return (x->arc > y->arc) - (x->arc < y->arc);
}

/* The arcs the greedy walks read, by one end: a node's arcs of some kinds,
 * each run in order of cost, ties by arc number. Only the kinds walked
 * are kept, so the order among them is the one a sort of all the node's
 * arcs would give. */
struct costed {
    int64_t cost;
    int arc;
};

struct adj {
    int *first;       /* n + 1 offsets */
    struct costed *e; /* first[n] entries */
};

static int by_cost(const void *a, const void *b)
{
    const struct costed *x = a, *y = b;

    if (x->cost != y->cost)
        return (x->cost > y->cost) - (x->cost < y->cost);
    return (x->arc > y->arc) - (x->arc < y->arc);
}

/* Sorts a run by cost, ties by arc number: a run is filled in arc order,
 * so a stable insertion sort of a short run gives the same order. */
static void sort_run(struct costed *c, int len)
{
    int i, j;

    if (len > 32) {
        qsort(c, (size_t)len, sizeof *c, by_cost);
        return;
    }
    for (i = 1; i < len; i++) {
        struct costed x = c[i];
        for (j = i; j > 0 && c[j - 1].cost > x.cost; j--)
            c[j] = c[j - 1];
        c[j] = x;
    }
}

/* The arcs of the kinds in the bit set `kinds` by tail (out = 1) or by
 * head (out = 0), each run by cost. */
static int make_adj(const struct plan_network *net, int n, int n_arcs, int out,
                    unsigned kinds, struct adj *g)
{
    const struct mcf *m = net->mcf;
    int a, v, *at;

    g->e = NULL;
    g->first = calloc((size_t)n + 1, sizeof *g->first);
    at = malloc(((size_t)n + 1) * sizeof *at);
    if (!g->first || !at) {
        free(at);
        return MF_ENOMEM;
    }
    for (a = 0; a < n_arcs; a++)
        if (kinds >> net->arcs[a].kind & 1u)
            g->first[(out ? mcf_arc_tail(m, a) : mcf_arc_head(m, a)) + 1]++;
    for (v = 0; v < n; v++)
        g->first[v + 1] += g->first[v];
    g->e = malloc(((size_t)g->first[n] + 1) * sizeof *g->e);
    if (!g->e) {
        free(at);
        return MF_ENOMEM;
    }
    memcpy(at, g->first, (size_t)n * sizeof *at);
    for (a = 0; a < n_arcs; a++)
        if (kinds >> net->arcs[a].kind & 1u) {
            struct costed *c;
            v = out ? mcf_arc_tail(m, a) : mcf_arc_head(m, a);
            c = &g->e[at[v]++];
            c->cost = mcf_arc_cost(m, a);
            c->arc = a;
        }
    free(at);
    for (v = 0; v < n; v++)
        if (g->first[v + 1] - g->first[v] > 1)
            sort_run(g->e + g->first[v], g->first[v + 1] - g->first[v]);
    return MF_OK;
}

static void free_adj(struct adj *g)
{
    free(g->first);
    free(g->e);
}

int plan_start_flow(struct plan_state *s, int with_reuse, struct mf_error *err)
{
    struct plan_network *net = &s->net;
    struct mcf *m = net->mcf;
    int n = mcf_n_nodes(m), n_arcs = mcf_n_arcs(m), a, v, i;
    int64_t *flow = calloc((size_t)n_arcs + 1, sizeof *flow);
    int64_t *rem = calloc((size_t)n + 1, sizeof *rem);   /* supply left */
    int64_t *need = calloc((size_t)n + 1, sizeof *need); /* need left */
    int64_t *room = calloc((size_t)n + 1, sizeof *room); /* site capacity */
    int *cap_arc = malloc(((size_t)n + 1) * sizeof *cap_arc);
    int *key = malloc(((size_t)n + 1) * sizeof *key); /* demand's need node */
    int *flex_arc = malloc(((size_t)n + 1) * sizeof *flex_arc);
    int64_t *best_out = NULL, *best_in = NULL;
    struct saving *sv = NULL;
    struct adj out = {0}, in = {0};
    int64_t quarried = 0, unmet = 0;
    int rc = MF_ENOMEM, n_sv = 0;

    if (!flow || !rem || !need || !room || !cap_arc || !key || !flex_arc)
        goto done;
    for (v = 0; v < n; v++) {
        int64_t b = mcf_supply(m, v);
        cap_arc[v] = -1;
        flex_arc[v] = -1;
        key[v] = v;
        if (net->nodes[v].kind == N_SUPPLY)
            rem[v] = b;
        else if (net->nodes[v].kind == N_DEMAND ||
                 net->nodes[v].kind == N_DEMAND_TOTAL)
            need[v] = -b;
    }
    for (a = 0; a < n_arcs; a++) {
        enum arc_kind k = (enum arc_kind)net->arcs[a].kind;
        if (k == A_LANDFILL_CAP || k == A_INTAKE) {
            cap_arc[mcf_arc_tail(m, a)] = a;
            room[mcf_arc_tail(m, a)] = mcf_arc_cap(m, a);
        } else if (k == A_QUARRY_CAP) {
            cap_arc[mcf_arc_head(m, a)] = a;
            room[mcf_arc_head(m, a)] = mcf_arc_cap(m, a);
        } else if (k == A_FLEX) {
            key[mcf_arc_tail(m, a)] = mcf_arc_head(m, a);
            flex_arc[mcf_arc_tail(m, a)] = a;
        }
    }
    /* The walks below read only the arcs to receiving sites and the
     * unplaced slack by tail, and the arcs from quarries by head. */
    if (make_adj(net, n, n_arcs, 1, 1u << A_TO_LANDFILL | 1u << A_UNPLACED,
                 &out) ||
        make_adj(net, n, n_arcs, 0, 1u << A_QUARRY_TO_DEMAND, &in))
        goto done;
    if (with_reuse) {
        /* What a tonne costs each end without reuse: its cheapest
         * receiving site, its cheapest quarry. */
        best_out = malloc(((size_t)n + 1) * sizeof *best_out);
        best_in = malloc(((size_t)n + 1) * sizeof *best_in);
        sv = malloc(((size_t)n_arcs + 1) * sizeof *sv);
        if (!best_out || !best_in || !sv)
            goto done;
        for (v = 0; v < n; v++) {
            best_out[v] = best_in[v] = -1;
            for (i = out.first[v]; i < out.first[v + 1]; i++)
                if (net->arcs[out.e[i].arc].kind == A_TO_LANDFILL) {
                    best_out[v] = out.e[i].cost;
                    break;
                }
            for (i = in.first[v]; i < in.first[v + 1]; i++)
                if (net->arcs[in.e[i].arc].kind == A_QUARRY_TO_DEMAND) {
                    best_in[v] = in.e[i].cost;
                    break;
                }
        }
        for (a = 0; a < n_arcs; a++) {
            int t, h;
            if (net->arcs[a].kind != A_DIRECT)
                continue;
            t = mcf_arc_tail(m, a);
            h = mcf_arc_head(m, a);
            if (best_out[t] < 0 || best_in[h] < 0)
                continue;
            sv[n_sv].arc = a;
            sv[n_sv].value = best_out[t] + best_in[h] - mcf_arc_cost(m, a);
            if (sv[n_sv].value > 0)
                n_sv++;
        }
        qsort(sv, (size_t)n_sv, sizeof *sv, by_saving);
        for (i = 0; i < n_sv; i++) {
            int t = mcf_arc_tail(m, sv[i].arc), h = mcf_arc_head(m, sv[i].arc);
            int64_t x = rem[t] < need[key[h]] ? rem[t] : need[key[h]];
            if (x <= 0)
                continue;
            flow[sv[i].arc] += x;
            rem[t] -= x;
            need[key[h]] -= x;
            if (flex_arc[h] >= 0)
                flow[flex_arc[h]] += x;
        }
    }
    /* Surplus to receiving sites, cheapest first, then unplaced. */
    for (v = 0; v < n; v++) {
        if (net->nodes[v].kind != N_SUPPLY || rem[v] <= 0)
            continue;
        for (i = out.first[v]; i < out.first[v + 1] && rem[v] > 0; i++) {
            int e = out.e[i].arc, r = mcf_arc_head(m, e), u;
            int64_t x;
            if (net->arcs[e].kind != A_TO_LANDFILL)
                continue;
            /* A period node of a site with a yearly intake limit, or the
             * node of a material with its own capacity: every capacity on
             * the way to the sink bounds it (a chain of A_INTAKE arcs to
             * the site's A_LANDFILL_CAP). */
            x = rem[v];
            for (u = r; cap_arc[u] >= 0; u = mcf_arc_head(m, cap_arc[u])) {
                if (room[u] < x)
                    x = room[u];
                if (net->arcs[cap_arc[u]].kind != A_INTAKE)
                    break;
            }
            if (x <= 0 || cap_arc[u] < 0)
                continue;
            flow[e] += x;
            rem[v] -= x;
            for (u = r; cap_arc[u] >= 0; u = mcf_arc_head(m, cap_arc[u])) {
                flow[cap_arc[u]] += x;
                room[u] -= x;
                if (net->arcs[cap_arc[u]].kind != A_INTAKE)
                    break;
            }
        }
        for (i = out.first[v]; i < out.first[v + 1] && rem[v] > 0; i++)
            if (net->arcs[out.e[i].arc].kind == A_UNPLACED) {
                flow[out.e[i].arc] += rem[v];
                rem[v] = 0;
            }
    }
    /* Needs from quarries, cheapest first within each period's room. */
    for (v = 0; v < n; v++) {
        int k = key[v];
        if (net->nodes[v].kind != N_DEMAND || need[k] <= 0)
            continue;
        for (i = in.first[v]; i < in.first[v + 1] && need[k] > 0; i++) {
            int e = in.e[i].arc, q = mcf_arc_tail(m, e);
            int64_t x;
            if (net->arcs[e].kind != A_QUARRY_TO_DEMAND)
                continue;
            x = need[k] < room[q] ? need[k] : room[q];
            if (x <= 0)
                continue;
            flow[e] += x;
            flow[cap_arc[q]] += x;
            room[q] -= x;
            need[k] -= x;
            quarried += x;
            if (flex_arc[v] >= 0)
                flow[flex_arc[v]] += x;
        }
    }
    /* What no quarry met comes from the unmet slack of its need node. */
    for (a = 0; a < n_arcs; a++)
        if (net->arcs[a].kind == A_UNMET) {
            int h = mcf_arc_head(m, a);
            if (need[h] > 0) {
                flow[a] = need[h];
                unmet += need[h];
                need[h] = 0;
            }
        }
    for (a = 0; a < n_arcs; a++)
        if (net->arcs[a].kind == A_QUARRY_UNUSED)
            flow[a] = mcf_supply(m, net->source) - quarried - unmet;
    rc = mcf_set_start_flow(m, flow, err);
done:
    if (rc == MF_ENOMEM)
        mf_error_set(err, MF_ENOMEM, "out of memory");
    free_adj(&out);
    free_adj(&in);
    free(flow);
    free(rem);
    free(need);
    free(room);
    free(cap_arc);
    free(key);
    free(flex_arc);
    free(best_out);
    free(best_in);
    free(sv);
    return rc;
}
