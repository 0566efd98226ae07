/* Space management pages: members (invite, approve, roles, remove),
 * settings, picture, archive and restore, delete. Each form answers with a
 * redirect to the page it came from. */
#include <stdlib.h>
#include <string.h>

#include "core/policy.h"
#include "db/db.h"
#include "http/server.h"
#include "lib/text.h"
#include "web/pages.h"
#include "web/space_webhooks.h"
#include "web/spaces.h"
#include "web/web.h"

static const char *members_notice(const char *done) {
    static const struct {
        const char *key, *msg;
    } notices[] = {
        {"invited", N_("The invitation is sent.")},
        {"role", N_("The role is changed.")},
        {"approved", N_("The request is approved.")},
        {"removed", N_("The person is no longer a member.")},
    };
    for (size_t i = 0; done && i < sizeof notices / sizeof notices[0]; i++)
        if (!strcmp(done, notices[i].key)) return notices[i].msg;
    return NULL;
}

/* One row of the member list, with the owner's controls. */
static void member_row(struct req *r, const struct space *s, const struct space_member *m, int manage) {
    const struct person *p = m->person;
    H(r, "<li class=\"card\"><img src=\"%s\" alt=\"\" width=\"48\" height=\"48\"><div><a href=\"/people/%s\">%s</a> "
         "<span class=\"badge\">%s</span>",
      web_photo_url(r, p), p->handle, p->name, web_role_label(r, m->role));
    if (p->role == ROLE_EXTERNAL) H(r, " <span class=\"badge\">%s</span>", T(r, "external"));
    if (*p->title) H(r, "<br><small>%s</small>", p->title);
    if (manage) {
        const char *action = arena_printf(&r->arena, "/spaces/%s/members/%lld", s->slug, (long long)p->id);
        if (m->role == SROLE_REQUESTED) {
            H(r, "<form method=\"post\" action=\"%s\" class=\"inline\">", action);
            web_csrf_field(r);
            H(r, "<input type=\"hidden\" name=\"role\" value=\"member\"><input type=\"hidden\" name=\"approve\" value=\"1\">"
                 "<button type=\"submit\">%s</button></form> ",
              T(r, "Approve"));
        } else if (m->role >= SROLE_MEMBER) {
            H(r, "<form method=\"post\" action=\"%s\" class=\"inline\">", action);
            web_csrf_field(r);
            H(r, "<label for=\"role-%lld\" class=\"visually-hidden\">%s</label><select id=\"role-%lld\" name=\"role\">",
              (long long)p->id, T(r, "Role"), (long long)p->id);
            static const enum space_role roles[] = {SROLE_MEMBER, SROLE_MODERATOR, SROLE_OWNER};
            for (int i = 0; i < (p->role == ROLE_EXTERNAL ? 2 : 3); i++) /* externals own no space */
                H(r, "<option value=\"%s\"%s>%s</option>", space_role_name(roles[i]), roles[i] == m->role ? " selected" : "",
                  web_role_label(r, roles[i]));
            H(r, "</select> <button type=\"submit\">%s</button></form> ", T(r, "Change"));
        }
        H(r, "<form method=\"post\" action=\"%s\" class=\"inline\">", action);
        web_csrf_field(r);
        H(r, "<input type=\"hidden\" name=\"remove\" value=\"1\"><button type=\"submit\" class=\"link danger\">%s</button></form>",
          m->role == SROLE_REQUESTED  ? T(r, "Refuse")
          : m->role == SROLE_INVITED ? T(r, "Withdraw the invitation")
                                     : T(r, "Remove"));
    }
    H(r, "</div></li>\n");
}

static void member_list(struct req *r, const struct space *s, enum space_role which, const char *title, int manage) {
    struct space_member **list;
    int n;
    const char *next;
    struct err e = {0};
    const char *q = which == SROLE_MEMBER ? req_query(r, "q") : NULL;
    const char *cursor = which == SROLE_MEMBER ? req_query(r, "cursor") : NULL;
    if (space_members(db_thread(), &r->arena, r->me, s->id, which, q, cursor, which == SROLE_MEMBER ? 50 : 100, &list, &n,
                      &next, &e))
        return;
    if (!n && which != SROLE_MEMBER) return;
    H(r, "<section><h2>%s</h2><ul class=\"cards\">", title);
    for (int i = 0; i < n; i++) member_row(r, s, list[i], manage);
    H(r, "</ul>");
    if (!n) H(r, "<p class=\"empty\">%s</p>", T(r, "Nobody matches this search."));
    if (next)
        H(r, "<nav aria-label=\"%s\"><a rel=\"next\" href=\"/spaces/%s/members?q=%s&amp;cursor=%s\">%s</a></nav>",
          T(r, "Pages"), s->slug, url_encode(&r->arena, q ? q : ""), next, T(r, "Next page"));
    H(r, "</section>\n");
}

static int members_page(struct req *r, const struct space *s, const char *error, int status) {
    if (!policy_space(r->me, ACT_LIST_MEMBERS, s)) return resp_error(r, 404, NULL);
    int manage = policy_space(r->me, ACT_MANAGE_MEMBERS, s);
    page_begin(r, arena_printf(&r->arena, "%s · %s", T(r, "Members"), s->name));
    const char *msg = members_notice(req_query(r, "done"));
    if (msg) H(r, "<p class=\"notice\" role=\"status\">%s</p>\n", T(r, msg));
    web_space_header(r, s, "members");
    web_form_error(r, error);
    if (manage) {
        H(r, "<form method=\"post\" action=\"/spaces/%s/members\" class=\"search\">", s->slug);
        web_csrf_field(r);
        H(r, "<label for=\"invitee\">%s</label><input id=\"invitee\" name=\"person\" type=\"text\" required maxlength=\"254\" "
             "aria-describedby=\"invitee-help\"><button type=\"submit\">%s</button>"
             "<small id=\"invitee-help\">%s</small></form>\n",
          T(r, "Invite someone"), T(r, "Invite"), T(r, "Their @handle or e-mail address."));
        member_list(r, s, SROLE_REQUESTED, T(r, "Asking to join"), 1);
        member_list(r, s, SROLE_INVITED, T(r, "Invited"), 1);
    }
    H(r, "<form method=\"get\" action=\"/spaces/%s/members\" class=\"search\" role=\"search\">", s->slug);
    H(r, "<label for=\"q\">%s</label><input id=\"q\" name=\"q\" type=\"search\" maxlength=\"200\" value=\"%s\">"
         "<button type=\"submit\">%s</button></form>\n",
      T(r, "Find a member"), req_query(r, "q") ? req_query(r, "q") : "", T(r, "Search"));
    member_list(r, s, SROLE_MEMBER, T(r, "Members"), manage);
    page_end(r);
    return status;
}

int web_space_members(struct req *r) {
    const struct space *s = web_space_param(r);
    return s ? members_page(r, s, NULL, 200) : resp_error(r, 404, NULL);
}

/* POST /spaces/{slug}/members: invite by @handle or e-mail address. */
int web_space_invite(struct req *r) {
    struct db *db = db_thread();
    const struct space *s = web_space_param(r);
    if (!s) return resp_error(r, 404, NULL);
    const char *who = req_form(r, "person");
    who = who ? text_trim(&r->arena, who) : "";
    if (*who == '@') who++;
    struct person *p = strchr(who, '@') ? people_by_email(db, &r->arena, who) : people_by_handle(db, &r->arena, who);
    struct err e = {0};
    int rc = p ? space_invite(db, &r->arena, r->me, s->id, p->id, &e) : err_fail(&e, ERR_NOT_FOUND, "person", N_("No such person."));
    /* an unknown person is a form error, not a missing page */
    if (rc == ERR_INVALID || rc == ERR_CONFLICT || (rc == ERR_NOT_FOUND && e.field))
        return members_page(r, s, e.msg, rc == ERR_NOT_FOUND ? 400 : rc);
    if (rc) return resp_error(r, rc, e.msg);
    return resp_redirect(r, arena_printf(&r->arena, "/spaces/%s/members?done=invited", s->slug));
}

/* POST /spaces/{slug}/members/{id}: role=member|moderator|owner, or remove=1. */
int web_space_member_update(struct req *r) {
    const struct space *s = web_space_param(r);
    int64_t person = text_parse_id(req_param(r, 1));
    if (!s || person <= 0) return resp_error(r, 404, NULL);
    const char *remove = req_form(r, "remove"), *role = req_form(r, "role");
    struct err e = {0};
    int rc;
    const char *done;
    if (remove && !strcmp(remove, "1")) {
        rc = space_remove_member(db_thread(), &r->arena, r->me, s->id, person, &e);
        done = "removed";
    } else {
        enum space_role target = SROLE_NONE;
        if (space_role_parse(role, &target)) return resp_error(r, 400, N_("The role must be member, moderator or owner."));
        rc = space_set_role(db_thread(), &r->arena, r->me, s->id, person, target, &e);
        const char *approve = req_form(r, "approve");
        done = approve && !strcmp(approve, "1") ? "approved" : "role";
    }
    if (rc == ERR_CONFLICT || rc == ERR_INVALID) return members_page(r, s, e.msg, rc);
    if (rc) return resp_error(r, rc, e.msg);
    return resp_redirect(r, arena_printf(&r->arena, "/spaces/%s/members?done=%s", s->slug, done));
}

static int settings_page(struct req *r, const struct space *s, const char *error, int status) {
    if (!policy_space(r->me, ACT_ARCHIVE_SPACE, s)) return resp_error(r, 404, NULL);
    page_begin(r, arena_printf(&r->arena, "%s · %s", T(r, "Settings"), s->name));
    web_notice(r);
    web_space_header(r, s, "settings");
    web_form_error(r, error);
    if (policy_space(r->me, ACT_SPACE_SETTINGS, s)) {
        H(r, "<section class=\"narrow\"><h2>%s</h2><form method=\"post\" action=\"/spaces/%s/settings\">", T(r, "About"),
          s->slug);
        web_csrf_field(r);
        const char *name = req_form(r, "name"), *slug = req_form(r, "slug"), *desc = req_form(r, "description"),
                   *vis = req_form(r, "visibility");
        web_space_fields(r, name ? name : s->name, slug ? slug : s->slug, desc ? desc : s->description,
                         vis ? vis : space_visibility_name(s->visibility), error ? req_form(r, "secret") != NULL : s->secret);
        H(r, "<p><button type=\"submit\">%s</button></p></form></section>\n", T(r, "Save"));
        H(r, "<section class=\"narrow\"><h2>%s</h2><form method=\"post\" action=\"/spaces/%s/photo\" enctype=\"multipart/form-data\">",
          T(r, "Picture"), s->slug);
        web_csrf_field(r);
        H(r, "<label for=\"photo\">%s</label><input id=\"photo\" name=\"photo\" type=\"file\" accept=\"image/png,image/jpeg,image/webp\" required>"
             "<p><button type=\"submit\">%s</button></p></form>",
          T(r, "PNG, JPEG or WebP, 5 MB at most"), T(r, "Upload"));
        if (s->photo_version > 0) {
            H(r, "<form method=\"post\" action=\"/spaces/%s/photo/delete\">", s->slug);
            web_csrf_field(r);
            H(r, "<button type=\"submit\" class=\"link danger\">%s</button></form>", T(r, "Remove the picture"));
        }
        H(r, "</section>\n");
        web_space_webhooks_section(r, s);
    }
    H(r, "<section class=\"narrow\"><h2>%s</h2><form method=\"post\" action=\"/spaces/%s/archive\">", T(r, "Archive"), s->slug);
    web_csrf_field(r);
    H(r, "<input type=\"hidden\" name=\"archived\" value=\"%d\"><p>%s</p><button type=\"submit\">%s</button></form>",
      s->archived_at ? 0 : 1,
      s->archived_at ? T(r, "Restoring the space makes it writable and lists it in the directory again.")
                     : T(r, "An archived space is read-only and leaves the directory; it can be restored."),
      s->archived_at ? T(r, "Restore the space") : T(r, "Archive the space"));
    if (policy_space(r->me, ACT_DELETE_SPACE, s))
        H(r, "<p><a class=\"danger\" href=\"/spaces/%s/delete\">%s</a></p>", s->slug, T(r, "Delete the space"));
    H(r, "</section>\n");
    page_end(r);
    return status;
}

int web_space_settings(struct req *r) {
    const struct space *s = web_space_param(r);
    return s ? settings_page(r, s, NULL, 200) : resp_error(r, 404, NULL);
}

int web_space_settings_save(struct req *r) {
    struct db *db = db_thread();
    const struct space *s = web_space_param(r);
    if (!s) return resp_error(r, 404, NULL);
    const char *secret = req_form(r, "secret");
    struct space_input in = {.name = req_form(r, "name"), .slug = req_form(r, "slug"),
                             .description = req_form(r, "description"), .visibility = req_form(r, "visibility"),
                             .secret = secret && !strcmp(secret, "1")};
    struct err e = {0};
    int rc = space_update(db, &r->arena, r->me, s->id, &in, &e);
    if (rc == ERR_INVALID || rc == ERR_CONFLICT) return settings_page(r, s, e.msg, rc);
    if (rc) return resp_error(r, rc, e.msg);
    const struct space *now = space_cached(db, &r->arena, s->id);
    return resp_redirect(r, arena_printf(&r->arena, "/spaces/%s/settings?done=saved", now ? now->slug : s->slug));
}

int web_space_photo_upload(struct req *r) {
    const struct space *s = web_space_param(r);
    if (!s) return resp_error(r, 404, NULL);
    const struct kv *f = req_upload(r, "photo");
    struct err e = {0};
    int rc = space_set_photo(db_thread(), &r->arena, r->me, s->id, f ? (const unsigned char *)f->value : NULL,
                             f ? f->len : 0, server_config()->max_photo, &e);
    if (rc == ERR_INVALID) return settings_page(r, s, e.msg, rc);
    if (rc) return resp_error(r, rc, e.msg);
    return resp_redirect(r, arena_printf(&r->arena, "/spaces/%s/settings?done=saved", s->slug));
}

int web_space_photo_delete(struct req *r) {
    const struct space *s = web_space_param(r);
    if (!s) return resp_error(r, 404, NULL);
    struct err e = {0};
    int rc = space_remove_photo(db_thread(), &r->arena, r->me, s->id, &e);
    if (rc) return resp_error(r, rc, e.msg);
    return resp_redirect(r, arena_printf(&r->arena, "/spaces/%s/settings?done=saved", s->slug));
}

int web_space_archive(struct req *r) {
    const struct space *s = web_space_param(r);
    if (!s) return resp_error(r, 404, NULL);
    const char *archived = req_form(r, "archived");
    int on = !archived || strcmp(archived, "0") != 0;
    struct err e = {0};
    int rc = space_set_archived(db_thread(), &r->arena, r->me, s->id, on, &e);
    if (rc) return resp_error(r, rc, e.msg);
    return resp_redirect(r, arena_printf(&r->arena, "/spaces/%s?done=%s", s->slug, on ? "archived" : "restored"));
}

static int delete_page(struct req *r, const struct space *s, const char *error, int status) {
    if (!policy_space(r->me, ACT_DELETE_SPACE, s)) return resp_error(r, 404, NULL);
    page_begin(r, T(r, "Delete the space"));
    H(r, "<section class=\"narrow\"><h1>%s</h1>", T(r, "Delete the space"));
    web_form_error(r, error);
    H(r, "<p>%s</p>", T(r, "The space, its sub-spaces and everything posted in them will be gone for everyone. "
                           "This cannot be undone."));
    H(r, "<form method=\"post\" action=\"/spaces/%s/delete\">", s->slug);
    web_csrf_field(r);
    H(r, "<label for=\"confirm\">%s <strong>%s</strong></label><input id=\"confirm\" name=\"confirm\" type=\"text\" required "
         "autocomplete=\"off\">",
      T(r, "To confirm, type the space's address:"), s->slug);
    H(r, "<p><button type=\"submit\" class=\"danger\">%s</button> <a href=\"/spaces/%s/settings\">%s</a></p></form></section>",
      T(r, "Delete the space"), s->slug, T(r, "Cancel"));
    page_end(r);
    return status;
}

int web_space_delete_page(struct req *r) {
    const struct space *s = web_space_param(r);
    return s ? delete_page(r, s, NULL, 200) : resp_error(r, 404, NULL);
}

int web_space_delete(struct req *r) {
    const struct space *s = web_space_param(r);
    if (!s) return resp_error(r, 404, NULL);
    const char *confirm = req_form(r, "confirm");
    if (!policy_space(r->me, ACT_DELETE_SPACE, s)) return resp_error(r, 403, N_("Only administrators may delete a space."));
    if (!confirm || strcmp(text_trim(&r->arena, confirm), s->slug))
        return delete_page(r, s, N_("Type the space's address exactly to confirm."), 400);
    struct err e = {0};
    int rc = space_delete(db_thread(), &r->arena, r->me, s->id, &e);
    if (rc) return resp_error(r, rc, e.msg);
    return resp_redirect(r, "/spaces?done=space-deleted");
}
