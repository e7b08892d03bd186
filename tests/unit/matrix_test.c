/*
 * matrix_test.c - road distances the user gives (geo/matrix.c): read both
 * ways, and checked against the registry: rows naming no site, roads
 * shorter than the straight line, and directions far apart.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "testutil.h"

#include "geo/distance.h"
#include "masseflyt/geo.h"
#include "masseflyt/validate.h"

#include <stdio.h>
#include <unistd.h>

static char path[256];

static struct mf_distances *load(const char *text)
{
    struct mf_distances *d = NULL;
    struct mf_error err = {0};
    FILE *f;
    int fd;

    snprintf(path, sizeof path, "/tmp/mf-distances-XXXXXX");
    fd = mkstemp(path);
    assert_true(fd >= 0);
    f = fdopen(fd, "w");
    fputs(text, f);
    fclose(f);
    if (mf_distances_load(&d, path, &err))
        fail_msg("%s: %s", err.where, err.message);
    unlink(path);
    return d;
}

static const struct mf_issue *find(const struct mf_issues *is, const char *text)
{
    size_t i;

    for (i = 0; i < is->n; i++)
        if (strstr(is->items[i].message, text))
            return &is->items[i];
    return NULL;
}

static void test_matrix__both_ways_and_provider(void **state)
{
    struct mf_distances *d = load("from,to,km\na,b,12.5\nc,d,3\nd,c,4\n");
    struct distance_provider p;

    (void)state;
    distance_provider_init(&p, d, 1.3);
    assert_float_equal(distance_road_km(&p, "a", "b", NULL, NULL, 1), 12.5,
                       1e-12);
    assert_float_equal(distance_road_km(&p, "b", "a", NULL, NULL, 1), 12.5,
                       1e-12);
    assert_float_equal(distance_road_km(&p, "c", "d", NULL, NULL, 1), 3, 1e-12);
    assert_float_equal(distance_road_km(&p, "d", "c", NULL, NULL, 1), 4, 1e-12);
    /* Unknown pairs and lots without a site: great circle x circuity. */
    assert_float_equal(distance_road_km(&p, "a", "x", NULL, NULL, 10), 13,
                       1e-12);
    assert_float_equal(distance_road_km(&p, NULL, "b", NULL, NULL, 10), 13,
                       1e-12);
    distance_provider_init(&p, NULL, 1.25);
    assert_float_equal(distance_road_km(&p, "a", "b", NULL, NULL, 10), 12.5,
                       1e-12);
    mf_distances_free(d);
}

static void test_matrix__checked_against_sites(void **state)
{
    struct mf_catalog *cat = tu_catalog();
    struct mf_registry *reg = tu_registry(cat);
    struct mf_distances *d;
    struct mf_issues is;
    const struct mf_issue *it;
    double gc;

    (void)state;
    /* Two sites about 11 km apart (0.1 degree of latitude). */
    tu_site(reg, "a", MF_SITE_RECEIVING, 59.90, 10.75, "sprengstein", NULL,
            1000, 100);
    tu_site(reg, "b", MF_SITE_RECEIVING, 60.00, 10.75, "sprengstein", NULL,
            1000, 100);
    gc = mf_distance_km(10.75, 59.90, 10.75, 60.00);
    assert_true(gc > 11 && gc < 11.2);
    d = load("from,to,km\na,b,14\nb,a,15\n");
    mf_issues_init(&is, 100);
    assert_int_equal(mf_distances_check(d, reg, &is), MF_OK);
    assert_int_equal(is.n, 0);
    mf_issues_free(&is);
    mf_distances_free(d);

    /* A site nobody has, a road shorter than the straight line, and two
     * directions ten times apart. */
    d = load("from,to,km\na,zz,5\nb,a,5\na,b,14\nb,a,140\n");
    mf_issues_init(&is, 100);
    assert_int_equal(mf_distances_check(d, reg, &is), MF_OK);
    it = find(&is, "no site has the id 'zz'");
    assert_non_null(it);
    assert_int_equal(it->severity, MF_SEV_ERROR);
    assert_non_null(strstr(it->where, ":2: to"));
    it = find(&is, "shorter than the straight line");
    assert_non_null(it);
    assert_int_equal(it->severity, MF_SEV_ERROR);
    assert_non_null(strstr(it->where, ":3: km"));
    it = find(&is, "is one of them mistyped");
    assert_non_null(it);
    assert_int_equal(it->severity, MF_SEV_FLAG);
    mf_issues_free(&is);
    mf_distances_free(d);
    mf_registry_free(reg);
    mf_catalog_free(cat);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_matrix__both_ways_and_provider),
        cmocka_unit_test(test_matrix__checked_against_sites),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
