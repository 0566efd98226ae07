/* [[Page name]] links of wiki pages, rendered when a page is written: a
 * link to an existing page goes to it (/spaces/{space}/wiki/{slug}), a
 * link to a missing one goes to the form that creates it
 * (/items/new?type=wiki&space=ID&title=...), which the style sheet shows
 * differently. Each page's targets are kept in wiki_links, so that when a
 * page appears, is renamed or is deleted, the pages pointing to it are
 * rendered again (after the change commits, on its bus event). */
#include <stdio.h>
#include <string.h>

#include "core/bus.h"
#include "core/content.h"
#include "core/people.h"
#include "core/spaces.h"
#include "core/wiki.h"
#include "db/db.h"
#include "lib/html.h"
#include "lib/text.h"

struct link_ctx {
    struct db *db;
    struct arena *a;
    int64_t space_id;
    const char *space_slug;
    const char *targets[WIKI_LINKS_MAX];
    int n;
};

static const char *link_for(void *vctx, const char *name) {
    struct link_ctx *c = vctx;
    if (text_chars(name) > ITEM_TITLE_MAX || !c->space_slug) return NULL;
    const char *slug = wiki_slugify(c->a, name);
    if (!*slug) return NULL;
    int known = 0;
    for (int i = 0; i < c->n && !known; i++) known = !strcmp(c->targets[i], slug);
    if (!known) {
        if (c->n == WIKI_LINKS_MAX) return NULL; /* past the bound: left as text */
        c->targets[c->n++] = slug;
    }
    struct db_stmt *st = db_prep(c->db, "SELECT count(*) FROM wiki_pages w JOIN items i ON i.id = w.item_id"
                                        " WHERE w.space_id = $1 AND w.slug = $2 AND i.deleted_at IS NULL");
    db_bind_int(st, 1, c->space_id);
    db_bind_text(st, 2, slug);
    if (db_int_or(st, 0) > 0) return arena_printf(c->a, "/spaces/%s/wiki/%s", c->space_slug, url_encode(c->a, slug));
    return arena_printf(c->a, "/items/new?type=wiki&space=%lld&title=%s", (long long)c->space_id, url_encode(c->a, name));
}

struct exists_ctx {
    struct db *db;
    struct arena *a;
    const struct person *writer;
};
static int handle_exists(void *vctx, const char *handle) {
    struct exists_ctx *c = vctx;
    struct person *p = people_view_handle(c->db, c->a, c->writer, handle);
    return p && !p->disabled;
}

int wiki_render(struct db *db, struct arena *a, const struct person *writer, int64_t id, int64_t space_id,
                const char *body) {
    const struct space *s = space_cached(db, a, space_id);
    struct link_ctx lc = {.db = db, .a = a, .space_id = space_id, .space_slug = s ? s->slug : NULL};
    struct exists_ctx ec = {db, a, writer};
    struct content_wiki wiki = {link_for, &lc};
    struct content c;
    content_render_wiki(a, body, handle_exists, &ec, &wiki, &c);
    struct db_stmt *st = db_prep(db, "UPDATE items SET body_html = $2 WHERE id = $1");
    db_bind_int(st, 1, id);
    db_bind_text(st, 2, c.html.html);
    if (db_run(st) != DB_DONE) return -1;
    st = db_prep(db, "DELETE FROM wiki_links WHERE item_id = $1");
    db_bind_int(st, 1, id);
    if (db_run(st) != DB_DONE) return -1;
    for (int i = 0; i < lc.n; i++) {
        st = db_prep(db, "INSERT INTO wiki_links (item_id, space_id, target) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING");
        db_bind_int(st, 1, id);
        db_bind_int(st, 2, space_id);
        db_bind_text(st, 3, lc.targets[i]);
        if (db_run(st) != DB_DONE) return -1;
    }
    return 0;
}

/* Renders again the live pages of the space that link to `slug`. */
static void refresh(struct db *db, int64_t space_id, const char *slug, int64_t except) {
    enum { MAX = 500 };
    struct arena a = {0};
    int64_t ids[MAX], authors[MAX];
    const char *bodies[MAX];
    int n = 0;
    struct db_stmt *st = db_prep(db, "SELECT i.id, i.author_id, i.body FROM wiki_links l JOIN items i ON i.id = l.item_id"
                                     " WHERE l.space_id = $1 AND l.target = $2 AND i.deleted_at IS NULL AND i.id <> $3"
                                     " ORDER BY i.id LIMIT 500");
    db_bind_int(st, 1, space_id);
    db_bind_text(st, 2, slug);
    db_bind_int(st, 3, except);
    while (n < MAX && db_step(st) == DB_ROW) {
        ids[n] = db_col_int(st, 0);
        authors[n] = db_col_int(st, 1);
        bodies[n++] = arena_strdup(&a, db_col_text(st, 2));
    }
    db_done(st);
    if (!n || db_begin(db)) {
        arena_free(&a);
        return;
    }
    int ok = 1;
    for (int i = 0; i < n && ok; i++) {
        struct person *writer = people_get(db, &a, authors[i]);
        if (writer) people_load_spaces(db, &a, writer);
        ok = !writer || !wiki_render(db, &a, writer, ids[i], space_id, bodies[i]);
    }
    if (!ok || db_commit(db)) {
        db_rollback(db);
        n = 0;
    }
    for (int i = 0; i < n; i++) {
        struct bus_event ev = {.kind = BUS_ITEM_UPDATED, .item = ids[i], .space = space_id};
        bus_publish(&ev);
    }
    arena_free(&a);
}

/* What this thread's last page write asks to refresh once announced. */
static _Thread_local struct {
    int64_t item, space_id;
    char slugs[2][WIKI_SLUG_MAX + 1];
} pending;

void wiki_links_pending(int64_t item, int64_t space_id, const char *slug1, const char *slug2) {
    pending.item = item;
    pending.space_id = space_id;
    snprintf(pending.slugs[0], sizeof pending.slugs[0], "%s", slug1 ? slug1 : "");
    snprintf(pending.slugs[1], sizeof pending.slugs[1], "%s", slug2 ? slug2 : "");
}

static void on_bus(const struct bus_event *ev, void *ctx) {
    if ((ev->kind == BUS_ITEM_CREATED || ev->kind == BUS_ITEM_UPDATED) && pending.item && pending.item == ev->item) {
        int64_t item = pending.item, space_id = pending.space_id;
        char slugs[2][WIKI_SLUG_MAX + 1];
        memcpy(slugs, pending.slugs, sizeof slugs);
        pending.item = 0;
        struct db *db = db_thread();
        for (int i = 0; i < 2 && db; i++)
            if (*slugs[i]) refresh(db, space_id, slugs[i], item);
    } else if (ev->kind == BUS_ITEM_DELETED && ev->space) {
        /* a deleted page: links to it now lead to creating it again */
        struct db *db = db_thread();
        struct arena a = {0};
        struct wiki_page p;
        if (db && !wiki_page_of(db, &a, ev->item, &p)) refresh(db, p.space_id, p.slug, ev->item);
        arena_free(&a);
    }
}

void wiki_start(void) {
    static int registered;
    if (!registered) bus_listen(on_bus, NULL);
    registered = 1;
}
