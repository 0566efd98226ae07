/* JSON shapes of the social core and spaces (see shapes.c). */
#ifndef RUCHE_API_SHAPES_H
#define RUCHE_API_SHAPES_H
#include <jansson.h>

#include "core/comments.h"
#include "core/items.h"
#include "core/notify.h"
#include "core/spaces.h"
#include "core/stream.h"
#include "http/req.h"

json_t *api_time(int64_t t); /* RFC 3339 UTC, or null for 0 */
json_t *api_author_json(struct req *r, const struct person *p);
json_t *api_item_json(struct req *r, const struct item *it);
json_t *api_comment_json(struct req *r, const struct comment *c);
json_t *api_notification_json(struct req *r, const struct notification *x);
/* A space as the actor sees it; with `my_role` and `can` when signed in. */
json_t *api_space_json(struct req *r, const struct space *s);
/* A member in a space's member list: {person, role, since}. */
json_t *api_member_json(struct req *r, const struct space_member *m);
/* Answers {"items": items, "next_cursor": next or null}. */
int api_page(struct req *r, json_t *items, const char *next);
/* Answers one page of a stream (?cursor=, ?limit=) as api_page of items. */
int api_stream_page(struct req *r, struct stream_query *q);

#endif
