/* Ideas: everyone who may react votes for (+1) or against (-1), once; the
 * score is for minus against; moderators set a status with a comment. */
#ifndef RUCHE_IDEA_H
#define RUCHE_IDEA_H
#include <stdint.h>

#include "core/items.h"
#include "core/kinds.h"

extern const struct kind kind_idea;

enum { IDEA_STATUS_COMMENT_MAX = 1000 };

struct idea_state {
    const char *status; /* new, review, planned, done, declined */
    const char *status_comment;
    int64_t status_by, status_at;
    int64_t score, votes_for, votes_against;
    int my_vote; /* 1, -1, or 0 */
};

/* 1 if `s` is one of the statuses. */
int idea_status_valid(const char *s);
/* Done and declined ideas take no more votes. */
int idea_status_closed(const char *s);
/* The idea's state as `actor_id` (0: anonymous) sees it. */
void idea_state(struct db *db, struct arena *a, int64_t item_id, int64_t actor_id, struct idea_state *out);
/* Votes `value` (1 or -1; 0 withdraws the vote): one vote per person, a
 * new one replaces the old. ERR_NOT_FOUND (not visible, not an idea),
 * ERR_FORBIDDEN (may not vote), ERR_CONFLICT (done or declined),
 * ERR_INVALID (field "value"). */
int idea_vote(struct db *db, struct arena *a, const struct person *actor, int64_t item_id, int value, struct err *e);

#endif
