/*
 * jobs_sqlite.c - the server's job queue in SQLite (migration
 * 020_jobs.sql). SQLite has one writer at a time, so a claim is its
 * statements in one BEGIN IMMEDIATE transaction: no two workers take the
 * same job. Every statement is prepared with bound parameters.
 */
#include "accounts_sqlite.h"
#include "jobs_store.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int fail(struct store *st, struct mf_error *err, const char *what)
{
    const char *path;
    sqlite3 *db = store_sqlite_db(st, &path);

    return mf_error_at(err, MF_ESTORE, path, "%s: %s", what,
                       sqlite3_errmsg(db));
}

static int prep(struct store *st, const char *sql, sqlite3_stmt **out,
                struct mf_error *err)
{
    if (sqlite3_prepare_v2(store_sqlite_db(st, NULL), sql, -1, out, NULL) !=
        SQLITE_OK)
        return fail(st, err, "preparing a statement about jobs");
    return MF_OK;
}

/* Steps a statement that returns no rows and finalises it. */
static int step_done(struct store *st, sqlite3_stmt *s, const char *what,
                     struct mf_error *err)
{
    int rc = sqlite3_step(s) == SQLITE_DONE ? MF_OK : fail(st, err, what);

    sqlite3_finalize(s);
    return rc;
}

static void text(char *dst, size_t len, sqlite3_stmt *s, int col)
{
    const unsigned char *t = sqlite3_column_text(s, col);

    snprintf(dst, len, "%s", t ? (const char *)t : "");
}

/* Reads the row (JOB_COLS, then the result with with_result) into j. */
static int read_job(sqlite3_stmt *s, int with_result, struct store_job *j,
                    struct mf_error *err)
{
    const unsigned char *p;

    memset(j, 0, sizeof *j);
    j->id = sqlite3_column_int64(s, 0);
    text(j->kind, sizeof j->kind, s, 1);
    j->owner = sqlite3_column_int64(s, 2);
    text(j->state, sizeof j->state, s, 3);
    text(j->stage, sizeof j->stage, s, 4);
    j->progress = sqlite3_column_double(s, 5);
    j->pivots = sqlite3_column_int64(s, 6);
    p = sqlite3_column_text(s, 7);
    text(j->result_type, sizeof j->result_type, s, 8);
    j->error_status = sqlite3_column_int(s, 9);
    text(j->error, sizeof j->error, s, 10);
    j->created = sqlite3_column_int64(s, 11);
    j->started = sqlite3_column_int64(s, 12);
    j->finished = sqlite3_column_int64(s, 13);
    text(j->lease_owner, sizeof j->lease_owner, s, 14);
    j->lease_expires = sqlite3_column_int64(s, 15);
    j->attempts = sqlite3_column_int(s, 16);
    j->cancel = sqlite3_column_int(s, 17);
    if (!(j->params = strdup(p ? (const char *)p : "{}")))
        return mf_error_set(err, MF_ENOMEM, "out of memory");
    if (with_result && sqlite3_column_type(s, JOB_NCOLS) != SQLITE_NULL) {
        const void *b = sqlite3_column_blob(s, JOB_NCOLS);
        size_t n = (size_t)sqlite3_column_bytes(s, JOB_NCOLS);
        if (!(j->result = malloc(n + 1))) {
            store_job_free(j);
            return mf_error_set(err, MF_ENOMEM, "out of memory");
        }
        if (n)
            memcpy(j->result, b, n);
        j->result[n] = '\0'; /* JSON text reads as a string */
        j->result_len = n;
    }
    return MF_OK;
}

int jobs_sqlite_enqueue(struct store *st, struct store_job *j,
                        int64_t finished_before, struct mf_error *err)
{
    sqlite3_stmt *s;
    int rc;

    if (finished_before > 0) {
        if ((rc = prep(st,
                       "DELETE FROM job WHERE finished > 0 AND finished < ? "
                       "AND state IN ('succeeded', 'failed', 'cancelled')",
                       &s, err)))
            return rc;
        sqlite3_bind_int64(s, 1, finished_before);
        if ((rc = step_done(st, s, "deleting old jobs", err)))
            return rc;
    }
    if ((rc = prep(st,
                   "INSERT INTO job (kind, owner, params, created) "
                   "VALUES (?,?,?,?) RETURNING id",
                   &s, err)))
        return rc;
    sqlite3_bind_text(s, 1, j->kind, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int64(s, 2, j->owner);
    sqlite3_bind_text(s, 3, j->params ? j->params : "{}", -1, SQLITE_TRANSIENT);
    sqlite3_bind_int64(s, 4, j->created);
    if (sqlite3_step(s) != SQLITE_ROW) {
        rc = fail(st, err, "queueing a job");
        sqlite3_finalize(s);
        return rc;
    }
    /* SQLite makes every change of a RETURNING statement in its first
     * step. */
    j->id = sqlite3_column_int64(s, 0);
    sqlite3_finalize(s);
    snprintf(j->state, sizeof j->state, "queued");
    snprintf(j->stage, sizeof j->stage, "queued");
    return MF_OK;
}

/* Runs the claim's statements; in a transaction of the caller's or
 * jobs_sqlite_claim's own. */
static int claim(struct store *st, const char *worker, int64_t now,
                 int64_t lease_s, int max_attempts, struct store_job *out,
                 struct mf_error *err)
{
    sqlite3_stmt *s;
    int rc;

    if ((rc = prep(st,
                   "UPDATE job SET state = 'cancelled', stage = 'finished', "
                   "finished = ?1, lease_expires = 0 WHERE cancel = 1 AND "
                   "(state = 'queued' OR (state = 'running' AND "
                   "lease_expires < ?1))",
                   &s, err)))
        return rc;
    sqlite3_bind_int64(s, 1, now);
    if ((rc = step_done(st, s, "cancelling jobs", err)))
        return rc;
    if ((rc = prep(st,
                   "UPDATE job SET state = 'failed', stage = 'finished', "
                   "finished = ?1, lease_expires = 0, error_status = 500, "
                   "error = ?3 WHERE state = 'running' AND lease_expires < ?1 "
                   "AND attempts >= ?2",
                   &s, err)))
        return rc;
    sqlite3_bind_int64(s, 1, now);
    sqlite3_bind_int(s, 2, max_attempts);
    sqlite3_bind_text(s, 3, JOB_GAVE_UP, -1, SQLITE_STATIC);
    if ((rc = step_done(st, s, "failing abandoned jobs", err)))
        return rc;
    if ((rc = prep(st,
                   "UPDATE job SET state = 'running', stage = 'starting', "
                   "progress = 0, pivots = 0, lease_owner = ?2, "
                   "lease_expires = ?1 + ?3, attempts = attempts + 1, "
                   "started = CASE WHEN started = 0 THEN ?1 ELSE started END "
                   "WHERE id = (SELECT id FROM job WHERE state = 'queued' OR "
                   "(state = 'running' AND lease_expires < ?1) ORDER BY id "
                   "LIMIT 1) RETURNING " JOB_COLS,
                   &s, err)))
        return rc;
    sqlite3_bind_int64(s, 1, now);
    sqlite3_bind_text(s, 2, worker, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int64(s, 3, lease_s);
    rc = sqlite3_step(s);
    if (rc == SQLITE_ROW)
        rc = read_job(s, 0, out, err);
    else if (rc == SQLITE_DONE)
        rc = mf_error_set(err, MF_ENOTFOUND, "no job waits");
    else
        rc = fail(st, err, "taking a job");
    sqlite3_finalize(s);
    return rc;
}

/* Whether a claim could find or change anything (a read, without the
 * write lock an idle worker's claim would take every time it looks):
 * MF_OK when so, MF_ENOTFOUND when not. */
static int waiting(struct store *st, int64_t now, struct mf_error *err)
{
    sqlite3_stmt *s;
    int rc;

    if ((rc = prep(st,
                   "SELECT EXISTS (SELECT 1 FROM job WHERE state = 'queued' "
                   "UNION ALL SELECT 1 FROM job WHERE state = 'running' AND "
                   "lease_expires < ?)",
                   &s, err)))
        return rc;
    sqlite3_bind_int64(s, 1, now);
    rc = sqlite3_step(s) == SQLITE_ROW
             ? (sqlite3_column_int(s, 0)
                    ? MF_OK
                    : mf_error_set(err, MF_ENOTFOUND, "no job waits"))
             : fail(st, err, "looking for jobs");
    sqlite3_finalize(s);
    return rc;
}

int jobs_sqlite_claim(struct store *st, const char *worker, int64_t now,
                      int64_t lease_s, int max_attempts, struct store_job *out,
                      struct mf_error *err)
{
    sqlite3 *db = store_sqlite_db(st, NULL);
    int own = sqlite3_get_autocommit(db), rc;

    memset(out, 0, sizeof *out);
    if (own && (rc = waiting(st, now, err)) != MF_OK)
        return rc; /* none waits: no write lock taken */
    if (own && sqlite3_exec(db, "BEGIN IMMEDIATE", NULL, NULL, NULL))
        return fail(st, err, "starting to take a job");
    rc = claim(st, worker, now, lease_s, max_attempts, out, err);
    if (own) {
        /* A job not found still commits what was cancelled or failed. */
        if ((rc == MF_OK || rc == MF_ENOTFOUND) &&
            sqlite3_exec(db, "COMMIT", NULL, NULL, NULL)) {
            store_job_free(out);
            rc = fail(st, err, "taking a job");
        }
        if (!sqlite3_get_autocommit(db))
            sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
    }
    return rc;
}

int jobs_sqlite_renew(struct store *st, int64_t id, const char *worker,
                      int64_t now, int64_t lease_s, const char *stage,
                      double progress, int64_t pivots, int *cancel,
                      struct mf_error *err)
{
    sqlite3_stmt *s;
    int rc;

    if ((rc = prep(st,
                   "UPDATE job SET lease_expires = ?1, stage = "
                   "coalesce(?2, stage), progress = ?3, pivots = ?4 WHERE id "
                   "= ?5 AND state = 'running' AND lease_owner = ?6 "
                   "RETURNING cancel",
                   &s, err)))
        return rc;
    sqlite3_bind_int64(s, 1, now + lease_s);
    if (stage)
        sqlite3_bind_text(s, 2, stage, -1, SQLITE_TRANSIENT);
    else
        sqlite3_bind_null(s, 2);
    sqlite3_bind_double(s, 3, progress);
    sqlite3_bind_int64(s, 4, pivots);
    sqlite3_bind_int64(s, 5, id);
    sqlite3_bind_text(s, 6, worker, -1, SQLITE_TRANSIENT);
    rc = sqlite3_step(s);
    if (rc == SQLITE_ROW) {
        *cancel = sqlite3_column_int(s, 0);
        rc = MF_OK;
    } else if (rc == SQLITE_DONE) {
        rc = mf_error_set(err, MF_ERANGE,
                          "job %lld is no longer held by this worker",
                          (long long)id);
    } else {
        rc = fail(st, err, "renewing a job's lease");
    }
    sqlite3_finalize(s);
    return rc;
}

int jobs_sqlite_finish(struct store *st, const struct store_job *j, int64_t now,
                       struct mf_error *err)
{
    sqlite3_stmt *s;
    int rc;

    if ((rc = prep(st,
                   "UPDATE job SET state = ?1, stage = 'finished', progress "
                   "= CASE WHEN ?1 = 'succeeded' THEN 1 ELSE progress END, "
                   "result = ?2, result_type = ?3, error_status = ?4, error "
                   "= ?5, finished = ?6, lease_expires = 0 WHERE id = ?7 AND "
                   "state = 'running' AND lease_owner = ?8",
                   &s, err)))
        return rc;
    sqlite3_bind_text(s, 1, j->state, -1, SQLITE_TRANSIENT);
    if (j->result)
        sqlite3_bind_blob64(s, 2, j->result, (sqlite3_uint64)j->result_len,
                            SQLITE_STATIC);
    else
        sqlite3_bind_null(s, 2);
    if (j->result_type[0])
        sqlite3_bind_text(s, 3, j->result_type, -1, SQLITE_TRANSIENT);
    else
        sqlite3_bind_null(s, 3);
    sqlite3_bind_int(s, 4, j->error_status);
    if (j->error[0])
        sqlite3_bind_text(s, 5, j->error, -1, SQLITE_TRANSIENT);
    else
        sqlite3_bind_null(s, 5);
    sqlite3_bind_int64(s, 6, now);
    sqlite3_bind_int64(s, 7, j->id);
    sqlite3_bind_text(s, 8, j->lease_owner, -1, SQLITE_TRANSIENT);
    if ((rc = step_done(st, s, "finishing a job", err)))
        return rc;
    if (sqlite3_changes(store_sqlite_db(st, NULL)) != 1)
        return mf_error_set(err, MF_ERANGE,
                            "job %lld is no longer held by this worker",
                            (long long)j->id);
    return MF_OK;
}

int jobs_sqlite_cancel(struct store *st, int64_t id, int64_t now,
                       struct mf_error *err)
{
    sqlite3_stmt *s;
    int rc;

    if ((rc = prep(st,
                   "UPDATE job SET cancel = CASE WHEN state IN ('queued', "
                   "'running') THEN 1 ELSE cancel END, finished = CASE WHEN "
                   "state = 'queued' THEN ?1 ELSE finished END, stage = CASE "
                   "WHEN state = 'queued' THEN 'finished' ELSE stage END, "
                   "state = CASE WHEN state = 'queued' THEN 'cancelled' ELSE "
                   "state END WHERE id = ?2",
                   &s, err)))
        return rc;
    sqlite3_bind_int64(s, 1, now);
    sqlite3_bind_int64(s, 2, id);
    if ((rc = step_done(st, s, "cancelling a job", err)))
        return rc;
    if (sqlite3_changes(store_sqlite_db(st, NULL)) != 1)
        return mf_error_set(err, MF_ENOTFOUND, "no job %lld", (long long)id);
    return MF_OK;
}

int jobs_sqlite_get(struct store *st, int64_t id, int with_result,
                    struct store_job *out, struct mf_error *err)
{
    sqlite3_stmt *s;
    int rc;

    memset(out, 0, sizeof *out);
    if ((rc = prep(st,
                   with_result ? "SELECT " JOB_COLS
                                 ", result FROM job WHERE id = ?"
                               : "SELECT " JOB_COLS " FROM job WHERE id = ?",
                   &s, err)))
        return rc;
    sqlite3_bind_int64(s, 1, id);
    rc = sqlite3_step(s);
    if (rc == SQLITE_ROW)
        rc = read_job(s, with_result, out, err);
    else if (rc == SQLITE_DONE)
        rc = mf_error_set(err, MF_ENOTFOUND, "no job %lld", (long long)id);
    else
        rc = fail(st, err, "reading a job");
    sqlite3_finalize(s);
    return rc;
}

int jobs_sqlite_list(struct store *st, int64_t owner, int limit,
                     struct store_job **out, size_t *n, struct mf_error *err)
{
    sqlite3_stmt *s;
    struct store_job *v = NULL;
    size_t k = 0, cap = 0;
    int rc;

    *out = NULL;
    *n = 0;
    if ((rc = prep(st,
                   "SELECT " JOB_COLS " FROM job WHERE ?1 = 0 OR owner = ?1 "
                   "ORDER BY id DESC LIMIT ?2",
                   &s, err)))
        return rc;
    sqlite3_bind_int64(s, 1, owner);
    sqlite3_bind_int(s, 2, limit > 0 ? limit : -1);
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        if (k == cap) {
            struct store_job *w;
            cap = cap ? cap * 2 : 16;
            if (!(w = realloc(v, cap * sizeof *v))) {
                rc = mf_error_set(err, MF_ENOMEM, "out of memory");
                goto out;
            }
            v = w;
        }
        if ((rc = read_job(s, 0, &v[k], err)))
            goto out;
        k++;
    }
    rc = rc == SQLITE_DONE ? MF_OK : fail(st, err, "listing jobs");
out:
    sqlite3_finalize(s);
    if (rc) {
        while (k)
            store_job_free(&v[--k]);
        free(v);
        return rc;
    }
    *out = v;
    *n = k;
    return MF_OK;
}
