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
    /* Asked between pricing rounds and every 1,024 pivots of the network
     * simplex, with the pivots so far; a non-zero answer stops the solve,
     * which then fails with MF_ERR and the message "stopped". For a
     * server's job that may be cancelled; NULL: never asked. */
    int (*stop)(void *ctx, int64_t pivots);
    void *stop_ctx;
    /* Re-solve from this solved plan's basis (a scenario from its base):
     * when the network has the same nodes and supplies and is solved by
     * the network simplex, each phase starts from warm_from's optimum of
     * that phase, with costs, capacities and arcs changed; otherwise, or
     * when the warm solve does not stand (mcf_warm.h), it is solved cold.
     * The optimum is the same either way; mf_plan.warm says which. The
     * plan must outlive the solve. NULL: cold. */
    const struct mf_plan *warm_from;
    /* 1: a network with yields (solved as an LP) is re-solved from
     * warm_from's LP basis too. Its optimum is the LP's all the same,
     * but where the LP has several optima the one reached, and so the
     * flows rounded to whole tonnes, may differ from a cold solve's (on
     * the demo region by a few tonnes in headlines). The sensitivity
     * runs use it (only their headlines are shown); scenarios do not, so
     * that a scenario's plan is the one it gets when planned alone. */
    int warm_lp;
    /* 1: the plan keeps a copy of its business-as-usual basis too, so
     * that plans warm-started from it (warm_from) start their baseline
     * warm as well. */
    int keep_basis;
    /* A phase's first network-simplex solve of a network of at least this
     * many nodes goes through the exact split into the pieces that only
     * the quarry source and the landfill sink join, on two threads (the
     * same optimum; plan/mcf_split.h). 0: MF_PLAN_SPLIT_NODES; < 0:
     * never. */
    int split_nodes;
};

/* The default of mf_plan_opts.split_nodes (docs/PERFORMANCE.md, "The
 * national plan: the exact split on two threads"). */
#define MF_PLAN_SPLIT_NODES 400000

/* How a plan was solved with respect to mf_plan_opts.warm_from. */
enum mf_warm {
    MF_WARM_NONE = 0, /* not asked: solved cold */
    MF_WARM_OK,       /* re-solved from warm_from's basis */
    MF_WARM_LP,       /* cold: solved as an LP (processing yields or
                         capacities by material under an intake limit)
                         without warm_lp, or warm_from has no LP basis */
    MF_WARM_NETWORK,  /* cold: other nodes or supplies than warm_from (sites
                         or lots added, closed, or time-flexible needs) */
    MF_WARM_NO_BASIS, /* cold: warm_from keeps no network-simplex basis */
    MF_WARM_FELL_BACK /* cold: an arc the network lacks kept flow in the
                         warm solve (mcf_warm.h) */
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
    int split_pieces;  /* pieces of phase 2's split solve; 0: solved whole
                          (and for a baseline) */
    enum mf_warm warm; /* of the plan's phase 2 (phase 1 for a baseline) */
    struct plan_state *state; /* the network, kept for --explain and
                                 DIMACS export; NULL for a baseline */
};

/* One place a lot's masses could go (surplus) or come from (need). */
struct mf_option {
    enum mf_end_kind kind; /* the far end: a lot or a kind of site */
    int ref;               /* its registry index */
    const char *id;        /* borrowed from the registry */
    const char *how;       /* reuse, storage, processing, receiving, quarry */
    int material;          /* what would move */
    double km;             /* road km, one way, as the planner counts */
    double nok_t;          /* what the planner charges per tonne; NAN when
                              excluded */
    double room_t;    /* room left in the lot's window after the plan's other
                         flows: a lot's tonnes, a site's capacity; -1 when a
                         site states no capacity */
    double planned_t; /* tonnes the plan moves this way */
    int allowed;      /* 1 when the planner may use it */
    const char *rule; /* the rule's id when a flow rule excludes it */
    char why[240];    /* why it is excluded; "" when allowed */
    char why_nb[240]; /* the same in bokmål */
};

struct mf_options {
    const char *lot;   /* borrowed */
    int supply;        /* 1: destinations of a surplus; 0: origins of a need */
    double max_km;     /* the haul limit */
    char why_not[240]; /* when the lot is not planned at all, why */
    char why_not_nb[240];    /* the same in bokmål */
    struct mf_option *items; /* allowed first, cheapest first; then the
                                excluded, nearest first */
    size_t n;
};

/* Every destination (surplus) or origin (need) of lot_id that the plan's
 * network knows, allowed or not, with the planner's own km, price and
 * rules (plan/options.c). MF_ENOTFOUND when no lot has the id. Free with
 * mf_options_free. */
int mf_plan_options(const struct mf_plan *plan, const struct mf_registry *reg,
                    const char *lot_id, struct mf_options *out,
                    struct mf_error *err);
void mf_options_free(struct mf_options *o);

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

/* Today's practice (docs/PLANNING.md, "The practice baseline"): the
 * parameters of data/practice.csv. */
struct mf_practice {
    double same_client_km;        /* haul limit between projects of a client */
    int same_client_public;       /* 1: only public clients move masses between
                                     their projects */
    double processing_km;         /* reach of an existing processing plant */
    double processing_share;      /* share of a plant's yearly capacity open
                                     to projects' surplus */
    double sea_fill_km;           /* reach of a harbour or sea fill */
    double reuse_low, reuse_high; /* published reuse share, bounds (0..1) */
    char reuse_source[600];       /* where the bounds come from */
};

/* Reads data_dir/practice.csv (NULL: mf_data_dir_default()). Every key
 * must be given once; a bad row is an error naming file, line and field. */
int mf_practice_load(struct mf_practice *out, const char *data_dir,
                     struct mf_error *err);

/* The practice baseline: each project acting alone, period by period, no
 * storage and no coordination across owners (docs/PLANNING.md). The same
 * kind of result as a plan (flows and indicators); state is NULL. opts as
 * for mf_plan_solve (its baseline flag is ignored). */
int mf_plan_practice(const struct mf_registry *reg,
                     const struct mf_factors *factors,
                     const struct mf_plan_opts *opts,
                     const struct mf_practice *practice, struct mf_plan **out,
                     struct mf_error *err);

/* 1 when the plan's reuse share lies within the practice's published
 * bounds, else 0. */
int mf_practice_calibrated(const struct mf_practice *practice,
                           const struct mf_plan *baseline);

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

/* The plan (and its baselines, may be NULL: "baseline" no reuse at all,
 * "practice" today's practice) as a JSON document: horizon, indicators
 * and flows. The caller frees the text with free(); NULL when memory is
 * out. */
char *mf_plan_summary_json(const struct mf_plan *plan,
                           const struct mf_plan *baseline,
                           const struct mf_plan *practice,
                           const struct mf_registry *reg);

/* Names for flow ends: "supply", "demand", "storage", ... */
const char *mf_end_kind_name(enum mf_end_kind k);
/* The id of a flow end ("" for slack). */
const char *mf_end_id(const struct mf_registry *reg, enum mf_end_kind k,
                      int index);

#endif
