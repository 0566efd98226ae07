/* The event kind's functions for web/kinds.c. */
#ifndef RUCHE_WEB_EVENT_H
#define RUCHE_WEB_EVENT_H
#include <jansson.h>

#include "core/items.h"
#include "http/req.h"

void web_event_block(struct req *r, const struct item *it, int full);
void web_event_form(struct req *r, const struct item *cur);
json_t *web_event_fields(struct req *r, const struct item *cur, int *status);

#endif
