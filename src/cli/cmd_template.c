/*
 * cmd_template.c - write an example file of organisations, projects,
 * sites or lots to start from.
 */
#include "cmd.h"

#include "masseflyt/io.h"

#include <stdio.h>
#include <string.h>

int cmd_template(struct cli *cli, int argc, char **argv)
{
    const struct mf_catalog *cat;
    struct mf_error err = {0};
    /* The language of messages unless --lang says otherwise. */
    int kind = -1, nb = mf_lang_current() == MF_LANG_NB, i;

    for (i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--lang") && i + 1 < argc) {
            i++;
            if (!strcmp(argv[i], "nb") || !strcmp(argv[i], "no"))
                nb = 1;
            else if (!strcmp(argv[i], "en"))
                nb = 0;
            else
                return cli_usage_error("template",
                                       "--lang is nb or en, not '%s'", argv[i]);
        } else if (argv[i][0] != '-' && kind < 0) {
            kind = mf_import_kind_parse(argv[i]);
            if (kind < 0)
                return cli_usage_error("template",
                                       "'%s' is not orgs, projects, sites "
                                       "or lots",
                                       argv[i]);
        } else {
            return cli_usage_error("template", "unexpected argument '%s'",
                                   argv[i]);
        }
    }
    if (kind < 0)
        return cli_usage_error("template",
                               "say which file: orgs, projects, sites or lots");
    if (app_catalog(cli->app, &cat, &err))
        return cli_fail(&err);
    if (mf_template_write(cat, (enum mf_entity)kind, nb, stdout,
                          cli->quiet ? NULL : stderr))
        return EXIT_IO;
    return EXIT_OK;
}
