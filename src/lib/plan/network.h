/*
 * network.h - the planner's time-expanded network: what each node and arc
 * of the min-cost-flow problem stands for, so that flows and potentials
 * can be read back as tonnes moving between lots and sites.
 *
 * build.c makes it from a registry (and grows it during lazy arc
 * generation), plan.c solves it and reads it back, explain.c and
 * export.c look into it.
 */
#ifndef MF_PLAN_NETWORK_H
#define MF_PLAN_NETWORK_H

#include "impact/cost.h"
#include "masseflyt/impact.h"
#include "masseflyt/plan.h"
#include "plan/gnet.h"
#include "plan/mcf.h"

#include <stdint.h>

enum node_kind {
    N_SUPPLY = 0,   /* supply lot in a period */
    N_DEMAND,       /* demand lot in a period */
    N_DEMAND_TOTAL, /* a flexible demand lot, all periods */
    N_STORAGE,      /* storage site, one material, a period */
    N_PROC_IN,      /* processing site input, a period */
    N_PROC_OUT,     /* processing site output, a period */
    N_RECEIVING,    /* receiving site, all periods */
    N_QUARRY,       /* quarry, a period */
    N_SINK,         /* where surplus ends (landfills, slack) */
    N_SOURCE        /* where quarry masses and unmet need start */
};

enum arc_kind {
    A_STOCKPILE = 0,       /* supply lot waits on site to the next period;
                              or a stretched need's period t serves t - 1
                              (a late delivery) */
    A_DIRECT,              /* supply -> demand */
    A_TO_STORAGE,          /* supply -> storage */
    A_HOLD,                /* storage t -> t + 1 */
    A_STORAGE_TO_DEMAND,   /* storage -> demand */
    A_STORAGE_TO_PROC,     /* storage -> processing input */
    A_STORAGE_TO_LANDFILL, /* storage -> receiving */
    A_TO_PROC,             /* supply -> processing input */
    A_PROCESS,             /* processing input -> output */
    A_PROC_TO_DEMAND,      /* processing output -> demand */
    A_PROC_TO_STORAGE,     /* processing output -> storage */
    A_TO_LANDFILL,         /* supply -> receiving */
    A_LANDFILL_CAP,        /* receiving -> sink, its capacity */
    A_QUARRY_CAP,          /* source -> quarry, its capacity a period */
    A_QUARRY_TO_DEMAND,    /* quarry -> demand */
    A_QUARRY_UNUSED,       /* source -> sink: quarry capacity not used */
    A_UNPLACED,            /* supply -> sink, penalty */
    A_UNMET,               /* source -> demand, penalty */
    A_FLEX,                /* flexible demand period -> its total */
    A_INTAKE,              /* receiving period -> its total: yearly intake;
                              or a material with its own capacity ->
                              the site's shared node (material_caps) */
    A_PROC_TO_LANDFILL,    /* processing output -> receiving (rest) */
    A_KIND_COUNT
};

struct node_info {
    uint8_t kind;
    int16_t period; /* -1 when not in a period */
    int16_t material;
    int32_t ref; /* registry index of the lot or site; -1 for sink, source */
};

struct arc_info {
    uint8_t kind;
    int16_t material;
    float km;
};

struct plan_network {
    struct mcf *mcf;
    struct node_info *nodes;
    int n_nodes;
    struct arc_info *arcs;
    int n_arcs, cap_arcs;
    int sink, source;
    /* Resolved parameters. */
    struct mf_periods periods;
    double circuity, max_km;
    int k;
    /* Processing with yields: the outputs of processing arcs and the
     * plants' shared capacity rows; empty when no plant has yields. */
    struct gnet gen;
    /* Side rows in gen of receiving sites' capacities by material under
     * a yearly intake limit: while any, every solve is the LP. */
    int site_rows;
    /* Prices, fleet and factors: what each arc costs (impact/cost.h). */
    struct cost_model cost;
};

const char *plan_arc_kind_name(enum arc_kind k);

#endif
