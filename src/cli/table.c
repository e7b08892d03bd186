/*
 * table.c - column-aligned text tables and their CSV form.
 */
#include "table.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

struct table {
    int n_cols;
    int n_rows;
    int cap;
    char **cells; /* n_rows x n_cols */
    unsigned char *right;
};

struct table *table_new(int n_cols)
{
    struct table *t = calloc(1, sizeof *t);

    if (!t)
        return NULL;
    t->n_cols = n_cols;
    t->right = calloc((size_t)n_cols, 1);
    if (!t->right) {
        free(t);
        return NULL;
    }
    return t;
}

void table_free(struct table *t)
{
    int i;

    if (!t)
        return;
    for (i = 0; i < t->n_rows * t->n_cols; i++)
        free(t->cells[i]);
    free(t->cells);
    free(t->right);
    free(t);
}

void table_right(struct table *t, int col)
{
    if (col >= 0 && col < t->n_cols)
        t->right[col] = 1;
}

int table_row(struct table *t, const char *const *cells)
{
    int i;

    if (t->n_rows == t->cap) {
        int nc = t->cap ? t->cap * 2 : 16;
        char **p =
            realloc(t->cells, (size_t)nc * (size_t)t->n_cols * sizeof *p);
        if (!p)
            return -1;
        t->cells = p;
        t->cap = nc;
    }
    for (i = 0; i < t->n_cols; i++) {
        const char *c = cells[i] ? cells[i] : "";
        char *copy = strdup(c);
        if (!copy) {
            while (i-- > 0)
                free(t->cells[t->n_rows * t->n_cols + i]);
            return -1;
        }
        t->cells[t->n_rows * t->n_cols + i] = copy;
    }
    t->n_rows++;
    return 0;
}

int table_rowf(struct table *t, const char *fmt, ...)
{
    char line[2048];
    const char *cells[64];
    char *p;
    int n = 0, rc;
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(line, sizeof line, fmt, ap);
    va_end(ap);
    for (p = line; n < t->n_cols && n < 64;) {
        char *tab = strchr(p, '\t');
        cells[n++] = p;
        if (!tab)
            break;
        *tab = '\0';
        p = tab + 1;
    }
    while (n < t->n_cols && n < 64)
        cells[n++] = "";
    rc = table_row(t, cells);
    return rc;
}

/* Characters in a UTF-8 string: bytes that do not continue a sequence. */
static int width(const char *s)
{
    int w = 0;

    for (; *s; s++)
        if (((unsigned char)*s & 0xC0) != 0x80)
            w++;
    return w;
}

void table_print(const struct table *t, FILE *f)
{
    int *w = calloc((size_t)t->n_cols, sizeof *w);
    int r, c, k;

    if (!w)
        return;
    for (r = 0; r < t->n_rows; r++)
        for (c = 0; c < t->n_cols; c++) {
            int cw = width(t->cells[r * t->n_cols + c]);
            if (cw > w[c])
                w[c] = cw;
        }
    for (r = 0; r < t->n_rows; r++) {
        for (c = 0; c < t->n_cols; c++) {
            const char *cell = t->cells[r * t->n_cols + c];
            int pad = w[c] - width(cell);
            int last = c == t->n_cols - 1;
            if (c)
                fputs("  ", f);
            if (t->right[c])
                for (k = 0; k < pad; k++)
                    fputc(' ', f);
            fputs(cell, f);
            if (!t->right[c] && !last)
                for (k = 0; k < pad; k++)
                    fputc(' ', f);
        }
        fputc('\n', f);
        if (r == 0) {
            int total = 0;
            for (c = 0; c < t->n_cols; c++)
                total += w[c] + (c ? 2 : 0);
            for (k = 0; k < total; k++)
                fputc('-', f);
            fputc('\n', f);
        }
    }
    free(w);
}

void table_print_csv(const struct table *t, FILE *f)
{
    int r, c;

    for (r = 0; r < t->n_rows; r++) {
        for (c = 0; c < t->n_cols; c++) {
            const char *cell = t->cells[r * t->n_cols + c];
            if (c)
                fputc(',', f);
            if (strpbrk(cell, ",\"\n\r")) {
                const char *p;
                fputc('"', f);
                for (p = cell; *p; p++) {
                    if (*p == '"')
                        fputc('"', f);
                    fputc(*p, f);
                }
                fputc('"', f);
            } else {
                fputs(cell, f);
            }
        }
        fputc('\n', f);
    }
}
