/*
 * register.c - public registers of sites (NGU's grus- og pukkdatabase,
 * the county governors' permit lists) as a sites CSV document for the
 * importer, through the mapping table data/registers.csv (register.h).
 */
#include "masseflyt/register.h"

#include "format/records.h"
#include "util/arena.h"
#include "util/buf.h"
#include "util/strmap.h"

#include <jansson.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The fields a register's columns can give. */
enum rfield {
    F_ID = 0,
    F_NAME,
    F_MUNICIPALITY,
    F_X,
    F_Y,
    F_EPSG,
    F_UTM_ZONE,
    F_MATERIAL,
    F_STATUS,
    F_TYPE,
    F_CAPACITY,
    F_INTAKE,
    F_ORGNR,
    F_COUNT
};

static const char *const field_names[F_COUNT] = {
    "id",         "name",     "municipality", "x",      "y",
    "epsg",       "utm_zone", "material",     "status", "type",
    "capacity_t", "intake_t", "orgnr"};

/* The tables of value words: what a register's word means. */
enum vtable { V_MATERIAL = 0, V_STATUS, V_TYPE, V_COUNT };

static const char *const vtable_names[V_COUNT] = {"material", "status", "type"};

struct vrow {
    enum vtable table;
    const char *key;   /* the register's word, as written */
    const char *value; /* material codes, use/skip, or a site kind */
};

struct mf_register_map {
    struct arena arena;
    const char *name;
    const char *columns[F_COUNT]; /* ';'-separated candidates; NULL */
    struct vrow *vals;
    size_t n_vals;
    /* meta rows */
    const char *title, *url, *prefix, *product;
    int kind; /* the sites' kind when no type column says */
    /* NOK per t by site kind (meta fee_quarry, fee_receiving, ...); the
     * registers publish none; < 0: not given. */
    double fee[MF_SITE_KIND_COUNT];
};

void mf_register_map_free(struct mf_register_map *map)
{
    if (!map)
        return;
    arena_free(&map->arena);
    free(map->vals);
    free(map);
}

/* ASCII case folding only: Norwegian letters must match as written. */
static int same_word(const char *a, const char *b)
{
    for (; *a && *b; a++, b++) {
        int x = (unsigned char)*a, y = (unsigned char)*b;
        if (x >= 'A' && x <= 'Z')
            x += 'a' - 'A';
        if (y >= 'A' && y <= 'Z')
            y += 'a' - 'A';
        if (x != y)
            return 0;
    }
    return *a == *b;
}

static const struct vrow *lookup(const struct mf_register_map *map,
                                 enum vtable t, const char *key)
{
    size_t i;

    for (i = 0; i < map->n_vals; i++)
        if (map->vals[i].table == t && same_word(map->vals[i].key, key))
            return &map->vals[i];
    return NULL;
}

/* Checks a material row's value: codes the catalogue knows, separated by
 * ';', or "-" (the word names nothing masseflyt plans with). */
static int check_codes(const struct mf_catalog *cat, const char *v,
                       const char *where, struct mf_error *err)
{
    char code[64];
    const char *p = v;

    if (!strcmp(v, "-"))
        return MF_OK;
    while (*p) {
        size_t n = strcspn(p, ";");
        if (n == 0 || n >= sizeof code)
            return mf_error_at(err, MF_EINVAL, where,
                               "'%s' is not a list of material codes "
                               "separated by ';' (or '-')",
                               v);
        memcpy(code, p, n);
        code[n] = '\0';
        if (cat && mf_catalog_find_material(cat, code) < 0)
            return mf_error_at(err, MF_EINVAL, where,
                               "'%s' is not a material code of "
                               "data/materials.csv",
                               code);
        p += n;
        if (*p == ';')
            p++;
    }
    return MF_OK;
}

int mf_register_map_load(struct mf_register_map **out, const char *path,
                         const char *name, const struct mf_catalog *cat,
                         struct mf_error *err)
{
    static const char *const cols[] = {"register", "table", "key", "value",
                                       "source"};
    struct rec_opts ro = REC_OPTS_INIT;
    struct rec_reader *r = NULL;
    struct mf_register_map *map;
    int ci[5], rc, i, kind_set = 0;
    size_t cap = 0;
    char where[200];

    *out = NULL;
    map = calloc(1, sizeof *map);
    if (!map)
        return mf_error_set(err, MF_ENOMEM, "out of memory");
    arena_init(&map->arena, 0);
    map->kind = -1;
    for (i = 0; i < MF_SITE_KIND_COUNT; i++)
        map->fee[i] = -1;
    map->name = arena_strdup(&map->arena, name);
    ro.encoding = REC_ENC_UTF8;
    rc = rec_open_file(&r, path, &ro, err);
    if (rc)
        goto fail;
    for (i = 0; i < 5; i++) {
        ci[i] = rec_column(r, cols[i]);
        if (ci[i] < 0) {
            rc = mf_error_at(err, MF_EINVAL, path,
                             "the header lacks the column '%s'", cols[i]);
            goto fail;
        }
    }
    while ((rc = rec_next(r, err)) == 1) {
        const char *reg = rec_value(r, ci[0]), *table = rec_value(r, ci[1]),
                   *key = rec_value(r, ci[2]), *value = rec_value(r, ci[3]),
                   *source = rec_value(r, ci[4]);
        int t, f;

        if (!reg || strcmp(reg, name) != 0)
            continue;
        snprintf(where, sizeof where, "%s", rec_where(r));
        if (!key || !*key || !value || !*value) {
            rc = mf_error_at(err, MF_EINVAL, where,
                             "key and value are required");
            goto fail;
        }
        if (!source || !*source) {
            rc = mf_error_at(err, MF_EINVAL, where,
                             "source: every row cites its published source "
                             "or says what was assumed");
            goto fail;
        }
        key = arena_strdup(&map->arena, key);
        value = arena_strdup(&map->arena, value);
        if (!key || !value) {
            rc = mf_error_set(err, MF_ENOMEM, "out of memory");
            goto fail;
        }
        if (!strcmp(table, "column")) {
            for (f = 0; f < F_COUNT && strcmp(field_names[f], key); f++)
                ;
            if (f == F_COUNT) {
                rc = mf_error_at(err, MF_EINVAL, where,
                                 "key: '%s' is not a field a register column "
                                 "can give (id, name, municipality, x, y, "
                                 "epsg, utm_zone, material, status, type, "
                                 "capacity_t, intake_t, orgnr)",
                                 key);
                goto fail;
            }
            map->columns[f] = value;
            continue;
        }
        if (!strcmp(table, "meta")) {
            if (!strcmp(key, "title"))
                map->title = value;
            else if (!strcmp(key, "url"))
                map->url = value;
            else if (!strcmp(key, "prefix"))
                map->prefix = value;
            else if (!strcmp(key, "product")) {
                rc = check_codes(cat, value, where, err);
                if (rc)
                    goto fail;
                map->product = value;
            } else if (!strcmp(key, "kind")) {
                map->kind = mf_site_kind_parse(value);
                if (map->kind < 0 || map->kind == MF_SITE_PROJECT) {
                    rc = mf_error_at(err, MF_EINVAL, where,
                                     "value: '%s' is not a site kind a "
                                     "register gives (quarry, processing, "
                                     "receiving, storage)",
                                     value);
                    goto fail;
                }
                kind_set = 1;
            } else if (!strncmp(key, "fee_", 4) &&
                       (f = mf_site_kind_parse(key + 4)) > MF_SITE_PROJECT) {
                struct mf_error e = {0};
                if (rec_parse_number(value, &map->fee[f], &e)) {
                    rc = mf_error_at(err, MF_EINVAL, where,
                                     "value: '%s' is not a number of NOK "
                                     "per t",
                                     value);
                    goto fail;
                }
            } else {
                rc = mf_error_at(err, MF_EINVAL, where,
                                 "key: '%s' is not a meta key (title, url, "
                                 "prefix, kind, product, fee_quarry, "
                                 "fee_receiving, fee_processing, "
                                 "fee_storage)",
                                 key);
                goto fail;
            }
            continue;
        }
        for (t = 0; t < V_COUNT && strcmp(vtable_names[t], table); t++)
            ;
        if (t == V_COUNT) {
            rc = mf_error_at(err, MF_EINVAL, where,
                             "table: '%s' is not one of column, meta, "
                             "material, status, type",
                             table);
            goto fail;
        }
        rc = MF_OK;
        if (t == V_MATERIAL)
            rc = check_codes(cat, value, where, err);
        else if (t == V_STATUS && strcmp(value, "use") && strcmp(value, "skip"))
            rc = mf_error_at(err, MF_EINVAL, where,
                             "value: a status means 'use' or 'skip', not "
                             "'%s'",
                             value);
        else if (t == V_TYPE && (mf_site_kind_parse(value) < 0 ||
                                 mf_site_kind_parse(value) == MF_SITE_PROJECT))
            rc = mf_error_at(err, MF_EINVAL, where,
                             "value: '%s' is not a site kind a register "
                             "gives (quarry, processing, receiving, storage)",
                             value);
        if (rc)
            goto fail;
        if (map->n_vals == cap) {
            size_t ncap = cap ? cap * 2 : 32;
            struct vrow *nv = realloc(map->vals, ncap * sizeof *nv);
            if (!nv) {
                rc = mf_error_set(err, MF_ENOMEM, "out of memory");
                goto fail;
            }
            map->vals = nv;
            cap = ncap;
        }
        map->vals[map->n_vals].table = (enum vtable)t;
        map->vals[map->n_vals].key = key;
        map->vals[map->n_vals].value = value;
        map->n_vals++;
    }
    if (rc < 0)
        goto fail;
    if (!map->columns[F_ID] && !map->title && !kind_set) {
        rc = mf_error_at(err, MF_ENOTFOUND, path,
                         "no rows for the register '%s'", name);
        goto fail;
    }
    if (!map->title || !kind_set || !map->columns[F_ID] ||
        !map->columns[F_NAME] || !map->columns[F_MATERIAL]) {
        rc = mf_error_at(err, MF_EINVAL, path,
                         "register '%s': the table needs meta rows title and "
                         "kind, and column rows id, name and material",
                         name);
        goto fail;
    }
    if (!map->prefix)
        map->prefix = map->name;
    rec_close(r);
    *out = map;
    return MF_OK;
fail:
    rec_close(r);
    mf_register_map_free(map);
    return rc;
}

/* ------------------------------------------------------------------ */
/* Polygons as points                                                   */
/* ------------------------------------------------------------------ */

/* Adds a ring's shoelace area and moments; 0 when it is not a ring of
 * number pairs. */
static int ring_moments(const json_t *ring, double *a, double *mx, double *my)
{
    size_t i, n;

    if (!json_is_array(ring) || (n = json_array_size(ring)) < 3)
        return 0;
    for (i = 0; i < n; i++) {
        const json_t *p = json_array_get(ring, i),
                     *q = json_array_get(ring, (i + 1) % n);
        double x0, y0, x1, y1, c;
        if (!json_is_array(p) || !json_is_array(q) || json_array_size(p) < 2 ||
            json_array_size(q) < 2 || !json_is_number(json_array_get(p, 0)) ||
            !json_is_number(json_array_get(p, 1)) ||
            !json_is_number(json_array_get(q, 0)) ||
            !json_is_number(json_array_get(q, 1)))
            return 0;
        x0 = json_number_value(json_array_get(p, 0));
        y0 = json_number_value(json_array_get(p, 1));
        x1 = json_number_value(json_array_get(q, 0));
        y1 = json_number_value(json_array_get(q, 1));
        c = x0 * y1 - x1 * y0;
        *a += c;
        *mx += (x0 + x1) * c;
        *my += (y0 + y1) * c;
    }
    return 1;
}

/* The centroid of a Polygon's or MultiPolygon's outer rings (holes are
 * ignored: a pit's centroid is a place to drive to, not a survey). 0 when
 * the coordinates are not such, or enclose no area. */
static int centroid(const char *type, const json_t *coords, double *x,
                    double *y)
{
    double a = 0, mx = 0, my = 0;
    size_t i;

    if (!json_is_array(coords))
        return 0;
    if (!strcmp(type, "Polygon")) {
        if (!ring_moments(json_array_get(coords, 0), &a, &mx, &my))
            return 0;
    } else {
        for (i = 0; i < json_array_size(coords); i++) {
            const json_t *poly = json_array_get(coords, i);
            if (!json_is_array(poly) ||
                !ring_moments(json_array_get(poly, 0), &a, &mx, &my))
                return 0;
        }
    }
    if (!(a > 1e-12 || a < -1e-12))
        return 0;
    *x = mx / (3 * a);
    *y = my / (3 * a);
    return 1;
}

/* The GeoJSON document with each Polygon or MultiPolygon geometry
 * replaced by its centroid as a Point; anything else is left for the
 * reader to judge. *out is malloc'd; NULL when the document is not JSON
 * (the reader then says why). */
static int polygons_to_points(const char *data, size_t len, char **out,
                              struct mf_error *err)
{
    json_t *root, *features;
    json_error_t je;
    size_t i;

    *out = NULL;
    root = json_loadb(data, len, JSON_DECODE_INT_AS_REAL, &je);
    if (!root)
        return MF_OK;
    features = json_object_get(root, "features");
    for (i = 0; json_is_array(features) && i < json_array_size(features); i++) {
        json_t *f = json_array_get(features, i);
        json_t *g = json_is_object(f) ? json_object_get(f, "geometry") : NULL;
        const char *type = json_is_object(g)
                               ? json_string_value(json_object_get(g, "type"))
                               : NULL;
        double x, y;
        json_t *pt;

        if (!type || (strcmp(type, "Polygon") && strcmp(type, "MultiPolygon")))
            continue;
        if (!centroid(type, json_object_get(g, "coordinates"), &x, &y))
            continue; /* the reader refuses it, naming the feature */
        pt = json_pack("{s:s,s:[f,f]}", "type", "Point", "coordinates", x, y);
        if (!pt || json_object_set_new(f, "geometry", pt)) {
            json_decref(root);
            return mf_error_set(err, MF_ENOMEM, "out of memory");
        }
    }
    *out = json_dumps(root, JSON_COMPACT | JSON_REAL_PRECISION(15));
    json_decref(root);
    if (!*out)
        return mf_error_set(err, MF_ENOMEM, "out of memory");
    return MF_OK;
}

/* ------------------------------------------------------------------ */
/* Conversion                                                           */
/* ------------------------------------------------------------------ */

void mf_register_result_free(struct mf_register_result *res)
{
    size_t i;

    if (!res)
        return;
    for (i = 0; res->places && i < res->sites; i++)
        free(res->places[i]);
    free(res->places);
    for (i = 0; res->skipped_ids && i < res->skipped; i++)
        free(res->skipped_ids[i]);
    free(res->skipped_ids);
    free(res->csv);
    memset(res, 0, sizeof *res);
}

const char *mf_register_place(const struct mf_register_result *res, size_t line)
{
    if (!res || line < 2 || line - 2 >= res->sites || !res->places)
        return NULL;
    return res->places[line - 2];
}

/* One CSV cell, quoted. */
static int cell(struct buf *b, const char *s, int last)
{
    int rc = buf_putc(b, '"');

    for (; !rc && s && *s; s++)
        rc = *s == '"' ? buf_puts(b, "\"\"") : buf_putc(b, *s);
    if (!rc)
        rc = buf_putc(b, '"');
    if (!rc)
        rc = buf_putc(b, last ? '\n' : ',');
    return rc;
}

struct conv {
    const struct mf_register_map *map;
    const struct mf_register_opts *opts;
    const char *label;
    struct rec_reader *r;
    int col[F_COUNT]; /* reader column of each field, or -1 */
    struct mf_issues *is;
    struct buf csv;
    char **places;
    size_t n_places, cap_places;
    char **skipped;
    size_t n_skipped, cap_skipped;
    struct strmap ids; /* register ids seen -> record number */
    struct arena arena;
};

static int issue(struct conv *c, const char *where, enum rfield f,
                 const char *id, const char *fmt, const char *a, const char *b)
{
    char place[200];

    snprintf(place, sizeof place, "%s: %s", where, field_names[f]);
    return mf_issues_add(c->is, MF_SEV_ERROR, "register", MF_ENT_SITE,
                         id ? id : "", place, fmt, a ? a : "", b ? b : "");
}

/* The reader's column for each field: the first of the field's candidate
 * names the file has. */
static void find_columns(struct conv *c)
{
    int f;

    for (f = 0; f < F_COUNT; f++) {
        const char *p = c->map->columns[f];
        char name[128];

        c->col[f] = -1;
        while (p && *p && c->col[f] < 0) {
            size_t n = strcspn(p, ";"), i;
            if (n < sizeof name) {
                for (i = 0; i < n; i++) {
                    char ch = p[i];
                    name[i] = ch >= 'A' && ch <= 'Z' ? (char)(ch + 32) : ch;
                }
                name[n] = '\0';
                c->col[f] = rec_column(c->r, name);
            }
            p += n;
            if (*p == ';')
                p++;
        }
    }
}

static const char *val(const struct conv *c, enum rfield f)
{
    const char *v = c->col[f] >= 0 ? rec_value(c->r, c->col[f]) : NULL;
    return v && *v ? v : NULL;
}

/* Whole number of a cell like "32", "32V", "UTM 33" (a zone) or "25833". */
static long leading_number(const char *s)
{
    long n = 0;
    int any = 0;

    while (*s && (*s < '0' || *s > '9'))
        s++;
    for (; *s >= '0' && *s <= '9' && n < 100000000; s++, any = 1)
        n = n * 10 + (*s - '0');
    return any ? n : -1;
}

/* 1 when the ';'-separated list holds code. */
static int has_code(const char *list, const char *code)
{
    size_t m = strlen(code);

    while (*list) {
        size_t l = strcspn(list, ";");
        if (l == m && !strncmp(list, code, m))
            return 1;
        list += l;
        if (*list == ';')
            list++;
    }
    return 0;
}

/* The materials of a record: each item of the cell (separated by ',' or
 * ';') through the material table, codes listed once, in order. */
static int materials(struct conv *c, const char *cellv, const char *where,
                     const char *id, struct buf *out)
{
    const char *p = cellv;
    char item[200];
    int bad = 0, rc;

    while (*p) {
        size_t n = strcspn(p, ",;"), s = 0, e = n;
        const struct vrow *v;
        while (s < e && (p[s] == ' ' || p[s] == '\t'))
            s++;
        while (e > s && (p[e - 1] == ' ' || p[e - 1] == '\t'))
            e--;
        if (e > s && e - s < sizeof item) {
            memcpy(item, p + s, e - s);
            item[e - s] = '\0';
            v = lookup(c->map, V_MATERIAL, item);
            if (!v) {
                rc = issue(c, where, F_MATERIAL, id,
                           "'%s' is not a material word of register "
                           "'%s' in the mapping table (data/registers.csv): "
                           "add a row to map it",
                           item, c->map->name);
                if (rc)
                    return rc;
                bad = 1;
            } else if (strcmp(v->value, "-")) {
                const char *q = v->value;
                while (*q) {
                    size_t m = strcspn(q, ";");
                    char code[64];
                    if (m < sizeof code) {
                        memcpy(code, q, m);
                        code[m] = '\0';
                        if (!has_code(buf_str(out), code) &&
                            (rc = buf_printf(out, "%s%s", out->len ? ";" : "",
                                             code)))
                            return rc;
                    }
                    q += m;
                    if (*q == ';')
                        q++;
                }
            }
        } else if (e > s) {
            rc = issue(c, where, F_MATERIAL, id, "an item is longer than %s%s",
                       "199 bytes", NULL);
            if (rc)
                return rc;
            bad = 1;
        }
        p += n;
        if (*p)
            p++;
    }
    return bad ? 1 : 0;
}

/* A number >= 0 from a cell; 1 (an issue added) when it is not one. */
static int quantity(struct conv *c, enum rfield f, const char *where,
                    const char *id, double *out)
{
    const char *v = val(c, f);
    struct mf_error e = {0};
    int rc;

    *out = -1;
    if (!v)
        return 0;
    if (rec_parse_number(v, out, &e) || !(*out >= 0) || *out > 1e12) {
        rc = issue(c, where, f, id, "'%s' is not a number of tonnes %s", v,
                   "(0 or more; a space may group thousands, a comma or "
                   "point marks decimals)");
        return rc ? rc : 1;
    }
    return 0;
}

/* Appends a copy of text to a growing list. */
static int push(char ***list, size_t *n, size_t *cap, const char *text)
{
    size_t len = strlen(text) + 1;

    if (*n == *cap) {
        size_t ncap = *cap ? *cap * 2 : 64;
        char **nl = realloc(*list, ncap * sizeof *nl);
        if (!nl)
            return MF_ENOMEM;
        *list = nl;
        *cap = ncap;
    }
    (*list)[*n] = malloc(len);
    if (!(*list)[*n])
        return MF_ENOMEM;
    memcpy((*list)[(*n)++], text, len);
    return MF_OK;
}

static int add_place(struct conv *c, const char *where)
{
    return push(&c->places, &c->n_places, &c->cap_places, where);
}

/* One record: an issue per problem (returns 1), or a row (0), or skipped
 * for its status (2). */
static int record(struct conv *c, size_t nrec)
{
    const struct mf_register_map *m = c->map;
    const char *where = rec_where(c->r), *id = val(c, F_ID),
               *name = val(c, F_NAME), *v;
    char site_id[160], num[64], date[16], where_copy[160];
    struct buf mats = BUF_INIT, src = BUF_INIT, note = BUF_INIT;
    double x = 0, y = 0, cap_t, intake_t;
    long epsg = c->opts->epsg;
    int kind = m->kind, bad = 0, rc = 0;
    struct mf_error e = {0};

    snprintf(where_copy, sizeof where_copy, "%s", where);
    where = where_copy;
    if (!id) {
        rc = issue(c, where, F_ID, NULL, "a value is required%s%s", NULL, NULL);
        bad = 1;
        id = "";
    } else if (strlen(id) + strlen(m->prefix) + 1 > 100) {
        rc = issue(c, where, F_ID, NULL,
                   "'%s' is too long for a site id (at most %s characters "
                   "with the prefix)",
                   id, "100");
        bad = 1;
    } else {
        const char *kept = arena_strdup(&c->arena, id);
        int seen;
        if (!kept)
            return MF_ENOMEM;
        seen = strmap_get(&c->ids, kept);
        if (seen >= 0) {
            char other[32];
            snprintf(other, sizeof other, "%d", seen + 1);
            rc = issue(c, where, F_ID, id,
                       "'%s' was given before, by record %s of the file: a "
                       "register id names one site",
                       id, other);
            bad = 1;
        } else if (strmap_put(&c->ids, kept, (int)nrec)) {
            return MF_ENOMEM;
        }
    }
    snprintf(site_id, sizeof site_id, "%s-%s", m->prefix, id);
    if (rc)
        goto out;
    /* Status first: a closed pit is not checked further. */
    if ((v = val(c, F_STATUS)) != NULL) {
        const struct vrow *s = lookup(m, V_STATUS, v);
        if (!s) {
            rc = issue(c, where, F_STATUS, site_id,
                       "'%s' is not a status word of register '%s' in the "
                       "mapping table (data/registers.csv): add a row "
                       "saying use or skip",
                       v, m->name);
            bad = 1;
        } else if (!strcmp(s->value, "skip") && !c->opts->include_closed) {
            rc = push(&c->skipped, &c->n_skipped, &c->cap_skipped, site_id);
            if (!rc)
                rc = 2;
            goto out;
        }
    }
    if (!name && !rc) {
        rc = issue(c, where, F_NAME, site_id, "a value is required%s%s", NULL,
                   NULL);
        bad = 1;
    }
    if (!rc && (v = val(c, F_TYPE)) != NULL) {
        const struct vrow *t = lookup(m, V_TYPE, v);
        if (!t) {
            rc = issue(c, where, F_TYPE, site_id,
                       "'%s' is not a type word of register '%s' in the "
                       "mapping table (data/registers.csv): add a row "
                       "giving its site kind",
                       v, m->name);
            bad = 1;
        } else {
            kind = mf_site_kind_parse(t->value);
        }
    }
    if (!rc) {
        v = val(c, F_MATERIAL);
        if (!v) {
            rc = issue(c, where, F_MATERIAL, site_id,
                       "a value is required: the materials the site %s%s",
                       kind == MF_SITE_QUARRY ? "sells" : "takes in", NULL);
            bad = 1;
        } else {
            int mr = materials(c, v, where, site_id, &mats);
            if (mr < 0)
                rc = mr;
            else if (mr > 0)
                bad = 1;
            else if (mats.len == 0) {
                rc = issue(c, where, F_MATERIAL, site_id,
                           "'%s' names no material masseflyt plans with "
                           "(each maps to '-'); leave the record out%s",
                           v, NULL);
                bad = 1;
            }
        }
    }
    /* The place. */
    if (!rc) {
        const char *xs = val(c, F_X), *ys = val(c, F_Y);
        if (!xs || !ys) {
            rc = issue(c, where, xs ? F_Y : F_X, site_id,
                       "a value is required: the site's place%s%s", NULL, NULL);
            bad = 1;
        } else if (rec_parse_number(xs, &x, &e) ||
                   rec_parse_number(ys, &y, &e)) {
            rc = issue(c, where, F_X, site_id,
                       "'%s %s' is not a pair of numbers", xs, ys);
            bad = 1;
        }
    }
    if (!rc && (v = val(c, F_EPSG)) != NULL)
        epsg = leading_number(v);
    else if (!rc && (v = val(c, F_UTM_ZONE)) != NULL) {
        long z = leading_number(v);
        epsg = z == 32 || z == 33 || z == 35 ? 25800 + z : -1;
        if (epsg < 0) {
            rc =
                issue(c, where, F_UTM_ZONE, site_id,
                      "'%s' is not UTM zone 32, 33 or 35 (EUREF89)%s", v, NULL);
            bad = 1;
        }
    }
    if (!rc && !bad && epsg <= 0) {
        rc = issue(c, where, F_EPSG, site_id,
                   "the coordinate system is not given: the file has no "
                   "epsg or UTM zone column%s%s; pass --epsg",
                   NULL, NULL);
        bad = 1;
    }
    if (!rc) {
        int q = quantity(c, F_CAPACITY, where, site_id, &cap_t);
        if (q < 0)
            rc = q;
        else if (q)
            bad = 1;
        q = quantity(c, F_INTAKE, where, site_id, &intake_t);
        if (q < 0)
            rc = q;
        else if (q)
            bad = 1;
    }
    if (rc || bad)
        goto out;

    /* The site's source: register, record and retrieval date. */
    mf_date_format(c->opts->retrieved, date, sizeof date);
    rc = buf_printf(&src, "Record %s, retrieved %s, of %s%s%s", id, date,
                    m->title, m->url ? ", " : "", m->url ? m->url : "");
    if (!rc && (v = val(c, F_STATUS)) != NULL)
        rc = buf_printf(&note, "status in the register: %s", v);
    if (!rc && (v = val(c, F_ORGNR)) != NULL)
        rc = buf_printf(&note, "%sorganisation number %s", note.len ? "; " : "",
                        v);
    if (!rc && (v = val(c, F_MATERIAL)) != NULL)
        rc = buf_printf(&note, "%s%s as the register gives it: %s",
                        note.len ? "; " : "", field_names[F_MATERIAL], v);
    if (!rc && m->fee[kind] >= 0)
        rc = buf_printf(&note,
                        "; fee: the register gives none, so the mapping "
                        "table's %.15g NOK/t for a %s site (estimate)",
                        m->fee[kind],
                        mf_site_kind_name((enum mf_site_kind)kind));
    if (!rc)
        rc = buf_printf(&note, "; imported from the register '%s'", m->name);
    if (rc)
        goto out;
    /* id,name,kind,municipality,x,y,epsg,materials,product,capacity,
     * capacity_unit,intake_t,fee,source,note */
    rc = cell(&c->csv, site_id, 0);
    if (!rc)
        rc = cell(&c->csv, name, 0);
    if (!rc)
        rc = cell(&c->csv, mf_site_kind_name((enum mf_site_kind)kind), 0);
    if (!rc)
        rc = cell(&c->csv, val(c, F_MUNICIPALITY), 0);
    snprintf(num, sizeof num, "%.10g", x);
    if (!rc)
        rc = cell(&c->csv, num, 0);
    snprintf(num, sizeof num, "%.10g", y);
    if (!rc)
        rc = cell(&c->csv, num, 0);
    snprintf(num, sizeof num, "%ld", epsg);
    if (!rc)
        rc = cell(&c->csv, num, 0);
    if (!rc)
        rc = cell(&c->csv, buf_str(&mats), 0);
    if (!rc)
        rc = cell(&c->csv, kind == MF_SITE_PROCESSING ? m->product : NULL, 0);
    /* Receiving: capacity is what it can still take in all, intake_t a
     * year's permit; quarry and processing: capacity is a year's output,
     * which a permit's yearly quantity bounds. */
    if (kind != MF_SITE_RECEIVING && cap_t < 0)
        cap_t = intake_t, intake_t = -1;
    if (kind != MF_SITE_RECEIVING)
        intake_t = -1;
    if (cap_t >= 0)
        snprintf(num, sizeof num, "%.15g", cap_t);
    if (!rc)
        rc = cell(&c->csv, cap_t >= 0 ? num : NULL, 0);
    if (!rc)
        rc = cell(&c->csv, cap_t >= 0 ? "t" : NULL, 0);
    if (intake_t >= 1)
        snprintf(num, sizeof num, "%.15g", intake_t);
    if (!rc)
        rc = cell(&c->csv, intake_t >= 1 ? num : NULL, 0);
    if (m->fee[kind] >= 0)
        snprintf(num, sizeof num, "%.15g", m->fee[kind]);
    if (!rc)
        rc = cell(&c->csv, m->fee[kind] >= 0 ? num : NULL, 0);
    if (!rc)
        rc = cell(&c->csv, buf_str(&src), 0);
    if (!rc)
        rc = cell(&c->csv, buf_str(&note), 1);
out:
    buf_free(&mats);
    buf_free(&src);
    buf_free(&note);
    if (rc < 0)
        return rc;
    if (rc == 2)
        return 2;
    return bad ? 1 : 0;
}

static int convert(const struct mf_register_map *map, struct rec_reader *r,
                   const char *label, const struct mf_register_opts *opts,
                   struct mf_register_result *res, struct mf_issues *is,
                   struct mf_error *err)
{
    struct conv c;
    size_t nrec = 0, errors0 = is->count[MF_SEV_ERROR];
    int rc, f;

    memset(&c, 0, sizeof c);
    c.map = map;
    c.opts = opts;
    c.label = label;
    c.r = r;
    c.is = is;
    buf_init(&c.csv, 0);
    strmap_init(&c.ids);
    arena_init(&c.arena, 0);
    find_columns(&c);
    for (f = 0; f <= F_MATERIAL; f++) {
        if (f == F_MUNICIPALITY || f == F_EPSG || f == F_UTM_ZONE)
            continue;
        if (c.col[f] < 0) {
            rc = mf_error_at(err, MF_EINVAL, label,
                             "the file has no column for %s: looked for %s "
                             "(register '%s' in the mapping table)",
                             field_names[f],
                             map->columns[f] ? map->columns[f] : "none",
                             map->name);
            goto done;
        }
    }
    if (opts->retrieved == MF_DATE_NONE) {
        rc = mf_error_set(err, MF_EINVAL,
                          "the retrieval date is required (--retrieved)");
        goto done;
    }
    rc = buf_puts(&c.csv, "id,name,kind,municipality,x,y,epsg,materials,"
                          "product,capacity,capacity_unit,intake_t,fee,source,"
                          "note\n");
    while (!rc && (rc = rec_next(r, err)) == 1) {
        char where[160];
        snprintf(where, sizeof where, "%s", rec_where(r));
        rc = record(&c, nrec++);
        if (rc == 2) {
            res->skipped++;
            rc = 0;
        } else if (rc == 0) {
            res->sites++;
            rc = add_place(&c, where);
        } else if (rc == 1) {
            rc = 0;
        }
    }
    if (rc < 0) {
        if (rc == MF_ENOMEM)
            mf_error_set(err, MF_ENOMEM, "out of memory");
        goto done;
    }
    res->records = nrec;
    if (is->count[MF_SEV_ERROR] > errors0) {
        size_t n = is->count[MF_SEV_ERROR] - errors0;
        rc = mf_error_at(err, MF_EINVAL, label,
                         "register refused: %zu error%s; nothing imported", n,
                         n == 1 ? "" : "s");
        goto done;
    }
    res->len = c.csv.len;
    res->csv = buf_detach(&c.csv);
    res->places = c.places;
    c.places = NULL;
    res->skipped_ids = c.skipped;
    c.skipped = NULL;
    if (!res->csv)
        rc = mf_error_set(err, MF_ENOMEM, "out of memory");
done:
    if (c.places) {
        size_t i;
        for (i = 0; i < c.n_places; i++)
            free(c.places[i]);
        free(c.places);
    }
    if (c.skipped) {
        size_t i;
        for (i = 0; i < c.n_skipped; i++)
            free(c.skipped[i]);
        free(c.skipped);
    }
    if (rc) {
        res->sites = 0;
        free(res->csv);
        res->csv = NULL;
        if (res->places) {
            size_t i;
            for (i = 0; i < c.n_places; i++)
                free(res->places[i]);
            free(res->places);
            res->places = NULL;
        }
        if (res->skipped_ids) {
            size_t i;
            for (i = 0; i < c.n_skipped; i++)
                free(res->skipped_ids[i]);
            free(res->skipped_ids);
            res->skipped_ids = NULL;
        }
        res->skipped = 0;
    }
    buf_free(&c.csv);
    strmap_free(&c.ids);
    arena_free(&c.arena);
    return rc;
}

int mf_register_convert_buffer(const struct mf_register_map *map,
                               const char *label, const char *data, size_t len,
                               int geojson, const struct mf_register_opts *opts,
                               struct mf_register_result *res,
                               struct mf_issues *is, struct mf_error *err)
{
    struct rec_opts ro = REC_OPTS_INIT;
    struct rec_reader *r = NULL;
    char *points = NULL;
    int rc;

    memset(res, 0, sizeof *res);
    if (geojson) {
        rc = polygons_to_points(data, len, &points, err);
        if (rc)
            return rc;
        rc = points ? rec_open_geojson_mem(&r, label, points, strlen(points),
                                           &ro, err)
                    : rec_open_geojson_mem(&r, label, data, len, &ro, err);
        free(points);
    } else {
        rc = rec_open_csv_mem(&r, label, data, len, &ro, err);
    }
    if (rc)
        return rc;
    rc = convert(map, r, label, opts, res, is, err);
    rec_close(r);
    return rc;
}

/* 1 when the file is GeoJSON by its name or its first byte. */
static int looks_geojson(const char *path, const char *data, size_t len)
{
    size_t n = strlen(path), i;

    if ((n > 8 && !strcmp(path + n - 8, ".geojson")) ||
        (n > 5 && !strcmp(path + n - 5, ".json")))
        return 1;
    if (n > 4 && !strcmp(path + n - 4, ".csv"))
        return 0;
    for (i = 0; i < len && (data[i] == ' ' || data[i] == '\n' ||
                            data[i] == '\r' || data[i] == '\t');
         i++)
        ;
    return i < len && data[i] == '{';
}

int mf_register_convert(const struct mf_register_map *map, const char *path,
                        const struct mf_register_opts *opts,
                        struct mf_register_result *res, struct mf_issues *is,
                        struct mf_error *err)
{
    FILE *f = fopen(path, "rb");
    struct buf b = BUF_INIT;
    char chunk[65536];
    size_t n;
    int rc = MF_OK;

    memset(res, 0, sizeof *res);
    if (!f)
        return mf_error_at(err, errno == ENOENT ? MF_ENOTFOUND : MF_EIO, path,
                           "cannot open: %s", strerror(errno));
    buf_init(&b, (size_t)1 << 30);
    while (!rc && (n = fread(chunk, 1, sizeof chunk, f)) > 0)
        rc = buf_append(&b, chunk, n);
    if (!rc && ferror(f))
        rc = mf_error_at(err, MF_EIO, path, "cannot read");
    else if (rc)
        rc = mf_error_at(err, rc, path, "too large to read (1 GiB at most)");
    fclose(f);
    if (!rc)
        rc = mf_register_convert_buffer(map, path, buf_str(&b), b.len,
                                        looks_geojson(path, buf_str(&b), b.len),
                                        opts, res, is, err);
    buf_free(&b);
    return rc;
}
