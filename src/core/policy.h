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
    ACT__MAX
};

/* 1 if `actor` (NULL: anonymous) may do `a` to `target` (may be NULL for
 * actions without a target). */
int policy_allows(const struct person *actor, enum action a, const struct person *target);

#endif
