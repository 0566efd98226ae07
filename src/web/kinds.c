/* The table of kinds as the pages know them (see kinds.h). */
#include "web/kinds.h"

#include <string.h>

#include "core/kinds.h"
#include "core/policy.h"
#include "core/spaces.h"
#include "lib/i18n.h"
#include "web/qa.h"
#include "web/web.h"

static const struct web_kind status = {.type = "status", .label = N_("Status update"), .plural = N_("Status updates")};
static const struct web_kind blog = {.type = "blog", .label = N_("Blog post"), .plural = N_("Blog")};
static const struct web_kind discussion = {.type = "discussion", .label = N_("Discussion"), .plural = N_("Discussions")};

/* questions, ideas, polls (web/question.c, web/idea.c, web/poll.c) */
static const struct web_kind question = {.type = "question", .label = N_("Question"), .plural = N_("Questions"),
                                         .block = web_question_block, .form = web_question_form,
                                         .comment = web_question_comment, .list = web_qa_list};
static const struct web_kind idea = {
    .type = "idea", .label = N_("Idea"), .plural = N_("Ideas"), .block = web_idea_block, .list = web_qa_list};
static const struct web_kind poll = {.type = "poll", .label = N_("Poll"), .plural = N_("Polls"), .block = web_poll_block,
                                     .form = web_poll_form, .fields = web_poll_fields};

static const struct web_kind *const kinds[] = {&status, &blog, &discussion, &question, &idea, &poll};

const struct web_kind *web_kind(const char *type) {
    for (size_t i = 0; type && i < sizeof kinds / sizeof kinds[0]; i++)
        if (!strcmp(kinds[i]->type, type)) return kinds[i];
    return NULL;
}

const struct web_kind *const *web_kinds(int *n) {
    *n = (int)(sizeof kinds / sizeof kinds[0]);
    return kinds;
}

void web_kind_menu(struct req *r, const struct space *space) {
    if (space ? !policy_space(r->me, ACT_POST, space) : !policy_allows(r->me, ACT_POST, NULL)) return;
    H(r, "<nav class=\"kind-menu\" aria-label=\"%s\"><span>%s</span><ul>", T(r, "Write"), T(r, "Write:"));
    for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++) {
        const struct kind *k = kind_get(kinds[i]->type);
        if (!strcmp(kinds[i]->type, "status") || !k || (k->space_only && !space)) continue;
        if (space)
            H(r, "<li><a href=\"/items/new?type=%s&amp;space=%lld\">%s</a></li>", kinds[i]->type, (long long)space->id,
              T(r, kinds[i]->label));
        else
            H(r, "<li><a href=\"/items/new?type=%s\">%s</a></li>", kinds[i]->type, T(r, kinds[i]->label));
    }
    H(r, "</ul></nav>\n");
}

void web_kind_filter(struct req *r, const char *base, const char *current) {
    H(r, "<nav class=\"tabs kinds\" aria-label=\"%s\"><ul>", T(r, "Kinds of content"));
    H(r, "<li><a href=\"%s\"%s>%s</a></li>", base, current ? "" : " aria-current=\"page\"", T(r, "Everything"));
    for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++) {
        int here = current && !strcmp(current, kinds[i]->type);
        H(r, "<li><a href=\"%s?type=%s\"%s>%s</a></li>", base, kinds[i]->type, here ? " aria-current=\"page\"" : "",
          T(r, kinds[i]->plural));
    }
    H(r, "</ul></nav>\n");
}
