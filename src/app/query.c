/*
 * query.c - the use cases that read: init (the schema), validate, list,
 * show, balance and export. (The rules are the catalogue's: app_catalog.)
 */
#include "app_int.h"

#include "masseflyt/output.h"
#include "masseflyt/places.h"

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
    struct mf_balance_opts o = *opts;
    int rc;

    memset(res, 0, sizeof *res);
    o.as_of = app_as_of(s->app, o.as_of);
    if ((rc = app_load(s, 1, &res->reg, err)))
        return rc;
    return mf_balance_compute(res->reg, &o, &res->balance, err);
}

void app_balance_result_free(struct app_balance_result *res)
{
    if (!res)
        return;
    mf_balance_free(res->balance);
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

int app_export(struct app_session *s, const struct app_export_opts *opts,
               struct mf_error *err)
{
    struct mf_registry *reg = NULL;
    unsigned char *keep = NULL;
    struct export_job job;
    int rc;

    if ((rc = app_load(s, opts->what == MF_ENT_LOT, &reg, err)))
        return rc;
    if (opts->public_only && opts->what == MF_ENT_LOT) {
        size_t k, n = mf_registry_count(reg, MF_ENT_LOT);
        keep = malloc(n + 1);
        if (!keep) {
            mf_registry_free(reg);
            return mf_error_set(err, MF_ENOMEM, "out of memory");
        }
        for (k = 0; k < n; k++)
            keep[k] = (unsigned char)mf_registry_lot_at(reg, k)->is_public;
    }
    job.reg = reg;
    job.opts = opts;
    job.keep = keep;
    rc = mf_write_file(opts->path, opts->write_flags, write_export, &job, err);
    free(keep);
    mf_registry_free(reg);
    return rc;
}
