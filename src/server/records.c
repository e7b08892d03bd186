/*
 * records.c - the registry's write routes: POST, PUT and DELETE of
 * projects, sites and lots, and GET of one project. Each write is one
 * call of app_record_write (src/app/record.c), which reads the body
 * through the import's own parsers and rules and writes the record and
 * its audit record in one transaction; this file decides who may write
 * and whether the caller read the version it replaces:
 *
 *   - PUT and DELETE need If-Match with the record's ETag (428 without,
 *     412 when it is not the stored record's); the ETag is a hash of the
 *     record as stored, compared inside the write's transaction;
 *   - an administrator writes every record; an organisation's editor
 *     only records of its own organisation, before and after the write
 *     (a lot belongs to its project's organisation, else its site's);
 *     a non-public lot of another organisation is answered 404, as a
 *     read would be.
 */
#include "srv_int.h"

#include "app.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const plural[MF_ENT_COUNT] = {
    [MF_ENT_ORG] = "orgs",
    [MF_ENT_PROJECT] = "projects",
    [MF_ENT_SITE] = "sites",
    [MF_ENT_LOT] = "lots",
};

static const char *const singular[MF_ENT_COUNT] = {
    [MF_ENT_ORG] = "organisation",
    [MF_ENT_PROJECT] = "project",
    [MF_ENT_SITE] = "site",
    [MF_ENT_LOT] = "lot",
};

void rec_etag(const char *json, char out[40])
{
    char h[65];

    auth_hash_hex(json, h);
    snprintf(out, 40, "\"r%.32s\"", h);
}

/* What the check found wrong, to answer once the write returns. */
struct verdict {
    struct req *r;
    enum mf_entity kind;
    const char *if_match; /* NULL on create */
    int status;           /* 0: allowed */
    const char *name, *title;
    char detail[200];
    const char *where;
};

static int refuse(struct verdict *v, int status, const char *name,
                  const char *title, const char *where, const char *detail,
                  struct mf_error *err)
{
    v->status = status;
    v->name = name;
    v->title = title;
    v->where = where;
    snprintf(v->detail, sizeof v->detail, "%s", detail);
    return mf_error_at(err, MF_EINVAL, where, "%s", detail);
}

/* 1 when the record's JSON says it is public (only lots have the flag;
 * other records are public). */
static int is_public(enum mf_entity kind, const char *json)
{
    json_t *j, *p;
    int pub;

    if (kind != MF_ENT_LOT)
        return 1;
    j = json_loads(json, 0, NULL);
    p = j ? json_object_get(j, "public") : NULL;
    pub = !p || json_is_true(p);
    json_decref(j);
    return pub;
}

static int check(void *ctx, const struct app_record_state *before,
                 const struct app_record_state *after, struct mf_error *err)
{
    struct verdict *v = ctx;
    const struct store_account *u = &v->r->user;
    int editor = strcmp(u->role, "administrator") != 0;

    if (before->json) {
        char tag[40];
        if (editor && (!before->org || strcmp(before->org, u->org)) &&
            !is_public(v->kind, before->json))
            return refuse(v, 404, "not_found", "Not found", "id",
                          "no record with this id that you may see", err);
        rec_etag(before->json, tag);
        if (!v->if_match || strcmp(v->if_match, tag))
            return refuse(v, 412, "precondition_failed", "Precondition failed",
                          "If-Match",
                          "the record has changed since you read it (or "
                          "If-Match is not its ETag): read it again",
                          err);
        if (editor && (!before->org || strcmp(before->org, u->org)))
            return refuse(v, 403, "forbidden", "Forbidden", "id",
                          "an editor changes only its own organisation's "
                          "records",
                          err);
    }
    if (after && editor && (!after->org || strcmp(after->org, u->org)))
        return refuse(v, 403, "forbidden", "Forbidden",
                      v->kind == MF_ENT_PROJECT ? "org" : "project",
                      "an editor writes only records of its own "
                      "organisation: the project (or site) must be one of "
                      "your organisation's",
                      err);
    return MF_OK;
}

/* The problem for a body that breaks rules: the status of MF_EINVAL
 * (the shared table) and `errors`, one per problem: field, rule, message
 * and severity. */
static void answer_bad(struct req *r, const struct app_record_result *res,
                       const struct mf_error *err)
{
    const char *name, *title;
    int status = problem_status(err->code, &name, &title);
    char type[96];
    json_t *j, *errors = json_array();
    size_t i;

    for (i = 0; errors && i < res->issues.n; i++) {
        const struct mf_issue *is = &res->issues.items[i];
        const char *field = is->where;
        const char *colon = strrchr(field, ':');
        if (colon)
            field = colon + 1 + (colon[1] == ' ');
        json_array_append_new(
            errors,
            json_pack("{s:s, s:s, s:s, s:s}", "field", *field ? field : "body",
                      "rule", is->rule, "message", is->message, "severity",
                      mf_severity_name(is->severity)));
    }
    snprintf(type, sizeof type, "urn:masseflyt:problem:%s", name);
    j = json_pack("{s:s, s:s, s:i, s:s, s:s, s:o}", "type", type, "title",
                  title, "status", status, "detail", err->message, "where",
                  err->where[0] ? err->where : "body", "errors",
                  errors ? errors : json_array());
    req_problem_doc(r, status, j);
}

static void answer_record(struct req *r, int status, enum mf_entity kind,
                          const struct app_record_result *res)
{
    char tag[40], loc[256];
    json_t *j = json_loads(res->after, 0, NULL);

    rec_etag(res->after, tag);
    req_header(r, "ETag", tag);
    if (status == 201) {
        char enc[200];
        size_t i, o = 0;
        /* Ids are letters, digits and a few marks; anything else is
         * percent-encoded in the address. */
        for (i = 0; res->id[i] && o + 4 < sizeof enc; i++) {
            unsigned char c = (unsigned char)res->id[i];
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                (c >= '0' && c <= '9') || strchr("-._~", c))
                enc[o++] = (char)c;
            else
                o += (size_t)snprintf(enc + o, sizeof enc - o, "%%%02X", c);
        }
        enc[o] = '\0';
        snprintf(loc, sizeof loc, "/api/v1/%s/%s", plural[kind], enc);
        req_header(r, "Location", loc);
    }
    req_json(r, status, j);
}

/* 1 when a POST's id (in the body) is that of a lot the caller may not
 * see: another organisation's non-public lot, for an editor. Such a POST
 * is answered as GET, PUT and DELETE of the id are (404), so the answer
 * says no more about the lot than a read does; nothing is written. */
static int hidden_lot(struct req *r, enum mf_entity kind)
{
    struct app_show_result shown;
    struct mf_error err = {0};
    const struct mf_project *p;
    json_t *body, *idv;
    int hidden = 0;

    if (kind != MF_ENT_LOT || !strcmp(r->user.role, "administrator"))
        return 0;
    body = json_loadb(r->body ? r->body : "", r->body_len, 0, NULL);
    idv = body ? json_object_get(body, "id") : NULL;
    memset(&shown, 0, sizeof shown);
    if (json_is_string(idv)) {
        pthread_mutex_lock(&r->srv->app_lock);
        if (app_show(r->srv->sess, json_string_value(idv), MF_DATE_NONE, &shown,
                     &err) == MF_OK &&
            shown.lot && !shown.lot->is_public) {
            p = shown.lot->project
                    ? mf_registry_project(shown.reg, shown.lot->project)
                    : NULL;
            hidden = !p || !p->org || strcmp(p->org, r->user.org);
        }
        app_show_result_free(&shown);
        pthread_mutex_unlock(&r->srv->app_lock);
    }
    json_decref(body);
    return hidden;
}

void rec_write(struct req *r, enum mf_entity kind, int op, const char *id)
{
    struct app_record_opts o = {.kind = kind,
                                .op = (enum app_record_op)op,
                                .id = id,
                                .as_of = MF_DATE_NONE};
    struct app_record_result res;
    struct verdict v = {.r = r, .kind = kind};
    struct mf_error err = {0};
    const char *ct = req_get_header(r, "Content-Type");
    char detail[160];

    if (strcmp(r->user.role, "administrator") && !r->user.org[0]) {
        req_problem(r, 403, "forbidden", "Forbidden",
                    "an editor without an organisation writes nothing", NULL);
        return;
    }
    if (op != APP_REC_CREATE) {
        v.if_match = req_get_header(r, "If-Match");
        if (!v.if_match) {
            snprintf(detail, sizeof detail,
                     "send If-Match with the ETag of the %s you read",
                     singular[kind]);
            req_problem(r, 428, "precondition_required",
                        "Precondition required", detail, "If-Match");
            return;
        }
    }
    if (op != APP_REC_DELETE) {
        if (!ct || strncmp(ct, "application/json", 16) ||
            (ct[16] && ct[16] != ';' && ct[16] != ' ')) {
            req_problem(r, 415, "unsupported_media_type",
                        "Unsupported media type",
                        "the body must be sent as Content-Type: "
                        "application/json",
                        NULL);
            return;
        }
        o.json = r->body ? r->body : "";
        o.len = r->body_len;
    }
    o.check = check;
    o.check_ctx = &v;
    o.actor = r->user.id;
    o.actor_email = r->user.email;
    /* The outcome says what happened; the status is in err. */
    pthread_mutex_lock(&r->srv->app_lock);
    app_record_write(r->srv->sess, &o, &res, &err);
    pthread_mutex_unlock(&r->srv->app_lock);
    /* The read model (geo.c): a lot is updated in place; any other
     * record can change many lots, and the model is built again. */
    if (res.outcome == APP_REC_DONE && kind == MF_ENT_LOT)
        srv_cache_lot_written(r->srv, res.id);
    else if (res.outcome == APP_REC_DONE)
        srv_cache_invalidate(r->srv);
    switch (res.outcome) {
    case APP_REC_DONE:
        if (op == APP_REC_DELETE)
            req_empty(r, 204);
        else
            answer_record(r, op == APP_REC_CREATE ? 201 : 200, kind, &res);
        break;
    case APP_REC_BAD:
        answer_bad(r, &res, &err);
        break;
    case APP_REC_EXISTS:
        if (op == APP_REC_CREATE && hidden_lot(r, kind)) {
            req_problem(r, 404, "not_found", "Not found",
                        "no record with this id that you may see", "id");
            break;
        }
        req_problem(r, 409, "conflict", "Conflict", err.message, "id");
        break;
    case APP_REC_IN_USE:
        req_problem(r, 409, "conflict", "Conflict", err.message, "id");
        break;
    case APP_REC_MISSING:
        snprintf(detail, sizeof detail, "no %s with this id", singular[kind]);
        req_problem(r, 404, "not_found", "Not found", detail, "id");
        break;
    case APP_REC_REFUSED:
        if (v.status) {
            req_problem(r, v.status, v.name, v.title, v.detail, v.where);
            break;
        }
        req_error(r, &err);
        break;
    case APP_REC_FAILED:
        req_error(r, &err);
        break;
    }
    app_record_result_free(&res);
}

void rec_get(struct req *r, enum mf_entity kind, const char *id)
{
    struct mf_error err = {0};
    char *json = NULL, tag[40], detail[96];
    json_t *j;
    int rc;

    pthread_mutex_lock(&r->srv->app_lock);
    rc = app_record_get(r->srv->sess, kind, id, &json, &err);
    pthread_mutex_unlock(&r->srv->app_lock);
    if (rc == MF_ENOTFOUND) {
        snprintf(detail, sizeof detail, "no %s with this id", singular[kind]);
        req_problem(r, 404, "not_found", "Not found", detail, "id");
        return;
    }
    if (rc) {
        req_error(r, &err);
        return;
    }
    rec_etag(json, tag);
    j = json_loads(json, 0, NULL);
    free(json);
    req_header(r, "ETag", tag);
    req_json(r, 200, j);
}

/* ---- uploads: POST /api/v1/imports/{kind} ---- */

struct upload_check {
    struct req *r;
    int refused; /* 0, or the status: 403, or 404 for a hidden lot */
    char detail[240];
    /* The registry as stored when the import starts (an editor's upload):
     * a record it replaces must be the editor's organisation's too. */
    const struct mf_registry *before;
};

/* The organisation of the stored record (e, id), or NULL (a lot's is its
 * project's, else its site's, as for a write); *exists is 1 when there
 * is one, *hidden when it is a non-public lot that an editor of org may
 * not see. */
static const char *stored_org(const struct mf_registry *reg, enum mf_entity e,
                              const char *id, const char *org, int *exists,
                              int *hidden)
{
    const char *owner = NULL;

    *exists = *hidden = 0;
    if (!reg || mf_registry_index(reg, e, id) < 0)
        return NULL;
    *exists = 1;
    if (e == MF_ENT_PROJECT) {
        owner = mf_registry_project(reg, id)->org;
    } else if (e == MF_ENT_SITE) {
        owner = mf_registry_site(reg, id)->org;
    } else if (e == MF_ENT_LOT) {
        const struct mf_lot *l = mf_registry_lot(reg, id);
        const struct mf_project *p =
            l->project ? mf_registry_project(reg, l->project) : NULL;
        const struct mf_site *st =
            l->site ? mf_registry_site(reg, l->site) : NULL;
        owner = p ? p->org : st ? st->org : NULL;
        /* Hidden as a read hides it: by its project's organisation. */
        *hidden = !l->is_public && (!p || !p->org || strcmp(p->org, org));
    }
    return owner;
}

static int upload_check(void *ctx, enum mf_entity e, const char *id,
                        const char *org, struct mf_error *err)
{
    struct upload_check *c = ctx;
    const struct store_account *u = &c->r->user;
    const char *owner;
    int exists, hidden;

    if (!strcmp(u->role, "administrator"))
        return MF_OK;
    owner = stored_org(c->before, e, id, u->org, &exists, &hidden);
    if (hidden) {
        /* As a read of the id would answer: it tells nothing more. */
        c->refused = 404;
        snprintf(c->detail, sizeof c->detail,
                 "no record with this id that you may see: '%s' (nothing was "
                 "written)",
                 id);
        return mf_error_at(err, MF_EINVAL, id, "%s", c->detail);
    }
    if (exists && (!owner || strcmp(owner, u->org))) {
        c->refused = 403;
        snprintf(c->detail, sizeof c->detail,
                 "%s '%s' is stored as %s%s's; an editor replaces only its "
                 "own organisation's records (nothing was written)",
                 singular[e], id, owner ? "organisation " : "no organisation",
                 owner ? owner : "");
        return mf_error_at(err, MF_EINVAL, id, "%s", c->detail);
    }
    if (e == MF_ENT_ORG || !org || strcmp(org, u->org)) {
        c->refused = 403;
        snprintf(c->detail, sizeof c->detail,
                 "%s '%s' belongs to %s%s; an editor imports only its own "
                 "organisation's records (nothing was written)",
                 singular[e], id, org ? "organisation " : "no organisation",
                 org ? org : "");
        return mf_error_at(err, MF_EINVAL, id, "%s", c->detail);
    }
    return MF_OK;
}

/* Splits an import problem's where ("upload.csv:12: quantity") into its
 * line and field. */
static json_t *issue_json(const struct mf_issue *is)
{
    const char *w = is->where, *c1 = strchr(w, ':');
    json_t *j = json_pack("{s:s, s:s, s:s, s:s}", "where", w, "rule", is->rule,
                          "message", is->message, "severity",
                          mf_severity_name(is->severity));
    long line = 0;
    char *end;

    if (!j)
        return NULL;
    if (c1) {
        line = strtol(c1 + 1, &end, 10);
        if (end != c1 + 1 && *end == ':') {
            json_object_set_new(j, "line", json_integer(line));
            end += 1 + (end[1] == ' ');
            if (*end)
                json_object_set_new(j, "field", json_string(end));
        }
    }
    if (is->id[0])
        json_object_set_new(j, "id", json_string(is->id));
    return j;
}

void rec_import(struct req *r, const char *kind_name)
{
    struct app_import_opts o = APP_IMPORT_OPTS_INIT;
    struct app_import_file f = {0};
    struct app_import_result res;
    struct upload_check c = {.r = r};
    struct app_list_result stored;
    struct mf_error err = {0};
    const char *ct = req_get_header(r, "Content-Type");
    const char *dry = req_get_arg(r, "dry_run");
    json_t *issues, *files, *out;
    size_t i;
    int kind = mf_import_kind_parse(kind_name), rc;

    if (kind != MF_ENT_PROJECT && kind != MF_ENT_SITE && kind != MF_ENT_LOT) {
        req_problem(r, 404, "not_found", "Not found",
                    "imports take projects, sites or lots", "kind");
        return;
    }
    if (ct && (!strncmp(ct, "text/csv", 8) &&
               (!ct[8] || ct[8] == ';' || ct[8] == ' '))) {
        f.path = kind == MF_ENT_LOT    ? "lots.csv"
                 : kind == MF_ENT_SITE ? "sites.csv"
                                       : "projects.csv";
    } else if (ct && (!strncmp(ct, "application/geo+json", 20) &&
                      (!ct[20] || ct[20] == ';' || ct[20] == ' '))) {
        f.path = kind == MF_ENT_LOT    ? "lots.geojson"
                 : kind == MF_ENT_SITE ? "sites.geojson"
                                       : "projects.geojson";
        o.geojson = 1;
    } else {
        req_problem(r, 415, "unsupported_media_type", "Unsupported media type",
                    "send the file as Content-Type: text/csv or "
                    "application/geo+json",
                    NULL);
        return;
    }
    if (strcmp(r->user.role, "administrator") && !r->user.org[0]) {
        req_problem(r, 403, "forbidden", "Forbidden",
                    "an editor without an organisation imports nothing", NULL);
        return;
    }
    f.kind = kind;
    o.data = r->body ? r->body : "";
    o.len = r->body_len;
    o.files = &f;
    o.n_files = 1;
    o.dry_run = dry && !strcmp(dry, "1");
    o.check = upload_check;
    o.check_ctx = &c;
    o.actor = r->user.id;
    o.actor_email = r->user.email;
    o.max_problems = 1000;
    memset(&stored, 0, sizeof stored);
    pthread_mutex_lock(&r->srv->app_lock);
    /* An editor's upload: the registry as stored, read under the same
     * lock as every write of the server, so no write comes between. */
    if (strcmp(r->user.role, "administrator")) {
        struct app_list_opts lo = APP_LIST_OPTS_INIT;
        lo.what = kind == MF_ENT_LOT ? MF_ENT_LOT : MF_ENT_PROJECT;
        rc = app_list(r->srv->sess, &lo, &stored, &err);
        c.before = stored.reg;
    } else {
        rc = MF_OK;
    }
    if (rc == MF_OK)
        rc = app_import(r->srv->sess, &o, &res, &err);
    else
        memset(&res, 0, sizeof res);
    pthread_mutex_unlock(&r->srv->app_lock);
    app_list_result_free(&stored);
    if (rc == MF_OK && res.written)
        srv_cache_invalidate(r->srv);
    if (c.refused == 404) {
        req_problem(r, 404, "not_found", "Not found", c.detail, "id");
        app_import_result_free(&res);
        return;
    }
    if (c.refused) {
        req_problem(r, 403, "forbidden", "Forbidden", c.detail, "org");
        app_import_result_free(&res);
        return;
    }
    issues = json_array();
    for (i = 0; issues && i < res.issues.n; i++)
        json_array_append_new(issues, issue_json(&res.issues.items[i]));
    if (rc && res.checked) {
        const char *name, *title;
        int status = problem_status(rc, &name, &title);
        char type[96];
        snprintf(type, sizeof type, "urn:masseflyt:problem:%s", name);
        out = json_pack("{s:s, s:s, s:i, s:s, s:s, s:o, s:I}", "type", type,
                        "title", title, "status", status, "detail", err.message,
                        "where", f.path, "errors",
                        issues ? issues : json_array(), "error_count",
                        (json_int_t)res.issues.count[MF_SEV_ERROR]);
        app_import_result_free(&res);
        req_problem_doc(r, status, out);
        return;
    }
    if (rc) {
        json_decref(issues);
        app_import_result_free(&res);
        req_error(r, &err);
        return;
    }
    files = json_array();
    for (i = 0; files && i < (size_t)res.n_files; i++)
        json_array_append_new(
            files, json_pack("{s:s, s:I, s:s, s:s}", "kind", kind_name,
                             "records", (json_int_t)res.files[i].records,
                             "encoding", res.files[i].encoding,
                             "ignored_columns", res.files[i].ignored_columns));
    out = json_pack("{s:b, s:o, s:I, s:I, s:o}", "written", res.written,
                    "files", files ? files : json_array(), "flagged",
                    (json_int_t)res.stats.flagged, "refused",
                    (json_int_t)res.stats.refused, "issues",
                    issues ? issues : json_array());
    app_import_result_free(&res);
    req_json(r, o.dry_run ? 200 : 201, out);
}
