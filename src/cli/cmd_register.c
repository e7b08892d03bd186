/*
 * cmd_register.c - import-register: the sites of a public register (NGU's
 * grus- og pukkdatabase, the county governors' permit lists) read through
 * the mapping table data/registers.csv (masseflyt/register.h) and imported
 * as sites, all or nothing, replacing those of an earlier import.
 */
#include "cmd.h"

#include "masseflyt/register.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

/* The day of the file's last change, as YYYY-MM-DD in UTC. */
static int file_day(const char *path, int32_t *day)
{
    struct stat st;
    struct tm tm;
    char buf[16];

    if (stat(path, &st) || !gmtime_r(&st.st_mtime, &tm) ||
        !strftime(buf, sizeof buf, "%Y-%m-%d", &tm))
        return -1;
    return mf_date_parse(buf, day, NULL) ? -1 : 0;
}

/* "FILE:L: col" of the sites document -> "PLACE: col", the register's
 * own line or feature. */
static void to_register_place(const struct mf_register_result *conv,
                              const char *label, char *where, size_t len)
{
    size_t n = strlen(label);
    const char *place, *rest;
    char *end;
    unsigned long line;
    char out[200];

    if (strncmp(where, label, n) || where[n] != ':')
        return;
    line = strtoul(where + n + 1, &end, 10);
    place = mf_register_place(conv, (size_t)line);
    if (!place || end == where + n + 1)
        return;
    rest = end;
    snprintf(out, sizeof out, "%s%s", place, rest);
    snprintf(where, len, "%s", out);
}

/* Sites imported before whose record the register now gives a status
 * to skip: they stay stored, and the user is told. */
static void stale_sites(struct cli *cli, const struct mf_register_result *conv,
                        const char *path)
{
    size_t i;

    for (i = 0; i < conv->skipped; i++) {
        struct mf_error e = {0};
        char *json = NULL;
        if (app_record_get(cli->s, MF_ENT_SITE, conv->skipped_ids[i], &json,
                           &e) == MF_OK)
            fprintf(stderr,
                    "masseflyt: %s: note: site %s, imported before, has a "
                    "status the register now gives as closed; it stays "
                    "stored as it was\n",
                    path, conv->skipped_ids[i]);
        free(json);
    }
}

int cmd_import_register(struct cli *cli, int argc, char **argv)
{
    struct mf_register_opts ro = MF_REGISTER_OPTS_INIT;
    struct app_import_opts opts = APP_IMPORT_OPTS_INIT;
    struct mf_register_result conv = {0};
    struct app_import_result res;
    struct app_import_file file;
    struct mf_register_map *map = NULL;
    const struct mf_catalog *cat;
    struct mf_issues is;
    struct mf_error err = {0};
    const char *reg = NULL, *path = NULL, *map_path = NULL;
    char default_map[APP_PATH_MAX + 32];
    size_t max_problems = 100, i;
    long l;
    int rc, a;

    for (a = 1; a < argc; a++) {
        const char *o = argv[a];
        if (!strcmp(o, "--retrieved") && a + 1 < argc) {
            if (mf_date_parse(argv[++a], &ro.retrieved, &err))
                return cli_usage_error("import-register", "--retrieved: %s",
                                       err.message);
        } else if (!strcmp(o, "--epsg") && a + 1 < argc) {
            if (cli_parse_long(argv[++a], 1, 999999, &l))
                return cli_usage_error("import-register",
                                       "--epsg must be an EPSG code such as "
                                       "25833");
            ro.epsg = (int)l;
        } else if (!strcmp(o, "--include-closed")) {
            ro.include_closed = 1;
        } else if (!strcmp(o, "--map") && a + 1 < argc) {
            map_path = argv[++a];
        } else if (!strcmp(o, "--dry-run")) {
            opts.dry_run = 1;
        } else if (!strcmp(o, "--max-problems") && a + 1 < argc) {
            if (cli_parse_long(argv[++a], 1, 1000000, &l))
                return cli_usage_error("import-register",
                                       "--max-problems must be a whole "
                                       "number from 1");
            max_problems = (size_t)l;
        } else if (o[0] == '-' && o[1]) {
            return cli_usage_error("import-register", "unknown option '%s'", o);
        } else if (!reg) {
            reg = o;
        } else if (!path) {
            path = o;
        } else {
            return cli_usage_error("import-register",
                                   "one register and one FILE at a time");
        }
    }
    if (!reg || !path)
        return cli_usage_error("import-register",
                               "give the register (ngu or permits) and FILE");
    if (ro.retrieved == MF_DATE_NONE && file_day(path, &ro.retrieved)) {
        fprintf(stderr, "masseflyt: %s: cannot open\n", path);
        return EXIT_IO;
    }
    if (!map_path) {
        snprintf(default_map, sizeof default_map, "%s/registers.csv",
                 app_config_of(cli->app)->data_dir);
        map_path = default_map;
    }
    rc = app_catalog(cli->app, &cat, &err);
    if (!rc)
        rc = mf_register_map_load(&map, map_path, reg, cat, &err);
    if (rc)
        return cli_fail(&err);
    mf_issues_init(&is, max_problems);
    rc = mf_register_convert(map, path, &ro, &conv, &is, &err);
    cli_print_issues(stderr, &is, MF_SEV_FLAG);
    mf_issues_free(&is);
    mf_register_map_free(map);
    if (rc)
        return cli_fail(&err);
    printf("%s: %zu record%s read, %zu skipped for their status%s\n", path,
           conv.records, conv.records == 1 ? "" : "s", conv.skipped,
           conv.skipped && !ro.include_closed ? " (--include-closed keeps them)"
                                              : "");

    file.path = path;
    file.kind = MF_ENT_SITE;
    opts.files = &file;
    opts.n_files = 1;
    opts.data = conv.csv;
    opts.len = conv.len;
    opts.max_problems = max_problems;
    rc = app_import(cli->s, &opts, &res, &err);
    if (res.checked) {
        for (i = 0; i < res.issues.n; i++)
            to_register_place(&conv, path, res.issues.items[i].where,
                              sizeof res.issues.items[i].where);
        cli_print_issues(stderr, &res.issues, MF_SEV_FLAG);
    }
    if (rc) {
        rc = cli_fail(&err);
        goto done;
    }
    printf(
        "%s %zu site%s; %zu refused, %zu flagged%s\n",
        opts.dry_run ? "checked" : "imported", res.stats.records[MF_ENT_SITE],
        res.stats.records[MF_ENT_SITE] == 1 ? "" : "s", res.stats.refused,
        res.stats.flagged, opts.dry_run ? "; nothing written (--dry-run)" : "");
    if (res.n_replaced)
        printf("%s %zu site%s imported before:\n",
               opts.dry_run ? "would replace" : "replaced", res.n_replaced,
               res.n_replaced == 1 ? "" : "s");
    for (i = 0; i < res.n_listed; i++) {
        struct app_replaced *r = &res.replaced[i];
        to_register_place(&conv, path, r->where, sizeof r->where);
        printf("  %s (%s): %s\n", r->id, r->where, r->changes);
    }
    if (res.n_replaced > res.n_listed)
        printf("  ... and %zu more (--max-problems)\n",
               res.n_replaced - res.n_listed);
    if (res.n_unchanged)
        printf("%zu site%s already stored as given (unchanged)\n",
               res.n_unchanged, res.n_unchanged == 1 ? "" : "s");
    if (!opts.dry_run)
        stale_sites(cli, &conv, path);
done:
    app_import_result_free(&res);
    mf_register_result_free(&conv);
    return rc;
}
