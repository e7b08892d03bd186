/*
 * params.c - the tolerances and limits of the checks and the balance:
 * data/custody.csv, each value with its source or an estimate's
 * reasoning, and the same values built in for callers without a data
 * folder.
 */
#include "masseflyt/custody.h"

#include "format/datafile.h"
#include "util/arena.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

enum {
    K_WEIGH_REL = 0,
    K_WEIGH_ABS,
    K_VOL_T,
    K_VOL_PFM3,
    K_VOL_ULM3,
    K_VOL_PAM3,
    K_UNRECEIVED,
    K_SPEED,
    K_GRACE,
    K_DOC,
    K_CAPACITY,
    K_COUNT
};

static const char *const keys[K_COUNT] = {
    "weigh_rel",        "weigh_abs_t",     "volume_rel_t",
    "volume_rel_pfm3",  "volume_rel_ulm3", "volume_rel_pam3",
    "unreceived_hours", "max_speed_kmh",   "window_grace_days",
    "doc_rel",          "capacity_rel"};

/* The values of data/custody.csv. */
static const double defaults[K_COUNT] = {0.02, 0.2, 0, 0.15, 0.25, 0.15,
                                         24,   80,  0, 0.05, 0};

static void set(struct mf_custody_params *p, const double *v)
{
    memset(p, 0, sizeof *p);
    p->weigh_rel = v[K_WEIGH_REL];
    p->weigh_abs_t = v[K_WEIGH_ABS];
    p->volume_rel[MF_STATE_T] = v[K_VOL_T];
    p->volume_rel[MF_STATE_PFM3] = v[K_VOL_PFM3];
    p->volume_rel[MF_STATE_ULM3] = v[K_VOL_ULM3];
    p->volume_rel[MF_STATE_PAM3] = v[K_VOL_PAM3];
    p->unreceived_hours = v[K_UNRECEIVED];
    p->max_speed_kmh = v[K_SPEED];
    p->window_grace_days = (int)v[K_GRACE];
    p->doc_rel = v[K_DOC];
    p->capacity_rel = v[K_CAPACITY];
}

void mf_custody_params_default(struct mf_custody_params *out)
{
    set(out, defaults);
}

int mf_custody_params_load(struct mf_custody_params *out, const char *data_dir,
                           struct mf_error *err)
{
    static const char *const req[] = {"key",      "value",  "unit",
                                      "estimate", "source", NULL};
    const char *dir = data_dir ? data_dir : mf_data_dir_default();
    struct datafile d;
    struct arena arena;
    double v[K_COUNT];
    int seen[K_COUNT] = {0}, rc, k;

    mf_custody_params_default(out);
    arena_init(&arena, 4096);
    rc = datafile_open(&d, dir, "custody.csv", req, &arena, err);
    if (rc) {
        datafile_close(&d);
        arena_free(&arena);
        return rc;
    }
    while ((rc = datafile_next(&d, err)) == 1) {
        const char *key = datafile_val(&d, "key");
        double x;
        int est;

        rc = MF_OK;
        for (k = 0; k < K_COUNT && strcmp(key, keys[k]); k++)
            ;
        if (k == K_COUNT) {
            rc = mf_error_at(err, MF_EINVAL, datafile_where(&d, "key"),
                             "unknown key '%s'", key);
            break;
        }
        if (seen[k]) {
            rc = mf_error_at(err, MF_EINVAL, datafile_where(&d, "key"),
                             "key '%s' given twice", key);
            break;
        }
        rc = datafile_num(&d, "value", NAN, &x, err);
        if (rc == MF_OK)
            rc = datafile_flag(&d, "estimate", &est, err);
        if (rc)
            break;
        if (!(x >= 0) || !isfinite(x) ||
            ((k == K_SPEED || k == K_UNRECEIVED) && !(x > 0)) ||
            (k == K_GRACE && x != floor(x))) {
            rc = mf_error_at(err, MF_EINVAL, datafile_where(&d, "value"),
                             "%s must be %s", key,
                             k == K_SPEED || k == K_UNRECEIVED
                                 ? "a number above 0"
                             : k == K_GRACE ? "a whole number of days >= 0"
                                            : "a number of at least 0");
            break;
        }
        if (!*datafile_val(&d, "source")) {
            rc = mf_error_at(err, MF_EINVAL, datafile_where(&d, "source"),
                             "%s needs a source or an estimate's reasoning",
                             key);
            break;
        }
        v[k] = x;
        seen[k] = 1;
    }
    if (rc == 0)
        for (k = 0; k < K_COUNT; k++)
            if (!seen[k]) {
                rc = mf_error_set(err, MF_EINVAL,
                                  "%s/custody.csv: key '%s' is missing", dir,
                                  keys[k]);
                break;
            }
    if (rc == 0)
        set(out, v);
    datafile_close(&d);
    arena_free(&arena);
    return rc < 0 ? rc : MF_OK;
}
