/*
 * catalog_yields.c - processing yields (data/yields.csv: what one tonne of
 * an input material becomes at a plant) and quality limits by origin
 * (data/origin_limits.csv: uses that products made from a material may
 * not serve). Both files are optional: a data folder without them has no
 * yields (every plant turns a tonne in into a tonne of its product) and
 * no limits by origin.
 */
#include "catalog_int.h"
#include "format/datafile.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

struct row {
    int input;
    struct mf_yield y;
};

static int has_file(const struct mf_catalog *cat, const char *name)
{
    char path[4096];

    if (snprintf(path, sizeof path, "%s/%s", cat->dir, name) >=
        (int)sizeof path)
        return 0;
    return access(path, F_OK) == 0;
}

static int grow_rows(struct row **rows, int *cap, int n)
{
    struct row *p;
    int nc;

    if (n < *cap)
        return MF_OK;
    nc = *cap ? *cap * 2 : 16;
    p = realloc(*rows, (size_t)nc * sizeof *p);
    if (!p)
        return MF_ENOMEM;
    *rows = p;
    *cap = nc;
    return MF_OK;
}

static int by_input(const void *a, const void *b)
{
    const struct row *x = a, *y = b;

    if (x->input != y->input)
        return (x->input > y->input) - (x->input < y->input);
    return (x->y.product > y->y.product) - (x->y.product < y->y.product);
}

static int load_yields(struct mf_catalog *cat, struct mf_error *err)
{
    static const char *const req[] = {"input", "product", "share",
                                      "rest",  "source",  NULL};
    struct datafile t;
    struct row *rows = NULL;
    int n = 0, cap = 0, rc, i, fail = 0;
    double *sum = calloc((size_t)cat->n_materials + 1, sizeof *sum);

    cat->yield_first = calloc((size_t)cat->n_materials + 1, sizeof(int));
    cat->yield_n = calloc((size_t)cat->n_materials + 1, sizeof(int));
    if (!sum || !cat->yield_first || !cat->yield_n) {
        free(sum);
        return mf_error_set(err, MF_ENOMEM, "out of memory");
    }
    if (!has_file(cat, "yields.csv")) {
        free(sum);
        return MF_OK;
    }
    rc = datafile_open(&t, cat->dir, "yields.csv", req, &cat->arena, err);
    while (rc == MF_OK && (rc = datafile_next(&t, err)) == 1) {
        struct row r;
        double share;

        rc = MF_OK;
        memset(&r, 0, sizeof r);
        r.input = mf_catalog_find_material(cat, datafile_val(&t, "input"));
        r.y.product =
            mf_catalog_find_material(cat, datafile_val(&t, "product"));
        if (r.input < 0 || r.y.product < 0) {
            const char *col = r.input < 0 ? "input" : "product";
            rc = mf_error_at(err, MF_EINVAL, datafile_where(&t, col),
                             "unknown material '%s' (see materials.csv)",
                             datafile_val(&t, col));
            break;
        }
        if ((rc = datafile_num(&t, "share", NAN, &share, err)))
            break;
        if (!(share > 0 && share <= 1)) {
            rc = mf_error_at(err, MF_EINVAL, datafile_where(&t, "share"),
                             "a share is a fraction of one tonne of input, "
                             "above 0 and at most 1");
            break;
        }
        if ((rc = datafile_flag(&t, "rest", &r.y.rest, err)))
            break;
        if (!*datafile_val(&t, "source")) {
            rc = mf_error_at(err, MF_EINVAL, datafile_where(&t, "source"),
                             "a yield needs its source (URL, title, year) "
                             "or \"estimate\" with its reasoning");
            break;
        }
        r.y.share = share;
        r.y.source = datafile_keep(&t, "source", &fail);
        if (fail || grow_rows(&rows, &cap, n)) {
            rc = mf_error_set(err, MF_ENOMEM, "out of memory");
            break;
        }
        for (i = 0; i < n; i++)
            if (rows[i].input == r.input && rows[i].y.product == r.y.product)
                break;
        if (i < n) {
            rc = mf_error_at(err, MF_EINVAL, datafile_where(&t, "product"),
                             "input '%s' already has a share of '%s'",
                             datafile_val(&t, "input"),
                             datafile_val(&t, "product"));
            break;
        }
        sum[r.input] += share;
        rows[n++] = r;
    }
    datafile_close(&t);
    /* The shares of an input must add up to one tonne: mass neither
     * vanishes nor appears at a plant. */
    for (i = 0; rc >= 0 && i < cat->n_materials; i++)
        if (sum[i] > 0 && fabs(sum[i] - 1) > 1e-9)
            rc = mf_error_at(err, MF_EINVAL, "yields.csv",
                             "the shares of input '%s' add up to %g, not 1: "
                             "every tonne in must come out as some product "
                             "or rest fraction",
                             cat->materials[i].code, sum[i]);
    free(sum);
    if (rc < 0) {
        free(rows);
        return rc;
    }
    /* A yields file with no rows leaves rows NULL, which qsort must not
     * be given. */
    if (n > 0)
        qsort(rows, (size_t)n, sizeof *rows, by_input);
    cat->yields = malloc(((size_t)n + 1) * sizeof *cat->yields);
    if (!cat->yields) {
        free(rows);
        return mf_error_set(err, MF_ENOMEM, "out of memory");
    }
    for (i = 0; i < n; i++) {
        if (cat->yield_n[rows[i].input] == 0)
            cat->yield_first[rows[i].input] = i;
        cat->yield_n[rows[i].input]++;
        cat->yields[i] = rows[i].y;
    }
    free(rows);
    return MF_OK;
}

static int load_origin_limits(struct mf_catalog *cat, struct mf_error *err)
{
    static const char *const req[] = {"origin", "use", "source", NULL};
    struct datafile t;
    int rc;

    cat->origin_block = calloc(
        (size_t)cat->n_materials * (size_t)cat->n_uses + 1, sizeof(char));
    if (!cat->origin_block)
        return mf_error_set(err, MF_ENOMEM, "out of memory");
    if (!has_file(cat, "origin_limits.csv"))
        return MF_OK;
    rc =
        datafile_open(&t, cat->dir, "origin_limits.csv", req, &cat->arena, err);
    while (rc == MF_OK && (rc = datafile_next(&t, err)) == 1) {
        int m = mf_catalog_find_material(cat, datafile_val(&t, "origin"));
        int u = mf_catalog_find_use(cat, datafile_val(&t, "use"));

        rc = MF_OK;
        if (m < 0) {
            rc = mf_error_at(err, MF_EINVAL, datafile_where(&t, "origin"),
                             "unknown material '%s' (see materials.csv)",
                             datafile_val(&t, "origin"));
            break;
        }
        if (u < 0) {
            rc = mf_error_at(err, MF_EINVAL, datafile_where(&t, "use"),
                             "unknown use class '%s' (see uses.csv)",
                             datafile_val(&t, "use"));
            break;
        }
        if (!*datafile_val(&t, "source")) {
            rc = mf_error_at(err, MF_EINVAL, datafile_where(&t, "source"),
                             "a limit needs its source (URL, title, year) "
                             "or \"estimate\" with its reasoning");
            break;
        }
        cat->origin_block[m * cat->n_uses + u] = 1;
    }
    datafile_close(&t);
    return rc < 0 ? rc : MF_OK;
}

int catalog_load_yields(struct mf_catalog *cat, struct mf_error *err)
{
    int rc = load_yields(cat, err);

    return rc ? rc : load_origin_limits(cat, err);
}

void catalog_free_yields(struct mf_catalog *cat)
{
    free(cat->yields);
    free(cat->yield_first);
    free(cat->yield_n);
    free(cat->origin_block);
}

int mf_catalog_yields(const struct mf_catalog *cat, int input,
                      const struct mf_yield **out)
{
    *out = NULL;
    if (!cat->yield_n || input < 0 || input >= cat->n_materials ||
        cat->yield_n[input] == 0)
        return 0;
    *out = &cat->yields[cat->yield_first[input]];
    return cat->yield_n[input];
}

int mf_catalog_origin_allows(const struct mf_catalog *cat, int origin, int use)
{
    if (!cat->origin_block || origin < 0 || origin >= cat->n_materials ||
        use < 0 || use >= cat->n_uses)
        return 1;
    return !cat->origin_block[origin * cat->n_uses + use];
}

int mf_catalog_origin_limited(const struct mf_catalog *cat, int origin)
{
    int u;

    for (u = 0; u < cat->n_uses; u++)
        if (!mf_catalog_origin_allows(cat, origin, u))
            return 1;
    return 0;
}
