/*
 * chart.c - the report's charts, drawn on a canvas (canvas.c for SVG,
 * cairo.c for the PDF fallback): grouped bars (horizontal and vertical),
 * a line chart of storage levels, a Sankey diagram of where the masses go
 * and a tornado of sensitivities. Each chart reads its numbers from a
 * table of the document (build.c), so every number drawn is also printed.
 *
 * Axes get "nice" ticks (Heckbert, Graphics Gems I, 1990: steps of 1, 2
 * or 5 times a power of ten) and numbers in the report's language.
 * Colours are the Okabe-Ito palette, safe for colour-blind readers.
 */
#include "report/report_int.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define FS 11.0   /* tick and label font size */
#define FS_T 12.0 /* panel titles */

/* ------------------------------------------------------------------ */
/* Axes                                                                 */
/* ------------------------------------------------------------------ */

static double nice_num(double x, int round_)
{
    double e = floor(log10(x)), f = x / pow(10, e), nf;

    if (round_)
        nf = f < 1.5 ? 1 : f < 3 ? 2 : f < 7 ? 5 : 10;
    else
        nf = f <= 1 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10;
    return nf * pow(10, e);
}

void nice_axis(double min, double max, int max_ticks, double *lo, double *hi,
               double *step)
{
    double range;

    if (!(max > min)) {
        if (max == 0 && min == 0) {
            max = 1;
        } else {
            double d = fabs(max) > 0 ? fabs(max) * 0.1 : 1;
            min -= d;
            max += d;
        }
    }
    if (max_ticks < 2)
        max_ticks = 2;
    range = nice_num(max - min, 0);
    *step = nice_num(range / (max_ticks - 1), 1);
    *lo = floor(min / *step + 1e-9) * *step;
    *hi = ceil(max / *step - 1e-9) * *step;
    if (*hi <= *lo)
        *hi = *lo + *step;
}

static int step_decimals(double step)
{
    int d = (int)-floor(log10(step) + 1e-9);

    return d < 0 ? 0 : d > 4 ? 4 : d;
}

static void paint_fill(struct paint *p, uint32_t fill)
{
    memset(p, 0, sizeof *p);
    p->fill = fill;
    p->stroke = PAINT_NONE;
}

static void legend(struct canvas *c, double x, double y, int n,
                   const char *const *names, const uint32_t *colors)
{
    struct paint p;
    int i;

    for (i = 0; i < n; i++) {
        paint_fill(&p, colors[i]);
        p.cls = "legend-key";
        c->ops->rect(c, x, y - 9, 11, 11, &p);
        cv_text(c, x + 15, y, names[i], FS, TA_START, COL_TEXT, 0);
        x += 15 + text_width(names[i], FS) + 18;
    }
}

/* Shortens text to fit max_w: first without a trailing parenthesis
 * ("Tunnelstein (boring og sprengning)" -> "Tunnelstein"), else with an
 * ellipsis; into buf. */
static const char *fit(const char *s, double size, double max_w, char *buf,
                       size_t len)
{
    const char *paren = strrchr(s, '(');
    size_t n;

    /* A little slack: the widths are sums of floating-point advances. */
    max_w += 0.5;
    if (text_width(s, size) <= max_w)
        return s;
    if (paren && paren > s && s[strlen(s) - 1] == ')') {
        n = (size_t)(paren - s);
        while (n > 0 && s[n - 1] == ' ')
            n--;
        sfmt(buf, len, "%.*s", (int)n, s);
        if (text_width(buf, size) <= max_w)
            return buf;
    }
    sfmt(buf, len, "%s", s);
    n = strlen(buf);
    while (n > 0) {
        /* Step back over one UTF-8 character. */
        do
            n--;
        while (n > 0 && ((unsigned char)buf[n] & 0xC0) == 0x80);
        buf[n] = '\0';
        if (n + 4 < len) {
            char tmp[512];
            sfmt(tmp, sizeof tmp, "%s\xe2\x80\xa6", buf);
            if (text_width(tmp, size) <= max_w) {
                sfmt(buf, len, "%s", tmp);
                return buf;
            }
        }
    }
    return "";
}

/* Text with a white outline, readable over lines and bands. */
static void halo_text(struct canvas *c, double x, double y, const char *s,
                      double size, enum text_anchor a)
{
    struct text_style ts;

    memset(&ts, 0, sizeof ts);
    ts.size = size;
    ts.anchor = a;
    ts.color = COL_TEXT;
    ts.halo = 1;
    c->ops->text(c, x, y, s, &ts);
}

/* ------------------------------------------------------------------ */
/* Horizontal bars                                                      */
/* ------------------------------------------------------------------ */

struct hbars {
    int n_cat, n_ser;
    const char *const *cat;
    const char *const *ser; /* legend; NULL for one series */
    const uint32_t *col;    /* per series, or per category (one series) */
    int col_per_cat;
    const double *v;  /* v[c * n_ser + s] */
    const char *unit; /* axis title */
    int dec;          /* value labels */
    int pct;          /* values are per cent */
    double ref;       /* dashed reference line when has_ref */
    int has_ref;
};

#define HB_BAR 14.0
#define HB_GAP 8.0

static double hbars_height(int n_cat, int n_ser, int legend_)
{
    return (legend_ ? 26 : 8) + n_cat * (n_ser * HB_BAR + HB_GAP) + 44;
}

static void hbars_draw(const struct report *r, struct canvas *c,
                       const struct hbars *h)
{
    double lw = 0, min = 0, max = 0, lo, hi, step, x0, x1, y, top, bottom;
    double t;
    int i, s, dec;
    char b1[64], b2[600];
    struct paint p;

    for (i = 0; i < h->n_cat; i++) {
        double w = text_width(h->cat[i], FS);
        if (w > lw)
            lw = w;
        for (s = 0; s < h->n_ser; s++) {
            double v = h->v[i * h->n_ser + s];
            if (isnan(v))
                continue;
            min = v < min ? v : min;
            max = v > max ? v : max;
        }
    }
    if (h->has_ref) {
        min = h->ref < min ? h->ref : min;
        max = h->ref > max ? h->ref : max;
    }
    lw = lw > 250 ? 250 : lw;
    nice_axis(min, max, 6, &lo, &hi, &step);
    dec = step_decimals(step);
    x0 = lw + 16;
    x1 = CHART_W - 70;
    top = h->ser ? 26 : 8;
    bottom = top + h->n_cat * (h->n_ser * HB_BAR + HB_GAP);
    if (h->ser)
        legend(c, x0, 14, h->n_ser, h->ser, h->col);
#define HX(v) (x0 + ((v)-lo) / (hi - lo) * (x1 - x0))
    /* Grid and ticks. */
    c->ops->group(c, "axis");
    for (t = lo; t <= hi + step / 2; t += step) {
        double x = HX(t);
        cv_line(c, x, top - 2, x, bottom,
                fabs(t) < step / 2 ? COL_AXIS : COL_GRID, 1, 0);
        if (h->pct)
            sfmt(b2, sizeof b2, "%s", fmt_num(r, t, dec, b1, sizeof b1));
        else
            fmt_num(r, t, dec, b2, sizeof b2);
        cv_text(c, x, bottom + 14, b2, FS, TA_MIDDLE, COL_AXIS, 0);
    }
    cv_text(c, (x0 + x1) / 2, bottom + 32, h->unit, FS, TA_MIDDLE, COL_AXIS, 0);
    c->ops->group(c, NULL);
    /* The reference line goes under the bars and their labels. */
    if (h->has_ref) {
        double x = HX(h->ref);
        cv_line(c, x, top - 4, x, bottom, COL_BLACK, 1.2, 1);
    }
    c->ops->group(c, "bars");
    y = top + HB_GAP / 2;
    for (i = 0; i < h->n_cat; i++) {
        double gy = y + h->n_ser * HB_BAR / 2;
        cv_text(c, x0 - 8, gy + 4, fit(h->cat[i], FS, lw, b2, sizeof b2), FS,
                TA_END, COL_TEXT, 0);
        for (s = 0; s < h->n_ser; s++) {
            double v = h->v[i * h->n_ser + s], a, b;
            if (!isnan(v)) {
                a = HX(v < 0 ? v : 0);
                b = HX(v < 0 ? 0 : v);
                paint_fill(&p, h->col[h->col_per_cat ? i : s]);
                p.cls = "bar";
                c->ops->rect(c, a, y + 1, b - a, HB_BAR - 2, &p);
                fmt_num(r, v, h->dec, b1, sizeof b1);
                if (v < 0)
                    halo_text(c, a - 4, y + HB_BAR - 3, b1, FS - 1, TA_END);
                else
                    halo_text(c, b + 4, y + HB_BAR - 3, b1, FS - 1, TA_START);
            }
            y += HB_BAR;
        }
        y += HB_GAP;
    }
    c->ops->group(c, NULL);
#undef HX
}

/* ------------------------------------------------------------------ */
/* Vertical bars (columns), in a box                                    */
/* ------------------------------------------------------------------ */

struct vbars {
    int n_cat, n_ser;
    const char *const *cat;
    const uint32_t *col; /* per series */
    const double *v;     /* v[c * n_ser + s] */
    const char *title;   /* above the panel; may be NULL */
    const char *unit;    /* y axis title; may be NULL */
    int value_labels;    /* print values on the bars */
    int dec;
};

static void vbars_draw(const struct report *r, struct canvas *c, double bx,
                       double by, double bw, double bh, const struct vbars *v)
{
    double min = 0, max = 0, lo, hi, step, t, x0, x1, y0, y1, gw, bar, tw = 0;
    int i, s, dec;
    char b1[64], b2[256];
    struct paint p;

    for (i = 0; i < v->n_cat * v->n_ser; i++) {
        if (isnan(v->v[i]))
            continue;
        min = v->v[i] < min ? v->v[i] : min;
        max = v->v[i] > max ? v->v[i] : max;
    }
    /* Room above the bars for their labels. */
    if (v->value_labels) {
        max += (max - min) * 0.14;
        if (min < 0)
            min -= (max - min) * 0.14;
    }
    nice_axis(min, max, 5, &lo, &hi, &step);
    dec = step_decimals(step);
    for (t = lo; t <= hi + step / 2; t += step) {
        double w = text_width(fmt_num(r, t, dec, b1, sizeof b1), FS);
        tw = w > tw ? w : tw;
    }
    x0 = bx + tw + 8 + (v->unit ? 16 : 0);
    x1 = bx + bw - 4;
    y0 = by + (v->title ? 22 : 8);
    y1 = by + bh - 22;
    if (v->title)
        cv_text(c, bx + bw / 2, by + 12, v->title, FS_T, TA_MIDDLE, COL_TEXT,
                1);
    if (v->unit) {
        struct text_style ts;
        memset(&ts, 0, sizeof ts);
        ts.size = FS;
        ts.anchor = TA_MIDDLE;
        ts.color = COL_AXIS;
        ts.rotate = -90;
        c->ops->text(c, bx + 10, (y0 + y1) / 2, v->unit, &ts);
    }
#define VY(val) (y1 - ((val)-lo) / (hi - lo) * (y1 - y0))
    c->ops->group(c, "axis");
    for (t = lo; t <= hi + step / 2; t += step) {
        double y = VY(t);
        cv_line(c, x0, y, x1, y, fabs(t) < step / 2 ? COL_AXIS : COL_GRID, 1,
                0);
        cv_text(c, x0 - 5, y + 4, fmt_num(r, t, dec, b1, sizeof b1), FS, TA_END,
                COL_AXIS, 0);
    }
    c->ops->group(c, NULL);
    gw = (x1 - x0) / (v->n_cat > 0 ? v->n_cat : 1);
    bar = gw * 0.72 / (v->n_ser > 0 ? v->n_ser : 1);
    if (bar > 48)
        bar = 48;
    c->ops->group(c, "bars");
    for (i = 0; i < v->n_cat; i++) {
        double gx = x0 + gw * i + (gw - bar * v->n_ser) / 2;
        cv_text(c, x0 + gw * (i + 0.5), y1 + 15,
                fit(v->cat[i], FS, gw - 2, b2, sizeof b2), FS, TA_MIDDLE,
                COL_TEXT, 0);
        for (s = 0; s < v->n_ser; s++) {
            double val = v->v[i * v->n_ser + s], a, b;
            if (isnan(val))
                continue;
            a = VY(val > 0 ? val : 0);
            b = VY(val > 0 ? 0 : val);
            paint_fill(&p, v->col[s]);
            p.cls = "bar";
            c->ops->rect(c, gx + s * bar, a, bar - 1, b - a, &p);
            if (v->value_labels) {
                fmt_num(r, val, v->dec, b1, sizeof b1);
                cv_text(c, gx + s * bar + bar / 2, val >= 0 ? a - 4 : b + 12,
                        b1, FS - 1, TA_MIDDLE, COL_TEXT, 0);
            }
        }
    }
    c->ops->group(c, NULL);
#undef VY
}

/* ------------------------------------------------------------------ */
/* The charts                                                           */
/* ------------------------------------------------------------------ */

static const struct {
    const char *id;
    enum rstr title;
} charts[CH_COUNT] = {
    {"map-status", S_MAP},
    {"chart-balance", S_BALANCE},
    {"chart-balance-periods", S_BALANCE},
    {"chart-indicators", S_PLANVS},
    {"map-flows", S_FLOWS},
    {"chart-sankey", S_SANKEY},
    {"chart-storage", S_STORAGE},
    {"chart-scenarios-cost", S_P_COST},
    {"chart-scenarios-co2e", S_P_CO2},
    {"chart-scenarios-reuse", S_P_REUSE},
    {"chart-scenarios-landfilled", S_P_LANDFILLED},
    {"chart-tornado", S_TORNADO},
    {"chart-tornado-co2e", S_TORNADO},
};

const char *chart_id(enum chart_kind k)
{
    return (unsigned)k < CH_COUNT ? charts[k].id : "";
}

/* Rows of a table without its total row. */
static int data_rows(const struct rtable *t)
{
    int n = t ? t->n_rows : 0;

    while (n > 0 && (t->flags[n - 1] & ROW_TOTAL))
        n--;
    return n;
}

/* --- balance --- */

static void balance_draw(const struct report *r, struct canvas *c,
                         struct arena *a)
{
    const struct rtable *t = report_table(r, "balance");
    int n = data_rows(t), i, js, jd;
    const char **cat;
    double *v;
    const char *ser[2];
    uint32_t col[2] = {COL_ORANGE, COL_BLUE};
    struct hbars h;

    if (n == 0)
        return;
    cat = arena_alloc(a, (size_t)n * sizeof *cat);
    v = arena_alloc(a, (size_t)n * 2 * sizeof *v);
    if (!cat || !v) {
        c->rc = MF_ENOMEM;
        return;
    }
    js = rt_col(t, "supply_kt");
    jd = rt_col(t, "demand_kt");
    for (i = 0; i < n; i++) {
        cat[i] = rt_cell(t, i, 0)->text;
        v[2 * i] = rt_cell(t, i, js)->v;
        v[2 * i + 1] = rt_cell(t, i, jd)->v;
        /* A material with no need (or a use with no surplus) gets no
         * empty bar and no "0" beside it. */
        if (v[2 * i] == 0)
            v[2 * i] = NAN;
        if (v[2 * i + 1] == 0)
            v[2 * i + 1] = NAN;
    }
    ser[0] = tr(r, S_SUPPLY);
    ser[1] = tr(r, S_DEMAND);
    memset(&h, 0, sizeof h);
    h.n_cat = n;
    h.n_ser = 2;
    h.cat = cat;
    h.ser = ser;
    h.col = col;
    h.v = v;
    h.unit = tr(r, S_U_KT);
    hbars_draw(r, c, &h);
}

static void balance_periods_draw(const struct report *r, struct canvas *c,
                                 struct arena *a)
{
    const struct rtable *t = report_table(r, "balance_periods");
    int n = data_rows(t), i;
    const char **cat;
    double *v;
    const char *ser[2];
    uint32_t col[2] = {COL_ORANGE, COL_BLUE};
    struct vbars vb;

    if (n == 0)
        return;
    cat = arena_alloc(a, (size_t)n * sizeof *cat);
    v = arena_alloc(a, (size_t)n * 2 * sizeof *v);
    if (!cat || !v) {
        c->rc = MF_ENOMEM;
        return;
    }
    for (i = 0; i < n; i++) {
        cat[i] = rt_cell(t, i, 0)->text;
        v[2 * i] = rt_cell(t, i, 1)->v;
        v[2 * i + 1] = rt_cell(t, i, 2)->v;
    }
    ser[0] = tr(r, S_SUPPLY);
    ser[1] = tr(r, S_DEMAND);
    legend(c, 60, 14, 2, ser, col);
    memset(&vb, 0, sizeof vb);
    vb.n_cat = n;
    vb.n_ser = 2;
    vb.cat = cat;
    vb.col = col;
    vb.v = v;
    vb.unit = tr(r, S_U_KT);
    vbars_draw(r, c, 0, 24, CHART_W, 236, &vb);
}

/* --- plan against business as usual --- */

static const struct {
    const char *key;
    enum rstr title;
    double scale;
    int dec;
} ind_panels[] = {
    {"reuse_rate", S_P_REUSE, 100, 1},
    {"landfilled_t", S_P_LANDFILLED, 1e-3, 0},
    {"virgin_t", S_P_VIRGIN, 1e-3, 0},
    {"truck_km", S_P_TRUCKKM, 1e-3, 0},
    {"co2e_total_t", S_P_CO2, 1e-3, 1},
    {"cost_society_mnok", S_P_COST, 1, 0},
};

static void indicators_draw(const struct report *r, struct canvas *c,
                            struct arena *a)
{
    const struct rtable *t = report_table(r, "indicators");
    static const char *const none[1] = {""};
    const char *ser[2];
    uint32_t col[2] = {COL_GREY, COL_GREEN};
    int k, i, jb, jp;

    (void)a;
    if (!t)
        return;
    ser[0] = tr(r, S_C_BAU);
    ser[1] = tr(r, S_C_PLAN);
    legend(c, 8, 14, 2, ser, col);
    jb = rt_col(t, "business_as_usual");
    jp = rt_col(t, "plan");
    for (k = 0; k < 6; k++) {
        double v[2];
        struct vbars vb;
        for (i = 0; i < t->n_rows; i++)
            if (!strcmp(rt_cell(t, i, 0)->text, ind_panels[k].key))
                break;
        if (i == t->n_rows)
            continue;
        v[0] = rt_cell(t, i, jb)->v * ind_panels[k].scale;
        v[1] = rt_cell(t, i, jp)->v * ind_panels[k].scale;
        memset(&vb, 0, sizeof vb);
        vb.n_cat = 1;
        vb.n_ser = 2;
        vb.cat = none;
        vb.col = col;
        vb.v = v;
        vb.title = tr(r, ind_panels[k].title);
        vb.value_labels = 1;
        vb.dec = ind_panels[k].dec;
        vbars_draw(r, c, (k % 3) * (CHART_W / 3), 24 + (k / 3) * 190,
                   CHART_W / 3 - 8, 182, &vb);
    }
}

/* --- storage levels --- */

static void storage_draw(const struct report *r, struct canvas *c,
                         struct arena *a)
{
    static const uint32_t cols[8] = {COL_BLUE,   COL_ORANGE,    COL_GREEN,
                                     COL_PURPLE, COL_VERMILION, COL_SKY,
                                     COL_BLACK,  COL_YELLOW};
    const struct mf_plan *plan = r->plan;
    const struct rtable *t = report_table(r, "storage");
    int np, ns, s, p, i, dec, last_year = -1;
    double max = 0, lo, hi, step, x0 = 64, x1 = CHART_W - 12, y0 = 30, y1 = 236,
           tk;
    const char *names[8];
    char b1[64];
    struct paint pt;

    if (!plan || !t || plan->periods.n == 0)
        return;
    np = plan->periods.n;
    ns = t->n_cols - 1;
    for (s = 0; s < ns; s++)
        names[s] = t->cols[1 + s].head;
    legend(c, x0, 14, ns, names, cols);
    /* The series are the table's columns: sites by key, "others" the
     * rest. */
    for (p = 0; p < np; p++)
        for (i = 0; i < plan->n_storage; i++) {
            double v = plan->storage[(size_t)i * (size_t)np + (size_t)p];
            max = v > max ? v : max;
        }
    {
        double tot = 0;
        for (p = 0; p < np; p++) {
            double sum = 0;
            for (i = 0; i < plan->n_storage; i++)
                sum += plan->storage[(size_t)i * (size_t)np + (size_t)p];
            tot = sum > tot ? sum : tot;
        }
        if (rt_col(t, "others") >= 0)
            max = tot;
    }
    nice_axis(0, max / 1000, 5, &lo, &hi, &step);
    dec = step_decimals(step);
#define LX(p) (x0 + ((p) + 0.5) / np * (x1 - x0))
#define LY(v) (y1 - ((v) / 1000 - lo) / (hi - lo) * (y1 - y0))
    c->ops->group(c, "axis");
    for (tk = lo; tk <= hi + step / 2; tk += step) {
        double y = y1 - (tk - lo) / (hi - lo) * (y1 - y0);
        cv_line(c, x0, y, x1, y, tk == lo ? COL_AXIS : COL_GRID, 1, 0);
        cv_text(c, x0 - 5, y + 4, fmt_num(r, tk, dec, b1, sizeof b1), FS,
                TA_END, COL_AXIS, 0);
    }
    {
        struct text_style ts;
        memset(&ts, 0, sizeof ts);
        ts.size = FS;
        ts.anchor = TA_MIDDLE;
        ts.color = COL_AXIS;
        ts.rotate = -90;
        c->ops->text(c, 14, (y0 + y1) / 2, tr(r, S_U_KT), &ts);
    }
    /* Period ticks: every period when there are few, else year starts. */
    for (p = 0; p < np; p++) {
        char lab[32];
        int y, m, d;
        mf_date_ymd(plan->periods.start[p], &y, &m, &d);
        if (np <= 12) {
            mf_period_label(&plan->periods, p, lab, sizeof lab);
        } else {
            if (y == last_year)
                continue;
            last_year = y;
            sfmt(lab, sizeof lab, "%d", y);
        }
        cv_line(c, LX(p) - (np > 12 ? (x1 - x0) / np / 2 : 0), y1,
                LX(p) - (np > 12 ? (x1 - x0) / np / 2 : 0), y1 + 4, COL_AXIS, 1,
                0);
        cv_text(c, np > 12 ? LX(p) - (x1 - x0) / np / 2 + 2 : LX(p), y1 + 16,
                lab, FS, np > 12 ? TA_START : TA_MIDDLE, COL_AXIS, 0);
    }
    c->ops->group(c, NULL);
    c->ops->group(c, "lines");
    for (s = 0; s < ns; s++) {
        const char *key = t->cols[1 + s].key;
        struct path_cmd *cmd = arena_alloc(a, (size_t)np * sizeof *cmd);
        int slot = -1;
        if (!cmd) {
            c->rc = MF_ENOMEM;
            break;
        }
        for (i = 0; i < plan->n_storage && strcmp(key, "others"); i++)
            if (!strcmp(mf_registry_site_at(r->in->reg,
                                            (size_t)plan->storage_site[i])
                            ->id,
                        key))
                slot = i;
        for (p = 0; p < np; p++) {
            double v = 0;
            if (slot >= 0) {
                v = plan->storage[(size_t)slot * (size_t)np + (size_t)p];
            } else {
                /* "Others": everything not drawn on its own. */
                for (i = 0; i < plan->n_storage; i++) {
                    const char *id =
                        mf_registry_site_at(r->in->reg,
                                            (size_t)plan->storage_site[i])
                            ->id;
                    if (rt_col(t, id) < 0)
                        v += plan->storage[(size_t)i * (size_t)np + (size_t)p];
                }
            }
            memset(&cmd[p], 0, sizeof cmd[p]);
            cmd[p].op = p == 0 ? 'M' : 'L';
            cmd[p].x = LX(p);
            cmd[p].y = LY(v);
        }
        memset(&pt, 0, sizeof pt);
        pt.fill = PAINT_NONE;
        pt.stroke = cols[s % 8];
        pt.stroke_w = 2;
        pt.cls = "series";
        pt.title = names[s];
        c->ops->path(c, cmd, np, 0, &pt);
    }
    c->ops->group(c, NULL);
#undef LX
#undef LY
}

/* --- scenarios --- */

static void scenarios_draw(const struct report *r, struct canvas *c,
                           struct arena *a, const char *key, double scale,
                           int dec, enum rstr title)
{
    const struct rtable *t = report_table(r, "scenarios");
    int n = t ? t->n_rows : 0, i, j = rt_col(t, key), jt = rt_col(t, "title");
    const char **cat;
    double *v;
    uint32_t *col;
    struct hbars h;

    if (n == 0 || j < 0)
        return;
    cat = arena_alloc(a, (size_t)n * sizeof *cat);
    v = arena_alloc(a, (size_t)n * sizeof *v);
    col = arena_alloc(a, (size_t)n * sizeof *col);
    if (!cat || !v || !col) {
        c->rc = MF_ENOMEM;
        return;
    }
    for (i = 0; i < n; i++) {
        char *s = arena_alloc(a, 200);
        if (!s) {
            c->rc = MF_ENOMEM;
            return;
        }
        sfmt(s, 200, "%d %s", i + 1, rt_cell(t, i, jt)->text);
        cat[i] = s;
        v[i] = rt_cell(t, i, j)->v * scale;
        col[i] = i == 0 ? COL_GREY : COL_BLUE;
    }
    memset(&h, 0, sizeof h);
    h.n_cat = n;
    h.n_ser = 1;
    h.cat = cat;
    h.col = col;
    h.col_per_cat = 1;
    h.v = v;
    h.unit = tr(r, title);
    h.dec = dec;
    h.ref = v[0];
    h.has_ref = !isnan(v[0]);
    hbars_draw(r, c, &h);
}

/* --- tornado --- */

static void tornado_draw(const struct report *r, struct canvas *c, int co2)
{
    const struct rtable *t = report_table(r, "tornado");
    const struct mf_tornado *tn = r->in->tornado;
    int n = t ? t->n_rows : 0, i, dec;
    int jl = rt_col(t, co2 ? "co2e_low_kt" : "cost_low_mnok");
    int jh = rt_col(t, co2 ? "co2e_high_kt" : "cost_high_mnok");
    int jlab = rt_col(t, "label"), jlo = rt_col(t, "low_value"),
        jhi = rt_col(t, "high_value");
    double base, min, max, lo, hi, step, lw = 0, x0, x1, y, tk;
    const char *ser[2];
    uint32_t col[2] = {COL_SKY, COL_VERMILION};
    char b1[64], b2[64], lab[600];
    struct paint p;

    if (n == 0 || !tn)
        return;
    base = co2 ? tn->base[MF_HL_CO2E] / 1e6 : tn->base[MF_HL_COST] / 1e6;
    min = max = base;
    for (i = 0; i < n; i++) {
        double a = rt_cell(t, i, jl)->v, b = rt_cell(t, i, jh)->v, w;
        min = a < min ? a : min;
        min = b < min ? b : min;
        max = a > max ? a : max;
        max = b > max ? b : max;
        w = text_width(rt_cell(t, i, jlab)->text, FS);
        lw = w > lw ? w : lw;
    }
    lw = lw > 230 ? 230 : lw;
    nice_axis(min, max, 6, &lo, &hi, &step);
    dec = step_decimals(step);
    x0 = lw + 16;
    x1 = CHART_W - 60;
    ser[0] = tr(r, S_LOWV);
    ser[1] = tr(r, S_HIGHV);
    legend(c, x0, 14, 2, ser, col);
#define TX(v) (x0 + ((v)-lo) / (hi - lo) * (x1 - x0))
    y = 28 + n * 34;
    c->ops->group(c, "axis");
    for (tk = lo; tk <= hi + step / 2; tk += step) {
        cv_line(c, TX(tk), 26, TX(tk), y, COL_GRID, 1, 0);
        cv_text(c, TX(tk), y + 14, fmt_num(r, tk, dec, b1, sizeof b1), FS,
                TA_MIDDLE, COL_AXIS, 0);
    }
    cv_text(c, (x0 + x1) / 2, y + 32, tr(r, co2 ? S_U_KTCO2 : S_U_MNOK), FS,
            TA_MIDDLE, COL_AXIS, 0);
    c->ops->group(c, NULL);
    c->ops->group(c, "bars");
    for (i = 0; i < n; i++) {
        double by = 30 + i * 34, vals[2];
        int s;
        vals[0] = rt_cell(t, i, jl)->v;
        vals[1] = rt_cell(t, i, jh)->v;
        cv_text(c, x0 - 8, by + 11,
                fit(rt_cell(t, i, jlab)->text, FS, lw, lab, sizeof lab), FS,
                TA_END, COL_TEXT, 0);
        sfmt(lab, sizeof lab, "%s \xe2\x80\x93 %s",
             rt_text(r, t, i, jlo, b1, sizeof b1),
             rt_text(r, t, i, jhi, b2, sizeof b2));
        cv_text(c, x0 - 8, by + 24, lab, FS - 2, TA_END, COL_AXIS, 0);
        for (s = 0; s < 2; s++) {
            double v = vals[s], a = TX(v < base ? v : base),
                   b = TX(v < base ? base : v);
            if (isnan(v))
                continue;
            paint_fill(&p, col[s]);
            p.cls = "bar";
            /* Low and high share the row: low on the upper half. */
            c->ops->rect(c, a, by + 2 + s * 12, b - a < 1 ? 1 : b - a, 11, &p);
            fmt_num(r, v - base, co2 ? 1 : 0, b1, sizeof b1);
            if (v - base > 0)
                sfmt(b2, sizeof b2, "+%s", b1);
            else
                sfmt(b2, sizeof b2, "%s", b1);
            cv_text(c, v < base ? a - 3 : b + 3, by + 11 + s * 12, b2, FS - 2,
                    v < base ? TA_END : TA_START, COL_TEXT, 0);
        }
    }
    c->ops->group(c, NULL);
    cv_line(c, TX(base), 24, TX(base), y, COL_BLACK, 1.2, 1);
#undef TX
}

/* --- Sankey --- */

static uint32_t sk_color(enum sk_node_kind k)
{
    switch (k) {
    case SK_QUARRY:
        return COL_ORANGE;
    case SK_DIRECT:
        return COL_GREEN;
    case SK_STORAGE:
        return COL_BLUE;
    case SK_PROCESSING:
        return COL_PURPLE;
    case SK_RECEIVING:
        return COL_VERMILION;
    case SK_UNPLACED:
        return COL_BLACK;
    case SK_NEED:
        return 0x444444u;
    default:
        return 0x777777u;
    }
}

static char *fmt_tonnes(const struct report *r, double t, char *buf, size_t len)
{
    char n[64];

    if (t >= 1e6) {
        fmt_num(r, t / 1e6, 1, n, sizeof n);
        sfmt(buf, len, "%s %s", n, r->en ? "Mt" : "mill. t");
    } else {
        fmt_num(r, t, 0, n, sizeof n);
        sfmt(buf, len, "%s t", n);
    }
    return buf;
}

#define SK_NODE_W 12.0
#define SK_PAD 18.0
#define SK_TOP 20.0
#define SK_MIN_H 2.0

static double sankey_height(const struct report *r)
{
    const struct sankey *g = &r->sankey;
    int per[8] = {0}, i, most = 0;

    for (i = 0; i < g->n_nodes; i++)
        if (g->nodes[i].layer < 8)
            per[g->nodes[i].layer]++;
    for (i = 0; i < 8; i++)
        most = per[i] > most ? per[i] : most;
    return most * 34 + 180 < 300 ? 300 : most * 34 + 180;
}

struct sk_end {
    int link;
    double key;
};

static int sk_end_cmp(const void *pa, const void *pb)
{
    const struct sk_end *a = pa, *b = pb;

    if (a->key != b->key)
        return a->key < b->key ? -1 : 1;
    return (a->link > b->link) - (a->link < b->link);
}

/* Top to bottom within a layer: materials (largest first, as built),
 * quarries, then what leaves the cycle (unplaced, massemottak) above the
 * routes and the need, so that the big bands cross least. */
static int sk_rank(enum sk_node_kind k)
{
    static const int rank[] = {0, 1, 4, 5, 6, 7, 3, 2};

    return (unsigned)k < sizeof rank / sizeof rank[0] ? rank[k] : 9;
}

static double sk_value(const struct sk_node *n)
{
    return n->in > n->out ? n->in : n->out;
}

/* "Name  12,3 mill. t" fitted to max_w: the name is shortened, never the
 * number. */
static const char *sk_label(const struct report *r, const struct sk_node *n,
                            double max_w, char *buf, size_t len)
{
    char val[64], name[512];
    double vw;

    fmt_tonnes(r, sk_value(n), val, sizeof val);
    vw = text_width(val, FS) + text_width("  ", FS);
    sfmt(buf, len, "%s  %s", fit(n->label, FS, max_w - vw, name, sizeof name),
         val);
    return buf;
}

static void sankey_draw(const struct report *r, struct canvas *c,
                        struct arena *a)
{
    /* The layout is computed here on a copy of the nodes. */
    const struct sankey *g = &r->sankey;
    struct sk_node *nd;
    double *sy, *ty; /* per link: y at the source and at the target */
    struct sk_end *ends, *order;
    double h = sankey_height(r) - SK_TOP - 8, k = -1, lw = 0, rw = 0, x0, x1;
    int i, j, l, L = g->n_layers > 1 ? g->n_layers : 2, no;
    char lab[600], val[64];
    struct paint p;

    if (g->n_nodes == 0)
        return;
    nd = arena_alloc(a, (size_t)g->n_nodes * sizeof *nd);
    order = arena_alloc(a, (size_t)g->n_nodes * sizeof *order);
    sy = arena_alloc(a, (size_t)(g->n_links + 1) * sizeof *sy);
    ty = arena_alloc(a, (size_t)(g->n_links + 1) * sizeof *ty);
    ends = arena_alloc(a, (size_t)(g->n_links + 1) * sizeof *ends);
    if (!nd || !order || !sy || !ty || !ends) {
        c->rc = MF_ENOMEM;
        return;
    }
    memcpy(nd, g->nodes, (size_t)g->n_nodes * sizeof *nd);
    /* Label room: left of the first layer, right of the last. */
    for (i = 0; i < g->n_nodes; i++) {
        double w;
        sfmt(lab, sizeof lab, "%s  %s", nd[i].label,
             fmt_tonnes(r, sk_value(&nd[i]), val, sizeof val));
        w = text_width(lab, FS);
        if (nd[i].layer == 0)
            lw = w > lw ? w : lw;
        else if (nd[i].layer == L - 1)
            rw = w > rw ? w : rw;
    }
    lw = lw > 200 ? 200 : lw;
    rw = rw > 200 ? 200 : rw;
    x0 = lw + 8;
    x1 = CHART_W - rw - 8 - SK_NODE_W;
    /* One scale for all layers, leaving room for the least node height
     * and the gaps: the fullest layer fills the height. */
    for (l = 0; l < L; l++) {
        double tot = 0, n = 0, kk;
        for (i = 0; i < g->n_nodes; i++)
            if (nd[i].layer == l) {
                tot += sk_value(&nd[i]);
                n++;
            }
        if (tot <= 0)
            continue;
        kk = (h - SK_PAD * (n - 1) - SK_MIN_H * n) / tot;
        if (k < 0 || kk < k)
            k = kk;
    }
    if (k <= 0)
        k = 1e-9;
    for (l = 0; l < L; l++) {
        double y = 0, used;
        no = 0;
        for (i = 0; i < g->n_nodes; i++)
            if (nd[i].layer == l) {
                order[no].link = i;
                order[no].key = sk_rank(nd[i].kind) * 1000.0 + i;
                no++;
            }
        qsort(order, (size_t)no, sizeof *order, sk_end_cmp);
        for (j = 0; j < no; j++) {
            struct sk_node *x = &nd[order[j].link];
            double v = sk_value(x);
            x->x = x0 + (x1 - x0) * l / (L - 1);
            x->y = y;
            x->h = v * k < SK_MIN_H ? SK_MIN_H : v * k;
            y += x->h + SK_PAD;
        }
        used = y - SK_PAD;
        for (j = 0; j < no; j++)
            nd[order[j].link].y += SK_TOP + (h - used) / 2;
    }
    /* Stack the links at each node in the order of the far end. */
    for (i = 0; i < g->n_nodes; i++) {
        int n = 0;
        double y;
        for (j = 0; j < g->n_links; j++)
            if (g->links[j].from == i) {
                ends[n].link = j;
                ends[n].key = nd[g->links[j].to].y;
                n++;
            }
        qsort(ends, (size_t)n, sizeof *ends, sk_end_cmp);
        y = nd[i].y;
        for (j = 0; j < n; j++) {
            sy[ends[j].link] = y;
            y += g->links[ends[j].link].tonnes * k;
        }
        n = 0;
        for (j = 0; j < g->n_links; j++)
            if (g->links[j].to == i) {
                ends[n].link = j;
                ends[n].key = nd[g->links[j].from].y;
                n++;
            }
        qsort(ends, (size_t)n, sizeof *ends, sk_end_cmp);
        y = nd[i].y;
        for (j = 0; j < n; j++) {
            ty[ends[j].link] = y;
            y += g->links[ends[j].link].tonnes * k;
        }
    }
    c->ops->group(c, "sankey-links");
    for (j = 0; j < g->n_links; j++) {
        const struct sk_link *lk = &g->links[j];
        const struct sk_node *s0 = &nd[lk->from], *s1 = &nd[lk->to];
        double w = lk->tonnes * k, ax = s0->x + SK_NODE_W, bx = s1->x,
               xm = (ax + bx) / 2;
        struct path_cmd cmd[5];
        char data[160], tip[700];
        memset(cmd, 0, sizeof cmd);
        if (w < 0.5)
            w = 0.5;
        cmd[0].op = 'M';
        cmd[0].x = ax;
        cmd[0].y = sy[j];
        cmd[1].op = 'C';
        cmd[1].x1 = xm;
        cmd[1].y1 = sy[j];
        cmd[1].x2 = xm;
        cmd[1].y2 = ty[j];
        cmd[1].x = bx;
        cmd[1].y = ty[j];
        cmd[2].op = 'L';
        cmd[2].x = bx;
        cmd[2].y = ty[j] + w;
        cmd[3].op = 'C';
        cmd[3].x1 = xm;
        cmd[3].y1 = ty[j] + w;
        cmd[3].x2 = xm;
        cmd[3].y2 = sy[j] + w;
        cmd[3].x = ax;
        cmd[3].y = sy[j] + w;
        cmd[4].op = 'Z';
        paint_fill(&p, sk_color(s0->kind == SK_MATERIAL ? s1->kind : s0->kind));
        p.opacity = 0.45;
        p.cls = "sankey-link";
        sfmt(data, sizeof data,
             "data-from=\"%d\" data-to=\"%d\" data-tonnes=\"%.0f\"", lk->from,
             lk->to, lk->tonnes);
        p.data = data;
        sfmt(tip, sizeof tip, "%s \xe2\x86\x92 %s: %s", s0->label, s1->label,
             fmt_tonnes(r, lk->tonnes, val, sizeof val));
        p.title = tip;
        c->ops->path(c, cmd, 5, 0, &p);
    }
    c->ops->group(c, NULL);
    c->ops->group(c, "sankey-nodes");
    for (i = 0; i < g->n_nodes; i++) {
        char data[96];
        paint_fill(&p, sk_color(nd[i].kind));
        p.cls = "sankey-node";
        sfmt(data, sizeof data, "data-layer=\"%d\" data-tonnes=\"%.0f\"",
             nd[i].layer, sk_value(&nd[i]));
        p.data = data;
        p.title = nd[i].label;
        c->ops->rect(c, nd[i].x, nd[i].y, SK_NODE_W, nd[i].h, &p);
    }
    c->ops->group(c, NULL);
    /* Labels last, over every band: beside the outer layers, above the
     * nodes in between. */
    c->ops->group(c, "sankey-labels");
    for (i = 0; i < g->n_nodes; i++) {
        struct text_style ts;
        memset(&ts, 0, sizeof ts);
        ts.size = FS;
        ts.color = COL_TEXT;
        ts.halo = 1;
        if (nd[i].layer == 0) {
            ts.anchor = TA_END;
            c->ops->text(c, nd[i].x - 4, nd[i].y + nd[i].h / 2 + 4,
                         sk_label(r, &nd[i], lw, lab, sizeof lab), &ts);
        } else if (nd[i].layer == L - 1) {
            ts.anchor = TA_START;
            c->ops->text(c, nd[i].x + SK_NODE_W + 4, nd[i].y + nd[i].h / 2 + 4,
                         sk_label(r, &nd[i], rw, lab, sizeof lab), &ts);
        } else {
            ts.anchor = TA_MIDDLE;
            ts.bold = 1;
            c->ops->text(c, nd[i].x + SK_NODE_W / 2, nd[i].y - 5,
                         sk_label(r, &nd[i], 220, lab, sizeof lab), &ts);
        }
    }
    c->ops->group(c, NULL);
}

/* ------------------------------------------------------------------ */
/* Dispatch                                                             */
/* ------------------------------------------------------------------ */

double chart_height(const struct report *r, enum chart_kind k)
{
    const struct rtable *t;

    switch (k) {
    case CH_MAP_STATUS:
    case CH_MAP_FLOWS:
        return map_chart_height(r, k);
    case CH_BALANCE:
        return hbars_height(data_rows(report_table(r, "balance")), 2, 1);
    case CH_BALANCE_PERIODS:
        return 266;
    case CH_INDICATORS:
        return 24 + 2 * 190;
    case CH_SANKEY:
        return sankey_height(r);
    case CH_STORAGE:
        return 260;
    case CH_SCEN_COST:
    case CH_SCEN_CO2:
    case CH_SCEN_REUSE:
    case CH_SCEN_LANDFILLED:
        t = report_table(r, "scenarios");
        return hbars_height(t ? t->n_rows : 0, 1, 0);
    case CH_TORNADO:
    case CH_TORNADO_CO2:
        t = report_table(r, "tornado");
        return 28 + (t ? t->n_rows : 0) * 34 + 42;
    default:
        return 100;
    }
}

void chart_draw(const struct report *r, enum chart_kind k, struct canvas *c)
{
    char label[256];
    struct arena a;

    if ((unsigned)k >= CH_COUNT)
        return;
    /* Scratch memory of one drawing. */
    arena_init(&a, 16 * 1024);
    sfmt(label, sizeof label, "%s", tr(r, charts[k].title));
    c->ops->begin(c, charts[k].id, CHART_W, chart_height(r, k), label);
    switch (k) {
    case CH_MAP_STATUS:
    case CH_MAP_FLOWS:
        map_chart_draw(r, k, c);
        break;
    case CH_BALANCE:
        balance_draw(r, c, &a);
        break;
    case CH_BALANCE_PERIODS:
        balance_periods_draw(r, c, &a);
        break;
    case CH_INDICATORS:
        indicators_draw(r, c, &a);
        break;
    case CH_SANKEY:
        sankey_draw(r, c, &a);
        break;
    case CH_STORAGE:
        storage_draw(r, c, &a);
        break;
    case CH_SCEN_COST:
        scenarios_draw(r, c, &a, "cost_mnok", 1, 0, S_P_COST);
        break;
    case CH_SCEN_CO2:
        scenarios_draw(r, c, &a, "co2e_kt", 1, 1, S_P_CO2);
        break;
    case CH_SCEN_REUSE:
        scenarios_draw(r, c, &a, "reuse_rate", 100, 1, S_P_REUSE);
        break;
    case CH_SCEN_LANDFILLED:
        scenarios_draw(r, c, &a, "landfilled_kt", 1, 0, S_P_LANDFILLED);
        break;
    case CH_TORNADO:
        tornado_draw(r, c, 0);
        break;
    case CH_TORNADO_CO2:
        tornado_draw(r, c, 1);
        break;
    default:
        break;
    }
    c->ops->end(c);
    arena_free(&a);
}
