/*
 * cmd_serve.c - `masseflyt serve`: the HTTP server (src/server) on the
 * database named by --db.
 */
#include "cmd.h"
#include "server.h"

#include <stddef.h>
#include <stdio.h>
#include <string.h>

#ifndef MF_SOURCE_DIR_DEFAULT
#define MF_SOURCE_DIR_DEFAULT "."
#endif

/* The numeric options: each is parsed as a whole number in [min, max]
 * and kept in the srv_config field at off, of the given type. */
enum num_type { NUM_UNSIGNED, NUM_SIZE, NUM_LONG };

static const struct num_opt {
    const char *name;
    long min, max;
    const char *unit; /* appended to the range in the usage error */
    enum num_type type;
    size_t off;
} num_opts[] = {
    {"--port", 0, 65535, "", NUM_UNSIGNED, offsetof(struct srv_config, port)},
    {"--threads", 1, 64, "", NUM_UNSIGNED,
     offsetof(struct srv_config, threads)},
    {"--workers", 1, 64, "", NUM_UNSIGNED,
     offsetof(struct srv_config, workers)},
    {"--fresh-ms", 1, 3600000, "", NUM_UNSIGNED,
     offsetof(struct srv_config, fresh_ms)},
    {"--max-body", 1, 1L << 30, "", NUM_SIZE,
     offsetof(struct srv_config, max_body)},
    {"--max-header", 256, 1L << 20, "", NUM_SIZE,
     offsetof(struct srv_config, max_header)},
    {"--timeout", 1, 3600, "", NUM_UNSIGNED,
     offsetof(struct srv_config, timeout)},
    {"--lockout", 1, 24L * 3600, " seconds", NUM_LONG,
     offsetof(struct srv_config, lockout)},
    {"--job-lease", 2, 24L * 3600, " seconds", NUM_LONG,
     offsetof(struct srv_config, job_lease)},
    {"--session-idle", 1, 30L * 24 * 3600, " seconds", NUM_LONG,
     offsetof(struct srv_config, session_idle)},
    {"--session-max", 1, 30L * 24 * 3600, " seconds", NUM_LONG,
     offsetof(struct srv_config, session_max)},
};

static const struct num_opt *num_option(const char *name)
{
    size_t k;
    for (k = 0; k < sizeof num_opts / sizeof num_opts[0]; k++)
        if (!strcmp(name, num_opts[k].name))
            return &num_opts[k];
    return NULL;
}

static void num_set(struct srv_config *cfg, const struct num_opt *n, long v)
{
    char *field = (char *)cfg + n->off;
    switch (n->type) {
    case NUM_UNSIGNED:
        *(unsigned *)(void *)field = (unsigned)v;
        break;
    case NUM_SIZE:
        *(size_t *)(void *)field = (size_t)v;
        break;
    case NUM_LONG:
        *(long *)(void *)field = v;
        break;
    }
}

int cmd_serve(struct cli *cli, int argc, char **argv)
{
    struct srv_config cfg;
    struct app_config db_cfg = *app_config_of(cli->app);
    struct mf_error err = {0};
    char web[APP_PATH_MAX], openapi[APP_PATH_MAX];
    const struct num_opt *n;
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
        if ((n = num_option(a))) {
            if (cli_parse_long(val, n->min, n->max, &v))
                return cli_usage_error("serve", "%s: '%s' is not %ld to %ld%s",
                                       a, val, n->min, n->max, n->unit);
            num_set(&cfg, n, v);
        } else if (!strcmp(a, "--address")) {
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
        } else if (!strcmp(a, "--static")) {
            cfg.static_dir = strcmp(val, "none") ? val : NULL;
        } else if (!strcmp(a, "--tile-url")) {
            cfg.tile_url = val;
        } else if (!strcmp(a, "--tile-attribution")) {
            cfg.tile_attribution = val;
        } else if (!strcmp(a, "--openapi")) {
            cfg.openapi = val;
        } else {
            return cli_usage_error("serve", "unknown option '%s'", a);
        }
    }
    cfg.app = &db_cfg; /* the data folder and dates the CLI resolved */
    if (srv_run(&cfg, db_cfg.db, &err))
        return cli_fail(&err);
    return EXIT_OK;
}
