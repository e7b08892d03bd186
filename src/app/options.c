/*
 * options.c - app_options: "who could take my masses?" for a surplus lot,
 * "where could my need come from?" for a need. The plan is solved over
 * the whole registry, so the room left at each place is what the plan's
 * other flows leave; mf_plan_options (plan/options.c) then asks the
 * planner's own distance, price and rules for every candidate. The CLI's
 * `options` prints it; app_options_json is the form an HTTP route returns.
 */
#include "app_int.h"

#include <jansson.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

static int load_and_solve(struct app_session *s, const char *lot_id,
                          const struct mf_plan_opts *opts,
                          struct app_options_result *res, struct mf_error *err)
{
    struct mf_plan_opts def = MF_PLAN_OPTS_INIT;
    struct mf_plan_opts *o = &res->opts;
    const struct mf_factors *fx;
    int rc;

    memset(res, 0, sizeof *res);
    /* Kept in res: the solved plan refers to its options (app_options_of
     * asks them after this returns). */
    *o = opts ? *opts : def;
    o->baseline = 0;
    o->as_of = app_as_of(s->app, o->as_of);
    if ((rc = app_load(s, 1, &res->reg, err)) ||
        (rc = app_factors(s->app, &fx, err)))
        return rc;
    if (lot_id && mf_registry_index(res->reg, MF_ENT_LOT, lot_id) < 0)
        return mf_error_set(err, MF_ENOTFOUND, "no lot has the id '%s'",
                            lot_id);
    return mf_plan_solve(res->reg, fx, o, &res->plan, err);
}

int app_options_solve(struct app_session *s, const struct mf_plan_opts *opts,
                      struct app_options_result *res, struct mf_error *err)
{
    return load_and_solve(s, NULL, opts, res, err);
}

int app_options_of(const struct app_options_result *solved, const char *lot_id,
                   struct mf_options *out, struct mf_error *err)
{
    memset(out, 0, sizeof *out);
    if (!solved->reg || !solved->plan)
        return mf_error_set(err, MF_EINVAL, "no plan has been solved");
    return mf_plan_options(solved->plan, solved->reg, lot_id, out, err);
}

int app_options(struct app_session *s, const char *lot_id,
                const struct mf_plan_opts *opts, struct app_options_result *res,
                struct mf_error *err)
{
    int rc = load_and_solve(s, lot_id, opts, res, err);

    return rc ? rc : app_options_of(res, lot_id, &res->options, err);
}

void app_options_result_free(struct app_options_result *res)
{
    if (!res)
        return;
    mf_options_free(&res->options);
    mf_plan_free(res->plan);
    mf_registry_free(res->reg);
    memset(res, 0, sizeof *res);
}

static const char *end_kind(enum mf_end_kind k)
{
    return mf_end_kind_name(k);
}

/* A number, or null when it is not one (an excluded option's price, a
 * site without a stated capacity). */
static json_t *num(double v)
{
    return isfinite(v) && v >= 0 ? json_real(round(v * 100) / 100)
                                 : json_null();
}

char *app_options_json(const struct app_options_result *res)
{
    const struct mf_options *o = &res->options;
    const struct mf_catalog *cat = mf_registry_catalog(res->reg);
    const struct mf_lot *lot = mf_registry_lot(res->reg, o->lot ? o->lot : "");
    json_t *root, *items;
    char *text;
    size_t i;

    if (!lot)
        return NULL;
    items = json_array();
    root = json_pack(
        "{s:s, s:s, s:s?, s:s?, s:f, s:f, s:s?}", "lot", lot->id, "kind",
        o->supply ? "supply" : "demand", "material",
        lot->material >= 0 ? mf_catalog_material(cat, lot->material)->code
                           : NULL,
        "use", lot->use >= 0 ? mf_catalog_use(cat, lot->use)->code : NULL,
        "tonnes", lot->tonnes, "max_km", o->max_km, "not_planned",
        o->why_not[0] ? o->why_not : NULL);
    if (!root || !items) {
        json_decref(root);
        json_decref(items);
        return NULL;
    }
    for (i = 0; i < o->n; i++) {
        const struct mf_option *x = &o->items[i];
        const struct mf_material *m = mf_catalog_material(cat, x->material);
        json_t *it = json_pack(
            "{s:s, s:s, s:s, s:s?, s:b, s:f, s:o, s:o, s:f, s:s?, s:s?}",
            o->supply ? "destination" : "origin", x->id, "end",
            end_kind(x->kind), "how", x->how, "material", m ? m->code : NULL,
            "allowed", x->allowed, "km", round(x->km * 10) / 10, "nok_per_t",
            num(x->nok_t), "room_t", num(x->room_t), "planned_t", x->planned_t,
            "rule", x->rule, "excluded_because", x->why[0] ? x->why : NULL);
        if (!it || json_array_append_new(items, it)) {
            json_decref(root);
            json_decref(items);
            return NULL;
        }
    }
    if (json_object_set_new(root, "options", items)) {
        json_decref(root);
        return NULL;
    }
    text = json_dumps(root, JSON_INDENT(2) | JSON_PRESERVE_ORDER |
                                JSON_REAL_PRECISION(12));
    json_decref(root);
    return text;
}
