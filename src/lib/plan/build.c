/*
 * build.c - registry to time-expanded network (docs/PLANNING.md).
 *
 * Nodes exist only where a lot or site is active in a period. Transport
 * arcs join an origin to the destinations that accept its material, are
 * allowed by the flow rules, lie within the haul limit, and are among the
 * k cheapest for that origin, or have that origin among their own k
 * cheapest (selection from both ends, so no destination is left without
 * candidates). A spatial grid (geo/grid.c) finds them without looking at
 * all pairs. Each such pair gets one arc per period both ends share.
 *
 * Lazy arc generation (build_price) later adds any allowed arc left out
 * whose reduced cost under the current potentials is negative, so the
 * final plan is optimal over every allowed arc, not only the k cheapest.
 */
#include "plan/build.h"

#include "geo/distance.h"
#include "geo/grid.h"
#include "util/vec.h"
#include "masseflyt/geo.h"
#include "masseflyt/validate.h"

#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

/* ------------------------------------------------------------------ */
/* Sets of endpoints                                                    */
/* ------------------------------------------------------------------ */

int epset_add(struct epset *s, const struct endpoint *e)
{
    if (vec_reserve(s->e, s->cap, (size_t)s->n + 1))
        return MF_ENOMEM;
    s->e[s->n++] = *e;
    return MF_OK;
}

static int epset_index(struct epset *s, double cell_km, struct mf_error *err)
{
    double *lon = malloc(((size_t)s->n + 1) * sizeof *lon);
    double *lat = malloc(((size_t)s->n + 1) * sizeof *lat);
    int i, rc;

    if (!lon || !lat) {
        free(lon);
        free(lat);
        return mf_error_set(err, MF_ENOMEM, "out of memory");
    }
    for (i = 0; i < s->n; i++) {
        lon[i] = s->e[i].lon;
        lat[i] = s->e[i].lat;
    }
    rc = grid_build(&s->grid, (size_t)s->n, lon, lat, cell_km, err);
    free(lon);
    free(lat);
    return rc;
}

void epset_free(struct epset *s)
{
    free(s->e);
    grid_free(s->grid);
    memset(s, 0, sizeof *s);
}

/* ------------------------------------------------------------------ */
/* Costs                                                                */
/* ------------------------------------------------------------------ */

const struct mf_link *build_link(const struct builder *b,
                                 const struct endpoint *o,
                                 const struct endpoint *d)
{
    return o->on_link && d->on_link
               ? mf_link_find(b->fx, o->site_id, d->site_id)
               : NULL;
}

int build_site_on_link(const struct builder *b, const char *site_id)
{
    int i, n = mf_factors_n_links(b->fx);

    for (i = 0; site_id && i < n; i++) {
        const struct mf_link *x = mf_link_at(b->fx, i);
        if (!strcmp(x->from, site_id) || !strcmp(x->to, site_id))
            return 1;
    }
    return 0;
}

double build_km(const struct builder *b, const struct endpoint *o,
                const struct endpoint *d, double gc_km)
{
    const struct mf_link *l = build_link(b, o, d);

    if (l)
        return l->km;
    return distance_road_km(&b->dist, o->site_id, d->site_id, o->municipality,
                            d->municipality, gc_km);
}

int64_t build_ore(double nok)
{
    double v = nok * 100.0;

    if (v > 1e15)
        v = 1e15;
    if (v < -1e15)
        v = -1e15;
    return (int64_t)llround(v);
}

/* NOK per tonne to haul km, CO2 priced in: a lower bound on any pair's
 * transport part, for the search. */
static double haul_nok(const struct plan_network *n, double km)
{
    return n->cost.haul_a + n->cost.haul_b * km;
}

/* ------------------------------------------------------------------ */
/* What may go where                                                    */
/* ------------------------------------------------------------------ */

static int site_accepts(const struct mf_site *s, int material)
{
    int i;

    for (i = 0; i < s->n_materials; i++)
        if (s->materials[i] == material)
            return 1;
    return 0;
}

/* Whether material m goes to receiving endpoint d of site s: the endpoint
 * of a material with its own capacity (material_caps) takes only that
 * material, the shared one every other. */
static int capped_fits(const struct builder *b, const struct mf_site *s,
                       const struct endpoint *d, int m)
{
    double c;

    if (d->material >= 0)
        return m == d->material;
    return !s->material_caps || !mf_site_material_cap(b->cat, s, m, &c);
}

/* The quality rank of material m for demand lot d, 0 when not allowed. */
static int demand_rank(const struct builder *b, int m, const struct mf_lot *d)
{
    if (d->material >= 0 && d->material != m)
        return 0;
    return mf_catalog_compat(b->cat, m, d->use);
}

/* Whether a pair is allowed: 0 when not, else the quality rank of what
 * moves for a need (kinds that end at a need), or 1. */
static int pair_rank(const struct builder *b, enum arc_kind kind,
                     const struct endpoint *o, const struct endpoint *d,
                     int *material)
{
    const struct mf_lot *lot;
    const struct mf_site *site;
    int rank, i, best;

    *material = o->material;
    switch (kind) {
    case A_DIRECT:
        lot = mf_registry_lot_at(b->reg, (size_t)o->ref);
        rank = demand_rank(b, o->material,
                           mf_registry_lot_at(b->reg, (size_t)d->ref));
        if (!rank ||
            (b->ruled_lot[o->ref] &&
             !mf_flow_allowed(b->reg, lot,
                              mf_registry_lot_at(b->reg, (size_t)d->ref), NULL,
                              lot->from, NULL)))
            return 0;
        return rank;
    case A_STORAGE_TO_DEMAND:
        return demand_rank(b, o->material,
                           mf_registry_lot_at(b->reg, (size_t)d->ref));
    case A_PROC_TO_DEMAND:
        /* A rest fraction serves no need; a product serves only the uses
         * its origin qualifies for (data/origin_limits.csv). */
        lot = mf_registry_lot_at(b->reg, (size_t)d->ref);
        if (o->rest || (o->origin >= 0 &&
                        !mf_catalog_origin_allows(b->cat, o->origin, lot->use)))
            return 0;
        return demand_rank(b, o->material, lot);
    case A_PROC_TO_LANDFILL:
        /* Only the outputs of plants with yields: a receiving site takes
         * a product or rest fraction that it accepts, or whose origin it
         * accepts (the fines of clean rock are clean rock masses). */
        site = mf_registry_site_at(b->reg, (size_t)d->ref);
        return o->origin >= 0 && (site_accepts(site, o->material)
                                      ? capped_fits(b, site, d, o->material)
                                      : site_accepts(site, o->origin) &&
                                            capped_fits(b, site, d, o->origin));
    case A_TO_STORAGE:
    case A_TO_PROC:
    case A_TO_LANDFILL:
        lot = mf_registry_lot_at(b->reg, (size_t)o->ref);
        site = mf_registry_site_at(b->reg, (size_t)d->ref);
        /* A plant with yields has an input node per material. */
        if (!site_accepts(site, o->material) ||
            (kind == A_TO_PROC && d->material >= 0 &&
             d->material != o->material) ||
            (b->ruled_lot[o->ref] &&
             !mf_flow_allowed(b->reg, lot, NULL, site, lot->from, NULL)))
            return 0;
        if (kind == A_TO_LANDFILL)
            return capped_fits(b, site, d, o->material);
        return kind != A_TO_STORAGE || d->material == o->material;
    case A_STORAGE_TO_PROC:
    case A_STORAGE_TO_LANDFILL:
    case A_PROC_TO_STORAGE:
        site = mf_registry_site_at(b->reg, (size_t)d->ref);
        if (!site_accepts(site, o->material) ||
            (kind == A_STORAGE_TO_PROC && d->material >= 0 &&
             d->material != o->material))
            return 0;
        /* Storage mixes origins: a rest fraction, or a product whose
         * origin closes some use to it, does not go there (it would come
         * out qualified for everything). */
        if (kind == A_PROC_TO_STORAGE &&
            (o->rest ||
             (o->origin >= 0 && mf_catalog_origin_limited(b->cat, o->origin))))
            return 0;
        if (kind == A_STORAGE_TO_LANDFILL)
            return capped_fits(b, site, d, o->material);
        return kind != A_PROC_TO_STORAGE || d->material == o->material;
    case A_QUARRY_TO_DEMAND:
        /* The quarry's best product for the need. */
        site = mf_registry_site_at(b->reg, (size_t)o->ref);
        lot = mf_registry_lot_at(b->reg, (size_t)d->ref);
        best = 0;
        for (i = 0; i < site->n_materials; i++) {
            rank = demand_rank(b, site->materials[i], lot);
            if (rank && (!best || rank < best)) {
                best = rank;
                *material = site->materials[i];
            }
        }
        return best;
    default:
        return 0;
    }
}

/* build_arc_parts with the rank for a need already known (rank > 0). */
static void arc_parts(const struct builder *b, enum arc_kind kind, int from,
                      int to, int period, int material, int rank, double km,
                      const struct mf_link *link, struct cost_parts *out)
{
    const struct cost_model *m = &b->net->cost;
    const struct mf_periods *p = &b->net->periods;

    switch (kind) {
    case A_DIRECT:
    case A_STORAGE_TO_DEMAND:
    case A_PROC_TO_DEMAND:
        cost_haul_to_need(m, km, material, rank, out);
        break;
    case A_TO_STORAGE:
    case A_PROC_TO_STORAGE:
        cost_haul_to_storage(m, km, material,
                             mf_registry_site_at(b->reg, (size_t)to), out);
        break;
    case A_TO_PROC:
    case A_STORAGE_TO_PROC:
        cost_haul_to_processing(m, km, material, out);
        break;
    case A_TO_LANDFILL:
        cost_haul_to_landfill(m, km, material,
                              mf_registry_site_at(b->reg, (size_t)to),
                              b->public_lot && b->public_lot[from], out);
        break;
    case A_PROC_TO_LANDFILL:
        cost_haul_to_landfill(m, km, material,
                              mf_registry_site_at(b->reg, (size_t)to), 0, out);
        break;
    case A_STORAGE_TO_LANDFILL:
        /* Storage mixes origins, so a surcharge on landfilling public
         * clients' surplus applies to all that leaves storage for a
         * receiving site; else storage would be a way around it. */
        cost_haul_to_landfill(m, km, material,
                              mf_registry_site_at(b->reg, (size_t)to), 1, out);
        break;
    case A_QUARRY_TO_DEMAND:
        cost_haul_from_quarry(m, km, material,
                              mf_registry_site_at(b->reg, (size_t)from), rank,
                              out);
        break;
    case A_HOLD:
        cost_hold(m, mf_registry_site_at(b->reg, (size_t)from),
                  ((double)p->start[period + 1] - p->start[period]) / 30.4375,
                  out);
        break;
    case A_PROCESS:
        cost_process(m, mf_registry_site_at(b->reg, (size_t)from), out);
        break;
    case A_UNPLACED:
        cost_unplaced(m, out);
        break;
    case A_UNMET:
        cost_unmet(m, out);
        break;
    default:
        cost_none(out);
        break;
    }
    if (link)
        cost_by_link(m, link, out);
}

/* The site at one end of an arc of this kind: a lot's site, or the site. */
static const char *end_site(const struct builder *b, int is_lot, int ref)
{
    if (ref < 0)
        return NULL;
    if (is_lot) {
        const struct mf_lot *l = mf_registry_lot_at(b->reg, (size_t)ref);
        return l ? l->site : NULL;
    } else {
        const struct mf_site *s = mf_registry_site_at(b->reg, (size_t)ref);
        return s ? s->id : NULL;
    }
}

/* The barge or conveyor an arc of this kind between registry entries
 * from and to moves on, or NULL. */
static const struct mf_link *arc_link(const struct builder *b,
                                      enum arc_kind kind, int from, int to)
{
    int from_lot, to_lot;

    if (mf_factors_n_links(b->fx) == 0)
        return NULL;
    switch (kind) {
    case A_DIRECT:
    case A_TO_STORAGE:
    case A_TO_PROC:
    case A_TO_LANDFILL:
    case A_STORAGE_TO_DEMAND:
    case A_STORAGE_TO_PROC:
    case A_STORAGE_TO_LANDFILL:
    case A_PROC_TO_DEMAND:
    case A_PROC_TO_STORAGE:
    case A_PROC_TO_LANDFILL:
    case A_QUARRY_TO_DEMAND:
        break;
    default:
        return NULL;
    }
    from_lot = kind == A_DIRECT || kind == A_TO_STORAGE || kind == A_TO_PROC ||
               kind == A_TO_LANDFILL;
    to_lot = kind == A_DIRECT || kind == A_STORAGE_TO_DEMAND ||
             kind == A_PROC_TO_DEMAND || kind == A_QUARRY_TO_DEMAND;
    return mf_link_find(b->fx, end_site(b, from_lot, from),
                        end_site(b, to_lot, to));
}

void build_arc_parts(const struct builder *b, enum arc_kind kind, int from,
                     int to, int period, int material, double km,
                     struct cost_parts *out)
{
    int rank = 1;

    if (kind == A_DIRECT || kind == A_STORAGE_TO_DEMAND ||
        kind == A_PROC_TO_DEMAND || kind == A_QUARRY_TO_DEMAND)
        rank = demand_rank(b, material, mf_registry_lot_at(b->reg, (size_t)to));
    arc_parts(b, kind, from, to, period, material, rank, km,
              arc_link(b, kind, from, to), out);
}

int build_pair_parts(const struct builder *b, enum arc_kind kind,
                     const struct endpoint *o, const struct endpoint *d,
                     double km, int *material, struct cost_parts *out)
{
    int rank = pair_rank(b, kind, o, d, material);

    if (!rank)
        return 0;
    arc_parts(b, kind, o->ref, d->ref, -1, *material, rank, km,
              build_link(b, o, d), out);
    return 1;
}

/* ------------------------------------------------------------------ */
/* Choosing pairs                                                       */
/* ------------------------------------------------------------------ */

struct cand {
    int j;
    double cost;
    double km;
    int material;
};

struct search {
    const struct builder *b;
    enum arc_kind kind;
    const struct epset *from, *to; /* as searched: to is the grid's set */
    int reverse;                   /* the grid holds origins */
    const struct endpoint *q;      /* the query endpoint */
    int k;
    struct cand *heap; /* max-heap on cost, size <= k */
    int n;
    double fixed_lb; /* a lower bound of any fixed part */
    double limit;    /* no pair costing this much or more is wanted */
};

static void heap_push(struct search *s, const struct cand *c)
{
    int i;

    if (s->n < s->k) {
        i = s->n++;
    } else if (c->cost < s->heap[0].cost) {
        /* Replace the dearest: sift the new one down from the root. */
        i = 0;
        for (;;) {
            int l = 2 * i + 1, r = l + 1, m = i;
            double cm = c->cost;
            if (l < s->n && s->heap[l].cost > cm) {
                m = l;
                cm = s->heap[l].cost;
            }
            if (r < s->n && s->heap[r].cost > cm)
                m = r;
            if (m == i)
                break;
            s->heap[i] = s->heap[m];
            i = m;
        }
        s->heap[i] = *c;
        return;
    } else {
        return;
    }
    while (i > 0 && s->heap[(i - 1) / 2].cost < c->cost) {
        s->heap[i] = s->heap[(i - 1) / 2];
        i = (i - 1) / 2;
    }
    s->heap[i] = *c;
}

static int periods_overlap(const struct endpoint *a, const struct endpoint *b)
{
    return a->p0 <= b->p1 && b->p0 <= a->p1;
}

int build_rule_blocks(const struct builder *b, const struct endpoint *o,
                      const struct endpoint *d, const struct mf_rule **rule)
{
    const struct mf_lot *from = mf_registry_lot_at(b->reg, (size_t)o->ref);
    const struct mf_lot *to = mf_registry_lot_at(b->reg, (size_t)d->ref);
    double km;

    *rule = NULL;
    if (!from || !to || !b->ruled_lot[o->ref] || !periods_overlap(o, d) ||
        !demand_rank(b, o->material, to))
        return 0;
    km = build_km(b, o, d, mf_distance_km(o->lon, o->lat, d->lon, d->lat));
    if (km > b->net->max_km)
        return 0;
    return !mf_flow_allowed(b->reg, from, to, NULL, from->from, rule) && *rule;
}

static int search_stop(void *ctx, double min_km)
{
    struct search *s = ctx;
    double lb = haul_nok(s->b->net, min_km) + s->fixed_lb;

    if (lb >= s->limit)
        return 1;
    if (s->n < s->k)
        return 0;
    return lb >= s->heap[0].cost;
}

/* search_visit's tests that come before the distance, with a lower bound
 * of the great circle in its place: haul_nok is monotone in km (also in
 * floating point), so a pair dropped here is one search_visit drops too,
 * and the same pairs are kept, at the same costs, in the same order. */
static int search_skip(void *ctx, size_t i, double min_km)
{
    struct search *s = ctx;
    const struct endpoint *e = &s->to->e[i];
    const struct endpoint *o = s->reverse ? e : s->q;
    const struct endpoint *d = s->reverse ? s->q : e;
    double lb;

    if (!periods_overlap(o, d))
        return 1;
    if (s->b->net->cost.haul_b < 0)
        return 0; /* not monotone: leave it to search_visit */
    lb = haul_nok(s->b->net, min_km) + s->fixed_lb;
    return (s->n == s->k && lb >= s->heap[0].cost) || lb >= s->limit;
}

static void search_visit(void *ctx, size_t i, double gc_km)
{
    struct search *s = ctx;
    const struct endpoint *e = &s->to->e[i];
    const struct endpoint *o = s->reverse ? e : s->q;
    const struct endpoint *d = s->reverse ? s->q : e;
    struct cand c;
    struct cost_parts parts;

    if (!periods_overlap(o, d) || build_link(s->b, o, d))
        return; /* a barge or conveyor pair: search_links */
    /* Road km are at least the great circle: a pair that cannot beat the
     * dearest kept so far is dropped before the rules are asked. */
    if ((s->n == s->k &&
         haul_nok(s->b->net, gc_km) + s->fixed_lb >= s->heap[0].cost) ||
        haul_nok(s->b->net, gc_km) + s->fixed_lb >= s->limit)
        return;
    c.km = build_km(s->b, o, d, gc_km);
    if (c.km > s->b->net->max_km)
        return;
    if (!build_pair_parts(s->b, s->kind, o, d, c.km, &c.material, &parts))
        return;
    c.j = (int)i;
    c.cost = cost_price(&parts);
    heap_push(s, &c);
}

/* The pairs of the query endpoint joined by a barge or conveyor, which
 * the grid's bounds (truck prices over the great circle) may not reach:
 * each is priced and kept like any other candidate. */
static void search_links(struct search *s)
{
    int i;

    if (!s->q->on_link)
        return;
    for (i = 0; i < s->to->n; i++) {
        const struct endpoint *e = &s->to->e[i];
        const struct endpoint *o = s->reverse ? e : s->q;
        const struct endpoint *d = s->reverse ? s->q : e;
        struct cand c;
        struct cost_parts parts;

        if (!e->on_link || !periods_overlap(o, d) || !build_link(s->b, o, d))
            continue;
        c.km = build_km(s->b, o, d, 0);
        if (c.km > s->b->net->max_km ||
            !build_pair_parts(s->b, s->kind, o, d, c.km, &c.material, &parts))
            continue;
        c.j = i;
        c.cost = cost_price(&parts);
        if (c.cost < s->limit)
            heap_push(s, &c);
    }
}

static int add_pair(struct pairlist *pl, int o, int d, float km, int material)
{
    if (vec_reserve(pl->p, pl->cap, pl->n + 1))
        return MF_ENOMEM;
    pl->p[pl->n].o = o;
    pl->p[pl->n].d = d;
    pl->p[pl->n].km = km;
    pl->p[pl->n].material = (int16_t)material;
    pl->n++;
    return MF_OK;
}

static int pair_cmp(const void *a, const void *b)
{
    const struct pair *x = a, *y = b;

    if (x->o != y->o)
        return (x->o > y->o) - (x->o < y->o);
    return (x->d > y->d) - (x->d < y->d);
}

/* One side's queries [i0, i1) of build_pairs: each query endpoint's k
 * cheapest partners, appended to out in query order. */
struct pair_range {
    const struct builder *b;
    enum arc_kind kind;
    const struct epset *q, *g; /* the query endpoints, the grid's set */
    int side, k, i0, i1;
    struct pairlist out;
    int rc;
};

static int search_range(struct pair_range *r)
{
    struct search s;
    struct grid_visitor v = {&s, search_stop, search_visit, search_skip,
                             search_stop};
    int i, j;

    memset(&s, 0, sizeof s);
    s.b = r->b;
    s.kind = r->kind;
    s.k = r->k;
    s.fixed_lb = r->b->fixed_lb;
    s.limit = HUGE_VAL;
    s.reverse = r->side;
    s.from = r->q;
    s.to = r->g;
    s.heap = malloc((size_t)(r->k + 1) * sizeof *s.heap);
    if (!s.heap)
        return MF_ENOMEM;
    for (i = r->i0; i < r->i1; i++) {
        s.q = &r->q->e[i];
        s.n = 0;
        grid_search(r->g->grid, s.q->lon, s.q->lat, r->b->net->max_km, &v);
        search_links(&s);
        for (j = 0; j < s.n; j++) {
            int o = r->side ? s.heap[j].j : i;
            int d = r->side ? i : s.heap[j].j;
            if (add_pair(&r->out, o, d, (float)s.heap[j].km,
                         s.heap[j].material)) {
                free(s.heap);
                return MF_ENOMEM;
            }
        }
    }
    free(s.heap);
    return MF_OK;
}

static void *search_range_thread(void *arg)
{
    struct pair_range *r = arg;

    r->rc = search_range(r);
    return NULL;
}

int build_pairs_parallel_min = 4096;

/* One side of build_pairs: the query endpoints' pairs appended to out in
 * query order. With at least build_pairs_parallel_min queries, the second
 * half is searched on a thread of its own into its own list, appended
 * after the first half's: the same pairs in the same order. */
static int search_side(struct pair_range *r, struct pairlist *out)
{
    struct pair_range hi;
    pthread_t t;
    int n = r->i1 - r->i0, threaded = 0, rc;

    r->out = *out;
    if (n >= build_pairs_parallel_min && n >= 2) {
        hi = *r;
        memset(&hi.out, 0, sizeof hi.out);
        hi.i0 = r->i0 + n / 2;
        r->i1 = hi.i0;
        threaded = !pthread_create(&t, NULL, search_range_thread, &hi);
        if (!threaded)
            r->i1 = hi.i1; /* no thread: all of it here */
    }
    rc = search_range(r);
    if (threaded) {
        pthread_join(t, NULL);
        if (rc == MF_OK)
            rc = hi.rc;
        if (rc == MF_OK &&
            vec_reserve(r->out.p, r->out.cap, r->out.n + hi.out.n))
            rc = MF_ENOMEM;
        if (rc == MF_OK && hi.out.n) {
            memcpy(r->out.p + r->out.n, hi.out.p, hi.out.n * sizeof *hi.out.p);
            r->out.n += hi.out.n;
        }
        free(hi.out.p);
    }
    *out = r->out;
    return rc;
}

/* Chooses the pairs of one kind of arc: for each origin its k cheapest
 * destinations (PAIRS_FROM_ORIGINS), and for each destination its k
 * cheapest origins (PAIRS_FROM_DESTINATIONS). With k = 0, every allowed
 * pair. */
int build_pairs(const struct builder *b, enum arc_kind kind,
                const struct epset *from, const struct epset *to, int k,
                int sides, struct pairlist *out, struct mf_error *err)
{
    int side, limit = k > 0 ? k : (from->n > to->n ? from->n : to->n);
    size_t w, r;

    memset(out, 0, sizeof *out);
    if (from->n == 0 || to->n == 0)
        return MF_OK;
    for (side = 0; side < 2; side++) {
        struct pair_range pr;

        if (!(sides & (side ? PAIRS_FROM_DESTINATIONS : PAIRS_FROM_ORIGINS)))
            continue;
        memset(&pr, 0, sizeof pr);
        pr.b = b;
        pr.kind = kind;
        pr.q = side ? to : from;
        pr.g = side ? from : to;
        pr.side = side;
        pr.k = limit;
        pr.i1 = pr.q->n;
        if (search_side(&pr, out)) {
            free(out->p);
            memset(out, 0, sizeof *out);
            return mf_error_set(err, MF_ENOMEM, "out of memory");
        }
    }
    if (out->n == 0)
        return MF_OK;
    qsort(out->p, out->n, sizeof *out->p, pair_cmp);
    for (w = 0, r = 0; r < out->n; r++)
        if (w == 0 || out->p[r].o != out->p[w - 1].o ||
            out->p[r].d != out->p[w - 1].d)
            out->p[w++] = out->p[r];
    out->n = w;
    return MF_OK;
}

int build_each_candidate(const struct builder *b, enum arc_kind kind,
                         const struct epset *from, const struct epset *to,
                         int k, double (*limit)(void *ctx, int o),
                         int (*fn)(void *ctx, int o, int d, double km,
                                   int material),
                         void *ctx, struct mf_error *err)
{
    struct search s;
    struct grid_visitor v;
    int i, j, rc = MF_OK;

    if (from->n == 0 || to->n == 0)
        return MF_OK;
    memset(&s, 0, sizeof s);
    s.b = b;
    s.kind = kind;
    s.k = k > 0 ? k : to->n;
    s.fixed_lb = b->fixed_lb;
    s.from = from;
    s.to = to;
    s.heap = malloc((size_t)(s.k + 1) * sizeof *s.heap);
    if (!s.heap)
        return mf_error_set(err, MF_ENOMEM, "out of memory");
    v.ctx = &s;
    v.stop = search_stop;
    v.visit = search_visit;
    v.skip = search_skip;
    v.beyond = search_stop;
    for (i = 0; i < from->n && rc == MF_OK; i++) {
        s.q = &from->e[i];
        s.n = 0;
        s.limit = limit ? limit(ctx, i) : HUGE_VAL;
        grid_search(to->grid, s.q->lon, s.q->lat, b->net->max_km, &v);
        search_links(&s);
        for (j = 0; j < s.n && rc == MF_OK; j++)
            rc = fn(ctx, i, s.heap[j].j, s.heap[j].km, s.heap[j].material);
    }
    free(s.heap);
    return rc;
}

/* ------------------------------------------------------------------ */
/* Nodes and arcs                                                       */
/* ------------------------------------------------------------------ */

int build_arc(struct builder *b, int tail, int head, int64_t cap, int64_t cost,
              enum arc_kind kind, int material, double km)
{
    struct plan_network *n = b->net;
    int a = mcf_add_arc(n->mcf, tail, head, cap, cost);

    if (a < 0)
        return a;
    if (n->n_arcs == n->cap_arcs) {
        int nc = n->cap_arcs ? n->cap_arcs * 2 : 4096;
        struct arc_info *p = realloc(n->arcs, (size_t)nc * sizeof *p);
        if (!p)
            return MF_ENOMEM;
        n->arcs = p;
        n->cap_arcs = nc;
    }
    n->arcs[n->n_arcs].kind = (uint8_t)kind;
    n->arcs[n->n_arcs].material = (int16_t)material;
    n->arcs[n->n_arcs].km = (float)km;
    n->n_arcs++;
    return a;
}

/* The node of endpoint e in period t (which must be in its range). */
int build_node(const struct endpoint *e, int t)
{
    return e->node + (t - e->p0);
}

/* One arc per shared period for each pair. */
int build_pair_arcs(struct builder *b, enum arc_kind kind,
                    const struct epset *from, const struct epset *to,
                    const struct pairlist *pl, struct mf_error *err)
{
    size_t i;

    for (i = 0; i < pl->n; i++) {
        const struct endpoint *o = &from->e[pl->p[i].o];
        const struct endpoint *d = &to->e[pl->p[i].d];
        struct cost_parts parts;
        int material, t;
        int64_t cost;

        if (!build_pair_parts(b, kind, o, d, pl->p[i].km, &material, &parts))
            continue;
        cost = build_ore(cost_price(&parts));
        for (t = o->p0 > d->p0 ? o->p0 : d->p0; t <= o->p1 && t <= d->p1; t++) {
            int head = d->single_node ? d->node : build_node(d, t);
            if (build_arc(b, build_node(o, t), head, MCF_INF, cost, kind,
                          material, pl->p[i].km) < 0)
                return mf_error_set(err, MF_ENOMEM, "out of memory");
        }
    }
    return MF_OK;
}

int build_index_sets(struct builder *b, struct mf_error *err)
{
    double cell = b->net->max_km / 4;
    int rc = MF_OK;
    int i;

    if (cell < 5)
        cell = 5;
    for (i = 0; i < SET_COUNT && rc == MF_OK; i++)
        rc = epset_index(&b->sets[i], cell, err);
    return rc;
}
