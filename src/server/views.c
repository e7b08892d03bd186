/*
 * views.c - two read routes that answer what the web UI's panels show:
 *
 *   GET /api/v1/lots/{id}/options?max_km=   "who could take my masses?"
 *       (or, for a need, where its masses could come from): the use case
 *       app_options (src/app/options.c, the CLI's `masseflyt options`)
 *       as app_options_json gives it, with each candidate's name and
 *       place added for the map. The lot is seen as GET /lots/{id} sees
 *       it: a non-public lot only by its organisation's editors, the
 *       authorities and administrators; anyone else gets 404, before any
 *       planning starts. A candidate that is another organisation's
 *       non-public lot is left out of the answer for such a caller.
 *
 *   GET /api/v1/plans/{name}/flows   a stored plan for the map: its flows
 *       summed over the periods per origin, destination and material, as
 *       a GeoJSON FeatureCollection of LineStrings, with the storage
 *       levels per period and the headline indicators (plan, today's
 *       practice, no reuse) as foreign members.
 *
 *   GET /api/v1/plans?limit=&offset=   the stored plans, newest first:
 *       each one's name, when it was stored, who asked for it (null: the
 *       command line), its scope and horizon, the objective and the
 *       headline indicators (plan, today's practice), read from the
 *       documents by the store (doc_list) without their flows. Seen by
 *       whoever may read a plan (administrators and authorities).
 *
 * The options solve the plan over the whole registry, on a session of the
 * request's own (no lock shared with other reads); at most
 * OPTIONS_AT_ONCE solves run at a time, more get 503 with Retry-After,
 * so the worker threads stay free for the map. The solved plan is kept
 * (struct opt_memo, with the read model) and answers every lot's options
 * while the registry stays as it was (srv_registry_version: any write
 * through the server, lots included, or an import outside it, and the
 * next call solves again); the answer is the one a new solve gives.
 */
#include "srv_int.h"

#include "app.h"
#include "masseflyt/msg.h"

#include <math.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define OPTIONS_AT_ONCE 1

static atomic_int options_running;

/* A plan solved for the options, as of one version of the registry and
 * for one haul limit and rules date; shared by the threads, read only. */
struct opt_memo {
    atomic_int refs;
    unsigned long long version;
    long long mark;
    double max_km;
    int32_t as_of;
    struct app_options_result solved;
};

void opt_memo_ref(struct opt_memo *m)
{
    atomic_fetch_add(&m->refs, 1);
}

void opt_memo_put(struct opt_memo *m)
{
    if (m && atomic_fetch_sub(&m->refs, 1) == 1) {
        app_options_result_free(&m->solved);
        free(m);
    }
}

static json_t *lonlat(const struct mf_location *loc)
{
    if (!loc || !loc->epsg)
        return json_null();
    return json_pack("[f, f]", round(loc->lon * 1e6) / 1e6,
                     round(loc->lat * 1e6) / 1e6);
}

/* The organisation of a lot, as the reads count it: its project's. */
static const char *lot_org(const struct mf_registry *reg,
                           const struct mf_lot *l)
{
    const struct mf_project *p =
        l->project ? mf_registry_project(reg, l->project) : NULL;
    return p ? p->org : NULL;
}

/* 1 when the caller may see the lot, as GET /api/v1/lots/{id}. */
static int may_see(const struct req *r, const struct mf_registry *reg,
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

static void not_found(struct req *r)
{
    req_problem(r, 404, "not_found", "Not found",
                "no lot with this id that you may see", "id");
}

/* Adds name and coordinates to the candidate it (x's JSON); 0, or -1
 * when x is a lot the caller may not see (it is then left out). */
static int candidate(const struct req *r, const struct mf_registry *reg,
                     const struct mf_option *x, json_t *it)
{
    const char *name = x->id;
    const struct mf_location *loc = NULL;

    if (x->kind == MF_END_SUPPLY || x->kind == MF_END_DEMAND) {
        const struct mf_lot *l = mf_registry_lot_at(reg, (size_t)x->ref);
        if (!l || !may_see(r, reg, l))
            return -1;
        loc = &l->loc;
        if (l->project) {
            const struct mf_project *p = mf_registry_project(reg, l->project);
            if (p && p->name)
                name = p->name;
        }
    } else if (x->ref >= 0) {
        const struct mf_site *s = mf_registry_site_at(reg, (size_t)x->ref);
        if (s) {
            loc = &s->loc;
            if (s->name)
                name = s->name;
        }
    }
    json_object_set_new(it, "name", json_string(name));
    json_object_set_new(it, "coordinates", lonlat(loc));
    return 0;
}

/* The kept plan when it is still current for po, with a reference;
 * else NULL. */
static struct opt_memo *current_plan(struct req *r,
                                     const struct mf_plan_opts *po)
{
    struct opt_memo *m = srv_options_memo_get(r->srv);
    unsigned long long version;
    long long mark;

    srv_registry_version(r->srv, &version, &mark);
    if (m && m->version == version && m->mark == mark &&
        m->max_km == po->max_km && m->as_of == po->as_of)
        return m;
    opt_memo_put(m);
    return NULL;
}

/* A new solve for po on s, kept for the next calls. The registry's
 * version is read before the solve reads the registry, so a change made
 * meanwhile makes the kept plan stale, never wrong. NULL with *rc set
 * when it fails, or with *busy set when another solve runs. */
static struct opt_memo *new_plan(struct req *r, struct app_session *s,
                                 const struct mf_plan_opts *po, int *busy,
                                 int *rc, struct mf_error *err)
{
    struct opt_memo *m;

    *busy = 0;
    *rc = MF_OK;
    if (atomic_fetch_add(&options_running, 1) >= OPTIONS_AT_ONCE) {
        atomic_fetch_sub(&options_running, 1);
        *busy = 1;
        return NULL;
    }
    if (!(m = calloc(1, sizeof *m))) {
        atomic_fetch_sub(&options_running, 1);
        *rc = mf_error_set(err, MF_ENOMEM, "out of memory");
        return NULL;
    }
    atomic_init(&m->refs, 1);
    srv_registry_version(r->srv, &m->version, &m->mark);
    m->max_km = po->max_km;
    m->as_of = po->as_of;
    *rc = app_options_solve(s, po, &m->solved, err);
    atomic_fetch_sub(&options_running, 1);
    if (*rc) {
        opt_memo_put(m);
        return NULL;
    }
    srv_options_memo_set(r->srv, m);
    return m;
}

/* Whether the caller may see lot id, decided before any planning (so a
 * lot the caller may not see answers as fast as one that does not
 * exist): from the kept plan's registry when it is current, else from
 * the store. 1 seen; 0 not seen, or no such lot; 2 not in the kept
 * plan's registry (made by a change the server did not see, or none);
 * -1 answered with an error. */
static int lot_seen(struct req *r, struct app_session **s,
                    const struct opt_memo *m, const char *id)
{
    struct app_show_result shown;
    struct mf_error err = {0};
    int rc, seen;

    if (m) {
        const struct mf_lot *l = mf_registry_lot(m->solved.reg, id);
        return !l ? 2 : may_see(r, m->solved.reg, l);
    } else {
        if ((rc = app_session_new(s, r->srv->app, &err))) {
            req_error(r, &err);
            return -1;
        }
        rc = app_show(*s, id, MF_DATE_NONE, &shown, &err);
        seen = rc == MF_OK && shown.lot && may_see(r, shown.reg, shown.lot);
        app_show_result_free(&shown);
        if (rc != MF_OK && rc != MF_ENOTFOUND) {
            req_error(r, &err);
            return -1;
        }
    }
    return seen;
}

/* The language of an answer's texts: the lang parameter (nb or en), else
 * the first language of Accept-Language that is bokmål (nb, nn, no) or
 * English; English when neither says. -1 after answering 400 for a bad
 * lang. */
static int answer_lang(struct req *r, enum mf_lang *lang)
{
    const char *v = req_get_arg(r, "lang"), *h;

    *lang = MF_LANG_EN;
    if (v) {
        if (strcmp(v, "nb") && strcmp(v, "en")) {
            req_problem(r, 400, "invalid", "Invalid input", "must be nb or en",
                        "lang");
            return -1;
        }
        *lang = strcmp(v, "nb") ? MF_LANG_EN : MF_LANG_NB;
        return 0;
    }
    for (h = req_get_header(r, "Accept-Language"); h && *h;) {
        char tag[16];
        size_t n;
        h += strspn(h, " ,");
        n = strcspn(h, ";,");
        snprintf(tag, sizeof tag, "%.*s", (int)(n < 15 ? n : 15), h);
        tag[strcspn(tag, " -_")] = '\0';
        if (!strcasecmp(tag, "nb") || !strcasecmp(tag, "nn") ||
            !strcasecmp(tag, "no")) {
            *lang = MF_LANG_NB;
            return 0;
        }
        if (!strcasecmp(tag, "en"))
            return 0;
        h += n;
        h += strcspn(h, ",");
    }
    return 0;
}

void view_options(struct req *r, const char *id)
{
    struct mf_plan_opts po = MF_PLAN_OPTS_INIT;
    struct app_options_result res;
    struct app_session *s = NULL;
    struct opt_memo *memo;
    struct mf_error err = {0};
    const char *v = req_get_arg(r, "max_km");
    json_t *doc, *items, *kept;
    char *text;
    size_t i;
    int rc, seen, busy = 0;
    enum mf_lang lang;

    memset(&res, 0, sizeof res);
    if (answer_lang(r, &lang))
        return;
    if (v) {
        char *end;
        double km = strtod(v, &end);
        if (end == v || *end || !isfinite(km) || km < 1 || km > 1000) {
            req_problem(r, 400, "invalid", "Invalid input",
                        "must be a number of km from 1 to 1000", "max_km");
            return;
        }
        po.max_km = km;
    }
    po.as_of = r->srv->as_of;
    memo = current_plan(r, &po);
    if ((seen = lot_seen(r, &s, memo, id)) == 2) {
        /* Not in the kept plan's registry: ask the store, and solve
         * again if it is there. */
        opt_memo_put(memo);
        memo = NULL;
        seen = lot_seen(r, &s, NULL, id);
    }
    if (seen != 1) {
        opt_memo_put(memo);
        app_session_free(s);
        if (!seen)
            not_found(r);
        return;
    }
    rc = MF_OK;
    if (!memo && !s && (rc = app_session_new(&s, r->srv->app, &err)))
        memo = NULL;
    else if (!memo)
        memo = new_plan(r, s, &po, &busy, &rc, &err);
    app_session_free(s);
    if (busy) {
        req_header(r, "Retry-After", "2");
        req_problem(r, 503, "busy", "Busy",
                    "other options are being worked out; try again shortly",
                    NULL);
        return;
    }
    if (memo) {
        res = memo->solved;
        rc = app_options_of(&memo->solved, id, &res.options, &err);
    }
    if (rc) {
        mf_options_free(&res.options);
        opt_memo_put(memo);
        if (rc == MF_ENOTFOUND)
            not_found(r); /* deleted meanwhile */
        else
            req_error(r, &err);
        return;
    }
    text = app_options_json(&res);
    doc = text ? json_loads(text, 0, NULL) : NULL;
    free(text);
    items = doc ? json_object_get(doc, "options") : NULL;
    kept = json_array();
    if (!items || !kept || json_array_size(items) != res.options.n) {
        json_decref(doc);
        json_decref(kept);
        mf_options_free(&res.options);
        opt_memo_put(memo);
        req_problem(r, 500, "internal", "Internal error",
                    "the options could not be written", NULL);
        return;
    }
    for (i = 0; i < res.options.n; i++) {
        const struct mf_option *x = &res.options.items[i];
        json_t *it = json_array_get(items, i);
        if (lang == MF_LANG_NB && x->why_nb[0])
            json_object_set_new(it, "excluded_because", json_string(x->why_nb));
        if (!candidate(r, res.reg, x, it))
            json_array_append(kept, it);
    }
    if (lang == MF_LANG_NB && res.options.why_not_nb[0])
        json_object_set_new(doc, "not_planned",
                            json_string(res.options.why_not_nb));
    json_object_set_new(doc, "lang", json_string(mf_lang_code(lang)));
    json_object_set_new(doc, "options", kept);
    json_object_set_new(
        doc, "coordinates",
        lonlat(&mf_registry_lot(res.reg, res.options.lot)->loc));
    mf_options_free(&res.options);
    opt_memo_put(memo);
    req_json(r, 200, doc);
}

/* ------------------------------------------------------------------ */
/* A plan for the map                                                   */
/* ------------------------------------------------------------------ */

struct leg {
    const char *from, *to, *from_kind, *to_kind, *material;
    double tonnes, km;
};

static int leg_cmp(const void *a, const void *b)
{
    const struct leg *x = a, *y = b;
    int c = strcmp(x->from, y->from);

    if (!c)
        c = strcmp(x->to, y->to);
    if (!c)
        c = strcmp(x->material, y->material);
    return c;
}

static const char *str_of(json_t *o, const char *key)
{
    const char *s = json_string_value(json_object_get(o, key));
    return s ? s : "";
}

/* Where a flow's end is (a lot or a site by its kind); NULL for slack. */
static const struct mf_location *end_place(const struct mf_registry *reg,
                                           const char *kind, const char *id)
{
    if (!strcmp(kind, "supply") || !strcmp(kind, "demand")) {
        const struct mf_lot *l = mf_registry_lot(reg, id);
        return l && l->loc.epsg ? &l->loc : NULL;
    }
    if (!strcmp(kind, "storage") || !strcmp(kind, "processing") ||
        !strcmp(kind, "receiving") || !strcmp(kind, "quarry")) {
        const struct mf_site *s = mf_registry_site(reg, id);
        return s && s->loc.epsg ? &s->loc : NULL;
    }
    return NULL;
}

static json_t *material_of(const struct mf_catalog *cat, const char *code)
{
    int m = *code ? mf_catalog_find_material(cat, code) : -1;
    const struct mf_material *x = m >= 0 ? mf_catalog_material(cat, m) : NULL;

    if (!x)
        return json_null();
    return json_pack("{s:s, s:s, s:s, s:s}", "code", x->code, "name_nb",
                     x->name_no, "name_en", x->name_en, "category",
                     x->category);
}

/* The flows, summed per origin, destination and material, as Features. */
static json_t *flow_features(const struct mf_registry *reg, json_t *flows)
{
    const struct mf_catalog *cat = mf_registry_catalog(reg);
    size_t n = json_array_size(flows), i, k = 0;
    struct leg *v = calloc(n ? n : 1, sizeof *v);
    json_t *feats = json_array();

    if (!v || !feats) {
        free(v);
        json_decref(feats);
        return NULL;
    }
    for (i = 0; i < n; i++) {
        json_t *f = json_array_get(flows, i);
        v[i].from = str_of(f, "from");
        v[i].to = str_of(f, "to");
        v[i].from_kind = str_of(f, "from_kind");
        v[i].to_kind = str_of(f, "to_kind");
        v[i].material = str_of(f, "material");
        v[i].tonnes = json_number_value(json_object_get(f, "tonnes"));
        v[i].km = json_number_value(json_object_get(f, "km"));
    }
    qsort(v, n, sizeof *v, leg_cmp);
    for (i = 0; i < n; i = k) {
        const struct mf_location *a = end_place(reg, v[i].from_kind, v[i].from);
        const struct mf_location *b = end_place(reg, v[i].to_kind, v[i].to);
        double t = 0;
        char fid[400];
        json_t *feat;
        for (k = i; k < n && !leg_cmp(&v[i], &v[k]); k++)
            t += v[k].tonnes;
        if (!a || !b || t <= 0)
            continue; /* unmet or unplaced: no line, in the indicators */
        snprintf(fid, sizeof fid, "%s>%s:%s", v[i].from, v[i].to,
                 v[i].material);
        feat = json_pack(
            "{s:s, s:s, s:{s:s, s:[[f, f], [f, f]]}, s:{s:s, s:s, s:s, s:s, "
            "s:o, s:f, s:f}}",
            "type", "Feature", "id", fid, "geometry", "type", "LineString",
            "coordinates", round(a->lon * 1e6) / 1e6, round(a->lat * 1e6) / 1e6,
            round(b->lon * 1e6) / 1e6, round(b->lat * 1e6) / 1e6, "properties",
            "from", v[i].from, "from_kind", v[i].from_kind, "to", v[i].to,
            "to_kind", v[i].to_kind, "material",
            material_of(cat, v[i].material), "tonnes", round(t), "km",
            round(v[i].km * 10) / 10);
        if (!feat || json_array_append_new(feats, feat)) {
            free(v);
            json_decref(feats);
            return NULL;
        }
    }
    free(v);
    return feats;
}

/* The index of a period label, or -1. */
static int period_index(json_t *labels, const char *label)
{
    size_t i;

    for (i = 0; i < json_array_size(labels); i++)
        if (!strcmp(json_string_value(json_array_get(labels, i)), label))
            return (int)i;
    return -1;
}

/* Storage levels at the end of each period: what went into each storage
 * site less what came out, carried over the periods. */
static json_t *storage_levels(const struct mf_registry *reg, json_t *flows,
                              json_t *labels)
{
    size_t np = json_array_size(labels), n = json_array_size(flows), i;
    json_t *out = json_array();
    size_t s;

    for (s = 0; out && s < mf_registry_count(reg, MF_ENT_SITE); s++) {
        const struct mf_site *site = mf_registry_site_at(reg, s);
        double *delta, level = 0;
        json_t *levels;
        int used = 0;
        size_t p;
        if (site->kind != MF_SITE_STORAGE)
            continue;
        if (!(delta = calloc(np ? np : 1, sizeof *delta)))
            break;
        for (i = 0; i < n; i++) {
            json_t *f = json_array_get(flows, i);
            int into = !strcmp(str_of(f, "to_kind"), "storage") &&
                       !strcmp(str_of(f, "to"), site->id);
            int from = !strcmp(str_of(f, "from_kind"), "storage") &&
                       !strcmp(str_of(f, "from"), site->id);
            int pi;
            if (!into && !from)
                continue;
            if ((pi = period_index(labels, str_of(f, "period"))) < 0)
                continue;
            used = 1;
            delta[pi] += (into ? 1 : -1) *
                         json_number_value(json_object_get(f, "tonnes"));
        }
        if (!used) {
            free(delta);
            continue;
        }
        levels = json_array();
        for (p = 0; levels && p < np; p++) {
            level += delta[p];
            json_array_append_new(levels, json_real(round(fmax(level, 0))));
        }
        free(delta);
        json_array_append_new(
            out,
            json_pack("{s:s, s:s, s:o, s:o, s:o}", "site", site->id, "name",
                      site->name ? site->name : site->id, "capacity_t",
                      site->capacity_t < 0 ? json_null()
                                           : json_real(site->capacity_t),
                      "coordinates", lonlat(&site->loc), "levels",
                      levels ? levels : json_array()));
    }
    return out;
}

/* The plan's periods as labels, from its period kind and horizon. */
static json_t *period_labels(json_t *plan)
{
    struct mf_periods ps;
    struct mf_error err = {0};
    int32_t from, to;
    int kind = mf_period_kind_parse(str_of(plan, "period")), i;
    json_t *out;
    char buf[32];

    if (kind < 0 || mf_date_parse(str_of(plan, "from"), &from, &err) ||
        mf_date_parse(str_of(plan, "to"), &to, &err) ||
        mf_periods_make(&ps, (enum mf_period_kind)kind, from, to, &err))
        return NULL;
    out = json_array();
    for (i = 0; out && i < ps.n; i++)
        json_array_append_new(
            out, json_string(mf_period_label(&ps, i, buf, sizeof buf)));
    mf_periods_free(&ps);
    return out;
}

/* A new reference to member key of o, or null. */
static json_t *member(json_t *o, const char *key)
{
    json_t *v = json_object_get(o, key);
    return v ? json_incref(v) : json_null();
}

void view_plan(struct req *r, const char *name)
{
    struct app_list_opts lo = APP_LIST_OPTS_INIT;
    struct app_list_result reg;
    struct app_session *s = NULL;
    struct mf_error err = {0};
    char *text = NULL;
    json_t *plan, *flows, *labels, *feats, *storage, *out;
    int rc;

    memset(&reg, 0, sizeof reg);
    if ((rc = app_session_new(&s, r->srv->app, &err)) ||
        (rc = app_document(s, "plan", name, &text, &err))) {
        app_session_free(s);
        req_error(r, &err);
        return;
    }
    if (!text) {
        app_session_free(s);
        req_problem(r, 404, "not_found", "Not found",
                    "no stored plan has this name", "name");
        return;
    }
    plan = json_loads(text, 0, NULL);
    free(text);
    lo.what = MF_ENT_LOT; /* the registry with its lots */
    rc = plan ? app_list(s, &lo, &reg, &err) : MF_OK;
    app_session_free(s);
    if (rc) {
        json_decref(plan);
        app_list_result_free(&reg);
        req_error(r, &err);
        return;
    }
    flows = plan ? json_object_get(plan, "flows") : NULL;
    labels = plan ? period_labels(plan) : NULL;
    if (!json_is_array(flows) || !labels) {
        json_decref(plan);
        json_decref(labels);
        app_list_result_free(&reg);
        req_problem(r, 500, "internal", "Internal error",
                    "the stored plan has no flows or periods", "name");
        return;
    }
    feats = flow_features(reg.reg, flows);
    storage = storage_levels(reg.reg, flows, labels);
    app_list_result_free(&reg);
    out = json_pack(
        "{s:s, s:s, s:s, s:s, s:s, s:o, s:o, s:o, s:{s:o, s:o, s:o}}", "type",
        "FeatureCollection", "name", name, "period", str_of(plan, "period"),
        "from", str_of(plan, "from"), "to", str_of(plan, "to"), "periods",
        labels, "features", feats ? feats : json_null(), "storage",
        storage ? storage : json_null(), "indicators", "plan",
        member(plan, "plan"), "practice", member(plan, "practice"), "baseline",
        member(plan, "baseline"));
    json_decref(plan);
    if (!out || !feats || !storage) {
        json_decref(out);
        req_problem(r, 500, "internal", "Internal error", "out of memory",
                    NULL);
        return;
    }
    req_json(r, 200, out);
}

/* ---- the stored plans ---- */

/* The members of a plan document the list shows, after name and created:
 * as doc_list hands them (JSON text). */
static const char *const plan_fields[] = {
    "by", "scope", "period", "from", "to", "objective_ore", "plan", "practice"};
#define N_PLAN_FIELDS (int)(sizeof plan_fields / sizeof plan_fields[0])

static json_t *json_of(const char *text)
{
    json_t *v = text ? json_loads(text, JSON_DECODE_ANY, NULL) : NULL;
    return v ? v : json_null();
}

static int plan_row(void *ctx, int n, const char *const *vals,
                    struct mf_error *err)
{
    json_t *arr = ctx, *o, *ind;
    int i;

    if (n != N_PLAN_FIELDS + 2)
        return mf_error_set(err, MF_ERR, "a plan's row has %d columns", n);
    o = json_pack("{s:s, s:s}", "name", vals[0] ? vals[0] : "", "created",
                  vals[1] ? vals[1] : "");
    ind = json_object();
    if (!o || !ind) {
        json_decref(o);
        json_decref(ind);
        return mf_error_set(err, MF_ENOMEM, "out of memory");
    }
    /* by .. objective_ore as members; plan and practice as the
     * indicators, as GET /plans/{name}/flows names them. */
    for (i = 0; i < N_PLAN_FIELDS; i++) {
        json_t *v = json_of(vals[i + 2]);
        if (!strcmp(plan_fields[i], "plan") ||
            !strcmp(plan_fields[i], "practice"))
            json_object_set_new(ind, plan_fields[i], v);
        else
            json_object_set_new(o, plan_fields[i], v);
    }
    json_object_set_new(o, "indicators", ind);
    if (json_array_append_new(arr, o))
        return mf_error_set(err, MF_ENOMEM, "out of memory");
    return MF_OK;
}

/* A query value as a whole number lo..hi (dflt when absent); 0, or -1
 * after answering 400. */
static int arg_num(struct req *r, const char *name, long long lo, long long hi,
                   long long dflt, long long *out)
{
    const char *s = req_get_arg(r, name);
    char *end, d[96];
    long long v;

    *out = dflt;
    if (!s)
        return 0;
    v = strtoll(s, &end, 10);
    if (!*s || *end || v < lo || v > hi) {
        MF_SNPRINTF_IN(r->lang, d, sizeof d, MSG_P_HT_WHOLE, lo, hi);
        req_problem(r, 400, "invalid", "Invalid input", d, name);
        return -1;
    }
    *out = v;
    return 0;
}

void view_plans(struct req *r)
{
    struct store *st = r->srv->st;
    struct mf_error err = {0};
    long long limit, offset, total = 0;
    json_t *arr;
    int rc;

    if (arg_num(r, "limit", 1, 100, 20, &limit) ||
        arg_num(r, "offset", 0, 1000000000LL, 0, &offset))
        return;
    if (st->ops->version < STORE_OPS_DOC_LIST_VERSION || !st->ops->doc_list) {
        req_problem(r, 500, "internal", "Internal error",
                    "this store cannot list documents", NULL);
        return;
    }
    if (!(arr = json_array())) {
        req_problem(r, 500, "out_of_memory", "Out of memory",
                    "the response could not be built", NULL);
        return;
    }
    pthread_mutex_lock(&r->srv->lock);
    rc = st->ops->doc_list(st, "plan", plan_fields, N_PLAN_FIELDS, offset,
                           limit, &total, plan_row, arr, &err);
    pthread_mutex_unlock(&r->srv->lock);
    if (rc) {
        json_decref(arr);
        req_error(r, &err);
        return;
    }
    req_json(r, 200,
             json_pack("{s:o, s:I, s:I, s:I}", "plans", arr, "total",
                       (json_int_t)total, "limit", (json_int_t)limit, "offset",
                       (json_int_t)offset));
}
