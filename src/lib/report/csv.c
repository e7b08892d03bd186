/*
 * csv.c - mf_report_csv: every table of the report as its own CSV file
 * (RFC 4180: comma, '.' decimals, UTF-8, one header line of stable
 * snake_case keys) in a folder, for readers who want the numbers. Each
 * file is written to a temporary name and renamed, so a reader never
 * sees half a file.
 */
#include "masseflyt/report.h"

#include "report/report_int.h"
#include "util/atomic_file.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static void field(FILE *f, const char *s)
{
    const char *p;

    if (!s)
        return;
    if (!strpbrk(s, ",\"\r\n")) {
        fputs(s, f);
        return;
    }
    fputc('"', f);
    for (p = s; *p; p++) {
        if (*p == '"')
            fputc('"', f);
        fputc(*p, f);
    }
    fputc('"', f);
}

static int write_rows(void *ctx, FILE *f, struct mf_error *err)
{
    const struct rtable *t = ctx;
    int i, j;

    (void)err;
    for (j = 0; j < t->n_cols; j++) {
        if (j)
            fputc(',', f);
        field(f, t->cols[j].key);
    }
    fputs("\r\n", f);
    for (i = 0; i < t->n_rows; i++) {
        for (j = 0; j < t->n_cols; j++) {
            const struct rcell *c = rt_cell(t, i, j);
            int fmt = c->fmt >= 0 ? c->fmt : (int)t->cols[j].fmt;
            if (j)
                fputc(',', f);
            if (fmt == CF_TEXT)
                field(f, c->text);
            else if (!isnan(c->v))
                fprintf(f, "%.12g", c->v);
        }
        fputs("\r\n", f);
    }
    return MF_OK;
}

static int write_table(const struct rtable *t, const char *dir,
                       struct mf_error *err)
{
    char path[4096];

    if ((size_t)snprintf(path, sizeof path, "%s/%s.csv", dir, t->key) >=
        sizeof path)
        return mf_error_set(err, MF_EINVAL, "folder name too long: %s", dir);
    return atomic_file_write(path, 0, write_rows, (void *)t, err);
}

int mf_report_csv(const struct mf_report_input *in, const char *dir,
                  struct mf_error *err)
{
    struct report r;
    int i, rc, n = 0;

    if (mkdir(dir, 0777) != 0 && errno != EEXIST)
        return mf_error_at(err, MF_EIO, dir, "cannot create the folder: %s",
                           strerror(errno));
    rc = report_open(&r, in, 0, err);
    for (i = 0; rc == MF_OK && i < r.n_tables; i++) {
        rc = write_table(r.tables[i], dir, err);
        if (rc == MF_OK)
            n++;
    }
    report_close(&r);
    return rc ? rc : n;
}
