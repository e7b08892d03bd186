/*
 * config.c - the configuration of the use cases, resolved once, outside
 * the library: defaults, settings from text, and the environment of a
 * command-line user. This file and runner.c's child are the only places
 * masseflyt reads the environment.
 */
#include "app.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static int set_text(char *dst, size_t cap, const char *what, const char *value,
                    struct mf_error *err)
{
    size_t n = strlen(value);

    if (n >= cap)
        return mf_error_set(err, MF_EINVAL,
                            "%s is %zu bytes long; at most %zu are taken", what,
                            n, cap - 1);
    memcpy(dst, value, n + 1);
    return MF_OK;
}

static int set_date(int32_t *dst, const char *value, struct mf_error *err)
{
    int32_t d;
    int rc = mf_date_parse(value, &d, err);

    if (rc == MF_OK)
        *dst = d;
    return rc;
}

#ifndef MF_INSTALL_DATA_REL
#define MF_INSTALL_DATA_REL "share/masseflyt"
#endif

/* An installed program finds its files beside it: `cmake --install` puts
 * the program in PREFIX/bin and the data in PREFIX/share/masseflyt (the
 * web UI in its web/), so they are found wherever the prefix is. 1 with
 * out set to PREFIX/share/masseflyt/NAME when that exists, else 0 (a
 * program in the build tree). */
int app_installed_path(const char *name, char *out, size_t len)
{
    char exe[APP_PATH_MAX], path[APP_PATH_MAX + 64], *slash;
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    int i;

    if (n <= 0)
        return 0;
    exe[n] = '\0';
    /* PREFIX/bin/masseflyt: drop the name, then bin. */
    for (i = 0; i < 2; i++) {
        slash = strrchr(exe, '/');
        if (!slash)
            return 0;
        *slash = '\0';
    }
    if (snprintf(path, sizeof path, "%s/%s/%s", exe, MF_INSTALL_DATA_REL,
                 name) >= (int)sizeof path ||
        access(path, R_OK) != 0)
        return 0;
    return snprintf(out, len, "%s", path) < (int)len;
}

/* The installed data folder: the one with the catalogue. */
static int installed_data_dir(char *out, size_t len)
{
    char path[APP_PATH_MAX];
    size_t n;

    if (!app_installed_path("materials.csv", path, sizeof path))
        return 0;
    n = strlen(path) - strlen("/materials.csv");
    return snprintf(out, len, "%.*s", (int)n, path) < (int)len;
}

void app_config_init(struct app_config *cfg)
{
    memset(cfg, 0, sizeof *cfg);
    snprintf(cfg->db, sizeof cfg->db, "%s", "masseflyt.db");
    if (!installed_data_dir(cfg->data_dir, sizeof cfg->data_dir))
        snprintf(cfg->data_dir, sizeof cfg->data_dir, "%s",
                 mf_data_dir_default());
    cfg->as_of = MF_DATE_NONE;
    cfg->today = MF_DATE_NONE;
    snprintf(cfg->lang, sizeof cfg->lang, "%s", "en");
    snprintf(cfg->tmp_dir, sizeof cfg->tmp_dir, "%s", "/tmp");
}

int app_config_set(struct app_config *cfg, enum app_setting key,
                   const char *value, struct mf_error *err)
{
    switch (key) {
    case APP_SET_DB:
        return set_text(cfg->db, sizeof cfg->db, "the database", value, err);
    case APP_SET_DATA:
        return set_text(cfg->data_dir, sizeof cfg->data_dir, "the data folder",
                        value, err);
    case APP_SET_SCENARIOS:
        return set_text(cfg->scenario_dir, sizeof cfg->scenario_dir,
                        "the scenario folder", value, err);
    case APP_SET_AS_OF:
        return set_date(&cfg->as_of, value, err);
    case APP_SET_TODAY:
        return set_date(&cfg->today, value, err);
    case APP_SET_LANG:
        if (strcmp(value, "en") && strcmp(value, "nb"))
            return mf_error_set(err, MF_EINVAL,
                                "the language is en or nb, not '%s'", value);
        return set_text(cfg->lang, sizeof cfg->lang, "the language", value,
                        err);
    case APP_SET_CHROMIUM:
        return set_text(cfg->chromium, sizeof cfg->chromium,
                        "the Chromium program", value, err);
    case APP_SET_TMP:
        return set_text(cfg->tmp_dir, sizeof cfg->tmp_dir,
                        "the temporary folder", value, err);
    }
    return mf_error_set(err, MF_EINVAL, "no setting number %d", (int)key);
}

/* ------------------------------------------------------------------ */
/* The environment                                                      */
/* ------------------------------------------------------------------ */

static const char *var(const char *(*lookup)(void *, const char *), void *ctx,
                       const char *name)
{
    const char *v = lookup(ctx, name);

    return v && *v ? v : NULL;
}

static int executable(const char *path)
{
    struct stat st;

    return stat(path, &st) == 0 && S_ISREG(st.st_mode) &&
           access(path, X_OK) == 0;
}

/* Looks for an executable file `name` on path (a $PATH value); writes its
 * path into buf. */
static int on_path(const char *path, const char *name, char *buf, size_t len)
{
    const char *p = path ? path : "/usr/local/bin:/usr/bin:/bin";

    while (*p) {
        const char *e = strchr(p, ':');
        size_t n = e ? (size_t)(e - p) : strlen(p);
        if (n > 0 && n + strlen(name) + 2 < len) {
            snprintf(buf, len, "%.*s/%s", (int)n, p, name);
            if (executable(buf))
                return 1;
        }
        p += n;
        if (*p == ':')
            p++;
    }
    return 0;
}

/* The Chromium to print with, into buf ("" when there is none): the
 * program $MASSEFLYT_CHROMIUM names is the only candidate when it is set
 * (a name is looked up on $PATH; a path is taken as it is, and one that
 * is no program means cairo draws the PDF), else chromium or
 * chromium-browser on $PATH. */
static void find_chromium(const char *given, const char *path, char *buf,
                          size_t len)
{
    if (given) {
        if (strchr(given, '/'))
            snprintf(buf, len, "%s", given);
        else if (!on_path(path, given, buf, len))
            buf[0] = '\0';
        return;
    }
    if (!on_path(path, "chromium", buf, len) &&
        !on_path(path, "chromium-browser", buf, len))
        buf[0] = '\0';
}

int app_config_resolve(struct app_config *cfg,
                       const char *(*lookup)(void *ctx, const char *name),
                       void *ctx, struct mf_error *err)
{
    static const struct {
        const char *name;
        enum app_setting key;
    } plain[] = {
        {"MASSEFLYT_DB", APP_SET_DB},
        {"MASSEFLYT_DATA", APP_SET_DATA},
        {"MASSEFLYT_SCENARIOS", APP_SET_SCENARIOS},
        {"TMPDIR", APP_SET_TMP},
    };
    struct app_config c = *cfg;
    const char *v;
    size_t i;
    int32_t today;
    int rc;

    for (i = 0; i < sizeof plain / sizeof plain[0]; i++) {
        v = var(lookup, ctx, plain[i].name);
        if (v && (rc = app_config_set(&c, plain[i].key, v, err))) {
            if (err)
                snprintf(err->where, sizeof err->where, "$%s", plain[i].name);
            return rc;
        }
    }
    /* A test hook: a date that is not one leaves the clock's today. */
    v = var(lookup, ctx, "MASSEFLYT_TODAY");
    if (v && mf_date_parse(v, &today, NULL) == MF_OK)
        c.today = today;
    find_chromium(var(lookup, ctx, "MASSEFLYT_CHROMIUM"),
                  var(lookup, ctx, "PATH"), c.chromium, sizeof c.chromium);
    *cfg = c;
    return MF_OK;
}

static const char *from_getenv(void *ctx, const char *name)
{
    (void)ctx;
    return getenv(name);
}

int app_config_from_env(struct app_config *cfg, struct mf_error *err)
{
    return app_config_resolve(cfg, from_getenv, NULL, err);
}
