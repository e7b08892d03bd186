/*
 * import.c - records (format/records.h) to registry entities: the column
 * schemas of organisations, projects, sites and lots, type checks,
 * references, coordinates through PROJ, and the rules (validate.h).
 *
 * Every problem becomes an issue naming file, line and column; the import
 * goes on to the end of the input so the user sees all of them at once.
 * Records are handed to the sink only while no error has been seen, so a
 * caller that rolls back on error never receives half an import it cannot
 * undo. docs/FORMATS.md documents the columns; keep the two in step.
 */
#include "masseflyt/io.h"

#include "geo/crs.h"
#include "format/records.h"
#include "util/arena.h"
#include "util/strmap.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

struct mf_import {
    struct mf_registry *ctx;
    const struct mf_catalog *cat;
    struct mf_import_opts opts;
    struct crs *crs;
    /* Ids seen in this import, per kind, to refuse duplicates. */
    struct strmap seen[MF_ENT_COUNT];
    struct arena ids;
    int errors; /* an error has been seen: stop feeding the sink */
};

/* Every column any kind of record reads: its enum name and its header. */
#define COLUMNS(COL)                                                           \
    COL(ID, "id")                                                              \
    COL(ORGNR, "orgnr")                                                        \
    COL(NAME, "name")                                                          \
    COL(PUBLIC, "public")                                                      \
    COL(NOTE, "note")                                                          \
    COL(ORG, "org")                                                            \
    COL(MUNICIPALITY, "municipality")                                          \
    COL(KIND, "kind")                                                          \
    COL(START, "start")                                                        \
    COL(END, "end")                                                            \
    COL(SOURCE, "source")                                                      \
    COL(PROJECT, "project")                                                    \
    COL(X, "x")                                                                \
    COL(Y, "y")                                                                \
    COL(EPSG, "epsg")                                                          \
    COL(MATERIALS, "materials")                                                \
    COL(PRODUCT, "product")                                                    \
    COL(CAPACITY, "capacity")                                                  \
    COL(CAPACITY_UNIT, "capacity_unit")                                        \
    COL(FEE, "fee")                                                            \
    COL(HOLDING, "holding")                                                    \
    COL(FILL_HEIGHT_M, "fill_height_m")                                        \
    COL(OPEN_FROM, "open_from")                                                \
    COL(OPEN_TO, "open_to")                                                    \
    COL(QUICK_CLAY, "quick_clay")                                              \
    COL(FLOOD_ZONE, "flood_zone")                                              \
    COL(HERITAGE, "heritage")                                                  \
    COL(SEA, "sea")                                                            \
    COL(FARMLAND, "farmland")                                                  \
    COL(ALIEN_SPECIES, "alien_species")                                        \
    COL(SITE, "site")                                                          \
    COL(MATERIAL, "material")                                                  \
    COL(USE, "use")                                                            \
    COL(QUANTITY, "quantity")                                                  \
    COL(UNIT, "unit")                                                          \
    COL(FROM, "from")                                                          \
    COL(TO, "to")                                                              \
    COL(FLEXIBLE, "flexible")                                                  \
    COL(STOCKPILE_T, "stockpile_t")                                            \
    COL(CONDITION_CLASS, "condition_class")                                    \
    COL(NATURAL_BACKGROUND, "natural_background")                              \
    COL(ACID_TEST, "acid_test")                                                \
    COL(PLANT_HEALTH, "plant_health")                                          \
    COL(PLANNED_INDEPENDENTLY, "planned_independently")

enum col {
#define AS_ENUM(e, name) C_##e,
    COLUMNS(AS_ENUM)
#undef AS_ENUM
        C_COUNT
};

static const char *const col_names[C_COUNT] = {
#define AS_NAME(e, name) name,
    COLUMNS(AS_NAME)
#undef AS_NAME
};

/* The columns each kind reads. A column not listed is ignored (and named
 * in stats.ignored_columns). */
static const int org_cols[] = {C_ID, C_ORGNR, C_NAME, C_PUBLIC, C_NOTE, -1};
static const int project_cols[] = {C_ID,   C_NAME,  C_ORG, C_MUNICIPALITY,
                                   C_KIND, C_START, C_END, C_SOURCE,
                                   C_NOTE, -1};
static const int site_cols[] = {C_ID,
                                C_NAME,
                                C_KIND,
                                C_ORG,
                                C_PROJECT,
                                C_MUNICIPALITY,
                                C_X,
                                C_Y,
                                C_EPSG,
                                C_MATERIALS,
                                C_PRODUCT,
                                C_CAPACITY,
                                C_CAPACITY_UNIT,
                                C_FEE,
                                C_HOLDING,
                                C_FILL_HEIGHT_M,
                                C_OPEN_FROM,
                                C_OPEN_TO,
                                C_QUICK_CLAY,
                                C_FLOOD_ZONE,
                                C_HERITAGE,
                                C_SEA,
                                C_FARMLAND,
                                C_ALIEN_SPECIES,
                                C_SOURCE,
                                C_NOTE,
                                -1};
static const int lot_cols[] = {C_ID,
                               C_KIND,
                               C_PROJECT,
                               C_SITE,
                               C_MATERIAL,
                               C_USE,
                               C_QUANTITY,
                               C_UNIT,
                               C_FROM,
                               C_TO,
                               C_FLEXIBLE,
                               C_STOCKPILE_T,
                               C_CONDITION_CLASS,
                               C_NATURAL_BACKGROUND,
                               C_ACID_TEST,
                               C_PLANT_HEALTH,
                               C_ALIEN_SPECIES,
                               C_QUICK_CLAY,
                               C_FLOOD_ZONE,
                               C_HERITAGE,
                               C_SEA,
                               C_FARMLAND,
                               C_PLANNED_INDEPENDENTLY,
                               C_PUBLIC,
                               C_X,
                               C_Y,
                               C_EPSG,
                               C_SOURCE,
                               C_NOTE,
                               -1};

static const int *const columns_of[MF_ENT_COUNT] = {org_cols, project_cols,
                                                    site_cols, lot_cols};
static const char *const kind_words[MF_ENT_COUNT] = {
    "organisations", "projects", "sites", "lots"};

int mf_import_kind_parse(const char *s)
{
    if (!s)
        return -1;
    if (!strcasecmp(s, "orgs") || !strcasecmp(s, "organisations") ||
        !strcasecmp(s, "organizations") || !strcasecmp(s, "org"))
        return MF_ENT_ORG;
    if (!strcasecmp(s, "projects") || !strcasecmp(s, "project"))
        return MF_ENT_PROJECT;
    if (!strcasecmp(s, "sites") || !strcasecmp(s, "site"))
        return MF_ENT_SITE;
    if (!strcasecmp(s, "lots") || !strcasecmp(s, "lot"))
        return MF_ENT_LOT;
    return -1;
}

int mf_import_kind_from_name(const char *path)
{
    const char *base = strrchr(path, '/');
    char word[32];
    size_t n = 0;

    base = base ? base + 1 : path;
    while (base[n] && isalpha((unsigned char)base[n]) && n + 1 < sizeof word) {
        word[n] = base[n];
        n++;
    }
    word[n] = '\0';
    return mf_import_kind_parse(word);
}

int mf_import_new(struct mf_import **out, struct mf_registry *context,
                  const struct mf_import_opts *opts, struct mf_error *err)
{
    struct mf_import *imp = calloc(1, sizeof *imp);
    struct mf_import_opts def = MF_IMPORT_OPTS_INIT;
    int e, rc;

    *out = NULL;
    if (!imp)
        return mf_error_set(err, MF_ENOMEM, "out of memory");
    imp->ctx = context;
    imp->cat = mf_registry_catalog(context);
    imp->opts = opts ? *opts : def;
    for (e = 0; e < MF_ENT_COUNT; e++)
        strmap_init(&imp->seen[e]);
    arena_init(&imp->ids, 1 << 20);
    rc = crs_new(&imp->crs, err);
    if (rc) {
        mf_import_free(imp);
        return rc;
    }
    *out = imp;
    return MF_OK;
}

void mf_import_free(struct mf_import *imp)
{
    int e;

    if (!imp)
        return;
    for (e = 0; e < MF_ENT_COUNT; e++)
        strmap_free(&imp->seen[e]);
    arena_free(&imp->ids);
    crs_free(imp->crs);
    free(imp);
}

/* ------------------------------------------------------------------ */
/* One record                                                           */
/* ------------------------------------------------------------------ */

struct row {
    struct mf_import *imp;
    struct rec_reader *r;
    struct mf_issues *is;
    enum mf_entity kind;
    int col[C_COUNT]; /* reader column of each schema column, or -1 */
    const char *id;
    int bad; /* this record has an error */
    char where[200];
};

/* The trimmed value, or NULL when the column is absent or the cell empty. */
static const char *get(const struct row *w, enum col c)
{
    const char *v = w->col[c] < 0 ? NULL : rec_value(w->r, w->col[c]);

    return v && *v ? v : NULL;
}

static const char *at(struct row *w, const char *field)
{
    snprintf(w->where, sizeof w->where, "%s: %s", rec_where(w->r), field);
    return w->where;
}

static void schema_error(struct row *w, const char *field, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;

static void schema_error(struct row *w, const char *field, const char *fmt, ...)
{
    char msg[300];
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    mf_issues_add(w->is, MF_SEV_ERROR, "schema", w->kind, w->id, at(w, field),
                  "%s", msg);
    w->bad = 1;
}

static const char *need(struct row *w, enum col c)
{
    const char *v = get(w, c);

    if (!v)
        schema_error(w, col_names[c], "a value is required");
    return v;
}

static double number(struct row *w, enum col c, double def)
{
    const char *name = col_names[c];
    const char *v = get(w, c);
    struct mf_error e;
    double d;

    if (!v)
        return def;
    if (rec_parse_number(v, &d, &e)) {
        schema_error(w, name, "%s", e.message);
        return def;
    }
    return d;
}

static int boolean(struct row *w, enum col c, int def)
{
    const char *name = col_names[c];
    static const char *const yes[] = {"1", "yes", "ja", "true",
                                      "y", "j",   "x",  NULL};
    static const char *const no[] = {"0", "no", "nei", "false", "n", NULL};
    const char *v = get(w, c);
    int i;

    if (!v)
        return def;
    for (i = 0; yes[i]; i++)
        if (!strcasecmp(v, yes[i]))
            return 1;
    for (i = 0; no[i]; i++)
        if (!strcasecmp(v, no[i]))
            return 0;
    schema_error(w, name, "'%s' is not yes or no (1/0, ja/nei, yes/no)", v);
    return def;
}

static int32_t date(struct row *w, enum col c, int required)
{
    const char *name = col_names[c];
    const char *v = required ? need(w, c) : get(w, c);
    struct mf_error e;
    int32_t d;

    if (!v)
        return MF_DATE_NONE;
    if (mf_date_parse(v, &d, &e)) {
        schema_error(w, name, "%s", e.message);
        return MF_DATE_NONE;
    }
    return d;
}

static const char *reference(struct row *w, enum col c, enum mf_entity e)
{
    const char *name = col_names[c];
    const char *v = get(w, c);

    if (v && mf_registry_index(w->imp->ctx, e, v) < 0)
        schema_error(w, name, "no %s has the id '%s' (import %s first)",
                     e == MF_ENT_ORG       ? "organisation"
                     : e == MF_ENT_PROJECT ? "project"
                                           : "site",
                     v, kind_words[e]);
    return v;
}

static int material(struct row *w, enum col c, int required)
{
    const char *name = col_names[c];
    const char *v = required ? need(w, c) : get(w, c);
    int m;

    if (!v)
        return -1;
    m = mf_catalog_find_material(w->imp->cat, v);
    if (m < 0)
        schema_error(w, name,
                     "unknown material '%s' (data/materials.csv lists the "
                     "codes)",
                     v);
    return m;
}

/* Reads x, y and epsg into loc; returns 1 when a place was given. */
static int location(struct row *w, struct mf_location *loc)
{
    const char *xs = get(w, C_X), *ys = get(w, C_Y), *es = get(w, C_EPSG);
    struct mf_error e;
    double x, y, epsg;

    memset(loc, 0, sizeof *loc);
    if (!xs && !ys)
        return 0;
    if (!xs || !ys) {
        schema_error(w, xs ? "y" : "x", "x and y must be given together");
        return 0;
    }
    x = number(w, C_X, NAN);
    y = number(w, C_Y, NAN);
    epsg = es ? number(w, C_EPSG, 0) : 0;
    if (!es)
        schema_error(w, "epsg",
                     "coordinates need their system: 25832, 25833, 25835, "
                     "4258 or 4326");
    else if (epsg != (int)epsg || !crs_supported((int)epsg))
        schema_error(w, "epsg",
                     "EPSG:%s is not accepted (use 25832, 25833, 25835, "
                     "4258 or 4326)",
                     es);
    if (w->bad || isnan(x) || isnan(y))
        return 0;
    loc->x = x;
    loc->y = y;
    loc->epsg = (int)epsg;
    loc->lon = x;
    loc->lat = y;
    if (crs_to_wgs84(w->imp->crs, loc->epsg, 1, &loc->lon, &loc->lat, &e)) {
        schema_error(w, "x", "%s", e.message);
        return 0;
    }
    return 1;
}

static unsigned restrictions(struct row *w)
{
    unsigned r = 0;

    r |= boolean(w, C_QUICK_CLAY, 0) ? MF_RESTR_QUICK_CLAY : 0u;
    r |= boolean(w, C_FLOOD_ZONE, 0) ? MF_RESTR_FLOOD : 0u;
    r |= boolean(w, C_HERITAGE, 0) ? MF_RESTR_HERITAGE : 0u;
    r |= boolean(w, C_SEA, 0) ? MF_RESTR_SEA : 0u;
    r |= boolean(w, C_FARMLAND, 0) ? MF_RESTR_FARMLAND : 0u;
    r |= boolean(w, C_ALIEN_SPECIES, 0) ? MF_RESTR_ALIEN : 0u;
    return r;
}

static enum mf_state state(struct row *w, enum col c, int required)
{
    const char *name = col_names[c];
    const char *v = get(w, c);
    enum mf_state s;

    if (!v) {
        if (required)
            schema_error(w, name,
                         "a quantity must say its volume state (t, pfm3, "
                         "ulm3 or pam3)");
        return MF_STATE_NONE;
    }
    s = mf_state_parse(v);
    if (s == MF_STATE_NONE)
        schema_error(w, name,
                     "'%s' is not a volume state (t, pfm3, ulm3 or pam3)", v);
    return s;
}

static void read_org(struct row *w, struct mf_org *o)
{
    o->id = w->id;
    o->orgnr = get(w, C_ORGNR);
    o->name = need(w, C_NAME);
    o->is_public = boolean(w, C_PUBLIC, 0);
    o->note = get(w, C_NOTE);
}

static void read_project(struct row *w, struct mf_project *p)
{
    p->id = w->id;
    p->name = need(w, C_NAME);
    p->org = reference(w, C_ORG, MF_ENT_ORG);
    p->municipality = get(w, C_MUNICIPALITY);
    p->kind = get(w, C_KIND);
    p->start = date(w, C_START, 0);
    p->end = date(w, C_END, 0);
    p->source = get(w, C_SOURCE);
    p->note = get(w, C_NOTE);
}

/* Splits "sprengstein;morene" (or with commas or spaces) into indices. */
static int site_materials(struct row *w, int *out, int max)
{
    const char *v = get(w, C_MATERIALS);
    char code[64];
    int n = 0;

    while (v && *v) {
        size_t len = strcspn(v, ";, ");
        if (len > 0) {
            int m;
            snprintf(code, sizeof code, "%.*s", (int)len, v);
            m = mf_catalog_find_material(w->imp->cat, code);
            if (m < 0)
                schema_error(w, "materials",
                             "unknown material '%s' (data/materials.csv "
                             "lists the codes)",
                             code);
            else if (n < max)
                out[n++] = m;
            else
                schema_error(w, "materials", "more than %d materials", max);
        }
        v += len;
        while (*v == ';' || *v == ',' || *v == ' ')
            v++;
    }
    return n;
}

static void read_site(struct row *w, struct mf_site *s, int *mats, int max)
{
    const char *k;
    struct mf_error e;
    int kind;

    s->id = w->id;
    s->name = need(w, C_NAME);
    k = need(w, C_KIND);
    kind = k ? mf_site_kind_parse(k) : 0;
    if (kind < 0)
        schema_error(w, "kind",
                     "'%s' is not a site kind (project, storage, "
                     "processing, receiving, quarry)",
                     k);
    s->kind = kind < 0 ? MF_SITE_PROJECT : (enum mf_site_kind)kind;
    s->org = reference(w, C_ORG, MF_ENT_ORG);
    s->project = reference(w, C_PROJECT, MF_ENT_PROJECT);
    s->municipality = get(w, C_MUNICIPALITY);
    if (!location(w, &s->loc) && !w->bad)
        schema_error(w, "x", "a site needs a place (x, y and epsg)");
    s->restrictions = restrictions(w);
    s->open_from = date(w, C_OPEN_FROM, 0);
    s->open_to = date(w, C_OPEN_TO, 0);
    s->materials = mats;
    s->n_materials = site_materials(w, mats, max);
    s->product = material(w, C_PRODUCT, 0);
    if (s->kind == MF_SITE_PROCESSING && s->product < 0 && !w->bad)
        schema_error(w, "product", "a processing site needs a product");
    if (s->kind != MF_SITE_PROJECT && s->n_materials == 0 && !w->bad)
        schema_error(w, "materials", "a %s site must list the materials it %s",
                     mf_site_kind_name(s->kind),
                     s->kind == MF_SITE_QUARRY ? "sells" : "accepts");
    s->capacity = number(w, C_CAPACITY, 0);
    s->capacity_state = MF_STATE_NONE;
    s->capacity_t = -1;
    if (get(w, C_CAPACITY)) {
        s->capacity_state = state(w, C_CAPACITY_UNIT, 0);
        if (s->capacity < 0)
            schema_error(w, "capacity", "a capacity cannot be negative");
        else if (s->capacity_state == MF_STATE_T)
            s->capacity_t = s->capacity;
        else if (s->capacity_state != MF_STATE_NONE) {
            /* Volumes convert with the first material the site lists. */
            if (s->n_materials == 0)
                schema_error(w, "capacity_unit",
                             "a capacity in m3 needs a material to convert "
                             "it; list materials or give tonnes");
            else if (mf_to_tonnes(w->imp->cat, s->materials[0], s->capacity,
                                  s->capacity_state, &s->capacity_t, &e))
                schema_error(w, "capacity_unit", "%s", e.message);
        }
    }
    s->fee = number(w, C_FEE, 0);
    s->holding = number(w, C_HOLDING, 0);
    s->fill_height_m = number(w, C_FILL_HEIGHT_M, 0);
    if (s->fill_height_m < 0)
        schema_error(w, "fill_height_m", "a fill height cannot be negative");
    s->source = get(w, C_SOURCE);
    s->note = get(w, C_NOTE);
}

static void read_lot(struct row *w, struct mf_lot *l)
{
    const char *k = need(w, C_KIND);
    const char *u, *ph, *acid;
    const struct mf_site *site;
    struct mf_error e;
    int v;

    l->id = w->id;
    l->kind = MF_LOT_SUPPLY;
    if (k && (!strcasecmp(k, "demand") || !strcasecmp(k, "behov") ||
              !strcasecmp(k, "need")))
        l->kind = MF_LOT_DEMAND;
    else if (k && strcasecmp(k, "supply") && strcasecmp(k, "overskudd") &&
             strcasecmp(k, "surplus"))
        schema_error(w, "kind", "'%s' is not supply or demand", k);
    l->project = reference(w, C_PROJECT, MF_ENT_PROJECT);
    l->site = reference(w, C_SITE, MF_ENT_SITE);
    l->material = material(w, C_MATERIAL, l->kind == MF_LOT_SUPPLY);
    l->use = -1;
    u = l->kind == MF_LOT_DEMAND ? need(w, C_USE) : get(w, C_USE);
    if (u) {
        l->use = mf_catalog_find_use(w->imp->cat, u);
        if (l->use < 0)
            schema_error(w, "use",
                         "unknown use class '%s' (data/uses.csv lists the "
                         "codes)",
                         u);
        else if (l->kind == MF_LOT_SUPPLY)
            schema_error(w, "use", "a supply lot has no use class");
    }
    l->quantity = number(w, C_QUANTITY, NAN);
    if (isnan(l->quantity) && !get(w, C_QUANTITY))
        schema_error(w, "quantity", "a value is required");
    l->state = state(w, C_UNIT, 1);
    l->tonnes = 0;
    if (!w->bad && l->quantity > 0) {
        /* A demand for any fitting material gives volumes in the state of
         * the best-ranked material for its use. */
        int m = l->material;
        if (m < 0 && l->use >= 0) {
            int i, best = 99;
            for (i = 0; i < mf_catalog_n_materials(w->imp->cat); i++) {
                int rank = mf_catalog_compat(w->imp->cat, i, l->use);
                if (rank > 0 && rank < best) {
                    best = rank;
                    m = i;
                }
            }
        }
        if (mf_to_tonnes(w->imp->cat, m, l->quantity, l->state, &l->tonnes, &e))
            schema_error(w, "unit", "%s", e.message);
    }
    l->from = date(w, C_FROM, 1);
    l->to = date(w, C_TO, 1);
    l->flexible = boolean(w, C_FLEXIBLE, 0);
    l->stockpile_t = number(w, C_STOCKPILE_T, 0);
    if (l->stockpile_t < 0)
        schema_error(w, "stockpile_t", "a stockpile cannot be negative");
    {
        double cc = number(w, C_CONDITION_CLASS, 0);
        if (cc < 0 || cc > 5 || cc != (int)cc)
            schema_error(w, "condition_class",
                         "a condition class is a whole number from 1 to 5");
        else
            l->condition_class = (int)cc;
    }
    l->natural_background = boolean(w, C_NATURAL_BACKGROUND, 0);
    acid = get(w, C_ACID_TEST);
    v = mf_acid_parse(acid);
    if (v < 0)
        schema_error(w, "acid_test",
                     "'%s' is not negative, positive or not_tested", acid);
    l->acid = v < 0 ? MF_ACID_UNSTATED : (enum mf_acid)v;
    ph = get(w, C_PLANT_HEALTH);
    v = mf_plant_health_parse(ph);
    if (v < 0)
        schema_error(w, "plant_health",
                     "'%s' is not a plant-health restriction (none, pcn, "
                     "wild_oat, potato_wart, ring_rot, other)",
                     ph);
    l->plant_health = v < 0 ? MF_PH_NONE : (enum mf_plant_health)v;
    l->restrictions = restrictions(w);
    l->planned_independently = boolean(w, C_PLANNED_INDEPENDENTLY, -1);
    l->is_public = boolean(w, C_PUBLIC, 1);
    site = mf_registry_site(w->imp->ctx, l->site);
    if (!location(w, &l->loc) && !w->bad) {
        if (site)
            l->loc = site->loc;
        else
            schema_error(w, "site",
                         "a lot needs a site or its own place (x, y, epsg)");
    }
    l->source = get(w, C_SOURCE);
    l->note = get(w, C_NOTE);
}

/* ------------------------------------------------------------------ */
/* A file                                                               */
/* ------------------------------------------------------------------ */

static int remember_id(struct row *w)
{
    struct strmap *seen = &w->imp->seen[w->kind];
    char *copy;

    if (strmap_get(seen, w->id) >= 0) {
        schema_error(w, "id", "the id '%s' appears twice in this import",
                     w->id);
        return MF_OK;
    }
    copy = arena_strdup(&w->imp->ids, w->id);
    if (!copy || strmap_put(seen, copy, 1))
        return MF_ENOMEM;
    return MF_OK;
}

static int import_record(struct row *w, const struct mf_import_sink *sink,
                         struct mf_import_stats *stats, struct mf_error *err)
{
    struct mf_import *imp = w->imp;
    union {
        struct mf_org org;
        struct mf_project project;
        struct mf_site site;
        struct mf_lot lot;
    } rec;
    int mats[64];
    int sev = MF_SEV_NONE;
    int rc;

    memset(&rec, 0, sizeof rec);
    w->bad = 0;
    w->id = need(w, C_ID);
    if (w->id && (rc = remember_id(w)))
        return mf_error_set(err, rc, "out of memory");
    switch (w->kind) {
    case MF_ENT_ORG:
        read_org(w, &rec.org);
        break;
    case MF_ENT_PROJECT:
        read_project(w, &rec.project);
        break;
    case MF_ENT_SITE:
        read_site(w, &rec.site, mats, (int)(sizeof mats / sizeof mats[0]));
        break;
    default:
        read_lot(w, &rec.lot);
        break;
    }
    if (!w->bad) {
        const char *where = rec_where(w->r);
        switch (w->kind) {
        case MF_ENT_ORG:
            sev = mf_validate_org(imp->ctx, &rec.org, where, imp->opts.as_of,
                                  w->is);
            break;
        case MF_ENT_PROJECT:
            sev = mf_validate_project(imp->ctx, &rec.project, where,
                                      imp->opts.as_of, w->is);
            break;
        case MF_ENT_SITE:
            sev = mf_validate_site(imp->ctx, &rec.site, where, imp->opts.as_of,
                                   w->is);
            break;
        default:
            sev = mf_validate_lot(imp->ctx, &rec.lot, where, imp->opts.as_of,
                                  w->is);
            break;
        }
        if (sev < 0)
            return mf_error_set(err, sev, "out of memory");
        if (sev == MF_SEV_ERROR)
            w->bad = 1;
        else if (sev == MF_SEV_REFUSE)
            stats->refused++;
        else if (sev == MF_SEV_FLAG)
            stats->flagged++;
    }
    if (w->bad) {
        imp->errors = 1;
        return MF_OK;
    }
    /* Later files refer to the organisations, projects and sites of
     * earlier ones; lots are not kept, so a million of them stream. */
    rc = MF_OK;
    if (w->kind == MF_ENT_ORG)
        rc = mf_registry_put_org(imp->ctx, &rec.org);
    else if (w->kind == MF_ENT_PROJECT)
        rc = mf_registry_put_project(imp->ctx, &rec.project);
    else if (w->kind == MF_ENT_SITE)
        rc = mf_registry_put_site(imp->ctx, &rec.site);
    if (rc)
        return mf_error_set(err, rc, "out of memory");
    if (!imp->errors && sink && sink->put)
        return sink->put(sink->ctx, w->kind, &rec, err);
    return MF_OK;
}

static int run(struct mf_import *imp, struct rec_reader *r, enum mf_entity kind,
               const struct mf_import_sink *sink, struct mf_issues *is,
               struct mf_import_stats *stats, struct mf_error *err)
{
    struct row w;
    size_t i, n_cols = rec_n_columns(r);
    int rc;

    memset(&w, 0, sizeof w);
    w.imp = imp;
    w.r = r;
    w.is = is;
    w.kind = kind;
    for (i = 0; i < C_COUNT; i++)
        w.col[i] = -1;
    for (i = 0; columns_of[kind][i] >= 0; i++)
        w.col[columns_of[kind][i]] =
            rec_column(r, col_names[columns_of[kind][i]]);
    snprintf(stats->encoding, sizeof stats->encoding, "%s",
             rec_encoding_name(r));
    stats->ignored_columns[0] = '\0';
    for (i = 0; i < n_cols; i++) {
        const char *name = rec_column_name(r, i);
        size_t k, len = strlen(stats->ignored_columns);
        int known = 0;

        for (k = 0; columns_of[kind][k] >= 0; k++)
            if (!strcmp(col_names[columns_of[kind][k]], name))
                known = 1;
        if (!known && len + strlen(name) + 3 < sizeof stats->ignored_columns)
            snprintf(stats->ignored_columns + len,
                     sizeof stats->ignored_columns - len, "%s%s",
                     len ? ", " : "", name);
    }
    if (rec_column(r, "id") < 0) {
        char where[200];
        snprintf(where, sizeof where, "%s: header", rec_label(r));
        mf_issues_add(is, MF_SEV_ERROR, "schema", kind, NULL, where,
                      "the file has no 'id' column; is it a file of %s?",
                      kind_words[kind]);
        imp->errors = 1;
        return MF_OK;
    }
    while ((rc = rec_next(r, err)) == 1) {
        rc = import_record(&w, sink, stats, err);
        if (rc)
            return rc;
        stats->records[kind]++;
        if (imp->opts.progress && (stats->records[kind] & 0xFFFF) == 0)
            imp->opts.progress(imp->opts.progress_ctx, rec_label(r),
                               stats->records[kind]);
    }
    if (rc < 0) {
        /* The reader could not go on (a broken quote, a bad byte): that is
         * an error in the input, listed like the others. */
        mf_issues_add(is, MF_SEV_ERROR, "schema", kind, NULL, err->where, "%s",
                      err->message);
        imp->errors = 1;
        mf_error_clear(err);
    }
    return MF_OK;
}

static enum rec_encoding rec_enc(enum mf_encoding e)
{
    switch (e) {
    case MF_ENC_UTF8:
        return REC_ENC_UTF8;
    case MF_ENC_CP1252:
        return REC_ENC_CP1252;
    case MF_ENC_LATIN1:
        return REC_ENC_LATIN1;
    default:
        return REC_ENC_AUTO;
    }
}

static int open_failed(struct mf_import *imp, struct mf_issues *is,
                       enum mf_entity kind, const char *label, int rc,
                       struct mf_error *err)
{
    imp->errors = 1;
    mf_issues_add(is, MF_SEV_ERROR, "schema", kind, NULL,
                  err->where[0] ? err->where : label, "%s", err->message);
    return rc;
}

int mf_import_file(struct mf_import *imp, const char *path, enum mf_entity kind,
                   const struct mf_import_sink *sink, struct mf_issues *is,
                   struct mf_import_stats *stats, struct mf_error *err)
{
    struct rec_opts o = REC_OPTS_INIT;
    struct rec_reader *r;
    int rc;

    o.encoding = rec_enc(imp->opts.encoding);
    rc = rec_open_file(&r, path, &o, err);
    if (rc)
        return open_failed(imp, is, kind, path, rc, err);
    rc = run(imp, r, kind, sink, is, stats, err);
    rec_close(r);
    return rc;
}

int mf_import_buffer(struct mf_import *imp, const char *label, const char *data,
                     size_t len, int geojson, enum mf_entity kind,
                     const struct mf_import_sink *sink, struct mf_issues *is,
                     struct mf_import_stats *stats, struct mf_error *err)
{
    struct rec_opts o = REC_OPTS_INIT;
    struct rec_reader *r;
    int rc;

    o.encoding = rec_enc(imp->opts.encoding);
    rc = geojson ? rec_open_geojson_mem(&r, label, data, len, &o, err)
                 : rec_open_csv_mem(&r, label, data, len, &o, err);
    if (rc)
        return open_failed(imp, is, kind, label, rc, err);
    rc = run(imp, r, kind, sink, is, stats, err);
    rec_close(r);
    return rc;
}
