/* Mentions and hashtags are found in the Markdown syntax tree (cmark-gfm),
 * in text nodes outside links and code, so "`@x`" or a URL fragment never
 * notifies anyone. Each match becomes a link node before rendering. */
#include "core/content.h"

#include <cmark-gfm.h>
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "lib/markdown.h"
#include "lib/text.h"

static int handle_char(unsigned char c) { return isalnum(c) || c == '.' || c == '_' || c == '-'; }
static int tag_char(unsigned char c) { return isalnum(c) || c == '_' || c == '-' || c >= 0x80; }

const char *content_tag(struct arena *a, const char *typed) {
    if (!typed) return NULL;
    if (*typed == '#') typed++;
    char *t = text_trim(a, typed);
    if (!*t || !text_valid(t, 0) || text_chars(t) > TAG_MAX_CHARS) return NULL;
    int letter = 0;
    for (const unsigned char *p = (const unsigned char *)t; *p; p++) {
        if (!tag_char(*p)) return NULL;
        if (isalpha(*p) || *p >= 0x80) letter = 1;
    }
    return letter ? text_fold(a, t) : NULL;
}

static int add_unique(const char **list, int *n, int max, const char *v, int *overflow) {
    for (int i = 0; i < *n; i++)
        if (!strcmp(list[i], v)) return 0;
    if (*n == max) {
        *overflow = 1;
        return -1;
    }
    list[(*n)++] = v;
    return 0;
}

static cmark_node *text_node(const char *s, size_t n) {
    cmark_node *t = cmark_node_new(CMARK_NODE_TEXT);
    char *copy = strndup(s, n);
    cmark_node_set_literal(t, copy ? copy : "");
    free(copy);
    return t;
}

static cmark_node *link_node(const char *url, const char *label, size_t n) {
    cmark_node *l = cmark_node_new(CMARK_NODE_LINK);
    cmark_node_set_url(l, url);
    cmark_node_append_child(l, text_node(label, n));
    return l;
}

static int inside_link_or_code(cmark_node *n) {
    for (cmark_node *p = cmark_node_parent(n); p; p = cmark_node_parent(p)) {
        cmark_node_type t = cmark_node_get_type(p);
        if (t == CMARK_NODE_LINK || t == CMARK_NODE_IMAGE || t == CMARK_NODE_CODE_BLOCK) return 1;
    }
    return 0;
}

/* Grows an arena array of nodes from n to m entries. */
static cmark_node **arena_realloc_nodes(struct arena *a, cmark_node **v, size_t n, size_t m) {
    cmark_node **w = arena_alloc(a, sizeof *w * m);
    if (n) memcpy(w, v, sizeof *w * n);
    return w;
}

/* Splits one text node around its mentions and hashtags. */
static void rewrite_text(struct arena *a, cmark_node *node, int (*exists)(void *, const char *), void *ctx,
                         struct content *out) {
    const char *s = cmark_node_get_literal(node);
    if (!s || (!strchr(s, '@') && !strchr(s, '#'))) return;
    char *lit = arena_strdup(a, s);
    size_t len = strlen(lit), start = 0;
    int changed = 0;
    for (size_t i = 0; i < len; i++) {
        unsigned char prev = i ? (unsigned char)lit[i - 1] : ' ';
        if (lit[i] == '@' && !handle_char(prev) && prev != '@') {
            size_t j = i + 1;
            while (j < len && handle_char((unsigned char)lit[j]) && j - i <= 41) j++;
            while (j > i + 1 && (lit[j - 1] == '.' || lit[j - 1] == '-' || lit[j - 1] == '_')) j--;
            char *h = text_lower(a, arena_strndup(a, lit + i + 1, j - i - 1));
            if (!text_is_handle(h)) continue;
            if (add_unique(out->mentions, &out->nmentions, CONTENT_MAX_MENTIONS, h, &out->too_many_mentions)) continue;
            if (exists && !exists(ctx, h)) continue;
            cmark_node_insert_before(node, text_node(lit + start, i - start));
            cmark_node_insert_before(node, link_node(arena_printf(a, "/people/%s", h), lit + i, j - i));
            start = j;
            i = j - 1;
            changed = 1;
        } else if (lit[i] == '#' && !tag_char(prev) && prev != '&') {
            size_t j = i + 1;
            while (j < len && tag_char((unsigned char)lit[j])) j++;
            while (j > i + 1 && (lit[j - 1] == '-' || lit[j - 1] == '_')) j--;
            const char *tag = content_tag(a, arena_strndup(a, lit + i + 1, j - i - 1));
            if (!tag) continue;
            if (add_unique(out->tags, &out->ntags, CONTENT_MAX_TAGS, tag, &out->too_many_tags)) continue;
            cmark_node_insert_before(node, text_node(lit + start, i - start));
            cmark_node_insert_before(node, link_node(arena_printf(a, "/tags/%s", url_encode(a, tag)), lit + i, j - i));
            start = j;
            i = j - 1;
            changed = 1;
        }
    }
    if (changed) {
        char *rest = arena_strdup(a, lit + start);
        cmark_node_set_literal(node, rest);
    }
}

/* Splits one text node around its [[wiki links]]; the plain pieces put
 * before it are added to pieces (for the mention pass). */
static void rewrite_wiki(struct arena *a, cmark_node *node, const struct content_wiki *wiki, cmark_node ***pieces,
                         size_t *np) {
    const char *s = cmark_node_get_literal(node);
    if (!s || !strstr(s, "[[")) return;
    char *lit = arena_strdup(a, s);
    size_t start = 0;
    int changed = 0;
    for (char *open = strstr(lit, "[["); open; open = strstr(open, "[[")) {
        char *close = strstr(open + 2, "]]");
        if (!close) break;
        char *inner = arena_strndup(a, open + 2, (size_t)(close - open - 2));
        char *bar = strchr(inner, '|');
        if (bar) *bar = 0;
        const char *name = text_trim(a, inner), *label = bar ? text_trim(a, bar + 1) : name;
        const char *url = *name && *label && !strchr(name, '[') ? wiki->link(wiki->ctx, name) : NULL;
        if (!url) {
            open += 2;
            continue;
        }
        size_t at = (size_t)(open - lit);
        if (at > start) {
            cmark_node *t = text_node(lit + start, at - start);
            cmark_node_insert_before(node, t);
            *pieces = arena_realloc_nodes(a, *pieces, *np, *np + 1);
            (*pieces)[(*np)++] = t;
        }
        cmark_node_insert_before(node, link_node(url, label, strlen(label)));
        start = (size_t)(close + 2 - lit);
        open = close + 2;
        changed = 1;
    }
    if (changed) cmark_node_set_literal(node, lit + start);
}

void content_render(struct arena *a, const char *markdown, int (*exists)(void *, const char *), void *ctx,
                    struct content *out) {
    content_render_wiki(a, markdown, exists, ctx, NULL, out);
}

void content_render_wiki(struct arena *a, const char *markdown, int (*exists)(void *, const char *), void *ctx,
                         const struct content_wiki *wiki, struct content *out) {
    memset(out, 0, sizeof *out);
    cmark_node *doc = markdown_parse(markdown);
    /* "[[a]]" comes out of the parser as five text nodes: join them */
    if (wiki) cmark_consolidate_text_nodes(doc);
    /* collect first: rewriting while iterating would invalidate the iterator */
    size_t cap = 64, n = 0;
    cmark_node **texts = malloc(cap * sizeof *texts);
    cmark_iter *it = cmark_iter_new(doc);
    cmark_event_type ev;
    while (texts && (ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
        cmark_node *node = cmark_iter_get_node(it);
        if (ev != CMARK_EVENT_ENTER || cmark_node_get_type(node) != CMARK_NODE_TEXT || inside_link_or_code(node))
            continue;
        if (n == cap) {
            cmark_node **bigger = realloc(texts, cap * 2 * sizeof *texts);
            if (!bigger) break;
            texts = bigger;
            cap *= 2;
        }
        texts[n++] = node;
    }
    cmark_iter_free(it);
    for (size_t i = 0; i < n; i++) {
        cmark_node **pieces = NULL;
        size_t np = 0;
        if (wiki) rewrite_wiki(a, texts[i], wiki, &pieces, &np);
        for (size_t j = 0; j < np; j++) rewrite_text(a, pieces[j], exists, ctx, out);
        rewrite_text(a, texts[i], exists, ctx, out);
    }
    free(texts);
    out->html = markdown_html(a, doc);
}
