/*
 * catalog.c - loads the catalogue from the data folder: materials.csv,
 * uses.csv, compat.csv, rules.csv and geo/norway-area.geojson.
 *
 * These are files people edit, so each is read through the same record
 * reader as user imports, and every problem names file, line and column.
 */
#include "catalog_int.h"

#include "io/records.h"
#include "util/strmap.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *mf_data_dir_default(void)
{
    const char *env = getenv("MASSEFLYT_DATA");

    if (env && *env)
        return env;
    return MF_DATA_DIR_DEFAULT;
}

/* ------------------------------------------------------------------ */
/* Reading a table                                                      */
/* ------------------------------------------------------------------ */

struct table_reader {
    struct rec_reader *r;
    struct mf_catalog *cat;
    char where[200];
};

static int open_table(struct table_reader *t, struct mf_catalog *cat,
                      const char *name, const char *const *required,
                      struct mf_error *err)
{
    char path[1024];
    struct rec_opts opts = REC_OPTS_INIT;
    int rc;
    size_t i;

    t->cat = cat;
    snprintf(path, sizeof path, "%s/%s", cat->dir, name);
    opts.encoding = REC_ENC_UTF8;
    rc = rec_open_file(&t->r, path, &opts, err);
    if (rc)
        return rc;
    for (i = 0; required[i]; i++)
        if (rec_column(t->r, required[i]) < 0)
            return mf_error_at(err, MF_EINVAL, path,
                               "the header lacks the column '%s'",
                               required[i]);
    return MF_OK;
}

/* The value of a column, or "" when the record lacks it. */
static const char *val(struct table_reader *t, const char *col)
{
    int i = rec_column(t->r, col);
    const char *v = i < 0 ? NULL : rec_value(t->r, i);

    return v ? v : "";
}

static const char *where(struct table_reader *t, const char *col)
{
    snprintf(t->where, sizeof t->where, "%s: %s", rec_where(t->r), col);
    return t->where;
}

static char *keep(struct table_reader *t, const char *s, int *fail)
{
    char *p = arena_strdup(&t->cat->arena, s);

    if (!p)
        *fail = 1;
    return p;
}

/* Reads a number column; empty gives def. */
static int num(struct table_reader *t, const char *col, double def,
               double *out, struct mf_error *err)
{
    const char *v = val(t, col);
    int rc;

    if (!*v) {
        *out = def;
        return MF_OK;
    }
    rc = rec_parse_number(v, out, err);
    if (rc)
        return mf_error_at(err, rc, where(t, col), "%s", err->message);
    return MF_OK;
}

static int flag(struct table_reader *t, const char *col, int *out,
                struct mf_error *err)
{
    const char *v = val(t, col);

    if (!*v || !strcmp(v, "0")) {
        *out = 0;
        return MF_OK;
    }
    if (!strcmp(v, "1")) {
        *out = 1;
        return MF_OK;
    }
    return mf_error_at(err, MF_EINVAL, where(t, col),
                       "'%s' must be 0 or 1", v);
}

static int grow(void **items, int *cap, int n, size_t size)
{
    if (n < *cap)
        return MF_OK;
    {
        int nc = *cap ? *cap * 2 : 32;
        void *p = realloc(*items, (size_t)nc * size);
        if (!p)
            return MF_ENOMEM;
        *items = p;
        *cap = nc;
    }
    return MF_OK;
}

/* ------------------------------------------------------------------ */
/* The files                                                            */
/* ------------------------------------------------------------------ */

static int load_materials(struct mf_catalog *cat, struct mf_error *err)
{
    static const char *const req[] = {
        "code",         "name_no",        "name_en",
        "category",     "density_pfm3",   "bulking_loose",
        "bulking_placed", "acid_forming", "topsoil",
        "estimate",     "source",         NULL};
    struct table_reader t = {0};
    int rc = open_table(&t, cat, "materials.csv", req, err);
    int cap = 0, fail = 0;

    while (rc == MF_OK && (rc = rec_next(t.r, err)) == 1) {
        struct mf_material m;
        double pfm, bl, bp, lp, pp;

        memset(&m, 0, sizeof m);
        rc = MF_OK;
        if (!*val(&t, "code")) {
            rc = mf_error_at(err, MF_EINVAL, where(&t, "code"),
                             "a material needs a code");
            break;
        }
        if (mf_catalog_find_material(cat, val(&t, "code")) >= 0) {
            rc = mf_error_at(err, MF_EINVAL, where(&t, "code"),
                             "material '%s' is listed twice",
                             val(&t, "code"));
            break;
        }
        if ((rc = num(&t, "density_pfm3", 0, &pfm, err)) ||
            (rc = num(&t, "bulking_loose", 0, &bl, err)) ||
            (rc = num(&t, "bulking_placed", 0, &bp, err)) ||
            (rc = num(&t, "density_loose_product", 0, &lp, err)) ||
            (rc = num(&t, "density_placed_product", 0, &pp, err)) ||
            (rc = flag(&t, "acid_forming", &m.acid_forming, err)) ||
            (rc = flag(&t, "topsoil", &m.topsoil, err)) ||
            (rc = flag(&t, "estimate", &m.estimate, err)))
            break;
        if (pfm < 0 || bl < 0 || bp < 0 || lp < 0 || pp < 0) {
            rc = mf_error_at(err, MF_EINVAL, where(&t, "density_pfm3"),
                             "densities and bulking factors must not be "
                             "negative");
            break;
        }
        /* In-situ density and bulking factors give the other states
         * (volume loose = volume in situ x bulking, same tonnes); a
         * product without an in-situ state gives its densities directly. */
        m.density[MF_STATE_T] = 1;
        m.density[MF_STATE_PFM3] = pfm;
        m.density[MF_STATE_ULM3] = pfm > 0 && bl > 0 ? pfm / bl : lp;
        m.density[MF_STATE_PAM3] = pfm > 0 && bp > 0 ? pfm / bp : pp;
        m.code = keep(&t, val(&t, "code"), &fail);
        m.name_no = keep(&t, val(&t, "name_no"), &fail);
        m.name_en = keep(&t, val(&t, "name_en"), &fail);
        m.category = keep(&t, val(&t, "category"), &fail);
        m.ngu_codes = keep(&t, val(&t, "ngu_codes"), &fail);
        m.source = keep(&t, val(&t, "source"), &fail);
        if (fail ||
            grow((void **)&cat->materials, &cap, cat->n_materials,
                 sizeof m) ||
            strmap_put(&cat->material_index, m.code, cat->n_materials)) {
            rc = mf_error_set(err, MF_ENOMEM, "out of memory");
            break;
        }
        cat->materials[cat->n_materials++] = m;
    }
    rec_close(t.r);
    return rc < 0 ? rc : MF_OK;
}

static int load_uses(struct mf_catalog *cat, struct mf_error *err)
{
    static const char *const req[] = {"code",     "name_no",     "name_en",
                                      "farmland", "topsoil_use", "recovery",
                                      "sea",      "source",      NULL};
    struct table_reader t = {0};
    int rc = open_table(&t, cat, "uses.csv", req, err);
    int cap = 0, fail = 0;

    while (rc == MF_OK && (rc = rec_next(t.r, err)) == 1) {
        struct mf_use u;

        memset(&u, 0, sizeof u);
        rc = MF_OK;
        if (!*val(&t, "code") ||
            mf_catalog_find_use(cat, val(&t, "code")) >= 0) {
            rc = mf_error_at(err, MF_EINVAL, where(&t, "code"),
                             "a use class needs a code of its own");
            break;
        }
        if ((rc = flag(&t, "farmland", &u.farmland, err)) ||
            (rc = flag(&t, "topsoil_use", &u.topsoil_use, err)) ||
            (rc = flag(&t, "recovery", &u.recovery, err)) ||
            (rc = flag(&t, "sea", &u.sea, err)))
            break;
        u.code = keep(&t, val(&t, "code"), &fail);
        u.name_no = keep(&t, val(&t, "name_no"), &fail);
        u.name_en = keep(&t, val(&t, "name_en"), &fail);
        u.source = keep(&t, val(&t, "source"), &fail);
        if (fail ||
            grow((void **)&cat->uses, &cap, cat->n_uses, sizeof u) ||
            strmap_put(&cat->use_index, u.code, cat->n_uses)) {
            rc = mf_error_set(err, MF_ENOMEM, "out of memory");
            break;
        }
        cat->uses[cat->n_uses++] = u;
    }
    rec_close(t.r);
    return rc < 0 ? rc : MF_OK;
}

static int load_compat(struct mf_catalog *cat, struct mf_error *err)
{
    static const char *const req[] = {"material", "use", "rank", NULL};
    struct table_reader t = {0};
    int rc;

    cat->compat = calloc((size_t)cat->n_materials * (size_t)cat->n_uses + 1,
                         sizeof *cat->compat);
    if (!cat->compat)
        return mf_error_set(err, MF_ENOMEM, "out of memory");
    rc = open_table(&t, cat, "compat.csv", req, err);
    while (rc == MF_OK && (rc = rec_next(t.r, err)) == 1) {
        int m = mf_catalog_find_material(cat, val(&t, "material"));
        int u = mf_catalog_find_use(cat, val(&t, "use"));
        double rank;

        rc = MF_OK;
        if (m < 0) {
            rc = mf_error_at(err, MF_EINVAL, where(&t, "material"),
                             "unknown material '%s' (see materials.csv)",
                             val(&t, "material"));
            break;
        }
        if (u < 0) {
            rc = mf_error_at(err, MF_EINVAL, where(&t, "use"),
                             "unknown use class '%s' (see uses.csv)",
                             val(&t, "use"));
            break;
        }
        if ((rc = num(&t, "rank", 0, &rank, err)))
            break;
        if (rank < 1 || rank > 9 || rank != (int)rank) {
            rc = mf_error_at(err, MF_EINVAL, where(&t, "rank"),
                             "a rank must be a whole number from 1 to 9");
            break;
        }
        cat->compat[m * cat->n_uses + u] = (unsigned char)rank;
    }
    rec_close(t.r);
    return rc < 0 ? rc : MF_OK;
}

static int date_or_none(struct table_reader *t, const char *col,
                        int32_t *out, struct mf_error *err)
{
    const char *v = val(t, col);

    *out = MF_DATE_NONE;
    if (!*v)
        return MF_OK;
    if (mf_date_parse(v, out, err))
        return mf_error_at(err, MF_EINVAL, where(t, col), "%s",
                           err->message);
    return MF_OK;
}

static int load_rules(struct mf_catalog *cat, struct mf_error *err)
{
    static const char *const req[] = {
        "id",       "check",  "severity",   "param",      "valid_from",
        "valid_to", "source", "message_en", "message_no", NULL};
    struct table_reader t = {0};
    int rc = open_table(&t, cat, "rules.csv", req, err);
    int cap = 0, fail = 0;

    while (rc == MF_OK && (rc = rec_next(t.r, err)) == 1) {
        struct mf_rule r;
        const char *sev = val(&t, "severity");

        memset(&r, 0, sizeof r);
        rc = MF_OK;
        if (!*val(&t, "id")) {
            rc = mf_error_at(err, MF_EINVAL, where(&t, "id"),
                             "a rule needs an id");
            break;
        }
        if (!validate_check_known(val(&t, "check"))) {
            rc = mf_error_at(err, MF_EINVAL, where(&t, "check"),
                             "unknown check '%s' (docs/RULES.md lists the "
                             "checks)",
                             val(&t, "check"));
            break;
        }
        if (!strcmp(sev, "error"))
            r.severity = MF_SEV_ERROR;
        else if (!strcmp(sev, "refuse"))
            r.severity = MF_SEV_REFUSE;
        else if (!strcmp(sev, "flag"))
            r.severity = MF_SEV_FLAG;
        else {
            rc = mf_error_at(err, MF_EINVAL, where(&t, "severity"),
                             "severity must be error, refuse or flag");
            break;
        }
        if ((rc = date_or_none(&t, "valid_from", &r.valid_from, err)) ||
            (rc = date_or_none(&t, "valid_to", &r.valid_to, err)))
            break;
        if (r.valid_from != MF_DATE_NONE && r.valid_to != MF_DATE_NONE &&
            r.valid_to < r.valid_from) {
            rc = mf_error_at(err, MF_EINVAL, where(&t, "valid_to"),
                             "a rule cannot end before it starts");
            break;
        }
        r.id = keep(&t, val(&t, "id"), &fail);
        r.check = keep(&t, val(&t, "check"), &fail);
        r.param = keep(&t, val(&t, "param"), &fail);
        r.source = keep(&t, val(&t, "source"), &fail);
        r.message_en = keep(&t, val(&t, "message_en"), &fail);
        r.message_no = keep(&t, val(&t, "message_no"), &fail);
        if (fail ||
            grow((void **)&cat->rules, &cap, cat->n_rules, sizeof r)) {
            rc = mf_error_set(err, MF_ENOMEM, "out of memory");
            break;
        }
        cat->rules[cat->n_rules++] = r;
    }
    rec_close(t.r);
    return rc < 0 ? rc : MF_OK;
}

int mf_catalog_load(struct mf_catalog **out, const char *data_dir,
                    struct mf_error *err)
{
    struct mf_catalog *cat = calloc(1, sizeof *cat);
    char path[1024];
    int rc;

    *out = NULL;
    if (!cat)
        return mf_error_set(err, MF_ENOMEM, "out of memory");
    arena_init(&cat->arena, 64 * 1024);
    strmap_init(&cat->material_index);
    strmap_init(&cat->use_index);
    cat->dir = arena_strdup(&cat->arena,
                            data_dir ? data_dir : mf_data_dir_default());
    if (!cat->dir) {
        rc = mf_error_set(err, MF_ENOMEM, "out of memory");
        goto fail;
    }
    if ((rc = load_materials(cat, err)) || (rc = load_uses(cat, err)) ||
        (rc = load_compat(cat, err)) || (rc = load_rules(cat, err)))
        goto fail;
    snprintf(path, sizeof path, "%s/geo/norway-area.geojson", cat->dir);
    if ((rc = area_load(&cat->norway, path, err)))
        goto fail;
    *out = cat;
    return MF_OK;
fail:
    mf_catalog_free(cat);
    return rc;
}

void mf_catalog_free(struct mf_catalog *cat)
{
    if (!cat)
        return;
    area_free(cat->norway);
    free(cat->materials);
    free(cat->uses);
    free(cat->compat);
    free(cat->rules);
    strmap_free(&cat->material_index);
    strmap_free(&cat->use_index);
    arena_free(&cat->arena);
    free(cat);
}

const char *mf_catalog_dir(const struct mf_catalog *cat)
{
    return cat->dir;
}

int mf_catalog_n_materials(const struct mf_catalog *cat)
{
    return cat->n_materials;
}

const struct mf_material *mf_catalog_material(const struct mf_catalog *cat,
                                              int i)
{
    return i >= 0 && i < cat->n_materials ? &cat->materials[i] : NULL;
}

int mf_catalog_find_material(const struct mf_catalog *cat, const char *code)
{
    return code ? strmap_get(&cat->material_index, code) : -1;
}

int mf_catalog_n_uses(const struct mf_catalog *cat)
{
    return cat->n_uses;
}

const struct mf_use *mf_catalog_use(const struct mf_catalog *cat, int i)
{
    return i >= 0 && i < cat->n_uses ? &cat->uses[i] : NULL;
}

int mf_catalog_find_use(const struct mf_catalog *cat, const char *code)
{
    return code ? strmap_get(&cat->use_index, code) : -1;
}

int mf_catalog_compat(const struct mf_catalog *cat, int material, int use)
{
    if (material < 0 || material >= cat->n_materials || use < 0 ||
        use >= cat->n_uses)
        return 0;
    return cat->compat[material * cat->n_uses + use];
}

int mf_catalog_n_rules(const struct mf_catalog *cat)
{
    return cat->n_rules;
}

const struct mf_rule *mf_catalog_rule(const struct mf_catalog *cat, int i)
{
    return i >= 0 && i < cat->n_rules ? &cat->rules[i] : NULL;
}

int mf_inside_norway(const struct mf_catalog *cat, double lon, double lat)
{
    return area_contains(cat->norway, lon, lat);
}
