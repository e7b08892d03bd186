/*
 * weighbridge.c - load tickets and receipts from weighbridge exports
 * (weighbridge.h; docs/FORMATS.md, "Weighbridge exports").
 *
 * The CSV reader of format/records.h tokenises the file; each row is
 * checked field by field and every problem is listed with its place
 * ("vekt.csv:12: quantity"), so one pass tells the user everything that
 * is wrong. The strings of the loads live in one arena.
 */
#include "masseflyt/weighbridge.h"

#include "format/records.h"
#include "util/arena.h"
#include "util/vec.h"

#include <math.h>
#include <stdint.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* The longest id (ticket, receipt, document) kept, in bytes. */
#define WB_ID_MAX 63

struct mf_weighbridge_mem {
    struct arena arena;
    size_t cap;
};

enum col {
    C_TICKET,
    C_DEPARTED,
    C_LOT,
    C_ORIGIN,
    C_DESTINATION,
    C_HAULIER,
    C_VEHICLE,
    C_MATERIAL,
    C_QUANTITY,
    C_UNIT,
    C_QUALITY_DOC,
    C_ARRIVED,
    C_WEIGHED,
    C_STATUS,
    C_REASON,
    C_RECEIPT,
    C_COUNT
};

/* Column names as docs/FORMATS.md gives them; the required ones first. */
static const char *const col_name[C_COUNT] = {
    "ticket",    "departed", "lot",      "origin", "destination", "haulier",
    "vehicle",   "material", "quantity", "unit",   "quality_doc", "arrived",
    "weighed_t", "status",   "reason",   "receipt"};
#define N_REQUIRED (C_QUANTITY + 1)

struct wb_row {
    struct rec_reader *r;
    struct mf_issues *is;
    const char *id;
    char where[160];
    int bad;
};

static void problem(struct wb_row *w, enum col c, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;

static void problem(struct wb_row *w, enum col c, const char *fmt, ...)
{
    va_list ap;

    snprintf(w->where, sizeof w->where, "%s: %s", rec_where(w->r), col_name[c]);
    va_start(ap, fmt);
    mf_issues_addv(w->is, MF_SEV_ERROR, "schema", MF_ENT_LOT, w->id, w->where,
                   fmt, ap);
    va_end(ap);
    w->bad = 1;
}

/* A problem a parser told in an error record, in both its languages. */
static void problem_e(struct wb_row *w, enum col c, const struct mf_error *e)
{
    snprintf(w->where, sizeof w->where, "%s: %s", rec_where(w->r), col_name[c]);
    mf_issues_add_error(w->is, MF_SEV_ERROR, "schema", MF_ENT_LOT, w->id,
                        w->where, e);
    w->bad = 1;
}

/* ------------------------------------------------------------------ */
/* Times                                                                */
/* ------------------------------------------------------------------ */

static int64_t days_from_civil(int y, int m, int d)
{
    return mf_date_from_ymd(y, m, d);
}

/* The last Sunday of month m of year y, as days since 1970. */
static int64_t last_sunday(int y, int m)
{
    int64_t last =
        days_from_civil(m == 12 ? y + 1 : y, m == 12 ? 1 : m + 1, 1) - 1;
    /* 1970-01-01 was a Thursday: weekday 0 = Sunday is (days + 4) % 7. */
    int64_t wd = ((last + 4) % 7 + 7) % 7;

    return last - wd;
}

/* The UTC offset of Norwegian local time at a UTC moment, seconds. */
static int oslo_offset_utc(int64_t t)
{
    int y, mo, d;
    int64_t days = t >= 0 ? t / 86400 : -((-t + 86399) / 86400);
    int64_t start, end;

    mf_date_ymd((int32_t)days, &y, &mo, &d);
    start = last_sunday(y, 3) * 86400 + 3600;
    end = last_sunday(y, 10) * 86400 + 3600;
    return t >= start && t < end ? 7200 : 3600;
}

static int digits(const char **p, int n, int *out)
{
    int v = 0, i;

    for (i = 0; i < n; i++) {
        if ((*p)[i] < '0' || (*p)[i] > '9')
            return -1;
        v = v * 10 + ((*p)[i] - '0');
    }
    *p += n;
    *out = v;
    return 0;
}

int mf_time_parse(const char *s, int64_t *out, struct mf_error *err)
{
    const char *p = s;
    int y, mo, d, h, mi, sec = 0, oh = 0, om = 0, sign = 0, dim;
    int64_t local;

    if (!digits(&p, 4, &y) && *p == '-') {
        p++;
        if (digits(&p, 2, &mo) || *p++ != '-' || digits(&p, 2, &d))
            goto bad;
    } else {
        p = s;
        if (digits(&p, 2, &d) || *p++ != '.' || digits(&p, 2, &mo) ||
            *p++ != '.' || digits(&p, 4, &y))
            goto bad;
    }
    if (*p != ' ' && *p != 'T')
        goto bad;
    p++;
    if (digits(&p, 2, &h) || *p++ != ':' || digits(&p, 2, &mi))
        goto bad;
    if (*p == ':') {
        p++;
        if (digits(&p, 2, &sec))
            goto bad;
    }
    if (*p == 'Z') {
        sign = 1;
        p++;
    } else if (*p == '+' || *p == '-') {
        sign = *p == '+' ? 1 : -1;
        p++;
        if (digits(&p, 2, &oh) || *p++ != ':' || digits(&p, 2, &om) ||
            oh > 14 || om > 59)
            goto bad;
    }
    if (*p)
        goto bad;
    if (y < 1900 || y > 2200 || mo < 1 || mo > 12 || d < 1 || h > 23 ||
        mi > 59 || sec > 59)
        goto unreal;
    dim =
        (int)(days_from_civil(mo == 12 ? y + 1 : y, mo == 12 ? 1 : mo + 1, 1) -
              days_from_civil(y, mo, 1));
    if (d > dim)
        goto unreal;
    local = days_from_civil(y, mo, d) * 86400 + h * 3600 + mi * 60 + sec;
    if (sign)
        *out = local - sign * (oh * 3600 + om * 60);
    else {
        /* Try the summer offset first: the earlier reading of a repeated
         * hour, and the one that holds for a skipped hour's neighbours. */
        int64_t t = local - 7200;
        *out = oslo_offset_utc(t) == 7200 ? t : local - 3600;
    }
    return MF_OK;
bad:
    return mf_error_set(err, MF_EINVAL,
                        "'%s' is not a time (write YYYY-MM-DD HH:MM or "
                        "DD.MM.YYYY HH:MM, optionally with Z or +01:00)",
                        s);
unreal:
    return mf_error_set(err, MF_EINVAL,
                        "'%s' is not a real time between 1900 and 2200", s);
}

char *mf_time_format(int64_t t, char *buf, size_t len)
{
    int64_t l = t + oslo_offset_utc(t);
    int64_t days = l >= 0 ? l / 86400 : -((-l + 86399) / 86400);
    int64_t rest = l - days * 86400;
    int y, mo, d;

    mf_date_ymd((int32_t)days, &y, &mo, &d);
    snprintf(buf, len, "%04d-%02d-%02d %02d:%02d", y, mo, d, (int)(rest / 3600),
             (int)(rest % 3600 / 60));
    return buf;
}

/* ------------------------------------------------------------------ */
/* Fields                                                               */
/* ------------------------------------------------------------------ */

static const char *value(struct wb_row *w, const int *col, enum col c)
{
    const char *v = col[c] >= 0 ? rec_value(w->r, col[c]) : NULL;

    return v ? v : "";
}

/* A required id-like text: present, not too long, no control bytes. */
static const char *id_field(struct wb_row *w, struct arena *a, const int *col,
                            enum col c, int required)
{
    const char *v = value(w, col, c);
    const unsigned char *u;
    char *copy;

    if (!*v) {
        if (required)
            problem(w, c, "a value is required");
        return NULL;
    }
    if (strlen(v) > WB_ID_MAX) {
        problem(w, c,
                "the value is %zu characters long; the limit for %s is %zu "
                "(docs/FORMATS.md)",
                strlen(v), col_name[c], (size_t)WB_ID_MAX);
        return NULL;
    }
    for (u = (const unsigned char *)v; *u; u++)
        if (*u < 0x20 || *u == 0x7f) {
            problem(w, c, "'%s' holds a control character", v);
            return NULL;
        }
    copy = arena_strdup(a, v);
    if (!copy)
        w->bad = -1;
    return copy;
}

/* "974 760 673" -> "974760673", checked by its mod-11 digit. */
static const char *orgnr_field(struct wb_row *w, struct arena *a,
                               const int *col)
{
    const char *v = value(w, col, C_HAULIER);
    char digits9[16];
    size_t n = 0;
    char *copy;

    if (!*v) {
        problem(w, C_HAULIER, "a value is required");
        return NULL;
    }
    for (; *v; v++) {
        if (*v == ' ')
            continue;
        if (*v < '0' || *v > '9' || n == 9) {
            n = 10;
            break;
        }
        digits9[n++] = *v;
    }
    digits9[n < 10 ? n : 9] = '\0';
    if (n != 9 || !mf_orgnr_valid(digits9)) {
        problem(w, C_HAULIER,
                "'%s' is not an organisation number (9 digits with a mod-11 "
                "check digit)",
                value(w, col, C_HAULIER));
        return NULL;
    }
    if (!(copy = arena_strdup(a, digits9)))
        w->bad = -1;
    return copy;
}

/* "ek 12 345" -> "EK12345": letters and digits, 2 to 12 of them. */
static const char *vehicle_field(struct wb_row *w, struct arena *a,
                                 const int *col)
{
    const char *v = value(w, col, C_VEHICLE);
    char reg[16];
    size_t n = 0;
    char *copy;

    if (!*v) {
        problem(w, C_VEHICLE, "a value is required");
        return NULL;
    }
    for (; *v; v++) {
        char ch = *v;
        if (ch == ' ' || ch == '-')
            continue;
        if (ch >= 'a' && ch <= 'z')
            ch = (char)(ch - 'a' + 'A');
        if (!((ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9')) ||
            n == 12) {
            n = 0;
            break;
        }
        reg[n++] = ch;
    }
    reg[n] = '\0';
    if (n < 2) {
        problem(w, C_VEHICLE,
                "'%s' is not a registration (2 to 12 letters A-Z and digits; "
                "spaces and dashes are left out)",
                value(w, col, C_VEHICLE));
        return NULL;
    }
    if (!(copy = arena_strdup(a, reg)))
        w->bad = -1;
    return copy;
}

static int time_field(struct wb_row *w, const int *col, enum col c,
                      int64_t *out)
{
    struct mf_error e = {0};
    const char *v = value(w, col, c);

    if (!*v) {
        problem(w, c, "a value is required");
        return -1;
    }
    if (mf_time_parse(v, out, &e)) {
        problem_e(w, c, &e);
        return -1;
    }
    return 0;
}

static int number_field(struct wb_row *w, const int *col, enum col c,
                        double *out)
{
    struct mf_error e = {0};
    const char *v = value(w, col, c);

    if (!*v) {
        problem(w, c, "a value is required");
        return -1;
    }
    if (rec_parse_number(v, out, &e)) {
        problem_e(w, c, &e);
        return -1;
    }
    if (!isfinite(*out)) {
        problem(w, c, "%s is not a finite number", v);
        return -1;
    }
    return 0;
}

/* ------------------------------------------------------------------ */
/* Rows                                                                 */
/* ------------------------------------------------------------------ */

/* The tickets met so far, as 64-bit hashes of their ids (8 bytes a
 * ticket, not the id): a hash met again is confirmed, and its first line
 * found, by reading the file again from the start (first_line). */
struct idset {
    uint64_t *h; /* 0 = empty */
    size_t mask, n;
};

static uint64_t id_hash(const char *s)
{
    uint64_t h = 0x9E3779B97F4A7C15ULL;

    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 0x100000001B3ULL;
    h ^= h >> 33;
    h *= 0xFF51AFD7ED558CCDULL;
    h ^= h >> 33;
    h *= 0xC4CEB9FE1A85EC53ULL;
    h ^= h >> 33;
    return h ? h : 1;
}

/* 1 when h was there, 0 when added, -1 out of memory. */
static int idset_add(struct idset *d, uint64_t h)
{
    size_t i;

    if (4 * (d->n + 1) > 3 * (d->mask + 1)) {
        size_t cap = d->mask ? 2 * (d->mask + 1) : 1024, k;
        uint64_t *nh = calloc(cap, sizeof *nh);
        if (!nh)
            return -1;
        for (k = 0; d->h && k <= d->mask; k++)
            if (d->h[k]) {
                for (i = d->h[k] & (cap - 1); nh[i]; i = (i + 1) & (cap - 1))
                    ;
                nh[i] = d->h[k];
            }
        free(d->h);
        d->h = nh;
        d->mask = cap - 1;
    }
    for (i = h & d->mask; d->h[i]; i = (i + 1) & d->mask)
        if (d->h[i] == h)
            return 1;
    d->h[i] = h;
    d->n++;
    return 0;
}

/* The strings of a chunk in blocks of 1 MiB: a chunk of 4,096 rows fits
 * in one, and blocks that large are not handed back to the system and
 * faulted in again at every chunk (glibc keeps them once one is freed). */
#define WB_ARENA_BLOCK ((size_t)1 << 20)

struct mf_wb_reader {
    const struct mf_registry *reg;
    const struct mf_catalog *cat;
    struct rec_reader *r;
    struct mf_issues *is;
    char *label;
    const char *path; /* the file, or NULL: data and len */
    const char *data;
    size_t len;
    int col[C_COUNT];
    int missing; /* required columns missing: no rows are read */
    int done;
    struct idset ids;
    /* For mf_weighbridge_rows_hint: the bytes of the input, and the rows
     * of the first chunk with the bytes their fields took. */
    size_t size, sample_rows, sample_bytes;
    struct mf_weighbridge wb; /* the current chunk */
    struct mf_weighbridge_mem mem;
};

static int seen_before(struct wb_row *row, struct mf_wb_reader *w,
                       struct mf_wb_load *ld, struct mf_error *err);

static int read_row(struct wb_row *w, struct mf_wb_reader *rd,
                    unsigned long line, struct mf_wb_load *ld,
                    struct mf_error *err)
{
    const struct mf_registry *reg = rd->reg;
    const struct mf_catalog *cat = rd->cat;
    struct arena *a = &rd->mem.arena;
    const int *col = rd->col;
    struct mf_ticket *t = &ld->ticket;
    struct mf_receipt *rc = &ld->receipt;
    const char *v;
    double q;
    int have_arrival;

    memset(ld, 0, sizeof *ld);
    ld->line = line;
    t->id = w->id = id_field(w, a, col, C_TICKET, 1);
    if (t->id && seen_before(w, rd, ld, err))
        return MF_ENOMEM;
    time_field(w, col, C_DEPARTED, &t->departed);
    t->lot = id_field(w, a, col, C_LOT, 1);
    if (t->lot && reg && !mf_registry_lot(reg, t->lot))
        problem(w, C_LOT, "no lot '%s' is registered", t->lot);
    t->origin = id_field(w, a, col, C_ORIGIN, 1);
    if (t->origin && reg && !mf_registry_site(reg, t->origin))
        problem(w, C_ORIGIN, "no site '%s' is registered", t->origin);
    t->destination = id_field(w, a, col, C_DESTINATION, 1);
    if (t->destination && reg && !mf_registry_site(reg, t->destination))
        problem(w, C_DESTINATION, "no site '%s' is registered", t->destination);
    if (t->origin && t->destination && !strcmp(t->origin, t->destination))
        problem(w, C_DESTINATION, "the load goes to the site it leaves ('%s')",
                t->origin);
    t->haulier = orgnr_field(w, a, col);
    t->vehicle = vehicle_field(w, a, col);
    v = value(w, col, C_MATERIAL);
    t->material = -1;
    if (!*v) {
        problem(w, C_MATERIAL, "a value is required");
    } else if ((t->material = mf_catalog_resolve(cat, MF_CODE_MATERIAL, v)) <
               0) {
        const char *near = mf_catalog_suggest(cat, MF_CODE_MATERIAL, v);
        if (near)
            problem(w, C_MATERIAL,
                    "unknown %s '%s': did you mean '%s'? (data/%s.csv lists "
                    "the codes)",
                    "material", v, near, "materials");
        else
            problem(w, C_MATERIAL,
                    "unknown %s '%s' (data/%s.csv lists the codes)", "material",
                    v, "materials");
    }
    if (!number_field(w, col, C_QUANTITY, &q)) {
        if (!(q > 0))
            problem(w, C_QUANTITY, "%s: a load must be more than 0",
                    value(w, col, C_QUANTITY));
        t->quantity = q;
    }
    v = value(w, col, C_UNIT);
    t->state = *v ? mf_state_parse(v) : MF_STATE_T;
    if (t->state == MF_STATE_NONE)
        problem(w, C_UNIT, "'%s' is not a volume state (t, pfm3, ulm3 or pam3)",
                v);
    t->quality_doc = id_field(w, a, col, C_QUALITY_DOC, 0);

    /* The receipt, when the load arrived. */
    have_arrival = *value(w, col, C_ARRIVED) != '\0';
    if (!have_arrival) {
        if (*value(w, col, C_WEIGHED) || *value(w, col, C_STATUS) ||
            *value(w, col, C_RECEIPT))
            problem(w, C_ARRIVED,
                    "a value is required when weighed_t, status or receipt "
                    "is given");
        return w->bad < 0 ? MF_ENOMEM : MF_OK;
    }
    ld->has_receipt = 1;
    rc->ticket = t->id;
    rc->site = t->destination;
    if (!time_field(w, col, C_ARRIVED, &rc->arrived) &&
        rc->arrived < t->departed)
        problem(w, C_ARRIVED, "'%s' is before the departure",
                value(w, col, C_ARRIVED));
    rc->weighed_t = -1;
    if (*value(w, col, C_WEIGHED) && !number_field(w, col, C_WEIGHED, &q)) {
        if (q < 0)
            problem(w, C_WEIGHED, "%s: a weight cannot be negative",
                    value(w, col, C_WEIGHED));
        else if (q > 1000)
            problem(w, C_WEIGHED,
                    "%s: more than 1000 t on one weighing is no truckload",
                    value(w, col, C_WEIGHED));
        else
            rc->weighed_t = q;
    }
    v = value(w, col, C_STATUS);
    if (!*v || !strcmp(v, "accepted") || !strcmp(v, "godkjent"))
        rc->status = MF_RECEIPT_ACCEPTED;
    else if (!strcmp(v, "rejected") || !strcmp(v, "avvist"))
        rc->status = MF_RECEIPT_REJECTED;
    else
        problem(w, C_STATUS,
                "'%s' is not a status (accepted or rejected; godkjent or "
                "avvist)",
                v);
    rc->reason = id_field(w, a, col, C_REASON, 0);
    if (rc->status == MF_RECEIPT_REJECTED && !rc->reason)
        problem(w, C_REASON, "a rejected load must say why");
    rc->id = id_field(w, a, col, C_RECEIPT, 0);
    if (!rc->id && t->id) {
        char rid[WB_ID_MAX + 3];
        snprintf(rid, sizeof rid, "%s/R", t->id);
        if (!(rc->id = arena_strdup(a, rid)))
            w->bad = -1;
    }
    return w->bad < 0 ? MF_ENOMEM : MF_OK;
}

/* ------------------------------------------------------------------ */
/* Reading a chunk at a time                                            */
/* ------------------------------------------------------------------ */

/* Opens another reader of the same input, to look back. */
static int reopen(const struct mf_wb_reader *w, struct rec_reader **r,
                  struct mf_error *err)
{
    struct rec_opts ro = REC_OPTS_INIT;

    if (w->path)
        return rec_open_file_stream(r, w->path, &ro, 0, err);
    return rec_open_csv_mem(r, w->label, w->data, w->len, &ro, err);
}

/* The first line before `before` whose ticket is id, or 0 (a hash that
 * two ids share). */
static unsigned long first_line(const struct mf_wb_reader *w, const char *id,
                                unsigned long before, struct mf_error *err)
{
    struct rec_reader *r = NULL;
    unsigned long found = 0;
    int col;

    if (reopen(w, &r, err))
        return 0;
    col = rec_column(r, col_name[C_TICKET]);
    while (col >= 0 && rec_next(r, err) == 1) {
        const char *where = rec_where(r), *colon = strrchr(where, ':');
        unsigned long line = colon ? strtoul(colon + 1, NULL, 10) : 0;
        const char *v = rec_value(r, col);
        if (line >= before)
            break;
        if (v && !strcmp(v, id)) {
            found = line;
            break;
        }
    }
    rec_close(r);
    return found;
}

/* Whether the row's ticket was met earlier in the file: a problem naming
 * both lines. MF_ENOMEM or MF_OK. */
static int seen_before(struct wb_row *row, struct mf_wb_reader *w,
                       struct mf_wb_load *ld, struct mf_error *err)
{
    struct mf_weighbridge *wb = &w->wb;
    unsigned long first;
    struct mf_error e = {0};
    size_t i;
    int seen = idset_add(&w->ids, id_hash(ld->ticket.id));

    if (seen == 0)
        return MF_OK;
    if (seen < 0)
        return mf_error_set(err, MF_ENOMEM, "out of memory");
    first = 0;
    for (i = 0; i < wb->n && !first; i++)
        if (wb->loads[i].ticket.id &&
            !strcmp(wb->loads[i].ticket.id, ld->ticket.id))
            first = wb->loads[i].line;
    if (!first && w->is->max && w->is->n >= w->is->max) {
        /* Past the problems shown: counted, not looked up. */
        problem(row, C_TICKET, "ticket '%s' is in the file twice",
                ld->ticket.id);
    } else if (first || (first = first_line(w, ld->ticket.id, ld->line, &e))) {
        problem(row, C_TICKET, "ticket '%s' is in the file twice (line %lu)",
                ld->ticket.id, first);
    } else if (e.code == MF_ENOMEM) {
        return mf_error_set(err, MF_ENOMEM, "out of memory");
    }
    return MF_OK;
}

static int open_reader(const struct mf_registry *reg,
                       const struct mf_catalog *cat, const char *label,
                       struct rec_reader *r, struct mf_wb_reader *w,
                       struct mf_issues *is, struct mf_error *err)
{
    char where[160];
    int c;

    w->reg = reg;
    w->cat = cat;
    w->r = r;
    w->is = is;
    if (!(w->label = strdup(label))) {
        rec_close(r);
        w->r = NULL;
        return mf_error_set(err, MF_ENOMEM, "out of memory");
    }
    w->wb.mem = &w->mem;
    arena_init(&w->mem.arena, WB_ARENA_BLOCK);
    snprintf(w->wb.encoding, sizeof w->wb.encoding, "%s", rec_encoding_name(r));
    for (c = 0; c < C_COUNT; c++) {
        w->col[c] = rec_column(r, col_name[c]);
        if (w->col[c] < 0 && c < N_REQUIRED) {
            snprintf(where, sizeof where, "%s:1: %s", label, col_name[c]);
            mf_issues_add(is, MF_SEV_ERROR, "schema", MF_ENT_LOT, NULL, where,
                          "the column '%s' is missing (docs/FORMATS.md, "
                          "\"Weighbridge exports\")",
                          col_name[c]);
            w->missing = 1;
        }
    }
    return MF_OK;
}

static const struct mf_catalog *catalog_of(const struct mf_registry *reg,
                                           const struct mf_catalog *cat,
                                           struct mf_error *err)
{
    if (reg)
        cat = mf_registry_catalog(reg);
    if (!cat)
        mf_error_set(err, MF_EINVAL,
                     "reading tickets needs the material catalogue");
    return cat;
}

/* A reader over r (given over: closed on failure) for the export named
 * label: in memory (data, len), or streamed from the file at path label
 * when from_file. */
static int reader_new(const struct mf_registry *reg,
                      const struct mf_catalog *cat, const char *label,
                      struct rec_reader *r, const char *data, size_t len,
                      int from_file, struct mf_wb_reader **out,
                      struct mf_issues *is, struct mf_error *err)
{
    struct mf_wb_reader *w;
    int rc;

    if (!(w = calloc(1, sizeof *w))) {
        rec_close(r);
        return mf_error_set(err, MF_ENOMEM, "out of memory");
    }
    w->data = data;
    w->len = len;
    w->size = len;
    if (from_file) {
        struct stat sb;
        if (stat(label, &sb) == 0 && sb.st_size > 0)
            w->size = (size_t)sb.st_size;
    }
    if ((rc = open_reader(reg, cat, label, r, w, is, err))) {
        mf_weighbridge_close(w);
        return rc;
    }
    if (from_file)
        w->path = w->label;
    *out = w;
    return MF_OK;
}

int mf_weighbridge_open(const struct mf_registry *reg,
                        const struct mf_catalog *cat, const char *label,
                        const char *data, size_t len, struct mf_wb_reader **out,
                        struct mf_issues *is, struct mf_error *err)
{
    struct rec_opts ro = REC_OPTS_INIT;
    struct rec_reader *r = NULL;
    int rc;

    *out = NULL;
    if (!(cat = catalog_of(reg, cat, err)))
        return MF_EINVAL;
    if ((rc = rec_open_csv_mem(&r, label, data, len, &ro, err)))
        return rc;
    return reader_new(reg, cat, label, r, data, len, 0, out, is, err);
}

int mf_weighbridge_open_file(const struct mf_registry *reg,
                             const struct mf_catalog *cat, const char *path,
                             struct mf_wb_reader **out, struct mf_issues *is,
                             struct mf_error *err)
{
    struct rec_opts ro = REC_OPTS_INIT;
    struct rec_reader *r = NULL;
    int rc;

    *out = NULL;
    if (!(cat = catalog_of(reg, cat, err)))
        return MF_EINVAL;
    if ((rc = rec_open_file_stream(&r, path, &ro, 0, err)))
        return rc;
    return reader_new(reg, cat, path, r, NULL, 0, 1, out, is, err);
}

/* The bytes a record took in its file, near enough: its fields and a
 * separator after each (quotes are not counted). */
static size_t record_bytes(const struct rec_reader *r)
{
    size_t i, n = rec_n_columns(r), bytes = n;
    const char *v;

    for (i = 0; i < n; i++)
        if ((v = rec_value(r, (int)i)))
            bytes += strlen(v);
    return bytes;
}

long long mf_weighbridge_rows_hint(const struct mf_wb_reader *w)
{
    if (!w->sample_bytes)
        return (long long)w->sample_rows;
    return (long long)((double)w->size * (double)w->sample_rows /
                       (double)w->sample_bytes);
}

int mf_weighbridge_next(struct mf_wb_reader *w, size_t max,
                        const struct mf_weighbridge **chunk,
                        struct mf_error *err)
{
    struct mf_weighbridge *wb = &w->wb;
    struct wb_row row;
    int rc = MF_OK, sample;

    *chunk = wb;
    arena_free(&w->mem.arena);
    arena_init(&w->mem.arena, WB_ARENA_BLOCK);
    wb->n = wb->receipts = 0;
    if (w->missing || w->done)
        return MF_OK;
    memset(&row, 0, sizeof row);
    row.r = w->r;
    row.is = w->is;
    sample = !w->sample_rows;
    while (wb->n < max && (rc = rec_next(w->r, err)) == 1) {
        struct mf_wb_load *ld;
        const char *where, *colon;
        if (sample)
            w->sample_bytes += record_bytes(w->r);
        if (vec_reserve(wb->loads, w->mem.cap, wb->n + 1)) {
            rc = mf_error_set(err, MF_ENOMEM, "out of memory");
            break;
        }
        ld = &wb->loads[wb->n];
        row.bad = 0;
        row.id = NULL;
        where = rec_where(w->r);
        colon = strrchr(where, ':');
        if ((rc = read_row(&row, w, colon ? strtoul(colon + 1, NULL, 10) : 0,
                           ld, err)))
            break;
        rc = 1;
        wb->receipts += (size_t)ld->has_receipt;
        wb->n++;
    }
    if (sample)
        w->sample_rows = wb->n;
    if (rc == 1)
        return MF_OK;
    if (rc == 0)
        w->done = 1;
    if (rc < 0 && err && err->code != MF_ENOMEM && rc != MF_ENOMEM) {
        /* A file the CSV reader gives up on: a problem like any other. */
        mf_issues_add(w->is, MF_SEV_ERROR, "schema", MF_ENT_LOT, NULL,
                      err->where[0] ? err->where : w->label, "%s",
                      err->message);
        w->done = 1;
        rc = MF_OK;
    }
    return rc;
}

void mf_weighbridge_close(struct mf_wb_reader *w)
{
    if (!w)
        return;
    rec_close(w->r);
    arena_free(&w->mem.arena);
    free(w->wb.loads);
    free(w->ids.h);
    free(w->label);
    free(w);
}

/* The whole input as one chunk, for mf_weighbridge_read(_file). */
static int read_all(struct mf_wb_reader *w, struct mf_weighbridge **out,
                    struct mf_error *err)
{
    const struct mf_weighbridge *chunk;
    struct mf_weighbridge *wb;
    int rc = mf_weighbridge_next(w, (size_t)-1, &chunk, err);

    if (rc) {
        mf_weighbridge_close(w);
        return rc;
    }
    if (!(wb = calloc(1, sizeof *wb)) ||
        !(wb->mem = calloc(1, sizeof *wb->mem))) {
        free(wb);
        mf_weighbridge_close(w);
        return mf_error_set(err, MF_ENOMEM, "out of memory");
    }
    /* The chunk's loads and strings move to the result. */
    {
        struct mf_weighbridge_mem *mem = wb->mem;
        *wb = w->wb;
        *mem = w->mem;
        wb->mem = mem;
    }
    w->wb.loads = NULL;
    arena_init(&w->mem.arena, WB_ARENA_BLOCK);
    mf_weighbridge_close(w);
    *out = wb;
    return MF_OK;
}

int mf_weighbridge_read(const struct mf_registry *reg,
                        const struct mf_catalog *cat, const char *label,
                        const char *data, size_t len,
                        struct mf_weighbridge **out, struct mf_issues *is,
                        struct mf_error *err)
{
    struct mf_wb_reader *w;
    int rc;

    *out = NULL;
    if ((rc = mf_weighbridge_open(reg, cat, label, data, len, &w, is, err)))
        return rc;
    return read_all(w, out, err);
}

int mf_weighbridge_read_file(const struct mf_registry *reg,
                             const struct mf_catalog *cat, const char *path,
                             struct mf_weighbridge **out, struct mf_issues *is,
                             struct mf_error *err)
{
    struct mf_wb_reader *w;
    int rc;

    *out = NULL;
    if ((rc = mf_weighbridge_open_file(reg, cat, path, &w, is, err)))
        return rc;
    return read_all(w, out, err);
}

void mf_weighbridge_free(struct mf_weighbridge *wb)
{
    if (!wb)
        return;
    if (wb->mem) {
        arena_free(&wb->mem->arena);
        free(wb->mem);
    }
    free(wb->loads);
    free(wb);
}
