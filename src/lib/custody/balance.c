/*
 * balance.c - the closed mass balance of chain of custody: per lot, site,
 * project, municipality and in total, for the whole horizon and per
 * period, what was registered, planned, dispatched, received, rejected,
 * is in transit, stored, or still in place; and every difference beyond
 * tolerance with its cause (custody.h says what each column counts).
 *
 * One pass over the effective tickets (index.c) fills a table of sums
 * per lot and per site, by period; projects, municipalities and the total
 * are sums of their lots. A ticket counts in the period it departed, and
 * its fate (received, rejected, in transit) is the one at as_of, so each
 * period closes on its own: dispatched = received + rejected + transit +
 * stored + the weighing difference.
 */
#include "masseflyt/custody.h"

#include "custody/custody_int.h"
#include "masseflyt/plan.h"
#include "util/strmap.h"
#include "util/vec.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct acc {
    double surplus, planned, dispatched, received, rejected, transit, stored;
    double wdecl, wweigh, tol; /* weighed legs: declared, weighed, allowed */
    double overdue;
    size_t n_weighed, n_rejected, n_overdue, tickets;
};

static void acc_add(struct acc *a, const struct acc *b)
{
    a->surplus += b->surplus;
    a->planned += b->planned;
    a->dispatched += b->dispatched;
    a->received += b->received;
    a->rejected += b->rejected;
    a->transit += b->transit;
    a->stored += b->stored;
    a->wdecl += b->wdecl;
    a->wweigh += b->wweigh;
    a->tol += b->tol;
    a->overdue += b->overdue;
    a->n_weighed += b->n_weighed;
    a->n_rejected += b->n_rejected;
    a->n_overdue += b->n_overdue;
    a->tickets += b->tickets;
}

/* The entities of one dimension that get rows: their keys and sums. */
struct dimset {
    enum mf_custody_dim dim;
    size_t n;          /* entities */
    const char **key;  /* per entity */
    unsigned char *on; /* per entity: has rows */
    struct acc *a;     /* n x cols */
};

static int dimset_init(struct dimset *s, enum mf_custody_dim dim, size_t n,
                       size_t cols)
{
    s->dim = dim;
    s->n = n;
    s->key = calloc(n + 1, sizeof *s->key);
    s->on = calloc(n + 1, 1);
    s->a = calloc((n + 1) * cols, sizeof *s->a);
    return s->key && s->on && s->a ? MF_OK : MF_ENOMEM;
}

static void dimset_free(struct dimset *s)
{
    free(s->key);
    free(s->on);
    free(s->a);
}

void mf_custody_balance_free(struct mf_custody_balance *b)
{
    if (!b)
        return;
    mf_periods_free(&b->periods);
    free(b->rows);
    free(b->diffs);
    free(b);
}

const struct mf_custody_row *
mf_custody_balance_row(const struct mf_custody_balance *b,
                       enum mf_custody_dim dim, const char *key, int period)
{
    size_t i;

    for (i = 0; i < b->n_rows; i++)
        if (b->rows[i].dim == dim && b->rows[i].period == period &&
            !strcmp(b->rows[i].key, key ? key : ""))
            return &b->rows[i];
    return NULL;
}

/* Adds amount over the days from..to into the columns 1..n of a row of
 * sums, and all of it to column 0. */
static void spread_field(const struct mf_periods *p, int32_t from, int32_t to,
                         double amount, struct acc *row, size_t off,
                         double *tmp)
{
    int i;

    *(double *)((char *)&row[0] + off) += amount;
    if (from == MF_DATE_NONE || to == MF_DATE_NONE || to < from)
        return;
    memset(tmp, 0, (size_t)p->n * sizeof *tmp);
    mf_spread(p, from, to, amount, tmp);
    for (i = 0; i < p->n; i++)
        *(double *)((char *)&row[i + 1] + off) += tmp[i];
}

static int site_kind(const struct mf_registry *reg, int s)
{
    return s < 0 ? -1 : (int)mf_registry_site_at(reg, (size_t)s)->kind;
}

/* The sums of one ticket, into a lot's row of sums (cols wide), in
 * column 0 and its period's. */
static void add_ticket_lot(const struct cix *x, const struct cticket *c,
                           int col, struct acc *row)
{
    struct mf_ticket tbuf;
    const struct mf_ticket *tk = cust_ticket(x->d, c->i, &tbuf);
    double dec = isnan(c->t) ? 0 : c->t;
    int ok = site_kind(x->reg, c->orig);
    int k;

    for (k = 0; k < 2; k++) {
        struct acc *a = &row[k == 0 ? 0 : col];

        if (k == 1 && col <= 0)
            break;
        a->tickets++;
        if (ok == MF_SITE_STORAGE)
            a->stored -= dec;
        else
            a->dispatched += dec;
        if (c->rc < 0) {
            a->transit += dec;
            if ((double)(x->as_of - tk->departed) >
                x->p.unreceived_hours * 3600) {
                a->overdue += dec;
                a->n_overdue++;
            }
        } else {
            const struct creceipt *cr = &x->r[c->rc];
            struct mf_receipt rbuf;
            const struct mf_receipt *r = cust_receipt(x->d, cr->i, &rbuf);
            double w = r->weighed_t >= 0 ? r->weighed_t : dec;

            if (r->status == MF_RECEIPT_REJECTED) {
                a->rejected += dec;
                a->n_rejected++;
            } else {
                if (site_kind(x->reg, cr->site) == MF_SITE_STORAGE)
                    a->stored += w;
                else
                    a->received += w;
                if (r->weighed_t >= 0) {
                    a->wdecl += dec;
                    a->wweigh += w;
                    a->tol += cust_tolerance(&x->p, dec, tk->state);
                    a->n_weighed++;
                }
            }
        }
    }
}

static void add_ticket_sites(const struct cix *x, const struct cticket *c,
                             int col, struct dimset *sites, size_t cols)
{
    int64_t departed = cust_ticket_departed(x->d, c->i);
    double dec = isnan(c->t) ? 0 : c->t;
    int k;

    for (k = 0; k < 2; k++) {
        size_t cc = k == 0 ? 0 : (size_t)col;

        if (k == 1 && col <= 0)
            break;
        if (c->orig >= 0) {
            struct acc *a = &sites->a[(size_t)c->orig * cols + cc];

            a->dispatched += dec;
            a->tickets++;
            sites->on[c->orig] = 1;
        }
        if (c->rc < 0) {
            if (c->dest >= 0) {
                struct acc *a = &sites->a[(size_t)c->dest * cols + cc];

                a->transit += dec;
                if ((double)(x->as_of - departed) >
                    x->p.unreceived_hours * 3600) {
                    a->overdue += dec;
                    a->n_overdue++;
                }
                sites->on[c->dest] = 1;
            }
        } else {
            const struct creceipt *cr = &x->r[c->rc];
            struct mf_receipt rbuf;
            const struct mf_receipt *r = cust_receipt(x->d, cr->i, &rbuf);
            struct acc *a;

            if (cr->site < 0)
                continue;
            a = &sites->a[(size_t)cr->site * cols + cc];
            sites->on[cr->site] = 1;
            if (r->status == MF_RECEIPT_REJECTED) {
                a->rejected += dec;
                a->n_rejected++;
            } else {
                a->received += r->weighed_t >= 0 ? r->weighed_t : dec;
            }
        }
    }
}

/* The plan's flows into the sums: out of supply lots, into sites. */
static void add_plan(const struct mf_registry *reg, const struct mf_plan *plan,
                     const struct mf_periods *p, struct dimset *lots,
                     struct dimset *sites, size_t cols, double *tmp)
{
    size_t i;

    for (i = 0; i < plan->n_flows; i++) {
        const struct mf_flow *f = &plan->flows[i];
        int32_t from, to;
        int s = -1;

        if (f->period < 0 || f->period >= plan->periods.n || !(f->tonnes > 0))
            continue;
        from = plan->periods.start[f->period];
        to = plan->periods.start[f->period + 1] - 1;
        if (f->from_kind == MF_END_SUPPLY && f->from >= 0 &&
            (size_t)f->from < lots->n)
            spread_field(p, from, to, f->tonnes,
                         &lots->a[(size_t)f->from * cols],
                         offsetof(struct acc, planned), tmp);
        switch (f->to_kind) {
        case MF_END_STORAGE:
        case MF_END_PROCESSING:
        case MF_END_RECEIVING:
            s = f->to;
            break;
        case MF_END_DEMAND:
            if (f->to >= 0) {
                const char *site = mf_registry_lot_at(reg, (size_t)f->to)->site;
                s = mf_registry_index(reg, MF_ENT_SITE, site);
            }
            break;
        default:
            break;
        }
        if (s >= 0 && (size_t)s < sites->n)
            spread_field(p, from, to, f->tonnes, &sites->a[(size_t)s * cols],
                         offsetof(struct acc, planned), tmp);
    }
}

struct keyed {
    const char *key;
    size_t i;
};

static int cmp_key(const void *a, const void *b)
{
    return strcmp(((const struct keyed *)a)->key,
                  ((const struct keyed *)b)->key);
}

struct out {
    struct mf_custody_balance *b;
    size_t cap_rows, cap_diffs;
    const struct cix *x;
    int have_plan;
};

static int add_diff(struct out *o, size_t row, enum mf_custody_cause cause,
                    double expected, double actual, double tol, const char *fmt,
                    ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 7, 8)))
#endif
    ;

static int add_diff(struct out *o, size_t row, enum mf_custody_cause cause,
                    double expected, double actual, double tol, const char *fmt,
                    ...)
{
    struct mf_custody_balance *b = o->b;
    struct mf_custody_diff *d;
    va_list ap;

    if (vec_reserve(b->diffs, o->cap_diffs, b->n_diffs + 1))
        return MF_ENOMEM;
    d = &b->diffs[b->n_diffs++];
    d->row = row;
    d->cause = cause;
    d->expected_t = expected;
    d->actual_t = actual;
    d->tolerance_t = tol;
    va_start(ap, fmt);
    cust_evidence(d->evidence, d->evidence_nb, sizeof d->evidence, fmt, ap);
    va_end(ap);
    return MF_OK;
}

/* Emits the rows of one entity (whole horizon, then each period) and
 * the differences found on them. */
static int emit(struct out *o, enum mf_custody_dim dim, const char *key,
                const struct acc *a, size_t cols, int kind,
                const struct mf_lot *lot)
{
    struct mf_custody_balance *b = o->b;
    const struct mf_custody_params *p = &o->x->p;
    int is_site = kind >= 0, is_storage = kind == MF_SITE_STORAGE;
    size_t c;

    for (c = 0; c < cols; c++) {
        struct mf_custody_row *r;
        size_t ri;
        double diff;

        if (vec_reserve(b->rows, o->cap_rows, b->n_rows + 1))
            return MF_ENOMEM;
        ri = b->n_rows++;
        r = &b->rows[ri];
        memset(r, 0, sizeof *r);
        r->dim = dim;
        r->key = key;
        r->period = (int)c - 1;
        r->surplus_t = a[c].surplus;
        r->planned_t = a[c].planned;
        r->dispatched_t = a[c].dispatched;
        r->received_t = a[c].received;
        r->rejected_t = a[c].rejected;
        r->transit_t = a[c].transit;
        r->stored_t = is_site
                          ? (is_storage ? a[c].received - a[c].dispatched : 0)
                          : a[c].stored;
        r->in_place_t = is_site && kind != MF_SITE_PROJECT
                            ? 0
                            : a[c].surplus - a[c].dispatched;
        r->tickets = a[c].tickets;
        diff = is_site ? 0
                       : a[c].dispatched - (a[c].received + a[c].rejected +
                                            a[c].transit + a[c].stored);
        r->difference_t = diff;
        r->tolerance_t = a[c].tol;
        if (!is_site && a[c].n_weighed > 0 && fabs(diff) > a[c].tol + 1e-6 &&
            add_diff(o, ri, MF_CAUSE_WEIGHING, a[c].wdecl, a[c].wweigh,
                     a[c].tol,
                     "%zu weighed loads declared %.1f t and weighed %.1f t: "
                     "%.1f t apart, %.1f t allowed",
                     a[c].n_weighed, a[c].wdecl, a[c].wweigh, diff, a[c].tol))
            return MF_ENOMEM;
        if (c > 0)
            continue;
        if (lot) {
            double allow =
                a[0].surplus * (1 + (lot->state > MF_STATE_NONE &&
                                             lot->state < MF_STATE_COUNT
                                         ? p->volume_rel[lot->state]
                                         : 0)) +
                p->weigh_abs_t;

            if (a[0].dispatched > allow &&
                add_diff(o, ri, MF_CAUSE_OVER_SURPLUS, a[0].surplus,
                         a[0].dispatched, allow - a[0].surplus,
                         "%.1f t dispatched from a lot registering %.1f t",
                         a[0].dispatched, a[0].surplus))
                return MF_ENOMEM;
            if (o->have_plan && a[0].planned <= 0 && a[0].dispatched > 0 &&
                add_diff(o, ri, MF_CAUSE_UNPLANNED, 0, a[0].dispatched, 0,
                         "%.1f t dispatched from a lot the plan moves "
                         "nothing of",
                         a[0].dispatched))
                return MF_ENOMEM;
        }
        if (a[0].n_overdue > 0 &&
            add_diff(o, ri, MF_CAUSE_UNRECEIVED, 0, a[0].overdue, 0,
                     "%zu loads (%.1f t) without a receipt more than %g h "
                     "after they left",
                     a[0].n_overdue, a[0].overdue, p->unreceived_hours))
            return MF_ENOMEM;
        if (a[0].n_rejected > 0 &&
            add_diff(o, ri, MF_CAUSE_REJECTED, 0, a[0].rejected, 0,
                     "%zu loads (%.1f t) turned away at the gate",
                     a[0].n_rejected, a[0].rejected))
            return MF_ENOMEM;
    }
    return MF_OK;
}

int cust_balance(const struct cix *x, const struct mf_custody_opts *o,
                 struct mf_custody_balance **out, struct mf_error *err)
{
    const struct mf_registry *reg = x->reg;
    struct mf_custody_balance *b = NULL;
    struct dimset lots = {0}, sites = {0}, projs = {0}, munis = {0};
    struct acc *total = NULL, *nolot = NULL;
    struct strmap mmap;
    struct out w = {0};
    size_t nl = mf_registry_count(reg, MF_ENT_LOT);
    size_t ns = mf_registry_count(reg, MF_ENT_SITE);
    size_t np = mf_registry_count(reg, MF_ENT_PROJECT);
    size_t cols, i, k, cap_m = 0, nm = 0;
    struct keyed *order = NULL;
    double *tmp = NULL;
    int32_t from = o->from, to = o->to;
    int rc, c;
    const char **mkeys = NULL;

    *out = NULL;
    strmap_init(&mmap);
    b = calloc(1, sizeof *b);
    if (!b) {
        rc = mf_error_set(err, MF_ENOMEM, "out of memory");
        goto done;
    }
    if (from == MF_DATE_NONE || to == MF_DATE_NONE) {
        int32_t lo = INT32_MAX, hi = INT32_MIN;

        for (i = 0; i < x->nt; i++) {
            lo = x->t[i].day < lo ? x->t[i].day : lo;
            hi = x->t[i].day > hi ? x->t[i].day : hi;
        }
        if (x->nt == 0)
            lo = hi = cust_day_of(x->as_of);
        if (from == MF_DATE_NONE)
            from = lo;
        if (to == MF_DATE_NONE)
            to = hi;
    }
    rc = mf_periods_make(&b->periods, o->period, from, to, err);
    if (rc)
        goto done;
    cols = (size_t)b->periods.n + 1;
    tmp = calloc(cols, sizeof *tmp);
    total = calloc(cols, sizeof *total);
    nolot = calloc(cols, sizeof *nolot);
    if (!tmp || !total || !nolot || dimset_init(&lots, MF_CDIM_LOT, nl, cols) ||
        dimset_init(&sites, MF_CDIM_SITE, ns, cols) ||
        dimset_init(&projs, MF_CDIM_PROJECT, np, cols)) {
        rc = mf_error_set(err, MF_ENOMEM, "out of memory");
        goto done;
    }

    /* The registered surplus, and the lots that have rows. */
    for (i = 0; i < nl; i++) {
        const struct mf_lot *l = mf_registry_lot_at(reg, i);
        const char *m = mf_lot_municipality(reg, l);

        lots.key[i] = l->id;
        if (l->kind != MF_LOT_SUPPLY ||
            (o->municipality && (!m || strcmp(m, o->municipality))))
            continue;
        lots.on[i] = 1;
        spread_field(&b->periods, l->from, l->to, l->tonnes, &lots.a[i * cols],
                     offsetof(struct acc, surplus), tmp);
        k = (size_t)mf_registry_index(reg, MF_ENT_SITE, l->site);
        if (l->site && k < ns) {
            spread_field(&b->periods, l->from, l->to, l->tonnes,
                         &sites.a[k * cols], offsetof(struct acc, surplus),
                         tmp);
            sites.on[k] = 1;
        }
    }
    for (i = 0; i < ns; i++)
        sites.key[i] = mf_registry_site_at(reg, i)->id;
    for (i = 0; i < np; i++)
        projs.key[i] = mf_registry_project_at(reg, i)->id;

    /* The tickets. A ticket outside the periods counts in the whole
     * horizon only. */
    for (i = 0; i < x->nt; i++) {
        const struct cticket *c0 = &x->t[i];
        int p = mf_period_of(&b->periods, c0->day);
        int col = p < 0 ? 0 : p + 1;

        add_ticket_sites(x, c0, col, &sites, cols);
        if (site_kind(reg, c0->orig) == MF_SITE_PROCESSING)
            continue; /* a plant's product is no lot's masses */
        if (c0->lot < 0) {
            add_ticket_lot(x, c0, col, nolot);
            continue;
        }
        lots.on[c0->lot] = 1;
        add_ticket_lot(x, c0, col, &lots.a[(size_t)c0->lot * cols]);
    }
    if (o->plan) {
        add_plan(reg, o->plan, &b->periods, &lots, &sites, cols, tmp);
        w.have_plan = 1;
    }

    /* Projects, municipalities and the total: sums of their lots. */
    for (i = 0; i < nl; i++) {
        const struct mf_lot *l = mf_registry_lot_at(reg, i);
        const char *m = mf_lot_municipality(reg, l);
        int pj = mf_registry_index(reg, MF_ENT_PROJECT, l->project);
        int mi;

        if (!lots.on[i])
            continue;
        if (pj >= 0) {
            projs.on[pj] = 1;
            for (k = 0; k < cols; k++)
                acc_add(&projs.a[(size_t)pj * cols + k], &lots.a[i * cols + k]);
        }
        for (k = 0; k < cols; k++)
            acc_add(&total[k], &lots.a[i * cols + k]);
        if (!m)
            continue;
        mi = strmap_get(&mmap, m);
        if (mi < 0) {
            if (vec_reserve(mkeys, cap_m, nm + 1) ||
                strmap_put(&mmap, m, (int)nm)) {
                rc = mf_error_set(err, MF_ENOMEM, "out of memory");
                goto done;
            }
            mkeys[nm] = m;
            mi = (int)nm++;
        }
        (void)mi;
    }
    if (dimset_init(&munis, MF_CDIM_MUNICIPALITY, nm, cols)) {
        rc = mf_error_set(err, MF_ENOMEM, "out of memory");
        goto done;
    }
    for (i = 0; i < nm; i++) {
        munis.key[i] = mkeys[i];
        munis.on[i] = 1;
    }
    for (i = 0; i < nl; i++) {
        const struct mf_lot *l = mf_registry_lot_at(reg, i);
        const char *m = mf_lot_municipality(reg, l);
        int mi;

        if (!lots.on[i] || !m)
            continue;
        mi = strmap_get(&mmap, m);
        for (k = 0; k < cols; k++)
            acc_add(&munis.a[(size_t)mi * cols + k], &lots.a[i * cols + k]);
    }
    for (k = 0; k < cols; k++)
        acc_add(&total[k], &nolot[k]);

    /* The rows, by dimension, then key, then period. */
    w.b = b;
    w.x = x;
    rc = emit(&w, MF_CDIM_TOTAL, "", total, cols, -1, NULL);
    for (c = MF_CDIM_LOT; rc == MF_OK && c < MF_CDIM_COUNT; c++) {
        struct dimset *s = c == MF_CDIM_LOT       ? &lots
                           : c == MF_CDIM_SITE    ? &sites
                           : c == MF_CDIM_PROJECT ? &projs
                                                  : &munis;
        size_t n = 0;

        free(order);
        order = malloc((s->n + 1) * sizeof *order);
        if (!order) {
            rc = MF_ENOMEM;
            break;
        }
        for (i = 0; i < s->n; i++)
            if (s->on[i]) {
                order[n].key = s->key[i];
                order[n++].i = i;
            }
        qsort(order, n, sizeof *order, cmp_key);
        for (i = 0; rc == MF_OK && i < n; i++) {
            size_t e = order[i].i;
            int kind =
                c == MF_CDIM_SITE ? (int)mf_registry_site_at(reg, e)->kind : -1;

            rc = emit(&w, (enum mf_custody_dim)c, s->key[e], &s->a[e * cols],
                      cols, kind,
                      c == MF_CDIM_LOT ? mf_registry_lot_at(reg, e) : NULL);
        }
    }
    if (rc) {
        rc = mf_error_set(err, MF_ENOMEM, "out of memory");
        goto done;
    }
    b->tickets_in = x->nt;
    b->tickets_outside = x->outside;
    *out = b;
    b = NULL;

done:
    free(order);
    free(tmp);
    free(total);
    free(nolot);
    free(mkeys);
    strmap_free(&mmap);
    dimset_free(&lots);
    dimset_free(&sites);
    dimset_free(&projs);
    dimset_free(&munis);
    mf_custody_balance_free(b);
    return rc;
}

int mf_custody_balance(const struct mf_registry *reg,
                       const struct mf_custody_data *data,
                       const struct mf_custody_opts *opts,
                       struct mf_custody_balance **out, struct mf_error *err)
{
    struct mf_custody_opts dflt = MF_CUSTODY_OPTS_INIT;
    const struct mf_custody_opts *o = opts ? opts : &dflt;
    struct cix x;
    int rc;

    *out = NULL;
    rc = cix_build(&x, reg, data, o, err);
    if (rc)
        return rc;
    rc = cust_balance(&x, o, out, err);
    cix_free(&x);
    return rc;
}
