/*
 * impact.h - the impact factors (data/trucks.csv, fuels.csv, factors.csv),
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
    double payload_t;
    double loose_m3;
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

struct mf_factors;

/* Loads the factor files from a data folder (NULL = default). */
int mf_factors_load(struct mf_factors **out, const char *data_dir,
                    struct mf_error *err);
/* A copy that can be changed (scenarios override factors). */
int mf_factors_copy(struct mf_factors **out, const struct mf_factors *f,
                    struct mf_error *err);
void mf_factors_free(struct mf_factors *f);

/* A numeric factor, or NAN when there is none of that key. */
double mf_factor(const struct mf_factors *f, const char *key);
/* The text of a factor, or NULL. */
const char *mf_factor_text(const struct mf_factors *f, const char *key);
/* Sets a factor (adds it when new); text is parsed as a number when it is
 * one. Used by scenarios. Returns 0 or MF_ENOMEM. */
int mf_factor_set(struct mf_factors *f, const char *key, const char *text,
                  const char *source);
/* Sets a parameter by path: a factor key ("circuity"), a fuel field
 * ("fuel.diesel.price_nok", co2e_ttw_kg, co2e_wtw_kg) or a truck field
 * ("truck.trailer.cost_nok_per_hour", payload_t, speed_kmh,
 * use_loaded_per_km, use_empty_per_km, load_unload_min, nox_g_per_km,
 * pm_g_per_km). MF_EINVAL names what is unknown. */
int mf_factors_set_param(struct mf_factors *f, const char *path,
                         const char *value, const char *source,
                         struct mf_error *err);
/* Reads a parameter by path; NAN when unknown. */
double mf_factors_get_param(const struct mf_factors *f, const char *path);
int mf_factors_n(const struct mf_factors *f);
const struct mf_factor *mf_factor_at(const struct mf_factors *f, int i);

int mf_factors_n_trucks(const struct mf_factors *f);
const struct mf_truck *mf_truck_at(const struct mf_factors *f, int i);
int mf_truck_find(const struct mf_factors *f, const char *code);
int mf_factors_n_fuels(const struct mf_factors *f);
const struct mf_fuel *mf_fuel_at(const struct mf_factors *f, int i);
int mf_fuel_find(const struct mf_factors *f, const char *code);

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
 * with the return trip empty. */
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

/* 1 when factor emission_scope is "wtw" (the default), 0 for "ttw". */
int mf_factors_wtw(const struct mf_factors *f);

#endif
