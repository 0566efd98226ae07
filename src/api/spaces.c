/* /api/v1/spaces: the directory, a space's settings, stream and members,
 * joining and leaving. Every decision is core's (core/spaces.h): these
 * handlers read typed inputs, call it, and shape its answers. */
#include <string.h>

#include "api/api.h"
#include "api/handlers.h"
#include "api/shapes.h"
#include "db/db.h"
#include "lib/i18n.h"
#include "lib/text.h"

/* ---- inputs ---- */

/* Answers 400 naming `field`. */
static int bad_field(struct req *r, const char *field, const char *msg) {
    struct err e = {msg, field, 0};
    return api_fail(r, 400, &e);
}

/* A string member: *out NULL when absent, `if_null` when null (a NULL
 * `if_null` refuses null); 400 for any other type. */
static int string_member(struct req *r, json_t *body, const char *key, const char *if_null, const char **out) {
    json_t *v = json_object_get(body, key);
    *out = NULL;
    if (!v) return 0;
    if (json_is_null(v) && if_null) {
        *out = if_null;
        return 0;
    }
    if (!json_is_string(v)) return bad_field(r, key, N_("This field must be a string."));
    *out = json_string_value(v);
    return 0;
}

/* A boolean member: *out -1 when absent; 400 for any other type. */
static int bool_member(struct req *r, json_t *body, const char *key, int *out) {
    json_t *v = json_object_get(body, key);
    *out = -1;
    if (!v) return 0;
    if (!json_is_boolean(v)) return bad_field(r, key, N_("This field must be true or false."));
    *out = json_is_true(v);
    return 0;
}

/* ?name= as 0 or 1 (absent: 0). */
static int flag_param(struct req *r, const char *name, int *out) {
    const char *v = req_query(r, name);
    *out = 0;
    if (!v) return 0;
    if (strcmp(v, "0") && strcmp(v, "1")) return bad_field(r, name, N_("This parameter must be 0 or 1."));
    *out = v[0] == '1';
    return 0;
}

/* The settings members of a space body (name, slug, description,
 * visibility, secret). On create a null or empty slug means one made from
 * the name; on edit the slug, if sent, must be one. */
static int settings_from_json(struct req *r, json_t *body, int creating, struct space_input *in) {
    int rc;
    if ((rc = string_member(r, body, "name", NULL, &in->name))) return rc;
    if ((rc = string_member(r, body, "slug", creating ? "" : NULL, &in->slug))) return rc;
    if ((rc = string_member(r, body, "description", "", &in->description))) return rc;
    if ((rc = string_member(r, body, "visibility", NULL, &in->visibility))) return rc;
    if ((rc = bool_member(r, body, "secret", &in->secret))) return rc;
    if (!creating && in->slug && !*text_trim(&r->arena, in->slug))
        return bad_field(r, "slug", N_("The address must have 2 to 60 lowercase letters, digits or dashes."));
    return 0;
}

/* ---- answers ---- */

/* The space as the actor now sees it; after a change (`changed`), with the
 * actor's memberships read afresh so my_role and can tell the new state. */
static int space_answer(struct req *r, int status, int64_t id, int changed) {
    struct db *db = db_thread();
    if (changed && r->me) people_reload_spaces(db, &r->arena, r->me);
    const struct space *s = space_view(db, &r->arena, r->me, id);
    if (!s) return resp_error(r, 404, NULL);
    if (status == 201) resp_header(r, "Location", arena_printf(&r->arena, "/api/v1/spaces/%lld", (long long)id));
    return resp_json(r, status, api_space_json(r, s));
}

/* {"person": Author, "role": role}: one person's membership after a change. */
static int membership_answer(struct req *r, int status, const struct person *p, enum space_role role) {
    return resp_json(r, status,
                     json_pack("{s:o, s:s}", "person", api_author_json(r, p), "role", space_role_name(role)));
}

/* {"space": id, "role": role}: the caller's own membership after a change. */
static int my_role_answer(struct req *r, int64_t space, enum space_role role) {
    return resp_json(r, 200, json_pack("{s:I, s:s}", "space", (json_int_t)space, "role", space_role_name(role)));
}

static int no_content(struct req *r) {
    r->content_type = "application/json";
    return 204;
}

/* ---- the directory and one space ---- */

int api_spaces_list(struct req *r) {
    int limit = api_limit(r);
    if (limit < 0) return 400;
    struct space_query q = {.query = req_query(r, "q"), .cursor = req_query(r, "cursor"), .limit = limit};
    int rc;
    if ((rc = flag_param(r, "mine", &q.mine)) || (rc = flag_param(r, "archived", &q.archived))) return rc;
    const char *parent = req_query(r, "parent");
    if (parent && !(q.parent = text_parse_id(parent)))
        return bad_field(r, "parent", N_("This parameter must be the id of a space."));
    if (q.mine && !r->me) return resp_error(r, 401, N_("Sign in or send an API token."));
    const struct space **list;
    int n;
    const char *next;
    struct err e = {0};
    rc = space_list(db_thread(), &r->arena, r->me, &q, &list, &n, &next, &e);
    if (rc) return api_fail(r, rc, &e);
    json_t *items = json_array();
    for (int i = 0; i < n; i++) json_array_append_new(items, api_space_json(r, list[i]));
    return api_page(r, items, next);
}

int api_space_create(struct req *r) {
    json_t *body = req_json(r);
    if (!body) return resp_error(r, 400, N_("Send a JSON object."));
    static const char *const known[] = {"name", "slug", "description", "visibility", "secret", "parent"};
    int rc = api_known_fields(r, body, known, sizeof known / sizeof known[0]);
    if (rc) return rc;
    struct space_input in = {.secret = -1};
    if ((rc = settings_from_json(r, body, 1, &in))) return rc;
    json_t *parent = json_object_get(body, "parent");
    if (parent && !json_is_null(parent)) {
        if (!json_is_integer(parent) || json_integer_value(parent) <= 0)
            return bad_field(r, "parent",
                             N_("parent is the id of a space (an integer), or null for a top-level space."));
        in.parent_id = json_integer_value(parent);
    }
    int64_t id;
    struct err e = {0};
    rc = space_create(db_thread(), &r->arena, r->me, &in, &id, &e);
    if (rc) return api_fail(r, rc, &e);
    return space_answer(r, 201, id, 1);
}

int api_space_get(struct req *r) { return space_answer(r, 200, api_path_id(r, 0), 0); }

int api_space_patch(struct req *r) {
    struct db *db = db_thread();
    int64_t id = api_path_id(r, 0);
    const struct space *s = space_view(db, &r->arena, r->me, id);
    if (!s) return resp_error(r, 404, NULL);
    json_t *body = req_json(r);
    if (!body) return resp_error(r, 400, N_("Send a JSON object with the fields to change."));
    static const char *const known[] = {"name", "slug", "description", "visibility", "secret", "archived"};
    int rc = api_known_fields(r, body, known, sizeof known / sizeof known[0]);
    if (rc) return rc;
    struct space_input in = {.secret = -1};
    int archived;
    if ((rc = settings_from_json(r, body, 0, &in)) || (rc = bool_member(r, body, "archived", &archived))) return rc;
    /* Archiving freezes the settings and restoring thaws them: a change of
     * state comes alone, so a request is applied whole or not at all. */
    size_t settings = json_object_size(body) - (archived >= 0);
    if (archived >= 0 && settings && archived != (s->archived_at != 0))
        return bad_field(r, "archived", N_("Archive or restore a space on its own, without other changes."));
    struct err e = {0};
    if (settings && (rc = space_update(db, &r->arena, r->me, id, &in, &e))) return api_fail(r, rc, &e);
    if (archived >= 0 && (rc = space_set_archived(db, &r->arena, r->me, id, archived, &e))) return api_fail(r, rc, &e);
    return space_answer(r, 200, id, settings || archived >= 0);
}

int api_space_delete(struct req *r) {
    struct err e = {0};
    int rc = space_delete(db_thread(), &r->arena, r->me, api_path_id(r, 0), &e);
    return rc ? api_fail(r, rc, &e) : no_content(r);
}

int api_stream_space(struct req *r) {
    int64_t id = api_path_id(r, 0);
    if (!id) return resp_error(r, 404, NULL);
    return api_stream_page(r, &(struct stream_query){.kind = STREAM_SPACE, .space = id});
}

/* ---- members ---- */

int api_space_members(struct req *r) {
    int limit = api_limit(r);
    if (limit < 0) return 400;
    enum space_role which = SROLE_MEMBER;
    const char *role = req_query(r, "role");
    if (role && (space_role_parse(role, &which) ||
                 (which != SROLE_MEMBER && which != SROLE_INVITED && which != SROLE_REQUESTED)))
        return bad_field(r, "role", N_("role is member, invited or requested."));
    struct space_member **list;
    int n;
    const char *next;
    struct err e = {0};
    int rc = space_members(db_thread(), &r->arena, r->me, api_path_id(r, 0), which, req_query(r, "q"),
                           req_query(r, "cursor"), limit, &list, &n, &next, &e);
    if (rc) return api_fail(r, rc, &e);
    json_t *items = json_array();
    for (int i = 0; i < n; i++) json_array_append_new(items, api_member_json(r, list[i]));
    return api_page(r, items, next);
}

int api_space_invite(struct req *r) {
    json_t *body = req_json(r);
    if (!body) return resp_error(r, 400, N_("Send a JSON object."));
    static const char *const known[] = {"person"};
    int rc = api_known_fields(r, body, known, 1);
    if (rc) return rc;
    json_t *v = json_object_get(body, "person");
    if (!v || !json_is_integer(v) || json_integer_value(v) <= 0)
        return bad_field(r, "person", N_("person is the id of a person (an integer)."));
    struct db *db = db_thread();
    int64_t space = api_path_id(r, 0), id = json_integer_value(v);
    /* the role before, to tell a change (201) from a repeat (200); shown
     * only once core has accepted the caller as a manager of the space */
    struct person *p = people_get(db, &r->arena, id);
    enum space_role before = SROLE_NONE;
    if (p) {
        people_reload_spaces(db, &r->arena, p);
        before = space_role_of(p, space);
    }
    struct err e = {0};
    rc = space_invite(db, &r->arena, r->me, space, id, &e);
    if (rc) return api_fail(r, rc, &e);
    if (!p) return resp_error(r, 404, NULL);
    people_reload_spaces(db, &r->arena, p);
    enum space_role after = space_role_of(p, space);
    return membership_answer(r, after != before ? 201 : 200, p, after);
}

int api_space_member_patch(struct req *r) {
    json_t *body = req_json(r);
    if (!body) return resp_error(r, 400, N_("Send a JSON object."));
    static const char *const known[] = {"role"};
    int rc = api_known_fields(r, body, known, 1);
    if (rc) return rc;
    json_t *v = json_object_get(body, "role");
    if (!v || !json_is_string(v)) return bad_field(r, "role", N_("The role must be member, moderator or owner."));
    enum space_role role = SROLE_NONE; /* an unknown name: core refuses it */
    space_role_parse(json_string_value(v), &role);
    struct db *db = db_thread();
    int64_t person = api_path_id(r, 1);
    struct err e = {0};
    rc = space_set_role(db, &r->arena, r->me, api_path_id(r, 0), person, role, &e);
    if (rc) return api_fail(r, rc, &e);
    struct person *p = people_get(db, &r->arena, person);
    return p ? membership_answer(r, 200, p, role) : resp_error(r, 404, NULL);
}

int api_space_member_delete(struct req *r) {
    struct err e = {0};
    int rc = space_remove_member(db_thread(), &r->arena, r->me, api_path_id(r, 0), api_path_id(r, 1), &e);
    return rc ? api_fail(r, rc, &e) : no_content(r);
}

int api_space_join(struct req *r) {
    int64_t id = api_path_id(r, 0);
    enum space_role role = SROLE_NONE;
    struct err e = {0};
    int rc = space_join(db_thread(), &r->arena, r->me, id, &role, &e);
    return rc ? api_fail(r, rc, &e) : my_role_answer(r, id, role);
}

int api_space_leave(struct req *r) {
    int64_t id = api_path_id(r, 0);
    struct err e = {0};
    int rc = space_leave(db_thread(), &r->arena, r->me, id, &e);
    return rc ? api_fail(r, rc, &e) : my_role_answer(r, id, SROLE_NONE);
}
