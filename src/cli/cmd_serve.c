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
        } else if (!strcmp(a, "--fresh")) {
            if (!strcmp(val, "db"))
                cfg.fresh = SRV_FRESH_DB;
            else if (!strcmp(val, "shared"))
                cfg.fresh = SRV_FRESH_SHARED;
            else
                return cli_usage_error(
                    "serve", "--fresh: '%s' is not db or shared", val);
        } else if (!strcmp(a, "--fresh-ms")) {
            if (cli_parse_long(val, 1, 3600000, &v))
                return cli_usage_error("serve",
                                       "--fresh-ms: '%s' is not 1 to "
                                       "3600000",
                                       val);
            cfg.fresh_ms = (unsigned)v;
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
        } else if (!strcmp(a, "--job-lease")) {
            if (cli_parse_long(val, 2, 24L * 3600, &v))
                return cli_usage_error("serve",
                                       "--job-lease: '%s' is not 2 to "
                                       "86400 seconds",
                                       val);
            cfg.job_lease = v;
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
