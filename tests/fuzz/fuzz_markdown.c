/* Fuzzes Markdown rendering as every item and comment goes through it
 * (core/content.c over lib/markdown.c): cmark-gfm with our extensions, the
 * rewrite of @mentions, #hashtags and [[wiki links]] into links, and the
 * plain-text excerpt. Checks what the renderer promises: no raw HTML
 * elements an author could inject, no javascript: links, and extracted
 * mentions and tags within their limits. */
#include "core/content.h"
#include "fuzz.h"
#include "lib/markdown.h"
#include "lib/text.h"

static int handle_exists(void *ctx, const char *handle) { return handle[0] != 'x'; }
static const char *wiki_link(void *ctx, const char *name) { return name[0] == 'z' ? NULL : "/wiki/page"; }

static void check_html(const char *h) {
    if (!h) abort();
    if (strstr(h, "<script") || strstr(h, "<iframe") || strstr(h, "<style") || strcasestr(h, "href=\"javascript:") ||
        strcasestr(h, "src=\"javascript:"))
        abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    if (size > 64 * 1024) return 0; /* bodies are limited far below this */
    char *s = fuzz_str(data, size);
    if (!text_valid(s, 1)) { /* the handlers refuse anything else before rendering */
        free(s);
        return 0;
    }
    struct arena a = {0};
    struct content c;
    struct content_wiki w = {wiki_link, NULL};
    content_render_wiki(&a, s, handle_exists, NULL, &w, &c);
    check_html(c.html.html);
    if (c.nmentions < 0 || c.nmentions > CONTENT_MAX_MENTIONS || c.ntags < 0 || c.ntags > CONTENT_MAX_TAGS) abort();
    for (int i = 0; i < c.ntags; i++)
        if (!c.tags[i] || !c.tags[i][0]) abort();
    content_render(&a, s, NULL, NULL, &c);
    check_html(c.html.html);
    check_html(markdown_render(&a, s).html);
    if (!markdown_plain(&a, s)) abort();
    arena_free(&a);
    free(s);
    return 0;
}
