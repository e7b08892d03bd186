/*
 * scope_args.h - the scope options every command that shows a part of
 * the region takes (plan, balance, report, export), parsed in one place
 * into the app layer's struct app_scope (src/app/app.h).
 */
#ifndef MF_CLI_SCOPE_ARGS_H
#define MF_CLI_SCOPE_ARGS_H

#include "app.h"

/* The usage texts show the options with the catalogue's
 * MSG_SCOPE_USAGE_EN_ / MSG_SCOPE_HELP_EN_ (masseflyt/msg_catalog.h). */

/* When argv[*i] is a scope option: sets it from argv[*i + 1], moves *i
 * past the value and returns 1. A value that breaks the option's rule (or
 * a missing one) prints the usage error naming the option and the rule
 * and sets *rc to EXIT_USAGE (still returning 1). Returns 0 when argv[*i]
 * is no scope option. */
int cli_scope_arg(const char *cmd, int argc, char **argv, int *i,
                  struct app_scope *sc, int *rc);

/* After the last option: checks the scope is whole (--near with
 * --radius). 0, or prints the usage error and returns EXIT_USAGE. */
int cli_scope_done(const char *cmd, struct app_scope *sc);

#endif
