/* Items: create, read, edit with revisions, soft delete. Tags, mentions
 * and their notifications are written in the same transaction as the item. */
#include "core/items.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/bus.h"
#include "core/content.h"
#include "core/kinds.h"
#include "core/notify.h"
#include "core/policy.h"
#include "core/spaces.h"
#include "db/db.h"
#include "lib/i18n.h"
#include "lib/text.h"

struct item *item_from_row(struct arena *a, struct db_stmt *st) {
    struct item *it = arena_alloc(a, sizeof *it);
    const char *s;
#define TXT(i) ((s = db_col_text(st, i)) ? arena_strdup(a, s) : "")
    it->id = db_col_int(st, 0);
    it->type = TXT(1);
    it->author_id = db_col_int(st, 2);
    it->space_id = db_col_int(st, 3);
    it->title = TXT(4);
    it->body = TXT(5);
    it->body_html = TXT(6);
    it->data = db_col_is_null(st, 7) ? NULL : TXT(7);
#undef TXT
    it->created_at = db_col_int(st, 8);
    it->edited_at = db_col_int(st, 9);
    it->deleted_at = db_col_int(st, 10);
    it->comments_count = db_col_int(st, 11);
    it->likes_count = db_col_int(st, 12);
    it->pinned_at = db_col_int(st, 13);
    it->draft = (int)db_col_int(st, 14);
    return it;
}

/* Does a person the author may see have this handle? (for linking
 * @mentions: an external author's text does not reveal who exists) */
struct exists_ctx {
    struct db *db;
    struct arena *a;
    const struct person *author;
};
static int handle_exists(void *ctx, const char *handle) {
    struct exists_ctx *c = ctx;
    struct person *p = people_view_handle(c->db, c->a, c->author, handle);
    return p && !p->disabled;
}

/* The common rules of the kind (title, body), then the kind's own. */
static int validate(struct db *db, struct arena *a, const struct person *actor, const struct kind *k,
                    const struct item_input *in, const struct item *cur, struct err *e) {
    if (!k) return err_fail(e, ERR_INVALID, "type", N_("Unknown type of content."));
    if (in->body) {
        if (!text_valid(in->body, 1)) return err_fail(e, ERR_INVALID, "body", N_("The text contains invalid characters."));
        if (text_chars(in->body) > (size_t)k->body_max)
            return err_fail(e, ERR_INVALID, "body",
                            k->body_max == 5000 ? N_("The text must have at most 5,000 characters.")
                                                : N_("The text is too long for this type of content."));
        if (k->body_required && !*text_trim(a, in->body)) return err_fail(e, ERR_INVALID, "body", N_("Write something first."));
    } else if (!cur && k->body_required) {
        return err_fail(e, ERR_INVALID, "body", N_("Write something first."));
    }
    if (in->title && (!text_valid(in->title, 0) || text_chars(in->title) > ITEM_TITLE_MAX))
        return err_fail(e, ERR_INVALID, "title", N_("The title must be one line of at most 200 characters."));
    if (k->title == TITLE_REQUIRED && (cur ? in->title != NULL : 1) && !*text_trim(a, in->title ? in->title : ""))
        return err_fail(e, ERR_INVALID, "title", N_("Give it a title."));
    if (k->title == TITLE_NONE && in->title && *text_trim(a, in->title))
        return err_fail(e, ERR_INVALID, "title", N_("This type of content has no title."));
    if (in->draft != DRAFT_KEEP && !k->draftable)
        return err_fail(e, ERR_INVALID, "draft", N_("Only blog posts can be drafts."));
    if (cur && in->draft == DRAFT_YES && !cur->draft)
        return err_fail(e, ERR_INVALID, "draft", N_("A published post cannot go back to being a draft."));
    if (!cur && k->space_only && !in->space_id)
        return err_fail(e, ERR_INVALID, "space", N_("This type of content lives in a space: say which."));
    if (in->tags && in->ntags > ITEM_TAGS_MAX) return err_fail(e, ERR_INVALID, "tags", N_("At most 30 tags."));
    for (int i = 0; in->tags && i < in->ntags; i++)
        if (!content_tag(a, in->tags[i]))
            return err_fail(e, ERR_INVALID, "tags", N_("A tag has letters, digits, dashes or underscores (50 at most)."));
    if (in->revision_comment && (!text_valid(in->revision_comment, 0) || text_chars(in->revision_comment) > 200))
        return err_fail(e, ERR_INVALID, "comment", N_("The comment must be one line of at most 200 characters."));
    return k->check ? k->check(db, a, actor, in, cur, e) : 0;
}

/* Replaces the item's tags and mentions; notifies newly mentioned people. */
/* People whose mention was recorded by write_links, announced after commit. */
struct mentioned {
    int64_t ids[CONTENT_MAX_MENTIONS];
    int n;
};

static void announce(int64_t item, const struct mentioned *m) {
    for (int i = 0; i < m->n; i++) {
        struct bus_event ev = {.kind = BUS_MENTIONED, .person = m->ids[i], .item = item};
        bus_publish(&ev);
    }
}

static int write_links(struct db *db, struct arena *a, const struct person *actor, int64_t item_id,
                       const struct content *c, const struct item_input *in, int64_t now, struct mentioned *m,
                       struct err *e) {
    struct db_stmt *st = db_prep(db, "DELETE FROM item_tags WHERE item_id = $1");
    db_bind_int(st, 1, item_id);
    db_run(st);
    const char *tags[CONTENT_MAX_TAGS + ITEM_TAGS_MAX];
    int n = 0;
    for (int i = 0; i < c->ntags; i++) tags[n++] = c->tags[i];
    for (int i = 0; in->tags && i < in->ntags && n < (int)(sizeof tags / sizeof *tags); i++)
        tags[n++] = content_tag(a, in->tags[i]);
    for (int i = 0; i < n; i++) {
        st = db_prep(db, "INSERT INTO item_tags (tag, item_id, created_at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING");
        db_bind_text(st, 1, tags[i]);
        db_bind_int(st, 2, item_id);
        db_bind_int(st, 3, now);
        if (db_run(st) == DB_ERROR) return err_fail(e, ERR_INTERNAL, NULL, N_("The post could not be saved."));
    }
    for (int i = 0; i < c->nmentions; i++) {
        struct person *p = people_by_handle(db, a, c->mentions[i]);
        if (!p || p->disabled || p->id == actor->id) continue;
        st = db_prep(db, "INSERT INTO item_mentions (person_id, item_id) VALUES ($1, $2) ON CONFLICT DO NOTHING");
        db_bind_int(st, 1, p->id);
        db_bind_int(st, 2, item_id);
        if (db_run(st) == DB_DONE && db_changes(db) > 0 && m->n < CONTENT_MAX_MENTIONS) m->ids[m->n++] = p->id;
        notify(db, a, p->id, NOTIFY_MENTION, actor->id, item_id, 0);
    }
    return 0;
}

int item_create(struct db *db, struct arena *a, const struct person *actor, const struct item_input *in,
                int64_t *id_out, struct err *e) {
    if (in->space_id) {
        const struct space *s = space_view(db, a, actor, in->space_id);
        if (!s || !policy_space(actor, ACT_READ_SPACE, s)) return err_fail(e, ERR_NOT_FOUND, "space", N_("No such space."));
        if (!policy_space(actor, ACT_POST, s))
            return err_fail(e, ERR_FORBIDDEN, "space",
                            s->archived_at ? N_("This space is archived: it is read-only.")
                                           : N_("Join the space to post in it."));
    } else if (!policy_allows(actor, ACT_POST, NULL)) {
        return err_fail(e, ERR_FORBIDDEN, NULL, N_("You may not post here."));
    }
    const struct kind *k = kind_get(in->type);
    int rc = validate(db, a, actor, k, in, NULL, e);
    if (rc) return rc;
    struct content c;
    struct exists_ctx ctx = {db, a, actor};
    content_render(a, in->body ? in->body : "", handle_exists, &ctx, &c);
    if (c.too_many_mentions) return err_fail(e, ERR_INVALID, "body", N_("At most 50 people can be mentioned at once."));
    if (db_begin(db)) return err_fail(e, ERR_INTERNAL, NULL, N_("The database is busy; try again."));
    int64_t now = db_now();
    int draft = in->draft == DRAFT_YES;
    struct db_stmt *st = db_prep(db, "INSERT INTO items (type, author_id, title, body, body_html, created_at, space_id, draft, data)"
                                     " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)");
    db_bind_text(st, 1, in->type);
    db_bind_int(st, 2, actor->id);
    db_bind_text(st, 3, in->title ? text_trim(a, in->title) : "");
    db_bind_text(st, 4, in->body ? in->body : "");
    db_bind_text(st, 5, c.html.html);
    db_bind_int(st, 6, now);
    if (in->space_id) db_bind_int(st, 7, in->space_id);
    else db_bind_null(st, 7);
    db_bind_int(st, 8, draft);
    char *data = NULL;
    if (in->via) {
        json_t *d = json_pack("{s:s}", "via", in->via);
        data = json_dumps(d, JSON_COMPACT);
        json_decref(d);
    }
    if (data) db_bind_text(st, 9, data);
    else db_bind_null(st, 9);
    int ran = db_run(st);
    free(data);
    if (ran != DB_DONE) {
        db_rollback(db);
        return err_fail(e, ERR_INTERNAL, NULL, N_("The post could not be saved."));
    }
    int64_t id = db_last_id(db);
    struct mentioned m = {0};
    rc = k->save ? k->save(db, a, actor, id, in, NULL, e) : 0;
    if (rc || write_links(db, a, actor, id, &c, in, now, &m, e) || db_commit(db)) {
        db_rollback(db);
        notify_discard();
        return rc ? rc : err_fail(e, ERR_INTERNAL, NULL, N_("The post could not be saved."));
    }
    notify_flush();
    if (!draft) { /* a draft enters no stream until it is published */
        struct bus_event ev = {.kind = BUS_ITEM_CREATED, .item = id, .person = actor->id, .space = in->space_id};
        bus_publish(&ev);
    }
    announce(id, &m);
    if (id_out) *id_out = id;
    return 0;
}

static struct item *fetch(struct db *db, struct arena *a, int64_t id) {
    struct db_stmt *st = db_prep(db, "SELECT " ITEM_COLS " FROM items i WHERE i.id = $1");
    db_bind_int(st, 1, id);
    struct item *it = db_step(st) == DB_ROW ? item_from_row(a, st) : NULL;
    db_done(st);
    if (it && it->space_id) it->space = space_cached(db, a, it->space_id);
    return it;
}

#define BATCH 21 /* ids per batched statement (a page of 20 plus one) */
#define IN_LIST "($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21)"

static void bind_batch(struct db_stmt *st, int first, const int64_t *ids, int n) {
    for (int i = 0; i < BATCH; i++) db_bind_int(st, first + i, i < n ? ids[i] : 0);
}

/* Tags of up to BATCH items, in one statement. */
static void load_tags(struct db *db, struct arena *a, struct item **items, int m) {
    int64_t ids[BATCH];
    for (int i = 0; i < m; i++) {
        ids[i] = items[i]->id;
        items[i]->tags = arena_alloc(a, sizeof *items[i]->tags * 61);
        items[i]->ntags = 0;
    }
    struct db_stmt *st = db_prep(db, "SELECT item_id, tag FROM item_tags WHERE item_id IN " IN_LIST " ORDER BY item_id, tag");
    bind_batch(st, 1, ids, m);
    while (db_step(st) == DB_ROW) {
        int64_t id = db_col_int(st, 0);
        for (int i = 0; i < m; i++)
            if (items[i]->id == id && items[i]->ntags < 60) items[i]->tags[items[i]->ntags++] = arena_strdup(a, db_col_text(st, 1));
    }
    db_done(st);
}

void items_load(struct db *db, struct arena *a, const int64_t *ids, int n, struct item **out) {
    int64_t missing[BATCH];
    uint64_t versions[BATCH];
    int idx[BATCH];
    int nm = 0;
    for (int i = 0; i <= n; i++) {
        if (i < n && !(out[i] = item_cache_get(a, ids[i]))) {
            idx[nm] = i;
            versions[nm] = item_cache_version(ids[i]); /* before reading: a change meanwhile voids it */
            missing[nm++] = ids[i];
        }
        if (nm == BATCH || (i == n && nm)) {
            struct db_stmt *st = db_prep(db, "SELECT " ITEM_COLS " FROM items i WHERE i.id IN " IN_LIST);
            bind_batch(st, 1, missing, nm);
            struct item *found[BATCH];
            uint64_t found_version[BATCH];
            int nf = 0;
            while (db_step(st) == DB_ROW) {
                struct item *it = item_from_row(a, st);
                for (int k = 0; k < nm; k++)
                    if (missing[k] == it->id) {
                        out[idx[k]] = it;
                        found_version[nf] = versions[k];
                        found[nf++] = it;
                    }
            }
            db_done(st);
            if (nf) load_tags(db, a, found, nf);
            for (int k = 0; k < nf; k++) item_cache_put(found[k]->id, found_version[k], found[k]);
            nm = 0;
        }
    }
    /* the policy judges an item with its space: attach it (one look-up per space) */
    for (int i = 0; i < n; i++) {
        if (!out[i] || !out[i]->space_id) continue;
        for (int j = 0; j < i && !out[i]->space; j++)
            if (out[j] && out[j]->space_id == out[i]->space_id) out[i]->space = out[j]->space;
        if (!out[i]->space) out[i]->space = space_cached(db, a, out[i]->space_id);
    }
}

void items_hydrate(struct db *db, struct arena *a, const struct person *actor, struct item **items, int n) {
    for (int base = 0; base < n; base += BATCH) {
        int m = n - base < BATCH ? n - base : BATCH;
        for (int i = 0; i < m; i++) {
            items[base + i]->author = people_cached(db, a, items[base + i]->author_id);
            items[base + i]->liked_by_me = 0;
        }
        if (!actor) continue;
        /* only items someone liked can be liked by me: skip the others' seeks */
        int64_t liked[BATCH];
        int nl = 0;
        for (int i = 0; i < m; i++)
            if (items[base + i]->likes_count > 0) liked[nl++] = items[base + i]->id;
        if (!nl) continue;
        struct db_stmt *st = db_prep(db, "SELECT item_id FROM item_likes WHERE person_id = $22 AND item_id IN " IN_LIST);
        bind_batch(st, 1, liked, nl);
        db_bind_int(st, 22, actor->id);
        while (db_step(st) == DB_ROW) {
            int64_t id = db_col_int(st, 0);
            for (int i = 0; i < m; i++)
                if (items[base + i]->id == id) items[base + i]->liked_by_me = 1;
        }
        db_done(st);
    }
}

struct item *item_get(struct db *db, struct arena *a, const struct person *actor, int64_t id) {
    struct item *it;
    items_load(db, a, &id, 1, &it);
    if (!it || !policy_item(actor, ACT_READ_ITEM, it)) return NULL;
    items_hydrate(db, a, actor, &it, 1);
    return it;
}

int item_update(struct db *db, struct arena *a, const struct person *actor, int64_t id, const struct item_input *in,
                struct err *e) {
    struct item *it = fetch(db, a, id);
    if (!it || !policy_item(actor, ACT_READ_ITEM, it)) return err_fail(e, ERR_NOT_FOUND, NULL, N_("Not found."));
    if (!policy_item(actor, ACT_EDIT_ITEM, it))
        return err_fail(e, ERR_FORBIDDEN, NULL, N_("Only the author may edit this."));
    const struct kind *k = kind_get(it->type);
    int rc = validate(db, a, actor, k, in, it, e);
    if (rc) return rc;
    int publish = it->draft && in->draft == DRAFT_NO;
    int text_changed = (in->body && strcmp(in->body, it->body)) || (in->title && strcmp(text_trim(a, in->title), it->title));
    /* nothing changes: no revision, no "edited" mark */
    if (!in->tags && !text_changed && !in->fields && !publish) return 0;
    const char *body = in->body ? in->body : it->body;
    struct content c;
    struct person *writer = people_get(db, a, it->author_id);
    if (writer) people_load_spaces(db, a, writer);
    struct exists_ctx ctx = {db, a, writer ? writer : actor};
    content_render(a, body, handle_exists, &ctx, &c);
    if (c.too_many_mentions) return err_fail(e, ERR_INVALID, "body", N_("At most 50 people can be mentioned at once."));
    if (db_begin(db)) return err_fail(e, ERR_INTERNAL, NULL, N_("The database is busy; try again."));
    int64_t now = db_now();
    int ok = 1;
    struct db_stmt *st;
    /* the previous text goes to the history (a draft has none; a kind
     * keeping its own history, the wiki, records it in its save hook) */
    if (text_changed && !it->draft && !k->own_revisions) {
        st = db_prep(db, "INSERT INTO item_revisions (item_id, rev, title, body, editor_id, created_at)"
                         " SELECT $1, coalesce(max(rev), 0) + 1, $2, $3, $4, $5 FROM item_revisions"
                         " WHERE item_id = $1");
        db_bind_int(st, 1, id);
        db_bind_text(st, 2, it->title);
        db_bind_text(st, 3, it->body);
        db_bind_int(st, 4, actor->id);
        db_bind_int(st, 5, now);
        ok = db_run(st) == DB_DONE;
    }
    /* publishing a draft: it appears as of now, and is not "edited" */
    st = db_prep(db, "UPDATE items SET title = $2, body = $3, body_html = $4,"
                     " edited_at = CASE WHEN $6 = 1 OR draft = 1 OR $7 = 0 THEN edited_at ELSE $5 END,"
                     " created_at = CASE WHEN $6 = 1 THEN $5 ELSE created_at END,"
                     " draft = CASE WHEN $6 = 1 THEN 0 ELSE draft END WHERE id = $1");
    db_bind_int(st, 1, id);
    db_bind_text(st, 2, in->title ? text_trim(a, in->title) : it->title);
    db_bind_text(st, 3, body);
    db_bind_text(st, 4, c.html.html);
    db_bind_int(st, 5, now);
    db_bind_int(st, 6, publish);
    db_bind_int(st, 7, text_changed);
    ok = ok && db_run(st) == DB_DONE;
    int hook = ok && k->save ? k->save(db, a, actor, id, in, it, e) : 0;
    struct item_input links = *in;
    if (!in->tags) { /* keep the explicit tags: re-add the current ones that are not hashtags */
        struct item *cur = it;
        load_tags(db, a, &cur, 1); /* fresh from the database, not the cache */
        struct content old; /* the hashtags of the previous text, which the new text replaces */
        content_render(a, it->body, NULL, NULL, &old);
        links.tags = arena_alloc(a, sizeof *links.tags * (size_t)(cur->ntags + 1));
        links.ntags = 0;
        for (int i = 0; i < cur->ntags; i++) {
            int hashtag = 0;
            for (int j = 0; j < old.ntags && !hashtag; j++) hashtag = !strcmp(cur->tags[i], old.tags[j]);
            if (!hashtag) links.tags[links.ntags++] = cur->tags[i];
        }
    }
    struct person author = *actor;
    author.id = it->author_id; /* mentions notify as the author's post */
    struct mentioned m = {0};
    if (!ok || hook || write_links(db, a, &author, id, &c, &links, now, &m, e) || db_commit(db)) {
        db_rollback(db);
        notify_discard();
        return hook ? hook : err_fail(e, ERR_INTERNAL, NULL, N_("The post could not be saved."));
    }
    notify_flush();
    announce(id, &m);
    struct bus_event ev = {.kind = BUS_ITEM_UPDATED, .item = id, .person = it->author_id, .space = it->space_id};
    bus_publish(&ev);
    if (publish) { /* now in the streams */
        struct bus_event created = {.kind = BUS_ITEM_CREATED, .item = id, .person = it->author_id, .space = it->space_id};
        bus_publish(&created);
    }
    return 0;
}

int item_delete(struct db *db, struct arena *a, const struct person *actor, int64_t id, struct err *e) {
    struct item *it = fetch(db, a, id);
    if (!it || !policy_item(actor, ACT_READ_ITEM, it)) return err_fail(e, ERR_NOT_FOUND, NULL, N_("Not found."));
    if (!policy_item(actor, ACT_DELETE_ITEM, it))
        return err_fail(e, ERR_FORBIDDEN, NULL, N_("Only the author may delete this."));
    struct db_stmt *st = db_prep(db, "UPDATE items SET deleted_at = $2 WHERE id = $1 AND deleted_at IS NULL");
    db_bind_int(st, 1, id);
    db_bind_int(st, 2, db_now());
    if (db_run(st) != DB_DONE) return err_fail(e, ERR_INTERNAL, NULL, N_("The post could not be deleted."));
    struct bus_event ev = {.kind = BUS_ITEM_DELETED, .item = id, .person = it->author_id, .space = it->space_id};
    bus_publish(&ev);
    return 0;
}
