/*
 * text.c - the report's words and numbers: its texts and number formats
 * come from the one message catalogue (masseflyt/msg.h); here they are
 * picked in the report's language, and text is escaped for HTML, SVG and
 * XML.
 */
#include "report/report_int.h"

#include "masseflyt/model.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static enum mf_lang lang_of(const struct report *r)
{
    return r && r->en ? MF_LANG_EN : MF_LANG_NB;
}

const char *tr(const struct report *r, enum rstr s)
{
    return mf_msg_in(lang_of(r), (enum mf_msg)s);
}

char *fmt_num(const struct report *r, double v, int decimals, char *buf,
              size_t len)
{
    return mf_fmt_num(lang_of(r), v, decimals, 0, buf, len);
}

char *fmt_signed(const struct report *r, double v, int decimals, char *buf,
                 size_t len)
{
    return mf_fmt_num(lang_of(r), v, decimals, MF_NUM_SIGN, buf, len);
}

char *fmt_pct(const struct report *r, double share, int decimals, char *buf,
              size_t len)
{
    return mf_fmt_pct(lang_of(r), share, decimals, 0, buf, len);
}

int sfmt(char *buf, size_t len, const char *fmt, ...)
{
    va_list ap;
    int n;

    va_start(ap, fmt);
    n = vsnprintf(buf, len, fmt, ap);
    va_end(ap);
    return n;
}

char *fmt_pp(const struct report *r, double share, int decimals, char *buf,
             size_t len)
{
    char g[128];

    if (isnan(share))
        return fmt_num(r, share, decimals, buf, len);
    fmt_signed(r, share * 100, decimals, g, sizeof g);
    snprintf(buf, len, "%s%spp", g, r && r->en ? " " : "\xc2\xa0");
    return buf;
}

char *fmt_date(int32_t days, char *buf, size_t len)
{
    if (days == MF_DATE_NONE) {
        if (len)
            buf[0] = '\0';
        return buf;
    }
    return mf_date_format(days, buf, len);
}

/* ------------------------------------------------------------------ */
/* UTF-8 and escaping                                                   */
/* ------------------------------------------------------------------ */

/* Length of the valid UTF-8 sequence at s, or 0 when it is not one. */
static size_t utf8_seq(const unsigned char *s)
{
    size_t n, i;
    unsigned cp;

    if (s[0] < 0x80)
        return 1;
    if (s[0] >= 0xC2 && s[0] <= 0xDF) {
        n = 2;
        cp = s[0] & 0x1Fu;
    } else if (s[0] >= 0xE0 && s[0] <= 0xEF) {
        n = 3;
        cp = s[0] & 0x0Fu;
    } else if (s[0] >= 0xF0 && s[0] <= 0xF4) {
        n = 4;
        cp = s[0] & 0x07u;
    } else {
        return 0;
    }
    for (i = 1; i < n; i++) {
        if ((s[i] & 0xC0) != 0x80)
            return 0;
        cp = (cp << 6) | (s[i] & 0x3Fu);
    }
    if ((n == 3 && (cp < 0x800 || (cp >= 0xD800 && cp <= 0xDFFF))) ||
        (n == 4 && (cp < 0x10000 || cp > 0x10FFFF)))
        return 0;
    /* U+FFFE and U+FFFF are not characters XML accepts. */
    if (cp == 0xFFFE || cp == 0xFFFF)
        return 0;
    return n;
}

size_t utf8_len(const char *s)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t n = 0;

    while (p && *p) {
        size_t k = utf8_seq(p);
        p += k ? k : 1;
        n++;
    }
    return n;
}

int buf_escape(struct buf *b, const char *s)
{
    const unsigned char *p = (const unsigned char *)s;
    int rc = 0;

    while (p && *p && rc == 0) {
        size_t k = utf8_seq(p);
        if (k == 0) {
            rc = buf_puts(b, "\xef\xbf\xbd");
            p++;
            continue;
        }
        switch (*p) {
        case '&':
            rc = buf_puts(b, "&amp;");
            break;
        case '<':
            rc = buf_puts(b, "&lt;");
            break;
        case '>':
            rc = buf_puts(b, "&gt;");
            break;
        case '"':
            rc = buf_puts(b, "&quot;");
            break;
        case '\'':
            rc = buf_puts(b, "&#39;");
            break;
        default:
            if (*p < 0x20 && *p != '\n' && *p != '\t')
                rc = buf_putc(b, ' ');
            else
                rc = buf_append(b, p, k);
            break;
        }
        p += k;
    }
    return rc;
}

/* ------------------------------------------------------------------ */
/* Names                                                                */
/* ------------------------------------------------------------------ */

const char *material_label(const struct report *r, int m)
{
    const struct mf_material *x;

    if (m < 0 || m >= mf_catalog_n_materials(r->cat))
        return "";
    x = mf_catalog_material(r->cat, m);
    if (!r->en)
        return x->name_no ? x->name_no : x->code;
    /* Terms Norwegian users know keep their names, with a gloss. */
    if (!strcmp(x->code, "matjord"))
        return "Matjord (topsoil)";
    if (!strcmp(x->code, "pukk"))
        return "Pukk (crushed rock)";
    return x->name_en ? x->name_en : x->code;
}

const char *use_label(const struct report *r, int u)
{
    const struct mf_use *x;

    if (u < 0 || u >= mf_catalog_n_uses(r->cat))
        return "";
    x = mf_catalog_use(r->cat, u);
    if (r->en)
        return x->name_en ? x->name_en : x->code;
    return x->name_no ? x->name_no : x->code;
}

const char *site_kind_label(const struct report *r, enum mf_site_kind k)
{
    switch (k) {
    case MF_SITE_PROJECT:
        return tr(r, S_K_PROJECT);
    case MF_SITE_STORAGE:
        return tr(r, S_K_STORAGE);
    case MF_SITE_PROCESSING:
        return tr(r, S_K_PROCESSING);
    case MF_SITE_RECEIVING:
        return tr(r, S_K_RECEIVING);
    case MF_SITE_QUARRY:
        return tr(r, S_K_QUARRY);
    default:
        return "";
    }
}
