/* Notifications (see notify.h). */
#include "core/notify.h"

#include <stdlib.h>
#include <string.h>

#include "core/bus.h"
#include "core/comments.h"
#include "core/items.h"
#include "core/policy.h"
#include "core/spaces.h"
#include "db/db.h"
#include "lib/i18n.h"
#include "lib/markdown.h"
#include "lib/text.h"

static const char *const kind_names[NOTIFY__MAX] = {"mention", "comment",      "reply",        "like",
                                                    "follow",  "space_invite", "space_request", "space_approved",
                                                    "event_promoted"};

const char *notify_kind_name(enum notify_kind k) { return k < NOTIFY__MAX ? kind_names[k] : "?"; }

int notify_kind_parse(const char *s, enum notify_kind *out) {
    for (int i = 0; s && i < NOTIFY__MAX; i++)
        if (!strcmp(s, kind_names[i])) {
            *out = (enum notify_kind)i;
            return 0;
        }
    return -1;
}

/* Recipients of this thread's uncommitted notifications. */
#define PENDING_MAX 256
static _Thread_local int64_t pending[PENDING_MAX];
static _Thread_local int npending;

int notify_enabled(struct db *db, int64_t person, enum notify_kind kind) {
    struct db_stmt *st = db_prep(db, "SELECT count(*) FROM notification_prefs WHERE person_id = $1 AND kind = $2");
    db_bind_int(st, 1, person);
    db_bind_text(st, 2, kind_names[kind]);
    return db_int_or(st, 0) == 0;
}

int notify_set_enabled(struct db *db, int64_t person, enum notify_kind kind, int enabled) {
    struct db_stmt *st =
        enabled ? db_prep(db, "DELETE FROM notification_prefs WHERE person_id = $1 AND kind = $2")
                : db_prep(db, "INSERT INTO notification_prefs (person_id, kind) VALUES ($1, $2) ON CONFLICT DO NOTHING");
    db_bind_int(st, 1, person);
    db_bind_text(st, 2, kind_names[kind]);
    return db_run(st) == DB_DONE ? 0 : -1;
}

/* Records one row (inside the caller's transaction). */
static int record(struct db *db, int64_t recipient, enum notify_kind kind, int64_t actor, int64_t item,
                  int64_t comment, int64_t space) {
    struct db_stmt *st = db_prep(db, "INSERT INTO notifications (person_id, kind, actor_id, item_id, comment_id,"
                                     " space_id, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT DO NOTHING");
    db_bind_int(st, 1, recipient);
    db_bind_text(st, 2, kind_names[kind]);
    db_bind_int(st, 3, actor);
    db_bind_int(st, 4, item);
    db_bind_int(st, 5, comment);
    db_bind_int(st, 6, space);
    db_bind_int(st, 7, db_now());
    if (db_run(st) != DB_DONE) return 0;
    if (db_changes(db) > 0 && npending < PENDING_MAX) pending[npending++] = recipient;
    return 1;
}

/* The recipient, with their spaces, if they want this kind of notification. */
static struct person *recipient_of(struct db *db, struct arena *a, int64_t recipient, enum notify_kind kind,
                                   int64_t actor) {
    if (recipient == actor || kind >= NOTIFY__MAX) return NULL;
    struct person *who = people_get(db, a, recipient);
    if (!who || who->disabled || !notify_enabled(db, recipient, kind)) return NULL;
    people_load_spaces(db, a, who);
    return who;
}

int notify(struct db *db, struct arena *a, int64_t recipient, enum notify_kind kind, int64_t actor, int64_t item,
           int64_t comment) {
    struct person *who = recipient_of(db, a, recipient, kind, actor);
    if (!who) return 0;
    if (item && !item_get(db, a, who, item)) return 0; /* never tell anyone of what they may not see */
    return record(db, recipient, kind, actor, item, comment, 0);
}

int notify_space(struct db *db, struct arena *a, int64_t recipient, enum notify_kind kind, int64_t actor,
                 int64_t space) {
    struct person *who = recipient_of(db, a, recipient, kind, actor);
    if (!who) return 0;
    /* an invitee's new role is not committed yet: read it in this transaction */
    people_reload_spaces(db, a, who);
    if (!space_view(db, a, who, space)) return 0;
    return record(db, recipient, kind, actor, 0, 0, space);
}

void notify_flush(void) {
    for (int i = 0; i < npending; i++) {
        struct bus_event ev = {.kind = BUS_NOTIFICATION, .person = pending[i]};
        bus_publish(&ev);
    }
    npending = 0;
}

void notify_discard(void) { npending = 0; }

int notify_unread(struct db *db, int64_t person) {
    /* what notify_list leaves out (deleted items and comments) is not counted either */
    struct db_stmt *st = db_prep(db, "SELECT count(*) FROM (SELECT 1 FROM notifications n"
                                     " WHERE n.person_id = $1 AND n.read_at IS NULL"
                                     " AND (n.item_id = 0 OR EXISTS (SELECT 1 FROM items i"
                                     "  WHERE i.id = n.item_id AND i.deleted_at IS NULL))"
                                     " AND (n.comment_id = 0 OR EXISTS (SELECT 1 FROM comments c"
                                     "  WHERE c.id = n.comment_id AND c.deleted_at IS NULL))"
                                     " AND (n.space_id = 0 OR EXISTS (SELECT 1 FROM spaces s"
                                     "  WHERE s.id = n.space_id AND s.deleted_at IS NULL))"
                                     " LIMIT 100) AS unread");
    db_bind_int(st, 1, person);
    return (int)db_int_or(st, 0);
}

int notify_list(struct db *db, struct arena *a, const struct person *me, const char *cursor, int limit,
                struct notification ***out, int *n, const char **next, struct err *e) {
    *n = 0;
    *next = NULL;
    int64_t before = INT64_MAX;
    if (cursor && *cursor) {
        char *end;
        before = strtoll(cursor, &end, 10);
        if (*end || before <= 0) return err_fail(e, ERR_INVALID, "cursor", N_("The page cursor is invalid."));
    }
    if (limit < 1 || limit > 100) limit = 20;
    struct db_stmt *st = db_prep(db, "SELECT id, kind, actor_id, item_id, comment_id, created_at, read_at IS NOT NULL, space_id"
                                     " FROM notifications WHERE person_id = $1 AND id < $2 ORDER BY id DESC LIMIT $3");
    db_bind_int(st, 1, me->id);
    db_bind_int(st, 2, before);
    db_bind_int(st, 3, limit + 1);
    struct notification **list = arena_alloc(a, sizeof *list * (size_t)(limit + 1));
    int count = 0;
    while (count <= limit && db_step(st) == DB_ROW) {
        struct notification *x = arena_alloc(a, sizeof *x);
        x->id = db_col_int(st, 0);
        enum notify_kind k = NOTIFY_MENTION;
        notify_kind_parse(db_col_text(st, 1), &k);
        x->kind = k;
        x->actor_id = db_col_int(st, 2);
        x->item_id = db_col_int(st, 3);
        x->comment_id = db_col_int(st, 4);
        x->created_at = db_col_int(st, 5);
        x->read = (int)db_col_int(st, 6);
        x->space_id = db_col_int(st, 7);
        list[count++] = x;
    }
    db_done(st);
    if (count > limit) {
        count = limit;
        *next = arena_printf(a, "%lld", (long long)list[limit - 1]->id);
    }
    /* Resolve actors and items; anything no longer visible is left out. */
    int kept = 0;
    for (int i = 0; i < count; i++) {
        struct notification *x = list[i];
        x->actor = people_view(db, a, me, x->actor_id);
        x->space = x->space_id ? space_view(db, a, me, x->space_id) : NULL;
        /* who invited me into a space is named even if their profile is closed to me */
        if (!x->actor && x->space) x->actor = people_cached(db, a, x->actor_id);
        struct item *it = x->item_id ? item_get(db, a, me, x->item_id) : NULL;
        if (!x->actor || (x->item_id && !it) || (x->space_id && !x->space)) continue;
        if (x->comment_id && !comment_get(db, a, me, x->comment_id)) continue; /* a deleted comment */
        x->item_excerpt = it ? text_excerpt(a, *it->title ? it->title : markdown_plain(a, it->body), 80)
                          : x->space ? x->space->name
                                     : "";
        list[kept++] = x;
    }
    *out = list;
    *n = kept;
    return 0;
}

int notify_mark_read(struct db *db, const struct person *me, int64_t id, struct err *e) {
    struct db_stmt *st;
    if (id) {
        st = db_prep(db, "UPDATE notifications SET read_at = $3 WHERE person_id = $1 AND id = $2 AND read_at IS NULL");
        db_bind_int(st, 2, id);
    } else {
        st = db_prep(db, "UPDATE notifications SET read_at = $3 WHERE person_id = $1 AND read_at IS NULL");
    }
    db_bind_int(st, 1, me->id);
    db_bind_int(st, 3, db_now());
    if (db_run(st) != DB_DONE) return err_fail(e, ERR_INTERNAL, NULL, N_("The change could not be saved."));
    if (id && db_changes(db) == 0) {
        st = db_prep(db, "SELECT count(*) FROM notifications WHERE person_id = $1 AND id = $2");
        db_bind_int(st, 1, me->id);
        db_bind_int(st, 2, id);
        if (!db_int_or(st, 0)) return err_fail(e, ERR_NOT_FOUND, NULL, N_("Not found."));
    }
    struct bus_event ev = {.kind = BUS_NOTIFICATION, .person = me->id};
    bus_publish(&ev);
    return 0;
}
