/* The JSON of each kind's own fields, added to an item's JSON (shapes.c).
 * One function per kind, in the kind's API file (api/wiki.c, api/poll.c...);
 * api/kinds.c dispatches on the item's type. */
#ifndef RUCHE_API_KINDS_H
#define RUCHE_API_KINDS_H
#include <jansson.h>

#include "core/items.h"
#include "http/req.h"

/* Adds the kind's members to `o` (the item's JSON) as r->me sees them. */
void api_kind_fields(struct req *r, const struct item *it, json_t *o);

/* the kinds' functions (api/question.c, api/idea.c) */
void api_question_fields(struct req *r, const struct item *it, json_t *o);
void api_idea_fields(struct req *r, const struct item *it, json_t *o);
void api_poll_fields(struct req *r, const struct item *it, json_t *o);

#endif
