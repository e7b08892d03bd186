/*
 * state.h - what a solved plan keeps of its build: the network with its
 * flows and potentials and the builder's endpoint sets, for --explain and
 * for export.
 */
#ifndef MF_PLAN_STATE_H
#define MF_PLAN_STATE_H

#include "plan/build.h"

struct plan_state {
    struct builder b;
    struct plan_network net;
    unsigned char *lot_status, *site_status;
    const struct mf_rule **reason;
    int64_t *qty;     /* per lot endpoint period: whole tonnes */
    int *flex_total;  /* per demand endpoint: its total node, or -1 */
    int n_fixed_arcs; /* arcs before the transport pairs */
    int n_bau_arcs;   /* arcs of the business-as-usual network */
    /* The network with yields is solved as an LP (gnet.h) once reuse is
     * on; then lp holds its flows and potentials. */
    int with_reuse;
    int lp_valid;
    int lp_arcs; /* arcs the LP had */
    struct gnet_result lp;
    /* Warm re-solve (mf_plan_opts.warm_from): warm_src is the solved
     * network to start this phase from; warm its copy, re-solved as
     * net.mcf, whose arc a is warm's arc warm_arc[a]. While warm_valid,
     * the flows, potentials and optimum are read from warm. */
    const struct mcf *warm_src;
    struct mcf *warm;
    int32_t *warm_arc;
    int warm_arcs; /* arcs of net.mcf that warm_arc maps */
    int warm_valid;
    enum mf_warm warm_how; /* of the last phase solved */
    struct mcf *bau_basis; /* opts.keep_basis: the phase-1 optimum */
};

/* The solved network whose basis a warm re-solve starts from: the warm
 * copy while it holds the solution, else net.mcf; NULL when the last
 * solve was the LP. */
const struct mcf *plan_state_basis(const struct plan_state *s);

/* Verifies the solution as read by plan_flow() and plan_potential()
 * against net.mcf itself, in exact integers: bounds, conservation, the
 * reduced-cost optimality conditions, and that the flows cost
 * plan_objective(). For a warm re-solve this certifies the optimum on
 * the changed network, not on the warm copy. MF_OK or MF_ERR naming the
 * first violation. */
int plan_state_certify(const struct plan_state *s, struct mf_error *err);

/* The flow on an arc, the potential of a node and the optimum of the
 * last solve: the network simplex's, or the LP's for a network with
 * yields. */
int64_t plan_flow(const struct plan_state *s, int arc);
int64_t plan_potential(const struct plan_state *s, int node);
int64_t plan_objective(const struct plan_state *s);

struct mcf *plan_state_mcf(const struct plan_state *s);

/* A new state with the lots, sites, their nodes and quantities and the
 * fixed arcs, but no transport arcs yet (plan.c), for the practice
 * baseline (baseline.c). opts must outlive the state. */
int plan_state_prepare(const struct mf_registry *reg,
                       const struct mf_factors *factors,
                       const struct mf_plan_opts *opts, struct plan_state **out,
                       struct mf_error *err);
void plan_state_free(struct plan_state *s);

/* Offers the solver a greedy feasible flow to start from (start.c): with
 * reuse, direct reuse by savings first; then receiving sites and quarries
 * cheapest first within capacity; the rest on the slack arcs. */
int plan_start_flow(struct plan_state *s, int with_reuse, struct mf_error *err);

#endif
