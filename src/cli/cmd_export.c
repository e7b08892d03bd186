/*
 * cmd_export.c - write records out as CSV or GeoJSON (app_export). A file
 * is written to a temporary name and renamed when complete, so a failed
 * export never leaves half a file behind.
 */
#include "cmd.h"

#include "masseflyt/io.h"
#include "masseflyt/output.h"
#include "scope_args.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int cmd_export(struct cli *cli, int argc, char **argv)
{
    struct app_export_opts o;
    struct mf_error err = {0};
    int what, i, rc = 0;

    memset(&o, 0, sizeof o);
    o.format = MF_FMT_CSV;
    o.path = "-";
    o.write_flags = MF_WRITE_STDOUT;
    if (argc < 2)
        return cli_usage_error("export", "what to export: orgs, projects, "
                                         "sites or lots");
    what = mf_import_kind_parse(argv[1]);
    if (what < 0)
        return cli_usage_error("export", "cannot export '%s'", argv[1]);
    o.what = (enum mf_entity)what;
    for (i = 2; i < argc; i++) {
        if (!strcmp(argv[i], "--format") && i + 1 < argc) {
            const char *f = argv[++i];
            if (!strcmp(f, "csv"))
                o.format = MF_FMT_CSV;
            else if (!strcmp(f, "csv-excel"))
                o.format = MF_FMT_CSV_EXCEL;
            else if (!strcmp(f, "geojson"))
                o.format = MF_FMT_GEOJSON;
            else
                return cli_usage_error("export", "unknown format '%s'", f);
        } else if (!strcmp(argv[i], "-o") && i + 1 < argc) {
            o.path = argv[++i];
        } else if (!strcmp(argv[i], "--public-only")) {
            o.public_only = 1;
        } else if (cli_scope_arg("export", argc, argv, &i, &o.scope, &rc)) {
            if (rc)
                return rc;
        } else {
            return cli_usage_error("export", "unknown argument '%s'", argv[i]);
        }
    }
    if ((rc = cli_scope_done("export", &o.scope)))
        return rc;
    return app_export(cli->s, &o, &err) ? cli_fail(&err) : EXIT_OK;
}
