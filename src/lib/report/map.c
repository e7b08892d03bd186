/*
 * map.c - the region map of the report: the Nordic outline
 * (data/geo/nordic-outline.geojson) projected, clipped to the view and
 * simplified to it, with sites and lots (stage 1) or the plan's flows
 * (stage 2) on top, a legend and a scale bar.
 *
 * Projection: equirectangular with x scaled by cos(lat0) at the centre of
 * the view, which keeps shapes and distances true to within a few per
 * cent over a region of a few hundred kilometres. Rings are clipped to
 * the map rectangle (Sutherland-Hodgman, which is exact for a convex
 * clip window) and points closer than SIMPLIFY_PX to the last one kept
 * are dropped, so the SVG carries only what can be seen.
 */
#include "report/report_int.h"
#include "util/vec.h"

#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAP_MIN_H 340.0
#define MAP_MAX_H 640.0
#define SIMPLIFY_PX 0.8
#define KM_PER_DEG 111.32

#define COL_SEA 0xDCEAF4u
#define COL_LAND 0xF3F0E8u
#define COL_NEIGH 0xE3E3E3u
#define COL_COAST 0x9AA5AEu

struct land {
    struct path_cmd *cmd;
    int n, cap;
};

struct map_view {
    double lon_min, lon_max, lat_min, lat_max;
    double coslat, s; /* px per degree of latitude */
    double w, h;
    struct land land[2]; /* Norway, neighbours */
};

void map_project(const struct map_view *m, double lon, double lat, double *x,
                 double *y)
{
    *x = (lon - m->lon_min) * m->coslat * m->s;
    *y = (m->lat_max - lat) * m->s;
}

double map_view_height(const struct map_view *m)
{
    return m ? m->h : MAP_MIN_H;
}

void map_view_free(struct map_view *m)
{
    if (!m)
        return;
    free(m->land[0].cmd);
    free(m->land[1].cmd);
    free(m);
}

/* ------------------------------------------------------------------ */
/* The view                                                             */
/* ------------------------------------------------------------------ */

static void fit_view(struct map_view *m, const double *ll, size_t n)
{
    double lo0 = 180, lo1 = -180, la0 = 90, la1 = -90, dlo, dla, mlo, mla;
    size_t i;

    for (i = 0; i < n; i++) {
        double lon = ll[2 * i], lat = ll[2 * i + 1];
        if (!(lon >= -180 && lon <= 180 && lat >= -90 && lat <= 90))
            continue;
        lo0 = lon < lo0 ? lon : lo0;
        lo1 = lon > lo1 ? lon : lo1;
        la0 = lat < la0 ? lat : la0;
        la1 = lat > la1 ? lat : la1;
    }
    if (lo0 > lo1) {
        /* Nothing to show: southern Norway. */
        lo0 = 5;
        lo1 = 12;
        la0 = 58;
        la1 = 62;
    }
    /* A margin of a tenth on each side, at least about 3 km. */
    mlo = (lo1 - lo0) * 0.1 + 0.06;
    mla = (la1 - la0) * 0.1 + 0.03;
    lo0 -= mlo;
    lo1 += mlo;
    la0 -= mla;
    la1 += mla;
    m->coslat = cos((la0 + la1) / 2 * M_PI / 180);
    if (m->coslat < 0.05)
        m->coslat = 0.05;
    m->w = CHART_W;
    dlo = lo1 - lo0;
    dla = la1 - la0;
    m->s = m->w / (dlo * m->coslat);
    m->h = dla * m->s;
    if (m->h > MAP_MAX_H) {
        /* Too tall: widen the view in longitude. */
        double c = (lo0 + lo1) / 2;
        m->h = MAP_MAX_H;
        m->s = m->h / dla;
        dlo = m->w / (m->s * m->coslat);
        lo0 = c - dlo / 2;
        lo1 = c + dlo / 2;
    } else if (m->h < MAP_MIN_H) {
        /* Too flat: add latitude. */
        double c = (la0 + la1) / 2;
        m->h = MAP_MIN_H;
        dla = m->h / m->s;
        la0 = c - dla / 2;
        la1 = c + dla / 2;
    }
    m->lon_min = lo0;
    m->lon_max = lo1;
    m->lat_min = la0;
    m->lat_max = la1;
}

/* ------------------------------------------------------------------ */
/* Clipping and simplifying                                             */
/* ------------------------------------------------------------------ */

struct pts {
    double *xy;
    int n, cap;
};

static int pts_push(struct pts *p, double x, double y)
{
    if (p->n == p->cap) {
        int nc = p->cap ? p->cap * 2 : 256;
        double *q = realloc(p->xy, (size_t)nc * 2 * sizeof *q);
        if (!q)
            return -1;
        p->xy = q;
        p->cap = nc;
    }
    p->xy[2 * p->n] = x;
    p->xy[2 * p->n + 1] = y;
    p->n++;
    return 0;
}

/* Is (x, y) inside edge e of the rectangle [0, w] x [0, h]? */
static int inside(int e, double x, double y, double w, double h)
{
    switch (e) {
    case 0:
        return x >= 0;
    case 1:
        return x <= w;
    case 2:
        return y >= 0;
    default:
        return y <= h;
    }
}

static void cross(int e, double ax, double ay, double bx, double by, double w,
                  double h, double *x, double *y)
{
    double t;

    switch (e) {
    case 0:
    case 1: {
        double xe = e == 0 ? 0 : w;
        t = (xe - ax) / (bx - ax);
        *x = xe;
        *y = ay + t * (by - ay);
        break;
    }
    default: {
        double ye = e == 2 ? 0 : h;
        t = (ye - ay) / (by - ay);
        *x = ax + t * (bx - ax);
        *y = ye;
        break;
    }
    }
}

/* Clips the ring in a against the rectangle; the result is in a. */
static int clip(struct pts *a, struct pts *tmp, double w, double h)
{
    int e, i;

    for (e = 0; e < 4 && a->n > 0; e++) {
        tmp->n = 0;
        for (i = 0; i < a->n; i++) {
            double cx = a->xy[2 * i], cy = a->xy[2 * i + 1];
            int j = (i + a->n - 1) % a->n;
            double px = a->xy[2 * j], py = a->xy[2 * j + 1], x, y;
            int ci = inside(e, cx, cy, w, h), pi = inside(e, px, py, w, h);
            if (ci) {
                if (!pi) {
                    cross(e, px, py, cx, cy, w, h, &x, &y);
                    if (pts_push(tmp, x, y))
                        return -1;
                }
                if (pts_push(tmp, cx, cy))
                    return -1;
            } else if (pi) {
                cross(e, px, py, cx, cy, w, h, &x, &y);
                if (pts_push(tmp, x, y))
                    return -1;
            }
        }
        {
            struct pts sw = *a;
            *a = *tmp;
            *tmp = sw;
        }
    }
    return 0;
}

static int land_push(struct land *l, char op, double x, double y)
{
    if (vec_reserve(l->cmd, l->cap, (size_t)l->n + 1))
        return -1;
    memset(&l->cmd[l->n], 0, sizeof l->cmd[l->n]);
    l->cmd[l->n].op = op;
    l->cmd[l->n].x = x;
    l->cmd[l->n].y = y;
    l->n++;
    return 0;
}

/* Projects, clips and simplifies one ring into the land path. */
static int add_ring(struct map_view *m, struct land *l, json_t *ring,
                    struct pts *a, struct pts *tmp)
{
    size_t i, n = json_array_size(ring);
    double x0 = 1e9, x1 = -1e9, y0 = 1e9, y1 = -1e9, lx = 0, ly = 0;
    int k, kept = 0;

    a->n = 0;
    for (i = 0; i < n; i++) {
        json_t *pt = json_array_get(ring, i);
        double x, y;
        if (!json_is_array(pt) || json_array_size(pt) < 2)
            continue;
        map_project(m, json_number_value(json_array_get(pt, 0)),
                    json_number_value(json_array_get(pt, 1)), &x, &y);
        x0 = x < x0 ? x : x0;
        x1 = x > x1 ? x : x1;
        y0 = y < y0 ? y : y0;
        y1 = y > y1 ? y : y1;
        if (pts_push(a, x, y))
            return -1;
    }
    if (a->n < 3 || x1 < 0 || x0 > m->w || y1 < 0 || y0 > m->h)
        return 0;
    if (clip(a, tmp, m->w, m->h))
        return -1;
    for (k = 0; k < a->n; k++) {
        double x = a->xy[2 * k], y = a->xy[2 * k + 1];
        if (kept > 0 && fabs(x - lx) < SIMPLIFY_PX &&
            fabs(y - ly) < SIMPLIFY_PX)
            continue;
        if (land_push(l, kept ? 'L' : 'M', x, y))
            return -1;
        lx = x;
        ly = y;
        kept++;
    }
    if (kept < 3) {
        /* Too small to see: take it back. */
        l->n -= kept;
        return 0;
    }
    return land_push(l, 'Z', 0, 0);
}

static int add_geometry(struct map_view *m, struct land *l, json_t *g,
                        struct pts *a, struct pts *tmp)
{
    const char *type = json_string_value(json_object_get(g, "type"));
    json_t *co = json_object_get(g, "coordinates");
    size_t i, j;

    if (!type || !json_is_array(co))
        return 0;
    if (!strcmp(type, "Polygon")) {
        for (i = 0; i < json_array_size(co); i++)
            if (add_ring(m, l, json_array_get(co, i), a, tmp))
                return -1;
    } else if (!strcmp(type, "MultiPolygon")) {
        for (j = 0; j < json_array_size(co); j++) {
            json_t *poly = json_array_get(co, j);
            for (i = 0; i < json_array_size(poly); i++)
                if (add_ring(m, l, json_array_get(poly, i), a, tmp))
                    return -1;
        }
    }
    return 0;
}

int map_view_new(struct map_view **out, const char *data_dir,
                 const double *lonlat, size_t n, struct mf_error *err)
{
    struct map_view *m = calloc(1, sizeof *m);
    struct pts a = {NULL, 0, 0}, tmp = {NULL, 0, 0};
    char path[4096];
    json_t *root = NULL, *features;
    json_error_t je;
    size_t i;
    int rc = MF_OK;
    FILE *f;

    *out = NULL;
    if (!m)
        return mf_error_set(err, MF_ENOMEM, "out of memory");
    fit_view(m, lonlat, n);
    if (!data_dir)
        data_dir = mf_data_dir_default();
    sfmt(path, sizeof path, "%s/geo/nordic-outline.geojson", data_dir);
    f = fopen(path, "rb");
    if (!f) {
        /* No outline: a map of points on the sea is still a map. */
        *out = m;
        return MF_OK;
    }
    root = json_loadf(f, 0, &je);
    fclose(f);
    if (!root) {
        map_view_free(m);
        return mf_error_at(err, MF_EINVAL, path, "line %d: %s", je.line,
                           je.text);
    }
    features = json_object_get(root, "features");
    for (i = 0; rc == MF_OK && i < json_array_size(features); i++) {
        json_t *ft = json_array_get(features, i);
        const char *name = json_string_value(
            json_object_get(json_object_get(ft, "properties"), "name"));
        struct land *l = &m->land[name && !strcmp(name, "NO") ? 0 : 1];
        if (add_geometry(m, l, json_object_get(ft, "geometry"), &a, &tmp))
            rc = mf_error_set(err, MF_ENOMEM, "out of memory");
    }
    json_decref(root);
    free(a.xy);
    free(tmp.xy);
    if (rc) {
        map_view_free(m);
        return rc;
    }
    *out = m;
    return MF_OK;
}

/* ------------------------------------------------------------------ */
/* Drawing                                                              */
/* ------------------------------------------------------------------ */

static void fill_paint(struct paint *p, uint32_t fill, uint32_t stroke,
                       double w)
{
    memset(p, 0, sizeof *p);
    p->fill = fill;
    p->stroke = stroke;
    p->stroke_w = w;
}

void map_draw_base(const struct map_view *m, struct canvas *c)
{
    struct paint p;

    c->ops->group(c, "map-base");
    fill_paint(&p, COL_SEA, PAINT_NONE, 0);
    c->ops->rect(c, 0, 0, m->w, m->h, &p);
    if (m->land[1].n > 0) {
        fill_paint(&p, COL_NEIGH, COL_COAST, 0.5);
        c->ops->path(c, m->land[1].cmd, m->land[1].n, 1, &p);
    }
    if (m->land[0].n > 0) {
        fill_paint(&p, COL_LAND, COL_COAST, 0.5);
        c->ops->path(c, m->land[0].cmd, m->land[0].n, 1, &p);
    }
    fill_paint(&p, PAINT_NONE, 0x888888u, 1);
    c->ops->rect(c, 0.5, 0.5, m->w - 1, m->h - 1, &p);
    c->ops->group(c, NULL);
}

void map_draw_scale(const struct report *r, const struct map_view *m,
                    struct canvas *c)
{
    double km_px = KM_PER_DEG / m->s, want = m->w / 5 * km_px, e, f, km, w;
    char b[64], lab[80];
    struct paint p;

    e = floor(log10(want));
    f = want / pow(10, e);
    km = (f < 2 ? 1 : f < 5 ? 2 : 5) * pow(10, e);
    w = km / km_px;
    c->ops->group(c, "scale-bar");
    fill_paint(&p, 0xFFFFFFu, PAINT_NONE, 0);
    p.opacity = 0.8;
    c->ops->rect(c, 8, m->h - 34, w + 24, 26, &p);
    fill_paint(&p, COL_TEXT, PAINT_NONE, 0);
    c->ops->rect(c, 16, m->h - 16, w / 2, 4, &p);
    fill_paint(&p, 0xFFFFFFu, COL_TEXT, 1);
    c->ops->rect(c, 16 + w / 2, m->h - 16, w / 2, 4, &p);
    fill_paint(&p, PAINT_NONE, COL_TEXT, 1);
    c->ops->rect(c, 16, m->h - 16, w, 4, &p);
    sfmt(lab, sizeof lab, "%s km", fmt_num(r, km, km < 1 ? 1 : 0, b, sizeof b));
    cv_text(c, 16 + w / 2, m->h - 21, lab, 10, TA_MIDDLE, COL_TEXT, 0);
    c->ops->group(c, NULL);
}

/* A site's symbol: a shape by kind. */
static void site_symbol(struct canvas *c, enum mf_site_kind k, double x,
                        double y, double s, const struct paint *p0)
{
    struct path_cmd cmd[5];
    struct paint p = *p0;

    memset(cmd, 0, sizeof cmd);
    switch (k) {
    case MF_SITE_STORAGE:
        p.fill = COL_BLUE;
        c->ops->rect(c, x - s, y - s, 2 * s, 2 * s, &p);
        return;
    case MF_SITE_PROCESSING:
        p.fill = COL_PURPLE;
        cmd[0].op = 'M';
        cmd[0].x = x;
        cmd[0].y = y - 1.35 * s;
        cmd[1].op = 'L';
        cmd[1].x = x + 1.35 * s;
        cmd[1].y = y;
        cmd[2].op = 'L';
        cmd[2].x = x;
        cmd[2].y = y + 1.35 * s;
        cmd[3].op = 'L';
        cmd[3].x = x - 1.35 * s;
        cmd[3].y = y;
        cmd[4].op = 'Z';
        c->ops->path(c, cmd, 5, 0, &p);
        return;
    case MF_SITE_RECEIVING:
    case MF_SITE_QUARRY: {
        /* Down for where masses go, up for where they come from. */
        double d = k == MF_SITE_RECEIVING ? 1 : -1;
        p.fill = k == MF_SITE_RECEIVING ? COL_VERMILION : COL_BLACK;
        cmd[0].op = 'M';
        cmd[0].x = x - 1.3 * s;
        cmd[0].y = y - d * 1.1 * s;
        cmd[1].op = 'L';
        cmd[1].x = x + 1.3 * s;
        cmd[1].y = y - d * 1.1 * s;
        cmd[2].op = 'L';
        cmd[2].x = x;
        cmd[2].y = y + d * 1.3 * s;
        cmd[3].op = 'Z';
        c->ops->path(c, cmd, 4, 0, &p);
        return;
    }
    default:
        p.fill = 0x555555u;
        c->ops->rect(c, x - s * 0.6, y - s * 0.6, 1.2 * s, 1.2 * s, &p);
        return;
    }
}

/* Writes data-* attributes with an escaped id. */
static void data_attr(char *out, size_t len, const char *name,
                      const char *value)
{
    size_t o = 0;
    const char *s = value ? value : "";

    o = (size_t)sfmt(out, len, "%s=\"", name);
    for (; *s && o + 8 < len; s++) {
        const char *e = NULL;
        if (*s == '&')
            e = "&amp;";
        else if (*s == '"')
            e = "&quot;";
        else if (*s == '<')
            e = "&lt;";
        else if (*s == '>')
            e = "&gt;";
        if (e) {
            size_t k = strlen(e);
            memcpy(out + o, e, k);
            o += k;
        } else {
            out[o++] = *s;
        }
    }
    if (o + 2 < len) {
        out[o++] = '"';
        out[o] = '\0';
    } else if (len) {
        out[len - 1] = '\0';
    }
}

/* Labels placed so far, to keep new ones off them. */
struct placed {
    double x0, y0, x1, y1;
};

static int overlaps(const struct placed *p, int n, double x0, double y0,
                    double x1, double y1)
{
    int i;

    for (i = 0; i < n; i++)
        if (x0 < p[i].x1 && x1 > p[i].x0 && y0 < p[i].y1 && y1 > p[i].y0)
            return 1;
    return 0;
}

/* Where a label beside a point overlaps nothing placed yet (and stays
 * inside the map): 1 with its box in *box, 0 when there is no such
 * place. */
static int find_place(const struct map_view *m, const struct placed *pl,
                      int from, int n, double x, double y, double off,
                      const char *s, struct placed *box)
{
    double w = text_width(s, 10), h = 11;
    double cand[4][2];
    int k;

    cand[0][0] = x + off + 2;
    cand[0][1] = y - h / 2;
    cand[1][0] = x - off - 2 - w;
    cand[1][1] = y - h / 2;
    cand[2][0] = x - w / 2;
    cand[2][1] = y - off - 2 - h;
    cand[3][0] = x - w / 2;
    cand[3][1] = y + off + 2;
    for (k = 0; k < 4; k++) {
        double x0 = cand[k][0], y0 = cand[k][1];
        if (x0 < 2 || y0 < 2 || x0 + w > m->w - 2 || y0 + h > m->h - 38)
            continue;
        if (overlaps(pl + from, n - from, x0 - 1, y0 - 1, x0 + w + 1,
                     y0 + h + 1))
            continue;
        box->x0 = x0;
        box->y0 = y0;
        box->x1 = x0 + w;
        box->y1 = y0 + h;
        return 1;
    }
    return 0;
}

/* The labels of the sites on a map. A label that finds no free place
 * beside its site is never dropped: the site gets a number instead, drawn
 * beside it, and the number's legend under the map gives the name. A
 * numbered legend rather than leader lines: in a dense cluster (several
 * sites at one harbour) leader lines cross each other and the flow lines,
 * while numbers stay short, need no free room and read the same in the
 * HTML and the PDF. */
struct labels {
    int n;              /* rows of the sites table */
    struct placed *box; /* per row: where its label is (placed) */
    int *number;        /* per row: 0 = labelled beside it; k > 0: number k;
                           -1: no place on the map */
    int n_numbered;
};

static void labels_free(struct labels *lb)
{
    free(lb->box);
    free(lb->number);
    memset(lb, 0, sizeof *lb);
}

/* Lays the labels out: the site symbols first (labels keep off them),
 * then the shared sites' labels (they are few and matter to all), then
 * the project sites'. The same for every map of a report, and for
 * measuring its height. */
static int labels_layout(const struct report *r, const struct map_view *m,
                         struct labels *lb)
{
    const struct rtable *t = report_table(r, "sites");
    int jlon = rt_col(t, "lon"), jlat = rt_col(t, "lat"),
        jk = rt_col(t, "kind_key"), i, pass, n_pl = 0, n_marks;
    struct placed *pl;

    memset(lb, 0, sizeof *lb);
    if (!t || !m)
        return 0;
    lb->n = t->n_rows;
    lb->box = calloc((size_t)t->n_rows + 1, sizeof *lb->box);
    lb->number = calloc((size_t)t->n_rows + 1, sizeof *lb->number);
    pl = calloc(2 * (size_t)t->n_rows + 1, sizeof *pl);
    if (!lb->box || !lb->number || !pl) {
        free(pl);
        labels_free(lb);
        return -1;
    }
    for (i = 0; i < t->n_rows; i++) {
        double lon = rt_cell(t, i, jlon)->v, lat = rt_cell(t, i, jlat)->v, x, y;
        lb->number[i] = -1;
        if (isnan(lon) || isnan(lat))
            continue;
        map_project(m, lon, lat, &x, &y);
        pl[n_pl].x0 = x - 6;
        pl[n_pl].y0 = y - 6;
        pl[n_pl].x1 = x + 6;
        pl[n_pl].y1 = y + 6;
        n_pl++;
    }
    n_marks = n_pl;
    for (pass = 0; pass < 2; pass++)
        for (i = 0; i < t->n_rows; i++) {
            double lon = rt_cell(t, i, jlon)->v, lat = rt_cell(t, i, jlat)->v,
                   x, y;
            int project = !strcmp(rt_cell(t, i, jk)->text, "project");
            if (isnan(lon) || isnan(lat) || project != (pass == 1))
                continue;
            map_project(m, lon, lat, &x, &y);
            if (x < 0 || y < 0 || x > m->w || y > m->h)
                continue;
            if (find_place(m, pl, project ? 0 : n_marks, n_pl, x, y, 6,
                           rt_cell(t, i, 1)->text, &lb->box[i])) {
                pl[n_pl++] = lb->box[i];
                lb->number[i] = 0;
            } else {
                lb->number[i] = ++lb->n_numbered;
            }
        }
    free(pl);
    return 0;
}

/* The numbered sites' legend under a map: "1 Name   2 Name ...". Returns
 * the baseline of its last line (y when there is none); with c NULL it
 * only measures. */
static double legend_numbers(const struct report *r, const struct labels *lb,
                             struct canvas *c, double y)
{
    const struct rtable *t = report_table(r, "sites");
    double x = 8;
    int k, i;
    char num[16];

    if (!t || lb->n_numbered == 0)
        return y - 22;
    for (k = 1; k <= lb->n_numbered; k++)
        for (i = 0; i < lb->n; i++) {
            const char *s = rt_cell(t, i, 1)->text;
            double w;
            if (lb->number[i] != k)
                continue;
            sfmt(num, sizeof num, "%d", k);
            w = text_width(num, 10) + 4 + text_width(s, 10);
            if (x + w > CHART_W - 4) {
                x = 8;
                y += 16;
            }
            if (c) {
                cv_text(c, x, y, num, 10, TA_START, COL_TEXT, 1);
                cv_text(c, x + text_width(num, 10) + 4, y, s, 10, TA_START,
                        COL_TEXT, 0);
            }
            x += w + 14;
        }
    return y;
}

static double lot_radius(double t, double tmax)
{
    double r = tmax > 0 ? 20 * sqrt(t / tmax) : 3;

    return r < 2.5 ? 2.5 : r;
}

struct order {
    int i;
    double v;
};

static int order_desc(const void *pa, const void *pb)
{
    const struct order *a = pa, *b = pb;

    if (a->v != b->v)
        return a->v < b->v ? 1 : -1;
    return (a->i > b->i) - (a->i < b->i);
}

/* The legends under the maps. Each returns the baseline of its last line;
 * with c NULL they only measure (for the chart's height). */
static double legend_sites(const struct report *r, struct canvas *c, double x,
                           double y)
{
    static const enum mf_site_kind kinds[] = {
        MF_SITE_PROJECT, MF_SITE_STORAGE, MF_SITE_PROCESSING, MF_SITE_RECEIVING,
        MF_SITE_QUARRY};
    struct paint p;
    size_t k;

    fill_paint(&p, 0, 0xFFFFFFu, 1);
    for (k = 0; k < sizeof kinds / sizeof kinds[0]; k++) {
        const char *s = site_kind_label(r, kinds[k]);
        double w = text_width(s, 10);
        if (x + 14 + w > CHART_W) {
            x = 8;
            y += 18;
        }
        if (c) {
            site_symbol(c, kinds[k], x + 5, y - 4, 5, &p);
            cv_text(c, x + 14, y, s, 10, TA_START, COL_TEXT, 0);
        }
        x += 14 + w + 16;
    }
    return y;
}

static double legend_lots(const struct report *r, struct canvas *c, double y)
{
    const char *names[3];
    uint32_t cols[2] = {COL_ORANGE, COL_BLUE};
    double x = 8;
    struct paint p;
    int i;

    names[0] = tr(r, S_LOT_SUPPLY);
    names[1] = tr(r, S_LOT_DEMAND);
    names[2] = tr(r, S_LOT_SIZE);
    for (i = 0; i < 3; i++) {
        double w = (i < 2 ? 16 : 0) + text_width(names[i], 10);
        if (x + w > CHART_W - 4) {
            x = 8;
            y += 18;
        }
        if (c && i < 2) {
            fill_paint(&p, cols[i], PAINT_NONE, 0);
            p.opacity = 0.55;
            c->ops->circle(c, x + 6, y - 4, 6, &p);
            cv_text(c, x + 16, y, names[i], 10, TA_START, COL_TEXT, 0);
        } else if (c) {
            cv_text(c, x, y, names[i], 10, TA_START, COL_AXIS, 0);
        }
        x += w + 18;
    }
    return y;
}

static void draw_sites(const struct report *r, const struct map_view *m,
                       struct canvas *c, const struct labels *lb)
{
    const struct rtable *t = report_table(r, "sites");
    int jlon = rt_col(t, "lon"), jlat = rt_col(t, "lat"),
        jk = rt_col(t, "kind_key"), jid = rt_col(t, "id"), i;
    struct paint p;
    struct text_style ts;
    char cls[64], data[320], num[16];

    if (!t)
        return;
    c->ops->group(c, "sites");
    for (i = 0; i < t->n_rows; i++) {
        double lon = rt_cell(t, i, jlon)->v, lat = rt_cell(t, i, jlat)->v, x, y;
        const char *key = rt_cell(t, i, jk)->text;
        if (isnan(lon) || isnan(lat))
            continue;
        map_project(m, lon, lat, &x, &y);
        fill_paint(&p, 0, 0xFFFFFFu, 1);
        sfmt(cls, sizeof cls, "marker site site-%s", key);
        p.cls = cls;
        data_attr(data, sizeof data, "data-id", rt_cell(t, i, jid)->text);
        p.data = data;
        p.title = rt_cell(t, i, 1)->text;
        site_symbol(c, (enum mf_site_kind)mf_site_kind_parse(key), x, y,
                    strcmp(key, "project") ? 5.5 : 4, &p);
    }
    c->ops->group(c, NULL);
    if (!lb->number)
        return;
    c->ops->group(c, "labels");
    for (i = 0; i < t->n_rows && i < lb->n; i++) {
        double x, y;
        memset(&ts, 0, sizeof ts);
        ts.size = 10;
        ts.color = COL_TEXT;
        ts.halo = 1;
        if (lb->number[i] == 0) {
            c->ops->text(c, lb->box[i].x0, lb->box[i].y1 - 2,
                         rt_cell(t, i, 1)->text, &ts);
        } else if (lb->number[i] > 0) {
            map_project(m, rt_cell(t, i, jlon)->v, rt_cell(t, i, jlat)->v, &x,
                        &y);
            sfmt(num, sizeof num, "%d", lb->number[i]);
            ts.bold = 1;
            c->ops->text(c, x + 7, y - 5, num, &ts);
        }
    }
    c->ops->group(c, NULL);
}

static void status_draw(const struct report *r, struct canvas *c)
{
    const struct map_view *m = r->map;
    const struct rtable *t = report_table(r, "lots");
    int jlon = rt_col(t, "lon"), jlat = rt_col(t, "lat"),
        jk = rt_col(t, "kind_key"), jt = rt_col(t, "tonnes"),
        jid = rt_col(t, "id"), i;
    struct order *ord;
    struct labels lb;
    double tmax = 0;
    struct paint p;
    char data[320], tip[400], b[64];

    map_draw_base(m, c);
    if (!t)
        return;
    ord = calloc((size_t)t->n_rows + 1, sizeof *ord);
    if (labels_layout(r, m, &lb) || !ord) {
        c->rc = MF_ENOMEM;
        goto done;
    }
    for (i = 0; i < t->n_rows; i++) {
        double v = rt_cell(t, i, jt)->v;
        ord[i].i = i;
        ord[i].v = v;
        tmax = v > tmax ? v : tmax;
    }
    /* Largest lots first, so that small ones stay visible on top. */
    qsort(ord, (size_t)t->n_rows, sizeof *ord, order_desc);
    c->ops->group(c, "lots");
    for (i = 0; i < t->n_rows; i++) {
        int k = ord[i].i, sup;
        double lon = rt_cell(t, k, jlon)->v, lat = rt_cell(t, k, jlat)->v, x, y;
        if (isnan(lon) || isnan(lat))
            continue;
        sup = !strcmp(rt_cell(t, k, jk)->text, "supply");
        map_project(m, lon, lat, &x, &y);
        fill_paint(&p, sup ? COL_ORANGE : COL_BLUE, sup ? 0x9C6B00u : 0x004C77u,
                   0.8);
        p.opacity = 0.55;
        p.cls = sup ? "marker lot lot-supply" : "marker lot lot-demand";
        data_attr(data, sizeof data, "data-id", rt_cell(t, k, jid)->text);
        p.data = data;
        sfmt(tip, sizeof tip, "%s: %s t", rt_cell(t, k, jid)->text,
             fmt_num(r, ord[i].v, 0, b, sizeof b));
        p.title = tip;
        c->ops->circle(c, x, y, lot_radius(ord[i].v, tmax), &p);
    }
    c->ops->group(c, NULL);
    draw_sites(r, m, c, &lb);
    map_draw_scale(r, m, c);
    /* Legend under the map. */
    c->ops->group(c, "legend");
    legend_numbers(r, &lb, c,
                   legend_lots(r, c, legend_sites(r, c, 8, m->h + 18) + 22) +
                       22);
    c->ops->group(c, NULL);
done:
    free(ord);
    labels_free(&lb);
}

static uint32_t route_color(const char *key)
{
    if (!strcmp(key, "direct"))
        return COL_GREEN;
    if (!strcmp(key, "storage"))
        return COL_BLUE;
    if (!strcmp(key, "processing"))
        return COL_PURPLE;
    if (!strcmp(key, "receiving"))
        return COL_VERMILION;
    return COL_ORANGE;
}

static double legend_routes(const struct report *r, struct canvas *c, double y)
{
    static const char *const routes[] = {"direct", "storage", "processing",
                                         "receiving", "quarry"};
    static const enum rstr route_names[] = {
        S_F_DIRECT, S_F_STORAGE, S_F_PROCESSING, S_F_RECEIVING, S_F_QUARRY};
    double x = 8;
    int k;

    for (k = 0; k < 5; k++) {
        const char *s = tr(r, route_names[k]);
        double w = text_width(s, 10);
        if (x + 26 + w > CHART_W) {
            x = 8;
            y += 18;
        }
        if (c) {
            cv_line(c, x, y - 4, x + 20, y - 4, route_color(routes[k]), 4, 0);
            cv_text(c, x + 24, y, s, 10, TA_START, COL_TEXT, 0);
        }
        x += 24 + w + 16;
    }
    if (x + text_width(tr(r, S_LINE_WIDTH), 10) > CHART_W - 4) {
        x = 8;
        y += 18;
    }
    if (c)
        cv_text(c, x, y, tr(r, S_LINE_WIDTH), 10, TA_START, COL_AXIS, 0);
    return y;
}

static double flow_width(double t, double tmax)
{
    return tmax > 0 ? 0.8 + 10 * sqrt(t / tmax) : 1;
}

static void flows_draw(const struct report *r, struct canvas *c)
{
    const struct map_view *m = r->map;
    const struct rtable *t = report_table(r, "flows");
    int j0 = rt_col(t, "from_lon"), j1 = rt_col(t, "from_lat"),
        j2 = rt_col(t, "to_lon"), j3 = rt_col(t, "to_lat"),
        jr = rt_col(t, "route_key"), jt = rt_col(t, "tonnes"), i;
    double tmax = 0;
    struct order *ord;
    struct labels lb;
    struct paint p;
    char cls[64], data[96], tip[700], b[64];

    map_draw_base(m, c);
    ord = calloc((size_t)(t ? t->n_rows : 0) + 1, sizeof *ord);
    if (labels_layout(r, m, &lb) || !ord) {
        c->rc = MF_ENOMEM;
        goto done;
    }
    for (i = 0; t && i < t->n_rows; i++) {
        ord[i].i = i;
        ord[i].v = rt_cell(t, i, jt)->v;
        tmax = ord[i].v > tmax ? ord[i].v : tmax;
    }
    if (t)
        qsort(ord, (size_t)t->n_rows, sizeof *ord, order_desc);
    c->ops->group(c, "flows");
    for (i = 0; t && i < t->n_rows; i++) {
        int q = ord[i].i;
        double ax, ay, bx, by, dx, dy, len;
        struct path_cmd cmd[2];
        const char *key = rt_cell(t, q, jr)->text;
        if (isnan(rt_cell(t, q, j0)->v) || isnan(rt_cell(t, q, j2)->v))
            continue;
        map_project(m, rt_cell(t, q, j0)->v, rt_cell(t, q, j1)->v, &ax, &ay);
        map_project(m, rt_cell(t, q, j2)->v, rt_cell(t, q, j3)->v, &bx, &by);
        /* A gentle arc bending to the right of the direction of travel,
         * so that flows both ways between two places stay apart. */
        dx = bx - ax;
        dy = by - ay;
        len = sqrt(dx * dx + dy * dy);
        memset(cmd, 0, sizeof cmd);
        cmd[0].op = 'M';
        cmd[0].x = ax;
        cmd[0].y = ay;
        cmd[1].op = 'C';
        cmd[1].x1 = ax + dx / 3 - dy * 0.12;
        cmd[1].y1 = ay + dy / 3 + dx * 0.12;
        cmd[1].x2 = ax + 2 * dx / 3 - dy * 0.12;
        cmd[1].y2 = ay + 2 * dy / 3 + dx * 0.12;
        cmd[1].x = bx;
        cmd[1].y = by;
        (void)len;
        memset(&p, 0, sizeof p);
        p.fill = PAINT_NONE;
        p.stroke = route_color(key);
        p.stroke_w = flow_width(ord[i].v, tmax);
        sfmt(cls, sizeof cls, "flow flow-%s", key);
        p.cls = cls;
        sfmt(data, sizeof data, "data-tonnes=\"%.0f\"", ord[i].v);
        p.data = data;
        sfmt(tip, sizeof tip, "%s \xe2\x86\x92 %s: %s t",
             rt_cell(t, q, rt_col(t, "from"))->text,
             rt_cell(t, q, rt_col(t, "to"))->text,
             fmt_num(r, ord[i].v, 0, b, sizeof b));
        p.title = tip;
        c->ops->path(c, cmd, 2, 0, &p);
    }
    c->ops->group(c, NULL);
    draw_sites(r, m, c, &lb);
    map_draw_scale(r, m, c);
    c->ops->group(c, "legend");
    legend_numbers(r, &lb, c,
                   legend_sites(r, c, 8, legend_routes(r, c, m->h + 18) + 22) +
                       22);
    c->ops->group(c, NULL);
done:
    free(ord);
    labels_free(&lb);
}

double map_chart_height(const struct report *r, enum chart_kind k)
{
    double h = map_view_height(r->map), y;
    struct labels lb;

    /* The legends, measured. */
    if (k == CH_MAP_FLOWS)
        y = legend_sites(r, NULL, 8, legend_routes(r, NULL, h + 18) + 22);
    else
        y = legend_lots(r, NULL, legend_sites(r, NULL, 8, h + 18) + 22);
    if (labels_layout(r, r->map, &lb) == 0) {
        y = legend_numbers(r, &lb, NULL, y + 22);
        labels_free(&lb);
    }
    return y + 10;
}

void map_chart_draw(const struct report *r, enum chart_kind k, struct canvas *c)
{
    if (!r->map)
        return;
    if (k == CH_MAP_STATUS)
        status_draw(r, c);
    else
        flows_draw(r, c);
}
