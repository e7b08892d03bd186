/*
 * settings.c - the settings table: every key of data/factors.csv that the
 * code reads, with its type, its default, its unit and what it is for.
 *
 * The code reads a setting through mf_setting_num() or mf_setting_text()
 * with an enum mf_setting, never by a string, so that a misspelt key does
 * not compile. The default here is the only one: it applies when
 * data/factors.csv has no row for the key (the file normally has one for
 * every key; see its sources there). factors.c checks each row of the
 * file whose key is in this table against the row's type when loading,
 * and scenario overrides when they are set.
 */
#include "masseflyt/impact.h"

#include "util/assert.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static const struct mf_setting_info settings[MF_SET_COUNT] = {
    [MF_SET_CIRCUITY] = {.key = "circuity",
                         .def = 1.3,
                         .unit = "road km per great-circle km",
                         .doc = "great-circle km times this is road km where "
                                "no distance matrix gives them"},
    [MF_SET_EMISSION_SCOPE] = {.key = "emission_scope",
                               .type = MF_SETTING_CHOICE,
                               .def_text = "wtw",
                               .choices = "wtw|ttw",
                               .unit = "ttw or wtw",
                               .doc = "fuel CO2e counted well-to-wheel (wtw) "
                                      "or tank-to-wheel (ttw)"},
    [MF_SET_VIRGIN_ROCK_CO2E] = {.key = "virgin_crushed_rock_co2e_kg_t",
                                 .def = 0,
                                 .unit = "kg CO2e per t",
                                 .doc = "producing a tonne of crushed rock "
                                        "(products) at a quarry"},
    [MF_SET_VIRGIN_GRAVEL_CO2E] = {.key = "virgin_sand_gravel_co2e_kg_t",
                                   .def = 0,
                                   .unit = "kg CO2e per t",
                                   .doc = "producing a tonne of any other "
                                          "quarried material (sand, gravel)"},
    [MF_SET_CRUSHING_CO2E] = {.key = "crushing_co2e_kg_t",
                              .def = 0,
                              .unit = "kg CO2e per t",
                              .doc = "crushing and screening a tonne at a "
                                     "processing site"},
    [MF_SET_HANDLING_DIESEL] = {.key = "handling_diesel_l_t",
                                .def = 0,
                                .unit = "l diesel per t stored",
                                .doc = "diesel the loaders burn moving a "
                                       "tonne into and out of storage"},
    [MF_SET_LAND_ALLOWANCE] = {.key = "land_allowance",
                               .def = 0.25,
                               .unit = "share added for slopes and roads",
                               .doc = "land take = placed volume / fill "
                                      "height x (1 + this)"},
    [MF_SET_DEFAULT_FILL_HEIGHT] = {.key = "default_fill_height_m",
                                    .def = 15,
                                    .unit = "m",
                                    .doc = "mean fill height of a receiving "
                                           "site that states none"},
    [MF_SET_QUALITY_STEP] = {.key = "quality_step_nok_t",
                             .def = 0,
                             .unit = "NOK per t per rank step",
                             .doc = "planning weight per compatibility rank "
                                    "a material is better than needed"},
    [MF_SET_PENALTY_UNPLACED] = {.key = "penalty_unplaced_nok_t",
                                 .def = 5000,
                                 .unit = "NOK per t",
                                 .doc = "model weight on surplus the plan "
                                        "cannot place"},
    [MF_SET_PENALTY_UNMET] = {.key = "penalty_unmet_nok_t",
                              .def = 5000,
                              .unit = "NOK per t",
                              .doc = "model weight on need the plan cannot "
                                     "meet"},
    [MF_SET_SHORTFALL_UNPLACED] = {.key = "shortfall_unplaced_nok_t",
                                   .def = 0,
                                   .unit = "NOK per t",
                                   .doc = "cost to society of the fallback "
                                          "for a tonne of surplus a plan "
                                          "leaves unplaced"},
    [MF_SET_SHORTFALL_UNMET] = {.key = "shortfall_unmet_nok_t",
                                .def = 0,
                                .unit = "NOK per t",
                                .doc = "cost to society of the fallback for "
                                       "a tonne of need a plan leaves unmet"},
    [MF_SET_MAX_HAUL_KM] = {.key = "max_haul_km",
                            .def = 100,
                            .unit = "road km",
                            .doc = "longest haul the planner considers "
                                   "(plan --max-km overrides it)"},
    [MF_SET_CANDIDATES_K] = {.key = "candidates_k",
                             .def = 12,
                             .unit = "destinations per origin and kind",
                             .doc = "cheapest candidates each origin gets "
                                    "arcs to before pricing (plan --k)"},
    [MF_SET_TRUCK] = {.key = "truck",
                      .type = MF_SETTING_TRUCK,
                      .def_text = "trailer",
                      .unit = "truck class",
                      .doc = "truck class of hauls unless a fleet is given "
                             "(plan --fleet, scenario fleet)"},
    [MF_SET_PERIOD] = {.key = "period",
                       .type = MF_SETTING_CHOICE,
                       .def_text = "month",
                       .choices = "week|month|quarter|year",
                       .unit = "week, month, quarter or year",
                       .doc = "length of a planning period (plan --period)"},
    [MF_SET_LANDFILL_TAX] = {.key = "landfill_tax_nok_t",
                             .def = 0,
                             .unit = "NOK per t",
                             .doc = "tax on each tonne delivered to a "
                                    "receiving site"},
    [MF_SET_CO2_PRICE] = {.key = "co2_price_nok_t",
                          .def = 0,
                          .unit = "NOK per t CO2e",
                          .doc = "price the planner puts on transport, "
                                 "processing and virgin-production CO2e"},
    [MF_SET_LAND_PRICE] = {.key = "land_price_nok_m2",
                           .def = 0,
                           .unit = "NOK per m2 of land taken",
                           .doc = "price the planner puts on land taken by "
                                  "receiving sites"},
};

const struct mf_setting_info *mf_setting_info(enum mf_setting s)
{
    MF_ASSERT_ARG((unsigned)s < MF_SET_COUNT);
    return &settings[s];
}

int mf_setting_find(const char *key)
{
    int i;

    for (i = 0; key && i < MF_SET_COUNT; i++)
        if (!strcmp(settings[i].key, key))
            return i;
    return -1;
}

/* Whether text is one of the '|'-separated choices. */
static int is_choice(const char *choices, const char *text)
{
    const char *p = choices;
    size_t n = strlen(text);

    while (*p) {
        size_t len = strcspn(p, "|");
        if (len == n && n > 0 && !strncasecmp(p, text, n))
            return 1;
        p += len + (p[len] ? 1 : 0);
    }
    return 0;
}

int mf_setting_check(const struct mf_factors *f, enum mf_setting s,
                     const char *text, struct mf_error *err)
{
    const struct mf_setting_info *x = mf_setting_info(s);
    char *end;
    double v;

    switch (x->type) {
    case MF_SETTING_NUMBER:
        v = *text ? strtod(text, &end) : NAN;
        if (!*text || *end || !isfinite(v))
            return mf_error_set(err, MF_EINVAL,
                                "must be a number (%s), not '%s'", x->unit,
                                text);
        return MF_OK;
    case MF_SETTING_CHOICE:
        if (!is_choice(x->choices, text))
            return mf_error_set(err, MF_EINVAL, "must be one of %s, not '%s'",
                                x->choices, text);
        return MF_OK;
    case MF_SETTING_TRUCK:
        if (mf_truck_find(f, text) < 0)
            return mf_error_set(err, MF_EINVAL,
                                "must name a truck class of data/trucks.csv, "
                                "not '%s'",
                                text);
        return MF_OK;
    }
    return mf_error_set(err, MF_ERR, "%s has no type", x->key);
}
