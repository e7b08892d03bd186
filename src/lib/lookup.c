/*
 * lookup.c - forgiving lookups of what people write for codes: case does
 * not matter (Norwegian letters too), spaces, dots, dashes and
 * underscores do not matter, a code's Norwegian or English name stands
 * for it, and data/aliases.csv gives more names for materials, uses,
 * volume states and columns. Unknown text gets the nearest code by edit
 * distance, for a "did you mean".
 */
#include "catalog_int.h"

#include "format/datafile.h"
#include "util/vec.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

size_t mf_fold(const char *s, char *out, size_t len)
{
    size_t n = 0;

    if (!len)
        return 0;
    for (; s && *s && n + 2 < len; s++) {
        unsigned char c = (unsigned char)*s;

        if (c == ' ' || c == '_' || c == '-' || c == '.')
            continue;
        if (c >= 'A' && c <= 'Z') {
            out[n++] = (char)(c - 'A' + 'a');
        } else if (c == 0xC3 && s[1]) {
            /* Latin-1 capitals in UTF-8 (Æ Ø Å among them) to small. */
            unsigned char d = (unsigned char)s[1];
            if (d >= 0x80 && d <= 0x9E && d != 0x97)
                d = (unsigned char)(d + 0x20);
            out[n++] = (char)c;
            out[n++] = (char)d;
            s++;
        } else if (c == 0xC2 && (unsigned char)s[1] == 0xA0) {
            s++; /* a no-break space, as Excel writes between thousands */
        } else {
            out[n++] = (char)c;
        }
    }
    out[n] = '\0';
    return n;
}

static int kind_parse(const char *s)
{
    static const char *const names[MF_CODE_COUNT] = {"material", "use", "state",
                                                     "column"};
    int k;

    for (k = 0; k < MF_CODE_COUNT; k++)
        if (!strcmp(s, names[k]))
            return k;
    return -1;
}

/* The folded text as a key in the arena, or NULL when memory is out. */
static const char *folded_key(struct mf_catalog *cat, const char *s)
{
    char f[256];

    mf_fold(s, f, sizeof f);
    return arena_strdup(&cat->arena, f);
}

/* The index a resolved alias code has, or -1 when the code is unknown. */
static int code_index(const struct mf_catalog *cat, enum mf_code_kind kind,
                      const char *code)
{
    switch (kind) {
    case MF_CODE_MATERIAL:
        return mf_catalog_find_material(cat, code);
    case MF_CODE_USE:
        return mf_catalog_find_use(cat, code);
    case MF_CODE_STATE: {
        enum mf_state s = mf_state_parse(code);
        return s == MF_STATE_NONE ? -1 : (int)s;
    }
    default:
        return 0; /* a column: checked against the schema by its user */
    }
}

/* Puts a folded name of a code, unless the name is taken. */
static int put_name(struct mf_catalog *cat, enum mf_code_kind kind,
                    const char *name, int idx)
{
    const char *key;

    if (!name || !*name)
        return MF_OK;
    key = folded_key(cat, name);
    if (!key)
        return MF_ENOMEM;
    if (strmap_get(&cat->alias_index[kind], key) >= 0)
        return MF_OK;
    return strmap_put(&cat->alias_index[kind], key, idx);
}

int catalog_load_aliases(struct mf_catalog *cat, struct mf_error *err)
{
    static const char *const req[] = {"kind",   "alias",  "code",
                                      "doc_nb", "source", NULL};
    struct datafile t;
    int rc, cap = 0, fail = 0, i;

    for (i = 0; i < MF_CODE_COUNT; i++)
        strmap_init(&cat->alias_index[i]);
    /* Codes and their names first: an alias never hides them. */
    for (i = 0; i < cat->n_materials; i++)
        if (put_name(cat, MF_CODE_MATERIAL, cat->materials[i].code, i) ||
            put_name(cat, MF_CODE_MATERIAL, cat->materials[i].name_no, i) ||
            put_name(cat, MF_CODE_MATERIAL, cat->materials[i].name_en, i))
            return mf_error_set(err, MF_ENOMEM, "out of memory");
    for (i = 0; i < cat->n_uses; i++)
        if (put_name(cat, MF_CODE_USE, cat->uses[i].code, i) ||
            put_name(cat, MF_CODE_USE, cat->uses[i].name_no, i) ||
            put_name(cat, MF_CODE_USE, cat->uses[i].name_en, i))
            return mf_error_set(err, MF_ENOMEM, "out of memory");
    rc = datafile_open(&t, cat->dir, "aliases.csv", req, &cat->arena, err);
    while (rc == MF_OK && (rc = datafile_next(&t, err)) == 1) {
        struct mf_alias a;
        int kind = kind_parse(datafile_val(&t, "kind"));
        int idx;

        rc = MF_OK;
        if (kind < 0) {
            rc = mf_error_at(err, MF_EINVAL, datafile_where(&t, "kind"),
                             "'%s' is not material, use, state or column",
                             datafile_val(&t, "kind"));
            break;
        }
        if (!*datafile_val(&t, "alias") || !*datafile_val(&t, "source")) {
            rc = mf_error_at(err, MF_EINVAL, datafile_where(&t, "alias"),
                             "an alias needs its text and a source");
            break;
        }
        idx =
            code_index(cat, (enum mf_code_kind)kind, datafile_val(&t, "code"));
        if (idx < 0) {
            rc =
                mf_error_at(err, MF_EINVAL, datafile_where(&t, "code"),
                            "no %s has the code '%s'", datafile_val(&t, "kind"),
                            datafile_val(&t, "code"));
            break;
        }
        memset(&a, 0, sizeof a);
        a.kind = (enum mf_code_kind)kind;
        a.alias = datafile_keep(&t, "alias", &fail);
        a.code = datafile_keep(&t, "code", &fail);
        a.doc_nb = datafile_keep(&t, "doc_nb", &fail);
        if (fail || vec_reserve(cat->aliases, cap, cat->n_aliases + 1) ||
            (kind != MF_CODE_COLUMN &&
             put_name(cat, (enum mf_code_kind)kind, a.alias, idx))) {
            rc = mf_error_set(err, MF_ENOMEM, "out of memory");
            break;
        }
        cat->aliases[cat->n_aliases++] = a;
    }
    datafile_close(&t);
    return rc < 0 ? rc : MF_OK;
}

void catalog_free_aliases(struct mf_catalog *cat)
{
    int i;

    for (i = 0; i < MF_CODE_COUNT; i++)
        strmap_free(&cat->alias_index[i]);
    free(cat->aliases);
}

int mf_catalog_n_aliases(const struct mf_catalog *cat)
{
    return cat->n_aliases;
}

const struct mf_alias *mf_catalog_alias(const struct mf_catalog *cat, int i)
{
    return i >= 0 && i < cat->n_aliases ? &cat->aliases[i] : NULL;
}

int mf_catalog_resolve(const struct mf_catalog *cat, enum mf_code_kind kind,
                       const char *text)
{
    char f[256];
    int i;

    if (!text || kind < 0 || kind >= MF_CODE_COLUMN)
        return -1;
    if (kind == MF_CODE_STATE) {
        enum mf_state s = mf_state_parse(text);
        if (s != MF_STATE_NONE)
            return (int)s;
    } else {
        i = code_index(cat, kind, text);
        if (i >= 0)
            return i;
    }
    if (strlen(text) >= sizeof f - 2)
        return -1;
    mf_fold(text, f, sizeof f);
    return strmap_get(&cat->alias_index[kind], f);
}

const char *mf_catalog_column_alias(const struct mf_catalog *cat,
                                    const char *header,
                                    int (*known)(const char *field, void *ctx),
                                    void *ctx)
{
    char f[256], g[256];
    int i;

    if (!header || strlen(header) >= sizeof f - 2)
        return NULL;
    mf_fold(header, f, sizeof f);
    for (i = 0; i < cat->n_aliases; i++) {
        const struct mf_alias *a = &cat->aliases[i];
        if (a->kind != MF_CODE_COLUMN)
            continue;
        mf_fold(a->alias, g, sizeof g);
        if (!strcmp(f, g) && known(a->code, ctx))
            return a->code;
    }
    return NULL;
}

/* Levenshtein distance over bytes, capped at `cap` + 1. */
static int distance(const char *a, const char *b, int cap)
{
    int row[257], la = (int)strlen(a), lb = (int)strlen(b), i, j;

    if (la > 256 || lb > 256 || abs(la - lb) > cap)
        return cap + 1;
    for (j = 0; j <= lb; j++)
        row[j] = j;
    for (i = 1; i <= la; i++) {
        int diag = row[0], best;
        row[0] = i;
        best = i;
        for (j = 1; j <= lb; j++) {
            int up = row[j];
            int v = diag + (a[i - 1] != b[j - 1]);
            if (row[j - 1] + 1 < v)
                v = row[j - 1] + 1;
            if (up + 1 < v)
                v = up + 1;
            row[j] = v;
            diag = up;
            if (v < best)
                best = v;
        }
        if (best > cap)
            return cap + 1;
    }
    return row[lb];
}

/* The code of index i of a kind. */
static const char *code_of(const struct mf_catalog *cat, enum mf_code_kind kind,
                           int i)
{
    if (kind == MF_CODE_MATERIAL)
        return cat->materials[i].code;
    if (kind == MF_CODE_USE)
        return cat->uses[i].code;
    return mf_state_name((enum mf_state)i);
}

const char *mf_catalog_suggest(const struct mf_catalog *cat,
                               enum mf_code_kind kind, const char *text)
{
    const struct strmap *m;
    char f[256];
    const char *best = NULL;
    int cap, best_d;
    size_t k, len;

    if (!text || kind < 0 || kind >= MF_CODE_COLUMN ||
        strlen(text) >= sizeof f - 2)
        return NULL;
    len = mf_fold(text, f, sizeof f);
    /* Up to a third of the letters may be wrong, at most three. */
    cap = len < 3 ? 0 : len < 6 ? 1 : len < 9 ? 2 : 3;
    best_d = cap + 1;
    m = &cat->alias_index[kind];
    for (k = 0; k <= m->mask && m->keys; k++) {
        int d;
        if (!m->keys[k])
            continue;
        d = distance(f, m->keys[k], cap);
        if (d < best_d || (d == best_d && best &&
                           strcmp(code_of(cat, kind, m->vals[k]), best) < 0)) {
            best_d = d;
            best = code_of(cat, kind, m->vals[k]);
        }
    }
    if (kind == MF_CODE_STATE) {
        static const char *const states[] = {"t", "pfm3", "ulm3", "pam3"};
        size_t s;
        for (s = 0; s < 4; s++) {
            int d = distance(f, states[s], cap);
            if (d < best_d) {
                best_d = d;
                best = states[s];
            }
        }
    }
    return best_d <= cap ? best : NULL;
}
