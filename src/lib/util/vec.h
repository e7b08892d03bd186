/*
 * vec.h - growing an array held as (pointer, count, capacity), the one
 * place the library doubles an array's capacity.
 *
 *     if (vec_reserve(d->km, d->cap, d->n + 1))
 *         return MF_ENOMEM;
 *     d->km[d->n++] = km;
 *
 * On failure the array is left as it was.
 */
#ifndef MF_UTIL_VEC_H
#define MF_UTIL_VEC_H

#include <stddef.h>

/* Makes room for at least `need` elements in `ptr` (an lvalue pointer to
 * elements) whose capacity is `cap` (an lvalue size_t or int); the
 * capacity at least doubles. Returns 0 or MF_ENOMEM. */
#define vec_reserve(ptr, cap, need)                                            \
    vec_reserve_((void *)&(ptr), sizeof *(ptr), &(cap), sizeof(cap), (need))

int vec_reserve_(void *ptr_addr, size_t elem, void *cap_addr, size_t cap_size,
                 size_t need);

#endif
