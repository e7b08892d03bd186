/*
 * indicators.c - the one indicator table (keys, units, labels) and the
 * sums that turn a plan's flows into struct mf_indicators.
 *
 * The terminal comparison (cli/compare.c), the report's indicator tables
 * (report/build.c: HTML, PDF, XLSX, CSV) and the plan's JSON summary
 * (plan/export.c) all walk this table; a new indicator is one row here
 * and one field in struct mf_indicators.
 *
 * The sums (indicators_add) take each flow with the kind of cost it had
 * (cost.h), so that the same parts the planner priced are the parts
 * summed: tonnes by where they went, CO2e by source, costs by kind.
 */
#include "masseflyt/indicators.h"

#include "impact/indicators_int.h"

#include <stddef.h>
#include <string.h>

#define F(field) offsetof(struct mf_indicators, field)

static const struct mf_indicator rows[] = {
    {"supply_t", "t", "t", 1, 0, 0, "Overskudd (t)", "Surplus (t)",
     "surplus (t)", F(supply_t), MF_IND_TABLE},
    {"demand_t", "t", "t", 1, 0, 0, "Behov (t)", "Need (t)", "need (t)",
     F(demand_t), MF_IND_TABLE},
    {"reused_t", "t", "t", 1, 0, 0, "Gjenbrukt (t)", "Reused (t)", "reused (t)",
     F(reused_t), MF_IND_TABLE},
    {"reuse_rate", "share", "share", 1, 1, 1, "Gjenbruksgrad", "Reuse rate",
     "reuse rate", F(reuse_rate), MF_IND_TABLE | MF_IND_KEY_FIGURE},
    {"recovered_t", "t", "t", 1, 0, 0,
     "Gjenvunnet: til behov planlagt uavhengig (t)",
     "Recovered: to needs planned independently (t)", "recovered (t)",
     F(recovered_t), MF_IND_TABLE},
    {"disposal_fill_t", "t", "t", 1, 0, 0,
     "Disponering: til fylling ikke planlagt uavhengig (t)",
     "Disposal: to fills not planned independently (t)", "disposal by fill (t)",
     F(disposal_fill_t), MF_IND_TABLE},
    {"recovery_unknown_t", "t", "t", 1, 0, 0,
     "Til behov uten opplysning om uavhengig planlegging (t)",
     "To needs not known to be planned independently (t)",
     "recovery unknown (t)", F(recovery_unknown_t), MF_IND_TABLE},
    {"recovered_share", "share", "share", 1, 1, 1,
     "Andel gjenvunnet av det som nådde et behov",
     "Share recovered of what reached a need", "recovered share",
     F(recovered_share), MF_IND_TABLE},
    {"landfilled_t", "t", "t", 1, 0, 0, "Til massemottak (t)",
     "To massemottak, receiving sites (t)", "to receiving sites (t)",
     F(landfilled_t), MF_IND_TABLE | MF_IND_KEY_FIGURE},
    {"land_daa", "daa", "m2", 1000, 1, 0, "Arealbruk til mottak (daa)",
     "Land taken by receiving (daa)", "land take (daa)", F(land_m2),
     MF_IND_TABLE},
    {"virgin_t", "t", "t", 1, 0, 0, "Nytt fra pukkverk og grustak (t)",
     "Virgin from pukkverk, quarries (t)", "virgin from quarries (t)",
     F(virgin_t), MF_IND_TABLE | MF_IND_KEY_FIGURE},
    {"stored_t", "t", "t", 1, 0, 0, "Gjennom mellomlager (t)",
     "Through mellomlager (t)", "through storage (t)", F(stored_t),
     MF_IND_TABLE},
    {"processed_t", "t", "t", 1, 0, 0, "Gjennom knuseverk (t)",
     "Through processing (t)", "through processing (t)", F(processed_t),
     MF_IND_TABLE},
    {"unplaced_t", "t", "t", 1, 0, 0, "Ikke plassert overskudd (t)",
     "Unplaced surplus (t)", "unplaced surplus (t)", F(unplaced_t),
     MF_IND_TABLE},
    {"unmet_t", "t", "t", 1, 0, 0, "Udekket behov (t)", "Unmet need (t)",
     "unmet need (t)", F(unmet_t), MF_IND_TABLE},
    {"trips", "loads", "loads", 1, 0, 0, "Lastebillass", "Truck loads",
     "truck trips", F(trips), MF_IND_TABLE},
    {"truck_km", "km", "km", 1, 0, 0, "Kjøretøy-km", "Truck-km", "truck-km",
     F(truck_km), MF_IND_TABLE | MF_IND_KEY_FIGURE},
    {"tonne_km", "t km", "t km", 1, 0, 0, "Tonn-km (lastebil)",
     "Tonne-km (truck)", "tonne-km (truck)", F(tonne_km), MF_IND_TABLE},
    {"mode_tonne_km", "t km", "t km", 1, 0, 0, "Tonn-km (lekter, bånd)",
     "Tonne-km (barge, conveyor)", "tonne-km (barge, conveyor)",
     F(mode_tonne_km), MF_IND_TABLE},
    {"hours", "h", "h", 1, 0, 0, "Kjøretimer", "Truck hours", "truck hours",
     F(hours), 0},
    {"co2e_transport_t", "t CO2e", "kg CO2e", 1000, 0, 0, "CO2e transport (t)",
     "CO2e transport (t)", "CO2e transport (t)", F(co2e_transport_kg),
     MF_IND_TABLE},
    {"co2e_handling_t", "t CO2e", "kg CO2e", 1000, 0, 0,
     "CO2e mellomlagring (t)", "CO2e storage handling (t)",
     "CO2e storage handling (t)", F(co2e_handling_kg), MF_IND_TABLE},
    {"co2e_processing_t", "t CO2e", "kg CO2e", 1000, 0, 0, "CO2e knusing (t)",
     "CO2e processing (t)", "CO2e processing (t)", F(co2e_processing_kg),
     MF_IND_TABLE},
    {"co2e_virgin_t", "t CO2e", "kg CO2e", 1000, 0, 0, "CO2e ny produksjon (t)",
     "CO2e virgin production (t)", "CO2e virgin production (t)",
     F(co2e_virgin_kg), MF_IND_TABLE},
    {"co2e_total_t", "t CO2e", "kg CO2e", 1000, 0, 0, "CO2e totalt (t)",
     "CO2e total (t)", "CO2e total (t)", F(co2e_total_kg),
     MF_IND_TABLE | MF_IND_KEY_FIGURE},
    {"nox_kg", "kg", "kg", 1, 0, 0, "NOx (kg)", "NOx (kg)", "NOx (kg)",
     F(nox_kg), MF_IND_TABLE},
    {"pm_kg", "kg", "kg", 1, 0, 0, "Svevestøv, PM (kg)",
     "Particulate matter, PM (kg)", "PM (kg)", F(pm_kg), 0},
    {"cost_transport_mnok", "MNOK", "NOK", 1e6, 2, 0,
     "Kostnad transport (MNOK)", "Cost of transport (MNOK)",
     "cost transport (MNOK)", F(cost_transport), MF_IND_TABLE},
    {"cost_fees_mnok", "MNOK", "NOK", 1e6, 2, 0, "Kostnad mottaksgebyr (MNOK)",
     "Cost of gate fees (MNOK)", "cost gate fees (MNOK)", F(cost_fees),
     MF_IND_TABLE},
    {"cost_tax_mnok", "MNOK", "NOK", 1e6, 2, 0, "Kostnad deponiavgift (MNOK)",
     "Cost of landfill tax (MNOK)", "cost landfill tax (MNOK)", F(cost_tax),
     MF_IND_TABLE},
    {"cost_purchase_mnok", "MNOK", "NOK", 1e6, 2, 0, "Kostnad innkjøp (MNOK)",
     "Cost of purchases (MNOK)", "cost purchases (MNOK)", F(cost_purchase),
     MF_IND_TABLE},
    {"cost_handling_mnok", "MNOK", "NOK", 1e6, 2, 0,
     "Kostnad mellomlager (MNOK)", "Cost of storage (MNOK)",
     "cost storage (MNOK)", F(cost_handling), MF_IND_TABLE},
    {"cost_processing_mnok", "MNOK", "NOK", 1e6, 2, 0, "Kostnad knusing (MNOK)",
     "Cost of processing (MNOK)", "cost processing (MNOK)", F(cost_processing),
     MF_IND_TABLE},
    {"cost_total_mnok", "MNOK", "NOK", 1e6, 2, 0,
     "Kostnad for prosjektene (MNOK)", "Cost to the projects (MNOK)",
     "cost to projects (MNOK)", F(cost_total),
     MF_IND_TABLE | MF_IND_KEY_FIGURE},
    {"cost_shortfall_mnok", "MNOK", "NOK", 1e6, 2, 0,
     "Priset mangel: ikke plassert og udekket (MNOK)",
     "Priced shortfall: unplaced and unmet (MNOK)", "priced shortfall (MNOK)",
     F(cost_shortfall), MF_IND_TABLE},
    {"cost_society_mnok", "MNOK", "NOK", 1e6, 2, 0,
     "Kostnad for samfunnet (MNOK)", "Cost to society (MNOK)",
     "cost to society (MNOK)", F(cost_society),
     MF_IND_TABLE | MF_IND_KEY_FIGURE},
    {"penalty_mnok", "MNOK", "NOK", 1e6, 2, 0,
     "Straff for ikke plassert og udekket (MNOK)",
     "Penalty for unplaced and unmet (MNOK)", "penalty (MNOK)", F(penalty), 0},
    {"cost_co2_mnok", "MNOK", "NOK", 1e6, 2, 0, "CO2-pris (MNOK)",
     "CO2 price (MNOK)", "CO2 price (MNOK)", F(cost_co2), 0},
    {"cost_quality_mnok", "MNOK", "NOK", 1e6, 2, 0, "Kvalitetstap (MNOK)",
     "Quality loss (MNOK)", "quality loss (MNOK)", F(cost_quality), 0},
    {"cost_land_mnok", "MNOK", "NOK", 1e6, 2, 0, "Arealpris (MNOK)",
     "Land price (MNOK)", "land price (MNOK)", F(cost_land), 0},
    {"cost_surcharge_mnok", "MNOK", "NOK", 1e6, 2, 0,
     "Tillegg på offentlige byggherrers deponering (MNOK)",
     "Public clients' landfill surcharge (MNOK)", "landfill surcharge (MNOK)",
     F(cost_surcharge), 0},
};

#define N_ROWS (int)(sizeof rows / sizeof rows[0])

int mf_indicators_count(void)
{
    return N_ROWS;
}

const struct mf_indicator *mf_indicator_at(int i)
{
    return i >= 0 && i < N_ROWS ? &rows[i] : NULL;
}

const struct mf_indicator *mf_indicator_find(const char *key)
{
    int i;

    for (i = 0; key && i < N_ROWS; i++)
        if (!strcmp(rows[i].key, key))
            return &rows[i];
    return NULL;
}

const struct mf_indicator *mf_indicator_of(size_t offset)
{
    int i;

    for (i = 0; i < N_ROWS; i++)
        if (rows[i].offset == offset)
            return &rows[i];
    return NULL;
}

double mf_indicator_field(const struct mf_indicators *x,
                          const struct mf_indicator *d)
{
    double v;

    memcpy(&v, (const char *)x + d->offset, sizeof v);
    return v;
}

double mf_indicator_value(const struct mf_indicators *x,
                          const struct mf_indicator *d)
{
    /* A division, not a multiplication by 1 / divisor: the outputs showed
     * v / 1000 before the table existed, and the last bits must not move
     * (a divisor of 1 leaves v as it is). */
    return mf_indicator_field(x, d) / d->divisor;
}

/* ------------------------------------------------------------------ */
/* Sums                                                                 */
/* ------------------------------------------------------------------ */

void indicators_add(struct mf_indicators *x, enum cost_kind kind,
                    const struct mf_flow *fl)
{
    double t = fl->tonnes;
    int u;

    /* Tonnes by where they went, CO2e other than transport by source. */
    switch (kind) {
    case COST_TO_NEED:
        x->reused_t += t;
        break;
    case COST_TO_STORAGE:
        x->stored_t += t;
        x->co2e_handling_kg += fl->co2e_other_kg;
        break;
    case COST_TO_LANDFILL:
        x->landfilled_t += t;
        x->land_m2 += fl->land_m2;
        break;
    case COST_FROM_QUARRY:
        x->virgin_t += t;
        x->co2e_virgin_kg += fl->co2e_other_kg;
        break;
    case COST_PROCESS:
        x->processed_t += t;
        x->co2e_processing_kg += fl->co2e_other_kg;
        break;
    case COST_UNPLACED:
        x->unplaced_t += t;
        break;
    case COST_UNMET:
        x->unmet_t += t;
        break;
    default:
        break;
    }
    for (u = 0; u < MF_MAX_FUELS; u++)
        x->fuel[u] += fl->fuel[u];
    x->hours += fl->hours;
    x->trips += fl->trips;
    x->truck_km += fl->truck_km;
    x->tonne_km += fl->tonne_km;
    x->mode_tonne_km += fl->mode_tonne_km;
    x->co2e_transport_kg += fl->co2e_transport_kg;
    x->nox_kg += fl->nox_g / 1000;
    x->pm_kg += fl->pm_g / 1000;
    x->cost_transport += fl->cost_transport;
    x->cost_fees += fl->cost_fee;
    x->cost_tax += fl->cost_tax;
    x->cost_purchase += fl->cost_purchase;
    x->cost_handling += fl->cost_handling;
    x->cost_processing += fl->cost_processing;
    x->penalty += fl->cost_penalty;
    x->cost_co2 += fl->cost_co2;
    x->cost_quality += fl->cost_quality;
    x->cost_land += fl->cost_land;
    x->cost_surcharge += fl->cost_surcharge;
    x->cost_shortfall += fl->cost_shortfall;
}

void indicators_recovery(struct mf_indicators *x, int planned_independently,
                         double t)
{
    if (planned_independently > 0) {
        x->recovered_t += t;
    } else if (planned_independently == 0) {
        x->reused_t -= t;
        x->disposal_fill_t += t;
    } else {
        x->recovery_unknown_t += t;
    }
}

void indicators_finish(struct mf_indicators *x)
{
    x->reuse_rate = x->supply_t > 0 ? x->reused_t / x->supply_t : 0;
    x->recovered_share =
        x->reused_t + x->disposal_fill_t > 0
            ? x->recovered_t / (x->reused_t + x->disposal_fill_t)
            : 0;
    x->co2e_total_kg = x->co2e_transport_kg + x->co2e_handling_kg +
                       x->co2e_processing_kg + x->co2e_virgin_kg;
    x->cost_total = x->cost_transport + x->cost_fees + x->cost_tax +
                    x->cost_purchase + x->cost_handling + x->cost_processing;
    /* Transfers (landfill tax, surcharge, CO2 price) are left out; the
     * gate fee stands for the receiving site's own costs. */
    x->cost_society = x->cost_transport + x->cost_fees + x->cost_purchase +
                      x->cost_handling + x->cost_processing + x->cost_land +
                      x->cost_shortfall;
}
