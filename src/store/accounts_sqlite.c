/*
 * accounts_sqlite.c - users, sessions, API tokens, login throttling and the
 * audit log in SQLite (migration 005_accounts.sql). Every statement is
 * prepared with bound parameters; nothing a user sends is pasted into SQL.
 */
#include "accounts_sqlite.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static int fail(struct store *st, sqlite3 *db, struct mf_error *err,
                const char *what)
{
    const char *path;

    store_sqlite_db(st, &path);
    return mf_error_at(err, MF_ESTORE, path, "%s: %s", what,
                       sqlite3_errmsg(db));
}

static int prep(struct store *st, const char *sql, sqlite3_stmt **out,
                struct mf_error *err)
{
    sqlite3 *db = store_sqlite_db(st, NULL);

    if (sqlite3_prepare_v2(db, sql, -1, out, NULL) != SQLITE_OK)
        return fail(st, db, err, "preparing a statement");
    return MF_OK;
}

/* Steps a statement that returns no rows, finalises it. */
static int done(struct store *st, sqlite3_stmt *s, const char *what,
                struct mf_error *err)
{
    sqlite3 *db = store_sqlite_db(st, NULL);
    int rc = sqlite3_step(s);

    if (rc != SQLITE_DONE) {
        int ext = sqlite3_extended_errcode(db);
        if (ext == SQLITE_CONSTRAINT_UNIQUE) {
            sqlite3_finalize(s);
            return mf_error_at(err, MF_EINVAL, "email",
                               "an account with this email exists");
        }
        if (ext == SQLITE_CONSTRAINT_FOREIGNKEY) {
            sqlite3_finalize(s);
            return mf_error_at(err, MF_EINVAL, "organisation",
                               "no organisation with this id");
        }
        rc = fail(st, db, err, what);
        sqlite3_finalize(s);
        return rc;
    }
    sqlite3_finalize(s);
    return MF_OK;
}

static void text(char *dst, size_t len, sqlite3_stmt *s, int col)
{
    const unsigned char *t = sqlite3_column_text(s, col);

    snprintf(dst, len, "%s", t ? (const char *)t : "");
}

static void bind_text_or_null(sqlite3_stmt *s, int i, const char *t)
{
    if (t && *t)
        sqlite3_bind_text(s, i, t, -1, SQLITE_TRANSIENT);
    else
        sqlite3_bind_null(s, i);
}

#define ACCOUNT_COLS                                                           \
    "id, email, name, org, role, pw_hash, disabled, version, created, "        \
    "updated"

static void read_account(sqlite3_stmt *s, struct store_account *a)
{
    memset(a, 0, sizeof *a);
    a->id = sqlite3_column_int64(s, 0);
    text(a->email, sizeof a->email, s, 1);
    text(a->name, sizeof a->name, s, 2);
    text(a->org, sizeof a->org, s, 3);
    text(a->role, sizeof a->role, s, 4);
    text(a->pw_hash, sizeof a->pw_hash, s, 5);
    a->disabled = sqlite3_column_int(s, 6);
    a->version = sqlite3_column_int64(s, 7);
    a->created = sqlite3_column_int64(s, 8);
    a->updated = sqlite3_column_int64(s, 9);
}

int acct_account_put(struct store *st, struct store_account *a,
                     int64_t expect_version, struct mf_error *err)
{
    sqlite3 *db = store_sqlite_db(st, NULL);
    sqlite3_stmt *s;
    int rc;

    if (a->id == 0) {
        if ((rc = prep(st,
                       "INSERT INTO account (email, name, org, role, "
                       "pw_hash, disabled, version, created, updated) "
                       "VALUES (?,?,?,?,?,?,1,?,?)",
                       &s, err)))
            return rc;
    } else if ((rc = prep(st,
                          "UPDATE account SET email=?, name=?, org=?, "
                          "role=?, pw_hash=?, disabled=?, "
                          "version=version+1, created=?, updated=? "
                          "WHERE id=? AND (?=0 OR version=?)",
                          &s, err))) {
        return rc;
    }
    sqlite3_bind_text(s, 1, a->email, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(s, 2, a->name, -1, SQLITE_TRANSIENT);
    bind_text_or_null(s, 3, a->org);
    sqlite3_bind_text(s, 4, a->role, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(s, 5, a->pw_hash, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int(s, 6, a->disabled != 0);
    sqlite3_bind_int64(s, 7, a->created);
    sqlite3_bind_int64(s, 8, a->updated);
    if (a->id) {
        sqlite3_bind_int64(s, 9, a->id);
        sqlite3_bind_int64(s, 10, expect_version);
        sqlite3_bind_int64(s, 11, expect_version);
    }
    if ((rc = done(st, s, "writing an account", err)))
        return rc;
    if (a->id == 0) {
        a->id = sqlite3_last_insert_rowid(db);
        a->version = 1;
    } else if (sqlite3_changes(db) == 0) {
        return mf_error_at(err, MF_ERANGE, "If-Match",
                           "the account was changed by someone else");
    } else {
        a->version = expect_version ? expect_version + 1 : a->version + 1;
    }
    return MF_OK;
}

int acct_account_get(struct store *st, int64_t id, const char *email,
                     struct store_account *out, struct mf_error *err)
{
    sqlite3_stmt *s;
    int rc;

    if ((rc =
             prep(st,
                  id > 0 ? "SELECT " ACCOUNT_COLS " FROM account WHERE id=?"
                         : "SELECT " ACCOUNT_COLS " FROM account WHERE email=?",
                  &s, err)))
        return rc;
    if (id > 0)
        sqlite3_bind_int64(s, 1, id);
    else
        sqlite3_bind_text(s, 1, email ? email : "", -1, SQLITE_TRANSIENT);
    rc = sqlite3_step(s);
    if (rc == SQLITE_ROW) {
        read_account(s, out);
        rc = MF_OK;
    } else if (rc == SQLITE_DONE) {
        rc = mf_error_set(err, MF_ENOTFOUND, "no such account");
    } else {
        rc = fail(st, store_sqlite_db(st, NULL), err, "reading an account");
    }
    sqlite3_finalize(s);
    return rc;
}

int acct_account_list(struct store *st, struct store_account **out, size_t *n,
                      struct mf_error *err)
{
    sqlite3_stmt *s;
    struct store_account *v = NULL, *nv;
    size_t cap = 0, len = 0;
    int rc;

    *out = NULL;
    *n = 0;
    if ((rc = prep(st, "SELECT " ACCOUNT_COLS " FROM account ORDER BY id", &s,
                   err)))
        return rc;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        if (len == cap) {
            cap = cap ? 2 * cap : 16;
            if (!(nv = realloc(v, cap * sizeof *v))) {
                free(v);
                sqlite3_finalize(s);
                return mf_error_set(err, MF_ENOMEM, "out of memory");
            }
            v = nv;
        }
        read_account(s, &v[len++]);
    }
    sqlite3_finalize(s);
    if (rc != SQLITE_DONE) {
        free(v);
        return fail(st, store_sqlite_db(st, NULL), err, "listing accounts");
    }
    *out = v;
    *n = len;
    return MF_OK;
}

int acct_session_put(struct store *st, const struct store_session *ss,
                     struct mf_error *err)
{
    sqlite3_stmt *s;
    int rc;

    if ((rc = prep(st,
                   "INSERT INTO session (id_hash, account, csrf, created, "
                   "last_seen, expires) VALUES (?,?,?,?,?,?)",
                   &s, err)))
        return rc;
    sqlite3_bind_text(s, 1, ss->id_hash, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int64(s, 2, ss->account);
    sqlite3_bind_text(s, 3, ss->csrf, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int64(s, 4, ss->created);
    sqlite3_bind_int64(s, 5, ss->last_seen);
    sqlite3_bind_int64(s, 6, ss->expires);
    return done(st, s, "writing a session", err);
}

int acct_session_get(struct store *st, const char *id_hash,
                     struct store_session *out, struct mf_error *err)
{
    sqlite3_stmt *s;
    int rc;

    if ((rc = prep(st,
                   "SELECT id_hash, account, csrf, created, last_seen, "
                   "expires FROM session WHERE id_hash=?",
                   &s, err)))
        return rc;
    sqlite3_bind_text(s, 1, id_hash, -1, SQLITE_TRANSIENT);
    rc = sqlite3_step(s);
    if (rc == SQLITE_ROW) {
        memset(out, 0, sizeof *out);
        text(out->id_hash, sizeof out->id_hash, s, 0);
        out->account = sqlite3_column_int64(s, 1);
        text(out->csrf, sizeof out->csrf, s, 2);
        out->created = sqlite3_column_int64(s, 3);
        out->last_seen = sqlite3_column_int64(s, 4);
        out->expires = sqlite3_column_int64(s, 5);
        rc = MF_OK;
    } else if (rc == SQLITE_DONE) {
        rc = mf_error_set(err, MF_ENOTFOUND, "no such session");
    } else {
        rc = fail(st, store_sqlite_db(st, NULL), err, "reading a session");
    }
    sqlite3_finalize(s);
    return rc;
}

int acct_session_touch(struct store *st, const char *id_hash, int64_t now,
                       struct mf_error *err)
{
    sqlite3_stmt *s;
    int rc;

    if ((rc = prep(st, "UPDATE session SET last_seen=? WHERE id_hash=?", &s,
                   err)))
        return rc;
    sqlite3_bind_int64(s, 1, now);
    sqlite3_bind_text(s, 2, id_hash, -1, SQLITE_TRANSIENT);
    return done(st, s, "updating a session", err);
}

int acct_session_delete(struct store *st, const char *id_hash, int64_t account,
                        struct mf_error *err)
{
    sqlite3_stmt *s;
    int rc;

    if ((rc = prep(st,
                   id_hash ? "DELETE FROM session WHERE id_hash=?"
                           : "DELETE FROM session WHERE account=?",
                   &s, err)))
        return rc;
    if (id_hash)
        sqlite3_bind_text(s, 1, id_hash, -1, SQLITE_TRANSIENT);
    else
        sqlite3_bind_int64(s, 1, account);
    return done(st, s, "deleting sessions", err);
}

#define TOKEN_COLS "id, account, name, hash, created, expires, revoked"

static void read_token(sqlite3_stmt *s, struct store_token *t)
{
    memset(t, 0, sizeof *t);
    t->id = sqlite3_column_int64(s, 0);
    t->account = sqlite3_column_int64(s, 1);
    text(t->name, sizeof t->name, s, 2);
    text(t->hash, sizeof t->hash, s, 3);
    t->created = sqlite3_column_int64(s, 4);
    t->expires = sqlite3_column_int64(s, 5);
    t->revoked = sqlite3_column_int64(s, 6);
}

int acct_token_put(struct store *st, struct store_token *t,
                   struct mf_error *err)
{
    sqlite3_stmt *s;
    int rc;

    if ((rc = prep(st,
                   "INSERT INTO api_token (account, name, hash, created, "
                   "expires) VALUES (?,?,?,?,?)",
                   &s, err)))
        return rc;
    sqlite3_bind_int64(s, 1, t->account);
    sqlite3_bind_text(s, 2, t->name, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(s, 3, t->hash, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int64(s, 4, t->created);
    sqlite3_bind_int64(s, 5, t->expires);
    if ((rc = done(st, s, "writing a token", err)))
        return rc;
    t->id = sqlite3_last_insert_rowid(store_sqlite_db(st, NULL));
    return MF_OK;
}

int acct_token_get(struct store *st, const char *hash, struct store_token *out,
                   struct mf_error *err)
{
    sqlite3_stmt *s;
    int rc;

    if ((rc = prep(st, "SELECT " TOKEN_COLS " FROM api_token WHERE hash=?", &s,
                   err)))
        return rc;
    sqlite3_bind_text(s, 1, hash, -1, SQLITE_TRANSIENT);
    rc = sqlite3_step(s);
    if (rc == SQLITE_ROW) {
        read_token(s, out);
        rc = MF_OK;
    } else if (rc == SQLITE_DONE) {
        rc = mf_error_set(err, MF_ENOTFOUND, "no such token");
    } else {
        rc = fail(st, store_sqlite_db(st, NULL), err, "reading a token");
    }
    sqlite3_finalize(s);
    return rc;
}

int acct_token_list(struct store *st, int64_t account, struct store_token **out,
                    size_t *n, struct mf_error *err)
{
    sqlite3_stmt *s;
    struct store_token *v = NULL, *nv;
    size_t cap = 0, len = 0;
    int rc;

    *out = NULL;
    *n = 0;
    if ((rc = prep(st,
                   "SELECT " TOKEN_COLS
                   " FROM api_token WHERE account=? ORDER BY id",
                   &s, err)))
        return rc;
    sqlite3_bind_int64(s, 1, account);
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        if (len == cap) {
            cap = cap ? 2 * cap : 8;
            if (!(nv = realloc(v, cap * sizeof *v))) {
                free(v);
                sqlite3_finalize(s);
                return mf_error_set(err, MF_ENOMEM, "out of memory");
            }
            v = nv;
        }
        read_token(s, &v[len++]);
    }
    sqlite3_finalize(s);
    if (rc != SQLITE_DONE) {
        free(v);
        return fail(st, store_sqlite_db(st, NULL), err, "listing tokens");
    }
    *out = v;
    *n = len;
    return MF_OK;
}

int acct_token_revoke(struct store *st, int64_t id, int64_t account,
                      int64_t now, struct mf_error *err)
{
    sqlite3_stmt *s;
    int rc;

    if ((rc = prep(st,
                   id ? "UPDATE api_token SET revoked=? WHERE account=? AND "
                        "id=? AND revoked IS NULL"
                      : "UPDATE api_token SET revoked=? WHERE account=? AND "
                        "revoked IS NULL",
                   &s, err)))
        return rc;
    sqlite3_bind_int64(s, 1, now);
    sqlite3_bind_int64(s, 2, account);
    if (id)
        sqlite3_bind_int64(s, 3, id);
    if ((rc = done(st, s, "revoking a token", err)))
        return rc;
    if (id && sqlite3_changes(store_sqlite_db(st, NULL)) == 0)
        return mf_error_set(err, MF_ENOTFOUND, "no such token");
    return MF_OK;
}

int acct_throttle_get(struct store *st, const char *key, int *failures,
                      int64_t *first_failure, int64_t *locked_until,
                      struct mf_error *err)
{
    sqlite3_stmt *s;
    int rc;

    *failures = 0;
    *first_failure = *locked_until = 0;
    if ((rc = prep(st,
                   "SELECT failures, first_failure, locked_until FROM "
                   "login_throttle WHERE key=?",
                   &s, err)))
        return rc;
    sqlite3_bind_text(s, 1, key, -1, SQLITE_TRANSIENT);
    rc = sqlite3_step(s);
    if (rc == SQLITE_ROW) {
        *failures = sqlite3_column_int(s, 0);
        *first_failure = sqlite3_column_int64(s, 1);
        *locked_until = sqlite3_column_int64(s, 2);
    }
    sqlite3_finalize(s);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        return fail(st, store_sqlite_db(st, NULL), err, "reading throttle");
    return MF_OK;
}

int acct_throttle_put(struct store *st, const char *key, int failures,
                      int64_t first_failure, int64_t locked_until,
                      struct mf_error *err)
{
    sqlite3_stmt *s;
    int rc;

    if (failures == 0) {
        if ((rc = prep(st, "DELETE FROM login_throttle WHERE key=?", &s, err)))
            return rc;
        sqlite3_bind_text(s, 1, key, -1, SQLITE_TRANSIENT);
        return done(st, s, "clearing throttle", err);
    }
    if ((rc = prep(st,
                   "INSERT INTO login_throttle (key, failures, "
                   "first_failure, locked_until) VALUES (?,?,?,?) "
                   "ON CONFLICT(key) DO UPDATE SET "
                   "failures=excluded.failures, "
                   "first_failure=excluded.first_failure, "
                   "locked_until=excluded.locked_until",
                   &s, err)))
        return rc;
    sqlite3_bind_text(s, 1, key, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int(s, 2, failures);
    sqlite3_bind_int64(s, 3, first_failure);
    sqlite3_bind_int64(s, 4, locked_until);
    return done(st, s, "writing throttle", err);
}

int acct_audit_append(struct store *st, int64_t now,
                      const struct store_audit *a, struct mf_error *err)
{
    sqlite3 *db = store_sqlite_db(st, NULL);
    sqlite3_stmt *s;
    int rc, slot;

    /* Kept prepared: every API write appends one, in its transaction. */
    if (store_sqlite_kept(st,
                          "INSERT INTO audit (at, actor, actor_email, action, "
                          "target, before, after) VALUES (?,?,?,?,?,?,?)",
                          &s, &slot) != SQLITE_OK)
        return fail(st, db, err, "preparing a statement");
    sqlite3_bind_int64(s, 1, now);
    if (a->actor)
        sqlite3_bind_int64(s, 2, a->actor);
    else
        sqlite3_bind_null(s, 2);
    bind_text_or_null(s, 3, a->actor_email);
    sqlite3_bind_text(s, 4, a->action, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(s, 5, a->target, -1, SQLITE_TRANSIENT);
    /* The texts outlive the step (the values are cleared after it):
     * the record's JSON is not copied. */
    if (a->before && *a->before)
        sqlite3_bind_text(s, 6, a->before, -1, SQLITE_STATIC);
    if (a->after && *a->after)
        sqlite3_bind_text(s, 7, a->after, -1, SQLITE_STATIC);
    rc = sqlite3_step(s) == SQLITE_DONE
             ? MF_OK
             : fail(st, db, err, "writing the audit log");
    store_sqlite_kept_done(st, s, slot);
    return rc;
}

/* JSON text from the store, or null when absent or (never expected) not
 * JSON. */
static json_t *column_json(sqlite3_stmt *s, int col)
{
    const unsigned char *t = sqlite3_column_text(s, col);
    json_t *j;

    if (!t)
        return json_null();
    j = json_loads((const char *)t, JSON_DECODE_ANY, NULL);
    return j ? j : json_string((const char *)t);
}

int acct_audit_list(struct store *st, int64_t before_id, int limit, char **json,
                    struct mf_error *err)
{
    sqlite3_stmt *s;
    json_t *arr = json_array();
    int rc;

    *json = NULL;
    if (!arr)
        return mf_error_set(err, MF_ENOMEM, "out of memory");
    if ((rc = prep(st,
                   "SELECT id, at, actor, actor_email, action, target, "
                   "before, after FROM audit WHERE (?=0 OR id<?) "
                   "ORDER BY id DESC LIMIT ?",
                   &s, err))) {
        json_decref(arr);
        return rc;
    }
    sqlite3_bind_int64(s, 1, before_id);
    sqlite3_bind_int64(s, 2, before_id);
    sqlite3_bind_int(s, 3, limit);
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        const unsigned char *email = sqlite3_column_text(s, 3);
        time_t at = (time_t)sqlite3_column_int64(s, 1);
        struct tm tm;
        char when[32];
        gmtime_r(&at, &tm);
        strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%SZ", &tm);
        json_t *o = json_pack(
            "{s:I, s:s, s:o, s:o, s:s, s:s, s:o, s:o}", "id",
            (json_int_t)sqlite3_column_int64(s, 0), "at", when, "actor",
            sqlite3_column_type(s, 2) == SQLITE_NULL
                ? json_null()
                : json_integer(sqlite3_column_int64(s, 2)),
            "actor_email",
            email ? json_string((const char *)email) : json_null(), "action",
            (const char *)sqlite3_column_text(s, 4), "target",
            (const char *)sqlite3_column_text(s, 5), "before",
            column_json(s, 6), "after", column_json(s, 7));
        if (!o || json_array_append_new(arr, o)) {
            sqlite3_finalize(s);
            json_decref(arr);
            return mf_error_set(err, MF_ENOMEM, "out of memory");
        }
    }
    sqlite3_finalize(s);
    if (rc != SQLITE_DONE) {
        json_decref(arr);
        return fail(st, store_sqlite_db(st, NULL), err, "reading the audit");
    }
    *json = json_dumps(arr, JSON_COMPACT);
    json_decref(arr);
    return *json ? MF_OK : mf_error_set(err, MF_ENOMEM, "out of memory");
}

int acct_change_count(struct store *st, const char *name, long long *n,
                      struct mf_error *err)
{
    sqlite3_stmt *s;
    int rc;

    *n = 0;
    if ((rc = prep(st, "SELECT n FROM change_counter WHERE name=?", &s, err)))
        return rc;
    sqlite3_bind_text(s, 1, name, -1, SQLITE_TRANSIENT);
    rc = sqlite3_step(s);
    if (rc == SQLITE_ROW)
        *n = sqlite3_column_int64(s, 0);
    sqlite3_finalize(s);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        return fail(st, store_sqlite_db(st, NULL), err,
                    "reading the change counter");
    return MF_OK;
}
