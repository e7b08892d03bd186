/*
 * report.c - app_report: the whole report pipeline. Stage 1 the balance;
 * stages 2 and 3 the scenarios (the first the reference), their
 * differences explained, the sensitivity of the reference; then the HTML,
 * the XLSX workbook, a CSV file per table, and the PDF.
 *
 * The PDF is printed from the HTML by headless Chromium, which gives the
 * best layout, where the configuration names one: through the runner
 * (runner.h: no shell, its own process group, stdio on /dev/null, a
 * throwaway profile in the run's folder, killed with its helpers when it
 * overruns CHROMIUM_TIMEOUT_MS), into the run's folder, then copied over
 * the target with mf_write_file once it is checked to be a PDF. Where
 * there is no Chromium, or it fails, the library draws the same content
 * with cairo (mf_report_pdf_cairo).
 */
#include "app_int.h"

#include "masseflyt/impact.h"
#include "masseflyt/output.h"
#include "masseflyt/report.h"
#include "masseflyt/weighbridge.h"
#include "runner.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define CHROMIUM_TIMEOUT_MS (120 * 1000)

/* ------------------------------------------------------------------ */
/* The PDF                                                              */
/* ------------------------------------------------------------------ */

/* "file://" and the absolute path, percent-encoded. */
static int file_url(const char *path, char *url, size_t len)
{
    char abs[PATH_MAX];
    const unsigned char *p;
    size_t o;

    if (!realpath(path, abs))
        return -1;
    o = (size_t)snprintf(url, len, "file://");
    for (p = (const unsigned char *)abs; *p; p++) {
        if (o + 4 >= len)
            return -1;
        if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
            (*p >= '0' && *p <= '9') || strchr("/-._~", *p))
            url[o++] = (char)*p;
        else
            o += (size_t)snprintf(url + o, len - o, "%%%02X", *p);
    }
    url[o] = '\0';
    return 0;
}

static int is_pdf(const char *path)
{
    char head[5] = {0};
    FILE *f = fopen(path, "rb");
    size_t n;

    if (!f)
        return 0;
    n = fread(head, 1, 4, f);
    fclose(f);
    return n == 4 && !memcmp(head, "%PDF", 4);
}

static int copy_file(void *ctx, FILE *out, struct mf_error *err)
{
    const char *path = ctx;
    FILE *in = fopen(path, "rb");
    char buf[65536];
    size_t n;
    int rc = MF_OK;

    if (!in)
        return mf_error_at(err, MF_EIO, path, "cannot read");
    while ((n = fread(buf, 1, sizeof buf, in)) > 0)
        if (fwrite(buf, 1, n, out) != n) {
            rc = mf_error_set(err, MF_EIO, "writing the PDF failed");
            break;
        }
    if (rc == MF_OK && ferror(in))
        rc = mf_error_at(err, MF_EIO, path, "cannot read");
    fclose(in);
    return rc;
}

static int executable(const char *path)
{
    struct stat st;

    return *path && stat(path, &st) == 0 && S_ISREG(st.st_mode) &&
           access(path, X_OK) == 0;
}

/* 1 when Chromium printed html_path into pdf_path; 0 when there is none,
 * or it failed (the caller draws the PDF with cairo); or a negative
 * status when the printed PDF could not be put in place. */
static int print_with_chromium(const struct app_config *cfg,
                               const char *html_path, const char *pdf_path,
                               struct mf_error *err)
{
    char url[3 * PATH_MAX + 16], udd[APP_PATH_MAX + 32], pdf[APP_PATH_MAX + 32],
        out[APP_PATH_MAX + 16], profile[APP_PATH_MAX + 16];
    struct runner run = {{0}};
    struct runner_result rr;
    int rc = 0;

    if (!executable(cfg->chromium) || file_url(html_path, url, sizeof url) ||
        runner_begin(&run, cfg->tmp_dir, NULL))
        return 0;
    snprintf(profile, sizeof profile, "%s/profile", run.dir);
    snprintf(out, sizeof out, "%s/report.pdf", run.dir);
    snprintf(udd, sizeof udd, "--user-data-dir=%s", profile);
    snprintf(pdf, sizeof pdf, "--print-to-pdf=%s", out);
    {
        const char *argv[] = {cfg->chromium,
                              "--headless",
                              "--no-sandbox",
                              "--disable-gpu",
                              "--disable-quic",
                              "--no-first-run",
                              "--disable-background-networking",
                              "--disable-component-update",
                              "--disable-sync",
                              udd,
                              "--no-pdf-header-footer",
                              pdf,
                              url,
                              NULL};
        if (mkdir(profile, 0700) == 0 &&
            runner_run(&run, argv, CHROMIUM_TIMEOUT_MS, &rr, NULL) == MF_OK &&
            rr.exited && rr.status == 0 && is_pdf(out)) {
            rc = mf_write_file(pdf_path, 0, copy_file, out, err);
            if (rc == MF_OK)
                rc = 1;
        }
    }
    runner_end(&run);
    return rc;
}

/* The PDF of the report; *made says how it was made. */
static int write_pdf(const struct app_config *cfg,
                     const struct mf_report_input *in, const char *html_path,
                     const char *pdf_path, const char **made,
                     struct mf_error *err)
{
    int rc = print_with_chromium(cfg, html_path, pdf_path, err);

    if (rc < 0)
        return rc;
    if (rc == 1) {
        *made = "chromium";
        return MF_OK;
    }
    rc = mf_report_pdf_cairo(in, pdf_path, err);
    if (rc == MF_OK)
        *made = "cairo";
    return rc;
}

/* ------------------------------------------------------------------ */
/* The pipeline                                                         */
/* ------------------------------------------------------------------ */

static int html_out(void *ctx, FILE *f, struct mf_error *err)
{
    return mf_report_html(ctx, f, err);
}

struct work {
    struct mf_registry *reg;
    struct mf_balance *balance;
    struct mf_scenario_result *runs;
    int n_runs;
    char *notes[APP_MAX_SCENARIOS][APP_MAX_NOTES];
    char **note_lists[APP_MAX_SCENARIOS];
    int n_notes[APP_MAX_SCENARIOS];
    struct mf_scenario *base;
    struct mf_tornado *tornado;
    char **listed; /* the folder's names, when none were given */
    int n_listed;
    struct app_scope_sel sel;     /* what of the registry is in the scope */
    struct app_scope_sel ref_sel; /* the same in the reference's registry */
    struct mf_options *options;   /* of the scope's lots */
    int n_options;
    struct mf_plan *opt_plan;    /* the plan `options` asks (app_options) */
    struct app_custody *custody; /* the load tickets, for actual flows */
};

static void work_free(struct work *w)
{
    int i, k;

    for (i = 0; i < w->n_runs; i++) {
        mf_scenario_result_free(&w->runs[i]);
        for (k = 0; k < w->n_notes[i]; k++)
            free(w->notes[i][k]);
    }
    free(w->runs);
    mf_tornado_free(w->tornado);
    mf_scenario_free(w->base);
    mf_balance_free(w->balance);
    mf_registry_free(w->reg);
    app_names_free(w->listed, w->n_listed);
    app_scope_sel_free(&w->sel);
    app_scope_sel_free(&w->ref_sel);
    for (i = 0; i < w->n_options; i++)
        mf_options_free(&w->options[i]);
    free(w->options);
    mf_plan_free(w->opt_plan);
    app_custody_free(w->custody);
}

/* The lots of the scope in the reference scenario's registry (its plan's
 * indices), and the alternatives of each: the query behind `options`
 * (app_options: mf_plan_options over the plan of the whole registry with
 * the default options), so the report and `options LOT` agree. */
static int scope_part(struct work *w, const struct app_report_opts *opts,
                      const struct mf_factors *fx, int32_t as_of,
                      const char *lang, struct mf_report_scope *out,
                      char *title, size_t len, struct mf_error *err)
{
    const struct app_scope *sc = &opts->scope;
    const struct mf_registry *reg = w->runs[0].reg ? w->runs[0].reg : w->reg;
    size_t n = mf_registry_count(w->reg, MF_ENT_LOT), i;
    struct mf_plan_opts po = MF_PLAN_OPTS_INIT;
    int rc;

    po.as_of = as_of;
    po.stop = opts->stop;
    po.stop_ctx = opts->stop_ctx;
    if ((rc = app_scope_select(sc, reg, &w->ref_sel, err)))
        return rc;
    w->options = calloc(w->ref_sel.n_lots + 1, sizeof *w->options);
    if (!w->options)
        return mf_error_set(err, MF_ENOMEM, "out of memory");
    if (w->ref_sel.n_lots &&
        (rc = mf_plan_solve(w->reg, fx, &po, &w->opt_plan, err)))
        return rc;
    for (i = 0; i < n && w->opt_plan; i++) {
        if (!w->ref_sel.lot[i])
            continue;
        rc = mf_plan_options(w->opt_plan, w->reg,
                             mf_registry_lot_at(w->reg, i)->id,
                             &w->options[w->n_options], err);
        if (rc)
            return rc;
        w->n_options++;
    }
    memset(out, 0, sizeof *out);
    out->title = app_scope_text(sc, lang, title, len);
    out->lot = w->ref_sel.lot;
    out->site = w->ref_sel.site;
    out->options = w->options;
    out->n_options = w->n_options;
    return MF_OK;
}

/* MF_ERR "stopped" when the caller asks the report to stop. */
static int stopped(const struct app_report_opts *o, struct mf_error *err)
{
    if (o->stop && o->stop(o->stop_ctx, 0))
        return mf_error_set(err, MF_ERR, "stopped");
    return MF_OK;
}

int app_report(struct app_session *s, const struct app_report_opts *opts,
               struct app_report_result *res, struct mf_error *err)
{
    const struct app_config *cfg = &s->app->cfg;
    const char *out_dir = opts->out_dir ? opts->out_dir : "out/report";
    const char *lang = opts->lang ? opts->lang : "nb";
    const char *const *names = opts->names;
    int32_t as_of = app_as_of(s->app, opts->as_of);
    struct mf_balance_opts bo = MF_BALANCE_OPTS_INIT;
    struct mf_plan_opts po = MF_PLAN_OPTS_INIT;
    app_progress_fn step = opts->progress;
    void *sctx = opts->progress_ctx;
    const struct mf_catalog *cat;
    const struct mf_factors *fx;
    struct mf_report_input in;
    struct work w;
    char dbuf[APP_PATH_MAX], path[APP_PATH_MAX + 32], html[APP_PATH_MAX + 32],
        today[16];
    const char *dir;
    struct mf_practice pr;
    struct mf_report_scope scope;
    struct mf_custody_params cparams;
    char scope_title[200];
    int n = opts->n, i, rc;

    memset(res, 0, sizeof *res);
    memset(&w, 0, sizeof w);
    if (strcmp(lang, "nb") && strcmp(lang, "en"))
        return mf_error_set(err, MF_EINVAL,
                            "the report's language is nb or "
                            "en, not '%s'",
                            lang);
    dir = app_scenario_dir(s->app, opts->dir, dbuf, sizeof dbuf);
    if (n == 0) {
        if ((rc = app_scenario_names(s->app, dir, &w.listed, &w.n_listed, err)))
            return rc;
        names = (const char *const *)w.listed;
        n = w.n_listed;
    }
    if (n > APP_MAX_SCENARIOS) {
        rc = mf_error_set(err, MF_EINVAL, "at most %d scenarios in a report",
                          APP_MAX_SCENARIOS);
        goto done;
    }
    if ((rc = app_load(s, 1, &w.reg, err)) ||
        (rc = app_factors(s->app, &fx, err)) ||
        (rc = app_catalog(s->app, &cat, err)) ||
        (rc = mf_practice_load(&pr, mf_catalog_dir(cat), err)) ||
        (rc = app_scope_select(&opts->scope, w.reg, &w.sel, err)) ||
        (rc = app_mkdir_p(out_dir, err)))
        goto done;
    /* Stage 1: the balance. */
    if ((rc = stopped(opts, err)))
        goto done;
    app_report_step(step, sctx, APP_STEP_REPORT, "balance", 0, 0);
    bo.as_of = as_of;
    if ((rc = mf_balance_compute(w.reg, &bo, &w.balance, err)))
        goto done;
    /* Stages 2 and 3: the scenarios, the first being the reference, and
     * the sensitivity of the reference. */
    if ((rc = stopped(opts, err)))
        goto done;
    app_report_step(step, sctx, APP_STEP_REPORT, "scenarios", 0, 0);
    w.runs = calloc((size_t)n, sizeof *w.runs);
    if (!w.runs) {
        rc = mf_error_set(err, MF_ENOMEM, "out of memory");
        goto done;
    }
    if ((rc = app_run_scenarios_stop(s, dir, names, n, lang, as_of, w.reg, fx,
                                     w.runs, step, sctx, opts->stop,
                                     opts->stop_ctx, err)))
        goto done;
    w.n_runs = n;
    for (i = 0; i < n; i++) {
        w.note_lists[i] = w.notes[i];
        if (i > 0)
            w.n_notes[i] = mf_scenario_explain_diff(
                &w.runs[0], &w.runs[i], lang, w.notes[i], APP_MAX_NOTES);
    }
    if ((rc = stopped(opts, err)))
        goto done;
    app_report_step(step, sctx, APP_STEP_REPORT, "sensitivity", 0, 0);
    po.as_of = as_of;
    po.stop = opts->stop;
    po.stop_ctx = opts->stop_ctx;
    if ((rc = mf_scenario_load(&w.base, dir, names[0], err)) ||
        (rc = mf_sensitivity_run(w.base, w.reg, fx, &po, &w.tornado, err)))
        goto done;
    memset(&in, 0, sizeof in);
    if (opts->scope.kind != APP_SCOPE_ALL) {
        if ((rc = stopped(opts, err)))
            goto done;
        app_report_step(step, sctx, APP_STEP_REPORT, "scope", 0, 0);
        if ((rc = scope_part(&w, opts, fx, as_of, lang, &scope, scope_title,
                             sizeof scope_title, err)))
            goto done;
        in.scope = &scope;
    }
    in.title = opts->title ? opts->title : "masseflyt";
    in.lang = lang;
    in.generated = mf_date_format(mf_catalog_today(cat), today, sizeof today);
    /* The reference scenario's registry: its plan's indices refer to it,
     * and it holds the sites the scenario adds (the lots are the same). */
    in.reg = w.runs[0].reg ? w.runs[0].reg : w.reg;
    in.factors = fx;
    in.data_dir = cfg->data_dir;
    in.balance = w.balance;
    in.baseline = w.runs[0].baseline;
    in.practice = w.runs[0].practice;
    in.practice_params = &pr;
    in.plan = w.runs[0].plan;
    in.scenarios = w.runs;
    in.n_scenarios = n;
    in.notes = (char **const *)w.note_lists;
    in.n_notes = w.n_notes;
    in.tornado = w.tornado;
    /* Actual flows: the tickets up to the end of the report's day. */
    if ((rc = stopped(opts, err)))
        goto done;
    app_report_step(step, sctx, APP_STEP_REPORT, "custody", 0, 0);
    if ((rc = app_custody_load(s, &w.custody, err)) ||
        (rc = mf_custody_params_load(&cparams, cfg->data_dir, err)))
        goto done;
    in.custody = &w.custody->data;
    in.custody_params = &cparams;
    in.custody_as_of = MF_TIME_NONE;
    if (as_of != MF_DATE_NONE) {
        /* The end of the day in Norwegian local time, as the custody
         * commands read times. */
        char day[16], end[32];
        snprintf(end, sizeof end, "%s 23:59",
                 mf_date_format(as_of, day, sizeof day));
        if ((rc = mf_time_parse(end, &in.custody_as_of, err)))
            goto done;
        in.custody_as_of += 59;
    }
    if ((rc = stopped(opts, err)))
        goto done;
    app_report_step(step, sctx, APP_STEP_REPORT, "html", 0, 0);
    snprintf(html, sizeof html, "%s/report.html", out_dir);
    if ((rc = mf_write_file(html, 0, html_out, &in, err)))
        goto done;
    if ((rc = stopped(opts, err)))
        goto done;
    app_report_step(step, sctx, APP_STEP_REPORT, "xlsx", 0, 0);
    snprintf(path, sizeof path, "%s/report.xlsx", out_dir);
    if ((rc = mf_report_xlsx(&in, path, err)))
        goto done;
    if ((rc = stopped(opts, err)))
        goto done;
    app_report_step(step, sctx, APP_STEP_REPORT, "csv", 0, 0);
    snprintf(path, sizeof path, "%s/csv", out_dir);
    if ((rc = app_mkdir_p(path, err)))
        goto done;
    if ((rc = mf_report_csv(&in, path, err)) < 0)
        goto done;
    rc = MF_OK;
    if (!opts->no_pdf) {
        if ((rc = stopped(opts, err)))
            goto done;
        app_report_step(step, sctx, APP_STEP_REPORT, "pdf", 0, 0);
        snprintf(path, sizeof path, "%s/report.pdf", out_dir);
        if ((rc = write_pdf(cfg, &in, html, path, &res->pdf_made, err)))
            goto done;
    }
    res->n_scenarios = n;
    snprintf(res->reference, sizeof res->reference, "%s", w.runs[0].name);
done:
    work_free(&w);
    return rc;
}
