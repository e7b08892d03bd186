/*
 * area.c - even-odd point-in-polygon with edges bucketed by latitude band.
 */
#include "geo/area.h"
#include "util/vec.h"

#include <jansson.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#define BAND_DEG 0.1

struct edge {
    double x0, y0, x1, y1; /* y0 < y1 */
};

struct area {
    struct edge *edges;
    size_t n_edges;
    double lat_min, lat_max;
    int n_bands;
    size_t *band_start; /* n_bands + 1 offsets into band_edge */
    int *band_edge;
};

static int add_ring(struct edge **edges, size_t *n, size_t *cap, json_t *ring)
{
    size_t k, len = json_array_size(ring);

    for (k = 0; k + 1 < len; k++) {
        json_t *a = json_array_get(ring, k), *b = json_array_get(ring, k + 1);
        double ax = json_number_value(json_array_get(a, 0));
        double ay = json_number_value(json_array_get(a, 1));
        double bx = json_number_value(json_array_get(b, 0));
        double by = json_number_value(json_array_get(b, 1));
        struct edge e;

        if (!json_is_number(json_array_get(a, 0)) ||
            !json_is_number(json_array_get(a, 1)) ||
            !json_is_number(json_array_get(b, 0)) ||
            !json_is_number(json_array_get(b, 1)))
            return MF_EINVAL;
        /* Latitudes are degrees: the bands below are 1/BAND_DEG per
         * degree, so metres read as degrees must not get that far. */
        if (!(fabs(ay) <= 90) || !(fabs(by) <= 90) || !isfinite(ax) ||
            !isfinite(bx))
            return MF_EINVAL;
        if (ay == by)
            continue; /* horizontal edges never cross a horizontal ray */
        if (ay < by)
            e = (struct edge){ax, ay, bx, by};
        else
            e = (struct edge){bx, by, ax, ay};
        if (vec_reserve(*edges, *cap, *n + 1))
            return MF_ENOMEM;
        (*edges)[(*n)++] = e;
    }
    return MF_OK;
}

static int add_geometry(struct edge **edges, size_t *n, size_t *cap, json_t *g)
{
    const char *type = json_string_value(json_object_get(g, "type"));
    json_t *coords = json_object_get(g, "coordinates");
    size_t i, j;
    int rc;

    if (!type || !json_is_array(coords))
        return MF_EINVAL;
    if (strcmp(type, "Polygon") == 0) {
        for (i = 0; i < json_array_size(coords); i++)
            if ((rc = add_ring(edges, n, cap, json_array_get(coords, i))))
                return rc;
        return MF_OK;
    }
    if (strcmp(type, "MultiPolygon") == 0) {
        for (j = 0; j < json_array_size(coords); j++) {
            json_t *poly = json_array_get(coords, j);
            for (i = 0; i < json_array_size(poly); i++)
                if ((rc = add_ring(edges, n, cap, json_array_get(poly, i))))
                    return rc;
        }
        return MF_OK;
    }
    return MF_EINVAL;
}

static int band_of(const struct area *a, double lat)
{
    int b = (int)floor((lat - a->lat_min) / BAND_DEG);

    if (b < 0)
        b = 0;
    if (b >= a->n_bands)
        b = a->n_bands - 1;
    return b;
}

static int build_bands(struct area *a)
{
    size_t i, total = 0;
    size_t *fill;
    int b;

    a->lat_min = 90;
    a->lat_max = -90;
    for (i = 0; i < a->n_edges; i++) {
        a->lat_min = fmin(a->lat_min, a->edges[i].y0);
        a->lat_max = fmax(a->lat_max, a->edges[i].y1);
    }
    a->n_bands = (int)ceil((a->lat_max - a->lat_min) / BAND_DEG) + 1;
    a->band_start = calloc((size_t)a->n_bands + 1, sizeof *a->band_start);
    fill = calloc((size_t)a->n_bands + 1, sizeof *fill);
    if (!a->band_start || !fill) {
        free(fill);
        return MF_ENOMEM;
    }
    /* Count, then place: an edge goes into every band it spans. */
    for (i = 0; i < a->n_edges; i++)
        for (b = band_of(a, a->edges[i].y0); b <= band_of(a, a->edges[i].y1);
             b++)
            a->band_start[b + 1]++;
    for (b = 0; b < a->n_bands; b++)
        a->band_start[b + 1] += a->band_start[b];
    total = a->band_start[a->n_bands];
    a->band_edge = malloc((total ? total : 1) * sizeof *a->band_edge);
    if (!a->band_edge) {
        free(fill);
        return MF_ENOMEM;
    }
    for (i = 0; i < a->n_edges; i++)
        for (b = band_of(a, a->edges[i].y0); b <= band_of(a, a->edges[i].y1);
             b++)
            a->band_edge[a->band_start[b] + fill[b]++] = (int)i;
    free(fill);
    return MF_OK;
}

/* Builds an area from parsed JSON; takes ownership of root. */
static int from_root(struct area **out, const char *label, json_t *root,
                     struct mf_error *err)
{
    json_t *features;
    struct area *a = NULL;
    size_t cap = 0, i;
    int rc = MF_OK;

    a = calloc(1, sizeof *a);
    if (!a) {
        rc = mf_error_set(err, MF_ENOMEM, "out of memory");
        goto done;
    }
    features = json_object_get(root, "features");
    if (json_is_array(features)) {
        for (i = 0; i < json_array_size(features) && rc == MF_OK; i++)
            rc = add_geometry(
                &a->edges, &a->n_edges, &cap,
                json_object_get(json_array_get(features, i), "geometry"));
    } else if (json_object_get(root, "geometry")) {
        rc = add_geometry(&a->edges, &a->n_edges, &cap,
                          json_object_get(root, "geometry"));
    } else {
        rc = add_geometry(&a->edges, &a->n_edges, &cap, root);
    }
    if (rc == MF_OK && a->n_edges == 0)
        rc = MF_EINVAL;
    if (rc) {
        rc = rc == MF_ENOMEM
                 ? mf_error_set(err, rc, "out of memory")
                 : mf_error_at(err, rc, label,
                               "expected Polygon or MultiPolygon geometries "
                               "with numeric coordinates");
        goto done;
    }
    if (build_bands(a)) {
        rc = mf_error_set(err, MF_ENOMEM, "out of memory");
        goto done;
    }
    *out = a;
    a = NULL;
done:
    area_free(a);
    json_decref(root);
    return rc;
}

int area_from_json(struct area **out, const char *label, const char *text,
                   struct mf_error *err)
{
    json_error_t jerr;
    json_t *root = json_loads(text, 0, &jerr);

    *out = NULL;
    if (!root)
        return mf_error_at(err, MF_EINVAL, label, "line %d: %s", jerr.line,
                           jerr.text);
    return from_root(out, label, root, err);
}

int area_load(struct area **out, const char *path, struct mf_error *err)
{
    json_error_t jerr;
    json_t *root = json_load_file(path, 0, &jerr);

    *out = NULL;
    if (!root)
        return mf_error_at(err, jerr.line < 1 ? MF_EIO : MF_EINVAL, path, "%s",
                           jerr.text);
    return from_root(out, path, root, err);
}

void area_free(struct area *a)
{
    if (!a)
        return;
    free(a->edges);
    free(a->band_start);
    free(a->band_edge);
    free(a);
}

int area_contains(const struct area *a, double lon, double lat)
{
    size_t k;
    int b, inside = 0;

    if (!(lat >= a->lat_min && lat <= a->lat_max) || !isfinite(lon))
        return 0;
    b = band_of(a, lat);
    for (k = a->band_start[b]; k < a->band_start[b + 1]; k++) {
        const struct edge *e = &a->edges[a->band_edge[k]];

        /* Half-open in y so a vertex on the ray counts once. */
        if (lat >= e->y0 && lat < e->y1) {
            double xc =
                e->x0 + (lat - e->y0) * (e->x1 - e->x0) / (e->y1 - e->y0);
            if (xc > lon)
                inside = !inside;
        }
    }
    return inside;
}
