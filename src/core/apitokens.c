/* A person's API tokens: list, revoke, and the expiry people write. */
#include "core/apitokens.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "lib/i18n.h"

#define COLS "id, name, scopes, created_at, last_used_at, expires_at"

static void read_row(struct db_stmt *st, struct arena *a, struct apitoken *t) {
    t->id = db_col_int(st, 0);
    t->name = arena_strdup(a, db_col_text(st, 1) ? db_col_text(st, 1) : "");
    t->scopes = arena_strdup(a, db_col_text(st, 2) ? db_col_text(st, 2) : "");
    t->created_at = db_col_int(st, 3);
    t->last_used_at = db_col_is_null(st, 4) ? 0 : db_col_int(st, 4);
    t->expires_at = db_col_is_null(st, 5) ? 0 : db_col_int(st, 5);
}

int apitoken_list(struct db *db, struct arena *a, int64_t person_id, struct apitoken **out, int *n) {
    struct db_stmt *st = db_prep(db, "SELECT " COLS " FROM api_tokens WHERE person_id = $1 AND revoked_at IS NULL"
                                     " AND (expires_at IS NULL OR expires_at > $2) ORDER BY id DESC LIMIT 100");
    db_bind_int(st, 1, person_id);
    db_bind_int(st, 2, db_now() - 30 * 86400);
    struct apitoken *list = arena_alloc(a, 100 * sizeof *list);
    int k = 0;
    while (k < 100 && db_step(st) == DB_ROW) read_row(st, a, &list[k++]);
    db_done(st);
    *out = list;
    *n = k;
    return 0;
}

int apitoken_get(struct db *db, struct arena *a, int64_t person_id, int64_t id, struct apitoken *out) {
    struct db_stmt *st =
        db_prep(db, "SELECT " COLS " FROM api_tokens WHERE id = $1 AND person_id = $2 AND revoked_at IS NULL");
    db_bind_int(st, 1, id);
    db_bind_int(st, 2, person_id);
    int found = db_step(st) == DB_ROW;
    if (found) read_row(st, a, out);
    db_done(st);
    return found ? 0 : ERR_NOT_FOUND;
}

int apitoken_revoke(struct db *db, int64_t person_id, int64_t id, struct err *e) {
    struct db_stmt *st =
        db_prep(db, "UPDATE api_tokens SET revoked_at = $3 WHERE id = $1 AND person_id = $2 AND revoked_at IS NULL");
    db_bind_int(st, 1, id);
    db_bind_int(st, 2, person_id);
    db_bind_int(st, 3, db_now());
    if (db_run(st) != DB_DONE) return err_fail(e, ERR_INTERNAL, NULL, N_("The token could not be revoked."));
    return db_changes(db) ? 0 : err_fail(e, ERR_NOT_FOUND, NULL, NULL);
}

int apitoken_active_count(struct db *db, int64_t person_id) {
    struct db_stmt *st = db_prep(db, "SELECT COUNT(*) FROM api_tokens WHERE person_id = $1 AND revoked_at IS NULL"
                                     " AND (expires_at IS NULL OR expires_at > $2)");
    db_bind_int(st, 1, person_id);
    db_bind_int(st, 2, db_now());
    return (int)db_int_or(st, 0);
}

int apitoken_parse_expiry(const char *s, int64_t now, int64_t *out, struct err *e) {
    *out = 0;
    if (!s || !*s) return 0;
    static const char *bad = N_("The expiry is a number of days (30d) or a date (YYYY-MM-DD), at most 10 years ahead.");
    size_t len = strlen(s);
    if (len >= 2 && len <= 5 && s[len - 1] == 'd') {
        char *end;
        long days = strtol(s, &end, 10);
        if (end != s + len - 1 || s[0] < '0' || s[0] > '9' || days < 1 || days > APITOKEN_MAX_DAYS)
            return err_fail(e, ERR_INVALID, "expires", bad);
        *out = now + (int64_t)days * 86400;
        return 0;
    }
    int y, m, d;
    char tail;
    if (len != 10 || sscanf(s, "%4d-%2d-%2d%c", &y, &m, &d, &tail) != 3 || s[4] != '-' || s[7] != '-' || m < 1 ||
        m > 12 || d < 1 || d > 31)
        return err_fail(e, ERR_INVALID, "expires", bad);
    struct tm tm = {.tm_year = y - 1900, .tm_mon = m - 1, .tm_mday = d, .tm_hour = 23, .tm_min = 59, .tm_sec = 59};
    time_t t = timegm(&tm);
    if (tm.tm_mday != d || tm.tm_mon != m - 1) return err_fail(e, ERR_INVALID, "expires", bad); /* 31 February */
    if (t <= now || t > now + (int64_t)APITOKEN_MAX_DAYS * 86400)
        return err_fail(e, ERR_INVALID, "expires", N_("The expiry must be in the future, at most 10 years ahead."));
    *out = (int64_t)t;
    return 0;
}
