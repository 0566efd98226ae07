/* Markdown rendering (see markdown.h). The extensions are looked up once;
 * cmark-gfm's registry is process-wide and not thread-safe to build. */
#include "lib/markdown.h"

#include <cmark-gfm-core-extensions.h>
#include <cmark-gfm.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static pthread_once_t once = PTHREAD_ONCE_INIT;
static cmark_syntax_extension *exts[4];

static void setup(void) {
    cmark_gfm_core_extensions_ensure_registered();
    static const char *const names[] = {"autolink", "strikethrough", "table", "tagfilter"};
    for (int i = 0; i < 4; i++) exts[i] = cmark_find_syntax_extension(names[i]);
}

/* What cmark's safe mode blanks: no address, or a scheme that runs code
 * (data: only for the image types cmark lets through). */
static int unsafe_url(const char *u) {
    static const char *const bad[] = {"javascript:", "vbscript:", "file:", "data:"};
    static const char *const images[] = {"data:image/png", "data:image/gif", "data:image/jpeg", "data:image/webp"};
    if (!u || !*u) return 1;
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        if (strncasecmp(u, bad[i], strlen(bad[i]))) continue;
        for (size_t j = 0; i == 3 && j < sizeof images / sizeof images[0]; j++)
            if (!strncasecmp(u, images[j], strlen(images[j]))) return 0;
        return 1;
    }
    return 0;
}

/* Safe mode renders an unsafe image as <img src="">, which is invalid HTML
 * (and a request for the page itself): such an image becomes its
 * description instead. */
void markdown_drop_unsafe_images(cmark_node *doc) {
    cmark_node **found = NULL;
    size_t n = 0, cap = 0;
    cmark_iter *it = cmark_iter_new(doc);
    for (cmark_event_type ev; (ev = cmark_iter_next(it)) != CMARK_EVENT_DONE;) {
        cmark_node *node = cmark_iter_get_node(it);
        if (ev != CMARK_EVENT_ENTER || cmark_node_get_type(node) != CMARK_NODE_IMAGE) continue;
        if (!unsafe_url(cmark_node_get_url(node))) continue;
        if (n == cap) {
            cmark_node **more = realloc(found, sizeof *found * (cap = cap ? cap * 2 : 8));
            if (!more) break;
            found = more;
        }
        found[n++] = node;
    }
    cmark_iter_free(it);
    for (size_t i = 0; i < n; i++) {
        for (cmark_node *child; (child = cmark_node_first_child(found[i]));) cmark_node_insert_before(found[i], child);
        cmark_node_free(found[i]);
    }
    free(found);
}

#define OPTIONS (CMARK_OPT_DEFAULT | CMARK_OPT_VALIDATE_UTF8) /* safe: raw HTML and bad URLs dropped */

cmark_node *markdown_parse(const char *text) {
    pthread_once(&once, setup);
    cmark_parser *p = cmark_parser_new(OPTIONS);
    for (int i = 0; i < 4; i++)
        if (exts[i]) cmark_parser_attach_syntax_extension(p, exts[i]);
    cmark_parser_feed(p, text ? text : "", text ? strlen(text) : 0);
    cmark_node *doc = cmark_parser_finish(p);
    cmark_parser_free(p);
    return doc;
}

struct markup markdown_html(struct arena *a, cmark_node *doc) {
    pthread_once(&once, setup);
    cmark_llist *list = NULL;
    for (int i = 0; i < 4; i++)
        if (exts[i]) list = cmark_llist_append(cmark_get_default_mem_allocator(), list, exts[i]);
    markdown_drop_unsafe_images(doc);
    char *html = cmark_render_html(doc, OPTIONS, list);
    struct markup m = {arena_strdup(a, html ? html : "")};
    free(html);
    cmark_llist_free(cmark_get_default_mem_allocator(), list);
    cmark_node_free(doc);
    return m;
}

struct markup markdown_render(struct arena *a, const char *text) { return markdown_html(a, markdown_parse(text)); }

char *markdown_plain(struct arena *a, const char *text) {
    cmark_node *doc = cmark_parse_document(text ? text : "", text ? strlen(text) : 0, CMARK_OPT_DEFAULT);
    char *plain = cmark_render_plaintext(doc, CMARK_OPT_DEFAULT, 0);
    char *out = arena_strdup(a, plain ? plain : "");
    free(plain);
    cmark_node_free(doc);
    return out;
}
