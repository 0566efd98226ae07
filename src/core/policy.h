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
    ACT_PIN_ITEM,         /* pin or unpin an item in its space */
    ACT_VOTE,             /* vote on an idea or a poll, answer an event's invitation */
    ACT_ACCEPT_ANSWER,    /* mark a question's accepted answer */
    ACT_SET_STATUS,       /* set an idea's status */
    ACT_MANAGE_WEBHOOKS,  /* register outgoing webhooks for every space (no target; admins) */
    /* spaces (policy_space) */
    ACT_CREATE_SPACE,     /* create a top-level space (no target) or a sub-space of the target */
    ACT_FIND_SPACE,       /* see it listed in the space directory */
    ACT_VIEW_SPACE,       /* see its name, description and picture (its about page) */
    ACT_READ_SPACE,       /* read its stream and items */
    ACT_LIST_MEMBERS,     /* see who its members are */
    ACT_JOIN_SPACE,       /* join at once (open spaces; accepting an invitation) */
    ACT_REQUEST_JOIN,     /* ask the owners to be let in */
    ACT_LEAVE_SPACE,      /* leave, decline an invitation or withdraw a request */
    ACT_MANAGE_MEMBERS,   /* invite, approve, remove, change roles */
    ACT_SPACE_SETTINGS,   /* change name, description, visibility, picture */
    ACT_ARCHIVE_SPACE,    /* archive or restore */
    ACT_DELETE_SPACE,     /* delete with its content */
    ACT__MAX
};

struct item;
struct comment;
struct space;

/* 1 if `actor` (NULL: anonymous) may do `a` to `target` (may be NULL for
 * actions without a target). */
int policy_allows(const struct person *actor, enum action a, const struct person *target);
/* 1 if `actor` may do `a` (ACT_READ_ITEM .. ACT_LIKE, ACT_PIN_ITEM,
 * ACT_VOTE, ACT_ACCEPT_ANSWER, ACT_SET_STATUS) to `item`. An item in a
 * space is judged with its space (item->space); a draft is its author's
 * alone; a wiki page is edited by whoever may post in its space. */
int policy_item(const struct person *actor, enum action a, const struct item *item);
/* 1 if `actor` may do `a` (ACT_EDIT_COMMENT, ACT_DELETE_COMMENT) to a
 * comment of `item`. */
int policy_comment(const struct person *actor, enum action a, const struct comment *c, const struct item *item);

/* 1 if `actor` may do `a` to `space` (a space action, or ACT_POST,
 * ACT_COMMENT, ACT_LIKE for content in it; ACT_CREATE_SPACE with a NULL
 * space for a top-level space). The space carries its parents: whoever
 * may not view a parent may not view its sub-spaces. */
int policy_space(const struct person *actor, enum action a, const struct space *space);

#endif
