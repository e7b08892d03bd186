/*
 * runner.c - see runner.h. posix_spawn with a process group of its own,
 * stdio on /dev/null, descriptors from 3 up closed, the run's folder as
 * its working directory; then a wait that looks at the child without
 * reaping it (waitid with WNOWAIT), so that its process group can be
 * killed before its process id can be taken by another process.
 */
#define _GNU_SOURCE /* posix_spawn_file_actions_add{closefrom,chdir}_np */
#include "runner.h"

#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

extern char **environ;

#define POLL_NS (20 * 1000 * 1000) /* between looks at the child */

int runner_begin(struct runner *r, const char *tmp_base, struct mf_error *err)
{
    const char *base = tmp_base && *tmp_base ? tmp_base : "/tmp";

    if ((size_t)snprintf(r->dir, sizeof r->dir, "%s/masseflyt-run-XXXXXX",
                         base) >= sizeof r->dir) {
        r->dir[0] = '\0';
        return mf_error_at(err, MF_EIO, base, "the path is too long");
    }
    if (!mkdtemp(r->dir)) {
        int e = errno;
        r->dir[0] = '\0';
        return mf_error_at(err, MF_EIO, base,
                           "cannot make a temporary folder: %s", strerror(e));
    }
    return MF_OK;
}

static int rm_entry(const char *path, const struct stat *st, int flag,
                    struct FTW *ftw)
{
    (void)st;
    (void)flag;
    (void)ftw;
    remove(path);
    return 0;
}

void runner_end(struct runner *r)
{
    if (r->dir[0])
        nftw(r->dir, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
    r->dir[0] = '\0';
}

static double elapsed_ms(const struct timespec *t0)
{
    struct timespec t;

    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)(t.tv_sec - t0->tv_sec) * 1e3 +
           (double)(t.tv_nsec - t0->tv_nsec) / 1e6;
}

/* Starts argv; the spawn attributes and file actions say everything the
 * child gets. Returns 0 or an errno value. */
static int spawn(const struct runner *r, const char *const *argv, pid_t *pid)
{
    posix_spawn_file_actions_t fa;
    posix_spawnattr_t at;
    sigset_t none, all;
    int rc;

    if ((rc = posix_spawn_file_actions_init(&fa)))
        return rc;
    if ((rc = posix_spawnattr_init(&at))) {
        posix_spawn_file_actions_destroy(&fa);
        return rc;
    }
    sigemptyset(&none);
    sigfillset(&all);
    /* Its own process group; no signal blocked and every handler the
     * default, whatever the calling thread had (a server may block
     * SIGTERM in its workers, or ignore SIGPIPE). */
    if (!(rc = posix_spawnattr_setflags(&at, POSIX_SPAWN_SETPGROUP |
                                                 POSIX_SPAWN_SETSIGMASK |
                                                 POSIX_SPAWN_SETSIGDEF)) &&
        !(rc = posix_spawnattr_setpgroup(&at, 0)) &&
        !(rc = posix_spawnattr_setsigmask(&at, &none)) &&
        !(rc = posix_spawnattr_setsigdefault(&at, &all)) &&
        !(rc = posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY,
                                                0)) &&
        !(rc = posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_WRONLY,
                                                0)) &&
        !(rc = posix_spawn_file_actions_adddup2(&fa, 1, 2)) &&
        !(rc = posix_spawn_file_actions_addclosefrom_np(&fa, 3)) &&
        !(rc = posix_spawn_file_actions_addchdir_np(&fa, r->dir)))
        rc = posix_spawn(pid, argv[0], &fa, &at, (char *const *)argv, environ);
    posix_spawnattr_destroy(&at);
    posix_spawn_file_actions_destroy(&fa);
    return rc;
}

int runner_run(struct runner *r, const char *const *argv, int timeout_ms,
               struct runner_result *res, struct mf_error *err)
{
    struct timespec t0, nap = {0, POLL_NS};
    pid_t pid, w;
    int rc, status = 0;

    memset(res, 0, sizeof *res);
    if (!r->dir[0])
        return mf_error_set(err, MF_ERR, "runner_run before runner_begin");
    clock_gettime(CLOCK_MONOTONIC, &t0);
    rc = spawn(r, argv, &pid);
    if (rc)
        return mf_error_at(err, MF_EIO, argv[0], "cannot run: %s",
                           strerror(rc));
    for (;;) {
        siginfo_t si;
        memset(&si, 0, sizeof si);
        /* Ended? Looked at, not reaped: until it is reaped its process id,
         * which is also its group's, cannot be given to anyone else. */
        if (waitid(P_PID, (id_t)pid, &si, WEXITED | WNOHANG | WNOWAIT) == 0) {
            if (si.si_pid == pid)
                break;
        } else if (errno != EINTR) {
            break;
        }
        if (timeout_ms > 0 && elapsed_ms(&t0) >= timeout_ms) {
            res->timed_out = 1;
            break;
        }
        nanosleep(&nap, NULL);
    }
    /* The whole group: the program when it overran, and whatever helpers
     * it left behind when it ended. */
    kill(-pid, SIGKILL);
    do
        w = waitpid(pid, &status, 0);
    while (w < 0 && errno == EINTR);
    if (w < 0)
        return mf_error_at(err, MF_ERR, argv[0], "cannot wait for it: %s",
                           strerror(errno));
    if (WIFEXITED(status)) {
        res->exited = 1;
        res->status = WEXITSTATUS(status);
    } else if (WIFSIGNALED(status)) {
        res->signal = WTERMSIG(status);
    }
    return MF_OK;
}
