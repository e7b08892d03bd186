/*
 * cmd_report.c - the report in three stages (situation today, potential,
 * measures) as HTML, PDF and XLSX, with a CSV file per table.
 */
#include "cmd.h"

#include "masseflyt/balance.h"
#include "masseflyt/output.h"
#include "masseflyt/report.h"
#include "masseflyt/scenario.h"
#include "scenario_cli.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

const char usage_report[] =
    "usage: masseflyt report [--out DIR] [--lang nb|en] [--title TEXT]\n"
    "                        [--dir SCENARIO_DIR] [--no-pdf]\n"
    "                        [SCENARIO...]\n\n"
    "Writes the report in three stages - 1 the situation today (map,\n"
    "mass balance), 2 the potential (plan against business as usual,\n"
    "flows, Sankey, storage levels), 3 the measures (scenarios side by\n"
    "side, the sensitivity tornado) - with an appendix of every factor\n"
    "and its source, into DIR (default out/report): report.html (opens\n"
    "offline), report.pdf, report.xlsx (tables and native charts) and\n"
    "csv/ (one file per table). The scenarios are those named, or every\n"
    "scenario in the folder, the first (or 'base') being the reference.\n"
    "Norwegian bokmål by default; --lang en for English.\n";

static int mkdir_p(const char *path)
{
    char buf[4096];
    char *p;

    snprintf(buf, sizeof buf, "%s", path);
    for (p = buf + 1; *p; p++)
        if (*p == '/') {
            *p = '\0';
            if (mkdir(buf, 0777) && errno != EEXIST)
                return -1;
            *p = '/';
        }
    if (mkdir(buf, 0777) && errno != EEXIST)
        return -1;
    return 0;
}

static int by_name(const void *a, const void *b)
{
    const char *x = *(const char *const *)a, *y = *(const char *const *)b;

    /* "base" first, the rest in alphabetical order. */
    if (!strcmp(x, "base") || !strcmp(y, "base"))
        return strcmp(x, "base") ? 1 : (strcmp(y, "base") ? -1 : 0);
    return strcmp(x, y);
}

/* Every NAME.scn in dir; the caller frees the names and the array. */
static int all_scenarios(const char *dir, char ***out, int *n)
{
    DIR *d = opendir(dir);
    struct dirent *e;
    char **names = NULL;
    int cap = 0;

    *n = 0;
    if (!d)
        return -1;
    while ((e = readdir(d))) {
        size_t len = strlen(e->d_name);
        if (len < 5 || strcmp(e->d_name + len - 4, ".scn"))
            continue;
        if (*n == cap) {
            char **p;
            cap = cap ? cap * 2 : 16;
            p = realloc(names, (size_t)cap * sizeof *p);
            if (!p)
                break;
            names = p;
        }
        names[*n] = strndup(e->d_name, len - 4);
        if (names[*n])
            (*n)++;
    }
    closedir(d);
    qsort(names, (size_t)*n, sizeof *names, by_name);
    *out = names;
    return 0;
}

static int html_out(void *ctx, FILE *f, struct mf_error *err)
{
    return mf_report_html(ctx, f, err);
}

static int write_html(const struct mf_report_input *in, const char *path,
                      struct mf_error *err)
{
    return mf_write_file(path, 0, html_out, (void *)in, err);
}

int cmd_report(struct cli *cli, int argc, char **argv)
{
    const char *out_dir = "out/report", *lang = "nb", *given = NULL;
    const char *title = "masseflyt";
    int no_pdf = 0, i, n = 0, rc, k;
    char **names = NULL, buf[1024], path[4096], html[4096], today[16];
    const char *dir;
    struct mf_factors *fx = NULL;
    struct mf_scenario_result *res = NULL;
    struct mf_balance *bal = NULL;
    struct mf_balance_opts bo = MF_BALANCE_OPTS_INIT;
    struct mf_tornado *tornado = NULL;
    struct mf_scenario *base = NULL;
    struct mf_report_input in;
    struct mf_error err = {0};
    char ***notes = NULL;
    int *n_notes = NULL;
    const char *used = "";
    struct mf_plan_opts po = MF_PLAN_OPTS_INIT;

    names = calloc((size_t)argc + 1, sizeof *names);
    if (!names)
        return EXIT_NOMEM;
    for (i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (!strcmp(a, "--out") && i + 1 < argc)
            out_dir = argv[++i];
        else if (!strcmp(a, "--lang") && i + 1 < argc)
            lang = argv[++i];
        else if (!strcmp(a, "--title") && i + 1 < argc)
            title = argv[++i];
        else if (!strcmp(a, "--dir") && i + 1 < argc)
            given = argv[++i];
        else if (!strcmp(a, "--no-pdf"))
            no_pdf = 1;
        else if (a[0] == '-') {
            free(names);
            return cli_usage_error("report", "unknown option '%s'", a);
        } else if (!(names[n++] = strdup(a))) {
            rc = EXIT_NOMEM;
            goto done;
        }
    }
    if (strcmp(lang, "nb") && strcmp(lang, "en")) {
        rc = cli_usage_error("report", "--lang is nb or en");
        goto done;
    }
    dir = scenario_dir(cli, given, buf, sizeof buf);
    if (n == 0) {
        free(names);
        names = NULL;
        if (all_scenarios(dir, &names, &n) || n == 0) {
            fprintf(stderr, "masseflyt: %s: no scenarios (NAME.scn) here\n",
                    dir);
            rc = EXIT_NOTFOUND;
            goto done;
        }
    }
    if (n > 12) {
        rc = cli_usage_error("report", "at most 12 scenarios in a report");
        goto done;
    }
    if ((rc = cli_registry(cli, STORE_ALL)))
        goto done;
    if (mf_factors_load(&fx, cli->data, &err)) {
        rc = cli_fail(&err);
        goto done;
    }
    if (mkdir_p(out_dir)) {
        fprintf(stderr, "masseflyt: %s: cannot create the folder\n", out_dir);
        rc = EXIT_IO;
        goto done;
    }
    /* Stage 1: the balance. Stages 2 and 3: the scenarios, the first being
     * the reference; the sensitivity of the reference. */
    bo.as_of = cli->as_of;
    if (mf_balance_compute(cli->reg, &bo, &bal, &err)) {
        rc = cli_fail(&err);
        goto done;
    }
    res = calloc((size_t)n, sizeof *res);
    notes = calloc((size_t)n, sizeof *notes);
    n_notes = calloc((size_t)n, sizeof *n_notes);
    if (!res || !notes || !n_notes) {
        rc = EXIT_NOMEM;
        goto done;
    }
    if ((rc = scenario_run_all(cli, dir, (const char *const *)names, n, fx,
                               res))) {
        free(res);
        res = NULL;
        goto done;
    }
    for (i = 0; i < n; i++) {
        struct mf_scenario *s = NULL;
        if (mf_scenario_load(&s, dir, names[i], &err) == MF_OK) {
            snprintf(res[i].title, sizeof res[i].title, "%s",
                     mf_scenario_title(s, lang));
            snprintf(res[i].description, sizeof res[i].description, "%s",
                     mf_scenario_description(s, lang));
        }
        mf_scenario_free(s);
        notes[i] = calloc(8, sizeof **notes);
        if (!notes[i]) {
            rc = EXIT_NOMEM;
            goto done;
        }
        if (i > 0)
            n_notes[i] =
                mf_scenario_explain_diff(&res[0], &res[i], lang, notes[i], 8);
    }
    po.as_of = cli->as_of;
    if (mf_scenario_load(&base, dir, names[0], &err) ||
        mf_sensitivity_run(base, cli->reg, fx, &po, &tornado, &err)) {
        rc = cli_fail(&err);
        goto done;
    }
    memset(&in, 0, sizeof in);
    in.title = title;
    in.lang = lang;
    in.generated = mf_date_format(mf_date_today(), today, sizeof today);
    in.reg = cli->reg;
    in.factors = fx;
    in.data_dir = cli->data ? cli->data : mf_data_dir_default();
    in.balance = bal;
    in.baseline = res[0].baseline;
    in.plan = res[0].plan;
    in.scenarios = res;
    in.n_scenarios = n;
    in.notes = (char **const *)notes;
    in.n_notes = n_notes;
    in.tornado = tornado;
    snprintf(html, sizeof html, "%s/report.html", out_dir);
    if (write_html(&in, html, &err)) {
        rc = cli_fail(&err);
        goto done;
    }
    snprintf(path, sizeof path, "%s/report.xlsx", out_dir);
    if (mf_report_xlsx(&in, path, &err)) {
        rc = cli_fail(&err);
        goto done;
    }
    snprintf(path, sizeof path, "%s/csv", out_dir);
    if (mkdir_p(path) || mf_report_csv(&in, path, &err) < 0) {
        rc = cli_fail(&err);
        goto done;
    }
    if (!no_pdf) {
        snprintf(path, sizeof path, "%s/report.pdf", out_dir);
        if (mf_report_pdf(&in, html, path, &used, &err)) {
            rc = cli_fail(&err);
            goto done;
        }
    }
    printf("Report written to %s/: report.html, %sreport.xlsx and csv/ "
           "(%d scenarios; reference %s)\n",
           out_dir, no_pdf ? "" : "report.pdf, ", n, res[0].name);
    if (!no_pdf)
        printf("PDF made with %s\n", used);
    rc = EXIT_OK;
done:
    for (i = 0; res && i < n; i++)
        mf_scenario_result_free(&res[i]);
    for (i = 0; notes && i < n; i++) {
        for (k = 0; notes[i] && k < n_notes[i]; k++)
            free(notes[i][k]);
        free(notes[i]);
    }
    free(notes);
    free(n_notes);
    free(res);
    mf_tornado_free(tornado);
    mf_scenario_free(base);
    mf_balance_free(bal);
    mf_factors_free(fx);
    for (i = 0; names && i < n; i++)
        free(names[i]);
    free(names);
    return rc;
}
