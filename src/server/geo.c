/*
 * geo.c - the registry's read routes over the use-case layer (src/app/):
 * sites and lots as GeoJSON (WGS84) with bbox, material, kind and
 * municipality filters and pagination; one lot or site; the mass balance;
 * a stored plan document. One app session serves them, serialised by
 * srv->app_lock (the accounts keep their own store under srv->lock).
 *
 * Who sees a lot: everyone sees lots marked public; an editor also sees
 * its own organisation's (the lot's project's organisation); authority
 * and administrator see every lot. A lot the caller may not see is
 * answered as if it did not exist (404), and never counted in a total.
 */
#include "srv_int.h"

#include "app.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define LIST_DEFAULT 1000
#define LIST_MAX 100000

struct filters {
    int has_bbox;
    double bbox[4]; /* minlon, minlat, maxlon, maxlat */
    char material[160];
    char kind[160];
    char municipality[160];
    long limit, offset;
};

static void app_lock(struct req *r)
{
    pthread_mutex_lock(&r->srv->app_lock);
}

static void app_unlock(struct req *r)
{
    pthread_mutex_unlock(&r->srv->app_lock);
}

static void bad(struct req *r, const char *where, const char *detail)
{
    req_problem(r, 400, "invalid", "Invalid input", detail, where);
}

/* The query value of name, percent-decoded into buf; NULL when absent.
 * Answers 400 and sets *fail for a bad escape or an over-long value. */
static const char *arg(struct req *r, const char *name, char *buf, size_t len,
                       int *fail)
{
    const char *raw = req_get_arg(r, name);

    if (!raw || *fail)
        return NULL;
    if (route_decode(raw, buf, len) < 0) {
        bad(r, name, "a bad percent escape, or a value too long");
        *fail = 1;
        return NULL;
    }
    return buf;
}

static int parse_long(const char *s, long lo, long hi, long *out)
{
    char *end;
    long v;

    errno = 0;
    v = strtol(s, &end, 10);
    if (!*s || errno || *end || v < lo || v > hi)
        return -1;
    *out = v;
    return 0;
}

static int parse_bbox(const char *s, double b[4])
{
    const char *p = s;
    char *end;
    int i;

    for (i = 0; i < 4; i++) {
        errno = 0;
        b[i] = strtod(p, &end);
        if (end == p || errno || !isfinite(b[i]))
            return -1;
        if (i < 3 && *end != ',')
            return -1;
        p = end + (i < 3);
    }
    if (*end)
        return -1;
    if (b[0] < -180 || b[2] > 180 || b[1] < -90 || b[3] > 90 || b[0] > b[2] ||
        b[1] > b[3])
        return -1;
    return 0;
}

/* Reads the list filters; 0, or -1 after answering 400. kinds is
 * "supply|demand" for lots, NULL for sites (a site kind). */
static int read_filters(struct req *r, const struct mf_catalog *cat, int lots,
                        struct filters *f)
{
    char buf[160];
    const char *v;
    int fail = 0;

    memset(f, 0, sizeof *f);
    f->limit = LIST_DEFAULT;
    if ((v = arg(r, "bbox", buf, sizeof buf, &fail))) {
        if (parse_bbox(v, f->bbox)) {
            bad(r, "bbox",
                "must be minlon,minlat,maxlon,maxlat in WGS84 degrees, "
                "min before max");
            return -1;
        }
        f->has_bbox = 1;
    }
    if (!fail && (v = arg(r, "material", buf, sizeof buf, &fail))) {
        if (mf_catalog_find_material(cat, v) < 0) {
            bad(r, "material", "not a material code of the catalogue");
            return -1;
        }
        snprintf(f->material, sizeof f->material, "%s", v);
    }
    if (!fail && (v = arg(r, "kind", buf, sizeof buf, &fail))) {
        if (lots ? strcmp(v, "supply") && strcmp(v, "demand")
                 : mf_site_kind_parse(v) < 0) {
            bad(r, "kind",
                lots ? "must be supply or demand"
                     : "must be a site kind (project, storage, processing, "
                       "receiving, quarry)");
            return -1;
        }
        snprintf(f->kind, sizeof f->kind, "%s", v);
    }
    if (!fail && (v = arg(r, "municipality", buf, sizeof buf, &fail))) {
        if (strlen(v) != 4 || strspn(v, "0123456789") != 4) {
            bad(r, "municipality", "must be a 4-digit kommunenummer");
            return -1;
        }
        snprintf(f->municipality, sizeof f->municipality, "%s", v);
    }
    if (!fail && (v = arg(r, "limit", buf, sizeof buf, &fail)) &&
        parse_long(v, 1, LIST_MAX, &f->limit)) {
        bad(r, "limit", "must be a whole number from 1 to 100000");
        return -1;
    }
    if (!fail && (v = arg(r, "offset", buf, sizeof buf, &fail)) &&
        parse_long(v, 0, 0x7fffffffL, &f->offset)) {
        bad(r, "offset", "must be a whole number from 0");
        return -1;
    }
    return fail ? -1 : 0;
}

static int in_bbox(const struct filters *f, const struct mf_location *loc)
{
    if (!f->has_bbox)
        return 1;
    return loc->epsg != 0 && loc->lon >= f->bbox[0] && loc->lon <= f->bbox[2] &&
           loc->lat >= f->bbox[1] && loc->lat <= f->bbox[3];
}

static const char *lot_org(const struct mf_registry *reg,
                           const struct mf_lot *l)
{
    const struct mf_project *p =
        l->project ? mf_registry_project(reg, l->project) : NULL;
    return p ? p->org : NULL;
}

/* 1 when the caller may see the lot. */
static int can_see(const struct req *r, const struct mf_registry *reg,
                   const struct mf_lot *l)
{
    const char *org;

    if (l->is_public)
        return 1;
    if (r->auth == AUTH_NONE)
        return 0;
    if (!strcmp(r->user.role, "administrator") ||
        !strcmp(r->user.role, "authority"))
        return 1;
    org = lot_org(reg, l);
    return r->user.org[0] && org && !strcmp(org, r->user.org);
}

static json_t *str_or_null(const char *s)
{
    return s ? json_string(s) : json_null();
}

static json_t *date_json(int32_t d)
{
    char buf[16];

    if (d == MF_DATE_NONE)
        return json_null();
    return json_string(mf_date_format(d, buf, sizeof buf));
}

static json_t *point(const struct mf_location *loc)
{
    if (!loc->epsg)
        return json_null();
    return json_pack("{s:s, s:[f, f]}", "type", "Point", "coordinates",
                     round(loc->lon * 1e6) / 1e6, round(loc->lat * 1e6) / 1e6);
}

static json_t *feature(json_t *geometry, const char *id, json_t *props)
{
    return json_pack("{s:s, s:s, s:o, s:o}", "type", "Feature", "id", id,
                     "geometry", geometry, "properties", props);
}

static json_t *material_json(const struct mf_catalog *cat, int m)
{
    const struct mf_material *x = m >= 0 ? mf_catalog_material(cat, m) : NULL;

    if (!x)
        return json_null();
    return json_pack("{s:s, s:s, s:s, s:s}", "code", x->code, "name_nb",
                     x->name_no, "name_en", x->name_en, "category",
                     x->category);
}

static json_t *lot_json(const struct mf_registry *reg, const struct mf_lot *l,
                        int refused)
{
    const struct mf_catalog *cat = mf_registry_catalog(reg);
    const struct mf_project *p =
        l->project ? mf_registry_project(reg, l->project) : NULL;
    const struct mf_use *u = l->use >= 0 ? mf_catalog_use(cat, l->use) : NULL;
    json_t *props = json_pack(
        "{s:s, s:s, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:f, s:f, s:s, s:o, "
        "s:o, s:b, s:b}",
        "id", l->id, "kind", l->kind == MF_LOT_DEMAND ? "demand" : "supply",
        "material", material_json(cat, l->material), "use",
        u ? json_pack("{s:s, s:s, s:s}", "code", u->code, "name_nb", u->name_no,
                      "name_en", u->name_en)
          : json_null(),
        "project", str_or_null(l->project), "project_name",
        str_or_null(p ? p->name : NULL), "org", str_or_null(lot_org(reg, l)),
        "site", str_or_null(l->site), "municipality",
        str_or_null(mf_lot_municipality(reg, l)), "tonnes",
        round(l->tonnes * 10) / 10, "quantity", l->quantity, "unit",
        mf_state_name(l->state), "from", date_json(l->from), "to",
        date_json(l->to), "public", l->is_public, "refused", refused);

    return feature(point(&l->loc), l->id, props);
}

static json_t *site_json(const struct mf_registry *reg, const struct mf_site *s)
{
    const struct mf_catalog *cat = mf_registry_catalog(reg);
    json_t *mats = json_array();
    int i;

    for (i = 0; mats && i < s->n_materials; i++) {
        const struct mf_material *m = mf_catalog_material(cat, s->materials[i]);
        if (m)
            json_array_append_new(mats, json_string(m->code));
    }
    return feature(
        point(&s->loc), s->id,
        json_pack("{s:s, s:s, s:s, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o}",
                  "id", s->id, "name", s->name ? s->name : s->id, "kind",
                  mf_site_kind_name(s->kind), "org", str_or_null(s->org),
                  "project", str_or_null(s->project), "municipality",
                  str_or_null(s->municipality), "materials", mats, "capacity_t",
                  s->capacity_t < 0 ? json_null() : json_real(s->capacity_t),
                  "fee_nok_per_t", json_real(s->fee), "open_from",
                  date_json(s->open_from), "open_to", date_json(s->open_to)));
}

static int site_has_material(const struct mf_site *s, int m)
{
    int i;

    for (i = 0; i < s->n_materials; i++)
        if (s->materials[i] == m)
            return 1;
    return 0;
}

static struct app_session *session(struct req *r)
{
    return r->srv->sess;
}

/* GET /api/v1/lots and /api/v1/sites. */
void geo_list(struct req *r, int lots)
{
    struct app_list_opts o = APP_LIST_OPTS_INIT;
    struct app_list_result res;
    const struct mf_catalog *cat;
    struct mf_error err = {0};
    struct filters f;
    json_t *features;
    size_t i, total = 0;
    int rc, m = -1;

    if ((rc = app_catalog(r->srv->app, &cat, &err))) {
        req_error(r, &err);
        return;
    }
    if (read_filters(r, cat, lots, &f))
        return;
    if (f.material[0])
        m = mf_catalog_find_material(cat, f.material);
    o.what = lots ? MF_ENT_LOT : MF_ENT_SITE;
    o.kind = f.kind[0] ? f.kind : NULL;
    o.municipality = f.municipality[0] ? f.municipality : NULL;
    app_lock(r);
    rc = app_list(session(r), &o, &res, &err);
    app_unlock(r);
    if (rc) {
        app_list_result_free(&res);
        req_error(r, &err);
        return;
    }
    features = json_array();
    for (i = 0; features && i < res.n; i++) {
        size_t k = res.items[i];
        json_t *ft;
        if (lots) {
            const struct mf_lot *l = mf_registry_lot_at(res.reg, k);
            if (!can_see(r, res.reg, l) || !in_bbox(&f, &l->loc) ||
                (m >= 0 && l->material != m))
                continue;
            if (total++ < (size_t)f.offset ||
                json_array_size(features) >= (size_t)f.limit)
                continue;
            ft = lot_json(res.reg, l, res.status[i] >= MF_SEV_REFUSE);
        } else {
            const struct mf_site *s = mf_registry_site_at(res.reg, k);
            if (!in_bbox(&f, &s->loc) || (m >= 0 && !site_has_material(s, m)))
                continue;
            if (total++ < (size_t)f.offset ||
                json_array_size(features) >= (size_t)f.limit)
                continue;
            ft = site_json(res.reg, s);
        }
        json_array_append_new(features, ft);
    }
    app_list_result_free(&res);
    req_json(r, 200,
             json_pack("{s:s, s:o, s:I, s:I, s:I}", "type", "FeatureCollection",
                       "features", features, "total", (json_int_t)total,
                       "limit", (json_int_t)f.limit, "offset",
                       (json_int_t)f.offset));
}

/* GET /api/v1/lots/{id} and /api/v1/sites/{id}. */
void geo_one(struct req *r, int lot, const char *id)
{
    struct app_show_result res;
    struct mf_error err = {0};
    json_t *j = NULL, *issues;
    size_t i;
    int rc;

    app_lock(r);
    rc = app_show(session(r), id, MF_DATE_NONE, &res, &err);
    app_unlock(r);
    if (rc == MF_OK) {
        if (lot && res.lot && can_see(r, res.reg, res.lot)) {
            int refused = 0;
            for (i = 0; i < res.issues.n; i++)
                if (res.issues.items[i].severity >= MF_SEV_REFUSE)
                    refused = 1;
            j = lot_json(res.reg, res.lot, refused);
        } else if (!lot && res.site) {
            j = site_json(res.reg, res.site);
        }
    }
    if (rc && rc != MF_ENOTFOUND) {
        app_show_result_free(&res);
        req_error(r, &err);
        return;
    }
    if (!j) {
        app_show_result_free(&res);
        req_problem(r, 404, "not_found", "Not found",
                    lot ? "no lot with this id that you may see"
                        : "no site with this id",
                    "id");
        return;
    }
    issues = json_array();
    for (i = 0; issues && i < res.issues.n; i++) {
        const struct mf_issue *is = &res.issues.items[i];
        json_array_append_new(
            issues, json_pack("{s:s, s:s, s:s, s:s}", "severity",
                              mf_severity_name(is->severity), "rule", is->rule,
                              "where", is->where, "message", is->message));
    }
    json_object_set_new(json_object_get(j, "properties"), "issues", issues);
    app_show_result_free(&res);
    rec_etag_header(r, lot ? MF_ENT_LOT : MF_ENT_SITE, id); /* records.c */
    req_json(r, 200, j);
}

/* GET /api/v1/balance (authority and administrator). */
void geo_balance(struct req *r)
{
    struct mf_balance_opts o = MF_BALANCE_OPTS_INIT;
    struct app_balance_result res;
    const struct mf_catalog *cat;
    struct mf_error err = {0};
    char mun[16], per[16], label[32];
    const char *v;
    json_t *periods, *rows, *st, *dt;
    int rc, fail = 0, i, k;

    if ((v = arg(r, "municipality", mun, sizeof mun, &fail))) {
        if (strlen(v) != 4 || strspn(v, "0123456789") != 4) {
            bad(r, "municipality", "must be a 4-digit kommunenummer");
            return;
        }
        o.municipality = v;
    }
    if (!fail && (v = arg(r, "period", per, sizeof per, &fail))) {
        if ((k = mf_period_kind_parse(v)) < 0) {
            bad(r, "period", "must be week, month, quarter or year");
            return;
        }
        o.period = (enum mf_period_kind)k;
    }
    if (fail)
        return;
    if ((rc = app_catalog(r->srv->app, &cat, &err))) {
        req_error(r, &err);
        return;
    }
    app_lock(r);
    rc = app_balance(session(r), &o, &res, &err);
    app_unlock(r);
    if (rc) {
        app_balance_result_free(&res);
        req_error(r, &err);
        return;
    }
    periods = json_array();
    st = json_array();
    dt = json_array();
    for (i = 0; i < res.balance->periods.n; i++) {
        json_array_append_new(
            periods, json_string(mf_period_label(&res.balance->periods, i,
                                                 label, sizeof label)));
        json_array_append_new(st, json_real(res.balance->supply_total[i]));
        json_array_append_new(dt, json_real(res.balance->demand_total[i]));
    }
    rows = json_array();
    for (k = 0; k < res.balance->n_rows; k++) {
        const struct mf_balance_row *row = &res.balance->rows[k];
        const struct mf_use *u =
            row->material < 0 ? mf_catalog_use(cat, row->use) : NULL;
        json_t *s = json_array(), *d = json_array();
        for (i = 0; i < res.balance->periods.n; i++) {
            json_array_append_new(s, json_real(round(row->supply[i])));
            json_array_append_new(d, json_real(round(row->demand[i])));
        }
        json_array_append_new(
            rows, json_pack("{s:o, s:o, s:o, s:o, s:f, s:f}", "material",
                            material_json(cat, row->material), "use",
                            u ? json_pack("{s:s, s:s, s:s}", "code", u->code,
                                          "name_nb", u->name_no, "name_en",
                                          u->name_en)
                              : json_null(),
                            "supply", s, "demand", d, "supply_total",
                            round(row->supply_total), "demand_total",
                            round(row->demand_total)));
    }
    req_json(r, 200,
             json_pack("{s:s, s:o, s:o, s:o, s:o, s:o, s:I, s:I}", "period",
                       mf_period_kind_name(res.balance->periods.kind),
                       "municipality", str_or_null(o.municipality), "periods",
                       periods, "rows", rows, "supply_total", st,
                       "demand_total", dt, "lots_in",
                       (json_int_t)res.balance->lots_in, "lots_refused",
                       (json_int_t)res.balance->n_refused));
    app_balance_result_free(&res);
}

/* GET /api/v1/plans/{name} (authority and administrator). */
void geo_plan(struct req *r, const char *name)
{
    struct mf_error err = {0};
    char *text = NULL;
    json_t *j;
    int rc;

    app_lock(r);
    rc = app_document(session(r), "plan", name, &text, &err);
    app_unlock(r);
    if (rc) {
        req_error(r, &err);
        return;
    }
    if (!text) {
        req_problem(r, 404, "not_found", "Not found",
                    "no stored plan has this name (run `masseflyt plan` or "
                    "`plan --name NAME`)",
                    "name");
        return;
    }
    j = json_loads(text, 0, NULL);
    free(text);
    if (!j) {
        req_problem(r, 500, "internal", "Internal error",
                    "the stored plan is not valid JSON", "name");
        return;
    }
    req_json(r, 200, j);
}
