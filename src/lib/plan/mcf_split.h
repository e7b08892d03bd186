/*
 * mcf_split.h - an exact split of a min-cost-flow network into the pieces
 * that only a source and a sink join, solved on several threads.
 *
 * The planner's networks have a quarry source s that supplies the total
 * demand and a landfill sink t that takes the total supply, joined by an
 * arc s -> t of unlimited capacity that carries what neither uses. Without
 * s and t the network falls apart into components (one large one that
 * storage, flexible needs and stockpiles join over the weeks, and
 * thousands of small ones), packed into pieces. Each piece is solved on
 * its own, with copies s_i, t_i of the hubs and an unlimited arc
 * s_i -> t_i of the same cost; s_i sends X_i, the piece's demand plus what
 * its arcs into s can carry back plus one unit (so that s_i -> t_i carries
 * flow unless the piece would route more from s to t), and t_i takes X_i
 * plus the piece's net supply.
 *
 * Put together, the pieces' flows are a flow of the whole network: the
 * hub arc carries what the pieces left of s's supply (checked >= 0).
 * They are optimal when the pieces' potentials, shifted to pi[s_i] = 0,
 * agree at t, that is when s_i -> t_i has the reduced cost 0 in every
 * piece: then every arc meets the optimality conditions with one set of
 * potentials. That holds whenever s_i -> t_i carries flow, and at zero
 * flow when another route from s to t ties with it; when it fails (a
 * piece would take more from s at a profit) the whole network is solved
 * instead. The result is verified by the certificate (mcf_check) on the
 * whole network; when anything does not hold (no such hub pair, a single
 * piece, a piece infeasible or unbounded, the check) the whole network
 * is solved by mcf_solve(), so the answer is always the whole network's
 * optimum or its error, to the unit.
 */
#ifndef MF_PLAN_MCF_SPLIT_H
#define MF_PLAN_MCF_SPLIT_H

#include "plan/mcf.h"

struct mcf_split_info {
    int hub_src; /* s and t (caller's node numbers); -1: none found */
    int hub_dst;
    int components;  /* components left without s and t */
    int pieces;      /* pieces solved (small components packed together) */
    int largest;     /* nodes of the largest piece */
    int whole;       /* 1: the whole network was solved by mcf_solve() */
    const char *why; /* why the whole network was solved (static text) */
    double seconds_pieces;  /* wall seconds of the pieces' solves */
    double seconds_largest; /* the largest piece's own solve, seconds */
};

/* Solves m as mcf_solve() does, through the split when the network has
 * such a hub pair, on up to `threads` threads (<= 0: 2). After MF_OK the
 * flows, potentials, objective and stats (pivots summed over the pieces)
 * read as after mcf_solve(); the basis for a later warm solve is the one
 * mcf_set_start_flow() builds from the optimal flow. info may be NULL.
 * opts->stop is asked as mcf_solve() asks it, from the solving threads
 * one at a time (under a lock), with the pivots of all pieces so far; a
 * stop fails with MF_ERR ("stopped") and leaves m as it was (its start
 * basis, if any). A piece that fails stops the others before the whole
 * solve. */
int mcf_solve_split(struct mcf *m, const struct mcf_opts *opts, int threads,
                    struct mcf_split_info *info, struct mf_error *err);

#endif
