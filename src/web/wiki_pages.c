/* The wiki's pages: a space's wiki home (pages by title, recently
 * changed), a page by its address, its history, one revision, the
 * differences between two revisions, and restoring one. */
#include <string.h>

#include "core/policy.h"
#include "core/spaces.h"
#include "core/wiki.h"
#include "db/db.h"
#include "lib/markdown.h"
#include "lib/text.h"
#include "web/pages.h"
#include "web/social.h"
#include "web/spaces.h"
#include "web/web.h"
#include "web/wiki.h"

static void new_page_link(struct req *r, const struct space *s, const char *title) {
    if (!policy_space(r->me, ACT_POST, s)) return;
    if (title)
        H(r, "<p><a class=\"button\" href=\"/items/new?type=wiki&amp;space=%lld&amp;title=%s\">%s</a></p>", (long long)s->id,
          url_encode(&r->arena, title), T(r, "Create this page"));
    else
        H(r, "<p><a class=\"button\" href=\"/items/new?type=wiki&amp;space=%lld\">%s</a></p>", (long long)s->id,
          T(r, "New page"));
}

/* GET /spaces/{slug}/wiki */
int web_space_wiki(struct req *r) {
    const struct space *s = web_space_param(r);
    if (!s || !policy_space(r->me, ACT_READ_SPACE, s)) return resp_error(r, 404, NULL);
    struct db *db = db_thread();
    struct wiki_entry *pages, *recent;
    int n, nr;
    struct err e = {0};
    if (wiki_list(db, &r->arena, r->me, s, 0, WIKI_LIST_MAX, &pages, &n, &e) ||
        wiki_list(db, &r->arena, r->me, s, 1, 10, &recent, &nr, &e))
        return resp_error(r, 404, NULL);
    page_begin(r, arena_printf(&r->arena, "%s · %s", T(r, "Wiki"), s->name));
    web_space_header(r, s, "wiki");
    web_notice(r);
    H(r, "<h2>%s</h2>", T(r, "Wiki"));
    new_page_link(r, s, NULL);
    if (!n) {
        H(r, "<p>%s</p>", T(r, "This wiki has no pages yet."));
        return page_end(r);
    }
    H(r, "<div class=\"columns\"><section class=\"main-column\" aria-labelledby=\"wiki-index\"><h3 id=\"wiki-index\">%s</h3><ul class=\"wiki-index\">",
      T(r, "Pages"));
    for (int i = 0; i < n; i++)
        H(r, "<li><a href=\"/spaces/%s/wiki/%s\">%s</a></li>", s->slug, url_encode(&r->arena, pages[i].slug), pages[i].title);
    H(r, "</ul></section><aside aria-labelledby=\"wiki-recent\"><h3 id=\"wiki-recent\">%s</h3><ul class=\"wiki-recent\">",
      T(r, "Recently changed"));
    for (int i = 0; i < nr; i++) {
        H(r, "<li><a href=\"/spaces/%s/wiki/%s\">%s</a> <small>", s->slug, url_encode(&r->arena, recent[i].slug),
          recent[i].title);
        web_time(r, recent[i].updated_at);
        H(r, "</small></li>");
    }
    H(r, "</ul></aside></div>\n");
    return page_end(r);
}

/* GET /spaces/{slug}/wiki/{page}: the page, or the offer to create it. */
int web_wiki_page(struct req *r) {
    const struct space *s = web_space_param(r);
    if (!s || !policy_space(r->me, ACT_READ_SPACE, s)) return resp_error(r, 404, NULL);
    struct item *it = wiki_by_slug(db_thread(), &r->arena, r->me, s->id, req_param(r, 1));
    if (!it) {
        page_begin(r, T(r, "No such page"));
        web_space_header(r, s, "wiki");
        H(r, "<h2>%s</h2><p>%s</p>", T(r, "No such page"), T(r, "This wiki has no page at this address yet."));
        new_page_link(r, s, req_param(r, 1));
        page_end(r);
        return 404;
    }
    page_begin(r, it->title);
    web_space_header(r, s, "wiki");
    web_notice(r);
    web_item_card(r, it, CARD_FULL);
    return page_end(r);
}

static struct item *wiki_item(struct req *r) {
    struct item *it = item_get(db_thread(), &r->arena, r->me, text_parse_id(req_param(r, 0)));
    return it && !strcmp(it->type, "wiki") ? it : NULL;
}

static void page_heading(struct req *r, const struct item *it, const char *what) {
    page_begin(r, arena_printf(&r->arena, "%s · %s", what, it->title));
    H(r, "<p class=\"crumbs-line\"><a href=\"/items/%lld\">%s</a>", (long long)it->id, it->title);
    if (it->space) H(r, " · <a href=\"/spaces/%s/wiki\">%s</a>", it->space->slug, T(r, "Wiki home"));
    H(r, "</p><h1>%s</h1>\n", what);
}

static void restore_button(struct req *r, const struct item *it, int64_t rev) {
    H(r, "<form method=\"post\" action=\"/items/%lld/revisions/%lld/restore\" class=\"inline\">", (long long)it->id,
      (long long)rev);
    web_csrf_field(r);
    H(r, "<button type=\"submit\" class=\"link\">%s</button></form>", T(r, "Restore"));
}

/* GET /items/{id}/revisions */
int web_wiki_history(struct req *r) {
    struct item *it = wiki_item(r);
    if (!it) return resp_error(r, 404, NULL);
    const char *before = req_query(r, "before");
    struct wiki_revision *list;
    int n, more;
    struct err e = {0};
    if (wiki_revisions(db_thread(), &r->arena, r->me, it->id, before ? text_parse_id(before) : 0, WIKI_REVISIONS_PAGE,
                       &list, &n, &more, &e))
        return resp_error(r, 404, NULL);
    struct wiki_page p;
    if (wiki_page_of(db_thread(), &r->arena, it->id, &p)) return resp_error(r, 404, NULL);
    int may_edit = policy_item(r->me, ACT_EDIT_ITEM, it);
    page_heading(r, it, T(r, "History"));
    web_notice(r);
    /* two revisions picked by the reader, compared by /diff */
    /* the restore buttons are forms of their own: the radios belong to
     * the compare form by their form attribute */
    H(r, "<form id=\"compare\" method=\"get\" action=\"/items/%lld/diff\"></form><table class=\"history\"><caption>%s</caption><thead><tr>"
         "<th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
         "<th scope=\"col\">%s</th><th scope=\"col\">%s</th></tr></thead><tbody>",
      (long long)it->id, T(r, "Pick two revisions to compare them."), T(r, "From"), T(r, "To"), T(r, "Revision"),
      T(r, "Saved by"), T(r, "Comment"), T(r, "Actions"));
    for (int i = 0; i < n; i++) {
        const struct wiki_revision *v = &list[i];
        long long rev = (long long)v->rev;
        H(r, "<tr><td><input type=\"radio\" form=\"compare\" name=\"from\" value=\"%lld\" aria-label=\"%s %lld\"%s></td>"
             "<td><input type=\"radio\" form=\"compare\" name=\"to\" value=\"%lld\" aria-label=\"%s %lld\"%s></td>",
          rev, T(r, "Compare from revision"), rev, v->rev == p.revision - 1 ? " checked" : "", rev,
          T(r, "Compare to revision"), rev, v->rev == p.revision ? " checked" : "");
        H(r, "<td><a href=\"/items/%lld/revisions/%lld\">%lld</a>%s</td><td>", (long long)it->id, rev, rev,
          v->rev == p.revision ? arena_printf(&r->arena, " <span class=\"badge\">%s</span>", T(r, "current")) : "");
        H(r, "%s<br><small>", v->editor ? v->editor->name : "?");
        web_time(r, v->created_at);
        H(r, "</small></td><td>%s</td><td>", v->comment);
        if (may_edit && v->rev != p.revision) restore_button(r, it, v->rev);
        H(r, "</td></tr>");
    }
    H(r, "</tbody></table><p><button type=\"submit\" form=\"compare\">%s</button></p>\n", T(r, "Compare"));
    if (more)
        H(r, "<p><a href=\"/items/%lld/revisions?before=%lld\">%s</a></p>", (long long)it->id, (long long)list[n - 1].rev,
          T(r, "Older revisions"));
    return page_end(r);
}

/* GET /items/{id}/revisions/{n} */
int web_wiki_revision(struct req *r) {
    struct item *it = wiki_item(r);
    int64_t rev = text_parse_id(req_param(r, 1));
    struct wiki_revision v;
    struct err e = {0};
    if (!it || !rev || wiki_revision(db_thread(), &r->arena, r->me, it->id, rev, &v, &e)) return resp_error(r, 404, NULL);
    struct wiki_page p;
    if (wiki_page_of(db_thread(), &r->arena, it->id, &p)) return resp_error(r, 404, NULL);
    page_heading(r, it, arena_printf(&r->arena, "%s %lld", T(r, "Revision"), (long long)rev));
    H(r, "<p>%s %s · ", T(r, "Saved by"), v.editor ? v.editor->name : "?");
    web_time(r, v.created_at);
    if (*v.comment) H(r, " · %s", v.comment);
    H(r, "</p><div class=\"actions\">");
    if (rev > 1)
        H(r, "<a href=\"/items/%lld/diff?from=%lld&amp;to=%lld\">%s</a> · ", (long long)it->id, (long long)rev - 1,
          (long long)rev, T(r, "Changes in this revision"));
    if (rev != p.revision)
        H(r, "<a href=\"/items/%lld/diff?from=%lld&amp;to=%lld\">%s</a> · ", (long long)it->id, (long long)rev,
          (long long)p.revision, T(r, "Compare with the current revision"));
    H(r, "<a href=\"/items/%lld/revisions\">%s</a>", (long long)it->id, T(r, "History"));
    if (rev != p.revision && policy_item(r->me, ACT_EDIT_ITEM, it)) {
        H(r, " · ");
        restore_button(r, it, rev);
    }
    H(r, "</div><article class=\"item\"><h2>%s</h2><div class=\"body\">", v.title);
    html_markdown(&r->out, markdown_render(&r->arena, v.body));
    H(r, "</div></article>\n");
    return page_end(r);
}

/* GET /items/{id}/diff?from=&to= */
int web_wiki_diff(struct req *r) {
    struct item *it = wiki_item(r);
    if (!it) return resp_error(r, 404, NULL);
    int64_t from = text_parse_id(req_query(r, "from")), to = text_parse_id(req_query(r, "to"));
    if (!from || !to) return resp_error(r, 400, N_("Pick two revisions to compare them."));
    struct wiki_revision a, b;
    struct diff d;
    struct err e = {0};
    int rc = wiki_diff(db_thread(), &r->arena, r->me, it->id, from, to, &a, &b, &d, &e);
    if (rc) return resp_error(r, rc, NULL);
    page_heading(r, it, arena_printf(&r->arena, "%s %lld → %lld", T(r, "Changes"), (long long)from, (long long)to));
    H(r, "<p><a href=\"/items/%lld/revisions/%lld\">%s %lld</a> (%s) → <a href=\"/items/%lld/revisions/%lld\">%s %lld</a> (%s) · "
         "<a href=\"/items/%lld/revisions\">%s</a></p>",
      (long long)it->id, (long long)from, T(r, "Revision"), (long long)from, a.editor ? a.editor->name : "?", (long long)it->id,
      (long long)to, T(r, "Revision"), (long long)to, b.editor ? b.editor->name : "?", (long long)it->id, T(r, "History"));
    if (strcmp(a.title, b.title)) H(r, "<p>%s <del>%s</del> → <ins>%s</ins></p>", T(r, "Title:"), a.title, b.title);
    if (d.coarse) H(r, "<p class=\"notice\">%s</p>", T(r, "Too many changes to pair them line by line: the changed part is shown as removed, then added."));
    if (!d.added && !d.removed) H(r, "<p>%s</p>", T(r, "The texts are the same."));
    else web_wiki_diff_table(r, &d, 3);
    return page_end(r);
}

/* POST /items/{id}/revisions/{n}/restore */
int web_wiki_restore(struct req *r) {
    int64_t id = text_parse_id(req_param(r, 0)), rev = text_parse_id(req_param(r, 1));
    struct err e = {0};
    int rc = rev ? wiki_restore(db_thread(), &r->arena, r->me, id, rev, &e) : ERR_NOT_FOUND;
    if (rc) return resp_error(r, rc, rc == ERR_NOT_FOUND ? NULL : e.msg);
    return resp_redirect(r, arena_printf(&r->arena, "/items/%lld/revisions?done=restored", (long long)id));
}
