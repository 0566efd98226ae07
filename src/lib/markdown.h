/* Markdown to safe HTML with cmark-gfm: no raw HTML, no javascript: or
 * data: links (cmark's safe mode), GFM tables, autolinks, strikethrough
 * and the tagfilter extension. */
#ifndef RUCHE_MARKDOWN_H
#define RUCHE_MARKDOWN_H
#include "lib/arena.h"
#include "lib/html.h"

struct markup markdown_render(struct arena *a, const char *text);
/* The same in two steps, for renderers that rewrite the tree in between
 * (core/content.c): parse with the extensions, then render and free. */
struct cmark_node;
struct cmark_node *markdown_parse(const char *text);
struct markup markdown_html(struct arena *a, struct cmark_node *doc);
/* The text of a Markdown document without its markup (for excerpts). */
char *markdown_plain(struct arena *a, const char *text);

/* Replaces each image with an address safe mode would blank (which renders
 * as the invalid <img src="">) by its description. For renderers that build
 * their own cmark tree (core/content.c). */
void markdown_drop_unsafe_images(struct cmark_node *doc);

#endif
