/*
 * cmd.h - what the subcommands of the masseflyt program share: the
 * exit-status table, error and issue printing, and the context of the use
 * cases (src/app/app.h) they call.
 *
 * One file per subcommand (cmd_<name>.c) defines `int cmd_<name>(struct
 * cli *cli, int argc, char **argv)`; its usage text and messages are in
 * the message catalogue (masseflyt/msg_catalog.h, MSG_USAGE_<NAME>), in
 * bokmål and English. main.c holds the table of commands. A command parses its
 * arguments, calls one use case and prints the result: the use cases themselves
 * live in src/app/.
 */
#ifndef MF_CLI_CMD_H
#define MF_CLI_CMD_H

#include "app.h"
#include "masseflyt/error.h"
#include "masseflyt/model.h"
#include "masseflyt/msg.h"
#include "masseflyt/validate.h"

#include <stdio.h>

/* Exit statuses (docs/ERRORS.md). */
enum {
    EXIT_OK = 0,
    EXIT_REFUSED = 1, /* validate: some records are out of scope */
    EXIT_USAGE = 2,
    EXIT_INVALID = 3, /* input breaks a rule; nothing was written */
    EXIT_NOTFOUND = 4,
    EXIT_INFEASIBLE = 5,
    EXIT_IO = 6,
    EXIT_DAMAGED = 7, /* the database is damaged: restore from a backup */
    EXIT_INTERNAL = 70,
    EXIT_NOMEM = 71
};

struct cli {
    struct app *app;       /* the configuration, catalogue and factors */
    struct app_session *s; /* the store connection */
    int quiet;             /* --quiet: no progress or notes on stderr */
    int tty;               /* stderr is a terminal */
};

struct command {
    const char *name;
    int (*run)(struct cli *cli, int argc, char **argv);
    enum mf_msg summary; /* one line in `masseflyt --help` */
    const char *usage;   /* English usage text, when usage_msg is -1 */
    int usage_msg;       /* enum mf_msg of the usage text, or -1 */
};

extern const struct command commands[];

/* The exit status for a library status code. */
int cli_exit_for(int status);
/* Prints "masseflyt: WHERE: MESSAGE" in the language of the messages
 * (mf_error_text) and returns cli_exit_for(code). */
int cli_fail(const struct mf_error *err);
/* Prints "masseflyt: MESSAGE" and a hint to --help, and returns
 * EXIT_USAGE. A format the catalogue lists among its problems
 * (MF_MSG_PROBLEMS) is printed in the current language. */
int cli_usage_error(const char *cmd, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;
/* Prints a command's usage to stdout and returns EXIT_OK. */
int cli_help(const char *cmd);
/* 1 when argv[i] is -h or --help for any i. */
int cli_wants_help(int argc, char **argv);

/* Prints issues, each on one line: "masseflyt: lots.csv:12: quantity:
 * message [error]", in the current language (mf_issue_text). Returns the
 * number printed. */
size_t cli_print_issues(FILE *f, const struct mf_issues *is,
                        enum mf_severity min);

/* Parses a whole number in [lo, hi]; 0, or -1 when s is not one. */
int cli_parse_long(const char *s, long lo, long hi, long *out);

/* Formats tonnes with space-grouped thousands: 1234567.4 -> "1 234 567"
 * (both languages group with a space). */
char *cli_tonnes(double t, char *buf, size_t len);
/* A quantity as people read it: space-grouped thousands and at most two
 * decimals, without trailing zeros: 4900000 -> "4 900 000", 1000.5 ->
 * "1 000.5" (bokmål "1 000,5"). */
/* The name of a severity in the current language: "error" / "feil". */
const char *cli_severity(enum mf_severity s);
/* A period kind in the language (week, month, ...; uke, måned, ...). */
const char *cli_period_name(enum mf_period_kind k);
char *cli_quantity(double q, char *buf, size_t len);

int cmd_init(struct cli *cli, int argc, char **argv);
int cmd_import(struct cli *cli, int argc, char **argv);
int cmd_validate(struct cli *cli, int argc, char **argv);
int cmd_list(struct cli *cli, int argc, char **argv);
int cmd_show(struct cli *cli, int argc, char **argv);
int cmd_balance(struct cli *cli, int argc, char **argv);
int cmd_export(struct cli *cli, int argc, char **argv);
int cmd_template(struct cli *cli, int argc, char **argv);
int cmd_options(struct cli *cli, int argc, char **argv);
int cmd_rules(struct cli *cli, int argc, char **argv);
int cmd_plan(struct cli *cli, int argc, char **argv);
int cmd_scenario(struct cli *cli, int argc, char **argv);
int cmd_report(struct cli *cli, int argc, char **argv);
int cmd_check_db(struct cli *cli, int argc, char **argv);
int cmd_backup(struct cli *cli, int argc, char **argv);
int cmd_import_municipalities(struct cli *cli, int argc, char **argv);
int cmd_import_register(struct cli *cli, int argc, char **argv);
int cmd_copy(struct cli *cli, int argc, char **argv);
int cmd_migrate(struct cli *cli, int argc, char **argv);
int cmd_serve(struct cli *cli, int argc, char **argv);
int cmd_user(struct cli *cli, int argc, char **argv);
int cmd_custody(struct cli *cli, int argc, char **argv);

#endif
