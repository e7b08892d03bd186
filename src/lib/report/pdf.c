/*
 * pdf.c - mf_report_pdf: the report as PDF. Where Chromium is installed
 * (`chromium` on PATH, or the program $MASSEFLYT_CHROMIUM names) it
 * prints the HTML report headless, which gives the best layout; where it
 * is absent, or fails, cairo.c draws the same content on A4 pages.
 *
 * Chromium runs with fork/exec and an argument vector (no shell), in its
 * own process group, with a throwaway profile folder, stdout and stderr
 * sent to /dev/null (its D-Bus complaints are harmless noise), and is
 * killed with its children when it overruns CHROMIUM_TIMEOUT_S. The PDF
 * is printed to a temporary name next to the target and renamed into
 * place once it is checked to be a PDF.
 */
#include "masseflyt/report.h"

#include "report/report_int.h"

#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define CHROMIUM_TIMEOUT_S 120

/* Looks for an executable file `name` on $PATH; writes its path into
 * buf. */
static int on_path(const char *name, char *buf, size_t len)
{
    const char *p = getenv("PATH");
    struct stat st;

    if (!p || !*p)
        p = "/usr/local/bin:/usr/bin:/bin";
    while (*p) {
        const char *e = strchr(p, ':');
        size_t n = e ? (size_t)(e - p) : strlen(p);
        if (n > 0 && n + strlen(name) + 2 < len) {
            snprintf(buf, len, "%.*s/%s", (int)n, p, name);
            if (stat(buf, &st) == 0 && S_ISREG(st.st_mode) &&
                access(buf, X_OK) == 0)
                return 1;
        }
        p += n;
        if (*p == ':')
            p++;
    }
    return 0;
}

/* The Chromium program to run, written into buf; 0 when there is none.
 * $MASSEFLYT_CHROMIUM, when set, is the only candidate. */
static int find_chromium(char *buf, size_t len)
{
    const char *env = getenv("MASSEFLYT_CHROMIUM");
    struct stat st;

    if (env && *env) {
        if (!strchr(env, '/'))
            return on_path(env, buf, len);
        snprintf(buf, len, "%s", env);
        return stat(buf, &st) == 0 && S_ISREG(st.st_mode) &&
               access(buf, X_OK) == 0;
    }
    return on_path("chromium", buf, len) ||
           on_path("chromium-browser", buf, len);
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

static void rm_tree(const char *dir)
{
    nftw(dir, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
}

/* "file://" and the absolute path, percent-encoded. */
static int file_url(const char *path, char *url, size_t len)
{
    char abs[PATH_MAX];
    const unsigned char *p;
    size_t o;

    if (!realpath(path, abs))
        return -1;
    o = (size_t)snprintf(url, len, "file://");
    for (p = (const unsigned char *)abs; *p; p++) {
        if (o + 4 >= len)
            return -1;
        if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
            (*p >= '0' && *p <= '9') || strchr("/-._~", *p))
            url[o++] = (char)*p;
        else
            o += (size_t)snprintf(url + o, len - o, "%%%02X", *p);
    }
    url[o] = '\0';
    return 0;
}

static int is_pdf(const char *path)
{
    char head[5] = {0};
    FILE *f = fopen(path, "rb");
    size_t n;

    if (!f)
        return 0;
    n = fread(head, 1, 4, f);
    fclose(f);
    return n == 4 && !memcmp(head, "%PDF", 4);
}

/* Prints the HTML at html_path to out with Chromium. 0 on success. */
static int run_chromium(const char *exe, const char *html_path, const char *out,
                        const char *profile)
{
    char url[3 * PATH_MAX + 16], udd[PATH_MAX + 32], pdf[PATH_MAX + 32];
    char *argv[16];
    int argc = 0, status = 0;
    struct timespec nap = {0, 50 * 1000 * 1000};
    time_t start;
    pid_t pid, w;

    if (file_url(html_path, url, sizeof url))
        return -1;
    snprintf(udd, sizeof udd, "--user-data-dir=%s", profile);
    snprintf(pdf, sizeof pdf, "--print-to-pdf=%s", out);
    argv[argc++] = (char *)exe;
    argv[argc++] = "--headless";
    argv[argc++] = "--no-sandbox";
    argv[argc++] = "--disable-gpu";
    argv[argc++] = "--disable-quic";
    argv[argc++] = "--no-first-run";
    argv[argc++] = "--disable-background-networking";
    argv[argc++] = "--disable-component-update";
    argv[argc++] = "--disable-sync";
    argv[argc++] = udd;
    argv[argc++] = "--no-pdf-header-footer";
    argv[argc++] = pdf;
    argv[argc++] = url;
    argv[argc] = NULL;
    pid = fork();
    if (pid < 0)
        return -1;
    if (pid == 0) {
        int dn = open("/dev/null", O_RDWR);
        setpgid(0, 0);
        if (dn >= 0) {
            dup2(dn, 0);
            dup2(dn, 1);
            dup2(dn, 2);
            if (dn > 2)
                close(dn);
        }
        execv(exe, argv);
        _exit(127);
    }
    setpgid(pid, pid);
    start = time(NULL);
    for (;;) {
        w = waitpid(pid, &status, WNOHANG);
        if (w == pid)
            break;
        if (w < 0 && errno != EINTR)
            return -1;
        if (time(NULL) - start > CHROMIUM_TIMEOUT_S) {
            kill(-pid, SIGKILL);
            kill(pid, SIGKILL);
            waitpid(pid, &status, 0);
            return -1;
        }
        nanosleep(&nap, NULL);
    }
    /* Helpers Chromium left behind go with its group. */
    kill(-pid, SIGKILL);
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
        return -1;
    return is_pdf(out) ? 0 : -1;
}

static int write_html(const struct mf_report_input *in, const char *path,
                      struct mf_error *err)
{
    FILE *f = fopen(path, "wb");
    int rc;

    if (!f)
        return mf_error_at(err, MF_EIO, path, "cannot create: %s",
                           strerror(errno));
    rc = mf_report_html(in, f, err);
    if (fclose(f) != 0 && rc == MF_OK)
        rc = mf_error_at(err, MF_EIO, path, "cannot write");
    return rc;
}

/* 1 when Chromium printed the PDF to tmp_pdf, 0 when it is absent or
 * failed (the caller falls back to cairo), or a negative status. */
static int try_chromium(const struct mf_report_input *in, const char *html_path,
                        const char *tmp_pdf, struct mf_error *err)
{
    char exe[PATH_MAX], base[PATH_MAX], html[PATH_MAX + 16];
    char profile[PATH_MAX + 16];
    const char *tmpdir = getenv("TMPDIR");
    int rc = 0;

    if (!find_chromium(exe, sizeof exe))
        return 0;
    if (!tmpdir || !*tmpdir)
        tmpdir = "/tmp";
    if ((size_t)snprintf(base, sizeof base, "%s/masseflyt-pdf-XXXXXX",
                         tmpdir) >= sizeof base ||
        !mkdtemp(base))
        return 0;
    if (!html_path) {
        snprintf(html, sizeof html, "%s/report.html", base);
        rc = write_html(in, html, err);
        if (rc) {
            rm_tree(base);
            return rc;
        }
        html_path = html;
    }
    snprintf(profile, sizeof profile, "%s/profile", base);
    if (mkdir(profile, 0700) == 0 &&
        run_chromium(exe, html_path, tmp_pdf, profile) == 0)
        rc = 1;
    rm_tree(base);
    return rc;
}

int mf_report_pdf(const struct mf_report_input *in, const char *html_path,
                  const char *pdf_path, const char **used, struct mf_error *err)
{
    char tmp[PATH_MAX];
    struct report r;
    int rc;

    if (used)
        *used = NULL;
    if ((size_t)snprintf(tmp, sizeof tmp, "%s.part%ld.pdf", pdf_path,
                         (long)getpid()) >= sizeof tmp)
        return mf_error_set(err, MF_EINVAL, "path too long: %s", pdf_path);
    rc = try_chromium(in, html_path, tmp, err);
    if (rc < 0)
        return rc;
    if (rc == 1) {
        if (rename(tmp, pdf_path) != 0) {
            remove(tmp);
            return mf_error_at(err, MF_EIO, pdf_path,
                               "cannot rename into place: %s", strerror(errno));
        }
        if (used)
            *used = "chromium";
        return MF_OK;
    }
    remove(tmp);
    /* No Chromium, or it failed: draw the report with cairo. */
    rc = report_open(&r, in, 1, err);
    if (rc == MF_OK)
        rc = report_cairo_pdf(&r, tmp, err);
    report_close(&r);
    if (rc == MF_OK && rename(tmp, pdf_path) != 0)
        rc = mf_error_at(err, MF_EIO, pdf_path, "cannot rename into place: %s",
                         strerror(errno));
    if (rc != MF_OK) {
        remove(tmp);
        return rc;
    }
    if (used)
        *used = "cairo";
    return MF_OK;
}
