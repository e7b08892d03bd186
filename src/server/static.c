/*
 * static.c - the web UI's files from one folder (--static). A path is
 * normalised (no "..", ".", empty or dot-file segments, no backslash),
 * then resolved with realpath() and served only when it is still inside
 * the folder, so neither an encoded ".." nor a symbolic link leads out.
 * ETag from size and modification time; If-None-Match gives 304.
 */
#include "srv_int.h"

#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int static_normalise(const char *path, char *out, size_t len)
{
    size_t o = 0;
    const char *p = path;

    if (!len || *p != '/')
        return -1;
    while (*p == '/') {
        const char *seg = ++p;
        size_t sl;
        while (*p && *p != '/')
            p++;
        sl = (size_t)(p - seg);
        if (sl == 0) {
            if (*p == '\0')
                break; /* a trailing slash: the folder's index */
            return -1; /* "//" */
        }
        if (seg[0] == '.' || memchr(seg, '\\', sl))
            return -1; /* ".", "..", dot files, Windows separators */
        if (o + sl + 2 > len)
            return -1;
        if (o)
            out[o++] = '/';
        memcpy(out + o, seg, sl);
        o += sl;
    }
    if (*p)
        return -1;
    if (o == 0 || path[strlen(path) - 1] == '/') {
        const char *idx = "index.html";
        if (o + strlen(idx) + 2 > len)
            return -1;
        if (o)
            out[o++] = '/';
        memcpy(out + o, idx, strlen(idx));
        o += strlen(idx);
    }
    out[o] = '\0';
    return 0;
}

const char *static_content_type(const char *name)
{
    static const struct {
        const char *ext, *type;
    } types[] = {
        {".html", "text/html; charset=utf-8"},
        {".js", "text/javascript; charset=utf-8"},
        {".mjs", "text/javascript; charset=utf-8"},
        {".css", "text/css; charset=utf-8"},
        {".json", "application/json"},
        {".geojson", "application/geo+json"},
        {".svg", "image/svg+xml"},
        {".png", "image/png"},
        {".jpg", "image/jpeg"},
        {".ico", "image/x-icon"},
        {".woff2", "font/woff2"},
        {".txt", "text/plain; charset=utf-8"},
    };
    const char *dot = strrchr(name, '.');
    size_t i;

    if (dot)
        for (i = 0; i < sizeof types / sizeof types[0]; i++)
            if (!strcmp(dot, types[i].ext))
                return types[i].type;
    return "application/octet-stream";
}

void static_serve(struct req *r)
{
    const char *dir = r->srv->cfg->static_dir;
    char rel[1024], full[PATH_MAX + 1100], root[PATH_MAX], real[PATH_MAX];
    char etag[64];
    const char *inm;
    struct stat sb;
    size_t rl;
    int fd;

    if (strcmp(r->method, "GET") && strcmp(r->method, "HEAD")) {
        req_header(r, "Allow", "GET, HEAD");
        req_problem(r, 405, "method_not_allowed", "Method not allowed",
                    "static files are read with GET or HEAD", NULL);
        return;
    }
    if (tiles_config(r)) /* /config.json of --tile-url (tiles.c) */
        return;
    if (!dir || static_normalise(r->path, rel, sizeof rel) ||
        !realpath(dir, root)) {
        req_problem(r, 404, "not_found", "Not found", "no such file", NULL);
        return;
    }
    snprintf(full, sizeof full, "%s/%s", root, rel);
    rl = strlen(root);
    if (!realpath(full, real) || strncmp(real, root, rl) != 0 ||
        real[rl] != '/' || (fd = open(real, O_RDONLY | O_CLOEXEC)) < 0) {
        req_problem(r, 404, "not_found", "Not found", "no such file", NULL);
        return;
    }
    if (fstat(fd, &sb) || !S_ISREG(sb.st_mode)) {
        close(fd);
        req_problem(r, 404, "not_found", "Not found", "no such file", NULL);
        return;
    }
    snprintf(etag, sizeof etag, "\"%llx-%llx\"", (unsigned long long)sb.st_size,
             (unsigned long long)sb.st_mtim.tv_sec * 1000000000ull +
                 (unsigned long long)sb.st_mtim.tv_nsec);
    req_header(r, "ETag", etag);
    req_header(r, "Cache-Control", "no-cache");
    inm = req_get_header(r, "If-None-Match");
    if (inm && !strcmp(inm, etag)) {
        close(fd);
        req_empty(r, 304);
        return;
    }
    r->status = 200;
    r->ctype = static_content_type(rel);
    r->resp_fd = fd;
    r->resp_fd_len = (size_t)sb.st_size;
}
