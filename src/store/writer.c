/*
 * writer.c - records copied into batches (by the schema's deep copy), a
 * bounded queue of batches, and a thread that puts them into the store in
 * order.
 */
#define _GNU_SOURCE /* pthread_setname_np */
#include "writer.h"

#include "masseflyt/schema.h"
#include "util/arena.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#define BATCH 4096 /* records a batch */
#define QUEUE 4    /* batches in flight */

struct item {
    enum mf_entity e;
    union mf_record rec;
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

static void *batch_take(void *ctx, size_t bytes)
{
    return arena_alloc(ctx, bytes);
}

int writer_put(struct writer *w, enum mf_entity e, const void *rec,
               struct mf_error *err)
{
    struct batch *b;
    struct item *it;

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
    /* The copy is driven by the schema, so a new field needs nothing
     * here. */
    if (mf_record_copy(e, &it->rec, rec, batch_take, &b->arena))
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
