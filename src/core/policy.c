/* Authorization rules. The three circles (PRODUCT.md): employees and admins
 * see the internal circle; external accounts see only themselves until
 * spaces bring the people they share a space with; anonymous visitors see
 * no one. */
#include "core/policy.h"

#include <stddef.h>

#include "core/comments.h"
#include "core/items.h"

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
    case ACT_FOLLOW: return target && !same(actor, target) && policy_allows(actor, ACT_VIEW_PERSON, target);
    /* externals post only in the extranet spaces they belong to */
    case ACT_POST: return internal(actor);
    default: break;
    }
    return 0;
}

int policy_item(const struct person *actor, enum action a, const struct item *it) {
    if (!it || it->deleted_at) return 0;
    /* Items on profiles belong to the internal circle (spaces will widen or
     * narrow this); an author always sees their own. */
    int readable = actor && !actor->disabled && (internal(actor) || actor->id == it->author_id);
    if (!readable) return 0;
    switch (a) {
    case ACT_READ_ITEM:
    case ACT_COMMENT:
    case ACT_LIKE: return 1;
    case ACT_EDIT_ITEM: return actor->id == it->author_id;
    case ACT_DELETE_ITEM: return actor->id == it->author_id || admin(actor);
    default: return 0;
    }
}

int policy_comment(const struct person *actor, enum action a, const struct comment *c, const struct item *it) {
    if (!c || c->deleted_at || !policy_item(actor, ACT_READ_ITEM, it)) return 0;
    switch (a) {
    case ACT_EDIT_COMMENT: return actor->id == c->author_id;
    case ACT_DELETE_COMMENT: return actor->id == c->author_id || admin(actor);
    default: return 0;
    }
}
