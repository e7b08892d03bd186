/*
 * custody_set_test.c - the compact set of records (struct mf_custody_set,
 * src/lib/custody/set.c): every record reads back as it was put, and the
 * balance, the checks and plan against actual over a set answer exactly
 * as over the arrays: the pinned digests of custody_pin_test.c, over the
 * same untidy records.
 *
 * The records, the texts and the digests are custody_pin_test.c's own:
 * that file is included here (its main renamed) so that the two can never
 * drift apart.
 */
#define main custody_pin_main
#include "custody_pin_test.c"
#undef main

static int same_str(const char *a, const char *b)
{
    return (!a && !b) || (a && b && !strcmp(a, b));
}

static struct mf_custody_set *set_of(const struct mf_custody_data *d,
                                     struct mf_custody_data *out)
{
    struct mf_custody_set *s = NULL;

    assert_int_equal(mf_custody_set_new(&s), MF_OK);
    assert_int_equal(mf_custody_set_add(s, d), MF_OK);
    assert_int_equal(mf_custody_set_data(s, out), MF_OK);
    return s;
}

/* Field for field, every record of the untidy set. */
static void test_custody_set__round_trip(void **state)
{
    struct mf_catalog *cat = tu_catalog();
    struct mf_factors *fx = tu_factors();
    struct mf_plan *plan = NULL;
    struct mf_registry *reg = region(cat, fx, &plan);
    struct mf_custody_data sd, again;
    struct mf_custody_set *s, *s2 = NULL;
    struct mf_ticket tb;
    struct mf_receipt rb;
    struct recs x;
    size_t i, n_corr = 0, n_void = 0, n_reason = 0;
    int j;

    (void)state;
    make(&x, reg, 0x5eed5eedull);
    s = set_of(&x.data, &sd);
    assert_ptr_equal(sd.set, s);
    assert_null(sd.tickets);
    assert_int_equal(sd.n_tickets, x.data.n_tickets);
    assert_int_equal(sd.n_receipts, x.data.n_receipts);
    assert_int_equal(sd.n_docs, x.data.n_docs);
    assert_int_equal(sd.n_vehicles, x.data.n_vehicles);
    for (i = 0; i < x.data.n_tickets; i++) {
        const struct mf_ticket *a = &x.data.tickets[i];
        const struct mf_ticket *b = mf_custody_data_ticket(&sd, i, &tb);

        assert_true(same_str(a->id, b->id));
        assert_true(same_str(a->code, b->code));
        assert_true(same_str(a->lot, b->lot));
        assert_true(same_str(a->origin, b->origin));
        assert_true(same_str(a->destination, b->destination));
        assert_true(same_str(a->haulier, b->haulier));
        assert_true(same_str(a->vehicle, b->vehicle));
        assert_true(same_str(a->quality_doc, b->quality_doc));
        assert_true(same_str(a->corrects, b->corrects));
        assert_true(same_str(a->reason, b->reason));
        assert_int_equal(a->material, b->material);
        assert_true(a->quantity == b->quantity);
        assert_int_equal(a->state, b->state);
        assert_true(a->departed == b->departed);
        assert_int_equal(!!a->voids, b->voids);
        n_corr += a->corrects != NULL;
        n_void += a->voids != 0;
    }
    for (i = 0; i < x.data.n_receipts; i++) {
        const struct mf_receipt *a = &x.data.receipts[i];
        const struct mf_receipt *b = mf_custody_data_receipt(&sd, i, &rb);

        assert_true(same_str(a->id, b->id));
        assert_true(same_str(a->ticket, b->ticket));
        assert_true(same_str(a->site, b->site));
        assert_true(same_str(a->reason, b->reason));
        assert_true(same_str(a->corrects, b->corrects));
        assert_true(a->arrived == b->arrived);
        assert_true(
            a->weighed_t == b->weighed_t ||
            (a->weighed_t != a->weighed_t && b->weighed_t != b->weighed_t));
        assert_int_equal(a->status, b->status);
        assert_int_equal(!!a->voids, b->voids);
        n_corr += a->corrects != NULL;
        n_reason += a->reason != NULL;
    }
    /* The records exercise the side table of corrections and reasons. */
    assert_true(n_corr > 10 && n_void > 0 && n_reason > 10);
    for (i = 0; i < x.data.n_docs; i++) {
        const struct mf_quality_doc *a = &x.data.docs[i], *b = &sd.docs[i];

        assert_true(same_str(a->id, b->id));
        assert_true(same_str(a->sha256, b->sha256));
        assert_true(same_str(a->source, b->source));
        assert_int_equal(a->n_lots, b->n_lots);
        for (j = 0; j < a->n_lots; j++)
            assert_true(same_str(a->lots[j], b->lots[j]));
        assert_true(a->tonnes == b->tonnes);
        assert_int_equal(a->issued, b->issued);
    }
    for (i = 0; i < x.data.n_vehicles; i++) {
        const struct mf_vehicle *a = &x.data.vehicles[i], *b = &sd.vehicles[i];

        assert_true(same_str(a->registration, b->registration));
        assert_true(same_str(a->haulier, b->haulier));
        assert_true(same_str(a->truck, b->truck));
        assert_true(a->payload_t == b->payload_t);
    }
    /* A set copied from a set reads the same. */
    assert_int_equal(mf_custody_set_new(&s2), MF_OK);
    assert_int_equal(mf_custody_set_add(s2, &sd), MF_OK);
    assert_int_equal(mf_custody_set_data(s2, &again), MF_OK);
    assert_int_equal(again.n_tickets, sd.n_tickets);
    for (i = 0; i < sd.n_tickets; i += 97) {
        struct mf_ticket t2;

        assert_true(same_str(mf_custody_data_ticket(&sd, i, &tb)->id,
                             mf_custody_data_ticket(&again, i, &t2)->id));
        assert_true(same_str(tb.corrects, t2.corrects));
    }
    mf_custody_set_free(s2);
    mf_custody_set_free(s);
    recs_free(&x);
    mf_plan_free(plan);
    mf_registry_free(reg);
    mf_factors_free(fx);
    mf_catalog_free(cat);
}

/* The pinned answers, over the set. */
static void test_custody_set__pinned_answers(void **state)
{
    struct mf_catalog *cat = tu_catalog();
    struct mf_factors *fx = tu_factors();
    struct mf_plan *plan = NULL;
    struct mf_registry *reg = region(cat, fx, &plan);
    struct mf_custody_opts o = MF_CUSTODY_OPTS_INIT;
    struct mf_custody_findings *f = NULL;
    struct mf_custody_balance *b = NULL;
    struct mf_custody_pva *p = NULL;
    struct mf_custody_moved ma, ms;
    struct mf_custody_data sd;
    struct mf_custody_set *s;
    struct mf_error err = {0};
    struct text tf = {0}, tb = {0}, tp = {0}, tm = {0};
    struct mf_issues ia, is;
    size_t *ta, *ra, *ts, *rs, nta, nra, nts, nrs, i, c;
    struct recs x;
    int ok = 1;

    (void)state;
    make(&x, reg, 0x5eed5eedull);
    s = set_of(&x.data, &sd);
    o.as_of = x.as_of;
    o.plan = plan;
    o.factors = fx;

    if (mf_custody_balance_check(reg, &sd, &o, 0, &b, &f, &err))
        fail_msg("balance and check: %s", err.message);
    findings_text(&tf, f);
    balance_text(&tb, b);
    for (c = 0; c < MF_CHK_COUNT; c++)
        if (f->count[c] != want_all[c])
            ok = 0;
    mf_custody_findings_free(f);
    mf_custody_balance_free(b);
    ok &= pinned(&tf, "set_findings", PIN_FINDINGS);
    ok &= pinned(&tb, "set_balance", PIN_BALANCE);

    if (mf_custody_check(reg, &sd, &o, 0, &f, &err) ||
        mf_custody_balance(reg, &sd, &o, &b, &err))
        fail_msg("check, balance: %s", err.message);
    tf.n = tb.n = 0;
    findings_text(&tf, f);
    balance_text(&tb, b);
    mf_custody_findings_free(f);
    mf_custody_balance_free(b);
    ok &= pinned(&tf, "set_findings_alone", PIN_FINDINGS);
    ok &= pinned(&tb, "set_balance_alone", PIN_BALANCE);

    if (mf_custody_plan_vs_actual(reg, &sd, &o, &p, &err))
        fail_msg("plan against actual: %s", err.message);
    pva_text(&tp, p);
    mf_custody_pva_free(p);
    ok &= pinned(&tp, "set_pva", PIN_PVA);

    /* What moved, the effective records and the validation: the same. */
    assert_int_equal(mf_custody_moved(reg, &x.data, &o, &ma, &err), MF_OK);
    assert_int_equal(mf_custody_moved(reg, &sd, &o, &ms, &err), MF_OK);
    assert_int_equal(ma.n_loads, ms.n_loads);
    assert_true(ma.n_loads > 1000);
    assert_true(ma.moved_t == ms.moved_t);
    for (i = 0; i < mf_registry_count(reg, MF_ENT_LOT); i++)
        assert_true(ma.lot_t[i] == ms.lot_t[i]);
    mf_custody_moved_free(&ma);
    mf_custody_moved_free(&ms);
    assert_int_equal(mf_custody_effective(&x.data, &ta, &nta, &ra, &nra, &err),
                     MF_OK);
    assert_int_equal(mf_custody_effective(&sd, &ts, &nts, &rs, &nrs, &err),
                     MF_OK);
    assert_int_equal(nta, nts);
    assert_int_equal(nra, nrs);
    assert_true(nta < x.data.n_tickets);
    assert_memory_equal(ta, ts, nta * sizeof *ta);
    assert_memory_equal(ra, rs, nra * sizeof *ra);
    free(ta);
    free(ra);
    free(ts);
    free(rs);
    mf_issues_init(&ia, 100000);
    mf_issues_init(&is, 100000);
    assert_int_equal(mf_custody_validate(reg, &x.data, &ia),
                     mf_custody_validate(reg, &sd, &is));
    assert_int_equal(ia.n, is.n);
    assert_true(ia.n > 0);
    for (i = 0; i < ia.n; i++) {
        assert_string_equal(ia.items[i].where, is.items[i].where);
        assert_string_equal(ia.items[i].message, is.items[i].message);
    }
    mf_issues_free(&ia);
    mf_issues_free(&is);

    /* One municipality, a year earlier, with a cap on the findings. */
    for (c = 0; !o.municipality && c < mf_registry_count(reg, MF_ENT_LOT);
         c++) {
        const struct mf_lot *l = mf_registry_lot_at(reg, c);
        const struct mf_site *st =
            l->site ? mf_registry_site(reg, l->site) : NULL;

        if (l->kind == MF_LOT_SUPPLY && st)
            o.municipality = st->municipality;
    }
    o.as_of = x.as_of - 365 * DAY;
    o.max_findings = 500;
    if (mf_custody_check(reg, &sd, &o, 0, &f, &err))
        fail_msg("check: %s", err.message);
    findings_text(&tm, f);
    for (c = 0; c < MF_CHK_COUNT; c++)
        if (f->count[c] != want_muni[c])
            ok = 0;
    mf_custody_findings_free(f);
    ok &= pinned(&tm, "set_municipality", PIN_MUNI);

    free(tf.s);
    free(tb.s);
    free(tp.s);
    free(tm.s);
    mf_custody_set_free(s);
    recs_free(&x);
    mf_plan_free(plan);
    mf_registry_free(reg);
    mf_factors_free(fx);
    mf_catalog_free(cat);
    if (!ok)
        fail_msg("the answers over the set differ from the pinned ones");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_custody_set__round_trip),
        cmocka_unit_test(test_custody_set__pinned_answers),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
