/*
 * cost.c - the cost model (cost.h): one tonne of each kind of flow, part
 * by part, and the price the planner puts on it.
 *
 * A haul costs what the haul model says (factors.c: hours, fuel, the
 * truck's hourly rate, loads limited by payload and body volume at the
 * material's loose density) and emits its fuel's CO2e; the CO2 price,
 * when a scenario sets one, is charged on it. Receiving sites add their
 * gate fee for the material (the site's own fee for it, else the site's
 * fee times the material's factor of data/gate_fees.csv), the landfill tax
 * and the land price on the land the masses take; quarries their price, a
 * quality loss when the product is better than the need asks, and the CO2 price
 * on virgin production; storage its fee and holding; processing its fee and the
 * CO2 price on crushing.
 *
 * The CO2 price, when a scenario sets one, is charged on every CO2e
 * source the plan reports: transport, storage handling (the loaders'
 * diesel), processing and virgin production.
 */
#include "impact/cost.h"

#include "util/assert.h"

#include <stddef.h>
#include <stdlib.h>
#include <string.h>

int cost_model_init(struct cost_model *m, const struct mf_factors *fx,
                    const struct mf_catalog *cat, const struct mf_fleet *fleet,
                    double public_surcharge, struct mf_error *err)
{
    int n = mf_catalog_n_materials(cat), i;
    const struct mf_fuel *diesel = mf_fuel_at(fx, mf_fuel_find(fx, "diesel"));
    double rock = mf_setting_num(fx, MF_SET_VIRGIN_ROCK_CO2E);
    double gravel = mf_setting_num(fx, MF_SET_VIRGIN_GRAVEL_CO2E);
    struct mf_haul h0, h1;

    memset(m, 0, sizeof *m);
    {
        int rc = mf_fee_classes_check(fx, cat, err);
        if (rc)
            return rc;
    }
    m->fx = fx;
    m->cat = cat;
    m->fleet = *fleet;
    m->co2_price = mf_setting_num(fx, MF_SET_CO2_PRICE);
    m->landfill_tax = mf_setting_num(fx, MF_SET_LANDFILL_TAX);
    m->land_price = mf_setting_num(fx, MF_SET_LAND_PRICE);
    m->quality_step = mf_setting_num(fx, MF_SET_QUALITY_STEP);
    m->penalty_unplaced = mf_setting_num(fx, MF_SET_PENALTY_UNPLACED);
    m->penalty_unmet = mf_setting_num(fx, MF_SET_PENALTY_UNMET);
    m->shortfall_unplaced = mf_setting_num(fx, MF_SET_SHORTFALL_UNPLACED);
    m->shortfall_unmet = mf_setting_num(fx, MF_SET_SHORTFALL_UNMET);
    m->public_surcharge = public_surcharge;
    m->default_height = mf_setting_num(fx, MF_SET_DEFAULT_FILL_HEIGHT);
    m->land_allowance = mf_setting_num(fx, MF_SET_LAND_ALLOWANCE);
    m->crushing_co2e_kg = mf_setting_num(fx, MF_SET_CRUSHING_CO2E);
    /* Handling at storage burns diesel. */
    m->handling_co2e_kg = diesel
                              ? mf_setting_num(fx, MF_SET_HANDLING_DIESEL) *
                                    (mf_factors_wtw(fx) ? diesel->co2e_wtw_kg
                                                        : diesel->co2e_ttw_kg)
                              : 0;
    /* Quarries make crushed rock (the catalogue's products) or dig sand
     * and gravel. */
    m->virgin_co2e_kg = calloc((size_t)n + 1, sizeof *m->virgin_co2e_kg);
    m->mat_haul_a = calloc((size_t)n + 1, sizeof *m->mat_haul_a);
    m->mat_haul_b = calloc((size_t)n + 1, sizeof *m->mat_haul_b);
    m->fee_factor = calloc((size_t)n + 1, sizeof *m->fee_factor);
    if (!m->virgin_co2e_kg || !m->mat_haul_a || !m->mat_haul_b ||
        !m->fee_factor) {
        cost_model_free(m);
        return mf_error_set(err, MF_ENOMEM, "out of memory");
    }
    for (i = 0; i < n; i++)
        m->virgin_co2e_kg[i] =
            !strcmp(mf_catalog_material(cat, i)->category, "product") ? rock
                                                                      : gravel;
    /* The haul model is affine in distance; keep its two coefficients,
     * the CO2 price included. */
    mf_haul_per_tonne(fx, fleet, 0, &h0);
    mf_haul_per_tonne(fx, fleet, 1, &h1);
    m->haul_a = h0.cost_nok + m->co2_price * h0.co2e_kg / 1000;
    m->haul_b = (h1.cost_nok - h0.cost_nok) +
                m->co2_price * (h1.co2e_kg - h0.co2e_kg) / 1000;
    /* Each material's own, where the body fills before the payload. */
    m->max_fee_factor = 1;
    for (i = 0; i < n; i++) {
        const struct mf_material *mm = mf_catalog_material(cat, i);
        double loose = mm->density[MF_STATE_ULM3];

        mf_haul_per_tonne_of(fx, fleet, 0, loose, &h0);
        mf_haul_per_tonne_of(fx, fleet, 1, loose, &h1);
        m->mat_haul_a[i] = h0.cost_nok + m->co2_price * h0.co2e_kg / 1000;
        m->mat_haul_b[i] = (h1.cost_nok - h0.cost_nok) +
                           m->co2_price * (h1.co2e_kg - h0.co2e_kg) / 1000;
        m->fee_factor[i] = mf_gate_fee_factor(fx, mm);
        if (m->fee_factor[i] > m->max_fee_factor)
            m->max_fee_factor = m->fee_factor[i];
    }
    return MF_OK;
}

void cost_model_free(struct cost_model *m)
{
    if (!m)
        return;
    free(m->virgin_co2e_kg);
    free(m->mat_haul_a);
    free(m->mat_haul_b);
    free(m->fee_factor);
    m->virgin_co2e_kg = NULL;
    m->mat_haul_a = m->mat_haul_b = m->fee_factor = NULL;
}

double cost_land_m2(const struct cost_model *m, int material,
                    const struct mf_site *site)
{
    const struct mf_material *mm = mf_catalog_material(m->cat, material);
    double h =
        site->fill_height_m > 0 ? site->fill_height_m : m->default_height;
    double dens = 0;

    /* Placed and compacted density first: that is how masses lie at a
     * receiving site. */
    if (mm)
        dens = mm->density[MF_STATE_PAM3] > 0   ? mm->density[MF_STATE_PAM3]
               : mm->density[MF_STATE_PFM3] > 0 ? mm->density[MF_STATE_PFM3]
                                                : mm->density[MF_STATE_ULM3];
    if (!(dens > 0) || !(h > 0))
        return 0;
    return (1 + m->land_allowance) / (dens * h);
}

/* ------------------------------------------------------------------ */
/* The kinds of flow                                                    */
/* ------------------------------------------------------------------ */

static void start(struct cost_parts *out, enum cost_kind kind)
{
    /* Up to the haul's figures: the planner prices millions of candidate
     * pairs, and cost_haul_detail() sets the rest. */
    memset(out, 0, offsetof(struct cost_parts, detailed));
    out->kind = kind;
    out->material = -1;
    out->detailed = 0;
}

static int known_material(const struct cost_model *m, int material)
{
    return material >= 0 && material < mf_catalog_n_materials(m->cat);
}

/* A haul of km road kilometres of a material at the price the planner
 * puts on it. */
static void haul(const struct cost_model *m, double km, int material,
                 struct cost_parts *out)
{
    out->is_haul = 1;
    out->km = km;
    if (known_material(m, material)) {
        out->material = material;
        out->haul_price =
            m->mat_haul_a[material] + m->mat_haul_b[material] * km;
    } else {
        out->haul_price = m->haul_a + m->haul_b * km;
    }
}

double cost_gate_fee(const struct cost_model *m, int material,
                     const struct mf_site *site)
{
    double own;

    if (!known_material(m, material))
        return site->fee;
    /* The site's own fee for the material wins over the class factor. */
    if (site->material_fees &&
        mf_site_material_fee(m->cat, site, material, &own))
        return own;
    return site->fee * m->fee_factor[material];
}

void cost_by_link(const struct cost_model *m, const struct mf_link *link,
                  struct cost_parts *p)
{
    if (!p->is_haul || !link)
        return;
    p->link = link;
    p->km = link->km;
    p->haul_price = link->nok_t + link->nok_tkm * link->km +
                    m->co2_price * link->co2e_kg_tkm * link->km / 1000;
}

void cost_haul_detail(const struct cost_model *m, struct cost_parts *p)
{
    p->detailed = 1;
    if (!p->is_haul) {
        memset(&p->haul, 0, sizeof p->haul);
        p->co2_haul = 0;
        return;
    }
    if (p->link) {
        /* No trucks: no trips, truck-km, truck tonne-km, hours, fuel,
         * NOx or PM counted (the barge's and belt's own are outside the
         * model); its cost and CO2e per tonne-km. */
        memset(&p->haul, 0, sizeof p->haul);
        p->haul.cost_nok = p->link->nok_t + p->link->nok_tkm * p->km;
        p->haul.co2e_kg = p->link->co2e_kg_tkm * p->km;
        p->co2_haul = m->co2_price * p->haul.co2e_kg / 1000;
        return;
    }
    mf_haul_per_tonne_of(
        m->fx, &m->fleet, p->km,
        known_material(m, p->material)
            ? mf_catalog_material(m->cat, p->material)->density[MF_STATE_ULM3]
            : 0,
        &p->haul);
    p->co2_haul = m->co2_price * p->haul.co2e_kg / 1000;
}

void cost_haul_to_need(const struct cost_model *m, double km, int material,
                       int rank, struct cost_parts *out)
{
    start(out, COST_TO_NEED);
    haul(m, km, material, out);
    out->quality = m->quality_step * (rank - 1);
}

void cost_haul_to_storage(const struct cost_model *m, double km, int material,
                          const struct mf_site *storage, struct cost_parts *out)
{
    start(out, COST_TO_STORAGE);
    haul(m, km, material, out);
    out->handling = storage->fee;
    out->co2e_kg = m->handling_co2e_kg;
    /* The CO2 price applies to every CO2e source the plan reports. */
    out->co2 = m->co2_price * out->co2e_kg / 1000;
}

void cost_haul_to_processing(const struct cost_model *m, double km,
                             int material, struct cost_parts *out)
{
    start(out, COST_TO_PROCESSING);
    haul(m, km, material, out);
}

void cost_haul_to_landfill(const struct cost_model *m, double km, int material,
                           const struct mf_site *site, int surcharge,
                           struct cost_parts *out)
{
    start(out, COST_TO_LANDFILL);
    haul(m, km, material, out);
    out->fee = cost_gate_fee(m, material, site);
    /* The landfill tax is charged here and nowhere else. */
    out->tax = m->landfill_tax;
    out->land_m2 = cost_land_m2(m, material, site);
    out->land = m->land_price * out->land_m2;
    out->surcharge = surcharge ? m->public_surcharge : 0;
}

void cost_haul_from_quarry(const struct cost_model *m, double km, int material,
                           const struct mf_site *quarry, int rank,
                           struct cost_parts *out)
{
    start(out, COST_FROM_QUARRY);
    haul(m, km, material, out);
    out->purchase = quarry->fee;
    out->quality = m->quality_step * (rank - 1);
    out->co2e_kg = m->virgin_co2e_kg[material];
    out->co2 = m->co2_price * out->co2e_kg / 1000.0;
}

void cost_hold(const struct cost_model *m, const struct mf_site *storage,
               double months, struct cost_parts *out)
{
    (void)m;
    start(out, COST_HOLD);
    out->handling = storage->holding * months;
}

void cost_process(const struct cost_model *m, const struct mf_site *plant,
                  struct cost_parts *out)
{
    start(out, COST_PROCESS);
    out->processing = plant->fee;
    out->co2e_kg = m->crushing_co2e_kg;
    out->co2 = m->co2_price * out->co2e_kg / 1000;
}

void cost_unplaced(const struct cost_model *m, struct cost_parts *out)
{
    start(out, COST_UNPLACED);
    out->penalty = m->penalty_unplaced;
    out->shortfall = m->shortfall_unplaced;
}

void cost_unmet(const struct cost_model *m, struct cost_parts *out)
{
    start(out, COST_UNMET);
    out->penalty = m->penalty_unmet;
    out->shortfall = m->shortfall_unmet;
}

void cost_none(struct cost_parts *out)
{
    start(out, COST_NONE);
}

/* ------------------------------------------------------------------ */
/* Price and totals                                                     */
/* ------------------------------------------------------------------ */

void cost_flow_totals(const struct cost_parts *p, double t, struct mf_flow *fl)
{
    int u;

    MF_ASSERT_ARG(p->detailed);
    fl->tonnes = t;
    fl->km = p->km;
    fl->cost_transport = p->haul.cost_nok * t;
    fl->co2e_transport_kg = p->haul.co2e_kg * t;
    fl->trips = p->haul.trips * t;
    fl->truck_km = p->haul.truck_km * t;
    fl->tonne_km = p->haul.tonne_km * t;
    fl->mode = p->link ? p->link->mode : MF_MODE_TRUCK;
    fl->mode_tonne_km = p->link ? p->km * t : 0;
    fl->hours = p->haul.hours * t;
    fl->nox_g = p->haul.nox_g * t;
    fl->pm_g = p->haul.pm_g * t;
    for (u = 0; u < MF_MAX_FUELS; u++)
        fl->fuel[u] = p->haul.fuel[u] * t;
    fl->cost_fee = p->fee * t;
    fl->cost_tax = p->tax * t;
    fl->cost_purchase = p->purchase * t;
    fl->cost_handling = p->handling * t;
    fl->cost_processing = p->processing * t;
    fl->cost_penalty = p->penalty * t;
    fl->cost_shortfall = p->shortfall * t;
    fl->cost_co2 = (p->co2_haul + p->co2) * t;
    fl->cost_quality = p->quality * t;
    fl->cost_land = p->land * t;
    fl->cost_surcharge = p->surcharge * t;
    fl->land_m2 = p->land_m2 * t;
    fl->co2e_other_kg = p->co2e_kg * t;
}
