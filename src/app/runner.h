/*
 * runner.h - the one way masseflyt runs another program (today headless
 * Chromium, to print the HTML report to PDF):
 *
 *   - an argument vector, never a shell, and argv[0] is the program's
 *     path (no $PATH search here: app_config_from_env resolves it once);
 *   - in its own process group, so that it and every helper it starts
 *     can be killed together;
 *   - stdin, stdout and stderr on /dev/null, and no other descriptor of
 *     ours (database files, a server's sockets) inherited;
 *   - in a temporary folder of its own (its working directory, and the
 *     place for a profile and its output), removed with everything in it
 *     by runner_end;
 *   - with a time limit, past which the whole group is killed.
 *
 * The program is started with posix_spawn, so a large parent (a server)
 * is not copied, and it is safe from any thread. The caller must not set
 * SIGCHLD to SIG_IGN: the runner waits for its child.
 */
#ifndef MF_APP_RUNNER_H
#define MF_APP_RUNNER_H

#include "app.h"

struct runner {
    char dir[APP_PATH_MAX]; /* the run's own folder; "" before begin */
};

struct runner_result {
    int exited;    /* 1: the program exited, with `status` */
    int status;    /* its exit status */
    int signal;    /* when it did not exit: the signal that ended it */
    int timed_out; /* 1: it was killed for running past the limit */
};

/* Makes the run's folder under tmp_base (MF_EIO when it cannot). */
int runner_begin(struct runner *r, const char *tmp_base, struct mf_error *err);

/* Runs argv (NULL-terminated; argv[0] a path) in r's folder and waits for
 * it, at most timeout_ms milliseconds (0: no limit). When it ends, or is
 * killed, what is left of its process group is killed too. MF_OK when it
 * ran (res says how it ended), MF_EIO when it could not be started. */
int runner_run(struct runner *r, const char *const *argv, int timeout_ms,
               struct runner_result *res, struct mf_error *err);

/* Removes the run's folder and everything in it. */
void runner_end(struct runner *r);

#endif
