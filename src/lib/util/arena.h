/*
 * arena.h - a bump allocator for many small objects that die together
 * (strings of a registry, scratch of one solve). Freeing the arena frees
 * everything taken from it; single objects are never freed.
 */
#ifndef MF_UTIL_ARENA_H
#define MF_UTIL_ARENA_H

#include <stddef.h>

struct arena_block;

struct arena {
    struct arena_block *head;
    size_t block_size;
    size_t total; /* bytes handed out, for reports */
};

void arena_init(struct arena *a, size_t block_size);
void arena_free(struct arena *a);
/* Returns n bytes aligned for any type, or NULL when memory is out. */
void *arena_alloc(struct arena *a, size_t n);
/* Copies s (may be NULL, then returns NULL) into the arena. */
char *arena_strdup(struct arena *a, const char *s);
char *arena_strndup(struct arena *a, const char *s, size_t n);

#endif
