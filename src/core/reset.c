/* Password reset links (see reset.h). Requests are throttled per e-mail
 * address and per client address through the login_failures table, with
 * keys of their own, so the limits hold across restarts and nodes. */
#include "core/reset.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/auth.h"
#include "core/policy.h"
#include "core/session.h"
#include "db/db.h"
#include "jobs/mail.h"
#include "lib/i18n.h"
#include "lib/text.h"

static int insert_token(struct db *db, int64_t person_id, int minutes, char token[TOKEN_CHARS + 1]) {
    char hash[TOKEN_HASH_CHARS + 1];
    token_new(token);
    token_hash(token, hash);
    int64_t now = db_now();
    struct db_stmt *st = db_prep(db, "INSERT INTO password_resets (person_id, token_hash, created_at, expires_at)"
                                     " VALUES ($1, $2, $3, $4)");
    db_bind_int(st, 1, person_id);
    db_bind_text(st, 2, hash);
    db_bind_int(st, 3, now);
    db_bind_int(st, 4, now + (int64_t)minutes * 60);
    return db_run(st) == DB_DONE ? 0 : -1;
}

int reset_request(struct db *db, struct arena *a, const char *email, const char *ip, const struct reset_settings *s,
                  struct err *e) {
    email = text_lower(a, text_trim(a, email ? email : ""));
    if (!text_is_email(email)) return err_fail(e, ERR_INVALID, "email", N_("Enter a valid e-mail address."));
    const char *by_mail = arena_printf(a, "r:e:%s", email), *by_addr = arena_printf(a, "r:a:%s", ip ? ip : "?");
    int64_t now = db_now(), since = now - s->window, oldest_mail = now, oldest_addr = now;
    int n_mail = auth_throttle_count(db, by_mail, since, &oldest_mail);
    int n_addr = auth_throttle_count(db, by_addr, since, &oldest_addr);
    if (n_mail >= s->max_requests || n_addr >= s->max_requests * 4) {
        int64_t until = (n_mail >= s->max_requests ? oldest_mail : oldest_addr) + s->window;
        e->retry_after = until > now ? (int)(until - now) : 1;
        return err_fail(e, ERR_TOO_MANY, NULL, N_("Too many requests. Wait a few minutes and try again."));
    }
    /* The request path does the same whether the address has an account or
     * not: two throttling rows and one job; the job looks the person up. */
    json_t *j = json_pack("{s:s, s:s, s:i}", "email", email, "base", s->public_url, "minutes", s->minutes);
    char *payload = j ? json_dumps(j, JSON_COMPACT) : NULL;
    json_decref(j);
    int rc = !payload || db_begin(db);
    if (!rc) {
        auth_throttle_note(db, by_mail, now, since);
        auth_throttle_note(db, by_addr, now, since);
        rc = job_enqueue(db, "password_reset", payload, 0) || db_commit(db);
        if (rc) db_rollback(db);
    }
    free(payload);
    if (rc) return err_fail(e, ERR_INTERNAL, NULL, N_("The request could not be saved."));
    jobs_wake();
    return 0;
}

/* The password_reset job: a link by e-mail to the active account with
 * this address, if there is one; nothing otherwise. */
static enum job_result reset_job_run(struct db *db, const char *payload, int last, char *err, size_t errlen) {
    (void)last;
    json_t *j = json_loads(payload, 0, NULL);
    const char *email = json_string_value(json_object_get(j, "email")),
               *base = json_string_value(json_object_get(j, "base"));
    int minutes = (int)json_integer_value(json_object_get(j, "minutes"));
    if (!email || !base) {
        json_decref(j);
        snprintf(err, errlen, "the payload has no email or base");
        return JOB_FAIL;
    }
    struct arena ar = {0};
    struct arena *a = &ar;
    struct person *p = people_by_email(db, a, email);
    enum job_result out = JOB_DONE;
    if (p && !p->disabled) {
        enum lang l = p->lang ? i18n_parse(p->lang) : LANG_EN;
        if (l == LANG__MAX) l = LANG_EN;
        const char *within = i18n_nget(l, "To choose a new password, open this link within %d minute:",
                                       "To choose a new password, open this link within %d minutes:", minutes),
                   *at = strstr(within, "%d");
        if (at) within = arena_printf(a, "%.*s%d%s", (int)(at - within), within, minutes, at + 2);
        char token[TOKEN_CHARS + 1];
        int rc = db_begin(db) || insert_token(db, p->id, minutes, token);
        if (!rc) {
            const char *body = arena_printf(
                a, "%s %s,\n\n%s\n%s\n\n%s\n\n%s/reset/%s\n\n%s\n", i18n_get(l, N_("Hello")), p->name,
                i18n_get(l, N_("Someone, probably you, asked to reset the password of this Ruche account:")), p->email,
                within, base, token,
                i18n_get(l, N_("If you did not ask for it, ignore this message: your password stays as it is.")));
            rc = mail_enqueue(db, p->email, i18n_get(l, N_("Reset your Ruche password")), body) || db_commit(db);
        }
        if (rc) {
            db_rollback(db);
            snprintf(err, errlen, "the reset link could not be saved");
            out = JOB_RETRY;
        } else {
            jobs_wake();
        }
    }
    arena_free(a);
    json_decref(j);
    return out;
}

const struct job_kind reset_job = {.name = "password_reset", .run = reset_job_run};

int reset_create_for(struct db *db, const struct person *actor, const struct person *p, int minutes,
                     char token[TOKEN_CHARS + 1], struct err *e) {
    if (!policy_allows(actor, ACT_CHANGE_ROLE, p))
        return err_fail(e, ERR_NOT_FOUND, NULL, N_("Only administrators manage accounts."));
    return insert_token(db, p->id, minutes, token)
               ? err_fail(e, ERR_INTERNAL, NULL, N_("The reset link could not be saved."))
               : 0;
}

static int64_t valid_person(struct db *db, const char *token) {
    if (!token || strlen(token) != TOKEN_CHARS) return 0;
    char hash[TOKEN_HASH_CHARS + 1];
    token_hash(token, hash);
    struct db_stmt *st = db_prep(db, "SELECT r.person_id FROM password_resets r JOIN people p ON p.id = r.person_id"
                                     " WHERE r.token_hash = $1 AND r.used_at IS NULL AND r.expires_at > $2"
                                     " AND p.disabled = 0");
    db_bind_text(st, 1, hash);
    db_bind_int(st, 2, db_now());
    int64_t id = db_step(st) == DB_ROW ? db_col_int(st, 0) : 0;
    db_done(st);
    return id;
}

struct person *reset_find(struct db *db, struct arena *a, const char *token) {
    int64_t id = valid_person(db, token);
    return id ? people_get(db, a, id) : NULL;
}

int reset_use(struct db *db, struct arena *a, const char *token, const char *password, int64_t *person_id,
              struct err *e) {
    (void)a;
    if (db_begin(db)) return err_fail(e, ERR_INTERNAL, NULL, N_("The password could not be saved."));
    int64_t id = valid_person(db, token);
    if (!id) {
        db_rollback(db);
        return err_fail(e, ERR_NOT_FOUND, NULL, N_("This reset link is invalid, used or expired."));
    }
    int rc = people_set_password(db, id, password ? password : "", e);
    if (rc) {
        db_rollback(db);
        return rc;
    }
    /* This link and every other of the person's are used up. */
    struct db_stmt *st =
        db_prep(db, "UPDATE password_resets SET used_at = $2 WHERE person_id = $1 AND used_at IS NULL");
    db_bind_int(st, 1, id);
    db_bind_int(st, 2, db_now());
    db_run(st);
    session_destroy_person(db, id, NULL);
    if (db_commit(db)) {
        db_rollback(db);
        return err_fail(e, ERR_INTERNAL, NULL, N_("The password could not be saved."));
    }
    *person_id = id;
    return 0;
}
