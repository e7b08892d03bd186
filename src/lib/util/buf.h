/*
 * buf.h - a growable byte buffer with an optional size cap (as curl's
 * dynbuf): text is always NUL-terminated, and growth past `cap` fails
 * with MF_ERANGE instead of eating memory on hostile input.
 */
#ifndef MF_UTIL_BUF_H
#define MF_UTIL_BUF_H

#include <stdarg.h>
#include <stddef.h>

struct buf {
    char *data; /* NUL-terminated; NULL until the first append */
    size_t len; /* bytes used, without the NUL */
    size_t alloc;
    size_t cap; /* 0 = no cap */
};

#define BUF_INIT                                                               \
    {                                                                          \
        NULL, 0, 0, 0                                                          \
    }

void buf_init(struct buf *b, size_t cap);
void buf_free(struct buf *b);
void buf_reset(struct buf *b);
/* Make room for n more bytes. Returns 0, MF_ENOMEM or MF_ERANGE (cap). */
int buf_reserve(struct buf *b, size_t n);
int buf_append(struct buf *b, const void *data, size_t len);
int buf_puts(struct buf *b, const char *s);
int buf_putc(struct buf *b, char c);
int buf_printf(struct buf *b, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;
int buf_vprintf(struct buf *b, const char *fmt, va_list ap);
/* Detaches the text: the caller owns it and frees it with free(). Never
 * returns NULL for an empty buffer unless memory is out. */
char *buf_detach(struct buf *b);
/* The text, or "" when nothing has been appended. */
const char *buf_str(const struct buf *b);

#endif
