/*
 * mcf_split.c - the exact split of a network into the pieces that only a
 * source and a sink join, solved on several threads (mcf_split.h).
 */
#include "plan/mcf_split.h"
#include "plan/mcf_int.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static double wall_seconds(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

static int uf_root(int32_t *uf, int32_t x)
{
    while (uf[x] != x) {
        uf[x] = uf[uf[x]];
        x = uf[x];
    }
    return x;
}

struct split {
    const struct mcf *m;
    struct mcf_opts opts;
    int s, t;
    int hub;         /* the arc s -> t */
    int64_t cost_st; /* cost of the hub arc s -> t */
    int n_pieces;
    int32_t *node_start; /* piece p's nodes: nodes[node_start[p] ..] */
    int32_t *nodes;
    int32_t *local;     /* a node's number in its piece */
    int64_t *arc_start; /* piece p's arcs: arcs[arc_start[p] ..] */
    int32_t *arcs;
    int64_t *flow; /* the whole network's flow, by the caller's arcs */
    int64_t *pi;
    int64_t *pivots; /* per piece */
    double *seconds; /* per piece */
    int start;       /* 1: start each piece from m's feasible flow */
    int next;        /* next piece to take */
    int failed;      /* a piece did not solve or did not fit */
    int stopped;     /* the caller's stop said stop */
    const char *why;
    /* the caller's stop, asked with the pivots of all pieces so far */
    int (*stop)(void *ctx, int64_t pivots);
    void *stop_ctx;
    int64_t pivots_all;
    pthread_mutex_t lock;
};

/* What a piece's solve asks every MCF_STOP_EVERY pivots. */
struct piece_ctx {
    struct split *sp;
    int64_t pivots; /* the piece's pivots counted in pivots_all */
};

/* Stops a piece when another piece failed (the whole network is solved
 * then) or when the caller's stop, asked under the lock with the pivots
 * of all pieces, says stop. */
static int piece_stop(void *ctx, int64_t pivots)
{
    struct piece_ctx *pc = ctx;
    struct split *sp = pc->sp;
    int r;

    pthread_mutex_lock(&sp->lock);
    sp->pivots_all += pivots - pc->pivots;
    pc->pivots = pivots;
    if (!sp->stopped && !sp->failed && sp->stop &&
        sp->stop(sp->stop_ctx, sp->pivots_all))
        sp->stopped = 1;
    r = sp->stopped || sp->failed;
    pthread_mutex_unlock(&sp->lock);
    return r;
}

/* Builds, solves and reads back piece p. Returns 0, or -1 with *why. */
static int solve_piece(struct split *sp, int p, const char **why)
{
    const struct mcf *m = sp->m;
    const int32_t *nodes = sp->nodes + sp->node_start[p];
    const int nn = sp->node_start[p + 1] - sp->node_start[p];
    const int32_t *arcs = sp->arcs + sp->arc_start[p];
    const int64_t na = sp->arc_start[p + 1] - sp->arc_start[p];
    const int ls = nn, lt = nn + 1;
    struct mcf *q = NULL;
    struct mf_error err = {0};
    struct mcf_stats st;
    struct mcf_opts o = sp->opts;
    struct piece_ctx pc = {sp, 0};
    /* X_i starts at one unit more than the piece can use, so that
     * s_i -> t_i carries flow (and so has the reduced cost 0) unless the
     * piece routes that unit from s to t at no more than its cost. */
    int64_t bal = 0, x = 1, i, shift;
    int j, direct;

    if (mcf_new(&q, nn + 2, (size_t)na + 1, &err) != MF_OK) {
        *why = "out of memory for a piece";
        return -1;
    }
    for (j = 0; j < nn; j++) {
        int64_t b = mcf_supply(m, nodes[j]);

        mcf_set_supply(q, j, b);
        bal += b;
        if (b < 0)
            x -= b;
    }
    for (i = 0; i < na; i++) {
        int a = arcs[i], u = mcf_arc_tail(m, a), v = mcf_arc_head(m, a);
        int lu = u == sp->s ? ls : u == sp->t ? lt : sp->local[u];
        int lv = v == sp->s ? ls : v == sp->t ? lt : sp->local[v];

        if (lv == ls)
            x += mcf_arc_cap(m, a);
        if (mcf_add_arc(q, lu, lv, mcf_arc_cap(m, a), mcf_arc_cost(m, a)) < 0) {
            *why = "out of memory for a piece";
            mcf_free(q);
            return -1;
        }
    }
    direct = mcf_add_arc(q, ls, lt, MCF_INF, sp->cost_st);
    if (direct < 0) {
        *why = "out of memory for a piece";
        mcf_free(q);
        return -1;
    }
    mcf_set_supply(q, ls, x);
    mcf_set_supply(q, lt, -(x + bal));
    if (sp->start) {
        /* m's feasible flow restricted to the piece, s_i -> t_i carrying
         * what the piece leaves of X_i; a piece whose start does not fit
         * (it took more from s) or is refused starts cold. */
        int64_t *lf = malloc(((size_t)na + 1) * sizeof *lf), out = 0;

        if (lf) {
            for (i = 0; i < na; i++) {
                int a = arcs[i];

                lf[i] = mcf_flow(m, a);
                if (mcf_arc_tail(m, a) == sp->s)
                    out += lf[i];
                if (mcf_arc_head(m, a) == sp->s)
                    out -= lf[i];
            }
            lf[na] = x - out;
            if (lf[na] >= 0 && mcf_set_start_flow(q, lf, &err) != MF_OK)
                memset(&err, 0, sizeof err);
            free(lf);
        }
    }
    o.stop = piece_stop;
    o.stop_ctx = &pc;
    if (mcf_solve(q, &o, &err) != MF_OK) {
        *why = "a piece did not solve";
        mcf_free(q);
        return -1;
    }
    /* The pieces' potentials agree at s and t once pi[s_i] = 0 when
     * s_i -> t_i has the reduced cost 0 in every piece (it has when it
     * carries flow; at zero flow it may be more than 0, which means the
     * piece would take more from s than it was given). */
    shift = mcf_potential(q, ls);
    if (mcf_potential(q, lt) - shift != sp->cost_st) {
        *why = "a piece would take more from the source";
        mcf_free(q);
        return -1;
    }
    for (i = 0; i < na; i++)
        sp->flow[arcs[i]] = mcf_flow(q, (int)i);
    for (j = 0; j < nn; j++)
        sp->pi[nodes[j]] = mcf_potential(q, j) - shift;
    mcf_get_stats(q, &st);
    pthread_mutex_lock(&sp->lock);
    sp->pivots_all += st.pivots - pc.pivots;
    pthread_mutex_unlock(&sp->lock);
    sp->pivots[p] = st.pivots;
    sp->seconds[p] = st.seconds;
    mcf_free(q);
    return 0;
}

static void *worker(void *arg)
{
    struct split *sp = arg;

    for (;;) {
        const char *why = NULL;
        int p;

        pthread_mutex_lock(&sp->lock);
        p = sp->failed || sp->stopped ? sp->n_pieces : sp->next++;
        pthread_mutex_unlock(&sp->lock);
        if (p >= sp->n_pieces)
            return NULL;
        if (solve_piece(sp, p, &why) != 0) {
            pthread_mutex_lock(&sp->lock);
            if (!sp->failed)
                sp->why = why;
            sp->failed = 1;
            pthread_mutex_unlock(&sp->lock);
        }
    }
}

/* The hub pair: the arc of unlimited capacity whose ends have the most
 * arcs, from a node that sends (or is balanced). -1 when none. */
static int find_hubs(const struct mcf *m, const int32_t *deg)
{
    int a, best = -1;
    int64_t best_deg = -1;

    for (a = 0; a < mcf_n_arcs(m); a++) {
        int u = mcf_arc_tail(m, a), v = mcf_arc_head(m, a);
        int64_t d;

        if (u == v || mcf_arc_cap(m, a) != MCF_INF || mcf_supply(m, u) < 0)
            continue;
        d = (int64_t)deg[u] + deg[v];
        if (d > best_deg) {
            best_deg = d;
            best = a;
        }
    }
    return best;
}

struct comp {
    int32_t size, root;
};

static int by_size(const void *pa, const void *pb)
{
    const struct comp *a = pa, *b = pb;

    if (a->size != b->size)
        return a->size > b->size ? -1 : 1;
    return (a->root > b->root) - (a->root < b->root);
}

/* Components of the network without s and t, packed into pieces: a
 * component of at least `target` nodes is a piece of its own, smaller
 * ones share pieces of about `target` nodes. Pieces are numbered largest
 * first, so the threads start on the longest solves. */
static int make_pieces(struct split *sp, int *n_comp, int *largest)
{
    const struct mcf *m = sp->m;
    const int n = mcf_n_nodes(m), na = mcf_n_arcs(m);
    int32_t *uf = malloc((size_t)n * sizeof *uf);
    int32_t *size = calloc((size_t)n, sizeof *size);
    int32_t *order = malloc((size_t)n * sizeof *order);
    int32_t *piece_of = malloc((size_t)n * sizeof *piece_of);
    int32_t *psize = NULL;
    struct comp *cs = malloc(((size_t)n + 1) * sizeof *cs);
    int v, a, k = 0, np = 0, fill = 0, i, target, rc = -1;

    if (!uf || !size || !order || !piece_of || !cs)
        goto done;
    for (v = 0; v < n; v++)
        uf[v] = v;
    for (a = 0; a < na; a++) {
        int u = mcf_arc_tail(m, a), w = mcf_arc_head(m, a);

        if (u == sp->s || u == sp->t || w == sp->s || w == sp->t)
            continue;
        u = uf_root(uf, u);
        w = uf_root(uf, w);
        if (u != w)
            uf[u < w ? w : u] = u < w ? u : w;
    }
    for (v = 0; v < n; v++) {
        if (v == sp->s || v == sp->t)
            continue;
        if (size[uf_root(uf, v)]++ == 0)
            order[k++] = uf_root(uf, v);
    }
    *n_comp = k;
    /* Components by size, largest first (ties by number). */
    for (i = 0; i < k; i++)
        cs[i] = (struct comp){size[order[i]], order[i]};
    qsort(cs, (size_t)k, sizeof *cs, by_size);
    for (i = 0; i < k; i++)
        order[i] = cs[i].root;
    target = n / 16 > 1 ? n / 16 : 1;
    /* piece_of[root] = piece */
    for (i = 0; i < k; i++) {
        int32_t r = order[i];

        if (size[r] >= target || fill == 0 || fill + size[r] > target) {
            np++;
            fill = 0;
        }
        piece_of[r] = np - 1;
        fill += size[r];
    }
    sp->n_pieces = np;
    *largest = k > 0 ? size[order[0]] : 0;
    psize = calloc((size_t)np + 1, sizeof *psize);
    sp->node_start = calloc((size_t)np + 2, sizeof *sp->node_start);
    sp->arc_start = calloc((size_t)np + 2, sizeof *sp->arc_start);
    sp->nodes = malloc(((size_t)n + 1) * sizeof *sp->nodes);
    sp->local = malloc(((size_t)n + 1) * sizeof *sp->local);
    sp->arcs = malloc(((size_t)na + 1) * sizeof *sp->arcs);
    if (!psize || !sp->node_start || !sp->arc_start || !sp->nodes ||
        !sp->local || !sp->arcs)
        goto done;
    for (v = 0; v < n; v++) {
        if (v == sp->s || v == sp->t) {
            sp->local[v] = -1;
            continue;
        }
        piece_of[v] = piece_of[uf_root(uf, v)];
    }
    /* nodes by piece, in the caller's order within a piece */
    for (v = 0; v < n; v++)
        if (v != sp->s && v != sp->t)
            sp->node_start[piece_of[v] + 1]++;
    for (i = 0; i < np; i++)
        sp->node_start[i + 1] += sp->node_start[i];
    memcpy(psize, sp->node_start, (size_t)np * sizeof *psize);
    for (v = 0; v < n; v++) {
        if (v == sp->s || v == sp->t)
            continue;
        sp->local[v] = psize[piece_of[v]] - sp->node_start[piece_of[v]];
        sp->nodes[psize[piece_of[v]]++] = v;
    }
    /* arcs by piece: all but the hub arc (other arcs between s and t
     * were refused before) */
    for (a = 0; a < na; a++) {
        int u = mcf_arc_tail(m, a), p;

        if (a == sp->hub)
            continue;
        p = piece_of[u == sp->s || u == sp->t ? mcf_arc_head(m, a) : u];
        sp->arc_start[p + 1]++;
    }
    for (i = 0; i < np; i++)
        sp->arc_start[i + 1] += sp->arc_start[i];
    {
        int64_t *at = malloc(((size_t)np + 1) * sizeof *at);

        if (!at)
            goto done;
        memcpy(at, sp->arc_start, (size_t)np * sizeof *at);
        for (a = 0; a < na; a++) {
            int u = mcf_arc_tail(m, a), p;

            if (a == sp->hub)
                continue;
            p = piece_of[u == sp->s || u == sp->t ? mcf_arc_head(m, a) : u];
            sp->arcs[at[p]++] = a;
        }
        free(at);
    }
    rc = 0;
done:
    free(uf);
    free(size);
    free(order);
    free(piece_of);
    free(psize);
    free(cs);
    return rc;
}

static void split_free(struct split *sp)
{
    free(sp->node_start);
    free(sp->nodes);
    free(sp->local);
    free(sp->arc_start);
    free(sp->arcs);
    free(sp->flow);
    free(sp->pi);
    free(sp->pivots);
    free(sp->seconds);
}

static int whole(struct mcf *m, const struct mcf_opts *opts,
                 struct mcf_split_info *info, const char *why,
                 struct mf_error *err)
{
    info->whole = 1;
    info->why = why;
    return mcf_solve(m, opts, err);
}

int mcf_solve_split(struct mcf *m, const struct mcf_opts *opts, int threads,
                    struct mcf_split_info *info, struct mf_error *err)
{
    struct mcf_split_info dummy;
    struct split sp;
    const int n = mcf_n_nodes(m), na = mcf_n_arcs(m);
    int32_t *deg = NULL;
    pthread_t tid[16];
    int a, hub, i, started = 0, rc;
    int64_t sum = 0, in_cap = 0, out_s = 0, pivots = 0;
    double t0 = wall_seconds();
    struct mcf_opts o = MCF_OPTS_INIT;

    if (!info)
        info = &dummy;
    memset(info, 0, sizeof *info);
    info->hub_src = info->hub_dst = -1;
    memset(&sp, 0, sizeof sp);
    if (opts)
        o = *opts;
    if (threads <= 0)
        threads = 2;
    if (threads > 16)
        threads = 16;
    if (n < 3 || na < 1)
        return whole(m, opts, info, "too small to split", err);
    for (i = 0; i < n; i++)
        sum += mcf_supply(m, i);
    if (sum != 0)
        return whole(m, opts, info, "supplies do not balance", err);
    deg = calloc((size_t)n, sizeof *deg);
    if (!deg)
        return whole(m, opts, info, "out of memory", err);
    for (a = 0; a < na; a++) {
        deg[mcf_arc_tail(m, a)]++;
        deg[mcf_arc_head(m, a)]++;
    }
    hub = find_hubs(m, deg);
    free(deg);
    if (hub < 0)
        return whole(m, opts, info,
                     "no source and sink joined by an "
                     "unlimited arc",
                     err);
    sp.m = m;
    sp.s = mcf_arc_tail(m, hub);
    sp.t = mcf_arc_head(m, hub);
    sp.cost_st = mcf_arc_cost(m, hub);
    sp.hub = hub;
    info->hub_src = sp.s;
    info->hub_dst = sp.t;
    /* Only the hub arc may join s and t; arcs into s must be bounded. */
    for (a = 0; a < na; a++) {
        int u = mcf_arc_tail(m, a), v = mcf_arc_head(m, a);
        int su = u == sp.s || u == sp.t, sv = v == sp.s || v == sp.t;

        if (a != hub && su && sv)
            return whole(m, opts, info, "more arcs join source and sink", err);
        if (v == sp.s) {
            if (mcf_arc_cap(m, a) == MCF_INF)
                return whole(m, opts, info,
                             "an unlimited arc enters the source", err);
            in_cap += mcf_arc_cap(m, a);
            if (in_cap >= MCF_INF / 4)
                return whole(m, opts, info, "capacities too large", err);
        }
    }
    if (make_pieces(&sp, &info->components, &info->largest) != 0) {
        split_free(&sp);
        return whole(m, opts, info, "out of memory", err);
    }
    info->pieces = sp.n_pieces;
    if (sp.n_pieces < 2) {
        split_free(&sp);
        return whole(m, opts, info, "one piece only", err);
    }
    sp.flow = malloc(((size_t)na + 1) * sizeof *sp.flow);
    sp.pi = malloc(((size_t)n + 1) * sizeof *sp.pi);
    sp.pivots = calloc((size_t)sp.n_pieces, sizeof *sp.pivots);
    sp.seconds = calloc((size_t)sp.n_pieces, sizeof *sp.seconds);
    if (!sp.flow || !sp.pi || !sp.pivots || !sp.seconds) {
        split_free(&sp);
        return whole(m, opts, info, "out of memory", err);
    }
    /* The pieces start from m's flow when m has a feasible basis (the
     * planner's greedy start, or an earlier optimum). */
    sp.start = mcf_has_basis(m);
    /* The pieces are checked as a whole below. */
    sp.opts = o;
    sp.opts.check = 0;
    sp.stop = o.stop;
    sp.stop_ctx = o.stop_ctx;
    pthread_mutex_init(&sp.lock, NULL);
    if (threads > sp.n_pieces)
        threads = sp.n_pieces;
    for (i = 1; i < threads; i++) {
        if (pthread_create(&tid[i], NULL, worker, &sp) != 0)
            break;
        started++;
    }
    worker(&sp);
    for (i = 1; i <= started; i++)
        pthread_join(tid[i], NULL);
    pthread_mutex_destroy(&sp.lock);
    info->seconds_pieces = wall_seconds() - t0;
    info->seconds_largest = sp.seconds[0];
    if (sp.stopped) {
        /* m keeps the feasible basis (or none) it had */
        split_free(&sp);
        info->why = "stopped";
        return mf_error_set(err, MF_ERR, "stopped");
    }
    if (sp.failed) {
        const char *why = sp.why;

        split_free(&sp);
        return whole(m, opts, info, why, err);
    }
    /* The hub arc carries what the pieces left of s's supply. */
    for (a = 0; a < na; a++) {
        if (a == hub)
            continue;
        if (mcf_arc_tail(m, a) == sp.s)
            out_s += sp.flow[a];
        if (mcf_arc_head(m, a) == sp.s)
            out_s -= sp.flow[a];
    }
    sp.flow[hub] = mcf_supply(m, sp.s) - out_s;
    if (sp.flow[hub] < 0) {
        split_free(&sp);
        return whole(m, opts, info,
                     "the pieces together took more than the source has", err);
    }
    sp.pi[sp.s] = 0;
    sp.pi[sp.t] = sp.cost_st;
    for (i = 0; i < sp.n_pieces; i++)
        pivots += sp.pivots[i];
    rc = mcf_install_solution(m, sp.flow, sp.pi, pivots, t0, err);
    split_free(&sp);
    if (rc != MF_OK)
        return whole(m, opts, info, "the certificate did not hold", err);
    return MF_OK;
}
