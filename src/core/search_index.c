/* Rebuilding the search index from the content (ruche reindex), in one
 * transaction, so readers see the old index or the new one, never half.
 * The triggers of migrations/009_search.sql keep it current otherwise. */
#include <stdint.h>

#include "core/search.h"
#include "db/db.h"

enum { CHUNK = 20000 };

/* One source, by id ranges of CHUNK: $1 from (exclusive), $2 to (inclusive). */
static const struct {
    const char *max, *fill;
} sources[] = {
    {"SELECT coalesce(max(id), 0) FROM items",
     "INSERT INTO search_index (rowid, title, body, type, item, space, author, at)"
     " SELECT (1099511627776 - id) * 4, title, substr(body, 1, 100000), type, id, coalesce(space_id, 0), author_id, "
     "created_at FROM items"
     " WHERE deleted_at IS NULL AND id > $1 AND id <= $2"},
    {"SELECT coalesce(max(id), 0) FROM comments",
     "INSERT INTO search_index (rowid, title, body, type, item, space, author, at)"
     " SELECT (1099511627776 - c.id) * 4 + 1, '', substr(c.body, 1, 100000), 'comment', c.item_id, "
     "coalesce(i.space_id, 0), c.author_id,"
     " c.created_at FROM comments c JOIN items i ON i.id = c.item_id"
     " WHERE c.deleted_at IS NULL AND i.deleted_at IS NULL AND c.id > $1 AND c.id <= $2"},
    {"SELECT coalesce(max(id), 0) FROM people",
     "INSERT INTO search_index (rowid, title, body, type, item, space, author, at)"
     " SELECT (1099511627776 - id) * 4 + 2, name, handle || ' ' || title || ' ' || department || ' ' || location || ' "
     "' ||"
     " substr(bio, 1, 100000), 'person', 0, 0, id, created_at FROM people WHERE disabled = 0 AND id > $1 AND id <= $2"},
    {"SELECT coalesce(max(id), 0) FROM spaces",
     "INSERT INTO search_index (rowid, title, body, type, item, space, author, at)"
     " SELECT (1099511627776 - id) * 4 + 3, name, substr(description, 1, 100000), 'space', 0, id, created_by, "
     "created_at FROM spaces"
     " WHERE deleted_at IS NULL AND id > $1 AND id <= $2"},
};
#define NSOURCES (sizeof sources / sizeof sources[0])

int64_t search_reindex(struct db *db, void (*progress)(int64_t done, int64_t total)) {
    int64_t max[NSOURCES], total = 0, done = 0;
    for (size_t s = 0; s < NSOURCES; s++)
        total += max[s] = db_int_or(db_prep(db, sources[s].max), 0);
    if (db_begin(db)) return -1;
    if (db_run(db_prep(db, "DELETE FROM search_index")) != DB_DONE) goto fail;
    if (progress) progress(0, total);
    for (size_t s = 0; s < NSOURCES; s++)
        for (int64_t from = 0; from < max[s]; from += CHUNK) {
            struct db_stmt *st = db_prep(db, sources[s].fill);
            db_bind_int(st, 1, from);
            db_bind_int(st, 2, from + CHUNK);
            if (db_run(st) != DB_DONE) goto fail;
            done += from + CHUNK < max[s] ? CHUNK : max[s] - from;
            if (progress) progress(done, total);
        }
    /* SQLite: the prefix vocabulary (migrations/018) gains the index's words */
    if (!db_postgres(db)) {
        char err[256];
        if (db_exec_script(
                db,
                "CREATE VIRTUAL TABLE IF NOT EXISTS temp.search_terms USING fts5vocab(main, search_index, row);"
                "INSERT OR IGNORE INTO search_vocab (word) SELECT term FROM temp.search_terms"
                " WHERE length(CAST(term AS BLOB)) <= 64;"
                "DROP TABLE temp.search_terms;",
                err, sizeof err))
            goto fail;
    }
    int64_t n = db_int_or(db_prep(db, "SELECT count(*) FROM search_index"), 0);
    if (db_commit(db)) goto fail;
    return n;
fail:
    db_rollback(db);
    return -1;
}
