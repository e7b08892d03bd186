/*
 * custody.c - the chain-of-custody use cases (app.h): load what is
 * stored, issue, confirm and correct one ticket, import weighbridge
 * exports. Every write adds records in one transaction and never changes
 * one; the store refuses UPDATE and DELETE on these tables anyway
 * (migration 013_custody.sql).
 */
#include "app_int.h"

#include "masseflyt/weighbridge.h"

#include <errno.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* ------------------------------------------------------------------ */
/* Storage: strings in chunks that never move                          */
/* ------------------------------------------------------------------ */

#define POOL_CHUNK (1u << 20)

struct pool_chunk {
    struct pool_chunk *next;
    size_t used, size;
    char data[];
};

struct app_custody_mem {
    struct pool_chunk *chunks;
    size_t cap_t, cap_r, cap_d, cap_v;
    struct mf_ticket *tickets;
    struct mf_receipt *receipts;
    struct mf_quality_doc *docs;
    struct mf_vehicle *vehicles;
    struct mf_custody_set *set; /* app_custody_load_compact: the tickets
                                   and receipts */
};

static const char *pool_dup(struct app_custody_mem *m, const char *s)
{
    size_t n = strlen(s) + 1;
    struct pool_chunk *c = m->chunks;

    if (!c || c->size - c->used < n) {
        size_t size = n > POOL_CHUNK ? n : POOL_CHUNK;
        c = malloc(sizeof *c + size);
        if (!c)
            return NULL;
        c->next = m->chunks;
        c->used = 0;
        c->size = size;
        m->chunks = c;
    }
    memcpy(c->data + c->used, s, n);
    c->used += n;
    return c->data + c->used - n;
}

/* NULL for "", else a copy (or the registry's own id when it has one). */
static int opt_dup(struct app_custody_mem *m, const char *s, const char **out)
{
    *out = NULL;
    if (!s[0])
        return 0;
    *out = pool_dup(m, s);
    return *out ? 0 : -1;
}

static int grow(void **p, size_t *cap, size_t n, size_t elem)
{
    void *q;
    size_t c;

    if (n < *cap)
        return 0;
    c = *cap ? 2 * *cap : 1024;
    q = realloc(*p, c * elem);
    if (!q)
        return -1;
    *p = q;
    *cap = c;
    return 0;
}

/* ------------------------------------------------------------------ */
/* Loading                                                              */
/* ------------------------------------------------------------------ */

struct loader {
    struct app_custody *c;
    const struct mf_registry *reg;
    const struct mf_catalog *cat;
};

static const char *lot_id(struct loader *l, const char *id)
{
    const struct mf_lot *lot = mf_registry_lot(l->reg, id);

    return lot ? lot->id : pool_dup(l->c->mem, id);
}

static const char *site_id(struct loader *l, const char *id)
{
    const struct mf_site *site = mf_registry_site(l->reg, id);

    return site ? site->id : pool_dup(l->c->mem, id);
}

/* The model's ticket from the store's, its strings copied into m. */
static int ticket_from_store(struct loader *l, const struct store_ticket *s,
                             struct mf_ticket *t)
{
    struct app_custody_mem *m = l->c->mem;

    memset(t, 0, sizeof *t);
    t->material = mf_catalog_find_material(l->cat, s->material);
    t->quantity = s->quantity;
    t->state = mf_state_parse(s->state);
    t->departed = s->departed;
    t->voids = s->voids;
    if (!(t->id = pool_dup(m, s->id)) || opt_dup(m, s->code, &t->code) ||
        !(t->lot = lot_id(l, s->lot)) || !(t->origin = site_id(l, s->origin)) ||
        !(t->destination = site_id(l, s->dest)) ||
        !(t->haulier = pool_dup(m, s->haulier)) ||
        !(t->vehicle = pool_dup(m, s->vehicle)) ||
        opt_dup(m, s->quality_doc, &t->quality_doc) ||
        opt_dup(m, s->corrects, &t->corrects) ||
        opt_dup(m, s->reason, &t->reason))
        return MF_ENOMEM;
    return MF_OK;
}

static int receipt_from_store(struct loader *l, const struct store_receipt *s,
                              struct mf_receipt *r)
{
    struct app_custody_mem *m = l->c->mem;

    memset(r, 0, sizeof *r);
    r->arrived = s->arrived;
    r->weighed_t = s->weighed_t;
    r->status = s->accepted ? MF_RECEIPT_ACCEPTED : MF_RECEIPT_REJECTED;
    r->voids = s->voids;
    if (!(r->id = pool_dup(m, s->id)) ||
        !(r->ticket = pool_dup(m, s->ticket)) ||
        opt_dup(m, s->corrects, &r->corrects) ||
        (s->site[0] && !(r->site = site_id(l, s->site))) ||
        opt_dup(m, s->accepted ? s->reason : s->rejection, &r->reason))
        return MF_ENOMEM;
    return MF_OK;
}

/* "" as NULL, as opt_dup reads it. */
static const char *opt(const char *s)
{
    return s[0] ? s : NULL;
}

/* A ticket or receipt of the store into the compact set: the same fields
 * as ticket_from_store and receipt_from_store, the strings borrowed from
 * the store's record (the set copies them). */
static int load_compact(struct loader *l, enum store_custody_kind kind,
                        const void *rec)
{
    struct mf_custody_set *set = l->c->mem->set;

    if (kind == STORE_TICKET) {
        const struct store_ticket *s = rec;
        struct mf_ticket t;

        memset(&t, 0, sizeof t);
        t.material = mf_catalog_find_material(l->cat, s->material);
        t.quantity = s->quantity;
        t.state = mf_state_parse(s->state);
        t.departed = s->departed;
        t.voids = s->voids;
        t.id = s->id;
        t.code = opt(s->code);
        t.lot = s->lot;
        t.origin = s->origin;
        t.destination = s->dest;
        t.haulier = s->haulier;
        t.vehicle = s->vehicle;
        t.quality_doc = opt(s->quality_doc);
        t.corrects = opt(s->corrects);
        t.reason = opt(s->reason);
        return mf_custody_set_add_ticket(set, &t);
    } else {
        const struct store_receipt *s = rec;
        struct mf_receipt r;

        memset(&r, 0, sizeof r);
        r.arrived = s->arrived;
        r.weighed_t = s->weighed_t;
        r.status = s->accepted ? MF_RECEIPT_ACCEPTED : MF_RECEIPT_REJECTED;
        r.voids = s->voids;
        r.id = s->id;
        r.ticket = s->ticket;
        r.corrects = opt(s->corrects);
        r.site = opt(s->site);
        r.reason = opt(s->accepted ? s->reason : s->rejection);
        return mf_custody_set_add_receipt(set, &r);
    }
}

static int load_one(void *ctx, enum store_custody_kind kind, const void *rec,
                    struct mf_error *err)
{
    struct loader *l = ctx;
    struct app_custody_mem *m = l->c->mem;
    struct mf_custody_data *d = &l->c->data;
    int rc = MF_OK, i;

    if (m->set && (kind == STORE_TICKET || kind == STORE_RECEIPT)) {
        rc = load_compact(l, kind, rec);
        return rc == MF_ERANGE ? mf_error_set(err, rc,
                                              "too many custody "
                                              "records for one set")
               : rc            ? mf_error_set(err, rc, "out of memory")
                               : MF_OK;
    }
    switch (kind) {
    case STORE_TICKET:
        if (grow((void **)&m->tickets, &m->cap_t, d->n_tickets,
                 sizeof *m->tickets))
            break;
        d->tickets = m->tickets;
        if ((rc = ticket_from_store(l, rec, &m->tickets[d->n_tickets])))
            break;
        d->n_tickets++;
        return MF_OK;
    case STORE_RECEIPT:
        if (grow((void **)&m->receipts, &m->cap_r, d->n_receipts,
                 sizeof *m->receipts))
            break;
        d->receipts = m->receipts;
        if ((rc = receipt_from_store(l, rec, &m->receipts[d->n_receipts])))
            break;
        d->n_receipts++;
        return MF_OK;
    case STORE_QUALITY_DOC: {
        const struct store_quality_doc *s = rec;
        struct mf_quality_doc *q;
        const char **lots;
        if (grow((void **)&m->docs, &m->cap_d, d->n_docs, sizeof *m->docs))
            break;
        d->docs = m->docs;
        q = &m->docs[d->n_docs];
        memset(q, 0, sizeof *q);
        q->tonnes = s->tonnes;
        q->issued = s->issued;
        q->n_lots = s->n_lots;
        /* The lot pointers live in the pool too, aligned by hand. */
        lots = malloc((size_t)(s->n_lots ? s->n_lots : 1) * sizeof *lots);
        if (!lots || !(q->id = pool_dup(m, s->id)) ||
            !(q->sha256 = pool_dup(m, s->sha256)) ||
            opt_dup(m, s->source, &q->source)) {
            free(lots);
            break;
        }
        for (i = 0; i < s->n_lots; i++)
            if (!(lots[i] = lot_id(l, s->lots[i])))
                break;
        if (i < s->n_lots) {
            free(lots);
            break;
        }
        q->lots = lots;
        d->n_docs++;
        return MF_OK;
    }
    case STORE_VEHICLE: {
        const struct store_vehicle *s = rec;
        struct mf_vehicle *v;
        if (grow((void **)&m->vehicles, &m->cap_v, d->n_vehicles,
                 sizeof *m->vehicles))
            break;
        d->vehicles = m->vehicles;
        v = &m->vehicles[d->n_vehicles];
        memset(v, 0, sizeof *v);
        v->payload_t = s->payload_t;
        if (!(v->registration = pool_dup(m, s->reg)) ||
            opt_dup(m, s->haulier, &v->haulier) ||
            opt_dup(m, s->truck, &v->truck))
            break;
        d->n_vehicles++;
        return MF_OK;
    }
    }
    (void)rc;
    return mf_error_set(err, MF_ENOMEM, "out of memory");
}

static int custody_store(struct app_session *s, struct store **st,
                         struct mf_error *err)
{
    int rc = app_store(s, 0, st, err);

    if (rc)
        return rc;
    if ((*st)->ops->version < STORE_OPS_CUSTODY_VERSION)
        return mf_error_set(err, MF_ESTORE,
                            "this store keeps no load tickets (its backend "
                            "is older than the chain of custody)");
    return MF_OK;
}

void app_custody_free(struct app_custody *c)
{
    struct pool_chunk *p, *next;
    size_t i;

    if (!c)
        return;
    if (c->mem) {
        for (p = c->mem->chunks; p; p = next) {
            next = p->next;
            free(p);
        }
        for (i = 0; i < c->data.n_docs; i++)
            free((void *)c->mem->docs[i].lots);
        free(c->mem->tickets);
        free(c->mem->receipts);
        free(c->mem->docs);
        free(c->mem->vehicles);
        mf_custody_set_free(c->mem->set);
        free(c->mem);
    }
    mf_registry_free(c->reg);
    free(c);
}

/* An app_custody with the registry (its lots too) and no records yet;
 * with compact, an empty compact set for them. */
static int custody_shell(struct app_session *s, int compact,
                         struct app_custody **out, struct mf_error *err)
{
    struct app_custody *c = calloc(1, sizeof *c);
    int rc;

    *out = NULL;
    if (!c || !(c->mem = calloc(1, sizeof *c->mem)) ||
        (compact && mf_custody_set_new(&c->mem->set))) {
        if (c)
            free(c->mem);
        free(c);
        return mf_error_set(err, MF_ENOMEM, "out of memory");
    }
    if ((rc = app_load(s, 1, &c->reg, err))) {
        app_custody_free(c);
        return rc;
    }
    *out = c;
    return MF_OK;
}

static int custody_load(struct app_session *s, int compact,
                        struct app_custody **out, struct mf_error *err)
{
    struct app_custody *c;
    struct loader l;
    struct store *st;
    int rc, k;

    *out = NULL;
    if ((rc = custody_shell(s, compact, &c, err)))
        return rc;
    if ((rc = custody_store(s, &st, err))) {
        app_custody_free(c);
        return rc;
    }
    l.c = c;
    l.reg = c->reg;
    l.cat = mf_registry_catalog(c->reg);
    for (k = STORE_VEHICLE; k <= STORE_RECEIPT; k++)
        if ((rc = st->ops->custody_each(st, (enum store_custody_kind)k,
                                        load_one, &l, err))) {
            app_custody_free(c);
            return rc;
        }
    if (compact) {
        /* The docs and vehicles as loaded into the arrays above; the
         * tickets and receipts the set's. */
        struct mf_custody_data d = c->data;
        size_t i;

        for (i = 0; rc == MF_OK && i < d.n_docs; i++)
            rc = mf_custody_set_add_doc(c->mem->set, &d.docs[i]);
        for (i = 0; rc == MF_OK && i < d.n_vehicles; i++)
            rc = mf_custody_set_add_vehicle(c->mem->set, &d.vehicles[i]);
        if (rc || (rc = mf_custody_set_data(c->mem->set, &c->data))) {
            c->data = d;
            app_custody_free(c);
            return mf_error_set(err, MF_ENOMEM, "out of memory");
        }
    }
    *out = c;
    return MF_OK;
}

int app_custody_registry(struct app_session *s, struct mf_registry **out,
                         struct mf_error *err)
{
    return app_load(s, 0, out, err);
}

int app_custody_find(struct app_session *s, const struct store_custody_query *q,
                     store_found_fn each, void *ctx, long long *total,
                     struct mf_error *err)
{
    struct store *st;
    int rc = custody_store(s, &st, err);

    if (rc)
        return rc;
    if (st->ops->version < STORE_OPS_CUSTODY_FIND_VERSION)
        return mf_error_set(err, MF_ESTORE,
                            "this store cannot page custody records (its "
                            "backend is older than custody_find)");
    return st->ops->custody_find(st, q, each, ctx, total, err);
}

/* ---- Correction chains, read through the store ---- */

struct one_found {
    struct store_custody_found f;
    int n;
};

static int keep_first(void *ctx, const struct store_custody_found *f,
                      struct mf_error *err)
{
    struct one_found *o = ctx;

    (void)err;
    if (!o->n++)
        o->f = *f;
    return MF_OK;
}

/* The ticket or receipt (kind) with this id, or the one that corrects
 * the record `corrects`, in out->f; out->n 0 when there is none. */
static int find_one(struct store *st, enum store_custody_kind kind,
                    const char *id, const char *corrects, struct one_found *out,
                    struct mf_error *err)
{
    struct store_custody_query q = STORE_CUSTODY_QUERY_INIT;

    if (st->ops->version < STORE_OPS_CUSTODY_FIND_VERSION)
        return mf_error_set(err, MF_ESTORE,
                            "this store cannot look up custody records (its "
                            "backend is older than custody_find)");
    q.kind = kind;
    q.id = id;
    q.corrects = corrects;
    q.limit = 1;
    out->n = 0;
    return st->ops->custody_find(st, &q, keep_first, out, NULL, err);
}

/* The correction chain of the ticket or receipt `id` (kind): back to the
 * chain's first record, then on to its newest (*newest), reading only
 * the chain's records by the indexes on id and corrects. next gets the
 * id of the correction to come: the first record's id and "-cN", N the
 * chain's length plus one. MF_ENOTFOUND (no message) when no record has
 * this id. */
static int chain_walk(struct store *st, enum store_custody_kind kind,
                      const char *id, struct store_custody_found *newest,
                      char next[64], struct mf_error *err)
{
    struct one_found *o = malloc(sizeof *o);
    size_t chain = 1;
    int rc;

    if (!o)
        return mf_error_set(err, MF_ENOMEM, "out of memory");
    if ((rc = find_one(st, kind, id, NULL, o, err)))
        goto done;
    if (!o->n) {
        rc = MF_ENOTFOUND;
        goto done;
    }
    *newest = o->f;
    while ((kind == STORE_TICKET ? newest->ticket.corrects
                                 : newest->receipt.corrects)[0]) {
        if ((rc = find_one(st, kind,
                           kind == STORE_TICKET ? newest->ticket.corrects
                                                : newest->receipt.corrects,
                           NULL, o, err)))
            goto done;
        if (!o->n)
            break;
        *newest = o->f;
    }
    snprintf(next, 64, "%.50s",
             kind == STORE_TICKET ? newest->ticket.id : newest->receipt.id);
    for (;;) {
        if ((rc = find_one(st, kind, NULL,
                           kind == STORE_TICKET ? newest->ticket.id
                                                : newest->receipt.id,
                           o, err)))
            goto done;
        if (!o->n)
            break;
        *newest = o->f;
        chain++;
    }
    snprintf(next + strlen(next), 64 - strlen(next), "-c%zu", chain);
done:
    free(o);
    return rc;
}

int app_custody_load(struct app_session *s, struct app_custody **out,
                     struct mf_error *err)
{
    return custody_load(s, 0, out, err);
}

int app_custody_load_compact(struct app_session *s, struct app_custody **out,
                             struct mf_error *err)
{
    return custody_load(s, 1, out, err);
}

/* ------------------------------------------------------------------ */
/* The secret of the verification codes                                 */
/* ------------------------------------------------------------------ */

#define SECRET_KIND "custody-secret"

static int secret_ok(const char *s)
{
    const unsigned char *u;

    if (strlen(s) < 8 || strlen(s) > 128)
        return 0;
    for (u = (const unsigned char *)s; *u; u++)
        if (*u < 0x21 || *u > 0x7e || *u == '"' || *u == '\\')
            return 0;
    return 1;
}

/* The stored secret into buf, "" when none. */
static int secret_get(struct store *st, char *buf, size_t len,
                      struct mf_error *err)
{
    char *json = NULL;
    int rc = st->ops->get_doc(st, SECRET_KIND, "codes", &json, err);
    size_t n;

    buf[0] = '\0';
    if (rc)
        return rc;
    if (json) {
        /* Stored as a JSON string of printable ASCII: "..." */
        n = strlen(json);
        if (n >= 2 && json[0] == '"' && json[n - 1] == '"' && n - 2 < len) {
            memcpy(buf, json + 1, n - 2);
            buf[n - 2] = '\0';
        }
        free(json);
    }
    return MF_OK;
}

static int secret_put(struct store *st, const char *secret,
                      struct mf_error *err)
{
    char json[160];

    snprintf(json, sizeof json, "\"%s\"", secret);
    return st->ops->put_doc(st, SECRET_KIND, "codes", json, err);
}

int app_custody_secret(struct app_session *s, const char *secret,
                       struct mf_error *err)
{
    struct store *st;
    char have[160];
    int rc;

    if (!secret_ok(secret))
        return mf_error_at(err, MF_EINVAL, "secret",
                           "a secret is 8 to 128 printable characters, "
                           "without spaces, quotes or backslashes");
    if ((rc = custody_store(s, &st, err)) ||
        (rc = secret_get(st, have, sizeof have, err)))
        return rc;
    if (have[0] && strcmp(have, secret))
        return mf_error_at(err, MF_EINVAL, "secret",
                           "another secret is set already; the codes of the "
                           "tickets issued under it would stop verifying");
    return have[0] ? MF_OK : secret_put(st, secret, err);
}

/* The stored secret, or a new one from /dev/urandom when none is stored
 * yet (*fresh = 1). Nothing is written here: the caller stores a fresh
 * secret with secret_keep inside the transaction that writes the first
 * records coded with it, so that a write that fails leaves no secret
 * behind. */
static int secret_need(struct store *st, char *buf, size_t len, int *fresh,
                       struct mf_error *err)
{
    unsigned char raw[24];
    FILE *f;
    size_t i;
    int rc;

    *fresh = 0;
    if ((rc = secret_get(st, buf, len, err)) || buf[0])
        return rc;
    f = fopen("/dev/urandom", "rb");
    if (!f || fread(raw, 1, sizeof raw, f) != sizeof raw) {
        if (f)
            fclose(f);
        return mf_error_set(err, MF_EIO, "cannot read /dev/urandom: %s",
                            strerror(errno));
    }
    fclose(f);
    for (i = 0; i < sizeof raw && 2 * i + 2 < len; i++)
        snprintf(buf + 2 * i, 3, "%02x", raw[i]);
    *fresh = 1;
    return MF_OK;
}

/* Inside the caller's transaction: stores a fresh secret, unless another
 * process stored one meanwhile (then the codes made with ours would not
 * verify: MF_ESTORE, try again). */
static int secret_keep(struct store *st, const char *secret, int fresh,
                       struct mf_error *err)
{
    char have[160];
    int rc;

    if (!fresh)
        return MF_OK;
    if ((rc = secret_get(st, have, sizeof have, err)))
        return rc;
    if (have[0])
        return strcmp(have, secret)
                   ? mf_error_set(err, MF_ESTORE,
                                  "another process set the secret of the "
                                  "verification codes meanwhile; try again")
                   : MF_OK;
    return secret_put(st, secret, err);
}

/* ------------------------------------------------------------------ */
/* One ticket, receipt or correction                                    */
/* ------------------------------------------------------------------ */

static int64_t now_or(int64_t t)
{
    return t == MF_TIME_NONE ? (int64_t)time(NULL) : t;
}

/* "974 760 673" -> "974760673"; "ek 12-345" -> "EK12345". */
static void compact(const char *in, char *out, size_t len, int upper)
{
    size_t n = 0;

    for (; in && *in && n + 1 < len; in++) {
        char c = *in;
        if (c == ' ' || c == '-')
            continue;
        if (upper && c >= 'a' && c <= 'z')
            c = (char)(c - 'a' + 'A');
        out[n++] = c;
    }
    out[n] = '\0';
}

/* src (NULL: "") into dst, cut to fit: the import copies every field of
 * every row, so no printf machinery here. */
static void copy_text(char *dst, size_t len, const char *src)
{
    size_t n = src ? strlen(src) : 0;

    if (n >= len)
        n = len - 1;
    if (n)
        memcpy(dst, src, n);
    dst[n] = '\0';
}

/* The first problem mf_custody_validate finds, as an error. */
static int validate_one(const struct mf_registry *reg,
                        const struct mf_custody_data *d, struct mf_error *err)
{
    struct mf_issues is;
    int rc;

    mf_issues_init(&is, 4);
    rc = mf_custody_validate(reg, d, &is);
    if (rc < 0) {
        mf_issues_free(&is);
        return mf_error_set(err, MF_ENOMEM, "out of memory");
    }
    if (is.count[MF_SEV_ERROR] && is.n) {
        rc = mf_error_at(err, MF_EINVAL, is.items[0].where, "%s",
                         is.items[0].message);
        mf_issues_free(&is);
        return rc;
    }
    mf_issues_free(&is);
    return MF_OK;
}

static void store_ticket_of(const struct mf_ticket *t,
                            const struct mf_catalog *cat,
                            struct store_ticket *o)
{
    const struct mf_material *m =
        t->material >= 0 ? mf_catalog_material(cat, t->material) : NULL;

    memset(o, 0, sizeof *o);
    copy_text(o->id, sizeof o->id, t->id);
    copy_text(o->code, sizeof o->code, t->code);
    copy_text(o->corrects, sizeof o->corrects, t->corrects);
    copy_text(o->reason, sizeof o->reason, t->reason);
    o->voids = t->voids;
    copy_text(o->lot, sizeof o->lot, t->lot);
    copy_text(o->origin, sizeof o->origin, t->origin);
    copy_text(o->dest, sizeof o->dest, t->destination);
    copy_text(o->haulier, sizeof o->haulier, t->haulier);
    copy_text(o->vehicle, sizeof o->vehicle, t->vehicle);
    copy_text(o->material, sizeof o->material, m ? m->code : "");
    o->quantity = t->quantity;
    copy_text(o->state, sizeof o->state, mf_state_name(t->state));
    o->departed = t->departed;
    copy_text(o->quality_doc, sizeof o->quality_doc, t->quality_doc);
    o->created = (int64_t)time(NULL);
}

/* One line of the audit log, in the write's transaction: action on
 * target ("ticket/ID"), after the record as JSON (j, stolen). */
static int audit(struct store *st, const struct app_custody_actor *w,
                 const char *action, const char *kind, const char *id,
                 json_t *j, struct mf_error *err)
{
    struct store_audit au = {
        .actor = w->id, .actor_email = w->email, .action = action};
    char target[96];
    char *after = j ? json_dumps(j, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
    int rc;

    json_decref(j);
    if (!after)
        return mf_error_set(err, MF_ENOMEM, "out of memory");
    snprintf(target, sizeof target, "%s/%.80s", kind, id);
    au.target = target;
    au.after = after;
    rc = st->ops->audit_append(st, (int64_t)time(NULL), &au, err);
    free(after);
    return rc;
}

static json_t *jstr(const char *s)
{
    return s && s[0] ? json_string(s) : json_null();
}

/* A stored ticket as the audit log keeps it (the verification code
 * left out: the log is read by others than the issuer). */
static json_t *ticket_audit_json(const struct store_ticket *o)
{
    return json_pack(
        "{s:s, s:o, s:o, s:b, s:s, s:s, s:s, s:s, s:s, s:s, "
        "s:f, s:s, s:I, s:o}",
        "id", o->id, "corrects", jstr(o->corrects), "reason", jstr(o->reason),
        "voids", o->voids, "lot", o->lot, "origin", o->origin, "destination",
        o->dest, "haulier", o->haulier, "vehicle", o->vehicle, "material",
        o->material, "quantity", o->quantity, "state", o->state, "departed",
        (json_int_t)o->departed, "quality_doc", jstr(o->quality_doc));
}

/* The caller's check (when it has one) of ticket t. */
static int ask(const struct app_custody_actor *w, const struct mf_registry *reg,
               const struct mf_ticket *t, struct mf_error *err)
{
    return w && w->check ? w->check(w->check_ctx, reg, t, err) : MF_OK;
}

/* Writes a ticket (and its vehicle, and a fresh secret) and its audit
 * line in one transaction. */
static int write_ticket(struct store *st, const struct mf_ticket *t,
                        const struct mf_catalog *cat, const char *secret,
                        int fresh, const struct app_custody_actor *w,
                        struct mf_error *err)
{
    struct store_ticket o;
    struct store_vehicle v;
    int rc;

    store_ticket_of(t, cat, &o);
    memset(&v, 0, sizeof v);
    copy_text(v.reg, sizeof v.reg, t->vehicle);
    copy_text(v.haulier, sizeof v.haulier, t->haulier);
    v.created = o.created;
    if ((rc = st->ops->begin(st, err)))
        return rc;
    if ((rc = secret_keep(st, secret, fresh, err)) ||
        (rc = st->ops->vehicle_put(st, &v, err)) ||
        (rc = st->ops->ticket_put(st, &o, err)) ||
        (rc = audit(st, w, t->corrects ? "ticket.correct" : "ticket.issue",
                    "ticket", o.id, ticket_audit_json(&o), err)) ||
        (rc = st->ops->commit(st, err))) {
        st->ops->rollback(st);
        return rc;
    }
    return MF_OK;
}

int app_custody_issue(struct app_session *s, const struct app_ticket_opts *o,
                      struct app_ticket_result *res, struct mf_error *err)
{
    struct mf_registry *reg = NULL;
    const struct mf_catalog *cat;
    const struct mf_lot *lot;
    struct mf_custody_data d = {0};
    struct mf_ticket t;
    struct store *st;
    char haulier[32], vehicle[32], id[64], secret[160];
    int rc, fresh = 0;

    memset(res, 0, sizeof *res);
    if ((rc = app_load(s, 1, &reg, err)))
        return rc;
    cat = mf_registry_catalog(reg);
    memset(&t, 0, sizeof t);
    compact(o->haulier, haulier, sizeof haulier, 0);
    compact(o->vehicle, vehicle, sizeof vehicle, 1);
    t.departed = now_or(o->departed);
    if (o->id) {
        copy_text(id, sizeof id, o->id);
    } else {
        /* ORIGIN-YYYYMMDDHHMM-VEHICLE: one vehicle leaves once a minute. */
        char when[32], digits[16];
        size_t k, n = 0;
        mf_time_format(t.departed, when, sizeof when);
        for (k = 0; when[k] && n + 1 < sizeof digits; k++)
            if (when[k] >= '0' && when[k] <= '9')
                digits[n++] = when[k];
        digits[n] = '\0';
        snprintf(id, sizeof id, "%.30s-%s-%.12s", o->origin ? o->origin : "",
                 digits, vehicle);
    }
    t.id = id;
    t.lot = o->lot;
    t.origin = o->origin;
    t.destination = o->destination;
    t.haulier = haulier;
    t.vehicle = vehicle;
    lot = o->lot ? mf_registry_lot(reg, o->lot) : NULL;
    t.material = o->material
                     ? mf_catalog_resolve(cat, MF_CODE_MATERIAL, o->material)
                 : lot ? lot->material
                       : -1;
    t.quantity = o->quantity;
    t.state = o->state ? mf_state_parse(o->state) : MF_STATE_T;
    t.quality_doc = o->quality_doc;
    d.tickets = &t;
    d.n_tickets = 1;
    if ((rc = validate_one(reg, &d, err)))
        goto done;
    if (o->destination && !mf_registry_site(reg, o->destination)) {
        rc = mf_error_at(err, MF_EINVAL, "destination",
                         "no site '%s' is registered", o->destination);
        goto done;
    }
    if ((rc = ask(&o->who, reg, &t, err)) ||
        (rc = custody_store(s, &st, err)) ||
        (rc = secret_need(st, secret, sizeof secret, &fresh, err)))
        goto done;
    if (mf_custody_code(t.id, secret, res->code)) {
        rc = mf_error_set(err, MF_ENOMEM, "out of memory");
        goto done;
    }
    t.code = res->code;
    if ((rc = write_ticket(st, &t, cat, secret, fresh, &o->who, err)))
        goto done;
    copy_text(res->id, sizeof res->id, t.id);
done:
    mf_registry_free(reg);
    return rc;
}

int app_custody_confirm(struct app_session *s, const struct app_receipt_opts *o,
                        struct app_ticket_result *res, struct mf_error *err)
{
    struct mf_registry *reg = NULL;
    struct store *st;
    struct store_ticket t;
    struct store_receipt r;
    struct mf_ticket mt;
    char secret[160];
    int rc;

    memset(res, 0, sizeof *res);
    if ((rc = custody_store(s, &st, err)) ||
        (rc = st->ops->ticket_get(st, o->ticket, &t, err)))
        return rc;
    if (o->code) {
        /* A code proves the load was handed over: it is checked against
         * the ticket named by its id, never used to find one. */
        if ((rc = secret_get(st, secret, sizeof secret, err)))
            return rc;
        if (strcmp(t.id, o->ticket) || !secret[0] ||
            !mf_custody_code_check(t.id, secret, o->code))
            return mf_error_at(err, MF_ENOTFOUND, "code",
                               "no ticket with this id and verification code");
    }
    memset(&r, 0, sizeof r);
    if (o->id)
        copy_text(r.id, sizeof r.id, o->id);
    else
        snprintf(r.id, sizeof r.id, "%.60s/R", t.id);
    copy_text(r.ticket, sizeof r.ticket, t.id);
    copy_text(r.site, sizeof r.site, o->site);
    r.arrived = now_or(o->arrived);
    r.weighed_t = o->weighed_t;
    r.accepted = o->rejected == NULL;
    copy_text(r.rejection, sizeof r.rejection, o->rejected);
    r.created = (int64_t)time(NULL);
    if (r.arrived < t.departed)
        return mf_error_at(err, MF_EINVAL, "arrived",
                           "the load arrives before it left");
    if (r.weighed_t > 1000)
        return mf_error_at(err, MF_EINVAL, "weighed",
                           "weighed tonnes must be a number up to 1000");
    if (o->rejected && !o->rejected[0])
        return mf_error_at(err, MF_EINVAL, "reject",
                           "a rejected load must say why");
    if (o->site || o->who.check) {
        if ((rc = app_load(s, 0, &reg, err)))
            return rc;
        if (o->site && !mf_registry_site(reg, o->site)) {
            rc = mf_error_at(err, MF_EINVAL, "site",
                             "no site '%s' is registered", o->site);
            goto done;
        }
        /* The check sees the ticket as stored, its receiving site the
         * one that confirms. */
        memset(&mt, 0, sizeof mt);
        mt.id = t.id;
        mt.lot = t.lot;
        mt.origin = t.origin;
        mt.destination = o->site ? o->site : t.dest;
        mt.haulier = t.haulier;
        mt.vehicle = t.vehicle;
        mt.material = -1;
        mt.quantity = t.quantity;
        mt.state = mf_state_parse(t.state);
        mt.departed = t.departed;
        if ((rc = ask(&o->who, reg, &mt, err)))
            goto done;
    }
    if ((rc = st->ops->begin(st, err)))
        goto done;
    if ((rc = st->ops->receipt_put(st, &r, err)) ||
        (rc = audit(st, &o->who, "receipt.confirm", "receipt", r.id,
                    json_pack("{s:s, s:s, s:o, s:I, s:f, s:b, s:o}", "id", r.id,
                              "ticket", r.ticket, "site", jstr(r.site),
                              "arrived", (json_int_t)r.arrived, "weighed_t",
                              r.weighed_t, "accepted", r.accepted, "rejection",
                              jstr(r.rejection)),
                    err)) ||
        (rc = st->ops->commit(st, err))) {
        st->ops->rollback(st);
        goto done;
    }
    copy_text(res->id, sizeof res->id, r.id);
    copy_text(res->corrects, sizeof res->corrects, t.id);
    snprintf(res->code, sizeof res->code, "%.9s", t.code);
done:
    mf_registry_free(reg);
    return rc;
}

int app_custody_correct(struct app_session *s, const struct app_correct_opts *o,
                        struct app_ticket_result *res, struct mf_error *err)
{
    struct app_custody *c = NULL;
    struct store_custody_found *f = NULL;
    struct store_ticket named;
    struct mf_ticket oldt;
    const struct mf_ticket *old = &oldt;
    struct mf_custody_data two = {0};
    struct mf_ticket pair[2];
    struct loader l;
    struct store *st;
    char id[64], vehicle[32], secret[160];
    int rc, fresh = 0;

    memset(res, 0, sizeof *res);
    if (!o->reason || !o->reason[0])
        return mf_error_at(err, MF_EINVAL, "reason",
                           "a correction needs a reason");
    if ((rc = custody_shell(s, 0, &c, err)))
        return rc;
    if ((rc = custody_store(s, &st, err)))
        goto done;
    if (!(f = malloc(sizeof *f))) {
        rc = mf_error_set(err, MF_ENOMEM, "out of memory");
        goto done;
    }
    /* The ticket named by its id or code, then its chain. */
    if ((rc = st->ops->ticket_get(st, o->ticket, &named, err)) ||
        (rc = chain_walk(st, STORE_TICKET, named.id, f, id, err))) {
        if (rc == MF_ENOTFOUND)
            rc = mf_error_at(err, MF_ENOTFOUND, o->ticket,
                             "no ticket with this id or verification code");
        goto done;
    }
    l.c = c;
    l.reg = c->reg;
    l.cat = mf_registry_catalog(c->reg);
    if ((rc = ticket_from_store(&l, &f->ticket, &oldt))) {
        rc = mf_error_set(err, MF_ENOMEM, "out of memory");
        goto done;
    }
    pair[0] = *old;
    /* Checked as a pair: the record corrected needs no chain of its own. */
    pair[0].corrects = NULL;
    pair[0].reason = NULL;
    pair[1] = *old;
    pair[1].id = id;
    pair[1].corrects = old->id;
    pair[1].reason = o->reason;
    pair[1].voids = o->voids;
    if (o->quantity > 0)
        pair[1].quantity = o->quantity;
    if (o->state)
        pair[1].state = mf_state_parse(o->state);
    if (o->destination)
        pair[1].destination = o->destination;
    if (o->vehicle) {
        compact(o->vehicle, vehicle, sizeof vehicle, 1);
        pair[1].vehicle = vehicle;
    }
    if (o->quality_doc)
        pair[1].quality_doc = o->quality_doc;
    if (o->departed != MF_TIME_NONE)
        pair[1].departed = o->departed;
    two.tickets = pair;
    two.n_tickets = 2;
    if ((rc = validate_one(c->reg, &two, err)))
        goto done;
    if (o->destination && !mf_registry_site(c->reg, o->destination)) {
        rc = mf_error_at(err, MF_EINVAL, "destination",
                         "no site '%s' is registered", o->destination);
        goto done;
    }
    if ((rc = ask(&o->who, c->reg, &pair[1], err)) ||
        (rc = custody_store(s, &st, err)) ||
        (rc = secret_need(st, secret, sizeof secret, &fresh, err)))
        goto done;
    if (mf_custody_code(id, secret, res->code)) {
        rc = mf_error_set(err, MF_ENOMEM, "out of memory");
        goto done;
    }
    pair[1].code = res->code;
    if ((rc = write_ticket(st, &pair[1], mf_registry_catalog(c->reg), secret,
                           fresh, &o->who, err)))
        goto done;
    copy_text(res->id, sizeof res->id, id);
    copy_text(res->corrects, sizeof res->corrects, old->id);
done:
    free(f);
    app_custody_free(c);
    return rc;
}

int app_custody_correct_receipt(struct app_session *s,
                                const struct app_receipt_correct_opts *o,
                                struct app_ticket_result *res,
                                struct mf_error *err)
{
    struct app_custody *c = NULL;
    struct store_custody_found *f = NULL;
    struct one_found *tk = NULL;
    const struct store_receipt *old;
    struct store_receipt r;
    struct store *st;
    char id[64];
    int rc, rejected;

    memset(res, 0, sizeof *res);
    if (!o->reason || !o->reason[0])
        return mf_error_at(err, MF_EINVAL, "reason",
                           "a correction needs a reason");
    if (o->rejected && o->accepted)
        return mf_error_at(err, MF_EINVAL, "reject",
                           "--accept and --reject cannot be used together");
    if (o->rejected && !o->rejected[0])
        return mf_error_at(err, MF_EINVAL, "reject",
                           "a rejected load must say why");
    if (o->weighed_t > 1000)
        return mf_error_at(err, MF_EINVAL, "weighed",
                           "weighed tonnes must be a number up to 1000");
    if ((rc = custody_shell(s, 0, &c, err)))
        return rc;
    if ((rc = custody_store(s, &st, err)))
        goto done;
    if (!(f = malloc(sizeof *f)) || !(tk = malloc(sizeof *tk))) {
        rc = mf_error_set(err, MF_ENOMEM, "out of memory");
        goto done;
    }
    if ((rc = chain_walk(st, STORE_RECEIPT, o->receipt, f, id, err))) {
        if (rc == MF_ENOTFOUND)
            rc = mf_error_at(err, MF_ENOTFOUND, o->receipt,
                             "no receipt with this id");
        goto done;
    }
    old = &f->receipt;
    /* The ticket it confirms: its departure bounds the arrival. */
    if ((rc = find_one(st, STORE_TICKET, old->ticket, NULL, tk, err)))
        goto done;
    rejected = o->rejected ? 1 : o->accepted ? 0 : !old->accepted;
    memset(&r, 0, sizeof r);
    copy_text(r.id, sizeof r.id, id);
    copy_text(r.ticket, sizeof r.ticket, old->ticket);
    copy_text(r.corrects, sizeof r.corrects, old->id);
    copy_text(r.reason, sizeof r.reason, o->reason);
    r.voids = o->voids;
    copy_text(r.site, sizeof r.site, o->site ? o->site : old->site);
    r.arrived = o->arrived != MF_TIME_NONE ? o->arrived : old->arrived;
    r.weighed_t = o->weighed_t >= 0 ? o->weighed_t : old->weighed_t;
    r.accepted = !rejected;
    if (rejected)
        copy_text(r.rejection, sizeof r.rejection,
                  o->rejected ? o->rejected
                  /* What the chain's newest said when it turned the load
                   * away (its correction's reason when it accepted). */
                  : (old->accepted ? old->reason : old->rejection)[0]
                      ? (old->accepted ? old->reason : old->rejection)
                      : "rejected");
    r.created = (int64_t)time(NULL);
    if (tk->n && r.arrived < tk->f.ticket.departed) {
        rc = mf_error_at(err, MF_EINVAL, "arrived",
                         "the load arrives before it left");
        goto done;
    }
    if (o->site && !mf_registry_site(c->reg, o->site)) {
        rc = mf_error_at(err, MF_EINVAL, "site", "no site '%s' is registered",
                         o->site);
        goto done;
    }
    if ((rc = st->ops->begin(st, err)))
        goto done;
    if ((rc = st->ops->receipt_put(st, &r, err)) ||
        (rc = audit(st, &o->who, "receipt.correct", "receipt", r.id,
                    json_pack("{s:s, s:s, s:s, s:s, s:b, s:o, s:I, s:f, s:b, "
                              "s:o}",
                              "id", r.id, "ticket", r.ticket, "corrects",
                              r.corrects, "reason", r.reason, "voids", r.voids,
                              "site", jstr(r.site), "arrived",
                              (json_int_t)r.arrived, "weighed_t", r.weighed_t,
                              "accepted", r.accepted, "rejection",
                              jstr(r.rejection)),
                    err)) ||
        (rc = st->ops->commit(st, err))) {
        st->ops->rollback(st);
        goto done;
    }
    copy_text(res->id, sizeof res->id, id);
    copy_text(res->corrects, sizeof res->corrects, old->id);
done:
    free(f);
    free(tk);
    app_custody_free(c);
    return rc;
}

static int slurp(const char *path, char **data, size_t *len,
                 struct mf_error *err);

int app_custody_doc(struct app_session *s, const struct app_doc_opts *o,
                    char sha256[65], struct mf_error *err)
{
    struct mf_registry *reg = NULL;
    struct store_quality_doc d;
    struct store *st;
    char *data = NULL;
    size_t len = 0;
    int rc, i;

    sha256[0] = '\0';
    if (!o->id || !o->id[0] || strlen(o->id) >= sizeof d.id)
        return mf_error_at(err, MF_EINVAL, "id",
                           "a document needs an id of 1 to 63 characters");
    if (o->n_lots < 1)
        return mf_error_at(err, MF_EINVAL, "lot",
                           "a document covers at least one lot");
    if ((rc = app_load(s, 1, &reg, err)))
        return rc;
    for (i = 0; i < o->n_lots; i++)
        if (!mf_registry_lot(reg, o->lots[i])) {
            rc = mf_error_at(err, MF_EINVAL, "lot", "no lot '%s' is registered",
                             o->lots[i]);
            goto done;
        }
    if ((rc = slurp(o->path, &data, &len, err)))
        goto done;
    if (mf_sha256_hex(data, len, sha256)) {
        rc = mf_error_set(err, MF_ENOMEM, "out of memory");
        goto done;
    }
    memset(&d, 0, sizeof d);
    copy_text(d.id, sizeof d.id, o->id);
    copy_text(d.sha256, sizeof d.sha256, sha256);
    d.tonnes = o->tonnes > 0 ? o->tonnes : 0;
    d.issued = o->issued;
    copy_text(d.source, sizeof d.source, o->path);
    d.lots = o->lots;
    d.n_lots = o->n_lots;
    d.created = (int64_t)time(NULL);
    if ((rc = custody_store(s, &st, err)) || (rc = st->ops->begin(st, err)))
        goto done;
    if ((rc = st->ops->quality_doc_put(st, &d, err)) ||
        (rc = st->ops->commit(st, err)))
        st->ops->rollback(st);
done:
    free(data);
    mf_registry_free(reg);
    return rc;
}

/* ------------------------------------------------------------------ */
/* Import of weighbridge exports                                        */
/* ------------------------------------------------------------------ */

/* The registrations met so far, to put each vehicle once. */
struct regset {
    char **keys; /* owned copies */
    size_t mask, n;
};

static size_t reg_hash(const char *s)
{
    size_t h = 1469598103934665603ull & (size_t)-1;

    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * (size_t)1099511628211ull;
    return h;
}

/* 1 when key was added, 0 when it was there, -1 out of memory. */
static int regset_add(struct regset *r, const char *key)
{
    size_t i;

    if (2 * (r->n + 1) > r->mask + 1) {
        size_t cap = r->mask ? 2 * (r->mask + 1) : 64, k;
        char **keys = calloc(cap, sizeof *keys);
        if (!keys)
            return -1;
        for (k = 0; r->keys && k <= r->mask; k++)
            if (r->keys[k]) {
                for (i = reg_hash(r->keys[k]) & (cap - 1); keys[i];
                     i = (i + 1) & (cap - 1))
                    ;
                keys[i] = r->keys[k];
            }
        free(r->keys);
        r->keys = keys;
        r->mask = cap - 1;
    }
    for (i = reg_hash(key) & r->mask; r->keys[i]; i = (i + 1) & r->mask)
        if (!strcmp(r->keys[i], key))
            return 0;
    if (!(r->keys[i] = strdup(key)))
        return -1;
    r->n++;
    return 1;
}

static void regset_free(struct regset *r)
{
    size_t i;

    for (i = 0; r->keys && i <= r->mask; i++)
        free(r->keys[i]);
    free(r->keys);
}

static int slurp(const char *path, char **data, size_t *len,
                 struct mf_error *err)
{
    FILE *f = fopen(path, "rb");
    char *buf = NULL;
    size_t cap = 0, n = 0, got;

    *data = NULL;
    if (!f)
        return mf_error_at(err, MF_EIO, path, "cannot open: %s",
                           strerror(errno));
    do {
        if (cap - n < 65536) {
            char *b = realloc(buf, cap ? 2 * cap : 1 << 20);
            if (!b) {
                free(buf);
                fclose(f);
                return mf_error_set(err, MF_ENOMEM, "out of memory");
            }
            buf = b;
            cap = cap ? 2 * cap : 1 << 20;
        }
        got = fread(buf + n, 1, cap - n, f);
        n += got;
    } while (got > 0);
    if (ferror(f)) {
        free(buf);
        fclose(f);
        return mf_error_at(err, MF_EIO, path, "cannot read: %s",
                           strerror(errno));
    }
    fclose(f);
    *data = buf;
    *len = n;
    return MF_OK;
}

void app_custody_import_result_free(struct app_custody_import_result *res)
{
    mf_issues_free(&res->issues);
}

/* A store error at a row, as a problem of that row; the import stops. */
static void row_problem(struct app_custody_import_result *res, const char *path,
                        unsigned long line, const char *column,
                        const struct mf_error *e)
{
    char where[160];

    snprintf(where, sizeof where, "%s:%lu: %s", path, line, column);
    mf_issues_add(&res->issues, MF_SEV_ERROR, "schema", MF_ENT_LOT, NULL, where,
                  "%s", e->message);
}

/* The CPU time of the calling thread since t0 (CLOCK_THREAD_CPUTIME_ID):
 * the import's writing, without the reading thread's. */
static double seconds_since(const struct timespec *t0)
{
    struct timespec t1;

    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t1);
    return (double)(t1.tv_sec - t0->tv_sec) +
           (double)(t1.tv_nsec - t0->tv_nsec) / 1e9;
}

/*
 * An import reads ahead: one thread reads the files a chunk at a time and
 * makes each chunk into store records (the vehicles met the first time,
 * the tickets with their codes, the receipts), while the caller's thread
 * writes the chunk before it. The writing thread puts a chunk's vehicles
 * first (one put each), then its tickets in one call of tickets_put, then
 * its receipts in one of receipts_put, so that the store sends each kind
 * in a few statements (PostgreSQL: one COPY a chunk). Reading and making
 * the records was about a sixth of the import's CPU time
 * (docs/PERFORMANCE.md, "Load tickets").
 *
 * The result is the same as reading and writing in turn. The problems
 * of the reading go to res->issues, which only the reading thread touches
 * until it has ended; each chunk carries the count of problems and of
 * loads read after it, and a write that fails cuts both back to what had
 * been read when its chunk was. With the caller's check of each ticket
 * (the server's permissions, which note a refusal in the caller's
 * context) the reading waits for each chunk to be written.
 */
#define LOAD_BATCH 4096
#define LOAD_AHEAD 2 /* chunks read and not yet written */

struct load_batch {
    struct store_ticket *t;
    struct store_receipt *r;
    struct store_vehicle *v;        /* met the first time, in this chunk */
    unsigned long *t_line, *r_line; /* each record's line in its file */
    unsigned long *v_line;
    const char *name; /* the file's name in problems */
    size_t nt, nr, nv;
    int rc; /* the reading failed (err) */
    struct mf_error err;
    int write;                /* records to write (no problem met so far) */
    long long rows_hint;      /* the load's size, from the first file */
    size_t tickets, receipts; /* read so far, this chunk's included */
    size_t n_issues, dropped, count[4]; /* res->issues after the chunk */
};

struct load_reader {
    const struct app_custody_import_opts *o;
    const struct mf_registry *reg;
    const char *const *names;
    int n, write, lockstep;
    struct mf_custody_key key;
    struct regset seen; /* vehicles met */
    int64_t now;
    struct app_custody_import_result *res;
    struct load_batch slot[LOAD_AHEAD + 1];
    pthread_t thread;
    pthread_mutex_t mu;
    pthread_cond_t changed;
    int head, count; /* the chunks read and not yet written (the one the
                        writer holds included), slot[head] first */
    int taken;       /* the writer holds slot[head] */
    int done, stop;  /* the reading ended; the writer asks it to */
};

static void batch_free(struct load_batch *b)
{
    free(b->t);
    free(b->r);
    free(b->v);
    free(b->t_line);
    free(b->r_line);
    free(b->v_line);
}

static int batch_init(struct load_batch *b)
{
    memset(b, 0, sizeof *b);
    b->t = malloc(LOAD_BATCH * sizeof *b->t);
    b->r = malloc(LOAD_BATCH * sizeof *b->r);
    b->v = malloc(LOAD_BATCH * sizeof *b->v);
    b->t_line = malloc(LOAD_BATCH * sizeof *b->t_line);
    b->r_line = malloc(LOAD_BATCH * sizeof *b->r_line);
    b->v_line = malloc(LOAD_BATCH * sizeof *b->v_line);
    return b->t && b->r && b->v && b->t_line && b->r_line && b->v_line
               ? MF_OK
               : MF_ENOMEM;
}

/* Makes the loads of one chunk of file `name` into records. */
static int make_records(struct load_reader *rd, const struct mf_weighbridge *wb,
                        struct load_batch *b)
{
    const struct mf_catalog *cat = mf_registry_catalog(rd->reg);
    size_t i;
    int added;

    for (i = 0; i < wb->n; i++) {
        const struct mf_wb_load *l = &wb->loads[i];
        struct store_ticket *t = &b->t[b->nt];
        struct store_receipt *r = &b->r[b->nr];
        char code[MF_CUSTODY_CODE_SIZE];
        if ((added = regset_add(&rd->seen, l->ticket.vehicle)) < 0 ||
            mf_custody_code_keyed(&rd->key, l->ticket.id, code))
            return mf_error_set(&b->err, MF_ENOMEM, "out of memory");
        if (added) {
            struct store_vehicle *v = &b->v[b->nv];
            memset(v, 0, sizeof *v);
            copy_text(v->reg, sizeof v->reg, l->ticket.vehicle);
            copy_text(v->haulier, sizeof v->haulier, l->ticket.haulier);
            v->created = rd->now;
            b->v_line[b->nv++] = l->line;
        }
        store_ticket_of(&l->ticket, cat, t);
        copy_text(t->code, sizeof t->code, code);
        t->created = rd->now;
        b->t_line[b->nt++] = l->line;
        if (l->has_receipt) {
            memset(r, 0, sizeof *r);
            copy_text(r->id, sizeof r->id, l->receipt.id);
            copy_text(r->ticket, sizeof r->ticket, l->receipt.ticket);
            copy_text(r->site, sizeof r->site, l->receipt.site);
            r->arrived = l->receipt.arrived;
            r->weighed_t = l->receipt.weighed_t;
            r->accepted = l->receipt.status == MF_RECEIPT_ACCEPTED;
            copy_text(r->rejection, sizeof r->rejection, l->receipt.reason);
            r->created = rd->now;
            b->r_line[b->nr++] = l->line;
        }
    }
    return MF_OK;
}

/* The slot the next chunk is read into, once the writer has room (NULL:
 * it asked the reading to stop). */
static struct load_batch *slot_free(struct load_reader *rd)
{
    struct load_batch *b = NULL;

    pthread_mutex_lock(&rd->mu);
    while (!rd->stop &&
           (rd->count == LOAD_AHEAD + 1 || (rd->lockstep && rd->count)))
        pthread_cond_wait(&rd->changed, &rd->mu);
    if (!rd->stop)
        b = &rd->slot[(rd->head + rd->count) % (LOAD_AHEAD + 1)];
    pthread_mutex_unlock(&rd->mu);
    return b;
}

static void slot_put(struct load_reader *rd, struct load_batch *b)
{
    struct mf_issues *is = &rd->res->issues;

    b->tickets = rd->res->tickets;
    b->receipts = rd->res->receipts;
    b->n_issues = is->n;
    b->dropped = is->dropped;
    memcpy(b->count, is->count, sizeof b->count);
    pthread_mutex_lock(&rd->mu);
    rd->count++;
    pthread_cond_broadcast(&rd->changed);
    pthread_mutex_unlock(&rd->mu);
}

/* The caller's check of every row of a chunk. */
static int ask_chunk(const struct app_custody_import_opts *o,
                     const struct mf_registry *reg,
                     const struct mf_weighbridge *wb, const char *name,
                     struct mf_error *err)
{
    size_t i;
    int rc;

    for (i = 0; o->who.check && i < wb->n; i++)
        if ((rc = ask(&o->who, reg, &wb->loads[i].ticket, err))) {
            snprintf(err->where, sizeof err->where, "%s:%lu", name,
                     wb->loads[i].line);
            return rc;
        }
    return MF_OK;
}

/* Reads every file a chunk at a time: after a problem only for the
 * problems, and nothing is made to be written. */
static void *read_loads(void *arg)
{
    struct load_reader *rd = arg;
    const struct app_custody_import_opts *o = rd->o;
    struct app_custody_import_result *res = rd->res;
    struct mf_wb_reader *wr = NULL;
    struct load_batch *b;
    int f, rc = MF_OK;

    for (f = 0; f < rd->n && rc == MF_OK; f++) {
        const struct mf_weighbridge *chunk;
        if (!(b = slot_free(rd)))
            break;
        b->nt = b->nr = b->nv = 0;
        b->write = 0;
        b->name = rd->names[f];
        if (o->data)
            rc = mf_weighbridge_open(rd->reg, NULL, rd->names[f], o->data,
                                     o->len, &wr, &res->issues, &b->err);
        else
            rc = mf_weighbridge_open_file(rd->reg, NULL, o->paths[f], &wr,
                                          &res->issues, &b->err);
        while (rc == MF_OK &&
               (rc = mf_weighbridge_next(wr, LOAD_BATCH, &chunk, &b->err)) ==
                   MF_OK &&
               chunk->n) {
            res->tickets += chunk->n;
            res->receipts += chunk->receipts;
            if (res->issues.count[MF_SEV_ERROR])
                continue;
            if ((rc = ask_chunk(o, rd->reg, chunk, rd->names[f], &b->err)) ||
                !rd->write)
                continue;
            b->rows_hint = mf_weighbridge_rows_hint(wr);
            if ((rc = make_records(rd, chunk, b)))
                break;
            b->write = 1;
            slot_put(rd, b);
            if (!(b = slot_free(rd))) {
                rc = MF_EINVAL; /* stopped by the writer */
                break;
            }
            b->nt = b->nr = b->nv = 0;
            b->write = 0;
            b->name = rd->names[f];
        }
        mf_weighbridge_close(wr);
        wr = NULL;
        if (b) {
            b->rc = rc;
            slot_put(rd, b); /* the end of a file, or its failure */
        }
    }
    pthread_mutex_lock(&rd->mu);
    rd->done = 1;
    pthread_cond_broadcast(&rd->changed);
    pthread_mutex_unlock(&rd->mu);
    return NULL;
}

/* The next chunk read, or NULL when the reading has ended. */
static struct load_batch *chunk_take(struct load_reader *rd)
{
    struct load_batch *b = NULL;

    pthread_mutex_lock(&rd->mu);
    if (rd->taken) {
        rd->taken = 0;
        rd->head = (rd->head + 1) % (LOAD_AHEAD + 1);
        rd->count--;
        pthread_cond_broadcast(&rd->changed);
    }
    while (!rd->count && !rd->done)
        pthread_cond_wait(&rd->changed, &rd->mu);
    if (rd->count) {
        b = &rd->slot[rd->head];
        rd->taken = 1;
    }
    pthread_mutex_unlock(&rd->mu);
    return b;
}

/* Puts a chunk's vehicles, tickets and receipts; a refusal is a problem
 * of the row it came from (noted in *at). */
static int write_loads(struct store *st, const struct load_batch *b,
                       const char **column, unsigned long *line,
                       struct mf_error *err)
{
    size_t at = 0, i;
    int rc = MF_OK;
    int many = st->ops->version >= STORE_OPS_CUSTODY_MANY_VERSION;

    for (i = 0; i < b->nv; i++)
        if ((rc = st->ops->vehicle_put(st, &b->v[i], err))) {
            *column = "vehicle";
            *line = b->v_line[i];
            return rc;
        }
    if (many)
        rc = st->ops->tickets_put(st, b->t, b->nt, &at, err);
    for (i = 0; !many && i < b->nt && rc == MF_OK; i++)
        if ((rc = st->ops->ticket_put(st, &b->t[i], err)))
            at = i;
    if (rc) {
        *column = "ticket";
        *line = b->t_line[at];
        return rc;
    }
    if (many)
        rc = st->ops->receipts_put(st, b->r, b->nr, &at, err);
    for (i = 0; !many && i < b->nr && rc == MF_OK; i++)
        if ((rc = st->ops->receipt_put(st, &b->r[i], err)))
            at = i;
    if (rc) {
        *column = "receipt";
        *line = b->r_line[at];
    }
    return rc;
}

static void reader_stop(struct load_reader *rd)
{
    pthread_mutex_lock(&rd->mu);
    rd->stop = 1;
    pthread_cond_broadcast(&rd->changed);
    pthread_mutex_unlock(&rd->mu);
}

static void reader_free(struct load_reader *rd)
{
    int i;

    mf_custody_key_free(&rd->key);
    regset_free(&rd->seen);
    for (i = 0; i <= LOAD_AHEAD; i++)
        batch_free(&rd->slot[i]);
    pthread_mutex_destroy(&rd->mu);
    pthread_cond_destroy(&rd->changed);
}

static int reader_init(struct load_reader *rd,
                       const struct app_custody_import_opts *o,
                       const struct mf_registry *reg, const char *const *names,
                       int n, const char *secret,
                       struct app_custody_import_result *res,
                       struct mf_error *err)
{
    int i, rc = MF_OK;

    memset(rd, 0, sizeof *rd);
    pthread_mutex_init(&rd->mu, NULL);
    pthread_cond_init(&rd->changed, NULL);
    rd->o = o;
    rd->reg = reg;
    rd->names = names;
    rd->n = n;
    rd->write = secret != NULL;
    rd->lockstep = o->who.check != NULL;
    rd->res = res;
    rd->now = (int64_t)time(NULL);
    if (secret && mf_custody_key_init(&rd->key, secret))
        rc = MF_ENOMEM;
    for (i = 0; i <= LOAD_AHEAD && rc == MF_OK; i++)
        rc = batch_init(&rd->slot[i]);
    return rc ? mf_error_set(err, MF_ENOMEM, "out of memory") : MF_OK;
}

int app_custody_import(struct app_session *s,
                       const struct app_custody_import_opts *o,
                       struct app_custody_import_result *res,
                       struct mf_error *err)
{
    struct mf_registry *reg = NULL;
    struct load_reader rd;
    struct load_batch *b, last = {0};
    struct store *st;
    struct timespec t0;
    char secret[160];
    /* The files' names in problems: the paths, or the upload's label. */
    const char *label = o->label ? o->label : "upload.csv";
    const char *const *names = o->data ? &label : o->paths;
    int rc = MF_OK, fresh = 0, n = o->data ? 1 : o->n_paths, open = 0;
    int bulk = 0, kept = 0, reading = 0, inited = 0;
    const char *column = NULL;
    unsigned long line = 0;

    memset(res, 0, sizeof *res);
    mf_issues_init(&res->issues, o->max_problems ? o->max_problems : 200);
    if ((rc = app_load(s, 1, &reg, err)) || (rc = custody_store(s, &st, err)))
        goto done;
    /* The secret is stored (secret_keep) after the store is told the
     * load's size, which may begin the transaction again before anything
     * is written in it (SQLite's rollback journal, store.h). */
    if (!o->dry_run) {
        if ((rc = secret_need(st, secret, sizeof secret, &fresh, err)) ||
            (rc = st->ops->begin(st, err)))
            goto done;
        open = 1;
    }
    inited = 1;
    if ((rc = reader_init(&rd, o, reg, names, n, open ? secret : NULL, res,
                          err)))
        goto done;
    if (pthread_create(&rd.thread, NULL, read_loads, &rd)) {
        rc = mf_error_set(err, MF_ENOMEM, "cannot start a thread");
        goto done;
    }
    reading = 1;
    /* Each chunk written while no problem has been met. */
    while ((b = chunk_take(&rd))) {
        last = *b;
        if (b->rc) {
            rc = b->rc;
            *err = b->err;
            break;
        }
        if (!b->write)
            continue;
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t0);
        /* The store told the load's size before its first rows (from
         * the first file's size; the others' are not counted). */
        if (!bulk && st->ops->version >= STORE_OPS_CUSTODY_BULK_VERSION) {
            bulk = 1;
            rc = st->ops->custody_bulk_begin(st, b->rows_hint, err);
        }
        if (rc == MF_OK && !kept) {
            kept = 1;
            rc = secret_keep(st, secret, fresh, err);
        }
        if (rc == MF_OK) {
            rc = write_loads(st, b, &column, &line, err);
            res->vehicles += rc ? 0 : b->nv;
        }
        res->seconds_store += seconds_since(&t0);
        if (rc)
            break;
    }
    reader_stop(&rd);
    pthread_join(rd.thread, NULL);
    reading = 0;
    if (rc) {
        /* As if read and written in turn: nothing read after this chunk. */
        res->tickets = last.tickets;
        res->receipts = last.receipts;
        res->issues.n = last.n_issues;
        res->issues.dropped = last.dropped;
        memcpy(res->issues.count, last.count, sizeof last.count);
        if (column)
            row_problem(res, last.name, line, column, err);
    }
    if (rc == MF_OK && res->issues.count[MF_SEV_ERROR])
        rc = MF_EINVAL;
    if (rc == MF_OK && open) {
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t0);
        if (bulk)
            rc = st->ops->custody_bulk_end(st, err);
        if (rc == MF_OK && !kept)
            rc = secret_keep(st, secret, fresh, err);
        if (rc == MF_OK)
            rc = audit(st, &o->who, "custody.import", "import", names[0],
                       json_pack("{s:I, s:I, s:I}", "tickets",
                                 (json_int_t)res->tickets, "receipts",
                                 (json_int_t)res->receipts, "vehicles",
                                 (json_int_t)res->vehicles),
                       err);
        if (rc == MF_OK && (rc = st->ops->commit(st, err)) == MF_OK)
            open = 0;
        res->seconds_store += seconds_since(&t0);
    }
    if (rc) {
        res->vehicles = 0;
        if (rc == MF_EINVAL && res->issues.count[MF_SEV_ERROR])
            rc = mf_error_set(err, MF_EINVAL,
                              "%zu problems in the tickets; nothing was "
                              "imported",
                              res->issues.count[MF_SEV_ERROR]);
    }
    if (o->dry_run || rc)
        res->seconds_store = 0;
done:
    if (reading) {
        reader_stop(&rd);
        pthread_join(rd.thread, NULL);
    }
    if (open)
        st->ops->rollback(st);
    if (inited)
        reader_free(&rd);
    mf_registry_free(reg);
    return rc;
}

/* ------------------------------------------------------------------ */
/* A seeded set of tickets                                              */
/* ------------------------------------------------------------------ */

static int write_generated(struct store *st, const struct mf_catalog *cat,
                           const struct mf_custody_gen *g,
                           struct app_generate_result *res,
                           struct mf_error *err)
{
    const struct mf_custody_data *d = &g->data;
    struct store_ticket *t = malloc(sizeof *t);
    struct store_receipt *r = malloc(sizeof *r);
    struct store_quality_doc q;
    struct store_vehicle v;
    int64_t now = (int64_t)time(NULL);
    size_t i;
    int rc = MF_OK;

    if (!t || !r) {
        free(t);
        free(r);
        return mf_error_set(err, MF_ENOMEM, "out of memory");
    }
    for (i = 0; i < d->n_vehicles && rc == MF_OK; i++) {
        memset(&v, 0, sizeof v);
        copy_text(v.reg, sizeof v.reg, d->vehicles[i].registration);
        copy_text(v.haulier, sizeof v.haulier, d->vehicles[i].haulier);
        copy_text(v.truck, sizeof v.truck, d->vehicles[i].truck);
        v.payload_t =
            d->vehicles[i].payload_t > 0 ? d->vehicles[i].payload_t : 0;
        v.created = now;
        rc = st->ops->vehicle_put(st, &v, err);
    }
    for (i = 0; i < d->n_docs && rc == MF_OK; i++) {
        const struct mf_quality_doc *x = &d->docs[i];
        memset(&q, 0, sizeof q);
        copy_text(q.id, sizeof q.id, x->id);
        copy_text(q.sha256, sizeof q.sha256, x->sha256);
        q.tonnes = x->tonnes > 0 ? x->tonnes : 0;
        q.issued = x->issued;
        copy_text(q.source, sizeof q.source, x->source);
        q.lots = x->lots;
        q.n_lots = x->n_lots;
        q.created = now;
        rc = st->ops->quality_doc_put(st, &q, err);
    }
    for (i = 0; i < d->n_tickets && rc == MF_OK; i++) {
        store_ticket_of(&d->tickets[i], cat, t);
        t->created = now;
        rc = st->ops->ticket_put(st, t, err);
    }
    for (i = 0; i < d->n_receipts && rc == MF_OK; i++) {
        const struct mf_receipt *x = &d->receipts[i];
        memset(r, 0, sizeof *r);
        copy_text(r->id, sizeof r->id, x->id);
        copy_text(r->ticket, sizeof r->ticket, x->ticket);
        copy_text(r->corrects, sizeof r->corrects, x->corrects);
        r->voids = x->voids;
        copy_text(r->site, sizeof r->site, x->site);
        r->arrived = x->arrived;
        r->weighed_t = x->weighed_t;
        r->accepted = x->status == MF_RECEIPT_ACCEPTED;
        if (r->accepted)
            copy_text(r->reason, sizeof r->reason,
                      x->corrects ? x->reason : NULL);
        else
            copy_text(r->rejection, sizeof r->rejection,
                      x->reason ? x->reason : "rejected");
        if (x->corrects && !r->reason[0])
            copy_text(r->reason, sizeof r->reason, "corrected");
        r->created = now;
        rc = st->ops->receipt_put(st, r, err);
    }
    if (rc == MF_OK) {
        res->tickets = d->n_tickets;
        res->receipts = d->n_receipts;
        res->docs = d->n_docs;
        res->vehicles = d->n_vehicles;
    }
    free(t);
    free(r);
    return rc;
}

int app_custody_generate(struct app_session *s, uint64_t seed, size_t n_tickets,
                         int faults_per_check, int64_t as_of,
                         struct app_generate_result *res, struct mf_error *err)
{
    struct mf_custody_gen_opts go = MF_CUSTODY_GEN_OPTS_INIT;
    struct mf_plan_opts po = MF_PLAN_OPTS_INIT;
    const struct mf_factors *fx;
    struct mf_registry *reg = NULL;
    struct mf_plan *plan = NULL;
    struct mf_custody_gen *g = NULL;
    struct store *st;
    char secret[160];
    int rc, fresh = 0;

    memset(res, 0, sizeof *res);
    if ((rc = app_factors(s->app, &fx, err)) ||
        (rc = app_load(s, 1, &reg, err)) || (rc = custody_store(s, &st, err)) ||
        (rc = secret_need(st, secret, sizeof secret, &fresh, err)) ||
        (rc = mf_plan_solve(reg, fx, &po, &plan, err)))
        goto done;
    go.seed = seed;
    go.n_tickets = n_tickets;
    go.faults_per_check = faults_per_check;
    go.secret = secret;
    go.as_of = as_of;
    if ((rc = mf_custody_generate(reg, plan, &go, &g, err)))
        goto done;
    if ((rc = st->ops->begin(st, err)))
        goto done;
    if ((rc = secret_keep(st, secret, fresh, err)) ||
        (rc = write_generated(st, mf_registry_catalog(reg), g, res, err)) ||
        (rc = st->ops->commit(st, err))) {
        st->ops->rollback(st);
        goto done;
    }
    if (g->n_injected) {
        res->injected = malloc(g->n_injected * sizeof *res->injected);
        if (!res->injected) {
            rc = mf_error_set(err, MF_ENOMEM, "out of memory");
            goto done;
        }
        memcpy(res->injected, g->injected,
               g->n_injected * sizeof *res->injected);
        res->n_injected = g->n_injected;
    }
done:
    /* The injected findings borrow the generator's ids: each id is copied
     * into its evidence before the generator is freed. */
    if (rc == MF_OK && res->n_injected) {
        size_t i;
        for (i = 0; i < res->n_injected; i++) {
            const char *id = res->injected[i].id;
            res->injected[i].id = NULL;
            res->injected[i].other = NULL;
            snprintf(res->injected[i].evidence,
                     sizeof res->injected[i].evidence, "%s", id ? id : "");
        }
    }
    mf_custody_gen_free(g);
    mf_plan_free(plan);
    mf_registry_free(reg);
    return rc;
}
