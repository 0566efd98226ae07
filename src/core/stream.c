/* Streams. Each page selects ids first (index-only where possible), then
 * loads those rows, then filters through the policy, reading further when
 * the policy hides some, so a page is never short while more exist. */
#include "core/stream.h"

#include <stdlib.h>
#include <string.h>

#include "core/policy.h"
#include "core/spaces.h"
#include "core/timeline.h"
#include "db/db.h"
#include "lib/i18n.h"

/* The filtered list's statement, led by the most selective index: the
 * space's items, a tag's, an author's, a type's, or all. $1 type ('' for
 * any), $2 before, $3 after, $4 limit, $5 the leading key. */
static struct db_stmt *filter_statement(struct db *db, const struct stream_query *q) {
    struct db_stmt *st;
    if (q->space) {
        st = db_prep(db, "SELECT id FROM items WHERE space_id = $5 AND deleted_at IS NULL AND ($1 = '' OR type = $1)"
                         " AND ($6 = 0 OR author_id = $6) AND ($7 = '' OR id IN (SELECT item_id FROM item_tags WHERE tag = $7))"
                         " AND id < $2 AND id > $3 ORDER BY id DESC LIMIT $4");
        db_bind_int(st, 5, q->space);
        db_bind_int(st, 6, q->person);
        db_bind_text(st, 7, q->tag ? q->tag : "");
    } else if (q->tag) {
        st = db_prep(db, "SELECT t.item_id FROM item_tags t JOIN items i ON i.id = t.item_id AND i.deleted_at IS NULL"
                         " WHERE t.tag = $5 AND ($1 = '' OR i.type = $1) AND ($6 = 0 OR i.author_id = $6)"
                         " AND t.item_id < $2 AND t.item_id > $3 ORDER BY t.item_id DESC LIMIT $4");
        db_bind_text(st, 5, q->tag);
        db_bind_int(st, 6, q->person);
    } else if (q->person) {
        st = db_prep(db, "SELECT id FROM items WHERE author_id = $5 AND deleted_at IS NULL AND ($1 = '' OR type = $1)"
                         " AND id < $2 AND id > $3 ORDER BY id DESC LIMIT $4");
        db_bind_int(st, 5, q->person);
    } else if (q->type) {
        st = db_prep(db, "SELECT id FROM items WHERE type = $1 AND deleted_at IS NULL AND id < $2 AND id > $3"
                         " ORDER BY id DESC LIMIT $4");
    } else {
        st = db_prep(db, "SELECT id FROM items WHERE deleted_at IS NULL AND ($1 = '' OR 1 = 1) AND id < $2 AND id > $3"
                         " ORDER BY id DESC LIMIT $4");
    }
    db_bind_text(st, 1, q->type ? q->type : "");
    return st;
}

/* Up to `want` candidate ids older than `before` (and newer than `after`). */
static int candidates(struct db *db, const struct person *actor, const struct stream_query *q, int64_t before,
                      int want, int64_t *ids) {
    struct db_stmt *st;
    switch (q->kind) {
    case STREAM_HOME: {
        int64_t spaces[SPACE_MEMBERSHIPS_MAX];
        int ns = 0;
        for (int i = 0; actor->spaces_loaded && i < actor->nspaces; i++)
            if (actor->spaces[i].role >= SROLE_MEMBER) spaces[ns++] = actor->spaces[i].space;
        int n = timeline_home(db, actor->id, spaces, ns, before, q->after, want, ids);
        if (n >= 0) return n;
        st = db_prep(db, "SELECT id FROM ("
                         " SELECT i.id FROM follows f JOIN items i ON i.author_id = f.followee_id AND i.deleted_at IS NULL"
                         "  WHERE f.follower_id = $1 AND i.id < $2 AND i.id > $3"
                         " UNION SELECT i.id FROM items i WHERE i.author_id = $1 AND i.deleted_at IS NULL"
                         "  AND i.id < $2 AND i.id > $3"
                         " UNION SELECT m.item_id FROM item_mentions m WHERE m.person_id = $1 AND m.item_id < $2"
                         "  AND m.item_id > $3"
                         " UNION SELECT i.id FROM space_members sm JOIN items i ON i.space_id = sm.space_id"
                         "  AND i.deleted_at IS NULL WHERE sm.person_id = $1 AND $5 = 1"
                         "  AND sm.role IN ('owner', 'moderator', 'member') AND i.id < $2 AND i.id > $3"
                         ") AS home ORDER BY id DESC LIMIT $4");
        db_bind_int(st, 1, actor->id);
        db_bind_int(st, 5, actor->spaces_loaded); /* as the timeline: the spaces carried by the actor */
        break;
    }
    case STREAM_COMPANY: /* which spaces belong in it: company_wide(), from the cached spaces */
        st = db_prep(db, "SELECT id FROM items WHERE deleted_at IS NULL AND id < $2 AND id > $3 ORDER BY id DESC LIMIT $4");
        break;
    case STREAM_SPACE:
        st = db_prep(db, "SELECT id FROM items WHERE space_id = $1 AND deleted_at IS NULL AND id < $2 AND id > $3"
                         " ORDER BY id DESC LIMIT $4");
        db_bind_int(st, 1, q->space);
        break;
    case STREAM_PERSON:
        st = db_prep(db, "SELECT id FROM items WHERE author_id = $1 AND deleted_at IS NULL AND id < $2 AND id > $3"
                         " ORDER BY id DESC LIMIT $4");
        db_bind_int(st, 1, q->person);
        break;
    case STREAM_TAG:
        st = db_prep(db, "SELECT t.item_id FROM item_tags t JOIN items i ON i.id = t.item_id AND i.deleted_at IS NULL"
                         " WHERE t.tag = $1 AND t.item_id < $2 AND t.item_id > $3 ORDER BY t.item_id DESC LIMIT $4");
        db_bind_text(st, 1, q->tag);
        break;
    case STREAM_FILTER: st = filter_statement(db, q); break;
    default: return 0;
    }
    db_bind_int(st, 2, before);
    db_bind_int(st, 3, q->after > 0 ? q->after : 0);
    db_bind_int(st, 4, want);
    int n = 0;
    while (n < want && db_step(st) == DB_ROW) ids[n++] = db_col_int(st, 0);
    db_done(st);
    return n;
}

/* The company stream: profile posts and the spaces every employee reads
 * (internal and public), never a members-only space, even to its members. */
static int company_wide(const struct item *it) {
    if (!it->space_id) return 1;
    return it->space && (it->space->visibility == VIS_INTERNAL || it->space->visibility == VIS_PUBLIC);
}

int stream_read(struct db *db, struct arena *a, const struct person *actor, const struct stream_query *q,
                struct item ***out, int *n, const char **next, struct err *e) {
    *n = 0;
    *next = NULL;
    if (q->kind == STREAM_SPACE || (q->kind == STREAM_FILTER && q->space)) {
        const struct space *s = space_view(db, a, actor, q->space);
        if (!s || !policy_space(actor, ACT_READ_SPACE, s)) return err_fail(e, ERR_NOT_FOUND, NULL, N_("No such space."));
    } else if (!actor && q->kind != STREAM_FILTER) { /* a filtered list shows anonymous readers public items */
        return err_fail(e, ERR_NOT_FOUND, NULL, N_("Not found."));
    }
    if (q->kind == STREAM_COMPANY && !policy_allows(actor, ACT_BROWSE_DIRECTORY, NULL))
        return err_fail(e, ERR_NOT_FOUND, NULL, N_("Not found."));
    if ((q->kind == STREAM_PERSON || (q->kind == STREAM_FILTER && q->person)) && !people_view(db, a, actor, q->person))
        return err_fail(e, ERR_NOT_FOUND, NULL, N_("No such person."));
    int64_t before = INT64_MAX;
    if (q->cursor && *q->cursor) {
        char *end;
        before = strtoll(q->cursor, &end, 10);
        if (*end || before <= 0) return err_fail(e, ERR_INVALID, "cursor", N_("The page cursor is invalid."));
    }
    int limit = q->limit < 1 || q->limit > 100 ? 20 : q->limit;
    struct item **list = arena_alloc(a, sizeof *list * (size_t)(limit + 1));
    int count = 0, more = 0, exhausted = 0;
    int64_t ids[101];
    /* a few rounds at most: the policy rarely hides much */
    for (int round = 0; round < 8 && count <= limit; round++) {
        int want = limit + 1 - count;
        int got = candidates(db, actor, q, before, want, ids);
        exhausted = got < want;
        struct item *loaded[101];
        items_load(db, a, ids, got, loaded);
        for (int i = 0; i < got; i++) {
            before = ids[i];
            if (loaded[i] && policy_item(actor, ACT_READ_ITEM, loaded[i]) &&
                (q->kind != STREAM_COMPANY || company_wide(loaded[i])))
                list[count++] = loaded[i];
        }
        if (got < want) break; /* the source is exhausted */
    }
    if (count > limit) {
        more = 1;
        count = limit;
    }
    if (more) *next = arena_printf(a, "%lld", (long long)list[limit - 1]->id);
    else if (!exhausted && before != INT64_MAX) *next = arena_printf(a, "%lld", (long long)before);
    items_hydrate(db, a, actor, list, count);
    *out = list;
    *n = count;
    return 0;
}
