/*
 * balance.h - planning periods, and the mass balance: surplus against need
 * per material and period, for all data, a municipality, or a radius
 * around a point.
 *
 * A lot's tonnes are spread evenly over the days of its window, so a
 * period gets the share of the window that falls in it. Lots the rules
 * refuse are left out and listed.
 */
#ifndef MF_BALANCE_H
#define MF_BALANCE_H

#include "masseflyt/error.h"
#include "masseflyt/model.h"
#include "masseflyt/validate.h"

#include <stddef.h>
#include <stdint.h>

enum mf_period_kind {
    MF_PERIOD_WEEK = 0, /* ISO weeks, Monday to Sunday */
    MF_PERIOD_MONTH,
    MF_PERIOD_QUARTER,
    MF_PERIOD_YEAR
};

/* Consecutive periods covering [from, to]: period i is the days
 * start[i] .. start[i + 1] - 1. The first and last periods are whole
 * calendar periods (they may start before `from` or end after `to`). */
struct mf_periods {
    enum mf_period_kind kind;
    int n;
    int32_t *start; /* n + 1 entries */
};

int mf_periods_make(struct mf_periods *p, enum mf_period_kind kind,
                    int32_t from, int32_t to, struct mf_error *err);
void mf_periods_free(struct mf_periods *p);
/* "2026", "2026-Q3", "2026-07", "2026-W27". */
char *mf_period_label(const struct mf_periods *p, int i, char *buf, size_t len);
int mf_period_kind_parse(const char *s); /* -1 when unknown */
const char *mf_period_kind_name(enum mf_period_kind k);
/* The period holding a day, or -1 outside. */
int mf_period_of(const struct mf_periods *p, int32_t day);

/* Spreads `amount` evenly over the days from..to (inclusive) and adds
 * each period's share to out[0..n-1]; days outside the periods are
 * dropped. */
void mf_spread(const struct mf_periods *p, int32_t from, int32_t to,
               double amount, double *out);

struct mf_balance_opts {
    enum mf_period_kind period;
    int32_t from, to;         /* MF_DATE_NONE: from the lots' windows */
    const char *municipality; /* NULL = all */
    int near;                 /* 1: only lots within radius_km of lon/lat */
    double lon, lat, radius_km;
    int32_t as_of; /* rules date, see validate.h */
    /* Per lot in registry order: 1 to count it (a scope's selection);
     * NULL = every lot the other filters let through. */
    const unsigned char *lot_in;
};

#define MF_BALANCE_OPTS_INIT                                                   \
    {                                                                          \
        .period = MF_PERIOD_YEAR, .from = MF_DATE_NONE, .to = MF_DATE_NONE,    \
        .as_of = MF_DATE_NONE                                                  \
    }

/* One row: a material (supply, and demand that names the material), or a
 * use class (demand that takes any material fit for the use). */
struct mf_balance_row {
    int material;   /* catalogue index, or -1 */
    int use;        /* catalogue index when material is -1 */
    double *supply; /* tonnes per period */
    double *demand;
    double supply_total, demand_total;
};

struct mf_balance {
    struct mf_periods periods;
    struct mf_balance_row *rows;
    int n_rows;
    double *supply_total; /* per period, all rows */
    double *demand_total;
    size_t lots_in;      /* lots counted */
    size_t lots_outside; /* lots left out by the filters */
    size_t *refused;     /* registry indices of refused lots */
    const struct mf_rule **refused_rule;
    size_t n_refused;
};

int mf_balance_compute(const struct mf_registry *reg,
                       const struct mf_balance_opts *opts,
                       struct mf_balance **out, struct mf_error *err);
void mf_balance_free(struct mf_balance *b);

#endif
