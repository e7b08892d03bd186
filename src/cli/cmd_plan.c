/*
 * cmd_plan.c - plan the flows of masses, compare with business as usual,
 * store the plan, explain a lot, export flows and the network.
 */
#include "cmd.h"

#include "compare.h"
#include "masseflyt/output.h"
#include "masseflyt/plan.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char usage_plan[] =
    "usage: masseflyt plan [--name NAME] [--period week|month|quarter|year]\n"
    "                      [--from DATE] [--to DATE] [--k N] [--max-km KM]\n"
    "                      [--municipality CODE | --near LAT,LON --radius KM]\n"
    "                      [--fleet SPEC] [--distances FILE]\n"
    "                      [--no-storage] [--no-processing] [--baseline]\n"
    "                      [--explain LOT] [--csv FILE] [--geojson FILE]\n"
    "                      [--dimacs FILE] [--lp FILE] [--check] "
    "[--no-lazy]\n\n"
    "Plans where every tonne of surplus goes and where every need gets its\n"
    "masses, period by period: directly between projects, through\n"
    "intermediate storage, through processing, to receiving sites, from\n"
    "quarries. The plan is optimal (network simplex, exact integer costs)\n"
    "over every allowed arc. It is compared with business as usual (every\n"
    "surplus to the cheapest receiving site, every need from the cheapest\n"
    "quarry) and stored under NAME (default 'plan').\n\n"
    "  --period P        length of a period (default: data/factors.csv)\n"
    "  --k N             candidate destinations per origin and kind\n"
    "  --max-km KM       longest haul by road\n"
    "  --fleet SPEC      e.g. trailer=0.7,electric=0.3 or trailer:hvo=1\n"
    "  --distances FILE  road km between sites (columns from,to,km)\n"
    "  --explain LOT     why LOT goes where it goes: alternatives and\n"
    "                    marginal values\n"
    "  --csv FILE        flows as CSV;  --geojson FILE  flows as lines\n"
    "  --dimacs FILE     the network as DIMACS min-cost flow\n"
    "  --lp FILE         the network as an LP (CPLEX LP format; the export\n"
    "                    of a network with processing yields)\n"
    "  --check           verify the optimality certificate after solving\n"
    "  --no-lazy         only the k cheapest candidates (no pricing)\n";

/* The practice baseline's reuse share against the published range. */
static void print_calibration(const struct app_plan_result *res)
{
    const struct mf_practice *pr = &res->practice_params;

    printf("The difference is the plan against today's practice (each "
           "project acting\nalone; docs/PLANNING.md); no reuse at all is "
           "a reference line only.\n");
    /* One line, so that scripts (run.sh) can find it. */
    printf("Calibration: today's practice reuses %.1f %% of the surplus; "
           "published range %.0f-%.0f %% (data/practice.csv): %s\n",
           res->practice->ind.reuse_rate * 100, pr->reuse_low * 100,
           pr->reuse_high * 100,
           mf_practice_calibrated(pr, res->practice) ? "within"
                                                     : "OUTSIDE the range");
}

static void print_shortfalls(const struct app_plan_result *res)
{
    char q[32];
    size_t i;

    for (i = 0; i < res->n_shortfalls; i++) {
        const struct app_shortfall *sf = &res->shortfalls[i];
        if (i == 0)
            printf("\nWhat the plan could not place or meet:\n");
        printf("  lot %s: %s t %s: %s\n", sf->id,
               cli_tonnes(sf->tonnes, q, sizeof q),
               sf->unmet ? "unmet" : "unplaced", sf->reason);
    }
}

int cmd_plan(struct cli *cli, int argc, char **argv)
{
    struct app_plan_opts ao = APP_PLAN_OPTS_INIT;
    struct mf_plan_opts *o = &ao.plan;
    struct app_plan_result res;
    const struct mf_plan *plan;
    struct mf_error err = {0};
    int i, rc, have_radius = 0;
    char a[16], b[16];

    for (i = 1; i < argc; i++) {
        const char *x = argv[i];
        const char *v = i + 1 < argc ? argv[i + 1] : NULL;
        if (!strcmp(x, "--name") && v) {
            ao.name = argv[++i];
        } else if (!strcmp(x, "--period") && v) {
            o->period = mf_period_kind_parse(argv[++i]);
            if (o->period < 0)
                return cli_usage_error("plan", "--period is week, month, "
                                               "quarter or year");
        } else if ((!strcmp(x, "--from") || !strcmp(x, "--to")) && v) {
            int32_t d;
            if (mf_date_parse(argv[++i], &d, &err))
                return cli_usage_error("plan", "%s: %s", x, err.message);
            if (!strcmp(x, "--from"))
                o->from = d;
            else
                o->to = d;
        } else if (!strcmp(x, "--k") && v) {
            long k;
            if (cli_parse_long(argv[++i], 1, 1000, &k))
                return cli_usage_error("plan", "--k must be a whole number "
                                               "from 1 to 1000");
            o->k = (int)k;
        } else if (!strcmp(x, "--max-km") && v) {
            o->max_km = strtod(argv[++i], NULL);
            if (!(o->max_km > 0))
                return cli_usage_error("plan", "--max-km must be positive");
        } else if (!strcmp(x, "--municipality") && v) {
            o->municipality = argv[++i];
        } else if (!strcmp(x, "--near") && v) {
            if (sscanf(argv[++i], "%lf,%lf", &o->lat, &o->lon) != 2)
                return cli_usage_error("plan", "--near takes LAT,LON");
            o->near = 1;
        } else if (!strcmp(x, "--radius") && v) {
            o->radius_km = strtod(argv[++i], NULL);
            have_radius = o->radius_km > 0;
        } else if (!strcmp(x, "--fleet") && v) {
            ao.fleet = argv[++i];
        } else if (!strcmp(x, "--distances") && v) {
            ao.distances = argv[++i];
        } else if (!strcmp(x, "--no-storage")) {
            o->no_storage = 1;
        } else if (!strcmp(x, "--no-processing")) {
            o->no_processing = 1;
        } else if (!strcmp(x, "--baseline")) {
            o->baseline = 1;
        } else if (!strcmp(x, "--explain") && v) {
            ao.explain = argv[++i];
        } else if (!strcmp(x, "--csv") && v) {
            ao.csv = argv[++i];
        } else if (!strcmp(x, "--geojson") && v) {
            ao.geojson = argv[++i];
        } else if (!strcmp(x, "--dimacs") && v) {
            ao.dimacs = argv[++i];
        } else if (!strcmp(x, "--lp") && v) {
            ao.lp = argv[++i];
        } else if (!strcmp(x, "--check")) {
            o->check = 1;
        } else if (!strcmp(x, "--no-lazy")) {
            o->lazy = 0;
        } else {
            return cli_usage_error("plan", "unknown argument '%s'", x);
        }
    }
    if (o->near != have_radius)
        return cli_usage_error("plan", "--near and --radius go together");
    ao.write_flags = MF_WRITE_STDOUT;
    rc = app_plan(cli->s, &ao, &res, &err);
    if (!cli->quiet)
        cli_print_issues(stderr, &res.notes, MF_SEV_FLAG);
    if (ao.explain && res.explanation)
        fputs(res.explanation, stdout);
    if (rc) {
        rc = res.bad_option && !strcmp(res.bad_option, "fleet")
                 ? cli_usage_error("plan", "--fleet: %s", err.message)
                 : cli_fail(&err);
        goto done;
    }
    if (ao.explain) {
        rc = EXIT_OK;
        goto done;
    }
    plan = res.plan;
    printf(
        "Plan '%s': %s to %s in %d %ss; %d nodes, %d arcs; built in "
        "%.2f s, solved in %.2f s (%d pricing round%s); optimal at "
        "%.2f NOK\n\n",
        res.name, mf_date_format(plan->periods.start[0], a, sizeof a),
        mf_date_format(plan->periods.start[plan->periods.n] - 1, b, sizeof b),
        plan->periods.n, mf_period_kind_name(plan->periods.kind), plan->n_nodes,
        plan->n_arcs, plan->seconds_build, plan->seconds_solve, plan->rounds,
        plan->rounds == 1 ? "" : "s", (double)plan->objective / 100.0);
    if (res.baseline && res.practice) {
        /* The difference is the plan against today's practice; no reuse
         * at all is the second, labelled reference. */
        const char *names[] = {"today's practice", "no reuse (ref.)", "plan"};
        const struct mf_indicators *ind[] = {&res.practice->ind,
                                             &res.baseline->ind, &plan->ind};
        compare_print(stdout, names, ind, 3, 1, 0);
        print_calibration(&res);
    } else if (res.baseline) {
        const char *names[] = {"business as usual", "plan"};
        const struct mf_indicators *ind[] = {&res.baseline->ind, &plan->ind};
        compare_print(stdout, names, ind, 2, 1, 0);
    } else {
        const char *names[] = {"business as usual"};
        const struct mf_indicators *ind[] = {&plan->ind};
        compare_print(stdout, names, ind, 1, 0, 0);
    }
    print_shortfalls(&res);
    if (app_plan_save(cli->s, &ao, &res, &err)) {
        rc = cli_fail(&err);
        goto done;
    }
    printf("\nStored as plan '%s'.%s%s%s%s%s%s%s%s\n", res.name,
           ao.csv ? " Flows: " : "", ao.csv ? ao.csv : "",
           ao.geojson ? " Lines: " : "", ao.geojson ? ao.geojson : "",
           ao.dimacs ? " Network: " : "", ao.dimacs ? ao.dimacs : "",
           ao.lp ? " LP: " : "", ao.lp ? ao.lp : "");
    rc = EXIT_OK;
done:
    app_plan_result_free(&res);
    return rc;
}
