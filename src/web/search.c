/* The search page (/search): the search box with its filters (kind, space,
 * author, tag, period) and the hits, best first, each with its title and an
 * excerpt whose matches are marked by the HTML writer (<mark>), from plain
 * text, never from indexed HTML. */
#include <string.h>

#include "core/kinds.h"
#include "core/policy.h"
#include "core/search.h"
#include "core/spaces.h"
#include "db/db.h"
#include "lib/html.h"
#include "lib/text.h"
#include "web/kinds.h"
#include "web/pages.h"
#include "web/social.h"
#include "web/web.h"

/* Text with its matches in <mark>: each piece goes through the escaping writer. */
static void marked(struct req *r, const struct search_text *t) {
    int at = 0;
    for (int i = 0; i < t->nmarks; i++) {
        H(r, "%s", arena_strndup(&r->arena, t->text + at, (size_t)(t->marks[i].start - at)));
        H(r, "<mark>%s</mark>", arena_strndup(&r->arena, t->text + t->marks[i].start, (size_t)t->marks[i].len));
        at = t->marks[i].start + t->marks[i].len;
    }
    H(r, "%s", t->text + at);
}

static const char *type_label(struct req *r, const char *type) {
    if (!strcmp(type, "comment")) return T(r, "Comment");
    if (!strcmp(type, "person")) return T(r, "Person");
    if (!strcmp(type, "space")) return T(r, "Space");
    const struct web_kind *wk = web_kind(type);
    return wk ? T(r, wk->label) : type;
}

static void option(struct req *r, const char *value, const char *label, const char *current) {
    H(r, "<option value=\"%s\"%s>%s</option>", value, current && !strcmp(current, value) ? " selected" : "", label);
}

static void form(struct req *r, const struct search_query *q, const char *author) {
    struct db *db = db_thread();
    H(r, "<form method=\"get\" action=\"/search\" class=\"search filters\" role=\"search\" aria-label=\"%s\">",
      T(r, "Search with filters"));
    H(r,
      "<div class=\"field q\"><label for=\"search-q\">%s</label><input id=\"search-q\" name=\"q\" type=\"search\" "
      "value=\"%s\" maxlength=\"200\"></div>",
      T(r, "Search for"), q->q ? q->q : "");
    H(r, "<div class=\"field\"><label for=\"search-type\">%s</label><select id=\"search-type\" name=\"type\">",
      T(r, "Kind"));
    option(r, "", T(r, "Everything"), q->type);
    int nk;
    const struct web_kind *const *kinds = web_kinds(&nk);
    for (int i = 0; i < nk; i++)
        option(r, kinds[i]->type, T(r, kinds[i]->plural), q->type);
    option(r, "comment", T(r, "Comments"), q->type);
    option(r, "person", T(r, "People"), q->type);
    option(r, "space", T(r, "Spaces"), q->type);
    H(r, "</select></div>");
    H(r, "<div class=\"field\"><label for=\"search-space\">%s</label><select id=\"search-space\" name=\"space\">",
      T(r, "Space"));
    H(r, "<option value=\"\">%s</option>", T(r, "All spaces"));
    people_load_spaces(db, &r->arena, r->me);
    int found = 0;
    for (int i = 0; i < r->me->nspaces; i++) {
        const struct space *s = space_view(db, &r->arena, r->me, r->me->spaces[i].space);
        if (!s || !policy_space(r->me, ACT_READ_SPACE, s)) continue;
        found |= s->id == q->space;
        H(r, "<option value=\"%lld\"%s>%s</option>", (long long)s->id, s->id == q->space ? " selected" : "", s->name);
    }
    if (q->space && !found) { /* a space one reads without being a member */
        const struct space *s = space_view(db, &r->arena, r->me, q->space);
        if (s) H(r, "<option value=\"%lld\" selected>%s</option>", (long long)s->id, s->name);
    }
    H(r, "</select></div>");
    H(r,
      "<div class=\"field\"><label for=\"search-author\">%s</label><input id=\"search-author\" name=\"author\" "
      "type=\"text\" value=\"%s\" maxlength=\"40\""
      " placeholder=\"%s\"></div>",
      T(r, "Author"), author ? author : "", T(r, "handle"));
    H(r,
      "<div class=\"field\"><label for=\"search-tag\">%s</label><input id=\"search-tag\" name=\"tag\" type=\"text\" "
      "value=\"%s\" maxlength=\"64\"></div>",
      T(r, "Tag"), q->tag ? q->tag : "");
    H(r,
      "<div class=\"field\"><label for=\"search-from\">%s</label><input id=\"search-from\" name=\"from\" type=\"date\" "
      "value=\"%s\"></div>",
      T(r, "From"), q->from ? q->from : "");
    H(r,
      "<div class=\"field\"><label for=\"search-to\">%s</label><input id=\"search-to\" name=\"to\" type=\"date\" "
      "value=\"%s\"></div>",
      T(r, "To"), q->to ? q->to : "");
    H(r, "<div class=\"field\"><button type=\"submit\">%s</button></div></form>\n", T(r, "Search"));
}

static void hit(struct req *r, const struct search_hit *h) {
    const char *href;
    if (h->item && h->kind[0] == 'c')
        href = arena_printf(&r->arena, "/items/%lld#comment-%lld", (long long)h->item->id, (long long)h->id);
    else if (h->item)
        href = arena_printf(&r->arena, "/items/%lld", (long long)h->id);
    else if (h->space)
        href = arena_printf(&r->arena, "/spaces/%s", h->space->slug);
    else
        href = arena_printf(&r->arena, "/people/%s", h->person->handle);
    H(r, "<li class=\"hit\"><p class=\"hit-kind\">%s</p><h2><a href=\"%s\">", type_label(r, h->type), href);
    if (*h->title.text)
        marked(r, &h->title);
    else if (h->kind[0] == 'c' && *h->item->title)
        H(r, "%s", h->item->title); /* a comment: its item's title */
    else if (h->kind[0] == 'c')
        H(r, "%s", T(r, "Comment on a post"));
    else
        H(r, "%s", h->person ? h->person->name : type_label(r, h->type)); /* an untitled post: its author */
    H(r, "</a></h2>");
    if (*h->snippet.text) {
        H(r, "<p class=\"snippet\">");
        marked(r, &h->snippet);
        H(r, "</p>");
    }
    H(r, "<p class=\"meta\">");
    if (h->item && h->person) H(r, "<a href=\"/people/%s\">%s</a> · ", h->person->handle, h->person->name);
    if (h->item && h->item->space) H(r, "<a href=\"/spaces/%s\">%s</a> · ", h->item->space->slug, h->item->space->name);
    web_time(r, h->at);
    H(r, "</p></li>\n");
}

int web_search(struct req *r) {
    struct db *db = db_thread();
    const char *space = req_query(r, "space"), *author = req_query(r, "author");
    struct search_query q = {.q = req_query(r, "q"),
                             .type = req_query(r, "type"),
                             .tag = req_query(r, "tag"),
                             .from = req_query(r, "from"),
                             .to = req_query(r, "to"),
                             .cursor = req_query(r, "cursor"),
                             .limit = 20};
    if (q.type && !*q.type) q.type = NULL;
    if (space && *space && (q.space = text_parse_id(space)) <= 0)
        return resp_error(r, 400, N_("space is the id of a space."));
    if (author && *author) {
        const char *handle = *author == '@' ? author + 1 : author;
        struct person *p = people_view_handle(db, &r->arena, r->me, handle);
        if (!p) return resp_error(r, 404, N_("No such person."));
        q.author = p->id;
    }
    page_begin(r, q.q && *q.q ? arena_printf(&r->arena, "%s — %s", q.q, T(r, "Search")) : T(r, "Search"));
    H(r, "<h1>%s</h1>\n", T(r, "Search"));
    form(r, &q, author);
    if (!q.q || !*q.q) return page_end(r);
    struct search_hit *hits;
    int n;
    const char *next;
    struct err e = {0};
    int rc = search_run(db, &r->arena, r->me, &q, &hits, &n, &next, &e);
    if (rc == ERR_INVALID) {
        web_form_error(r, e.msg);
        return page_end(r);
    }
    if (rc) return resp_error(r, rc, e.msg);
    if (!n) H(r, "<p>%s</p>\n", q.cursor ? T(r, "No more results.") : T(r, "Nothing matches this search."));
    H(r, "<ol class=\"hits\">\n");
    for (int i = 0; i < n; i++)
        hit(r, &hits[i]);
    H(r, "</ol>\n");
    if (next)
        H(r,
          "<nav aria-label=\"%s\"><a rel=\"next\" href=\"/search?q=%s&amp;type=%s&amp;space=%s&amp;author=%s&amp;tag=%s"
          "&amp;from=%s&amp;to=%s&amp;cursor=%s\">%s</a></nav>\n",
          T(r, "Pages"), url_encode(&r->arena, q.q), url_encode(&r->arena, q.type ? q.type : ""),
          url_encode(&r->arena, space ? space : ""), url_encode(&r->arena, author ? author : ""),
          url_encode(&r->arena, q.tag ? q.tag : ""), url_encode(&r->arena, q.from ? q.from : ""),
          url_encode(&r->arena, q.to ? q.to : ""), url_encode(&r->arena, next), T(r, "Next page"));
    return page_end(r);
}
