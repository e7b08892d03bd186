/*
 * custody_csv.c - seeded tickets as a weighbridge export (custody_csv.h).
 * The receipts are found by their ticket's id through a sorted index.
 */
#include "custody_csv.h"

#include "masseflyt/model.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int by_ticket(const void *a, const void *b)
{
    const struct mf_receipt *x = *(const struct mf_receipt *const *)a;
    const struct mf_receipt *y = *(const struct mf_receipt *const *)b;

    return strcmp(x->ticket, y->ticket);
}

static const struct mf_receipt *receipt_of(const struct mf_receipt **idx,
                                           size_t n, const char *ticket)
{
    size_t lo = 0, hi = n;

    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int c = strcmp(idx[mid]->ticket, ticket);
        if (c == 0)
            return idx[mid];
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return NULL;
}

static int by_reg(const void *a, const void *b)
{
    const struct mf_vehicle *x = *(const struct mf_vehicle *const *)a;
    const struct mf_vehicle *y = *(const struct mf_vehicle *const *)b;

    return strcmp(x->registration, y->registration);
}

/* The haulier the vehicle register gives the ticket's truck (the
 * generator draws a haulier per load, and an import refuses a truck
 * under a second haulier); the ticket's own when the register has none. */
static const char *haulier_of(const struct mf_vehicle **v, size_t n,
                              const struct mf_ticket *t)
{
    size_t lo = 0, hi = n;

    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int c = strcmp(v[mid]->registration, t->vehicle);
        if (c == 0)
            return v[mid]->haulier ? v[mid]->haulier : t->haulier;
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return t->haulier;
}

/* A text in double quotes, its quotes doubled: a reason may hold ';'. */
static void quoted(FILE *f, const char *s)
{
    fputc('"', f);
    for (; *s; s++) {
        if (*s == '"')
            fputc('"', f);
        fputc(*s, f);
    }
    fputc('"', f);
}

/* "2026-03-02T07:05:00Z": days since 1970 by the civil calendar. */
static void utc(int64_t t, char *buf, size_t len)
{
    int64_t days = t >= 0 ? t / 86400 : -((-t + 86399) / 86400);
    int64_t rest = t - days * 86400;
    int y, mo, d;

    mf_date_ymd((int32_t)days, &y, &mo, &d);
    snprintf(buf, len, "%04d-%02d-%02dT%02d:%02d:%02dZ", y, mo, d,
             (int)(rest / 3600), (int)(rest % 3600 / 60), (int)(rest % 60));
}

int custody_write_csv(const struct mf_catalog *cat,
                      const struct mf_custody_data *d, const char *path,
                      size_t *rows, size_t *receipts)
{
    const struct mf_receipt **idx;
    const struct mf_vehicle **veh;
    size_t i, n_idx = 0;
    FILE *f;
    char dep[32], arr[32];

    *rows = *receipts = 0;
    idx = malloc((d->n_receipts ? d->n_receipts : 1) * sizeof *idx);
    veh = malloc((d->n_vehicles ? d->n_vehicles : 1) * sizeof *veh);
    if (!idx || !veh) {
        fprintf(stderr, "custody_csv: out of memory\n");
        free(idx);
        free(veh);
        return -1;
    }
    for (i = 0; i < d->n_vehicles; i++)
        veh[i] = &d->vehicles[i];
    qsort(veh, d->n_vehicles, sizeof *veh, by_reg);
    for (i = 0; i < d->n_receipts; i++)
        if (!d->receipts[i].corrects && d->receipts[i].ticket)
            idx[n_idx++] = &d->receipts[i];
    qsort(idx, n_idx, sizeof *idx, by_ticket);
    if (!(f = fopen(path, "w"))) {
        fprintf(stderr, "custody_csv: %s: %s\n", path, strerror(errno));
        free(idx);
        free(veh);
        return -1;
    }
    fputs("ticket;departed;lot;origin;destination;haulier;vehicle;material;"
          "quantity;unit;quality_doc;arrived;weighed_t;status;reason;"
          "receipt\n",
          f);
    for (i = 0; i < d->n_tickets; i++) {
        const struct mf_ticket *t = &d->tickets[i];
        const struct mf_material *m = mf_catalog_material(cat, t->material);
        const struct mf_receipt *r;

        if (t->corrects || !m)
            continue;
        r = receipt_of(idx, n_idx, t->id);
        utc(t->departed, dep, sizeof dep);
        fprintf(f, "%s;%s;%s;%s;%s;%s;%s;%s;%.3f;%s;%s;", t->id, dep, t->lot,
                t->origin, t->destination, haulier_of(veh, d->n_vehicles, t),
                t->vehicle, m->code, t->quantity, mf_state_name(t->state),
                t->quality_doc ? t->quality_doc : "");
        if (r && (!r->site || !strcmp(r->site, t->destination))) {
            utc(r->arrived, arr, sizeof arr);
            fprintf(f, "%s;", arr);
            if (r->weighed_t >= 0)
                fprintf(f, "%.3f", r->weighed_t);
            fprintf(f, ";%s;",
                    r->status == MF_RECEIPT_REJECTED ? "rejected" : "accepted");
            if (r->status == MF_RECEIPT_REJECTED && r->reason)
                quoted(f, r->reason);
            fprintf(f, ";%s\n", r->id);
            ++*receipts;
        } else {
            fputs(";;;;\n", f);
        }
        ++*rows;
    }
    free(idx);
    free(veh);
    if (fclose(f)) {
        fprintf(stderr, "custody_csv: %s: %s\n", path, strerror(errno));
        return -1;
    }
    return 0;
}
