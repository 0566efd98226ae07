/* Bookmarks (`bookmark`): a shared web address with a comment (the body)
 * and an optional title. The page's title, description and image come
 * from the link_preview job (jobs/link_preview.h), fetched once per
 * canonical URL; the same URL shared by others shows "also shared by". */
#ifndef RUCHE_BOOKMARK_H
#define RUCHE_BOOKMARK_H
#include <stdint.h>

#include "core/items.h"
#include "core/kinds.h"

extern const struct kind bookmark_kind;

enum { BOOKMARK_ALSO_MAX = 10 };

struct bookmark {
    const char *url;    /* as given */
    const char *key;    /* canonical */
    const char *host;   /* for display */
    const char *status; /* of the preview: pending, ok, failed */
    const char *title, *description, *image;
    int64_t fetched_at;
    /* other people's bookmarks of the same URL that the reader may see,
     * newest first, one per person */
    const struct item *also[BOOKMARK_ALSO_MAX];
    int nalso;
};

/* The bookmark item `it` as `actor` sees it (it was read with item_get or a
 * stream, so the actor may see it). 0, or -1 when it has no bookmark row. */
int bookmark_read(struct db *db, struct arena *a, const struct person *actor, const struct item *it,
                  struct bookmark *out);

#endif
