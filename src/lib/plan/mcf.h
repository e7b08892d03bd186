/*
 * mcf.h - minimum-cost flow on a directed network by the primal network
 * simplex method, on flat arrays and in exact 64-bit integer arithmetic.
 *
 * This is the solver core of the planner. It knows nothing of lots, sites
 * or files: plan/build.c turns a registry into nodes and arcs, and
 * plan/plan.c reads flows and potentials back.
 *
 * Problem: minimise sum(cost[a] * flow[a]) subject to
 *   0 <= flow[a] <= cap[a]                      for every arc a
 *   sum(flow out of v) - sum(flow into v) = supply[v]   for every node v
 * with sum(supply) = 0. cap may be MCF_INF (no bound). Costs may be
 * negative.
 *
 * Potentials follow LEMON's convention: at the optimum the reduced cost
 *   rc[a] = cost[a] + pi[tail] - pi[head]
 * is >= 0 on every arc with flow < cap and <= 0 on every arc with
 * flow > 0. pi[v] is then the marginal cost of one more unit delivered at
 * v (the price of a tonne there).
 *
 * A solver object can be solved again after arcs are added, costs changed,
 * or capacities raised; it then starts from the previous spanning-tree
 * basis (warm start), which stays primal feasible under those changes.
 */
#ifndef MF_PLAN_MCF_H
#define MF_PLAN_MCF_H

#include "masseflyt/error.h"

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#define MCF_INF (INT64_MAX / 4)

enum mcf_pivot {
    MCF_PIVOT_AUTO = 0, /* the rule that measured fastest on our networks */
    MCF_PIVOT_BLOCK,    /* block search, block size about sqrt(arcs) */
    MCF_PIVOT_CANDIDATE /* candidate list */
};

struct mcf_opts {
    enum mcf_pivot pivot;
    int64_t block_size; /* 0 = automatic */
    int check;          /* 1 = verify the optimality certificate after each
                           solve (always on in debug builds) */
    /* Asked every MCF_STOP_EVERY pivots with the pivots of this solve; a
     * non-zero answer stops the solve, which fails with MF_ERR ("stopped")
     * and leaves a feasible basis to solve on from. NULL: never. */
    int (*stop)(void *ctx, int64_t pivots);
    void *stop_ctx;
};

#define MCF_STOP_EVERY 1024

#define MCF_OPTS_INIT                                                          \
    {                                                                          \
        .pivot = MCF_PIVOT_AUTO, .block_size = 0, .check = 0, .stop = NULL,    \
        .stop_ctx = NULL                                                       \
    }

struct mcf_stats {
    int64_t pivots;
    int64_t degenerate_pivots;
    double seconds;
};

struct mcf;

/* Creates a solver for n_nodes nodes (numbered 0..n_nodes-1) with room
 * for arc_hint arcs (it grows as needed). Caller owns *out. */
int mcf_new(struct mcf **out, int n_nodes, size_t arc_hint,
            struct mf_error *err);
void mcf_free(struct mcf *m);

/* A deep copy of m in the state it is in (network, flows, potentials and
 * spanning-tree basis), to be solved on without touching m: several
 * scenarios re-solved from one base (mcf_warm.h). Caller owns *out. */
int mcf_clone(struct mcf **out, const struct mcf *m, struct mf_error *err);

int mcf_n_nodes(const struct mcf *m);
int mcf_n_arcs(const struct mcf *m);

/* supply > 0: the node sends; < 0: it receives. Changing a supply after
 * a solve makes the next solve start cold. */
void mcf_set_supply(struct mcf *m, int node, int64_t supply);

/* Adds an arc; returns its index (arcs are numbered in the order added)
 * or MF_ENOMEM / MF_EINVAL (bad node, negative capacity). */
int mcf_add_arc(struct mcf *m, int tail, int head, int64_t cap, int64_t cost);

/* Makes arc `arc` another arc (tail, head, cap, cost) in its place, at
 * flow 0, keeping its number. After a solve the arc must be nonbasic and
 * carry no flow (else MF_EINVAL, nothing changed): the basis then stays
 * primal feasible, as with mcf_add_arc(), and the arc keeps its place in
 * the pricing order, so that no arcs need mixing in (mcf_warm.h). Returns
 * MF_OK or MF_EINVAL (also for a bad node or a negative capacity). */
int mcf_replace_arc(struct mcf *m, int arc, int tail, int head, int64_t cap,
                    int64_t cost);

/* Changes an arc's cost (warm start stays valid). */
void mcf_set_cost(struct mcf *m, int arc, int64_t cost);

/* Offers a feasible flow to start from instead of an artificial basis
 * (for example the business-as-usual plan). The flow must satisfy bounds
 * and conservation, else MF_EINVAL says which arc or node breaks it.
 * flow has mcf_n_arcs() entries. */
int mcf_set_start_flow(struct mcf *m, const int64_t *flow,
                       struct mf_error *err);

/* Solves. Returns MF_OK, MF_EINFEASIBLE (no flow meets the supplies; the
 * message names a node short of flow), MF_EUNBOUNDED (a negative-cost
 * cycle of unbounded capacity), MF_ERANGE (a total would overflow
 * int64), MF_EINVAL (supplies do not sum to zero) or MF_ENOMEM.
 * Limits behind MF_ERANGE: (nodes + 1) * (max |cost| + 1) <= 2^57, and
 * finite capacities plus positive supplies below MCF_INF; for lazy arc
 * generation, arcs still to be added must respect the cost bound too.
 * After MF_EINFEASIBLE the potentials are those of the penalised
 * (big-M) optimum, so pricing arcs not yet added still works. */
int mcf_solve(struct mcf *m, const struct mcf_opts *opts, struct mf_error *err);

/* Results of the last successful solve. */
int64_t mcf_flow(const struct mcf *m, int arc);
int64_t mcf_potential(const struct mcf *m, int node);
/* The arcs with nonzero flow, in increasing order, into arcs (room for
 * mcf_n_arcs): their count, or MF_ENOMEM. */
int mcf_flowing_arcs(const struct mcf *m, int32_t *arcs);
int64_t mcf_objective(const struct mcf *m);
void mcf_get_stats(const struct mcf *m, struct mcf_stats *out);

/* Read-only views of the arrays (valid until the next change). */
int mcf_arc_tail(const struct mcf *m, int arc);
int mcf_arc_head(const struct mcf *m, int arc);
int64_t mcf_arc_cap(const struct mcf *m, int arc);
int64_t mcf_arc_cost(const struct mcf *m, int arc);
int64_t mcf_supply(const struct mcf *m, int node);

/* Verifies the last solution from scratch in O(nodes + arcs): bounds,
 * conservation and the reduced-cost optimality conditions, all in exact
 * integers. Returns MF_OK or MF_ERR naming the first violation. */
int mcf_check(const struct mcf *m, struct mf_error *err);

/* DIMACS minimum-cost flow format ("p min", "n", "a" lines; nodes are
 * numbered from 1). Comment lines may be passed in `comment` (may hold
 * newlines; each line is written with a "c " prefix). */
int mcf_write_dimacs(const struct mcf *m, FILE *f, const char *comment,
                     struct mf_error *err);

/* Parses a DIMACS min-cost-flow document. This reads outside input, so it
 * refuses what it does not understand with the line number and reason.
 * Lower bounds are accepted and removed by shifting supplies; then
 * mcf_lower_bound_offset() says how much cost the shift took out. */
int mcf_read_dimacs(struct mcf **out, const char *text, size_t len,
                    struct mf_error *err);
int64_t mcf_lower_bound_offset(const struct mcf *m);

#endif
