/*
 * lemon_common.h - shared by the LEMON benchmark peers (lemon_ns.cpp,
 * lemon_cs.cpp): reads a DIMACS min-cost-flow file into a SmartDigraph,
 * reports peak RSS. LEMON 1.3 (Debian liblemon-dev, Boost licence) is
 * used only as a benchmark peer and test oracle.
 */
#ifndef MF_BENCH_LEMON_COMMON_H
#define MF_BENCH_LEMON_COMMON_H

#include <lemon/dimacs.h>
#include <lemon/smart_graph.h>

#include <ctime>
#include <cstdio>
#include <fstream>
#include <limits>
#include <sys/resource.h>

typedef long long Value;
typedef lemon::SmartDigraph Graph;

struct LemonInstance {
    Graph g;
    Graph::ArcMap<Value> lower, cap, cost;
    Graph::NodeMap<Value> supply;
    LemonInstance() : lower(g), cap(g), cost(g), supply(g)
    {
    }
};

/* masseflyt writes an unbounded capacity as MCF_INF (INT64_MAX / 4).
 * LEMON takes a capacity of std::numeric_limits<Value>::max() as
 * unbounded; given the large finite value instead, CostScaling pushes
 * with it and did not finish the planner's XS network in 300 s. */
static inline bool lemon_read(const char *path, LemonInstance &in)
{
    std::ifstream is(path);

    if (!is)
        return false;
    lemon::readDimacsMin(is, in.g, in.lower, in.cap, in.cost, in.supply);
    for (Graph::ArcIt a(in.g); a != lemon::INVALID; ++a)
        if (in.cap[a] >= std::numeric_limits<Value>::max() / 4)
            in.cap[a] = std::numeric_limits<Value>::max();
    return true;
}

static inline double peak_mb()
{
    struct rusage ru;

    getrusage(RUSAGE_SELF, &ru);
    return (double)ru.ru_maxrss / 1024.0;
}

/* Process CPU time: both solvers are single-threaded, and CPU time stays
 * meaningful on a shared machine where wall time does not. */
static inline double cpu_now()
{
    struct timespec ts;

    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

#endif
