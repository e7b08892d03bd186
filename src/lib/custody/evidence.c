/*
 * evidence.c - the evidence lines of the checks and of the balance's
 * differences in both languages: the English format the caller passes,
 * and its bokmål from the message catalogue (MF_MSG_PROBLEMS_CUSTODY in
 * masseflyt/msg_custody.h), filled with the same arguments.
 */
#include "custody/custody_int.h"

#include "masseflyt/msg.h"

#include <stdio.h>

void cust_evidence(char *en, char *nb, size_t len, const char *fmt, va_list ap)
{
    const char *nb_fmt = mf_msg_translate(MF_LANG_NB, fmt);
    va_list ap2;

    /* The catalogue's test holds both texts to the same conversions. */
    va_copy(ap2, ap);
    vsnprintf(en, len, fmt, ap);
    nb[0] = '\0';
    if (nb_fmt)
        vsnprintf(nb, len, nb_fmt, ap2);
    va_end(ap2);
}
