/* Administration pages: invitations (the link is shown to the admin until
 * e-mail delivery exists). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/auth.h"
#include "db/db.h"
#include "http/server.h"
#include "lib/text.h"
#include "web/pages.h"
#include "web/web.h"

static const char *day(struct req *r, int64_t t) {
    time_t tt = (time_t)t;
    struct tm tm;
    gmtime_r(&tt, &tm);
    char s[32];
    strftime(s, sizeof s, "%Y-%m-%d", &tm);
    return arena_strdup(&r->arena, s);
}

static void invitations_page(struct req *r, const char *link, const char *email, const char *error) {
    struct invitation **list;
    int n;
    invite_list(db_thread(), &r->arena, r->me, &list, &n);
    page_begin(r, T(r, "Invitations"));
    H(r, "<h1>%s</h1>\n", T(r, "Invitations"));
    web_notice(r);
    if (link) {
        H(r, "<div class=\"notice\"><p>%s <strong>%s</strong>.</p>", T(r, "Invitation created for"), email);
        H(r, "<p>%s</p><p><input type=\"text\" class=\"copy\" readonly value=\"%s\" aria-label=\"%s\" data-copy-label=\"%s\" "
             "data-copied-label=\"%s\" data-failed-label=\"%s\"></p></div>\n",
          T(r, "Send this single-use link to the person; it is valid for 7 days and shown only once:"), link,
          T(r, "Invitation link"), T(r, "Copy"), T(r, "Copied to the clipboard"),
          T(r, "Copy failed: select the link and copy it"));
    }
    web_form_error(r, error);
    H(r, "<form method=\"post\" action=\"/admin/invitations\" class=\"row\">");
    web_csrf_field(r);
    H(r, "<p><label for=\"email\">%s</label><input id=\"email\" name=\"email\" type=\"email\" required value=\"%s\"></p>",
      T(r, "E-mail address"), !link && email ? email : "");
    H(r, "<p><label for=\"role\">%s</label><select id=\"role\" name=\"role\">", T(r, "Role"));
    H(r, "<option value=\"employee\">%s</option><option value=\"external\">%s</option><option value=\"admin\">%s</option>",
      T(r, "Employee"), T(r, "External (partner or customer)"), T(r, "Administrator"));
    H(r, "</select></p><p><button type=\"submit\">%s</button></p></form>\n", T(r, "Invite"));
    H(r, "<h2>%s</h2>\n", T(r, "Pending invitations"));
    if (!n) H(r, "<p>%s</p>\n", T(r, "No pending invitations."));
    else {
        H(r, "<div class=\"table-wrap\"><table><thead><tr><th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
             "<th scope=\"col\">%s</th><th scope=\"col\"><span class=\"visually-hidden\">%s</span></th></tr></thead><tbody>\n",
          T(r, "E-mail address"), T(r, "Role"), T(r, "Invited by"), T(r, "Expires"), T(r, "Actions"));
        for (int i = 0; i < n; i++) {
            H(r, "<tr><td>%s</td><td>%s</td><td>%s</td><td>%s</td><td><form method=\"post\" action=\"/admin/invitations/%lld/revoke\">",
              list[i]->email, role_name(list[i]->role), list[i]->invited_by_name, day(r, list[i]->expires_at),
              (long long)list[i]->id);
            web_csrf_field(r);
            H(r, "<button type=\"submit\" class=\"secondary\">%s</button></form></td></tr>\n", T(r, "Withdraw"));
        }
        H(r, "</tbody></table></div>\n");
    }
}

int web_invitations(struct req *r) {
    invitations_page(r, NULL, NULL, NULL);
    return page_end(r);
}

int web_invite_create(struct req *r) {
    char token[TOKEN_CHARS + 1];
    struct err e = {0};
    const char *email = req_form(r, "email");
    int rc = invite_create(db_thread(), &r->arena, r->me, email, req_form(r, "role"), token, &e);
    if (rc) {
        invitations_page(r, NULL, email, e.msg);
        page_end(r);
        return rc;
    }
    const char *link = arena_printf(&r->arena, "%s/invite/%s", server_config()->public_url, token);
    /* With SMTP configured the link also goes by e-mail, in the admin's language. */
    int mailed = server_config()->smtp_url[0] && !invite_mail(db_thread(), &r->arena, r->me, email, link, r->lang);
    invitations_page(r, link, email, NULL);
    if (mailed) H(r, "<p class=\"notice\" role=\"status\">%s</p>\n", T(r, "The link is also sent by e-mail."));
    page_end(r);
    return 201;
}

int web_invite_revoke(struct req *r) {
    int64_t id = text_parse_id(req_param(r, 0));
    if (!id) return resp_error(r, 404, NULL);
    struct err e = {0};
    int rc = invite_revoke(db_thread(), r->me, id, &e);
    if (rc) return resp_error(r, rc, e.msg);
    return resp_redirect(r, "/admin/invitations?done=revoked");
}
