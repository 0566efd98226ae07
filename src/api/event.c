/* The API of events: their members in an item's JSON, RSVPs, attendees,
 * a space's upcoming events and the .ics of one event. */
#include <string.h>
#include <time.h>

#include "api/api.h"
#include "api/event.h"
#include "api/handlers.h"
#include "api/shapes.h"
#include "core/event.h"
#include "core/event_ics.h"
#include "db/db.h"
#include "http/server.h"

static json_t *utc(int64_t t) {
    time_t tt = (time_t)t;
    struct tm tm;
    gmtime_r(&tt, &tm);
    char s[32];
    strftime(s, sizeof s, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return json_string(s);
}

void api_event_fields(struct req *r, const struct item *it, json_t *o) {
    struct event *ev = event_get(db_thread(), &r->arena, r->me, it->id);
    if (!ev) return;
    json_object_set_new(o, "starts_at", utc(ev->starts_at));
    json_object_set_new(o, "ends_at", utc(ev->ends_at));
    json_object_set_new(o, "timezone", json_string(ev->timezone));
    json_object_set_new(o, "location", json_string(ev->location));
    json_object_set_new(o, "online_url", json_string(ev->online_url));
    json_object_set_new(o, "capacity", ev->capacity ? json_integer(ev->capacity) : json_null());
    json_t *rsvp = json_pack("{s:I, s:I, s:I, s:I}", "yes", (json_int_t)ev->going, "maybe", (json_int_t)ev->maybe, "no",
                             (json_int_t)ev->declined, "waiting", (json_int_t)ev->waiting);
    json_object_set_new(rsvp, "full", json_boolean(ev->capacity && ev->going >= ev->capacity));
    json_object_set_new(rsvp, "my_answer", ev->my_answer ? json_string(ev->my_answer) : json_null());
    json_object_set_new(rsvp, "my_waiting_position", ev->my_waiting ? json_integer(ev->my_waiting) : json_null());
    json_object_set_new(o, "rsvp", rsvp);
    json_object_set_new(o, "calendar_url", json_string(arena_printf(&r->arena, "/items/%lld/calendar.ics", (long long)it->id)));
}

static int item_answer(struct req *r, int64_t id) {
    struct item *it = item_get(db_thread(), &r->arena, r->me, id);
    return it ? resp_json(r, 200, api_item_json(r, it)) : resp_error(r, 404, NULL);
}

/* PUT /api/v1/items/{id}/rsvp {"answer": "yes" | "maybe" | "no"} */
int api_event_rsvp(struct req *r) {
    json_t *body = req_json(r);
    int bad = 0;
    const char *answer = body ? api_string_member(body, "answer", 0, &bad) : NULL;
    if (body) {
        static const char *const known[] = {"answer"};
        int rc = api_known_fields(r, body, known, 1);
        if (rc) return rc;
    }
    if (bad || !answer) {
        struct err e = {N_("Send {\"answer\": \"yes\"}, \"maybe\" or \"no\"."), "answer", 0};
        return api_fail(r, 400, &e);
    }
    struct err e = {0};
    int rc = event_rsvp(db_thread(), &r->arena, r->me, api_path_id(r, 0), answer, &e);
    if (rc) return api_fail(r, rc, &e);
    return item_answer(r, api_path_id(r, 0));
}

/* DELETE /api/v1/items/{id}/rsvp: withdraws one's answer. */
int api_event_rsvp_delete(struct req *r) {
    struct err e = {0};
    int rc = event_rsvp(db_thread(), &r->arena, r->me, api_path_id(r, 0), NULL, &e);
    if (rc) return api_fail(r, rc, &e);
    return item_answer(r, api_path_id(r, 0));
}

/* GET /api/v1/items/{id}/attendees */
int api_event_attendees(struct req *r) {
    struct event_attendee *list;
    int n;
    struct err e = {0};
    int rc = event_attendees(db_thread(), &r->arena, r->me, api_path_id(r, 0), &list, &n, &e);
    if (rc) return api_fail(r, rc, &e);
    json_t *items = json_array();
    for (int i = 0; i < n; i++)
        json_array_append_new(items, json_pack("{s:o, s:s, s:b}", "person", api_author_json(r, list[i].person), "answer",
                                               list[i].answer, "waiting", list[i].waiting));
    return resp_json(r, 200, json_pack("{s:o, s:n}", "items", items, "next_cursor")); /* bounded: one page */
}

/* GET /api/v1/spaces/{id}/events: what has not ended yet, soonest first. */
int api_space_events(struct req *r) {
    int limit = api_limit(r);
    if (limit < 0) return 400;
    struct item **items;
    int n;
    const char *next;
    struct err e = {0};
    int rc = event_upcoming(db_thread(), &r->arena, r->me, api_path_id(r, 0), req_query(r, "cursor"), limit, &items, &n,
                            &next, &e);
    if (rc) return api_fail(r, rc == ERR_NOT_FOUND ? 404 : rc, &e);
    json_t *arr = json_array();
    for (int i = 0; i < n; i++) json_array_append_new(arr, api_item_json(r, items[i]));
    return api_page(r, arr, next);
}

/* GET /api/v1/items/{id}/calendar.ics */
int api_event_ics(struct req *r) {
    struct item **items;
    int n;
    struct err e = {0};
    int rc = event_ics_item(db_thread(), &r->arena, r->me, api_path_id(r, 0), &items, &n, &e);
    if (rc) return api_fail(r, rc, &e);
    const char *ics = event_ics(db_thread(), &r->arena, server_config()->public_url, NULL, items, n);
    resp_header(r, "Content-Disposition", arena_printf(&r->arena, "attachment; filename=\"event-%lld.ics\"", (long long)items[0]->id));
    return resp_bytes(r, 200, "text/calendar; charset=utf-8", ics, strlen(ics));
}
