/*
 * report_int.h - the inside of the report (src/lib/report/): one document
 * model, built once from struct mf_report_input, that every output reads.
 *
 *   build.c   the input -> tables (struct rtable) and the document: an
 *             ordered list of blocks (headings, paragraphs, tables, charts)
 *   text.c    the texts (from the message catalogue, masseflyt/msg.h) and
 *             numbers in the report's language, escaping for HTML/XML
 *   canvas.c  a tiny drawing interface and its SVG backend
 *   chart.c   bar, line, Sankey and tornado charts drawn on a canvas
 *   map.c     the region map: outline clipped to the view, sites, lots,
 *             flow lines, legend and scale bar
 *   html.c    mf_report_html: the blocks as HTML with inline SVG
 *   pdf_cairo.c  mf_report_pdf_cairo: cairo.c's pages into a PDF file
 *   cairo.c   the blocks laid out on A4 pages with cairo (where Chromium,
 *             run by src/app/, cannot print the HTML)
 *   xlsx.c    mf_report_xlsx: the tables as sheets, native Excel charts
 *   csv.c     mf_report_csv: the tables as CSV files
 *
 * Every chart draws its numbers from a table of the document, so the
 * numbers a reader sees in a chart are always in a table as well, and the
 * HTML, PDF, XLSX and CSV outputs show the same content.
 */
#ifndef MF_REPORT_REPORT_INT_H
#define MF_REPORT_REPORT_INT_H

#include "masseflyt/msg.h"
#include "masseflyt/report.h"
#include "util/arena.h"
#include "util/buf.h"

#include <stddef.h>
#include <stdint.h>

/* ------------------------------------------------------------------ */
/* Strings                                                              */
/* ------------------------------------------------------------------ */

/* The report's texts are messages of the one catalogue
 * (masseflyt/msg_catalog.h, list MF_MSG_REPORT): S_NAME is MSG_R_NAME.
 * Domain terms users know keep their Norwegian names in English, with a
 * gloss. */
enum rstr {
#define X(name) S_##name = MSG_R_##name,
    MF_MSG_REPORT(X)
#undef X
};

struct report;

/* The string in the report's language. */
const char *tr(const struct report *r, enum rstr s);

/* Numbers for readers: grouped thousands (nb: no-break space, en: comma),
 * decimal comma in nb, a true minus sign. NaN prints as an en dash. */
char *fmt_num(const struct report *r, double v, int decimals, char *buf,
              size_t len);
/* The same with a plus sign on positive values (differences). */
char *fmt_signed(const struct report *r, double v, int decimals, char *buf,
                 size_t len);
/* A difference of shares in percentage points: "+4,2 pp". */
char *fmt_pp(const struct report *r, double share, int decimals, char *buf,
             size_t len);
/* A share as per cent: nb "31,8 %", en "31.8%". */
char *fmt_pct(const struct report *r, double share, int decimals, char *buf,
              size_t len);
/* snprintf into a fixed buffer where cutting the text short is the
 * intended behaviour (labels, tooltips). */
int sfmt(char *buf, size_t len, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;
/* A date (days) as "2026-11-28"; "" for MF_DATE_NONE. */
char *fmt_date(int32_t days, char *buf, size_t len);

/* Appends s escaped for HTML/XML text and attributes; control characters
 * become spaces and invalid UTF-8 becomes U+FFFD. */
int buf_escape(struct buf *b, const char *s);
/* Counts the characters (code points) of UTF-8 text. */
size_t utf8_len(const char *s);

/* The name of a material or use in the report's language (Norwegian
 * domain terms keep their names in English, with a gloss). */
const char *material_label(const struct report *r, int m);
const char *use_label(const struct report *r, int u);
const char *site_kind_label(const struct report *r, enum mf_site_kind k);

/* ------------------------------------------------------------------ */
/* Tables                                                               */
/* ------------------------------------------------------------------ */

enum col_fmt {
    CF_TEXT = 0,
    CF_NUM, /* a number with `dec` decimals */
    CF_PCT, /* a share shown as per cent with `dec` decimals */
    CF_PP   /* a difference of shares, shown in percentage points */
};

#define COL_WIDE 0x01u   /* long text (sources, messages): wrap */
#define COL_DATA 0x02u   /* only in CSV and XLSX (coordinates, ids) */
#define COL_SIGNED 0x04u /* show a plus sign (differences) */

struct rcol {
    const char *key;  /* CSV heading: stable, English, snake_case */
    const char *head; /* heading for readers, in the report language */
    enum col_fmt fmt;
    int dec;
    unsigned flags;
};

struct rcell {
    const char *text; /* CF_TEXT; NULL = empty */
    double v;         /* CF_NUM and CF_PCT; NaN = empty */
    signed char fmt;  /* -1: the column's; else an enum col_fmt */
    signed char dec;  /* -1: the column's */
};

#define ROW_TOTAL 0x01u
#define ROW_ESTIMATE 0x02u

struct rtable {
    const char *key;     /* "balance": CSV file name and sheet stem */
    const char *id;      /* "table-balance" */
    const char *sheet;   /* XLSX sheet name, at most 31 characters */
    const char *caption; /* in the report language */
    int n_cols;
    struct rcol *cols;
    int n_rows, max_rows;
    struct rcell *cells; /* n_rows x n_cols */
    unsigned char *flags;
    int print_step; /* HTML and PDF show the rows i with
                       (i + print_phase) % print_step == 0, and the last;
                       0 or 1: all rows */
    int print_phase;
};

/* The cell of row i, column j. */
struct rcell *rt_cell(const struct rtable *t, int i, int j);
/* The column with this key, or -1. */
int rt_col(const struct rtable *t, const char *key);
/* Whether HTML and PDF show row i (see print_step). */
int rt_shown(const struct rtable *t, int i);
/* Whether a table's wide columns go on a row of their own under each
 * row (tables with many columns, so that long sources stay legible). */
int rt_sub_rows(const struct rtable *t);
/* A cell as readers see it (formatted number or text). */
const char *rt_text(const struct report *r, const struct rtable *t, int i,
                    int j, char *buf, size_t len);

/* ------------------------------------------------------------------ */
/* Drawing                                                              */
/* ------------------------------------------------------------------ */

#define PAINT_NONE 0xFFFFFFFFu

struct paint {
    uint32_t fill;   /* 0xRRGGBB or PAINT_NONE */
    uint32_t stroke; /* 0xRRGGBB or PAINT_NONE */
    double stroke_w;
    double opacity;    /* of the fill; 0 means 1 */
    int dash;          /* 1: dashed stroke */
    const char *cls;   /* SVG class; NULL */
    const char *title; /* SVG tooltip; NULL */
    const char *data;  /* SVG data-* attributes, already escaped; NULL */
};

enum text_anchor { TA_START = 0, TA_MIDDLE, TA_END };

struct text_style {
    double size; /* px */
    int bold;
    enum text_anchor anchor;
    uint32_t color;
    double rotate; /* degrees, about (x, y) */
    int halo;      /* white outline behind the text, for maps */
};

struct path_cmd {
    char op; /* 'M', 'L', 'C' (x1 y1 x2 y2 x y), 'Z' */
    double x1, y1, x2, y2, x, y;
};

struct canvas;

struct canvas_ops {
    void (*begin)(struct canvas *c, const char *id, double w, double h,
                  const char *label);
    void (*end)(struct canvas *c);
    void (*group)(struct canvas *c, const char *cls); /* NULL closes */
    void (*rect)(struct canvas *c, double x, double y, double w, double h,
                 const struct paint *p);
    void (*circle)(struct canvas *c, double cx, double cy, double r,
                   const struct paint *p);
    void (*path)(struct canvas *c, const struct path_cmd *cmd, int n,
                 int evenodd, const struct paint *p);
    void (*text)(struct canvas *c, double x, double y, const char *s,
                 const struct text_style *ts);
};

struct canvas {
    const struct canvas_ops *ops;
    int rc; /* sticky: the first failure */
    void *ctx;
};

/* A canvas writing SVG into b. */
void canvas_svg(struct canvas *c, struct buf *b);

/* Shorthands. */
void cv_line(struct canvas *c, double x0, double y0, double x1, double y1,
             uint32_t color, double w, int dash);
void cv_text(struct canvas *c, double x, double y, const char *s, double size,
             enum text_anchor a, uint32_t color, int bold);
/* The width text will take, estimated from DejaVu Sans metrics (the
 * font both Chromium and cairo use here), so that every backend lays out
 * alike. */
double text_width(const char *s, double size);

/* The Okabe-Ito palette (colour-blind safe). */
#define COL_ORANGE 0xE69F00u
#define COL_SKY 0x56B4E9u
#define COL_GREEN 0x009E73u
#define COL_YELLOW 0xF0E442u
#define COL_BLUE 0x0072B2u
#define COL_VERMILION 0xD55E00u
#define COL_PURPLE 0xCC79A7u
#define COL_BLACK 0x000000u
#define COL_GREY 0x999999u
#define COL_TEXT 0x222222u
#define COL_AXIS 0x555555u
#define COL_GRID 0xDDDDDDu

/* ------------------------------------------------------------------ */
/* Charts                                                               */
/* ------------------------------------------------------------------ */

enum chart_kind {
    CH_MAP_STATUS = 0,
    CH_BALANCE,
    CH_BALANCE_PERIODS,
    CH_INDICATORS,
    CH_MAP_FLOWS,
    CH_SANKEY,
    CH_STORAGE,
    CH_SCEN_COST,
    CH_SCEN_CO2,
    CH_SCEN_REUSE,
    CH_SCEN_LANDFILLED,
    CH_TORNADO,
    CH_TORNADO_CO2,
    CH_COUNT
};

/* The chart's SVG id ("chart-sankey"). */
const char *chart_id(enum chart_kind k);
/* Its size in px (SVG user units); the width is always CHART_W. */
#define CHART_W 680.0
double chart_height(const struct report *r, enum chart_kind k);
/* Draws it (calls begin and end on the canvas). */
void chart_draw(const struct report *r, enum chart_kind k, struct canvas *c);

/* Nice axis: ticks from lo to hi by step covering [min, max]. */
void nice_axis(double min, double max, int max_ticks, double *lo, double *hi,
               double *step);

/* ------------------------------------------------------------------ */
/* The Sankey diagram's graph                                           */
/* ------------------------------------------------------------------ */

enum sk_node_kind {
    SK_MATERIAL = 0, /* a supply material */
    SK_QUARRY,
    SK_DIRECT,
    SK_STORAGE,
    SK_PROCESSING,
    SK_NEED,
    SK_RECEIVING,
    SK_UNPLACED
};

struct sk_node {
    enum sk_node_kind kind;
    int material; /* SK_MATERIAL */
    const char *label;
    int layer;
    double in, out;
    double x, y, h; /* laid out */
};

struct sk_link {
    int from, to; /* node indices */
    double tonnes;
};

struct sankey {
    struct sk_node *nodes;
    int n_nodes;
    struct sk_link *links;
    int n_links;
    int n_layers;
};

/* ------------------------------------------------------------------ */
/* The map                                                              */
/* ------------------------------------------------------------------ */

struct map_view;

/* Loads data_dir/geo/nordic-outline.geojson clipped to the box around
 * the points (lon, lat pairs) with a margin, projected (equirectangular
 * with cos(lat0)) to a width of CHART_W and simplified to the view. A
 * missing outline file gives a view without land (not an error). */
int map_view_new(struct map_view **out, const char *data_dir,
                 const double *lonlat, size_t n, struct mf_error *err);
void map_view_free(struct map_view *m);
double map_view_height(const struct map_view *m);
/* Draws the background: sea, land, neighbours, frame. */
void map_draw_base(const struct map_view *m, struct canvas *c);
/* Draws the scale bar at the lower left of the map area. */
void map_draw_scale(const struct report *r, const struct map_view *m,
                    struct canvas *c);
void map_project(const struct map_view *m, double lon, double lat, double *x,
                 double *y);
/* The two maps of the report (CH_MAP_STATUS, CH_MAP_FLOWS) with their
 * legends. */
double map_chart_height(const struct report *r, enum chart_kind k);
void map_chart_draw(const struct report *r, enum chart_kind k,
                    struct canvas *c);

/* ------------------------------------------------------------------ */
/* The document                                                         */
/* ------------------------------------------------------------------ */

enum block_kind {
    B_TITLE = 0, /* text: the report title, text2: the subtitle */
    B_SECTION,   /* starts a stage or the appendix: id, text = heading */
    B_SECTION_END,
    B_H2,
    B_H3,
    B_P,
    B_NOTE, /* small print under a chart or table */
    B_LIST, /* items */
    B_TABLE,
    B_CHART,
    B_TOC /* the table of contents: the B_SECTION headings */
};

struct block {
    enum block_kind kind;
    const char *id;
    const char *text;
    const char *text2;
    struct rtable *table;
    enum chart_kind chart;
    char **items;
    int n_items;
};

struct report {
    const struct mf_report_input *in;
    int en;
    const struct mf_catalog *cat;
    struct arena arena;
    struct rtable *tables[48];
    int n_tables;
    struct block *blocks;
    int n_blocks, max_blocks;
    struct sankey sankey;
    struct map_view *map; /* NULL until report_open_map() */
    /* The storage chart reads the plan directly: one series per site. */
    const struct mf_plan *plan;
    /* Lots refused by the rules: the rule per lot, NULL when taking part
     * (registry order). */
    const struct mf_rule **lot_refused;
    int oom; /* set when the arena ran out while building */
    /* Stage 3's conclusion drawn from the ranking, or NULL. */
    const char *conclusion;
    /* Actual flows (in->custody with tickets), else all NULL: plan
     * against actual by the plan's periods, the tickets by year, and the
     * checks' findings. */
    struct mf_custody_pva *pva, *pva_year;
    struct mf_custody_findings *findings;
    size_t tickets_in, receipts_in; /* effective, by the tickets' moment */
};

/* Builds the tables and the document. with_map also loads the map
 * outline (HTML and PDF need it; CSV and XLSX do not). */
int report_open(struct report *r, const struct mf_report_input *in,
                int with_map, struct mf_error *err);
void report_close(struct report *r);
/* The table with this key, or NULL. */
struct rtable *report_table(const struct report *r, const char *key);
/* Copies text into the report's arena (NULL on out of memory). */
char *report_strdup(struct report *r, const char *s);
char *report_printf(struct report *r, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;

/* The cairo drawing of the whole report (cairo.c). */
int report_cairo_pdf(const struct report *r, const char *path,
                     struct mf_error *err);

#endif
