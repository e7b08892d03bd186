/*
 * plan.h - the planner: where every tonne of surplus goes and where every
 * need gets its masses, period by period, at least total cost, proven
 * optimal; and the business-as-usual plan to compare it with.
 *
 * The registry becomes a time-expanded minimum-cost-flow network
 * (docs/PLANNING.md): supply lots, demand lots, intermediate storage
 * carried over periods, processing plants turning surplus rock into
 * aggregate, receiving sites (landfills) and quarries as fallbacks, and
 * slack arcs with a reported penalty for what cannot be placed or met.
 * Network simplex (plan/mcf.c) solves it exactly in integer units: tonnes,
 * and øre (0.01 NOK) per tonne.
 */
#ifndef MF_PLAN_H
#define MF_PLAN_H

#include "masseflyt/balance.h"
#include "masseflyt/error.h"
#include "masseflyt/geo.h"
#include "masseflyt/impact.h"
#include "masseflyt/indicators.h"
#include "masseflyt/model.h"

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

struct mf_plan_opts {
    int period;               /* enum mf_period_kind; -1: factor "period" */
    int32_t from, to;         /* horizon; MF_DATE_NONE: the lots' windows */
    int k;                    /* candidates per origin and kind; 0: factor */
    double max_km;            /* haul limit; 0: factor max_haul_km */
    const char *municipality; /* plan only lots of this municipality */
    int near;                 /* ... or within radius_km of lon/lat */
    double lon, lat, radius_km;
    const struct mf_fleet *fleet;         /* NULL: factor "truck" */
    const struct mf_distances *distances; /* NULL: great circle */
    int32_t as_of;                        /* rules date (validate.h) */
    int baseline;            /* 1: business as usual (no reuse, no storage) */
    int no_storage;          /* leave intermediate storage out */
    int no_processing;       /* leave processing plants out */
    int stretch_demand_days; /* widen every demand window by this much */
    /* Extra NOK per tonne on landfilling surplus of public clients' lots
     * (used to meet a reuse requirement; see scenario.h). */
    double public_landfill_surcharge;
    int lazy;  /* 1: generate arcs lazily by pricing (default) */
    int check; /* 1: verify the optimality certificate */
};

#define MF_PLAN_OPTS_INIT                                                      \
    {                                                                          \
        .period = -1, .from = MF_DATE_NONE, .to = MF_DATE_NONE,                \
        .as_of = MF_DATE_NONE, .lazy = 1                                       \
    }

struct mf_plan {
    struct mf_periods periods;
    struct mf_flow *flows;
    size_t n_flows;
    struct mf_indicators ind;
    /* Storage level at the end of each period: storage[i * n + p] for
     * storage site storage_site[i] (registry index). */
    int n_storage;
    int *storage_site;
    double *storage;
    int64_t objective; /* øre, penalties included */
    int n_nodes, n_arcs;
    int rounds; /* pricing rounds of lazy arc generation */
    double seconds_build, seconds_solve;
    int64_t pivots;
    struct plan_state *state; /* the network, kept for --explain and
                                 DIMACS export; NULL for a baseline */
};

/* Builds and solves the plan for a registry. factors and registry are
 * borrowed and must outlive the plan (it refers to their indices). */
int mf_plan_solve(const struct mf_registry *reg,
                  const struct mf_factors *factors,
                  const struct mf_plan_opts *opts, struct mf_plan **out,
                  struct mf_error *err);
void mf_plan_free(struct mf_plan *plan);

/* The same, and also the business-as-usual plan (*baseline, may be NULL
 * to skip), from one build: the baseline is solved first and the plan
 * warm-started from it. */
int mf_plan_solve_pair(const struct mf_registry *reg,
                       const struct mf_factors *factors,
                       const struct mf_plan_opts *opts, struct mf_plan **plan,
                       struct mf_plan **baseline, struct mf_error *err);

/* Why a lot goes where it goes: its flows, the alternatives the planner
 * considered with their cost per tonne and how much dearer each is at the
 * optimum (reduced cost), and the marginal values from the solution. */
int mf_plan_explain(const struct mf_plan *plan, const struct mf_registry *reg,
                    const char *lot_id, FILE *out, struct mf_error *err);

/* Why a lot's surplus was left unplaced, or its need unmet, in one
 * sentence written into buf, in lang ("nb" or "en"). */
char *mf_plan_why_short(const struct mf_plan *plan,
                        const struct mf_registry *reg, int lot_index,
                        const char *lang, char *buf, size_t len);

/* Exports: flows as CSV, flows as GeoJSON lines (WGS84), the network as
 * DIMACS minimum-cost flow. */
int mf_plan_write_csv(const struct mf_plan *plan, const struct mf_registry *reg,
                      FILE *out, struct mf_error *err);
int mf_plan_write_geojson(const struct mf_plan *plan,
                          const struct mf_registry *reg, FILE *out,
                          struct mf_error *err);
/* The network in CPLEX LP format (readable by glpsol --lp and clp): the
 * only export of a network with processing yields, which DIMACS cannot
 * express (mf_plan_write_dimacs refuses it). */
int mf_plan_write_lp(const struct mf_plan *plan, FILE *out,
                     struct mf_error *err);
int mf_plan_write_dimacs(const struct mf_plan *plan, FILE *out,
                         struct mf_error *err);

/* The plan (and its baseline, may be NULL) as a JSON document: horizon,
 * indicators and flows. The caller frees the text with free(); NULL when
 * memory is out. */
char *mf_plan_summary_json(const struct mf_plan *plan,
                           const struct mf_plan *baseline,
                           const struct mf_registry *reg);

/* Names for flow ends: "supply", "demand", "storage", ... */
const char *mf_end_kind_name(enum mf_end_kind k);
/* The id of a flow end ("" for slack). */
const char *mf_end_id(const struct mf_registry *reg, enum mf_end_kind k,
                      int index);

#endif
