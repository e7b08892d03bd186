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
    int version = 0;

    (void)argv;
    if (argc > 1)
        return cli_usage_error("init", "init takes no arguments");
    if (app_init(cli->s, &version, &err))
        return cli_fail(&err);
    app_dsn_shown(app_config_of(cli->app)->db, shown, sizeof shown);
    MF_PRINTF(stdout, MSG_INIT_READY, shown, version);
    return EXIT_OK;
}
