/*
 * check.c - the checks of chain of custody (custody.h, enum
 * mf_custody_check; docs/CUSTODY.md says what each one looks for and
 * why). Each finding carries its evidence: the records, the measured
 * value and the limit it broke.
 *
 * Per-ticket and per-receipt checks run in one pass over the effective
 * records (index.c). The checks that need an order run on sorted copies
 * of small keys: a vehicle's tickets by departure, a receiving site's
 * receipts by arrival. The registry's answers that many tickets share
 * (does a site take a material; does a flow rule forbid a lot going to a
 * site) are computed once per pair.
 */
#include "masseflyt/custody.h"

#include "custody/custody_int.h"
#include "util/vec.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct fcol {
    struct mf_custody_findings *f;
    size_t cap, max;
};

static int find(struct fcol *c, enum mf_custody_check check,
                enum mf_custody_rec kind, const char *id, const char *other,
                double value, double limit, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 8, 9)))
#endif
    ;

static int find(struct fcol *c, enum mf_custody_check check,
                enum mf_custody_rec kind, const char *id, const char *other,
                double value, double limit, const char *fmt, ...)
{
    struct mf_custody_findings *f = c->f;
    struct mf_custody_finding *it;
    va_list ap;

    f->count[check]++;
    if (c->max && f->n >= c->max) {
        f->dropped++;
        return MF_OK;
    }
    if (vec_reserve(f->items, c->cap, f->n + 1))
        return MF_ENOMEM;
    it = &f->items[f->n++];
    it->check = check;
    it->kind = kind;
    it->id = id ? id : "";
    it->other = other;
    it->value = value;
    it->limit = limit;
    va_start(ap, fmt);
    cust_evidence(it->evidence, it->evidence_nb, sizeof it->evidence, fmt, ap);
    va_end(ap);
    return MF_OK;
}

/* "2026-03-01 07:12" */
static const char *when(int64_t t, char *buf, size_t len)
{
    char day[16];
    int64_t s = t - (int64_t)cust_day_of(t) * 86400;

    mf_date_format(cust_day_of(t), day, sizeof day);
    snprintf(buf, len, "%s %02d:%02d", day, (int)(s / 3600),
             (int)(s / 60 % 60));
    return buf;
}

static const char *mat_code(const struct mf_catalog *cat, int m)
{
    return m >= 0 && m < mf_catalog_n_materials(cat)
               ? mf_catalog_material(cat, m)->code
               : "?";
}

/* ------------------------------------------------------------------ */
/* What a destination takes                                             */
/* ------------------------------------------------------------------ */

struct ctx {
    const struct cix *x;
    const struct mf_registry *reg;
    const struct mf_catalog *cat;
    unsigned char *lot_status, *site_status;
    const struct mf_rule **lot_reason;
    size_t ns;
    int n_mat;
    signed char *accepts; /* n_mat x ns: -1 unknown, 0, 1 */
    /* demand lots by site: dl[dl_start[s] .. dl_start[s + 1]) */
    size_t *dl_start;
    int *dl;
    /* flow-rule answers per (lot, site) and rule epoch */
    uint64_t *fk;
    int32_t *fv; /* epoch << 1 | allowed; the rule in fr */
    const struct mf_rule **fr;
    size_t fmask;
    int32_t *bounds; /* rule dates, sorted */
    int n_bounds;
};

static int takes(struct ctx *c, int m, int s)
{
    signed char *a;
    const struct mf_site *site;
    size_t i;
    int r = 0;

    if (m < 0 || m >= c->n_mat || s < 0)
        return 0;
    a = &c->accepts[(size_t)m * c->ns + (size_t)s];
    if (*a >= 0)
        return *a;
    site = mf_registry_site_at(c->reg, (size_t)s);
    switch (site->kind) {
    case MF_SITE_RECEIVING:
    case MF_SITE_STORAGE:
    case MF_SITE_PROCESSING:
        for (i = 0; i < (size_t)site->n_materials; i++)
            if (site->materials[i] == m)
                r = 1;
        break;
    case MF_SITE_PROJECT:
        for (i = c->dl_start[s]; i < c->dl_start[s + 1]; i++) {
            const struct mf_lot *d =
                mf_registry_lot_at(c->reg, (size_t)c->dl[i]);

            if ((d->material < 0 || d->material == m) &&
                (d->use < 0 || mf_catalog_compat(c->cat, m, d->use) > 0))
                r = 1;
        }
        break;
    default:
        break;
    }
    *a = (signed char)r;
    return r;
}

static int epoch_of(const struct ctx *c, int32_t day)
{
    int e = 0;

    while (e < c->n_bounds && c->bounds[e] <= day)
        e++;
    return e;
}

/* May lot l go to site s on day? 1, or 0 with *rule. */
static int flow_ok(struct ctx *c, int l, int s, int32_t day,
                   const struct mf_rule **rule)
{
    uint64_t key = ((uint64_t)(uint32_t)l << 32 | (uint32_t)s) + 1;
    size_t h = (size_t)(key * 0x9E3779B97F4A7C15ull >> 20) & c->fmask;
    int e = epoch_of(c, day), ok = 0;
    const struct mf_site *site = mf_registry_site_at(c->reg, (size_t)s);
    const struct mf_lot *lot = mf_registry_lot_at(c->reg, (size_t)l);
    size_t i;

    for (i = 0; i < 32 && c->fk[h] && c->fk[h] != key; i++)
        h = (h + 1) & c->fmask;
    if (c->fk[h] == key && c->fv[h] >> 1 == e) {
        *rule = c->fr[h];
        return c->fv[h] & 1;
    }
    *rule = NULL;
    if (site->kind == MF_SITE_PROJECT) {
        const struct mf_rule *first = NULL;

        ok = c->dl_start[s] == c->dl_start[s + 1];
        for (i = c->dl_start[s]; !ok && i < c->dl_start[s + 1]; i++) {
            const struct mf_lot *d =
                mf_registry_lot_at(c->reg, (size_t)c->dl[i]);
            const struct mf_rule *r = NULL;

            ok = mf_flow_allowed(c->reg, lot, d, NULL, day, &r);
            if (!ok && !first)
                first = r;
        }
        *rule = ok ? NULL : first;
    } else if (site->kind == MF_SITE_QUARRY) {
        ok = 1; /* what a quarry takes is the material check's */
    } else {
        ok = mf_flow_allowed(c->reg, lot, NULL, site, day, rule);
    }
    /* A crowded neighbourhood (more pairs than the table was sized for)
     * is simply not remembered. */
    if (!c->fk[h] || c->fk[h] == key) {
        c->fk[h] = key;
        c->fv[h] = e << 1 | (ok ? 1 : 0);
        c->fr[h] = *rule;
    }
    return ok;
}

static int cmp_i32(const void *a, const void *b)
{
    int32_t x = *(const int32_t *)a, y = *(const int32_t *)b;

    return (x > y) - (x < y);
}

static int ctx_init(struct ctx *c, const struct cix *x, struct mf_error *err)
{
    const struct mf_registry *reg = x->reg;
    size_t nl = mf_registry_count(reg, MF_ENT_LOT), i, cap = 64;
    int rc, j, n_rules;

    memset(c, 0, sizeof *c);
    c->x = x;
    c->reg = reg;
    c->cat = x->cat;
    c->ns = mf_registry_count(reg, MF_ENT_SITE);
    c->n_mat = mf_catalog_n_materials(c->cat);
    rc = mf_registry_status(reg, MF_DATE_NONE, &c->lot_status, &c->lot_reason,
                            &c->site_status, err);
    if (rc)
        return rc;
    c->accepts = malloc(((size_t)c->n_mat + 1) * (c->ns + 1));
    c->dl_start = calloc(c->ns + 2, sizeof *c->dl_start);
    c->dl = malloc((nl + 1) * sizeof *c->dl);
    /* The pair table: room for every (lot, site) pair of a region, up to
     * a million slots. */
    while (cap < 4 * (nl + 1) * (c->ns + 1) && cap < ((size_t)1 << 20))
        cap *= 2;
    c->fmask = cap - 1;
    c->fk = calloc(cap, sizeof *c->fk);
    c->fv = calloc(cap, sizeof *c->fv);
    c->fr = calloc(cap, sizeof *c->fr);
    n_rules = mf_catalog_n_rules(c->cat);
    c->bounds = malloc(((size_t)n_rules * 2 + 1) * sizeof *c->bounds);
    if (!c->accepts || !c->dl_start || !c->dl || !c->fk || !c->fv || !c->fr ||
        !c->bounds)
        return mf_error_set(err, MF_ENOMEM, "out of memory");
    memset(c->accepts, 0xff, ((size_t)c->n_mat + 1) * (c->ns + 1));
    for (i = 0; i < nl; i++) {
        const struct mf_lot *l = mf_registry_lot_at(reg, i);
        int s = mf_registry_index(reg, MF_ENT_SITE, l->site);

        if (l->kind == MF_LOT_DEMAND && s >= 0)
            c->dl_start[s + 1]++;
    }
    for (i = 0; i < c->ns; i++)
        c->dl_start[i + 1] += c->dl_start[i];
    c->dl_start[c->ns + 1] = c->dl_start[c->ns];
    {
        size_t *fill = calloc(c->ns + 1, sizeof *fill);

        if (!fill)
            return mf_error_set(err, MF_ENOMEM, "out of memory");
        for (i = 0; i < nl; i++) {
            const struct mf_lot *l = mf_registry_lot_at(reg, i);
            int s = mf_registry_index(reg, MF_ENT_SITE, l->site);

            if (l->kind == MF_LOT_DEMAND && s >= 0)
                c->dl[c->dl_start[s] + fill[s]++] = (int)i;
        }
        free(fill);
    }
    for (j = 0; j < n_rules; j++) {
        const struct mf_rule *r = mf_catalog_rule(c->cat, j);

        if (r->valid_from != MF_DATE_NONE)
            c->bounds[c->n_bounds++] = r->valid_from;
        if (r->valid_to != MF_DATE_NONE)
            c->bounds[c->n_bounds++] = r->valid_to + 1;
    }
    qsort(c->bounds, (size_t)c->n_bounds, sizeof *c->bounds, cmp_i32);
    return MF_OK;
}

static void ctx_free(struct ctx *c)
{
    free(c->lot_status);
    free(c->lot_reason);
    free(c->site_status);
    free(c->accepts);
    free(c->dl_start);
    free(c->dl);
    free(c->fk);
    free(c->fv);
    free(c->fr);
    free(c->bounds);
}

/* ------------------------------------------------------------------ */
/* Per ticket                                                           */
/* ------------------------------------------------------------------ */

#define ON(chk) (mask & (1u << (chk)))
#define HAZARD (MF_RESTR_QUICK_CLAY | MF_RESTR_FLOOD)

static int check_ticket(struct ctx *c, struct fcol *fc, unsigned mask,
                        const struct cticket *t, unsigned char *speeding,
                        size_t k)
{
    const struct cix *x = c->x;
    struct mf_ticket tbuf;
    const struct mf_ticket *tk = cust_ticket(x->d, t->i, &tbuf);
    const struct mf_registry *reg = c->reg;
    const struct mf_site *dest =
        t->dest >= 0 ? mf_registry_site_at(reg, (size_t)t->dest) : NULL;
    const struct mf_lot *lot =
        t->lot >= 0 ? mf_registry_lot_at(reg, (size_t)t->lot) : NULL;
    const struct creceipt *cr = t->rc >= 0 ? &x->r[t->rc] : NULL;
    struct mf_receipt rbuf;
    const struct mf_receipt *r = cr ? cust_receipt(x->d, cr->i, &rbuf) : NULL;
    int ok_kind = t->orig >= 0
                      ? (int)mf_registry_site_at(reg, (size_t)t->orig)->kind
                      : -1;
    int first_leg = ok_kind != MF_SITE_STORAGE && ok_kind != MF_SITE_PROCESSING;
    double dec = t->t;
    char b1[32];
    int rc = MF_OK;

    if (ON(MF_CHK_UNRECEIVED) && !r) {
        double h = (double)(x->as_of - tk->departed) / 3600;

        if (h > x->p.unreceived_hours)
            rc = find(fc, MF_CHK_UNRECEIVED, MF_CREC_TICKET, tk->id,
                      tk->destination, h, x->p.unreceived_hours,
                      "left %s at %s for %s; no receipt after %.0f h",
                      tk->origin ? tk->origin : "?",
                      when(tk->departed, b1, sizeof b1),
                      tk->destination ? tk->destination : "?", h);
    }
    if (rc == MF_OK && ON(MF_CHK_DEST_HAZARD) && dest &&
        (dest->restrictions & HAZARD))
        rc =
            find(fc, MF_CHK_DEST_HAZARD, MF_CREC_TICKET, tk->id, dest->id, 0, 0,
                 dest->restrictions & MF_RESTR_QUICK_CLAY
                     ? "destination %s lies in a quick-clay hazard zone"
                     : "destination %s lies in a flood hazard zone",
                 dest->id);
    /* A plant's product may go where its origin may (the fines of clean
     * rock are clean rock masses), as the planner allows. */
    if (rc == MF_OK && ON(MF_CHK_DEST_MATERIAL) && dest &&
        !takes(c, tk->material, t->dest) &&
        !(ok_kind == MF_SITE_PROCESSING && lot &&
          takes(c, lot->material, t->dest)))
        rc = find(fc, MF_CHK_DEST_MATERIAL, MF_CREC_TICKET, tk->id, dest->id, 0,
                  0,
                  dest->kind == MF_SITE_PROJECT
                      ? "%s site %s registers no need that takes %s"
                      : "%s site %s does not take %s",
                  mf_site_kind_name(dest->kind), dest->id,
                  mat_code(c->cat, tk->material));
    if (rc == MF_OK && ON(MF_CHK_DEST_PERMIT)) {
        int32_t day = r ? cust_day_of(r->arrived) : t->day;
        const struct mf_rule *rule = NULL;

        if (!dest)
            rc = find(fc, MF_CHK_DEST_PERMIT, MF_CREC_TICKET, tk->id,
                      tk->destination, 0, 0,
                      "destination '%s' is not in the registry",
                      tk->destination ? tk->destination : "");
        else if (c->site_status[t->dest] == MF_SEV_REFUSE &&
                 !(dest->restrictions & HAZARD))
            rc = find(fc, MF_CHK_DEST_PERMIT, MF_CREC_TICKET, tk->id, dest->id,
                      0, 0, "destination %s is refused by the rules", dest->id);
        else if ((dest->open_from != MF_DATE_NONE && day < dest->open_from) ||
                 (dest->open_to != MF_DATE_NONE && day > dest->open_to)) {
            char d0[16], d1[16], d2[16];

            rc = find(fc, MF_CHK_DEST_PERMIT, MF_CREC_TICKET, tk->id, dest->id,
                      0, 0, "destination %s is open %s to %s, not on %s",
                      dest->id,
                      dest->open_from == MF_DATE_NONE
                          ? "..."
                          : mf_date_format(dest->open_from, d0, sizeof d0),
                      dest->open_to == MF_DATE_NONE
                          ? "..."
                          : mf_date_format(dest->open_to, d1, sizeof d1),
                      mf_date_format(day, d2, sizeof d2));
        } else if (t->lot >= 0 && !flow_ok(c, t->lot, t->dest, day, &rule))
            rc = find(fc, MF_CHK_DEST_PERMIT, MF_CREC_TICKET, tk->id, dest->id,
                      0, 0, "rule %s forbids lot %s going to %s",
                      rule ? rule->id : "?", tk->lot, dest->id);
    }
    if (rc == MF_OK && ON(MF_CHK_WINDOW) && lot && first_leg) {
        int g = x->p.window_grace_days;
        double off = 0;

        if (lot->from != MF_DATE_NONE && t->day < lot->from - g)
            off = lot->from - t->day;
        else if (lot->to != MF_DATE_NONE && t->day > lot->to + g)
            off = t->day - lot->to;
        if (off > 0) {
            char d0[16], d1[16], d2[16];

            rc =
                find(fc, MF_CHK_WINDOW, MF_CREC_TICKET, tk->id, lot->id, off, g,
                     "left on %s, %.0f days outside lot %s's window %s "
                     "to %s",
                     mf_date_format(t->day, d0, sizeof d0), off, lot->id,
                     lot->from == MF_DATE_NONE
                         ? "..."
                         : mf_date_format(lot->from, d1, sizeof d1),
                     lot->to == MF_DATE_NONE
                         ? "..."
                         : mf_date_format(lot->to, d2, sizeof d2));
        }
    }
    if (rc == MF_OK && ON(MF_CHK_WEIGHT) && r && r->weighed_t >= 0 &&
        !isnan(dec)) {
        double tol = cust_tolerance(&x->p, dec, tk->state);

        if (fabs(r->weighed_t - dec) > tol)
            rc = find(fc, MF_CHK_WEIGHT, MF_CREC_TICKET, tk->id, r->id,
                      r->weighed_t - dec, tol,
                      "declared %g %s (%.1f t), weighed %.1f t at %s: %.1f t "
                      "apart, %.1f t allowed",
                      tk->quantity, mf_state_name(tk->state), dec, r->weighed_t,
                      r->site ? r->site : tk->destination, r->weighed_t - dec,
                      tol);
    }
    if (rc == MF_OK && ON(MF_CHK_VEHICLE_SPEED) && r) {
        double km = cust_site_km(reg, t->orig, cr->site);
        double h = (double)(r->arrived - tk->departed) / 3600;

        if (!isnan(km) && (h <= 0 ? km > 0.5 : km / h > x->p.max_speed_kmh)) {
            speeding[k / 8] |= (unsigned char)(1u << (k % 8));
            rc =
                find(fc, MF_CHK_VEHICLE_SPEED, MF_CREC_TICKET, tk->id, r->id,
                     h > 0 ? km / h : INFINITY, x->p.max_speed_kmh,
                     "%s covered %.1f km (straight line) from %s in %.0f "
                     "min: faster than %g km/h",
                     tk->vehicle ? tk->vehicle : "?", km,
                     tk->origin ? tk->origin : "?", h * 60, x->p.max_speed_kmh);
        }
    }
    return rc;
}

/* ------------------------------------------------------------------ */
/* Per receipt                                                          */
/* ------------------------------------------------------------------ */

static int check_receipt(struct ctx *c, struct fcol *fc, unsigned mask,
                         const struct creceipt *cr)
{
    const struct cix *x = c->x;
    struct mf_receipt rbuf;
    const struct mf_receipt *r = cust_receipt(x->d, cr->i, &rbuf);

    if (ON(MF_CHK_NO_TICKET) && cr->t < 0) {
        if (cr->void_of >= 0)
            return find(fc, MF_CHK_NO_TICKET, MF_CREC_RECEIPT, r->id, r->ticket,
                        0, 0, "confirms ticket %s, which a correction voided",
                        r->ticket);
        if (cr->dup_of >= 0)
            return find(fc, MF_CHK_NO_TICKET, MF_CREC_RECEIPT, r->id, r->ticket,
                        0, 0,
                        "confirms ticket %s, which receipt %s confirmed "
                        "already",
                        r->ticket, cust_receipt_id(x->d, x->r[cr->dup_of].i));
        return find(fc, MF_CHK_NO_TICKET, MF_CREC_RECEIPT, r->id, r->ticket, 0,
                    0, "names ticket '%s', which no ticket has",
                    r->ticket ? r->ticket : "");
    }
    if (ON(MF_CHK_WRONG_SITE) && cr->t >= 0 && r->site) {
        const struct cticket *t = &x->t[cr->t];
        struct mf_ticket tbuf;
        const struct mf_ticket *tk = cust_ticket(x->d, t->i, &tbuf);

        if (cr->site != t->dest || t->dest < 0)
            return find(fc, MF_CHK_WRONG_SITE, MF_CREC_RECEIPT, r->id, tk->id,
                        0, 0, "ticket %s is bound for %s, received at %s",
                        tk->id, tk->destination ? tk->destination : "?",
                        r->site);
    }
    return MF_OK;
}

/* ------------------------------------------------------------------ */
/* Over many records                                                    */
/* ------------------------------------------------------------------ */

/* Sorts each run of equal keys of v (n elements of size sz, already
 * grouped by a small integer key, as the callers place them by counting)
 * by cmp when it is out of order: tickets of one truck and receipts of
 * one site mostly come in time order already, so this is linear in
 * practice where qsort is not. */
static void sort_runs(void *v, size_t n, size_t sz, size_t (*key)(const void *),
                      int (*cmp)(const void *, const void *))
{
    char *a = v;
    size_t i;

    for (i = 0; i < n;) {
        size_t j = i + 1;
        int sorted = 1;

        while (j < n && key(a + j * sz) == key(a + i * sz)) {
            if (cmp(a + (j - 1) * sz, a + j * sz) > 0)
                sorted = 0;
            j++;
        }
        if (!sorted)
            qsort(a + i * sz, j - i, sz, cmp);
        i = j;
    }
}

/* Turns counts (start[k + 1] = elements of key k) into where each key's
 * elements go: start[k] = its first place. */
static void counts_to_starts(size_t *start, size_t nk)
{
    size_t k;

    for (k = 0; k < nk; k++)
        start[k + 1] += start[k];
}

struct vkey {
    int64_t departed;
    int32_t veh;
    uint32_t pos;
};

static int cmp_vkey(const void *a, const void *b)
{
    const struct vkey *p = a, *q = b;

    if (p->veh != q->veh)
        return p->veh < q->veh ? -1 : 1;
    if (p->departed != q->departed)
        return p->departed < q->departed ? -1 : 1;
    return (p->pos > q->pos) - (p->pos < q->pos);
}

static size_t vkey_of(const void *a)
{
    return (size_t)((const struct vkey *)a)->veh;
}

static int check_vehicles(struct ctx *c, struct fcol *fc, unsigned mask,
                          const unsigned char *speeding, struct mf_error *err)
{
    const struct cix *x = c->x;
    size_t *start = calloc(x->n_vehicles + 2, sizeof *start);
    struct vkey *v;
    size_t i, n = 0;
    double vmax = x->p.max_speed_kmh;
    int rc = MF_OK;

    /* A truck's tickets placed together by counting, in their order. */
    if (!start)
        return mf_error_set(err, MF_ENOMEM, "out of memory");
    for (i = 0; i < x->nt; i++)
        if (x->t[i].veh >= 0) {
            start[x->t[i].veh + 1]++;
            n++;
        }
    v = malloc((n + 1) * sizeof *v);
    if (!v) {
        free(start);
        return mf_error_set(err, MF_ENOMEM, "out of memory");
    }
    cust_huge(v, (n + 1) * sizeof *v);
    counts_to_starts(start, x->n_vehicles);
    for (i = 0; i < x->nt; i++)
        if (x->t[i].veh >= 0) {
            struct vkey *e = &v[start[x->t[i].veh]++];

            e->departed = cust_ticket_departed(x->d, x->t[i].i);
            e->veh = x->t[i].veh;
            e->pos = (uint32_t)i;
        }
    free(start);
    sort_runs(v, n, sizeof *v, vkey_of, cmp_vkey);
    for (i = 1; rc == MF_OK && i < n; i++) {
        const struct cticket *a = &x->t[v[i - 1].pos], *b = &x->t[v[i].pos];
        struct mf_ticket tabuf, tbbuf;
        const struct mf_ticket *ta = cust_ticket(x->d, a->i, &tabuf);
        const struct mf_ticket *tb = cust_ticket(x->d, b->i, &tbbuf);
        int64_t a_end;
        int a_arrived = a->rc >= 0;
        double km_a, km, gap_h;
        char b1[32], b2[32];

        if (v[i - 1].veh != v[i].veh)
            continue;
        km_a = cust_site_km(c->reg, a->orig, a->dest);
        if (a_arrived)
            a_end = cust_receipt_arrived(x->d, x->r[a->rc].i);
        else
            a_end = ta->departed +
                    (isnan(km_a) ? 0 : (int64_t)(km_a / vmax * 3600));
        if (ON(MF_CHK_VEHICLE_CLASH) && tb->departed < a_end) {
            rc = find(fc, MF_CHK_VEHICLE_CLASH, MF_CREC_TICKET, tb->id, ta->id,
                      (double)(a_end - tb->departed) / 60, 0,
                      a_arrived ? "%s left %s at %s while on ticket %s to %s "
                                  "until %s"
                                : "%s left %s at %s while on ticket %s to %s "
                                  "until %s at the earliest",
                      tb->vehicle, tb->origin ? tb->origin : "?",
                      when(tb->departed, b1, sizeof b1), ta->id,
                      ta->destination ? ta->destination : "?",
                      when(a_end, b2, sizeof b2));
            continue;
        }
        if (!ON(MF_CHK_VEHICLE_SPEED) ||
            (speeding[v[i].pos / 8] & (1u << (v[i].pos % 8))))
            continue;
        km = cust_site_km(c->reg, a_arrived ? x->r[a->rc].site : a->dest,
                          b->orig);
        gap_h = (double)(tb->departed - a_end) / 3600;
        if (!isnan(km) && km > 0.5 && km / gap_h > vmax)
            rc = find(fc, MF_CHK_VEHICLE_SPEED, MF_CREC_TICKET, tb->id, ta->id,
                      km / gap_h, vmax,
                      "%s reached %s at %s and left %s, %.1f km away (straight "
                      "line), at %s: faster than %g km/h",
                      tb->vehicle, ta->destination ? ta->destination : "?",
                      when(a_end, b1, sizeof b1), tb->origin ? tb->origin : "?",
                      km, when(tb->departed, b2, sizeof b2), vmax);
    }
    free(v);
    return rc ? mf_error_set(err, MF_ENOMEM, "out of memory") : MF_OK;
}

struct skey {
    int64_t arrived;
    int32_t site;
    uint32_t pos; /* into x->r */
};

static int cmp_skey(const void *a, const void *b)
{
    const struct skey *p = a, *q = b;

    if (p->site != q->site)
        return p->site < q->site ? -1 : 1;
    if (p->arrived != q->arrived)
        return p->arrived < q->arrived ? -1 : 1;
    return (p->pos > q->pos) - (p->pos < q->pos);
}

static size_t skey_of(const void *a)
{
    return (size_t)((const struct skey *)a)->site;
}

static int check_capacity(struct ctx *c, struct fcol *fc, struct mf_error *err)
{
    const struct cix *x = c->x;
    size_t *start = calloc(c->ns + 2, sizeof *start);
    unsigned char *limited = calloc(c->ns + 1, 1);
    struct skey *v = NULL;
    size_t i, n = 0;
    int rc = MF_OK, pass;

    if (!start || !limited) {
        free(start);
        free(limited);
        return mf_error_set(err, MF_ENOMEM, "out of memory");
    }
    for (i = 0; i < c->ns; i++) {
        const struct mf_site *s = mf_registry_site_at(c->reg, i);

        limited[i] = s->kind == MF_SITE_RECEIVING &&
                     !(s->capacity_t < 0 && !(s->intake_t > 0));
    }
    /* The accepted receipts of each receiving site with a limit, placed
     * together by counting (pass 0 counts, pass 1 places), in their
     * order. */
    for (pass = 0; pass < 2; pass++) {
        if (pass == 1) {
            v = malloc((n + 1) * sizeof *v);
            if (!v) {
                free(start);
                free(limited);
                return mf_error_set(err, MF_ENOMEM, "out of memory");
            }
            cust_huge(v, (n + 1) * sizeof *v);
            counts_to_starts(start, c->ns);
        }
        for (i = 0; i < x->nr; i++) {
            const struct creceipt *cr = &x->r[i];
            struct skey *e;

            if (cr->site < 0 || cr->t < 0 || !limited[cr->site] ||
                cust_receipt_status(x->d, cr->i) != MF_RECEIPT_ACCEPTED)
                continue;
            if (pass == 0) {
                start[cr->site + 1]++;
                n++;
                continue;
            }
            e = &v[start[cr->site]++];
            e->arrived = cust_receipt_arrived(x->d, cr->i);
            e->site = cr->site;
            e->pos = (uint32_t)i;
        }
    }
    free(start);
    free(limited);
    sort_runs(v, n, sizeof *v, skey_of, cmp_skey);
    for (i = 0; rc == MF_OK && i < n;) {
        const struct mf_site *s =
            mf_registry_site_at(c->reg, (size_t)v[i].site);
        /* The sums are of weighed tonnes, so the limits allow the
         * weighing tolerance beside the site's own. */
        double rel = 1 + x->p.capacity_rel + x->p.weigh_rel;
        double cap = s->capacity_t * rel + x->p.weigh_abs_t;
        double year_cap = s->intake_t * rel + x->p.weigh_abs_t;
        double sum = 0, ysum = 0;
        int y = INT32_MIN, crossed = 0, ycrossed = 0;
        size_t j;

        for (j = i; j < n && v[j].site == v[i].site; j++) {
            const struct creceipt *cr = &x->r[v[j].pos];
            struct mf_receipt rbuf;
            const struct mf_receipt *r = cust_receipt(x->d, cr->i, &rbuf);
            const struct cticket *t = &x->t[cr->t];
            double w = r->weighed_t >= 0 ? r->weighed_t
                       : isnan(t->t)     ? 0
                                         : t->t;
            int yy, mm, dd;

            mf_date_ymd(cust_day_of(r->arrived), &yy, &mm, &dd);
            if (yy != y) {
                y = yy;
                ysum = 0;
                ycrossed = 0;
            }
            sum += w;
            ysum += w;
            if (rc == MF_OK && !crossed && s->capacity_t >= 0 && sum > cap) {
                crossed = 1;
                rc =
                    find(fc, MF_CHK_DEST_CAPACITY, MF_CREC_SITE, s->id,
                         cust_ticket_id(x->d, t->i), sum, cap,
                         "%s had taken %.1f t with ticket %s, past its "
                         "capacity of %.1f t",
                         s->id, sum, cust_ticket_id(x->d, t->i), s->capacity_t);
            }
            if (rc == MF_OK && !ycrossed && s->intake_t > 0 &&
                ysum > year_cap) {
                ycrossed = 1;
                rc = find(fc, MF_CHK_DEST_CAPACITY, MF_CREC_SITE, s->id,
                          cust_ticket_id(x->d, t->i), ysum, year_cap,
                          "%s had taken %.1f t in %d with ticket %s, past its "
                          "yearly permit of %.1f t",
                          s->id, ysum, y, cust_ticket_id(x->d, t->i),
                          s->intake_t);
            }
        }
        i = j;
    }
    free(v);
    return rc ? mf_error_set(err, MF_ENOMEM, "out of memory") : MF_OK;
}

static int check_lots_docs(struct ctx *c, struct fcol *fc, unsigned mask,
                           struct mf_error *err)
{
    const struct cix *x = c->x;
    const struct mf_custody_data *d = x->d;
    size_t nl = mf_registry_count(c->reg, MF_ENT_LOT), i;
    double *lot_t = calloc(nl + 1, sizeof *lot_t);
    size_t *lot_n = calloc(nl + 1, sizeof *lot_n);
    int64_t *lot_first = malloc((nl + 1) * sizeof *lot_first);
    double *doc_t = calloc(d->n_docs + 1, sizeof *doc_t);
    int64_t *doc_foreign = malloc((d->n_docs + 1) * sizeof *doc_foreign);
    size_t *doc_nf = calloc(d->n_docs + 1, sizeof *doc_nf);
    size_t *doc_n = calloc(d->n_docs + 1, sizeof *doc_n);
    int *doc_lot = NULL;
    size_t *doc_lot0 = calloc(d->n_docs + 2, sizeof *doc_lot0);
    int rc = MF_OK;

    if (!lot_t || !lot_n || !lot_first || !doc_t || !doc_foreign || !doc_nf ||
        !doc_n || !doc_lot0) {
        rc = mf_error_set(err, MF_ENOMEM, "out of memory");
        goto done;
    }
    for (i = 0; i < d->n_docs; i++)
        doc_lot0[i + 1] =
            doc_lot0[i] +
            (size_t)(d->docs[i].n_lots > 0 ? d->docs[i].n_lots : 0);
    doc_lot = malloc((doc_lot0[d->n_docs] + 1) * sizeof *doc_lot);
    if (!doc_lot) {
        rc = mf_error_set(err, MF_ENOMEM, "out of memory");
        goto done;
    }
    for (i = 0; i < d->n_docs; i++) {
        int j;

        doc_foreign[i] = -1;
        for (j = 0; j < d->docs[i].n_lots; j++)
            doc_lot[doc_lot0[i] + (size_t)j] =
                mf_registry_index(c->reg, MF_ENT_LOT, d->docs[i].lots[j]);
    }
    for (i = 0; i < nl; i++)
        lot_first[i] = -1;
    for (i = 0; rc == MF_OK && i < x->nt; i++) {
        const struct cticket *t = &x->t[i];
        struct mf_ticket tbuf;
        const struct mf_ticket *tk = cust_ticket(d, t->i, &tbuf);
        double dec = isnan(t->t) ? 0 : t->t;

        if (t->lot >= 0) {
            int64_t f = lot_first[t->lot];

            lot_t[t->lot] += dec;
            lot_n[t->lot]++;
            if (f < 0 || tk->departed < cust_ticket_departed(d, x->t[f].i) ||
                (tk->departed == cust_ticket_departed(d, x->t[f].i) &&
                 strcmp(tk->id, cust_ticket_id(d, x->t[f].i)) < 0))
                lot_first[t->lot] = (int64_t)i;
        }
        if (t->doc == -2 && ON(MF_CHK_DOC_OVERUSE))
            rc = find(fc, MF_CHK_DOC_OVERUSE, MF_CREC_TICKET, tk->id,
                      tk->quality_doc, 0, 0,
                      "travels under quality document '%s', which is not "
                      "registered",
                      tk->quality_doc);
        if (t->doc >= 0) {
            size_t j;
            int mine = 0;

            doc_t[t->doc] += dec;
            doc_n[t->doc]++;
            for (j = doc_lot0[t->doc]; j < doc_lot0[t->doc + 1]; j++)
                if (doc_lot[j] == t->lot && t->lot >= 0)
                    mine = 1;
            if (!mine) {
                doc_nf[t->doc]++;
                if (doc_foreign[t->doc] < 0)
                    doc_foreign[t->doc] = (int64_t)i;
            }
        }
    }
    for (i = 0; rc == MF_OK && ON(MF_CHK_LOT_REFUSED) && i < nl; i++) {
        const struct mf_lot *l;
        const struct mf_ticket *tk;
        struct mf_ticket tbuf;

        if (lot_first[i] < 0 || c->lot_status[i] != MF_SEV_REFUSE)
            continue;
        l = mf_registry_lot_at(c->reg, i);
        tk = cust_ticket(d, x->t[lot_first[i]].i, &tbuf);
        rc = find(fc, MF_CHK_LOT_REFUSED, MF_CREC_LOT, l->id, tk->id, lot_t[i],
                  0,
                  "refused by rule %s, yet %zu loads (%.1f t) left, the "
                  "first on ticket %s",
                  c->lot_reason[i] ? c->lot_reason[i]->id : "?", lot_n[i],
                  lot_t[i], tk->id);
    }
    for (i = 0; rc == MF_OK && ON(MF_CHK_DOC_OVERUSE) && i < d->n_docs; i++) {
        const struct mf_quality_doc *q = &d->docs[i];
        double lim = q->tonnes * (1 + x->p.doc_rel);

        if (q->tonnes > 0 && doc_t[i] > lim)
            rc = find(fc, MF_CHK_DOC_OVERUSE, MF_CREC_DOC, q->id, NULL,
                      doc_t[i], lim,
                      "%zu loads (%.1f t) travel under it; it covers %.1f t",
                      doc_n[i], doc_t[i], q->tonnes);
        if (rc == MF_OK && doc_foreign[i] >= 0) {
            struct mf_ticket tbuf;
            const struct mf_ticket *tk =
                cust_ticket(d, x->t[doc_foreign[i]].i, &tbuf);

            rc = find(fc, MF_CHK_DOC_OVERUSE, MF_CREC_DOC, q->id, tk->id,
                      (double)doc_nf[i], 0,
                      "%zu loads of lots it does not cover travel under it, "
                      "the first ticket %s of lot %s",
                      doc_nf[i], tk->id, tk->lot ? tk->lot : "?");
        }
    }
    if (rc)
        rc = mf_error_set(err, MF_ENOMEM, "out of memory");
done:
    free(lot_t);
    free(lot_n);
    free(lot_first);
    free(doc_t);
    free(doc_foreign);
    free(doc_nf);
    free(doc_n);
    free(doc_lot);
    free(doc_lot0);
    return rc;
}

static int cmp_finding(const void *a, const void *b)
{
    const struct mf_custody_finding *p = a, *q = b;
    int c;

    if (p->check != q->check)
        return p->check < q->check ? -1 : 1;
    c = strcmp(p->id, q->id);
    if (c)
        return c;
    return strcmp(p->other ? p->other : "", q->other ? q->other : "");
}

void mf_custody_findings_free(struct mf_custody_findings *f)
{
    if (!f)
        return;
    free(f->items);
    free(f);
}

int cust_check(const struct cix *x, const struct mf_custody_opts *o,
               unsigned mask, struct mf_custody_findings **out,
               struct mf_error *err)
{
    struct mf_custody_findings *f = NULL;
    unsigned char *speeding = NULL;
    struct fcol fc = {0};
    struct ctx c;
    size_t i;
    int rc;

    *out = NULL;
    if (mask == 0)
        mask = (1u << MF_CHK_COUNT) - 1;
    rc = ctx_init(&c, x, err);
    f = calloc(1, sizeof *f);
    speeding = calloc(x->nt / 8 + 1, 1);
    if (rc == MF_OK && (!f || !speeding))
        rc = mf_error_set(err, MF_ENOMEM, "out of memory");
    fc.f = f;
    fc.max = o->max_findings;
    for (i = 0; rc == MF_OK && i < x->nt; i++)
        if (check_ticket(&c, &fc, mask, &x->t[i], speeding, i))
            rc = mf_error_set(err, MF_ENOMEM, "out of memory");
    for (i = 0; rc == MF_OK && i < x->nr; i++)
        if (check_receipt(&c, &fc, mask, &x->r[i]))
            rc = mf_error_set(err, MF_ENOMEM, "out of memory");
    if (rc == MF_OK && (ON(MF_CHK_VEHICLE_CLASH) || ON(MF_CHK_VEHICLE_SPEED)))
        rc = check_vehicles(&c, &fc, mask, speeding, err);
    if (rc == MF_OK && ON(MF_CHK_DEST_CAPACITY))
        rc = check_capacity(&c, &fc, err);
    if (rc == MF_OK && (ON(MF_CHK_LOT_REFUSED) || ON(MF_CHK_DOC_OVERUSE)))
        rc = check_lots_docs(&c, &fc, mask, err);
    if (rc == MF_OK) {
        if (f->n > 1)
            qsort(f->items, f->n, sizeof *f->items, cmp_finding);
        *out = f;
        f = NULL;
    }
    mf_custody_findings_free(f);
    free(speeding);
    ctx_free(&c);
    return rc;
}

int mf_custody_check(const struct mf_registry *reg,
                     const struct mf_custody_data *data,
                     const struct mf_custody_opts *opts, unsigned mask,
                     struct mf_custody_findings **out, struct mf_error *err)
{
    struct mf_custody_opts dflt = MF_CUSTODY_OPTS_INIT;
    const struct mf_custody_opts *o = opts ? opts : &dflt;
    struct cix x;
    int rc;

    *out = NULL;
    rc = cix_build(&x, reg, data, o, err);
    if (rc)
        return rc;
    rc = cust_check(&x, o, mask, out, err);
    cix_free(&x);
    return rc;
}
