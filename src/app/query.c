/*
 * query.c - the use cases that read: init (the schema), validate, list,
 * show, balance and export. (The rules are the catalogue's: app_catalog.)
 */
#include "app_int.h"

#include "masseflyt/output.h"
#include "masseflyt/geo.h"
#include "masseflyt/impact.h"
#include "masseflyt/places.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int app_init(struct app_session *s, int *schema_version, struct mf_error *err)
{
    struct store *st;
    int rc;

    *schema_version = 0;
    if ((rc = app_store(s, 1, &st, err)))
        return rc;
    return st->ops->schema_version(st, schema_version, err);
}

int app_migrate(struct app_session *s, int create, int *from, int *to,
                struct mf_error *err)
{
    struct store *st;
    int rc;

    *from = *to = 0;
    if ((rc = app_store(s, create ? STORE_CREATE : STORE_MIGRATE, &st, err)))
        return rc;
    *from = st->schema_before;
    return st->ops->schema_version(st, to, err);
}

int app_check_db(struct app_session *s, int full, struct mf_error *err)
{
    struct store *st;
    int rc;

    if ((rc = app_store(s, 0, &st, err)))
        return rc;
    return st->ops->check(st, full, err);
}

int app_backup(struct app_session *s, const char *path, struct mf_error *err)
{
    struct store *st;
    int rc;

    if ((rc = app_store(s, 0, &st, err)))
        return rc;
    return st->ops->backup(st, path, err);
}

int app_validate(struct app_session *s, size_t max_problems, int32_t as_of,
                 struct app_validate_result *res, struct mf_error *err)
{
    int rc, e;

    memset(res, 0, sizeof *res);
    mf_issues_init(&res->issues, max_problems);
    if ((rc = app_load(s, 1, &res->reg, err)))
        return rc;
    rc = mf_validate_registry(res->reg, app_as_of(s->app, as_of), &res->issues);
    if (rc < 0)
        return mf_error_set(err, rc, "out of memory");
    /* Places that contradict their municipality (places.h). */
    {
        struct mf_municipalities *m = NULL;
        if ((rc = app_municipalities(s, &m, err)))
            return rc;
        rc = mf_validate_places(res->reg, m, &res->issues);
        mf_municipalities_free(m);
    }
    if (rc < 0)
        return mf_error_set(err, rc, "out of memory");
    for (e = 0; e < MF_ENT_COUNT; e++)
        res->records += mf_registry_count(res->reg, (enum mf_entity)e);
    return MF_OK;
}

void app_validate_result_free(struct app_validate_result *res)
{
    if (!res)
        return;
    mf_issues_free(&res->issues);
    mf_registry_free(res->reg);
    memset(res, 0, sizeof *res);
}

/* ------------------------------------------------------------------ */
/* Listing                                                              */
/* ------------------------------------------------------------------ */

/* 1 when v is set and equal to want; want NULL matches everything. */
static int is(const char *want, const char *v)
{
    return !want || (v && !strcmp(want, v));
}

static int matches(const struct mf_registry *reg, const struct app_list_opts *o,
                   size_t k)
{
    switch (o->what) {
    case MF_ENT_ORG:
        return 1;
    case MF_ENT_PROJECT:
        return is(o->municipality,
                  mf_registry_project_at(reg, k)->municipality);
    case MF_ENT_SITE: {
        const struct mf_site *x = mf_registry_site_at(reg, k);
        return (!o->kind || !strcmp(o->kind, mf_site_kind_name(x->kind))) &&
               is(o->municipality, x->municipality) &&
               is(o->project, x->project);
    }
    default: {
        const struct mf_lot *l = mf_registry_lot_at(reg, k);
        const char *kind = l->kind == MF_LOT_DEMAND ? "demand" : "supply";
        return (!o->kind || !strcmp(o->kind, kind)) &&
               is(o->project, l->project) &&
               (!o->municipality ||
                is(o->municipality, mf_lot_municipality(reg, l)));
    }
    }
}

int app_list(struct app_session *s, const struct app_list_opts *opts,
             struct app_list_result *res, struct mf_error *err)
{
    unsigned char *status = NULL, *site_status = NULL;
    const struct mf_rule **reason = NULL;
    size_t k, n;
    int rc;

    memset(res, 0, sizeof *res);
    res->what = opts->what;
    if ((rc = app_load(s, opts->what == MF_ENT_LOT, &res->reg, err)))
        return rc;
    n = mf_registry_count(res->reg, opts->what);
    if (opts->what == MF_ENT_LOT &&
        (rc = mf_registry_status(res->reg, app_as_of(s->app, opts->as_of),
                                 &status, &reason, &site_status, err)))
        goto done;
    res->items = calloc(n + 1, sizeof *res->items);
    if (status)
        res->status = calloc(n + 1, sizeof *res->status);
    if (!res->items || (status && !res->status)) {
        rc = mf_error_set(err, MF_ENOMEM, "out of memory");
        goto done;
    }
    for (k = 0; k < n; k++) {
        if (!matches(res->reg, opts, k))
            continue;
        if (status)
            res->status[res->n] = status[k];
        res->items[res->n++] = k;
    }
done:
    free(status);
    free(reason);
    free(site_status);
    return rc;
}

void app_list_result_free(struct app_list_result *res)
{
    if (!res)
        return;
    free(res->items);
    free(res->status);
    mf_registry_free(res->reg);
    memset(res, 0, sizeof *res);
}

int app_show(struct app_session *s, const char *id, int32_t as_of,
             struct app_show_result *res, struct mf_error *err)
{
    const struct mf_registry *reg;
    int rc;

    memset(res, 0, sizeof *res);
    mf_issues_init(&res->issues, 100);
    if ((rc = app_load(s, 1, &res->reg, err)))
        return rc;
    reg = res->reg;
    as_of = app_as_of(s->app, as_of);
    if ((res->org = mf_registry_org(reg, id)))
        rc = mf_validate_org(reg, res->org, NULL, as_of, &res->issues);
    else if ((res->project = mf_registry_project(reg, id)))
        rc = mf_validate_project(reg, res->project, NULL, as_of, &res->issues);
    else if ((res->site = mf_registry_site(reg, id)))
        rc = mf_validate_site(reg, res->site, NULL, as_of, &res->issues);
    else if ((res->lot = mf_registry_lot(reg, id)))
        rc = mf_validate_lot(reg, res->lot, NULL, as_of, &res->issues);
    else
        return mf_error_set(err, MF_ENOTFOUND, "no record has the id '%s'", id);
    return rc < 0 ? mf_error_set(err, rc, "out of memory") : MF_OK;
}

void app_show_result_free(struct app_show_result *res)
{
    if (!res)
        return;
    mf_issues_free(&res->issues);
    mf_registry_free(res->reg);
    memset(res, 0, sizeof *res);
}

int app_balance(struct app_session *s, const struct mf_balance_opts *opts,
                struct app_balance_result *res, struct mf_error *err)
{
    return app_balance_scoped(s, opts, NULL, res, err);
}

/* Appends code to a list "a, b" unless it is there. */
static void list_add(char *buf, size_t len, const char *code)
{
    size_t o = strlen(buf), n = strlen(code);
    const char *p;

    for (p = buf; (p = strstr(p, code)) != NULL; p += n)
        if ((p == buf || p[-1] == ' ') && (p[n] == ',' || p[n] == '\0'))
            return;
    snprintf(buf + o, len - o, "%s%s", o ? ", " : "", code);
}

static int site_has(const struct mf_site *x, int material)
{
    int k;

    for (k = 0; k < x->n_materials; k++)
        if (x->materials[k] == material)
            return 1;
    return 0;
}

/* What site x could do for the lots of the scope: "takes leire, morene;
 * gives pukk". */
static void serves(const struct mf_registry *reg, const struct mf_site *x,
                   const unsigned char *lot_in, char *buf, size_t len)
{
    const struct mf_catalog *cat = mf_registry_catalog(reg);
    size_t n = mf_registry_count(reg, MF_ENT_LOT), i;
    char takes[160] = "", gives[160] = "";
    int k;

    for (i = 0; i < n; i++) {
        const struct mf_lot *l = mf_registry_lot_at(reg, i);
        if (!lot_in[i])
            continue;
        if (l->kind == MF_LOT_SUPPLY && x->kind != MF_SITE_QUARRY &&
            site_has(x, l->material))
            list_add(takes, sizeof takes,
                     mf_catalog_material(cat, l->material)->code);
        if (l->kind != MF_LOT_DEMAND)
            continue;
        if (x->kind == MF_SITE_QUARRY || x->kind == MF_SITE_STORAGE) {
            for (k = 0; k < x->n_materials; k++) {
                int m = x->materials[k];
                if ((l->material < 0 || l->material == m) &&
                    (l->use < 0 || mf_catalog_compat(cat, m, l->use) > 0))
                    list_add(gives, sizeof gives,
                             mf_catalog_material(cat, m)->code);
            }
        } else if (x->kind == MF_SITE_PROCESSING && x->product >= 0 &&
                   (l->material < 0 || l->material == x->product) &&
                   (l->use < 0 ||
                    mf_catalog_compat(cat, x->product, l->use) > 0)) {
            list_add(gives, sizeof gives,
                     mf_catalog_material(cat, x->product)->code);
        }
    }
    snprintf(buf, len, "%s%s%s%s%s", takes[0] ? "takes " : "", takes,
             takes[0] && gives[0] ? "; " : "", gives[0] ? "gives " : "", gives);
}

static int reach_cmp(const void *pa, const void *pb)
{
    const struct app_reach_site *a = pa, *b = pb;

    if (a->kind != b->kind)
        return (int)a->kind - (int)b->kind;
    if (a->km != b->km)
        return a->km < b->km ? -1 : 1;
    return (a->site > b->site) - (a->site < b->site);
}

/* The shared sites (not project sites) within reach of the scope. */
static int reach(struct app_session *s, const struct app_scope *sc,
                 struct app_balance_result *res, struct mf_error *err)
{
    const struct mf_registry *reg = res->reg;
    size_t ns = mf_registry_count(reg, MF_ENT_SITE),
           nl = mf_registry_count(reg, MF_ENT_LOT), i, l;
    const struct mf_factors *fx;
    int rc;

    if (sc->kind == APP_SCOPE_NEAR) {
        res->reach_km = sc->radius_km;
    } else {
        if ((rc = app_factors(s->app, &fx, err)))
            return rc;
        res->reach_km = mf_factors_get_param(fx, "max_haul_km");
        if (!(res->reach_km > 0))
            res->reach_km = 100;
    }
    res->reach = calloc(ns + 1, sizeof *res->reach);
    if (!res->reach)
        return mf_error_set(err, MF_ENOMEM, "out of memory");
    for (i = 0; i < ns; i++) {
        const struct mf_site *x = mf_registry_site_at(reg, i);
        double km = -1;
        if (x->kind == MF_SITE_PROJECT || x->loc.epsg == 0)
            continue;
        if (sc->kind == APP_SCOPE_NEAR) {
            km = mf_distance_km(sc->lon, sc->lat, x->loc.lon, x->loc.lat);
        } else {
            for (l = 0; l < nl; l++) {
                const struct mf_lot *y = mf_registry_lot_at(reg, l);
                double d;
                if (!res->sel.lot[l] || y->loc.epsg == 0)
                    continue;
                d = mf_distance_km(y->loc.lon, y->loc.lat, x->loc.lon,
                                   x->loc.lat);
                if (km < 0 || d < km)
                    km = d;
            }
        }
        if (km < 0 || km > res->reach_km)
            continue;
        res->reach[res->n_reach].site = i;
        res->reach[res->n_reach].km = km;
        res->reach[res->n_reach].kind = x->kind;
        serves(reg, x, res->sel.lot, res->reach[res->n_reach].serves,
               sizeof res->reach[res->n_reach].serves);
        res->n_reach++;
    }
    if (res->n_reach)
        qsort(res->reach, res->n_reach, sizeof *res->reach, reach_cmp);
    return MF_OK;
}

int app_balance_scoped(struct app_session *s,
                       const struct mf_balance_opts *opts,
                       const struct app_scope *scope,
                       struct app_balance_result *res, struct mf_error *err)
{
    struct mf_balance_opts o = *opts;
    int rc;

    memset(res, 0, sizeof *res);
    o.as_of = app_as_of(s->app, o.as_of);
    if ((rc = app_load(s, 1, &res->reg, err)))
        return rc;
    if (!scope || scope->kind == APP_SCOPE_ALL)
        return mf_balance_compute(res->reg, &o, &res->balance, err);
    if ((rc = app_scope_select(scope, res->reg, &res->sel, err)))
        return rc;
    o.municipality = NULL;
    o.near = 0;
    o.lot_in = res->sel.lot;
    if ((rc = mf_balance_compute(res->reg, &o, &res->balance, err)))
        return rc;
    return reach(s, scope, res, err);
}

void app_balance_result_free(struct app_balance_result *res)
{
    if (!res)
        return;
    mf_balance_free(res->balance);
    app_scope_sel_free(&res->sel);
    free(res->reach);
    mf_registry_free(res->reg);
    memset(res, 0, sizeof *res);
}

/* ------------------------------------------------------------------ */
/* Export                                                               */
/* ------------------------------------------------------------------ */

struct export_job {
    const struct mf_registry *reg;
    const struct app_export_opts *opts;
    const unsigned char *keep;
};

static int write_export(void *ctx, FILE *f, struct mf_error *err)
{
    const struct export_job *j = ctx;

    return mf_export(j->reg, j->opts->what, j->opts->format, j->keep, f, err);
}

/* Which records of kind `what` a scope keeps: its lots, sites and
 * projects; the organisations of those (and the scope's own). */
static int scope_keep(const struct app_scope *sc, const struct mf_registry *reg,
                      enum mf_entity what, unsigned char *keep,
                      struct app_scope_sel *sel, struct mf_error *err)
{
    size_t n = mf_registry_count(reg, what), k, j;
    int rc;

    if ((rc = app_scope_select(sc, reg, sel, err)))
        return rc;
    for (k = 0; k < n; k++) {
        switch (what) {
        case MF_ENT_LOT:
            keep[k] = sel->lot[k];
            break;
        case MF_ENT_SITE:
            keep[k] = sel->site[k];
            break;
        case MF_ENT_PROJECT:
            keep[k] = sel->project[k];
            break;
        default: {
            const char *id = mf_registry_org_at(reg, k)->id;
            keep[k] = sc->kind == APP_SCOPE_ORG &&
                      (!strcmp(id, sc->id) ||
                       (mf_registry_org_at(reg, k)->orgnr &&
                        !strcmp(mf_registry_org_at(reg, k)->orgnr, sc->id)));
            for (j = 0; !keep[k] && j < mf_registry_count(reg, MF_ENT_PROJECT);
                 j++) {
                const char *o = mf_registry_project_at(reg, j)->org;
                keep[k] = sel->project[j] && o && !strcmp(o, id);
            }
            for (j = 0; !keep[k] && j < mf_registry_count(reg, MF_ENT_SITE);
                 j++) {
                const char *o = app_record_org(reg, MF_ENT_SITE,
                                               mf_registry_site_at(reg, j));
                keep[k] = sel->site[j] && o && !strcmp(o, id);
            }
            break;
        }
        }
    }
    return MF_OK;
}

int app_export(struct app_session *s, const struct app_export_opts *opts,
               struct mf_error *err)
{
    struct mf_registry *reg = NULL;
    unsigned char *keep = NULL;
    struct export_job job;
    int rc;

    int scoped = opts->scope.kind != APP_SCOPE_ALL;
    struct app_scope_sel sel = {0};
    size_t k, n;

    /* A place scope finds projects through their lots. */
    if ((rc = app_load(s, opts->what == MF_ENT_LOT || scoped, &reg, err)))
        return rc;
    n = mf_registry_count(reg, opts->what);
    if ((opts->public_only && opts->what == MF_ENT_LOT) || scoped) {
        keep = malloc(n + 1);
        if (!keep) {
            mf_registry_free(reg);
            return mf_error_set(err, MF_ENOMEM, "out of memory");
        }
        memset(keep, 1, n + 1);
    }
    if (scoped &&
        (rc = scope_keep(&opts->scope, reg, opts->what, keep, &sel, err))) {
        free(keep);
        app_scope_sel_free(&sel);
        mf_registry_free(reg);
        return rc;
    }
    if (opts->public_only && opts->what == MF_ENT_LOT)
        for (k = 0; k < n; k++)
            keep[k] &=
                (unsigned char)(mf_registry_lot_at(reg, k)->is_public != 0);
    job.reg = reg;
    job.opts = opts;
    job.keep = keep;
    rc = mf_write_file(opts->path, opts->write_flags, write_export, &job, err);
    free(keep);
    app_scope_sel_free(&sel);
    mf_registry_free(reg);
    return rc;
}
