/* Growable byte buffer (heap), used for response bodies and builders. */
#ifndef RUCHE_BUF_H
#define RUCHE_BUF_H
#include <stdarg.h>
#include <stddef.h>

struct buf {
    char *data; /* always NUL-terminated when non-NULL */
    size_t len, cap;
};

void buf_append(struct buf *b, const void *data, size_t len);
void buf_puts(struct buf *b, const char *s);
void buf_putc(struct buf *b, char c);
void buf_printf(struct buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void buf_vprintf(struct buf *b, const char *fmt, va_list ap) __attribute__((format(printf, 2, 0)));
void buf_reset(struct buf *b);
/* Makes room for `size` more bytes, so that writing them does not reallocate. */
void buf_reserve(struct buf *b, size_t size);
void buf_free(struct buf *b);
/* Hands the data over to the caller (free with free()); the buffer is reset. */
char *buf_steal(struct buf *b, size_t *len);

#endif
