/*
 * gnet.h - the planner's network with yields: a generalised minimum-cost
 * flow problem, solved as a linear programme with COIN-OR Clp.
 *
 * A plain network (struct mcf) carries one tonne in, one tonne out on
 * every arc. A processing plant with yields turns one tonne of input into
 * several products by fixed shares (data/yields.csv), and plants with
 * several inputs share one capacity. Neither is a pure network, so the
 * planner solves such networks as the LP
 *
 *   minimise   sum_a cost[a] x[a]
 *   subject to sum_{a out of v} x[a] - sum_{a into v} g(a, v) x[a]
 *                  = supply[v]                        for every node v
 *              sum_{a in row r} x[a] <= cap[r]         for every side row r
 *              0 <= x[a] <= cap[a]
 *
 * where g(a, v) is 1 for an ordinary arc's head and the share of product
 * node v for a processing arc (whose outputs replace its head). The arcs,
 * costs, capacities and supplies are those of the struct mcf; gnet only
 * adds the outputs and the side rows. Networks without yields keep the
 * exact network simplex (mcf.c).
 *
 * The LP optimum is exact up to Clp's tolerances (1e-7); flows come back
 * rounded to whole tonnes by gnet_round (never above an arc's or a side
 * row's capacity), potentials in the sign convention of mcf.h.
 */
#ifndef MF_PLAN_GNET_H
#define MF_PLAN_GNET_H

#include "masseflyt/error.h"
#include "plan/mcf.h"

#include <stdint.h>
#include <stdio.h>

/* One product of a processing arc. */
struct gnet_out {
    int node;
    double share;
};

struct gnet {
    /* Processing arcs: arc[i] sends out[first[i] .. first[i + 1]) instead
     * of one unit to its head. */
    int n_gen, cap_gen;
    int *gen_arc;
    int *gen_first; /* n_gen + 1 entries once anything is added */
    struct gnet_out *out;
    int n_out, cap_out;
    /* Side rows: the arcs of row r, row_arc[row_first[r] ..
     * row_first[r + 1]), carry at most row_cap[r] together. */
    int n_rows, cap_rows;
    int *row_first; /* n_rows + 1 entries once anything is added */
    int64_t *row_cap;
    int *row_arc;
    int n_row_arcs, cap_row_arcs;
};

/* An optimal basis of a solved LP, kept to start a re-solve of a changed
 * LP from (gnet_solve_from): each arc's status, by its ends and its rank
 * among the arcs with the same ends, and each row's. Opaque. */
struct gnet_basis;
void gnet_basis_free(struct gnet_basis *b);

/* How a solve started (gnet_result.warm). */
enum gnet_start {
    GNET_COLD = 0,       /* from no basis: none was given */
    GNET_WARM,           /* from the basis given */
    GNET_WARM_NODES,     /* cold: the basis given is of other nodes */
    GNET_WARM_FELL_BACK, /* cold: from the basis given, Clp ended without
                            an optimum, so it was solved again cold */
};

struct gnet_result {
    double objective; /* the LP optimum, in the cost unit (øre) */
    double *x;        /* per arc, as the LP gives it */
    int64_t *flow;    /* per arc, rounded (gnet_round) */
    int64_t *pi;      /* per node: -dual, rounded, as mcf_potential */
    double seconds;
    int iterations;           /* Clp's, of every start made */
    enum gnet_start warm;     /* how it started */
    struct gnet_basis *basis; /* its optimal basis: gnet_result_free */
};

void gnet_init(struct gnet *g);
void gnet_free(struct gnet *g);
/* Adds a processing arc with its outputs. */
int gnet_add_gen(struct gnet *g, int arc, const struct gnet_out *out, int n);
/* Adds a side row over n arcs with capacity cap. */
int gnet_add_row(struct gnet *g, const int *arcs, int n, int64_t cap);

/* Solves the LP of m and g. MF_EINFEASIBLE or MF_EUNBOUNDED as Clp finds;
 * MF_ENOMEM. r is the caller's; free it with gnet_result_free. */
int gnet_solve(const struct mcf *m, const struct gnet *g, struct gnet_result *r,
               struct mf_error *err);

/* Clp's simplex iterations per slice of a solve that can be stopped. */
#define GNET_SLICE 1000

/* gnet_solve, stoppable: Clp runs in slices of simplex iterations, the
 * first of `slice` (GNET_SLICE when slice <= 0), each next one twice the
 * last up to 16 times the first, each resuming from the basis the last
 * one left, and between slices stop(ctx, iterations so far) is
 * asked; a non-zero answer ends the solve with MF_ERR ("stopped"). A
 * solve that is not stopped reaches the same optimum as gnet_solve (the
 * slices only pause it), but without Clp's presolve, which a paused
 * solve cannot resume: on the bench networks it takes about 1.3-2 times
 * as long (docs/PLANNING.md). stop NULL: gnet_solve. */
int gnet_solve_stop(const struct mcf *m, const struct gnet *g,
                    int (*stop)(void *ctx, int64_t iterations), void *ctx,
                    int slice, struct gnet_result *r, struct mf_error *err);
void gnet_result_free(struct gnet_result *r);

/* gnet_solve_stop from a basis of an earlier solve (warm NULL: cold).
 * The arcs are matched by their ends (tail, head; the i-th of several
 * arcs with the same ends to the i-th), the rows by number when the LP
 * has the same rows, else the node rows only with the side rows' slacks
 * basic; an arc without a match starts at its lower bound. Clp's dual
 * simplex then starts from that basis, without presolve (a presolved
 * model has other columns), and repairs what the changes broke: a basis
 * short of basic columns (basic arcs gone; yields_test lp_warm_start) is
 * completed by Clp's factorisation, primal or dual infeasibilities by its
 * phases. Other side rows than the basis had start with their slacks
 * basic, which can leave too many basic columns: untested, and left to
 * Clp and to the cold solve below. The
 * optimum is the LP's either way, but where the LP has several optima
 * the one reached may differ from a cold solve's. A warm solve that ends
 * without an optimum is solved again cold; a basis of other nodes (other
 * count) is not used. r->warm says which. */
int gnet_solve_from(const struct mcf *m, const struct gnet *g,
                    const struct gnet_basis *warm,
                    int (*stop)(void *ctx, int64_t iterations), void *ctx,
                    int slice, struct gnet_result *r, struct mf_error *err);

/* Rounds r->x to whole tonnes into r->flow: to the nearest tonne, except
 * arcs in a side row, which round down (so that the row holds); then
 * every flow is clamped to [0, its capacity]. Never above a capacity:
 * capacities are whole tonnes, so the nearest whole number of an x within
 * its bound is within it too. Conservation then holds to within a tonne
 * per arc at each node; the objective stays the LP's. */
void gnet_round(const struct mcf *m, const struct gnet *g,
                struct gnet_result *r);

/* Writes the LP in CPLEX LP format (readable by glpsol --lp and clp):
 * variables x<arc>, node rows n<node>, side rows r<row>. */
int gnet_write_lp(const struct mcf *m, const struct gnet *g, FILE *f,
                  struct mf_error *err);

#endif
