/*
 * crs.h - coordinate reference systems through PROJ: the five systems
 * masseflyt accepts (EUREF89 UTM 32/33/35, EUREF89 geographic, WGS84) to
 * and from WGS84 longitude/latitude.
 *
 * PROJ's EPSG:4326 and 4258 are latitude-first; every transform here is
 * normalised for visualisation, so x is always east (longitude) and y
 * north (latitude). A `struct crs` is not thread-safe; make one per thread.
 */
#ifndef MF_GEO_CRS_H
#define MF_GEO_CRS_H

#include "masseflyt/error.h"

#include <stddef.h>

struct crs;

int crs_new(struct crs **out, struct mf_error *err);
void crs_free(struct crs *c);

/* 1 when masseflyt accepts this EPSG code. */
int crs_supported(int epsg);
/* "EPSG:25833 (EUREF89 / UTM zone 33N)" style name. */
const char *crs_name(int epsg);

/* Transforms n points in place from epsg to WGS84 (x = lon, y = lat).
 * MF_EINVAL for an unsupported code or a point PROJ cannot transform (the
 * message names its index). */
int crs_to_wgs84(struct crs *c, int epsg, size_t n, double *x, double *y,
                 struct mf_error *err);
/* And back, from WGS84 to epsg. */
int crs_from_wgs84(struct crs *c, int epsg, size_t n, double *x, double *y,
                   struct mf_error *err);

#endif
