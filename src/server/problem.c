/*
 * problem.c - RFC 9457 problem details. Library codes become HTTP statuses
 * through the one status table (mf_status_info), never here.
 */
#include "srv_int.h"

#include <stdio.h>
#include <stdlib.h>

int problem_status(int code, const char **name, const char **title)
{
    const struct mf_status_info *i = mf_status_info(code);

    if (name)
        *name = i->name;
    if (title)
        *title = i->title;
    return i->http_status;
}

char *problem_json(int status, const char *name, const char *title,
                   const char *detail, const char *where)
{
    char type[96];
    json_t *j;
    char *s;

    snprintf(type, sizeof type, "urn:masseflyt:problem:%s", name);
    j = json_pack("{s:s, s:s, s:i, s:s}", "type", type, "title", title,
                  "status", status, "detail", detail ? detail : title);
    if (!j)
        return NULL;
    if (where && *where)
        json_object_set_new(j, "where", json_string(where));
    s = json_dumps(j, JSON_COMPACT);
    json_decref(j);
    return s;
}
