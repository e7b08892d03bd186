/*
 * balance.c - surplus against need per material (or open use class) and
 * period, over lots the rules accept and the filters select.
 */
#include "masseflyt/balance.h"

#include <stdlib.h>
#include <string.h>

static int wanted(const struct mf_registry *reg, size_t i,
                  const struct mf_balance_opts *o)
{
    const struct mf_lot *l = mf_registry_lot_at(reg, i);

    if (o->lot_in && !o->lot_in[i])
        return 0;
    if (o->municipality) {
        const char *m = mf_lot_municipality(reg, l);
        if (!m || strcmp(m, o->municipality))
            return 0;
    }
    if (o->near) {
        if (l->loc.epsg == 0 || mf_distance_km(o->lon, o->lat, l->loc.lon,
                                               l->loc.lat) > o->radius_km)
            return 0;
    }
    return 1;
}

static int row_for(struct mf_balance *b, int material, int use, int np)
{
    int i;
    struct mf_balance_row *r;

    for (i = 0; i < b->n_rows; i++)
        if (b->rows[i].material == material &&
            (material >= 0 || b->rows[i].use == use))
            return i;
    r = realloc(b->rows, (size_t)(b->n_rows + 1) * sizeof *r);
    if (!r)
        return -1;
    b->rows = r;
    r = &b->rows[b->n_rows];
    memset(r, 0, sizeof *r);
    r->material = material;
    r->use = material >= 0 ? -1 : use;
    r->supply = calloc((size_t)np + 1, sizeof *r->supply);
    r->demand = calloc((size_t)np + 1, sizeof *r->demand);
    b->n_rows++;
    if (!r->supply || !r->demand)
        return -1;
    return b->n_rows - 1;
}

/* Material rows first in catalogue order, then use-class rows. */
static int row_cmp(const void *pa, const void *pb)
{
    const struct mf_balance_row *a = pa, *b = pb;
    int ka = a->material >= 0 ? a->material : 1000 + a->use;
    int kb = b->material >= 0 ? b->material : 1000 + b->use;

    return (ka > kb) - (ka < kb);
}

int mf_balance_compute(const struct mf_registry *reg,
                       const struct mf_balance_opts *opts,
                       struct mf_balance **out, struct mf_error *err)
{
    struct mf_balance_opts def = MF_BALANCE_OPTS_INIT;
    const struct mf_balance_opts *o = opts ? opts : &def;
    size_t n = mf_registry_count(reg, MF_ENT_LOT), i;
    struct mf_balance *b = calloc(1, sizeof *b);
    unsigned char *status = NULL, *site_status = NULL;
    const struct mf_rule **reason = NULL;
    int32_t from = o->from, to = o->to;
    int rc, np;

    *out = NULL;
    if (!b)
        return mf_error_set(err, MF_ENOMEM, "out of memory");
    rc = mf_registry_status(reg, o->as_of, &status, &reason, &site_status, err);
    if (rc)
        goto fail;
    b->refused = calloc(n + 1, sizeof *b->refused);
    b->refused_rule = calloc(n + 1, sizeof *b->refused_rule);
    if (!b->refused || !b->refused_rule)
        goto oom;
    /* The horizon: what was asked, else the windows of the lots counted. */
    for (i = 0; i < n; i++) {
        const struct mf_lot *l = mf_registry_lot_at(reg, i);
        if (status[i] >= MF_SEV_REFUSE || !wanted(reg, i, o))
            continue;
        if (o->from == MF_DATE_NONE && (from == MF_DATE_NONE || l->from < from))
            from = l->from;
        if (o->to == MF_DATE_NONE && (to == MF_DATE_NONE || l->to > to))
            to = l->to;
    }
    if (from == MF_DATE_NONE || to == MF_DATE_NONE) {
        /* Nothing to count: an empty balance over today's year. */
        from = to = mf_catalog_today(mf_registry_catalog(reg));
    }
    rc = mf_periods_make(&b->periods, o->period, from, to, err);
    if (rc)
        goto fail;
    np = b->periods.n;
    b->supply_total = calloc((size_t)np + 1, sizeof *b->supply_total);
    b->demand_total = calloc((size_t)np + 1, sizeof *b->demand_total);
    if (!b->supply_total || !b->demand_total)
        goto oom;
    for (i = 0; i < n; i++) {
        const struct mf_lot *l = mf_registry_lot_at(reg, i);
        struct mf_balance_row *r;
        int k;

        if (!wanted(reg, i, o)) {
            b->lots_outside++;
            continue;
        }
        if (status[i] >= MF_SEV_REFUSE) {
            b->refused_rule[b->n_refused] = reason[i];
            b->refused[b->n_refused++] = i;
            continue;
        }
        k = row_for(b, l->material, l->use, np);
        if (k < 0)
            goto oom;
        r = &b->rows[k];
        if (l->kind == MF_LOT_SUPPLY) {
            mf_spread(&b->periods, l->from, l->to, l->tonnes, r->supply);
            mf_spread(&b->periods, l->from, l->to, l->tonnes, b->supply_total);
        } else {
            mf_spread(&b->periods, l->from, l->to, l->tonnes, r->demand);
            mf_spread(&b->periods, l->from, l->to, l->tonnes, b->demand_total);
        }
        b->lots_in++;
    }
    for (i = 0; i < (size_t)b->n_rows; i++) {
        int p;
        for (p = 0; p < np; p++) {
            b->rows[i].supply_total += b->rows[i].supply[p];
            b->rows[i].demand_total += b->rows[i].demand[p];
        }
    }
    qsort(b->rows, (size_t)b->n_rows, sizeof *b->rows, row_cmp);
    free(status);
    free(reason);
    free(site_status);
    *out = b;
    return MF_OK;
oom:
    rc = mf_error_set(err, MF_ENOMEM, "out of memory");
fail:
    free(status);
    free(reason);
    free(site_status);
    mf_balance_free(b);
    return rc;
}

void mf_balance_free(struct mf_balance *b)
{
    int i;

    if (!b)
        return;
    for (i = 0; i < b->n_rows; i++) {
        free(b->rows[i].supply);
        free(b->rows[i].demand);
    }
    free(b->rows);
    free(b->supply_total);
    free(b->demand_total);
    free(b->refused);
    free(b->refused_rule);
    mf_periods_free(&b->periods);
    free(b);
}
