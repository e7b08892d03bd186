/*
 * compare.c - the indicator rows, their units, and the comparison table.
 */
#include "compare.h"

#include "cmd.h"
#include "table.h"

#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

enum fmt { F_TONNES, F_RATE, F_DAA, F_COUNT, F_TCO2, F_KG, F_MNOK };

static const struct row {
    const char *label;
    size_t offset;
    enum fmt fmt;
} rows[] = {
    {"surplus (t)", offsetof(struct mf_indicators, supply_t), F_TONNES},
    {"need (t)", offsetof(struct mf_indicators, demand_t), F_TONNES},
    {"reused (t)", offsetof(struct mf_indicators, reused_t), F_TONNES},
    {"reuse rate", offsetof(struct mf_indicators, reuse_rate), F_RATE},
    {"to receiving sites (t)", offsetof(struct mf_indicators, landfilled_t),
     F_TONNES},
    {"land take (daa)", offsetof(struct mf_indicators, land_m2), F_DAA},
    {"virgin from quarries (t)", offsetof(struct mf_indicators, virgin_t),
     F_TONNES},
    {"through storage (t)", offsetof(struct mf_indicators, stored_t), F_TONNES},
    {"through processing (t)", offsetof(struct mf_indicators, processed_t),
     F_TONNES},
    {"unplaced surplus (t)", offsetof(struct mf_indicators, unplaced_t),
     F_TONNES},
    {"unmet need (t)", offsetof(struct mf_indicators, unmet_t), F_TONNES},
    {"truck trips", offsetof(struct mf_indicators, trips), F_COUNT},
    {"truck-km", offsetof(struct mf_indicators, truck_km), F_COUNT},
    {"tonne-km", offsetof(struct mf_indicators, tonne_km), F_COUNT},
    {"CO2e transport (t)", offsetof(struct mf_indicators, co2e_transport_kg),
     F_TCO2},
    {"CO2e storage handling (t)",
     offsetof(struct mf_indicators, co2e_handling_kg), F_TCO2},
    {"CO2e processing (t)", offsetof(struct mf_indicators, co2e_processing_kg),
     F_TCO2},
    {"CO2e virgin production (t)",
     offsetof(struct mf_indicators, co2e_virgin_kg), F_TCO2},
    {"CO2e total (t)", offsetof(struct mf_indicators, co2e_total_kg), F_TCO2},
    {"NOx (kg)", offsetof(struct mf_indicators, nox_kg), F_KG},
    {"cost transport (MNOK)", offsetof(struct mf_indicators, cost_transport),
     F_MNOK},
    {"cost gate fees (MNOK)", offsetof(struct mf_indicators, cost_fees),
     F_MNOK},
    {"cost landfill tax (MNOK)", offsetof(struct mf_indicators, cost_tax),
     F_MNOK},
    {"cost purchases (MNOK)", offsetof(struct mf_indicators, cost_purchase),
     F_MNOK},
    {"cost storage (MNOK)", offsetof(struct mf_indicators, cost_handling),
     F_MNOK},
    {"cost processing (MNOK)", offsetof(struct mf_indicators, cost_processing),
     F_MNOK},
    {"cost total (MNOK)", offsetof(struct mf_indicators, cost_total), F_MNOK},
};

static double get(const struct mf_indicators *x, const struct row *r)
{
    return *(const double *)((const char *)x + r->offset);
}

static char *format(double v, enum fmt f, int signed_, char *buf, size_t len)
{
    char num[40];

    switch (f) {
    case F_RATE:
        snprintf(buf, len, signed_ ? "%+.1f pp" : "%.1f %%", v * 100);
        return buf;
    case F_DAA:
        snprintf(buf, len, signed_ ? "%+.1f" : "%.1f", v / 1000);
        return buf;
    case F_TCO2:
        v /= 1000;
        break;
    case F_MNOK:
        snprintf(buf, len, signed_ ? "%+.2f" : "%.2f", v / 1e6);
        return buf;
    default:
        break;
    }
    cli_tonnes(v, num, sizeof num);
    snprintf(buf, len, "%s%s", signed_ && v > 0.5 ? "+" : "", num);
    return buf;
}

void compare_print(FILE *f, const char *const *names,
                   const struct mf_indicators *const *ind, int n, int diff,
                   int csv)
{
    struct table *t = table_new(n + 1 + (diff ? 1 : 0));
    const char *cells[16];
    char buf[16][64];
    size_t r;
    int i;

    if (!t || n > 12)
        return;
    cells[0] = "indicator";
    for (i = 0; i < n; i++)
        cells[1 + i] = names[i];
    if (diff)
        cells[1 + n] = "difference";
    table_row(t, cells);
    for (i = 1; i <= n + (diff ? 1 : 0); i++)
        table_right(t, i);
    for (r = 0; r < sizeof rows / sizeof rows[0]; r++) {
        cells[0] = rows[r].label;
        for (i = 0; i < n; i++) {
            if (csv)
                snprintf(buf[i], sizeof buf[i], "%.6g", get(ind[i], &rows[r]));
            else
                format(get(ind[i], &rows[r]), rows[r].fmt, 0, buf[i],
                       sizeof buf[i]);
            cells[1 + i] = buf[i];
        }
        if (diff) {
            double d = get(ind[n - 1], &rows[r]) - get(ind[0], &rows[r]);
            if (csv)
                snprintf(buf[n], sizeof buf[n], "%.6g", d);
            else
                format(d, rows[r].fmt, 1, buf[n], sizeof buf[n]);
            cells[1 + n] = buf[n];
        }
        table_row(t, cells);
    }
    if (csv)
        table_print_csv(t, f);
    else
        table_print(t, f);
    table_free(t);
    for (i = 0; !csv && i < n; i++)
        if (ind[i]->unplaced_t > 0.5 || ind[i]->unmet_t > 0.5) {
            fputs("Costs leave out unplaced surplus and unmet need (their "
                  "rows above): a plan with\nmore of them is not cheaper "
                  "for it.\n",
                  f);
            break;
        }
}
