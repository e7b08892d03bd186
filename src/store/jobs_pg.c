/*
 * jobs_pg.c - the server's job queue in PostgreSQL (migrations/pg/
 * 020_jobs.sql), statement for statement as jobs_sqlite.c. A claim is one
 * transaction whose statements pick their rows with SELECT ... FOR UPDATE
 * SKIP LOCKED: two workers never take the same job, and none waits for a
 * row another is taking. Every value is a parameter.
 */
#include "pg_result.h"
#include "jobs_store.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Runs sql with n parameters (text, but for the ones `lens` gives a
 * length for: binary); *out (when given) keeps the result. */
static int run(struct store *st, const char *sql, int n, const char *const *p,
               const int *lens, const char *what, PGresult **out,
               struct mf_error *err)
{
    return pgq_run(st, sql, n, p, lens, NULL, NULL, what, out, err);
}

static int read_job(const PGresult *r, int row, int with_result,
                    struct store_job *j, struct mf_error *err)
{
    char *end;

    memset(j, 0, sizeof *j);
    j->id = pgq_int_at(r, row, 0);
    pgq_text_at(j->kind, sizeof j->kind, r, row, 1);
    j->owner = pgq_int_at(r, row, 2);
    pgq_text_at(j->state, sizeof j->state, r, row, 3);
    pgq_text_at(j->stage, sizeof j->stage, r, row, 4);
    j->progress = strtod(PQgetvalue(r, row, 5), &end);
    j->pivots = pgq_int_at(r, row, 6);
    pgq_text_at(j->result_type, sizeof j->result_type, r, row, 8);
    j->error_status = (int)pgq_int_at(r, row, 9);
    pgq_text_at(j->error, sizeof j->error, r, row, 10);
    j->created = pgq_int_at(r, row, 11);
    j->started = pgq_int_at(r, row, 12);
    j->finished = pgq_int_at(r, row, 13);
    pgq_text_at(j->lease_owner, sizeof j->lease_owner, r, row, 14);
    j->lease_expires = pgq_int_at(r, row, 15);
    j->attempts = (int)pgq_int_at(r, row, 16);
    j->cancel = (int)pgq_int_at(r, row, 17);
    if (!(j->params = strdup(PQgetvalue(r, row, 7))))
        return mf_error_set(err, MF_ENOMEM, "out of memory");
    if (with_result && !PQgetisnull(r, row, JOB_NCOLS)) {
        size_t n = 0;
        unsigned char *b = PQunescapeBytea(
            (const unsigned char *)PQgetvalue(r, row, JOB_NCOLS), &n);
        if (!b || !(j->result = malloc(n + 1))) {
            PQfreemem(b);
            store_job_free(j);
            return mf_error_set(err, MF_ENOMEM, "out of memory");
        }
        if (n)
            memcpy(j->result, b, n);
        j->result[n] = '\0';
        j->result_len = n;
        PQfreemem(b);
    }
    return MF_OK;
}

int jobs_pg_enqueue(struct store *st, struct store_job *j,
                    int64_t finished_before, struct mf_error *err)
{
    struct pgq_num a, b;
    PGresult *res;
    int rc;

    if (finished_before > 0) {
        const char *p[1] = {pgq_num(&a, finished_before)};
        if ((rc = run(st,
                      "DELETE FROM job WHERE finished > 0 AND finished < "
                      "$1::bigint AND state IN ('succeeded', 'failed', "
                      "'cancelled')",
                      1, p, NULL, "deleting old jobs", NULL, err)))
            return rc;
    }
    {
        const char *p[4] = {j->kind, pgq_num(&a, j->owner),
                            j->params ? j->params : "{}",
                            pgq_num(&b, j->created)};
        if ((rc = run(st,
                      "INSERT INTO job (kind, owner, params, created) VALUES "
                      "($1, $2::bigint, $3, $4::bigint) RETURNING id",
                      4, p, NULL, "queueing a job", &res, err)))
            return rc;
    }
    j->id = pgq_int_at(res, 0, 0);
    PQclear(res);
    snprintf(j->state, sizeof j->state, "queued");
    snprintf(j->stage, sizeof j->stage, "queued");
    return MF_OK;
}

static int claim(struct store *st, const char *worker, int64_t now,
                 int64_t lease_s, int max_attempts, struct store_job *out,
                 struct mf_error *err)
{
    struct pgq_num a, b, c;
    PGresult *res;
    int rc;

    {
        const char *p[1] = {pgq_num(&a, now)};
        if ((rc = run(st,
                      "UPDATE job SET state = 'cancelled', stage = "
                      "'finished', finished = $1::bigint, lease_expires = 0 "
                      "WHERE id IN (SELECT id FROM job WHERE cancel = 1 AND "
                      "(state = 'queued' OR (state = 'running' AND "
                      "lease_expires < $1::bigint)) FOR UPDATE SKIP LOCKED)",
                      1, p, NULL, "cancelling jobs", NULL, err)))
            return rc;
    }
    {
        const char *p[3] = {pgq_num(&a, now), pgq_num(&b, max_attempts),
                            JOB_GAVE_UP};
        if ((rc = run(st,
                      "UPDATE job SET state = 'failed', stage = 'finished', "
                      "finished = $1::bigint, lease_expires = 0, "
                      "error_status = 500, error = $3 WHERE id IN (SELECT id "
                      "FROM job WHERE state = 'running' AND lease_expires < "
                      "$1::bigint AND attempts >= $2::bigint FOR UPDATE SKIP "
                      "LOCKED)",
                      3, p, NULL, "failing abandoned jobs", NULL, err)))
            return rc;
    }
    {
        const char *p[3] = {pgq_num(&a, now), worker, pgq_num(&c, lease_s)};
        if ((rc = run(st,
                      "UPDATE job SET state = 'running', stage = 'starting', "
                      "progress = 0, pivots = 0, lease_owner = $2, "
                      "lease_expires = $1::bigint + $3::bigint, attempts = "
                      "attempts + 1, started = CASE WHEN started = 0 THEN "
                      "$1::bigint ELSE started END WHERE id = (SELECT id FROM "
                      "job WHERE state = 'queued' OR (state = 'running' AND "
                      "lease_expires < $1::bigint) ORDER BY id LIMIT 1 FOR "
                      "UPDATE SKIP LOCKED) RETURNING " JOB_COLS,
                      3, p, NULL, "taking a job", &res, err)))
            return rc;
    }
    rc = PQntuples(res) == 1 ? read_job(res, 0, 0, out, err)
                             : mf_error_set(err, MF_ENOTFOUND, "no job waits");
    PQclear(res);
    return rc;
}

int jobs_pg_claim(struct store *st, const char *worker, int64_t now,
                  int64_t lease_s, int max_attempts, struct store_job *out,
                  struct mf_error *err)
{
    PGconn *c;
    int own, rc;

    memset(out, 0, sizeof *out);
    if ((rc = store_pg_conn(st, &c, err)))
        return rc;
    own = PQtransactionStatus(c) == PQTRANS_IDLE;
    if (own && (rc = run(st, "BEGIN", 0, NULL, NULL, "starting to take a job",
                         NULL, err)))
        return rc;
    rc = claim(st, worker, now, lease_s, max_attempts, out, err);
    if (own) {
        /* A job not found still commits what was cancelled or failed. */
        if (rc == MF_OK || rc == MF_ENOTFOUND) {
            struct mf_error e2 = {0};
            if (run(st, "COMMIT", 0, NULL, NULL, "taking a job", NULL, &e2)) {
                store_job_free(out);
                *err = e2;
                rc = e2.code ? e2.code : MF_ESTORE;
            }
        }
        if (PQtransactionStatus(c) != PQTRANS_IDLE)
            run(st, "ROLLBACK", 0, NULL, NULL, "", NULL, NULL);
    }
    return rc;
}

int jobs_pg_renew(struct store *st, int64_t id, const char *worker, int64_t now,
                  int64_t lease_s, const char *stage, double progress,
                  int64_t pivots, int *cancel, struct mf_error *err)
{
    struct pgq_num a, b, c;
    char prog[40];
    PGresult *res;
    int rc;

    snprintf(prog, sizeof prog, "%.17g", progress);
    {
        const char *p[6] = {
            pgq_num(&a, now + lease_s), stage,           prog,
            pgq_num(&b, pivots),        pgq_num(&c, id), worker};
        if ((rc = run(st,
                      "UPDATE job SET lease_expires = $1::bigint, stage = "
                      "coalesce($2, stage), progress = $3::double precision, "
                      "pivots = $4::bigint WHERE id = $5::bigint AND state = "
                      "'running' AND lease_owner = $6 RETURNING cancel",
                      6, p, NULL, "renewing a job's lease", &res, err)))
            return rc;
    }
    if (PQntuples(res) != 1) {
        PQclear(res);
        return mf_error_set(err, MF_ERANGE,
                            "job %lld is no longer held by this worker",
                            (long long)id);
    }
    *cancel = (int)pgq_int_at(res, 0, 0);
    PQclear(res);
    return MF_OK;
}

int jobs_pg_finish(struct store *st, const struct store_job *j, int64_t now,
                   struct mf_error *err)
{
    struct pgq_num a, b, c;
    PGresult *res;
    const char *p[8] = {j->state,
                        (const char *)j->result,
                        pgq_text_or_null(j->result_type),
                        pgq_num(&a, j->error_status),
                        pgq_text_or_null(j->error),
                        pgq_num(&b, now),
                        pgq_num(&c, j->id),
                        j->lease_owner};
    int lens[8] = {-1, j->result ? (int)j->result_len : -1, -1, -1, -1, -1, -1,
                   -1};
    long changed;
    char *end;
    int rc;

    if (j->result && j->result_len > 0x7fffffff)
        return mf_error_set(err, MF_ERANGE,
                            "a job's result of %zu bytes is "
                            "too large to store",
                            j->result_len);
    if ((rc = run(st,
                  "UPDATE job SET state = $1, stage = 'finished', progress = "
                  "CASE WHEN $1 = 'succeeded' THEN 1 ELSE progress END, "
                  "result = $2::bytea, result_type = $3, error_status = "
                  "$4::bigint, error = $5, finished = $6::bigint, "
                  "lease_expires = 0 WHERE id = $7::bigint AND state = "
                  "'running' AND lease_owner = $8",
                  8, p, lens, "finishing a job", &res, err)))
        return rc;
    changed = strtol(PQcmdTuples(res), &end, 10);
    PQclear(res);
    if (changed != 1)
        return mf_error_set(err, MF_ERANGE,
                            "job %lld is no longer held by this worker",
                            (long long)j->id);
    return MF_OK;
}

int jobs_pg_cancel(struct store *st, int64_t id, int64_t now,
                   struct mf_error *err)
{
    struct pgq_num a, b;
    const char *p[2] = {pgq_num(&a, now), pgq_num(&b, id)};
    PGresult *res;
    long changed;
    char *end;
    int rc;

    if ((rc = run(st,
                  "UPDATE job SET cancel = CASE WHEN state IN ('queued', "
                  "'running') THEN 1 ELSE cancel END, finished = CASE WHEN "
                  "state = 'queued' THEN $1::bigint ELSE finished END, stage "
                  "= CASE WHEN state = 'queued' THEN 'finished' ELSE stage "
                  "END, state = CASE WHEN state = 'queued' THEN 'cancelled' "
                  "ELSE state END WHERE id = $2::bigint",
                  2, p, NULL, "cancelling a job", &res, err)))
        return rc;
    changed = strtol(PQcmdTuples(res), &end, 10);
    PQclear(res);
    if (changed != 1)
        return mf_error_set(err, MF_ENOTFOUND, "no job %lld", (long long)id);
    return MF_OK;
}

int jobs_pg_get(struct store *st, int64_t id, int with_result,
                struct store_job *out, struct mf_error *err)
{
    struct pgq_num a;
    const char *p[1] = {pgq_num(&a, id)};
    PGresult *res;
    int rc;

    memset(out, 0, sizeof *out);
    if ((rc = run(st,
                  with_result ? "SELECT " JOB_COLS
                                ", result FROM job WHERE id = $1::bigint"
                              : "SELECT " JOB_COLS
                                " FROM job WHERE id = $1::bigint",
                  1, p, NULL, "reading a job", &res, err)))
        return rc;
    rc = PQntuples(res) == 1
             ? read_job(res, 0, with_result, out, err)
             : mf_error_set(err, MF_ENOTFOUND, "no job %lld", (long long)id);
    PQclear(res);
    return rc;
}

int jobs_pg_list(struct store *st, int64_t owner, int limit,
                 struct store_job **out, size_t *n, struct mf_error *err)
{
    struct pgq_num a, b;
    const char *p[2] = {pgq_num(&a, owner),
                        limit > 0 ? pgq_num(&b, limit) : NULL};
    struct store_job *v;
    PGresult *res;
    int i, k, rc;

    *out = NULL;
    *n = 0;
    if ((rc = run(st,
                  "SELECT " JOB_COLS " FROM job WHERE $1::bigint = 0 OR "
                  "owner = $1::bigint ORDER BY id DESC LIMIT $2::bigint",
                  2, p, NULL, "listing jobs", &res, err)))
        return rc;
    k = PQntuples(res);
    if (!(v = calloc(k ? (size_t)k : 1, sizeof *v))) {
        PQclear(res);
        return mf_error_set(err, MF_ENOMEM, "out of memory");
    }
    for (i = 0; i < k; i++)
        if ((rc = read_job(res, i, 0, &v[i], err))) {
            while (i)
                store_job_free(&v[--i]);
            free(v);
            PQclear(res);
            return rc;
        }
    PQclear(res);
    *out = v;
    *n = (size_t)k;
    return MF_OK;
}
