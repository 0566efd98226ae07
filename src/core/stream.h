/* Streams: newest first, cursor-paginated lists of the items a reader may
 * see — home (people I follow, myself, what mentions me, my spaces),
 * company (profiles and internal and public spaces), one person's, one
 * tag's, one space's. */
#ifndef RUCHE_STREAM_H
#define RUCHE_STREAM_H
#include "core/items.h"

enum stream_kind {
    STREAM_HOME,
    STREAM_COMPANY,
    STREAM_PERSON,
    STREAM_TAG,
    STREAM_SPACE,
    STREAM_FILTER, /* any of type, space, person (author), tag; drafts of one's own included */
    STREAM__MAX
};

struct stream_query {
    enum stream_kind kind;
    int64_t person; /* STREAM_PERSON */
    int64_t space;  /* STREAM_SPACE; STREAM_FILTER: 0 or a space */
    const char *type; /* STREAM_FILTER: NULL or a kind's name */
    const char *tag;  /* STREAM_TAG, as stored (folded) */
    const char *cursor; /* NULL: newest; else from a previous page */
    int64_t after;    /* > 0: only items newer than this id (live updates) */
    int limit;        /* 1..100 */
};

/* One page. ERR_NOT_FOUND for a person or space the actor may not see, or
 * an anonymous actor (except on a public space's stream); ERR_INVALID for
 * a bad cursor. A page may be short while *next is set: the policy hid
 * much of what was read. */
int stream_read(struct db *db, struct arena *a, const struct person *actor, const struct stream_query *q,
                struct item ***out, int *n, const char **next, struct err *e);

#endif
