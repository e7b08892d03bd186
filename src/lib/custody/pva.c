/*
 * pva.c - plan against actual: the plan's flows beside what the tickets
 * moved, between the same places and in the same periods, and the
 * indicators (reuse rate, truck-km, CO2e) as planned and as they
 * happened.
 *
 * Places are sites: a lot's flows count at its site (the lot itself when
 * it has none). The periods are the plan's, so that a planned and an
 * actual figure always cover the same days; without a plan they come
 * from opts and the tickets as in the balance.
 */
#include "masseflyt/custody.h"

#include "custody/custody_int.h"
#include "geo/distance.h"
#include "masseflyt/plan.h"
#include "util/vec.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* A place: a registry site index, or -(lot + 2) for a lot with no site. */
static int lot_place(const struct mf_registry *reg, int lot)
{
    const struct mf_lot *l = mf_registry_lot_at(reg, (size_t)lot);
    int s = mf_registry_index(reg, MF_ENT_SITE, l->site);

    return s >= 0 ? s : -(lot + 2);
}

static const char *place_id(const struct mf_registry *reg, int p)
{
    return p >= 0 ? mf_registry_site_at(reg, (size_t)p)->id
                  : mf_registry_lot_at(reg, (size_t)(-p - 2))->id;
}

static int flow_end(const struct mf_registry *reg, enum mf_end_kind k, int i)
{
    if (i < 0)
        return INT32_MIN;
    switch (k) {
    case MF_END_SUPPLY:
    case MF_END_DEMAND:
        return lot_place(reg, i);
    case MF_END_STORAGE:
    case MF_END_PROCESSING:
    case MF_END_RECEIVING:
    case MF_END_QUARRY:
        return i;
    default:
        return INT32_MIN;
    }
}

struct fkey {
    int from, to, material, period;
};

struct ftab {
    struct fkey *k;
    int32_t *v; /* index into flows + 1; 0 empty */
    size_t mask;
};

static size_t fhash(const struct fkey *k)
{
    uint64_t h = (uint64_t)(uint32_t)k->from * 0x9E3779B97F4A7C15ull;

    h ^= (uint64_t)(uint32_t)k->to * 0xC2B2AE3D27D4EB4Full;
    h ^= (uint64_t)(uint32_t)k->material * 0x165667B19E3779F9ull;
    h ^= (uint64_t)(uint32_t)k->period * 0x27D4EB2F165667C5ull;
    return (size_t)(h ^ (h >> 29));
}

struct pva_b {
    struct mf_custody_pva *p;
    size_t cap;
    struct ftab t;
    const struct mf_registry *reg;
};

static int grow(struct pva_b *b);

static struct mf_custody_flow *flow_at(struct pva_b *b, int from, int to,
                                       int material, int period)
{
    struct fkey k = {from, to, material, period};
    size_t h;

    if ((b->p->n_flows + 1) * 2 > b->t.mask + 1 && grow(b))
        return NULL;
    h = fhash(&k) & b->t.mask;
    while (b->t.v[h]) {
        if (!memcmp(&b->t.k[h], &k, sizeof k))
            return &b->p->flows[b->t.v[h] - 1];
        h = (h + 1) & b->t.mask;
    }
    if (vec_reserve(b->p->flows, b->cap, b->p->n_flows + 1))
        return NULL;
    b->t.k[h] = k;
    b->t.v[h] = (int32_t)++b->p->n_flows;
    {
        struct mf_custody_flow *f = &b->p->flows[b->p->n_flows - 1];

        memset(f, 0, sizeof *f);
        f->from = place_id(b->reg, from);
        f->to = place_id(b->reg, to);
        f->material = material;
        f->period = period;
        return f;
    }
}

static int grow(struct pva_b *b)
{
    size_t cap = b->t.mask ? (b->t.mask + 1) * 2 : 1024, i;
    struct ftab n;

    n.k = malloc(cap * sizeof *n.k);
    n.v = calloc(cap, sizeof *n.v);
    n.mask = cap - 1;
    if (!n.k || !n.v) {
        free(n.k);
        free(n.v);
        return MF_ENOMEM;
    }
    for (i = 0; b->t.v && i <= b->t.mask; i++) {
        size_t h;

        if (!b->t.v[i])
            continue;
        h = fhash(&b->t.k[i]) & n.mask;
        while (n.v[h])
            h = (h + 1) & n.mask;
        n.k[h] = b->t.k[i];
        n.v[h] = b->t.v[i];
    }
    free(b->t.k);
    free(b->t.v);
    b->t = n;
    return MF_OK;
}

static int cmp_flow(const void *a, const void *b)
{
    const struct mf_custody_flow *p = a, *q = b;
    int c = strcmp(p->from, q->from);

    if (c)
        return c;
    c = strcmp(p->to, q->to);
    if (c)
        return c;
    if (p->material != q->material)
        return p->material < q->material ? -1 : 1;
    return (p->period > q->period) - (p->period < q->period);
}

void mf_custody_pva_free(struct mf_custody_pva *p)
{
    if (!p)
        return;
    mf_periods_free(&p->periods);
    free(p->flows);
    free(p->kpi);
    free(p);
}

static double municipality_detour(const void *ctx, const char *a, const char *b)
{
    return mf_detour_factor(ctx, a, b);
}

int mf_custody_plan_vs_actual(const struct mf_registry *reg,
                              const struct mf_custody_data *data,
                              const struct mf_custody_opts *opts,
                              struct mf_custody_pva **out, struct mf_error *err)
{
    struct mf_custody_opts dflt = MF_CUSTODY_OPTS_INIT;
    const struct mf_custody_opts *o = opts ? opts : &dflt;
    const struct mf_plan *plan = o->plan;
    const struct mf_factors *fx = o->factors;
    struct pva_b b = {0};
    struct distance_provider dp;
    struct cix x;
    int *truck = NULL, def_truck = -1, rc, wtw = 1;
    size_t i;
    int k;

    *out = NULL;
    rc = cix_build(&x, reg, data, o, err);
    if (rc)
        return rc;
    b.reg = reg;
    b.p = calloc(1, sizeof *b.p);
    if (!b.p || grow(&b)) {
        rc = mf_error_set(err, MF_ENOMEM, "out of memory");
        goto done;
    }
    if (plan && plan->periods.n > 0) {
        rc = mf_periods_make(&b.p->periods, plan->periods.kind,
                             plan->periods.start[0],
                             plan->periods.start[plan->periods.n] - 1, err);
    } else {
        int32_t lo = o->from, hi = o->to;

        if (lo == MF_DATE_NONE || hi == MF_DATE_NONE) {
            int32_t a = INT32_MAX, z = INT32_MIN;

            for (i = 0; i < x.nt; i++) {
                a = x.t[i].day < a ? x.t[i].day : a;
                z = x.t[i].day > z ? x.t[i].day : z;
            }
            if (x.nt == 0)
                a = z = cust_day_of(x.as_of);
            lo = lo == MF_DATE_NONE ? a : lo;
            hi = hi == MF_DATE_NONE ? z : hi;
        }
        rc = mf_periods_make(&b.p->periods, o->period, lo, hi, err);
    }
    if (rc)
        goto done;
    b.p->kpi = calloc((size_t)b.p->periods.n + 1, sizeof *b.p->kpi);
    if (!b.p->kpi) {
        rc = mf_error_set(err, MF_ENOMEM, "out of memory");
        goto done;
    }
    for (k = 0; k <= b.p->periods.n; k++)
        b.p->kpi[k].period = k - 1;

    /* Planned. */
    for (i = 0; plan && i < plan->n_flows; i++) {
        const struct mf_flow *f = &plan->flows[i];
        int from = flow_end(reg, f->from_kind, f->from);
        int to = flow_end(reg, f->to_kind, f->to);
        struct mf_custody_flow *cf;
        struct mf_custody_kpi *kp[2];
        int j;

        if (from == INT32_MIN || to == INT32_MIN || !(f->tonnes > 0))
            continue;
        cf = flow_at(&b, from, to, f->material, f->period);
        if (!cf) {
            rc = mf_error_set(err, MF_ENOMEM, "out of memory");
            goto done;
        }
        cf->planned_t += f->tonnes;
        kp[0] = &b.p->kpi[0];
        kp[1] = f->period >= 0 && f->period < b.p->periods.n
                    ? &b.p->kpi[f->period + 1]
                    : NULL;
        for (j = 0; j < 2; j++) {
            if (!kp[j])
                continue;
            kp[j]->planned_t += f->tonnes;
            if (f->to_kind == MF_END_DEMAND && f->from_kind != MF_END_QUARRY)
                kp[j]->reused_planned_t += f->tonnes;
            if (f->to_kind == MF_END_RECEIVING)
                kp[j]->landfilled_planned_t += f->tonnes;
            kp[j]->truck_km_planned += f->truck_km;
            kp[j]->co2e_planned_kg += f->co2e_transport_kg;
        }
    }

    /* Actual. */
    if (fx) {
        const char *code = mf_setting_text(fx, MF_SET_TRUCK);

        distance_provider_init(&dp, o->distances,
                               mf_setting_num(fx, MF_SET_CIRCUITY));
        if (mf_factors_n_detours(fx) > 0) {
            dp.detour = municipality_detour;
            dp.detour_ctx = fx;
        }
        def_truck = mf_truck_find(fx, code);
        wtw = mf_factors_wtw(fx);
        truck = malloc((x.n_vehicles + 1) * sizeof *truck);
        if (!truck) {
            rc = mf_error_set(err, MF_ENOMEM, "out of memory");
            goto done;
        }
        for (i = 0; i < x.n_vehicles; i++) {
            int r = x.veh_rec[i];
            const char *tc = r >= 0 ? data->vehicles[r].truck : NULL;
            int ti = tc ? mf_truck_find(fx, tc) : -1;

            truck[i] = ti >= 0 ? ti : def_truck;
        }
    }
    for (i = 0; i < x.nt; i++) {
        const struct cticket *t = &x.t[i];
        struct mf_ticket tbuf;
        struct mf_receipt rbuf;
        const struct mf_ticket *tk = cust_ticket(data, t->i, &tbuf);
        const struct mf_receipt *r =
            t->rc >= 0 ? cust_receipt(data, x.r[t->rc].i, &rbuf) : NULL;
        double dec = isnan(t->t) ? 0 : t->t, moved = 0, km = 0, co2 = 0;
        int p = mf_period_of(&b.p->periods, t->day);
        struct mf_custody_kpi *kp[2];
        const struct mf_site *ds =
            t->dest >= 0 ? mf_registry_site_at(reg, (size_t)t->dest) : NULL;
        const struct mf_site *os =
            t->orig >= 0 ? mf_registry_site_at(reg, (size_t)t->orig) : NULL;
        int j;

        if (!r)
            moved = dec;
        else if (r->status == MF_RECEIPT_ACCEPTED)
            moved = r->weighed_t >= 0 ? r->weighed_t : dec;
        if (t->orig >= 0 && t->dest >= 0) {
            struct mf_custody_flow *cf =
                flow_at(&b, t->orig, t->dest, tk->material, p);

            if (!cf) {
                rc = mf_error_set(err, MF_ENOMEM, "out of memory");
                goto done;
            }
            cf->moved_t += moved;
        }
        if (fx && os && ds) {
            double gc = mf_distance_km(os->loc.lon, os->loc.lat, ds->loc.lon,
                                       ds->loc.lat);
            int ti = t->veh >= 0 ? truck[t->veh] : def_truck;

            km = distance_road_km(&dp, os->id, ds->id, os->municipality,
                                  ds->municipality, gc);
            if (ti >= 0) {
                const struct mf_truck *tr = mf_truck_at(fx, ti);
                const struct mf_fuel *fu = mf_fuel_at(fx, tr->energy);

                co2 = (tr->use_loaded_per_km + tr->use_empty_per_km) * km *
                      (wtw ? fu->co2e_wtw_kg : fu->co2e_ttw_kg);
            }
        }
        kp[0] = &b.p->kpi[0];
        kp[1] = p >= 0 ? &b.p->kpi[p + 1] : NULL;
        for (j = 0; j < 2; j++) {
            if (!kp[j])
                continue;
            kp[j]->moved_t += moved;
            if (ds && ds->kind == MF_SITE_PROJECT &&
                (!os || os->kind != MF_SITE_QUARRY))
                kp[j]->reused_actual_t += moved;
            if (ds && ds->kind == MF_SITE_RECEIVING)
                kp[j]->landfilled_actual_t += moved;
            kp[j]->truck_km_actual += 2 * km;
            kp[j]->co2e_actual_kg += co2;
        }
    }
    for (k = 0; k <= b.p->periods.n; k++) {
        struct mf_custody_kpi *kp = &b.p->kpi[k];
        double dp_ = kp->reused_planned_t + kp->landfilled_planned_t;
        double da = kp->reused_actual_t + kp->landfilled_actual_t;

        kp->reuse_rate_planned = dp_ > 0 ? kp->reused_planned_t / dp_ : 0;
        kp->reuse_rate_actual = da > 0 ? kp->reused_actual_t / da : 0;
    }
    if (b.p->n_flows > 1)
        qsort(b.p->flows, b.p->n_flows, sizeof *b.p->flows, cmp_flow);
    *out = b.p;
    b.p = NULL;

done:
    free(truck);
    free(b.t.k);
    free(b.t.v);
    mf_custody_pva_free(b.p);
    cix_free(&x);
    return rc;
}
