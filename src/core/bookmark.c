/* Bookmarks (see bookmark.h): the kind's hooks and its reading. Saving
 * enqueues the preview's fetch in the item's own transaction. */
#include "core/bookmark.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "core/policy.h"
#include "db/db.h"
#include "jobs/queue.h"
#include "lib/i18n.h"
#include "lib/url.h"

enum { RETRY_FAILED_AFTER = 3600 }; /* a failed preview is fetched again when shared again after this */

static const char *const fields[] = {"url", NULL};

static int check(struct db *db, struct arena *a, const struct person *actor, const struct item_input *in,
                 const struct item *cur, struct err *e) {
    int bad = 0;
    const char *url = kind_string(in, "url", &bad);
    if (bad) return err_fail(e, ERR_INVALID, "url", N_("The address is a string."));
    if (!url) return cur ? 0 : err_fail(e, ERR_INVALID, "url", N_("Give the address of the page to share."));
    const char *key;
    switch (url_canonical(a, url, &key)) {
    case URL_OK: return 0;
    case URL_SCHEME: return err_fail(e, ERR_INVALID, "url", N_("Only http:// and https:// addresses can be shared."));
    case URL_CREDENTIALS: return err_fail(e, ERR_INVALID, "url", N_("The address must not contain a user name or password."));
    case URL_TOO_LONG: return err_fail(e, ERR_INVALID, "url", N_("The address must have at most 2,000 characters."));
    default: return err_fail(e, ERR_INVALID, "url", N_("This is not a valid web address (https://...)."));
    }
}

static int save(struct db *db, struct arena *a, const struct person *actor, int64_t id, const struct item_input *in,
                const struct item *cur, struct err *e) {
    int bad = 0;
    const char *url = kind_string(in, "url", &bad), *key;
    if (!url) return 0; /* edit without a new address */
    if (url_canonical(a, url, &key) != URL_OK) return err_fail(e, ERR_INVALID, "url", N_("This is not a valid web address (https://...)."));
    struct db_stmt *st = db_prep(db, "INSERT INTO bookmarks (item_id, url, url_key) VALUES ($1, $2, $3)"
                                     " ON CONFLICT (item_id) DO UPDATE SET url = excluded.url, url_key = excluded.url_key");
    db_bind_int(st, 1, id);
    db_bind_text(st, 2, url);
    db_bind_text(st, 3, key);
    if (db_run(st) != DB_DONE) return err_fail(e, ERR_INTERNAL, NULL, N_("The post could not be saved."));
    /* one preview per canonical URL: fetch it when it is new, or failed a while ago */
    int64_t now = db_now();
    st = db_prep(db, "INSERT INTO link_previews (url_key) VALUES ($1) ON CONFLICT DO NOTHING");
    db_bind_text(st, 1, key);
    if (db_run(st) != DB_DONE) return err_fail(e, ERR_INTERNAL, NULL, N_("The post could not be saved."));
    int fetch = db_changes(db) == 1;
    if (!fetch) {
        st = db_prep(db, "UPDATE link_previews SET status = 'pending' WHERE url_key = $1 AND status = 'failed'"
                         " AND coalesce(fetched_at, 0) < $2");
        db_bind_text(st, 1, key);
        db_bind_int(st, 2, now - RETRY_FAILED_AFTER);
        if (db_run(st) != DB_DONE) return err_fail(e, ERR_INTERNAL, NULL, N_("The post could not be saved."));
        fetch = db_changes(db) == 1;
    }
    if (fetch) {
        json_t *p = json_pack("{s:s}", "url", key);
        char *payload = json_dumps(p, JSON_COMPACT);
        int rc = payload ? job_enqueue(db, "link_preview", payload, 0) : -1;
        free(payload);
        json_decref(p);
        if (rc) return err_fail(e, ERR_INTERNAL, NULL, N_("The post could not be saved."));
        jobs_wake();
    }
    return 0;
}

const struct kind bookmark_kind = {.name = "bookmark",
                                   .title = TITLE_OPTIONAL,
                                   .body_required = 0,
                                   .body_max = 5000,
                                   .fields = fields,
                                   .check = check,
                                   .save = save};

int bookmark_read(struct db *db, struct arena *a, const struct person *actor, const struct item *it,
                  struct bookmark *out) {
    memset(out, 0, sizeof *out);
    struct db_stmt *st = db_prep(db, "SELECT b.url, b.url_key, coalesce(p.status, 'pending'), coalesce(p.title, ''),"
                                     " coalesce(p.description, ''), coalesce(p.image_url, ''), coalesce(p.fetched_at, 0)"
                                     " FROM bookmarks b LEFT JOIN link_previews p ON p.url_key = b.url_key"
                                     " WHERE b.item_id = $1");
    db_bind_int(st, 1, it->id);
    if (db_step(st) != DB_ROW) {
        db_done(st);
        return -1;
    }
    out->url = arena_strdup(a, db_col_text(st, 0));
    out->key = arena_strdup(a, db_col_text(st, 1));
    out->status = arena_strdup(a, db_col_text(st, 2));
    out->title = arena_strdup(a, db_col_text(st, 3));
    out->description = arena_strdup(a, db_col_text(st, 4));
    out->image = arena_strdup(a, db_col_text(st, 5));
    out->fetched_at = db_col_int(st, 6);
    db_done(st);
    out->host = url_host(a, out->url);
    /* the others' shares of the same page, as far as the reader may see them */
    st = db_prep(db, "SELECT b.item_id FROM bookmarks b JOIN items i ON i.id = b.item_id AND i.deleted_at IS NULL"
                     " WHERE b.url_key = $1 AND b.item_id <> $2 AND i.author_id <> $3 ORDER BY b.item_id DESC LIMIT 50");
    db_bind_text(st, 1, out->key);
    db_bind_int(st, 2, it->id);
    db_bind_int(st, 3, it->author_id);
    int64_t ids[50];
    int n = 0;
    while (n < 50 && db_step(st) == DB_ROW) ids[n++] = db_col_int(st, 0);
    db_done(st);
    struct item *loaded[50];
    items_load(db, a, ids, n, loaded);
    struct item *seen[BOOKMARK_ALSO_MAX];
    for (int i = 0; i < n && out->nalso < BOOKMARK_ALSO_MAX; i++) {
        if (!loaded[i] || !policy_item(actor, ACT_READ_ITEM, loaded[i])) continue;
        int dup = 0;
        for (int j = 0; j < out->nalso && !dup; j++) dup = out->also[j]->author_id == loaded[i]->author_id;
        if (dup) continue;
        seen[out->nalso] = loaded[i];
        out->also[out->nalso++] = loaded[i];
    }
    items_hydrate(db, a, actor, seen, out->nalso);
    return 0;
}
