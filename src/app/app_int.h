/*
 * app_int.h - what the files of src/app/ share: the context and the
 * session, opening the store and loading the registry, and small helpers.
 * Only the files of src/app/ include it (and store.h through it);
 * callers of the layer see app.h alone.
 */
#ifndef MF_APP_APP_INT_H
#define MF_APP_APP_INT_H

#include "app.h"
#include "store.h"

#include <pthread.h>

struct app {
    struct app_config cfg;
    /* Guards the loading of cat and fx; once set they are only read. */
    pthread_mutex_t mu;
    struct mf_catalog *cat;
    struct mf_factors *fx;
};

struct app_session {
    struct app *app;
    struct store *store; /* opened on first use; this thread's only */
};

/* The session's store, opened on first use; with create, a missing
 * database is created (init), else it is MF_ENOTFOUND. */
int app_store(struct app_session *s, int create, struct store **out,
              struct mf_error *err);

/* A registry loaded from the store (the catalogue first, then the store,
 * then the records): with_lots 0 leaves the lots out (imports need only
 * what lots refer to). The caller frees it with mf_registry_free. */
int app_load(struct app_session *s, int with_lots, struct mf_registry **out,
             struct mf_error *err);

/* The rules date of a request: its own, else the config's. */
int32_t app_as_of(const struct app *app, int32_t as_of);

/* The scenario folder: given, else the config's, else DATA/demo/scenarios
 * (written into buf). */
const char *app_scenario_dir(const struct app *app, const char *given,
                             char *buf, size_t len);

/* Runs names[0..n-1] against reg, each stored as a "scenario" document,
 * titles and descriptions in lang. On failure every run is freed. */
int app_run_scenarios(struct app_session *s, const char *dir,
                      const char *const *names, int n, const char *lang,
                      int32_t as_of, const struct mf_registry *reg,
                      const struct mf_factors *fx,
                      struct mf_scenario_result *runs, app_progress_fn progress,
                      void *progress_ctx, struct mf_error *err);
/* The same, each plan asking stop(stop_ctx, pivots) (NULL = never). */
int app_run_scenarios_stop(struct app_session *s, const char *dir,
                           const char *const *names, int n, const char *lang,
                           int32_t as_of, const struct mf_registry *reg,
                           const struct mf_factors *fx,
                           struct mf_scenario_result *runs,
                           app_progress_fn progress, void *progress_ctx,
                           int (*stop)(void *ctx, int64_t pivots),
                           void *stop_ctx, struct mf_error *err);

/* The organisation a record belongs to (store.h's rules: a project's
 * org; a site's, else its project's; a lot's project's, else its
 * site's), looked up in reg (may be NULL: then only the record's own);
 * NULL for none. */
const char *app_record_org(const struct mf_registry *reg, enum mf_entity e,
                           const void *rec);

/* The flows of the lots with lot_in[i] set, summed over the periods by
 * far end (app.h's struct app_scope_flow); *out is the caller's to free. */
int app_scope_flows(const struct mf_plan *plan, const struct mf_registry *reg,
                    const unsigned char *lot_in, struct app_scope_flow **out,
                    size_t *n_out, struct mf_error *err);

/* Creates a folder and its parents; MF_EIO names it when it cannot. */
int app_mkdir_p(const char *path, struct mf_error *err);

void app_report_step(app_progress_fn fn, void *ctx, enum app_step step,
                     const char *what, size_t done, size_t total);

#endif
