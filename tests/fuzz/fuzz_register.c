/*
 * fuzz_register.c - a public register's file read through the mapping
 * table (data/registers.csv) into a sites document: columns found by their
 * candidate names, words through the value tables, numbers, UTM zones and
 * GeoJSON polygons taken at their centroid. The first byte picks the
 * format (bit 0: GeoJSON), the register (bit 1: permits, else ngu) and
 * whether closed records are kept (bit 2).
 */
#include "masseflyt/register.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static struct mf_catalog *cat;
    static struct mf_register_map *maps[2];
    struct mf_register_opts opts = MF_REGISTER_OPTS_INIT;
    struct mf_register_result res;
    struct mf_issues is;
    struct mf_error err;
    int mode, i;

    /* The catalogue and the mapping tables are read once. */
    if (!cat) {
        char path[1100];
        if (mf_catalog_load(&cat, NULL, &err) != MF_OK)
            abort();
        snprintf(path, sizeof path, "%s/registers.csv", mf_catalog_dir(cat));
        for (i = 0; i < 2; i++)
            if (mf_register_map_load(&maps[i], path, i ? "permits" : "ngu", cat,
                                     &err) != MF_OK)
                abort();
    }
    if (size < 1)
        return 0;
    mode = data[0];
    opts.retrieved = 20000; /* a day in 2024 */
    opts.include_closed = (mode & 4) != 0;
    mf_issues_init(&is, 20);
    if (mf_register_convert_buffer(maps[(mode & 2) != 0], "fuzz",
                                   (const char *)data + 1, size - 1, mode & 1,
                                   &opts, &res, &is, &err) == MF_OK) {
        /* Every row written has its place in the file. */
        for (i = 0; (size_t)i < res.sites; i++)
            if (!mf_register_place(&res, (size_t)i + 2))
                abort();
        mf_register_result_free(&res);
    }
    mf_issues_free(&is);
    return 0;
}
