/*
 * cmd_scenario.c - policy measures as scenarios: list them, run one,
 * compare several side by side with their differences explained, and the
 * sensitivity of one to its assumptions.
 */
#include "cmd.h"

#include "compare.h"
#include "masseflyt/scenario.h"
#include "scenario_cli.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char usage_scenario[] =
    "usage: masseflyt scenario list [--dir DIR]\n"
    "       masseflyt scenario run NAME [--dir DIR]\n"
    "       masseflyt scenario compare NAME... [--dir DIR] [--csv]\n"
    "       masseflyt scenario sensitivity NAME [--dir DIR]\n\n"
    "A scenario is a file DIR/NAME.scn of 'key = value' lines that change\n"
    "the rules of the game: landfill tax, CO2 price, land price, longest\n"
    "haul, new or closed sites, time flexibility, fleet mix, a reuse\n"
    "requirement for public clients, road distances (docs/SCENARIOS.md).\n"
    "DIR defaults to $MASSEFLYT_SCENARIOS, else the demo region's\n"
    "scenarios in the data folder.\n\n"
    "  run          plans the scenario and compares it with its business as\n"
    "               usual\n"
    "  compare      plans every scenario named; the first is the reference\n"
    "               the others are compared with, and the main differences\n"
    "               (flows and sites) are explained\n"
    "  sensitivity  moves each assumption of data/sensitivity.csv across its\n"
    "               range and shows the change in cost, CO2e, reuse rate and\n"
    "               landfilled tonnes (a tornado)\n";

const char *scenario_dir(struct cli *cli, const char *given, char *buf,
                         size_t len)
{
    const char *env = getenv("MASSEFLYT_SCENARIOS");

    if (given)
        return given;
    if (env && *env)
        return env;
    snprintf(buf, len, "%s/demo/scenarios",
             cli->data ? cli->data : mf_data_dir_default());
    return buf;
}

static int list(const char *dir)
{
    DIR *d = opendir(dir);
    struct dirent *e;
    struct mf_error err = {0};

    if (!d) {
        fprintf(stderr, "masseflyt: %s: no such folder of scenarios\n", dir);
        return EXIT_NOTFOUND;
    }
    while ((e = readdir(d))) {
        size_t n = strlen(e->d_name);
        char name[256];
        struct mf_scenario *s;
        if (n < 5 || strcmp(e->d_name + n - 4, ".scn"))
            continue;
        snprintf(name, sizeof name, "%.*s", (int)(n - 4), e->d_name);
        if (mf_scenario_load(&s, dir, name, &err)) {
            closedir(d);
            return cli_fail(&err);
        }
        printf("%-12s %s\n", name, mf_scenario_title(s, "en"));
        mf_scenario_free(s);
    }
    closedir(d);
    return EXIT_OK;
}

int scenario_run_all(struct cli *cli, const char *dir, const char *const *names,
                     int n, struct mf_factors *fx,
                     struct mf_scenario_result *res)
{
    struct mf_error err = {0};
    int i, rc;

    for (i = 0; i < n; i++) {
        struct mf_scenario *s = NULL;
        struct mf_plan_opts o = MF_PLAN_OPTS_INIT;
        o.as_of = cli->as_of;
        if (mf_scenario_load(&s, dir, names[i], &err) ||
            mf_scenario_run(s, cli->reg, fx, &o, &res[i], &err)) {
            mf_scenario_free(s);
            while (i-- > 0)
                mf_scenario_result_free(&res[i]);
            return cli_fail(&err);
        }
        snprintf(res[i].title, sizeof res[i].title, "%s",
                 mf_scenario_title(s, "en"));
        mf_scenario_free(s);
        {
            char *json =
                mf_plan_summary_json(res[i].plan, res[i].baseline, res[i].reg);
            if (json) {
                rc = cli->store->ops->put_doc(cli->store, "scenario",
                                              res[i].name, json, &err);
                free(json);
                if (rc) {
                    while (i >= 0)
                        mf_scenario_result_free(&res[i--]);
                    return cli_fail(&err);
                }
            }
        }
    }
    return EXIT_OK;
}

static int compare(struct cli *cli, const char *dir, const char *const *names,
                   int n, int csv, int run_only)
{
    struct mf_factors *fx = NULL;
    struct mf_scenario_result *res;
    struct mf_error err = {0};
    const struct mf_indicators *ind[14];
    const char *cols[14];
    int i, rc;

    if (n > 12)
        return cli_usage_error("scenario", "at most 12 scenarios at once");
    if ((rc = cli_registry(cli, STORE_ALL)))
        return rc;
    if (mf_factors_load(&fx, cli->data, &err))
        return cli_fail(&err);
    res = calloc((size_t)n, sizeof *res);
    if (!res) {
        mf_factors_free(fx);
        return EXIT_NOMEM;
    }
    if ((rc = scenario_run_all(cli, dir, names, n, fx, res))) {
        free(res);
        mf_factors_free(fx);
        return rc;
    }
    if (run_only) {
        const char *two[] = {"business as usual", res[0].name};
        const struct mf_indicators *pi[] = {&res[0].baseline->ind,
                                            &res[0].plan->ind};
        printf("Scenario %s: %s\n\n", res[0].name, res[0].title);
        compare_print(stdout, two, pi, 2, 1, csv);
    } else {
        cols[0] = "business as usual";
        ind[0] = &res[0].baseline->ind;
        for (i = 0; i < n; i++) {
            cols[1 + i] = res[i].name;
            ind[1 + i] = &res[i].plan->ind;
        }
        if (!csv) {
            printf("Scenarios compared (business as usual is the reference "
                   "scenario %s without reuse):\n",
                   res[0].name);
            for (i = 0; i < n; i++)
                printf("  %-10s %s\n", res[i].name, res[i].title);
            putchar('\n');
        }
        compare_print(stdout, cols, ind, n + 1, 0, csv);
        for (i = 1; i < n && !csv; i++) {
            const char *two[] = {res[0].name, res[i].name};
            const struct mf_indicators *pi[] = {&res[0].plan->ind,
                                                &res[i].plan->ind};
            char *lines[8];
            int k, nl;
            printf("\n%s against %s:\n", res[i].name, res[0].name);
            compare_print(stdout, two, pi, 2, 1, 0);
            nl = mf_scenario_explain_diff(&res[0], &res[i], "en", lines, 8);
            if (nl)
                printf("Main differences:\n");
            for (k = 0; k < nl; k++) {
                printf("  %s\n", lines[k]);
                free(lines[k]);
            }
            if (res[i].requirement > 0 && res[i].requirement_met)
                printf("Reuse requirement %.0f %% for public clients: met "
                       "(%.1f %%) with a surcharge of %.0f NOK/t on "
                       "landfilling their surplus\n",
                       res[i].requirement * 100, res[i].public_reuse_rate * 100,
                       res[i].public_surcharge);
            else if (res[i].requirement > 0)
                printf("Reuse requirement %.0f %% for public clients: cannot "
                       "be met; the most the region's needs allow is %.1f %% "
                       "(shown, with a surcharge of %.0f NOK/t)\n",
                       res[i].requirement * 100, res[i].public_reuse_rate * 100,
                       res[i].public_surcharge);
        }
    }
    for (i = 0; i < n; i++)
        mf_scenario_result_free(&res[i]);
    free(res);
    mf_factors_free(fx);
    return EXIT_OK;
}

static int sensitivity(struct cli *cli, const char *dir, const char *name)
{
    struct mf_factors *fx = NULL;
    struct mf_scenario *s = NULL;
    struct mf_tornado *t = NULL;
    struct mf_error err = {0};
    struct mf_plan_opts o = MF_PLAN_OPTS_INIT;
    int rc, i;

    if ((rc = cli_registry(cli, STORE_ALL)))
        return rc;
    if (mf_factors_load(&fx, cli->data, &err) ||
        mf_scenario_load(&s, dir, name, &err)) {
        mf_factors_free(fx);
        return cli_fail(&err);
    }
    o.as_of = cli->as_of;
    if (mf_sensitivity_run(s, cli->reg, fx, &o, &t, &err)) {
        rc = cli_fail(&err);
    } else {
        printf("Sensitivity of scenario %s: base cost %.2f MNOK, CO2e %.0f t, "
               "reuse %.1f %%\n\n",
               name, t->base[MF_HL_COST] / 1e6, t->base[MF_HL_CO2E] / 1000,
               t->base[MF_HL_REUSE_RATE] * 100);
        printf("%-42s %15s %13s %13s %13s\n", "assumption (low .. high)",
               "range", "cost MNOK", "CO2e t", "reuse pp");
        for (i = 0; i < t->n_bars; i++) {
            const struct mf_tornado_bar *b = &t->bars[i];
            char range[64];
            snprintf(range, sizeof range, "%g .. %g", b->low_value,
                     b->high_value);
            printf("%-42s %15s %+6.1f/%+6.1f %+6.0f/%+6.0f %+6.1f/%+6.1f\n",
                   b->label_en, range,
                   (b->low[MF_HL_COST] - t->base[MF_HL_COST]) / 1e6,
                   (b->high[MF_HL_COST] - t->base[MF_HL_COST]) / 1e6,
                   (b->low[MF_HL_CO2E] - t->base[MF_HL_CO2E]) / 1000,
                   (b->high[MF_HL_CO2E] - t->base[MF_HL_CO2E]) / 1000,
                   (b->low[MF_HL_REUSE_RATE] - t->base[MF_HL_REUSE_RATE]) * 100,
                   (b->high[MF_HL_REUSE_RATE] - t->base[MF_HL_REUSE_RATE]) *
                       100);
        }
        rc = EXIT_OK;
    }
    mf_tornado_free(t);
    mf_scenario_free(s);
    mf_factors_free(fx);
    return rc;
}

int cmd_scenario(struct cli *cli, int argc, char **argv)
{
    const char *given = NULL;
    const char **names;
    char buf[1024];
    int i, n = 0, csv = 0, rc;
    const char *dir;

    if (argc < 2)
        return cli_usage_error("scenario",
                               "say list, run, compare or sensitivity");
    names = calloc((size_t)argc, sizeof *names);
    if (!names)
        return EXIT_NOMEM;
    for (i = 2; i < argc; i++) {
        if (!strcmp(argv[i], "--dir") && i + 1 < argc)
            given = argv[++i];
        else if (!strcmp(argv[i], "--csv"))
            csv = 1;
        else if (argv[i][0] == '-') {
            free(names);
            return cli_usage_error("scenario", "unknown option '%s'", argv[i]);
        } else
            names[n++] = argv[i];
    }
    dir = scenario_dir(cli, given, buf, sizeof buf);
    if (!strcmp(argv[1], "list"))
        rc = list(dir);
    else if (!strcmp(argv[1], "run") && n == 1)
        rc = compare(cli, dir, names, 1, csv, 1);
    else if (!strcmp(argv[1], "compare") && n >= 1)
        rc = compare(cli, dir, names, n, csv, 0);
    else if (!strcmp(argv[1], "sensitivity") && n == 1)
        rc = sensitivity(cli, dir, names[0]);
    else
        rc = cli_usage_error("scenario",
                             "'%s' with %d name%s is not a scenario command",
                             argv[1], n, n == 1 ? "" : "s");
    free(names);
    return rc;
}
