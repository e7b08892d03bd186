/*
 * writer.c - records copied into batches, a bounded queue of batches, and
 * a thread that puts them into the store in order.
 */
#define _GNU_SOURCE /* pthread_setname_np */
#include "writer.h"

#include "util/arena.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#define BATCH 4096 /* records a batch */
#define QUEUE 4    /* batches in flight */

struct item {
    enum mf_entity e;
    union {
        struct mf_org org;
        struct mf_project project;
        struct mf_site site;
        struct mf_lot lot;
    } rec;
};

struct batch {
    struct arena arena;
    struct item *items;
    int n;
};

struct writer {
    struct store *st;
    const struct mf_catalog *cat;
    pthread_t thread;
    pthread_mutex_t mu;
    pthread_cond_t changed;
    struct batch *queue[QUEUE];
    int head, count, done;
    struct batch *filling;
    int rc; /* the first error of the thread, under mu */
    struct mf_error err;
    int seen_rc; /* rc as the caller's thread last saw it */
};

static struct batch *batch_new(void)
{
    struct batch *b = calloc(1, sizeof *b);

    if (!b)
        return NULL;
    arena_init(&b->arena, 256 * 1024);
    b->items = malloc(BATCH * sizeof *b->items);
    if (!b->items) {
        free(b);
        return NULL;
    }
    return b;
}

static void batch_free(struct batch *b)
{
    if (!b)
        return;
    arena_free(&b->arena);
    free(b->items);
    free(b);
}

static void *run(void *arg)
{
    struct writer *w = arg;
    struct mf_error err;
    int rc = MF_OK;

    for (;;) {
        struct batch *b;
        int i;

        pthread_mutex_lock(&w->mu);
        while (w->count == 0 && !w->done)
            pthread_cond_wait(&w->changed, &w->mu);
        if (w->count == 0 && w->done) {
            pthread_mutex_unlock(&w->mu);
            return NULL;
        }
        b = w->queue[w->head];
        pthread_mutex_unlock(&w->mu);
        /* After a failure the rest is drained unwritten: the caller rolls
         * the transaction back. */
        for (i = 0; i < b->n && rc == MF_OK; i++)
            rc = w->st->ops->put(w->st, w->cat, b->items[i].e, &b->items[i].rec,
                                 &err);
        batch_free(b);
        pthread_mutex_lock(&w->mu);
        if (rc && !w->rc) {
            w->rc = rc;
            w->err = err;
        }
        w->head = (w->head + 1) % QUEUE;
        w->count--;
        pthread_cond_broadcast(&w->changed);
        pthread_mutex_unlock(&w->mu);
    }
}

int writer_start(struct writer **out, struct store *st,
                 const struct mf_catalog *cat, struct mf_error *err)
{
    struct writer *w = calloc(1, sizeof *w);

    *out = NULL;
    if (!w)
        return mf_error_set(err, MF_ENOMEM, "out of memory");
    w->st = st;
    w->cat = cat;
    pthread_mutex_init(&w->mu, NULL);
    pthread_cond_init(&w->changed, NULL);
    if (pthread_create(&w->thread, NULL, run, w) != 0) {
        pthread_mutex_destroy(&w->mu);
        pthread_cond_destroy(&w->changed);
        free(w);
        return mf_error_set(err, MF_ERR, "cannot start the writer thread");
    }
    pthread_setname_np(w->thread, "mf-writer"); /* for top and perf */
    *out = w;
    return MF_OK;
}

/* Hands the filling batch to the thread, waiting while the queue is
 * full. */
static void submit(struct writer *w)
{
    pthread_mutex_lock(&w->mu);
    while (w->count == QUEUE)
        pthread_cond_wait(&w->changed, &w->mu);
    w->queue[(w->head + w->count) % QUEUE] = w->filling;
    w->count++;
    w->filling = NULL;
    w->seen_rc = w->rc;
    pthread_cond_broadcast(&w->changed);
    pthread_mutex_unlock(&w->mu);
}

static const char *copy(struct batch *b, const char *s, int *fail)
{
    char *p;

    if (!s)
        return NULL;
    p = arena_strdup(&b->arena, s);
    if (!p)
        *fail = 1;
    return p;
}

int writer_put(struct writer *w, enum mf_entity e, const void *rec,
               struct mf_error *err)
{
    struct batch *b;
    struct item *it;
    int fail = 0;

    if (w->seen_rc) {
        /* The thread has stopped writing; the details come with
         * writer_finish(). */
        return mf_error_set(err, w->seen_rc, "writing to the store failed");
    }
    if (!w->filling && !(w->filling = batch_new()))
        return mf_error_set(err, MF_ENOMEM, "out of memory");
    b = w->filling;
    it = &b->items[b->n];
    it->e = e;
    switch (e) {
    case MF_ENT_ORG:
        it->rec.org = *(const struct mf_org *)rec;
        it->rec.org.id = copy(b, it->rec.org.id, &fail);
        it->rec.org.orgnr = copy(b, it->rec.org.orgnr, &fail);
        it->rec.org.name = copy(b, it->rec.org.name, &fail);
        it->rec.org.note = copy(b, it->rec.org.note, &fail);
        break;
    case MF_ENT_PROJECT: {
        struct mf_project *p = &it->rec.project;
        *p = *(const struct mf_project *)rec;
        p->id = copy(b, p->id, &fail);
        p->name = copy(b, p->name, &fail);
        p->org = copy(b, p->org, &fail);
        p->municipality = copy(b, p->municipality, &fail);
        p->kind = copy(b, p->kind, &fail);
        p->source = copy(b, p->source, &fail);
        p->note = copy(b, p->note, &fail);
        break;
    }
    case MF_ENT_SITE: {
        struct mf_site *s = &it->rec.site;
        *s = *(const struct mf_site *)rec;
        s->id = copy(b, s->id, &fail);
        s->name = copy(b, s->name, &fail);
        s->org = copy(b, s->org, &fail);
        s->project = copy(b, s->project, &fail);
        s->municipality = copy(b, s->municipality, &fail);
        s->source = copy(b, s->source, &fail);
        s->note = copy(b, s->note, &fail);
        if (s->n_materials > 0) {
            size_t bytes = (size_t)s->n_materials * sizeof *s->materials;
            int *m = arena_alloc(&b->arena, bytes);
            if (m)
                memcpy(m, s->materials, bytes);
            else
                fail = 1;
            s->materials = m;
        }
        break;
    }
    default: {
        struct mf_lot *l = &it->rec.lot;
        *l = *(const struct mf_lot *)rec;
        l->id = copy(b, l->id, &fail);
        l->project = copy(b, l->project, &fail);
        l->site = copy(b, l->site, &fail);
        l->source = copy(b, l->source, &fail);
        l->note = copy(b, l->note, &fail);
        break;
    }
    }
    if (fail)
        return mf_error_set(err, MF_ENOMEM, "out of memory");
    if (++b->n == BATCH)
        submit(w);
    return MF_OK;
}

int writer_finish(struct writer *w, struct mf_error *err)
{
    int rc;

    if (w->filling && w->filling->n)
        submit(w);
    batch_free(w->filling);
    pthread_mutex_lock(&w->mu);
    w->done = 1;
    pthread_cond_broadcast(&w->changed);
    pthread_mutex_unlock(&w->mu);
    pthread_join(w->thread, NULL);
    rc = w->rc;
    if (rc && err)
        *err = w->err;
    pthread_mutex_destroy(&w->mu);
    pthread_cond_destroy(&w->changed);
    free(w);
    return rc;
}
