/* Comments on items (threaded by parent), their likes, and item likes. */
#ifndef RUCHE_COMMENTS_H
#define RUCHE_COMMENTS_H
#include <stdint.h>

#include "core/errors.h"
#include "core/people.h"

enum { COMMENT_MAX_CHARS = 5000 };

struct comment {
    int64_t id, item_id, author_id, parent_id;
    const char *body, *body_html;
    int64_t created_at, edited_at, deleted_at, likes_count;
    int liked_by_me;
    struct person *author;
};

/* Comments on an item: the author of the item is notified, and so is
 * everyone who commented before (a reply in their thread); mentions notify. */
int comment_create(struct db *db, struct arena *a, const struct person *actor, int64_t item_id, int64_t parent_id,
                   const char *body, int64_t *id_out, struct err *e);
int comment_update(struct db *db, struct arena *a, const struct person *actor, int64_t id, const char *body,
                   struct err *e);
int comment_delete(struct db *db, struct arena *a, const struct person *actor, int64_t id, struct err *e);
/* A visible comment, or NULL. */
struct comment *comment_get(struct db *db, struct arena *a, const struct person *actor, int64_t id);
/* Oldest first, cursor-paginated; ERR_NOT_FOUND when the item is not visible. */
int comment_list(struct db *db, struct arena *a, const struct person *actor, int64_t item_id, const char *cursor,
                 int limit, struct comment ***out, int *n, const char **next, struct err *e);

/* Likes: on (1) or off (0); idempotent. The author of what is liked is
 * notified once. */
int like_item(struct db *db, struct arena *a, const struct person *actor, int64_t item_id, int on, struct err *e);
int like_comment(struct db *db, struct arena *a, const struct person *actor, int64_t comment_id, int on,
                 struct err *e);
/* Who liked an item (comment_id == 0) or a comment, newest first. */
int like_list(struct db *db, struct arena *a, const struct person *actor, int64_t item_id, int64_t comment_id,
              const char *cursor, int limit, struct person ***out, int *n, const char **next, struct err *e);

/* Following. */
int follow_set(struct db *db, struct arena *a, const struct person *actor, int64_t target, int on, struct err *e);
int follow_is(struct db *db, int64_t follower, int64_t followee);
/* Followers (of == 1) or following (of == 0) of `person`, newest first. */
int follow_list(struct db *db, struct arena *a, const struct person *actor, int64_t person, int followers,
                const char *cursor, int limit, struct person ***out, int *n, const char **next, struct err *e);
int follow_counts(struct db *db, int64_t person, int64_t *followers, int64_t *following);

#endif
