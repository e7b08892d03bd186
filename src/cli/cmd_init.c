/*
 * cmd_init.c - create an empty database, or bring an old one up to the
 * current schema.
 */
#include "cmd.h"

#include <stdio.h>

int cmd_init(struct cli *cli, int argc, char **argv)
{
    struct mf_error err = {0};
    int version = 0;

    (void)argv;
    if (argc > 1)
        return cli_usage_error("init", "init takes no arguments");
    if (app_init(cli->s, &version, &err))
        return cli_fail(&err);
    MF_PRINTF(stdout, MSG_INIT_READY, app_config_of(cli->app)->db, version);
    return EXIT_OK;
}
