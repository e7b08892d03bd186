/*
 * cmd_plan.c - plan the flows of masses, compare with business as usual,
 * store the plan, explain a lot, export flows and the network.
 */
#include "cmd.h"

#include "compare.h"
#include "masseflyt/msg.h"
#include "masseflyt/output.h"
#include "masseflyt/plan.h"
#include "scope_args.h"
#include "table.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The practice baseline's reuse share against the published range. */
static void print_calibration(const struct app_plan_result *res)
{
    const struct mf_practice *pr = &res->practice_params;
    char share[32];

    fputs(mf_msg(MSG_PL_DIFF_NOTE), stdout);
    /* One line, so that scripts (run.sh) can find it; the share has the
     * decimal comma in bokmål. */
    mf_fmt_num(mf_lang_current(), res->practice->ind.reuse_rate * 100, 1,
               MF_NUM_PLAIN, share, sizeof share);
    MF_PRINTF(stdout, MSG_PL_CALIBRATION, share, pr->reuse_low * 100,
              pr->reuse_high * 100,
              mf_msg(mf_practice_calibrated(pr, res->practice)
                         ? MSG_PL_WITHIN
                         : MSG_PL_OUTSIDE));
}

static void print_shortfalls(const struct app_plan_result *res)
{
    char q[32];
    size_t i;

    for (i = 0; i < res->n_shortfalls; i++) {
        const struct app_shortfall *sf = &res->shortfalls[i];
        if (i == 0)
            fputs(mf_msg(MSG_PL_SHORT_HEAD), stdout);
        MF_PRINTF(stdout, MSG_PL_SHORT_LINE, sf->id,
                  cli_tonnes(sf->tonnes, q, sizeof q),
                  mf_msg(sf->unmet ? MSG_PLAN_UNMET : MSG_PLAN_UNPLACED),
                  sf->reason);
    }
}

/* What a lot is: "surplus of leire, 74 000 t, 2027-03-01 to 2027-06-30". */
static void print_lot(const struct mf_registry *reg, const struct mf_lot *l)
{
    const struct mf_catalog *cat = mf_registry_catalog(reg);
    const struct mf_material *m = mf_catalog_material(cat, l->material);
    const struct mf_use *u = mf_catalog_use(cat, l->use);
    char q[32], a[16], b[16];

    MF_PRINTF(
        stdout, MSG_PLAN_SCOPE_LOT, l->id, l->project ? l->project : "-",
        mf_msg(l->kind == MF_LOT_SUPPLY ? MSG_PLAN_SURPLUS : MSG_PLAN_NEED),
        m ? m->code : (u ? u->code : "?"), cli_tonnes(l->tonnes, q, sizeof q),
        mf_date_format(l->from, a, sizeof a),
        mf_date_format(l->to, b, sizeof b));
}

/* The scope first: its lots, their flows, what stays unplaced and why. */
static void print_scope(const struct app_plan_result *res,
                        const struct app_scope *sc)
{
    const struct mf_catalog *cat = mf_registry_catalog(res->reg);
    size_t n = mf_registry_count(res->reg, MF_ENT_LOT), i, k, sf;
    char what[200], q[32], c[32];

    MF_PRINTF(
        stdout, MSG_PLAN_SCOPE,
        app_scope_text(sc, mf_lang_code(mf_lang_current()), what, sizeof what),
        res->sel.n_lots, res->sel.n_sites);
    if (res->sel.n_lots == 0)
        fputs(mf_msg(MSG_PLAN_SCOPE_NONE), stdout);
    for (i = 0; i < n; i++) {
        const struct mf_lot *l = mf_registry_lot_at(res->reg, i);
        struct table *t;
        int any = 0;
        if (!res->sel.lot[i])
            continue;
        print_lot(res->reg, l);
        t = table_new(7);
        if (!t)
            return;
        table_rowf(t, "%s",
                   mf_msg(l->kind == MF_LOT_SUPPLY ? MSG_PLAN_SCOPE_TO
                                                   : MSG_PLAN_SCOPE_FROM));
        for (k = 3; k <= 6; k++)
            table_right(t, (int)k);
        for (k = 0; k < res->n_scope_flows; k++) {
            const struct app_scope_flow *f = &res->scope_flows[k];
            const struct mf_material *m;
            if (f->lot != i)
                continue;
            m = mf_catalog_material(cat, f->material);
            table_rowf(t, "  %s\t%s\t%s\t%s\t%.1f\t%s\t%.2f", f->id, f->how,
                       m ? m->code : "?", cli_tonnes(f->tonnes, q, sizeof q),
                       f->km, cli_tonnes(f->cost_nok, c, sizeof c),
                       f->cost_nok / f->tonnes);
            any = 1;
        }
        if (any)
            table_print(t, stdout);
        table_free(t);
        for (sf = 0; sf < res->n_shortfalls; sf++)
            if (res->shortfalls[sf].lot == i)
                MF_PRINTF(stdout, MSG_PLAN_SCOPE_SHORT,
                          cli_tonnes(res->shortfalls[sf].tonnes, q, sizeof q),
                          mf_msg(res->shortfalls[sf].unmet ? MSG_PLAN_UNMET
                                                           : MSG_PLAN_UNPLACED),
                          res->shortfalls[sf].reason);
        if (!any && !l->tonnes)
            fputs(mf_msg(MSG_PLAN_NOTHING), stdout);
    }
    fputs(mf_msg(MSG_PLAN_CONTEXT), stdout);
}

int cmd_plan(struct cli *cli, int argc, char **argv)
{
    struct app_plan_opts ao = APP_PLAN_OPTS_INIT;
    struct mf_plan_opts *o = &ao.plan;
    struct app_plan_result res;
    const struct mf_plan *plan;
    struct mf_error err = {0};
    int i, rc = 0;
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
                return cli_usage_error("plan", "%s: %s", x,
                                       mf_error_text(&err, mf_lang_current()));
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
        } else if (cli_scope_arg("plan", argc, argv, &i, &ao.scope, &rc)) {
            if (rc)
                return rc;
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
        } else if (!strcmp(x, "--from-actual")) {
            ao.from_actual = 1;
        } else {
            return cli_usage_error("plan", "unknown argument '%s'", x);
        }
    }
    if ((rc = cli_scope_done("plan", &ao.scope)))
        return rc;
    ao.write_flags = MF_WRITE_STDOUT;
    rc = app_plan(cli->s, &ao, &res, &err);
    if (!cli->quiet)
        cli_print_issues(stderr, &res.notes, MF_SEV_FLAG);
    if (ao.explain && res.explanation)
        fputs(res.explanation, stdout);
    if (rc) {
        rc = res.bad_option && !strcmp(res.bad_option, "fleet")
                 ? cli_usage_error("plan", "--fleet: %s",
                                   mf_error_text(&err, mf_lang_current()))
                 : cli_fail(&err);
        goto done;
    }
    if (ao.explain) {
        rc = EXIT_OK;
        goto done;
    }
    plan = res.plan;
    if (ao.from_actual) {
        char q[32];
        MF_PRINTF(stdout, MSG_PL_FROM_ACTUAL,
                  mf_date_format(res.moved.today, a, sizeof a),
                  res.moved.n_loads, cli_tonnes(res.moved.moved_t, q, sizeof q),
                  res.lots_done, mf_date_format(res.moved.today, b, sizeof b));
    }
    MF_PRINTF(
        stdout, MSG_PL_HEAD, res.name,
        mf_date_format(plan->periods.start[0], a, sizeof a),
        mf_date_format(plan->periods.start[plan->periods.n] - 1, b, sizeof b),
        plan->periods.n, cli_period_name(plan->periods.kind), plan->n_nodes,
        plan->n_arcs, plan->seconds_build, plan->seconds_solve, plan->rounds,
        plan->rounds == 1 ? "" : "s", (double)plan->objective / 100.0);
    if (ao.scope.kind != APP_SCOPE_ALL)
        print_scope(&res, &ao.scope);
    if (res.baseline && res.practice) {
        /* The difference is the plan against today's practice; no reuse
         * at all is the second, labelled reference. */
        const char *names[] = {mf_msg(MSG_SC_PRACTICE), mf_msg(MSG_SC_NO_REUSE),
                               mf_msg(MSG_PL_PLAN)};
        const struct mf_indicators *ind[] = {&res.practice->ind,
                                             &res.baseline->ind, &plan->ind};
        compare_print(stdout, names, ind, 3, 1, 0);
        print_calibration(&res);
    } else if (res.baseline) {
        const char *names[] = {mf_msg(MSG_PL_BAU), mf_msg(MSG_PL_PLAN)};
        const struct mf_indicators *ind[] = {&res.baseline->ind, &plan->ind};
        compare_print(stdout, names, ind, 2, 1, 0);
    } else {
        const char *names[] = {mf_msg(MSG_PL_BAU)};
        const struct mf_indicators *ind[] = {&plan->ind};
        compare_print(stdout, names, ind, 1, 0, 0);
    }
    if (ao.scope.kind == APP_SCOPE_ALL)
        print_shortfalls(&res);
    else if (res.n_shortfalls)
        MF_PRINTF(stdout, MSG_PLAN_REGION_SHORT, res.n_shortfalls);
    if (app_plan_save(cli->s, &ao, &res, &err)) {
        rc = cli_fail(&err);
        goto done;
    }
    MF_PRINTF(
        stdout, MSG_PL_STORED, res.name, ao.csv ? mf_msg(MSG_PL_FLOWS) : "",
        ao.csv ? ao.csv : "", ao.geojson ? mf_msg(MSG_PL_LINES) : "",
        ao.geojson ? ao.geojson : "", ao.dimacs ? mf_msg(MSG_PL_NETWORK) : "",
        ao.dimacs ? ao.dimacs : "", ao.lp ? mf_msg(MSG_PL_LP) : "",
        ao.lp ? ao.lp : "");
    rc = EXIT_OK;
done:
    app_plan_result_free(&res);
    return rc;
}
