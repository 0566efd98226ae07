/* Live events over Server-Sent Events (GET /api/v1/events): new posts a
 * reader may see, with the streams they belong to, and unread-notification
 * counts. An idle stream is a suspended libmicrohttpd connection: it holds
 * no worker thread, so thousands can stay open. */
#ifndef RUCHE_EVENTS_H
#define RUCHE_EVENTS_H
#include "http/req.h"

/* Starts the hub (bus listener, keep-alive thread). */
void events_start(void);
/* Ends every stream so the daemon can stop; joins the keep-alive thread. */
void events_stop(void);
/* Ends every open stream at its next read, leaving the hub running (the
 * HTTP fuzz harness, which serves one connection at a time). */
void events_close_all(void);
/* Handler of GET /api/v1/events. */
int events_handler(struct req *r);
/* Open streams now (metrics, tests). */
int events_count(void);

#endif
