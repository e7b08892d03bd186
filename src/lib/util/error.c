/*
 * error.c - filling struct mf_error, and the names of status codes.
 */
#include "masseflyt/error.h"

#include "util/assert.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void vfill(struct mf_error *err, enum mf_status code, const char *where,
                  const char *fmt, va_list ap)
{
    const char *nb = mf_msg_translate(MF_LANG_NB, fmt);
    va_list ap2;

    err->code = code;
    if (where)
        snprintf(err->where, sizeof err->where, "%s", where);
    else
        err->where[0] = '\0';
    /* The catalogue's test holds both texts to the same conversions, so
     * the same arguments serve the bokmål text. */
    va_copy(ap2, ap);
    vsnprintf(err->message, sizeof err->message, fmt, ap);
    if (nb)
        vsnprintf(err->message_nb, sizeof err->message_nb, nb, ap2);
    else
        err->message_nb[0] = '\0';
    va_end(ap2);
}

const char *mf_error_text(const struct mf_error *err, enum mf_lang lang)
{
    if (!err)
        return "";
    if (lang == MF_LANG_NB && err->message_nb[0])
        return err->message_nb;
    return err->message;
}

int mf_error_set(struct mf_error *err, enum mf_status code, const char *fmt,
                 ...)
{
    va_list ap;

    if (!err)
        return code;
    va_start(ap, fmt);
    vfill(err, code, NULL, fmt, ap);
    va_end(ap);
    return code;
}

int mf_error_at(struct mf_error *err, enum mf_status code, const char *where,
                const char *fmt, ...)
{
    va_list ap;

    if (!err)
        return code;
    va_start(ap, fmt);
    vfill(err, code, where, fmt, ap);
    va_end(ap);
    return code;
}

void mf_error_clear(struct mf_error *err)
{
    if (!err)
        return;
    err->code = MF_OK;
    err->where[0] = '\0';
    err->message[0] = '\0';
    err->message_nb[0] = '\0';
}

const char *mf_status_name(int code)
{
    switch (code) {
    case MF_OK:
        return "ok";
    case MF_ERR:
        return "internal";
    case MF_ENOMEM:
        return "out_of_memory";
    case MF_EINVAL:
        return "invalid";
    case MF_ENOTFOUND:
        return "not_found";
    case MF_EINFEASIBLE:
        return "infeasible";
    case MF_ERANGE:
        return "out_of_range";
    case MF_EIO:
        return "io";
    case MF_ESTORE:
        return "store";
    case MF_EUNBOUNDED:
        return "unbounded";
    case MF_EDAMAGED:
        return "damaged";
    }
    return "unknown";
}

void mf_misuse(const char *fn, const char *cond)
{
    fprintf(stderr, "masseflyt: misuse of %s: %s does not hold\n", fn, cond);
    fflush(stderr);
    abort();
}
