/*
 * geojson_test.c - the GeoJSON reader (format/geojson.c through
 * format/records.h): collections and single features, the crs member, Point
 * and null geometries, property values and names, and the places named
 * in errors.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "format/records.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static struct rec_reader *open_opts(const char *text, const struct rec_opts *o)
{
    struct rec_reader *r = NULL;
    struct mf_error err = {0};
    int rc = rec_open_geojson_mem(&r, "t.geojson", text, strlen(text), o, &err);

    if (rc != 0)
        fail_msg("open failed: %s: %s", err.where, err.message);
    return r;
}

static struct rec_reader *open_gj(const char *text)
{
    return open_opts(text, NULL);
}

static int open_fails(const char *text, struct mf_error *err)
{
    struct rec_reader *r = NULL;
    int rc =
        rec_open_geojson_mem(&r, "t.geojson", text, strlen(text), NULL, err);

    assert_null(r);
    assert_true(rc < 0);
    return rc;
}

static int read_fails(struct rec_reader *r, struct mf_error *err)
{
    int rc;

    while ((rc = rec_next(r, err)) == 1)
        ;
    assert_true(rc < 0);
    assert_int_equal(rec_next(r, err), 0);
    return rc;
}

static void next_ok(struct rec_reader *r)
{
    struct mf_error err = {0};
    int rc = rec_next(r, &err);

    if (rc != 1)
        fail_msg("rec_next gave %d: %s: %s", rc, err.where, err.message);
}

static void at_end(struct rec_reader *r)
{
    struct mf_error err = {0};

    assert_int_equal(rec_next(r, &err), 0);
    assert_int_equal(rec_next(r, &err), 0);
}

static const char *val(struct rec_reader *r, const char *col)
{
    return rec_value(r, rec_column(r, col));
}

/* A collection with a crs member (NULL: none) and the given features. */
static char *collection(const char *crs, const char *features)
{
    size_t n = strlen(features) + (crs ? strlen(crs) : 0) + 128;
    char *t = malloc(n);

    assert_non_null(t);
    if (crs)
        snprintf(t, n,
                 "{\"type\":\"FeatureCollection\",\"crs\":%s,"
                 "\"features\":[%s]}",
                 crs, features);
    else
        snprintf(t, n, "{\"type\":\"FeatureCollection\",\"features\":[%s]}",
                 features);
    return t;
}

#define PT(x, y) "{\"type\":\"Point\",\"coordinates\":[" x "," y "]}"
#define FEAT(geom, props)                                                      \
    "{\"type\":\"Feature\",\"geometry\":" geom ",\"properties\":" props "}"

/* ------------------------------------------------------------------ */
/* Collections, columns and values                                     */
/* ------------------------------------------------------------------ */

static void test_geojson__collection_with_utm_crs(void **state)
{
    char *t = collection(
        "{\"type\":\"name\",\"properties\":{\"name\":"
        "\"urn:ogc:def:crs:EPSG::25833\"}}",
        FEAT(
            PT("262000", "6650000.5"),
            "{\"id\":\"L1\",\"Mengde\":1200.5,"
            "\"ren\":true}") "," FEAT("null",
                                      "{\"id\":\"L2\",\"merknad\":\"ingen\"}"));
    struct rec_reader *r = open_gj(t);

    (void)state;
    assert_string_equal(rec_encoding_name(r), "UTF-8");
    /* Properties in first-seen order, then x, y, epsg. */
    assert_int_equal(rec_n_columns(r), 7);
    assert_string_equal(rec_column_name(r, 0), "id");
    assert_string_equal(rec_column_name(r, 1), "mengde");
    assert_string_equal(rec_column_name(r, 2), "ren");
    assert_string_equal(rec_column_name(r, 3), "merknad");
    assert_string_equal(rec_column_name(r, 4), "x");
    assert_string_equal(rec_column_name(r, 5), "y");
    assert_string_equal(rec_column_name(r, 6), "epsg");

    next_ok(r);
    assert_string_equal(rec_where(r), "t.geojson: features[0]");
    assert_string_equal(val(r, "id"), "L1");
    assert_string_equal(val(r, "mengde"), "1200.5");
    assert_string_equal(val(r, "ren"), "true");
    /* A property the feature lacks is NULL. */
    assert_null(val(r, "merknad"));
    assert_string_equal(val(r, "x"), "262000");
    assert_string_equal(val(r, "y"), "6650000.5");
    assert_string_equal(val(r, "epsg"), "25833");

    next_ok(r);
    assert_string_equal(rec_where(r), "t.geojson: features[1]");
    assert_string_equal(val(r, "merknad"), "ingen");
    assert_null(val(r, "mengde"));
    /* A null geometry leaves x and y NULL. */
    assert_null(val(r, "x"));
    assert_null(val(r, "y"));
    assert_string_equal(val(r, "epsg"), "25833");
    at_end(r);
    rec_close(r);
    free(t);
}

static void test_geojson__property_values(void **state)
{
    char *t = collection(
        NULL, FEAT(PT("10.5", "59.9"),
                   "{\"s\":\"  tekst \\u00e6 \",\"i\":-42,\"r\":0.1,"
                   "\"big\":9007199254740993,\"e\":1e300,\"f\":false,"
                   "\"n\":null,\"tom\":\"\",\"nl\":\"a\\nb\"}"));
    struct rec_reader *r = open_gj(t);

    (void)state;
    next_ok(r);
    assert_string_equal(val(r, "s"), "tekst \xC3\xA6");
    assert_string_equal(val(r, "i"), "-42");
    assert_string_equal(val(r, "r"), "0.1");
    /* Integers keep all their digits. */
    assert_string_equal(val(r, "big"), "9007199254740993");
    assert_string_equal(val(r, "e"), "1e+300");
    assert_string_equal(val(r, "f"), "false");
    assert_string_equal(val(r, "n"), "");
    assert_string_equal(val(r, "tom"), "");
    assert_string_equal(val(r, "nl"), "a\nb");
    assert_string_equal(val(r, "x"), "10.5");
    assert_string_equal(val(r, "epsg"), "4326");
    rec_close(r);
    free(t);
}

static void test_geojson__single_feature(void **state)
{
    struct rec_reader *r =
        open_gj(FEAT(PT("597000", "6643000"), "{\"ID\":\"S1\"}"));

    (void)state;
    assert_int_equal(rec_n_columns(r), 4);
    next_ok(r);
    assert_string_equal(rec_where(r), "t.geojson: feature");
    assert_string_equal(val(r, "id"), "S1");
    assert_string_equal(val(r, "y"), "6643000");
    at_end(r);
    rec_close(r);
}

static void test_geojson__empty_collection_and_no_properties(void **state)
{
    struct rec_reader *r = open_gj("{\"type\":\"FeatureCollection\","
                                   "\"features\":[]}");
    char *t;

    (void)state;
    assert_int_equal(rec_n_columns(r), 3);
    at_end(r);
    rec_close(r);

    /* properties null or absent; geometry absent. */
    t = collection(NULL, "{\"type\":\"Feature\",\"geometry\":null,"
                         "\"properties\":null},"
                         "{\"type\":\"Feature\"}");
    r = open_gj(t);
    assert_int_equal(rec_n_columns(r), 3);
    next_ok(r);
    next_ok(r);
    assert_null(val(r, "x"));
    at_end(r);
    rec_close(r);
    free(t);
}

static void test_geojson__bom_and_windows1252(void **state)
{
    struct rec_reader *r =
        open_gj("\xEF\xBB\xBF" FEAT("null", "{\"navn\":\"Bj\xC3\xB8rvika\"}"));
    struct rec_opts o = REC_OPTS_INIT;

    (void)state;
    assert_string_equal(rec_encoding_name(r), "UTF-8 with BOM");
    next_ok(r);
    assert_string_equal(val(r, "navn"), "Bj\xC3\xB8rvika");
    rec_close(r);

    /* The same decoding as CSV: Windows-1252 is converted. */
    r = open_gj(FEAT("null", "{\"navn\":\"Bj\xF8rvika\"}"));
    assert_string_equal(rec_encoding_name(r), "Windows-1252");
    next_ok(r);
    assert_string_equal(val(r, "navn"), "Bj\xC3\xB8rvika");
    rec_close(r);

    o.max_field_bytes = 3;
    r = open_opts(FEAT("null", "{\"navn\":\"abcd\"}"), &o);
    {
        struct mf_error err = {0};

        assert_int_equal(read_fails(r, &err), MF_EINVAL);
        assert_non_null(strstr(err.message, "longer than 3 bytes"));
    }
    rec_close(r);
}

/* ------------------------------------------------------------------ */
/* CRS                                                                 */
/* ------------------------------------------------------------------ */

static void crs_gives(const char *crs, const char *epsg)
{
    char *t = collection(crs, FEAT(PT("1", "2"), "{}"));
    struct rec_reader *r = open_gj(t);

    next_ok(r);
    assert_string_equal(val(r, "epsg"), epsg);
    rec_close(r);
    free(t);
}

static void crs_refused(const char *crs, const char *why)
{
    char *t = collection(crs, FEAT(PT("1", "2"), "{}"));
    struct mf_error err = {0};

    assert_int_equal(open_fails(t, &err), MF_EINVAL);
    assert_string_equal(err.where, "t.geojson");
    if (!strstr(err.message, why))
        fail_msg("crs %s: message '%s' lacks '%s'", crs, err.message, why);
    free(t);
}

#define NAMED(n) "{\"type\":\"name\",\"properties\":{\"name\":\"" n "\"}}"

static void test_geojson__crs_forms(void **state)
{
    (void)state;
    crs_gives(NAMED("urn:ogc:def:crs:EPSG::25832"), "25832");
    crs_gives(NAMED("urn:ogc:def:crs:EPSG:6.6:25835"), "25835");
    crs_gives(NAMED("EPSG:25833"), "25833");
    crs_gives(NAMED("epsg:4258"), "4258");
    crs_gives(NAMED("urn:ogc:def:crs:OGC:1.3:CRS84"), "4326");
    crs_gives(NAMED("http://www.opengis.net/def/crs/EPSG/0/25833"), "25833");
    crs_gives("\"EPSG:4326\"", "4326");
    crs_gives("null", "4326");
}

static void test_geojson__crs_refused(void **state)
{
    (void)state;
    crs_refused(NAMED("EPSG:3857"), "crs 'EPSG:3857' is not supported");
    crs_refused(NAMED("urn:ogc:def:crs:EPSG::32633"), "EPSG::32633");
    crs_refused(NAMED("EPSG:25833x"), "EPSG:25833x");
    crs_refused(NAMED("EPSG:"), "not supported");
    crs_refused(NAMED("EPSG:99999999999999999999"), "not supported");
    crs_refused("{\"type\":\"link\",\"properties\":{\"href\":\"x\"}}",
                "type 'link'");
    crs_refused("{\"type\":\"name\"}", "no name");
    crs_refused("42", "no name");
}

static void test_geojson__feature_crs_must_agree(void **state)
{
    char *t = collection(
        NAMED("EPSG:25833"),
        FEAT(PT("1", "2"), "{}") ","
                                 "{\"type\":\"Feature\",\"crs\":" NAMED(
                                     "EPSG:25832") ","
                                                   "\"geometry\":" PT("1",
                                                                      "2") "}");
    struct rec_reader *r = open_gj(t);
    struct mf_error err = {0};

    (void)state;
    assert_int_equal(read_fails(r, &err), MF_EINVAL);
    assert_string_equal(err.where, "t.geojson: features[1]");
    assert_non_null(strstr(err.message, "EPSG:25832"));
    rec_close(r);
    free(t);
}

/* ------------------------------------------------------------------ */
/* Errors                                                              */
/* ------------------------------------------------------------------ */

static void feature_fails(const char *features, const char *where,
                          const char *why)
{
    char *t = collection(NULL, features);
    struct rec_reader *r = open_gj(t);
    struct mf_error err = {0};

    assert_int_equal(read_fails(r, &err), MF_EINVAL);
    assert_string_equal(err.where, where);
    if (!strstr(err.message, why))
        fail_msg("message '%s' lacks '%s'", err.message, why);
    rec_close(r);
    free(t);
}

static void test_geojson__other_geometries_refused(void **state)
{
    (void)state;
    feature_fails(FEAT(PT("1", "2"), "{}") "," FEAT(
                      "{\"type\":\"Polygon\",\"coordinates\":[]}", "{}"),
                  "t.geojson: features[1]", "geometry type 'Polygon'");
    feature_fails(
        FEAT("{\"type\":\"MultiPoint\",\"coordinates\":[[1,2]]}", "{}"),
        "t.geojson: features[0]", "'MultiPoint' is not supported");
    feature_fails(FEAT("{\"coordinates\":[1,2]}", "{}"),
                  "t.geojson: features[0]", "no \"type\"");
    feature_fails(FEAT("[1,2]", "{}"), "t.geojson: features[0]",
                  "not an object");
}

static void test_geojson__bad_points_refused(void **state)
{
    (void)state;
    feature_fails(FEAT("{\"type\":\"Point\",\"coordinates\":[1]}", "{}"),
                  "t.geojson: features[0]", "at least two numbers");
    feature_fails(FEAT("{\"type\":\"Point\"}", "{}"), "t.geojson: features[0]",
                  "at least two numbers");
    feature_fails(FEAT("{\"type\":\"Point\",\"coordinates\":[1,\"2\"]}", "{}"),
                  "t.geojson: features[0]", "coordinate 2");
}

static void test_geojson__nested_properties_refused(void **state)
{
    (void)state;
    feature_fails(
        FEAT("null", "{\"a\":1}") "," FEAT("null", "{\"masser\":[1,2]}"),
        "t.geojson: features[1]", "property 'masser' is an array");
    feature_fails(FEAT("null", "{\"adr\":{\"gate\":\"x\"}}"),
                  "t.geojson: features[0]", "property 'adr' is an object");
}

static void test_geojson__bad_features_refused(void **state)
{
    (void)state;
    feature_fails(FEAT("null", "{}") ",42", "t.geojson: features[1]",
                  "not an object");
    feature_fails("{\"type\":\"Point\",\"coordinates\":[1,2]}",
                  "t.geojson: features[0]", "type 'Point'");
    feature_fails("{\"geometry\":null}", "t.geojson: features[0]",
                  "type '(none)'");
    feature_fails(FEAT("null", "[1]"), "t.geojson: features[0]",
                  "\"properties\" is not an object");
    feature_fails(FEAT("null", "{\"Navn\":\"a\",\"navn\":\"b\"}"),
                  "t.geojson: features[0]", "'navn' appears twice");
}

static void test_geojson__names_refused_at_open(void **state)
{
    struct mf_error err = {0};
    char *t;

    (void)state;
    t = collection(NULL, FEAT("null", "{}") "," FEAT("null", "{\"X\":1}"));
    assert_int_equal(open_fails(t, &err), MF_EINVAL);
    assert_string_equal(err.where, "t.geojson: features[1]");
    assert_non_null(strstr(err.message, "property 'X'"));
    free(t);

    t = collection(NULL, FEAT("null", "{\" \":1}"));
    assert_int_equal(open_fails(t, &err), MF_EINVAL);
    assert_non_null(strstr(err.message, "empty name"));
    free(t);
}

static void test_geojson__top_level_refused(void **state)
{
    struct mf_error err = {0};

    (void)state;
    assert_int_equal(open_fails("[]", &err), MF_EINVAL);
    assert_non_null(strstr(err.message, "not a JSON object"));
    assert_int_equal(
        open_fails("{\"type\":\"Point\",\"coordinates\":[1,2]}", &err),
        MF_EINVAL);
    assert_non_null(strstr(err.message, "type 'Point'"));
    assert_int_equal(open_fails("{\"type\":\"FeatureCollection\"}", &err),
                     MF_EINVAL);
    assert_non_null(strstr(err.message, "\"features\""));
    assert_int_equal(open_fails("{}", &err), MF_EINVAL);
    assert_non_null(strstr(err.message, "(none)"));
}

static void test_geojson__syntax_errors_name_line_and_column(void **state)
{
    struct mf_error err = {0};

    (void)state;
    assert_int_equal(open_fails("{\n  \"type\": \"FeatureCollection\",\n"
                                "  \"features\": [,]\n}",
                                &err),
                     MF_EINVAL);
    assert_string_equal(err.where, "t.geojson:3");
    assert_non_null(strstr(err.message, "column 16"));

    /* Duplicate keys are refused. */
    assert_int_equal(open_fails("{\"type\":\"Feature\",\"geometry\":null,\n"
                                "\"properties\":{\"a\":1,\"a\":2}}",
                                &err),
                     MF_EINVAL);
    assert_string_equal(err.where, "t.geojson:2");
    assert_non_null(strstr(err.message, "duplicate"));

    assert_int_equal(open_fails("", &err), MF_EINVAL);
    assert_int_equal(open_fails("{\"a\":\"\\u0000\"}", &err), MF_EINVAL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_geojson__collection_with_utm_crs),
        cmocka_unit_test(test_geojson__property_values),
        cmocka_unit_test(test_geojson__single_feature),
        cmocka_unit_test(test_geojson__empty_collection_and_no_properties),
        cmocka_unit_test(test_geojson__bom_and_windows1252),
        cmocka_unit_test(test_geojson__crs_forms),
        cmocka_unit_test(test_geojson__crs_refused),
        cmocka_unit_test(test_geojson__feature_crs_must_agree),
        cmocka_unit_test(test_geojson__other_geometries_refused),
        cmocka_unit_test(test_geojson__bad_points_refused),
        cmocka_unit_test(test_geojson__nested_properties_refused),
        cmocka_unit_test(test_geojson__bad_features_refused),
        cmocka_unit_test(test_geojson__names_refused_at_open),
        cmocka_unit_test(test_geojson__top_level_refused),
        cmocka_unit_test(test_geojson__syntax_errors_name_line_and_column),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
