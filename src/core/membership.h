/* Space membership as the policy reads it: the roles a person holds in
 * spaces, carried on the person (struct person's `spaces`) so that every
 * authorization decision is a pure function of actor and object. */
#ifndef RUCHE_MEMBERSHIP_H
#define RUCHE_MEMBERSHIP_H
#include <stdint.h>

/* Ordered: a role grants what the roles before it grant (invitations and
 * requests grant no membership, only a view of the space's about page). */
enum space_role {
    SROLE_NONE,
    SROLE_REQUESTED, /* asked to join; waits for an owner */
    SROLE_INVITED,   /* invited by an owner; has not accepted yet */
    SROLE_MEMBER,
    SROLE_MODERATOR, /* pins, edits and removes content */
    SROLE_OWNER,     /* manages members, roles and settings */
    SROLE__MAX
};

enum space_visibility {
    VIS_INTERNAL, /* every employee may read and join */
    VIS_PRIVATE,  /* members only, employees only */
    VIS_EXTRANET, /* members only; external accounts may be invited */
    VIS_PUBLIC,   /* anyone reads, signed in or not; members contribute */
    VIS__MAX
};

struct membership {
    int64_t space;
    enum space_role role;
    enum space_visibility visibility; /* the space's, when the list was read */
};

const char *space_role_name(enum space_role r);
int space_role_parse(const char *s, enum space_role *out); /* 0 on success */
const char *space_visibility_name(enum space_visibility v);
int space_visibility_parse(const char *s, enum space_visibility *out);

#endif
