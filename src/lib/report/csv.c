/*
 * csv.c - mf_report_csv: every table of the report as its own CSV file
 * (RFC 4180: comma, '.' decimals, UTF-8, one header line of stable
 * snake_case keys) in a folder, for readers who want the numbers. Each
 * file is written to a temporary name and renamed, so a reader never
 * sees half a file.
 */
#include "masseflyt/report.h"

#include "report/report_int.h"

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

static int write_table(const struct rtable *t, const char *dir,
                       struct mf_error *err)
{
    char path[4096], tmp[4200];
    FILE *f;
    int i, j, bad;

    if ((size_t)snprintf(path, sizeof path, "%s/%s.csv", dir, t->key) >=
        sizeof path)
        return mf_error_set(err, MF_EINVAL, "folder name too long: %s", dir);
    snprintf(tmp, sizeof tmp, "%s.tmp%ld", path, (long)getpid());
    f = fopen(tmp, "wb");
    if (!f)
        return mf_error_at(err, MF_EIO, tmp, "cannot create: %s",
                           strerror(errno));
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
    bad = ferror(f);
    if (fclose(f) != 0 || bad) {
        remove(tmp);
        return mf_error_at(err, MF_EIO, tmp, "cannot write");
    }
    if (rename(tmp, path) != 0) {
        remove(tmp);
        return mf_error_at(err, MF_EIO, path, "cannot rename into place: %s",
                           strerror(errno));
    }
    return MF_OK;
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
