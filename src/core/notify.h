/* Notifications: mentioned, a comment on my item, a reply in a thread I took
 * part in, a like, a new follower. One row per event and recipient (a repeat
 * is a no-op), only for what the recipient may see, only for kinds they
 * have not turned off. */
#ifndef RUCHE_NOTIFY_H
#define RUCHE_NOTIFY_H
#include <stdint.h>

#include "core/errors.h"
#include "core/people.h"

struct space;

enum notify_kind {
    NOTIFY_MENTION,
    NOTIFY_COMMENT,
    NOTIFY_REPLY,
    NOTIFY_LIKE,
    NOTIFY_FOLLOW,
    NOTIFY_SPACE_INVITE,   /* an owner invited me into a space */
    NOTIFY_SPACE_REQUEST,  /* someone asks to join a space I own */
    NOTIFY_SPACE_APPROVED, /* an owner let me into a space */
    NOTIFY_EVENT_PROMOTED, /* a place opened at an event: off the waiting list */
    NOTIFY__MAX
};

const char *notify_kind_name(enum notify_kind k);
int notify_kind_parse(const char *s, enum notify_kind *out);

/* Records a notification inside the caller's transaction. Does nothing when
 * recipient == actor, the kind is off, or the recipient may not see the
 * item. Live delivery waits for notify_flush (after commit). Returns 1 when
 * the recipient has this notification (new or already there), else 0. */
int notify(struct db *db, struct arena *a, int64_t recipient, enum notify_kind kind, int64_t actor, int64_t item,
           int64_t comment);
/* The same about a space (invitations, requests, approvals); nothing when
 * the recipient may not view the space. */
int notify_space(struct db *db, struct arena *a, int64_t recipient, enum notify_kind kind, int64_t actor,
                 int64_t space);
/* After commit: announces the new notifications on the bus. */
void notify_flush(void);
/* After rollback: forgets them. */
void notify_discard(void);

struct notification {
    int64_t id;
    enum notify_kind kind;
    int64_t actor_id, item_id, comment_id, space_id;
    struct person *actor;
    const struct space *space; /* when space_id */
    const char *item_excerpt; /* first words of the item, "" when none */
    int64_t created_at;
    int read;
};

/* Newest first, cursor-paginated. */
int notify_list(struct db *db, struct arena *a, const struct person *me, const char *cursor, int limit,
                struct notification ***out, int *n, const char **next, struct err *e);
/* Unread notifications, counted up to 100 (shown as "99+"). */
int notify_unread(struct db *db, int64_t person);
/* Marks one (id > 0) or all (id == 0) as read. ERR_NOT_FOUND for another's. */
int notify_mark_read(struct db *db, const struct person *me, int64_t id, struct err *e);
/* Per-kind preferences. */
int notify_enabled(struct db *db, int64_t person, enum notify_kind kind);
int notify_set_enabled(struct db *db, int64_t person, enum notify_kind kind, int enabled);

#endif
