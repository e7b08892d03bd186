/*
 * mcf_warm.c - a changed network re-solved from a solved one's basis
 * (mcf_warm.h). Only mcf.h's public calls change m; the pairing reads
 * the arc arrays directly (mcf_int.h).
 */
#define _DEFAULT_SOURCE /* madvise's MADV_POPULATE_WRITE */
#include "plan/mcf_warm.h"
#include "plan/mcf_int.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

/* mcf_solve() refuses (nodes + 1) * (max |cost| + 1) above this. */
#define COST_PATH_LIMIT (INT64_C(1) << 57)

/* m's arcs paired, a bit each (a byte each was a fresh megabyte at L,
 * and fresh pages cost more than the pass over them). */
#define KEPT(k, a) ((k)[(a) >> 6] >> ((a)&63) & 1)
#define KEEP(k, a) ((k)[(a) >> 6] |= UINT64_C(1) << ((a)&63))

/* Where the caller's arc a of view v is stored. */
#define AT(v, a) ((v)->base + (v)->aint[a])

static int same_arc(const struct mcf_arcs *a, int i, const struct mcf_arcs *b,
                    int j)
{
    int64_t x = AT(a, i), y = AT(b, j);

    return a->src[x] == b->src[y] && a->tgt[x] == b->tgt[y] &&
           a->cap[x] == b->cap[y];
}

/* How far ahead in the old arcs the in-order pass looks for a new arc. */
#define LOOKAHEAD 8
/* How far when the near ones differ (a run of arcs gone; M haul has
 * 11,302 runs, 40 of them longer than 64 arcs and none past this). */
#define FAR 1024
/* The old arcs read this far ahead of the in-order pass are fetched
 * early: stored in pricing order, a chunk of 16 consecutive arcs lies
 * about n arcs from the next, too far for the processor to guess. */
#define PREFETCH 64

/* Next's arc j is m's arc a: a is marked paired and takes j's cost where
 * it differs. Done as the pair is found, while the old arc's fields are
 * in the cache: a pass of its own read m's costs at scattered places
 * (in pricing order), a fifth of the warm start's own time in M haul. */
static void pair(struct mcf *m, const struct mcf_arcs *A, int a,
                 const struct mcf_arcs *B, int j, int32_t *arc_of,
                 uint64_t *kept)
{
    int64_t cost = B->cost[AT(B, j)];

    arc_of[j] = a;
    KEEP(kept, a);
    if (A->cost[AT(A, a)] != cost)
        mcf_set_cost(m, a, cost);
}

static uint64_t key_hash(const struct mcf_arcs *v, int64_t x)
{
    uint64_t h = (uint64_t)(uint32_t)v->src[x] * UINT64_C(0x9E3779B97F4A7C15) ^
                 (uint64_t)(uint32_t)v->tgt[x] * UINT64_C(0xC2B2AE3D27D4EB4F) ^
                 (uint64_t)v->cap[x] * UINT64_C(0x165667B19E3779F9);

    h ^= h >> 29;
    h *= UINT64_C(0xBF58476D1CE4E5B9);
    return h ^ h >> 32;
}

/* Next's arcs looked at when the in-order pass is out of step, and the
 * slots of their table (a power of two, at least twice as many). */
#define WINDOW 16
#define SLOTS 64

/* Out of step: old arc i is not among next's arcs j .. j + LOOKAHEAD - 1
 * nor next's arc j among old arcs i .. i + LOOKAHEAD - 1. Next's arcs
 * j .. j + WINDOW - 1 go into a small hash table, and old arcs i, i + 1,
 * ... (up to FAR) are looked up in it. The first found, old arc i + *d as
 * next's arc j + q, puts the pass back in step: old arcs i .. i + *d - 1
 * are gone, next's arcs j .. j + q - 1 are new. Returns q, or -1 when
 * none is found (*d is then how many old arcs were looked up). A run of
 * arcs gone costs a hash each, a run of arcs new (M haul: runs of 1 to
 * 20, where the lists changed a lot's candidates) a table; searching
 * old arcs one at a time for each new arc instead cost M haul 2.9 passes
 * over the old arcs in searches that found nothing. */
static int resync(const struct mcf_arcs *A, int i, int old_m,
                  const struct mcf_arcs *B, int j, int new_m, int *d)
{
    int16_t slot[SLOTS];
    int q, w = new_m - j < WINDOW ? new_m - j : WINDOW;
    uint64_t h;

    memset(slot, -1, sizeof slot);
    for (q = 0; q < w; q++) {
        /* Parallel arcs: the first of a key is the one found. */
        for (h = key_hash(B, AT(B, j + q)) & (SLOTS - 1);
             slot[h] >= 0 && !same_arc(B, j + slot[h], B, j + q);
             h = (h + 1) & (SLOTS - 1))
            ;
        if (slot[h] < 0)
            slot[h] = (int16_t)q;
    }
    for (*d = 0; *d < FAR && i + *d < old_m; (*d)++)
        for (h = key_hash(A, AT(A, i + *d)) & (SLOTS - 1); slot[h] >= 0;
             h = (h + 1) & (SLOTS - 1))
            if (same_arc(A, i + *d, B, j + slot[h]))
                return slot[h];
    return -1;
}

/* No entry in a slot of match_rest's table; a key whose arcs are all
 * paired. */
#define EMPTY (-1)
#define DONE (-2)

/* Pairs the arcs the in-order pass left (left of them in next): next's
 * unpaired arcs go into a hash table by (tail, head, capacity), the
 * parallel ones of a key chained in next's order; then one pass over m's
 * arcs in storage order (sequential reads) pairs each unpaired one with
 * the first unpaired arc of its key, until none is left. The table holds
 * only the arcs left (3,789 in M haul), so it stays in the cache and
 * takes few fresh pages. (The pairing by tail it replaces, a counting
 * sort of m's unpaired arcs, took an entry a node and one an unpaired
 * arc: 88 fresh pages in M haul, where a page fault costs about as much
 * as reading 4,000 arcs.) */
static int match_rest(struct mcf *m, const struct mcf_arcs *A, int old_m,
                      const struct mcf_arcs *B, int new_m, int left,
                      int32_t *arc_of, uint64_t *kept)
{
    uint64_t size = 16, mask, h;
    int32_t *slot, *ent_arc, *ent_next, k, s;
    uint32_t *ent_tag, tag;
    int a, j, n_ent = 0;
    int64_t x;

    while (size < 2 * (uint64_t)left)
        size *= 2;
    mask = size - 1;
    slot = malloc(size * sizeof *slot);
    ent_arc = malloc((size_t)left * sizeof *ent_arc);
    ent_next = malloc((size_t)left * sizeof *ent_next);
    ent_tag = malloc((size_t)left * sizeof *ent_tag);
    if (!slot || !ent_arc || !ent_next || !ent_tag) {
        free(slot);
        free(ent_arc);
        free(ent_next);
        free(ent_tag);
        return MF_ENOMEM;
    }
    for (h = 0; h < size; h++)
        slot[h] = EMPTY;
    /* Last to first, each put in front of its key's chain: the chain
     * then runs in next's order. */
    for (j = new_m - 1; j >= 0 && n_ent < left; j--) {
        if (arc_of[j] >= 0)
            continue;
        h = key_hash(B, AT(B, j));
        tag = (uint32_t)(h >> 32);
        for (h &= mask; (s = slot[h]) != EMPTY; h = (h + 1) & mask)
            if (ent_tag[s] == tag && same_arc(B, ent_arc[s], B, j))
                break;
        ent_arc[n_ent] = j;
        ent_next[n_ent] = s;
        ent_tag[n_ent] = tag;
        slot[h] = n_ent++;
    }
    /* Most old arcs left have no twin (M haul: 74,466 gone against
     * 3,789 new), and an occupied slot is met for many of them: the tag
     * (the hash's high bits) turns those away without reading next's
     * arcs at scattered places, which cost most of this pass. */
    for (x = A->base; x < A->base + old_m && left > 0; x++) {
        a = A->aext[x - A->base];
        if (KEPT(kept, a))
            continue;
        h = key_hash(A, x);
        tag = (uint32_t)(h >> 32);
        for (h &= mask; (s = slot[h]) != EMPTY; h = (h + 1) & mask)
            if (s != DONE && ent_tag[s] == tag && same_arc(A, a, B, ent_arc[s]))
                break;
        if (s == EMPTY)
            continue;
        k = ent_next[s];
        slot[h] = k == EMPTY ? DONE : k;
        pair(m, A, a, B, ent_arc[s], arc_of, kept);
        left--;
    }
    free(slot);
    free(ent_arc);
    free(ent_next);
    free(ent_tag);
    return MF_OK;
}

/* Pairs next's arcs with m's: first in order (a scenario's network is
 * mostly built in the same order as the base's), then what is left by
 * key (match_rest). No comparison sort, and little memory allocated:
 * fresh memory is dear here (its page faults cost more than the pass).
 * Out of step, resync() finds where the lists meet again; what it steps
 * over is paid for by the old arcs (each at most once) and the new arcs
 * (a window at a time); its searches that find nothing are bounded in
 * all to 16 times the old arcs, so that lists in wholly other orders
 * cost a bounded number of passes.
 * arc_of[j] is m's arc for next's arc j or -1; kept has a bit set for
 * each of m's arcs paired. */
static int match_arcs(struct mcf *m, const struct mcf *next, int32_t *arc_of,
                      uint64_t *kept)
{
    int old_m = mcf_n_arcs(m), new_m = mcf_n_arcs(next);
    int i = 0, j, d, q, left = 0;
    int64_t far_left = 16 * (int64_t)old_m;
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
            __builtin_prefetch(A->cost + x);
            __builtin_prefetch(A->cost + x + 8);
        }
        for (d = 0; d < LOOKAHEAD && i + d < old_m; d++)
            if (same_arc(A, i + d, B, j))
                break;
        if (i < old_m && (d == LOOKAHEAD || i + d >= old_m)) {
            /* Not near: j is new, or a run of old arcs is gone. If old
             * arc i comes among the next few new arcs, j is new; else the
             * pass is put back in step. */
            for (q = 1; q <= LOOKAHEAD && j + q < new_m; q++)
                if (same_arc(A, i, B, j + q))
                    break;
            if (q <= LOOKAHEAD && j + q < new_m) {
                left++;
                continue;
            }
            q = far_left > 0 ? resync(A, i, old_m, B, j, new_m, &d) : -1;
            if (q < 0) {
                /* None of the window in sight: it is left to
                 * match_rest(). */
                far_left -= d;
                q = new_m - j < WINDOW ? new_m - j : WINDOW;
                left += q;
                while (--q > 0)
                    arc_of[++j] = -1;
                continue;
            }
            left += q;
            while (q-- > 0)
                arc_of[++j] = -1;
        }
        if (i + d < old_m) {
            pair(m, A, i + d, B, j, arc_of, kept);
            i += d + 1;
        } else {
            left++;
        }
    }
    return left ? match_rest(m, A, old_m, B, new_m, left, arc_of, kept) : MF_OK;
}

/* The first of m's arcs at or after a that is not paired (kept), or
 * old_m: a word of 64 paired arcs at a time. */
static int next_gone(const uint64_t *kept, int a, int old_m)
{
    while (a < old_m) {
        uint64_t w = ~kept[a >> 6] >> (a & 63);

        if (w)
            return a + __builtin_ctzll(w) < old_m ? a + __builtin_ctzll(w)
                                                  : old_m;
        a = (a | 63) + 1;
    }
    return old_m;
}

/* The pages of the caller's arc_of that lie wholly in it are mapped
 * at once, in one call, where the kernel allows it (Linux 5.14 and
 * later; otherwise the first writes map them). The caller often hands
 * over memory fresh from malloc, and a page fault a page cost 14 to 19
 * us here (180 to 250 pages at M, L four times as many); mapping them in
 * one call is cheaper than a fault each. Still counted in the warm time. */
static void populate(void *p, size_t len)
{
#ifdef MADV_POPULATE_WRITE
    uintptr_t pg = (uintptr_t)sysconf(_SC_PAGESIZE), a, e;

    if (pg == 0 || pg == (uintptr_t)-1)
        return;
    a = ((uintptr_t)p + pg - 1) & ~(pg - 1);
    e = ((uintptr_t)p + len) & ~(pg - 1);
    if (e > a)
        (void)madvise((void *)a, e - a, MADV_POPULATE_WRITE);
#else
    (void)p;
    (void)len;
#endif
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
    int i, j, r, v, rc = MF_OK, n_pen, n_new = 0;
    struct mcf_arcs av, bv;

    *warm = 0;
    if (mcf_n_nodes(next) != n)
        return MF_OK;
    for (v = 0; v < n; v++)
        if (mcf_supply(m, v) != mcf_supply(next, v))
            return MF_OK;
    populate(arc_of, ((size_t)new_m + 1) * sizeof *arc_of);
    kept = calloc((size_t)old_m / 64 + 1, sizeof *kept);
    if (!kept || match_arcs(m, next, arc_of, kept)) {
        rc = mf_error_set(err, MF_ENOMEM, "out of memory");
        goto done;
    }
    mcf_get_arcs(next, &bv);
    for (j = 0; j < new_m; j++) {
        int64_t c = abs64(bv.cost[AT(&bv, j)]);

        if (c > cmax)
            cmax = c;
        n_new += arc_of[j] < 0;
    }
    n_pen = old_m;
    for (i = 0; i <= old_m / 64; i++)
        n_pen -= __builtin_popcountll(kept[i]);
    /* The highest cost mcf_solve() accepts on n nodes. An arc left over
     * carries nothing at the optimum when its cost is above n times any
     * other (a cycle through it could always be cancelled at a gain);
     * a lower penalty may still do, and is checked below. */
    penalty = COST_PATH_LIMIT / ((int64_t)n + 1) - 1;
    if (n_pen && penalty <= cmax)
        goto done;
    for (j = 0, r = next_gone(kept, 0, old_m); n_new > 0 && j < new_m; j++) {
        int t, h, a;
        int64_t cap, cost;

        if (arc_of[j] >= 0)
            continue;
        n_new--;
        t = mcf_arc_tail(next, j);
        h = mcf_arc_head(next, j);
        cap = mcf_arc_cap(next, j);
        cost = mcf_arc_cost(next, j);
        /* In the place of an arc gone, nonbasic and without flow, where
         * one is left: the arc keeps that place in the pricing order, and
         * the solve need not mix the arcs again, which costs a pass over
         * every arc in fresh memory (more than the pivots at M). */
        for (; r < old_m; r = next_gone(kept, r + 1, old_m))
            if (mcf_flow(m, r) == 0 &&
                mcf_replace_arc(m, r, t, h, cap, cost) == MF_OK)
                break;
        if (r < old_m) {
            KEEP(kept, r);
            arc_of[j] = r;
            r = next_gone(kept, r + 1, old_m);
        } else {
            a = mcf_add_arc(m, t, h, cap, cost);
            if (a < 0) {
                rc = mf_error_set(err, a, "out of memory");
                goto done;
            }
            arc_of[j] = a;
        }
    }
    for (i = next_gone(kept, 0, old_m); i < old_m;
         i = next_gone(kept, i + 1, old_m))
        mcf_set_cost(m, i, penalty);
    if ((rc = mcf_solve(m, opts, err)))
        goto done;
    mcf_get_arcs(m, &av);
    for (i = next_gone(kept, 0, old_m); i < old_m;
         i = next_gone(kept, i + 1, old_m))
        if (av.flow[AT(&av, i)] != 0)
            goto done;
    *warm = 1;
done:
    free(kept);
    return rc;
}
