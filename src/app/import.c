/*
 * import.c - app_import: files in kind order, in one transaction, records
 * put into the store by the writer thread, all or nothing, and every file
 * logged in the store's import log.
 */
#include "app_int.h"

#include "writer.h"

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

int app_import(struct app_session *s, const struct app_import_opts *o,
               struct app_import_result *res, struct mf_error *err)
{
    struct mf_import_opts io = MF_IMPORT_OPTS_INIT;
    struct progress prog = {o->progress, o->progress_ctx};
    struct app_import_file *files = NULL;
    struct mf_registry *reg = NULL;
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
    mf_registry_free(reg);
    free(files);
    return rc;
}

void app_import_result_free(struct app_import_result *res)
{
    if (!res)
        return;
    free(res->files);
    mf_issues_free(&res->issues);
    memset(res, 0, sizeof *res);
}
