/*
 * custody_bench.c - the chain-of-custody benchmark of issue 11: the demo
 * region, scaled so that its plan takes about N truckloads (default
 * 10,000,000), planned, turned into seeded tickets with faults of every
 * kind (src/lib/custody/gen.c), and then timed: the closed balance, all
 * the checks, the two together over one index (mf_custody_balance_check)
 * and plan against actual, each with the peak memory of the process
 * while it ran.
 *
 *   custody_bench [-n TICKETS] [-s SEED] [-f FAULTS] [-d DATA_DIR]
 *                 [-a 0|1]
 *
 * The records are timed as a compact set (struct mf_custody_set, the
 * bulk paths' form): the generator's records are copied into a set and
 * then freed, so that only the set is in memory. -a 1 keeps and times
 * the generator's arrays of public structs instead (the form before the
 * set), for a comparison.
 *   custody_bench -n TICKETS -f 0 --csv FILE   the tickets as a weighbridge
 *                  export for the import benchmark (custody-import.sh)
 *
 * Scaling: the demo's lots (quantities, stockpiles) and sites
 * (capacities, yearly permits) are multiplied by one factor, so the plan
 * keeps its shape and its capacities hold; the generator then follows
 * it at about one ticket per 24 t. Peak memory is VmHWM of
 * /proc/self/status, reset before each phase (clear_refs 5), so each
 * figure is the whole process: the records in memory and what the phase
 * adds on top. Not a test: run by hand (docs/CUSTODY.md has the figures
 * and the command).
 */
#include "custody_csv.h"
#include "masseflyt/custody.h"
#include "masseflyt/io.h"
#include "masseflyt/plan.h"

#ifdef __GLIBC__
#include <malloc.h>
#endif
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static double now(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* CPU seconds of the process: on a shared machine the wall clock also
 * counts the time others' jobs held the cores. */
static double cpu(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* kB of a /proc/self/status field ("VmHWM:", "VmRSS:"). */
static long status_kb(const char *field)
{
    FILE *f = fopen("/proc/self/status", "r");
    char line[256];
    long kb = -1;

    if (!f)
        return -1;
    while (fgets(line, sizeof line, f))
        if (!strncmp(line, field, strlen(field))) {
            kb = strtol(line + strlen(field), NULL, 10);
            break;
        }
    fclose(f);
    return kb;
}

static void reset_peak(void)
{
    FILE *f = fopen("/proc/self/clear_refs", "w");

    if (f) {
        fputs("5", f);
        fclose(f);
    }
}

static int keep_lot(void *ctx, enum mf_entity e, const void *rec,
                    struct mf_error *err)
{
    (void)err;
    return e == MF_ENT_LOT ? mf_registry_put_lot(ctx, rec) : 0;
}

static int load_demo(struct mf_registry *reg, const char *data,
                     struct mf_error *err)
{
    static const char *const files[] = {"orgs.csv", "projects.csv", "sites.csv",
                                        "lots.csv"};
    static const enum mf_entity kinds[] = {MF_ENT_ORG, MF_ENT_PROJECT,
                                           MF_ENT_SITE, MF_ENT_LOT};
    struct mf_import_opts opts = MF_IMPORT_OPTS_INIT;
    struct mf_import *imp = NULL;
    struct mf_import_sink sink = {.put = keep_lot, .ctx = reg};
    struct mf_issues is;
    struct mf_import_stats st;
    char path[1024];
    int i, rc;

    rc = mf_import_new(&imp, reg, &opts, err);
    mf_issues_init(&is, 100);
    for (i = 0; rc == MF_OK && i < 4; i++) {
        memset(&st, 0, sizeof st);
        snprintf(path, sizeof path, "%s/demo/%s", data, files[i]);
        rc = mf_import_file(imp, path, kinds[i], &sink, &is, &st, err);
    }
    mf_issues_free(&is);
    mf_import_free(imp);
    return rc;
}

/* Multiplies every lot's and site's amounts by k, in place. */
static int scale(struct mf_registry *reg, double k)
{
    size_t i;

    for (i = 0; i < mf_registry_count(reg, MF_ENT_LOT); i++) {
        struct mf_lot l = *mf_registry_lot_at(reg, i);

        l.quantity *= k;
        l.tonnes *= k;
        l.stockpile_t *= k;
        if (mf_registry_put_lot(reg, &l))
            return MF_ENOMEM;
    }
    for (i = 0; i < mf_registry_count(reg, MF_ENT_SITE); i++) {
        struct mf_site s = *mf_registry_site_at(reg, i);

        if (s.capacity_t >= 0) {
            s.capacity *= k;
            s.capacity_t *= k;
        }
        if (s.intake_t > 0)
            s.intake_t *= k;
        if (mf_registry_put_site(reg, &s))
            return MF_ENOMEM;
    }
    return MF_OK;
}

/* Tonnes the plan moves by truck out of surplus lots. */
static double lane_tonnes(const struct mf_plan *p)
{
    double t = 0;
    size_t i;

    for (i = 0; i < p->n_flows; i++)
        if (p->flows[i].from_kind == MF_END_SUPPLY &&
            p->flows[i].mode == MF_MODE_TRUCK &&
            (p->flows[i].to_kind == MF_END_DEMAND ||
             p->flows[i].to_kind == MF_END_STORAGE ||
             p->flows[i].to_kind == MF_END_PROCESSING ||
             p->flows[i].to_kind == MF_END_RECEIVING))
            t += p->flows[i].tonnes;
    return t;
}

int main(int argc, char **argv)
{
    size_t n = 10000000;
    uint64_t seed = 1;
    int faults = 5, i;
    const char *data = MF_DATA_DIR_BENCH, *csv = NULL;
    struct mf_catalog *cat = NULL;
    struct mf_factors *fx = NULL;
    struct mf_registry *reg = NULL;
    struct mf_plan *plan = NULL;
    struct mf_plan_opts po = MF_PLAN_OPTS_INIT;
    struct mf_custody_gen_opts go = MF_CUSTODY_GEN_OPTS_INIT;
    struct mf_custody_gen *g = NULL;
    struct mf_custody_set *set = NULL;
    struct mf_custody_data cd;
    struct inj {
        enum mf_custody_check check;
        char id[64];
    } *inj = NULL;
    size_t n_inj = 0;
    int64_t as_of;
    int arrays = 0;
    struct mf_custody_opts o = MF_CUSTODY_OPTS_INIT;
    struct mf_custody_balance *b = NULL;
    struct mf_custody_findings *f = NULL;
    struct mf_custody_pva *p = NULL;
    struct mf_custody_params prm;
    struct mf_error err = {0};
    double t0, c0, k, t_bal, t_chk, t_pva, c_bal, c_chk, c_pva, t_both, c_both;
    long hwm_data, hwm_bal, hwm_chk, hwm_pva, hwm_both;
    size_t c, found_injected = 0, j;

    for (i = 1; i + 1 < argc; i += 2) {
        if (!strcmp(argv[i], "-n"))
            n = strtoull(argv[i + 1], NULL, 10);
        else if (!strcmp(argv[i], "-s"))
            seed = strtoull(argv[i + 1], NULL, 10);
        else if (!strcmp(argv[i], "-f"))
            faults = (int)strtol(argv[i + 1], NULL, 10);
        else if (!strcmp(argv[i], "-d"))
            data = argv[i + 1];
        else if (!strcmp(argv[i], "-a"))
            arrays = (int)strtol(argv[i + 1], NULL, 10);
        else if (!strcmp(argv[i], "--csv"))
            csv = argv[i + 1];
    }
    if (mf_catalog_load(&cat, data, &err) || mf_factors_load(&fx, data, &err) ||
        mf_custody_params_load(&prm, data, &err) ||
        mf_registry_new(&reg, cat, &err) || load_demo(reg, data, &err) ||
        mf_plan_solve(reg, fx, &po, &plan, &err))
        goto fail;
    /* Scale the region so that its plan makes about n loads of 24 t. */
    k = (double)n * 24 / lane_tonnes(plan);
    mf_plan_free(plan);
    plan = NULL;
    t0 = now();
    if (scale(reg, k) || mf_plan_solve(reg, fx, &po, &plan, &err) ||
        mf_custody_gen_fixtures(reg, &err))
        goto fail;
    printf("region: demo x %.2f, plan of %d %s periods solved in %.2f s\n", k,
           plan->periods.n, mf_period_kind_name(plan->periods.kind),
           now() - t0);
    go.seed = seed;
    go.n_tickets = n;
    go.faults_per_check = faults;
    t0 = now();
    if (mf_custody_generate(reg, plan, &go, &g, &err))
        goto fail;
    printf("generated: %zu tickets, %zu receipts, %zu documents, %zu "
           "vehicles, %zu injected faults in %.2f s\n",
           g->data.n_tickets, g->data.n_receipts, g->data.n_docs,
           g->data.n_vehicles, g->n_injected, now() - t0);
    if (csv) {
        size_t rows, rcpts;
        int bad = custody_write_csv(cat, &g->data, csv, &rows, &rcpts);
        if (!bad)
            printf("%s: %zu rows, %zu with a receipt\n", csv, rows, rcpts);
        mf_custody_gen_free(g);
        mf_plan_free(plan);
        mf_registry_free(reg);
        mf_factors_free(fx);
        mf_catalog_free(cat);
        return bad ? 1 : 0;
    }
    /* What the checks must find: a copy, the generator's strings go. */
    n_inj = g->n_injected;
    inj = calloc(n_inj + 1, sizeof *inj);
    if (!inj)
        goto nomem;
    for (j = 0; j < n_inj; j++) {
        inj[j].check = g->injected[j].check;
        snprintf(inj[j].id, sizeof inj[j].id, "%s", g->injected[j].id);
    }
    as_of = g->as_of;
    if (arrays) {
        cd = g->data;
    } else {
        t0 = now();
        if (mf_custody_set_new(&set) || mf_custody_set_add(set, &g->data) ||
            mf_custody_set_data(set, &cd))
            goto nomem;
        mf_custody_gen_free(g);
        g = NULL;
#ifdef __GLIBC__
        /* The generator's strings were small blocks on the heap, below
         * the set's: free, but kept by malloc. Give them back, so that
         * what is measured is the set (a store's load has no generator). */
        malloc_trim(0);
#endif
        printf("copied into a compact set in %.2f s\n", now() - t0);
    }
    printf("records in memory (%s): VmRSS %.0f MB\n",
           arrays ? "arrays of structs" : "compact set",
           status_kb("VmRSS:") / 1024.0);
    hwm_data = status_kb("VmRSS:");

    o.as_of = as_of;
    o.params = &prm;
    o.plan = plan;
    o.factors = fx;
    o.max_findings = 1000000;
    reset_peak();
    t0 = now();
    c0 = cpu();
    if (mf_custody_balance(reg, &cd, &o, &b, &err))
        goto fail;
    t_bal = now() - t0;
    c_bal = cpu() - c0;
    hwm_bal = status_kb("VmHWM:");
    printf("balance: %zu rows, %zu differences beyond tolerance\n", b->n_rows,
           b->n_diffs);
    mf_custody_balance_free(b);
    reset_peak();
    t0 = now();
    c0 = cpu();
    if (mf_custody_check(reg, &cd, &o, 0, &f, &err))
        goto fail;
    t_chk = now() - t0;
    c_chk = cpu() - c0;
    hwm_chk = status_kb("VmHWM:");
    for (j = 0; j < n_inj; j++)
        for (c = 0; c < f->n; c++)
            if (f->items[c].check == inj[j].check &&
                !strcmp(f->items[c].id, inj[j].id)) {
                found_injected++;
                break;
            }
    printf("checks: %zu findings (%zu of %zu injected faults found)\n", f->n,
           found_injected, n_inj);
    for (c = 0; c < MF_CHK_COUNT; c++)
        if (f->count[c])
            printf("  %-14s %zu\n", mf_custody_check_name(c), f->count[c]);
    mf_custody_findings_free(f);
    /* The two again, over one index (mf_custody_balance_check). */
    reset_peak();
    t0 = now();
    c0 = cpu();
    if (mf_custody_balance_check(reg, &cd, &o, 0, &b, &f, &err))
        goto fail;
    t_both = now() - t0;
    c_both = cpu() - c0;
    hwm_both = status_kb("VmHWM:");
    printf("balance and checks over one index: %zu rows, %zu findings\n",
           b->n_rows, f->n);
    mf_custody_balance_free(b);
    mf_custody_findings_free(f);
    reset_peak();
    t0 = now();
    c0 = cpu();
    if (mf_custody_plan_vs_actual(reg, &cd, &o, &p, &err))
        goto fail;
    t_pva = now() - t0;
    c_pva = cpu() - c0;
    hwm_pva = status_kb("VmHWM:");
    printf("plan against actual: %zu flows; reuse %.1f %% planned, %.1f %% "
           "actual; truck-km %.3g planned, %.3g actual\n",
           p->n_flows, 100 * p->kpi[0].reuse_rate_planned,
           100 * p->kpi[0].reuse_rate_actual, p->kpi[0].truck_km_planned,
           p->kpi[0].truck_km_actual);
    mf_custody_pva_free(p);
    printf("\n%-22s %9s %9s %12s %14s\n", "phase", "wall s", "CPU s",
           "peak RSS MB", "above data MB");
    printf("%-22s %9.2f %9.2f %12.0f %14.0f\n", "balance", t_bal, c_bal,
           hwm_bal / 1024.0, (hwm_bal - hwm_data) / 1024.0);
    printf("%-22s %9.2f %9.2f %12.0f %14.0f\n", "checks (all)", t_chk, c_chk,
           hwm_chk / 1024.0, (hwm_chk - hwm_data) / 1024.0);
    printf("%-22s %9.2f %9.2f %12.0f %14.0f\n", "plan against actual", t_pva,
           c_pva, hwm_pva / 1024.0, (hwm_pva - hwm_data) / 1024.0);
    printf("%-22s %9.2f %9.2f\n", "balance + checks", t_bal + t_chk,
           c_bal + c_chk);
    printf("%-22s %9.2f %9.2f %12.0f %14.0f\n", "both over one index", t_both,
           c_both, hwm_both / 1024.0, (hwm_both - hwm_data) / 1024.0);
    mf_custody_gen_free(g);
    mf_custody_set_free(set);
    free(inj);
    mf_plan_free(plan);
    mf_registry_free(reg);
    mf_factors_free(fx);
    mf_catalog_free(cat);
    return 0;
nomem:
    mf_error_set(&err, MF_ENOMEM, "out of memory");
fail:
    fprintf(stderr, "custody_bench: %s%s%s\n", err.where,
            err.where[0] ? ": " : "", err.message);
    return 1;
}
