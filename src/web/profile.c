/* A person's profile page, its edit form, the photo, and the account
 * controls admins see on it. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/policy.h"
#include "db/db.h"
#include "http/server.h"
#include "lib/markdown.h"
#include "web/pages.h"
#include "web/social.h"
#include "web/web.h"

static struct person *target(struct req *r) {
    return people_view_handle(db_thread(), &r->arena, r->me, req_param(r, 0));
}

static void field_row(struct req *r, const char *label, const char *value) {
    if (value && *value) H(r, "<dt>%s</dt><dd>%s</dd>\n", label, value);
}

/* A phone number as shown: spaces and hyphens that keep it on one line. */
static const char *phone_text(struct req *r, const char *s) {
    struct buf b = {0};
    for (; *s; s++) {
        if (*s == ' ') buf_puts(&b, "\u00a0");
        else if (*s == '-') buf_puts(&b, "\u2011");
        else buf_putc(&b, *s);
    }
    const char *out = arena_strdup(&r->arena, b.data ? b.data : "");
    buf_free(&b);
    return out;
}

/* The tel: URL of a phone number: the characters RFC 3966 allows, no spaces. */
static const char *phone_url(struct req *r, const char *s) {
    char *out = arena_alloc(&r->arena, strlen(s) + 1), *o = out;
    for (; *s; s++)
        if (*s && strchr("+0123456789-.()*#", *s)) *o++ = *s;
    *o = 0;
    return out;
}

static void admin_controls(struct req *r, const struct person *p) {
    if (!policy_allows(r->me, ACT_CHANGE_ROLE, p)) return;
    H(r, "<section class=\"admin\"><h2>%s</h2><form method=\"post\" action=\"/people/%s/account\">",
      T(r, "Account"), p->handle);
    web_csrf_field(r);
    H(r, "<p><label for=\"role\">%s</label><select id=\"role\" name=\"role\">", T(r, "Role"));
    static const char *const labels[ROLE__MAX] = {N_("Administrator"), N_("Employee"), N_("External (partner or customer)")};
    for (int i = 0; i < ROLE__MAX; i++)
        H(r, "<option value=\"%s\"%s>%s</option>", role_name((enum role)i), p->role == (enum role)i ? " selected" : "",
          T(r, labels[i]));
    H(r, "</select></p><p><label><input type=\"checkbox\" name=\"disabled\" value=\"1\"%s> %s</label></p>",
      p->disabled ? " checked" : "", T(r, "Account disabled (cannot sign in)"));
    H(r, "<p><button type=\"submit\">%s</button></p></form>\n", T(r, "Update account"));
    H(r, "<form method=\"post\" action=\"/people/%s/reset-link\">", p->handle);
    web_csrf_field(r);
    H(r, "<p><button type=\"submit\">%s</button></p></form></section>\n", T(r, "Create a password reset link"));
}

int web_profile(struct req *r) {
    struct db *db = db_thread();
    struct person *p = target(r);
    if (!p) return resp_error(r, 404, NULL);
    const char *feed = arena_printf(&r->arena, "/people/%s/feed.atom", p->handle);
    r->feed_href = feed;
    page_begin(r, p->name);
    web_notice(r);
    H(r, "<article class=\"profile\"><header><img src=\"%s\" alt=\"%s\" width=\"128\" height=\"128\"><div><h1>%s</h1>",
      web_photo_url(r, p), T(r, "Photo"), p->name);
    H(r, "<p class=\"handle\">@%s · <a href=\"%s\" type=\"application/atom+xml\">%s</a></p>", p->handle, feed,
      T(r, "Atom feed"));
    if (*p->title) H(r, "<p>%s</p>", p->title);
    if (p->disabled) H(r, "<p class=\"badge\">%s</p>", T(r, "disabled"));
    int64_t followers = 0, following = 0;
    follow_counts(db, p->id, &followers, &following);
    H(r, "<p class=\"follows\"><a href=\"/people/%s/followers\">%s</a> · <a href=\"/people/%s/following\">%s</a></p>",
      p->handle, web_count(r, "%d follower", "%d followers", (long)followers), p->handle,
      web_count(r, "%d following", "%d following", (long)following));
    if (policy_allows(r->me, ACT_EDIT_PERSON, p))
        H(r, "<p><a class=\"button\" href=\"/people/%s/edit\">%s</a></p>", p->handle, T(r, "Edit profile"));
    if (policy_allows(r->me, ACT_FOLLOW, p)) {
        int on = follow_is(db, r->me->id, p->id);
        H(r, "<form method=\"post\" action=\"/people/%s/follow\">", p->handle);
        web_csrf_field(r);
        if (on) /* markup is never an argument of H(): it would be escaped */
            H(r, "<input type=\"hidden\" name=\"on\" value=\"0\"><button type=\"submit\" class=\"secondary\">%s</button></form>",
              T(r, "Unfollow"));
        else
            H(r, "<input type=\"hidden\" name=\"on\" value=\"1\"><button type=\"submit\">%s</button></form>", T(r, "Follow"));
    }
    H(r, "</div></header>\n<dl class=\"facts\">\n");
    field_row(r, T(r, "Department"), p->department);
    field_row(r, T(r, "Location"), p->location);
    /* p is visible (people_view_handle asked the policy): so is its contact */
    H(r, "<dt>%s</dt><dd><a href=\"mailto:%s\">%s</a></dd>\n", T(r, "E-mail"), p->email, p->email);
    if (*p->phone)
        H(r, "<dt>%s</dt><dd><a href=\"tel:%s\">%s</a></dd>\n", T(r, "Phone"), phone_url(r, p->phone),
          phone_text(r, p->phone));
    if (p->manager_id) {
        struct person *m = people_view(db, &r->arena, r->me, p->manager_id);
        if (m) H(r, "<dt>%s</dt><dd><a href=\"/people/%s\">%s</a></dd>\n", T(r, "Manager"), m->handle, m->name);
    }
    if (p->nexpertise) {
        H(r, "<dt>%s</dt><dd><ul class=\"tags\">", T(r, "Expertise"));
        for (int i = 0; i < p->nexpertise; i++)
            H(r, "<li><a href=\"/people?q=%s\">%s</a></li>", url_encode(&r->arena, p->expertise[i]), p->expertise[i]);
        H(r, "</ul></dd>\n");
    }
    H(r, "</dl>\n");
    if (*p->bio) {
        H(r, "<section class=\"bio\"><h2>%s</h2>", T(r, "About"));
        html_markdown(&r->out, markdown_render(&r->arena, p->bio));
        H(r, "</section>\n");
    }
    struct person **reports;
    int n;
    if (r->me->role != ROLE_EXTERNAL && !people_reports(db, &r->arena, p->id, &reports, &n) && n) {
        H(r, "<section><h2>%s</h2><ul class=\"cards\">", T(r, "Reports"));
        for (int i = 0; i < n; i++) web_person_card(r, reports[i]);
        H(r, "</ul></section>\n");
    }
    admin_controls(r, p);
    H(r, "</article>\n<h2>%s</h2>\n", T(r, "Posts"));
    H(r, "<p><a href=\"/people/%s/content?type=blog\">%s</a> · <a href=\"/people/%s/content\">%s</a></p>\n", p->handle,
      T(r, "Blog"), p->handle, T(r, "All their content, by kind"));
    struct stream_query q = {.kind = STREAM_PERSON, .person = p->id, .cursor = req_query(r, "cursor"), .limit = 20};
    web_stream_section(r, &q, arena_printf(&r->arena, "person:%lld", (long long)p->id),
                       arena_printf(&r->arena, "/people/%s", p->handle));
    return page_end(r);
}

static void text_input(struct req *r, const char *name, const char *label, const char *value, int max,
                       const char *autocomplete) {
    H(r, "<p><label for=\"%s\">%s</label><input type=\"text\" id=\"%s\" name=\"%s\" maxlength=\"%d\" value=\"%s\" autocomplete=\"%s\"></p>",
      name, label, name, name, max, value ? value : "", autocomplete);
}

static void edit_form(struct req *r, const struct person *p, const struct person_edit *in, const char *error) {
    struct db *db = db_thread();
    page_begin(r, T(r, "Edit profile"));
    H(r, "<section class=\"narrow\"><h1>%s</h1>\n", T(r, "Edit profile"));
    web_form_error(r, error);
    H(r, "<form method=\"post\" action=\"/people/%s/photo\" enctype=\"multipart/form-data\" class=\"photo-form\">",
      p->handle);
    web_csrf_field(r);
    H(r, "<img src=\"%s\" alt=\"\" width=\"96\" height=\"96\" id=\"photo-preview\">", web_photo_url(r, p));
    H(r, "<p><label for=\"photo\">%s</label><input id=\"photo\" name=\"photo\" type=\"file\" "
         "accept=\"image/png,image/jpeg,image/webp\" required aria-describedby=\"photo-help\">"
         "<small id=\"photo-help\">%s</small></p>",
      T(r, "Photo"), T(r, "PNG, JPEG or WebP, up to 5 MB."));
    H(r, "<p><button type=\"submit\">%s</button></p></form>\n", T(r, "Upload photo"));
    if (p->photo_version) {
        H(r, "<form method=\"post\" action=\"/people/%s/photo/delete\">", p->handle);
        web_csrf_field(r);
        H(r, "<p><button type=\"submit\" class=\"secondary\">%s</button></p></form>\n", T(r, "Remove photo"));
    }
    const char *manager = "";
    if (p->manager_id) {
        struct person *m = people_get(db, &r->arena, p->manager_id);
        if (m) manager = m->handle;
    }
    struct buf tags = {0};
    for (int i = 0; i < p->nexpertise; i++) buf_printf(&tags, "%s%s", i ? ", " : "", p->expertise[i]);
    const char *expertise = arena_strdup(&r->arena, tags.data ? tags.data : "");
    buf_free(&tags);
#define V(field, dflt) (in && in->field ? in->field : (dflt))
    H(r, "<form method=\"post\" action=\"/people/%s/edit\">", p->handle);
    web_csrf_field(r);
    text_input(r, "name", T(r, "Name"), V(name, p->name), PERSON_NAME_MAX, "name");
    H(r, "<p><label for=\"handle\">%s</label><input type=\"text\" id=\"handle\" name=\"handle\" maxlength=\"40\" value=\"%s\" "
         "pattern=\"[a-z0-9][a-z0-9._\\-]{1,39}\" aria-describedby=\"handle-help\" autocomplete=\"off\">"
         "<small id=\"handle-help\">%s</small></p>",
      T(r, "Handle"), V(handle, p->handle), T(r, "Used in mentions (@handle) and in the address of your profile."));
    text_input(r, "title", T(r, "Title"), V(title, p->title), PERSON_FIELD_MAX, "organization-title");
    text_input(r, "department", T(r, "Department"), V(department, p->department), PERSON_FIELD_MAX, "off");
    text_input(r, "location", T(r, "Location"), V(location, p->location), PERSON_FIELD_MAX, "off");
    text_input(r, "phone", T(r, "Phone"), V(phone, p->phone), PERSON_PHONE_MAX, "tel");
    H(r, "<p><label for=\"manager\">%s</label><input type=\"text\" id=\"manager\" name=\"manager\" maxlength=\"41\" value=\"%s\" "
         "aria-describedby=\"manager-help\" autocomplete=\"off\"><small id=\"manager-help\">%s</small></p>",
      T(r, "Manager"), V(manager_handle, manager), T(r, "The manager's handle; leave empty for none."));
    H(r, "<p><label for=\"expertise\">%s</label><input type=\"text\" id=\"expertise\" name=\"expertise\" maxlength=\"900\" "
         "value=\"%s\" aria-describedby=\"expertise-help\" autocomplete=\"off\"><small id=\"expertise-help\">%s</small></p>",
      T(r, "Expertise"), V(expertise, expertise), T(r, "Separated by commas, up to 20."));
    H(r, "<p><label for=\"bio\">%s</label><textarea id=\"bio\" name=\"bio\" rows=\"6\" maxlength=\"5000\" "
         "aria-describedby=\"bio-help\">%s</textarea><small id=\"bio-help\">%s</small></p>",
      T(r, "About"), V(bio, p->bio), T(r, "Markdown is supported."));
    H(r, "<p><label for=\"ui-lang\">%s</label><select id=\"ui-lang\" name=\"lang\">", T(r, "Language"));
    const char *lang = V(lang, p->lang ? p->lang : "");
    H(r, "<option value=\"\"%s>%s</option>", !*lang ? " selected" : "", T(r, "Same as my browser"));
    H(r, "<option value=\"en\"%s>English</option>", !strcmp(lang, "en") ? " selected" : "");
    H(r, "<option value=\"fr\"%s>Français</option></select></p>", !strcmp(lang, "fr") ? " selected" : "");
#undef V
    H(r, "<p><button type=\"submit\">%s</button> <a href=\"/people/%s\">%s</a></p></form></section>\n", T(r, "Save"),
      p->handle, T(r, "Cancel"));
}

int web_profile_edit_page(struct req *r) {
    struct person *p = target(r);
    if (!p) return resp_error(r, 404, NULL);
    if (!policy_allows(r->me, ACT_EDIT_PERSON, p)) return resp_error(r, 403, N_("You may only edit your own profile."));
    edit_form(r, p, NULL, NULL);
    return page_end(r);
}

int web_profile_edit(struct req *r) {
    struct person *p = target(r);
    if (!p) return resp_error(r, 404, NULL);
    struct person_edit ed = {
        .name = req_form(r, "name"),
        .handle = req_form(r, "handle"),
        .title = req_form(r, "title"),
        .department = req_form(r, "department"),
        .location = req_form(r, "location"),
        .phone = req_form(r, "phone"),
        .bio = req_form(r, "bio"),
        .lang = req_form(r, "lang"),
        .manager_handle = req_form(r, "manager"),
        .expertise = req_form(r, "expertise"),
    };
    struct err e = {0};
    int rc = people_update(db_thread(), &r->arena, r->me, p->id, &ed, &e);
    if (rc == ERR_NOT_FOUND) return resp_error(r, 404, NULL);
    if (rc == ERR_FORBIDDEN) return resp_error(r, 403, e.msg);
    if (rc) {
        edit_form(r, p, &ed, e.msg);
        page_end(r);
        return rc == ERR_FORBIDDEN ? 403 : rc == ERR_CONFLICT ? 409 : 400;
    }
    struct person *now = people_get(db_thread(), &r->arena, p->id);
    if (ed.lang && r->me->id == p->id) resp_cookie(r, "ruche_lang", *ed.lang ? ed.lang : "", *ed.lang ? 365L * 86400 : 0);
    return resp_redirect(r, arena_printf(&r->arena, "/people/%s?done=saved", now ? now->handle : p->handle));
}

int web_photo_upload(struct req *r) {
    struct person *p = target(r);
    if (!p) return resp_error(r, 404, NULL);
    const struct kv *f = req_upload(r, "photo");
    struct err e = {0};
    int rc = people_set_photo(db_thread(), &r->arena, r->me, p->id, f ? (const unsigned char *)f->value : NULL,
                              f ? f->len : 0, server_config()->max_photo, &e);
    if (rc == ERR_NOT_FOUND) return resp_error(r, 404, NULL);
    if (rc) {
        edit_form(r, p, NULL, e.msg);
        page_end(r);
        return rc;
    }
    return resp_redirect(r, arena_printf(&r->arena, "/people/%s?done=photo", p->handle));
}

int web_photo_delete(struct req *r) {
    struct person *p = target(r);
    if (!p) return resp_error(r, 404, NULL);
    struct err e = {0};
    int rc = people_remove_photo(db_thread(), r->me, p->id, &e);
    if (rc) return resp_error(r, rc, e.msg);
    return resp_redirect(r, arena_printf(&r->arena, "/people/%s?done=photo-removed", p->handle));
}

int web_photo(struct req *r) {
    struct person *p = target(r);
    size_t len = 0;
    const char *mime = NULL;
    const unsigned char *img = p ? people_photo(db_thread(), &r->arena, r->me, p->id, &len, &mime) : NULL;
    if (!img) return resp_error(r, 404, NULL);
    resp_header(r, "Cache-Control", "private, max-age=31536000, immutable");
    return resp_bytes(r, 200, mime, img, len);
}

int web_account_update(struct req *r) {
    struct db *db = db_thread();
    struct person *p = target(r);
    if (!p) return resp_error(r, 404, NULL);
    if (!policy_allows(r->me, ACT_CHANGE_ROLE, p)) return resp_error(r, 403, N_("Only administrators manage accounts."));
    struct person_edit ed = {.role = req_form(r, "role")};
    struct err e = {0};
    int rc = people_update(db, &r->arena, r->me, p->id, &ed, &e);
    if (rc) return resp_error(r, rc, e.msg);
    const char *dis = req_form(r, "disabled");
    people_set_disabled(db, p->id, dis && !strcmp(dis, "1"));
    return resp_redirect(r, arena_printf(&r->arena, "/people/%s?done=account", p->handle));
}
