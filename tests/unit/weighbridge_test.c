/*
 * weighbridge_test.c - weighbridge exports (io/weighbridge.c): the
 * example file of docs/examples read field by field, every problem of a
 * bad file listed with file, line, column and rule, references checked
 * against a registry, and Norwegian local times across the clock changes.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "testutil.h"

#include "masseflyt/weighbridge.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char *slurp(const char *rel, size_t *len)
{
    char path[1024];
    FILE *f;
    char *buf;
    long n;

    snprintf(path, sizeof path, "%s/%s", getenv("MF_SOURCE_DIR"), rel);
    f = fopen(path, "rb");
    assert_non_null(f);
    fseek(f, 0, SEEK_END);
    n = ftell(f);
    fseek(f, 0, SEEK_SET);
    buf = malloc((size_t)n + 1);
    assert_non_null(buf);
    assert_int_equal(fread(buf, 1, (size_t)n, f), (size_t)n);
    fclose(f);
    *len = (size_t)n;
    return buf;
}

static int64_t utc(int y, int m, int d, int h, int mi)
{
    return (int64_t)mf_date_from_ymd(y, m, d) * 86400 + h * 3600 + mi * 60;
}

static void test_weighbridge__example_file(void **state)
{
    struct mf_catalog *cat = tu_catalog();
    struct mf_weighbridge *wb = NULL;
    struct mf_issues is;
    struct mf_error err = {0};
    size_t len;
    char *data = slurp("docs/examples/weighbridge.csv", &len);
    const struct mf_wb_load *l;

    (void)state;
    mf_issues_init(&is, 50);
    assert_int_equal(mf_weighbridge_read(NULL, cat, "weighbridge.csv", data,
                                         len, &wb, &is, &err),
                     MF_OK);
    assert_int_equal(is.n, 0);
    assert_int_equal(wb->n, 5);
    assert_int_equal(wb->receipts, 4);
    l = &wb->loads[0];
    assert_int_equal(l->line, 2);
    assert_string_equal(l->ticket.id, "FB-2026-0001");
    /* 07:05 in March is CET: 06:05 UTC. */
    assert_true(l->ticket.departed == utc(2026, 3, 2, 6, 5));
    assert_string_equal(l->ticket.haulier, "910000012");
    assert_string_equal(l->ticket.vehicle, "EK12345");
    assert_int_equal(l->ticket.material,
                     mf_catalog_find_material(cat, "sprengstein"));
    tu_near(l->ticket.quantity, 31.5, 1e-12);
    assert_int_equal(l->ticket.state, MF_STATE_T);
    assert_string_equal(l->ticket.quality_doc, "TR-fornebu-2025-04");
    assert_true(l->has_receipt);
    assert_string_equal(l->receipt.id, "FB-2026-0001/R");
    assert_string_equal(l->receipt.ticket, "FB-2026-0001");
    assert_string_equal(l->receipt.site, "fornebu-felt8");
    tu_near(l->receipt.weighed_t, 31.2, 1e-12);
    assert_int_equal(l->receipt.status, MF_RECEIPT_ACCEPTED);
    l = &wb->loads[2];
    assert_int_equal(l->ticket.state, MF_STATE_PFM3);
    l = &wb->loads[3];
    assert_int_equal(l->receipt.status, MF_RECEIPT_REJECTED);
    assert_string_equal(l->receipt.reason, "Lukt av olje; pr\xC3\xB8ve tatt");
    assert_true(l->receipt.weighed_t < 0);
    assert_false(wb->loads[4].has_receipt);
    mf_weighbridge_free(wb);
    mf_issues_free(&is);
    free(data);
    mf_catalog_free(cat);
}

/* The issue at `where`, or a failure naming what was found. */
static const struct mf_issue *issue_at(const struct mf_issues *is,
                                       const char *where)
{
    size_t i;

    for (i = 0; i < is->n; i++)
        if (!strcmp(is->items[i].where, where))
            return &is->items[i];
    for (i = 0; i < is->n; i++)
        print_message("  %s: %s\n", is->items[i].where, is->items[i].message);
    fail_msg("no problem at %s", where);
    return NULL;
}

static void test_weighbridge__every_problem_is_listed(void **state)
{
    struct mf_catalog *cat = tu_catalog();
    struct mf_registry *reg = tu_registry(cat);
    struct mf_weighbridge *wb = NULL;
    struct mf_issues is;
    struct mf_error err = {0};
    const char *csv =
        "ticket,departed,lot,origin,destination,haulier,vehicle,material,"
        "quantity,unit,arrived,weighed_t,status,reason\n"
        "T1,2026-03-02 07:00,L1,A,B,974760673,EK1,morene,10,t,,,,\n"
        "T1,2026-03-02 25:00,L9,A,X,974760674,E,morne,0,m3,,,,\n"
        "T2,2026-03-02 08:00,L1,A,A,974760673,EK1,morene,-3,t,"
        "2026-03-02 07:00,-1,avvist,\n"
        "T3,2026-03-02 08:00,L1,A,B,974760673,EK1,morene,3,t,,5,,\n";
    const struct mf_issue *it;

    (void)state;
    tu_org(reg, "o", 0);
    tu_project(reg, "p", "o", "3201");
    tu_site(reg, "A", MF_SITE_PROJECT, 59.9, 10.7, "", NULL, -1, 0);
    tu_site(reg, "B", MF_SITE_RECEIVING, 59.95, 10.6, "morene", NULL, 1000, 0);
    tu_supply(reg, "L1", "p", "morene", 500, "2026-01-01", "2026-12-31", 59.9,
              10.7);
    mf_issues_init(&is, 50);
    assert_int_equal(mf_weighbridge_read(reg, NULL, "vekt.csv", csv,
                                         strlen(csv), &wb, &is, &err),
                     MF_OK);
    assert_int_equal(wb->n, 4);
    it = issue_at(&is, "vekt.csv:3: ticket");
    assert_non_null(strstr(it->message, "twice (line 2)"));
    it = issue_at(&is, "vekt.csv:3: departed");
    assert_non_null(strstr(it->message, "not a real time"));
    issue_at(&is, "vekt.csv:3: lot");
    it = issue_at(&is, "vekt.csv:3: destination");
    assert_non_null(strstr(it->message, "no site 'X'"));
    it = issue_at(&is, "vekt.csv:3: haulier");
    assert_non_null(strstr(it->message, "mod-11"));
    issue_at(&is, "vekt.csv:3: vehicle");
    it = issue_at(&is, "vekt.csv:3: material");
    assert_non_null(strstr(it->message, "did you mean 'morene'"));
    issue_at(&is, "vekt.csv:3: quantity");
    issue_at(&is, "vekt.csv:3: unit");
    it = issue_at(&is, "vekt.csv:4: destination");
    assert_non_null(strstr(it->message, "the site it leaves"));
    issue_at(&is, "vekt.csv:4: quantity");
    it = issue_at(&is, "vekt.csv:4: arrived");
    assert_non_null(strstr(it->message, "before the departure"));
    issue_at(&is, "vekt.csv:4: weighed_t");
    it = issue_at(&is, "vekt.csv:4: reason");
    assert_non_null(strstr(it->message, "must say why"));
    issue_at(&is, "vekt.csv:5: arrived");
    assert_int_equal(is.count[MF_SEV_ERROR], 15);
    mf_weighbridge_free(wb);
    mf_issues_free(&is);

    /* A header without the required columns: each one named. */
    mf_issues_init(&is, 50);
    assert_int_equal(mf_weighbridge_read(reg, NULL, "v.csv",
                                         "ticket;lot\nA;B\n", 15, &wb, &is,
                                         &err),
                     MF_OK);
    assert_int_equal(is.count[MF_SEV_ERROR], 7);
    it = issue_at(&is, "v.csv:1: departed");
    assert_non_null(strstr(it->message, "is missing"));
    mf_weighbridge_free(wb);
    mf_issues_free(&is);
    mf_registry_free(reg);
    mf_catalog_free(cat);
}

/* Read two rows a chunk: every row comes once, in order, with its line;
 * a ticket met again chunks later (or in the same chunk) names the line
 * it first appeared on, and a bad row in a later chunk is named by its
 * line. */
static void test_weighbridge__chunks(void **state)
{
    struct mf_catalog *cat = tu_catalog();
    struct mf_wb_reader *rd = NULL;
    const struct mf_weighbridge *chunk;
    struct mf_issues is;
    struct mf_error err = {0};
    const char *csv =
        "ticket;departed;lot;origin;destination;haulier;vehicle;material;"
        "quantity\n"
        "T1;2026-03-02 07:00;L1;A;B;974760673;EK1;morene;10\n"
        "T2;2026-03-02 07:00;L1;A;B;974760673;EK1;morene;10\n"
        "T3;2026-03-02 07:00;L1;A;B;974760673;EK1;morene;10\n"
        "\n"
        "T4;2026-03-02 07:00;L1;A;B;974760673;EK1;morene;10\n"
        "T2;2026-03-02 07:00;L1;A;B;974760673;EK1;morene;10\n"
        "T6;2026-03-02 07:00;L1;A;B;974760673;EK1;morene;0\n"
        "T6;2026-03-02 07:00;L1;A;B;974760673;EK1;morene;10\n";
    static const unsigned long lines[] = {2, 3, 4, 6, 7, 8, 9};
    size_t seen = 0, chunks = 0, i;

    (void)state;
    mf_issues_init(&is, 50);
    assert_int_equal(mf_weighbridge_open(NULL, cat, "vekt.csv", csv,
                                         strlen(csv), &rd, &is, &err),
                     MF_OK);
    for (;;) {
        assert_int_equal(mf_weighbridge_next(rd, 2, &chunk, &err), MF_OK);
        if (!chunk->n)
            break;
        assert_true(chunk->n <= 2);
        chunks++;
        for (i = 0; i < chunk->n; i++, seen++)
            assert_int_equal(chunk->loads[i].line, lines[seen]);
    }
    assert_int_equal(seen, 7);
    assert_int_equal(chunks, 4);
    assert_int_equal(is.count[MF_SEV_ERROR], 3);
    assert_string_equal(issue_at(&is, "vekt.csv:7: ticket")->message,
                        "ticket 'T2' is in the file twice (line 3)");
    assert_non_null(
        strstr(issue_at(&is, "vekt.csv:8: quantity")->message, "more than 0"));
    assert_string_equal(issue_at(&is, "vekt.csv:9: ticket")->message,
                        "ticket 'T6' is in the file twice (line 8)");
    mf_weighbridge_close(rd);
    mf_issues_free(&is);
    mf_catalog_free(cat);
}

/* The size of an export, told ahead: from its bytes and those of the
 * first chunk's rows, near the rows it holds (rows of uneven lengths). */
static void test_weighbridge__rows_hint(void **state)
{
    struct mf_catalog *cat = tu_catalog();
    struct mf_wb_reader *rd = NULL;
    const struct mf_weighbridge *chunk;
    struct mf_issues is;
    struct mf_error err = {0};
    size_t cap = 1 << 20, len = 0, rows = 0;
    char *csv = malloc(cap);
    long long hint;
    int i;

    (void)state;
    assert_non_null(csv);
    len = (size_t)snprintf(csv, cap,
                           "ticket;departed;lot;origin;destination;haulier;"
                           "vehicle;material;quantity\n");
    for (i = 0; i < 5000; i++)
        len += (size_t)snprintf(csv + len, cap - len,
                                "T%d;2026-03-02 07:00;L%d;A;B;974760673;"
                                "EK%d;morene;%d.5\n",
                                i, i % 7 * 1000, i % 13, 10 + i % 17);
    mf_issues_init(&is, 50);
    assert_int_equal(
        mf_weighbridge_open(NULL, cat, "vekt.csv", csv, len, &rd, &is, &err),
        MF_OK);
    assert_true(mf_weighbridge_rows_hint(rd) == 0);
    assert_int_equal(mf_weighbridge_next(rd, 500, &chunk, &err), MF_OK);
    hint = mf_weighbridge_rows_hint(rd);
    assert_true(hint > 4750 && hint < 5250);
    for (rows = chunk->n; chunk->n; rows += chunk->n)
        assert_int_equal(mf_weighbridge_next(rd, 500, &chunk, &err), MF_OK);
    assert_int_equal(rows, 5000);
    /* Told once, from the first chunk. */
    assert_true(mf_weighbridge_rows_hint(rd) == hint);
    assert_int_equal(is.count[MF_SEV_ERROR], 0);
    mf_weighbridge_close(rd);
    mf_issues_free(&is);
    mf_catalog_free(cat);
    free(csv);
}

static void test_weighbridge__norwegian_time(void **state)
{
    int64_t t;
    char buf[32];
    struct mf_error err = {0};

    (void)state;
    assert_int_equal(mf_time_parse("2026-07-01 12:00", &t, &err), MF_OK);
    assert_true(t == utc(2026, 7, 1, 10, 0));
    assert_int_equal(mf_time_parse("01.07.2026 12:00:30", &t, &err), MF_OK);
    assert_true(t == utc(2026, 7, 1, 10, 0) + 30);
    assert_int_equal(mf_time_parse("2026-01-15T08:00Z", &t, &err), MF_OK);
    assert_true(t == utc(2026, 1, 15, 8, 0));
    assert_int_equal(mf_time_parse("2026-01-15 08:00-05:30", &t, &err), MF_OK);
    assert_true(t == utc(2026, 1, 15, 13, 30));
    /* Summer time starts 2026-03-29 01:00 UTC (02:00 -> 03:00 local)... */
    assert_int_equal(mf_time_parse("2026-03-29 01:59", &t, &err), MF_OK);
    assert_true(t == utc(2026, 3, 29, 0, 59));
    assert_int_equal(mf_time_parse("2026-03-29 03:00", &t, &err), MF_OK);
    assert_true(t == utc(2026, 3, 29, 1, 0));
    /* ... and ends 2026-10-25 01:00 UTC: the repeated hour reads as the
     * earlier (summer) one. */
    assert_int_equal(mf_time_parse("2026-10-25 02:30", &t, &err), MF_OK);
    assert_true(t == utc(2026, 10, 25, 0, 30));
    assert_int_equal(mf_time_parse("2026-10-25 03:30", &t, &err), MF_OK);
    assert_true(t == utc(2026, 10, 25, 2, 30));
    assert_string_equal(
        mf_time_format(utc(2026, 10, 25, 1, 30), buf, sizeof buf),
        "2026-10-25 02:30");
    assert_string_equal(mf_time_format(utc(2026, 7, 1, 10, 0), buf, sizeof buf),
                        "2026-07-01 12:00");
    assert_int_equal(mf_time_parse("2026-02-29 10:00", &t, &err), MF_EINVAL);
    assert_non_null(strstr(err.message, "not a real time"));
    assert_int_equal(mf_time_parse("2026-02-01", &t, &err), MF_EINVAL);
    assert_int_equal(mf_time_parse("2026-02-01 10:00 ", &t, &err), MF_EINVAL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_weighbridge__example_file),
        cmocka_unit_test(test_weighbridge__every_problem_is_listed),
        cmocka_unit_test(test_weighbridge__norwegian_time),
        cmocka_unit_test(test_weighbridge__chunks),
        cmocka_unit_test(test_weighbridge__rows_hint),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
