/*
 * datafile.c - typed cells of the data folder's CSV files.
 */
#include "format/datafile.h"

#include "format/records.h"
#include "masseflyt/model.h"

#include <stdio.h>
#include <string.h>

int datafile_open(struct datafile *d, const char *dir, const char *name,
                  const char *const *required, struct arena *arena,
                  struct mf_error *err)
{
    char path[1024];
    struct rec_opts opts = REC_OPTS_INIT;
    size_t i;
    int rc;

    memset(d, 0, sizeof *d);
    d->arena = arena;
    snprintf(path, sizeof path, "%s/%s", dir, name);
    opts.encoding = REC_ENC_UTF8;
    rc = rec_open_file(&d->r, path, &opts, err);
    if (rc)
        return rc;
    for (i = 0; required && required[i]; i++)
        if (rec_column(d->r, required[i]) < 0)
            return mf_error_at(err, MF_EINVAL, path,
                               "the header lacks the column '%s'", required[i]);
    return MF_OK;
}

void datafile_close(struct datafile *d)
{
    rec_close(d->r);
    d->r = NULL;
}

int datafile_next(struct datafile *d, struct mf_error *err)
{
    return rec_next(d->r, err);
}

const char *datafile_val(struct datafile *d, const char *col)
{
    int i = rec_column(d->r, col);
    const char *v = i < 0 ? NULL : rec_value(d->r, i);

    return v ? v : "";
}

const char *datafile_where(struct datafile *d, const char *col)
{
    snprintf(d->where, sizeof d->where, "%s: %s", rec_where(d->r), col);
    return d->where;
}

char *datafile_keep(struct datafile *d, const char *col, int *fail)
{
    char *p = arena_strdup(d->arena, datafile_val(d, col));

    if (!p)
        *fail = 1;
    return p;
}

int datafile_num(struct datafile *d, const char *col, double def, double *out,
                 struct mf_error *err)
{
    const char *v = datafile_val(d, col);
    int rc;

    if (!*v) {
        *out = def;
        return MF_OK;
    }
    rc = rec_parse_number(v, out, err);
    if (rc)
        return mf_error_at(err, rc, datafile_where(d, col), "%s", err->message);
    return MF_OK;
}

int datafile_flag(struct datafile *d, const char *col, int *out,
                  struct mf_error *err)
{
    const char *v = datafile_val(d, col);

    if (!*v || !strcmp(v, "0")) {
        *out = 0;
        return MF_OK;
    }
    if (!strcmp(v, "1")) {
        *out = 1;
        return MF_OK;
    }
    return mf_error_at(err, MF_EINVAL, datafile_where(d, col),
                       "'%s' must be 0 or 1", v);
}

int datafile_date(struct datafile *d, const char *col, int32_t *out,
                  struct mf_error *err)
{
    const char *v = datafile_val(d, col);

    *out = MF_DATE_NONE;
    if (!*v)
        return MF_OK;
    if (mf_date_parse(v, out, err))
        return mf_error_at(err, MF_EINVAL, datafile_where(d, col), "%s",
                           err->message);
    return MF_OK;
}
