/* A wiki page's history: its revisions, one revision, the differences
 * between two, and restoring an old one as a new revision. */
#include <jansson.h>
#include <string.h>

#include "core/policy.h"
#include "core/wiki.h"
#include "db/db.h"
#include "lib/i18n.h"

/* The page as `actor` may read it, or ERR_NOT_FOUND. */
static struct item *readable(struct db *db, struct arena *a, const struct person *actor, int64_t id, struct err *e) {
    struct item *it = item_get(db, a, actor, id);
    if (!it || strcmp(it->type, "wiki")) {
        err_fail(e, ERR_NOT_FOUND, NULL, N_("Not found."));
        return NULL;
    }
    return it;
}

static void from_row(struct db *db, struct arena *a, struct db_stmt *st, struct wiki_revision *r, int with_body) {
    r->rev = db_col_int(st, 0);
    r->title = arena_strdup(a, db_col_text(st, 1));
    r->comment = arena_strdup(a, db_col_text(st, 2));
    r->editor_id = db_col_int(st, 3);
    r->created_at = db_col_int(st, 4);
    r->body = with_body ? arena_strdup(a, db_col_text(st, 5)) : NULL;
    r->editor = NULL;
    (void)db;
}

int wiki_revisions(struct db *db, struct arena *a, const struct person *actor, int64_t id, int64_t before, int limit,
                   struct wiki_revision **out, int *n, int *more, struct err *e) {
    *n = 0;
    *more = 0;
    if (!readable(db, a, actor, id, e)) return ERR_NOT_FOUND;
    if (limit < 1 || limit > 100) limit = WIKI_REVISIONS_PAGE;
    struct db_stmt *st = db_prep(db, "SELECT rev, title, comment, coalesce(editor_id, 0), created_at FROM item_revisions"
                                     " WHERE item_id = $1 AND rev < $2 ORDER BY rev DESC LIMIT $3");
    db_bind_int(st, 1, id);
    db_bind_int(st, 2, before > 0 ? before : INT64_MAX);
    db_bind_int(st, 3, limit + 1);
    *out = arena_alloc(a, sizeof **out * (size_t)(limit + 1));
    while (db_step(st) == DB_ROW) {
        if (*n == limit) {
            *more = 1;
            break;
        }
        from_row(db, a, st, &(*out)[(*n)++], 0);
    }
    db_done(st);
    for (int i = 0; i < *n; i++)
        if ((*out)[i].editor_id) (*out)[i].editor = people_cached(db, a, (*out)[i].editor_id);
    return 0;
}

static int load(struct db *db, struct arena *a, int64_t id, int64_t rev, struct wiki_revision *out, struct err *e) {
    struct db_stmt *st = db_prep(db, "SELECT rev, title, comment, coalesce(editor_id, 0), created_at, body FROM item_revisions"
                                     " WHERE item_id = $1 AND rev = $2");
    db_bind_int(st, 1, id);
    db_bind_int(st, 2, rev);
    int found = db_step(st) == DB_ROW;
    if (found) from_row(db, a, st, out, 1);
    db_done(st);
    if (!found) return err_fail(e, ERR_NOT_FOUND, "revision", N_("No such revision."));
    out->editor = out->editor_id ? people_cached(db, a, out->editor_id) : NULL;
    return 0;
}

int wiki_revision(struct db *db, struct arena *a, const struct person *actor, int64_t id, int64_t rev,
                  struct wiki_revision *out, struct err *e) {
    if (!readable(db, a, actor, id, e)) return ERR_NOT_FOUND;
    return load(db, a, id, rev, out, e);
}

int wiki_diff(struct db *db, struct arena *a, const struct person *actor, int64_t id, int64_t from, int64_t to,
              struct wiki_revision *rfrom, struct wiki_revision *rto, struct diff *out, struct err *e) {
    if (!readable(db, a, actor, id, e)) return ERR_NOT_FOUND;
    int rc = load(db, a, id, from, rfrom, e);
    if (!rc) rc = load(db, a, id, to, rto, e);
    if (rc) return rc;
    diff_lines(a, rfrom->body, rto->body, out);
    return 0;
}

int wiki_restore(struct db *db, struct arena *a, const struct person *actor, int64_t id, int64_t rev, struct err *e) {
    struct item *it = readable(db, a, actor, id, e);
    if (!it) return ERR_NOT_FOUND;
    if (!policy_item(actor, ACT_EDIT_ITEM, it))
        return err_fail(e, ERR_FORBIDDEN, NULL, N_("Join the space to edit its wiki."));
    struct wiki_revision old;
    struct wiki_page p;
    int rc = load(db, a, id, rev, &old, e);
    if (rc) return rc;
    if (wiki_page_of(db, a, id, &p)) return err_fail(e, ERR_NOT_FOUND, NULL, N_("Not found."));
    if (rev == p.revision) return err_fail(e, ERR_INVALID, "revision", N_("This revision is the current one."));
    json_t *fields = json_pack("{s:I}", "base_revision", (json_int_t)p.revision);
    struct item_input in = {.title = old.title,
                            .body = old.body,
                            .fields = fields,
                            .revision_comment = arena_printf(a, "Restored revision %lld", (long long)rev)};
    rc = item_update(db, a, actor, id, &in, e);
    json_decref(fields);
    return rc;
}
