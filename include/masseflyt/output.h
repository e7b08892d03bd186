/*
 * output.h - writing an output file safely: into a temporary file beside
 * the target, then renamed over it, so nobody sees half a file and a
 * failure leaves the old one. Only an absent target or a regular file
 * the user may write is replaced (its permissions kept); a symbolic link,
 * FIFO, device, folder or read-only file is refused with a clear error.
 */
#ifndef MF_OUTPUT_H
#define MF_OUTPUT_H

#include "masseflyt/error.h"

#include <stdio.h>

#define MF_WRITE_STDOUT 1 /* "-" means standard output */

/* Writes path with fn(ctx, f, err); MF_EIO names the path and the
 * reason when it cannot, or must not, be replaced. */
int mf_write_file(const char *path, int flags,
                  int (*fn)(void *ctx, FILE *f, struct mf_error *err),
                  void *ctx, struct mf_error *err);

/* 0 when path may be written by mf_write_file, else MF_EIO with why. */
int mf_output_check(const char *path, struct mf_error *err);

#endif
