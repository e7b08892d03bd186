/*
 * grid_test.c - the spatial index finds exactly the points a brute-force
 * scan finds within a radius, nearer shells first, and its distance bound
 * never overstates, from the south coast to Svalbard.
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
    double qlon, qlat;
    const double *lon, *lat;
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
        struct seen s;
        struct grid_visitor v;
        double r = 20 + q * 5;
        s.hit = calloc(N, 1);
        s.bound_ok = 1;
        s.last_bound = 0;
        s.qlat = lat[q * 11];
        s.qlon = lon[q * 11];
        v.ctx = &s;
        v.stop = stop;
        v.visit = visit;
        grid_search(g, s.qlon, s.qlat, r, &v);
        for (i = 0; i < N; i++) {
            int inside = mf_distance_km(s.qlon, s.qlat, lon[i], lat[i]) <= r;
            assert_int_equal(s.hit[i], inside);
        }
        assert_true(s.bound_ok);
        free(s.hit);
    }
    grid_free(g);
    free(lon);
    free(lat);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_grid__matches_brute_force),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
