/*
 * period.c - calendar periods (ISO weeks, months, quarters, years) and the
 * even spreading of a lot's amount over the days of its window.
 */
#include "masseflyt/balance.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static const char *const kind_names[] = {"week", "month", "quarter", "year"};

const char *mf_period_kind_name(enum mf_period_kind k)
{
    return (unsigned)k <= MF_PERIOD_YEAR ? kind_names[k] : "";
}

int mf_period_kind_parse(const char *s)
{
    int i;

    for (i = 0; s && i <= MF_PERIOD_YEAR; i++)
        if (!strcasecmp(s, kind_names[i]))
            return i;
    return -1;
}

/* The first day of the period holding `day`. 1970-01-01 was a Thursday,
 * so Monday-based weeks start at day - ((day + 3) mod 7). */
static int32_t period_floor(enum mf_period_kind k, int32_t day)
{
    int y, m, d;

    if (k == MF_PERIOD_WEEK) {
        int32_t wd = ((day + 3) % 7 + 7) % 7;
        return day - wd;
    }
    mf_date_ymd(day, &y, &m, &d);
    if (k == MF_PERIOD_MONTH)
        return mf_date_from_ymd(y, m, 1);
    if (k == MF_PERIOD_QUARTER)
        return mf_date_from_ymd(y, (m - 1) / 3 * 3 + 1, 1);
    return mf_date_from_ymd(y, 1, 1);
}

static int32_t period_next(enum mf_period_kind k, int32_t start)
{
    int y, m, d;

    if (k == MF_PERIOD_WEEK)
        return start + 7;
    mf_date_ymd(start, &y, &m, &d);
    if (k == MF_PERIOD_MONTH)
        return m == 12 ? mf_date_from_ymd(y + 1, 1, 1)
                       : mf_date_from_ymd(y, m + 1, 1);
    if (k == MF_PERIOD_QUARTER)
        return m >= 10 ? mf_date_from_ymd(y + 1, 1, 1)
                       : mf_date_from_ymd(y, m + 3, 1);
    return mf_date_from_ymd(y + 1, 1, 1);
}

int mf_periods_make(struct mf_periods *p, enum mf_period_kind kind,
                    int32_t from, int32_t to, struct mf_error *err)
{
    int32_t s;
    int n = 0, cap = 64;

    memset(p, 0, sizeof *p);
    if (from == MF_DATE_NONE || to == MF_DATE_NONE || to < from)
        return mf_error_set(err, MF_EINVAL,
                            "the planning horizon needs a start and an end, "
                            "in that order");
    if ((int64_t)to - from > 366 * 60)
        return mf_error_set(err, MF_ERANGE,
                            "a horizon of more than 60 years is not planned");
    p->kind = kind;
    p->start = malloc((size_t)cap * sizeof *p->start);
    if (!p->start)
        return mf_error_set(err, MF_ENOMEM, "out of memory");
    for (s = period_floor(kind, from); s <= to; s = period_next(kind, s)) {
        if (n + 2 > cap) {
            int32_t *q = realloc(p->start, (size_t)cap * 2 * sizeof *q);
            if (!q) {
                mf_periods_free(p);
                return mf_error_set(err, MF_ENOMEM, "out of memory");
            }
            p->start = q;
            cap *= 2;
        }
        p->start[n++] = s;
    }
    p->start[n] = s;
    p->n = n;
    return MF_OK;
}

void mf_periods_free(struct mf_periods *p)
{
    free(p->start);
    p->start = NULL;
    p->n = 0;
}

char *mf_period_label(const struct mf_periods *p, int i, char *buf, size_t len)
{
    int y, m, d;

    mf_date_ymd(p->start[i], &y, &m, &d);
    switch (p->kind) {
    case MF_PERIOD_YEAR:
        snprintf(buf, len, "%d", y);
        break;
    case MF_PERIOD_QUARTER:
        snprintf(buf, len, "%d-Q%d", y, (m - 1) / 3 + 1);
        break;
    case MF_PERIOD_MONTH:
        snprintf(buf, len, "%d-%02d", y, m);
        break;
    default: {
        /* ISO week: the week's Thursday decides the year. */
        int32_t thu = p->start[i] + 3;
        int ty, tm, td;
        mf_date_ymd(thu, &ty, &tm, &td);
        snprintf(buf, len, "%d-W%02d", ty,
                 (int)((thu - mf_date_from_ymd(ty, 1, 1)) / 7 + 1));
        break;
    }
    }
    return buf;
}

int mf_period_of(const struct mf_periods *p, int32_t day)
{
    int lo = 0, hi = p->n - 1;

    if (p->n == 0 || day < p->start[0] || day >= p->start[p->n])
        return -1;
    while (lo < hi) {
        int mid = (lo + hi + 1) / 2;
        if (p->start[mid] <= day)
            lo = mid;
        else
            hi = mid - 1;
    }
    return lo;
}

void mf_spread(const struct mf_periods *p, int32_t from, int32_t to,
               double amount, double *out)
{
    double per_day;
    int i;

    if (to < from || p->n == 0)
        return;
    per_day = amount / ((double)to - from + 1);
    i = mf_period_of(p, from);
    if (i < 0)
        i = from < p->start[0] ? 0 : p->n;
    for (; i < p->n && p->start[i] <= to; i++) {
        int32_t a = from > p->start[i] ? from : p->start[i];
        int32_t b = to < p->start[i + 1] - 1 ? to : p->start[i + 1] - 1;
        if (b >= a)
            out[i] += per_day * ((double)b - a + 1);
    }
}
