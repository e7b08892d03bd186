/*
 * vec.c - see vec.h.
 */
#include "util/vec.h"

#include "masseflyt/error.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int vec_reserve_(void *ptr_addr, size_t elem, void *cap_addr, size_t cap_size,
                 size_t need)
{
    size_t cap, nc;
    void *old, *p;

    /* The capacity is a size_t or an int; read and write it as such. */
    if (cap_size == sizeof(size_t)) {
        memcpy(&cap, cap_addr, sizeof cap);
    } else {
        int c;
        memcpy(&c, cap_addr, sizeof c);
        cap = c < 0 ? 0 : (size_t)c;
    }
    if (need <= cap)
        return MF_OK;
    nc = cap ? cap : 16;
    while (nc < need) {
        if (nc > SIZE_MAX / 2)
            return MF_ENOMEM;
        nc *= 2;
    }
    if (cap_size != sizeof(size_t) && nc > INT32_MAX)
        return MF_ENOMEM;
    if (elem && nc > SIZE_MAX / elem)
        return MF_ENOMEM;
    memcpy(&old, ptr_addr, sizeof old);
    p = realloc(old, nc * elem);
    if (!p)
        return MF_ENOMEM;
    memcpy(ptr_addr, &p, sizeof p);
    if (cap_size == sizeof(size_t)) {
        memcpy(cap_addr, &nc, sizeof nc);
    } else {
        int c = (int)nc;
        memcpy(cap_addr, &c, sizeof c);
    }
    return MF_OK;
}
