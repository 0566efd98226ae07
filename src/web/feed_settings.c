/* /settings/feeds: the personal feed token behind the Atom and calendar
 * feeds that feed readers and calendar apps fetch without signing in. The
 * token is shown once, when it is made; only its hash is kept. */
#include <string.h>
#include <time.h>

#include "core/feed_token.h"
#include "db/db.h"
#include "http/server.h"
#include "web/pages.h"
#include "web/web.h"

static void url_row(struct req *r, const char *id, const char *label, const char *url) {
    H(r, "<p><label for=\"%s\">%s</label><input id=\"%s\" type=\"url\" readonly value=\"%s\"></p>", id, label, id, url);
}

/* The page; `token` is the one just made (shown once), or NULL. */
static int feeds_page(struct req *r, const char *token) {
    const char *base = server_config()->public_url, *h = r->me->handle;
    int64_t created = feed_token_created(db_thread(), r->me->id);
    page_begin(r, T(r, "Feeds"));
    H(r, "<section class=\"narrow\"><h1>%s</h1>\n", T(r, "Feeds"));
    const char *done = req_query(r, "done");
    if (done && !strcmp(done, "feed-revoked"))
        H(r, "<p class=\"notice\" role=\"status\">%s</p>\n", T(r, "The feed token is revoked."));
    H(r, "<p>%s</p><p>%s</p>\n",
      T(r, "Feed readers and calendar apps cannot sign in: give them addresses that carry your personal feed token. "
           "It only reads your feeds (Atom and calendars), with what you may see; it opens no page and no API."),
      T(r, "Feeds of public spaces need no token."));
    if (token) {
        H(r, "<div class=\"notice\" role=\"status\"><p>%s</p></div>\n",
          T(r, "Copy these addresses now: the token is shown only once."));
        url_row(r, "feed-home", T(r, "Your home stream (Atom)"), arena_printf(&r->arena, "%s/feed.atom?token=%s", base, token));
        url_row(r, "feed-person", T(r, "Your posts (Atom)"),
                arena_printf(&r->arena, "%s/people/%s/feed.atom?token=%s", base, h, token));
        url_row(r, "feed-calendar", T(r, "Your events (calendar)"),
                arena_printf(&r->arena, "%s/people/%s/calendar.ics?token=%s", base, h, token));
        url_row(r, "feed-token", T(r, "Feed token"), token);
        H(r, "<p>%s</p>\n",
          T(r, "For a space, a person or a tag, add ?token= and the token to the feed address shown on its page."));
    } else if (created) {
        char day[16];
        time_t t = (time_t)created;
        struct tm tm;
        gmtime_r(&t, &tm);
        strftime(day, sizeof day, "%Y-%m-%d", &tm);
        H(r, "<p>%s <time datetime=\"%s\">%s</time>.</p>\n", T(r, "You have a feed token, made on"), day, day);
        H(r, "<p>%s</p>\n", T(r, "Lost it, or gave it away? Reset it: every address with the old token stops working."));
    } else {
        H(r, "<p>%s</p>\n", T(r, "You have no feed token yet."));
    }
    H(r, "<form method=\"post\" action=\"/settings/feeds\">");
    web_csrf_field(r);
    H(r, "<input type=\"hidden\" name=\"action\" value=\"reset\"><button type=\"submit\">%s</button></form>\n",
      created ? T(r, "Reset the feed token") : T(r, "Create a feed token"));
    if (created) {
        H(r, "<form method=\"post\" action=\"/settings/feeds\">");
        web_csrf_field(r);
        H(r, "<input type=\"hidden\" name=\"action\" value=\"revoke\"><button type=\"submit\" class=\"secondary\">%s</button>"
             "</form>\n",
          T(r, "Revoke the feed token"));
    }
    H(r, "</section>\n");
    return page_end(r);
}

/* GET /settings/feeds */
int web_feed_settings(struct req *r) {
    return feeds_page(r, NULL);
}

/* POST /settings/feeds (action=reset|revoke) */
int web_feed_settings_save(struct req *r) {
    const char *action = req_form(r, "action");
    if (action && !strcmp(action, "revoke")) {
        feed_token_revoke(db_thread(), r->me->id);
        return resp_redirect(r, "/settings/feeds?done=feed-revoked");
    }
    if (!action || strcmp(action, "reset")) return resp_error(r, 400, N_("The action must be reset or revoke."));
    char token[TOKEN_CHARS + 1];
    if (feed_token_reset(db_thread(), r->me->id, token)) return resp_error(r, 500, NULL);
    return feeds_page(r, token);
}
