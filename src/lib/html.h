/* The HTML writer: the only way bytes get into a page. Markup comes from
 * the literal format string; every %s argument is escaped for text and
 * quoted attribute context. Supported: %s %d %i %u %ld %lu %lld %llu %zu %%.
 * Rendered Markdown is a distinct type that only html_markdown emits. */
#ifndef RUCHE_HTML_H
#define RUCHE_HTML_H
#include <stdarg.h>

#include "lib/arena.h"
#include "lib/buf.h"

void html_printf(struct buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void html_vprintf(struct buf *b, const char *fmt, va_list ap) __attribute__((format(printf, 2, 0)));
/* Escapes & < > " ' into b. */
void html_escape(struct buf *b, const char *s);

/* Safe HTML produced by the Markdown renderer (lib/markdown.c). */
struct markup {
    const char *html;
};
void html_markdown(struct buf *b, struct markup m);

/* A URL safe to put in href/src: http(s), mailto, tel, or a site-relative
 * path; anything else (javascript:, data:, //host) becomes "#". */
const char *html_safe_url(const char *url);
/* Percent-encodes a string for a URL query value or path segment. */
char *url_encode(struct arena *a, const char *s);

#endif
