/*
 * records_int.h - what the record readers share behind format/records.h: the
 * reader struct (columns, the current record, its place), the decoding of
 * raw bytes to UTF-8, and the entry points of the two formats.
 *
 * records.c owns the struct and the column table; csv.c and geojson.c
 * fill in `ops` and `impl` and store values through rec_vals(). Nothing
 * outside src/lib/format includes this file.
 */
#ifndef MF_FORMAT_RECORDS_INT_H
#define MF_FORMAT_RECORDS_INT_H

#include "format/records.h"
#include "util/arena.h"
#include "util/strmap.h"

#include <stddef.h>

/* More columns than this is refused: no register has them, and the cap
 * keeps column indexes within int (rec_column returns int). */
#define REC_MAX_COLUMNS 10000

/* Zero bytes after the NUL that ends a decoded text, so that scanners
 * may read a word at a time without a bounds check. */
#define REC_PAD 16

/* The default of rec_opts.max_field_bytes. */
#define REC_DEFAULT_MAX_FIELD ((size_t)1 << 20)

struct rec_reader;

struct rec_ops {
    /* Reads the next record into r->vals and sets the place. Returns 1,
     * 0 at the end, or a negative status with err filled. */
    int (*next)(struct rec_reader *r, struct mf_error *err);
    /* Frees r->impl. */
    void (*close)(struct rec_reader *r);
};

struct rec_reader {
    const struct rec_ops *ops;
    void *impl;
    char *label;
    const char *encoding_name;

    /* Columns: names live in `names_arena`, `colmap` maps them to
     * indexes. */
    char **names;
    size_t n_cols;
    size_t cap_cols;
    struct strmap colmap;
    struct arena names_arena;

    /* The current record: n_cols values, NULL before the first record,
     * after the end and for columns the record lacks. */
    const char **vals;
    int finished;
    int have_record; /* the last rec_next() gave a record */

    /* The place of the current record: label, then a suffix. */
    char *where;
    size_t where_prefix; /* length of the fixed part */
    size_t where_cap;
};

/* Allocates a reader with its label (NULL -> "input") and no columns. */
int rec_reader_new(struct rec_reader **out, const char *label,
                   struct mf_error *err);

/* Returns the index of column `name` (len bytes, not NUL-terminated),
 * adding it when it is new; *added says which. The name is stored as
 * given: callers trim and lower-case it first. Returns 0, MF_ENOMEM, or
 * MF_EINVAL past REC_MAX_COLUMNS. */
int rec_column_add(struct rec_reader *r, const char *name, size_t len, int *idx,
                   int *added, struct mf_error *err);

/* Makes r->vals hold n_cols values, all NULL. Call once the columns are
 * known. */
int rec_vals_init(struct rec_reader *r, struct mf_error *err);

/* Sets the fixed part of places: "<label><sep>" (sep is ":" for CSV,
 * ": features[" for GeoJSON). */
int rec_where_prefix(struct rec_reader *r, const char *sep,
                     struct mf_error *err);
/* Sets the place to the fixed part, the number n, and suffix. */
void rec_where_num(struct rec_reader *r, unsigned long long n,
                   const char *suffix);

/* Formats "<label>:<line>" (and ": <column>" if col is not NULL) into
 * dst, for error places. */
void rec_place(char *dst, size_t cap, const char *label,
               unsigned long long line, const char *col);

/* Lower-cases ASCII letters of s[0..len) in place. */
void rec_lower_ascii(char *s, size_t len);

/* Trims white space at both ends of s[0..len): ASCII space, TAB, CR, LF,
 * VT, FF, and U+00A0 and U+202F. s must be valid UTF-8. Returns the new
 * start and sets *len. */
char *rec_trim(char *s, size_t *len);

/*
 * Decoding. `data` is a malloc'd buffer of `len` bytes with room for
 * REC_PAD more; decoding takes ownership of it. On success *text is a
 * malloc'd UTF-8 text of *text_len bytes without a BOM and without NUL
 * bytes (the text starts at *text + *start), followed by REC_PAD zero
 * bytes, and *name is the name of the input's encoding. On failure data
 * has been freed.
 */
int rec_decode(char *data, size_t len, enum rec_encoding enc, const char *label,
               char **text, size_t *start, size_t *text_len, const char **name,
               struct mf_error *err);

/* Shortest text of a finite double that reads back the same, in the
 * JSON form whatever the locale ("12.5", "1e+300", "-0"). cap >= 32. */
void rec_format_double(char *dst, size_t cap, double v);

/* The formats. Each takes ownership of `data` (see rec_decode) and fills
 * a reader made by rec_reader_new. */
int csv_open(struct rec_reader *r, char *data, size_t len,
             const struct rec_opts *opts, char default_sep,
             struct mf_error *err);
/* CSV read from the open regular file fd (owned from here on) a window
 * of `window` bytes at a time, starting `skip` bytes in; the file must be
 * UTF-8 without NUL bytes. */
int csv_open_stream(struct rec_reader *r, int fd, size_t skip, size_t window,
                    const struct rec_opts *opts, char default_sep,
                    struct mf_error *err);
int geojson_open(struct rec_reader *r, char *data, size_t len,
                 const struct rec_opts *opts, struct mf_error *err);

#endif
