/* People: accounts and profiles, with their validation rules. */
#include "core/people.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/bus.h"
#include "core/policy.h"
#include "core/session.h"
#include "core/spaces.h"
#include "db/db.h"
#include "lib/buf.h"
#include "lib/crypto.h"
#include "lib/i18n.h"
#include "lib/text.h"

static const char *const role_names[ROLE__MAX] = {"admin", "employee", "external"};

const char *role_name(enum role r) { return r < ROLE__MAX ? role_names[r] : "?"; }

int role_parse(const char *s, enum role *out) {
    for (int i = 0; s && i < ROLE__MAX; i++)
        if (!strcmp(s, role_names[i])) {
            *out = (enum role)i;
            return 0;
        }
    return -1;
}

static const char *dup_col(struct arena *a, struct db_stmt *st, int col) {
    const char *s = db_col_text(st, col);
    return arena_strdup(a, s ? s : "");
}

struct person *people_from_row(struct arena *a, struct db_stmt *st) {
    struct person *p = arena_alloc(a, sizeof *p);
    p->id = db_col_int(st, 0);
    p->email = dup_col(a, st, 1);
    p->handle = dup_col(a, st, 2);
    p->name = dup_col(a, st, 3);
    enum role r = ROLE_EMPLOYEE;
    role_parse(db_col_text(st, 4), &r);
    p->role = r;
    p->disabled = (int)db_col_int(st, 5);
    p->title = dup_col(a, st, 6);
    p->department = dup_col(a, st, 7);
    p->location = dup_col(a, st, 8);
    p->phone = dup_col(a, st, 9);
    p->bio = dup_col(a, st, 10);
    p->lang = db_col_is_null(st, 11) ? NULL : dup_col(a, st, 11);
    p->manager_id = db_col_int(st, 12);
    p->photo_version = db_col_int(st, 13);
    if (p->photo_version < 0) p->photo_version = 0; /* removed (see people_remove_photo) */
    p->created_at = db_col_int(st, 14);
    p->updated_at = db_col_int(st, 15);
    p->expertise = arena_alloc(a, sizeof *p->expertise);
    return p;
}

void people_load_expertise(struct db *db, struct arena *a, struct person *p) {
    struct db_stmt *st = db_prep(db, "SELECT tag FROM person_expertise WHERE person_id = $1 ORDER BY tag");
    db_bind_int(st, 1, p->id);
    const char *tags[PERSON_EXPERTISE_MAX];
    int n = 0;
    while (db_step(st) == DB_ROW && n < PERSON_EXPERTISE_MAX) tags[n++] = dup_col(a, st, 0);
    db_done(st);
    p->expertise = arena_alloc(a, sizeof *p->expertise * (size_t)(n + 1));
    memcpy(p->expertise, tags, sizeof *tags * (size_t)n);
    p->nexpertise = n;
}

static struct person *fetch_one(struct db *db, struct arena *a, struct db_stmt *st) {
    struct person *p = NULL;
    if (db_step(st) == DB_ROW) p = people_from_row(a, st);
    db_done(st);
    if (p) people_load_expertise(db, a, p);
    return p;
}

struct person *people_get(struct db *db, struct arena *a, int64_t id) {
    struct db_stmt *st = db_prep(db, "SELECT " PERSON_COLS " FROM people WHERE id = $1");
    db_bind_int(st, 1, id);
    return fetch_one(db, a, st);
}

struct person *people_by_email(struct db *db, struct arena *a, const char *email) {
    if (!email || !text_valid(email, 0)) return NULL; /* no such address; and PostgreSQL refuses bad UTF-8 */
    struct db_stmt *st = db_prep(db, "SELECT " PERSON_COLS " FROM people WHERE email = $1");
    db_bind_text(st, 1, text_lower(a, email));
    return fetch_one(db, a, st);
}

struct person *people_by_handle(struct db *db, struct arena *a, const char *handle) {
    if (!handle || !text_valid(handle, 0)) return NULL;
    struct db_stmt *st = db_prep(db, "SELECT " PERSON_COLS " FROM people WHERE handle = $1");
    db_bind_text(st, 1, text_lower(a, handle));
    return fetch_one(db, a, st);
}

int people_count(struct db *db) { return (int)db_int_or(db_prep(db, "SELECT count(*) FROM people"), 0); }

static int check_password(const char *pw, struct err *e) {
    if (!pw || !text_valid(pw, 0)) return err_fail(e, ERR_INVALID, "password", N_("The password contains invalid characters."));
    size_t n = text_chars(pw);
    if (n < PASSWORD_MIN) return err_fail(e, ERR_INVALID, "password", N_("The password must have at least 10 characters."));
    if (n > PASSWORD_MAX) return err_fail(e, ERR_INVALID, "password", N_("The password must have at most 256 characters."));
    return 0;
}

static int check_line(const char *s, size_t max, const char *field, struct err *e) {
    if (!text_valid(s, 0)) return err_fail(e, ERR_INVALID, field, N_("This field contains invalid characters."));
    if (text_chars(s) > max)
        return err_fail(e, ERR_INVALID, field,
                        max == 40    ? N_("This field has at most 40 characters.")
                        : max == 120 ? N_("This field has at most 120 characters.")
                                     : N_("This field is too long."));
    return 0;
}

/* The folded text the directory searches: everything a colleague might type. */
void people_refresh_search(struct db *db, struct arena *a, int64_t id) {
    struct person *p = people_get(db, a, id);
    if (!p) return;
    struct buf b = {0};
    buf_printf(&b, "%s %s %s %s %s", p->name, p->handle, p->title, p->department, p->location);
    for (int i = 0; i < p->nexpertise; i++) buf_printf(&b, " %s", p->expertise[i]);
    struct db_stmt *st = db_prep(db, "UPDATE people SET search_key = $2, sort_key = $3 WHERE id = $1");
    db_bind_int(st, 1, id);
    db_bind_text(st, 2, text_fold(a, b.data));
    db_bind_text(st, 3, text_fold(a, p->name));
    db_run(st);
    buf_free(&b);
}

static int handle_taken(struct db *db, const char *handle, int64_t except) {
    struct db_stmt *st = db_prep(db, "SELECT count(*) FROM people WHERE handle = $1 AND id <> $2");
    db_bind_text(st, 1, handle);
    db_bind_int(st, 2, except);
    return db_int_or(st, 0) > 0;
}

int people_create(struct db *db, struct arena *a, const char *email, const char *name, enum role role,
                  const char *password, int64_t *id_out, struct err *e) {
    email = text_lower(a, text_trim(a, email));
    name = text_trim(a, name);
    if (!text_is_email(email)) return err_fail(e, ERR_INVALID, "email", N_("Enter a valid e-mail address."));
    if (!*name) return err_fail(e, ERR_INVALID, "name", N_("Enter a name."));
    if (check_line(name, PERSON_NAME_MAX, "name", e)) return ERR_INVALID;
    if (password && check_password(password, e)) return ERR_INVALID;
    char *hash = NULL;
    if (password && !(hash = password_hash(password))) return err_fail(e, ERR_INTERNAL, NULL, N_("The password could not be hashed."));
    if (db_begin(db)) {
        free(hash);
        return err_fail(e, ERR_INTERNAL, NULL, N_("The database is busy; try again."));
    }
    const char *base = text_handle_from_email(a, email), *handle = base;
    for (int i = 2; handle_taken(db, handle, 0); i++) handle = arena_printf(a, "%s%d", base, i);
    int64_t now = db_now();
    struct db_stmt *st = db_prep(db,
                                 "INSERT INTO people (email, handle, name, role, password_hash, sort_key, created_at, updated_at)"
                                 " VALUES ($1, $2, $3, $4, $5, $6, $7, $7)");
    db_bind_text(st, 1, email);
    db_bind_text(st, 2, handle);
    db_bind_text(st, 3, name);
    db_bind_text(st, 4, role_name(role));
    db_bind_text(st, 5, hash);
    db_bind_text(st, 6, text_fold(a, name));
    db_bind_int(st, 7, now);
    enum db_result r = db_run(st);
    free(hash);
    if (r != DB_DONE) {
        db_rollback(db);
        return r == DB_CONSTRAINT ? err_fail(e, ERR_CONFLICT, "email", N_("An account with this e-mail address already exists."))
                                  : err_fail(e, ERR_INTERNAL, NULL, N_("The account could not be saved."));
    }
    int64_t id = db_last_id(db);
    people_refresh_search(db, a, id);
    if (db_commit(db)) {
        db_rollback(db);
        return err_fail(e, ERR_INTERNAL, NULL, N_("The account could not be saved."));
    }
    if (id_out) *id_out = id;
    return 0;
}

int people_set_password(struct db *db, int64_t id, const char *password, struct err *e) {
    if (check_password(password, e)) return ERR_INVALID;
    char *hash = password_hash(password);
    if (!hash) return err_fail(e, ERR_INTERNAL, NULL, N_("The password could not be hashed."));
    struct db_stmt *st = db_prep(db, "UPDATE people SET password_hash = $2, updated_at = $3 WHERE id = $1");
    db_bind_int(st, 1, id);
    db_bind_text(st, 2, hash);
    db_bind_int(st, 3, db_now());
    enum db_result r = db_run(st);
    free(hash);
    if (r != DB_DONE) return err_fail(e, ERR_INTERNAL, NULL, N_("The password could not be saved."));
    people_changed(id); /* live streams opened with the old password end */
    return 0;
}

int people_set_disabled(struct db *db, int64_t id, int disabled) {
    struct db_stmt *st = db_prep(db, "UPDATE people SET disabled = $2, updated_at = $3 WHERE id = $1");
    db_bind_int(st, 1, id);
    db_bind_int(st, 2, disabled ? 1 : 0);
    db_bind_int(st, 3, db_now());
    if (db_run(st) != DB_DONE) return -1;
    if (disabled) session_destroy_person(db, id, NULL);
    people_changed(id);
    return 0;
}

void people_changed(int64_t id) {
    struct bus_event ev = {.kind = BUS_PERSON_CHANGED, .person = id};
    bus_publish(&ev);
}

/* p if actor may see it. An external account sees the people it shares an
 * extranet space with: for them the policy needs p's spaces too. */
static struct person *visible(struct db *db, struct arena *a, const struct person *actor, struct person *p) {
    if (p && actor && actor->role == ROLE_EXTERNAL && actor->id != p->id) people_load_spaces(db, a, p);
    return p && policy_allows(actor, ACT_VIEW_PERSON, p) ? p : NULL;
}

struct person *people_view(struct db *db, struct arena *a, const struct person *actor, int64_t id) {
    return visible(db, a, actor, people_get(db, a, id));
}

struct person *people_view_handle(struct db *db, struct arena *a, const struct person *actor, const char *handle) {
    return visible(db, a, actor, people_by_handle(db, a, handle));
}
