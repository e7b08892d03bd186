/*
 * benchutil.h - what the benchmark programs share: a whole file read into
 * memory, the process's CPU time and its peak memory.
 */
#ifndef MF_BENCHUTIL_H
#define MF_BENCHUTIL_H

#include <stddef.h>

/* The whole file at path, malloc'ed (caller frees) and NUL-terminated,
 * its length in *len; NULL when it cannot be read. */
char *bench_slurp(const char *path, size_t *len);
/* CPU seconds this process has used, all threads. */
double bench_cpu_seconds(void);
/* The process's peak resident memory in MB. */
double bench_peak_mb(void);

#endif
