/*
 * app_test.c - the use-case layer (src/app/) without the CLI: the
 * configuration resolved from settings and an environment (and the
 * library reading none of it), an import refused for one bad row that
 * leaves the store exactly as it was and returns the issues, a plan that
 * stores its document and writes its exports, the report's PDF printed
 * by a Chromium through the runner or drawn with cairo when that fails,
 * and the runner itself: a time limit that kills the whole process group,
 * and a child kept apart (stdio on /dev/null, no inherited descriptors,
 * its own group and folder).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "app.h"
#include "runner.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <signal.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

/* fontconfig (under cairo's toy font API, which draws the PDF where
 * Chromium fails) keeps its caches for the life of the process;
 * LeakSanitizer calls this hook for suppressions. */
const char *__lsan_default_suppressions(void);
const char *__lsan_default_suppressions(void)
{
    return "leak:libfontconfig.so\n";
}

struct fx {
    char dir[256]; /* everything a test writes goes here */
    struct app_config cfg;
    struct app *app;
    struct app_session *s;
};

static void die(const char *what, const struct mf_error *err)
{
    fail_msg("%s: %s: %s", what, err->where, err->message);
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

static char *slurp(const char *path)
{
    FILE *f = fopen(path, "rb");
    char *buf;
    long n;

    if (!f)
        return NULL;
    fseek(f, 0, SEEK_END);
    n = ftell(f);
    fseek(f, 0, SEEK_SET);
    buf = calloc((size_t)n + 1, 1);
    assert_non_null(buf);
    assert_int_equal(fread(buf, 1, (size_t)n, f), (size_t)n);
    fclose(f);
    return buf;
}

static void spit(const char *path, const char *text, int mode)
{
    FILE *f = fopen(path, "wb");

    assert_non_null(f);
    fputs(text, f);
    fclose(f);
    assert_int_equal(chmod(path, (mode_t)mode), 0);
}

/* The context a test works in: a fresh folder for the database and the
 * runs, the real catalogue, today fixed. */
static int setup(void **state)
{
    struct fx *f = calloc(1, sizeof *f);
    struct mf_error err = {0};
    const char *data = getenv("MASSEFLYT_DATA");

    assert_non_null(f);
    snprintf(f->dir, sizeof f->dir, "/tmp/mf-app-XXXXXX");
    assert_non_null(mkdtemp(f->dir));
    app_config_init(&f->cfg);
    if (data && app_config_set(&f->cfg, APP_SET_DATA, data, &err))
        die("data", &err);
    snprintf(f->cfg.db, sizeof f->cfg.db, "%s/t.db", f->dir);
    snprintf(f->cfg.tmp_dir, sizeof f->cfg.tmp_dir, "%s", f->dir);
    if (app_config_set(&f->cfg, APP_SET_TODAY, "2026-11-28", &err))
        die("today", &err);
    *state = f;
    return 0;
}

static void open_app(struct fx *f)
{
    struct mf_error err = {0};
    int version = 0;

    if (app_new(&f->app, &f->cfg, &err) ||
        app_session_new(&f->s, f->app, &err) || app_init(f->s, &version, &err))
        die("open", &err);
    assert_true(version >= 1);
}

static int teardown(void **state)
{
    struct fx *f = *state;

    app_session_free(f->s);
    app_free(f->app);
    nftw(f->dir, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
    free(f);
    return 0;
}

static void demo_path(const struct fx *f, const char *name, char *buf,
                      size_t len)
{
    snprintf(buf, len, "%s/demo/%s", f->cfg.data_dir, name);
}

/* Imports the demo's files of these names; returns the status. */
static int import_demo(struct fx *f, const char *const *names, int n)
{
    struct app_import_opts o = APP_IMPORT_OPTS_INIT;
    struct app_import_file files[4];
    struct app_import_result res;
    struct mf_error err = {0};
    static char paths[4][APP_PATH_MAX + 32];
    int i, rc;

    for (i = 0; i < n; i++) {
        demo_path(f, names[i], paths[i], sizeof paths[i]);
        files[i].path = paths[i];
        files[i].kind = -1;
    }
    o.files = files;
    o.n_files = n;
    rc = app_import(f->s, &o, &res, &err);
    if (rc)
        die("import", &err);
    assert_true(res.written);
    app_import_result_free(&res);
    return rc;
}

/* ------------------------------------------------------------------ */
/* Configuration                                                        */
/* ------------------------------------------------------------------ */

struct env {
    const char *name, *value;
};

static const char *lookup(void *ctx, const char *name)
{
    const struct env *e;

    for (e = ctx; e->name; e++)
        if (!strcmp(e->name, name))
            return e->value;
    return NULL;
}

static void test_app__config_resolution(void **state)
{
    struct fx *f = *state;
    struct app_config c;
    struct mf_error err = {0};
    char bin[300], fake[320];
    int32_t d;

    /* A folder of programs to stand for $PATH. */
    snprintf(bin, sizeof bin, "%s/bin", f->dir);
    assert_int_equal(mkdir(bin, 0700), 0);
    snprintf(fake, sizeof fake, "%s/chromium-browser", bin);
    spit(fake, "#!/bin/sh\nexit 0\n", 0755);

    app_config_init(&c);
    assert_string_equal(c.db, "masseflyt.db");
    assert_string_equal(c.data_dir, mf_data_dir_default());
    assert_string_equal(c.lang, "en");
    assert_string_equal(c.tmp_dir, "/tmp");
    assert_string_equal(c.chromium, "");
    assert_int_equal(c.as_of, MF_DATE_NONE);
    assert_int_equal(c.today, MF_DATE_NONE);

    {
        /* Every variable; an empty one counts as unset. */
        struct env env[] = {{"MASSEFLYT_DB", "x.db"},
                            {"MASSEFLYT_DATA", ""},
                            {"MASSEFLYT_SCENARIOS", "/s"},
                            {"MASSEFLYT_TODAY", "2026-11-28"},
                            {"TMPDIR", "/t"},
                            {"PATH", bin},
                            {NULL, NULL}};
        assert_int_equal(app_config_resolve(&c, lookup, env, &err), MF_OK);
    }
    assert_string_equal(c.db, "x.db");
    assert_string_equal(c.data_dir, mf_data_dir_default());
    assert_string_equal(c.scenario_dir, "/s");
    assert_string_equal(c.tmp_dir, "/t");
    assert_string_equal(c.chromium, fake); /* found on $PATH */
    assert_int_equal(mf_date_parse("2026-11-28", &d, NULL), MF_OK);
    assert_int_equal(c.today, d);

    {
        /* $MASSEFLYT_CHROMIUM is the only candidate: a path as it is (not
         * a program: no Chromium, cairo draws), a name on $PATH; a
         * malformed test date leaves the clock's today. */
        struct env env[] = {{"MASSEFLYT_CHROMIUM", "/nonexistent"},
                            {"MASSEFLYT_TODAY", "2026-02-30"},
                            {"PATH", bin},
                            {NULL, NULL}};
        struct env by_name[] = {{"MASSEFLYT_CHROMIUM", "chromium-browser"},
                                {"PATH", bin},
                                {NULL, NULL}};
        struct env missing[] = {{"MASSEFLYT_CHROMIUM", "no-such-program"},
                                {"PATH", bin},
                                {NULL, NULL}};
        app_config_init(&c);
        assert_int_equal(app_config_resolve(&c, lookup, env, &err), MF_OK);
        assert_string_equal(c.chromium, "/nonexistent");
        assert_int_equal(c.today, MF_DATE_NONE);
        assert_int_equal(app_config_resolve(&c, lookup, by_name, &err), MF_OK);
        assert_string_equal(c.chromium, fake);
        assert_int_equal(app_config_resolve(&c, lookup, missing, &err), MF_OK);
        assert_string_equal(c.chromium, "");
    }

    /* Options go over the environment; bad values change nothing. */
    assert_int_equal(app_config_set(&c, APP_SET_DB, "y.db", &err), MF_OK);
    assert_string_equal(c.db, "y.db");
    assert_int_equal(app_config_set(&c, APP_SET_AS_OF, "2026-13-01", &err),
                     MF_EINVAL);
    assert_int_equal(c.as_of, MF_DATE_NONE);
    assert_int_equal(app_config_set(&c, APP_SET_AS_OF, "2025-06-01", &err),
                     MF_OK);
    assert_int_not_equal(c.as_of, MF_DATE_NONE);
    assert_int_equal(app_config_set(&c, APP_SET_LANG, "de", &err), MF_EINVAL);
    assert_string_equal(c.lang, "en");
    assert_int_equal(app_config_set(&c, APP_SET_LANG, "nb", &err), MF_OK);
    {
        char *long_path = malloc(APP_PATH_MAX + 10);
        assert_non_null(long_path);
        memset(long_path, 'a', APP_PATH_MAX + 9);
        long_path[APP_PATH_MAX + 9] = '\0';
        assert_int_equal(app_config_set(&c, APP_SET_DB, long_path, &err),
                         MF_EINVAL);
        assert_string_equal(c.db, "y.db");
        free(long_path);
    }
}

/* The library reads no environment: what the app resolved is all it
 * gets, and the catalogue takes the configured today. */
static void test_app__library_reads_no_environment(void **state)
{
    struct fx *f = *state;
    const struct mf_catalog *cat;
    struct mf_error err = {0};
    const char *builtin = mf_data_dir_default();
    const char *was = getenv("MASSEFLYT_DATA");
    char *saved = was ? strdup(was) : NULL;
    int32_t d;

    setenv("MASSEFLYT_DATA", "/nonexistent", 1);
    setenv("MASSEFLYT_TODAY", "2001-01-01", 1);
    assert_string_equal(mf_data_dir_default(), builtin);
    assert_int_equal(mf_date_parse("2001-01-01", &d, NULL), MF_OK);
    assert_int_not_equal(mf_date_today(), d);
    open_app(f);
    if (app_catalog(f->app, &cat, &err))
        die("catalogue", &err);
    assert_string_equal(mf_catalog_dir(cat), f->cfg.data_dir);
    assert_int_equal(mf_date_parse("2026-11-28", &d, NULL), MF_OK);
    assert_int_equal(mf_catalog_today(cat), d);
    if (saved)
        setenv("MASSEFLYT_DATA", saved, 1);
    else
        unsetenv("MASSEFLYT_DATA");
    free(saved);
    unsetenv("MASSEFLYT_TODAY");
}

/* ------------------------------------------------------------------ */
/* Import                                                               */
/* ------------------------------------------------------------------ */

/* What the store holds, as the export of every kind plus the import log:
 * equal texts mean an unchanged store. */
static char *snapshot(struct fx *f)
{
    static const enum mf_entity kinds[] = {MF_ENT_ORG, MF_ENT_PROJECT,
                                           MF_ENT_SITE, MF_ENT_LOT};
    struct mf_error err = {0};
    size_t i, len = 0;
    char path[320], *all = NULL;
    FILE *out = open_memstream(&all, &len);
    sqlite3 *db;
    sqlite3_stmt *st;

    assert_non_null(out);
    for (i = 0; i < 4; i++) {
        struct app_export_opts o;
        char *text;
        memset(&o, 0, sizeof o);
        o.what = kinds[i];
        o.format = MF_FMT_CSV;
        snprintf(path, sizeof path, "%s/export.csv", f->dir);
        o.path = path;
        if (app_export(f->s, &o, &err))
            die("export", &err);
        text = slurp(path);
        fputs(text, out);
        free(text);
    }
    assert_int_equal(
        sqlite3_open_v2(f->cfg.db, &db, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_prepare_v2(db,
                                        "SELECT file, kind, records "
                                        "FROM import_log ORDER BY 1, 2",
                                        -1, &st, NULL),
                     SQLITE_OK);
    while (sqlite3_step(st) == SQLITE_ROW)
        fprintf(out, "log %s %s %d\n", sqlite3_column_text(st, 0),
                sqlite3_column_text(st, 1), sqlite3_column_int(st, 2));
    sqlite3_finalize(st);
    sqlite3_close(db);
    fclose(out);
    return all;
}

static size_t count(struct fx *f, enum mf_entity what)
{
    struct app_list_opts o = APP_LIST_OPTS_INIT;
    struct app_list_result res;
    struct mf_error err = {0};
    size_t n;

    o.what = what;
    if (app_list(f->s, &o, &res, &err))
        die("list", &err);
    n = res.n;
    app_list_result_free(&res);
    return n;
}

static const char bad_lots[] =
    "id;kind;project;site;material;quantity;unit;from;to;use\n"
    "ok-1;supply;fornebubanen;fornebu-stasjon;sprengstein;10 000;pfm3;"
    "2025-01-01;2025-06-30;\n"
    "bad-2;supply;fornebubanen;fornebu-stasjon;sprengstein;5 000;;"
    "2025-01-01;2025-06-30;\n"
    "ok-3;demand;e18-vest;e18-lysaker;;2 500,5;t;01.02.2025;30.06.2025;"
    "fyllmasse\n";

static void test_app__refused_import_changes_nothing(void **state)
{
    static const char *const first[] = {"orgs.csv", "projects.csv",
                                        "sites.csv"};
    struct fx *f = *state;
    struct app_import_opts o = APP_IMPORT_OPTS_INIT;
    struct app_import_file file;
    struct app_import_result res;
    struct mf_error err = {0};
    char path[320], *before, *after;
    size_t i, errors = 0;
    int found = 0;

    open_app(f);
    import_demo(f, first, 3);
    before = snapshot(f);
    snprintf(path, sizeof path, "%s/lots.csv", f->dir);
    spit(path, bad_lots, 0644);
    file.path = path;
    file.kind = -1;
    o.files = &file;
    o.n_files = 1;

    /* One row without a volume state: refused, every problem listed. */
    assert_int_equal(app_import(f->s, &o, &res, &err), MF_EINVAL);
    assert_non_null(strstr(err.message, "import refused: 1 error;"));
    assert_true(res.checked);
    assert_false(res.written);
    assert_int_equal(res.n_files, 1);
    assert_int_equal(res.files[0].kind, MF_ENT_LOT);
    assert_int_equal(res.files[0].records, 3);
    assert_int_equal(res.issues.count[MF_SEV_ERROR], 1);
    for (i = 0; i < res.issues.n; i++) {
        const struct mf_issue *it = &res.issues.items[i];
        if (it->severity != MF_SEV_ERROR)
            continue;
        errors++;
        found = strstr(it->where, "lots.csv:3") && strstr(it->where, "unit");
    }
    assert_int_equal(errors, 1);
    assert_true(found);
    app_import_result_free(&res);
    after = snapshot(f);
    assert_string_equal(after, before);
    assert_int_equal(count(f, MF_ENT_LOT), 0);
    free(after);

    /* A dry run of good rows checks them and writes nothing either. */
    spit(path,
         "id;kind;project;site;material;quantity;unit;from;to;use\n"
         "ok-1;supply;fornebubanen;fornebu-stasjon;sprengstein;10 000;pfm3;"
         "2025-01-01;2025-06-30;\n",
         0644);
    o.dry_run = 1;
    assert_int_equal(app_import(f->s, &o, &res, &err), MF_OK);
    assert_int_equal(res.stats.records[MF_ENT_LOT], 1);
    assert_false(res.written);
    app_import_result_free(&res);
    after = snapshot(f);
    assert_string_equal(after, before);
    free(after);

    /* The same rows for real: stored, and logged. */
    o.dry_run = 0;
    if (app_import(f->s, &o, &res, &err))
        die("import", &err);
    assert_true(res.written);
    app_import_result_free(&res);
    assert_int_equal(count(f, MF_ENT_LOT), 1);
    after = snapshot(f);
    assert_non_null(strstr(after, "lots.csv lots 1"));
    free(after);
    free(before);
}

/* ------------------------------------------------------------------ */
/* Plan                                                                 */
/* ------------------------------------------------------------------ */

static const char *const all_demo[] = {"lots.csv", "sites.csv", "orgs.csv",
                                       "projects.csv"};

static void test_app__plan_stores_its_document(void **state)
{
    struct fx *f = *state;
    struct app_plan_opts o = APP_PLAN_OPTS_INIT;
    struct app_plan_result res;
    struct mf_error err = {0};
    char csv[320], want[64], *json = NULL, *text;
    size_t i;

    open_app(f);
    import_demo(f, all_demo, 4);
    snprintf(csv, sizeof csv, "%s/flows.csv", f->dir);
    o.name = "trial";
    o.csv = csv;
    if (app_plan(f->s, &o, &res, &err))
        die("plan", &err);
    assert_non_null(res.plan);
    assert_non_null(res.baseline);
    for (i = 0; i < res.n_shortfalls; i++) {
        assert_true(res.shortfalls[i].tonnes > 0);
        assert_non_null(mf_registry_lot(res.reg, res.shortfalls[i].id));
        assert_true(res.shortfalls[i].reason[0] != '\0');
    }
    /* Solving stores nothing; saving stores the summary and writes the
     * export. */
    assert_int_equal(app_document(f->s, "plan", "trial", &json, &err), MF_OK);
    assert_null(json);
    assert_int_not_equal(access(csv, F_OK), 0);
    if (app_plan_save(f->s, &o, &res, &err))
        die("save", &err);
    assert_int_equal(app_document(f->s, "plan", "trial", &json, &err), MF_OK);
    assert_non_null(json);
    snprintf(want, sizeof want, "\"objective_ore\":%lld",
             (long long)res.plan->objective);
    assert_non_null(strstr(json, want));
    free(json);
    text = slurp(csv);
    assert_non_null(text);
    assert_true(strlen(text) > 100);
    free(text);
    app_plan_result_free(&res);

    /* A wrong option is named as the option. */
    o.fleet = "no-such-truck=1";
    assert_int_equal(app_plan(f->s, &o, &res, &err), MF_EINVAL);
    assert_non_null(res.bad_option);
    assert_string_equal(res.bad_option, "fleet");
    app_plan_result_free(&res);
}

/* ------------------------------------------------------------------ */
/* The runner                                                           */
/* ------------------------------------------------------------------ */

static double now_s(void)
{
    struct timespec t;

    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

/* 1 when process pid has ended (gone, or a zombie nobody reaped yet). */
static int ended(pid_t pid)
{
    char path[64], *stat;
    int gone;

    snprintf(path, sizeof path, "/proc/%d/stat", (int)pid);
    stat = slurp(path);
    if (!stat)
        return 1;
    gone = strstr(stat, ") Z ") != NULL || strstr(stat, ") X ") != NULL;
    free(stat);
    return gone;
}

static void test_app__runner_timeout_kills_the_group(void **state)
{
    struct fx *f = *state;
    /* The shell starts a second sleeper in the background: the limit
     * must take both, not only the program it started. */
    const char *const argv[] = {"/bin/sh", "-c",
                                "sleep 30 & echo $! > child; sleep 30", NULL};
    struct runner r;
    struct runner_result rr;
    struct mf_error err = {0};
    char path[APP_PATH_MAX + 16], *text;
    double t0;
    pid_t child;
    int i;

    if (runner_begin(&r, f->dir, &err))
        die("begin", &err);
    t0 = now_s();
    /* One second: long enough for the shell to have started its
     * sleeper and written its pid on a loaded machine (300 ms was not,
     * at a load average of 16), short enough not to slow the suite. */
    if (runner_run(&r, argv, 1000, &rr, &err))
        die("run", &err);
    assert_true(now_s() - t0 < 10);
    assert_true(rr.timed_out);
    assert_false(rr.exited);
    assert_int_equal(rr.signal, SIGKILL);
    snprintf(path, sizeof path, "%s/child", r.dir);
    text = slurp(path);
    assert_non_null(text);
    child = (pid_t)strtol(text, NULL, 10);
    free(text);
    assert_true(child > 1);
    for (i = 0; i < 100 && !ended(child); i++) {
        struct timespec nap = {0, 20 * 1000 * 1000};
        nanosleep(&nap, NULL);
    }
    assert_true(ended(child));
    /* The run's folder goes with everything in it. */
    snprintf(path, sizeof path, "%s", r.dir);
    runner_end(&r);
    assert_int_not_equal(access(path, F_OK), 0);
}

static void test_app__runner_keeps_the_child_apart(void **state)
{
    struct fx *f = *state;
    const char *const argv[] = {
        "/bin/sh", "-c",
        /* Read before any redirection of the shell's own. */
        "o=$(readlink /proc/$$/fd/1); e=$(readlink /proc/$$/fd/2);"
        "if test -e /proc/$$/fd/50; then d=open; else d=closed; fi;"
        "echo \"$o\" > out; echo \"$e\" > err; echo $d > fd50;"
        "cut -d' ' -f5 /proc/$$/stat > pgrp; pwd -P > cwd; exit 7",
        NULL};
    const char *const none[] = {"/nonexistent/program", NULL};
    struct runner r;
    struct runner_result rr;
    struct mf_error err = {0};
    char path[APP_PATH_MAX + 16], real[APP_PATH_MAX], want[APP_PATH_MAX + 2];
    char *text;
    int fd;

    /* A descriptor without close-on-exec, as a careless caller might
     * hold (a socket, a database). */
    fd = open("/dev/null", O_RDONLY);
    assert_true(fd >= 0);
    assert_int_equal(dup2(fd, 50), 50);
    close(fd);
    if (runner_begin(&r, f->dir, &err))
        die("begin", &err);
    if (runner_run(&r, argv, 10000, &rr, &err))
        die("run", &err);
    close(50);
    assert_true(rr.exited);
    assert_int_equal(rr.status, 7);
    assert_false(rr.timed_out);

    snprintf(path, sizeof path, "%s/out", r.dir);
    text = slurp(path);
    assert_string_equal(text, "/dev/null\n");
    free(text);
    snprintf(path, sizeof path, "%s/err", r.dir);
    text = slurp(path);
    assert_string_equal(text, "/dev/null\n");
    free(text);
    snprintf(path, sizeof path, "%s/fd50", r.dir);
    text = slurp(path);
    assert_string_equal(text, "closed\n");
    free(text);
    snprintf(path, sizeof path, "%s/pgrp", r.dir);
    text = slurp(path);
    assert_int_not_equal(strtol(text, NULL, 10), (long)getpgrp());
    free(text);
    snprintf(path, sizeof path, "%s/cwd", r.dir);
    text = slurp(path);
    assert_non_null(realpath(r.dir, real));
    snprintf(want, sizeof want, "%s\n", real);
    assert_string_equal(text, want);
    free(text);

    /* A program that is not there is an error, not a run. */
    assert_int_equal(runner_run(&r, none, 1000, &rr, &err), MF_EIO);
    assert_non_null(strstr(err.where, "/nonexistent/program"));
    runner_end(&r);
}

/* ------------------------------------------------------------------ */
/* The report's PDF                                                     */
/* ------------------------------------------------------------------ */

/* A stand-in for Chromium: records its arguments in $MF_FAKE_ARGS and
 * prints a PDF of one line, or fails. */
static const char fake_ok[] =
    "#!/bin/sh\n"
    "printf '%s\\n' \"$@\" > \"$MF_FAKE_ARGS\"\n"
    "for a in \"$@\"; do case $a in --print-to-pdf=*) "
    "out=${a#--print-to-pdf=};; esac; done\n"
    "printf '%%PDF-1.4 fake\\n' > \"$out\"\n";
static const char fake_fails[] = "#!/bin/sh\nexit 1\n";

static void report(struct fx *f, const char *out, struct app_report_result *res)
{
    const char *const names[] = {"base"};
    struct app_report_opts o = APP_REPORT_OPTS_INIT;
    struct mf_error err = {0};

    o.out_dir = out;
    o.lang = "en";
    o.names = names;
    o.n = 1;
    if (app_report(f->s, &o, res, &err))
        die("report", &err);
}

static void test_app__report_pdf_through_the_runner(void **state)
{
    struct fx *f = *state;
    struct app_report_result res;
    char exe[320], args[320], out[320], path[400], *text, *doc = NULL;
    struct mf_error err = {0};
    DIR *d;
    struct dirent *e;

    snprintf(exe, sizeof exe, "%s/fake-chromium", f->dir);
    snprintf(args, sizeof args, "%s/args", f->dir);
    setenv("MF_FAKE_ARGS", args, 1);

    /* A Chromium that prints: its PDF is the report's. */
    spit(exe, fake_ok, 0755);
    if (app_config_set(&f->cfg, APP_SET_CHROMIUM, exe, &err))
        die("chromium", &err);
    open_app(f);
    import_demo(f, all_demo, 4);
    snprintf(out, sizeof out, "%s/rep", f->dir);
    report(f, out, &res);
    assert_non_null(res.pdf_made);
    assert_string_equal(res.pdf_made, "chromium");
    assert_int_equal(res.n_scenarios, 1);
    assert_string_equal(res.reference, "base");
    snprintf(path, sizeof path, "%s/report.pdf", out);
    text = slurp(path);
    assert_string_equal(text, "%PDF-1.4 fake\n");
    free(text);
    text = slurp(args);
    assert_non_null(strstr(text, "--headless\n"));
    assert_non_null(strstr(text, "/masseflyt-run-"));
    assert_non_null(strstr(text, "--user-data-dir="));
    assert_non_null(strstr(text, "/report.html\n"));
    assert_non_null(strstr(text, "file://"));
    free(text);
    snprintf(path, sizeof path, "%s/report.xlsx", out);
    assert_int_equal(access(path, F_OK), 0);
    assert_int_equal(app_document(f->s, "scenario", "base", &doc, &err), MF_OK);
    assert_non_null(doc);
    free(doc);

    /* A Chromium that fails: cairo draws the PDF. */
    spit(exe, fake_fails, 0755);
    report(f, out, &res);
    assert_non_null(res.pdf_made);
    assert_string_equal(res.pdf_made, "cairo");
    snprintf(path, sizeof path, "%s/report.pdf", out);
    text = slurp(path);
    assert_true(strncmp(text, "%PDF", 4) == 0);
    free(text);
    {
        struct stat st;
        assert_int_equal(stat(path, &st), 0);
        assert_true(st.st_size > 10000); /* pages, not the fake's line */
    }

    /* No run folder is left behind. */
    d = opendir(f->dir);
    assert_non_null(d);
    while ((e = readdir(d)))
        assert_null(strstr(e->d_name, "masseflyt-run-"));
    closedir(d);
    unsetenv("MF_FAKE_ARGS");
}

/* A stop that says yes once the report has reached a part: the parts are
 * counted through the progress steps. */
struct stop_at {
    const char *part; /* stop before the part after this one */
    int reached;
    int asked;
};

static void stop_progress(void *ctx, const struct app_progress *p)
{
    struct stop_at *s = ctx;

    if (p->step == APP_STEP_REPORT && !strcmp(p->what, s->part))
        s->reached = 1;
}

static int stop_when(void *ctx, int64_t pivots)
{
    struct stop_at *s = ctx;

    (void)pivots;
    s->asked++;
    return s->reached;
}

static void test_app__report_stops_when_asked(void **state)
{
    struct fx *f = *state;
    const char *const names[] = {"base"};
    struct app_report_opts o = APP_REPORT_OPTS_INIT;
    struct app_report_result res;
    struct stop_at at = {"html", 0, 0};
    struct mf_error err = {0};
    char out[320], path[400];

    open_app(f);
    import_demo(f, all_demo, 4);
    snprintf(out, sizeof out, "%s/stopped", f->dir);
    o.out_dir = out;
    o.lang = "en";
    o.names = names;
    o.n = 1;
    o.no_pdf = 1;
    o.progress = stop_progress;
    o.progress_ctx = &at;
    o.stop = stop_when;
    o.stop_ctx = &at;
    /* Asked to stop once the HTML is written: no spreadsheet follows. */
    assert_int_equal(app_report(f->s, &o, &res, &err), MF_ERR);
    assert_string_equal(err.message, "stopped");
    assert_true(at.asked > 1);
    snprintf(path, sizeof path, "%s/report.html", out);
    assert_int_equal(access(path, F_OK), 0);
    snprintf(path, sizeof path, "%s/report.xlsx", out);
    assert_int_not_equal(access(path, F_OK), 0);

    /* Asked at once: nothing is computed or written. */
    at.part = "none";
    at.reached = 1;
    at.asked = 0;
    snprintf(out, sizeof out, "%s/stopped-at-once", f->dir);
    memset(&err, 0, sizeof err);
    assert_int_equal(app_report(f->s, &o, &res, &err), MF_ERR);
    assert_string_equal(err.message, "stopped");
    assert_int_equal(at.asked, 1);
    snprintf(path, sizeof path, "%s/report.html", out);
    assert_int_not_equal(access(path, F_OK), 0);

    /* Never asked to stop: the whole report. */
    at.reached = 0;
    snprintf(out, sizeof out, "%s/whole", f->dir);
    assert_int_equal(app_report(f->s, &o, &res, &err), MF_OK);
    snprintf(path, sizeof path, "%s/report.xlsx", out);
    assert_int_equal(access(path, F_OK), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_app__config_resolution, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_app__library_reads_no_environment,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(
            test_app__refused_import_changes_nothing, setup, teardown),
        cmocka_unit_test_setup_teardown(test_app__plan_stores_its_document,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(
            test_app__runner_timeout_kills_the_group, setup, teardown),
        cmocka_unit_test_setup_teardown(test_app__runner_keeps_the_child_apart,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(test_app__report_pdf_through_the_runner,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(test_app__report_stops_when_asked,
                                        setup, teardown),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
