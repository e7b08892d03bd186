/*
 * catalog_munis.c - the municipality numbers in force
 * (data/municipalities.csv) and the retired ones
 * (data/municipality_changes.csv), and the check of a number against them
 * with the number to use instead (municipality.h).
 */
#include "masseflyt/municipality.h"

#include "catalog_int.h"
#include "format/datafile.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define N_NUMBERS 10000 /* 0000 to 9999 */

/* A retired number (municipality_changes.csv). */
struct muni_change {
    const char *number, *name, *years;
    const char *next;    /* what it became at the next reform: "3005",
                            "1508 1580" (split), or "" (not known) */
    const char *current; /* today's number(s) holding its area, or "" */
    int until;           /* the year it went out of use, plus one */
};

/* The value of a 4-digit number, or -1. */
static int number_value(const char *s)
{
    int i, v = 0;

    for (i = 0; i < 4; i++) {
        if (s[i] < '0' || s[i] > '9')
            return -1;
        v = v * 10 + (s[i] - '0');
    }
    return s[4] ? -1 : v;
}

static int has_file(const struct mf_catalog *cat, const char *name)
{
    char path[4096];

    if (snprintf(path, sizeof path, "%s/%s", cat->dir, name) >=
        (int)sizeof path)
        return 0;
    return access(path, F_OK) == 0;
}

static int grow(void **items, int *cap, int n, size_t size)
{
    void *p;
    int nc;

    if (n < *cap)
        return MF_OK;
    nc = *cap ? *cap * 2 : 64;
    p = realloc(*items, (size_t)nc * size);
    if (!p)
        return MF_ENOMEM;
    *items = p;
    *cap = nc;
    return MF_OK;
}

static int load_current(struct mf_catalog *cat, struct mf_error *err)
{
    static const char *const req[] = {"number", "name",   "county_number",
                                      "county", "source", NULL};
    struct datafile t;
    int rc = datafile_open(&t, cat->dir, "municipalities.csv", req, &cat->arena,
                           err);
    int cap = 0, fail = 0;

    while (rc == MF_OK && (rc = datafile_next(&t, err)) == 1) {
        struct mf_municipality m;
        const char *num = datafile_val(&t, "number");
        int v = number_value(num);

        rc = MF_OK;
        if (v < 0) {
            rc = mf_error_at(err, MF_EINVAL, datafile_where(&t, "number"),
                             "'%s' is not a 4-digit kommunenummer", num);
            break;
        }
        if (cat->muni_index[v] >= 0) {
            rc = mf_error_at(err, MF_EINVAL, datafile_where(&t, "number"),
                             "municipality %s is listed twice", num);
            break;
        }
        if (strncmp(datafile_val(&t, "county_number"), num, 2) ||
            strlen(datafile_val(&t, "county_number")) != 2) {
            rc =
                mf_error_at(err, MF_EINVAL, datafile_where(&t, "county_number"),
                            "the county of %s is its first two digits, not "
                            "'%s'",
                            num, datafile_val(&t, "county_number"));
            break;
        }
        if (!*datafile_val(&t, "name") || !*datafile_val(&t, "source")) {
            rc =
                mf_error_at(err, MF_EINVAL, datafile_where(&t, "name"),
                            "municipality %s needs its name and a source", num);
            break;
        }
        m.number = datafile_keep(&t, "number", &fail);
        m.name = datafile_keep(&t, "name", &fail);
        m.county_number = datafile_keep(&t, "county_number", &fail);
        m.county = datafile_keep(&t, "county", &fail);
        if (fail || grow((void **)&cat->munis, &cap, cat->n_munis, sizeof m)) {
            rc = mf_error_set(err, MF_ENOMEM, "out of memory");
            break;
        }
        cat->muni_index[v] = (short)cat->n_munis;
        cat->munis[cat->n_munis++] = m;
    }
    datafile_close(&t);
    return rc < 0 ? rc : MF_OK;
}

/* Each number of a space-separated list is in force (current = 1) or in
 * force or retired (current = 0); "" is allowed. */
static int numbers_known(const struct mf_catalog *cat, const char *list,
                         int current)
{
    char one[8];
    const char *p = list;

    while (*p) {
        size_t n = strcspn(p, " ");
        int v;
        if (n != 4)
            return 0;
        memcpy(one, p, 4);
        one[4] = '\0';
        v = number_value(one);
        if (v < 0 || (cat->muni_index[v] < 0 &&
                      (current || cat->muni_change_index[v] < 0)))
            return 0;
        p += n;
        while (*p == ' ')
            p++;
    }
    return 1;
}

static int load_changes(struct mf_catalog *cat, struct mf_error *err)
{
    static const char *const req[] = {"number",  "name",   "years", "next",
                                      "current", "source", NULL};
    struct datafile t;
    int rc = datafile_open(&t, cat->dir, "municipality_changes.csv", req,
                           &cat->arena, err);
    int cap = 0, fail = 0, i;

    while (rc == MF_OK && (rc = datafile_next(&t, err)) == 1) {
        struct muni_change c;
        const char *num = datafile_val(&t, "number");
        const char *years = datafile_val(&t, "years");
        const char *dash = strrchr(years, '-');
        int v = number_value(num);

        rc = MF_OK;
        if (v < 0) {
            rc = mf_error_at(err, MF_EINVAL, datafile_where(&t, "number"),
                             "'%s' is not a 4-digit kommunenummer", num);
            break;
        }
        if (cat->muni_index[v] >= 0 || cat->muni_change_index[v] >= 0) {
            rc = mf_error_at(
                err, MF_EINVAL, datafile_where(&t, "number"), "%s is %s", num,
                cat->muni_index[v] >= 0 ? "in force (municipalities.csv)"
                                        : "listed twice");
            break;
        }
        if (!dash || strlen(dash + 1) != 4 ||
            strspn(dash + 1, "0123456789") != 4) {
            rc = mf_error_at(err, MF_EINVAL, datafile_where(&t, "years"),
                             "'%s' is not FROM-TO or -TO in years", years);
            break;
        }
        if (!*datafile_val(&t, "source")) {
            rc = mf_error_at(err, MF_EINVAL, datafile_where(&t, "source"),
                             "%s needs a source", num);
            break;
        }
        c.number = datafile_keep(&t, "number", &fail);
        c.name = datafile_keep(&t, "name", &fail);
        c.years = datafile_keep(&t, "years", &fail);
        c.next = datafile_keep(&t, "next", &fail);
        c.current = datafile_keep(&t, "current", &fail);
        c.until = (int)strtol(dash + 1, NULL, 10) + 1;
        if (fail || grow((void **)&cat->muni_changes, &cap, cat->n_muni_changes,
                         sizeof c)) {
            rc = mf_error_set(err, MF_ENOMEM, "out of memory");
            break;
        }
        cat->muni_change_index[v] = (short)cat->n_muni_changes;
        cat->muni_changes[cat->n_muni_changes++] = c;
    }
    datafile_close(&t);
    if (rc < 0)
        return rc;
    /* Every number a row points to is known: today's are in force. */
    for (i = 0; i < cat->n_muni_changes; i++) {
        const struct muni_change *c = &cat->muni_changes[i];
        if (!numbers_known(cat, c->current, 1) ||
            !numbers_known(cat, c->next, 0))
            return mf_error_at(err, MF_EINVAL, "municipality_changes.csv",
                               "%s: next '%s' or current '%s' names a number "
                               "that is not in municipalities.csv (current) "
                               "or in this file (next)",
                               c->number, c->next, c->current);
    }
    return MF_OK;
}

int catalog_load_municipalities(struct mf_catalog *cat, struct mf_error *err)
{
    int rc, i;

    if (!has_file(cat, "municipalities.csv"))
        return MF_OK;
    cat->muni_index = malloc(N_NUMBERS * sizeof *cat->muni_index);
    cat->muni_change_index = malloc(N_NUMBERS * sizeof *cat->muni_change_index);
    if (!cat->muni_index || !cat->muni_change_index)
        return mf_error_set(err, MF_ENOMEM, "out of memory");
    for (i = 0; i < N_NUMBERS; i++)
        cat->muni_index[i] = cat->muni_change_index[i] = -1;
    if ((rc = load_current(cat, err)))
        return rc;
    if (cat->n_munis == 0)
        return mf_error_at(err, MF_EINVAL, "municipalities.csv",
                           "no municipalities in it");
    if (has_file(cat, "municipality_changes.csv"))
        return load_changes(cat, err);
    return MF_OK;
}

void catalog_free_municipalities(struct mf_catalog *cat)
{
    free(cat->munis);
    free(cat->muni_changes);
    free(cat->muni_index);
    free(cat->muni_change_index);
    cat->munis = NULL;
    cat->muni_changes = NULL;
    cat->muni_index = cat->muni_change_index = NULL;
    cat->n_munis = cat->n_muni_changes = 0;
}

int mf_catalog_n_municipalities(const struct mf_catalog *cat)
{
    return cat->n_munis;
}

const struct mf_municipality *
mf_catalog_municipality(const struct mf_catalog *cat, int i)
{
    return i >= 0 && i < cat->n_munis ? &cat->munis[i] : NULL;
}

const struct mf_municipality *
mf_catalog_find_municipality(const struct mf_catalog *cat, const char *number)
{
    int v = number ? number_value(number) : -1;

    if (v < 0 || !cat->muni_index || cat->muni_index[v] < 0)
        return NULL;
    return &cat->munis[cat->muni_index[v]];
}

static const struct muni_change *find_change(const struct mf_catalog *cat,
                                             const char *number)
{
    int v = number_value(number);

    if (v < 0 || !cat->muni_change_index || cat->muni_change_index[v] < 0)
        return NULL;
    return &cat->muni_changes[cat->muni_change_index[v]];
}

/* Appends to buf (of len bytes, NUL-terminated). */
static void add(char *buf, size_t len, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void add(char *buf, size_t len, const char *fmt, ...)
{
    size_t n = strlen(buf);
    va_list ap;

    if (n + 1 >= len)
        return;
    va_start(ap, fmt);
    vsnprintf(buf + n, len - n, fmt, ap);
    va_end(ap);
}

/* "use 3301 Drammen" or "use 1508 Ålesund or 1580 Haram" for a
 * space-separated list of numbers in force. */
static void add_use(const struct mf_catalog *cat, const char *list, char *buf,
                    size_t len)
{
    const char *p = list;
    char one[8];
    int k = 0;

    add(buf, len, "use ");
    while (*p) {
        size_t n = strcspn(p, " ");
        const struct mf_municipality *m;
        snprintf(one, sizeof one, "%.*s", (int)(n < 4 ? n : 4), p);
        m = mf_catalog_find_municipality(cat, one);
        add(buf, len, "%s%s %s", k++ ? " or " : "", one, m ? m->name : "?");
        p += n;
        while (*p == ' ')
            p++;
    }
}

/* The story of a retired number and what to use instead. */
static void explain_change(const struct mf_catalog *cat,
                           const struct muni_change *c, char *buf, size_t len)
{
    const struct muni_change *next = NULL;

    add(buf, len, "%s was %s until %d", c->number, c->name, c->until);
    if (*c->next && strcmp(c->next, c->current) && !strchr(c->next, ' '))
        next = find_change(cat, c->next);
    if (next)
        add(buf, len, ", then %s until %d", next->number, next->until);
    if (!*c->current)
        add(buf, len,
            ", then split between municipalities: give today's number "
            "(data/municipalities.csv)");
    else if (strchr(c->current, ' ')) {
        add(buf, len, ", then split: ");
        add_use(cat, c->current, buf, len);
    } else {
        add(buf, len, "; ");
        add_use(cat, c->current, buf, len);
    }
}

int mf_municipality_check(const struct mf_catalog *cat, const char *number,
                          char *why, size_t len)
{
    size_t n = number ? strlen(number) : 0;
    const struct muni_change *c;
    char padded[8];

    if (len)
        why[0] = '\0';
    if (n == 4 && number_value(number) >= 0) {
        if (!cat->muni_index || mf_catalog_find_municipality(cat, number))
            return MF_OK;
        if ((c = find_change(cat, number)))
            explain_change(cat, c, why, len);
        else
            add(why, len,
                "%s is no municipality number in force "
                "(data/municipalities.csv, 2024)",
                number);
        return MF_EINVAL;
    }
    if (n >= 1 && n <= 3 && strspn(number, "0123456789") == n &&
        cat->muni_index) {
        snprintf(padded, sizeof padded, "%0*d%s", (int)(4 - n), 0, number);
        add(why, len,
            "%s has %zu digit%s, a kommunenummer 4 (a spreadsheet drops a "
            "leading zero)",
            number, n, n == 1 ? "" : "s");
        if (mf_catalog_find_municipality(cat, padded)) {
            add(why, len, ": ");
            add_use(cat, padded, why, len);
        } else if ((c = find_change(cat, padded))) {
            add(why, len, "; ");
            explain_change(cat, c, why, len);
        }
        return MF_EINVAL;
    }
    add(why, len, "'%s' is not a 4-digit kommunenummer", number ? number : "");
    return MF_EINVAL;
}
