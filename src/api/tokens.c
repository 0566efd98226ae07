/* /api/v1/tokens: one's API tokens listed (never their secret), created
 * (the secret answered once) and revoked. Creating one through the API
 * needs a session or a token with the admin scope, so a leaked read or
 * write token cannot mint itself successors. */
#include <stdio.h>
#include <string.h>

#include "api/api.h"
#include "api/handlers.h"
#include "api/shapes.h"
#include "core/apitokens.h"
#include "core/session.h"
#include "db/db.h"
#include "http/pipeline.h"

static json_t *token_json(const struct apitoken *t) {
    json_t *scopes = json_array();
    char copy[64];
    snprintf(copy, sizeof copy, "%s", t->scopes);
    for (char *save, *w = strtok_r(copy, " ,", &save); w; w = strtok_r(NULL, " ,", &save))
        json_array_append_new(scopes, json_string(w));
    json_t *o = json_pack("{s:I, s:s, s:o}", "id", (json_int_t)t->id, "name", t->name, "scopes", scopes);
    json_object_set_new(o, "created_at", api_time(t->created_at));
    json_object_set_new(o, "last_used_at", api_time(t->last_used_at));
    json_object_set_new(o, "expires_at", api_time(t->expires_at));
    json_object_set_new(o, "expired", json_boolean(t->expires_at && t->expires_at <= db_now()));
    return o;
}

/* GET /api/v1/tokens: at most 100, so one page (next_cursor is null). */
int api_tokens_list(struct req *r) {
    struct apitoken *list;
    int n;
    apitoken_list(db_thread(), &r->arena, r->me->id, &list, &n);
    json_t *items = json_array();
    for (int i = 0; i < n; i++) json_array_append_new(items, token_json(&list[i]));
    return resp_json(r, 200, json_pack("{s:o, s:n}", "items", items, "next_cursor"));
}

/* "scopes": ["read", "write"] into "read write"; NULL when not valid. */
static const char *scopes_member(struct req *r, json_t *v) {
    if (!v) return "read write";
    if (!json_is_array(v) || !json_array_size(v) || json_array_size(v) > 3) return NULL;
    char *s = arena_strdup(&r->arena, "");
    size_t i;
    json_t *w;
    json_array_foreach(v, i, w) {
        const char *x = json_string_value(w);
        if (!x || (strcmp(x, "read") && strcmp(x, "write") && strcmp(x, "admin"))) return NULL;
        s = arena_printf(&r->arena, "%s%s%s", s, *s ? " " : "", x);
    }
    return s;
}

/* POST /api/v1/tokens {name, scopes, expires} */
int api_token_create(struct req *r) {
    if (!pipeline_has_scope(r, "admin"))
        return api_fail(r, 403, &(struct err){N_("Creating a token needs a session or a token with the admin scope."),
                                              NULL, 0});
    json_t *body = req_json(r);
    if (!body) return api_fail(r, 400, &(struct err){N_("Send the token as a JSON object."), NULL, 0});
    static const char *const known[] = {"name", "scopes", "expires"};
    int rc = api_known_fields(r, body, known, 3);
    if (rc) return rc;
    int bad = 0;
    const char *name = api_string_member(body, "name", 0, &bad);
    if (bad) return api_fail(r, 400, &(struct err){N_("This field must be a string."), "name", 0});
    const char *expires = api_string_member(body, "expires", 1, &bad);
    if (bad) return api_fail(r, 400, &(struct err){N_("This field must be a string."), "expires", 0});
    const char *scopes = scopes_member(r, json_object_get(body, "scopes"));
    if (!scopes)
        return api_fail(r, 400, &(struct err){N_("scopes is a list of read, write and admin."), "scopes", 0});
    struct db *db = db_thread();
    struct err e = {0};
    int64_t expires_at;
    if ((rc = apitoken_parse_expiry(expires, db_now(), &expires_at, &e))) return api_fail(r, rc, &e);
    char secret[TOKEN_CHARS + 1];
    if ((rc = apitoken_create(db, r->me->id, name ? name : "", scopes, expires_at, secret, &e)))
        return api_fail(r, rc, &e);
    struct apitoken t;
    if (apitoken_get(db, &r->arena, r->me->id, db_last_id(db), &t)) return resp_error(r, 500, NULL);
    json_t *o = token_json(&t);
    json_object_set_new(o, "token", json_string(secret));
    return resp_json(r, 201, o);
}

/* DELETE /api/v1/tokens/{id}: another person's token is a 404. */
int api_token_delete(struct req *r) {
    struct err e = {0};
    int rc = apitoken_revoke(db_thread(), r->me->id, api_path_id(r, 0), &e);
    if (rc) return api_fail(r, rc, &e);
    return 204;
}
