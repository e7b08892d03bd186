/*
 * gnet.c - the network with yields as an LP, solved with COIN-OR Clp
 * (gnet.h). Clp is called through its C interface (Clp_C_Interface.h,
 * Debian coinor-libclp-dev); the matrix is handed over column by column,
 * one column per arc.
 */
#include "plan/gnet.h"

#include "util/vec.h"

#include <Clp_C_Interface.h>
#include <float.h>
#include <inttypes.h>
#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

void gnet_init(struct gnet *g)
{
    memset(g, 0, sizeof *g);
}

void gnet_free(struct gnet *g)
{
    free(g->gen_arc);
    free(g->gen_first);
    free(g->out);
    free(g->row_first);
    free(g->row_cap);
    free(g->row_arc);
    gnet_init(g);
}

int gnet_add_gen(struct gnet *g, int arc, const struct gnet_out *out, int n)
{
    int cap = g->cap_gen, i;

    if (vec_reserve(g->gen_arc, g->cap_gen, (size_t)g->n_gen + 1))
        return MF_ENOMEM;
    if (g->cap_gen != cap || !g->gen_first) {
        int *p = realloc(g->gen_first, ((size_t)g->cap_gen + 1) * sizeof *p);
        if (!p)
            return MF_ENOMEM;
        if (!g->gen_first)
            p[0] = 0;
        g->gen_first = p;
    }
    if (vec_reserve(g->out, g->cap_out, (size_t)g->n_out + (size_t)n))
        return MF_ENOMEM;
    for (i = 0; i < n; i++)
        g->out[g->n_out++] = out[i];
    g->gen_arc[g->n_gen] = arc;
    g->gen_first[++g->n_gen] = g->n_out;
    return MF_OK;
}

int gnet_add_row(struct gnet *g, const int *arcs, int n, int64_t cap)
{
    int old = g->cap_rows, i;

    if (vec_reserve(g->row_cap, g->cap_rows, (size_t)g->n_rows + 1))
        return MF_ENOMEM;
    if (g->cap_rows != old || !g->row_first) {
        int *p = realloc(g->row_first, ((size_t)g->cap_rows + 1) * sizeof *p);
        if (!p)
            return MF_ENOMEM;
        if (!g->row_first)
            p[0] = 0;
        g->row_first = p;
    }
    if (vec_reserve(g->row_arc, g->cap_row_arcs,
                    (size_t)g->n_row_arcs + (size_t)n))
        return MF_ENOMEM;
    for (i = 0; i < n; i++)
        g->row_arc[g->n_row_arcs++] = arcs[i];
    g->row_cap[g->n_rows] = cap;
    g->row_first[++g->n_rows] = g->n_row_arcs;
    return MF_OK;
}

static double now(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

/* The LP's matrix, column by column. */
struct lp {
    int n_rows, n_cols;
    CoinBigIndex *start;
    int *index;
    double *value;
    int *gen_of;  /* per arc: its index among the processing arcs, or -1 */
    int *row_cnt; /* per arc: side rows it is in (offsets into row_of) */
    int *row_of;
};

static void lp_free(struct lp *lp)
{
    free(lp->start);
    free(lp->index);
    free(lp->value);
    free(lp->gen_of);
    free(lp->row_cnt);
    free(lp->row_of);
}

/* Builds the columns: +1 at the tail, minus the gains at the heads, +1
 * in each side row of the arc. */
static int lp_build(const struct mcf *m, const struct gnet *g, struct lp *lp)
{
    int n = mcf_n_nodes(m), na = mcf_n_arcs(m), a, i, r;
    size_t nnz = 0, k;
    int *fill;

    memset(lp, 0, sizeof *lp);
    lp->n_rows = n + g->n_rows;
    lp->n_cols = na;
    lp->gen_of = malloc(((size_t)na + 1) * sizeof *lp->gen_of);
    lp->row_cnt = calloc((size_t)na + 2, sizeof *lp->row_cnt);
    lp->row_of = malloc(((size_t)g->n_row_arcs + 1) * sizeof *lp->row_of);
    lp->start = malloc(((size_t)na + 1) * sizeof *lp->start);
    fill = calloc((size_t)na + 1, sizeof *fill);
    if (!lp->gen_of || !lp->row_cnt || !lp->row_of || !lp->start || !fill)
        goto oom;
    for (a = 0; a < na; a++)
        lp->gen_of[a] = -1;
    for (i = 0; i < g->n_gen; i++)
        lp->gen_of[g->gen_arc[i]] = i;
    /* row_cnt as offsets: counts first, then prefix sums. */
    for (i = 0; i < g->n_row_arcs; i++)
        lp->row_cnt[g->row_arc[i] + 1]++;
    for (a = 0; a < na; a++)
        lp->row_cnt[a + 1] += lp->row_cnt[a];
    for (r = 0; r < g->n_rows; r++)
        for (i = g->row_first[r]; i < g->row_first[r + 1]; i++) {
            int x = g->row_arc[i];
            lp->row_of[lp->row_cnt[x] + fill[x]++] = r;
        }
    for (a = 0; a < na; a++) {
        int gi = lp->gen_of[a];
        lp->start[a] = (CoinBigIndex)nnz;
        nnz += 1 + (size_t)(lp->row_cnt[a + 1] - lp->row_cnt[a]);
        nnz += gi < 0 ? 1 : (size_t)(g->gen_first[gi + 1] - g->gen_first[gi]);
    }
    lp->start[na] = (CoinBigIndex)nnz;
    lp->index = malloc((nnz + 1) * sizeof *lp->index);
    lp->value = malloc((nnz + 1) * sizeof *lp->value);
    if (!lp->index || !lp->value)
        goto oom;
    for (a = 0, k = 0; a < na; a++) {
        int gi = lp->gen_of[a];
        lp->index[k] = mcf_arc_tail(m, a);
        lp->value[k++] = 1;
        if (gi < 0) {
            lp->index[k] = mcf_arc_head(m, a);
            lp->value[k++] = -1;
        } else {
            for (i = g->gen_first[gi]; i < g->gen_first[gi + 1]; i++) {
                lp->index[k] = g->out[i].node;
                lp->value[k++] = -g->out[i].share;
            }
        }
        for (i = lp->row_cnt[a]; i < lp->row_cnt[a + 1]; i++) {
            lp->index[k] = n + lp->row_of[i];
            lp->value[k++] = 1;
        }
    }
    free(fill);
    return MF_OK;
oom:
    free(fill);
    lp_free(lp);
    return MF_ENOMEM;
}

void gnet_result_free(struct gnet_result *r)
{
    gnet_basis_free(r->basis);
    free(r->x);
    free(r->flow);
    free(r->pi);
    memset(r, 0, sizeof *r);
}

int gnet_solve(const struct mcf *m, const struct gnet *g, struct gnet_result *r,
               struct mf_error *err)
{
    return gnet_solve_stop(m, g, NULL, NULL, 0, r, err);
}

/* Clp's status when it stopped at its iteration limit. */
enum { CLP_STOPPED_LIMIT = 3 };

/* Clp's status of a column or row (ClpSimplex::Status). */
enum { CLP_BASIC = 1, CLP_AT_LOWER = 3 };

/* An arc in a basis: its ends, its number, its status. */
struct bkey {
    uint64_t ends; /* tail << 32 | head */
    int32_t arc;
    unsigned char status;
};

struct gnet_basis {
    int n_nodes, n_rows, n_arcs;
    struct bkey *col; /* by ends, then by arc: the runs of equal ends */
    unsigned char *row;
};

void gnet_basis_free(struct gnet_basis *b)
{
    if (!b)
        return;
    free(b->col);
    free(b->row);
    free(b);
}

static int by_ends(const void *x, const void *y)
{
    const struct bkey *a = x, *b = y;

    if (a->ends != b->ends)
        return a->ends < b->ends ? -1 : 1;
    return (a->arc > b->arc) - (a->arc < b->arc);
}

/* The arcs of m by ends (status unset), or NULL without memory. */
static struct bkey *arc_keys(const struct mcf *m)
{
    int na = mcf_n_arcs(m), a;
    struct bkey *k = malloc(((size_t)na + 1) * sizeof *k);

    if (!k)
        return NULL;
    for (a = 0; a < na; a++) {
        k[a].ends = (uint64_t)(uint32_t)mcf_arc_tail(m, a) << 32 |
                    (uint32_t)mcf_arc_head(m, a);
        k[a].arc = a;
        k[a].status = 0;
    }
    qsort(k, (size_t)na, sizeof *k, by_ends);
    return k;
}

/* The basis Clp ended with; NULL without memory (the result stands
 * without it). */
static struct gnet_basis *basis_save(Clp_Simplex *clp, const struct mcf *m,
                                     int n_rows)
{
    struct gnet_basis *b = calloc(1, sizeof *b);
    int i;

    if (!b)
        return NULL;
    b->n_nodes = mcf_n_nodes(m);
    b->n_rows = n_rows;
    b->n_arcs = mcf_n_arcs(m);
    b->col = arc_keys(m);
    b->row = malloc((size_t)n_rows + 1);
    if (!b->col || !b->row) {
        gnet_basis_free(b);
        return NULL;
    }
    for (i = 0; i < b->n_arcs; i++)
        b->col[i].status =
            (unsigned char)Clp_getColumnStatus(clp, b->col[i].arc);
    for (i = 0; i < n_rows; i++)
        b->row[i] = (unsigned char)Clp_getRowStatus(clp, i);
    return b;
}

/* Sets Clp's starting basis from w (gnet.h: gnet_solve_from). MF_OK,
 * MF_ENOMEM. */
static int basis_load(Clp_Simplex *clp, const struct mcf *m, int n_rows,
                      const struct gnet_basis *w)
{
    int na = mcf_n_arcs(m), n = mcf_n_nodes(m), i = 0, j = 0, a;
    struct bkey *k = arc_keys(m);

    if (!k)
        return MF_ENOMEM;
    for (a = 0; a < na; a++)
        Clp_setColumnStatus(clp, a, CLP_AT_LOWER);
    /* Both lists run by ends; within a run of equal ends, the i-th of
     * each is paired. */
    while (i < na && j < w->n_arcs) {
        if (k[i].ends < w->col[j].ends)
            i++;
        else if (k[i].ends > w->col[j].ends)
            j++;
        else
            Clp_setColumnStatus(clp, k[i++].arc, w->col[j++].status);
    }
    for (a = 0; a < n_rows; a++)
        Clp_setRowStatus(clp, a,
                         w->n_rows == n_rows || a < n ? w->row[a] : CLP_BASIC);
    free(k);
    return MF_OK;
}

/* One solve (gnet_solve_from), from w or cold; *optimal is 1 when Clp
 * ended at an optimum, -1 when stop ended the solve, else 0: a warm
 * start's caller solves again cold on 0. */
static int solve_once(const struct mcf *m, const struct gnet *g,
                      const struct gnet_basis *w,
                      int (*stop)(void *ctx, int64_t iterations), void *ctx,
                      int slice, struct gnet_result *r, int *optimal,
                      struct mf_error *err)
{
    int n = mcf_n_nodes(m), na = mcf_n_arcs(m), a, v, status;
    int64_t iterations = 0;
    int limit;
    struct lp lp;
    double *collb = NULL, *colub = NULL, *obj = NULL, *rowlb = NULL,
           *rowub = NULL, t0 = now();
    const double *x, *y;
    Clp_Simplex *clp = NULL;
    int rc = MF_ENOMEM;

    *optimal = 0;
    memset(r, 0, sizeof *r);
    if (lp_build(m, g, &lp))
        return mf_error_set(err, MF_ENOMEM, "out of memory");
    collb = calloc((size_t)na + 1, sizeof *collb);
    colub = malloc(((size_t)na + 1) * sizeof *colub);
    obj = malloc(((size_t)na + 1) * sizeof *obj);
    rowlb = malloc(((size_t)lp.n_rows + 1) * sizeof *rowlb);
    rowub = malloc(((size_t)lp.n_rows + 1) * sizeof *rowub);
    r->x = malloc(((size_t)na + 1) * sizeof *r->x);
    r->flow = malloc(((size_t)na + 1) * sizeof *r->flow);
    r->pi = malloc(((size_t)n + 1) * sizeof *r->pi);
    clp = Clp_newModel();
    if (!collb || !colub || !obj || !rowlb || !rowub || !r->x || !r->flow ||
        !r->pi || !clp)
        goto done;
    for (a = 0; a < na; a++) {
        int64_t c = mcf_arc_cap(m, a);
        colub[a] = c >= MCF_INF ? DBL_MAX : (double)c;
        obj[a] = (double)mcf_arc_cost(m, a);
    }
    for (v = 0; v < n; v++)
        rowlb[v] = rowub[v] = (double)mcf_supply(m, v);
    for (v = 0; v < g->n_rows; v++) {
        rowlb[n + v] = -DBL_MAX;
        rowub[n + v] = (double)g->row_cap[v];
    }
    Clp_setLogLevel(clp, 0);
    Clp_loadProblem(clp, na, lp.n_rows, lp.start, lp.index, lp.value, collb,
                    colub, obj, rowlb, rowub);
    if (w && basis_load(clp, m, lp.n_rows, w))
        goto done;
    /* The dual simplex after presolve: the fastest of Clp's methods on
     * these networks (docs/PLANNING.md). From a basis, without: a
     * presolved model has other columns. */
    if (w && !stop) {
        Clp_dual(clp, 0);
        iterations = Clp_numberIterations(clp);
    } else if (!stop) {
        Clp_initialDualSolve(clp);
        iterations = Clp_numberIterations(clp);
    } else {
        /* In slices of `slice` iterations and more, each call of the dual
         * simplex going on from the basis the last one left (Clp counts
         * each call's iterations from zero). Without presolve: a slice
         * stopped inside a presolved solve resumes on the whole model
         * from a postsolved basis, which cost more than presolve saves
         * (docs/PLANNING.md). */
        if (slice <= 0)
            slice = GNET_SLICE;
        limit = slice;
        Clp_setMaximumIterations(clp, limit);
        Clp_dual(clp, 0);
        iterations = Clp_numberIterations(clp);
        while (Clp_status(clp) == CLP_STOPPED_LIMIT) {
            int done_now;
            if (stop(ctx, iterations)) {
                *optimal = -1;
                rc = mf_error_set(err, MF_ERR, "stopped");
                goto done;
            }
            /* Each call costs a factorisation and setup: the slices
             * double, up to 16 times the first. */
            if (limit < 16 * slice) {
                limit *= 2;
                Clp_setMaximumIterations(clp, limit);
            }
            Clp_dual(clp, 0);
            done_now = Clp_numberIterations(clp);
            iterations += done_now;
            if (done_now <= 0)
                break; /* no progress: reported below as not optimal */
        }
    }
    status = Clp_status(clp);
    *optimal = status == 0 && Clp_isProvenOptimal(clp);
    r->iterations = (int)(iterations < INT_MAX ? iterations : INT_MAX);
    if (status == 1) {
        rc = mf_error_set(err, MF_EINFEASIBLE,
                          "no flow meets the supplies of the network with "
                          "yields (Clp: primal infeasible)");
        goto done;
    }
    if (status == 2) {
        rc = mf_error_set(err, MF_EUNBOUNDED,
                          "the network with yields is unbounded (Clp: dual "
                          "infeasible)");
        goto done;
    }
    if (status != 0 || !Clp_isProvenOptimal(clp)) {
        rc = mf_error_set(err, MF_ERR,
                          "Clp stopped without an optimum of the network "
                          "with yields (status %d)",
                          status);
        goto done;
    }
    x = Clp_getColSolution(clp);
    y = Clp_getRowPrice(clp);
    memcpy(r->x, x, (size_t)na * sizeof *r->x);
    for (v = 0; v < n; v++)
        r->pi[v] = -(int64_t)llround(y[v]);
    r->objective = Clp_getObjValue(clp);
    r->basis = basis_save(clp, m, lp.n_rows);
    gnet_round(m, g, r);
    rc = MF_OK;
done:
    if (rc == MF_ENOMEM)
        mf_error_set(err, MF_ENOMEM, "out of memory");
    if (clp)
        Clp_deleteModel(clp);
    lp_free(&lp);
    free(collb);
    free(colub);
    free(obj);
    free(rowlb);
    free(rowub);
    if (rc != MF_OK) {
        int it = r->iterations;
        gnet_result_free(r);
        r->iterations = it;
    } else
        r->seconds = now() - t0;
    return rc;
}

int gnet_solve_stop(const struct mcf *m, const struct gnet *g,
                    int (*stop)(void *ctx, int64_t iterations), void *ctx,
                    int slice, struct gnet_result *r, struct mf_error *err)
{
    return gnet_solve_from(m, g, NULL, stop, ctx, slice, r, err);
}

int gnet_solve_from(const struct mcf *m, const struct gnet *g,
                    const struct gnet_basis *warm,
                    int (*stop)(void *ctx, int64_t iterations), void *ctx,
                    int slice, struct gnet_result *r, struct mf_error *err)
{
    enum gnet_start how = GNET_COLD;
    int optimal = 0, rc, it;
    double t0 = now();

    if (warm && warm->n_nodes != mcf_n_nodes(m)) {
        warm = NULL;
        how = GNET_WARM_NODES;
    }
    rc = solve_once(m, g, warm, stop, ctx, slice, r, &optimal, err);
    if (warm && optimal == 0 && rc != MF_ENOMEM) {
        /* Clp could not finish from that basis: again, cold. */
        it = r->iterations;
        gnet_result_free(r);
        rc = solve_once(m, g, NULL, stop, ctx, slice, r, &optimal, err);
        r->iterations += it;
        how = GNET_WARM_FELL_BACK;
    } else if (warm)
        how = GNET_WARM;
    r->warm = how;
    if (rc == MF_OK)
        r->seconds = now() - t0;
    return rc;
}

void gnet_round(const struct mcf *m, const struct gnet *g,
                struct gnet_result *r)
{
    int na = mcf_n_arcs(m), a, i, k;
    unsigned char *in_row = calloc((size_t)na + 1, 1);

    for (i = 0; in_row && i < g->n_row_arcs; i++)
        in_row[g->row_arc[i]] = 1;
    for (a = 0; a < na; a++) {
        double x = r->x[a];
        int64_t cap = mcf_arc_cap(m, a), f;
        /* Without memory for the row marks, every arc rounds down: the
         * rows hold all the same. */
        if (!in_row || in_row[a])
            f = x > 0 ? (int64_t)floor(x + 1e-6) : 0;
        else
            f = x > 0 ? (int64_t)llround(x) : 0;
        if (f > cap)
            f = cap;
        if (f < 0)
            f = 0;
        r->flow[a] = f;
    }
    /* Each side row: rounding down keeps sum <= floor(sum x + n 1e-6),
     * which is the capacity while Clp's error and the 1e-6 per arc stay
     * below a tonne; take back any excess from the row's last arcs if
     * not. */
    for (k = 0; k < g->n_rows; k++) {
        int64_t sum = 0;
        for (i = g->row_first[k]; i < g->row_first[k + 1]; i++)
            sum += r->flow[g->row_arc[i]];
        for (i = g->row_first[k + 1] - 1;
             sum > g->row_cap[k] && i >= g->row_first[k]; i--) {
            int64_t *f = &r->flow[g->row_arc[i]];
            int64_t d = sum - g->row_cap[k] < *f ? sum - g->row_cap[k] : *f;
            *f -= d;
            sum -= d;
        }
    }
    free(in_row);
}

static void lp_term(FILE *f, double coef, int var, int *col)
{
    if (coef == 1)
        fprintf(f, " + x%d", var);
    else if (coef == -1)
        fprintf(f, " - x%d", var);
    else if (coef < 0)
        fprintf(f, " - %.17g x%d", -coef, var);
    else
        fprintf(f, " + %.17g x%d", coef, var);
    if (++*col % 8 == 0)
        fputs("\n   ", f);
}

int gnet_write_lp(const struct mcf *m, const struct gnet *g, FILE *f,
                  struct mf_error *err)
{
    struct lp lp;
    int n = mcf_n_nodes(m), na = mcf_n_arcs(m), a, v, col;
    CoinBigIndex k;
    int *rstart = NULL, *rfill = NULL, *rcol = NULL;
    double *rval = NULL;
    size_t nnz;

    if (lp_build(m, g, &lp))
        return mf_error_set(err, MF_ENOMEM, "out of memory");
    /* Transpose to rows. */
    nnz = (size_t)lp.start[na];
    rstart = calloc((size_t)lp.n_rows + 2, sizeof *rstart);
    rfill = calloc((size_t)lp.n_rows + 1, sizeof *rfill);
    rcol = malloc((nnz + 1) * sizeof *rcol);
    rval = malloc((nnz + 1) * sizeof *rval);
    if (!rstart || !rfill || !rcol || !rval) {
        free(rstart);
        free(rfill);
        free(rcol);
        free(rval);
        lp_free(&lp);
        return mf_error_set(err, MF_ENOMEM, "out of memory");
    }
    for (k = 0; k < (CoinBigIndex)nnz; k++)
        rstart[lp.index[k] + 1]++;
    for (v = 0; v < lp.n_rows; v++)
        rstart[v + 1] += rstart[v];
    for (a = 0; a < na; a++)
        for (k = lp.start[a]; k < lp.start[a + 1]; k++) {
            int row = lp.index[k];
            int at = rstart[row] + rfill[row]++;
            rcol[at] = a;
            rval[at] = lp.value[k];
        }
    fputs("\\ masseflyt: the planning network with yields (docs/PLANNING.md)\n"
          "Minimize\n obj:",
          f);
    for (a = 0, col = 0; a < na; a++)
        if (mcf_arc_cost(m, a) != 0)
            lp_term(f, (double)mcf_arc_cost(m, a), a, &col);
    if (col == 0)
        fputs(" 0 x0", f);
    fputs("\nSubject To\n", f);
    for (v = 0; v < lp.n_rows; v++) {
        int i;
        if (rstart[v] == rstart[v + 1]) {
            if (v < n && mcf_supply(m, v) != 0)
                fprintf(f, " n%d: 0 x0 = %" PRId64 "\n", v, mcf_supply(m, v));
            continue;
        }
        fprintf(f, " %c%d:", v < n ? 'n' : 'r', v < n ? v : v - n);
        for (i = rstart[v], col = 0; i < rstart[v + 1]; i++)
            lp_term(f, rval[i], rcol[i], &col);
        if (v < n)
            fprintf(f, " = %" PRId64 "\n", mcf_supply(m, v));
        else
            fprintf(f, " <= %" PRId64 "\n", g->row_cap[v - n]);
    }
    fputs("Bounds\n", f);
    for (a = 0; a < na; a++)
        if (mcf_arc_cap(m, a) < MCF_INF)
            fprintf(f, " 0 <= x%d <= %" PRId64 "\n", a, mcf_arc_cap(m, a));
    fputs("End\n", f);
    free(rstart);
    free(rfill);
    free(rcol);
    free(rval);
    lp_free(&lp);
    if (ferror(f))
        return mf_error_set(err, MF_EIO, "cannot write the LP");
    return MF_OK;
}
