/*
 * codec.h - records to and from rows of backend-neutral typed values, and
 * the SQL that writes and reads them, all driven by the entity's schema
 * (masseflyt/schema.h).
 *
 * A backend never names a field: it asks the codec for the statement,
 * binds each value by its type (NULL, integer, real, text) and reads each
 * column back by the type the codec says it holds. The SQL is the common
 * subset of SQLite and PostgreSQL (INSERT ... ON CONFLICT (id) DO UPDATE,
 * COALESCE, numbered placeholders), so a PostgreSQL backend uses the same
 * statements with '$' placeholders. docs/internals/schema.md shows how a
 * field maps to a column.
 */
#ifndef MF_STORE_CODEC_H
#define MF_STORE_CODEC_H

#include "masseflyt/error.h"
#include "masseflyt/model.h"
#include "masseflyt/schema.h"
#include "store.h"
#include "util/buf.h"

#include <stdint.h>

enum codec_type { CODEC_NULL = 0, CODEC_INT, CODEC_REAL, CODEC_TEXT };

struct codec_value {
    enum codec_type type;
    int64_t i;        /* CODEC_INT */
    double r;         /* CODEC_REAL */
    const char *text; /* CODEC_TEXT, NUL-terminated */
};

/* The columns of one entity's table: one per field with an SQL column,
 * in table order, except that FLAG fields share theirs (an integer of
 * bits). */
struct codec_table {
    const struct mf_entity_schema *s;
    int n_columns;
    const char *name[MF_SCHEMA_MAX_FIELDS];
    enum codec_type type[MF_SCHEMA_MAX_FIELDS];  /* what a column holds */
    signed char column_of[MF_SCHEMA_MAX_FIELDS]; /* per field; -1: none */
};

void codec_table_init(struct codec_table *t, enum mf_entity e);

/* Room for the texts and arrays one conversion makes (dates, lists of
 * materials). Values and records point into it until its next use. */
struct codec_scratch {
    char text[4096];
    int materials[64];
};

/* Placeholder marks: '?' gives ?1, ?2, ... (SQLite); '$' gives $1, $2,
 * ... (PostgreSQL). */

/* "INSERT INTO t (cols) VALUES (?1, ...) ON CONFLICT (id) DO UPDATE SET
 * c = excluded.c, ...": a record with a stored id replaces it. Values are
 * bound in column order. Returns MF_OK or MF_ENOMEM. */
int codec_insert_sql(const struct codec_table *t, char mark, struct buf *sql);

/* The same for `rows` records in one statement: VALUES (row 1), (row 2),
 * ..., numbered on across the rows (row r's column c is placeholder
 * r * n_columns + c + 1). No two of the rows may have the same id
 * (PostgreSQL refuses to update one row twice in a statement). Returns
 * MF_OK or MF_ENOMEM. */
int codec_insert_rows_sql(const struct codec_table *t, char mark, int rows,
                          struct buf *sql);

/* The record as one value per column. Texts point into rec, the
 * catalogue or sc. */
void codec_encode(const struct codec_table *t, const struct mf_catalog *cat,
                  const void *rec, struct codec_value *vals,
                  struct codec_scratch *sc);

/* One value per column back to a record. Strings point into vals' texts,
 * arrays into sc. A code the catalogue does not know is MF_EINVAL, an
 * enumeration name this program does not know MF_ESTORE; `where` names
 * the store in the error. */
int codec_decode(const struct codec_table *t, const struct mf_catalog *cat,
                 const struct codec_value *vals, union mf_record *rec,
                 struct codec_scratch *sc, const char *where,
                 struct mf_error *err);

/* Most values a query binds. */
#define CODEC_MAX_PARAMS 24

/* The statement for q: with count = 0, "SELECT cols FROM table AS t WHERE
 * ... ORDER BY t.id [LIMIT .. OFFSET ..]" whose rows decode as above;
 * with count = 1, "SELECT count(*) ..." over the same filter (paging
 * ignored). params[0 .. *n_params-1] are bound to placeholders 1, 2, ...
 * A query a kind cannot answer (a municipality of organisations, a box
 * around projects) or a malformed one is MF_EINVAL. */
int codec_query_sql(const struct codec_table *t, const struct store_query *q,
                    int count, char mark, struct buf *sql,
                    struct codec_value params[CODEC_MAX_PARAMS], int *n_params,
                    struct mf_error *err);

/* The same, for a PostgreSQL with PostGIS when postgis is 1: a bbox or a
 * radius is first narrowed through the place's GiST index (the point of lon
 * and lat as geometry in the box, migration 024). With q->radius the statement
 * (count or not) selects the rows of every column within a box around the
 * circle, paging ignored: the backend keeps the rows codec_filter_row() keeps,
 * and counts them itself for a count. */
int codec_query_sql_geo(const struct codec_table *t,
                        const struct store_query *q, int count, int postgis,
                        char mark, struct buf *sql,
                        struct codec_value params[CODEC_MAX_PARAMS],
                        int *n_params, struct mf_error *err);

/* Which rows of such a statement a query keeps: all without a radius;
 * with one, those whose place lies within q->metres of its centre by the
 * great circle (mf_distance_km), after q->offset of them and up to
 * q->limit (for a list; a count, count 1, counts them all). */
struct codec_filter {
    const struct store_query *q;
    int lon, lat; /* their columns */
    long long skipped, kept;
    int paged; /* not for a count, which ignores paging */
    int full;  /* the caller's: set once -1 was returned */
};
void codec_filter_init(struct codec_filter *f, const struct codec_table *t,
                       const struct store_query *q, int count);
/* 1: the row is kept; 0: it is not; -1: the page is full (stop). */
int codec_filter_row(struct codec_filter *f, const struct codec_value *vals);

#endif
