/*
 * cmd_template.c - write an example file of organisations, projects,
 * sites or lots to start from.
 */
#include "cmd.h"

#include "masseflyt/io.h"

#include <stdio.h>
#include <string.h>

const char usage_template[] =
    "usage: masseflyt template orgs|projects|sites|lots [--lang nb|en]\n\n"
    "Writes an example file of that kind to stdout, and a guide to its\n"
    "columns to stderr (not with --quiet). The four examples describe one\n"
    "school project and refer to each other: import them together.\n\n"
    "  --lang nb   as a Norwegian spreadsheet saves it: ';', decimal comma,\n"
    "              dd.mm.yyyy and Norwegian column names (data/aliases.csv)\n"
    "  --lang en   ',', '.' decimals, ISO dates, English column names\n"
    "              (the default)\n\n"
    "  masseflyt template lots --lang nb > lots.csv\n";

int cmd_template(struct cli *cli, int argc, char **argv)
{
    const struct mf_catalog *cat;
    struct mf_error err = {0};
    int kind = -1, nb = 0, i;

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
