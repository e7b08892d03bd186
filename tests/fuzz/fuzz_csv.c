/*
 * fuzz_csv.c - libFuzzer target for the CSV reader (format/csv.c and the
 * decoding in format/records.c). The first byte picks the options (encoding,
 * separator, a small field cap), so one corpus reaches every mode; the
 * rest is the file. Every record and value is read, every value is given
 * to rec_parse_number, and the reader's promises are checked: values are
 * NUL-terminated UTF-8 without white space at the ends, column lookups
 * agree with column names. For plain ASCII input a second, deliberately
 * simple parser (byte by byte, one malloc per field) reads the same file,
 * and both must agree on every value, every line number and where an
 * error stops the reading: this checks the fast paths (word-at-a-time
 * scanning, in-place unescaping) against the rules of docs/FORMATS.md.
 * A broken promise aborts.
 *
 * Built as a libFuzzer binary with -DMF_FUZZ=ON, and replayed over
 * tests/fuzz/corpus/csv/ by tests/fuzz/replay.c in every build.
 */
#include "format/records.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Aborts unless s is valid UTF-8 with no white space at either end. */
static void check_text(const char *s)
{
    const unsigned char *u = (const unsigned char *)s;
    size_t n = strlen(s);
    size_t i = 0;

    if (n && (u[0] == ' ' || u[0] == '\t' || u[0] == '\r' || u[0] == '\n' ||
              u[n - 1] == ' ' || u[n - 1] == '\t' || u[n - 1] == '\r' ||
              u[n - 1] == '\n'))
        abort();
    while (i < n) {
        size_t k;
        size_t j;

        if (u[i] < 0x80) {
            i++;
            continue;
        }
        if (u[i] >= 0xC2 && u[i] <= 0xDF)
            k = 2;
        else if (u[i] >= 0xE0 && u[i] <= 0xEF)
            k = 3;
        else if (u[i] >= 0xF0 && u[i] <= 0xF4)
            k = 4;
        else
            abort();
        if (i + k > n)
            abort();
        for (j = 1; j < k; j++)
            if ((u[i + j] & 0xC0) != 0x80)
                abort();
        i += k;
    }
}

/* ------------------------------------------------------------------ */
/* The reference parser                                                */
/* ------------------------------------------------------------------ */

struct cur {
    const char *t;
    size_t len;
    size_t pos;
    unsigned long long line;
    char sep;
    size_t cap;
};

/* What the reference read: records of n_cols values each, their lines,
 * and how the reading ended. */
struct ref {
    char **vals;
    size_t n_vals;
    unsigned long long *lines;
    size_t n_recs;
    size_t n_cols;
    int open_failed;
    int failed;
};

static void *xrealloc(void *p, size_t n)
{
    p = realloc(p, n ? n : 1);
    if (!p)
        abort();
    return p;
}

static int ref_pad(const struct cur *c, char ch)
{
    return ch == ' ' || (ch == '\t' && c->sep != '\t');
}

static int ref_space(char ch)
{
    return ch == ' ' || ch == '\t' || ch == '\r' || ch == '\n' || ch == '\v' ||
           ch == '\f';
}

/* One field: 0 separator, 1 line end, 2 end of text, -1 error. */
static int ref_field(struct cur *c, char **out)
{
    char *buf = xrealloc(NULL, c->len - c->pos + 1);
    size_t q = c->pos;
    size_t n = 0;
    size_t b = 0;
    int kind;

    while (q < c->len && ref_pad(c, c->t[q]))
        q++;
    if (q < c->len && c->t[q] == '"') {
        q++;
        for (;;) {
            char ch;

            if (q >= c->len)
                goto fail;
            ch = c->t[q];
            if (ch == '"' && q + 1 < c->len && c->t[q + 1] == '"') {
                buf[n++] = '"';
                q += 2;
            } else if (ch == '"') {
                q++;
                break;
            } else if (ch == '\r') {
                c->line++;
                q += q + 1 < c->len && c->t[q + 1] == '\n' ? 2 : 1;
                buf[n++] = '\n';
            } else {
                c->line += ch == '\n';
                buf[n++] = ch;
                q++;
            }
        }
        while (q < c->len && ref_pad(c, c->t[q]))
            q++;
        if (q < c->len && c->t[q] != c->sep && c->t[q] != '\n' &&
            c->t[q] != '\r')
            goto fail;
    } else {
        q = c->pos;
        while (q < c->len && c->t[q] != c->sep && c->t[q] != '\n' &&
               c->t[q] != '\r')
            buf[n++] = c->t[q++];
    }
    if (q >= c->len) {
        kind = 2;
    } else if (c->t[q] == c->sep) {
        kind = 0;
        q++;
    } else {
        kind = 1;
        c->line++;
        q += c->t[q] == '\r' && q + 1 < c->len && c->t[q + 1] == '\n' ? 2 : 1;
    }
    if (n > c->cap)
        goto fail;
    c->pos = q;
    while (b < n && ref_space(buf[b]))
        b++;
    while (n > b && ref_space(buf[n - 1]))
        n--;
    memmove(buf, buf + b, n - b);
    buf[n - b] = '\0';
    *out = buf;
    return kind;
fail:
    free(buf);
    return -1;
}

/* One record into *fields (*nf of them); -1 on error. */
static int ref_record(struct cur *c, char ***fields, size_t *nf)
{
    int kind;

    *fields = NULL;
    *nf = 0;
    do {
        char *v;

        kind = ref_field(c, &v);
        if (kind < 0)
            return -1;
        *fields = xrealloc(*fields, (*nf + 1) * sizeof **fields);
        (*fields)[(*nf)++] = v;
    } while (kind == 0);
    return 0;
}

static void free_fields(char **f, size_t n)
{
    while (n)
        free(f[--n]);
    free(f);
}

static int all_empty(char **f, size_t n)
{
    size_t i;

    for (i = 0; i < n; i++)
        if (f[i][0])
            return 0;
    return 1;
}

static char ref_detect(const struct cur *c)
{
    size_t semi = 0;
    size_t comma = 0;
    size_t tab = 0;
    size_t i = c->pos;
    int start = 1;

    while (i < c->len && c->t[i] != '\n' && c->t[i] != '\r') {
        char ch = c->t[i++];

        if (ch == '"' && start) {
            while (i < c->len) {
                if (c->t[i] == '"' && i + 1 < c->len && c->t[i + 1] == '"') {
                    i += 2;
                } else if (c->t[i++] == '"') {
                    break;
                }
            }
            start = 0;
        } else if (ch == ';' || ch == ',' || ch == '\t') {
            semi += ch == ';';
            comma += ch == ',';
            tab += ch == '\t';
            start = 1;
        } else if (ch != ' ') {
            start = 0;
        }
    }
    if (semi + comma + tab == 0)
        return ';';
    if (semi >= tab && semi >= comma)
        return ';';
    return tab >= comma ? '\t' : ',';
}

static void ref_parse(const char *t, size_t len, char sep, size_t cap,
                      struct ref *out)
{
    struct cur c = {t, len, 0, 1, sep ? sep : ';', cap};
    char **f = NULL;
    size_t nf = 0;
    size_t i;
    size_t j;

    memset(out, 0, sizeof *out);
    for (;;) {
        if (c.pos >= c.len) {
            out->open_failed = 1;
            return;
        }
        if (!sep)
            c.sep = ref_detect(&c);
        if (ref_record(&c, &f, &nf) < 0) {
            free_fields(f, nf);
            out->open_failed = 1;
            return;
        }
        if (!all_empty(f, nf))
            break;
        free_fields(f, nf);
    }
    while (nf > 0 && f[nf - 1][0] == '\0')
        free(f[--nf]);
    for (i = 0; i < nf; i++) {
        for (j = 0; f[i][j]; j++)
            if (f[i][j] >= 'A' && f[i][j] <= 'Z')
                f[i][j] = (char)(f[i][j] - 'A' + 'a');
        for (j = 0; j < i; j++)
            if (strcmp(f[i], f[j]) == 0)
                out->open_failed = 1;
        if (f[i][0] == '\0' || i >= 10000)
            out->open_failed = 1;
    }
    out->n_cols = nf;
    free_fields(f, nf);
    if (out->open_failed)
        return;
    while (c.pos < c.len) {
        unsigned long long line0 = c.line;

        if (ref_record(&c, &f, &nf) < 0) {
            free_fields(f, nf);
            out->failed = 1;
            return;
        }
        if (all_empty(f, nf)) {
            free_fields(f, nf);
            continue;
        }
        for (i = out->n_cols; i < nf; i++)
            if (f[i][0])
                out->failed = 1;
        if (out->failed) {
            free_fields(f, nf);
            return;
        }
        out->vals = xrealloc(out->vals,
                             (out->n_vals + out->n_cols) * sizeof *out->vals);
        for (i = 0; i < out->n_cols; i++) {
            if (i < nf) {
                out->vals[out->n_vals++] = f[i];
                f[i] = NULL;
            } else {
                out->vals[out->n_vals] = xrealloc(NULL, 1);
                out->vals[out->n_vals++][0] = '\0';
            }
        }
        for (i = out->n_cols; i < nf; i++)
            free(f[i]);
        free(f);
        out->lines =
            xrealloc(out->lines, (out->n_recs + 1) * sizeof *out->lines);
        out->lines[out->n_recs++] = line0;
    }
}

static void ref_free(struct ref *r)
{
    while (r->n_vals)
        free(r->vals[--r->n_vals]);
    free(r->vals);
    free(r->lines);
}

static int plain_ascii(const uint8_t *d, size_t n)
{
    size_t i;

    for (i = 0; i < n; i++)
        if (d[i] == 0 || d[i] >= 0x80)
            return 0;
    return 1;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const char seps[4] = {0, ';', ',', '\t'};
    struct rec_opts opts = REC_OPTS_INIT;
    struct rec_reader *r = NULL;
    struct mf_error err;
    struct ref ref;
    size_t n_rec = 0;
    size_t n_cols;
    size_t i;
    int use_ref;
    int rc;

    if (size < 1)
        return 0;
    opts.encoding = (enum rec_encoding)(data[0] & 3);
    opts.separator = seps[(data[0] >> 2) & 3];
    opts.max_field_bytes = (data[0] & 0x10) ? 8 : 0;
    use_ref = plain_ascii(data + 1, size - 1);
    if (use_ref)
        ref_parse((const char *)data + 1, size - 1, opts.separator,
                  opts.max_field_bytes ? opts.max_field_bytes : 1 << 20, &ref);
    rc = rec_open_csv_mem(&r, "fuzz.csv", (const char *)data + 1, size - 1,
                          &opts, &err);
    if (rc != 0) {
        if (r || rc > 0 || strlen(err.message) == 0)
            abort();
        if (use_ref && !ref.open_failed)
            abort();
        goto done;
    }
    if (use_ref && (ref.open_failed || ref.n_cols != rec_n_columns(r)))
        abort();
    n_cols = rec_n_columns(r);
    for (i = 0; i < n_cols; i++) {
        const char *name = rec_column_name(r, i);

        check_text(name);
        if (rec_column(r, name) != (int)i)
            abort();
    }
    if (rec_column_name(r, n_cols) != NULL)
        abort();
    check_text(rec_encoding_name(r));
    while ((rc = rec_next(r, &err)) == 1) {
        const char *where = rec_where(r);

        if (strncmp(where, "fuzz.csv:", 9) != 0)
            abort();
        if (use_ref) {
            if (n_rec >= ref.n_recs ||
                strtoull(where + 9, NULL, 10) != ref.lines[n_rec])
                abort();
            for (i = 0; i < n_cols; i++)
                if (strcmp(rec_value(r, (int)i),
                           ref.vals[n_rec * n_cols + i]) != 0)
                    abort();
        }
        n_rec++;
        for (i = 0; i < n_cols; i++) {
            const char *v = rec_value(r, (int)i);
            double d;

            /* A CSV record has every column ("" when short). */
            if (!v)
                abort();
            check_text(v);
            if (rec_parse_number(v, &d, &err) == 0 && !isfinite(d))
                abort();
        }
        if (rec_value(r, (int)n_cols) || rec_value(r, -1))
            abort();
    }
    if (rc < 0 && strlen(err.message) == 0)
        abort();
    if (use_ref && (n_rec != ref.n_recs || (rc < 0) != ref.failed))
        abort();
    if (rec_next(r, &err) != 0)
        abort();
    rec_close(r);
done:
    if (use_ref)
        ref_free(&ref);
    return 0;
}
