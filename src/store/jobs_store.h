/*
 * jobs_store.h - the job queue's entries of struct store_ops (version
 * STORE_OPS_JOBS_VERSION, migration 020_jobs.sql), kept in their own files
 * as the accounts and the chain of custody are: jobs_sqlite.c and
 * jobs_pg.c. store_sqlite.c and store_pg.c put them in their tables.
 */
#ifndef MF_JOBS_STORE_H
#define MF_JOBS_STORE_H

#include "store.h"

/* The columns every read of a job selects, in the order read; a read
 * with the result adds it last. */
#define JOB_COLS                                                               \
    "id, kind, owner, state, stage, progress, pivots, params, result_type, "   \
    "error_status, error, created, started, finished, lease_owner, "           \
    "lease_expires, attempts, cancel"
#define JOB_NCOLS 18
/* What a job whose worker stopped too often is failed with. */
#define JOB_GAVE_UP                                                            \
    "its worker stopped before it finished, every time it was tried; it is "   \
    "not tried again"

int jobs_sqlite_enqueue(struct store *st, struct store_job *j,
                        int64_t finished_before, struct mf_error *err);
int jobs_sqlite_claim(struct store *st, const char *worker, int64_t now,
                      int64_t lease_s, int max_attempts, struct store_job *out,
                      struct mf_error *err);
int jobs_sqlite_renew(struct store *st, int64_t id, const char *worker,
                      int64_t now, int64_t lease_s, const char *stage,
                      double progress, int64_t pivots, int *cancel,
                      struct mf_error *err);
int jobs_sqlite_finish(struct store *st, const struct store_job *j, int64_t now,
                       struct mf_error *err);
int jobs_sqlite_cancel(struct store *st, int64_t id, int64_t now,
                       struct mf_error *err);
int jobs_sqlite_get(struct store *st, int64_t id, int with_result,
                    struct store_job *out, struct mf_error *err);
int jobs_sqlite_list(struct store *st, int64_t owner, int limit,
                     struct store_job **out, size_t *n, struct mf_error *err);

int jobs_pg_enqueue(struct store *st, struct store_job *j,
                    int64_t finished_before, struct mf_error *err);
int jobs_pg_claim(struct store *st, const char *worker, int64_t now,
                  int64_t lease_s, int max_attempts, struct store_job *out,
                  struct mf_error *err);
int jobs_pg_renew(struct store *st, int64_t id, const char *worker, int64_t now,
                  int64_t lease_s, const char *stage, double progress,
                  int64_t pivots, int *cancel, struct mf_error *err);
int jobs_pg_finish(struct store *st, const struct store_job *j, int64_t now,
                   struct mf_error *err);
int jobs_pg_cancel(struct store *st, int64_t id, int64_t now,
                   struct mf_error *err);
int jobs_pg_get(struct store *st, int64_t id, int with_result,
                struct store_job *out, struct mf_error *err);
int jobs_pg_list(struct store *st, int64_t owner, int limit,
                 struct store_job **out, size_t *n, struct mf_error *err);

#endif
