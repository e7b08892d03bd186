/*
 * geo.h - distances on the ground: the great circle between two WGS84
 * places, and road distances between sites that the user gives as a
 * matrix (the planner falls back to great circle x circuity for pairs the
 * matrix does not hold; docs/PLANNING.md).
 */
#ifndef MF_GEO_H
#define MF_GEO_H

#include "masseflyt/error.h"

#include <stddef.h>

/* Great-circle distance in km (haversine, mean Earth radius 6371.0088 km). */
double mf_distance_km(double lon1, double lat1, double lon2, double lat2);

/* Road distances given by the user, between sites by id, in km. Loaded
 * from a CSV file with the columns from,to,km (symmetric unless both
 * directions are given). */
struct mf_distances;
int mf_distances_load(struct mf_distances **out, const char *path,
                      struct mf_error *err);
void mf_distances_free(struct mf_distances *d);
size_t mf_distances_count(const struct mf_distances *d);

struct mf_registry;
struct mf_issues;

/* Checks the rows of a distance file against the registry: a row naming
 * no site is an error (file, line and column); a distance shorter than
 * the straight line between the sites is an error; the two directions of
 * a pair more than twice apart are flagged. Returns 0 or MF_ENOMEM; the
 * problems go to `is` (validate.h). */
int mf_distances_check(const struct mf_distances *d,
                       const struct mf_registry *reg, struct mf_issues *is);

#endif
