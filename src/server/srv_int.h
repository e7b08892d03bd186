/*
 * srv_int.h - what the server's files share: one request's state, how a
 * handler answers (json, problem, file), the store lock and the crypto
 * helpers. Not installed; only src/server and its unit tests include it.
 */
#ifndef MF_SERVER_INT_H
#define MF_SERVER_INT_H

#include "router.h"
#include "server.h"
#include "store.h"

#include <jansson.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>

struct MHD_Connection;
struct jobs;
struct app;
struct app_session;
struct geo_cache;
struct acct_cache;

/* What the worker processes of one serve share with --fresh=shared
 * (server.h): one page mapped MAP_SHARED by srv_run before the workers
 * are forked. */
struct srv_bumps {
    /* Bumped by a worker after each write of the registry it commits
     * (srv_cache_invalidate, srv_cache_lot_written), before it answers:
     * a sibling that sees it move reads the database's change counter
     * before its next read of the read model. */
    atomic_ullong registry;
};

struct srv {
    const struct srv_config *cfg;
    struct store *st;
    pthread_mutex_t lock; /* one thread uses the store at a time */
    /* The registry's reads (geo.c) go through the use-case layer: one
     * context, and one session used by one thread at a time. */
    struct app *app;
    struct app_session *sess;
    pthread_mutex_t app_lock;
    int32_t as_of; /* the rules date of the app's config */
    /* The read model of the registry routes (geo.c): built from the
     * store on the first read, shared by every worker thread, dropped by
     * srv_cache_invalidate(). */
    struct geo_cache *cache;
    struct jobs *jobs; /* long work (jobs.c) */
    /* 1 when other server processes write to the same database (several
     * --workers, or PostgreSQL, where any server may): the read model
     * looks at the registry's change counter before every read (or, with
     * bumps, when a sibling wrote) and the session cache at the accounts'
     * counter at every request, so no worker answers from what another
     * worker's write made stale. */
    int shared;
    /* With shared and --fresh=shared: the serve's page of bumps; the
     * change counter is then read only when it moved, or every
     * --fresh-ms for writers outside this serve. NULL: the counter at
     * every read (--fresh=db), or not shared. */
    struct srv_bumps *bumps;
    /* Lot writes of this process put into the read model in place
     * (srv_cache_lot_written): each bumped the 'registry' counter once,
     * so srv_registry_mark leaves them out and they cause no rebuild. */
    atomic_llong own_lot_writes;
    /* Sessions and tokens as the store gave them (accounts.c). */
    struct acct_cache *acct_cache;
    /* The Content-Security-Policy of every answer, with the tile
     * server's origin in img-src when one is set (tiles.c), and the
     * /config.json that --tile-url answers (NULL: the static file). */
    char csp[1024];
    char *tile_config;
};

enum auth_kind { AUTH_NONE, AUTH_SESSION, AUTH_TOKEN };

#define REQ_MAX_HEADERS 8

struct req {
    struct srv *srv;
    struct MHD_Connection *conn;
    const char *method;
    char path[1024]; /* percent-decoded, without the query */
    int path_ok;     /* 0 when the path could not be decoded */
    char client[64]; /* the peer's address */
    /* body, collected over the calls */
    char *body;
    size_t body_len, body_cap;
    int body_too_large;
    int64_t start_us;
    /* The language of the problem details' titles and details: what
     * Accept-Language asks for (mf_lang_accept), English by default. */
    enum mf_lang lang;
    /* who */
    enum auth_kind auth;
    struct store_account user;
    char session_hash[72];
    char csrf[72];
    /* the answer */
    int status;
    char *resp; /* malloc'ed body */
    size_t resp_len;
    int resp_fd; /* a file to send instead, -1 for none */
    size_t resp_fd_len;
    const char *ctype;
    int is_api;
    int nh;
    char hname[REQ_MAX_HEADERS][32];
    char hval[REQ_MAX_HEADERS][320];
    int queued;
    size_t bytes_sent;
};

/* ---- responses (http.c) ---- */
void req_header(struct req *r, const char *name, const char *value);
/* Sends j (stolen) as application/json with status. */
void req_json(struct req *r, int status, json_t *j);
void req_empty(struct req *r, int status);
/* An RFC 9457 problem: type urn:masseflyt:problem:<name>, title, status,
 * detail, and `where` when not empty. Title and detail are given in
 * English; when the request asks for bokmål (r->lang), each one the
 * message catalogue lists among its problems (MF_MSG_PROBLEMS_SERVER in
 * masseflyt/msg_catalog.h) is answered in bokmål. A detail made with
 * arguments is made in r->lang by the caller (MF_SNPRINTF_IN). */
void req_problem(struct req *r, int status, const char *name, const char *title,
                 const char *detail, const char *where);
/* Sends a problem document built by the caller (j stolen), as
 * application/problem+json. */
void req_problem_doc(struct req *r, int status, json_t *j);
/* A problem from a library error, its status from mf_status_info. */
void req_error(struct req *r, const struct mf_error *err);
/* A request header's value, or NULL. */
const char *req_get_header(struct req *r, const char *name);
const char *req_get_cookie(struct req *r, const char *name);
const char *req_get_arg(struct req *r, const char *name);
/* The query argument name as a whole number in [lo, hi] into *out (dflt
 * when absent); -1 when it is not one, answered with a 400 problem. */
int req_arg_long(struct req *r, const char *name, long lo, long hi, long dflt,
                 long *out);
int64_t now_s(void);

/* ---- problem.c ---- */
/* The body of a problem document (malloc'ed JSON text). */
char *problem_json(int status, const char *name, const char *title,
                   const char *detail, const char *where);
/* The HTTP status, name and title for a library status code. */
int problem_status(int code, const char **name, const char **title);

/* ---- API (api.c) and static files (static.c) ---- */
int api_init(void); /* once, before serving; 0 or -1 */
void api_dispatch(struct req *r);
void static_serve(struct req *r);
/* Normalises a URL path (already decoded) into a relative path under the
 * static folder: no "..", no empty or "." segments, no NUL, no leading
 * "/"; "" becomes "index.html". 0, or -1 when refused. */
int static_normalise(const char *path, char *out, size_t len);
const char *static_content_type(const char *name);

/* ---- the registry's read routes (geo.c) ---- */
void geo_list(struct req *r, int lots);               /* lots 1, sites 0 */
void geo_one(struct req *r, int lot, const char *id); /* one lot or site */
void geo_balance(struct req *r);
void geo_plan(struct req *r, const char *name);

/* ---- the read model behind the routes above (geo.c) ----
 * The registry (every organisation, project, site and lot), the lots'
 * statuses under the rules, a spatial order of the lots and each lot's
 * GeoJSON text, loaded once and shared by the worker threads. Which lots
 * a caller may see is decided per request, never cached.
 *
 * srv_cache_invalidate(): call it after every write that changes the
 * registry (an org, project or site put, updated or deleted, an import),
 * after the write has committed; a lot's write calls
 * srv_cache_lot_written() instead. The next read builds the model
 * again from the store, aside: other reads meanwhile get the model as it
 * was, and the new one is swapped in when it is built; reads already
 * under way finish on the model they started with. The reader that
 * builds (the next one after the write) reads the new model. It is cheap and
 * thread-safe, and may be called from any handler. A change made outside the
 * server (a `masseflyt import` on the same database) is noticed through the
 * import log, within GEO_CACHE_CHECK_MS; with several server processes
 * through the registry's change counter (check_outside in geo.c: at every
 * read, or with srv->bumps when a sibling wrote and every --fresh-ms). */
#define GEO_CACHE_CHECK_MS 100
int geo_cache_new(struct srv *srv); /* 0, or -1 out of memory */
/* The registry's change mark (http.c): when srv->shared, the 'registry'
 * change counter (migration 014) that every write of a record, an
 * import's included, bumps in its transaction, less this process's own
 * lot writes already in the model; else the newest row of the import
 * log. -1 when it cannot be read. */
long long srv_registry_mark(struct srv *srv);
void geo_cache_free(struct srv *srv);
void srv_cache_invalidate(struct srv *srv);
/* What the read model is now, for GET /api/v1/health: "none" (no read
 * has built one yet), "ready", "stale" (a change is not in it; the next
 * read builds a new one) or "building" (a read is building a new one;
 * the other reads answer from the one there is, if any). */
const char *srv_cache_state(struct srv *srv);
/* After a lot's write (create, replace or delete) has committed: reads
 * the lot as stored now and puts it into the model in place (or takes it
 * out), so the next read sees it without a rebuild. Falls back to
 * srv_cache_invalidate() when the model cannot be updated. Call it with
 * no lock held. */
void srv_cache_lot_written(struct srv *srv, const char *id);
/* What the registry is now, as far as this server knows: a number every
 * write through it (lots included) changes, and the import log's mark
 * (a change made outside). Read it before reading the registry: what is
 * worked out from that read may be kept for as long as both stay the
 * same. */
void srv_registry_version(struct srv *srv, unsigned long long *version,
                          long long *mark);
/* The options' solved plan (views.c), kept with the read model: get
 * gives a reference (NULL when none), set replaces it (taking its own
 * reference); the cache drops it when the server stops. */
struct opt_memo;
void opt_memo_ref(struct opt_memo *m);
void opt_memo_put(struct opt_memo *m); /* NULL is fine */
struct opt_memo *srv_options_memo_get(struct srv *srv);
void srv_options_memo_set(struct srv *srv, struct opt_memo *m);
/* Sends text (malloc'ed JSON, stolen) as application/json with status. */
void req_json_text(struct req *r, int status, char *text);
/* The same, its length known (len bytes, not counted again). */
void req_json_text_n(struct req *r, int status, char *text, size_t len);
/* ---- one record written (records.c) ---- */
/* POST (id NULL), PUT and DELETE of a project, site or lot; the caller
 * has checked that an administrator or an editor asks. */
void rec_write(struct req *r, enum mf_entity kind, int op, const char *id);
/* POST /api/v1/imports/{kind}: the body is one CSV (text/csv) or
 * GeoJSON (application/geo+json) file, imported all or nothing. */
void rec_import(struct req *r, const char *kind);
/* GET of one project (the record as the import reads it), with ETag. */
void rec_get(struct req *r, enum mf_entity kind, const char *id);
/* The ETag of a record's JSON text (as mf_export_json writes it). */
void rec_etag(const char *json, char out[40]);

/* ---- jobs (jobs.c): long work in the store's job table, run by a
 * worker thread of every server process ---- */
/* Opens the worker's store connections and starts the worker and its
 * lease's heartbeat (after the signal mask is set); 0 or -1. */
int jobs_start(struct srv *srv);
/* Stops the running job and lets it go for another worker to take,
 * waits for the threads, closes their connections. */
void jobs_stop(struct srv *srv);
/* POST /api/v1/plans: body already parsed (a JSON object). */
void jobs_create_plan(struct req *r, json_t *body);
/* POST /api/v1/scenarios and /api/v1/reports (bodies parsed); GET
 * /api/v1/scenarios (the bundled scenarios). */
void jobs_create_scenarios(struct req *r, json_t *body);
void jobs_create_report(struct req *r, json_t *body);
void jobs_scenario_list(struct req *r);
void jobs_get(struct req *r, const char *id);
/* GET /api/v1/jobs: the caller's newest jobs (?limit=, default 20); an
 * administrator's ?all=true lists everyone's. */
void jobs_list(struct req *r);
/* GET /api/v1/jobs/{id}/result: a comparison's JSON, a report's file. */
void jobs_result(struct req *r, const char *id);
void jobs_cancel(struct req *r, const char *id);

/* ---- sessions and tokens, cached (accounts.c) ----
 * acct_token_auth and acct_session_auth answer from the cache, else from
 * the store (under srv->lock), and keep what it said for a few seconds;
 * 0 with *user (and the session's csrf) set, or -1 when the secret is
 * unknown, expired, revoked, idle too long or its account disabled.
 * Call acct_cache_flush() after any change to accounts, sessions (a
 * logout) or tokens has committed. When srv->shared, every call first
 * reads the store's 'accounts' change counter (migration 014) and flushes
 * the cache when another process has changed it. */
int acct_cache_new(struct srv *srv); /* 0, or -1 out of memory */
void acct_cache_free(struct srv *srv);
int acct_token_auth(struct srv *srv, const char *hash, int64_t now,
                    struct store_account *user);
int acct_session_auth(struct srv *srv, const char *hash, int64_t now,
                      struct store_account *user, char csrf[72]);
void acct_cache_flush(struct srv *srv);
/* ---- the map's tiles and the CSP (tiles.c) ---- */
/* Sets srv->csp (and srv->tile_config) from --tile-url, else from the
 * static folder's config.json; 0, or an error naming the option or the
 * file's field. */
int tiles_setup(struct srv *srv, struct mf_error *err);
void tiles_free(struct srv *srv);
/* The CSP source (origin) of a tile URL template; 0 or -1. */
int tiles_origin(const char *url, char *out, size_t len, const char *where,
                 struct mf_error *err);
/* Answers GET /config.json when --tile-url is set: 1, else 0. */
int tiles_config(struct req *r);

/* ---- views for the web UI's panels (views.c) ---- */
/* GET /api/v1/lots/{id}/options: "who could take my masses?". */
void view_options(struct req *r, const char *id);
/* GET /api/v1/plans/{name}/flows: a stored plan's flows as GeoJSON, its
 * storage levels and headline indicators. */
void view_plan(struct req *r, const char *name);
/* GET /api/v1/plans: the stored plans, newest first, paginated. */
void view_plans(struct req *r);

/* ---- the chain of custody (custody.c) ----
 * /api/v1/custody/...: issue a ticket, confirm it, correct it (bodies
 * already parsed JSON objects); list tickets and read one; the closed
 * balance and the checks; upload a weighbridge export (text/csv). Each
 * decides per record who may do it. */
void custody_api_issue(struct req *r, json_t *body);
void custody_api_confirm(struct req *r, json_t *body);
void custody_api_correct(struct req *r, json_t *body);
void custody_api_list(struct req *r);
void custody_api_get(struct req *r, const char *id);
void custody_api_balance(struct req *r);
void custody_api_check(struct req *r);
void custody_api_import(struct req *r);

/* ---- crypto (auth.c): libsodium ---- */
int auth_init(void);
/* argon2id (crypto_pwhash_str); 0 or -1. */
int auth_hash_password(const char *pw, char *out, size_t len);
/* 1 when pw matches the encoded hash, 0 when not. */
int auth_verify_password(const char *hash, const char *pw);
/* n random bytes from getrandom(), as base64url without padding. */
int auth_random_token(char *out, size_t len, size_t nbytes);
/* BLAKE2b-256 of s, in hex (65 bytes). */
void auth_hash_hex(const char *s, char out[65]);
/* Constant-time equality of two NUL-terminated strings (lengths may
 * leak). */
int auth_equal(const char *a, const char *b);

#endif
