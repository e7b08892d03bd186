/*
 * forgiving_test.c - input as people write it: codes in any case and with
 * Norwegian letters, names and aliases (data/aliases.csv), "did you mean",
 * plain m3 explained, Norwegian column names, organisation numbers with
 * spaces or dots, and an error reported once at its cause.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "testutil.h"

#include "masseflyt/io.h"

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

static void run(struct fx *f, const char *label, const char *text,
                enum mf_entity kind)
{
    struct mf_import_sink sink = {f, count_put};
    struct mf_error err = {0};

    memset(&f->st, 0, sizeof f->st);
    assert_int_equal(mf_import_buffer(f->imp, label, text, strlen(text), 0,
                                      kind, &sink, &f->is, &f->st, &err),
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

static void test_forgiving__fold(void **state)
{
    char out[64];

    (void)state;
    assert_int_equal(mf_fold("BÆRELAG", out, sizeof out), 8);
    assert_string_equal(out, "bærelag");
    mf_fold("Åpen_fra", out, sizeof out);
    assert_string_equal(out, "åpenfra");
    mf_fold("Org. nr", out, sizeof out);
    assert_string_equal(out, "orgnr");
    mf_fold("ØST", out, sizeof out);
    assert_string_equal(out, "øst");
}

static void test_forgiving__codes_names_aliases(void **state)
{
    struct mf_catalog *cat = tu_catalog();
    int leire = mf_catalog_find_material(cat, "leire");
    int baerelag = mf_catalog_find_use(cat, "baerelag");

    (void)state;
    assert_true(leire >= 0 && baerelag >= 0);
    assert_int_equal(mf_catalog_resolve(cat, MF_CODE_MATERIAL, "Leire"), leire);
    assert_int_equal(mf_catalog_resolve(cat, MF_CODE_MATERIAL, "LEIRE"), leire);
    assert_int_equal(mf_catalog_resolve(cat, MF_CODE_MATERIAL, "clay"), leire);
    assert_int_equal(mf_catalog_resolve(cat, MF_CODE_USE, "bærelag"), baerelag);
    assert_int_equal(mf_catalog_resolve(cat, MF_CODE_USE, "Bærelag"), baerelag);
    assert_int_equal(mf_catalog_resolve(cat, MF_CODE_USE, "tilslag betong"),
                     mf_catalog_find_use(cat, "tilslag_betong"));
    assert_int_equal(mf_catalog_resolve(cat, MF_CODE_STATE, "fm3"),
                     MF_STATE_PFM3);
    assert_int_equal(mf_catalog_resolve(cat, MF_CODE_STATE, "lm3"),
                     MF_STATE_ULM3);
    assert_int_equal(mf_catalog_resolve(cat, MF_CODE_STATE, "Løse m3"),
                     MF_STATE_ULM3);
    assert_int_equal(mf_catalog_resolve(cat, MF_CODE_STATE, "m3"), -1);
    assert_int_equal(mf_catalog_resolve(cat, MF_CODE_MATERIAL, "granitt"), -1);
    assert_string_equal(mf_catalog_suggest(cat, MF_CODE_MATERIAL, "leir"),
                        "leire");
    assert_string_equal(mf_catalog_suggest(cat, MF_CODE_MATERIAL, "sprengsten"),
                        "sprengstein");
    assert_string_equal(mf_catalog_suggest(cat, MF_CODE_USE, "berelag"),
                        "baerelag");
    assert_string_equal(mf_catalog_suggest(cat, MF_CODE_STATE, "pfn3"), "pfm3");
    assert_null(mf_catalog_suggest(cat, MF_CODE_MATERIAL, "granitt"));
    mf_catalog_free(cat);
}

static void test_forgiving__orgnr_spaces_and_dots(void **state)
{
    struct fx *f = *state;
    const struct mf_issue *it;

    run(f, "orgs.csv",
        "id;orgnr;name\n"
        "a;924 817 356;A\n"
        "b;924.817.356;B\n"
        "c;924 817 357;C\n"
        "d;12 34;D\n",
        MF_ENT_ORG);
    assert_null(issue_at(f, "orgs.csv:2"));
    assert_null(issue_at(f, "orgs.csv:3"));
    assert_string_equal(mf_registry_org(f->reg, "a")->orgnr, "924817356");
    it = issue_at(f, "orgs.csv:4: orgnr");
    assert_non_null(it);
    assert_non_null(strstr(it->message, "the check digit is 7, but mod 11 of "
                                        "the first 8 digits gives 6"));
    it = issue_at(f, "orgs.csv:5: orgnr");
    assert_non_null(it);
    assert_non_null(strstr(it->message, "'1234' is not 9 digits"));
}

/* Organisation x fails; the project and the lot that refer to it through
 * it get no error of their own, yet the import fails with the one. */
static void test_forgiving__error_reported_once_at_its_cause(void **state)
{
    struct fx *f = *state;

    run(f, "orgs.csv", "id,orgnr,name\nx,924817357,X\n", MF_ENT_ORG);
    run(f, "projects.csv", "id,name,org\np,P,x\nq,Q,nobody\n", MF_ENT_PROJECT);
    run(f, "lots.csv",
        "id,kind,project,material,quantity,unit,from,to,x,y,epsg\n"
        "l,supply,p,leire,10,t,2027-01-01,2027-02-01,10.2,59.7,4326\n",
        MF_ENT_LOT);
    assert_int_equal(f->is.count[MF_SEV_ERROR], 2);
    assert_non_null(issue_at(f, "orgs.csv:2: orgnr"));
    /* A reference to an id never given is still an error. */
    assert_non_null(issue_at(f, "projects.csv:3: org"));
    assert_null(issue_at(f, "projects.csv:2"));
    assert_null(issue_at(f, "lots.csv:2"));
    assert_int_equal(f->puts[MF_ENT_LOT], 0);
}

static void test_forgiving__norwegian_columns_and_codes(void **state)
{
    struct fx *f = *state;

    run(f, "lots.csv",
        "ID;Type;Materiale;Bruk;Mengde;Enhet;Fra;Til;X;Y;EPSG\n"
        "a;overskudd;Leire;;40 000;fm3;01.03.2027;30.06.2027;10.2;59.7;4326\n"
        "b;behov;;bærelag;15 000;t;01.03.2027;30.06.2027;10.2;59.7;4326\n",
        MF_ENT_LOT);
    assert_int_equal(f->is.count[MF_SEV_ERROR], 0);
    assert_int_equal(f->puts[MF_ENT_LOT], 2);
    assert_string_equal(f->st.ignored_columns, "");
}

static void test_forgiving__plain_m3_is_explained(void **state)
{
    struct fx *f = *state;
    const struct mf_issue *it;

    run(f, "lots.csv",
        "id;kind;material;quantity;unit;from;to;x;y;epsg\n"
        "a;supply;leire;40;m³;2027-03-01;2027-06-30;10.2;59.7;4326\n"
        "b;supply;leir;40;t;2027-03-01;2027-06-30;10.2;59.7;4326\n",
        MF_ENT_LOT);
    it = issue_at(f, "lots.csv:2: unit");
    assert_non_null(it);
    assert_non_null(strstr(it->message, "does not say which volume"));
    assert_non_null(strstr(it->message, "pfm3"));
    assert_non_null(strstr(it->message, "ulm3"));
    assert_non_null(strstr(it->message, "pam3"));
    it = issue_at(f, "lots.csv:3: material");
    assert_non_null(it);
    assert_non_null(strstr(it->message, "did you mean 'leire'?"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_forgiving__fold),
        cmocka_unit_test(test_forgiving__codes_names_aliases),
        cmocka_unit_test_setup_teardown(test_forgiving__orgnr_spaces_and_dots,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(
            test_forgiving__error_reported_once_at_its_cause, setup, teardown),
        cmocka_unit_test_setup_teardown(
            test_forgiving__norwegian_columns_and_codes, setup, teardown),
        cmocka_unit_test_setup_teardown(test_forgiving__plain_m3_is_explained,
                                        setup, teardown),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
