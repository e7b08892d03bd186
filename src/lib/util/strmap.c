/*
 * strmap.c - open addressing with linear probing; grows at 50 % load.
 */
#include "util/strmap.h"

#include "masseflyt/error.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

size_t strmap_hash(const char *s)
{
    uint64_t h = 1469598103934665603ULL;

    while (*s) {
        h ^= (unsigned char)*s++;
        h *= 1099511628211ULL;
    }
    return (size_t)(h ^ (h >> 29));
}

void strmap_init(struct strmap *m)
{
    m->keys = NULL;
    m->vals = NULL;
    m->n = 0;
    m->mask = 0;
}

void strmap_free(struct strmap *m)
{
    free(m->keys);
    free(m->vals);
    strmap_init(m);
}

static int grow(struct strmap *m)
{
    size_t cap = m->mask ? (m->mask + 1) * 2 : 64;
    const char **keys = calloc(cap, sizeof *keys);
    int *vals = malloc(cap * sizeof *vals);
    size_t i;

    if (!keys || !vals) {
        free(keys);
        free(vals);
        return MF_ENOMEM;
    }
    for (i = 0; m->mask && i <= m->mask; i++) {
        size_t j;

        if (!m->keys[i])
            continue;
        j = strmap_hash(m->keys[i]) & (cap - 1);
        while (keys[j])
            j = (j + 1) & (cap - 1);
        keys[j] = m->keys[i];
        vals[j] = m->vals[i];
    }
    free(m->keys);
    free(m->vals);
    m->keys = keys;
    m->vals = vals;
    m->mask = cap - 1;
    return MF_OK;
}

int strmap_put(struct strmap *m, const char *key, int val)
{
    size_t j;

    if ((m->n + 1) * 2 > (m->mask ? m->mask + 1 : 0)) {
        int rc = grow(m);
        if (rc)
            return rc;
    }
    j = strmap_hash(key) & m->mask;
    while (m->keys[j]) {
        if (strcmp(m->keys[j], key) == 0) {
            m->vals[j] = val;
            return MF_OK;
        }
        j = (j + 1) & m->mask;
    }
    m->keys[j] = key;
    m->vals[j] = val;
    m->n++;
    return MF_OK;
}

int strmap_get(const struct strmap *m, const char *key)
{
    size_t j;

    if (!m->mask)
        return -1;
    j = strmap_hash(key) & m->mask;
    while (m->keys[j]) {
        if (strcmp(m->keys[j], key) == 0)
            return m->vals[j];
        j = (j + 1) & m->mask;
    }
    return -1;
}
