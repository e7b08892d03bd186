/*
 * tiles.c - the map's tile server and the Content-Security-Policy that
 * lets the browser load its images. By default the web UI draws the
 * offline Norway outline and img-src allows this origin only. A tile URL
 * template (`serve --tile-url`, or `tileUrl` in the static folder's
 * config.json) adds exactly that URL's origin to img-src, nothing else;
 * with --tile-url the server also answers /config.json itself, so the
 * page and the policy always name the same tiles.
 */
#include "srv_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CSP_HEAD "default-src 'self'; script-src 'self'; style-src 'self'; "
#define CSP_TAIL                                                               \
    "; connect-src 'self'; object-src 'none'; base-uri 'none'; "               \
    "form-action 'self'; frame-ancestors 'none'"

/* The CSP source of a tile URL template: "https://host[:port]", with a
 * leading "{s}." subdomain as "*."; 0, or -1 with err set. */
int tiles_origin(const char *url, char *out, size_t len, const char *where,
                 struct mf_error *err)
{
    const char *host, *p;
    size_t scheme, n;
    int star = 0;

    if (!strncmp(url, "https://", 8))
        scheme = 8;
    else if (!strncmp(url, "http://", 7))
        scheme = 7;
    else
        return mf_error_at(err, MF_EINVAL, where,
                           "the tile URL '%s' must start with https:// (or "
                           "http://)",
                           url);
    host = url + scheme;
    if (!strncmp(host, "{s}.", 4)) {
        star = 1;
        host += 4;
    }
    for (p = host; *p && *p != '/'; p++)
        if (!strchr("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
                    "0123456789.-:",
                    *p))
            return mf_error_at(err, MF_EINVAL, where,
                               "the tile URL's host may hold only letters, "
                               "digits, '.', '-' and a ':port' (and a "
                               "leading '{s}.')");
    n = (size_t)(p - host);
    if (!n || host[0] == '.' || host[0] == ':' || host[n - 1] == ':' ||
        strpbrk(url, " \t\r\n;,'\"") || strlen(url) > 512)
        return mf_error_at(err, MF_EINVAL, where,
                           "the tile URL '%.80s' has no host, or holds a "
                           "space, ';', ',' or a quote, or is longer than 512",
                           url);
    if ((size_t)snprintf(out, len, "%.*s%s%.*s", (int)scheme, url,
                         star ? "*." : "", (int)n, host) >= len)
        return mf_error_at(err, MF_EINVAL, where, "the tile URL is too long");
    return 0;
}

/* tileUrl of the static folder's config.json ("" when none); 0 or -1. */
static int static_tile_url(const char *dir, char *out, size_t len, char *where,
                           size_t wlen, struct mf_error *err)
{
    char path[4096];
    json_error_t je;
    json_t *j, *v;
    FILE *f;

    out[0] = '\0';
    if (!dir)
        return 0;
    snprintf(path, sizeof path, "%s/config.json", dir);
    snprintf(where, wlen, "%s: tileUrl", path);
    if (!(f = fopen(path, "r")))
        return 0; /* no file: the outline */
    j = json_loadf(f, 0, &je);
    fclose(f);
    if (!j)
        return mf_error_at(err, MF_EINVAL, path, "line %d: %s", je.line,
                           je.text);
    v = json_object_get(j, "tileUrl");
    if (v && !json_is_string(v)) {
        json_decref(j);
        return mf_error_at(err, MF_EINVAL, where, "must be a string");
    }
    snprintf(out, len, "%s", v ? json_string_value(v) : "");
    json_decref(j);
    return 0;
}

int tiles_setup(struct srv *srv, struct mf_error *err)
{
    const struct srv_config *cfg = srv->cfg;
    char url[600], origin[600], where[4200];
    int rc;

    srv->tile_config = NULL;
    if (cfg->tile_url) {
        snprintf(url, sizeof url, "%s", cfg->tile_url);
        snprintf(where, sizeof where, "--tile-url");
    } else if ((rc = static_tile_url(cfg->static_dir, url, sizeof url, where,
                                     sizeof where, err))) {
        return rc;
    }
    if (!url[0]) {
        snprintf(srv->csp, sizeof srv->csp,
                 CSP_HEAD "img-src 'self' data:" CSP_TAIL);
        return 0;
    }
    if ((rc = tiles_origin(url, origin, sizeof origin, where, err)))
        return rc;
    snprintf(srv->csp, sizeof srv->csp,
             CSP_HEAD "img-src 'self' data: %s" CSP_TAIL, origin);
    if (cfg->tile_url) {
        json_t *j =
            json_pack("{s:s, s:s}", "tileUrl", url, "tileAttribution",
                      cfg->tile_attribution ? cfg->tile_attribution : "");
        srv->tile_config = j ? json_dumps(j, JSON_COMPACT) : NULL;
        json_decref(j);
        if (!srv->tile_config)
            return mf_error_set(err, MF_ENOMEM, "out of memory");
    }
    return 0;
}

void tiles_free(struct srv *srv)
{
    free(srv->tile_config);
    srv->tile_config = NULL;
}

int tiles_config(struct req *r)
{
    char *copy;

    if (!r->srv->tile_config || strcmp(r->path, "/config.json"))
        return 0;
    if (!(copy = strdup(r->srv->tile_config))) {
        req_problem(r, 500, "out_of_memory", "Out of memory",
                    "the response could not be built", NULL);
        return 1;
    }
    req_json_text(r, 200, copy);
    return 1;
}
