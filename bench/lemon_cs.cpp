/*
 * lemon_cs.cpp - benchmark peer: LEMON 1.3 CostScaling (augment-relabel,
 * its default) on a DIMACS min-cost-flow file. Prints
 *   lemon_cs OBJECTIVE SOLVE_SECONDS PEAK_MB
 * in process CPU time, timing solver construction and run(), not reading
 * the file.
 *   lemon_cs FILE [push|augment|partial]   (default augment)
 */
#include "lemon_common.h"

#include <lemon/cost_scaling.h>

#include <cstring>

int main(int argc, char **argv)
{
    typedef lemon::CostScaling<Graph, Value, Value> CS;
    CS::Method method = CS::AUGMENT;
    LemonInstance in;

    if (argc < 2) {
        std::fprintf(stderr, "usage: lemon_cs FILE [push|augment|partial]\n");
        return 2;
    }
    if (argc > 2) {
        if (!std::strcmp(argv[2], "push"))
            method = CS::PUSH;
        else if (!std::strcmp(argv[2], "partial"))
            method = CS::PARTIAL_AUGMENT;
    }
    if (!lemon_read(argv[1], in)) {
        std::fprintf(stderr, "lemon_cs: cannot read %s\n", argv[1]);
        return 1;
    }
    double t0 = cpu_now();
    CS cs(in.g);
    cs.lowerMap(in.lower).upperMap(in.cap).costMap(in.cost).supplyMap(
        in.supply);
    CS::ProblemType r = cs.run(method);
    double secs = cpu_now() - t0;
    if (r != CS::OPTIMAL) {
        std::printf("lemon_cs %s - %.6f %.1f\n",
                    r == CS::INFEASIBLE ? "infeasible" : "unbounded", secs,
                    peak_mb());
        return 1;
    }
    std::printf("lemon_cs %lld %.6f %.1f\n", (long long)cs.totalCost(), secs,
                peak_mb());
    return 0;
}
