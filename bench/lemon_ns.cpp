/*
 * lemon_ns.cpp - benchmark peer: LEMON 1.3 NetworkSimplex on a DIMACS
 * min-cost-flow file. Prints
 *   lemon_ns OBJECTIVE SOLVE_SECONDS PEAK_MB
 * in process CPU time, timing only NetworkSimplex::run() (construction of the
 * solver object, which copies the graph into its arrays, is timed too, as it is
 * part of solving for a user; reading the file is not). lemon_ns FILE
 * [block|candidate|altering|first|best]   (default block)
 */
#include "lemon_common.h"

#include <lemon/network_simplex.h>

#include <cstring>

int main(int argc, char **argv)
{
    typedef lemon::NetworkSimplex<Graph, Value, Value> NS;
    NS::PivotRule rule = NS::BLOCK_SEARCH;
    LemonInstance in;

    if (argc < 2) {
        std::fprintf(stderr, "usage: lemon_ns FILE [block|candidate|"
                             "altering|first|best]\n");
        return 2;
    }
    if (argc > 2) {
        if (!std::strcmp(argv[2], "candidate"))
            rule = NS::CANDIDATE_LIST;
        else if (!std::strcmp(argv[2], "altering"))
            rule = NS::ALTERING_LIST;
        else if (!std::strcmp(argv[2], "first"))
            rule = NS::FIRST_ELIGIBLE;
        else if (!std::strcmp(argv[2], "best"))
            rule = NS::BEST_ELIGIBLE;
    }
    if (!lemon_read(argv[1], in)) {
        std::fprintf(stderr, "lemon_ns: cannot read %s\n", argv[1]);
        return 1;
    }
    double t0 = cpu_now();
    NS ns(in.g);
    ns.lowerMap(in.lower).upperMap(in.cap).costMap(in.cost).supplyMap(
        in.supply);
    NS::ProblemType r = ns.run(rule);
    double secs = cpu_now() - t0;
    if (r != NS::OPTIMAL) {
        std::printf("lemon_ns %s - %.6f %.1f\n",
                    r == NS::INFEASIBLE ? "infeasible" : "unbounded", secs,
                    peak_mb());
        return 1;
    }
    std::printf("lemon_ns %lld %.6f %.1f\n", (long long)ns.totalCost(), secs,
                peak_mb());
    return 0;
}
