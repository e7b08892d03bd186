/*
 * crs.c - PROJ transforms, created once per code and cached.
 */
#include "geo/crs.h"

#include <math.h>
#include <proj.h>
#include <stdio.h>
#include <stdlib.h>

static const struct {
    int epsg;
    const char *name;
} known[] = {
    {25832, "EPSG:25832 (EUREF89 / UTM zone 32N)"},
    {25833, "EPSG:25833 (EUREF89 / UTM zone 33N)"},
    {25835, "EPSG:25835 (EUREF89 / UTM zone 35N)"},
    {4258, "EPSG:4258 (EUREF89 geographic)"},
    {4326, "EPSG:4326 (WGS84 geographic)"},
};
#define N_KNOWN (sizeof known / sizeof known[0])

struct crs {
    PJ_CONTEXT *ctx;
    PJ *to[N_KNOWN]; /* epsg -> WGS84, created on first use */
};

int crs_supported(int epsg)
{
    size_t i;

    for (i = 0; i < N_KNOWN; i++)
        if (known[i].epsg == epsg)
            return 1;
    return 0;
}

const char *crs_name(int epsg)
{
    size_t i;

    for (i = 0; i < N_KNOWN; i++)
        if (known[i].epsg == epsg)
            return known[i].name;
    return "unknown";
}

/* The PROJ context is made on the first transform: making one reads
 * PROJ's configuration, and an API write of WGS84 places never needs it. */
int crs_new(struct crs **out, struct mf_error *err)
{
    struct crs *c = calloc(1, sizeof *c);

    *out = NULL;
    if (!c)
        return mf_error_set(err, MF_ENOMEM, "out of memory");
    *out = c;
    return MF_OK;
}

static int crs_context(struct crs *c, struct mf_error *err)
{
    if (c->ctx)
        return MF_OK;
    c->ctx = proj_context_create();
    if (!c->ctx)
        return mf_error_set(err, MF_ERR, "PROJ: cannot create a context");
    /* Never fetch grids over the network: the result must not depend on
     * what the machine can reach. */
    proj_context_set_enable_network(c->ctx, 0);
    proj_log_level(c->ctx, PJ_LOG_NONE);
    return MF_OK;
}

void crs_free(struct crs *c)
{
    size_t i;

    if (!c)
        return;
    for (i = 0; i < N_KNOWN; i++)
        proj_destroy(c->to[i]);
    if (c->ctx)
        proj_context_destroy(c->ctx);
    free(c);
}

static PJ *transform_for(struct crs *c, int epsg, struct mf_error *err)
{
    size_t i;
    char src[32];
    PJ *p, *norm;

    for (i = 0; i < N_KNOWN; i++)
        if (known[i].epsg == epsg)
            break;
    if (i == N_KNOWN) {
        mf_error_set(err, MF_EINVAL,
                     "EPSG:%d is not accepted (use 25832, 25833, 25835, "
                     "4258 or 4326)",
                     epsg);
        return NULL;
    }
    if (c->to[i])
        return c->to[i];
    if (crs_context(c, err))
        return NULL;
    snprintf(src, sizeof src, "EPSG:%d", epsg);
    p = proj_create_crs_to_crs(c->ctx, src, "EPSG:4326", NULL);
    if (!p) {
        mf_error_set(
            err, MF_ERR, "PROJ cannot transform %s to EPSG:4326: %s", src,
            proj_context_errno_string(c->ctx, proj_context_errno(c->ctx)));
        return NULL;
    }
    norm = proj_normalize_for_visualization(c->ctx, p);
    proj_destroy(p);
    if (!norm) {
        mf_error_set(err, MF_ERR, "PROJ cannot normalise %s", src);
        return NULL;
    }
    c->to[i] = norm;
    return norm;
}

static int run(struct crs *c, int epsg, PJ_DIRECTION dir, size_t n, double *x,
               double *y, struct mf_error *err)
{
    PJ *p;
    size_t i;

    /* WGS84 in, WGS84 out: no transform to make (making one opens PROJ's
     * database, about 10 ms, once per import of a single API write). */
    if (epsg == 4326)
        return MF_OK;
    if (!(p = transform_for(c, epsg, err)))
        return err ? err->code : MF_EINVAL;
    if (n == 0)
        return MF_OK;
    proj_trans_generic(p, dir, x, sizeof *x, n, y, sizeof *y, n, NULL, 0, 0,
                       NULL, 0, 0);
    for (i = 0; i < n; i++)
        if (!isfinite(x[i]) || !isfinite(y[i]))
            return mf_error_set(err, MF_EINVAL,
                                "point %zu cannot be transformed from "
                                "EPSG:%d",
                                i, epsg);
    return MF_OK;
}

int crs_to_wgs84(struct crs *c, int epsg, size_t n, double *x, double *y,
                 struct mf_error *err)
{
    return run(c, epsg, PJ_FWD, n, x, y, err);
}

int crs_from_wgs84(struct crs *c, int epsg, size_t n, double *x, double *y,
                   struct mf_error *err)
{
    return run(c, epsg, PJ_INV, n, x, y, err);
}
