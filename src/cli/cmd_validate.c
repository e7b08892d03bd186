/*
 * cmd_validate.c - check every stored record against the rules in force.
 */
#include "cmd.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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
        printf("%-7s %s: %s\n", cli_severity(it->severity), it->where,
               mf_issue_text(it, mf_lang_current()));
    }
    if (is->dropped)
        MF_PRINTF(stdout, MSG_VALIDATE_MORE, is->dropped);
    if (is->count[MF_SEV_ERROR] == 1)
        MF_PRINTF(stdout, MSG_VALIDATE_SUMMARY_ONE, res.records,
                  is->count[MF_SEV_ERROR], is->count[MF_SEV_REFUSE],
                  is->count[MF_SEV_FLAG]);
    else
        MF_PRINTF(stdout, MSG_VALIDATE_SUMMARY, res.records,
                  is->count[MF_SEV_ERROR], is->count[MF_SEV_REFUSE],
                  is->count[MF_SEV_FLAG]);
    rc = is->count[MF_SEV_ERROR]    ? EXIT_INVALID
         : is->count[MF_SEV_REFUSE] ? EXIT_REFUSED
                                    : EXIT_OK;
    app_validate_result_free(&res);
    return rc;
}
