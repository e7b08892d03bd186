/*
 * grid.h - a spatial index for "the cheapest destinations near here":
 * points on the Earth in a hash of cubic cells in Earth-centred
 * coordinates (km), searched shell by shell outward from a query point.
 *
 * Chebyshev shell r holds points at least (r - 1) x cell km away in a
 * straight line, hence at least that far along the surface, so a caller
 * that knows a lower bound of its cost in distance can stop early.
 * Working in 3D keeps distances honest from Lindesnes to Svalbard.
 */
#ifndef MF_GEO_GRID_H
#define MF_GEO_GRID_H

#include "masseflyt/error.h"

#include <stddef.h>

struct grid;

/* Indexes n points (lon, lat in degrees) with cubic cells of cell_km. */
int grid_build(struct grid **out, size_t n, const double *lon,
               const double *lat, double cell_km, struct mf_error *err);
void grid_free(struct grid *g);

struct grid_visitor {
    void *ctx;
    /* Called before shell r with the least distance (km) any point of
     * that shell can have; return 1 to stop the search. */
    int (*stop)(void *ctx, double min_km);
    /* Called for each point i found, with its great-circle distance. */
    void (*visit)(void *ctx, size_t i, double km);
    /* Optional (NULL: none): called before the great circle to point i
     * is computed, with a lower bound of it (km, from the straight line
     * through the Earth); return 1 to pass the point over unvisited. A
     * caller whose test is monotone in distance can thus run the
     * trigonometry only for the points it may keep. */
    int (*skip)(void *ctx, size_t i, double min_km);
    /* Optional (NULL: none): return 1 when no point min_km or more away
     * is wanted now (a test monotone in min_km, like stop's); cells all
     * of whose points are that far are then passed over unvisited. */
    int (*beyond)(void *ctx, double min_km);
};

/* Visits the points within max_km of (lon, lat), nearer shells first. */
void grid_search(const struct grid *g, double lon, double lat, double max_km,
                 const struct grid_visitor *v);

#endif
