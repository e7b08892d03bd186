/*
 * cmd_serve.c - `masseflyt serve`: the HTTP server (src/server) on the
 * database named by --db.
 */
#include "cmd.h"
#include "server.h"

#include <stdio.h>
#include <string.h>

#ifndef MF_SOURCE_DIR_DEFAULT
#define MF_SOURCE_DIR_DEFAULT "."
#endif

const char usage_serve[] =
    "usage: masseflyt [--db FILE] serve [OPTIONS]\n\n"
    "Serves the JSON API under /api/v1 and the web UI until SIGINT or\n"
    "SIGTERM (Ctrl-C); then stops accepting connections, answers the\n"
    "requests in flight and exits 0. Prints one JSON line per request on\n"
    "stdout (the access log) and 'listening on http://ADDR:PORT/' on stderr.\n"
    "Make the first administrator with 'masseflyt user add'.\n\n"
    "Options:\n"
    "  --address ADDR      IPv4 address to listen on (default 127.0.0.1)\n"
    "  --port N            TCP port, 0 for any free one (default 8080)\n"
    "  --db FILE           the database (as the global --db)\n"
    "  --db-read URL       a streaming replica of the PostgreSQL database:\n"
    "                      the registry's reads go there once it has\n"
    "                      replayed the reader's own last write (waiting\n"
    "                      up to 250 ms, else reading the primary), and to\n"
    "                      the primary while it is unreachable\n"
    "  --static DIR        the web UI's files (default: PREFIX/share/\n"
    "                      masseflyt/web when installed, else web/ in the\n"
    "                      source tree); 'none' serves no files\n"
    "  --openapi FILE      the OpenAPI document served at\n"
    "                      /api/v1/openapi.json (default: PREFIX/share/\n"
    "                      masseflyt/openapi.json when installed, else\n"
    "                      docs/openapi.json in the source tree)\n"
    "  --threads N         worker threads per process, 1 to 64 (default 2)\n"
    "  --workers N         server processes sharing the port, 1 to 64\n"
    "                      (default 1). With more, a parent process binds,\n"
    "                      starts them, replaces one that dies and stops\n"
    "                      them all on SIGINT or SIGTERM; sessions, login\n"
    "                      locks and registry changes are shared through\n"
    "                      the database. For PostgreSQL (one per core);\n"
    "                      SQLite takes one writer at a time\n"
    "  --max-body BYTES    largest request body; larger gets 413\n"
    "                      (default 1048576)\n"
    "  --max-header BYTES  largest total of request headers; larger gets 431\n"
    "                      (default 8192)\n"
    "  --timeout SECONDS   idle connections are closed after this (default "
    "30)\n"
    "  --session-idle S    a session ends after S seconds without a request\n"
    "                      (default 1800)\n"
    "  --session-max S     a session ends S seconds after login at the latest\n"
    "                      (default 43200)\n"
    "  --lockout S         after 5 failed logins for an account (or 20 from\n"
    "                      an address) in 15 min, refuse it for S seconds\n"
    "                      (default 900)\n"
    "  --tile-url URL      a map tile URL template ({z}/{x}/{y}), e.g.\n"
    "                      Kartverket's WMTS cache; its origin (only) is\n"
    "                      added to the Content-Security-Policy's img-src\n"
    "                      and /config.json names it. Default: tileUrl of\n"
    "                      the static folder's config.json, which is empty:\n"
    "                      the offline Norway outline\n"
    "  --tile-attribution TEXT  the tiles' credit shown on the map\n"
    "  --secure-cookies    mark cookies Secure and send HSTS: use behind a\n"
    "                      TLS-terminating proxy (alias --tls-proxy)\n"
    "  --no-access-log     do not print the access log\n";

int cmd_serve(struct cli *cli, int argc, char **argv)
{
    struct srv_config cfg;
    struct app_config db_cfg = *app_config_of(cli->app);
    struct mf_error err = {0};
    char web[APP_PATH_MAX], openapi[APP_PATH_MAX];
    int i;
    long v;

    srv_config_defaults(&cfg);
    /* An installed program serves its installed files (found from its own
     * place, as its data is); one in the build tree the source tree's. */
    cfg.static_dir = app_installed_path("web", web, sizeof web)
                         ? web
                         : MF_SOURCE_DIR_DEFAULT "/web";
    cfg.openapi = app_installed_path("openapi.json", openapi, sizeof openapi)
                      ? openapi
                      : MF_SOURCE_DIR_DEFAULT "/docs/openapi.json";
    for (i = 1; i < argc; i++) {
        const char *a = argv[i], *val = i + 1 < argc ? argv[i + 1] : NULL;
        if (!strcmp(a, "--secure-cookies") || !strcmp(a, "--tls-proxy")) {
            cfg.secure_cookies = 1;
            continue;
        }
        if (!strcmp(a, "--no-access-log")) {
            cfg.quiet_log = 1;
            continue;
        }
        if (!val)
            return cli_usage_error("serve",
                                   "unknown or incomplete option "
                                   "'%s'",
                                   a);
        i++;
        if (!strcmp(a, "--address")) {
            cfg.address = val;
        } else if (!strcmp(a, "--db")) {
            struct mf_error e = {0};
            if (app_config_set(&db_cfg, APP_SET_DB, val, &e))
                return cli_usage_error("serve", "--db: %s", e.message);
        } else if (!strcmp(a, "--db-read")) {
            if (strncmp(val, "postgresql://", 13) &&
                strncmp(val, "postgres://", 11))
                return cli_usage_error("serve",
                                       "--db-read: '%s' is not a "
                                       "PostgreSQL URL (postgresql://...)",
                                       val);
            cfg.db_read = val;
        } else if (!strcmp(a, "--static")) {
            cfg.static_dir = strcmp(val, "none") ? val : NULL;
        } else if (!strcmp(a, "--tile-url")) {
            cfg.tile_url = val;
        } else if (!strcmp(a, "--tile-attribution")) {
            cfg.tile_attribution = val;
        } else if (!strcmp(a, "--openapi")) {
            cfg.openapi = val;
        } else if (!strcmp(a, "--port")) {
            if (cli_parse_long(val, 0, 65535, &v))
                return cli_usage_error("serve",
                                       "--port: '%s' is not 0 to "
                                       "65535",
                                       val);
            cfg.port = (unsigned)v;
        } else if (!strcmp(a, "--threads")) {
            if (cli_parse_long(val, 1, 64, &v))
                return cli_usage_error("serve",
                                       "--threads: '%s' is not 1 to "
                                       "64",
                                       val);
            cfg.threads = (unsigned)v;
        } else if (!strcmp(a, "--workers")) {
            if (cli_parse_long(val, 1, 64, &v))
                return cli_usage_error("serve",
                                       "--workers: '%s' is not 1 to "
                                       "64",
                                       val);
            cfg.workers = (unsigned)v;
        } else if (!strcmp(a, "--max-body")) {
            if (cli_parse_long(val, 1, 1L << 30, &v))
                return cli_usage_error("serve",
                                       "--max-body: '%s' is not 1 "
                                       "to 1073741824",
                                       val);
            cfg.max_body = (size_t)v;
        } else if (!strcmp(a, "--max-header")) {
            if (cli_parse_long(val, 256, 1L << 20, &v))
                return cli_usage_error("serve",
                                       "--max-header: '%s' is not "
                                       "256 to 1048576",
                                       val);
            cfg.max_header = (size_t)v;
        } else if (!strcmp(a, "--timeout")) {
            if (cli_parse_long(val, 1, 3600, &v))
                return cli_usage_error("serve",
                                       "--timeout: '%s' is not 1 to "
                                       "3600",
                                       val);
            cfg.timeout = (unsigned)v;
        } else if (!strcmp(a, "--lockout")) {
            if (cli_parse_long(val, 1, 24L * 3600, &v))
                return cli_usage_error("serve",
                                       "--lockout: '%s' is not 1 to "
                                       "86400 seconds",
                                       val);
            cfg.lockout = v;
        } else if (!strcmp(a, "--session-idle") ||
                   !strcmp(a, "--session-max")) {
            if (cli_parse_long(val, 1, 30L * 24 * 3600, &v))
                return cli_usage_error("serve",
                                       "%s: '%s' is not 1 to "
                                       "2592000 seconds",
                                       a, val);
            if (!strcmp(a, "--session-idle"))
                cfg.session_idle = v;
            else
                cfg.session_max = v;
        } else {
            return cli_usage_error("serve", "unknown option '%s'", a);
        }
    }
    cfg.app = &db_cfg; /* the data folder and dates the CLI resolved */
    if (srv_run(&cfg, db_cfg.db, &err))
        return cli_fail(&err);
    return EXIT_OK;
}
