/*
 * mcf_warm.c - a changed network re-solved from a solved one's basis
 * (mcf_warm.h). Only mcf.h's public calls are used.
 */
#include "plan/mcf_warm.h"

#include <stdlib.h>

/* mcf_solve() refuses (nodes + 1) * (max |cost| + 1) above this. */
#define COST_PATH_LIMIT (INT64_C(1) << 57)

struct key {
    int32_t tail, head;
    int64_t cap;
    int32_t arc;
};

static int key_cmp(const void *pa, const void *pb)
{
    const struct key *a = pa, *b = pb;

    if (a->tail != b->tail)
        return a->tail < b->tail ? -1 : 1;
    if (a->head != b->head)
        return a->head < b->head ? -1 : 1;
    if (a->cap != b->cap)
        return a->cap < b->cap ? -1 : 1;
    return (a->arc > b->arc) - (a->arc < b->arc);
}

static int same_arc(const struct mcf *a, int i, const struct mcf *b, int j)
{
    return mcf_arc_tail(a, i) == mcf_arc_tail(b, j) &&
           mcf_arc_head(a, i) == mcf_arc_head(b, j) &&
           mcf_arc_cap(a, i) == mcf_arc_cap(b, j);
}

/* The keys of m's arcs that `done` does not mark, sorted; their count in
 * *n_out. */
static struct key *keys_of(const struct mcf *m, const char *done, int *n_out)
{
    int n_arcs = mcf_n_arcs(m), a, n = 0;
    struct key *k = malloc(((size_t)n_arcs + 1) * sizeof *k);

    if (!k)
        return NULL;
    for (a = 0; a < n_arcs; a++) {
        if (done[a])
            continue;
        k[n].tail = mcf_arc_tail(m, a);
        k[n].head = mcf_arc_head(m, a);
        k[n].cap = mcf_arc_cap(m, a);
        k[n].arc = a;
        n++;
    }
    qsort(k, (size_t)n, sizeof *k, key_cmp);
    *n_out = n;
    return k;
}

/* How far ahead in the old arcs a new arc is looked for when the two
 * lists part (arcs removed in between). */
#define LOOKAHEAD 64

/* Pairs next's arcs with m's: first in order (a scenario's network is
 * built in the same order as the base's, with arcs left out or added
 * here and there), then what is left by sorted keys. arc_of[j] is m's
 * arc for next's arc j or -1; kept[i] marks m's arcs paired. */
static int match_arcs(const struct mcf *m, const struct mcf *next,
                      int32_t *arc_of, char *kept)
{
    int old_m = mcf_n_arcs(m), new_m = mcf_n_arcs(next), i = 0, j, d;
    int n_old = 0, n_new = 0, left = 0;
    struct key *ko, *kn;
    char *paired;

    for (j = 0; j < new_m; j++) {
        arc_of[j] = -1;
        for (d = 0; d < LOOKAHEAD && i + d < old_m; d++)
            if (!kept[i + d] && same_arc(m, i + d, next, j))
                break;
        if (d < LOOKAHEAD && i + d < old_m) {
            arc_of[j] = i + d;
            kept[i + d] = 1;
            i += d + 1;
        } else {
            left++;
        }
    }
    if (!left)
        return MF_OK;
    if (!(paired = calloc((size_t)new_m + 1, 1)))
        return MF_ENOMEM;
    for (j = 0; j < new_m; j++)
        paired[j] = arc_of[j] >= 0;
    ko = keys_of(m, kept, &n_old);
    kn = keys_of(next, paired, &n_new);
    free(paired);
    if (!ko || !kn) {
        free(ko);
        free(kn);
        return MF_ENOMEM;
    }
    for (i = 0, j = 0; j < n_new; j++) {
        while (i < n_old && key_cmp(&ko[i], &kn[j]) < 0 &&
               (ko[i].tail != kn[j].tail || ko[i].head != kn[j].head ||
                ko[i].cap != kn[j].cap))
            i++;
        if (i < n_old && ko[i].tail == kn[j].tail && ko[i].head == kn[j].head &&
            ko[i].cap == kn[j].cap) {
            arc_of[kn[j].arc] = ko[i].arc;
            kept[ko[i].arc] = 1;
            i++;
        }
    }
    free(ko);
    free(kn);
    return MF_OK;
}

static int64_t abs64(int64_t x)
{
    return x < 0 ? (x == INT64_MIN ? INT64_MAX : -x) : x;
}

int mcf_warm_resolve(struct mcf *m, const struct mcf *next,
                     const struct mcf_opts *opts, int32_t *arc_of, int *warm,
                     struct mf_error *err)
{
    int n = mcf_n_nodes(m), old_m = mcf_n_arcs(m), new_m = mcf_n_arcs(next);
    char *kept = NULL;
    int64_t cmax = 0, penalty;
    int i, j, v, rc = MF_OK, n_pen = 0;

    *warm = 0;
    if (mcf_n_nodes(next) != n)
        return MF_OK;
    for (v = 0; v < n; v++)
        if (mcf_supply(m, v) != mcf_supply(next, v))
            return MF_OK;
    kept = calloc((size_t)old_m + 1, 1);
    if (!kept || match_arcs(m, next, arc_of, kept)) {
        rc = mf_error_set(err, MF_ENOMEM, "out of memory");
        goto done;
    }
    for (j = 0; j < new_m; j++) {
        int64_t c = abs64(mcf_arc_cost(next, j));
        if (c > cmax)
            cmax = c;
    }
    for (i = 0; i < old_m; i++)
        n_pen += !kept[i];
    /* The highest cost mcf_solve() accepts on n nodes. An arc left over
     * carries nothing at the optimum when its cost is above n times any
     * other (a cycle through it could always be cancelled at a gain);
     * a lower penalty may still do, and is checked below. */
    penalty = COST_PATH_LIMIT / ((int64_t)n + 1) - 1;
    if (n_pen && penalty <= cmax)
        goto done;
    for (j = 0; j < new_m; j++) {
        if (arc_of[j] >= 0) {
            mcf_set_cost(m, arc_of[j], mcf_arc_cost(next, j));
        } else {
            int a = mcf_add_arc(m, mcf_arc_tail(next, j), mcf_arc_head(next, j),
                                mcf_arc_cap(next, j), mcf_arc_cost(next, j));
            if (a < 0) {
                rc = mf_error_set(err, a, "out of memory");
                goto done;
            }
            arc_of[j] = a;
        }
    }
    for (i = 0; i < old_m; i++)
        if (!kept[i])
            mcf_set_cost(m, i, penalty);
    if ((rc = mcf_solve(m, opts, err)))
        goto done;
    for (i = 0; i < old_m; i++)
        if (!kept[i] && mcf_flow(m, i) != 0)
            goto done;
    *warm = 1;
done:
    free(kept);
    return rc;
}
