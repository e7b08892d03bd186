/*
 * msg.h - the one message catalogue: every text a user reads from the
 * program or the report, in Norwegian bokmål and English, and numbers
 * formatted for people in either language.
 *
 * The texts live in masseflyt/msg_catalog.h. A message MSG_NAME is one
 * line there, `#define MSG_NAME_T "bokmål", "English"`, and its name in one
 * of the lists (MF_MSG_CLI, MF_MSG_PROBLEMS) as X(NAME); the report's
 * MSG_R_NAME is listed in MF_MSG_REPORT as X(NAME).
 * Both texts take the same printf conversions in the same order; the unit
 * test tests/unit/msg_test.c checks that for every message.
 *
 * Printing with compiler-checked arguments (both texts are checked against
 * the arguments at every call, as printf itself would be):
 *
 *     MF_PRINTF(stdout, MSG_IMPORTED, n, file);
 *     MF_SNPRINTF(buf, sizeof buf, MSG_IMPORTED, n, file);
 *     fputs(mf_msg(MSG_LIST_EMPTY), stdout);      (no arguments)
 *
 * The language is process-wide, set once by the program (mf_lang_set,
 * from --lang or mf_lang_choose); a server that answers in several
 * languages passes the language itself (mf_msg_in, MF_SNPRINTF_IN).
 *
 * Problems found in input (struct mf_error, struct mf_issue) are written
 * in English where they arise. MF_MSG_PROBLEMS lists those English
 * formats with their bokmål text: mf_msg_translate() finds the text for a
 * format, and the error and issue records keep a bokmål rendering made
 * from the same arguments (mf_error_text, mf_issue_text), so no rule is
 * written twice.
 */
#ifndef MF_MSG_H
#define MF_MSG_H

#include "masseflyt/msg_catalog.h"

#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>

enum mf_lang {
    MF_LANG_EN = 0, /* English: the default, and what C/POSIX gives */
    MF_LANG_NB = 1, /* Norwegian bokmål */
};

enum mf_msg {
#define MF_X_(name) MSG_##name,
#define MF_XR_(name) MSG_R_##name,
    MF_MSG_CLI(MF_X_) MF_MSG_REPORT(MF_XR_) MF_MSG_PROBLEMS(MF_X_)
#undef MF_X_
#undef MF_XR_
        MF_MSG_COUNT
};

/* The texts of a message, picked at compile time: MF_MSG_NB(MSG_X_T). */
#define MF_MSG_NB_(nb, en) nb
#define MF_MSG_EN_(nb, en) en
#define MF_MSG_NB(t) MF_MSG_NB_(t)
#define MF_MSG_EN(t) MF_MSG_EN_(t)

/* Checks the arguments against both texts of message id, evaluating
 * nothing. */
#define MF_MSG_CHECK(id, ...)                                                  \
    ((void)sizeof(printf(MF_MSG_NB(id##_T), __VA_ARGS__)),                     \
     (void)sizeof(printf(MF_MSG_EN(id##_T), __VA_ARGS__)))

/* printf with a message in the current language; id is a MSG_ name
 * written out (not a variable), and at least one argument follows. */
#define MF_PRINTF(fp, id, ...)                                                 \
    (MF_MSG_CHECK(id, __VA_ARGS__), mf_msg_fprintf((fp), (id), __VA_ARGS__))
#define MF_SNPRINTF(buf, len, id, ...)                                         \
    (MF_MSG_CHECK(id, __VA_ARGS__),                                            \
     mf_msg_snprintf_in(mf_lang_current(), (buf), (len), (id), __VA_ARGS__))
#define MF_SNPRINTF_IN(lang, buf, len, id, ...)                                \
    (MF_MSG_CHECK(id, __VA_ARGS__),                                            \
     mf_msg_snprintf_in((lang), (buf), (len), (id), __VA_ARGS__))

/* The text of a message in the current language / in lang ("" for an
 * unknown id). Never NULL. */
const char *mf_msg(enum mf_msg id);
const char *mf_msg_in(enum mf_lang lang, enum mf_msg id);
/* The message's name without MSG_ ("IMPORTED"), for tests. */
const char *mf_msg_name(enum mf_msg id);

/* The unchecked functions behind the macros (for an id in a variable). */
int mf_msg_fprintf(FILE *f, enum mf_msg id, ...);
int mf_msg_snprintf_in(enum mf_lang lang, char *buf, size_t len, enum mf_msg id,
                       ...);
int mf_msg_vsnprintf_in(enum mf_lang lang, char *buf, size_t len,
                        enum mf_msg id, va_list ap);

/* The process's language: MF_LANG_EN until mf_lang_set. */
enum mf_lang mf_lang_current(void);
void mf_lang_set(enum mf_lang lang);
/* "nb" or "en". */
const char *mf_lang_code(enum mf_lang lang);
/* Reads a language or locale name: nb, nn, no, nb_NO.UTF-8, no_NO, nn_NO,
 * norsk, bokmål give bokmål; en, en_GB, C, POSIX give English. 0, or -1
 * (and *out unchanged) for anything else. Case does not matter. */
int mf_lang_parse(const char *s, enum mf_lang *out);
/* The language the environment asks for, given the values (or NULL) of
 * MASSEFLYT_LANG, LC_ALL, LC_MESSAGES and LANG in that order: the first
 * one set decides; English when none is set or the one that is set is not
 * understood (C, POSIX, de_DE...). The library reads no environment: the
 * program passes getenv's answers. */
enum mf_lang mf_lang_choose(const char *const vars[4]);

/* The language an HTTP Accept-Language header asks for (RFC 9110
 * 12.4.2): of the tags mf_lang_parse understands (nb, nn, no, en, with
 * or without a region), the one of the highest weight ("q"), the first
 * of equal weights; English when none is understood, a weight is 0, or
 * the header is NULL. */
enum mf_lang mf_lang_accept(const char *header);

/* For a problem's English printf format (as passed to mf_error_at or
 * mf_issues_add), the format in lang when MF_MSG_PROBLEMS lists it
 * (English: fmt_en itself), else NULL. */
const char *mf_msg_translate(enum mf_lang lang, const char *fmt_en);

/* ------------------------------------------------------------------ */
/* Numbers for people                                                  */
/* ------------------------------------------------------------------ */

enum {
    /* Digits for a terminal or a fixed-width table: thousands grouped
     * with a plain space in both languages (SI style) and an ASCII minus.
     * Without it: bokmål groups with a no-break space, English with a
     * comma, and negative numbers take a true minus sign (U+2212), as
     * typeset in the report. */
    MF_NUM_PLAIN = 1u << 0,
    /* At most `decimals` decimals: trailing zeros (and the point) go. */
    MF_NUM_TRIM = 1u << 1,
    /* A plus sign on positive values (differences). */
    MF_NUM_SIGN = 1u << 2,
};

/* v rounded to `decimals` (0..6) with grouped thousands and the decimal
 * comma in bokmål, point in English; NaN gives an en dash. Returns buf. */
char *mf_fmt_num(enum mf_lang lang, double v, int decimals, unsigned flags,
                 char *buf, size_t len);
/* A share as per cent: bokmål "31,8 %", English "31.8%". */
char *mf_fmt_pct(enum mf_lang lang, double share, int decimals, unsigned flags,
                 char *buf, size_t len);

#endif
