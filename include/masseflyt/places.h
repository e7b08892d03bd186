/*
 * places.h - places that contradict their municipality.
 *
 * A site (or a lot with a place of its own) names its municipality and
 * gives a coordinate; the two can disagree. The usual cause is a UTM
 * coordinate labelled with the wrong zone: a 25833 coordinate read as
 * 25832 lands hundreds of kilometres away and passes every other rule.
 * `validate` lists such places as flags (docs/RULES.md, "Places and
 * municipalities"):
 *
 * - always: a UTM coordinate (EPSG 25832, 25833, 25835) lying far from
 *   the municipality's known place (the centre of the registry's other
 *   sites and lots in the same municipality, when there are at least two
 *   of them) whose reading in another UTM
 *   zone lies much nearer it, with the hint "did you mean EPSG:NNNNN?";
 * - where the operator has loaded the municipalities' boundaries
 *   (Kartverket's administrative units, `masseflyt import-municipalities`,
 *   docs/FORMATS.md): a place outside its municipality's polygon, naming
 *   the municipality it lies in.
 */
#ifndef MF_PLACES_H
#define MF_PLACES_H

#include "masseflyt/error.h"
#include "masseflyt/model.h"
#include "masseflyt/validate.h"

#include <stddef.h>

/* A place lies "far" from its municipality's known place past this many
 * km, and another zone's reading is "much nearer" when it is within this
 * fraction of that distance. Norway's largest municipalities are about
 * 100 km across (Kautokeino, Tromsø), and a zone mix-up moves a place by
 * 200 to 700 km. */
#define MF_ZONE_FAR_KM 75.0
#define MF_ZONE_NEARER 0.25

/* The municipalities' boundaries: per kommunenummer a name and a
 * (multi)polygon in WGS84. */
struct mf_municipalities;

/*
 * Reads Kartverket's administrative units for municipalities (GeoJSON as
 * Geonorge publishes "Administrative enheter kommuner"): a
 * FeatureCollection, or an object holding one under "Kommune" (any case),
 * of Polygon or MultiPolygon features whose properties give
 * `kommunenummer` (4 digits) and `kommunenavn` (or `navn`, as text or as
 * a list of {"navn": ...}). Coordinates in the CRS the file names
 * (EPSG 25832, 25833, 25835, 4258 or 4326; lon/lat when it names none).
 * Every problem is an error naming the file and the feature. A
 * municipality given twice is an error.
 */
int mf_municipalities_read(struct mf_municipalities **out, const char *label,
                           const char *text, size_t len, struct mf_error *err);
void mf_municipalities_free(struct mf_municipalities *m);
size_t mf_municipalities_count(const struct mf_municipalities *m);

/* Municipality i: its number, name and boundary as a GeoJSON geometry in
 * WGS84 (a Polygon or MultiPolygon). */
const char *mf_municipality_number(const struct mf_municipalities *m, size_t i);
const char *mf_municipality_name(const struct mf_municipalities *m, size_t i);
const char *mf_municipality_geometry(const struct mf_municipalities *m,
                                     size_t i);

/* Builds the set again from stored parts (number, name, geometry as
 * mf_municipality_geometry gives it); the store reads them back this
 * way. MF_EINVAL names the number of a geometry that does not read. */
int mf_municipalities_new(struct mf_municipalities **out, struct mf_error *err);
int mf_municipalities_add(struct mf_municipalities *m, const char *number,
                          const char *name, const char *geometry,
                          struct mf_error *err);

/* The index of the municipality whose polygon holds (lon, lat), or -1. */
int mf_municipalities_at(const struct mf_municipalities *m, double lon,
                         double lat);
/* The index of the municipality with this number, or -1. */
int mf_municipalities_find(const struct mf_municipalities *m,
                           const char *number);

/* Lists, as flags in `is`, every site and lot place that contradicts its
 * municipality (above); munis may be NULL (not loaded). Returns the
 * number of flags, or MF_ENOMEM. */
int mf_validate_places(const struct mf_registry *reg,
                       const struct mf_municipalities *munis,
                       struct mf_issues *is);

#endif
