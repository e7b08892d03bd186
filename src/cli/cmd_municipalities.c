/*
 * cmd_municipalities.c - load Kartverket's municipality boundaries, which
 * validate checks places against.
 */
#include "cmd.h"

#include <stdio.h>

int cmd_import_municipalities(struct cli *cli, int argc, char **argv)
{
    struct mf_error err = {0};
    size_t n;

    if (argc != 2 || argv[1][0] == '-')
        return cli_usage_error("import-municipalities",
                               "import-municipalities takes one FILE");
    if (app_import_municipalities(cli->s, argv[1], &n, &err))
        return cli_fail(&err);
    printf("loaded the boundaries of %zu municipalit%s from %s\n", n,
           n == 1 ? "y" : "ies", argv[1]);
    return EXIT_OK;
}
