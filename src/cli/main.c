/*
 * main.c - the masseflyt program: global options, then a subcommand.
 *
 *   masseflyt [--db FILE] [--data DIR] [--as-of DATE] [--quiet] COMMAND ...
 */
#include "cmd.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

const struct command commands[] = {
    {"init", cmd_init, "create an empty database", usage_init},
    {"import", cmd_import, "import CSV or GeoJSON files, all or nothing",
     usage_import},
    {"validate", cmd_validate, "check everything against the rules",
     usage_validate},
    {"list", cmd_list, "list organisations, projects, sites or lots",
     usage_list},
    {"show", cmd_show, "show one record in full", usage_show},
    {"balance", cmd_balance, "mass balance per material and period",
     usage_balance},
    {"export", cmd_export, "export records as CSV or GeoJSON", usage_export},
    {"rules", cmd_rules, "list the rules, their dates and sources",
     usage_rules},
    {"plan", cmd_plan, "plan the flows, compare with business as usual",
     usage_plan},
    {"scenario", cmd_scenario, "run and compare policy scenarios",
     usage_scenario},
    {"report", cmd_report, "the report: HTML, PDF, XLSX and CSV", usage_report},
    {"serve", cmd_serve, "serve the JSON API and the web UI", usage_serve},
    {"user", cmd_user, "add, list, disable accounts; set passwords",
     usage_user},
    {NULL, NULL, NULL, NULL},
};

static void usage(FILE *f)
{
    int i;

    fputs("usage: masseflyt [--db FILE] [--data DIR] [--as-of DATE] "
          "[--quiet] COMMAND [ARGS]\n\n"
          "masseflyt registers clean surplus soil and rock and the needs "
          "for it,\nand plans how masses flow between projects.\n\n"
          "Commands:\n",
          f);
    for (i = 0; commands[i].name; i++)
        fprintf(f, "  %-10s %s\n", commands[i].name, commands[i].summary);
    fputs("\nGlobal options:\n"
          "  --db FILE      the database (default $MASSEFLYT_DB or "
          "masseflyt.db)\n"
          "  --data DIR     the data folder with the catalogue (default "
          "$MASSEFLYT_DATA\n"
          "                 or the folder masseflyt was built with)\n"
          "  --as-of DATE   apply the rules in force on DATE (default: the "
          "date each\n"
          "                 lot starts to move)\n"
          "  --quiet        no progress lines or notes on stderr\n"
          "  --version      print the version\n\n"
          "'masseflyt COMMAND --help' describes a command. Exit statuses "
          "are listed in\ndocs/ERRORS.md.\n",
          f);
}

int main(int argc, char **argv)
{
    struct cli cli;
    int i, rc;
    const char *env = getenv("MASSEFLYT_DB");

    memset(&cli, 0, sizeof cli);
    cli.db = env && *env ? env : "masseflyt.db";
    cli.as_of = MF_DATE_NONE;
    cli.tty = isatty(2);
    for (i = 1; i < argc && argv[i][0] == '-'; i++) {
        const char *a = argv[i];
        if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
            usage(stdout);
            return EXIT_OK;
        } else if (!strcmp(a, "--version")) {
            printf("masseflyt %s\n", MF_VERSION);
            return EXIT_OK;
        } else if (!strcmp(a, "--quiet") || !strcmp(a, "-q")) {
            cli.quiet = 1;
        } else if ((!strcmp(a, "--db") || !strcmp(a, "--data") ||
                    !strcmp(a, "--as-of")) &&
                   i + 1 < argc) {
            const char *v = argv[++i];
            if (!strcmp(a, "--db")) {
                cli.db = v;
            } else if (!strcmp(a, "--data")) {
                cli.data = v;
            } else {
                struct mf_error err = {0};
                if (mf_date_parse(v, &cli.as_of, &err))
                    return cli_usage_error(NULL, "--as-of: %s", err.message);
            }
        } else {
            return cli_usage_error(NULL, "unknown or incomplete option '%s'",
                                   a);
        }
    }
    if (i == argc) {
        usage(stderr);
        return EXIT_USAGE;
    }
    if (!strcmp(argv[i], "help"))
        return i + 1 < argc ? cli_help(argv[i + 1]) : (usage(stdout), 0);
    for (rc = -1, argc -= i, argv += i, i = 0; commands[i].name; i++)
        if (!strcmp(commands[i].name, argv[0])) {
            if (cli_wants_help(argc, argv))
                return cli_help(argv[0]);
            rc = commands[i].run(&cli, argc, argv);
            break;
        }
    if (rc == -1)
        return cli_usage_error(NULL, "no command named '%s'", argv[0]);
    cli_close(&cli);
    fflush(stdout);
    if (ferror(stdout)) {
        fprintf(stderr, "masseflyt: writing the output failed\n");
        return EXIT_IO;
    }
    return rc;
}
