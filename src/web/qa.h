/* The pages' functions of questions, ideas and polls (web/question.c,
 * web/idea.c, web/poll.c), for the kind table (web/kinds.c). */
#ifndef RUCHE_WEB_QA_H
#define RUCHE_WEB_QA_H
#include <jansson.h>

#include "core/comments.h"
#include "core/items.h"
#include "core/stream.h"
#include "http/req.h"

void web_question_block(struct req *r, const struct item *it, int full);
void web_question_form(struct req *r, const struct item *cur);
void web_question_comment(struct req *r, const struct item *it, const struct comment *c);
void web_idea_block(struct req *r, const struct item *it, int full);
void web_poll_block(struct req *r, const struct item *it, int full);
void web_poll_form(struct req *r, const struct item *cur);
json_t *web_poll_fields(struct req *r, const struct item *cur, int *status);
/* Questions answered or not, ideas by score or status (web/question.c). */
int web_qa_list(struct req *r, const struct stream_query *q, const char *base);
/* An idea status's msgid ("Under review"...); 1 if the status exists. */
const char *idea_status_label(const char *status);
int idea_status_ok(const char *status);

#endif
