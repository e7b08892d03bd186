/*
 * plan.c - the planner: which lots and sites take part, their nodes and
 * quantities per period, the arcs (through build.c), solving (mcf.c) in
 * two phases, lazy arc generation, and reading flows and indicators back.
 *
 * Phase 1 solves business as usual: every surplus to a receiving site,
 * every need from a quarry, no reuse, no storage, no processing, at least
 * cost within capacities. Phase 2 adds the reuse arcs and re-solves from
 * phase 1's basis (a warm start: new arcs enter at zero flow, so the old
 * basis stays feasible). The plan and its baseline come out of one build.
 */
#include "masseflyt/plan.h"

#include "impact/indicators_int.h"
#include "masseflyt/validate.h"
#include "plan/build.h"
#include "plan/mcf_split.h"
#include "plan/mcf_warm.h"
#include "plan/state.h"
#include "util/vec.h"
#include "util/assert.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static double now(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static const char *const arc_names[A_KIND_COUNT] = {"stockpile",
                                                    "direct",
                                                    "to_storage",
                                                    "hold",
                                                    "storage_to_demand",
                                                    "storage_to_processing",
                                                    "storage_to_landfill",
                                                    "to_processing",
                                                    "process",
                                                    "processing_to_demand",
                                                    "processing_to_storage",
                                                    "to_landfill",
                                                    "landfill_capacity",
                                                    "quarry_capacity",
                                                    "quarry_to_demand",
                                                    "quarry_unused",
                                                    "unplaced",
                                                    "unmet",
                                                    "flexible",
                                                    "intake",
                                                    "processing_to_landfill"};

const char *plan_arc_kind_name(enum arc_kind k)
{
    return (unsigned)k < A_KIND_COUNT ? arc_names[k] : "";
}

/* ------------------------------------------------------------------ */
/* Parameters                                                           */
/* ------------------------------------------------------------------ */

/* The detour factor of data/detours.csv between two municipalities, or
 * 0. */
static double municipality_detour(const void *ctx, const char *from,
                                  const char *to)
{
    const struct builder *b = ctx;

    return mf_detour_factor(b->fx, from, to);
}

static int resolve(struct builder *b, struct mf_error *err)
{
    const struct mf_plan_opts *o = b->opts;
    struct plan_network *n = b->net;
    struct mf_fleet fleet;
    int rc, kind;

    n->circuity = mf_setting_num(b->fx, MF_SET_CIRCUITY);
    n->max_km =
        o->max_km > 0 ? o->max_km : mf_setting_num(b->fx, MF_SET_MAX_HAUL_KM);
    n->k = o->k > 0 ? o->k : (int)mf_setting_num(b->fx, MF_SET_CANDIDATES_K);
    if (!(n->circuity >= 1))
        return mf_error_set(err, MF_EINVAL,
                            "factor circuity must be at least 1, not %g",
                            n->circuity);
    distance_provider_init(&b->dist, o->distances, n->circuity);
    if (mf_factors_n_detours(b->fx) > 0) {
        b->dist.detour = municipality_detour;
        b->dist.detour_ctx = b;
    }
    if (o->fleet)
        fleet = *o->fleet;
    else if ((rc = mf_fleet_single(b->fx, mf_setting_text(b->fx, MF_SET_TRUCK),
                                   &fleet, err)))
        return rc;
    if ((rc = cost_model_init(&n->cost, b->fx, b->cat, &fleet,
                              o->public_landfill_surcharge, err)))
        return rc;
    kind = o->period >= 0
               ? o->period
               : mf_period_kind_parse(mf_setting_text(b->fx, MF_SET_PERIOD));
    if (kind < 0)
        return mf_error_set(err, MF_EINVAL,
                            "factor period must be week, month, quarter or "
                            "year");
    n->periods.kind = (enum mf_period_kind)kind;
    return MF_OK;
}

/* ------------------------------------------------------------------ */
/* Who takes part                                                       */
/* ------------------------------------------------------------------ */

static int in_scope(const struct builder *b, const struct mf_lot *l)
{
    const struct mf_plan_opts *o = b->opts;

    if (o->municipality) {
        const char *m = mf_lot_municipality(b->reg, l);
        if (!m || strcmp(m, o->municipality))
            return 0;
    }
    if (o->near &&
        mf_distance_km(o->lon, o->lat, l->loc.lon, l->loc.lat) > o->radius_km)
        return 0;
    return l->loc.epsg != 0 && l->tonnes > 0;
}

static int facility(enum mf_site_kind k)
{
    return k == MF_SITE_STORAGE || k == MF_SITE_PROCESSING ||
           k == MF_SITE_RECEIVING || k == MF_SITE_QUARRY;
}

/* The period range a window covers within the horizon; 0 when none. */
static int window_periods(const struct mf_periods *p, int32_t from, int32_t to,
                          int *p0, int *p1)
{
    int32_t lo = p->start[0], hi = p->start[p->n] - 1;

    if (from == MF_DATE_NONE)
        from = lo;
    if (to == MF_DATE_NONE)
        to = hi;
    if (to < lo || from > hi)
        return 0;
    *p0 = mf_period_of(p, from < lo ? lo : from);
    *p1 = mf_period_of(p, to > hi ? hi : to);
    return *p0 >= 0 && *p1 >= *p0;
}

/* Whole tonnes per period: the even spread, rounded so that the parts add
 * up to the rounded total (largest remainders get the spare tonnes). */
static int split_tonnes(const struct mf_periods *p, int32_t from, int32_t to,
                        double tonnes, int p0, int p1, int64_t *out)
{
    int np = p1 - p0 + 1, i, j;
    double *share = calloc((size_t)p->n + 1, sizeof *share);
    double in = 0;
    int64_t total, sum = 0;

    if (!share)
        return MF_ENOMEM;
    mf_spread(p, from, to, tonnes, share);
    for (i = 0; i < np; i++)
        in += share[p0 + i];
    total = llround(in);
    for (i = 0; i < np; i++) {
        out[i] = (int64_t)floor(share[p0 + i]);
        sum += out[i];
    }
    while (sum < total) {
        double best = -1;
        int at = 0;
        for (j = 0; j < np; j++) {
            double frac = share[p0 + j] - floor(share[p0 + j]);
            if (frac > best) {
                best = frac;
                at = j;
            }
        }
        out[at]++;
        share[p0 + at] = floor(share[p0 + at]); /* used its remainder */
        sum++;
    }
    free(share);
    return MF_OK;
}

/* ------------------------------------------------------------------ */
/* The solver state kept with a plan                                    */
/* ------------------------------------------------------------------ */

static void state_free(struct plan_state *s)
{
    int i;

    if (!s)
        return;
    for (i = 0; i < SET_COUNT; i++)
        epset_free(&s->b.sets[i]);
    mcf_free(s->net.mcf);
    mcf_free(s->warm);
    free(s->warm_arc);
    mcf_free(s->bau_basis);
    free(s->net.nodes);
    free(s->net.arcs);
    mf_periods_free(&s->net.periods);
    free(s->lot_status);
    free(s->site_status);
    free(s->reason);
    free(s->qty);
    free(s->flex_total);
    cost_model_free(&s->net.cost);
    gnet_free(&s->net.gen);
    gnet_result_free(&s->lp);
    free(s->b.public_lot);
    free(s->b.ruled_lot);
    free(s);
}

/* ------------------------------------------------------------------ */
/* Building                                                             */
/* ------------------------------------------------------------------ */

static int horizon(struct plan_state *s, struct mf_error *err)
{
    const struct mf_plan_opts *o = s->b.opts;
    int32_t from = o->from, to = o->to;
    size_t i;

    for (i = 0; i < mf_registry_count(s->b.reg, MF_ENT_LOT); i++) {
        const struct mf_lot *l = mf_registry_lot_at(s->b.reg, i);
        if (s->lot_status[i] >= MF_SEV_REFUSE || !in_scope(&s->b, l))
            continue;
        if (o->from == MF_DATE_NONE && (from == MF_DATE_NONE || l->from < from))
            from = l->from;
        if (o->to == MF_DATE_NONE && (to == MF_DATE_NONE || l->to > to))
            to = l->to;
    }
    if (from == MF_DATE_NONE || to == MF_DATE_NONE)
        return mf_error_set(err, MF_ENOTFOUND,
                            "no lots to plan: nothing registered in the "
                            "scope, or everything refused");
    if (o->stretch_demand_days > 0)
        to += o->stretch_demand_days;
    return mf_periods_make(&s->net.periods, s->net.periods.kind, from, to, err);
}

static int add_node(struct plan_state *s, enum node_kind kind, int ref,
                    int period, int material, int *cap)
{
    struct plan_network *n = &s->net;

    if (vec_reserve(n->nodes, *cap, (size_t)n->n_nodes + 1))
        return -1;
    n->nodes[n->n_nodes].kind = (uint8_t)kind;
    n->nodes[n->n_nodes].ref = ref;
    n->nodes[n->n_nodes].period = (int16_t)period;
    n->nodes[n->n_nodes].material = (int16_t)material;
    return n->n_nodes++;
}

/* A run of nodes, one per period p0..p1; returns the first. */
static int add_nodes(struct plan_state *s, enum node_kind kind, int ref, int p0,
                     int p1, int material, int *cap)
{
    int first = -1, t;

    for (t = p0; t <= p1; t++) {
        int v = add_node(s, kind, ref, t, material, cap);
        if (v < 0)
            return -1;
        if (first < 0)
            first = v;
    }
    return first;
}

/* The yields of input m at plant x: from data/yields.csv, else its own
 * product at yield 1 (into *one). */
static int plant_yields(const struct mf_catalog *cat, const struct mf_site *x,
                        int m, const struct mf_yield **y, struct mf_yield *one)
{
    int n = mf_catalog_yields(cat, m, y);

    if (n > 0)
        return n;
    memset(one, 0, sizeof *one);
    one->product = x->product;
    one->share = 1;
    *y = one;
    return 1;
}

/* Whether a plant takes an input that data/yields.csv gives yields for. */
static int plant_has_yields(const struct mf_catalog *cat,
                            const struct mf_site *x)
{
    const struct mf_yield *y;
    int i;

    for (i = 0; i < x->n_materials; i++)
        if (mf_catalog_yields(cat, x->materials[i], &y) > 0)
            return 1;
    return 0;
}

/* A plant with yields: per input material an input node per period, and
 * an output node per period for each of its products, which keep their
 * origin for the quality limits. Its capacity is shared by its inputs
 * (a side row per period, fixed_arcs). */
static int add_plant_yields(struct plan_state *s, int site, struct endpoint *e,
                            int *cap)
{
    struct builder *b = &s->b;
    const struct mf_site *x = mf_registry_site_at(b->reg, (size_t)site);
    int i, k;

    for (i = 0; i < x->n_materials; i++) {
        const struct mf_yield *y;
        struct mf_yield one;
        int m = x->materials[i], n = plant_yields(b->cat, x, m, &y, &one);
        struct endpoint in = *e;

        in.material = in.origin = m;
        in.link = b->sets[SET_PROC_OUT].n;
        in.n_link = n;
        for (k = 0; k < n; k++) {
            struct endpoint out = *e;
            out.material = y[k].product;
            out.origin = m;
            out.rest = y[k].rest;
            out.node =
                add_nodes(s, N_PROC_OUT, site, e->p0, e->p1, y[k].product, cap);
            if (out.node < 0 || epset_add(&b->sets[SET_PROC_OUT], &out))
                return MF_ENOMEM;
        }
        in.node = add_nodes(s, N_PROC_IN, site, e->p0, e->p1, m, cap);
        if (in.node < 0 || epset_add(&b->sets[SET_PROC_IN], &in))
            return MF_ENOMEM;
    }
    return MF_OK;
}

/* A receiving site whose permit caps single materials (material_caps):
 * after its endpoint for the shared capacity (e, just added), an endpoint
 * per capped material with nodes of its own, joined to the shared ones by
 * arcs that fixed_arcs bounds by the material's capacity. */
static int add_capped(struct plan_state *s, const struct mf_site *x, int site,
                      const struct endpoint *e, int *cap)
{
    struct builder *b = &s->b;
    int m, shared = b->sets[SET_RECEIVING].n - 1;
    double c;

    for (m = 0; m < x->n_materials; m++) {
        struct endpoint ce = *e;
        if (!mf_site_material_cap(b->cat, x, x->materials[m], &c))
            continue;
        ce.material = x->materials[m];
        ce.shared = shared;
        ce.node = e->single_node
                      ? add_node(s, N_RECEIVING, site, -1, ce.material, cap)
                      : add_nodes(s, N_RECEIVING, site, e->p0, e->p1,
                                  ce.material, cap);
        if (ce.node < 0 || epset_add(&b->sets[SET_RECEIVING], &ce))
            return MF_ENOMEM;
    }
    return MF_OK;
}

static int make_endpoints(struct plan_state *s, struct mf_error *err)
{
    struct builder *b = &s->b;
    const struct mf_periods *p = &s->net.periods;
    size_t i, n_lots = mf_registry_count(b->reg, MF_ENT_LOT);
    size_t n_sites = mf_registry_count(b->reg, MF_ENT_SITE);
    int cap = 0, j;
    size_t qn = 0, qcap = 1024;

    s->qty = malloc(qcap * sizeof *s->qty);
    if (!s->qty)
        goto oom;
    if (add_node(s, N_SINK, -1, -1, -1, &cap) < 0 ||
        add_node(s, N_SOURCE, -1, -1, -1, &cap) < 0)
        goto oom;
    s->net.sink = 0;
    s->net.source = 1;
    for (i = 0; i < n_lots; i++) {
        const struct mf_lot *l = mf_registry_lot_at(b->reg, i);
        const struct mf_site *site = mf_registry_site(b->reg, l->site);
        struct endpoint e;
        int set = l->kind == MF_LOT_SUPPLY ? SET_SUPPLY : SET_DEMAND;

        if (s->lot_status[i] >= MF_SEV_REFUSE || !in_scope(b, l))
            continue;
        memset(&e, 0, sizeof e);
        e.origin = -1;
        if (!window_periods(p, l->from,
                            l->kind == MF_LOT_DEMAND &&
                                    b->opts->stretch_demand_days > 0
                                ? l->to + b->opts->stretch_demand_days
                                : l->to,
                            &e.p0, &e.p1))
            continue;
        e.lon = l->loc.lon;
        e.lat = l->loc.lat;
        e.site_id = site ? site->id : NULL;
        e.on_link = build_site_on_link(b, e.site_id);
        /* A lot with its own place has its municipality too (its
         * project's), for detour factors. */
        e.municipality = mf_lot_municipality(b->reg, l);
        e.ref = (int)i;
        e.material = l->kind == MF_LOT_SUPPLY ? l->material : -1;
        e.node = add_nodes(s, set == SET_SUPPLY ? N_SUPPLY : N_DEMAND, (int)i,
                           e.p0, e.p1, e.material, &cap);
        if (e.node < 0)
            goto oom;
        while (qn + (size_t)(e.p1 - e.p0 + 1) > qcap) {
            int64_t *q = realloc(s->qty, qcap * 2 * sizeof *q);
            if (!q)
                goto oom;
            s->qty = q;
            qcap *= 2;
        }
        /* A stretched demand keeps its quantity and its schedule: the
         * tonnes stay in the periods of its own window, and the periods
         * the stretch adds may deliver them late (fixed_arcs). Spreading
         * them over the stretched window instead moved part of the need
         * past the supply meant for it, so that more time gave less
         * reuse. */
        if (split_tonnes(p, l->from, l->to, l->tonnes, e.p0, e.p1, s->qty + qn))
            goto oom;
        e.qty = qn;
        if (epset_add(&b->sets[set], &e))
            goto oom;
        qn += (size_t)(e.p1 - e.p0 + 1);
    }
    for (i = 0; i < n_sites; i++) {
        const struct mf_site *x = mf_registry_site_at(b->reg, i);
        struct endpoint e;
        int m;

        if (!facility(x->kind) || s->site_status[i] >= MF_SEV_REFUSE ||
            x->n_materials == 0)
            continue;
        if ((x->kind == MF_SITE_STORAGE && b->opts->no_storage) ||
            (x->kind == MF_SITE_PROCESSING && b->opts->no_processing))
            continue;
        memset(&e, 0, sizeof e);
        e.origin = -1;
        if (!window_periods(p, x->open_from, x->open_to, &e.p0, &e.p1))
            continue;
        e.lon = x->loc.lon;
        e.lat = x->loc.lat;
        e.site_id = x->id;
        e.on_link = build_site_on_link(b, e.site_id);
        e.municipality = x->municipality;
        e.ref = (int)i;
        switch (x->kind) {
        case MF_SITE_STORAGE:
            for (m = 0; m < x->n_materials; m++) {
                e.material = x->materials[m];
                e.node = add_nodes(s, N_STORAGE, (int)i, e.p0, e.p1, e.material,
                                   &cap);
                if (e.node < 0 || epset_add(&b->sets[SET_STORAGE], &e))
                    goto oom;
            }
            break;
        case MF_SITE_PROCESSING:
            if (x->product < 0)
                break;
            if (plant_has_yields(b->cat, x)) {
                if (add_plant_yields(s, (int)i, &e, &cap))
                    goto oom;
                break;
            }
            e.link = b->sets[SET_PROC_OUT].n;
            e.n_link = 1;
            e.material = -1;
            e.node = add_nodes(s, N_PROC_IN, (int)i, e.p0, e.p1, -1, &cap);
            if (e.node < 0 || epset_add(&b->sets[SET_PROC_IN], &e))
                goto oom;
            e.material = x->product;
            e.node =
                add_nodes(s, N_PROC_OUT, (int)i, e.p0, e.p1, x->product, &cap);
            if (e.node < 0 || epset_add(&b->sets[SET_PROC_OUT], &e))
                goto oom;
            break;
        case MF_SITE_RECEIVING:
            e.material = -1;
            if (x->intake_t > 0) {
                /* A yearly intake limit: a node per period, each bounded
                 * by its share of the year (fixed_arcs), all into one
                 * node bounded by the total capacity. */
                e.node =
                    add_nodes(s, N_RECEIVING, (int)i, e.p0, e.p1, -1, &cap);
                e.total = add_node(s, N_RECEIVING, (int)i, -1, -1, &cap);
                if (e.node < 0 || e.total < 0)
                    goto oom;
            } else {
                e.single_node = 1;
                e.node = e.total =
                    add_node(s, N_RECEIVING, (int)i, -1, -1, &cap);
            }
            e.shared = -1;
            if (e.node < 0 || epset_add(&b->sets[SET_RECEIVING], &e))
                goto oom;
            if (add_capped(s, x, (int)i, &e, &cap))
                goto oom;
            break;
        default:
            e.material = -1;
            e.node = add_nodes(s, N_QUARRY, (int)i, e.p0, e.p1, -1, &cap);
            if (e.node < 0 || epset_add(&b->sets[SET_QUARRY], &e))
                goto oom;
            break;
        }
    }
    /* Flexible demand: one total node each. */
    s->flex_total =
        malloc(((size_t)b->sets[SET_DEMAND].n + 1) * sizeof *s->flex_total);
    if (!s->flex_total)
        goto oom;
    for (j = 0; j < b->sets[SET_DEMAND].n; j++) {
        const struct endpoint *e = &b->sets[SET_DEMAND].e[j];
        const struct mf_lot *l = mf_registry_lot_at(b->reg, (size_t)e->ref);
        s->flex_total[j] = -1;
        if (l->flexible) {
            s->flex_total[j] =
                add_node(s, N_DEMAND_TOTAL, e->ref, -1, -1, &cap);
            if (s->flex_total[j] < 0)
                goto oom;
        }
    }
    return MF_OK;
oom:
    return mf_error_set(err, MF_ENOMEM, "out of memory");
}

/* A capacity in whole tonnes, rounded down: a plan never uses more than a
 * permit allows. The millionth of a tonne forgives the floating-point
 * error of a division that should come out whole (12 000 / 12). */
static int64_t cap_tonnes(double t)
{
    return t > 0 ? (int64_t)floor(t + 1e-6) : 0;
}

/* A yearly capacity's share of period t, rounded down, so that the
 * periods of a year never add up to more than the year allows. */
static int64_t per_period(double per_year, const struct mf_periods *p, int t)
{
    double days = (double)p->start[t + 1] - p->start[t];

    return cap_tonnes(per_year * days / 365.25);
}

/* The processing arcs of plants with yields: per input and period one
 * arc from the input node to the first product's node, whose outputs
 * (gnet) are every product's node at its share; per plant and period a
 * side row bounding its inputs together by its capacity; and an unplaced
 * arc from every output node, so that no product or rest fraction can
 * vanish (it is placed, or priced as unplaced). */
static int yield_arcs(struct plan_state *s, int64_t unplaced,
                      struct mf_error *err)
{
    struct builder *b = &s->b;
    struct plan_network *n = &s->net;
    const struct epset *ins = &b->sets[SET_PROC_IN];
    const struct epset *outs = &b->sets[SET_PROC_OUT];
    int i, j, k, t, *row = NULL;
    struct gnet_out *go = NULL;
    struct cost_parts parts;

    for (i = 0; i < ins->n; i = j) {
        const struct endpoint *in = &ins->e[i];
        const struct mf_site *x = mf_registry_site_at(b->reg, (size_t)in->ref);
        int64_t cost;
        /* The inputs of one plant follow each other. */
        for (j = i; j < ins->n && ins->e[j].ref == in->ref; j++)
            ;
        if (in->origin < 0)
            continue;
        build_arc_parts(b, A_PROCESS, in->ref, in->ref, -1, x->product, 0,
                        &parts);
        cost = build_ore(cost_price(&parts));
        free(row);
        row = malloc((size_t)(j - i) * sizeof *row);
        if (!row)
            goto oom;
        for (t = in->p0; t <= in->p1; t++) {
            int64_t cap = x->capacity_t >= 0
                              ? per_period(x->capacity_t, &n->periods, t)
                              : MCF_INF;
            int nr = 0, q;
            for (q = i; q < j; q++) {
                const struct endpoint *e = &ins->e[q];
                const struct mf_yield *y;
                struct mf_yield one;
                int ny = plant_yields(b->cat, x, e->material, &y, &one), a;
                struct gnet_out *p = realloc(go, (size_t)ny * sizeof *p);
                if (!p)
                    goto oom;
                go = p;
                for (k = 0; k < e->n_link; k++) {
                    const struct endpoint *o = &outs->e[e->link + k];
                    go[k].node = build_node(o, t);
                    go[k].share = y[k].share;
                    if (build_arc(b, go[k].node, n->sink, MCF_INF, unplaced,
                                  A_UNPLACED, o->material, 0) < 0)
                        goto oom;
                }
                a = build_arc(b, build_node(e, t), go[0].node, cap, cost,
                              A_PROCESS, x->product, 0);
                if (a < 0 || gnet_add_gen(&n->gen, a, go, e->n_link))
                    goto oom;
                row[nr++] = a;
            }
            if (cap < MCF_INF && nr > 1 && gnet_add_row(&n->gen, row, nr, cap))
                goto oom;
        }
    }
    free(row);
    free(go);
    return MF_OK;
oom:
    free(row);
    free(go);
    return mf_error_set(err, MF_ENOMEM, "out of memory");
}

/* The arcs of a material with its own capacity at a receiving site
 * (material_caps) into the site's shared nodes, bounded by that capacity.
 * Without a yearly intake limit one arc does it, and the network stays
 * pure (the material's node, then the site's total). With one, the
 * material's tonnes must count against each period's intake and against
 * its own cap over all periods: an arc per period into the period's node
 * and a side row over them (gnet), which makes the plan an LP. */
static int capped_arcs(struct plan_state *s, const struct endpoint *e,
                       const struct endpoint *sh)
{
    struct builder *b = &s->b;
    const struct mf_site *x = mf_registry_site_at(b->reg, (size_t)e->ref);
    int64_t cap;
    double c = 0;
    int t, nr = 0, *row;

    mf_site_material_cap(b->cat, x, e->material, &c);
    cap = cap_tonnes(c);
    if (e->single_node)
        return build_arc(b, e->node, sh->total, cap, 0, A_INTAKE, e->material,
                         0) < 0
                   ? MF_ENOMEM
                   : MF_OK;
    row = malloc(((size_t)(e->p1 - e->p0) + 1) * sizeof *row);
    if (!row)
        return MF_ENOMEM;
    for (t = e->p0; t <= e->p1; t++) {
        int a = build_arc(b, build_node(e, t), build_node(sh, t),
                          per_period(x->intake_t, &s->net.periods, t), 0,
                          A_INTAKE, e->material, 0);
        if (a < 0) {
            free(row);
            return MF_ENOMEM;
        }
        row[nr++] = a;
    }
    t = gnet_add_row(&s->net.gen, row, nr, cap);
    free(row);
    if (t)
        return MF_ENOMEM;
    s->net.site_rows++;
    return MF_OK;
}

/* Node supplies and the arcs that are not transport between places. */
static int fixed_arcs(struct plan_state *s, struct mf_error *err)
{
    struct builder *b = &s->b;
    struct plan_network *n = &s->net;
    const struct mf_periods *p = &n->periods;
    int64_t total_supply = 0, total_demand = 0;
    int i, t;
    struct cost_parts parts;
    int64_t unplaced, unmet;

    build_arc_parts(b, A_UNPLACED, -1, -1, -1, -1, 0, &parts);
    unplaced = build_ore(cost_price(&parts));
    build_arc_parts(b, A_UNMET, -1, -1, -1, -1, 0, &parts);
    unmet = build_ore(cost_price(&parts));

    /* Lots: their tonnes per period, slack, and on-site stockpiles. */
    for (i = 0; i < b->sets[SET_SUPPLY].n; i++) {
        const struct endpoint *e = &b->sets[SET_SUPPLY].e[i];
        const struct mf_lot *l = mf_registry_lot_at(b->reg, (size_t)e->ref);
        for (t = e->p0; t <= e->p1; t++) {
            int v = build_node(e, t);
            int64_t q = s->qty[e->qty + (size_t)(t - e->p0)];
            mcf_set_supply(n->mcf, v, q);
            total_supply += q;
            if (build_arc(b, v, n->sink, MCF_INF, unplaced, A_UNPLACED,
                          e->material, 0) < 0)
                goto oom;
            if (l->stockpile_t > 0 && t < e->p1 &&
                build_arc(b, v, v + 1, cap_tonnes(l->stockpile_t), 0,
                          A_STOCKPILE, e->material, 0) < 0)
                goto oom;
        }
    }
    for (i = 0; i < b->sets[SET_DEMAND].n; i++) {
        const struct endpoint *e = &b->sets[SET_DEMAND].e[i];
        int64_t sum = 0;
        for (t = e->p0; t <= e->p1; t++) {
            int v = build_node(e, t);
            int64_t q = s->qty[e->qty + (size_t)(t - e->p0)];
            sum += q;
            if (s->flex_total[i] >= 0) {
                if (build_arc(b, v, s->flex_total[i], MCF_INF, 0, A_FLEX, -1,
                              0) < 0)
                    goto oom;
            } else {
                mcf_set_supply(n->mcf, v, -q);
                if (q > 0 && build_arc(b, n->source, v, MCF_INF, unmet, A_UNMET,
                                       -1, 0) < 0)
                    goto oom;
                /* A stretched need may take a period's tonnes in a later
                 * period of its stretched window: masses delivered in t
                 * count for t - 1 (and so on back). */
                if (b->opts->stretch_demand_days > 0 && t > e->p0 &&
                    build_arc(b, v, v - 1, MCF_INF, 0, A_STOCKPILE, -1, 0) < 0)
                    goto oom;
            }
        }
        if (s->flex_total[i] >= 0) {
            mcf_set_supply(n->mcf, s->flex_total[i], -sum);
            if (build_arc(b, n->source, s->flex_total[i], MCF_INF, unmet,
                          A_UNMET, -1, 0) < 0)
                goto oom;
        }
        total_demand += sum;
    }
    /* Storage: inventory carried to the next period. */
    for (i = 0; i < b->sets[SET_STORAGE].n; i++) {
        const struct endpoint *e = &b->sets[SET_STORAGE].e[i];
        const struct mf_site *x = mf_registry_site_at(b->reg, (size_t)e->ref);
        /* A heap per material: the site's capacity is shared evenly among
         * the materials it accepts, so together they never hold more than
         * the site can (a shared capacity would make the model an LP). */
        int64_t cap = x->capacity_t >= 0
                          ? cap_tonnes(x->capacity_t / x->n_materials)
                          : MCF_INF;
        for (t = e->p0; t < e->p1; t++) {
            build_arc_parts(b, A_HOLD, e->ref, e->ref, t, e->material, 0,
                            &parts);
            if (build_arc(b, build_node(e, t), build_node(e, t + 1), cap,
                          build_ore(cost_price(&parts)), A_HOLD, e->material,
                          0) < 0)
                goto oom;
        }
    }
    /* Processing: input to output, within capacity per period. */
    if (yield_arcs(s, unplaced, err))
        return err->code;
    for (i = 0; i < b->sets[SET_PROC_IN].n; i++) {
        const struct endpoint *in = &b->sets[SET_PROC_IN].e[i];
        const struct endpoint *out = &b->sets[SET_PROC_OUT].e[in->link];
        if (in->origin >= 0)
            continue; /* a plant with yields: yield_arcs */
        const struct mf_site *x = mf_registry_site_at(b->reg, (size_t)in->ref);
        int64_t cost;
        build_arc_parts(b, A_PROCESS, in->ref, in->ref, -1, x->product, 0,
                        &parts);
        cost = build_ore(cost_price(&parts));
        for (t = in->p0; t <= in->p1; t++) {
            int64_t cap =
                x->capacity_t >= 0 ? per_period(x->capacity_t, p, t) : MCF_INF;
            if (build_arc(b, build_node(in, t), build_node(out, t), cap, cost,
                          A_PROCESS, x->product, 0) < 0)
                goto oom;
        }
    }
    /* Receiving sites: their remaining capacity, in total. */
    for (i = 0; i < b->sets[SET_RECEIVING].n; i++) {
        const struct endpoint *e = &b->sets[SET_RECEIVING].e[i];
        const struct mf_site *x = mf_registry_site_at(b->reg, (size_t)e->ref);
        int64_t cap = x->capacity_t >= 0 ? cap_tonnes(x->capacity_t) : MCF_INF;
        if (e->shared >= 0) {
            if (capped_arcs(s, e, &b->sets[SET_RECEIVING].e[e->shared]))
                goto oom;
            continue;
        }
        for (t = e->p0; !e->single_node && t <= e->p1; t++)
            if (build_arc(b, build_node(e, t), e->total,
                          per_period(x->intake_t, p, t), 0, A_INTAKE, -1,
                          0) < 0)
                goto oom;
        if (build_arc(b, e->total, n->sink, cap, 0, A_LANDFILL_CAP, -1, 0) < 0)
            goto oom;
    }
    /* Quarries: what they can deliver per period. */
    for (i = 0; i < b->sets[SET_QUARRY].n; i++) {
        const struct endpoint *e = &b->sets[SET_QUARRY].e[i];
        const struct mf_site *x = mf_registry_site_at(b->reg, (size_t)e->ref);
        for (t = e->p0; t <= e->p1; t++) {
            int64_t cap =
                x->capacity_t >= 0 ? per_period(x->capacity_t, p, t) : MCF_INF;
            if (build_arc(b, n->source, build_node(e, t), cap, 0, A_QUARRY_CAP,
                          -1, 0) < 0)
                goto oom;
        }
    }
    /* The source holds one tonne for every tonne of need; what quarries
     * do not deliver goes to the sink unused. The sink takes every tonne
     * of surplus. */
    mcf_set_supply(n->mcf, n->source, total_demand);
    mcf_set_supply(n->mcf, n->sink, -total_supply);
    if (build_arc(b, n->source, n->sink, MCF_INF, 0, A_QUARRY_UNUSED, -1, 0) <
        0)
        goto oom;
    return MF_OK;
oom:
    return mf_error_set(err, MF_ENOMEM, "out of memory");
}

/* Transport arcs of one kind between two sets. */
static int transport(struct plan_state *s, enum arc_kind kind, int from, int to,
                     int sides, struct mf_error *err)
{
    struct pairlist pl;
    int rc = build_pairs(&s->b, kind, &s->b.sets[from], &s->b.sets[to],
                         s->net.k, sides, &pl, err);

    if (rc == MF_OK)
        rc = build_pair_arcs(&s->b, kind, &s->b.sets[from], &s->b.sets[to], &pl,
                             err);
    free(pl.p);
    return rc;
}

static const struct {
    enum arc_kind kind;
    int from, to, sides, bau;
} transports[] = {
    {A_TO_LANDFILL, SET_SUPPLY, SET_RECEIVING, PAIRS_FROM_ORIGINS, 1},
    {A_QUARRY_TO_DEMAND, SET_QUARRY, SET_DEMAND, PAIRS_FROM_DESTINATIONS, 1},
    {A_DIRECT, SET_SUPPLY, SET_DEMAND,
     PAIRS_FROM_ORIGINS | PAIRS_FROM_DESTINATIONS, 0},
    {A_TO_STORAGE, SET_SUPPLY, SET_STORAGE,
     PAIRS_FROM_ORIGINS | PAIRS_FROM_DESTINATIONS, 0},
    {A_TO_PROC, SET_SUPPLY, SET_PROC_IN,
     PAIRS_FROM_ORIGINS | PAIRS_FROM_DESTINATIONS, 0},
    {A_STORAGE_TO_DEMAND, SET_STORAGE, SET_DEMAND,
     PAIRS_FROM_ORIGINS | PAIRS_FROM_DESTINATIONS, 0},
    {A_STORAGE_TO_PROC, SET_STORAGE, SET_PROC_IN, PAIRS_FROM_ORIGINS, 0},
    {A_STORAGE_TO_LANDFILL, SET_STORAGE, SET_RECEIVING, PAIRS_FROM_ORIGINS, 0},
    {A_PROC_TO_DEMAND, SET_PROC_OUT, SET_DEMAND,
     PAIRS_FROM_ORIGINS | PAIRS_FROM_DESTINATIONS, 0},
    {A_PROC_TO_STORAGE, SET_PROC_OUT, SET_STORAGE, PAIRS_FROM_ORIGINS, 0},
    {A_PROC_TO_LANDFILL, SET_PROC_OUT, SET_RECEIVING, PAIRS_FROM_ORIGINS, 0},
};
#define N_TRANSPORTS (sizeof transports / sizeof transports[0])

static int prepare(struct plan_state *s, struct mf_error *err)
{
    struct builder *b = &s->b;
    size_t i, n_lots = mf_registry_count(b->reg, MF_ENT_LOT);
    int rc;

    if ((rc = resolve(b, err)))
        return rc;
    if ((rc = mf_registry_status(b->reg, b->opts->as_of, &s->lot_status,
                                 &s->reason, &s->site_status, err)))
        return rc;
    if ((rc = horizon(s, err)))
        return rc;
    b->public_lot = calloc(n_lots + 1, 1);
    b->ruled_lot = calloc(n_lots + 1, 1);
    if (!b->public_lot || !b->ruled_lot)
        return mf_error_set(err, MF_ENOMEM, "out of memory");
    for (i = 0; i < n_lots; i++) {
        const struct mf_lot *l = mf_registry_lot_at(b->reg, i);
        const struct mf_project *p = mf_registry_project(b->reg, l->project);
        const struct mf_org *o = p ? mf_registry_org(b->reg, p->org) : NULL;
        const struct mf_material *mm = mf_catalog_material(b->cat, l->material);
        const struct mf_site *site = mf_registry_site(b->reg, l->site);
        b->public_lot[i] = o && o->is_public;
        b->ruled_lot[i] =
            (mm && mm->topsoil) || l->plant_health != MF_PH_NONE ||
            ((l->restrictions | (site ? site->restrictions : 0u)) &
             MF_RESTR_ALIEN);
    }
    b->fixed_lb = 0;
    for (i = 0; i < mf_registry_count(b->reg, MF_ENT_SITE); i++) {
        const struct mf_site *x = mf_registry_site_at(b->reg, i);
        /* A negative gate fee grows with the material's fee factor; a
         * site's own fees per material count too. */
        double fee = x->fee < 0 ? x->fee * b->net->cost.max_fee_factor : x->fee;
        int m;
        for (m = 0; x->material_fees && m < x->n_materials; m++) {
            double own;
            if (mf_site_material_fee(b->cat, x, x->materials[m], &own) &&
                own < fee)
                fee = own;
        }
        if (facility(x->kind) && fee < b->fixed_lb)
            b->fixed_lb = fee;
    }
    if ((rc = make_endpoints(s, err)))
        return rc;
    if ((rc = mcf_new(&s->net.mcf, s->net.n_nodes, 1024, err)))
        return rc;
    if ((rc = fixed_arcs(s, err)))
        return rc;
    s->n_fixed_arcs = s->net.n_arcs;
    return build_index_sets(b, err);
}

/* ------------------------------------------------------------------ */
/* Lazy arc generation                                                  */
/* ------------------------------------------------------------------ */

/* Adds every allowed transport arc of one kind whose reduced cost
 * (cost + pi[tail] - pi[head]) is negative under the current potentials.
 * Such an arc cannot be in the network already, since every arc there
 * meets the optimality conditions. The candidates of each origin are
 * streamed, never all kept at once. */
/* Column generation adds, per node and round, only its few most negative
 * arcs: adding every negative arc would flood the network with arcs the
 * next solve prices out again. */
#define PRICE_PER_NODE 3

struct priced {
    int tail, head;
    int64_t rc, cost;
    float km;
    int material;
};

struct pricing {
    struct plan_state *s;
    enum arc_kind kind;
    const struct epset *O, *D;
    long added;
    int64_t max_pi_d; /* the highest potential of any destination node */
    int origin;       /* whose arcs are in buf */
    struct priced *buf;
    size_t n, cap;
};

static int by_tail_rc(const void *a, const void *b)
{
    const struct priced *x = a, *y = b;

    if (x->tail != y->tail)
        return (x->tail > y->tail) - (x->tail < y->tail);
    if (x->rc != y->rc)
        return (x->rc > y->rc) - (x->rc < y->rc);
    return (x->head > y->head) - (x->head < y->head);
}

/* Adds the best arcs of the origin in buf. */
static int price_flush(struct pricing *p)
{
    size_t i;
    int kept = 0;

    if (p->n > 1)
        qsort(p->buf, p->n, sizeof *p->buf, by_tail_rc);
    for (i = 0; i < p->n; i++) {
        const struct priced *x = &p->buf[i];
        if (i > 0 && x->tail != p->buf[i - 1].tail)
            kept = 0;
        if (kept++ >= PRICE_PER_NODE)
            continue;
        if (build_arc(&p->s->b, x->tail, x->head, MCF_INF, x->cost, p->kind,
                      x->material, x->km) < 0)
            return MF_ENOMEM;
        p->added++;
    }
    p->n = 0;
    return MF_OK;
}

/* An arc from o is worth adding only if cost + pi[o, t] - pi[d, t] < 0 for
 * some shared period t, so its cost must be below the highest potential
 * of a destination minus the lowest of o's nodes. */
static double price_limit(void *ctx, int oi)
{
    struct pricing *p = ctx;
    const struct endpoint *o = &p->O->e[oi];
    int64_t lo = INT64_MAX;
    int t;

    for (t = o->p0; t <= o->p1; t++) {
        int64_t pi = plan_potential(p->s, build_node(o, t));
        if (pi < lo)
            lo = pi;
        if (o->single_node)
            break;
    }
    return (double)(p->max_pi_d - lo) / 100.0;
}

static int price_pair(void *ctx, int oi, int di, double km, int material)
{
    struct pricing *p = ctx;
    struct builder *b = &p->s->b;
    const struct endpoint *o = &p->O->e[oi];
    const struct endpoint *d = &p->D->e[di];
    struct cost_parts parts;
    int t;
    int64_t cost;

    if (oi != p->origin) {
        if (price_flush(p))
            return MF_ENOMEM;
        p->origin = oi;
    }
    if (!build_pair_parts(b, p->kind, o, d, km, &material, &parts))
        return MF_OK;
    cost = build_ore(cost_price(&parts));
    for (t = o->p0 > d->p0 ? o->p0 : d->p0; t <= o->p1 && t <= d->p1; t++) {
        int tail = build_node(o, t);
        int head = d->single_node ? d->node : build_node(d, t);
        int64_t rc =
            cost + plan_potential(p->s, tail) - plan_potential(p->s, head);
        if (rc >= 0)
            continue;
        if (vec_reserve(p->buf, p->cap, p->n + 1))
            return MF_ENOMEM;
        p->buf[p->n].tail = tail;
        p->buf[p->n].head = head;
        p->buf[p->n].rc = rc;
        p->buf[p->n].cost = cost;
        p->buf[p->n].km = (float)km;
        p->buf[p->n].material = material;
        p->n++;
    }
    return MF_OK;
}

static long price_kind(struct plan_state *s, enum arc_kind kind, int from,
                       int to, struct mf_error *err)
{
    struct pricing p;
    int rc, i;

    p.s = s;
    p.kind = kind;
    p.O = &s->b.sets[from];
    p.D = &s->b.sets[to];
    p.added = 0;
    p.max_pi_d = INT64_MIN;
    for (i = 0; i < p.D->n; i++) {
        const struct endpoint *d = &p.D->e[i];
        int t;
        for (t = d->p0; t <= d->p1; t++) {
            int64_t pi =
                plan_potential(s, d->single_node ? d->node : build_node(d, t));
            if (pi > p.max_pi_d)
                p.max_pi_d = pi;
            if (d->single_node)
                break;
        }
    }
    p.origin = -1;
    p.buf = NULL;
    p.n = p.cap = 0;
    rc = build_each_candidate(&s->b, kind, p.O, p.D, 0, price_limit, price_pair,
                              &p, err);
    if (rc == MF_OK)
        rc = price_flush(&p);
    free(p.buf);
    if (rc == MF_ENOMEM)
        return mf_error_set(err, MF_ENOMEM, "out of memory");
    return rc < 0 ? rc : p.added;
}

static const int price_rounds_max = 100;

int64_t plan_flow(const struct plan_state *s, int arc)
{
    if (s->lp_valid)
        return arc < s->lp_arcs ? s->lp.flow[arc] : 0;
    if (s->warm_valid)
        return arc < s->warm_arcs ? mcf_flow(s->warm, s->warm_arc[arc]) : 0;
    return mcf_flow(s->net.mcf, arc);
}

int64_t plan_potential(const struct plan_state *s, int node)
{
    if (s->lp_valid)
        return s->lp.pi[node];
    return mcf_potential(s->warm_valid ? s->warm : s->net.mcf, node);
}

int64_t plan_objective(const struct plan_state *s)
{
    if (s->lp_valid)
        return (int64_t)llround(s->lp.objective);
    /* The warm copy's arcs left out of net.mcf carry nothing. */
    return mcf_objective(s->warm_valid ? s->warm : s->net.mcf);
}

const struct mcf *plan_state_basis(const struct plan_state *s)
{
    if (s->lp_valid)
        return NULL;
    return s->warm_valid ? s->warm : s->net.mcf;
}

int plan_state_certify(const struct plan_state *s, struct mf_error *err)
{
    const struct mcf *m = s->net.mcf;
    int n = mcf_n_nodes(m), n_arcs = mcf_n_arcs(m), a, v, rc = MF_OK;
    int64_t *excess, obj = 0;

    if (s->lp_valid)
        return mf_error_set(err, MF_EINVAL,
                            "the plan was solved as an LP: no network "
                            "simplex certificate");
    if (!(excess = calloc((size_t)n + 1, sizeof *excess)))
        return mf_error_set(err, MF_ENOMEM, "out of memory");
    for (v = 0; v < n; v++)
        excess[v] = mcf_supply(m, v);
    for (a = 0; a < n_arcs && rc == MF_OK; a++) {
        int t = mcf_arc_tail(m, a), h = mcf_arc_head(m, a);
        int64_t f = plan_flow(s, a), cap = mcf_arc_cap(m, a), rcost, fc;
        if (f < 0 || f > cap) {
            rc =
                mf_error_set(err, MF_ERR, "arc %d: flow %lld outside [0, %lld]",
                             a, (long long)f, (long long)cap);
            break;
        }
        if (__builtin_add_overflow(mcf_arc_cost(m, a), plan_potential(s, t),
                                   &rcost) ||
            __builtin_sub_overflow(rcost, plan_potential(s, h), &rcost) ||
            __builtin_mul_overflow(f, mcf_arc_cost(m, a), &fc) ||
            __builtin_add_overflow(obj, fc, &obj)) {
            rc = mf_error_set(err, MF_ERANGE, "arc %d: totals overflow", a);
            break;
        }
        if ((rcost < 0 && f < cap) || (rcost > 0 && f > 0))
            rc =
                mf_error_set(err, MF_ERR,
                             "arc %d: reduced cost %lld with flow %lld of "
                             "%lld: not optimal",
                             a, (long long)rcost, (long long)f, (long long)cap);
        excess[t] -= f;
        excess[h] += f;
    }
    for (v = 0; v < n && rc == MF_OK; v++)
        if (excess[v] != 0)
            rc = mf_error_set(err, MF_ERR,
                              "node %d: flow out minus in misses its supply "
                              "by %lld",
                              v, (long long)excess[v]);
    if (rc == MF_OK && obj != plan_objective(s))
        rc = mf_error_set(err, MF_ERR,
                          "the flows cost %lld, the solver says %lld",
                          (long long)obj, (long long)plan_objective(s));
    free(excess);
    return rc;
}

/* Ends warm re-solving for the rest of this phase. */
static void warm_drop(struct plan_state *s, enum mf_warm why)
{
    mcf_free(s->warm);
    s->warm = NULL;
    s->warm_valid = 0;
    s->warm_src = NULL;
    s->warm_how = why;
}

static int same_nodes(const struct mcf *a, const struct mcf *b)
{
    int v, n = mcf_n_nodes(a);

    if (n != mcf_n_nodes(b))
        return 0;
    for (v = 0; v < n; v++)
        if (mcf_supply(a, v) != mcf_supply(b, v))
            return 0;
    return 1;
}

/* net.mcf solved from a copy of warm_src's basis (mcf_warm.h); when the
 * warm solve does not stand, net.mcf is solved cold from the greedy
 * start instead. */
static int warm_solve(struct plan_state *s, const struct mcf_opts *mo,
                      struct mf_error *err)
{
    int n_arcs = mcf_n_arcs(s->net.mcf), w = 0, rc;
    int32_t *p;

    s->warm_valid = 0;
    if (!same_nodes(s->warm_src, s->net.mcf)) {
        warm_drop(s, MF_WARM_NETWORK);
        goto cold;
    }
    if (!s->warm && (rc = mcf_clone(&s->warm, s->warm_src, err)))
        return rc;
    if (!(p = realloc(s->warm_arc, ((size_t)n_arcs + 1) * sizeof *p)))
        return mf_error_set(err, MF_ENOMEM, "out of memory");
    s->warm_arc = p;
    if ((rc = mcf_warm_resolve(s->warm, s->net.mcf, mo, s->warm_arc, &w, err)))
        return rc;
    if (w) {
        s->warm_valid = 1;
        s->warm_arcs = n_arcs;
        s->warm_how = MF_WARM_OK;
        /* The certificate on net.mcf itself, not only on the warm copy
         * (which mcf_solve checks with mo->check). */
        return mo->check ? plan_state_certify(s, err) : MF_OK;
    }
    /* An arc the changed network lacks kept flow under its penalty. */
    warm_drop(s, MF_WARM_FELL_BACK);
cold:
    if ((rc = plan_start_flow(s, s->with_reuse, err)))
        return rc;
    return mcf_solve(s->net.mcf, mo, err);
}

/* One solve: the network simplex, or the LP (gnet.h) once reuse is on in
 * a network with yields, and always where a receiving site has both
 * capacities by material and a yearly intake limit. Before reuse no arc reaches
 * a plant, so the processing arcs carry nothing and the network simplex is
 * exact. A phase's first solve (pieces not NULL) of a network of at least
 * split_nodes nodes goes through the exact split on two threads
 * (mcf_split.h); *pieces is then the pieces it solved, 0 when the network
 * was solved whole. */
static int net_solve(struct plan_state *s, const struct mcf_opts *mo,
                     int *pieces, struct mf_error *err)
{
    struct gnet_basis *prev;
    const struct gnet_basis *from;
    int rc, first = 0;

    s->lp_valid = 0;
    if (pieces)
        *pieces = 0;
    /* Capacities by material with a yearly intake limit are side rows
     * before reuse too. */
    if (s->net.site_rows == 0 && (!s->with_reuse || s->net.gen.n_gen == 0)) {
        const int min = s->b.opts->split_nodes ? s->b.opts->split_nodes
                                               : MF_PLAN_SPLIT_NODES;
        struct mcf_split_info info;

        if (s->warm_src)
            return warm_solve(s, mo, err);
        if (!pieces || min < 0 || mcf_n_nodes(s->net.mcf) < min)
            return mcf_solve(s->net.mcf, mo, err);
        rc = mcf_solve_split(s->net.mcf, mo, 2, &info, err);
        *pieces = info.whole ? 0 : info.pieces;
        return rc;
    }
    /* The LP starts from the basis of the last LP solved for this plan
     * (a pricing round before), else from warm_from's LP (warm_lp), else
     * cold.
     * net.mcf has no basis of its own when the last phase was warm,
     * which the LP does not need. */
    prev = s->lp.basis;
    s->lp.basis = NULL;
    if (!prev && s->b.opts->warm_from) {
        const struct plan_state *w = s->b.opts->warm_from->state;
        from = w && s->b.opts->warm_lp ? w->lp.basis : NULL;
        warm_drop(s, MF_WARM_LP);
        first = from != NULL;
    } else
        from = prev;
    gnet_result_free(&s->lp);
    /* A job's stop (cancel) is asked between Clp's slices too. */
    rc = gnet_solve_from(s->net.mcf, &s->net.gen, from, mo->stop, mo->stop_ctx,
                         0, &s->lp, err);
    gnet_basis_free(prev);
    if (first)
        s->warm_how = s->lp.warm == GNET_WARM         ? MF_WARM_OK
                      : s->lp.warm == GNET_WARM_NODES ? MF_WARM_NETWORK
                                                      : MF_WARM_FELL_BACK;
    if (rc == MF_OK) {
        s->lp_valid = 1;
        s->lp_arcs = mcf_n_arcs(s->net.mcf);
    }
    return rc;
}

/* Solves, then prices the kinds in [k0, k1) of the transport table and
 * re-solves until no arc with a negative reduced cost is left out. */
static int solve_priced(struct plan_state *s, size_t k0, size_t k1,
                        struct mf_plan *plan, struct mf_error *err)
{
    struct mcf_opts mo = MCF_OPTS_INIT;
    struct mcf_stats st;
    int rc, round;
    double t0 = now();

    mo.check = s->b.opts->check;
    mo.stop = s->b.opts->stop;
    mo.stop_ctx = s->b.opts->stop_ctx;
    rc = net_solve(s, &mo, &plan->split_pieces, err);
    mcf_get_stats(s->net.mcf, &st);
    plan->pivots += s->lp_valid ? s->lp.iterations : st.pivots;
    for (round = 0; rc == MF_OK && s->b.opts->lazy && round < price_rounds_max;
         round++) {
        long added = 0;
        size_t i;
        for (i = k0; i < k1; i++) {
            long a = price_kind(s, transports[i].kind, transports[i].from,
                                transports[i].to, err);
            if (a < 0)
                return (int)a;
            added += a;
        }
        if (added == 0)
            break;
        if (mo.stop && mo.stop(mo.stop_ctx, plan->pivots))
            return mf_error_set(err, MF_ERR, "stopped");
        plan->rounds++;
        rc = net_solve(s, &mo, NULL, err);
        mcf_get_stats(s->net.mcf, &st);
        /* each solve counts its own (simplex iterations for the LP) */
        plan->pivots += s->lp_valid ? s->lp.iterations : st.pivots;
    }
    plan->seconds_solve += now() - t0;
    return rc;
}

static int add_transports(struct plan_state *s, size_t k0, size_t k1,
                          struct mf_error *err)
{
    size_t i;
    int rc;

    for (i = k0; i < k1; i++)
        if ((rc = transport(s, transports[i].kind, transports[i].from,
                            transports[i].to, transports[i].sides, err)))
            return rc;
    return MF_OK;
}

/* ------------------------------------------------------------------ */
/* Reading the solution back                                            */
/* ------------------------------------------------------------------ */

static enum mf_end_kind end_of(const struct node_info *v, int as_head)
{
    switch (v->kind) {
    case N_SUPPLY:
        return MF_END_SUPPLY;
    case N_DEMAND:
    case N_DEMAND_TOTAL:
        return MF_END_DEMAND;
    case N_STORAGE:
        return MF_END_STORAGE;
    case N_PROC_IN:
    case N_PROC_OUT:
        return MF_END_PROCESSING;
    case N_RECEIVING:
        return MF_END_RECEIVING;
    case N_QUARRY:
        return MF_END_QUARRY;
    case N_SINK:
        return MF_END_UNPLACED;
    default:
        return as_head ? MF_END_UNPLACED : MF_END_UNMET;
    }
}

static int decode(struct plan_state *s, struct mf_plan *plan,
                  struct mf_error *err)
{
    struct builder *b = &s->b;
    struct plan_network *n = &s->net;
    struct mf_indicators *ind = &plan->ind;
    int i, np = n->periods.n, *storage_slot, n_scan = n->n_arcs;
    int32_t *flowing = NULL;
    size_t cap = 0;

    memset(ind, 0, sizeof *ind);
    plan->objective = plan_objective(s);
    plan->n_nodes = n->n_nodes;
    plan->n_arcs = n->n_arcs;
    if (mf_periods_make(&plan->periods, n->periods.kind, n->periods.start[0],
                        n->periods.start[np] - 1, err))
        return err->code;
    /* Storage sites get a row of levels each. */
    storage_slot = malloc((mf_registry_count(b->reg, MF_ENT_SITE) + 1) *
                          sizeof *storage_slot);
    if (!storage_slot)
        return mf_error_set(err, MF_ENOMEM, "out of memory");
    for (i = 0; i <= (int)mf_registry_count(b->reg, MF_ENT_SITE); i++)
        storage_slot[i] = -1;
    plan->storage_site = malloc(((size_t)b->sets[SET_STORAGE].n + 1) *
                                sizeof *plan->storage_site);
    if (!plan->storage_site)
        goto oom;
    for (i = 0; i < b->sets[SET_STORAGE].n; i++) {
        int ref = b->sets[SET_STORAGE].e[i].ref;
        if (storage_slot[ref] < 0) {
            storage_slot[ref] = plan->n_storage;
            plan->storage_site[plan->n_storage++] = ref;
        }
    }
    plan->storage =
        calloc((size_t)plan->n_storage * (size_t)np + 1, sizeof *plan->storage);
    if (!plan->storage)
        goto oom;
    for (i = 0; i < n->n_nodes; i++) {
        int64_t q = mcf_supply(n->mcf, i);
        if (n->nodes[i].kind == N_SUPPLY)
            ind->supply_t += (double)q;
        else if ((n->nodes[i].kind == N_DEMAND ||
                  n->nodes[i].kind == N_DEMAND_TOTAL) &&
                 q < 0)
            ind->demand_t += (double)-q;
    }
    /* Each arc with flow is reported with the parts it was priced with
     * (build_arc_parts), and its totals summed into the indicators. A
     * network simplex solution lists its arcs with flow itself (the
     * same arcs in the same order, without reading every arc's). */
    if (!s->lp_valid && !s->warm_valid) {
        flowing = malloc(((size_t)n->n_arcs + 1) * sizeof *flowing);
        if (!flowing || (n_scan = mcf_flowing_arcs(n->mcf, flowing)) < 0)
            goto oom;
    }
    for (i = 0; i < n_scan; i++) {
        int a = flowing ? flowing[i] : i;
        int64_t f = plan_flow(s, a);
        const struct arc_info *ai = &n->arcs[a];
        const struct node_info *tn = &n->nodes[mcf_arc_tail(n->mcf, a)];
        const struct node_info *hn = &n->nodes[mcf_arc_head(n->mcf, a)];
        enum arc_kind kind = (enum arc_kind)ai->kind;
        struct cost_parts parts;
        struct mf_flow fl;

        if (f <= 0)
            continue;
        build_arc_parts(b, kind, tn->ref, hn->ref, tn->period, ai->material,
                        ai->km, &parts);
        if (parts.kind == COST_NONE)
            continue;
        cost_haul_detail(&n->cost, &parts);
        memset(&fl, 0, sizeof fl);
        cost_flow_totals(&parts, (double)f, &fl);
        indicators_add(ind, parts.kind, &fl);
        /* The recovery test: a fill counts as reuse only where its need
         * was planned independently of the surplus. */
        if (parts.kind == COST_TO_NEED && end_of(hn, 1) == MF_END_DEMAND) {
            const struct mf_lot *lot =
                mf_registry_lot_at(b->reg, (size_t)hn->ref);
            indicators_recovery(ind, lot ? lot->planned_independently : -1,
                                (double)f);
        }
        if (kind == A_HOLD)
            plan->storage[storage_slot[tn->ref] * np + tn->period] += (double)f;
        /* Holding and processing happen at one site: they are in the
         * indicators, not in the list of flows between places. */
        if (kind == A_HOLD || kind == A_PROCESS)
            continue;
        fl.from_kind = end_of(tn, 0);
        fl.to_kind = end_of(hn, 1);
        fl.from = kind == A_UNMET ? -1 : tn->ref;
        fl.to = kind == A_UNPLACED ? -1 : hn->ref;
        fl.period = tn->period >= 0 ? tn->period : hn->period;
        fl.material = ai->material;
        fl.km = ai->km;
        if (vec_reserve(plan->flows, cap, plan->n_flows + 1))
            goto oom;
        plan->flows[plan->n_flows++] = fl;
    }
    indicators_finish(ind);
    free(flowing);
    free(storage_slot);
    return MF_OK;
oom:
    free(flowing);
    free(storage_slot);
    return mf_error_set(err, MF_ENOMEM, "out of memory");
}

/* ------------------------------------------------------------------ */
/* Entry points                                                         */
/* ------------------------------------------------------------------ */

static struct mf_plan *plan_new(void)
{
    return calloc(1, sizeof(struct mf_plan));
}

int mf_plan_solve_pair(const struct mf_registry *reg,
                       const struct mf_factors *factors,
                       const struct mf_plan_opts *opts, struct mf_plan **out,
                       struct mf_plan **baseline, struct mf_error *err)
{
    struct mf_plan_opts def = MF_PLAN_OPTS_INIT;
    struct plan_state *s = calloc(1, sizeof *s);
    struct mf_plan *plan = plan_new(), *bau = NULL;
    const struct mcf *warm_final = NULL;
    size_t n_bau = 0, i;
    double t0 = now(), tb;
    int rc;

    MF_ASSERT_ARG(reg && factors && out);
    *out = NULL;
    if (baseline)
        *baseline = NULL;
    if (!s || !plan) {
        rc = mf_error_set(err, MF_ENOMEM, "out of memory");
        goto fail;
    }
    s->b.reg = reg;
    s->b.cat = mf_registry_catalog(reg);
    s->b.fx = factors;
    s->b.opts = opts ? opts : &def;
    s->b.net = &s->net;
    s->net.periods.kind = MF_PERIOD_MONTH;
    if ((rc = prepare(s, err)))
        goto fail;
    if (s->b.opts->warm_from) {
        const struct plan_state *w = s->b.opts->warm_from->state;
        /* Each phase starts from the same phase of warm_from. */
        warm_final = w ? plan_state_basis(w) : NULL;
        s->warm_src = w ? w->bau_basis : NULL;
        s->warm_how = s->warm_src ? MF_WARM_OK : MF_WARM_NO_BASIS;
    }
    for (i = 0; i < N_TRANSPORTS && transports[i].bau; i++)
        n_bau = i + 1;
    /* Phase 1: business as usual. */
    if ((rc = add_transports(s, 0, n_bau, err)))
        goto fail;
    s->n_bau_arcs = s->net.n_arcs;
    tb = now();
    plan->seconds_build = tb - t0;
    /* A warm plan without a baseline to report or keep needs no phase 1:
     * phase 2 starts from warm_from's plan, and its pricing covers the
     * business-as-usual kinds too. */
    if (!warm_final || baseline || s->b.opts->baseline ||
        s->b.opts->keep_basis) {
        if ((!s->warm_src && (rc = plan_start_flow(s, 0, err))) ||
            (rc = solve_priced(s, 0, n_bau, plan, err)))
            goto fail;
    }
    if (s->b.opts->keep_basis && plan_state_basis(s) &&
        (rc = mcf_clone(&s->bau_basis, plan_state_basis(s), err)))
        goto fail;
    if (baseline || s->b.opts->baseline) {
        bau = plan_new();
        if (!bau) {
            rc = mf_error_set(err, MF_ENOMEM, "out of memory");
            goto fail;
        }
        bau->seconds_build = plan->seconds_build;
        bau->seconds_solve = plan->seconds_solve;
        bau->rounds = plan->rounds;
        bau->pivots = plan->pivots;
        bau->warm = s->b.opts->warm_from ? s->warm_how : MF_WARM_NONE;
        if ((rc = decode(s, bau, err)))
            goto fail;
    }
    if (s->b.opts->baseline) {
        /* Only the baseline was asked for: it is the plan. */
        bau->state = s;
        *out = bau;
        mf_plan_free(plan);
        return MF_OK;
    }
    /* Phase 2: reuse, storage and processing, warm-started. */
    t0 = now();
    if ((rc = add_transports(s, n_bau, N_TRANSPORTS, err)))
        goto fail;
    plan->seconds_build += now() - t0;
    plan->rounds = 0;
    plan->seconds_solve = 0;
    plan->pivots = 0;
    s->with_reuse = 1;
    /* Phase 1's LP (side rows) is no start for phase 2's: cold, or from
     * warm_from's phase 2. */
    gnet_basis_free(s->lp.basis);
    s->lp.basis = NULL;
    if (s->b.opts->warm_from) {
        /* Phase 2 starts from warm_from's plan, not from phase 1 (whose
         * own optimum is in net.mcf only when phase 1 was cold). */
        int network = s->warm_how == MF_WARM_NETWORK;
        warm_drop(s, warm_final ? MF_WARM_OK : MF_WARM_NO_BASIS);
        if (network)
            s->warm_how = MF_WARM_NETWORK;
        else
            s->warm_src = warm_final;
    }
    if ((!s->warm_src && (rc = plan_start_flow(s, 1, err))) ||
        (rc = solve_priced(s, 0, N_TRANSPORTS, plan, err)))
        goto fail;
    plan->warm = s->b.opts->warm_from ? s->warm_how : MF_WARM_NONE;
    if ((rc = decode(s, plan, err)))
        goto fail;
    plan->state = s;
    *out = plan;
    if (baseline)
        *baseline = bau;
    else
        mf_plan_free(bau);
    return MF_OK;
fail:
    mf_plan_free(plan);
    mf_plan_free(bau);
    state_free(s);
    return rc;
}

int plan_state_prepare(const struct mf_registry *reg,
                       const struct mf_factors *factors,
                       const struct mf_plan_opts *opts, struct plan_state **out,
                       struct mf_error *err)
{
    struct plan_state *s = calloc(1, sizeof *s);
    int rc;

    *out = NULL;
    if (!s)
        return mf_error_set(err, MF_ENOMEM, "out of memory");
    s->b.reg = reg;
    s->b.cat = mf_registry_catalog(reg);
    s->b.fx = factors;
    s->b.opts = opts;
    s->b.net = &s->net;
    s->net.periods.kind = MF_PERIOD_MONTH;
    if ((rc = prepare(s, err))) {
        state_free(s);
        return rc;
    }
    *out = s;
    return MF_OK;
}

void plan_state_free(struct plan_state *s)
{
    state_free(s);
}

int mf_plan_solve(const struct mf_registry *reg,
                  const struct mf_factors *factors,
                  const struct mf_plan_opts *opts, struct mf_plan **out,
                  struct mf_error *err)
{
    return mf_plan_solve_pair(reg, factors, opts, out, NULL, err);
}

void mf_plan_free(struct mf_plan *plan)
{
    if (!plan)
        return;
    mf_periods_free(&plan->periods);
    free(plan->flows);
    free(plan->storage_site);
    free(plan->storage);
    state_free(plan->state);
    free(plan);
}

struct mcf *plan_state_mcf(const struct plan_state *s)
{
    return s->net.mcf;
}

const char *mf_end_kind_name(enum mf_end_kind k)
{
    static const char *const names[] = {"supply",     "demand",    "storage",
                                        "processing", "receiving", "quarry",
                                        "unplaced",   "unmet"};

    return (unsigned)k <= MF_END_UNMET ? names[k] : "";
}

const char *mf_end_id(const struct mf_registry *reg, enum mf_end_kind k,
                      int index)
{
    if (index < 0)
        return "";
    if (k == MF_END_SUPPLY || k == MF_END_DEMAND) {
        const struct mf_lot *l = mf_registry_lot_at(reg, (size_t)index);
        return l ? l->id : "";
    }
    if (k == MF_END_UNPLACED || k == MF_END_UNMET)
        return "";
    {
        const struct mf_site *x = mf_registry_site_at(reg, (size_t)index);
        return x ? x->id : "";
    }
}
