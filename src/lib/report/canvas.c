/*
 * canvas.c - the small drawing interface the report's charts and maps
 * are written against (report_int.h), and its SVG backend. cairo.c has
 * the other backend, so a chart is drawn by one function for both the
 * HTML and the cairo PDF.
 *
 * Numbers go out with one decimal: at the report's 680-unit width that is
 * finer than print resolution and keeps the SVG small.
 */
#include "report/report_int.h"

#include "masseflyt/error.h"

#include <math.h>
#include <string.h>

/* ------------------------------------------------------------------ */
/* Text width                                                           */
/* ------------------------------------------------------------------ */

/* Advance widths of DejaVu Sans in em, by character class. */
static double advance(unsigned c)
{
    int ascii = c > 0 && c < 128;

    if (c == ' ' || c == 0xA0)
        return 0.318;
    if (c >= '0' && c <= '9')
        return 0.636;
    if (ascii && strchr("iljI.,:;'|!", (int)c))
        return 0.28;
    if (ascii && strchr("ftr()[]-/", (int)c))
        return 0.39;
    if (ascii && strchr("mwMW", (int)c))
        return 0.92;
    if (c >= 'A' && c <= 'Z')
        return 0.70;
    if (c >= 'a' && c <= 'z')
        return 0.60;
    if (c == 0x2212 || c == 0x2013 || c == '+' || c == '=')
        return 0.84;
    if (c == 0xE6 || c == 0xC6)
        return 0.98;
    return 0.62;
}

double text_width(const char *s, double size)
{
    const unsigned char *p = (const unsigned char *)s;
    double w = 0;

    while (p && *p) {
        unsigned c = *p;
        size_t k = 1;
        if (c >= 0xF0) {
            k = 4;
            c = 0x10000;
        } else if (c >= 0xE0 && p[1] && p[2]) {
            k = 3;
            c = ((c & 0x0Fu) << 12) | ((p[1] & 0x3Fu) << 6) | (p[2] & 0x3Fu);
        } else if (c >= 0xC0 && p[1]) {
            k = 2;
            c = ((c & 0x1Fu) << 6) | (p[1] & 0x3Fu);
        }
        w += advance(c);
        while (k-- && *p)
            p++;
    }
    return w * size;
}

void cv_line(struct canvas *c, double x0, double y0, double x1, double y1,
             uint32_t color, double w, int dash)
{
    struct path_cmd cmd[2];
    struct paint p;

    memset(cmd, 0, sizeof cmd);
    memset(&p, 0, sizeof p);
    cmd[0].op = 'M';
    cmd[0].x = x0;
    cmd[0].y = y0;
    cmd[1].op = 'L';
    cmd[1].x = x1;
    cmd[1].y = y1;
    p.fill = PAINT_NONE;
    p.stroke = color;
    p.stroke_w = w;
    p.dash = dash;
    c->ops->path(c, cmd, 2, 0, &p);
}

void cv_text(struct canvas *c, double x, double y, const char *s, double size,
             enum text_anchor a, uint32_t color, int bold)
{
    struct text_style ts;

    memset(&ts, 0, sizeof ts);
    ts.size = size;
    ts.anchor = a;
    ts.color = color;
    ts.bold = bold;
    c->ops->text(c, x, y, s, &ts);
}

/* ------------------------------------------------------------------ */
/* SVG                                                                  */
/* ------------------------------------------------------------------ */

static struct buf *B(struct canvas *c)
{
    return c->ctx;
}

static void chk(struct canvas *c, int rc)
{
    if (rc && !c->rc)
        c->rc = rc;
}

/* A number with at most one decimal and no trailing ".0". */
static void num(struct canvas *c, double v)
{
    double r = round(v * 10) / 10;

    if (r == 0)
        r = 0; /* no "-0" */
    if (r == floor(r))
        chk(c, buf_printf(B(c), "%.0f", r));
    else
        chk(c, buf_printf(B(c), "%.1f", r));
}

static void color(struct canvas *c, uint32_t rgb)
{
    if (rgb == PAINT_NONE)
        chk(c, buf_puts(B(c), "none"));
    else
        chk(c, buf_printf(B(c), "#%06x", (unsigned)(rgb & 0xFFFFFFu)));
}

static void paint_attrs(struct canvas *c, const struct paint *p)
{
    if (p->cls) {
        chk(c, buf_puts(B(c), " class=\""));
        chk(c, buf_escape(B(c), p->cls));
        chk(c, buf_putc(B(c), '"'));
    }
    chk(c, buf_puts(B(c), " fill=\""));
    color(c, p->fill);
    chk(c, buf_putc(B(c), '"'));
    if (p->opacity > 0 && p->opacity < 1 && p->fill != PAINT_NONE)
        chk(c, buf_printf(B(c), " fill-opacity=\"%.2f\"", p->opacity));
    if (p->stroke != PAINT_NONE && p->stroke_w > 0) {
        chk(c, buf_puts(B(c), " stroke=\""));
        color(c, p->stroke);
        chk(c, buf_puts(B(c), "\" stroke-width=\""));
        num(c, p->stroke_w);
        chk(c, buf_putc(B(c), '"'));
        if (p->dash)
            chk(c, buf_puts(B(c), " stroke-dasharray=\"4 3\""));
    }
    if (p->data) {
        chk(c, buf_putc(B(c), ' '));
        chk(c, buf_puts(B(c), p->data));
    }
}

/* Closes the element, with a tooltip when there is one. */
static void close_el(struct canvas *c, const char *name, const struct paint *p)
{
    if (p->title) {
        chk(c, buf_puts(B(c), "><title>"));
        chk(c, buf_escape(B(c), p->title));
        chk(c, buf_printf(B(c), "</title></%s>\n", name));
    } else {
        chk(c, buf_puts(B(c), "/>\n"));
    }
}

static void svg_begin(struct canvas *c, const char *id, double w, double h,
                      const char *label)
{
    chk(c, buf_puts(B(c), "<svg xmlns=\"http://www.w3.org/2000/svg\" id=\""));
    chk(c, buf_escape(B(c), id));
    chk(c, buf_puts(B(c), "\" viewBox=\"0 0 "));
    num(c, w);
    chk(c, buf_putc(B(c), ' '));
    num(c, h);
    chk(c, buf_puts(B(c), "\" width=\""));
    num(c, w);
    chk(c, buf_puts(B(c), "\" height=\""));
    num(c, h);
    chk(c, buf_puts(B(c), "\" role=\"img\" aria-label=\""));
    chk(c, buf_escape(B(c), label ? label : ""));
    chk(c, buf_puts(B(c), "\" font-family=\"DejaVu Sans, Verdana, sans-serif"
                          "\">\n<title>"));
    chk(c, buf_escape(B(c), label ? label : ""));
    chk(c, buf_puts(B(c), "</title>\n"));
}

static void svg_end(struct canvas *c)
{
    chk(c, buf_puts(B(c), "</svg>\n"));
}

static void svg_group(struct canvas *c, const char *cls)
{
    if (!cls) {
        chk(c, buf_puts(B(c), "</g>\n"));
        return;
    }
    chk(c, buf_puts(B(c), "<g class=\""));
    chk(c, buf_escape(B(c), cls));
    chk(c, buf_puts(B(c), "\">\n"));
}

static void svg_rect(struct canvas *c, double x, double y, double w, double h,
                     const struct paint *p)
{
    chk(c, buf_puts(B(c), "<rect x=\""));
    num(c, x);
    chk(c, buf_puts(B(c), "\" y=\""));
    num(c, y);
    chk(c, buf_puts(B(c), "\" width=\""));
    num(c, w > 0 ? w : 0);
    chk(c, buf_puts(B(c), "\" height=\""));
    num(c, h > 0 ? h : 0);
    chk(c, buf_putc(B(c), '"'));
    paint_attrs(c, p);
    close_el(c, "rect", p);
}

static void svg_circle(struct canvas *c, double cx, double cy, double r,
                       const struct paint *p)
{
    chk(c, buf_puts(B(c), "<circle cx=\""));
    num(c, cx);
    chk(c, buf_puts(B(c), "\" cy=\""));
    num(c, cy);
    chk(c, buf_puts(B(c), "\" r=\""));
    num(c, r);
    chk(c, buf_putc(B(c), '"'));
    paint_attrs(c, p);
    close_el(c, "circle", p);
}

static void svg_path(struct canvas *c, const struct path_cmd *cmd, int n,
                     int evenodd, const struct paint *p)
{
    int i;

    chk(c, buf_puts(B(c), "<path d=\""));
    for (i = 0; i < n; i++) {
        const struct path_cmd *k = &cmd[i];
        chk(c, buf_putc(B(c), k->op));
        if (k->op == 'Z')
            continue;
        if (k->op == 'C') {
            num(c, k->x1);
            chk(c, buf_putc(B(c), ' '));
            num(c, k->y1);
            chk(c, buf_putc(B(c), ' '));
            num(c, k->x2);
            chk(c, buf_putc(B(c), ' '));
            num(c, k->y2);
            chk(c, buf_putc(B(c), ' '));
        }
        num(c, k->x);
        chk(c, buf_putc(B(c), ' '));
        num(c, k->y);
    }
    chk(c, buf_putc(B(c), '"'));
    if (evenodd)
        chk(c, buf_puts(B(c), " fill-rule=\"evenodd\""));
    if (p->fill == PAINT_NONE)
        chk(c, buf_puts(B(c), " stroke-linecap=\"round\""));
    paint_attrs(c, p);
    close_el(c, "path", p);
}

static void svg_text(struct canvas *c, double x, double y, const char *s,
                     const struct text_style *ts)
{
    static const char *const anchors[] = {"start", "middle", "end"};

    if (ts->halo && ts->rotate == 0) {
        /* A pale box behind the text keeps it readable over lines and
         * bands. (A white outline, paint-order="stroke", would do too,
         * but Chromium prints stroked text as Type 3 fonts, which makes
         * the PDF several times larger.) */
        double w = text_width(s, ts->size) + 4;
        double x0 = ts->anchor == TA_END      ? x - w + 2
                    : ts->anchor == TA_MIDDLE ? x - w / 2
                                              : x - 2;
        chk(c, buf_puts(B(c), "<rect x=\""));
        num(c, x0);
        chk(c, buf_puts(B(c), "\" y=\""));
        num(c, y - ts->size * 0.9);
        chk(c, buf_puts(B(c), "\" width=\""));
        num(c, w);
        chk(c, buf_puts(B(c), "\" height=\""));
        num(c, ts->size * 1.2);
        chk(c, buf_puts(B(c), "\" rx=\"2\" fill=\"#fff\" "
                              "fill-opacity=\"0.75\"/>\n"));
    }
    chk(c, buf_puts(B(c), "<text x=\""));
    num(c, x);
    chk(c, buf_puts(B(c), "\" y=\""));
    num(c, y);
    chk(c, buf_puts(B(c), "\" font-size=\""));
    num(c, ts->size);
    chk(c, buf_putc(B(c), '"'));
    if (ts->anchor != TA_START)
        chk(c, buf_printf(B(c), " text-anchor=\"%s\"", anchors[ts->anchor]));
    if (ts->bold)
        chk(c, buf_puts(B(c), " font-weight=\"bold\""));
    if (ts->color != COL_BLACK) {
        chk(c, buf_puts(B(c), " fill=\""));
        color(c, ts->color);
        chk(c, buf_putc(B(c), '"'));
    }

    if (ts->rotate != 0) {
        chk(c, buf_puts(B(c), " transform=\"rotate("));
        num(c, ts->rotate);
        chk(c, buf_putc(B(c), ' '));
        num(c, x);
        chk(c, buf_putc(B(c), ' '));
        num(c, y);
        chk(c, buf_puts(B(c), ")\""));
    }
    chk(c, buf_putc(B(c), '>'));
    chk(c, buf_escape(B(c), s ? s : ""));
    chk(c, buf_puts(B(c), "</text>\n"));
}

static const struct canvas_ops svg_ops = {
    svg_begin, svg_end, svg_group, svg_rect, svg_circle, svg_path, svg_text};

void canvas_svg(struct canvas *c, struct buf *b)
{
    c->ops = &svg_ops;
    c->rc = 0;
    c->ctx = b;
}
