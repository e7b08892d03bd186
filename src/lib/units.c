/*
 * units.c - volume states, conversions between tonnes and volumes with the
 * catalogue's per-material densities, and the names of enumerations.
 */
#include "masseflyt/model.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static const char *const state_names[MF_STATE_COUNT] = {"", "t", "pfm3", "ulm3",
                                                        "pam3"};

const char *mf_state_name(enum mf_state s)
{
    return (unsigned)s < MF_STATE_COUNT ? state_names[s] : "";
}

/* Accepts "t", "tonn", "tonnes", "pfm3", "pfm³", "m3 pfm", "pfm", ...:
 * case and spaces do not matter. */
enum mf_state mf_state_parse(const char *s)
{
    char k[32];
    size_t n = 0;

    if (!s)
        return MF_STATE_NONE;
    for (; *s && n + 1 < sizeof k; s++) {
        unsigned char c = (unsigned char)*s;

        if (c == ' ' || c == '.' || c == '_' || c == '-')
            continue;
        /* '³' is C2 B3 in UTF-8: keep it as '3'. */
        if (c == 0xC2 && (unsigned char)s[1] == 0xB3) {
            k[n++] = '3';
            s++;
            continue;
        }
        k[n++] = (char)tolower(c);
    }
    k[n] = '\0';
    if (!strcmp(k, "t") || !strcmp(k, "tonn") || !strcmp(k, "tonnes") ||
        !strcmp(k, "tonne") || !strcmp(k, "tonns"))
        return MF_STATE_T;
    if (!strcmp(k, "pfm3") || !strcmp(k, "m3pfm") || !strcmp(k, "pfm"))
        return MF_STATE_PFM3;
    if (!strcmp(k, "ulm3") || !strcmp(k, "m3ulm") || !strcmp(k, "ulm") ||
        !strcmp(k, "lm3"))
        return MF_STATE_ULM3;
    if (!strcmp(k, "pam3") || !strcmp(k, "m3pam") || !strcmp(k, "pam"))
        return MF_STATE_PAM3;
    return MF_STATE_NONE;
}

int mf_to_tonnes(const struct mf_catalog *cat, int material, double quantity,
                 enum mf_state state, double *tonnes, struct mf_error *err)
{
    const struct mf_material *m;

    if (state == MF_STATE_T) {
        *tonnes = quantity;
        return MF_OK;
    }
    if (state <= MF_STATE_NONE || state >= MF_STATE_COUNT)
        return mf_error_set(err, MF_EINVAL,
                            "the quantity has no volume state "
                            "(t, pfm3, ulm3 or pam3)");
    m = mf_catalog_material(cat, material);
    if (!m)
        return mf_error_set(err, MF_EINVAL,
                            "a volume needs a material to convert it");
    if (m->density[state] <= 0)
        return mf_error_set(err, MF_EINVAL,
                            "no density is known for %s in state %s; give "
                            "the quantity in tonnes or another state",
                            m->code, mf_state_name(state));
    *tonnes = quantity * m->density[state];
    return MF_OK;
}

int mf_from_tonnes(const struct mf_catalog *cat, int material, double tonnes,
                   enum mf_state state, double *quantity, struct mf_error *err)
{
    double per_unit = 0;
    int rc = mf_to_tonnes(cat, material, 1.0, state, &per_unit, err);

    if (rc)
        return rc;
    *quantity = tonnes / per_unit;
    return MF_OK;
}

int mf_lot_volume(const struct mf_lot *l, double tonnes, double *m3)
{
    if (l->state != MF_STATE_PFM3 && l->state != MF_STATE_ULM3 &&
        l->state != MF_STATE_PAM3)
        return 0;
    if (!(l->tonnes > 0) || !(l->quantity >= 0))
        return 0;
    *m3 = tonnes * (l->quantity / l->tonnes);
    return 1;
}

/* The next item of a material_fees text from *p: its code (up to '=') in
 * code, and the text of its fee; advances *p past the item. 0 at the
 * end. */
static int fee_item(const char **p, char *code, size_t code_len, char *num,
                    size_t num_len)
{
    const char *s = *p, *end, *eq;
    size_t n;

    while (*s == ' ' || *s == ';')
        s++;
    if (!*s)
        return 0;
    end = strchr(s, ';');
    if (!end)
        end = s + strlen(s);
    eq = memchr(s, '=', (size_t)(end - s));
    code[0] = num[0] = '\0';
    if (eq) {
        n = (size_t)(eq - s) < code_len - 1 ? (size_t)(eq - s) : code_len - 1;
        memcpy(code, s, n);
        code[n] = '\0';
        n = (size_t)(end - eq - 1) < num_len - 1 ? (size_t)(end - eq - 1)
                                                 : num_len - 1;
        memcpy(num, eq + 1, n);
        num[n] = '\0';
    } else {
        n = (size_t)(end - s) < code_len - 1 ? (size_t)(end - s) : code_len - 1;
        memcpy(code, s, n);
        code[n] = '\0';
    }
    /* Spaces around the code and the number do not matter. */
    for (n = strlen(code); n > 0 && code[n - 1] == ' '; n--)
        code[n - 1] = '\0';
    *p = end;
    return 1;
}

static int fee_number(const char *text, double *v)
{
    char *end;

    while (*text == ' ')
        text++;
    if (!*text)
        return 0;
    *v = strtod(text, &end);
    while (*end == ' ')
        end++;
    return !*end && isfinite(*v);
}

int mf_site_material_fee(const struct mf_catalog *cat, const struct mf_site *s,
                         int material, double *fee)
{
    const struct mf_material *m = mf_catalog_material(cat, material);
    const char *p = s->material_fees;
    char code[64], num[64];

    if (!p || !m)
        return 0;
    while (fee_item(&p, code, sizeof code, num, sizeof num))
        if (!strcmp(code, m->code))
            return fee_number(num, fee);
    return 0;
}

int mf_site_material_fees_scale(const char *in, double factor, char *out,
                                size_t len)
{
    const char *p = in;
    char code[64], num[64];
    size_t o = 0;
    double v;

    out[0] = '\0';
    while (p && fee_item(&p, code, sizeof code, num, sizeof num)) {
        int n;
        if (!fee_number(num, &v))
            return MF_EINVAL;
        n = snprintf(out + o, len - o, "%s%s=%.10g", o ? ";" : "", code,
                     v * factor);
        if (n < 0 || (size_t)n >= len - o)
            return MF_EINVAL;
        o += (size_t)n;
    }
    return MF_OK;
}

int mf_site_material_fees_check(const struct mf_catalog *cat,
                                const struct mf_site *s, struct mf_error *err)
{
    const char *p = s->material_fees;
    char code[64], num[64];
    double v;

    if (!p)
        return MF_OK;
    while (fee_item(&p, code, sizeof code, num, sizeof num)) {
        int m = mf_catalog_find_material(cat, code), i, listed = 0;
        const char *q = s->material_fees;
        char c2[64], n2[64];
        int seen = 0;

        if (!fee_number(num, &v))
            return mf_error_set(err, MF_EINVAL,
                                "'%s' must be a material code, '=' and a fee "
                                "in NOK per t (a point for decimals), such as "
                                "'leire=180'",
                                code);
        if (m < 0)
            return mf_error_set(err, MF_EINVAL,
                                "unknown material '%s' (data/materials.csv "
                                "lists the codes)",
                                code);
        for (i = 0; i < s->n_materials; i++)
            if (s->materials[i] == m)
                listed = 1;
        if (!listed)
            return mf_error_set(err, MF_EINVAL,
                                "the site gives a fee for '%s' but does not "
                                "list it in materials",
                                code);
        while (fee_item(&q, c2, sizeof c2, n2, sizeof n2))
            seen += !strcmp(c2, code);
        if (seen > 1)
            return mf_error_set(err, MF_EINVAL, "'%s' has more than one fee",
                                code);
    }
    return MF_OK;
}

int mf_site_material_cap(const struct mf_catalog *cat, const struct mf_site *s,
                         int material, double *cap)
{
    const struct mf_material *m = mf_catalog_material(cat, material);
    const char *p = s->material_caps;
    char code[64], num[64];

    if (!p || !m || s->kind != MF_SITE_RECEIVING)
        return 0;
    while (fee_item(&p, code, sizeof code, num, sizeof num))
        if (!strcmp(code, m->code))
            return fee_number(num, cap) && *cap >= 0;
    return 0;
}

int mf_site_material_caps_check(const struct mf_catalog *cat,
                                const struct mf_site *s, struct mf_error *err)
{
    const char *p = s->material_caps;
    char code[64], num[64];
    double v;

    if (!p)
        return MF_OK;
    if (s->kind != MF_SITE_RECEIVING)
        return mf_error_set(err, MF_EINVAL,
                            "only a receiving site has capacities by "
                            "material, not a %s site",
                            mf_site_kind_name(s->kind));
    while (fee_item(&p, code, sizeof code, num, sizeof num)) {
        int m = mf_catalog_find_material(cat, code), i, listed = 0;
        const char *q = s->material_caps;
        char c2[64], n2[64];
        int seen = 0;

        if (!fee_number(num, &v) || v < 0)
            return mf_error_set(err, MF_EINVAL,
                                "'%s' must be a material code, '=' and its "
                                "capacity in tonnes (a number of at least 0, "
                                "a point for decimals), such as "
                                "'leire=200000'",
                                code);
        if (m < 0)
            return mf_error_set(err, MF_EINVAL,
                                "unknown material '%s' (data/materials.csv "
                                "lists the codes)",
                                code);
        for (i = 0; i < s->n_materials; i++)
            if (s->materials[i] == m)
                listed = 1;
        if (!listed)
            return mf_error_set(err, MF_EINVAL,
                                "the site gives a capacity for '%s' but does "
                                "not list it in materials",
                                code);
        while (fee_item(&q, c2, sizeof c2, n2, sizeof n2))
            seen += !strcmp(c2, code);
        if (seen > 1)
            return mf_error_set(err, MF_EINVAL,
                                "'%s' has more than one capacity", code);
    }
    return MF_OK;
}

static const char *const kind_names[MF_SITE_KIND_COUNT] = {
    "project", "storage", "processing", "receiving", "quarry"};

const char *mf_site_kind_name(enum mf_site_kind k)
{
    return (unsigned)k < MF_SITE_KIND_COUNT ? kind_names[k] : "";
}

int mf_site_kind_parse(const char *s)
{
    static const struct {
        const char *name;
        enum mf_site_kind kind;
    } alias[] = {
        {"project", MF_SITE_PROJECT},       {"prosjekt", MF_SITE_PROJECT},
        {"storage", MF_SITE_STORAGE},       {"mellomlager", MF_SITE_STORAGE},
        {"processing", MF_SITE_PROCESSING}, {"knuseverk", MF_SITE_PROCESSING},
        {"behandling", MF_SITE_PROCESSING}, {"receiving", MF_SITE_RECEIVING},
        {"massemottak", MF_SITE_RECEIVING}, {"deponi", MF_SITE_RECEIVING},
        {"landfill", MF_SITE_RECEIVING},    {"quarry", MF_SITE_QUARRY},
        {"pukkverk", MF_SITE_QUARRY},       {"grustak", MF_SITE_QUARRY},
    };
    size_t i;

    if (!s)
        return -1;
    for (i = 0; i < sizeof alias / sizeof alias[0]; i++)
        if (strcasecmp(s, alias[i].name) == 0)
            return (int)alias[i].kind;
    return -1;
}

static const char *const ph_names[] = {"none",        "pcn",      "wild_oat",
                                       "potato_wart", "ring_rot", "other"};

const char *mf_plant_health_name(enum mf_plant_health p)
{
    return (unsigned)p <= MF_PH_OTHER ? ph_names[p] : "";
}

int mf_plant_health_parse(const char *s)
{
    static const struct {
        const char *name;
        enum mf_plant_health ph;
    } alias[] = {
        {"", MF_PH_NONE},
        {"none", MF_PH_NONE},
        {"ingen", MF_PH_NONE},
        {"pcn", MF_PH_PCN},
        {"potetcystenematoder", MF_PH_PCN},
        {"wild_oat", MF_PH_WILD_OAT},
        {"floghavre", MF_PH_WILD_OAT},
        {"potato_wart", MF_PH_POTATO_WART},
        {"potetkreft", MF_PH_POTATO_WART},
        {"ring_rot", MF_PH_RING_ROT},
        {"ringråte", MF_PH_RING_ROT},
        {"other", MF_PH_OTHER},
        {"annen", MF_PH_OTHER},
    };
    size_t i;

    if (!s)
        return MF_PH_NONE;
    for (i = 0; i < sizeof alias / sizeof alias[0]; i++)
        if (strcasecmp(s, alias[i].name) == 0)
            return (int)alias[i].ph;
    return -1;
}

static const char *const acid_names[] = {"", "not_tested", "negative",
                                         "positive"};

const char *mf_acid_name(enum mf_acid a)
{
    return (unsigned)a <= MF_ACID_POSITIVE ? acid_names[a] : "";
}

int mf_acid_parse(const char *s)
{
    static const struct {
        const char *name;
        enum mf_acid a;
    } alias[] = {
        {"", MF_ACID_UNSTATED},
        {"not_tested", MF_ACID_NOT_TESTED},
        {"ikke_testet", MF_ACID_NOT_TESTED},
        {"negative", MF_ACID_NEGATIVE},
        {"negativ", MF_ACID_NEGATIVE},
        {"positive", MF_ACID_POSITIVE},
        {"positiv", MF_ACID_POSITIVE},
    };
    size_t i;

    if (!s)
        return MF_ACID_UNSTATED;
    for (i = 0; i < sizeof alias / sizeof alias[0]; i++)
        if (strcasecmp(s, alias[i].name) == 0)
            return (int)alias[i].a;
    return -1;
}
