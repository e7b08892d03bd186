/*
 * records_test.c - the shared half of format/records.h: rec_parse_number (the
 * number forms accepted and refused, with their messages), opening files
 * by name or content (rec_open_file), and the number text given for JSON
 * numbers (rec_format_double, internal).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "format/records.h"
#include "format/records_int.h"

#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* ------------------------------------------------------------------ */
/* Numbers                                                             */
/* ------------------------------------------------------------------ */

static void accepts(const char *s, double want)
{
    struct mf_error err = {0};
    double d = -999;

    if (rec_parse_number(s, &d, &err) != 0)
        fail_msg("'%s' refused: %s", s, err.message);
    if (d != want)
        fail_msg("'%s' gave %.17g, want %.17g", s, d, want);
}

static void refuses(const char *s, const char *why)
{
    struct mf_error err = {0};
    double d = -999;

    if (rec_parse_number(s, &d, &err) != MF_EINVAL)
        fail_msg("'%s' accepted as %.17g", s, d);
    assert_int_equal(err.code, MF_EINVAL);
    assert_string_equal(err.where, "");
    if (!strstr(err.message, why))
        fail_msg("'%s': message '%s' lacks '%s'", s, err.message, why);
}

static void test_records__numbers_accepted(void **state)
{
    (void)state;
    accepts("1 234,5", 1234.5);
    accepts("1234.5", 1234.5);
    accepts("1234,5", 1234.5);
    accepts("-0,25", -0.25);
    accepts("2e6", 2e6);
    accepts("2E+6", 2e6);
    accepts("1,5e-3", 1.5e-3);
    accepts("0", 0);
    accepts("007", 7);
    accepts("+5", 5);
    accepts(",5", 0.5);
    accepts(".5", 0.5);
    accepts("-.5", -0.5);
    /* Grouping by space, no-break space and narrow no-break space. */
    accepts("1 234 567", 1234567);
    accepts("1\xC2\xA0"
            "234\xC2\xA0"
            "567,25",
            1234567.25);
    accepts("12\xE2\x80\xAF"
            "345",
            12345);
    accepts("123 456,789", 123456.789);
    /* One mark followed by three digits is a decimal mark. */
    accepts("1,234", 1.234);
    accepts("1.234", 1.234);
    /* U+2212 MINUS SIGN, and white space around the number. */
    accepts("\xE2\x88\x92"
            "3,5",
            -3.5);
    accepts("  42\t", 42);
    accepts("\xC2\xA0"
            "42\xC2\xA0",
            42);
    /* Underflow reads as the nearest value. */
    accepts("1e-400", 0);
    accepts("1.7976931348623157e308", 1.7976931348623157e308);
}

static void test_records__numbers_refused(void **state)
{
    char longnum[512];

    (void)state;
    refuses("", "empty");
    refuses("   ", "empty");
    refuses("1.234,5", "both ',' and '.'");
    refuses("1 234.567,8", "both ',' and '.'");
    refuses("1,2,3", "more than one decimal mark");
    refuses("1.234.567", "more than one decimal mark");
    refuses("12 kg", "text after the number ('kg')");
    refuses("12kg", "text after the number ('kg')");
    refuses("1 234 m3", "text after the number ('m3')");
    refuses("12 %", "text after the number ('%')");
    refuses("0x10", "text after the number");
    refuses("1'234", "text after the number");
    refuses("12 34", "not three digits");
    refuses("1234 567", "not three digits");
    refuses("1 2345", "not three digits");
    refuses("1  234", "text after the number");
    refuses("12,", "no digits after the decimal mark");
    refuses("-", "is not a number");
    refuses(",", "is not a number");
    refuses("e5", "is not a number");
    refuses("abc", "is not a number");
    refuses("2e", "exponent without digits");
    refuses("2e+", "exponent without digits");
    refuses("1e5.5", "text after the number");
    refuses("nan", "not a finite number");
    refuses("NaN", "not a finite number");
    refuses("inf", "not a finite number");
    refuses("-Infinity", "not a finite number");
    refuses("1e999", "too large");
    refuses("-1e400", "too large");
    refuses("--1", "is not a number");
    memset(longnum, '1', 450);
    longnum[450] = '\0';
    refuses(longnum, "too long");
}

static void test_records__numbers_agree_with_strtod(void **state)
{
    /* Random decimals of up to 20 digits with and without exponents, in
     * both fast (few digits) and slow (many digits, big exponents) cases:
     * the result must be the very double strtod gives. */
    uint32_t x = 12345;
    int k;

    (void)state;
    for (k = 0; k < 20000; k++) {
        char s[64];
        char c[64];
        size_t n = 0;
        size_t cn = 0;
        int nd;
        int i;
        double want;
        double got;
        struct mf_error err = {0};

        x = x * 1103515245u + 12345u;
        nd = 1 + (int)(x >> 16) % 20;
        if (x & 1) {
            s[n++] = '-';
            c[cn++] = '-';
        }
        for (i = 0; i < nd; i++) {
            x = x * 1103515245u + 12345u;
            s[n++] = c[cn++] = (char)('0' + (x >> 16) % 10);
            if (i == nd / 2 && i < nd - 1 && (x & 2)) {
                s[n++] = ',';
                c[cn++] = '.';
            }
        }
        if (x & 4) {
            int e = (int)((x >> 8) % 61) - 30;

            n += (size_t)snprintf(s + n, sizeof s - n, "e%d", e);
            cn += (size_t)snprintf(c + cn, sizeof c - cn, "e%d", e);
        }
        s[n] = '\0';
        c[cn] = '\0';
        want = strtod(c, NULL);
        if (rec_parse_number(s, &got, &err) != 0)
            fail_msg("'%s' refused: %s", s, err.message);
        if (memcmp(&got, &want, sizeof got) != 0)
            fail_msg("'%s' gave %.17g, strtod %.17g", s, got, want);
    }
}

static void test_records__number_message_quotes_input(void **state)
{
    struct mf_error err = {0};
    double d;

    (void)state;
    assert_int_equal(rec_parse_number("1.234,5", &d, &err), MF_EINVAL);
    assert_non_null(strstr(err.message, "'1.234,5'"));
    /* Control characters are not echoed; long input is cut. */
    assert_int_equal(rec_parse_number("1\n2", &d, &err), MF_EINVAL);
    assert_non_null(strstr(err.message, "'1?2'"));
    assert_int_equal(
        rec_parse_number("x123456789012345678901234567890123456789012345", &d,
                         &err),
        MF_EINVAL);
    assert_non_null(strstr(err.message, "..."));
    /* err may be NULL. */
    assert_int_equal(rec_parse_number("x", &d, NULL), MF_EINVAL);
}

static void test_records__numbers_in_other_locale(void **state)
{
    const char *names[] = {"nb_NO.UTF-8", "de_DE.UTF-8", "fr_FR.UTF-8"};
    const char *got = NULL;
    char text[40];
    size_t i;

    (void)state;
    for (i = 0; i < sizeof names / sizeof names[0] && !got; i++)
        got = setlocale(LC_NUMERIC, names[i]);
    if (!got) {
        /* No locale with a decimal comma here: nothing to check. */
        skip();
        return;
    }
    accepts("1.5", 1.5);
    accepts("1,5", 1.5);
    rec_format_double(text, sizeof text, 12.5);
    assert_string_equal(text, "12.5");
    setlocale(LC_NUMERIC, "C");
}

static void test_records__format_double(void **state)
{
    char t[40];

    (void)state;
    rec_format_double(t, sizeof t, 0.1);
    assert_string_equal(t, "0.1");
    rec_format_double(t, sizeof t, 12.5);
    assert_string_equal(t, "12.5");
    rec_format_double(t, sizeof t, 262000.0);
    assert_string_equal(t, "262000");
    rec_format_double(t, sizeof t, 1e300);
    assert_string_equal(t, "1e+300");
    rec_format_double(t, sizeof t, 6650000.123456789);
    assert_string_equal(t, "6650000.123456789");
    rec_format_double(t, sizeof t, 1.0 / 3);
    assert_string_equal(t, "0.3333333333333333");
    rec_format_double(t, sizeof t, -0.0);
    assert_string_equal(t, "-0");
}

/* ------------------------------------------------------------------ */
/* Opening files                                                       */
/* ------------------------------------------------------------------ */

static const char *data_path(char *buf, size_t cap, const char *name)
{
    const char *dir = getenv("MF_TEST_DATA");

    snprintf(buf, cap, "%s/io/%s", dir ? dir : "tests/data", name);
    return buf;
}

static struct rec_reader *open_data(const char *name)
{
    char path[1024];
    struct rec_reader *r = NULL;
    struct mf_error err = {0};

    data_path(path, sizeof path, name);
    if (rec_open_file(&r, path, NULL, &err) != 0)
        fail_msg("%s: %s: %s", path, err.where, err.message);
    assert_string_equal(rec_label(r), path);
    return r;
}

static void next_ok(struct rec_reader *r)
{
    struct mf_error err = {0};
    int rc = rec_next(r, &err);

    if (rc != 1)
        fail_msg("rec_next gave %d: %s: %s", rc, err.where, err.message);
}

static void test_records__open_csv_file_windows1252(void **state)
{
    struct rec_reader *r = open_data("lots_cp1252.csv");
    char want[1024];
    double d;

    (void)state;
    assert_string_equal(rec_encoding_name(r), "Windows-1252");
    assert_int_equal(rec_n_columns(r), 3);
    assert_string_equal(rec_column_name(r, 1), "omr\xC3\xA5"
                                               "de");
    assert_string_equal(rec_column_name(r, 2), "mengde (m\xC2\xB3)");
    next_ok(r);
    snprintf(want, sizeof want, "%s:2", rec_label(r));
    assert_string_equal(rec_where(r), want);
    assert_string_equal(rec_value(r, 0), "Bj\xC3\xB8rvika");
    assert_string_equal(rec_value(r, 1), "\xC3\x86\xC3\x98\xC3\x85");
    assert_int_equal(rec_parse_number(rec_value(r, 2), &d, NULL), 0);
    assert_true(d == 1234.5);
    rec_close(r);
}

static void test_records__open_csv_file_bom_crlf(void **state)
{
    struct rec_reader *r = open_data("bom_crlf.csv");
    char want[1024];

    (void)state;
    assert_string_equal(rec_encoding_name(r), "UTF-8 with BOM");
    next_ok(r);
    assert_string_equal(rec_value(r, 1), "f\xC3\xB8rste linje\nandre linje");
    next_ok(r);
    snprintf(want, sizeof want, "%s:4", rec_label(r));
    assert_string_equal(rec_where(r), want);
    assert_string_equal(rec_value(r, 1), "inneholder ; semikolon");
    rec_close(r);
}

static void test_records__open_by_name_and_content(void **state)
{
    struct rec_reader *r;

    (void)state;
    /* .geojson */
    r = open_data("lots.geojson");
    assert_true(rec_column(r, "x") >= 0);
    rec_close(r);
    /* .tsv: TAB */
    r = open_data("sites.tsv");
    assert_int_equal(rec_n_columns(r), 2);
    next_ok(r);
    assert_string_equal(rec_value(r, 1), "Hamar");
    rec_close(r);
    /* No extension: CSV by content... */
    r = open_data("sites_noext");
    assert_int_equal(rec_n_columns(r), 2);
    rec_close(r);
    /* ...or GeoJSON when it starts with '{'. */
    r = open_data("feature_noext");
    assert_int_equal(rec_column(r, "id"), 0);
    next_ok(r);
    assert_string_equal(rec_value(r, 0), "P1");
    rec_close(r);
}

static void test_records__open_missing_file(void **state)
{
    struct rec_reader *r = (struct rec_reader *)&r;
    struct mf_error err = {0};
    char path[1024];

    (void)state;
    /* A file that is not there is "not found" (exit 4), not an I/O
     * failure. */
    assert_int_equal(rec_open_file(&r, "/nonexistent/x.csv", NULL, &err),
                     MF_ENOTFOUND);
    assert_null(r);
    assert_string_equal(err.where, "/nonexistent/x.csv");
    assert_non_null(strstr(err.message, "cannot open"));
    /* A folder is not a file. */
    data_path(path, sizeof path, "");
    assert_int_equal(rec_open_file(&r, path, NULL, &err), MF_EIO);
    assert_non_null(strstr(err.message, "folder"));
}

static void test_records__open_mem_label(void **state)
{
    struct rec_reader *r = NULL;
    struct mf_error err = {0};

    (void)state;
    assert_int_equal(rec_open_csv_mem(&r, NULL, "a\n1\n", 4, NULL, &err), 0);
    assert_string_equal(rec_label(r), "input");
    assert_int_equal(rec_next(r, &err), 1);
    assert_string_equal(rec_where(r), "input:2");
    rec_close(r);
}

/* Writes text to a new file under TMPDIR named *.csv; path gets its
 * name. */
static void write_csv(char *path, size_t cap, const char *text, size_t len)
{
    FILE *f;
    const char *tmp = getenv("TMPDIR");

    snprintf(path, cap, "%s/records_stream_%ld_%zu.csv", tmp ? tmp : "/tmp",
             (long)getpid(), len);
    f = fopen(path, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(text, 1, len, f), len);
    fclose(f);
}

/* Reads path whole and a window at a time: the same records, values,
 * places and end (or error). */
static size_t same_both_ways(const char *path, size_t window)
{
    struct rec_reader *a = NULL, *b = NULL;
    struct mf_error ea = {0}, eb = {0};
    int ra, rb;
    size_t i, records = 0;

    ra = rec_open_file(&a, path, NULL, &ea);
    rb = rec_open_file_stream(&b, path, NULL, window, &eb);
    assert_int_equal(ra, rb);
    if (ra) {
        assert_string_equal(ea.message, eb.message);
        assert_string_equal(ea.where, eb.where);
        return 0;
    }
    assert_string_equal(rec_encoding_name(a), rec_encoding_name(b));
    assert_int_equal(rec_n_columns(a), rec_n_columns(b));
    for (;;) {
        ra = rec_next(a, &ea);
        rb = rec_next(b, &eb);
        assert_int_equal(ra, rb);
        if (ra != 1)
            break;
        records++;
        assert_string_equal(rec_where(a), rec_where(b));
        for (i = 0; i < rec_n_columns(a); i++)
            assert_string_equal(rec_value(a, (int)i), rec_value(b, (int)i));
    }
    if (ra < 0) {
        assert_string_equal(ea.message, eb.message);
        assert_string_equal(ea.where, eb.where);
    }
    rec_close(a);
    rec_close(b);
    return ra < 0 ? 0 : records;
}

/* A file larger than the window is read a window at a time: records cut
 * by a window's end (in a quoted field with line ends, between CR and
 * LF, in a field longer than the window) read the same as from the whole
 * file, and so do the errors. */
static void test_records__stream_same_as_whole(void **state)
{
    static const size_t windows[] = {64, 100, 257, 1000, 4096};
    char path[512];
    char *text = malloc(1 << 16);
    size_t n = 0, w, i;

    (void)state;
    assert_non_null(text);
    n += (size_t)snprintf(text + n, 100, "\xEF\xBB\xBFId;Navn;Mengde\r\n\r\n");
    for (i = 0; i < 300; i++) {
        const char *end = i % 3 == 0 ? "\r\n" : i % 3 == 1 ? "\n" : "\r";
        if (i % 17 == 5)
            n += (size_t)snprintf(
                text + n, 200, "L%zu;\"two\r\nlines, \"\"quoted\"\"\";%zu,5%s",
                i, i, end);
        else if (i == 150) {
            size_t k;
            n += (size_t)snprintf(text + n, 50, "L%zu;", i);
            for (k = 0; k < 3000; k++)
                text[n++] = (char)('a' + k % 26);
            n += (size_t)snprintf(text + n, 50, ";1%s", end);
        } else
            n += (size_t)snprintf(text + n, 200,
                                  "L%zu; Stein \xC3\xA6 %zu ;%zu%s", i, i,
                                  i * 7, i % 29 == 0 ? ";;\n;;\n" : end);
    }
    n += (size_t)snprintf(text + n, 50, "last;no line end;1");
    write_csv(path, sizeof path, text, n);
    for (w = 0; w < sizeof windows / sizeof *windows; w++)
        assert_int_equal(same_both_ways(path, windows[w]), 301);
    remove(path);

    /* An error late in the file: a quote never closed. */
    n += (size_t)snprintf(text + n, 50, "\nbad;\"open;1\nx;y;2\n");
    write_csv(path, sizeof path, text, n);
    for (w = 0; w < sizeof windows / sizeof *windows; w++)
        same_both_ways(path, windows[w]);
    remove(path);

    /* A file that is not UTF-8 is read whole, as Windows-1252. */
    text[20] = (char)0xE6;
    write_csv(path, sizeof path, text, n);
    same_both_ways(path, 64);
    remove(path);
    free(text);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_records__numbers_accepted),
        cmocka_unit_test(test_records__numbers_refused),
        cmocka_unit_test(test_records__numbers_agree_with_strtod),
        cmocka_unit_test(test_records__number_message_quotes_input),
        cmocka_unit_test(test_records__numbers_in_other_locale),
        cmocka_unit_test(test_records__format_double),
        cmocka_unit_test(test_records__open_csv_file_windows1252),
        cmocka_unit_test(test_records__open_csv_file_bom_crlf),
        cmocka_unit_test(test_records__open_by_name_and_content),
        cmocka_unit_test(test_records__open_missing_file),
        cmocka_unit_test(test_records__open_mem_label),
        cmocka_unit_test(test_records__stream_same_as_whole),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
