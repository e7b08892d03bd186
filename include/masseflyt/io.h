/*
 * io.h - importing registers from CSV and GeoJSON files, and exporting the
 * registry again. docs/FORMATS.md describes every column.
 *
 * An import reads records, checks each against the schema and the rules
 * (validate.h), and hands every good record to a sink (the store, in the
 * CLI). It never stops at the first problem: all problems are listed, up
 * to the cap of the issue list. Whether anything is kept is the caller's
 * decision; the CLI keeps nothing when any problem has severity error.
 */
#ifndef MF_IO_H
#define MF_IO_H

#include "masseflyt/error.h"
#include "masseflyt/model.h"
#include "masseflyt/validate.h"

#include <stddef.h>
#include <stdio.h>

enum mf_encoding {
    MF_ENC_AUTO = 0, /* UTF-8 if valid, else Windows-1252 */
    MF_ENC_UTF8,
    MF_ENC_CP1252,
    MF_ENC_LATIN1
};

struct mf_import_sink {
    void *ctx;
    /* Called once per good record, in file order, until the first error
     * is found anywhere in the import; rec points to a struct mf_org,
     * mf_project, mf_site or mf_lot, valid only during the call. */
    int (*put)(void *ctx, enum mf_entity e, const void *rec,
               struct mf_error *err);
};

struct mf_import_stats {
    size_t records[MF_ENT_COUNT]; /* read, by kind */
    size_t flagged;               /* records with a flag */
    size_t refused;               /* records that validation refuses */
    char encoding[32];            /* of the last file */
    char ignored_columns[256];    /* of the last file, comma-separated */
};

struct mf_import_opts {
    enum mf_encoding encoding;
    int32_t as_of; /* rules date; MF_DATE_NONE = per record (see validate.h) */
    /* Called every 65,536 records with the number read so far in this
     * file, for a progress line; may be NULL. */
    void (*progress)(void *ctx, const char *file, size_t done);
    void *progress_ctx;
    /* Called with each record the rules let in, before the sink gets it,
     * with where it was read ("lots.csv:4"): the caller's own check (an
     * id already stored, say). It may list problems in `is` and returns
     * MF_SEV_NONE, MF_SEV_ERROR to count the record as bad input (the
     * sink then gets nothing more), or a negative status that stops the
     * import. NULL: no check. */
    int (*check)(void *ctx, enum mf_entity e, const void *rec,
                 const char *where, struct mf_issues *is);
    void *check_ctx;
};

#define MF_IMPORT_OPTS_INIT                                                    \
    {                                                                          \
        .encoding = MF_ENC_AUTO, .as_of = MF_DATE_NONE                         \
    }

struct mf_import;

/* Starts an import against `context`, a registry holding the
 * organisations, projects and sites already stored (lots are not needed).
 * Records imported are added to the context so later files may refer to
 * them. Both context and opts are borrowed. */
int mf_import_new(struct mf_import **out, struct mf_registry *context,
                  const struct mf_import_opts *opts, struct mf_error *err);
void mf_import_free(struct mf_import *imp);

/* What a file holds, from its name: orgs*, organisations*, projects*,
 * sites*, lots* (any case, any extension). -1 when the name says nothing. */
int mf_import_kind_from_name(const char *path);
int mf_import_kind_parse(const char *s); /* "lots" -> MF_ENT_LOT */

/* Imports one file of one kind. Problems go to `is`; the return value is
 * MF_OK even when records had problems (see is->count[MF_SEV_ERROR]); a
 * negative status means the file could not be read at all (also added to
 * `is`) or the sink failed. */
int mf_import_file(struct mf_import *imp, const char *path, enum mf_entity kind,
                   const struct mf_import_sink *sink, struct mf_issues *is,
                   struct mf_import_stats *stats, struct mf_error *err);

/* The same for a document in memory (tests and fuzzing); geojson picks
 * the reader. */
int mf_import_buffer(struct mf_import *imp, const char *label, const char *data,
                     size_t len, int geojson, enum mf_entity kind,
                     const struct mf_import_sink *sink, struct mf_issues *is,
                     struct mf_import_stats *stats, struct mf_error *err);

/* Reads one record of `kind` from a JSON object, as an API write sends it:
 * members named as the CSV columns (docs/FORMATS.md), values as strings,
 * numbers, true/false or null, and a site's materials as a list of codes
 * (or one text). Derived members (tonnes, capacity_t, lon, lat) are
 * ignored, so what mf_export_json() writes reads back; a member that is no
 * field is an error. Every value then goes through the import's own
 * parsers, references and rules, as a CSV row would: problems go to `is`
 * with `where` = "LABEL: field" (just the field when label is "" or
 * NULL), and a good record goes to the sink. Returns MF_OK (check
 * is->count[MF_SEV_ERROR]), or MF_EINVAL when the text is not a JSON
 * object (also listed in `is`). */
int mf_import_json(struct mf_import *imp, const char *label, const char *json,
                   size_t len, enum mf_entity kind,
                   const struct mf_import_sink *sink, struct mf_issues *is,
                   struct mf_import_stats *stats, struct mf_error *err);

/* Export of one kind of record, in registry order, with the same columns
 * the importer reads, so an export imports again unchanged. `keep`
 * selects records (NULL = all). */
enum mf_format {
    MF_FMT_CSV = 0,   /* RFC 4180: comma, '.' decimals, UTF-8 */
    MF_FMT_CSV_EXCEL, /* Norwegian Excel: ';', ',' decimals, UTF-8 BOM */
    MF_FMT_GEOJSON    /* RFC 7946 FeatureCollection in WGS84 */
};
int mf_export(const struct mf_registry *reg, enum mf_entity kind,
              enum mf_format fmt, const unsigned char *keep, FILE *out,
              struct mf_error *err);

/* An example file of `kind` that imports cleanly (the four kinds refer to
 * each other: import them together): CSV with ',' and English column
 * names and ISO dates, or, with nb, as a Norwegian spreadsheet saves it
 * (';', decimal comma, dd.mm.yyyy, the Norwegian column names of
 * data/aliases.csv). A guide to its columns, one "column  meaning" line
 * each, goes to guide unless it is NULL. MF_EIO when writing fails. */
int mf_template_write(const struct mf_catalog *cat, enum mf_entity kind, int nb,
                      FILE *out, FILE *guide);

/* One record of `kind` as a JSON object, the shape an HTTP API returns:
 * every field of the schema (schema.h) under its CSV name, derived ones
 * included (a lot's tonnes, a site's capacity_t, the place in WGS84 as
 * lon and lat); numbers as numbers, yes/no as true/false, dates as
 * "YYYY-MM-DD", codes as text, a site's materials as a list; empty and
 * unstated values as null. *out is compact JSON text; the caller frees
 * it. Returns MF_OK or MF_ENOMEM. */
int mf_export_json(const struct mf_catalog *cat, enum mf_entity kind,
                   const void *rec, char **out, struct mf_error *err);

#endif
