/*
 * record.c - one record at a time, as an API writes it: created,
 * replaced or deleted in one transaction with its audit record, the new
 * record read through the import's own parsers, references and rules
 * (mf_import_json), and the caller's check (who may write it, whether
 * the caller read the version it replaces) run inside the transaction on
 * the record as stored and as it would be.
 */
#include "app_int.h"

#include "masseflyt/io.h"
#include "masseflyt/schema.h"

#include <ctype.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static const char *const kind_names[MF_ENT_COUNT] = {
    [MF_ENT_ORG] = "org",
    [MF_ENT_PROJECT] = "project",
    [MF_ENT_SITE] = "site",
    [MF_ENT_LOT] = "lot",
};

static const char *org_of_project(const struct mf_registry *reg, const char *id)
{
    const struct mf_project *p =
        reg && id ? mf_registry_project(reg, id) : NULL;

    return p ? p->org : NULL;
}

static const char *org_of_site(const struct mf_registry *reg,
                               const struct mf_site *s)
{
    if (!s)
        return NULL;
    return s->org ? s->org : org_of_project(reg, s->project);
}

/* The organisation a record belongs to (store.h's rules): a project's
 * org; a site's org, else its project's; a lot's project's org, else its
 * site's. NULL for none. */
const char *app_record_org(const struct mf_registry *reg, enum mf_entity e,
                           const void *rec)
{
    switch (e) {
    case MF_ENT_ORG:
        return ((const struct mf_org *)rec)->id;
    case MF_ENT_PROJECT:
        return ((const struct mf_project *)rec)->org;
    case MF_ENT_SITE:
        return org_of_site(reg, rec);
    default: {
        const struct mf_lot *l = rec;
        const char *o = org_of_project(reg, l->project);
        if (!o && l->site && reg)
            o = org_of_site(reg, mf_registry_site(reg, l->site));
        return o;
    }
    }
}

/* What a store query or an import hands over, kept: the record's JSON
 * and its organisation. */
struct kept {
    const struct mf_registry *reg;
    const struct mf_catalog *cat;
    char *json;
    char org[72];
    int has_org;
    char id[64];
};

static int keep(struct kept *k, enum mf_entity e, const void *rec,
                struct mf_error *err)
{
    const char *o = app_record_org(k->reg, e, rec);

    free(k->json);
    k->json = NULL;
    k->has_org = o != NULL;
    snprintf(k->org, sizeof k->org, "%s", o ? o : "");
    snprintf(k->id, sizeof k->id, "%s", ((const struct mf_org *)rec)->id);
    return mf_export_json(k->cat, e, rec, &k->json, err);
}

static int keep_each(void *ctx, enum mf_entity e, const void *rec,
                     struct mf_error *err)
{
    return keep(ctx, e, rec, err);
}

/* A record is there; nothing of it is needed. */
static int found(void *ctx, enum mf_entity e, const void *rec,
                 struct mf_error *err)
{
    (void)ctx;
    (void)e;
    (void)rec;
    (void)err;
    return MF_OK;
}

/* The import's sink: checks the new record, then writes it. */
struct writing {
    struct kept after;
    const struct app_record_opts *o;
    struct store *st;
    const struct mf_catalog *cat;
    const struct app_record_state *before;
    struct app_record_result *res;
    int refused; /* the check said no (res->outcome set) */
    int wrote;
};

static int write_one(void *ctx, enum mf_entity e, const void *rec,
                     struct mf_error *err)
{
    struct writing *w = ctx;
    struct app_record_state after;
    int rc;

    if ((rc = keep(&w->after, e, rec, err)))
        return rc;
    if (w->o->id && strcmp(w->after.id, w->o->id)) {
        w->res->outcome = APP_REC_BAD;
        return mf_issues_add(&w->res->issues, MF_SEV_ERROR, "schema", e,
                             w->after.id, "id",
                             "the id must be the one in the address ('%s'); "
                             "a record is renamed by creating the new one and "
                             "deleting the old",
                             w->o->id) == MF_OK
                   ? MF_EINVAL
                   : MF_ENOMEM;
    }
    if (w->o->op == APP_REC_CREATE) {
        /* A new id only: the store's put would replace a record. */
        rc = w->st->ops->get(w->st, w->cat, e, w->after.id, found, NULL, err);
        if (rc == MF_OK) {
            w->res->outcome = APP_REC_EXISTS;
            return mf_error_at(err, MF_EINVAL, "id",
                               "a %s with the id '%s' exists already; change "
                               "it with PUT",
                               kind_names[e], w->after.id);
        }
        if (rc != MF_ENOTFOUND)
            return rc;
    }
    after.json = w->after.json;
    after.org = w->after.has_org ? w->after.org : NULL;
    if (w->o->check &&
        (rc = w->o->check(w->o->check_ctx, w->before, &after, err)) != MF_OK) {
        w->refused = 1;
        w->res->outcome = APP_REC_REFUSED;
        return rc;
    }
    if ((rc = w->st->ops->put(w->st, w->cat, e, rec, err)))
        return rc;
    w->wrote = 1;
    return MF_OK;
}

int app_record_get(struct app_session *s, enum mf_entity kind, const char *id,
                   char **json, struct mf_error *err)
{
    const struct mf_catalog *cat;
    struct store *st;
    struct kept k = {0};
    int rc;

    *json = NULL;
    if ((unsigned)kind >= MF_ENT_COUNT)
        return mf_error_set(err, MF_EINVAL, "no such kind of record");
    if ((rc = app_catalog(s->app, &cat, err)) ||
        (rc = app_store(s, 0, &st, err)))
        return rc;
    k.cat = cat; /* no registry: the organisation is not asked for */
    if ((rc = st->ops->get(st, cat, kind, id, keep_each, &k, err))) {
        free(k.json);
        return rc;
    }
    *json = k.json;
    return MF_OK;
}

static int audit(struct store *st, const struct app_record_opts *o,
                 const char *id, const char *before, const char *after,
                 struct mf_error *err)
{
    static const char *const ops[] = {"create", "replace", "delete"};
    char action[32], target[96];
    struct store_audit au = {.actor = o->actor,
                             .actor_email = o->actor_email,
                             .action = action,
                             .target = target,
                             .before = before,
                             .after = after};

    snprintf(action, sizeof action, "%s.%s", kind_names[o->kind], ops[o->op]);
    snprintf(target, sizeof target, "%s/%s", kind_names[o->kind], id);
    return st->ops->audit_append(st, (int64_t)time(NULL), &au, err);
}

/* An id's bytes at most: MF_MAX_ID_CHARS code points of up to 4 bytes. */
#define ID_BYTES (MF_MAX_ID_CHARS * 4 + 1)

/* ---- What one write reads: only the records its checks look at. ----
 *
 * The import's rules look up each reference of the record (a lot's
 * project and site, a site's organisation and project, a project's
 * organisation) and a lot's site (its place); the record's organisation
 * (app_record_org) also needs a site's project. A write reads those, and
 * nothing else, into the registry the import runs against, so its cost
 * does not grow with the registry. */

static int put_into(void *ctx, enum mf_entity e, const void *rec,
                    struct mf_error *err)
{
    return mf_registry_put(ctx, e, rec)
               ? mf_error_set(err, MF_ENOMEM, "out of memory")
               : MF_OK;
}

/* Reads the record of kind e with this id into reg, and a site's
 * project; one that is not stored is left for the import to report. */
static int need(struct store *st, const struct mf_catalog *cat,
                struct mf_registry *reg, enum mf_entity e, const char *id,
                struct mf_error *err)
{
    const struct mf_site *site;
    char project[ID_BYTES];
    int rc;

    if (!id || !*id || mf_registry_index(reg, e, id) >= 0)
        return MF_OK;
    rc = st->ops->get(st, cat, e, id, put_into, reg, err);
    if (rc == MF_ENOTFOUND)
        return MF_OK;
    if (rc || e != MF_ENT_SITE)
        return rc;
    site = mf_registry_site(reg, id);
    if (!site || !site->project ||
        (size_t)snprintf(project, sizeof project, "%s", site->project) >=
            sizeof project)
        return MF_OK; /* longer than any id: the import names it */
    return need(st, cat, reg, MF_ENT_PROJECT, project, err);
}

/* The references of a stored record, read into reg. */
struct refs {
    struct store *st;
    const struct mf_catalog *cat;
    struct mf_registry *reg;
    /* Copied out: rec is valid only during the call, and a store may
     * not take a query while it hands over a record. */
    enum mf_entity kind[8];
    char id[8][ID_BYTES];
    int n;
};

static int collect_refs(void *ctx, enum mf_entity e, const void *rec,
                        struct mf_error *err)
{
    const struct mf_entity_schema *sc = mf_schema(e);
    struct refs *r = ctx;
    int i;

    (void)err;
    for (i = 0; i < sc->n_fields && r->n < 8; i++) {
        const struct mf_field *f = &sc->fields[i];
        const char *v;
        if (f->type != MF_FT_REF)
            continue;
        v = *(const char *const *)mf_field_cptr(f, rec);
        if (v && (size_t)snprintf(r->id[r->n], sizeof r->id[r->n], "%s", v) <
                     sizeof r->id[r->n])
            r->kind[r->n++] = f->ref;
    }
    return MF_OK;
}

static int load_refs(struct refs *r, struct mf_error *err)
{
    int i, rc = MF_OK;

    for (i = 0; i < r->n && rc == MF_OK; i++)
        rc = need(r->st, r->cat, r->reg, r->kind[i], r->id[i], err);
    r->n = 0;
    return rc;
}

/* The references a new record's JSON names, as the import reads them
 * (a text trimmed, a whole number as its digits). *all is set when a
 * reference has another kind of value: the caller then reads everything,
 * so the import's answer stays what it was. Invalid JSON reads nothing:
 * the import reports it. */
static void json_refs(struct refs *r, enum mf_entity kind, const char *json,
                      size_t len, int *all)
{
    const struct mf_entity_schema *sc = mf_schema(kind);
    json_t *root = json_loadb(json, len, 0, NULL), *v;
    const char *key;

    *all = 0;
    if (!root || !json_is_object(root)) {
        json_decref(root);
        return;
    }
    json_object_foreach(root, key, v)
    {
        const struct mf_field *f = mf_schema_find(sc, key);
        const char *t;
        size_t n;
        if (!f || f->type != MF_FT_REF || json_is_null(v))
            continue;
        if (r->n >= 8) {
            *all = 1;
            break;
        }
        if (json_is_integer(v)) {
            snprintf(r->id[r->n], sizeof r->id[r->n], "%" JSON_INTEGER_FORMAT,
                     json_integer_value(v));
        } else if (json_is_string(v)) {
            t = json_string_value(v);
            n = json_string_length(v);
            while (n && isspace((unsigned char)*t)) {
                t++;
                n--;
            }
            while (n && isspace((unsigned char)t[n - 1]))
                n--;
            if (n >= sizeof r->id[r->n])
                continue; /* longer than any id: the import names it */
            memcpy(r->id[r->n], t, n);
            r->id[r->n][n] = '\0';
        } else {
            *all = 1;
            break;
        }
        r->kind[r->n++] = f->ref;
    }
    json_decref(root);
}

/* Reads into reg what a write of o needs: the references of the record
 * as stored (o->id) and of its new JSON. */
static int load_needed(struct store *st, const struct mf_catalog *cat,
                       struct mf_registry *reg, const struct app_record_opts *o,
                       struct mf_error *err)
{
    struct refs r = {.st = st, .cat = cat, .reg = reg};
    int rc, all = 0;

    if (o->id) {
        rc = st->ops->get(st, cat, o->kind, o->id, collect_refs, &r, err);
        if (rc && rc != MF_ENOTFOUND)
            return rc;
        if ((rc = load_refs(&r, err)))
            return rc;
    }
    if (o->json)
        json_refs(&r, o->kind, o->json, o->len, &all);
    if (all)
        return st->ops->load(st, reg, STORE_NO_LOTS, err);
    return load_refs(&r, err);
}

int app_record_write(struct app_session *s, const struct app_record_opts *o,
                     struct app_record_result *res, struct mf_error *err)
{
    const struct mf_catalog *cat;
    struct mf_registry *reg = NULL;
    struct mf_import *imp = NULL;
    struct mf_import_opts io = MF_IMPORT_OPTS_INIT;
    struct mf_import_stats stats = {0};
    struct mf_import_sink sink;
    struct app_record_state before = {NULL, NULL};
    struct kept old = {0};
    struct writing w;
    struct store *st;
    int rc;

    memset(res, 0, sizeof *res);
    mf_issues_init(&res->issues, 100);
    memset(&w, 0, sizeof w);
    if ((unsigned)o->kind >= MF_ENT_COUNT ||
        (o->op != APP_REC_CREATE && (!o->id || !*o->id)) ||
        (o->op != APP_REC_DELETE && !o->json))
        return mf_error_set(err, MF_EINVAL, "a record write without %s",
                            o->json ? "an id" : "a body");
    if ((rc = app_catalog(s->app, &cat, err)) ||
        (rc = app_store(s, 0, &st, err)))
        return rc;
    if (st->ops->version < STORE_OPS_DELETE_VERSION)
        return mf_error_set(err, MF_ESTORE,
                            "this store cannot write single records");
    if ((rc = st->ops->begin(st, err)))
        return rc;
    /* What the record refers to, read inside the transaction. */
    if ((rc = mf_registry_new(&reg, cat, err)) ||
        (rc = load_needed(st, cat, reg, o, err)))
        goto out;
    old.reg = reg;
    old.cat = cat;
    if (o->id) {
        rc = st->ops->get(st, cat, o->kind, o->id, keep_each, &old, err);
        if (rc == MF_ENOTFOUND) {
            res->outcome = APP_REC_MISSING;
            goto out;
        }
        if (rc)
            goto out;
        before.json = old.json;
        before.org = old.has_org ? old.org : NULL;
    }
    if (o->op == APP_REC_DELETE) {
        if (o->check && (rc = o->check(o->check_ctx, &before, NULL, err))) {
            res->outcome = APP_REC_REFUSED;
            goto out;
        }
        rc = st->ops->version >= STORE_OPS_DELETE_VERSION && st->ops->del
                 ? st->ops->del(st, o->kind, o->id, err)
                 : mf_error_set(err, MF_ESTORE,
                                "this store cannot delete records");
        if (rc == MF_EINVAL)
            res->outcome = APP_REC_IN_USE;
        if (rc || (rc = audit(st, o, o->id, old.json, NULL, err)))
            goto out;
        snprintf(res->id, sizeof res->id, "%s", o->id);
        res->before = old.json;
        old.json = NULL;
        goto commit;
    }
    io.as_of = app_as_of(s->app, o->as_of);
    if ((rc = mf_import_new(&imp, reg, &io, err)))
        goto out;
    w.after.reg = reg;
    w.after.cat = cat;
    w.o = o;
    w.st = st;
    w.cat = cat;
    w.before = &before;
    w.res = res;
    sink.ctx = &w;
    sink.put = write_one;
    rc = mf_import_json(imp, "", o->json, o->len, o->kind, &sink, &res->issues,
                        &stats, err);
    if (w.refused || res->outcome == APP_REC_EXISTS)
        goto out;
    if ((rc == MF_OK || rc == MF_EINVAL) &&
        (res->issues.count[MF_SEV_ERROR] || !w.wrote)) {
        size_t n = res->issues.count[MF_SEV_ERROR];
        res->outcome = APP_REC_BAD;
        rc = mf_error_at(err, MF_EINVAL,
                         res->issues.n ? res->issues.items[0].where : "body",
                         "the record breaks %zu rule%s; nothing was written", n,
                         n == 1 ? "" : "s");
        goto out;
    }
    if (rc)
        goto out;
    if ((rc = audit(st, o, w.after.id, old.json, w.after.json, err)))
        goto out;
    snprintf(res->id, sizeof res->id, "%s", w.after.id);
    res->before = old.json;
    old.json = NULL;
    res->after = w.after.json;
    w.after.json = NULL;
commit:
    if ((rc = st->ops->commit(st, err)) == MF_OK)
        res->outcome = APP_REC_DONE;
out:
    if (rc || res->outcome != APP_REC_DONE) {
        st->ops->rollback(st);
        if (!rc)
            rc = MF_EINVAL;
    }
    mf_import_free(imp);
    mf_registry_free(reg);
    free(old.json);
    free(w.after.json);
    return rc;
}

void app_record_result_free(struct app_record_result *res)
{
    if (!res)
        return;
    mf_issues_free(&res->issues);
    free(res->before);
    free(res->after);
    res->before = res->after = NULL;
}
