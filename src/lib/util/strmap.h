/*
 * strmap.h - an open-addressing hash map from string keys to int values.
 * Keys are not copied: they must outlive the map (they live in an arena or
 * in the registry that owns the map).
 */
#ifndef MF_UTIL_STRMAP_H
#define MF_UTIL_STRMAP_H

#include <stddef.h>

struct strmap {
    const char **keys;
    int *vals;
    size_t n;
    size_t mask; /* capacity - 1; capacity is a power of two */
};

void strmap_init(struct strmap *m);
void strmap_free(struct strmap *m);
/* Sets key -> val, replacing an old value. Returns 0 or MF_ENOMEM. */
int strmap_put(struct strmap *m, const char *key, int val);
/* Returns the value for key, or -1 when key is absent. */
int strmap_get(const struct strmap *m, const char *key);
/* FNV-1a, for other tables that hash strings the same way. */
size_t strmap_hash(const char *s);

#endif
