/*
 * indicators_int.h - summing a plan's flows into struct mf_indicators
 * (indicators.c), for the planner's decode (plan/plan.c).
 */
#ifndef MF_IMPACT_INDICATORS_INT_H
#define MF_IMPACT_INDICATORS_INT_H

#include "impact/cost.h"
#include "masseflyt/indicators.h"

/* Adds one flow (its totals, cost_flow_totals) of this kind: its tonnes
 * by where they went, its CO2e by source, its costs by kind. Supply and
 * need are the caller's (they come from the lots, not the flows). */
void indicators_add(struct mf_indicators *x, enum cost_kind kind,
                    const struct mf_flow *fl);
/* The recovery test for t tonnes of surplus that reached a need whose lot
 * says planned_independently (1 yes, 0 no, -1 unknown): a fill not
 * planned independently of the surplus is disposal, not reuse, so its
 * tonnes leave reused_t for disposal_fill_t. Call after indicators_add
 * for flows of kind COST_TO_NEED into a demand lot. */
void indicators_recovery(struct mf_indicators *x, int planned_independently,
                         double t);
/* The reuse rate and the totals, once every flow is added. */
void indicators_finish(struct mf_indicators *x);

#endif
