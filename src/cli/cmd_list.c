/*
 * cmd_list.c - list records of one kind, and show one record in full.
 */
#include "cmd.h"

#include "masseflyt/io.h"
#include "table.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *s(const char *v)
{
    return v ? v : "";
}

static const char *mat(const struct mf_catalog *cat, int m)
{
    const struct mf_material *mm = mf_catalog_material(cat, m);

    return mm ? mm->code : "";
}

static const char *use(const struct mf_catalog *cat, int u)
{
    const struct mf_use *uu = mf_catalog_use(cat, u);

    return uu ? uu->code : "";
}

int cmd_list(struct cli *cli, int argc, char **argv)
{
    struct app_list_opts o = APP_LIST_OPTS_INIT;
    struct app_list_result res;
    const struct mf_catalog *cat;
    const struct mf_registry *reg;
    struct mf_error err = {0};
    struct table *t = NULL;
    int csv = 0, what, i, rc = EXIT_OK;
    enum mf_lang lang;
    char a[16], b[16], q[32];
    size_t k;

    if (argc < 2)
        return cli_usage_error("list", "what to list: orgs, projects, "
                                       "sites or lots");
    what = mf_import_kind_parse(argv[1]);
    if (what < 0)
        return cli_usage_error("list", "cannot list '%s'", argv[1]);
    for (i = 2; i < argc; i++) {
        if (!strcmp(argv[i], "--project") && i + 1 < argc)
            o.project = argv[++i];
        else if (!strcmp(argv[i], "--municipality") && i + 1 < argc)
            o.municipality = argv[++i];
        else if (!strcmp(argv[i], "--kind") && i + 1 < argc)
            o.kind = argv[++i];
        else if (!strcmp(argv[i], "--format") && i + 1 < argc)
            csv = !strcmp(argv[++i], "csv");
        else
            return cli_usage_error("list", "unknown argument '%s'", argv[i]);
    }
    o.what = (enum mf_entity)what;
    /* CSV is for programs: English column names and codes. */
    lang = csv ? MF_LANG_EN : mf_lang_current();
    if (app_list(cli->s, &o, &res, &err)) {
        app_list_result_free(&res);
        return cli_fail(&err);
    }
    reg = res.reg;
    cat = mf_registry_catalog(reg);
    switch (what) {
    case MF_ENT_ORG:
        t = table_new(4);
        table_rowf(t, "%s", mf_msg_in(lang, MSG_HEAD_ORGS));
        for (k = 0; k < res.n; k++) {
            const struct mf_org *x = mf_registry_org_at(reg, res.items[k]);
            table_rowf(t, "%s\t%s\t%s\t%s", x->id, s(x->orgnr), x->name,
                       mf_msg_in(lang, x->is_public ? MSG_YES : MSG_NO));
        }
        break;
    case MF_ENT_PROJECT:
        t = table_new(6);
        table_rowf(t, "%s", mf_msg_in(lang, MSG_HEAD_PROJECTS));
        for (k = 0; k < res.n; k++) {
            const struct mf_project *p =
                mf_registry_project_at(reg, res.items[k]);
            table_rowf(t, "%s\t%s\t%s\t%s\t%s\t%s", p->id, p->name, s(p->org),
                       s(p->municipality), mf_date_format(p->start, a, 16),
                       mf_date_format(p->end, b, 16));
        }
        break;
    case MF_ENT_SITE:
        t = table_new(6);
        table_right(t, 4);
        table_rowf(t, "%s", mf_msg_in(lang, MSG_HEAD_SITES));
        for (k = 0; k < res.n; k++) {
            const struct mf_site *x = mf_registry_site_at(reg, res.items[k]);
            char mats[256] = "";
            size_t len = 0;
            int m;
            for (m = 0; m < x->n_materials && len + 32 < sizeof mats; m++)
                len +=
                    (size_t)snprintf(mats + len, sizeof mats - len, "%s%s",
                                     m ? ";" : "", mat(cat, x->materials[m]));
            table_rowf(t, "%s\t%s\t%s\t%s\t%s\t%s", x->id,
                       mf_site_kind_name(x->kind), x->name, s(x->municipality),
                       x->capacity_t >= 0
                           ? cli_tonnes(x->capacity_t, q, sizeof q)
                           : "",
                       mats);
        }
        break;
    default:
        t = table_new(9);
        table_right(t, 4);
        table_rowf(t, "%s", mf_msg_in(lang, MSG_HEAD_LOTS));
        for (k = 0; k < res.n; k++) {
            const struct mf_lot *l = mf_registry_lot_at(reg, res.items[k]);
            const char *kn =
                mf_msg_in(lang, l->kind == MF_LOT_DEMAND ? MSG_LOT_DEMAND
                                                         : MSG_LOT_SUPPLY);
            char given[64], mu[96], q[48];
            snprintf(given, sizeof given, "%s %s",
                     csv ? mf_fmt_num(MF_LANG_EN, l->quantity, 2,
                                      MF_NUM_PLAIN | MF_NUM_TRIM, q, sizeof q)
                         : cli_quantity(l->quantity, q, sizeof q),
                     mf_state_name(l->state));
            if (l->material >= 0 && l->use >= 0)
                snprintf(mu, sizeof mu, "%s/%s", mat(cat, l->material),
                         use(cat, l->use));
            else
                snprintf(mu, sizeof mu, "%s",
                         l->material >= 0 ? mat(cat, l->material)
                                          : use(cat, l->use));
            table_rowf(
                t, "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s", l->id, kn,
                s(l->project), mu, cli_tonnes(l->tonnes, q, sizeof q), given,
                mf_date_format(l->from, a, 16), mf_date_format(l->to, b, 16),
                mf_msg_in(lang, res.status[k] >= MF_SEV_REFUSE ? MSG_SEV_REFUSED
                                : res.status[k] == MF_SEV_FLAG ? MSG_SEV_FLAG
                                                               : MSG_SEV_OK));
        }
        break;
    }
    if (!t)
        rc = EXIT_NOMEM;
    else if (csv)
        table_print_csv(t, stdout);
    else
        table_print(t, stdout);
    table_free(t);
    app_list_result_free(&res);
    return rc;
}

/* "40 000 pfm3 = 74 000 t", or "15 000 t" when given in tonnes. */
static void quantity_line(char *buf, size_t len, double quantity,
                          enum mf_state state, double tonnes)
{
    char q[48], t[48];

    if (state == MF_STATE_T)
        snprintf(buf, len, "%s t", cli_quantity(quantity, q, sizeof q));
    else
        snprintf(buf, len, "%s %s = %s t", cli_quantity(quantity, q, sizeof q),
                 mf_state_name(state), cli_tonnes(tonnes, t, sizeof t));
}

/* "label                  value", the label padded to 22 characters
 * (not bytes: bokmål labels have æ, ø and å). */
static void line(enum mf_msg key, const char *value)
{
    const char *k = mf_msg(key);
    size_t n = 0;
    const unsigned char *u;

    if (!value || !*value)
        return;
    for (u = (const unsigned char *)k; *u; u++)
        n += (*u & 0xC0) != 0x80;
    printf("%s%*s %s\n", k, n < 22 ? (int)(22 - n) : 0, "", value);
}

static void restr(unsigned r, char *buf, size_t len)
{
    snprintf(buf, len, "%s%s%s%s%s%s",
             r & MF_RESTR_QUICK_CLAY ? "quick_clay " : "",
             r & MF_RESTR_FLOOD ? "flood_zone " : "",
             r & MF_RESTR_HERITAGE ? "heritage " : "",
             r & MF_RESTR_SEA ? "sea " : "",
             r & MF_RESTR_FARMLAND ? "farmland " : "",
             r & MF_RESTR_ALIEN ? "alien_species " : "");
}

int cmd_show(struct cli *cli, int argc, char **argv)
{
    struct app_show_result res;
    struct mf_error err = {0};
    const struct mf_catalog *cat;
    const struct mf_issues *is = &res.issues;
    char a[96], b[64];
    const struct mf_org *o;
    const struct mf_project *p;
    const struct mf_site *x;
    const struct mf_lot *l;

    if (argc != 2)
        return cli_usage_error("show", "give one id");
    if (app_show(cli->s, argv[1], MF_DATE_NONE, &res, &err)) {
        app_show_result_free(&res);
        return cli_fail(&err);
    }
    cat = mf_registry_catalog(res.reg);
    if ((o = res.org)) {
        line(MSG_F_ORGANISATION, o->id);
        line(MSG_F_NAME, o->name);
        line(MSG_F_ORGNR, o->orgnr);
        line(MSG_F_PUBLIC_BODY, mf_msg(o->is_public ? MSG_YES : MSG_NO));
        line(MSG_F_NOTE, o->note);
    } else if ((p = res.project)) {
        line(MSG_F_PROJECT, p->id);
        line(MSG_F_NAME, p->name);
        line(MSG_F_ORGANISATION, p->org);
        line(MSG_F_MUNICIPALITY, p->municipality);
        line(MSG_F_KIND, p->kind);
        line(MSG_F_START, mf_date_format(p->start, a, sizeof a));
        line(MSG_F_END, mf_date_format(p->end, a, sizeof a));
        line(MSG_F_SOURCE, p->source);
        line(MSG_F_NOTE, p->note);
    } else if ((x = res.site)) {
        int m;
        size_t len = 0;
        line(MSG_F_SITE, x->id);
        line(MSG_F_NAME, x->name);
        line(MSG_F_KIND, mf_site_kind_name(x->kind));
        line(MSG_F_ORGANISATION, x->org);
        line(MSG_F_PROJECT, x->project);
        line(MSG_F_MUNICIPALITY, x->municipality);
        snprintf(a, sizeof a, "%.6f N %.6f E", x->loc.lat, x->loc.lon);
        line(MSG_F_PLACE_WGS84, a);
        snprintf(a, sizeof a, "%.2f %.2f EPSG:%d", x->loc.x, x->loc.y,
                 x->loc.epsg);
        line(MSG_F_PLACE_GIVEN, a);
        a[0] = '\0';
        for (m = 0; m < x->n_materials && len + 24 < sizeof a; m++)
            len += (size_t)snprintf(a + len, sizeof a - len, "%s%s",
                                    m ? ";" : "", mat(cat, x->materials[m]));
        line(MSG_F_MATERIALS, a);
        line(MSG_F_PRODUCT, mat(cat, x->product));
        if (x->capacity_state != MF_STATE_NONE) {
            quantity_line(a, sizeof a, x->capacity, x->capacity_state,
                          x->capacity_t);
            line(MSG_F_CAPACITY, a);
        }
        mf_fmt_num(mf_lang_current(), x->fee, 2, MF_NUM_PLAIN, b, sizeof b);
        snprintf(a, sizeof a, "%s NOK/t", b);
        line(MSG_F_FEE, a);
        line(MSG_F_FEE_BY_MATERIAL, x->material_fees);
        line(MSG_F_CAPACITY_BY_MATERIAL, x->material_caps);
        if (x->holding > 0) {
            mf_fmt_num(mf_lang_current(), x->holding, 2, MF_NUM_PLAIN, b,
                       sizeof b);
            MF_SNPRINTF(a, sizeof a, MSG_SHOW_PER_MONTH, b);
            line(MSG_F_HOLDING, a);
        }
        if (x->fill_height_m > 0) {
            mf_fmt_num(mf_lang_current(), x->fill_height_m, 2,
                       MF_NUM_PLAIN | MF_NUM_TRIM, b, sizeof b);
            snprintf(a, sizeof a, "%s m", b);
            line(MSG_F_FILL_HEIGHT, a);
        }
        line(MSG_F_OPEN_FROM, mf_date_format(x->open_from, a, sizeof a));
        line(MSG_F_OPEN_TO, mf_date_format(x->open_to, a, sizeof a));
        restr(x->restrictions, a, sizeof a);
        line(MSG_F_RESTRICTIONS, a);
        line(MSG_F_SOURCE, x->source);
        line(MSG_F_NOTE, x->note);
    } else if ((l = res.lot)) {
        line(MSG_F_LOT, l->id);
        line(MSG_F_KIND, mf_msg(l->kind == MF_LOT_DEMAND ? MSG_LOT_DEMAND
                                                         : MSG_LOT_SUPPLY));
        line(MSG_F_PROJECT, l->project);
        line(MSG_F_SITE, l->site);
        line(MSG_F_MATERIAL, mat(cat, l->material));
        line(MSG_F_USE, use(cat, l->use));
        quantity_line(a, sizeof a, l->quantity, l->state, l->tonnes);
        line(MSG_F_QUANTITY, a);
        {
            char c[16];
            MF_SNPRINTF(a, sizeof a, MSG_SHOW_WINDOW,
                        mf_date_format(l->from, b, 16),
                        mf_date_format(l->to, c, sizeof c));
        }
        line(MSG_F_WINDOW, a);
        line(MSG_F_FLEXIBLE, l->flexible ? mf_msg(MSG_YES) : "");
        if (l->kind == MF_LOT_SUPPLY) {
            snprintf(a, sizeof a, "%d", l->condition_class);
            line(MSG_F_CONDITION_CLASS,
                 l->condition_class ? a : mf_msg(MSG_NOT_STATED));
            line(MSG_F_NATURAL_BACKGROUND,
                 l->natural_background ? mf_msg(MSG_YES) : "");
            line(MSG_F_ACID_TEST, mf_acid_name(l->acid));
            line(MSG_F_PLANT_HEALTH,
                 l->plant_health ? mf_plant_health_name(l->plant_health) : "");
        } else {
            line(MSG_F_PLANNED_INDEPENDENTLY,
                 mf_msg(l->planned_independently < 0   ? MSG_UNKNOWN
                        : l->planned_independently > 0 ? MSG_YES
                                                       : MSG_NO));
        }
        restr(l->restrictions, a, sizeof a);
        line(MSG_F_RESTRICTIONS, a);
        snprintf(a, sizeof a, "%.6f N %.6f E", l->loc.lat, l->loc.lon);
        line(MSG_F_PLACE_WGS84, a);
        line(MSG_F_PUBLIC, mf_msg(l->is_public ? MSG_YES : MSG_NO));
        line(MSG_F_SOURCE, l->source);
        line(MSG_F_NOTE, l->note);
    }
    if (is->n) {
        size_t i;
        fputs(mf_msg(MSG_SHOW_RULES), stdout);
        for (i = 0; i < is->n; i++)
            printf("  %-7s %s\n", cli_severity(is->items[i].severity),
                   mf_issue_text(&is->items[i], mf_lang_current()));
    } else {
        fputs(mf_msg(MSG_SHOW_NO_PROBLEMS), stdout);
    }
    app_show_result_free(&res);
    return EXIT_OK;
}
