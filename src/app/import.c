/*
 * import.c - app_import: files in kind order, in one transaction, records
 * put into the store by the writer thread, all or nothing, and every file
 * logged in the store's import log.
 */
#include "app_int.h"

#include "writer.h"

#include "masseflyt/schema.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* The progress of the reader, passed on as an app_progress. */
struct progress {
    app_progress_fn fn;
    void *ctx;
};

static void records_read(void *ctx, const char *file, size_t done)
{
    const struct progress *p = ctx;

    app_report_step(p->fn, p->ctx, APP_STEP_RECORDS, file, done, 0);
}

/* Records go to the store through the writer thread, so that SQLite's
 * work overlaps with reading and checking the next records; the caller's
 * check (opts->check), if any, sees each record first. */
struct sink_ctx {
    struct writer *writer;
    const struct app_import_opts *o;
    const struct mf_registry *reg;
    int refused; /* the caller's check said no */
};

static int put(void *ctx, enum mf_entity e, const void *rec,
               struct mf_error *err)
{
    struct sink_ctx *c = ctx;
    int rc;

    if (c->o->check &&
        (rc = c->o->check(c->o->check_ctx, e, ((const struct mf_org *)rec)->id,
                          app_record_org(c->reg, e, rec), err))) {
        c->refused = 1;
        return rc;
    }
    return c->writer ? writer_put(c->writer, e, rec, err) : MF_OK;
}

/* The import's line in the audit log, in the import's transaction. */
static int audit(struct store *st, const struct app_import_opts *o,
                 const struct app_import_result *res, struct mf_error *err)
{
    static const char *const kinds[MF_ENT_COUNT] = {"orgs", "projects", "sites",
                                                    "lots"};
    struct store_audit au = {
        .actor = o->actor, .actor_email = o->actor_email, .action = "import"};
    size_t cap = 32 + (size_t)res->n_files * 64, used;
    char *after = malloc(cap);
    int i, rc;

    if (!after)
        return mf_error_set(err, MF_ENOMEM, "out of memory");
    used = (size_t)snprintf(after, cap, "{\"files\":[");
    for (i = 0; i < res->n_files; i++)
        used += (size_t)snprintf(
            after + used, cap - used, "%s{\"kind\":\"%s\",\"records\":%zu}",
            i ? "," : "", kinds[res->files[i].kind], res->files[i].records);
    snprintf(after + used, cap - used, "]}");
    au.target = res->n_files ? kinds[res->files[0].kind] : "";
    au.after = after;
    rc = st->ops->audit_append(st, (int64_t)time(NULL), &au, err);
    free(after);
    return rc;
}

/* The files in kind order; files of one kind keep the order given (an
 * insertion sort, which is stable). */
static int in_kind_order(const struct app_import_opts *o,
                         struct app_import_file **out, struct mf_error *err)
{
    struct app_import_file *f;
    int i, j;

    *out = NULL;
    if (o->n_files <= 0)
        return mf_error_set(err, MF_EINVAL, "no files to import");
    f = calloc((size_t)o->n_files, sizeof *f);
    if (!f)
        return mf_error_set(err, MF_ENOMEM, "out of memory");
    for (i = 0; i < o->n_files; i++) {
        struct app_import_file x = o->files[i];
        if (x.kind < 0 || x.kind >= MF_ENT_COUNT)
            x.kind = mf_import_kind_from_name(x.path);
        if (x.kind < 0) {
            free(f);
            return mf_error_at(err, MF_EINVAL, x.path,
                               "cannot tell what the file holds: name it "
                               "orgs*, projects*, sites* or lots*, or give "
                               "its kind");
        }
        for (j = i; j > 0 && f[j - 1].kind > x.kind; j--)
            f[j] = f[j - 1];
        f[j] = x;
    }
    *out = f;
    return MF_OK;
}

/* ------------------------------------------------------------------ */
/* Records that replace stored ones                                     */
/* ------------------------------------------------------------------ */

struct replacing {
    const struct mf_registry *old; /* as stored before the import */
    struct app_import_result *res;
    size_t max_listed;
    int refuse; /* --no-replace */
};

/* A value shown in a list of changes: at most this many characters. */
#define SHOWN_CHARS 60

/* The value of field f in rec as CSV writes it (derived fields and
 * absent ones are ""), with a quantity's volume state after it. */
static void field_text(const struct mf_catalog *cat, const struct mf_field *f,
                       const void *rec, char *buf, size_t len)
{
    const void *p = mf_field_cptr(f, rec);

    buf[0] = '\0';
    if (!mf_field_present(f, rec))
        return;
    switch (f->type) {
    case MF_FT_TEXT:
    case MF_FT_REF: {
        const char *t = *(const char *const *)p;
        size_t cut = SHOWN_CHARS - 3;
        if (t && strlen(t) > SHOWN_CHARS) {
            /* Cut between characters, never inside one. */
            while (cut > 0 && ((unsigned char)t[cut] & 0xC0) == 0x80)
                cut--;
            snprintf(buf, len, "'%.*s...'", (int)cut, t);
        } else if (t) {
            snprintf(buf, len, "'%s'", t);
        }
        break;
    }
    case MF_FT_BOOL:
    case MF_FT_INT:
        snprintf(buf, len, "%d", *(const int *)p);
        break;
    case MF_FT_ENUM:
        snprintf(buf, len, "%s", f->enm->name(*(const int *)p));
        break;
    case MF_FT_NUMBER:
        snprintf(buf, len, "%.15g", *(const double *)p);
        if (f->with) {
            size_t n = strlen(buf);
            snprintf(buf + n, len - n, " %s",
                     mf_state_name(*(const enum mf_state *)((const char *)rec +
                                                            f->with)));
        }
        break;
    case MF_FT_DATE:
        if (*(const int32_t *)p != MF_DATE_NONE)
            mf_date_format(*(const int32_t *)p, buf, len);
        break;
    case MF_FT_MATERIAL: {
        const struct mf_material *m = mf_catalog_material(cat, *(const int *)p);
        if (m)
            snprintf(buf, len, "%s", m->code);
        break;
    }
    case MF_FT_USE: {
        const struct mf_use *u = mf_catalog_use(cat, *(const int *)p);
        if (u)
            snprintf(buf, len, "%s", u->code);
        break;
    }
    case MF_FT_MATERIALS: {
        const int *m = *(const int *const *)p;
        int n = *(const int *)((const char *)rec + f->count_offset), i;
        for (i = 0; i < n; i++) {
            const struct mf_material *mm = mf_catalog_material(cat, m[i]);
            size_t at = strlen(buf);
            if (mm)
                snprintf(buf + at, len - at, "%s%s", i ? ";" : "", mm->code);
        }
        break;
    }
    case MF_FT_STATE:
        if (*(const enum mf_state *)p != MF_STATE_NONE)
            snprintf(buf, len, "%s", mf_state_name(*(const enum mf_state *)p));
        break;
    case MF_FT_FLAG:
        snprintf(buf, len, "%d", (*(const unsigned *)p & f->bit) ? 1 : 0);
        break;
    case MF_FT_PLACE: {
        const struct mf_location *l = mf_field_place(f, rec);
        if (!l->epsg)
            break;
        if (f->part == MF_PLACE_EPSG)
            snprintf(buf, len, "%d", l->epsg);
        else
            snprintf(buf, len, "%.15g", f->part == MF_PLACE_X ? l->x : l->y);
        break;
    }
    }
}

/* Whether field f holds the same value in a and b. Texts and lists are
 * compared whole (what field_text shows of them may be shortened). */
static int same_value(const struct mf_catalog *cat, const struct mf_field *f,
                      const void *a, const void *b, char *va, char *vb,
                      size_t len)
{
    if (f->type == MF_FT_TEXT || f->type == MF_FT_REF) {
        const char *x = *(const char *const *)mf_field_cptr(f, a);
        const char *y = *(const char *const *)mf_field_cptr(f, b);
        return (!x || !*x) ? (!y || !*y) : (y && !strcmp(x, y));
    }
    if (f->type == MF_FT_MATERIALS) {
        int nx = *(const int *)((const char *)a + f->count_offset);
        int ny = *(const int *)((const char *)b + f->count_offset);
        const int *x = *(const int *const *)mf_field_cptr(f, a);
        const int *y = *(const int *const *)mf_field_cptr(f, b);
        return nx == ny && (nx == 0 || !memcmp(x, y, (size_t)nx * sizeof *x));
    }
    field_text(cat, f, a, va, len);
    field_text(cat, f, b, vb, len);
    return !strcmp(va, vb);
}

/* "field old -> new, ..." for the fields of kind e that differ between
 * a and b, in column order; "" when none do. malloc'ed, or NULL. */
static char *changes(const struct mf_catalog *cat, enum mf_entity e,
                     const void *a, const void *b)
{
    const struct mf_field *cols[MF_SCHEMA_MAX_FIELDS];
    int n = mf_schema_columns(mf_schema(e), cols), i;
    char va[2 * SHOWN_CHARS + 64], vb[sizeof va];
    char *out = calloc(1, 1);
    size_t len = 0;

    for (i = 0; i < n && out; i++) {
        size_t add;
        char *grown;

        if (cols[i]->need == MF_DERIVED)
            continue;
        if (same_value(cat, cols[i], a, b, va, vb, sizeof va))
            continue;
        field_text(cat, cols[i], a, va, sizeof va);
        field_text(cat, cols[i], b, vb, sizeof vb);
        add = strlen(cols[i]->name) + strlen(va) + strlen(vb) + 16;
        grown = realloc(out, len + add);
        if (!grown) {
            free(out);
            return NULL;
        }
        out = grown;
        snprintf(out + len, add, "%s%s %s -> %s", len ? ", " : "",
                 cols[i]->name, va[0] ? va : "(empty)", vb[0] ? vb : "(empty)");
        len += strlen(out + len);
    }
    return out;
}

/* The import's check (mf_import_opts.check): a record whose id is stored
 * is listed with what changed, or refused with --no-replace. */
static int check_replaced(void *ctx, enum mf_entity e, const void *rec,
                          const char *where, struct mf_issues *is)
{
    struct replacing *r = ctx;
    struct app_import_result *res = r->res;
    const char *id = *(const char *const *)rec;
    const void *old = mf_registry_get(r->old, e, id);
    struct app_replaced *x;
    char *what;

    if (!old)
        return MF_SEV_NONE;
    if (r->refuse) {
        char at[240];
        snprintf(at, sizeof at, "%s: id", where);
        if (mf_issues_add(is, MF_SEV_ERROR, "import", e, id, at,
                          "a %s with the id '%s' is already stored; "
                          "--no-replace refuses to replace it",
                          mf_schema(e)->name, id))
            return MF_ENOMEM;
        return MF_SEV_ERROR;
    }
    what = changes(mf_registry_catalog(r->old), e, old, rec);
    if (!what)
        return MF_ENOMEM;
    if (!what[0]) {
        res->n_unchanged++;
        free(what);
        return MF_SEV_NONE;
    }
    res->n_replaced++;
    if (res->n_listed >= r->max_listed) {
        free(what);
        return MF_SEV_NONE;
    }
    if (res->n_listed == 0) {
        res->replaced = calloc(r->max_listed, sizeof *res->replaced);
        if (!res->replaced) {
            free(what);
            return MF_ENOMEM;
        }
    }
    x = &res->replaced[res->n_listed];
    x->kind = e;
    snprintf(x->where, sizeof x->where, "%s", where);
    x->id = strdup(id);
    x->changes = what;
    if (!x->id) {
        free(what);
        return MF_ENOMEM;
    }
    res->n_listed++;
    return MF_SEV_NONE;
}

int app_import(struct app_session *s, const struct app_import_opts *o,
               struct app_import_result *res, struct mf_error *err)
{
    struct mf_import_opts io = MF_IMPORT_OPTS_INIT;
    struct progress prog = {o->progress, o->progress_ctx};
    struct app_import_file *files = NULL;
    struct mf_registry *reg = NULL, *old = NULL;
    struct replacing repl;
    struct mf_import *imp = NULL;
    struct mf_import_sink sink;
    struct sink_ctx sc = {NULL, o, NULL, 0};
    struct writer *writer = NULL;
    struct store *st = NULL;
    int began = 0, missing = 0, i, rc;

    memset(res, 0, sizeof *res);
    mf_issues_init(&res->issues, o->max_problems);
    if (o->data && o->n_files != 1)
        return mf_error_set(err, MF_EINVAL,
                            "a document in memory is imported alone");
    if ((rc = in_kind_order(o, &files, err)))
        return rc;
    res->files = calloc((size_t)o->n_files, sizeof *res->files);
    if (!res->files) {
        rc = mf_error_set(err, MF_ENOMEM, "out of memory");
        goto done;
    }
    /* The records already stored that lots refer to; the lots themselves
     * are not needed. */
    if ((rc = app_load(s, 0, &reg, err)) || (rc = app_store(s, 0, &st, err)))
        goto done;
    if ((rc = st->ops->begin(st, err)))
        goto done;
    began = 1;
    /* Every record as stored before the import, lots too, to tell which
     * ones the import replaces and what changes (read inside the
     * transaction, so no other writer comes between). An empty lot table
     * (the first import of a region, the large case) has nothing to
     * compare, so its lots are not read. */
    {
        struct store_query q = STORE_QUERY_INIT;
        long long n_lots = 0;
        unsigned what = STORE_ALL;

        if (st->ops->version >= STORE_OPS_QUERY_VERSION && st->ops->count &&
            (rc = st->ops->count(st, &q, &n_lots, err)) == MF_OK && n_lots == 0)
            what = STORE_NO_LOTS;
        if (rc || (rc = mf_registry_new(&old, mf_registry_catalog(reg), err)) ||
            (rc = st->ops->load(st, old, what, err)))
            goto done;
    }
    repl.old = old;
    repl.res = res;
    repl.max_listed = o->max_problems ? o->max_problems : 100;
    repl.refuse = o->no_replace;
    io.check = check_replaced;
    io.check_ctx = &repl;
    io.encoding = o->encoding;
    io.as_of = app_as_of(s->app, o->as_of);
    if (o->progress) {
        io.progress = records_read;
        io.progress_ctx = &prog;
    }
    if ((rc = mf_import_new(&imp, reg, &io, err)))
        goto done;
    if (!o->dry_run &&
        (rc = writer_start(&writer, st, mf_registry_catalog(reg), err)))
        goto done;
    sc.writer = writer;
    sc.reg = reg;
    sink.ctx = &sc;
    sink.put = o->dry_run && !o->check ? NULL : put;
    for (i = 0; i < o->n_files; i++) {
        struct app_import_done *d = &res->files[res->n_files];
        size_t before = res->stats.records[files[i].kind];
        int r = o->data ? mf_import_buffer(imp, files[i].path, o->data, o->len,
                                           o->geojson,
                                           (enum mf_entity)files[i].kind, &sink,
                                           &res->issues, &res->stats, err)
                        : mf_import_file(imp, files[i].path,
                                         (enum mf_entity)files[i].kind, &sink,
                                         &res->issues, &res->stats, err);
        app_report_step(o->progress, o->progress_ctx, APP_STEP_FILE_DONE,
                        files[i].path, res->stats.records[files[i].kind], 0);
        if (sc.refused) {
            /* The caller's check refused a record: its status and
             * message stand, and nothing is written. */
            rc = r ? r : MF_EINVAL;
            goto done;
        }
        if (r == MF_ENOTFOUND)
            missing = 1;
        /* A file that cannot be read is one more issue; anything else
         * (memory, the store) stops the import. */
        if (r && r != MF_EINVAL && r != MF_EIO && r != MF_ENOTFOUND) {
            /* A failure of the writer says more than "writing failed". */
            rc = r;
            if (writer) {
                int w = writer_finish(writer, err);
                if (w == MF_OK)
                    mf_error_set(err, r, "%s", "the import stopped");
                else
                    rc = w;
            }
            writer = NULL;
            goto done;
        }
        d->path = files[i].path;
        d->kind = (enum mf_entity)files[i].kind;
        d->records = res->stats.records[files[i].kind] - before;
        memcpy(d->encoding, res->stats.encoding, sizeof d->encoding);
        memcpy(d->ignored_columns, res->stats.ignored_columns,
               sizeof d->ignored_columns);
        res->n_files++;
    }
    /* Everything is queued; the writer finishes before the store is used
     * again from this thread. */
    if (writer) {
        rc = writer_finish(writer, err);
        writer = NULL;
        if (rc)
            goto done;
    }
    res->checked = 1;
    if (res->issues.count[MF_SEV_ERROR]) {
        size_t n = res->issues.count[MF_SEV_ERROR];
        /* A file that is not there is "not found" (exit 4), whatever
         * else was wrong. */
        rc = mf_error_set(err, missing ? MF_ENOTFOUND : MF_EINVAL,
                          "import refused: %zu error%s; nothing was written", n,
                          n == 1 ? "" : "s");
        goto done;
    }
    if (o->dry_run)
        goto done;
    for (i = 0; i < res->n_files; i++) {
        const struct app_import_done *d = &res->files[i];
        if ((rc = st->ops->log_import(st, d->path, d->kind, (long)d->records,
                                      d->encoding, err)))
            goto done;
    }
    if (o->actor_email && (rc = audit(st, o, res, err)))
        goto done;
    if ((rc = st->ops->commit(st, err)))
        goto done;
    res->written = 1;
done:
    if (writer)
        writer_finish(writer, NULL);
    if (began && !res->written)
        st->ops->rollback(st);
    mf_import_free(imp);
    mf_registry_free(old);
    mf_registry_free(reg);
    free(files);
    return rc;
}

void app_import_result_free(struct app_import_result *res)
{
    size_t i;

    if (!res)
        return;
    free(res->files);
    for (i = 0; i < res->n_listed; i++) {
        free(res->replaced[i].id);
        free(res->replaced[i].changes);
    }
    free(res->replaced);
    mf_issues_free(&res->issues);
    memset(res, 0, sizeof *res);
}
