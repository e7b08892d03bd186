/*
 * index.c - the effective records, resolved once: corrections followed to
 * the last record of each chain, tickets and receipts filtered by the
 * moment and the municipality, ids turned into registry indices, and
 * declared quantities into tonnes. The balance, the checks and plan
 * against actual all start from this (custody_int.h).
 */
#define _DEFAULT_SOURCE /* MADV_HUGEPAGE */
#include "custody/custody_int.h"

#include "util/strmap.h"
#include "util/vec.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

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

void cust_huge(void *p, size_t bytes)
{
#ifdef MADV_HUGEPAGE
    const uintptr_t huge = (uintptr_t)2 << 20;
    uintptr_t from = ((uintptr_t)p + huge - 1) & ~(huge - 1);
    uintptr_t to = ((uintptr_t)p + bytes) & ~(huge - 1);

    /* Advice only: where the kernel gives no huge pages, small ones. */
    if (p && bytes >= 4 * huge && to > from)
        (void)madvise((void *)from, (size_t)(to - from), MADV_HUGEPAGE);
#else
    (void)p;
    (void)bytes;
#endif
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

    /* At most three quarters full: short probes, half the memory of a
     * table twice the keys. */
    while (cap < n + n / 3 + 1)
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
    return cust_ticket_id(ctx, i);
}

static const char *receipt_key(const void *ctx, size_t i)
{
    return cust_receipt_id(ctx, i);
}

static const char *array_key(const void *ctx, size_t i)
{
    return ((const char *const *)ctx)[i];
}

/* For each of the n keys, the first of the n_ids records whose id it is
 * (-1 when none): one pass over the ids, each looked up in a table of the
 * keys. The keys (corrections, receipts not found in their tickets'
 * order) are mostly few, so the table stays in cache, where a table of
 * every id would be written all over a large block; the answer is the
 * same (the first record with an id). */
static int resolve_first(const char *const *keys, size_t n, int64_t *out,
                         ixkey_fn id_of, const void *ctx, size_t n_ids)
{
    struct ixmap km = {0};
    int64_t *first;
    size_t i, left = n;

    if (n == 0)
        return MF_OK;
    first = malloc(n * sizeof *first);
    if (!first || ixmap_build(&km, n, array_key, keys)) {
        free(first);
        return MF_ENOMEM;
    }
    for (i = 0; i < n; i++)
        first[i] = -1;
    for (i = 0; i < n_ids && left; i++) {
        const char *id = id_of(ctx, i);
        int64_t u;

        if (!id)
            continue;
        u = ixmap_get(&km, id, array_key, keys);
        if (u >= 0 && first[u] < 0) {
            first[u] = (int64_t)i;
            left--;
        }
    }
    for (i = 0; i < n; i++) {
        int64_t u = keys[i] ? ixmap_get(&km, keys[i], array_key, keys) : -1;

        out[i] = u >= 0 ? first[u] : -1;
    }
    free(first);
    ixmap_free(&km);
    return MF_OK;
}

/* next[i]: the last record (by position) that names record i as the one
 * it corrects, -1; NULL in *next when no record corrects another. */
static int chains(size_t n, const char *(*corr)(const void *, size_t),
                  ixkey_fn id_of, const void *ctx, int32_t **next)
{
    const char **keys = NULL;
    uint32_t *who = NULL;
    int64_t *k = NULL;
    size_t i, m = 0;
    int rc = MF_OK;

    *next = NULL;
    for (i = 0; i < n; i++)
        m += corr(ctx, i) != NULL;
    if (m == 0)
        return MF_OK;
    keys = malloc(m * sizeof *keys);
    who = malloc(m * sizeof *who);
    k = malloc(m * sizeof *k);
    *next = malloc((n + 1) * sizeof **next);
    if (!keys || !who || !k || !*next) {
        rc = MF_ENOMEM;
        goto done;
    }
    for (i = 0, m = 0; i < n; i++) {
        (*next)[i] = -1;
        if (corr(ctx, i)) {
            keys[m] = corr(ctx, i);
            who[m++] = (uint32_t)i;
        }
    }
    rc = resolve_first(keys, m, k, id_of, ctx, n);
    for (i = 0; rc == MF_OK && i < m; i++)
        if (k[i] >= 0 && (size_t)k[i] != who[i] &&
            (*next)[k[i]] < (int32_t)who[i])
            (*next)[k[i]] = (int32_t)who[i];
done:
    free(keys);
    free(who);
    free(k);
    if (rc) {
        free(*next);
        *next = NULL;
    }
    return rc;
}

static const char *ticket_corr(const void *ctx, size_t i)
{
    return cust_ticket_corrects(ctx, i);
}

static const char *receipt_corr(const void *ctx, size_t i)
{
    return cust_receipt_corrects(ctx, i);
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
    return cust_ticket_voids(x->d, (size_t)k) ? -1 : k;
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
    memset(x, 0, sizeof *x);
}

int cix_build(struct cix *x, const struct mf_registry *reg,
              const struct mf_custody_data *data,
              const struct mf_custody_opts *opts, struct mf_error *err)
{
    const struct mf_custody_data *d = data;
    struct strmap vmap, vrec, dmap;
    struct memo mlot = {0}, morig = {0}, mdest = {0};
    int32_t *pos = NULL, *rnext = NULL;
    double *factor = NULL;
    struct ixmap tmap = {0};
    uint32_t *miss = NULL;
    size_t i, cap_v = 0, last_k = (size_t)-1, n_miss = 0, cap_miss = 0;
    size_t run_miss = 0;
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

    /* Corrections: next[i] is the record that replaces ticket i; no
     * chains when no record corrects another. */
    if (chains(d->n_tickets, ticket_corr, ticket_key, d, &x->next)) {
        rc = mf_error_set(err, MF_ENOMEM, "out of memory");
        goto done;
    }
    pos = malloc((d->n_tickets + 1) * sizeof *pos);
    n_mat = mf_catalog_n_materials(x->cat);
    factor = malloc(((size_t)n_mat + 1) * MF_STATE_COUNT * sizeof *factor);
    x->t = malloc((d->n_tickets + 1) * sizeof *x->t);
    if (!pos || !factor || !x->t) {
        rc = mf_error_set(err, MF_ENOMEM, "out of memory");
        goto done;
    }
    cust_huge(pos, (d->n_tickets + 1) * sizeof *pos);
    cust_huge(x->t, (d->n_tickets + 1) * sizeof *x->t);
    for (i = 0; i < (size_t)n_mat * MF_STATE_COUNT; i++)
        factor[i] = -1;

    for (i = 0; i < d->n_tickets; i++) {
        struct mf_ticket tbuf;
        const struct mf_ticket *tk = cust_ticket(d, i, &tbuf);
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
    if (chains(d->n_receipts, receipt_corr, receipt_key, d, &rnext)) {
        rc = mf_error_set(err, MF_ENOMEM, "out of memory");
        goto done;
    }
    x->r = malloc((d->n_receipts + 1) * sizeof *x->r);
    if (!x->r) {
        rc = mf_error_set(err, MF_ENOMEM, "out of memory");
        goto done;
    }
    cust_huge(x->r, (d->n_receipts + 1) * sizeof *x->r);
    /* First the ticket each receipt names, kept in x->r[i] until the
     * pass below packs the receipts in scope. Receipts mostly come in
     * their tickets' order: try the few tickets after the last one found
     * (a load still on the road has no receipt yet); the others (misses)
     * are looked up together in one pass over the tickets, unless many
     * come in a row (below). With ids
     * given twice (an error the validation reports) a receipt may bind
     * to either record. */
    for (i = 0; i < d->n_receipts; i++) {
        struct mf_receipt rbuf;
        const struct mf_receipt *rr = cust_receipt(d, i, &rbuf);
        int64_t k = -1;

        x->r[i].i = 0; /* skipped */
        if ((rnext && rnext[i] >= 0) || rr->voids || rr->arrived > x->as_of)
            continue;
        x->r[i].i = 1;
        if (rr->ticket) {
            size_t g2;
            const char *id2;

            for (g2 = last_k + 1; g2 < d->n_tickets && g2 < last_k + 9 && k < 0;
                 g2++)
                if ((id2 = cust_ticket_id(d, g2)) &&
                    (id2 == rr->ticket || !strcmp(id2, rr->ticket)))
                    k = (int64_t)g2;
            /* Many misses in a row: the receipts do not follow their
             * tickets (or the window lost them), so from here on a table
             * of every ticket id answers the misses and brings the
             * window back. */
            if (k < 0 && run_miss >= 8 && !tmap.slot &&
                ixmap_build(&tmap, d->n_tickets, ticket_key, d)) {
                rc = mf_error_set(err, MF_ENOMEM, "out of memory");
                goto done;
            }
            if (k < 0 && tmap.slot)
                k = ixmap_get(&tmap, rr->ticket, ticket_key, d);
            if (k >= 0) {
                last_k = (size_t)k;
                run_miss = 0;
            } else if (!tmap.slot) {
                if (vec_reserve(miss, cap_miss, n_miss + 1)) {
                    rc = mf_error_set(err, MF_ENOMEM, "out of memory");
                    goto done;
                }
                miss[n_miss++] = (uint32_t)i;
                run_miss++;
            }
        }
        x->r[i].t = (int32_t)k;
    }
    if (n_miss) {
        const char **keys = malloc(n_miss * sizeof *keys);
        int64_t *k = malloc(n_miss * sizeof *k);

        for (i = 0; keys && k && i < n_miss; i++)
            keys[i] = cust_receipt_ticket(d, miss[i]);
        if (!keys || !k ||
            resolve_first(keys, n_miss, k, ticket_key, d, d->n_tickets)) {
            free(keys);
            free(k);
            rc = mf_error_set(err, MF_ENOMEM, "out of memory");
            goto done;
        }
        for (i = 0; i < n_miss; i++)
            x->r[miss[i]].t = (int32_t)k[i];
        free(keys);
        free(k);
    }
    for (i = 0; i < d->n_receipts; i++) {
        struct mf_receipt rbuf;
        const struct mf_receipt *rr;
        struct creceipt *c = &x->r[x->nr];
        int64_t k, h;

        /* x->nr <= i: c is this receipt's slot or one already read. */
        if (!x->r[i].i)
            continue;
        rr = cust_receipt(d, i, &rbuf);
        k = x->r[i].t;
        c->i = (uint32_t)i;
        c->t = -1;
        c->void_of = -1;
        c->dup_of = -1;
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
    /* The chains are needed only here; freeing them keeps the peak of a
     * large run down. */
    free(miss);
    ixmap_free(&tmap);
    free(x->next);
    x->next = NULL;
    free(pos);
    free(rnext);
    free(factor);
    strmap_free(&vmap);
    strmap_free(&vrec);
    strmap_free(&dmap);
    if (rc)
        cix_free(x);
    return rc;
}

int mf_custody_balance_check(const struct mf_registry *reg,
                             const struct mf_custody_data *data,
                             const struct mf_custody_opts *opts, unsigned mask,
                             struct mf_custody_balance **balance,
                             struct mf_custody_findings **findings,
                             struct mf_error *err)
{
    struct mf_custody_opts dflt = MF_CUSTODY_OPTS_INIT;
    const struct mf_custody_opts *o = opts ? opts : &dflt;
    struct mf_custody_balance *b = NULL;
    struct mf_custody_findings *f = NULL;
    struct cix x;
    int rc;

    if (balance)
        *balance = NULL;
    if (findings)
        *findings = NULL;
    rc = cix_build(&x, reg, data, o, err);
    if (rc)
        return rc;
    if (balance)
        rc = cust_balance(&x, o, &b, err);
    if (rc == MF_OK && findings)
        rc = cust_check(&x, o, mask, &f, err);
    cix_free(&x);
    if (rc) {
        mf_custody_balance_free(b);
        mf_custody_findings_free(f);
        return rc;
    }
    if (balance)
        *balance = b;
    if (findings)
        *findings = f;
    return MF_OK;
}
