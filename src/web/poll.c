/* Polls in the pages: the results as a bar chart drawn by the server (an
 * SVG with a title, a description and text labels, readable without
 * JavaScript) followed by the same figures as a table; the vote form; who
 * voted for what when the author shows voters; the poll's fields in the
 * creation and edit forms. */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/policy.h"
#include "core/poll.h"
#include "db/db.h"
#include "lib/i18n.h"
#include "lib/text.h"
#include "web/qa.h"
#include "web/social.h"
#include "web/web.h"

static int percent(const struct poll_state *s, int i) {
    return s->voters ? (int)((s->votes[i] * 100 + s->voters / 2) / s->voters) : 0;
}

/* The chart: one labelled bar per option, widths in percent of voters. */
static void chart(struct req *r, const struct item *it, const struct poll_state *s) {
    int h = s->noptions * 44 + 8;
    const char *summary = web_count(r, "%d person voted.", "%d people voted.", (long)s->voters);
    H(r,
      "<svg class=\"poll-chart\" role=\"img\" viewBox=\"0 0 600 %d\" width=\"600\" height=\"%d\" "
      "preserveAspectRatio=\"xMinYMin meet\" aria-label=\"%s\" xmlns=\"http://www.w3.org/2000/svg\">"
      "<title>%s</title><desc>%s</desc>",
      h, h, arena_printf(&r->arena, "%s — %s", T(r, "Results"), it->title), it->title, summary);
    for (int i = 0; i < s->noptions; i++) {
        int y = i * 44 + 4, p = percent(s, i);
        const char *label = arena_printf(&r->arena, "%s — %s (%d %%)", s->options[i],
                                         web_count(r, "%d vote", "%d votes", (long)s->votes[i]), p);
        H(r, "<text x=\"0\" y=\"%d\" class=\"poll-label\">%s%s</text>", y + 14, s->mine[i] ? "✓ " : "", label);
        H(r, "<rect x=\"0\" y=\"%d\" width=\"600\" height=\"14\" rx=\"3\" class=\"poll-track\"/>", y + 20);
        if (p) H(r, "<rect x=\"0\" y=\"%d\" width=\"%d\" height=\"14\" rx=\"3\" class=\"poll-bar\"/>", y + 20, p * 6);
    }
    H(r, "</svg>");
}

static void table(struct req *r, const struct poll_state *s, int full) {
    H(r,
      "<table class=\"poll-results\"><caption>%s</caption><thead><tr><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
      "<th scope=\"col\">%%</th>",
      web_count(r, "%d person voted.", "%d people voted.", (long)s->voters), T(r, "Option"), T(r, "Votes"));
    if (full && s->voters_visible) H(r, "<th scope=\"col\">%s</th>", T(r, "Voters"));
    H(r, "</tr></thead><tbody>");
    for (int i = 0; i < s->noptions; i++) {
        H(r, "<tr><th scope=\"row\">%s</th><td>%lld</td><td>%d</td>", s->options[i], (long long)s->votes[i],
          percent(s, i));
        if (full && s->voters_visible) {
            H(r, "<td>");
            for (int k = 0; k < s->nvoter_ids[i]; k++) {
                struct person *p = people_cached(db_thread(), &r->arena, s->voter_ids[i][k]);
                if (p) H(r, "%s%s", k ? ", " : "", p->name);
            }
            if (s->votes[i] > s->nvoter_ids[i]) H(r, " …");
            H(r, "</td>");
        }
        H(r, "</tr>");
    }
    H(r, "</tbody></table>");
}

void web_poll_block(struct req *r, const struct item *it, int full) {
    struct poll_state s;
    if (poll_state(db_thread(), &r->arena, it->id, r->me ? r->me->id : 0, &s)) return;
    H(r, "<div class=\"poll\">");
    if (s.closes_at) {
        H(r, "<p><small>%s ", s.closed ? T(r, "Closed on") : T(r, "Closes on"));
        web_time(r, s.closes_at);
        H(r, "</small></p>");
    }
    int can = policy_item(r->me, ACT_VOTE, it) && !s.closed;
    if (can) {
        H(r, "<form method=\"post\" action=\"/items/%lld/vote\" class=\"poll-vote\">", (long long)it->id);
        web_csrf_field(r);
        H(r, "<input type=\"hidden\" name=\"next\" value=\"%s\"><fieldset><legend>%s</legend>", r->path,
          s.multiple ? T(r, "Choose one or more") : T(r, "Choose one"));
        for (int i = 0; i < s.noptions; i++)
            H(r, "<label><input type=\"%s\" name=\"%s\" value=\"%d\"%s> %s</label>", s.multiple ? "checkbox" : "radio",
              s.multiple ? "option[]" : "option", i, s.mine[i] ? " checked" : "", s.options[i]);
        H(r, "</fieldset><p><button type=\"submit\">%s</button>", s.voted ? T(r, "Change my vote") : T(r, "Vote"));
        if (s.voted)
            H(r, " <button type=\"submit\" name=\"withdraw\" value=\"1\" class=\"secondary\">%s</button>",
              T(r, "Withdraw my vote"));
        H(r, "</p></form>");
    }
    chart(r, it, &s);
    table(r, &s, full);
    if (!s.voters_visible) H(r, "<p><small>%s</small></p>", T(r, "Votes are secret."));
    H(r, "</div>");
}

void web_poll_form(struct req *r, const struct item *cur) {
    struct poll_state s = {.voters_visible = 1};
    if (cur) poll_state(db_thread(), &r->arena, cur->id, 0, &s);
    int fixed = s.voters > 0;
    struct buf b = {0};
    const char *posted = req_form(r, "options");
    if (!posted)
        for (int i = 0; i < s.noptions; i++)
            buf_printf(&b, "%s%s", i ? "\n" : "", s.options[i]);
    H(r, "<input type=\"hidden\" name=\"poll_form\" value=\"1\">");
    H(r,
      "<label for=\"poll-options\">%s</label><textarea id=\"poll-options\" name=\"options\" rows=\"5\" "
      "maxlength=\"4100\"%s "
      "aria-describedby=\"poll-options-help\">%s</textarea><small id=\"poll-options-help\">%s</small>",
      T(r, "Options"), fixed ? " disabled" : " required",
      posted   ? posted
      : b.data ? b.data
               : "",
      fixed ? T(r, "The options are fixed once someone has voted.") : T(r, "One per line, 2 to 20."));
    buf_free(&b);
    int multiple = req_form(r, "poll_form") ? req_form(r, "multiple") != NULL : s.multiple;
    int visible = req_form(r, "poll_form") ? req_form(r, "voters_visible") != NULL : s.voters_visible;
    H(r, "<label class=\"check\"><input type=\"checkbox\" name=\"multiple\" value=\"1\"%s%s> %s</label>",
      multiple ? " checked" : "", fixed ? " disabled" : "", T(r, "Several choices allowed"));
    H(r, "<label class=\"check\"><input type=\"checkbox\" name=\"voters_visible\" value=\"1\"%s%s> %s</label>",
      visible ? " checked" : "", fixed && !s.voters_visible ? " disabled" : "", T(r, "Show who voted for what"));
    char when[32] = "";
    const char *posted_when = req_form(r, "closes_at");
    if (!posted_when && s.closes_at) {
        time_t t = (time_t)s.closes_at;
        struct tm tm;
        gmtime_r(&t, &tm);
        strftime(when, sizeof when, "%Y-%m-%dT%H:%M", &tm);
    }
    H(r,
      "<label for=\"poll-closes\">%s</label><input id=\"poll-closes\" name=\"closes_at\" type=\"datetime-local\" "
      "value=\"%s\" aria-describedby=\"poll-closes-help\"><small id=\"poll-closes-help\">%s</small>",
      T(r, "Closes at (UTC)"), posted_when ? posted_when : when, T(r, "Leave empty to keep it open."));
}

json_t *web_poll_fields(struct req *r, const struct item *cur, int *status) {
    (void)status;
    json_t *o = json_object();
    const char *opts = req_form(r, "options");
    if (opts) { /* absent: disabled (fixed) */
        json_t *arr = json_array();
        char *copy = arena_strdup(&r->arena, opts);
        for (char *save, *line = strtok_r(copy, "\r\n", &save); line; line = strtok_r(NULL, "\r\n", &save)) {
            const char *t = text_trim(&r->arena, line);
            if (!*t) continue;
            json_t *js = json_string(t); /* NULL for invalid UTF-8: refused by core as an empty option */
            json_array_append_new(arr, js ? js : json_string(""));
        }
        json_object_set_new(o, "options", arr);
    }
    if (req_form(r, "poll_form")) {
        struct poll_state s = {.voters_visible = 1};
        if (cur) poll_state(db_thread(), &r->arena, cur->id, 0, &s);
        if (!(cur && s.voters)) json_object_set_new(o, "multiple", json_boolean(req_form(r, "multiple") != NULL));
        if (!(cur && s.voters && !s.voters_visible))
            json_object_set_new(o, "voters_visible", json_boolean(req_form(r, "voters_visible") != NULL));
        const char *when = req_form(r, "closes_at");
        if (when && *when) /* datetime-local: "2030-01-31T18:00", in UTC as the label says */
            json_object_set_new(o, "closes_at",
                                json_string(strlen(when) == 16 ? arena_printf(&r->arena, "%s:00Z", when) : when));
        else if (when)
            json_object_set_new(o, "closes_at", json_null());
    }
    return o;
}
