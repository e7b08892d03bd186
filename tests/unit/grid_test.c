/*
 * grid_test.c - the spatial index finds exactly the points a brute-force
 * scan finds within a radius, nearer shells first, and its distance bound
 * never overstates, from the south coast to Svalbard; the distances it
 * gives are mf_distance_km's to the bit; and a caller that passes points
 * or cells over by their lower bounds (skip, beyond) still gets every
 * point nearer than its own limit.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "geo/grid.h"
#include "masseflyt/model.h"

#include <stdlib.h>

#define N 3000

struct seen {
    unsigned char *hit;
    double last_bound;
    int bound_ok;
    int exact_ok;
    double qlon, qlat;
    const double *lon, *lat;
    double want_km; /* skip and beyond: nothing beyond this is wanted */
};

static int stop(void *ctx, double min_km)
{
    struct seen *s = ctx;

    s->last_bound = min_km;
    return 0;
}

static void visit(void *ctx, size_t i, double km)
{
    struct seen *s = ctx;

    s->hit[i]++;
    if (km + 1e-9 < s->last_bound)
        s->bound_ok = 0;
    if (km != mf_distance_km(s->qlon, s->qlat, s->lon[i], s->lat[i]))
        s->exact_ok = 0;
}

/* A lower bound of point i's distance: it must never exceed the great
 * circle. Passes over what lies beyond want_km. */
static int skip_far(void *ctx, size_t i, double min_km)
{
    struct seen *s = ctx;

    if (min_km > mf_distance_km(s->qlon, s->qlat, s->lon[i], s->lat[i]))
        s->bound_ok = 0;
    return min_km > s->want_km;
}

static int beyond(void *ctx, double min_km)
{
    struct seen *s = ctx;

    return min_km > s->want_km;
}

static void test_grid__matches_brute_force(void **state)
{
    double *lon = malloc(N * sizeof *lon), *lat = malloc(N * sizeof *lat);
    struct grid *g = NULL;
    unsigned seed = 7;
    int q, i;

    (void)state;
    for (i = 0; i < N; i++) {
        lat[i] = 58 + (rand_r(&seed) % 100000) / 100000.0 * 22;
        lon[i] = 4 + (rand_r(&seed) % 100000) / 100000.0 * 27;
    }
    assert_int_equal(grid_build(&g, N, lon, lat, 25, NULL), MF_OK);
    for (q = 0; q < 40; q++) {
        struct seen s = {0};
        struct grid_visitor v = {0};
        double r = 20 + q * 5;
        s.hit = calloc(N, 1);
        s.bound_ok = 1;
        s.exact_ok = 1;
        s.last_bound = 0;
        s.qlat = lat[q * 11];
        s.qlon = lon[q * 11];
        s.lon = lon;
        s.lat = lat;
        v.ctx = &s;
        v.stop = stop;
        v.visit = visit;
        grid_search(g, s.qlon, s.qlat, r, &v);
        for (i = 0; i < N; i++) {
            int inside = mf_distance_km(s.qlon, s.qlat, lon[i], lat[i]) <= r;
            assert_int_equal(s.hit[i], inside);
        }
        assert_true(s.bound_ok);
        assert_true(s.exact_ok);
        free(s.hit);
    }
    grid_free(g);
    free(lon);
    free(lat);
}

/* With skip and beyond passing over all beyond want_km: every point
 * within both radii is still visited, once, and the bounds never
 * overstate; over cells of several sizes (the lines of cells the sphere
 * passes through depend on the size) and out to 80 degrees north. */
static void test_grid__skip_keeps_every_near_point(void **state)
{
    double *lon = malloc(N * sizeof *lon), *lat = malloc(N * sizeof *lat);
    const double cells[] = {1, 5, 25, 110};
    unsigned seed = 11;
    size_t c;
    int q, i;

    (void)state;
    for (i = 0; i < N; i++) {
        lat[i] = 57.9 + (rand_r(&seed) % 100000) / 100000.0 * 22.1;
        lon[i] = 4.5 + (rand_r(&seed) % 100000) / 100000.0 * 26.5;
        if (i % 7 == 0 && i > 0) { /* some close neighbours, some equal */
            lat[i] = lat[i - 1] + (i % 3) * 1e-4;
            lon[i] = lon[i - 1];
        }
    }
    for (c = 0; c < sizeof cells / sizeof *cells; c++) {
        struct grid *g = NULL;
        assert_int_equal(grid_build(&g, N, lon, lat, cells[c], NULL), MF_OK);
        for (q = 0; q < 30; q++) {
            struct seen s = {0};
            struct grid_visitor v = {0};
            double r = 30 + q * 7;
            s.hit = calloc(N, 1);
            s.bound_ok = 1;
            s.exact_ok = 1;
            s.qlat = lat[q * 97];
            s.qlon = lon[q * 97];
            s.lon = lon;
            s.lat = lat;
            s.want_km = 10 + q * 4;
            v.ctx = &s;
            v.visit = visit;
            v.skip = skip_far;
            v.beyond = beyond;
            grid_search(g, s.qlon, s.qlat, r, &v);
            for (i = 0; i < N; i++) {
                double km = mf_distance_km(s.qlon, s.qlat, lon[i], lat[i]);
                assert_true(s.hit[i] <= 1);
                if (km <= r && km <= s.want_km)
                    assert_int_equal(s.hit[i], 1);
                if (km > r)
                    assert_int_equal(s.hit[i], 0);
            }
            assert_true(s.bound_ok);
            assert_true(s.exact_ok);
            free(s.hit);
        }
        grid_free(g);
    }
    free(lon);
    free(lat);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_grid__matches_brute_force),
        cmocka_unit_test(test_grid__skip_keeps_every_near_point),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
