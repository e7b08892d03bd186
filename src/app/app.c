/*
 * app.c - the context shared by threads (configuration, catalogue,
 * factors), the session of one thread (its store connection), loading
 * the registry, and small helpers of the use cases.
 */
#include "app_int.h"

#include "masseflyt/impact.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

int app_new(struct app **out, const struct app_config *cfg,
            struct mf_error *err)
{
    struct app *app = calloc(1, sizeof *app);

    *out = NULL;
    if (!app)
        return mf_error_set(err, MF_ENOMEM, "out of memory");
    app->cfg = *cfg;
    if (pthread_mutex_init(&app->mu, NULL) != 0) {
        free(app);
        return mf_error_set(err, MF_ERR, "cannot create a lock");
    }
    *out = app;
    return MF_OK;
}

void app_free(struct app *app)
{
    if (!app)
        return;
    mf_factors_free(app->fx);
    mf_catalog_free(app->cat);
    pthread_mutex_destroy(&app->mu);
    free(app);
}

const struct app_config *app_config_of(const struct app *app)
{
    return &app->cfg;
}

int app_catalog(struct app *app, const struct mf_catalog **out,
                struct mf_error *err)
{
    int rc = MF_OK;

    pthread_mutex_lock(&app->mu);
    if (!app->cat) {
        struct mf_catalog *cat = NULL;
        rc = mf_catalog_load(&cat, app->cfg.data_dir, err);
        if (rc == MF_OK) {
            /* The one change a catalogue takes, made before any other
             * thread can see it. */
            mf_catalog_set_today(cat, app->cfg.today);
            app->cat = cat;
        }
    }
    *out = app->cat;
    pthread_mutex_unlock(&app->mu);
    return rc;
}

int app_factors(struct app *app, const struct mf_factors **out,
                struct mf_error *err)
{
    int rc = MF_OK;

    pthread_mutex_lock(&app->mu);
    if (!app->fx)
        rc = mf_factors_load(&app->fx, app->cfg.data_dir, err);
    *out = app->fx;
    pthread_mutex_unlock(&app->mu);
    return rc;
}

int app_session_new(struct app_session **out, struct app *app,
                    struct mf_error *err)
{
    struct app_session *s = calloc(1, sizeof *s);

    *out = NULL;
    if (!s)
        return mf_error_set(err, MF_ENOMEM, "out of memory");
    s->app = app;
    *out = s;
    return MF_OK;
}

void app_session_free(struct app_session *s)
{
    if (!s)
        return;
    store_close(s->store);
    free(s);
}

int app_store(struct app_session *s, int create, struct store **out,
              struct mf_error *err)
{
    int rc = MF_OK;

    if (!s->store)
        rc = store_open(&s->store, s->app->cfg.db, create, err);
    *out = s->store;
    return rc;
}

int app_load(struct app_session *s, int with_lots, struct mf_registry **out,
             struct mf_error *err)
{
    const struct mf_catalog *cat;
    struct store *st;
    struct mf_registry *reg = NULL;
    int rc;

    *out = NULL;
    /* In this order, so that a broken data folder is reported before a
     * missing database, as it always was. */
    if ((rc = app_catalog(s->app, &cat, err)) ||
        (rc = app_store(s, 0, &st, err)) ||
        (rc = mf_registry_new(&reg, cat, err)))
        return rc;
    rc = st->ops->load(st, reg, with_lots ? STORE_ALL : STORE_NO_LOTS, err);
    if (rc) {
        mf_registry_free(reg);
        return rc;
    }
    *out = reg;
    return MF_OK;
}

int32_t app_as_of(const struct app *app, int32_t as_of)
{
    return as_of != MF_DATE_NONE ? as_of : app->cfg.as_of;
}

const char *app_scenario_dir(const struct app *app, const char *given,
                             char *buf, size_t len)
{
    if (given)
        return given;
    if (app->cfg.scenario_dir[0])
        return app->cfg.scenario_dir;
    snprintf(buf, len, "%s/demo/scenarios", app->cfg.data_dir);
    return buf;
}

int app_mkdir_p(const char *path, struct mf_error *err)
{
    char buf[APP_PATH_MAX];
    char *p;

    if ((size_t)snprintf(buf, sizeof buf, "%s", path) >= sizeof buf)
        return mf_error_at(err, MF_EIO, path, "the path is too long");
    for (p = buf + 1; *p; p++)
        if (*p == '/') {
            *p = '\0';
            if (mkdir(buf, 0777) && errno != EEXIST)
                return mf_error_at(err, MF_EIO, path,
                                   "cannot create the folder");
            *p = '/';
        }
    if (mkdir(buf, 0777) && errno != EEXIST)
        return mf_error_at(err, MF_EIO, path, "cannot create the folder");
    return MF_OK;
}

void app_report_step(app_progress_fn fn, void *ctx, enum app_step step,
                     const char *what, size_t done, size_t total)
{
    struct app_progress p;

    if (!fn)
        return;
    p.step = step;
    p.what = what;
    p.done = done;
    p.total = total;
    fn(ctx, &p);
}

int app_document(struct app_session *s, const char *kind, const char *name,
                 char **json, struct mf_error *err)
{
    struct store *st;
    int rc;

    *json = NULL;
    if ((rc = app_store(s, 0, &st, err)))
        return rc;
    return st->ops->get_doc(st, kind, name, json, err);
}
