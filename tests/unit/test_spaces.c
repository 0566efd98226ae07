/* Spaces and the three circles (docs/decisions/008-spaces-and-circles.md)
 * on a real SQLite database, with the caches the server runs.
 *
 * 1. A generated permission matrix: every actor x every kind of space x
 *    every action. The expected answer comes from an oracle written here
 *    from the decision's rules (it never calls policy.c) and is compared
 *    with policy_space / policy_item / policy_comment, in three passes:
 *    caches as building the fixture left them, after the caches are reset,
 *    and warm.
 * 2. The core functions agree with the matrix: space_view, item_get, the
 *    space's stream, the directory, member lists, posting, commenting,
 *    liking, editing, deleting, pinning, settings, archiving.
 * 3. The rules around it: nesting, owners, externals, notifications,
 *    mentions, home and company streams, profiles, deletion.
 *
 * The fixture is built only through core functions (space_create,
 * space_invite, space_join, space_set_role, space_update,
 * space_set_archived, item_create, comment_create, people_update...), so
 * loading memberships (people_load_spaces), caching spaces with their
 * parents (space_cached) and attaching spaces to items (items_load) are
 * tested along the way. */
#include "unit.h"

#include <stdio.h>

#include "core/bus.h"
#include "core/comments.h"
#include "core/items.h"
#include "core/notify.h"
#include "core/policy.h"
#include "core/spaces.h"
#include "core/stream.h"
#include "core/timeline.h"
#include "db/db.h"
#include "lib/crypto.h"

static char dir[64];
static struct db *db;

/* ================================================================== */
/* The spaces of the matrix                                           */
/* ================================================================== */

enum { MAXS = 80 };

/* One space of the fixture as the test means it to be. The oracle reads
 * these fields, never the database. */
struct fx_space {
    char label[100];
    enum space_visibility vis;
    int secret, archived;
    int parent;                /* index in S; -1: a top-level space */
    int64_t id, item, comment; /* the space; an item Paul posted in it; Paul's comment on that item */
};
static struct fx_space S[MAXS];
static int NS;

/* The six kinds of space: each visibility, and the two that may be secret. */
static const struct kind {
    enum space_visibility vis;
    int secret;
    const char *name;
} KINDS[] = {
    {VIS_PUBLIC, 0, "public"},          {VIS_INTERNAL, 0, "internal"}, {VIS_PRIVATE, 0, "private"},
    {VIS_PRIVATE, 1, "secret private"}, {VIS_EXTRANET, 0, "extranet"}, {VIS_EXTRANET, 1, "secret extranet"},
};
enum { NKINDS = sizeof KINDS / sizeof KINDS[0] };

/* ================================================================== */
/* The actors of the matrix                                           */
/* ================================================================== */

enum who {
    ANON,           /* no one signed in */
    DISABLED,       /* a member of every space whose account was then disabled */
    EXT_MEMBER,     /* external, member of every extranet space it can reach */
    EXT_MODERATOR,  /* external, moderator of those */
    EXT_INVITED,    /* external, invited into those, not accepted */
    EXT_REQUESTED,  /* an employee who asked to join private and extranet spaces, then was made external */
    EXT_NONMEMBER,  /* external, in no space */
    EMP_MEMBER,     /* employee, member of every space */
    EMP_UNLOADED,   /* the same person, whose memberships the caller forgot to load */
    EMP_SUB_MEMBER, /* employee, member of every sub-space but of no top-level space */
    EMP_INVITED,    /* employee, invited into every space, not accepted */
    EMP_REQUESTED,  /* employee, asked to join every private and extranet space */
    EMP_NONMEMBER,  /* employee, in no space */
    MODERATOR,      /* employee, moderator of every space */
    OWNER,          /* employee who created (and owns) every space */
    ADMIN,          /* admin, in no space */
    NACTORS
};

/* The circles as the decision names them. */
enum circle { ANONYMOUS, EXTERNAL, EMPLOYEE, ADMINISTRATOR };

#define ACTOR(label_, email_, name_, account_, circle_)                                                                \
    { .label = label_, .email = email_, .name = name_, .account = account_, .circle = circle_ }
static struct actor {
    const char *label;
    const char *email, *name;
    enum role account;  /* the account's role when created */
    enum circle circle; /* its circle once the fixture is built ("disabled accounts are anonymous") */
    int64_t id;
    enum space_role role[MAXS]; /* its role in each space as the fixture gave it: the oracle's input */
} actors[NACTORS] = {
    [ANON] = ACTOR("anonymous", NULL, NULL, ROLE_EMPLOYEE, ANONYMOUS),
    [DISABLED] =
        ACTOR("disabled account (member everywhere)", "dora@example.com", "Dora Disabled", ROLE_EMPLOYEE, ANONYMOUS),
    [EXT_MEMBER] = ACTOR("external member", "xena@partner.example", "Xena External", ROLE_EXTERNAL, EXTERNAL),
    [EXT_MODERATOR] = ACTOR("external moderator", "xavier@partner.example", "Xavier External", ROLE_EXTERNAL, EXTERNAL),
    [EXT_INVITED] = ACTOR("external invited", "ivo@partner.example", "Ivo Invited", ROLE_EXTERNAL, EXTERNAL),
    [EXT_REQUESTED] = ACTOR("external with a pending request (made while an employee)", "reza@example.com",
                            "Reza Requested", ROLE_EMPLOYEE, EXTERNAL),
    [EXT_NONMEMBER] = ACTOR("external non-member", "nora@partner.example", "Nora Outsider", ROLE_EXTERNAL, EXTERNAL),
    [EMP_MEMBER] = ACTOR("employee member", "mia@example.com", "Mia Member", ROLE_EMPLOYEE, EMPLOYEE),
    [EMP_UNLOADED] = ACTOR("employee member, memberships not loaded", NULL, NULL, ROLE_EMPLOYEE, EMPLOYEE),
    [EMP_SUB_MEMBER] =
        ACTOR("employee member of the sub-space only", "lea@example.com", "Lea Leaf", ROLE_EMPLOYEE, EMPLOYEE),
    [EMP_INVITED] = ACTOR("employee invited", "ines@example.com", "Ines Invited", ROLE_EMPLOYEE, EMPLOYEE),
    [EMP_REQUESTED] =
        ACTOR("employee with a pending request", "remy@example.com", "Remy Requested", ROLE_EMPLOYEE, EMPLOYEE),
    [EMP_NONMEMBER] = ACTOR("employee non-member", "noah@example.com", "Noah Nobody", ROLE_EMPLOYEE, EMPLOYEE),
    [MODERATOR] = ACTOR("space moderator", "moe@example.com", "Moe Moderator", ROLE_EMPLOYEE, EMPLOYEE),
    [OWNER] = ACTOR("space owner", "olga@example.com", "Olga Owner", ROLE_EMPLOYEE, EMPLOYEE),
    [ADMIN] = ACTOR("admin", "ada@example.com", "Ada Admin", ROLE_ADMIN, ADMINISTRATOR),
};

#define ID(w) (actors[w].id)
static int64_t paul; /* a member of every space who posts the fixture items: "another's item" for every actor */

/* ================================================================== */
/* The oracle: decision 008 written again from the markdown, without   */
/* calling core. Its inputs are the tables above: the actor's circle   */
/* and roles as the fixture gave them, the space as the fixture meant. */
/* ================================================================== */

/* "Nesting: a sub-space is never more visible than its parent — under
 * public: any; under internal: internal, private, extranet; under
 * extranet: extranet, private; under private: private."  [parent][child] */
static const int SPEC_FITS[VIS__MAX][VIS__MAX] = {
    [VIS_PUBLIC] = {[VIS_PUBLIC] = 1, [VIS_INTERNAL] = 1, [VIS_PRIVATE] = 1, [VIS_EXTRANET] = 1},
    [VIS_INTERNAL] = {[VIS_INTERNAL] = 1, [VIS_PRIVATE] = 1, [VIS_EXTRANET] = 1},
    [VIS_EXTRANET] = {[VIS_EXTRANET] = 1, [VIS_PRIVATE] = 1},
    [VIS_PRIVATE] = {[VIS_PRIVATE] = 1},
};

/* The actor's role in the space. "Disabled accounts are anonymous" (no
 * role); an actor whose memberships are not loaded has none either ("A
 * person whose memberships are not loaded is refused all members-only
 * content"): EMP_UNLOADED was given no role in the table. */
static enum space_role spec_role(int w, int s) {
    return actors[w].circle == ANONYMOUS ? SROLE_NONE : actors[w].role[s];
}

/* "View a space", the table, for the space itself:
 *   | visibility | anonymous | external            | employee                                              |
 *   | public     | yes       | yes                 | yes                                                   |
 *   | internal   | no        | no                  | yes                                                   |
 *   | private    | no        | no                  | yes, unless secret and not member/invited/requested   |
 *   | extranet   | no        | only member/invited | yes, unless secret and not member/invited/requested   |
 *   (admins: always) */
static int spec_views_itself(int w, int s) {
    enum circle c = actors[w].circle;
    enum space_role r = spec_role(w, s);
    int known = r != SROLE_NONE; /* member (or more), invited or requested */
    if (S[s].vis == VIS_PUBLIC) return 1;
    if (c == ANONYMOUS) return 0;
    if (c == ADMINISTRATOR) return 1;
    switch (S[s].vis) {
    case VIS_INTERNAL:
        return c == EMPLOYEE;
    case VIS_PRIVATE:
        return c == EMPLOYEE && (!S[s].secret || known);
    case VIS_EXTRANET:
        if (c == EXTERNAL) return r == SROLE_INVITED || r >= SROLE_MEMBER;
        return !S[s].secret || known;
    default:
        return 0;
    }
}

/* "... and every parent must be viewable too". */
static int spec_views(int w, int s) {
    for (; s >= 0; s = S[s].parent)
        if (!spec_views_itself(w, s)) return 0;
    return 1;
}

/* The answer the decision gives to actor w doing `act` in space s (for an
 * item or a comment: the one Paul posted there, so never the actor's own).
 * Every action starts from view: what one may not view does not exist for
 * them (a hidden parent "hides the child"). */
static int expected(int w, int s, enum action act) {
    enum circle c = actors[w].circle;
    enum space_role r = spec_role(w, s);
    int admin = c == ADMINISTRATOR;
    int employee = c == EMPLOYEE || admin; /* the internal circle */
    int open = S[s].vis == VIS_INTERNAL || S[s].vis == VIS_PUBLIC;
    int live = !S[s].archived;
    int view = spec_views(w, s);
    int member = admin || r >= SROLE_MEMBER;       /* "member (or admin)"; "Admins act as owners of every space" */
    int moderator = admin || r >= SROLE_MODERATOR; /* "a moderator, owner or admin" */
    int owner = admin || r == SROLE_OWNER;         /* "owner or admin" */
    /* "Read: view, and the space is public or internal, or the actor is a member or an admin." */
    int read = view && (open || member);
    switch (act) {
    case ACT_VIEW_SPACE:
        return view;
    /* "Find in the directory: view, and not archived." */
    case ACT_FIND_SPACE:
        return view && live;
    case ACT_READ_SPACE:
    case ACT_READ_ITEM:
        return read;
    /* "List members: read, and the actor is an employee or a member." */
    case ACT_LIST_MEMBERS:
        return read && (employee || r >= SROLE_MEMBER);
    /* "Post: read, member (or admin), not archived." */
    case ACT_POST:
        return read && member && live;
    /* "Comment, like: read, not archived, and member (or admin) — or, in
     * internal and public spaces, any employee." */
    case ACT_COMMENT:
    case ACT_LIKE:
        return read && live && (member || (employee && open));
    /* "Edit or delete an item: read, not archived, and the author or a
     * moderator, owner or admin." (Paul's item: the actor is not the author.) */
    case ACT_EDIT_ITEM:
    case ACT_DELETE_ITEM:
        return read && live && moderator;
    /* "Pin: moderator, owner, admin; not archived." */
    case ACT_PIN_ITEM:
        return read && live && moderator;
    /* A comment is edited by its author only (Paul's: no actor here). */
    case ACT_EDIT_COMMENT:
        return 0;
    /* "Delete a comment: its author, an admin, or a moderator of the
     * space." The decision names who, not when: read as every other change
     * to content (read, and archived spaces are read-only). */
    case ACT_DELETE_COMMENT:
        return read && live && moderator;
    /* "Join at once: not archived, not yet a member, and either invited, or
     * an employee joining an internal or public space." */
    case ACT_JOIN_SPACE:
        return view && live && r < SROLE_MEMBER && (r == SROLE_INVITED || (employee && open));
    /* "Ask to join: an employee, private or extranet space, not archived, no role yet." */
    case ACT_REQUEST_JOIN:
        return view && employee && !open && live && r == SROLE_NONE;
    /* "Leave (or decline, withdraw): any role." (The last owner: see below.) */
    case ACT_LEAVE_SPACE:
        return view && r != SROLE_NONE;
    /* "Manage members, change settings, create a sub-space: owner or admin, employee, not archived." */
    case ACT_MANAGE_MEMBERS:
    case ACT_SPACE_SETTINGS:
    case ACT_CREATE_SPACE:
        return view && owner && employee && live;
    /* "Archive or restore: owner or admin." */
    case ACT_ARCHIVE_SPACE:
        return view && owner;
    /* "Delete: admin." */
    case ACT_DELETE_SPACE:
        return view && admin;
    default:
        fail_msg("the oracle has no rule for action %d", (int)act);
    }
    return 0;
}

/* ================================================================== */
/* Helpers: one call, one arena, as one request                       */
/* ================================================================== */

static int64_t make_person(const char *email, const char *name, enum role role) {
    struct arena a = {0};
    struct err e = {0};
    int64_t id = 0;
    int rc = people_create(db, &a, email, name, role, NULL, &id, &e);
    arena_free(&a);
    if (rc) fail_msg("people_create %s: %s", email, e.msg);
    return id;
}

/* The person as the server loads a signed-in actor: from the people cache,
 * with memberships from the membership cache. 0: anonymous (NULL). */
static struct person *as(struct arena *a, int64_t id) {
    if (!id) return NULL;
    struct person *p = people_cached(db, a, id);
    if (!p) fail_msg("no person %lld", (long long)id);
    people_load_spaces(db, a, p);
    return p;
}

static int create_space(int64_t by, const char *name, enum space_visibility vis, int secret, int64_t parent,
                        int64_t *id) {
    struct arena a = {0};
    struct err e = {0};
    struct space_input in = {
        .name = name, .visibility = space_visibility_name(vis), .secret = secret, .parent_id = parent};
    int rc = space_create(db, &a, as(&a, by), &in, id, &e);
    arena_free(&a);
    return rc;
}

/* A space Olga creates (and owns). */
static int64_t new_space(const char *name, enum space_visibility vis, int secret, int64_t parent) {
    int64_t id = 0;
    int rc = create_space(ID(OWNER), name, vis, secret, parent, &id);
    if (rc) fail_msg("space_create %s: %d", name, rc);
    return id;
}

/* Changes a space's visibility (NULL: unchanged) and secrecy (-1: unchanged). */
static int update_space(int64_t by, int64_t space, const char *visibility, int secret) {
    struct arena a = {0};
    struct err e = {0};
    struct space_input in = {.visibility = visibility, .secret = secret};
    int rc = space_update(db, &a, as(&a, by), space, &in, &e);
    arena_free(&a);
    return rc;
}

static int invite(int64_t by, int64_t space, int64_t who) {
    struct arena a = {0};
    struct err e = {0};
    int rc = space_invite(db, &a, as(&a, by), space, who, &e);
    arena_free(&a);
    return rc;
}

/* Joins, accepts an invitation or asks to join; returns the new role, or
 * -code on error. */
static int join(int64_t who, int64_t space) {
    struct arena a = {0};
    struct err e = {0};
    enum space_role r = SROLE_NONE;
    int rc = space_join(db, &a, as(&a, who), space, &r, &e);
    arena_free(&a);
    return rc ? -rc : (int)r;
}

static int leave(int64_t who, int64_t space) {
    struct arena a = {0};
    struct err e = {0};
    int rc = space_leave(db, &a, as(&a, who), space, &e);
    arena_free(&a);
    return rc;
}

static int set_role(int64_t by, int64_t space, int64_t who, enum space_role role) {
    struct arena a = {0};
    struct err e = {0};
    int rc = space_set_role(db, &a, as(&a, by), space, who, role, &e);
    arena_free(&a);
    return rc;
}

static int remove_member(int64_t by, int64_t space, int64_t who) {
    struct arena a = {0};
    struct err e = {0};
    int rc = space_remove_member(db, &a, as(&a, by), space, who, &e);
    arena_free(&a);
    return rc;
}

static int archive(int64_t by, int64_t space, int archived) {
    struct arena a = {0};
    struct err e = {0};
    int rc = space_set_archived(db, &a, as(&a, by), space, archived, &e);
    arena_free(&a);
    return rc;
}

static int delete_space(int64_t by, int64_t space) {
    struct arena a = {0};
    struct err e = {0};
    int rc = space_delete(db, &a, as(&a, by), space, &e);
    arena_free(&a);
    return rc;
}

/* Posts in a space (0: on the profile); the post must succeed. */
static int64_t post(int64_t by, int64_t space, const char *body) {
    struct arena a = {0};
    struct err e = {0};
    struct item_input in = {.type = "status", .body = body, .space_id = space};
    int64_t id = 0;
    int rc = item_create(db, &a, as(&a, by), &in, &id, &e);
    arena_free(&a);
    if (rc) fail_msg("item_create \"%s\": %d %s", body, rc, e.msg);
    return id;
}

static int64_t comment(int64_t by, int64_t item, const char *body) {
    struct arena a = {0};
    struct err e = {0};
    int64_t id = 0;
    int rc = comment_create(db, &a, as(&a, by), item, 0, body, &id, &e);
    arena_free(&a);
    if (rc) fail_msg("comment_create \"%s\": %d %s", body, rc, e.msg);
    return id;
}

static int sees_space(int64_t who, int64_t space) {
    struct arena a = {0};
    int yes = space_view(db, &a, as(&a, who), space) != NULL;
    arena_free(&a);
    return yes;
}

static int reads_item(int64_t who, int64_t item) {
    struct arena a = {0};
    int yes = item_get(db, &a, as(&a, who), item) != NULL;
    arena_free(&a);
    return yes;
}

static int sees_person(int64_t who, int64_t person) {
    struct arena a = {0};
    int yes = people_view(db, &a, as(&a, who), person) != NULL;
    arena_free(&a);
    return yes;
}

static int unread(int64_t who) { return notify_unread(db, who); }

static void mark_all_read(int64_t who) {
    struct arena a = {0};
    struct err e = {0};
    assert_int_equal(notify_mark_read(db, as(&a, who), 0, &e), 0);
    arena_free(&a);
}

/* 1 if who's notification list shows one of this kind about this space or item. */
static int notified(int64_t who, enum notify_kind kind, int64_t space, int64_t item) {
    struct arena a = {0};
    struct err e = {0};
    struct notification **list;
    int n, found = 0;
    const char *next;
    assert_int_equal(notify_list(db, &a, as(&a, who), NULL, 100, &list, &n, &next, &e), 0);
    for (int i = 0; i < n; i++)
        if (list[i]->kind == kind && list[i]->space_id == space && list[i]->item_id == item) found = 1;
    arena_free(&a);
    return found;
}

static void reset_caches(void) {
    space_cache_reset();
    people_cache_reset();
    item_cache_stop();
    item_cache_start();
    timeline_reset();
    timeline_start();
}

/* ================================================================== */
/* Building the fixture, through core functions only                  */
/* ================================================================== */

static int add_space(const struct kind *k, int parent, int archived) {
    assert_true(NS < MAXS);
    struct fx_space *f = &S[NS];
    f->vis = k->vis;
    f->secret = k->secret;
    f->parent = parent;
    f->archived = archived;
    snprintf(f->label, sizeof f->label, "%s%s%s%s", parent >= 0 ? S[parent].label : "", parent >= 0 ? " > " : "",
             k->name, archived ? " (archived)" : "");
    return NS++;
}

/* Each kind top-level; under it every kind the nesting rules allow (a
 * secret parent with open children among them), live and archived; each
 * kind archived, with a live sub-space of the same kind. */
static void plan_spaces(void) {
    for (int k = 0; k < NKINDS; k++) {
        int top = add_space(&KINDS[k], -1, 0);
        for (int c = 0; c < NKINDS; c++)
            if (SPEC_FITS[KINDS[k].vis][KINDS[c].vis]) {
                add_space(&KINDS[c], top, 0);
                add_space(&KINDS[c], top, 1);
            }
        int old = add_space(&KINDS[k], -1, 1);
        add_space(&KINDS[k], old, 0);
    }
}

/* An extranet space whose parents an external can be let into or sees
 * anyway: each is extranet (where they get the same role) or public. */
static int reachable_by_externals(int s) {
    if (S[s].vis != VIS_EXTRANET) return 0;
    for (int p = S[s].parent; p >= 0; p = S[p].parent)
        if (S[p].vis != VIS_EXTRANET && S[p].vis != VIS_PUBLIC) return 0;
    return 1;
}

/* The role each actor is to have in space s. */
static enum space_role planned(int w, int s) {
    int closed = S[s].vis == VIS_PRIVATE || S[s].vis == VIS_EXTRANET;
    switch (w) {
    case DISABLED:
    case EMP_MEMBER:
        return SROLE_MEMBER;
    case EXT_MEMBER:
        return reachable_by_externals(s) ? SROLE_MEMBER : SROLE_NONE;
    case EXT_MODERATOR:
        return reachable_by_externals(s) ? SROLE_MODERATOR : SROLE_NONE;
    case EXT_INVITED:
        return reachable_by_externals(s) ? SROLE_INVITED : SROLE_NONE;
    case EXT_REQUESTED:
    case EMP_REQUESTED:
        return closed ? SROLE_REQUESTED : SROLE_NONE;
    case EMP_SUB_MEMBER:
        return S[s].parent >= 0 ? SROLE_MEMBER : SROLE_NONE;
    case EMP_INVITED:
        return SROLE_INVITED;
    case MODERATOR:
        return SROLE_MODERATOR;
    case OWNER:
        return SROLE_OWNER;
    default:
        return SROLE_NONE;
    }
}

#define MUST(call, want)                                                                                               \
    do {                                                                                                               \
        int got_ = (call);                                                                                             \
        if (got_ != (want)) fail_msg("%s in %s: got %d, expected %d", #call, S[s].label, got_, (int)(want));           \
    } while (0)

/* Gives actor w its planned role in space s, each by a different path
 * (invitation accepted, request approved, open join, role change). */
static void give_role(int w, int s) {
    enum space_role want = planned(w, s);
    int64_t id = ID(w), owner = ID(OWNER), sid = S[s].id;
    int open = S[s].vis == VIS_INTERNAL || S[s].vis == VIS_PUBLIC;
    switch (w) {
    case EXT_MEMBER:
    case EMP_MEMBER:
    case EMP_SUB_MEMBER:
    case EXT_MODERATOR:
        /* externals: only into extranet spaces whose parents they can see */
        if (w == EXT_MEMBER && !want) MUST(invite(owner, sid, id), ERR_INVALID);
        if (!want) break;
        MUST(invite(owner, sid, id), 0);
        MUST(join(id, sid), SROLE_MEMBER);
        if (want == SROLE_MODERATOR) MUST(set_role(owner, sid, id, SROLE_MODERATOR), 0);
        break;
    case DISABLED: /* open spaces: invited, accepts; closed ones: asks, the owner approves by inviting */
        if (open) {
            MUST(invite(owner, sid, id), 0);
            MUST(join(id, sid), SROLE_MEMBER);
        } else {
            MUST(join(id, sid), SROLE_REQUESTED);
            MUST(invite(owner, sid, id), 0);
        }
        break;
    case MODERATOR: /* joins or asks; made moderator at once (which approves a request) */
        MUST(join(id, sid), open ? SROLE_MEMBER : SROLE_REQUESTED);
        MUST(set_role(owner, sid, id, SROLE_MODERATOR), 0);
        break;
    case EXT_INVITED:
    case EMP_INVITED:
        if (want) MUST(invite(owner, sid, id), 0);
        break;
    case EXT_REQUESTED:
    case EMP_REQUESTED:
        if (want) MUST(join(id, sid), SROLE_REQUESTED);
        break;
    default:
        break;
    }
    actors[w].role[s] = want;
}

static void build_fixture(void) {
    plan_spaces();
    /* every space is created open (not secret) so that requests can be made;
     * the secret ones are closed afterwards, as an owner would */
    for (int s = 0; s < NS; s++) {
        char name[SPACE_NAME_MAX + 1];
        snprintf(name, sizeof name, "M%02d %s", s, S[s].label);
        S[s].id = new_space(name, S[s].vis, 0, S[s].parent >= 0 ? S[S[s].parent].id : 0);
        actors[OWNER].role[s] = SROLE_OWNER;
    }
    for (int s = 0; s < NS; s++) { /* parents first: their members can then be let into the children */
        for (int w = 0; w < NACTORS; w++)
            if (w != OWNER) give_role(w, s);
        int open = S[s].vis == VIS_INTERNAL || S[s].vis == VIS_PUBLIC;
        MUST(join(paul, S[s].id), open ? SROLE_MEMBER : SROLE_REQUESTED);
        if (!open) MUST(set_role(ID(OWNER), S[s].id, paul, SROLE_MEMBER), 0); /* approves */
        char body[160];
        snprintf(body, sizeof body, "Fixture item in %s", S[s].label);
        S[s].item = post(paul, S[s].id, body);
        S[s].comment = comment(paul, S[s].item, "Fixture comment");
    }
    for (int s = 0; s < NS; s++)
        if (S[s].secret) MUST(update_space(ID(OWNER), S[s].id, NULL, 1), 0);
    for (int s = 0; s < NS; s++) /* archived by the owner or by the admin */
        if (S[s].archived) MUST(archive(s % 2 ? ID(ADMIN) : ID(OWNER), S[s].id, 1), 0);
    /* the account changes: Reza becomes external, his requests still pending; Dora is disabled */
    struct arena a = {0};
    struct err e = {0};
    struct person_edit external = {.role = "external"};
    assert_int_equal(people_update(db, &a, as(&a, ID(ADMIN)), ID(EXT_REQUESTED), &external, &e), 0);
    assert_int_equal(people_set_disabled(db, ID(DISABLED), 1), 0);
    arena_free(&a);
}

static int setup(void **state) {
    crypto_setup();
    snprintf(dir, sizeof dir, "/tmp/ruche-test-spaces-XXXXXX");
    if (!mkdtemp(dir)) return -1;
    char path[128], err[256];
    snprintf(path, sizeof path, "%s/ruche.db", dir);
    db = db_open(path, err, sizeof err);
    if (!db || db_migrate(db, err, sizeof err)) return -1;
    /* the caches the server runs with (server.c), so their invalidation is tested too */
    timeline_start();
    people_cache_start();
    item_cache_start();
    space_cache_start();
    for (int w = 0; w < NACTORS; w++)
        if (actors[w].email) actors[w].id = make_person(actors[w].email, actors[w].name, actors[w].account);
    paul = make_person("paul@example.com", "Paul Poster", ROLE_EMPLOYEE);
    build_fixture();
    return 0;
}

static int teardown(void **state) {
    timeline_reset();
    item_cache_stop();
    people_cache_reset();
    space_cache_reset();
    bus_reset();
    db_close(db);
    char cmd[100];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    return system(cmd);
}

/* ================================================================== */
/* 1. The matrix, at the policy level                                 */
/* ================================================================== */

enum target { ON_SPACE, ON_ITEM, ON_COMMENT };

static const struct act {
    const char *label;
    enum target on;
    enum action act;
} ACTS[] = {
    {"see in directory", ON_SPACE, ACT_FIND_SPACE},
    {"view space (about page)", ON_SPACE, ACT_VIEW_SPACE},
    {"read space stream", ON_SPACE, ACT_READ_SPACE},
    {"read item", ON_ITEM, ACT_READ_ITEM},
    {"list members", ON_SPACE, ACT_LIST_MEMBERS},
    {"post", ON_SPACE, ACT_POST},
    {"comment (on the item)", ON_ITEM, ACT_COMMENT},
    {"comment (in the space)", ON_SPACE, ACT_COMMENT},
    {"like (the item)", ON_ITEM, ACT_LIKE},
    {"like (in the space)", ON_SPACE, ACT_LIKE},
    {"edit another's item", ON_ITEM, ACT_EDIT_ITEM},
    {"delete another's item", ON_ITEM, ACT_DELETE_ITEM},
    {"pin an item", ON_ITEM, ACT_PIN_ITEM},
    {"edit another's comment", ON_COMMENT, ACT_EDIT_COMMENT},
    {"delete another's comment", ON_COMMENT, ACT_DELETE_COMMENT},
    {"join at once", ON_SPACE, ACT_JOIN_SPACE},
    {"ask to join", ON_SPACE, ACT_REQUEST_JOIN},
    {"leave", ON_SPACE, ACT_LEAVE_SPACE},
    {"manage members", ON_SPACE, ACT_MANAGE_MEMBERS},
    {"change settings", ON_SPACE, ACT_SPACE_SETTINGS},
    {"create a sub-space", ON_SPACE, ACT_CREATE_SPACE},
    {"archive or restore", ON_SPACE, ACT_ARCHIVE_SPACE},
    {"delete the space", ON_SPACE, ACT_DELETE_SPACE},
};
enum { NACTS = sizeof ACTS / sizeof ACTS[0] };

static int printed; /* mismatch lines printed in this test (all are counted) */

static int mismatch(const char *pass, int w, int s, const char *what, const char *want, const char *got) {
    if (printed++ < 300)
        printf("MISMATCH [%s] actor: %s | space: %s | %s: expected %s, got %s\n", pass, actors[w].label,
               s >= 0 ? S[s].label : "-", what, want, got);
    return 1;
}

static const char *yes_no(int v) { return v ? "allowed" : "refused"; }

static const char *rc_name(int rc) {
    switch (rc) {
    case 0:
        return "ok";
    case ERR_INVALID:
        return "ERR_INVALID";
    case ERR_FORBIDDEN:
        return "ERR_FORBIDDEN";
    case ERR_NOT_FOUND:
        return "ERR_NOT_FOUND";
    case ERR_CONFLICT:
        return "ERR_CONFLICT";
    default:
        return "another error";
    }
}

/* Actor w as core sees it in a request. */
static struct person *load_actor(struct arena *a, int w) {
    if (w == ANON) return NULL;
    if (w == EMP_UNLOADED) return people_cached(db, a, ID(EMP_MEMBER)); /* people_load_spaces forgotten */
    return as(a, ID(w));
}

/* Checks that the space as core loads it is the one the fixture meant:
 * its settings and its chain of parents up to the top. */
static int loaded_as_meant(const char *pass, int s, const struct space *sp, const struct item *it) {
    int bad = 0;
    if (sp->visibility != S[s].vis || !sp->secret != !S[s].secret || !sp->archived_at != !S[s].archived)
        bad += mismatch(pass, ADMIN, s, "space_cached settings", "as built", "different");
    const struct space *q = sp;
    for (int p = s; p >= 0; p = S[p].parent, q = q->parent)
        if (!q || q->id != S[p].id) return bad + mismatch(pass, ADMIN, s, "space_cached parents", "chain", "broken");
    if (q) bad += mismatch(pass, ADMIN, s, "space_cached parents", "top reached", "one more");
    if (!it->space || it->space->id != S[s].id || it->space_id != S[s].id)
        bad += mismatch(pass, ADMIN, s, "items_load attaches the space", "attached", "missing");
    return bad;
}

static int policy_pass(const char *pass, long *cases) {
    int bad = 0;
    for (int w = 0; w < NACTORS; w++) {
        struct arena a = {0};
        struct person *me = load_actor(&a, w), *ada = as(&a, ID(ADMIN));
        for (int s = 0; s < NS; s++) {
            /* the objects as core loads them: a space with its parents, an item with its space */
            const struct space *sp = space_cached(db, &a, S[s].id);
            struct item *it = NULL;
            items_load(db, &a, &S[s].item, 1, &it);
            struct comment *c = comment_get(db, &a, ada, S[s].comment);
            if (!sp || !it || !c) fail_msg("fixture of %s not loaded", S[s].label);
            if (w == ADMIN) bad += loaded_as_meant(pass, s, sp, it);
            for (int i = 0; i < NACTS; i++) {
                int got = ACTS[i].on == ON_SPACE  ? policy_space(me, ACTS[i].act, sp)
                          : ACTS[i].on == ON_ITEM ? policy_item(me, ACTS[i].act, it)
                                                  : policy_comment(me, ACTS[i].act, c, it);
                int want = expected(w, s, ACTS[i].act);
                (*cases)++;
                if (got != want) bad += mismatch(pass, w, s, ACTS[i].label, yes_no(want), yes_no(got));
            }
        }
        arena_free(&a);
    }
    return bad;
}

/* ================================================================== */
/* 2. The core functions agree with the matrix                        */
/* ================================================================== */

/* What a core function answers: ok when allowed; "not found" when the
 * actor may not see the thing at all; "forbidden" when they see it but may
 * not do this. */
static int answer(int allowed, int visible) { return allowed ? 0 : visible ? ERR_FORBIDDEN : ERR_NOT_FOUND; }

/* The directory (space_list), every page: listed[s] counts space s. */
static void directory(struct arena *a, const struct person *me, int *listed) {
    struct space_query q = {.limit = 100};
    const char *next = NULL;
    int pages = 0;
    do {
        const struct space **list;
        int n;
        struct err e = {0};
        q.cursor = next;
        assert_int_equal(space_list(db, a, me, &q, &list, &n, &next, &e), 0);
        for (int i = 0; i < n; i++)
            for (int s = 0; s < NS; s++)
                if (list[i]->id == S[s].id) listed[s]++;
    } while (next && ++pages < 100);
}

#define AGREE(what, want, got)                                                                                         \
    do {                                                                                                               \
        int want_ = (want), got_ = (got);                                                                              \
        (*checks)++;                                                                                                   \
        if (want_ != got_) bad += mismatch(pass, w, s, what, rc_name(want_), rc_name(got_));                           \
    } while (0)
#define E(act) expected(w, s, act)
#define FOUND(v) ((v) ? 0 : ERR_NOT_FOUND)

/* Every core entry point for actor w in space s. Writes that are allowed
 * leave the fixture as it was (undone, or set to what it is). */
static int core_agrees(const char *pass, int w, int s, const struct person *me, long *checks) {
    int bad = 0;
    struct arena b = {0};
    struct err e = {0};
    int64_t sid = S[s].id, id;
    int view = E(ACT_VIEW_SPACE), read = E(ACT_READ_SPACE), rc, n;
    const char *next;

    AGREE("space_view", FOUND(view), FOUND(space_view(db, &b, me, sid)));
    AGREE("item_get", FOUND(read), FOUND(item_get(db, &b, me, S[s].item)));
    /* the space's stream, read from the fixture item down */
    struct item **items;
    struct stream_query q = {.kind = STREAM_SPACE, .space = sid, .limit = 5};
    q.cursor = arena_printf(&b, "%lld", (long long)S[s].item + 1);
    rc = stream_read(db, &b, me, &q, &items, &n, &next, &e);
    AGREE("stream_read STREAM_SPACE", FOUND(read), rc);
    if (!rc && (n < 1 || items[0]->id != S[s].item))
        bad += mismatch(pass, w, s, "stream_read shows the fixture item", "shown", "missing");
    struct item **pinned;
    AGREE("space_pinned", FOUND(read), space_pinned(db, &b, me, sid, &pinned, &n));
    struct space_member **members;
    rc = space_members(db, &b, me, sid, SROLE_MEMBER, NULL, NULL, 100, &members, &n, &next, &e);
    AGREE("space_members (members)", FOUND(E(ACT_LIST_MEMBERS)), rc);
    if (!rc && n < 1) bad += mismatch(pass, w, s, "space_members lists the owner", "listed", "empty");
    rc = space_members(db, &b, me, sid, SROLE_INVITED, NULL, NULL, 100, &members, &n, &next, &e);
    AGREE("space_members (invitations)", FOUND(E(ACT_MANAGE_MEMBERS)), rc);

    struct item_input in = {.type = "status", .body = "Posted by the matrix", .space_id = sid};
    AGREE("item_create in the space", answer(E(ACT_POST), read), item_create(db, &b, me, &in, &id, &e));
    AGREE("comment_create", answer(E(ACT_COMMENT), read),
          comment_create(db, &b, me, S[s].item, 0, "A comment from the matrix", &id, &e));
    rc = like_item(db, &b, me, S[s].item, 1, &e);
    AGREE("like_item", answer(E(ACT_LIKE), read), rc);
    if (!rc) AGREE("like_item (off again)", 0, like_item(db, &b, me, S[s].item, 0, &e));
    struct item_input unchanged = {0};
    AGREE("item_update of another's item", answer(E(ACT_EDIT_ITEM), read),
          item_update(db, &b, me, S[s].item, &unchanged, &e));
    rc = item_pin(db, &b, me, S[s].item, 1, &e);
    AGREE("item_pin", answer(E(ACT_PIN_ITEM), read), rc);
    if (!rc) AGREE("item_pin (unpin)", 0, item_pin(db, &b, me, S[s].item, 0, &e));
    AGREE("comment_update of another's comment", answer(0, read),
          comment_update(db, &b, me, S[s].comment, "Fixture comment", &e));
    /* deletions: when allowed, of a fresh item or comment of Paul's */
    if (E(ACT_DELETE_COMMENT))
        AGREE("comment_delete of another's comment", 0,
              comment_delete(db, &b, me, comment(paul, S[s].item, "To be removed"), &e));
    else
        AGREE("comment_delete of another's comment", answer(0, read), comment_delete(db, &b, me, S[s].comment, &e));
    if (E(ACT_DELETE_ITEM))
        AGREE("item_delete of another's item", 0, item_delete(db, &b, me, post(paul, sid, "To be removed"), &e));
    else
        AGREE("item_delete of another's item", answer(0, read), item_delete(db, &b, me, S[s].item, &e));
    /* settings and archiving, set to what they are */
    struct space_input same = {.secret = -1};
    AGREE("space_update", answer(E(ACT_SPACE_SETTINGS), view), space_update(db, &b, me, sid, &same, &e));
    AGREE("space_set_archived", answer(E(ACT_ARCHIVE_SPACE), view),
          space_set_archived(db, &b, me, sid, S[s].archived, &e));
    arena_free(&b);
    return bad;
}

static int core_pass(const char *pass, long *checks) {
    int bad = 0;
    for (int w = 0; w < NACTORS; w++) {
        struct arena a = {0};
        struct person *me = load_actor(&a, w);
        int listed[MAXS] = {0};
        directory(&a, me, listed);
        for (int s = 0; s < NS; s++) {
            AGREE("space_list (directory) lists it", FOUND(E(ACT_FIND_SPACE)), FOUND(listed[s]));
            bad += core_agrees(pass, w, s, me, checks);
        }
        arena_free(&a);
    }
    return bad;
}

static void permission_matrix(void **state) {
    static const char *const passes[] = {"caches as the fixture left them", "after cache resets", "warm caches"};
    long cases = 0, checks = 0;
    int bad = 0;
    printed = 0;
    for (int pass = 0; pass < 3; pass++) {
        if (pass == 1) reset_caches();
        bad += policy_pass(passes[pass], &cases);
        bad += core_pass(passes[pass], &checks);
    }
    printf("spaces matrix: %d actors x %d spaces x %d actions x 3 passes = %ld policy cases; %ld core checks; "
           "%d mismatches\n",
           (int)NACTORS, NS, (int)NACTS, cases, checks, bad);
    assert_int_equal(bad, 0);
}

/* ================================================================== */
/* 3. The rules around it                                             */
/* ================================================================== */

/* Fixture spaces whose item a whole stream shows (shown[s]), every page. */
static int stream_shows(struct arena *a, const struct person *me, enum stream_kind kind, int limit, int *shown,
                        int64_t *ids, int *nids) {
    struct stream_query q = {.kind = kind, .limit = limit};
    const char *next = NULL;
    int pages = 0;
    *nids = 0;
    do {
        struct item **items;
        int n;
        struct err e = {0};
        q.cursor = next;
        int rc = stream_read(db, a, me, &q, &items, &n, &next, &e);
        if (rc) return rc;
        for (int i = 0; i < n; i++) {
            if (*nids < 20000) ids[(*nids)++] = items[i]->id;
            for (int s = 0; s < NS; s++)
                if (items[i]->id == S[s].item) shown[s]++;
        }
    } while (next && ++pages < 2000);
    return 0;
}

/* Home = followees + self + mentions + the spaces I am a member of;
 * company = profile posts + internal and public spaces; both filtered
 * through what one may read. Nobody here follows or mentions Paul, so a
 * fixture item is in someone's home only through its space. The home
 * stream answers the same from the in-memory timeline and from SQL. */
static void home_and_company_streams(void **state) {
    static int64_t fast[20000], slow[20000];
    const char *pass = "streams";
    long count = 0, *checks = &count;
    int bad = 0;
    printed = 0;
    for (int w = 0; w < NACTORS; w++) {
        if (w == DISABLED) continue; /* a disabled account never signs in */
        struct arena a = {0};
        struct person *me = load_actor(&a, w);
        int home[MAXS] = {0}, again[MAXS] = {0}, company[MAXS] = {0}, nfast, nslow, s = -1; /* -1: the whole stream */
        int employee = actors[w].circle == EMPLOYEE || actors[w].circle == ADMINISTRATOR;
        AGREE("home stream", FOUND(w != ANON), stream_shows(&a, me, STREAM_HOME, 20, home, fast, &nfast));
        timeline_reset(); /* the same pages from SQL */
        AGREE("home stream (SQL)", FOUND(w != ANON), stream_shows(&a, me, STREAM_HOME, 20, again, slow, &nslow));
        timeline_start();
        if (nfast != nslow || memcmp(fast, slow, sizeof *fast * (size_t)nfast))
            bad += mismatch(pass, w, s, "home stream: timeline and SQL", "the same items", "different ones");
        AGREE("company stream", FOUND(employee), stream_shows(&a, me, STREAM_COMPANY, 100, company, fast, &nfast));
        for (s = 0; s < NS; s++) {
            AGREE("home stream shows the space's item", FOUND(spec_role(w, s) >= SROLE_MEMBER && E(ACT_READ_ITEM)),
                  FOUND(home[s]));
            int open = S[s].vis == VIS_INTERNAL || S[s].vis == VIS_PUBLIC;
            AGREE("company stream shows the space's item", FOUND(employee && open && E(ACT_READ_ITEM)),
                  FOUND(company[s]));
        }
        arena_free(&a);
    }
    printf("streams: %ld checks\n", count);
    assert_int_equal(bad, 0);
}

/* A sub-space is never more visible than its parent: space_create and
 * space_update refuse it (ERR_INVALID), for every pair of visibilities. */
static void nesting_never_widens(void **state) {
    static const enum space_visibility V[] = {VIS_PUBLIC, VIS_INTERNAL, VIS_EXTRANET, VIS_PRIVATE};
    char name[80];
    int64_t id;
    for (int p = 0; p < 4; p++) {
        snprintf(name, sizeof name, "Nest %s", space_visibility_name(V[p]));
        int64_t parent = new_space(name, V[p], 0, 0);
        for (int c = 0; c < 4; c++)
            for (int secret = 0; secret < 2; secret++) {
                if (secret && V[c] != VIS_PRIVATE && V[c] != VIS_EXTRANET) continue;
                snprintf(name, sizeof name, "Nest %s > %s%s", space_visibility_name(V[p]), secret ? "secret " : "",
                         space_visibility_name(V[c]));
                int rc = create_space(ID(OWNER), name, V[c], secret, parent, &id);
                if (rc != (SPEC_FITS[V[p]][V[c]] ? 0 : ERR_INVALID)) fail_msg("create %s: %s", name, rc_name(rc));
            }
    }
    /* changes: for each allowed pair, the child may not widen, the parent may not narrow below it */
    for (int p = 0; p < 4; p++)
        for (int c = 0; c < 4; c++) {
            if (!SPEC_FITS[V[p]][V[c]]) continue;
            snprintf(name, sizeof name, "Change %s", space_visibility_name(V[p]));
            int64_t parent = new_space(name, V[p], 0, 0);
            snprintf(name, sizeof name, "Change %s > %s", space_visibility_name(V[p]), space_visibility_name(V[c]));
            int64_t child = new_space(name, V[c], 0, parent);
            for (int v = 0; v < 4; v++) {
                if (V[v] == V[c]) continue;
                int rc = update_space(ID(OWNER), child, space_visibility_name(V[v]), -1);
                if (rc != (SPEC_FITS[V[p]][V[v]] ? 0 : ERR_INVALID))
                    fail_msg("%s: child to %s: %s", name, space_visibility_name(V[v]), rc_name(rc));
                if (!rc) assert_int_equal(update_space(ID(OWNER), child, space_visibility_name(V[c]), -1), 0);
            }
            for (int v = 0; v < 4; v++) {
                if (V[v] == V[p]) continue;
                int rc = update_space(ID(OWNER), parent, space_visibility_name(V[v]), -1);
                if (rc != (SPEC_FITS[V[v]][V[c]] ? 0 : ERR_INVALID))
                    fail_msg("%s: parent to %s: %s", name, space_visibility_name(V[v]), rc_name(rc));
                if (!rc) assert_int_equal(update_space(ID(OWNER), parent, space_visibility_name(V[p]), -1), 0);
            }
        }
    /* only private and extranet spaces can be secret */
    int64_t hall = new_space("Secretless hall", VIS_INTERNAL, 0, 0);
    assert_int_equal(update_space(ID(OWNER), hall, NULL, 1), ERR_INVALID);
    assert_int_equal(create_space(ID(OWNER), "Secret public", VIS_PUBLIC, 1, 0, &id), ERR_INVALID);
    /* "Nesting stops at 8 levels": 8 levels under a top-level space (spaces.h) */
    int64_t chain[10];
    chain[0] = new_space("Depth 0", VIS_PRIVATE, 0, 0);
    for (int d = 1; d <= 8; d++) {
        snprintf(name, sizeof name, "Depth %d", d);
        chain[d] = new_space(name, VIS_PRIVATE, 0, chain[d - 1]);
    }
    assert_int_equal(create_space(ID(OWNER), "Depth 9", VIS_PRIVATE, 0, chain[8], &id), ERR_INVALID);
    assert_true(sees_space(ID(OWNER), chain[8]));
    assert_true(sees_space(ID(EMP_NONMEMBER), chain[8])); /* open private spaces: employees see the about page */
    assert_false(sees_space(ID(EXT_MEMBER), chain[8]));
    /* who may create: employees at the top; under a space, its owners; what one cannot see is not found */
    assert_int_equal(create_space(ID(EXT_MEMBER), "External's own", VIS_EXTRANET, 0, 0, &id), ERR_FORBIDDEN);
    assert_int_equal(create_space(ID(EMP_NONMEMBER), "Under the hall", VIS_INTERNAL, 0, hall, &id), ERR_FORBIDDEN);
    int64_t hidden = new_space("Hidden", VIS_PRIVATE, 1, 0);
    assert_int_equal(create_space(ID(EMP_NONMEMBER), "Under the hidden", VIS_PRIVATE, 0, hidden, &id), ERR_NOT_FOUND);
    assert_int_equal(create_space(ID(EMP_NONMEMBER), "Noah's own", VIS_PRIVATE, 1, 0, &id), 0);
}

/* A space keeps at least one owner: the last one can neither leave nor be
 * demoted nor removed, not even by an admin. */
static void last_owner_stays(void **state) {
    int64_t olga = ID(OWNER), mia = ID(EMP_MEMBER), ada = ID(ADMIN);
    int64_t s = new_space("Solo", VIS_PRIVATE, 0, 0);
    assert_int_equal(leave(olga, s), ERR_CONFLICT);
    assert_int_equal(set_role(olga, s, olga, SROLE_MEMBER), ERR_CONFLICT);
    assert_int_equal(set_role(ada, s, olga, SROLE_MODERATOR), ERR_CONFLICT);
    assert_int_equal(remove_member(ada, s, olga), ERR_CONFLICT);
    assert_int_equal(invite(olga, s, mia), 0);
    assert_int_equal(set_role(olga, s, mia, SROLE_OWNER), ERR_CONFLICT); /* not accepted yet */
    assert_int_equal(join(mia, s), SROLE_MEMBER);
    assert_int_equal(set_role(olga, s, mia, SROLE_OWNER), 0);
    assert_int_equal(set_role(mia, s, olga, SROLE_MEMBER), 0); /* two owners: one may step down */
    assert_int_equal(leave(mia, s), ERR_CONFLICT);             /* now the last one */
    assert_int_equal(set_role(mia, s, mia, SROLE_MODERATOR), ERR_CONFLICT);
    assert_int_equal(leave(olga, s), 0);
    assert_int_equal(set_role(olga, s, mia, SROLE_MEMBER), ERR_FORBIDDEN); /* Olga left: no longer manages it */
    assert_true(sees_space(mia, s));
}

/* External accounts may be invited only into extranet spaces (whose
 * parents they can see), and may not own one. */
static void externals_only_in_extranet_spaces(void **state) {
    int64_t olga = ID(OWNER), vera = make_person("vera@partner.example", "Vera Visitor", ROLE_EXTERNAL);
    static const enum space_visibility others[] = {VIS_INTERNAL, VIS_PRIVATE, VIS_PUBLIC};
    for (int i = 0; i < 3; i++) {
        int64_t s = new_space(space_visibility_name(others[i]), others[i], 0, 0);
        assert_int_equal(invite(olga, s, vera), ERR_INVALID);
    }
    int64_t x = new_space("Supplier portal", VIS_EXTRANET, 0, 0);
    assert_int_equal(invite(olga, x, vera), 0);
    assert_true(sees_space(vera, x));
    assert_int_equal(join(vera, x), SROLE_MEMBER);
    assert_int_equal(set_role(olga, x, vera, SROLE_OWNER), ERR_INVALID);
    assert_int_equal(set_role(olga, x, vera, SROLE_MODERATOR), 0);
    /* under an internal space an external could not see the parent */
    int64_t hall = new_space("Partner hall", VIS_INTERNAL, 0, 0),
            room = new_space("Partner room", VIS_EXTRANET, 0, hall);
    assert_int_equal(invite(olga, room, vera), ERR_INVALID);
    /* externals do not join open spaces nor ask to join */
    int64_t pub = new_space("Open house", VIS_PUBLIC, 0, 0), closed = new_space("Closed door", VIS_EXTRANET, 0, 0);
    assert_int_equal(join(vera, pub), -ERR_FORBIDDEN);
    assert_int_equal(join(vera, closed), -ERR_NOT_FOUND);
}

/* Leaving a space (or being removed) deletes one's notifications about
 * what one can no longer read there or in its sub-spaces: counts drop. */
static void leaving_forgets_notifications(void **state) {
    int64_t olga = ID(OWNER), lena = make_person("lena@example.com", "Lena Leaver", ROLE_EMPLOYEE);
    int64_t s = new_space("Confidential", VIS_PRIVATE, 0, 0);
    assert_int_equal(invite(olga, s, lena), 0);
    /* the invitation: about a space she may view */
    assert_int_equal(unread(lena), 1);
    assert_true(notified(lena, NOTIFY_SPACE_INVITE, s, 0));
    assert_int_equal(join(lena, s), SROLE_MEMBER);
    mark_all_read(lena);
    int64_t it = post(olga, s, "Budget draft for @lena");
    assert_int_equal(unread(lena), 1);
    assert_true(notified(lena, NOTIFY_MENTION, 0, it));
    assert_int_equal(leave(lena, s), 0);
    assert_int_equal(unread(lena), 0);
    assert_false(notified(lena, NOTIFY_MENTION, 0, it));
    /* removed by an owner: the same */
    assert_int_equal(invite(olga, s, lena), 0);
    assert_int_equal(join(lena, s), SROLE_MEMBER);
    mark_all_read(lena);
    post(olga, s, "Second draft for @lena");
    assert_int_equal(unread(lena), 1);
    assert_int_equal(remove_member(olga, s, lena), 0);
    assert_int_equal(unread(lena), 0);
    /* leaving a secret parent hides its sub-spaces */
    int64_t vault = new_space("Vault", VIS_PRIVATE, 1, 0), room = new_space("Vault room", VIS_PRIVATE, 0, vault);
    assert_int_equal(invite(olga, vault, lena), 0);
    assert_int_equal(join(lena, vault), SROLE_MEMBER);
    assert_int_equal(invite(olga, room, lena), 0);
    assert_int_equal(join(lena, room), SROLE_MEMBER);
    mark_all_read(lena);
    it = post(olga, room, "In the room, @lena");
    assert_int_equal(unread(lena), 1);
    assert_int_equal(leave(lena, vault), 0);
    assert_false(sees_space(lena, room));
    assert_false(reads_item(lena, it));
    assert_int_equal(unread(lena), 0);
}

/* "... or a space closes to non-members": whoever can no longer read it
 * loses its notifications too. */
static void closing_forgets_notifications(void **state) {
    int64_t olga = ID(OWNER), nils = make_person("nils@example.com", "Nils Neighbour", ROLE_EMPLOYEE),
            pia = make_person("pia@partner.example", "Pia Partner", ROLE_EXTERNAL);
    /* internal -> private: employees who are not members */
    int64_t town = new_space("Town hall", VIS_INTERNAL, 0, 0);
    post(olga, town, "Welcome @nils");
    assert_int_equal(unread(nils), 1);
    assert_int_equal(update_space(olga, town, "private", -1), 0);
    assert_int_equal(unread(nils), 0);
    /* public -> internal: externals */
    int64_t agora = new_space("Agora", VIS_PUBLIC, 0, 0);
    post(olga, agora, "Hello @pia");
    assert_int_equal(unread(pia), 1);
    assert_int_equal(update_space(olga, agora, "internal", -1), 0);
    assert_int_equal(unread(pia), 0);
    /* extranet -> private: its external members see it no more */
    int64_t desk = new_space("Partner desk", VIS_EXTRANET, 0, 0);
    assert_int_equal(invite(olga, desk, pia), 0);
    assert_int_equal(join(pia, desk), SROLE_MEMBER);
    mark_all_read(pia);
    post(olga, desk, "Your order, @pia");
    assert_int_equal(unread(pia), 1);
    assert_int_equal(update_space(olga, desk, "private", -1), 0);
    assert_false(sees_space(pia, desk));
    assert_int_equal(unread(pia), 0);
    /* a parent turning secret hides its sub-spaces from whoever is not in it */
    int64_t lab = new_space("Lab", VIS_PRIVATE, 0, 0), bench = new_space("Lab bench", VIS_PRIVATE, 0, lab);
    assert_int_equal(invite(olga, bench, nils), 0);
    assert_int_equal(join(nils, bench), SROLE_MEMBER);
    mark_all_read(nils);
    post(olga, bench, "Results are in, @nils");
    assert_int_equal(unread(nils), 1);
    assert_int_equal(update_space(olga, lab, NULL, 1), 0);
    assert_false(sees_space(nils, bench));
    assert_int_equal(unread(nils), 0);
}

/* Mentioning someone who cannot read a space's item does not notify them. */
static void mentions_notify_only_readers(void **state) {
    int64_t olga = ID(OWNER), mona = make_person("mona@example.com", "Mona Mentioned", ROLE_EMPLOYEE),
            pat = make_person("pat@partner.example", "Pat Partner", ROLE_EXTERNAL);
    int64_t quiet = new_space("Quiet room", VIS_PRIVATE, 0, 0);
    int64_t it = post(olga, quiet, "Only for members, @mona");
    comment(olga, it, "Still only for members, @mona");
    assert_int_equal(unread(mona), 0);
    int64_t open_floor = new_space("Open floor", VIS_INTERNAL, 0, 0);
    post(olga, open_floor, "Hello @mona and @pat");
    assert_int_equal(unread(mona), 1);
    assert_int_equal(unread(pat), 0); /* externals do not read internal spaces */
    int64_t lounge = new_space("Partner lounge", VIS_EXTRANET, 0, 0),
            back = new_space("Back office", VIS_EXTRANET, 1, 0);
    assert_int_equal(invite(olga, lounge, pat), 0);
    assert_int_equal(join(pat, lounge), SROLE_MEMBER);
    mark_all_read(pat);
    post(olga, back, "Not for @pat");
    assert_int_equal(unread(pat), 0);
    post(olga, lounge, "Welcome @pat");
    assert_int_equal(unread(pat), 1);
    int64_t shop = new_space("Shop window", VIS_PUBLIC, 0, 0);
    post(olga, shop, "Everyone reads this, @pat");
    assert_int_equal(unread(pat), 2);
}

/* External accounts see the profile of someone only while both are members
 * of a common extranet space; employees see everyone; anonymous no one. */
static void externals_see_who_they_work_with(void **state) {
    int64_t olga = ID(OWNER), quinn = make_person("quinn@partner.example", "Quinn Contractor", ROLE_EXTERNAL),
            emil = make_person("emil@example.com", "Emil Engineer", ROLE_EMPLOYEE);
    assert_true(sees_person(quinn, quinn));
    assert_false(sees_person(quinn, emil));
    assert_true(sees_person(emil, quinn));
    assert_false(sees_person(0, emil));
    int64_t jv = new_space("Joint venture", VIS_EXTRANET, 0, 0);
    assert_int_equal(invite(olga, jv, quinn), 0);
    assert_int_equal(invite(olga, jv, emil), 0);
    assert_int_equal(join(emil, jv), SROLE_MEMBER);
    assert_false(sees_person(quinn, emil)); /* an invitation is not membership */
    assert_int_equal(join(quinn, jv), SROLE_MEMBER);
    assert_true(sees_person(quinn, emil));
    assert_true(sees_person(quinn, olga));
    assert_false(sees_person(quinn, ID(EMP_NONMEMBER)));
    assert_int_equal(leave(quinn, jv), 0);
    assert_false(sees_person(quinn, emil));
    assert_int_equal(invite(olga, jv, quinn), 0);
    assert_int_equal(join(quinn, jv), SROLE_MEMBER);
    assert_true(sees_person(quinn, emil));
    /* no longer extranet: no longer shared (the cached memberships follow) */
    assert_int_equal(update_space(olga, jv, "private", -1), 0);
    assert_false(sees_person(quinn, emil));
    assert_int_equal(update_space(olga, jv, "extranet", -1), 0);
    assert_true(sees_person(quinn, emil));
    assert_int_equal(leave(emil, jv), 0);
    assert_false(sees_person(quinn, emil));
}

/* Only admins delete a space; its sub-spaces and content go with it. */
static void only_admins_delete(void **state) {
    int64_t olga = ID(OWNER), ada = ID(ADMIN);
    int64_t s = new_space("Doomed", VIS_INTERNAL, 0, 0), child = new_space("Doomed child", VIS_PRIVATE, 0, s);
    int64_t it = post(olga, child, "Soon gone");
    assert_int_equal(delete_space(olga, s), ERR_FORBIDDEN);
    assert_int_equal(delete_space(ID(EMP_NONMEMBER), s), ERR_FORBIDDEN);
    assert_int_equal(delete_space(ID(EXT_MEMBER), s), ERR_NOT_FOUND);
    assert_int_equal(delete_space(ada, s), 0);
    assert_false(sees_space(ada, s));
    assert_false(sees_space(ada, child));
    assert_false(reads_item(ada, it));
    assert_false(reads_item(olga, it));
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(permission_matrix),
        cmocka_unit_test(home_and_company_streams),
        cmocka_unit_test(nesting_never_widens),
        cmocka_unit_test(last_owner_stays),
        cmocka_unit_test(externals_only_in_extranet_spaces),
        cmocka_unit_test(leaving_forgets_notifications),
        cmocka_unit_test(closing_forgets_notifications),
        cmocka_unit_test(mentions_notify_only_readers),
        cmocka_unit_test(externals_see_who_they_work_with),
        cmocka_unit_test(only_admins_delete),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
