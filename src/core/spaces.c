/* Spaces: create, edit, archive, delete, list (see spaces.h). */
#include "core/spaces.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/bus.h"
#include "core/policy.h"
#include "db/db.h"
#include "lib/i18n.h"
#include "lib/markdown.h"
#include "lib/text.h"

/* Visibility, from the widest audience down: a sub-space may narrow its
 * parent's audience, never widen it. Private and extranet spaces are both
 * members-only; an extranet space may not sit under a private one (its
 * external members could not see the parent). */
int space_visibility_fits(enum space_visibility child, enum space_visibility parent) {
    switch (parent) {
    case VIS_PUBLIC: return 1;
    case VIS_INTERNAL: return child != VIS_PUBLIC;
    case VIS_EXTRANET: return child == VIS_EXTRANET || child == VIS_PRIVATE;
    case VIS_PRIVATE: return child == VIS_PRIVATE;
    default: return 0;
    }
}

const struct space *space_view(struct db *db, struct arena *a, const struct person *actor, int64_t id) {
    const struct space *s = id > 0 ? space_cached(db, a, id) : NULL;
    return s && policy_space(actor, ACT_VIEW_SPACE, s) ? s : NULL;
}

const struct space *space_view_slug(struct db *db, struct arena *a, const struct person *actor, const char *slug) {
    if (!slug || !text_valid(slug, 0) || strlen(slug) > SPACE_SLUG_MAX * 4) return NULL;
    struct db_stmt *st = db_prep(db, "SELECT id FROM spaces WHERE slug = $1 AND deleted_at IS NULL");
    db_bind_text(st, 1, text_lower(a, slug));
    int64_t id = db_int_or(st, 0);
    return id ? space_view(db, a, actor, id) : NULL;
}

static int slug_valid(const char *s) {
    size_t n = strlen(s);
    if (n < 2 || n > SPACE_SLUG_MAX || s[0] == '-' || s[n - 1] == '-') return 0;
    for (const char *p = s; *p; p++)
        if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '-')) return 0;
    return strcmp(s, "new") != 0; /* /spaces/new is the creation form */
}

static int slug_taken(struct db *db, const char *slug, int64_t except) {
    struct db_stmt *st = db_prep(db, "SELECT count(*) FROM spaces WHERE slug = $1 AND deleted_at IS NULL AND id <> $2");
    db_bind_text(st, 1, slug);
    db_bind_int(st, 2, except);
    return db_int_or(st, 0) > 0;
}

/* A free slug made from the name: folded, runs of other characters as '-'. */
static const char *slug_from_name(struct db *db, struct arena *a, const char *name) {
    const char *folded = text_fold(a, name);
    char base[SPACE_SLUG_MAX + 1];
    size_t n = 0;
    for (const char *p = folded; *p && n < SPACE_SLUG_MAX - 6; p++) {
        int ok = (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9');
        if (ok) base[n++] = *p;
        else if (n && base[n - 1] != '-') base[n++] = '-';
    }
    while (n && base[n - 1] == '-') n--;
    base[n] = 0;
    if (n < 2 || !strcmp(base, "new")) snprintf(base, sizeof base, "space");
    if (!slug_taken(db, base, 0)) return arena_strdup(a, base);
    for (int i = 2; i < 10000; i++) {
        char *candidate = arena_printf(a, "%s-%d", base, i);
        if (!slug_taken(db, candidate, 0)) return candidate;
    }
    return NULL;
}

/* Checks name, slug, description, visibility and secrecy of an input
 * against the space being edited (NULL when creating) and its parent. */
static int validate(struct db *db, struct arena *a, const struct space_input *in, const struct space *cur,
                    const struct space *parent, enum space_visibility *vis, int *secret, struct err *e) {
    if (in->name || !cur) {
        const char *name = in->name ? text_trim(a, in->name) : "";
        if (!text_valid(name, 0)) return err_fail(e, ERR_INVALID, "name", N_("This field contains invalid characters."));
        if (!*name) return err_fail(e, ERR_INVALID, "name", N_("Give the space a name."));
        if (text_chars(name) > SPACE_NAME_MAX)
            return err_fail(e, ERR_INVALID, "name", N_("The name must have at most 80 characters."));
    }
    if (in->slug && *in->slug) {
        const char *slug = text_lower(a, text_trim(a, in->slug));
        if (!text_valid(slug, 0) || !slug_valid(slug))
            return err_fail(e, ERR_INVALID, "slug",
                            N_("The address must have 2 to 60 lowercase letters, digits or dashes."));
        if (slug_taken(db, slug, cur ? cur->id : 0))
            return err_fail(e, ERR_CONFLICT, "slug", N_("Another space already has this address."));
    }
    if (in->description) {
        if (!text_valid(in->description, 1))
            return err_fail(e, ERR_INVALID, "description", N_("The text contains invalid characters."));
        if (text_chars(in->description) > SPACE_DESCRIPTION_MAX)
            return err_fail(e, ERR_INVALID, "description", N_("The description must have at most 5,000 characters."));
    }
    *vis = cur ? cur->visibility : VIS_INTERNAL;
    if (in->visibility && space_visibility_parse(in->visibility, vis))
        return err_fail(e, ERR_INVALID, "visibility",
                        N_("The visibility must be internal, private, extranet or public."));
    *secret = in->secret >= 0 ? in->secret != 0 : cur ? cur->secret : 0;
    if (*secret && *vis != VIS_PRIVATE && *vis != VIS_EXTRANET)
        return err_fail(e, ERR_INVALID, "secret", N_("Only private and extranet spaces can be secret."));
    if (parent && !space_visibility_fits(*vis, parent->visibility))
        return err_fail(e, ERR_INVALID, "visibility", N_("A sub-space cannot be more visible than its parent."));
    if (cur && *vis != cur->visibility) {
        /* the sub-spaces must still fit */
        struct db_stmt *st = db_prep(db, "SELECT visibility FROM spaces WHERE parent_id = $1 AND deleted_at IS NULL");
        db_bind_int(st, 1, cur->id);
        int misfit = 0;
        while (!misfit && db_step(st) == DB_ROW) {
            enum space_visibility child = VIS_PRIVATE;
            space_visibility_parse(db_col_text(st, 0), &child);
            misfit = !space_visibility_fits(child, *vis);
        }
        db_done(st);
        if (misfit)
            return err_fail(e, ERR_INVALID, "visibility",
                            N_("A sub-space would be more visible than this space; change it first."));
    }
    return 0;
}

static int depth_of(const struct space *s) {
    int d = 0;
    for (; s; s = s->parent) d++;
    return d;
}

static void announce(int64_t space, int audience_changed) {
    struct bus_event ev = {.kind = BUS_SPACE_CHANGED, .space = space, .other = audience_changed};
    bus_publish(&ev);
}

int space_create(struct db *db, struct arena *a, const struct person *actor, const struct space_input *in,
                 int64_t *id_out, struct err *e) {
    const struct space *parent = NULL;
    if (in->parent_id) {
        parent = space_view(db, a, actor, in->parent_id);
        if (!parent) return err_fail(e, ERR_NOT_FOUND, "parent", N_("No such space."));
        if (depth_of(parent) > SPACE_DEPTH_MAX)
            return err_fail(e, ERR_INVALID, "parent", N_("Spaces nest at most 8 levels deep."));
    }
    if (!policy_space(actor, ACT_CREATE_SPACE, parent))
        return err_fail(e, ERR_FORBIDDEN, NULL, N_("You may not create a space here."));
    enum space_visibility vis;
    int secret;
    int rc = validate(db, a, in, NULL, parent, &vis, &secret, e);
    if (rc) return rc;
    const char *name = text_trim(a, in->name);
    const char *slug = in->slug && *in->slug ? text_lower(a, text_trim(a, in->slug)) : slug_from_name(db, a, name);
    if (!slug) return err_fail(e, ERR_CONFLICT, "slug", N_("Another space already has this address."));
    struct markup html = markdown_render(a, in->description ? in->description : "");
    if (db_begin(db)) return err_fail(e, ERR_INTERNAL, NULL, N_("The database is busy; try again."));
    int64_t now = db_now();
    struct db_stmt *st = db_prep(db, "INSERT INTO spaces (slug, name, sort_key, description, description_html, visibility,"
                                     " secret, parent_id, created_by, created_at, updated_at, members_count)"
                                     " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $10, 1)");
    db_bind_text(st, 1, slug);
    db_bind_text(st, 2, name);
    db_bind_text(st, 3, text_fold(a, name));
    db_bind_text(st, 4, in->description ? in->description : "");
    db_bind_text(st, 5, html.html);
    db_bind_text(st, 6, space_visibility_name(vis));
    db_bind_int(st, 7, secret);
    if (parent) db_bind_int(st, 8, parent->id);
    else db_bind_null(st, 8);
    db_bind_int(st, 9, actor->id);
    db_bind_int(st, 10, now);
    enum db_result r = db_run(st);
    int64_t id = r == DB_DONE ? db_last_id(db) : 0;
    if (id) {
        st = db_prep(db, "INSERT INTO space_members (space_id, person_id, role, sort_key, created_at)"
                         " SELECT CAST($1 AS BIGINT), id, 'owner', sort_key, CAST($2 AS BIGINT) FROM people WHERE id = $3");
        db_bind_int(st, 1, id);
        db_bind_int(st, 2, now);
        db_bind_int(st, 3, actor->id);
        r = db_run(st);
    }
    if (!id || r != DB_DONE || db_commit(db)) {
        db_rollback(db);
        if (r == DB_CONSTRAINT) return err_fail(e, ERR_CONFLICT, "slug", N_("Another space already has this address."));
        return err_fail(e, ERR_INTERNAL, NULL, N_("The space could not be saved."));
    }
    announce(id, 0);
    struct bus_event ev = {.kind = BUS_MEMBERSHIP_CHANGED, .person = actor->id, .space = id};
    bus_publish(&ev);
    if (id_out) *id_out = id;
    return 0;
}

/* Whoever can no longer read a space that closed (to employees, to
 * externals, or behind a parent turned secret) loses their notifications
 * about it and its sub-spaces, so no count shows them. Runs after the
 * commit and the cache drop: the policy judges the space as it now is. */
static void forget_closed(struct db *db, int64_t space) {
    struct db_stmt *st = db_prep(db, "WITH RECURSIVE tree(id) AS (SELECT CAST($1 AS BIGINT) UNION SELECT s.id FROM spaces s"
                                     " JOIN tree t ON s.parent_id = t.id)"
                                     " SELECT DISTINCT person_id FROM notifications WHERE space_id IN (SELECT id FROM tree)"
                                     " OR item_id IN (SELECT i.id FROM items i WHERE i.space_id IN (SELECT id FROM tree))");
    db_bind_int(st, 1, space);
    size_t n = 0, cap = 0;
    int64_t *people = NULL;
    while (db_step(st) == DB_ROW) {
        if (n == cap) {
            int64_t *more = realloc(people, sizeof *people * (cap = cap ? cap * 2 : 64));
            if (!more) break;
            people = more;
        }
        people[n++] = db_col_int(st, 0);
    }
    db_done(st);
    for (size_t i = 0; i < n; i++) {
        struct arena one = {0};
        space_forget_unreadable(db, &one, space, people[i]);
        arena_free(&one);
        struct bus_event ev = {.kind = BUS_NOTIFICATION, .person = people[i]}; /* their count may have dropped */
        bus_publish(&ev);
    }
    free(people);
}

int space_update(struct db *db, struct arena *a, const struct person *actor, int64_t id, const struct space_input *in,
                 struct err *e) {
    const struct space *cur = space_view(db, a, actor, id);
    if (!cur) return err_fail(e, ERR_NOT_FOUND, NULL, N_("No such space."));
    if (!policy_space(actor, ACT_SPACE_SETTINGS, cur))
        return err_fail(e, ERR_FORBIDDEN, NULL,
                        cur->archived_at ? N_("This space is archived: it is read-only.")
                                         : N_("Only the space's owners may change its settings."));
    enum space_visibility vis;
    int secret;
    int rc = validate(db, a, in, cur, cur->parent, &vis, &secret, e);
    if (rc) return rc;
    const char *name = in->name ? text_trim(a, in->name) : cur->name;
    const char *slug = in->slug && *in->slug ? text_lower(a, text_trim(a, in->slug)) : cur->slug;
    const char *desc = in->description ? in->description : cur->description;
    struct markup html = markdown_render(a, desc);
    if (db_begin(db)) return err_fail(e, ERR_INTERNAL, NULL, N_("The database is busy; try again."));
    struct db_stmt *st = db_prep(db, "UPDATE spaces SET name = $2, sort_key = $3, slug = $4, description = $5,"
                                     " description_html = $6, visibility = $7, secret = $8, updated_at = $9 WHERE id = $1");
    db_bind_int(st, 1, id);
    db_bind_text(st, 2, name);
    db_bind_text(st, 3, text_fold(a, name));
    db_bind_text(st, 4, slug);
    db_bind_text(st, 5, desc);
    db_bind_text(st, 6, html.html);
    db_bind_text(st, 7, space_visibility_name(vis));
    db_bind_int(st, 8, secret);
    db_bind_int(st, 9, db_now());
    enum db_result r = db_run(st);
    if (r != DB_DONE || db_commit(db)) {
        db_rollback(db);
        if (r == DB_CONSTRAINT) return err_fail(e, ERR_CONFLICT, "slug", N_("Another space already has this address."));
        return err_fail(e, ERR_INTERNAL, NULL, N_("The space could not be saved."));
    }
    int audience_changed = vis != cur->visibility || secret != cur->secret;
    announce(id, audience_changed);
    if (audience_changed) forget_closed(db, id);
    return 0;
}

int space_set_archived(struct db *db, struct arena *a, const struct person *actor, int64_t id, int archived,
                       struct err *e) {
    const struct space *s = space_view(db, a, actor, id);
    if (!s) return err_fail(e, ERR_NOT_FOUND, NULL, N_("No such space."));
    if (!policy_space(actor, ACT_ARCHIVE_SPACE, s))
        return err_fail(e, ERR_FORBIDDEN, NULL, N_("Only the space's owners may archive it."));
    struct db_stmt *st = archived ? db_prep(db, "UPDATE spaces SET archived_at = $2, updated_at = $2 WHERE id = $1"
                                                " AND archived_at IS NULL")
                                  : db_prep(db, "UPDATE spaces SET archived_at = NULL, updated_at = $2 WHERE id = $1");
    db_bind_int(st, 1, id);
    db_bind_int(st, 2, db_now());
    if (db_run(st) != DB_DONE) return err_fail(e, ERR_INTERNAL, NULL, N_("The space could not be saved."));
    announce(id, 0);
    return 0;
}

int space_delete(struct db *db, struct arena *a, const struct person *actor, int64_t id, struct err *e) {
    const struct space *s = space_view(db, a, actor, id);
    if (!s) return err_fail(e, ERR_NOT_FOUND, NULL, N_("No such space."));
    if (!policy_space(actor, ACT_DELETE_SPACE, s))
        return err_fail(e, ERR_FORBIDDEN, NULL, N_("Only administrators may delete a space."));
    if (db_begin(db)) return err_fail(e, ERR_INTERNAL, NULL, N_("The database is busy; try again."));
    int64_t now = db_now();
    /* the space, its sub-spaces at any depth, and everything posted in them */
    struct db_stmt *st = db_prep(db, "WITH RECURSIVE tree(id) AS (SELECT CAST($1 AS BIGINT) UNION SELECT s.id FROM spaces s"
                                     " JOIN tree t ON s.parent_id = t.id)"
                                     " UPDATE items SET deleted_at = $2 WHERE deleted_at IS NULL"
                                     " AND space_id IN (SELECT id FROM tree)");
    db_bind_int(st, 1, id);
    db_bind_int(st, 2, now);
    int ok = db_run(st) == DB_DONE;
    st = db_prep(db, "WITH RECURSIVE tree(id) AS (SELECT CAST($1 AS BIGINT) UNION SELECT s.id FROM spaces s"
                     " JOIN tree t ON s.parent_id = t.id)"
                     " UPDATE spaces SET deleted_at = $2 WHERE deleted_at IS NULL AND id IN (SELECT id FROM tree)");
    db_bind_int(st, 1, id);
    db_bind_int(st, 2, now);
    ok = ok && db_run(st) == DB_DONE;
    if (!ok || db_commit(db)) {
        db_rollback(db);
        return err_fail(e, ERR_INTERNAL, NULL, N_("The space could not be deleted."));
    }
    announce(id, 1);
    return 0;
}

#define SEARCH_WORDS 4

/* The directory's filters after the choice of index ($5: parent). */
#define SPACE_FILTERS                                                                                           \
    " AND (s.sort_key LIKE $1 ESCAPE '\\' OR s.slug LIKE $1 ESCAPE '\\')"                                      \
    " AND (s.sort_key LIKE $2 ESCAPE '\\' OR s.slug LIKE $2 ESCAPE '\\')"                                      \
    " AND (s.sort_key LIKE $3 ESCAPE '\\' OR s.slug LIKE $3 ESCAPE '\\')"                                      \
    " AND (s.sort_key LIKE $4 ESCAPE '\\' OR s.slug LIKE $4 ESCAPE '\\')"                                      \
    " AND ($6 = 0 OR EXISTS (SELECT 1 FROM space_members m WHERE m.space_id = s.id AND m.person_id = $7"      \
    "  AND m.role IN ('owner', 'moderator', 'member')))"                                                       \
    " AND (($8 = 1 AND s.archived_at IS NOT NULL) OR ($8 = 0 AND ($6 = 1 OR s.archived_at IS NULL)))"          \
    " AND ($9 = 0 OR (s.sort_key, s.id) > ((SELECT sort_key FROM spaces WHERE id = $9), $9))"                  \
    " ORDER BY s.sort_key, s.id LIMIT 50"

int space_list(struct db *db, struct arena *a, const struct person *actor, const struct space_query *q,
               const struct space ***out, int *n, const char **next, struct err *e) {
    *out = NULL;
    *n = 0;
    *next = NULL;
    if (q->query && (!text_valid(q->query, 0) || strlen(q->query) > 200))
        return err_fail(e, ERR_INVALID, "q", N_("The search is too long or contains invalid characters."));
    int limit = q->limit < 1 || q->limit > 100 ? 20 : q->limit;
    if (q->mine && !actor) return err_fail(e, ERR_NOT_FOUND, NULL, N_("Not found."));
    if (q->parent > 0 && !space_view(db, a, actor, q->parent))
        return err_fail(e, ERR_NOT_FOUND, "parent", N_("No such space."));
    const char *words[SEARCH_WORDS] = {"%", "%", "%", "%"};
    int nw = 0;
    char *folded = text_fold(a, q->query ? q->query : "");
    for (char *save, *w = strtok_r(folded, " \t,", &save); w && nw < SEARCH_WORDS; w = strtok_r(NULL, " \t,", &save))
        words[nw++] = text_like_contains(a, w);
    int64_t after = 0;
    if (q->cursor && *q->cursor) {
        after = text_parse_id(q->cursor);
        if (after <= 0) return err_fail(e, ERR_INVALID, "cursor", N_("The page cursor is invalid."));
    }
    const struct space **list = arena_alloc(a, sizeof *list * (size_t)(limit + 1));
    int count = 0, exhausted = 0;
    /* the policy hides some rows: read on in batches until the page is full */
    for (int round = 0; round < 20 && count <= limit && !exhausted; round++) {
        /* sub-spaces by their own index (an OR on the parent would scan every space) */
        struct db_stmt *st =
            q->parent > 0 ? db_prep(db, "SELECT s.id FROM spaces s WHERE s.deleted_at IS NULL AND s.parent_id = $5" SPACE_FILTERS)
                          : db_prep(db, "SELECT s.id FROM spaces s WHERE s.deleted_at IS NULL AND $5 = 0" SPACE_FILTERS);
        for (int i = 0; i < SEARCH_WORDS; i++) db_bind_text(st, 1 + i, words[i]);
        db_bind_int(st, 5, q->parent > 0 ? q->parent : 0);
        db_bind_int(st, 6, q->mine ? 1 : 0);
        db_bind_int(st, 7, actor ? actor->id : 0);
        db_bind_int(st, 8, q->archived ? 1 : 0);
        db_bind_int(st, 9, after);
        int64_t ids[50];
        int got = 0;
        while (got < 50 && db_step(st) == DB_ROW) ids[got++] = db_col_int(st, 0);
        db_done(st);
        exhausted = got < 50;
        for (int i = 0; i < got && count <= limit; i++) {
            after = ids[i];
            const struct space *s = space_cached(db, a, ids[i]);
            if (!s) continue;
            /* the archived list and "mine" show what one may view; the directory what one may find */
            int ok = q->archived ? policy_space(actor, ACT_ARCHIVE_SPACE, s)
                     : q->mine   ? policy_space(actor, ACT_VIEW_SPACE, s)
                                 : policy_space(actor, ACT_FIND_SPACE, s);
            if (ok) list[count++] = s;
        }
    }
    if (count > limit) {
        count = limit;
        *next = arena_printf(a, "%lld", (long long)list[limit - 1]->id);
    } else if (!exhausted) {
        *next = arena_printf(a, "%lld", (long long)after); /* a short page, yet more may follow */
    }
    *out = list;
    *n = count;
    return 0;
}

static int by_name(const void *x, const void *y) {
    const struct space *a = *(const struct space *const *)x, *b = *(const struct space *const *)y;
    int c = strcmp(a->sort_key, b->sort_key);
    return c ? c : (a->id > b->id) - (a->id < b->id);
}

int space_mine(struct db *db, struct arena *a, const struct person *actor, const struct space ***out, int *n) {
    *n = 0;
    *out = NULL;
    if (!actor || !actor->spaces_loaded) return 0;
    /* from the cached memberships and spaces: no query on every page */
    const struct space **list = arena_alloc(a, sizeof *list * (size_t)(actor->nspaces + 1));
    int count = 0;
    for (int i = 0; i < actor->nspaces && count < 200; i++) {
        if (actor->spaces[i].role < SROLE_MEMBER) continue;
        const struct space *s = space_cached(db, a, actor->spaces[i].space);
        if (s && !s->archived_at && policy_space(actor, ACT_VIEW_SPACE, s)) list[count++] = s;
    }
    qsort(list, (size_t)count, sizeof *list, by_name);
    *out = list;
    *n = count;
    return 0;
}
