/*
 * distance.h - where road distances come from. The planner asks one
 * provider for the road kilometres between two places; the provider
 * answers from a source that knows the pair (today a matrix the user
 * gave, geo/matrix.c; a road network later) and otherwise from the great
 * circle times a detour factor for the pair where one is known (roads
 * round a fjord: data/detours.csv, by municipality) or else the one
 * circuity factor.
 *
 * Places are named by the id of their site (NULL for a lot with its own
 * place), since sources of road distances are keyed by site, and by their
 * municipality (a site's, or a lot's own: its site's, else its project's),
 * since detour factors are keyed by municipality.
 */
#ifndef MF_GEO_DISTANCE_H
#define MF_GEO_DISTANCE_H

#include "masseflyt/geo.h"

struct distance_provider {
    /* Road km from one site to another: 1 with *km set when known, 0 to
     * fall back to great circle x circuity. NULL: no such source. */
    int (*road_km)(const void *ctx, const char *from_site, const char *to_site,
                   double *km);
    const void *ctx;
    double circuity; /* road km per great-circle km, >= 1 */
    /* Road km per great-circle km between two places in these
     * municipalities when the pair has a factor of its own (>= 1), else
     * 0. NULL: none known. */
    double (*detour)(const void *ctx, const char *from_municipality,
                     const char *to_municipality);
    const void *detour_ctx;
};

/* A provider over the user's matrix (may be NULL: great circle only),
 * with no detour factors (set detour and detour_ctx after). */
void distance_provider_init(struct distance_provider *p,
                            const struct mf_distances *matrix, double circuity);

/* Road km between two places whose great-circle distance is gc_km: the
 * sites' ids (NULL for a lot with its own place) and municipalities
 * (NULL when unknown). */
static inline double distance_road_km(const struct distance_provider *p,
                                      const char *from_site,
                                      const char *to_site,
                                      const char *from_municipality,
                                      const char *to_municipality, double gc_km)
{
    double km;

    if (p->road_km && from_site && to_site &&
        p->road_km(p->ctx, from_site, to_site, &km))
        return km;
    if (p->detour && from_municipality && to_municipality) {
        double f = p->detour(p->detour_ctx, from_municipality, to_municipality);
        if (f >= 1)
            return gc_km * f;
    }
    return gc_km * p->circuity;
}

/* cos(lat) for a latitude in degrees, as the haversine uses it. */
double distance_cos_lat(double lat);

/* mf_distance_km with the cosines of both latitudes given (from
 * distance_cos_lat): the same result to the bit, two cosines fewer. */
double distance_haversine_km(double lon1, double lat1, double cos_lat1,
                             double lon2, double lat2, double cos_lat2);

/* The matrix's own lookup (geo/matrix.c). */
int matrix_lookup(const struct mf_distances *d, const char *from,
                  const char *to, double *km);

#endif
