/* The webhooks section of a space's settings page (web/space_webhooks.c). */
#ifndef RUCHE_WEB_SPACE_WEBHOOKS_H
#define RUCHE_WEB_SPACE_WEBHOOKS_H
#include "core/spaces.h"
#include "http/req.h"

/* For the space's owners: incoming and outgoing webhooks, with their forms. */
void web_space_webhooks_section(struct req *r, const struct space *s);

#endif
