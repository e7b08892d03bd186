/*
 * export.c - a plan written out: flows as CSV, flows as GeoJSON lines for
 * GIS, the network as DIMACS min-cost flow for checking with other
 * solvers, and the summary as JSON for the store and for reports.
 */
#include "masseflyt/plan.h"

#include "plan/state.h"

#include <jansson.h>
#include <stdio.h>
#include <string.h>

static const char *material_code(const struct mf_registry *reg, int m)
{
    const struct mf_material *mm =
        mf_catalog_material(mf_registry_catalog(reg), m);

    return mm ? mm->code : "";
}

/* The place of a flow end, when it has one. */
static int end_place(const struct mf_registry *reg, enum mf_end_kind k,
                     int index, double *lon, double *lat)
{
    if (index < 0 || k == MF_END_UNPLACED || k == MF_END_UNMET)
        return 0;
    if (k == MF_END_SUPPLY || k == MF_END_DEMAND) {
        const struct mf_lot *l = mf_registry_lot_at(reg, (size_t)index);
        *lon = l->loc.lon;
        *lat = l->loc.lat;
        return l->loc.epsg != 0;
    }
    {
        const struct mf_site *x = mf_registry_site_at(reg, (size_t)index);
        *lon = x->loc.lon;
        *lat = x->loc.lat;
        return 1;
    }
}

static void csv_text(FILE *out, const char *s)
{
    if (strpbrk(s, ",\"\n\r")) {
        fputc('"', out);
        for (; *s; s++) {
            if (*s == '"')
                fputc('"', out);
            fputc(*s, out);
        }
        fputc('"', out);
    } else {
        fputs(s, out);
    }
}

/* A flow's tonnes in the volume state its lot was given in. */
static int flow_volume(const struct mf_registry *reg, const struct mf_flow *f,
                       double *m3, enum mf_state *state)
{
    const struct mf_lot *l = NULL;

    if (f->from_kind == MF_END_SUPPLY && f->from >= 0)
        l = mf_registry_lot_at(reg, (size_t)f->from);
    else if (f->to_kind == MF_END_DEMAND && f->to >= 0)
        l = mf_registry_lot_at(reg, (size_t)f->to);
    if (!l || !mf_lot_volume(l, f->tonnes, m3))
        return 0;
    *state = l->state;
    return 1;
}

int mf_plan_write_csv(const struct mf_plan *plan, const struct mf_registry *reg,
                      FILE *out, struct mf_error *err)
{
    size_t i;
    char label[32];
    double m3;
    enum mf_state state;

    fputs("period,from_kind,from,to_kind,to,material,tonnes,km,trips,"
          "truck_km,tonne_km,cost_transport_nok,cost_fee_nok,cost_tax_nok,"
          "cost_purchase_nok,cost_handling_nok,co2e_transport_kg,"
          "co2e_other_kg,land_m2,volume_m3,volume_state,mode\n",
          out);
    for (i = 0; i < plan->n_flows; i++) {
        const struct mf_flow *f = &plan->flows[i];
        fprintf(out, "%s,%s,",
                f->period >= 0 ? mf_period_label(&plan->periods, f->period,
                                                 label, sizeof label)
                               : "",
                mf_end_kind_name(f->from_kind));
        csv_text(out, mf_end_id(reg, f->from_kind, f->from));
        fprintf(out, ",%s,", mf_end_kind_name(f->to_kind));
        csv_text(out, mf_end_id(reg, f->to_kind, f->to));
        fprintf(out,
                ",%s,%.0f,%.2f,%.2f,%.1f,%.1f,%.2f,%.2f,%.2f,%.2f,%.2f,%.2f,"
                "%.2f,%.2f",
                material_code(reg, f->material), f->tonnes, f->km, f->trips,
                f->truck_km, f->tonne_km, f->cost_transport, f->cost_fee,
                f->cost_tax, f->cost_purchase, f->cost_handling,
                f->co2e_transport_kg, f->co2e_other_kg, f->land_m2);
        /* The tonnes as the volume its lot was given in: the surplus lot
         * it leaves, else the need it meets; empty for tonnes. */
        if (flow_volume(reg, f, &m3, &state))
            fprintf(out, ",%.1f,%s", m3, mf_state_name(state));
        else
            fputs(",,", out);
        /* truck, barge or conveyor (data/modes.csv); empty for flows that
         * do not move (storage, processing, slack). */
        fprintf(out, ",%s\n",
                f->km > 0 || f->mode != MF_MODE_TRUCK ? mf_mode_name(f->mode)
                                                      : "");
    }
    if (ferror(out))
        return mf_error_set(err, MF_EIO, "writing the flows failed");
    return MF_OK;
}

int mf_plan_write_geojson(const struct mf_plan *plan,
                          const struct mf_registry *reg, FILE *out,
                          struct mf_error *err)
{
    size_t i;
    int first = 1;
    char label[32];

    fputs("{\"type\":\"FeatureCollection\",\"features\":[\n", out);
    for (i = 0; i < plan->n_flows; i++) {
        const struct mf_flow *f = &plan->flows[i];
        double lon0, lat0, lon1, lat1;
        json_t *feat;
        char *text;

        if (!end_place(reg, f->from_kind, f->from, &lon0, &lat0) ||
            !end_place(reg, f->to_kind, f->to, &lon1, &lat1))
            continue;
        feat = json_pack("{s:s,s:{s:s,s:s,s:s,s:s,s:s,s:s,s:f,s:f,s:s,s:f,s:f},"
                         "s:{s:s,s:[[f,f],[f,f]]}}",
                         "type", "Feature", "properties", "period",
                         f->period >= 0
                             ? mf_period_label(&plan->periods, f->period, label,
                                               sizeof label)
                             : "",
                         "from_kind", mf_end_kind_name(f->from_kind), "from",
                         mf_end_id(reg, f->from_kind, f->from), "to_kind",
                         mf_end_kind_name(f->to_kind), "to",
                         mf_end_id(reg, f->to_kind, f->to), "material",
                         material_code(reg, f->material), "tonnes", f->tonnes,
                         "km", f->km, "mode", mf_mode_name(f->mode), "co2e_kg",
                         f->co2e_transport_kg + f->co2e_other_kg, "cost_nok",
                         f->cost_transport + f->cost_fee + f->cost_tax +
                             f->cost_purchase + f->cost_handling,
                         "geometry", "type", "LineString", "coordinates", lon0,
                         lat0, lon1, lat1);
        text = feat ? json_dumps(feat, JSON_COMPACT | JSON_REAL_PRECISION(9))
                    : NULL;
        json_decref(feat);
        if (!text)
            return mf_error_set(err, MF_ENOMEM, "out of memory");
        fprintf(out, "%s%s", first ? "" : ",\n", text);
        free(text);
        first = 0;
    }
    fputs("\n]}\n", out);
    if (ferror(out))
        return mf_error_set(err, MF_EIO, "writing the flows failed");
    return MF_OK;
}

int mf_plan_write_dimacs(const struct mf_plan *plan, FILE *out,
                         struct mf_error *err)
{
    char comment[256];

    if (!plan->state)
        return mf_error_set(err, MF_EINVAL,
                            "only a solved plan keeps its network");
    if (plan->state->net.gen.n_gen > 0)
        return mf_error_set(err, MF_EINVAL,
                            "this network has processing yields, which "
                            "DIMACS min-cost flow cannot express: export it "
                            "as an LP (--lp FILE)");
    if (plan->state->net.gen.n_rows > 0)
        return mf_error_set(err, MF_EINVAL,
                            "this network has receiving sites with "
                            "capacities by material and a yearly intake "
                            "limit, which DIMACS min-cost flow cannot "
                            "express: export it as an LP (--lp FILE)");
    snprintf(comment, sizeof comment,
             "masseflyt plan network: %d nodes, %d arcs\n"
             "costs in ore (0.01 NOK) per tonne, flows in tonnes\n"
             "optimal objective %lld",
             plan->n_nodes, plan->n_arcs, (long long)plan->objective);
    return mcf_write_dimacs(plan_state_mcf(plan->state), out, comment, err);
}

/* The indicators under the keys and in the display units of the one
 * indicator table (indicators.h), in its order. */
static json_t *indicators_json(const struct mf_indicators *x)
{
    json_t *o = json_object();
    int i;

    for (i = 0; o && i < mf_indicators_count(); i++) {
        const struct mf_indicator *d = mf_indicator_at(i);
        if (json_object_set_new(o, d->key,
                                json_real(mf_indicator_value(x, d)))) {
            json_decref(o);
            return NULL;
        }
    }
    return o;
}

char *mf_plan_summary_json(const struct mf_plan *plan,
                           const struct mf_plan *baseline,
                           const struct mf_plan *practice,
                           const struct mf_registry *reg)
{
    json_t *root, *flows = json_array();
    char from[16], to[16], label[32];
    size_t i;
    char *text;

    for (i = 0; flows && i < plan->n_flows; i++) {
        const struct mf_flow *f = &plan->flows[i];
        json_array_append_new(
            flows,
            json_pack("{s:s,s:s,s:s,s:s,s:s,s:s,s:f,s:f,s:s}", "period",
                      f->period >= 0
                          ? mf_period_label(&plan->periods, f->period, label,
                                            sizeof label)
                          : "",
                      "from_kind", mf_end_kind_name(f->from_kind), "from",
                      mf_end_id(reg, f->from_kind, f->from), "to_kind",
                      mf_end_kind_name(f->to_kind), "to",
                      mf_end_id(reg, f->to_kind, f->to), "material",
                      material_code(reg, f->material), "tonnes", f->tonnes,
                      "km", f->km, "mode", mf_mode_name(f->mode)));
    }
    root = json_pack(
        "{s:s,s:s,s:s,s:I,s:i,s:i,s:o,s:o,s:o,s:o}", "from",
        mf_date_format(plan->periods.start[0], from, sizeof from), "to",
        mf_date_format(plan->periods.start[plan->periods.n] - 1, to, sizeof to),
        "period", mf_period_kind_name(plan->periods.kind), "objective_ore",
        (json_int_t)plan->objective, "nodes", plan->n_nodes, "arcs",
        plan->n_arcs, "plan", indicators_json(&plan->ind), "baseline",
        baseline ? indicators_json(&baseline->ind) : json_null(), "practice",
        practice ? indicators_json(&practice->ind) : json_null(), "flows",
        flows ? flows : json_array());
    if (!root)
        return NULL;
    text = json_dumps(root, JSON_COMPACT | JSON_REAL_PRECISION(12));
    json_decref(root);
    return text;
}

int mf_plan_write_lp(const struct mf_plan *plan, FILE *out,
                     struct mf_error *err)
{
    if (!plan->state)
        return mf_error_set(err, MF_EINVAL,
                            "only a solved plan keeps its network");
    return gnet_write_lp(plan_state_mcf(plan->state), &plan->state->net.gen,
                         out, err);
}
