/*
 * compare.c - the comparison table on the terminal: the rows of the
 * indicator table (masseflyt/indicators.h) with their terminal labels.
 */
#include "compare.h"

#include "cmd.h"
#include "table.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

/* In bokmål the decimal point of a number the terminal shows is a
 * comma. */
static char *decimal_comma(char *buf)
{
    char *p;

    if (mf_lang_current() == MF_LANG_NB)
        for (p = buf; *p; p++)
            if (*p == '.')
                *p = ',';
    return buf;
}

/* A value as the terminal shows it: shares in per cent (differences in
 * points), numbers with decimals as they are, whole numbers grouped. */
static char *format(const struct mf_indicator *d, double v, int signed_,
                    char *buf, size_t len)
{
    char num[40];

    if (d->share) {
        snprintf(buf, len, signed_ ? "%+.*f pp" : "%.*f %%", d->decimals,
                 v * 100);
        return decimal_comma(buf);
    }
    v /= d->divisor;
    if (d->decimals > 0) {
        snprintf(buf, len, signed_ ? "%+.*f" : "%.*f", d->decimals, v);
        return decimal_comma(buf);
    }
    cli_tonnes(v, num, sizeof num);
    snprintf(buf, len, "%s%s", signed_ && v > 0.5 ? "+" : "", num);
    return buf;
}

void compare_print(FILE *f, const char *const *names,
                   const struct mf_indicators *const *ind, int n, int diff,
                   int csv)
{
    struct table *t = table_new(n + 1 + (diff ? 1 : 0));
    const char *cells[16];
    char buf[16][64];
    int r, i;

    if (!t || n > 12)
        return;
    cells[0] =
        mf_msg_in(csv ? MF_LANG_EN : mf_lang_current(), MSG_CMP_INDICATOR);
    for (i = 0; i < n; i++)
        cells[1 + i] = names[i];
    if (diff)
        cells[1 + n] =
            mf_msg_in(csv ? MF_LANG_EN : mf_lang_current(), MSG_CMP_DIFFERENCE);
    table_row(t, cells);
    for (i = 1; i <= n + (diff ? 1 : 0); i++)
        table_right(t, i);
    for (r = 0; r < mf_indicators_count(); r++) {
        const struct mf_indicator *d = mf_indicator_at(r);
        if (!(d->flags & MF_IND_TABLE))
            continue;
        cells[0] = !csv && mf_lang_current() == MF_LANG_NB ? d->label_nb
                                                           : d->label_cli;
        /* CSV keeps the base units (kg, NOK, m2), as it always has. */
        for (i = 0; i < n; i++) {
            if (csv)
                snprintf(buf[i], sizeof buf[i], "%.6g",
                         mf_indicator_field(ind[i], d));
            else
                format(d, mf_indicator_field(ind[i], d), 0, buf[i],
                       sizeof buf[i]);
            cells[1 + i] = buf[i];
        }
        if (diff) {
            double v = mf_indicator_field(ind[n - 1], d) -
                       mf_indicator_field(ind[0], d);
            if (csv)
                snprintf(buf[n], sizeof buf[n], "%.6g", v);
            else
                format(d, v, 1, buf[n], sizeof buf[n]);
            cells[1 + n] = buf[n];
        }
        table_row(t, cells);
    }
    if (csv)
        table_print_csv(t, f);
    else
        table_print(t, f);
    table_free(t);
    for (i = 0; !csv && i < n; i++)
        if (ind[i]->unplaced_t > 0.5 || ind[i]->unmet_t > 0.5) {
            fputs(mf_msg(MSG_CMP_SHORTFALL_NOTE), f);
            break;
        }
}

/* Prints text wrapped at 78 columns. */
static void wrap(FILE *f, const char *text)
{
    const char *p = text;

    while (*p) {
        size_t n = strlen(p), cut = n;
        if (n > 78) {
            cut = 78;
            while (cut > 0 && p[cut] != ' ')
                cut--;
            if (cut == 0)
                cut = 78;
        }
        fprintf(f, "%.*s\n", (int)cut, p);
        p += cut;
        while (*p == ' ')
            p++;
    }
}

void compare_rank(FILE *f, const char *ref, const char *const *names,
                  const struct mf_indicators *ref_ind,
                  const struct mf_indicators *const *ind, int n)
{
    struct mf_measure m[16];
    char text[2048], num[40], cost[40];
    int i, r;

    if (n <= 0 || n > 16 || mf_measures_rank(ref_ind, ind, n, m))
        return;
    MF_PRINTF(f, MSG_CMP_RANKED, ref);
    fputs(mf_msg(MSG_CMP_RANK_HEAD), f);
    for (r = 1; r <= n; r++)
        for (i = 0; i < n; i++) {
            const struct mf_measure *x = &m[i];
            if (x->rank_abatement != r)
                continue;
            if (x->abates)
                snprintf(num, sizeof num, "%.0f", x->nok_per_t_co2e);
            else
                snprintf(num, sizeof num, "%s", mf_msg(MSG_CMP_NO_FALL));
            cli_tonnes(x->reused_t, cost, sizeof cost);
            fprintf(f, "  %-4d %-12s %+16.2f %+14.0f %12s %9d %14s\n", r,
                    names[i], x->d_cost_society / 1e6,
                    -x->co2e_avoided_kg / 1000, num, x->rank_reuse, cost);
        }
    if (mf_measures_conclusion(m, n, names, ref,
                               mf_lang_code(mf_lang_current()), text,
                               sizeof text))
        wrap(f, text);
}
