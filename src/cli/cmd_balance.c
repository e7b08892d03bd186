/*
 * cmd_balance.c - the mass balance: surplus against need per material and
 * period, for everything, a municipality, or a radius around a point.
 */
#include "cmd.h"

#include "masseflyt/balance.h"
#include "masseflyt/msg.h"
#include "scope_args.h"
#include "table.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void add_rows(struct table *t, const char *name, const char *what,
                     const double *v, double total, int np)
{
    const char *cells[64];
    char buf[64][32];
    int p;

    cells[0] = name;
    cells[1] = what;
    for (p = 0; p < np && p < 60; p++)
        cells[2 + p] = cli_tonnes(v[p], buf[p], sizeof buf[p]);
    cells[2 + p] = cli_tonnes(total, buf[p], sizeof buf[p]);
    table_row(t, cells);
}

/* A capacity or intake in tonnes; "-" when none is stated. */
static const char *room(double t, char *buf, size_t len)
{
    if (!(t > 0)) {
        snprintf(buf, len, "-");
        return buf;
    }
    return cli_tonnes(t, buf, len);
}

/* The shared sites within reach of the scope, and their room. */
static void print_reach(const struct app_balance_result *res)
{
    struct table *t;
    char c[32], y[32];
    size_t i;

    MF_PRINTF(stdout, MSG_BALANCE_REACH, res->n_reach, res->reach_km);
    if (!res->n_reach)
        return;
    t = table_new(7);
    if (!t)
        return;
    table_rowf(t, "%s", mf_msg(MSG_BALANCE_REACH_HEAD));
    for (i = 2; i <= 5; i++)
        table_right(t, (int)i);
    for (i = 0; i < res->n_reach; i++) {
        const struct app_reach_site *r = &res->reach[i];
        const struct mf_site *x = mf_registry_site_at(res->reg, r->site);
        table_rowf(
            t, "%s\t%s\t%.1f\t%s\t%s\t%.0f\t%s", x->id,
            mf_site_kind_name(x->kind), r->km, room(x->capacity_t, c, sizeof c),
            room(x->kind == MF_SITE_RECEIVING ? x->intake_t : -1, y, sizeof y),
            x->fee, r->serves[0] ? r->serves : "-");
    }
    table_print(t, stdout);
    table_free(t);
}

int cmd_balance(struct cli *cli, int argc, char **argv)
{
    struct mf_balance_opts o = MF_BALANCE_OPTS_INIT;
    struct app_balance_result res;
    const struct mf_catalog *cat;
    const struct mf_balance *b;
    struct mf_error err = {0};
    struct table *t;
    struct app_scope scope = APP_SCOPE_INIT;
    int csv = 0, i, np, rc = 0;
    double *net;
    const char *head[64];
    char labels[64][16], q[32];

    for (i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (!strcmp(a, "--period") && i + 1 < argc) {
            int k = mf_period_kind_parse(argv[++i]);
            if (k < 0)
                return cli_usage_error("balance",
                                       "--period is year, quarter, month "
                                       "or week");
            o.period = (enum mf_period_kind)k;
        } else if ((!strcmp(a, "--from") || !strcmp(a, "--to")) &&
                   i + 1 < argc) {
            int32_t d;
            if (mf_date_parse(argv[++i], &d, &err))
                return cli_usage_error("balance", "%s: %s", a,
                                       mf_error_text(&err, mf_lang_current()));
            if (!strcmp(a, "--from"))
                o.from = d;
            else
                o.to = d;
        } else if (cli_scope_arg("balance", argc, argv, &i, &scope, &rc)) {
            if (rc)
                return rc;
        } else if (!strcmp(a, "--format") && i + 1 < argc) {
            csv = !strcmp(argv[++i], "csv");
        } else {
            return cli_usage_error("balance", "unknown argument '%s'", a);
        }
    }
    if ((rc = cli_scope_done("balance", &scope)))
        return rc;
    if (app_balance_scoped(cli->s, &o, &scope, &res, &err)) {
        app_balance_result_free(&res);
        return cli_fail(&err);
    }
    b = res.balance;
    cat = mf_registry_catalog(res.reg);
    np = b->periods.n;
    if (np > 60) {
        app_balance_result_free(&res);
        return cli_usage_error("balance",
                               "%d periods is too many to print; choose a "
                               "longer --period or a shorter --from/--to",
                               np);
    }
    t = table_new(np + 3);
    net = calloc((size_t)np + 1, sizeof *net);
    if (!t || !net) {
        table_free(t);
        free(net);
        app_balance_result_free(&res);
        return EXIT_NOMEM;
    }
    head[0] = mf_msg(MSG_BA_MATERIAL);
    head[1] = "";
    for (i = 0; i < np; i++)
        head[2 + i] = mf_period_label(&b->periods, i, labels[i], 16);
    head[2 + np] = mf_msg(MSG_BA_TOTAL);
    table_row(t, head);
    for (i = 2; i < np + 3; i++)
        table_right(t, i);
    for (i = 0; i < b->n_rows; i++) {
        const struct mf_balance_row *r = &b->rows[i];
        const struct mf_material *m = mf_catalog_material(cat, r->material);
        const struct mf_use *u = mf_catalog_use(cat, r->use);
        char name[96];
        int p;
        if (m)
            snprintf(name, sizeof name, "%s", m->code);
        else
            MF_SNPRINTF(name, sizeof name, MSG_BA_ANY_FOR, u ? u->code : "?");
        if (r->supply_total > 0)
            add_rows(t, name, mf_msg(MSG_BA_SUPPLY), r->supply, r->supply_total,
                     np);
        if (r->demand_total > 0)
            add_rows(t, r->supply_total > 0 ? "" : name, mf_msg(MSG_BA_DEMAND),
                     r->demand, r->demand_total, np);
        if (r->supply_total > 0 && r->demand_total > 0) {
            for (p = 0; p < np; p++)
                net[p] = r->supply[p] - r->demand[p];
            add_rows(t, "", mf_msg(MSG_BA_NET), net,
                     r->supply_total - r->demand_total, np);
        }
    }
    {
        /* Totals of tonnes, without a net: surplus of one material does
         * not meet a need for another. */
        double st = 0, dt = 0;
        int p;
        for (p = 0; p < np; p++) {
            st += b->supply_total[p];
            dt += b->demand_total[p];
        }
        add_rows(t, mf_msg(MSG_BA_ALL), mf_msg(MSG_BA_SUPPLY), b->supply_total,
                 st, np);
        add_rows(t, "", mf_msg(MSG_BA_DEMAND), b->demand_total, dt, np);
    }
    if (csv) {
        table_print_csv(t, stdout);
    } else {
        char what[200];
        MF_PRINTF(stdout, MSG_BA_HEAD, cli_period_name(o.period));
        if (scope.kind != APP_SCOPE_ALL)
            printf(", %s",
                   app_scope_text(&scope, mf_lang_code(mf_lang_current()), what,
                                  sizeof what));
        MF_PRINTF(stdout, MSG_BA_HEAD_LOTS, b->lots_in);
        table_print(t, stdout);
        if (b->n_refused) {
            size_t k;
            fputs(mf_msg(MSG_BA_REFUSED), stdout);
            for (k = 0; k < b->n_refused; k++) {
                const struct mf_lot *l =
                    mf_registry_lot_at(res.reg, b->refused[k]);
                const struct mf_rule *r = b->refused_rule[k];
                const struct mf_material *m =
                    mf_catalog_material(cat, l->material);
                MF_PRINTF(stdout, MSG_BA_REFUSED_LOT, l->id,
                          cli_tonnes(l->tonnes, q, sizeof q), m ? m->code : "",
                          r ? (mf_lang_current() == MF_LANG_NB &&
                                       r->message_no && r->message_no[0]
                                   ? r->message_no
                                   : r->message_en)
                            : mf_msg(MSG_BA_SITE_REFUSED));
                if (r)
                    MF_PRINTF(stdout, MSG_BA_RULE, r->id);
                putchar('\n');
            }
        }
    }
    if (!csv && scope.kind != APP_SCOPE_ALL)
        print_reach(&res);
    table_free(t);
    free(net);
    app_balance_result_free(&res);
    return EXIT_OK;
}
