/*
 * measures.c - measures ranked against a reference: the cost to society
 * of each tonne of CO2e a measure avoids (NOK/t CO2e, the metric
 * Norwegian agencies rank climate measures by) and the tonnes it reuses,
 * with a short conclusion written from the numbers.
 */
#include "masseflyt/indicators.h"
#include "masseflyt/msg.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

/* Less than half a tonne of CO2e less is no fall: the tables show whole
 * tonnes. */
#define MIN_FALL_KG 500.0

int mf_measures_rank(const struct mf_indicators *ref,
                     const struct mf_indicators *const *ind, int n,
                     struct mf_measure *out)
{
    int i, j;

    if (!ref || !ind || !out || n < 0)
        return -1;
    for (i = 0; i < n; i++) {
        struct mf_measure *m = &out[i];
        memset(m, 0, sizeof *m);
        m->index = i;
        m->d_cost_society = ind[i]->cost_society - ref->cost_society;
        m->co2e_avoided_kg = ref->co2e_total_kg - ind[i]->co2e_total_kg;
        m->reused_t = ind[i]->reused_t;
        m->d_reused_t = ind[i]->reused_t - ref->reused_t;
        m->abates = m->co2e_avoided_kg >= MIN_FALL_KG;
        m->nok_per_t_co2e =
            m->abates ? m->d_cost_society / (m->co2e_avoided_kg / 1000) : 0;
    }
    /* By abatement cost: measures that cut CO2e first, cheapest tonne
     * first; then the others by their cost to society. A measure's rank is
     * one plus the measures that come before it (ties keep the order
     * given); a handful of measures, so the square is nothing. */
    for (i = 0; i < n; i++)
        out[i].rank_abatement = out[i].rank_reuse = 1;
    for (i = 0; i < n; i++)
        for (j = 0; j < n; j++) {
            const struct mf_measure *a = &out[i], *b = &out[j];
            int before;
            if (i == j)
                continue;
            if (a->abates != b->abates)
                before = b->abates;
            else if (a->abates)
                before = b->nok_per_t_co2e < a->nok_per_t_co2e ||
                         (b->nok_per_t_co2e == a->nok_per_t_co2e && j < i);
            else
                before = b->d_cost_society < a->d_cost_society ||
                         (b->d_cost_society == a->d_cost_society && j < i);
            if (before)
                out[i].rank_abatement++;
            if (b->reused_t > a->reused_t ||
                (b->reused_t == a->reused_t && j < i))
                out[i].rank_reuse++;
        }
    return 0;
}

static const struct mf_measure *ranked(const struct mf_measure *m, int n,
                                       int by_reuse, int rank)
{
    int i;

    for (i = 0; i < n; i++)
        if ((by_reuse ? m[i].rank_reuse : m[i].rank_abatement) == rank)
            return &m[i];
    return NULL;
}

/* Appends to buf at *pos, never past len. */
static void put(char *buf, size_t len, size_t *pos, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static void put(char *buf, size_t len, size_t *pos, const char *fmt, ...)
{
    va_list ap;
    int k;

    if (*pos >= len)
        return;
    va_start(ap, fmt);
    k = vsnprintf(buf + *pos, len - *pos, fmt, ap);
    va_end(ap);
    if (k > 0)
        *pos = *pos + (size_t)k < len ? *pos + (size_t)k : len - 1;
}

/* v with `decimals` decimals and its thousands grouped, the decimal comma
 * in bokmål, for the conclusion's sentences. */
static const char *num(int en, double v, int decimals, char out[48])
{
    return mf_fmt_num(en ? MF_LANG_EN : MF_LANG_NB, v, decimals, MF_NUM_PLAIN,
                      out, 48);
}

size_t mf_measures_conclusion(const struct mf_measure *m, int n,
                              const char *const *names, const char *ref,
                              const char *lang, char *buf, size_t len)
{
    int en = !lang || strcmp(lang, "nb");
    char a[48], b[48], c[48];
    const struct mf_measure *best = ranked(m, n, 0, 1);
    const struct mf_measure *most = ranked(m, n, 1, 1);
    size_t pos = 0;
    int i, k = 0;

    if (!buf || len == 0)
        return 0;
    buf[0] = '\0';
    if (n <= 0 || !best || !most)
        return 0;
    if (best->abates && best->nok_per_t_co2e < 0)
        put(buf, len, &pos,
            en ? "Against %s, %s cuts CO2e by %s t and saves society "
                 "%s MNOK at the same time (a saving of %s NOK per "
                 "tonne CO2e avoided): the best measure compared. "
               : "Mot %s kutter %s %s t CO2e og sparer samfunnet %s "
                 "MNOK samtidig (en besparelse på %s kr per tonn CO2e "
                 "unngått): det beste "
                 "tiltaket som er sammenlignet. ",
            ref, names[best->index],
            num(en, best->co2e_avoided_kg / 1000, 0, a),
            num(en, -best->d_cost_society / 1e6, 1, b),
            num(en, -best->nok_per_t_co2e, 0, c));
    else if (best->abates)
        put(buf, len, &pos,
            en ? "Against %s, %s avoids CO2e at the lowest cost to society: "
                 "%s NOK per tonne CO2e (%s t CO2e less for %s MNOK "
                 "more). "
               : "Mot %s unngår %s CO2e til lavest kostnad for samfunnet: "
                 "%s kr per tonn CO2e (%s t CO2e mindre for %s MNOK "
                 "mer). ",
            ref, names[best->index], num(en, best->nok_per_t_co2e, 0, a),
            num(en, best->co2e_avoided_kg / 1000, 0, b),
            num(en, best->d_cost_society / 1e6, 1, c));
    else
        put(buf, len, &pos,
            en ? "Against %s, no measure compared cuts CO2e, so none has a "
                 "cost per tonne CO2e avoided. "
               : "Mot %s kutter ingen av tiltakene CO2e, så ingen har en "
                 "kostnad per tonn CO2e unngått. ",
            ref);
    for (i = 0; i < n; i++)
        if (!m[i].abates)
            k++;
    if (k > 0 && best->abates) {
        int several = k > 1;
        put(buf, len, &pos,
            en ? "CO2e does not fall with " : "CO2e faller ikke med ");
        for (i = 0; i < n; i++)
            if (!m[i].abates) {
                put(buf, len, &pos, "%s%s", names[i],
                    --k > 1  ? ", "
                    : k == 1 ? (en ? " and " : " og ")
                             : "");
            }
        put(buf, len, &pos,
            en ? ": no cost per tonne avoided; %s last. "
               : ": ingen kostnad per tonn unngått; %s sist. ",
            en ? (several ? "they rank" : "it ranks")
               : (several ? "de rangeres" : "det rangeres"));
    }
    if (most->d_reused_t > 0.5)
        put(buf, len, &pos,
            en ? "%s reuses the most: %s t, %s t more than %s."
               : "%s gjenbruker mest: %s t, %s t mer enn %s.",
            names[most->index], num(en, most->reused_t, 0, a),
            num(en, most->d_reused_t, 0, b), ref);
    else
        put(buf, len, &pos,
            en ? "No measure reuses more than %s."
               : "Ingen av tiltakene gjenbruker mer enn %s.",
            ref);
    return pos;
}
