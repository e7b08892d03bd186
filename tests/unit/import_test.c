/*
 * import_test.c - CSV and GeoJSON registers to records: schema checks,
 * references, coordinates, rules, the all-or-nothing contract with the
 * sink, Norwegian spreadsheet dialects, and export -> import round trips.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "testutil.h"

#include "masseflyt/io.h"
#include "util/buf.h"

#include <stdio.h>

struct fx {
    struct mf_catalog *cat;
    struct mf_registry *reg;
    struct mf_import *imp;
    struct mf_issues is;
    struct mf_import_stats st;
    int puts[MF_ENT_COUNT];
};

static int count_put(void *ctx, enum mf_entity e, const void *rec,
                     struct mf_error *err)
{
    struct fx *f = ctx;

    (void)rec;
    (void)err;
    f->puts[e]++;
    return MF_OK;
}

static int setup(void **state)
{
    struct fx *f = calloc(1, sizeof *f);
    struct mf_error err = {0};

    f->cat = tu_catalog();
    f->reg = tu_registry(f->cat);
    tu_org(f->reg, "svv", 1);
    tu_project(f->reg, "e18", "svv", "3201");
    tu_site(f->reg, "lysaker", MF_SITE_PROJECT, 59.913, 10.638, "", NULL, -1,
            0);
    assert_int_equal(mf_import_new(&f->imp, f->reg, NULL, &err), MF_OK);
    mf_issues_init(&f->is, 100);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    struct fx *f = *state;

    mf_import_free(f->imp);
    mf_issues_free(&f->is);
    mf_registry_free(f->reg);
    mf_catalog_free(f->cat);
    free(f);
    return 0;
}

static void run(struct fx *f, const char *label, const char *text, int geojson,
                enum mf_entity kind)
{
    struct mf_import_sink sink = {f, count_put};
    struct mf_error err = {0};

    memset(&f->st, 0, sizeof f->st);
    assert_int_equal(mf_import_buffer(f->imp, label, text, strlen(text),
                                      geojson, kind, &sink, &f->is, &f->st,
                                      &err),
                     MF_OK);
}

static const struct mf_issue *issue_at(const struct fx *f, const char *where)
{
    size_t i;

    for (i = 0; i < f->is.n; i++)
        if (strstr(f->is.items[i].where, where))
            return &f->is.items[i];
    return NULL;
}

static void test_import__good_lots(void **state)
{
    struct fx *f = *state;

    run(f, "lots.csv",
        "id;kind;project;site;material;quantity;unit;from;to\r\n"
        "a;supply;e18;lysaker;sprengstein;1 "
        "000,5;pfm3;2025-01-01;2025-06-30\r\n"
        "b;demand;e18;lysaker;;2500;t;01.02.2025;30.06.2025\r\n",
        0, MF_ENT_LOT);
    /* b has no use: an error, so nothing reaches the sink after it. */
    assert_int_equal(f->is.count[MF_SEV_ERROR], 1);
    assert_non_null(issue_at(f, "lots.csv:3: use"));
    assert_int_equal(f->puts[MF_ENT_LOT], 1);
}

/* A repeated id is refused at its second record, whatever the id looks
 * like (the set of ids seen hashes a running number apart from the text
 * before it): thousands of numbered ids, numbers written with leading
 * zeros (L7, L07 and L007 are three ids), more digits than fit in a
 * number, ids without digits. */
static void test_import__repeated_ids_among_many(void **state)
{
    static const char *const odd[] = {"L07",
                                      "L007",
                                      "plain",
                                      "X-0000000000000000000000001234",
                                      "X-000000000000000000000001234",
                                      "99",
                                      "099"};
    static const char *const again[] = {
        "L1500", "plain", "X-0000000000000000000000001234", "099", "L0"};
    struct fx *f = *state;
    struct buf csv = BUF_INIT;
    const char *row = ";supply;e18;lysaker;morene;1000;pfm3;2025-01-01;"
                      "2025-06-30\n";
    char where[64];
    int i, line = 1, first_bad = 0;
    size_t k;

    /* Every issue kept, the errors after the other lots' notes. */
    mf_issues_free(&f->is);
    mf_issues_init(&f->is, 0);
    assert_int_equal(
        buf_puts(&csv, "id;kind;project;site;material;quantity;unit;from;"
                       "to\n"),
        MF_OK);
    for (i = 0; i < 3000; i++, line++)
        assert_int_equal(buf_printf(&csv, "L%d%s", i, row), MF_OK);
    for (k = 0; k < sizeof odd / sizeof odd[0]; k++, line++)
        assert_int_equal(buf_printf(&csv, "%s%s", odd[k], row), MF_OK);
    for (k = 0; k < sizeof again / sizeof again[0]; k++) {
        line++;
        first_bad = first_bad ? first_bad : line;
        assert_int_equal(buf_printf(&csv, "%s%s", again[k], row), MF_OK);
    }
    run(f, "lots.csv", buf_str(&csv), 0, MF_ENT_LOT);
    buf_free(&csv);
    assert_int_equal(f->is.count[MF_SEV_ERROR], sizeof again / sizeof again[0]);
    for (k = 0; k < sizeof again / sizeof again[0]; k++) {
        const struct mf_issue *it;
        char want[80];

        snprintf(where, sizeof where, "lots.csv:%d: id", first_bad + (int)k);
        it = issue_at(f, where);
        assert_non_null(it);
        snprintf(want, sizeof want, "the id '%s' appears twice", again[k]);
        assert_non_null(strstr(it->message, want));
    }
    /* Every record before the first repeated one reached the sink. */
    assert_int_equal(f->puts[MF_ENT_LOT], first_bad - 2);
    assert_int_equal(f->st.records[MF_ENT_LOT], line - 1);
}

static void test_import__one_bad_row_names_line_field_rule(void **state)
{
    struct fx *f = *state;
    const struct mf_issue *it;

    run(f, "lots.csv",
        "id,kind,project,site,material,quantity,unit,from,to\n"
        "a,supply,e18,lysaker,sprengstein,1000,pfm3,2025-01-01,2025-06-30\n"
        "b,supply,e18,lysaker,sprengstein,1000,,2025-01-01,2025-06-30\n"
        "c,supply,e18,lysaker,sprengstein,1000,t,2025-01-01,2025-06-30\n",
        0, MF_ENT_LOT);
    it = issue_at(f, "lots.csv:3: unit");
    assert_non_null(it);
    assert_int_equal(it->severity, MF_SEV_ERROR);
    assert_non_null(strstr(it->message, "volume state"));
    /* a went to the sink before the error was seen; c did not. The CLI
     * rolls a failed import back, so nothing is kept. */
    assert_int_equal(f->puts[MF_ENT_LOT], 1);
    assert_int_equal(f->st.records[MF_ENT_LOT], 3);
}

static void test_import__every_problem_listed(void **state)
{
    struct fx *f = *state;

    run(f, "lots.csv",
        "id,kind,project,site,material,quantity,unit,from,to,epsg,x,y\n"
        "a,supply,nope,lysaker,granitt,-5,pfm3,2025-13-01,2025-06-30,,,\n"
        "a,overskudd,e18,,morene,12 kg,t,2025-01-01,2024-06-30,25833,"
        "262000,6650000\n"
        "c,supply,e18,,morene,1,t,2025-01-01,2025-06-30,4326,18.07,59.33\n",
        0, MF_ENT_LOT);
    assert_non_null(issue_at(f, "lots.csv:2: project"));
    assert_non_null(issue_at(f, "lots.csv:2: material"));
    assert_non_null(issue_at(f, "lots.csv:2: from"));
    assert_non_null(issue_at(f, "lots.csv:3: id"));       /* duplicate */
    assert_non_null(issue_at(f, "lots.csv:3: quantity")); /* "12 kg" */
    assert_non_null(issue_at(f, "lots.csv:4: x"));        /* Stockholm */
    assert_string_equal(issue_at(f, "lots.csv:4: x")->rule, "R04");
    assert_int_equal(f->puts[MF_ENT_LOT], 0);
}

/* An EPSG code far outside int is refused like any other unknown code
 * (found by fuzzing: it was converted to int first). */
static void test_import__huge_epsg_is_refused(void **state)
{
    struct fx *f = *state;
    const struct mf_issue *it;

    run(f, "lots.csv",
        "id,kind,site,material,quantity,unit,from,to,x,y,epsg\n"
        "a,supply,lysaker,morene,1,t,2025-01-01,2025-06-30,10.7,59.9,"
        "43999999999926\n",
        0, MF_ENT_LOT);
    it = issue_at(f, "lots.csv:2: epsg");
    assert_non_null(it);
    assert_string_equal(it->message,
                        "EPSG:43999999999926 is not accepted (use 25832, "
                        "25833, 25835, 4258 or 4326)");
}

/* Problems in a row are listed in reading order, and a rule that waits
 * for a clean record still waits: a processing site without a product is
 * not told so while its opening date is wrong. */
static void test_import__site_problems_keep_their_order(void **state)
{
    struct fx *f = *state;

    run(f, "sites.csv",
        "id;name;kind;x;y;epsg;materials;open_from;quick_clay;fee\n"
        "k;Knuseverk;processing;10.7;59.9;4326;granitt;2025-02-30;kanskje;"
        "x\n",
        0, MF_ENT_SITE);
    assert_int_equal(f->is.n, 4);
    assert_string_equal(f->is.items[0].where, "sites.csv:2: quick_clay");
    assert_string_equal(f->is.items[1].where, "sites.csv:2: open_from");
    assert_string_equal(f->is.items[2].where, "sites.csv:2: materials");
    assert_string_equal(f->is.items[3].where, "sites.csv:2: fee");
}

static void test_import__refused_is_stored_and_counted(void **state)
{
    struct fx *f = *state;

    run(f, "lots.csv",
        "id,kind,project,site,material,quantity,unit,from,to,acid_test\n"
        "alun,supply,e18,lysaker,alunskifer,100000,pfm3,2025-01-01,"
        "2025-12-31,positive\n",
        0, MF_ENT_LOT);
    assert_int_equal(f->is.count[MF_SEV_ERROR], 0);
    assert_int_equal(f->st.refused, 1);
    assert_int_equal(f->puts[MF_ENT_LOT], 1);
    assert_non_null(
        strstr(issue_at(f, "lots.csv:2: material")->message, "acid-forming"));
}

static void test_import__sites_then_lots_and_coordinates(void **state)
{
    struct fx *f = *state;
    const struct mf_site *s;

    run(f, "sites.csv",
        "id,name,kind,x,y,epsg,materials,capacity,capacity_unit,fee\n"
        "dep,Deponi,deponi,262000,6650000,25833,sprengstein;morene,1000,"
        "pam3,120\n",
        0, MF_ENT_SITE);
    assert_int_equal(f->is.n, 0);
    s = mf_registry_site(f->reg, "dep");
    assert_non_null(s);
    assert_int_equal(s->kind, MF_SITE_RECEIVING);
    /* stack.md: EPSG:25833 (262000, 6650000) is 10.74156589 E,
     * 59.91855954 N. */
    assert_float_equal(s->loc.lon, 10.74156589, 1e-7);
    assert_float_equal(s->loc.lat, 59.91855954, 1e-7);
    /* 1000 placed m3 of blasted rock at 2.7 / 1.35 t per m3. */
    assert_float_equal(s->capacity_t, 2000, 1e-6);
    run(f, "lots.csv",
        "id,kind,site,material,quantity,unit,from,to\n"
        "x,supply,dep,morene,10,t,2025-01-01,2025-01-31\n",
        0, MF_ENT_LOT);
    assert_int_equal(f->is.count[MF_SEV_ERROR], 0);
}

static void test_import__geojson(void **state)
{
    struct fx *f = *state;

    run(f, "sites.geojson",
        "{\"type\":\"FeatureCollection\",\"crs\":{\"type\":\"name\","
        "\"properties\":{\"name\":\"urn:ogc:def:crs:EPSG::25832\"}},"
        "\"features\":[{\"type\":\"Feature\",\"geometry\":{\"type\":"
        "\"Point\",\"coordinates\":[597000,6643000]},\"properties\":{"
        "\"id\":\"g\",\"name\":\"Grop\",\"kind\":\"project\"}}]}",
        1, MF_ENT_SITE);
    assert_int_equal(f->is.n, 0);
    /* stack.md: EPSG:25832 (597000, 6643000) is 10.73462982 E,
     * 59.91306365 N. */
    assert_float_equal(mf_registry_site(f->reg, "g")->loc.lon, 10.73462982,
                       1e-7);
    assert_float_equal(mf_registry_site(f->reg, "g")->loc.lat, 59.91306365,
                       1e-7);
}

static void test_import__windows_1252_names(void **state)
{
    struct fx *f = *state;

    run(f, "orgs.csv",
        "id;orgnr;name\n"
        "bm;;B\xE6rum kommune\n",
        0, MF_ENT_ORG);
    assert_int_equal(f->is.n, 0);
    assert_string_equal(mf_registry_org(f->reg, "bm")->name,
                        "B\xC3\xA6rum kommune");
    assert_string_equal(f->st.encoding, "Windows-1252");
}

static void test_import__kind_from_name(void **state)
{
    (void)state;
    assert_int_equal(mf_import_kind_from_name("data/lots.csv"), MF_ENT_LOT);
    assert_int_equal(mf_import_kind_from_name("/x/Sites_2025.geojson"),
                     MF_ENT_SITE);
    assert_int_equal(mf_import_kind_from_name("orgs.csv"), MF_ENT_ORG);
    assert_int_equal(mf_import_kind_from_name("projects.csv"), MF_ENT_PROJECT);
    assert_int_equal(mf_import_kind_from_name("masser.csv"), -1);
}

/* Exports one kind and imports it into a fresh registry. */
static void round_trip(enum mf_entity kind, enum mf_format fmt)
{
    struct mf_catalog *cat = tu_catalog();
    struct mf_registry *a = tu_registry(cat), *b = tu_registry(cat);
    struct mf_import *imp = NULL;
    struct mf_issues is;
    struct mf_import_stats st;
    struct mf_error err = {0};
    char *text = NULL;
    size_t len = 0;
    FILE *mem = open_memstream(&text, &len);
    const struct mf_site *x, *y;

    tu_org(a, "o", 1);
    tu_project(a, "p", "o", "0301");
    tu_site(a, "s", MF_SITE_STORAGE, 59.9, 10.7, "sprengstein;morene", NULL,
            5000, 12.5);
    tu_supply(a, "l", "p", "morene", 1234.5, "2025-01-01", "2025-06-30", 59.91,
              10.71);
    assert_int_equal(mf_export(a, kind, fmt, NULL, mem, &err), MF_OK);
    fclose(mem);
    tu_org(b, "o", 1);
    tu_project(b, "p", "o", "0301");
    if (kind == MF_ENT_LOT)
        tu_site(b, "s", MF_SITE_STORAGE, 59.9, 10.7, "sprengstein", NULL, 1, 1);
    mf_issues_init(&is, 50);
    memset(&st, 0, sizeof st);
    assert_int_equal(mf_import_new(&imp, b, NULL, &err), MF_OK);
    assert_int_equal(mf_import_buffer(imp, "export", text, len,
                                      fmt == MF_FMT_GEOJSON, kind, NULL, &is,
                                      &st, &err),
                     MF_OK);
    if (is.n)
        fail_msg("%s: %s", is.items[0].where, is.items[0].message);
    if (kind == MF_ENT_SITE) {
        x = mf_registry_site(a, "s");
        y = mf_registry_site(b, "s");
        assert_non_null(y);
        assert_int_equal(y->n_materials, 2);
        assert_float_equal(y->capacity_t, x->capacity_t, 1e-9);
        assert_float_equal(y->fee, x->fee, 1e-9);
        assert_float_equal(y->loc.lon, x->loc.lon, 1e-9);
    } else {
        const struct mf_lot *l = mf_registry_lot(a, "l");
        assert_int_equal(st.records[MF_ENT_LOT], 1);
        (void)l;
    }
    free(text);
    mf_import_free(imp);
    mf_issues_free(&is);
    mf_registry_free(a);
    mf_registry_free(b);
    mf_catalog_free(cat);
}

static void test_import__export_round_trip(void **state)
{
    (void)state;
    round_trip(MF_ENT_SITE, MF_FMT_CSV);
    round_trip(MF_ENT_SITE, MF_FMT_CSV_EXCEL);
    round_trip(MF_ENT_SITE, MF_FMT_GEOJSON);
    round_trip(MF_ENT_LOT, MF_FMT_CSV);
    round_trip(MF_ENT_LOT, MF_FMT_GEOJSON);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_import__repeated_ids_among_many,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(test_import__good_lots, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(
            test_import__one_bad_row_names_line_field_rule, setup, teardown),
        cmocka_unit_test_setup_teardown(test_import__every_problem_listed,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(test_import__huge_epsg_is_refused,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(
            test_import__site_problems_keep_their_order, setup, teardown),
        cmocka_unit_test_setup_teardown(
            test_import__refused_is_stored_and_counted, setup, teardown),
        cmocka_unit_test_setup_teardown(
            test_import__sites_then_lots_and_coordinates, setup, teardown),
        cmocka_unit_test_setup_teardown(test_import__geojson, setup, teardown),
        cmocka_unit_test_setup_teardown(test_import__windows_1252_names, setup,
                                        teardown),
        cmocka_unit_test(test_import__kind_from_name),
        cmocka_unit_test(test_import__export_round_trip),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
