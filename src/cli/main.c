/*
 * main.c - the masseflyt program: global options, then a subcommand.
 *
 *   masseflyt [--db FILE] [--data DIR] [--as-of DATE] [--lang nb|en]
 *             [--quiet] COMMAND ...
 *
 * The texts are messages of the catalogue (masseflyt/msg.h), printed in
 * the language --lang, MASSEFLYT_LANG or the locale asks for.
 */
#include "cmd.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Each command's usage text is a message of the catalogue (usage_msg);
 * `usage` (a plain string, with usage_msg -1) is for a command that has
 * none there yet. */
const struct command commands[] = {
    {"init", cmd_init, MSG_SUM_INIT, NULL, MSG_USAGE_INIT},
    {"migrate", cmd_migrate, MSG_SUM_MIGRATE, NULL, MSG_USAGE_MIGRATE},
    {"import", cmd_import, MSG_SUM_IMPORT, NULL, MSG_USAGE_IMPORT},
    {"validate", cmd_validate, MSG_SUM_VALIDATE, NULL, MSG_USAGE_VALIDATE},
    {"list", cmd_list, MSG_SUM_LIST, NULL, MSG_USAGE_LIST},
    {"show", cmd_show, MSG_SUM_SHOW, NULL, MSG_USAGE_SHOW},
    {"balance", cmd_balance, MSG_SUM_BALANCE, NULL, MSG_USAGE_BALANCE},
    {"template", cmd_template, MSG_SUM_TEMPLATE, NULL, MSG_USAGE_TEMPLATE},
    {"export", cmd_export, MSG_SUM_EXPORT, NULL, MSG_USAGE_EXPORT},
    {"rules", cmd_rules, MSG_SUM_RULES, NULL, MSG_USAGE_RULES},
    {"options", cmd_options, MSG_SUM_OPTIONS, NULL, MSG_USAGE_OPTIONS},
    {"plan", cmd_plan, MSG_SUM_PLAN, NULL, MSG_USAGE_PLAN},
    {"scenario", cmd_scenario, MSG_SUM_SCENARIO, NULL, MSG_USAGE_SCENARIO},
    {"report", cmd_report, MSG_SUM_REPORT, NULL, MSG_USAGE_REPORT},
    {"import-register", cmd_import_register, MSG_SUM_IMPORT_REGISTER, NULL,
     MSG_USAGE_IMPORT_REGISTER},
    {"import-municipalities", cmd_import_municipalities,
     MSG_SUM_IMPORT_MUNICIPALITIES, NULL, MSG_USAGE_IMPORT_MUNICIPALITIES},
    {"check-db", cmd_check_db, MSG_SUM_CHECK_DB, NULL, MSG_USAGE_CHECK_DB},
    {"backup", cmd_backup, MSG_SUM_BACKUP, NULL, MSG_USAGE_BACKUP},
    {"copy", cmd_copy, MSG_SUM_COPY, NULL, MSG_USAGE_COPY},
    {"serve", cmd_serve, MSG_SUM_SERVE, NULL, MSG_USAGE_SERVE},
    {"user", cmd_user, MSG_SUM_USER, NULL, MSG_USAGE_USER},
    {"custody", cmd_custody, MSG_SUM_CUSTODY, NULL, MSG_USAGE_CUSTODY},
    {NULL, NULL, MSG_SUM_INIT, NULL, -1},
};

static void usage(FILE *f)
{
    int i;

    fputs(mf_msg(MSG_USAGE_MAIN_HEAD), f);
    for (i = 0; commands[i].name; i++)
        fprintf(f, "  %-10s %s\n", commands[i].name,
                mf_msg(commands[i].summary));
    fputs(mf_msg(MSG_USAGE_MAIN_OPTIONS), f);
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

/* The language the environment asks for (mf_lang_choose). */
static enum mf_lang lang_from_env(void)
{
    const char *const vars[4] = {getenv("MASSEFLYT_LANG"), getenv("LC_ALL"),
                                 getenv("LC_MESSAGES"), getenv("LANG")};

    return mf_lang_choose(vars);
}

/* The language, before anything is printed: --lang among the global
 * options, else the environment. 0, or -1 with the value that names no
 * language in *bad. */
static int choose_lang(int argc, char **argv, const char **bad)
{
    enum mf_lang lang = lang_from_env();
    int i, ok = 0;

    for (i = 1; i < argc && argv[i][0] == '-' && i + 1 < argc; i++) {
        size_t k;
        if (!strcmp(argv[i], "--lang")) {
            i++;
            if (mf_lang_parse(argv[i], &lang) != 0) {
                *bad = argv[i];
                ok = -1;
            }
            continue;
        }
        for (k = 0; k < sizeof settings / sizeof settings[0]; k++)
            if (!strcmp(argv[i], settings[k].option))
                i++; /* its value */
    }
    mf_lang_set(ok == 0 ? lang : lang_from_env());
    return ok;
}

int main(int argc, char **argv)
{
    struct app_config cfg;
    struct mf_error err = {0};
    struct cli cli;
    const char *bad = NULL;
    size_t k;
    int i, rc;

    if (choose_lang(argc, argv, &bad))
        return cli_usage_error(NULL, "--lang must be nb or en, not '%s'", bad);
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
        } else if (!strcmp(a, "--lang") && i + 1 < argc) {
            i++; /* read by choose_lang */
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
        fputs(mf_msg(MSG_WRITE_FAILED), stderr);
        return EXIT_IO;
    }
    return rc;
}
