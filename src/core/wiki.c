/* The wiki kind: its table entry, slugs, and the hooks that keep every
 * revision and refuse an edit made on an outdated revision (see wiki.h). */
#include "core/wiki.h"

#include <string.h>

#include "core/policy.h"
#include "core/spaces.h"
#include "db/db.h"
#include "lib/i18n.h"
#include "lib/text.h"

static const char *const wiki_fields[] = {"slug", "base_revision", NULL};

const char *wiki_slugify(struct arena *a, const char *title) {
    const char *folded = text_fold(a, title ? title : "");
    char *out = arena_alloc(a, strlen(folded) + 1);
    size_t n = 0;
    for (const unsigned char *p = (const unsigned char *)folded; *p; p++) {
        int ok = (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p >= 0x80;
        if (ok) out[n++] = (char)*p;
        else if (n && out[n - 1] != '-') out[n++] = '-';
    }
    while (n && out[n - 1] == '-') n--;
    out[n] = 0;
    /* cut at WIKI_SLUG_MAX bytes, never inside a character */
    if (n > WIKI_SLUG_MAX) {
        n = WIKI_SLUG_MAX;
        while (n && ((unsigned char)out[n] & 0xC0) == 0x80) n--;
        while (n && out[n - 1] == '-') n--;
        out[n] = 0;
    }
    return out;
}

int wiki_page_of(struct db *db, struct arena *a, int64_t id, struct wiki_page *out) {
    struct db_stmt *st = db_prep(db, "SELECT space_id, slug, revision, updated_at FROM wiki_pages WHERE item_id = $1");
    db_bind_int(st, 1, id);
    int found = db_step(st) == DB_ROW;
    if (found) {
        out->item_id = id;
        out->space_id = db_col_int(st, 0);
        out->slug = arena_strdup(a, db_col_text(st, 1));
        out->revision = db_col_int(st, 2);
        out->updated_at = db_col_int(st, 3);
    }
    db_done(st);
    return found ? 0 : ERR_NOT_FOUND;
}

/* The live page with this slug in the space (0: none), besides `except`. */
static int64_t slug_owner(struct db *db, int64_t space_id, const char *slug, int64_t except) {
    struct db_stmt *st = db_prep(db, "SELECT w.item_id FROM wiki_pages w JOIN items i ON i.id = w.item_id"
                                     " WHERE w.space_id = $1 AND w.slug = $2 AND i.deleted_at IS NULL AND w.item_id <> $3");
    db_bind_int(st, 1, space_id);
    db_bind_text(st, 2, slug);
    db_bind_int(st, 3, except);
    return db_int_or(st, 0);
}

struct item *wiki_by_slug(struct db *db, struct arena *a, const struct person *actor, int64_t space_id, const char *slug) {
    if (!slug || !text_valid(slug, 0) || strlen(slug) > WIKI_SLUG_MAX * 2) return NULL;
    int64_t id = slug_owner(db, space_id, wiki_slugify(a, slug), 0);
    return id ? item_get(db, a, actor, id) : NULL;
}

/* The slug an input asks for: the one given (normalised), else the
 * title's when creating; NULL when it stays as it is. */
static const char *wanted_slug(struct arena *a, const struct item_input *in, const struct item *cur, int *bad) {
    const char *given = kind_string(in, "slug", bad);
    if (given && *text_trim(a, given)) return wiki_slugify(a, given);
    if (given) *bad = 1; /* an empty slug */
    return cur ? NULL : wiki_slugify(a, in->title ? in->title : "");
}

static int text_changes(struct arena *a, const struct item_input *in, const struct item *cur) {
    return (in->body && strcmp(in->body, cur->body)) || (in->title && strcmp(text_trim(a, in->title), cur->title));
}

static int check(struct db *db, struct arena *a, const struct person *actor, const struct item_input *in,
                 const struct item *cur, struct err *e) {
    int bad = 0;
    const char *given = kind_string(in, "slug", &bad);
    if (bad || (given && (!text_valid(given, 0) || strlen(given) > WIKI_SLUG_MAX * 2)))
        return err_fail(e, ERR_INVALID, "slug", N_("The page's address must be one line of at most 100 characters."));
    const char *slug = wanted_slug(a, in, cur, &bad);
    if (bad || (slug && !*slug))
        return err_fail(e, ERR_INVALID, given ? "slug" : "title",
                        N_("The page's address needs letters or digits: give it another title or address."));
    int64_t space_id = cur ? cur->space_id : in->space_id;
    if (slug && slug_owner(db, space_id, slug, cur ? cur->id : 0))
        return err_fail(e, ERR_CONFLICT, "slug", N_("Another page of this space already has this address."));
    int64_t base = 0;
    int has_base = kind_int(in, "base_revision", &base, &bad);
    if (bad || (has_base && base <= 0))
        return err_fail(e, ERR_INVALID, "base_revision", N_("base_revision is the number of the revision you edited."));
    if (!cur) return 0;
    if (text_changes(a, in, cur) && !has_base)
        return err_fail(e, ERR_INVALID, "base_revision",
                        N_("Say which revision you edited (base_revision), so that no one's changes are lost."));
    struct wiki_page p;
    if (has_base && !wiki_page_of(db, a, cur->id, &p) && p.revision != base)
        return err_fail(e, ERR_CONFLICT, "base_revision",
                        N_("Someone else saved this page while you were editing it."));
    return 0;
}

static int add_revision(struct db *db, int64_t id, int64_t rev, const char *title, const char *body, int64_t editor,
                        const char *comment, int64_t now) {
    struct db_stmt *st = db_prep(db, "INSERT INTO item_revisions (item_id, rev, title, body, editor_id, created_at, comment)"
                                     " VALUES ($1, $2, $3, $4, $5, $6, $7)");
    db_bind_int(st, 1, id);
    db_bind_int(st, 2, rev);
    db_bind_text(st, 3, title);
    db_bind_text(st, 4, body);
    db_bind_int(st, 5, editor);
    db_bind_int(st, 6, now);
    db_bind_text(st, 7, comment);
    return db_run(st) == DB_DONE ? 0 : -1;
}

/* A deleted page keeps its row: free its slug for a new page. */
static void free_slug(struct db *db, int64_t space_id, const char *slug) {
    struct db_stmt *st = db_prep(db, "UPDATE wiki_pages SET slug = slug || '~' || CAST(item_id AS TEXT)"
                                     " WHERE space_id = $1 AND slug = $2"
                                     " AND item_id IN (SELECT id FROM items WHERE deleted_at IS NOT NULL)");
    db_bind_int(st, 1, space_id);
    db_bind_text(st, 2, slug);
    db_run(st);
}

static int save(struct db *db, struct arena *a, const struct person *actor, int64_t id, const struct item_input *in,
                const struct item *cur, struct err *e) {
    int bad = 0;
    const char *slug = wanted_slug(a, in, cur, &bad);
    int64_t now = db_now(), space_id = cur ? cur->space_id : in->space_id;
    const char *title = in->title ? text_trim(a, in->title) : cur->title, *body = in->body ? in->body : cur->body;
    struct db_stmt *st;
    const char *old_slug = NULL, *comment = in->revision_comment ? text_trim(a, in->revision_comment) : "";
    if (!cur) {
        free_slug(db, space_id, slug);
        st = db_prep(db, "INSERT INTO wiki_pages (item_id, space_id, slug, revision, updated_at) VALUES ($1, $2, $3, 1, $4)");
        db_bind_int(st, 1, id);
        db_bind_int(st, 2, space_id);
        db_bind_text(st, 3, slug);
        db_bind_int(st, 4, now);
        if (db_run(st) != DB_DONE)
            return err_fail(e, ERR_CONFLICT, "slug", N_("Another page of this space already has this address."));
        if (add_revision(db, id, 1, title, body, actor->id, comment, now))
            return err_fail(e, ERR_INTERNAL, NULL, N_("The post could not be saved."));
    } else {
        struct wiki_page p;
        if (wiki_page_of(db, a, id, &p)) return err_fail(e, ERR_INTERNAL, NULL, N_("The post could not be saved."));
        if (text_changes(a, in, cur)) {
            int64_t base = p.revision;
            kind_int(in, "base_revision", &base, &bad);
            /* the revision moves on only from the one the editor saw */
            st = db_prep(db, "UPDATE wiki_pages SET revision = revision + 1, updated_at = $3 WHERE item_id = $1 AND revision = $2");
            db_bind_int(st, 1, id);
            db_bind_int(st, 2, base);
            db_bind_int(st, 3, now);
            if (db_run(st) != DB_DONE || db_changes(db) != 1)
                return err_fail(e, ERR_CONFLICT, "base_revision",
                                N_("Someone else saved this page while you were editing it."));
            if (add_revision(db, id, base + 1, title, body, actor->id, comment, now))
                return err_fail(e, ERR_INTERNAL, NULL, N_("The post could not be saved."));
        }
        if (slug && strcmp(slug, p.slug)) {
            free_slug(db, space_id, slug);
            st = db_prep(db, "UPDATE wiki_pages SET slug = $2 WHERE item_id = $1");
            db_bind_int(st, 1, id);
            db_bind_text(st, 2, slug);
            if (db_run(st) != DB_DONE)
                return err_fail(e, ERR_CONFLICT, "slug", N_("Another page of this space already has this address."));
            old_slug = p.slug;
        } else {
            slug = NULL;
        }
    }
    /* links are rendered with the author's view of who exists, like mentions */
    struct person *writer = cur ? people_get(db, a, cur->author_id) : NULL;
    if (writer) people_load_spaces(db, a, writer);
    if (wiki_render(db, a, writer ? writer : actor, id, space_id, body))
        return err_fail(e, ERR_INTERNAL, NULL, N_("The post could not be saved."));
    if (slug) wiki_links_pending(id, space_id, slug, old_slug);
    return 0;
}

const struct kind kind_wiki = {.name = "wiki",
                               .title = TITLE_REQUIRED,
                               .body_required = 1,
                               .body_max = 100000,
                               .space_only = 1,
                               .own_revisions = 1,
                               .fields = wiki_fields,
                               .check = check,
                               .save = save};

int wiki_list(struct db *db, struct arena *a, const struct person *actor, const struct space *s, int recent, int limit,
              struct wiki_entry **out, int *n, struct err *e) {
    *n = 0;
    if (!s || !policy_space(actor, ACT_READ_SPACE, s)) return err_fail(e, ERR_NOT_FOUND, NULL, N_("No such space."));
    if (limit < 1 || limit > WIKI_LIST_MAX) limit = WIKI_LIST_MAX;
    struct db_stmt *st =
        recent ? db_prep(db, "SELECT w.item_id, i.title, w.slug, w.revision, w.updated_at FROM wiki_pages w"
                             " JOIN items i ON i.id = w.item_id WHERE w.space_id = $1 AND i.deleted_at IS NULL"
                             " ORDER BY w.updated_at DESC, w.item_id DESC LIMIT $2")
               : db_prep(db, "SELECT w.item_id, i.title, w.slug, w.revision, w.updated_at FROM wiki_pages w"
                             " JOIN items i ON i.id = w.item_id WHERE w.space_id = $1 AND i.deleted_at IS NULL"
                             " ORDER BY w.slug, w.item_id LIMIT $2");
    db_bind_int(st, 1, s->id);
    db_bind_int(st, 2, limit);
    *out = arena_alloc(a, sizeof **out * (size_t)limit);
    while (db_step(st) == DB_ROW) {
        struct wiki_entry *w = &(*out)[(*n)++];
        w->item_id = db_col_int(st, 0);
        w->title = arena_strdup(a, db_col_text(st, 1));
        w->slug = arena_strdup(a, db_col_text(st, 2));
        w->revision = db_col_int(st, 3);
        w->updated_at = db_col_int(st, 4);
    }
    db_done(st);
    return 0;
}
