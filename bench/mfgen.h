/*
 * mfgen.h - a seeded generator of min-cost-flow networks shaped like the
 * planner's time-expanded mass-flow problem (docs/internals/mcf.md).
 *
 * This is a NETWORK-LEVEL STAND-IN for solver work: it draws lots, sites
 * and periods itself and emits nodes and arcs directly; it does not go
 * through plan/build.c, has no real materials catalogue, roads or
 * emission factors, and models processing with yield 1. What it keeps is
 * the structure that drives the simplex: sites clustered around towns
 * with Zipf weights, lognormal lot sizes, supply and demand windows over
 * the horizon, k candidate transport arcs per supply node (nearest
 * compatible destinations), storage inventory chains over every period,
 * processing with per-period capacity, landfills with a total capacity,
 * quarries with per-period capacity, and penalised slack arcs, all
 * balanced through one node Z so that every instance is feasible.
 *
 * With yields (mfgen_build_yields), each processing site turns a tonne
 * of input into `yield` tonnes of product and 1 - yield of a rest
 * fraction, which goes to the nearest landfills (haul and gate fee) or is
 * left unplaced at the penalty: a generalised network (plan/gnet.h),
 * whose processing arcs and outputs go into a struct gnet.
 *
 * Header-only (static functions) so that bench/gen_network.c and the
 * GLPK agreement tests share it. Uses only the public mcf.h and gnet.h
 * APIs.
 */
#ifndef MF_BENCH_MFGEN_H
#define MF_BENCH_MFGEN_H

#include "plan/gnet.h"
#include "plan/mcf.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

struct mfgen_params {
    const char *name;
    int supply_lots;
    int demand_lots;
    int sites;
    int periods;
    int k;            /* candidate transport arcs per supply lot */
    double region_km; /* side of the square region */
};

/* The sizes of docs/internals/mcf.md (from the planning-model notes). */
static const struct mfgen_params mfgen_sizes[] = {
    {"XS", 500, 500, 50, 12, 30, 150.0},
    {"S", 1000, 1000, 100, 24, 30, 200.0},
    {"M", 2000, 2000, 200, 24, 30, 300.0},
    {"L", 5000, 5000, 500, 52, 30, 500.0},
    {"XL", 10000, 10000, 1000, 52, 30, 700.0},
    {"national", 20000, 20000, 2000, 104, 30, 1200.0},
};

struct mfgen_rng {
    uint64_t s;
};

static uint64_t mfgen_next(struct mfgen_rng *r)
{
    /* splitmix64 */
    uint64_t z = (r->s += 0x9E3779B97F4A7C15ULL);

    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}

static double mfgen_unif(struct mfgen_rng *r)
{
    return (double)(mfgen_next(r) >> 11) * (1.0 / 9007199254740992.0);
}

static int mfgen_int(struct mfgen_rng *r, int lo, int hi)
{
    return lo + (int)(mfgen_next(r) % (uint64_t)(hi - lo + 1));
}

static double mfgen_normal(struct mfgen_rng *r)
{
    double u = mfgen_unif(r), v = mfgen_unif(r);

    if (u < 1e-300)
        u = 1e-300;
    return sqrt(-2.0 * log(u)) * cos(6.283185307179586 * v);
}

enum { MFGEN_MATERIALS = 4 };
enum { SITE_STORAGE, SITE_PROCESS, SITE_LANDFILL, SITE_QUARRY };

struct mfgen_lot {
    double x, y;
    int material; /* supply: material; demand: use class */
    int t0, t1;   /* window, inclusive */
    int64_t per_period;
    int node0; /* node of period t0 */
};

struct mfgen_site {
    double x, y;
    int kind;
    int material;
    int64_t cap;  /* storage: inventory; process, quarry: per period;
                     landfill: total */
    int64_t cost; /* holding, processing, gate fee or price per tonne */
    int node0;    /* first node; processing has 2 per period */
    int total;    /* landfill: the node collecting all periods */
};

/* Whether demand class c accepts material m: class c takes material c,
 * and classes 1 and 2 (fills) also take material 3 (crushed rock). */
static int mfgen_accepts(int c, int m)
{
    return c == m || ((c == 1 || c == 2) && m == 3);
}

/* Keeps the k smallest (dist, id) pairs in a max-heap. */
struct mfgen_heap {
    double *d;
    int *id;
    int n, k;
};

static void mfgen_heap_push(struct mfgen_heap *h, double d, int id)
{
    int i, p;

    if (h->n == h->k) {
        if (d >= h->d[0])
            return;
        /* replace the root and sift down */
        i = 0;
        for (;;) {
            int c = 2 * i + 1;

            if (c >= h->n)
                break;
            if (c + 1 < h->n && h->d[c + 1] > h->d[c])
                c++;
            if (h->d[c] <= d)
                break;
            h->d[i] = h->d[c];
            h->id[i] = h->id[c];
            i = c;
        }
        h->d[i] = d;
        h->id[i] = id;
        return;
    }
    i = h->n++;
    while (i > 0) {
        p = (i - 1) / 2;
        if (h->d[p] >= d)
            break;
        h->d[i] = h->d[p];
        h->id[i] = h->id[p];
        i = p;
    }
    h->d[i] = d;
    h->id[i] = id;
}

/* A town drawn with Zipf weights (tw holds the running sums). */
static int mfgen_town(struct mfgen_rng *r, const double *tw, int ntowns,
                      double wsum)
{
    double u = mfgen_unif(r) * wsum;
    int lo = 0, hi = ntowns - 1;

    while (lo < hi) {
        int mid = (lo + hi) / 2;

        if (tw[mid] < u)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

/* Integer cost of hauling a tonne over straight-line distance d km
 * (circuity 1.3, 2.5 NOK per tonne-km with the empty return, 20 NOK
 * loading; unit 0.01 NOK). */
static int64_t mfgen_haul(double d)
{
    return 2000 + (int64_t)(d * 1.3 * 250.0);
}

static double mfgen_dist(double x1, double y1, double x2, double y2)
{
    return sqrt((x1 - x2) * (x1 - x2) + (y1 - y2) * (y1 - y2));
}

/* Builds the network into *out (caller frees with mcf_free). Returns
 * MF_OK or an error code from mcf.h. */
static int mfgen_build_yields(const struct mfgen_params *p, uint64_t seed,
                              double yield, struct gnet *g, struct mcf **out,
                              struct mf_error *err)
{
    struct mfgen_rng r = {seed * 0x2545F4914F6CDD1DULL + 17};
    int T = p->periods, ns = p->supply_lots, nd = p->demand_lots;
    int nsites = p->sites, ntowns = nsites / 10 < 5 ? 5 : nsites / 10;
    double *tx = malloc((size_t)ntowns * sizeof *tx);
    double *ty = malloc((size_t)ntowns * sizeof *ty);
    double *tw = malloc((size_t)ntowns * sizeof *tw);
    struct mfgen_lot *sup = calloc((size_t)ns, sizeof *sup);
    struct mfgen_lot *dem = calloc((size_t)nd, sizeof *dem);
    struct mfgen_site *site = calloc((size_t)nsites, sizeof *site);
    struct mfgen_heap h;
    struct mcf *m = NULL;
    int64_t S = 0, D = 0, big;
    int i, j, t, n_nodes, Z, rc = MF_OK;
    double wsum = 0;

    *out = NULL;
    h.k = p->k + 4;
    h.d = malloc((size_t)h.k * sizeof *h.d);
    h.id = malloc((size_t)h.k * sizeof *h.id);
    if (!tx || !ty || !tw || !sup || !dem || !site || !h.d || !h.id) {
        rc = mf_error_set(err, MF_ENOMEM, "out of memory");
        goto done;
    }
    /* Towns with Zipf weights. */
    for (i = 0; i < ntowns; i++) {
        tx[i] = mfgen_unif(&r) * p->region_km;
        ty[i] = mfgen_unif(&r) * p->region_km;
        wsum += 1.0 / (i + 1);
        tw[i] = wsum;
    }
    /* Node numbering: Z = 0, then lots, then sites. */
    n_nodes = 1;
    for (i = 0; i < ns + nd; i++) {
        struct mfgen_lot *l = i < ns ? &sup[i] : &dem[i - ns];
        int town = mfgen_town(&r, tw, ntowns, wsum);
        double tonnes = exp(8.5 + 1.2 * mfgen_normal(&r));
        int len = 1 + (int)(-log(1.0 - mfgen_unif(&r)) * 0.2 * T);

        if (len > T)
            len = T;
        l->x = tx[town] + 4.0 * mfgen_normal(&r);
        l->y = ty[town] + 4.0 * mfgen_normal(&r);
        l->material = mfgen_int(&r, 0, MFGEN_MATERIALS - 1);
        l->t0 = mfgen_int(&r, 0, T - len);
        l->t1 = l->t0 + len - 1;
        l->per_period = (int64_t)(tonnes / len) + 1;
        l->node0 = n_nodes;
        n_nodes += len;
        if (i < ns)
            S += l->per_period * len;
        else
            D += l->per_period * len;
    }
    for (i = 0; i < nsites; i++) {
        struct mfgen_site *s = &site[i];
        int town = mfgen_town(&r, tw, ntowns, wsum);
        double u = mfgen_unif(&r);

        s->x = tx[town] + 6.0 * mfgen_normal(&r);
        s->y = ty[town] + 6.0 * mfgen_normal(&r);
        s->material = mfgen_int(&r, 0, MFGEN_MATERIALS - 1);
        s->kind = u < 0.4    ? SITE_STORAGE
                  : u < 0.55 ? SITE_PROCESS
                  : u < 0.85 ? SITE_LANDFILL
                             : SITE_QUARRY;
        s->node0 = n_nodes;
        switch (s->kind) {
        case SITE_STORAGE:
            s->cap = (int64_t)(20000 * exp(mfgen_normal(&r)));
            s->cost = 20 + mfgen_int(&r, 0, 60); /* per tonne-week */
            n_nodes += T;
            break;
        case SITE_PROCESS:
            s->material = 3; /* crushes rock for fills */
            s->cap = (int64_t)(3000 * exp(0.5 * mfgen_normal(&r)));
            s->cost = 3000 + mfgen_int(&r, 0, 3000);
            n_nodes += (g ? 3 : 2) * T; /* with yields: a rest node too */
            break;
        case SITE_LANDFILL:
            s->cap = (int64_t)((double)S / (0.3 * nsites) *
                               exp(0.7 * mfgen_normal(&r)));
            s->cost = 15000 + mfgen_int(&r, 0, 25000);
            s->total = n_nodes + T;
            n_nodes += T + 1;
            break;
        default:
            s->cap = (int64_t)(8000 * exp(0.5 * mfgen_normal(&r)));
            s->cost = 9000 + mfgen_int(&r, 0, 9000);
            n_nodes += T;
            break;
        }
    }
    Z = 0;
    big = S + D + 1; /* never binding: no arc carries more at an optimum */
    rc = mcf_new(&m, n_nodes, (size_t)n_nodes * 11, err);
    if (rc != MF_OK)
        goto done;
    mcf_set_supply(m, Z, D - S);
#define ARC(u, v, c, w)                                                        \
    do {                                                                       \
        if (mcf_add_arc(m, (u), (v), (c), (w)) < 0) {                          \
            rc = mf_error_set(err, MF_ENOMEM, "out of memory");                \
            goto done;                                                         \
        }                                                                      \
    } while (0)
    /* Supply lots: per period supply, slack to Z, sometimes an on-site
     * stockpile carrying material to the next period, and arcs to the k
     * nearest destinations that accept the material. */
    for (i = 0; i < ns; i++) {
        struct mfgen_lot *l = &sup[i];
        int stock = mfgen_unif(&r) < 0.2;

        h.n = 0;
        for (j = 0; j < nd; j++) {
            const struct mfgen_lot *d = &dem[j];

            if (d->t1 < l->t0 || d->t0 > l->t1 ||
                !mfgen_accepts(d->material, l->material))
                continue;
            mfgen_heap_push(&h, mfgen_dist(l->x, l->y, d->x, d->y), j);
        }
        for (j = 0; j < nsites; j++) {
            const struct mfgen_site *s = &site[j];

            if (s->kind == SITE_QUARRY ||
                (s->kind != SITE_LANDFILL && s->material != l->material))
                continue;
            mfgen_heap_push(&h, mfgen_dist(l->x, l->y, s->x, s->y), nd + j);
        }
        for (t = l->t0; t <= l->t1; t++) {
            int u = l->node0 + t - l->t0;
            int c;

            mcf_set_supply(m, u, l->per_period);
            ARC(u, Z, big, 1000000);
            if (stock && t < l->t1)
                ARC(u, u + 1, l->per_period * 2, 30);
            for (c = 0; c < h.n; c++) {
                int id = h.id[c];
                int64_t hc = mfgen_haul(h.d[c]);

                if (id < nd) {
                    const struct mfgen_lot *d = &dem[id];

                    if (t >= d->t0 && t <= d->t1)
                        ARC(u, d->node0 + t - d->t0, big, hc);
                } else {
                    const struct mfgen_site *s = &site[id - nd];

                    if (s->kind == SITE_LANDFILL)
                        ARC(u, s->node0 + t, big, hc + s->cost);
                    else
                        ARC(u, s->node0 + t, big, hc + 1500);
                }
            }
        }
    }
    /* Demand lots: per period demand, unmet-demand slack from Z, and the
     * nearest qualifying quarries, storage and processing sites. */
    for (j = 0; j < nd; j++) {
        struct mfgen_lot *d = &dem[j];

        h.n = 0;
        for (i = 0; i < nsites; i++) {
            const struct mfgen_site *s = &site[i];

            if (s->kind == SITE_LANDFILL ||
                !mfgen_accepts(d->material, s->material))
                continue;
            mfgen_heap_push(&h, mfgen_dist(d->x, d->y, s->x, s->y), i);
        }
        for (t = d->t0; t <= d->t1; t++) {
            int v = d->node0 + t - d->t0;
            int c, quarries = 0, stores = 0;

            mcf_set_supply(m, v, -d->per_period);
            ARC(Z, v, big, 1200000);
            for (c = 0; c < h.n; c++) {
                const struct mfgen_site *s = &site[h.id[c]];
                int64_t hc = mfgen_haul(h.d[c]);

                if (s->kind == SITE_QUARRY && quarries < 3) {
                    ARC(s->node0 + t, v, big, hc);
                    quarries++;
                } else if (s->kind == SITE_STORAGE && stores < 4) {
                    ARC(s->node0 + t, v, big, hc + 1500);
                    stores++;
                } else if (s->kind == SITE_PROCESS && stores < 4) {
                    ARC(s->node0 + T + t, v, big, hc);
                    stores++;
                }
            }
        }
    }
    /* Sites. */
    for (i = 0; i < nsites; i++) {
        const struct mfgen_site *s = &site[i];

        for (t = 0; t < T; t++) {
            int u = s->node0 + t;

            switch (s->kind) {
            case SITE_STORAGE:
                if (t + 1 < T)
                    ARC(u, u + 1, s->cap, s->cost);
                break;
            case SITE_PROCESS:
                if (g) {
                    struct gnet_out o[2];
                    int a = mcf_add_arc(m, u, u + T, s->cap, s->cost), c;
                    o[0].node = u + T;
                    o[0].share = yield;
                    o[1].node = u + 2 * T;
                    o[1].share = 1 - yield;
                    if (a < 0 || gnet_add_gen(g, a, o, 2)) {
                        rc = mf_error_set(err, MF_ENOMEM, "out of memory");
                        goto done;
                    }
                    /* The rest: to the nearest landfill, or unplaced at
                     * the penalty. */
                    ARC(u + 2 * T, Z, big, 1000000);
                    for (j = 0, c = -1; j < nsites; j++)
                        if (site[j].kind == SITE_LANDFILL &&
                            (c < 0 ||
                             mfgen_dist(s->x, s->y, site[j].x, site[j].y) <
                                 mfgen_dist(s->x, s->y, site[c].x, site[c].y)))
                            c = j;
                    if (c >= 0)
                        ARC(u + 2 * T, site[c].node0 + t, big,
                            mfgen_haul(
                                mfgen_dist(s->x, s->y, site[c].x, site[c].y)) +
                                site[c].cost);
                } else {
                    ARC(u, u + T, s->cap, s->cost);
                }
                if (t + 1 < T) /* stockpile of crushed product */
                    ARC(u + T, u + T + 1, s->cap * 4, 40);
                break;
            case SITE_LANDFILL:
                ARC(u, s->total, big, 0);
                break;
            default:
                ARC(Z, u, s->cap, s->cost);
                break;
            }
        }
        if (s->kind == SITE_LANDFILL)
            ARC(s->total, Z, s->cap, 0);
    }
#undef ARC
    *out = m;
    m = NULL;
done:
    mcf_free(m);
    free(tx);
    free(ty);
    free(tw);
    free(sup);
    free(dem);
    free(site);
    free(h.d);
    free(h.id);
    return rc;
}

static inline int mfgen_build(const struct mfgen_params *p, uint64_t seed,
                              struct mcf **out, struct mf_error *err)
{
    return mfgen_build_yields(p, seed, 1.0, NULL, out, err);
}

#endif
