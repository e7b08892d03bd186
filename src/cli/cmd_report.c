/*
 * cmd_report.c - the report in three stages (situation today, potential,
 * measures) as HTML, PDF and XLSX, with a CSV file per table.
 */
#include "cmd.h"
#include "masseflyt/msg.h"
#include "scope_args.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int cmd_report(struct cli *cli, int argc, char **argv)
{
    struct app_report_opts o = APP_REPORT_OPTS_INIT;
    struct app_report_result res;
    struct mf_error err = {0};
    const char **given;
    char **listed = NULL;
    int i, n = 0, n_listed = 0, rc = 0;

    o.out_dir = "out/report";
    o.lang = "nb";
    o.title = "masseflyt";
    given = calloc((size_t)argc + 1, sizeof *given);
    if (!given)
        return EXIT_NOMEM;
    for (i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (!strcmp(a, "--out") && i + 1 < argc)
            o.out_dir = argv[++i];
        else if (!strcmp(a, "--lang") && i + 1 < argc)
            o.lang = argv[++i];
        else if (!strcmp(a, "--title") && i + 1 < argc)
            o.title = argv[++i];
        else if (!strcmp(a, "--dir") && i + 1 < argc)
            o.dir = argv[++i];
        else if (!strcmp(a, "--no-pdf"))
            o.no_pdf = 1;
        else if (cli_scope_arg("report", argc, argv, &i, &o.scope, &rc)) {
            if (rc) {
                free(given);
                return rc;
            }
        } else if (a[0] == '-') {
            free(given);
            return cli_usage_error("report", "unknown option '%s'", a);
        } else
            given[n++] = a;
    }
    if ((rc = cli_scope_done("report", &o.scope)))
        goto done;
    if (strcmp(o.lang, "nb") && strcmp(o.lang, "en")) {
        rc = cli_usage_error("report", "--lang is nb or en");
        goto done;
    }
    o.names = given;
    o.n = n;
    if (n == 0) {
        /* Every scenario of the folder, the reference first; listed here
         * so that too many is a usage error, as too many named is. */
        if (app_scenario_names(cli->app, o.dir, &listed, &n_listed, &err)) {
            rc = cli_fail(&err);
            goto done;
        }
        o.names = (const char *const *)listed;
        o.n = n_listed;
    }
    if (o.n > APP_MAX_SCENARIOS) {
        rc = cli_usage_error("report", "at most %d scenarios in a report",
                             APP_MAX_SCENARIOS);
        goto done;
    }
    if (app_report(cli->s, &o, &res, &err)) {
        rc = cli_fail(&err);
        goto done;
    }
    MF_PRINTF(stdout, MSG_RE_WRITTEN, o.out_dir, o.no_pdf ? "" : "report.pdf, ",
              res.n_scenarios, res.reference);
    if (o.scope.kind != APP_SCOPE_ALL) {
        char what[200];
        MF_PRINTF(stdout, MSG_REPORT_SCOPE,
                  app_scope_text(&o.scope, mf_lang_code(mf_lang_current()),
                                 what, sizeof what));
    }
    if (res.pdf_made)
        MF_PRINTF(stdout, MSG_RE_PDF, res.pdf_made);
    rc = EXIT_OK;
done:
    app_names_free(listed, n_listed);
    free(given);
    return rc;
}
