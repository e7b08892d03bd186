/*
 * grid.c - cells in Earth-centred coordinates, points sorted by cell, an
 * open-addressing table from cell key to the cell's run of points.
 */
#include "geo/grid.h"

#include "masseflyt/model.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>

#define EARTH_KM 6371.0088

struct cell {
    uint64_t key; /* 0 = empty slot */
    uint32_t start, count;
};

struct grid {
    double cell_km;
    size_t n;
    double *lon, *lat;
    uint32_t *order; /* point indices sorted by cell */
    struct cell *table;
    size_t mask;
};

static void to_xyz(double lon, double lat, double *x, double *y, double *z)
{
    const double rad = M_PI / 180.0;
    double cl = cos(lat * rad);

    *x = EARTH_KM * cl * cos(lon * rad);
    *y = EARTH_KM * cl * sin(lon * rad);
    *z = EARTH_KM * sin(lat * rad);
}

/* Cell coordinates are offset to stay positive, 21 bits each. */
static uint64_t key_of(long ix, long iy, long iz)
{
    const long off = 1L << 20;

    return ((uint64_t)(ix + off) << 42) | ((uint64_t)(iy + off) << 21) |
           (uint64_t)(iz + off) | (1ULL << 63);
}

static size_t hash(uint64_t k)
{
    k ^= k >> 33;
    k *= 0xff51afd7ed558ccdULL;
    k ^= k >> 33;
    return (size_t)k;
}

struct keyed {
    uint64_t key;
    uint32_t index;
};

static int by_key(const void *a, const void *b)
{
    const struct keyed *x = a, *y = b;

    if (x->key != y->key)
        return (x->key > y->key) - (x->key < y->key);
    return (x->index > y->index) - (x->index < y->index);
}

int grid_build(struct grid **out, size_t n, const double *lon,
               const double *lat, double cell_km, struct mf_error *err)
{
    struct grid *g = calloc(1, sizeof *g);
    struct keyed *keys = NULL;
    size_t i, cap = 16;

    *out = NULL;
    if (!g)
        return mf_error_set(err, MF_ENOMEM, "out of memory");
    g->cell_km = cell_km > 1 ? cell_km : 1;
    g->n = n;
    g->lon = malloc((n + 1) * sizeof *g->lon);
    g->lat = malloc((n + 1) * sizeof *g->lat);
    g->order = malloc((n + 1) * sizeof *g->order);
    keys = malloc((n + 1) * sizeof *keys);
    while (cap < 2 * n + 2)
        cap *= 2;
    g->table = calloc(cap, sizeof *g->table);
    g->mask = cap - 1;
    if (!g->lon || !g->lat || !g->order || !keys || !g->table)
        goto oom;
    for (i = 0; i < n; i++) {
        double x, y, z;
        g->lon[i] = lon[i];
        g->lat[i] = lat[i];
        to_xyz(lon[i], lat[i], &x, &y, &z);
        keys[i].key =
            key_of((long)floor(x / g->cell_km), (long)floor(y / g->cell_km),
                   (long)floor(z / g->cell_km));
        keys[i].index = (uint32_t)i;
    }
    qsort(keys, n, sizeof *keys, by_key);
    for (i = 0; i < n; i++)
        g->order[i] = keys[i].index;
    for (i = 0; i < n;) {
        uint64_t k = keys[i].key;
        size_t j = i, h = hash(k) & g->mask;
        while (j < n && keys[j].key == k)
            j++;
        while (g->table[h].key)
            h = (h + 1) & g->mask;
        g->table[h].key = k;
        g->table[h].start = (uint32_t)i;
        g->table[h].count = (uint32_t)(j - i);
        i = j;
    }
    free(keys);
    *out = g;
    return MF_OK;
oom:
    free(keys);
    grid_free(g);
    return mf_error_set(err, MF_ENOMEM, "out of memory");
}

void grid_free(struct grid *g)
{
    if (!g)
        return;
    free(g->lon);
    free(g->lat);
    free(g->order);
    free(g->table);
    free(g);
}

static const struct cell *find(const struct grid *g, uint64_t k)
{
    size_t h = hash(k) & g->mask;

    while (g->table[h].key) {
        if (g->table[h].key == k)
            return &g->table[h];
        h = (h + 1) & g->mask;
    }
    return NULL;
}

static void visit_cell(const struct grid *g, long ix, long iy, long iz,
                       double lon, double lat, double max_km,
                       const struct grid_visitor *v)
{
    const struct cell *c = find(g, key_of(ix, iy, iz));
    uint32_t k;

    if (!c)
        return;
    for (k = 0; k < c->count; k++) {
        uint32_t i = g->order[c->start + k];
        double km = mf_distance_km(lon, lat, g->lon[i], g->lat[i]);
        if (km <= max_km)
            v->visit(v->ctx, i, km);
    }
}

void grid_search(const struct grid *g, double lon, double lat, double max_km,
                 const struct grid_visitor *v)
{
    double x, y, z;
    long cx, cy, cz, r, rmax, a, b;

    if (g->n == 0)
        return;
    to_xyz(lon, lat, &x, &y, &z);
    cx = (long)floor(x / g->cell_km);
    cy = (long)floor(y / g->cell_km);
    cz = (long)floor(z / g->cell_km);
    rmax = (long)ceil(max_km / g->cell_km) + 1;
    for (r = 0; r <= rmax; r++) {
        if (v->stop &&
            v->stop(v->ctx, r > 0 ? (double)(r - 1) * g->cell_km : 0.0))
            return;
        if (r == 0) {
            visit_cell(g, cx, cy, cz, lon, lat, max_km, v);
            continue;
        }
        /* The shell: the two faces at x = +-r, then y = +-r without those
         * rows, then z = +-r without both. */
        for (a = -r; a <= r; a++)
            for (b = -r; b <= r; b++) {
                visit_cell(g, cx - r, cy + a, cz + b, lon, lat, max_km, v);
                visit_cell(g, cx + r, cy + a, cz + b, lon, lat, max_km, v);
            }
        for (a = -r + 1; a <= r - 1; a++)
            for (b = -r; b <= r; b++) {
                visit_cell(g, cx + a, cy - r, cz + b, lon, lat, max_km, v);
                visit_cell(g, cx + a, cy + r, cz + b, lon, lat, max_km, v);
            }
        for (a = -r + 1; a <= r - 1; a++)
            for (b = -r + 1; b <= r - 1; b++) {
                visit_cell(g, cx + a, cy + b, cz - r, lon, lat, max_km, v);
                visit_cell(g, cx + a, cy + b, cz + r, lon, lat, max_km, v);
            }
    }
}
