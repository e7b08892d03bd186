/*
 * grid.c - cells in Earth-centred coordinates, points sorted by cell, an
 * open-addressing table from cell key to the cell's run of points.
 */
#include "geo/grid.h"

#include "geo/distance.h"
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
    double *cos_lat; /* per point, for the haversine */
    double *xyz;     /* per point, Earth-centred km, for the chord bound */
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
    g->cos_lat = malloc((n + 1) * sizeof *g->cos_lat);
    g->xyz = malloc((3 * n + 1) * sizeof *g->xyz);
    g->order = malloc((n + 1) * sizeof *g->order);
    keys = malloc((n + 1) * sizeof *keys);
    while (cap < 2 * n + 2)
        cap *= 2;
    g->table = calloc(cap, sizeof *g->table);
    g->mask = cap - 1;
    if (!g->lon || !g->lat || !g->cos_lat || !g->xyz || !g->order || !keys ||
        !g->table)
        goto oom;
    for (i = 0; i < n; i++) {
        double x, y, z;
        g->lon[i] = lon[i];
        g->lat[i] = lat[i];
        g->cos_lat[i] = distance_cos_lat(lat[i]);
        to_xyz(lon[i], lat[i], &x, &y, &z);
        g->xyz[3 * i] = x;
        g->xyz[3 * i + 1] = y;
        g->xyz[3 * i + 2] = z;
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
    free(g->cos_lat);
    free(g->xyz);
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

/* The query point, as each cell's scan needs it. */
struct query {
    double lon, lat, cos_lat;
    double x, y, z;
    double max_km;
};

/* The straight line through the Earth between two points is never longer
 * than the great circle (arc = 2R asin(chord / 2R) >= chord); less a
 * metre, it stays a lower bound whatever the rounding of either (both are
 * exact to well under a millimetre at the Earth's size). */
#define CHORD_SLACK_KM 1e-3

/* The distance from u to the interval [lo, hi], squared, added to *gap2. */
static void axis_gap(double lo, double hi, double u, double *gap2)
{
    double gap = u < lo ? lo - u : u > hi ? u - hi : 0;

    *gap2 += gap * gap;
}

/* Whether the cell may hold a point the search wants, by its box alone:
 * no point lies nearer the query than the box does (less the slack of
 * the chord bound, so no cell that holds a wanted point is passed). */
static int cell_wanted(const struct grid *g, long ix, long iy, long iz,
                       const struct query *q, const struct grid_visitor *v)
{
    double c = g->cell_km, gap2 = 0, lb;

    axis_gap((double)ix * c, (double)(ix + 1) * c, q->x, &gap2);
    axis_gap((double)iy * c, (double)(iy + 1) * c, q->y, &gap2);
    axis_gap((double)iz * c, (double)(iz + 1) * c, q->z, &gap2);
    lb = sqrt(gap2) - CHORD_SLACK_KM;
    return lb <= q->max_km && !(v->beyond && v->beyond(v->ctx, lb));
}

/* The least and the greatest t^2 over [lo, hi], added to *m2 and *M2. */
static void axis_sq(double lo, double hi, double *m2, double *M2)
{
    double a = fabs(lo), b = fabs(hi), m = a > b ? a : b;

    *m2 += lo <= 0 && hi >= 0 ? 0 : (a < b ? a * a : b * b);
    *M2 += m * m;
}

/* The cells of a line of cells (two cell coordinates fixed, the third
 * free) that can hold a point: every point lies on the sphere of the
 * Earth's radius, so its free coordinate t has R^2 - M2 <= t^2 <= R^2 - m2
 * (m2, M2: the least and the greatest sum of squares of the fixed
 * coordinates over their cells), and its cell index on the free axis
 * lies in one of two runs, one per sign of t. The slack in the radius
 * (a metre: 12.7 km^2 in t^2) dwarfs any rounding, and floor(t / c) is
 * monotone in t also in floating point, so the runs need no widening.
 * Most cells of a shell lie off the sphere: the search does not look
 * them up. */
struct span {
    long lo[2], hi[2];
};

static void line_span(const struct grid *g, long i, long j, struct span *s)
{
    const double rmax = EARTH_KM + CHORD_SLACK_KM,
                 rmin = EARTH_KM - CHORD_SLACK_KM;
    double c = g->cell_km, m2 = 0, M2 = 0, u, l, th, tl;

    axis_sq((double)i * c, (double)(i + 1) * c, &m2, &M2);
    axis_sq((double)j * c, (double)(j + 1) * c, &m2, &M2);
    u = rmax * rmax - m2;
    if (u < 0) {
        s->lo[0] = s->lo[1] = 1;
        s->hi[0] = s->hi[1] = 0;
        return;
    }
    l = rmin * rmin - M2;
    th = sqrt(u);
    tl = l > 0 ? sqrt(l) : 0;
    s->lo[0] = (long)floor(-th / c);
    s->hi[0] = (long)floor(-tl / c);
    s->lo[1] = (long)floor(tl / c);
    s->hi[1] = (long)floor(th / c);
}

static int in_span(const struct span *s, long k)
{
    return (k >= s->lo[0] && k <= s->hi[0]) || (k >= s->lo[1] && k <= s->hi[1]);
}

/* The free coordinates, offset from c, worth a look in either of two
 * lines: within [-r, r] and the runs of both. */
static void span_range(const struct span *s1, const struct span *s2, long c,
                       long r, long *from, long *to)
{
    long lo = s1->lo[0], hi = s1->hi[1], k;

    for (k = 0; k < 2; k++) {
        if (s2->lo[k] < lo)
            lo = s2->lo[k];
        if (s1->lo[k] < lo)
            lo = s1->lo[k];
        if (s1->hi[k] > hi)
            hi = s1->hi[k];
        if (s2->hi[k] > hi)
            hi = s2->hi[k];
    }
    *from = lo - c > -r ? lo - c : -r;
    *to = hi - c < r ? hi - c : r;
}

static void visit_cell(const struct grid *g, long ix, long iy, long iz,
                       const struct query *q, const struct grid_visitor *v)
{
    const struct cell *c;
    uint32_t k;

    if (!cell_wanted(g, ix, iy, iz, q, v))
        return;
    c = find(g, key_of(ix, iy, iz));
    if (!c)
        return;
    for (k = 0; k < c->count; k++) {
        uint32_t i = g->order[c->start + k];
        const double *p = &g->xyz[3 * (size_t)i];
        double dx = p[0] - q->x, dy = p[1] - q->y, dz = p[2] - q->z;
        double lb = sqrt(dx * dx + dy * dy + dz * dz) - CHORD_SLACK_KM, km;
        if (lb > q->max_km || (v->skip && v->skip(v->ctx, i, lb)))
            continue;
        km = distance_haversine_km(q->lon, q->lat, q->cos_lat, g->lon[i],
                                   g->lat[i], g->cos_lat[i]);
        if (km <= q->max_km)
            v->visit(v->ctx, i, km);
    }
}

void grid_search(const struct grid *g, double lon, double lat, double max_km,
                 const struct grid_visitor *v)
{
    struct query q;
    struct span s1, s2;
    long cx, cy, cz, r, rmax, a, b, from, to;

    if (g->n == 0)
        return;
    q.lon = lon;
    q.lat = lat;
    q.cos_lat = distance_cos_lat(lat);
    q.max_km = max_km;
    to_xyz(lon, lat, &q.x, &q.y, &q.z);
    cx = (long)floor(q.x / g->cell_km);
    cy = (long)floor(q.y / g->cell_km);
    cz = (long)floor(q.z / g->cell_km);
    rmax = (long)ceil(max_km / g->cell_km) + 1;
    for (r = 0; r <= rmax; r++) {
        if (v->stop &&
            v->stop(v->ctx, r > 0 ? (double)(r - 1) * g->cell_km : 0.0))
            return;
        if (r == 0) {
            visit_cell(g, cx, cy, cz, &q, v);
            continue;
        }
        /* The shell: the two faces at x = +-r, then y = +-r without those
         * rows, then z = +-r without both; in each line of cells only
         * those the sphere passes through (line_span), in the same order
         * as a scan of all. */
        for (a = -r; a <= r; a++) {
            line_span(g, cx - r, cy + a, &s1);
            line_span(g, cx + r, cy + a, &s2);
            span_range(&s1, &s2, cz, r, &from, &to);
            for (b = from; b <= to; b++) {
                if (in_span(&s1, cz + b))
                    visit_cell(g, cx - r, cy + a, cz + b, &q, v);
                if (in_span(&s2, cz + b))
                    visit_cell(g, cx + r, cy + a, cz + b, &q, v);
            }
        }
        for (a = -r + 1; a <= r - 1; a++) {
            line_span(g, cx + a, cy - r, &s1);
            line_span(g, cx + a, cy + r, &s2);
            span_range(&s1, &s2, cz, r, &from, &to);
            for (b = from; b <= to; b++) {
                if (in_span(&s1, cz + b))
                    visit_cell(g, cx + a, cy - r, cz + b, &q, v);
                if (in_span(&s2, cz + b))
                    visit_cell(g, cx + a, cy + r, cz + b, &q, v);
            }
        }
        for (a = -r + 1; a <= r - 1; a++) {
            line_span(g, cx + a, cz - r, &s1);
            line_span(g, cx + a, cz + r, &s2);
            span_range(&s1, &s2, cy, r - 1, &from, &to);
            for (b = from; b <= to; b++) {
                if (in_span(&s1, cy + b))
                    visit_cell(g, cx + a, cy + b, cz - r, &q, v);
                if (in_span(&s2, cy + b))
                    visit_cell(g, cx + a, cy + b, cz + r, &q, v);
            }
        }
    }
}
