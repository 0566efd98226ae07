/* Outgoing webhooks (docs/decisions/013-webhooks.md): an admin registers a
 * URL for events of every space, a space's owner for events of that space.
 * Events come from the bus; for each hook that asked for the event and
 * whose owner may see what it is about (the policy, as the owner, when the
 * event happens), one delivery is written with its ActivityStreams body and
 * a `webhook` job (jobs/webhook.c) sends it, signed with the hook's secret
 * per the Standard Webhooks specification. */
#ifndef RUCHE_WEBHOOKS_H
#define RUCHE_WEBHOOKS_H
#include <stdint.h>

#include "core/errors.h"
#include "core/people.h"
#include "lib/arena.h"

struct db;

enum {
    WEBHOOK_EVENTS_MAX = 8,     /* event names in one hook */
    WEBHOOKS_PER_SCOPE_MAX = 20, /* hooks of one space, or global hooks */
    WEBHOOK_DELIVERIES_SHOWN = 50,
    WEBHOOK_SECRET_BYTES = 32,
};

/* The event names a hook may ask for, NULL-terminated. */
extern const char *const webhook_event_names[];

struct webhook {
    int64_t id, owner_id, space_id; /* space_id 0: every space (admins) */
    const char *url;
    const char **events;
    int nevents;
    const char *secret; /* only in the answer of webhook_create */
    int64_t created_at;
};

struct webhook_delivery {
    int64_t id, webhook_id;
    const char *event, *message_id, *status, *error; /* status: pending, retrying, ok, failed */
    int64_t response_code, attempts, created_at, attempted_at;
    int64_t next_at; /* pending or retrying: when the queue tries it next; else 0 */
};

/* Registers a hook for `events` (known names, no repeats) posting to `url`
 * (http or https). space 0: every space (ACT_MANAGE_WEBHOOKS, admins);
 * else the space's owners and admins (ACT_SPACE_SETTINGS); a space the
 * actor may not see is ERR_NOT_FOUND. *out holds the secret, once.
 * Errors: ERR_INVALID (+field url, events, space), ERR_FORBIDDEN,
 * ERR_CONFLICT (too many hooks). */
int webhook_create(struct db *db, struct arena *a, const struct person *actor, const char *url, const char *const *events,
                   int nevents, int64_t space, struct webhook **out, struct err *e);
/* The hooks the actor manages (space 0: all of them; else that space's),
 * by id, at most 500. */
int webhook_list(struct db *db, struct arena *a, const struct person *actor, int64_t space, struct webhook ***out,
                 int *n);
/* One hook the actor manages, or NULL (absent or not theirs: 404). */
struct webhook *webhook_get(struct db *db, struct arena *a, const struct person *actor, int64_t id);
int webhook_delete(struct db *db, struct arena *a, const struct person *actor, int64_t id, struct err *e);
/* The last WEBHOOK_DELIVERIES_SHOWN deliveries of a hook the actor manages,
 * newest first. ERR_NOT_FOUND otherwise. */
int webhook_deliveries(struct db *db, struct arena *a, const struct person *actor, int64_t hook,
                       struct webhook_delivery ***out, int *n, struct err *e);
/* The same, a page of them: those older than `before` (0: the newest). */
int webhook_deliveries_page(struct db *db, struct arena *a, const struct person *actor, int64_t hook, int64_t before,
                            struct webhook_delivery ***out, int *n, struct err *e);
/* The status of a hook's last delivery, or NULL when it has none. */
const char *webhook_last_status(struct db *db, struct arena *a, int64_t hook);
/* Sends a delivery again (the same message id and body) through the queue. */
int webhook_resend(struct db *db, struct arena *a, const struct person *actor, int64_t hook, int64_t delivery,
                   struct err *e);

/* Listens to the bus (at start-up); `public_url` makes the ids of the
 * ActivityStreams objects absolute. */
void webhooks_start(const char *public_url);

#endif
