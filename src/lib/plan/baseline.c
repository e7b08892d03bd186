/*
 * baseline.c - the practice baseline: what the projects would do acting
 * alone, as is done today (docs/PLANNING.md, "The practice baseline").
 *
 * Each period, with no storage and no coordination across owners:
 *   1. a surplus meets needs of its own project,
 *   2. then needs of other projects of the same client within a haul
 *      limit (data/practice.csv: same_client_km),
 *   3. then the standard practice options: harbour and sea fills within
 *      reach (sea_fill_km), and existing processing plants within reach
 *      (processing_km), which take rock as far as they sell their product
 *      to needs left: needs buy from the cheapest qualifying quarry or
 *      plant;
 *   4. what is left goes to the cheapest receiving site with room, else
 *      it is unplaced; needs left are unmet.
 * Every step takes its candidate pairs cheapest first (the planner's
 * price per tonne), ties by registry order, so the result is the same on
 * every run. Whether a pair may carry flow (material fit, flow rules,
 * haul limit, what a site accepts) is the planner's own test
 * (build_pair_parts), and each flow is priced and summed into the
 * indicators as the planner's decode does.
 */
#include "masseflyt/plan.h"

#include "format/datafile.h"
#include "impact/indicators_int.h"
#include "plan/build.h"
#include "plan/state.h"
#include "util/arena.h"
#include "util/vec.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ------------------------------------------------------------------ */
/* Parameters: data/practice.csv                                        */
/* ------------------------------------------------------------------ */

enum {
    K_SAME_CLIENT_KM = 0,
    K_SAME_CLIENT_PUBLIC,
    K_PROCESSING_KM,
    K_PROCESSING_SHARE,
    K_SEA_FILL_KM,
    K_REUSE_LOW,
    K_REUSE_HIGH,
    K_COUNT
};

static const char *const practice_keys[K_COUNT] = {
    "same_client_km",   "same_client_public", "processing_km",
    "processing_share", "sea_fill_km",        "reuse_share_low",
    "reuse_share_high"};

int mf_practice_load(struct mf_practice *out, const char *data_dir,
                     struct mf_error *err)
{
    static const char *const req[] = {"key",      "value",  "unit",
                                      "estimate", "source", NULL};
    struct datafile d;
    struct arena arena;
    double v[K_COUNT];
    int seen[K_COUNT] = {0}, rc, k;

    memset(out, 0, sizeof *out);
    arena_init(&arena, 4096);
    rc = datafile_open(&d, data_dir ? data_dir : mf_data_dir_default(),
                       "practice.csv", req, &arena, err);
    while (rc == MF_OK && (rc = datafile_next(&d, err)) == 1) {
        const char *key = datafile_val(&d, "key");
        double x;
        int est;

        rc = MF_OK;
        for (k = 0; k < K_COUNT && strcmp(key, practice_keys[k]); k++)
            ;
        if (k == K_COUNT) {
            rc = mf_error_at(err, MF_EINVAL, datafile_where(&d, "key"),
                             "unknown key '%s'", key);
            break;
        }
        if (seen[k]) {
            rc = mf_error_at(err, MF_EINVAL, datafile_where(&d, "key"),
                             "key '%s' given twice", key);
            break;
        }
        if ((rc = datafile_num(&d, "value", NAN, &x, err)) ||
            (rc = datafile_flag(&d, "estimate", &est, err)))
            break;
        if (!(x >= 0) ||
            ((k == K_REUSE_LOW || k == K_REUSE_HIGH ||
              k == K_PROCESSING_SHARE || k == K_SAME_CLIENT_PUBLIC) &&
             x > 1)) {
            rc = mf_error_at(err, MF_EINVAL, datafile_where(&d, "value"),
                             "%s must be %s", key,
                             k == K_SAME_CLIENT_PUBLIC ? "0 or 1"
                             : k == K_REUSE_LOW || k == K_REUSE_HIGH ||
                                     k == K_PROCESSING_SHARE
                                 ? "a share from 0 to 1"
                                 : "a number of at least 0");
            break;
        }
        if (!*datafile_val(&d, "source")) {
            rc = mf_error_at(err, MF_EINVAL, datafile_where(&d, "source"),
                             "%s needs a source or an estimate's reasoning",
                             key);
            break;
        }
        if (k == K_REUSE_HIGH)
            snprintf(out->reuse_source, sizeof out->reuse_source, "%s",
                     datafile_val(&d, "source"));
        v[k] = x;
        seen[k] = 1;
    }
    if (rc == MF_OK)
        for (k = 0; k < K_COUNT; k++)
            if (!seen[k]) {
                rc = mf_error_set(err, MF_EINVAL,
                                  "%s/practice.csv: key '%s' is missing",
                                  data_dir ? data_dir : mf_data_dir_default(),
                                  practice_keys[k]);
                break;
            }
    if (rc == MF_OK && v[K_REUSE_LOW] > v[K_REUSE_HIGH])
        rc = mf_error_set(err, MF_EINVAL,
                          "%s/practice.csv: reuse_share_low (%g) is above "
                          "reuse_share_high (%g)",
                          data_dir ? data_dir : mf_data_dir_default(),
                          v[K_REUSE_LOW], v[K_REUSE_HIGH]);
    if (rc == MF_OK) {
        out->same_client_km = v[K_SAME_CLIENT_KM];
        out->same_client_public = v[K_SAME_CLIENT_PUBLIC] != 0;
        out->processing_km = v[K_PROCESSING_KM];
        out->processing_share = v[K_PROCESSING_SHARE];
        out->sea_fill_km = v[K_SEA_FILL_KM];
        out->reuse_low = v[K_REUSE_LOW];
        out->reuse_high = v[K_REUSE_HIGH];
    }
    datafile_close(&d);
    arena_free(&arena);
    return rc < 0 ? rc : MF_OK;
}

int mf_practice_calibrated(const struct mf_practice *practice,
                           const struct mf_plan *baseline)
{
    double r = baseline->ind.reuse_rate;

    return r >= practice->reuse_low && r <= practice->reuse_high;
}

/* ------------------------------------------------------------------ */
/* Candidate pairs                                                      */
/* ------------------------------------------------------------------ */

struct cand {
    int o, d; /* endpoint indices in their sets */
    int material;
    int t0, t1; /* the periods both ends are active in */
    double km, cost;
};

/* Pairs sorted by the period they start in, then cost; live holds those
 * active in the current period, cheapest first (advance). */
struct candlist {
    struct cand *c;
    size_t n, cap;
    struct cand *live, *tmp;
    size_t n_live, next;
};

static int by_cost(const void *a, const void *b)
{
    const struct cand *x = a, *y = b;

    if (x->cost != y->cost)
        return (x->cost > y->cost) - (x->cost < y->cost);
    if (x->o != y->o)
        return (x->o > y->o) - (x->o < y->o);
    return (x->d > y->d) - (x->d < y->d);
}

static int by_start(const void *a, const void *b)
{
    const struct cand *x = a, *y = b;

    if (x->t0 != y->t0)
        return (x->t0 > y->t0) - (x->t0 < y->t0);
    return by_cost(a, b);
}

/* Processing plants' rock, grouped by plant, cheapest first. */
static int by_plant(const void *a, const void *b)
{
    const struct cand *x = a, *y = b;

    if (x->d != y->d)
        return (x->d > y->d) - (x->d < y->d);
    return by_cost(a, b);
}

struct bl;
typedef int (*pair_filter)(const struct bl *x, const struct endpoint *o,
                           const struct endpoint *d, double km);

struct move {
    int kind; /* enum arc_kind */
    int from, to, period, material;
    double km;
    int64_t t;
};

struct bl {
    struct plan_state *s;
    const struct builder *b;
    const struct mf_practice *pr;
    int64_t *left; /* per lot period (s->qty's layout): tonnes left */
    int64_t *room; /* per receiving site: tonnes it may still take */
    /* Plants: the input endpoint (SET_PROC_IN) of each output endpoint
     * (SET_PROC_OUT), and the tonnes of each output made in the period and
     * not yet sold (the co-products and rest of plants with yields). */
    int *out_in;
    int64_t *pool;
    /* Per plant input: every output of it has a receiving site that
     * takes it, so the plant may run (its co-products have a place). */
    unsigned char *outlet_ok;
    struct move *mv;
    size_t n_mv, cap_mv;
};

static int periods_meet(const struct endpoint *a, const struct endpoint *b)
{
    return a->p0 <= b->p1 && b->p0 <= a->p1;
}

static int active(const struct endpoint *e, int t)
{
    return t >= e->p0 && t <= e->p1;
}

static const struct mf_project *lot_project(const struct builder *b,
                                            const struct endpoint *e)
{
    const struct mf_lot *l = mf_registry_lot_at(b->reg, (size_t)e->ref);

    return l && l->project ? mf_registry_project(b->reg, l->project) : NULL;
}

static int same_project(const struct bl *x, const struct endpoint *o,
                        const struct endpoint *d, double km)
{
    const struct mf_project *po = lot_project(x->b, o);

    (void)km;
    return po && po == lot_project(x->b, d);
}

static int same_client(const struct bl *x, const struct endpoint *o,
                       const struct endpoint *d, double km)
{
    const struct mf_project *po = lot_project(x->b, o);
    const struct mf_project *pd = lot_project(x->b, d);
    const struct mf_org *org;

    if (!po || !pd || po == pd || !po->org || !pd->org ||
        strcmp(po->org, pd->org) || km > x->pr->same_client_km)
        return 0;
    org = mf_registry_org(x->b->reg, po->org);
    return org && (!x->pr->same_client_public || org->is_public);
}

static int sea_fill(const struct bl *x, const struct endpoint *o,
                    const struct endpoint *d, double km)
{
    const struct mf_lot *l = mf_registry_lot_at(x->b->reg, (size_t)d->ref);
    const struct mf_use *u = l ? mf_catalog_use(x->b->cat, l->use) : NULL;

    return u && u->sea && km <= x->pr->sea_fill_km && !same_project(x, o, d, 0);
}

static int plant_reach(const struct bl *x, const struct endpoint *o,
                       const struct endpoint *d, double km)
{
    (void)o;
    (void)d;
    return km <= x->pr->processing_km;
}

/* What groups the pairs worth looking at: an origin meets only the
 * destinations with its key (NULL: none). */
typedef const void *(*pair_key)(const struct bl *x, const struct endpoint *e,
                                int origin);

static const void *project_key(const struct bl *x, const struct endpoint *e,
                               int origin)
{
    (void)origin;
    return lot_project(x->b, e);
}

static const void *client_key(const struct bl *x, const struct endpoint *e,
                              int origin)
{
    const struct mf_project *p = lot_project(x->b, e);

    (void)origin;
    return p && p->org ? (const void *)mf_registry_org(x->b->reg, p->org)
                       : NULL;
}

static const char sea_token;

static const void *sea_key(const struct bl *x, const struct endpoint *e,
                           int origin)
{
    const struct mf_lot *l;
    const struct mf_use *u;

    if (origin)
        return &sea_token;
    l = mf_registry_lot_at(x->b->reg, (size_t)e->ref);
    u = l ? mf_catalog_use(x->b->cat, l->use) : NULL;
    return u && u->sea ? &sea_token : NULL;
}

struct keyed {
    const void *key;
    int j;
};

static int by_key(const void *a, const void *b)
{
    const struct keyed *x = a, *y = b;
    uintptr_t p = (uintptr_t)x->key, q = (uintptr_t)y->key;

    if (p != q)
        return (p > q) - (p < q);
    return (x->j > y->j) - (x->j < y->j);
}

/* One pair, if the planner would allow it within its haul limit and the
 * filter keeps it, priced as the planner prices it. */
static int consider(const struct bl *x, enum arc_kind kind, int i, int j,
                    const struct endpoint *o, const struct endpoint *d,
                    double reach, pair_filter keep, struct candlist *out)
{
    const struct builder *b = x->b;
    struct cost_parts parts;
    double km, gc;
    int material;

    if (!periods_meet(o, d))
        return MF_OK;
    /* Road km are never below the great circle (circuity >= 1, and a
     * user's road shorter than the straight line is refused), so a pair
     * whose great circle is past the reach is dropped before the rules. */
    gc = mf_distance_km(o->lon, o->lat, d->lon, d->lat);
    if (gc > reach && !build_link(b, o, d))
        return MF_OK;
    km = build_km(b, o, d, gc);
    if (km > b->net->max_km || (keep && !keep(x, o, d, km)) ||
        !build_pair_parts(b, kind, o, d, km, &material, &parts))
        return MF_OK;
    if (vec_reserve(out->c, out->cap, out->n + 1))
        return MF_ENOMEM;
    out->c[out->n].o = i;
    out->c[out->n].d = j;
    out->c[out->n].material = material;
    out->c[out->n].t0 = o->p0 > d->p0 ? o->p0 : d->p0;
    out->c[out->n].t1 = o->p1 < d->p1 ? o->p1 : d->p1;
    out->c[out->n].km = km;
    out->c[out->n].cost = cost_price(&parts);
    out->n++;
    return MF_OK;
}

/* Sorts the pairs by start, and makes room for the live ones. */
static int schedule(struct candlist *l)
{
    if (l->n > 1)
        qsort(l->c, l->n, sizeof *l->c, by_start);
    l->live = malloc((l->n + 1) * sizeof *l->live);
    l->tmp = malloc((l->n + 1) * sizeof *l->tmp);
    l->n_live = l->next = 0;
    return l->live && l->tmp ? MF_OK : MF_ENOMEM;
}

/* The pairs active in period t, cheapest first: those still live merged
 * with those starting now, so each period looks only at its own pairs. */
static void advance(struct candlist *l, int t)
{
    size_t a = 0, b = l->next, e = l->next, n = 0;
    struct cand *sw;

    while (e < l->n && l->c[e].t0 <= t)
        e++;
    while (a < l->n_live || b < e) {
        const struct cand *c;
        if (b >= e || (a < l->n_live && by_cost(&l->live[a], &l->c[b]) <= 0))
            c = &l->live[a++];
        else
            c = &l->c[b++];
        if (c->t1 >= t)
            l->tmp[n++] = *c;
    }
    sw = l->live;
    l->live = l->tmp;
    l->tmp = sw;
    l->n_live = n;
    l->next = e;
}

static void candlist_free(struct candlist *l)
{
    free(l->c);
    free(l->live);
    free(l->tmp);
}

struct each {
    const struct bl *x;
    enum arc_kind kind;
    const struct epset *O, *D;
    pair_filter keep;
    struct candlist *out;
};

static int each_pair(void *ctx, int o, int d, double km, int material)
{
    struct each *e = ctx;

    (void)km;
    (void)material;
    return consider(e->x, e->kind, o, d, &e->O->e[o], &e->D->e[d], HUGE_VAL,
                    e->keep, e->out);
}

/* The allowed pairs of from x to of this kind: every pair within the haul
 * limit, or with a key only those whose ends share it (a project, a
 * client, sea fills) and lie within reach km of great circle, found
 * through the destinations sorted by key, so a large registry is not
 * searched pair by pair. */
static int collect(const struct bl *x, enum arc_kind kind, int from, int to,
                   pair_key key, double reach, pair_filter keep,
                   struct candlist *out)
{
    const struct epset *O = &x->b->sets[from], *D = &x->b->sets[to];
    struct keyed *k;
    int i, j, n = 0, rc = MF_OK;

    if (!key) {
        /* Through the planner's spatial search: every allowed pair
         * within the haul limit. */
        struct each e;
        struct mf_error err = {0};
        e.x = x;
        e.kind = kind;
        e.O = O;
        e.D = D;
        e.keep = keep;
        e.out = out;
        rc = build_each_candidate(x->b, kind, O, D, 0, NULL, each_pair, &e,
                                  &err);
        return rc == MF_OK ? MF_OK : MF_ENOMEM;
    }
    k = malloc(((size_t)D->n + 1) * sizeof *k);
    if (!k)
        return MF_ENOMEM;
    for (j = 0; j < D->n; j++)
        if ((k[n].key = key(x, &D->e[j], 0)) != NULL)
            k[n++].j = j;
    qsort(k, (size_t)n, sizeof *k, by_key);
    for (i = 0; i < O->n && rc == MF_OK; i++) {
        struct keyed q;
        int lo = 0, hi = n;
        if (!(q.key = key(x, &O->e[i], 1)))
            continue;
        q.j = -1;
        while (lo < hi) { /* the first entry not below q */
            int mid = lo + (hi - lo) / 2;
            if (by_key(&k[mid], &q) < 0)
                lo = mid + 1;
            else
                hi = mid;
        }
        for (; lo < n && k[lo].key == q.key && rc == MF_OK; lo++)
            rc = consider(x, kind, i, k[lo].j, &O->e[i], &D->e[k[lo].j], reach,
                          keep, out);
    }
    free(k);
    return rc;
}

/* ------------------------------------------------------------------ */
/* Moving tonnes                                                        */
/* ------------------------------------------------------------------ */

static int64_t *left_at(const struct bl *x, const struct endpoint *e, int t)
{
    return &x->left[e->qty + (size_t)(t - e->p0)];
}

static int move(struct bl *x, enum arc_kind kind, int from, int to, int t,
                int material, double km, int64_t tonnes)
{
    if (tonnes <= 0)
        return MF_OK;
    if (vec_reserve(x->mv, x->cap_mv, x->n_mv + 1))
        return MF_ENOMEM;
    x->mv[x->n_mv].kind = kind;
    x->mv[x->n_mv].from = from;
    x->mv[x->n_mv].to = to;
    x->mv[x->n_mv].period = t;
    x->mv[x->n_mv].material = material;
    x->mv[x->n_mv].km = km;
    x->mv[x->n_mv].t = tonnes;
    x->n_mv++;
    return MF_OK;
}

static int64_t min64(int64_t a, int64_t b)
{
    return a < b ? a : b;
}

/* Surplus straight to needs, cheapest pair first (steps 1 to 3). */
static int direct(struct bl *x, const struct candlist *l, int t)
{
    const struct epset *S = &x->b->sets[SET_SUPPLY];
    const struct epset *D = &x->b->sets[SET_DEMAND];
    size_t i;

    for (i = 0; i < l->n_live; i++) {
        const struct cand *c = &l->live[i];
        const struct endpoint *o = &S->e[c->o], *d = &D->e[c->d];
        int64_t *so, *sd, q;

        if (!active(o, t) || !active(d, t))
            continue;
        so = left_at(x, o, t);
        sd = left_at(x, d, t);
        q = min64(*so, *sd);
        if (q <= 0)
            continue;
        if (move(x, A_DIRECT, o->ref, d->ref, t, c->material, c->km, q))
            return MF_ENOMEM;
        *so -= q;
        *sd -= q;
    }
    return MF_OK;
}

/* A capacity per year's share of period t, rounded down. */
static int64_t per_period(double per_year, const struct mf_periods *p, int t)
{
    double days = (double)p->start[t + 1] - p->start[t];
    double v = per_year * days / 365.25;

    return per_year < 0 ? INT64_MAX : v > 0 ? (int64_t)floor(v + 1e-6) : 0;
}

/* What a plant takes of projects' surplus a year (< 0: no limit). */
static double open_capacity(const struct mf_practice *pr,
                            const struct mf_site *x)
{
    if (pr->processing_share <= 0)
        return 0;
    return x->capacity_t < 0 ? -1 : x->capacity_t * pr->processing_share;
}

/* The tonnes of output endpoint oi per tonne into its plant: its yield
 * (data/yields.csv), 1 for a plant without yields. */
static double out_share(const struct bl *x, int oi)
{
    const struct endpoint *in = &x->b->sets[SET_PROC_IN].e[x->out_in[oi]];
    const struct mf_yield *y;
    int n;

    if (in->origin < 0)
        return 1;
    n = mf_catalog_yields(x->b->cat, in->material, &y);
    return oi - in->link < n ? y[oi - in->link].share : 1;
}

/* The room left at receiving endpoint r: its own, and for a material
 * with its own capacity (material_caps) the site's too. */
static int64_t room_at(const struct epset *R, const int64_t *room, int r)
{
    int sh = R->e[r].shared;

    return sh >= 0 && room[sh] < room[r] ? room[sh] : room[r];
}

static void room_take(const struct epset *R, int64_t *room, int r, int64_t q)
{
    room[r] -= q;
    if (R->e[r].shared >= 0)
        room[R->e[r].shared] -= q;
}

/* The cheapest receiving site that takes output oi in period t (with
 * room, unless any_room), or -1; *km its road km. */
static int outlet(const struct bl *x, int oi, int t, int any_room, double *km)
{
    const struct builder *b = x->b;
    const struct endpoint *o = &b->sets[SET_PROC_OUT].e[oi];
    const struct epset *R = &b->sets[SET_RECEIVING];
    double best = 0;
    int r, at = -1, material;

    for (r = 0; r < R->n; r++) {
        const struct endpoint *d = &R->e[r];
        struct cost_parts parts;
        double k, price;
        if ((t >= 0 && !active(d, t)) ||
            (!any_room && room_at(R, x->room, r) <= 0))
            continue;
        k = build_km(b, o, d, mf_distance_km(o->lon, o->lat, d->lon, d->lat));
        if (k > b->net->max_km || !build_pair_parts(b, A_PROC_TO_LANDFILL, o, d,
                                                    k, &material, &parts))
            continue;
        price = cost_price(&parts);
        if (at < 0 || price < best) {
            best = price;
            at = r;
            *km = k;
        }
    }
    return at;
}

/* What the plants made in period t and did not sell goes to the cheapest
 * receiving site that takes it (the co-products and rest fractions of
 * plants with yields). A plant is used only when each of its outputs has
 * such a site (outlet_ok); when all of them are full, the cheapest takes
 * the rest beyond its room, so no tonne vanishes from the balance. */
static int place_outputs(struct bl *x, int t)
{
    const struct builder *b = x->b;
    const struct epset *O = &b->sets[SET_PROC_OUT];
    const struct epset *R = &b->sets[SET_RECEIVING];
    int oi, r;
    double km = 0;

    for (oi = 0; oi < O->n; oi++)
        while (x->pool[oi] > 0) {
            int64_t q;
            int full = 0;
            if ((r = outlet(x, oi, t, 0, &km)) < 0) {
                full = 1;
                if ((r = outlet(x, oi, -1, 1, &km)) < 0)
                    break;
            }
            q = full ? x->pool[oi] : min64(x->pool[oi], room_at(R, x->room, r));
            if (move(x, A_PROC_TO_LANDFILL, O->e[oi].ref, R->e[r].ref, t,
                     O->e[oi].material, km, q))
                return MF_ENOMEM;
            if (!full)
                room_take(R, x->room, r, q);
            x->pool[oi] -= q;
        }
    return MF_OK;
}

/* Needs left buy from quarries and processing plants, cheapest first; a
 * plant sells as much as it can take of the rock of surplus within its
 * reach (step 3, and the quarries of step 4). sell holds quarry pairs
 * (o >= 0: a quarry endpoint) and plant pairs (o < 0: plant -o - 1). */
static int buy(struct bl *x, const struct candlist *sell,
               const struct candlist *rock, const size_t *rock_at, int t)
{
    const struct builder *b = x->b;
    const struct epset *S = &b->sets[SET_SUPPLY];
    const struct epset *D = &b->sets[SET_DEMAND];
    const struct epset *Q = &b->sets[SET_QUARRY];
    const struct epset *P = &b->sets[SET_PROC_IN];
    const struct mf_periods *per = &b->net->periods;
    int64_t *qcap = malloc(((size_t)Q->n + 1) * sizeof *qcap);
    int64_t *pcap = malloc(((size_t)P->n + 1) * sizeof *pcap);
    size_t i, r;
    int j, oi, rc = MF_OK;
    int64_t n;
    double sh;

    if (!qcap || !pcap) {
        rc = MF_ENOMEM;
        goto done;
    }
    for (j = 0; j < Q->n; j++)
        qcap[j] = per_period(
            mf_registry_site_at(b->reg, (size_t)Q->e[j].ref)->capacity_t, per,
            t);
    for (j = 0; j < P->n; j++)
        pcap[j] = per_period(
            open_capacity(x->pr,
                          mf_registry_site_at(b->reg, (size_t)P->e[j].ref)),
            per, t);
    for (i = 0; i < sell->n_live && rc == MF_OK; i++) {
        const struct cand *c = &sell->live[i];
        const struct endpoint *d = &D->e[c->d];
        int64_t *need;

        if (!active(d, t) || *(need = left_at(x, d, t)) <= 0)
            continue;
        if (c->o >= 0) {
            const struct endpoint *q = &Q->e[c->o];
            int64_t n = min64(*need, qcap[c->o]);
            if (!active(q, t) || n <= 0)
                continue;
            rc = move(x, A_QUARRY_TO_DEMAND, q->ref, d->ref, t, c->material,
                      c->km, n);
            qcap[c->o] -= n;
            *need -= n;
            continue;
        }
        oi = -c->o - 1;
        j = x->out_in[oi];
        if (!active(&P->e[j], t))
            continue;
        /* What the plant made earlier in the period and has not sold. */
        n = min64(*need, x->pool[oi]);
        if (n > 0) {
            if ((rc = move(x, A_PROC_TO_DEMAND, P->e[j].ref, d->ref, t,
                           c->material, c->km, n)))
                break;
            x->pool[oi] -= n;
            *need -= n;
        }
        if (!x->outlet_ok[j])
            continue;
        sh = out_share(x, oi);
        for (r = rock_at[j]; r < rock_at[j + 1] && rc == MF_OK; r++) {
            const struct cand *k = &rock->c[r];
            const struct endpoint *o = &S->e[k->o];
            int64_t *so, in;
            int q;
            if (*need <= 0 || pcap[j] <= 0)
                break;
            if (!active(o, t) || *(so = left_at(x, o, t)) <= 0)
                continue;
            /* Rock in for the need at this output's share; every output
             * of the plant gets its share of it. */
            in = min64(min64((int64_t)ceil((double)*need / sh - 1e-9), pcap[j]),
                       *so);
            if ((rc = move(x, A_TO_PROC, o->ref, P->e[j].ref, t, k->material,
                           k->km, in)) ||
                (rc = move(x, A_PROCESS, P->e[j].ref, P->e[j].ref, t,
                           k->material, 0, in)))
                break;
            *so -= in;
            pcap[j] -= in;
            for (q = P->e[j].link; q < P->e[j].link + P->e[j].n_link; q++)
                x->pool[q] +=
                    (int64_t)floor((double)in * out_share(x, q) + 1e-9);
            n = min64(*need, x->pool[oi]);
            if ((rc = move(x, A_PROC_TO_DEMAND, P->e[j].ref, d->ref, t,
                           c->material, c->km, n)))
                break;
            x->pool[oi] -= n;
            *need -= n;
        }
    }
done:
    free(qcap);
    free(pcap);
    return rc;
}

/* Surplus left to the cheapest receiving site with room (step 4). */
static int landfill(struct bl *x, const struct candlist *l, int64_t *room,
                    int t)
{
    const struct epset *S = &x->b->sets[SET_SUPPLY];
    const struct epset *R = &x->b->sets[SET_RECEIVING];
    size_t i;

    for (i = 0; i < l->n_live; i++) {
        const struct cand *c = &l->live[i];
        const struct endpoint *o = &S->e[c->o];
        int64_t *so, q;

        if (!active(o, t) || !active(&R->e[c->d], t))
            continue;
        so = left_at(x, o, t);
        q = min64(*so, room_at(R, room, c->d));
        if (q <= 0)
            continue;
        if (move(x, A_TO_LANDFILL, o->ref, R->e[c->d].ref, t, c->material,
                 c->km, q))
            return MF_ENOMEM;
        *so -= q;
        room_take(R, room, c->d, q);
    }
    return MF_OK;
}

/* ------------------------------------------------------------------ */
/* The result, as the planner's decode makes it                         */
/* ------------------------------------------------------------------ */

static int move_cmp(const void *a, const void *b)
{
    const struct move *x = a, *y = b;

    if (x->period != y->period)
        return (x->period > y->period) - (x->period < y->period);
    if (x->kind != y->kind)
        return (x->kind > y->kind) - (x->kind < y->kind);
    if (x->from != y->from)
        return (x->from > y->from) - (x->from < y->from);
    if (x->to != y->to)
        return (x->to > y->to) - (x->to < y->to);
    return (x->material > y->material) - (x->material < y->material);
}

static enum mf_end_kind end_kind(enum arc_kind k, int head)
{
    switch (k) {
    case A_DIRECT:
        return head ? MF_END_DEMAND : MF_END_SUPPLY;
    case A_TO_PROC:
        return head ? MF_END_PROCESSING : MF_END_SUPPLY;
    case A_PROC_TO_DEMAND:
        return head ? MF_END_DEMAND : MF_END_PROCESSING;
    case A_TO_LANDFILL:
        return head ? MF_END_RECEIVING : MF_END_SUPPLY;
    case A_PROC_TO_LANDFILL:
        return head ? MF_END_RECEIVING : MF_END_PROCESSING;
    case A_QUARRY_TO_DEMAND:
        return head ? MF_END_DEMAND : MF_END_QUARRY;
    case A_UNPLACED:
        return head ? MF_END_UNPLACED : MF_END_SUPPLY;
    case A_UNMET:
        return head ? MF_END_DEMAND : MF_END_UNMET;
    default:
        return MF_END_PROCESSING;
    }
}

static int result(struct bl *x, struct mf_plan *plan, struct mf_error *err)
{
    const struct builder *b = x->b;
    const struct plan_network *n = b->net;
    struct mf_indicators *ind = &plan->ind;
    size_t i, cap = 0;
    int np = n->periods.n;
    double objective = 0;

    if (mf_periods_make(&plan->periods, n->periods.kind, n->periods.start[0],
                        n->periods.start[np] - 1, err))
        return err->code;
    if (x->n_mv > 1)
        qsort(x->mv, x->n_mv, sizeof *x->mv, move_cmp);
    for (i = 0; i < x->n_mv; i++) {
        struct move m = x->mv[i];
        struct cost_parts parts;
        struct mf_flow fl;
        enum arc_kind kind = (enum arc_kind)m.kind;

        /* One flow per kind, ends, period and material. */
        while (i + 1 < x->n_mv && !move_cmp(&m, &x->mv[i + 1]))
            m.t += x->mv[++i].t;
        build_arc_parts(b, kind, m.from, m.to, m.period, m.material, m.km,
                        &parts);
        if (parts.kind == COST_NONE)
            continue;
        objective += (double)build_ore(cost_price(&parts)) * (double)m.t;
        cost_haul_detail(&n->cost, &parts);
        memset(&fl, 0, sizeof fl);
        cost_flow_totals(&parts, (double)m.t, &fl);
        indicators_add(ind, parts.kind, &fl);
        if (parts.kind == COST_TO_NEED) {
            const struct mf_lot *lot = mf_registry_lot_at(b->reg, (size_t)m.to);
            indicators_recovery(ind, lot ? lot->planned_independently : -1,
                                (double)m.t);
        }
        if (kind == A_PROCESS)
            continue;
        fl.from_kind = end_kind(kind, 0);
        fl.to_kind = end_kind(kind, 1);
        fl.from = kind == A_UNMET ? -1 : m.from;
        fl.to = kind == A_UNPLACED ? -1 : m.to;
        fl.period = m.period;
        fl.material = m.material;
        fl.km = m.km;
        if (vec_reserve(plan->flows, cap, plan->n_flows + 1))
            return mf_error_set(err, MF_ENOMEM, "out of memory");
        plan->flows[plan->n_flows++] = fl;
    }
    indicators_finish(ind);
    plan->objective = (int64_t)llround(objective);
    return MF_OK;
}

/* ------------------------------------------------------------------ */
/* The baseline                                                         */
/* ------------------------------------------------------------------ */

static size_t qty_len(const struct builder *b)
{
    size_t len = 0;
    int set, i;

    for (set = SET_SUPPLY; set <= SET_DEMAND; set++)
        for (i = 0; i < b->sets[set].n; i++) {
            const struct endpoint *e = &b->sets[set].e[i];
            size_t end = e->qty + (size_t)(e->p1 - e->p0 + 1);
            if (end > len)
                len = end;
        }
    return len;
}

/* Plant pairs to needs, as sellers: the plant's haul and its processing
 * price; then quarries. */
static int sellers(struct bl *x, struct candlist *sell)
{
    const struct builder *b = x->b;
    struct candlist pl;
    size_t i;
    int rc;

    memset(&pl, 0, sizeof pl);
    rc = collect(x, A_PROC_TO_DEMAND, SET_PROC_OUT, SET_DEMAND, NULL, 0, NULL,
                 &pl);

    for (i = 0; rc == MF_OK && i < pl.n; i++) {
        const struct endpoint *p = &b->sets[SET_PROC_OUT].e[pl.c[i].o];
        struct cost_parts parts;
        build_arc_parts(b, A_PROCESS, p->ref, p->ref, -1, p->material, 0,
                        &parts);
        pl.c[i].cost += cost_price(&parts);
        pl.c[i].o = -pl.c[i].o - 1;
        if (vec_reserve(sell->c, sell->cap, sell->n + 1))
            rc = MF_ENOMEM;
        else
            sell->c[sell->n++] = pl.c[i];
    }
    free(pl.c);
    if (rc == MF_OK)
        rc = collect(x, A_QUARRY_TO_DEMAND, SET_QUARRY, SET_DEMAND, NULL, 0,
                     NULL, sell);
    return rc;
}

int mf_plan_practice(const struct mf_registry *reg,
                     const struct mf_factors *factors,
                     const struct mf_plan_opts *opts,
                     const struct mf_practice *practice, struct mf_plan **out,
                     struct mf_error *err)
{
    struct mf_plan_opts o = MF_PLAN_OPTS_INIT;
    struct bl x;
    struct candlist own, client, sea, rock, sell, rcv;
    struct mf_plan *plan = calloc(1, sizeof *plan);
    const struct epset *S, *D, *R;
    size_t *rock_at = NULL, len, i;
    int64_t *room = NULL;
    int rc, t, j;

    *out = NULL;
    memset(&x, 0, sizeof x);
    memset(&own, 0, sizeof own);
    memset(&client, 0, sizeof client);
    memset(&sea, 0, sizeof sea);
    memset(&rock, 0, sizeof rock);
    memset(&sell, 0, sizeof sell);
    memset(&rcv, 0, sizeof rcv);
    if (opts)
        o = *opts;
    o.baseline = 0;
    o.no_storage = 1;
    if (!plan)
        return mf_error_set(err, MF_ENOMEM, "out of memory");
    if ((rc = plan_state_prepare(reg, factors, &o, &x.s, err))) {
        free(plan);
        return rc;
    }
    x.b = &x.s->b;
    x.pr = practice;
    S = &x.b->sets[SET_SUPPLY];
    D = &x.b->sets[SET_DEMAND];
    R = &x.b->sets[SET_RECEIVING];
    len = qty_len(x.b);
    x.left = malloc((len + 1) * sizeof *x.left);
    room = malloc(((size_t)R->n + 1) * sizeof *room);
    rock_at = calloc((size_t)x.b->sets[SET_PROC_IN].n + 2, sizeof *rock_at);
    rc = MF_ENOMEM;
    if (!x.left || !room || !rock_at)
        goto done;
    if (len)
        memcpy(x.left, x.s->qty, len * sizeof *x.left);
    x.room = room;
    {
        const struct epset *PI = &x.b->sets[SET_PROC_IN];
        const struct epset *PO = &x.b->sets[SET_PROC_OUT];
        int k;
        double km;
        x.out_in = calloc((size_t)PO->n + 1, sizeof *x.out_in);
        x.pool = calloc((size_t)PO->n + 1, sizeof *x.pool);
        x.outlet_ok = calloc((size_t)PI->n + 1, 1);
        if (!x.out_in || !x.pool || !x.outlet_ok)
            goto done;
        for (j = 0; j < PI->n; j++) {
            x.outlet_ok[j] = 1;
            for (k = PI->e[j].link; k < PI->e[j].link + PI->e[j].n_link; k++)
                x.out_in[k] = j;
        }
        for (j = 0; j < PI->n; j++)
            for (k = PI->e[j].link;
                 PI->e[j].origin >= 0 && k < PI->e[j].link + PI->e[j].n_link;
                 k++)
                if (out_share(&x, k) > 0 && outlet(&x, k, -1, 1, &km) < 0)
                    x.outlet_ok[j] = 0;
    }
    for (j = 0; j < R->n; j++) {
        const struct mf_site *site =
            mf_registry_site_at(reg, (size_t)R->e[j].ref);
        double c = site->capacity_t;
        /* A material with its own capacity: that, and the site's. */
        if (R->e[j].shared >= 0)
            mf_site_material_cap(x.b->cat, site, R->e[j].material, &c);
        room[j] = c < 0 ? INT64_MAX : (int64_t)floor(c + 1e-6);
    }
    for (j = 0; j < S->n; j++)
        for (t = S->e[j].p0; t <= S->e[j].p1; t++)
            plan->ind.supply_t += (double)*left_at(&x, &S->e[j], t);
    for (j = 0; j < D->n; j++)
        for (t = D->e[j].p0; t <= D->e[j].p1; t++)
            plan->ind.demand_t += (double)*left_at(&x, &D->e[j], t);
    if (collect(&x, A_DIRECT, SET_SUPPLY, SET_DEMAND, project_key,
                x.b->net->max_km, same_project, &own) ||
        collect(&x, A_DIRECT, SET_SUPPLY, SET_DEMAND, client_key,
                practice->same_client_km, same_client, &client) ||
        collect(&x, A_DIRECT, SET_SUPPLY, SET_DEMAND, sea_key,
                practice->sea_fill_km, sea_fill, &sea) ||
        collect(&x, A_TO_PROC, SET_SUPPLY, SET_PROC_IN, NULL, 0, plant_reach,
                &rock) ||
        sellers(&x, &sell) ||
        collect(&x, A_TO_LANDFILL, SET_SUPPLY, SET_RECEIVING, NULL, 0, NULL,
                &rcv))
        goto done;
    if (schedule(&own) || schedule(&client) || schedule(&sea) ||
        schedule(&sell) || schedule(&rcv))
        goto done;
    if (rock.n > 1)
        qsort(rock.c, rock.n, sizeof *rock.c, by_plant);
    for (i = 0; i < rock.n; i++)
        rock_at[rock.c[i].d + 1] = i + 1;
    for (j = 1; j <= x.b->sets[SET_PROC_IN].n; j++)
        if (rock_at[j] < rock_at[j - 1])
            rock_at[j] = rock_at[j - 1];
    for (t = 0; t < x.b->net->periods.n; t++) {
        advance(&own, t);
        advance(&client, t);
        advance(&sea, t);
        advance(&sell, t);
        advance(&rcv, t);
        if (direct(&x, &own, t) || direct(&x, &client, t) ||
            direct(&x, &sea, t) || buy(&x, &sell, &rock, rock_at, t) ||
            place_outputs(&x, t) || landfill(&x, &rcv, room, t))
            goto done;
    }
    /* What is left is unplaced or unmet. */
    for (j = 0; j < S->n; j++)
        for (t = S->e[j].p0; t <= S->e[j].p1; t++)
            if (move(&x, A_UNPLACED, S->e[j].ref, -1, t, S->e[j].material, 0,
                     *left_at(&x, &S->e[j], t)))
                goto done;
    for (j = 0; j < D->n; j++)
        for (t = D->e[j].p0; t <= D->e[j].p1; t++)
            if (move(&x, A_UNMET, -1, D->e[j].ref, t, -1, 0,
                     *left_at(&x, &D->e[j], t)))
                goto done;
    rc = result(&x, plan, err);
    if (rc == MF_OK) {
        *out = plan;
        plan = NULL;
    }
done:
    if (rc == MF_ENOMEM)
        rc = mf_error_set(err, MF_ENOMEM, "out of memory");
    candlist_free(&own);
    candlist_free(&client);
    candlist_free(&sea);
    candlist_free(&rock);
    candlist_free(&sell);
    candlist_free(&rcv);
    free(rock_at);
    free(room);
    free(x.out_in);
    free(x.pool);
    free(x.outlet_ok);
    free(x.left);
    free(x.mv);
    plan_state_free(x.s);
    mf_plan_free(plan);
    return rc;
}
