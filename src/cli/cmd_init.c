/*
 * cmd_init.c - create an empty database, or bring an old one up to the
 * current schema.
 */
#include "cmd.h"

#include <stdio.h>

int cmd_init(struct cli *cli, int argc, char **argv)
{
    struct mf_error err = {0};
    char shown[1024];
    int from = 0, version = 0;

    (void)argv;
    if (argc > 1)
        return cli_usage_error("init", "init takes no arguments");
    if (app_migrate(cli->s, 1, &from, &version, &err))
        return cli_fail(&err);
    app_dsn_shown(app_config_of(cli->app)->db, shown, sizeof shown);
    /* An existing database brought forward says so. */
    if (from > 0 && from < version)
        MF_PRINTF(stdout, MSG_MIGRATED, shown, from, version);
    MF_PRINTF(stdout, MSG_INIT_READY, shown, version);
    return EXIT_OK;
}
