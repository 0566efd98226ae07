/* Password reset pages: "Forgot your password?" (the same answer whether
 * the address has an account or not), the /reset/{token} form that sets a
 * new password and signs in afresh, and the administrator's "reset link"
 * button on a person's page. */
#include <stdio.h>
#include <string.h>

#include "core/policy.h"
#include "core/reset.h"
#include "core/session.h"
#include "db/db.h"
#include "http/server.h"
#include "web/pages.h"
#include "web/web.h"

static int mail_ready(void) { return server_config()->smtp_url[0] != 0; }

static void forgot_form(struct req *r, const char *email, const char *error) {
    page_begin(r, T(r, "Forgot your password?"));
    H(r, "<section class=\"narrow\"><h1>%s</h1>\n", T(r, "Forgot your password?"));
    if (!mail_ready()) {
        H(r, "<p>%s</p>\n<p><a href=\"/login\">%s</a></p></section>\n",
          T(r, "This server sends no e-mail: ask an administrator for a link to choose a new password."),
          T(r, "Sign in"));
        return;
    }
    web_form_error(r, error);
    H(r, "<p>%s</p>\n",
      T(r, "Enter the e-mail address of your account: we will send it a link to choose a new password."));
    H(r, "<form method=\"post\" action=\"/password/forgot\">");
    web_csrf_field(r);
    H(r,
      "<p><label for=\"email\">%s</label><input id=\"email\" name=\"email\" type=\"email\" autocomplete=\"username\" "
      "required maxlength=\"254\" value=\"%s\"></p>",
      T(r, "E-mail address"), email ? email : "");
    H(r, "<p><button type=\"submit\">%s</button></p></form></section>\n", T(r, "Send the link"));
}

/* GET /password/forgot */
int web_forgot_page(struct req *r) {
    forgot_form(r, NULL, NULL);
    return page_end(r);
}

/* POST /password/forgot: email */
int web_forgot(struct req *r) {
    if (!mail_ready()) {
        forgot_form(r, NULL, NULL);
        page_end(r);
        return 503;
    }
    const struct config *c = server_config();
    struct reset_settings s = {c->public_url, c->reset_token_minutes, c->login_max_failures, c->login_window};
    struct err e = {0};
    const char *email = req_form(r, "email");
    int rc = reset_request(db_thread(), &r->arena, email, r->client_ip, &s, &e);
    if (rc) {
        if (rc == ERR_TOO_MANY) resp_header(r, "Retry-After", arena_printf(&r->arena, "%d", e.retry_after));
        forgot_form(r, rc == ERR_INVALID ? email : NULL, e.msg);
        page_end(r);
        return rc;
    }
    /* The same page whether or not an account has this address. */
    page_begin(r, T(r, "Forgot your password?"));
    H(r, "<section class=\"narrow\"><h1>%s</h1>\n<p role=\"status\">%s</p>\n", T(r, "Forgot your password?"),
      T(r, "If an account uses this address, a link to choose a new password is on its way. Look in your mailbox."));
    H(r, "<p><a href=\"/login\">%s</a></p></section>\n", T(r, "Sign in"));
    return page_end(r);
}

static void reset_form(struct req *r, const struct person *p, const char *error) {
    page_begin(r, T(r, "Choose a new password"));
    H(r, "<section class=\"narrow\"><h1>%s</h1>\n", T(r, "Choose a new password"));
    web_form_error(r, error);
    H(r, "<form method=\"post\" action=\"/reset/%s\">", req_param(r, 0));
    web_csrf_field(r);
    H(r, "<input type=\"text\" name=\"username\" autocomplete=\"username\" value=\"%s\" hidden>", p->email);
    H(r,
      "<p><label for=\"password\">%s</label><input id=\"password\" name=\"password\" type=\"password\" "
      "autocomplete=\"new-password\" minlength=\"10\" maxlength=\"256\" required aria-describedby=\"pw-help\">"
      "<small id=\"pw-help\">%s</small></p>",
      T(r, "New password"), T(r, "At least 10 characters."));
    H(r, "<p><button type=\"submit\">%s</button></p></form></section>\n", T(r, "Change password"));
}

/* GET /reset/{token} */
int web_reset_page(struct req *r) {
    struct person *p = reset_find(db_thread(), &r->arena, req_param(r, 0));
    if (!p) return resp_error(r, 404, N_("This reset link is invalid, used or expired."));
    reset_form(r, p, NULL);
    return page_end(r);
}

/* POST /reset/{token}: password. Every session of the person ends; this
 * browser gets a fresh one. */
int web_reset(struct req *r) {
    struct db *db = db_thread();
    struct person *p = reset_find(db, &r->arena, req_param(r, 0));
    if (!p) return resp_error(r, 404, N_("This reset link is invalid, used or expired."));
    int64_t id = 0;
    struct err e = {0};
    int rc = reset_use(db, &r->arena, req_param(r, 0), req_form(r, "password"), &id, &e);
    if (rc == ERR_INVALID) {
        reset_form(r, p, e.msg);
        page_end(r);
        return 400;
    }
    if (rc) return resp_error(r, rc, e.msg);
    const char *old = req_cookie(r, "ruche_session");
    if (old) session_destroy(db, old);
    char token[TOKEN_CHARS + 1];
    if (session_create(db, id, server_config()->session_days, token)) return resp_error(r, 500, NULL);
    resp_cookie(r, "ruche_session", token, (long)server_config()->session_days * 86400);
    return resp_redirect(r, "/settings/password?done=password");
}

/* POST /people/{handle}/reset-link (administrators): shows a new link once. */
int web_reset_link(struct req *r) {
    struct db *db = db_thread();
    struct person *p = people_view_handle(db, &r->arena, r->me, req_param(r, 0));
    if (!p) return resp_error(r, 404, NULL);
    char token[TOKEN_CHARS + 1];
    struct err e = {0};
    int rc = reset_create_for(db, r->me, p, server_config()->reset_token_minutes, token, &e);
    if (rc) return resp_error(r, rc, e.msg);
    page_begin(r, T(r, "Password reset link"));
    H(r, "<section class=\"narrow\"><h1>%s</h1>\n<p>%s <strong>%s</strong></p>\n", T(r, "Password reset link"),
      T(r, "Give this link to"), p->name);
    H(r, "<p><input type=\"text\" readonly aria-label=\"%s\" value=\"%s/reset/%s\"></p>\n", T(r, "Password reset link"),
      server_config()->public_url, token);
    H(r, "<p>%s</p>\n",
      web_count(r, "It works once, within %d minute, and is not shown again.",
                "It works once, within %d minutes, and is not shown again.", server_config()->reset_token_minutes));
    H(r, "<p><a href=\"/people/%s\">%s</a></p></section>\n", p->handle, p->name);
    return page_end(r);
}
