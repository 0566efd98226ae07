/* Sessions and API tokens, stored as SHA-256 hashes of the secret. */
#include "core/session.h"

#include <stdio.h>
#include <string.h>

#include "core/apitokens.h"
#include "db/db.h"
#include "lib/i18n.h"

int session_create(struct db *db, int64_t person_id, int days, char token[TOKEN_CHARS + 1]) {
    char hash[TOKEN_HASH_CHARS + 1];
    token_new(token);
    token_hash(token, hash);
    int64_t now = db_now();
    struct db_stmt *st = db_prep(db,
                                 "INSERT INTO sessions (token_hash, person_id, created_at, last_seen_at, expires_at)"
                                 " VALUES ($1, $2, $3, $3, $4)");
    db_bind_text(st, 1, hash);
    db_bind_int(st, 2, person_id);
    db_bind_int(st, 3, now);
    db_bind_int(st, 4, now + (int64_t)days * 86400);
    return db_run(st) == DB_DONE ? 0 : -1;
}

struct person *session_person(struct db *db, struct arena *a, const char *token, int days) {
    if (!token || strlen(token) != TOKEN_CHARS) return NULL;
    char hash[TOKEN_HASH_CHARS + 1];
    token_hash(token, hash);
    int64_t now = db_now();
    struct db_stmt *st = db_prep(db, "SELECT s.person_id, s.last_seen_at FROM sessions s JOIN people p ON p.id = s.person_id"
                                     " WHERE s.token_hash = $1 AND s.expires_at > $2 AND p.disabled = 0");
    db_bind_text(st, 1, hash);
    db_bind_int(st, 2, now);
    if (db_step(st) != DB_ROW) {
        db_done(st);
        return NULL;
    }
    int64_t id = db_col_int(st, 0), seen = db_col_int(st, 1);
    db_done(st);
    struct person *p = people_cached(db, a, id);
    if (!p || p->disabled) return NULL;
    if (now - seen > 3600) { /* slide the expiry at most once an hour: no write per request */
        st = db_prep(db, "UPDATE sessions SET last_seen_at = $2, expires_at = $3 WHERE token_hash = $1");
        db_bind_text(st, 1, hash);
        db_bind_int(st, 2, now);
        db_bind_int(st, 3, now + (int64_t)days * 86400);
        db_run(st);
    }
    return p;
}

void session_destroy(struct db *db, const char *token) {
    char hash[TOKEN_HASH_CHARS + 1];
    token_hash(token, hash);
    struct db_stmt *st = db_prep(db, "DELETE FROM sessions WHERE token_hash = $1");
    db_bind_text(st, 1, hash);
    db_run(st);
}

void session_destroy_person(struct db *db, int64_t person_id, const char *keep) {
    char hash[TOKEN_HASH_CHARS + 1] = "";
    if (keep) token_hash(keep, hash);
    struct db_stmt *st = db_prep(db, "DELETE FROM sessions WHERE person_id = $1 AND token_hash <> $2");
    db_bind_int(st, 1, person_id);
    db_bind_text(st, 2, hash);
    db_run(st);
}

static int valid_scopes(const char *s) {
    char copy[64];
    if (!s || !*s || strlen(s) >= sizeof copy) return 0;
    snprintf(copy, sizeof copy, "%s", s);
    for (char *save, *w = strtok_r(copy, " ,", &save); w; w = strtok_r(NULL, " ,", &save))
        if (strcmp(w, "read") && strcmp(w, "write") && strcmp(w, "admin")) return 0;
    return 1;
}

int apitoken_create(struct db *db, int64_t person_id, const char *name, const char *scopes, int64_t expires_at,
                    char token[TOKEN_CHARS + 1], struct err *e) {
    if (!scopes) scopes = "read write";
    if (!valid_scopes(scopes)) return err_fail(e, ERR_INVALID, "scope", N_("Scopes are read, write and admin."));
    if (name && strlen(name) > 100) return err_fail(e, ERR_INVALID, "name", N_("The token name is too long."));
    if (apitoken_active_count(db, person_id) >= APITOKEN_MAX_ACTIVE)
        return err_fail(e, ERR_CONFLICT, NULL, N_("You have too many tokens: revoke one you no longer use."));
    char hash[TOKEN_HASH_CHARS + 1];
    token_new(token);
    token_hash(token, hash);
    struct db_stmt *st = db_prep(db,
                                 "INSERT INTO api_tokens (person_id, name, token_hash, scopes, created_at, expires_at)"
                                 " VALUES ($1, $2, $3, $4, $5, $6)");
    db_bind_int(st, 1, person_id);
    db_bind_text(st, 2, name ? name : "");
    db_bind_text(st, 3, hash);
    db_bind_text(st, 4, scopes);
    db_bind_int(st, 5, db_now());
    if (expires_at)
        db_bind_int(st, 6, expires_at);
    else
        db_bind_null(st, 6);
    return db_run(st) == DB_DONE ? 0 : err_fail(e, ERR_INTERNAL, NULL, N_("The token could not be saved."));
}

struct person *apitoken_person(struct db *db, struct arena *a, const char *token, char scopes[64]) {
    if (!token || strlen(token) != TOKEN_CHARS) return NULL;
    char hash[TOKEN_HASH_CHARS + 1];
    token_hash(token, hash);
    int64_t now = db_now();
    struct db_stmt *st = db_prep(db,
                                 "SELECT t.id, t.person_id, t.scopes, t.last_used_at FROM api_tokens t"
                                 " JOIN people p ON p.id = t.person_id AND p.disabled = 0 WHERE t.token_hash = $1"
                                 " AND t.revoked_at IS NULL AND (t.expires_at IS NULL OR t.expires_at > $2)");
    db_bind_text(st, 1, hash);
    db_bind_int(st, 2, now);
    if (db_step(st) != DB_ROW) {
        db_done(st);
        return NULL;
    }
    int64_t id = db_col_int(st, 0), pid = db_col_int(st, 1), used = db_col_int(st, 3);
    snprintf(scopes, 64, "%s", db_col_text(st, 2));
    db_done(st);
    struct person *p = people_cached(db, a, pid);
    if (!p || p->disabled) return NULL;
    if (now - used > 60) {
        st = db_prep(db, "UPDATE api_tokens SET last_used_at = $2 WHERE id = $1");
        db_bind_int(st, 1, id);
        db_bind_int(st, 2, now);
        db_run(st);
    }
    return p;
}
