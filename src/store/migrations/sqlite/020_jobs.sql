-- 020_jobs.sql - the server's job queue (plans, scenario comparisons,
-- reports), so that any server process can take, answer and cancel any
-- job (src/store/jobs_sqlite.c). A worker claims a queued job, or a
-- running one whose lease ran out (its worker was killed), by setting
-- lease_owner and lease_expires and counting the attempt; it renews the
-- lease while it works and writes the result with the state in one
-- transaction. params and result are JSON text, or a result's file bytes
-- with result_type its media type. Times are Unix seconds (0: not yet).
CREATE TABLE job (
    id INTEGER PRIMARY KEY,
    kind TEXT NOT NULL CHECK (kind IN ('plan', 'scenarios', 'report')),
    owner INTEGER NOT NULL,
    state TEXT NOT NULL DEFAULT 'queued'
        CHECK (state IN ('queued', 'running', 'succeeded', 'failed',
                         'cancelled')),
    stage TEXT NOT NULL DEFAULT 'queued',
    progress REAL NOT NULL DEFAULT 0,
    pivots INTEGER NOT NULL DEFAULT 0,
    params TEXT NOT NULL,
    result BLOB,
    result_type TEXT,
    error_status INTEGER NOT NULL DEFAULT 0,
    error TEXT,
    created INTEGER NOT NULL,
    started INTEGER NOT NULL DEFAULT 0,
    finished INTEGER NOT NULL DEFAULT 0,
    lease_owner TEXT,
    lease_expires INTEGER NOT NULL DEFAULT 0,
    attempts INTEGER NOT NULL DEFAULT 0,
    cancel INTEGER NOT NULL DEFAULT 0 CHECK (cancel IN (0, 1))
) STRICT;
-- What a worker looks for: queued jobs, and running ones by lease.
CREATE INDEX job_state ON job (state, id);
CREATE INDEX job_owner ON job (owner, id);
