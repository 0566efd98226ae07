/* Spaces: teams, projects, communities, partner programmes and public pages.
 * A space has a visibility (internal, private, extranet, public), may be
 * secret (private or extranet spaces non-members cannot even find), may sit
 * under a parent space (never more visible than it), and has members with
 * roles. Every function taking an actor asks core/policy.c; what the actor
 * may not see is ERR_NOT_FOUND, exactly as what does not exist. */
#ifndef RUCHE_SPACES_H
#define RUCHE_SPACES_H
#include <stdint.h>

#include "core/errors.h"
#include "core/membership.h"
#include "core/people.h"

enum {
    SPACE_NAME_MAX = 80,         /* characters */
    SPACE_SLUG_MAX = 60,         /* characters, [a-z0-9-] */
    SPACE_DESCRIPTION_MAX = 5000, /* characters of Markdown */
    SPACE_DEPTH_MAX = 8,         /* nesting levels under a top-level space */
    SPACE_MEMBERSHIPS_MAX = 2000, /* spaces one person may belong to or be invited to */
};

struct item;

struct space {
    int64_t id, parent_id, created_by;
    const char *slug, *name, *sort_key, *description, *description_html;
    enum space_visibility visibility;
    int secret;
    int64_t created_at, updated_at, archived_at, deleted_at;
    int64_t members_count, photo_version;
    const struct space *parent; /* loaded with the space, up to the top */
};

/* Loads the person's memberships (from a cache kept current by the bus)
 * into p->spaces. Call it on every person the policy will judge as an actor
 * (the signed-in one, a notification's recipient). */
void people_load_spaces(struct db *db, struct arena *a, struct person *p);
/* The same, read from the database now (inside a transaction: with its
 * uncommitted changes), bypassing the cache. */
void people_reload_spaces(struct db *db, struct arena *a, struct person *p);
/* The caches of spaces and memberships (core/space_cache.c). */
void space_cache_start(void);
void space_cache_reset(void);

/* A space with its parents, without authorization (for core and the
 * policy's callers), or NULL if there is none or it is deleted. */
const struct space *space_cached(struct db *db, struct arena *a, int64_t id);
/* The space as `actor` may see it (ACT_VIEW_SPACE), or NULL. */
const struct space *space_view(struct db *db, struct arena *a, const struct person *actor, int64_t id);
const struct space *space_view_slug(struct db *db, struct arena *a, const struct person *actor, const char *slug);
/* The actor's role in the space (SROLE_NONE for none or anonymous). */
enum space_role space_role_of(const struct person *actor, int64_t space);
/* 1 if a space of visibility `child` may sit under one of visibility `parent`. */
int space_visibility_fits(enum space_visibility child, enum space_visibility parent);

/* What creating or editing a space sets; NULL / -1 / 0 fields are left as
 * they are (on create: defaults). */
struct space_input {
    const char *name, *slug, *description, *visibility;
    int secret;        /* -1: unchanged (create: 0) */
    int64_t parent_id; /* create only; 0: top level */
};
/* Creates a space; the actor becomes its owner. Errors: ERR_INVALID
 * (+field), ERR_CONFLICT (slug taken), ERR_NOT_FOUND (parent not visible),
 * ERR_FORBIDDEN. */
int space_create(struct db *db, struct arena *a, const struct person *actor, const struct space_input *in,
                 int64_t *id_out, struct err *e);
/* Changes name, slug, description, visibility or secrecy (owners, admins).
 * A visibility that would make the space more visible than its parent, or
 * less visible than one of its sub-spaces, is ERR_INVALID. */
int space_update(struct db *db, struct arena *a, const struct person *actor, int64_t id, const struct space_input *in,
                 struct err *e);
/* Archives (read-only, out of the directory) or restores (owners, admins). */
int space_set_archived(struct db *db, struct arena *a, const struct person *actor, int64_t id, int archived,
                       struct err *e);
/* Deletes a space and its sub-spaces with their content (admins). */
int space_delete(struct db *db, struct arena *a, const struct person *actor, int64_t id, struct err *e);

/* Directory. */
struct space_query {
    const char *query;  /* words of the name or slug, accent-insensitive; NULL: all */
    int mine;           /* only spaces I am a member of (archived ones too) */
    int archived;       /* only archived spaces (owners' and admins' view) */
    int64_t parent;     /* > 0: the sub-spaces of this space; 0: any level */
    const char *cursor; /* NULL or from a previous page */
    int limit;          /* 1..100 */
};
int space_list(struct db *db, struct arena *a, const struct person *actor, const struct space_query *q,
               const struct space ***out, int *n, const char **next, struct err *e);

/* Members, invitations and requests. */
struct space_member {
    struct person *person;
    enum space_role role;
    int64_t since;
};
/* Lists members (roles member and up) or, for owners and admins, the open
 * invitations (SROLE_INVITED) or requests (SROLE_REQUESTED), by name. */
int space_members(struct db *db, struct arena *a, const struct person *actor, int64_t space, enum space_role which,
                  const char *query, const char *cursor, int limit, struct space_member ***out, int *n,
                  const char **next, struct err *e);
/* Joins an internal or public space, accepts an invitation, or asks to join
 * a private or extranet space; *role_out is the resulting role. */
int space_join(struct db *db, struct arena *a, const struct person *actor, int64_t space, enum space_role *role_out,
               struct err *e);
/* Leaves, declines an invitation or withdraws a request. The last owner
 * may not leave (ERR_CONFLICT). */
int space_leave(struct db *db, struct arena *a, const struct person *actor, int64_t space, struct err *e);
/* Owners and admins: invites a person (approves them if they asked). */
int space_invite(struct db *db, struct arena *a, const struct person *actor, int64_t space, int64_t person,
                 struct err *e);
/* Owners and admins: approves a request (role member) or sets a member's
 * role (member, moderator, owner). A space keeps at least one owner. */
int space_set_role(struct db *db, struct arena *a, const struct person *actor, int64_t space, int64_t person,
                   enum space_role role, struct err *e);
/* Owners and admins: removes a member, revokes an invitation or refuses a
 * request. A space keeps at least one owner. */
int space_remove_member(struct db *db, struct arena *a, const struct person *actor, int64_t space, int64_t person,
                        struct err *e);
/* Deletes the person's notifications about what they may no longer read in
 * the space or its sub-spaces (about a space itself: no longer view), after
 * they left it or it closed; the policy judges the space as cached now. */
void space_forget_unreadable(struct db *db, struct arena *a, int64_t space, int64_t person);
/* The spaces the actor is a member of (not archived), by name, at most 200
 * (for the navigation). */
int space_mine(struct db *db, struct arena *a, const struct person *actor, const struct space ***out, int *n);
/* 1 if a and b are both members of a common extranet space. */
int space_shared_extranet(const struct person *a, const struct person *b);

/* Picture (256 px WebP, as profile photos). */
int space_set_photo(struct db *db, struct arena *a, const struct person *actor, int64_t space,
                    const unsigned char *data, size_t len, size_t max_bytes, struct err *e);
int space_remove_photo(struct db *db, struct arena *a, const struct person *actor, int64_t space, struct err *e);
const unsigned char *space_photo(struct db *db, struct arena *a, const struct person *actor, int64_t space,
                                 size_t *len, const char **mime);

/* Pins or unpins an item of a space (moderators, owners, admins). */
int item_pin(struct db *db, struct arena *a, const struct person *actor, int64_t item, int pinned, struct err *e);
/* The pinned items of a space the actor may read, newest pin first (20 at most). */
int space_pinned(struct db *db, struct arena *a, const struct person *actor, int64_t space, struct item ***out,
                 int *n);

#endif
