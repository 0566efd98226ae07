/* People pages: the directory with search and filters, and the org chart. */
#include <stdio.h>
#include <string.h>

#include "db/db.h"
#include "web/pages.h"
#include "web/web.h"

void web_person_card(struct req *r, const struct person *p) {
    H(r, "<li class=\"card\"><img src=\"%s\" alt=\"\" width=\"48\" height=\"48\"><div>"
         "<a href=\"/people/%s\">%s</a>",
      web_photo_url(r, p), p->handle, p->name);
    if (p->disabled) H(r, " <span class=\"badge\">%s</span>", T(r, "disabled"));
    if (p->role == ROLE_EXTERNAL) H(r, " <span class=\"badge\">%s</span>", T(r, "external"));
    if (*p->title || *p->department)
        H(r, "<br><small>%s%s%s</small>", p->title, *p->title && *p->department ? " · " : "", p->department);
    H(r, "</div></li>\n");
}

int web_directory(struct req *r) {
    struct db *db = db_thread();
    const char *q = req_query(r, "q"), *dept = req_query(r, "department"), *cursor = req_query(r, "cursor");
    struct person **list;
    int n;
    const char *next;
    struct err e = {0};
    int rc = people_search(db, &r->arena, r->me, q, dept, cursor, 24, &list, &n, &next, &e);
    if (rc) return resp_error(r, rc, e.msg);
    const char **depts;
    int nd;
    people_departments(db, &r->arena, &depts, &nd);
    page_begin(r, T(r, "People"));
    H(r, "<h1>%s</h1>\n<form method=\"get\" action=\"/people\" class=\"search\" role=\"search\">", T(r, "People"));
    H(r, "<label for=\"q\">%s</label><input id=\"q\" name=\"q\" type=\"search\" value=\"%s\" maxlength=\"200\">",
      T(r, "Name, title or expertise"), q ? q : "");
    H(r, "<label for=\"department\">%s</label><select id=\"department\" name=\"department\"><option value=\"\">%s</option>",
      T(r, "Department"), T(r, "All departments"));
    for (int i = 0; i < nd; i++)
        H(r, "<option%s>%s</option>", dept && !strcmp(dept, depts[i]) ? " selected" : "", depts[i]);
    H(r, "</select><button type=\"submit\">%s</button></form>\n", T(r, "Search"));
    if (!n) H(r, "<p>%s</p>\n", T(r, "Nobody matches this search."));
    H(r, "<ul class=\"cards\">\n");
    for (int i = 0; i < n; i++) web_person_card(r, list[i]);
    H(r, "</ul>\n");
    if (next)
        H(r, "<nav aria-label=\"%s\"><a rel=\"next\" href=\"/people?q=%s&amp;department=%s&amp;cursor=%s\">%s</a></nav>\n",
          T(r, "Pages"), url_encode(&r->arena, q ? q : ""), url_encode(&r->arena, dept ? dept : ""), next,
          T(r, "Next page"));
    return page_end(r);
}

/* One level of the chart, then its reports, depth-first with a bound. */
static void org_branch(struct req *r, struct db *db, const struct person *p, int depth, int max_depth) {
    H(r, "<li><a href=\"/people/%s\">%s</a>", p->handle, p->name);
    if (*p->title) H(r, " <small>%s</small>", p->title);
    struct person **reports;
    int n;
    if (!people_reports(db, &r->arena, p->id, &reports, &n) && n) {
        if (depth < max_depth) {
            H(r, "<ul>");
            for (int i = 0; i < n; i++) org_branch(r, db, reports[i], depth + 1, max_depth);
            H(r, "</ul>");
        } else {
            H(r, " <a class=\"more\" href=\"/org?root=%s\">%s</a>", p->handle,
              web_count(r, "%d report", "%d reports", n));
        }
    }
    H(r, "</li>\n");
}

int web_org_chart(struct req *r) {
    struct db *db = db_thread();
    const char *root = req_query(r, "root");
    page_begin(r, T(r, "Org chart"));
    H(r, "<h1>%s</h1>\n<ul class=\"org\">\n", T(r, "Org chart"));
    if (root) {
        struct person *p = people_view_handle(db, &r->arena, r->me, root);
        if (!p) return resp_error(r, 404, NULL);
        org_branch(r, db, p, 0, 3);
    } else {
        struct person **tops;
        int n;
        people_reports(db, &r->arena, 0, &tops, &n);
        for (int i = 0; i < n; i++) org_branch(r, db, tops[i], 0, 2);
    }
    H(r, "</ul>\n");
    return page_end(r);
}
