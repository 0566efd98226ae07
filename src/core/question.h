/* Questions: answers are comments; the asker or a moderator marks one as
 * accepted. Similar questions are suggested by the words of a title. */
#ifndef RUCHE_QUESTION_H
#define RUCHE_QUESTION_H
#include <stdint.h>

#include "core/items.h"
#include "core/kinds.h"

extern const struct kind kind_question;

enum { QUESTION_SIMILAR_MAX = 10, QUESTION_QUERY_MAX = 200 };

struct question_state {
    int64_t accepted_comment; /* 0: none (or the comment was deleted) */
    int64_t accepted_by, accepted_at;
};

/* The question's accepted answer, as stored (a deleted comment counts as
 * none). */
void question_state(struct db *db, int64_t item_id, struct question_state *out);
/* Marks `comment_id` (a visible comment of this question) as the accepted
 * answer, or clears it when comment_id is 0. ERR_NOT_FOUND when the
 * question is not visible; ERR_INVALID (field "comment") for a comment of
 * another item; ERR_FORBIDDEN when the actor may not accept answers. */
int question_accept(struct db *db, struct arena *a, const struct person *actor, int64_t item_id, int64_t comment_id,
                    struct err *e);
/* Up to `limit` (1..QUESTION_SIMILAR_MAX) questions the actor may see whose
 * titles share words with `text`, best match first (space_id > 0: only in
 * that space; except_id: a question to leave out). ERR_INVALID for a text
 * that is not one line of at most QUESTION_QUERY_MAX characters. */
int question_similar(struct db *db, struct arena *a, const struct person *actor, const char *text, int64_t space_id,
                     int64_t except_id, int limit, struct item ***out, int *n, struct err *e);

#endif
