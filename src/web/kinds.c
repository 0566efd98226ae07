/* The table of kinds as the pages know them (see kinds.h). */
#include "web/kinds.h"

#include <string.h>

#include "core/kinds.h"
#include "core/policy.h"
#include "core/spaces.h"
#include "lib/i18n.h"
#include "web/event.h"
#include "web/file.h"
#include "web/qa.h"
#include "web/web.h"
#include "web/wiki.h"

static const struct web_kind status = {.type = "status", .label = N_("Status update"), .plural = N_("Status updates")};
static const struct web_kind blog = {.type = "blog", .label = N_("Blog post"), .plural = N_("Blog")};
static const struct web_kind discussion = {.type = "discussion", .label = N_("Discussion"), .plural = N_("Discussions")};

/* Bookmarks (web/bookmark.c) */
void web_bookmark_block(struct req *r, const struct item *it, int full);
void web_bookmark_form(struct req *r, const struct item *cur);
json_t *web_bookmark_fields(struct req *r, const struct item *cur, int *status);
static const struct web_kind bookmark = {.type = "bookmark",
                                         .label = N_("Bookmark"),
                                         .plural = N_("Bookmarks"),
                                         .block = web_bookmark_block,
                                         .form = web_bookmark_form,
                                         .fields = web_bookmark_fields};

/* Events (web/event.c). */
static const struct web_kind event = {.type = "event",
                                      .label = N_("Event"),
                                      .plural = N_("Events"),
                                      .block = web_event_block,
                                      .form = web_event_form,
                                      .fields = web_event_fields};

/* Files (web/file.c). */
static const struct web_kind file = {
    .type = "file", .label = N_("File"), .plural = N_("Files"), .block = web_file_block, .form = web_file_form, .upload = 1};

static const struct web_kind wiki = {.type = "wiki",
                                     .label = N_("Wiki page"),
                                     .plural = N_("Wiki"),
                                     .block = web_wiki_block,
                                     .form = web_wiki_form,
                                     .fields = web_wiki_fields};

/* questions, ideas, polls (web/question.c, web/idea.c, web/poll.c) */
static const struct web_kind question = {.type = "question", .label = N_("Question"), .plural = N_("Questions"),
                                         .block = web_question_block, .form = web_question_form,
                                         .comment = web_question_comment, .list = web_qa_list};
static const struct web_kind idea = {
    .type = "idea", .label = N_("Idea"), .plural = N_("Ideas"), .block = web_idea_block, .list = web_qa_list};
static const struct web_kind poll = {.type = "poll", .label = N_("Poll"), .plural = N_("Polls"), .block = web_poll_block,
                                     .form = web_poll_form, .fields = web_poll_fields};

static const struct web_kind *const kinds[] = {&status, &blog, &discussion, &wiki, &question, &idea, &poll, &event, &file, &bookmark};

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
    /* markup is never an argument of H(): it would be escaped */
    if (current) H(r, "<li><a href=\"%s\">%s</a></li>", base, T(r, "Everything"));
    else H(r, "<li><a href=\"%s\" aria-current=\"page\">%s</a></li>", base, T(r, "Everything"));
    for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++) {
        if (current && !strcmp(current, kinds[i]->type))
            H(r, "<li><a href=\"%s?type=%s\" aria-current=\"page\">%s</a></li>", base, kinds[i]->type, T(r, kinds[i]->plural));
        else
            H(r, "<li><a href=\"%s?type=%s\">%s</a></li>", base, kinds[i]->type, T(r, kinds[i]->plural));
    }
    H(r, "</ul></nav>\n");
}
