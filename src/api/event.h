/* The event members of an item's JSON (see api/kinds.c). */
#ifndef RUCHE_API_EVENT_H
#define RUCHE_API_EVENT_H
#include <jansson.h>

#include "core/items.h"
#include "http/req.h"

void api_event_fields(struct req *r, const struct item *it, json_t *o);

#endif
