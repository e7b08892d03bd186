/*
 * msg.c - the message catalogue (masseflyt/msg.h): texts by id and
 * language, the process's language, translation of problem formats, and
 * numbers formatted for people.
 */
#include "masseflyt/msg.h"

#include <ctype.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

static const char *const texts[MF_MSG_COUNT][2] = {
#define MF_X_(name) {MF_MSG_EN(MSG_##name##_T), MF_MSG_NB(MSG_##name##_T)},
#define MF_XR_(name) {MF_MSG_EN(MSG_R_##name##_T), MF_MSG_NB(MSG_R_##name##_T)},
    MF_MSG_CLI(MF_X_) MF_MSG_REPORT(MF_XR_) MF_MSG_PROBLEMS(MF_X_)
#undef MF_X_
#undef MF_XR_
};

static const char *const names[MF_MSG_COUNT] = {
#define MF_X_(name) #name,
#define MF_XR_(name) "R_" #name,
    MF_MSG_CLI(MF_X_) MF_MSG_REPORT(MF_XR_) MF_MSG_PROBLEMS(MF_X_)
#undef MF_X_
#undef MF_XR_
};

/* The problems' ids: the part of the table mf_msg_translate searches. */
static const enum mf_msg problems[] = {
#define MF_X_(name) MSG_##name,
    MF_MSG_PROBLEMS(MF_X_)
#undef MF_X_
};

static enum mf_lang current = MF_LANG_EN;

static int lang_index(enum mf_lang lang)
{
    return lang == MF_LANG_NB ? 1 : 0;
}

const char *mf_msg_in(enum mf_lang lang, enum mf_msg id)
{
    if ((unsigned)id >= MF_MSG_COUNT)
        return "";
    return texts[id][lang_index(lang)];
}

const char *mf_msg(enum mf_msg id)
{
    return mf_msg_in(current, id);
}

const char *mf_msg_name(enum mf_msg id)
{
    if ((unsigned)id >= MF_MSG_COUNT)
        return "";
    return names[id];
}

int mf_msg_vsnprintf_in(enum mf_lang lang, char *buf, size_t len,
                        enum mf_msg id, va_list ap)
{
    return vsnprintf(buf, len, mf_msg_in(lang, id), ap);
}

int mf_msg_snprintf_in(enum mf_lang lang, char *buf, size_t len, enum mf_msg id,
                       ...)
{
    va_list ap;
    int n;

    va_start(ap, id);
    n = mf_msg_vsnprintf_in(lang, buf, len, id, ap);
    va_end(ap);
    return n;
}

int mf_msg_fprintf(FILE *f, enum mf_msg id, ...)
{
    va_list ap;
    int n;

    va_start(ap, id);
    n = vfprintf(f, mf_msg(id), ap);
    va_end(ap);
    return n;
}

enum mf_lang mf_lang_current(void)
{
    return current;
}

void mf_lang_set(enum mf_lang lang)
{
    current = lang == MF_LANG_NB ? MF_LANG_NB : MF_LANG_EN;
}

const char *mf_lang_code(enum mf_lang lang)
{
    return lang == MF_LANG_NB ? "nb" : "en";
}

/* 1 when s starts with the language code `code` followed by the end, '_',
 * '-', '.' or '@' (nb, nb_NO.UTF-8, en-GB). */
static int is_lang(const char *s, const char *code)
{
    size_t n = strlen(code), i;

    for (i = 0; i < n; i++)
        if (tolower((unsigned char)s[i]) != code[i])
            return 0;
    return s[n] == '\0' || s[n] == '_' || s[n] == '-' || s[n] == '.' ||
           s[n] == '@';
}

static int ieq(const char *a, const char *b)
{
    for (; *a && *b; a++, b++)
        if (tolower((unsigned char)*a) != tolower((unsigned char)*b))
            return 0;
    return *a == *b;
}

int mf_lang_parse(const char *s, enum mf_lang *out)
{
    if (!s || !*s)
        return -1;
    /* Nynorsk readers read bokmål more readily than English. */
    if (is_lang(s, "nb") || is_lang(s, "nn") || is_lang(s, "no") ||
        ieq(s, "norsk") || ieq(s, "bokmal") || ieq(s, "bokm\xc3\xa5l") ||
        ieq(s, "norwegian")) {
        *out = MF_LANG_NB;
        return 0;
    }
    if (is_lang(s, "en") || is_lang(s, "c") || is_lang(s, "posix") ||
        ieq(s, "english")) {
        *out = MF_LANG_EN;
        return 0;
    }
    return -1;
}

enum mf_lang mf_lang_choose(const char *const vars[4])
{
    enum mf_lang lang = MF_LANG_EN;
    int i;

    for (i = 0; i < 4; i++) {
        const char *v = vars[i];
        if (v && *v) {
            /* As setlocale does: the first one set decides. */
            if (mf_lang_parse(v, &lang) != 0)
                lang = MF_LANG_EN;
            return lang;
        }
    }
    return lang;
}

enum mf_lang mf_lang_accept(const char *header)
{
    enum mf_lang best = MF_LANG_EN;
    double best_q = 0;
    const char *p = header;

    while (p && *p) {
        char tag[40];
        size_t n = 0;
        double q = 1;
        enum mf_lang lang;
        const char *end = strchr(p, ',');
        const char *semi;

        if (!end)
            end = p + strlen(p);
        while (p < end && (*p == ' ' || *p == '\t'))
            p++;
        semi = memchr(p, ';', (size_t)(end - p));
        while (p < (semi ? semi : end) && *p != ' ' && *p != '\t' &&
               n + 1 < sizeof tag)
            tag[n++] = *p++;
        tag[n] = '\0';
        /* ";q=0.8" (RFC 9110 12.4.2): a weight 0 to 1, 0 refusing. */
        if (semi) {
            const char *w = semi + 1;
            while (w < end && (*w == ' ' || *w == '\t'))
                w++;
            if (end - w >= 2 && (w[0] == 'q' || w[0] == 'Q') && w[1] == '=') {
                char num[8];
                size_t k = 0;
                for (w += 2; w < end && k + 1 < sizeof num &&
                             (isdigit((unsigned char)*w) || *w == '.');
                     w++)
                    num[k++] = *w;
                num[k] = '\0';
                q = k ? strtod(num, NULL) : 0;
            }
        }
        /* Only a language's own tags count here: "C" or "POSIX" are
         * locale names, not what an HTTP client asks for. */
        if (q > best_q && tag[0] && !ieq(tag, "c") && !ieq(tag, "posix") &&
            mf_lang_parse(tag, &lang) == 0) {
            best = lang;
            best_q = q;
        }
        p = *end ? end + 1 : end;
    }
    return best;
}

const char *mf_msg_translate(enum mf_lang lang, const char *fmt_en)
{
    size_t i;

    if (!fmt_en)
        return NULL;
    for (i = 0; i < sizeof problems / sizeof problems[0]; i++) {
        const char *en = texts[problems[i]][0];
        if (en[0] == fmt_en[0] && !strcmp(en, fmt_en))
            return texts[problems[i]][lang_index(lang)];
    }
    return NULL;
}

/* ------------------------------------------------------------------ */
/* Numbers                                                              */
/* ------------------------------------------------------------------ */

#define NBSP "\xc2\xa0"
#define MINUS "\xe2\x88\x92"

/* Writes |v| rounded to `decimals` with grouped thousands. */
static void group(double v, int decimals, int trim, const char *thousands,
                  const char *point, char *buf, size_t len)
{
    char raw[400], out[600];
    char *dot;
    size_t n_int, i, o = 0, nt = strlen(thousands), np = strlen(point);

    snprintf(raw, sizeof raw, "%.*f", decimals, fabs(v));
    dot = strchr(raw, '.');
    if (dot && trim) {
        char *end = dot + strlen(dot);
        while (end > dot + 1 && end[-1] == '0')
            *--end = '\0';
        if (end == dot + 1)
            *dot = '\0';
        if (!*dot)
            dot = NULL;
    }
    n_int = dot ? (size_t)(dot - raw) : strlen(raw);
    for (i = 0; i < n_int && o + nt + 2 < sizeof out; i++) {
        if (i > 0 && (n_int - i) % 3 == 0) {
            memcpy(out + o, thousands, nt);
            o += nt;
        }
        out[o++] = raw[i];
    }
    if (dot && o + np + strlen(dot + 1) + 1 < sizeof out) {
        memcpy(out + o, point, np);
        o += np;
        memcpy(out + o, dot + 1, strlen(dot + 1));
        o += strlen(dot + 1);
    }
    out[o] = '\0';
    snprintf(buf, len, "%s", out);
}

char *mf_fmt_num(enum mf_lang lang, double v, int decimals, unsigned flags,
                 char *buf, size_t len)
{
    char g[640];
    int en = lang != MF_LANG_NB, plain = (flags & MF_NUM_PLAIN) != 0;
    const char *sign = "";

    if (len == 0)
        return buf;
    if (isnan(v)) {
        snprintf(buf, len, "%s", plain ? "-" : "\xe2\x80\x93");
        return buf;
    }
    if (isinf(v)) {
        snprintf(buf, len, "%s%s", v < 0 ? (plain ? "-" : MINUS) : "",
                 "\xe2\x88\x9e");
        return buf;
    }
    if (decimals < 0)
        decimals = 0;
    if (decimals > 6)
        decimals = 6;
    group(v, decimals, (flags & MF_NUM_TRIM) != 0,
          plain ? " " : (en ? "," : NBSP), en ? "." : ",", g, sizeof g);
    if (fabs(v) >= 0.5 * pow(10, -decimals)) {
        if (v < 0)
            sign = plain ? "-" : MINUS;
        else if (flags & MF_NUM_SIGN)
            sign = "+";
    }
    snprintf(buf, len, "%s%s", sign, g);
    return buf;
}

char *mf_fmt_pct(enum mf_lang lang, double share, int decimals, unsigned flags,
                 char *buf, size_t len)
{
    char g[640];

    if (isnan(share))
        return mf_fmt_num(lang, share, decimals, flags, buf, len);
    mf_fmt_num(lang, share * 100, decimals, flags, g, sizeof g);
    snprintf(buf, len, "%s%s%%", g,
             lang != MF_LANG_NB ? "" : (flags & MF_NUM_PLAIN ? " " : NBSP));
    return buf;
}
