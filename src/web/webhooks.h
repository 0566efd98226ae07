/* Outgoing webhooks' pages (web/webhooks.c): the form that registers one
 * and the page that shows its secret once, shared by /settings/webhooks
 * (administrators) and a space's settings (its owners). */
#ifndef RUCHE_WEB_WEBHOOKS_H
#define RUCHE_WEB_WEBHOOKS_H
#include "http/req.h"

struct webhook;

/* The registration form posting to `action`; with_space adds the optional
 * space field (global hooks otherwise). error: a msgid or NULL. */
void web_webhook_form(struct req *r, const char *action, int with_space, const char *error);
/* Reads the form's URL and event checkboxes and registers the hook for
 * `space` (0: every space); on success writes the page showing the secret
 * once (with a link to `back`) and returns 0, else an ERR_* with e set. */
int web_webhook_create_from_form(struct req *r, int64_t space, const char *back, struct err *e);

#endif
