/*
 * report.h - the report in three stages, as the 2020/21 project worked:
 * 1 the situation today, 2 the potential for improvement, 3 the measures,
 * and an appendix with every factor and its source.
 *
 * One self-contained HTML file (inline SVG charts and map, no network
 * access needed), the same report as PDF (by printing the HTML with
 * headless Chromium, or drawn with cairo where Chromium is absent), and an
 * XLSX workbook with the tables and native Excel charts. Norwegian bokmål
 * by default, English on request.
 */
#ifndef MF_REPORT_H
#define MF_REPORT_H

#include "masseflyt/balance.h"
#include "masseflyt/error.h"
#include "masseflyt/impact.h"
#include "masseflyt/model.h"
#include "masseflyt/plan.h"
#include "masseflyt/scenario.h"

#include <stdio.h>

struct mf_report_input {
    const char *title;     /* e.g. "Oslo, Akershus, Buskerud og Østfold" */
    const char *lang;      /* "nb" (default) or "en" */
    const char *generated; /* date of the report, "2026-11-28" */
    const struct mf_registry *reg;
    const struct mf_factors *factors;
    const char *data_dir; /* for map outlines: data/geo/ */
    /* 1: the situation today. */
    const struct mf_balance *balance;
    /* 2: the potential: the base scenario's plan and its baseline. */
    const struct mf_plan *baseline;
    const struct mf_plan *plan;
    /* 3: the measures. scenarios[0] is the base; notes[i] are the
     * explained differences of scenario i against the base. */
    const struct mf_scenario_result *scenarios;
    int n_scenarios;
    char **const *notes;
    const int *n_notes;
    const struct mf_tornado *tornado; /* may be NULL */
};

/* Writes the HTML report. */
int mf_report_html(const struct mf_report_input *in, FILE *out,
                   struct mf_error *err);

/* Writes the XLSX workbook to path (written to a temporary name, then
 * renamed). */
int mf_report_xlsx(const struct mf_report_input *in, const char *path,
                   struct mf_error *err);

/* Writes the PDF: prints html_path with headless Chromium when it is
 * installed (`chromium` or $MASSEFLYT_CHROMIUM), else draws the report
 * with cairo. *used says which ("chromium" or "cairo"). */
int mf_report_pdf(const struct mf_report_input *in, const char *html_path,
                  const char *pdf_path, const char **used,
                  struct mf_error *err);

/* Writes each table of the report as CSV into dir (one file per table);
 * returns the number of files written or a negative status. */
int mf_report_csv(const struct mf_report_input *in, const char *dir,
                  struct mf_error *err);

#endif
