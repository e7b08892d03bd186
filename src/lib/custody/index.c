/*
 * index.c - the effective records, resolved once: corrections followed to
 * the last record of each chain, tickets and receipts filtered by the
 * moment and the municipality, ids turned into registry indices, and
 * declared quantities into tonnes. The balance, the checks and plan
 * against actual all start from this (custody_int.h).
 */
#include "custody/custody_int.h"

#include "util/strmap.h"
#include "util/vec.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* ------------------------------------------------------------------ */
/* Small helpers                                                        */
/* ------------------------------------------------------------------ */

int64_t cust_day_end(int32_t day)
{
    return ((int64_t)day + 1) * 86400 - 1;
}

int32_t cust_day_of(int64_t t)
{
    int64_t d = t / 86400;

    if (t < 0 && t % 86400)
        d--;
    return (int32_t)d;
}

double cust_site_km(const struct mf_registry *reg, int a, int b)
{
    const struct mf_site *sa, *sb;

    if (a < 0 || b < 0)
        return NAN;
    sa = mf_registry_site_at(reg, (size_t)a);
    sb = mf_registry_site_at(reg, (size_t)b);
    if (!sa->loc.epsg || !sb->loc.epsg)
        return NAN;
    return mf_distance_km(sa->loc.lon, sa->loc.lat, sb->loc.lon, sb->loc.lat);
}

double cust_tolerance(const struct mf_custody_params *p, double declared,
                      enum mf_state s)
{
    double rel = p->weigh_rel;

    if (s > MF_STATE_NONE && s < MF_STATE_COUNT)
        rel += p->volume_rel[s];
    return fabs(declared) * rel + p->weigh_abs_t;
}

/* ------------------------------------------------------------------ */
/* ixmap: indices keyed by their strings                                */
/* ------------------------------------------------------------------ */

static size_t hash_str(const char *s)
{
    return strmap_hash(s);
}

int ixmap_build(struct ixmap *m, size_t n, ixkey_fn key, const void *ctx)
{
    size_t cap = 16, i;

    while (cap < 2 * n)
        cap *= 2;
    m->slot = calloc(cap, sizeof *m->slot);
    m->hash = malloc(cap * sizeof *m->hash);
    m->mask = cap - 1;
    if (!m->slot || !m->hash) {
        ixmap_free(m);
        return MF_ENOMEM;
    }
    for (i = 0; i < n; i++) {
        const char *k = key(ctx, i);
        size_t full, h;

        if (!k)
            continue;
        full = hash_str(k);
        h = full & m->mask;
        /* The first record with an id keeps it; a repeated id is the
         * validation's to report. */
        while (m->slot[h]) {
            if (m->hash[h] == (uint32_t)full &&
                !strcmp(key(ctx, m->slot[h] - 1), k))
                break;
            h = (h + 1) & m->mask;
        }
        if (!m->slot[h]) {
            m->slot[h] = (uint32_t)(i + 1);
            m->hash[h] = (uint32_t)full;
        }
    }
    return MF_OK;
}

int64_t ixmap_get(const struct ixmap *m, const char *key, ixkey_fn key_of,
                  const void *ctx)
{
    size_t full, h;

    if (!key || !m->slot)
        return -1;
    full = hash_str(key);
    h = full & m->mask;
    while (m->slot[h]) {
        if (m->hash[h] == (uint32_t)full &&
            !strcmp(key_of(ctx, m->slot[h] - 1), key))
            return (int64_t)m->slot[h] - 1;
        h = (h + 1) & m->mask;
    }
    return -1;
}

void ixmap_free(struct ixmap *m)
{
    free(m->slot);
    free(m->hash);
    m->slot = NULL;
    m->hash = NULL;
}

static const char *ticket_key(const void *ctx, size_t i)
{
    return ((const struct mf_custody_data *)ctx)->tickets[i].id;
}

static const char *receipt_key(const void *ctx, size_t i)
{
    return ((const struct mf_custody_data *)ctx)->receipts[i].id;
}

/* ------------------------------------------------------------------ */
/* Registry look-ups with a one-entry memory                            */
/* ------------------------------------------------------------------ */

/* Tickets of one load come in runs from the same lot and sites, so the
 * last id looked up is usually the next one asked for. */
struct memo {
    const char *last;
    int idx;
};

static int memo_index(struct memo *mo, const struct mf_registry *reg,
                      enum mf_entity e, const char *id)
{
    if (!id)
        return -1;
    if (mo->last && (mo->last == id || !strcmp(mo->last, id)))
        return mo->idx;
    mo->last = id;
    mo->idx = mf_registry_index(reg, e, id);
    return mo->idx;
}

int64_t cix_head(const struct cix *x, size_t i)
{
    size_t steps = 0;
    int64_t k = (int64_t)i;

    /* A cycle of corrections is malformed (validation reports it); stop
     * after as many steps as there are records. */
    while (x->next && x->next[k] >= 0 && steps++ < x->d->n_tickets)
        k = x->next[k];
    return x->d->tickets[k].voids ? -1 : k;
}

static int in_municipality(const struct mf_registry *reg, int lot, int orig,
                           int dest, const char *muni)
{
    const char *m;

    if (!muni)
        return 1;
    if (lot >= 0) {
        m = mf_lot_municipality(reg, mf_registry_lot_at(reg, (size_t)lot));
        if (m && !strcmp(m, muni))
            return 1;
    }
    if (orig >= 0) {
        m = mf_registry_site_at(reg, (size_t)orig)->municipality;
        if (m && !strcmp(m, muni))
            return 1;
    }
    if (dest >= 0) {
        m = mf_registry_site_at(reg, (size_t)dest)->municipality;
        if (m && !strcmp(m, muni))
            return 1;
    }
    return 0;
}

/* ------------------------------------------------------------------ */
/* Building the index                                                   */
/* ------------------------------------------------------------------ */

/* Registrations remembered by their pointer: the same truck's tickets
 * share one string when a generator or a store interns them. */
#define VCACHE 1024

void cix_free(struct cix *x)
{
    free(x->t);
    free(x->r);
    free(x->vehicles);
    free(x->veh_rec);
    free(x->next);
    ixmap_free(&x->tmap);
    memset(x, 0, sizeof *x);
}

int cix_build(struct cix *x, const struct mf_registry *reg,
              const struct mf_custody_data *data,
              const struct mf_custody_opts *opts, struct mf_error *err)
{
    const struct mf_custody_data *d = data;
    struct ixmap rmap = {0};
    struct strmap vmap, vrec, dmap;
    struct memo mlot = {0}, morig = {0}, mdest = {0};
    int32_t *pos = NULL, *rnext = NULL;
    double *factor = NULL;
    size_t i, cap_v = 0, last_k = (size_t)-1;
    const char *last_doc = NULL;
    int last_doc_i = -1;
    struct vcache {
        const char *s;
        int v;
    } vcache[VCACHE] = {{0}};
    int n_mat, rc = MF_OK;
    const char *muni = opts ? opts->municipality : NULL;

    memset(x, 0, sizeof *x);
    strmap_init(&vmap);
    strmap_init(&vrec);
    strmap_init(&dmap);
    x->reg = reg;
    x->cat = mf_registry_catalog(reg);
    x->d = d;
    if (opts && opts->params)
        x->p = *opts->params;
    else
        mf_custody_params_default(&x->p);
    x->as_of = opts && opts->as_of != MF_TIME_NONE
                   ? opts->as_of
                   : cust_day_end(mf_catalog_today(x->cat));
    if (d->n_tickets >= UINT32_MAX || d->n_receipts >= UINT32_MAX) {
        rc = mf_error_set(err, MF_ERANGE, "too many records (%zu tickets)",
                          d->n_tickets);
        goto done;
    }

    /* Corrections: next[i] is the record that replaces ticket i. The id
     * table and the chains are built only when some record corrects
     * another, or a receipt is not in its ticket's order (below). */
    for (i = 0; i < d->n_tickets && !d->tickets[i].corrects; i++)
        ;
    if (i < d->n_tickets) {
        rc = ixmap_build(&x->tmap, d->n_tickets, ticket_key, d);
        x->next = malloc((d->n_tickets + 1) * sizeof *x->next);
        if (rc || !x->next) {
            rc = mf_error_set(err, MF_ENOMEM, "out of memory");
            goto done;
        }
        for (i = 0; i < d->n_tickets; i++)
            x->next[i] = -1;
    }
    pos = malloc((d->n_tickets + 1) * sizeof *pos);
    n_mat = mf_catalog_n_materials(x->cat);
    factor = malloc(((size_t)n_mat + 1) * MF_STATE_COUNT * sizeof *factor);
    x->t = malloc((d->n_tickets + 1) * sizeof *x->t);
    if (!pos || !factor || !x->t) {
        rc = mf_error_set(err, MF_ENOMEM, "out of memory");
        goto done;
    }
    for (i = 0; x->next && i < d->n_tickets; i++) {
        int64_t k;

        if (!d->tickets[i].corrects)
            continue;
        k = ixmap_get(&x->tmap, d->tickets[i].corrects, ticket_key, d);
        if (k >= 0 && (size_t)k != i && x->next[k] < (int32_t)i)
            x->next[k] = (int32_t)i;
    }
    for (i = 0; i < (size_t)n_mat * MF_STATE_COUNT; i++)
        factor[i] = -1;

    for (i = 0; i < d->n_tickets; i++) {
        const struct mf_ticket *tk = &d->tickets[i];
        struct cticket *c = &x->t[x->nt];
        int v;

        pos[i] = -1;
        if ((x->next && x->next[i] >= 0) || tk->voids)
            continue;
        c->lot = memo_index(&mlot, reg, MF_ENT_LOT, tk->lot);
        c->orig = memo_index(&morig, reg, MF_ENT_SITE, tk->origin);
        c->dest = memo_index(&mdest, reg, MF_ENT_SITE, tk->destination);
        if (tk->departed > x->as_of ||
            !in_municipality(reg, c->lot, c->orig, c->dest, muni)) {
            x->outside++;
            continue;
        }
        c->i = (uint32_t)i;
        c->rc = -1;
        c->day = cust_day_of(tk->departed);
        c->t = NAN;
        if (tk->material >= 0 && tk->material < n_mat &&
            tk->state > MF_STATE_NONE && tk->state < MF_STATE_COUNT) {
            double *f = &factor[(size_t)tk->material * MF_STATE_COUNT +
                                (size_t)tk->state];

            if (*f < 0 && mf_to_tonnes(x->cat, tk->material, 1.0, tk->state, f,
                                       NULL) != MF_OK)
                *f = NAN;
            c->t = tk->quantity * *f;
        }
        c->doc = -1;
        if (tk->quality_doc) {
            if (dmap.n == 0 && d->n_docs > 0) {
                size_t j;

                for (j = 0; j < d->n_docs; j++)
                    if (d->docs[j].id && strmap_get(&dmap, d->docs[j].id) < 0 &&
                        strmap_put(&dmap, d->docs[j].id, (int)j)) {
                        rc = mf_error_set(err, MF_ENOMEM, "out of memory");
                        goto done;
                    }
            }
            if (tk->quality_doc == last_doc)
                c->doc = last_doc_i;
            else
                c->doc = strmap_get(&dmap, tk->quality_doc);
            last_doc = tk->quality_doc;
            last_doc_i = c->doc;
            if (c->doc < 0)
                c->doc = -2;
        }
        c->veh = -1;
        if (tk->vehicle) {
            struct vcache *vc = &vcache[((uintptr_t)tk->vehicle >> 4) % VCACHE];

            if (vc->s == tk->vehicle) {
                c->veh = vc->v;
                pos[i] = (int32_t)x->nt;
                x->nt++;
                continue;
            }
            v = strmap_get(&vmap, tk->vehicle);
            if (v < 0) {
                if (vec_reserve(x->vehicles, cap_v, x->n_vehicles + 1) ||
                    strmap_put(&vmap, tk->vehicle, (int)x->n_vehicles)) {
                    rc = mf_error_set(err, MF_ENOMEM, "out of memory");
                    goto done;
                }
                v = (int)x->n_vehicles;
                x->vehicles[x->n_vehicles++] = tk->vehicle;
            }
            c->veh = v;
            vc->s = tk->vehicle;
            vc->v = v;
        }
        pos[i] = (int32_t)x->nt;
        x->nt++;
    }

    /* The vehicle register, by registration. */
    x->veh_rec = malloc((x->n_vehicles + 1) * sizeof *x->veh_rec);
    if (!x->veh_rec) {
        rc = mf_error_set(err, MF_ENOMEM, "out of memory");
        goto done;
    }
    for (i = 0; i < d->n_vehicles; i++)
        if (d->vehicles[i].registration &&
            strmap_get(&vrec, d->vehicles[i].registration) < 0 &&
            strmap_put(&vrec, d->vehicles[i].registration, (int)i)) {
            rc = mf_error_set(err, MF_ENOMEM, "out of memory");
            goto done;
        }
    for (i = 0; i < x->n_vehicles; i++)
        x->veh_rec[i] = strmap_get(&vrec, x->vehicles[i]);

    /* Receipts: the effective ones that arrived by as_of. */
    for (i = 0; i < d->n_receipts && !d->receipts[i].corrects; i++)
        ;
    if (i < d->n_receipts) {
        rc = ixmap_build(&rmap, d->n_receipts, receipt_key, d);
        rnext = malloc((d->n_receipts + 1) * sizeof *rnext);
        if (rc || !rnext) {
            rc = mf_error_set(err, MF_ENOMEM, "out of memory");
            goto done;
        }
        for (i = 0; i < d->n_receipts; i++)
            rnext[i] = -1;
    }
    x->r = malloc((d->n_receipts + 1) * sizeof *x->r);
    if (!x->r) {
        rc = mf_error_set(err, MF_ENOMEM, "out of memory");
        goto done;
    }
    for (i = 0; rnext && i < d->n_receipts; i++) {
        int64_t k;

        if (!d->receipts[i].corrects)
            continue;
        k = ixmap_get(&rmap, d->receipts[i].corrects, receipt_key, d);
        if (k >= 0 && (size_t)k != i && rnext[k] < (int32_t)i)
            rnext[k] = (int32_t)i;
    }
    for (i = 0; i < d->n_receipts; i++) {
        const struct mf_receipt *rr = &d->receipts[i];
        struct creceipt *c = &x->r[x->nr];
        int64_t k, h;

        if ((rnext && rnext[i] >= 0) || rr->voids || rr->arrived > x->as_of)
            continue;
        c->i = (uint32_t)i;
        c->t = -1;
        c->void_of = -1;
        c->dup_of = -1;
        /* Receipts mostly come in their tickets' order: try the few
         * tickets after the last one found (a load still on the road has
         * no receipt yet) before the id table, which is built at the
         * first miss. With ids given twice (an error the validation
         * reports) a receipt may bind to either record. */
        k = -1;
        if (rr->ticket) {
            size_t g2;

            for (g2 = last_k + 1; g2 < d->n_tickets && g2 < last_k + 9 && k < 0;
                 g2++)
                if (d->tickets[g2].id &&
                    (d->tickets[g2].id == rr->ticket ||
                     !strcmp(d->tickets[g2].id, rr->ticket)))
                    k = (int64_t)g2;
            if (k < 0) {
                if (!x->tmap.slot &&
                    ixmap_build(&x->tmap, d->n_tickets, ticket_key, d)) {
                    rc = mf_error_set(err, MF_ENOMEM, "out of memory");
                    goto done;
                }
                k = ixmap_get(&x->tmap, rr->ticket, ticket_key, d);
            }
            if (k >= 0)
                last_k = (size_t)k;
        }
        h = k >= 0 ? cix_head(x, (size_t)k) : -1;
        if (k >= 0 && h < 0) {
            c->void_of = (int32_t)k;
        } else if (h >= 0) {
            if (pos[h] < 0)
                continue; /* its ticket is out of scope */
            c->t = pos[h];
        }
        c->site = rr->site    ? mf_registry_index(reg, MF_ENT_SITE, rr->site)
                  : c->t >= 0 ? x->t[c->t].dest
                              : -1;
        if (c->t < 0 && muni && !in_municipality(reg, -1, -1, c->site, muni))
            continue;
        if (c->t >= 0) {
            if (x->t[c->t].rc >= 0) {
                c->dup_of = x->t[c->t].rc;
                c->t = -1;
            } else {
                x->t[c->t].rc = (int32_t)x->nr;
            }
        }
        x->nr++;
    }

done:
    /* The id table and the chains are needed only here; freeing them
     * keeps the peak of a large run down. */
    ixmap_free(&x->tmap);
    free(x->next);
    x->next = NULL;
    free(pos);
    free(rnext);
    free(factor);
    ixmap_free(&rmap);
    strmap_free(&vmap);
    strmap_free(&vrec);
    strmap_free(&dmap);
    if (rc)
        cix_free(x);
    return rc;
}
