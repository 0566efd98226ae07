/* Comments (see comments.h). */
#include "core/comments.h"

#include <stdlib.h>
#include <string.h>

#include "core/bus.h"
#include "core/content.h"
#include "core/items.h"
#include "core/notify.h"
#include "core/policy.h"
#include "db/db.h"
#include "lib/i18n.h"
#include "lib/text.h"

#define COMMENT_COLS                                                                                              \
    "c.id, c.item_id, c.author_id, coalesce(c.parent_id, 0), c.body, c.body_html, c.created_at, "             \
    "coalesce(c.edited_at, 0), coalesce(c.deleted_at, 0), c.likes_count"

static struct comment *from_row(struct arena *a, struct db_stmt *st) {
    struct comment *c = arena_alloc(a, sizeof *c);
    c->id = db_col_int(st, 0);
    c->item_id = db_col_int(st, 1);
    c->author_id = db_col_int(st, 2);
    c->parent_id = db_col_int(st, 3);
    c->body = arena_strdup(a, db_col_text(st, 4));
    c->body_html = arena_strdup(a, db_col_text(st, 5));
    c->created_at = db_col_int(st, 6);
    c->edited_at = db_col_int(st, 7);
    c->deleted_at = db_col_int(st, 8);
    c->likes_count = db_col_int(st, 9);
    return c;
}

static struct comment *fetch(struct db *db, struct arena *a, int64_t id) {
    struct db_stmt *st = db_prep(db, "SELECT " COMMENT_COLS " FROM comments c WHERE c.id = $1");
    db_bind_int(st, 1, id);
    struct comment *c = db_step(st) == DB_ROW ? from_row(a, st) : NULL;
    db_done(st);
    return c;
}

static int check_body(struct arena *a, const char *body, struct err *e) {
    if (!body || !*text_trim(a, body)) return err_fail(e, ERR_INVALID, "body", N_("Write something first."));
    if (!text_valid(body, 1)) return err_fail(e, ERR_INVALID, "body", N_("The text contains invalid characters."));
    if (text_chars(body) > COMMENT_MAX_CHARS)
        return err_fail(e, ERR_INVALID, "body", N_("The text must have at most 5,000 characters."));
    return 0;
}

/* Notifies the people mentioned; returns how many were, their ids in `told`. */
static int notify_mentions(struct db *db, struct arena *a, const struct content *c, int64_t actor, int64_t item,
                           int64_t comment, int64_t *told) {
    int n = 0;
    for (int i = 0; i < c->nmentions; i++) {
        struct person *p = people_by_handle(db, a, c->mentions[i]);
        if (p && notify(db, a, p->id, NOTIFY_MENTION, actor, item, comment)) told[n++] = p->id;
    }
    return n;
}

static int among(int64_t id, const int64_t *ids, int n) {
    for (int i = 0; i < n; i++)
        if (ids[i] == id) return 1;
    return 0;
}

int comment_create(struct db *db, struct arena *a, const struct person *actor, int64_t item_id, int64_t parent_id,
                   const char *body, int64_t *id_out, struct err *e) {
    struct item *it = item_get(db, a, actor, item_id);
    if (!it) return err_fail(e, ERR_NOT_FOUND, NULL, N_("Not found."));
    if (!policy_item(actor, ACT_COMMENT, it)) return err_fail(e, ERR_FORBIDDEN, NULL, N_("You may not comment here."));
    int rc = check_body(a, body, e);
    if (rc) return rc;
    if (parent_id) {
        struct comment *parent = fetch(db, a, parent_id);
        if (!parent || parent->item_id != item_id || parent->deleted_at)
            return err_fail(e, ERR_INVALID, "parent_id", N_("The comment answered is not on this item."));
    }
    struct content c;
    content_render(a, body, NULL, NULL, &c);
    if (c.too_many_mentions) return err_fail(e, ERR_INVALID, "body", N_("At most 50 people can be mentioned at once."));
    if (db_begin(db)) return err_fail(e, ERR_INTERNAL, NULL, N_("The database is busy; try again."));
    int64_t now = db_now();
    struct db_stmt *st = db_prep(db, "INSERT INTO comments (item_id, author_id, parent_id, body, body_html, created_at)"
                                     " VALUES ($1, $2, $3, $4, $5, $6)");
    db_bind_int(st, 1, item_id);
    db_bind_int(st, 2, actor->id);
    if (parent_id) db_bind_int(st, 3, parent_id);
    else db_bind_null(st, 3);
    db_bind_text(st, 4, body);
    db_bind_text(st, 5, c.html.html);
    db_bind_int(st, 6, now);
    int ok = db_run(st) == DB_DONE;
    int64_t id = db_last_id(db);
    st = db_prep(db, "UPDATE items SET comments_count = comments_count + 1 WHERE id = $1");
    db_bind_int(st, 1, item_id);
    ok = ok && db_run(st) == DB_DONE;
    if (!ok) {
        db_rollback(db);
        notify_discard();
        return err_fail(e, ERR_INTERNAL, NULL, N_("The comment could not be saved."));
    }
    /* One notification per person for one comment: a mention says it all
     * (unless mentions are turned off), so the mentioned are not also told of
     * a comment or a reply. */
    int64_t told[CONTENT_MAX_MENTIONS];
    int ntold = notify_mentions(db, a, &c, actor->id, item_id, id, told);
    if (!among(it->author_id, told, ntold)) notify(db, a, it->author_id, NOTIFY_COMMENT, actor->id, item_id, id);
    /* everyone else who took part in the thread */
    st = db_prep(db, "SELECT DISTINCT author_id FROM comments WHERE item_id = $1 AND author_id <> $2 AND author_id <> $3"
                     " AND deleted_at IS NULL LIMIT 500");
    db_bind_int(st, 1, item_id);
    db_bind_int(st, 2, actor->id);
    db_bind_int(st, 3, it->author_id);
    int64_t others[500];
    int n = 0;
    while (n < 500 && db_step(st) == DB_ROW) others[n++] = db_col_int(st, 0);
    db_done(st);
    for (int i = 0; i < n; i++)
        if (!among(others[i], told, ntold)) notify(db, a, others[i], NOTIFY_REPLY, actor->id, item_id, id);
    if (db_commit(db)) {
        db_rollback(db);
        notify_discard();
        return err_fail(e, ERR_INTERNAL, NULL, N_("The comment could not be saved."));
    }
    notify_flush();
    struct bus_event ev = {.kind = BUS_ITEM_UPDATED, .item = item_id, .person = actor->id, .other = id};
    bus_publish(&ev);
    if (id_out) *id_out = id;
    return 0;
}

/* The comment and its item, if the actor may see both. */
static struct comment *visible(struct db *db, struct arena *a, const struct person *actor, int64_t id,
                               struct item **item) {
    struct comment *c = fetch(db, a, id);
    if (!c || c->deleted_at) return NULL;
    *item = item_get(db, a, actor, c->item_id);
    return *item ? c : NULL;
}

static int liked_by(struct db *db, const struct comment *c, const struct person *actor) {
    if (!actor || !c->likes_count) return 0;
    struct db_stmt *st = db_prep(db, "SELECT count(*) FROM comment_likes WHERE comment_id = $1 AND person_id = $2");
    db_bind_int(st, 1, c->id);
    db_bind_int(st, 2, actor->id);
    return db_int_or(st, 0) > 0;
}

struct comment *comment_get(struct db *db, struct arena *a, const struct person *actor, int64_t id) {
    struct item *it;
    struct comment *c = visible(db, a, actor, id, &it);
    if (c) {
        c->author = people_cached(db, a, c->author_id);
        c->liked_by_me = liked_by(db, c, actor);
    }
    return c;
}

int comment_update(struct db *db, struct arena *a, const struct person *actor, int64_t id, const char *body,
                   struct err *e) {
    struct item *it;
    struct comment *c = visible(db, a, actor, id, &it);
    if (!c) return err_fail(e, ERR_NOT_FOUND, NULL, N_("Not found."));
    if (!policy_comment(actor, ACT_EDIT_COMMENT, c, it))
        return err_fail(e, ERR_FORBIDDEN, NULL, N_("Only the author may edit this."));
    int rc = check_body(a, body, e);
    if (rc) return rc;
    struct content ct;
    content_render(a, body, NULL, NULL, &ct);
    if (ct.too_many_mentions) return err_fail(e, ERR_INVALID, "body", N_("At most 50 people can be mentioned at once."));
    if (db_begin(db)) return err_fail(e, ERR_INTERNAL, NULL, N_("The database is busy; try again."));
    struct db_stmt *st = db_prep(db, "UPDATE comments SET body = $2, body_html = $3, edited_at = $4 WHERE id = $1");
    db_bind_int(st, 1, id);
    db_bind_text(st, 2, body);
    db_bind_text(st, 3, ct.html.html);
    db_bind_int(st, 4, db_now());
    int ok = db_run(st) == DB_DONE;
    int64_t told[CONTENT_MAX_MENTIONS];
    notify_mentions(db, a, &ct, actor->id, c->item_id, id, told);
    if (!ok || db_commit(db)) {
        db_rollback(db);
        notify_discard();
        return err_fail(e, ERR_INTERNAL, NULL, N_("The comment could not be saved."));
    }
    notify_flush();
    return 0;
}

int comment_delete(struct db *db, struct arena *a, const struct person *actor, int64_t id, struct err *e) {
    struct item *it;
    struct comment *c = visible(db, a, actor, id, &it);
    if (!c) return err_fail(e, ERR_NOT_FOUND, NULL, N_("Not found."));
    if (!policy_comment(actor, ACT_DELETE_COMMENT, c, it))
        return err_fail(e, ERR_FORBIDDEN, NULL, N_("Only the author may delete this."));
    if (db_begin(db)) return err_fail(e, ERR_INTERNAL, NULL, N_("The database is busy; try again."));
    struct db_stmt *st = db_prep(db, "UPDATE comments SET deleted_at = $2 WHERE id = $1 AND deleted_at IS NULL");
    db_bind_int(st, 1, id);
    db_bind_int(st, 2, db_now());
    int ok = db_run(st) == DB_DONE;
    st = db_prep(db, "UPDATE items SET comments_count = comments_count - 1 WHERE id = $1 AND comments_count > 0");
    db_bind_int(st, 1, c->item_id);
    ok = ok && db_run(st) == DB_DONE;
    if (!ok || db_commit(db)) {
        db_rollback(db);
        return err_fail(e, ERR_INTERNAL, NULL, N_("The comment could not be deleted."));
    }
    struct bus_event ev = {.kind = BUS_ITEM_COUNTS, .item = c->item_id};
    bus_publish(&ev);
    return 0;
}

int comment_list(struct db *db, struct arena *a, const struct person *actor, int64_t item_id, const char *cursor,
                 int limit, struct comment ***out, int *n, const char **next, struct err *e) {
    *n = 0;
    *next = NULL;
    if (!item_get(db, a, actor, item_id)) return err_fail(e, ERR_NOT_FOUND, NULL, N_("Not found."));
    int64_t after = 0;
    if (cursor && *cursor) {
        char *end;
        after = strtoll(cursor, &end, 10);
        if (*end || after <= 0) return err_fail(e, ERR_INVALID, "cursor", N_("The page cursor is invalid."));
    }
    if (limit < 1 || limit > 100) limit = 50;
    struct db_stmt *st = db_prep(db, "SELECT " COMMENT_COLS " FROM comments c WHERE c.item_id = $1 AND c.id > $2"
                                     " AND c.deleted_at IS NULL ORDER BY c.id LIMIT $3");
    db_bind_int(st, 1, item_id);
    db_bind_int(st, 2, after);
    db_bind_int(st, 3, limit + 1);
    struct comment **list = arena_alloc(a, sizeof *list * (size_t)(limit + 1));
    int count = 0;
    while (count <= limit && db_step(st) == DB_ROW) list[count++] = from_row(a, st);
    db_done(st);
    if (count > limit) {
        count = limit;
        *next = arena_printf(a, "%lld", (long long)list[limit - 1]->id);
    }
    for (int i = 0; i < count; i++) {
        list[i]->author = people_cached(db, a, list[i]->author_id);
        list[i]->liked_by_me = liked_by(db, list[i], actor);
    }
    *out = list;
    *n = count;
    return 0;
}
