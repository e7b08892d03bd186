/*
 * custody.c - the chain of custody's routes under /api/v1/custody: load
 * tickets (issue, list, read one), receipts, corrections, the closed
 * balance, the checks and weighbridge uploads. Every write is one call of
 * the use cases of src/app/custody.c, which write the record and its
 * audit line in one transaction and never change a stored record; this
 * file decides who may do what (docs/API.md, "Chain of custody"):
 *
 *   - an administrator does everything;
 *   - an organisation's editor issues (and corrects) tickets that leave
 *     a site of its own organisation, for lots of its organisation or
 *     lots registered at that site; confirms tickets bound for a site of
 *     its own organisation, with the ticket's id and verification code;
 *     uploads weighbridge exports whose every row reaches one of its
 *     sites, or leaves one as it could issue it; reads only tickets that
 *     leave or reach its sites, and
 *     sees a ticket's verification code only when it issued it. Another
 *     organisation's non-public lot is answered 404, as a read of it is;
 *   - an authority reads every ticket (without codes), the balance and
 *     the checks, and writes nothing;
 *   - the public viewer sees nothing of the chain of custody.
 */
#include "srv_int.h"

#include "app.h"
#include "store.h"
#include "masseflyt/custody.h"
#include "masseflyt/weighbridge.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define LIST_DEFAULT 100
#define LIST_MAX 1000

static int is_admin(const struct req *r)
{
    return !strcmp(r->user.role, "administrator");
}

static int is_authority(const struct req *r)
{
    return !strcmp(r->user.role, "authority");
}

/* The organisation of a site, or NULL. */
static const char *site_org(const struct mf_registry *reg, const char *id)
{
    const struct mf_site *s = id ? mf_registry_site(reg, id) : NULL;
    return s ? s->org : NULL;
}

static int org_is(const char *org, const char *mine)
{
    return org && mine[0] && !strcmp(org, mine);
}

/* A lot's organisation, as a write sees it: its project's, else its
 * site's. */
static const char *lot_org(const struct mf_registry *reg,
                           const struct mf_lot *l)
{
    const struct mf_project *p =
        l->project ? mf_registry_project(reg, l->project) : NULL;
    if (p)
        return p->org;
    return l->site ? site_org(reg, l->site) : NULL;
}

/* 1 when the lot is another organisation's and not public: hidden from
 * an editor of org as a read hides it (by its project's organisation). */
static int lot_hidden(const struct mf_registry *reg, const struct mf_lot *l,
                      const char *org)
{
    const struct mf_project *p =
        l->project ? mf_registry_project(reg, l->project) : NULL;
    return !l->is_public && (!p || !org_is(p->org, org));
}

/* ---- who may write: the use cases ask before they write ---- */

enum act { ACT_ISSUE, ACT_CONFIRM, ACT_CORRECT, ACT_IMPORT };

struct verdict {
    struct req *r;
    enum act act;
    int status; /* 0: allowed; else 403 or 404 */
    char detail[240];
};

static int refuse(struct verdict *v, int status, struct mf_error *err,
                  const char *fmt, const char *a)
{
    v->status = status;
    snprintf(v->detail, sizeof v->detail, fmt, a ? a : "");
    return mf_error_set(err, MF_EINVAL, "%s", v->detail);
}

static int may_write(void *ctx, const struct mf_registry *reg,
                     const struct mf_ticket *t, struct mf_error *err)
{
    struct verdict *v = ctx;
    const char *org = v->r->user.org;
    const struct mf_lot *lot = t->lot ? mf_registry_lot(reg, t->lot) : NULL;

    if (is_admin(v->r))
        return MF_OK;
    switch (v->act) {
    case ACT_CONFIRM:
        /* The receiver confirms what reaches it, whoever's lot it is. */
        if (!org_is(site_org(reg, t->destination), org))
            return refuse(v, 403, err,
                          "only the organisation of the receiving site '%s' "
                          "confirms this load",
                          t->destination);
        return MF_OK;
    case ACT_IMPORT:
        /* A receiving site's weighbridge records every load that
         * reaches it; a source site's export is held to the rules of
         * issuing. */
        if (org_is(site_org(reg, t->destination), org))
            return MF_OK;
        if (!org_is(site_org(reg, t->origin), org))
            return refuse(v, 403, err,
                          "ticket '%s' neither leaves nor reaches a site of "
                          "your organisation; an editor uploads only its own "
                          "sites' loads (nothing was written)",
                          t->id);
        break;
    case ACT_ISSUE:
    case ACT_CORRECT:
        break;
    }
    if (lot && lot_hidden(reg, lot, org))
        return refuse(v, 404, err, "no lot '%s' that you may see", t->lot);
    if (!org_is(site_org(reg, t->origin), org))
        return refuse(v, 403, err,
                      "only the organisation of the source site '%s' issues "
                      "and corrects its tickets",
                      t->origin);
    if (lot && !org_is(lot_org(reg, lot), org) &&
        !(lot->site && t->origin && !strcmp(lot->site, t->origin)))
        return refuse(v, 403, err,
                      "lot '%s' is neither your organisation's nor registered "
                      "at the source site",
                      t->lot);
    return MF_OK;
}

/* ---- reading the body ---- */

static void bad(struct req *r, const char *where, const char *detail)
{
    req_problem(r, 400, "invalid", "Invalid input", detail, where);
}

/* 0 when every member of j is one of names (NULL-terminated); else
 * answers 400 naming the first that is not. */
static int known_fields(struct req *r, json_t *j, const char *const *names)
{
    const char *k;
    json_t *v;
    size_t i;

    json_object_foreach(j, k, v)
    {
        for (i = 0; names[i] && strcmp(names[i], k); i++)
            ;
        if (!names[i]) {
            bad(r, k, "unknown field");
            return -1;
        }
    }
    return 0;
}

/* A string member: *out NULL when absent or null. */
static int get_str(struct req *r, json_t *j, const char *name, int required,
                   const char **out)
{
    json_t *v = json_object_get(j, name);

    *out = NULL;
    if (!v || json_is_null(v)) {
        if (required) {
            bad(r, name, "required");
            return -1;
        }
        return 0;
    }
    if (!json_is_string(v) || !json_string_length(v) ||
        json_string_length(v) > 200) {
        bad(r, name, "must be a string of 1 to 200 characters");
        return -1;
    }
    *out = json_string_value(v);
    return 0;
}

/* A number member (tonnes or m3); *out untouched when absent. */
static int get_num(struct req *r, json_t *j, const char *name, double lo,
                   double hi, int required, double *out)
{
    json_t *v = json_object_get(j, name);
    char d[96];

    if (!v || json_is_null(v)) {
        if (required)
            bad(r, name, "required");
        return required ? -1 : 0;
    }
    if (!json_is_number(v) || !isfinite(json_number_value(v)) ||
        json_number_value(v) <= lo || json_number_value(v) > hi) {
        snprintf(d, sizeof d, "must be a number above %g and up to %g", lo, hi);
        bad(r, name, d);
        return -1;
    }
    *out = json_number_value(v);
    return 0;
}

/* A moment: "2026-03-02T07:15:00Z", an offset, or Norwegian local time
 * (mf_time_parse); *out untouched when absent. */
static int get_time(struct req *r, json_t *j, const char *name, int64_t *out)
{
    json_t *v = json_object_get(j, name);
    struct mf_error err = {0};

    if (!v || json_is_null(v))
        return 0;
    if (!json_is_string(v) ||
        mf_time_parse(json_string_value(v), out, &err) != MF_OK) {
        bad(r, name,
            err.message[0] ? err.message
                           : "must be a time such as 2026-03-02T07:15:00Z");
        return -1;
    }
    return 0;
}

static void iso(int64_t t, char out[32])
{
    struct tm tm;
    time_t tt = (time_t)t;

    if (t == MF_TIME_NONE || !gmtime_r(&tt, &tm)) {
        out[0] = '\0';
        return;
    }
    strftime(out, 32, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

static json_t *jstr(const char *s)
{
    return s && s[0] ? json_string(s) : json_null();
}

/* A write's failure: the role check's verdict, else the library's. */
static void answer_failure(struct req *r, const struct verdict *v,
                           const struct mf_error *err)
{
    if (v->status == 404)
        req_problem(r, 404, "not_found", "Not found", v->detail, "lot");
    else if (v->status)
        req_problem(r, 403, "forbidden", "Forbidden", v->detail, NULL);
    else if (err->code == MF_EINVAL && !strcmp(err->where, "id"))
        /* The store's word for an id taken: records are never
         * replaced. */
        req_problem(r, 409, "conflict", "Conflict", err->message, "id");
    else
        req_error(r, err);
}

static void answer_written(struct req *r, const char *kind,
                           const struct app_ticket_result *res, int with_code)
{
    char loc[160];
    json_t *j;

    if (!strcmp(kind, "receipt")) {
        j = json_pack("{s:s, s:s}", "id", res->id, "ticket", res->corrects);
        snprintf(loc, sizeof loc, "/api/v1/custody/tickets/%s", res->corrects);
    } else {
        j = json_pack("{s:s, s:o, s:s}", "id", res->id, "corrects",
                      jstr(res->corrects), "code", with_code ? res->code : "");
        snprintf(loc, sizeof loc, "/api/v1/custody/tickets/%s", res->id);
        if (j)
            json_object_set_new(j, "self", json_string(loc));
    }
    req_header(r, "Location", loc);
    req_json(r, 201, j);
}

static int editor_has_org(struct req *r)
{
    if (is_admin(r) || r->user.org[0])
        return 1;
    req_problem(r, 403, "forbidden", "Forbidden",
                "an editor without an organisation writes nothing", NULL);
    return 0;
}

/* ---- POST /api/v1/custody/tickets ---- */

void custody_api_issue(struct req *r, json_t *body)
{
    static const char *const fields[] = {
        "id",      "lot",      "origin",      "destination",
        "haulier", "vehicle",  "material",    "quantity",
        "unit",    "departed", "quality_doc", NULL};
    struct app_ticket_opts o = APP_TICKET_OPTS_INIT;
    struct app_ticket_result res;
    struct verdict v = {.r = r, .act = ACT_ISSUE};
    struct mf_error err = {0};
    int rc;

    if (!editor_has_org(r) || known_fields(r, body, fields) ||
        get_str(r, body, "id", 0, &o.id) ||
        get_str(r, body, "lot", 1, &o.lot) ||
        get_str(r, body, "origin", 1, &o.origin) ||
        get_str(r, body, "destination", 1, &o.destination) ||
        get_str(r, body, "haulier", 1, &o.haulier) ||
        get_str(r, body, "vehicle", 1, &o.vehicle) ||
        get_str(r, body, "material", 0, &o.material) ||
        get_num(r, body, "quantity", 0, 1000, 1, &o.quantity) ||
        get_str(r, body, "unit", 0, &o.state) ||
        get_time(r, body, "departed", &o.departed) ||
        get_str(r, body, "quality_doc", 0, &o.quality_doc))
        return;
    o.who.id = r->user.id;
    o.who.email = r->user.email;
    o.who.check = may_write;
    o.who.check_ctx = &v;
    pthread_mutex_lock(&r->srv->app_lock);
    rc = app_custody_issue(r->srv->sess, &o, &res, &err);
    pthread_mutex_unlock(&r->srv->app_lock);
    if (rc) {
        answer_failure(r, &v, &err);
        return;
    }
    answer_written(r, "ticket", &res, 1);
}

/* ---- POST /api/v1/custody/receipts ---- */

void custody_api_confirm(struct req *r, json_t *body)
{
    static const char *const fields[] = {"ticket",   "code",    "id",
                                         "site",     "arrived", "weighed_t",
                                         "accepted", "reason",  NULL};
    struct app_receipt_opts o = APP_RECEIPT_OPTS_INIT;
    struct app_ticket_result res;
    struct verdict v = {.r = r, .act = ACT_CONFIRM};
    struct mf_error err = {0};
    json_t *acc;
    const char *reason = NULL;
    int rc;

    if (!editor_has_org(r) || known_fields(r, body, fields) ||
        get_str(r, body, "ticket", 1, &o.ticket) ||
        get_str(r, body, "code", 1, &o.code) ||
        get_str(r, body, "id", 0, &o.id) ||
        get_str(r, body, "site", 0, &o.site) ||
        get_time(r, body, "arrived", &o.arrived) ||
        get_num(r, body, "weighed_t", 0, 1000, 0, &o.weighed_t) ||
        get_str(r, body, "reason", 0, &reason))
        return;
    acc = json_object_get(body, "accepted");
    if (!json_is_boolean(acc)) {
        bad(r, "accepted",
            "required: true when the load is accepted, false when it is "
            "turned away (then give the reason)");
        return;
    }
    if (json_is_false(acc)) {
        if (!reason) {
            bad(r, "reason", "a rejected load must say why");
            return;
        }
        o.rejected = reason;
    }
    o.who.id = r->user.id;
    o.who.email = r->user.email;
    o.who.check = may_write;
    o.who.check_ctx = &v;
    pthread_mutex_lock(&r->srv->app_lock);
    rc = app_custody_confirm(r->srv->sess, &o, &res, &err);
    pthread_mutex_unlock(&r->srv->app_lock);
    if (rc == MF_ENOTFOUND) {
        req_problem(r, 404, "not_found", "Not found",
                    "no ticket with this id and verification code", "ticket");
        return;
    }
    if (rc) {
        answer_failure(r, &v, &err);
        return;
    }
    answer_written(r, "receipt", &res, 0);
}

/* ---- POST /api/v1/custody/corrections ---- */

void custody_api_correct(struct req *r, json_t *body)
{
    static const char *const fields[] = {
        "ticket",      "reason",  "void",        "quantity", "unit",
        "destination", "vehicle", "quality_doc", "departed", NULL};
    struct app_correct_opts o = APP_CORRECT_OPTS_INIT;
    struct app_ticket_result res;
    struct verdict v = {.r = r, .act = ACT_CORRECT};
    struct mf_error err = {0};
    json_t *vd;
    int rc;

    if (!editor_has_org(r) || known_fields(r, body, fields) ||
        get_str(r, body, "ticket", 1, &o.ticket) ||
        get_str(r, body, "reason", 1, &o.reason) ||
        get_num(r, body, "quantity", 0, 1000, 0, &o.quantity) ||
        get_str(r, body, "unit", 0, &o.state) ||
        get_str(r, body, "destination", 0, &o.destination) ||
        get_str(r, body, "vehicle", 0, &o.vehicle) ||
        get_str(r, body, "quality_doc", 0, &o.quality_doc) ||
        get_time(r, body, "departed", &o.departed))
        return;
    vd = json_object_get(body, "void");
    if (vd && !json_is_boolean(vd)) {
        bad(r, "void", "must be true or false");
        return;
    }
    o.voids = json_is_true(vd);
    o.who.id = r->user.id;
    o.who.email = r->user.email;
    o.who.check = may_write;
    o.who.check_ctx = &v;
    pthread_mutex_lock(&r->srv->app_lock);
    rc = app_custody_correct(r->srv->sess, &o, &res, &err);
    pthread_mutex_unlock(&r->srv->app_lock);
    if (rc == MF_ENOTFOUND) {
        req_problem(r, 404, "not_found", "Not found", "no ticket with this id",
                    "ticket");
        return;
    }
    if (rc) {
        answer_failure(r, &v, &err);
        return;
    }
    answer_written(r, "ticket", &res, 1);
}

/* ---- reading: the tickets as stored ---- */

/* Query values, percent-decoded (NULL when absent; answers 400 and sets
 * *fail for a bad escape). */
static const char *arg(struct req *r, const char *name, char *buf, size_t len,
                       int *fail)
{
    const char *v = req_get_arg(r, name);

    if (!v)
        return NULL;
    if (route_decode(v, buf, len) < 0) {
        bad(r, name, "not a valid percent-encoded value");
        *fail = 1;
        return NULL;
    }
    return buf;
}

static int arg_long(struct req *r, const char *name, long lo, long hi,
                    long *out)
{
    char buf[32], *end, d[96];
    int fail = 0;
    const char *s = arg(r, name, buf, sizeof buf, &fail);
    long v;

    if (fail)
        return -1;
    if (!s)
        return 0;
    errno = 0;
    v = strtol(s, &end, 10);
    if (!*s || errno || *end || v < lo || v > hi) {
        snprintf(d, sizeof d, "must be a whole number from %ld to %ld", lo, hi);
        bad(r, name, d);
        return -1;
    }
    *out = v;
    return 0;
}

/* What the caller may see of a ticket: 0 nothing, 1 the ticket, 2 the
 * ticket and its verification code. */
static int sight(const struct req *r, const struct mf_registry *reg,
                 const char *origin, const char *destination)
{
    const char *org = r->user.org;

    if (is_admin(r))
        return 2;
    if (org_is(site_org(reg, origin), org))
        return 2;
    if (is_authority(r) || org_is(site_org(reg, destination), org))
        return 1;
    return 0;
}

/* The sites whose tickets the caller may see, as the JSON array the
 * store's query takes; NULL for every site (an administrator, an
 * authority). */
static char *seen_sites(const struct req *r, const struct mf_registry *reg)
{
    json_t *a;
    char *text;
    size_t i, n;

    if (is_admin(r) || is_authority(r))
        return NULL;
    a = json_array();
    n = mf_registry_count(reg, MF_ENT_SITE);
    for (i = 0; a && i < n; i++) {
        const struct mf_site *s = mf_registry_site_at(reg, i);
        if (org_is(s->org, r->user.org))
            json_array_append_new(a, json_string(s->id));
    }
    text = a ? json_dumps(a, JSON_COMPACT) : NULL;
    json_decref(a);
    return text;
}

/* A ticket as the store found it, with its chain's receipt and status. */
static json_t *ticket_json(const struct mf_registry *reg,
                           const struct store_custody_found *f, int with_code)
{
    const struct store_ticket *t = &f->ticket;
    const struct store_receipt *rec = &f->receipt;
    const struct mf_catalog *cat = mf_registry_catalog(reg);
    int mi = mf_catalog_find_material(cat, t->material);
    const struct mf_material *m = mi >= 0 ? mf_catalog_material(cat, mi) : NULL;
    char dep[32], arr[32], self[160];
    json_t *j, *rj = json_null();

    iso(t->departed, dep);
    if (f->has_receipt) {
        iso(rec->arrived, arr);
        rj = json_pack("{s:s, s:s, s:o, s:b, s:o}", "id", rec->id, "arrived",
                       arr, "weighed_t",
                       rec->weighed_t >= 0 ? json_real(rec->weighed_t)
                                           : json_null(),
                       "accepted", rec->accepted, "reason",
                       jstr(rec->accepted ? rec->reason : rec->rejection));
    }
    snprintf(self, sizeof self, "/api/v1/custody/tickets/%s", t->id);
    j = json_pack(
        "{s:s, s:s, s:s, s:s, s:s, s:s, s:o, s:f, s:s, s:s, s:o, s:o, s:o, "
        "s:b, s:s, s:o, s:o, s:s}",
        "id", t->id, "lot", t->lot, "origin", t->origin, "destination", t->dest,
        "haulier", t->haulier, "vehicle", t->vehicle, "material",
        m ? json_string(m->code) : json_null(), "quantity", t->quantity, "unit",
        mf_state_name(mf_state_parse(t->state)), "departed", dep, "quality_doc",
        jstr(t->quality_doc), "corrects", jstr(t->corrects), "reason",
        jstr(t->reason), "voids", t->voids, "status", f->status, "corrected_by",
        jstr(f->corrected_by), "receipt", rj, "self", self);
    if (j && with_code)
        json_object_set_new(j, "code", jstr(t->code));
    return j;
}

/* Collects the tickets the store hands over (one page). */
struct page {
    struct req *r;
    const struct mf_registry *reg;
    json_t *arr;
    int seen; /* get: the sight of the one found */
};

static int page_add(void *ctx, const struct store_custody_found *f,
                    struct mf_error *err)
{
    struct page *p = ctx;
    int see = sight(p->r, p->reg, f->ticket.origin, f->ticket.dest);
    json_t *j;

    /* The query asked only for what the caller may see. */
    if (!see)
        return MF_OK;
    p->seen = see;
    if (!(j = ticket_json(p->reg, f, see == 2)) ||
        json_array_append_new(p->arr, j))
        return mf_error_set(err, MF_ENOMEM, "out of memory");
    return MF_OK;
}

/* The registry without its lots: who owns a site, the catalogue. */
static int registry(struct req *r, struct mf_registry **reg,
                    struct mf_error *err)
{
    int rc;

    pthread_mutex_lock(&r->srv->app_lock);
    rc = app_custody_registry(r->srv->sess, reg, err);
    pthread_mutex_unlock(&r->srv->app_lock);
    return rc;
}

/* GET /api/v1/custody/tickets?lot=&site=&status=&after=&limit=&offset=:
 * one page, filtered and paged by the database. */
void custody_api_list(struct req *r)
{
    static const char *const states[] = {"in_transit", "received", "rejected",
                                         "corrected",  "void",     NULL};
    char lot[160], site[160], st[32], after[160];
    struct store_custody_query q = STORE_CUSTODY_QUERY_INIT;
    struct mf_registry *reg = NULL;
    long limit = LIST_DEFAULT, offset = 0;
    struct mf_error err = {0};
    struct page p = {0};
    char *sites = NULL;
    long long total = 0;
    int fail = 0, k, rc;

    q.lot = arg(r, "lot", lot, sizeof lot, &fail);
    if (!fail)
        q.site = arg(r, "site", site, sizeof site, &fail);
    if (!fail)
        q.status = arg(r, "status", st, sizeof st, &fail);
    if (!fail)
        q.after = arg(r, "after", after, sizeof after, &fail);
    if (fail || arg_long(r, "limit", 1, LIST_MAX, &limit) ||
        arg_long(r, "offset", 0, 0x7fffffffL, &offset))
        return;
    if (q.status) {
        for (k = 0; states[k] && strcmp(states[k], q.status); k++)
            ;
        if (!states[k]) {
            bad(r, "status",
                "must be in_transit, received, rejected, corrected or void");
            return;
        }
    }
    if ((rc = registry(r, &reg, &err))) {
        req_error(r, &err);
        return;
    }
    sites = seen_sites(r, reg);
    q.sites = sites;
    q.limit = limit;
    q.offset = offset;
    p.r = r;
    p.reg = reg;
    p.arr = json_array();
    if (!p.arr)
        rc = mf_error_set(&err, MF_ENOMEM, "out of memory");
    else if (!is_admin(r) && !is_authority(r) && !sites)
        rc = mf_error_set(&err, MF_ENOMEM, "out of memory");
    else {
        pthread_mutex_lock(&r->srv->app_lock);
        rc = app_custody_find(r->srv->sess, &q, page_add, &p, &total, &err);
        pthread_mutex_unlock(&r->srv->app_lock);
    }
    free(sites);
    mf_registry_free(reg);
    if (rc) {
        json_decref(p.arr);
        req_error(r, &err);
        return;
    }
    req_json(r, 200,
             json_pack("{s:o, s:I, s:i, s:i}", "tickets", p.arr, "total",
                       (json_int_t)total, "limit", (int)limit, "offset",
                       (int)offset));
}

/* GET /api/v1/custody/tickets/{id}: one record, with its code for who
 * issued it. */
void custody_api_get(struct req *r, const char *id)
{
    struct store_custody_query q = STORE_CUSTODY_QUERY_INIT;
    struct mf_registry *reg = NULL;
    struct mf_error err = {0};
    struct page p = {0};
    int rc;

    if ((rc = registry(r, &reg, &err))) {
        req_error(r, &err);
        return;
    }
    q.id = id;
    p.r = r;
    p.reg = reg;
    if (!(p.arr = json_array()))
        rc = mf_error_set(&err, MF_ENOMEM, "out of memory");
    else {
        pthread_mutex_lock(&r->srv->app_lock);
        rc = app_custody_find(r->srv->sess, &q, page_add, &p, NULL, &err);
        pthread_mutex_unlock(&r->srv->app_lock);
    }
    mf_registry_free(reg);
    if (rc) {
        json_decref(p.arr);
        req_error(r, &err);
        return;
    }
    if (!json_array_size(p.arr)) {
        json_decref(p.arr);
        req_problem(r, 404, "not_found", "Not found",
                    "no ticket with this id that you may see", "id");
        return;
    }
    req_json(r, 200, json_incref(json_array_get(p.arr, 0)));
    json_decref(p.arr);
}

/* ---- the balance and the checks ---- */

/* The options balance and check share, as the CLI reads them. */
static int read_opts(struct req *r, struct mf_custody_opts *o,
                     struct mf_custody_params *params, char *muni,
                     size_t muni_len)
{
    struct mf_custody_opts init = MF_CUSTODY_OPTS_INIT;
    struct mf_error err = {0};
    char buf[64];
    const char *v;
    int fail = 0, k;

    *o = init;
    if (mf_custody_params_load(params, app_config_of(r->srv->app)->data_dir,
                               &err)) {
        req_error(r, &err);
        return -1;
    }
    o->params = params;
    if ((v = arg(r, "as_of", buf, sizeof buf, &fail)) &&
        mf_time_parse(v, &o->as_of, &err)) {
        bad(r, "as_of", err.message);
        return -1;
    }
    if (!fail && (v = arg(r, "period", buf, sizeof buf, &fail))) {
        if ((k = mf_period_kind_parse(v)) < 0) {
            bad(r, "period", "must be week, month, quarter or year");
            return -1;
        }
        o->period = (enum mf_period_kind)k;
    }
    if (!fail && (v = arg(r, "municipality", muni, muni_len, &fail))) {
        if (strlen(v) != 4 || strspn(v, "0123456789") != 4) {
            bad(r, "municipality", "must be a 4-digit kommunenummer");
            return -1;
        }
        o->municipality = v;
    }
    return fail ? -1 : 0;
}

static json_t *row_json(const struct mf_custody_balance *b,
                        const struct mf_custody_row *w)
{
    char label[32];

    return json_pack(
        "{s:s, s:s, s:o, s:f, s:f, s:f, s:f, s:f, s:f, s:f, s:f, s:f, s:f, "
        "s:I}",
        "dim", mf_custody_dim_name(w->dim), "key", w->key, "period",
        w->period < 0 ? json_null()
                      : json_string(mf_period_label(&b->periods, w->period,
                                                    label, sizeof label)),
        "surplus_t", w->surplus_t, "planned_t", w->planned_t, "dispatched_t",
        w->dispatched_t, "received_t", w->received_t, "rejected_t",
        w->rejected_t, "transit_t", w->transit_t, "stored_t", w->stored_t,
        "in_place_t", w->in_place_t, "difference_t", w->difference_t,
        "tolerance_t", w->tolerance_t, "tickets", (json_int_t)w->tickets);
}

/* GET /api/v1/custody/balance?by=&period=&per_period=&as_of=&municipality= */
void custody_api_balance(struct req *r)
{
    struct mf_custody_opts o;
    struct mf_custody_params params;
    struct mf_custody_balance *b = NULL;
    struct app_custody *c = NULL;
    struct mf_error err = {0};
    char muni[16], buf[32];
    const char *v;
    enum mf_custody_dim by = MF_CDIM_LOT;
    int fail = 0, k, per_period = 0;
    json_t *rows, *total = json_null(), *diffs;
    size_t i;

    if (read_opts(r, &o, &params, muni, sizeof muni))
        return;
    if ((v = arg(r, "by", buf, sizeof buf, &fail))) {
        for (k = MF_CDIM_LOT; k < MF_CDIM_COUNT; k++)
            if (!strcmp(v, mf_custody_dim_name((enum mf_custody_dim)k)))
                break;
        if (k == MF_CDIM_COUNT) {
            bad(r, "by", "must be lot, site, project or municipality");
            return;
        }
        by = (enum mf_custody_dim)k;
    }
    if (!fail && (v = arg(r, "per_period", buf, sizeof buf, &fail))) {
        if (strcmp(v, "0") && strcmp(v, "1")) {
            bad(r, "per_period", "must be 0 or 1");
            return;
        }
        per_period = v[0] == '1';
    }
    if (fail)
        return;
    pthread_mutex_lock(&r->srv->app_lock);
    k = app_custody_load_compact(r->srv->sess, &c, &err);
    pthread_mutex_unlock(&r->srv->app_lock);
    if (k || mf_custody_balance(c->reg, &c->data, &o, &b, &err)) {
        app_custody_free(c);
        req_error(r, &err);
        return;
    }
    rows = json_array();
    diffs = json_array();
    for (i = 0; rows && i < b->n_rows; i++) {
        const struct mf_custody_row *w = &b->rows[i];
        if (w->dim == MF_CDIM_TOTAL && w->period == -1) {
            json_decref(total);
            total = row_json(b, w);
        }
        /* The lines with loads: a receiving site counts none of its
         * own (its tickets leave elsewhere) but receives. */
        if (w->dim == by && (per_period || w->period == -1) &&
            (w->tickets > 0 || w->received_t != 0 || w->rejected_t != 0 ||
             w->transit_t != 0 || w->stored_t != 0))
            json_array_append_new(rows, row_json(b, w));
    }
    for (i = 0; diffs && i < b->n_diffs; i++) {
        const struct mf_custody_diff *d = &b->diffs[i];
        const struct mf_custody_row *w = &b->rows[d->row];
        char label[32];
        json_array_append_new(
            diffs,
            json_pack("{s:s, s:s, s:o, s:s, s:f, s:f, s:f, s:s}", "dim",
                      mf_custody_dim_name(w->dim), "key", w->key, "period",
                      w->period < 0
                          ? json_null()
                          : json_string(mf_period_label(&b->periods, w->period,
                                                        label, sizeof label)),
                      "cause", mf_custody_cause_name(d->cause), "expected_t",
                      d->expected_t, "actual_t", d->actual_t, "tolerance_t",
                      d->tolerance_t, "evidence", d->evidence));
    }
    req_json(r, 200,
             json_pack("{s:s, s:s, s:o, s:o, s:o, s:I, s:I}", "by",
                       mf_custody_dim_name(by), "period",
                       mf_period_kind_name(o.period), "rows",
                       rows ? rows : json_array(), "total", total,
                       "differences", diffs ? diffs : json_array(),
                       "tickets_in", (json_int_t)b->tickets_in,
                       "tickets_outside", (json_int_t)b->tickets_outside));
    mf_custody_balance_free(b);
    app_custody_free(c);
}

/* GET /api/v1/custody/check?check=a,b&as_of=&limit= */
void custody_api_check(struct req *r)
{
    struct mf_custody_opts o;
    struct mf_custody_params params;
    struct mf_custody_findings *f = NULL;
    struct app_custody *c = NULL;
    struct mf_error err = {0};
    char muni[16], names[400];
    const char *v;
    unsigned mask = 0;
    long limit = 1000;
    int fail = 0, k;
    json_t *arr, *counts;
    size_t i;

    if (read_opts(r, &o, &params, muni, sizeof muni) ||
        arg_long(r, "limit", 1, 100000, &limit))
        return;
    if ((v = arg(r, "check", names, sizeof names, &fail))) {
        char one[64];
        const char *p = v;
        while (*p) {
            size_t n = strcspn(p, ",");
            snprintf(one, sizeof one, "%.*s", (int)(n < 63 ? n : 63), p);
            if ((k = mf_custody_check_parse(one)) < 0) {
                bad(r, "check", "names a check that does not exist");
                return;
            }
            mask |= 1u << k;
            p += n + (p[n] == ',');
        }
    }
    if (fail)
        return;
    o.max_findings = (size_t)limit;
    pthread_mutex_lock(&r->srv->app_lock);
    k = app_custody_load_compact(r->srv->sess, &c, &err);
    pthread_mutex_unlock(&r->srv->app_lock);
    if (k || mf_custody_check(c->reg, &c->data, &o, mask, &f, &err)) {
        app_custody_free(c);
        req_error(r, &err);
        return;
    }
    arr = json_array();
    counts = json_object();
    for (i = 0; arr && i < f->n; i++) {
        const struct mf_custody_finding *x = &f->items[i];
        json_array_append_new(
            arr,
            json_pack("{s:s, s:s, s:s, s:o, s:f, s:f, s:s}", "check",
                      mf_custody_check_name(x->check), "kind",
                      mf_custody_rec_name(x->kind), "id", x->id ? x->id : "",
                      "other", jstr(x->other), "value", x->value, "limit",
                      x->limit, "evidence", x->evidence));
    }
    for (k = 0; counts && k < MF_CHK_COUNT; k++)
        if (!mask || (mask & (1u << k)))
            json_object_set_new(counts,
                                mf_custody_check_name((enum mf_custody_check)k),
                                json_integer((json_int_t)f->count[k]));
    req_json(r, 200,
             json_pack("{s:o, s:o, s:I, s:I, s:I, s:I}", "findings",
                       arr ? arr : json_array(), "counts",
                       counts ? counts : json_object(), "total",
                       (json_int_t)(f->n + f->dropped), "dropped",
                       (json_int_t)f->dropped, "tickets",
                       (json_int_t)c->data.n_tickets, "receipts",
                       (json_int_t)c->data.n_receipts));
    mf_custody_findings_free(f);
    app_custody_free(c);
}

/* ---- POST /api/v1/custody/imports: one weighbridge export ---- */

/* An import problem ("upload.csv:12: quantity") with its line and
 * column apart. */
static json_t *issue_json(const struct mf_issue *is)
{
    const char *w = is->where, *c1 = strchr(w, ':');
    json_t *j = json_pack("{s:s, s:s, s:s, s:s}", "where", w, "rule", is->rule,
                          "message", is->message, "severity",
                          mf_severity_name(is->severity));
    char *end;
    long line;

    if (j && c1) {
        line = strtol(c1 + 1, &end, 10);
        if (end != c1 + 1 && (*end == ':' || !*end)) {
            json_object_set_new(j, "line", json_integer(line));
            if (*end == ':') {
                end += 1 + (end[1] == ' ');
                if (*end)
                    json_object_set_new(j, "field", json_string(end));
            }
        }
    }
    return j;
}

void custody_api_import(struct req *r)
{
    struct app_custody_import_opts o = {0};
    struct app_custody_import_result res;
    struct verdict v = {.r = r, .act = ACT_IMPORT};
    struct mf_error err = {0};
    const char *ct = req_get_header(r, "Content-Type");
    const char *dry = req_get_arg(r, "dry_run");
    json_t *issues, *out;
    size_t i;
    int rc;

    if (!ct || strncmp(ct, "text/csv", 8) ||
        (ct[8] && ct[8] != ';' && ct[8] != ' ')) {
        req_problem(r, 415, "unsupported_media_type", "Unsupported media type",
                    "send the weighbridge export as Content-Type: text/csv",
                    NULL);
        return;
    }
    if (!editor_has_org(r))
        return;
    o.data = r->body ? r->body : "";
    o.len = r->body_len;
    o.label = "upload.csv";
    o.dry_run = dry && !strcmp(dry, "1");
    o.max_problems = 1000;
    o.who.id = r->user.id;
    o.who.email = r->user.email;
    o.who.check = may_write;
    o.who.check_ctx = &v;
    pthread_mutex_lock(&r->srv->app_lock);
    rc = app_custody_import(r->srv->sess, &o, &res, &err);
    pthread_mutex_unlock(&r->srv->app_lock);
    if (v.status) {
        app_custody_import_result_free(&res);
        if (v.status == 404)
            req_problem(r, 404, "not_found", "Not found", v.detail, err.where);
        else
            req_problem(r, 403, "forbidden", "Forbidden", v.detail, err.where);
        return;
    }
    issues = json_array();
    for (i = 0; issues && i < res.issues.n; i++)
        json_array_append_new(issues, issue_json(&res.issues.items[i]));
    if (rc && res.issues.count[MF_SEV_ERROR]) {
        const char *name, *title;
        int status = problem_status(rc, &name, &title);
        char type[96];
        snprintf(type, sizeof type, "urn:masseflyt:problem:%s", name);
        out = json_pack("{s:s, s:s, s:i, s:s, s:s, s:o, s:I}", "type", type,
                        "title", title, "status", status, "detail", err.message,
                        "where", "upload.csv", "errors",
                        issues ? issues : json_array(), "error_count",
                        (json_int_t)res.issues.count[MF_SEV_ERROR]);
        app_custody_import_result_free(&res);
        req_problem_doc(r, status, out);
        return;
    }
    if (rc) {
        json_decref(issues);
        app_custody_import_result_free(&res);
        req_error(r, &err);
        return;
    }
    out =
        json_pack("{s:b, s:I, s:I, s:I, s:o}", "written", !o.dry_run, "tickets",
                  (json_int_t)res.tickets, "receipts", (json_int_t)res.receipts,
                  "vehicles", (json_int_t)res.vehicles, "issues",
                  issues ? issues : json_array());
    app_custody_import_result_free(&res);
    req_json(r, o.dry_run ? 200 : 201, out);
}
