/*
 * cmd_options.c - "who could take my masses?": every destination of a
 * surplus lot, or origin of a need, with distance, price, room and, for
 * the excluded ones, the rule that excludes them (app_options).
 */
#include "cmd.h"

#include "masseflyt/msg.h"

#include "table.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void print(const struct app_options_result *r)
{
    const struct mf_options *o = &r->options;
    const struct mf_lot *lot = mf_registry_lot(r->reg, o->lot);
    const struct mf_catalog *cat = mf_registry_catalog(r->reg);
    struct table *t;
    char tb[40], rb[40], pb[40];
    size_t i, n_ok = 0;

    MF_PRINTF(stdout, MSG_OP_LOT, lot->id,
              mf_msg(o->supply ? MSG_OP_SURPLUS : MSG_OP_NEED),
              o->supply ? mf_catalog_material(cat, lot->material)->code
                        : mf_catalog_use(cat, lot->use)->code,
              cli_tonnes(lot->tonnes, tb, sizeof tb));
    if (o->why_not[0]) {
        MF_PRINTF(stdout, MSG_OP_NOT_PLANNED,
                  mf_lang_current() == MF_LANG_NB && o->why_not_nb[0]
                      ? o->why_not_nb
                      : o->why_not);
        return;
    }
    for (i = 0; i < o->n; i++)
        n_ok += o->items[i].allowed;
    if (o->supply)
        MF_PRINTF(stdout, MSG_OP_ALLOWED_DEST, n_ok, o->max_km);
    else
        MF_PRINTF(stdout, MSG_OP_ALLOWED_ORIG, n_ok, o->max_km);
    t = table_new(7);
    if (!t)
        return;
    table_rowf(t, "%s\t%s",
               mf_msg(o->supply ? MSG_OP_DESTINATION : MSG_OP_ORIGIN),
               mf_msg(MSG_OP_HEAD));
    for (i = 2; i <= 6; i++)
        table_right(t, (int)i);
    for (i = 0; i < o->n; i++) {
        const struct mf_option *x = &o->items[i];
        if (!x->allowed)
            continue;
        table_rowf(t, "%s\t%s\t%s\t%.1f\t%.2f\t%s\t%s", x->id, x->how,
                   mf_catalog_material(cat, x->material)->code, x->km, x->nok_t,
                   x->room_t < 0 ? "-" : cli_tonnes(x->room_t, rb, sizeof rb),
                   cli_tonnes(x->planned_t, pb, sizeof pb));
    }
    table_print(t, stdout);
    table_free(t);
    if (n_ok == o->n)
        return;
    MF_PRINTF(stdout, MSG_OP_EXCLUDED, o->n - n_ok);
    t = table_new(4);
    if (!t)
        return;
    table_rowf(t, "%s\t%s",
               mf_msg(o->supply ? MSG_OP_DESTINATION : MSG_OP_ORIGIN),
               mf_msg(MSG_OP_EXCL_HEAD));
    table_right(t, 2);
    for (i = 0; i < o->n; i++) {
        const struct mf_option *x = &o->items[i];
        if (!x->allowed)
            table_rowf(t, "%s\t%s\t%.1f\t%s", x->id, x->how, x->km,
                       mf_lang_current() == MF_LANG_NB && x->why_nb[0]
                           ? x->why_nb
                           : x->why);
    }
    table_print(t, stdout);
    table_free(t);
}

int cmd_options(struct cli *cli, int argc, char **argv)
{
    struct mf_plan_opts po = MF_PLAN_OPTS_INIT;
    struct app_options_result res;
    struct mf_error err = {0};
    const char *lot = NULL;
    int json = 0, i, rc;

    for (i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--json")) {
            json = 1;
        } else if (!strcmp(argv[i], "--max-km") && i + 1 < argc) {
            long km;
            if (cli_parse_long(argv[++i], 1, 10000, &km))
                return cli_usage_error("options",
                                       "--max-km is a whole number of km "
                                       "from 1 to 10000");
            po.max_km = (double)km;
        } else if (argv[i][0] != '-' && !lot) {
            lot = argv[i];
        } else {
            return cli_usage_error("options", "unexpected argument '%s'",
                                   argv[i]);
        }
    }
    if (!lot)
        return cli_usage_error("options", "say which lot");
    rc = app_options(cli->s, lot, &po, &res, &err);
    if (rc) {
        app_options_result_free(&res);
        return cli_fail(&err);
    }
    if (json) {
        char *text = app_options_json(&res);
        if (!text) {
            app_options_result_free(&res);
            fputs(mf_msg(MSG_OUT_OF_MEMORY), stderr);
            return EXIT_NOMEM;
        }
        printf("%s\n", text);
        free(text);
    } else {
        print(&res);
    }
    app_options_result_free(&res);
    return EXIT_OK;
}
