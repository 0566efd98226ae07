/* Pieces shared by the pages of the social core. */
#ifndef RUCHE_WEB_SOCIAL_H
#define RUCHE_WEB_SOCIAL_H
#include "core/comments.h"
#include "core/items.h"
#include "core/stream.h"
#include "http/req.h"

/* Writes <time datetime=...> for a Unix time. */
void web_time(struct req *r, int64_t t);
/* How a card is shown: in a stream; on the item's page (with the edit,
 * pin and delete controls); or pinned above a space's stream, where the
 * same item also sits in the stream below (its element id differs). */
enum { CARD_STREAM = 0, CARD_FULL = 1, CARD_PINNED = 2 };
/* An item as a card (`full`: one of the CARD_ values). */
void web_item_card(struct req *r, const struct item *it, int full);
/* A comment as a list entry. */
void web_comment(struct req *r, const struct item *it, const struct comment *c);
/* The "share an update" form, returning to `next`, posting into `space`
 * (NULL: the author's profile). */
struct space;
void web_composer(struct req *r, const char *next, const struct space *space);
/* A stream section: "N new posts" live banner, the items, the next link.
 * Returns an HTTP status (404 when the stream may not be read). */
int web_stream_section(struct req *r, const struct stream_query *q, const char *live_key, const char *base_url);

#endif
