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
    {"template", cmd_template, "write an example file to start from",
     usage_template},
    {"export", cmd_export, "export records as CSV or GeoJSON", usage_export},
    {"rules", cmd_rules, "list the rules, their dates and sources",
     usage_rules},
    {"options", cmd_options, "where a lot's masses could go or come from",
     usage_options},
    {"plan", cmd_plan, "plan the flows, compare with business as usual",
     usage_plan},
    {"scenario", cmd_scenario, "run and compare policy scenarios",
     usage_scenario},
    {"report", cmd_report, "the report: HTML, PDF, XLSX and CSV", usage_report},
    {"import-register", cmd_import_register,
     "import the sites of NGU's or a permit register", usage_import_register},
    {"import-municipalities", cmd_import_municipalities,
     "load municipality boundaries for validate", usage_import_municipalities},
    {"check-db", cmd_check_db, "check the database for damage", usage_check_db},
    {"backup", cmd_backup, "copy the database, checked, while it is in use",
     usage_backup},
    {"copy", cmd_copy, "copy a registry between SQLite and PostgreSQL",
     usage_copy},
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
          "$MASSEFLYT_DATA;\n"
          "                 installed: PREFIX/share/masseflyt; else the "
          "folder\n"
          "                 masseflyt was built with)\n"
          "  --as-of DATE   apply the rules in force on DATE (default: the "
          "date each\n"
          "                 lot starts to move)\n"
          "  --quiet        no progress lines or notes on stderr\n"
          "  --version      print the version\n\n"
          "'masseflyt COMMAND --help' describes a command. Exit statuses "
          "are listed in\ndocs/ERRORS.md.\n",
          f);
}

/* The settings the global options set. */
static const struct {
    const char *option;
    enum app_setting key;
} settings[] = {
    {"--db", APP_SET_DB},
    {"--data", APP_SET_DATA},
    {"--as-of", APP_SET_AS_OF},
};

int main(int argc, char **argv)
{
    struct app_config cfg;
    struct mf_error err = {0};
    struct cli cli;
    size_t k;
    int i, rc;

    memset(&cli, 0, sizeof cli);
    cli.tty = isatty(2);
    /* The configuration: defaults, the environment, then the options. */
    app_config_init(&cfg);
    if (app_config_from_env(&cfg, &err))
        return cli_fail(&err);
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
            continue;
        }
        for (k = 0; k < sizeof settings / sizeof settings[0]; k++)
            if (!strcmp(a, settings[k].option))
                break;
        if (k == sizeof settings / sizeof settings[0] || i + 1 == argc)
            return cli_usage_error(NULL, "unknown or incomplete option '%s'",
                                   a);
        if (app_config_set(&cfg, settings[k].key, argv[++i], &err))
            return cli_usage_error(NULL, "%s: %s", a, err.message);
    }
    if (i == argc) {
        usage(stderr);
        return EXIT_USAGE;
    }
    if (!strcmp(argv[i], "help"))
        return i + 1 < argc ? cli_help(argv[i + 1]) : (usage(stdout), 0);
    if (app_new(&cli.app, &cfg, &err) ||
        app_session_new(&cli.s, cli.app, &err)) {
        app_free(cli.app);
        return cli_fail(&err);
    }
    for (rc = -1, argc -= i, argv += i, i = 0; commands[i].name; i++)
        if (!strcmp(commands[i].name, argv[0])) {
            if (cli_wants_help(argc, argv))
                rc = cli_help(argv[0]);
            else
                rc = commands[i].run(&cli, argc, argv);
            break;
        }
    app_session_free(cli.s);
    app_free(cli.app);
    if (rc == -1)
        return cli_usage_error(NULL, "no command named '%s'", argv[0]);
    fflush(stdout);
    if (ferror(stdout)) {
        fprintf(stderr, "masseflyt: writing the output failed\n");
        return EXIT_IO;
    }
    return rc;
}
