/*
 * cairo.c - the PDF report drawn with cairo, for machines without
 * Chromium (pdf.c decides). It lays out the same document blocks as
 * html.c on A4 pages: a title page with the key figures and the contents
 * (with page numbers), each stage from a new page, tables with wrapped
 * cells and their header repeated after a page break, and the charts and
 * maps redrawn through a cairo backend of the report's canvas
 * (report_int.h), so they are the very drawings of the HTML report.
 *
 * Text uses DejaVu Sans through cairo's toy font API (fontconfig finds
 * it; fonts-dejavu-core). Layout runs twice: a dry run that only
 * measures and notes the page each section starts on, then the drawing.
 */
#include "report/report_int.h"

#include <cairo-pdf.h>
#include <cairo.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PAGE_W 595.2756
#define PAGE_H 841.8898
#define MARGIN_X 40.0
#define MARGIN_TOP 46.0
#define MARGIN_BOTTOM 52.0
#define CONTENT_W (PAGE_W - 2 * MARGIN_X)
#define FONT "DejaVu Sans"

#define MAX_SECTIONS 16

struct lay {
    const struct report *r;
    cairo_t *cr;
    int dry;
    int page; /* 1-based */
    double y;
    int section_page[MAX_SECTIONS];
    int n_sections;
    char why[200]; /* what failed, for the error message */
    int oom;       /* memory ran out on the way */
};

static double bottom(void)
{
    return PAGE_H - MARGIN_BOTTOM;
}

static void set_font(cairo_t *cr, double size, int bold)
{
    cairo_select_font_face(cr, FONT, CAIRO_FONT_SLANT_NORMAL,
                           bold ? CAIRO_FONT_WEIGHT_BOLD
                                : CAIRO_FONT_WEIGHT_NORMAL);
    cairo_set_font_size(cr, size);
}

static double measure(cairo_t *cr, const char *s)
{
    cairo_text_extents_t e;

    cairo_text_extents(cr, s, &e);
    return e.x_advance;
}

static void rgb(cairo_t *cr, uint32_t c)
{
    cairo_set_source_rgb(cr, ((c >> 16) & 0xFF) / 255.0,
                         ((c >> 8) & 0xFF) / 255.0, (c & 0xFF) / 255.0);
}

static void footer(struct lay *L)
{
    char b[160];

    if (L->dry || L->page <= 1)
        return;
    set_font(L->cr, 7, 0);
    rgb(L->cr, 0x777777u);
    sfmt(b, sizeof b, "%s \xe2\x80\x94 %d", tr(L->r, S_REPORT), L->page);
    cairo_move_to(L->cr, PAGE_W / 2 - measure(L->cr, b) / 2,
                  PAGE_H - MARGIN_BOTTOM / 2);
    cairo_show_text(L->cr, b);
}

static void new_page(struct lay *L)
{
    footer(L);
    if (!L->dry)
        cairo_show_page(L->cr);
    L->page++;
    L->y = MARGIN_TOP;
}

/* Starts a new page unless h more points fit on this one. */
static void ensure(struct lay *L, double h)
{
    if (L->y + h > bottom() && L->y > MARGIN_TOP + 1)
        new_page(L);
}

/* ------------------------------------------------------------------ */
/* Wrapped text                                                         */
/* ------------------------------------------------------------------ */

/* Splits s into lines no wider than w at the current font; calls emit
 * for each (a copy of at most 1023 bytes). Returns the number of lines. */
static int wrap(cairo_t *cr, const char *s, double w,
                void (*emit)(void *ctx, const char *line), void *ctx)
{
    char line[1024], word[1024], trial[2100];
    int n = 0;
    const char *p = s ? s : "";

    line[0] = '\0';
    while (*p) {
        size_t k = strcspn(p, " \n");
        int nl = p[k] == '\n';
        sfmt(word, sizeof word, "%.*s", (int)(k < 1023 ? k : 1023), p);
        sfmt(trial, sizeof trial, "%s%s%s", line, line[0] ? " " : "", word);
        if (line[0] && measure(cr, trial) > w) {
            if (emit)
                emit(ctx, line);
            n++;
            sfmt(line, sizeof line, "%s", word);
        } else {
            sfmt(line, sizeof line, "%s", trial);
        }
        /* A word wider than the line is broken between characters. */
        while (measure(cr, line) > w && strlen(line) > 1) {
            size_t cut = strlen(line);
            char head[1024];
            do {
                do
                    cut--;
                while (cut > 0 && ((unsigned char)line[cut] & 0xC0) == 0x80);
                sfmt(head, sizeof head, "%.*s", (int)cut, line);
            } while (cut > 1 && measure(cr, head) > w);
            if (cut == 0)
                break;
            if (emit)
                emit(ctx, head);
            n++;
            memmove(line, line + cut, strlen(line + cut) + 1);
        }
        p += k;
        if (*p)
            p++;
        if (nl && line[0]) {
            if (emit)
                emit(ctx, line);
            n++;
            line[0] = '\0';
        }
    }
    if (line[0] || n == 0) {
        if (emit)
            emit(ctx, line);
        n++;
    }
    return n;
}

struct emit_at {
    struct lay *L;
    double x, lh;
    double *y;
};

static void emit_line(void *ctx, const char *line)
{
    struct emit_at *e = ctx;

    if (!e->L->dry) {
        cairo_move_to(e->L->cr, e->x, *e->y + e->lh * 0.75);
        cairo_show_text(e->L->cr, line);
    }
    *e->y += e->lh;
}

/* A paragraph at the cursor, breaking pages between lines. */
static void para(struct lay *L, const char *s, double size, int bold,
                 uint32_t color, double indent, double after)
{
    double lh = size * 1.35, w = CONTENT_W - indent;
    struct emit_at e;
    int n;

    set_font(L->cr, size, bold);
    n = wrap(L->cr, s, w, NULL, NULL);
    /* Short paragraphs stay together; long ones may break. */
    ensure(L, n <= 4 ? n * lh : 2 * lh);
    rgb(L->cr, color);
    if (n <= 4 || L->y + n * lh <= bottom()) {
        e.L = L;
        e.x = MARGIN_X + indent;
        e.lh = lh;
        e.y = &L->y;
        wrap(L->cr, s, w, emit_line, &e);
    } else {
        /* Line by line, so it can run onto the next page. */
        char *copy = strdup(s), *q;
        if (!copy) {
            L->oom = 1;
            return;
        }
        q = copy;
        while (*q) {
            char line[1024];
            size_t k = 0;
            /* Take words while they fit. */
            line[0] = '\0';
            while (q[k]) {
                size_t wl = strcspn(q + k, " ");
                char t[1024];
                sfmt(t, sizeof t, "%.*s", (int)(k + wl), q);
                if (k > 0 && measure(L->cr, t) > w)
                    break;
                sfmt(line, sizeof line, "%s", t);
                k += wl;
                if (q[k] == ' ')
                    k++;
                if (k >= 1000)
                    break;
            }
            if (k == 0)
                k = strlen(q);
            ensure(L, lh);
            rgb(L->cr, color);
            if (!L->dry) {
                set_font(L->cr, size, bold);
                cairo_move_to(L->cr, MARGIN_X + indent, L->y + lh * 0.75);
                cairo_show_text(L->cr, line);
            }
            L->y += lh;
            q += k;
        }
        free(copy);
    }
    L->y += after;
}

/* ------------------------------------------------------------------ */
/* The canvas on cairo                                                  */
/* ------------------------------------------------------------------ */

struct cc {
    cairo_t *cr;
};

static void set_paint_fill(cairo_t *cr, const struct paint *p)
{
    double a = p->opacity > 0 && p->opacity < 1 ? p->opacity : 1;

    cairo_set_source_rgba(cr, ((p->fill >> 16) & 0xFF) / 255.0,
                          ((p->fill >> 8) & 0xFF) / 255.0,
                          (p->fill & 0xFF) / 255.0, a);
}

static void finish_shape(cairo_t *cr, const struct paint *p)
{
    if (p->fill != PAINT_NONE) {
        set_paint_fill(cr, p);
        if (p->stroke != PAINT_NONE && p->stroke_w > 0)
            cairo_fill_preserve(cr);
        else
            cairo_fill(cr);
    }
    if (p->stroke != PAINT_NONE && p->stroke_w > 0) {
        static const double dash[] = {4, 3};
        rgb(cr, p->stroke);
        cairo_set_line_width(cr, p->stroke_w);
        cairo_set_dash(cr, dash, p->dash ? 2 : 0, 0);
        cairo_stroke(cr);
        cairo_set_dash(cr, dash, 0, 0);
    }
    cairo_new_path(cr);
}

static void cc_begin(struct canvas *c, const char *id, double w, double h,
                     const char *label)
{
    (void)c;
    (void)id;
    (void)w;
    (void)h;
    (void)label;
}

static void cc_end(struct canvas *c)
{
    (void)c;
}

static void cc_group(struct canvas *c, const char *cls)
{
    (void)c;
    (void)cls;
}

static void cc_rect(struct canvas *c, double x, double y, double w, double h,
                    const struct paint *p)
{
    cairo_t *cr = ((struct cc *)c->ctx)->cr;

    cairo_rectangle(cr, x, y, w > 0 ? w : 0, h > 0 ? h : 0);
    finish_shape(cr, p);
}

static void cc_circle(struct canvas *c, double cx, double cy, double r,
                      const struct paint *p)
{
    cairo_t *cr = ((struct cc *)c->ctx)->cr;

    cairo_new_sub_path(cr);
    cairo_arc(cr, cx, cy, r, 0, 2 * M_PI);
    finish_shape(cr, p);
}

static void cc_path(struct canvas *c, const struct path_cmd *cmd, int n,
                    int evenodd, const struct paint *p)
{
    cairo_t *cr = ((struct cc *)c->ctx)->cr;
    int i;

    cairo_set_fill_rule(cr, evenodd ? CAIRO_FILL_RULE_EVEN_ODD
                                    : CAIRO_FILL_RULE_WINDING);
    cairo_set_line_cap(cr, p->fill == PAINT_NONE ? CAIRO_LINE_CAP_ROUND
                                                 : CAIRO_LINE_CAP_BUTT);
    cairo_set_line_join(cr, CAIRO_LINE_JOIN_ROUND);
    for (i = 0; i < n; i++) {
        const struct path_cmd *k = &cmd[i];
        switch (k->op) {
        case 'M':
            cairo_move_to(cr, k->x, k->y);
            break;
        case 'L':
            cairo_line_to(cr, k->x, k->y);
            break;
        case 'C':
            cairo_curve_to(cr, k->x1, k->y1, k->x2, k->y2, k->x, k->y);
            break;
        case 'Z':
            cairo_close_path(cr);
            break;
        default:
            break;
        }
    }
    finish_shape(cr, p);
    cairo_set_fill_rule(cr, CAIRO_FILL_RULE_WINDING);
}

static void cc_text(struct canvas *c, double x, double y, const char *s,
                    const struct text_style *ts)
{
    cairo_t *cr = ((struct cc *)c->ctx)->cr;
    double w;

    if (!s || !*s)
        return;
    cairo_save(cr);
    set_font(cr, ts->size, ts->bold);
    w = measure(cr, s);
    cairo_translate(cr, x, y);
    if (ts->rotate != 0)
        cairo_rotate(cr, ts->rotate * M_PI / 180);
    cairo_move_to(cr,
                  ts->anchor == TA_END      ? -w
                  : ts->anchor == TA_MIDDLE ? -w / 2
                                            : 0,
                  0);
    if (ts->halo) {
        /* The same pale box as the SVG backend draws. */
        double bw = text_width(s, ts->size) + 4;
        double bx = ts->anchor == TA_END      ? -bw + 2
                    : ts->anchor == TA_MIDDLE ? -bw / 2
                                              : -2;
        cairo_new_path(cr);
        cairo_rectangle(cr, bx, -ts->size * 0.9, bw, ts->size * 1.2);
        cairo_set_source_rgba(cr, 1, 1, 1, 0.75);
        cairo_fill(cr);
        cairo_move_to(cr,
                      ts->anchor == TA_END      ? -w
                      : ts->anchor == TA_MIDDLE ? -w / 2
                                                : 0,
                      0);
    }
    rgb(cr, ts->color);
    cairo_show_text(cr, s);
    cairo_restore(cr);
}

static const struct canvas_ops cairo_ops = {
    cc_begin, cc_end, cc_group, cc_rect, cc_circle, cc_path, cc_text};

/* ------------------------------------------------------------------ */
/* Blocks                                                               */
/* ------------------------------------------------------------------ */

static int chart(struct lay *L, const struct block *b)
{
    double k = CONTENT_W / CHART_W, h = chart_height(L->r, b->chart) * k;
    struct canvas c;
    struct cc ctx;

    ensure(L, h + 24);
    if (!L->dry) {
        ctx.cr = L->cr;
        c.ops = &cairo_ops;
        c.rc = 0;
        c.ctx = &ctx;
        cairo_save(L->cr);
        cairo_translate(L->cr, MARGIN_X, L->y);
        cairo_scale(L->cr, k, k);
        cairo_rectangle(L->cr, 0, 0, CHART_W, chart_height(L->r, b->chart));
        cairo_clip(L->cr);
        chart_draw(L->r, b->chart, &c);
        cairo_restore(L->cr);
        if (c.rc)
            return c.rc;
        if (cairo_status(L->cr) != CAIRO_STATUS_SUCCESS) {
            sfmt(L->why, sizeof L->why, "drawing %s: %s", chart_id(b->chart),
                 cairo_status_to_string(cairo_status(L->cr)));
            return MF_ERR;
        }
    }
    L->y += h + 3;
    para(L, b->text, 7.5, 0, 0x555555u, 0, 8);
    return MF_OK;
}

/* A table: visible columns sized to their content, text wrapped. */
struct tcol {
    int j;
    double w;
    int num;
};

static double cell_lines(cairo_t *cr, const char *s, double w)
{
    return wrap(cr, s, w, NULL, NULL);
}

static void draw_cell(struct lay *L, const char *s, double x, double y,
                      double w, double lh, int num, int badge)
{
    struct emit_at e;
    double yy = y;

    if (L->dry || !s || !*s)
        return;
    if (num) {
        cairo_move_to(L->cr, x + w - 3 - measure(L->cr, s), y + lh * 0.75);
        cairo_show_text(L->cr, s);
        return;
    }
    if (badge) {
        cairo_save(L->cr);
        rgb(L->cr, COL_ORANGE);
        cairo_rectangle(L->cr, x + 2, y + 0.5, measure(L->cr, s) + 4, lh - 0.5);
        cairo_fill(L->cr);
        cairo_restore(L->cr);
        cairo_move_to(L->cr, x + 4, y + lh * 0.75);
        cairo_show_text(L->cr, s);
        return;
    }
    e.L = L;
    e.x = x + 3;
    e.lh = lh;
    e.y = &yy;
    wrap(L->cr, s, w - 6, emit_line, &e);
}

struct lines {
    char l[4][256];
    int n;
};

static void collect_line(void *ctx, const char *line)
{
    struct lines *ls = ctx;

    if (ls->n < 4)
        sfmt(ls->l[ls->n++], sizeof ls->l[0], "%s", line);
}

static void table_header(struct lay *L, const struct rtable *t,
                         const struct tcol *tc, int n, double fs, double hh)
{
    double x = MARGIN_X, lh = fs * 1.3;
    int i;

    if (!L->dry) {
        rgb(L->cr, 0xF2F2F2u);
        cairo_rectangle(L->cr, MARGIN_X, L->y, CONTENT_W, hh);
        cairo_fill(L->cr);
        rgb(L->cr, 0x444444u);
        cairo_set_line_width(L->cr, 1);
        cairo_move_to(L->cr, MARGIN_X, L->y + hh);
        cairo_line_to(L->cr, MARGIN_X + CONTENT_W, L->y + hh);
        cairo_stroke(L->cr);
    }
    set_font(L->cr, fs, 1);
    rgb(L->cr, COL_TEXT);
    for (i = 0; i < n; i++) {
        const char *h = t->cols[tc[i].j].head;
        if (tc[i].num && !L->dry) {
            /* Right-aligned headings of number columns, wrapped. */
            struct lines ls;
            int m;
            ls.n = 0;
            wrap(L->cr, h, tc[i].w - 6, collect_line, &ls);
            for (m = 0; m < ls.n; m++) {
                cairo_move_to(L->cr, x + tc[i].w - 3 - measure(L->cr, ls.l[m]),
                              L->y + 2 + m * lh + lh * 0.75);
                cairo_show_text(L->cr, ls.l[m]);
            }
        } else {
            draw_cell(L, h, x, L->y + 2, tc[i].w, lh, 0, 0);
        }
        x += tc[i].w;
    }
    L->y += hh;
}

/* The width of the widest word of s at the current font. */
static double longest_word(cairo_t *cr, const char *s)
{
    double w = 0;

    while (s && *s) {
        size_t wl = strcspn(s, " ");
        char word[256];
        sfmt(word, sizeof word, "%.*s", (int)wl, s);
        w = fmax(w, measure(cr, word));
        s += wl;
        while (*s == ' ')
            s++;
    }
    return w;
}

/* The text of a sub-row ("Source: ..."), malloc'ed; NULL when the cell
 * has none. */
static char *sub_text(struct lay *L, const struct rtable *t, int i, int j)
{
    const struct rcell *c = rt_cell(t, i, j);
    size_t len;
    char *text;

    if (!(t->cols[j].flags & COL_WIDE) || (t->cols[j].flags & COL_DATA) ||
        !c->text || !*c->text)
        return NULL;
    len = strlen(t->cols[j].head) + strlen(c->text) + 4;
    text = malloc(len);
    if (text)
        snprintf(text, len, "%s: %s", t->cols[j].head, c->text);
    else
        L->oom = 1;
    return text;
}

/* The height of row i's sub-rows. */
static double sub_height(struct lay *L, const struct rtable *t, int i,
                         double fs)
{
    double h = 0;
    int j;

    set_font(L->cr, fs, 0);
    for (j = 0; j < t->n_cols; j++) {
        char *text = sub_text(L, t, i, j);
        if (!text)
            continue;
        h += wrap(L->cr, text, CONTENT_W - 12, NULL, NULL) * fs * 1.3 + 3;
        free(text);
    }
    return h;
}

/* A long text (source, message) on a row of its own under its row. */
static void sub_row(struct lay *L, const struct rtable *t, int i, int j,
                    double fs)
{
    double lh = fs * 1.3, h, yy;
    char *text = sub_text(L, t, i, j);
    struct emit_at e;

    if (!text)
        return;
    set_font(L->cr, fs, 0);
    h = wrap(L->cr, text, CONTENT_W - 12, NULL, NULL) * lh + 3;
    if (L->y + h > bottom())
        new_page(L);
    if (!L->dry) {
        if (t->flags[i] & ROW_ESTIMATE) {
            rgb(L->cr, 0xFFF7E6u);
            cairo_rectangle(L->cr, MARGIN_X, L->y, CONTENT_W, h);
            cairo_fill(L->cr);
        }
        rgb(L->cr, 0xDDDDDDu);
        cairo_set_line_width(L->cr, 0.5);
        cairo_move_to(L->cr, MARGIN_X, L->y + h);
        cairo_line_to(L->cr, MARGIN_X + CONTENT_W, L->y + h);
        cairo_stroke(L->cr);
        rgb(L->cr, 0x444444u);
    }
    yy = L->y + 1;
    e.L = L;
    e.x = MARGIN_X + 9;
    e.lh = lh;
    e.y = &yy;
    wrap(L->cr, text, CONTENT_W - 12, emit_line, &e);
    L->y += h;
    free(text);
}

static void table(struct lay *L, const struct rtable *t)
{
    const struct report *r = L->r;
    struct tcol *tc = calloc((size_t)t->n_cols + 1, sizeof *tc);
    double nat_sum = 0, least_sum = 0, fs, lh, hh = 0, *nat, *least;
    int n = 0, i, j, k, sub = rt_sub_rows(t);
    char buf[128];

    nat = calloc((size_t)t->n_cols + 1, sizeof *nat);
    least = calloc((size_t)t->n_cols + 1, sizeof *least);
    if (!tc || !nat || !least) {
        free(tc);
        free(nat);
        free(least);
        L->oom = 1;
        return;
    }
    for (j = 0; j < t->n_cols; j++)
        if (!(t->cols[j].flags & COL_DATA) &&
            !(sub && (t->cols[j].flags & COL_WIDE))) {
            tc[n].j = j;
            tc[n].num = t->cols[j].fmt != CF_TEXT;
            n++;
        }
    fs = n > 8 ? 6.3 : 7;
    lh = fs * 1.3;
    /* Natural widths (the widest cell or heading word) and least widths
     * (numbers do not wrap; text wraps, but not inside a word). */
    for (k = 0; k < n; k++) {
        const struct rcol *c = &t->cols[tc[k].j];
        double w, m;
        set_font(L->cr, fs, 1);
        m = longest_word(L->cr, c->head);
        set_font(L->cr, fs, 0);
        w = m;
        for (i = 0; i < t->n_rows; i++) {
            const char *s = rt_text(r, t, i, tc[k].j, buf, sizeof buf);
            if (!rt_shown(t, i))
                continue;
            w = fmax(w, measure(L->cr, s));
            if (tc[k].num)
                m = fmax(m, measure(L->cr, s));
            else
                m = fmax(m, fmin(longest_word(L->cr, s), CONTENT_W * 0.25));
        }
        w += 8;
        m += 8;
        if (c->flags & COL_WIDE)
            w = fmin(w, CONTENT_W);
        else if (!tc[k].num)
            w = fmin(w, CONTENT_W * 0.3);
        nat[k] = fmax(w, m);
        least[k] = m;
        nat_sum += nat[k];
        least_sum += m;
    }
    /* Fit the width: spare room goes to the wide columns, else to all;
     * too little is
     * taken from the text columns down to their least width; when even
     * that is too wide, everything shrinks. */
    {
        int n_wide = 0;
        for (k = 0; k < n; k++)
            n_wide += (t->cols[tc[k].j].flags & COL_WIDE) != 0;
        for (k = 0; k < n; k++) {
            int w = (t->cols[tc[k].j].flags & COL_WIDE) != 0;
            if (nat_sum <= CONTENT_W)
                tc[k].w = nat[k] + (n_wide == 0 ? (CONTENT_W - nat_sum) / n
                                    : w         ? (CONTENT_W - nat_sum) / n_wide
                                                : 0);
            else if (least_sum <= CONTENT_W)
                tc[k].w = least[k] + (nat[k] - least[k]) *
                                         (CONTENT_W - least_sum) /
                                         (nat_sum - least_sum);
            else
                tc[k].w = least[k] * CONTENT_W / least_sum;
        }
    }
    /* Heading height: the most lines any heading wraps to. */
    set_font(L->cr, fs, 1);
    for (k = 0; k < n; k++)
        hh = fmax(hh, cell_lines(L->cr, t->cols[tc[k].j].head, tc[k].w - 6));
    hh = hh * lh + 4;
    /* Caption and the heading and first row stay together. */
    set_font(L->cr, 8, 1);
    ensure(L, 8 * 1.35 * 2 + hh + 3 * lh);
    para(L, t->caption, 8, 1, COL_TEXT, 0, 2);
    table_header(L, t, tc, n, fs, hh);
    for (i = 0; i < t->n_rows; i++) {
        double rh = 1, x = MARGIN_X;
        int total = (t->flags[i] & ROW_TOTAL) != 0;
        if (!rt_shown(t, i))
            continue;
        set_font(L->cr, fs, total);
        for (k = 0; k < n; k++) {
            const char *s = rt_text(r, t, i, tc[k].j, buf, sizeof buf);
            if (!tc[k].num)
                rh = fmax(rh, cell_lines(L->cr, s, tc[k].w - 6));
        }
        rh = rh * lh + 3;
        /* A row and its sub-rows stay on one page. */
        if (L->y + rh + (sub ? sub_height(L, t, i, fs - 0.5) : 0) > bottom() &&
            L->y > MARGIN_TOP + hh + 1) {
            new_page(L);
            table_header(L, t, tc, n, fs, hh);
        }
        set_font(L->cr, fs, total);
        if (!L->dry && (t->flags[i] & ROW_ESTIMATE)) {
            rgb(L->cr, 0xFFF7E6u);
            cairo_rectangle(L->cr, MARGIN_X, L->y, CONTENT_W, rh);
            cairo_fill(L->cr);
        }
        if (!L->dry) {
            rgb(L->cr, total ? 0x444444u : 0xDDDDDDu);
            cairo_set_line_width(L->cr, total ? 1 : 0.5);
            cairo_move_to(L->cr, MARGIN_X, total ? L->y : L->y + rh);
            cairo_line_to(L->cr, MARGIN_X + CONTENT_W,
                          total ? L->y : L->y + rh);
            cairo_stroke(L->cr);
        }
        rgb(L->cr, COL_TEXT);
        for (k = 0; k < n; k++) {
            const struct rcol *c = &t->cols[tc[k].j];
            const char *s = rt_text(r, t, i, tc[k].j, buf, sizeof buf);
            int badge = !strcmp(c->key, "estimate") && s && *s;
            draw_cell(L, s, x, L->y + 1.5, tc[k].w, lh, tc[k].num, badge);
            rgb(L->cr, COL_TEXT);
            x += tc[k].w;
        }
        L->y += rh;
        for (j = 0; sub && j < t->n_cols; j++)
            sub_row(L, t, i, j, fs - 0.5);
    }
    L->y += 10;
    free(tc);
    free(nat);
    free(least);
}

static void toc(struct lay *L, const struct block *b)
{
    const struct report *r = L->r;
    int i, s = 0;

    para(L, b->text, 12, 1, 0x0B3C5Du, 0, 4);
    for (i = 0; i < r->n_blocks; i++) {
        const struct block *x = &r->blocks[i];
        char pg[16];
        if (x->kind != B_SECTION)
            continue;
        set_font(L->cr, 10, 0);
        if (!L->dry) {
            rgb(L->cr, COL_TEXT);
            cairo_move_to(L->cr, MARGIN_X + 8, L->y + 10);
            cairo_show_text(L->cr, x->text);
            sfmt(pg, sizeof pg, "%d",
                 s < L->n_sections ? L->section_page[s] : 0);
            cairo_move_to(L->cr, MARGIN_X + CONTENT_W - measure(L->cr, pg),
                          L->y + 10);
            cairo_show_text(L->cr, pg);
        }
        L->y += 16;
        s++;
    }
    L->y += 6;
}

/* How much room a heading needs below it: itself and the start of what
 * follows (a whole chart, or the top of a table or paragraph). */
static double keep_with(const struct lay *L, int i)
{
    const struct report *r = L->r;
    double need = 30;
    int k;

    for (k = i + 1; k < r->n_blocks && k <= i + 3; k++) {
        const struct block *b = &r->blocks[k];
        if (b->kind == B_CHART)
            return need + chart_height(r, b->chart) * CONTENT_W / CHART_W + 20;
        if (b->kind == B_TABLE)
            return need + 60;
        if (b->kind != B_P && b->kind != B_NOTE)
            break;
        need += 24;
    }
    return need + 40;
}

static int layout(struct lay *L)
{
    const struct report *r = L->r;
    int i, k, rc, sec = 0;

    L->page = 1;
    L->y = MARGIN_TOP;
    for (i = 0; i < r->n_blocks; i++) {
        const struct block *b = &r->blocks[i];
        switch (b->kind) {
        case B_TITLE:
            L->y = 130;
            if (strcmp(b->text, tr(r, S_KICKER)))
                para(L, tr(r, S_KICKER), 11, 0, 0x0B3C5Du, 0, 6);
            para(L, b->text, 26, 1, 0x0B3C5Du, 0, 6);
            para(L, b->text2, 14, 0, 0x444444u, 0, 24);
            break;
        case B_SECTION:
            new_page(L);
            if (sec < MAX_SECTIONS)
                L->section_page[sec] = L->page;
            sec++;
            para(L, b->text, 18, 1, 0x0B3C5Du, 0, 6);
            break;
        case B_SECTION_END:
            break;
        case B_H2:
            ensure(L, keep_with(L, i));
            L->y += 6;
            para(L, b->text, 12.5, 1, 0x0B3C5Du, 0, 3);
            break;
        case B_H3:
            ensure(L, keep_with(L, i) - 10);
            L->y += 4;
            para(L, b->text, 10.5, 1, COL_TEXT, 0, 2);
            break;
        case B_P:
            para(L, b->text, 9, 0, COL_TEXT, 0, 5);
            break;
        case B_NOTE:
            para(L, b->text, 7.5, 0, 0x555555u, 0, 4);
            break;
        case B_LIST:
            if (b->text) {
                char t[300];
                sfmt(t, sizeof t, "%s:", b->text);
                para(L, t, 7.5, 0, 0x555555u, 0, 2);
            }
            for (k = 0; k < b->n_items; k++) {
                char t[2048];
                sfmt(t, sizeof t, "\xe2\x80\xa2 %s", b->items[k]);
                para(L, t, 8.5, 0, COL_TEXT, 8, 1.5);
            }
            L->y += 5;
            break;
        case B_TABLE:
            table(L, b->table);
            break;
        case B_CHART:
            rc = chart(L, b);
            if (rc)
                return rc;
            break;
        case B_TOC:
            toc(L, b);
            break;
        }
    }
    L->n_sections = sec < MAX_SECTIONS ? sec : MAX_SECTIONS;
    footer(L);
    return L->oom ? MF_ENOMEM : MF_OK;
}

int report_cairo_pdf(const struct report *r, const char *path,
                     struct mf_error *err)
{
    cairo_surface_t *s = cairo_pdf_surface_create(path, PAGE_W, PAGE_H);
    struct lay L;
    int rc;

    if (cairo_surface_status(s) != CAIRO_STATUS_SUCCESS) {
        rc = mf_error_at(err, MF_EIO, path, "cannot create the PDF: %s",
                         cairo_status_to_string(cairo_surface_status(s)));
        cairo_surface_destroy(s);
        return rc;
    }
    cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_TITLE,
                                   r->in->title ? r->in->title
                                                : tr(r, S_REPORT));
    cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_CREATOR, "masseflyt");
    memset(&L, 0, sizeof L);
    L.r = r;
    L.cr = cairo_create(s);
    /* Measure first, so that the contents can name the pages. */
    L.dry = 1;
    rc = layout(&L);
    if (rc == MF_OK) {
        L.dry = 0;
        rc = layout(&L);
    }
    cairo_destroy(L.cr);
    cairo_surface_finish(s);
    if (rc == MF_OK && cairo_surface_status(s) != CAIRO_STATUS_SUCCESS)
        rc = mf_error_at(err, MF_EIO, path, "cannot write the PDF: %s",
                         cairo_status_to_string(cairo_surface_status(s)));
    else if (rc != MF_OK)
        mf_error_at(err, rc, path, "%s",
                    L.why[0] ? L.why : "out of memory drawing the PDF");
    cairo_surface_destroy(s);
    return rc;
}
