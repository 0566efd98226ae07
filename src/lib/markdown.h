/* Markdown to safe HTML with cmark-gfm: no raw HTML, no javascript: or
 * data: links (cmark's safe mode), GFM tables, autolinks, strikethrough
 * and the tagfilter extension. */
#ifndef RUCHE_MARKDOWN_H
#define RUCHE_MARKDOWN_H
#include "lib/arena.h"
#include "lib/html.h"

struct markup markdown_render(struct arena *a, const char *text);

#endif
