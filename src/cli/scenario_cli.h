/*
 * scenario_cli.h - what cmd_scenario.c shares with cmd_report.c: where
 * scenarios are read from, and running a list of them.
 */
#ifndef MF_CLI_SCENARIO_H
#define MF_CLI_SCENARIO_H

#include "cmd.h"
#include "masseflyt/scenario.h"

/* The scenario folder: given, else $MASSEFLYT_SCENARIOS, else the demo's
 * (data/demo/scenarios). */
const char *scenario_dir(struct cli *cli, const char *given, char *buf,
                         size_t len);

/* Loads and runs scenarios names[0..n-1] into res (which the caller frees
 * with mf_scenario_result_free), storing each result; returns an exit
 * status. */
int scenario_run_all(struct cli *cli, const char *dir, const char *const *names,
                     int n, struct mf_factors *fx,
                     struct mf_scenario_result *res);

#endif
