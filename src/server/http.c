/*
 * http.c - libmicrohttpd underneath: the daemon with its thread pool, one
 * struct req per request, the two-call handler pattern (the response is
 * queued in a later call than the first, or libmicrohttpd 0.9.75 closes
 * the keep-alive connection), body and header limits, security headers on
 * every response, the access log, and the graceful shutdown.
 */
#define _DEFAULT_SOURCE /* SO_REUSEPORT */
#include "srv_int.h"
#include "app.h"

#include <arpa/inet.h>
#include <errno.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static atomic_long in_flight;
static pthread_mutex_t log_lock = PTHREAD_MUTEX_INITIALIZER;

int64_t now_s(void)
{
    return (int64_t)time(NULL);
}

static int64_t now_us(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

void srv_config_defaults(struct srv_config *cfg)
{
    memset(cfg, 0, sizeof *cfg);
    cfg->address = "127.0.0.1";
    cfg->port = 8080;
    cfg->threads = 2;
    cfg->workers = 1;
    cfg->max_body = 1024 * 1024;
    cfg->max_header = 8 * 1024;
    cfg->timeout = 30;
    cfg->session_idle = 30 * 60;
    cfg->session_max = 12 * 3600;
    cfg->lockout = 15 * 60;
    cfg->job_lease = 30;
    cfg->fresh = SRV_FRESH_AUTO;
}

void req_header(struct req *r, const char *name, const char *value)
{
    if (r->nh == REQ_MAX_HEADERS)
        return;
    snprintf(r->hname[r->nh], sizeof r->hname[0], "%s", name);
    snprintf(r->hval[r->nh], sizeof r->hval[0], "%s", value);
    r->nh++;
}

static void set_body_n(struct req *r, int status, char *body, size_t len,
                       const char *ctype)
{
    free(r->resp);
    r->status = status;
    r->resp = body;
    r->resp_len = len;
    r->ctype = ctype;
}

static void set_body(struct req *r, int status, char *body, const char *ctype)
{
    set_body_n(r, status, body, body ? strlen(body) : 0, ctype);
}

void req_json(struct req *r, int status, json_t *j)
{
    char *s = j ? json_dumps(j, JSON_COMPACT | JSON_REAL_PRECISION(12)) : NULL;

    json_decref(j);
    if (!s) {
        req_problem(r, 500, "out_of_memory", "Out of memory",
                    "the response could not be built", NULL);
        return;
    }
    set_body(r, status, s, "application/json");
}

void req_json_text(struct req *r, int status, char *text)
{
    if (!text) {
        req_problem(r, 500, "out_of_memory", "Out of memory",
                    "the response could not be built", NULL);
        return;
    }
    set_body(r, status, text, "application/json");
}

void req_json_text_n(struct req *r, int status, char *text, size_t len)
{
    if (!text) {
        req_json_text(r, status, NULL);
        return;
    }
    set_body_n(r, status, text, len, "application/json");
}

void req_empty(struct req *r, int status)
{
    set_body(r, status, NULL, NULL);
}

/* text in r->lang: the catalogue's bokmål for an English problem text it
 * lists, else text itself. */
static const char *in_lang(const struct req *r, const char *text)
{
    const char *t;

    if (r->lang == MF_LANG_EN || !text)
        return text;
    t = mf_msg_translate(r->lang, text);
    /* A listed text with conversions is made by its caller (already in
     * r->lang), never looked up here with its arguments unfilled. */
    return t && !strchr(t, '%') ? t : text;
}

void req_problem(struct req *r, int status, const char *name, const char *title,
                 const char *detail, const char *where)
{
    set_body(r, status,
             problem_json(status, name, in_lang(r, title), in_lang(r, detail),
                          where),
             "application/problem+json");
    req_header(r, "Content-Language", mf_lang_code(r->lang));
    req_header(r, "Vary", "Accept-Language");
}

void req_problem_doc(struct req *r, int status, json_t *j)
{
    char *s = j ? json_dumps(j, JSON_COMPACT) : NULL;

    json_decref(j);
    if (!s) {
        req_problem(r, 500, "out_of_memory", "Out of memory",
                    "the response could not be built", NULL);
        return;
    }
    set_body(r, status, s, "application/problem+json");
}

void req_error(struct req *r, const struct mf_error *err)
{
    const char *name, *title;
    int status = problem_status(err->code, &name, &title);

    req_problem(r, status, name, title, mf_error_text(err, r->lang),
                err->where);
}

const char *req_get_header(struct req *r, const char *name)
{
    return MHD_lookup_connection_value(r->conn, MHD_HEADER_KIND, name);
}

const char *req_get_cookie(struct req *r, const char *name)
{
    return MHD_lookup_connection_value(r->conn, MHD_COOKIE_KIND, name);
}

const char *req_get_arg(struct req *r, const char *name)
{
    return MHD_lookup_connection_value(r->conn, MHD_GET_ARGUMENT_KIND, name);
}

/* Query values and the path are decoded by us (route_decode), so that an
 * encoded NUL or a bad escape is refused instead of cut short. */
static size_t no_unescape(void *cls, struct MHD_Connection *c, char *s)
{
    (void)cls;
    (void)c;
    return strlen(s);
}

static struct req *req_new(struct srv *srv, struct MHD_Connection *c)
{
    struct req *r = calloc(1, sizeof *r);

    if (!r)
        return NULL;
    r->srv = srv;
    r->conn = c;
    r->resp_fd = -1;
    r->start_us = now_us();
    atomic_fetch_add(&in_flight, 1);
    return r;
}

static void access_log(struct req *r)
{
    char when[32];
    struct tm tm;
    time_t t = time(NULL);
    json_t *j;
    char *line;

    gmtime_r(&t, &tm);
    strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%SZ", &tm);
    j = json_pack("{s:s, s:s, s:s, s:i, s:I, s:f, s:s, s:o}", "time", when,
                  "method", r->method ? r->method : "", "path",
                  r->path_ok ? r->path : "(undecodable)", "status", r->status,
                  "bytes", (json_int_t)r->bytes_sent, "duration_ms",
                  (double)((now_us() - r->start_us) / 10) / 100.0, "client",
                  r->client, "user",
                  r->auth != AUTH_NONE ? json_string(r->user.email)
                                       : json_null());
    if (!j)
        return;
    if (r->srv->cfg->workers > 1) /* which worker answered */
        json_object_set_new(j, "worker", json_integer((json_int_t)getpid()));
    line = json_dumps(j, JSON_COMPACT | JSON_REAL_PRECISION(6));
    json_decref(j);
    if (!line)
        return;
    pthread_mutex_lock(&log_lock);
    fputs(line, stdout);
    fputc('\n', stdout);
    fflush(stdout);
    pthread_mutex_unlock(&log_lock);
    free(line);
}

static void on_completed(void *cls, struct MHD_Connection *c, void **con_cls,
                         enum MHD_RequestTerminationCode toe)
{
    struct req *r = *con_cls;

    (void)c;
    (void)toe;
    if (!r)
        return;
    if (r->method && !((struct srv *)cls)->cfg->quiet_log)
        access_log(r);
    if (r->resp_fd >= 0 && !r->queued)
        close(r->resp_fd);
    free(r->body);
    free(r->resp);
    free(r);
    *con_cls = NULL;
    atomic_fetch_sub(&in_flight, 1);
}

static enum MHD_Result add_len(void *cls, enum MHD_ValueKind kind,
                               const char *key, const char *value)
{
    size_t *sum = cls;

    (void)kind;
    *sum += strlen(key) + (value ? strlen(value) : 0) + 4;
    return MHD_YES;
}

static enum MHD_Result send_response(struct req *r)
{
    struct MHD_Response *resp;
    enum MHD_Result ret;
    const struct srv_config *cfg = r->srv->cfg;
    int i;

    if (r->resp_fd >= 0) {
        resp = MHD_create_response_from_fd(r->resp_fd_len, r->resp_fd);
        r->bytes_sent = r->resp_fd_len;
    } else {
        resp = MHD_create_response_from_buffer(
            r->resp_len, r->resp ? r->resp : (void *)"",
            r->resp ? MHD_RESPMEM_MUST_FREE : MHD_RESPMEM_PERSISTENT);
        r->bytes_sent = r->resp_len;
    }
    if (!resp)
        return MHD_NO;
    r->resp = NULL; /* owned by the response now */
    r->queued = 1;
    if (r->ctype)
        MHD_add_response_header(resp, "Content-Type", r->ctype);
    MHD_add_response_header(resp, "Content-Security-Policy", r->srv->csp);
    MHD_add_response_header(resp, "X-Content-Type-Options", "nosniff");
    MHD_add_response_header(resp, "X-Frame-Options", "DENY");
    MHD_add_response_header(resp, "Referrer-Policy", "no-referrer");
    MHD_add_response_header(resp, "Cross-Origin-Opener-Policy", "same-origin");
    if (cfg->secure_cookies)
        MHD_add_response_header(resp, "Strict-Transport-Security",
                                "max-age=31536000");
    if (r->is_api)
        MHD_add_response_header(resp, "Cache-Control", "no-store");
    for (i = 0; i < r->nh; i++)
        MHD_add_response_header(resp, r->hname[i], r->hval[i]);
    ret = MHD_queue_response(r->conn, (unsigned)r->status, resp);
    MHD_destroy_response(resp);
    return ret;
}

static void client_address(struct req *r)
{
    const union MHD_ConnectionInfo *ci =
        MHD_get_connection_info(r->conn, MHD_CONNECTION_INFO_CLIENT_ADDRESS);

    snprintf(r->client, sizeof r->client, "unknown");
    if (!ci || !ci->client_addr)
        return;
    if (ci->client_addr->sa_family == AF_INET)
        inet_ntop(AF_INET,
                  &((const struct sockaddr_in *)(const void *)ci->client_addr)
                       ->sin_addr,
                  r->client, sizeof r->client);
    else if (ci->client_addr->sa_family == AF_INET6)
        inet_ntop(AF_INET6,
                  &((const struct sockaddr_in6 *)(const void *)ci->client_addr)
                       ->sin6_addr,
                  r->client, sizeof r->client);
}

/* The first call: check the request line and headers. Returns 1 when an
 * answer is already decided (it is still queued in a later call, except
 * for a body announced too large, which closes the connection). */
static int first_call(struct req *r, const char *url, const char *method)
{
    const struct srv_config *cfg = r->srv->cfg;
    size_t hdr = 0;
    const char *cl;

    r->method = method;
    r->lang = mf_lang_accept(req_get_header(r, "Accept-Language"));
    client_address(r);
    r->is_api = !strncmp(url, "/api/", 5) || !strcmp(url, "/api");
    r->path_ok = route_decode(url, r->path, sizeof r->path) >= 0;
    MHD_get_connection_values(r->conn, MHD_HEADER_KIND, add_len, &hdr);
    if (hdr > cfg->max_header) {
        char d[160];
        MF_SNPRINTF_IN(r->lang, d, sizeof d, MSG_P_HT_HEADER_LIMIT, hdr,
                       cfg->max_header);
        req_problem(r, 431, "headers_too_large",
                    "Request header fields too large", d, NULL);
        return 1;
    }
    cl = req_get_header(r, "Content-Length");
    if (cl) {
        char *end;
        unsigned long long n;
        errno = 0;
        n = strtoull(cl, &end, 10);
        if (errno || *end || n > cfg->max_body) {
            r->body_too_large = 1;
        }
    }
    if (!r->path_ok) {
        req_problem(r, 400, "bad_path", "Bad request path",
                    "the path has a bad percent-escape or an encoded NUL",
                    NULL);
        return 1;
    }
    return 0;
}

static void too_large(struct req *r)
{
    char d[160];

    MF_SNPRINTF_IN(r->lang, d, sizeof d, MSG_P_HT_BODY_LIMIT,
                   r->srv->cfg->max_body);
    req_problem(r, 413, "body_too_large", "Content too large", d, NULL);
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *c,
                                  const char *url, const char *method,
                                  const char *version, const char *data,
                                  size_t *data_size, void **con_cls)
{
    struct req *r = *con_cls;

    (void)version;
    if (!r) {
        if (!(r = req_new(cls, c)))
            return MHD_NO;
        *con_cls = r;
        if (first_call(r, url, method))
            r->status = r->status ? r->status : 400;
        if (r->body_too_large && !r->status) {
            /* Announced too large: answer now and close the connection
             * rather than read what we will not keep. */
            too_large(r);
            return send_response(r);
        }
        return MHD_YES;
    }
    if (*data_size) {
        size_t n = *data_size;
        *data_size = 0;
        if (r->status || r->body_too_large)
            return MHD_YES; /* decided already: drain */
        if (r->body_len + n > r->srv->cfg->max_body) {
            r->body_too_large = 1;
            free(r->body);
            r->body = NULL;
            r->body_len = r->body_cap = 0;
            return MHD_YES;
        }
        if (r->body_len + n + 1 > r->body_cap) {
            size_t cap = r->body_cap ? r->body_cap : 1024;
            char *nb;
            while (cap < r->body_len + n + 1)
                cap *= 2;
            if (!(nb = realloc(r->body, cap)))
                return MHD_NO;
            r->body = nb;
            r->body_cap = cap;
        }
        memcpy(r->body + r->body_len, data, n);
        r->body_len += n;
        r->body[r->body_len] = '\0';
        return MHD_YES;
    }
    if (r->queued)
        return MHD_YES;
    if (!r->status) {
        if (r->body_too_large)
            too_large(r);
        else if (r->is_api)
            api_dispatch(r);
        else
            static_serve(r);
    }
    return send_response(r);
}

long long srv_registry_mark(struct srv *srv)
{
    const struct store_ops *ops = srv->st->ops;
    struct mf_error err = {0};
    long long v = -1;
    int rc;

    if (srv->shared && ops->version >= STORE_OPS_COUNTER_VERSION &&
        ops->change_count) {
        /* Every write of a record, an import's too, bumps it (a lot's
         * write once: one row, one statement). A lot write of this process
         * counted in own_lot_writes is already in the model; if it bumped
         * more than once, or another process wrote too, the mark moves
         * and the model is built again. Read own first: a write counted
         * after the read of the counter only moves the mark down, which
         * rebuilds too, never hides a change. */
        long long own = atomic_load(&srv->own_lot_writes);
        pthread_mutex_lock(&srv->lock);
        rc = ops->change_count(srv->st, "registry", &v, &err);
        pthread_mutex_unlock(&srv->lock);
        return rc ? -1 : v - own;
    }
    if (ops->version < STORE_OPS_MARK_VERSION || !ops->import_mark)
        return -1;
    pthread_mutex_lock(&srv->lock);
    if (ops->import_mark(srv->st, &v, &err))
        v = -1;
    pthread_mutex_unlock(&srv->lock);
    return v;
}

/* Serves until SIGINT or SIGTERM: on its own socket (listen_fd -1), or as
 * one of several workers on the socket the parent bound. */
static int serve(const struct srv_config *cfg, struct store *st,
                 struct app *app, struct app_session *sess, int32_t as_of,
                 int listen_fd, struct srv_bumps *bumps, struct mf_error *err)
{
    int pg = !strcmp(st->ops->scheme, "postgresql");
    struct srv srv = {
        .cfg = cfg, .st = st, .app = app, .sess = sess, .as_of = as_of};
    struct MHD_Daemon *d;
    struct sockaddr_in sa;
    const union MHD_DaemonInfo *info;
    sigset_t set;
    int sig = 0, waited;
    unsigned flags =
        MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL | MHD_USE_ITC;

    if (st->ops->version < STORE_OPS_ACCOUNTS_VERSION)
        return mf_error_set(err, MF_ESTORE,
                            "the %s store has no accounts; the server needs "
                            "them",
                            st->ops->scheme);
    if (auth_init() || api_init())
        return mf_error_set(err, MF_ERR, "libsodium failed to start");
    memset(&sa, 0, sizeof sa);
    sa.sin_family = AF_INET;
    sa.sin_port = htons((uint16_t)cfg->port);
    if (inet_pton(AF_INET, cfg->address, &sa.sin_addr) != 1)
        return mf_error_at(err, MF_EINVAL, "--address",
                           "'%s' is not an IPv4 address", cfg->address);
    if ((sig = tiles_setup(&srv, err))) /* the CSP (tiles.c) */
        return sig;
    if (geo_cache_new(&srv)) {
        tiles_free(&srv);
        return mf_error_set(err, MF_ENOMEM, "out of memory");
    }
    if (acct_cache_new(&srv)) {
        geo_cache_free(&srv);
        tiles_free(&srv);
        return mf_error_set(err, MF_ENOMEM, "out of memory");
    }
    srv.shared = cfg->workers > 1 || pg;
    /* --fresh (server.h): db at every read, or the serve's shared page. */
    if (srv.shared && (cfg->fresh == SRV_FRESH_SHARED ||
                       (cfg->fresh == SRV_FRESH_AUTO && !pg)))
        srv.bumps = bumps;
    pthread_mutex_init(&srv.lock, NULL);
    pthread_mutex_init(&srv.app_lock, NULL);
    /* Workers inherit this mask, so only sigwait below sees the signals. */
    sigemptyset(&set);
    sigaddset(&set, SIGINT);
    sigaddset(&set, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &set, NULL);
    signal(SIGPIPE, SIG_IGN);
    if (jobs_start(&srv)) {
        pthread_mutex_destroy(&srv.lock);
        pthread_mutex_destroy(&srv.app_lock);
        geo_cache_free(&srv);
        acct_cache_free(&srv);
        tiles_free(&srv);
        return mf_error_set(err, MF_ERR, "cannot start the job worker");
    }
    d = MHD_start_daemon(
        flags, (uint16_t)cfg->port, NULL, NULL, on_request, &srv,
        MHD_OPTION_THREAD_POOL_SIZE,
        (unsigned)(cfg->threads ? cfg->threads : 1),
        MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)cfg->timeout,
        MHD_OPTION_CONNECTION_MEMORY_LIMIT,
        (size_t)(cfg->max_header * 2 + 32 * 1024), MHD_OPTION_NOTIFY_COMPLETED,
        on_completed, &srv, MHD_OPTION_UNESCAPE_CALLBACK, no_unescape, NULL,
        listen_fd >= 0 ? MHD_OPTION_LISTEN_SOCKET : MHD_OPTION_SOCK_ADDR,
        listen_fd >= 0 ? (void *)(intptr_t)listen_fd : (void *)&sa,
        MHD_OPTION_END);
    if (!d) {
        jobs_stop(&srv);
        pthread_mutex_destroy(&srv.lock);
        pthread_mutex_destroy(&srv.app_lock);
        geo_cache_free(&srv);
        acct_cache_free(&srv);
        tiles_free(&srv);
        return mf_error_at(err, MF_EIO, "--port",
                           "cannot listen on %s:%u (in use?)", cfg->address,
                           cfg->port);
    }
    if (listen_fd < 0) {
        info = MHD_get_daemon_info(d, MHD_DAEMON_INFO_BIND_PORT);
        fprintf(stderr, "masseflyt: listening on http://%s:%u/\n", cfg->address,
                info ? (unsigned)info->port : cfg->port);
    }
    fflush(stderr);
    while (sigwait(&set, &sig) != 0)
        ;
    if (listen_fd < 0)
        fprintf(stderr,
                "masseflyt: %s: no new connections; finishing %ld "
                "request(s) in flight\n",
                sig == SIGINT ? "SIGINT" : "SIGTERM",
                (long)atomic_load(&in_flight));
    fflush(stderr);
    MHD_quiesce_daemon(d);
    /* Wait until every request begun has been answered (or 30 s). */
    for (waited = 0; atomic_load(&in_flight) > 0 && waited < 3000; waited++)
        nanosleep(&(struct timespec){0, 10000000}, NULL);
    MHD_stop_daemon(d);
    /* A running plan is stopped by its planner; the worker ends. */
    jobs_stop(&srv);
    pthread_mutex_destroy(&srv.lock);
    pthread_mutex_destroy(&srv.app_lock);
    geo_cache_free(&srv);
    acct_cache_free(&srv);
    tiles_free(&srv);
    if (listen_fd < 0)
        fprintf(stderr, "masseflyt: stopped\n");
    return MF_OK;
}

/* One server process: its own store connection and use-case context. */
static int run_one(const struct srv_config *cfg, const char *dsn, int listen_fd,
                   struct srv_bumps *bumps, struct mf_error *err)
{
    struct store *st = NULL;
    struct app_config ac;
    struct app *app = NULL;
    struct app_session *sess = NULL;
    int rc;

    if (cfg->app)
        ac = *cfg->app;
    else
        app_config_init(&ac);
    if (cfg->db_read &&
        (rc = store_route_setup(dsn, cfg->db_read, SRV_REPLICA_WAIT_MS, err)))
        return rc;
    if ((rc = app_config_set(&ac, APP_SET_DB, dsn, err)) ||
        (rc = app_new(&app, &ac, err)) ||
        (rc = app_session_new(&sess, app, err)))
        goto done;
    if ((rc = store_open(&st, dsn, 0, err)) == MF_OK)
        rc = serve(cfg, st, app, sess, ac.as_of, listen_fd, bumps, err);
done:
    store_close(st);
    app_session_free(sess);
    app_free(app);
    return rc;
}

/* ---- several worker processes (--workers N) ----
 * The parent binds the port, forks the workers (each listens on the port
 * with its own socket, SO_REUSEPORT, so the kernel spreads the connections
 * over them, opens its own store connection and serves with its own thread
 * pool), and then only supervises:
 * a worker that dies (a crash, kill -9) or is stopped alone (SIGTERM to
 * it) is replaced, after a second when it ended within a second of its
 * start; a worker that exits with an error of its own (it could not open
 * the store) stops the server. SIGINT or
 * SIGTERM is passed on to every worker as SIGTERM; each stops accepting
 * and finishes its requests in flight, and the parent returns when all
 * have exited. */
#define WORKERS_MAX 64

struct worker {
    pid_t pid;          /* 0: none running */
    int64_t started;    /* monotonic microseconds */
    int64_t restart_at; /* when a replacement is due (0: none) */
};

/* A TCP socket on --address and port with SO_REUSEPORT, listening when
 * listen_too; sets *port to its port (the one chosen when port is 0).
 * The fd, or -1 with err set. */
static int reuseport_socket(const struct srv_config *cfg, unsigned port,
                            int listen_too, unsigned *bound,
                            struct mf_error *err)
{
    struct sockaddr_in sa;
    socklen_t len = sizeof sa;
    int fd, one = 1;

    memset(&sa, 0, sizeof sa);
    sa.sin_family = AF_INET;
    sa.sin_port = htons((uint16_t)port);
    if (inet_pton(AF_INET, cfg->address, &sa.sin_addr) != 1) {
        mf_error_at(err, MF_EINVAL, "--address", "'%s' is not an IPv4 address",
                    cfg->address);
        return -1;
    }
    fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
    if (fd < 0 ||
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one) < 0 ||
        setsockopt(fd, SOL_SOCKET, SO_REUSEPORT, &one, sizeof one) < 0 ||
        bind(fd, (struct sockaddr *)&sa, sizeof sa) < 0 ||
        (listen_too && listen(fd, 1024) < 0) ||
        getsockname(fd, (struct sockaddr *)&sa, &len) < 0) {
        if (fd >= 0)
            close(fd);
        mf_error_at(err, MF_EIO, "--port", "cannot listen on %s:%u (in use?)",
                    cfg->address, port);
        return -1;
    }
    *bound = ntohs(sa.sin_port);
    return fd;
}

static pid_t worker_start(const struct srv_config *cfg, const char *dsn,
                          unsigned port, int hold_fd, pid_t parent,
                          struct srv_bumps *bumps)
{
    pid_t pid;
    sigset_t set;
    struct mf_error err = {0};
    unsigned bound;
    int rc = MF_OK, fd;

    fflush(stdout);
    fflush(stderr);
    pid = fork();
    if (pid != 0)
        return pid;
    /* The worker: ends with its parent, takes SIGCHLD again. */
    prctl(PR_SET_PDEATHSIG, SIGTERM);
    if (getppid() != parent)
        _exit(0);
    sigemptyset(&set);
    sigaddset(&set, SIGCHLD);
    sigprocmask(SIG_UNBLOCK, &set, NULL);
    /* Its own listening socket on the port: the kernel spreads the
     * connections over the workers' sockets (SO_REUSEPORT). */
    close(hold_fd);
    if ((fd = reuseport_socket(cfg, port, 1, &bound, &err)) < 0)
        rc = err.code ? (int)err.code : MF_EIO;
    else
        rc = run_one(cfg, dsn, fd, bumps, &err);
    if (rc) {
        fprintf(stderr, "masseflyt: worker %ld: %s%s%s\n", (long)getpid(),
                err.where[0] ? err.where : "", err.where[0] ? ": " : "",
                err.message);
    }
    fflush(stdout);
    fflush(stderr);
    _exit(rc ? 1 : 0);
}

static int run_workers(const struct srv_config *cfg, const char *dsn,
                       struct srv_bumps *bumps, struct mf_error *err)
{
    struct worker w[WORKERS_MAX];
    unsigned n = cfg->workers > WORKERS_MAX ? WORKERS_MAX : cfg->workers, i,
             port = 0, alive;
    struct store *st = NULL;
    sigset_t set;
    pid_t parent = getpid();
    int fd, sig, rc = MF_OK, stopping = 0, status;

    /* Open (and migrate) the store once here, so that the workers do not
     * migrate it at the same time and a bad --db fails at once. */
    if ((rc = store_open(&st, dsn, 0, err)))
        return rc;
    store_close(st);
    /* The parent's socket is bound, not listening: it keeps the port
     * while a worker is replaced, and takes no connections. */
    if ((fd = reuseport_socket(cfg, cfg->port, 0, &port, err)) < 0)
        return err->code ? (int)err->code : MF_EIO;
    sigemptyset(&set);
    sigaddset(&set, SIGINT);
    sigaddset(&set, SIGTERM);
    sigaddset(&set, SIGCHLD);
    sigprocmask(SIG_BLOCK, &set, NULL);
    signal(SIGPIPE, SIG_IGN);
    memset(w, 0, sizeof w);
    for (i = 0; i < n; i++) {
        w[i].started = now_us();
        if ((w[i].pid = worker_start(cfg, dsn, port, fd, parent, bumps)) < 0) {
            w[i].pid = 0;
            w[i].restart_at = now_us() + 1000000;
        }
    }
    fprintf(stderr, "masseflyt: listening on http://%s:%u/ (%u workers)\n",
            cfg->address, port, n);
    fflush(stderr);
    for (;;) {
        struct timespec t = {0, 200000000};
        siginfo_t si;
        pid_t pid;
        int64_t now;

        sig = sigtimedwait(&set, &si, &t);
        if ((sig == SIGINT || sig == SIGTERM) && !stopping) {
            stopping = 1;
            fprintf(stderr,
                    "masseflyt: %s: stopping the workers; they finish the "
                    "requests in flight\n",
                    sig == SIGINT ? "SIGINT" : "SIGTERM");
            fflush(stderr);
            for (i = 0; i < n; i++)
                if (w[i].pid > 0)
                    kill(w[i].pid, SIGTERM);
        }
        while ((pid = waitpid(-1, &status, WNOHANG)) > 0) {
            for (i = 0; i < n && w[i].pid != pid; i++)
                ;
            if (i == n)
                continue;
            w[i].pid = 0;
            if (stopping)
                continue;
            if (WIFEXITED(status) && WEXITSTATUS(status) != 0) {
                /* Its own error (already printed): the server stops. */
                rc = mf_error_set(err, MF_ERR,
                                  "worker %ld exited with status %d; "
                                  "stopping the server",
                                  (long)pid, WEXITSTATUS(status));
                stopping = 1;
                for (i = 0; i < n; i++)
                    if (w[i].pid > 0)
                        kill(w[i].pid, SIGTERM);
                break;
            }
            /* Killed, or stopped by a signal sent to it alone. */
            if (WIFSIGNALED(status))
                fprintf(stderr,
                        "masseflyt: worker %ld died (signal %d); starting "
                        "another\n",
                        (long)pid, WTERMSIG(status));
            else
                fprintf(stderr,
                        "masseflyt: worker %ld stopped; starting another\n",
                        (long)pid);
            fflush(stderr);
            now = now_us();
            w[i].restart_at =
                now - w[i].started < 1000000 ? now + 1000000 : now;
        }
        for (i = 0, alive = 0; i < n; i++) {
            now = now_us();
            if (!stopping && !w[i].pid && w[i].restart_at &&
                w[i].restart_at <= now) {
                w[i].started = now;
                w[i].restart_at = 0;
                if ((w[i].pid =
                         worker_start(cfg, dsn, port, fd, parent, bumps)) < 0) {
                    w[i].pid = 0;
                    w[i].restart_at = now + 1000000;
                }
            }
            alive += w[i].pid > 0;
        }
        if (stopping && !alive)
            break;
    }
    close(fd);
    if (rc == MF_OK) {
        fprintf(stderr, "masseflyt: stopped\n");
        fflush(stderr);
    }
    return rc;
}

int srv_run(const struct srv_config *cfg, const char *dsn, struct mf_error *err)
{
    /* The page of bumps (srv_int.h), mapped before the fork so that every
     * worker, a replacement too, shares it; serve() uses it or not. */
    struct srv_bumps *bumps = mmap(NULL, sizeof *bumps, PROT_READ | PROT_WRITE,
                                   MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    int rc;

    if (bumps == MAP_FAILED)
        return mf_error_set(err, MF_ENOMEM, "cannot map the workers' page");
    atomic_init(&bumps->registry, 0);
    if (cfg->workers > 1)
        rc = run_workers(cfg, dsn, bumps, err);
    else
        rc = run_one(cfg, dsn, -1, bumps, err);
    munmap(bumps, sizeof *bumps);
    return rc;
}
