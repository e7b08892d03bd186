/*
 * test_rng.h - the seeded random numbers of the solver tests (mcf_test.c,
 * mcf_warm_test.c, mcf_pieces.h): xorshift64*, the same sequence for a
 * given seed on every platform. Header-only (static functions).
 */
#ifndef MF_TESTS_TEST_RNG_H
#define MF_TESTS_TEST_RNG_H

#include <stdint.h>

static uint64_t rng_next(uint64_t *s)
{
    *s ^= *s >> 12;
    *s ^= *s << 25;
    *s ^= *s >> 27;
    return *s * 2685821657736338717ULL;
}

/* A whole number in [lo, hi]. */
static int64_t rng_range(uint64_t *s, int64_t lo, int64_t hi)
{
    return lo + (int64_t)(rng_next(s) % (uint64_t)(hi - lo + 1));
}

#endif
