/*
 * html.c - mf_report_html: the report's document (build.c) as one
 * self-contained HTML5 file: inline CSS with print rules for A4, inline
 * SVG charts and maps (chart.c, map.c through canvas.c), no scripts and
 * nothing fetched from the network. The same file is what pdf.c hands to
 * Chromium to print.
 *
 * Every table and chart has a stable id ("table-balance",
 * "chart-sankey", "map-flows"); each stage is a <section> with the id
 * stage-1, stage-2, stage-3 or appendix.
 */
#include "masseflyt/report.h"

#include "report/report_int.h"
#include "util/assert.h"

#include <stdio.h>
#include <string.h>

/* An HTML report larger than this is refused rather than built. */
#define HTML_CAP ((size_t)512 * 1024 * 1024)

static const char css[] =
    "@page{size:A4;margin:15mm 13mm 16mm 13mm}\n"
    "html{font-family:\"DejaVu Sans\",Verdana,sans-serif;font-size:10pt;"
    "color:#222;background:#fff}\n"
    "body{margin:0 auto;max-width:184mm;line-height:1.4}\n"
    "h1{font-size:18pt;margin:0 0 .5em;color:#0b3c5d}\n"
    "h2{font-size:13pt;margin:1.3em 0 .4em;color:#0b3c5d;"
    "break-after:avoid}\n"
    "h3{font-size:11pt;margin:1em 0 .3em;break-after:avoid}\n"
    "p{margin:.4em 0}\n"
    ".title-page{break-after:page;padding-top:20mm}\n"
    ".title-page h1{font-size:26pt}\n"
    ".subtitle{font-size:14pt;color:#444;margin-bottom:2em}\n"
    ".stage{break-before:page}\n"
    ".note{font-size:8.5pt;color:#555}\n"
    "figure{margin:.8em 0 1em;break-inside:avoid}\n"
    "figure svg{width:100%;height:auto;display:block}\n"
    "figcaption{font-size:8.5pt;color:#555;margin-top:.3em}\n"
    "table.data{border-collapse:collapse;width:100%;font-size:8pt;"
    "margin:.6em 0 1.2em}\n"
    "caption{caption-side:top;text-align:left;font-weight:bold;"
    "font-size:9pt;padding-bottom:3px;break-after:avoid}\n"
    "th,td{border-bottom:1px solid #ddd;padding:2px 4px;text-align:left;"
    "vertical-align:top}\n"
    "th.num{white-space:normal}\n"
    "tr.main td{border-bottom:none}\n"
    "tr.sub td{font-size:7pt;color:#444;padding-top:0}\n"
    ".sub-label{font-weight:bold}\n"
    "thead{display:table-header-group;break-after:avoid}\n"
    "thead+tbody{break-before:avoid}\n"
    "thead th{border-bottom:1.5px solid #444;background:#f2f2f2}\n"
    "tr,tbody.record{break-inside:avoid}\n"
    ".num{text-align:right;white-space:nowrap;"
    "font-variant-numeric:tabular-nums}\n"
    "td.wide{font-size:7.5pt;overflow-wrap:anywhere;min-width:30%}\n"
    "tr.total td{font-weight:bold;border-top:1.5px solid #444}\n"
    "tr.estimate td{background:#fff7e6}\n"
    ".badge{display:inline-block;padding:0 4px;border-radius:3px;"
    "background:#E69F00;color:#000;font-size:7pt}\n"
    ".kicker{font-size:11pt;color:#0b3c5d;text-transform:uppercase;"
    "letter-spacing:.08em;margin:0 0 .4em}\n"
    "nav.toc ul{list-style:none;padding-left:0}\n"
    "nav.toc li{margin:.3em 0;font-size:11pt}\n"
    "nav.toc a{color:#0b3c5d;text-decoration:none}\n"
    "ul{margin:.3em 0 .8em;padding-left:1.2em}\n"
    "li{margin:.15em 0}\n"
    "@media screen{body{max-width:900px;padding:0 16px}"
    ".stage{border-top:3px solid #0b3c5d;margin-top:2em}}\n";

struct html {
    struct report *r;
    struct buf b;
    int rc;
    int in_header;
};

static void out(struct html *h, const char *s)
{
    if (!h->rc)
        h->rc = buf_puts(&h->b, s);
}

static void esc(struct html *h, const char *s)
{
    if (!h->rc)
        h->rc = buf_escape(&h->b, s ? s : "");
}

/* <tag attrs>text</tag> with the text escaped. */
static void el(struct html *h, const char *open, const char *text,
               const char *close)
{
    out(h, open);
    esc(h, text);
    out(h, close);
}

static int cell_is_num(const struct rtable *t, int i, int j)
{
    const struct rcell *c = rt_cell(t, i, j);

    return (c->fmt >= 0 ? c->fmt : (int)t->cols[j].fmt) != CF_TEXT;
}

static void td(struct html *h, const struct rtable *t, int i, int j)
{
    const struct rcol *c = &t->cols[j];
    const struct rcell *cell = rt_cell(t, i, j);
    char buf[128];

    if (cell_is_num(t, i, j))
        out(h, "<td class=\"num\">");
    else if (c->flags & COL_WIDE)
        out(h, "<td class=\"wide\">");
    else
        out(h, "<td>");
    if (!strcmp(c->key, "estimate") && cell->text && *cell->text)
        el(h, "<span class=\"badge\">", cell->text, "</span>");
    else
        esc(h, rt_text(h->r, t, i, j, buf, sizeof buf));
    out(h, "</td>");
}

/* A table. Data-only columns are left out; in tables with many columns
 * the long texts (sources, messages) get a row of their own under each
 * row, marked class="sub". */
static void table(struct html *h, const struct rtable *t)
{
    int i, j, sub = rt_sub_rows(t), n_vis = 0;
    char span[16];

    out(h, "<table class=\"data\" id=\"");
    esc(h, t->id);
    out(h, "\">\n");
    el(h, "<caption>", t->caption, "</caption>\n");
    out(h, "<thead><tr>");
    for (j = 0; j < t->n_cols; j++) {
        if ((t->cols[j].flags & COL_DATA) ||
            (sub && (t->cols[j].flags & COL_WIDE)))
            continue;
        n_vis++;
        out(h, t->cols[j].fmt == CF_TEXT ? "<th scope=\"col\">"
                                         : "<th scope=\"col\" class=\"num\">");
        esc(h, t->cols[j].head);
        out(h, "</th>");
    }
    /* With rows of their own for long texts, each record is a tbody of
     * its own, kept on one page. */
    out(h, sub ? "</tr></thead>\n" : "</tr></thead>\n<tbody>\n");
    snprintf(span, sizeof span, "%d", n_vis);
    for (i = 0; i < t->n_rows; i++) {
        const char *cls = t->flags[i] & ROW_TOTAL      ? "total"
                          : t->flags[i] & ROW_ESTIMATE ? "estimate"
                                                       : NULL;
        if (!rt_shown(t, i))
            continue;
        if (sub)
            out(h, "<tbody class=\"record\">\n");
        out(h, "<tr");
        if (cls || sub) {
            out(h, " class=\"");
            out(h, sub ? "main" : "");
            out(h, sub && cls ? " " : "");
            out(h, cls ? cls : "");
            out(h, "\"");
        }
        out(h, ">");
        for (j = 0; j < t->n_cols; j++)
            if (!(t->cols[j].flags & COL_DATA) &&
                !(sub && (t->cols[j].flags & COL_WIDE)))
                td(h, t, i, j);
        out(h, "</tr>\n");
        for (j = 0; sub && j < t->n_cols; j++) {
            const struct rcell *c = rt_cell(t, i, j);
            if (!(t->cols[j].flags & COL_WIDE) ||
                (t->cols[j].flags & COL_DATA) || !c->text || !*c->text)
                continue;
            out(h, "<tr class=\"sub");
            out(h, cls && !strcmp(cls, "estimate") ? " estimate" : "");
            out(h, "\"><td colspan=\"");
            out(h, span);
            out(h, "\" class=\"wide\">");
            el(h, "<span class=\"sub-label\">", t->cols[j].head, ":</span> ");
            esc(h, c->text);
            out(h, "</td></tr>\n");
        }
        if (sub)
            out(h, "</tbody>\n");
    }
    out(h, sub ? "</table>\n" : "</tbody>\n</table>\n");
}

static void chart(struct html *h, const struct block *b)
{
    struct canvas c;

    out(h, "<figure class=\"chart\">\n");
    if (!h->rc) {
        canvas_svg(&c, &h->b);
        chart_draw(h->r, b->chart, &c);
        if (c.rc)
            h->rc = c.rc;
    }
    el(h, "<figcaption>", b->text, "</figcaption>\n</figure>\n");
}

static void toc(struct html *h, const struct block *b)
{
    const struct report *r = h->r;
    int i;

    out(h, "<nav class=\"toc\">\n");
    el(h, "<h2>", b->text, "</h2>\n<ul>\n");
    for (i = 0; i < r->n_blocks; i++) {
        const struct block *s = &r->blocks[i];
        if (s->kind != B_SECTION)
            continue;
        out(h, "<li><a href=\"#");
        esc(h, s->id);
        out(h, "\">");
        esc(h, s->text);
        out(h, "</a></li>\n");
    }
    out(h, "</ul>\n</nav>\n");
}

static void block(struct html *h, const struct block *b)
{
    int i;

    if (h->in_header && b->kind == B_SECTION) {
        out(h, "</header>\n<main>\n");
        h->in_header = 0;
    }
    switch (b->kind) {
    case B_TITLE:
        out(h, "<header class=\"title-page\" id=\"title-page\">\n");
        h->in_header = 1;
        if (strcmp(b->text, tr(h->r, S_KICKER)))
            el(h, "<p class=\"kicker\">", tr(h->r, S_KICKER), "</p>\n");
        el(h, "<h1>", b->text, "</h1>\n");
        el(h, "<p class=\"subtitle\">", b->text2, "</p>\n");
        break;
    case B_SECTION:
        out(h, "<section class=\"stage\" id=\"");
        esc(h, b->id);
        out(h, "\">\n");
        el(h, "<h1>", b->text, "</h1>\n");
        break;
    case B_SECTION_END:
        out(h, "</section>\n");
        break;
    case B_H2:
        el(h, "<h2>", b->text, "</h2>\n");
        break;
    case B_H3:
        el(h, "<h3>", b->text, "</h3>\n");
        break;
    case B_P:
        el(h, "<p>", b->text, "</p>\n");
        break;
    case B_NOTE:
        el(h, "<p class=\"note\">", b->text, "</p>\n");
        break;
    case B_LIST:
        if (b->text)
            el(h, "<p class=\"note\">", b->text, ":</p>\n");
        out(h, "<ul");
        if (b->id) {
            out(h, " id=\"");
            esc(h, b->id);
            out(h, "\"");
        }
        out(h, ">\n");
        for (i = 0; i < b->n_items; i++)
            el(h, "<li>", b->items[i], "</li>\n");
        out(h, "</ul>\n");
        break;
    case B_TABLE:
        table(h, b->table);
        break;
    case B_CHART:
        chart(h, b);
        break;
    case B_TOC:
        toc(h, b);
        break;
    }
}

int mf_report_html(const struct mf_report_input *in, FILE *f,
                   struct mf_error *err)
{
    struct report r;
    struct html h;
    int i, rc;

    MF_ASSERT_ARG(in && f);
    rc = report_open(&r, in, 1, err);
    if (rc) {
        report_close(&r);
        return rc;
    }
    memset(&h, 0, sizeof h);
    h.r = &r;
    buf_init(&h.b, HTML_CAP);
    out(&h, "<!DOCTYPE html>\n<html lang=\"");
    out(&h, r.en ? "en" : "nb");
    /* Void elements are closed XML-style, so that the file is also
     * well-formed XML (a polyglot document that XML tools can read). */
    out(&h, "\">\n<head>\n<meta charset=\"utf-8\" />\n"
            "<meta name=\"viewport\" content=\"width=device-width, "
            "initial-scale=1\" />\n"
            "<meta name=\"generator\" content=\"masseflyt\" />\n");
    el(&h, "<title>", in->title && *in->title ? in->title : tr(&r, S_REPORT),
       "</title>\n");
    out(&h, "<style>\n");
    out(&h, css);
    out(&h, "</style>\n</head>\n<body>\n");
    for (i = 0; i < r.n_blocks && !h.rc; i++)
        block(&h, &r.blocks[i]);
    if (h.in_header)
        out(&h, "</header>\n<main>\n");
    out(&h, "</main>\n</body>\n</html>\n");
    if (h.rc == MF_ERANGE) {
        rc = mf_error_set(err, MF_ERANGE, "the HTML report would exceed %zu MB",
                          HTML_CAP >> 20);
    } else if (h.rc) {
        rc = mf_error_set(err, MF_ENOMEM,
                          "out of memory writing the HTML report");
    } else if (fwrite(buf_str(&h.b), 1, h.b.len, f) != h.b.len ||
               fflush(f) != 0) {
        rc = mf_error_set(err, MF_EIO, "cannot write the HTML report");
    }
    buf_free(&h.b);
    report_close(&r);
    return rc;
}
