/* Items: every kind of content (status updates now; blog posts, wiki pages,
 * questions... later) in one model, with revisions, tags and mentions. */
#ifndef RUCHE_ITEMS_H
#define RUCHE_ITEMS_H
#include <jansson.h>
#include <stdint.h>

#include "core/errors.h"
#include "core/people.h"

enum { ITEM_TITLE_MAX = 200, ITEM_TAGS_MAX = 30, ITEM_MENTIONS_MAX = 50 };

struct item {
    int64_t id;
    const char *type; /* a kind's name (core/kinds.h) */
    int64_t author_id, space_id;
    const char *title, *body, *body_html, *data;
    int64_t created_at, edited_at, deleted_at;
    int64_t comments_count, likes_count;
    int liked_by_me;
    int64_t pinned_at;
    int draft; /* seen by its author only, in no stream */
    const struct space *space; /* with its parents; set by items_load when space_id */
    struct person *author; /* filled by item_get and streams */
    const char **tags;
    int ntags;
};

struct item_input {
    const char *type;  /* required on create */
    const char *title; /* NULL: unchanged (edit) or empty (create) */
    const char *body;
    const char **tags; /* extra tags besides #hashtags; NULL: unchanged */
    int ntags;
    int64_t space_id;  /* create only; 0: the author's profile */
    enum { DRAFT_KEEP, DRAFT_YES, DRAFT_NO } draft; /* create: KEEP publishes at once */
    json_t *fields;    /* the kind's own members (API body or built from a form); NULL: none */
    const char *revision_comment; /* why this edit (wiki); NULL: none */
    const char *via; /* create only: the integration that posted it (incoming webhooks), kept as data {"via"}; NULL: none */
    /* An uploaded file (kind file, create only): its bytes and its name as
     * sent; NULL: none. */
    const unsigned char *upload;
    size_t upload_len;
    const char *upload_name;
};


/* Posts an item as `actor`. Mentions notify the people mentioned who may
 * see it; hashtags and `tags` tag it. Errors: ERR_INVALID (+field). */
int item_create(struct db *db, struct arena *a, const struct person *actor, const struct item_input *in,
                int64_t *id_out, struct err *e);
/* The item as `actor` sees it (with author, tags, liked_by_me), or NULL. */
struct item *item_get(struct db *db, struct arena *a, const struct person *actor, int64_t id);
/* Edits (the author; admins): the previous version goes to the revisions. */
int item_update(struct db *db, struct arena *a, const struct person *actor, int64_t id, const struct item_input *in,
                struct err *e);
/* Soft-deletes (the author; admins): the item vanishes for readers at once. */
int item_delete(struct db *db, struct arena *a, const struct person *actor, int64_t id, struct err *e);

/* Reads the items with these ids, with their tags, from the cache or the
 * database (no authorization): out[i] is the item ids[i], or NULL when it
 * does not exist. */
void items_load(struct db *db, struct arena *a, const int64_t *ids, int n, struct item **out);
/* Fills author, tags and liked_by_me of items read by a stream. */
void items_hydrate(struct db *db, struct arena *a, const struct person *actor, struct item **items, int n);
/* The item cache (core/item_cache.c), used by items_load. */
void item_cache_start(void);
void item_cache_stop(void);
uint64_t item_cache_version(int64_t id);
void item_cache_put(int64_t id, uint64_t version, const struct item *it);
struct item *item_cache_get(struct arena *a, int64_t id);

/* Columns read by item_from_row, in order, from a table aliased `i`. */
#define ITEM_COLS                                                                                       \
    "i.id, i.type, i.author_id, coalesce(i.space_id, 0), i.title, i.body, i.body_html, i.data, "     \
    "i.created_at, coalesce(i.edited_at, 0), coalesce(i.deleted_at, 0), i.comments_count, i.likes_count, " \
    "coalesce(i.pinned_at, 0), i.draft"
struct db_stmt;
struct item *item_from_row(struct arena *a, struct db_stmt *st);

#endif
