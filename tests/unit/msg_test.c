/*
 * msg_test.c - the message catalogue (masseflyt/msg.h): every message has
 * a bokmål and an English text taking the same printf conversions in the
 * same order; languages read from options and the environment; problem
 * formats found by their English text; numbers for people in both
 * languages.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "masseflyt/msg.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The arguments a printf format takes, one per conversion as "length
 * conversion" ('*' widths and precisions as "*") followed by '|': the
 * flags, width and precision may differ between the texts (bokmål may
 * drop an English plural ending with "%.0s"), the arguments may not.
 * "%%" is left out, and a '%' that starts no conversion (a text printed
 * with fputs, "Reuse rate (%)") counts as "!". -1 when out is too short. */
static int signature(const char *f, char *out, size_t len)
{
    size_t o = 0;

    out[0] = '\0';
    while (*f) {
        char arg[16];
        size_t n = 0, k;
        if (*f++ != '%')
            continue;
        if (*f == '%') {
            f++;
            continue;
        }
        f += strspn(f, "#0- +'");
        if (*f == '*') {
            arg[n++] = '*';
            arg[n++] = '|';
        }
        f += strspn(f, "0123456789*");
        if (*f == '.') {
            f++;
            if (*f == '*') {
                arg[n++] = '*';
                arg[n++] = '|';
            }
            f += strspn(f, "0123456789*");
        }
        k = strspn(f, "hlLqjzt");
        if (k > 4)
            return -1;
        if (f[k] && strchr("diouxXeEfFgGaAcspn", f[k])) {
            memcpy(arg + n, f, k + 1);
            n += k + 1;
            /* Conversions that take the same argument type. */
            if (strchr("i", arg[n - 1]))
                arg[n - 1] = 'd';
            else if (strchr("ouxX", arg[n - 1]))
                arg[n - 1] = 'u';
            else if (strchr("eEfFgGaA", arg[n - 1]))
                arg[n - 1] = 'f';
            f += k + 1;
        } else {
            arg[n++] = '!';
        }
        arg[n++] = '|';
        if (o + n + 1 >= len)
            return -1;
        memcpy(out + o, arg, n);
        o += n;
        out[o] = '\0';
    }
    return 0;
}

static void every_message_has_both_texts(void **state)
{
    int id;

    (void)state;
    for (id = 0; id < MF_MSG_COUNT; id++) {
        const char *nb = mf_msg_in(MF_LANG_NB, (enum mf_msg)id);
        const char *en = mf_msg_in(MF_LANG_EN, (enum mf_msg)id);
        if (!nb[0] || !en[0])
            fail_msg("%s has an empty text", mf_msg_name((enum mf_msg)id));
        if (!mf_msg_name((enum mf_msg)id)[0])
            fail_msg("message %d has no name", id);
    }
    assert_string_equal(mf_msg_in(MF_LANG_NB, MF_MSG_COUNT), "");
}

static void both_texts_take_the_same_arguments(void **state)
{
    int id;

    (void)state;
    for (id = 0; id < MF_MSG_COUNT; id++) {
        const char *name = mf_msg_name((enum mf_msg)id);
        char snb[256], sen[256];
        if (signature(mf_msg_in(MF_LANG_NB, (enum mf_msg)id), snb,
                      sizeof snb) != 0 ||
            signature(mf_msg_in(MF_LANG_EN, (enum mf_msg)id), sen,
                      sizeof sen) != 0)
            fail_msg("%s: too many conversions", name);
        if (strcmp(snb, sen) != 0)
            fail_msg("%s: bokmål takes %s but English %s", name, snb, sen);
    }
}

static void the_signature_sees_a_difference(void **state)
{
    char a[64], b[64];

    (void)state;
    assert_int_equal(signature("%d of %s, 100%%", a, sizeof a), 0);
    assert_string_equal(a, "d|s|");
    assert_int_equal(signature("%s of %d", b, sizeof b), 0);
    assert_string_not_equal(a, b);
    assert_int_equal(signature("%zu and %.1f", b, sizeof b), 0);
    assert_string_equal(b, "zu|f|");
    /* Flags, width and precision do not change the argument. */
    assert_int_equal(signature("%zu feil%.0s, %-8.2e", a, sizeof a), 0);
    assert_int_equal(signature("%zu errors%s, %g", b, sizeof b), 0);
    assert_string_equal(a, b);
    assert_int_equal(signature("%*d", b, sizeof b), 0);
    assert_string_equal(b, "*|d|");
    assert_int_equal(signature("%ld", a, sizeof a), 0);
    assert_int_equal(signature("%d", b, sizeof b), 0);
    assert_string_not_equal(a, b);
    assert_int_equal(signature("Reuse rate (%)", b, sizeof b), 0);
    assert_string_equal(b, "!|");
    assert_int_equal(signature("%d%d%d", b, 4), -1);
}

static void the_checked_macros_print_in_the_language(void **state)
{
    char buf[128];

    (void)state;
    mf_lang_set(MF_LANG_NB);
    MF_SNPRINTF(buf, sizeof buf, MSG_NO_COMMAND, "plann");
    assert_string_equal(buf, "ingen kommando heter \xc2\xabplann\xc2\xbb");
    MF_SNPRINTF_IN(MF_LANG_EN, buf, sizeof buf, MSG_NO_COMMAND, "plann");
    assert_string_equal(buf, "no command named 'plann'");
    mf_lang_set(MF_LANG_EN);
    MF_SNPRINTF(buf, sizeof buf, MSG_NO_COMMAND, "x");
    assert_string_equal(buf, "no command named 'x'");
    assert_string_equal(mf_msg(MSG_R_REPORT), "Mass flow report");
    assert_string_equal(mf_msg_in(MF_LANG_NB, MSG_R_REPORT),
                        "Rapport om masseflyt");
}

static void languages_are_read_from_names_and_locales(void **state)
{
    static const char *const nb[] = {
        "nb", "NB",    "nb_NO.UTF-8", "no_NO",         "nn_NO",
        "no", "nb-NO", "norsk",       "bokm\xc3\xa5l", "nn_NO@nynorsk"};
    static const char *const en[] = {"en",      "en_GB.UTF-8", "C",
                                     "C.UTF-8", "POSIX",       "en-US"};
    static const char *const bad[] = {"", "de_DE", "nob", "e", "sv_SE"};
    enum mf_lang l;
    size_t i;

    (void)state;
    for (i = 0; i < sizeof nb / sizeof nb[0]; i++) {
        l = MF_LANG_EN;
        assert_int_equal(mf_lang_parse(nb[i], &l), 0);
        assert_int_equal(l, MF_LANG_NB);
    }
    for (i = 0; i < sizeof en / sizeof en[0]; i++) {
        l = MF_LANG_NB;
        assert_int_equal(mf_lang_parse(en[i], &l), 0);
        assert_int_equal(l, MF_LANG_EN);
    }
    for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        l = MF_LANG_NB;
        assert_int_equal(mf_lang_parse(bad[i], &l), -1);
        assert_int_equal(l, MF_LANG_NB);
    }
    assert_int_equal(mf_lang_parse(NULL, &l), -1);
    assert_string_equal(mf_lang_code(MF_LANG_NB), "nb");
    assert_string_equal(mf_lang_code(MF_LANG_EN), "en");
}

static void the_environment_decides_in_order(void **state)
{
    /* MASSEFLYT_LANG, LC_ALL, LC_MESSAGES, LANG */
    const char *none[4] = {NULL, NULL, NULL, ""};
    const char *lang[4] = {NULL, NULL, NULL, "nb_NO.UTF-8"};
    const char *messages[4] = {NULL, NULL, "C", "nb_NO.UTF-8"};
    const char *all[4] = {NULL, "no_NO.UTF-8", "C", "nb_NO.UTF-8"};
    const char *ours[4] = {"en", "no_NO.UTF-8", "C", "nb_NO.UTF-8"};
    const char *other[4] = {NULL, "de_DE.UTF-8", NULL, "nb_NO.UTF-8"};

    (void)state;
    assert_int_equal(mf_lang_choose(none), MF_LANG_EN);
    assert_int_equal(mf_lang_choose(lang), MF_LANG_NB);
    assert_int_equal(mf_lang_choose(messages), MF_LANG_EN);
    assert_int_equal(mf_lang_choose(all), MF_LANG_NB);
    assert_int_equal(mf_lang_choose(ours), MF_LANG_EN);
    /* A locale the program has no texts for gives English. */
    assert_int_equal(mf_lang_choose(other), MF_LANG_EN);
}

static void problem_formats_are_found_by_their_english_text(void **state)
{
    int i, found = 0;

    (void)state;
    assert_string_equal(mf_msg_translate(MF_LANG_NB, "a value is required"),
                        mf_msg_in(MF_LANG_NB, MSG_P_VALUE_REQUIRED));
    assert_string_equal(mf_msg_translate(MF_LANG_EN, "a value is required"),
                        "a value is required");
    assert_null(mf_msg_translate(MF_LANG_NB, "no such rule, anywhere"));
    assert_null(mf_msg_translate(MF_LANG_NB, NULL));
    /* Every problem format is found, and no two share an English text. */
    for (i = 0; i < MF_MSG_COUNT; i++) {
        const char *name = mf_msg_name((enum mf_msg)i);
        const char *en = mf_msg_in(MF_LANG_EN, (enum mf_msg)i);
        if (strncmp(name, "P_", 2) != 0)
            continue;
        found++;
        if (mf_msg_translate(MF_LANG_NB, en) !=
            mf_msg_in(MF_LANG_NB, (enum mf_msg)i))
            fail_msg("%s: another problem has the same English text", name);
    }
    assert_true(found > 0);
}

static void numbers_for_people(void **state)
{
    char b[64];

    (void)state;
    assert_string_equal(mf_fmt_num(MF_LANG_NB, 4900000, 0, 0, b, sizeof b),
                        "4\xc2\xa0"
                        "900\xc2\xa0"
                        "000");
    assert_string_equal(mf_fmt_num(MF_LANG_EN, 4900000, 0, 0, b, sizeof b),
                        "4,900,000");
    assert_string_equal(
        mf_fmt_num(MF_LANG_NB, 1234.5, 2, MF_NUM_PLAIN, b, sizeof b),
        "1 234,50");
    assert_string_equal(mf_fmt_num(MF_LANG_NB, 1234.5, 2,
                                   MF_NUM_PLAIN | MF_NUM_TRIM, b, sizeof b),
                        "1 234,5");
    assert_string_equal(mf_fmt_num(MF_LANG_EN, 1000.0, 2,
                                   MF_NUM_PLAIN | MF_NUM_TRIM, b, sizeof b),
                        "1 000");
    assert_string_equal(
        mf_fmt_num(MF_LANG_EN, -1500, 0, MF_NUM_PLAIN, b, sizeof b), "-1 500");
    assert_string_equal(mf_fmt_num(MF_LANG_NB, -1500, 0, 0, b, sizeof b),
                        "\xe2\x88\x92"
                        "1\xc2\xa0"
                        "500");
    /* Rounding to zero drops the sign. */
    assert_string_equal(mf_fmt_num(MF_LANG_EN, -0.004, 2, 0, b, sizeof b),
                        "0.00");
    assert_string_equal(
        mf_fmt_num(MF_LANG_EN, 12.5, 1, MF_NUM_SIGN, b, sizeof b), "+12.5");
    assert_string_equal(mf_fmt_num(MF_LANG_EN, NAN, 1, 0, b, sizeof b),
                        "\xe2\x80\x93");
    assert_string_equal(mf_fmt_pct(MF_LANG_NB, 0.318, 1, 0, b, sizeof b),
                        "31,8\xc2\xa0%");
    assert_string_equal(mf_fmt_pct(MF_LANG_EN, 0.318, 1, 0, b, sizeof b),
                        "31.8%");
    /* A short buffer cuts the text and ends it. */
    assert_string_equal(mf_fmt_num(MF_LANG_EN, 1234567, 0, 0, b, 4), "1,2");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(every_message_has_both_texts),
        cmocka_unit_test(both_texts_take_the_same_arguments),
        cmocka_unit_test(the_signature_sees_a_difference),
        cmocka_unit_test(the_checked_macros_print_in_the_language),
        cmocka_unit_test(languages_are_read_from_names_and_locales),
        cmocka_unit_test(the_environment_decides_in_order),
        cmocka_unit_test(problem_formats_are_found_by_their_english_text),
        cmocka_unit_test(numbers_for_people),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
