/*
 * catalog.c - loads the catalogue from the data folder: materials.csv,
 * uses.csv, compat.csv, rules.csv, limits.csv and geo/norway-area.geojson.
 *
 * These are files people edit, so each is read through the same record
 * reader as user imports, and every problem names file, line and column.
 */
#include "catalog_int.h"

#include "format/datafile.h"
#include "util/strmap.h"
#include "util/vec.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *mf_data_dir_default(void)
{
    /* The environment is the caller's to read (src/app/config.c): the
     * library answers with the folder it was built with, nothing else. */
    return MF_DATA_DIR_DEFAULT;
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
        "code",         "name_no",       "name_en",        "category",
        "density_pfm3", "bulking_loose", "bulking_placed", "acid_forming",
        "topsoil",      "estimate",      "source",         NULL};
    struct datafile t;
    int rc =
        datafile_open(&t, cat->dir, "materials.csv", req, &cat->arena, err);
    int cap = 0, fail = 0;

    while (rc == MF_OK && (rc = datafile_next(&t, err)) == 1) {
        struct mf_material m;
        double pfm, bl, bp, lp, pp;

        memset(&m, 0, sizeof m);
        rc = MF_OK;
        if (!*datafile_val(&t, "code")) {
            rc = mf_error_at(err, MF_EINVAL, datafile_where(&t, "code"),
                             "a material needs a code");
            break;
        }
        if (mf_catalog_find_material(cat, datafile_val(&t, "code")) >= 0) {
            rc = mf_error_at(err, MF_EINVAL, datafile_where(&t, "code"),
                             "material '%s' is listed twice",
                             datafile_val(&t, "code"));
            break;
        }
        if ((rc = datafile_num(&t, "density_pfm3", 0, &pfm, err)) ||
            (rc = datafile_num(&t, "bulking_loose", 0, &bl, err)) ||
            (rc = datafile_num(&t, "bulking_placed", 0, &bp, err)) ||
            (rc = datafile_num(&t, "density_loose_product", 0, &lp, err)) ||
            (rc = datafile_num(&t, "density_placed_product", 0, &pp, err)) ||
            (rc = datafile_flag(&t, "acid_forming", &m.acid_forming, err)) ||
            (rc = datafile_flag(&t, "topsoil", &m.topsoil, err)) ||
            (rc = datafile_flag(&t, "estimate", &m.estimate, err)))
            break;
        if (pfm < 0 || bl < 0 || bp < 0 || lp < 0 || pp < 0) {
            rc = mf_error_at(err, MF_EINVAL, datafile_where(&t, "density_pfm3"),
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
        m.code = datafile_keep(&t, "code", &fail);
        m.name_no = datafile_keep(&t, "name_no", &fail);
        m.name_en = datafile_keep(&t, "name_en", &fail);
        m.category = datafile_keep(&t, "category", &fail);
        m.ngu_codes = datafile_keep(&t, "ngu_codes", &fail);
        m.source = datafile_keep(&t, "source", &fail);
        if (fail ||
            grow((void **)&cat->materials, &cap, cat->n_materials, sizeof m) ||
            strmap_put(&cat->material_index, m.code, cat->n_materials)) {
            rc = mf_error_set(err, MF_ENOMEM, "out of memory");
            break;
        }
        cat->materials[cat->n_materials++] = m;
    }
    datafile_close(&t);
    return rc < 0 ? rc : MF_OK;
}

static int load_uses(struct mf_catalog *cat, struct mf_error *err)
{
    static const char *const req[] = {"code",     "name_no",     "name_en",
                                      "farmland", "topsoil_use", "recovery",
                                      "sea",      "source",      NULL};
    struct datafile t;
    int rc = datafile_open(&t, cat->dir, "uses.csv", req, &cat->arena, err);
    int cap = 0, fail = 0;

    while (rc == MF_OK && (rc = datafile_next(&t, err)) == 1) {
        struct mf_use u;

        memset(&u, 0, sizeof u);
        rc = MF_OK;
        if (!*datafile_val(&t, "code") ||
            mf_catalog_find_use(cat, datafile_val(&t, "code")) >= 0) {
            rc = mf_error_at(err, MF_EINVAL, datafile_where(&t, "code"),
                             "a use class needs a code of its own");
            break;
        }
        if ((rc = datafile_flag(&t, "farmland", &u.farmland, err)) ||
            (rc = datafile_flag(&t, "topsoil_use", &u.topsoil_use, err)) ||
            (rc = datafile_flag(&t, "recovery", &u.recovery, err)) ||
            (rc = datafile_flag(&t, "sea", &u.sea, err)))
            break;
        u.code = datafile_keep(&t, "code", &fail);
        u.name_no = datafile_keep(&t, "name_no", &fail);
        u.name_en = datafile_keep(&t, "name_en", &fail);
        u.source = datafile_keep(&t, "source", &fail);
        if (fail || grow((void **)&cat->uses, &cap, cat->n_uses, sizeof u) ||
            strmap_put(&cat->use_index, u.code, cat->n_uses)) {
            rc = mf_error_set(err, MF_ENOMEM, "out of memory");
            break;
        }
        cat->uses[cat->n_uses++] = u;
    }
    datafile_close(&t);
    return rc < 0 ? rc : MF_OK;
}

static int load_compat(struct mf_catalog *cat, struct mf_error *err)
{
    static const char *const req[] = {"material", "use", "rank", NULL};
    struct datafile t;
    int rc;

    cat->compat = calloc((size_t)cat->n_materials * (size_t)cat->n_uses + 1,
                         sizeof *cat->compat);
    if (!cat->compat)
        return mf_error_set(err, MF_ENOMEM, "out of memory");
    rc = datafile_open(&t, cat->dir, "compat.csv", req, &cat->arena, err);
    while (rc == MF_OK && (rc = datafile_next(&t, err)) == 1) {
        int m = mf_catalog_find_material(cat, datafile_val(&t, "material"));
        int u = mf_catalog_find_use(cat, datafile_val(&t, "use"));
        double rank;

        rc = MF_OK;
        if (m < 0) {
            rc = mf_error_at(err, MF_EINVAL, datafile_where(&t, "material"),
                             "unknown material '%s' (see materials.csv)",
                             datafile_val(&t, "material"));
            break;
        }
        if (u < 0) {
            rc = mf_error_at(err, MF_EINVAL, datafile_where(&t, "use"),
                             "unknown use class '%s' (see uses.csv)",
                             datafile_val(&t, "use"));
            break;
        }
        if ((rc = datafile_num(&t, "rank", 0, &rank, err)))
            break;
        if (rank < 1 || rank > 9 || rank != (int)rank) {
            rc = mf_error_at(err, MF_EINVAL, datafile_where(&t, "rank"),
                             "a rank must be a whole number from 1 to 9");
            break;
        }
        cat->compat[m * cat->n_uses + u] = (unsigned char)rank;
    }
    datafile_close(&t);
    return rc < 0 ? rc : MF_OK;
}

static int load_rules(struct mf_catalog *cat, struct mf_error *err)
{
    static const char *const req[] = {
        "id",       "check",  "severity",   "param",      "valid_from",
        "valid_to", "source", "message_en", "message_no", NULL};
    struct datafile t;
    int rc = datafile_open(&t, cat->dir, "rules.csv", req, &cat->arena, err);
    int cap = 0, fail = 0;

    while (rc == MF_OK && (rc = datafile_next(&t, err)) == 1) {
        struct mf_rule r;
        const char *sev = datafile_val(&t, "severity");

        memset(&r, 0, sizeof r);
        rc = MF_OK;
        if (!*datafile_val(&t, "id")) {
            rc = mf_error_at(err, MF_EINVAL, datafile_where(&t, "id"),
                             "a rule needs an id");
            break;
        }
        if (validate_check_index(datafile_val(&t, "check")) < 0) {
            rc = mf_error_at(err, MF_EINVAL, datafile_where(&t, "check"),
                             "unknown check '%s' (docs/RULES.md lists the "
                             "checks)",
                             datafile_val(&t, "check"));
            break;
        }
        if (!strcmp(sev, "error"))
            r.severity = MF_SEV_ERROR;
        else if (!strcmp(sev, "refuse"))
            r.severity = MF_SEV_REFUSE;
        else if (!strcmp(sev, "flag"))
            r.severity = MF_SEV_FLAG;
        else {
            rc = mf_error_at(err, MF_EINVAL, datafile_where(&t, "severity"),
                             "severity must be error, refuse or flag");
            break;
        }
        if ((rc = datafile_date(&t, "valid_from", &r.valid_from, err)) ||
            (rc = datafile_date(&t, "valid_to", &r.valid_to, err)))
            break;
        if (r.valid_from != MF_DATE_NONE && r.valid_to != MF_DATE_NONE &&
            r.valid_to < r.valid_from) {
            rc = mf_error_at(err, MF_EINVAL, datafile_where(&t, "valid_to"),
                             "a rule cannot end before it starts");
            break;
        }
        r.id = datafile_keep(&t, "id", &fail);
        r.check = datafile_keep(&t, "check", &fail);
        r.param = datafile_keep(&t, "param", &fail);
        r.source = datafile_keep(&t, "source", &fail);
        r.message_en = datafile_keep(&t, "message_en", &fail);
        r.message_no = datafile_keep(&t, "message_no", &fail);
        if (fail || grow((void **)&cat->rules, &cap, cat->n_rules, sizeof r)) {
            rc = mf_error_set(err, MF_ENOMEM, "out of memory");
            break;
        }
        {
            int *p =
                realloc(cat->rule_check, (size_t)cap * sizeof *cat->rule_check);
            if (!p) {
                rc = mf_error_set(err, MF_ENOMEM, "out of memory");
                break;
            }
            cat->rule_check = p;
        }
        cat->rule_check[cat->n_rules] = validate_check_index(r.check);
        cat->rules[cat->n_rules++] = r;
    }
    datafile_close(&t);
    return rc < 0 ? rc : MF_OK;
}

static int load_limits(struct mf_catalog *cat, struct mf_error *err)
{
    static const char *const req[] = {
        "key", "unit", "soft_max", "hard_max", "estimate", "source", NULL};
    struct datafile t;
    int rc = datafile_open(&t, cat->dir, "limits.csv", req, &cat->arena, err);
    int cap = 0, fail = 0, i;

    for (i = 0; i < CATALOG_MAX_LIMITED; i++)
        cat->limit_of[i] = -1;
    while (rc == MF_OK && (rc = datafile_next(&t, err)) == 1) {
        struct limit l;
        int field = validate_limit_known(datafile_val(&t, "key"));

        memset(&l, 0, sizeof l);
        rc = MF_OK;
        if (field < 0) {
            rc = mf_error_at(err, MF_EINVAL, datafile_where(&t, "key"),
                             "unknown limit '%s' (docs/RULES.md lists them)",
                             datafile_val(&t, "key"));
            break;
        }
        if (catalog_limit(cat, datafile_val(&t, "key"))) {
            rc = mf_error_at(err, MF_EINVAL, datafile_where(&t, "key"),
                             "limit '%s' is listed twice",
                             datafile_val(&t, "key"));
            break;
        }
        if ((rc = datafile_num(&t, "hard_min", -HUGE_VAL, &l.hard_min, err)) ||
            (rc = datafile_num(&t, "soft_max", 0, &l.soft_max, err)) ||
            (rc = datafile_num(&t, "hard_max", 0, &l.hard_max, err)) ||
            (rc = datafile_flag(&t, "estimate", &l.estimate, err)))
            break;
        if (!(l.soft_max > 0) || !(l.hard_max >= l.soft_max) ||
            !isfinite(l.hard_max)) {
            rc = mf_error_at(err, MF_EINVAL, datafile_where(&t, "hard_max"),
                             "a limit needs 0 < soft_max <= hard_max");
            break;
        }
        l.key = datafile_keep(&t, "key", &fail);
        l.unit = datafile_keep(&t, "unit", &fail);
        l.source = datafile_keep(&t, "source", &fail);
        if (fail || vec_reserve(cat->limits, cap, (size_t)cat->n_limits + 1)) {
            rc = mf_error_set(err, MF_ENOMEM, "out of memory");
            break;
        }
        if (field < CATALOG_MAX_LIMITED)
            cat->limit_of[field] = cat->n_limits;
        cat->limits[cat->n_limits++] = l;
    }
    datafile_close(&t);
    return rc < 0 ? rc : MF_OK;
}

const struct limit *catalog_limit(const struct mf_catalog *cat, const char *key)
{
    int i;

    for (i = 0; i < cat->n_limits; i++)
        if (!strcmp(cat->limits[i].key, key))
            return &cat->limits[i];
    return NULL;
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
    cat->today = MF_DATE_NONE;
    strmap_init(&cat->material_index);
    strmap_init(&cat->use_index);
    cat->dir =
        arena_strdup(&cat->arena, data_dir ? data_dir : mf_data_dir_default());
    if (!cat->dir) {
        rc = mf_error_set(err, MF_ENOMEM, "out of memory");
        goto fail;
    }
    if ((rc = load_materials(cat, err)) || (rc = load_uses(cat, err)) ||
        (rc = load_compat(cat, err)) || (rc = load_rules(cat, err)) ||
        (rc = load_limits(cat, err)) || (rc = catalog_load_aliases(cat, err)) ||
        (rc = catalog_load_yields(cat, err)) ||
        (rc = catalog_load_municipalities(cat, err)))
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
    free(cat->rule_check);
    free(cat->limits);
    catalog_free_aliases(cat);
    catalog_free_yields(cat);
    catalog_free_municipalities(cat);
    strmap_free(&cat->material_index);
    strmap_free(&cat->use_index);
    arena_free(&cat->arena);
    free(cat);
}

const char *mf_catalog_dir(const struct mf_catalog *cat)
{
    return cat->dir;
}

void mf_catalog_set_today(struct mf_catalog *cat, int32_t today)
{
    cat->today = today;
}

int32_t mf_catalog_today(const struct mf_catalog *cat)
{
    return cat->today != MF_DATE_NONE ? cat->today : mf_date_today();
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
