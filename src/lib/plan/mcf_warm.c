/*
 * mcf_warm.c - a changed network re-solved from a solved one's basis
 * (mcf_warm.h). Only mcf.h's public calls change m; the pairing reads
 * the arc arrays directly (mcf_int.h).
 */
#include "plan/mcf_warm.h"
#include "plan/mcf_int.h"

#include <stdlib.h>

/* mcf_solve() refuses (nodes + 1) * (max |cost| + 1) above this. */
#define COST_PATH_LIMIT (INT64_C(1) << 57)

/* m's arcs paired, a bit each (a byte each was a fresh megabyte at L,
 * and fresh pages cost more than the pass over them). */
#define KEPT(k, a) ((k)[(a) >> 6] >> ((a)&63) & 1)
#define KEEP(k, a) ((k)[(a) >> 6] |= UINT64_C(1) << ((a)&63))

/* Where the caller's arc a of view v is stored. */
#define AT(v, a) ((v)->base + (v)->aint[a])
#define TAIL(v, a) ((v)->src[AT(v, a)])
#define HEAD(v, a) ((v)->tgt[AT(v, a)])
#define CAP(v, a) ((v)->cap[AT(v, a)])

static int same_arc(const struct mcf_arcs *a, int i, const struct mcf_arcs *b,
                    int j)
{
    int64_t x = AT(a, i), y = AT(b, j);

    return a->src[x] == b->src[y] && a->tgt[x] == b->tgt[y] &&
           a->cap[x] == b->cap[y];
}

/* How far ahead in the old arcs the in-order pass looks for a new arc. */
#define LOOKAHEAD 8
/* How far when the near ones differ (a run of arcs gone). */
#define FAR 1024
/* The old arcs read this far ahead of the in-order pass are fetched
 * early: stored in pricing order, a chunk of 16 consecutive arcs lies
 * about n arcs from the next, too far for the processor to guess. */
#define PREFETCH 64

static uint64_t key_hash(const struct mcf_arcs *v, int64_t x)
{
    uint64_t h = (uint64_t)(uint32_t)v->src[x] * UINT64_C(0x9E3779B97F4A7C15) ^
                 (uint64_t)(uint32_t)v->tgt[x] * UINT64_C(0xC2B2AE3D27D4EB4F) ^
                 (uint64_t)v->cap[x] * UINT64_C(0x165667B19E3779F9);

    h ^= h >> 29;
    h *= UINT64_C(0xBF58476D1CE4E5B9);
    return h ^ h >> 32;
}

/* A bit a hash of (tail, head, capacity) of every arc of m, 8 bits an
 * arc or more (a power of two): an arc of next whose bit is clear has no
 * twin in m (about 1 in 8 of the others look as if they might). Built in
 * storage order, one sequential pass. NULL when out of memory. */
static uint64_t *key_filter(const struct mcf_arcs *A, int old_m, uint64_t *mask)
{
    uint64_t bits = 64, *f;
    int64_t x;

    while (bits < 8 * (uint64_t)old_m)
        bits *= 2;
    f = calloc(bits / 64, sizeof *f);
    if (!f)
        return NULL;
    *mask = bits - 1;
    for (x = A->base; x < A->base + old_m; x++)
        KEEP(f, key_hash(A, x) & *mask);
    return f;
}

/* Pairs next's arcs with m's: first in order (a scenario's network is
 * mostly built in the same order as the base's), then what is left by
 * tail: m's unpaired arcs bucketed by tail node (a counting sort), each
 * new arc paired with the first unpaired one of its tail with the same
 * head and capacity (parallel arcs in order). No comparison sort, and the
 * only arrays allocated are one entry a node and one an unpaired arc:
 * fresh memory is dear here (its page faults cost more than the pass).
 * A search further on that finds its arc is paid for by the old arcs it
 * steps over (each at most once); those that find nothing are bounded in
 * all to 16 times the old arcs (L haul needs about 12), so that lists in
 * wholly other orders cost a bounded number of passes.
 * arc_of[j] is m's arc for next's arc j or -1; kept has a bit set for
 * each of m's arcs paired. */
static int match_arcs(const struct mcf *m, const struct mcf *next,
                      int32_t *arc_of, uint64_t *kept)
{
    int old_m = mcf_n_arcs(m), new_m = mcf_n_arcs(next), n = mcf_n_nodes(m);
    int i = 0, j, d, n_old = 0, left = 0, a, v;
    int64_t far_left = 16 * (int64_t)old_m, d0;
    int32_t *start, *list;
    uint64_t *filter = NULL, mask = 0;
    struct mcf_arcs av, bv;
    const struct mcf_arcs *A = &av, *B = &bv;

    mcf_get_arcs(m, &av);
    mcf_get_arcs(next, &bv);
    for (j = 0; j < new_m; j++) {
        arc_of[j] = -1;
        if (i + PREFETCH < old_m && !((i + PREFETCH) & 15)) {
            int64_t x = AT(A, i + PREFETCH);

            __builtin_prefetch(A->src + x);
            __builtin_prefetch(A->tgt + x);
            __builtin_prefetch(A->cap + x);
            __builtin_prefetch(A->cap + x + 8);
        }
        for (d = 0; d < LOOKAHEAD && i + d < old_m; d++)
            if (same_arc(A, i + d, B, j))
                break;
        if (d == LOOKAHEAD || i + d >= old_m) {
            /* Not near: j is new, or a run of old arcs is gone. If old
             * arc i comes among the next few new arcs, j is new; else j
             * is looked for further on. */
            for (d = 1; i < old_m && d <= LOOKAHEAD && j + d < new_m; d++)
                if (same_arc(A, i, B, j + d))
                    break;
            /* Once the searches that found nothing have cost two passes
             * (M haul: 8, for 3,789 new arcs; co2 stays below), the
             * filter tells most arcs that are new at once. */
            if (!filter && far_left < 14 * (int64_t)old_m)
                filter = key_filter(A, old_m, &mask);
            d = i >= old_m || far_left <= 0 ||
                        (d <= LOOKAHEAD && j + d < new_m) ||
                        (filter && !KEPT(filter, key_hash(B, AT(B, j)) & mask))
                    ? old_m
                    : LOOKAHEAD;
            for (d0 = d; d < FAR && i + d < old_m; d++)
                if (same_arc(A, i + d, B, j))
                    break;
            if (d >= FAR || i + d >= old_m)
                far_left -= d - d0;
        }
        if (d < FAR && i + d < old_m) {
            arc_of[j] = i + d;
            KEEP(kept, i + d);
            i += d + 1;
        } else {
            left++;
        }
    }
    free(filter);
    if (!left)
        return MF_OK;
    start = calloc((size_t)n + 2, sizeof *start);
    if (!start)
        return MF_ENOMEM;
    for (a = 0; a < old_m; a++)
        if (!KEPT(kept, a)) {
            start[TAIL(A, a) + 2]++;
            n_old++;
        }
    if (!n_old) {
        free(start);
        return MF_OK;
    }
    list = malloc((size_t)n_old * sizeof *list);
    if (!list) {
        free(start);
        return MF_ENOMEM;
    }
    for (v = 0; v < n; v++)
        start[v + 2] += start[v + 1];
    /* start[v + 1] is where tail v's arcs go; after the fill it is where
     * they end, and start[v] where they begin. */
    for (a = 0; a < old_m; a++)
        if (!KEPT(kept, a))
            list[start[TAIL(A, a) + 1]++] = a;
    for (j = 0; j < new_m; j++) {
        int32_t t, hd, k, end;
        int64_t c;

        if (arc_of[j] >= 0)
            continue;
        t = TAIL(B, j);
        hd = HEAD(B, j);
        c = CAP(B, j);
        end = start[t + 1];
        /* start[t] is tail t's first arc not yet paired, so the common
         * case (arcs in the same order) pairs at once. (It also ends tail
         * t - 1's arcs: moved on only past paired arcs, which the search
         * skips, it leaves that end as good as before.) */
        while (start[t] < end && KEPT(kept, list[start[t]]))
            start[t]++;
        for (k = start[t]; k < end; k++) {
            a = list[k];
            if (!KEPT(kept, a) && HEAD(A, a) == hd && CAP(A, a) == c)
                break;
        }
        if (k < end) {
            arc_of[j] = a;
            KEEP(kept, a);
        }
    }
    free(list);
    free(start);
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
    uint64_t *kept = NULL;
    int64_t cmax = 0, penalty;
    int i, j, r, v, rc = MF_OK, n_pen = 0;

    *warm = 0;
    if (mcf_n_nodes(next) != n)
        return MF_OK;
    for (v = 0; v < n; v++)
        if (mcf_supply(m, v) != mcf_supply(next, v))
            return MF_OK;
    kept = calloc((size_t)old_m / 64 + 1, sizeof *kept);
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
        n_pen += !KEPT(kept, i);
    /* The highest cost mcf_solve() accepts on n nodes. An arc left over
     * carries nothing at the optimum when its cost is above n times any
     * other (a cycle through it could always be cancelled at a gain);
     * a lower penalty may still do, and is checked below. */
    penalty = COST_PATH_LIMIT / ((int64_t)n + 1) - 1;
    if (n_pen && penalty <= cmax)
        goto done;
    for (j = 0, r = 0; j < new_m; j++) {
        int t, h, a;
        int64_t cap, cost = mcf_arc_cost(next, j);

        if (arc_of[j] >= 0) {
            mcf_set_cost(m, arc_of[j], cost);
            continue;
        }
        t = mcf_arc_tail(next, j);
        h = mcf_arc_head(next, j);
        cap = mcf_arc_cap(next, j);
        /* In the place of an arc gone, nonbasic and without flow, where
         * one is left: the arc keeps that place in the pricing order, and
         * the solve need not mix the arcs again, which costs a pass over
         * every arc in fresh memory (more than the pivots at M). */
        for (; r < old_m; r++)
            if (!KEPT(kept, r) && mcf_flow(m, r) == 0 &&
                mcf_replace_arc(m, r, t, h, cap, cost) == MF_OK)
                break;
        if (r < old_m) {
            KEEP(kept, r);
            arc_of[j] = r++;
        } else {
            a = mcf_add_arc(m, t, h, cap, cost);
            if (a < 0) {
                rc = mf_error_set(err, a, "out of memory");
                goto done;
            }
            arc_of[j] = a;
        }
    }
    for (i = 0; i < old_m; i++)
        if (!KEPT(kept, i))
            mcf_set_cost(m, i, penalty);
    if ((rc = mcf_solve(m, opts, err)))
        goto done;
    for (i = 0; i < old_m; i++)
        if (!KEPT(kept, i) && mcf_flow(m, i) != 0)
            goto done;
    *warm = 1;
done:
    free(kept);
    return rc;
}
