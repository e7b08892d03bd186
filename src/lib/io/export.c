/*
 * export.c - the registry out again, as CSV (plain or for Norwegian Excel)
 * or as GeoJSON, with the columns import.c reads, so that an export can be
 * imported unchanged; and one record as a JSON object for an API.
 *
 * Each record is first laid out as a list of named fields by walking its
 * entity's table (schema.h); the two writers then only format fields.
 */
#include "masseflyt/io.h"

#include "masseflyt/schema.h"
#include "util/buf.h"

#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#define MAX_FIELDS MF_SCHEMA_MAX_FIELDS

struct field {
    const char *name;
    const char *text; /* NULL = empty */
    int number;       /* text is a number (or a 0/1 flag) */
};

struct fields {
    struct field f[MAX_FIELDS];
    int n;
    char store[MAX_FIELDS][64]; /* formatted numbers */
    double lon, lat;
    int has_place;
};

static void add_text(struct fields *fs, const char *name, const char *text)
{
    struct field *f = &fs->f[fs->n++];

    f->name = name;
    f->text = text && *text ? text : NULL;
    f->number = 0;
}

static void add_num(struct fields *fs, const char *name, double v, int keep)
{
    struct field *f = &fs->f[fs->n];

    f->name = name;
    f->number = 1;
    f->text = NULL;
    if (keep && isfinite(v)) {
        snprintf(fs->store[fs->n], sizeof fs->store[fs->n], "%.10g", v);
        f->text = fs->store[fs->n];
    }
    fs->n++;
}

static void add_date(struct fields *fs, const char *name, int32_t d)
{
    struct field *f = &fs->f[fs->n];

    f->name = name;
    f->number = 0;
    f->text = d == MF_DATE_NONE ? NULL
                                : mf_date_format(d, fs->store[fs->n],
                                                 sizeof fs->store[fs->n]);
    fs->n++;
}

static void add_flag(struct fields *fs, const char *name, int v)
{
    add_num(fs, name, v, 1);
}

static const char *mat_code(const struct mf_catalog *cat, int m)
{
    const struct mf_material *mm = mf_catalog_material(cat, m);

    return mm ? mm->code : NULL;
}

static const char *use_code(const struct mf_catalog *cat, int u)
{
    const struct mf_use *mu = mf_catalog_use(cat, u);

    return mu ? mu->code : NULL;
}

/* Whether an INT or BOOL holds its "not stated" default. */
static int unstated(const struct mf_field *f, int v)
{
    return (f->flags & MF_FIELD_UNSTATED) && v == (int)f->def;
}

/* The place of a record of this kind, or NULL when the kind has none.
 * *own says whether x, y and epsg are written: a lot that took its site's
 * place leaves them empty, so it imports again as "at its site". A lot at
 * a site has a place on the map even without one of its own. */
static const struct mf_location *place_of(const struct mf_registry *reg,
                                          enum mf_entity kind, const void *rec,
                                          int *own, int *has_place)
{
    const struct mf_entity_schema *s = mf_schema(kind);
    const struct mf_location *l = NULL;
    int i;

    for (i = 0; i < s->n_fields && !l; i++)
        if (s->fields[i].type == MF_FT_PLACE)
            l = mf_field_place(&s->fields[i], rec);
    *own = 1;
    *has_place = l && l->epsg != 0;
    if (l && kind == MF_ENT_LOT) {
        const struct mf_site *site =
            mf_registry_site(reg, ((const struct mf_lot *)rec)->site);
        *own = !site || site->loc.lon != l->lon || site->loc.lat != l->lat;
        *has_place = l->epsg != 0 || site;
    }
    return l;
}

/* Lays a record out as the CSV columns of its kind, in column order. */
static void lay_out(const struct mf_registry *reg, enum mf_entity kind,
                    const void *rec, const struct mf_field *const *cols,
                    int n_cols, struct fields *fs, struct buf *scratch)
{
    const struct mf_catalog *cat = mf_registry_catalog(reg);
    const struct mf_location *loc;
    int i, own, has_place;

    memset(fs, 0, sizeof *fs);
    loc = place_of(reg, kind, rec, &own, &has_place);
    if (loc) {
        fs->lon = loc->lon;
        fs->lat = loc->lat;
        fs->has_place = has_place;
    }
    for (i = 0; i < n_cols; i++) {
        const struct mf_field *f = cols[i];
        const void *p = mf_field_cptr(f, rec);

        if (f->need == MF_DERIVED)
            continue;
        switch (f->type) {
        case MF_FT_TEXT:
        case MF_FT_REF:
            add_text(fs, f->name, *(const char *const *)p);
            break;
        case MF_FT_BOOL:
        case MF_FT_INT:
            add_num(fs, f->name, *(const int *)p,
                    !unstated(f, *(const int *)p));
            break;
        case MF_FT_NUMBER:
            add_num(fs, f->name, *(const double *)p, mf_field_present(f, rec));
            break;
        case MF_FT_DATE:
            add_date(fs, f->name, *(const int32_t *)p);
            break;
        case MF_FT_ENUM:
            add_text(fs, f->name, f->enm->name(*(const int *)p));
            break;
        case MF_FT_MATERIAL:
            add_text(fs, f->name, mat_code(cat, *(const int *)p));
            break;
        case MF_FT_USE:
            add_text(fs, f->name, use_code(cat, *(const int *)p));
            break;
        case MF_FT_MATERIALS: {
            const int *m = *(const int *const *)p;
            int k, n = *(const int *)((const char *)rec + f->count_offset);
            buf_reset(scratch);
            for (k = 0; k < n; k++)
                buf_printf(scratch, "%s%s", k ? ";" : "", mat_code(cat, m[k]));
            add_text(fs, f->name, buf_str(scratch));
            break;
        }
        case MF_FT_STATE:
            add_text(fs, f->name, mf_state_name(*(const enum mf_state *)p));
            break;
        case MF_FT_FLAG:
            add_flag(fs, f->name, !!(*(const unsigned *)p & f->bit));
            break;
        case MF_FT_PLACE:
            if (f->part == MF_PLACE_EPSG)
                add_num(fs, f->name, loc->epsg, own && loc->epsg);
            else
                add_num(fs, f->name, *(const double *)p, own && loc->epsg);
            break;
        }
    }
}

/* ------------------------------------------------------------------ */
/* Writers                                                              */
/* ------------------------------------------------------------------ */

static void csv_cell(FILE *out, const struct field *f, char sep, int excel)
{
    const char *t = f->text;
    const char *p;

    if (!t)
        return;
    if (f->number && excel) {
        for (p = t; *p; p++)
            fputc(*p == '.' ? ',' : *p, out);
        return;
    }
    if (strpbrk(t, "\"\r\n") || strchr(t, sep)) {
        fputc('"', out);
        for (p = t; *p; p++) {
            if (*p == '"')
                fputc('"', out);
            fputc(*p, out);
        }
        fputc('"', out);
        return;
    }
    fputs(t, out);
}

static json_t *json_field(const struct field *f)
{
    if (!f->text)
        return json_null();
    if (f->number) {
        double v = strtod(f->text, NULL);
        if (v == (double)(json_int_t)v && fabs(v) < 9e15)
            return json_integer((json_int_t)v);
        return json_real(v);
    }
    return json_string(f->text);
}

int mf_export(const struct mf_registry *reg, enum mf_entity kind,
              enum mf_format fmt, const unsigned char *keep, FILE *out,
              struct mf_error *err)
{
    const struct mf_field *cols[MF_SCHEMA_MAX_FIELDS];
    int n_cols = mf_schema_columns(mf_schema(kind), cols);
    size_t i, n = mf_registry_count(reg, kind);
    struct fields fs;
    struct buf scratch = BUF_INIT;
    int first = 1, k;
    int excel = fmt == MF_FMT_CSV_EXCEL;
    char sep = excel ? ';' : ',';

    if (fmt == MF_FMT_GEOJSON) {
        fputs("{\"type\":\"FeatureCollection\",\"features\":[\n", out);
    } else {
        /* The header is written even when no record is. */
        if (excel)
            fputs("\xEF\xBB\xBF", out);
        for (k = 0, i = 0; k < n_cols; k++)
            if (cols[k]->need != MF_DERIVED)
                fprintf(out, "%s%s", i++ ? (excel ? ";" : ",") : "",
                        cols[k]->name);
        fputs(excel ? "\r\n" : "\n", out);
    }
    for (i = 0; i < n; i++) {
        if (keep && !keep[i])
            continue;
        lay_out(reg, kind, mf_registry_at(reg, kind, i), cols, n_cols, &fs,
                &scratch);
        if (fmt == MF_FMT_GEOJSON) {
            json_t *props = json_object(), *feat;
            char *text;
            for (k = 0; k < fs.n; k++) {
                if (!strcmp(fs.f[k].name, "x") || !strcmp(fs.f[k].name, "y") ||
                    !strcmp(fs.f[k].name, "epsg"))
                    continue;
                json_object_set_new(props, fs.f[k].name, json_field(&fs.f[k]));
            }
            feat = json_pack("{s:s,s:o,s:o}", "type", "Feature", "properties",
                             props, "geometry",
                             fs.has_place
                                 ? json_pack("{s:s,s:[f,f]}", "type", "Point",
                                             "coordinates", fs.lon, fs.lat)
                                 : json_null());
            text =
                feat ? json_dumps(feat, JSON_COMPACT | JSON_REAL_PRECISION(10))
                     : NULL;
            json_decref(feat);
            if (!text) {
                buf_free(&scratch);
                return mf_error_set(err, MF_ENOMEM, "out of memory");
            }
            fprintf(out, "%s%s", first ? "" : ",\n", text);
            free(text);
        } else {
            for (k = 0; k < fs.n; k++) {
                if (k)
                    fputc(sep, out);
                csv_cell(out, &fs.f[k], sep, excel);
            }
            fputs(excel ? "\r\n" : "\n", out);
        }
        first = 0;
    }
    if (fmt == MF_FMT_GEOJSON)
        fputs("\n]}\n", out);
    buf_free(&scratch);
    if (ferror(out))
        return mf_error_set(err, MF_EIO, "writing the export failed");
    return MF_OK;
}

/* ------------------------------------------------------------------ */
/* One record as JSON                                                   */
/* ------------------------------------------------------------------ */

static json_t *text_or_null(const char *s)
{
    return s && *s ? json_string(s) : json_null();
}

static json_t *field_json(const struct mf_catalog *cat,
                          const struct mf_field *f, const void *rec)
{
    const void *p = mf_field_cptr(f, rec);

    switch (f->type) {
    case MF_FT_TEXT:
    case MF_FT_REF:
        return text_or_null(*(const char *const *)p);
    case MF_FT_BOOL:
        if (unstated(f, *(const int *)p))
            return json_null();
        return json_boolean(*(const int *)p);
    case MF_FT_INT:
        if (unstated(f, *(const int *)p))
            return json_null();
        return json_integer(*(const int *)p);
    case MF_FT_NUMBER:
        if (!mf_field_present(f, rec) || !isfinite(*(const double *)p))
            return json_null();
        return json_real(*(const double *)p);
    case MF_FT_DATE: {
        char d[16];
        if (*(const int32_t *)p == MF_DATE_NONE)
            return json_null();
        return json_string(mf_date_format(*(const int32_t *)p, d, sizeof d));
    }
    case MF_FT_ENUM:
        return text_or_null(f->enm->name(*(const int *)p));
    case MF_FT_MATERIAL:
        return text_or_null(mat_code(cat, *(const int *)p));
    case MF_FT_USE:
        return text_or_null(use_code(cat, *(const int *)p));
    case MF_FT_MATERIALS: {
        const int *m = *(const int *const *)p;
        int k, n = *(const int *)((const char *)rec + f->count_offset);
        json_t *a = json_array();
        for (k = 0; a && k < n; k++)
            if (json_array_append_new(a, text_or_null(mat_code(cat, m[k])))) {
                json_decref(a);
                a = NULL;
            }
        return a;
    }
    case MF_FT_STATE:
        return text_or_null(mf_state_name(*(const enum mf_state *)p));
    case MF_FT_FLAG:
        return json_boolean(*(const unsigned *)p & f->bit);
    case MF_FT_PLACE:
        if (mf_field_place(f, rec)->epsg == 0)
            return json_null();
        if (f->part == MF_PLACE_EPSG)
            return json_integer(*(const int *)p);
        return json_real(*(const double *)p);
    }
    return json_null();
}

int mf_export_json(const struct mf_catalog *cat, enum mf_entity kind,
                   const void *rec, char **out, struct mf_error *err)
{
    const struct mf_field *cols[MF_SCHEMA_MAX_FIELDS];
    int i, n = mf_schema_columns(mf_schema(kind), cols);
    json_t *o = json_object();

    *out = NULL;
    for (i = 0; o && i < n; i++)
        if (json_object_set_new(o, cols[i]->name,
                                field_json(cat, cols[i], rec))) {
            json_decref(o);
            o = NULL;
        }
    /* Fifteen digits: every value the domain has (quantities, prices,
     * coordinates to well below a millimetre) without binary noise such
     * as 0.10000000000000001. */
    *out = o ? json_dumps(o, JSON_COMPACT | JSON_REAL_PRECISION(15)) : NULL;
    json_decref(o);
    if (!*out)
        return mf_error_set(err, MF_ENOMEM, "out of memory");
    return MF_OK;
}
