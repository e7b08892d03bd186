/*
 * factors.c - the impact factors from data/trucks.csv, fuels.csv and
 * factors.csv, fleets, and the haul model.
 *
 * Haul model, per tonne hauled d road km one way with the return empty:
 *   load    = min(payload, body volume x loose density of the material)
 *   trips   = 1 / load
 *   hours   = trips x (2 d / speed + loading minutes / 60)
 *   energy  = trips x d x (use loaded + use empty)
 *   cost    = hours x hourly rate + energy x fuel price
 *   CO2e    = energy x CO2e per unit of fuel (tank- or well-to-wheel)
 * and a fleet is the share-weighted sum over its truck classes.
 *
 * The rows of factors.csv whose key is a setting (settings.c) are checked
 * against the setting's type as the file is read; the code reads them
 * through mf_setting_num() and mf_setting_text(), never by a string.
 */
#include "masseflyt/impact.h"

#include "format/datafile.h"
#include "masseflyt/model.h"
#include "util/arena.h"
#include "util/assert.h"

#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

struct mf_factors {
    struct arena arena;
    char *dir;
    struct mf_truck *trucks;
    int n_trucks;
    struct mf_fuel fuels[MF_MAX_FUELS];
    int n_fuels;
    struct mf_factor *factors;
    int n_factors, cap_factors;
    /* data/gate_fees.csv and data/detours.csv; both optional. Their
     * strings live in the arena of the factors first loaded. */
    struct mf_fee_class *fees;
    int n_fees;
    struct mf_detour *detours;
    int n_detours;
    /* data/modes.csv (optional): barges and conveyors between sites. */
    struct mf_link *links;
    int n_links;
};

static int load_fuels(struct mf_factors *f, struct mf_error *err)
{
    static const char *const req[] = {"code",        "unit",      "co2e_ttw_kg",
                                      "co2e_wtw_kg", "price_nok", "source",
                                      NULL};
    struct datafile d;
    int rc = datafile_open(&d, f->dir, "fuels.csv", req, &f->arena, err);
    int fail = 0;

    while (rc == MF_OK && (rc = datafile_next(&d, err)) == 1) {
        struct mf_fuel u;

        memset(&u, 0, sizeof u);
        rc = MF_OK;
        if (f->n_fuels == MF_MAX_FUELS) {
            rc = mf_error_at(err, MF_EINVAL, datafile_where(&d, "code"),
                             "at most %d fuels", MF_MAX_FUELS);
            break;
        }
        if ((rc = datafile_num(&d, "co2e_ttw_kg", 0, &u.co2e_ttw_kg, err)) ||
            (rc = datafile_num(&d, "co2e_wtw_kg", 0, &u.co2e_wtw_kg, err)) ||
            (rc = datafile_num(&d, "price_nok", 0, &u.price_nok, err)) ||
            (rc = datafile_flag(&d, "estimate", &u.estimate, err)))
            break;
        u.code = datafile_keep(&d, "code", &fail);
        u.name_no = datafile_keep(&d, "name_no", &fail);
        u.name_en = datafile_keep(&d, "name_en", &fail);
        u.unit = datafile_keep(&d, "unit", &fail);
        u.source = datafile_keep(&d, "source", &fail);
        if (fail) {
            rc = mf_error_set(err, MF_ENOMEM, "out of memory");
            break;
        }
        f->fuels[f->n_fuels++] = u;
    }
    datafile_close(&d);
    return rc < 0 ? rc : MF_OK;
}

static int load_trucks(struct mf_factors *f, struct mf_error *err)
{
    static const char *const req[] = {"code",
                                      "payload_t",
                                      "energy",
                                      "use_loaded_per_km",
                                      "use_empty_per_km",
                                      "cost_nok_per_hour",
                                      "speed_kmh",
                                      "load_unload_min",
                                      "nox_g_per_km",
                                      "pm_g_per_km",
                                      "source",
                                      NULL};
    struct datafile d;
    int rc = datafile_open(&d, f->dir, "trucks.csv", req, &f->arena, err);
    int fail = 0, cap = 0;

    while (rc == MF_OK && (rc = datafile_next(&d, err)) == 1) {
        struct mf_truck t;

        memset(&t, 0, sizeof t);
        rc = MF_OK;
        if ((rc = datafile_num(&d, "payload_t", 0, &t.payload_t, err)) ||
            (rc = datafile_num(&d, "body_m3", 0, &t.body_m3, err)) ||
            (rc = datafile_num(&d, "use_loaded_per_km", 0, &t.use_loaded_per_km,
                               err)) ||
            (rc = datafile_num(&d, "use_empty_per_km", 0, &t.use_empty_per_km,
                               err)) ||
            (rc = datafile_num(&d, "cost_nok_per_hour", 0, &t.cost_nok_per_hour,
                               err)) ||
            (rc = datafile_num(&d, "speed_kmh", 0, &t.speed_kmh, err)) ||
            (rc = datafile_num(&d, "load_unload_min", 0, &t.load_unload_min,
                               err)) ||
            (rc = datafile_num(&d, "nox_g_per_km", 0, &t.nox_g_per_km, err)) ||
            (rc = datafile_num(&d, "pm_g_per_km", 0, &t.pm_g_per_km, err)) ||
            (rc = datafile_flag(&d, "estimate", &t.estimate, err)))
            break;
        if (!(t.payload_t > 0) || !(t.speed_kmh > 0)) {
            rc = mf_error_at(err, MF_EINVAL, datafile_where(&d, "payload_t"),
                             "payload and speed must be positive");
            break;
        }
        if (t.body_m3 < 0) {
            rc = mf_error_at(err, MF_EINVAL, datafile_where(&d, "body_m3"),
                             "the body volume must be positive (or empty "
                             "for no volume limit), not %g",
                             t.body_m3);
            break;
        }
        t.energy = mf_fuel_find(f, datafile_val(&d, "energy"));
        if (t.energy < 0) {
            rc = mf_error_at(err, MF_EINVAL, datafile_where(&d, "energy"),
                             "unknown fuel '%s' (see fuels.csv)",
                             datafile_val(&d, "energy"));
            break;
        }
        t.code = datafile_keep(&d, "code", &fail);
        t.name_no = datafile_keep(&d, "name_no", &fail);
        t.name_en = datafile_keep(&d, "name_en", &fail);
        t.source = datafile_keep(&d, "source", &fail);
        if (!fail && f->n_trucks == cap) {
            struct mf_truck *p;
            cap = cap ? cap * 2 : 8;
            p = realloc(f->trucks, (size_t)cap * sizeof *p);
            if (!p)
                fail = 1;
            else
                f->trucks = p;
        }
        if (fail) {
            rc = mf_error_set(err, MF_ENOMEM, "out of memory");
            break;
        }
        f->trucks[f->n_trucks++] = t;
    }
    datafile_close(&d);
    return rc < 0 ? rc : MF_OK;
}

static int add_factor(struct mf_factors *f, const struct mf_factor *in)
{
    int i;

    for (i = 0; i < f->n_factors; i++)
        if (!strcmp(f->factors[i].key, in->key)) {
            f->factors[i] = *in;
            return MF_OK;
        }
    if (f->n_factors == f->cap_factors) {
        int nc = f->cap_factors ? f->cap_factors * 2 : 32;
        struct mf_factor *p = realloc(f->factors, (size_t)nc * sizeof *p);
        if (!p)
            return MF_ENOMEM;
        f->factors = p;
        f->cap_factors = nc;
    }
    f->factors[f->n_factors++] = *in;
    return MF_OK;
}

static double as_number(const char *text)
{
    char *end;
    double v;

    if (!text || !*text)
        return NAN;
    v = strtod(text, &end);
    return *end ? NAN : v;
}

static int load_factors(struct mf_factors *f, struct mf_error *err)
{
    static const char *const req[] = {"key",      "value",  "unit",
                                      "estimate", "source", NULL};
    struct datafile d;
    int rc = datafile_open(&d, f->dir, "factors.csv", req, &f->arena, err);
    int fail = 0;

    while (rc == MF_OK && (rc = datafile_next(&d, err)) == 1) {
        struct mf_factor x;
        const char *key = datafile_val(&d, "key");
        int s = mf_setting_find(key);

        memset(&x, 0, sizeof x);
        rc = MF_OK;
        if (!*key || !*datafile_val(&d, "value")) {
            rc = mf_error_at(err, MF_EINVAL, datafile_where(&d, "key"),
                             "a factor needs a key and a value");
            break;
        }
        /* A key the code reads must hold a value of its type: a word
         * where a number belongs would otherwise give the default. */
        if (s >= 0) {
            struct mf_error why = {0};
            rc = mf_setting_check(f, (enum mf_setting)s,
                                  datafile_val(&d, "value"), &why);
            if (rc) {
                rc = mf_error_at(err, rc, datafile_where(&d, key), "%s",
                                 why.message);
                break;
            }
        }
        if ((rc = datafile_flag(&d, "estimate", &x.estimate, err)))
            break;
        x.key = datafile_keep(&d, "key", &fail);
        x.text = datafile_keep(&d, "value", &fail);
        x.unit = datafile_keep(&d, "unit", &fail);
        x.source = datafile_keep(&d, "source", &fail);
        x.value = as_number(x.text);
        if (fail || add_factor(f, &x)) {
            rc = mf_error_set(err, MF_ENOMEM, "out of memory");
            break;
        }
    }
    datafile_close(&d);
    return rc < 0 ? rc : MF_OK;
}

/* Whether dir/name exists: the optional files may be absent. */
static int have_file(const char *dir, const char *name)
{
    char path[4096];
    FILE *fp;

    if (snprintf(path, sizeof path, "%s/%s", dir, name) >= (int)sizeof path)
        return 0;
    fp = fopen(path, "rb");
    if (!fp)
        return 0;
    fclose(fp);
    return 1;
}

static int load_fees(struct mf_factors *f, struct mf_error *err)
{
    static const char *const req[] = {"class", "fee_factor", "estimate",
                                      "source", NULL};
    struct datafile d;
    int rc, fail = 0, cap = 0;

    if (!have_file(f->dir, "gate_fees.csv"))
        return MF_OK;
    rc = datafile_open(&d, f->dir, "gate_fees.csv", req, &f->arena, err);
    while (rc == MF_OK && (rc = datafile_next(&d, err)) == 1) {
        struct mf_fee_class x;
        int i;

        memset(&x, 0, sizeof x);
        rc = MF_OK;
        if ((rc = datafile_num(&d, "fee_factor", NAN, &x.factor, err)) ||
            (rc = datafile_flag(&d, "estimate", &x.estimate, err)))
            break;
        if (!*datafile_val(&d, "class") || !(x.factor >= 0)) {
            rc = mf_error_at(err, MF_EINVAL, datafile_where(&d, "fee_factor"),
                             "a gate-fee row needs a class and a factor of "
                             "0 or more");
            break;
        }
        for (i = 0; i < f->n_fees; i++)
            if (!strcmp(f->fees[i].cls, datafile_val(&d, "class")))
                break;
        if (i < f->n_fees) {
            rc = mf_error_at(err, MF_EINVAL, datafile_where(&d, "class"),
                             "class '%s' is given twice",
                             datafile_val(&d, "class"));
            break;
        }
        x.cls = datafile_keep(&d, "class", &fail);
        x.source = datafile_keep(&d, "source", &fail);
        x.where = arena_strdup(&f->arena, datafile_where(&d, "class"));
        if (!x.where)
            fail = 1;
        if (!fail && f->n_fees == cap) {
            struct mf_fee_class *p;
            cap = cap ? cap * 2 : 16;
            p = realloc(f->fees, (size_t)cap * sizeof *p);
            if (!p)
                fail = 1;
            else
                f->fees = p;
        }
        if (fail) {
            rc = mf_error_set(err, MF_ENOMEM, "out of memory");
            break;
        }
        f->fees[f->n_fees++] = x;
    }
    datafile_close(&d);
    return rc < 0 ? rc : MF_OK;
}

/* A municipality number: four digits. */
static int is_municipality(const char *s)
{
    int i;

    for (i = 0; i < 4; i++)
        if (s[i] < '0' || s[i] > '9')
            return 0;
    return s[4] == '\0';
}

static int load_detours(struct mf_factors *f, struct mf_error *err)
{
    static const char *const req[] = {
        "from_municipality", "to_municipality", "factor",
        "estimate",          "source",          NULL};
    struct datafile d;
    int rc, fail = 0, cap = 0;

    if (!have_file(f->dir, "detours.csv"))
        return MF_OK;
    rc = datafile_open(&d, f->dir, "detours.csv", req, &f->arena, err);
    while (rc == MF_OK && (rc = datafile_next(&d, err)) == 1) {
        struct mf_detour x;
        const char *a = datafile_val(&d, "from_municipality");
        const char *b = datafile_val(&d, "to_municipality");

        memset(&x, 0, sizeof x);
        rc = MF_OK;
        if (!is_municipality(a) || !is_municipality(b)) {
            rc = mf_error_at(err, MF_EINVAL,
                             datafile_where(&d, is_municipality(a)
                                                    ? "to_municipality"
                                                    : "from_municipality"),
                             "a municipality number has four digits, not "
                             "'%s'",
                             is_municipality(a) ? b : a);
            break;
        }
        if ((rc = datafile_num(&d, "factor", NAN, &x.factor, err)) ||
            (rc = datafile_flag(&d, "estimate", &x.estimate, err)))
            break;
        if (!(x.factor >= 1)) {
            rc = mf_error_at(err, MF_EINVAL, datafile_where(&d, "factor"),
                             "a detour factor is road km per great-circle "
                             "km, at least 1, not %s",
                             datafile_val(&d, "factor"));
            break;
        }
        if (mf_detour_factor(f, a, b) > 0) {
            rc = mf_error_at(err, MF_EINVAL,
                             datafile_where(&d, "from_municipality"),
                             "the pair %s-%s is given twice (a pair holds "
                             "both ways)",
                             a, b);
            break;
        }
        x.from = datafile_keep(&d, "from_municipality", &fail);
        x.to = datafile_keep(&d, "to_municipality", &fail);
        x.source = datafile_keep(&d, "source", &fail);
        if (!fail && f->n_detours == cap) {
            struct mf_detour *p;
            cap = cap ? cap * 2 : 16;
            p = realloc(f->detours, (size_t)cap * sizeof *p);
            if (!p)
                fail = 1;
            else
                f->detours = p;
        }
        if (fail) {
            rc = mf_error_set(err, MF_ENOMEM, "out of memory");
            break;
        }
        f->detours[f->n_detours++] = x;
    }
    datafile_close(&d);
    return rc < 0 ? rc : MF_OK;
}

/* A pair of sites joined by a barge or a conveyor. */
static int parse_mode(const char *s, enum mf_mode *out)
{
    if (!strcmp(s, "barge"))
        *out = MF_MODE_BARGE;
    else if (!strcmp(s, "conveyor"))
        *out = MF_MODE_CONVEYOR;
    else
        return 0;
    return 1;
}

static int load_links(struct mf_factors *f, struct mf_error *err)
{
    static const char *const req[] = {
        "from_site", "to_site",     "mode",     "km",     "nok_t",
        "nok_tkm",   "co2e_kg_tkm", "estimate", "source", NULL};
    static const char *const nums[] = {"km", "nok_t", "nok_tkm", "co2e_kg_tkm"};
    struct datafile d;
    int rc, fail = 0, cap = 0;

    if (!have_file(f->dir, "modes.csv"))
        return MF_OK;
    rc = datafile_open(&d, f->dir, "modes.csv", req, &f->arena, err);
    while (rc == MF_OK && (rc = datafile_next(&d, err)) == 1) {
        struct mf_link x;
        const char *a = datafile_val(&d, "from_site");
        const char *b = datafile_val(&d, "to_site");
        double v[4];
        int i;

        memset(&x, 0, sizeof x);
        rc = MF_OK;
        if (!*a || !*b || !strcmp(a, b)) {
            rc = mf_error_at(err, MF_EINVAL,
                             datafile_where(&d, *a ? "to_site" : "from_site"),
                             "a barge or conveyor joins two different sites "
                             "(their ids)");
            break;
        }
        if (!parse_mode(datafile_val(&d, "mode"), &x.mode)) {
            rc = mf_error_at(err, MF_EINVAL, datafile_where(&d, "mode"),
                             "mode must be barge or conveyor, not '%s'",
                             datafile_val(&d, "mode"));
            break;
        }
        for (i = 0; i < 4 && rc == MF_OK; i++) {
            rc = datafile_num(&d, nums[i], NAN, &v[i], err);
            if (rc == MF_OK && !(v[i] >= 0 && (i > 0 || v[i] > 0)))
                rc = mf_error_at(err, MF_EINVAL, datafile_where(&d, nums[i]),
                                 "%s must be a number %s, not '%s'", nums[i],
                                 i ? "of 0 or more" : "above 0",
                                 datafile_val(&d, nums[i]));
        }
        if (rc || (rc = datafile_flag(&d, "estimate", &x.estimate, err)))
            break;
        if (mf_link_find(f, a, b)) {
            rc = mf_error_at(err, MF_EINVAL, datafile_where(&d, "from_site"),
                             "the pair %s-%s is given twice (a pair holds "
                             "both ways)",
                             a, b);
            break;
        }
        x.km = v[0];
        x.nok_t = v[1];
        x.nok_tkm = v[2];
        x.co2e_kg_tkm = v[3];
        x.from = datafile_keep(&d, "from_site", &fail);
        x.to = datafile_keep(&d, "to_site", &fail);
        x.source = datafile_keep(&d, "source", &fail);
        if (!fail && f->n_links == cap) {
            struct mf_link *p;
            cap = cap ? cap * 2 : 16;
            p = realloc(f->links, (size_t)cap * sizeof *p);
            if (!p)
                fail = 1;
            else
                f->links = p;
        }
        if (fail) {
            rc = mf_error_set(err, MF_ENOMEM, "out of memory");
            break;
        }
        f->links[f->n_links++] = x;
    }
    datafile_close(&d);
    return rc < 0 ? rc : MF_OK;
}

const struct mf_link *mf_link_find(const struct mf_factors *f, const char *a,
                                   const char *b)
{
    int i;

    if (!a || !b)
        return NULL;
    for (i = 0; i < f->n_links; i++) {
        const struct mf_link *x = &f->links[i];
        if ((!strcmp(x->from, a) && !strcmp(x->to, b)) ||
            (!strcmp(x->from, b) && !strcmp(x->to, a)))
            return x;
    }
    return NULL;
}

int mf_factors_n_links(const struct mf_factors *f)
{
    return f->n_links;
}

const struct mf_link *mf_link_at(const struct mf_factors *f, int i)
{
    return i >= 0 && i < f->n_links ? &f->links[i] : NULL;
}

const char *mf_mode_name(enum mf_mode m)
{
    switch (m) {
    case MF_MODE_BARGE:
        return "barge";
    case MF_MODE_CONVEYOR:
        return "conveyor";
    default:
        return "truck";
    }
}

int mf_fee_classes_check(const struct mf_factors *f,
                         const struct mf_catalog *cat, struct mf_error *err)
{
    int i, j, n = mf_catalog_n_materials(cat);

    for (i = 0; i < f->n_fees; i++) {
        const char *c = f->fees[i].cls;
        for (j = 0; j < n; j++) {
            const struct mf_material *m = mf_catalog_material(cat, j);
            if (!strcmp(m->code, c) || (m->category && !strcmp(m->category, c)))
                break;
        }
        if (j == n)
            return mf_error_at(err, MF_EINVAL,
                               f->fees[i].where ? f->fees[i].where
                                                : "gate_fees.csv",
                               "class '%s' is neither a material code nor a "
                               "material category of materials.csv; a gate-fee "
                               "class must be one of them",
                               c);
    }
    return MF_OK;
}

double mf_gate_fee_factor(const struct mf_factors *f,
                          const struct mf_material *m)
{
    int i;

    if (!m)
        return 1;
    /* The material's own row wins over its category's. */
    for (i = 0; i < f->n_fees; i++)
        if (!strcmp(f->fees[i].cls, m->code))
            return f->fees[i].factor;
    for (i = 0; i < f->n_fees; i++)
        if (m->category && !strcmp(f->fees[i].cls, m->category))
            return f->fees[i].factor;
    return 1;
}

int mf_factors_n_fee_classes(const struct mf_factors *f)
{
    return f->n_fees;
}

const struct mf_fee_class *mf_fee_class_at(const struct mf_factors *f, int i)
{
    return i >= 0 && i < f->n_fees ? &f->fees[i] : NULL;
}

double mf_detour_factor(const struct mf_factors *f, const char *a,
                        const char *b)
{
    int i;

    if (!a || !b)
        return 0;
    for (i = 0; i < f->n_detours; i++) {
        const struct mf_detour *x = &f->detours[i];
        if ((!strcmp(x->from, a) && !strcmp(x->to, b)) ||
            (!strcmp(x->from, b) && !strcmp(x->to, a)))
            return x->factor;
    }
    return 0;
}

int mf_factors_n_detours(const struct mf_factors *f)
{
    return f->n_detours;
}

const struct mf_detour *mf_detour_at(const struct mf_factors *f, int i)
{
    return i >= 0 && i < f->n_detours ? &f->detours[i] : NULL;
}

int mf_factors_load(struct mf_factors **out, const char *data_dir,
                    struct mf_error *err)
{
    struct mf_factors *f = calloc(1, sizeof *f);
    int rc;

    *out = NULL;
    if (!f)
        return mf_error_set(err, MF_ENOMEM, "out of memory");
    arena_init(&f->arena, 16 * 1024);
    f->dir =
        arena_strdup(&f->arena, data_dir ? data_dir : mf_data_dir_default());
    if (!f->dir) {
        mf_factors_free(f);
        return mf_error_set(err, MF_ENOMEM, "out of memory");
    }
    if ((rc = load_fuels(f, err)) || (rc = load_trucks(f, err)) ||
        (rc = load_factors(f, err)) || (rc = load_fees(f, err)) ||
        (rc = load_detours(f, err)) || (rc = load_links(f, err))) {
        mf_factors_free(f);
        return rc;
    }
    *out = f;
    return MF_OK;
}

int mf_factors_copy(struct mf_factors **out, const struct mf_factors *f,
                    struct mf_error *err)
{
    struct mf_factors *c = calloc(1, sizeof *c);

    *out = NULL;
    if (!c)
        return mf_error_set(err, MF_ENOMEM, "out of memory");
    /* Strings stay in the original's arena, which must outlive the copy;
     * strings set later go to the copy's own arena. */
    arena_init(&c->arena, 4 * 1024);
    c->dir = f->dir;
    c->n_fuels = f->n_fuels;
    memcpy(c->fuels, f->fuels, sizeof c->fuels);
    c->trucks =
        malloc((size_t)(f->n_trucks ? f->n_trucks : 1) * sizeof *c->trucks);
    c->factors = malloc((size_t)(f->cap_factors ? f->cap_factors : 1) *
                        sizeof *c->factors);
    c->fees = malloc((size_t)(f->n_fees ? f->n_fees : 1) * sizeof *c->fees);
    c->detours =
        malloc((size_t)(f->n_detours ? f->n_detours : 1) * sizeof *c->detours);
    c->links = malloc((size_t)(f->n_links ? f->n_links : 1) * sizeof *c->links);
    if (!c->trucks || !c->factors || !c->fees || !c->detours || !c->links) {
        mf_factors_free(c);
        return mf_error_set(err, MF_ENOMEM, "out of memory");
    }
    memcpy(c->trucks, f->trucks, (size_t)f->n_trucks * sizeof *c->trucks);
    memcpy(c->factors, f->factors, (size_t)f->n_factors * sizeof *c->factors);
    if (f->n_fees)
        memcpy(c->fees, f->fees, (size_t)f->n_fees * sizeof *c->fees);
    if (f->n_detours)
        memcpy(c->detours, f->detours,
               (size_t)f->n_detours * sizeof *c->detours);
    if (f->n_links)
        memcpy(c->links, f->links, (size_t)f->n_links * sizeof *c->links);
    c->n_fees = f->n_fees;
    c->n_detours = f->n_detours;
    c->n_links = f->n_links;
    c->n_trucks = f->n_trucks;
    c->n_factors = f->n_factors;
    c->cap_factors = f->cap_factors ? f->cap_factors : 1;
    *out = c;
    return MF_OK;
}

void mf_factors_free(struct mf_factors *f)
{
    if (!f)
        return;
    free(f->trucks);
    free(f->factors);
    free(f->fees);
    free(f->detours);
    free(f->links);
    arena_free(&f->arena);
    free(f);
}

static const struct mf_factor *find(const struct mf_factors *f, const char *key)
{
    int i;

    for (i = 0; i < f->n_factors; i++)
        if (!strcmp(f->factors[i].key, key))
            return &f->factors[i];
    return NULL;
}

double mf_setting_num(const struct mf_factors *f, enum mf_setting s)
{
    const struct mf_setting_info *info = mf_setting_info(s);
    const struct mf_factor *x = find(f, info->key);

    MF_ASSERT_ARG(info->type == MF_SETTING_NUMBER);
    /* Loading and setting check the type, so a row found is a number. */
    return x ? x->value : info->def;
}

const char *mf_setting_text(const struct mf_factors *f, enum mf_setting s)
{
    const struct mf_setting_info *info = mf_setting_info(s);
    const struct mf_factor *x = find(f, info->key);

    MF_ASSERT_ARG(info->type != MF_SETTING_NUMBER);
    return x ? x->text : info->def_text;
}

/* Sets a factor (adds it when new); text is parsed as a number when it is
 * one. Returns 0 or MF_ENOMEM. */
static int factor_set(struct mf_factors *f, const char *key, const char *text,
                      const char *unit, const char *source)
{
    const struct mf_factor *old = find(f, key);
    struct mf_factor x;

    memset(&x, 0, sizeof x);
    x.key = arena_strdup(&f->arena, key);
    x.text = arena_strdup(&f->arena, text);
    x.source = arena_strdup(&f->arena, source ? source : "");
    x.unit = old ? old->unit : unit;
    x.estimate = 0;
    if (!x.key || !x.text || !x.source)
        return MF_ENOMEM;
    x.value = as_number(text);
    return add_factor(f, &x);
}

int mf_factors_n(const struct mf_factors *f)
{
    return f->n_factors;
}

const struct mf_factor *mf_factor_at(const struct mf_factors *f, int i)
{
    return i >= 0 && i < f->n_factors ? &f->factors[i] : NULL;
}

int mf_factors_n_trucks(const struct mf_factors *f)
{
    return f->n_trucks;
}

const struct mf_truck *mf_truck_at(const struct mf_factors *f, int i)
{
    return i >= 0 && i < f->n_trucks ? &f->trucks[i] : NULL;
}

int mf_truck_find(const struct mf_factors *f, const char *code)
{
    int i;

    for (i = 0; code && i < f->n_trucks; i++)
        if (!strcmp(f->trucks[i].code, code))
            return i;
    return -1;
}

int mf_factors_n_fuels(const struct mf_factors *f)
{
    return f->n_fuels;
}

const struct mf_fuel *mf_fuel_at(const struct mf_factors *f, int i)
{
    return i >= 0 && i < f->n_fuels ? &f->fuels[i] : NULL;
}

int mf_fuel_find(const struct mf_factors *f, const char *code)
{
    int i;

    for (i = 0; code && i < f->n_fuels; i++)
        if (!strcmp(f->fuels[i].code, code))
            return i;
    return -1;
}

int mf_factors_wtw(const struct mf_factors *f)
{
    return strcasecmp(mf_setting_text(f, MF_SET_EMISSION_SCOPE), "ttw") != 0;
}

int mf_fleet_single(const struct mf_factors *f, const char *truck,
                    struct mf_fleet *out, struct mf_error *err)
{
    int t = mf_truck_find(f, truck);

    memset(out, 0, sizeof *out);
    if (t < 0)
        return mf_error_set(err, MF_EINVAL,
                            "unknown truck class '%s' (see data/trucks.csv)",
                            truck ? truck : "");
    out->n = 1;
    out->truck[0] = t;
    out->fuel[0] = f->trucks[t].energy;
    out->share[0] = 1;
    return MF_OK;
}

int mf_fleet_parse(const struct mf_factors *f, const char *text,
                   struct mf_fleet *out, struct mf_error *err)
{
    const char *p = text;
    double sum = 0;

    memset(out, 0, sizeof *out);
    while (p && *p) {
        char item[96], truck[96], fuel[96];
        size_t len = strcspn(p, ",");
        char *eq, *colon;
        double share;
        int t, u;

        snprintf(item, sizeof item, "%.*s", (int)len, p);
        p += len + (p[len] ? 1 : 0);
        eq = strchr(item, '=');
        if (!eq || out->n == MF_MAX_FLEET)
            return mf_error_set(err, MF_EINVAL,
                                "a fleet is TRUCK[:FUEL]=SHARE,... (at most "
                                "%d parts); got '%s'",
                                MF_MAX_FLEET, item);
        *eq = '\0';
        share = as_number(eq + 1);
        colon = strchr(item, ':');
        if (colon)
            *colon = '\0';
        snprintf(truck, sizeof truck, "%s", item);
        snprintf(fuel, sizeof fuel, "%s", colon ? colon + 1 : "");
        t = mf_truck_find(f, truck);
        if (t < 0)
            return mf_error_set(err, MF_EINVAL,
                                "unknown truck class '%s' (see "
                                "data/trucks.csv)",
                                truck);
        u = colon ? mf_fuel_find(f, fuel) : f->trucks[t].energy;
        if (u < 0)
            return mf_error_set(err, MF_EINVAL,
                                "unknown fuel '%s' (see data/fuels.csv)", fuel);
        if (strcmp(f->fuels[u].unit, f->fuels[f->trucks[t].energy].unit))
            return mf_error_set(err, MF_EINVAL,
                                "truck class %s runs on %s, not on %s", truck,
                                f->fuels[f->trucks[t].energy].code, fuel);
        if (!(share >= 0 && share <= 1))
            return mf_error_set(err, MF_EINVAL,
                                "the share of %s must be between 0 and 1",
                                truck);
        out->truck[out->n] = t;
        out->fuel[out->n] = u;
        out->share[out->n] = share;
        out->n++;
        sum += share;
    }
    if (out->n == 0 || fabs(sum - 1) > 1e-6)
        return mf_error_set(err, MF_EINVAL,
                            "the shares of a fleet must add up to 1, not %g",
                            sum);
    return MF_OK;
}

double mf_truck_load_t(const struct mf_truck *t, double loose_t_m3)
{
    double by_volume = t->body_m3 * loose_t_m3;

    return loose_t_m3 > 0 && t->body_m3 > 0 && by_volume < t->payload_t
               ? by_volume
               : t->payload_t;
}

void mf_haul_per_tonne(const struct mf_factors *f, const struct mf_fleet *fleet,
                       double km, struct mf_haul *out)
{
    mf_haul_per_tonne_of(f, fleet, km, 0, out);
}

void mf_haul_per_tonne_of(const struct mf_factors *f,
                          const struct mf_fleet *fleet, double km,
                          double loose_t_m3, struct mf_haul *out)
{
    int wtw = mf_factors_wtw(f);
    int i;

    memset(out, 0, sizeof *out);
    for (i = 0; i < fleet->n; i++) {
        const struct mf_truck *t = &f->trucks[fleet->truck[i]];
        const struct mf_fuel *u = &f->fuels[fleet->fuel[i]];
        double w = fleet->share[i];
        double trips = 1.0 / mf_truck_load_t(t, loose_t_m3);
        double hours =
            trips * (2 * km / t->speed_kmh + t->load_unload_min / 60.0);
        double energy =
            trips * km * (t->use_loaded_per_km + t->use_empty_per_km);

        out->trips += w * trips;
        out->hours += w * hours;
        out->truck_km += w * trips * 2 * km;
        out->tonne_km += w * km;
        out->fuel[fleet->fuel[i]] += w * energy;
        out->cost_nok +=
            w * (hours * t->cost_nok_per_hour + energy * u->price_nok);
        out->co2e_kg += w * energy * (wtw ? u->co2e_wtw_kg : u->co2e_ttw_kg);
        out->nox_g += w * trips * 2 * km * t->nox_g_per_km;
        out->pm_g += w * trips * 2 * km * t->pm_g_per_km;
    }
}

/* The numeric fields of fuels and trucks that scenarios may change. */
static double *fuel_field(struct mf_fuel *u, const char *name)
{
    if (!strcmp(name, "price_nok"))
        return &u->price_nok;
    if (!strcmp(name, "co2e_ttw_kg"))
        return &u->co2e_ttw_kg;
    if (!strcmp(name, "co2e_wtw_kg"))
        return &u->co2e_wtw_kg;
    return NULL;
}

static double *truck_field(struct mf_truck *t, const char *name)
{
    static const struct {
        const char *name;
        size_t off;
    } fields[] = {
        {"payload_t", offsetof(struct mf_truck, payload_t)},
        {"body_m3", offsetof(struct mf_truck, body_m3)},
        {"cost_nok_per_hour", offsetof(struct mf_truck, cost_nok_per_hour)},
        {"speed_kmh", offsetof(struct mf_truck, speed_kmh)},
        {"use_loaded_per_km", offsetof(struct mf_truck, use_loaded_per_km)},
        {"use_empty_per_km", offsetof(struct mf_truck, use_empty_per_km)},
        {"load_unload_min", offsetof(struct mf_truck, load_unload_min)},
        {"nox_g_per_km", offsetof(struct mf_truck, nox_g_per_km)},
        {"pm_g_per_km", offsetof(struct mf_truck, pm_g_per_km)},
    };
    size_t i;

    for (i = 0; i < sizeof fields / sizeof fields[0]; i++)
        if (!strcmp(name, fields[i].name))
            return (double *)((char *)t + fields[i].off);
    return NULL;
}

/* Splits "fuel.diesel.price_nok" into the object's code and the field. */
static double *param_slot(const struct mf_factors *cf, const char *path)
{
    struct mf_factors *f = (struct mf_factors *)cf;
    char code[64];
    const char *rest, *dot;
    int fuel;

    if (!strncmp(path, "fuel.", 5))
        fuel = 1;
    else if (!strncmp(path, "truck.", 6))
        fuel = 0;
    else
        return NULL;
    rest = path + (fuel ? 5 : 6);
    dot = strchr(rest, '.');
    if (!dot || (size_t)(dot - rest) >= sizeof code)
        return NULL;
    memcpy(code, rest, (size_t)(dot - rest));
    code[dot - rest] = '\0';
    if (fuel) {
        int u = mf_fuel_find(f, code);
        return u < 0 ? NULL : fuel_field(&f->fuels[u], dot + 1);
    } else {
        int t = mf_truck_find(f, code);
        return t < 0 ? NULL : truck_field(&f->trucks[t], dot + 1);
    }
}

int mf_factors_set_param(struct mf_factors *f, const char *path,
                         const char *value, const char *source,
                         struct mf_error *err)
{
    double v = as_number(value);
    double *slot;
    const char *unit = "";
    int setting;

    if (!strncmp(path, "fuel.", 5) || !strncmp(path, "truck.", 6)) {
        slot = param_slot(f, path);
        if (!slot)
            return mf_error_set(err, MF_EINVAL,
                                "'%s' names no fuel or truck field (see "
                                "docs/SCENARIOS.md)",
                                path);
        if (isnan(v))
            return mf_error_set(err, MF_EINVAL,
                                "%s must be a number, not "
                                "'%s'",
                                path, value);
        if (!strcmp(path + strlen(path) - 9, "payload_t") && !(v > 0))
            return mf_error_set(err, MF_EINVAL, "%s must be positive", path);
        if (strlen(path) >= 7 && !strcmp(path + strlen(path) - 7, "body_m3") &&
            !(v >= 0))
            return mf_error_set(err, MF_EINVAL,
                                "%s must be 0 (no volume limit) or positive",
                                path);
        *slot = v;
        return MF_OK;
    }
    /* A factor of the file, or a setting the file leaves at its default;
     * a setting's value must be of its type. */
    setting = mf_setting_find(path);
    if (!find(f, path) && setting < 0)
        return mf_error_set(err, MF_EINVAL,
                            "'%s' is not a factor of data/factors.csv", path);
    if (setting >= 0) {
        struct mf_error why = {0};
        if (mf_setting_check(f, (enum mf_setting)setting, value, &why))
            return mf_error_set(err, MF_EINVAL, "%s %s", path, why.message);
        unit = mf_setting_info((enum mf_setting)setting)->unit;
    }
    if (factor_set(f, path, value, unit, source))
        return mf_error_set(err, MF_ENOMEM, "out of memory");
    return MF_OK;
}

double mf_factors_get_param(const struct mf_factors *f, const char *path)
{
    const double *slot = param_slot(f, path);
    const struct mf_factor *x;
    int setting = mf_setting_find(path);

    if (slot)
        return *slot;
    if (setting >= 0 &&
        mf_setting_info((enum mf_setting)setting)->type == MF_SETTING_NUMBER)
        return mf_setting_num(f, (enum mf_setting)setting);
    x = find(f, path);
    return x ? x->value : NAN;
}
