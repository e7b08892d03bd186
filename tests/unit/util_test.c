/*
 * util_test.c - the small utilities every module leans on: growing
 * arrays (vec.h) and the one safe way to write an output file
 * (atomic_file.h): what it replaces, what it refuses, and that a failed
 * write leaves the old file and no temporary file behind.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "masseflyt/output.h"
#include "util/atomic_file.h"
#include "util/vec.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

static void test_vec__grows_and_keeps_contents(void **state)
{
    int *a = NULL, i;
    size_t cap = 0;
    double *d = NULL;
    int dcap = 0;

    (void)state;
    for (i = 0; i < 1000; i++) {
        assert_int_equal(vec_reserve(a, cap, (size_t)i + 1), 0);
        assert_true(cap >= (size_t)i + 1);
        a[i] = i * 3;
    }
    for (i = 0; i < 1000; i++)
        assert_int_equal(a[i], i * 3);
    /* An int capacity works the same way. */
    assert_int_equal(vec_reserve(d, dcap, 5), 0);
    assert_true(dcap >= 5);
    /* Asking for less than there is changes nothing. */
    {
        int before = dcap;
        double *p = d;
        assert_int_equal(vec_reserve(d, dcap, 1), 0);
        assert_int_equal(dcap, before);
        assert_ptr_equal(d, p);
    }
    free(a);
    free(d);
}

/* A fresh folder under $TMPDIR for one test. */
static char *tmp_dir(void)
{
    const char *base = getenv("TMPDIR");
    char *dir = malloc(4096);

    assert_non_null(dir);
    snprintf(dir, 4096, "%s/mf-util-XXXXXX", base && *base ? base : "/tmp");
    assert_non_null(mkdtemp(dir));
    return dir;
}

static void rm_dir(char *dir)
{
    DIR *d = opendir(dir);
    struct dirent *e;
    char p[8192];

    while (d && (e = readdir(d))) {
        if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
            continue;
        snprintf(p, sizeof p, "%s/%s", dir, e->d_name);
        chmod(p, 0600);
        remove(p);
    }
    if (d)
        closedir(d);
    rmdir(dir);
    free(dir);
}

static int n_entries(const char *dir)
{
    DIR *d = opendir(dir);
    struct dirent *e;
    int n = 0;

    while (d && (e = readdir(d)))
        if (strcmp(e->d_name, ".") && strcmp(e->d_name, ".."))
            n++;
    if (d)
        closedir(d);
    return n;
}

static char *slurp(const char *path)
{
    FILE *f = fopen(path, "rb");
    static char buf[256];
    size_t n;

    if (!f)
        return NULL;
    n = fread(buf, 1, sizeof buf - 1, f);
    fclose(f);
    buf[n] = '\0';
    return buf;
}

static void put_file(const char *path, const char *text)
{
    FILE *f = fopen(path, "wb");

    assert_non_null(f);
    fputs(text, f);
    fclose(f);
}

static int say_new(void *ctx, FILE *f, struct mf_error *err)
{
    (void)ctx;
    (void)err;
    fputs("new", f);
    return MF_OK;
}

static int fail_halfway(void *ctx, FILE *f, struct mf_error *err)
{
    (void)ctx;
    fputs("half", f);
    return mf_error_set(err, MF_EINVAL, "stopped on purpose");
}

static void test_atomic__creates_and_replaces_keeping_mode(void **state)
{
    char *dir = tmp_dir(), path[4200];
    struct mf_error err = {0};
    struct stat st;

    (void)state;
    snprintf(path, sizeof path, "%s/out.csv", dir);
    assert_int_equal(mf_write_file(path, 0, say_new, NULL, &err), MF_OK);
    assert_string_equal(slurp(path), "new");
    /* An existing file keeps its permissions. */
    put_file(path, "old");
    chmod(path, 0640);
    assert_int_equal(mf_write_file(path, 0, say_new, NULL, &err), MF_OK);
    assert_string_equal(slurp(path), "new");
    assert_int_equal(stat(path, &st), 0);
    assert_int_equal(st.st_mode & 0777, 0640);
    assert_int_equal(n_entries(dir), 1);
    rm_dir(dir);
}

/* A new file gets the permissions the umask allows, and reading the
 * umask leaves it as it was. */
static void test_atomic__new_file_follows_umask(void **state)
{
    char *dir = tmp_dir(), path[4200];
    struct mf_error err = {0};
    struct stat st;
    mode_t old = umask(027);

    (void)state;
    snprintf(path, sizeof path, "%s/out.csv", dir);
    assert_int_equal(mf_write_file(path, 0, say_new, NULL, &err), MF_OK);
    assert_int_equal(stat(path, &st), 0);
    assert_int_equal(st.st_mode & 0777, 0640);
    assert_int_equal(umask(old), 027);
    rm_dir(dir);
}

static void test_atomic__failure_leaves_old_file(void **state)
{
    char *dir = tmp_dir(), path[4200];
    struct mf_error err = {0};

    (void)state;
    snprintf(path, sizeof path, "%s/out.csv", dir);
    put_file(path, "old");
    assert_int_equal(mf_write_file(path, 0, fail_halfway, NULL, &err),
                     MF_EINVAL);
    assert_string_equal(err.message, "stopped on purpose");
    assert_string_equal(slurp(path), "old");
    /* No temporary file left behind. */
    assert_int_equal(n_entries(dir), 1);
    rm_dir(dir);
}

static void test_atomic__refuses_symlink(void **state)
{
    char *dir = tmp_dir(), path[4200], target[4200];
    struct mf_error err = {0};
    struct stat st;

    (void)state;
    snprintf(target, sizeof target, "%s/target", dir);
    snprintf(path, sizeof path, "%s/link", dir);
    put_file(target, "keep");
    assert_int_equal(symlink(target, path), 0);
    assert_int_equal(mf_write_file(path, 0, say_new, NULL, &err), MF_EIO);
    assert_non_null(strstr(err.message, "symbolic link"));
    assert_string_equal(err.where, path);
    /* The link is still a link, and its target untouched. */
    assert_int_equal(lstat(path, &st), 0);
    assert_true(S_ISLNK(st.st_mode));
    assert_string_equal(slurp(target), "keep");
    assert_int_equal(n_entries(dir), 2);
    rm_dir(dir);
}

static void test_atomic__refuses_fifo_folder_and_read_only(void **state)
{
    char *dir = tmp_dir(), path[4200];
    struct mf_error err = {0};
    struct stat st;

    (void)state;
    snprintf(path, sizeof path, "%s/fifo", dir);
    assert_int_equal(mkfifo(path, 0600), 0);
    assert_int_equal(mf_write_file(path, 0, say_new, NULL, &err), MF_EIO);
    assert_non_null(strstr(err.message, "not a regular file"));
    assert_int_equal(lstat(path, &st), 0);
    assert_true(S_ISFIFO(st.st_mode));

    assert_int_equal(mf_write_file(dir, 0, say_new, NULL, &err), MF_EIO);
    assert_non_null(strstr(err.message, "folder"));

    snprintf(path, sizeof path, "%s/ro.csv", dir);
    put_file(path, "old");
    chmod(path, 0444);
    /* root may write anything; the rule is about the file's own mode, so
     * check it only where access() says it is read-only. */
    if (access(path, W_OK) != 0) {
        assert_int_equal(mf_write_file(path, 0, say_new, NULL, &err), MF_EIO);
        assert_non_null(strstr(err.message, "read-only"));
        assert_string_equal(slurp(path), "old");
    }
    /* A device is never replaced. */
    assert_int_equal(mf_output_check("/dev/null", &err), MF_EIO);
    assert_non_null(strstr(err.message, "not a regular file"));
    assert_int_equal(n_entries(dir), 2);
    rm_dir(dir);
}

static void test_atomic__dash_is_stdout_only_when_asked(void **state)
{
    char *dir = tmp_dir(), cwd[4096];
    struct mf_error err = {0};

    (void)state;
    assert_non_null(getcwd(cwd, sizeof cwd));
    assert_int_equal(chdir(dir), 0);
    assert_int_equal(mf_write_file("-", MF_WRITE_STDOUT, say_new, NULL, &err),
                     MF_OK);
    /* Nothing named "-" was created. */
    assert_int_equal(n_entries(dir), 0);
    /* Without the flag, "-" is an ordinary file name. */
    assert_int_equal(mf_write_file("-", 0, say_new, NULL, &err), MF_OK);
    assert_int_equal(n_entries(dir), 1);
    assert_int_equal(chdir(cwd), 0);
    rm_dir(dir);
}

/* Misuse is a bug, not bad data: a NULL where a function needs a value
 * stops the program at once, naming the function and the condition. */
static void test_assert__misuse_aborts_naming_the_function(void **state)
{
    int fds[2], status = 0;
    char buf[256] = "";
    ssize_t n;
    pid_t pid;

    (void)state;
    assert_int_equal(pipe(fds), 0);
    pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        dup2(fds[1], 2);
        mf_write_file(NULL, 0, say_new, NULL, NULL);
        _exit(0); /* not reached */
    }
    close(fds[1]);
    n = read(fds[0], buf, sizeof buf - 1);
    close(fds[0]);
    assert_true(n > 0);
    buf[n] = '\0';
    assert_int_equal(waitpid(pid, &status, 0), pid);
    assert_true(WIFSIGNALED(status));
    assert_int_equal(WTERMSIG(status), SIGABRT);
    assert_non_null(strstr(buf, "misuse of mf_write_file"));
    assert_non_null(strstr(buf, "path && fn"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_vec__grows_and_keeps_contents),
        cmocka_unit_test(test_atomic__creates_and_replaces_keeping_mode),
        cmocka_unit_test(test_atomic__new_file_follows_umask),
        cmocka_unit_test(test_atomic__failure_leaves_old_file),
        cmocka_unit_test(test_atomic__refuses_symlink),
        cmocka_unit_test(test_atomic__refuses_fifo_folder_and_read_only),
        cmocka_unit_test(test_atomic__dash_is_stdout_only_when_asked),
        cmocka_unit_test(test_assert__misuse_aborts_naming_the_function),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
