/*
 * codec.c - the schema-driven row codec: columns from the field table,
 * values by type, and the INSERT and SELECT statements every SQL backend
 * shares.
 */
#include "codec.h"

#include "masseflyt/geo.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

/* ------------------------------------------------------------------ */
/* Columns                                                              */
/* ------------------------------------------------------------------ */

static enum codec_type column_type(const struct mf_field *f)
{
    switch (f->type) {
    case MF_FT_BOOL:
    case MF_FT_INT:
    case MF_FT_FLAG:
        return CODEC_INT;
    case MF_FT_NUMBER:
        return CODEC_REAL;
    case MF_FT_PLACE:
        return f->part == MF_PLACE_EPSG ? CODEC_INT : CODEC_REAL;
    default:
        return CODEC_TEXT; /* texts, dates, names and codes */
    }
}

void codec_table_init(struct codec_table *t, enum mf_entity e)
{
    int i, k;

    memset(t, 0, sizeof *t);
    t->s = mf_schema(e);
    for (i = 0; i < t->s->n_fields; i++) {
        const struct mf_field *f = &t->s->fields[i];

        t->column_of[i] = -1;
        if (!f->column)
            continue;
        for (k = 0; k < t->n_columns; k++)
            if (!strcmp(t->name[k], f->column))
                break;
        if (k == t->n_columns) {
            t->name[k] = f->column;
            t->type[k] = column_type(f);
            t->n_columns++;
        }
        t->column_of[i] = (signed char)k;
    }
}

/* ------------------------------------------------------------------ */
/* Values                                                               */
/* ------------------------------------------------------------------ */

static struct codec_value v_null(void)
{
    struct codec_value v = {.type = CODEC_NULL};

    return v;
}

static struct codec_value v_int(int64_t i)
{
    struct codec_value v = {.type = CODEC_INT, .i = i};

    return v;
}

static struct codec_value v_real(double r)
{
    struct codec_value v = {.type = CODEC_REAL, .r = r};

    return v;
}

/* A text; NULL and "" are NULL unless keep_empty. */
static struct codec_value v_text(const char *s, int keep_empty)
{
    struct codec_value v = {.type = CODEC_TEXT, .text = s};

    if (!s || (!*s && !keep_empty))
        return v_null();
    return v;
}

static int64_t as_int(const struct codec_value *v)
{
    return v->type == CODEC_REAL ? (int64_t)v->r : v->i;
}

static double as_real(const struct codec_value *v)
{
    return v->type == CODEC_INT ? (double)v->i : v->r;
}

static const char *code_of(const struct mf_catalog *cat, int use, int i)
{
    if (use) {
        const struct mf_use *u = mf_catalog_use(cat, i);
        return u ? u->code : NULL;
    } else {
        const struct mf_material *m = mf_catalog_material(cat, i);
        return m ? m->code : NULL;
    }
}

void codec_encode(const struct codec_table *t, const struct mf_catalog *cat,
                  const void *rec, struct codec_value *vals,
                  struct codec_scratch *sc)
{
    size_t used = 0;
    int i;

    for (i = 0; i < t->n_columns; i++)
        vals[i] = v_null();
    for (i = 0; i < t->s->n_fields; i++) {
        const struct mf_field *f = &t->s->fields[i];
        const void *p = mf_field_cptr(f, rec);
        struct codec_value *v;

        if (t->column_of[i] < 0)
            continue;
        v = &vals[t->column_of[i]];
        switch (f->type) {
        case MF_FT_TEXT:
        case MF_FT_REF:
            *v = v_text(*(const char *const *)p, 0);
            break;
        case MF_FT_BOOL:
        case MF_FT_INT:
            *v = v_int(*(const int *)p);
            break;
        case MF_FT_FLAG:
            if (v->type != CODEC_INT)
                *v = v_int(0);
            if (*(const unsigned *)p & f->bit)
                v->i |= f->bit;
            break;
        case MF_FT_NUMBER:
            if (mf_field_present(f, rec))
                *v = v_real(*(const double *)p);
            break;
        case MF_FT_DATE:
            if (*(const int32_t *)p != MF_DATE_NONE &&
                used + 16 <= sizeof sc->text) {
                *v = v_text(
                    mf_date_format(*(const int32_t *)p, sc->text + used, 16),
                    0);
                used += 16;
            }
            break;
        case MF_FT_ENUM:
            /* Stored as its name, even the empty one (acid_test ''). */
            *v = v_text(f->enm->name(*(const int *)p), 1);
            break;
        case MF_FT_MATERIAL:
        case MF_FT_USE:
            *v = v_text(code_of(cat, f->type == MF_FT_USE, *(const int *)p), 0);
            break;
        case MF_FT_MATERIALS: {
            /* Codes joined by ';'; no materials is '', never NULL. */
            const int *m = *(const int *const *)p;
            int k, n = *(const int *)((const char *)rec + f->count_offset);
            char *out = sc->text + used;
            size_t len = 0, room = sizeof sc->text - used;

            out[0] = '\0';
            for (k = 0; k < n; k++) {
                const char *code = code_of(cat, 0, m[k]);
                int w = snprintf(out + len, room - len, "%s%s", k ? ";" : "",
                                 code ? code : "");
                if (w < 0 || (size_t)w >= room - len)
                    break;
                len += (size_t)w;
            }
            used += len + 1;
            *v = v_text(out, 1);
            break;
        }
        case MF_FT_STATE:
            *v = v_text(mf_state_name(*(const enum mf_state *)p), 0);
            break;
        case MF_FT_PLACE: {
            const struct mf_location *l = mf_field_place(f, rec);
            if (!l->epsg)
                break;
            if (f->part == MF_PLACE_EPSG)
                *v = v_int(l->epsg);
            else
                *v = v_real(*(const double *)p);
            break;
        }
        }
    }
}

static int unknown_code(const struct codec_table *t, const union mf_record *rec,
                        const char *code, const char *where,
                        struct mf_error *err)
{
    return mf_error_at(err, MF_EINVAL, where,
                       "%s %s refers to '%s', which the catalogue (data/) "
                       "does not know",
                       t->s->name, rec->org.id ? rec->org.id : "", code);
}

/* Splits "a;b" into catalogue indices. */
static int decode_materials(const struct codec_table *t,
                            const struct mf_catalog *cat, const char *s,
                            const union mf_record *rec,
                            struct codec_scratch *sc, int *n, const char *where,
                            struct mf_error *err)
{
    char code[64];

    *n = 0;
    while (s && *s &&
           *n < (int)(sizeof sc->materials / sizeof sc->materials[0])) {
        size_t len = strcspn(s, ";");
        int idx;

        snprintf(code, sizeof code, "%.*s", (int)len, s);
        idx = mf_catalog_find_material(cat, code);
        if (idx < 0)
            return unknown_code(t, rec, code, where, err);
        sc->materials[(*n)++] = idx;
        s += len + (s[len] ? 1 : 0);
    }
    return MF_OK;
}

int codec_decode(const struct codec_table *t, const struct mf_catalog *cat,
                 const struct codec_value *vals, union mf_record *rec,
                 struct codec_scratch *sc, const char *where,
                 struct mf_error *err)
{
    struct mf_location *loc = NULL;
    int i, rc, lon_null = 1, epsg_null = 1;

    memset(rec, 0, sizeof *rec);
    for (i = 0; i < t->s->n_fields; i++) {
        const struct mf_field *f = &t->s->fields[i];
        void *p = mf_field_ptr(f, rec);
        const struct codec_value *v;
        int null;

        if (t->column_of[i] < 0)
            continue;
        v = &vals[t->column_of[i]];
        null = v->type == CODEC_NULL || (v->type == CODEC_TEXT && !v->text);
        switch (f->type) {
        case MF_FT_TEXT:
        case MF_FT_REF:
            *(const char **)p = null ? NULL : v->text;
            break;
        case MF_FT_BOOL:
        case MF_FT_INT:
            *(int *)p = null ? (int)f->def : (int)as_int(v);
            break;
        case MF_FT_FLAG:
            if (!null)
                *(unsigned *)p |= (unsigned)as_int(v) & f->bit;
            break;
        case MF_FT_NUMBER:
            *(double *)p = null ? f->def : as_real(v);
            break;
        case MF_FT_DATE: {
            int32_t d;
            if (null || mf_date_parse(v->text, &d, NULL))
                d = MF_DATE_NONE;
            *(int32_t *)p = d;
            break;
        }
        case MF_FT_ENUM: {
            int k = null ? (int)f->def : f->enm->parse(v->text);
            if (k < 0)
                return mf_error_at(err, MF_ESTORE, where,
                                   "%s %s has %s '%s', which this program "
                                   "does not know",
                                   t->s->name, rec->org.id ? rec->org.id : "",
                                   f->name, v->text);
            *(int *)p = k;
            break;
        }
        case MF_FT_MATERIAL:
        case MF_FT_USE: {
            int k = -1;
            if (!null) {
                k = f->type == MF_FT_USE
                        ? mf_catalog_find_use(cat, v->text)
                        : mf_catalog_find_material(cat, v->text);
                if (k < 0)
                    return unknown_code(t, rec, v->text, where, err);
            }
            *(int *)p = k;
            break;
        }
        case MF_FT_MATERIALS: {
            int n;
            rc = decode_materials(t, cat, null ? NULL : v->text, rec, sc, &n,
                                  where, err);
            if (rc)
                return rc;
            *(int **)p = sc->materials;
            *(int *)((char *)rec + f->count_offset) = n;
            break;
        }
        case MF_FT_STATE:
            *(enum mf_state *)p =
                null ? MF_STATE_NONE : mf_state_parse(v->text);
            break;
        case MF_FT_PLACE:
            loc = (struct mf_location *)mf_field_place(f, rec);
            if (f->part == MF_PLACE_EPSG) {
                epsg_null = null;
                *(int *)p = null ? 0 : (int)as_int(v);
            } else {
                if (f->part == MF_PLACE_LON)
                    lon_null = null;
                *(double *)p = null ? 0 : as_real(v);
            }
            break;
        }
    }
    /* A place is its WGS84 point; one stored without its system as given
     * is that point in EPSG:4326. */
    if (loc && lon_null) {
        memset(loc, 0, sizeof *loc);
    } else if (loc && epsg_null) {
        loc->x = loc->lon;
        loc->y = loc->lat;
        loc->epsg = 4326;
    }
    return MF_OK;
}

/* ------------------------------------------------------------------ */
/* Statements                                                           */
/* ------------------------------------------------------------------ */

int codec_insert_sql(const struct codec_table *t, char mark, struct buf *sql)
{
    int i, rc = 0;

    rc |= buf_printf(sql, "INSERT INTO %s (", t->s->table);
    for (i = 0; i < t->n_columns; i++)
        rc |= buf_printf(sql, "%s%s", i ? ", " : "", t->name[i]);
    rc |= buf_puts(sql, ") VALUES (");
    for (i = 0; i < t->n_columns; i++)
        rc |= buf_printf(sql, "%s%c%d", i ? ", " : "", mark, i + 1);
    /* Column 0 is the id (schema.h). */
    rc |= buf_printf(sql, ") ON CONFLICT (%s) DO UPDATE SET ", t->name[0]);
    for (i = 1; i < t->n_columns; i++)
        rc |= buf_printf(sql, "%s%s = excluded.%s", i > 1 ? ", " : "",
                         t->name[i], t->name[i]);
    return rc ? MF_ENOMEM : MF_OK;
}

int codec_insert_rows_sql(const struct codec_table *t, char mark, int rows,
                          struct buf *sql)
{
    int i, r, rc = 0;

    rc |= buf_printf(sql, "INSERT INTO %s (", t->s->table);
    for (i = 0; i < t->n_columns; i++)
        rc |= buf_printf(sql, "%s%s", i ? ", " : "", t->name[i]);
    rc |= buf_puts(sql, ") VALUES ");
    for (r = 0; r < rows; r++) {
        rc |= buf_puts(sql, r ? ", (" : "(");
        for (i = 0; i < t->n_columns; i++)
            rc |= buf_printf(sql, "%s%c%d", i ? ", " : "", mark,
                             r * t->n_columns + i + 1);
        rc |= buf_putc(sql, ')');
    }
    rc |= buf_printf(sql, " ON CONFLICT (%s) DO UPDATE SET ", t->name[0]);
    for (i = 1; i < t->n_columns; i++)
        rc |= buf_printf(sql, "%s%s = excluded.%s", i > 1 ? ", " : "",
                         t->name[i], t->name[i]);
    return rc ? MF_ENOMEM : MF_OK;
}

/* What "belongs to an organisation" and "lies in a municipality" mean per
 * kind (store.h), over the row `t`; '@' stands for the placeholder. The
 * lot rules come in two parts: a candidate test that the indexes on
 * lot(project) and lot(site) answer, then the exact rule. */
struct filter {
    const char *org;
    const char *municipality;
    int place; /* the kind has lon and lat */
};

static const struct filter filters[MF_ENT_COUNT] = {
    [MF_ENT_ORG] = {.org = "t.id = @"},
    [MF_ENT_PROJECT] = {.org = "t.org = @",
                        .municipality = "t.municipality = @"},
    [MF_ENT_SITE] =
        {.org = "COALESCE(t.org, (SELECT p.org FROM project AS p WHERE "
                "p.id = t.project)) = @",
         .municipality = "COALESCE(t.municipality, (SELECT p.municipality "
                         "FROM project AS p WHERE p.id = t.project)) = @",
         .place = 1},
    [MF_ENT_LOT] =
        {.org = "(t.project IN (SELECT id FROM project WHERE org = @) OR "
                "t.site IN (SELECT s.id FROM site AS s LEFT JOIN project AS "
                "p ON p.id = s.project WHERE COALESCE(s.org, p.org) = @)) "
                "AND COALESCE((SELECT p.org FROM project AS p WHERE p.id = "
                "t.project), (SELECT COALESCE(s.org, p.org) FROM site AS s "
                "LEFT JOIN project AS p ON p.id = s.project WHERE s.id = "
                "t.site)) = @",
         .municipality =
             "(t.site IN (SELECT s.id FROM site AS s LEFT JOIN project AS p "
             "ON p.id = s.project WHERE s.municipality = @ OR "
             "p.municipality = @) OR t.project IN (SELECT id FROM project "
             "WHERE municipality = @)) AND COALESCE((SELECT s.municipality "
             "FROM site AS s WHERE s.id = t.site), (SELECT p.municipality "
             "FROM project AS p WHERE p.id = t.project), (SELECT "
             "p.municipality FROM site AS s JOIN project AS p ON p.id = "
             "s.project WHERE s.id = t.site)) = @",
         .place = 1},
};

struct query_build {
    struct buf *sql;
    char mark;
    struct codec_value *params;
    int n_params;
    int n_conds;
    int rc;
};

/* Adds one condition, with v bound to every '@' in it. */
static void cond(struct query_build *b, const char *text, struct codec_value v)
{
    const char *p;

    b->params[b->n_params++] = v;
    b->rc |= buf_puts(b->sql, b->n_conds++ ? " AND " : " WHERE ");
    for (p = text; *p; p++) {
        if (*p == '@')
            b->rc |= buf_printf(b->sql, "%c%d", b->mark, b->n_params);
        else
            b->rc |= buf_putc(b->sql, *p);
    }
}

/* The Earth's mean radius in metres (mf_distance_km's) and the length of
 * one degree of a great circle on it. */
#define EARTH_M 6371008.8
#define DEG_M (EARTH_M * M_PI / 180.0)

/* A box around the circle of q (lon and lat in degrees) that holds every
 * point of it, with a little slack for rounding: the latitudes within the
 * radius, and the longitudes the circle spans at its widest (the whole
 * range when it holds a pole or crosses the antimeridian). */
static void radius_box(const struct store_query *q, double *w, double *s,
                       double *e, double *n)
{
    double dlat = q->metres / DEG_M * (1 + 1e-9) + 1e-9;
    double ang = q->metres / EARTH_M, c = cos(q->lat * M_PI / 180.0);

    *s = q->lat - dlat;
    *n = q->lat + dlat;
    *w = -180;
    *e = 180;
    if (*s > -90 && *n < 90 && ang < M_PI / 2 && sin(ang) < c) {
        double dlon = asin(sin(ang) / c) * 180.0 / M_PI * (1 + 1e-9) + 1e-9;
        if (q->lon - dlon >= -180 && q->lon + dlon <= 180) {
            *w = q->lon - dlon;
            *e = q->lon + dlon;
        }
    }
}

/* A site's or lot's place as PostGIS geometry, as the GiST indexes of
 * migration 024 index it (the same text, so that the planner matches the
 * index expression). */
#define CODEC_PG_POINT "ST_SetSRID(ST_MakePoint(t.lon, t.lat), 4326)"

/* "point && box": the rows whose point lies in the box (west, south, east,
 * north in degrees), through the GiST index of the places (migration 024
 * indexes this very expression of lon and lat, so the planner matches it;
 * NULL, in no box, for a lot without lon or lat). Only narrows: the
 * lon/lat conditions and codec_filter_row() decide. */
static void in_box(struct query_build *b, double w, double s, double e,
                   double n)
{
    int k = b->n_params;

    b->params[b->n_params++] = v_real(w);
    b->params[b->n_params++] = v_real(s);
    b->params[b->n_params++] = v_real(e);
    b->params[b->n_params++] = v_real(n);
    b->rc |= buf_puts(b->sql, b->n_conds++ ? " AND " : " WHERE ");
    b->rc |= buf_printf(b->sql,
                        CODEC_PG_POINT " && ST_MakeEnvelope(%c%d, %c%d, "
                                       "%c%d, %c%d, 4326)",
                        b->mark, k + 1, b->mark, k + 2, b->mark, k + 3, b->mark,
                        k + 4);
}

int codec_query_sql(const struct codec_table *t, const struct store_query *q,
                    int count, char mark, struct buf *sql,
                    struct codec_value params[CODEC_MAX_PARAMS], int *n_params,
                    struct mf_error *err)
{
    return codec_query_sql_geo(t, q, count, 0, mark, sql, params, n_params,
                               err);
}

int codec_query_sql_geo(const struct codec_table *t,
                        const struct store_query *q, int count, int postgis,
                        char mark, struct buf *sql,
                        struct codec_value params[CODEC_MAX_PARAMS],
                        int *n_params, struct mf_error *err)
{
    const struct filter *f = &filters[t->s->kind];
    struct query_build b = {.sql = sql, .mark = mark, .params = params};
    int i;

    *n_params = 0;
    if (q->municipality && !f->municipality)
        return mf_error_set(err, MF_EINVAL,
                            "%s lie in no municipality; filter their "
                            "projects, sites or lots",
                            t->s->plural);
    if (q->bbox && !f->place)
        return mf_error_set(err, MF_EINVAL,
                            "%s have no place; a bounding box selects sites "
                            "and lots",
                            t->s->plural);
    if (q->bbox &&
        !(q->west <= q->east && q->south <= q->north && q->west >= -180 &&
          q->east <= 180 && q->south >= -90 && q->north <= 90))
        return mf_error_set(err, MF_EINVAL,
                            "a bounding box needs west <= east and south <= "
                            "north, in WGS84 degrees");
    if (q->radius && !f->place)
        return mf_error_set(err, MF_EINVAL,
                            "%s have no place; a radius selects sites and "
                            "lots",
                            t->s->plural);
    if (q->radius &&
        !(q->lon >= -180 && q->lon <= 180 && q->lat >= -90 && q->lat <= 90 &&
          q->metres > 0 && q->metres <= 20015087.0))
        return mf_error_set(err, MF_EINVAL,
                            "a radius needs its centre in WGS84 degrees and "
                            "more than 0 metres, at most half the Earth's "
                            "circumference (20015087)");
    if (q->limit < 0 || q->offset < 0)
        return mf_error_set(err, MF_EINVAL,
                            "limit and offset cannot be negative");
    /* With a radius, every row of the box around the circle is read (all
     * columns, paging left to the caller): codec_filter_row() keeps those
     * within it, by the same distance on both backends. */
    if (count && !q->radius) {
        b.rc |= buf_printf(sql, "SELECT count(*) FROM %s AS t", t->s->table);
    } else {
        b.rc |= buf_puts(sql, "SELECT ");
        for (i = 0; i < t->n_columns; i++)
            b.rc |= buf_printf(sql, "%st.%s", i ? ", " : "", t->name[i]);
        b.rc |= buf_printf(sql, " FROM %s AS t", t->s->table);
    }
    if (q->id)
        cond(&b, "t.id = @", v_text(q->id, 1));
    if (q->org)
        cond(&b, f->org, v_text(q->org, 1));
    if (q->municipality)
        cond(&b, f->municipality, v_text(q->municipality, 1));
    if (q->bbox) {
        /* PostGIS narrows to the box through the GiST index. */
        if (postgis)
            in_box(&b, q->west, q->south, q->east, q->north);
        cond(&b, "t.lon >= @", v_real(q->west));
        cond(&b, "t.lon <= @", v_real(q->east));
        cond(&b, "t.lat >= @", v_real(q->south));
        cond(&b, "t.lat <= @", v_real(q->north));
    }
    if (q->radius) {
        double w, s, e, n;

        radius_box(q, &w, &s, &e, &n);
        if (postgis)
            in_box(&b, w, s, e, n);
        cond(&b, "t.lon >= @", v_real(w));
        cond(&b, "t.lon <= @", v_real(e));
        cond(&b, "t.lat >= @", v_real(s));
        cond(&b, "t.lat <= @", v_real(n));
    }
    if (!count) {
        if (q->after)
            cond(&b, "t.id > @", v_text(q->after, 1));
        b.rc |= buf_puts(sql, " ORDER BY t.id");
        if (!q->radius && (q->limit > 0 || q->offset > 0)) {
            params[b.n_params++] = v_int(q->limit > 0 ? q->limit : INT64_MAX);
            params[b.n_params++] = v_int(q->offset);
            b.rc |= buf_printf(sql, " LIMIT %c%d OFFSET %c%d", mark,
                               b.n_params - 1, mark, b.n_params);
        }
    }
    *n_params = b.n_params;
    if (b.rc)
        return mf_error_set(err, MF_ENOMEM, "out of memory");
    return MF_OK;
}

void codec_filter_init(struct codec_filter *f, const struct codec_table *t,
                       const struct store_query *q, int count)
{
    int i;

    memset(f, 0, sizeof *f);
    f->q = q;
    f->paged = !count;
    f->lon = f->lat = -1;
    for (i = 0; i < t->n_columns; i++) {
        if (!strcmp(t->name[i], "lon"))
            f->lon = i;
        else if (!strcmp(t->name[i], "lat"))
            f->lat = i;
    }
}

int codec_filter_row(struct codec_filter *f, const struct codec_value *vals)
{
    const struct store_query *q = f->q;

    if (!q->radius)
        return 1;
    if (f->paged && q->limit > 0 && f->kept >= q->limit)
        return -1;
    if (f->lon < 0 || f->lat < 0 || vals[f->lon].type != CODEC_REAL ||
        vals[f->lat].type != CODEC_REAL ||
        mf_distance_km(q->lon, q->lat, vals[f->lon].r, vals[f->lat].r) * 1000 >
            q->metres)
        return 0;
    if (f->paged && f->skipped < q->offset) {
        f->skipped++;
        return 0;
    }
    f->kept++;
    return 1;
}
