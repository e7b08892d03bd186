/*
 * error.h - status codes and the error record every fallible call fills.
 *
 * A function that can fail takes `struct mf_error *err` as its last
 * argument, fills it (when err is not NULL) and returns a negative
 * `enum mf_status`. `where` names the place in the input ("lots.csv:12:
 * quantity", "features[3].geometry"); `message` says which rule was broken,
 * in one line, without a trailing newline. docs/ERRORS.md lists every code.
 *
 * The message is English. When the format is one the message catalogue
 * lists among its problems (MF_MSG_PROBLEMS in masseflyt/msg_catalog.h),
 * the bokmål text is rendered from the same arguments as well, and
 * mf_error_text gives the message in the language asked for.
 */
#ifndef MF_ERROR_H
#define MF_ERROR_H

#include "masseflyt/msg.h"

#include <stdarg.h>

enum mf_status {
    MF_OK = 0,
    MF_ERR = -1,         /* unexpected failure; see message */
    MF_ENOMEM = -2,      /* out of memory */
    MF_EINVAL = -3,      /* input breaks a rule; `where` says which */
    MF_ENOTFOUND = -4,   /* no such record, file or option */
    MF_EINFEASIBLE = -5, /* no flow meets every supply and capacity */
    MF_ERANGE = -6,      /* a number or total is out of range */
    MF_EIO = -7,         /* reading or writing a file failed */
    MF_ESTORE = -8,      /* the storage backend failed */
    MF_EUNBOUNDED = -9,  /* a cost can fall without limit (negative cycle) */
    MF_EDAMAGED = -10,   /* the database is damaged: restore from a backup */
};

struct mf_error {
    enum mf_status code;
    char where[160];
    char message[320];
    char message_nb[320]; /* bokmål, or "" when the catalogue has none */
};

/* The message in lang: the bokmål rendering when there is one, else the
 * English message. */
const char *mf_error_text(const struct mf_error *err, enum mf_lang lang);

/* Fills *err (if err is not NULL) with code and a printf-style message,
 * clears `where`, and returns code. */
int mf_error_set(struct mf_error *err, enum mf_status code, const char *fmt,
                 ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;

/* As mf_error_set, and also sets `where` (may be NULL). */
int mf_error_at(struct mf_error *err, enum mf_status code, const char *where,
                const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 4, 5)))
#endif
    ;

/* Resets *err to MF_OK with empty strings. */
void mf_error_clear(struct mf_error *err);

/* A short constant name for a code: "invalid", "not_found", ... */
const char *mf_status_name(int code);

/* How a code is shown to users: the one table (src/lib/util/status_table.c)
 * that gives each code its exit status for the `masseflyt` program and its
 * HTTP status for the server. docs/ERRORS.md lists it. */
struct mf_status_info {
    int code;          /* enum mf_status */
    const char *name;  /* as mf_status_name() */
    int exit_status;   /* the program's exit status */
    int http_status;   /* the server's HTTP status */
    const char *title; /* a short English title for problem details */
};

/* The entry for code; an unknown code gets MF_ERR's entry. Never NULL. */
const struct mf_status_info *mf_status_info(int code);

#endif
