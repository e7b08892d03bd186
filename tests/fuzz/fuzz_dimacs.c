/*
 * fuzz_dimacs.c - libFuzzer target for the DIMACS min-cost-flow reader
 * (plan/mcf.c, mcf_read_dimacs). Every input must either parse or be
 * refused with a line number and a message; nothing may crash, leak or
 * invoke undefined behaviour. When a small network parses, it is solved
 * with the optimality certificate on, written back in DIMACS, read again
 * and solved again: both solves must give the same status and optimum.
 * The node limit is small so that a header such as "p min 999999999 0"
 * is refused instead of allocating gigabytes.
 */
#include "plan/mcf.h"
#include "plan/mcf_int.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int solve(struct mcf *m, int64_t *obj)
{
    struct mcf_opts o = MCF_OPTS_INIT;
    struct mf_error err = {0};
    int rc;

    o.check = 1;
    rc = mcf_solve(m, &o, &err);
    if (rc == MF_ERR) {
        fprintf(stderr, "certificate failed: %s: %s\n", err.where, err.message);
        abort();
    }
    if (rc != MF_OK && err.message[0] == '\0')
        abort(); /* a failure must say why */
    *obj = rc == MF_OK ? mcf_objective(m) : 0;
    return rc;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct mf_error err = {0};
    struct mcf *m = NULL;
    int rc;

    rc = mcf_read_dimacs_limit(&m, (const char *)data, size, 4096, &err);
    if (rc != MF_OK) {
        if (m != NULL || err.message[0] == '\0')
            abort(); /* refusals leave nothing and say why */
        return 0;
    }
    if (mcf_n_nodes(m) <= 300 && mcf_n_arcs(m) <= 3000) {
        struct mcf *r = NULL;
        char *buf = NULL;
        size_t len = 0;
        FILE *f = open_memstream(&buf, &len);
        int64_t o1, o2;
        int rc1, rc2;

        rc1 = solve(m, &o1);
        if (f) {
            if (mcf_write_dimacs(m, f, "round trip", &err) != MF_OK)
                abort();
            fclose(f);
            if (mcf_read_dimacs_limit(&r, buf, len, 4096, &err) != MF_OK) {
                fprintf(stderr, "re-read failed: %s: %s\n", err.where,
                        err.message);
                abort();
            }
            rc2 = solve(r, &o2);
            if (rc1 != rc2 || o1 != o2)
                abort();
            mcf_free(r);
            free(buf);
        }
    }
    mcf_free(m);
    return 0;
}
