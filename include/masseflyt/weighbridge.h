/*
 * weighbridge.h - load tickets (and their receipts) from weighbridge
 * software exports: CSV, one row per truckload. docs/FORMATS.md
 * ("Weighbridge exports") describes every column.
 *
 * A read is all or nothing: every row is checked (the columns' own rules,
 * and, given a registry, that the lot, the sites and the material exist)
 * and every problem is listed as "file:line: column: rule"; the caller
 * writes nothing when any problem is found. Times are read as Norwegian
 * local time unless they carry an offset (mf_time_parse).
 */
#ifndef MF_WEIGHBRIDGE_H
#define MF_WEIGHBRIDGE_H

#include "masseflyt/custody.h"
#include "masseflyt/error.h"
#include "masseflyt/model.h"
#include "masseflyt/validate.h"

#include <stddef.h>
#include <stdint.h>

/* One row: its ticket, and the receipt when the row says the load
 * arrived (has_receipt). Strings are owned by the struct mf_weighbridge. */
struct mf_wb_load {
    struct mf_ticket ticket;
    int has_receipt;
    struct mf_receipt receipt;
    unsigned long line; /* where the row starts in the file */
};

struct mf_weighbridge {
    struct mf_wb_load *loads;
    size_t n;
    size_t receipts; /* rows with a receipt */
    char encoding[32];
    struct mf_weighbridge_mem *mem; /* private: the strings */
};

/* Reads a weighbridge export held in memory; label names it in problems
 * ("vekt.csv"). reg (may be NULL: no such checks) gives the lots, sites
 * and the material catalogue; without it a material must be a catalogue
 * code of cat (which may then not be NULL). Problems go to `is` as errors;
 * returns MF_OK (look at is->count[MF_SEV_ERROR]), or a negative status
 * for a file that cannot be read as CSV at all (err says why) or
 * MF_ENOMEM. On success *out is the caller's (mf_weighbridge_free), also
 * when problems were found. */
int mf_weighbridge_read(const struct mf_registry *reg,
                        const struct mf_catalog *cat, const char *label,
                        const char *data, size_t len,
                        struct mf_weighbridge **out, struct mf_issues *is,
                        struct mf_error *err);
/* The same, read from a file (CSV, as rec_open_file reads it: the file
 * is read once, not copied again); problems name it by path. */
int mf_weighbridge_read_file(const struct mf_registry *reg,
                             const struct mf_catalog *cat, const char *path,
                             struct mf_weighbridge **out, struct mf_issues *is,
                             struct mf_error *err);
void mf_weighbridge_free(struct mf_weighbridge *wb);

/* The same reading a chunk at a time, so that memory does not grow with
 * the file (a large UTF-8 file is read a window at a time:
 * rec_open_file_stream): open, then mf_weighbridge_next until it gives an
 * empty chunk, then close. Each chunk holds up to max rows, checked as
 * above (a ticket id met again anywhere earlier in the file is a problem
 * naming both lines); it is valid until the next call. Problems go to `is`
 * as they are met; the caller keeps nothing when there were any. For
 * mf_weighbridge_open, data must stay valid until the close. */
struct mf_wb_reader;
int mf_weighbridge_open(const struct mf_registry *reg,
                        const struct mf_catalog *cat, const char *label,
                        const char *data, size_t len, struct mf_wb_reader **out,
                        struct mf_issues *is, struct mf_error *err);
int mf_weighbridge_open_file(const struct mf_registry *reg,
                             const struct mf_catalog *cat, const char *path,
                             struct mf_wb_reader **out, struct mf_issues *is,
                             struct mf_error *err);
int mf_weighbridge_next(struct mf_wb_reader *w, size_t max,
                        const struct mf_weighbridge **chunk,
                        struct mf_error *err);
void mf_weighbridge_close(struct mf_wb_reader *w);
/* About how many rows the input holds, from its size in bytes and the
 * bytes the rows of the first chunk took (0 before the first chunk);
 * for a store told the size of a bulk load, not exact. */
long long mf_weighbridge_rows_hint(const struct mf_wb_reader *w);

/* A moment as people in Norway write it: "2026-03-02 07:15",
 * "2026-03-02T07:15:30", "02.03.2026 07:15", with an optional "Z" or
 * "+01:00" offset. Without an offset the time is Norwegian local time
 * (CET, and CEST from the last Sunday of March 01:00 UTC to the last
 * Sunday of October 01:00 UTC); a local time the clocks skip or repeat
 * is read as the earlier offset. *out is seconds since 1970 UTC.
 * MF_EINVAL with a message saying what was wrong (no `where`). */
int mf_time_parse(const char *s, int64_t *out, struct mf_error *err);
/* Formats t as Norwegian local time "YYYY-MM-DD HH:MM" into buf. */
char *mf_time_format(int64_t t, char *buf, size_t len);

#endif
