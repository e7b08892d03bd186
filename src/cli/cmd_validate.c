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
    struct mf_issues is;
    size_t max_problems = 100, total = 0;
    int i, rc, e;

    for (i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--max-problems") && i + 1 < argc)
            max_problems = (size_t)strtoul(argv[++i], NULL, 10);
        else
            return cli_usage_error("validate", "unknown argument '%s'",
                                   argv[i]);
    }
    if ((rc = cli_registry(cli, STORE_ALL)))
        return rc;
    mf_issues_init(&is, max_problems);
    rc = mf_validate_registry(cli->reg, cli->as_of, &is);
    if (rc < 0) {
        mf_issues_free(&is);
        fprintf(stderr, "masseflyt: out of memory\n");
        return EXIT_NOMEM;
    }
    for (i = 0; i < (int)is.n; i++) {
        const struct mf_issue *it = &is.items[i];
        printf("%-7s %s: %s\n", mf_severity_name(it->severity), it->where,
               it->message);
    }
    if (is.dropped)
        printf("... and %zu more problems not shown (--max-problems)\n",
               is.dropped);
    for (e = 0; e < MF_ENT_COUNT; e++)
        total += mf_registry_count(cli->reg, (enum mf_entity)e);
    printf("checked %zu records: %zu error%s, %zu refused, %zu flagged\n",
           total, is.count[MF_SEV_ERROR],
           is.count[MF_SEV_ERROR] == 1 ? "" : "s", is.count[MF_SEV_REFUSE],
           is.count[MF_SEV_FLAG]);
    rc = is.count[MF_SEV_ERROR]    ? EXIT_INVALID
         : is.count[MF_SEV_REFUSE] ? EXIT_REFUSED
                                   : EXIT_OK;
    mf_issues_free(&is);
    return rc;
}
