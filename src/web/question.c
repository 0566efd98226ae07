/* Questions in the pages: answered or not on cards, the accepted answer
 * first on the question's page, "Accept this answer" on each answer, the
 * similar questions of the ask form (server-rendered; assets/questions.js
 * refreshes them as the title is typed), and the lists answered or not. */
#include <string.h>

#include "core/comments.h"
#include "core/kind_query.h"
#include "core/policy.h"
#include "core/question.h"
#include "db/db.h"
#include "http/assets.h"
#include "lib/i18n.h"
#include "lib/markdown.h"
#include "lib/text.h"
#include "web/kinds.h"
#include "web/pages.h"
#include "web/qa.h"
#include "web/social.h"
#include "web/web.h"

void web_question_block(struct req *r, const struct item *it, int full) {
    struct question_state s;
    question_state(db_thread(), it->id, &s);
    if (!full) {
        H(r, "<p class=\"qa-state\"><span class=\"badge%s\">%s</span> %s</p>", s.accepted_comment ? " ok" : "",
          s.accepted_comment ? T(r, "Answered") : T(r, "Unanswered"),
          web_count(r, "%d answer", "%d answers", (long)it->comments_count));
        return;
    }
    if (!s.accepted_comment) {
        H(r, "<p class=\"qa-state\"><span class=\"badge\">%s</span> %s</p>", T(r, "Unanswered"),
          policy_item(r->me, ACT_ACCEPT_ANSWER, it)
              ? T(r, "Accept the answer that solved it: the others will find it first.")
              : "");
        return;
    }
    struct comment *c = comment_get(db_thread(), &r->arena, r->me, s.accepted_comment);
    if (!c) return;
    H(r, "<section class=\"accepted-answer\" aria-labelledby=\"accepted-heading\"><h2 id=\"accepted-heading\">%s</h2>",
      T(r, "Accepted answer"));
    H(r, "<p><a class=\"author\" href=\"/people/%s\">%s</a> · <a href=\"#comment-%lld\">%s</a></p><div class=\"body\">",
      c->author ? c->author->handle : "", c->author ? c->author->name : "?", (long long)c->id,
      T(r, "See it in the thread"));
    html_markdown(&r->out, (struct markup){c->body_html});
    H(r, "</div></section>");
}

void web_question_comment(struct req *r, const struct item *it, const struct comment *c) {
    struct question_state s;
    question_state(db_thread(), it->id, &s); /* one small read per answer */
    int accepted = s.accepted_comment == c->id;
    if (accepted) H(r, " <strong class=\"badge ok accepted\">%s</strong>", T(r, "✓ Accepted answer"));
    if (!policy_item(r->me, ACT_ACCEPT_ANSWER, it)) return;
    H(r, " <form method=\"post\" action=\"/items/%lld/accept\" class=\"inline\">", (long long)it->id);
    web_csrf_field(r);
    H(r,
      "<input type=\"hidden\" name=\"comment\" value=\"%lld\"><button type=\"submit\" "
      "class=\"link\">%s</button></form>",
      accepted ? 0LL : (long long)c->id, accepted ? T(r, "Unaccept") : T(r, "Accept this answer"));
}

/* The suggestions for a title (none for an empty one). */
static void similar_list(struct req *r, const char *title, int64_t space_id) {
    struct item **list = NULL;
    int n = 0;
    if (title && *title) question_similar(db_thread(), &r->arena, r->me, title, 0, 0, 5, &list, &n, NULL);
    (void)space_id;
    H(r, "<div id=\"similar-questions\" class=\"similar\" aria-live=\"polite\" data-answered=\"%s\"%s>",
      T(r, " (answered)"), n ? "" : " hidden");
    H(r, "<p>%s</p><ul>", T(r, "Similar questions already asked:"));
    for (int i = 0; i < n; i++) {
        struct question_state s;
        question_state(db_thread(), list[i]->id, &s);
        H(r, "<li><a href=\"/items/%lld\">%s</a>%s</li>", (long long)list[i]->id, list[i]->title,
          s.accepted_comment ? T(r, " (answered)") : "");
    }
    H(r, "</ul></div>");
}

void web_question_form(struct req *r, const struct item *cur) {
    if (cur) return;
    const char *title = req_form(r, "title");
    H(r,
      "<p><button type=\"submit\" class=\"secondary\" formaction=\"/items/new?type=question%s\" formnovalidate "
      "data-similar=\"/api/v1/questions/similar\">%s</button></p>",
      req_query(r, "space") ? arena_printf(&r->arena, "&space=%lld", (long long)text_parse_id(req_query(r, "space")))
                            : "",
      T(r, "Check for similar questions"));
    similar_list(r, title ? text_trim(&r->arena, title) : NULL, 0);
    if (title && !*text_trim(&r->arena, title)) H(r, "<p>%s</p>", T(r, "Give it a title."));
    H(r, "<script src=\"%s\" nonce=\"%s\" defer></script>", assets_url("questions.js"), r->nonce);
}

/* POST /items/{id}/accept: comment=ID (0: none) */
int web_question_accept(struct req *r) {
    int64_t id = text_parse_id(req_param(r, 0));
    const char *c = req_form(r, "comment");
    int64_t comment = c && strcmp(c, "0") ? text_parse_id(c) : 0;
    if (c && strcmp(c, "0") && !comment)
        return resp_error(r, 400, N_("The accepted answer must be a comment on this question."));
    struct err e = {0};
    int rc = question_accept(db_thread(), &r->arena, r->me, id, comment, &e);
    if (rc) return resp_error(r, rc, e.msg);
    return resp_redirect(
        r, comment ? arena_printf(&r->arena, "/items/%lld?done=saved#comment-%lld", (long long)id, (long long)comment)
                   : arena_printf(&r->arena, "/items/%lld?done=saved", (long long)id));
}

/* A list of questions or ideas with its filters, under the kind's heading. */
int web_qa_list(struct req *r, const struct stream_query *sq, const char *base) {
    const char *type = sq->type;
    int question = !strcmp(type, "question");
    const char *answered = req_query(r, "answered"), *sort = req_query(r, "sort"), *status = req_query(r, "status");
    struct kind_query q = {.type = type,
                           .space = sq->space,
                           .person = sq->person,
                           .answered = -1,
                           .cursor = req_query(r, "cursor"),
                           .limit = 20};
    if (question && answered) q.answered = !strcmp(answered, "1") ? 1 : !strcmp(answered, "0") ? 0 : -1;
    if (!question) {
        q.by_score = sort && !strcmp(sort, "score");
        if (status && idea_status_ok(status)) q.status = status;
    }
    const char *here = arena_printf(&r->arena, "%s?type=%s", base, type);
    H(r, "<nav class=\"tabs filters\" aria-label=\"%s\"><ul>", T(r, "Filters"));
    if (question) {
        web_tab(r, here, T(r, "All"), q.answered < 0);
        web_tab(r, arena_printf(&r->arena, "%s&answered=0", here), T(r, "Unanswered"), q.answered == 0);
        web_tab(r, arena_printf(&r->arena, "%s&answered=1", here), T(r, "Answered"), q.answered == 1);
    } else {
        const char *st = q.status ? arena_printf(&r->arena, "&status=%s", q.status) : "";
        web_tab(r, arena_printf(&r->arena, "%s%s", here, st), T(r, "Newest"), !q.by_score);
        web_tab(r, arena_printf(&r->arena, "%s&sort=score%s", here, st), T(r, "Top voted"), q.by_score);
        H(r, "</ul></nav><nav class=\"tabs filters\" aria-label=\"%s\"><ul>", T(r, "Status"));
        const char *so = q.by_score ? "&sort=score" : "";
        web_tab(r, arena_printf(&r->arena, "%s%s", here, so), T(r, "Any status"), !q.status);
        static const char *const sts[] = {"new", "review", "planned", "done", "declined"};
        for (size_t i = 0; i < sizeof sts / sizeof *sts; i++)
            web_tab(r, arena_printf(&r->arena, "%s%s&status=%s", here, so, sts[i]), T(r, idea_status_label(sts[i])),
                    q.status && !strcmp(q.status, sts[i]));
    }
    H(r, "</ul></nav>\n");
    struct item **items;
    int n;
    const char *next;
    struct err e = {0};
    int rc = kind_query_read(db_thread(), &r->arena, r->me, &q, &items, &n, &next, &e);
    if (rc) return rc;
    H(r, "<section class=\"stream\">");
    if (!n) H(r, "<p class=\"empty\">%s</p>", T(r, "Nothing here yet."));
    for (int i = 0; i < n; i++)
        web_item_card(r, items[i], CARD_STREAM);
    H(r, "</section>");
    if (next) {
        struct buf b = {0};
        buf_printf(&b, "%s", here);
        if (q.answered >= 0) buf_printf(&b, "&answered=%d", q.answered);
        if (q.by_score) buf_printf(&b, "&sort=score");
        if (q.status) buf_printf(&b, "&status=%s", q.status);
        buf_printf(&b, "&cursor=%s", next);
        H(r, "<nav aria-label=\"%s\"><a rel=\"next\" href=\"%s\">%s</a></nav>", T(r, "Pages"), b.data,
          T(r, "Next page"));
        buf_free(&b);
    }
    return 200;
}
