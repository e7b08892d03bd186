/*
 * scope.c - the part of the region a plan, balance, report or export
 * shows: parsed once from its options, and the records that lie in it.
 */
#include "app_int.h"

#include "masseflyt/geo.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const struct {
    const char *option;
    enum app_scope_kind kind;
} options[] = {
    {"--project", APP_SCOPE_PROJECT},
    {"--organisation", APP_SCOPE_ORG},
    {"--municipality", APP_SCOPE_MUNICIPALITY},
    {"--county", APP_SCOPE_COUNTY},
    {"--near", APP_SCOPE_NEAR},
    {"--radius", APP_SCOPE_NEAR},
    {"--bbox", APP_SCOPE_BBOX},
};

#define N_OPTIONS (sizeof options / sizeof options[0])

static int option_kind(const char *name)
{
    size_t i;

    for (i = 0; name && i < N_OPTIONS; i++)
        if (!strcmp(name, options[i].option))
            return (int)options[i].kind;
    return -1;
}

int app_scope_is_option(const char *name)
{
    return option_kind(name) >= 0;
}

static const char *kind_option(enum app_scope_kind k)
{
    size_t i;

    for (i = 0; i < N_OPTIONS; i++)
        if (options[i].kind == k)
            return options[i].option;
    return "";
}

/* Numbers separated by commas, each a whole decimal number (no trailing
 * text, no inf or nan); 0 when text holds exactly n of them. */
static int parse_numbers(const char *text, double *v, int n)
{
    const char *p = text;
    int i;

    for (i = 0; i < n; i++) {
        char *end;
        while (*p == ' ')
            p++;
        if (!*p || *p == ',')
            return -1;
        errno = 0;
        v[i] = strtod(p, &end);
        if (end == p || errno || !isfinite(v[i]))
            return -1;
        p = end;
        while (*p == ' ')
            p++;
        if (i + 1 < n) {
            if (*p != ',')
                return -1;
            p++;
        }
    }
    return *p ? -1 : 0;
}

static int all_digits(const char *s, size_t n)
{
    size_t i;

    if (strlen(s) != n)
        return 0;
    for (i = 0; i < n; i++)
        if (!isdigit((unsigned char)s[i]))
            return 0;
    return 1;
}

/* An organisation as written: an id as it stands; a number written
 * "924 817 356" or "924.817.356" as its nine digits. */
static void org_text(const char *in, char *out, size_t len)
{
    size_t o = 0;
    const char *p;
    int digits = 1;

    for (p = in; *p; p++)
        if (!isdigit((unsigned char)*p) && *p != ' ' && *p != '.')
            digits = 0;
    for (p = in; *p && o + 1 < len; p++)
        if (!digits || isdigit((unsigned char)*p))
            out[o++] = *p;
    out[o] = '\0';
}

int app_scope_set(struct app_scope *sc, const char *option, const char *value,
                  struct mf_error *err)
{
    int k = option_kind(option);
    double v[4];

    if (k < 0)
        return mf_error_set(err, MF_EINVAL, "%s is not a scope option",
                            option ? option : "(none)");
    if (!value || !*value)
        return mf_error_set(err, MF_EINVAL, "%s needs a value", option);
    if (sc->kind != APP_SCOPE_ALL && sc->kind != (enum app_scope_kind)k)
        return mf_error_set(err, MF_EINVAL,
                            "%s: one scope at a time (%s is given already)",
                            option, kind_option(sc->kind));
    switch ((enum app_scope_kind)k) {
    case APP_SCOPE_PROJECT:
    case APP_SCOPE_ORG:
        if (strlen(value) >= sizeof sc->id)
            return mf_error_set(err, MF_EINVAL,
                                "%s: an id is at most %zu characters", option,
                                sizeof sc->id - 1);
        if (k == APP_SCOPE_ORG)
            org_text(value, sc->id, sizeof sc->id);
        else
            snprintf(sc->id, sizeof sc->id, "%s", value);
        if (!sc->id[0])
            return mf_error_set(err, MF_EINVAL, "%s needs a value", option);
        break;
    case APP_SCOPE_MUNICIPALITY:
        if (!all_digits(value, 4))
            return mf_error_set(err, MF_EINVAL,
                                "--municipality takes a kommunenummer of 4 "
                                "digits, like 3301, not '%s'",
                                value);
        snprintf(sc->id, sizeof sc->id, "%s", value);
        break;
    case APP_SCOPE_COUNTY:
        if (!all_digits(value, 2))
            return mf_error_set(err, MF_EINVAL,
                                "--county takes a fylkesnummer of 2 digits, "
                                "like 33, not '%s'",
                                value);
        snprintf(sc->id, sizeof sc->id, "%s", value);
        break;
    case APP_SCOPE_NEAR:
        if (!strcmp(option, "--radius")) {
            if (parse_numbers(value, v, 1) || !(v[0] > 0) || v[0] > 1000)
                return mf_error_set(err, MF_EINVAL,
                                    "--radius takes a number of km above 0 "
                                    "and at most 1000, not '%s'",
                                    value);
            sc->radius_km = v[0];
            sc->have_radius = 1;
        } else {
            if (parse_numbers(value, v, 2) || v[0] < -90 || v[0] > 90 ||
                v[1] < -180 || v[1] > 180)
                return mf_error_set(err, MF_EINVAL,
                                    "--near takes LAT,LON in decimal degrees "
                                    "(latitude -90 to 90, longitude -180 to "
                                    "180), like 59.744,10.204, not '%s'",
                                    value);
            sc->lat = v[0];
            sc->lon = v[1];
            sc->have_near = 1;
        }
        break;
    case APP_SCOPE_BBOX:
        if (parse_numbers(value, v, 4) || v[0] < -180 || v[2] > 180 ||
            v[1] < -90 || v[3] > 90 || !(v[0] < v[2]) || !(v[1] < v[3]))
            return mf_error_set(err, MF_EINVAL,
                                "--bbox takes W,S,E,N in decimal degrees with "
                                "west < east and south < north, like "
                                "10.0,59.6,10.5,59.9, not '%s'",
                                value);
        sc->west = v[0];
        sc->south = v[1];
        sc->east = v[2];
        sc->north = v[3];
        break;
    default:
        break;
    }
    sc->kind = (enum app_scope_kind)k;
    return MF_OK;
}

int app_scope_done(struct app_scope *sc, struct mf_error *err)
{
    if (sc->kind != APP_SCOPE_NEAR)
        return MF_OK;
    if (!sc->have_radius)
        return mf_error_set(err, MF_EINVAL,
                            "--near needs --radius KM (how far around the "
                            "point)");
    if (!sc->have_near)
        return mf_error_set(err, MF_EINVAL,
                            "--radius needs --near LAT,LON (the point)");
    return MF_OK;
}

char *app_scope_text(const struct app_scope *sc, const char *lang, char *buf,
                     size_t len)
{
    int nb = lang && !strcmp(lang, "nb");

    if (!len)
        return buf;
    switch (sc->kind) {
    case APP_SCOPE_PROJECT:
        snprintf(buf, len, nb ? "prosjekt %s" : "project %s", sc->id);
        break;
    case APP_SCOPE_ORG:
        snprintf(buf, len, nb ? "organisasjon %s" : "organisation %s", sc->id);
        break;
    case APP_SCOPE_MUNICIPALITY:
        snprintf(buf, len, nb ? "kommune %s" : "municipality %s", sc->id);
        break;
    case APP_SCOPE_COUNTY:
        snprintf(buf, len, nb ? "fylke %s" : "county %s", sc->id);
        break;
    case APP_SCOPE_NEAR:
        snprintf(buf, len,
                 nb ? "innen %g km fra %.4f N %.4f Ø"
                    : "within %g km of %.4f N %.4f E",
                 sc->radius_km, sc->lat, sc->lon);
        break;
    case APP_SCOPE_BBOX:
        snprintf(buf, len,
                 nb ? "området %.4f-%.4f Ø, %.4f-%.4f N"
                    : "the area %.4f-%.4f E, %.4f-%.4f N",
                 sc->west, sc->east, sc->south, sc->north);
        break;
    default:
        buf[0] = '\0';
        break;
    }
    return buf;
}

/* ------------------------------------------------------------------ */
/* Selection                                                            */
/* ------------------------------------------------------------------ */

static int place_in(const struct app_scope *sc, const struct mf_location *loc,
                    const char *municipality)
{
    switch (sc->kind) {
    case APP_SCOPE_MUNICIPALITY:
        return municipality && !strcmp(municipality, sc->id);
    case APP_SCOPE_COUNTY:
        return municipality && !strncmp(municipality, sc->id, 2);
    case APP_SCOPE_NEAR:
        return loc->epsg != 0 && mf_distance_km(sc->lon, sc->lat, loc->lon,
                                                loc->lat) <= sc->radius_km;
    case APP_SCOPE_BBOX:
        return loc->epsg != 0 && loc->lon >= sc->west && loc->lon <= sc->east &&
               loc->lat >= sc->south && loc->lat <= sc->north;
    default:
        return 1;
    }
}

/* The organisation of the scope: its id, found by id or by number. */
static const struct mf_org *find_org(const struct mf_registry *reg,
                                     const char *text)
{
    size_t n = mf_registry_count(reg, MF_ENT_ORG), i;
    const struct mf_org *o = mf_registry_org(reg, text);

    for (i = 0; !o && i < n; i++) {
        const struct mf_org *x = mf_registry_org_at(reg, i);
        if (x->orgnr && !strcmp(x->orgnr, text))
            o = x;
    }
    return o;
}

static int owned_by(const struct app_scope *sc, const char *org_id,
                    const char *project, const char *org)
{
    if (sc->kind == APP_SCOPE_PROJECT)
        return project && !strcmp(project, sc->id);
    return org && !strcmp(org, org_id);
}

int app_scope_select(const struct app_scope *sc, const struct mf_registry *reg,
                     struct app_scope_sel *out, struct mf_error *err)
{
    size_t nl = mf_registry_count(reg, MF_ENT_LOT),
           ns = mf_registry_count(reg, MF_ENT_SITE),
           np = mf_registry_count(reg, MF_ENT_PROJECT), i;
    const char *org_id = NULL;
    int by_owner = sc->kind == APP_SCOPE_PROJECT || sc->kind == APP_SCOPE_ORG;

    memset(out, 0, sizeof *out);
    if (sc->kind == APP_SCOPE_PROJECT && !mf_registry_project(reg, sc->id))
        return mf_error_set(err, MF_ENOTFOUND,
                            "--project: no project has the id '%s'", sc->id);
    if (sc->kind == APP_SCOPE_ORG) {
        const struct mf_org *o = find_org(reg, sc->id);
        if (!o)
            return mf_error_set(err, MF_ENOTFOUND,
                                "--organisation: no organisation has the id "
                                "or number '%s'",
                                sc->id);
        org_id = o->id;
    }
    out->lot = calloc(nl + 1, 1);
    out->site = calloc(ns + 1, 1);
    out->project = calloc(np + 1, 1);
    if (!out->lot || !out->site || !out->project)
        return mf_error_set(err, MF_ENOMEM, "out of memory");
    for (i = 0; i < np; i++) {
        const struct mf_project *p = mf_registry_project_at(reg, i);
        struct mf_location none = {0};
        int in = by_owner ? owned_by(sc, org_id, p->id, p->org)
                          : (sc->kind == APP_SCOPE_MUNICIPALITY ||
                             sc->kind == APP_SCOPE_COUNTY) &&
                                place_in(sc, &none, p->municipality);
        if (sc->kind == APP_SCOPE_ALL)
            in = 1;
        out->project[i] = (unsigned char)in;
        out->n_projects += (size_t)in;
    }
    for (i = 0; i < ns; i++) {
        const struct mf_site *s = mf_registry_site_at(reg, i);
        int in = by_owner ? owned_by(sc, org_id, s->project,
                                     app_record_org(reg, MF_ENT_SITE, s))
                          : place_in(sc, &s->loc, s->municipality);
        out->site[i] = (unsigned char)in;
        out->n_sites += (size_t)in;
    }
    for (i = 0; i < nl; i++) {
        const struct mf_lot *l = mf_registry_lot_at(reg, i);
        int in;
        if (by_owner) {
            const char *project = l->project;
            if (!project && l->site) {
                const struct mf_site *s = mf_registry_site(reg, l->site);
                project = s ? s->project : NULL;
            }
            in = owned_by(sc, org_id, project,
                          app_record_org(reg, MF_ENT_LOT, l));
        } else {
            in = place_in(sc, &l->loc, mf_lot_municipality(reg, l));
        }
        out->lot[i] = (unsigned char)in;
        out->n_lots += (size_t)in;
        /* A project with a lot in a place scope is in it too. */
        if (in && !by_owner && l->project) {
            int p = mf_registry_index(reg, MF_ENT_PROJECT, l->project);
            if (p >= 0 && !out->project[p]) {
                out->project[p] = 1;
                out->n_projects++;
            }
        }
    }
    return MF_OK;
}

void app_scope_sel_free(struct app_scope_sel *sel)
{
    if (!sel)
        return;
    free(sel->lot);
    free(sel->site);
    free(sel->project);
    memset(sel, 0, sizeof *sel);
}

/* ------------------------------------------------------------------ */
/* A scope's flows                                                      */
/* ------------------------------------------------------------------ */

static const char *how_of(enum mf_end_kind far)
{
    switch (far) {
    case MF_END_SUPPLY:
    case MF_END_DEMAND:
        return "reuse";
    case MF_END_STORAGE:
        return "storage";
    case MF_END_PROCESSING:
        return "processing";
    case MF_END_RECEIVING:
        return "receiving";
    case MF_END_QUARRY:
        return "quarry";
    default:
        return NULL;
    }
}

static int flow_cmp(const void *pa, const void *pb)
{
    const struct app_scope_flow *a = pa, *b = pb;

    if (a->lot != b->lot)
        return a->lot < b->lot ? -1 : 1;
    if (a->tonnes != b->tonnes)
        return a->tonnes > b->tonnes ? -1 : 1;
    return strcmp(a->id, b->id);
}

int app_scope_flows(const struct mf_plan *plan, const struct mf_registry *reg,
                    const unsigned char *lot_in, struct app_scope_flow **out,
                    size_t *n_out, struct mf_error *err)
{
    struct app_scope_flow *v = NULL;
    size_t n = 0, cap = 0, i, k;
    size_t n_lots = mf_registry_count(reg, MF_ENT_LOT);

    *out = NULL;
    *n_out = 0;
    for (i = 0; plan && i < plan->n_flows; i++) {
        const struct mf_flow *f = &plan->flows[i];
        int side;
        /* A flow between two lots of the scope (a project's own reuse)
         * counts for both: once as the surplus's, once as the need's. */
        for (side = 0; side < 2; side++) {
            enum mf_end_kind far;
            int lot, ref;
            const char *how;
            if (side == 0 && f->from_kind == MF_END_SUPPLY && f->from >= 0 &&
                (size_t)f->from < n_lots && lot_in[f->from]) {
                lot = f->from;
                far = f->to_kind;
                ref = f->to;
            } else if (side == 1 && f->to_kind == MF_END_DEMAND && f->to >= 0 &&
                       (size_t)f->to < n_lots && lot_in[f->to]) {
                lot = f->to;
                far = f->from_kind;
                ref = f->from;
            } else {
                continue;
            }
            how = how_of(far);
            if (!how || !(f->tonnes > 0))
                continue;
            for (k = 0; k < n; k++)
                if (v[k].lot == (size_t)lot && v[k].kind == far &&
                    v[k].ref == ref)
                    break;
            if (k == n) {
                if (n == cap) {
                    struct app_scope_flow *w;
                    cap = cap ? 2 * cap : 16;
                    w = realloc(v, cap * sizeof *w);
                    if (!w) {
                        free(v);
                        return mf_error_set(err, MF_ENOMEM, "out of memory");
                    }
                    v = w;
                }
                memset(&v[n], 0, sizeof v[n]);
                v[n].lot = (size_t)lot;
                v[n].kind = far;
                v[n].ref = ref;
                v[n].id = mf_end_id(reg, far, ref);
                v[n].how = how;
                v[n].material = f->material;
                n++;
            }
            v[k].km = (v[k].km * v[k].tonnes + f->km * f->tonnes) /
                      (v[k].tonnes + f->tonnes);
            v[k].tonnes += f->tonnes;
            v[k].cost_nok += f->cost_transport + f->cost_fee + f->cost_tax +
                             f->cost_purchase + f->cost_handling +
                             f->cost_processing;
        }
    }
    if (n)
        qsort(v, n, sizeof *v, flow_cmp);
    *out = v;
    *n_out = n;
    return MF_OK;
}
