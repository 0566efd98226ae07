/* The caller's own account through the API: the password (the current one
 * is needed; other sessions end) and the feed token of the Atom and
 * calendar feeds (its age, a new one answered once, revoked). Core
 * decides (auth.h, feed_token.h); the language is PATCH /api/v1/people/{id}. */
#include <string.h>

#include "api/api.h"
#include "api/handlers.h"
#include "api/shapes.h"
#include "core/auth.h"
#include "core/feed_token.h"
#include "core/session.h"
#include "db/db.h"
#include "http/server.h"

/* PUT /api/v1/me/password {current_password, new_password}: 204. */
int api_password_put(struct req *r) {
    struct db *db = db_thread();
    json_t *body = req_json(r);
    static const char *const known[] = {"current_password", "new_password"};
    if (!body)
        return api_fail(r, 400, &(struct err){N_("Send current_password and new_password."), "current_password", 0});
    int rc = api_known_fields(r, body, known, sizeof known / sizeof known[0]);
    if (rc) return rc;
    int bad = 0;
    const char *current = api_string_member(body, "current_password", 0, &bad);
    if (bad || !current)
        return api_fail(
            r, 400, &(struct err){N_("current_password is the password in use (a string)."), "current_password", 0});
    const char *password = api_string_member(body, "new_password", 0, &bad);
    if (bad || !password)
        return api_fail(r, 400, &(struct err){N_("new_password is the new password (a string)."), "new_password", 0});
    struct err e = {0};
    if ((rc = auth_change_password(db, r->me->id, current, password, &e))) {
        e.field = e.field && !strcmp(e.field, "current") ? "current_password" : "new_password";
        return api_fail(r, rc, &e);
    }
    /* Whoever knew the old password is signed out; a session caller stays. */
    session_destroy_person(db, r->me->id, r->via_token ? NULL : req_cookie(r, "ruche_session"));
    return 204;
}

static json_t *feed_token_json(struct req *r, int64_t created, const char *token) {
    json_t *o = json_pack("{s:b}", "active", created != 0);
    json_object_set_new(o, "created_at", api_time(created));
    if (token) {
        json_object_set_new(o, "token", json_string(token));
        json_object_set_new(
            o, "feed_url",
            json_string(arena_printf(&r->arena, "%s/feed.atom?token=%s", server_config()->public_url, token)));
    }
    return o;
}

/* GET /api/v1/me/feed-token: whether one is active, and since when. */
int api_feed_token_get(struct req *r) {
    return resp_json(r, 200, feed_token_json(r, feed_token_created(db_thread(), r->me->id), NULL));
}

/* POST /api/v1/me/feed-token: a new token (the old one stops working). */
int api_feed_token_reset(struct req *r) {
    struct db *db = db_thread();
    if (r->body.len && json_object_size(req_json(r)))
        return api_fail(r, 400, &(struct err){N_("This request takes no body members."), NULL, 0});
    char token[TOKEN_CHARS + 1];
    if (feed_token_reset(db, r->me->id, token)) return resp_error(r, 500, NULL);
    return resp_json(r, 201, feed_token_json(r, feed_token_created(db, r->me->id), token));
}

/* DELETE /api/v1/me/feed-token: every feed URL with it stops working. */
int api_feed_token_delete(struct req *r) {
    feed_token_revoke(db_thread(), r->me->id);
    return 204;
}
