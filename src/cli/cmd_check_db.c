/*
 * cmd_check_db.c - check the database for damage, and back it up.
 */
#include "cmd.h"

#include <stdio.h>
#include <string.h>

const char usage_check_db[] =
    "usage: masseflyt check-db [--full]\n\n"
    "Checks the database for damage: the structure of every page, and with\n"
    "--full also every index against its table and every reference between\n"
    "records. A damaged database exits 7 with what was found: restore it\n"
    "from a backup ('masseflyt backup' makes one). Commands that read the\n"
    "whole registry (validate, list, balance, plan, report) run the quick\n"
    "check first and refuse a damaged database the same way.\n";

const char usage_backup[] =
    "usage: masseflyt backup FILE\n\n"
    "Copies the whole database to FILE as it is at one moment, checked,\n"
    "while others may go on reading and writing it (SQLite's online\n"
    "backup). FILE is written beside its final name and renamed when\n"
    "complete; a symbolic link, a device or a read-only file is not\n"
    "replaced. Restore by copying the backup over the database while no\n"
    "masseflyt runs, or point --db at it.\n";

int cmd_check_db(struct cli *cli, int argc, char **argv)
{
    struct mf_error err = {0};
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
    printf("database %s: no damage found (%s check)\n",
           app_config_of(cli->app)->db, full ? "full" : "quick");
    return EXIT_OK;
}

int cmd_backup(struct cli *cli, int argc, char **argv)
{
    struct mf_error err = {0};

    if (argc != 2 || argv[1][0] == '-')
        return cli_usage_error("backup", "backup takes one FILE");
    if (app_backup(cli->s, argv[1], &err))
        return cli_fail(&err);
    printf("database %s backed up to %s\n", app_config_of(cli->app)->db,
           argv[1]);
    return EXIT_OK;
}
