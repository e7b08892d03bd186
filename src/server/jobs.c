/*
 * jobs.c - long work outside the request. POST /api/v1/plans,
 * /api/v1/scenarios and /api/v1/reports queue a job in the store's job
 * table (migration 020, store.h's job entries) and answer 202 at once.
 * Every server process runs one worker thread that takes the oldest
 * waiting job (job_claim: PostgreSQL's FOR UPDATE SKIP LOCKED, SQLite's
 * single writer) under a lease, runs it on its own app session through
 * the app's use cases, and writes its outcome with its state in one
 * transaction: a plan's stored document (the summary app_plan_save
 * stores) commits together with the job's success, so a job retried
 * after its worker died never stores its plan twice, and a killed worker
 * leaves nothing half-written; a scenario comparison (app_scenarios_run)
 * is kept in the job as JSON, every measure of each scenario against
 * today's practice and the ranking against the reference; a report
 * (app_report) is written to a private temporary folder and its file's
 * bytes kept in the job, the folder removed.
 *
 * A second thread of the process renews the lease of the job it runs
 * every JOBS_BEAT_MS and writes its stage and progress; a job whose lease
 * ran out (its process was killed) is taken again by any worker, at most
 * JOBS_MAX_ATTEMPTS times, then failed. GET /api/v1/jobs/{id} gives the
 * state, the stage, the progress and the result's address (GET
 * /api/v1/jobs/{id}/result for comparisons and reports), from any
 * process; DELETE asks it to stop: a queued job is cancelled at once, a
 * running one by its worker, which learns of it at its next beat (at
 * once when the same process was asked): a plan or comparison is stopped
 * by the planner, which asks between pricing rounds and every 1,024
 * pivots (mf_plan_opts.stop); a report before its next part
 * (app_report_opts.stop) or in its planner, and what it wrote is thrown
 * away. A server that stops lets its running job go, for another to take.
 *
 * Finished jobs are kept JOBS_KEEP_S. A job is seen only by who started
 * it and by administrators (anyone else gets 404).
 */
#include "accounts.h"
#include "srv_int.h"

#include "app.h"

#include "masseflyt/indicators.h"
#include "masseflyt/plan.h"

#include <errno.h>
#include <ftw.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

/* How long a finished job is kept. */
#define JOBS_KEEP_S (7 * 24 * 3600)
/* A worker's lease on a job (serve --job-lease) is renewed every
 * JOBS_BEAT_MS while the job runs. */
#define JOBS_BEAT_MS 1000
/* How often an idle worker looks for a job queued by another process. */
#define JOBS_POLL_MS 1000
/* Attempts before a job whose worker keeps dying is failed. */
#define JOBS_MAX_ATTEMPTS 3
/* The largest report file kept in a job. */
#define JOBS_RESULT_MAX (256L * 1024 * 1024)

enum job_kind { K_PLAN = 0, K_SCENARIOS, K_REPORT };

static const char *const kind_names[] = {"plan", "scenarios", "report"};

/* The report's formats: the file app_report writes, its media type. */
static const struct {
    const char *name, *file, *ctype;
} formats[] = {
    {"html", "report.html", "text/html; charset=utf-8"},
    {"pdf", "report.pdf", "application/pdf"},
    {"xlsx", "report.xlsx",
     "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"},
};

/* What a job does: its parameters, as the store keeps them in JSON
 * (params_text, params_read). */
struct job {
    enum job_kind kind;
    /* what to plan */
    char name[65];
    char municipality[8];
    char by[256]; /* who asked: the account's e-mail */
    int32_t from, to;
    /* scenarios and reports: the scenarios (none: a report takes every
     * one), the language, the report's format (an index in formats) */
    char names[APP_MAX_SCENARIOS][65];
    int n_names;
    char lang[4];
    int format;
    struct app_scope scope; /* a report's area; APP_SCOPE_ALL: the region */
    char area[200];         /* the area as text, in lang */
};

/* The job this process runs. */
struct running {
    int64_t id;
    enum job_kind kind;
    atomic_int cancel; /* asked to stop (DELETE) */
    atomic_int halt;   /* the server stops: let the job go */
    atomic_int lost;   /* another worker holds it now */
    atomic_llong pivots;
    char stage[80];  /* under the table's lock */
    double progress; /* 0 to 1, under the table's lock */
};

struct jobs {
    pthread_mutex_t mu;
    pthread_cond_t cv;      /* a job queued here; stopping */
    pthread_cond_t bcv;     /* stopping (the heartbeat's) */
    pthread_t worker, beat; /* the worker, its lease's heartbeat */
    int stopping;
    int woken;   /* a job was queued by this process */
    char me[64]; /* the worker's name in leases: host:pid */
    int64_t lease_s;
    struct store *wst, *bst; /* the worker's and the heartbeat's stores */
    struct running *cur;     /* the job running, NULL when none */
};

static int stop_asked(void *ctx, int64_t pivots)
{
    struct running *j = ctx;

    atomic_store(&j->pivots, (long long)pivots);
    return atomic_load(&j->cancel) || atomic_load(&j->halt) ||
           atomic_load(&j->lost);
}

static void set_stage(struct jobs *js, struct running *j, const char *stage)
{
    pthread_mutex_lock(&js->mu);
    snprintf(j->stage, sizeof j->stage, "%s", stage);
    pthread_mutex_unlock(&js->mu);
}

static int rm_one(const char *path, const struct stat *sb, int flag,
                  struct FTW *ftw)
{
    (void)sb;
    (void)flag;
    (void)ftw;
    remove(path);
    return 0;
}

struct run_ctx {
    struct jobs *js;
    struct running *j;
};

/* Progress of a comparison or a report: the stage and a share done. */
static void on_progress(void *ctx, const struct app_progress *p)
{
    struct run_ctx *c = ctx;
    struct running *j = c->j;
    double share = 0;

    pthread_mutex_lock(&c->js->mu);
    if (p->step == APP_STEP_SCENARIO && p->total > 0) {
        share = (double)p->done / (double)p->total;
        snprintf(j->stage, sizeof j->stage, "scenario %s", p->what);
        j->progress = j->kind == K_REPORT ? 0.1 + 0.5 * share : 0.95 * share;
    } else if (p->step == APP_STEP_REPORT) {
        static const struct {
            const char *part;
            double at;
        } parts[] = {{"balance", 0.05},     {"scenarios", 0.1},
                     {"sensitivity", 0.65}, {"html", 0.8},
                     {"xlsx", 0.85},        {"csv", 0.9},
                     {"pdf", 0.92}};
        size_t i;
        snprintf(j->stage, sizeof j->stage, "%s", p->what);
        for (i = 0; i < sizeof parts / sizeof parts[0]; i++)
            if (!strcmp(parts[i].part, p->what) && parts[i].at > j->progress)
                j->progress = parts[i].at;
    }
    pthread_mutex_unlock(&c->js->mu);
}

/* A number for JSON (which has no NaN: 0 instead). */
static json_t *num(double v)
{
    return json_real(v == v ? v : 0.0);
}

/* The indicators of one plan in their display units, keyed as CSV and
 * JSON name them (mf_indicator.key). */
static json_t *values_json(const struct mf_indicators *x)
{
    json_t *o = json_object();
    int i;

    for (i = 0; o && i < mf_indicators_count(); i++) {
        const struct mf_indicator *d = mf_indicator_at(i);
        if (d->flags & MF_IND_TABLE)
            json_object_set_new(o, d->key, num(mf_indicator_value(x, d)));
    }
    return o;
}

/* The comparison: the indicator rows, one column per scenario (today's
 * practice first, as `scenario compare` shows it), the ranking of the
 * measures against the reference, the main differences. */
static char *scenarios_json(const struct app_scenarios_result *res,
                            const char *lang)
{
    const struct mf_scenario_result *runs = res->runs;
    json_t *o = json_object(), *rows = json_array(), *cols = json_array(),
           *meas = json_array();
    struct mf_measure m[APP_MAX_SCENARIOS];
    const struct mf_indicators *ind[APP_MAX_SCENARIOS];
    const char *mnames[APP_MAX_SCENARIOS];
    char text[2048];
    char *out = NULL;
    int i, k;

    if (!o || !rows || !cols || !meas || res->n < 1)
        goto done;
    for (i = 0; i < mf_indicators_count(); i++) {
        const struct mf_indicator *d = mf_indicator_at(i);
        if (d->flags & MF_IND_TABLE)
            json_array_append_new(
                rows, json_pack("{s:s, s:s, s:i, s:b, s:s, s:s}", "key", d->key,
                                "unit", d->unit, "decimals", d->decimals,
                                "share", d->share, "label_nb", d->label_nb,
                                "label_en", d->label_en));
    }
    json_array_append_new(
        cols,
        json_pack("{s:s, s:s, s:b, s:o}", "name", "practice", "title",
                  strcmp(lang, "nb") ? "Today's practice" : "Dagens praksis",
                  "practice", 1, "values",
                  values_json(&runs[0].practice->ind)));
    for (i = 0; i < res->n; i++) {
        json_t *notes = json_array(), *c;
        for (k = 0; notes && k < res->n_notes[i]; k++)
            json_array_append_new(notes, json_string(res->notes[i][k]));
        c = json_pack("{s:s, s:s, s:s, s:b, s:o, s:o}", "name", runs[i].name,
                      "title", runs[i].title, "description",
                      runs[i].description, "reference", i == 0, "values",
                      values_json(&runs[i].plan->ind), "notes",
                      notes ? notes : json_array());
        if (c && runs[i].requirement > 0)
            json_object_set_new(c, "requirement",
                                json_pack("{s:o, s:o, s:o, s:b}", "share",
                                          num(runs[i].requirement), "reached",
                                          num(runs[i].public_reuse_rate),
                                          "surcharge_nok_t",
                                          num(runs[i].public_surcharge), "met",
                                          runs[i].requirement_met));
        json_array_append_new(cols, c);
    }
    for (i = 1; i < res->n; i++) {
        mnames[i - 1] = runs[i].name;
        ind[i - 1] = &runs[i].plan->ind;
    }
    text[0] = '\0';
    if (res->n > 1 &&
        !mf_measures_rank(&runs[0].plan->ind, ind, res->n - 1, m)) {
        for (i = 0; i < res->n - 1; i++)
            json_array_append_new(
                meas,
                json_pack("{s:s, s:i, s:i, s:o, s:o, s:b, s:o, s:o, s:o}",
                          "name", mnames[i], "rank_abatement",
                          m[i].rank_abatement, "rank_reuse", m[i].rank_reuse,
                          "d_cost_society_nok", num(m[i].d_cost_society),
                          "co2e_avoided_t", num(m[i].co2e_avoided_kg / 1000),
                          "abates", m[i].abates, "nok_per_t_co2e",
                          m[i].abates ? num(m[i].nok_per_t_co2e) : json_null(),
                          "reused_t", num(m[i].reused_t), "d_reused_t",
                          num(m[i].d_reused_t)));
        mf_measures_conclusion(m, res->n - 1, mnames, runs[0].name, lang, text,
                               sizeof text);
    }
    json_object_set_new(o, "reference", json_string(runs[0].name));
    json_object_set_new(o, "lang", json_string(lang));
    json_object_set_new(o, "indicators", rows);
    json_object_set_new(o, "columns", cols);
    json_object_set_new(o, "measures", meas);
    json_object_set_new(o, "conclusion", json_string(text));
    rows = cols = meas = NULL;
    out = json_dumps(o, JSON_COMPACT | JSON_REAL_PRECISION(10));
done:
    json_decref(rows);
    json_decref(cols);
    json_decref(meas);
    json_decref(o);
    return out;
}

/* The area of a report: an object with one of the scope's options, named
 * as app_scope_set names them without the dashes (project, organisation,
 * municipality, county, near and radius, bbox), each a string as the CLI
 * takes it ("bbox": "W,S,E,N"; bbox and near may also be arrays of
 * numbers); NULL, null or {}: the whole region. 0, or -1 with what is
 * wrong in detail and where ("area" or "area.NAME"). */
static int area_scope(json_t *a, struct app_scope *sc, char *detail,
                      size_t dlen, char *where, size_t wlen)
{
    json_t *v;
    struct mf_error err = {0};
    const char *k;
    char opt[40], val[200];

    *sc = (struct app_scope)APP_SCOPE_INIT;
    snprintf(where, wlen, "area");
    if (!a || json_is_null(a))
        return 0;
    if (!json_is_object(a)) {
        snprintf(detail, dlen, "%s",
                 "must be an object naming one part of the region, e.g. "
                 "{\"municipality\":\"3301\"}");
        return -1;
    }
    json_object_foreach(a, k, v)
    {
        snprintf(opt, sizeof opt, "--%.30s", k);
        snprintf(where, wlen, "area.%.30s", k);
        val[0] = '\0';
        if (json_is_string(v)) {
            snprintf(val, sizeof val, "%s", json_string_value(v));
        } else if (json_is_number(v)) {
            snprintf(val, sizeof val, "%.10g", json_number_value(v));
        } else if (json_is_array(v)) {
            size_t i, used = 0;
            json_t *e;
            json_array_foreach(v, i, e)
            {
                int n = json_is_number(e)
                            ? snprintf(val + used, sizeof val - used, "%s%.10g",
                                       i ? "," : "", json_number_value(e))
                            : snprintf(val + used, sizeof val - used, "%sx",
                                       i ? "," : "");
                if (n < 0 || (size_t)n >= sizeof val - used)
                    break;
                used += (size_t)n;
            }
        }
        if (!app_scope_is_option(opt)) {
            snprintf(detail, dlen, "%s",
                     "unknown area; one of project, organisation, "
                     "municipality, county, near and radius, bbox");
            return -1;
        }
        if (app_scope_set(sc, opt, val, &err)) {
            snprintf(detail, dlen, "%s", err.message);
            return -1;
        }
    }
    snprintf(where, wlen, "area");
    if (app_scope_done(sc, &err)) {
        snprintf(detail, dlen, "%s", err.message);
        return -1;
    }
    return 0;
}

/* The job's parameters as JSON text (malloc'ed; NULL out of memory);
 * area is a report's "area" member as it was sent (NULL: none). */
static char *params_text(const struct job *j, json_t *area)
{
    json_t *o = json_object(), *names = json_array();
    char *out = NULL;
    int i;

    if (!o || !names)
        goto done;
    if (j->kind == K_PLAN) {
        json_object_set_new(o, "name", json_string(j->name));
        json_object_set_new(o, "municipality",
                            j->municipality[0] ? json_string(j->municipality)
                                               : json_null());
        json_object_set_new(o, "from",
                            j->from == MF_DATE_NONE ? json_null()
                                                    : json_integer(j->from));
        json_object_set_new(
            o, "to", j->to == MF_DATE_NONE ? json_null() : json_integer(j->to));
        json_object_set_new(o, "by",
                            j->by[0] ? json_string(j->by) : json_null());
    } else {
        for (i = 0; i < j->n_names; i++)
            json_array_append_new(names, json_string(j->names[i]));
        json_object_set(o, "scenarios", names);
        json_object_set_new(o, "lang", json_string(j->lang));
    }
    if (j->kind == K_REPORT) {
        json_object_set_new(o, "format", json_string(formats[j->format].name));
        json_object_set(o, "area", area ? area : json_null());
        json_object_set_new(o, "area_text", json_string(j->area));
    }
    out = json_dumps(o, JSON_COMPACT);
done:
    json_decref(names);
    json_decref(o);
    return out;
}

/* Reads a job's kind and parameters back into j; a report's area is
 * made again with area_scope when with_scope is set. 0, or -1 with what
 * is wrong in detail. */
static int params_read(const struct store_job *sj, struct job *j,
                       int with_scope, char *detail, size_t dlen)
{
    json_t *o, *v, *e;
    size_t i;
    int k, rc = -1;

    memset(j, 0, sizeof *j);
    j->from = j->to = MF_DATE_NONE;
    j->scope = (struct app_scope)APP_SCOPE_INIT;
    for (k = 0; k < 3 && strcmp(sj->kind, kind_names[k]); k++)
        ;
    if (k == 3) {
        snprintf(detail, dlen, "unknown kind of job '%.20s'", sj->kind);
        return -1;
    }
    j->kind = (enum job_kind)k;
    if (!(o = json_loads(sj->params ? sj->params : "", 0, NULL)) ||
        !json_is_object(o)) {
        snprintf(detail, dlen, "the job's parameters are not JSON");
        goto done;
    }
    if ((v = json_object_get(o, "name")) && json_is_string(v))
        snprintf(j->name, sizeof j->name, "%s", json_string_value(v));
    if ((v = json_object_get(o, "municipality")) && json_is_string(v))
        snprintf(j->municipality, sizeof j->municipality, "%s",
                 json_string_value(v));
    if ((v = json_object_get(o, "by")) && json_is_string(v))
        snprintf(j->by, sizeof j->by, "%s", json_string_value(v));
    if ((v = json_object_get(o, "from")) && json_is_integer(v))
        j->from = (int32_t)json_integer_value(v);
    if ((v = json_object_get(o, "to")) && json_is_integer(v))
        j->to = (int32_t)json_integer_value(v);
    json_array_foreach(json_object_get(o, "scenarios"), i, e)
    {
        if (j->n_names < APP_MAX_SCENARIOS && json_is_string(e))
            snprintf(j->names[j->n_names++], sizeof j->names[0], "%s",
                     json_string_value(e));
    }
    snprintf(j->lang, sizeof j->lang, "%s",
             json_is_string(json_object_get(o, "lang"))
                 ? json_string_value(json_object_get(o, "lang"))
                 : "nb");
    for (i = 0; i < sizeof formats / sizeof formats[0]; i++)
        if (json_is_string(v = json_object_get(o, "format")) &&
            !strcmp(json_string_value(v), formats[i].name))
            j->format = (int)i;
    if ((v = json_object_get(o, "area_text")) && json_is_string(v))
        snprintf(j->area, sizeof j->area, "%s", json_string_value(v));
    if (j->kind == K_PLAN && !j->name[0]) {
        snprintf(detail, dlen, "the plan job names no plan");
        goto done;
    }
    if (with_scope && j->kind == K_REPORT) {
        char where[48];
        if (area_scope(json_object_get(o, "area"), &j->scope, detail, dlen,
                       where, sizeof where))
            goto done;
    }
    rc = 0;
done:
    json_decref(o);
    return rc;
}

/* Runs a scenario comparison (js->mu not held); the JSON in f. */
static int run_scenarios(struct srv *srv, struct running *rj,
                         const struct job *j, struct store_job *f,
                         struct mf_error *err)
{
    struct app_scenarios_opts o = APP_SCENARIOS_OPTS_INIT;
    struct app_scenarios_result res;
    struct app_session *sess = NULL;
    struct run_ctx c = {srv->jobs, rj};
    const char *names[APP_MAX_SCENARIOS];
    char *out = NULL;
    int i, rc;

    memset(&res, 0, sizeof res);
    for (i = 0; i < j->n_names; i++)
        names[i] = j->names[i];
    o.names = names;
    o.n = j->n_names;
    o.lang = j->lang;
    o.progress = on_progress;
    o.progress_ctx = &c;
    o.stop = stop_asked;
    o.stop_ctx = rj;
    set_stage(srv->jobs, rj, "planning");
    if ((rc = app_session_new(&sess, srv->app, err)) == MF_OK &&
        (rc = app_scenarios_run(sess, &o, &res, err)) == MF_OK &&
        !(out = scenarios_json(&res, j->lang)))
        rc = mf_error_set(err, MF_ENOMEM, "out of memory");
    app_scenarios_result_free(&res);
    app_session_free(sess);
    if (out) {
        f->result = (unsigned char *)out;
        f->result_len = strlen(out);
        snprintf(f->result_type, sizeof f->result_type, "application/json");
    }
    return rc;
}

/* Reads a whole file into f's result. */
static int read_result(const char *path, const char *ctype, struct store_job *f,
                       struct mf_error *err)
{
    FILE *fp = fopen(path, "rb");
    long n;

    if (!fp)
        return mf_error_set(err, MF_EIO, "cannot read the report %s: %s", path,
                            strerror(errno));
    if (fseek(fp, 0, SEEK_END) || (n = ftell(fp)) < 0 ||
        fseek(fp, 0, SEEK_SET)) {
        fclose(fp);
        return mf_error_set(err, MF_EIO, "cannot read the report %s", path);
    }
    if (n > JOBS_RESULT_MAX) {
        fclose(fp);
        return mf_error_set(err, MF_ERANGE,
                            "the report is %ld bytes, more than a job keeps "
                            "(%ld)",
                            n, JOBS_RESULT_MAX);
    }
    if (!(f->result = malloc((size_t)n + 1))) {
        fclose(fp);
        return mf_error_set(err, MF_ENOMEM, "out of memory");
    }
    if (fread(f->result, 1, (size_t)n, fp) != (size_t)n) {
        fclose(fp);
        free(f->result);
        f->result = NULL;
        return mf_error_set(err, MF_EIO, "cannot read the report %s", path);
    }
    fclose(fp);
    f->result[n] = '\0';
    f->result_len = (size_t)n;
    snprintf(f->result_type, sizeof f->result_type, "%s", ctype);
    return MF_OK;
}

/* Writes a report into a new private folder (js->mu not held) and keeps
 * its file in f; the folder is removed. */
static int run_report(struct srv *srv, struct running *rj, const struct job *j,
                      struct store_job *f, struct mf_error *err)
{
    struct app_report_opts o = APP_REPORT_OPTS_INIT;
    struct app_report_result res;
    struct app_session *sess = NULL;
    struct run_ctx c = {srv->jobs, rj};
    const char *names[APP_MAX_SCENARIOS];
    const char *tmp = app_config_of(srv->app)->tmp_dir;
    char dir[1100], path[1200];
    int i, rc;

    if (snprintf(dir, sizeof dir, "%s/masseflyt-report-XXXXXX",
                 tmp[0] ? tmp : "/tmp") >= (int)sizeof dir)
        return mf_error_set(err, MF_EIO,
                            "the temporary folder's name is too "
                            "long");
    if (!mkdtemp(dir))
        return mf_error_set(err, MF_EIO, "cannot make a folder in %s: %s",
                            tmp[0] ? tmp : "/tmp", strerror(errno));
    for (i = 0; i < j->n_names; i++)
        names[i] = j->names[i];
    o.out_dir = dir;
    o.lang = j->lang;
    o.names = j->n_names ? names : NULL;
    o.n = j->n_names;
    o.no_pdf = strcmp(formats[j->format].name, "pdf") != 0;
    o.scope = j->scope;
    o.progress = on_progress;
    o.progress_ctx = &c;
    o.stop = stop_asked;
    o.stop_ctx = rj;
    set_stage(srv->jobs, rj, "starting");
    if ((rc = app_session_new(&sess, srv->app, err)) == MF_OK)
        rc = app_report(sess, &o, &res, err);
    app_session_free(sess);
    if (rc == MF_OK && !stop_asked(rj, atomic_load(&rj->pivots))) {
        snprintf(path, sizeof path, "%s/%s", dir, formats[j->format].file);
        rc = read_result(path, formats[j->format].ctype, f, err);
    }
    nftw(dir, rm_one, 16, FTW_DEPTH | FTW_PHYS);
    return rc;
}

/* Runs a plan (js->mu not held). The plan's document (what app_plan_save
 * stores; a job asks for no files) is stored in the transaction that
 * finishes the job: *saved is 1 when both committed. A worker that no
 * longer holds the job stores nothing (rj->lost). */
static int run_plan(struct srv *srv, struct running *rj, const struct job *j,
                    struct store_job *f, int *saved, struct mf_error *err)
{
    struct jobs *js = srv->jobs;
    struct store *st = js->wst;
    struct app_plan_opts o = APP_PLAN_OPTS_INIT;
    struct app_plan_result res;
    struct app_session *sess = NULL;
    char *doc;
    int rc;

    *saved = 0;
    memset(&res, 0, sizeof res);
    o.name = j->name;
    o.by = j->by;
    o.plan.municipality = j->municipality[0] ? j->municipality : NULL;
    o.plan.from = j->from;
    o.plan.to = j->to;
    o.plan.stop = stop_asked;
    o.plan.stop_ctx = rj;
    set_stage(js, rj, "planning");
    if ((rc = app_session_new(&sess, srv->app, err)) == MF_OK &&
        (rc = app_plan(sess, &o, &res, err)) == MF_OK &&
        !stop_asked(rj, atomic_load(&rj->pivots))) {
        set_stage(js, rj, "saving");
        if (!res.plan)
            rc = mf_error_set(err, MF_EINVAL, "no plan to store");
        else if (!(doc = app_plan_summary_doc(&o, &res)))
            rc = mf_error_set(err, MF_ENOMEM, "out of memory");
        else {
            snprintf(f->state, sizeof f->state, "succeeded");
            if ((rc = st->ops->begin(st, err)) == MF_OK &&
                (rc = st->ops->put_doc(st, "plan", j->name, doc, err)) ==
                    MF_OK &&
                (rc = st->ops->job_finish(st, f, now_s(), err)) == MF_OK &&
                (rc = st->ops->commit(st, err)) == MF_OK)
                *saved = 1;
            else
                st->ops->rollback(st);
            if (rc == MF_ERANGE)
                atomic_store(&rj->lost, 1);
            free(doc);
        }
    }
    app_plan_result_free(&res);
    app_session_free(sess);
    return rc;
}

static void log_error(const struct mf_error *err)
{
    static _Atomic int64_t said;
    int64_t now = now_s();

    /* At most once a minute: a database that is down says so once. */
    if (now - atomic_load(&said) >= 60) {
        atomic_store(&said, now);
        fprintf(stderr, "masseflyt: jobs: %s\n", err->message);
        fflush(stderr);
    }
}

/* Runs the job the worker took (js->mu not held) and writes its
 * outcome. */
static void run_job(struct srv *srv, const struct store_job *sj)
{
    struct jobs *js = srv->jobs;
    struct store *st = js->wst;
    struct running rj;
    struct store_job f;
    struct job j;
    struct mf_error err = {0};
    char detail[400];
    int rc, saved = 0, dummy;

    memset(&rj, 0, sizeof rj);
    memset(&f, 0, sizeof f);
    rj.id = f.id = sj->id;
    snprintf(f.lease_owner, sizeof f.lease_owner, "%s", js->me);
    snprintf(rj.stage, sizeof rj.stage, "starting");
    atomic_store(&rj.cancel, sj->cancel);
    if (params_read(sj, &j, 1, detail, sizeof detail)) {
        rc = mf_error_set(&err, MF_EINVAL, "%s", detail);
    } else {
        rj.kind = j.kind;
        pthread_mutex_lock(&js->mu);
        js->cur = &rj;
        pthread_mutex_unlock(&js->mu);
        rc = j.kind == K_PLAN        ? run_plan(srv, &rj, &j, &f, &saved, &err)
             : j.kind == K_SCENARIOS ? run_scenarios(srv, &rj, &j, &f, &err)
                                     : run_report(srv, &rj, &j, &f, &err);
        pthread_mutex_lock(&js->mu);
        js->cur = NULL;
        pthread_mutex_unlock(&js->mu);
    }
    if (saved || atomic_load(&rj.lost)) {
        /* Finished with its plan, or another worker holds it now. */
    } else if (atomic_load(&rj.cancel)) {
        free(f.result);
        f.result = NULL;
        snprintf(f.state, sizeof f.state, "cancelled");
        rc = st->ops->job_finish(st, &f, now_s(), &err);
    } else if (atomic_load(&rj.halt)) {
        /* Let it go at once, for another worker to take. */
        rc = st->ops->job_renew(st, f.id, js->me, now_s(), -1, "queued", 0, 0,
                                &dummy, &err);
    } else {
        if (rc == MF_OK) {
            snprintf(f.state, sizeof f.state, "succeeded");
        } else {
            free(f.result);
            f.result = NULL;
            f.result_type[0] = '\0';
            snprintf(f.state, sizeof f.state, "failed");
            f.error_status = problem_status(rc, NULL, NULL);
            snprintf(f.error, sizeof f.error, "%s", err.message);
        }
        rc = st->ops->job_finish(st, &f, now_s(), &err);
    }
    if (rc && rc != MF_ERANGE && !saved)
        log_error(&err);
    store_job_free(&f);
}

static void wait_ms(pthread_cond_t *cv, pthread_mutex_t *mu, long ms)
{
    struct timespec ts;

    clock_gettime(CLOCK_REALTIME, &ts);
    ts.tv_sec += ms / 1000;
    ts.tv_nsec += (ms % 1000) * 1000000L;
    if (ts.tv_nsec >= 1000000000L) {
        ts.tv_sec++;
        ts.tv_nsec -= 1000000000L;
    }
    pthread_cond_timedwait(cv, mu, &ts);
}

static void *worker(void *arg)
{
    struct srv *srv = arg;
    struct jobs *js = srv->jobs;
    struct store *st = js->wst;

    for (;;) {
        struct store_job sj;
        struct mf_error err = {0};
        int rc;

        pthread_mutex_lock(&js->mu);
        js->woken = 0;
        if (js->stopping) {
            pthread_mutex_unlock(&js->mu);
            break;
        }
        pthread_mutex_unlock(&js->mu);
        rc = st->ops->job_claim(st, js->me, now_s(), js->lease_s,
                                JOBS_MAX_ATTEMPTS, &sj, &err);
        if (rc == MF_OK) {
            run_job(srv, &sj);
            store_job_free(&sj);
            continue;
        }
        if (rc != MF_ENOTFOUND)
            log_error(&err);
        pthread_mutex_lock(&js->mu);
        if (!js->stopping && !js->woken)
            wait_ms(&js->cv, &js->mu, JOBS_POLL_MS);
        pthread_mutex_unlock(&js->mu);
    }
    return NULL;
}

/* The heartbeat: renews the lease of the job running here, writes its
 * stage and progress, and learns whether it was asked to stop. */
static void *beat(void *arg)
{
    struct srv *srv = arg;
    struct jobs *js = srv->jobs;
    struct store *st = js->bst;

    pthread_mutex_lock(&js->mu);
    while (!js->stopping) {
        wait_ms(&js->bcv, &js->mu, JOBS_BEAT_MS);
        if (js->cur && !js->stopping) {
            struct running *rj = js->cur;
            struct mf_error err = {0};
            int64_t id = rj->id, pivots = atomic_load(&rj->pivots);
            double progress =
                rj->kind == K_PLAN ? (pivots ? 0.5 : 0.0) : rj->progress;
            char stage[80];
            int cancel = 0, rc;
            snprintf(stage, sizeof stage, "%s", rj->stage);
            pthread_mutex_unlock(&js->mu);
            rc = st->ops->job_renew(st, id, js->me, now_s(), js->lease_s, stage,
                                    progress, pivots, &cancel, &err);
            if (rc && rc != MF_ERANGE)
                log_error(&err);
            pthread_mutex_lock(&js->mu);
            if (js->cur && js->cur->id == id) {
                if (rc == MF_ERANGE)
                    atomic_store(&js->cur->lost, 1);
                if (rc == MF_OK && cancel)
                    atomic_store(&js->cur->cancel, 1);
            }
        }
    }
    pthread_mutex_unlock(&js->mu);
    return NULL;
}

static void jobs_free(struct jobs *js)
{
    store_close(js->wst);
    store_close(js->bst);
    pthread_cond_destroy(&js->cv);
    pthread_cond_destroy(&js->bcv);
    pthread_mutex_destroy(&js->mu);
    free(js);
}

int jobs_start(struct srv *srv)
{
    struct jobs *js = calloc(1, sizeof *js);
    const char *dsn = app_config_of(srv->app)->db;
    struct mf_error err = {0};
    char host[40] = "";

    if (!js)
        return -1;
    pthread_mutex_init(&js->mu, NULL);
    pthread_cond_init(&js->cv, NULL);
    pthread_cond_init(&js->bcv, NULL);
    gethostname(host, sizeof host - 1);
    snprintf(js->me, sizeof js->me, "%s:%ld", host[0] ? host : "localhost",
             (long)getpid());
    js->lease_s = srv->cfg->job_lease;
    if (srv->st->ops->version < STORE_OPS_JOBS_VERSION ||
        store_open(&js->wst, dsn, STORE_OPEN, &err) ||
        store_open(&js->bst, dsn, STORE_OPEN, &err)) {
        if (err.message[0])
            fprintf(stderr, "masseflyt: jobs: %s\n", err.message);
        jobs_free(js);
        return -1;
    }
    srv->jobs = js;
    if (pthread_create(&js->worker, NULL, worker, srv)) {
        srv->jobs = NULL;
        jobs_free(js);
        return -1;
    }
    if (pthread_create(&js->beat, NULL, beat, srv)) {
        pthread_mutex_lock(&js->mu);
        js->stopping = 1;
        pthread_cond_broadcast(&js->cv);
        pthread_mutex_unlock(&js->mu);
        pthread_join(js->worker, NULL);
        srv->jobs = NULL;
        jobs_free(js);
        return -1;
    }
    return 0;
}

void jobs_stop(struct srv *srv)
{
    struct jobs *js = srv->jobs;

    if (!js)
        return;
    pthread_mutex_lock(&js->mu);
    js->stopping = 1;
    if (js->cur)
        atomic_store(&js->cur->halt, 1);
    pthread_cond_broadcast(&js->cv);
    pthread_cond_broadcast(&js->bcv);
    pthread_mutex_unlock(&js->mu);
    pthread_join(js->worker, NULL);
    pthread_join(js->beat, NULL);
    jobs_free(js);
    srv->jobs = NULL;
}

static json_t *time_or_null(int64_t t)
{
    char buf[32];

    if (!t)
        return json_null();
    acct_iso_time(t, buf);
    return json_string(buf);
}

/* The job as JSON (j: its parameters read back). */
static json_t *job_json(const struct store_job *sj, const struct job *j)
{
    char self[64], result[128];
    int done = !strcmp(sj->state, "succeeded"), i;
    json_t *o, *names;

    snprintf(self, sizeof self, "/api/v1/jobs/%lld", (long long)sj->id);
    if (j->kind == K_PLAN)
        snprintf(result, sizeof result, "/api/v1/plans/%s", j->name);
    else
        snprintf(result, sizeof result, "/api/v1/jobs/%lld/result",
                 (long long)sj->id);
    o = json_pack(
        "{s:I, s:s, s:s, s:s, s:s, s:I, s:o, s:o, s:o, s:o, s:b, "
        "s:i}",
        "id", (json_int_t)sj->id, "kind", kind_names[j->kind], "state",
        sj->state, "stage", sj->stage, "self", self, "pivots",
        (json_int_t)sj->pivots, "created", time_or_null(sj->created), "started",
        time_or_null(sj->started), "finished", time_or_null(sj->finished),
        "result", done ? json_string(result) : json_null(), "cancel_requested",
        sj->cancel != 0, "attempts", sj->attempts);
    if (o && !strcmp(sj->state, "failed"))
        json_object_set_new(o, "error",
                            json_pack("{s:i, s:s}", "status", sj->error_status,
                                      "detail", sj->error));
    if (o && j->kind != K_PLAN) {
        names = json_array();
        for (i = 0; names && i < j->n_names; i++)
            json_array_append_new(names, json_string(j->names[i]));
        json_object_set_new(o, "scenarios", names ? names : json_null());
        json_object_set_new(o, "lang", json_string(j->lang));
    }
    if (o && j->kind == K_REPORT) {
        json_object_set_new(o, "format", json_string(formats[j->format].name));
        json_object_set_new(o, "area", json_string(j->area));
    }
    if (o)
        json_object_set_new(o, "progress",
                            json_real(!strcmp(sj->state, "queued") ? 0.0
                                      : !strcmp(sj->state, "running")
                                          ? sj->progress
                                          : 1.0));
    return o;
}

static int name_ok(const char *s)
{
    size_t n = strlen(s);

    return n >= 1 && n <= 64 &&
           strspn(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
                     "0123456789-_") == n;
}

static int date_member(struct req *r, json_t *body, const char *key,
                       int32_t *out)
{
    json_t *v = json_object_get(body, key);
    struct mf_error err = {0};

    *out = MF_DATE_NONE;
    if (!v || json_is_null(v))
        return 0;
    if (!json_is_string(v) ||
        mf_date_parse(json_string_value(v), out, &err) != MF_OK) {
        req_problem(r, 400, "invalid", "Invalid input",
                    "must be a date YYYY-MM-DD", key);
        return -1;
    }
    return 0;
}

/* The request in the audit log: action "plan.run", "scenarios.run" or
 * "report.run", target job/ID, after: what was asked (a plan itself is a
 * stored document, read back under /api/v1/plans/NAME). a is stolen. */
static void audit_job(struct req *r, const char *action, int64_t id, json_t *a)
{
    struct store *st = r->srv->st;
    struct mf_error err = {0};
    char *after = a ? json_dumps(a, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
    char target[40];
    struct store_audit au = {.actor = r->user.id,
                             .actor_email = r->user.email,
                             .action = action,
                             .target = target,
                             .after = after};

    snprintf(target, sizeof target, "job/%lld", (long long)id);
    json_decref(a);
    pthread_mutex_lock(&r->srv->lock);
    st->ops->audit_append(st, now_s(), &au, &err);
    pthread_mutex_unlock(&r->srv->lock);
    free(after);
}

/* Queues job t (area: a report's area member, NULL when none) for the
 * caller and wakes this process's worker; answers 202 with the job and
 * its Location. The job's id in *id (0 when it could not be queued). */
static void queue(struct req *r, const struct job *t, json_t *area, int64_t *id)
{
    struct srv *srv = r->srv;
    struct store *st = srv->st;
    struct store_job sj;
    struct mf_error err = {0};
    char loc[64];
    int64_t now = now_s();
    int rc;

    *id = 0;
    memset(&sj, 0, sizeof sj);
    snprintf(sj.kind, sizeof sj.kind, "%s", kind_names[t->kind]);
    sj.owner = r->user.id;
    sj.created = now;
    if (!(sj.params = params_text(t, area))) {
        req_problem(r, 500, "internal", "Internal error", "out of memory",
                    NULL);
        return;
    }
    pthread_mutex_lock(&srv->lock);
    rc = st->ops->job_enqueue(st, &sj, now - JOBS_KEEP_S, &err);
    pthread_mutex_unlock(&srv->lock);
    if (rc) {
        store_job_free(&sj);
        req_error(r, &err);
        return;
    }
    *id = sj.id;
    pthread_mutex_lock(&srv->jobs->mu);
    srv->jobs->woken = 1;
    pthread_cond_signal(&srv->jobs->cv);
    pthread_mutex_unlock(&srv->jobs->mu);
    snprintf(loc, sizeof loc, "/api/v1/jobs/%lld", (long long)*id);
    req_header(r, "Location", loc);
    req_json(r, 202, job_json(&sj, t));
    store_job_free(&sj);
}

/* Refuses members not in the NULL-ended list; 0 or -1 (answered). */
static int members_ok(struct req *r, json_t *body, const char *const *known)
{
    const char *k;
    json_t *v;

    json_object_foreach(body, k, v)
    {
        int i, found = 0;
        for (i = 0; known[i]; i++)
            found |= !strcmp(k, known[i]);
        if (!found) {
            req_problem(r, 400, "invalid", "Invalid input", "unknown field", k);
            return -1;
        }
    }
    return 0;
}

void jobs_create_plan(struct req *r, json_t *body)
{
    static const char *const known[] = {"name", "municipality", "from", "to",
                                        NULL};
    json_t *v;
    char name[65] = "plan", mun[8] = "";
    int32_t from, to;
    int64_t id;

    if (members_ok(r, body, known))
        return;
    if ((v = json_object_get(body, "name"))) {
        if (!json_is_string(v) || !name_ok(json_string_value(v))) {
            req_problem(r, 400, "invalid", "Invalid input",
                        "must be 1 to 64 letters, digits, '-' or '_'", "name");
            return;
        }
        snprintf(name, sizeof name, "%s", json_string_value(v));
    }
    if ((v = json_object_get(body, "municipality")) && !json_is_null(v)) {
        const char *m = json_is_string(v) ? json_string_value(v) : "";
        if (strlen(m) != 4 || strspn(m, "0123456789") != 4) {
            req_problem(r, 400, "invalid", "Invalid input",
                        "must be a 4-digit kommunenummer", "municipality");
            return;
        }
        snprintf(mun, sizeof mun, "%s", m);
    }
    if (date_member(r, body, "from", &from) || date_member(r, body, "to", &to))
        return;
    if (from != MF_DATE_NONE && to != MF_DATE_NONE && from > to) {
        req_problem(r, 400, "invalid", "Invalid input",
                    "the horizon must start before it ends", "to");
        return;
    }
    {
        struct job j;
        memset(&j, 0, sizeof j);
        j.kind = K_PLAN;
        snprintf(j.name, sizeof j.name, "%s", name);
        snprintf(j.municipality, sizeof j.municipality, "%s", mun);
        snprintf(j.by, sizeof j.by, "%s", r->user.email);
        j.from = from;
        j.to = to;
        queue(r, &j, NULL, &id);
    }
    if (id)
        audit_job(r, "plan.run", id,
                  json_pack("{s:s, s:o}", "name", name, "municipality",
                            mun[0] ? json_string(mun) : json_null()));
}

/* The members "scenarios" (a list of bundled scenario names, the first
 * the reference; required unless `optional`, where absent means every
 * one) and "lang" (nb or en; absent: the server's) into j. 0, or -1 when
 * answered with a problem. */
static int scenario_members(struct req *r, json_t *body, struct job *j,
                            int optional)
{
    struct mf_error err = {0};
    json_t *v = json_object_get(body, "scenarios"), *e;
    char **names = NULL;
    size_t i;
    int n = 0, k, m, rc;

    snprintf(j->lang, sizeof j->lang, "%s",
             strcmp(app_config_of(r->srv->app)->lang, "en") ? "nb" : "en");
    if ((e = json_object_get(body, "lang"))) {
        const char *l = json_is_string(e) ? json_string_value(e) : "";
        if (strcmp(l, "nb") && strcmp(l, "en")) {
            req_problem(r, 400, "invalid", "Invalid input", "must be nb or en",
                        "lang");
            return -1;
        }
        snprintf(j->lang, sizeof j->lang, "%s", l);
    }
    if (!v && optional)
        return 0;
    if (!json_is_array(v) || json_array_size(v) < 1 ||
        json_array_size(v) > APP_MAX_SCENARIOS) {
        char d[80];
        snprintf(d, sizeof d, "must be a list of 1 to %d scenario names",
                 APP_MAX_SCENARIOS);
        req_problem(r, 400, "invalid", "Invalid input", d, "scenarios");
        return -1;
    }
    if ((rc = app_scenario_names(r->srv->app, NULL, &names, &n, &err))) {
        req_error(r, &err);
        return -1;
    }
    json_array_foreach(v, i, e)
    {
        const char *s = json_is_string(e) ? json_string_value(e) : "";
        int found = 0;
        char d[160];
        for (k = 0; k < n; k++)
            found |= !strcmp(names[k], s);
        for (m = 0; m < j->n_names; m++)
            if (!strcmp(j->names[m], s))
                found = -1;
        if (found != 1 || !name_ok(s)) {
            snprintf(d, sizeof d,
                     found < 0 ? "scenario '%.64s' is named twice"
                               : "no scenario is named '%.64s' (GET "
                                 "/api/v1/scenarios lists them)",
                     s);
            app_names_free(names, n);
            req_problem(r, 400, "invalid", "Invalid input", d, "scenarios");
            return -1;
        }
        snprintf(j->names[j->n_names++], sizeof j->names[0], "%s", s);
    }
    app_names_free(names, n);
    return 0;
}

/* The scenarios of a job, for the audit log. */
static json_t *names_json(const struct job *j)
{
    json_t *a = json_array();
    int i;

    for (i = 0; a && i < j->n_names; i++)
        json_array_append_new(a, json_string(j->names[i]));
    return a ? a : json_null();
}

void jobs_create_scenarios(struct req *r, json_t *body)
{
    static const char *const known[] = {"scenarios", "lang", NULL};
    struct job j;
    int64_t id;

    memset(&j, 0, sizeof j);
    j.kind = K_SCENARIOS;
    if (members_ok(r, body, known) || scenario_members(r, body, &j, 0))
        return;
    queue(r, &j, NULL, &id);
    if (id)
        audit_job(r, "scenarios.run", id,
                  json_pack("{s:o, s:s}", "scenarios", names_json(&j), "lang",
                            j.lang));
}

/* The member "area" of a report (area_scope) into sc; 0, or -1 when
 * answered with a problem whose `where` is "area" or "area.NAME". */
static int area_member(struct req *r, json_t *body, struct app_scope *sc)
{
    char detail[400], where[48];

    if (!area_scope(json_object_get(body, "area"), sc, detail, sizeof detail,
                    where, sizeof where))
        return 0;
    req_problem(r, 400, "invalid", "Invalid input", detail, where);
    return -1;
}

void jobs_create_report(struct req *r, json_t *body)
{
    static const char *const known[] = {"format", "scenarios", "lang", "area",
                                        NULL};
    struct job j;
    json_t *v;
    int64_t id;
    size_t i;

    memset(&j, 0, sizeof j);
    j.kind = K_REPORT;
    if (members_ok(r, body, known))
        return;
    v = json_object_get(body, "format");
    j.format = -1;
    for (i = 0; i < sizeof formats / sizeof formats[0]; i++)
        if (json_is_string(v) && !strcmp(json_string_value(v), formats[i].name))
            j.format = (int)i;
    if (j.format < 0) {
        req_problem(r, 400, "invalid", "Invalid input",
                    "must be html, pdf or xlsx", "format");
        return;
    }
    if (scenario_members(r, body, &j, 1) || area_member(r, body, &j.scope))
        return;
    app_scope_text(&j.scope, j.lang, j.area, sizeof j.area);
    queue(r, &j, json_object_get(body, "area"), &id);
    if (id) {
        char area[200];
        app_scope_text(&j.scope, "en", area, sizeof area);
        audit_job(r, "report.run", id,
                  json_pack("{s:s, s:o, s:s, s:s}", "format",
                            formats[j.format].name, "scenarios", names_json(&j),
                            "lang", j.lang, "area", area));
    }
}

void jobs_scenario_list(struct req *r)
{
    struct app_scenario_list list = {0};
    struct mf_error err = {0};
    char **names = NULL;
    json_t *items;
    int i, k, n = 0;

    /* The names in their order ("base" first), the titles from the
     * files. */
    if (app_scenario_names(r->srv->app, NULL, &names, &n, &err) ||
        app_scenario_list(r->srv->app, NULL, &list, &err)) {
        app_names_free(names, n);
        app_scenario_list_free(&list);
        req_error(r, &err);
        return;
    }
    items = json_array();
    for (i = 0; items && i < n; i++)
        for (k = 0; k < list.n; k++)
            if (!strcmp(list.items[k].name, names[i]))
                json_array_append_new(items,
                                      json_pack("{s:s, s:s}", "name", names[i],
                                                "title", list.items[k].title));
    app_names_free(names, n);
    app_scenario_list_free(&list);
    req_json(r, 200, json_pack("{s:o}", "scenarios", items));
}

/* Reads the job with this id that the caller may see (its result too
 * with with_result) into sj, and its parameters into j; 0, or -1 when
 * answered with a problem (404 for a job of someone else's). */
static int find(struct req *r, const char *id_text, int with_result,
                struct store_job *sj, struct job *j)
{
    struct store *st = r->srv->st;
    struct mf_error err = {0};
    char *end, detail[400];
    long long id = id_text ? strtoll(id_text, &end, 10) : 0;
    int rc;

    memset(sj, 0, sizeof *sj);
    if (!id_text || *end || id <= 0)
        goto none;
    pthread_mutex_lock(&r->srv->lock);
    rc = st->ops->job_get(st, (int64_t)id, with_result, sj, &err);
    pthread_mutex_unlock(&r->srv->lock);
    if (rc == MF_ENOTFOUND)
        goto none;
    if (rc) {
        req_error(r, &err);
        return -1;
    }
    if (sj->owner != r->user.id && strcmp(r->user.role, "administrator")) {
        store_job_free(sj);
        goto none;
    }
    if (params_read(sj, j, 0, detail, sizeof detail)) {
        store_job_free(sj);
        req_problem(r, 500, "internal", "Internal error", detail, NULL);
        return -1;
    }
    return 0;
none:
    req_problem(r, 404, "not_found", "Not found",
                "no job with this id that you started", "id");
    return -1;
}

static int finished(const struct store_job *sj)
{
    return strcmp(sj->state, "queued") && strcmp(sj->state, "running");
}

void jobs_get(struct req *r, const char *id)
{
    struct store_job sj;
    struct job j;

    if (find(r, id, 0, &sj, &j))
        return;
    req_json(r, 200, job_json(&sj, &j));
    store_job_free(&sj);
}

void jobs_list(struct req *r)
{
    struct store *st = r->srv->st;
    struct mf_error err = {0};
    struct store_job *v = NULL;
    const char *all = req_get_arg(r, "all");
    char detail[400];
    size_t n = 0, i;
    long limit;
    json_t *arr;
    int rc, everyone = 0;

    if (req_arg_long(r, "limit", 1, 100, 20, &limit))
        return;
    if (all && strcmp(all, "false")) {
        if (strcmp(all, "true")) {
            req_problem(r, 400, "invalid", "Invalid input",
                        "must be true or false", "all");
            return;
        }
        if (strcmp(r->user.role, "administrator")) {
            req_problem(r, 403, "forbidden", "Forbidden",
                        "only an administrator lists everyone's jobs", "all");
            return;
        }
        everyone = 1;
    }
    pthread_mutex_lock(&r->srv->lock);
    rc = st->ops->job_list(st, everyone ? 0 : r->user.id, (int)limit, &v, &n,
                           &err);
    pthread_mutex_unlock(&r->srv->lock);
    if (rc) {
        req_error(r, &err);
        return;
    }
    arr = json_array();
    for (i = 0; arr && i < n; i++) {
        struct job j;
        if (params_read(&v[i], &j, 0, detail, sizeof detail)) {
            json_decref(arr);
            arr = NULL;
        } else {
            json_array_append_new(arr, job_json(&v[i], &j));
        }
    }
    for (i = 0; i < n; i++)
        store_job_free(&v[i]);
    free(v);
    if (!arr) {
        req_problem(r, 500, "internal", "Internal error", detail, NULL);
        return;
    }
    req_json(r, 200,
             json_pack("{s:o, s:I}", "jobs", arr, "limit", (json_int_t)limit));
}

void jobs_cancel(struct req *r, const char *id)
{
    struct srv *srv = r->srv;
    struct store *st = srv->st;
    struct store_job sj;
    struct mf_error err = {0};
    struct job j;
    int64_t jid;
    int rc;

    if (find(r, id, 0, &sj, &j))
        return;
    if (finished(&sj)) {
        store_job_free(&sj);
        req_problem(r, 409, "conflict", "Conflict",
                    "the job has finished; there is nothing to cancel", "id");
        return;
    }
    /* Running here: the planner hears it at once; elsewhere, its worker
     * at its next beat. */
    pthread_mutex_lock(&srv->jobs->mu);
    if (srv->jobs->cur && srv->jobs->cur->id == sj.id)
        atomic_store(&srv->jobs->cur->cancel, 1);
    pthread_mutex_unlock(&srv->jobs->mu);
    jid = sj.id;
    store_job_free(&sj);
    pthread_mutex_lock(&srv->lock);
    rc = st->ops->job_cancel(st, jid, now_s(), &err);
    if (rc == MF_OK)
        rc = st->ops->job_get(st, jid, 0, &sj, &err);
    pthread_mutex_unlock(&srv->lock);
    if (rc) {
        req_error(r, &err);
        return;
    }
    req_json(r, 202, job_json(&sj, &j));
    store_job_free(&sj);
}

/* GET /api/v1/jobs/{id}/result: a comparison's JSON, or a report's file
 * as an attachment (the API's Cache-Control: no-store keeps it out of
 * caches). */
void jobs_result(struct req *r, const char *id)
{
    struct store_job sj;
    struct job j;
    char disp[120];

    if (find(r, id, 1, &sj, &j))
        return;
    if (j.kind == K_PLAN) {
        store_job_free(&sj);
        req_problem(r, 404, "not_found", "Not found",
                    "a plan job's result is the stored plan its `result` "
                    "names (/api/v1/plans/NAME)",
                    "id");
        return;
    }
    if (strcmp(sj.state, "succeeded") || !sj.result) {
        int waiting = !finished(&sj);
        store_job_free(&sj);
        req_problem(r, 409, "conflict", "Conflict",
                    waiting
                        ? "the job has not finished yet; poll /api/v1/jobs/ID"
                        : "the job did not succeed; it has no result",
                    "id");
        return;
    }
    if (j.kind == K_SCENARIOS) {
        req_json_text(r, 200, (char *)sj.result);
        sj.result = NULL;
        store_job_free(&sj);
        return;
    }
    snprintf(disp, sizeof disp,
             "attachment; filename=\"masseflyt-report-%lld.%s\"",
             (long long)sj.id, formats[j.format].name);
    req_header(r, "Content-Disposition", disp);
    free(r->resp);
    r->status = 200;
    r->ctype = formats[j.format].ctype;
    r->resp = (char *)sj.result;
    r->resp_len = sj.result_len;
    sj.result = NULL;
    store_job_free(&sj);
}
