/*
 * fuzz_geojson.c - libFuzzer target for the GeoJSON reader (format/geojson.c
 * on top of jansson, and the decoding in format/records.c). The first byte
 * picks the encoding and a small field cap; the rest is the document.
 * Every feature and value is read, every value is given to
 * rec_parse_number, and the reader's promises are checked (UTF-8 values,
 * x and y both present or both NULL, epsg one of the accepted codes).
 * Jansson itself is not instrumented (a Debian library), so coverage
 * grows in our walk over its tree, which is what this target is for.
 *
 * Built as a libFuzzer binary with -DMF_FUZZ=ON, and replayed over
 * tests/fuzz/corpus/geojson/ by tests/fuzz/replay.c in every build.
 */
#include "format/records.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_utf8(const char *s)
{
    const unsigned char *u = (const unsigned char *)s;
    size_t n = strlen(s);
    size_t i = 0;

    while (i < n) {
        size_t k;
        size_t j;

        if (u[i] < 0x80) {
            i++;
            continue;
        }
        if (u[i] >= 0xC2 && u[i] <= 0xDF)
            k = 2;
        else if (u[i] >= 0xE0 && u[i] <= 0xEF)
            k = 3;
        else if (u[i] >= 0xF0 && u[i] <= 0xF4)
            k = 4;
        else
            abort();
        if (i + k > n)
            abort();
        for (j = 1; j < k; j++)
            if ((u[i + j] & 0xC0) != 0x80)
                abort();
        i += k;
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct rec_opts opts = REC_OPTS_INIT;
    struct rec_reader *r = NULL;
    struct mf_error err;
    size_t n_cols;
    size_t i;
    int cx;
    int cy;
    int ce;
    int rc;

    if (size < 1)
        return 0;
    opts.encoding = (enum rec_encoding)(data[0] & 3);
    opts.max_field_bytes = (data[0] & 4) ? 8 : 0;
    rc = rec_open_geojson_mem(&r, "fuzz.geojson", (const char *)data + 1,
                              size - 1, &opts, &err);
    if (rc != 0) {
        if (r || rc > 0 || strlen(err.message) == 0)
            abort();
        return 0;
    }
    n_cols = rec_n_columns(r);
    for (i = 0; i < n_cols; i++) {
        const char *name = rec_column_name(r, i);

        check_utf8(name);
        if (rec_column(r, name) != (int)i)
            abort();
    }
    cx = rec_column(r, "x");
    cy = rec_column(r, "y");
    ce = rec_column(r, "epsg");
    if (cx < 0 || cy < 0 || ce < 0)
        abort();
    while ((rc = rec_next(r, &err)) == 1) {
        const char *epsg = rec_value(r, ce);
        double d;

        if (!epsg || (strcmp(epsg, "4326") && strcmp(epsg, "4258") &&
                      strcmp(epsg, "25832") && strcmp(epsg, "25833") &&
                      strcmp(epsg, "25835")))
            abort();
        if (!rec_value(r, cx) != !rec_value(r, cy))
            abort();
        if (rec_value(r, cx) && rec_parse_number(rec_value(r, cx), &d, &err))
            abort();
        check_utf8(rec_where(r));
        for (i = 0; i < n_cols; i++) {
            const char *v = rec_value(r, (int)i);

            if (!v)
                continue;
            check_utf8(v);
            if (rec_parse_number(v, &d, &err) == 0 && !isfinite(d))
                abort();
        }
    }
    if (rc < 0 && strlen(err.message) == 0)
        abort();
    rec_close(r);
    return 0;
}
