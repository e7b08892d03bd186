/*
 * distance.c - great-circle distance (haversine on a sphere of the mean
 * Earth radius, IUGG 6371.0088 km). Road distances come from the
 * distance provider (geo/distance.h), which starts from this.
 */
#include "masseflyt/geo.h"

#include <math.h>

double mf_distance_km(double lon1, double lat1, double lon2, double lat2)
{
    const double r = 6371.0088;
    const double rad = M_PI / 180.0;
    double dlat = (lat2 - lat1) * rad;
    double dlon = (lon2 - lon1) * rad;
    double a =
        sin(dlat / 2) * sin(dlat / 2) +
        cos(lat1 * rad) * cos(lat2 * rad) * sin(dlon / 2) * sin(dlon / 2);

    return 2 * r * asin(fmin(1.0, sqrt(a)));
}
