/*
 * accounts.h - the rules for accounts and the changes that write them,
 * shared by the API (api.c) and the operator's `masseflyt user` command:
 * each change validates its input, writes the record and its audit entry
 * in one transaction, or writes nothing.
 */
#ifndef MF_SERVER_ACCOUNTS_H
#define MF_SERVER_ACCOUNTS_H

#include "store.h"

#include <jansson.h>

/* Who makes a change: an account, or the operator (id 0, "cli"). */
struct acct_actor {
    int64_t id;
    const char *email;
};

/* What a create or update sets; NULL fields are left as they are. */
struct acct_fields {
    const char *email;
    const char *name;
    const char *org; /* "" clears it */
    int org_set;     /* org was given (possibly as null) */
    const char *role;
    const char *password;
    int disabled; /* -1: leave */
};

/* Starts the crypto library; once, before any other call. 0 or -1. */
int acct_init(void);

/* Rules; each returns 0 or MF_EINVAL with `where` set to the field. */
int acct_check_email(const char *s, struct mf_error *err);
int acct_check_name(const char *s, struct mf_error *err);
int acct_check_role(const char *s, struct mf_error *err);
int acct_check_password(const char *s, struct mf_error *err);

/* Fills f from a JSON object; unknown fields, wrong types: MF_EINVAL. */
int acct_fields_from_json(json_t *o, struct acct_fields *f,
                          struct mf_error *err);

/* Creates an account (email, name, role, password required). */
int acct_create(struct store *st, const struct acct_actor *who,
                const struct acct_fields *f, struct store_account *out,
                struct mf_error *err);
/* Updates account id when its version is expect_version (0: any);
 * MF_ERANGE when someone else changed it first. Disabling or a new
 * password ends the account's sessions; disabling revokes its tokens. */
int acct_update(struct store *st, const struct acct_actor *who, int64_t id,
                int64_t expect_version, const struct acct_fields *f,
                struct store_account *out, struct mf_error *err);

/* The public view of an account (no hash). */
json_t *acct_to_json(const struct store_account *a);
/* "2026-12-06T07:30:00Z" */
void acct_iso_time(int64_t t, char out[32]);

/* Editors write only their own organisation's records; administrators
 * write everything; authorities and the public write nothing. */
int acct_may_write_org(const struct store_account *a, const char *org);

#endif
