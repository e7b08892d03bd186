/*
 * cmd_list.c - list records of one kind, and show one record in full.
 */
#include "cmd.h"

#include "masseflyt/io.h"
#include "table.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char usage_list[] =
    "usage: masseflyt list orgs|projects|sites|lots [--project ID]\n"
    "                      [--municipality CODE] [--kind KIND]\n"
    "                      [--format table|csv]\n\n"
    "Lists records with their main fields. --kind selects supply or demand\n"
    "lots, or a site kind (project, storage, processing, receiving,\n"
    "quarry). Lots show their status under the rules: ok, flag or\n"
    "refused.\n";

const char usage_show[] =
    "usage: masseflyt show ID\n\n"
    "Shows every field of the record with this id (organisation, project,\n"
    "site or lot), and the problems the rules find with it.\n";

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
    if (app_list(cli->s, &o, &res, &err)) {
        app_list_result_free(&res);
        return cli_fail(&err);
    }
    reg = res.reg;
    cat = mf_registry_catalog(reg);
    switch (what) {
    case MF_ENT_ORG:
        t = table_new(4);
        table_rowf(t, "id\torgnr\tname\tpublic");
        for (k = 0; k < res.n; k++) {
            const struct mf_org *x = mf_registry_org_at(reg, res.items[k]);
            table_rowf(t, "%s\t%s\t%s\t%s", x->id, s(x->orgnr), x->name,
                       x->is_public ? "yes" : "no");
        }
        break;
    case MF_ENT_PROJECT:
        t = table_new(6);
        table_rowf(t, "id\tname\torg\tmunicipality\tstart\tend");
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
        table_rowf(t, "id\tkind\tname\tmunicipality\tcapacity t\tmaterials");
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
        table_rowf(t, "id\tkind\tproject\tmaterial/use\ttonnes\tgiven\t"
                      "from\tto\tstatus");
        for (k = 0; k < res.n; k++) {
            const struct mf_lot *l = mf_registry_lot_at(reg, res.items[k]);
            const char *kn = l->kind == MF_LOT_DEMAND ? "demand" : "supply";
            char given[64], mu[96], q[48];
            snprintf(given, sizeof given, "%s %s",
                     cli_quantity(l->quantity, q, sizeof q),
                     mf_state_name(l->state));
            if (l->material >= 0 && l->use >= 0)
                snprintf(mu, sizeof mu, "%s/%s", mat(cat, l->material),
                         use(cat, l->use));
            else
                snprintf(mu, sizeof mu, "%s",
                         l->material >= 0 ? mat(cat, l->material)
                                          : use(cat, l->use));
            table_rowf(t, "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s", l->id, kn,
                       s(l->project), mu, cli_tonnes(l->tonnes, q, sizeof q),
                       given, mf_date_format(l->from, a, 16),
                       mf_date_format(l->to, b, 16),
                       res.status[k] >= MF_SEV_REFUSE ? "refused"
                       : res.status[k] == MF_SEV_FLAG ? "flag"
                                                      : "ok");
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

static void line(const char *key, const char *value)
{
    if (value && *value)
        printf("%-22s %s\n", key, value);
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
    char a[64], b[64];
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
        line("organisation", o->id);
        line("name", o->name);
        line("orgnr", o->orgnr);
        line("public body", o->is_public ? "yes" : "no");
        line("note", o->note);
    } else if ((p = res.project)) {
        line("project", p->id);
        line("name", p->name);
        line("organisation", p->org);
        line("municipality", p->municipality);
        line("kind", p->kind);
        line("start", mf_date_format(p->start, a, sizeof a));
        line("end", mf_date_format(p->end, a, sizeof a));
        line("source", p->source);
        line("note", p->note);
    } else if ((x = res.site)) {
        int m;
        size_t len = 0;
        line("site", x->id);
        line("name", x->name);
        line("kind", mf_site_kind_name(x->kind));
        line("organisation", x->org);
        line("project", x->project);
        line("municipality", x->municipality);
        snprintf(a, sizeof a, "%.6f N %.6f E", x->loc.lat, x->loc.lon);
        line("place (WGS84)", a);
        snprintf(a, sizeof a, "%.2f %.2f EPSG:%d", x->loc.x, x->loc.y,
                 x->loc.epsg);
        line("place as given", a);
        a[0] = '\0';
        for (m = 0; m < x->n_materials && len + 24 < sizeof a; m++)
            len += (size_t)snprintf(a + len, sizeof a - len, "%s%s",
                                    m ? ";" : "", mat(cat, x->materials[m]));
        line("materials", a);
        line("product", mat(cat, x->product));
        if (x->capacity_state != MF_STATE_NONE) {
            quantity_line(a, sizeof a, x->capacity, x->capacity_state,
                          x->capacity_t);
            line("capacity", a);
        }
        snprintf(a, sizeof a, "%.2f NOK/t", x->fee);
        line("fee", a);
        line("fee by material", x->material_fees);
        if (x->holding > 0) {
            snprintf(a, sizeof a, "%.2f NOK/t per month", x->holding);
            line("holding", a);
        }
        if (x->fill_height_m > 0) {
            snprintf(a, sizeof a, "%g m", x->fill_height_m);
            line("fill height", a);
        }
        line("open from", mf_date_format(x->open_from, a, sizeof a));
        line("open to", mf_date_format(x->open_to, a, sizeof a));
        restr(x->restrictions, a, sizeof a);
        line("restrictions", a);
        line("source", x->source);
        line("note", x->note);
    } else if ((l = res.lot)) {
        line("lot", l->id);
        line("kind", l->kind == MF_LOT_DEMAND ? "demand" : "supply");
        line("project", l->project);
        line("site", l->site);
        line("material", mat(cat, l->material));
        line("use", use(cat, l->use));
        quantity_line(a, sizeof a, l->quantity, l->state, l->tonnes);
        line("quantity", a);
        {
            char c[16];
            snprintf(a, sizeof a, "%s to %s", mf_date_format(l->from, b, 16),
                     mf_date_format(l->to, c, sizeof c));
        }
        line("window", a);
        line("flexible", l->flexible ? "yes" : "");
        if (l->kind == MF_LOT_SUPPLY) {
            snprintf(a, sizeof a, "%d", l->condition_class);
            line("condition class", l->condition_class ? a : "not stated");
            line("natural background", l->natural_background ? "yes" : "");
            line("acid-forming test", mf_acid_name(l->acid));
            line("plant health",
                 l->plant_health ? mf_plant_health_name(l->plant_health) : "");
        } else {
            line("planned independently",
                 l->planned_independently < 0   ? "unknown"
                 : l->planned_independently > 0 ? "yes"
                                                : "no");
        }
        restr(l->restrictions, a, sizeof a);
        line("restrictions", a);
        snprintf(a, sizeof a, "%.6f N %.6f E", l->loc.lat, l->loc.lon);
        line("place (WGS84)", a);
        line("public", l->is_public ? "yes" : "no");
        line("source", l->source);
        line("note", l->note);
    }
    if (is->n) {
        size_t i;
        printf("\nrules:\n");
        for (i = 0; i < is->n; i++)
            printf("  %-7s %s\n", mf_severity_name(is->items[i].severity),
                   is->items[i].message);
    } else {
        printf("\nrules: no problems\n");
    }
    app_show_result_free(&res);
    return EXIT_OK;
}
