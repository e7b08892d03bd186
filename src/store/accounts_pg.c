/*
 * accounts_pg.c - users, sessions, API tokens, login throttling and the
 * audit log in PostgreSQL (migrations/pg/005_accounts.sql), statement for
 * statement as accounts_sqlite.c. Every value is a parameter
 * (PQexecParams); nothing a user sends is pasted into SQL.
 */
#include "pg_result.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* A duplicate email and a missing organisation are the user's errors, as
 * on SQLite. */
static int refused(struct store *st, const PGresult *res, const void *what,
                   struct mf_error *err)
{
    const char *state = PQresultErrorField(res, PG_DIAG_SQLSTATE);

    if (state && !strcmp(state, "23505"))
        return mf_error_at(err, MF_EINVAL, "email",
                           "an account with this email exists");
    if (state && !strcmp(state, "23503"))
        return mf_error_at(err, MF_EINVAL, "organisation",
                           "no organisation with this id");
    return store_pg_fail(st, res, what, err);
}

/* Runs sql with n text parameters; *out (when given) keeps the result. */
static int run(struct store *st, const char *sql, int n, const char *const *p,
               const char *what, PGresult **out, struct mf_error *err)
{
    return pgq_run(st, sql, n, p, NULL, refused, what, what, out, err);
}

/* The number of rows an UPDATE or DELETE changed. */
static long changed(const PGresult *r)
{
    char *end;

    return strtol(PQcmdTuples((PGresult *)r), &end, 10);
}

#define ACCOUNT_COLS                                                           \
    "id, email, name, org, role, pw_hash, disabled, version, created, "        \
    "updated"

static void read_account(const PGresult *r, int row, struct store_account *a)
{
    memset(a, 0, sizeof *a);
    a->id = pgq_int_at(r, row, 0);
    pgq_text_at(a->email, sizeof a->email, r, row, 1);
    pgq_text_at(a->name, sizeof a->name, r, row, 2);
    pgq_text_at(a->org, sizeof a->org, r, row, 3);
    pgq_text_at(a->role, sizeof a->role, r, row, 4);
    pgq_text_at(a->pw_hash, sizeof a->pw_hash, r, row, 5);
    a->disabled = (int)pgq_int_at(r, row, 6);
    a->version = pgq_int_at(r, row, 7);
    a->created = pgq_int_at(r, row, 8);
    a->updated = pgq_int_at(r, row, 9);
}

int pgacct_account_put(struct store *st, struct store_account *a,
                       int64_t expect_version, struct mf_error *err)
{
    struct pgq_num dis, cr, up, id, ev;
    const char *p[10] = {a->email,
                         a->name,
                         pgq_text_or_null(a->org),
                         a->role,
                         a->pw_hash,
                         pgq_num(&dis, a->disabled != 0),
                         pgq_num(&cr, a->created),
                         pgq_num(&up, a->updated),
                         pgq_num(&id, a->id),
                         pgq_num(&ev, expect_version)};
    PGresult *r;
    int rc;

    if (a->id == 0) {
        rc = run(st,
                 "INSERT INTO account (email, name, org, role, pw_hash, "
                 "disabled, version, created, updated) VALUES ($1, $2, $3, "
                 "$4, $5, $6, 1, $7, $8) RETURNING id",
                 8, p, "writing an account", &r, err);
        if (rc)
            return rc;
        a->id = pgq_int_at(r, 0, 0);
        a->version = 1;
        PQclear(r);
        return MF_OK;
    }
    rc = run(st,
             "UPDATE account SET email = $1, name = $2, org = $3, role = $4, "
             "pw_hash = $5, disabled = $6, version = version + 1, created = "
             "$7, updated = $8 WHERE id = $9 AND ($10::bigint = 0 OR version = "
             "$10::bigint)",
             10, p, "writing an account", &r, err);
    if (rc)
        return rc;
    if (changed(r) == 0) {
        PQclear(r);
        return mf_error_at(err, MF_ERANGE, "If-Match",
                           "the account was changed by someone else");
    }
    PQclear(r);
    a->version = expect_version ? expect_version + 1 : a->version + 1;
    return MF_OK;
}

int pgacct_account_get(struct store *st, int64_t id, const char *email,
                       struct store_account *out, struct mf_error *err)
{
    struct pgq_num n;
    const char *p[1] = {id > 0 ? pgq_num(&n, id) : email ? email : ""};
    PGresult *r;
    int rc;

    /* The email matches without regard to ASCII case, as SQLite's
     * COLLATE NOCASE (and the unique index account_email). */
    rc = run(st,
             id > 0 ? "SELECT " ACCOUNT_COLS " FROM account WHERE id = $1"
                    : "SELECT " ACCOUNT_COLS " FROM account WHERE "
                      "lower(email COLLATE \"C\") = lower($1 COLLATE \"C\")",
             1, p, "reading an account", &r, err);
    if (rc)
        return rc;
    if (PQntuples(r) == 0)
        rc = mf_error_set(err, MF_ENOTFOUND, "no such account");
    else
        read_account(r, 0, out);
    PQclear(r);
    return rc;
}

int pgacct_account_list(struct store *st, struct store_account **out, size_t *n,
                        struct mf_error *err)
{
    PGresult *r;
    int rc, i, rows;

    *out = NULL;
    *n = 0;
    if ((rc = run(st, "SELECT " ACCOUNT_COLS " FROM account ORDER BY id", 0,
                  NULL, "listing accounts", &r, err)))
        return rc;
    rows = PQntuples(r);
    if (rows > 0 && !(*out = calloc((size_t)rows, sizeof **out))) {
        PQclear(r);
        return mf_error_set(err, MF_ENOMEM, "out of memory");
    }
    for (i = 0; i < rows; i++)
        read_account(r, i, &(*out)[i]);
    *n = (size_t)rows;
    PQclear(r);
    return MF_OK;
}

int pgacct_session_put(struct store *st, const struct store_session *ss,
                       struct mf_error *err)
{
    struct pgq_num a, c, l, e;
    const char *p[6] = {ss->id_hash,
                        pgq_num(&a, ss->account),
                        ss->csrf,
                        pgq_num(&c, ss->created),
                        pgq_num(&l, ss->last_seen),
                        pgq_num(&e, ss->expires)};

    return run(st,
               "INSERT INTO session (id_hash, account, csrf, created, "
               "last_seen, expires) VALUES ($1, $2, $3, $4, $5, $6)",
               6, p, "writing a session", NULL, err);
}

int pgacct_session_get(struct store *st, const char *id_hash,
                       struct store_session *out, struct mf_error *err)
{
    const char *p[1] = {id_hash};
    PGresult *r;
    int rc;

    if ((rc = run(st,
                  "SELECT id_hash, account, csrf, created, last_seen, "
                  "expires FROM session WHERE id_hash = $1",
                  1, p, "reading a session", &r, err)))
        return rc;
    if (PQntuples(r) == 0) {
        rc = mf_error_set(err, MF_ENOTFOUND, "no such session");
    } else {
        memset(out, 0, sizeof *out);
        pgq_text_at(out->id_hash, sizeof out->id_hash, r, 0, 0);
        out->account = pgq_int_at(r, 0, 1);
        pgq_text_at(out->csrf, sizeof out->csrf, r, 0, 2);
        out->created = pgq_int_at(r, 0, 3);
        out->last_seen = pgq_int_at(r, 0, 4);
        out->expires = pgq_int_at(r, 0, 5);
    }
    PQclear(r);
    return rc;
}

int pgacct_session_touch(struct store *st, const char *id_hash, int64_t now,
                         struct mf_error *err)
{
    struct pgq_num n;
    const char *p[2] = {pgq_num(&n, now), id_hash};

    return run(st, "UPDATE session SET last_seen = $1 WHERE id_hash = $2", 2, p,
               "updating a session", NULL, err);
}

int pgacct_session_delete(struct store *st, const char *id_hash,
                          int64_t account, struct mf_error *err)
{
    struct pgq_num n;
    const char *p[1] = {id_hash ? id_hash : pgq_num(&n, account)};

    return run(st,
               id_hash ? "DELETE FROM session WHERE id_hash = $1"
                       : "DELETE FROM session WHERE account = $1",
               1, p, "deleting sessions", NULL, err);
}

#define TOKEN_COLS "id, account, name, hash, created, expires, revoked"

static void read_token(const PGresult *r, int row, struct store_token *t)
{
    memset(t, 0, sizeof *t);
    t->id = pgq_int_at(r, row, 0);
    t->account = pgq_int_at(r, row, 1);
    pgq_text_at(t->name, sizeof t->name, r, row, 2);
    pgq_text_at(t->hash, sizeof t->hash, r, row, 3);
    t->created = pgq_int_at(r, row, 4);
    t->expires = pgq_int_at(r, row, 5);
    t->revoked = pgq_int_at(r, row, 6);
}

int pgacct_token_put(struct store *st, struct store_token *t,
                     struct mf_error *err)
{
    struct pgq_num a, c, e;
    const char *p[5] = {pgq_num(&a, t->account), t->name, t->hash,
                        pgq_num(&c, t->created), pgq_num(&e, t->expires)};
    PGresult *r;
    int rc;

    if ((rc = run(st,
                  "INSERT INTO api_token (account, name, hash, created, "
                  "expires) VALUES ($1, $2, $3, $4, $5) RETURNING id",
                  5, p, "writing a token", &r, err)))
        return rc;
    t->id = pgq_int_at(r, 0, 0);
    PQclear(r);
    return MF_OK;
}

int pgacct_token_get(struct store *st, const char *hash,
                     struct store_token *out, struct mf_error *err)
{
    const char *p[1] = {hash};
    PGresult *r;
    int rc;

    if ((rc = run(st, "SELECT " TOKEN_COLS " FROM api_token WHERE hash = $1", 1,
                  p, "reading a token", &r, err)))
        return rc;
    if (PQntuples(r) == 0)
        rc = mf_error_set(err, MF_ENOTFOUND, "no such token");
    else
        read_token(r, 0, out);
    PQclear(r);
    return rc;
}

int pgacct_token_list(struct store *st, int64_t account,
                      struct store_token **out, size_t *n, struct mf_error *err)
{
    struct pgq_num a;
    const char *p[1] = {pgq_num(&a, account)};
    PGresult *r;
    int rc, i, rows;

    *out = NULL;
    *n = 0;
    if ((rc = run(st,
                  "SELECT " TOKEN_COLS
                  " FROM api_token WHERE account = $1 ORDER BY id",
                  1, p, "listing tokens", &r, err)))
        return rc;
    rows = PQntuples(r);
    if (rows > 0 && !(*out = calloc((size_t)rows, sizeof **out))) {
        PQclear(r);
        return mf_error_set(err, MF_ENOMEM, "out of memory");
    }
    for (i = 0; i < rows; i++)
        read_token(r, i, &(*out)[i]);
    *n = (size_t)rows;
    PQclear(r);
    return MF_OK;
}

int pgacct_token_revoke(struct store *st, int64_t id, int64_t account,
                        int64_t now, struct mf_error *err)
{
    struct pgq_num w, a, i;
    const char *p[3] = {pgq_num(&w, now), pgq_num(&a, account),
                        pgq_num(&i, id)};
    PGresult *r;
    int rc;

    if ((rc = run(st,
                  id ? "UPDATE api_token SET revoked = $1 WHERE account = $2 "
                       "AND id = $3 AND revoked IS NULL"
                     : "UPDATE api_token SET revoked = $1 WHERE account = $2 "
                       "AND revoked IS NULL",
                  id ? 3 : 2, p, "revoking a token", &r, err)))
        return rc;
    if (id && changed(r) == 0)
        rc = mf_error_set(err, MF_ENOTFOUND, "no such token");
    PQclear(r);
    return rc;
}

int pgacct_throttle_get(struct store *st, const char *key, int *failures,
                        int64_t *first_failure, int64_t *locked_until,
                        struct mf_error *err)
{
    const char *p[1] = {key};
    PGresult *r;
    int rc;

    *failures = 0;
    *first_failure = *locked_until = 0;
    if ((rc = run(st,
                  "SELECT failures, first_failure, locked_until FROM "
                  "login_throttle WHERE key = $1",
                  1, p, "reading throttle", &r, err)))
        return rc;
    if (PQntuples(r) > 0) {
        *failures = (int)pgq_int_at(r, 0, 0);
        *first_failure = pgq_int_at(r, 0, 1);
        *locked_until = pgq_int_at(r, 0, 2);
    }
    PQclear(r);
    return MF_OK;
}

int pgacct_throttle_put(struct store *st, const char *key, int failures,
                        int64_t first_failure, int64_t locked_until,
                        struct mf_error *err)
{
    struct pgq_num f, ff, lu;
    const char *p[4] = {key, pgq_num(&f, failures), pgq_num(&ff, first_failure),
                        pgq_num(&lu, locked_until)};

    if (failures == 0)
        return run(st, "DELETE FROM login_throttle WHERE key = $1", 1, p,
                   "clearing throttle", NULL, err);
    return run(st,
               "INSERT INTO login_throttle (key, failures, first_failure, "
               "locked_until) VALUES ($1, $2, $3, $4) ON CONFLICT (key) DO "
               "UPDATE SET failures = excluded.failures, first_failure = "
               "excluded.first_failure, locked_until = excluded.locked_until",
               4, p, "writing throttle", NULL, err);
}

int pgacct_audit_append(struct store *st, int64_t now,
                        const struct store_audit *a, struct mf_error *err)
{
    struct pgq_num at, actor;
    const char *p[7] = {pgq_num(&at, now),
                        a->actor ? pgq_num(&actor, a->actor) : NULL,
                        pgq_text_or_null(a->actor_email),
                        a->action,
                        a->target,
                        pgq_text_or_null(a->before),
                        pgq_text_or_null(a->after)};

    return run(st,
               "INSERT INTO audit (at, actor, actor_email, action, target, "
               "before, after) VALUES ($1, $2, $3, $4, $5, $6, $7)",
               7, p, "writing the audit log", NULL, err);
}

/* JSON text from the store, or null when absent or (never expected) not
 * JSON. */
static json_t *column_json(const PGresult *r, int row, int col)
{
    json_t *j;

    if (PQgetisnull(r, row, col))
        return json_null();
    j = json_loads(PQgetvalue(r, row, col), JSON_DECODE_ANY, NULL);
    return j ? j : json_string(PQgetvalue(r, row, col));
}

int pgacct_audit_list(struct store *st, int64_t before_id, int limit,
                      char **json, struct mf_error *err)
{
    struct pgq_num b, l;
    const char *p[2] = {pgq_num(&b, before_id), pgq_num(&l, limit)};
    json_t *arr;
    PGresult *r;
    int rc, i;

    *json = NULL;
    if ((rc = run(st,
                  "SELECT id, at, actor, actor_email, action, target, "
                  "before, after FROM audit WHERE ($1::bigint = 0 OR id < "
                  "$1::bigint) "
                  "ORDER BY id DESC LIMIT $2",
                  2, p, "reading the audit", &r, err)))
        return rc;
    if (!(arr = json_array())) {
        PQclear(r);
        return mf_error_set(err, MF_ENOMEM, "out of memory");
    }
    for (i = 0; i < PQntuples(r); i++) {
        time_t at = (time_t)pgq_int_at(r, i, 1);
        struct tm tm;
        char when[32];
        json_t *o;

        gmtime_r(&at, &tm);
        strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%SZ", &tm);
        o = json_pack("{s:I, s:s, s:o, s:o, s:s, s:s, s:o, s:o}", "id",
                      (json_int_t)pgq_int_at(r, i, 0), "at", when, "actor",
                      PQgetisnull(r, i, 2) ? json_null()
                                           : json_integer(pgq_int_at(r, i, 2)),
                      "actor_email",
                      PQgetisnull(r, i, 3) ? json_null()
                                           : json_string(PQgetvalue(r, i, 3)),
                      "action", PQgetvalue(r, i, 4), "target",
                      PQgetvalue(r, i, 5), "before", column_json(r, i, 6),
                      "after", column_json(r, i, 7));
        if (!o || json_array_append_new(arr, o)) {
            PQclear(r);
            json_decref(arr);
            return mf_error_set(err, MF_ENOMEM, "out of memory");
        }
    }
    PQclear(r);
    *json = json_dumps(arr, JSON_COMPACT);
    json_decref(arr);
    return *json ? MF_OK : mf_error_set(err, MF_ENOMEM, "out of memory");
}

int pgacct_change_count(struct store *st, const char *name, long long *n,
                        struct mf_error *err)
{
    const char *p[1] = {name};
    PGconn *c;
    PGresult *r;
    int rc;

    *n = 0;
    /* Read before every read of a server's read model (--fresh=db):
     * prepared once per connection, so PostgreSQL neither parses nor
     * plans it again. */
    if ((rc = store_pg_prepared(st, "mf_change_count",
                                "SELECT n FROM change_counter WHERE name = $1",
                                1, &c, err)))
        return rc;
    r = PQexecPrepared(c, "mf_change_count", 1, p, NULL, NULL, 0);
    if (PQresultStatus(r) != PGRES_TUPLES_OK) {
        rc = store_pg_fail(st, r, "reading the change counter", err);
        PQclear(r);
        return rc;
    }
    if (PQntuples(r) > 0)
        *n = (long long)pgq_int_at(r, 0, 0);
    PQclear(r);
    return MF_OK;
}
