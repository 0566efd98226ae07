/* The frame of every page: head with CSP-nonced script, header navigation,
 * language switch, footer; and the error page. */
#include <stdio.h>
#include <string.h>

#include "core/notify.h"
#include "core/spaces.h"
#include "db/db.h"
#include "http/assets.h"
#include "web/web.h"

static void nav_link(struct req *r, const char *href, const char *label) {
    int current = !strcmp(r->path, href) || (strcmp(href, "/") && !strncmp(r->path, href, strlen(href)));
    if (current)
        H(r, "<li><a href=\"%s\" aria-current=\"page\">%s</a></li>", href, label);
    else
        H(r, "<li><a href=\"%s\">%s</a></li>", href, label);
}

const char *web_photo_url(struct req *r, const struct person *p) {
    /* photos are for signed-in readers (anonymous ones read public spaces) */
    if (p->photo_version <= 0 || !r->me) return assets_url("avatar.svg");
    return arena_printf(&r->arena, "/people/%s/photo?v=%lld", p->handle, (long long)p->photo_version);
}

/* "My spaces": a disclosure in the navigation (no script needed), from the
 * cached memberships. */
static void my_spaces(struct req *r) {
    const struct space **mine;
    int n;
    space_mine(db_thread(), &r->arena, r->me, &mine, &n);
    if (!n) return;
    H(r, "<li class=\"my-spaces\"><details><summary>%s</summary><ul>", T(r, "My spaces"));
    for (int i = 0; i < n && i < 30; i++) H(r, "<li><a href=\"/spaces/%s\">%s</a></li>", mine[i]->slug, mine[i]->name);
    if (n > 30) H(r, "<li><a href=\"/spaces?mine=1\">%s</a></li>", T(r, "All my spaces"));
    H(r, "</ul></details></li>");
}

void page_begin(struct req *r, const char *title) {
    r->content_type = "text/html; charset=utf-8";
    buf_reset(&r->out);
    buf_reserve(&r->out, 32 * 1024); /* a stream page is ~20 KB: no regrowth */
    H(r,
      "<!DOCTYPE html>\n<html lang=\"%s\">\n<head>\n<meta charset=\"utf-8\">\n"
      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
      "<title>%s · Ruche</title>\n<meta name=\"csrf-token\" content=\"%s\">\n"
      "<link rel=\"stylesheet\" href=\"%s\">\n<link rel=\"icon\" href=\"%s\" type=\"image/svg+xml\">\n"
      "<script src=\"%s\" nonce=\"%s\" defer></script>\n<script src=\"%s\" nonce=\"%s\" defer></script>\n",
      i18n_code(r->lang), title, r->csrf, assets_url("app.css"), assets_url("icon.svg"), assets_url("app.js"),
      r->nonce, assets_url("live.js"), r->nonce);
    if (r->feed_href) /* before </head>: the Atom feed of this page (web/feed.c) */
        H(r, "<link rel=\"alternate\" type=\"application/atom+xml\" href=\"%s\">\n", r->feed_href);
    H(r, "</head>\n<body>\n");
    H(r, "<a class=\"skip\" href=\"#main\">%s</a>\n<header class=\"top\">\n<a class=\"brand\" href=\"/\">Ruche</a>\n",
      T(r, "Skip to content"));
    if (r->me) {
        H(r, "<nav aria-label=\"%s\"><ul>", T(r, "Main"));
        nav_link(r, "/", T(r, "Home"));
        if (r->me->role != ROLE_EXTERNAL) {
            nav_link(r, "/company", T(r, "Company"));
            nav_link(r, "/people", T(r, "People"));
            nav_link(r, "/org", T(r, "Org chart"));
        }
        nav_link(r, "/spaces", T(r, "Spaces"));
        my_spaces(r);
        if (r->me->role == ROLE_ADMIN) nav_link(r, "/admin/invitations", T(r, "Invitations"));
        int unread = notify_unread(db_thread(), r->me->id);
        /* markup is never an argument of H(): it would be escaped */
        if (!strcmp(r->path, "/notifications"))
            H(r, "<li><a href=\"/notifications\" class=\"notifications\" aria-current=\"page\">");
        else
            H(r, "<li><a href=\"/notifications\" class=\"notifications\">");
        H(r, "%s <span class=\"count\" data-unread=\"%d\"%s>%s</span></a></li>", T(r, "Notifications"), unread,
          unread ? "" : " hidden", unread >= 100 ? "99+" : arena_printf(&r->arena, "%d", unread));
        H(r, "</ul></nav>\n");
        /* the search box, on every page (web/search.c) */
        H(r, "<form method=\"get\" action=\"/search\" class=\"top-search\" role=\"search\" aria-label=\"%s\">"
             "<label for=\"top-search-q\" class=\"visually-hidden\">%s</label>"
             "<input id=\"top-search-q\" name=\"q\" type=\"search\" maxlength=\"200\" placeholder=\"%s\">"
             "<button type=\"submit\">%s</button></form>\n",
          T(r, "Search Ruche"), T(r, "Search for"), T(r, "Search people, spaces, posts…"), T(r, "Search"));
        H(r, "<div class=\"me\"><a href=\"/people/%s\"><img src=\"%s\" alt=\"\" width=\"32\" height=\"32\">"
             "<span>%s</span></a>",
          r->me->handle, web_photo_url(r, r->me), r->me->name);
        H(r, "<a class=\"settings\" href=\"/settings/password\">%s</a>", T(r, "Settings"));
        H(r, "<form method=\"post\" action=\"/logout\" class=\"inline logout\">");
        web_csrf_field(r);
        H(r, "<button type=\"submit\" class=\"link\">%s</button></form></div>\n", T(r, "Sign out"));
    } else {
        H(r, "<nav aria-label=\"%s\"><ul>", T(r, "Main"));
        nav_link(r, "/spaces", T(r, "Spaces"));
        H(r, "</ul></nav>\n<div class=\"me\"><a href=\"/login?next=%s\">%s</a></div>\n",
          url_encode(&r->arena, web_safe_next(r->path)), T(r, "Sign in"));
    }
    H(r, "</header>\n<main id=\"main\" tabindex=\"-1\">\n");
}

int page_end(struct req *r) {
    H(r, "</main>\n<footer>\n<form method=\"post\" action=\"/lang\" class=\"lang\">");
    web_csrf_field(r);
    H(r, "<input type=\"hidden\" name=\"next\" value=\"%s%s\">", r->path, req_query_string(r));
    H(r, "<label for=\"lang-select\">%s</label> <select id=\"lang-select\" name=\"lang\">", T(r, "Language"));
    H(r, "<option value=\"en\"%s>English</option>", r->lang == LANG_EN ? " selected" : "");
    H(r, "<option value=\"fr\"%s>Français</option>", r->lang == LANG_FR ? " selected" : "");
    H(r, "</select> <button type=\"submit\">%s</button></form>\n", T(r, "Change language"));
    H(r, "<p>Ruche</p>\n</footer>\n</body>\n</html>\n");
    return 200;
}

void web_tab(struct req *r, const char *href, const char *label, int current) {
    if (current) H(r, "<li><a href=\"%s\" aria-current=\"page\">%s</a></li>", href, label);
    else H(r, "<li><a href=\"%s\">%s</a></li>", href, label);
}

void web_csrf_field(struct req *r) { H(r, "<input type=\"hidden\" name=\"csrf\" value=\"%s\">", r->csrf); }

void web_notice(struct req *r) {
    static const struct {
        const char *key, *msg;
    } notices[] = {
        {"saved", N_("Your changes are saved.")},
        {"password", N_("Your password is changed.")},
        {"photo", N_("Your photo is updated.")},
        {"photo-removed", N_("The photo is removed.")},
        {"account", N_("The account is updated.")},
        {"revoked", N_("The invitation is withdrawn.")},
        {"welcome", N_("Welcome! Your account is ready.")},
        {"posted", N_("It is posted.")},
        {"draft", N_("The draft is saved; only you can see it.")},
        {"published", N_("It is published.")},
        {"restored", N_("The revision is restored as a new revision.")},
        {"token-revoked", N_("The token is revoked; it no longer works.")},
    };
    const char *done = req_query(r, "done");
    if (!done) return;
    for (size_t i = 0; i < sizeof notices / sizeof notices[0]; i++)
        if (!strcmp(done, notices[i].key))
            H(r, "<p class=\"notice\" role=\"status\">%s</p>\n", T(r, notices[i].msg));
}

void web_form_error(struct req *r, const char *msg) {
    if (msg) H(r, "<p class=\"error\" role=\"alert\">%s</p>\n", T(r, msg));
}

const char *web_count(struct req *r, const char *one, const char *many, long n) {
    const char *fmt = TN(r, one, many, n), *at = strstr(fmt, "%d");
    if (!at) return fmt;
    return arena_printf(&r->arena, "%.*s%ld%s", (int)(at - fmt), fmt, n, at + 2);
}

const char *web_safe_next(const char *next) {
    if (!next || next[0] != '/' || next[1] == '/' || next[1] == '\\' || strpbrk(next, "\r\n\t")) return "/";
    return next;
}

void web_error_page(struct req *r, int status, const char *detail) {
    const char *title;
    r->feed_href = NULL; /* an error page links no feed */
    switch (status) {
    case 400: title = N_("The request is not valid"); break;
    case 401: title = N_("Sign in required"); break;
    case 403: title = N_("Not allowed"); break;
    case 404: title = N_("Page not found"); break;
    case 405: title = N_("Method not allowed"); break;
    case 413: title = N_("Too large"); break;
    case 415: title = N_("Unsupported format"); break;
    case 429: title = N_("Too many attempts"); break;
    case 503: title = N_("Unavailable"); break;
    default: title = status >= 500 ? N_("Something went wrong") : N_("The request is not valid"); break;
    }
    if (!detail && status == 404) detail = N_("There is nothing here, or you may not see it.");
    page_begin(r, T(r, title));
    H(r, "<h1>%s</h1>\n", T(r, title));
    if (detail) H(r, "<p>%s</p>\n", T(r, detail));
    if (!r->me && (status == 404 || status == 401))
        H(r, "<p><a href=\"/login?next=%s\">%s</a></p>\n", url_encode(&r->arena, web_safe_next(r->path)),
          T(r, "Sign in to see more"));
    H(r, "<p><a href=\"/\">%s</a></p>\n", T(r, "Back to the home page"));
    page_end(r);
}
