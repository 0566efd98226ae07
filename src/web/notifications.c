/* Notifications page and preferences; follow buttons and follower lists. */
#include <stdlib.h>
#include <string.h>

#include "core/notify.h"
#include "core/spaces.h"
#include "db/db.h"
#include "web/pages.h"
#include "web/social.h"
#include "web/web.h"

static const char *kind_text(enum notify_kind k) {
    switch (k) {
    case NOTIFY_MENTION: return N_("mentioned you");
    case NOTIFY_COMMENT: return N_("commented on your post");
    case NOTIFY_REPLY: return N_("replied in a conversation you took part in");
    case NOTIFY_LIKE: return N_("liked your post");
    case NOTIFY_FOLLOW: return N_("started following you");
    case NOTIFY_SPACE_INVITE: return N_("invited you to join a space");
    case NOTIFY_SPACE_REQUEST: return N_("asks to join a space you own");
    case NOTIFY_SPACE_APPROVED: return N_("let you into a space");
    case NOTIFY_EVENT_PROMOTED: return N_("freed a place: you are now going to the event");
    default: return "";
    }
}

int web_notifications(struct req *r) {
    struct notification **list;
    int n;
    const char *next;
    struct err e = {0};
    int rc = notify_list(db_thread(), &r->arena, r->me, req_query(r, "cursor"), 30, &list, &n, &next, &e);
    if (rc) return resp_error(r, rc, e.msg);
    page_begin(r, T(r, "Notifications"));
    H(r, "<h1>%s</h1>\n<div class=\"actions\"><form method=\"post\" action=\"/notifications/read\" class=\"inline\">",
      T(r, "Notifications"));
    web_csrf_field(r);
    H(r, "<button type=\"submit\" class=\"secondary\">%s</button></form> <a href=\"/settings/notifications\">%s</a></div>\n",
      T(r, "Mark all as read"), T(r, "Preferences"));
    if (!n) H(r, "<p class=\"empty\">%s</p>\n", T(r, "No notifications yet."));
    H(r, "<ul class=\"notifications\">\n");
    for (int i = 0; i < n; i++) {
        struct notification *x = list[i];
        H(r, "<li class=\"%s\"><img src=\"%s\" alt=\"\" width=\"32\" height=\"32\"><div>", x->read ? "read" : "unread",
          web_photo_url(r, x->actor));
        if (!x->read) H(r, "<span class=\"visually-hidden\">%s </span>", T(r, "Unread:"));
        H(r, "<a href=\"/people/%s\">%s</a> %s", x->actor->handle, x->actor->name, T(r, kind_text(x->kind)));
        if (x->item_id) {
            const char *excerpt = x->item_excerpt;
            if (x->comment_id)
                H(r, ": <a href=\"/items/%lld#comment-%lld\">%s</a>", (long long)x->item_id, (long long)x->comment_id, excerpt);
            else
                H(r, ": <a href=\"/items/%lld\">%s</a>", (long long)x->item_id, excerpt);
        } else if (x->space) {
            /* a request is answered on the members page */
            H(r, ": <a href=\"/spaces/%s%s\">%s</a>", x->space->slug, x->kind == NOTIFY_SPACE_REQUEST ? "/members" : "",
              x->space->name);
        }
        H(r, "<br>");
        web_time(r, x->created_at);
        if (!x->read) {
            H(r, " <form method=\"post\" action=\"/notifications/read\" class=\"inline\">");
            web_csrf_field(r);
            H(r, "<input type=\"hidden\" name=\"id\" value=\"%lld\"><button type=\"submit\" class=\"link\">%s</button></form>",
              (long long)x->id, T(r, "Mark as read"));
        }
        H(r, "</div></li>\n");
    }
    H(r, "</ul>\n");
    if (next)
        H(r, "<nav aria-label=\"%s\"><a rel=\"next\" href=\"/notifications?cursor=%s\">%s</a></nav>\n", T(r, "Pages"), next,
          T(r, "Older notifications"));
    return page_end(r);
}

int web_notifications_read(struct req *r) {
    const char *id = req_form(r, "id");
    char *end = "";
    long long v = id ? strtoll(id, &end, 10) : 0;
    if (*end || v < 0) return resp_error(r, 400, NULL);
    struct err e = {0};
    int rc = notify_mark_read(db_thread(), r->me, v, &e);
    if (rc) return resp_error(r, rc, e.msg);
    return resp_redirect(r, "/notifications");
}

static const char *const pref_labels[NOTIFY__MAX] = {
    N_("Someone mentions me"), N_("Someone comments on my post"), N_("Someone replies in a conversation I took part in"),
    N_("Someone likes my post or comment"), N_("Someone follows me"), N_("Someone invites me into a space"),
    N_("Someone asks to join a space I own"), N_("I am let into a space I asked to join"),
    N_("A place opens for me at an event I was waiting for")};

int web_notification_prefs(struct req *r) {
    page_begin(r, T(r, "Notification preferences"));
    H(r, "<section class=\"narrow\"><h1>%s</h1>", T(r, "Notification preferences"));
    web_notice(r);
    H(r, "<form method=\"post\" action=\"/settings/notifications\"><fieldset><legend>%s</legend>", T(r, "Notify me when"));
    web_csrf_field(r);
    for (int k = 0; k < NOTIFY__MAX; k++)
        H(r, "<p><label><input type=\"checkbox\" name=\"%s\" value=\"1\"%s> %s</label></p>",
          notify_kind_name((enum notify_kind)k), notify_enabled(db_thread(), r->me->id, (enum notify_kind)k) ? " checked" : "",
          T(r, pref_labels[k]));
    H(r, "</fieldset><p><button type=\"submit\">%s</button></p></form></section>", T(r, "Save"));
    return page_end(r);
}

int web_notification_prefs_save(struct req *r) {
    for (int k = 0; k < NOTIFY__MAX; k++) {
        const char *v = req_form(r, notify_kind_name((enum notify_kind)k));
        notify_set_enabled(db_thread(), r->me->id, (enum notify_kind)k, v && !strcmp(v, "1"));
    }
    return resp_redirect(r, "/settings/notifications?done=saved");
}

int web_follow(struct req *r) {
    struct person *p = people_view_handle(db_thread(), &r->arena, r->me, req_param(r, 0));
    if (!p) return resp_error(r, 404, NULL);
    const char *on = req_form(r, "on");
    struct err e = {0};
    int rc = follow_set(db_thread(), &r->arena, r->me, p->id, !on || strcmp(on, "0"), &e);
    if (rc) return resp_error(r, rc, e.msg);
    return resp_redirect(r, arena_printf(&r->arena, "/people/%s", p->handle));
}

static int follow_page(struct req *r, int followers) {
    struct person *p = people_view_handle(db_thread(), &r->arena, r->me, req_param(r, 0));
    if (!p) return resp_error(r, 404, NULL);
    struct person **list;
    int n;
    const char *next;
    struct err e = {0};
    int rc = follow_list(db_thread(), &r->arena, r->me, p->id, followers, req_query(r, "cursor"), 50, &list, &n, &next, &e);
    if (rc) return resp_error(r, rc, e.msg);
    const char *title = followers ? T(r, "Followers") : T(r, "Following");
    page_begin(r, arena_printf(&r->arena, "%s · %s", title, p->name));
    H(r, "<h1>%s</h1><p><a href=\"/people/%s\">%s</a></p><ul class=\"cards\">", title, p->handle, p->name);
    for (int i = 0; i < n; i++) web_person_card(r, list[i]);
    H(r, "</ul>");
    if (!n) H(r, "<p class=\"empty\">%s</p>", T(r, "Nobody yet."));
    if (next)
        H(r, "<nav aria-label=\"%s\"><a rel=\"next\" href=\"/people/%s/%s?cursor=%s\">%s</a></nav>", T(r, "Pages"), p->handle,
          followers ? "followers" : "following", next, T(r, "Next page"));
    return page_end(r);
}

int web_followers(struct req *r) { return follow_page(r, 1); }
int web_following(struct req *r) { return follow_page(r, 0); }
