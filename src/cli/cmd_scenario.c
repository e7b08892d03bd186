/*
 * cmd_scenario.c - policy measures as scenarios: list them, run one,
 * compare several side by side with their differences explained, and the
 * sensitivity of one to its assumptions.
 */
#include "cmd.h"

#include "compare.h"
#include "masseflyt/msg.h"
#include "masseflyt/scenario.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int list(struct cli *cli, const char *dir)
{
    struct app_scenario_list l;
    struct mf_error err = {0};
    int i, rc;

    rc = app_scenario_list(cli->app, dir, &l, &err);
    for (i = 0; i < l.n; i++)
        printf("%-12s %s\n", l.items[i].name, l.items[i].title);
    app_scenario_list_free(&l);
    return rc ? cli_fail(&err) : EXIT_OK;
}

static void print_requirement(const struct mf_scenario_result *r)
{
    if (r->requirement > 0 && r->requirement_met)
        MF_PRINTF(stdout, MSG_SC_REQ_MET, r->requirement * 100,
                  r->public_reuse_rate * 100, r->public_surcharge);
    else if (r->requirement > 0)
        MF_PRINTF(stdout, MSG_SC_REQ_UNMET, r->requirement * 100,
                  r->public_reuse_rate * 100, r->public_surcharge);
}

/* How each scenario after the first was solved: warm from the first's
 * optimum, or cold and why (on stderr; -q leaves it out). */
static void print_warm(const struct cli *cli,
                       const struct mf_scenario_result *r, int n)
{
    int i;

    for (i = 1; i < n && !cli->quiet; i++) {
        switch (r[i].plan->warm) {
        case MF_WARM_OK:
            MF_PRINTF(stderr, MSG_SC_WARM_OK, r[i].name, r[0].name);
            break;
        case MF_WARM_LP:
            MF_PRINTF(stderr, MSG_SC_WARM_LP, r[i].name);
            break;
        case MF_WARM_NETWORK:
            MF_PRINTF(stderr, MSG_SC_WARM_NETWORK, r[i].name, r[0].name);
            break;
        case MF_WARM_NO_BASIS:
            MF_PRINTF(stderr, MSG_SC_WARM_NO_BASIS, r[i].name, r[0].name);
            break;
        case MF_WARM_FELL_BACK:
            MF_PRINTF(stderr, MSG_SC_WARM_FELL_BACK, r[i].name, r[0].name);
            break;
        default:
            break;
        }
    }
}

static int compare(struct cli *cli, const char *dir, const char *const *names,
                   int n, int csv, int run_only)
{
    struct app_scenarios_opts o = APP_SCENARIOS_OPTS_INIT;
    struct app_scenarios_result res;
    struct mf_error err = {0};
    const struct mf_scenario_result *runs;
    const struct mf_indicators *ind[APP_MAX_SCENARIOS + 2];
    const char *cols[APP_MAX_SCENARIOS + 2];
    int i;

    if (n > APP_MAX_SCENARIOS)
        return cli_usage_error("scenario", "at most %d scenarios at once",
                               APP_MAX_SCENARIOS);
    o.dir = dir;
    o.names = names;
    o.n = n;
    o.lang = mf_lang_code(mf_lang_current()); /* titles as the output */
    if (app_scenarios_run(cli->s, &o, &res, &err)) {
        app_scenarios_result_free(&res);
        return cli_fail(&err);
    }
    runs = res.runs;
    print_warm(cli, runs, n);
    if (run_only) {
        const char *three[] = {mf_msg(MSG_SC_PRACTICE), mf_msg(MSG_SC_NO_REUSE),
                               runs[0].name};
        const struct mf_indicators *pi[] = {
            &runs[0].practice->ind, &runs[0].baseline->ind, &runs[0].plan->ind};
        if (!csv)
            MF_PRINTF(stdout, MSG_SC_RUN_NO_REUSE, runs[0].name, runs[0].title);
        compare_print(stdout, three, pi, 3, 1, csv);
    } else {
        cols[0] = mf_msg(MSG_SC_PRACTICE);
        ind[0] = &runs[0].practice->ind;
        for (i = 0; i < n; i++) {
            cols[1 + i] = runs[i].name;
            ind[1 + i] = &runs[i].plan->ind;
        }
        if (!csv) {
            MF_PRINTF(stdout, MSG_SC_COMPARED, runs[0].name);
            for (i = 0; i < n; i++)
                printf("  %-10s %s\n", runs[i].name, runs[i].title);
            putchar('\n');
        }
        compare_print(stdout, cols, ind, n + 1, 0, csv);
        if (!csv && n > 1) {
            const char *mnames[APP_MAX_SCENARIOS];
            const struct mf_indicators *mind[APP_MAX_SCENARIOS];
            for (i = 1; i < n; i++) {
                mnames[i - 1] = runs[i].name;
                mind[i - 1] = &runs[i].plan->ind;
            }
            compare_rank(stdout, runs[0].name, mnames, &runs[0].plan->ind, mind,
                         n - 1);
        }
        for (i = 1; i < n && !csv; i++) {
            const char *two[] = {runs[0].name, runs[i].name};
            const struct mf_indicators *pi[] = {&runs[0].plan->ind,
                                                &runs[i].plan->ind};
            int k;
            MF_PRINTF(stdout, MSG_SC_AGAINST, runs[i].name, runs[0].name);
            compare_print(stdout, two, pi, 2, 1, 0);
            if (res.n_notes[i])
                fputs(mf_msg(MSG_SC_MAIN_DIFF), stdout);
            for (k = 0; k < res.n_notes[i]; k++)
                printf("  %s\n", res.notes[i][k]);
            print_requirement(&runs[i]);
        }
    }
    app_scenarios_result_free(&res);
    return EXIT_OK;
}

/* `scenario run NAME`: the scenario against base (or --against NAME),
 * saying which file each was read from; against itself, against today's
 * practice. */
static int run(struct cli *cli, const char *dir, const char *name,
               const char *against, int csv)
{
    struct app_scenarios_opts o = APP_SCENARIOS_OPTS_INIT;
    struct app_scenarios_result res;
    struct mf_error err = {0};
    char own[APP_PATH_MAX], ref[APP_PATH_MAX];
    const char *names[2];
    int self, k;

    if (against && !strcmp(against, "no-reuse"))
        return compare(cli, dir, &name, 1, csv, 1);
    names[0] = against ? against : "base";
    names[1] = name;
    if (app_scenario_file(cli->app, dir, name, own, sizeof own, &err) ||
        app_scenario_file(cli->app, dir, names[0], ref, sizeof ref, &err))
        return cli_fail(&err);
    self = !strcmp(own, ref);
    o.dir = dir;
    o.lang = mf_lang_code(mf_lang_current());
    o.names = self ? &names[1] : names;
    o.n = self ? 1 : 2;
    if (app_scenarios_run(cli->s, &o, &res, &err)) {
        app_scenarios_result_free(&res);
        return cli_fail(&err);
    }
    print_warm(cli, res.runs, o.n);
    if (self) {
        const char *two[] = {mf_msg(MSG_SC_PRACTICE), res.runs[0].name};
        const struct mf_indicators *pi[] = {&res.runs[0].practice->ind,
                                            &res.runs[0].plan->ind};
        if (!csv)
            MF_PRINTF(stdout, MSG_SC_RUN_SELF, res.runs[0].name,
                      res.runs[0].title, own);
        compare_print(stdout, two, pi, 2, 1, csv);
    } else {
        const struct mf_scenario_result *r = res.runs;
        const char *two[] = {r[0].name, r[1].name};
        const struct mf_indicators *pi[] = {&r[0].plan->ind, &r[1].plan->ind};
        if (!csv)
            MF_PRINTF(stdout, MSG_SC_RUN_AGAINST, r[1].name, r[1].title, own,
                      r[0].name, r[0].title, ref);
        compare_print(stdout, two, pi, 2, 1, csv);
        if (!csv && res.n_notes[1])
            fputs(mf_msg(MSG_SC_MAIN_DIFF), stdout);
        for (k = 0; k < res.n_notes[1] && !csv; k++)
            printf("  %s\n", res.notes[1][k]);
        if (!csv)
            print_requirement(&r[1]);
    }
    app_scenarios_result_free(&res);
    return EXIT_OK;
}

static int sensitivity(struct cli *cli, const char *dir, const char *name)
{
    struct app_sensitivity_opts o = APP_SENSITIVITY_OPTS_INIT;
    struct mf_tornado *t = NULL;
    struct mf_error err = {0};
    int i;

    o.dir = dir;
    o.name = name;
    if (app_sensitivity(cli->s, &o, &t, &err))
        return cli_fail(&err);
    MF_PRINTF(stdout, MSG_SC_SENS_HEAD, name, t->base[MF_HL_COST] / 1e6,
              t->base[MF_HL_CO2E] / 1000, t->base[MF_HL_REUSE_RATE] * 100);
    fputs(mf_msg(MSG_SC_SENS_COLS), stdout);
    for (i = 0; i < t->n_bars; i++) {
        const struct mf_tornado_bar *b = &t->bars[i];
        char range[64];
        snprintf(range, sizeof range, "%g .. %g", b->low_value, b->high_value);
        printf("%-42s %15s %+6.1f/%+6.1f %+6.0f/%+6.0f %+6.1f/%+6.1f\n",
               mf_lang_current() == MF_LANG_NB ? b->label_no : b->label_en,
               range, (b->low[MF_HL_COST] - t->base[MF_HL_COST]) / 1e6,
               (b->high[MF_HL_COST] - t->base[MF_HL_COST]) / 1e6,
               (b->low[MF_HL_CO2E] - t->base[MF_HL_CO2E]) / 1000,
               (b->high[MF_HL_CO2E] - t->base[MF_HL_CO2E]) / 1000,
               (b->low[MF_HL_REUSE_RATE] - t->base[MF_HL_REUSE_RATE]) * 100,
               (b->high[MF_HL_REUSE_RATE] - t->base[MF_HL_REUSE_RATE]) * 100);
    }
    mf_tornado_free(t);
    return EXIT_OK;
}

int cmd_scenario(struct cli *cli, int argc, char **argv)
{
    const char *dir = NULL, *against = NULL;
    const char **names;
    int i, n = 0, csv = 0, rc;

    if (argc < 2)
        return cli_usage_error("scenario",
                               "say list, run, compare or sensitivity");
    names = calloc((size_t)argc, sizeof *names);
    if (!names)
        return EXIT_NOMEM;
    for (i = 2; i < argc; i++) {
        if (!strcmp(argv[i], "--dir") && i + 1 < argc)
            dir = argv[++i];
        else if (!strcmp(argv[i], "--against") && i + 1 < argc)
            against = argv[++i];
        else if (!strcmp(argv[i], "--csv"))
            csv = 1;
        else if (argv[i][0] == '-') {
            free(names);
            return cli_usage_error("scenario", "unknown option '%s'", argv[i]);
        } else
            names[n++] = argv[i];
    }
    /* dir NULL: the configuration's folder ($MASSEFLYT_SCENARIOS, else the
     * demo region's). */
    if (!strcmp(argv[1], "list"))
        rc = list(cli, dir);
    else if (against && strcmp(argv[1], "run"))
        rc = cli_usage_error("scenario", "--against is for run only");
    else if (!strcmp(argv[1], "run") && n == 1)
        rc = run(cli, dir, names[0], against, csv);
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
