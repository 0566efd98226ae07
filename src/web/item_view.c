/* How an item and a comment look wherever they appear: in streams, on the
 * item's own page, in live updates. */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "core/incoming.h"
#include "core/policy.h"
#include "core/spaces.h"
#include "lib/markdown.h"
#include "lib/text.h"
#include "web/kinds.h"
#include "web/social.h"
#include "web/web.h"

void web_time(struct req *r, int64_t t) {
    time_t tt = (time_t)t;
    struct tm tm;
    gmtime_r(&tt, &tm);
    char iso[32], shown[32];
    strftime(iso, sizeof iso, "%Y-%m-%dT%H:%M:%SZ", &tm);
    strftime(shown, sizeof shown, "%Y-%m-%d %H:%M UTC", &tm);
    H(r, "<time datetime=\"%s\">%s</time>", iso, shown);
}

/* A like button, or only the count for readers who may not like. */
static void like_form(struct req *r, const char *action, int liked, int64_t count, int allowed) {
    if (!allowed) {
        H(r, "<span class=\"likes\">%s</span>", web_count(r, "%d like", "%d likes", (long)count));
        return;
    }
    H(r, "<form method=\"post\" action=\"%s\" class=\"inline like\">", action);
    web_csrf_field(r);
    H(r, "<input type=\"hidden\" name=\"on\" value=\"%d\"><input type=\"hidden\" name=\"next\" value=\"%s\">",
      liked ? 0 : 1, r->path);
    H(r, "<button type=\"submit\" class=\"link%s\" aria-pressed=\"%s\">%s</button> <span class=\"count\">%lld</span></form>",
      liked ? " liked" : "", liked ? "true" : "false", liked ? T(r, "Unlike") : T(r, "Like"), (long long)count);
}

void web_item_card(struct req *r, const struct item *it, int full) {
    const struct person *au = it->author;
    H(r, "<article class=\"item\" id=\"%s-%lld\" data-id=\"%lld\">", full == CARD_PINNED ? "pinned" : "item",
      (long long)it->id, (long long)it->id);
    if (r->me)
        H(r, "<header><img src=\"%s\" alt=\"\" width=\"40\" height=\"40\"><div><a class=\"author\" href=\"/people/%s\">%s</a>",
          au ? web_photo_url(r, au) : "", au ? au->handle : "", au ? au->name : "?");
    else /* profiles are for signed-in readers: no link that leads to the sign-in page */
        H(r, "<header><img src=\"%s\" alt=\"\" width=\"40\" height=\"40\"><div><span class=\"author\">%s</span>",
          au ? web_photo_url(r, au) : "", au ? au->name : "?");
    H(r, "<br><a class=\"when\" href=\"/items/%lld\">", (long long)it->id);
    web_time(r, it->created_at);
    H(r, "</a>");
    if (it->edited_at) H(r, " <small>(%s)</small>", T(r, "edited"));
    const char *via = incoming_via(&r->arena, it); /* posted by an integration (incoming webhook) */
    if (via) H(r, " <span class=\"via\">%s %s</span>", T(r, "via"), via);
    /* where it was posted, unless the page is that space's */
    if (it->space && it->space_id != r->page_space)
        H(r, " <span class=\"where\">%s <a href=\"/spaces/%s\">%s</a></span>", T(r, "in"), it->space->slug,
          it->space->name);
    if (it->pinned_at) H(r, " <span class=\"badge\">%s</span>", T(r, "Pinned"));
    const struct web_kind *wk = web_kind(it->type);
    if (wk && strcmp(it->type, "status")) H(r, " <span class=\"badge kind\">%s</span>", T(r, wk->label));
    if (it->draft) H(r, " <span class=\"badge\">%s</span>", T(r, "Draft"));
    H(r, "</div></header>\n");
    /* on its own page the title is the page's heading */
    if (*it->title && full == CARD_FULL) H(r, "<h1>%s</h1>", it->title);
    else if (*it->title) H(r, "<h2><a href=\"/items/%lld\">%s</a></h2>", (long long)it->id, it->title);
    if (full != CARD_FULL && strlen(it->body) > 600) {
        /* long writing (a blog post, a wiki page) is summed up in streams */
        H(r, "<div class=\"body\"><p>%s</p></div><p><a href=\"/items/%lld\">%s</a></p>",
          text_excerpt(&r->arena, markdown_plain(&r->arena, it->body), 300), (long long)it->id, T(r, "Read more"));
    } else {
        H(r, "<div class=\"body\">");
        html_markdown(&r->out, (struct markup){it->body_html});
        H(r, "</div>");
    }
    if (wk && wk->block) wk->block(r, it, full == CARD_FULL);
    if (it->ntags) {
        H(r, "<ul class=\"tags\">");
        for (int i = 0; i < it->ntags; i++)
            H(r, "<li><a href=\"/tags/%s\">#%s</a></li>", url_encode(&r->arena, it->tags[i]), it->tags[i]);
        H(r, "</ul>");
    }
    H(r, "<footer>");
    like_form(r, arena_printf(&r->arena, "/items/%lld/like", (long long)it->id), it->liked_by_me, it->likes_count,
              policy_item(r->me, ACT_LIKE, it));
    if (it->likes_count && r->me)
        H(r, " <a href=\"/items/%lld/likes\">%s</a>", (long long)it->id, T(r, "Who liked this"));
    H(r, " <a href=\"/items/%lld#comments\">%s</a>", (long long)it->id,
      web_count(r, "%d comment", "%d comments", (long)it->comments_count));
    if (full == CARD_FULL && policy_item(r->me, ACT_EDIT_ITEM, it))
        H(r, " <a href=\"/items/%lld/edit\">%s</a>", (long long)it->id, T(r, "Edit"));
    if (full == CARD_FULL && policy_item(r->me, ACT_PIN_ITEM, it)) {
        H(r, " <form method=\"post\" action=\"/items/%lld/pin\" class=\"inline\">", (long long)it->id);
        web_csrf_field(r);
        H(r, "<input type=\"hidden\" name=\"on\" value=\"%d\"><button type=\"submit\" class=\"link\">%s</button></form>",
          it->pinned_at ? 0 : 1, it->pinned_at ? T(r, "Unpin") : T(r, "Pin"));
    }
    if (full == CARD_FULL && policy_item(r->me, ACT_DELETE_ITEM, it)) {
        H(r, " <form method=\"post\" action=\"/items/%lld/delete\" class=\"inline\">", (long long)it->id);
        web_csrf_field(r);
        H(r, "<button type=\"submit\" class=\"link danger\" data-confirm=\"%s\">%s</button></form>",
          T(r, "Delete this post?"), T(r, "Delete"));
    }
    H(r, "</footer></article>\n");
}

void web_comment(struct req *r, const struct item *it, const struct comment *c) {
    const struct person *au = c->author;
    H(r, "<li class=\"comment%s\" id=\"comment-%lld\"><img src=\"%s\" alt=\"\" width=\"32\" height=\"32\"><div>",
      c->parent_id ? " reply" : "", (long long)c->id, au ? web_photo_url(r, au) : "");
    H(r, "<a class=\"author\" href=\"/people/%s\">%s</a> ", au ? au->handle : "", au ? au->name : "?");
    web_time(r, c->created_at);
    if (c->edited_at) H(r, " <small>(%s)</small>", T(r, "edited"));
    H(r, "<div class=\"body\">");
    html_markdown(&r->out, (struct markup){c->body_html});
    H(r, "</div><div class=\"actions\">");
    like_form(r, arena_printf(&r->arena, "/comments/%lld/like", (long long)c->id), c->liked_by_me, c->likes_count,
              policy_item(r->me, ACT_LIKE, it));
    if (policy_comment(r->me, ACT_EDIT_COMMENT, c, it))
        H(r, " <a href=\"/comments/%lld/edit\">%s</a>", (long long)c->id, T(r, "Edit"));
    const struct web_kind *wk = web_kind(it->type);
    if (wk && wk->comment) wk->comment(r, it, c); /* e.g. accept a question's answer */
    if (policy_comment(r->me, ACT_DELETE_COMMENT, c, it)) {
        H(r, " <form method=\"post\" action=\"/comments/%lld/delete\" class=\"inline\">", (long long)c->id);
        web_csrf_field(r);
        H(r, "<button type=\"submit\" class=\"link danger\" data-confirm=\"%s\">%s</button></form>",
          T(r, "Delete this comment?"), T(r, "Delete"));
    }
    H(r, "</div></div></li>\n");
}

void web_composer(struct req *r, const char *next, const struct space *space) {
    H(r, "<form method=\"post\" action=\"/items\" class=\"composer\">");
    web_csrf_field(r);
    H(r, "<input type=\"hidden\" name=\"type\" value=\"status\"><input type=\"hidden\" name=\"next\" value=\"%s\">", next);
    if (space) H(r, "<input type=\"hidden\" name=\"space\" value=\"%lld\">", (long long)space->id);
    /* in a members-only space, @mentions suggest its members */
    const char *source = space && (space->visibility == VIS_PRIVATE || space->visibility == VIS_EXTRANET)
                             ? arena_printf(&r->arena, "/api/v1/spaces/%lld/members", (long long)space->id)
                             : "/api/v1/people";
    H(r, "<label for=\"composer-body\">%s</label><textarea id=\"composer-body\" name=\"body\" rows=\"3\" maxlength=\"5000\" "
         "required data-mentions=\"%s\" aria-describedby=\"composer-help\"></textarea>"
         "<small id=\"composer-help\">%s</small>",
      space ? T(r, "Share with the space") : T(r, "Share an update"), source,
      T(r, "Markdown, @mentions and #hashtags work here."));
    H(r, "<p><button type=\"submit\">%s</button></p></form>\n", T(r, "Post"));
}
