/* Sign-in with throttling. Failures are stored in the database so that the
 * limit holds across restarts and across nodes. */
#include "core/auth.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "db/db.h"
#include "lib/i18n.h"
#include "lib/text.h"

/* A real hash with the current parameters, verified when the e-mail is
 * unknown so that both cases cost the same. */
static char dummy_hash[256];
static pthread_once_t dummy_once = PTHREAD_ONCE_INIT;
static void make_dummy_hash(void) {
    char *h = password_hash("not a password of anyone");
    if (h && strlen(h) < sizeof dummy_hash) memcpy(dummy_hash, h, strlen(h) + 1);
    free(h);
}

int auth_throttle_count(struct db *db, const char *key, int64_t since, int64_t *oldest) {
    struct db_stmt *st = db_prep(db, "SELECT count(*), min(at) FROM login_failures WHERE key = $1 AND at > $2");
    db_bind_text(st, 1, key);
    db_bind_int(st, 2, since);
    int n = 0;
    if (db_step(st) == DB_ROW) {
        n = (int)db_col_int(st, 0);
        *oldest = db_col_int(st, 1);
    }
    db_done(st);
    return n;
}

void auth_throttle_note(struct db *db, const char *key, int64_t now, int64_t since) {
    struct db_stmt *st = db_prep(db, "DELETE FROM login_failures WHERE key = $1 AND at <= $2");
    db_bind_text(st, 1, key);
    db_bind_int(st, 2, since);
    db_run(st);
    st = db_prep(db, "INSERT INTO login_failures (key, at) VALUES ($1, $2)");
    db_bind_text(st, 1, key);
    db_bind_int(st, 2, now);
    db_run(st);
}

int auth_login(struct db *db, struct arena *a, const char *email, const char *password, const char *ip,
               const struct login_limits *lim, struct person **out, struct err *e) {
    *out = NULL;
    email = text_lower(a, text_trim(a, email ? email : ""));
    if (!text_valid(email, 0)) email = ""; /* no account has it; keep it out of the database */
    if (!password) password = "";
    const char *account_key = arena_printf(a, "e:%s", email), *addr_key = arena_printf(a, "a:%s", ip ? ip : "?");
    int64_t now = db_now(), since = now - lim->window, oldest = now;
    int by_account = auth_throttle_count(db, account_key, since, &oldest);
    int64_t oldest_addr = now;
    int by_addr = auth_throttle_count(db, addr_key, since, &oldest_addr);
    if (by_account >= lim->max_failures || by_addr >= lim->max_failures * 4) {
        int64_t until = (by_account >= lim->max_failures ? oldest : oldest_addr) + lim->window;
        e->retry_after = until > now ? (int)(until - now) : 1;
        return err_fail(e, ERR_TOO_MANY, NULL, N_("Too many failed attempts. Wait a few minutes and try again."));
    }
    /* Look the account up and always verify a hash, so timing does not say
     * whether the address exists. */
    struct db_stmt *st = db_prep(db, "SELECT id, password_hash, disabled FROM people WHERE email = $1");
    db_bind_text(st, 1, email);
    int64_t id = 0;
    int disabled = 1;
    char hash[256] = "";
    if (db_step(st) == DB_ROW) {
        id = db_col_int(st, 0);
        const char *h = db_col_text(st, 1);
        if (h && strlen(h) < sizeof hash) memcpy(hash, h, strlen(h) + 1);
        disabled = (int)db_col_int(st, 2);
    }
    db_done(st);
    pthread_once(&dummy_once, make_dummy_hash);
    int ok = password_verify(hash[0] ? hash : dummy_hash, password) && hash[0] && !disabled;
    if (!ok) {
        if (db_begin(db) == 0) {
            auth_throttle_note(db, account_key, now, since);
            auth_throttle_note(db, addr_key, now, since);
            db_commit(db);
        }
        return err_fail(e, ERR_INVALID, NULL, N_("Wrong e-mail address or password."));
    }
    st = db_prep(db, "DELETE FROM login_failures WHERE key = $1");
    db_bind_text(st, 1, account_key);
    db_run(st);
    *out = people_get(db, a, id);
    return *out ? 0 : err_fail(e, ERR_INTERNAL, NULL, N_("The account could not be read."));
}

int auth_change_password(struct db *db, int64_t person_id, const char *current, const char *password, struct err *e) {
    struct db_stmt *st = db_prep(db, "SELECT password_hash FROM people WHERE id = $1");
    db_bind_int(st, 1, person_id);
    char hash[256] = "";
    if (db_step(st) == DB_ROW && db_col_text(st, 0) && strlen(db_col_text(st, 0)) < sizeof hash)
        memcpy(hash, db_col_text(st, 0), strlen(db_col_text(st, 0)) + 1);
    db_done(st);
    if (!hash[0] || !password_verify(hash, current ? current : ""))
        return err_fail(e, ERR_INVALID, "current", N_("The current password is wrong."));
    return people_set_password(db, person_id, password, e);
}
