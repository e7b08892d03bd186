/*
 * catalog_int.h - the catalogue's insides, shared by catalog.c and the
 * rule checks in validate.c.
 */
#ifndef MF_CATALOG_INT_H
#define MF_CATALOG_INT_H

#include "masseflyt/model.h"
#include "masseflyt/municipality.h"
#include "masseflyt/validate.h"

#include "geo/area.h"
#include "util/arena.h"
#include "util/strmap.h"

/* At most this many record fields may have a limit (validate.c). */
#define CATALOG_MAX_LIMITED 16

struct mf_catalog {
    char *dir;
    struct arena arena;
    struct mf_material *materials;
    int n_materials;
    struct strmap material_index;
    struct mf_use *uses;
    int n_uses;
    struct strmap use_index;
    unsigned char *compat; /* n_materials x n_uses ranks */
    struct mf_rule *rules;
    int *rule_check; /* per rule: the index of its check in validate.c */
    int n_rules;
    struct limit *limits; /* data/limits.csv */
    int n_limits;
    /* For each field validate.c bounds (its index in validate.c's table),
     * the index of its limit in `limits`, or -1: resolved once at load, so
     * checking a record looks nothing up by name. */
    int limit_of[CATALOG_MAX_LIMITED];
    /* data/yields.csv: per input material its yields, from
     * yields[yield_first[m]] on, yield_n[m] of them (catalog_yields.c). */
    struct mf_yield *yields;
    int *yield_first, *yield_n;
    /* data/origin_limits.csv: n_materials x n_uses, 1 where products made
     * from the material may not serve the use. */
    unsigned char *origin_block;
    struct area *norway;
    /* lookup.c: folded codes, names and aliases per kind, to the index
     * (material, use) or state they name; the aliases of data/aliases.csv. */
    struct strmap alias_index[MF_CODE_COUNT];
    struct mf_alias *aliases;
    int n_aliases;
    int32_t today; /* mf_catalog_set_today; MF_DATE_NONE = the clock's */
    /* data/municipalities.csv and municipality_changes.csv
     * (catalog_munis.c): the numbers in force and the retired ones, each
     * indexed by its value (0..9999 to the index, -1); NULL without the
     * files. */
    struct mf_municipality *munis;
    int n_munis;
    struct muni_change *muni_changes;
    int n_muni_changes;
    short *muni_index, *muni_change_index;
};

/* A plausible range of one field (data/limits.csv): above soft_max a value
 * is flagged, above hard_max refused (rules with check `plausible`). */
struct limit {
    const char *key; /* "lot.tonnes", "site.fee", ... */
    const char *unit;
    double hard_min; /* below it refused; -HUGE_VAL when none */
    double soft_max, hard_max;
    int estimate;
    const char *source;
};

/* Loads data/yields.csv and data/origin_limits.csv (catalog_yields.c);
 * a data folder without them has no yields and no limits by origin. */
int catalog_load_yields(struct mf_catalog *cat, struct mf_error *err);
void catalog_free_yields(struct mf_catalog *cat);

/* The limit of this key, or NULL. */
const struct limit *catalog_limit(const struct mf_catalog *cat,
                                  const char *key);

/* lookup.c: loads data/aliases.csv and the names of materials and uses
 * (after both are loaded); frees what it loaded. */
int catalog_load_aliases(struct mf_catalog *cat, struct mf_error *err);
void catalog_free_aliases(struct mf_catalog *cat);

/* catalog_munis.c: loads data/municipalities.csv and
 * data/municipality_changes.csv (both optional); frees what it loaded. */
int catalog_load_municipalities(struct mf_catalog *cat, struct mf_error *err);
void catalog_free_municipalities(struct mf_catalog *cat);

/* The index of the check of this name in validate.c, or -1. */
int validate_check_index(const char *check);
/* The index of the field a limit key names in validate.c, or -1. */
int validate_limit_known(const char *key);

#endif
