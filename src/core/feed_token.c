/* Feed tokens, stored as the SHA-256 of the secret (like sessions). */
#include "core/feed_token.h"

#include <string.h>

#include "core/spaces.h"
#include "db/db.h"

int feed_token_reset(struct db *db, int64_t person_id, char token[TOKEN_CHARS + 1]) {
    char hash[TOKEN_HASH_CHARS + 1];
    token_new(token);
    token_hash(token, hash);
    struct db_stmt *st = db_prep(db, "INSERT INTO feed_tokens (person_id, token_hash, created_at) VALUES ($1, $2, $3)"
                                     " ON CONFLICT (person_id) DO UPDATE SET token_hash = excluded.token_hash,"
                                     " created_at = excluded.created_at, last_used_at = NULL");
    db_bind_int(st, 1, person_id);
    db_bind_text(st, 2, hash);
    db_bind_int(st, 3, db_now());
    return db_run(st) == DB_DONE ? 0 : -1;
}

void feed_token_revoke(struct db *db, int64_t person_id) {
    struct db_stmt *st = db_prep(db, "DELETE FROM feed_tokens WHERE person_id = $1");
    db_bind_int(st, 1, person_id);
    db_run(st);
}

int64_t feed_token_created(struct db *db, int64_t person_id) {
    struct db_stmt *st = db_prep(db, "SELECT created_at FROM feed_tokens WHERE person_id = $1");
    db_bind_int(st, 1, person_id);
    return db_int_or(st, 0);
}

struct person *feed_token_person(struct db *db, struct arena *a, const char *token) {
    if (!token || strlen(token) != TOKEN_CHARS) return NULL;
    char hash[TOKEN_HASH_CHARS + 1];
    token_hash(token, hash);
    int64_t now = db_now();
    struct db_stmt *st = db_prep(db, "SELECT t.person_id, coalesce(t.last_used_at, 0) FROM feed_tokens t"
                                     " JOIN people p ON p.id = t.person_id AND p.disabled = 0 WHERE t.token_hash = $1");
    db_bind_text(st, 1, hash);
    if (db_step(st) != DB_ROW) {
        db_done(st);
        return NULL;
    }
    int64_t pid = db_col_int(st, 0), used = db_col_int(st, 1);
    db_done(st);
    struct person *p = people_cached(db, a, pid);
    if (!p || p->disabled) return NULL;
    people_load_spaces(db, a, p); /* the policy reads them */
    if (now - used > 3600) { /* at most one write an hour: readers poll often */
        st = db_prep(db, "UPDATE feed_tokens SET last_used_at = $2 WHERE person_id = $1");
        db_bind_int(st, 1, pid);
        db_bind_int(st, 2, now);
        db_run(st);
    }
    return p;
}
