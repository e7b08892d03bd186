/*
 * api.c - the JSON API under /api/v1: the route table with each route's
 * access rule, authentication (session cookie with CSRF token, or Bearer
 * token), and the handlers for sessions, users, tokens, audit, health and
 * the OpenAPI document. Every store call holds srv->lock. The registry's
 * reads (sites, lots, balance, plans) are in geo.c.
 */
#include "accounts.h"
#include "srv_int.h"

#include "app.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define COOKIE "mf_session"
#define ACCOUNT_FAILURES 5 /* failed logins before an account is locked */
#define CLIENT_FAILURES 20 /* ... and before a client address is */
#define FAILURE_WINDOW 900 /* seconds the failures are counted over */
#define TOKEN_MAX_LIFE (366L * 24 * 3600)
#define TOKEN_DEFAULT_LIFE (90L * 24 * 3600)

/* Who may call a route. */
enum need { PUBLIC, SIGNED_IN, ADMIN, ADMIN_OR_AUTHORITY, ADMIN_OR_EDITOR };

enum handler {
    H_HEALTH,
    H_OPENAPI,
    H_LOGIN,
    H_LOGOUT,
    H_ME,
    H_USERS_LIST,
    H_USERS_CREATE,
    H_USER_GET,
    H_USER_PATCH,
    H_USER_DELETE,
    H_TOKENS_CREATE,
    H_TOKENS_LIST,
    H_TOKEN_DELETE,
    H_AUDIT,
    H_SITES,
    H_SITE,
    H_LOTS,
    H_LOT,
    H_BALANCE,
    H_PLAN,
    H_PROJECTS_CREATE,
    H_PROJECT,
    H_PROJECT_PUT,
    H_PROJECT_DELETE,
    H_SITES_CREATE,
    H_SITE_PUT,
    H_SITE_DELETE,
    H_LOTS_CREATE,
    H_LOT_PUT,
    H_LOT_DELETE,
    H_IMPORT,
    H_PLANS_CREATE,
    H_JOBS,
    H_JOB,
    H_JOB_DELETE,
    H_SCENARIOS,
    H_SCENARIOS_CREATE,
    H_REPORTS_CREATE,
    H_JOB_RESULT,
    H_LOT_OPTIONS,
    H_PLAN_FLOWS,
    H_CUSTODY_ISSUE,
    H_CUSTODY_LIST,
    H_CUSTODY_TICKET,
    H_CUSTODY_RECEIPT,
    H_CUSTODY_CORRECT,
    H_CUSTODY_BALANCE,
    H_CUSTODY_CHECK,
    H_CUSTODY_IMPORT,
    H_PLANS_LIST,
};

static const struct route routes[] = {
    {"GET", "/api/v1/health", H_HEALTH},
    {"GET", "/api/v1/openapi.json", H_OPENAPI},
    {"POST", "/api/v1/session", H_LOGIN},
    {"DELETE", "/api/v1/session", H_LOGOUT},
    {"GET", "/api/v1/me", H_ME},
    {"GET", "/api/v1/users", H_USERS_LIST},
    {"POST", "/api/v1/users", H_USERS_CREATE},
    {"GET", "/api/v1/users/{id}", H_USER_GET},
    {"PATCH", "/api/v1/users/{id}", H_USER_PATCH},
    {"DELETE", "/api/v1/users/{id}", H_USER_DELETE},
    {"POST", "/api/v1/tokens", H_TOKENS_CREATE},
    {"GET", "/api/v1/tokens", H_TOKENS_LIST},
    {"DELETE", "/api/v1/tokens/{id}", H_TOKEN_DELETE},
    {"GET", "/api/v1/audit", H_AUDIT},
    {"GET", "/api/v1/sites", H_SITES},
    {"GET", "/api/v1/sites/{id}", H_SITE},
    {"GET", "/api/v1/lots", H_LOTS},
    {"GET", "/api/v1/lots/{id}", H_LOT},
    {"GET", "/api/v1/balance", H_BALANCE},
    {"GET", "/api/v1/plans/{name}", H_PLAN},
    {"POST", "/api/v1/projects", H_PROJECTS_CREATE},
    {"GET", "/api/v1/projects/{id}", H_PROJECT},
    {"PUT", "/api/v1/projects/{id}", H_PROJECT_PUT},
    {"DELETE", "/api/v1/projects/{id}", H_PROJECT_DELETE},
    {"POST", "/api/v1/sites", H_SITES_CREATE},
    {"PUT", "/api/v1/sites/{id}", H_SITE_PUT},
    {"DELETE", "/api/v1/sites/{id}", H_SITE_DELETE},
    {"POST", "/api/v1/lots", H_LOTS_CREATE},
    {"PUT", "/api/v1/lots/{id}", H_LOT_PUT},
    {"DELETE", "/api/v1/lots/{id}", H_LOT_DELETE},
    {"POST", "/api/v1/imports/{kind}", H_IMPORT},
    {"POST", "/api/v1/plans", H_PLANS_CREATE},
    {"GET", "/api/v1/jobs", H_JOBS},
    {"GET", "/api/v1/jobs/{id}", H_JOB},
    {"DELETE", "/api/v1/jobs/{id}", H_JOB_DELETE},
    {"GET", "/api/v1/scenarios", H_SCENARIOS},
    {"POST", "/api/v1/scenarios", H_SCENARIOS_CREATE},
    {"POST", "/api/v1/reports", H_REPORTS_CREATE},
    {"GET", "/api/v1/jobs/{id}/result", H_JOB_RESULT},
    {"GET", "/api/v1/lots/{id}/options", H_LOT_OPTIONS},
    {"GET", "/api/v1/plans/{name}/flows", H_PLAN_FLOWS},
    {"POST", "/api/v1/custody/tickets", H_CUSTODY_ISSUE},
    {"GET", "/api/v1/custody/tickets", H_CUSTODY_LIST},
    {"GET", "/api/v1/custody/tickets/{id}", H_CUSTODY_TICKET},
    {"POST", "/api/v1/custody/receipts", H_CUSTODY_RECEIPT},
    {"POST", "/api/v1/custody/corrections", H_CUSTODY_CORRECT},
    {"GET", "/api/v1/custody/balance", H_CUSTODY_BALANCE},
    {"GET", "/api/v1/custody/check", H_CUSTODY_CHECK},
    {"POST", "/api/v1/custody/imports", H_CUSTODY_IMPORT},
    {"GET", "/api/v1/plans", H_PLANS_LIST},
};

static const enum need needs[] = {
    [H_HEALTH] = PUBLIC,
    [H_OPENAPI] = PUBLIC,
    [H_LOGIN] = PUBLIC,
    [H_LOGOUT] = SIGNED_IN,
    [H_ME] = SIGNED_IN,
    [H_USERS_LIST] = ADMIN,
    [H_USERS_CREATE] = ADMIN,
    [H_USER_GET] = ADMIN,
    [H_USER_PATCH] = ADMIN,
    [H_USER_DELETE] = ADMIN,
    [H_TOKENS_CREATE] = SIGNED_IN,
    [H_TOKENS_LIST] = SIGNED_IN,
    [H_TOKEN_DELETE] = SIGNED_IN,
    [H_AUDIT] = ADMIN_OR_AUTHORITY,
    /* Public: each lot is filtered by who may see it (geo.c). */
    [H_SITES] = PUBLIC,
    [H_SITE] = PUBLIC,
    [H_LOTS] = PUBLIC,
    [H_LOT] = PUBLIC,
    /* Aggregates and plans count every lot, public or not. */
    [H_BALANCE] = ADMIN_OR_AUTHORITY,
    [H_PLAN] = ADMIN_OR_AUTHORITY,
    /* Writes: an editor only its own organisation's records (records.c
     * checks each record, before and after). */
    [H_PROJECTS_CREATE] = ADMIN_OR_EDITOR,
    [H_PROJECT] = PUBLIC,
    [H_PROJECT_PUT] = ADMIN_OR_EDITOR,
    [H_PROJECT_DELETE] = ADMIN_OR_EDITOR,
    [H_SITES_CREATE] = ADMIN_OR_EDITOR,
    [H_SITE_PUT] = ADMIN_OR_EDITOR,
    [H_SITE_DELETE] = ADMIN_OR_EDITOR,
    [H_LOTS_CREATE] = ADMIN_OR_EDITOR,
    [H_LOT_PUT] = ADMIN_OR_EDITOR,
    [H_LOT_DELETE] = ADMIN_OR_EDITOR,
    [H_IMPORT] = ADMIN_OR_EDITOR,
    /* Long work: a job; seen and cancelled by who started it (and an
     * administrator), others get 404 (jobs.c). */
    [H_PLANS_CREATE] = ADMIN_OR_AUTHORITY,
    [H_JOBS] = SIGNED_IN,
    [H_JOB] = SIGNED_IN,
    [H_JOB_DELETE] = SIGNED_IN,
    /* Scenario comparisons and reports count every lot, as plans do. */
    [H_SCENARIOS] = ADMIN_OR_AUTHORITY,
    [H_SCENARIOS_CREATE] = ADMIN_OR_AUTHORITY,
    [H_REPORTS_CREATE] = ADMIN_OR_AUTHORITY,
    [H_JOB_RESULT] = SIGNED_IN,
    /* "Who could take my masses?" solves the plan: for accounts only;
     * the lot is seen as GET /lots/{id} sees it (views.c). */
    [H_LOT_OPTIONS] = SIGNED_IN,
    [H_PLAN_FLOWS] = ADMIN_OR_AUTHORITY,
    /* The chain of custody (custody.c): editors write for their own
     * organisation's sites, checked per record; tickets are read by the
     * organisations they leave or reach and by authorities; the balance
     * and the checks count every ticket. */
    [H_CUSTODY_ISSUE] = ADMIN_OR_EDITOR,
    [H_CUSTODY_LIST] = SIGNED_IN,
    [H_CUSTODY_TICKET] = SIGNED_IN,
    [H_CUSTODY_RECEIPT] = ADMIN_OR_EDITOR,
    [H_CUSTODY_CORRECT] = ADMIN_OR_EDITOR,
    [H_CUSTODY_BALANCE] = ADMIN_OR_AUTHORITY,
    [H_CUSTODY_CHECK] = ADMIN_OR_AUTHORITY,
    [H_CUSTODY_IMPORT] = ADMIN_OR_EDITOR,
    /* The stored plans, as one plan is read. */
    [H_PLANS_LIST] = ADMIN_OR_AUTHORITY,
};

/* An argon2id hash of a random password (api_init), verified when the
 * account does not exist, so that a login takes as long either way. */
static char dummy[160];

int api_init(void)
{
    char pw[64];

    if (auth_random_token(pw, sizeof pw, 24) ||
        auth_hash_password(pw, dummy, sizeof dummy))
        return -1;
    return 0;
}

static void lock(struct req *r)
{
    pthread_mutex_lock(&r->srv->lock);
}

static void unlock(struct req *r)
{
    pthread_mutex_unlock(&r->srv->lock);
}

static struct store *store(struct req *r)
{
    return r->srv->st;
}

static struct acct_actor actor(struct req *r)
{
    struct acct_actor a = {r->user.id, r->user.email};
    return a;
}

/* Parses the body as a JSON object; on failure answers and returns NULL. */
static json_t *body_json(struct req *r)
{
    const char *ct = req_get_header(r, "Content-Type");
    json_error_t je;
    json_t *j;
    char where[64], detail[256];

    if (!ct || strncmp(ct, "application/json", 16) ||
        (ct[16] && ct[16] != ';' && ct[16] != ' ')) {
        req_problem(r, 415, "unsupported_media_type", "Unsupported media type",
                    "the body must be sent as Content-Type: application/json",
                    NULL);
        return NULL;
    }
    j = json_loadb(r->body ? r->body : "", r->body_len, JSON_REJECT_DUPLICATES,
                   &je);
    if (!j) {
        snprintf(where, sizeof where, "body:%d:%d", je.line, je.column);
        MF_SNPRINTF_IN(r->lang, detail, sizeof detail, MSG_P_HT_NOT_JSON,
                       je.text);
        req_problem(r, 400, "malformed_json", "Malformed JSON", detail, where);
        return NULL;
    }
    if (!json_is_object(j)) {
        json_decref(j);
        req_problem(r, 400, "malformed_json", "Malformed JSON",
                    "the body must be a JSON object", "body");
        return NULL;
    }
    return j;
}

static int parse_id(struct req *r, const struct route_params *p, int64_t *id)
{
    const char *s = route_param(p, "id");
    char *end;
    long long v;

    errno = 0;
    v = s ? strtoll(s, &end, 10) : 0;
    if (!s || errno || *end || v <= 0) {
        req_problem(r, 404, "not_found", "Not found", "no such record", "id");
        return -1;
    }
    *id = v;
    return 0;
}

static void etag_of(const struct store_account *a, char out[48])
{
    snprintf(out, 48, "\"u%lld-v%lld\"", (long long)a->id,
             (long long)a->version);
}

static void set_cookie(struct req *r, const char *value, long max_age)
{
    char c[256];

    snprintf(c, sizeof c,
             COOKIE "=%s; Path=/; Max-Age=%ld; HttpOnly; "
                    "SameSite=Strict%s",
             value, max_age, r->srv->cfg->secure_cookies ? "; Secure" : "");
    req_header(r, "Set-Cookie", c);
}

/* ---- authentication ---- */

/* Sets r->auth and r->user. Returns 0, or -1 after answering 401/403. */
static int authenticate(struct req *r)
{
    const char *authz = req_get_header(r, "Authorization");
    const char *cookie = req_get_cookie(r, COOKIE);
    char h[65];
    int64_t now = now_s();

    if (authz) {
        if (strncmp(authz, "Bearer ", 7) || !authz[7]) {
            req_header(r, "WWW-Authenticate", "Bearer");
            req_problem(r, 401, "unauthenticated", "Unauthenticated",
                        "the Authorization header must be 'Bearer TOKEN'",
                        NULL);
            return -1;
        }
        auth_hash_hex(authz + 7, h);
        if (acct_token_auth(r->srv, h, now, &r->user)) {
            req_header(r, "WWW-Authenticate", "Bearer error=\"invalid_token\"");
            req_problem(r, 401, "unauthenticated", "Unauthenticated",
                        "the token is unknown, expired or revoked", NULL);
            return -1;
        }
        r->auth = AUTH_TOKEN;
        return 0;
    }
    if (cookie) {
        auth_hash_hex(cookie, h);
        if (acct_session_auth(r->srv, h, now, &r->user, r->csrf) == 0) {
            r->auth = AUTH_SESSION;
            snprintf(r->session_hash, sizeof r->session_hash, "%s", h);
        }
    }
    if (r->auth == AUTH_SESSION && strcmp(r->method, "GET") &&
        strcmp(r->method, "HEAD")) {
        const char *t = req_get_header(r, "X-CSRF-Token");
        if (!t || !auth_equal(t, r->csrf)) {
            req_problem(r, 403, "csrf", "CSRF token missing or wrong",
                        "a request that changes something with a session "
                        "cookie must send the session's X-CSRF-Token header",
                        "X-CSRF-Token");
            return -1;
        }
    }
    return 0;
}

static int allowed(struct req *r, enum need need)
{
    if (need == PUBLIC)
        return 1;
    if (r->auth == AUTH_NONE) {
        req_problem(r, 401, "unauthenticated", "Unauthenticated",
                    "log in (POST /api/v1/session) or send a Bearer token",
                    NULL);
        return 0;
    }
    if (need == ADMIN && strcmp(r->user.role, "administrator")) {
        req_problem(r, 403, "forbidden", "Forbidden",
                    "only an administrator may do this", NULL);
        return 0;
    }
    if (need == ADMIN_OR_AUTHORITY && strcmp(r->user.role, "administrator") &&
        strcmp(r->user.role, "authority")) {
        req_problem(r, 403, "forbidden", "Forbidden",
                    "only an administrator or an authority may do this", NULL);
        return 0;
    }
    if (need == ADMIN_OR_EDITOR && strcmp(r->user.role, "administrator") &&
        strcmp(r->user.role, "editor")) {
        req_problem(r, 403, "forbidden", "Forbidden",
                    "only an administrator or an organisation's editor may "
                    "change the registry",
                    NULL);
        return 0;
    }
    return 1;
}

/* ---- handlers ---- */

static void h_health(struct req *r)
{
    struct store *st = store(r);
    struct mf_error err = {0};
    int v = 0, rc;

    lock(r);
    rc = st->ops->schema_version(st, &v, &err);
    unlock(r);
    if (rc) {
        req_error(r, &err);
        return;
    }
    req_json(r, 200,
             json_pack("{s:s, s:i, s:s}", "status", "ok", "schema_version", v,
                       "read_model", srv_cache_state(r->srv)));
}

static void h_openapi(struct req *r)
{
    const char *path = r->srv->cfg->openapi;
    struct stat sb;
    int fd;

    if (!path || (fd = open(path, O_RDONLY | O_CLOEXEC)) < 0) {
        req_problem(r, 404, "not_found", "Not found",
                    "this server has no OpenAPI document", NULL);
        return;
    }
    if (fstat(fd, &sb) || !S_ISREG(sb.st_mode)) {
        close(fd);
        req_problem(r, 404, "not_found", "Not found",
                    "this server has no OpenAPI document", NULL);
        return;
    }
    r->status = 200;
    r->ctype = "application/json";
    r->resp_fd = fd;
    r->resp_fd_len = (size_t)sb.st_size;
}

/* Counts a failed login under key; locks it after `limit` failures. The
 * read and the write are one write transaction (the store's single
 * writer: BEGIN IMMEDIATE on SQLite, an advisory lock on PostgreSQL), so
 * failures sent at once to several server processes are all counted. */
static void count_failure(struct store *st, const char *key, int limit,
                          int64_t now, long lockout)
{
    int n;
    int64_t first, until;
    struct mf_error err = {0};

    if (st->ops->begin(st, &err))
        return;
    if (st->ops->throttle_get(st, key, &n, &first, &until, &err))
        goto fail;
    if (now - first > FAILURE_WINDOW && until <= now) {
        n = 0;
        first = now;
    }
    n++;
    if (n >= limit)
        until = now + lockout;
    if (st->ops->throttle_put(st, key, n, first, until, &err) ||
        st->ops->commit(st, &err))
        goto fail;
    return;
fail:
    st->ops->rollback(st);
}

static void h_login(struct req *r)
{
    struct store *st = store(r);
    struct mf_error err = {0};
    json_t *j = body_json(r), *pw, *em;
    char akey[300], ckey[96], email[256];
    int64_t now = now_s(), until = 0, u, first;
    int n, found, ok;
    struct store_account a;
    struct store_session s;
    char sid[64], csrf[64];
    size_t i;

    if (!j)
        return;
    em = json_object_get(j, "email");
    pw = json_object_get(j, "password");
    if (!json_is_string(em) || !json_is_string(pw)) {
        json_decref(j);
        req_problem(r, 400, "invalid", "Invalid input",
                    "the body must have the strings email and password",
                    json_is_string(em) ? "password" : "email");
        return;
    }
    snprintf(email, sizeof email, "%s", json_string_value(em));
    for (i = 0; email[i]; i++)
        if (email[i] >= 'A' && email[i] <= 'Z')
            email[i] = (char)(email[i] - 'A' + 'a');
    snprintf(akey, sizeof akey, "account:%s", email);
    snprintf(ckey, sizeof ckey, "client:%s", r->client);
    lock(r);
    /* A lock that has run out is no lock (count_failure starts anew). */
    if (!st->ops->throttle_get(st, akey, &n, &first, &u, &err) && u > now &&
        u > until)
        until = u;
    if (!st->ops->throttle_get(st, ckey, &n, &first, &u, &err) && u > now &&
        u > until)
        until = u;
    found = !until && st->ops->account_get(st, 0, email, &a, &err) == MF_OK;
    unlock(r);
    if (until > now) {
        char ra[32];
        json_decref(j);
        snprintf(ra, sizeof ra, "%lld", (long long)(until - now));
        req_header(r, "Retry-After", ra);
        req_problem(r, 429, "locked", "Too many failed logins",
                    "too many failed logins for this account or address; "
                    "try again later",
                    NULL);
        return;
    }
    /* argon2id runs without the lock. */
    ok = auth_verify_password(found ? a.pw_hash : dummy,
                              json_string_value(pw)) &&
         found && !a.disabled;
    json_decref(j);
    lock(r);
    if (!ok) {
        count_failure(st, akey, ACCOUNT_FAILURES, now, r->srv->cfg->lockout);
        count_failure(st, ckey, CLIENT_FAILURES, now, r->srv->cfg->lockout);
        unlock(r);
        req_problem(r, 401, "unauthenticated", "Login failed",
                    "wrong email or password", NULL);
        return;
    }
    /* A new session id at every login; the one sent along (if any) ends. */
    memset(&s, 0, sizeof s);
    if (auth_random_token(sid, sizeof sid, 32) ||
        auth_random_token(csrf, sizeof csrf, 32)) {
        unlock(r);
        req_problem(r, 500, "internal", "Internal error", "no random numbers",
                    NULL);
        return;
    }
    auth_hash_hex(sid, s.id_hash);
    snprintf(s.csrf, sizeof s.csrf, "%s", csrf);
    s.account = a.id;
    s.created = s.last_seen = now;
    s.expires = now + r->srv->cfg->session_max;
    {
        const char *old = req_get_cookie(r, COOKIE);
        struct store_audit au = {.actor = a.id,
                                 .actor_email = a.email,
                                 .action = "session.create",
                                 .target = "session",
                                 .before = NULL,
                                 .after = NULL};
        char oh[65];
        int rc;
        if ((rc = st->ops->begin(st, &err)) == MF_OK) {
            if (old) {
                auth_hash_hex(old, oh);
                rc = st->ops->session_delete(st, oh, 0, &err);
            }
            if (!rc)
                rc = st->ops->throttle_put(st, akey, 0, 0, 0, &err);
            if (!rc)
                rc = st->ops->session_put(st, &s, &err);
            if (!rc)
                rc = st->ops->audit_append(st, now, &au, &err);
            if (!rc)
                rc = st->ops->commit(st, &err);
            if (rc)
                st->ops->rollback(st);
        }
        unlock(r);
        acct_cache_flush(r->srv); /* the old session, if any */
        if (rc) {
            req_error(r, &err);
            return;
        }
    }
    r->auth = AUTH_SESSION;
    r->user = a;
    set_cookie(r, sid, r->srv->cfg->session_max);
    req_json(
        r, 201,
        json_pack("{s:o, s:s}", "user", acct_to_json(&a), "csrf_token", csrf));
}

static void h_logout(struct req *r)
{
    struct store *st = store(r);
    struct mf_error err = {0};
    struct store_audit au = {.actor = r->user.id,
                             .actor_email = r->user.email,
                             .action = "session.delete",
                             .target = "session"};
    int rc;

    if (r->auth != AUTH_SESSION) {
        req_problem(r, 400, "invalid", "Invalid input",
                    "logging out ends a session; a token is revoked with "
                    "DELETE /api/v1/tokens/{id}",
                    NULL);
        return;
    }
    lock(r);
    if ((rc = st->ops->begin(st, &err)) == MF_OK) {
        if ((rc = st->ops->session_delete(st, r->session_hash, 0, &err)) ||
            (rc = st->ops->audit_append(st, now_s(), &au, &err)) ||
            (rc = st->ops->commit(st, &err)))
            st->ops->rollback(st);
    }
    unlock(r);
    acct_cache_flush(r->srv);
    if (rc) {
        req_error(r, &err);
        return;
    }
    set_cookie(r, "", 0);
    req_empty(r, 204);
}

static void h_me(struct req *r)
{
    json_t *j = json_pack("{s:o, s:s}", "user", acct_to_json(&r->user),
                          "authenticated_by",
                          r->auth == AUTH_SESSION ? "session" : "token");

    if (j && r->auth == AUTH_SESSION)
        json_object_set_new(j, "csrf_token", json_string(r->csrf));
    req_json(r, 200, j);
}

static void h_users_list(struct req *r)
{
    struct store *st = store(r);
    struct mf_error err = {0};
    struct store_account *v;
    size_t n, i;
    json_t *arr;
    int rc;

    lock(r);
    rc = st->ops->account_list(st, &v, &n, &err);
    unlock(r);
    if (rc) {
        req_error(r, &err);
        return;
    }
    arr = json_array();
    for (i = 0; arr && i < n; i++)
        json_array_append_new(arr, acct_to_json(&v[i]));
    free(v);
    req_json(r, 200, json_pack("{s:o}", "users", arr));
}

static void answer_account(struct req *r, int status,
                           const struct store_account *a)
{
    char etag[48];

    etag_of(a, etag);
    req_header(r, "ETag", etag);
    req_json(r, status, acct_to_json(a));
}

static void h_users_create(struct req *r)
{
    json_t *j = body_json(r);
    struct acct_fields f;
    struct acct_actor who = actor(r);
    struct mf_error err = {0};
    struct store_account a;
    char loc[64];
    int rc;

    if (!j)
        return;
    if ((rc = acct_fields_from_json(j, &f, &err)) == MF_OK) {
        lock(r);
        rc = acct_create(store(r), &who, &f, &a, &err);
        unlock(r);
    }
    json_decref(j);
    if (rc) {
        req_error(r, &err);
        return;
    }
    snprintf(loc, sizeof loc, "/api/v1/users/%lld", (long long)a.id);
    req_header(r, "Location", loc);
    answer_account(r, 201, &a);
}

static void h_user_get(struct req *r, const struct route_params *p)
{
    struct store *st = store(r);
    struct mf_error err = {0};
    struct store_account a;
    int64_t id;
    int rc;

    if (parse_id(r, p, &id))
        return;
    lock(r);
    rc = st->ops->account_get(st, id, NULL, &a, &err);
    unlock(r);
    if (rc) {
        req_error(r, &err);
        return;
    }
    answer_account(r, 200, &a);
}

static void h_user_patch(struct req *r, const struct route_params *p)
{
    const char *im = req_get_header(r, "If-Match");
    struct acct_fields f;
    struct acct_actor who = actor(r);
    struct mf_error err = {0};
    struct store_account a;
    long long uid, ver;
    int64_t id;
    json_t *j;
    int rc, used = 0;

    if (parse_id(r, p, &id))
        return;
    if (!im) {
        req_problem(r, 428, "precondition_required", "Precondition required",
                    "send If-Match with the ETag of the account you read",
                    "If-Match");
        return;
    }
    if (sscanf(im, "\"u%lld-v%lld\"%n", &uid, &ver, &used) != 2 ||
        (size_t)used != strlen(im) || uid != id) {
        req_problem(r, 412, "precondition_failed", "Precondition failed",
                    "If-Match is not an ETag of this account", "If-Match");
        return;
    }
    if (!(j = body_json(r)))
        return;
    if ((rc = acct_fields_from_json(j, &f, &err)) == MF_OK) {
        if (f.disabled == 1 && id == r->user.id)
            rc = mf_error_at(&err, MF_EINVAL, "disabled",
                             "you cannot disable your own account");
        else {
            lock(r);
            rc = acct_update(store(r), &who, id, ver, &f, &a, &err);
            unlock(r);
            acct_cache_flush(r->srv);
        }
    }
    json_decref(j);
    if (rc == MF_ERANGE && !strcmp(err.where, "If-Match")) {
        req_problem(r, 412, "precondition_failed", "Precondition failed",
                    err.message, "If-Match");
        return;
    }
    if (rc) {
        req_error(r, &err);
        return;
    }
    answer_account(r, 200, &a);
}

static void h_user_delete(struct req *r, const struct route_params *p)
{
    struct acct_fields f;
    struct acct_actor who = actor(r);
    struct mf_error err = {0};
    int64_t id;
    int rc;

    if (parse_id(r, p, &id))
        return;
    if (id == r->user.id) {
        req_problem(r, 400, "invalid", "Invalid input",
                    "you cannot disable your own account", "id");
        return;
    }
    memset(&f, 0, sizeof f);
    f.disabled = 1;
    lock(r);
    rc = acct_update(store(r), &who, id, 0, &f, NULL, &err);
    unlock(r);
    acct_cache_flush(r->srv);
    if (rc) {
        req_error(r, &err);
        return;
    }
    req_empty(r, 204);
}

static json_t *token_json(const struct store_token *t)
{
    char c[32], e[32], v[32];

    acct_iso_time(t->created, c);
    acct_iso_time(t->expires, e);
    acct_iso_time(t->revoked, v);
    return json_pack("{s:I, s:s, s:s, s:s, s:o}", "id", (json_int_t)t->id,
                     "name", t->name, "created", c, "expires", e, "revoked",
                     t->revoked ? json_string(v) : json_null());
}

static int token_audit(struct store *st, struct req *r, const char *action,
                       const struct store_token *t, struct mf_error *err)
{
    char target[48];
    char *after;
    json_t *j = token_json(t);
    struct store_audit au = {.actor = r->user.id,
                             .actor_email = r->user.email,
                             .action = action,
                             .target = target};
    int rc;

    snprintf(target, sizeof target, "token/%lld", (long long)t->id);
    after = j ? json_dumps(j, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
    json_decref(j);
    au.after = after;
    rc = st->ops->audit_append(st, now_s(), &au, err);
    free(after);
    return rc;
}

static void h_tokens_create(struct req *r)
{
    struct store *st = store(r);
    struct mf_error err = {0};
    json_t *j = body_json(r), *name, *life, *out;
    struct store_token t;
    char secret[64], full[80];
    const char *k;
    json_t *v;
    long long secs = TOKEN_DEFAULT_LIFE;
    int rc;

    if (!j)
        return;
    json_object_foreach(j, k, v)
    {
        if (strcmp(k, "name") && strcmp(k, "expires_in")) {
            json_decref(j);
            req_problem(r, 400, "invalid", "Invalid input", "unknown field", k);
            return;
        }
    }
    name = json_object_get(j, "name");
    life = json_object_get(j, "expires_in");
    if (!json_is_string(name) || !*json_string_value(name) ||
        strlen(json_string_value(name)) > 128) {
        json_decref(j);
        req_problem(r, 400, "invalid", "Invalid input",
                    "must be a string of 1 to 128 characters", "name");
        return;
    }
    if (life) {
        if (!json_is_integer(life) || json_integer_value(life) < 1 ||
            json_integer_value(life) > TOKEN_MAX_LIFE) {
            json_decref(j);
            req_problem(r, 400, "invalid", "Invalid input",
                        "must be a whole number of seconds from 1 to "
                        "31622400 (366 days)",
                        "expires_in");
            return;
        }
        secs = json_integer_value(life);
    }
    memset(&t, 0, sizeof t);
    snprintf(t.name, sizeof t.name, "%s", json_string_value(name));
    json_decref(j);
    if (auth_random_token(secret, sizeof secret, 32)) {
        req_problem(r, 500, "internal", "Internal error", "no random numbers",
                    NULL);
        return;
    }
    snprintf(full, sizeof full, "mft_%s", secret);
    auth_hash_hex(full, t.hash);
    t.account = r->user.id;
    t.created = now_s();
    t.expires = t.created + secs;
    lock(r);
    if ((rc = st->ops->begin(st, &err)) == MF_OK) {
        if ((rc = st->ops->token_put(st, &t, &err)) ||
            (rc = token_audit(st, r, "token.create", &t, &err)) ||
            (rc = st->ops->commit(st, &err)))
            st->ops->rollback(st);
    }
    unlock(r);
    if (rc) {
        req_error(r, &err);
        return;
    }
    out = token_json(&t);
    if (out)
        json_object_set_new(out, "token", json_string(full));
    req_json(r, 201, out);
}

static void h_tokens_list(struct req *r)
{
    struct store *st = store(r);
    struct mf_error err = {0};
    struct store_token *v;
    size_t n, i;
    json_t *arr;
    int rc;

    lock(r);
    rc = st->ops->token_list(st, r->user.id, &v, &n, &err);
    unlock(r);
    if (rc) {
        req_error(r, &err);
        return;
    }
    arr = json_array();
    for (i = 0; arr && i < n; i++)
        json_array_append_new(arr, token_json(&v[i]));
    free(v);
    req_json(r, 200, json_pack("{s:o}", "tokens", arr));
}

static void h_token_delete(struct req *r, const struct route_params *p)
{
    struct store *st = store(r);
    struct mf_error err = {0};
    struct store_token t;
    int64_t id;
    int rc;

    if (parse_id(r, p, &id))
        return;
    memset(&t, 0, sizeof t);
    t.id = id;
    snprintf(t.name, sizeof t.name, "(revoked)");
    lock(r);
    if ((rc = st->ops->begin(st, &err)) == MF_OK) {
        t.revoked = now_s();
        if ((rc = st->ops->token_revoke(st, id, r->user.id, t.revoked, &err)) ||
            (rc = token_audit(st, r, "token.revoke", &t, &err)) ||
            (rc = st->ops->commit(st, &err)))
            st->ops->rollback(st);
    }
    unlock(r);
    acct_cache_flush(r->srv);
    if (rc) {
        req_error(r, &err);
        return;
    }
    req_empty(r, 204);
}

int req_arg_long(struct req *r, const char *name, long lo, long hi, long dflt,
                 long *out)
{
    const char *s = req_get_arg(r, name);
    char *end;
    long v;

    *out = dflt;
    if (!s)
        return 0;
    errno = 0;
    v = strtol(s, &end, 10);
    if (!*s || errno || *end || v < lo || v > hi) {
        char d[96];
        MF_SNPRINTF_IN(r->lang, d, sizeof d, MSG_P_HT_WHOLE, (long long)lo,
                       (long long)hi);
        req_problem(r, 400, "invalid", "Invalid input", d, name);
        return -1;
    }
    *out = v;
    return 0;
}

static void h_audit(struct req *r)
{
    struct store *st = store(r);
    struct mf_error err = {0};
    long limit, before;
    char *text;
    json_t *arr;
    int rc;

    if (req_arg_long(r, "limit", 1, 1000, 100, &limit) ||
        req_arg_long(r, "before", 0, 0x7fffffffL, 0, &before))
        return;
    lock(r);
    rc = st->ops->audit_list(st, before, (int)limit, &text, &err);
    unlock(r);
    if (rc) {
        req_error(r, &err);
        return;
    }
    arr = json_loads(text, 0, NULL);
    free(text);
    req_json(r, 200, json_pack("{s:o}", "entries", arr ? arr : json_array()));
}

void api_dispatch(struct req *r)
{
    const struct route *rt;
    struct route_params p;
    char allow[64];

    switch (route_find(routes, sizeof routes / sizeof routes[0], r->method,
                       r->path, &rt, &p, allow, sizeof allow)) {
    case ROUTE_NOT_FOUND:
        req_problem(r, 404, "not_found", "Not found",
                    "no such endpoint; see /api/v1/openapi.json", NULL);
        return;
    case ROUTE_NO_METHOD:
        req_header(r, "Allow", allow);
        req_problem(r, 405, "method_not_allowed", "Method not allowed",
                    "this endpoint does not answer this method", NULL);
        return;
    case ROUTE_FOUND:
        break;
    }
    /* A login needs no session (and so no CSRF token): it always starts
     * a new one. */
    if ((rt->handler != H_LOGIN && authenticate(r)) ||
        !allowed(r, needs[rt->handler]))
        return;
    /* Whose writes this request's reads must see, with a read replica
     * (store.h: store_route_reader). */
    store_route_reader(r->auth != AUTH_NONE ? r->user.id : 0);
    switch ((enum handler)rt->handler) {
    case H_HEALTH:
        h_health(r);
        break;
    case H_OPENAPI:
        h_openapi(r);
        break;
    case H_LOGIN:
        h_login(r);
        break;
    case H_LOGOUT:
        h_logout(r);
        break;
    case H_ME:
        h_me(r);
        break;
    case H_USERS_LIST:
        h_users_list(r);
        break;
    case H_USERS_CREATE:
        h_users_create(r);
        break;
    case H_USER_GET:
        h_user_get(r, &p);
        break;
    case H_USER_PATCH:
        h_user_patch(r, &p);
        break;
    case H_USER_DELETE:
        h_user_delete(r, &p);
        break;
    case H_TOKENS_CREATE:
        h_tokens_create(r);
        break;
    case H_TOKENS_LIST:
        h_tokens_list(r);
        break;
    case H_TOKEN_DELETE:
        h_token_delete(r, &p);
        break;
    case H_AUDIT:
        h_audit(r);
        break;
    case H_SITES:
        geo_list(r, 0);
        break;
    case H_SITE:
        geo_one(r, 0, route_param(&p, "id"));
        break;
    case H_LOTS:
        geo_list(r, 1);
        break;
    case H_LOT:
        geo_one(r, 1, route_param(&p, "id"));
        break;
    case H_BALANCE:
        geo_balance(r);
        break;
    case H_PLAN:
        geo_plan(r, route_param(&p, "name"));
        break;
    case H_PROJECTS_CREATE:
        rec_write(r, MF_ENT_PROJECT, APP_REC_CREATE, NULL);
        break;
    case H_PROJECT:
        rec_get(r, MF_ENT_PROJECT, route_param(&p, "id"));
        break;
    case H_PROJECT_PUT:
        rec_write(r, MF_ENT_PROJECT, APP_REC_REPLACE, route_param(&p, "id"));
        break;
    case H_PROJECT_DELETE:
        rec_write(r, MF_ENT_PROJECT, APP_REC_DELETE, route_param(&p, "id"));
        break;
    case H_SITES_CREATE:
        rec_write(r, MF_ENT_SITE, APP_REC_CREATE, NULL);
        break;
    case H_SITE_PUT:
        rec_write(r, MF_ENT_SITE, APP_REC_REPLACE, route_param(&p, "id"));
        break;
    case H_SITE_DELETE:
        rec_write(r, MF_ENT_SITE, APP_REC_DELETE, route_param(&p, "id"));
        break;
    case H_LOTS_CREATE:
        rec_write(r, MF_ENT_LOT, APP_REC_CREATE, NULL);
        break;
    case H_LOT_PUT:
        rec_write(r, MF_ENT_LOT, APP_REC_REPLACE, route_param(&p, "id"));
        break;
    case H_LOT_DELETE:
        rec_write(r, MF_ENT_LOT, APP_REC_DELETE, route_param(&p, "id"));
        break;
    case H_IMPORT:
        rec_import(r, route_param(&p, "kind"));
        break;
    case H_PLANS_CREATE: {
        json_t *body = body_json(r);
        if (body) {
            jobs_create_plan(r, body);
            json_decref(body);
        }
        break;
    }
    case H_JOBS:
        jobs_list(r);
        break;
    case H_JOB:
        jobs_get(r, route_param(&p, "id"));
        break;
    case H_JOB_DELETE:
        jobs_cancel(r, route_param(&p, "id"));
        break;
    case H_SCENARIOS:
        jobs_scenario_list(r);
        break;
    case H_SCENARIOS_CREATE:
    case H_REPORTS_CREATE: {
        json_t *body = body_json(r);
        if (body) {
            if (rt->handler == H_SCENARIOS_CREATE)
                jobs_create_scenarios(r, body);
            else
                jobs_create_report(r, body);
            json_decref(body);
        }
        break;
    }
    case H_JOB_RESULT:
        jobs_result(r, route_param(&p, "id"));
        break;
    case H_LOT_OPTIONS:
        view_options(r, route_param(&p, "id"));
        break;
    case H_PLAN_FLOWS:
        view_plan(r, route_param(&p, "name"));
        break;
    case H_CUSTODY_ISSUE:
    case H_CUSTODY_RECEIPT:
    case H_CUSTODY_CORRECT: {
        json_t *body = body_json(r);
        if (body) {
            if (rt->handler == H_CUSTODY_ISSUE)
                custody_api_issue(r, body);
            else if (rt->handler == H_CUSTODY_RECEIPT)
                custody_api_confirm(r, body);
            else
                custody_api_correct(r, body);
            json_decref(body);
        }
        break;
    }
    case H_CUSTODY_LIST:
        custody_api_list(r);
        break;
    case H_CUSTODY_TICKET:
        custody_api_get(r, route_param(&p, "id"));
        break;
    case H_CUSTODY_BALANCE:
        custody_api_balance(r);
        break;
    case H_CUSTODY_CHECK:
        custody_api_check(r);
        break;
    case H_CUSTODY_IMPORT:
        custody_api_import(r);
        break;
    case H_PLANS_LIST:
        view_plans(r);
        break;
    }
}
