/*
 * cmd_validate.c - check every stored record against the rules in force.
 */
#include "cmd.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char usage_validate[] =
    "usage: masseflyt validate [--max-problems N]\n\n"
    "Checks every organisation, project, site and lot against the rules of\n"
    "data/rules.csv ('masseflyt rules' lists them) and prints each problem\n"
    "with the record, the field and the rule broken. Rules are taken on\n"
    "the date each lot starts to move, or on --as-of DATE.\n\n"
    "Exit status: 0 when nothing is refused (flags may be printed), 1 when\n"
    "records are refused as out of scope, 3 when records break a rule of\n"
    "severity error (data stored under older rules).\n";

int cmd_validate(struct cli *cli, int argc, char **argv)
{
    struct app_validate_result res;
    struct mf_error err = {0};
    const struct mf_issues *is = &res.issues;
    size_t max_problems = 100, k;
    int i, rc;

    for (i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--max-problems") && i + 1 < argc)
            max_problems = (size_t)strtoul(argv[++i], NULL, 10);
        else
            return cli_usage_error("validate", "unknown argument '%s'",
                                   argv[i]);
    }
    if (app_validate(cli->s, max_problems, MF_DATE_NONE, &res, &err)) {
        app_validate_result_free(&res);
        return cli_fail(&err);
    }
    for (k = 0; k < is->n; k++) {
        const struct mf_issue *it = &is->items[k];
        printf("%-7s %s: %s\n", mf_severity_name(it->severity), it->where,
               it->message);
    }
    if (is->dropped)
        printf("... and %zu more problems not shown (--max-problems)\n",
               is->dropped);
    printf("checked %zu records: %zu error%s, %zu refused, %zu flagged\n",
           res.records, is->count[MF_SEV_ERROR],
           is->count[MF_SEV_ERROR] == 1 ? "" : "s", is->count[MF_SEV_REFUSE],
           is->count[MF_SEV_FLAG]);
    rc = is->count[MF_SEV_ERROR]    ? EXIT_INVALID
         : is->count[MF_SEV_REFUSE] ? EXIT_REFUSED
                                    : EXIT_OK;
    app_validate_result_free(&res);
    return rc;
}
