/*
 * cmd_check_db.c - check the database for damage, and back it up.
 */
#include "cmd.h"

#include <stdio.h>
#include <string.h>

int cmd_check_db(struct cli *cli, int argc, char **argv)
{
    struct mf_error err = {0};
    char shown[1024];
    int i, full = 0;

    for (i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--full"))
            full = 1;
        else
            return cli_usage_error("check-db", "unknown argument '%s'",
                                   argv[i]);
    }
    if (app_check_db(cli->s, full, &err))
        return cli_fail(&err);
    app_dsn_shown(app_config_of(cli->app)->db, shown, sizeof shown);
    MF_PRINTF(stdout, MSG_CHECK_DB_OK, shown,
              mf_msg(full ? MSG_CHECK_FULL : MSG_CHECK_QUICK));
    return EXIT_OK;
}

int cmd_backup(struct cli *cli, int argc, char **argv)
{
    struct mf_error err = {0};
    char shown[1024];

    if (argc != 2 || argv[1][0] == '-')
        return cli_usage_error("backup", "backup takes one FILE");
    if (app_backup(cli->s, argv[1], &err))
        return cli_fail(&err);
    app_dsn_shown(app_config_of(cli->app)->db, shown, sizeof shown);
    MF_PRINTF(stdout, MSG_BACKUP_DONE, shown, argv[1]);
    return EXIT_OK;
}
