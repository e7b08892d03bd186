/*
 * cmd_export.c - write records out as CSV or GeoJSON. A file is written
 * to a temporary name and renamed when complete, so a failed export never
 * leaves half a file behind.
 */
#include "cmd.h"

#include "masseflyt/io.h"
#include "masseflyt/output.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char usage_export[] =
    "usage: masseflyt export orgs|projects|sites|lots\n"
    "                        [--format csv|csv-excel|geojson] [-o FILE]\n"
    "                        [--public-only]\n\n"
    "Writes the records of one kind with the columns the importer reads\n"
    "(docs/FORMATS.md), so an export imports again unchanged. csv is RFC\n"
    "4180 with '.' decimals; csv-excel is for Norwegian Excel (';'\n"
    "separator, ',' decimals, UTF-8 with BOM); geojson is an RFC 7946\n"
    "FeatureCollection in WGS84. Without -o (or with -o -) the export\n"
    "goes to stdout.\n"
    "With --public-only, lots marked public = 0 are left out (for open\n"
    "data).\n";

struct export_job {
    const struct mf_registry *reg;
    enum mf_entity what;
    enum mf_format fmt;
    const unsigned char *keep;
};

static int write_export(void *ctx, FILE *f, struct mf_error *err)
{
    const struct export_job *j = ctx;

    return mf_export(j->reg, j->what, j->fmt, j->keep, f, err);
}

int cmd_export(struct cli *cli, int argc, char **argv)
{
    enum mf_format fmt = MF_FMT_CSV;
    const char *out_path = "-";
    struct mf_error err = {0};
    struct export_job job;
    unsigned char *keep = NULL;
    int what, i, rc, public_only = 0;

    if (argc < 2)
        return cli_usage_error("export", "what to export: orgs, projects, "
                                         "sites or lots");
    what = mf_import_kind_parse(argv[1]);
    if (what < 0)
        return cli_usage_error("export", "cannot export '%s'", argv[1]);
    for (i = 2; i < argc; i++) {
        if (!strcmp(argv[i], "--format") && i + 1 < argc) {
            const char *f = argv[++i];
            if (!strcmp(f, "csv"))
                fmt = MF_FMT_CSV;
            else if (!strcmp(f, "csv-excel"))
                fmt = MF_FMT_CSV_EXCEL;
            else if (!strcmp(f, "geojson"))
                fmt = MF_FMT_GEOJSON;
            else
                return cli_usage_error("export", "unknown format '%s'", f);
        } else if (!strcmp(argv[i], "-o") && i + 1 < argc) {
            out_path = argv[++i];
        } else if (!strcmp(argv[i], "--public-only")) {
            public_only = 1;
        } else {
            return cli_usage_error("export", "unknown argument '%s'", argv[i]);
        }
    }
    if ((rc =
             cli_registry(cli, what == MF_ENT_LOT ? STORE_ALL : STORE_NO_LOTS)))
        return rc;
    if (public_only && what == MF_ENT_LOT) {
        size_t k, n = mf_registry_count(cli->reg, MF_ENT_LOT);
        keep = malloc(n + 1);
        if (!keep)
            return EXIT_NOMEM;
        for (k = 0; k < n; k++)
            keep[k] = (unsigned char)mf_registry_lot_at(cli->reg, k)->is_public;
    }
    job.reg = cli->reg;
    job.what = (enum mf_entity)what;
    job.fmt = fmt;
    job.keep = keep;
    rc = mf_write_file(out_path, MF_WRITE_STDOUT, write_export, &job, &err);
    free(keep);
    return rc ? cli_fail(&err) : EXIT_OK;
}
