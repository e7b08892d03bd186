/*
 * validate_test.c - each rule of data/rules.csv on purpose: what it
 * refuses, flags or calls an error, what it lets through, the places and
 * rule ids it names, its dates, and the flow rules the planner uses.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "testutil.h"

#include "masseflyt/validate.h"

struct fx {
    struct mf_catalog *cat;
    struct mf_registry *reg;
    struct mf_issues is;
};

static int setup(void **state)
{
    struct fx *f = calloc(1, sizeof *f);

    f->cat = tu_catalog();
    f->reg = tu_registry(f->cat);
    mf_issues_init(&f->is, 100);
    tu_org(f->reg, "svv", 1);
    tu_project(f->reg, "p", "svv", "0301");
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    struct fx *f = *state;

    mf_issues_free(&f->is);
    mf_registry_free(f->reg);
    mf_catalog_free(f->cat);
    free(f);
    return 0;
}

static const struct mf_issue *find_rule(const struct mf_issues *is,
                                        const char *rule)
{
    size_t i;

    for (i = 0; i < is->n; i++)
        if (!strcmp(is->items[i].rule, rule))
            return &is->items[i];
    return NULL;
}

static struct mf_lot supply(struct fx *f, const char *material)
{
    return tu_lot_base(f->reg, "s1", MF_LOT_SUPPLY, "p", material, NULL, 1000,
                       "2025-01-01", "2025-12-31", 59.91, 10.75);
}

static void test_validate__clean_lot_passes(void **state)
{
    struct fx *f = *state;
    struct mf_lot l = supply(f, "sprengstein");

    assert_int_equal(mf_validate_lot(f->reg, &l, NULL, MF_DATE_NONE, &f->is),
                     MF_SEV_NONE);
    assert_int_equal(f->is.n, 0);
}

static void test_validate__alum_shale_refused(void **state)
{
    struct fx *f = *state;
    struct mf_lot l = supply(f, "alunskifer");
    const struct mf_issue *it;

    assert_int_equal(mf_validate_lot(f->reg, &l, NULL, MF_DATE_NONE, &f->is),
                     MF_SEV_REFUSE);
    it = find_rule(&f->is, "R08");
    assert_non_null(it);
    assert_string_equal(it->where, "lot s1: material");
    assert_non_null(strstr(it->message, "acid-forming"));
    /* A positive test on ordinary rock is refused the same way. */
    mf_issues_free(&f->is);
    mf_issues_init(&f->is, 100);
    l = supply(f, "sprengstein");
    l.acid = MF_ACID_POSITIVE;
    assert_int_equal(
        mf_validate_lot(f->reg, &l, "lots.csv:7", MF_DATE_NONE, &f->is),
        MF_SEV_REFUSE);
    it = find_rule(&f->is, "R08");
    assert_non_null(it);
    assert_string_equal(it->where, "lots.csv:7: acid_test");
}

static void test_validate__condition_class(void **state)
{
    struct fx *f = *state;
    struct mf_lot l = supply(f, "morene");

    l.condition_class = 3;
    assert_int_equal(mf_validate_lot(f->reg, &l, NULL, MF_DATE_NONE, &f->is),
                     MF_SEV_REFUSE);
    assert_non_null(strstr(find_rule(&f->is, "R07")->message,
                           "condition class 3 is above 1"));
    /* Natural background values are in scope. */
    mf_issues_free(&f->is);
    mf_issues_init(&f->is, 100);
    l.natural_background = 1;
    assert_int_equal(mf_validate_lot(f->reg, &l, NULL, MF_DATE_NONE, &f->is),
                     MF_SEV_NONE);
    /* Before the regulation, the rule does not apply (versioned). */
    l.natural_background = 0;
    assert_int_equal(
        mf_validate_lot(f->reg, &l, NULL, tu_date("2000-01-01"), &f->is),
        MF_SEV_NONE);
    /* Not stated is a flag, not a refusal. */
    l.condition_class = 0;
    assert_int_equal(mf_validate_lot(f->reg, &l, NULL, MF_DATE_NONE, &f->is),
                     MF_SEV_FLAG);
    assert_non_null(find_rule(&f->is, "R09"));
}

static void test_validate__data_errors(void **state)
{
    struct fx *f = *state;
    struct mf_lot l = supply(f, "morene");

    l.state = MF_STATE_NONE;
    l.to = tu_date("2024-01-01");
    l.loc = tu_place(59.33, 18.07); /* Stockholm */
    assert_int_equal(mf_validate_lot(f->reg, &l, NULL, MF_DATE_NONE, &f->is),
                     MF_SEV_ERROR);
    assert_non_null(find_rule(&f->is, "R01"));
    assert_non_null(strstr(find_rule(&f->is, "R03")->message,
                           "2024-01-01 ends before 2025-01-01"));
    assert_non_null(find_rule(&f->is, "R04"));
    assert_string_equal(find_rule(&f->is, "R04")->where, "lot s1: x");
}

/* data/limits.csv: past the soft bound a flag (check the unit), past the
 * hard bound an error naming the field, the value and the bound; one
 * tonne under each bound passes. */
static void test_validate__plausible_quantities(void **state)
{
    struct fx *f = *state;
    struct mf_lot l = supply(f, "morene");
    const struct mf_issue *it;

    l.condition_class = 1;
    l.tonnes = 2e7;
    assert_int_equal(mf_validate_lot(f->reg, &l, NULL, MF_DATE_NONE, &f->is),
                     MF_SEV_NONE);
    l.tonnes = 2e7 + 1;
    assert_int_equal(mf_validate_lot(f->reg, &l, NULL, MF_DATE_NONE, &f->is),
                     MF_SEV_FLAG);
    it = find_rule(&f->is, "R19");
    assert_non_null(it);
    assert_string_equal(it->where, "lot s1: quantity");
    assert_null(find_rule(&f->is, "R18"));

    mf_issues_free(&f->is);
    mf_issues_init(&f->is, 100);
    l.tonnes = 4e8;
    assert_int_equal(mf_validate_lot(f->reg, &l, NULL, MF_DATE_NONE, &f->is),
                     MF_SEV_FLAG);
    l.tonnes = 1e23; /* 1e23 pfm3 of moraine, as once stored */
    assert_int_equal(
        mf_validate_lot(f->reg, &l, "lots.csv:3", MF_DATE_NONE, &f->is),
        MF_SEV_ERROR);
    it = find_rule(&f->is, "R18");
    assert_non_null(it);
    assert_string_equal(it->where, "lots.csv:3: quantity");
    assert_non_null(strstr(it->message, "1e+23 t is more than the hard "
                                        "limit of 4e+08 t for lot.tonnes"));
    l.tonnes = 1000;
    l.stockpile_t = HUGE_VAL;
    assert_int_equal(mf_validate_lot(f->reg, &l, NULL, MF_DATE_NONE, &f->is),
                     MF_SEV_ERROR);
}

static void test_validate__plausible_site_values(void **state)
{
    struct fx *f = *state;
    struct mf_site s;
    const struct mf_issue *it;

    tu_site(f->reg, "r1", MF_SITE_RECEIVING, 59.9, 10.8, "sprengstein", NULL,
            100000, 120);
    s = *mf_registry_site(f->reg, "r1");

    s.fee = 120;
    assert_int_equal(mf_validate_site(f->reg, &s, NULL, MF_DATE_NONE, &f->is),
                     MF_SEV_NONE);
    s.fee = 1e9; /* øre typed as NOK, or worse */
    assert_int_equal(mf_validate_site(f->reg, &s, NULL, MF_DATE_NONE, &f->is),
                     MF_SEV_ERROR);
    it = find_rule(&f->is, "R18");
    assert_non_null(it);
    assert_string_equal(it->where, "site r1: fee");
    s.fee = 120;
    s.fill_height_m = 80;
    mf_issues_free(&f->is);
    mf_issues_init(&f->is, 100);
    assert_int_equal(mf_validate_site(f->reg, &s, NULL, MF_DATE_NONE, &f->is),
                     MF_SEV_FLAG);
    assert_string_equal(find_rule(&f->is, "R19")->where,
                        "site r1: fill_height_m");
}

static void test_validate__inside_norway(void **state)
{
    struct fx *f = *state;

    (void)state;
    assert_true(mf_inside_norway(f->cat, 10.75, 59.91));   /* Oslo */
    assert_true(mf_inside_norway(f->cat, 5.32, 60.39));    /* Bergen */
    assert_true(mf_inside_norway(f->cat, 30.05, 69.73));   /* Kirkenes */
    assert_true(mf_inside_norway(f->cat, 15.65, 78.22));   /* Longyearbyen */
    assert_true(mf_inside_norway(f->cat, 10.655, 59.445)); /* Moss havn */
    assert_true(mf_inside_norway(f->cat, 10.60, 59.30));   /* Oslofjord */
    assert_true(mf_inside_norway(f->cat, 8.00, 58.15));    /* Kristiansand */
    assert_true(mf_inside_norway(f->cat, 5.73, 58.97));    /* Stavanger */
    assert_true(mf_inside_norway(f->cat, 7.05, 57.98));    /* Lindesnes */
    assert_true(mf_inside_norway(f->cat, 11.39, 59.12));   /* Halden */
    /* Within 3 km of Sweden's coast or border a place may pass (the
     * simplified borders are that coarse); inland Sweden does not. */
    assert_false(mf_inside_norway(f->cat, 12.13, 59.39)); /* Årjäng */
    assert_false(mf_inside_norway(f->cat, 12.23, 59.03)); /* Bengtsfors */
    assert_false(mf_inside_norway(f->cat, 12.29, 59.88)); /* Charlottenberg */
    assert_false(mf_inside_norway(f->cat, 18.07, 59.33)); /* Stockholm */
    assert_false(mf_inside_norway(f->cat, 11.97, 57.71)); /* Göteborg */
    assert_false(mf_inside_norway(f->cat, 12.57, 55.68)); /* København */
    assert_false(mf_inside_norway(f->cat, 3.0, 56.0));    /* North Sea */
    assert_false(mf_inside_norway(f->cat, 0, 0));
}

static void test_validate__sites(void **state)
{
    struct fx *f = *state;
    struct mf_site s;
    int mat = tu_material(f->reg, "leire");

    memset(&s, 0, sizeof s);
    s.id = "r";
    s.kind = MF_SITE_RECEIVING;
    s.loc = tu_place(59.9, 10.7);
    s.materials = &mat;
    s.n_materials = 1;
    s.open_from = s.open_to = MF_DATE_NONE;
    s.restrictions = MF_RESTR_QUICK_CLAY;
    /* TEK17 § 7-3 asks for documented safety, not a ban: a flag that says
     * what documentation is needed. */
    assert_int_equal(mf_validate_site(f->reg, &s, NULL, MF_DATE_NONE, &f->is),
                     MF_SEV_FLAG);
    assert_non_null(strstr(find_rule(&f->is, "R11")->message, "quick-clay"));
    assert_non_null(
        strstr(find_rule(&f->is, "R11")->message, "NVE veileder 1/2019"));
    /* A project site may lie in a zone: the rule is about receivers. */
    s.kind = MF_SITE_PROJECT;
    assert_int_equal(mf_validate_site(f->reg, &s, NULL, MF_DATE_NONE, NULL),
                     MF_SEV_NONE);
    s.kind = MF_SITE_STORAGE;
    s.restrictions = MF_RESTR_FLOOD;
    assert_int_equal(mf_validate_site(f->reg, &s, NULL, MF_DATE_NONE, NULL),
                     MF_SEV_FLAG);
    s.restrictions = MF_RESTR_SEA;
    assert_int_equal(mf_validate_site(f->reg, &s, NULL, MF_DATE_NONE, NULL),
                     MF_SEV_FLAG);
    s.capacity = 100;
    s.capacity_state = MF_STATE_NONE;
    assert_int_equal(mf_validate_site(f->reg, &s, NULL, MF_DATE_NONE, NULL),
                     MF_SEV_ERROR);
}

static void test_validate__orgs_and_projects(void **state)
{
    struct fx *f = *state;
    struct mf_org o;
    struct mf_project p;

    memset(&o, 0, sizeof o);
    o.id = "x";
    o.name = "X";
    o.orgnr = "971032082";
    assert_int_equal(
        mf_validate_org(f->reg, &o, "orgs.csv:2", MF_DATE_NONE, &f->is),
        MF_SEV_ERROR);
    assert_string_equal(find_rule(&f->is, "R05")->where, "orgs.csv:2: orgnr");
    memset(&p, 0, sizeof p);
    p.id = "q";
    p.municipality = "301";
    p.start = p.end = MF_DATE_NONE;
    assert_int_equal(
        mf_validate_project(f->reg, &p, NULL, MF_DATE_NONE, &f->is),
        MF_SEV_ERROR);
    assert_non_null(find_rule(&f->is, "R06"));
}

static void test_validate__flow_rules(void **state)
{
    struct fx *f = *state;
    struct mf_lot top = supply(f, "matjord");
    struct mf_lot farm =
        tu_lot_base(f->reg, "d1", MF_LOT_DEMAND, "p", NULL, "jordforbedring",
                    10, "2025-01-01", "2025-12-31", 59.9, 10.7);
    struct mf_lot fill =
        tu_lot_base(f->reg, "d2", MF_LOT_DEMAND, "q", NULL, "fyllmasse", 10,
                    "2025-01-01", "2025-12-31", 59.9, 10.7);
    struct mf_lot park =
        tu_lot_base(f->reg, "d3", MF_LOT_DEMAND, "q", NULL, "gront", 10,
                    "2025-01-01", "2025-12-31", 59.9, 10.7);
    const struct mf_rule *r;
    int mats[1];
    struct mf_site store;

    /* Topsoil to farmland: fine; to fill: not. */
    assert_true(mf_flow_allowed(f->reg, &top, &farm, NULL, top.from, &r));
    assert_false(mf_flow_allowed(f->reg, &top, &fill, NULL, top.from, &r));
    assert_string_equal(r->id, "R14");
    /* Plant-health soil: not to farmland, not into storage, to a park yes. */
    top.plant_health = MF_PH_PCN;
    assert_false(mf_flow_allowed(f->reg, &top, &farm, NULL, top.from, &r));
    assert_string_equal(r->id, "R15");
    assert_true(mf_flow_allowed(f->reg, &top, &park, NULL, top.from, &r));
    memset(&store, 0, sizeof store);
    mats[0] = tu_material(f->reg, "matjord");
    store.id = "k";
    store.kind = MF_SITE_STORAGE;
    store.materials = mats;
    store.n_materials = 1;
    assert_false(mf_flow_allowed(f->reg, &top, NULL, &store, top.from, &r));
    store.kind = MF_SITE_RECEIVING;
    assert_true(mf_flow_allowed(f->reg, &top, NULL, &store, top.from, &r));
    /* Alien species: own project or a receiving site only. */
    top.plant_health = MF_PH_NONE;
    top.restrictions = MF_RESTR_ALIEN;
    assert_false(mf_flow_allowed(f->reg, &top, &park, NULL, top.from, &r));
    assert_string_equal(r->id, "R16");
    park.project = "p";
    assert_true(mf_flow_allowed(f->reg, &top, &park, NULL, top.from, &r));
    /* Before the alien-species regulation (2016) the rule is not in force. */
    park.project = "q";
    assert_true(
        mf_flow_allowed(f->reg, &top, &park, NULL, tu_date("2015-06-01"), &r));
}

/* A rule is in force from its first day: one day before it, not; on the
 * day itself, yes (R07 starts 2004-06-01, R16 2016-01-01). */
static void test_validate__rule_starts_on_its_day(void **state)
{
    struct fx *f = *state;
    struct mf_lot l = supply(f, "morene");
    struct mf_lot top = supply(f, "matjord");
    struct mf_lot park =
        tu_lot_base(f->reg, "d3", MF_LOT_DEMAND, "q", NULL, "gront", 10,
                    "2025-01-01", "2025-12-31", 59.9, 10.7);
    const struct mf_rule *r;

    l.condition_class = 3;
    assert_int_equal(
        mf_validate_lot(f->reg, &l, NULL, tu_date("2004-05-31"), &f->is),
        MF_SEV_NONE);
    assert_int_equal(
        mf_validate_lot(f->reg, &l, NULL, tu_date("2004-06-01"), &f->is),
        MF_SEV_REFUSE);
    top.restrictions = MF_RESTR_ALIEN;
    assert_true(
        mf_flow_allowed(f->reg, &top, &park, NULL, tu_date("2015-12-31"), &r));
    assert_false(
        mf_flow_allowed(f->reg, &top, &park, NULL, tu_date("2016-01-01"), &r));
    assert_string_equal(r->id, "R16");
}

/* Plant-health soil is kept from farmland whatever says so: the need's use
 * (tested above), the need lot's own farmland mark, or its site's. */
static void test_validate__plant_health_farmland_by_place(void **state)
{
    struct fx *f = *state;
    struct mf_lot soil = supply(f, "undergrunnsjord");
    struct mf_lot need =
        tu_lot_base(f->reg, "d4", MF_LOT_DEMAND, "q", NULL, "fyllmasse", 10,
                    "2025-01-01", "2025-12-31", 59.9, 10.7);
    const struct mf_rule *r;

    soil.plant_health = MF_PH_WILD_OAT;
    assert_true(mf_flow_allowed(f->reg, &soil, &need, NULL, soil.from, &r));
    need.restrictions = MF_RESTR_FARMLAND;
    assert_false(mf_flow_allowed(f->reg, &soil, &need, NULL, soil.from, &r));
    assert_string_equal(r->id, "R15");
    /* The same when the farmland mark is on the need's site. */
    need.restrictions = 0;
    tu_site(f->reg, "farm", MF_SITE_PROJECT, 59.9, 10.7, "", NULL, -1, 0);
    {
        struct mf_site s = *mf_registry_site(f->reg, "farm");
        s.restrictions = MF_RESTR_FARMLAND;
        assert_int_equal(mf_registry_put_site(f->reg, &s), MF_OK);
    }
    need.site = "farm";
    assert_false(mf_flow_allowed(f->reg, &soil, &need, NULL, soil.from, &r));
    assert_string_equal(r->id, "R15");
    /* And a receiving site on farmland. */
    {
        struct mf_site s = *mf_registry_site(f->reg, "farm");
        s.kind = MF_SITE_RECEIVING;
        assert_false(mf_flow_allowed(f->reg, &soil, NULL, &s, soil.from, &r));
    }
    /* Without a restriction the soil goes anywhere it fits. */
    soil.plant_health = MF_PH_NONE;
    assert_true(mf_flow_allowed(f->reg, &soil, &need, NULL, soil.from, &r));
}

static void test_validate__issue_cap(void **state)
{
    struct fx *f = *state;
    struct mf_issues is;
    struct mf_lot l = supply(f, "alunskifer");
    int i;

    mf_issues_init(&is, 3);
    l.state = MF_STATE_NONE;
    for (i = 0; i < 5; i++)
        mf_validate_lot(f->reg, &l, NULL, MF_DATE_NONE, &is);
    assert_int_equal(is.n, 3);
    assert_true(is.dropped > 0);
    assert_int_equal(is.count[MF_SEV_ERROR] + is.count[MF_SEV_REFUSE] +
                         is.count[MF_SEV_FLAG],
                     is.n + is.dropped);
    mf_issues_free(&is);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_validate__clean_lot_passes, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_validate__alum_shale_refused,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(test_validate__condition_class, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_validate__data_errors, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_validate__plausible_quantities,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(test_validate__plausible_site_values,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(test_validate__inside_norway, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_validate__sites, setup, teardown),
        cmocka_unit_test_setup_teardown(test_validate__orgs_and_projects, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_validate__flow_rules, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_validate__rule_starts_on_its_day,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(
            test_validate__plant_health_farmland_by_place, setup, teardown),
        cmocka_unit_test_setup_teardown(test_validate__issue_cap, setup,
                                        teardown),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
