/*
 * cmd_rules.c - list the rules of data/rules.csv with their dates and
 * sources.
 */
#include "cmd.h"

#include "table.h"

#include <stdio.h>
#include <string.h>

int cmd_rules(struct cli *cli, int argc, char **argv)
{
    const struct mf_catalog *cat;
    struct mf_error err = {0};
    int sources = 0, csv = 0, i;
    struct table *t;

    for (i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--sources"))
            sources = 1;
        else if (!strcmp(argv[i], "--format") && i + 1 < argc &&
                 (!strcmp(argv[i + 1], "csv") || !strcmp(argv[i + 1], "table")))
            csv = !strcmp(argv[++i], "csv");
        else
            return cli_usage_error("rules", "unknown argument '%s'", argv[i]);
    }
    if (app_catalog(cli->app, &cat, &err))
        return cli_fail(&err);
    t = table_new(sources ? 8 : 7);
    if (!t)
        return EXIT_NOMEM;
    table_rowf(t, "id\tseverity\tcheck\tparam\tfrom\tto\tmessage%s",
               sources ? "\tsource" : "");
    for (i = 0; i < mf_catalog_n_rules(cat); i++) {
        const struct mf_rule *r = mf_catalog_rule(cat, i);
        char a[16], b[16];
        table_rowf(t, "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s", r->id,
                   r->severity == MF_SEV_ERROR    ? "error"
                   : r->severity == MF_SEV_REFUSE ? "refuse"
                                                  : "flag",
                   r->check, r->param, mf_date_format(r->valid_from, a, 16),
                   mf_date_format(r->valid_to, b, 16), r->message_en,
                   sources ? r->source : "");
    }
    if (csv)
        table_print_csv(t, stdout);
    else
        table_print(t, stdout);
    table_free(t);
    return EXIT_OK;
}
