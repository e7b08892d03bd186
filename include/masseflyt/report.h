/*
 * report.h - the report in three stages, as the 2020/21 project worked:
 * 1 the situation today, 2 the potential for improvement, 3 the measures,
 * and an appendix with every factor and its source.
 *
 * One self-contained HTML file (inline SVG charts and map, no network
 * access needed), the same report drawn as PDF with cairo, and an XLSX
 * workbook with the tables and native Excel charts. Norwegian bokmål by
 * default, English on request. The library runs no other program: the
 * use-case layer (src/app/app.h) prints the HTML to PDF with headless
 * Chromium where it is installed, and uses mf_report_pdf_cairo where not.
 */
#ifndef MF_REPORT_H
#define MF_REPORT_H

#include "masseflyt/balance.h"
#include "masseflyt/custody.h"
#include "masseflyt/error.h"
#include "masseflyt/impact.h"
#include "masseflyt/model.h"
#include "masseflyt/plan.h"
#include "masseflyt/scenario.h"

#include <stdio.h>

/* The part of the region a report leads with (src/app/app.h's scope):
 * its lots, where their masses go or come from in the plan with the
 * cost, their alternatives, and what stays unplaced; the region follows
 * as context. */
struct mf_report_scope {
    const char *title;         /* "prosjekt skole", in the report's language */
    const unsigned char *lot;  /* per lot of reg: 1 when in the scope */
    const unsigned char *site; /* per site of reg: 1 when in the scope */
    const struct mf_options *options; /* alternatives of lots of the scope
                                         (mf_plan_options), any order */
    int n_options;
};

struct mf_report_input {
    const char *title;     /* e.g. "Oslo, Akershus, Buskerud og Østfold" */
    const char *lang;      /* "nb" (default) or "en" */
    const char *generated; /* date of the report, "2026-11-28" */
    const struct mf_registry *reg;
    const struct mf_factors *factors;
    const char *data_dir; /* for map outlines: data/geo/ */
    /* 1: the situation today. */
    const struct mf_balance *balance;
    /* 2: the potential: the base scenario's plan against today's
     * practice (the headline), and no reuse at all (a reference line). */
    const struct mf_plan *practice;
    const struct mf_practice *practice_params; /* may be NULL */
    const struct mf_plan *baseline;
    const struct mf_plan *plan;
    /* 3: the measures. scenarios[0] is the base; notes[i] are the
     * explained differences of scenario i against the base. */
    const struct mf_scenario_result *scenarios;
    int n_scenarios;
    char **const *notes;
    const int *n_notes;
    const struct mf_tornado *tornado; /* may be NULL */
    /* The scope the report leads with; NULL: the region only. Sites of
     * reg and of each scenario's registry that reg lacks (sites a
     * scenario adds) are all drawn. */
    const struct mf_report_scope *scope;
    /* Actual flows: the load tickets and receipts (custody.h), set
     * against `plan` by its periods, the reuse rate per year,
     * municipality and material from the tickets, and the checks'
     * findings by kind. NULL, or no tickets: no such section. */
    const struct mf_custody_data *custody;
    const struct mf_custody_params *custody_params; /* NULL: defaults */
    int64_t custody_as_of; /* the moment the state is taken at;
                              MF_TIME_NONE: the catalogue's today */
};

/* Writes the HTML report. */
int mf_report_html(const struct mf_report_input *in, FILE *out,
                   struct mf_error *err);

/* Writes the XLSX workbook to path (written to a temporary name, then
 * renamed). */
int mf_report_xlsx(const struct mf_report_input *in, const char *path,
                   struct mf_error *err);

/* Draws the report as PDF with cairo (A4 pages, fonts embedded) into
 * pdf_path (written to a temporary name, then renamed). */
int mf_report_pdf_cairo(const struct mf_report_input *in, const char *pdf_path,
                        struct mf_error *err);

/* Writes each table of the report as CSV into dir (one file per table);
 * returns the number of files written or a negative status. */
int mf_report_csv(const struct mf_report_input *in, const char *dir,
                  struct mf_error *err);

#endif
