/* Events in the pages: the block on an event's card (when, where, counts,
 * RSVP buttons), its form fields, the attendee list, a space's upcoming
 * events, and the calendar files. */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/event.h"
#include "core/event_ics.h"
#include "core/policy.h"
#include "core/spaces.h"
#include "db/db.h"
#include "http/server.h"
#include "web/feed.h"
#include "lib/text.h"
#include "web/event.h"
#include "web/pages.h"
#include "web/social.h"
#include "web/spaces.h"
#include "web/web.h"

/* <time> with the UTC instant, showing the wall-clock text given. */
static void web_time_as(struct req *r, int64_t t, const char *shown) {
    time_t tt = (time_t)t;
    struct tm tm;
    gmtime_r(&tt, &tm);
    char iso[32];
    strftime(iso, sizeof iso, "%Y-%m-%dT%H:%M:%SZ", &tm);
    H(r, "<time datetime=\"%s\">%s</time>", iso, shown);
}

static void when(struct req *r, const struct event *ev) {
    const char *start = event_local_time(&r->arena, ev->timezone, ev->starts_at, NULL);
    const char *end = event_local_time(&r->arena, ev->timezone, ev->ends_at, NULL);
    H(r, "<p class=\"event-when\"><strong>%s</strong> ", T(r, "When:"));
    web_time_as(r, ev->starts_at, start);
    H(r, " – ");
    /* the same day: only the end's time */
    web_time_as(r, ev->ends_at, strncmp(start, end, 10) ? end : end + 11);
    H(r, " <small>(%s)</small></p>", ev->timezone);
}

void web_event_block(struct req *r, const struct item *it, int full) {
    struct event *ev = event_get(db_thread(), &r->arena, r->me, it->id);
    if (!ev) return;
    H(r, "<div class=\"event\">");
    when(r, ev);
    if (*ev->location) H(r, "<p class=\"event-where\"><strong>%s</strong> %s</p>", T(r, "Where:"), ev->location);
    if (*ev->online_url)
        H(r, "<p class=\"event-online\"><strong>%s</strong> <a href=\"%s\" rel=\"nofollow noopener noreferrer\">%s</a></p>",
          T(r, "Online:"), ev->online_url, ev->online_url);
    H(r, "<p class=\"event-counts\">%s %lld · %s %lld · %s %lld", T(r, "Going:"), (long long)ev->going, T(r, "Maybe:"),
      (long long)ev->maybe, T(r, "Not going:"), (long long)ev->declined);
    if (ev->waiting) H(r, " · %s %lld", T(r, "Waiting list:"), (long long)ev->waiting);
    if (ev->capacity)
        H(r, " · %s %lld%s", T(r, "Places:"), (long long)ev->capacity,
          ev->going >= ev->capacity ? arena_printf(&r->arena, " (%s)", T(r, "full")) : "");
    H(r, "</p>");
    int over = ev->ends_at < db_now();
    if (over) H(r, "<p class=\"event-over\">%s</p>", T(r, "This event is over."));
    if (ev->my_waiting)
        H(r, "<p class=\"notice\">%s %d</p>", T(r, "You are on the waiting list; your position:"), ev->my_waiting);
    if (!over && policy_item(r->me, ACT_VOTE, it)) {
        H(r, "<form method=\"post\" action=\"/items/%lld/rsvp\" class=\"rsvp\">", (long long)it->id);
        web_csrf_field(r);
        H(r, "<input type=\"hidden\" name=\"next\" value=\"%s\"><span>%s</span> ", r->path, T(r, "Will you attend?"));
        static const char *const answers[] = {"yes", "maybe", "no"};
        const char *labels[] = {T(r, "Yes"), T(r, "Maybe"), T(r, "No")};
        for (int i = 0; i < 3; i++) {
            int mine = ev->my_answer && !strcmp(ev->my_answer, answers[i]);
            /* markup only in the format: an attribute passed as %s would be escaped */
            if (mine)
                H(r, "<button type=\"submit\" name=\"answer\" value=\"%s\" aria-pressed=\"true\">%s</button> ", answers[i],
                  labels[i]);
            else
                H(r, "<button type=\"submit\" name=\"answer\" value=\"%s\" aria-pressed=\"false\" class=\"secondary\">%s</button> ",
                  answers[i], labels[i]);
        }
        if (ev->my_answer)
            H(r, "<button type=\"submit\" name=\"answer\" value=\"\" class=\"link\">%s</button>", T(r, "Withdraw my answer"));
        H(r, "</form>");
    }
    H(r, "<p class=\"event-links\">");
    if (r->me) H(r, "<a href=\"/items/%lld/attendees\">%s</a> · ", (long long)it->id, T(r, "Attendees"));
    H(r, "<a href=\"/items/%lld/calendar.ics\">%s</a>", (long long)it->id, T(r, "Add to my calendar (.ics)"));
    if (full && it->space)
        H(r, " · <a href=\"/spaces/%s/events\">%s</a>", it->space->slug, T(r, "Upcoming events of the space"));
    H(r, "</p></div>");
}

/* Common zones offered as suggestions; any name of the tz database works. */
static const char *const zones[] = {"UTC",           "Europe/Paris",       "Europe/London",    "Europe/Berlin",
                                    "Europe/Madrid", "Europe/Brussels",    "Europe/Zurich",    "America/New_York",
                                    "America/Chicago", "America/Los_Angeles", "America/Montreal", "America/Sao_Paulo",
                                    "Africa/Casablanca", "Africa/Dakar",   "Asia/Tokyo",       "Asia/Shanghai",
                                    "Asia/Kolkata",  "Asia/Singapore",     "Australia/Sydney", "Pacific/Noumea"};

void web_event_form(struct req *r, const struct item *cur) {
    struct event *ev = cur ? event_get(db_thread(), &r->arena, r->me, cur->id) : NULL;
    const char *start = NULL, *end = NULL, *cap = "";
    if (ev) {
        event_local_time(&r->arena, ev->timezone, ev->starts_at, &start);
        event_local_time(&r->arena, ev->timezone, ev->ends_at, &end);
        if (ev->capacity) cap = arena_printf(&r->arena, "%lld", (long long)ev->capacity);
    }
#define V(name, dflt) (req_form(r, name) ? req_form(r, name) : (dflt))
    H(r, "<fieldset class=\"event-fields\"><legend>%s</legend>", T(r, "Event"));
    H(r, "<label for=\"starts_at\">%s</label><input id=\"starts_at\" name=\"starts_at\" type=\"datetime-local\" required value=\"%s\">",
      T(r, "Starts"), V("starts_at", start ? start : ""));
    H(r, "<label for=\"ends_at\">%s</label><input id=\"ends_at\" name=\"ends_at\" type=\"datetime-local\" required value=\"%s\">",
      T(r, "Ends"), V("ends_at", end ? end : ""));
    H(r, "<label for=\"timezone\">%s</label><input id=\"timezone\" name=\"timezone\" type=\"text\" maxlength=\"64\" required "
         "list=\"timezones\" aria-describedby=\"timezone-help\" value=\"%s\"><small id=\"timezone-help\">%s</small><datalist id=\"timezones\">",
      T(r, "Time zone"), V("timezone", ev ? ev->timezone : "Europe/Paris"),
      T(r, "The start and end are in this zone (a name such as Europe/Paris)."));
    for (size_t i = 0; i < sizeof zones / sizeof zones[0]; i++) H(r, "<option value=\"%s\"></option>", zones[i]);
    H(r, "</datalist>");
    H(r, "<label for=\"location\">%s</label><input id=\"location\" name=\"location\" type=\"text\" maxlength=\"200\" value=\"%s\">",
      T(r, "Place"), V("location", ev ? ev->location : ""));
    H(r, "<label for=\"online_url\">%s</label><input id=\"online_url\" name=\"online_url\" type=\"url\" maxlength=\"2000\" value=\"%s\">",
      T(r, "Online link"), V("online_url", ev ? ev->online_url : ""));
    H(r, "<label for=\"capacity\">%s</label><input id=\"capacity\" name=\"capacity\" type=\"number\" min=\"1\" max=\"100000\" "
         "aria-describedby=\"capacity-help\" value=\"%s\"><small id=\"capacity-help\">%s</small>",
      T(r, "Places"), V("capacity", cap), T(r, "Leave empty for no limit; when full, people go on a waiting list."));
    H(r, "</fieldset>");
#undef V
}

json_t *web_event_fields(struct req *r, const struct item *cur, int *status) {
    json_t *o = json_object();
    static const char *const names[] = {"starts_at", "ends_at", "timezone", "location", "online_url"};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        const char *v = req_form(r, names[i]);
        if (v) json_object_set_new(o, names[i], json_string(v));
    }
    const char *cap = req_form(r, "capacity");
    if (cap) {
        cap = text_trim(&r->arena, cap);
        char *end;
        long long n = strtoll(cap, &end, 10);
        if (!*cap) json_object_set_new(o, "capacity", json_null());
        else if (*end || n < 1) json_object_set_new(o, "capacity", json_string(cap)); /* refused by core, named */
        else json_object_set_new(o, "capacity", json_integer(n));
    }
    return o;
}

/* POST /items/{id}/rsvp: answer=yes|maybe|no, or empty to withdraw. */
int web_event_rsvp(struct req *r) {
    const char *answer = req_form(r, "answer");
    if (!answer) return resp_error(r, 400, N_("Choose yes, maybe or no."));
    int64_t id = text_parse_id(req_param(r, 0));
    struct err e = {0};
    int rc = event_rsvp(db_thread(), &r->arena, r->me, id, *answer ? answer : NULL, &e);
    if (rc) return resp_error(r, rc, e.msg);
    const char *next = req_form(r, "next");
    return resp_redirect(r, next ? web_safe_next(next) : arena_printf(&r->arena, "/items/%lld", (long long)id));
}

static void attendee_section(struct req *r, const char *title, const struct event_attendee *list, int n,
                             const char *answer, int waiting) {
    int count = 0;
    for (int i = 0; i < n; i++) count += !strcmp(list[i].answer, answer) && list[i].waiting == waiting;
    if (!count) return;
    H(r, "<h2>%s <small>(%d)</small></h2><ul class=\"cards\">", title, count);
    for (int i = 0; i < n; i++)
        if (!strcmp(list[i].answer, answer) && list[i].waiting == waiting) web_person_card(r, list[i].person);
    H(r, "</ul>\n");
}

/* GET /items/{id}/attendees */
int web_event_attendees(struct req *r) {
    struct db *db = db_thread();
    int64_t id = text_parse_id(req_param(r, 0));
    struct event_attendee *list;
    int n;
    struct err e = {0};
    if (event_attendees(db, &r->arena, r->me, id, &list, &n, &e)) return resp_error(r, 404, NULL);
    struct item *it = item_get(db, &r->arena, r->me, id);
    if (!it) return resp_error(r, 404, NULL);
    page_begin(r, arena_printf(&r->arena, "%s · %s", T(r, "Attendees"), it->title));
    H(r, "<section class=\"narrow\"><h1>%s</h1><p><a href=\"/items/%lld\">%s</a></p>", T(r, "Attendees"), (long long)id,
      it->title);
    if (!n) H(r, "<p>%s</p>", T(r, "Nobody has answered yet."));
    attendee_section(r, T(r, "Going"), list, n, "yes", 0);
    attendee_section(r, T(r, "Waiting list"), list, n, "yes", 1);
    attendee_section(r, T(r, "Maybe"), list, n, "maybe", 0);
    attendee_section(r, T(r, "Not going"), list, n, "no", 0);
    H(r, "</section>");
    return page_end(r);
}

/* GET /spaces/{slug}/events: what has not ended yet, soonest first. */
int web_space_events(struct req *r) {
    const struct space *s = web_space_param(r);
    if (!s || !policy_space(r->me, ACT_READ_SPACE, s)) return resp_error(r, 404, NULL);
    struct item **items;
    int n;
    const char *next;
    struct err e = {0};
    int rc = event_upcoming(db_thread(), &r->arena, r->me, s->id, req_query(r, "cursor"), 20, &items, &n, &next, &e);
    if (rc) return resp_error(r, rc, e.msg);
    page_begin(r, arena_printf(&r->arena, "%s · %s", T(r, "Upcoming events"), s->name));
    web_space_header(r, s, "events");
    H(r, "<h2>%s</h2><p>", T(r, "Upcoming events"));
    if (policy_space(r->me, ACT_POST, s))
        H(r, "<a href=\"/items/new?type=event&amp;space=%lld\">%s</a> · ", (long long)s->id, T(r, "New event"));
    H(r, "<a href=\"/spaces/%s/calendar.ics\">%s</a></p>", s->slug, T(r, "Subscribe to the calendar (.ics)"));
    if (!n) H(r, "<p>%s</p>", T(r, "No upcoming events."));
    for (int i = 0; i < n; i++) web_item_card(r, items[i], CARD_STREAM);
    if (next)
        H(r, "<nav aria-label=\"%s\"><a rel=\"next\" href=\"/spaces/%s/events?cursor=%s\">%s</a></nav>\n", T(r, "Pages"),
          s->slug, next, T(r, "Next page"));
    return page_end(r);
}

static int calendar(struct req *r, const char *name, struct item **items, int n, const char *attachment) {
    const char *ics = event_ics(db_thread(), &r->arena, server_config()->public_url, name, items, n);
    if (attachment)
        resp_header(r, "Content-Disposition", arena_printf(&r->arena, "attachment; filename=\"%s\"", attachment));
    return resp_bytes(r, 200, "text/calendar; charset=utf-8", ics, strlen(ics));
}

/* GET /items/{id}/calendar.ics */
int web_event_ics(struct req *r) {
    struct item **items;
    int n;
    struct err e = {0};
    int64_t id = text_parse_id(req_param(r, 0));
    if (event_ics_item(db_thread(), &r->arena, r->me, id, &items, &n, &e)) return resp_error(r, 404, NULL);
    return calendar(r, NULL, items, n, arena_printf(&r->arena, "event-%lld.ics", (long long)id));
}

/* GET /spaces/{slug}/calendar.ics: signed-in readers, anyone for a public
 * space, and calendar clients with the reader's feed token (?token=). */
int web_space_calendar(struct req *r) {
    struct person *actor;
    if (web_feed_actor(r, &actor)) return resp_error(r, 404, NULL);
    const struct space *s = space_view_slug(db_thread(), &r->arena, actor, req_param(r, 0));
    struct item **items;
    int n;
    struct err e = {0};
    if (!s || event_feed_space(db_thread(), &r->arena, actor, s->id, &items, &n, &e)) return resp_error(r, 404, NULL);
    return calendar(r, s->name, items, n, NULL);
}

/* GET /people/{handle}/calendar.ics: the events they organise or attend
 * (yes or maybe) that the reader (signed in, or by feed token) may see. */
int web_person_calendar(struct req *r) {
    struct person *actor;
    if (web_feed_actor(r, &actor) || !actor) return resp_error(r, 404, NULL);
    struct person *p = people_view_handle(db_thread(), &r->arena, actor, req_param(r, 0));
    struct item **items;
    int n;
    struct err e = {0};
    if (!p || event_feed_person(db_thread(), &r->arena, actor, p->id, &items, &n, &e)) return resp_error(r, 404, NULL);
    return calendar(r, p->name, items, n, NULL);
}
