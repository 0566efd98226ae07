/* Markdown rendering (see markdown.h). The extensions are looked up once;
 * cmark-gfm's registry is process-wide and not thread-safe to build. */
#include "lib/markdown.h"

#include <cmark-gfm-core-extensions.h>
#include <cmark-gfm.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

static pthread_once_t once = PTHREAD_ONCE_INIT;
static cmark_syntax_extension *exts[4];

static void setup(void) {
    cmark_gfm_core_extensions_ensure_registered();
    static const char *const names[] = {"autolink", "strikethrough", "table", "tagfilter"};
    for (int i = 0; i < 4; i++) exts[i] = cmark_find_syntax_extension(names[i]);
}

struct markup markdown_render(struct arena *a, const char *text) {
    pthread_once(&once, setup);
    int opts = CMARK_OPT_DEFAULT | CMARK_OPT_VALIDATE_UTF8; /* safe: raw HTML and bad URLs dropped */
    cmark_parser *p = cmark_parser_new(opts);
    cmark_llist *list = NULL;
    for (int i = 0; i < 4; i++)
        if (exts[i]) {
            cmark_parser_attach_syntax_extension(p, exts[i]);
            list = cmark_llist_append(cmark_get_default_mem_allocator(), list, exts[i]);
        }
    cmark_parser_feed(p, text ? text : "", text ? strlen(text) : 0);
    cmark_node *doc = cmark_parser_finish(p);
    char *html = cmark_render_html(doc, opts, list);
    struct markup m = {arena_strdup(a, html ? html : "")};
    free(html);
    cmark_llist_free(cmark_get_default_mem_allocator(), list);
    cmark_node_free(doc);
    cmark_parser_free(p);
    return m;
}
