/* Atom feeds (RFC 4287) and the feed token settings page. */
#ifndef RUCHE_WEB_FEED_H
#define RUCHE_WEB_FEED_H
#include "http/req.h"

/* The reader of a feed or calendar: the owner of ?token= when one is given
 * (NULL and -1 when it is wrong: answer 404), else the signed-in person or
 * NULL (anonymous). Never sets r->me: the token is good for feeds only. */
int web_feed_actor(struct req *r, struct person **actor);

#endif
