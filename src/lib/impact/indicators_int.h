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
/* The reuse rate and the totals, once every flow is added. */
void indicators_finish(struct mf_indicators *x);

#endif
