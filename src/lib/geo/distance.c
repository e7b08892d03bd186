/*
 * distance.c - great-circle distance (haversine on a sphere of the mean
 * Earth radius, IUGG 6371.0088 km). Road distances come from the
 * distance provider (geo/distance.h), which starts from this.
 */
#include "geo/distance.h"

#include "masseflyt/geo.h"

#include <math.h>

double distance_cos_lat(double lat)
{
    const double rad = M_PI / 180.0;

    return cos(lat * rad);
}

/* The one haversine: mf_distance_km and the spatial index (geo/grid.c,
 * with each point's cosine of latitude computed once) both come here, so
 * they agree to the last bit. */
double distance_haversine_km(double lon1, double lat1, double cos_lat1,
                             double lon2, double lat2, double cos_lat2)
{
    const double r = 6371.0088;
    const double rad = M_PI / 180.0;
    double dlat = (lat2 - lat1) * rad;
    double dlon = (lon2 - lon1) * rad;
    double a = sin(dlat / 2) * sin(dlat / 2) +
               cos_lat1 * cos_lat2 * sin(dlon / 2) * sin(dlon / 2);

    return 2 * r * asin(fmin(1.0, sqrt(a)));
}

double mf_distance_km(double lon1, double lat1, double lon2, double lat2)
{
    return distance_haversine_km(lon1, lat1, distance_cos_lat(lat1), lon2, lat2,
                                 distance_cos_lat(lat2));
}
