/* The administration API: invitations (listed, created with their link
 * answered once, withdrawn) and an account's role and disabled state. The
 * route table marks these ADMIN (admins only, and a token's admin scope);
 * core decides (auth.h: invitations; people.h and policy.h: accounts). */
#include "api/api.h"
#include "api/handlers.h"
#include "api/shapes.h"
#include "core/auth.h"
#include "core/policy.h"
#include "db/db.h"
#include "http/server.h"

static json_t *invitation_json(const struct invitation *inv) {
    json_t *o = json_pack("{s:I, s:s, s:s, s:s}", "id", (json_int_t)inv->id, "email", inv->email, "role",
                          role_name(inv->role), "invited_by", inv->invited_by_name ? inv->invited_by_name : "");
    json_object_set_new(o, "created_at", api_time(inv->created_at));
    json_object_set_new(o, "expires_at", api_time(inv->expires_at));
    return o;
}

/* GET /api/v1/invitations: pending ones, newest first, on one page. */
int api_invitations_list(struct req *r) {
    struct invitation **list;
    int n = 0;
    invite_list(db_thread(), &r->arena, r->me, &list, &n);
    json_t *items = json_array();
    for (int i = 0; i < n; i++)
        json_array_append_new(items, invitation_json(list[i]));
    return resp_json(r, 200, json_pack("{s:o, s:n}", "items", items, "next_cursor"));
}

/* POST /api/v1/invitations {email, role}: 201 with the single-use link. */
int api_invitation_create(struct req *r) {
    struct db *db = db_thread();
    json_t *body = req_json(r);
    if (!body)
        return api_fail(r, 400, &(struct err){N_("Send a JSON object with the e-mail address to invite."), "email", 0});
    static const char *const known[] = {"email", "role"};
    int rc = api_known_fields(r, body, known, sizeof known / sizeof known[0]);
    if (rc) return rc;
    int bad = 0;
    const char *email = api_string_member(body, "email", 0, &bad);
    if (bad || !email)
        return api_fail(r, 400, &(struct err){N_("email is the address to invite (a string)."), "email", 0});
    const char *role = api_string_member(body, "role", 0, &bad);
    if (bad) return api_fail(r, 400, &(struct err){N_("The role is admin, employee or external."), "role", 0});
    char token[TOKEN_CHARS + 1];
    struct err e = {0};
    if ((rc = invite_create(db, &r->arena, r->me, email, role, token, &e))) return api_fail(r, rc, &e);
    struct invitation *inv = invite_find(db, &r->arena, token);
    if (!inv) return resp_error(r, 500, NULL);
    json_t *o = invitation_json(inv);
    json_object_set_new(o, "token", json_string(token));
    json_object_set_new(o, "url",
                        json_string(arena_printf(&r->arena, "%s/invite/%s", server_config()->public_url, token)));
    resp_header(r, "Location", arena_printf(&r->arena, "/api/v1/invitations/%lld", (long long)inv->id));
    return resp_json(r, 201, o);
}

/* DELETE /api/v1/invitations/{id} */
int api_invitation_delete(struct req *r) {
    int64_t id = api_path_id(r, 0);
    if (!id) return resp_error(r, 404, NULL);
    struct err e = {0};
    int rc = invite_revoke(db_thread(), r->me, id, &e);
    if (rc) return api_fail(r, rc, &e);
    return 204;
}

/* PATCH /api/v1/people/{id}/account {role, disabled} */
int api_account_patch(struct req *r) {
    struct db *db = db_thread();
    int64_t id = api_path_id(r, 0);
    struct person *p = id ? people_view(db, &r->arena, r->me, id) : NULL;
    if (!p) return resp_error(r, 404, NULL);
    if (!policy_allows(r->me, ACT_CHANGE_ROLE, p))
        return resp_error(r, 403, N_("Only administrators manage accounts."));
    json_t *body = req_json(r);
    static const char *const known[] = {"role", "disabled"};
    if (!body || !json_object_size(body))
        return api_fail(r, 400, &(struct err){N_("Send a JSON object with role or disabled."), "role", 0});
    int rc = api_known_fields(r, body, known, sizeof known / sizeof known[0]);
    if (rc) return rc;
    int bad = 0;
    const char *role = api_string_member(body, "role", 0, &bad);
    if (bad) return api_fail(r, 400, &(struct err){N_("The role is admin, employee or external."), "role", 0});
    json_t *dis = json_object_get(body, "disabled");
    if (dis && !json_is_boolean(dis))
        return api_fail(r, 400, &(struct err){N_("disabled is true or false."), "disabled", 0});
    struct err e = {0};
    if (role && (rc = people_update(db, &r->arena, r->me, id, &(struct person_edit){.role = role}, &e)))
        return api_fail(r, rc, &e);
    if (dis) people_set_disabled(db, id, json_is_true(dis));
    return resp_json(r, 200, api_person_json(r, people_get(db, &r->arena, id)));
}
