/*
 * places_test.c - places against their municipality (places.h): the UTM
 * zone mix-up found without boundaries, Kartverket's municipality file
 * read in its variants and refused when broken, and the polygon check.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "testutil.h"

#include "masseflyt/places.h"

#include <stdio.h>

/* A site in municipality muni at x, y in epsg, with lon, lat as PROJ
 * reads them in that system. */
static void site_at(struct mf_registry *reg, const char *id, const char *muni,
                    double x, double y, int epsg, double lon, double lat)
{
    struct mf_site s;

    memset(&s, 0, sizeof s);
    s.id = id;
    s.name = id;
    s.kind = MF_SITE_PROJECT;
    s.municipality = muni;
    s.loc.x = x;
    s.loc.y = y;
    s.loc.epsg = epsg;
    s.loc.lon = lon;
    s.loc.lat = lat;
    s.open_from = s.open_to = MF_DATE_NONE;
    s.product = -1;
    s.capacity_state = MF_STATE_NONE;
    assert_int_equal(mf_registry_put_site(reg, &s), MF_OK);
}

/* Gardermoen: a 25833 coordinate given as 25832 lies at 60.18 N 5.08 E
 * (cs2cs), 330 km from the other places of 3209; read in 25833 it lies
 * among them. With only one other place nothing says which of the two is
 * wrong: no flag. */
static void test_places__zone_mix_up_without_boundaries(void **state)
{
    struct mf_catalog *cat = tu_catalog();
    struct mf_registry *reg = tu_registry(cat);
    struct mf_issues is;
    int n;

    (void)state;
    mf_issues_init(&is, 100);
    site_at(reg, "grus", "3209", 283800.1, 6678959.5, 25833, 11.10, 60.19);
    site_at(reg, "fyll", "3209", 285000, 6676000, 25833, 11.12, 60.165);
    site_at(reg, "tak", "3209", 282626.1, 6677912.9, 25832, 5.08, 60.18);
    site_at(reg, "pair-a", "3238", 282626.1, 6677912.9, 25832, 5.08, 60.18);
    site_at(reg, "pair-b", "3238", 283800.1, 6678959.5, 25833, 11.10, 60.19);
    n = mf_validate_places(reg, NULL, &is);
    assert_int_equal(n, 1);
    assert_int_equal(is.n, 1);
    assert_int_equal(is.items[0].severity, MF_SEV_FLAG);
    assert_string_equal(is.items[0].where, "site tak: epsg");
    assert_non_null(strstr(is.items[0].message, "did you mean EPSG:25833?"));
    assert_non_null(strstr(is.items[0].message, "60.18 N 5.08 E"));
    assert_non_null(strstr(is.items[0].message, "2 other places in "
                                                "municipality 3209"));
    mf_issues_free(&is);
    mf_registry_free(reg);
    mf_catalog_free(cat);
}

/* Two places of one municipality 10 km apart, both right: no flag. */
static void test_places__no_flag_when_places_agree(void **state)
{
    struct mf_catalog *cat = tu_catalog();
    struct mf_registry *reg = tu_registry(cat);
    struct mf_issues is;

    (void)state;
    mf_issues_init(&is, 100);
    site_at(reg, "a", "0301", 597000, 6643000, 25832, 10.75, 59.91);
    site_at(reg, "b", "0301", 602000, 6650000, 25832, 10.84, 59.97);
    assert_int_equal(mf_validate_places(reg, NULL, &is), 0);
    assert_int_equal(is.n, 0);
    mf_issues_free(&is);
    mf_registry_free(reg);
    mf_catalog_free(cat);
}

static const char two_boxes[] =
    "{\"type\": \"FeatureCollection\", \"features\": ["
    "{\"type\": \"Feature\", \"properties\": {\"kommunenummer\": 301,"
    " \"navn\": [{\"sprak\": \"nor\", \"navn\": \"Box A\"}]},"
    " \"geometry\": {\"type\": \"Polygon\", \"coordinates\":"
    " [[[10, 59], [11, 59], [11, 60], [10, 60], [10, 59]]]}},"
    "{\"type\": \"Feature\", \"properties\": {\"kommunenummer\": \"3209\","
    " \"kommunenavn\": \"Box B\"},"
    " \"geometry\": {\"type\": \"MultiPolygon\", \"coordinates\":"
    " [[[[11, 60], [12, 60], [12, 61], [11, 61], [11, 60]]]]}}]}";

/* Lon/lat without a crs, a number as an integer, the name as a list. */
static void test_places__reads_kartverket_variants(void **state)
{
    struct mf_municipalities *m = NULL;
    struct mf_error err = {0};

    (void)state;
    assert_int_equal(mf_municipalities_read(&m, "k.geojson", two_boxes,
                                            strlen(two_boxes), &err),
                     MF_OK);
    assert_int_equal(mf_municipalities_count(m), 2);
    assert_string_equal(mf_municipality_number(m, 0), "0301");
    assert_string_equal(mf_municipality_name(m, 0), "Box A");
    assert_string_equal(mf_municipality_name(m, 1), "Box B");
    assert_int_equal(mf_municipalities_at(m, 10.5, 59.5), 0);
    assert_int_equal(mf_municipalities_at(m, 11.5, 60.5), 1);
    assert_int_equal(mf_municipalities_at(m, 9.5, 59.5), -1);
    assert_int_equal(mf_municipalities_find(m, "3209"), 1);
    mf_municipalities_free(m);
}

/* Each broken file is refused naming the file and the feature. */
static void test_places__refuses_broken_files(void **state)
{
    static const struct {
        const char *text, *where, *what;
    } bad[] = {
        {"{\"type\": \"FeatureCollection\", \"features\": [{\"type\": "
         "\"Feature\", \"properties\": {\"kommunenavn\": \"X\"}, \"geometry\": "
         "{\"type\": \"Polygon\", \"coordinates\": [[[10, 59], [11, 59], [11, "
         "60], [10, 59]]]}}]}",
         "k.geojson: features[0]", "kommunenummer"},
        {"{\"type\": \"FeatureCollection\", \"features\": [{\"type\": "
         "\"Feature\", \"properties\": {\"kommunenummer\": \"0301\"}, "
         "\"geometry\": {\"type\": \"Point\", \"coordinates\": [10, 59]}}]}",
         "k.geojson: features[0]", "Polygon"},
        {"{\"type\": \"FeatureCollection\", \"crs\": {\"type\": \"name\", "
         "\"properties\": {\"name\": \"urn:ogc:def:crs:EPSG::3035\"}}, "
         "\"features\": []}",
         "k.geojson", "crs"},
        {"{\"features\": 3}", "k.geojson", "FeatureCollection"},
        /* UTM metres with the crs member missing: no polygon around the
         * world (found by fuzz_municipalities as a 20 s timeout). */
        {"{\"type\": \"FeatureCollection\", \"features\": [{\"type\": "
         "\"Feature\", \"properties\": {\"kommunenummer\": \"0301\"}, "
         "\"geometry\": {\"type\": \"Polygon\", \"coordinates\": [[[590000, "
         "6640000], [610000, 6640000], [610000, 6660000], [590000, "
         "6640000]]]}}]}",
         "k.geojson: features[0]", "check the crs member"},
        {"{\"type\": \"FeatureCollection\", \"features\": [", "k.geojson",
         "invalid JSON"},
    };
    struct mf_municipalities *m = NULL;
    struct mf_error err = {0};
    char twice[sizeof two_boxes + 64];
    size_t i;

    (void)state;
    for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        assert_int_equal(mf_municipalities_read(&m, "k.geojson", bad[i].text,
                                                strlen(bad[i].text), &err),
                         MF_EINVAL);
        assert_null(m);
        if (strcmp(err.where, bad[i].where) ||
            !strstr(err.message, bad[i].what))
            fail_msg("case %zu: %s: %s", i, err.where, err.message);
    }
    /* The same municipality twice. */
    snprintf(twice, sizeof twice, "%s", two_boxes);
    memcpy(strstr(twice, "\"3209\""), "\"0301\"", 6);
    assert_int_equal(
        mf_municipalities_read(&m, "k.geojson", twice, strlen(twice), &err),
        MF_EINVAL);
    assert_string_equal(err.where, "k.geojson: features[1]");
    assert_non_null(strstr(err.message, "given twice"));
}

/* With boundaries: a place outside its municipality's polygon is flagged
 * naming the one it lies in; places inside are not. */
static void test_places__polygon_names_both(void **state)
{
    struct mf_catalog *cat = tu_catalog();
    struct mf_registry *reg = tu_registry(cat);
    struct mf_municipalities *m = NULL;
    struct mf_error err = {0};
    struct mf_issues is;

    (void)state;
    mf_issues_init(&is, 100);
    assert_int_equal(mf_municipalities_read(&m, "k.geojson", two_boxes,
                                            strlen(two_boxes), &err),
                     MF_OK);
    site_at(reg, "in", "0301", 10.5, 59.5, 4326, 10.5, 59.5);
    site_at(reg, "out", "0301", 11.5, 60.5, 4326, 11.5, 60.5);
    assert_int_equal(mf_validate_places(reg, m, &is), 1);
    assert_string_equal(is.items[0].where, "site out: epsg");
    assert_non_null(strstr(is.items[0].message,
                           "lie in municipality 3209 Box B, not in "
                           "municipality 0301 Box A"));
    mf_issues_free(&is);
    mf_municipalities_free(m);
    mf_registry_free(reg);
    mf_catalog_free(cat);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_places__zone_mix_up_without_boundaries),
        cmocka_unit_test(test_places__no_flag_when_places_agree),
        cmocka_unit_test(test_places__reads_kartverket_variants),
        cmocka_unit_test(test_places__refuses_broken_files),
        cmocka_unit_test(test_places__polygon_names_both),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
