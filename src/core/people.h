/* People: accounts and profiles. Every function that reads or changes a
 * person on behalf of someone takes the actor and asks core/policy.c. */
#ifndef RUCHE_PEOPLE_H
#define RUCHE_PEOPLE_H
#include <stdint.h>

#include "core/errors.h"
#include "core/membership.h"
#include "lib/arena.h"

struct db;

enum role { ROLE_ADMIN, ROLE_EMPLOYEE, ROLE_EXTERNAL, ROLE__MAX };

struct person {
    int64_t id;
    const char *email, *handle, *name;
    enum role role;
    int disabled;
    const char *title, *department, *location, *phone, *bio;
    const char *lang; /* "en", "fr" or NULL */
    int64_t manager_id; /* 0: none */
    int64_t photo_version;
    int64_t created_at, updated_at;
    const char **expertise;
    int nexpertise;
    /* Spaces this person belongs to, was invited to or asked to join,
     * ordered by space id; only when spaces_loaded (people_load_spaces).
     * The policy refuses space content to a person whose list is not
     * loaded, so forgetting to load it fails closed. */
    const struct membership *spaces;
    int nspaces, spaces_loaded;
};

/* Limits on profile fields, in characters. */
enum {
    PERSON_NAME_MAX = 120,
    PERSON_FIELD_MAX = 120, /* title, department, location */
    PERSON_PHONE_MAX = 40,
    PERSON_BIO_MAX = 5000,
    PERSON_EXPERTISE_MAX = 20,     /* tags */
    PERSON_EXPERTISE_TAG_MAX = 40, /* characters each */
    PASSWORD_MIN = 10,
    PASSWORD_MAX = 256,
};

const char *role_name(enum role r);
int role_parse(const char *s, enum role *out); /* 0 on success */

/* For core modules: the columns people_from_row reads, in order. The row's
 * expertise is left empty. */
#define PERSON_COLS                                                                                            \
    "id, email, handle, name, role, disabled, title, department, location, phone, bio, lang, manager_id, " \
    "photo_version, created_at, updated_at"
struct db_stmt;
struct person *people_from_row(struct arena *a, struct db_stmt *st);
/* Fills p->expertise (people_from_row leaves it empty). */
void people_load_expertise(struct db *db, struct arena *a, struct person *p);

/* Look-ups without authorization (for authentication and the CLI). */
struct person *people_get(struct db *db, struct arena *a, int64_t id);
struct person *people_by_email(struct db *db, struct arena *a, const char *email);
struct person *people_by_handle(struct db *db, struct arena *a, const char *handle);
/* A person as authors and the signed-in actor are used (no location, phone,
 * bio or expertise), possibly from a cache kept current by
 * BUS_PERSON_CHANGED; no authorization: callers show only what is visible. */
struct person *people_cached(struct db *db, struct arena *a, int64_t id);
/* Turns that cache on (it listens for BUS_PERSON_CHANGED) or empties it. */
void people_cache_start(void);
void people_cache_reset(void);

/* Creates an account. password may be NULL (cannot log in until set).
 * Errors: ERR_INVALID (bad email, name, password), ERR_CONFLICT (email taken). */
int people_create(struct db *db, struct arena *a, const char *email, const char *name, enum role role,
                  const char *password, int64_t *id_out, struct err *e);
int people_set_password(struct db *db, int64_t id, const char *password, struct err *e);
/* Disables or enables an account; disabling ends its sessions and tokens' use. */
int people_set_disabled(struct db *db, int64_t id, int disabled);
/* Announces that a person's profile or account changed (after commit). */
void people_changed(int64_t id);
int people_count(struct db *db);
/* Recomputes the folded sort and search keys (inside the caller's transaction). */
void people_refresh_search(struct db *db, struct arena *a, int64_t id);

/* What a profile edit may change; NULL fields are left as they are. */
struct person_edit {
    const char *name, *handle, *title, *department, *location, *phone, *bio, *lang;
    const char *manager_handle; /* "" clears */
    const char *expertise;      /* comma-separated; "" clears */
    const char *role;           /* admins only */
};
/* Applies an edit to `target_id` as `actor` (oneself, or an admin). */
int people_update(struct db *db, struct arena *a, const struct person *actor, int64_t target_id,
                  const struct person_edit *edit, struct err *e);

/* The profile `id` as `actor` may see it, or NULL (not found or not visible). */
struct person *people_view(struct db *db, struct arena *a, const struct person *actor, int64_t id);
struct person *people_view_handle(struct db *db, struct arena *a, const struct person *actor, const char *handle);

/* Directory page: people matching `query` (name, title, department,
 * location, expertise; accent-insensitive), ordered by name. `cursor` is
 * NULL or an opaque string from a previous page; *next is NULL on the last
 * page. ERR_NOT_FOUND for actors who may not browse the directory. */
int people_search(struct db *db, struct arena *a, const struct person *actor, const char *query,
                  const char *department, const char *cursor, int limit, struct person ***out, int *n,
                  const char **next, struct err *e);
/* Distinct departments, for the directory filter. */
int people_departments(struct db *db, struct arena *a, const char ***out, int *n);
/* Direct reports of `manager_id` (0: the people with no manager), ordered
 * by name; employees and admins only, at most 1000. */
int people_reports(struct db *db, struct arena *a, int64_t manager_id, struct person ***out, int *n);

/* Profile photo (WebP thumbnail). Errors: ERR_INVALID with the reason. */
int people_set_photo(struct db *db, struct arena *a, const struct person *actor, int64_t target_id,
                     const unsigned char *data, size_t len, size_t max_bytes, struct err *e);
int people_remove_photo(struct db *db, const struct person *actor, int64_t target_id, struct err *e);
/* The photo bytes (malloc'ed into the arena) of a visible person, or NULL. */
const unsigned char *people_photo(struct db *db, struct arena *a, const struct person *actor, int64_t id,
                                  size_t *len, const char **mime);

#endif
