/* Pages of one's account: sign in and out, language, password, and the
 * invitation page where a newcomer sets up an account. */
#include <stdio.h>
#include <string.h>

#include "core/auth.h"
#include "core/policy.h"
#include "core/session.h"
#include "db/db.h"
#include "http/server.h"
#include "web/pages.h"
#include "web/web.h"

static void login_form(struct req *r, const char *email, const char *next, const char *error) {
    page_begin(r, T(r, "Sign in"));
    H(r, "<section class=\"narrow\"><h1>%s</h1>\n", T(r, "Sign in"));
    web_form_error(r, error);
    H(r, "<form method=\"post\" action=\"/login\">");
    web_csrf_field(r);
    H(r, "<input type=\"hidden\" name=\"next\" value=\"%s\">", web_safe_next(next));
    H(r, "<p><label for=\"email\">%s</label><input id=\"email\" name=\"email\" type=\"email\" autocomplete=\"username\" "
         "required value=\"%s\"></p>",
      T(r, "E-mail address"), email ? email : "");
    H(r, "<p><label for=\"password\">%s</label><input id=\"password\" name=\"password\" type=\"password\" "
         "autocomplete=\"current-password\" required></p>",
      T(r, "Password"));
    H(r, "<p><button type=\"submit\">%s</button></p></form>\n", T(r, "Sign in"));
    H(r, "<p><a href=\"/password/forgot\">%s</a></p></section>\n", T(r, "Forgot your password?"));
}

int web_login_page(struct req *r) {
    if (r->me) return resp_redirect(r, web_safe_next(req_query(r, "next")));
    login_form(r, NULL, req_query(r, "next"), NULL);
    return page_end(r);
}

int web_login(struct req *r) {
    struct db *db = db_thread();
    const struct config *c = server_config();
    struct login_limits lim = {c->login_max_failures, c->login_window};
    struct person *p;
    struct err e = {0};
    const char *email = req_form(r, "email"), *next = req_form(r, "next");
    int rc = auth_login(db, &r->arena, email, req_form(r, "password"), r->client_ip, &lim, &p, &e);
    if (rc) {
        if (rc == ERR_TOO_MANY) resp_header(r, "Retry-After", arena_printf(&r->arena, "%d", e.retry_after));
        login_form(r, email, next, e.msg);
        page_end(r);
        return rc == ERR_TOO_MANY ? 429 : 400;
    }
    /* A fresh token at every sign-in: no session fixation. */
    const char *old = req_cookie(r, "ruche_session");
    if (old) session_destroy(db, old);
    char token[TOKEN_CHARS + 1];
    if (session_create(db, p->id, c->session_days, token)) return resp_error(r, 500, NULL);
    resp_cookie(r, "ruche_session", token, (long)c->session_days * 86400);
    return resp_redirect(r, web_safe_next(next));
}

int web_logout(struct req *r) {
    const char *token = req_cookie(r, "ruche_session");
    if (token) session_destroy(db_thread(), token);
    resp_cookie(r, "ruche_session", "", 0);
    return resp_redirect(r, "/login");
}

int web_set_language(struct req *r) {
    const char *lang = req_form(r, "lang");
    if (!lang || i18n_parse(lang) == LANG__MAX) return resp_error(r, 400, N_("Choose English or French."));
    if (r->me) {
        struct person_edit ed = {.lang = lang};
        struct err e = {0};
        int rc = people_update(db_thread(), &r->arena, r->me, r->me->id, &ed, &e);
        if (rc) return resp_error(r, rc, e.msg);
    }
    resp_cookie(r, "ruche_lang", lang, 365L * 86400);
    return resp_redirect(r, web_safe_next(req_form(r, "next")));
}

static void password_form(struct req *r, const char *error) {
    page_begin(r, T(r, "Settings"));
    H(r, "<section class=\"narrow\"><h1>%s</h1>\n", T(r, "Settings"));
    H(r, "<nav class=\"tabs\" aria-label=\"%s\"><ul>", T(r, "Settings"));
    web_tab(r, "/settings/password", T(r, "Password"), 1);
    web_tab(r, "/settings/notifications", T(r, "Notifications"), 0);
    web_tab(r, "/settings/tokens", T(r, "API tokens"), 0);
    if (policy_allows(r->me, ACT_MANAGE_WEBHOOKS, NULL)) web_tab(r, "/settings/webhooks", T(r, "Webhooks"), 0);
    H(r, "</ul></nav>\n<h2>%s</h2>\n", T(r, "Change password"));
    web_notice(r);
    web_form_error(r, error);
    H(r, "<form method=\"post\" action=\"/settings/password\">");
    web_csrf_field(r);
    H(r, "<input type=\"text\" name=\"username\" autocomplete=\"username\" value=\"%s\" hidden>", r->me->email);
    H(r, "<p><label for=\"current\">%s</label><input id=\"current\" name=\"current\" type=\"password\" "
         "autocomplete=\"current-password\" required></p>",
      T(r, "Current password"));
    H(r, "<p><label for=\"new\">%s</label><input id=\"new\" name=\"new\" type=\"password\" autocomplete=\"new-password\" "
         "minlength=\"10\" maxlength=\"256\" required aria-describedby=\"new-help\"><small id=\"new-help\">%s</small></p>",
      T(r, "New password"), T(r, "At least 10 characters."));
    H(r, "<p><button type=\"submit\">%s</button></p></form>\n", T(r, "Change password"));
    H(r, "<p><a href=\"/settings/feeds\">%s</a></p></section>\n", T(r, "Feeds and calendars"));
}

int web_password_page(struct req *r) {
    password_form(r, NULL);
    return page_end(r);
}

int web_password_change(struct req *r) {
    struct db *db = db_thread();
    struct err e = {0};
    if (auth_change_password(db, r->me->id, req_form(r, "current"), req_form(r, "new"), &e)) {
        password_form(r, e.msg);
        page_end(r);
        return 400;
    }
    /* Other sessions end: whoever knew the old password is signed out. */
    session_destroy_person(db, r->me->id, req_cookie(r, "ruche_session"));
    return resp_redirect(r, "/settings/password?done=password");
}

static void invite_form(struct req *r, const struct invitation *inv, const char *name, const char *error) {
    page_begin(r, T(r, "Join Ruche"));
    H(r, "<section class=\"narrow\"><h1>%s</h1>\n", T(r, "Join Ruche"));
    H(r, "<p>%s <strong>%s</strong></p>\n", T(r, "This invitation is for"), inv->email);
    web_form_error(r, error);
    H(r, "<form method=\"post\" action=\"/invite/%s\">", req_param(r, 0));
    web_csrf_field(r);
    H(r, "<input type=\"text\" name=\"username\" autocomplete=\"username\" value=\"%s\" hidden>", inv->email);
    H(r, "<p><label for=\"name\">%s</label><input type=\"text\" id=\"name\" name=\"name\" autocomplete=\"name\" required "
         "maxlength=\"120\" value=\"%s\"></p>",
      T(r, "Your name"), name ? name : "");
    H(r, "<p><label for=\"password\">%s</label><input id=\"password\" name=\"password\" type=\"password\" "
         "autocomplete=\"new-password\" minlength=\"10\" maxlength=\"256\" required aria-describedby=\"pw-help\">"
         "<small id=\"pw-help\">%s</small></p>",
      T(r, "Choose a password"), T(r, "At least 10 characters."));
    H(r, "<p><button type=\"submit\">%s</button></p></form></section>\n", T(r, "Create my account"));
}

int web_invite_page(struct req *r) {
    struct invitation *inv = invite_find(db_thread(), &r->arena, req_param(r, 0));
    if (!inv) return resp_error(r, 404, N_("This invitation link is invalid, used or expired."));
    invite_form(r, inv, NULL, NULL);
    return page_end(r);
}

int web_invite_accept(struct req *r) {
    struct db *db = db_thread();
    struct invitation *inv = invite_find(db, &r->arena, req_param(r, 0));
    if (!inv) return resp_error(r, 404, N_("This invitation link is invalid, used or expired."));
    int64_t id;
    struct err e = {0};
    int rc = invite_accept(db, &r->arena, req_param(r, 0), req_form(r, "name"), req_form(r, "password"), &id, &e);
    if (rc) {
        invite_form(r, inv, req_form(r, "name"), e.msg);
        page_end(r);
        return rc == ERR_NOT_FOUND ? 404 : 400;
    }
    char token[TOKEN_CHARS + 1];
    if (session_create(db, id, server_config()->session_days, token)) return resp_error(r, 500, NULL);
    resp_cookie(r, "ruche_session", token, (long)server_config()->session_days * 86400);
    return resp_redirect(r, "/?done=welcome");
}
