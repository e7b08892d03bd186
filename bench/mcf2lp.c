/*
 * mcf2lp.c - converts a DIMACS min-cost-flow file into an LP in CPLEX LP
 * format, for LP solvers that do not read DIMACS (COIN-OR Clp in
 * bench/peers.sh). Variable x<a> is arc a (0-based, DIMACS order), row
 * n<v> is node v's conservation: out - in = supply. Lower bounds were
 * shifted into the supplies by the reader; the objective line gives the
 * shifted cost as a comment.
 *
 *   mcf2lp FILE.min > FILE.lp
 */
#include "benchutil.h"
#include "plan/mcf.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>

int main(int argc, char **argv)
{
    struct mf_error err = {0};
    struct mcf *m = NULL;
    size_t len = 0;
    char *text;
    int n, na, a, v, terms;
    int *start, *adj, *fill;

    if (argc != 2) {
        fprintf(stderr, "usage: mcf2lp FILE.min > FILE.lp\n");
        return 2;
    }
    text = bench_slurp(argv[1], &len);
    if (!text) {
        fprintf(stderr, "mcf2lp: cannot read %s\n", argv[1]);
        return 1;
    }
    if (mcf_read_dimacs(&m, text, len, &err) != MF_OK) {
        fprintf(stderr, "mcf2lp: %s: %s: %s\n", argv[1], err.where,
                err.message);
        free(text);
        return 1;
    }
    free(text);
    n = mcf_n_nodes(m);
    na = mcf_n_arcs(m);
    /* Incidence lists: arc a appears at its tail (+1) and head (-1). */
    start = calloc((size_t)n + 2, sizeof *start);
    fill = calloc((size_t)n + 1, sizeof *fill);
    adj = malloc(((size_t)2 * na + 1) * sizeof *adj);
    if (!start || !fill || !adj) {
        fprintf(stderr, "mcf2lp: out of memory\n");
        return 1;
    }
    for (a = 0; a < na; a++) {
        if (mcf_arc_tail(m, a) == mcf_arc_head(m, a))
            continue; /* a self-loop is in no row */
        start[mcf_arc_tail(m, a) + 1]++;
        start[mcf_arc_head(m, a) + 1]++;
    }
    for (v = 0; v < n; v++)
        start[v + 1] += start[v];
    for (a = 0; a < na; a++) {
        int t = mcf_arc_tail(m, a), h = mcf_arc_head(m, a);

        if (t == h)
            continue;
        adj[start[t] + fill[t]++] = a + 1;    /* +1: out of the node */
        adj[start[h] + fill[h]++] = -(a + 1); /* -1: into the node */
    }
    printf("\\ masseflyt bench/mcf2lp from %s\n", argv[1]);
    printf("\\ lower-bound cost offset %" PRId64 "\n",
           mcf_lower_bound_offset(m));
    printf("Minimize\n obj:");
    terms = 0;
    for (a = 0; a < na; a++) {
        int64_t c = mcf_arc_cost(m, a);

        if (c == 0 && mcf_arc_tail(m, a) != mcf_arc_head(m, a))
            continue;
        printf(" %c %" PRId64 " x%d", c < 0 ? '-' : '+', c < 0 ? -c : c, a);
        if (++terms % 8 == 0)
            printf("\n");
    }
    if (terms == 0)
        printf(" 0 x0");
    printf("\nSubject To\n");
    for (v = 0; v < n; v++) {
        int j;

        if (start[v] == start[v + 1] && mcf_supply(m, v) == 0)
            continue;
        printf(" n%d:", v + 1);
        if (start[v] == start[v + 1])
            printf(" 0 x0");
        for (j = start[v]; j < start[v + 1]; j++) {
            printf(" %c x%d", adj[j] > 0 ? '+' : '-',
                   (adj[j] > 0 ? adj[j] : -adj[j]) - 1);
            if ((j - start[v]) % 10 == 9)
                printf("\n");
        }
        printf(" = %" PRId64 "\n", mcf_supply(m, v));
    }
    printf("Bounds\n");
    for (a = 0; a < na; a++) {
        if (mcf_arc_cost(m, a) == 0 && mcf_arc_tail(m, a) == mcf_arc_head(m, a))
            continue;
        if (mcf_arc_cap(m, a) < MCF_INF)
            printf(" 0 <= x%d <= %" PRId64 "\n", a, mcf_arc_cap(m, a));
    }
    printf("End\n");
    free(start);
    free(fill);
    free(adj);
    mcf_free(m);
    return ferror(stdout) ? 1 : 0;
}
