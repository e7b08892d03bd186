/*
 * fuzz_record_json.c - one record from a JSON object (an API write), fed
 * any bytes: the object's members become the import's values, so every
 * parser of the schema's types, the references and the rules see them.
 * A record that passes is written back to JSON and read again. The first
 * byte picks the kind.
 */
#include "masseflyt/io.h"
#include "masseflyt/schema.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

struct again {
    const struct mf_catalog *cat;
    char *json; /* the last good record, as JSON */
};

static int keep(void *ctx, enum mf_entity e, const void *rec,
                struct mf_error *err)
{
    struct again *a = ctx;

    free(a->json);
    a->json = NULL;
    return mf_export_json(a->cat, e, rec, &a->json, err);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static struct mf_catalog *cat;
    struct mf_registry *reg = NULL;
    struct mf_import *imp = NULL;
    struct mf_issues is;
    struct mf_import_stats st = {0};
    struct mf_error err;
    struct again a = {0};
    struct mf_import_sink sink = {&a, keep};
    struct mf_org o = {.id = "o", .name = "O"};
    struct mf_project p = {.id = "p",
                           .name = "P",
                           .org = "o",
                           .start = MF_DATE_NONE,
                           .end = MF_DATE_NONE};
    struct mf_site s;
    enum mf_entity kind;

    /* The catalogue is read once; it is never changed by an import. */
    if (!cat && mf_catalog_load(&cat, NULL, &err) != MF_OK)
        abort();
    if (size < 1)
        return 0;
    kind = (enum mf_entity)(data[0] % MF_ENT_COUNT);
    a.cat = cat;
    memset(&s, 0, sizeof s);
    s.id = "s";
    s.name = "S";
    s.loc.x = s.loc.lon = 10.7;
    s.loc.y = s.loc.lat = 59.9;
    s.loc.epsg = 4326;
    s.product = -1;
    s.open_from = s.open_to = MF_DATE_NONE;
    if (mf_registry_new(&reg, cat, &err) ||
        mf_registry_put(reg, MF_ENT_ORG, &o) ||
        mf_registry_put(reg, MF_ENT_PROJECT, &p) ||
        mf_registry_put(reg, MF_ENT_SITE, &s) ||
        mf_import_new(&imp, reg, NULL, &err))
        abort();
    mf_issues_init(&is, 20);
    mf_import_json(imp, "fuzz", (const char *)data + 1, size - 1, kind, &sink,
                   &is, &st, &err);
    if (a.json && !is.count[MF_SEV_ERROR]) {
        /* What was written reads back: a fresh import, since the id has
         * been seen. */
        char *first = a.json;
        a.json = NULL;
        mf_import_free(imp);
        if (mf_import_new(&imp, reg, NULL, &err))
            abort();
        mf_import_json(imp, "again", first, strlen(first), kind, &sink, &is,
                       &st, &err);
        if (!a.json || strcmp(first, a.json))
            abort();
        free(first);
    }
    free(a.json);
    mf_issues_free(&is);
    mf_import_free(imp);
    mf_registry_free(reg);
    return 0;
}
