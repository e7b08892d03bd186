/*
 * cmd_balance.c - the mass balance: surplus against need per material and
 * period, for everything, a municipality, or a radius around a point.
 */
#include "cmd.h"

#include "masseflyt/balance.h"
#include "table.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char usage_balance[] =
    "usage: masseflyt balance [--period year|quarter|month|week]\n"
    "                         [--from DATE] [--to DATE]\n"
    "                         [--municipality CODE]\n"
    "                         [--near LAT,LON --radius KM]\n"
    "                         [--format table|csv]\n\n"
    "Prints surplus (supply) against need (demand) in tonnes per material\n"
    "and period. A lot's tonnes are spread evenly over its window. Demand\n"
    "that names no material is shown under its use class. Lots the rules\n"
    "refuse are left out and listed with the reason.\n";

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

int cmd_balance(struct cli *cli, int argc, char **argv)
{
    struct mf_balance_opts o = MF_BALANCE_OPTS_INIT;
    struct app_balance_result res;
    const struct mf_catalog *cat;
    const struct mf_balance *b;
    struct mf_error err = {0};
    struct table *t;
    int csv = 0, i, np, have_radius = 0;
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
                return cli_usage_error("balance", "%s: %s", a, err.message);
            if (!strcmp(a, "--from"))
                o.from = d;
            else
                o.to = d;
        } else if (!strcmp(a, "--municipality") && i + 1 < argc) {
            o.municipality = argv[++i];
        } else if (!strcmp(a, "--near") && i + 1 < argc) {
            if (sscanf(argv[++i], "%lf,%lf", &o.lat, &o.lon) != 2 ||
                o.lat < -90 || o.lat > 90 || o.lon < -180 || o.lon > 180)
                return cli_usage_error("balance",
                                       "--near takes LAT,LON in degrees, "
                                       "like 59.91,10.75");
            o.near = 1;
        } else if (!strcmp(a, "--radius") && i + 1 < argc) {
            o.radius_km = strtod(argv[++i], NULL);
            have_radius = 1;
            if (!(o.radius_km > 0))
                return cli_usage_error("balance",
                                       "--radius must be a positive number "
                                       "of km");
        } else if (!strcmp(a, "--format") && i + 1 < argc) {
            csv = !strcmp(argv[++i], "csv");
        } else {
            return cli_usage_error("balance", "unknown argument '%s'", a);
        }
    }
    if (o.near != have_radius)
        return cli_usage_error("balance", "--near and --radius go together");
    if (app_balance(cli->s, &o, &res, &err)) {
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
    head[0] = "material or use";
    head[1] = "";
    for (i = 0; i < np; i++)
        head[2 + i] = mf_period_label(&b->periods, i, labels[i], 16);
    head[2 + np] = "total";
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
            snprintf(name, sizeof name, "any for %s", u ? u->code : "?");
        if (r->supply_total > 0)
            add_rows(t, name, "supply", r->supply, r->supply_total, np);
        if (r->demand_total > 0)
            add_rows(t, r->supply_total > 0 ? "" : name, "demand", r->demand,
                     r->demand_total, np);
        if (r->supply_total > 0 && r->demand_total > 0) {
            for (p = 0; p < np; p++)
                net[p] = r->supply[p] - r->demand[p];
            add_rows(t, "", "net", net, r->supply_total - r->demand_total, np);
        }
    }
    {
        double st = 0, dt = 0;
        int p;
        for (p = 0; p < np; p++) {
            st += b->supply_total[p];
            dt += b->demand_total[p];
            net[p] = b->supply_total[p] - b->demand_total[p];
        }
        add_rows(t, "all masses", "supply", b->supply_total, st, np);
        add_rows(t, "", "demand", b->demand_total, dt, np);
        add_rows(t, "", "net", net, st - dt, np);
    }
    if (csv) {
        table_print_csv(t, stdout);
    } else {
        printf("Mass balance in tonnes per %s", mf_period_kind_name(o.period));
        if (o.municipality)
            printf(", municipality %s", o.municipality);
        if (o.near)
            printf(", within %g km of %.4f N %.4f E", o.radius_km, o.lat,
                   o.lon);
        printf(" (%zu lots; net > 0 is surplus)\n\n", b->lots_in);
        table_print(t, stdout);
        if (b->n_refused) {
            size_t k;
            printf("\nRefused, not in the balance:\n");
            for (k = 0; k < b->n_refused; k++) {
                const struct mf_lot *l =
                    mf_registry_lot_at(res.reg, b->refused[k]);
                const struct mf_rule *r = b->refused_rule[k];
                const struct mf_material *m =
                    mf_catalog_material(cat, l->material);
                printf("  lot %s (%s t %s): %s", l->id,
                       cli_tonnes(l->tonnes, q, sizeof q), m ? m->code : "",
                       r ? r->message_en : "its site is refused");
                if (r)
                    printf(" (rule %s)", r->id);
                putchar('\n');
            }
        }
    }
    table_free(t);
    free(net);
    app_balance_result_free(&res);
    return EXIT_OK;
}
