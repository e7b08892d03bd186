/*
 * cmd_migrate.c - bring a database made by an older masseflyt up to the
 * current schema, in one transaction.
 */
#include "cmd.h"

#include <stdio.h>

int cmd_migrate(struct cli *cli, int argc, char **argv)
{
    struct mf_error err = {0};
    char shown[1024];
    int from = 0, to = 0;

    (void)argv;
    if (argc > 1)
        return cli_usage_error("migrate", "migrate takes no arguments");
    if (app_migrate(cli->s, 0, &from, &to, &err))
        return cli_fail(&err);
    app_dsn_shown(app_config_of(cli->app)->db, shown, sizeof shown);
    if (from == to)
        MF_PRINTF(stdout, MSG_MIGRATE_CURRENT, shown, to);
    else
        MF_PRINTF(stdout, MSG_MIGRATED, shown, from, to);
    return EXIT_OK;
}
