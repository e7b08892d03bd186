/*
 * server.h - the masseflyt HTTP server: the JSON API under /api/v1 and the
 * web UI's static files, on libmicrohttpd with its internal thread pool.
 * `masseflyt serve` (src/cli/cmd_serve.c) fills a struct srv_config and
 * calls srv_run, which returns when SIGINT or SIGTERM arrives and every
 * request in flight has been answered.
 */
#ifndef MF_SERVER_H
#define MF_SERVER_H

#include "masseflyt/error.h"

#include <stddef.h>
#include <stdint.h>

struct app_config;

struct srv_config {
    const char *address;    /* "127.0.0.1" */
    unsigned port;          /* 0: any free port (printed on start) */
    const char *static_dir; /* the web UI's folder, NULL for none */
    const char *openapi;    /* path of docs/openapi.json, NULL for none */
    unsigned threads;       /* worker threads in the pool (>= 1) */
    /* Server processes sharing the listening socket (>= 1). With more
     * than one, a parent process binds, forks them, starts another when
     * one dies and stops them all on SIGINT or SIGTERM. */
    unsigned workers;
    size_t max_body;    /* bytes; larger bodies get 413 */
    size_t max_header;  /* bytes of all request headers; 431 */
    unsigned timeout;   /* seconds an idle connection is kept */
    int secure_cookies; /* behind a TLS proxy: cookies get Secure */
    long session_idle;  /* seconds without a request before logout */
    long session_max;   /* seconds a session lives at most */
    long lockout;       /* seconds a login lock lasts */
    /* Seconds a worker's lease on a job lasts without a heartbeat: a job
     * whose worker died is taken again by another after this. */
    long job_lease;
    int quiet_log; /* no access log */
    /* A map tile URL template (Leaflet's {z}/{x}/{y}); its origin is added
     * to the CSP's img-src and /config.json names it. NULL: the static
     * folder's config.json decides (its tileUrl; empty: the offline
     * outline). */
    const char *tile_url;
    const char *tile_attribution;
    /* The use-case layer's settings (data folder, rules date, language)
     * for the registry's read routes; NULL = app_config_init's defaults.
     * Its db is replaced by srv_run's dsn. */
    const struct app_config *app;
    /* A streaming replica's PostgreSQL URL: the registry's reads go there
     * when it has caught up with the reader's own writes (store.h:
     * store_route_setup), waiting up to SRV_REPLICA_WAIT_MS for it;
     * NULL for none. */
    const char *db_read;
    /* How a worker learns, before a read of the registry's read model,
     * that the registry was written through another process (serve
     * --fresh). SRV_FRESH_DB: it reads the database's change counter at
     * every read (exact for every writer, a round trip per read);
     * SRV_FRESH_SHARED: the workers of this serve share a memory page that
     * a worker bumps after each write it commits, before it answers, and
     * the counter is read only when the page moved or every
     * --fresh-ms (below): exact for writes
     * through this serve, within that time for any other writer (the
     * command line, another machine). SRV_FRESH_AUTO: db on PostgreSQL
     * (several machines may serve one database), shared on SQLite. */
    enum srv_fresh { SRV_FRESH_AUTO, SRV_FRESH_DB, SRV_FRESH_SHARED } fresh;
    /* With SRV_FRESH_SHARED: milliseconds between two reads of the
     * counter when the page has not moved (serve --fresh-ms; 0 means
     * GEO_CACHE_CHECK_MS): how late a write made outside the serve may be
     * seen. */
    unsigned fresh_ms;
};

#define SRV_REPLICA_WAIT_MS 250

/* Sets the defaults (127.0.0.1:8080, 2 threads, 1 MiB bodies, 8 KiB
 * headers, 30 s timeout, sessions 30 min idle and 12 h at most, login
 * locks of 15 min). */
void srv_config_defaults(struct srv_config *cfg);

/* Serves the database at dsn until SIGINT or SIGTERM, then stops
 * accepting, lets requests in flight finish (for up to 30 s) and returns
 * MF_OK.
 * Blocks SIGINT and SIGTERM in the calling thread. Prints "listening on
 * http://ADDR:PORT/" to stderr once ready. */
int srv_run(const struct srv_config *cfg, const char *dsn,
            struct mf_error *err);

/* The operator's account commands (`masseflyt user`), on the database at
 * dsn, through the same rules and audit log as the API (actor "cli"). */
struct srv_user {
    int64_t id;
    char email[256];
    char role[16];
    char org[72]; /* "" for none */
    int disabled;
};

/* Adds an account; org may be NULL. The password is not kept. */
int srv_user_add(const char *dsn, const char *email, const char *name,
                 const char *role, const char *org, const char *password,
                 struct srv_user *out, struct mf_error *err);
/* Every account by id; *out is the caller's to free(). */
int srv_user_list(const char *dsn, struct srv_user **out, size_t *n,
                  struct mf_error *err);
/* Sets the password of the account with this email (ending its sessions),
 * or disables it when password is NULL. */
int srv_user_change(const char *dsn, const char *email, const char *password,
                    struct srv_user *out, struct mf_error *err);

#endif
