/* Incoming webhooks (core/incoming.h): a space's owners create, list and
 * delete them under /api/v1/spaces/{id}/incoming-webhooks; other
 * applications POST {"text", "title"?} to /api/v1/hooks/{token}. */
#include <string.h>
#include <time.h>

#include "api/api.h"
#include "api/handlers.h"
#include "core/incoming.h"
#include "db/db.h"
#include "http/ratelimit.h"
#include "http/server.h"
#include "lib/config.h"
#include "lib/i18n.h"

static json_t *hook_json(struct req *r, const struct incoming_hook *h) {
    json_t *j = json_pack("{s:I, s:I, s:s, s:I, s:I, s:o}", "id", (json_int_t)h->id, "space", (json_int_t)h->space_id,
                          "name", h->name, "owner", (json_int_t)h->owner_id, "created_at", (json_int_t)h->created_at,
                          "last_used_at", h->last_used_at ? json_integer(h->last_used_at) : json_null());
    if (h->token)
        json_object_set_new(j, "url", json_string(arena_printf(&r->arena, "%s/api/v1/hooks/%s", server_config()->public_url,
                                                               h->token)));
    return j;
}

int api_incoming_create(struct req *r) {
    json_t *body = req_json(r);
    if (!body) return resp_error(r, 400, N_("Send a JSON object."));
    static const char *const known[] = {"name"};
    int rc = api_known_fields(r, body, known, 1);
    if (rc) return rc;
    json_t *name = json_object_get(body, "name");
    if (!json_is_string(name)) {
        struct err e = {N_("Give the integration a name of 1 to 80 characters on one line."), "name", 0};
        return api_fail(r, 400, &e);
    }
    struct incoming_hook *h;
    struct err e = {0};
    rc = incoming_create(db_thread(), &r->arena, r->me, api_path_id(r, 0), json_string_value(name), &h, &e);
    if (rc) return api_fail(r, rc, &e);
    return resp_json(r, 201, hook_json(r, h));
}

int api_incoming_list(struct req *r) {
    struct incoming_hook **list;
    int n;
    struct err e = {0};
    int rc = incoming_list(db_thread(), &r->arena, r->me, api_path_id(r, 0), &list, &n, &e);
    if (rc) return api_fail(r, rc, &e);
    json_t *items = json_array();
    for (int i = 0; i < n; i++) json_array_append_new(items, hook_json(r, list[i]));
    return resp_json(r, 200, json_pack("{s:o, s:n}", "items", items, "next_cursor"));
}

int api_incoming_delete(struct req *r) {
    struct err e = {0};
    int rc = incoming_delete(db_thread(), &r->arena, r->me, api_path_id(r, 0), api_path_id(r, 1), &e);
    if (rc) return api_fail(r, rc, &e);
    r->content_type = "application/json";
    return 204;
}

/* Each incoming hook has its own bucket (incoming_rate a minute, up to
 * incoming_burst at once), whatever address posts to it: 429 beyond. */
static int incoming_limited(struct req *r) {
    const struct config *c = server_config();
    int64_t id = c->incoming_rate > 0 ? incoming_hook_id(db_thread(), r->params[0]) : 0;
    if (!id) return 0; /* no limit, or an unknown token: the handler answers 404 */
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    struct ratelimit_answer a;
    ratelimit_take(arena_printf(&r->arena, "i:%lld", (long long)id), c->incoming_rate, c->incoming_burst,
                   (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000, &a);
    if (a.allowed) return 0;
    resp_header(r, "Retry-After", arena_printf(&r->arena, "%d", a.retry_after));
    return resp_error(r, 429,
                      N_("Too many posts to this webhook: wait the seconds given in Retry-After, then try again."));
}

int api_incoming_post(struct req *r) {
    int limited = incoming_limited(r);
    if (limited) return limited;
    json_t *body = req_json(r);
    if (!body) return resp_error(r, 400, N_("Send a JSON object."));
    static const char *const known[] = {"text", "title"};
    int rc = api_known_fields(r, body, known, 2);
    if (rc) return rc;
    int bad = 0;
    const char *text = api_string_member(body, "text", 0, &bad);
    if (bad || !text) {
        struct err e = {N_("Send the message in text."), "text", 0};
        return api_fail(r, 400, &e);
    }
    const char *title = api_string_member(body, "title", 0, &bad);
    if (bad) {
        struct err e = {N_("The title is at most 200 characters on one line."), "title", 0};
        return api_fail(r, 400, &e);
    }
    int64_t id;
    struct err e = {0};
    rc = incoming_post(db_thread(), &r->arena, r->params[0], title, text, &id, &e);
    if (rc) return api_fail(r, rc, &e);
    return resp_json(r, 201, json_pack("{s:I}", "id", (json_int_t)id));
}
