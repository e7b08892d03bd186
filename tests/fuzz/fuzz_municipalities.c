/*
 * fuzz_municipalities.c - libFuzzer target for the reader of Kartverket's
 * administrative units (mf_municipalities_read in src/lib/places.c: the
 * GeoJSON a `masseflyt import-municipalities` loads). The whole input is
 * the document. What it promises is checked: an error has a message and
 * no result; a result has at least one municipality, each with a
 * 4-digit number found again by mf_municipalities_find, a name, and a
 * geometry in WGS84 that reads back through mf_municipalities_add (as the
 * store reads it); a point lookup answers a valid index or -1.
 *
 * Built as a libFuzzer binary with -DMF_FUZZ=ON, and replayed over
 * tests/fuzz/corpus/municipalities/ by tests/fuzz/replay.c in every build.
 */
#include "masseflyt/places.h"

#include <ctype.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct mf_municipalities *m = NULL, *back = NULL;
    struct mf_error err;
    size_t i, n;
    int rc, k;

    memset(&err, 0, sizeof err);
    rc = mf_municipalities_read(&m, "fuzz.geojson", (const char *)data, size,
                                &err);
    if (rc != 0) {
        if (m || rc > 0 || strlen(err.message) == 0)
            abort();
        return 0;
    }
    if (!m || (n = mf_municipalities_count(m)) == 0)
        abort();
    if (mf_municipalities_new(&back, &err))
        abort();
    for (i = 0; i < n; i++) {
        const char *num = mf_municipality_number(m, i);
        const char *geo = mf_municipality_geometry(m, i);

        if (!num || strlen(num) != 4 || !mf_municipality_name(m, i) || !geo)
            abort();
        for (k = 0; k < 4; k++)
            if (!isdigit((unsigned char)num[k]))
                abort();
        if (mf_municipalities_find(m, num) != (int)i)
            abort();
        if (mf_municipalities_add(back, num, mf_municipality_name(m, i), geo,
                                  &err))
            abort();
    }
    k = mf_municipalities_at(m, 10.75, 59.91);
    if (k < -1 || k >= (int)n)
        abort();
    mf_municipalities_free(back);
    mf_municipalities_free(m);
    return 0;
}
