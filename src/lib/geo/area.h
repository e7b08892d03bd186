/*
 * area.h - point-in-area tests against a multipolygon in WGS84 degrees,
 * such as data/geo/norway-area.geojson (the rule inside_norway).
 *
 * Edges are bucketed by latitude band at load, so a test casts its ray
 * against the few edges of one band: exact (even-odd rule) and fast
 * enough for a million points a second. Immutable after load, so one
 * area can be shared by threads.
 */
#ifndef MF_GEO_AREA_H
#define MF_GEO_AREA_H

#include "masseflyt/error.h"

struct area;

/* Reads a GeoJSON FeatureCollection/Feature/geometry of Polygon or
 * MultiPolygon features in lon/lat. */
int area_load(struct area **out, const char *path, struct mf_error *err);
int area_from_json(struct area **out, const char *label, const char *text,
                   struct mf_error *err);
void area_free(struct area *a);

/* 1 when (lon, lat) is inside, 0 when outside. */
int area_contains(const struct area *a, double lon, double lat);

#endif
