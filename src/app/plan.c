/*
 * plan.c - app_plan and app_plan_save: the plan and its no-reuse baseline
 * solved from one build, the practice baseline beside them, what it could not
 * place or meet and why, a lot explained, the summary document stored, the
 * exports written.
 */
#include "app_int.h"

#include "masseflyt/impact.h"
#include "masseflyt/output.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Per lot, the surplus left unplaced and the need left unmet, with the
 * reason for each, in registry order. */
static int shortfalls(struct app_plan_result *res, const char *lang,
                      struct mf_error *err)
{
    size_t n_lots = mf_registry_count(res->reg, MF_ENT_LOT), i, n = 0;
    double *unplaced = calloc(n_lots + 1, sizeof *unplaced);
    double *unmet = calloc(n_lots + 1, sizeof *unmet);
    int rc = MF_OK;

    if (!unplaced || !unmet) {
        rc = mf_error_set(err, MF_ENOMEM, "out of memory");
        goto done;
    }
    for (i = 0; i < res->plan->n_flows; i++) {
        const struct mf_flow *f = &res->plan->flows[i];
        /* Only lots: a plant's unplaced product or rest fraction is in the
         * indicators, not a lot's shortfall. */
        if (f->to_kind == MF_END_UNPLACED && f->from_kind == MF_END_SUPPLY &&
            f->from >= 0)
            unplaced[f->from] += f->tonnes;
        if (f->from_kind == MF_END_UNMET && f->to >= 0)
            unmet[f->to] += f->tonnes;
    }
    for (i = 0; i < n_lots; i++)
        n += unplaced[i] > 0 || unmet[i] > 0;
    res->shortfalls = calloc(n + 1, sizeof *res->shortfalls);
    if (!res->shortfalls) {
        rc = mf_error_set(err, MF_ENOMEM, "out of memory");
        goto done;
    }
    for (i = 0; i < n_lots; i++) {
        struct app_shortfall *sf = &res->shortfalls[res->n_shortfalls];
        if (!(unplaced[i] > 0) && !(unmet[i] > 0))
            continue;
        sf->lot = i;
        sf->id = mf_registry_lot_at(res->reg, i)->id;
        sf->unmet = !(unplaced[i] > 0);
        sf->tonnes = sf->unmet ? unmet[i] : unplaced[i];
        mf_plan_why_short(res->plan, res->reg, (int)i, lang, sf->reason,
                          sizeof sf->reason);
        res->n_shortfalls++;
    }
done:
    free(unplaced);
    free(unmet);
    return rc;
}

/* mf_plan_explain's text, kept in res->explanation. */
static int explain(struct app_plan_result *res, const char *lot_id,
                   struct mf_error *err)
{
    size_t len = 0;
    FILE *f = open_memstream(&res->explanation, &len);
    int rc;

    if (!f)
        return mf_error_set(err, MF_ENOMEM, "out of memory");
    rc = mf_plan_explain(res->plan, res->reg, lot_id, f, err);
    if (fclose(f) != 0 && rc == MF_OK)
        rc = mf_error_set(err, MF_ENOMEM, "out of memory");
    return rc;
}

/* res->reg replaced by what is left to plan after what has moved by the
 * end of day as_of, and the plan made to start that day. */
static int from_actual(struct app_session *s, int32_t as_of,
                       struct app_plan_result *res, struct mf_plan_opts *o,
                       struct mf_error *err)
{
    struct mf_custody_opts co = MF_CUSTODY_OPTS_INIT;
    struct app_custody *c = NULL;
    struct mf_registry *left = NULL;
    int rc;

    if ((rc = app_custody_load_compact(s, &c, err)))
        return rc;
    co.as_of = ((int64_t)as_of + 1) * 86400 - 1;
    rc = mf_custody_moved(res->reg, &c->data, &co, &res->moved, err);
    app_custody_free(c);
    if (rc || (rc = mf_custody_remaining(res->reg, &res->moved, &left, err)))
        return rc;
    res->lots_done = mf_registry_count(res->reg, MF_ENT_LOT) -
                     mf_registry_count(left, MF_ENT_LOT);
    mf_registry_free(res->reg);
    res->reg = left;
    if (o->from == MF_DATE_NONE || o->from < res->moved.today)
        o->from = res->moved.today;
    return MF_OK;
}

int app_plan(struct app_session *s, const struct app_plan_opts *opts,
             struct app_plan_result *res, struct mf_error *err)
{
    struct mf_plan_opts o = opts->plan;
    const struct mf_factors *fx;
    int rc;

    memset(res, 0, sizeof *res);
    res->name = opts->name ? opts->name : "plan";
    o.as_of = app_as_of(s->app, o.as_of);
    if ((rc = app_load(s, 1, &res->reg, err)) ||
        (rc = app_factors(s->app, &fx, err)))
        return rc;
    if (opts->from_actual && (rc = from_actual(s, o.as_of, res, &o, err)))
        return rc;
    /* The scope picks out what is shown; the plan below is solved for the
     * whole region all the same. */
    if (opts->scope.kind != APP_SCOPE_ALL &&
        (rc = app_scope_select(&opts->scope, res->reg, &res->sel, err))) {
        res->bad_option = "scope";
        return rc;
    }
    if (opts->fleet) {
        if ((rc = mf_fleet_parse(fx, opts->fleet, &res->fleet, err))) {
            res->bad_option = "fleet";
            return rc;
        }
        o.fleet = &res->fleet;
    }
    if (opts->distances) {
        if ((rc = mf_distances_load(&res->distances, opts->distances, err)))
            return rc;
        /* A row naming no site, or a road shorter than the straight line,
         * is an error, not a pair quietly never used. */
        if ((rc = mf_distances_check(res->distances, res->reg, &res->notes)))
            return mf_error_set(err, rc, "out of memory");
        if (res->notes.count[MF_SEV_ERROR]) {
            size_t i;
            for (i = 0; i < res->notes.n; i++)
                if (res->notes.items[i].severity == MF_SEV_ERROR)
                    return mf_error_at(err, MF_EINVAL,
                                       res->notes.items[i].where, "%s",
                                       res->notes.items[i].message);
        }
        o.distances = res->distances;
    }
    rc = mf_plan_solve_pair(res->reg, fx, &o, &res->plan,
                            o.baseline ? NULL : &res->baseline, err);
    if (rc)
        return rc;
    if (!o.baseline &&
        ((rc = mf_practice_load(&res->practice_params,
                                mf_catalog_dir(mf_registry_catalog(res->reg)),
                                err)) ||
         (rc = mf_plan_practice(res->reg, fx, &o, &res->practice_params,
                                &res->practice, err))))
        return rc;
    if (opts->explain)
        return explain(res, opts->explain, err);
    if (opts->scope.kind != APP_SCOPE_ALL &&
        (rc = app_scope_flows(res->plan, res->reg, res->sel.lot,
                              &res->scope_flows, &res->n_scope_flows, err)))
        return rc;
    return shortfalls(res, s->app->cfg.lang, err);
}

/* ------------------------------------------------------------------ */
/* Storing and exporting                                                */
/* ------------------------------------------------------------------ */

struct plan_out {
    const struct app_plan_result *res;
    int (*fn)(const struct mf_plan *, const struct mf_registry *, FILE *,
              struct mf_error *);
};

static int plan_out(void *ctx, FILE *f, struct mf_error *err)
{
    const struct plan_out *o = ctx;

    return o->fn(o->res->plan, o->res->reg, f, err);
}

static int dimacs(const struct mf_plan *plan, const struct mf_registry *reg,
                  FILE *f, struct mf_error *err)
{
    (void)reg;
    return mf_plan_write_dimacs(plan, f, err);
}

static int lp(const struct mf_plan *plan, const struct mf_registry *reg,
              FILE *f, struct mf_error *err)
{
    (void)reg;
    return mf_plan_write_lp(plan, f, err);
}

static int
write_out(const char *path, int flags, const struct app_plan_result *res,
          int (*fn)(const struct mf_plan *, const struct mf_registry *, FILE *,
                    struct mf_error *),
          struct mf_error *err)
{
    struct plan_out o = {res, fn};

    if (!path)
        return MF_OK;
    return mf_write_file(path, flags, plan_out, &o, err);
}

/* The scope the plan was asked for as a JSON object of its text in both
 * languages: the scope picked out, else the municipality the plan was
 * limited to; null for the whole region. */
static json_t *scope_json(const struct app_plan_opts *opts)
{
    struct app_scope sc = opts->scope;
    char nb[160], en[160];

    if (sc.kind == APP_SCOPE_ALL && opts->plan.municipality &&
        *opts->plan.municipality) {
        sc.kind = APP_SCOPE_MUNICIPALITY;
        snprintf(sc.id, sizeof sc.id, "%s", opts->plan.municipality);
    }
    if (sc.kind == APP_SCOPE_ALL)
        return json_null();
    return json_pack("{s:s, s:s}", "nb",
                     app_scope_text(&sc, "nb", nb, sizeof nb), "en",
                     app_scope_text(&sc, "en", en, sizeof en));
}

/* The summary document: mf_plan_summary_json's, with who asked and the
 * scope. */
char *app_plan_summary_doc(const struct app_plan_opts *opts,
                           const struct app_plan_result *res)
{
    char *text =
        mf_plan_summary_json(res->plan, res->baseline, res->practice, res->reg);
    json_t *doc = text ? json_loads(text, 0, NULL) : NULL;

    free(text);
    if (!doc ||
        json_object_set_new(doc, "by",
                            opts->by ? json_string(opts->by) : json_null()) ||
        json_object_set_new(doc, "scope", scope_json(opts))) {
        json_decref(doc);
        return NULL;
    }
    text = json_dumps(doc, JSON_COMPACT | JSON_REAL_PRECISION(12));
    json_decref(doc);
    return text;
}

/* The plan as the exports see it: with a scope, only the flows that
 * leave or reach a lot of the scope (app_scope_flows' rule), in a copy
 * of the plan that borrows everything else; *flows is the caller's to
 * free. */
static int scoped_view(const struct app_plan_opts *opts,
                       const struct app_plan_result *res, struct mf_plan *view,
                       struct mf_flow **flows, struct mf_error *err)
{
    size_t n_lots = mf_registry_count(res->reg, MF_ENT_LOT), i, n = 0;
    const unsigned char *in = res->sel.lot;

    *view = *res->plan;
    *flows = NULL;
    if (opts->scope.kind == APP_SCOPE_ALL)
        return MF_OK;
    *flows = malloc((res->plan->n_flows + 1) * sizeof **flows);
    if (!*flows)
        return mf_error_set(err, MF_ENOMEM, "out of memory");
    for (i = 0; i < res->plan->n_flows; i++) {
        const struct mf_flow *f = &res->plan->flows[i];
        int from = f->from_kind == MF_END_SUPPLY && f->from >= 0 &&
                   (size_t)f->from < n_lots && in && in[f->from];
        int to = f->to_kind == MF_END_DEMAND && f->to >= 0 &&
                 (size_t)f->to < n_lots && in && in[f->to];
        if (from || to)
            (*flows)[n++] = *f;
    }
    view->flows = *flows;
    view->n_flows = n;
    return MF_OK;
}

int app_plan_save(struct app_session *s, const struct app_plan_opts *opts,
                  const struct app_plan_result *res, struct mf_error *err)
{
    struct store *st;
    struct mf_plan view;
    struct app_plan_result shown;
    struct mf_flow *flows = NULL;
    char *json;
    int rc;

    if (!res->plan)
        return mf_error_set(err, MF_EINVAL, "no plan to store");
    if ((rc = app_store(s, 0, &st, err)))
        return rc;
    json = app_plan_summary_doc(opts, res);
    if (!json)
        return mf_error_set(err, MF_ENOMEM, "out of memory");
    rc = st->ops->put_doc(st, "plan", res->name, json, err);
    free(json);
    if (rc)
        return rc;
    /* The flow exports follow the scope; the network's (DIMACS, LP) are
     * the whole plan's, as solved. */
    if ((rc = scoped_view(opts, res, &view, &flows, err)))
        return rc;
    shown = *res;
    shown.plan = &view;
    if ((rc = write_out(opts->csv, opts->write_flags, &shown, mf_plan_write_csv,
                        err)) ||
        (rc = write_out(opts->geojson, opts->write_flags, &shown,
                        mf_plan_write_geojson, err)) ||
        (rc = write_out(opts->dimacs, opts->write_flags, res, dimacs, err)) ||
        (rc = write_out(opts->lp, opts->write_flags, res, lp, err))) {
        free(flows);
        return rc;
    }
    free(flows);
    return MF_OK;
}

void app_plan_result_free(struct app_plan_result *res)
{
    if (!res)
        return;
    mf_plan_free(res->plan);
    mf_plan_free(res->baseline);
    mf_plan_free(res->practice);
    free(res->shortfalls);
    free(res->explanation);
    mf_distances_free(res->distances);
    mf_issues_free(&res->notes);
    app_scope_sel_free(&res->sel);
    free(res->scope_flows);
    mf_registry_free(res->reg);
    mf_custody_moved_free(&res->moved);
    memset(res, 0, sizeof *res);
}
