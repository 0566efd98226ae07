/* A space's picture and pinned items (see spaces.h). */
#include <stdlib.h>
#include <string.h>

#include "core/bus.h"
#include "core/items.h"
#include "core/photo.h"
#include "core/policy.h"
#include "core/spaces.h"
#include "db/db.h"
#include "lib/i18n.h"

static int settable(struct db *db, struct arena *a, const struct person *actor, int64_t id, struct err *e) {
    const struct space *s = space_view(db, a, actor, id);
    if (!s) return err_fail(e, ERR_NOT_FOUND, NULL, N_("No such space."));
    if (!policy_space(actor, ACT_SPACE_SETTINGS, s))
        return err_fail(e, ERR_FORBIDDEN, NULL,
                        s->archived_at ? N_("This space is archived: it is read-only.")
                                       : N_("Only the space's owners may change its settings."));
    return 0;
}

static void changed(int64_t id) {
    struct bus_event ev = {.kind = BUS_SPACE_CHANGED, .space = id};
    bus_publish(&ev);
}

int space_set_photo(struct db *db, struct arena *a, const struct person *actor, int64_t id, const unsigned char *data,
                    size_t len, size_t max_bytes, struct err *e) {
    int rc = settable(db, a, actor, id, e);
    unsigned char *out = NULL;
    size_t out_len = 0;
    if (!rc) rc = photo_prepare(data, len, max_bytes, "photo", &out, &out_len, e);
    if (rc) return rc;
    int64_t now = db_now();
    int ok = !db_begin(db);
    if (ok) {
        struct db_stmt *st = db_prep(db, "INSERT INTO space_photos (space_id, image, mime, updated_at)"
                                         " VALUES ($1, $2, 'image/webp', $3) ON CONFLICT (space_id) DO UPDATE"
                                         " SET image = excluded.image, mime = excluded.mime, updated_at = excluded.updated_at");
        db_bind_int(st, 1, id);
        db_bind_blob(st, 2, out, out_len);
        db_bind_int(st, 3, now);
        ok = db_run(st) == DB_DONE;
        /* a version never used before: picture URLs are cached as immutable */
        st = db_prep(db, "UPDATE spaces SET photo_version = abs(photo_version) + 1, updated_at = $2 WHERE id = $1");
        db_bind_int(st, 1, id);
        db_bind_int(st, 2, now);
        ok = ok && db_run(st) == DB_DONE && !db_commit(db);
    }
    free(out);
    if (!ok) {
        db_rollback(db);
        return err_fail(e, ERR_INTERNAL, NULL, N_("The photo could not be saved."));
    }
    changed(id);
    return 0;
}

int space_remove_photo(struct db *db, struct arena *a, const struct person *actor, int64_t id, struct err *e) {
    int rc = settable(db, a, actor, id, e);
    if (rc) return rc;
    struct db_stmt *st = db_prep(db, "DELETE FROM space_photos WHERE space_id = $1");
    db_bind_int(st, 1, id);
    db_run(st);
    st = db_prep(db, "UPDATE spaces SET photo_version = -abs(photo_version), updated_at = $2 WHERE id = $1");
    db_bind_int(st, 1, id);
    db_bind_int(st, 2, db_now());
    db_run(st);
    changed(id);
    return 0;
}

const unsigned char *space_photo(struct db *db, struct arena *a, const struct person *actor, int64_t id, size_t *len,
                                 const char **mime) {
    if (!space_view(db, a, actor, id)) return NULL;
    struct db_stmt *st = db_prep(db, "SELECT image, mime FROM space_photos WHERE space_id = $1");
    db_bind_int(st, 1, id);
    const unsigned char *out = db_step(st) == DB_ROW ? photo_from_row(st, 0, a, len, mime) : NULL;
    db_done(st);
    return out;
}

int item_pin(struct db *db, struct arena *a, const struct person *actor, int64_t id, int pinned, struct err *e) {
    struct item *it = item_get(db, a, actor, id);
    if (!it) return err_fail(e, ERR_NOT_FOUND, NULL, N_("Not found."));
    if (!it->space_id) return err_fail(e, ERR_INVALID, NULL, N_("Only items in a space can be pinned."));
    if (!policy_item(actor, ACT_PIN_ITEM, it))
        return err_fail(e, ERR_FORBIDDEN, NULL,
                        it->space && it->space->archived_at ? N_("This space is archived: it is read-only.")
                                                            : N_("Only the space's moderators may pin items."));
    struct db_stmt *st = pinned ? db_prep(db, "UPDATE items SET pinned_at = $2 WHERE id = $1 AND pinned_at IS NULL")
                                : db_prep(db, "UPDATE items SET pinned_at = NULL WHERE id = $1 AND $2 > 0");
    db_bind_int(st, 1, id);
    db_bind_int(st, 2, db_now());
    if (db_run(st) != DB_DONE) return err_fail(e, ERR_INTERNAL, NULL, N_("The change could not be saved."));
    struct bus_event ev = {.kind = BUS_ITEM_UPDATED, .item = id, .person = it->author_id, .space = it->space_id};
    bus_publish(&ev);
    return 0;
}

int space_pinned(struct db *db, struct arena *a, const struct person *actor, int64_t space, struct item ***out,
                 int *n) {
    *n = 0;
    *out = NULL;
    const struct space *s = space_view(db, a, actor, space);
    if (!s || !policy_space(actor, ACT_READ_SPACE, s)) return ERR_NOT_FOUND;
    struct db_stmt *st = db_prep(db, "SELECT id FROM items WHERE space_id = $1 AND pinned_at IS NOT NULL"
                                     " AND deleted_at IS NULL ORDER BY pinned_at DESC, id DESC LIMIT 20");
    db_bind_int(st, 1, space);
    int64_t ids[20];
    int got = 0;
    while (got < 20 && db_step(st) == DB_ROW) ids[got++] = db_col_int(st, 0);
    db_done(st);
    struct item **list = arena_alloc(a, sizeof *list * 20);
    struct item *loaded[20];
    items_load(db, a, ids, got, loaded);
    int count = 0;
    for (int i = 0; i < got; i++)
        if (loaded[i] && policy_item(actor, ACT_READ_ITEM, loaded[i])) list[count++] = loaded[i];
    items_hydrate(db, a, actor, list, count);
    *out = list;
    *n = count;
    return 0;
}
