/* Bookmarks in the pages: the address field of the form, and the block on
 * the card — the link, its host, the preview's title and description, and
 * who else shared it. The preview's image is not shown: it would be loaded
 * from another site (the CSP allows only our own images, and the reader's
 * address would leak to that site); the API gives its address to clients
 * (decision 010). */
#include <string.h>

#include "core/bookmark.h"
#include "db/db.h"
#include "lib/text.h"
#include "web/kinds.h"
#include "web/web.h"

void web_bookmark_block(struct req *r, const struct item *it, int full) {
    struct bookmark b;
    if (bookmark_read(db_thread(), &r->arena, r->me, it, &b)) return;
    const char *shown = *b.title ? b.title : text_excerpt(&r->arena, b.url, 100);
    H(r, "<div class=\"bookmark\"><p class=\"bookmark-link\"><a href=\"%s\" rel=\"nofollow ugc noopener noreferrer\">%s</a>"
         " <span class=\"host\">%s</span></p>",
      html_safe_url(b.url), shown, b.host);
    if (!strcmp(b.status, "ok") && *b.description)
        H(r, "<p class=\"bookmark-description\">%s</p>",
          full ? b.description : text_excerpt(&r->arena, b.description, 300));
    else if (!strcmp(b.status, "pending"))
        H(r, "<p class=\"bookmark-pending\"><small>%s</small></p>", T(r, "The page’s preview is on its way."));
    if (b.nalso) {
        H(r, "<p class=\"also-shared\">%s ", T(r, "Also shared by"));
        for (int i = 0; i < b.nalso; i++)
            H(r, "%s<a href=\"/items/%lld\">%s</a>", i ? ", " : "", (long long)b.also[i]->id,
              b.also[i]->author ? b.also[i]->author->name : "?");
        H(r, "</p>");
    }
    H(r, "</div>");
}

void web_bookmark_form(struct req *r, const struct item *cur) {
    const char *url = req_form(r, "url");
    const char *current = url;
    struct bookmark b;
    if (!current && cur && !bookmark_read(db_thread(), &r->arena, r->me, cur, &b)) current = b.url;
    H(r, "<label for=\"url\">%s</label><input id=\"url\" name=\"url\" type=\"url\" maxlength=\"2000\"%s "
         "placeholder=\"https://\" value=\"%s\">",
      T(r, "Address of the page"), cur ? "" : " required", current ? current : "");
}

json_t *web_bookmark_fields(struct req *r, const struct item *cur, int *status) {
    const char *url = req_form(r, "url");
    if (!url || (cur && !*url)) return NULL; /* an edit that leaves the address as it is */
    return json_pack("{s:s}", "url", text_trim(&r->arena, url));
}
