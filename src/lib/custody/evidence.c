/*
 * evidence.c - the evidence lines of the checks and of the balance's
 * differences in both languages: the English format the caller passes,
 * and its bokmål from the message catalogue (MF_MSG_PROBLEMS_CUSTODY in
 * masseflyt/msg_custody.h), filled with the same arguments. Numbers in the
 * bokmål line take a decimal comma, as the rest of the program's bokmål.
 */
#include "custody/custody_int.h"

#include "masseflyt/msg.h"

#include <stdio.h>
#include <string.h>

/* Appends s to out (len bytes, *n used), cut to fit. */
static void put(char *out, size_t len, size_t *n, const char *s, size_t k)
{
    if (*n + 1 >= len)
        return;
    if (k > len - 1 - *n)
        k = len - 1 - *n;
    memcpy(out + *n, s, k);
    *n += k;
    out[*n] = '\0';
}

/* fmt (conversions %s, %d, %zu, %f and %g with flags, width and
 * precision, and %%) filled from ap into out, floating-point numbers with
 * a decimal comma. */
static void format_nb(char *out, size_t len, const char *fmt, va_list ap)
{
    size_t n = 0;
    const char *p = fmt;

    out[0] = '\0';
    while (*p) {
        const char *q = strchr(p, '%');
        char spec[24], piece[128];
        size_t k;
        int z = 0;

        if (!q) {
            put(out, len, &n, p, strlen(p));
            break;
        }
        put(out, len, &n, p, (size_t)(q - p));
        if (q[1] == '%') {
            put(out, len, &n, "%", 1);
            p = q + 2;
            continue;
        }
        /* The spec up to its conversion letter. */
        for (k = 1; q[k] && strchr("-+ #0123456789.", q[k]); k++)
            ;
        if (q[k] == 'z') {
            z = 1;
            k++;
        }
        if (!q[k] || k + 2 > sizeof spec)
            break;
        memcpy(spec, q, k + 1);
        spec[k + 1] = '\0';
        piece[0] = '\0';
        switch (q[k]) {
        case 's':
            snprintf(piece, sizeof piece, spec, va_arg(ap, const char *));
            break;
        case 'd':
            snprintf(piece, sizeof piece, spec, va_arg(ap, int));
            break;
        case 'u':
            if (z)
                snprintf(piece, sizeof piece, spec, va_arg(ap, size_t));
            else
                snprintf(piece, sizeof piece, spec, va_arg(ap, unsigned));
            break;
        case 'f':
        case 'g': {
            char *dot;
            snprintf(piece, sizeof piece, spec, va_arg(ap, double));
            if ((dot = strchr(piece, '.')) != NULL)
                *dot = ',';
            break;
        }
        default:
            /* Not a conversion this file's formats use: stop here
             * rather than read an argument of the wrong type. */
            return;
        }
        put(out, len, &n, piece, strlen(piece));
        p = q + k + 1;
    }
}

void cust_evidence(char *en, char *nb, size_t len, const char *fmt, va_list ap)
{
    const char *nb_fmt = mf_msg_translate(MF_LANG_NB, fmt);
    va_list ap2;

    /* The catalogue's test holds both texts to the same conversions. */
    va_copy(ap2, ap);
    vsnprintf(en, len, fmt, ap);
    nb[0] = '\0';
    if (nb_fmt)
        format_nb(nb, len, nb_fmt, ap2);
    va_end(ap2);
}
