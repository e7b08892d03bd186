/*
 * gen.c - the seeded generator of load tickets: realistic truckloads that
 * follow a plan's flows with noise, and faults of every check injected on
 * purpose, listed so that a test can ask the checks for exactly that set
 * (custody.h, mf_custody_generate). The demo's tickets and the benchmark
 * come from here.
 *
 * Clean loads. Each truck flow of the plan from a surplus lot, a storage
 * site or a plant to a site or a need is a lane (an onward load counts to
 * a lot the plan sends to its origin). Its tonnes (scaled to the number of
 * tickets asked for) become loads of about 24 t, spread over the days of the
 * flow's period that fall in the lot's window and the destination's opening. A
 * lane has its own trucks; each makes round trips at 45 km/h on the road (great
 * circle x 1.3) with half an hour at the ends, from 06:00 on, so no
 * truck is ever in two places or faster than the limit. Most loads are weighed
 * at the source; some are declared in m3 (in situ or loose) and converted with
 * the catalogue's densities. The receiver weighs each load within `noise` of
 * the truth (a normal error, cut at 2.5 sigma) and accepts it. A load that
 * would arrive after as_of has no receipt yet (in transit, not overdue). Each
 * lot travels under one quality document covering 2 % and 60 t more than its
 * loads.
 *
 * Faults. Every fault takes a load no other fault touches, and where a
 * fault moves a load in place or time it gets a truck of its own, so a
 * fault shows in its own check only. The records a fault needs (a site
 * in a hazard zone, a site with a capacity, a refused lot) are found in
 * the registry; a kind the registry cannot show is left out, and the
 * injected list says what was injected.
 */
#include "masseflyt/custody.h"

#include "custody/custody_int.h"
#include "masseflyt/plan.h"
#include "util/arena.h"
#include "util/strmap.h"
#include "util/vec.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct mf_custody_gen_mem {
    struct arena arena;
    const char **site_id; /* copies, by registry index */
    const char **lot_id;
    size_t cap_t, cap_i;
};

struct rng {
    uint64_t s;
};

static uint64_t rnd(struct rng *r)
{
    uint64_t z = (r->s += 0x9E3779B97F4A7C15ull);

    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

static double unif(struct rng *r)
{
    return (double)(rnd(r) >> 11) / 9007199254740992.0;
}

static double gauss(struct rng *r)
{
    double u = unif(r), v = unif(r);

    if (u < 1e-300)
        u = 1e-300;
    return sqrt(-2 * log(u)) * cos(6.283185307179586 * v);
}

#define LOAD_T 24.0
#define ROAD_KMH 45.0
#define CIRCUITY 1.3

/* The state of one generation. */
struct gen {
    struct mf_custody_gen *g;
    struct mf_custody_gen_mem *m;
    const struct mf_registry *reg;
    const struct mf_catalog *cat;
    struct rng r;
    double noise;
    const char *secret;
    size_t nt, nr, nv, ni;
    int64_t *arrive;     /* per ticket: when it reaches its destination */
    double *truth;       /* per ticket: tonnes on the truck */
    unsigned char *used; /* per ticket: 0 clean, else a fault took it (3
                            received elsewhere, 4 turned away, 5 weighed
                            far off, 6 a forged document) */
    const char **rsite;  /* per ticket: the receipt's site when 3 */
    size_t cap_aux;
    size_t n_fresh; /* trucks of their own, for faults */
    const char *haulier[4];
    unsigned char *lot_status, *site_status;
    const struct mf_rule **lot_reason;
};

static int nomem(struct mf_error *err)
{
    return mf_error_set(err, MF_ENOMEM, "out of memory");
}

static const char *keep(struct gen *G, const char *s)
{
    return arena_strdup(&G->m->arena, s);
}

static const char *fmt_id(struct gen *G, const char *prefix, size_t n)
{
    char buf[48];

    snprintf(buf, sizeof buf, "%s%08zu", prefix, n);
    return keep(G, buf);
}

static double travel_s(const struct mf_registry *reg, int a, int b)
{
    double km = cust_site_km(reg, a, b);

    if (isnan(km))
        km = 0;
    return fmax(600, km * CIRCUITY / ROAD_KMH * 3600);
}

/* Room for one more ticket in the arrays beside the tickets. */
static int grow_aux(struct gen *G)
{
    size_t cap = G->cap_aux ? G->cap_aux * 2 : 1024;
    void *p;

    if (G->nt < G->cap_aux)
        return MF_OK;
    if (!(p = realloc(G->arrive, cap * sizeof *G->arrive)))
        return MF_ENOMEM;
    G->arrive = p;
    if (!(p = realloc(G->truth, cap * sizeof *G->truth)))
        return MF_ENOMEM;
    G->truth = p;
    if (!(p = realloc(G->used, cap * sizeof *G->used)))
        return MF_ENOMEM;
    G->used = p;
    if (!(p = realloc(G->rsite, cap * sizeof *G->rsite)))
        return MF_ENOMEM;
    G->rsite = p;
    G->cap_aux = cap;
    return MF_OK;
}

/* Adds a ticket with its truth; the receipt comes later. */
static struct mf_ticket *add_ticket(struct gen *G, int lot, int material,
                                    int orig, int dest, const char *vehicle,
                                    int64_t dep, struct mf_error *err)
{
    struct mf_custody_gen *g = G->g;
    const struct mf_lot *l = mf_registry_lot_at(G->reg, (size_t)lot);
    struct mf_ticket *t;
    double truth = LOAD_T * (0.9 + 0.2 * unif(&G->r)), u = unif(&G->r);

    if (vec_reserve(g->tickets, G->m->cap_t, G->nt + 1) || grow_aux(G)) {
        nomem(err);
        return NULL;
    }
    G->rsite[G->nt] = NULL;
    t = &g->tickets[G->nt];
    memset(t, 0, sizeof *t);
    t->id = fmt_id(G, "T", G->nt + 1);
    t->lot = G->m->lot_id[lot];
    t->origin = G->m->site_id[orig];
    t->destination = dest >= 0 ? G->m->site_id[dest] : NULL;
    t->haulier = G->haulier[rnd(&G->r) % 4];
    t->vehicle = vehicle;
    t->material = material >= 0 ? material : l->material;
    t->departed = dep;
    t->state = MF_STATE_T;
    t->quantity = round(truth * 100) / 100;
    if (u > 0.7) {
        enum mf_state st = u > 0.9 ? MF_STATE_ULM3 : MF_STATE_PFM3;
        double per = 0;

        if (mf_to_tonnes(G->cat, t->material, 1, st, &per, NULL) == MF_OK &&
            per > 0) {
            t->state = st;
            t->quantity = round(truth / per * 10) / 10;
            truth = t->quantity * per;
        }
    }
    if (G->secret) {
        char code[MF_CUSTODY_CODE_SIZE];

        t->code =
            mf_custody_code(t->id, G->secret, code) ? NULL : keep(G, code);
    }
    G->truth[G->nt] = truth;
    G->arrive[G->nt] = dep + (int64_t)travel_s(G->reg, orig, dest) +
                       (int64_t)(rnd(&G->r) % 600);
    G->used[G->nt] = 0;
    if (!t->id || (G->secret && !t->code)) {
        nomem(err);
        return NULL;
    }
    G->nt++;
    return t;
}

static const char *vehicle_name(struct gen *G, size_t lane, size_t slot)
{
    char buf[32];

    snprintf(buf, sizeof buf, "%c%c%zu%04zu", 'A' + (int)(lane / 26 % 26),
             'A' + (int)(lane % 26), lane / 676, slot);
    return keep(G, buf);
}

static const char *fresh_vehicle(struct gen *G)
{
    char buf[32];

    snprintf(buf, sizeof buf, "ZF%05zu", ++G->n_fresh);
    return keep(G, buf);
}

static int inject(struct gen *G, enum mf_custody_check c,
                  enum mf_custody_rec kind, const char *id,
                  struct mf_error *err)
{
    struct mf_custody_gen *g = G->g;
    struct mf_custody_finding *f;

    if (vec_reserve(g->injected, G->m->cap_i, G->ni + 1))
        return nomem(err);
    f = &g->injected[G->ni++];
    memset(f, 0, sizeof *f);
    f->check = c;
    f->kind = kind;
    f->id = id;
    return MF_OK;
}

/* ------------------------------------------------------------------ */
/* Clean loads along the plan                                           */
/* ------------------------------------------------------------------ */

struct lane {
    int lot, material, orig, dest;
    int32_t from, to; /* days */
    double tonnes;
};

static int lot_site(const struct mf_registry *reg, int lot)
{
    return mf_registry_index(reg, MF_ENT_SITE,
                             mf_registry_lot_at(reg, (size_t)lot)->site);
}

static int open_on(const struct mf_site *s, int32_t day)
{
    return (s->open_from == MF_DATE_NONE || day >= s->open_from) &&
           (s->open_to == MF_DATE_NONE || day <= s->open_to);
}

/* A surplus lot the plan sends to site s (of the material, when m >= 0):
 * the lot an onward load from storage or processing is counted to; -1. */
static int lot_into(const struct mf_plan *plan, int s, int m)
{
    size_t i;

    for (i = 0; i < plan->n_flows; i++) {
        const struct mf_flow *f = &plan->flows[i];

        if (f->from_kind == MF_END_SUPPLY && f->to == s && f->tonnes > 0 &&
            (f->to_kind == MF_END_STORAGE || f->to_kind == MF_END_PROCESSING) &&
            (m < 0 || f->material == m))
            return f->from;
    }
    return -1;
}

static int make_lane(const struct mf_registry *reg, const struct mf_plan *plan,
                     const struct mf_flow *f, struct lane *ln)
{
    const struct mf_lot *l;
    const struct mf_site *d, *o;

    if (f->mode != MF_MODE_TRUCK || !(f->tonnes > 0) || f->from < 0 ||
        f->to < 0)
        return 0;
    ln->material = f->material;
    switch (f->from_kind) {
    case MF_END_SUPPLY:
        ln->lot = f->from;
        ln->orig = lot_site(reg, f->from);
        break;
    case MF_END_STORAGE:
        ln->orig = f->from;
        ln->lot = lot_into(plan, f->from, f->material);
        break;
    case MF_END_PROCESSING:
        ln->orig = f->from;
        ln->lot = lot_into(plan, f->from, -1);
        break;
    default:
        return 0;
    }
    switch (f->to_kind) {
    case MF_END_DEMAND:
        ln->dest = lot_site(reg, f->to);
        break;
    case MF_END_STORAGE:
    case MF_END_PROCESSING:
    case MF_END_RECEIVING:
        ln->dest = f->to;
        break;
    default:
        return 0;
    }
    if (ln->lot < 0 || ln->orig < 0 || ln->dest < 0 || ln->orig == ln->dest)
        return 0;
    l = mf_registry_lot_at(reg, (size_t)ln->lot);
    d = mf_registry_site_at(reg, (size_t)ln->dest);
    o = mf_registry_site_at(reg, (size_t)ln->orig);
    ln->from = plan->periods.start[f->period];
    ln->to = plan->periods.start[f->period + 1] - 1;
    /* A lot's window binds its first legs; storage is there to bridge
     * it. */
    if (f->from_kind == MF_END_SUPPLY) {
        if (l->from != MF_DATE_NONE && l->from > ln->from)
            ln->from = l->from;
        if (l->to != MF_DATE_NONE && l->to < ln->to)
            ln->to = l->to;
    }
    if (d->open_from != MF_DATE_NONE && d->open_from > ln->from)
        ln->from = d->open_from;
    if (d->open_to != MF_DATE_NONE && d->open_to < ln->to)
        ln->to = d->open_to;
    if (o->open_from != MF_DATE_NONE && o->open_from > ln->from)
        ln->from = o->open_from;
    if (o->open_to != MF_DATE_NONE && o->open_to < ln->to)
        ln->to = o->open_to;
    ln->tonnes = f->tonnes;
    return ln->to >= ln->from;
}

static int clean_lane(struct gen *G, const struct lane *ln, size_t lane,
                      size_t n, struct mf_error *err)
{
    double trip = travel_s(G->reg, ln->orig, ln->dest);
    double cycle = 2 * trip + 1800;
    size_t days = (size_t)(ln->to - ln->from + 1), d, per_day, rest;
    size_t trips = cycle <= 12 * 3600 ? (size_t)(12 * 3600 / cycle) : 1;
    size_t rot = cycle <= 12 * 3600 ? 1 : (size_t)((cycle + 3600) / 86400) + 2;
    const char **names = NULL;
    size_t n_names = 0, cap_names = 0;

    per_day = n / days;
    rest = n % days;
    for (d = 0; d < days; d++) {
        size_t k = per_day + (d < rest ? 1 : 0), i;
        int32_t day = ln->from + (int32_t)d;

        for (i = 0; i < k; i++) {
            size_t slot = i / trips, q = i % trips;
            size_t name = slot * rot + (size_t)day % rot;
            int64_t dep = (int64_t)day * 86400 + 6 * 3600 +
                          (int64_t)(slot % 48) * 300 + (int64_t)(q * cycle) +
                          (int64_t)(rnd(&G->r) % 300);

            while (n_names <= name) {
                if (vec_reserve(names, cap_names, n_names + 1)) {
                    free(names);
                    return nomem(err);
                }
                names[n_names] = vehicle_name(G, lane, n_names);
                n_names++;
            }
            if (!add_ticket(G, ln->lot, ln->material, ln->orig, ln->dest,
                            names[name], dep, err)) {
                free(names);
                return MF_ENOMEM;
            }
        }
    }
    free(names);
    return MF_OK;
}

/* ------------------------------------------------------------------ */
/* Faults                                                               */
/* ------------------------------------------------------------------ */

/* A clean load no fault has taken, that has reached its destination
 * before `before`, drawn at random; -1 after many tries. */
static int64_t pick(struct gen *G, int64_t before,
                    int (*ok)(struct gen *, size_t, void *), void *ctx)
{
    int tries;

    for (tries = 0; tries < 20000 && G->nt > 0; tries++) {
        size_t i = (size_t)(rnd(&G->r) % G->nt);

        if (G->used[i] || G->arrive[i] >= before || G->g->tickets[i].corrects)
            continue;
        if (ok && !ok(G, i, ctx))
            continue;
        G->used[i] = 1;
        return (int64_t)i;
    }
    return -1;
}

static int t_lot(struct gen *G, size_t i)
{
    return mf_registry_index(G->reg, MF_ENT_LOT, G->g->tickets[i].lot);
}

static int t_site(struct gen *G, const char *id)
{
    return mf_registry_index(G->reg, MF_ENT_SITE, id);
}

/* Would site s take ticket i's load cleanly on its day (open, not
 * refused, no hazard, the flow rules allow it) and take the material
 * (want_take) or not? */
static int site_fits(struct gen *G, size_t i, int s, int want_take,
                     int want_hazard)
{
    const struct mf_site *site = mf_registry_site_at(G->reg, (size_t)s);
    const struct mf_ticket *t = &G->g->tickets[i];
    const struct mf_lot *l = mf_registry_lot_at(G->reg, (size_t)t_lot(G, i));
    int32_t day = cust_day_of(t->departed);
    int takes = 0, j, hazard;
    const struct mf_rule *rule;

    if (site->kind != MF_SITE_RECEIVING && site->kind != MF_SITE_STORAGE &&
        site->kind != MF_SITE_PROCESSING)
        return 0;
    int o = t_site(G, t->origin);
    int from_plant = o >= 0 && mf_registry_site_at(G->reg, (size_t)o)->kind ==
                                   MF_SITE_PROCESSING;

    for (j = 0; j < site->n_materials; j++)
        if (site->materials[j] == t->material ||
            (from_plant && site->materials[j] == l->material))
            takes = 1;
    hazard = (site->restrictions & (MF_RESTR_QUICK_CLAY | MF_RESTR_FLOOD)) != 0;
    return takes == want_take && hazard == want_hazard &&
           G->site_status[s] != MF_SEV_REFUSE && open_on(site, day) &&
           open_on(site, cust_day_of(G->arrive[i] + 6 * 3600)) &&
           mf_flow_allowed(G->reg, l, NULL, site, day, &rule) &&
           (site->kind != MF_SITE_RECEIVING || site->capacity_t < 0);
}

/* Moves load i to site s on a truck of its own, arriving no faster than
 * the road allows. */
static void redirect(struct gen *G, size_t i, int s)
{
    struct mf_ticket *t = &G->g->tickets[i];
    int o = t_site(G, t->origin);

    t->destination = G->m->site_id[s];
    t->vehicle = fresh_vehicle(G);
    G->arrive[i] = t->departed + (int64_t)travel_s(G->reg, o, s) + 600;
}

struct pair {
    int s;
};

static int ok_material(struct gen *G, size_t i, void *ctx)
{
    size_t ns = mf_registry_count(G->reg, MF_ENT_SITE), s;
    struct pair *p = ctx;

    for (s = 0; s < ns; s++)
        if (site_fits(G, i, (int)s, 0, 0)) {
            p->s = (int)s;
            return 1;
        }
    return 0;
}

static int ok_hazard(struct gen *G, size_t i, void *ctx)
{
    size_t ns = mf_registry_count(G->reg, MF_ENT_SITE), s;
    struct pair *p = ctx;

    for (s = 0; s < ns; s++)
        if (site_fits(G, i, (int)s, 1, 1)) {
            p->s = (int)s;
            return 1;
        }
    return 0;
}

static int ok_far(struct gen *G, size_t i, void *ctx)
{
    const struct mf_ticket *t = &G->g->tickets[i];
    double km =
        cust_site_km(G->reg, t_site(G, t->origin), t_site(G, t->destination));

    (void)ctx;
    return !isnan(km) && km > 3;
}

static int ok_other_site(struct gen *G, size_t i, void *ctx)
{
    size_t ns = mf_registry_count(G->reg, MF_ENT_SITE), s;
    struct pair *p = ctx;
    int d = t_site(G, G->g->tickets[i].destination);

    /* A site that no capacity is counted at: a project or storage. */
    for (s = 0; s < ns; s++) {
        const struct mf_site *site = mf_registry_site_at(G->reg, s);

        if ((int)s != d &&
            (site->kind == MF_SITE_PROJECT || site->kind == MF_SITE_STORAGE)) {
            p->s = (int)s;
            return 1;
        }
    }
    return 0;
}

static int ok_lot_window(struct gen *G, size_t i, void *ctx)
{
    const struct mf_ticket *t = &G->g->tickets[i];
    const struct mf_lot *l = mf_registry_lot_at(G->reg, (size_t)t_lot(G, i));
    const struct mf_site *d =
        mf_registry_site_at(G->reg, (size_t)t_site(G, t->destination));

    int ls = lot_site(G->reg, t_lot(G, i));

    (void)ctx;
    return ls >= 0 && t->origin == G->m->site_id[ls] &&
           l->from != MF_DATE_NONE && open_on(d, l->from - 3) &&
           open_on(d, l->from - 2);
}

/* Loads of lot `lot` to site `s` on fresh trucks, on days of the lot's
 * window before as_of, `n` of them, or until `until` tonnes are weighed
 * there (n = 0). */
static int extra_loads(struct gen *G, int lot, int s, size_t n, double until,
                       double base, int64_t as_of, struct mf_error *err)
{
    const struct mf_lot *l = mf_registry_lot_at(G->reg, (size_t)lot);
    int o = lot_site(G->reg, lot);
    int32_t from = l->from, to = l->to, last = cust_day_of(as_of) - 3;
    double sum = base;
    size_t k;

    if (from == MF_DATE_NONE || to == MF_DATE_NONE || o < 0)
        return MF_ENOTFOUND;
    if (to > last)
        to = last;
    if (to < from)
        return MF_ENOTFOUND;
    for (k = 0; n ? k < n : sum <= until; k++) {
        int32_t day = from + (int32_t)(k % (size_t)(to - from + 1));
        int64_t dep = (int64_t)day * 86400 + 7 * 3600 + (int64_t)(k % 60) * 60;
        struct mf_ticket *t =
            add_ticket(G, lot, -1, o, s, fresh_vehicle(G), dep, err);

        if (!t)
            return MF_ENOMEM;
        G->used[G->nt - 1] = 1;
        sum += G->truth[G->nt - 1];
        if (k > 5000)
            return MF_ENOTFOUND;
    }
    return MF_OK;
}

/* A receiving site with a capacity that takes lot `lot`'s material;
 * -1. */
static int small_site(struct gen *G, int lot)
{
    const struct mf_lot *l = mf_registry_lot_at(G->reg, (size_t)lot);
    size_t ns = mf_registry_count(G->reg, MF_ENT_SITE), s;
    int j;

    for (s = 0; s < ns; s++) {
        const struct mf_site *site = mf_registry_site_at(G->reg, s);

        if (site->kind != MF_SITE_RECEIVING || site->capacity_t < 0 ||
            site->capacity_t > 5000 || site->intake_t > 0 ||
            G->site_status[s] == MF_SEV_REFUSE ||
            (site->restrictions & (MF_RESTR_QUICK_CLAY | MF_RESTR_FLOOD)))
            continue;
        for (j = 0; j < site->n_materials; j++)
            if (site->materials[j] == l->material && open_on(site, l->from) &&
                open_on(site, l->to))
                return (int)s;
    }
    return -1;
}

/* A receiving site without a capacity that takes the material; -1. */
static int open_site(struct gen *G, int lot)
{
    const struct mf_lot *l = mf_registry_lot_at(G->reg, (size_t)lot);
    size_t ns = mf_registry_count(G->reg, MF_ENT_SITE), s;
    const struct mf_rule *rule;
    int j;

    for (s = 0; s < ns; s++) {
        const struct mf_site *site = mf_registry_site_at(G->reg, s);

        if (site->kind != MF_SITE_RECEIVING || site->capacity_t >= 0 ||
            G->site_status[s] == MF_SEV_REFUSE ||
            (site->restrictions & (MF_RESTR_QUICK_CLAY | MF_RESTR_FLOOD)) ||
            !mf_flow_allowed(G->reg, l, NULL, site, l->from, &rule))
            continue;
        for (j = 0; j < site->n_materials; j++)
            if (site->materials[j] == l->material && open_on(site, l->from) &&
                open_on(site, l->to))
                return (int)s;
    }
    return -1;
}

static int faults(struct gen *G, int per_check, int64_t as_of,
                  struct mf_error *err)
{
    struct mf_custody_gen *g = G->g;
    int64_t before = as_of - 48 * 3600;
    size_t nl = mf_registry_count(G->reg, MF_ENT_LOT), l;
    int k, rc;

    for (k = 0; k < per_check; k++) {
        struct pair p = {-1};
        int64_t i;

        /* Unreceived: its receipt is never written (rc below). */
        if ((i = pick(G, before, NULL, NULL)) >= 0) {
            G->arrive[i] = INT64_MAX;
            if ((rc = inject(G, MF_CHK_UNRECEIVED, MF_CREC_TICKET,
                             g->tickets[i].id, err)))
                return rc;
        }
        /* Received at another site than the ticket names. */
        if ((i = pick(G, before, ok_other_site, &p)) >= 0) {
            g->tickets[i].vehicle = fresh_vehicle(G);
            G->arrive[i] += 3 * 3600;
            G->used[i] = 3;
            G->rsite[i] = G->m->site_id[p.s];
            if ((rc = inject(G, MF_CHK_WRONG_SITE, MF_CREC_RECEIPT,
                             fmt_id(G, "R", (size_t)i + 1), err)))
                return rc;
        }
        if ((i = pick(G, before, ok_material, &p)) >= 0) {
            redirect(G, (size_t)i, p.s);
            G->used[i] = 4; /* turned away at the gate */
            if ((rc = inject(G, MF_CHK_DEST_MATERIAL, MF_CREC_TICKET,
                             g->tickets[i].id, err)))
                return rc;
        }
        if ((i = pick(G, before, NULL, NULL)) >= 0) {
            char buf[32];

            snprintf(buf, sizeof buf, "unregistered-%d", k + 1);
            g->tickets[i].destination = keep(G, buf);
            g->tickets[i].vehicle = fresh_vehicle(G);
            if ((rc = inject(G, MF_CHK_DEST_PERMIT, MF_CREC_TICKET,
                             g->tickets[i].id, err)))
                return rc;
        }
        if ((i = pick(G, before, ok_hazard, &p)) >= 0) {
            redirect(G, (size_t)i, p.s);
            if ((rc = inject(G, MF_CHK_DEST_HAZARD, MF_CREC_TICKET,
                             g->tickets[i].id, err)))
                return rc;
        }
        if ((i = pick(G, before, ok_far, NULL)) >= 0) {
            G->arrive[i] = g->tickets[i].departed + 60;
            if ((rc = inject(G, MF_CHK_VEHICLE_SPEED, MF_CREC_TICKET,
                             g->tickets[i].id, err)))
                return rc;
        }
        if ((i = pick(G, before, NULL, NULL)) >= 0) {
            struct mf_ticket a = g->tickets[i];
            int o = t_site(G, a.origin), d = t_site(G, a.destination);
            int64_t dep = a.departed + (G->arrive[i] - a.departed) / 2;
            struct mf_ticket *t = add_ticket(G, t_lot(G, (size_t)i), a.material,
                                             o, d, a.vehicle, dep, err);

            if (!t)
                return MF_ENOMEM;
            G->used[G->nt - 1] = 1;
            if ((rc = inject(G, MF_CHK_VEHICLE_CLASH, MF_CREC_TICKET, t->id,
                             err)))
                return rc;
        }
        if ((i = pick(G, before, ok_lot_window, NULL)) >= 0) {
            const struct mf_lot *lt =
                mf_registry_lot_at(G->reg, (size_t)t_lot(G, (size_t)i));
            int64_t shift =
                (int64_t)(lt->from - 2 - cust_day_of(g->tickets[i].departed)) *
                86400;

            g->tickets[i].departed += shift;
            G->arrive[i] += shift;
            g->tickets[i].vehicle = fresh_vehicle(G);
            if ((rc = inject(G, MF_CHK_WINDOW, MF_CREC_TICKET, g->tickets[i].id,
                             err)))
                return rc;
        }
        if ((i = pick(G, before, NULL, NULL)) >= 0) {
            G->truth[i] = G->truth[i] * 1.3 + 1;
            G->used[i] = 5; /* weighed as the truth, declared as before */
            if ((rc = inject(G, MF_CHK_WEIGHT, MF_CREC_TICKET, g->tickets[i].id,
                             err)))
                return rc;
        }
        /* A receipt for a ticket nobody wrote: added with the receipts. */
        if ((rc = inject(G, MF_CHK_NO_TICKET, MF_CREC_RECEIPT,
                         fmt_id(G, "RX", (size_t)k + 1), err)))
            return rc;
        /* A forged document number on a load. */
        if ((i = pick(G, before, NULL, NULL)) >= 0) {
            G->used[i] = 6;
            if ((rc = inject(G, MF_CHK_DOC_OVERUSE, MF_CREC_TICKET,
                             g->tickets[i].id, err)))
                return rc;
        }
    }

    /* Kinds the registry must offer: a refused lot that ships, a site
     * past its capacity; one of each per refused lot or small site, up to
     * per_check. */
    k = 0;
    for (l = 0; l < nl && k < per_check; l++) {
        const struct mf_lot *lt = mf_registry_lot_at(G->reg, l);
        int s;

        if (lt->kind != MF_LOT_SUPPLY || G->lot_status[l] != MF_SEV_REFUSE ||
            lot_site(G->reg, (int)l) < 0)
            continue;
        s = open_site(G, (int)l);
        if (s < 0)
            continue;
        rc = extra_loads(G, (int)l, s, 2, 0, 0, as_of, err);
        if (rc == MF_ENOMEM)
            return rc;
        if (rc)
            continue;
        if ((rc = inject(G, MF_CHK_LOT_REFUSED, MF_CREC_LOT, G->m->lot_id[l],
                         err)))
            return rc;
        k++;
    }
    k = 0;
    for (l = 0; l < nl && k < per_check; l++) {
        const struct mf_lot *lt = mf_registry_lot_at(G->reg, l);
        int s;
        double base = 0;
        size_t j;

        if (lt->kind != MF_LOT_SUPPLY || G->lot_status[l] == MF_SEV_REFUSE ||
            lot_site(G->reg, (int)l) < 0 || lt->plant_health != MF_PH_NONE ||
            (lt->restrictions & MF_RESTR_ALIEN))
            continue;
        s = small_site(G, (int)l);
        if (s < 0)
            continue;
        for (j = 0; j < G->nt; j++)
            if (G->g->tickets[j].destination == G->m->site_id[s])
                base += G->truth[j];
        rc = extra_loads(G, (int)l, s, 0,
                         mf_registry_site_at(G->reg, (size_t)s)->capacity_t,
                         base, as_of, err);
        if (rc == MF_ENOMEM)
            return rc;
        if (rc)
            continue;
        if ((rc = inject(G, MF_CHK_DEST_CAPACITY, MF_CREC_SITE,
                         G->m->site_id[s], err)))
            return rc;
        k++;
        break; /* one site past its capacity is enough */
    }
    return MF_OK;
}

/* ------------------------------------------------------------------ */
/* Receipts, documents, vehicles                                        */
/* ------------------------------------------------------------------ */

static int finish(struct gen *G, int per_check, int64_t as_of,
                  struct mf_error *err)
{
    struct mf_custody_gen *g = G->g;
    size_t nl = mf_registry_count(G->reg, MF_ENT_LOT), i;
    double *lot_t = calloc(nl + 1, sizeof *lot_t);
    double *lot_before = calloc(nl + 1, sizeof *lot_before);
    int *doc_of = malloc((nl + 1) * sizeof *doc_of);
    size_t nd = 0, cap_d = 0, cap_v = 0;
    int over_done = 0, foreign_done = 0, k, rc = MF_OK;
    struct strmap vm;

    strmap_init(&vm);
    if (!lot_t || !lot_before || !doc_of) {
        rc = nomem(err);
        goto done;
    }
    g->receipts = malloc((G->nt + (size_t)per_check + 1) * sizeof *g->receipts);
    if (!g->receipts) {
        rc = nomem(err);
        goto done;
    }
    for (i = 0; i < G->nt; i++) {
        struct mf_ticket *t = &g->tickets[i];
        struct mf_receipt *r;
        double truth = fabs(G->truth[i]);
        double w;

        if (G->arrive[i] > as_of)
            continue;
        r = &g->receipts[G->nr++];
        memset(r, 0, sizeof *r);
        r->id = fmt_id(G, "R", i + 1);
        r->ticket = t->id;
        r->arrived = G->arrive[i];
        w = truth * (1 + G->noise * fmax(-2.5, fmin(2.5, gauss(&G->r))));
        if (G->used[i] == 5)
            w = truth;
        r->weighed_t = round(w * 100) / 100;
        r->status = MF_RECEIPT_ACCEPTED;
        if (G->used[i] == 3)
            r->site = G->rsite[i];
        if (G->used[i] == 4) {
            r->status = MF_RECEIPT_REJECTED;
            r->reason = "the site does not take this material";
        }
        if (!r->id) {
            rc = nomem(err);
            goto done;
        }
    }
    for (k = 0; k < per_check; k++) {
        struct mf_receipt *r = &g->receipts[G->nr++];
        char buf[32];

        memset(r, 0, sizeof *r);
        r->id = fmt_id(G, "RX", (size_t)k + 1);
        snprintf(buf, sizeof buf, "T-NONE-%d", k + 1);
        r->ticket = keep(G, buf);
        r->site = g->tickets[0].destination;
        r->arrived = as_of - 3600 * (k + 5);
        r->weighed_t = 23.5;
        r->status = MF_RECEIPT_ACCEPTED;
    }

    /* One document per lot, covering its loads with 2 % and 60 t to
     * spare; then the faults on documents. */
    for (i = 0; i < nl; i++)
        doc_of[i] = -1;
    for (i = 0; i < G->nt; i++) {
        int l = t_lot(G, i);
        double per = 1;

        mf_to_tonnes(G->cat, g->tickets[i].material, 1, g->tickets[i].state,
                     &per, NULL);
        lot_t[l] += g->tickets[i].quantity * per;
        if (g->tickets[i].departed <= as_of)
            lot_before[l] += g->tickets[i].quantity * per;
        if (doc_of[l] < 0) {
            struct mf_quality_doc *q;
            const char **lots;
            char text[160], hash[65];

            if (vec_reserve(g->docs, cap_d, nd + 1)) {
                rc = nomem(err);
                goto done;
            }
            q = &g->docs[nd];
            memset(q, 0, sizeof *q);
            snprintf(text, sizeof text, "Q-%s", G->m->lot_id[l]);
            q->id = keep(G, text);
            snprintf(text, sizeof text,
                     "Miljøteknisk rapport, lot %s, condition class 1",
                     G->m->lot_id[l]);
            q->sha256 =
                mf_sha256_hex(text, strlen(text), hash) ? NULL : keep(G, hash);
            lots = arena_alloc(&G->m->arena, sizeof *lots);
            if (!lots || !q->id || !q->sha256) {
                rc = nomem(err);
                goto done;
            }
            lots[0] = G->m->lot_id[l];
            q->lots = lots;
            q->n_lots = 1;
            q->issued = cust_day_of(g->tickets[i].departed) - 30;
            doc_of[l] = (int)nd++;
        }
        g->tickets[i].quality_doc = g->docs[doc_of[l]].id;
    }
    for (i = 0; i < nl; i++)
        if (doc_of[i] >= 0)
            g->docs[doc_of[i]].tonnes = ceil(lot_t[i] * 1.02 + 60);
    for (i = 0; i < G->nt; i++)
        if (G->used[i] == 6) {
            char buf[32];

            snprintf(buf, sizeof buf, "Q-FORGED-%zu", i + 1);
            g->tickets[i].quality_doc = keep(G, buf);
        }
    /* A document used beyond its tonnes, and one used for another lot's
     * load, up to per_check each, on documents of their own. The checks
     * see only the loads that left by as_of: the document covers half of
     * what its lot sent by then, and the foreign load left by then. */
    for (k = 0; k < (int)nd && over_done + foreign_done < 2 * per_check; k++) {
        struct mf_quality_doc *q = &g->docs[k];
        double before = 0;

        for (i = 0; i < nl; i++)
            if (doc_of[i] == k)
                before = lot_before[i];
        /* As the document would cover the loads up to as_of: as
         * before, then halved. */
        before = ceil(before * 1.02 + 60);
        if (over_done < per_check && before > 200) {
            q->tonnes = floor((before - 60) / 1.02 / 2);
            over_done++;
            if ((rc = inject(G, MF_CHK_DOC_OVERUSE, MF_CREC_DOC, q->id, err)))
                goto done;
        } else if (foreign_done < per_check) {
            /* A clean load of another lot travels under q. */
            for (i = 0; i < G->nt; i++)
                if (!G->used[i] && g->tickets[i].quality_doc != q->id &&
                    g->tickets[i].departed <= as_of &&
                    strcmp(g->tickets[i].lot, q->lots[0])) {
                    g->tickets[i].quality_doc = q->id;
                    G->used[i] = 1;
                    break;
                }
            if (i == G->nt)
                continue;
            foreign_done++;
            if ((rc = inject(G, MF_CHK_DOC_OVERUSE, MF_CREC_DOC, q->id, err)))
                goto done;
        }
    }

    /* The vehicle register: every truck once, with its haulier. */
    for (i = 0; i < G->nt; i++) {
        struct mf_vehicle *v;

        if (strmap_get(&vm, g->tickets[i].vehicle) >= 0)
            continue;
        if (vec_reserve(g->vehicles, cap_v, G->nv + 1) ||
            strmap_put(&vm, g->tickets[i].vehicle, (int)G->nv)) {
            rc = nomem(err);
            goto done;
        }
        v = &g->vehicles[G->nv++];
        memset(v, 0, sizeof *v);
        v->registration = g->tickets[i].vehicle;
        v->haulier = g->tickets[i].haulier;
        v->payload_t = 32;
    }
done:
    strmap_free(&vm);
    free(lot_t);
    free(lot_before);
    free(doc_of);
    g->data.docs = g->docs;
    g->data.n_docs = nd;
    return rc;
}

/* ------------------------------------------------------------------ */
/* The entry points                                                     */
/* ------------------------------------------------------------------ */

void mf_custody_gen_free(struct mf_custody_gen *g)
{
    if (!g)
        return;
    free(g->tickets);
    free(g->receipts);
    free(g->docs);
    free(g->vehicles);
    free(g->injected);
    if (g->mem) {
        arena_free(&g->mem->arena);
        free(g->mem->site_id);
        free(g->mem->lot_id);
        free(g->mem);
    }
    free(g);
}

static int cmp_inj(const void *a, const void *b)
{
    const struct mf_custody_finding *p = a, *q = b;

    if (p->check != q->check)
        return p->check < q->check ? -1 : 1;
    return strcmp(p->id, q->id);
}

int mf_custody_generate(const struct mf_registry *reg,
                        const struct mf_plan *plan,
                        const struct mf_custody_gen_opts *opts,
                        struct mf_custody_gen **out, struct mf_error *err)
{
    struct mf_custody_gen_opts dflt = MF_CUSTODY_GEN_OPTS_INIT;
    const struct mf_custody_gen_opts *o = opts ? opts : &dflt;
    struct gen G;
    struct lane *lanes = NULL;
    size_t n_lanes = 0, i, nl = mf_registry_count(reg, MF_ENT_LOT);
    size_t ns = mf_registry_count(reg, MF_ENT_SITE);
    double total = 0, carry = 0, scale;
    int64_t as_of = INT64_MIN;
    int rc = MF_OK;

    *out = NULL;
    memset(&G, 0, sizeof G);
    if (!plan || plan->n_flows == 0)
        return mf_error_set(err, MF_EINVAL,
                            "the generator follows a plan: solve one first");
    G.reg = reg;
    G.cat = mf_registry_catalog(reg);
    G.r.s = o->seed;
    G.noise = o->noise;
    G.secret = o->secret;
    G.haulier[0] = "971032081";
    G.haulier[1] = "917082308";
    G.haulier[2] = "974760673";
    G.haulier[3] = "983887406";
    G.g = calloc(1, sizeof *G.g);
    G.m = calloc(1, sizeof *G.m);
    if (!G.g || !G.m) {
        free(G.g);
        free(G.m);
        return nomem(err);
    }
    G.g->mem = G.m;
    arena_init(&G.m->arena, 1 << 20);
    G.m->site_id = calloc(ns + 1, sizeof *G.m->site_id);
    G.m->lot_id = calloc(nl + 1, sizeof *G.m->lot_id);
    lanes = malloc((plan->n_flows + 1) * sizeof *lanes);
    if (!G.m->site_id || !G.m->lot_id || !lanes) {
        rc = nomem(err);
        goto done;
    }
    for (i = 0; i < ns; i++)
        if (!(G.m->site_id[i] = keep(&G, mf_registry_site_at(reg, i)->id))) {
            rc = nomem(err);
            goto done;
        }
    for (i = 0; i < nl; i++)
        if (!(G.m->lot_id[i] = keep(&G, mf_registry_lot_at(reg, i)->id))) {
            rc = nomem(err);
            goto done;
        }
    rc = mf_registry_status(reg, MF_DATE_NONE, &G.lot_status, &G.lot_reason,
                            &G.site_status, err);
    if (rc)
        goto done;

    for (i = 0; i < plan->n_flows; i++)
        if (make_lane(reg, plan, &plan->flows[i], &lanes[n_lanes]) &&
            G.lot_status[lanes[n_lanes].lot] != MF_SEV_REFUSE) {
            total += lanes[n_lanes].tonnes;
            n_lanes++;
        }
    if (total <= 0) {
        rc = mf_error_set(err, MF_EINVAL,
                          "the plan moves no surplus by truck between sites");
        goto done;
    }
    scale = (double)o->n_tickets * LOAD_T / total;
    for (i = 0; i < n_lanes; i++) {
        double want = lanes[i].tonnes * scale / LOAD_T + carry;
        size_t n = (size_t)floor(want);

        carry = want - (double)n;
        if (n && (rc = clean_lane(&G, &lanes[i], i, n, err)))
            goto done;
    }
    for (i = 0; i < G.nt; i++)
        if (G.g->tickets[i].departed > as_of)
            as_of = G.g->tickets[i].departed;
    as_of = o->as_of != MF_TIME_NONE ? o->as_of : as_of + 3600;
    if (o->faults_per_check > 0 &&
        (rc = faults(&G, o->faults_per_check, as_of, err)))
        goto done;
    if ((rc = finish(&G, o->faults_per_check, as_of, err)))
        goto done;
    if (G.ni > 1)
        qsort(G.g->injected, G.ni, sizeof *G.g->injected, cmp_inj);
    G.g->n_injected = G.ni;
    G.g->as_of = as_of;
    G.g->data.tickets = G.g->tickets;
    G.g->data.n_tickets = G.nt;
    G.g->data.receipts = G.g->receipts;
    G.g->data.n_receipts = G.nr;
    G.g->data.vehicles = G.g->vehicles;
    G.g->data.n_vehicles = G.nv;
    *out = G.g;
    G.g = NULL;

done:
    free(lanes);
    free(G.arrive);
    free(G.truth);
    free(G.used);
    free(G.rsite);
    free(G.lot_status);
    free(G.lot_reason);
    free(G.site_status);
    mf_custody_gen_free(G.g);
    return rc;
}

int mf_custody_gen_fixtures(struct mf_registry *reg, struct mf_error *err)
{
    size_t nl = mf_registry_count(reg, MF_ENT_LOT), i;
    const struct mf_lot *src = NULL;
    const struct mf_site *home;
    struct mf_site s;
    struct mf_lot l;
    int mat;

    for (i = 0; i < nl && !src; i++) {
        const struct mf_lot *x = mf_registry_lot_at(reg, i);

        if (x->kind == MF_LOT_SUPPLY && x->site && x->material >= 0 &&
            x->from != MF_DATE_NONE && x->to != MF_DATE_NONE &&
            x->plant_health == MF_PH_NONE &&
            !(x->restrictions & MF_RESTR_ALIEN))
            src = x;
    }
    if (!src)
        return mf_error_set(err, MF_ENOTFOUND,
                            "no supply lot with a site and a window");
    home = mf_registry_site(reg, src->site);
    if (!home)
        return mf_error_set(err, MF_ENOTFOUND,
                            "site '%s' of lot '%s' is "
                            "not in the registry",
                            src->site, src->id);
    mat = src->material;
    l = *src;
    s = *home;
    /* Copies of what put may move: the records are re-read after. */
    memset(&s, 0, sizeof s);
    s.name = "Generated: receiving site in a quick-clay zone";
    s.id = "gen-hazard";
    s.kind = MF_SITE_RECEIVING;
    s.municipality = home->municipality;
    s.loc = home->loc;
    s.loc.lat += 0.05;
    s.loc.y = s.loc.epsg == 4326 || s.loc.epsg == 4258 ? s.loc.lat : s.loc.y;
    s.open_from = s.open_to = MF_DATE_NONE;
    s.materials = &mat;
    s.n_materials = 1;
    s.product = -1;
    s.capacity = -1;
    s.capacity_t = -1;
    s.restrictions = MF_RESTR_QUICK_CLAY;
    s.note = "made by mf_custody_gen_fixtures for injected faults";
    if (mf_registry_put_site(reg, &s))
        return nomem(err);
    s.id = "gen-small";
    s.name = "Generated: receiving site with 300 t left";
    s.loc.lat -= 0.1;
    s.loc.y = s.loc.epsg == 4326 || s.loc.epsg == 4258 ? s.loc.lat : s.loc.y;
    s.restrictions = 0;
    s.capacity = 300;
    s.capacity_state = MF_STATE_T;
    s.capacity_t = 300;
    if (mf_registry_put_site(reg, &s))
        return nomem(err);
    s.id = "gen-open";
    s.name = "Generated: receiving site with no stated capacity";
    s.loc.lat -= 0.05;
    s.loc.y = s.loc.epsg == 4326 || s.loc.epsg == 4258 ? s.loc.lat : s.loc.y;
    s.capacity = -1;
    s.capacity_state = MF_STATE_NONE;
    s.capacity_t = -1;
    if (mf_registry_put_site(reg, &s))
        return nomem(err);
    l.id = "gen-refused";
    l.condition_class = 4;
    l.note = "made by mf_custody_gen_fixtures: condition class 4, refused";
    if (mf_registry_put_lot(reg, &l))
        return nomem(err);
    return MF_OK;
}
