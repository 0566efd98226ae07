/* The home page: a greeting, one's profile at a glance, and where to go.
 * (The activity stream arrives with the social core.) */
#include "core/policy.h"
#include "db/db.h"
#include "web/pages.h"
#include "web/web.h"

int web_home(struct req *r) {
    page_begin(r, T(r, "Home"));
    web_notice(r);
    H(r, "<h1>%s, %s</h1>\n", T(r, "Welcome"), r->me->name);
    H(r, "<div class=\"grid\">\n<section class=\"panel\"><h2>%s</h2><ul class=\"cards\">", T(r, "Your profile"));
    web_person_card(r, r->me);
    H(r, "</ul><p><a href=\"/people/%s/edit\">%s</a></p></section>\n", r->me->handle, T(r, "Edit profile"));
    if (policy_allows(r->me, ACT_BROWSE_DIRECTORY, NULL)) {
        H(r, "<section class=\"panel\"><h2>%s</h2><form method=\"get\" action=\"/people\" role=\"search\">", T(r, "Find a colleague"));
        H(r, "<label for=\"home-q\">%s</label><input id=\"home-q\" name=\"q\" type=\"search\" maxlength=\"200\">"
             "<button type=\"submit\">%s</button></form>",
          T(r, "Name, title or expertise"), T(r, "Search"));
        struct person **reports;
        int n;
        if (!people_reports(db_thread(), &r->arena, r->me->id, &reports, &n) && n) {
            H(r, "<h3>%s</h3><ul class=\"cards\">", T(r, "Your team"));
            for (int i = 0; i < n && i < 8; i++) web_person_card(r, reports[i]);
            H(r, "</ul>");
        }
        H(r, "</section>\n");
    }
    H(r, "</div>\n");
    return page_end(r);
}
