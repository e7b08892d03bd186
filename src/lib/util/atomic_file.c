/*
 * atomic_file.c - see atomic_file.h.
 */
#include "util/atomic_file.h"

#include "masseflyt/output.h"
#include "util/assert.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static mode_t current_umask(void)
{
    FILE *f = fopen("/proc/self/status", "r");
    char line[128];
    mode_t m;

    /* Linux (4.7 on) shows the umask in /proc/self/status, where reading
     * it changes nothing. Elsewhere umask() can only be read by setting
     * it, which for a moment changes it for every thread of the process
     * (a server's threads creating files meanwhile would get 022). */
    if (f) {
        while (fgets(line, sizeof line, f))
            if (!strncmp(line, "Umask:", 6)) {
                fclose(f);
                return (mode_t)(strtoul(line + 6, NULL, 8) & 0777);
            }
        fclose(f);
    }
    m = umask(022);
    umask(m);
    return m;
}

static int check(const char *path, mode_t *mode, struct mf_error *err)
{
    struct stat st;

    if (lstat(path, &st) != 0) {
        if (errno != ENOENT)
            return mf_error_at(err, MF_EIO, path, "cannot write: %s",
                               strerror(errno));
        if (mode)
            *mode = 0666 & ~current_umask();
        return MF_OK;
    }
    if (S_ISLNK(st.st_mode))
        return mf_error_at(err, MF_EIO, path,
                           "is a symbolic link; masseflyt writes only "
                           "regular files (give the link's target instead)");
    if (S_ISDIR(st.st_mode))
        return mf_error_at(err, MF_EIO, path, "is a folder, not a file");
    if (!S_ISREG(st.st_mode))
        return mf_error_at(err, MF_EIO, path,
                           "is not a regular file (a FIFO, socket or "
                           "device); write to standard output with '-o -' "
                           "and redirect it instead");
    if (access(path, W_OK) != 0)
        return mf_error_at(err, MF_EIO, path,
                           "is read-only; masseflyt does not replace it");
    if (mode)
        *mode = st.st_mode & 07777;
    return MF_OK;
}

int atomic_file_check(const char *path, struct mf_error *err)
{
    return check(path, NULL, err);
}

int atomic_file_begin(struct atomic_file *af, const char *path, int flags,
                      struct mf_error *err)
{
    size_t len = strlen(path);
    int fd, rc;

    memset(af, 0, sizeof *af);
    if ((flags & ATOMIC_STDOUT) && !strcmp(path, "-")) {
        af->to_stdout = 1;
        af->f = stdout;
        return MF_OK;
    }
    if ((rc = check(path, &af->mode, err)))
        return rc;
    af->path = strdup(path);
    af->tmp = malloc(len + 16);
    if (!af->path || !af->tmp) {
        atomic_file_abort(af);
        return mf_error_set(err, MF_ENOMEM, "out of memory");
    }
    /* The temporary file sits beside the target, so rename() stays on one
     * file system and is atomic; mkstemp makes a name nobody else has. */
    snprintf(af->tmp, len + 16, "%s.tmp.XXXXXX", path);
    fd = mkstemp(af->tmp);
    if (fd < 0) {
        rc =
            mf_error_at(err, MF_EIO, path, "cannot write: %s", strerror(errno));
        free(af->tmp);
        af->tmp = NULL;
        atomic_file_abort(af);
        return rc;
    }
    if (fchmod(fd, af->mode) != 0 || !(af->f = fdopen(fd, "wb"))) {
        rc =
            mf_error_at(err, MF_EIO, path, "cannot write: %s", strerror(errno));
        close(fd);
        atomic_file_abort(af);
        return rc;
    }
    if (flags & ATOMIC_PATH) {
        fclose(af->f);
        af->f = NULL;
    }
    return MF_OK;
}

static void release(struct atomic_file *af)
{
    free(af->path);
    free(af->tmp);
    memset(af, 0, sizeof *af);
}

void atomic_file_abort(struct atomic_file *af)
{
    if (af->to_stdout) {
        fflush(stdout);
        memset(af, 0, sizeof *af);
        return;
    }
    if (af->f)
        fclose(af->f);
    if (af->tmp)
        remove(af->tmp);
    release(af);
}

int atomic_file_commit(struct atomic_file *af, struct mf_error *err)
{
    int rc = MF_OK;

    if (af->to_stdout) {
        if (fflush(stdout) != 0 || ferror(stdout))
            rc = mf_error_set(err, MF_EIO,
                              "writing to standard output "
                              "failed");
        memset(af, 0, sizeof *af);
        return rc;
    }
    if (af->f) {
        if (fflush(af->f) != 0 || ferror(af->f) || fsync(fileno(af->f)) != 0)
            rc = mf_error_at(err, MF_EIO, af->path, "writing failed: %s",
                             strerror(errno));
        if (fclose(af->f) != 0 && rc == MF_OK)
            rc = mf_error_at(err, MF_EIO, af->path, "writing failed: %s",
                             strerror(errno));
        af->f = NULL;
    }
    /* The target is checked again: it may have become a link meanwhile. */
    if (rc == MF_OK)
        rc = check(af->path, NULL, err);
    if (rc == MF_OK && rename(af->tmp, af->path) != 0)
        rc = mf_error_at(err, MF_EIO, af->path, "cannot replace: %s",
                         strerror(errno));
    if (rc)
        remove(af->tmp);
    release(af);
    return rc;
}

int atomic_file_write(const char *path, int flags,
                      int (*fn)(void *ctx, FILE *f, struct mf_error *err),
                      void *ctx, struct mf_error *err)
{
    struct atomic_file af;
    int rc = atomic_file_begin(&af, path, flags & ~ATOMIC_PATH, err);

    if (rc)
        return rc;
    rc = fn(ctx, af.f, err);
    if (rc) {
        atomic_file_abort(&af);
        return rc;
    }
    return atomic_file_commit(&af, err);
}

int mf_write_file(const char *path, int flags,
                  int (*fn)(void *ctx, FILE *f, struct mf_error *err),
                  void *ctx, struct mf_error *err)
{
    MF_ASSERT_ARG(path && fn);
    return atomic_file_write(
        path, (flags & MF_WRITE_STDOUT) ? ATOMIC_STDOUT : 0, fn, ctx, err);
}

int mf_output_check(const char *path, struct mf_error *err)
{
    return atomic_file_check(path, err);
}
