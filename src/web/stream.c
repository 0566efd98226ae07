/* Stream pages: home, company, tag, and the fragment live updates insert. */
#include <stdlib.h>
#include <string.h>

#include "core/content.h"
#include "core/policy.h"
#include "core/tags.h"
#include "db/db.h"
#include "web/kinds.h"
#include "web/pages.h"
#include "web/social.h"
#include "web/web.h"

int web_stream_section(struct req *r, const struct stream_query *q, const char *live_key, const char *base_url) {
    struct item **items;
    int n;
    const char *next;
    struct err e = {0};
    int rc = stream_read(db_thread(), &r->arena, r->me, q, &items, &n, &next, &e);
    if (rc) return rc;
    int64_t newest = n ? items[0]->id : 0;
    if (q->cursor) newest = 0; /* live updates only on the first page */
    H(r, "<section class=\"stream\" aria-label=\"%s\" data-live=\"%s\" data-after=\"%lld\">\n", T(r, "Posts"),
      q->cursor ? "" : live_key, (long long)newest);
    /* the paragraph is the live region (always there); the link appears */
    H(r, "<p class=\"new-posts\" role=\"status\" aria-live=\"polite\"><a href=\"%s\" hidden data-one=\"%s\" "
         "data-many=\"%s\"></a></p>\n",
      base_url, T(r, "%d new post"), T(r, "%d new posts"));
    H(r, "<div class=\"items\">\n");
    for (int i = 0; i < n; i++) web_item_card(r, items[i], CARD_STREAM);
    H(r, "</div>\n");
    if (!n) H(r, "<p class=\"empty\">%s</p>\n", T(r, "Nothing here yet."));
    if (next)
        H(r, "<nav aria-label=\"%s\"><a rel=\"next\" href=\"%s%scursor=%s\">%s</a></nav>\n", T(r, "Pages"), base_url,
          strchr(base_url, '?') ? "&" : "?", next, T(r, "Older posts"));
    H(r, "</section>\n");
    return 200;
}

/* The trending tags of the last 7 days the reader may see, as a panel. */
static void trending_panel(struct req *r) {
    struct tag_count *list;
    int n;
    struct err e = {0};
    if (tags_trending(db_thread(), &r->arena, r->me, 7, 10, &list, &n, &e) || !n) return;
    H(r, "<section class=\"panel trending\" aria-labelledby=\"trending-title\"><h2 id=\"trending-title\">%s</h2><ol class=\"trending-tags\">",
      T(r, "Trending tags"));
    for (int i = 0; i < n; i++)
        H(r, "<li><a href=\"/tags/%s\">#%s</a> <span class=\"count\">%s</span></li>", url_encode(&r->arena, list[i].tag),
          list[i].tag, web_count(r, "%d post", "%d posts", (long)list[i].count));
    H(r, "</ol><p><small>%s</small></p></section>", T(r, "Over the last 7 days."));
}

int web_home(struct req *r) {
    r->feed_href = "/feed.atom";
    page_begin(r, T(r, "Home"));
    web_notice(r);
    H(r, "<div class=\"columns\"><div class=\"main-column\">\n<h1>%s, %s</h1>\n", T(r, "Welcome"), r->me->name);
    if (policy_allows(r->me, ACT_POST, NULL)) {
        web_composer(r, "/", NULL);
        web_kind_menu(r, NULL);
    }
    struct stream_query q = {.kind = STREAM_HOME, .cursor = req_query(r, "cursor"), .limit = 20};
    int rc = web_stream_section(r, &q, "home", "/");
    if (rc != 200) return resp_error(r, rc, NULL);
    H(r, "</div><aside class=\"side\" aria-label=\"%s\"><section class=\"panel\"><h2>%s</h2><ul class=\"cards\">",
      T(r, "Shortcuts"), T(r, "Your profile"));
    web_person_card(r, r->me);
    H(r, "</ul><p><a href=\"/people/%s/edit\">%s</a></p>", r->me->handle, T(r, "Edit profile"));
    H(r, "<p class=\"feed\"><a href=\"/feed.atom\" type=\"application/atom+xml\">%s</a> · <a href=\"/settings/feeds\">%s</a></p>"
         "</section>",
      T(r, "Atom feed"), T(r, "Feed addresses for your reader"));
    if (policy_allows(r->me, ACT_BROWSE_DIRECTORY, NULL)) {
        H(r, "<section class=\"panel\"><h2>%s</h2><form method=\"get\" action=\"/people\" role=\"search\">",
          T(r, "Find a colleague"));
        H(r, "<label for=\"home-q\">%s</label><input id=\"home-q\" name=\"q\" type=\"search\" maxlength=\"200\">"
             "<button type=\"submit\">%s</button></form>",
          T(r, "Name, title or expertise"), T(r, "Search"));
        struct person **reports;
        int nreports;
        if (!people_reports(db_thread(), &r->arena, r->me->id, &reports, &nreports) && nreports) {
            H(r, "<h3>%s</h3><ul class=\"cards\">", T(r, "Your team"));
            for (int i = 0; i < nreports && i < 8; i++) web_person_card(r, reports[i]);
            H(r, "</ul>");
        }
        H(r, "<ul class=\"links\"><li><a href=\"/company\">%s</a></li></ul></section>", T(r, "Company stream"));
    }
    trending_panel(r);
    H(r, "</aside></div>\n");
    return page_end(r);
}

int web_company(struct req *r) {
    page_begin(r, T(r, "Company stream"));
    H(r, "<h1>%s</h1>\n", T(r, "Company stream"));
    if (policy_allows(r->me, ACT_POST, NULL)) web_composer(r, "/company", NULL);
    struct stream_query q = {.kind = STREAM_COMPANY, .cursor = req_query(r, "cursor"), .limit = 20};
    int rc = web_stream_section(r, &q, "company", "/company");
    if (rc != 200) return resp_error(r, rc, NULL);
    return page_end(r);
}

/* GET /tags/{tag}?type=: every kind with this tag (or one kind), and the
 * trending tags beside. */
int web_tag(struct req *r) {
    const char *tag = content_tag(&r->arena, req_param(r, 0));
    if (!tag) return resp_error(r, 404, NULL);
    const char *type = req_query(r, "type");
    if (type && !web_kind(type)) return resp_error(r, 404, NULL);
    char *base = arena_printf(&r->arena, "/tags/%s", url_encode(&r->arena, tag));
    r->feed_href = arena_printf(&r->arena, "%s/feed.atom", base);
    page_begin(r, arena_printf(&r->arena, "#%s", tag));
    H(r, "<div class=\"columns\"><div class=\"main-column\">\n<h1>#%s</h1>\n", tag);
    H(r, "<p class=\"feed\"><a href=\"%s\" type=\"application/atom+xml\">%s</a></p>\n", r->feed_href, T(r, "Atom feed"));
    web_kind_filter(r, base, type);
    int rc;
    if (type) {
        struct stream_query q = {.kind = STREAM_FILTER, .tag = tag, .type = type, .cursor = req_query(r, "cursor"), .limit = 20};
        rc = web_stream_section(r, &q, "", arena_printf(&r->arena, "%s?type=%s", base, type));
    } else {
        struct stream_query q = {.kind = STREAM_TAG, .tag = tag, .cursor = req_query(r, "cursor"), .limit = 20};
        rc = web_stream_section(r, &q, arena_printf(&r->arena, "tag:%s", tag), base);
    }
    if (rc != 200) return resp_error(r, rc, NULL);
    H(r, "</div><aside class=\"side\" aria-label=\"%s\">", T(r, "Tags"));
    trending_panel(r);
    H(r, "</aside></div>\n");
    return page_end(r);
}

/* GET /fragments/stream?live=KEY&after=ID: the new items' cards, for the
 * script that inserts them without a reload. */
int web_stream_fragment(struct req *r) {
    const char *live = req_query(r, "live"), *after = req_query(r, "after");
    char *end;
    long long after_id = after ? strtoll(after, &end, 10) : -1;
    if (!live || !after || *end || after_id < 0) return resp_error(r, 400, N_("Say which stream and from which post."));
    struct stream_query q = {.after = after_id, .limit = 50};
    if (!strcmp(live, "home")) q.kind = STREAM_HOME;
    else if (!strcmp(live, "company")) q.kind = STREAM_COMPANY;
    else if (!strncmp(live, "person:", 7)) {
        q.kind = STREAM_PERSON;
        q.person = strtoll(live + 7, &end, 10);
        if (*end || q.person <= 0) return resp_error(r, 400, NULL);
    } else if (!strncmp(live, "space:", 6)) {
        q.kind = STREAM_SPACE;
        q.space = strtoll(live + 6, &end, 10);
        if (*end || q.space <= 0) return resp_error(r, 400, NULL);
    } else if (!strncmp(live, "tag:", 4) && (q.tag = content_tag(&r->arena, live + 4))) {
        q.kind = STREAM_TAG;
    } else {
        return resp_error(r, 400, N_("Say which stream and from which post."));
    }
    struct item **items;
    int n;
    const char *next;
    struct err e = {0};
    int rc = stream_read(db_thread(), &r->arena, r->me, &q, &items, &n, &next, &e);
    if (rc) return resp_error(r, rc, e.msg);
    r->content_type = "text/html; charset=utf-8";
    buf_reset(&r->out);
    for (int i = 0; i < n; i++) web_item_card(r, items[i], CARD_STREAM);
    return 200;
}
