/*
 * schema_test.c - the field tables (every invariant the readers, writers
 * and the store codec rely on), the schema-driven deep copy, and JSON for
 * entities in both directions: a record to the object an API returns, and
 * an object back through the import's own parsers and rules, bad input
 * included.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "testutil.h"

#include "masseflyt/io.h"
#include "masseflyt/schema.h"

#include <jansson.h>
#include <limits.h>
#include <stdio.h>

/* ------------------------------------------------------------------ */
/* The tables                                                           */
/* ------------------------------------------------------------------ */

static void test_schema__tables_hold_together(void **state)
{
    int e;

    (void)state;
    for (e = 0; e < MF_ENT_COUNT; e++) {
        const struct mf_entity_schema *s = mf_schema((enum mf_entity)e);
        const struct mf_field *cols[MF_SCHEMA_MAX_FIELDS];
        int i, k, n_place = 0, flag_column = -1;

        assert_non_null(s);
        assert_int_equal(s->kind, e);
        assert_true(s->n_fields > 1 && s->n_fields <= MF_SCHEMA_MAX_FIELDS);
        /* Field 0 is the id: a required text at offset 0. */
        assert_string_equal(s->fields[0].name, "id");
        assert_int_equal(s->fields[0].type, MF_FT_TEXT);
        assert_int_equal(s->fields[0].need, MF_REQUIRED);
        assert_int_equal(s->fields[0].offset, 0);
        /* The column order holds every field once. */
        assert_int_equal(mf_schema_columns(s, cols), s->n_fields);
        for (i = 0; i < s->n_fields; i++)
            for (k = i + 1; k < s->n_fields; k++)
                assert_ptr_not_equal(cols[i], cols[k]);
        for (i = 0; i < s->n_columns; i++)
            if (!mf_schema_find(s, s->columns[i]))
                fail_msg("%s: column %s is no field", s->name, s->columns[i]);
        for (i = 0; i < s->n_fields; i++) {
            const struct mf_field *f = &s->fields[i];

            assert_true(f->offset + sizeof(int) <= s->size);
            assert_non_null(f->doc);
            assert_ptr_equal(mf_schema_find(s, f->name), f);
            if (f->type == MF_FT_ENUM)
                assert_non_null(f->enm);
            if (f->type == MF_FT_MATERIALS)
                assert_true(f->count_offset > 0);
            if (f->type == MF_FT_PLACE)
                n_place++;
            if (f->range_rule)
                assert_true(f->min <= f->max);
            /* A whole number is checked against its range before it is
             * converted to int. */
            if (f->type == MF_FT_INT)
                assert_true(f->range_rule && f->min >= INT_MIN &&
                            f->max <= INT_MAX);
            if (f->with) {
                /* A quantity's state is a STATE field of the same kind. */
                for (k = 0; k < s->n_fields; k++)
                    if (s->fields[k].offset == f->with)
                        break;
                assert_true(k < s->n_fields);
                assert_int_equal(s->fields[k].type, MF_FT_STATE);
            }
            /* Only FLAG fields share a column, and all of them one. */
            for (k = 0; k < i; k++)
                if (!strcmp(s->fields[k].column, f->column)) {
                    assert_int_equal(f->type, MF_FT_FLAG);
                    assert_int_equal(s->fields[k].type, MF_FT_FLAG);
                }
            if (f->type == MF_FT_FLAG) {
                if (flag_column < 0)
                    flag_column = i;
                assert_string_equal(f->column, s->fields[flag_column].column);
            }
        }
        /* A place has all five parts or none. */
        assert_true(n_place == 0 || n_place == 5);
    }
    assert_null(mf_schema(MF_ENT_COUNT));
}

static void test_schema__enumerations(void **state)
{
    (void)state;
    assert_int_equal(mf_lot_kind_parse("Behov"), MF_LOT_DEMAND);
    assert_int_equal(mf_lot_kind_parse("overskudd"), MF_LOT_SUPPLY);
    assert_int_equal(mf_lot_kind_parse("maybe"), -1);
    assert_string_equal(mf_lot_kind_name(MF_LOT_DEMAND), "demand");
    assert_string_equal(mf_enum_site_kind.name(MF_SITE_QUARRY), "quarry");
    assert_int_equal(mf_enum_site_kind.parse("deponi"), MF_SITE_RECEIVING);
    assert_int_equal(mf_enum_acid.parse("positiv"), MF_ACID_POSITIVE);
    assert_int_equal(mf_enum_plant_health.parse(NULL), MF_PH_NONE);
}

/* ------------------------------------------------------------------ */
/* The deep copy                                                        */
/* ------------------------------------------------------------------ */

/* Hands out memory from a fixed pool, and fails after `left` calls. */
struct pool {
    char mem[4096];
    size_t used;
    int left;
};

static void *pool_take(void *ctx, size_t n)
{
    struct pool *p = ctx;
    void *r;

    if (p->left-- <= 0 || p->used + n > sizeof p->mem)
        return NULL;
    r = p->mem + p->used;
    p->used += (n + 15) & ~(size_t)15;
    return r;
}

static void test_schema__copy_is_deep(void **state)
{
    char id[8] = "s1", name[8] = "Grop", note[8] = "hei";
    int mats[2] = {3, 5};
    struct mf_site in, out;
    struct pool p = {.left = 100};

    (void)state;
    memset(&in, 0, sizeof in);
    in.id = id;
    in.name = name;
    in.note = note;
    in.materials = mats;
    in.n_materials = 2;
    in.fee = 12.5;
    in.product = -1;
    assert_int_equal(mf_record_copy(MF_ENT_SITE, &out, &in, pool_take, &p),
                     MF_OK);
    /* The copy owns its strings and array: change the originals. */
    id[0] = 'X';
    name[0] = 'X';
    note[0] = 'X';
    mats[0] = 99;
    assert_string_equal(out.id, "s1");
    assert_string_equal(out.name, "Grop");
    assert_string_equal(out.note, "hei");
    assert_null(out.org);
    assert_int_equal(out.materials[0], 3);
    assert_int_equal(out.materials[1], 5);
    assert_true(out.fee == 12.5);
    assert_int_equal(out.product, -1);
    /* Every allocation that fails is reported. */
    for (p.left = 0; p.left < 4; p.left++) {
        int left = p.left;
        p.used = 0;
        assert_int_equal(mf_record_copy(MF_ENT_SITE, &out, &in, pool_take, &p),
                         MF_ENOMEM);
        p.left = left;
    }
}

/* ------------------------------------------------------------------ */
/* JSON                                                                 */
/* ------------------------------------------------------------------ */

struct fx {
    struct mf_catalog *cat;
    struct mf_registry *reg;
    struct mf_import *imp;
    struct mf_issues is;
    struct mf_import_stats st;
    int puts;
    char *last; /* the JSON of the last record put */
};

static int keep_json(void *ctx, enum mf_entity e, const void *rec,
                     struct mf_error *err)
{
    struct fx *f = ctx;

    f->puts++;
    free(f->last);
    return mf_export_json(f->cat, e, rec, &f->last, err);
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

    free(f->last);
    mf_import_free(f->imp);
    mf_issues_free(&f->is);
    mf_registry_free(f->reg);
    mf_catalog_free(f->cat);
    free(f);
    return 0;
}

/* Imports one CSV document; the last good record's JSON is in f->last. */
static void csv_in(struct fx *f, const char *label, const char *text,
                   enum mf_entity kind)
{
    struct mf_import_sink sink = {f, keep_json};
    struct mf_error err = {0};

    assert_int_equal(mf_import_buffer(f->imp, label, text, strlen(text), 0,
                                      kind, &sink, &f->is, &f->st, &err),
                     MF_OK);
}

static int json_in(struct fx *f, const char *label, const char *text,
                   enum mf_entity kind)
{
    struct mf_import_sink sink = {f, keep_json};
    struct mf_error err = {0};

    return mf_import_json(f->imp, label, text, strlen(text), kind, &sink,
                          &f->is, &f->st, &err);
}

static json_t *parse(const char *text)
{
    json_t *j = json_loads(text, 0, NULL);

    assert_non_null(j);
    return j;
}

static const struct mf_issue *issue_at(const struct fx *f, const char *where)
{
    size_t i;

    for (i = 0; i < f->is.n; i++)
        if (!strcmp(f->is.items[i].where, where))
            return &f->is.items[i];
    return NULL;
}

static void test_schema__json_shape_of_a_lot(void **state)
{
    struct fx *f = *state;
    json_t *j;

    csv_in(f, "lots.csv",
           "id;kind;project;site;material;quantity;unit;from;to;stockpile_t\n"
           "a;supply;e18;lysaker;sprengstein;1 000;pfm3;2025-01-01;"
           "30.06.2025;12,5\n",
           MF_ENT_LOT);
    assert_int_equal(f->is.count[MF_SEV_ERROR], 0);
    j = parse(f->last);
    assert_string_equal(json_string_value(json_object_get(j, "kind")),
                        "supply");
    assert_true(json_real_value(json_object_get(j, "quantity")) == 1000);
    assert_string_equal(json_string_value(json_object_get(j, "unit")), "pfm3");
    /* Tonnes are derived: 1000 in-situ m3 of blasted rock. */
    assert_true(json_real_value(json_object_get(j, "tonnes")) > 1000);
    assert_string_equal(json_string_value(json_object_get(j, "to")),
                        "2025-06-30");
    assert_true(json_is_false(json_object_get(j, "flexible")));
    assert_true(json_is_true(json_object_get(j, "public")));
    assert_true(json_is_false(json_object_get(j, "sea")));
    /* Not stated is null, not 0 or -1. */
    assert_true(json_is_null(json_object_get(j, "condition_class")));
    assert_true(json_is_null(json_object_get(j, "planned_independently")));
    assert_true(json_is_null(json_object_get(j, "use")));
    assert_true(json_is_null(json_object_get(j, "acid_test")));
    /* The place is the site's, in WGS84 too. */
    assert_float_equal(json_real_value(json_object_get(j, "lat")), 59.913,
                       1e-9);
    assert_float_equal(json_real_value(json_object_get(j, "lon")), 10.638,
                       1e-9);
    assert_int_equal(json_integer_value(json_object_get(j, "epsg")), 4326);
    assert_true(json_real_value(json_object_get(j, "stockpile_t")) == 12.5);
    assert_int_equal(json_object_size(j),
                     (size_t)mf_schema(MF_ENT_LOT)->n_fields);
    json_decref(j);
}

/* Every kind goes record -> JSON -> record -> JSON unchanged. */
static void test_schema__json_round_trip(void **state)
{
    static const struct {
        enum mf_entity kind;
        const char *csv;
    } cases[] = {
        {MF_ENT_ORG, "id;orgnr;name;public;note\n"
                     "bm;974760673;B\xC3\xA6rum kommune;1;\"a; b\"\n"},
        {MF_ENT_PROJECT, "id;name;org;municipality;kind;start;end;source\n"
                         "fb;Fornebubanen;svv;3201;rail;2025-01-01;;"
                         "https://example.org\n"},
        {MF_ENT_SITE, "id;name;kind;org;x;y;epsg;materials;product;"
                      "capacity;capacity_unit;fee;holding;open_from;"
                      "heritage;farmland\n"
                      "k;Knuseverk;processing;svv;262000;6650000;25833;"
                      "\"sprengstein;morene\";pukk;1000;pam3;35,5;2;2025-03-01;"
                      "1;ja\n"},
        {MF_ENT_LOT,
         "id;kind;project;site;use;quantity;unit;from;to;flexible;"
         "condition_class;natural_background;plant_health;sea;"
         "planned_independently;public;x;y;epsg;note\n"
         "d;demand;e18;lysaker;fyllmasse;2500;t;2025-02-01;2025-06-30;1;2;1;"
         "pcn;1;0;0;10.7;59.9;4326;hei\n"},
    };
    struct fx *f = *state;
    size_t i;

    for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char *first;
        json_t *a, *b;

        mf_issues_free(&f->is);
        mf_issues_init(&f->is, 100);
        csv_in(f, "in.csv", cases[i].csv, cases[i].kind);
        if (f->is.count[MF_SEV_ERROR])
            fail_msg("%s: %s", f->is.items[0].where, f->is.items[0].message);
        first = f->last;
        f->last = NULL;
        /* A fresh import: the id is not a duplicate of the CSV's. */
        mf_import_free(f->imp);
        assert_int_equal(mf_import_new(&f->imp, f->reg, NULL, NULL), MF_OK);
        assert_int_equal(json_in(f, "api", first, cases[i].kind), MF_OK);
        if (f->is.count[MF_SEV_ERROR])
            fail_msg("%s: %s", f->is.items[0].where, f->is.items[0].message);
        a = parse(first);
        b = parse(f->last);
        if (!json_equal(a, b))
            fail_msg("%s\n!=\n%s", first, f->last);
        json_decref(a);
        json_decref(b);
        free(first);
    }
}

/* What an API write gets wrong is told as an import tells it, naming the
 * field. */
static void test_schema__json_bad_input(void **state)
{
    struct fx *f = *state;
    const struct mf_issue *it;

    assert_int_equal(json_in(f, "api", "{\"id\": ", MF_ENT_LOT), MF_EINVAL);
    assert_non_null(strstr(f->is.items[0].message, "invalid JSON"));
    assert_int_equal(json_in(f, "api", "[1, 2]", MF_ENT_LOT), MF_EINVAL);
    assert_non_null(strstr(f->is.items[1].message, "a lot is a JSON object"));
    mf_issues_free(&f->is);
    mf_issues_init(&f->is, 100);

    assert_int_equal(json_in(f, "",
                             "{\"id\": \"x\", \"kind\": \"supply\", "
                             "\"project\": \"ghost\", \"site\": \"lysaker\", "
                             "\"material\": \"granitt\", \"quantity\": \"12 "
                             "kg\", \"unit\": \"t\", \"from\": "
                             "\"2025-01-01\", \"colour\": \"red\", "
                             "\"flexible\": \"kanskje\", \"sea\": [1], "
                             "\"note\": {\"a\": 1}, \"tonnes\": 5}",
                             MF_ENT_LOT),
                     MF_OK);
    assert_int_equal(f->puts, 0);
    /* With an empty label, `where` is the field alone. */
    it = issue_at(f, "colour");
    assert_non_null(it);
    assert_non_null(strstr(it->message, "is not a field of lots"));
    assert_non_null(issue_at(f, "sea"));
    assert_non_null(issue_at(f, "note"));
    assert_string_equal(issue_at(f, "project")->message,
                        "no project has the id 'ghost' (import projects "
                        "first)");
    assert_string_equal(issue_at(f, "material")->message,
                        "unknown material 'granitt' (data/materials.csv lists "
                        "the codes)");
    assert_non_null(issue_at(f, "quantity"));
    assert_string_equal(issue_at(f, "to")->message, "a value is required");
    assert_string_equal(issue_at(f, "flexible")->message,
                        "'kanskje' is not yes or no (1/0, ja/nei, yes/no)");
    /* tonnes is derived: ignored, never an error. */
    assert_null(issue_at(f, "tonnes"));
}

/* The same bad row through CSV and through JSON gives the same messages,
 * in the same order. */
static void test_schema__json_errors_are_the_imports(void **state)
{
    struct fx *f = *state;
    struct mf_issues csv;
    size_t i;

    csv_in(f, "lots.csv",
           "id,kind,site,material,quantity,unit,from,to,condition_class,"
           "epsg,x,y\n"
           "b,surplus,lysaker,morene,-5,kg,2025-13-01,2025-06-30,7,25833,"
           "abc,6650000\n",
           MF_ENT_LOT);
    csv = f->is;
    mf_issues_init(&f->is, 100);
    assert_int_equal(
        json_in(f, "lots.csv:2",
                "{\"id\":\"b2\",\"kind\":\"surplus\",\"site\":\"lysaker\","
                "\"material\":\"morene\",\"quantity\":-5,\"unit\":\"kg\","
                "\"from\":\"2025-13-01\",\"to\":\"2025-06-30\","
                "\"condition_class\":7,\"epsg\":25833,\"x\":\"abc\","
                "\"y\":6650000}",
                MF_ENT_LOT),
        MF_OK);
    assert_true(csv.n >= 4);
    assert_int_equal(f->is.n, csv.n);
    for (i = 0; i < csv.n; i++) {
        assert_string_equal(f->is.items[i].where, csv.items[i].where);
        assert_string_equal(f->is.items[i].message, csv.items[i].message);
    }
    mf_issues_free(&csv);
}

/* A rule (not a type check) refuses through JSON too: Stockholm is not in
 * Norway (R04). */
static void test_schema__json_applies_the_rules(void **state)
{
    struct fx *f = *state;
    const struct mf_issue *it;

    assert_int_equal(json_in(f, "api",
                             "{\"id\":\"s\",\"kind\":\"supply\","
                             "\"material\":\"morene\",\"quantity\":1,"
                             "\"unit\":\"t\",\"from\":\"2025-01-01\","
                             "\"to\":\"2025-06-30\",\"x\":18.07,\"y\":59.33,"
                             "\"epsg\":4326}",
                             MF_ENT_LOT),
                     MF_OK);
    it = issue_at(f, "api: x");
    assert_non_null(it);
    assert_string_equal(it->rule, "R04");
    assert_int_equal(f->puts, 0);
    /* A site's materials may come as a list. */
    assert_int_equal(json_in(f, "api",
                             "{\"id\":\"m\",\"name\":\"Mottak\",\"kind\":"
                             "\"receiving\",\"x\":10.7,\"y\":59.9,\"epsg\":"
                             "4326,\"materials\":[\"morene\",\"leire\"]}",
                             MF_ENT_SITE),
                     MF_OK);
    assert_int_equal(f->is.count[MF_SEV_ERROR], 1);
    assert_int_equal(mf_registry_site(f->reg, "m")->n_materials, 2);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_schema__tables_hold_together),
        cmocka_unit_test(test_schema__enumerations),
        cmocka_unit_test(test_schema__copy_is_deep),
        cmocka_unit_test_setup_teardown(test_schema__json_shape_of_a_lot, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_schema__json_round_trip, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_schema__json_bad_input, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(
            test_schema__json_errors_are_the_imports, setup, teardown),
        cmocka_unit_test_setup_teardown(test_schema__json_applies_the_rules,
                                        setup, teardown),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
