/*
 * import.c - records (format/records.h) and JSON objects to registry
 * entities: every field read through its entity's table (schema.h) with
 * one parser per type, references, coordinates through PROJ, the few rules
 * that span fields, and the rules of validate.h.
 *
 * Every problem becomes an issue naming file, line and field; the import
 * goes on to the end of the input so the user sees all of them at once.
 * Records are handed to the sink only while no error has been seen, so a
 * caller that rolls back on error never receives half an import it cannot
 * undo. docs/FORMATS.md documents the columns, docs/internals/schema.md
 * the table and the rules below that span fields.
 */
#include "masseflyt/io.h"

#include "format/records.h"
#include "geo/crs.h"
#include "masseflyt/schema.h"
#include "util/arena.h"
#include "util/buf.h"
#include "util/strmap.h"
#include "util/assert.h"

#include <ctype.h>
#include <jansson.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* A site lists at most this many materials. */
#define MAX_SITE_MATERIALS 64

/*
 * The ids an import has seen of one kind, to refuse a repeated one: a set
 * of strings with a hash of its own. With a million lots, a look-up at a
 * random place of a table of 32 MB was a fifth of the reader's CPU (one
 * cache miss or more a record). The ids of a large file are mostly a
 * prefix and a running number (L0, L1, ...), so the hash keeps sixteen
 * numbers in a row in sixteen slots in a row: the ids of consecutive
 * records then fall on the same few cache lines. The rest of an id is
 * hashed as strmap does; a slot keeps its id's hash, so a probe past
 * another id reads no text.
 */
struct idset {
    struct idslot {
        const char *id; /* NULL: empty */
        uint32_t hash;
    } * slots;
    size_t n;
    size_t mask; /* capacity - 1; capacity a power of two, at least 16 */
};

struct mf_import {
    struct mf_registry *ctx;
    const struct mf_catalog *cat;
    struct mf_import_opts opts;
    struct crs *crs;
    /* Ids seen in this import, per kind, to refuse duplicates. */
    struct idset seen[MF_ENT_COUNT];
    /* Ids of records refused in this import, per kind: a reference to one
     * is not reported again (the error is at its cause). */
    struct strmap failed[MF_ENT_COUNT];
    struct arena ids;
    int errors; /* an error has been seen: stop feeding the sink */
};

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
    for (e = 0; e < MF_ENT_COUNT; e++) {
        strmap_init(&imp->failed[e]);
    }
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
    for (e = 0; e < MF_ENT_COUNT; e++) {
        free(imp->seen[e].slots);
        strmap_free(&imp->failed[e]);
    }
    arena_free(&imp->ids);
    crs_free(imp->crs);
    free(imp);
}

/* ------------------------------------------------------------------ */
/* One record: where its values come from                               */
/* ------------------------------------------------------------------ */

struct row {
    struct mf_import *imp;
    /* The values: a reader's current record (CSV, GeoJSON), or one text
     * per field (a JSON object), named by `label`. */
    struct rec_reader *r;
    const char *const *vals;
    const char *label;
    struct mf_issues *is;
    enum mf_entity kind;
    const struct mf_entity_schema *s;
    int col[MF_SCHEMA_MAX_FIELDS]; /* reader column of each field, or -1 */
    int place[3];                  /* the fields x, y, epsg, or -1 */
    int mats[MAX_SITE_MATERIALS];  /* a site's materials */
    /* Fields whose value is past its length limit: listed once, then
     * read as empty (check_lengths). */
    unsigned char too_long[MF_SCHEMA_MAX_FIELDS];
    const char *id;
    char orgnr[16]; /* an organisation number without its spaces */
    int bad;        /* this record has an error */
    int has_place;  /* x, y and epsg gave a place */
    char where[200];
};

static int field_index(const struct row *w, const struct mf_field *f)
{
    return (int)(f - w->s->fields);
}

/* The trimmed value, or NULL when the column is absent or the cell empty. */
static const char *get(const struct row *w, const struct mf_field *f)
{
    int i = field_index(w, f);
    const char *v;

    if (w->too_long[i])
        return NULL;
    if (w->r)
        v = w->col[i] < 0 ? NULL : rec_value(w->r, w->col[i]);
    else
        v = w->vals[i];
    return v && *v ? v : NULL;
}

/* The field at an offset of the kind's struct (per-kind rules use it). */
static const struct mf_field *field_at(const struct row *w, size_t offset)
{
    int i;

    for (i = 0; i < w->s->n_fields; i++)
        if (w->s->fields[i].offset == offset)
            return &w->s->fields[i];
    return NULL;
}

static const char *record_where(const struct row *w)
{
    return w->r ? rec_where(w->r) : w->label;
}

static const char *at(struct row *w, const char *field)
{
    const char *place = record_where(w);

    snprintf(w->where, sizeof w->where, "%s%s%s", place, *place ? ": " : "",
             field);
    return w->where;
}

static void schema_error(struct row *w, const char *field, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;

static void schema_error(struct row *w, const char *field, const char *fmt, ...)
{
    va_list ap;

    /* The format goes on as it is: the catalogue may have it in bokmål. */
    va_start(ap, fmt);
    mf_issues_addv(w->is, MF_SEV_ERROR, "schema", w->kind, w->id, at(w, field),
                   fmt, ap);
    va_end(ap);
    w->bad = 1;
}

/* A problem a parser told in an error record, in both its languages. */
static void schema_error_e(struct row *w, const char *field,
                           const struct mf_error *e)
{
    mf_issues_add_error(w->is, MF_SEV_ERROR, "schema", w->kind, w->id,
                        at(w, field), e);
    w->bad = 1;
}

/* ------------------------------------------------------------------ */
/* One parser per type                                                  */
/* ------------------------------------------------------------------ */

static const char *value(struct row *w, const struct mf_field *f, int need)
{
    const char *v = get(w, f);

    if (!v && need == MF_REQUIRED && !w->too_long[field_index(w, f)])
        schema_error(w, f->name, "a value is required");
    return v;
}

static double number(struct row *w, const struct mf_field *f, double def,
                     int need)
{
    const char *v = value(w, f, need);
    struct mf_error e;
    double d;

    if (!v)
        return def;
    if (rec_parse_number(v, &d, &e)) {
        schema_error_e(w, f->name, &e);
        return def;
    }
    return d;
}

static int boolean(struct row *w, const struct mf_field *f, int def)
{
    static const char *const yes[] = {"1", "yes", "ja", "true",
                                      "y", "j",   "x",  NULL};
    static const char *const no[] = {"0", "no", "nei", "false", "n", NULL};
    const char *v = get(w, f);
    int i;

    if (!v)
        return def;
    for (i = 0; yes[i]; i++)
        if (!strcasecmp(v, yes[i]))
            return 1;
    for (i = 0; no[i]; i++)
        if (!strcasecmp(v, no[i]))
            return 0;
    schema_error(w, f->name, "'%s' is not yes or no (1/0, ja/nei, yes/no)", v);
    return def;
}

static int32_t date(struct row *w, const struct mf_field *f, int need)
{
    const char *v = value(w, f, need);
    struct mf_error e;
    int32_t d;

    if (!v)
        return MF_DATE_NONE;
    if (mf_date_parse(v, &d, &e)) {
        schema_error_e(w, f->name, &e);
        return MF_DATE_NONE;
    }
    return d;
}

static const char *reference(struct row *w, const struct mf_field *f, int need)
{
    const char *v = value(w, f, need);

    if (v && mf_registry_index(w->imp->ctx, f->ref, v) < 0) {
        if (strmap_get(&w->imp->failed[f->ref], v) >= 0)
            w->bad = 1; /* refused above, and reported there */
        else
            schema_error(w, f->name, "no %s has the id '%s' (import %s first)",
                         mf_schema(f->ref)->name, v, mf_schema(f->ref)->plural);
    }
    return v;
}

/* A code the catalogue does not know, with the nearest one as a hint. */
static void unknown_code(struct row *w, const char *field,
                         enum mf_code_kind kind, const char *v)
{
    static const char *const what[] = {"material", "use class"};
    static const char *const file[] = {"materials", "uses"};
    const char *near = mf_catalog_suggest(w->imp->cat, kind, v);

    if (near)
        schema_error(w, field,
                     "unknown %s '%s': did you mean '%s'? (data/%s.csv "
                     "lists the codes)",
                     what[kind], v, near, file[kind]);
    else
        schema_error(w, field, "unknown %s '%s' (data/%s.csv lists the codes)",
                     what[kind], v, file[kind]);
}

static int material(struct row *w, const struct mf_field *f, int need)
{
    const char *v = value(w, f, need);
    int m;

    if (!v)
        return -1;
    m = mf_catalog_resolve(w->imp->cat, MF_CODE_MATERIAL, v);
    if (m < 0)
        unknown_code(w, f->name, MF_CODE_MATERIAL, v);
    return m;
}

static int use_class(struct row *w, const struct mf_field *f, int need)
{
    const char *v = value(w, f, need);
    int u;

    if (!v)
        return -1;
    u = mf_catalog_resolve(w->imp->cat, MF_CODE_USE, v);
    if (u < 0)
        unknown_code(w, f->name, MF_CODE_USE, v);
    return u;
}

/* Splits "sprengstein;morene" (or with commas or spaces) into indices. */
static int materials(struct row *w, const struct mf_field *f, int *out, int max)
{
    const char *v = get(w, f);
    char code[64];
    int n = 0;

    while (v && *v) {
        size_t len = strcspn(v, ";, ");
        if (len > 0) {
            int m;
            snprintf(code, sizeof code, "%.*s", (int)len, v);
            m = mf_catalog_resolve(w->imp->cat, MF_CODE_MATERIAL, code);
            if (m < 0)
                unknown_code(w, f->name, MF_CODE_MATERIAL, code);
            else if (n < max)
                out[n++] = m;
            else
                schema_error(w, f->name, "more than %d materials", max);
        }
        v += len;
        while (*v == ';' || *v == ',' || *v == ' ')
            v++;
    }
    return n;
}

static int enumeration(struct row *w, const struct mf_field *f, int need)
{
    const char *v = value(w, f, need);
    int k = v ? f->enm->parse(v) : (int)f->def;

    if (k < 0) {
        schema_error(w, f->name, "'%s' is not %s", v, f->enm->what);
        k = (int)f->def;
    }
    return k;
}

/* A unit that is no volume state: plain m3 gets what the states mean. */
static void unknown_state(struct row *w, const char *field, const char *v)
{
    const char *near;
    char k[16];

    if (strlen(v) < sizeof k - 2) {
        mf_fold(v, k, sizeof k);
        if (!strcmp(k, "m3") || !strcmp(k, "m³") || !strcmp(k, "kubikk")) {
            schema_error(w, field,
                         "'%s' does not say which volume: write pfm3 "
                         "(fast: in situ, as the masses lie in the ground), "
                         "ulm3 (løs: loose, as dug and loaded) or "
                         "pam3 (anbrakt: placed and compacted), or t; one "
                         "tonne takes a different volume in each",
                         v);
            return;
        }
    }
    near = mf_catalog_suggest(w->imp->cat, MF_CODE_STATE, v);
    if (near)
        schema_error(w, field,
                     "'%s' is not a volume state: did you mean '%s'? (t, "
                     "pfm3, ulm3 or pam3)",
                     v, near);
    else
        schema_error(w, field,
                     "'%s' is not a volume state (t, pfm3, ulm3 or pam3)", v);
}

static enum mf_state state(struct row *w, const struct mf_field *f, int need)
{
    const char *v = get(w, f);
    enum mf_state s;

    if (!v) {
        if (need == MF_REQUIRED)
            schema_error(w, f->name,
                         "a quantity must say its volume state (t, pfm3, "
                         "ulm3 or pam3)");
        return MF_STATE_NONE;
    }
    s = (enum mf_state)mf_catalog_resolve(w->imp->cat, MF_CODE_STATE, v);
    if ((int)s < 0) {
        unknown_state(w, f->name, v);
        s = MF_STATE_NONE;
    }
    return s;
}

/* Reads the place parts x, y and epsg together into loc; returns 1 when
 * a place was given. */
static int location(struct row *w, struct mf_location *loc)
{
    const struct mf_field *fx = &w->s->fields[w->place[0]];
    const struct mf_field *fy = &w->s->fields[w->place[1]];
    const struct mf_field *fe = &w->s->fields[w->place[2]];
    const char *xs = get(w, fx), *ys = get(w, fy), *es = get(w, fe);
    struct mf_error e;
    double x, y, epsg;

    memset(loc, 0, sizeof *loc);
    if (!xs && !ys)
        return 0;
    if (!xs || !ys) {
        schema_error(w, xs ? fy->name : fx->name,
                     "x and y must be given together");
        return 0;
    }
    x = number(w, fx, NAN, MF_OPTIONAL);
    y = number(w, fy, NAN, MF_OPTIONAL);
    epsg = es ? number(w, fe, 0, MF_OPTIONAL) : 0;
    if (!es)
        schema_error(w, fe->name,
                     "coordinates need their system: 25832, 25833, 25835, "
                     "4258 or 4326");
    else if (!(epsg >= 0 && epsg <= 99999) || epsg != (int)epsg ||
             !crs_supported((int)epsg))
        schema_error(w, fe->name,
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
        schema_error_e(w, fx->name, &e);
        return 0;
    }
    return 1;
}

/* The value a field has when input leaves it out or a rule skips it. */
static void set_default(const struct mf_field *f, void *rec)
{
    void *p = mf_field_ptr(f, rec);

    switch (f->type) {
    case MF_FT_BOOL:
    case MF_FT_INT:
    case MF_FT_ENUM:
        *(int *)p = (int)f->def;
        break;
    case MF_FT_NUMBER:
        *(double *)p = f->def;
        break;
    case MF_FT_DATE:
        *(int32_t *)p = MF_DATE_NONE;
        break;
    case MF_FT_MATERIAL:
    case MF_FT_USE:
        *(int *)p = -1;
        break;
    default:
        break; /* zero from the memset: NULL, none, no bits, no place */
    }
}

static void read_field(struct row *w, void *rec, const struct mf_field *f,
                       int need)
{
    void *p = mf_field_ptr(f, rec);

    switch (f->type) {
    case MF_FT_TEXT:
        *(const char **)p = value(w, f, need);
        break;
    case MF_FT_REF:
        *(const char **)p = reference(w, f, need);
        break;
    case MF_FT_BOOL:
        *(int *)p = boolean(w, f, (int)f->def);
        break;
    case MF_FT_FLAG:
        if (boolean(w, f, 0))
            *(unsigned *)p |= f->bit;
        break;
    case MF_FT_INT: {
        double v = number(w, f, f->def, need);
        if (f->range_rule && (v < f->min || v > f->max || v != (int)v)) {
            schema_error(w, f->name, "%s", f->range_rule);
            v = f->def;
        }
        *(int *)p = (int)v;
        break;
    }
    case MF_FT_NUMBER: {
        double v = number(w, f, f->def, need);
        /* An empty cell takes the default, which may lie outside the
         * range ("not stated" as -1). */
        if (f->range_rule && get(w, f) && (v < f->min || v > f->max))
            schema_error(w, f->name, "%s", f->range_rule);
        *(double *)p = v;
        break;
    }
    case MF_FT_DATE:
        *(int32_t *)p = date(w, f, need);
        break;
    case MF_FT_ENUM:
        *(int *)p = enumeration(w, f, need);
        break;
    case MF_FT_MATERIAL:
        *(int *)p = material(w, f, need);
        break;
    case MF_FT_USE:
        *(int *)p = use_class(w, f, need);
        break;
    case MF_FT_MATERIALS:
        *(int **)p = w->mats;
        *(int *)((char *)rec + f->count_offset) =
            materials(w, f, w->mats, MAX_SITE_MATERIALS);
        break;
    case MF_FT_STATE:
        *(enum mf_state *)p = state(w, f, need);
        break;
    case MF_FT_PLACE:
        /* x reads the whole place; y and epsg are read with it. */
        if (f->part == MF_PLACE_X)
            w->has_place = location(
                w, (struct mf_location *)mf_field_place(f, (const void *)rec));
        break;
    }
}

/* ------------------------------------------------------------------ */
/* Rules that span fields                                               */
/* ------------------------------------------------------------------ */

/*
 * What one field cannot say alone stays here, one small function per
 * kind, called as the table is walked so that problems keep their order:
 * need() decides MF_DEPENDS fields (MF_REQUIRED, MF_OPTIONAL, or -1: not
 * read), after() runs once each field (derived ones too) has its value.
 */
struct kind_rules {
    int (*need)(const struct row *w, const void *rec, const struct mf_field *f);
    void (*after)(struct row *w, void *rec, const struct mf_field *f);
};

/* A supply needs a material, a demand a use class. */
static int lot_need(const struct row *w, const void *rec,
                    const struct mf_field *f)
{
    const struct mf_lot *l = rec;

    (void)w;
    if (f->offset == offsetof(struct mf_lot, material))
        return l->kind == MF_LOT_SUPPLY ? MF_REQUIRED : MF_OPTIONAL;
    return l->kind == MF_LOT_DEMAND ? MF_REQUIRED : MF_OPTIONAL;
}

/* A lot's tonnes from quantity, unit and material. A demand for any
 * fitting material gives volumes in the state of the best-ranked material
 * for its use. */
static void lot_tonnes(struct row *w, struct mf_lot *l)
{
    const struct mf_catalog *cat = w->imp->cat;
    struct mf_error e;
    int m = l->material;

    if (w->bad || !(l->quantity > 0))
        return;
    if (m < 0 && l->use >= 0) {
        int i, best = 99;
        for (i = 0; i < mf_catalog_n_materials(cat); i++) {
            int rank = mf_catalog_compat(cat, i, l->use);
            if (rank > 0 && rank < best) {
                best = rank;
                m = i;
            }
        }
    }
    if (mf_to_tonnes(cat, m, l->quantity, l->state, &l->tonnes, &e))
        schema_error(w, "unit", "%s", e.message);
}

static void lot_after(struct row *w, void *rec, const struct mf_field *f)
{
    struct mf_lot *l = rec;

    if (f->offset == offsetof(struct mf_lot, use)) {
        if (l->use >= 0 && l->kind == MF_LOT_SUPPLY)
            schema_error(w, f->name, "a supply lot has no use class");
    } else if (f->offset == offsetof(struct mf_lot, tonnes)) {
        lot_tonnes(w, l);
    } else if (f->type == MF_FT_PLACE && f->part == MF_PLACE_X) {
        /* Without a place of its own, a lot is where its site is. */
        const struct mf_site *site;
        if (w->has_place || w->bad)
            return;
        site = mf_registry_site(w->imp->ctx, l->site);
        if (site)
            l->loc = site->loc;
        else
            schema_error(w, "site",
                         "a lot needs a site or its own place (x, y, epsg)");
    }
}

/* A capacity's unit is read only with a capacity. */
static int site_need(const struct row *w, const void *rec,
                     const struct mf_field *f)
{
    (void)rec;
    (void)f;
    return get(w, field_at(w, offsetof(struct mf_site, capacity))) ? MF_OPTIONAL
                                                                   : -1;
}

/* A site's capacity in tonnes: volumes convert with the first material
 * the site lists. */
static void site_capacity(struct row *w, struct mf_site *s)
{
    struct mf_error e;

    if (!get(w, field_at(w, offsetof(struct mf_site, capacity))))
        return;
    if (s->capacity < 0)
        schema_error(w, "capacity", "a capacity cannot be negative");
    else if (s->capacity_state == MF_STATE_T)
        s->capacity_t = s->capacity;
    else if (s->capacity_state != MF_STATE_NONE) {
        if (s->n_materials == 0)
            schema_error(w, "capacity_unit",
                         "a capacity in m3 needs a material to convert "
                         "it; list materials or give tonnes");
        else if (mf_to_tonnes(w->imp->cat, s->materials[0], s->capacity,
                              s->capacity_state, &s->capacity_t, &e))
            schema_error(w, "capacity_unit", "%s", e.message);
    }
}

static void site_after(struct row *w, void *rec, const struct mf_field *f)
{
    struct mf_site *s = rec;

    if (f->type == MF_FT_PLACE && f->part == MF_PLACE_X) {
        if (!w->has_place && !w->bad)
            schema_error(w, "x", "a site needs a place (x, y and epsg)");
    } else if (f->offset == offsetof(struct mf_site, product)) {
        if (s->kind == MF_SITE_PROCESSING && s->product < 0 && !w->bad)
            schema_error(w, "product", "a processing site needs a product");
        if (s->kind != MF_SITE_PROJECT && s->n_materials == 0 && !w->bad)
            schema_error(w, "materials",
                         "a %s site must list the materials it %s",
                         mf_site_kind_name(s->kind),
                         s->kind == MF_SITE_QUARRY ? "sells" : "accepts");
    } else if (f->offset == offsetof(struct mf_site, capacity_t)) {
        site_capacity(w, s);
    } else if (f->offset == offsetof(struct mf_site, material_fees)) {
        struct mf_error e;
        if (!w->bad && mf_site_material_fees_check(w->imp->cat, s, &e))
            schema_error(w, "material_fees", "%s", e.message);
    } else if (f->offset == offsetof(struct mf_site, material_caps)) {
        struct mf_error e;
        if (!w->bad && mf_site_material_caps_check(w->imp->cat, s, &e))
            schema_error(w, "material_caps", "%s", e.message);
    }
}

/* An organisation number as the Brønnøysund register displays it
 * ("924 817 356") or with dots is read without them; rule R05 checks the
 * digits that are left. */
static void org_after(struct row *w, void *rec, const struct mf_field *f)
{
    struct mf_org *o = rec;
    const char *v = o->orgnr;
    size_t n = 0;

    if (f->offset != offsetof(struct mf_org, orgnr) || !v)
        return;
    for (; *v; v++) {
        if (*v == ' ' || *v == '.')
            continue;
        if ((unsigned char)v[0] == 0xC2 && (unsigned char)v[1] == 0xA0) {
            v++; /* a no-break space */
            continue;
        }
        if (n + 1 >= sizeof w->orgnr)
            return; /* too long: R05 says so of the text as given */
        w->orgnr[n++] = *v;
    }
    w->orgnr[n] = '\0';
    o->orgnr = w->orgnr;
}

static const struct kind_rules rules[MF_ENT_COUNT] = {
    [MF_ENT_ORG] = {.after = org_after},
    [MF_ENT_SITE] = {.need = site_need, .after = site_after},
    [MF_ENT_LOT] = {.need = lot_need, .after = lot_after},
};

/* ------------------------------------------------------------------ */
/* A record                                                             */
/* ------------------------------------------------------------------ */

/* The hash of an id (struct idset): the number its last digits write
 * (up to 18 of them) gives the low four bits and moves the slot on by one
 * from one number to the next; the text before them, the count of
 * digits and the number less its low four bits choose the block. */
static uint32_t id_hash(const char *id)
{
    size_t len = strlen(id), d = len, i;
    uint64_t h = 1469598103934665603ULL, num = 0;

    while (d > 0 && len - d < 18 && isdigit((unsigned char)id[d - 1]))
        d--;
    for (i = 0; i < d; i++) {
        h ^= (unsigned char)id[i];
        h *= 1099511628211ULL;
    }
    if (d == len)
        return (uint32_t)(h ^ (h >> 29));
    for (i = d; i < len; i++)
        num = num * 10 + (uint64_t)(id[i] - '0');
    h ^= len - d;
    h *= 1099511628211ULL;
    h ^= num >> 4;
    h *= 1099511628211ULL;
    h ^= h >> 29;
    return (uint32_t)((h & ~(uint64_t)15) | ((h + num) & 15));
}

/* The slot of id in the set, or the empty slot where it would go. */
static struct idslot *idset_find(const struct idset *set, const char *id,
                                 uint32_t h)
{
    size_t j = h & set->mask;

    while (set->slots[j].id &&
           (set->slots[j].hash != h || strcmp(set->slots[j].id, id) != 0))
        j = (j + 1) & set->mask;
    return &set->slots[j];
}

/* Doubles the set (from 64 slots), at half full. */
static int idset_grow(struct idset *set)
{
    size_t cap = set->slots ? (set->mask + 1) * 2 : 64, i;
    struct idset bigger = {calloc(cap, sizeof *bigger.slots), set->n, cap - 1};

    if (!bigger.slots)
        return MF_ENOMEM;
    for (i = 0; set->slots && i <= set->mask; i++)
        if (set->slots[i].id)
            *idset_find(&bigger, set->slots[i].id, set->slots[i].hash) =
                set->slots[i];
    free(set->slots);
    *set = bigger;
    return MF_OK;
}

static int remember_id(struct row *w)
{
    struct idset *seen = &w->imp->seen[w->kind];
    uint32_t h = id_hash(w->id);
    struct idslot *slot;

    if ((seen->n + 1) * 2 > (seen->slots ? seen->mask + 1 : 0) &&
        idset_grow(seen))
        return MF_ENOMEM;
    slot = idset_find(seen, w->id, h);
    if (slot->id) {
        schema_error(w, "id", "the id '%s' appears twice in this import",
                     w->id);
        return MF_OK;
    }
    if (!(slot->id = arena_strdup(&w->imp->ids, w->id)))
        return MF_ENOMEM;
    slot->hash = h;
    seen->n++;
    return MF_OK;
}

/* Refuses every value past its field's length limit (schema.h), before
 * anything reads it: such a field is then read as empty. */
static void check_lengths(struct row *w)
{
    int i;

    memset(w->too_long, 0, sizeof w->too_long);
    for (i = 0; i < w->s->n_fields; i++) {
        const struct mf_field *f = &w->s->fields[i];
        const char *v = get(w, f);
        size_t n, max = mf_field_max_chars(f);

        if (!v || f->need == MF_DERIVED || (n = mf_text_chars(v)) <= max)
            continue;
        schema_error(w, f->name,
                     "the value is %zu characters long; the limit for %s is "
                     "%zu (docs/FORMATS.md)",
                     n, f->name, max);
        w->too_long[i] = 1;
    }
}

/* Remembers the id of a refused record, so that records referring to it
 * are not reported again. */
static int remember_failed(struct row *w)
{
    struct strmap *failed = &w->imp->failed[w->kind];
    char *copy;

    if (!w->id || strmap_get(failed, w->id) >= 0)
        return MF_OK;
    copy = arena_strdup(&w->imp->ids, w->id);
    if (!copy || strmap_put(failed, copy, 1))
        return MF_ENOMEM;
    return MF_OK;
}

/* Reads every field of the kind into rec, in table order. */
static int read_record(struct row *w, union mf_record *rec)
{
    const struct kind_rules *kr = &rules[w->kind];
    int i, rc;

    w->has_place = 0;
    w->id = NULL;
    check_lengths(w);
    /* Field 0 is the id (schema.h). */
    w->id = value(w, &w->s->fields[0], MF_REQUIRED);
    if (w->id && (rc = remember_id(w)))
        return rc;
    rec->org.id = w->id;
    for (i = 1; i < w->s->n_fields; i++) {
        const struct mf_field *f = &w->s->fields[i];
        int need = (int)f->need;

        if (need == MF_DEPENDS)
            need = kr->need(w, rec, f);
        if (need == MF_DERIVED || need < 0)
            set_default(f, rec);
        else
            read_field(w, rec, f, need);
        if (kr->after)
            kr->after(w, rec, f);
    }
    return MF_OK;
}

static int import_record(struct row *w, int bad,
                         const struct mf_import_sink *sink,
                         struct mf_import_stats *stats, struct mf_error *err)
{
    struct mf_import *imp = w->imp;
    union mf_record rec;
    int sev = MF_SEV_NONE;
    int rc;

    memset(&rec, 0, sizeof rec);
    w->bad = bad;
    if ((rc = read_record(w, &rec)))
        return mf_error_set(err, rc, "out of memory");
    if (!w->bad) {
        const char *where = record_where(w);
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
        if (sev >= 0 && sev != MF_SEV_ERROR && imp->opts.check) {
            int c = imp->opts.check(imp->opts.check_ctx, w->kind, &rec, where,
                                    w->is);
            if (c < 0)
                return mf_error_set(err, c, "out of memory");
            if (c == MF_SEV_ERROR)
                sev = c;
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
        return remember_failed(w)
                   ? mf_error_set(err, MF_ENOMEM, "out of memory")
                   : MF_OK;
    }
    /* Later files refer to the organisations, projects and sites of
     * earlier ones; lots are not kept, so a million of them stream. */
    if (w->kind != MF_ENT_LOT && mf_registry_put(imp->ctx, w->kind, &rec))
        return mf_error_set(err, MF_ENOMEM, "out of memory");
    if (!imp->errors && sink && sink->put)
        return sink->put(sink->ctx, w->kind, &rec, err);
    return MF_OK;
}

/* Prepares a row for records of one kind. */
static void row_init(struct row *w, struct mf_import *imp, struct mf_issues *is,
                     enum mf_entity kind)
{
    int i;

    memset(w, 0, sizeof *w);
    w->imp = imp;
    w->is = is;
    w->kind = kind;
    w->s = mf_schema(kind);
    for (i = 0; i < 3; i++)
        w->place[i] = -1;
    for (i = 0; i < w->s->n_fields; i++) {
        const struct mf_field *f = &w->s->fields[i];
        w->col[i] = -1;
        if (f->type == MF_FT_PLACE && f->part <= MF_PLACE_EPSG)
            w->place[f->part] = i;
    }
}

/* ------------------------------------------------------------------ */
/* A file                                                               */
/* ------------------------------------------------------------------ */

/* Whether a field name is one the kind reads. */
static int reads_field(const char *name, void *schema)
{
    const struct mf_field *f = mf_schema_find(schema, name);

    return f && f->need != MF_DERIVED;
}

/* Whether reader column i is read into some field. */
static int column_read(const struct row *w, size_t i)
{
    int k;

    for (k = 0; k < w->s->n_fields; k++)
        if (w->col[k] == (int)i)
            return 1;
    return 0;
}

/* Columns named in another case ("Quantity") or by a Norwegian name of
 * data/aliases.csv ("mengde") are read as the field they name, unless
 * the file also has the field's own column. */
static void map_aliased_columns(struct row *w, struct rec_reader *r)
{
    size_t i, n_cols = rec_n_columns(r);
    char a[64], b[64];
    int k;

    for (i = 0; i < n_cols; i++) {
        const char *name = rec_column_name(r, i);
        const char *field = NULL;

        if (column_read(w, i))
            continue;
        mf_fold(name, a, sizeof a);
        for (k = 0; k < w->s->n_fields && !field; k++) {
            mf_fold(w->s->fields[k].name, b, sizeof b);
            if (!strcmp(a, b) &&
                reads_field(w->s->fields[k].name, (void *)w->s))
                field = w->s->fields[k].name;
        }
        if (!field)
            field = mf_catalog_column_alias(w->imp->cat, name, reads_field,
                                            (void *)w->s);
        for (k = 0; field && k < w->s->n_fields; k++)
            if (!strcmp(w->s->fields[k].name, field) && w->col[k] < 0)
                w->col[k] = (int)i;
    }
}

static int run(struct mf_import *imp, struct rec_reader *r, enum mf_entity kind,
               const struct mf_import_sink *sink, struct mf_issues *is,
               struct mf_import_stats *stats, struct mf_error *err)
{
    struct row w;
    size_t i, n_cols = rec_n_columns(r);
    int rc;

    row_init(&w, imp, is, kind);
    w.r = r;
    for (i = 0; i < (size_t)w.s->n_fields; i++)
        if (w.s->fields[i].need != MF_DERIVED)
            w.col[i] = rec_column(r, w.s->fields[i].name);
    map_aliased_columns(&w, r);
    snprintf(stats->encoding, sizeof stats->encoding, "%s",
             rec_encoding_name(r));
    stats->ignored_columns[0] = '\0';
    for (i = 0; i < n_cols; i++) {
        const char *name = rec_column_name(r, i);
        size_t len = strlen(stats->ignored_columns);

        if (!column_read(&w, i) &&
            len + strlen(name) + 3 < sizeof stats->ignored_columns)
            snprintf(stats->ignored_columns + len,
                     sizeof stats->ignored_columns - len, "%s%s",
                     len ? ", " : "", name);
    }
    if (w.col[0] < 0) {
        char where[200];
        snprintf(where, sizeof where, "%s: header", rec_label(r));
        mf_issues_add(is, MF_SEV_ERROR, "schema", kind, NULL, where,
                      "the file has no 'id' column; is it a file of %s?",
                      w.s->plural);
        imp->errors = 1;
        return MF_OK;
    }
    while ((rc = rec_next(r, err)) == 1) {
        rc = import_record(&w, 0, sink, stats, err);
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

    MF_ASSERT_ARG(imp && path && is && stats);
    o.encoding = rec_enc(imp->opts.encoding);
    /* A large CSV file that is UTF-8 is read a window at a time: memory
     * does not grow with the file, and the parser starts after one quick
     * pass over it instead of after it is read whole into memory. */
    rc = rec_open_file_stream(&r, path, &o, 0, err);
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

/* ------------------------------------------------------------------ */
/* A JSON object                                                        */
/* ------------------------------------------------------------------ */

/* A number as the text a reader would give: the shortest that reads back
 * the same. */
static void number_text(double d, char *buf, size_t len)
{
    snprintf(buf, len, "%.15g", d);
    if (strtod(buf, NULL) != d)
        snprintf(buf, len, "%.17g", d);
}

/* Copies len bytes of s into the arena, trimmed of ASCII white space. */
static const char *trimmed(struct arena *a, const char *s, size_t len)
{
    while (len && isspace((unsigned char)*s)) {
        s++;
        len--;
    }
    while (len && isspace((unsigned char)s[len - 1]))
        len--;
    return arena_strndup(a, s, len);
}

/* The text of one member's value, as a reader gives a cell: NULL for
 * null; MF_ENOMEM, or MF_EINVAL after listing the problem. */
static int member_text(struct row *w, const struct mf_field *f, json_t *v,
                       struct arena *a, const char **out)
{
    char num[40];

    *out = NULL;
    switch (json_typeof(v)) {
    case JSON_NULL:
        return MF_OK;
    case JSON_STRING:
        *out = trimmed(a, json_string_value(v), json_string_length(v));
        break;
    case JSON_INTEGER:
        snprintf(num, sizeof num, "%" JSON_INTEGER_FORMAT,
                 json_integer_value(v));
        *out = arena_strdup(a, num);
        break;
    case JSON_REAL:
        number_text(json_real_value(v), num, sizeof num);
        *out = arena_strdup(a, num);
        break;
    case JSON_TRUE:
    case JSON_FALSE:
        *out = json_is_true(v) ? "true" : "false";
        return MF_OK;
    case JSON_ARRAY: {
        /* A list of material codes is the list a CSV cell writes with
         * ';' between them. */
        struct buf b = BUF_INIT;
        size_t i;
        json_t *m;
        int rc = MF_OK;

        if (f->type != MF_FT_MATERIALS) {
            schema_error(w, f->name, "a list is not a value here");
            return MF_EINVAL;
        }
        json_array_foreach(v, i, m)
        {
            if (!json_is_string(m)) {
                schema_error(w, f->name,
                             "a list of material codes holds "
                             "texts only");
                buf_free(&b);
                return MF_EINVAL;
            }
            if (rc == MF_OK && i)
                rc = buf_putc(&b, ';');
            if (rc == MF_OK)
                rc = buf_puts(&b, json_string_value(m));
        }
        *out = rc ? NULL : arena_strdup(a, buf_str(&b));
        buf_free(&b);
        if (rc)
            return MF_ENOMEM;
        break;
    }
    default:
        schema_error(w, f->name, "an object is not a value");
        return MF_EINVAL;
    }
    return *out ? MF_OK : MF_ENOMEM;
}

int mf_import_json(struct mf_import *imp, const char *label, const char *json,
                   size_t len, enum mf_entity kind,
                   const struct mf_import_sink *sink, struct mf_issues *is,
                   struct mf_import_stats *stats, struct mf_error *err)
{
    const char *vals[MF_SCHEMA_MAX_FIELDS] = {0};
    struct arena texts;
    struct row w;
    json_error_t jerr;
    json_t *root, *v;
    const char *key;
    int rc = MF_OK;

    label = label ? label : "";
    root = json_loadb(json, len, JSON_REJECT_DUPLICATES, &jerr);
    if (!root || !json_is_object(root)) {
        char msg[300];

        if (root)
            snprintf(msg, sizeof msg, "a %s is a JSON object",
                     mf_schema(kind)->name);
        else
            snprintf(msg, sizeof msg, "invalid JSON at line %d, column %d: %s",
                     jerr.line, jerr.column, jerr.text);
        imp->errors = 1;
        mf_issues_add(is, MF_SEV_ERROR, "schema", kind, NULL, label, "%s", msg);
        json_decref(root);
        return mf_error_at(err, MF_EINVAL, label, "%s", msg);
    }
    row_init(&w, imp, is, kind);
    w.vals = vals;
    w.label = label;
    arena_init(&texts, 4096);
    json_object_foreach(root, key, v)
    {
        const struct mf_field *f = mf_schema_find(w.s, key);

        if (!f) {
            schema_error(&w, key, "'%s' is not a field of %s (docs/FORMATS.md)",
                         key, w.s->plural);
            continue;
        }
        /* Derived values are computed again, so that what
         * mf_export_json() writes reads back. */
        if (f->need == MF_DERIVED)
            continue;
        rc = member_text(&w, f, v, &texts, &vals[field_index(&w, f)]);
        if (rc == MF_ENOMEM)
            break;
        rc = MF_OK;
    }
    if (rc == MF_OK) {
        rc = import_record(&w, w.bad, sink, stats, err);
        if (rc == MF_OK)
            stats->records[kind]++;
    } else {
        rc = mf_error_set(err, rc, "out of memory");
    }
    arena_free(&texts);
    json_decref(root);
    return rc;
}
