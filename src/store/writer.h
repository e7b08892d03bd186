/*
 * writer.h - a background writer for large imports: records are copied
 * into batches and put into the store, in order, by a second thread, so
 * that reading and checking the next records overlaps with SQLite's work.
 *
 * The store is used by the writer thread only between writer_start() and
 * writer_finish(); the caller must not touch it meanwhile.
 */
#ifndef MF_STORE_WRITER_H
#define MF_STORE_WRITER_H

#include "masseflyt/error.h"
#include "masseflyt/model.h"
#include "store.h"

struct writer;

int writer_start(struct writer **out, struct store *st,
                 const struct mf_catalog *cat, struct mf_error *err);
/* Queues a copy of rec (a struct mf_org, mf_project, mf_site or mf_lot).
 * Returns MF_OK, MF_ENOMEM, or the writer's first error so far. */
int writer_put(struct writer *w, enum mf_entity e, const void *rec,
               struct mf_error *err);
/* Writes what is queued, stops the thread and frees the writer. Returns
 * the first error the store reported, if any. */
int writer_finish(struct writer *w, struct mf_error *err);

#endif
