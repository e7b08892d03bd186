/*
 * explain.c - why a lot goes where it goes.
 *
 * For a supply lot: every destination the planner considered (the arcs
 * out of the lot's nodes), with the cost per tonne and the reduced cost at
 * the optimum: how much dearer each tonne sent there would make the plan.
 * Used destinations have reduced cost zero. Then the marginal values the
 * potentials give: what one more tonne of this surplus (or need) in a
 * period would cost, and what one more tonne of capacity is worth at the
 * storage sites it uses. For a demand lot the same from the other end.
 *
 * Potentials follow mcf.h: rc = cost + pi[tail] - pi[head]. One more tonne
 * of surplus at node v, ending at the sink, changes the optimum by
 * pi[sink] - pi[v]; one more tonne of need at v, met from the source, by
 * pi[v] - pi[source].
 */
#include "masseflyt/plan.h"

#include "plan/state.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

struct option {
    enum arc_kind kind;
    int other;     /* node at the far end */
    double cost;   /* NOK per tonne */
    double tonnes; /* over all periods */
    double min_rc; /* NOK per tonne, least over periods */
    double km;
};

static const char *far_name(const struct plan_state *s, int v, char *buf,
                            size_t len)
{
    const struct node_info *n = &s->net.nodes[v];
    const struct mf_registry *reg = s->b.reg;

    switch (n->kind) {
    case N_SINK:
        return "(unplaced)";
    case N_SOURCE:
        return "(unmet)";
    case N_SUPPLY:
    case N_DEMAND:
    case N_DEMAND_TOTAL:
        snprintf(buf, len, "%s", mf_registry_lot_at(reg, (size_t)n->ref)->id);
        return buf;
    default:
        snprintf(buf, len, "%s", mf_registry_site_at(reg, (size_t)n->ref)->id);
        return buf;
    }
}

static const char *kind_word(enum arc_kind k, int supply_side)
{
    switch (k) {
    case A_DIRECT:
        return supply_side ? "reuse at need" : "reuse of surplus";
    case A_TO_STORAGE:
        return "to storage";
    case A_TO_PROC:
        return "to processing";
    case A_TO_LANDFILL:
        return "to receiving site";
    case A_UNPLACED:
        return "unplaced (penalty)";
    case A_STOCKPILE:
        return "wait on site";
    case A_STORAGE_TO_DEMAND:
        return "from storage";
    case A_PROC_TO_DEMAND:
        return "from processing";
    case A_QUARRY_TO_DEMAND:
        return "from quarry";
    case A_UNMET:
        return "unmet (penalty)";
    case A_FLEX:
        return "flexible timing";
    default:
        return plan_arc_kind_name(k);
    }
}

static int by_cost(const void *a, const void *b)
{
    const struct option *x = a, *y = b;

    if (x->tonnes != y->tonnes)
        return x->tonnes > y->tonnes ? -1 : 1;
    return (x->cost > y->cost) - (x->cost < y->cost);
}

int mf_plan_explain(const struct mf_plan *plan, const struct mf_registry *reg,
                    const char *lot_id, FILE *out, struct mf_error *err)
{
    const struct plan_state *s = plan->state;
    const struct plan_network *n;
    const struct endpoint *e = NULL;
    const struct mf_lot *lot;
    const struct mf_catalog *cat = mf_registry_catalog(reg);
    int idx, supply, i, a, n_opt = 0, cap_opt = 0, t;
    struct option *opt = NULL;
    char buf[128], label[32];
    double m3;
    int has_m3;

    if (!s)
        return mf_error_set(err, MF_EINVAL,
                            "a baseline keeps no network to explain");
    n = &s->net;
    idx = mf_registry_index(reg, MF_ENT_LOT, lot_id);
    if (idx < 0)
        return mf_error_set(err, MF_ENOTFOUND, "no lot has the id '%s'",
                            lot_id);
    lot = mf_registry_lot_at(reg, (size_t)idx);
    supply = lot->kind == MF_LOT_SUPPLY;
    for (i = 0; i < s->b.sets[supply ? SET_SUPPLY : SET_DEMAND].n; i++)
        if (s->b.sets[supply ? SET_SUPPLY : SET_DEMAND].e[i].ref == idx)
            e = &s->b.sets[supply ? SET_SUPPLY : SET_DEMAND].e[i];
    fprintf(out, "lot %s: %s of %s, %.0f t", lot->id,
            supply ? "surplus" : "need",
            supply ? mf_catalog_material(cat, lot->material)->code
                   : mf_catalog_use(cat, lot->use)->code,
            lot->tonnes);
    /* The volume as the user gave it, beside the tonnes. */
    if (mf_lot_volume(lot, lot->tonnes, &m3))
        fprintf(out, " (%.10g %s as given)", lot->quantity,
                mf_state_name(lot->state));
    fprintf(out, ", %s to ", mf_date_format(lot->from, buf, sizeof buf));
    fprintf(out, "%s\n", mf_date_format(lot->to, buf, sizeof buf));
    if (!e) {
        if (s->lot_status[idx] >= MF_SEV_REFUSE)
            fprintf(out, "not planned: the rules refuse it (%s: %s)\n",
                    s->reason[idx] ? s->reason[idx]->id : "its site",
                    s->reason[idx] ? s->reason[idx]->message_en
                                   : "the site is refused");
        else
            fprintf(out, "not planned: outside the scope or horizon of this "
                         "plan\n");
        return MF_OK;
    }
    /* Gather the arcs at the lot's nodes, one option per far end. */
    for (a = 0; a < n->n_arcs; a++) {
        int tail = mcf_arc_tail(n->mcf, a), head = mcf_arc_head(n->mcf, a);
        int mine = supply ? tail : head, other = supply ? head : tail;
        double rc;
        int k;

        if (mine < e->node || mine > e->node + (e->p1 - e->p0))
            continue;
        if (n->arcs[a].kind == A_STOCKPILE || n->arcs[a].kind == A_FLEX)
            continue;
        /* Per-period nodes of one site or lot count as one far end. */
        for (k = 0; k < n_opt; k++) {
            const struct node_info *x = &n->nodes[opt[k].other];
            const struct node_info *y = &n->nodes[other];
            if (opt[k].kind == n->arcs[a].kind && x->kind == y->kind &&
                x->ref == y->ref && x->material == y->material)
                break;
        }
        rc = (double)(mcf_arc_cost(n->mcf, a) + plan_potential(s, tail) -
                      plan_potential(s, head)) /
             100.0;
        if (k == n_opt) {
            if (n_opt == cap_opt) {
                int nc = cap_opt ? cap_opt * 2 : 32;
                struct option *p = realloc(opt, (size_t)nc * sizeof *p);
                if (!p) {
                    free(opt);
                    return mf_error_set(err, MF_ENOMEM, "out of memory");
                }
                opt = p;
                cap_opt = nc;
            }
            opt[k].kind = (enum arc_kind)n->arcs[a].kind;
            opt[k].other = other;
            opt[k].cost = (double)mcf_arc_cost(n->mcf, a) / 100.0;
            opt[k].tonnes = 0;
            opt[k].min_rc = rc;
            opt[k].km = n->arcs[a].km;
            n_opt++;
        }
        opt[k].tonnes += (double)plan_flow(s, a);
        if (rc < opt[k].min_rc)
            opt[k].min_rc = rc;
    }
    qsort(opt, (size_t)n_opt, sizeof *opt, by_cost);
    fprintf(out,
            "\n%s the planner considered (NOK per tonne; 'dearer by' is the "
            "reduced\ncost at the optimum: what each tonne sent there would "
            "add to the plan):\n",
            supply ? "Destinations" : "Sources");
    /* A lot given as a volume shows each option's tonnes in that volume
     * too (m3 per tonne of the lot, as given). */
    has_m3 = mf_lot_volume(lot, 1, &m3);
    fprintf(out, "  %-30s %-20s %12s", supply ? "destination" : "source", "how",
            "tonnes");
    if (has_m3)
        fprintf(out, " %10s", mf_state_name(lot->state));
    fprintf(out, " %8s %9s %10s\n", "km", "NOK/t", "dearer by");
    for (i = 0; i < n_opt; i++) {
        fprintf(out, "  %-30s %-20s %12.0f",
                far_name(s, opt[i].other, buf, sizeof buf),
                kind_word(opt[i].kind, supply), opt[i].tonnes);
        if (has_m3)
            fprintf(out, " %10.0f", opt[i].tonnes * m3);
        fprintf(out, " %8.1f %9.2f %10.2f\n", opt[i].km, opt[i].cost,
                opt[i].min_rc > 0 ? opt[i].min_rc : 0.0);
    }
    fprintf(out, "\nMarginal values from the solution (NOK per tonne):\n");
    {
        /* Periods with the same value are shown as one range. */
        int flex = !supply && s->flex_total[e - s->b.sets[SET_DEMAND].e] >= 0;
        int start = e->p0;
        double prev = 0;
        for (t = e->p0; t <= e->p1 + 1; t++) {
            double mv = 0;
            if (t <= e->p1) {
                int v = build_node(e, t);
                if (supply)
                    mv = (double)(plan_potential(s, n->sink) -
                                  plan_potential(s, v)) /
                         100.0;
                else
                    mv =
                        (double)(plan_potential(
                                     s, flex ? s->flex_total
                                                   [e - s->b.sets[SET_DEMAND].e]
                                             : v) -
                                 plan_potential(s, n->source)) /
                        100.0;
            }
            if (t > e->p0 && (t > e->p1 || mv != prev)) {
                char l0[32];
                mf_period_label(&n->periods, start, l0, sizeof l0);
                mf_period_label(&n->periods, t - 1, label, sizeof label);
                fprintf(out,
                        "  %s%s%s: one more tonne of this %s would %s "
                        "the plan %.2f\n",
                        l0, t - 1 > start ? " to " : "",
                        t - 1 > start ? label : "", supply ? "surplus" : "need",
                        prev < 0 ? "save" : "cost", prev < 0 ? -prev : prev);
                start = t;
            }
            prev = mv;
        }
        if (flex)
            fprintf(out, "  (a flexible need: one value for its whole "
                         "window)\n");
    }
    /* Storage capacity: full inventory arcs at sites this lot uses. */
    for (i = 0; i < n_opt; i++) {
        const struct node_info *x = &n->nodes[opt[i].other];
        double best = 0;
        if (x->kind != N_STORAGE || opt[i].tonnes <= 0)
            continue;
        for (a = 0; a < n->n_arcs; a++) {
            const struct node_info *y = &n->nodes[mcf_arc_tail(n->mcf, a)];
            double rc;
            if (n->arcs[a].kind != A_HOLD || y->ref != x->ref)
                continue;
            if (plan_flow(s, a) < mcf_arc_cap(n->mcf, a))
                continue;
            rc = (double)(mcf_arc_cost(n->mcf, a) +
                          plan_potential(s, mcf_arc_tail(n->mcf, a)) -
                          plan_potential(s, mcf_arc_head(n->mcf, a))) /
                 100.0;
            if (-rc > best)
                best = -rc;
        }
        fprintf(out,
                "  storage %s: one more tonne of capacity in its fullest "
                "period is worth %.2f\n",
                far_name(s, opt[i].other, buf, sizeof buf), best);
    }
    free(opt);
    return MF_OK;
}

/* The first surplus lot (registry order) that fits need e within reach
 * and time but that a flow rule keeps from it, with the rule; NULL when
 * none (or e is not a need). */
static const struct mf_lot *rule_blocking(const struct plan_state *s,
                                          const struct endpoint *e,
                                          const struct mf_rule **rule)
{
    const struct epset *sup = &s->b.sets[SET_SUPPLY];
    int i;

    for (i = 0; e && i < sup->n; i++)
        if (build_rule_blocks(&s->b, &sup->e[i], e, rule))
            return mf_registry_lot_at(s->b.reg, (size_t)sup->e[i].ref);
    return NULL;
}

char *mf_plan_why_short(const struct mf_plan *plan,
                        const struct mf_registry *reg, int lot_index,
                        const char *lang, char *buf, size_t len)
{
    const struct plan_state *s = plan->state;
    const struct plan_network *n;
    const struct mf_lot *lot = mf_registry_lot_at(reg, (size_t)lot_index);
    const struct mf_catalog *cat = mf_registry_catalog(reg);
    const struct endpoint *e = NULL;
    int supply = lot->kind == MF_LOT_SUPPLY, i, a, outlets = 0;
    int nb = !lang || strcmp(lang, "en") != 0;
    const struct mf_lot *blocked = NULL;
    const struct mf_rule *rule = NULL;

    if (!s) {
        snprintf(buf, len, "%s", "");
        return buf;
    }
    n = &s->net;
    for (i = 0; i < s->b.sets[supply ? SET_SUPPLY : SET_DEMAND].n; i++)
        if (s->b.sets[supply ? SET_SUPPLY : SET_DEMAND].e[i].ref == lot_index)
            e = &s->b.sets[supply ? SET_SUPPLY : SET_DEMAND].e[i];
    for (a = 0; e && a < n->n_arcs; a++) {
        int v = supply ? mcf_arc_tail(n->mcf, a) : mcf_arc_head(n->mcf, a);
        enum arc_kind k = (enum arc_kind)n->arcs[a].kind;
        if (v < e->node || v > e->node + (e->p1 - e->p0))
            continue;
        if (k != A_UNPLACED && k != A_UNMET && k != A_STOCKPILE && k != A_FLEX)
            outlets++;
    }
    if (supply && outlets == 0)
        snprintf(buf, len,
                 nb ? "ingen anlegg innen %.0f km tar imot %s, og ingen "
                      "behov innen rekkevidde kan bruke det"
                    : "no site within %.0f km accepts %s, and no need within "
                      "reach can use it",
                 n->max_km, mf_catalog_material(cat, lot->material)->code);
    else if (supply)
        snprintf(buf, len,
                 nb ? "alle anlegg innen rekkevidde som tar imot %s, er fulle "
                      "i disse periodene"
                    : "every site within reach that accepts %s is full in "
                      "those periods",
                 mf_catalog_material(cat, lot->material)->code);
    else if ((blocked = rule_blocking(s, e, &rule)) != NULL)
        /* A fitting surplus within reach that a rule keeps away: name the
         * rule, not the quarries. */
        snprintf(buf, len,
                 nb ? "regel %s stenger overskudd som passer til %s innen "
                      "rekkevidde (%s): %s"
                    : "rule %s keeps surplus that fits %s within reach away "
                      "(%s): %s",
                 rule->id, mf_catalog_use(cat, lot->use)->code, blocked->id,
                 nb ? rule->message_no : rule->message_en);
    else if (outlets == 0)
        snprintf(buf, len,
                 nb ? "ingen pukkverk eller overskudd innen %.0f km har masser "
                      "som passer til %s"
                    : "no quarry or surplus within %.0f km offers a material "
                      "fit for %s",
                 n->max_km, mf_catalog_use(cat, lot->use)->code);
    else
        snprintf(buf, len,
                 nb ? "pukkverk og overskudd innen rekkevidde som passer til "
                      "%s, er brukt opp i disse periodene"
                    : "the quarries and surplus within reach that fit %s are "
                      "used up in those periods",
                 mf_catalog_use(cat, lot->use)->code);
    return buf;
}
