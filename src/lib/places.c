/*
 * places.c - places that contradict their municipality (places.h): the
 * UTM zone mix-up found against the municipality's other places, and,
 * where Kartverket's municipality boundaries are loaded, a place outside
 * its municipality's polygon.
 */
#include "masseflyt/places.h"

#include "geo/area.h"
#include "geo/crs.h"
#include "masseflyt/geo.h"

#include <ctype.h>
#include <jansson.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* ------------------------------------------------------------------ */
/* Municipality boundaries                                              */
/* ------------------------------------------------------------------ */

struct muni {
    char number[8];
    char *name;
    char *geometry; /* GeoJSON, WGS84 */
    struct area *area;
};

struct mf_municipalities {
    struct muni *m;
    size_t n, cap;
};

int mf_municipalities_new(struct mf_municipalities **out, struct mf_error *err)
{
    *out = calloc(1, sizeof **out);
    return *out ? MF_OK : mf_error_set(err, MF_ENOMEM, "out of memory");
}

void mf_municipalities_free(struct mf_municipalities *m)
{
    size_t i;

    if (!m)
        return;
    for (i = 0; i < m->n; i++) {
        free(m->m[i].name);
        free(m->m[i].geometry);
        area_free(m->m[i].area);
    }
    free(m->m);
    free(m);
}

size_t mf_municipalities_count(const struct mf_municipalities *m)
{
    return m ? m->n : 0;
}

const char *mf_municipality_number(const struct mf_municipalities *m, size_t i)
{
    return m->m[i].number;
}

const char *mf_municipality_name(const struct mf_municipalities *m, size_t i)
{
    return m->m[i].name;
}

const char *mf_municipality_geometry(const struct mf_municipalities *m,
                                     size_t i)
{
    return m->m[i].geometry;
}

int mf_municipalities_find(const struct mf_municipalities *m,
                           const char *number)
{
    size_t i;

    for (i = 0; m && number && i < m->n; i++)
        if (!strcmp(m->m[i].number, number))
            return (int)i;
    return -1;
}

int mf_municipalities_at(const struct mf_municipalities *m, double lon,
                         double lat)
{
    size_t i;

    for (i = 0; m && i < m->n; i++)
        if (area_contains(m->m[i].area, lon, lat))
            return (int)i;
    return -1;
}

/* 1 when s is a kommunenummer: four digits. */
static int is_number(const char *s)
{
    int i;

    for (i = 0; i < 4; i++)
        if (!isdigit((unsigned char)s[i]))
            return 0;
    return s[4] == '\0';
}

int mf_municipalities_add(struct mf_municipalities *m, const char *number,
                          const char *name, const char *geometry,
                          struct mf_error *err)
{
    struct muni x;
    char label[64];
    int rc;

    if (!number || !is_number(number))
        return mf_error_set(err, MF_EINVAL,
                            "'%s' is not a kommunenummer (4 digits)",
                            number ? number : "");
    if (mf_municipalities_find(m, number) >= 0)
        return mf_error_set(err, MF_EINVAL, "municipality %s is given twice",
                            number);
    memset(&x, 0, sizeof x);
    snprintf(x.number, sizeof x.number, "%s", number);
    snprintf(label, sizeof label, "municipality %s", number);
    if ((rc = area_from_json(&x.area, label, geometry, err)))
        return rc;
    x.name = strdup(name ? name : "");
    x.geometry = strdup(geometry);
    if (!x.name || !x.geometry || (m->n == m->cap && m->cap > SIZE_MAX / 4)) {
        free(x.name);
        free(x.geometry);
        area_free(x.area);
        return mf_error_set(err, MF_ENOMEM, "out of memory");
    }
    if (m->n == m->cap) {
        size_t cap = m->cap ? 2 * m->cap : 64;
        struct muni *grown = realloc(m->m, cap * sizeof *grown);
        if (!grown) {
            free(x.name);
            free(x.geometry);
            area_free(x.area);
            return mf_error_set(err, MF_ENOMEM, "out of memory");
        }
        m->m = grown;
        m->cap = cap;
    }
    m->m[m->n++] = x;
    return MF_OK;
}

/* The EPSG code a GeoJSON "crs" member names
 * ("urn:ogc:def:crs:EPSG::25833", "EPSG:4258"); 4326 when there is none,
 * -1 when it names one that is not accepted. */
static int crs_of(json_t *fc)
{
    json_t *crs = json_object_get(fc, "crs");
    const char *name, *colon;
    long v;
    char *end;

    if (!crs)
        return 4326;
    name = json_string_value(
        json_object_get(json_object_get(crs, "properties"), "name"));
    if (!name)
        return -1;
    if (strstr(name, "CRS84"))
        return 4326;
    colon = strrchr(name, ':');
    if (!colon)
        return -1;
    v = strtol(colon + 1, &end, 10);
    if (end == colon + 1 || *end || v <= 0 || v > 99999 ||
        !crs_supported((int)v))
        return -1;
    return (int)v;
}

/* Transforms every position of a Polygon's or MultiPolygon's
 * coordinates (depth 3 or 4 arrays) to WGS84 in place. */
static int to_wgs84(struct crs *c, int epsg, json_t *coords, int depth,
                    struct mf_error *err)
{
    size_t i;
    json_t *v;

    if (!json_is_array(coords))
        return mf_error_set(err, MF_EINVAL, "coordinates are not a list");
    if (depth > 1) {
        json_array_foreach(coords, i, v)
        {
            int rc = to_wgs84(c, epsg, v, depth - 1, err);
            if (rc)
                return rc;
        }
        return MF_OK;
    }
    {
        double x, y;
        int rc;
        if (json_array_size(coords) < 2 ||
            !json_is_number(json_array_get(coords, 0)) ||
            !json_is_number(json_array_get(coords, 1)))
            return mf_error_set(err, MF_EINVAL,
                                "a position is not two numbers");
        x = json_number_value(json_array_get(coords, 0));
        y = json_number_value(json_array_get(coords, 1));
        if (epsg != 4326 && epsg != 4258 &&
            (rc = crs_to_wgs84(c, epsg, 1, &x, &y, err)))
            return rc;
        /* Metres read as degrees (a file whose crs member is missing or
         * misspelt) would make a polygon around the whole world. */
        if (!isfinite(x) || !isfinite(y) || fabs(x) > 180 || fabs(y) > 90)
            return mf_error_set(err, MF_EINVAL,
                                "a position (%.6g, %.6g) is no longitude and "
                                "latitude in EPSG:%d: check the crs member "
                                "(UTM coordinates are metres)",
                                x, y, epsg);
        if (json_array_set_new(coords, 0, json_real(x)) ||
            json_array_set_new(coords, 1, json_real(y)))
            return mf_error_set(err, MF_ENOMEM, "out of memory");
        return MF_OK;
    }
}

/* The name in a feature's properties: kommunenavn, else navn as text or
 * as Kartverket's list of {"navn": ..., "sprak": ...}. */
static const char *name_of(json_t *props)
{
    json_t *n = json_object_get(props, "kommunenavn");

    if (json_is_string(n))
        return json_string_value(n);
    n = json_object_get(props, "navn");
    if (json_is_string(n))
        return json_string_value(n);
    if (json_is_array(n) && json_array_size(n) > 0)
        return json_string_value(json_object_get(json_array_get(n, 0), "navn"));
    return NULL;
}

/* The FeatureCollection of a document: itself, or the one under a member
 * named "Kommune" (any case). */
static json_t *collection(json_t *root)
{
    const char *key;
    json_t *v;

    if (json_is_array(json_object_get(root, "features")))
        return root;
    json_object_foreach(root, key, v)
    {
        if (!strcasecmp(key, "kommune") &&
            json_is_array(json_object_get(v, "features")))
            return v;
    }
    return NULL;
}

static int read_feature(struct mf_municipalities *m, struct crs *c, int epsg,
                        json_t *f, const char *where, struct mf_error *err)
{
    json_t *props = json_object_get(f, "properties");
    json_t *geom = json_object_get(f, "geometry");
    json_t *num = json_object_get(props, "kommunenummer");
    const char *type = json_string_value(json_object_get(geom, "type"));
    char number[16], *text;
    int depth, rc;

    if (json_is_string(num))
        snprintf(number, sizeof number, "%s", json_string_value(num));
    else if (json_is_integer(num) && json_integer_value(num) >= 0 &&
             json_integer_value(num) <= 9999)
        snprintf(number, sizeof number, "%04d", (int)json_integer_value(num));
    else
        return mf_error_at(err, MF_EINVAL, where,
                           "kommunenummer: a feature needs its municipality "
                           "number (4 digits)");
    if (!type || (strcmp(type, "Polygon") && strcmp(type, "MultiPolygon")))
        return mf_error_at(err, MF_EINVAL, where,
                           "geometry: a municipality is a Polygon or a "
                           "MultiPolygon");
    depth = strcmp(type, "Polygon") ? 4 : 3;
    rc = to_wgs84(c, epsg, json_object_get(geom, "coordinates"), depth, err);
    if (rc == MF_OK) {
        text = json_dumps(geom, JSON_COMPACT | JSON_REAL_PRECISION(10));
        if (!text)
            return mf_error_set(err, MF_ENOMEM, "out of memory");
        rc = mf_municipalities_add(m, number, name_of(props), text, err);
        free(text);
    }
    if (rc && rc != MF_ENOMEM) {
        char msg[sizeof err->message];
        snprintf(msg, sizeof msg, "%s", err->message);
        return mf_error_at(err, rc, where, "%s", msg);
    }
    return rc;
}

int mf_municipalities_read(struct mf_municipalities **out, const char *label,
                           const char *text, size_t len, struct mf_error *err)
{
    struct mf_municipalities *m = NULL;
    struct crs *c = NULL;
    json_error_t jerr;
    json_t *root, *fc, *f;
    size_t i;
    int epsg, rc;

    *out = NULL;
    root = json_loadb(text, len, 0, &jerr);
    if (!root)
        return mf_error_at(err, MF_EINVAL, label,
                           "invalid JSON at line %d, column %d: %s", jerr.line,
                           jerr.column, jerr.text);
    fc = collection(root);
    if (!fc) {
        rc = mf_error_at(err, MF_EINVAL, label,
                         "expected a FeatureCollection of municipalities "
                         "(or one under \"Kommune\")");
        goto done;
    }
    epsg = crs_of(fc);
    if (epsg < 0) {
        rc = mf_error_at(err, MF_EINVAL, label,
                         "crs: not one of EPSG 25832, 25833, 25835, 4258 or "
                         "4326");
        goto done;
    }
    if ((rc = mf_municipalities_new(&m, err)) || (rc = crs_new(&c, err)))
        goto done;
    json_array_foreach(json_object_get(fc, "features"), i, f)
    {
        char where[300];
        snprintf(where, sizeof where, "%s: features[%zu]", label, i);
        if ((rc = read_feature(m, c, epsg, f, where, err)))
            goto done;
    }
    if (m->n == 0) {
        rc = mf_error_at(err, MF_EINVAL, label, "no municipalities in it");
        goto done;
    }
    *out = m;
    m = NULL;
done:
    crs_free(c);
    mf_municipalities_free(m);
    json_decref(root);
    return rc;
}

/* ------------------------------------------------------------------ */
/* Places against their municipality                                    */
/* ------------------------------------------------------------------ */

struct place {
    enum mf_entity kind;
    const char *id;
    const char *muni;
    const struct mf_location *loc;
    size_t order; /* as stored: sites, then lots */
};

static int by_muni(const void *pa, const void *pb)
{
    const struct place *a = pa, *b = pb;

    int c = strcmp(a->muni, b->muni);

    return c ? c : (a->order > b->order) - (a->order < b->order);
}

static const int utm_zones[] = {25832, 25833, 25835};

static int is_utm(int epsg)
{
    size_t z;

    for (z = 0; z < sizeof utm_zones / sizeof utm_zones[0]; z++)
        if (utm_zones[z] == epsg)
            return 1;
    return 0;
}

/* The reading of p's x, y in the UTM zone (other than its own) that
 * lands nearest (lon0, lat0), or inside polygon `in` when given: its
 * code, 0 when none does. */
static int other_zone(struct crs *c, const struct place *p, double lon0,
                      double lat0, const struct mf_municipalities *munis,
                      int in, double *km, double *lon, double *lat)
{
    size_t z;
    int best = 0;

    for (z = 0; z < sizeof utm_zones / sizeof utm_zones[0]; z++) {
        double x = p->loc->x, y = p->loc->y, d;
        struct mf_error e;

        if (utm_zones[z] == p->loc->epsg ||
            crs_to_wgs84(c, utm_zones[z], 1, &x, &y, &e))
            continue;
        if (in >= 0 && !area_contains(munis->m[in].area, x, y))
            continue;
        d = mf_distance_km(x, y, lon0, lat0);
        if (!best || d < *km) {
            best = utm_zones[z];
            *km = d;
            *lon = x;
            *lat = y;
        }
    }
    return best;
}

static int flag(struct mf_issues *is, const struct place *p, const char *fmt,
                ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;

static int flag(struct mf_issues *is, const struct place *p, const char *fmt,
                ...)
{
    char where[160], msg[400];
    va_list ap;

    snprintf(where, sizeof where, "%s %s: epsg",
             p->kind == MF_ENT_SITE ? "site" : "lot", p->id);
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    return mf_issues_add(is, MF_SEV_FLAG, "place", p->kind, p->id, where, "%s",
                         msg);
}

/* Without boundaries: p against the centre of the other places of its
 * municipality (lon0, lat0, n of them, at least two: with one other,
 * each of two places lies "near the other's other-zone reading" and
 * nothing says which is wrong). */
static int check_zone(struct crs *c, const struct place *p, double lon0,
                      double lat0, size_t n, struct mf_issues *is, int *flags)
{
    double d0, dz = 0, lon = 0, lat = 0;
    int z;

    if (!is_utm(p->loc->epsg))
        return MF_OK;
    d0 = mf_distance_km(p->loc->lon, p->loc->lat, lon0, lat0);
    if (d0 <= MF_ZONE_FAR_KM)
        return MF_OK;
    z = other_zone(c, p, lon0, lat0, NULL, -1, &dz, &lon, &lat);
    if (!z || dz > MF_ZONE_NEARER * d0)
        return MF_OK;
    (*flags)++;
    return flag(is, p,
                "x, y in EPSG:%d lie at %.2f N %.2f E, %.0f km from the "
                "%zu other place%s in municipality %s (around %.2f N %.2f "
                "E); read in EPSG:%d they lie at %.2f N %.2f E, %.0f km from "
                "them: did you mean EPSG:%d?",
                p->loc->epsg, p->loc->lat, p->loc->lon, d0, n,
                n == 1 ? "" : "s", p->muni, lat0, lon0, z, lat, lon, dz, z);
}

/* With boundaries: p inside its municipality's polygon. */
static int check_polygon(struct crs *c, const struct place *p,
                         const struct mf_municipalities *munis, int own,
                         struct mf_issues *is, int *flags)
{
    const struct muni *m = &munis->m[own];
    int in = mf_municipalities_at(munis, p->loc->lon, p->loc->lat);
    char lies[200], hint[120] = "";
    double dz = 0, lon = 0, lat = 0;
    int z;

    if (area_contains(m->area, p->loc->lon, p->loc->lat))
        return MF_OK;
    if (in >= 0)
        snprintf(lies, sizeof lies, "municipality %s %s", munis->m[in].number,
                 munis->m[in].name);
    else
        snprintf(lies, sizeof lies, "none of the %zu municipalities loaded",
                 munis->n);
    if (is_utm(p->loc->epsg) && (z = other_zone(c, p, p->loc->lon, p->loc->lat,
                                                munis, own, &dz, &lon, &lat)))
        snprintf(hint, sizeof hint,
                 "; read in EPSG:%d they lie inside it: did you mean "
                 "EPSG:%d?",
                 z, z);
    (*flags)++;
    return flag(is, p,
                "x, y (%.2f N %.2f E) lie in %s, not in municipality %s %s "
                "as given%s",
                p->loc->lat, p->loc->lon, lies, m->number, m->name, hint);
}

int mf_validate_places(const struct mf_registry *reg,
                       const struct mf_municipalities *munis,
                       struct mf_issues *is)
{
    size_t ns = mf_registry_count(reg, MF_ENT_SITE);
    size_t nl = mf_registry_count(reg, MF_ENT_LOT);
    struct place *p = malloc((ns + nl + 1) * sizeof *p);
    struct crs *c = NULL;
    struct mf_error e;
    size_t n = 0, i, j, k;
    int flags = 0, rc = MF_OK;

    if (!p)
        return MF_ENOMEM;
    for (i = 0; i < ns; i++) {
        const struct mf_site *s = mf_registry_site_at(reg, i);
        if (s->loc.epsg && s->municipality && *s->municipality) {
            p[n] =
                (struct place){MF_ENT_SITE, s->id, s->municipality, &s->loc, n};
            n++;
        }
    }
    /* A lot with a place of its own (one at its site is the site's). */
    for (i = 0; i < nl; i++) {
        const struct mf_lot *l = mf_registry_lot_at(reg, i);
        const struct mf_site *s =
            l->site ? mf_registry_site(reg, l->site) : NULL;
        const char *m = mf_lot_municipality(reg, l);
        if (!l->loc.epsg || !m || !*m ||
            (s && s->loc.lon == l->loc.lon && s->loc.lat == l->loc.lat))
            continue;
        p[n] = (struct place){MF_ENT_LOT, l->id, m, &l->loc, n};
        n++;
    }
    if (n == 0 || crs_new(&c, &e)) {
        free(p);
        return n == 0 ? 0 : MF_ENOMEM;
    }
    /* Stable order for the flags: by municipality, then as stored. */
    qsort(p, n, sizeof *p, by_muni);
    for (i = 0; i < n && rc == MF_OK; i = j) {
        double slon = 0, slat = 0;
        int own = mf_municipalities_find(munis, p[i].muni);

        for (j = i; j < n && !strcmp(p[j].muni, p[i].muni); j++) {
            slon += p[j].loc->lon;
            slat += p[j].loc->lat;
        }
        for (k = i; k < j && rc == MF_OK; k++) {
            size_t others = j - i - 1;
            if (own >= 0)
                rc = check_polygon(c, &p[k], munis, own, is, &flags);
            else if (others >= 2)
                rc = check_zone(c, &p[k], (slon - p[k].loc->lon) / others,
                                (slat - p[k].loc->lat) / others, others, is,
                                &flags);
        }
    }
    crs_free(c);
    free(p);
    return rc ? MF_ENOMEM : flags;
}
