/*
 * register.h - public registers of sites as masseflyt sites: NGU's sand,
 * gravel and hard-rock aggregate database (grus- og pukkdatabasen) and
 * the county governors' permit lists for landfills and receiving sites.
 *
 * A register file (CSV or GeoJSON; Polygon and MultiPolygon features are
 * taken at their centroid) is read through a mapping table
 * (data/registers.csv, docs/FORMATS.md): which of the register's columns
 * give a site's id, name, place, materials, status, kind and quantities,
 * and what the register's words (a material type, a status) mean. The
 * result is a sites CSV document for the ordinary importer (io.h), so a
 * register import is all or nothing, checked by the same rules, and a
 * record imported again replaces the site with its id: the register's
 * own id after a prefix ("ngu-", "permit-").
 *
 * Every problem is an issue naming the register file, its line or
 * feature, and the mapped field; the conversion is refused when any is an
 * error.
 */
#ifndef MF_REGISTER_H
#define MF_REGISTER_H

#include "masseflyt/model.h"
#include "masseflyt/validate.h"

#include <stddef.h>

struct mf_register_map;

/* Reads the rows of register `name` ("ngu", "permits") from the mapping
 * table at path, checking material codes against cat. MF_EINVAL names the
 * table's line and column; MF_ENOTFOUND when the table has no row for the
 * register. Caller frees *out. */
int mf_register_map_load(struct mf_register_map **out, const char *path,
                         const char *name, const struct mf_catalog *cat,
                         struct mf_error *err);
void mf_register_map_free(struct mf_register_map *map);

struct mf_register_opts {
    int32_t retrieved;  /* the day the file was downloaded (required) */
    int epsg;           /* 0: from the file (an epsg or UTM zone column) */
    int include_closed; /* 1: keep records whose status maps to "skip" */
};

#define MF_REGISTER_OPTS_INIT                                                  \
    {                                                                          \
        .retrieved = MF_DATE_NONE, .epsg = 0, .include_closed = 0              \
    }

struct mf_register_result {
    char *csv; /* a sites CSV document, one row per site (malloc'd) */
    size_t len;
    size_t records; /* records read */
    size_t sites;   /* rows written */
    size_t skipped; /* records whose status maps to "skip" */
    /* The place in the register file of each row written (row i is line
     * i + 2 of csv), as "file:12" or "file: features[3]". */
    char **places;
    /* The site id each skipped record would have had, so that a caller can
     * say which sites imported before the register now calls closed. */
    char **skipped_ids;
};

/* Converts the register file at path. Issues (with `where` naming the
 * file, line or feature and field) go to is; when any is an error,
 * MF_EINVAL "register refused: N errors" and res holds nothing. */
int mf_register_convert(const struct mf_register_map *map, const char *path,
                        const struct mf_register_opts *opts,
                        struct mf_register_result *res, struct mf_issues *is,
                        struct mf_error *err);
/* The same from a document in memory: CSV, or GeoJSON with geojson 1;
 * label names it in issues. */
int mf_register_convert_buffer(const struct mf_register_map *map,
                               const char *label, const char *data, size_t len,
                               int geojson, const struct mf_register_opts *opts,
                               struct mf_register_result *res,
                               struct mf_issues *is, struct mf_error *err);
void mf_register_result_free(struct mf_register_result *res);

/* The register's place of the row on line `line` of res->csv (the header
 * is line 1), or NULL. */
const char *mf_register_place(const struct mf_register_result *res,
                              size_t line);

#endif
