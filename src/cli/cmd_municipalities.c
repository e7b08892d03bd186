/*
 * cmd_municipalities.c - load Kartverket's municipality boundaries, which
 * validate checks places against.
 */
#include "cmd.h"

#include <stdio.h>

const char usage_import_municipalities[] =
    "usage: masseflyt import-municipalities FILE\n\n"
    "Loads the municipalities' boundaries from Kartverket's administrative\n"
    "units (GeoJSON, as Geonorge publishes \"Administrative enheter\n"
    "kommuner\"; docs/FORMATS.md), replacing any loaded before. From then\n"
    "on 'masseflyt validate' flags every site and lot whose place lies\n"
    "outside the polygon of the municipality it names, naming both. All or\n"
    "nothing: a problem anywhere in FILE (exit 3) loads nothing.\n";

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
