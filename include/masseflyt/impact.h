/*
 * impact.h - the impact factors (data/trucks.csv, fuels.csv, factors.csv,
 * and the optional gate_fees.csv and detours.csv),
 * and the haul model: what moving a tonne a road distance costs and
 * emits with a given fleet.
 *
 * Every factor carries its source and whether it is an estimate, so that
 * reports can print them in an appendix.
 */
#ifndef MF_IMPACT_H
#define MF_IMPACT_H

#include "masseflyt/error.h"

#include <stddef.h>

#define MF_MAX_FUELS 8
#define MF_MAX_FLEET 8

struct mf_truck {
    const char *code;
    const char *name_no;
    const char *name_en;
    double payload_t; /* tonnes a load may weigh */
    double body_m3;   /* loose m3 the body (with trailer) holds; 0 = no
                         volume limit */
    int energy; /* fuel index of the energy it runs on (diesel, electricity) */
    double use_loaded_per_km; /* litres or kWh per km */
    double use_empty_per_km;
    double cost_nok_per_hour; /* vehicle and driver, without fuel */
    double speed_kmh;         /* average over a haul */
    double load_unload_min;   /* per trip */
    double nox_g_per_km;
    double pm_g_per_km;
    int estimate;
    const char *source;
};

struct mf_fuel {
    const char *code;
    const char *name_no;
    const char *name_en;
    const char *unit; /* "l" or "kWh" */
    double co2e_ttw_kg;
    double co2e_wtw_kg;
    double price_nok;
    int estimate;
    const char *source;
};

struct mf_factor {
    const char *key;
    const char *text; /* as written */
    double value;     /* NAN when the value is not a number */
    const char *unit;
    int estimate;
    const char *source;
};

/* A row of data/gate_fees.csv: what a receiving site charges for a
 * material class, as a factor on the site's own fee (its fee for ordinary
 * clean soil). The class is a material code or a material category of
 * data/materials.csv; a material's own row wins over its category's. */
struct mf_fee_class {
    const char *cls;
    double factor;
    int estimate;
    const char *source;
    const char *where; /* "path:line: class", for errors */
};

/* A row of data/detours.csv: road km per great-circle km between two
 * municipalities (both ways), where the roads go round a fjord or lake
 * and the one circuity factor would be far too short. */
struct mf_detour {
    const char *from, *to; /* 4-digit municipality numbers */
    double factor;
    int estimate;
    const char *source;
};

/* How a pair of sites is served: by truck (the haul model), or by a
 * barge or conveyor of data/modes.csv. */
enum mf_mode { MF_MODE_TRUCK = 0, MF_MODE_BARGE, MF_MODE_CONVEYOR };

/* A row of data/modes.csv: a pair of sites (both ways) joined by a barge
 * route or a conveyor, which serves every flow between them in place of
 * trucks. A tonne costs nok_t (loading, unloading, the terminals) plus
 * nok_tkm per tonne-km over km, and emits co2e_kg_tkm per tonne-km. */
struct mf_link {
    const char *from, *to; /* site ids */
    enum mf_mode mode;
    double km;          /* by barge or belt, one way */
    double nok_t;       /* NOK per tonne, whatever the distance */
    double nok_tkm;     /* NOK per tonne-km */
    double co2e_kg_tkm; /* kg CO2e per tonne-km */
    int estimate;
    const char *source;
};

struct mf_factors;
struct mf_material;
struct mf_catalog;

/* Loads the factor files from a data folder (NULL = default). */
int mf_factors_load(struct mf_factors **out, const char *data_dir,
                    struct mf_error *err);
/* A copy that can be changed (scenarios override factors). */
int mf_factors_copy(struct mf_factors **out, const struct mf_factors *f,
                    struct mf_error *err);
void mf_factors_free(struct mf_factors *f);

/* ------------------------------------------------------------------ */
/* Settings: the keys of data/factors.csv the code reads                */
/* ------------------------------------------------------------------ */

/* Every key of data/factors.csv that the code reads, by name, so that a
 * misspelt key is a compile error rather than a silent default. Each has
 * one row in the settings table (src/lib/impact/settings.c): its key in
 * the file, its type, its default when the file has no row for it, its
 * unit and what it is for. */
enum mf_setting {
    MF_SET_CIRCUITY = 0,        /* road km per great-circle km */
    MF_SET_EMISSION_SCOPE,      /* "wtw" or "ttw" */
    MF_SET_VIRGIN_ROCK_CO2E,    /* kg CO2e per t of crushed rock */
    MF_SET_VIRGIN_GRAVEL_CO2E,  /* kg CO2e per t of sand and gravel */
    MF_SET_CRUSHING_CO2E,       /* kg CO2e per t processed */
    MF_SET_HANDLING_DIESEL,     /* l diesel per t through storage */
    MF_SET_LAND_ALLOWANCE,      /* share added for slopes and roads */
    MF_SET_DEFAULT_FILL_HEIGHT, /* m */
    MF_SET_QUALITY_STEP,        /* NOK per t per rank step */
    MF_SET_PENALTY_UNPLACED,    /* NOK per t */
    MF_SET_PENALTY_UNMET,       /* NOK per t */
    MF_SET_SHORTFALL_UNPLACED,  /* NOK per t: priced shortfall, unplaced */
    MF_SET_SHORTFALL_UNMET,     /* NOK per t: priced shortfall, unmet */
    MF_SET_MAX_HAUL_KM,         /* road km */
    MF_SET_CANDIDATES_K,        /* destinations per origin and kind */
    MF_SET_TRUCK,               /* a truck class of data/trucks.csv */
    MF_SET_PERIOD,              /* week, month, quarter or year */
    MF_SET_LANDFILL_TAX,        /* NOK per t landfilled */
    MF_SET_CO2_PRICE,           /* NOK per t CO2e */
    MF_SET_LAND_PRICE,          /* NOK per m2 of land taken */
    MF_SET_COUNT
};

enum mf_setting_type {
    MF_SETTING_NUMBER = 0, /* a finite number */
    MF_SETTING_CHOICE,     /* one of `choices` (case does not matter) */
    MF_SETTING_TRUCK       /* the code of a truck class of data/trucks.csv */
};

struct mf_setting_info {
    const char *key; /* as in data/factors.csv */
    enum mf_setting_type type;
    double def;           /* MF_SETTING_NUMBER: the default */
    const char *def_text; /* the others: the default */
    const char *choices;  /* MF_SETTING_CHOICE: "week|month|quarter|year" */
    const char *unit;
    const char *doc; /* one line: what the code does with it */
};

/* The table row of a setting. The row is static: do not free it. */
const struct mf_setting_info *mf_setting_info(enum mf_setting s);
/* The setting with this key, or -1. */
int mf_setting_find(const char *key);
/* A number setting: its value in the factors (after any scenario set
 * it), or its default when the factors have no row for it. Asking a
 * text setting for a number is misuse. */
double mf_setting_num(const struct mf_factors *f, enum mf_setting s);
/* A text setting (choice, truck), or its default. The text belongs to
 * the factors. */
const char *mf_setting_text(const struct mf_factors *f, enum mf_setting s);
/* Whether text is a valid value of the setting: MF_OK, or MF_EINVAL with
 * a message saying what the value must be ("must be a number (NOK per
 * t), not 'ten'"); naming the key and where is the caller's. */
int mf_setting_check(const struct mf_factors *f, enum mf_setting s,
                     const char *text, struct mf_error *err);

/* Sets a parameter by path: a factor key ("circuity"), a fuel field
 * ("fuel.diesel.price_nok", co2e_ttw_kg, co2e_wtw_kg) or a truck field
 * ("truck.trailer.cost_nok_per_hour", payload_t, body_m3, speed_kmh,
 * use_loaded_per_km, use_empty_per_km, load_unload_min, nox_g_per_km,
 * pm_g_per_km). A setting's value must be of its type. MF_EINVAL names
 * what is unknown or wrong. */
int mf_factors_set_param(struct mf_factors *f, const char *path,
                         const char *value, const char *source,
                         struct mf_error *err);
/* Reads a numeric parameter by path (a factor key, a fuel or a truck
 * field); NAN when unknown or not a number. */
double mf_factors_get_param(const struct mf_factors *f, const char *path);
int mf_factors_n(const struct mf_factors *f);
const struct mf_factor *mf_factor_at(const struct mf_factors *f, int i);

int mf_factors_n_trucks(const struct mf_factors *f);
const struct mf_truck *mf_truck_at(const struct mf_factors *f, int i);
int mf_truck_find(const struct mf_factors *f, const char *code);
int mf_factors_n_fuels(const struct mf_factors *f);
const struct mf_fuel *mf_fuel_at(const struct mf_factors *f, int i);
int mf_fuel_find(const struct mf_factors *f, const char *code);

/* The gate-fee factor of a material (1 when gate_fees.csv has no row for
 * it or its category, or m is NULL). */
double mf_gate_fee_factor(const struct mf_factors *f,
                          const struct mf_material *m);
int mf_factors_n_fee_classes(const struct mf_factors *f);
const struct mf_fee_class *mf_fee_class_at(const struct mf_factors *f, int i);
/* The detour factor between two municipalities (either order), or 0 when
 * detours.csv has no row for the pair or either is NULL. */
double mf_detour_factor(const struct mf_factors *f, const char *a,
                        const char *b);
int mf_factors_n_detours(const struct mf_factors *f);
const struct mf_detour *mf_detour_at(const struct mf_factors *f, int i);
/* Every class of gate_fees.csv must be a material code or a material
 * category of the catalogue: MF_EINVAL naming the file, line and the rule
 * for the first that is neither. */
int mf_fee_classes_check(const struct mf_factors *f,
                         const struct mf_catalog *cat, struct mf_error *err);
/* The barge or conveyor between two sites (either order) of
 * data/modes.csv, or NULL when none (or either id is NULL). */
const struct mf_link *mf_link_find(const struct mf_factors *f, const char *a,
                                   const char *b);
int mf_factors_n_links(const struct mf_factors *f);
const struct mf_link *mf_link_at(const struct mf_factors *f, int i);
/* "truck", "barge", "conveyor". */
const char *mf_mode_name(enum mf_mode m);

/* A fleet: shares of hauls by truck class and the fuel it burns (a
 * diesel truck may run on HVO). Shares sum to 1. */
struct mf_fleet {
    int n;
    int truck[MF_MAX_FLEET];
    int fuel[MF_MAX_FLEET];
    double share[MF_MAX_FLEET];
};

/* The fleet of one truck class on its own energy. */
int mf_fleet_single(const struct mf_factors *f, const char *truck,
                    struct mf_fleet *out, struct mf_error *err);
/* Parses "trailer:diesel=0.6,trailer:hvo=0.1,electric=0.3". */
int mf_fleet_parse(const struct mf_factors *f, const char *text,
                   struct mf_fleet *out, struct mf_error *err);

/* What one tonne hauled `km` road kilometres one way costs and emits,
 * with the return trip empty. A load is limited by the payload and by the
 * body volume: with loose_t_m3 the material's loose density (t per loose
 * m3; 0 = unknown, payload only), a truck carries
 * min(payload, body_m3 x loose_t_m3) tonnes a trip. */
struct mf_haul {
    double cost_nok;
    double co2e_kg; /* in the scope of factor emission_scope */
    double nox_g;
    double pm_g;
    double trips;    /* loads */
    double truck_km; /* loaded and empty */
    double tonne_km; /* loaded distance x tonnes */
    double hours;
    double fuel[MF_MAX_FUELS]; /* litres or kWh by fuel index */
};

void mf_haul_per_tonne(const struct mf_factors *f, const struct mf_fleet *fleet,
                       double km, struct mf_haul *out);
void mf_haul_per_tonne_of(const struct mf_factors *f,
                          const struct mf_fleet *fleet, double km,
                          double loose_t_m3, struct mf_haul *out);
/* Tonnes one load of truck t carries of a material of this loose
 * density (0 = payload only). */
double mf_truck_load_t(const struct mf_truck *t, double loose_t_m3);

/* 1 when factor emission_scope is "wtw" (the default), 0 for "ttw". */
int mf_factors_wtw(const struct mf_factors *f);

#endif
