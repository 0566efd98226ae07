/* What each kind adds to the pages: a block on its card and page (a poll's
 * chart, an event's date and RSVP...), its fields in the creation and edit
 * forms, and the reading of those fields back from the form. One set of
 * functions per kind, in the kind's web file (web/wiki.c, web/poll.c...);
 * web/kinds.c dispatches on the type. */
#ifndef RUCHE_WEB_KINDS_H
#define RUCHE_WEB_KINDS_H
#include <jansson.h>

#include "core/comments.h"
#include "core/items.h"
#include "core/stream.h"
#include "http/req.h"

struct web_kind {
    const char *type;
    /* A kind's name in the UI, singular ("Blog post") and as a list's
     * heading ("Blog"), as msgids. */
    const char *label, *plural;
    /* The block shown under the body; full: on the item's own page. */
    void (*block)(struct req *r, const struct item *it, int full);
    /* Its fields inside the creation (cur NULL) or edit form. */
    void (*form)(struct req *r, const struct item *cur);
    /* Its fields read back from the posted form as the JSON core takes
     * (item_input.fields); NULL when there are none. May answer 400 itself
     * by returning NULL and setting *status. */
    json_t *(*fields)(struct req *r, const struct item *cur, int *status);
    /* Its creation form sends a file (multipart/form-data, field "file"). */
    int upload;
    /* Optional: more actions on a comment of the item (a question's
     * "Accept this answer"). */
    void (*comment)(struct req *r, const struct item *it, const struct comment *c);
    /* Optional: the kind's own list with its filters (questions answered or
     * not, ideas by score), instead of the plain stream; returns a status. */
    int (*list)(struct req *r, const struct stream_query *q, const char *base);
};

/* The kind's web functions, or NULL for an unknown type. */
const struct web_kind *web_kind(const char *type);
/* Every kind that can be created from the pages, in menu order. */
const struct web_kind *const *web_kinds(int *n);
/* "Write: Blog post · Discussion · ..." — links to the creation form of
 * each kind the reader may post here (space NULL: their profile). */
struct space;
void web_kind_menu(struct req *r, const struct space *space);
/* Links to the lists of each kind (`base`?type=...), the current one
 * marked. */
void web_kind_filter(struct req *r, const char *base, const char *current);

#endif
