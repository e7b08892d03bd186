/*
 * scenarios.c - policy measures as scenarios: the folder's scenarios,
 * running several (each stored), their differences explained, and the
 * sensitivity of one to its assumptions.
 */
#include "app_int.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* NAME when file is NAME.scn, else 0. */
static int scenario_file(const char *file, size_t *name_len)
{
    size_t n = strlen(file);

    if (n < 5 || strcmp(file + n - 4, ".scn"))
        return 0;
    *name_len = n - 4;
    return 1;
}

int app_scenario_list(struct app *app, const char *dir,
                      struct app_scenario_list *out, struct mf_error *err)
{
    char buf[APP_PATH_MAX];
    struct dirent *e;
    DIR *d;
    int cap = 0, rc = MF_OK;

    memset(out, 0, sizeof *out);
    dir = app_scenario_dir(app, dir, buf, sizeof buf);
    d = opendir(dir);
    if (!d)
        return mf_error_at(err, MF_ENOTFOUND, dir,
                           "no such folder of scenarios");
    while ((e = readdir(d))) {
        struct app_scenario_info *it;
        struct mf_scenario *sc;
        size_t n;
        if (!scenario_file(e->d_name, &n))
            continue;
        if (out->n == cap) {
            int nc = cap ? cap * 2 : 16;
            void *p = realloc(out->items, (size_t)nc * sizeof *out->items);
            if (!p) {
                rc = mf_error_set(err, MF_ENOMEM, "out of memory");
                break;
            }
            out->items = p;
            cap = nc;
        }
        it = &out->items[out->n];
        snprintf(it->name, sizeof it->name, "%.*s", (int)n, e->d_name);
        if ((rc = mf_scenario_load(&sc, dir, it->name, err)))
            break;
        snprintf(it->title, sizeof it->title, "%s",
                 mf_scenario_title(sc, app->cfg.lang));
        mf_scenario_free(sc);
        out->n++;
    }
    closedir(d);
    return rc;
}

void app_scenario_list_free(struct app_scenario_list *list)
{
    if (!list)
        return;
    free(list->items);
    memset(list, 0, sizeof *list);
}

static int by_name(const void *a, const void *b)
{
    const char *x = *(const char *const *)a, *y = *(const char *const *)b;

    /* "base" first, the rest in alphabetical order. */
    if (!strcmp(x, "base") || !strcmp(y, "base"))
        return strcmp(x, "base") ? 1 : (strcmp(y, "base") ? -1 : 0);
    return strcmp(x, y);
}

int app_scenario_names(struct app *app, const char *dir, char ***names, int *n,
                       struct mf_error *err)
{
    char buf[APP_PATH_MAX];
    struct dirent *e;
    char **v = NULL;
    DIR *d;
    int cap = 0, k = 0;

    *names = NULL;
    *n = 0;
    dir = app_scenario_dir(app, dir, buf, sizeof buf);
    d = opendir(dir);
    if (d) {
        while ((e = readdir(d))) {
            size_t len;
            if (!scenario_file(e->d_name, &len))
                continue;
            if (k == cap) {
                int nc = cap ? cap * 2 : 16;
                char **p = realloc(v, (size_t)nc * sizeof *p);
                if (!p)
                    break;
                v = p;
                cap = nc;
            }
            v[k] = strndup(e->d_name, len);
            if (!v[k])
                break;
            k++;
        }
        closedir(d);
    }
    if (k == 0) {
        free(v);
        return mf_error_at(err, MF_ENOTFOUND, dir,
                           "no scenarios (NAME.scn) here");
    }
    qsort(v, (size_t)k, sizeof *v, by_name);
    *names = v;
    *n = k;
    return MF_OK;
}

void app_names_free(char **names, int n)
{
    int i;

    for (i = 0; names && i < n; i++)
        free(names[i]);
    free(names);
}

/* ------------------------------------------------------------------ */
/* Running                                                              */
/* ------------------------------------------------------------------ */

/* A scenario by name in dir, or by path: a name with a '/' or ending in
 * .scn is the file itself, in any folder. What it inherits and its own
 * folder lacks (base, most often) is read from the configured folder of
 * scenarios, so a file of one's own needs no copy of base.scn beside it. */
static int load_scenario(const struct app *app, const char *dir,
                         const char *name, struct mf_scenario **sc,
                         struct mf_error *err)
{
    char fb[APP_PATH_MAX], own[APP_PATH_MAX], stem[256];
    const char *fallback = app_scenario_dir(app, NULL, fb, sizeof fb);
    const char *slash = strrchr(name, '/'), *file;
    size_t n = strlen(name), len;

    if (!slash && !(n > 4 && !strcmp(name + n - 4, ".scn")))
        return mf_scenario_load_from(sc, dir, fallback, name, err);
    file = slash ? slash + 1 : name;
    len = strlen(file);
    if (len > 4 && !strcmp(file + len - 4, ".scn"))
        len -= 4;
    if (len == 0 || len >= sizeof stem)
        return mf_error_at(err, MF_EINVAL, name,
                           "a scenario file is FOLDER/NAME.scn");
    snprintf(stem, sizeof stem, "%.*s", (int)len, file);
    if (!slash)
        snprintf(own, sizeof own, ".");
    else if (slash == name)
        snprintf(own, sizeof own, "/");
    else
        snprintf(own, sizeof own, "%.*s", (int)(slash - name), name);
    return mf_scenario_load_from(sc, own, fallback, stem, err);
}

int app_scenario_file(struct app *app, const char *dir, const char *name,
                      char *file, size_t len, struct mf_error *err)
{
    char buf[APP_PATH_MAX];
    struct mf_scenario *sc = NULL;
    int rc;

    dir = app_scenario_dir(app, dir, buf, sizeof buf);
    if ((rc = load_scenario(app, dir, name, &sc, err)))
        return rc;
    snprintf(file, len, "%s", mf_scenario_file(sc));
    mf_scenario_free(sc);
    return MF_OK;
}

int app_run_scenarios(struct app_session *s, const char *dir,
                      const char *const *names, int n, const char *lang,
                      int32_t as_of, const struct mf_registry *reg,
                      const struct mf_factors *fx,
                      struct mf_scenario_result *runs, app_progress_fn progress,
                      void *progress_ctx, struct mf_error *err)
{
    return app_run_scenarios_stop(s, dir, names, n, lang, as_of, reg, fx, runs,
                                  progress, progress_ctx, NULL, NULL, err);
}

int app_run_scenarios_stop(struct app_session *s, const char *dir,
                           const char *const *names, int n, const char *lang,
                           int32_t as_of, const struct mf_registry *reg,
                           const struct mf_factors *fx,
                           struct mf_scenario_result *runs,
                           app_progress_fn progress, void *progress_ctx,
                           int (*stop)(void *ctx, int64_t pivots),
                           void *stop_ctx, struct mf_error *err)
{
    struct store *st;
    int i, rc = MF_OK;

    if ((rc = app_store(s, 0, &st, err)))
        return rc;
    for (i = 0; i < n; i++) {
        struct mf_scenario *sc = NULL;
        struct mf_plan_opts o = MF_PLAN_OPTS_INIT;
        char *json;
        o.as_of = as_of;
        o.stop = stop;
        o.stop_ctx = stop_ctx;
        /* The first scenario (base, as a rule) keeps its basis, and each
         * one after it is re-solved from there where its network is the
         * same (the plan's warm field says whether it was). */
        if (i == 0)
            o.keep_basis = n > 1;
        else
            o.warm_from = runs[0].plan;
        if ((rc = load_scenario(s->app, dir, names[i], &sc, err)) ||
            (rc = mf_scenario_run(sc, reg, fx, &o, &runs[i], err))) {
            mf_scenario_free(sc);
            break;
        }
        snprintf(runs[i].title, sizeof runs[i].title, "%s",
                 mf_scenario_title(sc, lang));
        snprintf(runs[i].description, sizeof runs[i].description, "%s",
                 mf_scenario_description(sc, lang));
        mf_scenario_free(sc);
        /* Each result is stored as soon as it is solved. */
        json = mf_plan_summary_json(runs[i].plan, runs[i].baseline,
                                    runs[i].practice, runs[i].reg);
        if (!json) {
            rc = mf_error_set(err, MF_ENOMEM, "out of memory");
            i++;
            break;
        }
        rc = st->ops->put_doc(st, "scenario", runs[i].name, json, err);
        free(json);
        if (rc) {
            i++;
            break;
        }
        app_report_step(progress, progress_ctx, APP_STEP_SCENARIO, runs[i].name,
                        (size_t)i + 1, (size_t)n);
    }
    if (rc)
        while (i-- > 0)
            mf_scenario_result_free(&runs[i]);
    return rc;
}

int app_scenarios_run(struct app_session *s,
                      const struct app_scenarios_opts *opts,
                      struct app_scenarios_result *res, struct mf_error *err)
{
    const char *lang = opts->lang ? opts->lang : s->app->cfg.lang;
    const struct mf_factors *fx;
    char buf[APP_PATH_MAX];
    const char *dir;
    int i, rc;

    memset(res, 0, sizeof *res);
    if (opts->n < 1 || opts->n > APP_MAX_SCENARIOS)
        return mf_error_set(err, MF_EINVAL,
                            "from 1 to %d scenarios at once, not %d",
                            APP_MAX_SCENARIOS, opts->n);
    dir = app_scenario_dir(s->app, opts->dir, buf, sizeof buf);
    if ((rc = app_load(s, 1, &res->reg, err)) ||
        (rc = app_factors(s->app, &fx, err)))
        return rc;
    res->runs = calloc((size_t)opts->n, sizeof *res->runs);
    if (!res->runs)
        return mf_error_set(err, MF_ENOMEM, "out of memory");
    if ((rc = app_run_scenarios_stop(
             s, dir, opts->names, opts->n, lang, app_as_of(s->app, opts->as_of),
             res->reg, fx, res->runs, opts->progress, opts->progress_ctx,
             opts->stop, opts->stop_ctx, err)))
        return rc;
    res->n = opts->n;
    for (i = 1; i < res->n; i++)
        res->n_notes[i] = mf_scenario_explain_diff(
            &res->runs[0], &res->runs[i], lang, res->notes[i], APP_MAX_NOTES);
    return MF_OK;
}

void app_scenarios_result_free(struct app_scenarios_result *res)
{
    int i, k;

    if (!res)
        return;
    for (i = 0; i < res->n; i++) {
        mf_scenario_result_free(&res->runs[i]);
        for (k = 0; k < res->n_notes[i]; k++)
            free(res->notes[i][k]);
    }
    free(res->runs);
    mf_registry_free(res->reg);
    memset(res, 0, sizeof *res);
}

int app_sensitivity(struct app_session *s,
                    const struct app_sensitivity_opts *opts,
                    struct mf_tornado **out, struct mf_error *err)
{
    struct mf_plan_opts o = MF_PLAN_OPTS_INIT;
    const struct mf_factors *fx;
    struct mf_registry *reg = NULL;
    struct mf_scenario *sc = NULL;
    char buf[APP_PATH_MAX];
    int rc;

    *out = NULL;
    o.as_of = app_as_of(s->app, opts->as_of);
    if ((rc = app_load(s, 1, &reg, err)) ||
        (rc = app_factors(s->app, &fx, err)) ||
        (rc = load_scenario(
             s->app, app_scenario_dir(s->app, opts->dir, buf, sizeof buf),
             opts->name, &sc, err)))
        goto done;
    rc = mf_sensitivity_run(sc, reg, fx, &o, out, err);
done:
    mf_scenario_free(sc);
    mf_registry_free(reg);
    return rc;
}
