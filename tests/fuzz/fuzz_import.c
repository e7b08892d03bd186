/*
 * fuzz_import.c - the importer's mapping from records to registry
 * entities (types, references, coordinates through PROJ, rules), fed any
 * CSV or GeoJSON bytes as a file of sites and as a file of lots. The first
 * byte picks the format and the kind.
 */
#include "masseflyt/io.h"

#include <stdint.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static struct mf_catalog *cat;
    struct mf_registry *reg = NULL;
    struct mf_import *imp = NULL;
    struct mf_issues is;
    struct mf_import_stats st = {0};
    struct mf_error err;
    int mode;

    /* The catalogue is read once; it is never changed by an import. */
    if (!cat && mf_catalog_load(&cat, NULL, &err) != MF_OK)
        abort();
    if (size < 1)
        return 0;
    mode = data[0];
    if (mf_registry_new(&reg, cat, &err) ||
        mf_import_new(&imp, reg, NULL, &err))
        abort();
    mf_issues_init(&is, 20);
    mf_import_buffer(imp, "fuzz", (const char *)data + 1, size - 1, mode & 1,
                     mode & 2 ? MF_ENT_LOT : MF_ENT_SITE, NULL, &is, &st, &err);
    mf_issues_free(&is);
    mf_import_free(imp);
    mf_registry_free(reg);
    return 0;
}
