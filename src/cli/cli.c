/*
 * cli.c - helpers shared by the subcommands: the exit-status table,
 * error and issue printing, numbers.
 */
#include "cmd.h"

#include <errno.h>
#include <stdarg.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Exit statuses come from the one status table shared with the server
 * (mf_status_info, src/lib/util/status_table.c). */
int cli_exit_for(int status)
{
    return mf_status_info(status)->exit_status;
}

int cli_fail(const struct mf_error *err)
{
    if (err->where[0])
        fprintf(stderr, "masseflyt: %s: %s\n", err->where, err->message);
    else
        fprintf(stderr, "masseflyt: %s\n", err->message);
    return cli_exit_for(err->code);
}

int cli_usage_error(const char *cmd, const char *fmt, ...)
{
    va_list ap;

    fputs("masseflyt: ", stderr);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fprintf(stderr, "\nTry 'masseflyt %s%s--help'.\n", cmd ? cmd : "",
            cmd ? " " : "");
    return EXIT_USAGE;
}

int cli_help(const char *cmd)
{
    int i;

    for (i = 0; commands[i].name; i++)
        if (!strcmp(commands[i].name, cmd)) {
            fputs(commands[i].usage, stdout);
            return EXIT_OK;
        }
    return cli_usage_error(NULL, "no command named '%s'", cmd);
}

int cli_wants_help(int argc, char **argv)
{
    int i;

    for (i = 1; i < argc; i++)
        if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help"))
            return 1;
    return 0;
}

size_t cli_print_issues(FILE *f, const struct mf_issues *is,
                        enum mf_severity min)
{
    size_t i, n = 0;

    for (i = 0; i < is->n; i++) {
        const struct mf_issue *it = &is->items[i];
        if (it->severity < min)
            continue;
        fprintf(f, "masseflyt: %s: %s [%s]\n", it->where, it->message,
                mf_severity_name(it->severity));
        n++;
    }
    if (is->dropped)
        fprintf(f, "masseflyt: ... and %zu more problems not shown\n",
                is->dropped);
    return n;
}

char *cli_quantity(double q, char *buf, size_t len)
{
    char whole[48], frac[16];
    double r = floor(fabs(q) * 100 + 0.5) / 100;
    long long cents;

    if (!(r < 1e15)) /* too large for cents: the grouping means nothing */
        return cli_tonnes(q, buf, len);
    cents = llround(r * 100);
    cli_tonnes((double)(cents / 100), whole, sizeof whole);
    frac[0] = '\0';
    if (cents % 100) {
        snprintf(frac, sizeof frac, ".%02lld", cents % 100);
        if (frac[2] == '0')
            frac[2] = '\0'; /* .50 -> .5 */
    }
    snprintf(buf, len, "%s%s%s", q < 0 && cents ? "-" : "", whole, frac);
    return buf;
}

char *cli_tonnes(double t, char *buf, size_t len)
{
    char digits[32];
    long long v;
    size_t nd, i, o = 0;

    /* Past what a long long holds (or not a number at all) the grouping
     * means nothing: say it as it is instead of converting out of range,
     * which is undefined (it once printed -9 223 372 036 854 775 808). */
    if (!(t > -1e18 && t < 1e18)) {
        snprintf(buf, len, "%.3g", t);
        return buf;
    }
    v = (long long)(t < 0 ? -t + 0.5 : t + 0.5);
    snprintf(digits, sizeof digits, "%lld", v);
    nd = strlen(digits);
    if (t < 0 && v != 0 && o + 1 < len)
        buf[o++] = '-';
    for (i = 0; i < nd && o + 2 < len; i++) {
        if (i > 0 && (nd - i) % 3 == 0)
            buf[o++] = ' ';
        buf[o++] = digits[i];
    }
    buf[o] = '\0';
    return buf;
}

int cli_parse_long(const char *s, long lo, long hi, long *out)
{
    char *end;
    long v;

    errno = 0;
    v = strtol(s, &end, 10);
    if (errno || end == s || *end || v < lo || v > hi)
        return -1;
    *out = v;
    return 0;
}
