/*
 * mcf.c - minimum-cost flow by the primal network simplex method, on flat
 * arrays and in exact 64-bit integer arithmetic.
 *
 * Method: the bounded-variable primal network simplex (Ahuja, Magnanti &
 * Orlin, "Network Flows", 1993, ch. 11) with a strongly feasible spanning
 * tree basis (Cunningham 1976), so degenerate pivots cannot cycle. The tree
 * is kept as parent / predecessor-arc / preorder-thread arrays with
 * subtree sizes and last successors (Kelly & O'Neill 1991; Grigoriadis
 * 1986; LEMON's NetworkSimplex is prior art for this layout, but this code
 * is our own), so a pivot costs O(cycle + stem) for the tree plus the
 * potential shift, which is applied to the smaller side of the cut. Pricing is
 * either block search (Grigoriadis) or a candidate list (Bradley, Brown &
 * Graves 1977); MCF_PIVOT_AUTO picks the one that measured faster on our
 * networks (docs/internals/mcf.md).
 *
 * Cold start: an artificial root joined to every node by an artificial arc
 * of cost big-M = 2^58, carrying that node's supply;
 * at the optimum any artificial flow left means no feasible flow exists.
 * Warm start: arcs added with mcf_add_arc() enter nonbasic at flow 0, and
 * mcf_set_cost() only changes potentials, so the next solve continues from
 * the previous tree. mcf_set_start_flow() builds a tree from a given
 * feasible flow.
 *
 * Preconditions: supplies sum to 0; the finite capacities plus the positive
 * supplies total less than MCF_INF; (n + 1) * (max |cost| + 1) <= 2^57,
 * also for arcs added later. Result codes: MF_OK, MF_EINFEASIBLE,
 * MF_EUNBOUNDED, MF_ERANGE, MF_EINVAL, MF_ENOMEM, and MF_ERR when the
 * optimality certificate fails (checked after every solve in debug builds, or
 * with opts.check).
 *
 * No global or static mutable state: separate solver objects may be used
 * from separate threads.
 */
#include "plan/mcf.h"
#include "plan/mcf_int.h"

#include <inttypes.h>
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* Arc states. A nonbasic arc at its lower bound has state 1, one at its
 * upper bound -1, a tree arc 0, so state * reduced cost < 0 exactly when
 * the arc would improve the objective. */
enum { ST_UPPER = -1, ST_TREE = 0, ST_LOWER = 1 };

/* A solve's copy of the capacity and flow of tree node x's arc pred[x]
 * (mcf_solve), so that the pivots' walks up the tree read these n + 1
 * entries kept in tree order, not the arc arrays at scattered places. */
struct tree_arc {
    int64_t cap;
    int64_t flow;
};

struct mcf {
    int n;       /* real nodes; node n is the artificial root */
    int m;       /* real arcs */
    int arc_cap; /* real arc slots allocated */

    /* Arcs. Index v < n is the artificial arc of node v; real arc a has
     * index n + a, so adding arcs never moves the artificial ones. Arcs
     * and supplies use the caller's node numbers; the spanning tree has
     * its own (int_of / ext_of translate). */
    int32_t *src;
    int32_t *tgt;
    int64_t *cost;
    int64_t *cap; /* MCF_INF means unbounded */
    int64_t *flow;
    int8_t *state;
    /* Real arcs are stored in pricing order (mix_arcs): the caller's arc a
     * sits at index n + aint[a], and index n + i holds arc aext[i]. */
    int32_t *aint;
    int32_t *aext;
    int mixed_m;       /* arcs there were at the last mixing */
    int64_t short_at;  /* where the one chunk shorter than SCAN_CHUNK
                          starts (-1: none) */
    int64_t short_len; /* its length */

    /* Nodes, by the caller's node number (n + 1 entries, the root last). */
    int64_t *supply; /* n entries */
    int64_t *pi;

    /* The spanning tree (n + 1 entries, the root n last). Its nodes are
     * numbered in thread order from time to time (renumber_by_thread). */
    int32_t *parent;
    int32_t *pred; /* the tree arc joining a node to its parent */
    int32_t *thread;
    int32_t *rev_thread;
    int32_t *succ_num;           /* nodes in the subtree of v, v included */
    int32_t *last_succ;          /* last node of v's subtree in thread order */
    int8_t *up;                  /* 1 when pred[v] runs from v to parent[v] */
    struct tree_arc *tarc;       /* cap and flow of pred[v] during a solve (the
                                    flow of a tree arc is kept here, and written
                                    back to flow[] when it leaves the tree and at
                                    the end of the solve) */
    struct tree_arc *tarc_spare; /* scratch for renumbering tarc */
    int32_t *stem;               /* scratch for the tree update, 5 * (n + 1) */
    int32_t *cand;               /* candidate list */
    int cand_len;
    int32_t *cost32; /* the costs as int32 for block pricing, when they
                        all fit (filled by each solve); cost32_cap
                        entries */
    int64_t cost32_cap;
    enum mcf_price price; /* forced pricing loop (mcf_set_price) */
    int64_t priced;       /* arcs block search priced in this solve */
    void *spare;          /* scratch, 8 * (n + 1) bytes */
    int32_t *ext_of;      /* caller's number of each tree node */
    int32_t *int_of;      /* tree node of each caller's node */
    int64_t walked;       /* nodes walked by potential shifts since the last
                             renumbering */
    struct mcf_work work; /* the last solve's (mcf_get_work) */

    int64_t cap_sum; /* finite capacities, saturating at MCF_INF */
    int basis;       /* tree arrays hold a primal feasible basis */
    int pot_stale;   /* a tree arc's cost changed since pi was computed */
    int solved;
    int64_t objective;
    int64_t lb_offset;
    struct mcf_stats stats;
};

/* ------------------------------------------------------------------ */
/* Checked arithmetic                                                  */
/* ------------------------------------------------------------------ */

static int add_ovf(int64_t a, int64_t b, int64_t *out)
{
    return __builtin_add_overflow(a, b, out);
}

static int mul_ovf(int64_t a, int64_t b, int64_t *out)
{
    return __builtin_mul_overflow(a, b, out);
}

static int64_t abs_sat(int64_t x)
{
    if (x == INT64_MIN)
        return INT64_MAX;
    return x < 0 ? -x : x;
}

static double now_seconds(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* ------------------------------------------------------------------ */
/* Construction                                                        */
/* ------------------------------------------------------------------ */

static int grow_arcs(struct mcf *m, int want)
{
    size_t total;
    void *p;
    int newcap;

    if (want <= m->arc_cap)
        return MF_OK;
    newcap = m->arc_cap < 16 ? 16 : m->arc_cap;
    while (newcap < want) {
        if (newcap > (INT_MAX - m->n - 1) / 2) {
            newcap = INT_MAX - m->n - 1;
            break;
        }
        newcap *= 2;
    }
    if (newcap < want)
        return MF_ENOMEM;
    total = (size_t)m->n + (size_t)newcap;
    /* Each array is grown on its own; arc_cap changes only when all have,
     * so a failure leaves the object valid (some arrays merely larger). */
    p = realloc(m->src, total * sizeof *m->src);
    if (!p)
        return MF_ENOMEM;
    m->src = p;
    p = realloc(m->tgt, total * sizeof *m->tgt);
    if (!p)
        return MF_ENOMEM;
    m->tgt = p;
    p = realloc(m->cost, total * sizeof *m->cost);
    if (!p)
        return MF_ENOMEM;
    m->cost = p;
    p = realloc(m->cap, total * sizeof *m->cap);
    if (!p)
        return MF_ENOMEM;
    m->cap = p;
    p = realloc(m->flow, total * sizeof *m->flow);
    if (!p)
        return MF_ENOMEM;
    m->flow = p;
    p = realloc(m->state, total * sizeof *m->state);
    if (!p)
        return MF_ENOMEM;
    m->state = p;
    p = realloc(m->aint, (size_t)newcap * sizeof *m->aint);
    if (!p)
        return MF_ENOMEM;
    m->aint = p;
    p = realloc(m->aext, (size_t)newcap * sizeof *m->aext);
    if (!p)
        return MF_ENOMEM;
    m->aext = p;
    m->arc_cap = newcap;
    return MF_OK;
}

int mcf_new(struct mcf **out, int n_nodes, size_t arc_hint,
            struct mf_error *err)
{
    struct mcf *m;
    size_t nn;
    int hint, i;

    *out = NULL;
    if (n_nodes < 0 || n_nodes > INT_MAX / 4 - 2)
        return mf_error_set(err, MF_EINVAL, "node count %d out of range",
                            n_nodes);
    m = calloc(1, sizeof *m);
    if (!m)
        return mf_error_set(err, MF_ENOMEM, "out of memory");
    m->n = n_nodes;
    nn = (size_t)n_nodes + 1;
    m->supply = calloc(nn, sizeof *m->supply);
    m->pi = calloc(nn, sizeof *m->pi);
    m->parent = calloc(nn, sizeof *m->parent);
    m->pred = calloc(nn, sizeof *m->pred);
    m->thread = calloc(nn, sizeof *m->thread);
    m->rev_thread = calloc(nn, sizeof *m->rev_thread);
    m->succ_num = calloc(nn, sizeof *m->succ_num);
    m->last_succ = calloc(nn, sizeof *m->last_succ);
    m->up = calloc(nn, sizeof *m->up);
    m->tarc = calloc(nn, sizeof *m->tarc);
    m->tarc_spare = calloc(nn, sizeof *m->tarc_spare);
    m->stem = calloc(5 * nn, sizeof *m->stem);
    m->spare = malloc(nn * sizeof(int64_t));
    m->ext_of = malloc(nn * sizeof *m->ext_of);
    m->int_of = malloc(nn * sizeof *m->int_of);
    hint = arc_hint > (size_t)(INT_MAX / 2 - n_nodes) ? INT_MAX / 2 - n_nodes
                                                      : (int)arc_hint;
    if (!m->supply || !m->pi || !m->parent || !m->pred || !m->thread ||
        !m->rev_thread || !m->succ_num || !m->last_succ || !m->up || !m->tarc ||
        !m->tarc_spare || !m->stem || !m->spare || !m->ext_of || !m->int_of ||
        grow_arcs(m, hint < 16 ? 16 : hint) != MF_OK) {
        mcf_free(m);
        return mf_error_set(err, MF_ENOMEM, "out of memory for %d nodes",
                            n_nodes);
    }
    for (i = 0; i <= n_nodes; i++)
        m->ext_of[i] = m->int_of[i] = i;
    *out = m;
    return MF_OK;
}

void mcf_free(struct mcf *m)
{
    if (!m)
        return;
    free(m->src);
    free(m->tgt);
    free(m->cost);
    free(m->cap);
    free(m->flow);
    free(m->state);
    free(m->aint);
    free(m->aext);
    free(m->supply);
    free(m->pi);
    free(m->parent);
    free(m->pred);
    free(m->thread);
    free(m->rev_thread);
    free(m->succ_num);
    free(m->last_succ);
    free(m->up);
    free(m->tarc);
    free(m->tarc_spare);
    free(m->stem);
    free(m->cand);
    free(m->cost32);
    free(m->spare);
    free(m->ext_of);
    free(m->int_of);
    free(m);
}

/* A copy of n elements of size sz at p, or NULL (also when n is 0 and p
 * is NULL: nothing to copy). */
static void *dup_array(const void *p, size_t n, size_t sz, int *fail)
{
    void *q;

    if (!p)
        return NULL;
    q = malloc(n * sz + 1);
    if (!q) {
        *fail = 1;
        return NULL;
    }
    memcpy(q, p, n * sz);
    return q;
}

int mcf_clone(struct mcf **out, const struct mcf *m, struct mf_error *err)
{
    struct mcf *c = malloc(sizeof *c);
    size_t nn = (size_t)m->n + 1, na = (size_t)m->n + (size_t)m->arc_cap;
    int fail = 0;

    *out = NULL;
    if (!c)
        return mf_error_set(err, MF_ENOMEM, "out of memory");
    *c = *m;
    c->src = dup_array(m->src, na, sizeof *m->src, &fail);
    c->tgt = dup_array(m->tgt, na, sizeof *m->tgt, &fail);
    c->cost = dup_array(m->cost, na, sizeof *m->cost, &fail);
    c->cap = dup_array(m->cap, na, sizeof *m->cap, &fail);
    c->flow = dup_array(m->flow, na, sizeof *m->flow, &fail);
    c->state = dup_array(m->state, na, sizeof *m->state, &fail);
    c->aint = dup_array(m->aint, (size_t)m->arc_cap, sizeof *m->aint, &fail);
    c->aext = dup_array(m->aext, (size_t)m->arc_cap, sizeof *m->aext, &fail);
    c->supply = dup_array(m->supply, nn, sizeof *m->supply, &fail);
    c->pi = dup_array(m->pi, nn, sizeof *m->pi, &fail);
    c->parent = dup_array(m->parent, nn, sizeof *m->parent, &fail);
    c->pred = dup_array(m->pred, nn, sizeof *m->pred, &fail);
    c->thread = dup_array(m->thread, nn, sizeof *m->thread, &fail);
    c->rev_thread = dup_array(m->rev_thread, nn, sizeof *m->rev_thread, &fail);
    c->succ_num = dup_array(m->succ_num, nn, sizeof *m->succ_num, &fail);
    c->last_succ = dup_array(m->last_succ, nn, sizeof *m->last_succ, &fail);
    c->up = dup_array(m->up, nn, sizeof *m->up, &fail);
    c->tarc = dup_array(m->tarc, nn, sizeof *m->tarc, &fail);
    c->tarc_spare = dup_array(m->tarc_spare, nn, sizeof *m->tarc, &fail);
    c->stem = dup_array(m->stem, 5 * nn, sizeof *m->stem, &fail);
    c->cand = dup_array(m->cand, (size_t)m->cand_len, sizeof *m->cand, &fail);
    c->cost32 = NULL; /* scratch of a solve */
    c->cost32_cap = 0;
    c->spare = dup_array(m->spare, nn, sizeof(int64_t), &fail);
    c->ext_of = dup_array(m->ext_of, nn, sizeof *m->ext_of, &fail);
    c->int_of = dup_array(m->int_of, nn, sizeof *m->int_of, &fail);
    if (fail) {
        mcf_free(c);
        return mf_error_set(err, MF_ENOMEM, "out of memory");
    }
    *out = c;
    return MF_OK;
}

int mcf_n_nodes(const struct mcf *m)
{
    return m->n;
}

int mcf_n_arcs(const struct mcf *m)
{
    return m->m;
}

void mcf_set_supply(struct mcf *m, int node, int64_t supply)
{
    if (node < 0 || node >= m->n)
        return;
    if (m->supply[node] != supply) {
        m->supply[node] = supply;
        m->basis = 0;
        m->solved = 0;
    }
}

/* Stores an arc at index i, nonbasic at flow 0 (cap at most MCF_INF),
 * and counts its capacity. */
static void put_arc(struct mcf *m, int64_t i, int tail, int head, int64_t cap,
                    int64_t cost)
{
    m->src[i] = tail;
    m->tgt[i] = head;
    m->cap[i] = cap;
    m->cost[i] = cost;
    m->flow[i] = 0;
    m->state[i] = ST_LOWER;
    if (cap < MCF_INF &&
        (add_ovf(m->cap_sum, cap, &m->cap_sum) || m->cap_sum > MCF_INF))
        m->cap_sum = MCF_INF;
}

int mcf_add_arc(struct mcf *m, int tail, int head, int64_t cap, int64_t cost)
{
    int64_t i;

    if (tail < 0 || tail >= m->n || head < 0 || head >= m->n || cap < 0)
        return MF_EINVAL;
    if (m->m >= INT_MAX - m->n - 1)
        return MF_ENOMEM;
    if (m->m == m->arc_cap && grow_arcs(m, m->m + 1) != MF_OK)
        return MF_ENOMEM;
    if (cap > MCF_INF)
        cap = MCF_INF;
    i = (int64_t)m->n + m->m;
    m->aint[m->m] = m->m; /* appended: after the mixed ones */
    m->aext[m->m] = m->m;
    put_arc(m, i, tail, head, cap, cost);
    /* The new arc is nonbasic at flow 0: the basis stays primal feasible,
     * and the previous flows are no longer proven optimal. */
    m->solved = 0;
    return m->m++;
}

int mcf_replace_arc(struct mcf *m, int arc, int tail, int head, int64_t cap,
                    int64_t cost)
{
    int64_t i, k;

    if (arc < 0 || arc >= m->m || tail < 0 || tail >= m->n || head < 0 ||
        head >= m->n || cap < 0)
        return MF_EINVAL;
    i = (int64_t)m->n + m->aint[arc];
    if (m->basis && (m->state[i] == ST_TREE || m->flow[i] != 0))
        return MF_EINVAL;
    if (cap > MCF_INF)
        cap = MCF_INF;
    if (m->cap[i] < MCF_INF && m->cap_sum < MCF_INF) {
        m->cap_sum -= m->cap[i];
    } else if (m->cap[i] < MCF_INF) {
        /* Saturated: count again without the arc replaced. */
        m->cap_sum = 0;
        for (k = m->n; k < (int64_t)m->n + m->m; k++)
            if (k != i && m->cap[k] < MCF_INF &&
                (add_ovf(m->cap_sum, m->cap[k], &m->cap_sum) ||
                 m->cap_sum > MCF_INF))
                m->cap_sum = MCF_INF;
    }
    put_arc(m, i, tail, head, cap, cost);
    /* Like an arc added: nonbasic at flow 0, the basis stays primal
     * feasible; it keeps its place in the pricing order. */
    m->solved = 0;
    return MF_OK;
}

void mcf_set_cost(struct mcf *m, int arc, int64_t cost)
{
    int64_t i;

    if (arc < 0 || arc >= m->m)
        return;
    i = (int64_t)m->n + m->aint[arc];
    if (m->cost[i] == cost)
        return;
    m->cost[i] = cost;
    if (m->state[i] == ST_TREE)
        m->pot_stale = 1;
    m->solved = 0;
}

int mcf_arc_tail(const struct mcf *m, int arc)
{
    return m->src[m->n + m->aint[arc]];
}

int mcf_arc_head(const struct mcf *m, int arc)
{
    return m->tgt[m->n + m->aint[arc]];
}

int64_t mcf_arc_cap(const struct mcf *m, int arc)
{
    return m->cap[m->n + m->aint[arc]];
}

int64_t mcf_arc_cost(const struct mcf *m, int arc)
{
    return m->cost[m->n + m->aint[arc]];
}

int64_t mcf_supply(const struct mcf *m, int node)
{
    return m->supply[node];
}

int64_t mcf_flow(const struct mcf *m, int arc)
{
    return m->flow[m->n + m->aint[arc]];
}

int mcf_flowing_arcs(const struct mcf *m, int32_t *arcs)
{
    uint64_t *bit = calloc((size_t)m->m / 64 + 1, sizeof *bit);
    int64_t i, w;
    int k = 0;

    if (!bit)
        return MF_ENOMEM;
    /* Marked in storage order (a sequential scan), read in the caller's. */
    for (i = 0; i < m->m; i++)
        if (m->flow[m->n + i] != 0) {
            int32_t a = m->aext[i];
            bit[a / 64] |= UINT64_C(1) << (a % 64);
        }
    for (w = 0; w <= (int64_t)m->m / 64; w++)
        for (; bit[w]; bit[w] &= bit[w] - 1)
            arcs[k++] = (int32_t)(w * 64 + __builtin_ctzll(bit[w]));
    free(bit);
    return k;
}

int64_t mcf_potential(const struct mcf *m, int node)
{
    return m->pi[node];
}

int64_t mcf_objective(const struct mcf *m)
{
    return m->objective;
}

int64_t mcf_lower_bound_offset(const struct mcf *m)
{
    return m->lb_offset;
}

void mcf_get_stats(const struct mcf *m, struct mcf_stats *out)
{
    *out = m->stats;
}

int mcf_has_basis(const struct mcf *m)
{
    return m->basis;
}

void mcf_get_arcs(const struct mcf *m, struct mcf_arcs *out)
{
    out->src = m->src;
    out->tgt = m->tgt;
    out->aint = m->aint;
    out->aext = m->aext;
    out->cap = m->cap;
    out->cost = m->cost;
    out->flow = m->flow;
    out->base = m->n;
}

void mcf_set_price(struct mcf *m, enum mcf_price price)
{
    m->price = price;
}

void mcf_get_work(const struct mcf *m, struct mcf_work *out)
{
    *out = m->work;
}

/* ------------------------------------------------------------------ */
/* Bases                                                               */
/* ------------------------------------------------------------------ */

/* The cost of the artificial arcs. It must exceed the cost of any simple
 * path, (n - 1) * max |cost|, so that two artificial arcs never beat a
 * real path - also for arcs added later (lazy arc generation), which is
 * why it is a constant and not derived from the arcs present. The bound
 * checked below, (n + 1) * (max |cost| + 1) <= 2^57, keeps potentials
 * (below M + 2^57 < 2^59) and reduced costs (below 2^61) exact. */
#define BIG_M (INT64_C(1) << 58)
#define COST_PATH_LIMIT (INT64_C(1) << 57)

static int check_costs(struct mcf *m, struct mf_error *err)
{
    int64_t bound, i, cmax = 0;

    for (i = m->n; i < (int64_t)m->n + m->m; i++) {
        int64_t c = abs_sat(m->cost[i]);

        if (c > cmax)
            cmax = c;
    }
    if (mul_ovf((int64_t)m->n + 1, cmax + 1, &bound) || bound > COST_PATH_LIMIT)
        return mf_error_set(err, MF_ERANGE,
                            "costs up to %" PRId64 " on %d nodes: "
                            "(nodes + 1) * (max |cost| + 1) must not "
                            "exceed 2^57",
                            cmax, m->n);
    return MF_OK;
}

/* Recomputes every potential from the tree, walking the thread from the
 * root so that each parent is done before its children. */
static void compute_potentials(struct mcf *m)
{
    const int root = m->n;
    int v;

    m->pi[root] = 0;
    for (v = m->thread[root]; v != root; v = m->thread[v]) {
        int p = m->ext_of[m->parent[v]];
        int a = m->pred[v];

        if (m->up[v])
            m->pi[m->ext_of[v]] = m->pi[p] - m->cost[a];
        else
            m->pi[m->ext_of[v]] = m->pi[p] + m->cost[a];
    }
    m->pot_stale = 0;
}

/* Computes succ_num and last_succ from parent and the thread: in reverse
 * preorder every child comes before its parent, and the first child met
 * is the parent's last one. */
static void compute_subtrees(struct mcf *m)
{
    const int root = m->n;
    int v;

    for (v = 0; v <= root; v++) {
        m->succ_num[v] = 1;
        m->last_succ[v] = -1;
    }
    for (v = m->rev_thread[root]; v != root; v = m->rev_thread[v]) {
        int p = m->parent[v];

        if (m->last_succ[v] < 0)
            m->last_succ[v] = v;
        m->succ_num[p] += m->succ_num[v];
        if (m->last_succ[p] < 0)
            m->last_succ[p] = m->last_succ[v];
    }
    if (m->last_succ[root] < 0)
        m->last_succ[root] = root;
}

/* The all-artificial starting tree: every node hangs from the root by its
 * artificial arc, which carries the node's supply. Arcs point so that each
 * carries flow >= 0 and zero-flow ones point up (towards the root), which
 * makes the tree strongly feasible. Only the arcs down to demand nodes cost
 * big-M: every unit of artificial flow leaves the root through one of
 * them, so each unit not delivered still pays M once, and the nodes that
 * send or pass flow on start at potential 0 (as in LEMON; this halves the
 * pivots on our networks compared with M on both sides). */
static void cold_basis(struct mcf *m)
{
    const int n = m->n;
    const int root = n;
    int64_t i;
    int v;

    for (i = n; i < (int64_t)n + m->m; i++) {
        m->flow[i] = 0;
        m->state[i] = ST_LOWER;
    }
    /* Every tree array is rewritten, so the tree nodes take the caller's
     * numbers again, and the thread runs through them in order. */
    for (v = 0; v <= n; v++)
        m->ext_of[v] = m->int_of[v] = v;
    m->walked = 0;
    for (v = 0; v < n; v++) {
        int64_t b = m->supply[v];

        m->cap[v] = MCF_INF;
        m->state[v] = ST_TREE;
        m->parent[v] = root;
        m->pred[v] = v;
        m->succ_num[v] = 1;
        m->last_succ[v] = v;
        m->thread[v] = v + 1 < n ? v + 1 : root;
        m->rev_thread[v] = v > 0 ? v - 1 : root;
        if (b >= 0) {
            m->src[v] = v;
            m->tgt[v] = root;
            m->flow[v] = b;
            m->up[v] = 1;
            m->cost[v] = 0;
            m->pi[v] = 0;
        } else {
            m->src[v] = root;
            m->tgt[v] = v;
            m->flow[v] = -b;
            m->up[v] = 0;
            m->cost[v] = BIG_M;
            m->pi[v] = BIG_M;
        }
    }
    m->parent[root] = -1;
    m->pred[root] = -1;
    m->succ_num[root] = n + 1;
    m->last_succ[root] = n > 0 ? n - 1 : root;
    m->pi[root] = 0;
    m->thread[root] = n > 0 ? 0 : root;
    m->rev_thread[root] = n > 0 ? n - 1 : root;
    m->basis = 1;
    m->pot_stale = 0;
}

/* ------------------------------------------------------------------ */
/* Pricing                                                             */
/* ------------------------------------------------------------------ */

/* Pricing visits the arcs in a mixed order: chunks of SCAN_CHUNK arcs
 * consecutive in the caller's order, the chunks about n arcs apart, row
 * after row. Builders emit arcs grouped by tail node, and a block of
 * consecutive arcs would then offer only a few tails; spreading each block
 * over the whole arc array gives better entering arcs and far fewer
 * pivots. The arcs are stored in that order (mix_arcs), as LEMON does, so
 * that pricing reads memory in sequence: read in that order from the
 * caller's, scattered chunks cost about half of the pricing time. */
#define SCAN_CHUNK 16

/* Stores the real arcs in pricing order; arcs added since stay behind them
 * in the order added. Tree arcs (pred) are renumbered. Returns MF_OK, or
 * MF_ENOMEM with nothing changed. */
static int mix_arcs(struct mcf *m)
{
    const int64_t n = m->n, na = m->m;
    const int64_t nchunk = (na + SCAN_CHUNK - 1) / SCAN_CHUNK;
    int64_t stride = m->n / SCAN_CHUNK, k, row, c, j, v;
    void *tmp;

    if (na <= 0) {
        m->mixed_m = m->m;
        m->short_at = -1;
        m->short_len = 0;
        return MF_OK;
    }
    tmp = malloc(((size_t)na + 1) * sizeof(int64_t));
    if (!tmp)
        return MF_ENOMEM;
    if (stride < 1)
        stride = 1;
    if (stride > nchunk)
        stride = nchunk > 0 ? nchunk : 1;
/* Runs BODY for the caller's arcs j in pricing order, k counting. */
#define IN_PRICING_ORDER(BODY)                                                 \
    do {                                                                       \
        k = 0;                                                                 \
        for (row = 0; row < stride; row++)                                     \
            for (c = row; c < nchunk; c += stride)                             \
                for (j = c * SCAN_CHUNK; j < na && j < (c + 1) * SCAN_CHUNK;   \
                     j++, k++) {                                               \
                    BODY;                                                      \
                }                                                              \
    } while (0)
#define GATHER(arr, T)                                                         \
    do {                                                                       \
        T *t_ = (T *)tmp;                                                      \
        IN_PRICING_ORDER(t_[k] = (arr)[n + m->aint[j]]);                       \
        memcpy((arr) + n, t_, (size_t)na * sizeof(T));                         \
    } while (0)
    GATHER(m->src, int32_t);
    GATHER(m->tgt, int32_t);
    GATHER(m->cost, int64_t);
    GATHER(m->cap, int64_t);
    GATHER(m->flow, int64_t);
    GATHER(m->state, int8_t);
#undef GATHER
    /* The new places; then the tree arcs, which need the old aext. */
    IN_PRICING_ORDER(m->aint[j] = (int32_t)k);
    for (v = 0; v <= n; v++) {
        int32_t p = m->pred[v];

        if (p >= n)
            m->pred[v] = (int32_t)(n + m->aint[m->aext[p - n]]);
    }
    IN_PRICING_ORDER(m->aext[k] = (int32_t)j);
    /* The last arc ends the one short chunk, if there is one. */
    m->short_len = na % SCAN_CHUNK;
    m->short_at = m->short_len > 0 ? m->aint[na - 1] - (m->short_len - 1) : -1;
#undef IN_PRICING_ORDER
    m->mixed_m = m->m;
    free(tmp);
    return MF_OK;
}

#if defined(__GNUC__) && defined(__x86_64__)
#define MCF_HAVE_AVX512 1
#include <immintrin.h>

/* Scans eight arcs from e with AVX-512F (gathers of the potentials): the
 * same reduced costs as the scalar loop, and the lanes below min are
 * then taken in order, so the same arc wins. */
__attribute__((target("avx512f"))) static inline void
price8_avx512(const struct mcf *m, int64_t e, int64_t *min, int64_t *best)
{
    const __m512i zero = _mm512_setzero_si512();
    __m256i si = _mm256_loadu_si256((const __m256i *)(m->src + e));
    __m256i ti = _mm256_loadu_si256((const __m256i *)(m->tgt + e));
    __m512i ps = _mm512_i32gather_epi64(si, (const void *)m->pi, 8);
    __m512i pt = _mm512_i32gather_epi64(ti, (const void *)m->pi, 8);
    __m512i c = _mm512_cvtepi32_epi64(
        _mm256_loadu_si256((const __m256i *)(m->cost32 + e)));
    __m512i st =
        _mm512_cvtepi8_epi64(_mm_loadl_epi64((const __m128i *)(m->state + e)));
    __m512i rc = _mm512_sub_epi64(_mm512_add_epi64(c, ps), pt);
    __mmask8 lt;

    /* state * rc with state in {-1, 0, 1} */
    rc = _mm512_mask_sub_epi64(rc, _mm512_cmplt_epi64_mask(st, zero), zero, rc);
    rc = _mm512_maskz_mov_epi64(_mm512_test_epi64_mask(st, st), rc);
    lt = _mm512_cmplt_epi64_mask(rc, _mm512_set1_epi64(*min));
    if (lt) {
        int64_t v[8];
        int j;

        _mm512_storeu_si512((void *)v, rc);
        for (j = 0; j < 8; j++) {
            if (((lt >> j) & 1) && v[j] < *min) {
                *min = v[j];
                *best = e + j;
            }
        }
    }
}

#endif

/* Block search: scan arcs in blocks of about `block`; after each block,
 * enter the most negative arc seen so far, if any. *pos is where the scan
 * goes on (0 <= *pos < arcs). The costs are read from cost32 when it is
 * not NULL (every real arc's cost fits int32: 4 bytes less to stream per
 * arc, and pricing streams the arc arrays), else from cost; both give the
 * same reduced costs, so the same arcs enter. */
/* Each chunk prefetches the arc arrays PRICE_AHEAD arcs ahead and the
 * potentials of the ends of two arcs PI_AHEAD arcs ahead: a pivot's scan
 * is short and starts where the last one stopped, too short a stream for
 * the hardware prefetcher, and pi is pushed out of the cache by the arc
 * arrays (docs/internals/mcf.md, "Prefetching in the scan"). */
#ifndef PI_AHEAD
#define PI_AHEAD 64
#endif
#ifndef PRICE_AHEAD
#define PRICE_AHEAD 256
#endif
/* Always inlined, so that each caller gets its own loop: with simd the
 * caller must be compiled for AVX-512F (price_block_avx512). */
#if defined(__GNUC__)
__attribute__((always_inline))
#endif
static inline int64_t
scan_blocks(struct mcf *m, int64_t *pos, int64_t block, const int64_t *cost,
            const int32_t *cost32, int simd)
{
    const int32_t *src = m->src;
    const int32_t *tgt = m->tgt;
    const int8_t *state = m->state;
    const int64_t *pi = m->pi;
    const int64_t base = m->n;
    const int64_t end = (int64_t)m->n + m->m;
    int64_t best = -1;
    int64_t min = 0;
    int64_t left = m->m;
    int64_t cnt = block;
    int64_t e = base + *pos;

    while (left > 0) {
        int64_t stop =
            e - base == m->short_at ? e + m->short_len : e + SCAN_CHUNK;

        if (stop > end)
            stop = end;

        left -= stop - e;
        cnt -= stop - e;
#if defined(__GNUC__)
        {
            const int64_t f = stop + PRICE_AHEAD < end ? stop + PRICE_AHEAD : e;
            const int64_t g = stop + PI_AHEAD;

            __builtin_prefetch(src + f);
            __builtin_prefetch(tgt + f);
            __builtin_prefetch(cost32 ? (const void *)(cost32 + f)
                                      : (const void *)(cost + f));
            __builtin_prefetch(state + f);
            if (g + SCAN_CHUNK <= end) {
                __builtin_prefetch(pi + src[g]);
                __builtin_prefetch(pi + tgt[g]);
                __builtin_prefetch(pi + src[g + 8]);
                __builtin_prefetch(pi + tgt[g + 8]);
            }
        }
#endif
#ifdef MCF_HAVE_AVX512
        if (simd && stop - e == SCAN_CHUNK) {
            price8_avx512(m, e, &min, &best);
            price8_avx512(m, e + 8, &min, &best);
            e = stop;
        }
#else
        (void)simd;
#endif
        for (; e < stop; e++) {
            int64_t ce = cost32 ? (int64_t)cost32[e] : cost[e];
            int64_t c = state[e] * (ce + pi[src[e]] - pi[tgt[e]]);

            if (c < min) {
                min = c;
                best = e;
            }
        }
        if (e == end)
            e = base;
        if (cnt <= 0) {
            if (best >= 0)
                break;
            cnt = block;
        }
    }
    *pos = e - base;
    m->priced += m->m - left;
    return best;
}

static int64_t price_block(struct mcf *m, int64_t *pos, int64_t block)
{
    return scan_blocks(m, pos, block, m->cost, NULL, 0);
}

static int64_t price_block32(struct mcf *m, int64_t *pos, int64_t block)
{
    return scan_blocks(m, pos, block, NULL, m->cost32, 0);
}

#ifdef MCF_HAVE_AVX512
/* price_block32 with AVX-512F for the full chunks of SCAN_CHUNK arcs; the
 * one short chunk and the scan's end are priced as there. */
__attribute__((target("avx512f"))) static int64_t
price_block_avx512(struct mcf *m, int64_t *pos, int64_t block)
{
    return scan_blocks(m, pos, block, NULL, m->cost32, 1);
}
#endif

/* Unforced, the int32 copy (and AVX-512F) is used only on networks of at
 * least this many arcs, whose arc arrays stream from memory: on the demo
 * region's network (21,920 arcs, all in cache) it made the solve slower
 * (docs/internals/mcf.md). Overridable at compile time, so that tests
 * reach the switch on small networks. */
#ifndef MCF_NARROW_ARCS
#define MCF_NARROW_ARCS (1 << 20)
#endif

/* 1 when price_block_avx512 may run: the processor has AVX-512F and
 * the loop was not forced to a scalar one. */
static int simd_ok(const struct mcf *m)
{
#ifdef MCF_HAVE_AVX512
    return m->price != MCF_PRICE_INT32 && __builtin_cpu_supports("avx512f");
#else
    (void)m;
    return 0;
#endif
}

/* Fills m->cost32 for price_block32 when every real arc's cost fits
 * int32; returns 0 (price from the int64 costs) when one does not, or
 * out of memory. Chosen once per solve, O(arcs). */
static int narrow_costs(struct mcf *m)
{
    const int64_t end = (int64_t)m->n + m->m;
    int64_t i;

    for (i = m->n; i < end; i++) {
        if (m->cost[i] < INT32_MIN || m->cost[i] > INT32_MAX)
            return 0;
    }
    if (m->cost32_cap < end) {
        int32_t *p = realloc(m->cost32, (size_t)end * sizeof *p);

        if (!p)
            return 0;
        m->cost32 = p;
        m->cost32_cap = end;
    }
    for (i = 0; i < m->n; i++)
        m->cost32[i] = 0; /* artificial arcs, never priced */
    for (i = m->n; i < end; i++)
        m->cost32[i] = (int32_t)m->cost[i];
    return 1;
}

/* Candidate list: a major iteration scans arcs cyclically and keeps up to
 * cand_len improving ones; minor iterations re-price only that list and
 * enter its best arc, until the list runs dry or `minor_limit` is hit. */
struct cand_state {
    int64_t n_cand;
    int64_t minor;
};

static int64_t price_candidate(struct mcf *m, int64_t *pos,
                               struct cand_state *cs, int64_t minor_limit)
{
    const int32_t *src = m->src;
    const int32_t *tgt = m->tgt;
    const int64_t *cost = m->cost;
    const int8_t *state = m->state;
    const int64_t *pi = m->pi;
    const int64_t base = m->n;
    const int64_t end = (int64_t)m->n + m->m;
    int32_t *cand = m->cand;
    int64_t best = -1;
    int64_t min = 0;
    int64_t i, k, e, left;

    if (cs->n_cand > 0 && cs->minor < minor_limit) {
        k = 0;
        for (i = 0; i < cs->n_cand; i++) {
            int64_t c;

            e = cand[i];
            c = state[e] * (cost[e] + pi[src[e]] - pi[tgt[e]]);
            if (c < 0) {
                cand[k++] = (int32_t)e;
                if (c < min) {
                    min = c;
                    best = e;
                }
            }
        }
        cs->n_cand = k;
        cs->minor++;
        if (best >= 0)
            return best;
    }
    cs->n_cand = 0;
    cs->minor = 0;
    left = m->m;
    e = base + *pos;
    while (left > 0 && cs->n_cand < m->cand_len) {
        int64_t stop =
            e - base == m->short_at ? e + m->short_len : e + SCAN_CHUNK;

        if (stop > end)
            stop = end;

        left -= stop - e;
        for (; e < stop; e++) {
            int64_t c = state[e] * (cost[e] + pi[src[e]] - pi[tgt[e]]);

            if (c < 0 && cs->n_cand < m->cand_len) {
                cand[cs->n_cand++] = (int32_t)e;
                if (c < min) {
                    min = c;
                    best = e;
                }
            }
        }
        if (e == end)
            e = base;
    }
    *pos = e - base;
    return best;
}

/* ------------------------------------------------------------------ */
/* Pivoting                                                            */
/* ------------------------------------------------------------------ */

/* Potentials drift when the complement of S is shifted (the root moves
 * with it); they are brought back to pi[root] = 0 before they could come
 * near overflow. Tree-path potentials stay below 2^59 in size. */
#define PI_DRIFT_LIMIT (INT64_C(1) << 61)

static void normalize_potentials(struct mcf *m)
{
    const int64_t off = m->pi[m->n];
    int v;

    if (off == 0)
        return;
    for (v = 0; v <= m->n; v++)
        m->pi[v] -= off;
}

/* Adds d to the potentials of the `count` tree nodes from `first` to
 * `last` in thread order. The walk is bound by the latency of each
 * thread[] load, so it runs from both ends at once (thread forward,
 * rev_thread backward): two independent chains of loads that the
 * processor overlaps. With the tree nodes numbered in thread order
 * (renumber_by_thread) those loads mostly hit the cache; the potentials
 * are kept by the caller's node numbers (ext), so that pricing reads them
 * directly, and their updates do not depend on each other. */
static void shift_range(const int32_t *thread, const int32_t *rev,
                        const int32_t *ext, int64_t *pi, int32_t first,
                        int32_t last, int64_t count, int64_t d)
{
    int32_t x = first, y = last;
    int64_t i, half = count / 2;

    for (i = 0; i < half; i++) {
        pi[ext[x]] += d;
        pi[ext[y]] += d;
        x = thread[x];
        y = rev[y];
    }
    if (count & 1)
        pi[ext[x]] += d; /* the middle node */
}

/* Re-hangs the subtree S cut off by the leaving arc. S's old root u_out
 * hung from v_out; now u_in (in S) hangs from v_in (outside S) through arc
 * e, and the stem u_in = s_0, s_1 = parent, ..., s_k = u_out is reversed.
 *
 * New thread of S: subtree(s_0), then for i = 1..k the part of
 * subtree(s_i) outside subtree(s_{i-1}) - [s_i .. before s_{i-1}] and
 * [after last_succ(s_{i-1}) .. last_succ(s_i)] - which is again a
 * preorder; S is spliced in right after v_in. Each piece is found in O(1)
 * from last_succ, so the tree costs O(k) plus the walks from v_out and
 * v_in to the join (subtree sizes) and up the chains of ancestors whose
 * last successor changes. Potentials shift by sigma on S, or by -sigma on
 * everything else when that is smaller. */
static void update_tree(struct mcf *m, int32_t u_in, int32_t v_in, int32_t e,
                        int32_t u_out, int32_t join, int64_t sigma)
{
    int32_t *thread = m->thread;
    int32_t *rev = m->rev_thread;
    int32_t *parent = m->parent;
    int32_t *succ = m->succ_num;
    int32_t *last = m->last_succ;
    int64_t *pi = m->pi;
    int32_t *stem = m->stem;
    const int32_t v_out = parent[u_out];
    const int32_t old_last = last[u_out];
    const int32_t size = succ[u_out];
    const int32_t before = rev[u_out];
    const int32_t after = thread[old_last];
    int32_t x, s, end, next, tail;
    int k, i;

    /* Potentials, on the smaller side of the cut. */
    if (2 * (int64_t)size <= (int64_t)m->n + 1) {
        shift_range(thread, rev, m->ext_of, pi, u_out, old_last, size, sigma);
        m->walked += size;
        m->work.shifted += size;
        m->work.shifted_subtree += size;
    } else {
        m->walked += (int64_t)m->n + 1 - size;
        m->work.shifted += (int64_t)m->n + 1 - size;
        m->work.shifted_subtree += size;
        shift_range(thread, rev, m->ext_of, pi, after, before,
                    (int64_t)m->n + 1 - size, -sigma);
        if (pi[m->n] > PI_DRIFT_LIMIT || pi[m->n] < -PI_DRIFT_LIMIT)
            normalize_potentials(m);
    }

    /* Subtree sizes below the join: the v_out side loses S, the v_in
     * side gains it. */
    for (x = v_out; x != join; x = parent[x])
        succ[x] -= size;
    for (x = v_in; x != join; x = parent[x])
        succ[x] += size;

    /* Record the stem from the old structure, five slots per node s_i:
     * the node, the end of its first piece, the second piece's first and
     * last node (or -1), and its old subtree size. For s_0 the first
     * piece is its whole subtree. */
    stem[0] = u_in;
    stem[1] = last[u_in];
    stem[2] = -1;
    stem[4] = succ[u_in];
    k = 0;
    end = last[u_in];
    for (s = u_in; s != u_out;) {
        int32_t prev = s;
        int32_t *sk;

        s = parent[s];
        k++;
        sk = stem + 5 * k;
        sk[0] = s;
        sk[1] = rev[prev];
        end = rev[prev];
        sk[2] = -1;
        if (last[s] != last[prev]) {
            sk[2] = thread[last[prev]];
            sk[3] = last[s];
            end = last[s];
        }
        sk[4] = succ[s];
    }

    /* Cut S = [u_out .. old_last] out of the thread, fix the last
     * successors of the ancestors it ended, and splice the new order in
     * after v_in. */
    thread[before] = after;
    rev[after] = before;
    for (x = v_out; x >= 0 && last[x] == old_last; x = parent[x])
        last[x] = before;
    next = thread[v_in];
    tail = v_in;
    for (i = 0; i <= k; i++) {
        const int32_t *si = stem + 5 * i;

        thread[tail] = si[0];
        rev[si[0]] = tail;
        tail = si[1];
        if (si[2] >= 0) {
            thread[tail] = si[2];
            rev[si[2]] = tail;
            tail = si[3];
        }
    }
    thread[tail] = next;
    rev[next] = tail;
    for (x = v_in; x >= 0 && last[x] == v_in; x = parent[x])
        last[x] = end;

    /* Reverse the stem: s_i's parent becomes s_{i-1}, through the arc that
     * joined s_{i-1} to s_i; its new subtree is S minus the old subtree of
     * s_{i-1}, and ends where S ends. Done from the top so that each step
     * still reads s_{i-1}'s old values. */
    for (i = k; i >= 1; i--) {
        int32_t si = stem[5 * i];
        int32_t sj = stem[5 * (i - 1)];

        parent[si] = sj;
        m->pred[si] = m->pred[sj];
        m->tarc[si] = m->tarc[sj];
        m->up[si] = (int8_t)!m->up[sj];
        succ[si] = size - stem[5 * (i - 1) + 4];
        last[si] = end;
    }
    parent[u_in] = v_in;
    m->pred[u_in] = e;
    m->tarc[u_in].cap = m->cap[e];
    m->tarc[u_in].flow = m->flow[e];
    m->up[u_in] = (int8_t)(m->int_of[m->src[e]] == u_in);
    succ[u_in] = size;
    last[u_in] = end;
}

/* Residual capacity for pushing flow along tree arc pred[x] in the
 * direction from parent[x] to x (down) or from x to parent[x] (up). */
static inline int64_t resid_up(const struct mcf *m, int32_t x)
{
    int32_t a = m->pred[x];

    if (m->up[x])
        return m->cap[a] == MCF_INF ? MCF_INF : m->cap[a] - m->flow[a];
    return m->flow[a];
}

static inline int64_t resid_down(const struct mcf *m, int32_t x)
{
    int32_t a = m->pred[x];

    if (m->up[x])
        return m->flow[a];
    return m->cap[a] == MCF_INF ? MCF_INF : m->cap[a] - m->flow[a];
}

/* The same during a solve, from the tree-ordered copy (tarc). */
static inline int64_t tree_resid_up(const struct mcf *m, int32_t x)
{
    const struct tree_arc *t = &m->tarc[x];

    if (m->up[x])
        return t->cap == MCF_INF ? MCF_INF : t->cap - t->flow;
    return t->flow;
}

static inline int64_t tree_resid_down(const struct mcf *m, int32_t x)
{
    const struct tree_arc *t = &m->tarc[x];

    if (m->up[x])
        return t->flow;
    return t->cap == MCF_INF ? MCF_INF : t->cap - t->flow;
}

/* Copies the tree arcs' capacities and flows into tarc (at the start of
 * a solve), and their flows back (at its end). */
static void load_tree_arcs(struct mcf *m)
{
    int v;

    for (v = 0; v < m->n; v++) {
        m->tarc[v].cap = m->cap[m->pred[v]];
        m->tarc[v].flow = m->flow[m->pred[v]];
    }
}

static void store_tree_arcs(struct mcf *m)
{
    int v;

    for (v = 0; v < m->n; v++)
        m->flow[m->pred[v]] = m->tarc[v].flow;
}

#ifdef MCF_CHECK_STRONG
/* Test builds (tests/CMakeLists.txt: mcf_strong_test) check after every
 * pivot that the tree is strongly feasible: from every node a positive
 * amount of flow can be pushed up its tree path to the root. That is
 * what the leaving-arc rule in pivot() keeps, and what rules out cycling
 * on degenerate pivots; a broken tie-break shows up here at once. */
static void check_strong(const struct mcf *m, const char *when)
{
    int32_t x;

    for (x = 0; x < m->n; x++) {
        if (tree_resid_up(m, x) <= 0) {
            fprintf(stderr,
                    "mcf: the tree is not strongly feasible %s: tree node "
                    "%d (pivot %lld)\n",
                    when, (int)x, (long long)m->stats.pivots);
            abort();
        }
    }
}
#endif

/* Pivots arc e into the basis. Returns MF_OK or MF_EUNBOUNDED. */
static int pivot(struct mcf *m, int64_t e)
{
    const int32_t *succ = m->succ_num;
    int32_t *parent = m->parent;
    int64_t *flow = m->flow;
    int32_t first, second, a, b, join, leave1 = -1, leave2 = -1;
    int64_t d1 = MCF_INF, d2 = MCF_INF, delta, cap_e, rc, cycle = 0;
    int side; /* 1: leaves on the first side, 2: second side, 0: e itself */

    if (m->state[e] == ST_LOWER) {
        first = m->int_of[m->src[e]];
        second = m->int_of[m->tgt[e]];
    } else {
        first = m->int_of[m->tgt[e]];
        second = m->int_of[m->src[e]];
    }
    /* The cycle runs join -> first (down the tree), first -> second along
     * e, second -> join (up). The leaving arc is the last blocking arc met
     * in that order from the join, which keeps the tree strongly
     * feasible: on the first side the blocking arc nearest `first` (strict
     * <), on the second side the one nearest the join (<=). */
    /* The join is found by always climbing from the smaller subtree,
     * which cannot be an ancestor of the other node. */
    a = first;
    b = second;
    while (a != b) {
        cycle++;
        if (succ[a] < succ[b]) {
            int64_t r = tree_resid_down(m, a);

            if (r < d1) {
                d1 = r;
                leave1 = a;
            }
            a = parent[a];
        } else {
            int64_t r = tree_resid_up(m, b);

            if (r <= d2) {
                d2 = r;
                leave2 = b;
            }
            b = parent[b];
        }
    }
    join = a;
    m->work.cycle += cycle;
    cap_e = m->cap[e];
    delta = d1 < d2 ? d1 : d2;
    if (cap_e < delta)
        delta = cap_e;
    if (delta >= MCF_INF)
        return MF_EUNBOUNDED;
    if (d2 == delta)
        side = 2;
    else if (cap_e == delta)
        side = 0;
    else
        side = 1;

    m->stats.pivots++;
    if (delta > 0) {
        int32_t x;

        for (x = first; x != join; x = parent[x]) {
            if (m->up[x])
                m->tarc[x].flow -= delta;
            else
                m->tarc[x].flow += delta;
        }
        for (x = second; x != join; x = parent[x]) {
            if (m->up[x])
                m->tarc[x].flow += delta;
            else
                m->tarc[x].flow -= delta;
        }
        if (m->state[e] == ST_LOWER)
            flow[e] += delta;
        else
            flow[e] -= delta;
    } else {
        m->stats.degenerate_pivots++;
    }

    if (side == 0) {
        m->state[e] = (int8_t)-m->state[e];
        return MF_OK;
    }
    {
        int32_t u_in, v_in, u_out, leave_arc;
        int64_t sigma;

        if (side == 1) {
            u_in = first;
            v_in = second;
            u_out = leave1;
        } else {
            u_in = second;
            v_in = first;
            u_out = leave2;
        }
        leave_arc = m->pred[u_out];
        flow[leave_arc] = m->tarc[u_out].flow;
        m->state[leave_arc] = flow[leave_arc] == 0 ? ST_LOWER : ST_UPPER;
        m->state[e] = ST_TREE;
        rc = m->cost[e] + m->pi[m->src[e]] - m->pi[m->tgt[e]];
        sigma = m->int_of[m->tgt[e]] == u_in ? rc : -rc;
        update_tree(m, u_in, v_in, (int32_t)e, u_out, join, sigma);
    }
    return MF_OK;
}

/* ------------------------------------------------------------------ */
/* Renumbering                                                         */
/* ------------------------------------------------------------------ */

/* A potential shift walks a subtree along the thread, a chain of
 * dependent loads. With the tree nodes numbered in thread order the
 * chain reads thread[] and ext_of[] nearly in sequence instead of
 * missing the cache at every node (the walk took about half the solve
 * time on the planner's networks before). Pivots scramble the order
 * again, so the tree nodes are renumbered whenever the shifts since the
 * last renumbering have walked RENUMBER_WORK * n nodes (16 to 256 measured
 * alike, docs/internals/mcf.md). Only the tree arrays change, in O(n):
 * arcs, supplies and potentials keep the caller's node numbers, and
 * int_of / ext_of translate. The numbering never changes which pivots are
 * made. (Overridable at compile time, so that tests can renumber before
 * every pivot.) */
#ifndef RENUMBER_WORK
#define RENUMBER_WORK 128
#endif

/* Permutes the first n entries of arr: entry v moves to nw[v]; with map,
 * the values are tree nodes and are renumbered too (the root n stays). */
#define PERMUTE(arr, T, map)                                                   \
    do {                                                                       \
        T *dst_ = (T *)spare;                                                  \
        for (v = 0; v < n; v++) {                                              \
            T x_ = (arr)[v];                                                   \
            dst_[nw[v]] = (map) && x_ < n ? (T)nw[x_] : x_;                    \
        }                                                                      \
        memcpy((arr), dst_, (size_t)n * sizeof(T));                            \
    } while (0)

/* Numbers the tree nodes in thread order. */
static void renumber_by_thread(struct mcf *m)
{
    const int n = m->n;
    int32_t *nw = m->stem; /* scratch: the new numbers */
    void *spare = m->spare;
    int v, k = 0;

    for (v = m->thread[n]; v != n; v = m->thread[v])
        nw[v] = k++;
    nw[n] = n;
    PERMUTE(m->parent, int32_t, 1);
    PERMUTE(m->pred, int32_t, 0); /* arcs keep their numbers */
    PERMUTE(m->succ_num, int32_t, 0);
    PERMUTE(m->last_succ, int32_t, 1);
    PERMUTE(m->up, int8_t, 0);
    PERMUTE(m->ext_of, int32_t, 0);
    for (v = 0; v < n; v++)
        m->tarc_spare[nw[v]] = m->tarc[v];
    {
        struct tree_arc *t = m->tarc;

        m->tarc = m->tarc_spare;
        m->tarc_spare = t;
    }
    if (m->last_succ[n] < n)
        m->last_succ[n] = nw[m->last_succ[n]];
    for (v = 0; v < n; v++) {
        m->thread[v] = v + 1;
        m->rev_thread[v] = v - 1;
        m->int_of[m->ext_of[v]] = v;
    }
    if (n > 0) {
        m->thread[n - 1] = n;
        m->rev_thread[0] = n;
    }
    m->thread[n] = n > 0 ? 0 : n;
    m->rev_thread[n] = n > 0 ? n - 1 : n;
    m->walked = 0;
}

/* ------------------------------------------------------------------ */
/* Solve                                                               */
/* ------------------------------------------------------------------ */

static int check_input(struct mcf *m, struct mf_error *err)
{
    int64_t sum = 0, pos = 0, total;
    int v;

    for (v = 0; v < m->n; v++) {
        int64_t b = m->supply[v];

        if (b <= -MCF_INF || b >= MCF_INF)
            return mf_error_at(err, MF_ERANGE, "supply",
                               "node %d: supply "
                               "%" PRId64 " is out of range",
                               v, b);
        sum += b;
        if (b > 0)
            pos += b;
        if (sum <= -MCF_INF || sum >= MCF_INF || pos >= MCF_INF)
            return mf_error_at(err, MF_ERANGE, "supply",
                               "the supplies total more than %" PRId64,
                               (int64_t)MCF_INF);
    }
    if (sum != 0)
        return mf_error_at(err, MF_EINVAL, "supply",
                           "supplies sum to %" PRId64 ", not 0", sum);
    if (add_ovf(pos, m->cap_sum, &total) || total >= MCF_INF)
        return mf_error_set(err, MF_ERANGE,
                            "finite capacities and supplies total more "
                            "than %" PRId64 "; flows could overflow",
                            (int64_t)MCF_INF);
    return MF_OK;
}

static int compute_objective(struct mcf *m, struct mf_error *err)
{
    int64_t i, obj = 0, t;

    for (i = m->n; i < (int64_t)m->n + m->m; i++) {
        if (m->flow[i] == 0)
            continue;
        if (mul_ovf(m->cost[i], m->flow[i], &t) || add_ovf(obj, t, &obj))
            return mf_error_set(err, MF_ERANGE,
                                "the objective overflows int64");
    }
    m->objective = obj;
    return MF_OK;
}

static int report_infeasible(const struct mcf *m, struct mf_error *err)
{
    int v, worst = -1;
    char where[48];

    /* Prefer a node short of flow (an artificial arc from the root still
     * feeds it); otherwise a node that could not send all it has. */
    for (v = 0; v < m->n; v++) {
        if (m->flow[v] > 0 && m->tgt[v] == v) {
            snprintf(where, sizeof where, "node %d", v);
            return mf_error_at(err, MF_EINFEASIBLE, where,
                               "no feasible flow: node %d (DIMACS %d) is "
                               "short of %" PRId64 " units",
                               v, v + 1, m->flow[v]);
        }
        if (m->flow[v] > 0 && worst < 0)
            worst = v;
    }
    if (worst < 0)
        worst = 0;
    snprintf(where, sizeof where, "node %d", worst);
    return mf_error_at(err, MF_EINFEASIBLE, where,
                       "no feasible flow: node %d (DIMACS %d) cannot send "
                       "%" PRId64 " of its units",
                       worst, worst + 1, m->flow[worst]);
}

int mcf_solve(struct mcf *m, const struct mcf_opts *opts, struct mf_error *err)
{
    struct mcf_opts o = MCF_OPTS_INIT;
    struct cand_state cs = {0, 0};
    int64_t pos = 0;
    enum mcf_pivot rule;
    int64_t block, minor_limit, e, renumber_at, narrow_at;
    double t0 = now_seconds();
    int rc, v, stopped = 0;
    enum mcf_price price = MCF_PRICE_AUTO;

    if (opts)
        o = *opts;
    m->solved = 0;
    m->stats.pivots = 0;
    m->stats.degenerate_pivots = 0;
    m->stats.seconds = 0;
    memset(&m->work, 0, sizeof m->work);
    rc = check_input(m, err);
    if (rc != MF_OK)
        return rc;
    rc = check_costs(m, err);
    if (rc != MF_OK)
        return rc;
    if (!m->basis)
        cold_basis(m);
    else if (m->pot_stale)
        compute_potentials(m); /* a tree arc's cost changed */

    /* Block search beat the candidate list at every size we measured. */
    rule = o.pivot;
    if (rule == MCF_PIVOT_AUTO)
        rule = MCF_PIVOT_BLOCK;
    /* Half of sqrt(arcs): with the mixed scan order, smaller blocks than
     * the classic sqrt(arcs) measured as fast or faster from M to L
     * (docs/internals/mcf.md). */
    block =
        o.block_size > 0 ? o.block_size : (int64_t)(0.5 * sqrt((double)m->m));
    if (block < 10)
        block = 10;
    minor_limit = 0;
    if (rule == MCF_PIVOT_CANDIDATE) {
        int64_t len = o.block_size > 0 ? o.block_size
                                       : (int64_t)(0.25 * sqrt((double)m->m));

        if (len < 10)
            len = 10;
        if (len > m->m)
            len = m->m > 0 ? m->m : 1;
        if (m->cand_len < len) {
            int32_t *p = realloc(m->cand, (size_t)len * sizeof *p);

            if (!p)
                return mf_error_set(err, MF_ENOMEM, "out of memory");
            m->cand = p;
        }
        m->cand_len = (int)len;
        minor_limit = len / 10 < 3 ? 3 : len / 10;
    }
    /* Mixed again whenever arcs were added, so that the pricing order
     * does not depend on the history of the object. Out of memory, the
     * solve goes on with one block after another in storage order. */
    if (m->m != m->mixed_m && mix_arcs(m) != MF_OK) {
        m->short_at = -1;
        m->short_len = 0;
    }

    /* The pricing loop (mcf_int.h). The int32 copy of the costs costs a
     * pass over the arcs, so a solve takes it only once block search has
     * priced as many arcs as there are (a short warm re-solve never
     * does); a forced loop is taken at once. The loop does not change
     * which arcs enter. */
    m->priced = 0;
    narrow_at = -1;
    if (rule == MCF_PIVOT_BLOCK && m->m > 0) {
        price = MCF_PRICE_INT64;
        if (m->price == MCF_PRICE_AUTO) {
            if (m->m >= MCF_NARROW_ARCS)
                narrow_at = m->m;
        } else if (m->price != MCF_PRICE_INT64) {
            narrow_at = 0;
        }
    }
    load_tree_arcs(m);

    rc = MF_OK;
#ifdef MCF_CHECK_STRONG
    check_strong(m, "at the start");
#endif
    renumber_at = RENUMBER_WORK * ((int64_t)m->n + 1);
    if (m->m > 0) {
        for (;;) {
            if (m->walked >= renumber_at)
                renumber_by_thread(m);
            if (narrow_at >= 0 && m->priced >= narrow_at) {
                narrow_at = -1;
                if (narrow_costs(m))
                    price = simd_ok(m) ? MCF_PRICE_AVX512 : MCF_PRICE_INT32;
            }
            if (rule == MCF_PIVOT_CANDIDATE)
                e = price_candidate(m, &pos, &cs, minor_limit);
#ifdef MCF_HAVE_AVX512
            else if (price == MCF_PRICE_AVX512)
                e = price_block_avx512(m, &pos, block);
#endif
            else if (price == MCF_PRICE_INT32)
                e = price_block32(m, &pos, block);
            else
                e = price_block(m, &pos, block);
            if (e < 0)
                break;
            rc = pivot(m, e);
            if (rc != MF_OK)
                break;
            if (o.stop && m->stats.pivots % MCF_STOP_EVERY == 0 &&
                o.stop(o.stop_ctx, m->stats.pivots)) {
                stopped = 1;
                break;
            }
#ifdef MCF_CHECK_STRONG
            check_strong(m, "after a pivot");
#endif
        }
    }
    store_tree_arcs(m);
    m->work.price = price;
    normalize_potentials(m);
    m->stats.seconds = now_seconds() - t0;
    if (stopped)
        return mf_error_set(err, MF_ERR, "stopped");
    if (rc == MF_EUNBOUNDED)
        return mf_error_set(err, MF_EUNBOUNDED,
                            "unbounded: a cycle of negative cost and "
                            "unlimited capacity exists");
    for (v = 0; v < m->n; v++) {
        if (m->flow[v] != 0)
            return report_infeasible(m, err);
    }
    rc = compute_objective(m, err);
    if (rc != MF_OK)
        return rc;
    m->solved = 1;
#ifdef NDEBUG
    if (o.check)
#endif
    {
        rc = mcf_check(m, err);
        if (rc != MF_OK) {
            m->solved = 0;
            return rc;
        }
    }
    return MF_OK;
}

/* ------------------------------------------------------------------ */
/* Starting from a given flow                                          */
/* ------------------------------------------------------------------ */

static int uf_find(int32_t *uf, int32_t x)
{
    while (uf[x] != x) {
        uf[x] = uf[uf[x]];
        x = uf[x];
    }
    return x;
}

/* Builds the forest of free arcs (0 < flow < cap) with union-find, the
 * tree of each component rooted at its first node, and the thread in
 * preorder. Returns the caller's number of the first arc that would close
 * a cycle (-1 if none). Uses m->parent/pred/up/thread/succ_num/last_succ
 * as output; adj/start/uf/stack are caller scratch. */
struct forest_scratch {
    int32_t *uf;    /* n */
    int32_t *start; /* n + 1 */
    int32_t *adj;   /* 2 * m */
    int32_t *stack; /* n */
};

static int64_t build_forest(struct mcf *m, struct forest_scratch *fs)
{
    const int n = m->n;
    const int root = n;
    int64_t i, a, cyc = -1;
    int32_t v, tail;

    for (v = 0; v < n; v++) {
        fs->uf[v] = v;
        fs->start[v] = 0;
    }
    fs->start[n] = 0;
    /* Forest arcs get state TREE; cycle-closing free arcs stay -2. Arcs
     * are taken in the caller's order, so that the forest does not depend
     * on how they are stored. */
    for (a = 0; a < m->m; a++) {
        int32_t ru, rv;

        i = n + m->aint[a];
        if (m->state[i] != ST_TREE && m->state[i] != -2)
            continue;
        ru = uf_find(fs->uf, m->src[i]);
        rv = uf_find(fs->uf, m->tgt[i]);
        if (ru == rv) {
            m->state[i] = -2;
            if (cyc < 0)
                cyc = a;
            continue;
        }
        m->state[i] = ST_TREE;
        fs->uf[ru] = rv;
        fs->start[m->src[i]]++;
        fs->start[m->tgt[i]]++;
    }
    /* Adjacency of the forest (CSR). */
    {
        int32_t acc = 0;

        for (v = 0; v <= n; v++) {
            int32_t c = v < n ? fs->start[v] : 0;

            fs->start[v] = acc;
            acc += c;
        }
    }
    for (a = 0; a < m->m; a++) {
        i = n + m->aint[a];
        if (m->state[i] != ST_TREE)
            continue;
        fs->adj[fs->start[m->src[i]]++] = (int32_t)i;
        fs->adj[fs->start[m->tgt[i]]++] = (int32_t)i;
    }
    for (v = n; v > 0; v--)
        fs->start[v] = fs->start[v - 1];
    fs->start[0] = 0;

    /* Depth-first preorder of each component; the component's first node
     * hangs from the root by its artificial arc, pointing up. */
    for (v = 0; v < n; v++)
        m->parent[v] = -2;
    tail = root;
    for (v = 0; v < n; v++) {
        int32_t sp = 0;

        if (m->parent[v] != -2)
            continue;
        m->parent[v] = root;
        m->pred[v] = v;
        m->up[v] = 1;
        m->state[v] = ST_TREE;
        fs->stack[sp++] = v;
        while (sp > 0) {
            int32_t x = fs->stack[--sp];
            int32_t j;

            m->thread[tail] = x;
            m->rev_thread[x] = tail;
            tail = x;
            for (j = fs->start[x]; j < fs->start[x + 1]; j++) {
                int32_t a = fs->adj[j];
                int32_t y = m->src[a] == x ? m->tgt[a] : m->src[a];

                if (m->parent[y] != -2 || y == m->parent[x])
                    continue;
                m->parent[y] = x;
                m->pred[y] = a;
                m->up[y] = (int8_t)(m->src[a] == y);
                fs->stack[sp++] = y;
            }
        }
    }
    m->thread[tail] = root;
    m->rev_thread[root] = tail;
    m->parent[root] = -1;
    m->pred[root] = -1;
    compute_subtrees(m);
    return cyc;
}

/* Cancels the cycle closed by free arc c in the forest: pushes flow round
 * it in the direction that does not raise the cost until an arc reaches a
 * bound; that arc stops being free. Returns 0, or -1 if the push is
 * unlimited (a negative cycle of unbounded capacity). */
static int cancel_cycle(struct mcf *m, int64_t c)
{
    int32_t u = m->src[c], w = m->tgt[c], a, b;
    int64_t ccost = m->cost[c], delta, r;
    int dir;

    /* Cycle: c from u to w, then the tree path w -> join -> u. */
    a = u;
    b = w;
    while (a != b) {
        if (m->succ_num[a] < m->succ_num[b]) {
            /* path join -> u goes down to a */
            ccost += m->up[a] ? -m->cost[m->pred[a]] : m->cost[m->pred[a]];
            a = m->parent[a];
        } else {
            ccost += m->up[b] ? m->cost[m->pred[b]] : -m->cost[m->pred[b]];
            b = m->parent[b];
        }
    }
    dir = ccost <= 0 ? 1 : -1;
    delta = dir > 0 ? (m->cap[c] == MCF_INF ? MCF_INF : m->cap[c] - m->flow[c])
                    : m->flow[c];
    a = u;
    b = w;
    while (a != b) {
        if (m->succ_num[a] < m->succ_num[b]) {
            r = dir > 0 ? resid_down(m, a) : resid_up(m, a);
            a = m->parent[a];
        } else {
            r = dir > 0 ? resid_up(m, b) : resid_down(m, b);
            b = m->parent[b];
        }
        if (r < delta)
            delta = r;
    }
    if (delta >= MCF_INF)
        return -1;
    m->flow[c] += dir * delta;
    a = u;
    b = w;
    while (a != b) {
        int32_t x;
        int sgn;

        if (m->succ_num[a] < m->succ_num[b]) {
            x = a;
            sgn = m->up[x] ? -dir : dir;
            a = m->parent[a];
        } else {
            x = b;
            sgn = m->up[x] ? dir : -dir;
            b = m->parent[b];
        }
        m->flow[m->pred[x]] += sgn * delta;
    }
    return 0;
}

static void classify(struct mcf *m, int64_t i)
{
    if (m->flow[i] == 0)
        m->state[i] = ST_LOWER;
    else if (m->flow[i] == m->cap[i])
        m->state[i] = ST_UPPER;
    else if (m->state[i] != -2)
        m->state[i] = ST_TREE;
}

int mcf_set_start_flow(struct mcf *m, const int64_t *flow, struct mf_error *err)
{
    const int n = m->n;
    struct forest_scratch fs = {0};
    int64_t *excess = NULL, i, c, ca;
    char where[48];
    int rc = MF_OK, v, rounds;

    rc = check_costs(m, err);
    if (rc != MF_OK)
        return rc;
    excess = calloc((size_t)n + 1, sizeof *excess);
    fs.uf = malloc(((size_t)n + 1) * sizeof *fs.uf);
    fs.start = malloc(((size_t)n + 2) * sizeof *fs.start);
    fs.adj = malloc(((size_t)2 * m->m + 1) * sizeof *fs.adj);
    fs.stack = malloc(((size_t)n + 1) * sizeof *fs.stack);
    if (!excess || !fs.uf || !fs.start || !fs.adj || !fs.stack) {
        rc = mf_error_set(err, MF_ENOMEM, "out of memory");
        goto done;
    }
    for (v = 0; v < n; v++)
        excess[v] = m->supply[v];
    for (i = 0; i < m->m; i++) {
        int64_t j, x = flow[i], cap;

        if (x == 0)
            continue; /* within any bounds, and moves nothing */
        j = n + m->aint[i];
        cap = m->cap[j];
        if (x < 0 || x > cap || x >= MCF_INF) {
            snprintf(where, sizeof where, "flow[%" PRId64 "]", i);
            rc = mf_error_at(err, MF_EINVAL, where,
                             "arc %" PRId64 ": start flow %" PRId64
                             " outside [0, %" PRId64 "]",
                             i, x, cap);
            goto done;
        }
        if (add_ovf(excess[m->src[j]], -x, &excess[m->src[j]]) ||
            add_ovf(excess[m->tgt[j]], x, &excess[m->tgt[j]])) {
            rc = mf_error_set(err, MF_ERANGE, "start flow totals overflow");
            goto done;
        }
    }
    for (v = 0; v < n; v++) {
        if (excess[v] != 0) {
            snprintf(where, sizeof where, "node %d", v);
            rc = mf_error_at(err, MF_EINVAL, where,
                             "start flow breaks conservation at node %d: "
                             "%" PRId64 " units unbalanced",
                             v, excess[v]);
            goto done;
        }
    }

    /* The tree is built anew, with the tree nodes numbered as the
     * caller's nodes (the solve renumbers them in thread order). */
    for (v = 0; v <= n; v++)
        m->ext_of[v] = m->int_of[v] = v;
    /* Bounded arcs are nonbasic; free arcs must form a forest. A free arc
     * that closes a cycle gets the cycle cancelled, which bounds some arc
     * of it; the forest is rebuilt when that arc was a forest arc. */
    for (i = n; i < (int64_t)n + m->m; i++) {
        m->flow[i] = flow[m->aext[i - n]];
        m->state[i] = ST_TREE;
        classify(m, i);
    }
    for (v = 0; v < n; v++) {
        m->src[v] = v;
        m->tgt[v] = n;
        m->cost[v] = 0;
        m->cap[v] = MCF_INF;
        m->flow[v] = 0;
        m->state[v] = ST_LOWER;
    }
    rounds = 0;
    for (;;) {
        c = build_forest(m, &fs);
        if (c < 0)
            break;
        if (++rounds > 1000) {
            /* Pathological: too many cycles among the free arcs. Start
             * cold instead; the result is the same optimum. */
            m->basis = 0;
            goto done;
        }
        /* Cancel every cycle whose blocking arc is the closing arc itself
         * without rebuilding; rebuild after a forest arc is bounded. */
        for (ca = c; ca < m->m; ca++) {
            int64_t fa;
            int forest_changed = 0;

            i = n + m->aint[ca];
            if (m->state[i] != -2)
                continue;
            if (cancel_cycle(m, i) != 0) {
                m->basis = 0;
                goto done;
            }
            m->state[i] = ST_TREE;
            classify(m, i);
            if (m->state[i] == ST_TREE)
                m->state[i] = -2;
            /* Did a forest arc reach a bound? */
            {
                int32_t a = m->src[i], b = m->tgt[i];

                while (a != b) {
                    int32_t x;

                    if (m->succ_num[a] < m->succ_num[b]) {
                        x = a;
                        a = m->parent[a];
                    } else {
                        x = b;
                        b = m->parent[b];
                    }
                    fa = m->pred[x];
                    if (m->flow[fa] == 0 || m->flow[fa] == m->cap[fa]) {
                        classify(m, fa);
                        forest_changed = 1;
                    }
                }
            }
            if (forest_changed)
                break;
        }
        /* Remaining closing arcs (-2) that are still free re-enter the
         * union-find in the next round. */
    }
    m->basis = 1;
    m->solved = 0;
    compute_potentials(m);
    m->walked = INT64_MAX / 2; /* renumber in thread order at the solve */
done:
    free(excess);
    free(fs.uf);
    free(fs.start);
    free(fs.adj);
    free(fs.stack);
    return rc;
}

/* A solution found elsewhere (mcf_split.c): the flow gives the basis
 * for later solves (as mcf_set_start_flow), the potentials are taken as
 * given and marked stale for the tree, and the certificate decides. */
int mcf_install_solution(struct mcf *m, const int64_t *flow, const int64_t *pi,
                         int64_t pivots, double t0, struct mf_error *err)
{
    int rc = mcf_set_start_flow(m, flow, err);

    m->solved = 0;
    if (rc != MF_OK)
        return rc;
    memcpy(m->pi, pi, (size_t)m->n * sizeof *m->pi);
    m->pi[m->n] = 0;
    /* The next solve recomputes the potentials from the tree. */
    m->pot_stale = 1;
    memset(&m->work, 0, sizeof m->work);
    m->stats.pivots = pivots;
    m->stats.degenerate_pivots = 0;
    rc = compute_objective(m, err);
    if (rc != MF_OK)
        return rc;
    m->solved = 1;
    rc = mcf_check(m, err);
    if (rc != MF_OK)
        m->solved = 0;
    m->stats.seconds = now_seconds() - t0;
    return rc;
}

/* ------------------------------------------------------------------ */
/* Certificate                                                         */
/* ------------------------------------------------------------------ */

/* The arc an error names, written only for the error (not a snprintf
 * for each of the national network's 18 million arcs). */
static const char *arc_where(char *buf, size_t len, int64_t a)
{
    snprintf(buf, len, "arc %" PRId64, a);
    return buf;
}

int mcf_check(const struct mcf *m, struct mf_error *err)
{
    const int n = m->n;
    int64_t *bal, a;
    char where[48];
    int v, rc = MF_OK;

    bal = calloc((size_t)n + 1, sizeof *bal);
    if (!bal)
        return mf_error_set(err, MF_ENOMEM, "out of memory");
    for (v = 0; v < n; v++)
        bal[v] = m->supply[v];
    for (a = 0; a < m->m; a++) {
        int64_t i = n + m->aint[a];
        int64_t x = m->flow[i], cap = m->cap[i], rc_, t;

        if (x < 0 || x > cap) {
            rc = mf_error_at(err, MF_ERR, arc_where(where, sizeof where, a),
                             "certificate: flow %" PRId64
                             " outside [0, %" PRId64 "]",
                             x, cap);
            goto done;
        }
        if (add_ovf(bal[m->src[i]], -x, &bal[m->src[i]]) ||
            add_ovf(bal[m->tgt[i]], x, &bal[m->tgt[i]])) {
            rc = mf_error_at(err, MF_ERR, arc_where(where, sizeof where, a),
                             "certificate: balance overflows");
            goto done;
        }
        if (add_ovf(m->cost[i], m->pi[m->src[i]], &t) ||
            add_ovf(t, -m->pi[m->tgt[i]], &rc_)) {
            rc = mf_error_at(err, MF_ERR, arc_where(where, sizeof where, a),
                             "certificate: reduced cost overflows");
            goto done;
        }
        if ((x < cap && rc_ < 0) || (x > 0 && rc_ > 0)) {
            rc = mf_error_at(err, MF_ERR, arc_where(where, sizeof where, a),
                             "certificate: reduced cost %" PRId64
                             " with flow %" PRId64 " of %" PRId64,
                             rc_, x, cap);
            goto done;
        }
    }
    for (v = 0; v < n; v++) {
        if (bal[v] != 0) {
            snprintf(where, sizeof where, "node %d", v);
            rc = mf_error_at(err, MF_ERR, where,
                             "certificate: conservation fails at node %d "
                             "by %" PRId64,
                             v, bal[v]);
            goto done;
        }
    }
done:
    free(bal);
    return rc;
}

/* ------------------------------------------------------------------ */
/* DIMACS                                                              */
/* ------------------------------------------------------------------ */

int mcf_write_dimacs(const struct mcf *m, FILE *f, const char *comment,
                     struct mf_error *err)
{
    int64_t a;
    int v;

    if (comment) {
        const char *p = comment;

        while (*p) {
            const char *nl = strchr(p, '\n');
            int len = nl ? (int)(nl - p) : (int)strlen(p);

            fprintf(f, "c %.*s\n", len, p);
            p += len;
            if (*p == '\n')
                p++;
        }
    }
    fprintf(f, "p min %d %d\n", m->n, m->m);
    for (v = 0; v < m->n; v++) {
        if (m->supply[v] != 0)
            fprintf(f, "n %d %" PRId64 "\n", v + 1, m->supply[v]);
    }
    for (a = 0; a < m->m; a++) {
        int64_t i = (int64_t)m->n + m->aint[a];

        fprintf(f, "a %d %d 0 %" PRId64 " %" PRId64 "\n", m->src[i] + 1,
                m->tgt[i] + 1, m->cap[i], m->cost[i]);
    }
    if (ferror(f))
        return mf_error_set(err, MF_EIO, "writing DIMACS failed");
    return MF_OK;
}

/* One line being parsed: the bytes [p, end) and its number. */
struct dline {
    const char *p;
    const char *end;
    long no;
};

static int is_blank(char c)
{
    return c == ' ' || c == '\t' || c == '\v' || c == '\f';
}

/* Next whitespace-separated token; 0 when none is left. */
static int next_token(struct dline *ln, const char **tok, size_t *len)
{
    while (ln->p < ln->end && is_blank(*ln->p))
        ln->p++;
    if (ln->p == ln->end)
        return 0;
    *tok = ln->p;
    while (ln->p < ln->end && !is_blank(*ln->p))
        ln->p++;
    *len = (size_t)(ln->p - *tok);
    return 1;
}

/* Parses a decimal integer token into [lo, hi]. Returns 0, or -1 not a
 * number, -2 out of range. */
static int parse_i64(const char *s, size_t len, int64_t lo, int64_t hi,
                     int64_t *out)
{
    size_t i = 0;
    int neg = 0;
    uint64_t v = 0;
    const uint64_t lim = (uint64_t)INT64_MAX + 1;

    if (len > 0 && (s[0] == '+' || s[0] == '-')) {
        neg = s[0] == '-';
        i = 1;
    }
    if (i == len)
        return -1;
    for (; i < len; i++) {
        unsigned d;

        if (s[i] < '0' || s[i] > '9')
            return -1;
        d = (unsigned)(s[i] - '0');
        if (v > (lim - d) / 10)
            return -2;
        v = v * 10 + d;
    }
    if (!neg && v > (uint64_t)INT64_MAX)
        return -2;
    if (neg) {
        int64_t x = v == lim ? INT64_MIN : -(int64_t)v;

        if (x < lo)
            return -2;
        *out = x;
        return 0;
    }
    if ((int64_t)v > hi || (int64_t)v < lo)
        return -2;
    *out = (int64_t)v;
    return 0;
}

static int dimacs_fail(struct mf_error *err, enum mf_status code, long no,
                       const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 4, 5)))
#endif
    ;

static int dimacs_fail(struct mf_error *err, enum mf_status code, long no,
                       const char *fmt, ...)
{
    char where[48];
    char msg[240];
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    snprintf(where, sizeof where, "line %ld", no);
    return mf_error_at(err, code, where, "line %ld: %s", no, msg);
}

/* Reads the numeric fields of one line into v[0..count-1], refusing
 * missing, extra, non-numeric or out-of-range fields. */
static int read_fields(struct dline *ln, const char *const *names,
                       const int64_t *lo, const int64_t *hi, int count,
                       int64_t *v, struct mf_error *err)
{
    const char *tok;
    size_t len;
    int i, r;

    for (i = 0; i < count; i++) {
        if (!next_token(ln, &tok, &len))
            return dimacs_fail(err, MF_EINVAL, ln->no, "missing field `%s`",
                               names[i]);
        r = parse_i64(tok, len, lo[i], hi[i], &v[i]);
        if (r == -1)
            return dimacs_fail(err, MF_EINVAL, ln->no,
                               "field `%s` is not an integer", names[i]);
        if (r == -2)
            return dimacs_fail(err, MF_EINVAL, ln->no,
                               "field `%s` is out of range [%" PRId64
                               ", %" PRId64 "]",
                               names[i], lo[i], hi[i]);
    }
    if (next_token(ln, &tok, &len))
        return dimacs_fail(err, MF_EINVAL, ln->no,
                           "unexpected extra field `%.*s`",
                           (int)(len < 20 ? len : 20), tok);
    return MF_OK;
}

int mcf_read_dimacs_limit(struct mcf **out, const char *text, size_t len,
                          int max_nodes, struct mf_error *err)
{
    const char *p = text;
    const char *end = text + len;
    struct mcf *m = NULL;
    int64_t n_nodes = 0, n_arcs = 0, seen_arcs = 0, offset = 0;
    uint8_t *seen_node = NULL;
    long no = 0;
    int rc = MF_OK;

    *out = NULL;
    while (p < end) {
        struct dline ln;
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        const char *tok;
        size_t tlen, llen;

        ln.p = p;
        ln.end = nl ? nl : end;
        ln.no = ++no;
        p = nl ? nl + 1 : end;
        if (ln.end > ln.p && ln.end[-1] == '\r')
            ln.end--;
        llen = ln.end > ln.p ? (size_t)(ln.end - ln.p) : 0;
        if (llen && memchr(ln.p, '\0', llen)) {
            rc = dimacs_fail(err, MF_EINVAL, no, "contains a NUL byte");
            goto fail;
        }
        if (!next_token(&ln, &tok, &tlen))
            continue; /* blank line */
        if (tok[0] == 'c' && tlen >= 1)
            continue; /* comment */
        if (tlen != 1) {
            rc = dimacs_fail(err, MF_EINVAL, no,
                             "unknown line type `%.*s` (expected c, p, n "
                             "or a)",
                             (int)(tlen < 20 ? tlen : 20), tok);
            goto fail;
        }
        if (tok[0] == 'p') {
            static const char *const names[] = {"nodes", "arcs"};
            const int64_t lo[] = {0, 0};
            int64_t hi[2], v[2];

            hi[0] = max_nodes;
            hi[1] = INT_MAX / 2;
            if (m) {
                rc = dimacs_fail(err, MF_EINVAL, no, "second problem line");
                goto fail;
            }
            if (!next_token(&ln, &tok, &tlen) || tlen != 3 ||
                memcmp(tok, "min", 3) != 0) {
                rc = dimacs_fail(err, MF_EINVAL, no,
                                 "problem type must be `min`");
                goto fail;
            }
            rc = read_fields(&ln, names, lo, hi, 2, v, err);
            if (rc != MF_OK)
                goto fail;
            if (v[0] + (int64_t)v[1] >= INT_MAX / 2) {
                rc = dimacs_fail(err, MF_EINVAL, no, "too many nodes and arcs");
                goto fail;
            }
            /* An arc line takes at least 12 bytes ("a 1 1 0 0 0\n"), so a
             * header claiming more arcs than the text can hold is a lie;
             * refuse it before allocating for it. */
            if (v[1] > (int64_t)(len / 12) + 1) {
                rc = dimacs_fail(err, MF_EINVAL, no,
                                 "declares %" PRId64
                                 " arcs, more than the text can hold",
                                 v[1]);
                goto fail;
            }
            n_nodes = v[0];
            n_arcs = v[1];
            rc = mcf_new(&m, (int)n_nodes, (size_t)n_arcs, err);
            if (rc != MF_OK)
                goto fail;
            seen_node = calloc((size_t)n_nodes + 1, 1);
            if (!seen_node) {
                rc = mf_error_set(err, MF_ENOMEM, "out of memory");
                goto fail;
            }
            continue;
        }
        if (tok[0] != 'n' && tok[0] != 'a') {
            rc = dimacs_fail(err, MF_EINVAL, no,
                             "unknown line type `%.*s` (expected c, p, n "
                             "or a)",
                             (int)(tlen < 20 ? tlen : 20), tok);
            goto fail;
        }
        if (!m) {
            rc = dimacs_fail(err, MF_EINVAL, no,
                             "`%c` line before the problem line `p min N "
                             "M`",
                             tok[0]);
            goto fail;
        }
        if (tok[0] == 'n') {
            static const char *const names[] = {"node", "supply"};
            const int64_t lo[] = {1, -MCF_INF + 1};
            int64_t hi[2], v[2], s;

            hi[0] = n_nodes;
            hi[1] = MCF_INF - 1;
            rc = read_fields(&ln, names, lo, hi, 2, v, err);
            if (rc != MF_OK)
                goto fail;
            if (seen_node[v[0]]) {
                rc = dimacs_fail(err, MF_EINVAL, no,
                                 "node %" PRId64 " given a second time", v[0]);
                goto fail;
            }
            seen_node[v[0]] = 1;
            s = m->supply[v[0] - 1] + v[1];
            if (s <= -MCF_INF || s >= MCF_INF) {
                rc = dimacs_fail(err, MF_ERANGE, no,
                                 "supply of node %" PRId64
                                 " out of range after lower bounds",
                                 v[0]);
                goto fail;
            }
            m->supply[v[0] - 1] = s;
            continue;
        }
        {
            static const char *const names[] = {"tail", "head", "low", "cap",
                                                "cost"};
            int64_t lo[5] = {1, 1, 0, 0, -MCF_INF + 1};
            int64_t hi[5], v[5], t, su, sv;
            int r;

            hi[0] = n_nodes;
            hi[1] = n_nodes;
            hi[2] = MCF_INF - 1;
            hi[3] = INT64_MAX;
            hi[4] = MCF_INF - 1;
            rc = read_fields(&ln, names, lo, hi, 5, v, err);
            if (rc != MF_OK)
                goto fail;
            if (v[3] < v[2]) {
                rc = dimacs_fail(err, MF_EINVAL, no,
                                 "capacity %" PRId64
                                 " below lower bound %" PRId64,
                                 v[3], v[2]);
                goto fail;
            }
            if (seen_arcs == n_arcs) {
                rc = dimacs_fail(err, MF_EINVAL, no,
                                 "more arc lines than the %" PRId64 " declared",
                                 n_arcs);
                goto fail;
            }
            if (v[3] >= MCF_INF)
                v[3] = MCF_INF;
            if (v[2] > 0) {
                /* Send the lower bound up front: tail supplies it, head
                 * receives it, and the arc keeps cap - low. */
                su = m->supply[v[0] - 1] - v[2];
                sv = m->supply[v[1] - 1] + v[2];
                if (su <= -MCF_INF || sv >= MCF_INF ||
                    mul_ovf(v[2], v[4], &t) || add_ovf(offset, t, &offset)) {
                    rc = dimacs_fail(err, MF_ERANGE, no,
                                     "lower bound %" PRId64
                                     " overflows the supplies or cost",
                                     v[2]);
                    goto fail;
                }
                m->supply[v[0] - 1] = su;
                m->supply[v[1] - 1] = sv;
                if (v[3] != MCF_INF)
                    v[3] -= v[2];
            }
            r = mcf_add_arc(m, (int)v[0] - 1, (int)v[1] - 1, v[3], v[4]);
            if (r < 0) {
                rc = mf_error_set(err, r, "line %ld: cannot add arc", no);
                goto fail;
            }
            seen_arcs++;
        }
    }
    if (!m) {
        rc = mf_error_at(err, MF_EINVAL, "line 1",
                         "no problem line `p min NODES ARCS`");
        goto fail;
    }
    if (seen_arcs != n_arcs) {
        rc = mf_error_at(err, MF_EINVAL, "end",
                         "%" PRId64 " arc lines, but the problem line "
                         "declares %" PRId64,
                         seen_arcs, n_arcs);
        goto fail;
    }
    m->lb_offset = offset;
    free(seen_node);
    *out = m;
    return MF_OK;
fail:
    free(seen_node);
    mcf_free(m);
    return rc;
}

int mcf_read_dimacs(struct mcf **out, const char *text, size_t len,
                    struct mf_error *err)
{
    return mcf_read_dimacs_limit(out, text, len, MCF_DIMACS_MAX_NODES, err);
}
