/*
 * actual.c - what has moved by a moment, from the effective tickets and
 * their receipts, and the registry that is left to plan: each lot less
 * what left it or reached it, each receiving site's capacity less what it
 * took in, every window from that day on (`plan --from-actual`).
 *
 * A load has moved when its receipt is accepted by the moment: its
 * tonnes are the receiving weighbridge's, or the ticket's declared ones
 * when not weighed. A load in transit or turned away has not moved.
 * What a destination site took in meets its needs (demand lots at that
 * site) in registry order, each up to what it still needs.
 */
#include "masseflyt/custody.h"

#include "custody/custody_int.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

void mf_custody_moved_free(struct mf_custody_moved *m)
{
    if (!m)
        return;
    free(m->lot_t);
    free(m->site_t);
    memset(m, 0, sizeof *m);
}

int mf_custody_moved(const struct mf_registry *reg,
                     const struct mf_custody_data *data,
                     const struct mf_custody_opts *opts,
                     struct mf_custody_moved *out, struct mf_error *err)
{
    struct mf_custody_opts dflt = MF_CUSTODY_OPTS_INIT;
    const struct mf_custody_opts *o = opts ? opts : &dflt;
    size_t n_lots = mf_registry_count(reg, MF_ENT_LOT);
    size_t n_sites = mf_registry_count(reg, MF_ENT_SITE), i, k;
    struct cix x;
    int rc;

    memset(out, 0, sizeof *out);
    if ((rc = cix_build(&x, reg, data, o, err)))
        return rc;
    out->today = cust_day_of(x.as_of);
    out->lot_t = calloc(n_lots + 1, sizeof *out->lot_t);
    out->site_t = calloc(n_sites + 1, sizeof *out->site_t);
    if (!out->lot_t || !out->site_t) {
        rc = mf_error_set(err, MF_ENOMEM, "out of memory");
        goto done;
    }
    for (i = 0; i < x.nt; i++) {
        const struct cticket *t = &x.t[i];
        const struct mf_receipt *r;
        struct mf_receipt rbuf;
        const struct mf_lot *l;
        double moved;
        int site;

        if (t->rc < 0)
            continue; /* in transit */
        r = cust_receipt(data, x.r[t->rc].i, &rbuf);
        if (r->status != MF_RECEIPT_ACCEPTED)
            continue;
        moved = r->weighed_t >= 0 ? r->weighed_t : t->t;
        if (!(moved > 0))
            continue;
        site = x.r[t->rc].site >= 0 ? x.r[t->rc].site : t->dest;
        out->n_loads++;
        out->moved_t += moved;
        l = t->lot >= 0 ? mf_registry_lot_at(reg, (size_t)t->lot) : NULL;
        if (l && l->kind == MF_LOT_SUPPLY)
            out->lot_t[t->lot] += moved;
        if (site < 0)
            continue;
        out->site_t[site] += moved;
        /* The needs at the site it reached, in registry order. */
        for (k = 0; k < n_lots && moved > 0; k++) {
            const struct mf_lot *d = mf_registry_lot_at(reg, k);
            double room;

            if (d->kind != MF_LOT_DEMAND || !d->site ||
                strcmp(d->site, mf_registry_site_at(reg, (size_t)site)->id))
                continue;
            room = d->tonnes - out->lot_t[k];
            if (!(room > 0))
                continue;
            room = room < moved ? room : moved;
            out->lot_t[k] += room;
            moved -= room;
        }
    }
done:
    if (rc)
        mf_custody_moved_free(out);
    cix_free(&x);
    return rc;
}

/* A copy of q scaled to `tonnes` of `was` tonnes (the quantity as given
 * keeps its volume state). */
static double scaled(double q, double was, double tonnes)
{
    return was > 0 ? q * (tonnes / was) : tonnes;
}

int mf_custody_remaining(const struct mf_registry *reg,
                         const struct mf_custody_moved *m,
                         struct mf_registry **out, struct mf_error *err)
{
    struct mf_registry *r = NULL;
    size_t i;
    int rc;

    *out = NULL;
    if ((rc = mf_registry_new(&r, mf_registry_catalog(reg), err)))
        return rc;
    for (i = 0; rc == MF_OK && i < mf_registry_count(reg, MF_ENT_ORG); i++)
        rc = mf_registry_put_org(r, mf_registry_org_at(reg, i));
    for (i = 0; rc == MF_OK && i < mf_registry_count(reg, MF_ENT_PROJECT); i++)
        rc = mf_registry_put_project(r, mf_registry_project_at(reg, i));
    for (i = 0; rc == MF_OK && i < mf_registry_count(reg, MF_ENT_SITE); i++) {
        struct mf_site s = *mf_registry_site_at(reg, i);

        if (s.kind == MF_SITE_RECEIVING && s.capacity_t >= 0 &&
            m->site_t[i] > 0) {
            double left = s.capacity_t - m->site_t[i];
            left = left > 0 ? left : 0;
            s.capacity = scaled(s.capacity, s.capacity_t, left);
            s.capacity_t = left;
        }
        rc = mf_registry_put_site(r, &s);
    }
    for (i = 0; rc == MF_OK && i < mf_registry_count(reg, MF_ENT_LOT); i++) {
        struct mf_lot l = *mf_registry_lot_at(reg, i);
        double left = l.tonnes - m->lot_t[i];

        /* Done (to the half tonne the plan counts in): nothing to plan. */
        if (m->lot_t[i] > 0 && !(left >= 0.5))
            continue;
        if (m->lot_t[i] > 0) {
            l.quantity = scaled(l.quantity, l.tonnes, left);
            if (l.stockpile_t > left)
                l.stockpile_t = left;
            l.tonnes = left;
        }
        /* What is left can move from today on, also where its window has
         * passed: it is still there, or still needed. */
        if (l.from < m->today)
            l.from = m->today;
        if (l.to < l.from)
            l.to = l.from;
        rc = mf_registry_put_lot(r, &l);
    }
    if (rc) {
        mf_registry_free(r);
        return mf_error_set(err, rc, "out of memory");
    }
    *out = r;
    return MF_OK;
}
