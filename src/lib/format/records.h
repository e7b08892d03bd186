/*
 * records.h - reading tables of outside input (CSV files, GeoJSON feature
 * collections) as a stream of records: one record per CSV row or GeoJSON
 * feature, each a set of named text fields, with where it came from.
 *
 * The importer (io/import.c) maps records to registry entities; it never
 * sees bytes, encodings, quotes or JSON. Both readers present the same
 * shape:
 *   - column names are trimmed and lower-cased ASCII ("Mengde " -> "mengde");
 *     non-ASCII letters are kept as UTF-8;
 *   - values are UTF-8 text, trimmed of surrounding white space; an empty
 *     cell is "" and a column the record lacks is NULL (a GeoJSON feature
 *     without that property, or x and y of a null geometry; a CSV row
 *     with fewer cells than the header gives "" for the missing ones);
 *   - a GeoJSON Point geometry appears as the columns "x", "y" and "epsg"
 *     (the epsg taken from the collection's `crs` member, 4326 otherwise);
 *     properties appear under their own names; values that are JSON numbers
 *     or booleans are given as their JSON text ("12.5", "true").
 *
 * Errors name the place: "lots.csv:12" for a CSV line (the line where the
 * record starts, counting from 1, header included), "lots.geojson:
 * features[11]" for a feature.
 */
#ifndef MF_FORMAT_RECORDS_H
#define MF_FORMAT_RECORDS_H

#include "masseflyt/error.h"

#include <stddef.h>

enum rec_encoding {
    REC_ENC_AUTO = 0, /* UTF-8 (BOM or not) if valid, else Windows-1252 */
    REC_ENC_UTF8,     /* refuse anything that is not valid UTF-8 */
    REC_ENC_CP1252,   /* Windows-1252 (a superset of Latin-1's letters) */
    REC_ENC_LATIN1,   /* ISO 8859-1 */
};

struct rec_opts {
    enum rec_encoding encoding;
    char separator;         /* 0 = detect from the header: ';' ',' or '\t' */
    size_t max_field_bytes; /* 0 = 1 MiB; a longer field is an error */
};

#define REC_OPTS_INIT                                                          \
    {                                                                          \
        .encoding = REC_ENC_AUTO, .separator = 0, .max_field_bytes = 0         \
    }

struct rec_reader;

/* Opens a file by name; the format follows the name (.csv/.txt/.tsv or
 * .geojson/.json), or the content when the name says nothing. Error
 * places and rec_label() use the path as given. */
int rec_open_file(struct rec_reader **out, const char *path,
                  const struct rec_opts *opts, struct mf_error *err);

/* Opens a file as rec_open_file does, but a CSV file larger than
 * `window` bytes (0: 4 MiB) that is UTF-8 is read a window at a time, so
 * that memory does not grow with the file: one pass checks the encoding,
 * a second reads the records. Records, values, places and errors are
 * those of rec_open_file. Any other file is read whole by rec_open_file. */
int rec_open_file_stream(struct rec_reader **out, const char *path,
                         const struct rec_opts *opts, size_t window,
                         struct mf_error *err);

/* Opens a CSV or GeoJSON document held in memory. The reader copies what
 * it needs; data may be freed after the call. Used by fuzz targets and
 * tests. */
int rec_open_csv_mem(struct rec_reader **out, const char *label,
                     const char *data, size_t len, const struct rec_opts *opts,
                     struct mf_error *err);
int rec_open_geojson_mem(struct rec_reader **out, const char *label,
                         const char *data, size_t len,
                         const struct rec_opts *opts, struct mf_error *err);

void rec_close(struct rec_reader *r);

/* Number of columns, and the name of column i (lower-cased). */
size_t rec_n_columns(const struct rec_reader *r);
const char *rec_column_name(const struct rec_reader *r, size_t i);
/* Index of the column with this (lower-case) name, or -1. */
int rec_column(const struct rec_reader *r, const char *name);

/* Reads the next record. Returns 1 when a record was read, 0 at the end,
 * or a negative status with err filled (the reader is then finished). */
int rec_next(struct rec_reader *r, struct mf_error *err);

/* The value of column i in the current record: "" when empty, NULL when
 * the record lacks the column. Valid until the next rec_next(). */
const char *rec_value(const struct rec_reader *r, int i);

/* Where the current record is: "lots.csv:12" or
 * "lots.geojson: features[11]"; the label when there is no current record.
 * Valid until the next rec_next(). */
const char *rec_where(const struct rec_reader *r);

/* What encoding the input was found in ("UTF-8", "UTF-8 with BOM",
 * "Windows-1252"), for a note to the user. */
const char *rec_encoding_name(const struct rec_reader *r);

/* The label given at open (the file name). */
const char *rec_label(const struct rec_reader *r);

/*
 * Numbers as Norwegians write them: an optional sign, digits that may be
 * grouped by spaces, no-break spaces (U+00A0) or narrow no-break spaces
 * (U+202F), one decimal mark that is ',' or '.', and an optional exponent.
 * "1 234,5", "1234.5", "-0,25", "2e6" are accepted; "1.234,5", "1,2,3",
 * "12 kg", "" are not. Returns 0 and sets *out, or MF_EINVAL with a
 * message that says what was wrong (no `where`; the caller adds it).
 */
int rec_parse_number(const char *s, double *out, struct mf_error *err);

#endif
