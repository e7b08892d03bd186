/*
 * set.c - a compact set of custody records (struct mf_custody_set): what
 * the balance, the checks and plan against actual read in bulk, held in
 * about half the memory of the public structs.
 *
 * Every string is kept once in one text buffer and named by its 32-bit
 * offset there (0: none). The strings many records share (lots, sites,
 * hauliers, vehicles, quality documents, reasons) are interned: one copy
 * each. A receipt's ticket id shares the ticket's copy when it names one
 * of the tickets just before it (the usual order). Corrections and
 * reasons are rare, so they live in a side table of the records that
 * have them. A record read back (mf_custody_set_ticket) has every field
 * of the record put, pointing into the set.
 */
#include "custody/custody_int.h"

#include "util/strmap.h"

#include <stdlib.h>
#include <string.h>

#define F_VOIDS 1u
#define F_EXTRA 2u /* corrects or reason in the side table */

struct set_ticket {
    int64_t departed;
    double quantity;
    uint32_t id, code, lot, origin, destination, haulier, vehicle, doc;
    int32_t material;
    uint8_t state;
    uint8_t flags;
};

struct set_receipt {
    int64_t arrived;
    double weighed_t;
    uint32_t id, ticket, site;
    uint8_t status;
    uint8_t flags;
};

/* corrects and reason of record i (sorted by i: records come in order). */
struct set_extra {
    size_t i;
    uint32_t corrects, reason;
};

struct set_doc {
    uint32_t id, sha256, source;
    uint32_t lots; /* into lot_ix: n_lots offsets */
    int n_lots;
    double tonnes;
    int32_t issued;
};

struct set_vehicle {
    uint32_t registration, haulier, truck;
    double payload_t;
};

struct mf_custody_set {
    char *text; /* NUL-terminated strings; text[0] = "" (none) */
    size_t n_text, cap_text;
    uint32_t *slot; /* interned strings: offset, 0 = empty */
    uint32_t *hash;
    size_t mask, n_interned;
    struct set_ticket *t;
    size_t nt, cap_t;
    struct set_receipt *r;
    size_t nr, cap_r;
    struct set_extra *tx, *rx;
    size_t ntx, cap_tx, nrx, cap_rx;
    size_t last_match; /* the ticket a receipt named last, + 1 */
    struct set_doc *docs;
    size_t nd, cap_d;
    uint32_t *lot_ix;
    size_t n_lot_ix, cap_lot_ix;
    struct set_vehicle *veh;
    size_t nv, cap_v;
    /* What mf_custody_set_data hands out, rebuilt on each call. */
    struct mf_quality_doc *out_docs;
    const char **out_lots;
    struct mf_vehicle *out_veh;
};

static int grow(void **p, size_t *cap, size_t need, size_t size)
{
    size_t c = *cap ? *cap : 64;
    void *q;

    if (need <= *cap)
        return MF_OK;
    while (c < need)
        c *= 2;
    q = realloc(*p, c * size);
    if (!q)
        return MF_ENOMEM;
    *p = q;
    *cap = c;
    return MF_OK;
}

/* Appends s (may be NULL: offset 0) to the text; *off its offset. */
static int put_text(struct mf_custody_set *s, const char *str, uint32_t *off)
{
    size_t len;

    *off = 0;
    if (!str)
        return MF_OK;
    len = strlen(str) + 1;
    if (s->n_text + len > UINT32_MAX)
        return MF_ERANGE;
    if (grow((void **)&s->text, &s->cap_text, s->n_text + len, 1))
        return MF_ENOMEM;
    memcpy(s->text + s->n_text, str, len);
    *off = (uint32_t)s->n_text;
    s->n_text += len;
    return MF_OK;
}

static int rehash(struct mf_custody_set *s, size_t cap)
{
    uint32_t *slot = calloc(cap, sizeof *slot),
             *hash = malloc(cap * sizeof *hash);
    size_t i;

    if (!slot || !hash) {
        free(slot);
        free(hash);
        return MF_ENOMEM;
    }
    for (i = 0; s->slot && i <= s->mask; i++)
        if (s->slot[i]) {
            size_t h = s->hash[i] & (cap - 1);

            while (slot[h])
                h = (h + 1) & (cap - 1);
            slot[h] = s->slot[i];
            hash[h] = s->hash[i];
        }
    free(s->slot);
    free(s->hash);
    s->slot = slot;
    s->hash = hash;
    s->mask = cap - 1;
    return MF_OK;
}

/* The one copy of str (NULL: 0). */
static int intern(struct mf_custody_set *s, const char *str, uint32_t *off)
{
    size_t full, h;
    int rc;

    *off = 0;
    if (!str)
        return MF_OK;
    if ((s->n_interned + 1) * 4 > (s->slot ? s->mask + 1 : 0) * 3 &&
        rehash(s, s->slot ? 2 * (s->mask + 1) : 256))
        return MF_ENOMEM;
    full = strmap_hash(str);
    h = full & s->mask;
    while (s->slot[h]) {
        if (s->hash[h] == (uint32_t)full &&
            !strcmp(s->text + s->slot[h], str)) {
            *off = s->slot[h];
            return MF_OK;
        }
        h = (h + 1) & s->mask;
    }
    if ((rc = put_text(s, str, off)))
        return rc;
    s->slot[h] = *off;
    s->hash[h] = (uint32_t)full;
    s->n_interned++;
    return MF_OK;
}

static const char *str_at(const struct mf_custody_set *s, uint32_t off)
{
    return off ? s->text + off : NULL;
}

int mf_custody_set_new(struct mf_custody_set **out)
{
    struct mf_custody_set *s = calloc(1, sizeof *s);

    *out = NULL;
    if (!s || grow((void **)&s->text, &s->cap_text, 1, 1)) {
        free(s);
        return MF_ENOMEM;
    }
    s->text[0] = '\0';
    s->n_text = 1;
    *out = s;
    return MF_OK;
}

void mf_custody_set_free(struct mf_custody_set *s)
{
    if (!s)
        return;
    free(s->text);
    free(s->slot);
    free(s->hash);
    free(s->t);
    free(s->r);
    free(s->tx);
    free(s->rx);
    free(s->docs);
    free(s->lot_ix);
    free(s->veh);
    free(s->out_docs);
    free(s->out_lots);
    free(s->out_veh);
    free(s);
}

static int put_extra(struct set_extra **x, size_t *n, size_t *cap, size_t i,
                     uint32_t corrects, uint32_t reason)
{
    if (grow((void **)x, cap, *n + 1, sizeof **x))
        return MF_ENOMEM;
    (*x)[*n].i = i;
    (*x)[*n].corrects = corrects;
    (*x)[*n].reason = reason;
    (*n)++;
    return MF_OK;
}

static const struct set_extra *get_extra(const struct set_extra *x, size_t n,
                                         size_t i)
{
    size_t lo = 0, hi = n;

    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;

        if (x[mid].i < i)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < n && x[lo].i == i ? &x[lo] : NULL;
}

int mf_custody_set_add_ticket(struct mf_custody_set *s,
                              const struct mf_ticket *tk)
{
    struct set_ticket t;
    uint32_t corrects = 0, reason = 0;
    int rc;

    memset(&t, 0, sizeof t);
    if (s->nt >= UINT32_MAX - 1)
        return MF_ERANGE;
    if (grow((void **)&s->t, &s->cap_t, s->nt + 1, sizeof *s->t))
        return MF_ENOMEM;
    if ((rc = put_text(s, tk->id, &t.id)) ||
        (rc = put_text(s, tk->code, &t.code)) ||
        (rc = intern(s, tk->lot, &t.lot)) ||
        (rc = intern(s, tk->origin, &t.origin)) ||
        (rc = intern(s, tk->destination, &t.destination)) ||
        (rc = intern(s, tk->haulier, &t.haulier)) ||
        (rc = intern(s, tk->vehicle, &t.vehicle)) ||
        (rc = intern(s, tk->quality_doc, &t.doc)) ||
        (rc = put_text(s, tk->corrects, &corrects)) ||
        (rc = intern(s, tk->reason, &reason)))
        return rc;
    t.departed = tk->departed;
    t.quantity = tk->quantity;
    t.material = tk->material;
    t.state = (uint8_t)tk->state;
    t.flags = tk->voids ? F_VOIDS : 0;
    if (corrects || reason) {
        if (put_extra(&s->tx, &s->ntx, &s->cap_tx, s->nt, corrects, reason))
            return MF_ENOMEM;
        t.flags |= F_EXTRA;
    }
    s->t[s->nt++] = t;
    return MF_OK;
}

int mf_custody_set_add_receipt(struct mf_custody_set *s,
                               const struct mf_receipt *rr)
{
    struct set_receipt r;
    uint32_t corrects = 0, reason = 0;
    size_t g;
    int rc;

    memset(&r, 0, sizeof r);
    if (s->nr >= UINT32_MAX - 1)
        return MF_ERANGE;
    if (grow((void **)&s->r, &s->cap_r, s->nr + 1, sizeof *s->r))
        return MF_ENOMEM;
    if (rr->ticket) {
        /* The ticket's own copy when it is one of the next few after the
         * last one named. */
        for (g = s->last_match; g < s->nt && g < s->last_match + 8; g++)
            if (s->t[g].id && !strcmp(s->text + s->t[g].id, rr->ticket)) {
                r.ticket = s->t[g].id;
                s->last_match = g + 1;
                break;
            }
        if (!r.ticket && (rc = put_text(s, rr->ticket, &r.ticket)))
            return rc;
    }
    if ((rc = put_text(s, rr->id, &r.id)) ||
        (rc = intern(s, rr->site, &r.site)) ||
        (rc = put_text(s, rr->corrects, &corrects)) ||
        (rc = intern(s, rr->reason, &reason)))
        return rc;
    r.arrived = rr->arrived;
    r.weighed_t = rr->weighed_t;
    r.status = (uint8_t)rr->status;
    r.flags = rr->voids ? F_VOIDS : 0;
    if (corrects || reason) {
        if (put_extra(&s->rx, &s->nrx, &s->cap_rx, s->nr, corrects, reason))
            return MF_ENOMEM;
        r.flags |= F_EXTRA;
    }
    s->r[s->nr++] = r;
    return MF_OK;
}

int mf_custody_set_add_doc(struct mf_custody_set *s,
                           const struct mf_quality_doc *q)
{
    struct set_doc d;
    int j, rc;

    memset(&d, 0, sizeof d);
    if (grow((void **)&s->docs, &s->cap_d, s->nd + 1, sizeof *s->docs) ||
        grow((void **)&s->lot_ix, &s->cap_lot_ix,
             s->n_lot_ix + (size_t)(q->n_lots > 0 ? q->n_lots : 0) + 1,
             sizeof *s->lot_ix))
        return MF_ENOMEM;
    if ((rc = intern(s, q->id, &d.id)) ||
        (rc = put_text(s, q->sha256, &d.sha256)) ||
        (rc = intern(s, q->source, &d.source)))
        return rc;
    d.lots = (uint32_t)s->n_lot_ix;
    d.n_lots = q->n_lots;
    for (j = 0; j < q->n_lots; j++)
        if ((rc = intern(s, q->lots[j], &s->lot_ix[s->n_lot_ix + (size_t)j])))
            return rc;
    s->n_lot_ix += (size_t)(q->n_lots > 0 ? q->n_lots : 0);
    d.tonnes = q->tonnes;
    d.issued = q->issued;
    s->docs[s->nd++] = d;
    return MF_OK;
}

int mf_custody_set_add_vehicle(struct mf_custody_set *s,
                               const struct mf_vehicle *v)
{
    struct set_vehicle w;
    int rc;

    memset(&w, 0, sizeof w);
    if (grow((void **)&s->veh, &s->cap_v, s->nv + 1, sizeof *s->veh))
        return MF_ENOMEM;
    if ((rc = intern(s, v->registration, &w.registration)) ||
        (rc = intern(s, v->haulier, &w.haulier)) ||
        (rc = intern(s, v->truck, &w.truck)))
        return rc;
    w.payload_t = v->payload_t;
    s->veh[s->nv++] = w;
    return MF_OK;
}

int mf_custody_set_add(struct mf_custody_set *s,
                       const struct mf_custody_data *d)
{
    struct mf_ticket tb;
    struct mf_receipt rb;
    size_t i;
    int rc = MF_OK;

    for (i = 0; rc == MF_OK && i < d->n_tickets; i++)
        rc = mf_custody_set_add_ticket(s, cust_ticket(d, i, &tb));
    for (i = 0; rc == MF_OK && i < d->n_receipts; i++)
        rc = mf_custody_set_add_receipt(s, cust_receipt(d, i, &rb));
    for (i = 0; rc == MF_OK && i < d->n_docs; i++)
        rc = mf_custody_set_add_doc(s, &d->docs[i]);
    for (i = 0; rc == MF_OK && i < d->n_vehicles; i++)
        rc = mf_custody_set_add_vehicle(s, &d->vehicles[i]);
    return rc;
}

int mf_custody_set_data(struct mf_custody_set *s, struct mf_custody_data *out)
{
    size_t i;

    free(s->out_docs);
    free(s->out_lots);
    free(s->out_veh);
    s->out_docs = malloc((s->nd + 1) * sizeof *s->out_docs);
    s->out_lots = malloc((s->n_lot_ix + 1) * sizeof *s->out_lots);
    s->out_veh = malloc((s->nv + 1) * sizeof *s->out_veh);
    memset(out, 0, sizeof *out);
    if (!s->out_docs || !s->out_lots || !s->out_veh)
        return MF_ENOMEM;
    for (i = 0; i < s->n_lot_ix; i++)
        s->out_lots[i] = str_at(s, s->lot_ix[i]);
    for (i = 0; i < s->nd; i++) {
        const struct set_doc *d = &s->docs[i];
        struct mf_quality_doc *q = &s->out_docs[i];

        q->id = str_at(s, d->id);
        q->sha256 = str_at(s, d->sha256);
        q->lots = s->out_lots + d->lots;
        q->n_lots = d->n_lots;
        q->tonnes = d->tonnes;
        q->issued = d->issued;
        q->source = str_at(s, d->source);
    }
    for (i = 0; i < s->nv; i++) {
        s->out_veh[i].registration = str_at(s, s->veh[i].registration);
        s->out_veh[i].haulier = str_at(s, s->veh[i].haulier);
        s->out_veh[i].truck = str_at(s, s->veh[i].truck);
        s->out_veh[i].payload_t = s->veh[i].payload_t;
    }
    out->n_tickets = s->nt;
    out->n_receipts = s->nr;
    out->docs = s->out_docs;
    out->n_docs = s->nd;
    out->vehicles = s->out_veh;
    out->n_vehicles = s->nv;
    out->set = s;
    return MF_OK;
}

const struct mf_ticket *mf_custody_set_ticket(const struct mf_custody_set *s,
                                              size_t i, struct mf_ticket *out)
{
    const struct set_ticket *t = &s->t[i];

    out->id = str_at(s, t->id);
    out->code = str_at(s, t->code);
    out->lot = str_at(s, t->lot);
    out->origin = str_at(s, t->origin);
    out->destination = str_at(s, t->destination);
    out->haulier = str_at(s, t->haulier);
    out->vehicle = str_at(s, t->vehicle);
    out->material = t->material;
    out->quantity = t->quantity;
    out->state = (enum mf_state)t->state;
    out->departed = t->departed;
    out->quality_doc = str_at(s, t->doc);
    out->corrects = NULL;
    out->reason = NULL;
    out->voids = (t->flags & F_VOIDS) != 0;
    if (t->flags & F_EXTRA) {
        const struct set_extra *x = get_extra(s->tx, s->ntx, i);

        out->corrects = str_at(s, x->corrects);
        out->reason = str_at(s, x->reason);
    }
    return out;
}

const struct mf_receipt *mf_custody_set_receipt(const struct mf_custody_set *s,
                                                size_t i,
                                                struct mf_receipt *out)
{
    const struct set_receipt *r = &s->r[i];

    out->id = str_at(s, r->id);
    out->ticket = str_at(s, r->ticket);
    out->site = str_at(s, r->site);
    out->arrived = r->arrived;
    out->weighed_t = r->weighed_t;
    out->status = (enum mf_receipt_status)r->status;
    out->reason = NULL;
    out->corrects = NULL;
    out->voids = (r->flags & F_VOIDS) != 0;
    if (r->flags & F_EXTRA) {
        const struct set_extra *x = get_extra(s->rx, s->nrx, i);

        out->corrects = str_at(s, x->corrects);
        out->reason = str_at(s, x->reason);
    }
    return out;
}

/* The fields the hot loops read one at a time. */
const char *cset_ticket_id(const struct mf_custody_set *s, size_t i)
{
    return str_at(s, s->t[i].id);
}

const char *cset_receipt_id(const struct mf_custody_set *s, size_t i)
{
    return str_at(s, s->r[i].id);
}

const char *cset_receipt_ticket(const struct mf_custody_set *s, size_t i)
{
    return str_at(s, s->r[i].ticket);
}

const char *cset_ticket_corrects(const struct mf_custody_set *s, size_t i)
{
    const struct set_extra *x;

    if (!(s->t[i].flags & F_EXTRA))
        return NULL;
    x = get_extra(s->tx, s->ntx, i);
    return str_at(s, x->corrects);
}

const char *cset_receipt_corrects(const struct mf_custody_set *s, size_t i)
{
    const struct set_extra *x;

    if (!(s->r[i].flags & F_EXTRA))
        return NULL;
    x = get_extra(s->rx, s->nrx, i);
    return str_at(s, x->corrects);
}

int cset_ticket_voids(const struct mf_custody_set *s, size_t i)
{
    return (s->t[i].flags & F_VOIDS) != 0;
}

int cset_receipt_voids(const struct mf_custody_set *s, size_t i)
{
    return (s->r[i].flags & F_VOIDS) != 0;
}

int64_t cset_ticket_departed(const struct mf_custody_set *s, size_t i)
{
    return s->t[i].departed;
}

int64_t cset_receipt_arrived(const struct mf_custody_set *s, size_t i)
{
    return s->r[i].arrived;
}

int cset_receipt_status(const struct mf_custody_set *s, size_t i)
{
    return s->r[i].status;
}

const struct mf_ticket *mf_custody_data_ticket(const struct mf_custody_data *d,
                                               size_t i, struct mf_ticket *buf)
{
    return cust_ticket(d, i, buf);
}

const struct mf_receipt *
mf_custody_data_receipt(const struct mf_custody_data *d, size_t i,
                        struct mf_receipt *buf)
{
    return cust_receipt(d, i, buf);
}
