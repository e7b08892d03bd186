/*
 * jobs.c - long work outside the request. POST /api/v1/plans,
 * /api/v1/scenarios and /api/v1/reports queue a job and answer 202 at
 * once; one worker thread runs the jobs in order, each on its own app
 * session (its own store connection), through the app's use cases: a
 * plan is stored (app_plan, app_plan_save); a scenario comparison
 * (app_scenarios_run) is kept as JSON in the job, every measure of each
 * scenario against today's practice and the ranking against the
 * reference; a report (app_report) is written to a private temporary
 * folder of the job, removed when the job's slot is reused or the server
 * stops. GET /api/v1/jobs/{id} gives the state, the stage, the progress
 * and the result's address (GET /api/v1/jobs/{id}/result for comparisons
 * and reports); DELETE asks it to stop: a queued job is cancelled at
 * once, a running plan or comparison is stopped by the planner, which
 * asks between pricing rounds and every 1,024 pivots (mf_plan_opts.stop);
 * a running report stops before its next part (app_report_opts.stop) or
 * in its planner, and what it wrote is thrown away.
 *
 * The table keeps the last JOBS_MAX jobs; a finished job makes room for a
 * new one, oldest first. A job is seen only by who started it and by
 * administrators (anyone else gets 404).
 */
#include "accounts.h"
#include "srv_int.h"

#include "app.h"

#include "masseflyt/indicators.h"

#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define JOBS_MAX 64

enum job_state {
    J_FREE = 0,
    J_QUEUED,
    J_RUNNING,
    J_DONE,
    J_FAILED,
    J_CANCELLED
};

static const char *const state_names[] = {"free",      "queued", "running",
                                          "succeeded", "failed", "cancelled"};

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

struct job {
    enum job_state state;
    enum job_kind kind;
    int64_t id;
    int64_t owner;
    atomic_int cancel;
    atomic_llong pivots;
    char stage[80];
    double progress; /* 0 to 1, under the table's lock */
    int64_t created, started, finished;
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
    /* the outcome */
    int error_status;
    char error[400];
    char *result;   /* scenarios: the comparison as JSON text */
    char dir[1100]; /* report: its folder, "" when none */
};

struct jobs {
    pthread_mutex_t mu;
    pthread_cond_t cv;
    pthread_t worker;
    int stopping;
    int64_t next_id;
    struct job v[JOBS_MAX];
};

static int stop_asked(void *ctx, int64_t pivots)
{
    struct job *j = ctx;

    atomic_store(&j->pivots, (long long)pivots);
    return atomic_load(&j->cancel);
}

static void set_stage(struct jobs *js, struct job *j, const char *stage)
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

/* Frees what a finished job holds: its comparison, its report's folder. */
static void job_clear(struct job *j)
{
    free(j->result);
    j->result = NULL;
    if (j->dir[0])
        nftw(j->dir, rm_one, 16, FTW_DEPTH | FTW_PHYS);
    j->dir[0] = '\0';
}

struct run_ctx {
    struct jobs *js;
    struct job *j;
};

/* Progress of a comparison or a report: the stage and a share done. */
static void on_progress(void *ctx, const struct app_progress *p)
{
    struct run_ctx *c = ctx;
    struct job *j = c->j;
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

/* Runs a scenario comparison (js->mu not held); the JSON in *out. */
static int run_scenarios(struct srv *srv, struct job *j, char **out,
                         struct mf_error *err)
{
    struct app_scenarios_opts o = APP_SCENARIOS_OPTS_INIT;
    struct app_scenarios_result res;
    struct app_session *sess = NULL;
    struct run_ctx c = {srv->jobs, j};
    const char *names[APP_MAX_SCENARIOS];
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
    o.stop_ctx = j;
    set_stage(srv->jobs, j, "planning");
    if ((rc = app_session_new(&sess, srv->app, err)) == MF_OK &&
        (rc = app_scenarios_run(sess, &o, &res, err)) == MF_OK &&
        !(*out = scenarios_json(&res, j->lang)))
        rc = mf_error_set(err, MF_ENOMEM, "out of memory");
    app_scenarios_result_free(&res);
    app_session_free(sess);
    return rc;
}

/* Writes a report into a new private folder (js->mu not held); the
 * folder in j->dir (set under the lock, so a reader sees it whole). */
static int run_report(struct srv *srv, struct job *j, struct mf_error *err)
{
    struct app_report_opts o = APP_REPORT_OPTS_INIT;
    struct app_report_result res;
    struct app_session *sess = NULL;
    struct run_ctx c = {srv->jobs, j};
    const char *names[APP_MAX_SCENARIOS];
    const char *tmp = app_config_of(srv->app)->tmp_dir;
    char dir[1100];
    int i, rc;

    if (snprintf(dir, sizeof dir, "%s/masseflyt-report-XXXXXX",
                 tmp[0] ? tmp : "/tmp") >= (int)sizeof dir)
        return mf_error_set(err, MF_EIO,
                            "the temporary folder's name is too "
                            "long");
    if (!mkdtemp(dir))
        return mf_error_set(err, MF_EIO, "cannot make a folder in %s: %s",
                            tmp[0] ? tmp : "/tmp", strerror(errno));
    pthread_mutex_lock(&srv->jobs->mu);
    snprintf(j->dir, sizeof j->dir, "%s", dir);
    pthread_mutex_unlock(&srv->jobs->mu);
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
    o.stop_ctx = j;
    set_stage(srv->jobs, j, "starting");
    if ((rc = app_session_new(&sess, srv->app, err)) == MF_OK)
        rc = app_report(sess, &o, &res, err);
    app_session_free(sess);
    return rc;
}

static void run_plan(struct srv *srv, struct job *j);

/* Runs one job on the worker thread (js->mu not held). */
static void run(struct srv *srv, struct job *j)
{
    if (j->kind != K_PLAN) {
        struct mf_error err = {0};
        char *out = NULL;
        int rc = j->kind == K_SCENARIOS ? run_scenarios(srv, j, &out, &err)
                                        : run_report(srv, j, &err);
        pthread_mutex_lock(&srv->jobs->mu);
        j->finished = now_s();
        snprintf(j->stage, sizeof j->stage, "finished");
        if (atomic_load(&j->cancel)) {
            j->state = J_CANCELLED;
            free(out);
            job_clear(j);
        } else if (rc == MF_OK) {
            j->state = J_DONE;
            j->progress = 1.0;
            j->result = out;
        } else {
            j->state = J_FAILED;
            j->error_status = problem_status(rc, NULL, NULL);
            snprintf(j->error, sizeof j->error, "%s", err.message);
            free(out);
            job_clear(j);
        }
        pthread_mutex_unlock(&srv->jobs->mu);
        return;
    }
    run_plan(srv, j);
}

/* Runs a plan (js->mu not held). */
static void run_plan(struct srv *srv, struct job *j)
{
    struct app_plan_opts o = APP_PLAN_OPTS_INIT;
    struct app_plan_result res;
    struct app_session *sess = NULL;
    struct mf_error err = {0};
    int rc, saved = 0;

    memset(&res, 0, sizeof res);
    o.name = j->name;
    o.by = j->by;
    o.plan.municipality = j->municipality[0] ? j->municipality : NULL;
    o.plan.from = j->from;
    o.plan.to = j->to;
    o.plan.stop = stop_asked;
    o.plan.stop_ctx = j;
    set_stage(srv->jobs, j, "planning");
    if ((rc = app_session_new(&sess, srv->app, &err)) == MF_OK &&
        (rc = app_plan(sess, &o, &res, &err)) == MF_OK &&
        !atomic_load(&j->cancel)) {
        set_stage(srv->jobs, j, "saving");
        rc = app_plan_save(sess, &o, &res, &err);
        saved = rc == MF_OK;
    }
    app_plan_result_free(&res);
    app_session_free(sess);
    pthread_mutex_lock(&srv->jobs->mu);
    j->finished = now_s();
    snprintf(j->stage, sizeof j->stage, "finished");
    if (saved) {
        j->state = J_DONE;
    } else if (atomic_load(&j->cancel)) {
        /* Stopped by the planner, or cancelled before it was saved. */
        j->state = J_CANCELLED;
    } else {
        j->state = J_FAILED;
        j->error_status = problem_status(rc, NULL, NULL);
        snprintf(j->error, sizeof j->error, "%s", err.message);
    }
    pthread_mutex_unlock(&srv->jobs->mu);
}

static void *worker(void *arg)
{
    struct srv *srv = arg;
    struct jobs *js = srv->jobs;

    pthread_mutex_lock(&js->mu);
    for (;;) {
        struct job *next = NULL;
        int i;
        for (i = 0; i < JOBS_MAX; i++)
            if (js->v[i].state == J_QUEUED && (!next || js->v[i].id < next->id))
                next = &js->v[i];
        if (!next) {
            if (js->stopping)
                break;
            pthread_cond_wait(&js->cv, &js->mu);
            continue;
        }
        if (js->stopping || atomic_load(&next->cancel)) {
            next->state = J_CANCELLED;
            next->finished = now_s();
            continue;
        }
        next->state = J_RUNNING;
        next->started = now_s();
        pthread_mutex_unlock(&js->mu);
        run(srv, next);
        pthread_mutex_lock(&js->mu);
    }
    pthread_mutex_unlock(&js->mu);
    return NULL;
}

int jobs_start(struct srv *srv)
{
    struct jobs *js = calloc(1, sizeof *js);

    if (!js)
        return -1;
    pthread_mutex_init(&js->mu, NULL);
    pthread_cond_init(&js->cv, NULL);
    js->next_id = 1;
    srv->jobs = js;
    if (pthread_create(&js->worker, NULL, worker, srv)) {
        pthread_cond_destroy(&js->cv);
        pthread_mutex_destroy(&js->mu);
        free(js);
        srv->jobs = NULL;
        return -1;
    }
    return 0;
}

void jobs_stop(struct srv *srv)
{
    struct jobs *js = srv->jobs;
    int i;

    if (!js)
        return;
    pthread_mutex_lock(&js->mu);
    js->stopping = 1;
    for (i = 0; i < JOBS_MAX; i++)
        atomic_store(&js->v[i].cancel, 1);
    pthread_cond_broadcast(&js->cv);
    pthread_mutex_unlock(&js->mu);
    pthread_join(js->worker, NULL);
    for (i = 0; i < JOBS_MAX; i++)
        job_clear(&js->v[i]);
    pthread_cond_destroy(&js->cv);
    pthread_mutex_destroy(&js->mu);
    free(js);
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

/* The job as JSON; js->mu held. */
static json_t *job_json(const struct job *j)
{
    char self[64], result[128];
    json_t *o, *names;
    int i;

    snprintf(self, sizeof self, "/api/v1/jobs/%lld", (long long)j->id);
    if (j->kind == K_PLAN)
        snprintf(result, sizeof result, "/api/v1/plans/%s", j->name);
    else
        snprintf(result, sizeof result, "/api/v1/jobs/%lld/result",
                 (long long)j->id);
    o = json_pack("{s:I, s:s, s:s, s:s, s:s, s:I, s:o, s:o, s:o, s:o, s:b}",
                  "id", (json_int_t)j->id, "kind", kind_names[j->kind], "state",
                  state_names[j->state], "stage", j->stage, "self", self,
                  "pivots", (json_int_t)atomic_load(&j->pivots), "created",
                  time_or_null(j->created), "started", time_or_null(j->started),
                  "finished", time_or_null(j->finished), "result",
                  j->state == J_DONE ? json_string(result) : json_null(),
                  "cancel_requested", atomic_load(&j->cancel) != 0);
    if (o && j->state == J_FAILED)
        json_object_set_new(o, "error",
                            json_pack("{s:i, s:s}", "status", j->error_status,
                                      "detail", j->error));
    if (o && j->kind != K_PLAN) {
        names = json_array();
        for (i = 0; names && i < j->n_names; i++)
            json_array_append_new(names, json_string(j->names[i]));
        json_object_set_new(o, "scenarios", names ? names : json_null());
        json_object_set_new(o, "lang", json_string(j->lang));
    }
    if (o && j->kind == K_REPORT) {
        char area[200];
        json_object_set_new(o, "format", json_string(formats[j->format].name));
        app_scope_text(&j->scope, j->lang, area, sizeof area);
        json_object_set_new(o, "area", json_string(area));
    }
    if (o)
        json_object_set_new(
            o, "progress",
            json_real(j->state == J_QUEUED ? 0.0
                      : j->state == J_RUNNING
                          ? (j->kind == K_PLAN ? 0.5 : j->progress)
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

/* Puts a copy of job t in a free slot (or the oldest finished one) and
 * wakes the worker; answers 202 with the job and its Location, or 503
 * when every slot is queued or running. The job's id in *id (0 on 503). */
static void queue(struct req *r, const struct job *t, int64_t *id)
{
    struct jobs *js = r->srv->jobs;
    struct job *slot = NULL;
    json_t *out;
    char loc[64];
    int i;

    *id = 0;
    pthread_mutex_lock(&js->mu);
    for (i = 0; i < JOBS_MAX; i++) {
        struct job *j = &js->v[i];
        if (j->state == J_FREE) {
            slot = j;
            break;
        }
        if ((j->state == J_DONE || j->state == J_FAILED ||
             j->state == J_CANCELLED) &&
            (!slot || j->id < slot->id))
            slot = j;
    }
    if (!slot) {
        pthread_mutex_unlock(&js->mu);
        req_header(r, "Retry-After", "30");
        req_problem(r, 503, "busy", "Too many jobs",
                    "every job slot is queued or running; try again later",
                    NULL);
        return;
    }
    job_clear(slot);
    memcpy(slot, t, sizeof *slot);
    slot->id = js->next_id++;
    slot->owner = r->user.id;
    slot->state = J_QUEUED;
    slot->created = now_s();
    snprintf(slot->stage, sizeof slot->stage, "queued");
    out = job_json(slot);
    *id = slot->id;
    snprintf(loc, sizeof loc, "/api/v1/jobs/%lld", (long long)*id);
    pthread_cond_signal(&js->cv);
    pthread_mutex_unlock(&js->mu);
    req_header(r, "Location", loc);
    req_json(r, 202, out);
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

/* With several worker processes, a job's table lives in the worker that
 * took it, so a later GET could reach another worker that does not know
 * it: new jobs are refused (503) rather than lost half the time (so no
 * job exists to be asked about). 1 when refused. */
static int refused_in_workers(struct req *r)
{
    if (r->srv->cfg->workers <= 1)
        return 0;
    req_problem(r, 503, "jobs_unavailable", "Jobs unavailable",
                "plans, comparisons and reports run as jobs only on a server "
                "with one worker process (--workers 1); this one has several",
                NULL);
    return 1;
}

void jobs_create_plan(struct req *r, json_t *body)
{
    static const char *const known[] = {"name", "municipality", "from", "to",
                                        NULL};
    json_t *v;
    char name[65] = "plan", mun[8] = "";
    int32_t from, to;
    int64_t id;

    if (refused_in_workers(r))
        return;

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
        queue(r, &j, &id);
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

    if (refused_in_workers(r))
        return;

    memset(&j, 0, sizeof j);
    j.kind = K_SCENARIOS;
    if (members_ok(r, body, known) || scenario_members(r, body, &j, 0))
        return;
    queue(r, &j, &id);
    if (id)
        audit_job(r, "scenarios.run", id,
                  json_pack("{s:o, s:s}", "scenarios", names_json(&j), "lang",
                            j.lang));
}

/* The member "area" of a report: an object with one of the scope's
 * options, named as app_scope_set names them without the dashes
 * (project, organisation, municipality, county, near and radius, bbox),
 * each a string as the CLI takes it ("bbox": "W,S,E,N"; bbox and near
 * may also be arrays of numbers); absent or {}: the whole region. 0, or
 * -1 when answered with a problem whose `where` is "area.NAME". */
static int area_member(struct req *r, json_t *body, struct app_scope *sc)
{
    json_t *a = json_object_get(body, "area"), *v;
    struct mf_error err = {0};
    const char *k;
    char opt[40], val[200], where[48];

    *sc = (struct app_scope)APP_SCOPE_INIT;
    if (!a || json_is_null(a))
        return 0;
    if (!json_is_object(a)) {
        req_problem(r, 400, "invalid", "Invalid input",
                    "must be an object naming one part of the region, e.g. "
                    "{\"municipality\":\"3301\"}",
                    "area");
        return -1;
    }
    json_object_foreach(a, k, v)
    {
        snprintf(opt, sizeof opt, "--%.30s", k);
        snprintf(where, sizeof where, "area.%.30s", k);
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
            req_problem(r, 400, "invalid", "Invalid input",
                        "unknown area; one of project, organisation, "
                        "municipality, county, near and radius, bbox",
                        where);
            return -1;
        }
        if (app_scope_set(sc, opt, val, &err)) {
            req_problem(r, 400, "invalid", "Invalid input", err.message, where);
            return -1;
        }
    }
    if (app_scope_done(sc, &err)) {
        req_problem(r, 400, "invalid", "Invalid input", err.message, "area");
        return -1;
    }
    return 0;
}

void jobs_create_report(struct req *r, json_t *body)
{
    static const char *const known[] = {"format", "scenarios", "lang", "area",
                                        NULL};
    struct job j;
    json_t *v;
    int64_t id;
    size_t i;

    if (refused_in_workers(r))
        return;

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
    queue(r, &j, &id);
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

/* The job with this id that the caller may see; js->mu held. */
static struct job *find(struct req *r, const char *id_text)
{
    struct jobs *js = r->srv->jobs;
    char *end;
    long long id = id_text ? strtoll(id_text, &end, 10) : 0;
    int i;

    if (!id_text || *end || id <= 0)
        return NULL;
    for (i = 0; i < JOBS_MAX; i++) {
        struct job *j = &js->v[i];
        if (j->state != J_FREE && j->id == id &&
            (j->owner == r->user.id || !strcmp(r->user.role, "administrator")))
            return j;
    }
    return NULL;
}

void jobs_get(struct req *r, const char *id)
{
    struct jobs *js = r->srv->jobs;
    struct job *j;
    json_t *out;

    pthread_mutex_lock(&js->mu);
    j = find(r, id);
    out = j ? job_json(j) : NULL;
    pthread_mutex_unlock(&js->mu);
    if (!j) {
        req_problem(r, 404, "not_found", "Not found",
                    "no job with this id that you started", "id");
        return;
    }
    req_json(r, 200, out);
}

void jobs_cancel(struct req *r, const char *id)
{
    struct jobs *js = r->srv->jobs;
    struct job *j;
    json_t *out = NULL;
    int finished = 0;

    pthread_mutex_lock(&js->mu);
    j = find(r, id);
    if (j) {
        finished = j->state == J_DONE || j->state == J_FAILED ||
                   j->state == J_CANCELLED;
        if (!finished) {
            atomic_store(&j->cancel, 1);
            if (j->state == J_QUEUED) {
                j->state = J_CANCELLED;
                j->finished = now_s();
                snprintf(j->stage, sizeof j->stage, "finished");
            }
        }
        out = job_json(j);
    }
    pthread_mutex_unlock(&js->mu);
    if (!j) {
        req_problem(r, 404, "not_found", "Not found",
                    "no job with this id that you started", "id");
        return;
    }
    if (finished) {
        json_decref(out);
        req_problem(r, 409, "conflict", "Conflict",
                    "the job has finished; there is nothing to cancel", "id");
        return;
    }
    req_json(r, 202, out);
}

/* GET /api/v1/jobs/{id}/result: a comparison's JSON, or a report's file
 * as an attachment (the API's Cache-Control: no-store keeps it out of
 * caches). */
void jobs_result(struct req *r, const char *id)
{
    struct jobs *js = r->srv->jobs;
    struct job *j;
    char *text = NULL, path[1200], disp[120];
    int fd = -1, state = J_FREE, kind = K_PLAN, format = 0;
    long long jid = 0;
    struct stat sb;

    pthread_mutex_lock(&js->mu);
    j = find(r, id);
    if (j) {
        state = (int)j->state;
        kind = (int)j->kind;
        format = j->format;
        jid = (long long)j->id;
        if (state == J_DONE && kind == K_SCENARIOS && j->result)
            text = strdup(j->result);
        if (state == J_DONE && kind == K_REPORT && j->dir[0]) {
            /* Opened under the lock: the folder may go once it is let go
             * (the slot reused), the open file stays readable. */
            snprintf(path, sizeof path, "%s/%s", j->dir, formats[format].file);
            fd = open(path, O_RDONLY | O_CLOEXEC);
        }
    }
    pthread_mutex_unlock(&js->mu);
    if (!j) {
        req_problem(r, 404, "not_found", "Not found",
                    "no job with this id that you started", "id");
        return;
    }
    if (kind == K_PLAN) {
        req_problem(r, 404, "not_found", "Not found",
                    "a plan job's result is the stored plan its `result` "
                    "names (/api/v1/plans/NAME)",
                    "id");
        return;
    }
    if (state != J_DONE) {
        req_problem(r, 409, "conflict", "Conflict",
                    state == J_QUEUED || state == J_RUNNING
                        ? "the job has not finished yet; poll /api/v1/jobs/ID"
                        : "the job did not succeed; it has no result",
                    "id");
        return;
    }
    if (kind == K_SCENARIOS) {
        if (!text) {
            req_problem(r, 500, "internal", "Internal error", "out of memory",
                        NULL);
            return;
        }
        req_json_text(r, 200, text);
        return;
    }
    if (fd < 0 || fstat(fd, &sb) || !S_ISREG(sb.st_mode)) {
        if (fd >= 0)
            close(fd);
        req_problem(r, 500, "internal", "Internal error",
                    "the report's file cannot be read", NULL);
        return;
    }
    snprintf(disp, sizeof disp,
             "attachment; filename=\"masseflyt-report-%lld.%s\"", jid,
             formats[format].name);
    req_header(r, "Content-Disposition", disp);
    r->status = 200;
    r->ctype = formats[format].ctype;
    r->resp_fd = fd;
    r->resp_fd_len = (size_t)sb.st_size;
}
