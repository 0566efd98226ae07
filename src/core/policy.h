/* policy: the one place that answers "may this actor do this to that".
 * Core functions ask it; handlers never decide alone. A refusal to see
 * something must look like absence (404) to the caller. */
#ifndef RUCHE_POLICY_H
#define RUCHE_POLICY_H
#include "core/people.h"

enum action {
    ACT_BROWSE_DIRECTORY, /* list and search people, org chart */
    ACT_VIEW_PERSON,      /* see a profile */
    ACT_EDIT_PERSON,      /* change a profile's fields and photo */
    ACT_CHANGE_ROLE,      /* change role, disable or enable an account */
    ACT_INVITE,           /* invite people */
    ACT_FOLLOW,           /* follow a person */
    ACT_POST,             /* post an item on one's own profile */
    ACT_READ_ITEM,        /* see an item, its comments and likes */
    ACT_EDIT_ITEM,        /* change an item */
    ACT_DELETE_ITEM,      /* remove an item */
    ACT_COMMENT,          /* comment on an item */
    ACT_LIKE,             /* like an item or its comments */
    ACT_EDIT_COMMENT,     /* change a comment */
    ACT_DELETE_COMMENT,   /* remove a comment */
    ACT__MAX
};

struct item;
struct comment;

/* 1 if `actor` (NULL: anonymous) may do `a` to `target` (may be NULL for
 * actions without a target). */
int policy_allows(const struct person *actor, enum action a, const struct person *target);
/* 1 if `actor` may do `a` (ACT_READ_ITEM .. ACT_LIKE) to `item`. */
int policy_item(const struct person *actor, enum action a, const struct item *item);
/* 1 if `actor` may do `a` (ACT_EDIT_COMMENT, ACT_DELETE_COMMENT) to a
 * comment of `item`. */
int policy_comment(const struct person *actor, enum action a, const struct comment *c, const struct item *item);

#endif
