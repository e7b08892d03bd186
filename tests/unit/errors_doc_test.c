/*
 * errors_doc_test.c - docs/ERRORS.md says what the program does: every
 * library status code has a row in its status table with the name, exit
 * status and HTTP status that src/lib/util/status_table.c gives it, and
 * the program's exit-status table names each code under the exit status
 * the code really gets (and no code twice).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "masseflyt/error.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define FIRST_CODE MF_OK
#define LAST_CODE MF_EDAMAGED

static const char *const code_names[] = {
    "MF_OK",        "MF_ERR",         "MF_ENOMEM",  "MF_EINVAL",
    "MF_ENOTFOUND", "MF_EINFEASIBLE", "MF_ERANGE",  "MF_EIO",
    "MF_ESTORE",    "MF_EUNBOUNDED",  "MF_EDAMAGED"};

/* docs/ERRORS.md, whole, or the test fails. */
static char *read_doc(void)
{
    const char *src = getenv("MF_SOURCE_DIR");
    char path[4096];
    FILE *f;
    char *text;
    long n;

    if (!src)
        fail_msg("MF_SOURCE_DIR is not set");
    snprintf(path, sizeof path, "%s/docs/ERRORS.md", src);
    f = fopen(path, "rb");
    if (!f)
        fail_msg("cannot open %s", path);
    fseek(f, 0, SEEK_END);
    n = ftell(f);
    fseek(f, 0, SEEK_SET);
    text = calloc(1, (size_t)n + 1);
    assert_non_null(text);
    assert_int_equal(fread(text, 1, (size_t)n, f), (size_t)n);
    fclose(f);
    return text;
}

/* The code (MF_OK .. MF_EDAMAGED) whose name is at s ("MF_EIO`"), or 1. */
static int code_at(const char *s)
{
    int c;

    for (c = FIRST_CODE; c >= LAST_CODE; c--) {
        size_t n = strlen(code_names[-c]);
        if (!strncmp(s, code_names[-c], n) && s[n] == '`')
            return c;
    }
    return 1;
}

static void test_status_table__every_code_as_the_program_gives_it(void **state)
{
    char *doc = read_doc(), *line;
    int seen[1 - LAST_CODE] = {0};
    int c;

    (void)state;
    /* Rows "| `MF_EIO` | io | 6 | 500 |". */
    for (line = doc; line && *line; line = strchr(line, '\n')) {
        char name[64];
        int exit_status, http, n = 0;

        if (*line == '\n')
            line++;
        if (strncmp(line, "| `MF_", 6))
            continue;
        c = code_at(line + 3);
        if (c > 0 ||
            sscanf(line + 3 + strlen(code_names[-c]) + 1,
                   " | %63[a-z_] | %d | %d |%n", name, &exit_status, &http,
                   &n) != 3 ||
            n == 0)
            continue; /* the third table: "| `MF_OK` (0) | ok | |" */
        {
            const struct mf_status_info *i = mf_status_info(c);
            if (strcmp(name, i->name) || exit_status != i->exit_status ||
                http != i->http_status)
                fail_msg("docs/ERRORS.md: %s | %s | %d | %d, but the program "
                         "gives %s | %d | %d",
                         code_names[-c], name, exit_status, http, i->name,
                         i->exit_status, i->http_status);
        }
        seen[-c]++;
    }
    for (c = FIRST_CODE; c >= LAST_CODE; c--)
        if (seen[-c] != 1)
            fail_msg("docs/ERRORS.md: the status table has %d rows for %s",
                     seen[-c], code_names[-c]);
    free(doc);
}

static void test_exit_table__each_code_under_its_exit_status(void **state)
{
    char *doc = read_doc(), *line, *end, *next;
    int seen[1 - LAST_CODE] = {0};
    int c;

    (void)state;
    line = strstr(doc, "## Exit statuses of the `masseflyt` program");
    assert_non_null(line);
    end = strstr(line, "\n## Library status codes");
    assert_non_null(end);
    *end = '\0';
    /* Rows "| 6 | reading ... | `MF_EIO`, `MF_ESTORE` |". */
    for (; line; line = next) {
        const char *p;
        char *nl = strchr(line, '\n');
        int status, n = 0;

        next = nl ? nl + 1 : NULL;
        if (sscanf(line, "| %d |%n", &status, &n) != 1 || n == 0)
            continue;
        for (p = strstr(line, "`MF_"); p && (!nl || p < nl);
             p = strstr(p + 1, "`MF_")) {
            c = code_at(p + 1);
            if (c > 0)
                fail_msg("docs/ERRORS.md: unknown code at '%.20s'", p);
            if (mf_status_info(c)->exit_status != status)
                fail_msg("docs/ERRORS.md: %s is listed under exit status %d, "
                         "but the program exits %d",
                         code_names[-c], status,
                         mf_status_info(c)->exit_status);
            seen[-c]++;
        }
    }
    for (c = FIRST_CODE; c >= LAST_CODE; c--)
        if (seen[-c] != 1)
            fail_msg("docs/ERRORS.md: the exit-status table names %s %d "
                     "times",
                     code_names[-c], seen[-c]);
    free(doc);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_status_table__every_code_as_the_program_gives_it),
        cmocka_unit_test(test_exit_table__each_code_under_its_exit_status),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
