/*
 * register_test.c - public registers as sites (masseflyt/register.h): the
 * mapping table's rules, columns found by their candidate names, words
 * through the value tables, polygons at their centroid, skipped records
 * and the place of every row written.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "testutil.h"

#include "masseflyt/register.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char map_text[] = "register,table,key,value,source\n"
                               "r,meta,title,Test register,test\n"
                               "r,meta,kind,receiving,test\n"
                               "r,meta,fee_receiving,100,test\n"
                               "r,column,id,nr;id,test\n"
                               "r,column,name,navn,test\n"
                               "r,column,material,masser,test\n"
                               "r,column,status,status,test\n"
                               "r,column,x,ost;x,test\n"
                               "r,column,y,nord;y,test\n"
                               "r,column,utm_zone,sone,test\n"
                               "r,column,epsg,epsg,test\n"
                               "r,column,intake_t,tonn,test\n"
                               "r,material,Rene masser,leire;sand,test\n"
                               "r,material,Sand,sand,test\n"
                               "r,material,Asfalt,-,test\n"
                               "r,status,I drift,use,test\n"
                               "r,status,Nedlagt,skip,test\n";

/* Writes text to a fresh file and returns its path (static buffer). */
static const char *write_tmp(const char *text)
{
    static char path[64];
    int fd;
    FILE *f;

    snprintf(path, sizeof path, "/tmp/mf-register-XXXXXX");
    fd = mkstemp(path);
    assert_true(fd >= 0);
    f = fdopen(fd, "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
    return path;
}

static int load(const char *text, struct mf_register_map **map,
                struct mf_error *err)
{
    struct mf_catalog *cat = tu_catalog();
    const char *path = write_tmp(text);
    int rc = mf_register_map_load(map, path, "r", cat, err);

    unlink(path);
    mf_catalog_free(cat);
    return rc;
}

static void test_map_rules(void **state)
{
    struct mf_register_map *map = NULL;
    struct mf_error err = {0};
    char text[2048];

    (void)state;
    assert_int_equal(load(map_text, &map, &err), MF_OK);
    mf_register_map_free(map);

    /* A material code the catalogue lacks names the table's line. */
    snprintf(text, sizeof text, "%sr,material,Knust,knust,test\n", map_text);
    assert_int_equal(load(text, &map, &err), MF_EINVAL);
    assert_non_null(strstr(err.where, ":19"));
    assert_non_null(strstr(err.message, "'knust'"));
    /* A row without its source. */
    snprintf(text, sizeof text, "%sr,status,Ukjent,skip,\n", map_text);
    assert_int_equal(load(text, &map, &err), MF_EINVAL);
    assert_non_null(strstr(err.message, "source"));
    /* A status that is neither use nor skip. */
    snprintf(text, sizeof text, "%sr,status,Ukjent,maybe,test\n", map_text);
    assert_int_equal(load(text, &map, &err), MF_EINVAL);
    /* An unknown field. */
    snprintf(text, sizeof text, "%sr,column,farge,colour,test\n", map_text);
    assert_int_equal(load(text, &map, &err), MF_EINVAL);
    assert_non_null(strstr(err.message, "'farge'"));
    /* A register the table does not know. */
    assert_int_equal(load("register,table,key,value,source\n"
                          "x,meta,title,X,test\n",
                          &map, &err),
                     MF_ENOTFOUND);
}

static struct mf_register_map *the_map(void)
{
    struct mf_register_map *map = NULL;
    struct mf_error err = {0};

    assert_int_equal(load(map_text, &map, &err), MF_OK);
    return map;
}

static void test_csv_rows_and_places(void **state)
{
    static const char file[] =
        "nr;navn;masser;status;sone;ost;nord;tonn\n"
        "1;\"Mottak \"\"A\"\", nord\";Rene masser, Sand;I drift;32;"
        "577694,9;6649555,6;1 000\n"
        "2;Gammelt mottak;Sand;Nedlagt;32;577694,9;6649555,6;\n"
        "3;Mottak C;Sand, Asfalt;I drift;33;278463,5;6682628,4;\n";
    struct mf_register_map *map = the_map();
    struct mf_register_opts opts = MF_REGISTER_OPTS_INIT;
    struct mf_register_result res;
    struct mf_issues is;
    struct mf_error err = {0};

    (void)state;
    opts.retrieved = 20000;
    mf_issues_init(&is, 10);
    assert_int_equal(mf_register_convert_buffer(map, "p.csv", file,
                                                sizeof file - 1, 0, &opts, &res,
                                                &is, &err),
                     MF_OK);
    assert_int_equal(res.records, 3);
    assert_int_equal(res.sites, 2);
    assert_int_equal(res.skipped, 1);
    assert_string_equal(res.skipped_ids[0], "r-2");
    /* Codes once each, in order; the name quoted as CSV; the yearly
     * intake; zone 32 as EPSG:25832; the default fee. */
    assert_non_null(strstr(res.csv, "\"r-1\",\"Mottak \"\"A\"\", nord\","
                                    "\"receiving\""));
    assert_non_null(strstr(res.csv, "\"leire;sand\""));
    assert_non_null(strstr(res.csv, "\"25832\""));
    assert_non_null(strstr(res.csv, "\"1000\",\"100\""));
    assert_non_null(strstr(res.csv, "\"r-3\""));
    assert_non_null(strstr(res.csv, "\"25833\""));
    /* Row 2 of the document (line 3) is the file's line 4: the closed
     * record between is not written. */
    assert_string_equal(mf_register_place(&res, 2), "p.csv:2");
    assert_string_equal(mf_register_place(&res, 3), "p.csv:4");
    assert_null(mf_register_place(&res, 4));
    assert_null(mf_register_place(&res, 1));
    mf_register_result_free(&res);

    /* --include-closed keeps it. */
    opts.include_closed = 1;
    assert_int_equal(mf_register_convert_buffer(map, "p.csv", file,
                                                sizeof file - 1, 0, &opts, &res,
                                                &is, &err),
                     MF_OK);
    assert_int_equal(res.sites, 3);
    assert_int_equal(res.skipped, 0);
    mf_register_result_free(&res);
    mf_issues_free(&is);
    mf_register_map_free(map);
}

static void test_errors_listed_and_nothing_kept(void **state)
{
    static const char file[] = "nr;navn;masser;status;sone;ost;nord;tonn\n"
                               "1;A;Grus;I drift;32;1;2;\n"
                               "2;B;Sand;Kanskje;32;1;2;\n"
                               "1;C;Sand;I drift;34;1;2;-5\n";
    struct mf_register_map *map = the_map();
    struct mf_register_opts opts = MF_REGISTER_OPTS_INIT;
    struct mf_register_result res;
    struct mf_issues is;
    struct mf_error err = {0};

    (void)state;
    opts.retrieved = 20000;
    mf_issues_init(&is, 10);
    assert_int_equal(mf_register_convert_buffer(map, "p.csv", file,
                                                sizeof file - 1, 0, &opts, &res,
                                                &is, &err),
                     MF_EINVAL);
    assert_non_null(strstr(err.message, "5 errors"));
    assert_null(res.csv);
    assert_int_equal(is.n, 5);
    assert_string_equal(is.items[0].where, "p.csv:2: material");
    assert_string_equal(is.items[1].where, "p.csv:3: status");
    assert_string_equal(is.items[2].where, "p.csv:4: id");
    assert_string_equal(is.items[3].where, "p.csv:4: utm_zone");
    assert_string_equal(is.items[4].where, "p.csv:4: intake_t");
    mf_issues_free(&is);

    /* No retrieval date: refused before any record. */
    opts.retrieved = MF_DATE_NONE;
    mf_issues_init(&is, 10);
    assert_int_equal(mf_register_convert_buffer(map, "p.csv", file,
                                                sizeof file - 1, 0, &opts, &res,
                                                &is, &err),
                     MF_EINVAL);
    assert_non_null(strstr(err.message, "--retrieved"));
    mf_issues_free(&is);
    mf_register_map_free(map);
}

static void test_polygon_centroid(void **state)
{
    /* An L-shaped polygon: its centroid is not the mean of its corners. */
    static const char file[] =
        "{\"type\":\"FeatureCollection\",\"crs\":{\"type\":\"name\","
        "\"properties\":{\"name\":\"urn:ogc:def:crs:EPSG::25832\"}},"
        "\"features\":[{\"type\":\"Feature\",\"geometry\":{\"type\":"
        "\"Polygon\",\"coordinates\":[[[600000,6640000],[600300,6640000],"
        "[600300,6640100],[600100,6640100],[600100,6640300],[600000,6640300],"
        "[600000,6640000]]]},\"properties\":{\"nr\":\"7\",\"navn\":\"L\","
        "\"masser\":\"Sand\"}}]}";
    struct mf_register_map *map = the_map();
    struct mf_register_opts opts = MF_REGISTER_OPTS_INIT;
    struct mf_register_result res;
    struct mf_issues is;
    struct mf_error err = {0};

    (void)state;
    opts.retrieved = 20000;
    mf_issues_init(&is, 10);
    assert_int_equal(mf_register_convert_buffer(map, "p.geojson", file,
                                                sizeof file - 1, 1, &opts, &res,
                                                &is, &err),
                     MF_OK);
    /* Two rectangles, 300 x 100 (centre 600150, 6640050) and 100 x 200
     * (centre 600050, 6640200): area-weighted 600110, 6640110. */
    assert_non_null(strstr(res.csv, "\"600110\",\"6640110\",\"25832\""));
    assert_string_equal(mf_register_place(&res, 2), "p.geojson: features[0]");
    mf_register_result_free(&res);
    mf_issues_free(&is);
    mf_register_map_free(map);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_map_rules),
        cmocka_unit_test(test_csv_rows_and_places),
        cmocka_unit_test(test_errors_listed_and_nothing_kept),
        cmocka_unit_test(test_polygon_centroid),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
