/* Item kinds: what each type of content requires and the hooks through
 * which a kind keeps its own fields (in its own table, see
 * migrations/004_content.sql). items.c runs the common part — title, body,
 * tags, mentions, revisions, the policy — and calls the hooks. */
#ifndef RUCHE_KINDS_H
#define RUCHE_KINDS_H
#include <jansson.h>
#include <stdint.h>

#include "core/errors.h"
#include "core/people.h"

struct db;
struct item;
struct item_input;

enum kind_title { TITLE_NONE, TITLE_OPTIONAL, TITLE_REQUIRED };

struct kind {
    const char *name;       /* the item's `type` */
    enum kind_title title;
    int body_required;
    int body_max;           /* characters of Markdown */
    int space_only;         /* lives in a space, never on a profile (wiki) */
    int draftable;          /* may be saved as a draft before publishing (blog) */
    int own_revisions;      /* its save hook records every version itself (wiki) */
    /* The kind's own members of an API body besides the common ones (type,
     * title, body, tags, space, draft), NULL-terminated; the API refuses
     * others. */
    const char *const *fields;
    /* Checks the kind's fields (in->fields, a JSON object, may be NULL)
     * before anything is written; `cur` is NULL when creating. Returns 0 or
     * ERR_INVALID / ERR_CONFLICT with the field. */
    int (*check)(struct db *db, struct arena *a, const struct person *actor, const struct item_input *in,
                 const struct item *cur, struct err *e);
    /* Inside the transaction that wrote the item's row (`id`): writes the
     * kind's own rows. `cur` is NULL when creating. */
    int (*save)(struct db *db, struct arena *a, const struct person *actor, int64_t id, const struct item_input *in,
                const struct item *cur, struct err *e);
};

/* The kind named `type`, or NULL. */
const struct kind *kind_get(const char *type);
/* Every kind, for lists and forms; *n is set to their number. */
const struct kind *const *kind_all(int *n);

/* Helpers for check hooks reading in->fields: a member's value, *bad set
 * when it is there with another JSON type. */
const char *kind_string(const struct item_input *in, const char *key, int *bad);
int kind_int(const struct item_input *in, const char *key, int64_t *out, int *bad); /* 1 if present */
int kind_bool(const struct item_input *in, const char *key, int *out, int *bad);    /* 1 if present */

#endif
