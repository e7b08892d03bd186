/*
 * cost.h - the cost model: what one tonne of each kind of flow costs and
 * emits, part by part (docs/internals/impact.md).
 *
 * The planner prices each arc of its network with these functions
 * (plan/build.c: cost_price() of the parts, in øre) and reports each
 * flow of the solution with the same functions (plan/plan.c: decode), so
 * what the solver minimised and what the plan reports cannot drift
 * apart: the sum over flows of their priced parts is the objective, to
 * within the rounding of each arc's cost to whole øre.
 *
 * Kinds of flow and the function that gives their parts:
 *
 *   haul to a need: surplus (direct reuse), storage or
 *     processing output -> need             cost_haul_to_need
 *   haul into storage: surplus or processing output
 *                                           cost_haul_to_storage
 *   haul to processing: surplus or storage  cost_haul_to_processing
 *   haul to a receiving site: surplus or storage
 *                                           cost_haul_to_landfill
 *   haul from a quarry to a need            cost_haul_from_quarry
 *   a period in storage                     cost_hold
 *   through a processing site               cost_process
 *   surplus left unplaced, need left unmet  cost_unplaced, cost_unmet
 */
#ifndef MF_IMPACT_COST_H
#define MF_IMPACT_COST_H

#include "masseflyt/impact.h"
#include "masseflyt/indicators.h"
#include "masseflyt/model.h"

/* What a flow is, for its costs and for the indicators it adds to. */
enum cost_kind {
    COST_NONE = 0,      /* costs nothing: capacities, stockpiles, slack */
    COST_TO_NEED,       /* reuse: a haul that meets a need */
    COST_TO_STORAGE,    /* a haul into intermediate storage */
    COST_TO_PROCESSING, /* a haul to a processing site */
    COST_TO_LANDFILL,   /* a haul to a receiving site */
    COST_FROM_QUARRY,   /* virgin material hauled to a need */
    COST_HOLD,          /* a tonne held in storage for a period */
    COST_PROCESS,       /* a tonne through a processing site */
    COST_UNPLACED,      /* surplus with no legal destination */
    COST_UNMET          /* need that could not be met */
};

/* The prices and factors of one planning run, resolved once from the
 * factors (settings.c) by cost_model_init(). */
struct cost_model {
    const struct mf_factors *fx;
    const struct mf_catalog *cat;
    struct mf_fleet fleet;
    double co2_price;        /* NOK per t CO2e */
    double landfill_tax;     /* NOK per t landfilled */
    double land_price;       /* NOK per m2 taken */
    double quality_step;     /* NOK per t per rank step */
    double penalty_unplaced; /* NOK per t */
    double penalty_unmet;    /* NOK per t */
    /* The priced shortfall: what the fallback for an unplaced or unmet
     * tonne costs society. Reported, never in the objective. */
    double shortfall_unplaced, shortfall_unmet;
    double public_surcharge; /* NOK per t (mf_plan_opts) */
    double default_height;   /* m, for receiving sites that give none */
    double land_allowance;   /* share added for slopes and roads */
    double handling_co2e_kg; /* per t into storage */
    double crushing_co2e_kg; /* per t processed */
    double *virgin_co2e_kg;  /* per material, per t quarried */
    /* A haul's cost per tonne with its CO2e priced is affine in km:
     * haul_a + haul_b x km with loads limited by payload alone (the
     * lowest any material costs, a bound for the planner's search), and
     * mat_haul_a[m] + mat_haul_b[m] x km for material m, whose loads are
     * limited by payload and by body volume at its loose density. */
    double haul_a, haul_b;
    double *mat_haul_a, *mat_haul_b;
    /* Per material: the factor on a receiving site's gate fee
     * (data/gate_fees.csv). */
    double *fee_factor;
    double max_fee_factor; /* the largest of them, at least 1 */
};

/* One tonne of a flow, in parts. NOK unless named otherwise. */
struct cost_parts {
    enum cost_kind kind;
    int is_haul;       /* 1 for the kinds that haul */
    int material;      /* what is hauled (catalogue index); -1 unknown */
    double km;         /* the haul's road km one way; 0 when none */
    double haul_price; /* the haul as priced: transport and its CO2
                          price, haul_a + haul_b x km */
    double fee;        /* gate fee of a receiving site */
    double tax;        /* landfill tax */
    double land;       /* land price x land_m2 */
    double surcharge;  /* public clients' landfill surcharge */
    double purchase;   /* a quarry's price */
    double handling;   /* storage: its fee going in, or holding */
    double processing; /* a processing site's fee */
    double quality;    /* quality loss: step x (rank - 1) */
    double co2;        /* CO2 price on co2e_kg when it is priced */
    double penalty;    /* unplaced or unmet */
    double shortfall;  /* unplaced or unmet: the fallback's cost to
                          society; not priced (cost_price leaves it) */
    double land_m2;    /* land taken */
    double co2e_kg;    /* CO2e other than transport: storage handling,
                          processing or virgin production (by kind) */
    /* The barge or conveyor that carries the haul in place of trucks
     * (cost_by_link); NULL for a truck. */
    const struct mf_link *link;
    /* The haul's figures, set by cost_haul_detail() and only there (the
     * functions of each kind leave them unset, detailed = 0): the haul
     * model at km (transport cost, CO2e, NOx, PM, fuel, trips, truck-km,
     * tonne-km, hours), and the CO2 price on its CO2e, which haul_price
     * holds already. All 0 for kinds that do not haul. */
    int detailed;
    struct mf_haul haul;
    double co2_haul;
};

/* Resolves the model from the factors (settings and haul model) for a
 * fleet and a surcharge. The model borrows fx and cat. MF_ENOMEM. */
int cost_model_init(struct cost_model *m, const struct mf_factors *fx,
                    const struct mf_catalog *cat, const struct mf_fleet *fleet,
                    double public_surcharge, struct mf_error *err);
void cost_model_free(struct cost_model *m);

/* Land take in m2 per tonne of material placed at a receiving site. */
double cost_land_m2(const struct cost_model *m, int material,
                    const struct mf_site *site);

/* The gate fee a receiving site charges for a tonne of a material: its
 * own fee for the material where it states one (material_fees), else its
 * fee times the material's factor of data/gate_fees.csv. */
double cost_gate_fee(const struct cost_model *m, int material,
                     const struct mf_site *site);

/* The parts of one tonne of each kind of flow (see the top of the file).
 * material is what is hauled (its loose density limits a load); rank is
 * the compatibility rank of what moves for the need (1 best). */
void cost_haul_to_need(const struct cost_model *m, double km, int material,
                       int rank, struct cost_parts *out);
void cost_haul_to_storage(const struct cost_model *m, double km, int material,
                          const struct mf_site *storage,
                          struct cost_parts *out);
void cost_haul_to_processing(const struct cost_model *m, double km,
                             int material, struct cost_parts *out);
/* surcharge: 1 when the public clients' surcharge applies. */
void cost_haul_to_landfill(const struct cost_model *m, double km, int material,
                           const struct mf_site *site, int surcharge,
                           struct cost_parts *out);
void cost_haul_from_quarry(const struct cost_model *m, double km, int material,
                           const struct mf_site *quarry, int rank,
                           struct cost_parts *out);
void cost_hold(const struct cost_model *m, const struct mf_site *storage,
               double months, struct cost_parts *out);
void cost_process(const struct cost_model *m, const struct mf_site *plant,
                  struct cost_parts *out);
void cost_unplaced(const struct cost_model *m, struct cost_parts *out);
void cost_unmet(const struct cost_model *m, struct cost_parts *out);
void cost_none(struct cost_parts *out);

/* Moves a haul's parts (any kind that hauls) from trucks to a barge or
 * conveyor: the haul costs link->nok_t + link->nok_tkm x km and emits
 * link->co2e_kg_tkm x km per tonne, the CO2 price on it included; km is
 * the link's. Other parts stay. */
void cost_by_link(const struct cost_model *m, const struct mf_link *link,
                  struct cost_parts *p);

/* Completes a haul's parts with its figures (see struct cost_parts).
 * They do not enter the price: the planner prices millions of candidate
 * pairs with haul_price alone, and only flows need the figures. */
void cost_haul_detail(const struct cost_model *m, struct cost_parts *p);

/* What the planner charges per tonne: every priced part. Inline, as it
 * runs for every candidate pair the planner looks at. */
static inline double cost_price(const struct cost_parts *p)
{
    /* Each kind has at most one of fee, purchase, handling and processing,
     * and zero parts add nothing, so this order gives every arc the cost,
     * to the last bit, it had when each kind summed its own parts. */
    double fixed = p->fee + p->purchase + p->handling + p->processing + p->tax +
                   p->land + p->surcharge + p->quality + p->co2 + p->penalty;

    return p->haul_price + fixed;
}

/* Fills the cost and impact totals of a flow of these tonnes, from
 * parts completed by cost_haul_detail(). */
void cost_flow_totals(const struct cost_parts *p, double tonnes,
                      struct mf_flow *fl);

#endif
