/* An item's page and the forms that act on items and comments: post, edit,
 * delete, like, comment. Each form returns to the page it came from. */
#include <stdlib.h>
#include <string.h>

#include "core/policy.h"
#include "core/spaces.h"
#include "db/db.h"
#include "lib/text.h"
#include "web/pages.h"
#include "web/social.h"
#include "web/web.h"

static int64_t id_param(struct req *r) { return text_parse_id(req_param(r, 0)); }

static int back(struct req *r, const char *fallback) {
    const char *next = req_form(r, "next");
    return resp_redirect(r, next ? web_safe_next(next) : fallback);
}

static int on_value(struct req *r) {
    const char *on = req_form(r, "on");
    return !on || strcmp(on, "0") != 0;
}

static void comments_section(struct req *r, const struct item *it, const char *error, const char *draft) {
    struct comment **cs;
    int n;
    const char *next;
    struct err e = {0};
    comment_list(db_thread(), &r->arena, r->me, it->id, req_query(r, "after"), 100, &cs, &n, &next, &e);
    H(r, "<section id=\"comments\" class=\"comments\"><h2>%s</h2>\n<ul>\n", T(r, "Comments"));
    for (int i = 0; i < n; i++) web_comment(r, it, cs[i]);
    H(r, "</ul>\n");
    if (next)
        H(r, "<p><a href=\"/items/%lld?after=%s#comments\">%s</a></p>", (long long)it->id, next, T(r, "More comments"));
    web_form_error(r, error);
    if (!policy_item(r->me, ACT_COMMENT, it)) {
        if (!r->me)
            H(r, "<p><a href=\"/login?next=/items/%lld\">%s</a></p>", (long long)it->id, T(r, "Sign in to react"));
        else if (it->space && it->space->archived_at)
            H(r, "<p>%s</p>", T(r, "This space is archived: it is read-only."));
        H(r, "</section>\n");
        return;
    }
    const struct space *s = it->space;
    const char *source = s && (s->visibility == VIS_PRIVATE || s->visibility == VIS_EXTRANET)
                             ? arena_printf(&r->arena, "/api/v1/spaces/%lld/members", (long long)s->id)
                             : "1";
    H(r, "<form method=\"post\" action=\"/items/%lld/comments\" class=\"composer\">", (long long)it->id);
    web_csrf_field(r);
    H(r, "<label for=\"comment-body\">%s</label><textarea id=\"comment-body\" name=\"body\" rows=\"3\" maxlength=\"5000\" "
         "required data-mentions=\"%s\">%s</textarea>",
      T(r, "Add a comment"), source, draft ? draft : "");
    H(r, "<p><button type=\"submit\">%s</button></p></form></section>\n", T(r, "Comment"));
}

static int item_page(struct req *r, int64_t id, const char *error, const char *draft, int status) {
    struct item *it = item_get(db_thread(), &r->arena, r->me, id);
    if (!it) return resp_error(r, 404, NULL);
    const char *title = *it->title ? it->title
                                   : arena_printf(&r->arena, "%s %s", T(r, "Post by"), it->author ? it->author->name : "?");
    page_begin(r, title);
    if (!*it->title) H(r, "<h1 class=\"visually-hidden\">%s</h1>\n", title); /* else the card's */
    web_notice(r);
    web_item_card(r, it, CARD_FULL);
    comments_section(r, it, error, draft);
    page_end(r);
    return status;
}

int web_item(struct req *r) {
    int64_t id = id_param(r);
    return id ? item_page(r, id, NULL, NULL, 200) : resp_error(r, 404, NULL);
}

int web_item_delete(struct req *r) {
    struct err e = {0};
    struct item *it = item_get(db_thread(), &r->arena, r->me, id_param(r));
    int rc = it ? item_delete(db_thread(), &r->arena, r->me, it->id, &e) : ERR_NOT_FOUND;
    if (rc) return resp_error(r, rc, e.msg);
    if (it->space) return resp_redirect(r, arena_printf(&r->arena, "/spaces/%s?done=deleted", it->space->slug));
    return resp_redirect(r, "/?done=deleted");
}

int web_item_pin(struct req *r) {
    struct err e = {0};
    int64_t id = id_param(r);
    int rc = item_pin(db_thread(), &r->arena, r->me, id, on_value(r), &e);
    if (rc) return resp_error(r, rc, e.msg);
    return resp_redirect(r, arena_printf(&r->arena, "/items/%lld?done=saved", (long long)id));
}

int web_item_like(struct req *r) {
    struct err e = {0};
    int rc = like_item(db_thread(), &r->arena, r->me, id_param(r), on_value(r), &e);
    if (rc) return resp_error(r, rc, e.msg);
    return back(r, arena_printf(&r->arena, "/items/%lld", (long long)id_param(r)));
}

int web_item_likes(struct req *r) {
    struct person **list;
    int n;
    const char *next;
    struct err e = {0};
    int rc = like_list(db_thread(), &r->arena, r->me, id_param(r), 0, req_query(r, "cursor"), 50, &list, &n, &next, &e);
    if (rc) return resp_error(r, rc, e.msg);
    page_begin(r, T(r, "Who liked this"));
    H(r, "<h1>%s</h1><p><a href=\"/items/%lld\">%s</a></p><ul class=\"cards\">", T(r, "Who liked this"),
      (long long)id_param(r), T(r, "Back to the post"));
    for (int i = 0; i < n; i++) web_person_card(r, list[i]);
    H(r, "</ul>");
    if (next)
        H(r, "<nav aria-label=\"%s\"><a rel=\"next\" href=\"/items/%lld/likes?cursor=%s\">%s</a></nav>", T(r, "Pages"),
          (long long)id_param(r), next, T(r, "Next page"));
    return page_end(r);
}

int web_comment_create(struct req *r) {
    int64_t item = id_param(r), id;
    const char *parent = req_form(r, "parent");
    struct err e = {0};
    int rc = comment_create(db_thread(), &r->arena, r->me, item, parent ? strtoll(parent, NULL, 10) : 0,
                            req_form(r, "body"), &id, &e);
    if (rc == ERR_INVALID) return item_page(r, item, e.msg, req_form(r, "body"), 400);
    if (rc) return resp_error(r, rc, e.msg);
    return resp_redirect(r, arena_printf(&r->arena, "/items/%lld#comment-%lld", (long long)item, (long long)id));
}

static void comment_form(struct req *r, const struct comment *c, const char *body, const char *error) {
    page_begin(r, T(r, "Edit comment"));
    H(r, "<section class=\"narrow\"><h1>%s</h1>", T(r, "Edit comment"));
    web_form_error(r, error);
    H(r, "<form method=\"post\" action=\"/comments/%lld/edit\">", (long long)c->id);
    web_csrf_field(r);
    H(r, "<label for=\"body\">%s</label><textarea id=\"body\" name=\"body\" rows=\"5\" maxlength=\"5000\" required>%s</textarea>",
      T(r, "Text"), body);
    H(r, "<p><button type=\"submit\">%s</button> <a href=\"/items/%lld#comment-%lld\">%s</a></p></form></section>",
      T(r, "Save"), (long long)c->item_id, (long long)c->id, T(r, "Cancel"));
}

int web_comment_edit_page(struct req *r) {
    struct comment *c = comment_get(db_thread(), &r->arena, r->me, id_param(r));
    if (!c) return resp_error(r, 404, NULL);
    if (c->author_id != r->me->id) return resp_error(r, 403, N_("Only the author may edit this."));
    comment_form(r, c, c->body, NULL);
    return page_end(r);
}

int web_comment_edit(struct req *r) {
    struct comment *c = comment_get(db_thread(), &r->arena, r->me, id_param(r));
    if (!c) return resp_error(r, 404, NULL);
    struct err e = {0};
    const char *body = req_form(r, "body");
    int rc = comment_update(db_thread(), &r->arena, r->me, c->id, body, &e);
    if (rc == ERR_INVALID) {
        comment_form(r, c, body ? body : "", e.msg);
        page_end(r);
        return 400;
    }
    if (rc) return resp_error(r, rc, e.msg);
    return resp_redirect(r, arena_printf(&r->arena, "/items/%lld#comment-%lld", (long long)c->item_id, (long long)c->id));
}

int web_comment_delete(struct req *r) {
    struct comment *c = comment_get(db_thread(), &r->arena, r->me, id_param(r));
    if (!c) return resp_error(r, 404, NULL);
    struct err e = {0};
    int rc = comment_delete(db_thread(), &r->arena, r->me, c->id, &e);
    if (rc) return resp_error(r, rc, e.msg);
    return resp_redirect(r, arena_printf(&r->arena, "/items/%lld#comments", (long long)c->item_id));
}

int web_comment_like(struct req *r) {
    struct comment *c = comment_get(db_thread(), &r->arena, r->me, id_param(r));
    if (!c) return resp_error(r, 404, NULL);
    struct err e = {0};
    int rc = like_comment(db_thread(), &r->arena, r->me, c->id, on_value(r), &e);
    if (rc) return resp_error(r, rc, e.msg);
    return back(r, arena_printf(&r->arena, "/items/%lld#comment-%lld", (long long)c->item_id, (long long)c->id));
}
