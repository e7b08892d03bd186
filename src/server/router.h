/*
 * router.h - routes by method and path pattern. A pattern is a path whose
 * segments may be "{name}" (one non-empty segment): "/api/v1/users/{id}".
 */
#ifndef MF_SERVER_ROUTER_H
#define MF_SERVER_ROUTER_H

#include <stddef.h>

#define ROUTE_MAX_PARAMS 4

struct route_params {
    int n;
    struct {
        char name[24];
        char value[128];
    } p[ROUTE_MAX_PARAMS];
};

struct route {
    const char *method;  /* "GET", "POST", ... */
    const char *pattern; /* "/api/v1/users/{id}" */
    int handler;         /* an index the caller understands */
};

enum route_result {
    ROUTE_FOUND,     /* *match and params are set */
    ROUTE_NO_METHOD, /* the path matches another method: 405 */
    ROUTE_NOT_FOUND  /* no pattern matches the path: 404 */
};

/* Finds the route for method and path (already percent-decoded, without
 * the query). On ROUTE_NO_METHOD, allow (when not NULL) gets the methods
 * that would match, comma separated. */
enum route_result route_find(const struct route *routes, size_t n,
                             const char *method, const char *path,
                             const struct route **match,
                             struct route_params *params, char *allow,
                             size_t allow_len);

/* The value of parameter name, or NULL. */
const char *route_param(const struct route_params *params, const char *name);

/* Percent-decodes src into dst (len bytes). Returns -1 for a bad escape,
 * an encoded NUL or a result that does not fit; else the length. */
long route_decode(const char *src, char *dst, size_t len);

#endif
