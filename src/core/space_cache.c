/* Spaces and memberships as the policy reads them on every item of every
 * page, cached in memory: a space by id (its row), a person's memberships by
 * person id. BUS_SPACE_CHANGED drops the space, and every list when its
 * audience changed (a membership entry carries its space's visibility);
 * BUS_MEMBERSHIP_CHANGED drops one person's list. Entries also expire after 30 s, which bounds
 * staleness from changes made by other processes (the CLI). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/bus.h"
#include "core/spaces.h"
#include "db/db.h"
#include "lib/buf.h"
#include "lib/idcache.h"

static struct idcache *spaces, *members;

static const char *const role_names[SROLE__MAX] = {"none", "requested", "invited", "member", "moderator", "owner"};
static const char *const visibility_names[VIS__MAX] = {"internal", "private", "extranet", "public"};

const char *space_role_name(enum space_role r) { return r < SROLE__MAX ? role_names[r] : "none"; }
const char *space_visibility_name(enum space_visibility v) { return v < VIS__MAX ? visibility_names[v] : "?"; }

int space_role_parse(const char *s, enum space_role *out) {
    for (int i = 0; s && i < SROLE__MAX; i++)
        if (!strcmp(s, role_names[i])) {
            *out = (enum space_role)i;
            return 0;
        }
    return -1;
}

int space_visibility_parse(const char *s, enum space_visibility *out) {
    for (int i = 0; s && i < VIS__MAX; i++)
        if (!strcmp(s, visibility_names[i])) {
            *out = (enum space_visibility)i;
            return 0;
        }
    return -1;
}

static void on_bus(const struct bus_event *ev, void *ctx) {
    if (ev->kind == BUS_SPACE_CHANGED) {
        /* a space's row sits alone in the cache (parents are looked up);
         * its audience also sits in every member's list */
        if (spaces) idcache_drop(spaces, ev->space);
        if (members && ev->other) idcache_clear(members);
    } else if (ev->kind == BUS_MEMBERSHIP_CHANGED) {
        if (members) idcache_drop(members, ev->person);
    }
}

void space_cache_start(void) {
    static int registered;
    if (!spaces) spaces = idcache_new(30, 20000);
    if (!members) members = idcache_new(30, 100000);
    if (!registered) bus_listen(on_bus, NULL);
    registered = 1;
}

void space_cache_reset(void) {
    if (spaces) idcache_clear(spaces);
    if (members) idcache_clear(members);
}

/* ---- memberships ---- */

static int load_memberships(struct db *db, int64_t person, struct membership *out, int cap) {
    struct db_stmt *st = db_prep(db, "SELECT m.space_id, m.role, s.visibility FROM space_members m"
                                     " JOIN spaces s ON s.id = m.space_id AND s.deleted_at IS NULL"
                                     " WHERE m.person_id = $1 ORDER BY m.space_id LIMIT $2");
    db_bind_int(st, 1, person);
    db_bind_int(st, 2, cap);
    int n = 0;
    while (n < cap && db_step(st) == DB_ROW) {
        enum space_role r = SROLE_NONE;
        enum space_visibility v = VIS_PRIVATE;
        space_role_parse(db_col_text(st, 1), &r);
        space_visibility_parse(db_col_text(st, 2), &v);
        out[n++] = (struct membership){db_col_int(st, 0), r, v};
    }
    db_done(st);
    return n;
}

void people_load_spaces(struct db *db, struct arena *a, struct person *p) {
    if (!p || p->spaces_loaded) return;
    size_t len = 0;
    void *blob = members ? idcache_get(members, p->id, a, &len) : NULL;
    if (blob) {
        p->spaces = blob;
        p->nspaces = (int)(len / sizeof(struct membership));
        p->spaces_loaded = 1;
        return;
    }
    uint64_t version = members ? idcache_version(members, p->id) : 0;
    struct membership *list = arena_alloc(a, sizeof *list * SPACE_MEMBERSHIPS_MAX);
    int n = load_memberships(db, p->id, list, SPACE_MEMBERSHIPS_MAX);
    if (members) idcache_put(members, p->id, version, list, sizeof *list * (size_t)n);
    p->spaces = list;
    p->nspaces = n;
    p->spaces_loaded = 1;
}

void people_reload_spaces(struct db *db, struct arena *a, struct person *p) {
    struct membership *list = arena_alloc(a, sizeof *list * SPACE_MEMBERSHIPS_MAX);
    p->nspaces = load_memberships(db, p->id, list, SPACE_MEMBERSHIPS_MAX);
    p->spaces = list;
    p->spaces_loaded = 1;
}

enum space_role space_role_of(const struct person *actor, int64_t space) {
    if (!actor || !actor->spaces_loaded) return SROLE_NONE;
    int lo = 0, hi = actor->nspaces;
    while (lo < hi) {
        int mid = (lo + hi) / 2;
        if (actor->spaces[mid].space < space) lo = mid + 1;
        else hi = mid;
    }
    return lo < actor->nspaces && actor->spaces[lo].space == space ? actor->spaces[lo].role : SROLE_NONE;
}

int space_shared_extranet(const struct person *a, const struct person *b) {
    if (!a || !b || !a->spaces_loaded || !b->spaces_loaded) return 0;
    /* both lists are ordered by space id: one merge pass */
    int i = 0, j = 0;
    while (i < a->nspaces && j < b->nspaces) {
        const struct membership *x = &a->spaces[i], *y = &b->spaces[j];
        if (x->space < y->space) i++;
        else if (y->space < x->space) j++;
        else {
            if (x->visibility == VIS_EXTRANET && x->role >= SROLE_MEMBER && y->role >= SROLE_MEMBER) return 1;
            i++;
            j++;
        }
    }
    return 0;
}

/* ---- spaces ---- */

#define SPACE_COLS                                                                                              \
    "id, coalesce(parent_id, 0), created_by, slug, name, description, description_html, visibility, secret, " \
    "created_at, updated_at, coalesce(archived_at, 0), coalesce(deleted_at, 0), members_count, photo_version, " \
    "sort_key"

static struct space *from_row(struct arena *a, struct db_stmt *st) {
    struct space *s = arena_alloc(a, sizeof *s);
    s->id = db_col_int(st, 0);
    s->parent_id = db_col_int(st, 1);
    s->created_by = db_col_int(st, 2);
    s->slug = arena_strdup(a, db_col_text(st, 3));
    s->name = arena_strdup(a, db_col_text(st, 4));
    s->description = arena_strdup(a, db_col_text(st, 5));
    s->description_html = arena_strdup(a, db_col_text(st, 6));
    enum space_visibility v = VIS_PRIVATE;
    space_visibility_parse(db_col_text(st, 7), &v);
    s->visibility = v;
    s->secret = (int)db_col_int(st, 8);
    s->created_at = db_col_int(st, 9);
    s->updated_at = db_col_int(st, 10);
    s->archived_at = db_col_int(st, 11);
    s->deleted_at = db_col_int(st, 12);
    s->members_count = db_col_int(st, 13);
    s->photo_version = db_col_int(st, 14);
    s->sort_key = arena_strdup(a, db_col_text(st, 15));
    return s;
}

#define OFF(o) ((const char *)(uintptr_t)(o))

static void put(int64_t id, uint64_t version, const struct space *s) {
    struct buf b = {0};
    struct space copy = *s;
    copy.parent = NULL;
    buf_append(&b, &copy, sizeof copy);
    size_t slug = idcache_str(&b, s->slug), name = idcache_str(&b, s->name), desc = idcache_str(&b, s->description),
           html = idcache_str(&b, s->description_html), sort = idcache_str(&b, s->sort_key);
    struct space *c = (struct space *)b.data;
    c->slug = OFF(slug);
    c->name = OFF(name);
    c->description = OFF(desc);
    c->description_html = OFF(html);
    c->sort_key = OFF(sort);
    idcache_put(spaces, id, version, b.data, b.len);
    buf_free(&b);
}

/* One space's row (deleted ones too), from the cache or the database. */
static struct space *row(struct db *db, struct arena *a, int64_t id) {
    char *base = spaces ? idcache_get(spaces, id, a, NULL) : NULL;
    if (base) {
        struct space *s = (struct space *)base;
        IDCACHE_FIX(base, s->slug);
        IDCACHE_FIX(base, s->name);
        IDCACHE_FIX(base, s->description);
        IDCACHE_FIX(base, s->description_html);
        IDCACHE_FIX(base, s->sort_key);
        return s;
    }
    uint64_t version = spaces ? idcache_version(spaces, id) : 0;
    struct db_stmt *st = db_prep(db, "SELECT " SPACE_COLS " FROM spaces WHERE id = $1");
    db_bind_int(st, 1, id);
    struct space *s = db_step(st) == DB_ROW ? from_row(a, st) : NULL;
    db_done(st);
    if (s && spaces) put(id, version, s);
    return s;
}

const struct space *space_cached(struct db *db, struct arena *a, int64_t id) {
    struct space *first = row(db, a, id), *s = first;
    if (!s || s->deleted_at) return NULL;
    for (int depth = 0; s->parent_id && depth <= SPACE_DEPTH_MAX; depth++) {
        struct space *p = row(db, a, s->parent_id);
        if (!p || p->deleted_at) return NULL; /* an orphan is as gone as its parent */
        s->parent = p;
        s = p;
    }
    return first;
}
