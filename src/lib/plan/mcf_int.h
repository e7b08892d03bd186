/*
 * mcf_int.h - internals of the network simplex (plan/mcf.c) that tests,
 * fuzz targets and benchmarks may use but the planner should not.
 */
#ifndef MF_PLAN_MCF_INT_H
#define MF_PLAN_MCF_INT_H

#include "plan/mcf.h"

/* The node limit mcf_read_dimacs() applies (a file may declare isolated
 * nodes, so the text length does not bound the node count). */
#define MCF_DIMACS_MAX_NODES (1 << 28)

/* As mcf_read_dimacs(), with a caller-chosen node limit; the fuzz target
 * uses a small one so that a header such as "p min 999999999 0" is
 * refused instead of allocating gigabytes. */
int mcf_read_dimacs_limit(struct mcf **out, const char *text, size_t len,
                          int max_nodes, struct mf_error *err);

/* The loops block pricing can use. MCF_PRICE_AUTO (the default) takes
 * the fastest one the costs and the processor allow: AVX-512F gathers
 * when every real arc's cost fits int32 and the processor has AVX-512F,
 * else the scalar loop on an int32 copy of the costs when they fit, else
 * the scalar loop on the int64 costs. All give the same reduced costs,
 * so the same pivots. Tests force each with mcf_set_price(); a forced
 * loop that the costs or the processor do not allow falls back to the
 * next in that order. mcf_get_work() says which loop the last solve
 * used. */
enum mcf_price {
    MCF_PRICE_AUTO = 0,
    MCF_PRICE_INT64,
    MCF_PRICE_INT32,
    MCF_PRICE_AVX512
};

void mcf_set_price(struct mcf *m, enum mcf_price price);

/* What the last mcf_solve() did besides counting pivots (bench/mcf_solve
 * prints it): the tree edges on the pivots' cycles (the walk from the
 * entering arc's ends up to the join), the nodes whose potential was
 * shifted (the smaller side of each cut), and the nodes of the subtrees
 * cut off (what shifting always the cut-off side would have walked). The
 * counts do not depend on the machine's load. price is the pricing loop
 * used (MCF_PRICE_AUTO when the solve did not price by blocks: the
 * candidate list, or no arcs). */
struct mcf_work {
    int64_t cycle;
    int64_t shifted;
    int64_t shifted_subtree;
    enum mcf_price price;
};

void mcf_get_work(const struct mcf *m, struct mcf_work *out);

/* 1 when m holds a primal feasible basis (a start flow or a solve's
 * optimum, arcs added since at zero flow): its flows (mcf_flow) are then
 * a feasible flow of the network as it is. */
int mcf_has_basis(const struct mcf *m);

/* Read-only views of m's arc arrays, for passes over every arc that
 * calls per field would slow (plan/mcf_warm.c's pairing): the caller's
 * arc a is at index at = base + aint[a] of src, tgt, cap, cost and flow,
 * and index at holds the caller's arc aext[at - base]. Valid until m
 * changes. */
struct mcf_arcs {
    const int32_t *src, *tgt, *aint, *aext;
    const int64_t *cap, *cost, *flow;
    int64_t base;
};

void mcf_get_arcs(const struct mcf *m, struct mcf_arcs *out);

/* Installs an optimum found elsewhere (plan/mcf_split.c): flow (one entry
 * per arc, caller's order) becomes the basis as by mcf_set_start_flow(),
 * pi (one per node) the potentials, pivots the stats (seconds since t0,
 * CLOCK_MONOTONIC); then the
 * certificate (mcf_check) must hold, else the error says what broke and
 * m counts as not solved (its basis stays usable). */
int mcf_install_solution(struct mcf *m, const int64_t *flow, const int64_t *pi,
                         int64_t pivots, double t0, struct mf_error *err);

#endif
