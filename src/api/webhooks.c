/* /api/v1/webhooks: outgoing webhooks (core/webhooks.h) — register, list,
 * delete, see a hook's deliveries and send one again. */
#include <string.h>

#include "api/api.h"
#include "api/handlers.h"
#include "core/webhooks.h"
#include "db/db.h"
#include "lib/i18n.h"
#include "lib/text.h"

static int bad_field(struct req *r, const char *field, const char *msg) {
    struct err e = {msg, field, 0};
    return api_fail(r, 400, &e);
}

static json_t *hook_json(const struct webhook *h) {
    json_t *events = json_array();
    for (int i = 0; i < h->nevents; i++) json_array_append_new(events, json_string(h->events[i]));
    json_t *j = json_pack("{s:I, s:s, s:o, s:o, s:I, s:I}", "id", (json_int_t)h->id, "url", h->url, "events", events,
                          "space", h->space_id ? json_integer(h->space_id) : json_null(), "owner",
                          (json_int_t)h->owner_id, "created_at", (json_int_t)h->created_at);
    if (h->secret) json_object_set_new(j, "secret", json_string(h->secret));
    return j;
}

int api_webhook_create(struct req *r) {
    json_t *body = req_json(r);
    if (!body) return resp_error(r, 400, N_("Send a JSON object."));
    static const char *const known[] = {"url", "events", "space"};
    int rc = api_known_fields(r, body, known, sizeof known / sizeof known[0]);
    if (rc) return rc;
    json_t *url = json_object_get(body, "url"), *events = json_object_get(body, "events"),
           *space = json_object_get(body, "space");
    if (!json_is_string(url)) return bad_field(r, "url", N_("The address must be an http or https URL of at most 2000 characters."));
    if (!json_is_array(events) || json_array_size(events) < 1 || json_array_size(events) > WEBHOOK_EVENTS_MAX)
        return bad_field(r, "events", N_("events is a list of 1 to 8 event names."));
    const char *names[WEBHOOK_EVENTS_MAX];
    int n = 0;
    size_t i;
    json_t *v;
    json_array_foreach(events, i, v) {
        if (!json_is_string(v)) return bad_field(r, "events", N_("events is a list of 1 to 8 event names."));
        names[n++] = json_string_value(v);
    }
    int64_t space_id = 0;
    if (space && !json_is_null(space)) {
        if (!json_is_integer(space) || json_integer_value(space) <= 0)
            return bad_field(r, "space", N_("space is the id of a space (an integer), or null for every space."));
        space_id = json_integer_value(space);
    }
    struct webhook *h;
    struct err e = {0};
    rc = webhook_create(db_thread(), &r->arena, r->me, json_string_value(url), names, n, space_id, &h, &e);
    if (rc) return api_fail(r, rc, &e);
    resp_header(r, "Location", arena_printf(&r->arena, "/api/v1/webhooks/%lld", (long long)h->id));
    return resp_json(r, 201, hook_json(h));
}

int api_webhooks_list(struct req *r) {
    const char *sp = req_query(r, "space");
    int64_t space = 0;
    if (sp && !(space = text_parse_id(sp))) return bad_field(r, "space", N_("This parameter must be the id of a space."));
    struct webhook **list;
    int n;
    webhook_list(db_thread(), &r->arena, r->me, space, &list, &n);
    json_t *items = json_array();
    for (int i = 0; i < n; i++) json_array_append_new(items, hook_json(list[i]));
    return resp_json(r, 200, json_pack("{s:o, s:n}", "items", items, "next_cursor"));
}

int api_webhook_delete(struct req *r) {
    struct err e = {0};
    int rc = webhook_delete(db_thread(), &r->arena, r->me, api_path_id(r, 0), &e);
    if (rc) return api_fail(r, rc, &e);
    r->content_type = "application/json";
    return 204;
}

int api_webhook_deliveries(struct req *r) {
    struct webhook_delivery **list;
    int n;
    struct err e = {0};
    int rc = webhook_deliveries(db_thread(), &r->arena, r->me, api_path_id(r, 0), &list, &n, &e);
    if (rc) return api_fail(r, rc, &e);
    json_t *items = json_array();
    for (int i = 0; i < n; i++) {
        const struct webhook_delivery *d = list[i];
        json_array_append_new(
            items, json_pack("{s:I, s:s, s:s, s:s, s:I, s:I, s:s, s:I, s:o}", "id", (json_int_t)d->id, "event",
                             d->event, "message_id", d->message_id, "status", d->status, "response_code",
                             (json_int_t)d->response_code, "attempts", (json_int_t)d->attempts, "error", d->error,
                             "created_at", (json_int_t)d->created_at, "attempted_at",
                             d->attempted_at ? json_integer(d->attempted_at) : json_null()));
    }
    return resp_json(r, 200, json_pack("{s:o, s:n}", "items", items, "next_cursor"));
}

int api_webhook_resend(struct req *r) {
    struct err e = {0};
    int64_t hook = api_path_id(r, 0), delivery = api_path_id(r, 1);
    int rc = webhook_resend(db_thread(), &r->arena, r->me, hook, delivery, &e);
    if (rc) return api_fail(r, rc, &e);
    return resp_json(r, 202, json_pack("{s:I, s:s}", "id", (json_int_t)delivery, "status", "pending"));
}
