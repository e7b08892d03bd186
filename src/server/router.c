/*
 * router.c - matching "/api/v1/users/{id}" patterns, segment by segment.
 */
#include "router.h"

#include <stdio.h>
#include <string.h>

/* Matches one pattern; 1 when it matches (params filled). */
static int match(const char *pat, const char *path, struct route_params *prm)
{
    prm->n = 0;
    while (*pat && *path) {
        if (*pat != '/' || *path != '/')
            return 0;
        pat++;
        path++;
        const char *pe = strchr(pat, '/'), *se = strchr(path, '/');
        size_t pl = pe ? (size_t)(pe - pat) : strlen(pat);
        size_t sl = se ? (size_t)(se - path) : strlen(path);
        if (pl >= 2 && pat[0] == '{' && pat[pl - 1] == '}') {
            if (sl == 0 || prm->n == ROUTE_MAX_PARAMS ||
                sl >= sizeof prm->p[0].value || pl - 2 >= sizeof prm->p[0].name)
                return 0;
            memcpy(prm->p[prm->n].name, pat + 1, pl - 2);
            prm->p[prm->n].name[pl - 2] = '\0';
            memcpy(prm->p[prm->n].value, path, sl);
            prm->p[prm->n].value[sl] = '\0';
            prm->n++;
        } else if (pl != sl || memcmp(pat, path, pl) != 0) {
            return 0;
        }
        pat += pl;
        path += sl;
    }
    return *pat == '\0' && *path == '\0';
}

enum route_result route_find(const struct route *routes, size_t n,
                             const char *method, const char *path,
                             const struct route **found,
                             struct route_params *params, char *allow,
                             size_t allow_len)
{
    struct route_params tmp;
    size_t i, used = 0;
    int path_matched = 0;

    *found = NULL;
    if (allow && allow_len)
        allow[0] = '\0';
    for (i = 0; i < n; i++) {
        if (!match(routes[i].pattern, path, &tmp))
            continue;
        if (!strcmp(routes[i].method, method)) {
            *found = &routes[i];
            *params = tmp;
            return ROUTE_FOUND;
        }
        path_matched = 1;
        if (allow && used < allow_len) {
            int k = snprintf(allow + used, allow_len - used, "%s%s",
                             used ? ", " : "", routes[i].method);
            if (k > 0)
                used += (size_t)k;
        }
    }
    return path_matched ? ROUTE_NO_METHOD : ROUTE_NOT_FOUND;
}

const char *route_param(const struct route_params *params, const char *name)
{
    int i;

    for (i = 0; i < params->n; i++)
        if (!strcmp(params->p[i].name, name))
            return params->p[i].value;
    return NULL;
}

static int hexval(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

long route_decode(const char *src, char *dst, size_t len)
{
    size_t o = 0;

    for (; *src; src++) {
        int c = (unsigned char)*src;
        if (c == '%') {
            int h = hexval(src[1]), l = h < 0 ? -1 : hexval(src[2]);
            if (h < 0 || l < 0)
                return -1;
            c = h * 16 + l;
            if (c == 0)
                return -1;
            src += 2;
        }
        if (o + 1 >= len)
            return -1;
        dst[o++] = (char)c;
    }
    if (len == 0)
        return -1;
    dst[o] = '\0';
    return (long)o;
}
