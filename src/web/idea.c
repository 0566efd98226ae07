/* Ideas in the pages: status, score and the vote buttons on cards; the
 * moderators' status form on the idea's page; the vote form of ideas and
 * polls (POST /items/{id}/vote) and the status form's target. */
#include <stdlib.h>
#include <string.h>

#include "core/idea.h"
#include "core/policy.h"
#include "core/poll.h"
#include "db/db.h"
#include "lib/i18n.h"
#include "lib/text.h"
#include "web/pages.h"
#include "web/qa.h"
#include "web/web.h"

static const char *const statuses[] = {"new", "review", "planned", "done", "declined"};

const char *idea_status_label(const char *s) {
    if (!strcmp(s, "review")) return N_("Under review");
    if (!strcmp(s, "planned")) return N_("Planned");
    if (!strcmp(s, "done")) return N_("Done");
    if (!strcmp(s, "declined")) return N_("Declined");
    return N_("New");
}

int idea_status_ok(const char *s) { return idea_status_valid(s); }

static void vote_button(struct req *r, int64_t id, int value, const char *label, int pressed) {
    H(r, "<form method=\"post\" action=\"/items/%lld/vote\" class=\"inline\">", (long long)id);
    web_csrf_field(r);
    H(r,
      "<input type=\"hidden\" name=\"value\" value=\"%d\"><input type=\"hidden\" name=\"next\" value=\"%s\">"
      "<button type=\"submit\" class=\"secondary\" aria-pressed=\"%s\">%s</button></form> ",
      value, r->path, pressed ? "true" : "false", label);
}

void web_idea_block(struct req *r, const struct item *it, int full) {
    struct idea_state s;
    idea_state(db_thread(), &r->arena, it->id, r->me ? r->me->id : 0, &s);
    H(r,
      "<div class=\"idea\"><p><span class=\"badge status-%s\">%s</span> <strong class=\"score\">%s</strong> "
      "<small>(%s, %s)</small></p>",
      s.status, T(r, idea_status_label(s.status)), web_count(r, "Score: %d", "Score: %d", (long)s.score),
      web_count(r, "%d for", "%d for", (long)s.votes_for),
      web_count(r, "%d against", "%d against", (long)s.votes_against));
    if (*s.status_comment) H(r, "<blockquote class=\"status-comment\">%s</blockquote>", s.status_comment);
    if (policy_item(r->me, ACT_VOTE, it) && !idea_status_closed(s.status)) {
        H(r, "<div class=\"votes\">");
        vote_button(r, it->id, s.my_vote == 1 ? 0 : 1, s.my_vote == 1 ? T(r, "Withdraw my vote for") : T(r, "Vote for"),
                    s.my_vote == 1);
        vote_button(r, it->id, s.my_vote == -1 ? 0 : -1,
                    s.my_vote == -1 ? T(r, "Withdraw my vote against") : T(r, "Vote against"), s.my_vote == -1);
        H(r, "</div>");
    } else if (idea_status_closed(s.status)) {
        H(r, "<p><small>%s</small></p>", T(r, "Voting is closed: this idea is done or declined."));
    }
    if (full && policy_item(r->me, ACT_SET_STATUS, it)) {
        H(r, "<form method=\"post\" action=\"/items/%lld/status\" class=\"status-form\">", (long long)it->id);
        web_csrf_field(r);
        H(r, "<label for=\"idea-status\">%s</label><select id=\"idea-status\" name=\"status\">", T(r, "Status"));
        for (size_t i = 0; i < sizeof statuses / sizeof *statuses; i++)
            H(r, "<option value=\"%s\"%s>%s</option>", statuses[i], strcmp(statuses[i], s.status) ? "" : " selected",
              T(r, idea_status_label(statuses[i])));
        H(r,
          "</select><label for=\"idea-status-comment\">%s</label><textarea id=\"idea-status-comment\" "
          "name=\"status_comment\" rows=\"2\" maxlength=\"1000\">%s</textarea><p><button "
          "type=\"submit\">%s</button></p></form>",
          T(r, "Comment for the author and voters"), s.status_comment, T(r, "Set the status"));
    }
    H(r, "</div>");
}

/* POST /items/{id}/vote: value=1|-1|0 (ideas); option=i... or withdraw=1 (polls) */
int web_item_vote(struct req *r) {
    int64_t id = text_parse_id(req_param(r, 0));
    struct item *it = item_get(db_thread(), &r->arena, r->me, id);
    if (!it || (strcmp(it->type, "idea") && strcmp(it->type, "poll"))) return resp_error(r, 404, NULL);
    struct err e = {0};
    int rc;
    if (!strcmp(it->type, "idea")) {
        const char *v = req_form(r, "value");
        if (!v || (strcmp(v, "1") && strcmp(v, "-1") && strcmp(v, "0")))
            return resp_error(r, 400, N_("value is 1 (for) or -1 (against)."));
        rc = idea_vote(db_thread(), &r->arena, r->me, id, v[0] == '-' ? -1 : v[0] == '1', &e);
    } else {
        int64_t choices[POLL_OPTIONS_MAX];
        int n = 0;
        int withdraw = req_form(r, "withdraw") != NULL;
        for (const struct kv *f = r->form; f && !withdraw; f = f->next) {
            if (f->filename || (strcmp(f->key, "option") && strcmp(f->key, "option[]")))
                continue; /* [] for checkboxes */
            if (n == POLL_OPTIONS_MAX) return resp_error(r, 400, N_("Choose among the poll's options."));
            char *end;
            choices[n] = strtoll(f->value ? f->value : "", &end, 10);
            if (!f->value || !*f->value || *end) return resp_error(r, 400, N_("Choose among the poll's options."));
            n++;
        }
        if (!n && !withdraw) return resp_error(r, 400, N_("Choose an option first."));
        rc = poll_vote(db_thread(), &r->arena, r->me, id, choices, n, &e);
    }
    if (rc) return resp_error(r, rc, e.msg);
    const char *next = req_form(r, "next");
    return resp_redirect(r, next ? web_safe_next(next) : arena_printf(&r->arena, "/items/%lld", (long long)id));
}

/* POST /items/{id}/status: status, status_comment */
int web_idea_status(struct req *r) {
    int64_t id = text_parse_id(req_param(r, 0));
    const char *status = req_form(r, "status"), *comment = req_form(r, "status_comment");
    struct item_input in = {0};
    in.fields = json_object();
    if (status) json_object_set_new(in.fields, "status", json_string(status));
    if (comment) json_object_set_new(in.fields, "status_comment", json_string(comment));
    struct err e = {0};
    int rc = !status ? (e.msg = N_("status is one of new, review, planned, done, declined."), ERR_INVALID)
                     : item_update(db_thread(), &r->arena, r->me, id, &in, &e);
    json_decref(in.fields);
    if (rc) return resp_error(r, rc, e.msg);
    return resp_redirect(r, arena_printf(&r->arena, "/items/%lld?done=saved", (long long)id));
}
