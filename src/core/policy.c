/* Authorization rules: the three circles of PRODUCT.md.
 *
 * - Employees and admins (the internal circle) see the directory, every
 *   profile, profile posts, internal spaces, the private spaces they belong
 *   to and the non-secret ones' about pages. Admins act as owners of every
 *   space and alone delete spaces.
 * - External accounts see only the extranet spaces they belong to (or were
 *   invited to), their content, public spaces, and the profiles of people
 *   who share an extranet space with them.
 * - Anonymous visitors read public spaces and their items, nothing else.
 *
 * A sub-space is visible only to those who may view its parent. Archived
 * spaces are read-only for everyone. Every rule is a pure function of the
 * actor (with its memberships) and the object (with its space and parents). */
#include "core/policy.h"

#include <stddef.h>
#include <string.h>

#include "core/comments.h"
#include "core/items.h"
#include "core/spaces.h"

static int active(const struct person *p) { return p && !p->disabled; }
static int internal(const struct person *p) { return active(p) && p->role != ROLE_EXTERNAL; }
static int admin(const struct person *p) { return active(p) && p->role == ROLE_ADMIN; }
static int same(const struct person *a, const struct person *b) { return a && b && a->id == b->id; }

int policy_allows(const struct person *actor, enum action a, const struct person *target) {
    if (!active(actor)) return 0;
    switch (a) {
    case ACT_BROWSE_DIRECTORY: return internal(actor);
    case ACT_VIEW_PERSON:
        if (!target) return 0;
        if (same(actor, target)) return 1;
        /* disabled accounts stay visible to admins only */
        if (target->disabled) return admin(actor);
        return internal(actor) || space_shared_extranet(actor, target);
    case ACT_EDIT_PERSON: return target && (same(actor, target) || admin(actor));
    case ACT_CHANGE_ROLE: return target && admin(actor) && !same(actor, target);
    case ACT_INVITE: return admin(actor);
    case ACT_FOLLOW: return target && !same(actor, target) && policy_allows(actor, ACT_VIEW_PERSON, target);
    /* on one's profile; externals post only in their spaces (policy_space) */
    case ACT_POST: return internal(actor);
    case ACT_CREATE_SPACE: return internal(actor);
    case ACT_MANAGE_WEBHOOKS: return admin(actor);
    default: break;
    }
    return 0;
}

/* The actor's role in s; SROLE_NONE when their memberships are not loaded. */
static enum space_role role_in(const struct person *actor, const struct space *s) {
    if (!active(actor) || !actor->spaces_loaded) return SROLE_NONE;
    return space_role_of(actor, s->id);
}

/* May the actor view s itself, its parents aside? */
static int views_own(const struct person *actor, const struct space *s) {
    if (s->deleted_at) return 0;
    if (s->visibility == VIS_PUBLIC) return 1;
    if (!active(actor)) return 0;
    if (admin(actor)) return 1;
    enum space_role r = role_in(actor, s);
    switch (s->visibility) {
    case VIS_INTERNAL: return internal(actor);
    case VIS_PRIVATE: return internal(actor) && (r != SROLE_NONE || !s->secret);
    /* externals: members and invitees only (a request grants them nothing) */
    case VIS_EXTRANET: return internal(actor) ? r != SROLE_NONE || !s->secret : r >= SROLE_INVITED;
    default: return 0;
    }
}

/* ... and every parent up to the top (a missing parent hides the child). */
static int views(const struct person *actor, const struct space *s) {
    for (int depth = 0; s; depth++) {
        if (depth > SPACE_DEPTH_MAX || !views_own(actor, s)) return 0;
        if (s->parent_id && !s->parent) return 0;
        s = s->parent;
    }
    return 1;
}

static int reads(const struct person *actor, const struct space *s) {
    if (!views(actor, s)) return 0;
    if (s->visibility == VIS_PUBLIC || s->visibility == VIS_INTERNAL) return 1;
    return admin(actor) || role_in(actor, s) >= SROLE_MEMBER;
}

/* Comments and likes: members; in open spaces any employee too. */
static int reacts(const struct person *actor, const struct space *s) {
    if (!active(actor) || s->archived_at || !reads(actor, s)) return 0;
    if (admin(actor) || role_in(actor, s) >= SROLE_MEMBER) return 1;
    return internal(actor) && (s->visibility == VIS_INTERNAL || s->visibility == VIS_PUBLIC);
}

static int owns(const struct person *actor, const struct space *s) {
    return admin(actor) || role_in(actor, s) == SROLE_OWNER;
}

static int moderates(const struct person *actor, const struct space *s) {
    return admin(actor) || role_in(actor, s) >= SROLE_MODERATOR;
}

int policy_space(const struct person *actor, enum action a, const struct space *s) {
    if (!s) return a == ACT_CREATE_SPACE && internal(actor);
    if (!views(actor, s)) return 0;
    enum space_role r = role_in(actor, s);
    int open = s->visibility == VIS_INTERNAL || s->visibility == VIS_PUBLIC;
    switch (a) {
    case ACT_VIEW_SPACE: return 1;
    case ACT_FIND_SPACE: return !s->archived_at;
    case ACT_READ_SPACE: return reads(actor, s);
    case ACT_LIST_MEMBERS: return reads(actor, s) && (internal(actor) || r >= SROLE_MEMBER);
    case ACT_POST: return active(actor) && !s->archived_at && reads(actor, s) && (admin(actor) || r >= SROLE_MEMBER);
    case ACT_COMMENT:
    case ACT_LIKE: return reacts(actor, s);
    case ACT_JOIN_SPACE:
        if (!active(actor) || s->archived_at || r >= SROLE_MEMBER) return 0;
        return r == SROLE_INVITED || (open && internal(actor));
    case ACT_REQUEST_JOIN: return internal(actor) && !s->archived_at && !open && r == SROLE_NONE;
    case ACT_LEAVE_SPACE: return active(actor) && r != SROLE_NONE;
    case ACT_MANAGE_MEMBERS:
    case ACT_SPACE_SETTINGS:
    case ACT_CREATE_SPACE: return active(actor) && !s->archived_at && owns(actor, s) && internal(actor);
    case ACT_ARCHIVE_SPACE: return active(actor) && owns(actor, s) && internal(actor);
    case ACT_DELETE_SPACE: return admin(actor);
    default: return 0;
    }
}

static int is_wiki(const struct item *it) { return it->type && !strcmp(it->type, "wiki"); }

int policy_item(const struct person *actor, enum action a, const struct item *it) {
    if (!it || it->deleted_at) return 0;
    const struct space *s = it->space;
    if (it->space_id && (!s || s->id != it->space_id)) return 0; /* space gone or not loaded */
    int author = active(actor) && actor->id == it->author_id;
    if (it->draft) { /* its author's alone, until published */
        if (!author || (s && !reads(actor, s))) return 0;
        return a == ACT_READ_ITEM || a == ACT_EDIT_ITEM || a == ACT_DELETE_ITEM;
    }
    if (!s) {
        /* Items on profiles belong to the internal circle; an author always
         * sees their own. */
        if (!internal(actor) && !author) return 0;
        switch (a) {
        case ACT_READ_ITEM:
        case ACT_COMMENT:
        case ACT_LIKE: return 1;
        case ACT_VOTE: return internal(actor);
        case ACT_EDIT_ITEM: return author;
        case ACT_DELETE_ITEM: return author || admin(actor);
        case ACT_ACCEPT_ANSWER: return author || admin(actor);
        case ACT_SET_STATUS: return admin(actor);
        default: return 0;
        }
    }
    if (!reads(actor, s)) return 0;
    switch (a) {
    case ACT_READ_ITEM: return 1;
    case ACT_COMMENT:
    case ACT_LIKE:
    case ACT_VOTE: return reacts(actor, s);
    case ACT_EDIT_ITEM:
        if (s->archived_at) return 0;
        /* a wiki is written together: every member edits every page */
        return author || moderates(actor, s) || (is_wiki(it) && policy_space(actor, ACT_POST, s));
    case ACT_DELETE_ITEM: return !s->archived_at && (author || moderates(actor, s));
    case ACT_PIN_ITEM:
    case ACT_SET_STATUS: return !s->archived_at && moderates(actor, s);
    case ACT_ACCEPT_ANSWER: return !s->archived_at && (author || moderates(actor, s));
    default: return 0;
    }
}

int policy_comment(const struct person *actor, enum action a, const struct comment *c, const struct item *it) {
    if (!c || c->deleted_at || !active(actor) || !policy_item(actor, ACT_READ_ITEM, it)) return 0;
    if (it->space && it->space->archived_at) return 0; /* read-only */
    int author = actor->id == c->author_id;
    switch (a) {
    case ACT_EDIT_COMMENT: return author;
    case ACT_DELETE_COMMENT: return author || admin(actor) || (it->space && moderates(actor, it->space));
    default: return 0;
    }
}
