/*
 * mcf_warm.h - re-solving a solved network for a changed one (a scenario:
 * other costs, arcs gone, arcs added, other capacities) from the solved
 * network's spanning-tree basis instead of from scratch.
 *
 * Arcs are matched by tail, head and capacity (parallel arcs in order).
 * A matched arc takes the new cost; an arc of the solved network that the
 * changed one lacks stays with a penalty cost so high that the optimum
 * sends nothing over it; an arc only the changed network has is added.
 * Each of these keeps the basis primal feasible (mcf.h), so the simplex
 * goes on from the old optimum. When it stops with no flow on any
 * penalised arc, its flows are feasible for the changed network and its
 * potentials prove them optimal there (the reduced-cost conditions hold
 * on every arc the changed network has): the same optimum a cold solve
 * finds. Otherwise, or when the nodes or supplies differ, the caller
 * solves the changed network cold.
 */
#ifndef MF_PLAN_MCF_WARM_H
#define MF_PLAN_MCF_WARM_H

#include "plan/mcf.h"

/* Re-solves m, solved before, as the network next (not changed). On
 * MF_OK *warm says whether the warm solve stands: 1 = m's flows and
 * potentials are the optimum of next, next's arc j being m's arc
 * arc_of[j] (mcf_n_arcs(next) entries); 0 = it does not (nodes or
 * supplies differ, or a penalised arc kept flow): solve next cold, and
 * do not use m again. Other returns as mcf_solve(). */
int mcf_warm_resolve(struct mcf *m, const struct mcf *next,
                     const struct mcf_opts *opts, int32_t *arc_of, int *warm,
                     struct mf_error *err);

#endif
