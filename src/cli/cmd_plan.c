/*
 * cmd_plan.c - plan the flows of masses, compare with business as usual,
 * store the plan, explain a lot, export flows and the network.
 */
#include "cmd.h"

#include "compare.h"
#include "masseflyt/impact.h"
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
    "                      [--dimacs FILE] [--check] [--no-lazy]\n\n"
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
    "  --check           verify the optimality certificate after solving\n"
    "  --no-lazy         only the k cheapest candidates (no pricing)\n";

struct plan_out {
    const struct mf_plan *plan;
    const struct mf_registry *reg;
    int (*fn)(const struct mf_plan *, const struct mf_registry *, FILE *,
              struct mf_error *);
};

static int plan_out(void *ctx, FILE *f, struct mf_error *err)
{
    const struct plan_out *o = ctx;

    return o->fn(o->plan, o->reg, f, err);
}

static int write_file(const char *path, const struct mf_plan *plan,
                      const struct mf_registry *reg,
                      int (*fn)(const struct mf_plan *,
                                const struct mf_registry *, FILE *,
                                struct mf_error *),
                      struct mf_error *err)
{
    struct plan_out o = {plan, reg, fn};

    return mf_write_file(path, MF_WRITE_STDOUT, plan_out, &o, err);
}

static int dimacs(const struct mf_plan *plan, const struct mf_registry *reg,
                  FILE *f, struct mf_error *err)
{
    (void)reg;
    return mf_plan_write_dimacs(plan, f, err);
}

static void print_shortfalls(const struct mf_plan *plan,
                             const struct mf_registry *reg)
{
    size_t n_lots = mf_registry_count(reg, MF_ENT_LOT), i;
    double *unplaced = calloc(n_lots + 1, sizeof *unplaced);
    double *unmet = calloc(n_lots + 1, sizeof *unmet);
    char why[256], q[32];
    int header = 0;

    if (!unplaced || !unmet) {
        free(unplaced);
        free(unmet);
        return;
    }
    for (i = 0; i < plan->n_flows; i++) {
        const struct mf_flow *f = &plan->flows[i];
        if (f->to_kind == MF_END_UNPLACED && f->from >= 0)
            unplaced[f->from] += f->tonnes;
        if (f->from_kind == MF_END_UNMET && f->to >= 0)
            unmet[f->to] += f->tonnes;
    }
    for (i = 0; i < n_lots; i++) {
        double t = unplaced[i] > 0 ? unplaced[i] : unmet[i];
        if (t <= 0)
            continue;
        if (!header++)
            printf("\nWhat the plan could not place or meet:\n");
        printf("  lot %s: %s t %s: %s\n", mf_registry_lot_at(reg, i)->id,
               cli_tonnes(t, q, sizeof q),
               unplaced[i] > 0 ? "unplaced" : "unmet",
               mf_plan_why_short(plan, reg, (int)i, "en", why, sizeof why));
    }
    free(unplaced);
    free(unmet);
}

int cmd_plan(struct cli *cli, int argc, char **argv)
{
    struct mf_plan_opts o = MF_PLAN_OPTS_INIT;
    struct mf_factors *fx = NULL;
    struct mf_distances *dist = NULL;
    struct mf_plan *plan = NULL, *bau = NULL;
    struct mf_fleet fleet;
    struct mf_error err = {0};
    const char *name = "plan", *explain = NULL, *csv = NULL, *geo = NULL;
    const char *dim = NULL, *fleet_spec = NULL, *dist_path = NULL;
    int i, rc, have_radius = 0;
    char a[16], b[16];

    for (i = 1; i < argc; i++) {
        const char *x = argv[i];
        const char *v = i + 1 < argc ? argv[i + 1] : NULL;
        if (!strcmp(x, "--name") && v) {
            name = argv[++i];
        } else if (!strcmp(x, "--period") && v) {
            o.period = mf_period_kind_parse(argv[++i]);
            if (o.period < 0)
                return cli_usage_error("plan", "--period is week, month, "
                                               "quarter or year");
        } else if ((!strcmp(x, "--from") || !strcmp(x, "--to")) && v) {
            int32_t d;
            if (mf_date_parse(argv[++i], &d, &err))
                return cli_usage_error("plan", "%s: %s", x, err.message);
            if (!strcmp(x, "--from"))
                o.from = d;
            else
                o.to = d;
        } else if (!strcmp(x, "--k") && v) {
            long k;
            if (cli_parse_long(argv[++i], 1, 1000, &k))
                return cli_usage_error("plan", "--k must be a whole number "
                                               "from 1 to 1000");
            o.k = (int)k;
        } else if (!strcmp(x, "--max-km") && v) {
            o.max_km = strtod(argv[++i], NULL);
            if (!(o.max_km > 0))
                return cli_usage_error("plan", "--max-km must be positive");
        } else if (!strcmp(x, "--municipality") && v) {
            o.municipality = argv[++i];
        } else if (!strcmp(x, "--near") && v) {
            if (sscanf(argv[++i], "%lf,%lf", &o.lat, &o.lon) != 2)
                return cli_usage_error("plan", "--near takes LAT,LON");
            o.near = 1;
        } else if (!strcmp(x, "--radius") && v) {
            o.radius_km = strtod(argv[++i], NULL);
            have_radius = o.radius_km > 0;
        } else if (!strcmp(x, "--fleet") && v) {
            fleet_spec = argv[++i];
        } else if (!strcmp(x, "--distances") && v) {
            dist_path = argv[++i];
        } else if (!strcmp(x, "--no-storage")) {
            o.no_storage = 1;
        } else if (!strcmp(x, "--no-processing")) {
            o.no_processing = 1;
        } else if (!strcmp(x, "--baseline")) {
            o.baseline = 1;
        } else if (!strcmp(x, "--explain") && v) {
            explain = argv[++i];
        } else if (!strcmp(x, "--csv") && v) {
            csv = argv[++i];
        } else if (!strcmp(x, "--geojson") && v) {
            geo = argv[++i];
        } else if (!strcmp(x, "--dimacs") && v) {
            dim = argv[++i];
        } else if (!strcmp(x, "--check")) {
            o.check = 1;
        } else if (!strcmp(x, "--no-lazy")) {
            o.lazy = 0;
        } else {
            return cli_usage_error("plan", "unknown argument '%s'", x);
        }
    }
    if (o.near != have_radius)
        return cli_usage_error("plan", "--near and --radius go together");
    o.as_of = cli->as_of;
    if ((rc = cli_registry(cli, STORE_ALL)))
        return rc;
    if (mf_factors_load(&fx, cli->data, &err))
        return cli_fail(&err);
    if (fleet_spec) {
        if (mf_fleet_parse(fx, fleet_spec, &fleet, &err)) {
            mf_factors_free(fx);
            return cli_usage_error("plan", "--fleet: %s", err.message);
        }
        o.fleet = &fleet;
    }
    if (dist_path) {
        if (mf_distances_load(&dist, dist_path, &err)) {
            mf_factors_free(fx);
            return cli_fail(&err);
        }
        o.distances = dist;
    }
    rc = mf_plan_solve_pair(cli->reg, fx, &o, &plan, o.baseline ? NULL : &bau,
                            &err);
    if (rc) {
        rc = cli_fail(&err);
        goto done;
    }
    if (explain) {
        rc = mf_plan_explain(plan, cli->reg, explain, stdout, &err)
                 ? cli_fail(&err)
                 : EXIT_OK;
        goto done;
    }
    printf(
        "Plan '%s': %s to %s in %d %ss; %d nodes, %d arcs; built in "
        "%.2f s, solved in %.2f s (%d pricing round%s); optimal at "
        "%.2f NOK\n\n",
        name, mf_date_format(plan->periods.start[0], a, sizeof a),
        mf_date_format(plan->periods.start[plan->periods.n] - 1, b, sizeof b),
        plan->periods.n, mf_period_kind_name(plan->periods.kind), plan->n_nodes,
        plan->n_arcs, plan->seconds_build, plan->seconds_solve, plan->rounds,
        plan->rounds == 1 ? "" : "s", (double)plan->objective / 100.0);
    if (bau) {
        const char *names[] = {"business as usual", "plan"};
        const struct mf_indicators *ind[] = {&bau->ind, &plan->ind};
        compare_print(stdout, names, ind, 2, 1, 0);
    } else {
        const char *names[] = {"business as usual"};
        const struct mf_indicators *ind[] = {&plan->ind};
        compare_print(stdout, names, ind, 1, 0, 0);
    }
    print_shortfalls(plan, cli->reg);
    {
        char *json = mf_plan_summary_json(plan, bau, cli->reg);
        if (!json) {
            rc = EXIT_NOMEM;
            goto done;
        }
        if (cli->store->ops->put_doc(cli->store, "plan", name, json, &err)) {
            free(json);
            rc = cli_fail(&err);
            goto done;
        }
        free(json);
    }
    if ((csv && write_file(csv, plan, cli->reg, mf_plan_write_csv, &err)) ||
        (geo && write_file(geo, plan, cli->reg, mf_plan_write_geojson, &err)) ||
        (dim && write_file(dim, plan, cli->reg, dimacs, &err))) {
        rc = cli_fail(&err);
        goto done;
    }
    printf("\nStored as plan '%s'.%s%s%s%s%s%s\n", name, csv ? " Flows: " : "",
           csv ? csv : "", geo ? " Lines: " : "", geo ? geo : "",
           dim ? " Network: " : "", dim ? dim : "");
    rc = EXIT_OK;
done:
    mf_plan_free(plan);
    mf_plan_free(bau);
    mf_distances_free(dist);
    mf_factors_free(fx);
    return rc;
}
