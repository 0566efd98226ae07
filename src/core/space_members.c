/* Space membership: join, request, invite, approve, roles, leave, remove,
 * member lists (see spaces.h). A space always keeps at least one owner. */
#include <stdlib.h>
#include <string.h>

#include "core/bus.h"
#include "core/notify.h"
#include "core/policy.h"
#include "core/spaces.h"
#include "db/db.h"
#include "lib/i18n.h"
#include "lib/text.h"

static const struct space *visible(struct db *db, struct arena *a, const struct person *actor, int64_t id,
                                   struct err *e) {
    const struct space *s = space_view(db, a, actor, id);
    if (!s) err_fail(e, ERR_NOT_FOUND, NULL, N_("No such space."));
    return s;
}

/* The role `person` holds in `space`, read from the database. */
static enum space_role stored_role(struct db *db, int64_t space, int64_t person) {
    struct db_stmt *st = db_prep(db, "SELECT role FROM space_members WHERE space_id = $1 AND person_id = $2");
    db_bind_int(st, 1, space);
    db_bind_int(st, 2, person);
    enum space_role r = SROLE_NONE;
    if (db_step(st) == DB_ROW) space_role_parse(db_col_text(st, 0), &r);
    db_done(st);
    return r;
}

static int owners(struct db *db, int64_t space) {
    struct db_stmt *st = db_prep(db, "SELECT count(*) FROM space_members WHERE space_id = $1 AND role = 'owner'");
    db_bind_int(st, 1, space);
    return (int)db_int_or(st, 0);
}

static int memberships_full(struct db *db, int64_t person) {
    struct db_stmt *st = db_prep(db, "SELECT count(*) FROM space_members WHERE person_id = $1");
    db_bind_int(st, 1, person);
    return db_int_or(st, 0) >= SPACE_MEMBERSHIPS_MAX;
}

static int recount(struct db *db, int64_t space) {
    struct db_stmt *st = db_prep(db, "UPDATE spaces SET members_count = (SELECT count(*) FROM space_members"
                                     " WHERE space_id = $1 AND role IN ('owner', 'moderator', 'member')) WHERE id = $1");
    db_bind_int(st, 1, space);
    return db_run(st) == DB_DONE ? 0 : -1;
}

/* Inserts or changes a row (SROLE_NONE deletes it), recounts, commits and
 * announces. Runs in its own transaction; notifications recorded by the
 * caller inside it are flushed after the commit. */
static int write_role(struct db *db, int64_t space, int64_t person, enum space_role role, int64_t by, struct err *e) {
    struct db_stmt *st;
    if (role == SROLE_NONE) {
        st = db_prep(db, "DELETE FROM space_members WHERE space_id = $1 AND person_id = $2");
    } else {
        st = db_prep(db, "INSERT INTO space_members (space_id, person_id, role, sort_key, invited_by, created_at)"
                         " SELECT CAST($1 AS BIGINT), id, CAST($3 AS TEXT), sort_key, CAST($4 AS BIGINT), CAST($5 AS BIGINT)"
                         " FROM people WHERE id = $2"
                         " ON CONFLICT (space_id, person_id) DO UPDATE SET role = excluded.role");
        db_bind_text(st, 3, space_role_name(role));
        if (by) db_bind_int(st, 4, by);
        else db_bind_null(st, 4);
        db_bind_int(st, 5, db_now());
    }
    db_bind_int(st, 1, space);
    db_bind_int(st, 2, person);
    if (db_run(st) != DB_DONE || recount(db, space)) return err_fail(e, ERR_INTERNAL, NULL, N_("The change could not be saved."));
    if (role != SROLE_REQUESTED) { /* a request answered or withdrawn: the owners' notices of it go */
        st = db_prep(db, "DELETE FROM notifications WHERE kind = 'space_request' AND actor_id = $1 AND space_id = $2");
        db_bind_int(st, 1, person);
        db_bind_int(st, 2, space);
        db_run(st);
    }
    return 0;
}

static void announce(int64_t space, int64_t person) {
    struct bus_event ev = {.kind = BUS_MEMBERSHIP_CHANGED, .person = person, .space = space};
    bus_publish(&ev);
    struct bus_event counts = {.kind = BUS_SPACE_CHANGED, .space = space}; /* members_count */
    bus_publish(&counts);
}

/* A person who no longer belongs to a space loses the notifications about
 * what they can no longer read there or in its sub-spaces; those about a
 * space itself (an invitation) go with their role in it or their view of it.
 * Runs inside the transaction that changed the role, so both land together. */
void space_forget_unreadable(struct db *db, struct arena *a, int64_t space, int64_t person_id) {
    struct person *p = people_get(db, a, person_id);
    if (!p) return;
    people_reload_spaces(db, a, p); /* with the uncommitted change */
    struct db_stmt *st = db_prep(db, "WITH RECURSIVE tree(id) AS (SELECT CAST($1 AS BIGINT) UNION SELECT s.id FROM spaces s"
                                     " JOIN tree t ON s.parent_id = t.id) SELECT id FROM tree LIMIT 1000");
    db_bind_int(st, 1, space);
    int64_t ids[1000];
    int n = 0;
    while (n < 1000 && db_step(st) == DB_ROW) ids[n++] = db_col_int(st, 0);
    db_done(st);
    for (int i = 0; i < n; i++) {
        const struct space *s = space_cached(db, a, ids[i]);
        if (s && policy_space(p, ACT_READ_SPACE, s)) continue;
        st = db_prep(db, "DELETE FROM notifications WHERE person_id = $1"
                         " AND ((space_id = $2 AND $3 = 0) OR item_id IN (SELECT id FROM items WHERE space_id = $2))");
        db_bind_int(st, 1, person_id);
        db_bind_int(st, 2, ids[i]);
        db_bind_int(st, 3, s && space_role_of(p, ids[i]) != SROLE_NONE && policy_space(p, ACT_VIEW_SPACE, s));
        db_run(st);
    }
}

/* Runs write_role in a transaction with the notifications the caller wants
 * (kind >= 0: to `to`, about the space, from `from`). */
static int change(struct db *db, struct arena *a, int64_t space, int64_t person, enum space_role role, int64_t by,
                  int kind, int64_t to, int64_t from, struct err *e) {
    if (db_begin(db)) return err_fail(e, ERR_INTERNAL, NULL, N_("The database is busy; try again."));
    int rc = write_role(db, space, person, role, by, e);
    if (!rc && kind >= 0) notify_space(db, a, to, (enum notify_kind)kind, from, space);
    if (!rc && role < SROLE_MEMBER) space_forget_unreadable(db, a, space, person);
    if (rc || db_commit(db)) {
        db_rollback(db);
        notify_discard();
        return rc ? rc : err_fail(e, ERR_INTERNAL, NULL, N_("The change could not be saved."));
    }
    notify_flush();
    announce(space, person);
    if (role < SROLE_MEMBER) { /* their unread count may have dropped */
        struct bus_event ev = {.kind = BUS_NOTIFICATION, .person = person};
        bus_publish(&ev);
    }
    return 0;
}

int space_join(struct db *db, struct arena *a, const struct person *actor, int64_t id, enum space_role *role_out,
               struct err *e) {
    const struct space *s = visible(db, a, actor, id, e);
    if (!s) return ERR_NOT_FOUND;
    enum space_role cur = space_role_of(actor, id);
    if (cur >= SROLE_MEMBER || cur == SROLE_REQUESTED) { /* already done: nothing changes */
        *role_out = cur;
        return 0;
    }
    int join = policy_space(actor, ACT_JOIN_SPACE, s), ask = !join && policy_space(actor, ACT_REQUEST_JOIN, s);
    if (!join && !ask) return err_fail(e, ERR_FORBIDDEN, NULL, N_("You may not join this space."));
    if (cur == SROLE_NONE && memberships_full(db, actor->id))
        return err_fail(e, ERR_CONFLICT, NULL, N_("You belong to too many spaces (2,000); leave some first."));
    *role_out = join ? SROLE_MEMBER : SROLE_REQUESTED;
    if (db_begin(db)) return err_fail(e, ERR_INTERNAL, NULL, N_("The database is busy; try again."));
    int rc = write_role(db, id, actor->id, *role_out, 0, e);
    if (!rc && ask) { /* tell the owners (the first fifty) */
        struct db_stmt *st = db_prep(db, "SELECT person_id FROM space_members WHERE space_id = $1 AND role = 'owner'"
                                         " ORDER BY person_id LIMIT 50");
        db_bind_int(st, 1, id);
        int64_t to[50];
        int n = 0;
        while (n < 50 && db_step(st) == DB_ROW) to[n++] = db_col_int(st, 0);
        db_done(st);
        for (int i = 0; i < n; i++) notify_space(db, a, to[i], NOTIFY_SPACE_REQUEST, actor->id, id);
    }
    if (rc || db_commit(db)) {
        db_rollback(db);
        notify_discard();
        return rc ? rc : err_fail(e, ERR_INTERNAL, NULL, N_("The change could not be saved."));
    }
    notify_flush();
    announce(id, actor->id);
    return 0;
}

int space_leave(struct db *db, struct arena *a, const struct person *actor, int64_t id, struct err *e) {
    const struct space *s = visible(db, a, actor, id, e);
    if (!s) return ERR_NOT_FOUND;
    if (!policy_space(actor, ACT_LEAVE_SPACE, s)) return 0; /* not a member: nothing to leave */
    if (stored_role(db, id, actor->id) == SROLE_OWNER && owners(db, id) <= 1)
        return err_fail(e, ERR_CONFLICT, NULL, N_("You are the last owner: name another owner first."));
    return change(db, a, id, actor->id, SROLE_NONE, 0, -1, 0, 0, e);
}

/* A person an owner may act on: one who exists and is not disabled. */
static int subject(struct db *db, struct arena *a, int64_t person, struct person **out, struct err *e) {
    *out = person > 0 ? people_get(db, a, person) : NULL;
    if (!*out || (*out)->disabled) return err_fail(e, ERR_NOT_FOUND, "person", N_("No such person."));
    return 0;
}

/* The space, if the actor may manage its members. */
static int managed(struct db *db, struct arena *a, const struct person *actor, int64_t id, const struct space **out,
                   struct err *e) {
    *out = visible(db, a, actor, id, e);
    if (!*out) return ERR_NOT_FOUND;
    if (!policy_space(actor, ACT_MANAGE_MEMBERS, *out))
        return err_fail(e, ERR_FORBIDDEN, NULL,
                        (*out)->archived_at ? N_("This space is archived: it is read-only.")
                                            : N_("Only the space's owners may manage its members."));
    return 0;
}

int space_invite(struct db *db, struct arena *a, const struct person *actor, int64_t id, int64_t person,
                 struct err *e) {
    const struct space *s;
    struct person *p;
    int rc = managed(db, a, actor, id, &s, e);
    if (!rc) rc = subject(db, a, person, &p, e);
    if (rc) return rc;
    if (p->role == ROLE_EXTERNAL && s->visibility != VIS_EXTRANET)
        return err_fail(e, ERR_INVALID, "person", N_("External accounts can only be invited to extranet spaces."));
    enum space_role cur = stored_role(db, id, p->id);
    if (cur >= SROLE_INVITED) return 0; /* invited already, or a member */
    if (cur == SROLE_REQUESTED) /* they asked: let them in */
        return change(db, a, id, p->id, SROLE_MEMBER, actor->id, NOTIFY_SPACE_APPROVED, p->id, actor->id, e);
    /* whoever cannot see the parent could not see the space either */
    people_load_spaces(db, a, p);
    if (s->parent && !policy_space(p, ACT_VIEW_SPACE, s->parent))
        return err_fail(e, ERR_INVALID, "person", N_("This person cannot see the parent space; invite them there first."));
    if (memberships_full(db, p->id))
        return err_fail(e, ERR_CONFLICT, "person", N_("This person belongs to too many spaces."));
    return change(db, a, id, p->id, SROLE_INVITED, actor->id, NOTIFY_SPACE_INVITE, p->id, actor->id, e);
}

int space_set_role(struct db *db, struct arena *a, const struct person *actor, int64_t id, int64_t person,
                   enum space_role role, struct err *e) {
    if (role != SROLE_MEMBER && role != SROLE_MODERATOR && role != SROLE_OWNER)
        return err_fail(e, ERR_INVALID, "role", N_("The role must be member, moderator or owner."));
    const struct space *s;
    struct person *p;
    int rc = managed(db, a, actor, id, &s, e);
    if (!rc) rc = subject(db, a, person, &p, e);
    if (rc) return rc;
    enum space_role cur = stored_role(db, id, p->id);
    if (cur == SROLE_NONE) return err_fail(e, ERR_NOT_FOUND, "person", N_("This person is not a member."));
    if (cur == SROLE_INVITED)
        return err_fail(e, ERR_CONFLICT, "person", N_("This person has not accepted the invitation yet."));
    if (role == SROLE_OWNER && p->role == ROLE_EXTERNAL)
        return err_fail(e, ERR_INVALID, "role", N_("External accounts cannot own a space."));
    if (cur == role) return 0;
    if (cur == SROLE_OWNER && owners(db, id) <= 1)
        return err_fail(e, ERR_CONFLICT, "role", N_("A space keeps at least one owner: name another owner first."));
    if (cur == SROLE_REQUESTED)
        return change(db, a, id, p->id, role, actor->id, NOTIFY_SPACE_APPROVED, p->id, actor->id, e);
    return change(db, a, id, p->id, role, 0, -1, 0, 0, e);
}

int space_remove_member(struct db *db, struct arena *a, const struct person *actor, int64_t id, int64_t person,
                        struct err *e) {
    const struct space *s;
    int rc = managed(db, a, actor, id, &s, e);
    if (rc) return rc;
    enum space_role cur = stored_role(db, id, person);
    if (cur == SROLE_NONE) return err_fail(e, ERR_NOT_FOUND, "person", N_("This person is not a member."));
    if (cur == SROLE_OWNER && owners(db, id) <= 1)
        return err_fail(e, ERR_CONFLICT, "person", N_("A space keeps at least one owner: name another owner first."));
    return change(db, a, id, person, SROLE_NONE, 0, -1, 0, 0, e);
}

int space_members(struct db *db, struct arena *a, const struct person *actor, int64_t id, enum space_role which,
                  const char *query, const char *cursor, int limit, struct space_member ***out, int *n,
                  const char **next, struct err *e) {
    *out = NULL;
    *n = 0;
    *next = NULL;
    const struct space *s = visible(db, a, actor, id, e);
    if (!s) return ERR_NOT_FOUND;
    int pending = which == SROLE_INVITED || which == SROLE_REQUESTED;
    if (!policy_space(actor, pending ? ACT_MANAGE_MEMBERS : ACT_LIST_MEMBERS, s))
        return err_fail(e, ERR_NOT_FOUND, NULL, N_("Not found."));
    if (query && (!text_valid(query, 0) || strlen(query) > 200))
        return err_fail(e, ERR_INVALID, "q", N_("The search is too long or contains invalid characters."));
    if (limit < 1 || limit > 100) limit = 20;
    int64_t after = 0;
    if (cursor && *cursor) {
        after = text_parse_id(cursor);
        if (after <= 0) return err_fail(e, ERR_INVALID, "cursor", N_("The page cursor is invalid."));
    }
    /* any part of the folded name */
    const char *like = text_like_contains(a, text_fold(a, query ? text_trim(a, query) : ""));
    struct db_stmt *st = db_prep(
        db, "SELECT " PERSON_COLS ", x.mrole, x.since FROM people JOIN (SELECT person_id, role AS mrole, created_at AS since,"
            " sort_key AS msort FROM space_members WHERE space_id = $1"
            " AND (($2 = 'member' AND role IN ('owner', 'moderator', 'member')) OR role = $2)"
            " AND sort_key LIKE $3 ESCAPE '\\'"
            " AND ($4 = 0 OR (sort_key, person_id) > ((SELECT sort_key FROM space_members"
            "  WHERE space_id = $1 AND person_id = $4), $4))) x ON x.person_id = people.id"
            " WHERE (people.disabled = 0 OR $5 = 1) ORDER BY x.msort, x.person_id LIMIT $6");
    db_bind_int(st, 1, id);
    db_bind_text(st, 2, space_role_name(pending ? which : SROLE_MEMBER));
    db_bind_text(st, 3, like);
    db_bind_int(st, 4, after);
    db_bind_int(st, 5, actor && actor->role == ROLE_ADMIN);
    db_bind_int(st, 6, limit + 1);
    struct space_member **list = arena_alloc(a, sizeof *list * (size_t)(limit + 1));
    int count = 0;
    while (count <= limit && db_step(st) == DB_ROW) {
        struct space_member *m = arena_alloc(a, sizeof *m);
        m->person = people_from_row(a, st);
        enum space_role r = SROLE_MEMBER;
        space_role_parse(db_col_text(st, 16), &r);
        m->role = r;
        m->since = db_col_int(st, 17);
        list[count++] = m;
    }
    db_done(st);
    if (count > limit) {
        count = limit;
        *next = arena_printf(a, "%lld", (long long)list[limit - 1]->person->id);
    }
    *out = list;
    *n = count;
    return 0;
}
