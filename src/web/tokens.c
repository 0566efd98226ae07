/* /settings/tokens: one's API tokens listed (name, scopes, last use,
 * expiry), created with a secret shown once, and revoked. */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "core/apitokens.h"
#include "core/policy.h"
#include "core/session.h"
#include "db/db.h"
#include "lib/text.h"
#include "web/pages.h"
#include "web/web.h"

static const char *day(struct req *r, int64_t t) {
    if (!t) return T(r, "Never");
    time_t tt = (time_t)t;
    struct tm tm;
    gmtime_r(&tt, &tm);
    char s[32];
    strftime(s, sizeof s, "%Y-%m-%d", &tm);
    return arena_strdup(&r->arena, s);
}

static void tokens_page(struct req *r, const char *secret, const char *name, const char *error) {
    struct apitoken *list;
    int n;
    apitoken_list(db_thread(), &r->arena, r->me->id, &list, &n);
    page_begin(r, T(r, "API tokens"));
    H(r, "<section><h1>%s</h1>\n", T(r, "API tokens"));
    H(r, "<nav class=\"tabs\" aria-label=\"%s\"><ul>", T(r, "Settings"));
    web_tab(r, "/settings/password", T(r, "Password"), 0);
    web_tab(r, "/settings/notifications", T(r, "Notifications"), 0);
    web_tab(r, "/settings/tokens", T(r, "API tokens"), 1);
    if (policy_allows(r->me, ACT_MANAGE_WEBHOOKS, NULL)) web_tab(r, "/settings/webhooks", T(r, "Webhooks"), 0);
    H(r, "</ul></nav>\n");
    web_notice(r);
    H(r, "<p>%s</p>\n", T(r, "Other applications use a token to act as you through the API (send it as "
                            "Authorization: Bearer TOKEN). Give each one only the scopes it needs."));
    if (secret) {
        H(r, "<div class=\"notice\" role=\"status\"><p>%s <strong>%s</strong>.</p>", T(r, "Token created:"), name);
        H(r, "<p>%s</p><p><input type=\"text\" class=\"copy\" id=\"new-token\" readonly value=\"%s\" aria-label=\"%s\" "
             "data-copy-label=\"%s\" data-copied-label=\"%s\" data-failed-label=\"%s\"></p></div>\n",
          T(r, "Copy it now: it is shown only once."), secret, T(r, "New token"), T(r, "Copy"),
          T(r, "Copied to the clipboard"), T(r, "Copy failed: select the link and copy it"));
    }
    H(r, "<h2>%s</h2>\n", T(r, "New token"));
    web_form_error(r, error);
    H(r, "<form method=\"post\" action=\"/settings/tokens\">");
    web_csrf_field(r);
    H(r, "<p><label for=\"token-name\">%s</label><input id=\"token-name\" name=\"name\" type=\"text\" required "
         "maxlength=\"100\" value=\"%s\"></p>",
      T(r, "Name"), !secret && name ? name : "");
    H(r, "<fieldset><legend>%s</legend>", T(r, "Scopes"));
    H(r, "<label><input type=\"checkbox\" name=\"read\" value=\"1\" checked> %s</label> ", T(r, "read"));
    H(r, "<label><input type=\"checkbox\" name=\"write\" value=\"1\"> %s</label> ", T(r, "write"));
    if (r->me->role == ROLE_ADMIN)
        H(r, "<label><input type=\"checkbox\" name=\"admin\" value=\"1\"> %s</label>", T(r, "admin"));
    H(r, "</fieldset>");
    H(r, "<p><label for=\"token-expires\">%s</label><select id=\"token-expires\" name=\"expires\">", T(r, "Expires"));
    H(r, "<option value=\"30d\">%s</option><option value=\"90d\" selected>%s</option><option value=\"365d\">%s</option>"
         "<option value=\"\">%s</option></select></p>",
      T(r, "In 30 days"), T(r, "In 90 days"), T(r, "In a year"), T(r, "Never"));
    H(r, "<p><button type=\"submit\">%s</button></p></form>\n", T(r, "Create the token"));
    H(r, "<h2>%s</h2>\n", T(r, "Your tokens"));
    if (!n) H(r, "<p>%s</p>\n", T(r, "You have no API tokens."));
    else {
        H(r, "<div class=\"table-wrap\"><table class=\"tokens\"><thead><tr><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
             "<th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
             "<th scope=\"col\"><span class=\"visually-hidden\">%s</span></th></tr></thead><tbody>\n",
          T(r, "Name"), T(r, "Scopes"), T(r, "Created"), T(r, "Last used"), T(r, "Expires"), T(r, "Actions"));
        int64_t now = db_now();
        for (int i = 0; i < n; i++) {
            const struct apitoken *t = &list[i];
            H(r, "<tr><td>%s</td><td>%s</td><td>%s</td><td>%s</td><td>%s%s</td>", t->name, t->scopes,
              day(r, t->created_at), day(r, t->last_used_at), day(r, t->expires_at),
              t->expires_at && t->expires_at <= now ? T(r, " (expired)") : "");
            H(r, "<td><form method=\"post\" action=\"/settings/tokens/%lld/revoke\">", (long long)t->id);
            web_csrf_field(r);
            H(r, "<button type=\"submit\" class=\"secondary\" aria-label=\"%s %s\">%s</button></form></td></tr>\n",
              T(r, "Revoke"), t->name, T(r, "Revoke"));
        }
        H(r, "</tbody></table></div>\n");
    }
    H(r, "</section>\n");
}

int web_tokens_page(struct req *r) {
    tokens_page(r, NULL, NULL, NULL);
    return page_end(r);
}

int web_token_create(struct req *r) {
    struct db *db = db_thread();
    const char *name = req_form(r, "name");
    char scopes[32] = "";
    static const char *const all[] = {"read", "write", "admin"};
    for (int i = 0; i < 3; i++)
        if (req_form(r, all[i]) && (i < 2 || r->me->role == ROLE_ADMIN))
            snprintf(scopes + strlen(scopes), sizeof scopes - strlen(scopes), "%s%s", *scopes ? " " : "", all[i]);
    struct err e = {0};
    int64_t expires_at;
    int rc = 0;
    char secret[TOKEN_CHARS + 1];
    if (!name || !*name) rc = err_fail(&e, ERR_INVALID, "name", N_("Give the token a name."));
    else if (!*scopes) rc = err_fail(&e, ERR_INVALID, "scopes", N_("Choose at least one scope."));
    else if (!(rc = apitoken_parse_expiry(req_form(r, "expires"), db_now(), &expires_at, &e)))
        rc = apitoken_create(db, r->me->id, name, scopes, expires_at, secret, &e);
    if (rc) {
        tokens_page(r, NULL, name, e.msg);
        page_end(r);
        return rc;
    }
    tokens_page(r, secret, name, NULL);
    return page_end(r);
}

int web_token_revoke(struct req *r) {
    struct err e = {0};
    int rc = apitoken_revoke(db_thread(), r->me->id, text_parse_id(req_param(r, 0)), &e);
    if (rc) return resp_error(r, rc, e.msg);
    return resp_redirect(r, "/settings/tokens?done=token-revoked");
}
