/*
 * admin.c - the operator's account commands behind `masseflyt user`: add
 * an account, list them, set a password or disable one. Each opens the
 * store itself, so the CLI sees only server.h, and goes through the same
 * account rules and audit log as the API (actor "cli").
 */
#include "accounts.h"
#include "server.h"

#include <stdlib.h>
#include <string.h>

static const struct acct_actor operator_actor = {0, "cli"};

static void copy_out(struct srv_user *u, const struct store_account *a)
{
    memset(u, 0, sizeof *u);
    u->id = a->id;
    snprintf(u->email, sizeof u->email, "%s", a->email);
    snprintf(u->role, sizeof u->role, "%s", a->role);
    snprintf(u->org, sizeof u->org, "%s", a->org);
    u->disabled = a->disabled;
}

/* The store at dsn, with the accounts entries. */
static int open_accounts(const char *dsn, struct store **st,
                         struct mf_error *err)
{
    int rc;

    *st = NULL;
    if (acct_init())
        return mf_error_set(err, MF_ERR, "the crypto library failed to start");
    if ((rc = store_open(st, dsn, 0, err)))
        return rc;
    if ((*st)->ops->version < STORE_OPS_ACCOUNTS_VERSION) {
        rc = mf_error_set(err, MF_ESTORE, "the %s store has no accounts",
                          (*st)->ops->scheme);
        store_close(*st);
        *st = NULL;
    }
    return rc;
}

int srv_user_add(const char *dsn, const char *email, const char *name,
                 const char *role, const char *org, const char *password,
                 struct srv_user *out, struct mf_error *err)
{
    struct acct_fields f;
    struct store_account a;
    struct store *st;
    int rc;

    if ((rc = open_accounts(dsn, &st, err)))
        return rc;
    memset(&f, 0, sizeof f);
    f.disabled = -1;
    f.email = email;
    f.name = name;
    f.role = role;
    f.org = org;
    f.org_set = org != NULL;
    f.password = password;
    rc = acct_create(st, &operator_actor, &f, &a, err);
    if (rc == MF_OK)
        copy_out(out, &a);
    store_close(st);
    return rc;
}

int srv_user_list(const char *dsn, struct srv_user **out, size_t *n,
                  struct mf_error *err)
{
    struct store_account *v = NULL;
    struct store *st;
    size_t i;
    int rc;

    *out = NULL;
    *n = 0;
    if ((rc = open_accounts(dsn, &st, err)))
        return rc;
    rc = st->ops->account_list(st, &v, n, err);
    if (rc == MF_OK) {
        *out = calloc(*n + 1, sizeof **out);
        if (!*out)
            rc = mf_error_set(err, MF_ENOMEM, "out of memory");
        for (i = 0; rc == MF_OK && i < *n; i++)
            copy_out(&(*out)[i], &v[i]);
    }
    free(v);
    store_close(st);
    return rc;
}

int srv_user_change(const char *dsn, const char *email, const char *password,
                    struct srv_user *out, struct mf_error *err)
{
    struct acct_fields f;
    struct store_account a;
    struct store *st;
    int rc;

    if ((rc = open_accounts(dsn, &st, err)))
        return rc;
    memset(&f, 0, sizeof f);
    f.disabled = -1;
    if (password)
        f.password = password;
    else
        f.disabled = 1;
    if (st->ops->account_get(st, 0, email, &a, err)) {
        rc =
            mf_error_at(err, MF_ENOTFOUND, email, "no account with this email");
    } else {
        rc = acct_update(st, &operator_actor, a.id, 0, &f, &a, err);
        if (rc == MF_OK)
            copy_out(out, &a);
    }
    store_close(st);
    return rc;
}
