/*
 * xlsx.c - mf_report_xlsx: the report's tables as an Excel workbook
 * (libxlsxwriter), one sheet per table with a bold, frozen header row and
 * number formats, and native Excel charts over the cells: column charts
 * for the mass balance and the scenarios, a bar chart for the tornado and
 * a line chart for the storage levels. Excel shows the numbers with the
 * reader's own separators.
 *
 * The workbook is written to a temporary name next to the target and
 * renamed into place. (libxlsxwriter's pkg-config file says Version 4,
 * its soname, not 1.1.x; CMake does not check the version.)
 */
#include "masseflyt/report.h"

#include "report/report_int.h"
#include "util/atomic_file.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <xlsxwriter.h>

#define MAX_DEC 6

struct xl {
    lxw_workbook *wb;
    lxw_format *head, *text, *wrap, *text_total;
    /* [bold][fmt][decimals] */
    lxw_format *num[2][4][MAX_DEC + 1];
    char sheet[40][96]; /* sheet names, by table */
};

static lxw_format *num_format(struct xl *x, int bold, int fmt, int dec)
{
    lxw_format **f;
    char code[32];

    if (dec < 0)
        dec = 0;
    if (dec > MAX_DEC)
        dec = MAX_DEC;
    if (fmt < 0 || fmt > 3)
        fmt = CF_NUM;
    f = &x->num[bold ? 1 : 0][fmt][dec];
    if (*f)
        return *f;
    *f = workbook_add_format(x->wb);
    if (!*f)
        return NULL;
    if (fmt == CF_PCT)
        snprintf(code, sizeof code, "0%s%.*s%%", dec ? "." : "", dec, "000000");
    else if (fmt == CF_PP)
        /* Percentage points: the cell holds the points (share x 100). */
        snprintf(code, sizeof code, "+0%s%.*s\" pp\";-0%s%.*s\" pp\"",
                 dec ? "." : "", dec, "000000", dec ? "." : "", dec, "000000");
    else
        snprintf(code, sizeof code, "#,##0%s%.*s", dec ? "." : "", dec,
                 "000000");
    format_set_num_format(*f, code);
    if (bold) {
        format_set_bold(*f);
        format_set_top(*f, LXW_BORDER_THIN);
    }
    return *f;
}

/* A valid, unique sheet name from a heading: at most 31 characters,
 * none of []:*?/\ and no apostrophe at either end. */
static void sheet_name(struct xl *x, int k, const char *want)
{
    char name[96];
    size_t o = 0, chars = 0;
    const unsigned char *p = (const unsigned char *)want;
    int i, n = 2, dup;

    while (*p && chars < 31 && o + 5 < sizeof name) {
        size_t len = *p >= 0xF0 ? 4 : *p >= 0xE0 ? 3 : *p >= 0xC0 ? 2 : 1;
        if (len == 1 && strchr("[]:*?/\\", *p)) {
            name[o++] = '-';
        } else {
            size_t j;
            for (j = 0; j < len && p[j]; j++)
                name[o++] = (char)p[j];
        }
        p += len;
        chars++;
    }
    name[o] = '\0';
    while (o > 0 && (name[o - 1] == '\'' || name[o - 1] == ' '))
        name[--o] = '\0';
    if (name[0] == '\'' || o == 0)
        snprintf(name, sizeof name, "Tabell %d", k + 1);
    snprintf(x->sheet[k], sizeof x->sheet[k], "%s", name);
    do {
        dup = 0;
        for (i = 0; i < k; i++)
            if (!strcmp(x->sheet[i], x->sheet[k]))
                dup = 1;
        if (dup) {
            /* Make room for " (n)" within 31 characters. */
            char base[96];
            snprintf(base, sizeof base, "%s", name);
            while (utf8_len(base) > 26) {
                size_t l = strlen(base);
                do
                    l--;
                while (l > 0 && ((unsigned char)base[l] & 0xC0) == 0x80);
                base[l] = '\0';
            }
            sfmt(x->sheet[k], sizeof x->sheet[k], "%s (%d)", base, n++);
        }
    } while (dup);
}

static void color_series(lxw_chart_series *s, uint32_t c, int line)
{
    if (line) {
        lxw_chart_line l;
        memset(&l, 0, sizeof l);
        l.color = c;
        l.width = 2.25f;
        chart_series_set_line(s, &l);
    } else {
        lxw_chart_fill f;
        memset(&f, 0, sizeof f);
        f.color = c;
        chart_series_set_fill(s, &f);
    }
}

/* Adds a series over rows 1..n of column col; categories from cat_col. */
static lxw_chart_series *series(lxw_chart *ch, const char *sheet, int n,
                                int cat_col, int col, uint32_t c, int line)
{
    lxw_chart_series *s = chart_add_series(ch, NULL, NULL);

    if (!s)
        return NULL;
    chart_series_set_categories(s, sheet, 1, (lxw_col_t)cat_col, (lxw_row_t)n,
                                (lxw_col_t)cat_col);
    chart_series_set_values(s, sheet, 1, (lxw_col_t)col, (lxw_row_t)n,
                            (lxw_col_t)col);
    chart_series_set_name_range(s, sheet, 0, (lxw_col_t)col);
    color_series(s, c, line);
    return s;
}

static int data_rows(const struct rtable *t)
{
    int n = t->n_rows;

    while (n > 0 && (t->flags[n - 1] & ROW_TOTAL))
        n--;
    return n;
}

/* The native charts a table's sheet gets. */
static int charts(struct xl *x, const struct report *r, lxw_worksheet *ws,
                  const struct rtable *t, const char *sheet)
{
    static const uint32_t palette[8] = {COL_BLUE,   COL_ORANGE,    COL_GREEN,
                                        COL_PURPLE, COL_VERMILION, COL_SKY,
                                        COL_BLACK,  COL_YELLOW};
    int n = data_rows(t), anchor = t->n_cols + 1, j;
    lxw_chart *ch;

    if (n == 0)
        return 0;
    if (!strcmp(t->key, "balance") || !strcmp(t->key, "balance_periods")) {
        int js = rt_col(t, "supply_kt"), jd = rt_col(t, "demand_kt");
        ch = workbook_add_chart(x->wb, LXW_CHART_COLUMN);
        if (!ch)
            return -1;
        series(ch, sheet, n, 0, js, COL_ORANGE, 0);
        series(ch, sheet, n, 0, jd, COL_BLUE, 0);
        chart_title_set_name(ch, t->caption);
        chart_axis_set_name(ch->y_axis, tr(r, S_U_KT));
        return worksheet_insert_chart(ws, 1, (lxw_col_t)anchor, ch) ? -1 : 0;
    }
    if (!strcmp(t->key, "scenarios")) {
        static const struct {
            const char *key;
            enum rstr title;
        } ind[] = {{"cost_mnok", S_P_COST},
                   {"co2e_kt", S_P_CO2},
                   {"reuse_rate", S_P_REUSE},
                   {"landfilled_kt", S_P_LANDFILLED}};
        int k, jt = rt_col(t, "title");
        for (k = 0; k < 4; k++) {
            lxw_chart_options o;
            ch = workbook_add_chart(x->wb, LXW_CHART_COLUMN);
            if (!ch)
                return -1;
            series(ch, sheet, n, jt, rt_col(t, ind[k].key), COL_BLUE, 0);
            chart_title_set_name(ch, tr(r, ind[k].title));
            chart_legend_set_position(ch, LXW_CHART_LEGEND_NONE);
            memset(&o, 0, sizeof o);
            o.x_scale = 1;
            o.y_scale = 1;
            if (worksheet_insert_chart_opt(ws, (lxw_row_t)(1 + 16 * k),
                                           (lxw_col_t)anchor, ch, &o))
                return -1;
        }
        return 0;
    }
    if (!strcmp(t->key, "tornado")) {
        int jl = rt_col(t, "label");
        lxw_chart_series *s;
        ch = workbook_add_chart(x->wb, LXW_CHART_BAR);
        if (!ch)
            return -1;
        s = series(ch, sheet, n, jl, rt_col(t, "cost_low_diff_mnok"), COL_SKY,
                   0);
        if (s)
            chart_series_set_name(s, tr(r, S_LOWV));
        s = series(ch, sheet, n, jl, rt_col(t, "cost_high_diff_mnok"),
                   COL_VERMILION, 0);
        if (s)
            chart_series_set_name(s, tr(r, S_HIGHV));
        chart_set_series_overlap(ch, 100);
        chart_axis_set_reverse(ch->x_axis);
        chart_axis_set_label_position(ch->x_axis,
                                      LXW_CHART_AXIS_LABEL_POSITION_LOW);
        chart_title_set_name(ch, tr(r, S_TORNADO));
        chart_axis_set_name(ch->y_axis, tr(r, S_U_MNOK));
        return worksheet_insert_chart(ws, 1, (lxw_col_t)anchor, ch) ? -1 : 0;
    }
    if (!strcmp(t->key, "storage")) {
        ch = workbook_add_chart(x->wb, LXW_CHART_LINE);
        if (!ch)
            return -1;
        for (j = 1; j < t->n_cols; j++)
            series(ch, sheet, n, 0, j, palette[(j - 1) % 8], 1);
        chart_title_set_name(ch, tr(r, S_STORAGE));
        chart_axis_set_name(ch->y_axis, tr(r, S_U_T));
        return worksheet_insert_chart(ws, 1, (lxw_col_t)anchor, ch) ? -1 : 0;
    }
    return 0;
}

static int sheet(struct xl *x, const struct report *r, int k,
                 const struct rtable *t)
{
    lxw_worksheet *ws;
    char buf[128];
    int i, j;
    double *width;

    sheet_name(x, k, t->sheet ? t->sheet : t->key);
    ws = workbook_add_worksheet(x->wb, x->sheet[k]);
    if (!ws)
        return -1;
    width = calloc((size_t)t->n_cols + 1, sizeof *width);
    if (!width)
        return -1;
    for (j = 0; j < t->n_cols; j++) {
        worksheet_write_string(ws, 0, (lxw_col_t)j, t->cols[j].head, x->head);
        width[j] = (double)utf8_len(t->cols[j].head) + 2;
    }
    for (i = 0; i < t->n_rows; i++) {
        int total = (t->flags[i] & ROW_TOTAL) != 0;
        for (j = 0; j < t->n_cols; j++) {
            const struct rcell *c = rt_cell(t, i, j);
            int fmt = c->fmt >= 0 ? c->fmt : (int)t->cols[j].fmt;
            int dec = c->dec >= 0 ? c->dec : t->cols[j].dec;
            double w;
            if (fmt == CF_TEXT) {
                lxw_format *f = total                         ? x->text_total
                                : t->cols[j].flags & COL_WIDE ? x->wrap
                                                              : x->text;
                if (c->text && *c->text)
                    worksheet_write_string(ws, (lxw_row_t)(i + 1), (lxw_col_t)j,
                                           c->text, f);
                w = (double)utf8_len(c->text ? c->text : "") + 2;
            } else {
                if (!isnan(c->v))
                    worksheet_write_number(ws, (lxw_row_t)(i + 1), (lxw_col_t)j,
                                           fmt == CF_PP ? c->v * 100 : c->v,
                                           num_format(x, total, fmt, dec));
                w = (double)utf8_len(rt_text(r, t, i, j, buf, sizeof buf)) + 3;
            }
            if (w > width[j])
                width[j] = w;
        }
    }
    for (j = 0; j < t->n_cols; j++) {
        double w = width[j];
        if (t->cols[j].flags & COL_WIDE)
            w = w > 80 ? 80 : w;
        else
            w = w > 50 ? 50 : w;
        worksheet_set_column(ws, (lxw_col_t)j, (lxw_col_t)j, w,
                             t->cols[j].flags & COL_WIDE ? x->wrap : NULL);
    }
    free(width);
    worksheet_freeze_panes(ws, 1, 0);
    return charts(x, r, ws, t, x->sheet[k]);
}

int mf_report_xlsx(const struct mf_report_input *in, const char *path,
                   struct mf_error *err)
{
    struct report r;
    struct xl x;
    struct atomic_file af;
    const char *tmp;
    lxw_doc_properties props;
    lxw_error le;
    int rc, k;

    /* libxlsxwriter writes by name and only finds out at the end that it
     * cannot; the temporary file is created (and the target checked)
     * first. */
    if ((rc = atomic_file_begin(&af, path, ATOMIC_PATH, err)))
        return rc;
    tmp = af.tmp;
    rc = report_open(&r, in, 0, err);
    if (rc) {
        report_close(&r);
        atomic_file_abort(&af);
        return rc;
    }
    memset(&x, 0, sizeof x);
    x.wb = workbook_new(tmp);
    if (!x.wb) {
        report_close(&r);
        atomic_file_abort(&af);
        return mf_error_at(err, MF_EIO, path, "cannot create the workbook");
    }
    memset(&props, 0, sizeof props);
    props.title = (char *)(in->title ? in->title : tr(&r, S_REPORT));
    props.author = "masseflyt";
    props.comments = (char *)tr(&r, S_SUBTITLE);
    workbook_set_properties(x.wb, &props);
    x.head = workbook_add_format(x.wb);
    x.text = workbook_add_format(x.wb);
    x.wrap = workbook_add_format(x.wb);
    x.text_total = workbook_add_format(x.wb);
    if (!x.head || !x.text || !x.wrap || !x.text_total) {
        rc = mf_error_set(err, MF_ENOMEM, "out of memory");
    } else {
        format_set_bold(x.head);
        format_set_bottom(x.head, LXW_BORDER_THIN);
        format_set_bg_color(x.head, 0xF2F2F2);
        format_set_text_wrap(x.wrap);
        format_set_align(x.wrap, LXW_ALIGN_VERTICAL_TOP);
        format_set_bold(x.text_total);
        format_set_top(x.text_total, LXW_BORDER_THIN);
        for (k = 0; k < r.n_tables && rc == MF_OK; k++)
            if (sheet(&x, &r, k, r.tables[k]))
                rc = mf_error_at(err, MF_ERR, r.tables[k]->key,
                                 "cannot add the sheet or its chart");
    }
    le = workbook_close(x.wb);
    report_close(&r);
    if (rc == MF_OK && le != LXW_NO_ERROR)
        rc = mf_error_at(err, MF_EIO, tmp, "cannot write the workbook: %s",
                         lxw_strerror(le));
    if (rc != MF_OK) {
        atomic_file_abort(&af);
        return rc;
    }
    return atomic_file_commit(&af, err);
}
