/*
 * indicators.h - what a plan moves, costs and emits: its flows with their
 * cost and impact totals, the indicators summed from them, and the one
 * table that names each indicator, its units and its labels.
 *
 * The planner (plan.h) fills these; the cost model behind the numbers is
 * src/lib/impact/cost.c (docs/internals/impact.md). Every output of
 * indicators - the terminal comparison, the report's tables (HTML, PDF,
 * XLSX, CSV) and the plan's JSON summary - walks the table below, so the
 * three agree on keys, units and order.
 */
#ifndef MF_INDICATORS_H
#define MF_INDICATORS_H

#include "masseflyt/impact.h"

#include <stddef.h>

/* Where a tonne is, at either end of a flow. */
enum mf_end_kind {
    MF_END_SUPPLY = 0, /* a supply lot */
    MF_END_DEMAND,     /* a demand lot */
    MF_END_STORAGE,    /* a storage site */
    MF_END_PROCESSING, /* a processing site */
    MF_END_RECEIVING,  /* a receiving site (landfill) */
    MF_END_QUARRY,     /* a quarry */
    MF_END_UNPLACED,   /* surplus with no legal destination */
    MF_END_UNMET       /* need that could not be met */
};

struct mf_flow {
    enum mf_end_kind from_kind, to_kind;
    int from, to; /* registry index of the lot or site; -1 for slack */
    int period;
    int material; /* what moves */
    double tonnes;
    double km; /* road km, one way (by barge or belt when mode says so) */
    /* How it moves: by truck, or by the barge or conveyor of
     * data/modes.csv that joins its two sites. */
    enum mf_mode mode;
    /* Totals for these tonnes (not per tonne), NOK. */
    double cost_transport, cost_fee, cost_tax, cost_purchase, cost_handling,
        cost_processing, cost_penalty;
    /* What the planner also charges that is no cost indicator: the CO2
     * price on the CO2e it prices, the quality loss, the land price and
     * a public clients' landfill surcharge (scenario.h). */
    double cost_co2, cost_quality, cost_land, cost_surcharge;
    /* Unplaced and unmet tonnes priced at their fallback's cost to
     * society (shortfall_*_nok_t); no part of the objective. */
    double cost_shortfall;
    double co2e_transport_kg, co2e_other_kg;
    double trips, truck_km, tonne_km, hours, land_m2;
    double mode_tonne_km; /* tonne-km by barge or conveyor (tonne_km is
                             by truck) */
    double nox_g, pm_g;
    double fuel[MF_MAX_FUELS];
};

struct mf_indicators {
    double supply_t, demand_t;
    double reused_t;     /* surplus that reached a need, less disposal by
                            fill (below): recovered + recovery_unknown */
    double reuse_rate;   /* reused / supply */
    double landfilled_t; /* surplus to receiving sites */
    double land_m2;      /* land taken by it */
    double virgin_t;     /* from quarries */
    double unplaced_t, unmet_t;
    /* The recovery test (docs/PLANNING.md): surplus that reached a need
     * planned independently of it (recovered), a need that is not
     * (disposal by fill: not in reused_t), or one whose lot does not
     * say (unknown: in reused_t, shown apart); recovered_share is
     * recovered over all surplus that reached a need. */
    double recovered_t, disposal_fill_t, recovery_unknown_t;
    double recovered_share;
    double stored_t;    /* into intermediate storage */
    double processed_t; /* through processing plants */
    double trips, truck_km, tonne_km, hours;
    double mode_tonne_km; /* by barge or conveyor; tonne_km is by truck */
    double fuel[MF_MAX_FUELS];
    double co2e_transport_kg, co2e_handling_kg, co2e_processing_kg,
        co2e_virgin_kg, co2e_total_kg;
    double nox_kg, pm_kg;
    double cost_transport, cost_fees, cost_tax, cost_purchase, cost_handling,
        cost_processing, cost_total; /* NOK, no penalties: the cost to
                                        the projects (what they pay, the
                                        landfill tax included) */
    double penalty;                  /* NOK of penalties (unplaced, unmet) */
    /* NOK the planner charges besides costs and penalties (see struct
     * mf_flow): cost_total + penalty + these four is the objective. */
    double cost_co2, cost_quality, cost_land, cost_surcharge;
    /* The economics of a comparison (docs/PLANNING.md): the priced
     * shortfall (unplaced and unmet tonnes at their fallback's cost), and
     * the cost to society: transport, gate fees (the receiving sites'
     * costs), purchases (virgin production), storage, processing, the
     * land price and the priced shortfall; no landfill tax, surcharge or
     * CO2 price (transfers), no quality loss (a planning weight). */
    double cost_shortfall, cost_society;
};

/* ------------------------------------------------------------------ */
/* The indicator table                                                  */
/* ------------------------------------------------------------------ */

/* A row of the comparison tables: the terminal's and the report's. The
 * rows without it are in the JSON summary only. */
#define MF_IND_TABLE 0x01u
/* One of the report's key figures. */
#define MF_IND_KEY_FIGURE 0x02u

struct mf_indicator {
    const char *key;       /* stable, snake_case, names the display unit:
                              "co2e_total_t"; CSV and JSON use it */
    const char *unit;      /* display unit: "t CO2e" */
    const char *base_unit; /* of the field: "kg CO2e" */
    double divisor;        /* display value = field / divisor */
    int decimals;          /* shown with this many decimals */
    int share;             /* 1: a share of 1, shown as per cent (its
                              differences in percentage points) */
    const char *label_nb;  /* the report's label, bokmål */
    const char *label_en;  /* the report's label, English */
    const char *label_cli; /* the terminal's label, English */
    size_t offset;         /* of the field (a double) in mf_indicators */
    unsigned flags;        /* MF_IND_TABLE, MF_IND_KEY_FIGURE */
};

/* The number of rows and row i (0 <= i < n), in the order outputs show
 * them. Rows are static: do not free them. */
int mf_indicators_count(void);
const struct mf_indicator *mf_indicator_at(int i);
/* The row with this key, or NULL. */
const struct mf_indicator *mf_indicator_find(const char *key);
/* The row of a field, given as offsetof(struct mf_indicators, field), so
 * that a misspelt field does not compile; NULL when no row shows it. */
const struct mf_indicator *mf_indicator_of(size_t offset);
/* The field a row shows, in its base unit. */
double mf_indicator_field(const struct mf_indicators *x,
                          const struct mf_indicator *d);
/* The same in the row's display unit (field / divisor). */
double mf_indicator_value(const struct mf_indicators *x,
                          const struct mf_indicator *d);

/* ------------------------------------------------------------------ */
/* Measures ranked against a reference                                  */
/* ------------------------------------------------------------------ */

/* A measure (a scenario's plan) against the reference (the first
 * scenario compared): its cost to society per tonne of CO2e avoided, and
 * the tonnes it reuses. */
struct mf_measure {
    int index;              /* in the measures given */
    double d_cost_society;  /* NOK, measure - reference */
    double co2e_avoided_kg; /* reference - measure */
    int abates;             /* 1 when CO2e falls by half a tonne or more */
    double nok_per_t_co2e;  /* d_cost_society / t avoided; 0 unless abates */
    double reused_t, d_reused_t;
    int rank_abatement; /* 1 = best: the measures that cut CO2e by NOK/t
                           CO2e (lowest first), then the others by their
                           cost to society */
    int rank_reuse;     /* 1 = the most tonnes reused */
};

/* Ranks n measures against ref into out[n]. 0, or -1 on bad arguments. */
int mf_measures_rank(const struct mf_indicators *ref,
                     const struct mf_indicators *const *ind, int n,
                     struct mf_measure *out);
/* A short conclusion drawn from the ranking, in "nb" or "en", into buf;
 * names[i] names measure i, ref the reference. Returns its length. */
size_t mf_measures_conclusion(const struct mf_measure *m, int n,
                              const char *const *names, const char *ref,
                              const char *lang, char *buf, size_t len);

#endif
