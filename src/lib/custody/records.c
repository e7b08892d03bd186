/*
 * records.c - the custody records themselves: names of checks, causes and
 * dimensions, the effective records (corrections applied), and the
 * well-formedness of tickets, receipts, quality documents and vehicles
 * that an import checks before it writes anything.
 */
#include "masseflyt/custody.h"

#include "custody/custody_int.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const check_names[MF_CHK_COUNT] = {
    "unreceived",  "no_ticket",     "wrong_site",    "dest_material",
    "dest_permit", "dest_hazard",   "dest_capacity", "lot_refused",
    "doc_overuse", "vehicle_clash", "vehicle_speed", "window",
    "weight"};

const char *mf_custody_check_name(enum mf_custody_check c)
{
    return (unsigned)c < MF_CHK_COUNT ? check_names[c] : "?";
}

int mf_custody_check_parse(const char *s)
{
    int i;

    for (i = 0; s && i < MF_CHK_COUNT; i++)
        if (!strcmp(s, check_names[i]))
            return i;
    return -1;
}

const char *mf_custody_cause_name(enum mf_custody_cause c)
{
    static const char *const n[MF_CAUSE_COUNT] = {
        "weighing", "over_surplus", "unreceived", "rejected", "unplanned"};

    return (unsigned)c < MF_CAUSE_COUNT ? n[c] : "?";
}

const char *mf_custody_dim_name(enum mf_custody_dim d)
{
    static const char *const n[MF_CDIM_COUNT] = {"total", "lot", "site",
                                                 "project", "municipality"};

    return (unsigned)d < MF_CDIM_COUNT ? n[d] : "?";
}

const char *mf_custody_rec_name(enum mf_custody_rec r)
{
    static const char *const n[] = {"ticket", "receipt", "document",
                                    "lot",    "site",    "vehicle"};

    return (unsigned)r <= MF_CREC_VEHICLE ? n[r] : "?";
}

/* ------------------------------------------------------------------ */
/* Effective records                                                    */
/* ------------------------------------------------------------------ */

static const char *tkey(const void *ctx, size_t i)
{
    return cust_ticket_id(ctx, i);
}

static const char *rkey(const void *ctx, size_t i)
{
    return cust_receipt_id(ctx, i);
}

/* superseded[i] = 1 when some record corrects record i. */
static unsigned char *superseded(size_t n,
                                 const char *(*corrects)(const void *, size_t),
                                 ixkey_fn key, const void *ctx)
{
    struct ixmap m = {0};
    unsigned char *s = calloc(n + 1, 1);
    size_t i;

    if (!s || ixmap_build(&m, n, key, ctx)) {
        free(s);
        ixmap_free(&m);
        return NULL;
    }
    for (i = 0; i < n; i++) {
        int64_t k = ixmap_get(&m, corrects(ctx, i), key, ctx);

        if (k >= 0 && (size_t)k != i)
            s[k] = 1;
    }
    ixmap_free(&m);
    return s;
}

static const char *tcorr(const void *ctx, size_t i)
{
    return cust_ticket_corrects(ctx, i);
}

static const char *rcorr(const void *ctx, size_t i)
{
    return cust_receipt_corrects(ctx, i);
}

int mf_custody_effective(const struct mf_custody_data *data, size_t **tickets,
                         size_t *n_tickets, size_t **receipts,
                         size_t *n_receipts, struct mf_error *err)
{
    unsigned char *st = superseded(data->n_tickets, tcorr, tkey, data);
    unsigned char *sr = superseded(data->n_receipts, rcorr, rkey, data);
    size_t *t = malloc((data->n_tickets + 1) * sizeof *t);
    size_t *r = malloc((data->n_receipts + 1) * sizeof *r);
    size_t i, nt = 0, nr = 0;

    *tickets = NULL;
    *receipts = NULL;
    *n_tickets = *n_receipts = 0;
    if (!st || !sr || !t || !r) {
        free(st);
        free(sr);
        free(t);
        free(r);
        return mf_error_set(err, MF_ENOMEM, "out of memory");
    }
    for (i = 0; i < data->n_tickets; i++)
        if (!st[i] && !cust_ticket_voids(data, i))
            t[nt++] = i;
    for (i = 0; i < data->n_receipts; i++)
        if (!sr[i] && !cust_receipt_voids(data, i))
            r[nr++] = i;
    free(st);
    free(sr);
    *tickets = t;
    *receipts = r;
    *n_tickets = nt;
    *n_receipts = nr;
    return MF_OK;
}

/* ------------------------------------------------------------------ */
/* Well-formedness                                                      */
/* ------------------------------------------------------------------ */

#define BAD(kind, id, field, ...)                                              \
    do {                                                                       \
        char w_[160];                                                          \
        snprintf(w_, sizeof w_, "%s %s: %s", kind, (id) ? (id) : "?", field);  \
        if (mf_issues_add(is, MF_SEV_ERROR, "custody", MF_ENT_LOT, id, w_,     \
                          __VA_ARGS__))                                        \
            goto nomem;                                                        \
        worst = MF_SEV_ERROR;                                                  \
    } while (0)

static int is_hex64(const char *s)
{
    int i;

    if (!s)
        return 0;
    for (i = 0; i < 64; i++)
        if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f')))
            return 0;
    return s[64] == '\0';
}

static int has_text(const char *s)
{
    return s && *s;
}

static const char *dkey(const void *ctx, size_t i)
{
    return ((const struct mf_custody_data *)ctx)->docs[i].id;
}

static const char *vkey(const void *ctx, size_t i)
{
    return ((const struct mf_custody_data *)ctx)->vehicles[i].registration;
}

int mf_custody_validate(const struct mf_registry *reg,
                        const struct mf_custody_data *data,
                        struct mf_issues *is)
{
    const struct mf_catalog *cat = mf_registry_catalog(reg);
    struct ixmap tm = {0}, rm = {0}, dm = {0}, vm = {0};
    int worst = MF_SEV_NONE, n_mat = mf_catalog_n_materials(cat), j;
    size_t i;

    if (ixmap_build(&tm, data->n_tickets, tkey, data) ||
        ixmap_build(&rm, data->n_receipts, rkey, data) ||
        ixmap_build(&dm, data->n_docs, dkey, data) ||
        ixmap_build(&vm, data->n_vehicles, vkey, data))
        goto nomem;

    for (i = 0; i < data->n_tickets; i++) {
        struct mf_ticket tbuf;
        const struct mf_ticket *t = cust_ticket(data, i, &tbuf);
        const char *id = t->id;

        if (!has_text(id))
            BAD("ticket", "?", "id", "ticket %zu has no id", i + 1);
        else if (ixmap_get(&tm, id, tkey, data) != (int64_t)i)
            BAD("ticket", id, "id", "ticket id '%s' is given twice", id);
        if (!has_text(t->lot) || !mf_registry_lot(reg, t->lot))
            BAD("ticket", id, "lot", "lot '%s' is not in the registry",
                t->lot ? t->lot : "");
        if (!has_text(t->origin) || !mf_registry_site(reg, t->origin))
            BAD("ticket", id, "origin",
                "origin site '%s' is not in the "
                "registry",
                t->origin ? t->origin : "");
        if (!has_text(t->destination))
            BAD("ticket", id, "destination",
                "a ticket needs a destination "
                "site");
        if (t->material < 0 || t->material >= n_mat)
            BAD("ticket", id, "material", "material is not in the catalogue");
        if (!(t->quantity > 0) || !isfinite(t->quantity))
            BAD("ticket", id, "quantity", "quantity must be above 0, got %g",
                t->quantity);
        if (t->state <= MF_STATE_NONE || t->state >= MF_STATE_COUNT)
            BAD("ticket", id, "unit",
                "a quantity needs its unit: t, pfm3, "
                "ulm3 or pam3");
        if (!has_text(t->haulier) || !mf_orgnr_valid(t->haulier))
            BAD("ticket", id, "haulier",
                "haulier '%s' is not a valid "
                "organisation number (9 digits, mod-11 check digit)",
                t->haulier ? t->haulier : "");
        if (!has_text(t->vehicle))
            BAD("ticket", id, "vehicle",
                "a ticket needs the vehicle's "
                "registration");
        if (t->departed == MF_TIME_NONE)
            BAD("ticket", id, "departed",
                "a ticket needs its time of "
                "departure");
        if (t->corrects && ixmap_get(&tm, t->corrects, tkey, data) < 0)
            BAD("ticket", id, "corrects",
                "corrects ticket '%s', which does "
                "not exist",
                t->corrects);
        if (t->corrects && !has_text(t->reason))
            BAD("ticket", id, "reason", "a correction needs a reason");
    }
    for (i = 0; i < data->n_receipts; i++) {
        struct mf_receipt rbuf;
        const struct mf_receipt *r = cust_receipt(data, i, &rbuf);
        const char *id = r->id;

        if (!has_text(id))
            BAD("receipt", "?", "id", "receipt %zu has no id", i + 1);
        else if (ixmap_get(&rm, id, rkey, data) != (int64_t)i)
            BAD("receipt", id, "id", "receipt id '%s' is given twice", id);
        if (!has_text(r->ticket))
            BAD("receipt", id, "ticket",
                "a receipt names the ticket it "
                "confirms");
        if (r->site && !mf_registry_site(reg, r->site))
            BAD("receipt", id, "site", "site '%s' is not in the registry",
                r->site);
        if (r->arrived == MF_TIME_NONE)
            BAD("receipt", id, "arrived",
                "a receipt needs its time of "
                "arrival");
        if (isnan(r->weighed_t) || r->weighed_t > 1000)
            BAD("receipt", id, "weighed_t",
                "weighed tonnes must be a number "
                "up to 1000 (or below 0 for not weighed)");
        if (r->status != MF_RECEIPT_ACCEPTED &&
            r->status != MF_RECEIPT_REJECTED)
            BAD("receipt", id, "status",
                "status must be accepted or "
                "rejected");
        if (r->status == MF_RECEIPT_REJECTED && !has_text(r->reason))
            BAD("receipt", id, "reason", "a rejection needs a reason");
        if (r->corrects && ixmap_get(&rm, r->corrects, rkey, data) < 0)
            BAD("receipt", id, "corrects",
                "corrects receipt '%s', which "
                "does not exist",
                r->corrects);
    }
    for (i = 0; i < data->n_docs; i++) {
        const struct mf_quality_doc *q = &data->docs[i];
        const char *id = q->id;

        if (!has_text(id))
            BAD("document", "?", "id", "quality document %zu has no id", i + 1);
        else if (ixmap_get(&dm, id, dkey, data) != (int64_t)i)
            BAD("document", id, "id", "document id '%s' is given twice", id);
        if (!is_hex64(q->sha256))
            BAD("document", id, "sha256",
                "the content hash must be 64 "
                "lower-case hex digits (SHA-256)");
        if (q->n_lots < 1)
            BAD("document", id, "lots",
                "a quality document covers at least "
                "one lot");
        for (j = 0; j < q->n_lots; j++)
            if (!q->lots[j] || !mf_registry_lot(reg, q->lots[j]))
                BAD("document", id, "lots", "lot '%s' is not in the registry",
                    q->lots[j] ? q->lots[j] : "");
        if (isnan(q->tonnes))
            BAD("document", id, "tonnes", "tonnes must be a number");
    }
    for (i = 0; i < data->n_vehicles; i++) {
        const struct mf_vehicle *v = &data->vehicles[i];
        const char *id = v->registration;

        if (!has_text(id))
            BAD("vehicle", "?", "registration",
                "vehicle %zu has no "
                "registration",
                i + 1);
        else if (ixmap_get(&vm, id, vkey, data) != (int64_t)i)
            BAD("vehicle", id, "registration",
                "registration '%s' is given "
                "twice",
                id);
        if (v->haulier && !mf_orgnr_valid(v->haulier))
            BAD("vehicle", id, "haulier",
                "haulier '%s' is not a valid "
                "organisation number",
                v->haulier);
    }
    ixmap_free(&tm);
    ixmap_free(&rm);
    ixmap_free(&dm);
    ixmap_free(&vm);
    return worst;
nomem:
    ixmap_free(&tm);
    ixmap_free(&rm);
    ixmap_free(&dm);
    ixmap_free(&vm);
    return MF_ENOMEM;
}
