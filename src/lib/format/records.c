/*
 * records.c - the shared half of format/records.h: opening files and memory,
 * dispatching to csv.c or geojson.c, the column table and the current
 * record, places for errors, the decoding of bytes to UTF-8, and numbers
 * as Norwegians write them (rec_parse_number).
 *
 * Decoding runs once over the whole input before any parsing, so the
 * parsers see NUL-terminated UTF-8 without a BOM and without NUL bytes.
 * UTF-8 is validated strictly (no overlong forms, no surrogates), skipping
 * plain ASCII 16 or 8 bytes at a time; other encodings are converted in
 * one more pass. Numbers are checked by hand (grouping, marks, units),
 * then read exactly: with at most 15 digits and a power of ten up to 22
 * by one division or multiplication (W. D. Clinger, "How to read floating
 * point numbers accurately", PLDI 1990), otherwise by strtod.
 */
#include "format/records.h"

#include <errno.h>
#include <fcntl.h>
#include <locale.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "format/records_int.h"

/* ------------------------------------------------------------------ */
/* The reader: columns, values, places                                 */
/* ------------------------------------------------------------------ */

int rec_reader_new(struct rec_reader **out, const char *label,
                   struct mf_error *err)
{
    struct rec_reader *r;
    size_t n;

    *out = NULL;
    if (!label)
        label = "input";
    r = calloc(1, sizeof *r);
    if (!r)
        return mf_error_set(err, MF_ENOMEM, "out of memory");
    n = strlen(label);
    r->label = malloc(n + 1);
    if (!r->label) {
        free(r);
        return mf_error_set(err, MF_ENOMEM, "out of memory");
    }
    memcpy(r->label, label, n + 1);
    r->encoding_name = "UTF-8";
    strmap_init(&r->colmap);
    arena_init(&r->names_arena, 4096);
    *out = r;
    return MF_OK;
}

void rec_close(struct rec_reader *r)
{
    if (!r)
        return;
    if (r->ops && r->ops->close)
        r->ops->close(r);
    strmap_free(&r->colmap);
    arena_free(&r->names_arena);
    free(r->names);
    free(r->vals);
    free(r->where);
    free(r->label);
    free(r);
}

int rec_column_add(struct rec_reader *r, const char *name, size_t len, int *idx,
                   int *added, struct mf_error *err)
{
    char *copy;
    int i;

    *added = 0;
    copy = arena_strndup(&r->names_arena, name, len);
    if (!copy)
        return mf_error_set(err, MF_ENOMEM, "out of memory");
    i = strmap_get(&r->colmap, copy);
    if (i >= 0) {
        /* The copy stays in the arena until the reader closes; names are
         * few, so the waste is bounded by the input's header. */
        *idx = i;
        return MF_OK;
    }
    if (r->n_cols >= REC_MAX_COLUMNS)
        return mf_error_at(err, MF_EINVAL, r->label, "more than %d columns",
                           REC_MAX_COLUMNS);
    if (r->n_cols == r->cap_cols) {
        size_t nc = r->cap_cols ? r->cap_cols * 2 : 16;
        char **p = realloc(r->names, nc * sizeof *p);

        if (!p)
            return mf_error_set(err, MF_ENOMEM, "out of memory");
        r->names = p;
        r->cap_cols = nc;
    }
    if (strmap_put(&r->colmap, copy, (int)r->n_cols))
        return mf_error_set(err, MF_ENOMEM, "out of memory");
    r->names[r->n_cols] = copy;
    *idx = (int)r->n_cols;
    *added = 1;
    r->n_cols++;
    return MF_OK;
}

int rec_vals_init(struct rec_reader *r, struct mf_error *err)
{
    free(r->vals);
    r->vals = calloc(r->n_cols ? r->n_cols : 1, sizeof *r->vals);
    if (!r->vals)
        return mf_error_set(err, MF_ENOMEM, "out of memory");
    return MF_OK;
}

int rec_where_prefix(struct rec_reader *r, const char *sep,
                     struct mf_error *err)
{
    size_t nl = strlen(r->label);
    size_t ns = strlen(sep);

    free(r->where);
    /* Room for the prefix, 20 digits, a short suffix and the NUL. */
    r->where_cap = nl + ns + 32;
    r->where = malloc(r->where_cap);
    if (!r->where)
        return mf_error_set(err, MF_ENOMEM, "out of memory");
    memcpy(r->where, r->label, nl);
    memcpy(r->where + nl, sep, ns);
    r->where_prefix = nl + ns;
    r->where[r->where_prefix] = '\0';
    return MF_OK;
}

void rec_where_num(struct rec_reader *r, unsigned long long n,
                   const char *suffix)
{
    char digits[24];
    size_t nd = 0;
    char *p = r->where + r->where_prefix;
    size_t room = r->where_cap - r->where_prefix;

    /* This runs once per record, so it avoids snprintf. */
    do {
        digits[nd++] = (char)('0' + n % 10);
        n /= 10;
    } while (n);
    while (nd && room > 1) {
        *p++ = digits[--nd];
        room--;
    }
    while (suffix && *suffix && room > 1) {
        *p++ = *suffix++;
        room--;
    }
    *p = '\0';
}

void rec_place(char *dst, size_t cap, const char *label,
               unsigned long long line, const char *col)
{
    if (col)
        snprintf(dst, cap, "%s:%llu: %s", label, line, col);
    else
        snprintf(dst, cap, "%s:%llu", label, line);
}

void rec_lower_ascii(char *s, size_t len)
{
    size_t i;

    for (i = 0; i < len; i++)
        if (s[i] >= 'A' && s[i] <= 'Z')
            s[i] = (char)(s[i] - 'A' + 'a');
}

/* Length of the white space character at s (0 if none); s has n bytes. */
static size_t space_at(const unsigned char *s, size_t n)
{
    if (n == 0)
        return 0;
    switch (s[0]) {
    case ' ':
    case '\t':
    case '\r':
    case '\n':
    case '\v':
    case '\f':
        return 1;
    case 0xC2:
        return n >= 2 && s[1] == 0xA0 ? 2 : 0;
    case 0xE2:
        return n >= 3 && s[1] == 0x80 && s[2] == 0xAF ? 3 : 0;
    }
    return 0;
}

/* Length of the white space character ending at s[n-1] (0 if none). */
static size_t space_before(const unsigned char *s, size_t n)
{
    if (n == 0)
        return 0;
    switch (s[n - 1]) {
    case ' ':
    case '\t':
    case '\r':
    case '\n':
    case '\v':
    case '\f':
        return 1;
    case 0xA0:
        return n >= 2 && s[n - 2] == 0xC2 ? 2 : 0;
    case 0xAF:
        return n >= 3 && s[n - 3] == 0xE2 && s[n - 2] == 0x80 ? 3 : 0;
    }
    return 0;
}

/* Bounds of s[0..len) without surrounding white space. */
static void trim_bounds(const char *s, size_t len, size_t *b, size_t *e)
{
    const unsigned char *u = (const unsigned char *)s;
    size_t i = 0;
    size_t j = len;
    size_t k;

    while ((k = space_at(u + i, j - i)) != 0)
        i += k;
    while ((k = space_before(u + i, j - i)) != 0)
        j -= k;
    *b = i;
    *e = j;
}

char *rec_trim(char *s, size_t *len)
{
    size_t b;
    size_t e;

    trim_bounds(s, *len, &b, &e);
    s[e] = '\0';
    *len = e - b;
    return s + b;
}

/* ------------------------------------------------------------------ */
/* Public accessors                                                    */
/* ------------------------------------------------------------------ */

size_t rec_n_columns(const struct rec_reader *r)
{
    return r->n_cols;
}

const char *rec_column_name(const struct rec_reader *r, size_t i)
{
    return i < r->n_cols ? r->names[i] : NULL;
}

int rec_column(const struct rec_reader *r, const char *name)
{
    return strmap_get(&r->colmap, name);
}

int rec_next(struct rec_reader *r, struct mf_error *err)
{
    int rc;
    size_t i;

    if (r->finished) {
        r->have_record = 0;
        return 0;
    }
    rc = r->ops->next(r, err);
    r->have_record = rc == 1;
    if (rc <= 0) {
        r->finished = 1;
        for (i = 0; i < r->n_cols; i++)
            r->vals[i] = NULL;
    }
    return rc;
}

const char *rec_value(const struct rec_reader *r, int i)
{
    if (i < 0 || (size_t)i >= r->n_cols || !r->vals)
        return NULL;
    return r->vals[i];
}

const char *rec_where(const struct rec_reader *r)
{
    return r->have_record && r->where ? r->where : r->label;
}

const char *rec_encoding_name(const struct rec_reader *r)
{
    return r->encoding_name;
}

const char *rec_label(const struct rec_reader *r)
{
    return r->label;
}

/* ------------------------------------------------------------------ */
/* Decoding                                                            */
/* ------------------------------------------------------------------ */

/* Windows-1252 0x80..0x9F; 0 marks the five bytes it leaves undefined. */
static const uint16_t cp1252_high[32] = {
    0x20AC, 0,      0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
    0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0,      0x017D, 0,
    0,      0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
    0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0,      0x017E, 0x0178,
};

/* What one pass over the bytes found; each offset is len when absent. */
struct scan {
    size_t first_bad; /* first byte that is not valid UTF-8 */
    size_t first_nul;
    size_t first_mb; /* first valid multi-byte UTF-8 sequence */
};

/* Length of the valid UTF-8 sequence at u (n bytes left), 0 if invalid. */
static size_t utf8_seq(const unsigned char *u, size_t n)
{
    unsigned char c = u[0];
    unsigned char lo = 0x80;
    unsigned char hi = 0xBF;
    size_t need;
    size_t i;

    if (c < 0x80)
        return 1;
    if (c >= 0xC2 && c <= 0xDF)
        need = 1;
    else if (c >= 0xE0 && c <= 0xEF) {
        need = 2;
        if (c == 0xE0)
            lo = 0xA0;
        else if (c == 0xED)
            hi = 0x9F;
    } else if (c >= 0xF0 && c <= 0xF4) {
        need = 3;
        if (c == 0xF0)
            lo = 0x90;
        else if (c == 0xF4)
            hi = 0x8F;
    } else
        return 0;
    if (n < need + 1)
        return 0;
    if (u[1] < lo || u[1] > hi)
        return 0;
    for (i = 2; i <= need; i++)
        if (u[i] < 0x80 || u[i] > 0xBF)
            return 0;
    return need + 1;
}

/* The first offset at or after i, below len, whose byte is not plain
 * ASCII (0x01..0x7F), or an offset near len from which to go on byte by
 * byte. Plain text is the usual case and most of the time of decoding. */
static size_t skip_ascii(const unsigned char *u, size_t i, size_t len)
{
    const uint64_t high = 0x8080808080808080ULL;
    const uint64_t ones = 0x0101010101010101ULL;

#if defined(__SSE2__)
    const __m128i zero = _mm_setzero_si128();

    while (len - i >= 16) {
        __m128i v = _mm_loadu_si128((const __m128i *)(const void *)(u + i));
        unsigned m = (unsigned)_mm_movemask_epi8(
            _mm_or_si128(v, _mm_cmpeq_epi8(v, zero)));

        if (m)
            return i + (size_t)__builtin_ctz(m);
        i += 16;
    }
#endif
    while (len - i >= 8) {
        uint64_t v;

        memcpy(&v, u + i, 8);
        if ((v & high) | ((v - ones) & ~v & high))
            break;
        i += 8;
    }
    return i;
}

static void scan_bytes(const unsigned char *u, size_t from, size_t len,
                       struct scan *s)
{
    size_t i = from;

    s->first_bad = len;
    s->first_nul = len;
    s->first_mb = len;
    while (i < len) {
        i = skip_ascii(u, i, len);
        if (i >= len)
            break;
        if (u[i] == 0) {
            if (s->first_nul == len)
                s->first_nul = i;
            i++;
        } else if (u[i] < 0x80) {
            i++;
        } else {
            size_t k = utf8_seq(u + i, len - i);

            if (k == 0) {
                if (s->first_bad == len)
                    s->first_bad = i;
                i++;
            } else {
                if (s->first_mb == len)
                    s->first_mb = i;
                i += k;
            }
        }
    }
}

/* Line (from 1) and byte column (from 1) of offset pos. */
static void line_of(const unsigned char *u, size_t pos,
                    unsigned long long *line, size_t *col)
{
    unsigned long long l = 1;
    size_t start = 0;
    size_t i;

    for (i = 0; i < pos; i++) {
        if (u[i] == '\n' || (u[i] == '\r' && u[i + 1] != '\n')) {
            l++;
            start = i + 1;
        }
    }
    *line = l;
    *col = pos - start + 1;
}

static int byte_error(const unsigned char *u, size_t pos, const char *label,
                      struct mf_error *err, const char *what)
{
    unsigned long long line;
    size_t col;
    char place[160];

    line_of(u, pos, &line, &col);
    rec_place(place, sizeof place, label, line, NULL);
    return mf_error_at(err, MF_EINVAL, place,
                       "byte 0x%02X at byte offset %zu (column %zu) %s", u[pos],
                       pos, col, what);
}

/* Whether NUL bytes at every other place near the start mark UTF-16. */
static int looks_utf16(const unsigned char *u, size_t len)
{
    size_t n = len < 256 ? len : 256;
    size_t even = 0;
    size_t odd = 0;
    size_t i;

    for (i = 0; i < n; i++)
        if (u[i] == 0) {
            if (i % 2)
                odd++;
            else
                even++;
        }
    return (even + odd) * 4 >= n && (even == 0 || odd == 0);
}

static int utf16_error(const char *label, struct mf_error *err)
{
    return mf_error_at(err, MF_EINVAL, label,
                       "the file is UTF-16 (Unicode text), which is not "
                       "read; save it as UTF-8 (in Excel: \"CSV UTF-8\")");
}

/* Converts u[from..len) from Windows-1252 (cp1252 = 1) or ISO 8859-1 to
 * a new UTF-8 text. */
static int convert_8bit(const unsigned char *u, size_t from, size_t len,
                        int cp1252, const char *label, char **text,
                        size_t *text_len, struct mf_error *err)
{
    size_t extra = 0;
    size_t i;
    size_t n;
    unsigned char *o;
    unsigned char *p;

    /* Runs of ASCII (most of the text; the input has no NUL) are
     * skipped in the count and copied whole in the conversion. */
    for (i = from; i < len; i++) {
        unsigned char c;

        i = skip_ascii(u, i, len);
        if (i >= len)
            break;
        c = u[i];
        if (c < 0x80)
            continue;
        if (cp1252 && c < 0xA0) {
            uint16_t cp = cp1252_high[c - 0x80];

            if (cp == 0)
                return byte_error(u, i, label, err,
                                  "is not a character in Windows-1252 (and "
                                  "the file is not UTF-8); save the file "
                                  "as UTF-8");
            extra += cp < 0x800 ? 1 : 2;
        } else
            extra += 1;
    }
    n = len - from;
    if (extra > SIZE_MAX - n - REC_PAD)
        return mf_error_set(err, MF_ENOMEM, "out of memory");
    o = malloc(n + extra + REC_PAD);
    if (!o)
        return mf_error_set(err, MF_ENOMEM, "out of memory");
    p = o;
    i = from;
    while (i < len) {
        size_t j = skip_ascii(u, i, len);
        unsigned c;

        while (j < len && u[j] < 0x80)
            j++;
        memcpy(p, u + i, j - i);
        p += j - i;
        i = j;
        if (i >= len)
            break;
        c = u[i++];
        if (cp1252 && c < 0xA0)
            c = cp1252_high[c - 0x80];
        if (c < 0x800) {
            *p++ = (unsigned char)(0xC0 | (c >> 6));
            *p++ = (unsigned char)(0x80 | (c & 0x3F));
        } else {
            *p++ = (unsigned char)(0xE0 | (c >> 12));
            *p++ = (unsigned char)(0x80 | ((c >> 6) & 0x3F));
            *p++ = (unsigned char)(0x80 | (c & 0x3F));
        }
    }
    memset(p, 0, REC_PAD);
    *text = (char *)o;
    *text_len = (size_t)(p - o);
    return MF_OK;
}

int rec_decode(char *data, size_t len, enum rec_encoding enc, const char *label,
               char **text, size_t *start, size_t *text_len, const char **name,
               struct mf_error *err)
{
    const unsigned char *u = (const unsigned char *)data;
    struct scan s;
    size_t from = 0;
    int bom = 0;
    int rc = MF_OK;
    int cp1252;

    *text = NULL;
    memset(data + len, 0, REC_PAD);
    if (len >= 2 &&
        ((u[0] == 0xFF && u[1] == 0xFE) || (u[0] == 0xFE && u[1] == 0xFF))) {
        rc = utf16_error(label, err);
        goto done;
    }
    if (len >= 3 && u[0] == 0xEF && u[1] == 0xBB && u[2] == 0xBF) {
        bom = 1;
        from = 3;
    }
    scan_bytes(u, from, len, &s);
    if (s.first_nul < len) {
        if (looks_utf16(u, len))
            rc = utf16_error(label, err);
        else
            rc = byte_error(u, s.first_nul, label, err,
                            "is a NUL; this is not a text file");
        goto done;
    }
    if (enc == REC_ENC_AUTO || enc == REC_ENC_UTF8) {
        if (s.first_bad == len) {
            *text = data;
            *start = from;
            *text_len = len - from;
            *name = bom ? "UTF-8 with BOM" : "UTF-8";
            return MF_OK;
        }
        if (enc == REC_ENC_UTF8 || bom) {
            rc = byte_error(u, s.first_bad, label, err,
                            bom ? "is not valid UTF-8, although the file "
                                  "starts with a UTF-8 byte order mark"
                                : "is not valid UTF-8");
            goto done;
        }
        if (s.first_mb < len) {
            /* Some text is UTF-8 and some is not: converting the whole
             * file from Windows-1252 would garble the UTF-8 part. */
            unsigned long long mb_line;
            size_t mb_col;
            char what[200];

            line_of(u, s.first_mb, &mb_line, &mb_col);
            snprintf(what, sizeof what,
                     "is not UTF-8, but line %llu is: the file mixes "
                     "encodings; save it again as UTF-8",
                     mb_line);
            rc = byte_error(u, s.first_bad, label, err, what);
            goto done;
        }
        cp1252 = 1;
    } else {
        if (bom) {
            rc = mf_error_at(err, MF_EINVAL, label,
                             "the file starts with a UTF-8 byte order "
                             "mark, but %s was asked for",
                             enc == REC_ENC_CP1252 ? "Windows-1252"
                                                   : "ISO 8859-1");
            goto done;
        }
        cp1252 = enc == REC_ENC_CP1252;
    }
    *name = cp1252 ? "Windows-1252" : "ISO 8859-1";
    if (s.first_mb == len && s.first_bad == len) {
        /* Plain ASCII reads the same in every one of them. */
        *text = data;
        *start = 0;
        *text_len = len;
        return MF_OK;
    }
    rc = convert_8bit(u, from, len, cp1252, label, text, text_len, err);
    *start = 0;
done:
    free(data);
    return rc;
}

/* ------------------------------------------------------------------ */
/* Opening                                                             */
/* ------------------------------------------------------------------ */

static int open_mem(struct rec_reader **out, const char *label,
                    const char *data, size_t len, const struct rec_opts *opts,
                    int geojson, struct mf_error *err)
{
    struct rec_reader *r = NULL;
    char *copy;
    int rc;

    *out = NULL;
    if (len > SIZE_MAX - REC_PAD)
        return mf_error_set(err, MF_ENOMEM, "out of memory");
    copy = malloc(len + REC_PAD);
    if (!copy)
        return mf_error_set(err, MF_ENOMEM, "out of memory");
    if (len)
        memcpy(copy, data, len);
    rc = rec_reader_new(&r, label, err);
    if (rc) {
        free(copy);
        return rc;
    }
    if (geojson)
        rc = geojson_open(r, copy, len, opts, err);
    else
        rc = csv_open(r, copy, len, opts, 0, err);
    if (rc) {
        rec_close(r);
        return rc;
    }
    *out = r;
    return MF_OK;
}

int rec_open_csv_mem(struct rec_reader **out, const char *label,
                     const char *data, size_t len, const struct rec_opts *opts,
                     struct mf_error *err)
{
    return open_mem(out, label, data, len, opts, 0, err);
}

int rec_open_geojson_mem(struct rec_reader **out, const char *label,
                         const char *data, size_t len,
                         const struct rec_opts *opts, struct mf_error *err)
{
    return open_mem(out, label, data, len, opts, 1, err);
}

/* Reads the whole file into a malloc'd buffer with REC_PAD spare
 * bytes. */
static int read_file(const char *path, char **data, size_t *len,
                     struct mf_error *err)
{
    struct stat st;
    char *buf = NULL;
    size_t cap;
    size_t n = 0;
    int fd;
    int rc = MF_OK;
    char msg[128];

    *data = NULL;
    fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        int missing = errno == ENOENT;
        strerror_r(errno, msg, sizeof msg);
        return mf_error_at(err, missing ? MF_ENOTFOUND : MF_EIO, path,
                           "cannot open: %s", msg);
    }
    if (fstat(fd, &st) != 0) {
        strerror_r(errno, msg, sizeof msg);
        rc = mf_error_at(err, MF_EIO, path, "cannot read: %s", msg);
        goto done;
    }
    if (S_ISDIR(st.st_mode)) {
        rc = mf_error_at(err, MF_EIO, path, "is a folder, not a file");
        goto done;
    }
    /* A regular file is read in one go; a pipe grows the buffer. */
    if (S_ISREG(st.st_mode) && st.st_size > 0 &&
        (uintmax_t)st.st_size < SIZE_MAX / 2)
        cap = (size_t)st.st_size + 1;
    else
        cap = 64 * 1024;
    buf = malloc(cap + REC_PAD);
    if (!buf) {
        rc = mf_error_set(err, MF_ENOMEM, "out of memory");
        goto done;
    }
    for (;;) {
        ssize_t k;

        if (n == cap) {
            char *nb;

            if (cap > SIZE_MAX / 2 - REC_PAD) {
                rc = mf_error_set(err, MF_ENOMEM, "out of memory");
                goto done;
            }
            nb = realloc(buf, cap * 2 + REC_PAD);
            if (!nb) {
                rc = mf_error_set(err, MF_ENOMEM, "out of memory");
                goto done;
            }
            buf = nb;
            cap *= 2;
        }
        k = read(fd, buf + n, cap - n);
        if (k < 0 && errno == EINTR)
            continue;
        if (k < 0) {
            strerror_r(errno, msg, sizeof msg);
            rc = mf_error_at(err, MF_EIO, path, "cannot read: %s", msg);
            goto done;
        }
        if (k == 0)
            break;
        n += (size_t)k;
    }
    *data = buf;
    *len = n;
    buf = NULL;
done:
    free(buf);
    close(fd);
    return rc;
}

/* Which format a file name says: 'c' CSV, 't' TAB-separated, 'g'
 * GeoJSON, 0 nothing. */
static int format_of_name(const char *path)
{
    const char *slash = strrchr(path, '/');
    const char *dot = strrchr(slash ? slash : path, '.');

    if (!dot)
        return 0;
    if (strcasecmp(dot, ".csv") == 0 || strcasecmp(dot, ".txt") == 0)
        return 'c';
    if (strcasecmp(dot, ".tsv") == 0 || strcasecmp(dot, ".tab") == 0)
        return 't';
    if (strcasecmp(dot, ".geojson") == 0 || strcasecmp(dot, ".json") == 0)
        return 'g';
    return 0;
}

/* Whether the open file fd holds UTF-8 text without NUL bytes, read a
 * block at a time from the start; *skip is 3 after a UTF-8 byte order
 * mark, else 0. 1 yes, 0 no (the whole-file reader then reads it and says
 * what is wrong), or MF_EIO. */
static int file_is_utf8(int fd, const char *path, size_t *skip,
                        struct mf_error *err)
{
    enum { BLOCK = 1 << 20 };
    unsigned char *u = malloc(BLOCK + 8);
    size_t carry = 0;
    int first = 1;
    int rc = 1;

    *skip = 0;
    if (!u)
        return mf_error_set(err, MF_ENOMEM, "out of memory");
    for (;;) {
        size_t n = carry;
        size_t cut;
        size_t from = 0;
        size_t j;
        int eof = 0;
        struct scan s;

        while (n < BLOCK) {
            ssize_t k = read(fd, u + n, BLOCK - n);

            if (k < 0 && errno == EINTR)
                continue;
            if (k < 0) {
                char msg[128];

                strerror_r(errno, msg, sizeof msg);
                rc = mf_error_at(err, MF_EIO, path, "cannot read: %s", msg);
                goto done;
            }
            if (k == 0) {
                eof = 1;
                break;
            }
            n += (size_t)k;
        }
        if (first) {
            first = 0;
            if (n >= 2 && ((u[0] == 0xFF && u[1] == 0xFE) ||
                           (u[0] == 0xFE && u[1] == 0xFF))) {
                rc = 0;
                goto done;
            }
            if (n >= 3 && u[0] == 0xEF && u[1] == 0xBB && u[2] == 0xBF)
                from = *skip = 3;
        }
        /* A sequence cut by the block's end is read with the next. */
        cut = n;
        for (j = n; !eof && j > 0 && j + 4 > n; j--) {
            unsigned char c = u[j - 1];

            if (c < 0x80)
                break;
            if (c >= 0xC0) {
                size_t need = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : 2;

                if (j - 1 + need > n)
                    cut = j - 1;
                break;
            }
        }
        memset(u + n, 0, 8);
        scan_bytes(u, from, cut, &s);
        if (s.first_bad < cut || s.first_nul < cut) {
            rc = 0;
            goto done;
        }
        if (eof)
            break;
        carry = n - cut;
        memmove(u, u + cut, carry);
    }
done:
    free(u);
    return rc;
}

int rec_open_file_stream(struct rec_reader **out, const char *path,
                         const struct rec_opts *opts, size_t window,
                         struct mf_error *err)
{
    struct rec_reader *r = NULL;
    struct stat st;
    size_t skip;
    int fd;
    int rc;

    *out = NULL;
    if (!window)
        window = (size_t)4 << 20;
    if ((opts && opts->encoding != REC_ENC_AUTO &&
         opts->encoding != REC_ENC_UTF8) ||
        (format_of_name(path) != 'c' && format_of_name(path) != 't'))
        return rec_open_file(out, path, opts, err);
    fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return rec_open_file(out, path, opts, err); /* says why */
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) ||
        (uintmax_t)st.st_size <= window) {
        close(fd);
        return rec_open_file(out, path, opts, err);
    }
    rc = file_is_utf8(fd, path, &skip, err);
    if (rc <= 0) {
        close(fd);
        return rc < 0 ? rc : rec_open_file(out, path, opts, err);
    }
    if ((rc = rec_reader_new(&r, path, err))) {
        close(fd);
        return rc;
    }
    r->encoding_name = skip ? "UTF-8 with BOM" : "UTF-8";
    rc = csv_open_stream(r, fd, skip, window, opts,
                         format_of_name(path) == 't' ? '\t' : 0, err);
    if (rc) {
        rec_close(r);
        return rc;
    }
    *out = r;
    return MF_OK;
}

int rec_open_file(struct rec_reader **out, const char *path,
                  const struct rec_opts *opts, struct mf_error *err)
{
    struct rec_reader *r = NULL;
    char *data;
    size_t len;
    int fmt;
    int rc;

    *out = NULL;
    rc = read_file(path, &data, &len, err);
    if (rc)
        return rc;
    fmt = format_of_name(path);
    if (fmt == 0) {
        /* Content decides: a JSON document starts with '{' after an
         * optional BOM and white space. */
        size_t i = 0;

        if (len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0)
            i = 3;
        while (i < len && (data[i] == ' ' || data[i] == '\t' ||
                           data[i] == '\r' || data[i] == '\n'))
            i++;
        fmt = i < len && data[i] == '{' ? 'g' : 'c';
    }
    rc = rec_reader_new(&r, path, err);
    if (rc) {
        free(data);
        return rc;
    }
    if (fmt == 'g')
        rc = geojson_open(r, data, len, opts, err);
    else
        rc = csv_open(r, data, len, opts, fmt == 't' ? '\t' : 0, err);
    if (rc) {
        rec_close(r);
        return rc;
    }
    *out = r;
    return MF_OK;
}

/* ------------------------------------------------------------------ */
/* Numbers                                                             */
/* ------------------------------------------------------------------ */

void rec_format_double(char *dst, size_t cap, double v)
{
    const char *dp = localeconv()->decimal_point;
    int prec;

    for (prec = 15; prec <= 17; prec++) {
        snprintf(dst, cap, "%.*g", prec, v);
        if (strtod(dst, NULL) == v)
            break;
    }
    /* %g writes the locale's decimal mark; JSON text has '.'. */
    if (dp && strcmp(dp, ".") != 0 && dp[0]) {
        char *p = strstr(dst, dp);

        if (p) {
            size_t dl = strlen(dp);

            *p = '.';
            memmove(p + 1, p + dl, strlen(p + dl) + 1);
        }
    }
}

/* The powers of ten that a double holds exactly. */
static const double pow10_exact[23] = {
    1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,  1e8,  1e9,  1e10, 1e11,
    1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
};

/* Significant digits of a number as it is read: while there are at most
 * 15 of them, the value is exact in a uint64_t. */
struct mant {
    uint64_t m;
    int sig;  /* significant digits taken (leading zeros are not) */
    int lost; /* more than 15: leave it to strtod */
};

static void add_digit(struct mant *m, unsigned char c)
{
    if (m->sig == 0 && c == '0')
        return;
    if (m->sig >= 15) {
        m->lost = 1;
        return;
    }
    m->m = m->m * 10 + (uint64_t)(c - '0');
    m->sig++;
}

/* Longest number text, in normalised form, that rec_parse_number reads. */
#define NUM_MAX 400

/* Writes s[0..len) (at most ~40 bytes of it, control characters as '?')
 * into dst for quoting in a message. */
static void quote_input(char *dst, size_t cap, const char *s, size_t len)
{
    const unsigned char *u = (const unsigned char *)s;
    size_t n = 0;
    size_t i = 0;

    while (i < len && n + 8 < cap) {
        size_t k = utf8_seq(u + i, len - i);

        if (n >= 40) {
            memcpy(dst + n, "...", 3);
            n += 3;
            break;
        }
        if (k <= 1) {
            dst[n++] = u[i] < 0x20 || u[i] >= 0x7F ? '?' : (char)u[i];
            i++;
        } else {
            memcpy(dst + n, u + i, k);
            n += k;
            i += k;
        }
    }
    dst[n] = '\0';
}

static int num_error(struct mf_error *err, const char *s, const char *fmt,
                     const char *extra)
{
    char q[64];
    char msg[200];

    quote_input(q, sizeof q, s, strlen(s));
    snprintf(msg, sizeof msg, fmt, extra ? extra : "");
    return mf_error_set(err, MF_EINVAL, "'%s' %s", q, msg);
}

/* Length of a digit-group separator at u (space, U+00A0, U+202F). */
static size_t group_sep_at(const unsigned char *u)
{
    if (u[0] == ' ')
        return 1;
    if (u[0] == 0xC2 && u[1] == 0xA0)
        return 2;
    if (u[0] == 0xE2 && u[1] == 0x80 && u[2] == 0xAF)
        return 3;
    return 0;
}

static int is_digit(unsigned char c)
{
    return c >= '0' && c <= '9';
}

int rec_parse_number(const char *s, double *out, struct mf_error *err)
{
    char num[NUM_MAX + 8];
    size_t n = 0;
    size_t b;
    size_t e;
    const unsigned char *u;
    const unsigned char *end;
    const unsigned char *p;
    size_t int_digits = 0;
    size_t frac_digits = 0;
    size_t group_len = 0;
    int grouped = 0;
    char mark = 0;
    char *stop;
    double v;
    struct mant m = {0, 0, 0};
    long exp10 = 0;
    int neg = 0;

    *out = 0;
    trim_bounds(s, strlen(s), &b, &e);
    u = (const unsigned char *)s + b;
    end = (const unsigned char *)s + e;
    p = u;
    if (p == end)
        return mf_error_set(err, MF_EINVAL, "empty; a number was expected");
    if (e - b > NUM_MAX)
        return num_error(err, s,
                         "is too long for a number (more than 400 "
                         "characters)%s",
                         NULL);

    /* Sign: '+', '-' or U+2212 MINUS SIGN. */
    if (*p == '+' || *p == '-') {
        if (*p == '-')
            num[n++] = '-';
        neg = *p == '-';
        p++;
    } else if (end - p >= 3 && p[0] == 0xE2 && p[1] == 0x88 && p[2] == 0x92) {
        num[n++] = '-';
        neg = 1;
        p += 3;
    }

    /* Integer part, maybe grouped by thousands. */
    while (p < end) {
        size_t k;

        if (is_digit(*p)) {
            add_digit(&m, *p);
            num[n++] = (char)*p++;
            int_digits++;
            group_len++;
            continue;
        }
        k = group_sep_at(p);
        if (k == 0 || int_digits == 0 || p + k >= end || !is_digit(p[k]))
            break;
        if (grouped ? group_len != 3 : group_len > 3)
            return num_error(err, s,
                             "has a digit group that is not three digits; "
                             "group by thousands, as in '1 234 567'%s",
                             NULL);
        grouped = 1;
        group_len = 0;
        p += k;
    }
    if (grouped && group_len != 3)
        return num_error(err, s,
                         "has a digit group that is not three digits; "
                         "group by thousands, as in '1 234 567'%s",
                         NULL);

    /* One decimal mark, ',' or '.', with digits after it. */
    if (p < end && (*p == ',' || *p == '.')) {
        mark = (char)*p++;
        num[n++] = '.';
        while (p < end && is_digit(*p)) {
            add_digit(&m, *p);
            exp10--;
            num[n++] = (char)*p++;
            frac_digits++;
        }
        if (p < end && (*p == ',' || *p == '.')) {
            if (*p == mark)
                return num_error(err, s,
                                 "has more than one decimal mark; group "
                                 "thousands with spaces, as in "
                                 "'1 234 567'%s",
                                 NULL);
            return num_error(err, s,
                             "has both ',' and '.'; use one decimal mark "
                             "and group thousands with spaces, as in "
                             "'1 234,5'%s",
                             NULL);
        }
    }
    if (int_digits + frac_digits == 0) {
        const char *t = (const char *)p;

        if (strncasecmp(t, "nan", 3) == 0 || strncasecmp(t, "inf", 3) == 0)
            return num_error(err, s, "is not a finite number%s", NULL);
        return num_error(err, s, "is not a number%s", NULL);
    }
    if (mark && frac_digits == 0)
        return num_error(err, s, "has no digits after the decimal mark%s",
                         NULL);

    /* Exponent: 'e' or 'E', a sign, digits. "12eur" is left for the
     * check of trailing text. */
    if (p < end && (*p == 'e' || *p == 'E')) {
        const unsigned char *q = p + 1;

        if (q < end && (*q == '+' || *q == '-'))
            q++;
        if (q < end && is_digit(*q)) {
            long ev = 0;
            int eneg = 0;

            num[n++] = 'e';
            p++;
            if (*p == '+' || *p == '-') {
                eneg = *p == '-';
                num[n++] = (char)*p++;
            }
            while (p < end && is_digit(*p)) {
                if (ev < 100000)
                    ev = ev * 10 + (*p - '0');
                num[n++] = (char)*p++;
            }
            exp10 += eneg ? -ev : ev;
        } else if (q == end) {
            return num_error(err, s, "has an exponent without digits%s", NULL);
        }
    }

    if (p < end) {
        char rest[64];
        size_t k;

        while ((k = space_at(p, (size_t)(end - p))) != 0)
            p += k;
        quote_input(rest, sizeof rest, (const char *)p, (size_t)(end - p));
        return num_error(err, s,
                         "has text after the number ('%s'); give the "
                         "number alone, without units",
                         rest);
    }
    num[n] = '\0';

    /* Most numbers in a register have few digits and a small exponent:
     * then one IEEE multiplication or division of two exact values is
     * correctly rounded (Clinger's fast path), and strtod is not needed. */
    if (!m.lost && exp10 >= -22 && exp10 <= 22) {
        v = (double)m.m;
        v = exp10 < 0 ? v / pow10_exact[-exp10] : v * pow10_exact[exp10];
        *out = neg ? -v : v;
        return MF_OK;
    }

    errno = 0;
    v = strtod(num, &stop);
    if (*stop != '\0') {
        /* strtod follows LC_NUMERIC: put the locale's mark in. */
        const char *dp = localeconv()->decimal_point;
        char alt[NUM_MAX + 16];
        char *dot = strchr(num, '.');

        if (dot && dp && strlen(dp) < 8) {
            size_t pre = (size_t)(dot - num);

            snprintf(alt, sizeof alt, "%.*s%s%s", (int)pre, num, dp, dot + 1);
            errno = 0;
            v = strtod(alt, &stop);
        }
        if (*stop != '\0')
            return num_error(err, s, "is not a number%s", NULL);
    }
    if (errno == ERANGE && isinf(v))
        return num_error(err, s, "is too large for a number%s", NULL);
    if (!isfinite(v))
        return num_error(err, s, "is not a finite number%s", NULL);
    *out = v;
    return MF_OK;
}
