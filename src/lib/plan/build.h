/*
 * build.h - the network builder's working state, shared by build.c (the
 * generic machinery: endpoint sets, choosing pairs, arcs) and plan.c (the
 * model: which lots and sites take part, their nodes, solving, reading
 * back).
 */
#ifndef MF_PLAN_BUILD_H
#define MF_PLAN_BUILD_H

#include "geo/distance.h"
#include "masseflyt/plan.h"
#include "plan/network.h"

#include <stddef.h>
#include <stdint.h>

struct mf_rule;

/* A place flow can start or end at: a lot, or a site (for storage, one
 * site and material). */
struct endpoint {
    double lon, lat;
    const char *site_id; /* for user-given road distances; may be NULL */
    int ref;             /* registry index of the lot or site */
    int material;        /* what it holds or puts out; -1 if several */
    int p0, p1;          /* periods it is active in */
    int node;            /* its node in period p0 */
    int single_node;     /* one node for all periods (receiving sites) */
    size_t qty;          /* lots: where its tonnes per period start in the
                            plan's quantity array */
    int total;           /* receiving: the node for all periods (its
                            capacity); its single node unless the site has
                            a yearly intake limit */
    int shared;          /* receiving, one material with its own capacity
                            (material_caps): the index in SET_RECEIVING of
                            its site's endpoint for the other materials;
                            -1 otherwise */
    int origin;          /* processing: the input material its products
                            come from, for the quality limits by origin;
                            -1 for a plant without yields */
    int rest;            /* processing output: a rest fraction, which only
                            a receiving site takes */
    int link, n_link;    /* processing input: its outputs in SET_PROC_OUT */
    int on_link;         /* its site has a barge or conveyor in
                            data/modes.csv (mf_link_find) */
    const char *municipality; /* for detour factors; may be NULL */
};

struct grid;

struct epset {
    struct endpoint *e;
    int n, cap;
    struct grid *grid;
};

enum set_id {
    SET_SUPPLY = 0,
    SET_DEMAND,
    SET_STORAGE,
    SET_PROC_IN,
    SET_PROC_OUT,
    SET_RECEIVING,
    SET_QUARRY,
    SET_COUNT
};

struct pair {
    int o, d;
    float km;
    int16_t material;
};

struct pairlist {
    struct pair *p;
    size_t n, cap;
};

struct builder {
    const struct mf_registry *reg;
    const struct mf_catalog *cat;
    const struct mf_factors *fx;
    const struct mf_plan_opts *opts;
    struct plan_network *net;
    struct distance_provider dist; /* road km between endpoints */
    struct epset sets[SET_COUNT];
    double fixed_lb;           /* no fixed cost part is below this (NOK/t) */
    unsigned char *public_lot; /* per lot: its project's client is public */
    unsigned char *ruled_lot;  /* per lot: the flow rules can forbid its
                                  flows (topsoil, plant health, alien) */
};

/* Which ends choose in build_pairs. */
#define PAIRS_FROM_ORIGINS 1
#define PAIRS_FROM_DESTINATIONS 2

int epset_add(struct epset *s, const struct endpoint *e);
void epset_free(struct epset *s);
int build_index_sets(struct builder *b, struct mf_error *err);

/* The pairs of one kind: each origin's k cheapest destinations and/or
 * each destination's k cheapest origins (sides), sorted by origin and
 * destination, each pair once. A side with at least
 * build_pairs_parallel_min query endpoints is searched in two halves on
 * two threads (the same pairs either way; tests lower it). */
int build_pairs(const struct builder *b, enum arc_kind kind,
                const struct epset *from, const struct epset *to, int k,
                int sides, struct pairlist *out, struct mf_error *err);
extern int build_pairs_parallel_min;
/* Calls fn for every origin of `from` and each of its destinations in
 * `to` that the rules allow within the haul limit: all of them when k is
 * 0, else the k cheapest; when limit is given, only those whose cost per
 * tonne (NOK) may be below limit(ctx, origin). Nothing is kept between
 * origins, so this works on sets of any size. fn returns 0 to go on. */
int build_each_candidate(const struct builder *b, enum arc_kind kind,
                         const struct epset *from, const struct epset *to,
                         int k, double (*limit)(void *ctx, int o),
                         int (*fn)(void *ctx, int o, int d, double km,
                                   int material),
                         void *ctx, struct mf_error *err);
int build_pair_arcs(struct builder *b, enum arc_kind kind,
                    const struct epset *from, const struct epset *to,
                    const struct pairlist *pl, struct mf_error *err);
int build_arc(struct builder *b, int tail, int head, int64_t cap, int64_t cost,
              enum arc_kind kind, int material, double km);
int build_node(const struct endpoint *e, int t);

/* The cost parts per tonne of an arc of this kind from registry entry
 * `from` to `to` (lot or site indices as the nodes' refs; -1 for slack)
 * in period `period`, moving `material` km road kilometres. This is
 * where the planner's arc kinds meet the cost model (impact/cost.h):
 * build prices arcs with it, decode reports flows with it. */
void build_arc_parts(const struct builder *b, enum arc_kind kind, int from,
                     int to, int period, int material, double km,
                     struct cost_parts *out);
/* The same for a pair of endpoints km apart, when the pair may carry
 * flow of this kind (the destination accepts the material, the quality
 * ranks and the flow rules allow it); else 0. *material is what moves
 * (for a quarry, its best product for the need). */
int build_pair_parts(const struct builder *b, enum arc_kind kind,
                     const struct endpoint *o, const struct endpoint *d,
                     double km, int *material, struct cost_parts *out);

/* The km a pair moves over: by its barge or conveyor where data/modes.csv
 * joins the two sites (build_link), else by road. */
double build_km(const struct builder *b, const struct endpoint *o,
                const struct endpoint *d, double gc_km);
/* The barge or conveyor joining two endpoints' sites, or NULL. */
const struct mf_link *build_link(const struct builder *b,
                                 const struct endpoint *o,
                                 const struct endpoint *d);
/* Whether a site id has a barge or conveyor in data/modes.csv. */
int build_site_on_link(const struct builder *b, const char *site_id);
/* Whether the flow rules alone keep supply endpoint o from demand
 * endpoint d: they overlap in time, lie within the haul limit and the
 * material fits the need, but a rule forbids the flow. 1 with *rule set to
 * that rule, else 0. For explanations (explain.c). */
int build_rule_blocks(const struct builder *b, const struct endpoint *o,
                      const struct endpoint *d, const struct mf_rule **rule);
/* NOK per tonne to øre, rounded, within +-1e15 øre. */
int64_t build_ore(double nok);

#endif
