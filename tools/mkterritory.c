/*
 * mkterritory.c - derive data/geo/norway-area.geojson, the area inside
 * which masseflyt accepts coordinates (rule inside_norway).
 *
 * The area is Norway's land (mainland, Svalbard, Jan Mayen) widened by the
 * 12-nautical-mile territorial sea (22.2 km), so that harbour fills and sea
 * fills are inside, minus the land of Sweden, Finland and Russia shrunk by
 * 3 km, so that points a little off a simplified border are not refused.
 * Buffers are computed in metres in EPSG:25833 and the result is written in
 * WGS84 (lon, lat), simplified to about 300 m.
 *
 * Input: the GeoJSON written by tools/norway-outline.mjs from Natural
 * Earth 1:50m (via the npm package world-atlas 2.0.2).
 * With `outline` it writes instead the land of Norway, Sweden, Finland
 * and Russia near Norway, simplified to about 150 m, as the background of
 * maps in reports (data/geo/nordic-outline.geojson, from the 1:10m data).
 *
 * Build and run (not part of the normal build; needs libgeos-dev):
 *   cc -O2 -o /tmp/mkterritory tools/mkterritory.c \
 *      $(pkg-config --cflags --libs geos proj jansson)
 *   /tmp/mkterritory area /tmp/nordic-50m.geojson \
 *      > data/geo/norway-area.geojson
 *   /tmp/mkterritory outline /tmp/nordic-10m.geojson \
 *      > data/geo/nordic-outline.geojson
 */
#include <geos_c.h>
#include <jansson.h>
#include <proj.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static GEOSContextHandle_t gh;
static PJ *to_utm; /* lon/lat -> E/N */

static void die(const char *msg)
{
    fprintf(stderr, "mkterritory: %s\n", msg);
    exit(1);
}

static GEOSGeometry *ring_from_json(json_t *ring, int forward)
{
    size_t n = json_array_size(ring), i;
    GEOSCoordSequence *cs = GEOSCoordSeq_create_r(gh, (unsigned)n, 2);

    for (i = 0; i < n; i++) {
        json_t *pt = json_array_get(ring, i);
        PJ_COORD c = proj_coord(json_real_value(json_array_get(pt, 0)),
                                json_real_value(json_array_get(pt, 1)), 0, 0);
        c = proj_trans(to_utm, forward ? PJ_FWD : PJ_INV, c);
        GEOSCoordSeq_setXY_r(gh, cs, (unsigned)i, c.xy.x, c.xy.y);
    }
    return GEOSGeom_createLinearRing_r(gh, cs);
}

static GEOSGeometry *polygon_from_json(json_t *rings)
{
    size_t n = json_array_size(rings), i;
    GEOSGeometry *shell = ring_from_json(json_array_get(rings, 0), 1);
    GEOSGeometry **holes = calloc(n ? n : 1, sizeof *holes);

    for (i = 1; i < n; i++)
        holes[i - 1] = ring_from_json(json_array_get(rings, i), 1);
    {
        GEOSGeometry *p = GEOSGeom_createPolygon_r(gh, shell, holes,
                                                   (unsigned)(n ? n - 1 : 0));
        free(holes);
        return p;
    }
}

static GEOSGeometry *geom_from_json(json_t *g)
{
    const char *type = json_string_value(json_object_get(g, "type"));
    json_t *coords = json_object_get(g, "coordinates");
    GEOSGeometry *out;

    if (strcmp(type, "Polygon") == 0) {
        out = polygon_from_json(coords);
    } else if (strcmp(type, "MultiPolygon") == 0) {
        size_t n = json_array_size(coords), i;
        GEOSGeometry **parts = calloc(n, sizeof *parts);
        for (i = 0; i < n; i++)
            parts[i] = polygon_from_json(json_array_get(coords, i));
        out = GEOSGeom_createCollection_r(gh, GEOS_MULTIPOLYGON, parts,
                                          (unsigned)n);
        free(parts);
    } else {
        die("unexpected geometry type");
        return NULL;
    }
    /* Natural Earth rings can self-touch; buffer(0) repairs them. */
    {
        GEOSGeometry *fixed = GEOSBuffer_r(gh, out, 0, 8);
        GEOSGeom_destroy_r(gh, out);
        return fixed;
    }
}

static json_t *ring_to_json(const GEOSGeometry *ring)
{
    const GEOSCoordSequence *cs = GEOSGeom_getCoordSeq_r(gh, ring);
    unsigned n, i;
    json_t *arr = json_array();

    GEOSCoordSeq_getSize_r(gh, cs, &n);
    for (i = 0; i < n; i++) {
        double x, y;
        PJ_COORD c;
        GEOSCoordSeq_getXY_r(gh, cs, i, &x, &y);
        c = proj_trans(to_utm, PJ_INV, proj_coord(x, y, 0, 0));
        /* About 1 m precision is plenty and keeps the file small. */
        json_array_append_new(
            arr, json_pack("[f,f]", (double)(long long)(c.xy.x * 1e5) / 1e5,
                           (double)(long long)(c.xy.y * 1e5) / 1e5));
    }
    return arr;
}

static json_t *polygon_to_json(const GEOSGeometry *p)
{
    json_t *rings = json_array();
    int nh = GEOSGetNumInteriorRings_r(gh, p), i;

    json_array_append_new(rings, ring_to_json(GEOSGetExteriorRing_r(gh, p)));
    for (i = 0; i < nh; i++)
        json_array_append_new(rings,
                              ring_to_json(GEOSGetInteriorRingN_r(gh, p, i)));
    return rings;
}

int main(int argc, char **argv)
{
    json_error_t jerr;
    json_t *fc, *features, *f;
    size_t i;
    GEOSGeometry *no = NULL, *others = NULL, *area, *clip;
    json_t *polys, *out;
    int ng;

    int outline;

    if (argc != 3 || (strcmp(argv[1], "area") && strcmp(argv[1], "outline")))
        die("usage: mkterritory area|outline nordic.geojson");
    outline = !strcmp(argv[1], "outline");
    gh = GEOS_init_r();
    to_utm = proj_create_crs_to_crs(NULL, "EPSG:4326", "EPSG:25833", NULL);
    if (!to_utm)
        die("PROJ cannot make EPSG:4326 -> EPSG:25833");
    to_utm = proj_normalize_for_visualization(NULL, to_utm);
    fc = json_load_file(argv[2], 0, &jerr);
    if (!fc)
        die(jerr.text);
    /* Russia is clipped to its part near Norway before any buffering. The
     * box is a rectangle in longitude and latitude, densified, since its
     * edges are curves in UTM (a straight line between far corners would
     * cut off the south of Norway). */
    {
        GEOSGeometry *box;
        GEOSCoordSequence *cs = GEOSCoordSeq_create_r(gh, 4 * 260 + 1, 2);
        const double lon0 = -20, lon1 = 45, lat0 = 55, lat1 = 82;
        unsigned k = 0;
        int side, j;
        for (side = 0; side < 4; side++)
            for (j = 0; j < 260; j++) {
                double f = j / 260.0, lon, lat;
                PJ_COORD c;
                lon = side == 0   ? lon0 + f * (lon1 - lon0)
                      : side == 1 ? lon1
                      : side == 2 ? lon1 - f * (lon1 - lon0)
                                  : lon0;
                lat = side == 0   ? lat0
                      : side == 1 ? lat0 + f * (lat1 - lat0)
                      : side == 2 ? lat1
                                  : lat1 - f * (lat1 - lat0);
                c = proj_trans(to_utm, PJ_FWD, proj_coord(lon, lat, 0, 0));
                GEOSCoordSeq_setXY_r(gh, cs, k++, c.xy.x, c.xy.y);
            }
        {
            PJ_COORD c =
                proj_trans(to_utm, PJ_FWD, proj_coord(lon0, lat0, 0, 0));
            GEOSCoordSeq_setXY_r(gh, cs, k, c.xy.x, c.xy.y);
        }
        box = GEOSGeom_createPolygon_r(gh, GEOSGeom_createLinearRing_r(gh, cs),
                                       NULL, 0);
        features = json_object_get(fc, "features");
        json_array_foreach(features, i, f)
        {
            const char *iso = json_string_value(
                json_object_get(json_object_get(f, "properties"), "iso"));
            GEOSGeometry *g = geom_from_json(json_object_get(f, "geometry"));
            GEOSGeometry *gc = GEOSIntersection_r(gh, g, box);
            GEOSGeom_destroy_r(gh, g);
            if (strcmp(iso, "NO") == 0) {
                no = gc;
            } else if (!others) {
                others = gc;
            } else {
                GEOSGeometry *u = GEOSUnion_r(gh, others, gc);
                GEOSGeom_destroy_r(gh, others);
                GEOSGeom_destroy_r(gh, gc);
                others = u;
            }
        }
        GEOSGeom_destroy_r(gh, box);
    }
    if (!no || !others)
        die("input lacks Norway or its neighbours");
    if (outline) {
        json_t *feats = json_array();
        const GEOSGeometry *parts[2] = {no, others};
        const char *names[2] = {"NO", "neighbours"};
        int k;
        for (k = 0; k < 2; k++) {
            GEOSGeometry *simple =
                GEOSTopologyPreserveSimplify_r(gh, parts[k], 150.0);
            json_t *coords = json_array();
            int g, ngeom = GEOSGetNumGeometries_r(gh, simple);
            for (g = 0; g < ngeom; g++) {
                const GEOSGeometry *p = GEOSGetGeometryN_r(gh, simple, g);
                if (GEOSGeomTypeId_r(gh, p) == GEOS_POLYGON)
                    json_array_append_new(coords, polygon_to_json(p));
            }
            json_array_append_new(
                feats,
                json_pack("{s:s,s:{s:s},s:{s:s,s:o}}", "type", "Feature",
                          "properties", "name", names[k], "geometry", "type",
                          "MultiPolygon", "coordinates", coords));
            GEOSGeom_destroy_r(gh, simple);
        }
        out = json_pack("{s:s,s:s,s:o}", "type", "FeatureCollection", "source",
                        "Natural Earth 1:10m admin-0 countries (public "
                        "domain) via the npm package world-atlas 2.0.2; "
                        "simplified to 150 m by tools/mkterritory.c",
                        "features", feats);
        json_dumpf(out, stdout, JSON_COMPACT);
        putchar('\n');
        return 0;
    }
    {
        GEOSGeometry *wide = GEOSBuffer_r(gh, no, 22224.0, 4);
        GEOSGeometry *shrunk = GEOSBuffer_r(gh, others, -3000.0, 4);
        area = GEOSDifference_r(gh, wide, shrunk);
        clip = GEOSTopologyPreserveSimplify_r(gh, area, 300.0);
        GEOSGeom_destroy_r(gh, wide);
        GEOSGeom_destroy_r(gh, shrunk);
    }
    polys = json_array();
    ng = GEOSGetNumGeometries_r(gh, clip);
    for (i = 0; (int)i < ng; i++) {
        const GEOSGeometry *p = GEOSGetGeometryN_r(gh, clip, (int)i);
        if (GEOSGeomTypeId_r(gh, p) == GEOS_POLYGON)
            json_array_append_new(polys, polygon_to_json(p));
    }
    out = json_pack(
        "{s:s,s:s,s:s,s:[{s:s,s:{},s:{s:s,s:o}}]}", "type", "FeatureCollection",
        "source",
        "Natural Earth 1:50m admin-0 countries (public domain) via the npm "
        "package world-atlas 2.0.2; derived by tools/mkterritory.c",
        "derivation",
        "Norway's land buffered by 22.2 km (12 nautical miles of territorial "
        "sea), minus the land of Sweden, Finland and Russia shrunk by 3 km; "
        "simplified to 300 m",
        "features", "type", "Feature", "properties", "geometry", "type",
        "MultiPolygon", "coordinates", polys);
    json_dumpf(out, stdout, JSON_COMPACT);
    putchar('\n');
    return 0;
}
