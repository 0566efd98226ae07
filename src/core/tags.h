/* Tags as a whole: suggestions for a prefix (autocomplete) and the tags
 * trending over the last days. Counts are of the items the reader may
 * see: a tag used only where the reader cannot look does not exist for
 * them (the policy judges every item counted). */
#ifndef RUCHE_TAGS_H
#define RUCHE_TAGS_H
#include <stdint.h>

#include "core/errors.h"
#include "core/people.h"

enum {
    TAGS_LIMIT_MAX = 20,       /* tags per answer */
    TAGS_SUGGEST_SCAN = 200,   /* items read per candidate tag (counts stop there) */
    TAGS_TRENDING_SCAN = 5000, /* most recent taggings read for the trend */
    TAGS_DAYS_MAX = 30,
};

struct tag_count {
    const char *tag;
    int64_t count;
};

/* The tags starting with `prefix` (folded like tags; a leading # ignored),
 * most used first; prefix NULL: the most used tags. ERR_INVALID (field
 * "q") for an empty or malformed prefix. */
int tags_suggest(struct db *db, struct arena *a, const struct person *actor, const char *prefix, int limit,
                 struct tag_count **out, int *n, struct err *e);
/* The tags most used on items posted within the last `days` (1..30)
 * (core/tags_trending.c, from taggings shared by every reader in memory). */
int tags_trending(struct db *db, struct arena *a, const struct person *actor, int days, int limit,
                  struct tag_count **out, int *n, struct err *e);

/* Keeps that memory current from the bus (at start-up, by the server). */
void tags_trending_start(void);

#endif
