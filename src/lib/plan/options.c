/*
 * options.c - "who could take my masses?" and "where could my need come
 * from?": for one lot of a solved plan, every destination (surplus) or
 * origin (need) the planner knows, with road km, the cost per tonne the
 * planner would charge, the room left in the lot's window after the
 * plan's other flows, what the plan sends that way, and for each one the
 * planner may not use the rule that excludes it.
 *
 * It asks build.c the planner's own questions (build_km, the haul limit,
 * build_pair_parts with its acceptance, quality ranks and flow rules,
 * cost_price), so an option listed as allowed is an arc the planner can
 * use at the price shown.
 */
#include "masseflyt/msg.h"
#include "masseflyt/plan.h"

#include "impact/cost.h"
#include "plan/state.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct ctx {
    const struct plan_state *s;
    const struct mf_plan *plan;
    const struct mf_registry *reg;
    const struct mf_catalog *cat;
    const struct mf_lot *lot;
    const struct endpoint *me;
    int idx; /* the lot's registry index */
    int supply;
    struct mf_options *out;
    size_t cap;
    /* Per option, how far down candidate()'s checks it got (enum stage):
     * of two excluded options of one site, the one that fails later says
     * more (a plant too far away, rather than its other product's
     * material). */
    unsigned char *stage;
};

enum stage { ST_MATERIAL, ST_DATES, ST_HAUL, ST_RULE, ST_PAIR, ST_ALLOWED };

static int site_accepts(const struct mf_site *s, int material)
{
    int i;

    for (i = 0; i < s->n_materials; i++)
        if (s->materials[i] == material)
            return 1;
    return 0;
}

static struct mf_option *add(struct ctx *c)
{
    struct mf_options *o = c->out;

    if (o->n == c->cap) {
        size_t nc = c->cap ? c->cap * 2 : 32;
        struct mf_option *p = realloc(o->items, nc * sizeof *p);
        unsigned char *st;
        if (!p)
            return NULL;
        o->items = p;
        if (!(st = realloc(c->stage, nc)))
            return NULL;
        c->stage = st;
        c->cap = nc;
    }
    c->stage[o->n] = ST_MATERIAL;
    memset(&o->items[o->n], 0, sizeof o->items[0]);
    return &o->items[o->n++];
}

/* Tonnes the plan moves between the lot and the far end, and the tonnes
 * the far end exchanges with others in the lot's periods (at a receiving
 * site, in any period). */
static void planned(const struct ctx *c, enum mf_end_kind kind, int ref,
                    double *mine, double *others)
{
    size_t i;

    *mine = *others = 0;
    for (i = 0; i < c->plan->n_flows; i++) {
        const struct mf_flow *f = &c->plan->flows[i];
        int far = c->supply ? f->to : f->from;
        enum mf_end_kind fk = c->supply ? f->to_kind : f->from_kind;
        int near = c->supply ? f->from : f->to;
        enum mf_end_kind nk = c->supply ? f->from_kind : f->to_kind;

        if (fk != kind || far != ref)
            continue;
        if (nk == (c->supply ? MF_END_SUPPLY : MF_END_DEMAND) && near == c->idx)
            *mine += f->tonnes;
        else if (nk != MF_END_UNPLACED && nk != MF_END_UNMET &&
                 (kind == MF_END_RECEIVING ||
                  (f->period >= c->me->p0 && f->period <= c->me->p1)))
            *others += f->tonnes; /* a receiving site's capacity is for
                                     the whole horizon */
    }
}

/* A lot's whole tonnes in the periods both windows share. */
static double lot_tonnes_in(const struct ctx *c, const struct endpoint *e)
{
    double t = 0;
    int p;

    for (p = e->p0; p <= e->p1; p++)
        if (p >= c->me->p0 && p <= c->me->p1)
            t += (double)c->s->qty[e->qty + (size_t)(p - e->p0)];
    return t;
}

/* The room the far end has left for this lot: a lot's tonnes in the
 * shared periods, a site's capacity (-1: no limit), less what the plan
 * gives others. */
static double room(const struct ctx *c, const struct endpoint *e,
                   enum mf_end_kind kind, double others)
{
    double total;

    if (kind == MF_END_SUPPLY || kind == MF_END_DEMAND) {
        total = lot_tonnes_in(c, e);
    } else {
        const struct mf_site *site =
            mf_registry_site_at(c->reg, (size_t)e->ref);
        if (!(site->capacity_t >= 0))
            return -1;
        total = site->capacity_t;
    }
    return total > others ? total - others : 0;
}

static const char *how(enum arc_kind k)
{
    switch (k) {
    case A_DIRECT:
        return "reuse";
    case A_TO_STORAGE:
    case A_STORAGE_TO_DEMAND:
        return "storage";
    case A_TO_PROC:
    case A_PROC_TO_DEMAND:
        return "processing";
    case A_TO_LANDFILL:
        return "receiving";
    default:
        return "quarry";
    }
}

/* Why option x is excluded, in English and in bokmål (msg_catalog.h). */
#define WHY(x, id, ...)                                                        \
    (MF_SNPRINTF_IN(MF_LANG_EN, (x)->why, sizeof(x)->why, id, __VA_ARGS__),    \
     MF_SNPRINTF_IN(MF_LANG_NB, (x)->why_nb, sizeof(x)->why_nb, id,            \
                    __VA_ARGS__))

/* The same for a message without arguments. */
static void why_text(struct mf_option *x, enum mf_msg id)
{
    snprintf(x->why, sizeof x->why, "%s", mf_msg_in(MF_LANG_EN, id));
    snprintf(x->why_nb, sizeof x->why_nb, "%s", mf_msg_in(MF_LANG_NB, id));
}

/* Whether the material can serve the need at all; else why not. */
static int fits(const struct ctx *c, int material, const struct mf_lot *need,
                struct mf_option *x)
{
    const struct mf_material *m = mf_catalog_material(c->cat, material);

    if (need->material >= 0 && need->material != material) {
        WHY(x, MSG_OP_WHY_ASKS,
            mf_catalog_material(c->cat, need->material)->code,
            m ? m->code : "-");
        return 0;
    }
    if (!mf_catalog_compat(c->cat, material, need->use)) {
        WHY(x, MSG_OP_WHY_SERVE, m ? m->code : "-",
            mf_catalog_use(c->cat, need->use)->code);
        return 0;
    }
    return 1;
}

/* One candidate: origin o to destination d, of this arc kind; `far` is
 * the end that is not the lot. */
static int candidate(struct ctx *c, enum arc_kind kind,
                     const struct endpoint *o, const struct endpoint *d,
                     const struct endpoint *far, enum mf_end_kind far_kind)
{
    const struct builder *b = &c->s->b;
    struct mf_option *x = add(c);
    const struct mf_lot *from = mf_registry_lot_at(c->reg, (size_t)o->ref);
    const struct mf_rule *rule = NULL;
    struct cost_parts parts;
    double mine, others;
    int material = o->material;

    if (!x)
        return MF_ENOMEM;
    x->kind = far_kind;
    x->ref = far->ref;
    x->id = far_kind == MF_END_SUPPLY || far_kind == MF_END_DEMAND
                ? mf_registry_lot_at(c->reg, (size_t)far->ref)->id
                : mf_registry_site_at(c->reg, (size_t)far->ref)->id;
    x->how = how(kind);
    x->material = material;
    x->km = build_km(b, o, d, mf_distance_km(o->lon, o->lat, d->lon, d->lat));
    x->nok_t = NAN;
    planned(c, far_kind, far->ref, &mine, &others);
    x->planned_t = mine;
    x->room_t = room(c, far, far_kind, others);
    /* Why not, in the order a user would check: material, time, distance,
     * the flow rules. */
    if (kind == A_DIRECT || kind == A_STORAGE_TO_DEMAND ||
        kind == A_PROC_TO_DEMAND) {
        if (!fits(c, o->material, mf_registry_lot_at(c->reg, (size_t)d->ref),
                  x))
            return MF_OK;
    } else if (kind == A_QUARRY_TO_DEMAND) {
        const struct mf_site *q = mf_registry_site_at(c->reg, (size_t)o->ref);
        const struct mf_lot *need = mf_registry_lot_at(c->reg, (size_t)d->ref);
        int i, ok = 0;
        for (i = 0; i < q->n_materials && !ok; i++)
            ok = need->material < 0 || need->material == q->materials[i]
                     ? mf_catalog_compat(c->cat, q->materials[i], need->use)
                     : 0;
        if (!ok) {
            WHY(x, MSG_OP_WHY_SELLS, mf_catalog_use(c->cat, need->use)->code);
            return MF_OK;
        }
    } else {
        const struct mf_site *site =
            mf_registry_site_at(c->reg, (size_t)d->ref);
        if (!site_accepts(site, o->material)) {
            WHY(x, MSG_OP_WHY_ACCEPT,
                mf_catalog_material(c->cat, o->material)->code);
            return MF_OK;
        }
    }
    c->stage[c->out->n - 1] = ST_DATES;
    if (!(o->p0 <= d->p1 && d->p0 <= o->p1)) {
        why_text(x, far_kind == MF_END_SUPPLY || far_kind == MF_END_DEMAND
                        ? MSG_OP_WHY_DATES
                        : MSG_OP_WHY_CLOSED);
        return MF_OK;
    }
    c->stage[c->out->n - 1] = ST_HAUL;
    if (x->km > c->s->net.max_km) {
        WHY(x, MSG_OP_WHY_HAUL, x->km, c->s->net.max_km);
        return MF_OK;
    }
    c->stage[c->out->n - 1] = ST_RULE;
    if (from && (kind == A_DIRECT || kind == A_TO_STORAGE ||
                 kind == A_TO_PROC || kind == A_TO_LANDFILL)) {
        const struct mf_lot *to =
            kind == A_DIRECT ? mf_registry_lot_at(c->reg, (size_t)d->ref)
                             : NULL;
        const struct mf_site *site =
            kind == A_DIRECT ? NULL
                             : mf_registry_site_at(c->reg, (size_t)d->ref);
        if (!mf_flow_allowed(c->reg, from, to, site, from->from, &rule) &&
            rule) {
            x->rule = rule->id;
            snprintf(x->why, sizeof x->why, "%s (rule %s)", rule->message_en,
                     rule->id);
            MF_SNPRINTF_IN(
                MF_LANG_NB, x->why_nb, sizeof x->why_nb, MSG_OP_WHY_RULE,
                rule->message_no && *rule->message_no ? rule->message_no
                                                      : rule->message_en,
                rule->id);
            return MF_OK;
        }
    }
    c->stage[c->out->n - 1] = ST_PAIR;
    if (!build_pair_parts(b, kind, o, d, x->km, &material, &parts)) {
        why_text(x, MSG_OP_WHY_PAIR);
        return MF_OK;
    }
    c->stage[c->out->n - 1] = ST_ALLOWED;
    x->material = material;
    x->allowed = 1;
    x->nok_t = cost_price(&parts);
    return MF_OK;
}

/* 1 when option i is better to show than option k: allowed before
 * excluded, then cheaper; of two excluded, the one that got further
 * through the checks. */
static int better(const struct ctx *c, size_t i, size_t k)
{
    const struct mf_option *x = &c->out->items[i], *y = &c->out->items[k];

    if (x->allowed != y->allowed)
        return x->allowed;
    if (x->allowed)
        return x->nok_t < y->nok_t;
    return c->stage[i] > c->stage[k];
}

/* A site is one option: the network gives a plant an endpoint per input
 * material (and per product of each), a receiving site one more per
 * material its permit caps, and each() asks them all. The option just
 * added (the last) is merged into the one of the same site added since
 * `start`, if any, keeping the better of the two. */
static void merge_site(struct ctx *c, size_t start)
{
    struct mf_options *o = c->out;
    size_t last = o->n - 1, k;
    const struct mf_option *x = &o->items[last];

    if (x->kind == MF_END_SUPPLY || x->kind == MF_END_DEMAND)
        return;
    for (k = start; k < last; k++)
        if (o->items[k].kind == x->kind && o->items[k].ref == x->ref) {
            if (better(c, last, k)) {
                o->items[k] = *x;
                c->stage[k] = c->stage[last];
            }
            o->n--;
            return;
        }
}

/* Every endpoint of a set as a candidate, one option per site; storage
 * has one endpoint per site and material, and the one of the lot's
 * material is asked. */
static int each(struct ctx *c, enum set_id set, enum arc_kind kind,
                enum mf_end_kind far_kind)
{
    const struct epset *es = &c->s->b.sets[set];
    size_t start = c->out->n;
    int i, j, rc;

    for (i = 0; i < es->n; i++) {
        const struct endpoint *e = &es->e[i];

        if (set == SET_STORAGE && c->supply) {
            const struct mf_site *site =
                mf_registry_site_at(c->reg, (size_t)e->ref);
            int first = 1;
            if (e->material != c->me->material &&
                site_accepts(site, c->me->material))
                continue; /* the endpoint of the lot's material serves */
            for (j = 0; j < i; j++)
                if (es->e[j].ref == e->ref)
                    first = 0;
            if (e->material != c->me->material && !first)
                continue;
        }
        if (set == SET_STORAGE && !c->supply) {
            /* From storage: only what it holds of a fitting material. */
            const struct mf_lot *need = c->lot;
            if (!mf_catalog_compat(c->cat, e->material, need->use) ||
                (need->material >= 0 && need->material != e->material))
                continue;
        }
        if (set == SET_SUPPLY || set == SET_DEMAND)
            if (e->ref == c->idx)
                continue;
        rc = c->supply ? candidate(c, kind, c->me, e, e, far_kind)
                       : candidate(c, kind, e, c->me, e, far_kind);
        if (rc)
            return rc;
        merge_site(c, start);
    }
    return MF_OK;
}

static int by_verdict(const void *a, const void *b)
{
    const struct mf_option *x = a, *y = b;

    if (x->allowed != y->allowed)
        return y->allowed - x->allowed;
    if (x->allowed && x->nok_t != y->nok_t)
        return x->nok_t < y->nok_t ? -1 : 1;
    if (x->km != y->km)
        return x->km < y->km ? -1 : 1;
    return strcmp(x->id, y->id);
}

int mf_plan_options(const struct mf_plan *plan, const struct mf_registry *reg,
                    const char *lot_id, struct mf_options *out,
                    struct mf_error *err)
{
    struct ctx c;
    enum set_id mine;
    int i, rc;

    memset(out, 0, sizeof *out);
    memset(&c, 0, sizeof c);
    if (!plan->state)
        return mf_error_set(err, MF_EINVAL,
                            "a baseline keeps no network to ask");
    c.s = plan->state;
    c.plan = plan;
    c.reg = reg;
    c.cat = mf_registry_catalog(reg);
    c.out = out;
    c.idx = mf_registry_index(reg, MF_ENT_LOT, lot_id);
    if (c.idx < 0)
        return mf_error_set(err, MF_ENOTFOUND, "no lot has the id '%s'",
                            lot_id);
    c.lot = mf_registry_lot_at(reg, (size_t)c.idx);
    c.supply = c.lot->kind == MF_LOT_SUPPLY;
    out->lot = c.lot->id;
    out->supply = c.supply;
    out->max_km = c.s->net.max_km;
    mine = c.supply ? SET_SUPPLY : SET_DEMAND;
    for (i = 0; i < c.s->b.sets[mine].n; i++)
        if (c.s->b.sets[mine].e[i].ref == c.idx)
            c.me = &c.s->b.sets[mine].e[i];
    if (!c.me) {
        const struct mf_rule *why = c.s->reason[c.idx];
        if (c.s->lot_status[c.idx] >= MF_SEV_REFUSE) {
            snprintf(out->why_not, sizeof out->why_not,
                     "the rules refuse it (%s: %s)", why ? why->id : "its site",
                     why ? why->message_en : "the site is refused");
            MF_SNPRINTF_IN(MF_LANG_NB, out->why_not_nb, sizeof out->why_not_nb,
                           MSG_OP_WHY_REFUSED, why ? why->id : "stedet",
                           why ? (why->message_no && *why->message_no
                                      ? why->message_no
                                      : why->message_en)
                               : "stedet avvises");
        } else {
            snprintf(out->why_not, sizeof out->why_not, "%s",
                     mf_msg_in(MF_LANG_EN, MSG_OP_WHY_OUTSIDE));
            snprintf(out->why_not_nb, sizeof out->why_not_nb, "%s",
                     mf_msg_in(MF_LANG_NB, MSG_OP_WHY_OUTSIDE));
        }
        return MF_OK;
    }
    if (c.supply)
        rc = each(&c, SET_DEMAND, A_DIRECT, MF_END_DEMAND);
    else
        rc = each(&c, SET_SUPPLY, A_DIRECT, MF_END_SUPPLY);
    if (!rc && c.supply && !c.s->b.opts->no_storage)
        rc = each(&c, SET_STORAGE, A_TO_STORAGE, MF_END_STORAGE);
    if (!rc && c.supply && !c.s->b.opts->no_processing)
        rc = each(&c, SET_PROC_IN, A_TO_PROC, MF_END_PROCESSING);
    if (!rc && c.supply)
        rc = each(&c, SET_RECEIVING, A_TO_LANDFILL, MF_END_RECEIVING);
    if (!rc && !c.supply && !c.s->b.opts->no_storage)
        rc = each(&c, SET_STORAGE, A_STORAGE_TO_DEMAND, MF_END_STORAGE);
    if (!rc && !c.supply && !c.s->b.opts->no_processing)
        rc = each(&c, SET_PROC_OUT, A_PROC_TO_DEMAND, MF_END_PROCESSING);
    if (!rc && !c.supply)
        rc = each(&c, SET_QUARRY, A_QUARRY_TO_DEMAND, MF_END_QUARRY);
    free(c.stage);
    if (rc) {
        mf_options_free(out);
        return mf_error_set(err, rc, "out of memory");
    }
    qsort(out->items, out->n, sizeof *out->items, by_verdict);
    return MF_OK;
}

void mf_options_free(struct mf_options *o)
{
    if (!o)
        return;
    free(o->items);
    memset(o, 0, sizeof *o);
}
