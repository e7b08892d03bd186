/*
 * cmd_import.c - import CSV and GeoJSON files in one transaction: every
 * problem is listed, and with one error nothing is written (app_import).
 */
#include "cmd.h"

#include "masseflyt/io.h"
#include "masseflyt/schema.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* The progress line, on a terminal only: records read so far, cleared
 * when a file is read to its end. */
static void progress(void *ctx, const struct app_progress *p)
{
    char n[32];

    (void)ctx;
    if (p->step == APP_STEP_RECORDS)
        MF_PRINTF(stderr, MSG_IMPORT_PROGRESS, p->what,
                  cli_tonnes((double)p->done, n, sizeof n));
    else if (p->step == APP_STEP_FILE_DONE)
        fputs("\r\033[K", stderr);
    fflush(stderr);
}

/* What each file read was found to be, as notes. */
static void print_notes(const struct app_import_result *res)
{
    int i;

    for (i = 0; i < res->n_files; i++) {
        const struct app_import_done *d = &res->files[i];
        if (d->ignored_columns[0])
            MF_PRINTF(stderr, MSG_IMPORT_NOTE_IGNORED, d->path,
                      d->ignored_columns);
        if (strcmp(d->encoding, "UTF-8") && d->encoding[0])
            MF_PRINTF(stderr, MSG_IMPORT_NOTE_ENCODING, d->path, d->encoding);
    }
}

/* The stored records the import replaced, and what changed in each. */
static void print_replaced(const struct app_import_result *res, int dry_run)
{
    size_t i;

    size_t n = res->n_replaced;

    if (n == 1 && dry_run)
        MF_PRINTF(stdout, MSG_IMPORT_WOULD_REPLACE_ONE, n);
    else if (n && dry_run)
        MF_PRINTF(stdout, MSG_IMPORT_WOULD_REPLACE, n);
    else if (n == 1)
        MF_PRINTF(stdout, MSG_IMPORT_REPLACED_ONE, n);
    else if (n)
        MF_PRINTF(stdout, MSG_IMPORT_REPLACED, n);
    for (i = 0; i < res->n_listed; i++) {
        const struct app_replaced *r = &res->replaced[i];
        printf("  %s %s (%s): %s\n", mf_schema(r->kind)->name, r->id, r->where,
               r->changes);
    }
    if (res->n_replaced > res->n_listed)
        MF_PRINTF(stdout, MSG_IMPORT_MORE_REPLACED,
                  res->n_replaced - res->n_listed);
    if (res->n_unchanged == 1)
        MF_PRINTF(stdout, MSG_IMPORT_UNCHANGED_ONE, res->n_unchanged);
    else if (res->n_unchanged)
        MF_PRINTF(stdout, MSG_IMPORT_UNCHANGED, res->n_unchanged);
}

int cmd_import(struct cli *cli, int argc, char **argv)
{
    static const enum mf_msg names[][2] = {{MSG_N_ORGS_ONE, MSG_N_ORGS},
                                           {MSG_N_PROJECTS_ONE, MSG_N_PROJECTS},
                                           {MSG_N_SITES_ONE, MSG_N_SITES},
                                           {MSG_N_LOTS_ONE, MSG_N_LOTS}};
    struct app_import_opts opts = APP_IMPORT_OPTS_INIT;
    struct app_import_result res;
    struct app_import_file *files;
    struct mf_error err = {0};
    int n_files = 0, kind = -1, i, e, rc;

    files = calloc((size_t)argc, sizeof *files);
    if (!files)
        return EXIT_NOMEM;
    for (i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (!strcmp(a, "--kind") && i + 1 < argc) {
            kind = mf_import_kind_parse(argv[++i]);
            if (kind < 0) {
                free(files);
                return cli_usage_error("import",
                                       "--kind must be orgs, projects, sites "
                                       "or lots");
            }
        } else if (!strcmp(a, "--encoding") && i + 1 < argc) {
            const char *v = argv[++i];
            if (!strcasecmp(v, "auto"))
                opts.encoding = MF_ENC_AUTO;
            else if (!strcasecmp(v, "utf-8") || !strcasecmp(v, "utf8"))
                opts.encoding = MF_ENC_UTF8;
            else if (!strcasecmp(v, "windows-1252") || !strcasecmp(v, "cp1252"))
                opts.encoding = MF_ENC_CP1252;
            else if (!strcasecmp(v, "latin-1") || !strcasecmp(v, "latin1") ||
                     !strcasecmp(v, "iso-8859-1"))
                opts.encoding = MF_ENC_LATIN1;
            else {
                free(files);
                return cli_usage_error("import", "unknown encoding '%s'", v);
            }
        } else if (!strcmp(a, "--dry-run")) {
            opts.dry_run = 1;
        } else if (!strcmp(a, "--no-replace")) {
            opts.no_replace = 1;
        } else if (!strcmp(a, "--max-problems") && i + 1 < argc) {
            opts.max_problems = (size_t)strtoul(argv[++i], NULL, 10);
        } else if (a[0] == '-' && a[1]) {
            free(files);
            return cli_usage_error("import", "unknown option '%s'", a);
        } else {
            files[n_files].path = a;
            files[n_files].kind =
                kind >= 0 ? kind : mf_import_kind_from_name(a);
            n_files++;
        }
    }
    if (n_files == 0) {
        free(files);
        return cli_usage_error("import", "no files to import");
    }
    for (i = 0; i < n_files; i++) {
        if (kind >= 0)
            files[i].kind = kind;
        if (files[i].kind < 0) {
            const char *path = files[i].path;
            free(files);
            return cli_usage_error("import",
                                   "cannot tell what %s holds: name it "
                                   "orgs*, projects*, sites* or lots*, or "
                                   "pass --kind",
                                   path);
        }
    }
    opts.files = files;
    opts.n_files = n_files;
    if (cli->tty && !cli->quiet)
        opts.progress = progress;
    rc = app_import(cli->s, &opts, &res, &err);
    if (!cli->quiet)
        print_notes(&res);
    /* The problems found, when every file was read; a refusal then says
     * why nothing was written. */
    if (res.checked)
        cli_print_issues(stderr, &res.issues, MF_SEV_FLAG);
    if (rc) {
        rc = cli_fail(&err);
        goto done;
    }
    fputs(mf_msg(opts.dry_run ? MSG_IMPORT_CHECKED : MSG_IMPORT_IMPORTED),
          stdout);
    for (e = 0, i = 0; e < MF_ENT_COUNT; e++) {
        if (!res.stats.records[e])
            continue;
        fputs(i++ ? ", " : " ", stdout);
        /* The message is one of the two with "%zu ..." (N_ORGS...). */
        mf_msg_fprintf(stdout, names[e][res.stats.records[e] != 1],
                       res.stats.records[e]);
    }
    if (i == 0)
        fputs(mf_msg(MSG_IMPORT_NOTHING), stdout);
    MF_PRINTF(stdout, MSG_IMPORT_TAIL, res.stats.refused, res.stats.flagged,
              opts.dry_run ? mf_msg(MSG_IMPORT_DRY_RUN) : "");
    print_replaced(&res, opts.dry_run);
done:
    app_import_result_free(&res);
    free(files);
    return rc;
}
