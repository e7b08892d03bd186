/*
 * cmd_custody.c - `masseflyt custody`: load tickets and receipts (issue,
 * confirm, correct, import, list), the closed mass balance and the
 * checks (custody.h). Writes go through the use cases of src/app/
 * custody.c; nothing is ever edited or deleted.
 */
#include "cmd.h"
#include "table.h"

#include "masseflyt/custody.h"
#include "masseflyt/weighbridge.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The value of an option that takes one, or NULL (a usage error was
 * printed and *rc set). */
static const char *arg(int argc, char **argv, int *i, int *rc)
{
    if (*i + 1 >= argc) {
        *rc = cli_usage_error("custody", "unknown or incomplete option '%s'",
                              argv[*i]);
        return NULL;
    }
    return argv[++*i];
}

static int parse_time(const char *opt, const char *s, int64_t *out)
{
    struct mf_error err = {0};

    if (mf_time_parse(s, out, &err) == MF_OK)
        return MF_OK;
    snprintf(err.where, sizeof err.where, "%s", opt);
    return cli_fail(&err);
}

/* A number as people write it, decimal comma or point. */
static int parse_number(const char *opt, const char *s, double *out)
{
    char buf[64], *end;
    size_t i;

    snprintf(buf, sizeof buf, "%s", s);
    for (i = 0; buf[i]; i++)
        if (buf[i] == ',')
            buf[i] = '.';
    *out = strtod(buf, &end);
    if (end == buf || *end || *out != *out)
        return cli_usage_error("custody", "%s takes a number, not '%s'", opt,
                               s);
    return MF_OK;
}

static int custody_issue(struct cli *cli, int argc, char **argv)
{
    struct app_ticket_opts o = APP_TICKET_OPTS_INIT;
    struct app_ticket_result res;
    struct mf_error err = {0};
    const char *v;
    int i, rc = 0;

    for (i = 2; i < argc; i++) {
        const char *a = argv[i];
        if (!(v = arg(argc, argv, &i, &rc)))
            return rc;
        if (!strcmp(a, "--lot"))
            o.lot = v;
        else if (!strcmp(a, "--from"))
            o.origin = v;
        else if (!strcmp(a, "--to"))
            o.destination = v;
        else if (!strcmp(a, "--haulier"))
            o.haulier = v;
        else if (!strcmp(a, "--vehicle"))
            o.vehicle = v;
        else if (!strcmp(a, "--material"))
            o.material = v;
        else if (!strcmp(a, "--unit"))
            o.state = v;
        else if (!strcmp(a, "--quality-doc"))
            o.quality_doc = v;
        else if (!strcmp(a, "--id"))
            o.id = v;
        else if (!strcmp(a, "--quantity")) {
            if ((rc = parse_number(a, v, &o.quantity)))
                return rc;
        } else if (!strcmp(a, "--departed")) {
            if ((rc = parse_time(a, v, &o.departed)))
                return rc;
        } else
            return cli_usage_error("custody",
                                   "unknown or incomplete option '%s'", a);
    }
    if (!o.lot || !o.origin || !o.destination || !o.haulier || !o.vehicle ||
        !(o.quantity != 0))
        return cli_usage_error("custody",
                               "issue needs --lot, --from, --to, "
                               "--haulier, --vehicle and --quantity");
    if ((rc = app_custody_issue(cli->s, &o, &res, &err)))
        return cli_fail(&err);
    MF_PRINTF(stdout, MSG_CU_ISSUED, res.id, res.code);
    return EXIT_OK;
}

static int custody_confirm(struct cli *cli, int argc, char **argv)
{
    struct app_receipt_opts o = APP_RECEIPT_OPTS_INIT;
    struct app_ticket_result res;
    struct mf_error err = {0};
    const char *v;
    int i, rc = 0;

    o.ticket = NULL;
    for (i = 2; i < argc; i++) {
        const char *a = argv[i];
        if (a[0] != '-') {
            if (o.ticket)
                return cli_usage_error("custody", "one ticket at a time");
            o.ticket = a;
            continue;
        }
        if (!(v = arg(argc, argv, &i, &rc)))
            return rc;
        if (!strcmp(a, "--reject"))
            o.rejected = v;
        else if (!strcmp(a, "--site"))
            o.site = v;
        else if (!strcmp(a, "--id"))
            o.id = v;
        else if (!strcmp(a, "--weighed")) {
            if ((rc = parse_number(a, v, &o.weighed_t)))
                return rc;
        } else if (!strcmp(a, "--arrived")) {
            if ((rc = parse_time(a, v, &o.arrived)))
                return rc;
        } else
            return cli_usage_error("custody",
                                   "unknown or incomplete option '%s'", a);
    }
    if (!o.ticket)
        return cli_usage_error("custody", "confirm needs a ticket's id or "
                                          "verification code");
    if ((rc = app_custody_confirm(cli->s, &o, &res, &err)))
        return cli_fail(&err);
    if (o.rejected)
        MF_PRINTF(stdout, MSG_CU_REJECTED, res.id, res.corrects, o.rejected);
    else
        MF_PRINTF(stdout, MSG_CU_ACCEPTED, res.id, res.corrects);
    return EXIT_OK;
}

/* An option of a correction: a flag (sets the int at out), or one that
 * takes a text (a const char * at out), a number (a double) or a time (an
 * int64_t). */
enum corr_type { CORR_FLAG, CORR_TEXT, CORR_NUMBER, CORR_TIME };

struct corr_opt {
    const char *name;
    enum corr_type type;
    void *out;
};

/* The arguments of `custody correct` and `custody correct-receipt`: the
 * one record to correct (*target; a second is the usage error `one`) and
 * the options of opts (ended by a NULL name). */
static int correction_args(int argc, char **argv, const struct corr_opt *opts,
                           const char **target, const char *one)
{
    const struct corr_opt *o;
    const char *v;
    int i, rc = 0;

    for (i = 2; i < argc; i++) {
        const char *a = argv[i];
        if (a[0] != '-') {
            if (*target)
                return cli_usage_error("custody", "%s", one);
            *target = a;
            continue;
        }
        for (o = opts; o->name && strcmp(o->name, a); o++)
            ;
        if (o->name && o->type == CORR_FLAG) {
            *(int *)o->out = 1;
            continue;
        }
        if (!(v = arg(argc, argv, &i, &rc)))
            return rc;
        if (!o->name)
            return cli_usage_error("custody",
                                   "unknown or incomplete option '%s'", a);
        if (o->type == CORR_TEXT)
            *(const char **)o->out = v;
        else if (o->type == CORR_NUMBER) {
            if ((rc = parse_number(a, v, o->out)))
                return rc;
        } else if ((rc = parse_time(a, v, o->out)))
            return rc;
    }
    return MF_OK;
}

static int custody_correct(struct cli *cli, int argc, char **argv)
{
    struct app_correct_opts o = APP_CORRECT_OPTS_INIT;
    const struct corr_opt opts[] = {
        {"--void", CORR_FLAG, &o.voids},
        {"--reason", CORR_TEXT, &o.reason},
        {"--unit", CORR_TEXT, &o.state},
        {"--to", CORR_TEXT, &o.destination},
        {"--vehicle", CORR_TEXT, &o.vehicle},
        {"--quality-doc", CORR_TEXT, &o.quality_doc},
        {"--quantity", CORR_NUMBER, &o.quantity},
        {"--departed", CORR_TIME, &o.departed},
        {NULL, CORR_FLAG, NULL}};
    struct app_ticket_result res;
    struct mf_error err = {0};
    int rc;

    o.ticket = NULL;
    if ((rc = correction_args(argc, argv, opts, &o.ticket,
                              "one ticket at a time")))
        return rc;
    if (!o.ticket)
        return cli_usage_error("custody", "correct needs a ticket's id or "
                                          "verification code");
    if ((rc = app_custody_correct(cli->s, &o, &res, &err)))
        return cli_fail(&err);
    if (o.voids)
        MF_PRINTF(stdout, MSG_CU_VOIDED, res.id, res.corrects);
    else
        MF_PRINTF(stdout, MSG_CU_CORRECTED, res.id, res.corrects, res.code);
    return EXIT_OK;
}

static int custody_correct_receipt(struct cli *cli, int argc, char **argv)
{
    struct app_receipt_correct_opts o = APP_RECEIPT_CORRECT_OPTS_INIT;
    const struct corr_opt opts[] = {{"--void", CORR_FLAG, &o.voids},
                                    {"--accept", CORR_FLAG, &o.accepted},
                                    {"--reason", CORR_TEXT, &o.reason},
                                    {"--reject", CORR_TEXT, &o.rejected},
                                    {"--site", CORR_TEXT, &o.site},
                                    {"--weighed", CORR_NUMBER, &o.weighed_t},
                                    {"--arrived", CORR_TIME, &o.arrived},
                                    {NULL, CORR_FLAG, NULL}};
    struct app_ticket_result res;
    struct mf_error err = {0};
    int rc;

    if ((rc = correction_args(argc, argv, opts, &o.receipt,
                              "one receipt at a time")))
        return rc;
    if (!o.receipt)
        return cli_usage_error("custody", "correct-receipt needs a receipt's "
                                          "id");
    if ((rc = app_custody_correct_receipt(cli->s, &o, &res, &err)))
        return cli_fail(&err);
    if (o.voids)
        MF_PRINTF(stdout, MSG_CU_RVOIDED, res.id, res.corrects);
    else
        MF_PRINTF(stdout, MSG_CU_RCORRECTED, res.id, res.corrects);
    return EXIT_OK;
}

static int custody_import(struct cli *cli, int argc, char **argv)
{
    struct app_custody_import_opts o = {0};
    struct app_custody_import_result res;
    struct mf_error err = {0};
    const char **paths = calloc((size_t)argc, sizeof *paths);
    int i, rc, timing = 0;

    if (!paths)
        return EXIT_NOMEM;
    for (i = 2; i < argc; i++) {
        if (!strcmp(argv[i], "--dry-run"))
            o.dry_run = 1;
        else if (!strcmp(argv[i], "--timing"))
            timing = 1;
        else if (argv[i][0] == '-' && argv[i][1]) {
            free(paths);
            return cli_usage_error(
                "custody", "unknown or incomplete option '%s'", argv[i]);
        } else
            paths[o.n_paths++] = argv[i];
    }
    if (!o.n_paths) {
        free(paths);
        return cli_usage_error("custody", "no files to import");
    }
    o.paths = paths;
    rc = app_custody_import(cli->s, &o, &res, &err);
    cli_print_issues(stderr, &res.issues, MF_SEV_FLAG);
    if (rc) {
        rc = cli_fail(&err);
    } else if (o.dry_run) {
        MF_PRINTF(stdout, MSG_CU_CHECKED, res.tickets, res.receipts);
    } else {
        MF_PRINTF(stdout, MSG_CU_IMPORTED, res.tickets, res.receipts,
                  res.vehicles);
        /* Seconds vary from run to run: only when asked (benchmarks). */
        if (timing)
            MF_PRINTF(stderr, MSG_CU_RATE, res.tickets, res.seconds_store,
                      res.seconds_store > 0
                          ? (double)res.tickets / res.seconds_store
                          : 0.0);
    }
    app_custody_import_result_free(&res);
    free(paths);
    return rc;
}

/* ------------------------------------------------------------------ */
/* Reading: list, balance, check                                        */
/* ------------------------------------------------------------------ */

/* The receipt in force for each ticket id (the last of its chain). */
static const struct mf_receipt *receipt_of(const struct mf_custody_data *d,
                                           const char *ticket,
                                           const size_t *eff_r, size_t n_r)
{
    size_t i;

    for (i = 0; i < n_r; i++)
        if (!strcmp(d->receipts[eff_r[i]].ticket, ticket))
            return &d->receipts[eff_r[i]];
    return NULL;
}

/* Every receipt stored, corrections and voided ones included (the audit
 * trail), with the ticket it names; --lot and --site select by that
 * ticket's lot and sites, or by the site that received it. */
static void list_receipts(const struct app_custody *c, const char *lot,
                          const char *site, const size_t *eff_r, size_t n_r)
{
    const struct mf_custody_data *d = &c->data;
    struct table *t = table_new(8);
    size_t i, j, shown = 0;

    table_right(t, 4);
    table_rowf(t, "%s", mf_msg(MSG_CU_RLIST_HEAD));
    for (i = 0; i < d->n_receipts; i++) {
        const struct mf_receipt *r = &d->receipts[i];
        const struct mf_ticket *k = NULL;
        const char *by = NULL, *gate;
        char when[32], w[48], status[96];
        int in_force = 0;
        for (j = 0; j < d->n_tickets && !k; j++)
            if (!strcmp(d->tickets[j].id, r->ticket))
                k = &d->tickets[j];
        if ((lot && (!k || strcmp(k->lot, lot))) ||
            (site && (!r->site || strcmp(r->site, site)) &&
             (!k || (strcmp(k->origin, site) && strcmp(k->destination, site)))))
            continue;
        for (j = 0; j < n_r; j++)
            if (eff_r[j] == i)
                in_force = 1;
        for (j = 0; j < d->n_receipts && !in_force && !by; j++)
            if (d->receipts[j].corrects &&
                !strcmp(d->receipts[j].corrects, r->id))
                by = d->receipts[j].id;
        if (by)
            MF_SNPRINTF(status, sizeof status, MSG_CU_ST_CORRECTED, by);
        else
            snprintf(status, sizeof status, "%s",
                     mf_msg(in_force ? MSG_CU_ST_IN_FORCE : MSG_CU_ST_VOID));
        gate = mf_msg(r->status == MF_RECEIPT_REJECTED ? MSG_CU_ST_REJECTED
                                                       : MSG_CU_GATE_ACCEPTED);
        if (r->weighed_t >= 0) {
            char q[40];
            cli_quantity(r->weighed_t, q, sizeof q);
            snprintf(w, sizeof w, "%s t", q);
        } else
            snprintf(w, sizeof w, "-");
        table_rowf(t, "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s", r->id, r->ticket,
                   mf_time_format(r->arrived, when, sizeof when),
                   r->site               ? r->site
                   : k && k->destination ? k->destination
                                         : "",
                   w, gate, status, r->reason ? r->reason : "");
        shown++;
    }
    if (shown)
        table_print(t, stdout);
    else
        fputs(mf_msg(MSG_CU_RLIST_EMPTY), stdout);
    table_free(t);
}

static int custody_list(struct cli *cli, int argc, char **argv)
{
    struct app_custody *c = NULL;
    struct mf_error err = {0};
    const char *lot = NULL, *site = NULL, *v;
    size_t *eff_t = NULL, *eff_r = NULL, n_t = 0, n_r = 0, i, j, shown = 0;
    struct table *t;
    int rc = 0, receipts = 0;

    for (i = 2; i < (size_t)argc; i++) {
        int k = (int)i;
        if (!strcmp(argv[i], "--receipts")) {
            receipts = 1;
            continue;
        }
        if (!(v = arg(argc, argv, &k, &rc)))
            return rc;
        if (!strcmp(argv[i], "--lot"))
            lot = v;
        else if (!strcmp(argv[i], "--site"))
            site = v;
        else
            return cli_usage_error(
                "custody", "unknown or incomplete option '%s'", argv[i]);
        i = (size_t)k;
    }
    if ((rc = app_custody_load(cli->s, &c, &err)))
        return cli_fail(&err);
    if ((rc = mf_custody_effective(&c->data, &eff_t, &n_t, &eff_r, &n_r,
                                   &err))) {
        app_custody_free(c);
        return cli_fail(&err);
    }
    if (receipts) {
        list_receipts(c, lot, site, eff_r, n_r);
        free(eff_t);
        free(eff_r);
        app_custody_free(c);
        return EXIT_OK;
    }
    t = table_new(9);
    table_right(t, 7);
    table_rowf(t, "%s", mf_msg(MSG_CU_LIST_HEAD));
    /* Every record, corrections and voided tickets included: the audit
     * trail. The status is that of the effective records. */
    for (i = 0; i < c->data.n_tickets; i++) {
        const struct mf_ticket *k = &c->data.tickets[i];
        const struct mf_receipt *r;
        const char *by = NULL;
        char when[32], q[48], status[96];
        int in_force = 0;
        if ((lot && strcmp(k->lot, lot)) ||
            (site && strcmp(k->origin, site) && strcmp(k->destination, site)))
            continue;
        for (j = 0; j < n_t; j++)
            if (eff_t[j] == i)
                in_force = 1;
        for (j = 0; j < c->data.n_tickets && !in_force && !by; j++)
            if (c->data.tickets[j].corrects &&
                !strcmp(c->data.tickets[j].corrects, k->id))
                by = c->data.tickets[j].id;
        r = receipt_of(&c->data, k->corrects ? k->corrects : k->id, eff_r, n_r);
        if (!r)
            r = receipt_of(&c->data, k->id, eff_r, n_r);
        if (by)
            MF_SNPRINTF(status, sizeof status, MSG_CU_ST_CORRECTED, by);
        else if (!in_force)
            snprintf(status, sizeof status, "%s", mf_msg(MSG_CU_ST_VOID));
        else
            snprintf(status, sizeof status, "%s",
                     mf_msg(!r ? MSG_CU_ST_TRANSIT
                            : r->status == MF_RECEIPT_REJECTED
                                ? MSG_CU_ST_REJECTED
                                : MSG_CU_ST_RECEIVED));
        cli_quantity(k->quantity, q, sizeof q);
        table_rowf(t, "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s %s\t%s", k->id,
                   k->code ? k->code : "",
                   mf_time_format(k->departed, when, sizeof when), k->lot,
                   k->origin, k->destination, k->vehicle, q,
                   mf_state_name(k->state), status);
        shown++;
    }
    if (shown)
        table_print(t, stdout);
    else
        fputs(mf_msg(MSG_CU_LIST_EMPTY), stdout);
    table_free(t);
    free(eff_t);
    free(eff_r);
    app_custody_free(c);
    return EXIT_OK;
}

/* The options balance and check share. */
struct read_opts {
    struct mf_custody_opts o;
    struct mf_custody_params params;
    enum mf_custody_dim by;
    unsigned mask;
};

static int read_options(struct cli *cli, int argc, char **argv, int check,
                        struct read_opts *r)
{
    struct mf_custody_opts init = MF_CUSTODY_OPTS_INIT;
    struct mf_error err = {0};
    const char *v;
    int i, rc = 0, k;

    r->o = init;
    r->by = MF_CDIM_LOT;
    r->mask = 0;
    if (mf_custody_params_load(&r->params, app_config_of(cli->app)->data_dir,
                               &err))
        return cli_fail(&err);
    r->o.params = &r->params;
    for (i = 2; i < argc; i++) {
        const char *a = argv[i];
        if (!(v = arg(argc, argv, &i, &rc)))
            return rc;
        if (!strcmp(a, "--as-of")) {
            if ((rc = parse_time(a, v, &r->o.as_of)))
                return rc;
        } else if (!check && !strcmp(a, "--by")) {
            for (k = MF_CDIM_LOT; k < MF_CDIM_COUNT; k++)
                if (!strcmp(v, mf_custody_dim_name((enum mf_custody_dim)k)))
                    break;
            if (k == MF_CDIM_COUNT)
                return cli_usage_error("custody",
                                       "--by takes lot, site, project or "
                                       "municipality, not '%s'",
                                       v);
            r->by = (enum mf_custody_dim)k;
        } else if (check && !strcmp(a, "--check")) {
            if ((k = mf_custody_check_parse(v)) < 0)
                return cli_usage_error("custody", "no check is named '%s'", v);
            r->mask |= 1u << k;
        } else
            return cli_usage_error("custody",
                                   "unknown or incomplete option '%s'", a);
    }
    return MF_OK;
}

/* An evidence line in the language of the output (English where the
 * catalogue has no bokmål for it). */
static const char *evidence(const char *en, const char *nb)
{
    return mf_lang_current() == MF_LANG_NB && nb[0] ? nb : en;
}

static void balance_row(struct table *t, const struct mf_custody_row *r,
                        const char *key)
{
    char c[9][48];

    table_rowf(t, "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s", key,
               cli_tonnes(r->surplus_t, c[0], sizeof c[0]),
               cli_tonnes(r->planned_t, c[1], sizeof c[1]),
               cli_tonnes(r->dispatched_t, c[2], sizeof c[2]),
               cli_tonnes(r->received_t, c[3], sizeof c[3]),
               cli_tonnes(r->rejected_t, c[4], sizeof c[4]),
               cli_tonnes(r->transit_t, c[5], sizeof c[5]),
               cli_tonnes(r->stored_t, c[6], sizeof c[6]),
               cli_tonnes(r->difference_t, c[7], sizeof c[7]),
               cli_tonnes(r->tolerance_t, c[8], sizeof c[8]));
}

static int custody_balance(struct cli *cli, int argc, char **argv)
{
    struct read_opts r;
    struct app_custody *c = NULL;
    struct mf_custody_balance *b = NULL;
    struct mf_error err = {0};
    struct table *t;
    size_t i;
    int rc, k;

    if ((rc = read_options(cli, argc, argv, 0, &r)))
        return rc;
    if ((rc = app_custody_load_compact(cli->s, &c, &err)) ||
        (rc = mf_custody_balance(c->reg, &c->data, &r.o, &b, &err))) {
        app_custody_free(c);
        return cli_fail(&err);
    }
    t = table_new(10);
    for (k = 1; k < 10; k++)
        table_right(t, k);
    {
        char head[512];
        MF_SNPRINTF(head, sizeof head, MSG_CU_BAL_HEAD,
                    mf_custody_dim_name(r.by));
        table_rowf(t, "%s", head);
    }
    for (i = 0; i < b->n_rows; i++) {
        const struct mf_custody_row *row = &b->rows[i];
        if (row->period == -1 && row->dim == r.by && row->tickets > 0)
            balance_row(t, row, row->key);
    }
    for (i = 0; i < b->n_rows; i++)
        if (b->rows[i].period == -1 && b->rows[i].dim == MF_CDIM_TOTAL)
            balance_row(t, &b->rows[i], mf_msg(MSG_CU_BAL_TOTAL));
    table_print(t, stdout);
    table_free(t);
    if (b->n_diffs)
        MF_PRINTF(stdout, MSG_CU_BAL_DIFFS, b->n_diffs);
    else
        fputs(mf_msg(MSG_CU_BAL_NO_DIFFS), stdout);
    for (i = 0; i < b->n_diffs; i++) {
        const struct mf_custody_diff *d = &b->diffs[i];
        const struct mf_custody_row *row = &b->rows[d->row];
        printf("  %s %s: %s: %s\n", mf_custody_dim_name(row->dim),
               row->key[0] ? row->key : "-", mf_custody_cause_name(d->cause),
               evidence(d->evidence, d->evidence_nb));
    }
    mf_custody_balance_free(b);
    app_custody_free(c);
    return EXIT_OK;
}

static int custody_check(struct cli *cli, int argc, char **argv)
{
    struct read_opts r;
    struct app_custody *c = NULL;
    struct mf_custody_findings *f = NULL;
    struct mf_error err = {0};
    size_t i;
    int rc;

    if ((rc = read_options(cli, argc, argv, 1, &r)))
        return rc;
    if ((rc = app_custody_load_compact(cli->s, &c, &err)) ||
        (rc = mf_custody_check(c->reg, &c->data, &r.o, r.mask, &f, &err))) {
        app_custody_free(c);
        return cli_fail(&err);
    }
    if (f->n + f->dropped == 0)
        MF_PRINTF(stdout, MSG_CU_NO_FINDINGS, c->data.n_tickets,
                  c->data.n_receipts);
    else
        MF_PRINTF(stdout, MSG_CU_FINDINGS, f->n + f->dropped, c->data.n_tickets,
                  c->data.n_receipts);
    for (i = 0; i < f->n; i++) {
        const struct mf_custody_finding *x = &f->items[i];
        printf("  %s %s %s: %s\n", mf_custody_check_name(x->check),
               mf_custody_rec_name(x->kind), x->id,
               evidence(x->evidence, x->evidence_nb));
    }
    if (f->dropped)
        MF_PRINTF(stdout, MSG_CU_FINDINGS_MORE, f->dropped);
    rc = f->n + f->dropped ? EXIT_REFUSED : EXIT_OK;
    mf_custody_findings_free(f);
    app_custody_free(c);
    return rc;
}

static int custody_doc(struct cli *cli, int argc, char **argv)
{
    struct app_doc_opts o = {0};
    const char **lots = calloc((size_t)argc, sizeof *lots);
    struct mf_error err = {0};
    char sha[65];
    const char *v;
    int i, rc = 0;

    if (!lots)
        return EXIT_NOMEM;
    o.issued = MF_DATE_NONE;
    o.lots = lots;
    for (i = 2; i < argc && rc == 0; i++) {
        const char *a = argv[i];
        if (a[0] != '-') {
            if (o.id)
                rc = cli_usage_error("custody", "one document at a time");
            o.id = a;
            continue;
        }
        if (!(v = arg(argc, argv, &i, &rc)))
            break;
        if (!strcmp(a, "--file"))
            o.path = v;
        else if (!strcmp(a, "--lot"))
            lots[o.n_lots++] = v;
        else if (!strcmp(a, "--tonnes"))
            rc = parse_number(a, v, &o.tonnes);
        else if (!strcmp(a, "--issued")) {
            if (mf_date_parse(v, &o.issued, &err))
                rc = cli_fail(&err);
        } else
            rc = cli_usage_error("custody", "unknown or incomplete option '%s'",
                                 a);
    }
    if (rc == 0 && (!o.id || !o.path || !o.n_lots))
        rc = cli_usage_error("custody", "doc needs an id, --file and --lot");
    if (rc == 0 && app_custody_doc(cli->s, &o, sha, &err))
        rc = cli_fail(&err);
    if (rc == 0)
        MF_PRINTF(stdout, MSG_CU_DOC, o.id, sha);
    free(lots);
    return rc;
}

static int custody_generate(struct cli *cli, int argc, char **argv)
{
    struct app_generate_result res;
    struct mf_error err = {0};
    int64_t as_of = MF_TIME_NONE;
    long seed = 1, tickets = 2000, faults = 1;
    const char *v;
    size_t i;
    int k, rc = 0;

    for (k = 2; k < argc; k++) {
        const char *a = argv[k];
        if (!(v = arg(argc, argv, &k, &rc)))
            return rc;
        if (!strcmp(a, "--seed") && !cli_parse_long(v, 0, 1000000000, &seed))
            continue;
        if (!strcmp(a, "--tickets") &&
            !cli_parse_long(v, 1, 100000000, &tickets))
            continue;
        if (!strcmp(a, "--faults") && !cli_parse_long(v, 0, 100, &faults))
            continue;
        if (!strcmp(a, "--as-of")) {
            if ((rc = parse_time(a, v, &as_of)))
                return rc;
            continue;
        }
        return cli_usage_error("custody", "unknown or incomplete option '%s'",
                               a);
    }
    if (app_custody_generate(cli->s, (uint64_t)seed, (size_t)tickets,
                             (int)faults, as_of, &res, &err))
        return cli_fail(&err);
    MF_PRINTF(stdout, MSG_CU_GENERATED, res.tickets, res.receipts, res.docs,
              res.vehicles, res.n_injected);
    for (i = 0; i < res.n_injected; i++)
        printf("  %s %s %s\n", mf_custody_check_name(res.injected[i].check),
               mf_custody_rec_name(res.injected[i].kind),
               res.injected[i].evidence);
    free(res.injected);
    return EXIT_OK;
}

static int custody_secret(struct cli *cli, int argc, char **argv)
{
    struct mf_error err = {0};

    if (argc != 3)
        return cli_usage_error("custody", "secret takes one argument");
    if (app_custody_secret(cli->s, argv[2], &err))
        return cli_fail(&err);
    fputs(mf_msg(MSG_CU_SECRET_SET), stdout);
    return EXIT_OK;
}

int cmd_custody(struct cli *cli, int argc, char **argv)
{
    static const struct {
        const char *name;
        int (*run)(struct cli *, int, char **);
    } subs[] = {{"issue", custody_issue},
                {"confirm", custody_confirm},
                {"correct", custody_correct},
                {"correct-receipt", custody_correct_receipt},
                {"import", custody_import},
                {"list", custody_list},
                {"balance", custody_balance},
                {"check", custody_check},
                {"secret", custody_secret},
                {"doc", custody_doc},
                {"generate", custody_generate}};
    size_t i;

    if (argc < 2)
        return cli_usage_error("custody",
                               "say what: issue, confirm, correct, "
                               "correct-receipt, import, doc, list, balance, "
                               "check or secret");
    for (i = 0; i < sizeof subs / sizeof subs[0]; i++)
        if (!strcmp(argv[1], subs[i].name))
            return subs[i].run(cli, argc, argv);
    return cli_usage_error("custody", "no custody command is named '%s'",
                           argv[1]);
}
