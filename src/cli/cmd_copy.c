/*
 * cmd_copy.c - copy a whole registry between stores (SQLite and
 * PostgreSQL).
 */
#include "cmd.h"

#include <stdio.h>
#include <string.h>

int cmd_copy(struct cli *cli, int argc, char **argv)
{
    struct mf_error err = {0};
    const char *from = NULL, *to = NULL;
    long n[MF_ENT_COUNT], rows[APP_COPY_TABLES];
    int i;

    for (i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--from") && i + 1 < argc)
            from = argv[++i];
        else if (!strcmp(argv[i], "--to") && i + 1 < argc)
            to = argv[++i];
        else
            return cli_usage_error("copy", "unknown argument '%s'", argv[i]);
    }
    if (!from || !to)
        return cli_usage_error("copy", "copy needs --from DSN and --to DSN");
    if (!strcmp(from, to))
        return cli_usage_error("copy",
                               "--from and --to name the same database");
    if (app_copy(cli->app, from, to, n, rows, &err))
        return cli_fail(&err);
    printf("copied %ld organisations, %ld projects, %ld sites, %ld lots\n",
           n[MF_ENT_ORG], n[MF_ENT_PROJECT], n[MF_ENT_SITE], n[MF_ENT_LOT]);
    printf("and %ld documents, %ld import log entries, %ld accounts, %ld API "
           "tokens, %ld audit records, %ld municipality boundaries\n",
           rows[APP_COPY_DOCUMENTS], rows[APP_COPY_IMPORT_LOG],
           rows[APP_COPY_ACCOUNTS], rows[APP_COPY_TOKENS], rows[APP_COPY_AUDIT],
           rows[APP_COPY_BOUNDARIES]);
    printf("and %ld vehicles, %ld quality documents, %ld load tickets, %ld "
           "receipts\n",
           rows[APP_COPY_VEHICLES], rows[APP_COPY_QUALITY_DOCS],
           rows[APP_COPY_TICKETS], rows[APP_COPY_RECEIPTS]);
    return EXIT_OK;
}
