/*
 * cmd_user.c - `masseflyt user`: the operator's accounts commands, to make
 * the first administrator and to help users who are locked out. Changes
 * go through the same rules and audit log as the API's (actor "cli").
 */
#include "cmd.h"
#include "server.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

/* Reads the first line of stdin; on a terminal, asks on stderr and does
 * not echo what is typed. */
static int read_password(char *buf, size_t len)
{
    struct termios old, quiet;
    int tty = isatty(0) && tcgetattr(0, &old) == 0;
    char *got;
    size_t n;

    if (tty) {
        fputs("password: ", stderr);
        fflush(stderr);
        quiet = old;
        quiet.c_lflag &= ~(tcflag_t)ECHO;
        tcsetattr(0, TCSAFLUSH, &quiet);
    }
    got = fgets(buf, (int)len, stdin);
    if (tty) {
        tcsetattr(0, TCSAFLUSH, &old);
        fputc('\n', stderr);
    }
    if (!got)
        return -1;
    n = strlen(buf);
    if (n && buf[n - 1] == '\n')
        buf[--n] = '\0';
    if (n && buf[n - 1] == '\r')
        buf[--n] = '\0';
    return 0;
}

static const char *db(struct cli *cli)
{
    return app_config_of(cli->app)->db;
}

static int user_add(struct cli *cli, int argc, char **argv)
{
    const char *email = NULL, *name = NULL, *role = NULL, *org = NULL;
    struct srv_user u;
    struct mf_error err = {0};
    char pw[600];
    int i, rc;

    for (i = 2; i < argc; i++) {
        const char *o = argv[i];
        if (i + 1 >= argc)
            return cli_usage_error("user", "'%s' needs a value", o);
        if (!strcmp(o, "--email"))
            email = argv[++i];
        else if (!strcmp(o, "--name"))
            name = argv[++i];
        else if (!strcmp(o, "--role"))
            role = argv[++i];
        else if (!strcmp(o, "--org"))
            org = argv[++i];
        else
            return cli_usage_error("user", "unknown option '%s'", o);
    }
    if (!email || !name || !role)
        return cli_usage_error("user", "add needs --email, --name and --role");
    if (read_password(pw, sizeof pw))
        return cli_usage_error("user", "no password on standard input");
    rc = srv_user_add(db(cli), email, name, role, org, pw, &u, &err);
    memset(pw, 0, sizeof pw);
    if (rc)
        return cli_fail(&err);
    printf("user %lld %s (%s) added\n", (long long)u.id, u.email, u.role);
    return EXIT_OK;
}

static int user_list(struct cli *cli)
{
    struct srv_user *v;
    struct mf_error err = {0};
    size_t n, i;

    if (srv_user_list(db(cli), &v, &n, &err))
        return cli_fail(&err);
    printf("%-4s %-32s %-14s %-12s %s\n", "id", "email", "role", "organisation",
           "state");
    for (i = 0; i < n; i++)
        printf("%-4lld %-32s %-14s %-12s %s\n", (long long)v[i].id, v[i].email,
               v[i].role, v[i].org[0] ? v[i].org : "-",
               v[i].disabled ? "disabled" : "active");
    free(v);
    return EXIT_OK;
}

static int user_change(struct cli *cli, const char *what, const char *email)
{
    struct srv_user u;
    struct mf_error err = {0};
    char pw[600];
    int rc, passwd = !strcmp(what, "passwd");

    if (passwd && read_password(pw, sizeof pw))
        return cli_usage_error("user", "no password on standard input");
    rc = srv_user_change(db(cli), email, passwd ? pw : NULL, &u, &err);
    if (passwd)
        memset(pw, 0, sizeof pw);
    if (rc)
        return cli_fail(&err);
    printf("user %lld %s: %s\n", (long long)u.id, u.email,
           passwd ? "password changed, sessions ended" : "disabled");
    return EXIT_OK;
}

int cmd_user(struct cli *cli, int argc, char **argv)
{
    if (argc < 2)
        return cli_usage_error("user", "which: add, list, passwd or disable?");
    if (!strcmp(argv[1], "add"))
        return user_add(cli, argc, argv);
    if (!strcmp(argv[1], "list") && argc == 2)
        return user_list(cli);
    if ((!strcmp(argv[1], "passwd") || !strcmp(argv[1], "disable")) &&
        argc == 3)
        return user_change(cli, argv[1], argv[2]);
    return cli_usage_error("user", "unknown or incomplete subcommand '%s'",
                           argv[1]);
}
