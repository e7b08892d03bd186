/*
 * custody_store_test.c - the SQLite store's large custody writes: a
 * transaction that puts many tickets and receipts into a nearly empty
 * table drops the indexes that are not UNIQUE and builds them again as it
 * commits (store_sqlite.c, store_sqlite_bulk_row); the UNIQUE ones stay,
 * so a repeated id or a second correction is still named at its row, and
 * a rollback leaves the schema as it was.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "testutil.h"

#include "accounts_sqlite.h"
#include "store.h"

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

static char path[512];

static int setup(void **state)
{
    int fd;

    (void)state;
    snprintf(path, sizeof path, "/tmp/mf-cstore-XXXXXX");
    fd = mkstemp(path);
    assert_true(fd >= 0);
    close(fd);
    unlink(path);
    return 0;
}

static int teardown(void **state)
{
    char p[600];

    (void)state;
    unlink(path);
    snprintf(p, sizeof p, "%s-wal", path);
    unlink(p);
    snprintf(p, sizeof p, "%s-shm", path);
    unlink(p);
    return 0;
}

/* The indexes of the custody tables as "name: sql" lines, by name. */
static void indexes(struct store *st, char *out, size_t len)
{
    sqlite3 *db = store_sqlite_db(st, NULL);
    sqlite3_stmt *s;
    size_t n = 0;

    out[0] = '\0';
    assert_int_equal(
        sqlite3_prepare_v2(db,
                           "SELECT name, coalesce(sql, '') FROM sqlite_master "
                           "WHERE type = 'index' AND tbl_name IN ('ticket', "
                           "'receipt') ORDER BY name",
                           -1, &s, NULL),
        SQLITE_OK);
    while (sqlite3_step(s) == SQLITE_ROW) {
        int k = snprintf(out + n, len - n, "%s: %s\n",
                         (const char *)sqlite3_column_text(s, 0),
                         (const char *)sqlite3_column_text(s, 1));

        assert_true(k > 0 && (size_t)k < len - n);
        n += (size_t)k;
    }
    sqlite3_finalize(s);
}

static int has_index(struct store *st, const char *name)
{
    char all[4096], want[80];

    indexes(st, all, sizeof all);
    snprintf(want, sizeof want, "%s: ", name);
    return strstr(all, want) != NULL;
}

static void ticket(struct store_ticket *t, int i, const char *corrects)
{
    memset(t, 0, sizeof *t);
    snprintf(t->id, sizeof t->id, "T%05d", i);
    snprintf(t->code, sizeof t->code, "C%05d", i);
    snprintf(t->lot, sizeof t->lot, "L%d", i % 3);
    snprintf(t->origin, sizeof t->origin, "S1");
    snprintf(t->dest, sizeof t->dest, "S2");
    snprintf(t->haulier, sizeof t->haulier, "974760673");
    snprintf(t->vehicle, sizeof t->vehicle, "EK%05d", i % 7);
    snprintf(t->material, sizeof t->material, "morene");
    t->quantity = 20 + i % 5;
    snprintf(t->state, sizeof t->state, "t");
    t->departed = 1767225600 + (int64_t)i * 600;
    t->created = 1767225600;
    if (corrects) {
        snprintf(t->corrects, sizeof t->corrects, "%s", corrects);
        snprintf(t->reason, sizeof t->reason, "wrong quantity");
    }
}

static void receipt(struct store_receipt *r, int i)
{
    memset(r, 0, sizeof *r);
    snprintf(r->id, sizeof r->id, "T%05d/R", i);
    snprintf(r->ticket, sizeof r->ticket, "T%05d", i);
    r->arrived = 1767225600 + (int64_t)i * 600 + 1800;
    r->weighed_t = 20;
    r->accepted = 1;
    r->created = 1767225600;
}

static void put_many(struct store *st, int from, int to)
{
    struct mf_error err = {0};
    struct store_ticket t;
    struct store_receipt r;
    int i;

    for (i = from; i < to; i++) {
        ticket(&t, i, NULL);
        receipt(&r, i);
        if (st->ops->ticket_put(st, &t, &err) ||
            st->ops->receipt_put(st, &r, &err))
            fail_msg("row %d: %s: %s", i, err.where, err.message);
    }
}

static void test_custody_store__indexes_built_after_the_rows(void **state)
{
    struct store *st = NULL;
    struct mf_error err = {0};
    struct store_ticket got;
    char before[4096], after[4096];

    (void)state;
    assert_int_equal(store_open(&st, path, 1, &err), MF_OK);
    indexes(st, before, sizeof before);
    assert_non_null(strstr(before, "ticket_code: "));
    assert_non_null(strstr(before, "receipt_ticket: "));
    /* No statement reads tickets by vehicle: migration 025 dropped it. */
    assert_null(strstr(before, "ticket_vehicle"));

    assert_int_equal(st->ops->begin(st, &err), MF_OK);
    put_many(st, 0, 40);
    /* A few rows keep the indexes. */
    assert_true(has_index(st, "ticket_lot"));
    put_many(st, 40, 300);
    /* Many rows: the indexes that are not UNIQUE wait for the commit. */
    assert_false(has_index(st, "ticket_lot"));
    assert_false(has_index(st, "ticket_code"));
    assert_false(has_index(st, "receipt_ticket"));
    assert_true(has_index(st, "ticket_corrected_once"));
    assert_true(has_index(st, "receipt_corrected_once"));
    assert_int_equal(st->ops->commit(st, &err), MF_OK);
    indexes(st, after, sizeof after);
    assert_string_equal(after, before);

    /* What the indexes serve still answers: a ticket by its code. */
    assert_int_equal(st->ops->ticket_get(st, "C00123", &got, &err), MF_OK);
    assert_string_equal(got.id, "T00123");
    store_close(st);
}

static void test_custody_store__unique_rules_hold_while_deferred(void **state)
{
    struct store *st = NULL;
    struct mf_error err = {0};
    struct store_ticket t;
    char before[4096], after[4096];

    (void)state;
    assert_int_equal(store_open(&st, path, 1, &err), MF_OK);
    indexes(st, before, sizeof before);

    /* A repeated id among many rows is named at its row. */
    assert_int_equal(st->ops->begin(st, &err), MF_OK);
    put_many(st, 0, 200);
    assert_false(has_index(st, "ticket_lot"));
    ticket(&t, 17, NULL);
    assert_int_equal(st->ops->ticket_put(st, &t, &err), MF_EINVAL);
    assert_string_equal(err.where, "id");
    st->ops->rollback(st);
    /* The rollback brings the indexes back, and no row stays. */
    indexes(st, after, sizeof after);
    assert_string_equal(after, before);
    assert_int_equal(st->ops->ticket_get(st, "T00017", &t, &err), MF_ENOTFOUND);

    /* A second correction of one ticket among many rows, likewise. */
    memset(&err, 0, sizeof err);
    assert_int_equal(st->ops->begin(st, &err), MF_OK);
    put_many(st, 0, 200);
    ticket(&t, 500, "T00003");
    assert_int_equal(st->ops->ticket_put(st, &t, &err), MF_OK);
    ticket(&t, 501, "T00003");
    assert_int_equal(st->ops->ticket_put(st, &t, &err), MF_EINVAL);
    assert_string_equal(err.where, "corrects");
    st->ops->rollback(st);
    indexes(st, after, sizeof after);
    assert_string_equal(after, before);
    store_close(st);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(
            test_custody_store__indexes_built_after_the_rows, setup, teardown),
        cmocka_unit_test_setup_teardown(
            test_custody_store__unique_rules_hold_while_deferred, setup,
            teardown),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
