/*
 * model.h - the registry of masses: organisations, projects, sites and lots
 * (supply = surplus, demand = need), and the catalogue they refer to
 * (materials, use classes, material-to-use compatibility, rules).
 *
 * Everything the planner, the balance and the reports know about the world
 * lives in a `struct mf_registry`. A registry owns all its strings; records
 * handed out are borrowed and live as long as the registry.
 *
 * Quantities always carry a volume state: tonnes, in-situ (pfm3, prosjektert
 * fast), loose (ulm3, utført løs) or placed (pam3, prosjektert anbrakt).
 * Conversions use the per-material densities of the catalogue
 * (data/materials.csv), never a constant in code.
 *
 * Dates are whole days since 1970-01-01 (proleptic Gregorian calendar).
 */
#ifndef MF_MODEL_H
#define MF_MODEL_H

#include "masseflyt/error.h"
#include "masseflyt/geo.h"

#include <stddef.h>
#include <stdint.h>

#define MF_DATE_NONE INT32_MIN

enum mf_state {
    MF_STATE_NONE = 0, /* not given: refused wherever a quantity is */
    MF_STATE_T,        /* tonnes */
    MF_STATE_PFM3,     /* in-situ volume, m3 */
    MF_STATE_ULM3,     /* loose volume, m3 */
    MF_STATE_PAM3,     /* placed (compacted) volume, m3 */
    MF_STATE_COUNT
};

enum mf_site_kind {
    MF_SITE_PROJECT = 0, /* a construction site (where lots are) */
    MF_SITE_STORAGE,     /* intermediate storage, mellomlager */
    MF_SITE_PROCESSING,  /* crushing, sorting, washing plant */
    MF_SITE_RECEIVING,   /* receiving site, massemottak or deponi */
    MF_SITE_QUARRY,      /* quarry or gravel pit: pukkverk, grustak */
    MF_SITE_KIND_COUNT
};

enum mf_lot_kind {
    MF_LOT_SUPPLY = 0, /* surplus: masses that must leave */
    MF_LOT_DEMAND      /* need: masses that must arrive */
};

/* Acid-forming rock test (syredannende bergarter, e.g. alum shale). */
enum mf_acid {
    MF_ACID_UNSTATED = 0, /* nothing said */
    MF_ACID_NOT_TESTED,   /* stated: not tested */
    MF_ACID_NEGATIVE,     /* tested, not acid-forming */
    MF_ACID_POSITIVE      /* tested, acid-forming: out of scope */
};

/* Plant-health restriction on the property the soil comes from
 * (Mattilsynet; plantehelseforskriften). */
enum mf_plant_health {
    MF_PH_NONE = 0,
    MF_PH_PCN,         /* potato cyst nematodes (potetcystenematoder) */
    MF_PH_WILD_OAT,    /* wild oat (floghavre) */
    MF_PH_POTATO_WART, /* potato wart (potetkreft) */
    MF_PH_RING_ROT,    /* ring rot (ringråte) */
    MF_PH_OTHER
};

/* Restrictions at a place (site or lot), as bits. */
#define MF_RESTR_QUICK_CLAY 0x01u /* in a quick-clay hazard zone (NVE) */
#define MF_RESTR_FLOOD 0x02u      /* in a flood hazard zone (NVE) */
#define MF_RESTR_HERITAGE 0x04u   /* touches a cultural-heritage site */
#define MF_RESTR_SEA 0x08u        /* fill in sea or watercourse */
#define MF_RESTR_FARMLAND 0x10u   /* on cultivated land (AR5 21/22/23) */
#define MF_RESTR_ALIEN 0x20u      /* alien species present in the soil */

enum mf_entity {
    MF_ENT_ORG = 0,
    MF_ENT_PROJECT,
    MF_ENT_SITE,
    MF_ENT_LOT,
    MF_ENT_COUNT
};

/* A place as given and as WGS84. */
struct mf_location {
    double x, y;     /* as given, in `epsg` (x = east/lon, y = north/lat) */
    int epsg;        /* 25832, 25833, 25835, 4258 or 4326; 0 = no place */
    double lon, lat; /* WGS84 degrees */
};

struct mf_org {
    const char *id;
    const char *orgnr; /* 9 digits, mod-11 check digit; may be NULL */
    const char *name;
    int is_public; /* a public body (state, county, municipality) */
    const char *note;
};

struct mf_project {
    const char *id;
    const char *name;
    const char *org;          /* organisation id; may be NULL */
    const char *municipality; /* 4-digit kommunenummer; may be NULL */
    const char *kind;         /* road, rail, harbour, building, water, ... */
    int32_t start, end;       /* MF_DATE_NONE when unknown */
    const char *source;       /* URL or citation of the figures */
    const char *note;
};

struct mf_site {
    const char *id;
    const char *name;
    enum mf_site_kind kind;
    const char *org;
    const char *project;
    const char *municipality;
    struct mf_location loc;
    unsigned restrictions;      /* MF_RESTR_* */
    int32_t open_from, open_to; /* MF_DATE_NONE = unbounded */
    /* Materials the site accepts (storage, processing input, receiving) or
     * sells (quarry), as catalogue indices. */
    int *materials;
    int n_materials;
    int product; /* processing: the output material; -1 otherwise */
    /* Capacity as given, and in tonnes: receiving = what it can still take
     * in total; storage = what it can hold at once, per material;
     * processing and quarry = what it can put out per year. */
    double capacity;
    enum mf_state capacity_state;
    double capacity_t; /* < 0: unlimited */
    /* NOK per tonne: gate fee (receiving), price (quarry), handling in
     * and out (storage), processing cost (processing). */
    double fee;
    double holding;       /* storage: NOK per tonne per month held */
    double fill_height_m; /* receiving: mean fill height, for land take */
    /* Receiving: the site's own gate fee per material, as given
     * ("leire=180;sprengstein=0", NOK per t by material code); NULL when
     * it states none (mf_site_material_fee). */
    const char *material_fees;
    /* receiving: the permit's capacity for single materials,
     * "code=tonnes;..." (mf_site_material_cap); NULL: shared */
    const char *material_caps;
    /* Receiving: the most it may take in a year by its permit, in tonnes,
     * beside the total capacity; <= 0: no yearly limit (import gives -1
     * for an empty cell and refuses values below 1 t). */
    double intake_t;
    const char *source;
    const char *note;
};

struct mf_lot {
    const char *id;
    enum mf_lot_kind kind;
    const char *project;
    const char *site; /* where it is; may be NULL when loc is given */
    int material;     /* supply: required; demand: -1 or a restriction */
    int use;          /* demand: use class; supply: -1 */
    double quantity;
    enum mf_state state;
    double tonnes;
    int32_t from, to;       /* window, inclusive */
    int flexible;           /* demand: may arrive any time in the window */
    double stockpile_t;     /* supply: on-site stockpile that can wait */
    int condition_class;    /* tilstandsklasse 1..5; 0 = not stated */
    int natural_background; /* values above the norm are natural */
    enum mf_acid acid;
    enum mf_plant_health plant_health;
    unsigned restrictions;     /* MF_RESTR_*, the lot's own */
    int planned_independently; /* demand: -1 unknown, 0 no, 1 yes */
    int is_public;             /* may be published as open data */
    struct mf_location loc;    /* own, or the site's */
    const char *source;
    const char *note;
};

/* ------------------------------------------------------------------ */
/* The catalogue: data/materials.csv, uses.csv, compat.csv, rules.csv   */
/* ------------------------------------------------------------------ */

struct mf_material {
    const char *code;     /* "sprengstein" */
    const char *name_no;  /* "Sprengstein" */
    const char *name_en;  /* "Blasted rock" */
    const char *category; /* topsoil, soil, clay, rock, product, organic */
    /* t/m3 per state; density[MF_STATE_T] is 1. 0 = unknown. */
    double density[MF_STATE_COUNT];
    const char *ngu_codes; /* NGU løsmasse codes, ";"-separated */
    int acid_forming;      /* e.g. alunskifer: always out of scope */
    int topsoil;           /* matjord: only to topsoil uses */
    const char *source;    /* where the densities come from */
    int estimate;          /* 1 when the densities are estimates */
};

struct mf_use {
    const char *code;    /* "fyllmasse" */
    const char *name_no; /* "Fyllmasse" */
    const char *name_en; /* "General fill" */
    int farmland;        /* the use puts masses on farmland */
    int topsoil_use;     /* a use where topsoil belongs */
    int recovery;        /* counts as recovery (gjenvinning) */
    int sea;             /* fill in sea */
    const char *source;
};

struct mf_catalog;

/* Loads the catalogue from a data folder (NULL = mf_data_dir_default()).
 * Every bad line is an error naming the file, line and field. Caller owns
 * *out. Once loaded, a catalogue is only read, so threads may share it. */
int mf_catalog_load(struct mf_catalog **out, const char *data_dir,
                    struct mf_error *err);
void mf_catalog_free(struct mf_catalog *cat);
/* The data folder the catalogue came from. */
const char *mf_catalog_dir(const struct mf_catalog *cat);
/* The data folder masseflyt was built with. The library reads no
 * environment: a caller that honours $MASSEFLYT_DATA passes the folder it
 * names (src/app/config.c does). */
const char *mf_data_dir_default(void);

/* The day the rules take as today where a record gives no date of its own
 * (validate.h) and an empty balance is drawn over: the day fixed with
 * mf_catalog_set_today, else the clock's (mf_date_today). */
int32_t mf_catalog_today(const struct mf_catalog *cat);
/* Fixes that day (MF_DATE_NONE: the clock's again), for tests and
 * reproducible runs. Call it before the catalogue is shared between
 * threads: it is the one change a loaded catalogue takes. */
void mf_catalog_set_today(struct mf_catalog *cat, int32_t today);

int mf_catalog_n_materials(const struct mf_catalog *cat);
const struct mf_material *mf_catalog_material(const struct mf_catalog *cat,
                                              int i);
/* Index of the material with this code, or -1. */
int mf_catalog_find_material(const struct mf_catalog *cat, const char *code);

int mf_catalog_n_uses(const struct mf_catalog *cat);
const struct mf_use *mf_catalog_use(const struct mf_catalog *cat, int i);
int mf_catalog_find_use(const struct mf_catalog *cat, const char *code);

/* What people write for codes (lookup.c): case (Norwegian letters too),
 * spaces, dots, dashes and underscores do not matter; a material's or
 * use's code, name_no or name_en, or an alias of data/aliases.csv names
 * it. */
enum mf_code_kind {
    MF_CODE_MATERIAL,
    MF_CODE_USE,
    MF_CODE_STATE,
    MF_CODE_COLUMN, /* a column header: the English field name it means */
    MF_CODE_COUNT
};

struct mf_alias {
    enum mf_code_kind kind;
    const char *alias;  /* as written in data/aliases.csv */
    const char *code;   /* the code, state name or English field name */
    const char *doc_nb; /* a column's meaning in Norwegian, or "" */
};

/* Folds s for comparison into out (len bytes): ASCII and Latin-1 capitals
 * to small, no spaces, no-break spaces, dots, dashes or underscores.
 * Returns the length written. */
size_t mf_fold(const char *s, char *out, size_t len);
/* The material or use index, or the enum mf_state, that text names; -1
 * when none (MF_CODE_COLUMN: use mf_catalog_column_alias). */
int mf_catalog_resolve(const struct mf_catalog *cat, enum mf_code_kind kind,
                       const char *text);
/* The code nearest to text by edit distance (about a third of its letters
 * may differ), for a "did you mean"; NULL when none is near. */
const char *mf_catalog_suggest(const struct mf_catalog *cat,
                               enum mf_code_kind kind, const char *text);
/* The English field name a column header is an alias of, among the names
 * for which known(name, ctx) is true; NULL when none. */
const char *mf_catalog_column_alias(const struct mf_catalog *cat,
                                    const char *header,
                                    int (*known)(const char *field, void *ctx),
                                    void *ctx);
int mf_catalog_n_aliases(const struct mf_catalog *cat);
const struct mf_alias *mf_catalog_alias(const struct mf_catalog *cat, int i);

/* Quality rank of material m for use u: 0 = not allowed, 1 = the best fit,
 * higher = allowed but a better material is spent where a poorer one
 * would do. */
int mf_catalog_compat(const struct mf_catalog *cat, int material, int use);

/* What one tonne of an input material becomes at a processing plant
 * (data/yields.csv): products by fixed shares that add up to 1. */
struct mf_yield {
    int product;        /* catalogue material index */
    double share;       /* tonnes of product per tonne of input, (0, 1] */
    int rest;           /* a rest fraction: only receiving sites take it */
    const char *source; /* where the share comes from */
};

/* The yields of input material `input`: their count, with *out at the
 * first. 0 when data/yields.csv gives none (a plant then turns that input
 * into its own product at yield 1). */
int mf_catalog_yields(const struct mf_catalog *cat, int input,
                      const struct mf_yield **out);
/* Quality limits by origin (data/origin_limits.csv): 0 when products made
 * from material `origin` may not serve use `use`, else 1. */
int mf_catalog_origin_allows(const struct mf_catalog *cat, int origin, int use);
/* 1 when products made from `origin` are closed to some use. */
int mf_catalog_origin_limited(const struct mf_catalog *cat, int origin);

/* Converts quantity in state to tonnes with material m's density.
 * MF_EINVAL when the state is NONE or the density is unknown. */
int mf_to_tonnes(const struct mf_catalog *cat, int material, double quantity,
                 enum mf_state state, double *tonnes, struct mf_error *err);
/* The other way: tonnes to a quantity in state. */
int mf_from_tonnes(const struct mf_catalog *cat, int material, double tonnes,
                   enum mf_state state, double *quantity, struct mf_error *err);

/* The volume that `tonnes` of lot l take in the state its quantity was
 * given in (pfm3, ulm3 or pam3): quantity x tonnes / the lot's tonnes, so
 * the lot's own tonnes give back exactly what the user wrote. 1 with *m3
 * set; 0 when the lot was given in tonnes or has none. */
int mf_lot_volume(const struct mf_lot *l, double tonnes, double *m3);

/* A site's own gate fee for a material (its material_fees): 1 with *fee
 * set when it states one, 0 when not. */
int mf_site_material_fee(const struct mf_catalog *cat, const struct mf_site *s,
                         int material, double *fee);
/* Writes material_fees text `in` with every fee times factor to out.
 * MF_EINVAL when an item is not "code=number" or out is too short. */
int mf_site_material_fees_scale(const char *in, double factor, char *out,
                                size_t len);
/* Checks a site's material_fees: each item "code=NOK per t" (a number with
 * a point for decimals), items separated by ';', each code a material the
 * site accepts, once. MF_EINVAL names the item and the rule broken. */
int mf_site_material_fees_check(const struct mf_catalog *cat,
                                const struct mf_site *s, struct mf_error *err);

/* A receiving site's own capacity for a material (its material_caps, from
 * its permit), in tonnes: 1 with *cap set when it states one, 0 when the
 * material shares the site's capacity. */
int mf_site_material_cap(const struct mf_catalog *cat, const struct mf_site *s,
                         int material, double *cap);
/* Checks a site's material_caps: only a receiving site has them; each item
 * "code=tonnes" (a number >= 0 with a point for decimals), items separated
 * by ';', each code a material the site accepts, once. MF_EINVAL names the
 * item and the rule broken. */
int mf_site_material_caps_check(const struct mf_catalog *cat,
                                const struct mf_site *s, struct mf_error *err);

/* Names: "t", "pfm3", "ulm3", "pam3"; parse accepts those, "tonn",
 * "m3 pfm", "pfm³" and the like. */
const char *mf_state_name(enum mf_state s);
enum mf_state mf_state_parse(const char *s);
const char *mf_site_kind_name(enum mf_site_kind k);
int mf_site_kind_parse(const char *s); /* -1 when unknown */
const char *mf_plant_health_name(enum mf_plant_health p);
int mf_plant_health_parse(const char *s);
const char *mf_acid_name(enum mf_acid a);
int mf_acid_parse(const char *s);

/* ------------------------------------------------------------------ */
/* The registry                                                         */
/* ------------------------------------------------------------------ */

struct mf_registry;

/* An empty registry over a catalogue (borrowed: it must outlive the
 * registry). Caller owns *out. */
int mf_registry_new(struct mf_registry **out, const struct mf_catalog *cat,
                    struct mf_error *err);
void mf_registry_free(struct mf_registry *reg);
const struct mf_catalog *mf_registry_catalog(const struct mf_registry *reg);

/* Adds a record, copying its strings and arrays. A record with the id of
 * one already present replaces it. Returns 0 or MF_ENOMEM. rec points to
 * the struct of kind e (struct mf_org for MF_ENT_ORG, ...). */
int mf_registry_put(struct mf_registry *reg, enum mf_entity e, const void *rec);
int mf_registry_put_org(struct mf_registry *reg, const struct mf_org *in);
int mf_registry_put_project(struct mf_registry *reg,
                            const struct mf_project *in);
int mf_registry_put_site(struct mf_registry *reg, const struct mf_site *in);
int mf_registry_put_lot(struct mf_registry *reg, const struct mf_lot *in);

size_t mf_registry_count(const struct mf_registry *reg, enum mf_entity e);
const struct mf_org *mf_registry_org_at(const struct mf_registry *reg,
                                        size_t i);
const struct mf_project *mf_registry_project_at(const struct mf_registry *reg,
                                                size_t i);
const struct mf_site *mf_registry_site_at(const struct mf_registry *reg,
                                          size_t i);
const struct mf_lot *mf_registry_lot_at(const struct mf_registry *reg,
                                        size_t i);

/* Record i of kind e (a struct mf_org, ... as for put), or NULL past the
 * end. */
const void *mf_registry_at(const struct mf_registry *reg, enum mf_entity e,
                           size_t i);

/* Look-ups by id; NULL when absent. */
const void *mf_registry_get(const struct mf_registry *reg, enum mf_entity e,
                            const char *id);
const struct mf_org *mf_registry_org(const struct mf_registry *reg,
                                     const char *id);
const struct mf_project *mf_registry_project(const struct mf_registry *reg,
                                             const char *id);
const struct mf_site *mf_registry_site(const struct mf_registry *reg,
                                       const char *id);
const struct mf_lot *mf_registry_lot(const struct mf_registry *reg,
                                     const char *id);
/* Index of the record with this id, or -1. */
int mf_registry_index(const struct mf_registry *reg, enum mf_entity e,
                      const char *id);

/* The municipality of a lot: its site's, else its project's; NULL. */
const char *mf_lot_municipality(const struct mf_registry *reg,
                                const struct mf_lot *lot);

/* ------------------------------------------------------------------ */
/* Small helpers used across the library                               */
/* ------------------------------------------------------------------ */

/* "2026-11-28" -> days. MF_EINVAL for anything else (also "2026-02-30"). */
int mf_date_parse(const char *s, int32_t *days, struct mf_error *err);
/* days -> "2026-11-28" in buf (at least 11 bytes). */
char *mf_date_format(int32_t days, char *buf, size_t len);
void mf_date_ymd(int32_t days, int *y, int *m, int *d);
int32_t mf_date_from_ymd(int y, int m, int d);
/* Today (UTC), from the clock. A fixed day for tests is the caller's to
 * pass (mf_catalog_set_today); the library never reads $MASSEFLYT_TODAY. */
int32_t mf_date_today(void);

/* Norwegian organisation number: 9 digits with a mod-11 check digit
 * (weights 3 2 7 6 5 4 3 2). Returns 1 when valid. */
int mf_orgnr_valid(const char *s);

#endif
