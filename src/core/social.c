/* Likes and follows (declared in comments.h): small idempotent switches
 * that keep their counters and notify once. */
#include <stdlib.h>
#include <string.h>

#include "core/bus.h"
#include "core/comments.h"
#include "core/items.h"
#include "core/notify.h"
#include "core/policy.h"
#include "db/db.h"
#include "lib/i18n.h"

/* Inserts or deletes one row, adjusting a counter when something changed. */
static int toggle(struct db *db, const char *insert, const char *remove, const char *inc, const char *dec,
                  int64_t target, int64_t person, int on, int *changed) {
    struct db_stmt *st = db_prep(db, on ? insert : remove);
    db_bind_int(st, 1, target);
    db_bind_int(st, 2, person);
    if (on) db_bind_int(st, 3, db_now());
    if (db_run(st) != DB_DONE) return -1;
    *changed = db_changes(db) > 0;
    if (*changed && inc) {
        st = db_prep(db, on ? inc : dec);
        db_bind_int(st, 1, target);
        if (db_run(st) != DB_DONE) return -1;
    }
    return 0;
}

int like_item(struct db *db, struct arena *a, const struct person *actor, int64_t item_id, int on, struct err *e) {
    struct item *it = item_get(db, a, actor, item_id);
    if (!it) return err_fail(e, ERR_NOT_FOUND, NULL, N_("Not found."));
    if (!policy_item(actor, ACT_LIKE, it)) return err_fail(e, ERR_FORBIDDEN, NULL, N_("You may not like this."));
    if (db_begin(db)) return err_fail(e, ERR_INTERNAL, NULL, N_("The database is busy; try again."));
    int changed = 0;
    int rc = toggle(db, "INSERT INTO item_likes (item_id, person_id, created_at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING",
                    "DELETE FROM item_likes WHERE item_id = $1 AND person_id = $2",
                    "UPDATE items SET likes_count = likes_count + 1 WHERE id = $1",
                    "UPDATE items SET likes_count = likes_count - 1 WHERE id = $1 AND likes_count > 0", item_id,
                    actor->id, on, &changed);
    if (!rc && changed && on) notify(db, a, it->author_id, NOTIFY_LIKE, actor->id, item_id, 0);
    if (rc || db_commit(db)) {
        db_rollback(db);
        notify_discard();
        return err_fail(e, ERR_INTERNAL, NULL, N_("The change could not be saved."));
    }
    notify_flush();
    if (changed) {
        struct bus_event ev = {.kind = BUS_ITEM_COUNTS, .item = item_id};
        bus_publish(&ev);
    }
    return 0;
}

int like_comment(struct db *db, struct arena *a, const struct person *actor, int64_t comment_id, int on,
                 struct err *e) {
    struct comment *c = comment_get(db, a, actor, comment_id);
    if (!c) return err_fail(e, ERR_NOT_FOUND, NULL, N_("Not found."));
    if (db_begin(db)) return err_fail(e, ERR_INTERNAL, NULL, N_("The database is busy; try again."));
    int changed = 0;
    int rc = toggle(db,
                    "INSERT INTO comment_likes (comment_id, person_id, created_at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING",
                    "DELETE FROM comment_likes WHERE comment_id = $1 AND person_id = $2",
                    "UPDATE comments SET likes_count = likes_count + 1 WHERE id = $1",
                    "UPDATE comments SET likes_count = likes_count - 1 WHERE id = $1 AND likes_count > 0", comment_id,
                    actor->id, on, &changed);
    if (!rc && changed && on) notify(db, a, c->author_id, NOTIFY_LIKE, actor->id, c->item_id, comment_id);
    if (rc || db_commit(db)) {
        db_rollback(db);
        notify_discard();
        return err_fail(e, ERR_INTERNAL, NULL, N_("The change could not be saved."));
    }
    notify_flush();
    return 0;
}

static int parse_cursor(const char *cursor, int64_t *v, struct err *e) {
    *v = INT64_MAX;
    if (!cursor || !*cursor) return 0;
    char *end;
    *v = strtoll(cursor, &end, 10);
    if (*end || *v <= 0) return err_fail(e, ERR_INVALID, "cursor", N_("The page cursor is invalid."));
    return 0;
}

/* Runs a query of (person id, row key) pairs taking $1 = key, $2 = the
 * cursor, $3 = the page size, and returns the visible people, newest first. */
static int person_page(struct db *db, struct arena *a, const struct person *actor, struct db_stmt *st, int64_t key,
                       const char *cursor, int limit, struct person ***out, int *n, const char **next, struct err *e) {
    int64_t before;
    if (parse_cursor(cursor, &before, e)) {
        db_done(st);
        return ERR_INVALID;
    }
    if (limit < 1 || limit > 100) limit = 50;
    db_bind_int(st, 1, key);
    db_bind_int(st, 2, before);
    db_bind_int(st, 3, limit + 1);
    int64_t ids[101], keys[101];
    int count = 0;
    while (count <= limit && db_step(st) == DB_ROW) {
        ids[count] = db_col_int(st, 0);
        keys[count] = db_col_int(st, 1);
        count++;
    }
    db_done(st);
    if (count > limit) {
        count = limit;
        *next = arena_printf(a, "%lld", (long long)keys[limit - 1]);
    }
    struct person **list = arena_alloc(a, sizeof *list * (size_t)(count + 1));
    int kept = 0;
    for (int i = 0; i < count; i++) {
        struct person *p = people_view(db, a, actor, ids[i]);
        if (p) list[kept++] = p;
    }
    *out = list;
    *n = kept;
    return 0;
}


int like_list(struct db *db, struct arena *a, const struct person *actor, int64_t item_id, int64_t comment_id,
              const char *cursor, int limit, struct person ***out, int *n, const char **next, struct err *e) {
    *n = 0;
    *next = NULL;
    if (comment_id ? !comment_get(db, a, actor, comment_id) : !item_get(db, a, actor, item_id))
        return err_fail(e, ERR_NOT_FOUND, NULL, N_("Not found."));
    struct db_stmt *st =
        comment_id ? db_prep(db, "SELECT person_id, id FROM comment_likes WHERE comment_id = $1 AND id < $2"
                                 " ORDER BY id DESC LIMIT $3")
                   : db_prep(db, "SELECT person_id, id FROM item_likes WHERE item_id = $1 AND id < $2"
                                 " ORDER BY id DESC LIMIT $3");
    return person_page(db, a, actor, st, comment_id ? comment_id : item_id, cursor, limit, out, n, next, e);
}

int follow_is(struct db *db, int64_t follower, int64_t followee) {
    struct db_stmt *st = db_prep(db, "SELECT count(*) FROM follows WHERE follower_id = $1 AND followee_id = $2");
    db_bind_int(st, 1, follower);
    db_bind_int(st, 2, followee);
    return db_int_or(st, 0) > 0;
}

int follow_set(struct db *db, struct arena *a, const struct person *actor, int64_t target, int on, struct err *e) {
    struct person *p = people_view(db, a, actor, target);
    if (!p) return err_fail(e, ERR_NOT_FOUND, NULL, N_("No such person."));
    if (!policy_allows(actor, ACT_FOLLOW, p)) return err_fail(e, ERR_INVALID, NULL, N_("You cannot follow yourself."));
    if (db_begin(db)) return err_fail(e, ERR_INTERNAL, NULL, N_("The database is busy; try again."));
    int changed = 0;
    int rc = toggle(db, "INSERT INTO follows (followee_id, follower_id, created_at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING",
                    "DELETE FROM follows WHERE followee_id = $1 AND follower_id = $2", NULL, NULL, target, actor->id,
                    on, &changed);
    if (!rc && changed && on) notify(db, a, target, NOTIFY_FOLLOW, actor->id, 0, 0);
    if (rc || db_commit(db)) {
        db_rollback(db);
        notify_discard();
        return err_fail(e, ERR_INTERNAL, NULL, N_("The change could not be saved."));
    }
    notify_flush();
    if (changed) {
        struct bus_event ev = {.kind = BUS_FOLLOW_CHANGED, .person = actor->id, .other = target};
        bus_publish(&ev);
    }
    return 0;
}

int follow_list(struct db *db, struct arena *a, const struct person *actor, int64_t person, int followers,
                const char *cursor, int limit, struct person ***out, int *n, const char **next, struct err *e) {
    *n = 0;
    *next = NULL;
    if (!people_view(db, a, actor, person)) return err_fail(e, ERR_NOT_FOUND, NULL, N_("No such person."));
    struct db_stmt *st =
        followers ? db_prep(db, "SELECT follower_id, id FROM follows WHERE followee_id = $1 AND id < $2"
                                " ORDER BY id DESC LIMIT $3")
                  : db_prep(db, "SELECT followee_id, id FROM follows WHERE follower_id = $1 AND id < $2"
                                " ORDER BY id DESC LIMIT $3");
    return person_page(db, a, actor, st, person, cursor, limit, out, n, next, e);
}

int follow_counts(struct db *db, int64_t person, int64_t *followers, int64_t *following) {
    struct db_stmt *st = db_prep(db, "SELECT count(*) FROM follows WHERE followee_id = $1");
    db_bind_int(st, 1, person);
    *followers = db_int_or(st, 0);
    st = db_prep(db, "SELECT count(*) FROM follows WHERE follower_id = $1");
    db_bind_int(st, 1, person);
    *following = db_int_or(st, 0);
    return 0;
}
