/*
 * csv_test.c - the CSV reader (format/csv.c through format/records.h):
 * encodings, separators, quoting, line ends and line numbers, header rules, row
 * lengths, field caps, and the places named in errors.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "format/records.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ------------------------------------------------------------------ */
/* Helpers                                                             */
/* ------------------------------------------------------------------ */

static struct rec_reader *open_opts(const char *text, size_t len,
                                    const struct rec_opts *o)
{
    struct rec_reader *r = NULL;
    struct mf_error err = {0};
    int rc = rec_open_csv_mem(&r, "t.csv", text, len, o, &err);

    if (rc != 0)
        fail_msg("open failed: %s: %s", err.where, err.message);
    return r;
}

static struct rec_reader *open_csv(const char *text)
{
    return open_opts(text, strlen(text), NULL);
}

/* Opens text, which must fail at open; returns the code, fills err. */
static int open_fails(const char *text, size_t len, const struct rec_opts *o,
                      struct mf_error *err)
{
    struct rec_reader *r = NULL;
    int rc = rec_open_csv_mem(&r, "t.csv", text, len, o, err);

    assert_null(r);
    assert_true(rc < 0);
    return rc;
}

/* Reads records until one fails; returns that code, fills err. */
static int read_fails(struct rec_reader *r, struct mf_error *err)
{
    int rc;

    while ((rc = rec_next(r, err)) == 1)
        ;
    assert_true(rc < 0);
    /* After an error the reader is finished. */
    assert_int_equal(rec_next(r, err), 0);
    return rc;
}

static void next_ok(struct rec_reader *r)
{
    struct mf_error err = {0};
    int rc = rec_next(r, &err);

    if (rc != 1)
        fail_msg("rec_next gave %d: %s: %s", rc, err.where, err.message);
}

static void at_end(struct rec_reader *r)
{
    struct mf_error err = {0};

    assert_int_equal(rec_next(r, &err), 0);
    assert_int_equal(rec_next(r, &err), 0);
}

static const char *val(struct rec_reader *r, const char *col)
{
    return rec_value(r, rec_column(r, col));
}

/* ------------------------------------------------------------------ */
/* Basics                                                              */
/* ------------------------------------------------------------------ */

static void test_csv__semicolon_with_decimal_comma(void **state)
{
    struct rec_reader *r = open_csv("id;mengde;pris\n"
                                    "A1;1 234,5;12,50\n"
                                    "A2;-0,25;3\n");
    double d;

    (void)state;
    assert_int_equal(rec_n_columns(r), 3);
    assert_string_equal(rec_column_name(r, 1), "mengde");
    assert_string_equal(rec_encoding_name(r), "UTF-8");
    assert_string_equal(rec_label(r), "t.csv");
    next_ok(r);
    assert_string_equal(rec_where(r), "t.csv:2");
    assert_string_equal(val(r, "id"), "A1");
    assert_string_equal(val(r, "mengde"), "1 234,5");
    assert_int_equal(rec_parse_number(val(r, "mengde"), &d, NULL), 0);
    assert_true(d == 1234.5);
    assert_int_equal(rec_parse_number(val(r, "pris"), &d, NULL), 0);
    assert_true(d == 12.5);
    next_ok(r);
    assert_string_equal(rec_where(r), "t.csv:3");
    assert_string_equal(val(r, "mengde"), "-0,25");
    at_end(r);
    rec_close(r);
}

static void test_csv__comma_and_tab_detected(void **state)
{
    struct rec_reader *r = open_csv("id,navn,mengde\nA,Hamar,\"1,5\"\n");

    (void)state;
    assert_int_equal(rec_n_columns(r), 3);
    next_ok(r);
    assert_string_equal(val(r, "navn"), "Hamar");
    assert_string_equal(val(r, "mengde"), "1,5");
    rec_close(r);

    r = open_csv("id\tnavn\tmengde\nA\tHamar\t1,5\n");
    assert_int_equal(rec_n_columns(r), 3);
    next_ok(r);
    assert_string_equal(val(r, "mengde"), "1,5");
    rec_close(r);
}

static void test_csv__separator_counted_outside_quotes(void **state)
{
    /* Two ';' inside quotes, two ',' outside: ',' separates. */
    struct rec_reader *r = open_csv("\"a;b;c\",d,e\n1,2,3\n");

    (void)state;
    assert_int_equal(rec_n_columns(r), 3);
    assert_string_equal(rec_column_name(r, 0), "a;b;c");
    rec_close(r);

    /* A header with both: the most frequent wins ("pris, kr"). */
    r = open_csv("navn;mengde;pris, kr\nx;1;2\n");
    assert_int_equal(rec_n_columns(r), 3);
    assert_string_equal(rec_column_name(r, 2), "pris, kr");
    rec_close(r);

    /* A quote inside a name opens nothing. */
    r = open_csv("na\"vn,mengde,pris\n1,2,3\n");
    assert_int_equal(rec_n_columns(r), 3);
    assert_string_equal(rec_column_name(r, 0), "na\"vn");
    rec_close(r);

    /* A tie goes to ';'. */
    r = open_csv("a;b,c\n1;2,3\n");
    assert_int_equal(rec_n_columns(r), 2);
    assert_string_equal(rec_column_name(r, 1), "b,c");
    rec_close(r);
}

static void test_csv__separator_forced(void **state)
{
    struct rec_opts o = REC_OPTS_INIT;
    struct mf_error err = {0};
    struct rec_reader *r;

    (void)state;
    o.separator = '|';
    r = open_opts("a|b;c\n1|2;3\n", 12, &o);
    assert_int_equal(rec_n_columns(r), 2);
    next_ok(r);
    assert_string_equal(val(r, "b;c"), "2;3");
    rec_close(r);

    o.separator = ',';
    r = open_opts("a;b,c\n1;2,3\n", 12, &o);
    assert_string_equal(rec_column_name(r, 0), "a;b");
    rec_close(r);

    o.separator = 'x';
    assert_int_equal(open_fails("a\n", 2, &o, &err), MF_EINVAL);
    assert_non_null(strstr(err.message, "cannot separate"));
    o.separator = '"';
    assert_int_equal(open_fails("a\n", 2, &o, &err), MF_EINVAL);
}

static void test_csv__single_column(void **state)
{
    /* No separator in the header: one column, and commas in the rows
     * stay in the value (a decimal comma). */
    struct rec_reader *r = open_csv("mengde\n1,5\n2\n");

    (void)state;
    assert_int_equal(rec_n_columns(r), 1);
    next_ok(r);
    assert_string_equal(val(r, "mengde"), "1,5");
    next_ok(r);
    assert_string_equal(val(r, "mengde"), "2");
    at_end(r);
    rec_close(r);
}

/* ------------------------------------------------------------------ */
/* Quoting                                                             */
/* ------------------------------------------------------------------ */

static void test_csv__quoted_separator_and_escaped_quotes(void **state)
{
    struct rec_reader *r = open_csv("a;b;c\n"
                                    "\"x;y\";\"he said \"\"hi\"\"\";\"\"\n"
                                    "  \"padded\"  ;12\" pipe;\"\"\"\"\n");

    (void)state;
    next_ok(r);
    assert_string_equal(val(r, "a"), "x;y");
    assert_string_equal(val(r, "b"), "he said \"hi\"");
    assert_string_equal(val(r, "c"), "");
    next_ok(r);
    /* Spaces around a quoted field are allowed; a quote inside an
     * unquoted field is kept as it is. */
    assert_string_equal(val(r, "a"), "padded");
    assert_string_equal(val(r, "b"), "12\" pipe");
    assert_string_equal(val(r, "c"), "\"");
    at_end(r);
    rec_close(r);
}

static void test_csv__bom_crlf_quoted_newline(void **state)
{
    const char *text = "\xEF\xBB\xBFid;merknad\r\n"
                       "1;\"linje1\r\nlinje2\"\r\n"
                       "2;\"a\rb\nc\"\r\n"
                       "3;x\r\n";
    struct rec_reader *r = open_csv(text);

    (void)state;
    assert_string_equal(rec_encoding_name(r), "UTF-8 with BOM");
    /* The BOM is not part of the first column's name. */
    assert_string_equal(rec_column_name(r, 0), "id");
    next_ok(r);
    assert_string_equal(rec_where(r), "t.csv:2");
    /* Line ends inside quotes become LF. */
    assert_string_equal(val(r, "merknad"), "linje1\nlinje2");
    next_ok(r);
    assert_string_equal(rec_where(r), "t.csv:4");
    assert_string_equal(val(r, "merknad"), "a\nb\nc");
    next_ok(r);
    assert_string_equal(rec_where(r), "t.csv:7");
    assert_string_equal(val(r, "id"), "3");
    at_end(r);
    rec_close(r);
}

static void test_csv__unterminated_quote_names_opening_line(void **state)
{
    struct rec_reader *r = open_csv("a;b\n"
                                    "1;\"two\nlines\"\n"
                                    "2;\"never closed\n"
                                    "3;4\n");
    struct mf_error err = {0};

    (void)state;
    next_ok(r);
    assert_string_equal(rec_where(r), "t.csv:2");
    assert_int_equal(read_fails(r, &err), MF_EINVAL);
    assert_string_equal(err.where, "t.csv:4");
    assert_non_null(strstr(err.message, "never closed"));
    rec_close(r);
}

static void test_csv__text_after_closing_quote(void **state)
{
    struct rec_reader *r = open_csv("a;b\n1;\"x\"y\n");
    struct mf_error err = {0};

    (void)state;
    assert_int_equal(read_fails(r, &err), MF_EINVAL);
    assert_string_equal(err.where, "t.csv:2: b");
    assert_non_null(strstr(err.message, "closing quote"));
    rec_close(r);
}

/* ------------------------------------------------------------------ */
/* Line ends and line numbers                                          */
/* ------------------------------------------------------------------ */

static void test_csv__line_ends(void **state)
{
    struct rec_reader *r;

    (void)state;
    /* Lone CR (old Mac Excel). */
    r = open_csv("a;b\r1;2\r3;4");
    next_ok(r);
    assert_string_equal(rec_where(r), "t.csv:2");
    next_ok(r);
    assert_string_equal(rec_where(r), "t.csv:3");
    assert_string_equal(val(r, "b"), "4");
    at_end(r);
    rec_close(r);

    /* Mixed, and no line end at the very end. */
    r = open_csv("a;b\r\n1;2\n3;4\r5;6");
    next_ok(r);
    next_ok(r);
    assert_string_equal(rec_where(r), "t.csv:3");
    next_ok(r);
    assert_string_equal(rec_where(r), "t.csv:4");
    assert_string_equal(val(r, "b"), "6");
    at_end(r);
    rec_close(r);
}

static void test_csv__blank_rows_skipped_and_counted(void **state)
{
    struct rec_reader *r = open_csv("\n\r\n"
                                    "a;b\n"
                                    "\n"
                                    "1;2\n"
                                    ";;\n"
                                    "   \n"
                                    "\"\";\n"
                                    "3;4\n"
                                    "\n\n");

    (void)state;
    next_ok(r);
    assert_string_equal(rec_where(r), "t.csv:5");
    next_ok(r);
    assert_string_equal(rec_where(r), "t.csv:9");
    assert_string_equal(val(r, "a"), "3");
    at_end(r);
    rec_close(r);
}

static void test_csv__lines_counted_after_quoted_newlines(void **state)
{
    struct rec_reader *r = open_csv("id;tekst\n"
                                    "1;\"a\n\nb\n\"\n"
                                    "2;\"c\r\nd\"\n"
                                    "3;\"\"\"\n\"\"\"\n"
                                    "4;e\n");
    struct mf_error err = {0};

    (void)state;
    next_ok(r);
    assert_string_equal(rec_where(r), "t.csv:2");
    assert_string_equal(val(r, "tekst"), "a\n\nb");
    next_ok(r);
    assert_string_equal(rec_where(r), "t.csv:6");
    next_ok(r);
    assert_string_equal(rec_where(r), "t.csv:8");
    assert_string_equal(val(r, "tekst"), "\"\n\"");
    next_ok(r);
    assert_string_equal(rec_where(r), "t.csv:10");
    at_end(r);
    rec_close(r);

    /* An error after quoted newlines names the right line too. */
    r = open_csv("a;b\n\"x\ny\";1\n1;2;3\n");
    assert_int_equal(read_fails(r, &err), MF_EINVAL);
    assert_string_equal(err.where, "t.csv:4");
    rec_close(r);
}

/* ------------------------------------------------------------------ */
/* Header                                                              */
/* ------------------------------------------------------------------ */

static void test_csv__header_trimmed_and_lowercased(void **state)
{
    struct rec_reader *r = open_csv(" Mengde ;ID;\"Område\xC2\xA0\";"
                                    "\"  Navn\"\n"
                                    "1;2;3;4\n");

    (void)state;
    assert_int_equal(rec_n_columns(r), 4);
    assert_string_equal(rec_column_name(r, 0), "mengde");
    assert_string_equal(rec_column_name(r, 1), "id");
    /* Non-ASCII letters are kept as they are. */
    assert_string_equal(rec_column_name(r, 2), "område");
    assert_string_equal(rec_column_name(r, 3), "navn");
    assert_int_equal(rec_column(r, "mengde"), 0);
    assert_int_equal(rec_column(r, "Mengde"), -1);
    assert_int_equal(rec_column(r, "nope"), -1);
    assert_null(rec_column_name(r, 4));
    rec_close(r);
}

static void test_csv__header_duplicates_refused(void **state)
{
    struct mf_error err = {0};
    const char *t = "id;navn;ID\n1;2;3\n";

    (void)state;
    assert_int_equal(open_fails(t, strlen(t), NULL, &err), MF_EINVAL);
    assert_string_equal(err.where, "t.csv:1");
    assert_non_null(strstr(err.message, "'id' appears twice"));
    assert_non_null(strstr(err.message, "columns 1 and 3"));
}

static void test_csv__header_empty_name_refused(void **state)
{
    struct mf_error err = {0};
    const char *t = "\n\nid;;navn\n";

    (void)state;
    assert_int_equal(open_fails(t, strlen(t), NULL, &err), MF_EINVAL);
    assert_string_equal(err.where, "t.csv:3");
    assert_non_null(strstr(err.message, "column 2"));
}

static void test_csv__header_only(void **state)
{
    struct rec_reader *r = open_csv("id;navn\n");

    (void)state;
    assert_int_equal(rec_n_columns(r), 2);
    assert_null(rec_value(r, 0));
    at_end(r);
    rec_close(r);

    r = open_csv("id;navn");
    assert_int_equal(rec_n_columns(r), 2);
    at_end(r);
    rec_close(r);

    r = open_csv("id;navn\r\n\r\n;\r\n");
    at_end(r);
    rec_close(r);
}

static void test_csv__empty_file_refused(void **state)
{
    struct mf_error err = {0};

    (void)state;
    assert_int_equal(open_fails("", 0, NULL, &err), MF_EINVAL);
    assert_non_null(strstr(err.message, "empty"));
    assert_int_equal(open_fails("\n\r\n ; \n", 7, NULL, &err), MF_EINVAL);
    assert_int_equal(open_fails("\xEF\xBB\xBF", 3, NULL, &err), MF_EINVAL);
}

/* ------------------------------------------------------------------ */
/* Row lengths                                                         */
/* ------------------------------------------------------------------ */

static void test_csv__trailing_separator(void **state)
{
    /* Header and rows that end in a separator, as some exports do. */
    struct rec_reader *r = open_csv("a;b;\n1;2;\n3;4;;;\n");

    (void)state;
    assert_int_equal(rec_n_columns(r), 2);
    next_ok(r);
    assert_string_equal(val(r, "b"), "2");
    next_ok(r);
    assert_string_equal(val(r, "b"), "4");
    at_end(r);
    rec_close(r);
}

static void test_csv__short_row_gives_empty_values(void **state)
{
    struct rec_reader *r = open_csv("a;b;c\n1\n1;2\n");

    (void)state;
    next_ok(r);
    assert_string_equal(val(r, "a"), "1");
    assert_string_equal(val(r, "b"), "");
    assert_string_equal(val(r, "c"), "");
    next_ok(r);
    assert_string_equal(val(r, "b"), "2");
    assert_string_equal(val(r, "c"), "");
    rec_close(r);
}

static void test_csv__long_row_refused(void **state)
{
    struct rec_reader *r = open_csv("a;b\n1;2\n1;2;3;;\n");
    struct mf_error err = {0};

    (void)state;
    next_ok(r);
    assert_int_equal(read_fails(r, &err), MF_EINVAL);
    assert_string_equal(err.where, "t.csv:3");
    assert_non_null(strstr(err.message, "5 fields"));
    assert_non_null(strstr(err.message, "header has 2"));
    rec_close(r);
}

static void test_csv__values_trimmed(void **state)
{
    struct rec_reader *r = open_csv("a;b;c\n"
                                    "  x y  ;\xC2\xA0z\xE2\x80\xAF;\" q \"\n");

    (void)state;
    next_ok(r);
    assert_string_equal(val(r, "a"), "x y");
    assert_string_equal(val(r, "b"), "z");
    assert_string_equal(val(r, "c"), "q");
    rec_close(r);
}

static void test_csv__value_access_out_of_range(void **state)
{
    struct rec_reader *r = open_csv("a\n1\n");
    struct mf_error err = {0};

    (void)state;
    assert_null(rec_value(r, -1));
    assert_null(rec_value(r, 0));
    /* No current record: the place is the file. */
    assert_string_equal(rec_where(r), "t.csv");
    next_ok(r);
    assert_string_equal(rec_value(r, 0), "1");
    assert_null(rec_value(r, 1));
    assert_null(rec_value(r, -1));
    assert_int_equal(rec_next(r, &err), 0);
    assert_null(rec_value(r, 0));
    assert_string_equal(rec_where(r), "t.csv");
    rec_close(r);
    rec_close(NULL);
}

/* ------------------------------------------------------------------ */
/* Field caps                                                          */
/* ------------------------------------------------------------------ */

static void test_csv__max_field_bytes(void **state)
{
    struct rec_opts o = REC_OPTS_INIT;
    struct mf_error err = {0};
    struct rec_reader *r;
    const char *t = "id;navn\n1;abcd\n2;\"ab\"\"c\"\n3;abcde\n";

    (void)state;
    o.max_field_bytes = 4;
    r = open_opts(t, strlen(t), &o);
    next_ok(r);
    next_ok(r);
    assert_string_equal(val(r, "navn"), "ab\"c");
    assert_int_equal(read_fails(r, &err), MF_EINVAL);
    assert_string_equal(err.where, "t.csv:4: navn");
    assert_non_null(strstr(err.message, "longer than 4 bytes"));
    rec_close(r);

    /* The header too. */
    assert_int_equal(open_fails("abcdefgh\n", 9, &o, &err), MF_EINVAL);
}

static void test_csv__too_many_columns(void **state)
{
    size_t n = 10001;
    char *t = malloc(n * 7 + 2);
    size_t len = 0;
    size_t i;
    struct mf_error err = {0};

    (void)state;
    assert_non_null(t);
    for (i = 0; i < n; i++)
        len += (size_t)snprintf(t + len, 16, "c%zu;", i);
    t[len++] = '\n';
    assert_int_equal(open_fails(t, len, NULL, &err), MF_EINVAL);
    assert_non_null(strstr(err.message, "10000 columns"));
    free(t);
}

/* ------------------------------------------------------------------ */
/* Encodings                                                           */
/* ------------------------------------------------------------------ */

static void test_csv__windows1252_converted(void **state)
{
    /* æøå as Windows-1252 bytes, with '€' (0x80) and NBSP (0xA0). */
    const char *t = "navn;omr\xE5"
                    "de;pris\n"
                    "Bj\xF8rvika;\xE6\xF8\xE5;\x80 1\xA0"
                    "234\n";
    struct rec_reader *r = open_csv(t);
    double d;

    (void)state;
    assert_string_equal(rec_encoding_name(r), "Windows-1252");
    assert_string_equal(rec_column_name(r, 1), "omr\xC3\xA5"
                                               "de");
    next_ok(r);
    assert_string_equal(val(r, "navn"), "Bj\xC3\xB8rvika");
    assert_string_equal(val(r, "omr\xC3\xA5"
                               "de"),
                        "\xC3\xA6\xC3\xB8\xC3\xA5");
    assert_string_equal(val(r, "pris"), "\xE2\x82\xAC 1\xC2\xA0"
                                        "234");
    assert_int_equal(rec_parse_number(val(r, "pris") + 4, &d, NULL), 0);
    assert_true(d == 1234);
    rec_close(r);
}

static void test_csv__undefined_windows1252_bytes_refused(void **state)
{
    const unsigned char bad[] = {0x81, 0x8D, 0x8F, 0x90, 0x9D};
    size_t i;

    (void)state;
    for (i = 0; i < sizeof bad; i++) {
        char t[32];
        struct mf_error err = {0};
        char want[16];

        snprintf(t, sizeof t, "a;b\n1;x\xE6%cy\n", bad[i]);
        assert_int_equal(open_fails(t, strlen(t), NULL, &err), MF_EINVAL);
        assert_string_equal(err.where, "t.csv:2");
        snprintf(want, sizeof want, "0x%02X", bad[i]);
        assert_non_null(strstr(err.message, want));
        assert_non_null(strstr(err.message, "byte offset 8"));
        assert_non_null(strstr(err.message, "column 5"));
        assert_non_null(strstr(err.message, "Windows-1252"));
    }
}

static void test_csv__mixed_encodings_refused(void **state)
{
    struct mf_error err = {0};
    const char *t = "navn\nBj\xC3\xB8rvika\nBj\xF8rvika\n";

    (void)state;
    assert_int_equal(open_fails(t, strlen(t), NULL, &err), MF_EINVAL);
    assert_string_equal(err.where, "t.csv:3");
    assert_non_null(strstr(err.message, "line 2"));
    assert_non_null(strstr(err.message, "mixes"));
}

static void test_csv__forced_encodings(void **state)
{
    struct rec_opts o = REC_OPTS_INIT;
    struct mf_error err = {0};
    struct rec_reader *r;

    (void)state;
    /* UTF-8 only: Windows-1252 bytes are refused. */
    o.encoding = REC_ENC_UTF8;
    assert_int_equal(open_fails("a\n\xE6\n", 4, &o, &err), MF_EINVAL);
    assert_string_equal(err.where, "t.csv:2");
    assert_non_null(strstr(err.message, "not valid UTF-8"));

    /* Windows-1252 asked for: even bytes that look like UTF-8 are read
     * as Windows-1252. */
    o.encoding = REC_ENC_CP1252;
    r = open_opts("a\n\xC3\xB8\x80\n", 5, &o);
    assert_string_equal(rec_encoding_name(r), "Windows-1252");
    next_ok(r);
    assert_string_equal(rec_value(r, 0), "\xC3\x83\xC2\xB8\xE2\x82\xAC");
    rec_close(r);
    assert_int_equal(open_fails("\xEF\xBB\xBF"
                                "a\n",
                                5, &o, &err),
                     MF_EINVAL);
    assert_non_null(strstr(err.message, "byte order mark"));

    /* ISO 8859-1: 0x80 is U+0080, 0x81 is allowed. */
    o.encoding = REC_ENC_LATIN1;
    r = open_opts("a\n\x80\x81\xF8\n", 5, &o);
    assert_string_equal(rec_encoding_name(r), "ISO 8859-1");
    next_ok(r);
    assert_string_equal(rec_value(r, 0), "\xC2\x80\xC2\x81\xC3\xB8");
    rec_close(r);

    /* Plain ASCII is fine in any of them. */
    o.encoding = REC_ENC_CP1252;
    r = open_opts("a\nb\n", 4, &o);
    next_ok(r);
    assert_string_equal(rec_value(r, 0), "b");
    rec_close(r);

    o.encoding = (enum rec_encoding)42;
    assert_int_equal(open_fails("a\n", 2, &o, &err), MF_EINVAL);
}

static void test_csv__bom_with_invalid_utf8_refused(void **state)
{
    struct mf_error err = {0};
    const char *t = "\xEF\xBB\xBF"
                    "a\n\xE6\n";

    (void)state;
    assert_int_equal(open_fails(t, strlen(t), NULL, &err), MF_EINVAL);
    assert_string_equal(err.where, "t.csv:2");
    assert_non_null(strstr(err.message, "byte order mark"));
}

static void test_csv__invalid_utf8_forms(void **state)
{
    /* Overlong '/', a surrogate, beyond U+10FFFF, a cut sequence: none
     * is UTF-8, so each file is read as Windows-1252 (all bytes are
     * defined there) rather than passed through. */
    const char *cases[] = {"a\n\xC0\xAF\n", "a\n\xED\xA0\x80\n",
                           "a\n\xF5\x80\x80\x80\n", "a\n\xE2\x82\n"};
    size_t i;

    (void)state;
    for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct rec_reader *r = open_csv(cases[i]);

        assert_string_equal(rec_encoding_name(r), "Windows-1252");
        rec_close(r);
    }
}

static void test_csv__utf16_refused(void **state)
{
    struct mf_error err = {0};
    const char le[] = "\xFF\xFE"
                      "a\0;\0b\0\n\0";
    const char be[] = "\xFE\xFF\0a\0;\0b\0\n";
    const char nobom[] = "a\0;\0b\0\n\0"
                         "1\0;\0"
                         "2\0\n\0";

    (void)state;
    assert_int_equal(open_fails(le, sizeof le - 1, NULL, &err), MF_EINVAL);
    assert_non_null(strstr(err.message, "UTF-16"));
    assert_non_null(strstr(err.message, "UTF-8"));
    assert_string_equal(err.where, "t.csv");
    assert_int_equal(open_fails(be, sizeof be - 1, NULL, &err), MF_EINVAL);
    assert_non_null(strstr(err.message, "UTF-16"));
    assert_int_equal(open_fails(nobom, sizeof nobom - 1, NULL, &err),
                     MF_EINVAL);
    assert_non_null(strstr(err.message, "UTF-16"));
}

static void test_csv__nul_byte_refused(void **state)
{
    struct mf_error err = {0};
    const char t[] = "navn;mengde\nHamar;12\nL\xF8ten;1\0"
                     "3\n";

    (void)state;
    assert_int_equal(open_fails(t, sizeof t - 1, NULL, &err), MF_EINVAL);
    assert_string_equal(err.where, "t.csv:3");
    assert_non_null(strstr(err.message, "NUL"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_csv__semicolon_with_decimal_comma),
        cmocka_unit_test(test_csv__comma_and_tab_detected),
        cmocka_unit_test(test_csv__separator_counted_outside_quotes),
        cmocka_unit_test(test_csv__separator_forced),
        cmocka_unit_test(test_csv__single_column),
        cmocka_unit_test(test_csv__quoted_separator_and_escaped_quotes),
        cmocka_unit_test(test_csv__bom_crlf_quoted_newline),
        cmocka_unit_test(test_csv__unterminated_quote_names_opening_line),
        cmocka_unit_test(test_csv__text_after_closing_quote),
        cmocka_unit_test(test_csv__line_ends),
        cmocka_unit_test(test_csv__blank_rows_skipped_and_counted),
        cmocka_unit_test(test_csv__lines_counted_after_quoted_newlines),
        cmocka_unit_test(test_csv__header_trimmed_and_lowercased),
        cmocka_unit_test(test_csv__header_duplicates_refused),
        cmocka_unit_test(test_csv__header_empty_name_refused),
        cmocka_unit_test(test_csv__header_only),
        cmocka_unit_test(test_csv__empty_file_refused),
        cmocka_unit_test(test_csv__trailing_separator),
        cmocka_unit_test(test_csv__short_row_gives_empty_values),
        cmocka_unit_test(test_csv__long_row_refused),
        cmocka_unit_test(test_csv__values_trimmed),
        cmocka_unit_test(test_csv__value_access_out_of_range),
        cmocka_unit_test(test_csv__max_field_bytes),
        cmocka_unit_test(test_csv__too_many_columns),
        cmocka_unit_test(test_csv__windows1252_converted),
        cmocka_unit_test(test_csv__undefined_windows1252_bytes_refused),
        cmocka_unit_test(test_csv__mixed_encodings_refused),
        cmocka_unit_test(test_csv__forced_encodings),
        cmocka_unit_test(test_csv__bom_with_invalid_utf8_refused),
        cmocka_unit_test(test_csv__invalid_utf8_forms),
        cmocka_unit_test(test_csv__utf16_refused),
        cmocka_unit_test(test_csv__nul_byte_refused),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
