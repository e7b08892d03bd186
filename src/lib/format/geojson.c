/*
 * geojson.c - the GeoJSON reader behind format/records.h: a FeatureCollection
 * (or one Feature) of RFC 7946, parsed whole by jansson, read one feature
 * per record.
 *
 * Columns are the union of the property names of all features, in the
 * order first seen, then "x", "y" and "epsg". A Point gives x and y; a
 * null geometry leaves them NULL; other geometries are refused, since
 * this version registers points only. The old `crs` member (GeoJSON 2008,
 * still written by QGIS and GDAL for UTM files) gives epsg; without it
 * coordinates are CRS84, given as 4326. docs/FORMATS.md, "GeoJSON".
 *
 * Property values are borrowed from the jansson tree (strings), written
 * into a fixed slot per column (numbers), or copied into `scratch` when
 * trailing white space must go.
 */
#include "format/records_int.h"

#include "util/buf.h"

#include <jansson.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* Bytes of a number slot: "%.17g" of a double or an int64 fits. */
#define SLOT 32

struct gj {
    json_t *root;
    json_t *features; /* the array, or NULL for a single Feature */
    size_t n;         /* features */
    size_t i;         /* the next one */
    int epsg;
    char epsg_text[8];
    int col_x;
    int col_y;
    int col_epsg;
    size_t max_field;
    char *slots;      /* SLOT bytes per column */
    size_t *copy_off; /* per column: offset in scratch, or SIZE_MAX */
    struct buf scratch;
    struct buf name; /* a property name, trimmed and lower-cased */
};

/* The CRSs we accept; others are refused by name. */
static const int crs_ok[] = {25832, 25833, 25835, 4258, 4326};

static json_t *feature_at(const struct gj *g, size_t i)
{
    return g->features ? json_array_get(g->features, i) : g->root;
}

static void feature_place(const struct rec_reader *r, const struct gj *g,
                          size_t i, char *dst, size_t cap)
{
    if (g->features)
        snprintf(dst, cap, "%s: features[%zu]", r->label, i);
    else
        snprintf(dst, cap, "%s: feature", r->label);
}

/* Copies s[0..len) into dst for a message: at most ~60 bytes. */
static void clip(char *dst, size_t cap, const char *s)
{
    size_t n = strlen(s);
    size_t k = cap > 4 ? cap - 4 : 0;

    if (n <= k) {
        memcpy(dst, s, n + 1);
        return;
    }
    /* Cut at a character boundary. */
    while (k > 0 && ((unsigned char)s[k] & 0xC0) == 0x80)
        k--;
    memcpy(dst, s, k);
    memcpy(dst + k, "...", 4);
}

/* Trims and lower-cases a property name into g->name. */
static int norm_name(struct gj *g, const char *key, struct mf_error *err)
{
    char *t;
    size_t len = strlen(key);
    int rc;

    buf_reset(&g->name);
    rc = buf_append(&g->name, key, len);
    if (rc)
        return mf_error_set(err, rc == MF_ENOMEM ? MF_ENOMEM : MF_EINVAL,
                            "property name too long");
    t = rec_trim(g->name.data, &len);
    memmove(g->name.data, t, len + 1);
    g->name.len = len;
    rec_lower_ascii(g->name.data, len);
    return MF_OK;
}

/* EPSG code of a CRS name, or -1 when the form is not known. */
static int crs_code(const char *name)
{
    static const char *const crs84[] = {
        "urn:ogc:def:crs:OGC:1.3:CRS84",
        "urn:ogc:def:crs:OGC::CRS84",
        "OGC:CRS84",
        "CRS84",
        "http://www.opengis.net/def/crs/OGC/1.3/CRS84",
    };
    static const char *const prefixes[] = {
        "urn:ogc:def:crs:EPSG:",
        "http://www.opengis.net/def/crs/EPSG/",
        "https://www.opengis.net/def/crs/EPSG/",
        "EPSG:",
    };
    const char *p = NULL;
    size_t i;
    long code = 0;

    for (i = 0; i < sizeof crs84 / sizeof crs84[0]; i++)
        if (strcasecmp(name, crs84[i]) == 0)
            return 4326;
    for (i = 0; i < sizeof prefixes / sizeof prefixes[0]; i++) {
        size_t n = strlen(prefixes[i]);

        if (strncasecmp(name, prefixes[i], n) == 0) {
            p = name + n;
            break;
        }
    }
    if (!p)
        return -1;
    /* The URN and URL forms carry a version before the code:
     * "EPSG::25833", "EPSG:6.6:25833", "EPSG/0/25833". */
    if (i < 3) {
        const char *q = strrchr(p, i == 0 ? ':' : '/');

        if (q)
            p = q + 1;
        else if (i != 0)
            return -1;
    }
    if (*p < '0' || *p > '9')
        return -1;
    while (*p >= '0' && *p <= '9') {
        code = code * 10 + (*p - '0');
        if (code > 999999)
            return -1;
        p++;
    }
    return *p ? -1 : (int)code;
}

/* Reads a `crs` member (NULL = absent) into *epsg. */
static int parse_crs(const json_t *crs, const char *place, int *epsg,
                     struct mf_error *err)
{
    const char *name = NULL;
    char shown[80];
    size_t i;
    int code;

    if (!crs || json_is_null(crs)) {
        *epsg = 4326;
        return MF_OK;
    }
    if (json_is_string(crs)) {
        name = json_string_value(crs);
    } else if (json_is_object(crs)) {
        const char *type = json_string_value(json_object_get(crs, "type"));
        json_t *props = json_object_get(crs, "properties");

        if (!type || strcmp(type, "name") != 0) {
            clip(shown, sizeof shown, type ? type : "(none)");
            return mf_error_at(err, MF_EINVAL, place,
                               "crs of type '%s' is not supported; give it "
                               "as {\"type\": \"name\", \"properties\": "
                               "{\"name\": \"EPSG:25833\"}}",
                               shown);
        }
        name = json_string_value(json_object_get(props, "name"));
    }
    if (!name)
        return mf_error_at(err, MF_EINVAL, place,
                           "crs has no name; give it as {\"type\": "
                           "\"name\", \"properties\": {\"name\": "
                           "\"EPSG:25833\"}}");
    code = crs_code(name);
    for (i = 0; i < sizeof crs_ok / sizeof crs_ok[0]; i++)
        if (code == crs_ok[i]) {
            *epsg = code;
            return MF_OK;
        }
    clip(shown, sizeof shown, name);
    return mf_error_at(err, MF_EINVAL, place,
                       "crs '%s' is not supported; use EPSG:25832, 25833, "
                       "25835, 4258 or 4326 (CRS84)",
                       shown);
}

/* Collects the union of property names; refuses names that clash with
 * x, y and epsg or that are empty. */
static int collect_columns(struct rec_reader *r, struct gj *g,
                           struct mf_error *err)
{
    size_t i;
    int rc;
    int idx;
    int added;

    for (i = 0; i < g->n; i++) {
        json_t *props = json_object_get(feature_at(g, i), "properties");
        const char *key;
        json_t *val;

        if (!json_is_object(props))
            continue;
        json_object_foreach(props, key, val)
        {
            char place[160];

            rc = norm_name(g, key, err);
            if (rc)
                return rc;
            feature_place(r, g, i, place, sizeof place);
            if (g->name.len == 0)
                return mf_error_at(err, MF_EINVAL, place,
                                   "a property has an empty name");
            if (strcmp(g->name.data, "x") == 0 ||
                strcmp(g->name.data, "y") == 0 ||
                strcmp(g->name.data, "epsg") == 0) {
                char shown[64];

                clip(shown, sizeof shown, key);
                return mf_error_at(err, MF_EINVAL, place,
                                   "property '%s' has the name of a column "
                                   "the geometry gives (x, y, epsg); "
                                   "rename it",
                                   shown);
            }
            rc =
                rec_column_add(r, g->name.data, g->name.len, &idx, &added, err);
            if (rc) {
                if (rc == MF_EINVAL && err)
                    snprintf(err->where, sizeof err->where, "%s", place);
                return rc;
            }
        }
    }
    rc = rec_column_add(r, "x", 1, &g->col_x, &added, err);
    if (!rc)
        rc = rec_column_add(r, "y", 1, &g->col_y, &added, err);
    if (!rc)
        rc = rec_column_add(r, "epsg", 4, &g->col_epsg, &added, err);
    return rc;
}

/* Writes a JSON number into column col's slot; returns the text. */
static const char *number_text(struct gj *g, int col, const json_t *v)
{
    char *slot = g->slots + (size_t)col * SLOT;

    if (json_is_integer(v))
        snprintf(slot, SLOT, "%" JSON_INTEGER_FORMAT, json_integer_value(v));
    else
        rec_format_double(slot, SLOT, json_real_value(v));
    return slot;
}

static int read_point(struct rec_reader *r, struct gj *g, const json_t *geom,
                      const char *place, struct mf_error *err)
{
    const json_t *coords = json_object_get(geom, "coordinates");
    const json_t *x = json_array_get(coords, 0);
    const json_t *y = json_array_get(coords, 1);
    size_t i;

    if (!json_is_array(coords) || json_array_size(coords) < 2)
        return mf_error_at(err, MF_EINVAL, place,
                           "the Point's coordinates must be an array of "
                           "at least two numbers");
    for (i = 0; i < json_array_size(coords); i++)
        if (!json_is_number(json_array_get(coords, i)))
            return mf_error_at(err, MF_EINVAL, place,
                               "coordinate %zu of the Point is not a number",
                               i + 1);
    r->vals[g->col_x] = number_text(g, g->col_x, x);
    r->vals[g->col_y] = number_text(g, g->col_y, y);
    return MF_OK;
}

static int read_geometry(struct rec_reader *r, struct gj *g, const json_t *f,
                         const char *place, struct mf_error *err)
{
    const json_t *geom = json_object_get(f, "geometry");
    const char *type;
    int epsg;
    int rc;

    /* A crs on the feature or its geometry (GeoJSON 2008) must agree
     * with the collection's. */
    if (json_object_get(f, "crs")) {
        rc = parse_crs(json_object_get(f, "crs"), place, &epsg, err);
        if (rc)
            return rc;
        if (epsg != g->epsg)
            return mf_error_at(err, MF_EINVAL, place,
                               "the feature's crs (EPSG:%d) differs from "
                               "the collection's (EPSG:%d)",
                               epsg, g->epsg);
    }
    if (!geom || json_is_null(geom))
        return MF_OK;
    if (!json_is_object(geom))
        return mf_error_at(err, MF_EINVAL, place,
                           "the geometry is not an object or null");
    if (json_object_get(geom, "crs")) {
        rc = parse_crs(json_object_get(geom, "crs"), place, &epsg, err);
        if (rc)
            return rc;
        if (epsg != g->epsg)
            return mf_error_at(err, MF_EINVAL, place,
                               "the geometry's crs (EPSG:%d) differs from "
                               "the collection's (EPSG:%d)",
                               epsg, g->epsg);
    }
    type = json_string_value(json_object_get(geom, "type"));
    if (!type)
        return mf_error_at(err, MF_EINVAL, place,
                           "the geometry has no \"type\"");
    if (strcmp(type, "Point") != 0) {
        char shown[64];

        clip(shown, sizeof shown, type);
        return mf_error_at(err, MF_EINVAL, place,
                           "geometry type '%s' is not supported; only "
                           "Point (or null) is",
                           shown);
    }
    return read_point(r, g, geom, place, err);
}

static int read_properties(struct rec_reader *r, struct gj *g, const json_t *f,
                           const char *place, struct mf_error *err)
{
    const json_t *props = json_object_get(f, "properties");
    const char *key;
    json_t *v;
    int rc;

    if (!props || json_is_null(props))
        return MF_OK;
    if (!json_is_object(props))
        return mf_error_at(err, MF_EINVAL, place,
                           "\"properties\" is not an object or null");
    json_object_foreach((json_t *)props, key, v)
    {
        char shown[64];
        int col;

        rc = norm_name(g, key, err);
        if (rc)
            return rc;
        col = rec_column(r, g->name.data);
        clip(shown, sizeof shown, key);
        if (col < 0 || col == g->col_x || col == g->col_y || col == g->col_epsg)
            return mf_error_at(err, MF_ERR, place,
                               "property '%s' was not seen when the file "
                               "was opened",
                               shown);
        if (r->vals[col])
            return mf_error_at(err, MF_EINVAL, place,
                               "property '%s' appears twice (names differ "
                               "only in case or spaces)",
                               shown);
        switch (json_typeof(v)) {
        case JSON_STRING: {
            const char *s = json_string_value(v);
            size_t len = json_string_length(v);
            size_t b = 0;
            size_t e;

            if (len > g->max_field)
                return mf_error_at(err, MF_EINVAL, place,
                                   "property '%s' is longer than %zu bytes",
                                   shown, g->max_field);
            /* Trim in a copy only when the end has white space. */
            {
                char *t;
                size_t tl = len;
                size_t off = g->scratch.len;

                rc = buf_append(&g->scratch, s, len);
                if (rc)
                    return mf_error_set(err, MF_ENOMEM, "out of memory");
                rc = buf_putc(&g->scratch, '\0');
                if (rc)
                    return mf_error_set(err, MF_ENOMEM, "out of memory");
                t = rec_trim(g->scratch.data + off, &tl);
                b = (size_t)(t - (g->scratch.data + off));
                e = b + tl;
                if (e == len) {
                    /* Nothing at the end: borrow from the tree. */
                    g->scratch.len = off;
                    r->vals[col] = s + b;
                } else {
                    g->copy_off[col] = off + b;
                    r->vals[col] = ""; /* resolved after the loop */
                }
            }
            break;
        }
        case JSON_INTEGER:
        case JSON_REAL:
            r->vals[col] = number_text(g, col, v);
            break;
        case JSON_TRUE:
            r->vals[col] = "true";
            break;
        case JSON_FALSE:
            r->vals[col] = "false";
            break;
        case JSON_NULL:
            r->vals[col] = "";
            break;
        default:
            return mf_error_at(err, MF_EINVAL, place,
                               "property '%s' is %s; only text, numbers, "
                               "true/false and null are read",
                               shown,
                               json_is_object(v) ? "an object" : "an array");
        }
    }
    return MF_OK;
}

static int gj_next(struct rec_reader *r, struct mf_error *err)
{
    struct gj *g = r->impl;
    char place[160];
    const json_t *f;
    const char *type;
    size_t i;
    size_t c;
    int rc;

    if (g->i >= g->n)
        return 0;
    i = g->i++;
    f = feature_at(g, i);
    feature_place(r, g, i, place, sizeof place);
    for (c = 0; c < r->n_cols; c++) {
        r->vals[c] = NULL;
        g->copy_off[c] = SIZE_MAX;
    }
    buf_reset(&g->scratch);
    if (!json_is_object(f))
        return mf_error_at(err, MF_EINVAL, place, "is not an object");
    type = json_string_value(json_object_get(f, "type"));
    if (!type || strcmp(type, "Feature") != 0) {
        char shown[64];

        clip(shown, sizeof shown, type ? type : "(none)");
        return mf_error_at(err, MF_EINVAL, place,
                           "has type '%s'; a \"Feature\" was expected", shown);
    }
    rc = read_geometry(r, g, f, place, err);
    if (rc)
        return rc;
    rc = read_properties(r, g, f, place, err);
    if (rc)
        return rc;
    for (c = 0; c < r->n_cols; c++)
        if (g->copy_off[c] != SIZE_MAX)
            r->vals[c] = g->scratch.data + g->copy_off[c];
    r->vals[g->col_epsg] = g->epsg_text;
    if (g->features)
        rec_where_num(r, i, "]");
    return 1;
}

static void gj_close(struct rec_reader *r)
{
    struct gj *g = r->impl;

    if (g) {
        json_decref(g->root);
        free(g->slots);
        free(g->copy_off);
        buf_free(&g->scratch);
        buf_free(&g->name);
        free(g);
    }
    r->impl = NULL;
}

static const struct rec_ops gj_ops = {gj_next, gj_close};

/* Loads the JSON text; fills err with jansson's line and column. */
static int load(struct rec_reader *r, struct gj *g, const char *text,
                size_t len, struct mf_error *err)
{
    json_error_t jerr;
    char place[160];

    g->root = json_loadb(text, len, JSON_REJECT_DUPLICATES, &jerr);
    if (g->root)
        return MF_OK;
    /* Jansson 2.14 reports most failed allocations as an unknown error
     * with no text (and some as a syntax error: nothing tells those). */
    if (json_error_code(&jerr) == json_error_out_of_memory ||
        (json_error_code(&jerr) == json_error_unknown && !jerr.text[0]))
        return mf_error_set(err, MF_ENOMEM, "out of memory");
    if (jerr.line > 0) {
        rec_place(place, sizeof place, r->label, (unsigned long long)jerr.line,
                  NULL);
        return mf_error_at(err, MF_EINVAL, place,
                           "invalid JSON at column %d: %s", jerr.column,
                           jerr.text);
    }
    return mf_error_at(err, MF_EINVAL, r->label, "invalid JSON: %s", jerr.text);
}

int geojson_open(struct rec_reader *r, char *data, size_t len,
                 const struct rec_opts *opts, struct mf_error *err)
{
    const struct rec_opts defaults = REC_OPTS_INIT;
    struct gj *g;
    char *text;
    size_t start;
    size_t tlen;
    const char *name;
    const char *type;
    char place[160];
    int rc;

    if (!opts)
        opts = &defaults;
    if ((unsigned)opts->encoding > REC_ENC_LATIN1) {
        free(data);
        return mf_error_set(err, MF_EINVAL, "unknown encoding %d",
                            (int)opts->encoding);
    }
    g = calloc(1, sizeof *g);
    if (!g) {
        free(data);
        return mf_error_set(err, MF_ENOMEM, "out of memory");
    }
    buf_init(&g->scratch, 0);
    buf_init(&g->name, 0);
    r->impl = g;
    r->ops = &gj_ops;
    g->max_field =
        opts->max_field_bytes ? opts->max_field_bytes : REC_DEFAULT_MAX_FIELD;
    rc = rec_decode(data, len, opts->encoding, r->label, &text, &start, &tlen,
                    &name, err);
    if (rc)
        return rc;
    r->encoding_name = name;
    rc = load(r, g, text + start, tlen, err);
    free(text);
    if (rc)
        return rc;

    snprintf(place, sizeof place, "%s", r->label);
    if (!json_is_object(g->root))
        return mf_error_at(err, MF_EINVAL, place,
                           "the top level is not a JSON object; a "
                           "FeatureCollection was expected");
    type = json_string_value(json_object_get(g->root, "type"));
    if (type && strcmp(type, "FeatureCollection") == 0) {
        g->features = json_object_get(g->root, "features");
        if (!json_is_array(g->features))
            return mf_error_at(err, MF_EINVAL, place,
                               "the FeatureCollection has no \"features\" "
                               "array");
        g->n = json_array_size(g->features);
    } else if (type && strcmp(type, "Feature") == 0) {
        g->n = 1;
    } else {
        char shown[64];

        clip(shown, sizeof shown, type ? type : "(none)");
        return mf_error_at(err, MF_EINVAL, place,
                           "the top level has type '%s'; a "
                           "FeatureCollection or a Feature was expected",
                           shown);
    }
    rc = parse_crs(json_object_get(g->root, "crs"), place, &g->epsg, err);
    if (rc)
        return rc;
    snprintf(g->epsg_text, sizeof g->epsg_text, "%d", g->epsg);
    rc = collect_columns(r, g, err);
    if (rc)
        return rc;
    g->slots = malloc(r->n_cols * SLOT);
    g->copy_off = malloc(r->n_cols * sizeof *g->copy_off);
    if (!g->slots || !g->copy_off)
        return mf_error_set(err, MF_ENOMEM, "out of memory");
    rc = rec_vals_init(r, err);
    if (rc)
        return rc;
    return rec_where_prefix(r, g->features ? ": features[" : ": feature", err);
}
