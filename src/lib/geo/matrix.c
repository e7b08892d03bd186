/*
 * matrix.c - road distances given by the user: a CSV of from,to,km
 * between site ids, one source behind the distance provider
 * (geo/distance.h); pairs it lacks fall back to great circle x circuity.
 */
#include "masseflyt/geo.h"

#include "masseflyt/model.h"
#include "masseflyt/validate.h"

#include "format/records.h"
#include "geo/distance.h"
#include "util/arena.h"
#include "util/strmap.h"
#include "util/vec.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A row as the user wrote it, for checking against the registry. */
struct given {
    const char *from, *to, *where;
    double km;
};

struct mf_distances {
    struct arena arena;
    struct strmap index; /* "from\x1fto" -> slot */
    double *km;
    size_t n, cap;
    struct given *rows;
    size_t n_rows, cap_rows;
};

static char *pair_key(struct arena *a, const char *from, const char *to)
{
    size_t lf = strlen(from), lt = strlen(to);
    char *k = arena_alloc(a, lf + lt + 2);

    if (!k)
        return NULL;
    memcpy(k, from, lf);
    k[lf] = '\x1f';
    memcpy(k + lf + 1, to, lt + 1);
    return k;
}

static int put(struct mf_distances *d, const char *from, const char *to,
               double km, int overwrite)
{
    char *key = pair_key(&d->arena, from, to);
    int at;

    if (!key)
        return MF_ENOMEM;
    at = strmap_get(&d->index, key);
    if (at >= 0) {
        if (overwrite)
            d->km[at] = km;
        return MF_OK;
    }
    if (vec_reserve(d->km, d->cap, d->n + 1))
        return MF_ENOMEM;
    d->km[d->n] = km;
    if (strmap_put(&d->index, key, (int)d->n))
        return MF_ENOMEM;
    d->n++;
    return MF_OK;
}

int mf_distances_load(struct mf_distances **out, const char *path,
                      struct mf_error *err)
{
    struct mf_distances *d = calloc(1, sizeof *d);
    struct rec_opts opts = REC_OPTS_INIT;
    struct rec_reader *r = NULL;
    int cf, ct, ck, rc;

    *out = NULL;
    if (!d)
        return mf_error_set(err, MF_ENOMEM, "out of memory");
    arena_init(&d->arena, 64 * 1024);
    strmap_init(&d->index);
    rc = rec_open_file(&r, path, &opts, err);
    if (rc)
        goto fail;
    cf = rec_column(r, "from");
    ct = rec_column(r, "to");
    ck = rec_column(r, "km");
    if (cf < 0 || ct < 0 || ck < 0) {
        rc = mf_error_at(err, MF_EINVAL, path,
                         "a distance file needs the columns from, to, km");
        goto fail;
    }
    while ((rc = rec_next(r, err)) == 1) {
        const char *f = rec_value(r, cf), *t = rec_value(r, ct);
        double km;
        char where[200];

        snprintf(where, sizeof where, "%s: km", rec_where(r));
        if (!f || !*f || !t || !*t) {
            rc = mf_error_at(err, MF_EINVAL, where,
                             "from and to must name sites");
            goto fail;
        }
        if (rec_parse_number(rec_value(r, ck) ? rec_value(r, ck) : "", &km,
                             err) ||
            !(km >= 0)) {
            rc = mf_error_at(err, MF_EINVAL, where,
                             "km must be a number of kilometres >= 0");
            goto fail;
        }
        if (vec_reserve(d->rows, d->cap_rows, d->n_rows + 1) ||
            !(d->rows[d->n_rows].from = arena_strdup(&d->arena, f)) ||
            !(d->rows[d->n_rows].to = arena_strdup(&d->arena, t)) ||
            !(d->rows[d->n_rows].where =
                  arena_strdup(&d->arena, rec_where(r)))) {
            rc = mf_error_set(err, MF_ENOMEM, "out of memory");
            goto fail;
        }
        d->rows[d->n_rows++].km = km;
        /* A pair given once counts both ways; given both ways, each
         * direction keeps its own value. */
        if ((rc = put(d, f, t, km, 1)) || (rc = put(d, t, f, km, 0))) {
            rc = mf_error_set(err, MF_ENOMEM, "out of memory");
            goto fail;
        }
    }
    if (rc < 0)
        goto fail;
    rec_close(r);
    *out = d;
    return MF_OK;
fail:
    rec_close(r);
    mf_distances_free(d);
    return rc;
}

void mf_distances_free(struct mf_distances *d)
{
    if (!d)
        return;
    strmap_free(&d->index);
    free(d->km);
    free(d->rows);
    arena_free(&d->arena);
    free(d);
}

size_t mf_distances_count(const struct mf_distances *d)
{
    return d->n;
}

int matrix_lookup(const struct mf_distances *d, const char *from,
                  const char *to, double *km)
{
    char buf[512];
    size_t lf = strlen(from), lt = strlen(to);
    int at;

    if (lf + lt + 2 > sizeof buf)
        return 0;
    memcpy(buf, from, lf);
    buf[lf] = '\x1f';
    memcpy(buf + lf + 1, to, lt + 1);
    at = strmap_get(&d->index, buf);
    if (at < 0)
        return 0;
    *km = d->km[at];
    return 1;
}

static int matrix_road_km(const void *ctx, const char *from, const char *to,
                          double *km)
{
    return matrix_lookup(ctx, from, to, km);
}

void distance_provider_init(struct distance_provider *p,
                            const struct mf_distances *matrix, double circuity)
{
    p->road_km = matrix ? matrix_road_km : NULL;
    p->ctx = matrix;
    p->circuity = circuity;
    p->detour = NULL;
    p->detour_ctx = NULL;
}

/* A road is never much shorter than the straight line: 5 % below it
 * allows for rounding of both. Two directions of one pair that differ by
 * more than this factor (and 5 km) are most likely a typing error. */
#define ROAD_SHORTER 0.95
#define DIRECTIONS_APART 2.0

int mf_distances_check(const struct mf_distances *d,
                       const struct mf_registry *reg, struct mf_issues *is)
{
    size_t i;
    char where[200];

    for (i = 0; i < d->n_rows; i++) {
        const struct given *g = &d->rows[i];
        const struct mf_site *a = mf_registry_site(reg, g->from);
        const struct mf_site *b = mf_registry_site(reg, g->to);
        double back, gc;
        int rc = MF_OK;

        if (!a || !b) {
            snprintf(where, sizeof where, "%s: %s", g->where,
                     a ? "to" : "from");
            rc = mf_issues_add(is, MF_SEV_ERROR, "distances", MF_ENT_SITE,
                               a ? g->to : g->from, where,
                               "no site has the id '%s'", a ? g->to : g->from);
        } else {
            snprintf(where, sizeof where, "%s: km", g->where);
            gc = mf_distance_km(a->loc.lon, a->loc.lat, b->loc.lon, b->loc.lat);
            if (g->km < gc * ROAD_SHORTER)
                rc = mf_issues_add(is, MF_SEV_ERROR, "distances", MF_ENT_SITE,
                                   g->from, where,
                                   "%g km from %s to %s is shorter than the "
                                   "straight line between them (%.1f km)",
                                   g->km, g->from, g->to, gc);
            else if (matrix_lookup(d, g->to, g->from, &back) && back != g->km &&
                     strcmp(g->from, g->to) < 0 && fabs(back - g->km) > 5 &&
                     (back > g->km * DIRECTIONS_APART ||
                      g->km > back * DIRECTIONS_APART))
                rc = mf_issues_add(is, MF_SEV_FLAG, "distances", MF_ENT_SITE,
                                   g->from, where,
                                   "%s to %s is %g km but %s to %s is %g km; "
                                   "is one of them mistyped?",
                                   g->from, g->to, g->km, g->to, g->from, back);
        }
        if (rc)
            return rc;
    }
    return MF_OK;
}
