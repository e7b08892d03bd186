/*
 * scope_args.c - the shared scope options (scope_args.h).
 */
#include "scope_args.h"

#include "cmd.h"
#include "masseflyt/msg.h"

int cli_scope_arg(const char *cmd, int argc, char **argv, int *i,
                  struct app_scope *sc, int *rc)
{
    const char *opt = argv[*i];
    struct mf_error err = {0};

    if (!app_scope_is_option(opt))
        return 0;
    if (*i + 1 >= argc) {
        *rc = cli_usage_error(cmd, "%s needs a value", opt);
        return 1;
    }
    (*i)++;
    if (app_scope_set(sc, opt, argv[*i], &err))
        *rc =
            cli_usage_error(cmd, "%s", mf_error_text(&err, mf_lang_current()));
    return 1;
}

int cli_scope_done(const char *cmd, struct app_scope *sc)
{
    struct mf_error err = {0};

    if (app_scope_done(sc, &err))
        return cli_usage_error(cmd, "%s",
                               mf_error_text(&err, mf_lang_current()));
    return 0;
}
