/*
 * cmd_import.c - import CSV and GeoJSON files in one transaction: every
 * problem is listed, and with one error nothing is written.
 */
#include "cmd.h"

#include "masseflyt/io.h"
#include "writer.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

const char usage_import[] =
    "usage: masseflyt import [--kind KIND] [--encoding ENC] [--dry-run]\n"
    "                        [--max-problems N] FILE...\n\n"
    "Imports organisations, projects, sites and lots from CSV or GeoJSON\n"
    "files (docs/FORMATS.md). What a file holds is read from its name\n"
    "(orgs*, projects*, sites*, lots*) or given with --kind; files are\n"
    "taken in that order whatever the order given, so lots may refer to\n"
    "sites in the same import. A record whose id is already stored\n"
    "replaces it.\n\n"
    "The import is all or nothing: when any record breaks a rule of\n"
    "severity error, every problem is listed (up to --max-problems, default\n"
    "100), nothing is written, and the exit status is 3. Records that the\n"
    "rules refuse as out of scope (for example alum shale) are stored,\n"
    "listed, and left out of balances and plans.\n\n"
    "  --kind KIND       orgs, projects, sites or lots, for every FILE\n"
    "  --encoding ENC    auto (default), utf-8, windows-1252 or latin-1\n"
    "  --dry-run         check everything, write nothing\n";

/* Records go to the store through a writer thread, so that SQLite's
 * work overlaps with reading and checking the next records. */
static int put(void *ctx, enum mf_entity e, const void *rec,
               struct mf_error *err)
{
    return writer_put(ctx, e, rec, err);
}

static void progress(void *ctx, const char *file, size_t done)
{
    char n[32];

    (void)ctx;
    fprintf(stderr, "\rmasseflyt: %s: %s records read", file,
            cli_tonnes((double)done, n, sizeof n));
    fflush(stderr);
}

struct file_arg {
    const char *path;
    int kind;
    long records;      /* read from it */
    char encoding[32]; /* found in it */
};

static int by_kind(const void *a, const void *b)
{
    const struct file_arg *x = a, *y = b;

    return (x->kind > y->kind) - (x->kind < y->kind);
}

int cmd_import(struct cli *cli, int argc, char **argv)
{
    static const char *const names[] = {"organisations", "projects", "sites",
                                        "lots"};
    struct mf_import_opts opts = MF_IMPORT_OPTS_INIT;
    struct mf_import *imp = NULL;
    struct mf_import_sink sink;
    struct writer *writer = NULL;
    struct mf_import_stats stats;
    struct mf_issues is;
    struct mf_error err = {0};
    struct file_arg *files;
    int n_files = 0, kind = -1, dry = 0, i, rc = EXIT_OK, e;
    size_t max_problems = 100;

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
            dry = 1;
        } else if (!strcmp(a, "--max-problems") && i + 1 < argc) {
            max_problems = (size_t)strtoul(argv[++i], NULL, 10);
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
    qsort(files, (size_t)n_files, sizeof *files, by_kind);
    if ((rc = cli_registry(cli, STORE_NO_LOTS))) {
        free(files);
        return rc;
    }
    if (cli->store->ops->begin(cli->store, &err)) {
        free(files);
        return cli_fail(&err);
    }
    opts.as_of = cli->as_of;
    if (cli->tty && !cli->quiet)
        opts.progress = progress;
    mf_issues_init(&is, max_problems);
    memset(&stats, 0, sizeof stats);
    if (mf_import_new(&imp, cli->reg, &opts, &err) ||
        (!dry && writer_start(&writer, cli->store, cli->cat, &err))) {
        rc = cli_fail(&err);
        goto done;
    }
    sink.ctx = writer;
    sink.put = dry ? NULL : put;
    for (i = 0; i < n_files; i++) {
        size_t before = stats.records[files[i].kind];
        int r =
            mf_import_file(imp, files[i].path, (enum mf_entity)files[i].kind,
                           &sink, &is, &stats, &err);
        if (opts.progress)
            fputs("\r\033[K", stderr);
        if (r && r != MF_EINVAL && r != MF_EIO && r != MF_ENOTFOUND) {
            /* A failure of the writer says more than "writing failed". */
            if (writer && writer_finish(writer, &err) == MF_OK)
                mf_error_set(&err, r, "%s", "the import stopped");
            writer = NULL;
            rc = cli_fail(&err);
            goto done;
        }
        if (!cli->quiet && stats.ignored_columns[0])
            fprintf(stderr, "masseflyt: %s: note: columns ignored: %s\n",
                    files[i].path, stats.ignored_columns);
        if (!cli->quiet && strcmp(stats.encoding, "UTF-8") && stats.encoding[0])
            fprintf(stderr, "masseflyt: %s: note: read as %s\n", files[i].path,
                    stats.encoding);
        files[i].records = (long)(stats.records[files[i].kind] - before);
        snprintf(files[i].encoding, sizeof files[i].encoding, "%s",
                 stats.encoding);
    }
    /* Everything is queued; the writer finishes before the store is used
     * again from this thread. */
    if (writer) {
        int w = writer_finish(writer, &err);
        writer = NULL;
        if (w) {
            rc = cli_fail(&err);
            goto done;
        }
    }
    cli_print_issues(stderr, &is, MF_SEV_FLAG);
    if (is.count[MF_SEV_ERROR]) {
        fprintf(stderr,
                "masseflyt: import refused: %zu error%s; nothing was "
                "written\n",
                is.count[MF_SEV_ERROR], is.count[MF_SEV_ERROR] == 1 ? "" : "s");
        rc = EXIT_INVALID;
        goto done;
    }
    for (i = 0; !dry && i < n_files; i++)
        if (cli->store->ops->log_import(
                cli->store, files[i].path, (enum mf_entity)files[i].kind,
                files[i].records, files[i].encoding, &err)) {
            rc = cli_fail(&err);
            goto done;
        }
    if (!dry && cli->store->ops->commit(cli->store, &err)) {
        rc = cli_fail(&err);
        goto done;
    }
    printf("%s", dry ? "checked" : "imported");
    for (e = 0, i = 0; e < MF_ENT_COUNT; e++) {
        if (!stats.records[e])
            continue;
        printf("%s %zu %s", i++ ? "," : "", stats.records[e], names[e]);
    }
    if (i == 0)
        printf(" nothing");
    printf("; %zu refused, %zu flagged%s\n", stats.refused, stats.flagged,
           dry ? "; nothing written (--dry-run)" : "");
done:
    if (writer)
        writer_finish(writer, NULL);
    if (rc != EXIT_OK || dry)
        cli->store->ops->rollback(cli->store);
    mf_import_free(imp);
    mf_issues_free(&is);
    free(files);
    return rc;
}
