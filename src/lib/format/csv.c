/*
 * csv.c - the CSV reader behind format/records.h: CSV as it is written in
 * Norway, mostly by Excel (';' and decimal comma), sometimes by other
 * tools (',' or TAB).
 *
 * The whole input is decoded to UTF-8 first (records.c), then tokenised
 * in place: a value is a pointer into the text, ended by a NUL written
 * over its separator, and a quoted value is unescaped by moving its bytes
 * down. So a record costs no allocation and one pass over its bytes.
 *
 * Dialect (docs/FORMATS.md, "CSV dialect"): RFC 4180 quoting; LF, CRLF
 * or a lone CR end a line; the separator is ';', ',' or TAB, whichever
 * the header line has most of outside quotes (';' wins ties, then TAB);
 * blank rows are skipped; a short row has "" for its missing cells; extra
 * cells must be empty. Places count physical lines from 1, so a record's
 * line is the one it starts on even after quoted newlines.
 */
#include "format/records_int.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <unistd.h>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

struct csv {
    char *text; /* the decoded text, owned */
    char *pos;  /* where the next field starts */
    char *end;  /* the NUL after the text */
    unsigned long long line;
    size_t max_field;
    char sep;
    /* A file read a window at a time (csv_open_stream; fd -1 otherwise):
     * text holds the bytes from file offset `off`, cut after the last line
     * end it holds (a NUL written there) until the file's end is in it
     * (`eof`). A record that runs past the cut is read again from its
     * start into a window twice as large. */
    int fd;
    int eof;
    off_t off;
    size_t cap;
};

/* FIELD_CUT: the field ran into the end of a window, not of the file. */
enum { FIELD_SEP, FIELD_EOL, FIELD_EOF, FIELD_CUT };

/* Whether a field that ended at the text's NUL ended at a window's cut. */
static int at_cut(const struct csv *st)
{
    return st->fd >= 0 && !st->eof;
}

/* Reads the window that starts at `from` (a place in the current text,
 * where a record starts); grow: first double the window (the record at
 * `from` did not fit). */
static int csv_fill(struct rec_reader *r, struct csv *st, const char *from,
                    int grow, struct mf_error *err)
{
    off_t off = st->off + (off_t)(from - st->text);

    for (;;) {
        size_t have = 0;
        size_t b;

        if (grow) {
            char *t;

            if (st->cap > ((size_t)-1) / 4) {
                return mf_error_set(err, MF_ENOMEM, "out of memory");
            }
            t = realloc(st->text, st->cap * 2 + REC_PAD);
            if (!t)
                return mf_error_set(err, MF_ENOMEM, "out of memory");
            st->text = t;
            st->cap *= 2;
        }
        grow = 1;
        st->eof = 0;
        while (have < st->cap) {
            ssize_t k = pread(st->fd, st->text + have, st->cap - have,
                              off + (off_t)have);

            if (k < 0 && errno == EINTR)
                continue;
            if (k < 0) {
                char msg[128];

                strerror_r(errno, msg, sizeof msg);
                return mf_error_at(err, MF_EIO, r->label, "cannot read: %s",
                                   msg);
            }
            if (k == 0) {
                st->eof = 1;
                break;
            }
            have += (size_t)k;
        }
        if (st->eof) {
            b = have;
        } else {
            /* After the last line end that is not the window's last byte
             * (a CR there may be the half of a CRLF). */
            for (b = have - 1; b > 0; b--) {
                char c = st->text[b - 1];

                if (c == '\n' || (c == '\r' && st->text[b] != '\n'))
                    break;
            }
            if (b == 0)
                continue; /* no line end: a larger window */
        }
        st->text[b] = '\0';
        st->off = off;
        st->pos = st->text;
        st->end = st->text + b;
        return MF_OK;
    }
}

static void set_sep(struct csv *st, char sep)
{
    st->sep = sep;
}

/* Whether c can separate fields when the caller forces it. */
static int sep_allowed(char c)
{
    if (c == '\t')
        return 1;
    if (c <= ' ' || c >= 0x7F || c == '"')
        return 0;
    return !((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
             (c >= 'A' && c <= 'Z'));
}

/* The separator the record at p uses most, outside quotes. A quote opens
 * a quoted field only at the start of a field, as csv_field sees it. */
static char detect_sep(const char *p, char fallback)
{
    size_t semi = 0;
    size_t comma = 0;
    size_t tab = 0;
    int field_start = 1;

    while (*p && *p != '\n' && *p != '\r') {
        char c = *p++;

        if (c == '"' && field_start) {
            while (*p) {
                if (*p == '"' && p[1] == '"') {
                    p += 2;
                } else if (*p == '"') {
                    p++;
                    break;
                } else {
                    p++;
                }
            }
            field_start = 0;
        } else if (c == ';' || c == ',' || c == '\t') {
            semi += c == ';';
            comma += c == ',';
            tab += c == '\t';
            field_start = 1;
        } else if (c != ' ') {
            field_start = 0;
        }
    }
    if (semi == 0 && comma == 0 && tab == 0)
        return fallback;
    if (semi >= tab && semi >= comma)
        return ';';
    if (tab >= comma)
        return '\t';
    return ',';
}

static int is_pad(const struct csv *st, char c)
{
    return c == ' ' || (c == '\t' && st->sep != '\t');
}

/* The first byte at or after p that is `stop`, CR, LF or the final NUL:
 * the end of an unquoted field (stop = the separator) or of a run of
 * plain text inside quotes (stop = '"'). The text is followed by REC_PAD
 * zero bytes, so blocks of 16 (SSE2) or 8 bytes may be read without a
 * bounds check: the block that holds the final NUL is the last one read.
 *
 * Without SSE2, eight bytes are tested at once with the zero-byte test of
 * "Bit Twiddling Hacks" (S. E. Anderson). On a little-endian machine the
 * lowest flag marks the first such byte (false flags only appear above a
 * true one); elsewhere the byte is found one by one. */
#if defined(__SSE2__)
static char *find_end(char *p, char stop)
{
    const __m128i vsep = _mm_set1_epi8(stop);
    const __m128i vlf = _mm_set1_epi8('\n');
    const __m128i vcr = _mm_set1_epi8('\r');
    const __m128i vnul = _mm_setzero_si128();

    for (;;) {
        __m128i v = _mm_loadu_si128((const __m128i *)(const void *)p);
        __m128i m = _mm_or_si128(
            _mm_or_si128(_mm_cmpeq_epi8(v, vsep), _mm_cmpeq_epi8(v, vlf)),
            _mm_or_si128(_mm_cmpeq_epi8(v, vcr), _mm_cmpeq_epi8(v, vnul)));
        unsigned mask = (unsigned)_mm_movemask_epi8(m);

        /* The lowest set bit is the first byte that matched. */
        if (mask)
            return p + __builtin_ctz(mask);
        p += 16;
    }
}
#else
static char *find_end(char *p, char stop)
{
    const uint64_t ones = 0x0101010101010101ULL;
    const uint64_t high = 0x8080808080808080ULL;
    const uint64_t lf = ones * '\n';
    const uint64_t cr = ones * '\r';
    const uint64_t sw = ones * (unsigned char)stop;
    const uint16_t probe = 1;
    unsigned char little;
    uint64_t z;

    memcpy(&little, &probe, 1);
    for (;;) {
        uint64_t v;
        uint64_t a;
        uint64_t b;
        uint64_t c;

        memcpy(&v, p, 8);
        a = v ^ sw;
        b = v ^ lf;
        c = v ^ cr;
        z = (((v - ones) & ~v) | ((a - ones) & ~a) | ((b - ones) & ~b) |
             ((c - ones) & ~c)) &
            high;
        if (z)
            break;
        p += 8;
    }
    if (little) {
        /* The lowest flag is bit 8k+7; (bit - 1) has k+1 low bytes with
         * their lowest bit set, and the multiply adds them up in the top
         * byte. */
        uint64_t bit = z & (~z + 1);

        return p + ((((bit - 1) & ones) * ones) >> 56) - 1;
    }
    while (*p != stop && *p != '\n' && *p != '\r' && *p != '\0')
        p++;
    return p;
}
#endif

/* The end of an unquoted field. */
static char *find_stop(char *p, const struct csv *st)
{
    return find_end(p, st->sep);
}

/* Fails with a place that names the line and the field. */
static int field_error(struct rec_reader *r, unsigned long long line,
                       const char *col, size_t field_no, struct mf_error *err,
                       const char *msg)
{
    char place[160];
    char name[32];

    if (!col) {
        snprintf(name, sizeof name, "field %zu", field_no + 1);
        col = name;
    }
    rec_place(place, sizeof place, r->label, line, col);
    return mf_error_at(err, MF_EINVAL, place, "%s", msg);
}

/* Any field at st->pos, quoted or not, with or without pads before it.
 * Sets *start and *len (unescaped, untrimmed). */
static int slow_field(struct rec_reader *r, struct csv *st, const char *col,
                      size_t field_no, char **start, size_t *len,
                      struct mf_error *err)
{
    unsigned long long line0 = st->line;
    char *p = st->pos;
    char *w;
    char *rd;
    int kind;
    char c;

    while (is_pad(st, *p))
        p++;
    if (*p != '"') {
        /* An unquoted field; pads before it are trimmed later. */
        *start = st->pos;
        p = find_stop(p, st);
        *len = (size_t)(p - *start);
        c = *p;
        if (c == '\0') {
            st->pos = p;
            return FIELD_EOF;
        }
        *p++ = '\0';
        kind = FIELD_SEP;
        if (c != st->sep) {
            kind = FIELD_EOL;
            st->line++;
            if (c == '\r' && *p == '\n')
                p++;
        }
        st->pos = p;
        return kind;
    }
    w = p + 1;
    rd = p + 1;
    *start = w;
    for (;;) {
        /* Move the plain run down over the escapes seen so far. */
        char *q = find_end(rd, '"');

        if (w != rd)
            memmove(w, rd, (size_t)(q - rd));
        w += q - rd;
        rd = q;
        c = *rd;
        if (c == '"') {
            if (rd[1] == '"') {
                *w++ = '"';
                rd += 2;
                continue;
            }
            rd++;
            break;
        }
        if (c == '\0') {
            char place[160];

            if (at_cut(st))
                return FIELD_CUT;
            rec_place(place, sizeof place, r->label, line0, NULL);
            return mf_error_at(err, MF_EINVAL, place,
                               "a quoted field that starts on this line is "
                               "never closed (a '\"' is missing)");
        }
        if (c == '\r') {
            /* A line end inside quotes is kept as one LF. */
            st->line++;
            if (rd[1] == '\n')
                rd++;
            c = '\n';
        } else if (c == '\n') {
            st->line++;
        }
        *w++ = c;
        rd++;
    }
    while (is_pad(st, *rd))
        rd++;
    c = *rd;
    if (c == st->sep) {
        kind = FIELD_SEP;
        rd++;
    } else if (c == '\n' || c == '\r') {
        kind = FIELD_EOL;
        st->line++;
        rd++;
        if (c == '\r' && *rd == '\n')
            rd++;
    } else if (c == '\0') {
        kind = FIELD_EOF;
    } else {
        return field_error(r, st->line, col, field_no, err,
                           "text after the closing quote of a quoted field; "
                           "a '\"' inside quotes must be doubled (\"\")");
    }
    *w = '\0';
    *len = (size_t)(w - *start);
    st->pos = rd;
    return kind;
}

/* Parses the field at st->pos: *val gets its trimmed, NUL-terminated
 * text. `col` names the field for errors (may be NULL, then field_no is
 * used). Returns FIELD_SEP, FIELD_EOL, FIELD_EOF or a negative status. */
static int csv_field(struct rec_reader *r, struct csv *st, const char *col,
                     size_t field_no, char **val, struct mf_error *err)
{
    char *start = st->pos;
    unsigned long long line0 = st->line;
    size_t len;
    int kind;

    kind = slow_field(r, st, col, field_no, &start, &len, err);
    if (kind < 0 || kind == FIELD_CUT)
        return kind;
    if (len > st->max_field) {
        char msg[64];

        snprintf(msg, sizeof msg, "a field is longer than %zu bytes",
                 st->max_field);
        return field_error(r, line0, col, field_no, err, msg);
    }
    *val = rec_trim(start, &len);
    return kind;
}

/* The common case of csv_field, kept small to be inlined: an unquoted
 * field within the cap. Returns -1 (having changed nothing) for any
 * other field. */
static inline int plain_field(struct csv *st, char **val)
{
    char *start = st->pos;
    char *p;
    size_t len;
    int kind;
    char c = *start;

    if (c == '"' || is_pad(st, c))
        return -1;
    p = find_stop(start, st);
    len = (size_t)(p - start);
    if (len > st->max_field)
        return -1;
    c = *p;
    if (c == st->sep) {
        kind = FIELD_SEP;
        *p++ = '\0';
    } else if (c == '\0') {
        kind = FIELD_EOF;
    } else {
        kind = FIELD_EOL;
        st->line++;
        *p++ = '\0';
        if (c == '\r' && *p == '\n')
            p++;
    }
    st->pos = p;
    /* Most fields have nothing to trim: look at both ends first. */
    if (len &&
        ((unsigned char)start[0] <= ' ' || (unsigned char)start[0] >= 0xC2 ||
         (unsigned char)start[len - 1] <= ' ' ||
         (unsigned char)start[len - 1] >= 0xA0))
        start = rec_trim(start, &len);
    *val = start;
    return kind;
}

/* Reads the header: the first row that is not blank. */
static int csv_header(struct rec_reader *r, struct csv *st, int sep_forced,
                      char fallback_sep, struct mf_error *err)
{
    char **names = NULL;
    size_t n = 0;
    size_t cap = 0;
    size_t i;
    unsigned long long line0 = 1;
    int rc = MF_OK;

    for (;;) {
        int kind;
        int any = 0;
        char *start;

        if (st->pos >= st->end && at_cut(st)) {
            if ((rc = csv_fill(r, st, st->pos, 0, err)))
                goto done;
            continue;
        }
        if (st->pos >= st->end) {
            rc = mf_error_at(err, MF_EINVAL, r->label,
                             "the file is empty: no header line");
            goto done;
        }
        if (!sep_forced)
            set_sep(st, detect_sep(st->pos, fallback_sep));
        line0 = st->line;
        start = st->pos;
        n = 0;
        do {
            char *v;

            kind = plain_field(st, &v);
            if (kind < 0)
                kind = csv_field(r, st, NULL, n, &v, err);
            if (kind < 0) {
                rc = kind;
                goto done;
            }
            if (kind == FIELD_CUT || (kind == FIELD_EOF && at_cut(st)))
                break;
            if (*v)
                any = 1;
            if (n >= REC_MAX_COLUMNS) {
                if (*v) {
                    char place[160];

                    rec_place(place, sizeof place, r->label, line0, NULL);
                    rc = mf_error_at(err, MF_EINVAL, place,
                                     "the header has more than %d columns",
                                     REC_MAX_COLUMNS);
                    goto done;
                }
                continue;
            }
            if (n == cap) {
                size_t nc = cap ? cap * 2 : 32;
                char **p = realloc(names, nc * sizeof *p);

                if (!p) {
                    rc = mf_error_set(err, MF_ENOMEM, "out of memory");
                    goto done;
                }
                names = p;
                cap = nc;
            }
            names[n++] = v;
        } while (kind == FIELD_SEP);
        if (kind == FIELD_CUT || (kind == FIELD_EOF && at_cut(st))) {
            st->line = line0;
            if ((rc = csv_fill(r, st, start, 1, err)))
                goto done;
            continue;
        }
        if (any)
            break;
    }
    /* A separator at the end of the header (as some exports write) gives
     * empty names at the end: they are not columns. */
    while (n > 0 && names[n - 1][0] == '\0')
        n--;
    for (i = 0; i < n; i++) {
        size_t len = strlen(names[i]);
        char place[160];
        int idx;
        int added;

        rec_place(place, sizeof place, r->label, line0, NULL);
        if (len == 0) {
            rc = mf_error_at(err, MF_EINVAL, place,
                             "column %zu of the header has no name", i + 1);
            goto done;
        }
        rec_lower_ascii(names[i], len);
        rc = rec_column_add(r, names[i], len, &idx, &added, err);
        if (rc)
            goto done;
        if (!added) {
            rc = mf_error_at(err, MF_EINVAL, place,
                             "column '%s' appears twice in the header "
                             "(columns %d and %zu)",
                             names[i], idx + 1, i + 1);
            goto done;
        }
    }
    rc = rec_vals_init(r, err);
done:
    free(names);
    return rc;
}

static int csv_next(struct rec_reader *r, struct mf_error *err)
{
    struct csv *st = r->impl;
    const char **vals = r->vals;
    size_t n = r->n_cols;

    for (;;) {
        unsigned long long line0;
        size_t i = 0;
        int extra = 0;
        int any = 0;
        int kind;
        int rc;
        char *start;

        if (st->pos >= st->end) {
            if (!at_cut(st))
                return 0;
            if ((rc = csv_fill(r, st, st->pos, 0, err)))
                return rc;
            continue;
        }
        line0 = st->line;
        start = st->pos;
        do {
            char *v;

            kind = plain_field(st, &v);
            if (kind < 0) {
                kind = csv_field(r, st, i < n ? r->names[i] : NULL, i, &v, err);
                if (kind < 0)
                    return kind;
            }
            if (kind == FIELD_CUT || (kind == FIELD_EOF && at_cut(st)))
                break;
            if (i < n)
                vals[i] = v;
            else if (*v)
                extra = 1;
            any |= *v != '\0';
            i++;
        } while (kind == FIELD_SEP);
        if (kind == FIELD_CUT || (kind == FIELD_EOF && at_cut(st))) {
            /* The record runs past the window: read it again. */
            st->line = line0;
            if ((rc = csv_fill(r, st, start, 1, err)))
                return rc;
            continue;
        }
        if (!any)
            continue; /* a blank line, or only separators */
        if (extra) {
            char place[160];
            char sep[4] = {st->sep, '\0', '\0', '\0'};

            if (st->sep == '\t')
                memcpy(sep, "TAB", 4);
            rec_place(place, sizeof place, r->label, line0, NULL);
            return mf_error_at(err, MF_EINVAL, place,
                               "the row has %zu fields, but the header has "
                               "%zu; quote a value that holds the "
                               "separator '%s'",
                               i, n, sep);
        }
        for (; i < n; i++)
            vals[i] = "";
        rec_where_num(r, line0, NULL);
        return 1;
    }
}

static void csv_close(struct rec_reader *r)
{
    struct csv *st = r->impl;

    if (st) {
        if (st->fd >= 0)
            close(st->fd);
        free(st->text);
        free(st);
    }
    r->impl = NULL;
}

static const struct rec_ops csv_ops = {csv_next, csv_close};

int csv_open(struct rec_reader *r, char *data, size_t len,
             const struct rec_opts *opts, char default_sep,
             struct mf_error *err)
{
    const struct rec_opts defaults = REC_OPTS_INIT;
    struct csv *st;
    char *text;
    size_t start;
    size_t tlen;
    const char *name;
    char sep;
    int rc;

    if (!opts)
        opts = &defaults;
    sep = opts->separator ? opts->separator : default_sep;
    if ((unsigned)opts->encoding > REC_ENC_LATIN1) {
        free(data);
        return mf_error_set(err, MF_EINVAL, "unknown encoding %d",
                            (int)opts->encoding);
    }
    if (sep && !sep_allowed(sep)) {
        free(data);
        return mf_error_set(
            err, MF_EINVAL, "'%c' (0x%02X) cannot separate fields",
            sep > ' ' && sep < 0x7F ? sep : '?', (unsigned char)sep);
    }
    st = calloc(1, sizeof *st);
    if (!st) {
        free(data);
        return mf_error_set(err, MF_ENOMEM, "out of memory");
    }
    rc = rec_decode(data, len, opts->encoding, r->label, &text, &start, &tlen,
                    &name, err);
    if (rc) {
        free(st);
        return rc;
    }
    st->text = text;
    st->pos = text + start;
    st->end = st->pos + tlen;
    st->line = 1;
    st->fd = -1;
    st->max_field =
        opts->max_field_bytes ? opts->max_field_bytes : REC_DEFAULT_MAX_FIELD;
    set_sep(st, sep ? sep : ';');
    r->impl = st;
    r->ops = &csv_ops;
    r->encoding_name = name;
    rc = rec_where_prefix(r, ":", err);
    if (rc)
        return rc;
    return csv_header(r, st, sep != 0, ';', err);
}

int csv_open_stream(struct rec_reader *r, int fd, size_t skip, size_t window,
                    const struct rec_opts *opts, char default_sep,
                    struct mf_error *err)
{
    const struct rec_opts defaults = REC_OPTS_INIT;
    struct csv *st;
    char sep;
    int rc;

    if (!opts)
        opts = &defaults;
    sep = opts->separator ? opts->separator : default_sep;
    if (sep && !sep_allowed(sep)) {
        close(fd);
        return mf_error_set(
            err, MF_EINVAL, "'%c' (0x%02X) cannot separate fields",
            sep > ' ' && sep < 0x7F ? sep : '?', (unsigned char)sep);
    }
    st = calloc(1, sizeof *st);
    if (!st || !(st->text = malloc((window < 64 ? 64 : window) + REC_PAD))) {
        free(st);
        close(fd);
        return mf_error_set(err, MF_ENOMEM, "out of memory");
    }
    st->fd = fd;
    st->cap = window < 64 ? 64 : window;
    st->off = (off_t)skip;
    st->pos = st->end = st->text;
    st->line = 1;
    st->max_field =
        opts->max_field_bytes ? opts->max_field_bytes : REC_DEFAULT_MAX_FIELD;
    set_sep(st, sep ? sep : ';');
    r->impl = st;
    r->ops = &csv_ops;
    if ((rc = csv_fill(r, st, st->text, 0, err)))
        return rc;
    rc = rec_where_prefix(r, ":", err);
    if (rc)
        return rc;
    return csv_header(r, st, sep != 0, ';', err);
}
