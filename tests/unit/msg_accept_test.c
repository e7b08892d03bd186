/*
 * msg_accept_test.c - mf_lang_accept: the language an HTTP
 * Accept-Language header asks for (RFC 9110 12.4.2), as the server picks
 * the language of its problem details.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "masseflyt/msg.h"

static void bokmal_tags(void **state)
{
    (void)state;
    assert_int_equal(mf_lang_accept("nb"), MF_LANG_NB);
    assert_int_equal(mf_lang_accept("nb-NO"), MF_LANG_NB);
    assert_int_equal(mf_lang_accept("no"), MF_LANG_NB);
    assert_int_equal(mf_lang_accept("nn-NO"), MF_LANG_NB);
    assert_int_equal(mf_lang_accept("NB-no"), MF_LANG_NB);
    assert_int_equal(mf_lang_accept("nb-NO,nb;q=0.9,en;q=0.8"), MF_LANG_NB);
    assert_int_equal(mf_lang_accept("de, nb;q=0.5"), MF_LANG_NB);
}

static void english_and_default(void **state)
{
    (void)state;
    assert_int_equal(mf_lang_accept(NULL), MF_LANG_EN);
    assert_int_equal(mf_lang_accept(""), MF_LANG_EN);
    assert_int_equal(mf_lang_accept("en"), MF_LANG_EN);
    assert_int_equal(mf_lang_accept("en-GB,en;q=0.9"), MF_LANG_EN);
    assert_int_equal(mf_lang_accept("de-DE, fr;q=0.8"), MF_LANG_EN);
    assert_int_equal(mf_lang_accept("*"), MF_LANG_EN);
    /* Locale names are not language tags. */
    assert_int_equal(mf_lang_accept("C"), MF_LANG_EN);
    assert_int_equal(mf_lang_accept("POSIX, nb;q=0.1"), MF_LANG_NB);
}

static void weights(void **state)
{
    (void)state;
    /* The highest weight wins, the first of equal ones. */
    assert_int_equal(mf_lang_accept("en;q=0.5, nb;q=0.9"), MF_LANG_NB);
    assert_int_equal(mf_lang_accept("nb;q=0.3, en"), MF_LANG_EN);
    assert_int_equal(mf_lang_accept("en, nb"), MF_LANG_EN);
    assert_int_equal(mf_lang_accept("nb, en"), MF_LANG_NB);
    assert_int_equal(mf_lang_accept("nb ; q=0.7 , en ; q=0.6"), MF_LANG_NB);
    /* q=0 refuses; a weight that is not a number counts as 0. */
    assert_int_equal(mf_lang_accept("nb;q=0"), MF_LANG_EN);
    assert_int_equal(mf_lang_accept("nb;q=0.0, en;q=0.1"), MF_LANG_EN);
    assert_int_equal(mf_lang_accept("nb;q=x"), MF_LANG_EN);
    /* A tag too long to be one is not understood, and nothing breaks. */
    assert_int_equal(
        mf_lang_accept("nbxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"),
        MF_LANG_EN);
    assert_int_equal(mf_lang_accept(",,;;q=,"), MF_LANG_EN);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(bokmal_tags),
        cmocka_unit_test(english_and_default),
        cmocka_unit_test(weights),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
