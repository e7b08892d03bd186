/*
 * schema.c - the field tables of organisations, projects, sites and lots,
 * the enumerations they name, and the schema-driven deep copy.
 *
 * A row says everything a reader, writer or store needs to know about one
 * field; docs/internals/schema.md explains the columns. The order of the
 * rows is the order fields are read in (so problems in one record are
 * listed in that order) and the order of SQL columns. The docs lines are
 * shown to users: keep them in step with docs/FORMATS.md.
 */
#include "masseflyt/schema.h"

#include <float.h>
#include <string.h>
#include <strings.h>

/* ------------------------------------------------------------------ */
/* Enumerations                                                         */
/* ------------------------------------------------------------------ */

const char *mf_lot_kind_name(enum mf_lot_kind k)
{
    return k == MF_LOT_DEMAND ? "demand" : "supply";
}

int mf_lot_kind_parse(const char *s)
{
    if (!s)
        return MF_LOT_SUPPLY;
    if (!strcasecmp(s, "demand") || !strcasecmp(s, "behov") ||
        !strcasecmp(s, "need"))
        return MF_LOT_DEMAND;
    if (!strcasecmp(s, "supply") || !strcasecmp(s, "overskudd") ||
        !strcasecmp(s, "surplus"))
        return MF_LOT_SUPPLY;
    return -1;
}

/* The name functions take their own enum; the table calls through an int
 * signature, so each gets a wrapper rather than a cast function pointer. */
static const char *lot_kind_name(int v)
{
    return mf_lot_kind_name((enum mf_lot_kind)v);
}

static const char *site_kind_name(int v)
{
    return mf_site_kind_name((enum mf_site_kind)v);
}

static int site_kind_parse(const char *s)
{
    /* An empty kind is refused as missing before it is parsed. */
    return s ? mf_site_kind_parse(s) : MF_SITE_PROJECT;
}

static const char *acid_name(int v)
{
    return mf_acid_name((enum mf_acid)v);
}

static const char *plant_health_name(int v)
{
    return mf_plant_health_name((enum mf_plant_health)v);
}

const struct mf_enum_desc mf_enum_lot_kind = {
    .what = "supply or demand",
    .name = lot_kind_name,
    .parse = mf_lot_kind_parse,
    .count = 2,
};

const struct mf_enum_desc mf_enum_site_kind = {
    .what = "a site kind (project, storage, processing, receiving, quarry)",
    .name = site_kind_name,
    .parse = site_kind_parse,
    .count = MF_SITE_KIND_COUNT,
};

const struct mf_enum_desc mf_enum_acid = {
    .what = "negative, positive or not_tested",
    .name = acid_name,
    .parse = mf_acid_parse,
    .count = MF_ACID_POSITIVE + 1,
};

const struct mf_enum_desc mf_enum_plant_health = {
    .what = "a plant-health restriction (none, pcn, wild_oat, potato_wart, "
            "ring_rot, other)",
    .name = plant_health_name,
    .parse = mf_plant_health_parse,
    .count = MF_PH_OTHER + 1,
};

/* ------------------------------------------------------------------ */
/* The tables                                                           */
/* ------------------------------------------------------------------ */

/* One row: CSV/JSON name, SQL column, type, need, struct, member, then
 * the rest as designated initialisers. */
#define FIELD(name_, column_, type_, need_, st_, member_, ...)                 \
    {                                                                          \
        .name = name_, .column = column_, .type = MF_FT_##type_,               \
        .need = need_, .offset = offsetof(struct st_, member_), __VA_ARGS__    \
    }

/* The six restriction flags, as sites and lots both read them. */
#define RESTRICTIONS(st_)                                                      \
    FIELD("quick_clay", "restrictions", FLAG, MF_OPTIONAL, st_, restrictions,  \
          .bit = MF_RESTR_QUICK_CLAY,                                          \
          .doc = "1 in an NVE quick-clay hazard zone"),                        \
        FIELD("flood_zone", "restrictions", FLAG, MF_OPTIONAL, st_,            \
              restrictions, .bit = MF_RESTR_FLOOD,                             \
              .doc = "1 in an NVE flood hazard zone"),                         \
        FIELD("heritage", "restrictions", FLAG, MF_OPTIONAL, st_,              \
              restrictions, .bit = MF_RESTR_HERITAGE,                          \
              .doc = "1 where it touches a cultural-heritage site"),           \
        FIELD("sea", "restrictions", FLAG, MF_OPTIONAL, st_, restrictions,     \
              .bit = MF_RESTR_SEA, .doc = "1 for fill in sea or watercourse"), \
        FIELD("farmland", "restrictions", FLAG, MF_OPTIONAL, st_,              \
              restrictions, .bit = MF_RESTR_FARMLAND,                          \
              .doc = "1 on cultivated land (AR5 21/22/23)"),                   \
        FIELD("alien_species", "restrictions", FLAG, MF_OPTIONAL, st_,         \
              restrictions, .bit = MF_RESTR_ALIEN,                             \
              .doc = "1 where alien species are present")

/* A place: x, y and epsg as given, lon and lat derived through PROJ. */
#define PLACE(st_, what_)                                                      \
    FIELD("x", "x", PLACE, MF_OPTIONAL, st_, loc.x, .part = MF_PLACE_X,        \
          .doc = "east (UTM) or longitude, in epsg; " what_),                  \
        FIELD("y", "y", PLACE, MF_OPTIONAL, st_, loc.y, .part = MF_PLACE_Y,    \
              .doc = "north (UTM) or latitude, in epsg"),                      \
        FIELD("epsg", "epsg", PLACE, MF_OPTIONAL, st_, loc.epsg,               \
              .part = MF_PLACE_EPSG,                                           \
              .doc = "25832, 25833, 25835, 4258 or 4326"),                     \
        FIELD("lon", "lon", PLACE, MF_DERIVED, st_, loc.lon,                   \
              .part = MF_PLACE_LON, .unit = "degree",                          \
              .doc = "WGS84 longitude"),                                       \
        FIELD("lat", "lat", PLACE, MF_DERIVED, st_, loc.lat,                   \
              .part = MF_PLACE_LAT, .unit = "degree", .doc = "WGS84 latitude")

static const struct mf_field org_fields[] = {
    FIELD("id", "id", TEXT, MF_REQUIRED, mf_org, id,
          .doc = "your key for the organisation, unique"),
    FIELD("orgnr", "orgnr", TEXT, MF_OPTIONAL, mf_org, orgnr,
          .doc = "organisation number: 9 digits, mod-11 check digit"),
    FIELD("name", "name", TEXT, MF_REQUIRED, mf_org, name, .doc = "its name"),
    FIELD("public", "is_public", BOOL, MF_OPTIONAL, mf_org, is_public,
          .doc = "1 for a public body (state, county, municipality)"),
    FIELD("note", "note", TEXT, MF_OPTIONAL, mf_org, note, .doc = "free text"),
};

static const struct mf_field project_fields[] = {
    FIELD("id", "id", TEXT, MF_REQUIRED, mf_project, id,
          .doc = "your key for the project, unique"),
    FIELD("name", "name", TEXT, MF_REQUIRED, mf_project, name,
          .doc = "its name"),
    FIELD("org", "org", REF, MF_OPTIONAL, mf_project, org, .ref = MF_ENT_ORG,
          .doc = "the organisation that runs it"),
    FIELD("municipality", "municipality", TEXT, MF_OPTIONAL, mf_project,
          municipality, .doc = "4-digit kommunenummer"),
    FIELD("kind", "kind", TEXT, MF_OPTIONAL, mf_project, kind,
          .doc = "road, rail, harbour, building, water, ... (free text)"),
    FIELD("start", "start_date", DATE, MF_OPTIONAL, mf_project, start,
          .doc = "first day"),
    FIELD("end", "end_date", DATE, MF_OPTIONAL, mf_project, end,
          .doc = "last day"),
    FIELD("source", "source", TEXT, MF_OPTIONAL, mf_project, source,
          .doc = "URL or citation of the figures"),
    FIELD("note", "note", TEXT, MF_OPTIONAL, mf_project, note,
          .doc = "free text"),
};

static const struct mf_field site_fields[] = {
    FIELD("id", "id", TEXT, MF_REQUIRED, mf_site, id,
          .doc = "your key for the site, unique"),
    FIELD("name", "name", TEXT, MF_REQUIRED, mf_site, name, .doc = "its name"),
    FIELD("kind", "kind", ENUM, MF_REQUIRED, mf_site, kind,
          .enm = &mf_enum_site_kind,
          .doc = "project, storage, processing, receiving or quarry"),
    FIELD("org", "org", REF, MF_OPTIONAL, mf_site, org, .ref = MF_ENT_ORG,
          .doc = "the organisation that runs it"),
    FIELD("project", "project", REF, MF_OPTIONAL, mf_site, project,
          .ref = MF_ENT_PROJECT, .doc = "the project it belongs to"),
    FIELD("municipality", "municipality", TEXT, MF_OPTIONAL, mf_site,
          municipality, .doc = "4-digit kommunenummer"),
    PLACE(mf_site, "a site needs a place"),
    RESTRICTIONS(mf_site),
    FIELD("open_from", "open_from", DATE, MF_OPTIONAL, mf_site, open_from,
          .doc = "first day it can be used"),
    FIELD("open_to", "open_to", DATE, MF_OPTIONAL, mf_site, open_to,
          .doc = "last day it can be used"),
    FIELD("materials", "materials", MATERIALS, MF_OPTIONAL, mf_site, materials,
          .count_offset = offsetof(struct mf_site, n_materials),
          .doc = "material codes it accepts (sells, for a quarry)"),
    FIELD("product", "product", MATERIAL, MF_OPTIONAL, mf_site, product,
          .doc = "processing: the material it puts out"),
    FIELD("capacity", "capacity", NUMBER, MF_OPTIONAL, mf_site, capacity,
          .with = offsetof(struct mf_site, capacity_state),
          .doc = "total (receiving), at once (storage) or per year"),
    FIELD("capacity_unit", "capacity_unit", STATE, MF_DEPENDS, mf_site,
          capacity_state,
          .doc = "volume state of capacity: t, pfm3, ulm3, "
                 "pam3"),
    FIELD("capacity_t", "capacity_t", NUMBER, MF_DERIVED, mf_site, capacity_t,
          .unit = "t", .def = -1,
          .with = offsetof(struct mf_site, capacity_state),
          .doc = "capacity in tonnes"),
    FIELD("fee", "fee", NUMBER, MF_OPTIONAL, mf_site, fee, .unit = "NOK/t",
          .doc = "gate fee, price, handling or processing cost"),
    FIELD("holding", "holding", NUMBER, MF_OPTIONAL, mf_site, holding,
          .unit = "NOK/t/month", .doc = "storage: cost of holding"),
    FIELD("material_fees", "material_fees", TEXT, MF_OPTIONAL, mf_site,
          material_fees,
          .doc = "receiving: own gate fee per material, code=NOK/t, "
                 "';'-separated"),
    FIELD("material_caps", "material_caps", TEXT, MF_OPTIONAL, mf_site,
          material_caps,
          .doc = "receiving: the permit's capacity for single materials, "
                 "code=t, ';'-separated; empty: shared"),
    FIELD("fill_height_m", "fill_height_m", NUMBER, MF_OPTIONAL, mf_site,
          fill_height_m, .unit = "m", .min = 0, .max = DBL_MAX,
          .range_rule = "a fill height cannot be negative",
          .doc = "receiving: mean fill height, for land take"),
    FIELD("intake_t", "intake_t", NUMBER, MF_OPTIONAL, mf_site, intake_t,
          .unit = "t/year", .min = 1, .max = DBL_MAX, .def = -1,
          .flags = MF_FIELD_UNSTATED,
          .range_rule = "a yearly intake limit is at least 1 tonne; leave "
                        "it empty for none",
          .doc = "receiving: most tonnes a year its permit lets it take "
                 "in; empty: no yearly limit"),
    FIELD("source", "source", TEXT, MF_OPTIONAL, mf_site, source,
          .doc = "URL or citation of the figures"),
    FIELD("note", "note", TEXT, MF_OPTIONAL, mf_site, note, .doc = "free text"),
};

/* Sites were read in the order above long before the table existed, and
 * exported (and documented) in this one. Reading keeps its order because
 * a record's problems are listed, and some rules skipped after an error,
 * in reading order; exports keep theirs so they stay byte for byte. */
static const char *const site_columns[] = {
    "id",
    "name",
    "kind",
    "org",
    "project",
    "municipality",
    "x",
    "y",
    "epsg",
    "lon",
    "lat",
    "materials",
    "product",
    "capacity",
    "capacity_unit",
    "capacity_t",
    "fee",
    "holding",
    "fill_height_m",
    "material_fees",
    "intake_t",
    "open_from",
    "open_to",
    "quick_clay",
    "flood_zone",
    "heritage",
    "sea",
    "farmland",
    "alien_species",
    "source",
    "note",
    "material_caps",
};

static const struct mf_field lot_fields[] = {
    FIELD("id", "id", TEXT, MF_REQUIRED, mf_lot, id,
          .doc = "your key for the lot, unique"),
    FIELD("kind", "kind", ENUM, MF_REQUIRED, mf_lot, kind,
          .enm = &mf_enum_lot_kind, .doc = "supply (surplus) or demand (need)"),
    FIELD("project", "project", REF, MF_OPTIONAL, mf_lot, project,
          .ref = MF_ENT_PROJECT, .doc = "the project it belongs to"),
    FIELD("site", "site", REF, MF_OPTIONAL, mf_lot, site, .ref = MF_ENT_SITE,
          .doc = "where it is; gives its place when x and y are empty"),
    FIELD("material", "material", MATERIAL, MF_DEPENDS, mf_lot, material,
          .doc = "material code; required for supply"),
    FIELD("use", "use", USE, MF_DEPENDS, mf_lot, use,
          .doc = "use class; required for demand"),
    FIELD("quantity", "quantity", NUMBER, MF_REQUIRED, mf_lot, quantity,
          .with = offsetof(struct mf_lot, state),
          .doc = "how much, in the volume state `unit`"),
    FIELD("unit", "unit", STATE, MF_REQUIRED, mf_lot, state,
          .doc = "volume state: t, pfm3, ulm3 or pam3"),
    FIELD("tonnes", "tonnes", NUMBER, MF_DERIVED, mf_lot, tonnes, .unit = "t",
          .with = offsetof(struct mf_lot, state),
          .doc = "quantity in tonnes, by the material's density"),
    FIELD("from", "from_date", DATE, MF_REQUIRED, mf_lot, from,
          .doc = "first day of its window"),
    FIELD("to", "to_date", DATE, MF_REQUIRED, mf_lot, to,
          .doc = "last day of its window"),
    FIELD("flexible", "flexible", BOOL, MF_OPTIONAL, mf_lot, flexible,
          .doc = "demand: may arrive any time in the window"),
    FIELD("stockpile_t", "stockpile_t", NUMBER, MF_OPTIONAL, mf_lot,
          stockpile_t, .unit = "t", .min = 0, .max = DBL_MAX,
          .range_rule = "a stockpile cannot be negative",
          .doc = "supply: tonnes that may wait on site"),
    FIELD("condition_class", "condition_class", INT, MF_OPTIONAL, mf_lot,
          condition_class, .min = 0, .max = 5, .flags = MF_FIELD_UNSTATED,
          .range_rule = "a condition class is a whole number from 1 to 5",
          .doc = "tilstandsklasse 1-5; empty: not stated"),
    FIELD("natural_background", "natural_background", BOOL, MF_OPTIONAL, mf_lot,
          natural_background, .doc = "values above the norm are natural"),
    FIELD("acid_test", "acid_test", ENUM, MF_OPTIONAL, mf_lot, acid,
          .enm = &mf_enum_acid, .doc = "negative, positive or not_tested"),
    FIELD("plant_health", "plant_health", ENUM, MF_OPTIONAL, mf_lot,
          plant_health, .enm = &mf_enum_plant_health,
          .doc = "none, pcn, wild_oat, potato_wart, ring_rot or other"),
    RESTRICTIONS(mf_lot),
    FIELD("planned_independently", "planned_independently", BOOL, MF_OPTIONAL,
          mf_lot, planned_independently, .def = -1, .flags = MF_FIELD_UNSTATED,
          .doc = "demand: fill planned independently of the surplus"),
    FIELD("public", "is_public", BOOL, MF_OPTIONAL, mf_lot, is_public, .def = 1,
          .doc = "0 keeps it out of open-data exports"),
    PLACE(mf_lot, "empty: its site's place"),
    FIELD("source", "source", TEXT, MF_OPTIONAL, mf_lot, source,
          .doc = "URL or citation of the figures"),
    FIELD("note", "note", TEXT, MF_OPTIONAL, mf_lot, note, .doc = "free text"),
};

#define N(a) ((int)(sizeof(a) / sizeof((a)[0])))

static const struct mf_entity_schema schemas[MF_ENT_COUNT] = {
    [MF_ENT_ORG] = {.kind = MF_ENT_ORG,
                    .name = "organisation",
                    .plural = "organisations",
                    .table = "org",
                    .size = sizeof(struct mf_org),
                    .fields = org_fields,
                    .n_fields = N(org_fields)},
    [MF_ENT_PROJECT] = {.kind = MF_ENT_PROJECT,
                        .name = "project",
                        .plural = "projects",
                        .table = "project",
                        .size = sizeof(struct mf_project),
                        .fields = project_fields,
                        .n_fields = N(project_fields)},
    [MF_ENT_SITE] = {.kind = MF_ENT_SITE,
                     .name = "site",
                     .plural = "sites",
                     .table = "site",
                     .size = sizeof(struct mf_site),
                     .fields = site_fields,
                     .n_fields = N(site_fields),
                     .columns = site_columns,
                     .n_columns = N(site_columns)},
    [MF_ENT_LOT] = {.kind = MF_ENT_LOT,
                    .name = "lot",
                    .plural = "lots",
                    .table = "lot",
                    .size = sizeof(struct mf_lot),
                    .fields = lot_fields,
                    .n_fields = N(lot_fields)},
};

/* Readers and the codec store ENUM fields through an int. */
_Static_assert(sizeof(enum mf_lot_kind) == sizeof(int) &&
                   sizeof(enum mf_site_kind) == sizeof(int) &&
                   sizeof(enum mf_acid) == sizeof(int) &&
                   sizeof(enum mf_plant_health) == sizeof(int),
               "an enumeration is not int-sized");
_Static_assert(N(site_fields) <= MF_SCHEMA_MAX_FIELDS &&
                   N(lot_fields) <= MF_SCHEMA_MAX_FIELDS,
               "raise MF_SCHEMA_MAX_FIELDS");

const struct mf_entity_schema *mf_schema(enum mf_entity e)
{
    return (unsigned)e < MF_ENT_COUNT ? &schemas[e] : NULL;
}

const struct mf_field *mf_schema_find(const struct mf_entity_schema *s,
                                      const char *name)
{
    int i;

    for (i = 0; i < s->n_fields; i++)
        if (!strcmp(s->fields[i].name, name))
            return &s->fields[i];
    return NULL;
}

int mf_schema_columns(const struct mf_entity_schema *s,
                      const struct mf_field *out[MF_SCHEMA_MAX_FIELDS])
{
    unsigned char used[MF_SCHEMA_MAX_FIELDS] = {0};
    int i, n = 0;

    for (i = 0; i < s->n_columns; i++) {
        const struct mf_field *f = mf_schema_find(s, s->columns[i]);
        if (f && !used[f - s->fields]) {
            used[f - s->fields] = 1;
            out[n++] = f;
        }
    }
    for (i = 0; i < s->n_fields; i++)
        if (!used[i])
            out[n++] = &s->fields[i];
    return n;
}

/* ------------------------------------------------------------------ */
/* Access and copies                                                    */
/* ------------------------------------------------------------------ */

const struct mf_location *mf_field_place(const struct mf_field *f,
                                         const void *rec)
{
    static const size_t part_offset[] = {
        offsetof(struct mf_location, x), offsetof(struct mf_location, y),
        offsetof(struct mf_location, epsg), offsetof(struct mf_location, lon),
        offsetof(struct mf_location, lat)};

    return (const struct mf_location *)((const char *)rec + f->offset -
                                        part_offset[f->part]);
}

int mf_field_present(const struct mf_field *f, const void *rec)
{
    /* A number whose default means "not stated" is absent at it, and at
     * any value below its minimum (a record built in code with 0 there
     * says nothing either). */
    if (f->type == MF_FT_NUMBER && (f->flags & MF_FIELD_UNSTATED) && !f->with)
        return *(const double *)((const char *)rec + f->offset) >= f->min;
    if (!f->with)
        return 1;
    return *(const enum mf_state *)((const char *)rec + f->with) !=
           MF_STATE_NONE;
}

static int copy_text(const char **slot, void *(*alloc)(void *, size_t),
                     void *ctx)
{
    size_t n;
    char *p;

    if (!*slot)
        return MF_OK;
    n = strlen(*slot) + 1;
    p = alloc(ctx, n);
    if (!p)
        return MF_ENOMEM;
    memcpy(p, *slot, n);
    *slot = p;
    return MF_OK;
}

int mf_record_copy(enum mf_entity e, void *dst, const void *src,
                   void *(*alloc)(void *ctx, size_t bytes), void *ctx)
{
    const struct mf_entity_schema *s = mf_schema(e);
    int i;

    memcpy(dst, src, s->size);
    for (i = 0; i < s->n_fields; i++) {
        const struct mf_field *f = &s->fields[i];

        if (f->type == MF_FT_TEXT || f->type == MF_FT_REF) {
            if (copy_text(mf_field_ptr(f, dst), alloc, ctx))
                return MF_ENOMEM;
        } else if (f->type == MF_FT_MATERIALS) {
            int **slot = mf_field_ptr(f, dst);
            int n = *(const int *)((const char *)src + f->count_offset);
            int *p = NULL;

            if (n > 0 && *slot) {
                p = alloc(ctx, (size_t)n * sizeof *p);
                if (!p)
                    return MF_ENOMEM;
                memcpy(p, *slot, (size_t)n * sizeof *p);
            }
            *slot = p;
        }
    }
    return MF_OK;
}

/* ------------------------------------------------------------------ */
/* Length limits                                                        */
/* ------------------------------------------------------------------ */

size_t mf_field_max_chars(const struct mf_field *f)
{
    /* Field 0 of every table is the id (schema.h); references hold one. */
    if (f->type == MF_FT_REF || (f->offset == 0 && f->type == MF_FT_TEXT))
        return MF_MAX_ID_CHARS;
    if (f->type == MF_FT_TEXT &&
        (!strcmp(f->name, "note") || !strcmp(f->name, "source")))
        return MF_MAX_NOTE_CHARS;
    if (f->type == MF_FT_MATERIALS)
        return MF_MAX_LIST_CHARS;
    return MF_MAX_TEXT_CHARS;
}

size_t mf_text_chars(const char *s)
{
    size_t n = 0;

    for (; *s; s++)
        if (((unsigned char)*s & 0xC0) != 0x80)
            n++;
    return n;
}
