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
    const char *msg = mf_error_text(err, mf_lang_current());

    fputs(mf_msg(MSG_ERR_PREFIX), stderr);
    if (err->where[0])
        fprintf(stderr, "%s: %s\n", err->where, msg);
    else
        fprintf(stderr, "%s\n", msg);
    return cli_exit_for(err->code);
}

int cli_usage_error(const char *cmd, const char *fmt, ...)
{
    const char *t = mf_msg_translate(mf_lang_current(), fmt);
    va_list ap;

    fputs(mf_msg(MSG_ERR_PREFIX), stderr);
    va_start(ap, fmt);
    /* The catalogue's test holds a translation to the same conversions. */
    vfprintf(stderr, t ? t : fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
    MF_PRINTF(stderr, MSG_TRY_HELP, cmd ? cmd : "", cmd ? " " : "");
    return EXIT_USAGE;
}

int cli_help(const char *cmd)
{
    int i;

    for (i = 0; commands[i].name; i++)
        if (!strcmp(commands[i].name, cmd)) {
            fputs(commands[i].usage_msg >= 0
                      ? mf_msg((enum mf_msg)commands[i].usage_msg)
                      : commands[i].usage,
                  stdout);
            return EXIT_OK;
        }
    return cli_usage_error(NULL, "no command named '%s'", cmd);
}

const char *cli_severity(enum mf_severity s)
{
    switch (s) {
    case MF_SEV_NONE:
        return mf_msg(MSG_SEV_OK);
    case MF_SEV_FLAG:
        return mf_msg(MSG_SEV_FLAG);
    case MF_SEV_REFUSE:
        return mf_msg(MSG_SEV_REFUSED);
    case MF_SEV_ERROR:
        return mf_msg(MSG_SEV_ERROR);
    }
    return mf_severity_name(s);
}

const char *cli_period_name(enum mf_period_kind k)
{
    switch (k) {
    case MF_PERIOD_WEEK:
        return mf_msg(MSG_PERIOD_WEEK);
    case MF_PERIOD_MONTH:
        return mf_msg(MSG_PERIOD_MONTH);
    case MF_PERIOD_QUARTER:
        return mf_msg(MSG_PERIOD_QUARTER);
    case MF_PERIOD_YEAR:
        return mf_msg(MSG_PERIOD_YEAR);
    }
    return mf_period_kind_name(k);
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
        fputs(mf_msg(MSG_ERR_PREFIX), f);
        fprintf(f, "%s: %s [%s]\n", it->where,
                mf_issue_text(it, mf_lang_current()),
                cli_severity(it->severity));
        n++;
    }
    if (is->dropped)
        MF_PRINTF(f, MSG_MORE_PROBLEMS, is->dropped);
    return n;
}

char *cli_quantity(double q, char *buf, size_t len)
{
    if (!(fabs(q) < 1e15)) /* the grouping means nothing */
        return cli_tonnes(q, buf, len);
    return mf_fmt_num(mf_lang_current(), q, 2, MF_NUM_PLAIN | MF_NUM_TRIM, buf,
                      len);
}

char *cli_tonnes(double t, char *buf, size_t len)
{
    /* Past what a long long holds (or not a number at all) the grouping
     * means nothing: say it as it is instead of converting out of range,
     * which is undefined (it once printed -9 223 372 036 854 775 808). */
    if (!(t > -1e18 && t < 1e18)) {
        snprintf(buf, len, "%.3g", t);
        return buf;
    }
    return mf_fmt_num(mf_lang_current(), t, 0, MF_NUM_PLAIN, buf, len);
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
