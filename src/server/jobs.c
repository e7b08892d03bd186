/*
 * jobs.c - long work outside the request: POST /api/v1/plans queues a
 * job and answers 202 at once; one worker thread runs the jobs in order,
 * each on its own app session (its own store connection), and stores the
 * plan through the app's plan use case (app_plan, app_plan_save). GET
 * /api/v1/jobs/{id} gives the state, the stage and the result's address;
 * DELETE asks it to stop: a queued job is cancelled at once, a running
 * plan is stopped by the planner, which asks between pricing rounds and
 * every 1,024 pivots (mf_plan_opts.stop).
 *
 * The table keeps the last JOBS_MAX jobs; a finished job makes room for a
 * new one, oldest first. A job is seen only by who started it and by
 * administrators (anyone else gets 404).
 */
#include "accounts.h"
#include "srv_int.h"

#include "app.h"

#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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

struct job {
    enum job_state state;
    int64_t id;
    int64_t owner;
    atomic_int cancel;
    atomic_llong pivots;
    char stage[24];
    int64_t created, started, finished;
    /* what to plan */
    char name[65];
    char municipality[8];
    int32_t from, to;
    /* the outcome */
    int error_status;
    char error[400];
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

/* Runs one job on the worker thread (js->mu not held). */
static void run(struct srv *srv, struct job *j)
{
    struct app_plan_opts o = APP_PLAN_OPTS_INIT;
    struct app_plan_result res;
    struct app_session *sess = NULL;
    struct mf_error err = {0};
    int rc, saved = 0;

    memset(&res, 0, sizeof res);
    o.name = j->name;
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
    json_t *o;

    snprintf(self, sizeof self, "/api/v1/jobs/%lld", (long long)j->id);
    snprintf(result, sizeof result, "/api/v1/plans/%s", j->name);
    o = json_pack("{s:I, s:s, s:s, s:s, s:s, s:I, s:o, s:o, s:o, s:o, s:b}",
                  "id", (json_int_t)j->id, "kind", "plan", "state",
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
    if (o)
        json_object_set_new(o, "progress",
                            json_real(j->state == J_QUEUED    ? 0.0
                                      : j->state == J_RUNNING ? 0.5
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

/* The request in the audit log (the plan itself is a stored document,
 * read back under /api/v1/plans/NAME). */
static void audit_job(struct req *r, const char *target, const char *name,
                      const char *mun)
{
    struct store *st = r->srv->st;
    struct mf_error err = {0};
    json_t *a = json_pack("{s:s, s:o}", "name", name, "municipality",
                          mun[0] ? json_string(mun) : json_null());
    char *after = a ? json_dumps(a, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
    struct store_audit au = {.actor = r->user.id,
                             .actor_email = r->user.email,
                             .action = "plan.run",
                             .target = target,
                             .after = after};

    json_decref(a);
    pthread_mutex_lock(&r->srv->lock);
    st->ops->audit_append(st, now_s(), &au, &err);
    pthread_mutex_unlock(&r->srv->lock);
    free(after);
}

void jobs_create_plan(struct req *r, json_t *body)
{
    struct jobs *js = r->srv->jobs;
    struct job *slot = NULL;
    const char *k;
    json_t *v, *out;
    char name[65] = "plan", mun[8] = "", loc[64];
    int32_t from, to;
    int64_t id;
    int i;

    json_object_foreach(body, k, v)
    {
        if (strcmp(k, "name") && strcmp(k, "municipality") &&
            strcmp(k, "from") && strcmp(k, "to")) {
            req_problem(r, 400, "invalid", "Invalid input", "unknown field", k);
            return;
        }
    }
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
    memset(slot, 0, sizeof *slot);
    slot->id = js->next_id++;
    slot->owner = r->user.id;
    slot->state = J_QUEUED;
    slot->created = now_s();
    snprintf(slot->stage, sizeof slot->stage, "queued");
    snprintf(slot->name, sizeof slot->name, "%s", name);
    snprintf(slot->municipality, sizeof slot->municipality, "%s", mun);
    slot->from = from;
    slot->to = to;
    out = job_json(slot);
    id = slot->id;
    snprintf(loc, sizeof loc, "/api/v1/jobs/%lld", (long long)id);
    pthread_cond_signal(&js->cv);
    pthread_mutex_unlock(&js->mu);
    req_header(r, "Location", loc);
    snprintf(loc, sizeof loc, "job/%lld", (long long)id);
    audit_job(r, loc, name, mun);
    req_json(r, 202, out);
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
