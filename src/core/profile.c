/* Profile editing and photos: what a person (or an admin) may change, and
 * the checks on each field. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/people.h"
#include "core/photo.h"
#include "core/policy.h"
#include "db/db.h"
#include "lib/i18n.h"
#include "lib/text.h"


static int check_line(const char *s, size_t max, const char *field, struct err *e) {
    if (!text_valid(s, 0)) return err_fail(e, ERR_INVALID, field, N_("This field contains invalid characters."));
    if (text_chars(s) > max)
        return err_fail(e, ERR_INVALID, field,
                        max == 40    ? N_("This field has at most 40 characters.")
                        : max == 120 ? N_("This field has at most 120 characters.")
                                     : N_("This field is too long."));
    return 0;
}

/* Splits "a, b ,c" into trimmed, de-duplicated tags. */
static int parse_expertise(struct arena *a, const char *s, const char ***out, int *n, struct err *e) {
    const char **tags = arena_alloc(a, sizeof *tags * PERSON_EXPERTISE_MAX);
    int count = 0;
    char *copy = arena_strdup(a, s);
    for (char *save, *w = strtok_r(copy, ",", &save); w; w = strtok_r(NULL, ",", &save)) {
        char *t = text_trim(a, w);
        if (!*t) continue;
        if (check_line(t, PERSON_EXPERTISE_TAG_MAX, "expertise", e)) return ERR_INVALID;
        int dup = 0;
        for (int i = 0; i < count; i++)
            if (!strcmp(text_fold(a, tags[i]), text_fold(a, t))) dup = 1;
        if (dup) continue;
        if (count == PERSON_EXPERTISE_MAX)
            return err_fail(e, ERR_INVALID, "expertise", N_("At most 20 areas of expertise."));
        tags[count++] = t;
    }
    *out = tags;
    *n = count;
    return 0;
}

/* 1 if making `manager` the manager of `target` would close a loop. */
static int manager_loop(struct db *db, int64_t target, int64_t manager) {
    for (int depth = 0; manager && depth < 200; depth++) {
        if (manager == target) return 1;
        struct db_stmt *st = db_prep(db, "SELECT manager_id FROM people WHERE id = $1");
        db_bind_int(st, 1, manager);
        manager = db_int_or(st, 0);
    }
    return manager != 0;
}

static void set_text(struct db *db, const char *sql, int64_t id, const char *v) {
    struct db_stmt *st = db_prep(db, sql);
    db_bind_int(st, 1, id);
    db_bind_text(st, 2, v);
    db_run(st);
}

static int validate(struct db *db, struct arena *a, const struct person *actor, const struct person *target,
                    struct person_edit *ed, int64_t *manager_id, struct err *e) {
    if (ed->name) {
        ed->name = text_trim(a, ed->name);
        if (!*ed->name) return err_fail(e, ERR_INVALID, "name", N_("Enter a name."));
        if (check_line(ed->name, PERSON_NAME_MAX, "name", e)) return ERR_INVALID;
    }
    if (ed->handle) {
        ed->handle = text_lower(a, text_trim(a, ed->handle));
        if (!text_is_handle(ed->handle))
            return err_fail(e, ERR_INVALID, "handle",
                        N_("A handle has 2 to 40 letters, digits, dots, dashes or underscores, and starts with a letter or digit."));
    }
    const char *lines[] = {ed->title, ed->department, ed->location};
    const char *names[] = {"title", "department", "location"};
    for (int i = 0; i < 3; i++)
        if (lines[i] && check_line(lines[i], PERSON_FIELD_MAX, names[i], e)) return ERR_INVALID;
    if (ed->phone && check_line(ed->phone, PERSON_PHONE_MAX, "phone", e)) return ERR_INVALID;
    if (ed->bio) {
        if (!text_valid(ed->bio, 1)) return err_fail(e, ERR_INVALID, "bio", N_("This field contains invalid characters."));
        if (text_chars(ed->bio) > PERSON_BIO_MAX) return err_fail(e, ERR_INVALID, "bio", N_("The biography must have at most 5,000 characters."));
    }
    if (ed->lang && *ed->lang) {
        enum lang l = i18n_parse(ed->lang);
        if (l == LANG__MAX) return err_fail(e, ERR_INVALID, "lang", N_("Choose English or French."));
        ed->lang = i18n_code(l); /* stored in its canonical form */
    }
    if (ed->role) {
        enum role r;
        if (role_parse(ed->role, &r)) return err_fail(e, ERR_INVALID, "role", N_("The role is admin, employee or external."));
        if (r != target->role && !policy_allows(actor, ACT_CHANGE_ROLE, target))
            return err_fail(e, ERR_FORBIDDEN, "role", N_("Only an administrator may change another person's role."));
    }
    *manager_id = -1; /* unchanged */
    if (ed->manager_handle) {
        const char *h = text_lower(a, text_trim(a, ed->manager_handle));
        if (h[0] == '@') h++;
        if (!*h) {
            *manager_id = 0;
        } else {
            struct person *m = people_view_handle(db, a, actor, h);
            if (!m) return err_fail(e, ERR_INVALID, "manager", N_("No such person for the manager."));
            if (m->role == ROLE_EXTERNAL) return err_fail(e, ERR_INVALID, "manager", N_("A manager must be an employee."));
            if (manager_loop(db, target->id, m->id))
                return err_fail(e, ERR_INVALID, "manager", N_("That manager would report to this person."));
            *manager_id = m->id;
        }
    }
    return 0;
}

int people_update(struct db *db, struct arena *a, const struct person *actor, int64_t target_id,
                  const struct person_edit *edit, struct err *e) {
    struct person *target = people_view(db, a, actor, target_id);
    if (!target) return err_fail(e, ERR_NOT_FOUND, NULL, N_("No such person."));
    if (!policy_allows(actor, ACT_EDIT_PERSON, target))
        return err_fail(e, ERR_FORBIDDEN, NULL, N_("You may only edit your own profile."));
    struct person_edit ed = *edit;
    int64_t manager_id;
    int rc = validate(db, a, actor, target, &ed, &manager_id, e);
    if (rc) return rc;
    const char **tags = NULL;
    int ntags = 0;
    if (ed.expertise && parse_expertise(a, ed.expertise, &tags, &ntags, e)) return ERR_INVALID;
    if (db_begin(db)) return err_fail(e, ERR_INTERNAL, NULL, N_("The database is busy; try again."));
    if (ed.handle && strcmp(ed.handle, target->handle)) {
        struct db_stmt *st = db_prep(db, "SELECT count(*) FROM people WHERE handle = $1 AND id <> $2");
        db_bind_text(st, 1, ed.handle);
        db_bind_int(st, 2, target->id);
        if (db_int_or(st, 0)) {
            db_rollback(db);
            return err_fail(e, ERR_CONFLICT, "handle", N_("This handle is taken."));
        }
        set_text(db, "UPDATE people SET handle = $2 WHERE id = $1", target->id, ed.handle);
    }
    if (ed.name) set_text(db, "UPDATE people SET name = $2 WHERE id = $1", target->id, ed.name);
    if (ed.title) set_text(db, "UPDATE people SET title = $2 WHERE id = $1", target->id, text_trim(a, ed.title));
    if (ed.department) set_text(db, "UPDATE people SET department = $2 WHERE id = $1", target->id, text_trim(a, ed.department));
    if (ed.location) set_text(db, "UPDATE people SET location = $2 WHERE id = $1", target->id, text_trim(a, ed.location));
    if (ed.phone) set_text(db, "UPDATE people SET phone = $2 WHERE id = $1", target->id, text_trim(a, ed.phone));
    if (ed.bio) set_text(db, "UPDATE people SET bio = $2 WHERE id = $1", target->id, ed.bio);
    if (ed.lang) set_text(db, "UPDATE people SET lang = $2 WHERE id = $1", target->id, *ed.lang ? ed.lang : NULL);
    if (ed.role) set_text(db, "UPDATE people SET role = $2 WHERE id = $1", target->id, ed.role);
    if (manager_id >= 0) {
        struct db_stmt *st = db_prep(db, "UPDATE people SET manager_id = $2 WHERE id = $1");
        db_bind_int(st, 1, target->id);
        if (manager_id) db_bind_int(st, 2, manager_id);
        else db_bind_null(st, 2);
        db_run(st);
    }
    if (ed.expertise) {
        struct db_stmt *st = db_prep(db, "DELETE FROM person_expertise WHERE person_id = $1");
        db_bind_int(st, 1, target->id);
        db_run(st);
        for (int i = 0; i < ntags; i++) {
            st = db_prep(db, "INSERT INTO person_expertise (person_id, tag) VALUES ($1, $2)");
            db_bind_int(st, 1, target->id);
            db_bind_text(st, 2, tags[i]);
            db_run(st);
        }
    }
    struct db_stmt *st = db_prep(db, "UPDATE people SET updated_at = $2 WHERE id = $1");
    db_bind_int(st, 1, target->id);
    db_bind_int(st, 2, db_now());
    db_run(st);
    people_refresh_search(db, a, target->id);
    if (db_commit(db)) {
        db_rollback(db);
        return err_fail(e, ERR_INTERNAL, NULL, N_("The profile could not be saved."));
    }
    people_changed(target->id);
    return 0;
}

int people_set_photo(struct db *db, struct arena *a, const struct person *actor, int64_t target_id,
                     const unsigned char *data, size_t len, size_t max_bytes, struct err *e) {
    struct person *target = people_view(db, a, actor, target_id);
    if (!target) return err_fail(e, ERR_NOT_FOUND, NULL, N_("No such person."));
    if (!policy_allows(actor, ACT_EDIT_PERSON, target))
        return err_fail(e, ERR_FORBIDDEN, NULL, N_("You may only edit your own profile."));
    unsigned char *out = NULL;
    size_t out_len = 0;
    int rc = photo_prepare(data, len, max_bytes, "photo", &out, &out_len, e);
    if (rc) return rc;
    int64_t now = db_now();
    int ok = !db_begin(db);
    if (ok) {
        struct db_stmt *st = db_prep(db,
                                     "INSERT INTO person_photos (person_id, image, mime, updated_at) VALUES ($1, $2, 'image/webp', $3)"
                                     " ON CONFLICT (person_id) DO UPDATE SET image = excluded.image, mime = excluded.mime,"
                                     " updated_at = excluded.updated_at");
        db_bind_int(st, 1, target->id);
        db_bind_blob(st, 2, out, out_len);
        db_bind_int(st, 3, now);
        ok = db_run(st) == DB_DONE;
        st = db_prep(db, "UPDATE people SET photo_version = abs(photo_version) + 1, updated_at = $2 WHERE id = $1");
        db_bind_int(st, 1, target->id);
        db_bind_int(st, 2, now);
        ok = ok && db_run(st) == DB_DONE && !db_commit(db);
    }
    free(out);
    if (!ok) {
        db_rollback(db);
        return err_fail(e, ERR_INTERNAL, NULL, N_("The photo could not be saved."));
    }
    people_changed(target->id);
    return 0;
}

int people_remove_photo(struct db *db, const struct person *actor, int64_t target_id, struct err *e) {
    struct arena a = {0};
    struct person *target = people_view(db, &a, actor, target_id);
    int allowed = target && policy_allows(actor, ACT_EDIT_PERSON, target);
    arena_free(&a);
    if (!target) return err_fail(e, ERR_NOT_FOUND, NULL, N_("No such person."));
    if (!allowed) return err_fail(e, ERR_FORBIDDEN, NULL, N_("You may only edit your own profile."));
    struct db_stmt *st = db_prep(db, "DELETE FROM person_photos WHERE person_id = $1");
    db_bind_int(st, 1, target_id);
    db_run(st);
    /* Negated, not reset: the next photo gets a version (and URL) never used
     * before, since photo URLs are cached as immutable. */
    st = db_prep(db, "UPDATE people SET photo_version = -abs(photo_version), updated_at = $2 WHERE id = $1");
    db_bind_int(st, 1, target_id);
    db_bind_int(st, 2, db_now());
    db_run(st);
    people_changed(target_id);
    return 0;
}

const unsigned char *people_photo(struct db *db, struct arena *a, const struct person *actor, int64_t id,
                                  size_t *len, const char **mime) {
    if (!people_view(db, a, actor, id)) return NULL;
    struct db_stmt *st = db_prep(db, "SELECT image, mime FROM person_photos WHERE person_id = $1");
    db_bind_int(st, 1, id);
    const unsigned char *out = db_step(st) == DB_ROW ? photo_from_row(st, 0, a, len, mime) : NULL;
    db_done(st);
    return out;
}
