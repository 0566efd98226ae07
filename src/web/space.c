/* Space pages: the directory, the creation form, a space's home (about,
 * pinned items, stream, sub-spaces, members), join and leave. */
#include <stdlib.h>
#include <string.h>

#include "core/policy.h"
#include "db/db.h"
#include "http/assets.h"
#include "lib/markdown.h"
#include "lib/text.h"
#include "web/kinds.h"
#include "web/pages.h"
#include "web/social.h"
#include "web/spaces.h"
#include "web/web.h"

const struct space *web_space_param(struct req *r) {
    return space_view_slug(db_thread(), &r->arena, r->me, req_param(r, 0));
}

const char *web_visibility_label(struct req *r, enum space_visibility v) {
    switch (v) {
    case VIS_INTERNAL: return T(r, "Internal");
    case VIS_PRIVATE: return T(r, "Private");
    case VIS_EXTRANET: return T(r, "Extranet");
    case VIS_PUBLIC: return T(r, "Public");
    default: return "";
    }
}

const char *web_role_label(struct req *r, enum space_role role) {
    switch (role) {
    case SROLE_OWNER: return T(r, "Owner");
    case SROLE_MODERATOR: return T(r, "Moderator");
    case SROLE_MEMBER: return T(r, "Member");
    case SROLE_INVITED: return T(r, "Invited");
    case SROLE_REQUESTED: return T(r, "Asked to join");
    default: return "";
    }
}

const char *web_space_picture(struct req *r, const struct space *s) {
    if (s->photo_version <= 0) return assets_url("icon.svg");
    return arena_printf(&r->arena, "/spaces/%s/photo?v=%lld", s->slug, (long long)s->photo_version);
}

static void badges(struct req *r, const struct space *s) {
    H(r, " <span class=\"badge vis-%s\">%s</span>", space_visibility_name(s->visibility),
      web_visibility_label(r, s->visibility));
    if (s->secret) H(r, " <span class=\"badge\">%s</span>", T(r, "Secret"));
    if (s->archived_at) H(r, " <span class=\"badge\">%s</span>", T(r, "Archived"));
}

void web_space_card(struct req *r, const struct space *s) {
    H(r, "<li class=\"card space\"><img src=\"%s\" alt=\"\" width=\"48\" height=\"48\"><div><a href=\"/spaces/%s\">%s</a>",
      web_space_picture(r, s), s->slug, s->name);
    badges(r, s);
    enum space_role role = space_role_of(r->me, s->id);
    if (role != SROLE_NONE) H(r, " <span class=\"badge mine\">%s</span>", web_role_label(r, role));
    H(r, "<br><small>%s", web_count(r, "%d member", "%d members", (long)s->members_count));
    if (s->parent) H(r, " · %s %s", T(r, "in"), s->parent->name);
    H(r, "</small>");
    if (*s->description) H(r, "<p>%s</p>", text_excerpt(&r->arena, markdown_plain(&r->arena, s->description), 160));
    H(r, "</div></li>\n");
}

void web_space_header(struct req *r, const struct space *s, const char *tab) {
    r->page_space = s->id;
    H(r, "<header class=\"space-head\"><img src=\"%s\" alt=\"\" width=\"72\" height=\"72\"><div>", web_space_picture(r, s));
    if (s->parent) {
        H(r, "<nav aria-label=\"%s\" class=\"crumbs\"><ol>", T(r, "Parent spaces"));
        const struct space *chain[SPACE_DEPTH_MAX + 2];
        int n = 0;
        for (const struct space *p = s->parent; p && n < SPACE_DEPTH_MAX + 1; p = p->parent) chain[n++] = p;
        while (n--) H(r, "<li><a href=\"/spaces/%s\">%s</a></li>", chain[n]->slug, chain[n]->name);
        H(r, "</ol></nav>");
    }
    H(r, "<h1>%s</h1><p>", s->name);
    badges(r, s);
    H(r, " <small>%s</small></p></div></header>\n", web_count(r, "%d member", "%d members", (long)s->members_count));
    if (s->archived_at) H(r, "<p class=\"notice\">%s</p>\n", T(r, "This space is archived: it is read-only."));
    H(r, "<nav class=\"tabs\" aria-label=\"%s\"><ul>", T(r, "Space"));
    struct {
        const char *key, *href, *label;
        int shown;
    } tabs[] = {
        {"home", arena_printf(&r->arena, "/spaces/%s", s->slug), T(r, "Stream"), 1},
        {"content", arena_printf(&r->arena, "/spaces/%s/content", s->slug), T(r, "Content"),
         policy_space(r->me, ACT_READ_SPACE, s)},
        {"events", arena_printf(&r->arena, "/spaces/%s/events", s->slug), T(r, "Events"), policy_space(r->me, ACT_READ_SPACE, s)},
        {"wiki", arena_printf(&r->arena, "/spaces/%s/wiki", s->slug), T(r, "Wiki"), policy_space(r->me, ACT_READ_SPACE, s)},
        {"members", arena_printf(&r->arena, "/spaces/%s/members", s->slug), T(r, "Members"),
         policy_space(r->me, ACT_LIST_MEMBERS, s)},
        {"settings", arena_printf(&r->arena, "/spaces/%s/settings", s->slug), T(r, "Settings"),
         policy_space(r->me, ACT_ARCHIVE_SPACE, s)},
    };
    for (size_t i = 0; i < sizeof tabs / sizeof tabs[0]; i++) {
        if (!tabs[i].shown) continue;
        if (!strcmp(tab, tabs[i].key)) H(r, "<li><a href=\"%s\" aria-current=\"page\">%s</a></li>", tabs[i].href, tabs[i].label);
        else H(r, "<li><a href=\"%s\">%s</a></li>", tabs[i].href, tabs[i].label);
    }
    H(r, "</ul></nav>\n");
}

/* Join, ask, accept, decline, withdraw or leave: whichever applies. */
static void membership_actions(struct req *r, const struct space *s) {
    if (!r->me) {
        H(r, "<p><a href=\"/login?next=/spaces/%s\">%s</a></p>", s->slug, T(r, "Sign in to take part"));
        return;
    }
    enum space_role role = space_role_of(r->me, s->id);
    const char *join = NULL, *leave = NULL;
    if (policy_space(r->me, ACT_JOIN_SPACE, s)) join = role == SROLE_INVITED ? T(r, "Accept the invitation") : T(r, "Join");
    else if (policy_space(r->me, ACT_REQUEST_JOIN, s)) join = T(r, "Ask to join");
    if (role == SROLE_INVITED) leave = T(r, "Decline");
    else if (role == SROLE_REQUESTED) leave = T(r, "Withdraw my request");
    else if (role >= SROLE_MEMBER) leave = T(r, "Leave the space");
    if (role == SROLE_INVITED) H(r, "<p>%s</p>", T(r, "You are invited to join this space."));
    if (role == SROLE_REQUESTED) H(r, "<p>%s</p>", T(r, "You asked to join; an owner will answer."));
    if (!join && !leave) return;
    H(r, "<div class=\"actions\">");
    if (join) {
        H(r, "<form method=\"post\" action=\"/spaces/%s/join\" class=\"inline\">", s->slug);
        web_csrf_field(r);
        H(r, "<button type=\"submit\">%s</button></form> ", join);
    }
    if (leave) {
        H(r, "<form method=\"post\" action=\"/spaces/%s/leave\" class=\"inline\">", s->slug);
        web_csrf_field(r);
        H(r, "<button type=\"submit\" class=\"secondary\">%s</button></form>", leave);
    }
    H(r, "</div>");
}

static const char *space_notice(const char *done) {
    static const struct {
        const char *key, *msg;
    } notices[] = {
        {"created", N_("The space is created.")},
        {"joined", N_("Welcome to the space!")},
        {"requested", N_("Your request is sent to the space's owners.")},
        {"left", N_("You left the space.")},
        {"declined", N_("You declined the invitation.")},
        {"withdrawn", N_("Your request is withdrawn.")},
        {"archived", N_("The space is archived.")},
        {"restored", N_("The space is restored.")},
        {"deleted", N_("The post is deleted.")},
        {"space-deleted", N_("The space is deleted.")},
        {"invited", N_("The invitation is sent.")},
    };
    for (size_t i = 0; done && i < sizeof notices / sizeof notices[0]; i++)
        if (!strcmp(done, notices[i].key)) return notices[i].msg;
    return NULL;
}

static void notice(struct req *r) {
    const char *msg = space_notice(req_query(r, "done"));
    if (msg) H(r, "<p class=\"notice\" role=\"status\">%s</p>\n", T(r, msg));
    else web_notice(r);
}

int web_space(struct req *r) {
    struct db *db = db_thread();
    const struct space *s = web_space_param(r);
    if (!s) return resp_error(r, 404, NULL);
    const char *feed = arena_printf(&r->arena, "/spaces/%s/feed.atom", s->slug);
    if (policy_space(r->me, ACT_READ_SPACE, s)) r->feed_href = feed;
    page_begin(r, s->name);
    notice(r);
    web_space_header(r, s, "home");
    H(r, "<div class=\"columns\"><div class=\"main-column\">\n");
    if (policy_space(r->me, ACT_READ_SPACE, s)) {
        struct item **pinned;
        int np;
        if (!space_pinned(db, &r->arena, r->me, s->id, &pinned, &np) && np) {
            H(r, "<section class=\"pinned\" aria-label=\"%s\"><h2>%s</h2>", T(r, "Pinned"), T(r, "Pinned"));
            for (int i = 0; i < np; i++) web_item_card(r, pinned[i], CARD_PINNED);
            H(r, "</section>\n");
        }
        const char *base = arena_printf(&r->arena, "/spaces/%s", s->slug);
        if (policy_space(r->me, ACT_POST, s)) {
            web_composer(r, base, s);
            web_kind_menu(r, s);
        }
        struct stream_query q = {.kind = STREAM_SPACE, .space = s->id, .cursor = req_query(r, "cursor"), .limit = 20};
        int rc = web_stream_section(r, &q, arena_printf(&r->arena, "space:%lld", (long long)s->id), base);
        if (rc != 200) return resp_error(r, rc, NULL);
    } else {
        H(r, "<p class=\"empty\">%s</p>\n", T(r, "Only the members of this space read what is posted in it."));
    }
    H(r, "</div><aside class=\"side\" aria-label=\"%s\"><section class=\"panel\"><h2>%s</h2>", T(r, "About the space"),
      T(r, "About"));
    if (*s->description) html_markdown(&r->out, (struct markup){s->description_html});
    membership_actions(r, s);
    if (r->feed_href) H(r, "<p class=\"feed\"><a href=\"%s\" type=\"application/atom+xml\">%s</a></p>", feed, T(r, "Atom feed"));
    H(r, "</section>");
    const struct space **subs;
    int nsubs;
    const char *more;
    struct err e = {0};
    struct space_query sq = {.parent = s->id, .limit = 20};
    if (!space_list(db, &r->arena, r->me, &sq, &subs, &nsubs, &more, &e) && (nsubs || policy_space(r->me, ACT_CREATE_SPACE, s))) {
        H(r, "<section class=\"panel\"><h2>%s</h2><ul class=\"cards\">", T(r, "Sub-spaces"));
        for (int i = 0; i < nsubs; i++) web_space_card(r, subs[i]);
        H(r, "</ul>");
        if (more) H(r, "<p><a href=\"/spaces?parent=%lld\">%s</a></p>", (long long)s->id, T(r, "All sub-spaces"));
        if (policy_space(r->me, ACT_CREATE_SPACE, s))
            H(r, "<p><a href=\"/spaces/new?parent=%lld\">%s</a></p>", (long long)s->id, T(r, "New sub-space"));
        H(r, "</section>");
    }
    struct space_member **members;
    int nm;
    if (!space_members(db, &r->arena, r->me, s->id, SROLE_MEMBER, NULL, NULL, 12, &members, &nm, &more, &e) && nm) {
        H(r, "<section class=\"panel\"><h2>%s</h2><ul class=\"cards\">", T(r, "Members"));
        for (int i = 0; i < nm; i++) web_person_card(r, members[i]->person);
        H(r, "</ul><p><a href=\"/spaces/%s/members\">%s</a></p></section>", s->slug, T(r, "All members"));
    }
    H(r, "</aside></div>\n");
    return page_end(r);
}

/* markup is never an argument of H(): it would be escaped */
static void directory_tab(struct req *r, const char *href, int current, const char *label) {
    if (current) H(r, "<li><a href=\"%s\" aria-current=\"page\">%s</a></li>", href, label);
    else H(r, "<li><a href=\"%s\">%s</a></li>", href, label);
}

/* GET /spaces: the directory (?q=, ?mine=1, ?archived=1, ?parent=). */
int web_spaces(struct req *r) {
    struct db *db = db_thread();
    const char *q = req_query(r, "q"), *mine = req_query(r, "mine"), *archived = req_query(r, "archived"),
               *parent = req_query(r, "parent");
    struct space_query sq = {.query = q, .mine = mine && !strcmp(mine, "1"), .archived = archived && !strcmp(archived, "1"),
                             .parent = parent ? text_parse_id(parent) : 0, .cursor = req_query(r, "cursor"), .limit = 24};
    if (parent && sq.parent <= 0) return resp_error(r, 404, NULL);
    const struct space **list;
    int n;
    const char *next;
    struct err e = {0};
    int rc = space_list(db, &r->arena, r->me, &sq, &list, &n, &next, &e);
    if (rc) return resp_error(r, rc, e.msg);
    page_begin(r, T(r, "Spaces"));
    notice(r);
    H(r, "<h1>%s</h1>\n", T(r, "Spaces"));
    if (policy_space(r->me, ACT_CREATE_SPACE, NULL)) H(r, "<p><a class=\"button\" href=\"/spaces/new\">%s</a></p>", T(r, "New space"));
    /* invitations waiting for an answer come first */
    for (int i = 0; r->me && i < r->me->nspaces; i++) {
        if (r->me->spaces[i].role != SROLE_INVITED) continue;
        const struct space *s = space_view(db, &r->arena, r->me, r->me->spaces[i].space);
        if (!s || s->archived_at) continue; /* an archived space takes no one in */
        H(r, "<p class=\"notice\">%s <a href=\"/spaces/%s\">%s</a></p>", T(r, "You are invited to join"), s->slug, s->name);
    }
    if (r->me) {
        H(r, "<nav class=\"tabs\" aria-label=\"%s\"><ul>", T(r, "Which spaces"));
        directory_tab(r, "/spaces", !sq.mine && !sq.archived, T(r, "All spaces"));
        directory_tab(r, "/spaces?mine=1", sq.mine, T(r, "My spaces"));
        directory_tab(r, "/spaces?archived=1", !sq.mine && sq.archived, T(r, "Archived"));
        H(r, "</ul></nav>\n");
    }
    H(r, "<form method=\"get\" action=\"/spaces\" class=\"search\" role=\"search\">");
    if (sq.mine) H(r, "<input type=\"hidden\" name=\"mine\" value=\"1\">");
    if (sq.archived) H(r, "<input type=\"hidden\" name=\"archived\" value=\"1\">");
    H(r, "<label for=\"q\">%s</label><input id=\"q\" name=\"q\" type=\"search\" value=\"%s\" maxlength=\"200\">"
         "<button type=\"submit\">%s</button></form>\n",
      T(r, "Name of the space"), q ? q : "", T(r, "Search"));
    if (!n) H(r, "<p class=\"empty\">%s</p>\n", T(r, "No space here."));
    H(r, "<ul class=\"cards\">\n");
    for (int i = 0; i < n; i++) web_space_card(r, list[i]);
    H(r, "</ul>\n");
    if (next)
        H(r, "<nav aria-label=\"%s\"><a rel=\"next\" href=\"/spaces?q=%s&amp;mine=%d&amp;archived=%d&amp;parent=%lld&amp;cursor=%s\">%s</a></nav>\n",
          T(r, "Pages"), url_encode(&r->arena, q ? q : ""), sq.mine, sq.archived, (long long)sq.parent, next,
          T(r, "Next page"));
    return page_end(r);
}

static void radio(struct req *r, const char *value, const char *current, const char *label, const char *help) {
    H(r, "<div class=\"choice\"><input type=\"radio\" id=\"vis-%s\" name=\"visibility\" value=\"%s\"%s "
         "aria-describedby=\"vis-%s-help\"><label for=\"vis-%s\">%s</label> <small id=\"vis-%s-help\">%s</small></div>",
      value, value, !strcmp(value, current) ? " checked" : "", value, value, label, value, help);
}

void web_space_fields(struct req *r, const char *name, const char *slug, const char *description, const char *visibility,
                      int secret) {
    H(r, "<label for=\"name\">%s</label><input id=\"name\" name=\"name\" type=\"text\" required maxlength=\"80\" value=\"%s\">",
      T(r, "Name"), name);
    H(r, "<label for=\"slug\">%s</label><input id=\"slug\" name=\"slug\" type=\"text\" maxlength=\"60\" pattern=\"[a-z0-9][a-z0-9\\-]*[a-z0-9]\" "
         "value=\"%s\" aria-describedby=\"slug-help\"><small id=\"slug-help\">%s</small>",
      T(r, "Address"), slug, T(r, "Lowercase letters, digits and dashes; made from the name when empty."));
    H(r, "<label for=\"description\">%s</label><textarea id=\"description\" name=\"description\" rows=\"5\" "
         "maxlength=\"5000\">%s</textarea>",
      T(r, "Description (Markdown)"), description);
    H(r, "<fieldset><legend>%s</legend>", T(r, "Who sees it"));
    radio(r, "internal", visibility, T(r, "Internal"), T(r, "Every employee reads it and may join."));
    radio(r, "private", visibility, T(r, "Private"), T(r, "Members only; employees ask to join."));
    radio(r, "extranet", visibility, T(r, "Extranet"), T(r, "Members only; partners and customers may be invited."));
    radio(r, "public", visibility, T(r, "Public"), T(r, "Anyone reads it, even without an account; members post."));
    H(r, "</fieldset><div class=\"choice\"><input type=\"checkbox\" id=\"secret\" name=\"secret\" value=\"1\"%s "
         "aria-describedby=\"secret-help\"><label for=\"secret\">%s</label> <small id=\"secret-help\">%s</small></div>",
      secret ? " checked" : "", T(r, "Secret"), T(r, "Private and extranet spaces only: non-members cannot even find it."));
}

static int new_form(struct req *r, const struct space *parent, const char *error, int status) {
    page_begin(r, T(r, "New space"));
    H(r, "<section class=\"narrow\"><h1>%s</h1>", parent ? T(r, "New sub-space") : T(r, "New space"));
    if (parent) H(r, "<p>%s <a href=\"/spaces/%s\">%s</a></p>", T(r, "in"), parent->slug, parent->name);
    web_form_error(r, error);
    H(r, "<form method=\"post\" action=\"/spaces\">");
    web_csrf_field(r);
    if (parent) H(r, "<input type=\"hidden\" name=\"parent\" value=\"%lld\">", (long long)parent->id);
    const char *vis = req_form(r, "visibility");
    const char *secret = req_form(r, "secret");
    web_space_fields(r, req_form(r, "name") ? req_form(r, "name") : "", req_form(r, "slug") ? req_form(r, "slug") : "",
                     req_form(r, "description") ? req_form(r, "description") : "",
                     vis ? vis : parent ? space_visibility_name(parent->visibility) : "internal", secret && !strcmp(secret, "1"));
    H(r, "<p><button type=\"submit\">%s</button> <a href=\"/spaces\">%s</a></p></form></section>", T(r, "Create the space"),
      T(r, "Cancel"));
    page_end(r);
    return status;
}

int web_space_new_page(struct req *r) {
    const char *parent = req_query(r, "parent");
    const struct space *p = NULL;
    if (parent && !(p = space_view(db_thread(), &r->arena, r->me, text_parse_id(parent)))) return resp_error(r, 404, NULL);
    if (!policy_space(r->me, ACT_CREATE_SPACE, p)) return resp_error(r, 403, N_("You may not create a space here."));
    return new_form(r, p, NULL, 200);
}

int web_space_create(struct req *r) {
    struct db *db = db_thread();
    const char *parent = req_form(r, "parent"), *secret = req_form(r, "secret");
    struct space_input in = {.name = req_form(r, "name"), .slug = req_form(r, "slug"),
                             .description = req_form(r, "description"), .visibility = req_form(r, "visibility"),
                             .secret = secret && !strcmp(secret, "1"), .parent_id = parent ? text_parse_id(parent) : 0};
    if (parent && in.parent_id <= 0) return resp_error(r, 404, NULL);
    int64_t id;
    struct err e = {0};
    int rc = space_create(db, &r->arena, r->me, &in, &id, &e);
    if (rc == ERR_INVALID || rc == ERR_CONFLICT)
        return new_form(r, in.parent_id ? space_view(db, &r->arena, r->me, in.parent_id) : NULL, e.msg, rc);
    if (rc) return resp_error(r, rc, e.msg);
    const struct space *s = space_cached(db, &r->arena, id);
    return resp_redirect(r, arena_printf(&r->arena, "/spaces/%s?done=created", s ? s->slug : ""));
}

int web_space_join(struct req *r) {
    const struct space *s = web_space_param(r);
    if (!s) return resp_error(r, 404, NULL);
    enum space_role role;
    struct err e = {0};
    int rc = space_join(db_thread(), &r->arena, r->me, s->id, &role, &e);
    if (rc) return resp_error(r, rc, e.msg);
    return resp_redirect(r, arena_printf(&r->arena, "/spaces/%s?done=%s", s->slug,
                                         role == SROLE_REQUESTED ? "requested" : "joined"));
}

int web_space_leave(struct req *r) {
    const struct space *s = web_space_param(r);
    if (!s) return resp_error(r, 404, NULL);
    enum space_role was = space_role_of(r->me, s->id);
    struct err e = {0};
    int rc = space_leave(db_thread(), &r->arena, r->me, s->id, &e);
    if (rc) return resp_error(r, rc, e.msg);
    /* the space may now be out of sight: back to the directory */
    return resp_redirect(r, was == SROLE_INVITED     ? "/spaces?done=declined"
                            : was == SROLE_REQUESTED ? "/spaces?done=withdrawn"
                                                     : "/spaces?done=left");
}

int web_space_photo(struct req *r) {
    const struct space *s = web_space_param(r);
    size_t len = 0;
    const char *mime = NULL;
    const unsigned char *img = s ? space_photo(db_thread(), &r->arena, r->me, s->id, &len, &mime) : NULL;
    if (!img) return resp_error(r, 404, NULL);
    resp_header(r, "Cache-Control", s->visibility == VIS_PUBLIC ? "public, max-age=31536000, immutable"
                                                                : "private, max-age=31536000, immutable");
    return resp_bytes(r, 200, mime, img, len);
}
