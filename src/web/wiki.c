/* The wiki kind in the pages: its block on a page (address, revision,
 * history), its fields in the form (address, the revision the edit starts
 * from, the edit's comment), and the conflict shown when someone else
 * saved the page meanwhile: their text, a diff against yours, and the form
 * again on the new revision so that merging loses nothing. */
#include <string.h>

#include "core/policy.h"
#include "core/spaces.h"
#include "core/wiki.h"
#include "db/db.h"
#include "lib/text.h"
#include "web/social.h"
#include "web/web.h"
#include "web/wiki.h"

void web_wiki_block(struct req *r, const struct item *it, int full) {
    struct wiki_page p;
    if (!full || wiki_page_of(db_thread(), &r->arena, it->id, &p)) return;
    H(r, "<p class=\"wiki-meta\">%s %lld", T(r, "Revision"), (long long)p.revision);
    if (it->space)
        H(r, " · <a href=\"/spaces/%s/wiki\">%s</a>", it->space->slug, T(r, "Wiki home"));
    H(r, " · <a href=\"/items/%lld/revisions\">%s</a>", (long long)it->id, T(r, "History"));
    if (p.revision > 1)
        H(r, " · <a href=\"/items/%lld/diff?from=%lld&amp;to=%lld\">%s</a>", (long long)it->id, (long long)p.revision - 1,
          (long long)p.revision, T(r, "Last change"));
    H(r, "</p>");
}

void web_wiki_diff_table(struct req *r, const struct diff *d, int context) {
    H(r, "<table class=\"diff\"><caption>%s</caption><thead><tr><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
         "<th scope=\"col\"><span class=\"visually-hidden\">%s</span></th><th scope=\"col\">%s</th></tr></thead><tbody>",
      arena_printf(&r->arena, "%s, %s", web_count(r, "%d line added", "%d lines added", d->added),
                   web_count(r, "%d line removed", "%d lines removed", d->removed)),
      T(r, "Before"), T(r, "After"), T(r, "Change"), T(r, "Line"));
    int skipped = 0;
    for (int i = 0; i < d->n; i++) {
        const struct diff_line *l = &d->lines[i];
        int near = context < 0;
        for (int k = i - context < 0 ? 0 : i - context; !near && k < d->n && k <= i + context; k++)
            near = d->lines[k].op != DIFF_SAME;
        if (!near) {
            skipped++;
            continue;
        }
        if (skipped) {
            H(r, "<tr class=\"skip\"><td colspan=\"4\">%s</td></tr>",
              web_count(r, "%d unchanged line", "%d unchanged lines", skipped));
            skipped = 0;
        }
        const char *old_no = l->old_no ? arena_printf(&r->arena, "%d", l->old_no) : "";
        const char *new_no = l->new_no ? arena_printf(&r->arena, "%d", l->new_no) : "";
        if (l->op == DIFF_ADD)
            H(r, "<tr class=\"add\"><td>%s</td><td>%s</td><td aria-hidden=\"true\">+</td><td><ins><span class=\"visually-hidden\">%s </span>%s</ins></td></tr>",
              old_no, new_no, T(r, "Added:"), l->text);
        else if (l->op == DIFF_DEL)
            H(r, "<tr class=\"del\"><td>%s</td><td>%s</td><td aria-hidden=\"true\">−</td><td><del><span class=\"visually-hidden\">%s </span>%s</del></td></tr>",
              old_no, new_no, T(r, "Removed:"), l->text);
        else H(r, "<tr><td>%s</td><td>%s</td><td></td><td>%s</td></tr>", old_no, new_no, l->text);
    }
    if (skipped)
        H(r, "<tr class=\"skip\"><td colspan=\"4\">%s</td></tr>", web_count(r, "%d unchanged line", "%d unchanged lines", skipped));
    H(r, "</tbody></table>\n");
}

void web_wiki_form(struct req *r, const struct item *cur) {
    struct db *db = db_thread();
    struct wiki_page p = {0};
    if (cur && wiki_page_of(db, &r->arena, cur->id, &p)) cur = NULL;
    const char *slug = req_form(r, "slug"), *comment = req_form(r, "comment"), *base = req_form(r, "base_revision");
    H(r, "<label for=\"slug\">%s</label><input id=\"slug\" name=\"slug\" type=\"text\" maxlength=\"100\" "
         "aria-describedby=\"slug-help\" value=\"%s\"><small id=\"slug-help\">%s</small>",
      T(r, "Address"), slug ? slug : cur ? p.slug : "", T(r, "Made from the title when left empty."));
    H(r, "<label for=\"comment\">%s</label><input id=\"comment\" name=\"comment\" type=\"text\" maxlength=\"200\" value=\"%s\">",
      T(r, "What did you change? (optional)"), comment ? comment : "");
    if (!cur) return;
    /* the edit goes on from the current revision: after a conflict, the
     * one the person has now seen */
    H(r, "<input type=\"hidden\" name=\"base_revision\" value=\"%lld\">", (long long)p.revision);
    int64_t was = base ? text_parse_id(base) : 0;
    if (!was || was == p.revision) return;
    const char *mine = req_form(r, "body");
    H(r, "<section class=\"conflict\" aria-labelledby=\"conflict-title\"><h2 id=\"conflict-title\">%s</h2>"
         "<p>%s %lld · %s %lld</p><p>%s</p>",
      T(r, "Someone else saved this page"), T(r, "You started from revision"), (long long)was, T(r, "Current revision:"),
      (long long)p.revision,
      T(r, "Your text is kept in the Text field above. The current text and what differs are below: merge them above, "
           "then save."));
    H(r, "<label for=\"current-body\">%s</label><textarea id=\"current-body\" rows=\"10\" readonly>%s</textarea>",
      T(r, "Current text (theirs)"), cur->body);
    struct diff d;
    diff_lines(&r->arena, cur->body, mine ? mine : "", &d);
    H(r, "<h3>%s</h3>", T(r, "From the current text to yours"));
    web_wiki_diff_table(r, &d, 3);
    H(r, "</section>");
}

json_t *web_wiki_fields(struct req *r, const struct item *cur, int *status) {
    json_t *o = json_object();
    const char *slug = req_form(r, "slug"), *base = req_form(r, "base_revision");
    if (slug && *text_trim(&r->arena, slug)) json_object_set_new(o, "slug", json_string(slug));
    if (cur && base) {
        int64_t b = text_parse_id(base);
        if (!b) {
            json_decref(o);
            *status = resp_error(r, 400, N_("base_revision is the number of the revision you edited."));
            return NULL;
        }
        json_object_set_new(o, "base_revision", json_integer(b));
    }
    return o;
}
