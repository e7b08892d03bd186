/*
 * accounts.c - account rules and the changes that write accounts with
 * their audit records in one transaction.
 */
#include "accounts.h"
#include "srv_int.h"

#include <sodium.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

int acct_init(void)
{
    return auth_init();
}

void acct_iso_time(int64_t t, char out[32])
{
    time_t tt = (time_t)t;
    struct tm tm;

    gmtime_r(&tt, &tm);
    strftime(out, 32, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

static int has_control(const char *s)
{
    for (; *s; s++)
        if ((unsigned char)*s < 0x20 || *s == 0x7f)
            return 1;
    return 0;
}

/* Characters, not bytes: UTF-8 continuation bytes are not counted. */
static size_t utf8_len(const char *s)
{
    size_t n = 0;

    for (; *s; s++)
        if (((unsigned char)*s & 0xC0) != 0x80)
            n++;
    return n;
}

int acct_check_email(const char *s, struct mf_error *err)
{
    const char *at = s ? strchr(s, '@') : NULL;
    size_t n = s ? strlen(s) : 0;

    if (!s || n < 3 || n > 254 || has_control(s) || strchr(s, ' ') || !at ||
        at == s || !at[1] || strchr(at + 1, '@'))
        return mf_error_at(err, MF_EINVAL, "email",
                           "must be an email address (name@domain, at most "
                           "254 characters)");
    return MF_OK;
}

int acct_check_name(const char *s, struct mf_error *err)
{
    if (!s || !*s || strlen(s) > 200 || has_control(s))
        return mf_error_at(err, MF_EINVAL, "name",
                           "must be 1 to 200 characters without control "
                           "characters");
    return MF_OK;
}

int acct_check_role(const char *s, struct mf_error *err)
{
    if (!s || (strcmp(s, "administrator") && strcmp(s, "editor") &&
               strcmp(s, "authority")))
        return mf_error_at(err, MF_EINVAL, "role",
                           "must be administrator, editor or authority");
    return MF_OK;
}

int acct_check_password(const char *s, struct mf_error *err)
{
    size_t n = s ? utf8_len(s) : 0;

    if (n < 12 || n > 128 || strlen(s) > 512)
        return mf_error_at(err, MF_EINVAL, "password",
                           "must be 12 to 128 characters long");
    return MF_OK;
}

static int org_ok(const char *s, struct mf_error *err)
{
    if (strlen(s) > 64 || has_control(s))
        return mf_error_at(err, MF_EINVAL, "organisation",
                           "must be an organisation id of at most 64 "
                           "characters, or null");
    return MF_OK;
}

int acct_fields_from_json(json_t *o, struct acct_fields *f,
                          struct mf_error *err)
{
    const char *k;
    json_t *v;

    memset(f, 0, sizeof *f);
    f->disabled = -1;
    if (!json_is_object(o))
        return mf_error_at(err, MF_EINVAL, "body", "must be a JSON object");
    json_object_foreach(o, k, v)
    {
        const char **slot = !strcmp(k, "email")      ? &f->email
                            : !strcmp(k, "name")     ? &f->name
                            : !strcmp(k, "role")     ? &f->role
                            : !strcmp(k, "password") ? &f->password
                                                     : NULL;
        if (slot) {
            if (!json_is_string(v))
                return mf_error_at(err, MF_EINVAL, k, "must be a string");
            *slot = json_string_value(v);
        } else if (!strcmp(k, "organisation")) {
            if (json_is_null(v))
                f->org = "";
            else if (json_is_string(v) && *json_string_value(v))
                f->org = json_string_value(v);
            else
                return mf_error_at(err, MF_EINVAL, k,
                                   "must be an organisation id or null");
            f->org_set = 1;
        } else if (!strcmp(k, "disabled")) {
            if (!json_is_boolean(v))
                return mf_error_at(err, MF_EINVAL, k, "must be true or false");
            f->disabled = json_is_true(v);
        } else {
            return mf_error_at(err, MF_EINVAL, k, "unknown field");
        }
    }
    return MF_OK;
}

json_t *acct_to_json(const struct store_account *a)
{
    char c[32], u[32];

    acct_iso_time(a->created, c);
    acct_iso_time(a->updated, u);
    return json_pack("{s:I, s:s, s:s, s:o, s:s, s:b, s:I, s:s, s:s}", "id",
                     (json_int_t)a->id, "email", a->email, "name", a->name,
                     "organisation",
                     a->org[0] ? json_string(a->org) : json_null(), "role",
                     a->role, "disabled", a->disabled, "version",
                     (json_int_t)a->version, "created", c, "updated", u);
}

static char *json_text(const struct store_account *a)
{
    json_t *j = acct_to_json(a);
    char *s = j ? json_dumps(j, JSON_COMPACT | JSON_SORT_KEYS) : NULL;

    json_decref(j);
    return s;
}

/* Applies f to a (already holding the old values). */
static int apply(struct store_account *a, const struct acct_fields *f,
                 struct mf_error *err)
{
    int rc;

    if (f->email) {
        if ((rc = acct_check_email(f->email, err)))
            return rc;
        snprintf(a->email, sizeof a->email, "%s", f->email);
    }
    if (f->name) {
        if ((rc = acct_check_name(f->name, err)))
            return rc;
        snprintf(a->name, sizeof a->name, "%s", f->name);
    }
    if (f->role) {
        if ((rc = acct_check_role(f->role, err)))
            return rc;
        snprintf(a->role, sizeof a->role, "%s", f->role);
    }
    if (f->org_set || f->org) {
        if ((rc = org_ok(f->org ? f->org : "", err)))
            return rc;
        snprintf(a->org, sizeof a->org, "%s", f->org ? f->org : "");
    }
    if (!strcmp(a->role, "editor") && !a->org[0])
        return mf_error_at(err, MF_EINVAL, "organisation",
                           "an editor must belong to an organisation");
    if (f->password) {
        if ((rc = acct_check_password(f->password, err)))
            return rc;
        if (auth_hash_password(f->password, a->pw_hash, sizeof a->pw_hash))
            return mf_error_set(err, MF_ENOMEM, "hashing the password failed");
    }
    if (f->disabled >= 0)
        a->disabled = f->disabled;
    return MF_OK;
}

static int audit(struct store *st, const struct acct_actor *who,
                 const char *action, int64_t id, const char *before,
                 const char *after, struct mf_error *err)
{
    char target[48];
    struct store_audit a = {
        .actor = who->id,
        .actor_email = who->email,
        .action = action,
        .target = target,
        .before = before,
        .after = after,
    };

    snprintf(target, sizeof target, "user/%lld", (long long)id);
    return st->ops->audit_append(st, now_s(), &a, err);
}

int acct_create(struct store *st, const struct acct_actor *who,
                const struct acct_fields *f, struct store_account *out,
                struct mf_error *err)
{
    struct store_account a;
    char *after = NULL;
    int rc;

    memset(&a, 0, sizeof a);
    if (!f->email)
        return mf_error_at(err, MF_EINVAL, "email", "is required");
    if (!f->name)
        return mf_error_at(err, MF_EINVAL, "name", "is required");
    if (!f->role)
        return mf_error_at(err, MF_EINVAL, "role", "is required");
    if (!f->password)
        return mf_error_at(err, MF_EINVAL, "password", "is required");
    if ((rc = apply(&a, f, err)))
        return rc;
    a.created = a.updated = now_s();
    if ((rc = st->ops->begin(st, err)))
        return rc;
    if ((rc = st->ops->account_put(st, &a, 0, err)) ||
        !(after = json_text(&a)) ||
        (rc = audit(st, who, "user.create", a.id, NULL, after, err)) ||
        (rc = st->ops->commit(st, err))) {
        st->ops->rollback(st);
        free(after);
        return rc ? rc : mf_error_set(err, MF_ENOMEM, "out of memory");
    }
    free(after);
    if (out)
        *out = a;
    return MF_OK;
}

int acct_update(struct store *st, const struct acct_actor *who, int64_t id,
                int64_t expect_version, const struct acct_fields *f,
                struct store_account *out, struct mf_error *err)
{
    struct store_account old, a;
    char *before = NULL, *after = NULL;
    int rc;

    if ((rc = st->ops->begin(st, err)))
        return rc;
    if ((rc = st->ops->account_get(st, id, NULL, &old, err)))
        goto fail;
    if (expect_version && old.version != expect_version) {
        rc = mf_error_at(err, MF_ERANGE, "If-Match",
                         "the account was changed by someone else (version "
                         "%lld now)",
                         (long long)old.version);
        goto fail;
    }
    a = old;
    if ((rc = apply(&a, f, err)))
        goto fail;
    a.updated = now_s();
    if ((rc = st->ops->account_put(st, &a, old.version, err)))
        goto fail;
    if ((f->password || (a.disabled && !old.disabled)) &&
        (rc = st->ops->session_delete(st, NULL, id, err)))
        goto fail;
    if (a.disabled && !old.disabled &&
        (rc = st->ops->token_revoke(st, 0, id, now_s(), err)))
        goto fail;
    if (!(before = json_text(&old)) || !(after = json_text(&a))) {
        rc = mf_error_set(err, MF_ENOMEM, "out of memory");
        goto fail;
    }
    if ((rc = audit(st, who,
                    f->password && !f->email && !f->name && !f->role &&
                            !f->org_set && f->disabled < 0
                        ? "user.password"
                    : a.disabled && !old.disabled ? "user.disable"
                                                  : "user.update",
                    id, before, after, err)) ||
        (rc = st->ops->commit(st, err)))
        goto fail;
    free(before);
    free(after);
    if (out)
        *out = a;
    return MF_OK;
fail:
    st->ops->rollback(st);
    free(before);
    free(after);
    return rc;
}

int acct_may_write_org(const struct store_account *a, const char *org)
{
    if (!a || a->disabled)
        return 0;
    if (!strcmp(a->role, "administrator"))
        return 1;
    return !strcmp(a->role, "editor") && a->org[0] && org &&
           !strcmp(a->org, org);
}

/* ------------------------------------------------------------------ */
/* Sessions and tokens, cached                                          */
/* ------------------------------------------------------------------ */

/*
 * Every authenticated request looked its session or token and account up
 * in the store, on the one accounts connection under srv->lock: the
 * requests of both worker threads queued there. The cache keeps what the
 * store said, by the hash of the secret (the secret itself is not kept),
 * in ACCT_CACHE_SLOTS slots chosen by the hash (a newer entry takes an
 * older one's slot), each stripe of slots under its own mutex.
 *
 * What it honours: a session's or token's expiry and a session's idle
 * limit are checked on every request against the cached times; a logout,
 * a login that replaces a session, and any change to accounts or tokens
 * in this process (an update, a disable, a password, a revoke) drop every
 * entry at once (acct_cache_flush; an entry read from the store while the
 * change committed is not kept either: it carries the older generation). A
 * change made by another process on the same database (`masseflyt user` on the
 * command line, a second server) is seen when the entry is read again from the
 * store: within 5 seconds; with srv->shared (several workers, PostgreSQL)
 * at the next request, through the store's 'accounts' change counter.
 */
#define ACCT_CACHE_SLOTS 4096 /* a power of two */
#define ACCT_CACHE_STRIPES 64
/* An entry read at second t (of now_s) serves until second t + TTL - 1:
 * for less than TTL + 1 = 5 seconds. */
#define ACCT_CACHE_TTL 4

struct acct_entry {
    char hash[65]; /* "" when empty */
    enum auth_kind kind;
    unsigned gen;      /* the cache's generation when read */
    int64_t read_at;   /* when read from the store */
    int64_t expires;   /* the session's or token's */
    int64_t last_seen; /* a session's */
    char csrf[72];     /* a session's */
    struct store_account user;
};

struct acct_cache {
    pthread_mutex_t stripe[ACCT_CACHE_STRIPES];
    atomic_uint gen;
    atomic_llong mark; /* the store's 'accounts' counter last seen */
    struct acct_entry slot[ACCT_CACHE_SLOTS];
};

int acct_cache_new(struct srv *srv)
{
    struct acct_cache *c = calloc(1, sizeof *c);
    int i;

    if (!c)
        return -1;
    for (i = 0; i < ACCT_CACHE_STRIPES; i++)
        pthread_mutex_init(&c->stripe[i], NULL);
    atomic_init(&c->gen, 1);
    atomic_init(&c->mark, -1);
    srv->acct_cache = c;
    return 0;
}

void acct_cache_free(struct srv *srv)
{
    struct acct_cache *c = srv->acct_cache;
    int i;

    if (!c)
        return;
    for (i = 0; i < ACCT_CACHE_STRIPES; i++)
        pthread_mutex_destroy(&c->stripe[i]);
    sodium_memzero(c, sizeof *c);
    free(c);
    srv->acct_cache = NULL;
}

void acct_cache_flush(struct srv *srv)
{
    if (srv->acct_cache)
        atomic_fetch_add(&srv->acct_cache->gen, 1);
}

/* With other server processes on the database (srv->shared): flushes
 * the cache when the store's 'accounts' counter has moved since it was
 * last read, so a logout, a disable or a password change made through
 * another process is honoured by the next request here. Called before the
 * cache is looked at; an entry read from the store after this sees the
 * change itself. When the counter cannot be read, the cache is flushed
 * (the store then answers). */
static void check_shared(struct srv *srv)
{
    struct acct_cache *c = srv->acct_cache;
    const struct store_ops *ops = srv->st->ops;
    struct mf_error err = {0};
    long long n = -1, old;
    int rc;

    if (!c || !srv->shared || ops->version < STORE_OPS_COUNTER_VERSION ||
        !ops->change_count)
        return;
    pthread_mutex_lock(&srv->lock);
    rc = ops->change_count(srv->st, "accounts", &n, &err);
    pthread_mutex_unlock(&srv->lock);
    old = atomic_load(&c->mark);
    if (rc || n != old) {
        atomic_fetch_add(&c->gen, 1);
        if (!rc)
            atomic_compare_exchange_strong(&c->mark, &old, n);
    }
}

/* The slot of a hash (hex of BLAKE2b: its first digits are uniform). */
static size_t slot_of(const char *hash)
{
    size_t v = 0;
    int i;

    for (i = 0; i < 8 && hash[i]; i++)
        v = v * 16 +
            (size_t)(hash[i] <= '9' ? hash[i] - '0' : hash[i] - 'a' + 10);
    return v & (ACCT_CACHE_SLOTS - 1);
}

static pthread_mutex_t *stripe_of(struct acct_cache *c, size_t slot)
{
    return &c->stripe[slot % ACCT_CACHE_STRIPES];
}

static void cache_forget(struct srv *srv, const char *hash)
{
    struct acct_cache *c = srv->acct_cache;
    size_t k;

    if (!c || !hash)
        return;
    k = slot_of(hash);
    pthread_mutex_lock(stripe_of(c, k));
    if (!strcmp(c->slot[k].hash, hash))
        c->slot[k].hash[0] = '\0';
    pthread_mutex_unlock(stripe_of(c, k));
}

/* A copy of the entry of (kind, hash) when it is there and fresh. */
static int cache_get(struct srv *srv, enum auth_kind kind, const char *hash,
                     int64_t now, struct acct_entry *out)
{
    struct acct_cache *c = srv->acct_cache;
    size_t k;
    int hit;

    if (!c)
        return 0;
    k = slot_of(hash);
    pthread_mutex_lock(stripe_of(c, k));
    hit = c->slot[k].kind == kind && !strcmp(c->slot[k].hash, hash) &&
          c->slot[k].gen == atomic_load(&c->gen) &&
          now - c->slot[k].read_at < ACCT_CACHE_TTL &&
          now >= c->slot[k].read_at;
    if (hit)
        *out = c->slot[k];
    pthread_mutex_unlock(stripe_of(c, k));
    return hit;
}

static void cache_put(struct srv *srv, const struct acct_entry *e)
{
    struct acct_cache *c = srv->acct_cache;
    size_t k;

    if (!c)
        return;
    k = slot_of(e->hash);
    pthread_mutex_lock(stripe_of(c, k));
    c->slot[k] = *e;
    pthread_mutex_unlock(stripe_of(c, k));
}

/* Sets a cached session's last_seen (after the store's was written). */
static void cache_seen(struct srv *srv, const char *hash, int64_t now)
{
    struct acct_cache *c = srv->acct_cache;
    size_t k;

    if (!c)
        return;
    k = slot_of(hash);
    pthread_mutex_lock(stripe_of(c, k));
    if (!strcmp(c->slot[k].hash, hash))
        c->slot[k].last_seen = now;
    pthread_mutex_unlock(stripe_of(c, k));
}

int acct_token_auth(struct srv *srv, const char *hash, int64_t now,
                    struct store_account *user)
{
    struct store *st = srv->st;
    struct mf_error err = {0};
    struct store_token t;
    struct acct_entry e;
    unsigned gen;
    int bad;

    check_shared(srv);
    if (cache_get(srv, AUTH_TOKEN, hash, now, &e)) {
        if (e.expires <= now || e.user.disabled)
            return -1;
        *user = e.user;
        return 0;
    }
    memset(&e, 0, sizeof e);
    gen = srv->acct_cache ? atomic_load(&srv->acct_cache->gen) : 0;
    pthread_mutex_lock(&srv->lock);
    bad = st->ops->token_get(st, hash, &t, &err) || t.revoked ||
          t.expires <= now ||
          st->ops->account_get(st, t.account, NULL, &e.user, &err) ||
          e.user.disabled;
    pthread_mutex_unlock(&srv->lock);
    if (bad)
        return -1;
    snprintf(e.hash, sizeof e.hash, "%s", hash);
    e.kind = AUTH_TOKEN;
    e.gen = gen; /* a flush while it was read leaves it stale */
    e.read_at = now;
    e.expires = t.expires;
    cache_put(srv, &e);
    *user = e.user;
    return 0;
}

int acct_session_auth(struct srv *srv, const char *hash, int64_t now,
                      struct store_account *user, char csrf[72])
{
    struct store *st = srv->st;
    const struct srv_config *cfg = srv->cfg;
    struct mf_error err = {0};
    struct store_session s;
    struct acct_entry e;
    unsigned gen;
    long step = cfg->session_idle / 4;
    int ok = 0;

    /* last_seen is written at most every quarter of the idle time (and
     * every minute at most), not on every request: a write waits for the
     * disk. */
    if (step > 60)
        step = 60;
    if (step < 1)
        step = 1;
    check_shared(srv);
    if (cache_get(srv, AUTH_SESSION, hash, now, &e) && e.expires > now &&
        e.last_seen + cfg->session_idle > now && !e.user.disabled) {
        if (now - e.last_seen >= step) {
            pthread_mutex_lock(&srv->lock);
            st->ops->session_touch(st, hash, now, &err);
            pthread_mutex_unlock(&srv->lock);
            cache_seen(srv, hash, now);
        }
        *user = e.user;
        snprintf(csrf, 72, "%s", e.csrf);
        return 0;
    }
    memset(&e, 0, sizeof e);
    gen = srv->acct_cache ? atomic_load(&srv->acct_cache->gen) : 0;
    pthread_mutex_lock(&srv->lock);
    if (st->ops->session_get(st, hash, &s, &err) == MF_OK) {
        if (s.expires <= now || s.last_seen + cfg->session_idle <= now) {
            st->ops->session_delete(st, hash, 0, &err);
        } else if (st->ops->account_get(st, s.account, NULL, &e.user, &err) ==
                       MF_OK &&
                   !e.user.disabled) {
            if (now - s.last_seen >= step &&
                st->ops->session_touch(st, hash, now, &err) == MF_OK)
                s.last_seen = now;
            ok = 1;
        }
    }
    pthread_mutex_unlock(&srv->lock);
    if (!ok) {
        cache_forget(srv, hash);
        return -1;
    }
    snprintf(e.hash, sizeof e.hash, "%s", hash);
    e.kind = AUTH_SESSION;
    e.gen = gen;
    e.read_at = now;
    e.expires = s.expires;
    e.last_seen = s.last_seen;
    snprintf(e.csrf, sizeof e.csrf, "%s", s.csrf);
    cache_put(srv, &e);
    *user = e.user;
    snprintf(csrf, 72, "%s", s.csrf);
    return 0;
}
