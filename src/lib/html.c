/* HTML writer with escaping by default (see html.h). */
#include "lib/html.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

void html_escape(struct buf *b, const char *s) {
    if (!s) return;
    const char *run = s;
    for (;; s++) {
        s += strcspn(s, "&<>\"'"); /* copy clean runs in one go */
        if (!*s) break;
        const char *rep;
        switch (*s) {
        case '&': rep = "&amp;"; break;
        case '<': rep = "&lt;"; break;
        case '>': rep = "&gt;"; break;
        case '"': rep = "&quot;"; break;
        case '\'': rep = "&#39;"; break;
        default: continue;
        }
        buf_append(b, run, (size_t)(s - run));
        buf_puts(b, rep);
        run = s + 1;
    }
    buf_append(b, run, (size_t)(s - run));
}

/* Decimal digits of v into the end of buf; returns the first digit. */
static char *digits(char *end, unsigned long long v) {
    *--end = 0;
    do *--end = (char)('0' + v % 10);
    while (v /= 10);
    return end;
}

static void put_signed(struct buf *b, long long v) {
    char tmp[24];
    unsigned long long u = v < 0 ? 0ull - (unsigned long long)v : (unsigned long long)v;
    char *d = digits(tmp + sizeof tmp, u);
    if (v < 0) *--d = '-';
    buf_puts(b, d);
}

static void put_unsigned(struct buf *b, unsigned long long v) {
    char tmp[24];
    buf_puts(b, digits(tmp + sizeof tmp, v));
}

void html_vprintf(struct buf *b, const char *fmt, va_list ap) {
    const char *run = fmt;
    for (const char *p = fmt; *p; p++) {
        if (*p != '%') continue;
        buf_append(b, run, (size_t)(p - run));
        p++;
        int longs = 0, size = 0;
        while (*p == 'l') longs++, p++;
        if (*p == 'z') size = 1, p++;
        switch (*p) {
        case '%': buf_putc(b, '%'); break;
        case 's': html_escape(b, va_arg(ap, const char *)); break;
        case 'd':
        case 'i':
            if (size) put_signed(b, va_arg(ap, ssize_t));
            else if (longs == 2) put_signed(b, va_arg(ap, long long));
            else if (longs == 1) put_signed(b, va_arg(ap, long));
            else put_signed(b, va_arg(ap, int));
            break;
        case 'u':
            if (size) put_unsigned(b, va_arg(ap, size_t));
            else if (longs == 2) put_unsigned(b, va_arg(ap, unsigned long long));
            else if (longs == 1) put_unsigned(b, va_arg(ap, unsigned long));
            else put_unsigned(b, va_arg(ap, unsigned));
            break;
        default:
            fprintf(stderr, "ruche: html_printf: unsupported conversion in \"%s\"\n", fmt);
            abort();
        }
        run = p + 1;
    }
    buf_puts(b, run);
}

void html_printf(struct buf *b, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    html_vprintf(b, fmt, ap);
    va_end(ap);
}

void html_markdown(struct buf *b, struct markup m) {
    if (m.html) buf_puts(b, m.html);
}

const char *html_safe_url(const char *url) {
    if (!url) return "#";
    if (url[0] == '/' && url[1] != '/' && url[1] != '\\') return url;
    static const char *const schemes[] = {"http://", "https://", "mailto:", "tel:"};
    for (size_t i = 0; i < sizeof schemes / sizeof schemes[0]; i++)
        if (!strncasecmp(url, schemes[i], strlen(schemes[i]))) return url;
    return "#";
}

char *url_encode(struct arena *a, const char *s) {
    static const char hex[] = "0123456789ABCDEF";
    char *out = arena_alloc(a, strlen(s) * 3 + 1), *o = out;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if (isalnum(*p) || *p == '-' || *p == '_' || *p == '.' || *p == '~') {
            *o++ = (char)*p;
        } else {
            *o++ = '%';
            *o++ = hex[*p >> 4];
            *o++ = hex[*p & 15];
        }
    }
    *o = 0;
    return out;
}
