/*
 * scenario.c - scenario files (docs/SCENARIOS.md), applying them to the
 * factors, the registry and the plan options, running them, explaining
 * their differences, and the sensitivity (tornado) runs.
 *
 * A scenario file is lines of `key = value`; `#` starts a comment; blank
 * lines are skipped. Keys are checked when the file is read, so a typo is
 * an error with its line, never a measure silently left out.
 */
#include "masseflyt/scenario.h"

#include "catalog_int.h"
#include "format/datafile.h"
#include "masseflyt/io.h"
#include "masseflyt/validate.h"
#include "util/assert.h"
#include "util/buf.h"
#include "util/vec.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define MAX_INHERIT 16

struct setting {
    char *key;
    char *value;
    int line;
};

struct mf_scenario {
    char *name;
    char *dir; /* where relative paths are read from */
    char *label;
    struct setting *set;
    int n, cap;
    struct mf_scenario *parent;
};

/* The keys a scenario may set, and what their values must be. */
enum vkind { V_TEXT, V_NUMBER, V_SHARE, V_DAYS, V_BOOL, V_PERIOD, V_PATH };

static const struct {
    const char *key;
    enum vkind kind;
} known[] = {
    {"name", V_TEXT},
    {"inherit", V_TEXT},
    {"title.nb", V_TEXT},
    {"title.en", V_TEXT},
    {"description.nb", V_TEXT},
    {"description.en", V_TEXT},
    {"fleet", V_TEXT},
    {"distances", V_PATH},
    {"sites", V_PATH},
    {"close_sites", V_TEXT},
    {"demand_flex_days", V_DAYS},
    {"demand_flexible", V_BOOL},
    {"reuse_requirement_public", V_SHARE},
    {"scale.receiving_fee", V_NUMBER},
    {"scale.quarry_price", V_NUMBER},
};

/* The settings of data/factors.csv a scenario sets by their own key
 * (landfill_tax_nok_t = 50); any other goes by factor.KEY. */
static const struct {
    enum mf_setting setting;
    enum vkind kind;
} plain[] = {
    {MF_SET_LANDFILL_TAX, V_NUMBER}, {MF_SET_CO2_PRICE, V_NUMBER},
    {MF_SET_LAND_PRICE, V_NUMBER},   {MF_SET_MAX_HAUL_KM, V_NUMBER},
    {MF_SET_CIRCUITY, V_NUMBER},     {MF_SET_PERIOD, V_PERIOD},
};

/* The index in plain[] of a key, or -1. */
static int plain_setting(const char *key)
{
    size_t i;

    for (i = 0; i < sizeof plain / sizeof plain[0]; i++)
        if (!strcmp(key, mf_setting_info(plain[i].setting)->key))
            return (int)i;
    return -1;
}

static int is_prefixed(const char *key)
{
    return !strncmp(key, "factor.", 7) || !strncmp(key, "fuel.", 5) ||
           !strncmp(key, "truck.", 6);
}

static int check_value(const char *label, int line, const char *key,
                       const char *value, struct mf_error *err)
{
    enum vkind kind = V_NUMBER;
    size_t i;
    char *end;
    double v;
    char where[256];

    snprintf(where, sizeof where, "%s:%d: %s", label, line, key);
    if (plain_setting(key) >= 0) {
        kind = plain[plain_setting(key)].kind;
    } else if (!is_prefixed(key)) {
        for (i = 0; i < sizeof known / sizeof known[0]; i++)
            if (!strcmp(known[i].key, key))
                break;
        if (i == sizeof known / sizeof known[0])
            return mf_error_at(err, MF_EINVAL, where,
                               "unknown key (docs/SCENARIOS.md lists the "
                               "keys)");
        kind = known[i].kind;
    } else if (!strncmp(key, "factor.", 7)) {
        kind = V_TEXT; /* checked against data/factors.csv when applied */
    }
    if (!*value)
        return mf_error_at(err, MF_EINVAL, where, "a value is required");
    switch (kind) {
    case V_NUMBER:
    case V_SHARE:
    case V_DAYS:
        v = strtod(value, &end);
        if (*end || !isfinite(v))
            return mf_error_at(err, MF_EINVAL, where,
                               "'%s' is not a number (use '.' for "
                               "decimals)",
                               value);
        if (kind == V_SHARE && (v < 0 || v > 1))
            return mf_error_at(err, MF_EINVAL, where,
                               "a share is between 0 and 1, not %s", value);
        if (kind == V_DAYS && (v < 0 || v > 3660 || v != (int)v))
            return mf_error_at(err, MF_EINVAL, where,
                               "days must be a whole number from 0 to 3660");
        if (kind == V_NUMBER && v < 0 && strcmp(key, "scale.quarry_price"))
            return mf_error_at(err, MF_EINVAL, where,
                               "must not be negative, got %s", value);
        return MF_OK;
    case V_BOOL:
        if (strcmp(value, "yes") && strcmp(value, "no"))
            return mf_error_at(err, MF_EINVAL, where, "must be yes or no");
        return MF_OK;
    case V_PERIOD:
        if (mf_period_kind_parse(value) < 0)
            return mf_error_at(err, MF_EINVAL, where,
                               "must be week, month, quarter or year");
        return MF_OK;
    case V_PATH:
        /* A scenario reads files from its own folder and below: a scenario
         * someone sends you cannot make masseflyt read elsewhere. */
        if (value[0] == '/' || !strcmp(value, "..") ||
            !strncmp(value, "../", 3) || strstr(value, "/../") ||
            (strlen(value) >= 3 && !strcmp(value + strlen(value) - 3, "/..")))
            return mf_error_at(err, MF_EINVAL, where,
                               "'%s' leaves the scenario's folder; name a "
                               "file in it or below it",
                               value);
        return MF_OK;
    default:
        return MF_OK;
    }
}

static char *trim(char *s)
{
    char *e;

    while (*s == ' ' || *s == '\t')
        s++;
    e = s + strlen(s);
    while (e > s && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\r'))
        *--e = '\0';
    return s;
}

int mf_scenario_parse(struct mf_scenario **out, const char *label,
                      const char *text, size_t len, struct mf_error *err)
{
    struct mf_scenario *s = calloc(1, sizeof *s);
    const char *p = text, *end = text + len;
    int line = 0, rc = MF_OK;
    char where[256];

    *out = NULL;
    if (!s || !(s->label = strdup(label ? label : "scenario")))
        goto oom;
    while (p < end) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        size_t n = nl ? (size_t)(nl - p) : (size_t)(end - p);
        char buf[1024], *l, *eq, *key, *value;
        int k;

        line++;
        if (n >= sizeof buf) {
            snprintf(where, sizeof where, "%s:%d", s->label, line);
            rc = mf_error_at(err, MF_EINVAL, where,
                             "a line is longer than %zu bytes", sizeof buf - 1);
            goto fail;
        }
        memcpy(buf, p, n);
        buf[n] = '\0';
        p += n + (nl ? 1 : 0);
        if (memchr(buf, '\0', n)) {
            snprintf(where, sizeof where, "%s:%d", s->label, line);
            rc = mf_error_at(err, MF_EINVAL, where, "a NUL byte in text");
            goto fail;
        }
        l = trim(buf);
        if (line == 1 && !strncmp(l, "\xEF\xBB\xBF", 3))
            l = trim(l + 3);
        if (!*l || *l == '#')
            continue;
        eq = strchr(l, '=');
        if (!eq) {
            snprintf(where, sizeof where, "%s:%d", s->label, line);
            rc = mf_error_at(err, MF_EINVAL, where, "expected 'key = value'");
            goto fail;
        }
        *eq = '\0';
        key = trim(l);
        value = trim(eq + 1);
        for (k = 0; key[k]; k++)
            key[k] = (char)tolower((unsigned char)key[k]);
        if ((rc = check_value(s->label, line, key, value, err)))
            goto fail;
        for (k = 0; k < s->n; k++)
            if (!strcmp(s->set[k].key, key)) {
                snprintf(where, sizeof where, "%s:%d: %s", s->label, line, key);
                rc =
                    mf_error_at(err, MF_EINVAL, where,
                                "set twice (first on line %d)", s->set[k].line);
                goto fail;
            }
        if (vec_reserve(s->set, s->cap, (size_t)s->n + 1))
            goto oom;
        s->set[s->n].key = strdup(key);
        s->set[s->n].value = strdup(value);
        s->set[s->n].line = line;
        if (!s->set[s->n].key || !s->set[s->n].value) {
            free(s->set[s->n].key);
            free(s->set[s->n].value);
            goto oom;
        }
        s->n++;
    }
    *out = s;
    return MF_OK;
oom:
    rc = mf_error_set(err, MF_ENOMEM, "out of memory");
fail:
    mf_scenario_free(s);
    return rc;
}

static const char *own(const struct mf_scenario *s, const char *key)
{
    int i;

    for (i = 0; i < s->n; i++)
        if (!strcmp(s->set[i].key, key))
            return s->set[i].value;
    return NULL;
}

static int read_file(const char *path, char **text, size_t *len,
                     struct mf_error *err)
{
    FILE *f = fopen(path, "rb");
    long n;

    *text = NULL;
    if (!f)
        return mf_error_at(err, MF_ENOTFOUND, path, "no such scenario file");
    if (fseek(f, 0, SEEK_END) || (n = ftell(f)) < 0 || fseek(f, 0, SEEK_SET) ||
        n > (1L << 20)) {
        fclose(f);
        return mf_error_at(err, MF_EIO, path,
                           "cannot read (or larger than 1 MiB)");
    }
    *text = malloc((size_t)n + 1);
    if (!*text) {
        fclose(f);
        return mf_error_set(err, MF_ENOMEM, "out of memory");
    }
    if (fread(*text, 1, (size_t)n, f) != (size_t)n) {
        fclose(f);
        free(*text);
        *text = NULL;
        return mf_error_at(err, MF_EIO, path, "cannot read");
    }
    fclose(f);
    (*text)[n] = '\0';
    *len = (size_t)n;
    return MF_OK;
}

static int load_chain(struct mf_scenario **out, const char *dir,
                      const char *fallback, const char *name, int depth,
                      struct mf_error *err)
{
    char path[1024], *text;
    size_t len = 0;
    const char *parent;
    int rc;

    *out = NULL;
    if (depth > MAX_INHERIT)
        return mf_error_set(err, MF_EINVAL,
                            "scenario %s: inheritance deeper than %d (a "
                            "loop?)",
                            name, MAX_INHERIT);
    if (strchr(name, '/') || !*name)
        return mf_error_set(err, MF_EINVAL,
                            "a scenario name is a file name without "
                            "folders, not '%s'",
                            name);
    snprintf(path, sizeof path, "%s/%s.scn", dir, name);
    rc = read_file(path, &text, &len, err);
    /* Not in the scenario's own folder: the fallback folder's (a
     * scenario of one's own inherits base from the data folder). */
    if (rc == MF_ENOTFOUND && fallback && strcmp(fallback, dir)) {
        char first[1024];
        snprintf(first, sizeof first, "%s", path);
        snprintf(path, sizeof path, "%s/%s.scn", fallback, name);
        rc = read_file(path, &text, &len, err);
        if (rc == MF_ENOTFOUND)
            rc = mf_error_at(err, MF_ENOTFOUND, first,
                             "no such scenario file (nor %s)", path);
        else
            dir = fallback;
    }
    if (rc)
        return rc;
    rc = mf_scenario_parse(out, path, text, len, err);
    free(text);
    if (rc)
        return rc;
    (*out)->dir = strdup(dir);
    (*out)->name = strdup(own(*out, "name") ? own(*out, "name") : name);
    if (!(*out)->dir || !(*out)->name) {
        mf_scenario_free(*out);
        *out = NULL;
        return mf_error_set(err, MF_ENOMEM, "out of memory");
    }
    parent = own(*out, "inherit");
    if (parent) {
        rc = load_chain(&(*out)->parent, dir, fallback, parent, depth + 1, err);
        if (rc) {
            mf_scenario_free(*out);
            *out = NULL;
            return rc;
        }
    }
    return MF_OK;
}

int mf_scenario_load(struct mf_scenario **out, const char *dir,
                     const char *name, struct mf_error *err)
{
    return load_chain(out, dir, NULL, name, 0, err);
}

int mf_scenario_load_from(struct mf_scenario **out, const char *dir,
                          const char *fallback, const char *name,
                          struct mf_error *err)
{
    return load_chain(out, dir, fallback, name, 0, err);
}

const char *mf_scenario_file(const struct mf_scenario *s)
{
    return s->label;
}

void mf_scenario_free(struct mf_scenario *s)
{
    int i;

    while (s) {
        struct mf_scenario *p = s->parent;
        for (i = 0; i < s->n; i++) {
            free(s->set[i].key);
            free(s->set[i].value);
        }
        free(s->set);
        free(s->name);
        free(s->dir);
        free(s->label);
        free(s);
        s = p;
    }
}

const char *mf_scenario_name(const struct mf_scenario *s)
{
    return s->name ? s->name : "scenario";
}

const char *mf_scenario_get(const struct mf_scenario *s, const char *key)
{
    /* name, title and description belong to each file; the rest is
     * inherited. */
    int personal = !strcmp(key, "name") || !strncmp(key, "title.", 6) ||
                   !strncmp(key, "description.", 12);

    for (; s; s = personal ? NULL : s->parent) {
        const char *v = own(s, key);
        if (v)
            return v;
    }
    return NULL;
}

const char *mf_scenario_title(const struct mf_scenario *s, const char *lang)
{
    const char *v = mf_scenario_get(
        s, lang && !strcmp(lang, "en") ? "title.en" : "title.nb");

    if (!v)
        v = mf_scenario_get(s, lang && !strcmp(lang, "en") ? "title.nb"
                                                           : "title.en");
    return v ? v : mf_scenario_name(s);
}

const char *mf_scenario_description(const struct mf_scenario *s,
                                    const char *lang)
{
    const char *v = mf_scenario_get(
        s, lang && !strcmp(lang, "en") ? "description.en" : "description.nb");

    if (!v)
        v = mf_scenario_get(s, lang && !strcmp(lang, "en") ? "description.nb"
                                                           : "description.en");
    return v ? v : "";
}

char *mf_scenario_describe_settings(const struct mf_scenario *s)
{
    const struct mf_scenario *chain[MAX_INHERIT + 2];
    struct buf b = BUF_INIT;
    int n = 0, i, k;

    for (; s && n < MAX_INHERIT + 2; s = s->parent)
        chain[n++] = s;
    for (i = n - 1; i >= 0; i--)
        for (k = 0; k < chain[i]->n; k++) {
            const char *key = chain[i]->set[k].key;
            if (!strcmp(key, "name") || !strcmp(key, "inherit") ||
                !strncmp(key, "title.", 6) || !strncmp(key, "description.", 12))
                continue;
            buf_printf(&b, "%s = %s\n", key, chain[i]->set[k].value);
        }
    return buf_detach(&b);
}

/* ------------------------------------------------------------------ */
/* Applying                                                             */
/* ------------------------------------------------------------------ */

/* Calls fn for every setting in effect, inherited ones first and a child
 * overriding its parent (same key: only the child's). */
static int each_setting(const struct mf_scenario *s,
                        int (*fn)(void *ctx, const char *key, const char *value,
                                  const struct mf_scenario *from),
                        void *ctx)
{
    const struct mf_scenario *chain[MAX_INHERIT + 2];
    int n = 0, i, k, rc;

    for (; s && n < MAX_INHERIT + 2; s = s->parent)
        chain[n++] = s;
    for (i = n - 1; i >= 0; i--)
        for (k = 0; k < chain[i]->n; k++) {
            const char *key = chain[i]->set[k].key;
            int j, later = 0;
            for (j = i - 1; j >= 0 && !later; j--)
                later = own(chain[j], key) != NULL;
            if (later)
                continue;
            if ((rc = fn(ctx, key, chain[i]->set[k].value, chain[i])))
                return rc;
        }
    return MF_OK;
}

struct apply_ctx {
    const struct mf_scenario *s;
    const struct mf_registry *base;
    struct mf_factors *fx;
    struct mf_registry *reg;
    struct mf_plan_opts *opts;
    struct mf_fleet *fleet;
    struct mf_distances **dist;
    struct mf_error *err;
    const char *extra_key, *extra_value; /* a sensitivity override */
};

static int factor_setting(void *vctx, const char *key, const char *value,
                          const struct mf_scenario *from)
{
    struct apply_ctx *c = vctx;
    char src[160];

    snprintf(src, sizeof src, "scenario %s", mf_scenario_name(from));
    if (plain_setting(key) >= 0)
        return mf_factors_set_param(c->fx, key, value, src, c->err);
    if (!strncmp(key, "factor.", 7))
        return mf_factors_set_param(c->fx, key + 7, value, src, c->err);
    if (!strncmp(key, "fuel.", 5) || !strncmp(key, "truck.", 6))
        return mf_factors_set_param(c->fx, key, value, src, c->err);
    return MF_OK;
}

static int copy_registry(struct apply_ctx *c, const char *closed)
{
    const struct mf_registry *b = c->base;
    size_t i;
    int rc = MF_OK;

    for (i = 0; i < mf_registry_count(b, MF_ENT_ORG) && !rc; i++)
        rc = mf_registry_put_org(c->reg, mf_registry_org_at(b, i));
    for (i = 0; i < mf_registry_count(b, MF_ENT_PROJECT) && !rc; i++)
        rc = mf_registry_put_project(c->reg, mf_registry_project_at(b, i));
    for (i = 0; i < mf_registry_count(b, MF_ENT_SITE) && !rc; i++) {
        const struct mf_site *x = mf_registry_site_at(b, i);
        /* A closed site stays registered (lots may refer to it) but closes
         * before the horizon starts. */
        if (closed && x->kind != MF_SITE_PROJECT) {
            const char *p = closed;
            size_t n = strlen(x->id);
            int hit = 0;
            while (*p && !hit) {
                size_t len = strcspn(p, ", ");
                hit = len == n && !strncmp(p, x->id, n);
                p += len;
                while (*p == ',' || *p == ' ')
                    p++;
            }
            if (hit) {
                struct mf_site y = *x;
                y.open_from = mf_date_from_ymd(1900, 1, 1);
                y.open_to = mf_date_from_ymd(1900, 1, 2);
                rc = mf_registry_put_site(c->reg, &y);
                continue;
            }
        }
        rc = mf_registry_put_site(c->reg, x);
    }
    for (i = 0; i < mf_registry_count(b, MF_ENT_LOT) && !rc; i++)
        rc = mf_registry_put_lot(c->reg, mf_registry_lot_at(b, i));
    return rc ? mf_error_set(c->err, MF_ENOMEM, "out of memory") : MF_OK;
}

static int check_closed(struct apply_ctx *c, const char *closed)
{
    const char *p = closed;

    while (p && *p) {
        char id[128];
        size_t len = strcspn(p, ", ");
        const struct mf_site *x;
        snprintf(id, sizeof id, "%.*s", (int)len, p);
        x = mf_registry_site(c->base, id);
        if (!x)
            return mf_error_set(c->err, MF_EINVAL,
                                "scenario %s: close_sites names '%s', which "
                                "is no site",
                                mf_scenario_name(c->s), id);
        if (x->kind == MF_SITE_PROJECT)
            return mf_error_set(c->err, MF_EINVAL,
                                "scenario %s: '%s' is a project site; only "
                                "storage, processing, receiving sites and "
                                "quarries can be closed",
                                mf_scenario_name(c->s), id);
        p += len;
        while (*p == ',' || *p == ' ')
            p++;
    }
    return MF_OK;
}

/* Adds the sites of a CSV file through the importer, so they meet the
 * same rules as any import. */
static int add_sites(struct apply_ctx *c, const char *path)
{
    struct mf_import *imp = NULL;
    struct mf_issues is;
    struct mf_import_stats stats;
    int rc;

    mf_issues_init(&is, 20);
    memset(&stats, 0, sizeof stats);
    rc = mf_import_new(&imp, c->reg, NULL, c->err);
    if (rc == MF_OK)
        rc = mf_import_file(imp, path, MF_ENT_SITE, NULL, &is, &stats, c->err);
    if (rc == MF_OK && is.count[MF_SEV_ERROR]) {
        const struct mf_issue *first = NULL;
        size_t i;
        for (i = 0; i < is.n && !first; i++)
            if (is.items[i].severity == MF_SEV_ERROR)
                first = &is.items[i];
        rc = mf_error_at(c->err, MF_EINVAL, first ? first->where : path, "%s",
                         first ? first->message : "invalid sites");
    }
    mf_import_free(imp);
    mf_issues_free(&is);
    return rc;
}

static int scale_fees(struct mf_registry *reg, enum mf_site_kind kind,
                      double factor)
{
    size_t i;

    for (i = 0; i < mf_registry_count(reg, MF_ENT_SITE); i++) {
        const struct mf_site *x = mf_registry_site_at(reg, i);
        char fees[1024];
        struct mf_site c;
        if (x->kind != kind)
            continue;
        ((struct mf_site *)x)->fee = x->fee * factor;
        if (!x->material_fees)
            continue;
        /* A site's own fees per material scale with its fee. */
        if (mf_site_material_fees_scale(x->material_fees, factor, fees,
                                        sizeof fees))
            return MF_EINVAL;
        c = *x;
        c.material_fees = fees;
        if (mf_registry_put_site(reg, &c))
            return MF_ENOMEM;
    }
    return MF_OK;
}

/* The line a scenario file sets key on (0 when not its own). */
static int line_of(const struct mf_scenario *s, const char *key)
{
    int k;

    for (k = 0; k < s->n; k++)
        if (!strcmp(s->set[k].key, key))
            return s->set[k].line;
    return 0;
}

/* The limit for a scenario key in data/limits.csv: "scenario.KEY", else a
 * pattern whose '*' stands for one dotted segment
 * ("scenario.truck.*.speed_kmh"), else "scenario.*". */
static const struct limit *scenario_limit(const struct mf_catalog *cat,
                                          const char *key)
{
    const struct limit *any = NULL;
    int i;

    for (i = 0; i < cat->n_limits; i++) {
        const char *p = cat->limits[i].key, *k = key;

        if (strncmp(p, "scenario.", 9))
            continue;
        p += 9;
        if (!strcmp(p, "*")) {
            any = &cat->limits[i];
            continue;
        }
        while (*p && *k) {
            if (*p == '*') {
                while (*k && *k != '.')
                    k++;
                p++;
            } else if (*p == *k) {
                p++;
                k++;
            } else {
                break;
            }
        }
        if (!*p && !*k)
            return &cat->limits[i];
    }
    return any;
}

/* Every numeric setting within its plausible range (data/limits.csv), so
 * that a tax of 1e300 NOK/t or a truck speed of 0 km/h is refused naming
 * the file, line and key instead of failing deep in the planner. */
static int check_limits(void *vctx, const char *key, const char *value,
                        const struct mf_scenario *from)
{
    struct apply_ctx *c = vctx;
    const struct limit *l = scenario_limit(mf_registry_catalog(c->base), key);
    char where[512], *end;
    double v;

    if (!l)
        return MF_OK;
    v = strtod(value, &end);
    if (end == value || *end)
        return MF_OK; /* not a number: checked where it is used */
    snprintf(where, sizeof where, "%s:%d: %s", from->label, line_of(from, key),
             key);
    if (!isfinite(v) || v > l->hard_max)
        return mf_error_at(c->err, MF_EINVAL, where,
                           "%s %s is more than the plausible limit of %.6g %s "
                           "(data/limits.csv)",
                           value, l->unit, l->hard_max, l->unit);
    if (v < l->hard_min)
        return mf_error_at(c->err, MF_EINVAL, where,
                           "%s %s is less than the plausible minimum of %.6g "
                           "%s (data/limits.csv)",
                           value, l->unit, l->hard_min, l->unit);
    return MF_OK;
}

/* A scenario's distance file must name its sites and keep roads no
 * shorter than the straight line (the first error fails the scenario). */
static int distances_checked(const struct mf_distances *d,
                             const struct mf_registry *reg,
                             struct mf_error *err)
{
    struct mf_issues is;
    size_t i;
    int rc;

    mf_issues_init(&is, 20);
    rc = mf_distances_check(d, reg, &is);
    if (rc)
        rc = mf_error_set(err, rc, "out of memory");
    for (i = 0; rc == MF_OK && i < is.n; i++)
        if (is.items[i].severity == MF_SEV_ERROR)
            rc = mf_error_at(err, MF_EINVAL, is.items[i].where, "%s",
                             is.items[i].message);
    mf_issues_free(&is);
    return rc;
}

static const char *setting(const struct apply_ctx *c, const char *key)
{
    if (c->extra_key && !strcmp(c->extra_key, key))
        return c->extra_value;
    return mf_scenario_get(c->s, key);
}

static int apply(struct apply_ctx *c, struct mf_factors **factors_out,
                 struct mf_registry **reg_out,
                 const struct mf_factors *base_factors)
{
    const char *v;
    char path[1024];
    int rc;

    *factors_out = NULL;
    *reg_out = NULL;
    if ((rc = each_setting(c->s, check_limits, c)))
        return rc;
    if ((rc = mf_factors_copy(&c->fx, base_factors, c->err)))
        return rc;
    if ((rc = each_setting(c->s, factor_setting, c)))
        goto fail;
    if (c->extra_key && strncmp(c->extra_key, "scale.", 6) &&
        (rc = mf_factors_set_param(c->fx, c->extra_key, c->extra_value,
                                   "sensitivity", c->err)))
        goto fail;
    v = setting(c, "close_sites");
    if (v && (rc = check_closed(c, v)))
        goto fail;
    if ((rc = mf_registry_new(&c->reg, mf_registry_catalog(c->base), c->err)) ||
        (rc = copy_registry(c, v)))
        goto fail;
    if ((v = setting(c, "sites"))) {
        snprintf(path, sizeof path, "%s/%s", c->s->dir ? c->s->dir : ".", v);
        if ((rc = add_sites(c, path)))
            goto fail;
    }
    if ((v = setting(c, "scale.receiving_fee")) &&
        (rc = scale_fees(c->reg, MF_SITE_RECEIVING, strtod(v, NULL)))) {
        rc = mf_error_set(c->err, rc, "scaling the gate fees failed");
        goto fail;
    }
    if ((v = setting(c, "scale.quarry_price")) &&
        (rc = scale_fees(c->reg, MF_SITE_QUARRY, strtod(v, NULL)))) {
        rc = mf_error_set(c->err, rc, "scaling the quarry prices failed");
        goto fail;
    }
    if ((v = setting(c, "demand_flexible")) && !strcmp(v, "yes")) {
        size_t i;
        for (i = 0; i < mf_registry_count(c->reg, MF_ENT_LOT); i++) {
            const struct mf_lot *l = mf_registry_lot_at(c->reg, i);
            if (l->kind == MF_LOT_DEMAND)
                ((struct mf_lot *)l)->flexible = 1;
        }
    }
    if ((v = setting(c, "demand_flex_days")))
        c->opts->stretch_demand_days = (int)strtol(v, NULL, 10);
    if ((v = setting(c, "fleet"))) {
        if ((rc = mf_fleet_parse(c->fx, v, c->fleet, c->err)))
            goto fail;
        c->opts->fleet = c->fleet;
    }
    if ((v = setting(c, "distances"))) {
        snprintf(path, sizeof path, "%s/%s", c->s->dir ? c->s->dir : ".", v);
        if ((rc = mf_distances_load(c->dist, path, c->err)))
            goto fail;
        if ((rc = distances_checked(*c->dist, c->reg, c->err)))
            goto fail;
        c->opts->distances = *c->dist;
    }
    /* Plan options the factors decide are left to the planner (k, haul
     * limit, period): it reads them from the scenario's factors. */
    c->opts->max_km = 0;
    c->opts->period = -1;
    *factors_out = c->fx;
    *reg_out = c->reg;
    return MF_OK;
fail:
    mf_factors_free(c->fx);
    mf_registry_free(c->reg);
    c->fx = NULL;
    c->reg = NULL;
    return rc;
}

int mf_scenario_apply(const struct mf_scenario *s,
                      const struct mf_registry *base_reg,
                      const struct mf_factors *base_factors,
                      struct mf_factors **factors_out,
                      struct mf_registry **reg_out, struct mf_plan_opts *opts,
                      struct mf_fleet *fleet,
                      struct mf_distances **distances_out, struct mf_error *err)
{
    struct apply_ctx c;

    memset(&c, 0, sizeof c);
    c.s = s;
    c.base = base_reg;
    c.opts = opts;
    c.fleet = fleet;
    c.dist = distances_out;
    c.err = err;
    *distances_out = NULL;
    return apply(&c, factors_out, reg_out, base_factors);
}

/* ------------------------------------------------------------------ */
/* Running                                                              */
/* ------------------------------------------------------------------ */

double mf_headline(const struct mf_indicators *ind, enum mf_headline h)
{
    switch (h) {
    case MF_HL_COST:
        return ind->cost_total;
    case MF_HL_CO2E:
        return ind->co2e_total_kg;
    case MF_HL_REUSE_RATE:
        return ind->reuse_rate;
    default:
        return ind->landfilled_t;
    }
}

/* The share of public clients' surplus not sent to a receiving site or
 * left unplaced. Storage mixes origins: what leaves a storage site for a
 * receiving site counts against public clients in proportion to their
 * share of what came into that site (docs/SCENARIOS.md). */
static int lot_public(const struct mf_registry *reg, int lot)
{
    const struct mf_lot *l = mf_registry_lot_at(reg, (size_t)lot);
    const struct mf_project *pr = mf_registry_project(reg, l->project);
    const struct mf_org *o = pr ? mf_registry_org(reg, pr->org) : NULL;

    return o && o->is_public;
}

static double public_reuse(const struct mf_registry *reg,
                           const struct mf_plan *p)
{
    size_t n_sites = mf_registry_count(reg, MF_ENT_SITE), i;
    double *in_all = calloc(n_sites + 1, sizeof *in_all);
    double *in_pub = calloc(n_sites + 1, sizeof *in_pub);
    double total = 0, lost = 0;

    if (!in_all || !in_pub) {
        free(in_all);
        free(in_pub);
        return 0;
    }
    for (i = 0; i < p->n_flows; i++) {
        const struct mf_flow *f = &p->flows[i];
        int pub = f->from_kind == MF_END_SUPPLY && f->from >= 0 &&
                  lot_public(reg, f->from);
        if (f->to_kind == MF_END_STORAGE) {
            in_all[f->to] += f->tonnes;
            if (pub)
                in_pub[f->to] += f->tonnes;
        }
        if (!pub)
            continue;
        total += f->tonnes;
        if (f->to_kind == MF_END_RECEIVING || f->to_kind == MF_END_UNPLACED)
            lost += f->tonnes;
    }
    for (i = 0; i < p->n_flows; i++) {
        const struct mf_flow *f = &p->flows[i];
        if (f->from_kind == MF_END_STORAGE && f->to_kind == MF_END_RECEIVING &&
            in_all[f->from] > 0)
            lost += f->tonnes * in_pub[f->from] / in_all[f->from];
    }
    free(in_all);
    free(in_pub);
    return total > 0 ? 1 - lost / total : 1;
}

static int solve(const struct mf_scenario_result *r,
                 const struct mf_plan_opts *o, struct mf_plan **plan,
                 struct mf_plan **bau, struct mf_error *err)
{
    return mf_plan_solve_pair(r->reg, r->factors, o, plan, bau, err);
}

int mf_scenario_run(const struct mf_scenario *s, const struct mf_registry *reg,
                    const struct mf_factors *factors,
                    const struct mf_plan_opts *base_opts,
                    struct mf_scenario_result *out, struct mf_error *err)
{
    struct mf_plan_opts o =
        base_opts ? *base_opts : (struct mf_plan_opts)MF_PLAN_OPTS_INIT;
    struct mf_distances *dist = NULL;
    struct mf_fleet fleet;
    const char *req;
    int rc;

    MF_ASSERT_ARG(s && reg && factors && out);
    memset(out, 0, sizeof *out);
    snprintf(out->name, sizeof out->name, "%s", mf_scenario_name(s));
    snprintf(out->title, sizeof out->title, "%s", mf_scenario_title(s, "nb"));
    snprintf(out->description, sizeof out->description, "%s",
             mf_scenario_description(s, "nb"));
    rc = mf_scenario_apply(s, reg, factors, &out->factors, &out->reg, &o,
                           &fleet, &dist, err);
    if (rc)
        return rc;
    o.baseline = 0;
    rc = solve(out, &o, &out->plan, &out->baseline, err);
    if (rc == MF_OK) {
        struct mf_practice pr;
        if ((rc = mf_practice_load(
                 &pr, mf_catalog_dir(mf_registry_catalog(out->reg)), err)) ==
            MF_OK)
            rc = mf_plan_practice(out->reg, out->factors, &o, &pr,
                                  &out->practice, err);
    }
    req = mf_scenario_get(s, "reuse_requirement_public");
    if (rc == MF_OK && req) {
        double want = strtod(req, NULL), lo = 0, hi = 0, have;
        int iter;

        out->requirement = want;
        have = public_reuse(out->reg, out->plan);
        if (have + 1e-9 < want) {
            /* Find a surcharge that is enough, then bisect down to the
             * least one, to within 1 NOK per tonne. */
            /* Half the penalty for unplaced surplus: a surcharge near the
             * penalty would make leaving masses unplaced look as good as
             * landfilling them, which no requirement asks for. */
            double cap =
                mf_setting_num(out->factors, MF_SET_PENALTY_UNPLACED) / 2;
            struct mf_plan *p = NULL;
            int enough = 0;
            hi = 50;
            for (iter = 0; iter < 40; iter++) {
                o.public_landfill_surcharge = hi;
                if ((rc = solve(out, &o, &p, NULL, err)))
                    break;
                have = public_reuse(out->reg, p);
                mf_plan_free(p);
                p = NULL;
                enough = have + 1e-9 >= want;
                if (enough || hi >= cap)
                    break;
                lo = hi;
                hi = hi * 2 > cap ? cap : hi * 2;
            }
            while (rc == MF_OK && enough && hi - lo > 1) {
                double mid = (lo + hi) / 2;
                o.public_landfill_surcharge = mid;
                if ((rc = solve(out, &o, &p, NULL, err)))
                    break;
                if (public_reuse(out->reg, p) + 1e-9 >= want)
                    hi = mid;
                else
                    lo = mid;
                mf_plan_free(p);
                p = NULL;
            }
            if (rc == MF_OK) {
                o.public_landfill_surcharge = hi;
                mf_plan_free(out->plan);
                out->plan = NULL;
                rc = solve(out, &o, &out->plan, NULL, err);
                out->public_surcharge = hi;
            }
        }
        if (rc == MF_OK) {
            out->public_reuse_rate = public_reuse(out->reg, out->plan);
            out->requirement_met =
                out->public_reuse_rate + 1e-9 >= out->requirement;
        }
    } else if (rc == MF_OK) {
        out->public_reuse_rate = public_reuse(out->reg, out->plan);
    }
    mf_distances_free(dist);
    if (rc)
        mf_scenario_result_free(out);
    return rc;
}

void mf_scenario_result_free(struct mf_scenario_result *r)
{
    mf_plan_free(r->plan);
    mf_plan_free(r->baseline);
    mf_plan_free(r->practice);
    mf_factors_free(r->factors);
    mf_registry_free(r->reg);
    r->plan = r->baseline = r->practice = NULL;
    r->factors = NULL;
    r->reg = NULL;
}

/* ------------------------------------------------------------------ */
/* Explaining differences                                               */
/* ------------------------------------------------------------------ */

struct agg {
    char from[80], to[80];
    enum mf_end_kind to_kind;
    double a, b;
};

static int agg_add(struct agg **v, int *n, int *cap, const char *from,
                   const char *to, enum mf_end_kind to_kind, double t, int side)
{
    int i;

    for (i = 0; i < *n; i++)
        if (!strcmp((*v)[i].from, from) && !strcmp((*v)[i].to, to))
            break;
    if (i == *n) {
        if (vec_reserve(*v, *cap, (size_t)*n + 1))
            return MF_ENOMEM;
        memset(&(*v)[i], 0, sizeof **v);
        snprintf((*v)[i].from, sizeof(*v)[i].from, "%s", from);
        snprintf((*v)[i].to, sizeof(*v)[i].to, "%s", to);
        (*v)[i].to_kind = to_kind;
        (*n)++;
    }
    if (side)
        (*v)[i].b += t;
    else
        (*v)[i].a += t;
    return MF_OK;
}

static int by_change(const void *x, const void *y)
{
    const struct agg *a = x, *b = y;
    double da = fabs(a->b - a->a), db = fabs(b->b - b->a);

    return (da < db) - (da > db);
}

static const char *end_word(enum mf_end_kind k, int en)
{
    static const char *const nb[] = {"overskudd",  "behov",       "mellomlager",
                                     "behandling", "massemottak", "pukkverk",
                                     "uplassert",  "udekket"};
    static const char *const e[] = {"surplus",    "need",      "storage",
                                    "processing", "receiving", "quarry",
                                    "unplaced",   "unmet"};

    return en ? e[k] : nb[k];
}

int mf_scenario_explain_diff(const struct mf_scenario_result *a,
                             const struct mf_scenario_result *b,
                             const char *lang, char **lines, int max)
{
    const struct mf_scenario_result *r[2] = {a, b};
    struct agg *flows = NULL, *sites = NULL;
    int nf = 0, cf = 0, ns = 0, cs = 0, side, n = 0, i;
    size_t k;
    int en = lang && !strcmp(lang, "en");

    for (side = 0; side < 2; side++)
        for (k = 0; k < r[side]->plan->n_flows; k++) {
            const struct mf_flow *f = &r[side]->plan->flows[k];
            const char *from =
                f->from_kind == MF_END_UNMET
                    ? end_word(MF_END_UNMET, en)
                    : mf_end_id(r[side]->reg, f->from_kind, f->from);
            const char *to = f->to_kind == MF_END_UNPLACED
                                 ? end_word(MF_END_UNPLACED, en)
                                 : mf_end_id(r[side]->reg, f->to_kind, f->to);
            /* Needs count by their site: two needs at one place often
             * cost the same to serve, and which of them an optimal plan
             * picks is no difference worth telling. */
            if (f->to_kind == MF_END_DEMAND && f->to >= 0) {
                const struct mf_lot *l =
                    mf_registry_lot_at(r[side]->reg, (size_t)f->to);
                if (l->site)
                    to = l->site;
            }
            if (agg_add(&flows, &nf, &cf, from, to, f->to_kind, f->tonnes,
                        side))
                goto done;
            if (f->to_kind == MF_END_STORAGE ||
                f->to_kind == MF_END_PROCESSING ||
                f->to_kind == MF_END_RECEIVING) {
                if (agg_add(&sites, &ns, &cs, "", to, f->to_kind, f->tonnes,
                            side))
                    goto done;
            }
            if (f->from_kind == MF_END_QUARRY) {
                if (agg_add(&sites, &ns, &cs, "", from, MF_END_QUARRY,
                            f->tonnes, side))
                    goto done;
            }
        }
    qsort(flows, (size_t)nf, sizeof *flows, by_change);
    qsort(sites, (size_t)ns, sizeof *sites, by_change);
    /* Alternate: the largest site changes and flow changes. */
    for (i = 0; n < max && (i < ns || i < nf); i++) {
        char q[32], line[400];
        if (i < ns && fabs(sites[i].b - sites[i].a) >= 1) {
            double d = sites[i].b - sites[i].a;
            snprintf(q, sizeof q, "%.0f", fabs(d));
            if (en)
                snprintf(line, sizeof line, "%s (%s) %s %s t %s", sites[i].to,
                         end_word(sites[i].to_kind, 1),
                         d > 0 ? "gains" : "loses", q,
                         sites[i].to_kind == MF_END_QUARRY ? "of sales"
                                                           : "of intake");
            else
                snprintf(line, sizeof line, "%s (%s) %s %s t %s", sites[i].to,
                         end_word(sites[i].to_kind, 0),
                         d > 0 ? "får" : "mister", q,
                         sites[i].to_kind == MF_END_QUARRY ? "salg" : "inntak");
            if ((lines[n] = strdup(line)))
                n++;
        }
        if (n < max && i < nf && fabs(flows[i].b - flows[i].a) >= 1) {
            double d = flows[i].b - flows[i].a;
            snprintf(q, sizeof q, "%.0f", fabs(d));
            snprintf(line, sizeof line, "%s %s t %s %s %s %s (%s)",
                     d > 0 ? "+" : "-", q, en ? "from" : "fra", flows[i].from,
                     en ? "to" : "til", flows[i].to,
                     end_word(flows[i].to_kind, en));
            if ((lines[n] = strdup(line)))
                n++;
        }
    }
done:
    free(flows);
    free(sites);
    return n;
}

/* ------------------------------------------------------------------ */
/* Sensitivity                                                          */
/* ------------------------------------------------------------------ */

/* One run of the sensitivity analysis: the scenario with one parameter
 * set (key NULL: as it is), kept while later runs start from its plan. */
struct sens_run {
    struct mf_factors *fx;
    struct mf_registry *r;
    struct mf_distances *dist;
    struct mf_plan *p;
};

static void sens_run_free(struct sens_run *x)
{
    mf_plan_free(x->p);
    mf_distances_free(x->dist);
    mf_factors_free(x->fx);
    mf_registry_free(x->r);
    memset(x, 0, sizeof *x);
}

/* Runs the scenario with key = value into x (the caller frees it),
 * re-solved from warm's plan when given (mf_plan_opts.warm_from), and
 * today's practice under the same assumptions; the headlines of both
 * into out and out_practice. */
static int run_with(const struct mf_scenario *s, const struct mf_registry *reg,
                    const struct mf_factors *factors,
                    const struct mf_plan_opts *base_opts, const char *key,
                    const char *value, const struct mf_plan *warm,
                    struct sens_run *x, double *out, double *out_practice,
                    struct mf_error *err)
{
    struct mf_plan_opts o =
        base_opts ? *base_opts : (struct mf_plan_opts)MF_PLAN_OPTS_INIT;
    struct apply_ctx c;
    struct mf_fleet fleet;
    struct mf_plan *bp = NULL;
    struct mf_practice pr;
    int rc, h;

    memset(x, 0, sizeof *x);
    memset(&c, 0, sizeof c);
    c.s = s;
    c.base = reg;
    c.opts = &o;
    c.fleet = &fleet;
    c.dist = &x->dist;
    c.err = err;
    c.extra_key = key;
    c.extra_value = value;
    rc = apply(&c, &x->fx, &x->r, factors);
    o.warm_from = warm;
    o.warm_lp = 1;
    if (rc == MF_OK)
        rc = mf_plan_solve(x->r, x->fx, &o, &x->p, err);
    if (rc == MF_OK)
        for (h = 0; h < MF_HL_COUNT; h++)
            out[h] = mf_headline(&x->p->ind, (enum mf_headline)h);
    /* Today's practice under the same assumptions: the potential's
     * range is the plan against it. */
    if (rc == MF_OK &&
        (rc = mf_practice_load(&pr, mf_catalog_dir(mf_registry_catalog(x->r)),
                               err)) == MF_OK &&
        (rc = mf_plan_practice(x->r, x->fx, &o, &pr, &bp, err)) == MF_OK)
        for (h = 0; h < MF_HL_COUNT; h++)
            out_practice[h] = mf_headline(&bp->ind, (enum mf_headline)h);
    mf_plan_free(bp);
    return rc;
}

static int by_swing(const void *x, const void *y)
{
    const struct mf_tornado_bar *a = x, *b = y;
    double da = fabs(a->high[MF_HL_COST] - a->low[MF_HL_COST]);
    double db = fabs(b->high[MF_HL_COST] - b->low[MF_HL_COST]);

    return (da < db) - (da > db);
}

int mf_sensitivity_run(const struct mf_scenario *s,
                       const struct mf_registry *reg,
                       const struct mf_factors *factors,
                       const struct mf_plan_opts *base_opts,
                       struct mf_tornado **out, struct mf_error *err)
{
    static const char *const req[] = {"param",    "low",    "high", "label_no",
                                      "label_en", "source", NULL};
    struct mf_tornado *t = calloc(1, sizeof *t);
    struct sens_run base;
    struct datafile d;
    struct arena scratch;
    int rc, cap = 0;
    const char *dir = mf_catalog_dir(mf_registry_catalog(reg));

    *out = NULL;
    if (!t)
        return mf_error_set(err, MF_ENOMEM, "out of memory");
    arena_init(&scratch, 4096);
    snprintf(t->scenario, sizeof t->scenario, "%s", mf_scenario_name(s));
    /* Each bar's runs re-solve from the scenario's own plan: they change
     * one parameter of it. */
    rc = run_with(s, reg, factors, base_opts, NULL, NULL, NULL, &base, t->base,
                  t->base_practice, err);
    if (rc == MF_OK)
        rc = datafile_open(&d, dir, "sensitivity.csv", req, &scratch, err);
    else
        memset(&d, 0, sizeof d);
    while (rc == MF_OK && (rc = datafile_next(&d, err)) == 1) {
        struct mf_tornado_bar *bar;
        double lo, hi;
        const char *param = datafile_val(&d, "param");

        rc = MF_OK;
        if ((rc = datafile_num(&d, "low", 0, &lo, err)) ||
            (rc = datafile_num(&d, "high", 0, &hi, err)))
            break;
        if (vec_reserve(t->bars, cap, (size_t)t->n_bars + 1)) {
            rc = mf_error_set(err, MF_ENOMEM, "out of memory");
            break;
        }
        bar = &t->bars[t->n_bars];
        memset(bar, 0, sizeof *bar);
        snprintf(bar->param, sizeof bar->param, "%s", param);
        snprintf(bar->label_no, sizeof bar->label_no, "%s",
                 datafile_val(&d, "label_no"));
        snprintf(bar->label_en, sizeof bar->label_en, "%s",
                 datafile_val(&d, "label_en"));
        snprintf(bar->source, sizeof bar->source, "%s",
                 datafile_val(&d, "source"));
        bar->low_value = lo;
        bar->high_value = hi;
        /* The value the scenario itself runs with. */
        if (mf_scenario_get(s, param))
            bar->base_value = strtod(mf_scenario_get(s, param), NULL);
        else if (!strncmp(param, "scale.", 6))
            bar->base_value = 1.0;
        else
            bar->base_value = mf_factors_get_param(factors, param);
        if (strncmp(param, "scale.", 6) && isnan(bar->base_value)) {
            rc = mf_error_at(err, MF_EINVAL, datafile_where(&d, "param"),
                             "'%s' is no parameter of the factors", param);
            break;
        }
        {
            char v[64];
            struct sens_run x;
            snprintf(v, sizeof v, "%.17g", lo);
            rc = run_with(s, reg, factors, base_opts, param, v, base.p, &x,
                          bar->low, bar->low_practice, err);
            sens_run_free(&x);
            if (rc)
                break;
            snprintf(v, sizeof v, "%.17g", hi);
            rc = run_with(s, reg, factors, base_opts, param, v, base.p, &x,
                          bar->high, bar->high_practice, err);
            sens_run_free(&x);
            if (rc)
                break;
        }
        t->n_bars++;
    }
    datafile_close(&d);
    arena_free(&scratch);
    sens_run_free(&base);
    if (rc < 0) {
        mf_tornado_free(t);
        return rc;
    }
    qsort(t->bars, (size_t)t->n_bars, sizeof *t->bars, by_swing);
    *out = t;
    return MF_OK;
}

void mf_tornado_free(struct mf_tornado *t)
{
    if (!t)
        return;
    free(t->bars);
    free(t);
}
