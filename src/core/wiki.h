/* Wiki pages (kind "wiki"): pages with a slug inside a space, every
 * revision kept (item_revisions, with editor and comment), edits that name
 * the revision they started from (a newer one is a conflict), restore,
 * diffs, and [[Page name]] links rendered when a page is written. */
#ifndef RUCHE_WIKI_H
#define RUCHE_WIKI_H
#include <stdint.h>

#include "core/errors.h"
#include "core/items.h"
#include "core/kinds.h"
#include "lib/diff.h"

struct db;
struct space;

enum { WIKI_SLUG_MAX = 100, WIKI_LINKS_MAX = 200, WIKI_LIST_MAX = 500, WIKI_REVISIONS_PAGE = 50 };

extern const struct kind kind_wiki;

struct wiki_page {
    int64_t item_id, space_id, revision, updated_at;
    const char *slug;
};

/* A slug from a title or a typed slug: accent-folded, lowercase, runs of
 * other characters as one '-' (letters of other scripts are kept); "" when
 * nothing is left. */
const char *wiki_slugify(struct arena *a, const char *title);
/* The page row of item `id`, read without authorization (the caller has
 * read the item). 0, or ERR_NOT_FOUND. */
int wiki_page_of(struct db *db, struct arena *a, int64_t id, struct wiki_page *out);
/* The page `slug` of space `space_id` as `actor` may read it, or NULL. */
struct item *wiki_by_slug(struct db *db, struct arena *a, const struct person *actor, int64_t space_id, const char *slug);

struct wiki_entry {
    int64_t item_id, revision, updated_at;
    const char *title, *slug;
};
/* The pages of space `s` (which the caller may read), by title or most
 * recently changed first, at most `limit` (<= WIKI_LIST_MAX). */
int wiki_list(struct db *db, struct arena *a, const struct person *actor, const struct space *s, int recent, int limit,
              struct wiki_entry **out, int *n, struct err *e);

struct wiki_revision {
    int64_t rev, editor_id, created_at;
    const char *title, *body, *comment;
    struct person *editor;
};
/* Revisions of page `id` newest first, below revision `before` (0: from
 * the newest), at most `limit`; *more set when older ones remain. */
int wiki_revisions(struct db *db, struct arena *a, const struct person *actor, int64_t id, int64_t before, int limit,
                   struct wiki_revision **out, int *n, int *more, struct err *e);
/* One revision with its text. ERR_NOT_FOUND for an unreadable page or a
 * revision that does not exist. */
int wiki_revision(struct db *db, struct arena *a, const struct person *actor, int64_t id, int64_t rev,
                  struct wiki_revision *out, struct err *e);
/* The line differences of the text from revision `from` to `to` (either
 * order), with both revisions. */
int wiki_diff(struct db *db, struct arena *a, const struct person *actor, int64_t id, int64_t from, int64_t to,
              struct wiki_revision *rfrom, struct wiki_revision *rto, struct diff *out, struct err *e);
/* Makes revision `rev`'s title and text current again as a new revision
 * ("Restored revision N"); history is never rewritten. Whoever may edit. */
int wiki_restore(struct db *db, struct arena *a, const struct person *actor, int64_t id, int64_t rev, struct err *e);

/* core/wiki_links.c: renders a page's body with its [[links]] resolved in
 * its space (and mentions as `writer` may see them), stores the HTML and
 * the link targets. Inside the caller's transaction. */
int wiki_render(struct db *db, struct arena *a, const struct person *writer, int64_t id, int64_t space_id,
                const char *body);
/* After the transaction: pages of the space linking to these slugs are
 * rendered again when the page's creation or update is announced. */
void wiki_links_pending(int64_t item, int64_t space_id, const char *slug1, const char *slug2);
/* Registers the bus listener that does it (at start-up). */
void wiki_start(void);

#endif
