/*
 * schema.h - one table of fields per entity (organisation, project, site,
 * lot): the name of each field in CSV and JSON, its SQL column, its type
 * and unit, whether input must give it, where it lives in the public struct
 * (model.h), and one line of documentation.
 *
 * The importer, the exporter, JSON for entities, the registry's copies and
 * the store's row codec all walk these tables; none of them names a field
 * by hand. Adding a field to an entity is a member in model.h, a row in
 * the table (schema.c), a migration and a line in docs/FORMATS.md
 * (docs/internals/schema.md walks through it).
 *
 * What spans several fields (a lot's tonnes from quantity, unit and
 * material; a site's capacity in tonnes; "a processing site needs a
 * product"; a lot's place taken from its site) is not in the table: those
 * rules are small per-entity functions in io/import.c, named in
 * docs/internals/schema.md.
 */
#ifndef MF_SCHEMA_H
#define MF_SCHEMA_H

#include "masseflyt/error.h"
#include "masseflyt/model.h"

#include <stddef.h>

/* Any one record. The first member of every record is its id. */
union mf_record {
    struct mf_org org;
    struct mf_project project;
    struct mf_site site;
    struct mf_lot lot;
};

/* What a field holds, and so how it is read, written and stored. */
enum mf_ftype {
    MF_FT_TEXT,      /* const char *; an empty value is NULL */
    MF_FT_BOOL,      /* int 0/1 (yes/no, ja/nei, 1/0, true/false, x) */
    MF_FT_INT,       /* int, a whole number within [min, max] */
    MF_FT_NUMBER,    /* double */
    MF_FT_DATE,      /* int32_t days; MF_DATE_NONE when empty */
    MF_FT_ENUM,      /* an enum, named and parsed by `enm` */
    MF_FT_MATERIAL,  /* int catalogue index; -1 when empty */
    MF_FT_MATERIALS, /* int * of catalogue indices, count at count_offset */
    MF_FT_USE,       /* int use-class index; -1 when empty */
    MF_FT_STATE,     /* enum mf_state, a volume state; MF_STATE_NONE */
    MF_FT_REF,       /* const char *, the id of an entity of kind `ref` */
    MF_FT_FLAG,      /* one bit (`bit`) of an unsigned; given as yes/no */
    MF_FT_PLACE      /* one part (`part`) of a struct mf_location */
};

/* Whether input gives the field. */
enum mf_need {
    MF_OPTIONAL = 0, /* may be empty: then it takes its default */
    MF_REQUIRED,     /* an empty value is an error */
    MF_DEPENDS,      /* required, optional or not read, by other fields
                        (a per-entity rule in io/import.c) */
    MF_DERIVED       /* computed from other fields: stored and written to
                        JSON, never read from input nor written to CSV */
};

enum mf_place_part {
    MF_PLACE_X = 0, /* as given: east or longitude */
    MF_PLACE_Y,     /* as given: north or latitude */
    MF_PLACE_EPSG,  /* the system x and y are in; 0 = no place */
    MF_PLACE_LON,   /* WGS84, derived */
    MF_PLACE_LAT    /* WGS84, derived */
};

/* Field flags. */
#define MF_FIELD_UNSTATED                                                      \
    0x1u /* the default means "not stated": written                            \
            as an empty cell and as JSON null */

/* An enumeration's names. parse() returns -1 for a text it does not know;
 * parse(NULL) gives the value an empty cell means. */
struct mf_enum_desc {
    const char *what; /* completes "'%s' is not %s": "supply or demand" */
    const char *(*name)(int v);
    int (*parse)(const char *s);
    int count; /* values are 0 .. count-1 */
};

struct mf_field {
    const char *name;   /* in CSV and JSON: "quantity" */
    const char *column; /* in SQL: "quantity", "from_date"; FLAG fields
                           share one integer column */
    enum mf_ftype type;
    enum mf_need need;
    size_t offset; /* of the value in the entity's struct */
    /* Unit of a NUMBER or INT ("t", "NOK/t", "m"); NULL when the value
     * has none or its unit is the volume state at `with`. */
    const char *unit;
    /* A quantity belongs to a volume state: `with` is the offset of the
     * STATE field in the same struct (never 0, where the id is). While
     * that state is MF_STATE_NONE the value is absent: an empty cell,
     * SQL NULL, JSON null. 0 = the value stands alone. */
    size_t with;
    double def; /* BOOL, INT, NUMBER, ENUM: the value of an empty cell */
    /* INT, NUMBER: when range_rule is set, a value outside [min, max] is
     * an error with that message (an INT must also be whole). */
    double min, max;
    const char *range_rule;
    unsigned flags;                 /* MF_FIELD_* */
    const struct mf_enum_desc *enm; /* ENUM */
    enum mf_entity ref;             /* REF: what the id names */
    unsigned bit;                   /* FLAG: an MF_RESTR_* bit */
    enum mf_place_part part;        /* PLACE */
    size_t count_offset;            /* MATERIALS: the int count */
    const char *doc;                /* one line, for docs and JSON */
};

struct mf_entity_schema {
    enum mf_entity kind;
    const char *name;   /* "lot", "organisation" */
    const char *plural; /* "lots", "organisations" */
    const char *table;  /* the SQL table */
    size_t size;        /* of the struct */
    /* Fields in reading order, which is also the order of SQL columns.
     * Field 0 is the id, a required TEXT at offset 0. */
    const struct mf_field *fields;
    int n_fields;
    /* The order of CSV and JSON columns by name, when it differs from
     * the reading order (sites: see schema.c); fields not listed follow
     * in reading order. NULL: the reading order. */
    const char *const *columns;
    int n_columns;
};

/* More fields than any entity has. */
#define MF_SCHEMA_MAX_FIELDS 64

/* The table of an entity. */
const struct mf_entity_schema *mf_schema(enum mf_entity e);

/* Fills out[0 .. n_fields-1] with the fields in CSV/JSON column order
 * and returns n_fields. */
int mf_schema_columns(const struct mf_entity_schema *s,
                      const struct mf_field *out[MF_SCHEMA_MAX_FIELDS]);

/* The field with this CSV/JSON name, or NULL. */
const struct mf_field *mf_schema_find(const struct mf_entity_schema *s,
                                      const char *name);

/* Length limits of values, in characters (UTF-8 code points), whatever
 * the field's type: ids and references, notes and sources, a site's list
 * of materials, and everything else (names, municipality, kind, orgnr,
 * numbers, dates, codes). A longer value is an error naming the field and
 * the limit. docs/FORMATS.md lists them. */
#define MF_MAX_ID_CHARS 100
#define MF_MAX_NOTE_CHARS 4000
#define MF_MAX_LIST_CHARS 2000
#define MF_MAX_TEXT_CHARS 200

/* The limit of field f: one of the MF_MAX_*_CHARS above. */
size_t mf_field_max_chars(const struct mf_field *f);

/* The characters (UTF-8 code points) in s: its bytes that do not
 * continue a multi-byte sequence. */
size_t mf_text_chars(const char *s);

/* The enumerations the tables use. */
extern const struct mf_enum_desc mf_enum_lot_kind;
extern const struct mf_enum_desc mf_enum_site_kind;
extern const struct mf_enum_desc mf_enum_acid;
extern const struct mf_enum_desc mf_enum_plant_health;

/* "supply" or "demand"; parse also takes overskudd, surplus, behov and
 * need. */
const char *mf_lot_kind_name(enum mf_lot_kind k);
int mf_lot_kind_parse(const char *s); /* -1 when unknown */

/* Where a field's value is in rec (a struct of the field's entity). */
static inline void *mf_field_ptr(const struct mf_field *f, void *rec)
{
    return (char *)rec + f->offset;
}

static inline const void *mf_field_cptr(const struct mf_field *f,
                                        const void *rec)
{
    return (const char *)rec + f->offset;
}

/* The place a PLACE field is part of. */
const struct mf_location *mf_field_place(const struct mf_field *f,
                                         const void *rec);

/* Whether a quantity with a `with` state is present in rec (1 when the
 * field has no `with`). */
int mf_field_present(const struct mf_field *f, const void *rec);

/* Copies record src of kind e into dst (a struct of the same kind) with
 * every string and array it points to, taking memory from
 * alloc(ctx, bytes), which returns NULL when memory is out. Returns MF_OK
 * or MF_ENOMEM (dst is then incomplete and must not be used). */
int mf_record_copy(enum mf_entity e, void *dst, const void *src,
                   void *(*alloc)(void *ctx, size_t bytes), void *ctx);

#endif
