/*
 * custody_pin_test.c - pins what the balance, the checks and plan against
 * actual answer for a large, untidy set of records, so that a change to
 * how they compute (index.c, balance.c, check.c, pva.c) that changes any
 * answer fails here.
 *
 * The records are made by this file alone (a seeded xorshift, not the
 * library's generator, so that a change to the generator does not move
 * the pin): 40,000 tickets on the demo region's lots and sites, most of
 * them plausible and many not: unknown lots, sites and documents,
 * corrections and voids, receipts out of order, twice, at other sites,
 * weighed far off, turned away, or naming no ticket; trucks shared by
 * lanes so that some are in two places at once. The answers are written
 * as text (findings without their evidence, which is prose; balance rows
 * and differences; plan-against-actual flows and indicators) and each
 * text is compared by its SHA-256 with the digest pinned below, and the
 * findings also by their count per check. mf_custody_balance_check (the
 * two over one index) must give the same texts. On a mismatch the texts are
 * written to custody_pin_*.txt in the working directory for a diff
 * against a run of the code before the change.
 *
 * When the results are meant to change (a check is fixed), run the test,
 * read the diff of the texts, and pin the new digests.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "testutil.h"

#include "masseflyt/custody.h"
#include "masseflyt/io.h"
#include "masseflyt/plan.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define N_TICKETS 40000
#define N_TRUCKS 700
#define DAY 86400

struct rng {
    uint64_t s;
};

static uint64_t rnd(struct rng *r)
{
    uint64_t x = r->s;

    x ^= x << 13;
    x ^= x >> 7;
    x ^= x << 17;
    r->s = x;
    return x;
}

static double unif(struct rng *r)
{
    return (double)(rnd(r) >> 11) / 9007199254740992.0;
}

static size_t below(struct rng *r, size_t n)
{
    return n ? (size_t)(rnd(r) % n) : 0;
}

/* ------------------------------------------------------------------ */
/* The region                                                           */
/* ------------------------------------------------------------------ */

static int keep_lot(void *ctx, enum mf_entity e, const void *rec,
                    struct mf_error *err)
{
    (void)err;
    return e == MF_ENT_LOT ? mf_registry_put_lot(ctx, rec) : 0;
}

/* The demo region, planned; then a site in a quick-clay zone, a small
 * receiving site with a yearly permit, and a refused lot beside the
 * first supply lot (after the plan, which never uses them). */
static struct mf_registry *region(struct mf_catalog *cat, struct mf_factors *fx,
                                  struct mf_plan **plan)
{
    static const char *const files[] = {"orgs.csv", "projects.csv", "sites.csv",
                                        "lots.csv"};
    static const enum mf_entity kinds[] = {MF_ENT_ORG, MF_ENT_PROJECT,
                                           MF_ENT_SITE, MF_ENT_LOT};
    struct mf_registry *reg = tu_registry(cat);
    struct mf_import_opts opts = MF_IMPORT_OPTS_INIT;
    struct mf_plan_opts po = MF_PLAN_OPTS_INIT;
    struct mf_import *imp = NULL;
    struct mf_import_sink sink;
    struct mf_issues is;
    struct mf_import_stats st;
    struct mf_error err = {0};
    const struct mf_lot *src = NULL;
    const struct mf_site *home;
    struct mf_site s;
    struct mf_lot l;
    char path[1024];
    size_t i;
    int mat;

    if (mf_import_new(&imp, reg, &opts, &err))
        fail_msg("import: %s", err.message);
    sink.ctx = reg;
    sink.put = keep_lot;
    mf_issues_init(&is, 100);
    for (i = 0; i < 4; i++) {
        memset(&st, 0, sizeof st);
        snprintf(path, sizeof path, "%s/demo/%s", getenv("MASSEFLYT_DATA"),
                 files[i]);
        if (mf_import_file(imp, path, kinds[i], &sink, &is, &st, &err))
            fail_msg("%s: %s: %s", path, err.where, err.message);
    }
    mf_issues_free(&is);
    mf_import_free(imp);
    if (mf_plan_solve(reg, fx, &po, plan, &err))
        fail_msg("plan: %s", err.message);

    for (i = 0; i < mf_registry_count(reg, MF_ENT_LOT) && !src; i++) {
        const struct mf_lot *x = mf_registry_lot_at(reg, i);

        if (x->kind == MF_LOT_SUPPLY && x->site && x->material >= 0 &&
            x->from != MF_DATE_NONE && x->to != MF_DATE_NONE)
            src = x;
    }
    assert_non_null(src);
    home = mf_registry_site(reg, src->site);
    assert_non_null(home);
    mat = src->material;
    l = *src;
    memset(&s, 0, sizeof s);
    s.id = "pin-hazard";
    s.name = "Pin: receiving site in a quick-clay zone";
    s.kind = MF_SITE_RECEIVING;
    s.municipality = home->municipality;
    s.loc = home->loc;
    s.loc.lat += 0.04;
    s.loc.y = s.loc.epsg == 4326 || s.loc.epsg == 4258 ? s.loc.lat : s.loc.y;
    s.open_from = s.open_to = MF_DATE_NONE;
    s.materials = &mat;
    s.n_materials = 1;
    s.product = -1;
    s.capacity = -1;
    s.capacity_t = -1;
    s.restrictions = MF_RESTR_QUICK_CLAY;
    assert_int_equal(mf_registry_put_site(reg, &s), MF_OK);
    s.id = "pin-small";
    s.name = "Pin: receiving site with 2,000 t and 1,500 t a year";
    s.loc.lat -= 0.09;
    s.loc.y = s.loc.epsg == 4326 || s.loc.epsg == 4258 ? s.loc.lat : s.loc.y;
    s.restrictions = 0;
    s.capacity = 2000;
    s.capacity_state = MF_STATE_T;
    s.capacity_t = 2000;
    s.intake_t = 1500;
    assert_int_equal(mf_registry_put_site(reg, &s), MF_OK);
    l.id = "pin-refused";
    l.condition_class = 4;
    assert_int_equal(mf_registry_put_lot(reg, &l), MF_OK);
    return reg;
}

/* ------------------------------------------------------------------ */
/* The records                                                          */
/* ------------------------------------------------------------------ */

struct recs {
    struct mf_custody_data data;
    struct mf_ticket *t;
    struct mf_receipt *r;
    struct mf_quality_doc *docs;
    struct mf_vehicle *veh;
    char (*tid)[24];   /* ticket ids */
    char (*rid)[24];   /* receipt ids */
    char (*vcopy)[16]; /* a ticket's own copy of its registration */
    char (*truck)[16]; /* the registrations, shared */
    char (*did)[40];   /* document ids */
    const char **dlots;
    int64_t as_of;
};

static void recs_free(struct recs *x)
{
    free(x->t);
    free(x->r);
    free(x->docs);
    free(x->veh);
    free(x->tid);
    free(x->rid);
    free(x->vcopy);
    free(x->truck);
    free(x->did);
    free(x->dlots);
}

static void make(struct recs *x, const struct mf_registry *reg, uint64_t seed)
{
    struct rng g = {seed};
    size_t nl = mf_registry_count(reg, MF_ENT_LOT);
    size_t ns = mf_registry_count(reg, MF_ENT_SITE);
    int n_mat = mf_catalog_n_materials(mf_registry_catalog(reg));
    size_t *sup = calloc(nl + 1, sizeof *sup), n_sup = 0, i, nr = 0;
    int64_t t0 = (int64_t)tu_date("2026-01-01") * DAY;
    int64_t span = (int64_t)3 * 365 * DAY;

    memset(x, 0, sizeof *x);
    assert_non_null(sup);
    for (i = 0; i < nl; i++) {
        const struct mf_lot *l = mf_registry_lot_at(reg, i);

        if (l->kind == MF_LOT_SUPPLY && l->site)
            sup[n_sup++] = i;
    }
    assert_true(n_sup > 3);
    x->t = calloc(N_TICKETS, sizeof *x->t);
    x->r = calloc(N_TICKETS + N_TICKETS / 8, sizeof *x->r);
    x->docs = calloc(n_sup, sizeof *x->docs);
    x->veh = calloc(N_TRUCKS, sizeof *x->veh);
    x->tid = calloc(N_TICKETS, sizeof *x->tid);
    x->rid = calloc(N_TICKETS + N_TICKETS / 8, sizeof *x->rid);
    x->vcopy = calloc(N_TICKETS, sizeof *x->vcopy);
    x->truck = calloc(N_TRUCKS, sizeof *x->truck);
    x->did = calloc(n_sup, sizeof *x->did);
    x->dlots = calloc(2 * n_sup, sizeof *x->dlots);
    assert_true(x->t && x->r && x->docs && x->veh && x->tid && x->rid &&
                x->vcopy && x->truck && x->did && x->dlots);

    for (i = 0; i < N_TRUCKS; i++) {
        snprintf(x->truck[i], sizeof x->truck[i], "PN%05zu", i);
        /* Most trucks are in the register. */
        if (i < N_TRUCKS * 7 / 10) {
            x->veh[x->data.n_vehicles].registration = x->truck[i];
            x->veh[x->data.n_vehicles].haulier = "971032081";
            x->veh[x->data.n_vehicles++].payload_t = 30;
        }
    }
    /* One document per supply lot; some also cover the next lot, some
     * state no tonnes, and the tonnes are mostly near what the lot's
     * loads will weigh (so some are over). */
    for (i = 0; i < n_sup; i++) {
        struct mf_quality_doc *q = &x->docs[i];
        const struct mf_lot *l = mf_registry_lot_at(reg, sup[i]);

        snprintf(x->did[i], sizeof x->did[i], "PD-%s", l->id);
        q->id = x->did[i];
        q->sha256 = "0000000000000000000000000000000000000000000000000000"
                    "000000000000";
        x->dlots[2 * i] = l->id;
        x->dlots[2 * i + 1] = mf_registry_lot_at(reg, sup[(i + 1) % n_sup])->id;
        q->lots = &x->dlots[2 * i];
        q->n_lots = i % 4 == 0 ? 2 : 1;
        q->tonnes = i % 7 == 3 ? 0
                               : (double)N_TICKETS / (double)n_sup * 22 *
                                     (0.85 + 0.3 * unif(&g));
        q->issued = MF_DATE_NONE;
    }
    x->data.docs = x->docs;
    x->data.n_docs = n_sup;

    for (i = 0; i < N_TICKETS; i++) {
        struct mf_ticket *t = &x->t[i];
        size_t li = below(&g, n_sup), tr = below(&g, N_TRUCKS);
        const struct mf_lot *l = mf_registry_lot_at(reg, sup[li]);
        double u = unif(&g);

        snprintf(x->tid[i], sizeof x->tid[i], "PT%06zu", i);
        t->id = x->tid[i];
        t->haulier = "971032081";
        t->lot = u < 0.01 ? "no-such-lot" : u < 0.015 ? "pin-refused" : l->id;
        t->origin = unif(&g) < 0.92
                        ? l->site
                        : mf_registry_site_at(reg, below(&g, ns))->id;
        u = unif(&g);
        t->destination = u < 0.01   ? "no-such-site"
                         : u < 0.03 ? "pin-hazard"
                         : u < 0.05
                             ? "pin-small"
                             : mf_registry_site_at(reg, below(&g, ns))->id;
        u = unif(&g);
        if (u < 0.01) {
            t->vehicle = NULL;
        } else if (u < 0.12) {
            memcpy(x->vcopy[i], x->truck[tr], sizeof x->vcopy[i]);
            t->vehicle = x->vcopy[i];
        } else {
            t->vehicle = x->truck[tr];
        }
        t->material = unif(&g) < 0.95 || n_mat < 1
                          ? l->material
                          : (int)below(&g, (size_t)n_mat);
        u = unif(&g);
        t->state = u < 0.7   ? MF_STATE_T
                   : u < 0.9 ? MF_STATE_PFM3
                             : MF_STATE_ULM3;
        t->quantity =
            (t->state == MF_STATE_T ? 18 : 9) + 12 * unif(&g) + (double)(i % 3);
        /* Mostly in time order, with a jitter of up to two days either
         * way, and hours of the working day. */
        t->departed = t0 + span * (int64_t)i / N_TICKETS +
                      (int64_t)(unif(&g) * 4 * DAY) - 2 * DAY +
                      (int64_t)below(&g, 3600);
        u = unif(&g);
        t->quality_doc = u < 0.85   ? x->did[li]
                         : u < 0.88 ? x->did[below(&g, n_sup)]
                         : u < 0.89 ? "no-such-doc"
                                    : NULL;
        /* Corrections of an earlier ticket (never of a later one, so no
         * chain loops): 2 % replace it, 0.3 % void it. */
        if (i > 10 && (u = unif(&g)) < 0.023) {
            size_t j = i - 1 - below(&g, i < 500 ? i - 1 : 500);

            t->corrects = x->tid[j];
            t->reason = "pin correction";
            t->voids = u < 0.003;
            if (!t->voids) {
                /* A replacement keeps the load but fixes a field. */
                t->lot = x->t[j].lot;
                t->origin = x->t[j].origin;
                t->departed = x->t[j].departed + (int64_t)below(&g, 600);
            }
        }
    }
    x->data.tickets = x->t;
    x->data.n_tickets = N_TICKETS;

    for (i = 0; i < N_TICKETS; i++) {
        const struct mf_ticket *t = &x->t[i];
        struct mf_receipt *r;
        double u = unif(&g);
        double w, f = t->state == MF_STATE_T ? 1.0 : 1.9;

        if (u < 0.08) /* never received */
            continue;
        r = &x->r[nr];
        snprintf(x->rid[nr], sizeof x->rid[nr], "PR%06zu", nr);
        r->id = x->rid[nr];
        nr++;
        u = unif(&g);
        r->ticket = u < 0.01    ? "no-such-ticket"
                    : u < 0.012 ? NULL
                    : t->corrects && u < 0.5
                        ? t->corrects /* names the old record of a chain */
                        : t->id;
        u = unif(&g);
        r->site = u < 0.8    ? NULL
                  : u < 0.96 ? t->destination
                             : mf_registry_site_at(reg, below(&g, ns))->id;
        /* Two hours on the road, give or take; some arrive impossibly
         * fast, some before they left. */
        u = unif(&g);
        r->arrived =
            t->departed + (u < 0.01    ? (int64_t)below(&g, 300)
                           : u < 0.012 ? -(int64_t)below(&g, 3600)
                                       : 1800 + (int64_t)below(&g, 4 * 3600));
        u = unif(&g);
        w = t->quantity * f * (1 + 0.03 * (unif(&g) - 0.5));
        r->weighed_t = u < 0.02 ? -1 : u < 0.03 ? w * 1.4 : w;
        u = unif(&g);
        r->status = u < 0.02 ? MF_RECEIPT_REJECTED : MF_RECEIPT_ACCEPTED;
        r->reason = r->status == MF_RECEIPT_REJECTED ? "pin: stones" : NULL;
        /* A second receipt of the same load now and then, and a
         * correction of an earlier receipt. */
        if (unif(&g) < 0.005) {
            struct mf_receipt *d = &x->r[nr];

            *d = *r;
            snprintf(x->rid[nr], sizeof x->rid[nr], "PR%06zu", nr);
            d->id = x->rid[nr];
            d->arrived += 600;
            nr++;
        }
        if (nr > 20 && unif(&g) < 0.004) {
            struct mf_receipt *d = &x->r[nr];
            size_t j = nr - 2 - below(&g, 10);

            *d = x->r[j];
            snprintf(x->rid[nr], sizeof x->rid[nr], "PR%06zu", nr);
            d->id = x->rid[nr];
            d->corrects = x->r[j].id;
            d->reason = "pin: weighed again";
            d->voids = unif(&g) < 0.2;
            d->weighed_t = x->r[j].weighed_t * 0.98;
            nr++;
        }
    }
    /* Receipts out of order: neighbours swapped, and a few long
     * stretches reversed (a weighbridge's export sorted the other way). */
    for (i = 1; i < nr; i++)
        if (unif(&g) < 0.05 && !x->r[i].corrects && !x->r[i - 1].corrects) {
            struct mf_receipt tmp = x->r[i];

            x->r[i] = x->r[i - 1];
            x->r[i - 1] = tmp;
        }
    for (i = 5000; i + 300 < nr; i += 9000) {
        size_t a = i, b = i + 299;

        for (; a < b; a++, b--) {
            struct mf_receipt tmp = x->r[a];

            x->r[a] = x->r[b];
            x->r[b] = tmp;
        }
    }
    x->data.receipts = x->r;
    x->data.n_receipts = nr;
    x->data.vehicles = x->veh;
    x->as_of = t0 + span - 20 * DAY;
    free(sup);
}

/* ------------------------------------------------------------------ */
/* The answers as text                                                  */
/* ------------------------------------------------------------------ */

struct text {
    char *s;
    size_t n, cap;
};

static void put(struct text *t, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;

static void put(struct text *t, const char *fmt, ...)
{
    va_list ap;
    int k;

    for (;;) {
        va_start(ap, fmt);
        k = vsnprintf(t->s ? t->s + t->n : NULL, t->s ? t->cap - t->n : 0, fmt,
                      ap);
        va_end(ap);
        assert_true(k >= 0);
        if (t->s && t->n + (size_t)k < t->cap)
            break;
        t->cap = (t->cap + (size_t)k + 1) * 2;
        t->s = realloc(t->s, t->cap);
        assert_non_null(t->s);
    }
    t->n += (size_t)k;
}

/* Values to six significant digits: the same sums in another order may
 * differ in their last bits. */
static void findings_text(struct text *t, const struct mf_custody_findings *f)
{
    size_t i;

    put(t, "findings %zu dropped %zu\n", f->n, f->dropped);
    for (i = 0; i < MF_CHK_COUNT; i++)
        put(t, "count %s %zu\n", mf_custody_check_name((int)i), f->count[i]);
    for (i = 0; i < f->n; i++) {
        const struct mf_custody_finding *it = &f->items[i];

        put(t, "%s %s %s %s %.6g %.6g\n", mf_custody_check_name(it->check),
            mf_custody_rec_name(it->kind), it->id, it->other ? it->other : "-",
            it->value, it->limit);
    }
}

static void balance_text(struct text *t, const struct mf_custody_balance *b)
{
    size_t i;

    put(t, "periods %d rows %zu diffs %zu\n", b->periods.n, b->n_rows,
        b->n_diffs);
    for (i = 0; i < b->n_rows; i++) {
        const struct mf_custody_row *r = &b->rows[i];

        put(t,
            "%s %s %d %.6g %.6g %.6g %.6g %.6g %.6g %.6g %.6g %.6g %.6g "
            "%zu\n",
            mf_custody_dim_name(r->dim), r->key, r->period, r->surplus_t,
            r->planned_t, r->dispatched_t, r->received_t, r->rejected_t,
            r->transit_t, r->stored_t, r->in_place_t, r->difference_t,
            r->tolerance_t, r->tickets);
    }
    for (i = 0; i < b->n_diffs; i++) {
        const struct mf_custody_diff *d = &b->diffs[i];

        put(t, "diff %zu %s %.6g %.6g %.6g\n", d->row,
            mf_custody_cause_name(d->cause), d->expected_t, d->actual_t,
            d->tolerance_t);
    }
}

static void pva_text(struct text *t, const struct mf_custody_pva *p)
{
    size_t i;
    int k;

    put(t, "periods %d flows %zu\n", p->periods.n, p->n_flows);
    for (i = 0; i < p->n_flows; i++) {
        const struct mf_custody_flow *f = &p->flows[i];

        put(t, "%s %s %d %d %.6g %.6g\n", f->from, f->to, f->material,
            f->period, f->planned_t, f->moved_t);
    }
    for (k = 0; k <= p->periods.n; k++) {
        const struct mf_custody_kpi *q = &p->kpi[k];

        put(t,
            "kpi %d %.6g %.6g %.6g %.6g %.6g %.6g %.6g %.6g %.6g %.6g %.6g "
            "%.6g\n",
            q->period, q->planned_t, q->moved_t, q->reused_planned_t,
            q->reused_actual_t, q->landfilled_planned_t, q->landfilled_actual_t,
            q->reuse_rate_planned, q->reuse_rate_actual, q->truck_km_planned,
            q->truck_km_actual, q->co2e_planned_kg, q->co2e_actual_kg);
    }
}

/* Compares the text's digest with the pinned one; on a mismatch keeps
 * the text in a file for a diff. */
static int pinned(struct text *t, const char *name, const char *want)
{
    char hex[65], path[128];
    FILE *fp;

    mf_sha256_hex(t->s ? t->s : "", t->n, hex);
    if (!strcmp(hex, want))
        return 1;
    snprintf(path, sizeof path, "custody_pin_%s.txt", name);
    fp = fopen(path, "w");
    if (fp) {
        fwrite(t->s, 1, t->n, fp);
        fclose(fp);
    }
    print_message("%s: digest %s, pinned %s; the text is in %s\n", name, hex,
                  want, path);
    return 0;
}

/* ------------------------------------------------------------------ */
/* The pin                                                              */
/* ------------------------------------------------------------------ */

/* Findings per check, in the order of enum mf_custody_check, for all
 * records and for one municipality at an earlier moment. */
static const size_t want_all[MF_CHK_COUNT] = {
    3438, 1486, 1506, 26610, 1721, 2654, 4, 2, 399, 184, 1028, 25200, 6226};
static const size_t want_muni[MF_CHK_COUNT] = {
    1354, 324, 550, 9705, 417, 1391, 3, 2, 156, 40, 287, 7281, 2284};
#define PIN_FINDINGS                                                           \
    "bfccb5269c9f1b71c2d9db93897ef3e655b3b917c3b89cc8d08b63c58e59df19"
#define PIN_BALANCE                                                            \
    "fc6d6fa6d83450c5bf2f918bd8fbeb64c2f29b0aa85c9fa1ec227c2c302d7434"
#define PIN_PVA                                                                \
    "3abb2a1c0f2b1a4d0c4f971724e21d1a004ac22e25e008aa9ad88b4761223d42"
#define PIN_MUNI                                                               \
    "03c22b1da282cc62986d7d266c9e6209e68cee506e35b2195781fee251b8c7f5"

static void test_custody_pin__large_set(void **state)
{
    struct mf_catalog *cat = tu_catalog();
    struct mf_factors *fx = tu_factors();
    struct mf_plan *plan = NULL;
    struct mf_registry *reg = region(cat, fx, &plan);
    struct mf_custody_opts o = MF_CUSTODY_OPTS_INIT;
    struct mf_custody_findings *f = NULL;
    struct mf_custody_balance *b = NULL;
    struct mf_custody_pva *p = NULL;
    struct mf_error err = {0};
    struct text tf = {0}, tb = {0}, tp = {0}, tm = {0};
    struct recs x;
    size_t c, kinds = 0;
    int ok = 1;

    (void)state;
    make(&x, reg, 0x5eed5eedull);
    o.as_of = x.as_of;
    o.plan = plan;
    o.factors = fx;

    if (mf_custody_check(reg, &x.data, &o, 0, &f, &err))
        fail_msg("check: %s", err.message);
    findings_text(&tf, f);
    for (c = 0; c < MF_CHK_COUNT; c++) {
        print_message("%-14s %zu\n", mf_custody_check_name((int)c),
                      f->count[c]);
        kinds += f->count[c] > 0;
        if (f->count[c] != want_all[c])
            ok = 0;
    }
    /* The set is untidy enough to exercise every check. */
    assert_true(kinds == MF_CHK_COUNT);
    mf_custody_findings_free(f);
    ok &= pinned(&tf, "findings", PIN_FINDINGS);

    if (mf_custody_balance(reg, &x.data, &o, &b, &err))
        fail_msg("balance: %s", err.message);
    assert_true(b->n_rows > 100 && b->n_diffs > 10);
    balance_text(&tb, b);
    mf_custody_balance_free(b);
    ok &= pinned(&tb, "balance", PIN_BALANCE);

    if (mf_custody_plan_vs_actual(reg, &x.data, &o, &p, &err))
        fail_msg("plan against actual: %s", err.message);
    assert_true(p->n_flows > 100);
    pva_text(&tp, p);
    mf_custody_pva_free(p);
    ok &= pinned(&tp, "pva", PIN_PVA);

    /* The two together over one index: the same answers. */
    if (mf_custody_balance_check(reg, &x.data, &o, 0, &b, &f, &err))
        fail_msg("balance and check: %s", err.message);
    tf.n = tb.n = 0;
    findings_text(&tf, f);
    balance_text(&tb, b);
    mf_custody_findings_free(f);
    mf_custody_balance_free(b);
    ok &= pinned(&tf, "findings_shared", PIN_FINDINGS);
    ok &= pinned(&tb, "balance_shared", PIN_BALANCE);
    f = NULL;
    assert_int_equal(
        mf_custody_balance_check(reg, &x.data, &o, 0, NULL, &f, &err), MF_OK);
    assert_non_null(f);
    assert_int_equal(f->count[MF_CHK_WEIGHT], want_all[MF_CHK_WEIGHT]);
    mf_custody_findings_free(f);

    /* One municipality, a year earlier, with a cap on the findings
     * kept. */
    for (c = 0; !o.municipality && c < mf_registry_count(reg, MF_ENT_LOT);
         c++) {
        const struct mf_lot *l = mf_registry_lot_at(reg, c);
        const struct mf_site *s =
            l->site ? mf_registry_site(reg, l->site) : NULL;

        if (l->kind == MF_LOT_SUPPLY && s)
            o.municipality = s->municipality;
    }
    assert_non_null(o.municipality);
    o.as_of = x.as_of - 365 * DAY;
    o.max_findings = 500;
    if (mf_custody_check(reg, &x.data, &o, 0, &f, &err))
        fail_msg("check: %s", err.message);
    findings_text(&tm, f);
    for (c = 0; c < MF_CHK_COUNT; c++)
        if (f->count[c] != want_muni[c])
            ok = 0;
    mf_custody_findings_free(f);
    ok &= pinned(&tm, "municipality", PIN_MUNI);

    free(tf.s);
    free(tb.s);
    free(tp.s);
    free(tm.s);
    recs_free(&x);
    mf_plan_free(plan);
    mf_registry_free(reg);
    mf_factors_free(fx);
    mf_catalog_free(cat);
    if (!ok)
        fail_msg("the answers for the pinned records changed");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_custody_pin__large_set),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
