/* Authorization rules. The three circles (PRODUCT.md): employees and admins
 * see the internal circle; external accounts see only themselves until
 * spaces bring the people they share a space with; anonymous visitors see
 * no one. */
#include "core/policy.h"

#include <stddef.h>

static int internal(const struct person *p) { return p && !p->disabled && p->role != ROLE_EXTERNAL; }
static int admin(const struct person *p) { return p && !p->disabled && p->role == ROLE_ADMIN; }
static int same(const struct person *a, const struct person *b) { return a && b && a->id == b->id; }

int policy_allows(const struct person *actor, enum action a, const struct person *target) {
    if (!actor || actor->disabled) return 0;
    switch (a) {
    case ACT_BROWSE_DIRECTORY: return internal(actor);
    case ACT_VIEW_PERSON:
        if (!target) return 0;
        if (same(actor, target)) return 1;
        /* disabled accounts stay visible to admins only */
        if (target->disabled) return admin(actor);
        return internal(actor);
    case ACT_EDIT_PERSON: return target && (same(actor, target) || admin(actor));
    case ACT_CHANGE_ROLE: return target && admin(actor) && !same(actor, target);
    case ACT_INVITE: return admin(actor);
    case ACT__MAX: break;
    }
    return 0;
}
