/*
 * scenario.h - policy measures as scenarios, solved side by side, and the
 * sensitivity of a scenario's headline indicators to its assumptions.
 *
 * A scenario is a small text file (docs/SCENARIOS.md): `key = value`
 * lines that change the rules of the game for the planner, inheriting
 * from another scenario. Measures the state controls: a landfill tax, a
 * CO2 price, a land price, a maximum haul distance, new or closed storage
 * and receiving sites, time flexibility of needs, the fleet mix (electric
 * and HVO shares), a reuse requirement for public clients' surplus, and
 * circuity or road distances.
 */
#ifndef MF_SCENARIO_H
#define MF_SCENARIO_H

#include "masseflyt/error.h"
#include "masseflyt/impact.h"
#include "masseflyt/model.h"
#include "masseflyt/plan.h"

#include <stddef.h>
#include <stdio.h>

struct mf_scenario;

/* Reads NAME.scn from dir, following `inherit =` to other files in the
 * same folder (a scenario without it inherits nothing: today's rules).
 * Every bad line is an error naming the file, line and key. */
int mf_scenario_load(struct mf_scenario **out, const char *dir,
                     const char *name, struct mf_error *err);
/* As mf_scenario_load, but a scenario, or one it inherits, that is not in
 * dir is read from fallback (NULL: nowhere else): a scenario in one's own
 * folder inherits `base` from the scenarios of the data folder. */
int mf_scenario_load_from(struct mf_scenario **out, const char *dir,
                          const char *fallback, const char *name,
                          struct mf_error *err);
/* The file a loaded scenario was read from. */
const char *mf_scenario_file(const struct mf_scenario *s);
/* Parses one scenario's text (no inheritance); for tests and fuzzing. */
int mf_scenario_parse(struct mf_scenario **out, const char *label,
                      const char *text, size_t len, struct mf_error *err);
void mf_scenario_free(struct mf_scenario *s);

const char *mf_scenario_name(const struct mf_scenario *s);
/* Title and description in a language ("nb" or "en"); falls back to the
 * other language, then to the name. */
const char *mf_scenario_title(const struct mf_scenario *s, const char *lang);
const char *mf_scenario_description(const struct mf_scenario *s,
                                    const char *lang);
/* The value a scenario (with what it inherits) gives a key, or NULL. */
const char *mf_scenario_get(const struct mf_scenario *s, const char *key);
/* The scenario's settings, one "key = value" per line, inherited ones
 * first; caller frees. */
char *mf_scenario_describe_settings(const struct mf_scenario *s);

/*
 * Applies a scenario: a copy of the factors with its changes, a registry
 * with its sites added and closed, and plan options. *factors_out and
 * *reg_out are new and the caller's to free (the registry after the
 * factors' users are done); base_factors, base_reg and the catalogue must
 * outlive them. fleet is storage for the fleet opts may point to.
 */
int mf_scenario_apply(const struct mf_scenario *s,
                      const struct mf_registry *base_reg,
                      const struct mf_factors *base_factors,
                      struct mf_factors **factors_out,
                      struct mf_registry **reg_out, struct mf_plan_opts *opts,
                      struct mf_fleet *fleet,
                      struct mf_distances **distances_out,
                      struct mf_error *err);

/* A scenario solved: its plan and its own baselines. */
struct mf_scenario_result {
    char name[64];
    char title[160];
    char description[512];
    struct mf_plan *plan;
    struct mf_plan *baseline;   /* no reuse at all (the reference line) */
    struct mf_plan *practice;   /* today's practice (mf_plan_practice with
                                   the data folder's practice.csv) */
    struct mf_registry *reg;    /* the scenario's registry (owned) */
    struct mf_factors *factors; /* the scenario's factors (owned) */
    double public_surcharge;    /* NOK/t found to meet a reuse requirement */
    double requirement;         /* the requirement, 0 when none */
    double public_reuse_rate;   /* what the plan reaches */
    int requirement_met;        /* 0 when no surcharge up to half the penalty
                                   for unplaced surplus reaches it */
};

/* Runs a scenario against a registry. A reuse requirement for public
 * clients is met by searching the least surcharge on landfilling their
 * surplus that brings their reuse rate up to it (bisection over
 * re-solves); if no surcharge up to half the penalty for unplaced surplus
 * can, the result keeps the plan at that surcharge, the most the
 * region's needs allow, and says the requirement was not met. */
int mf_scenario_run(const struct mf_scenario *s, const struct mf_registry *reg,
                    const struct mf_factors *factors,
                    const struct mf_plan_opts *base_opts,
                    struct mf_scenario_result *out, struct mf_error *err);
void mf_scenario_result_free(struct mf_scenario_result *r);

/* The main differences of result b against result a, in sentences: the
 * flows that changed most (by tonnes) and the sites that gained or lost
 * most throughput. At most max lines; returns the number written. Each
 * line is malloc'ed into lines[i]; the caller frees them. */
int mf_scenario_explain_diff(const struct mf_scenario_result *a,
                             const struct mf_scenario_result *b,
                             const char *lang, char **lines, int max);

/* Sensitivity: headline indicators when one assumption moves across its
 * stated range (data/sensitivity.csv). */
enum mf_headline {
    MF_HL_COST = 0,   /* total cost, NOK */
    MF_HL_CO2E,       /* total CO2e, kg */
    MF_HL_REUSE_RATE, /* share */
    MF_HL_LANDFILLED, /* t */
    MF_HL_COUNT
};

struct mf_tornado_bar {
    char param[64]; /* "circuity", "fuel.diesel.price_nok", ... */
    char label_no[128];
    char label_en[128];
    char source[256]; /* why this range */
    double base_value, low_value, high_value;
    double low[MF_HL_COUNT];  /* indicators at the low value */
    double high[MF_HL_COUNT]; /* indicators at the high value */
    /* Today's practice (mf_plan_practice) at the low and high value. */
    double low_practice[MF_HL_COUNT], high_practice[MF_HL_COUNT];
};

struct mf_tornado {
    char scenario[64];
    double base[MF_HL_COUNT];
    double base_practice[MF_HL_COUNT]; /* today's practice, base values */
    struct mf_tornado_bar *bars;       /* sorted by cost swing, widest first */
    int n_bars;
};

int mf_sensitivity_run(const struct mf_scenario *s,
                       const struct mf_registry *reg,
                       const struct mf_factors *factors,
                       const struct mf_plan_opts *base_opts,
                       struct mf_tornado **out, struct mf_error *err);
void mf_tornado_free(struct mf_tornado *t);

/* The value of a headline indicator. */
double mf_headline(const struct mf_indicators *ind, enum mf_headline h);

#endif
