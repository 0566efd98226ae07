/* Incoming webhooks (docs/decisions/013-webhooks.md): a space's owner
 * creates a URL with a secret token (only its hash is stored); another
 * application POSTs {"text", "title"?} to it and a status update appears
 * in the space, posted by the hook's creator and marked "via <name>". The
 * creator must still be allowed to post in the space (the policy, at each
 * post); no account is created for the integration. */
#ifndef RUCHE_INCOMING_H
#define RUCHE_INCOMING_H
#include <stdint.h>

#include "core/errors.h"
#include "core/people.h"
#include "lib/arena.h"

struct db;

enum {
    INCOMING_NAME_MAX = 80,        /* characters of an integration's name */
    INCOMING_PER_SPACE_MAX = 20,   /* incoming hooks of one space */
    INCOMING_BODY_MAX = 16 * 1024, /* bytes of a POST to a hook (route flag URL_TOKEN) */
};

struct incoming_hook {
    int64_t id, owner_id, space_id;
    const char *name;
    const char *token; /* only in the answer of incoming_create */
    int64_t created_at, last_used_at;
};

/* Creates a hook for `space` (its owners and admins: ACT_SPACE_SETTINGS; a
 * space the actor may not see is ERR_NOT_FOUND). *out holds the token,
 * once. Errors: ERR_INVALID (+field name), ERR_FORBIDDEN, ERR_NOT_FOUND,
 * ERR_CONFLICT (too many). */
int incoming_create(struct db *db, struct arena *a, const struct person *actor, int64_t space, const char *name,
                    struct incoming_hook **out, struct err *e);
/* The hooks of a space the actor manages, by id (ERR_NOT_FOUND/ERR_FORBIDDEN as above). */
int incoming_list(struct db *db, struct arena *a, const struct person *actor, int64_t space, struct incoming_hook ***out,
                  int *n, struct err *e);
int incoming_delete(struct db *db, struct arena *a, const struct person *actor, int64_t space, int64_t hook,
                    struct err *e);
/* Publishes `text` (and an optional `title`, shown as its first line) in
 * the hook's space as its creator, "via" its name. An unknown token is
 * ERR_NOT_FOUND; a creator who may no longer post there ERR_FORBIDDEN (or
 * ERR_NOT_FOUND when they may no longer see the space). */
int incoming_post(struct db *db, struct arena *a, const char *token, const char *title, const char *text,
                  int64_t *item_out, struct err *e);

/* The id of the hook a token opens, or 0 (unknown): what the per-hook
 * rate limit counts on. */
int64_t incoming_hook_id(struct db *db, const char *token);

struct item;
/* The integration an item was posted through ("via" in its data), or NULL. */
const char *incoming_via(struct arena *a, const struct item *it);

#endif
