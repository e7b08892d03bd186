/*
 * atomic_file.h - the one way masseflyt writes an output file: into a
 * temporary file in the same folder, then renamed over the target, so a
 * reader sees the old file or the whole new one, never half of it, and a
 * failure leaves the old file as it was.
 *
 * Only what is safe to replace is replaced: a target that is absent, or a
 * regular file the user may write (its permissions are kept). A symbolic
 * link, a FIFO, a device, a folder or a read-only file is refused with a
 * clear error, since replacing it would quietly break something else
 * (`plan --csv /dev/full` run as root would replace the device). "-"
 * means standard output where the caller allows it.
 */
#ifndef MF_UTIL_ATOMIC_FILE_H
#define MF_UTIL_ATOMIC_FILE_H

#include "masseflyt/error.h"

#include <stdio.h>
#include <sys/types.h>

struct atomic_file {
    FILE *f;       /* write here (NULL in path mode until reopened) */
    char *path;    /* the target */
    char *tmp;     /* the temporary file beside it; NULL for stdout */
    mode_t mode;   /* permissions the result gets */
    int to_stdout; /* path was "-" */
};

#define ATOMIC_STDOUT 1 /* "-" means standard output */
#define ATOMIC_PATH                                                            \
    2 /* the caller writes tmp by name (another library                        \
         does the writing); f is closed */

/* Checks the target and creates the temporary file. Returns 0,
 * MF_EIO (cannot create, or the target must not be replaced; err says
 * why) or MF_ENOMEM. */
int atomic_file_begin(struct atomic_file *af, const char *path, int flags,
                      struct mf_error *err);

/* Flushes, syncs and renames the temporary file over the target. On
 * failure the temporary file is removed and the target left as it was.
 * Frees what begin allocated either way. */
int atomic_file_commit(struct atomic_file *af, struct mf_error *err);

/* Removes the temporary file and frees; safe after a failed begin. */
void atomic_file_abort(struct atomic_file *af);

/* begin + fn(ctx, f, err) + commit (abort when fn fails). */
int atomic_file_write(const char *path, int flags,
                      int (*fn)(void *ctx, FILE *f, struct mf_error *err),
                      void *ctx, struct mf_error *err);

/* Checks that path may be replaced (the same test begin makes); for a
 * folder of outputs, tests each name before anything is written. */
int atomic_file_check(const char *path, struct mf_error *err);

#endif
