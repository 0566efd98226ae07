/* iCalendar output of events (see event_ics.h). */
#include "core/event_ics.h"

#include <libical/ical.h>
#include <stdlib.h>
#include <string.h>

#include "core/event.h"
#include "core/policy.h"
#include "core/spaces.h"
#include "db/db.h"
#include "lib/i18n.h"
#include "lib/markdown.h"

#define WINDOW_PAST (180 * 86400)   /* ended events kept in feeds */
#define CANCELLED_KEPT (30 * 86400) /* deleted events shown as cancelled */

static struct icaltimetype utc(int64_t t) {
    return icaltime_from_timet_with_zone((time_t)t, 0, icaltimezone_get_utc_timezone());
}

/* "example.org" from "https://example.org:8080/x", for UIDs. */
static const char *host_of(struct arena *a, const char *url) {
    const char *p = strstr(url, "://");
    p = p ? p + 3 : url;
    size_t n = strcspn(p, ":/");
    char *h = arena_alloc(a, n + 1);
    memcpy(h, p, n);
    h[n] = 0;
    return *h ? h : "ruche";
}

const char *event_ics(struct db *db, struct arena *a, const char *base_url, const char *name, struct item **items, int n) {
    icalcomponent *cal = icalcomponent_vanew(ICAL_VCALENDAR_COMPONENT, icalproperty_new_version("2.0"),
                                             icalproperty_new_prodid("-//Ruche//Ruche events//EN"),
                                             icalproperty_new_calscale("GREGORIAN"),
                                             icalproperty_new_method(ICAL_METHOD_PUBLISH), (void *)0);
    if (name) {
        icalproperty *p = icalproperty_new_x(name);
        icalproperty_set_x_name(p, "X-WR-CALNAME");
        icalcomponent_add_property(cal, p);
    }
    const char *host = host_of(a, base_url);
    int64_t now = db_now();
    for (int i = 0; i < n; i++) {
        struct item *it = items[i];
        struct event *ev = event_get(db, a, NULL, it->id);
        if (!ev) continue;
        icalcomponent *ve = icalcomponent_new(ICAL_VEVENT_COMPONENT);
        icalcomponent_add_property(ve, icalproperty_new_uid(arena_printf(a, "event-%lld@%s", (long long)it->id, host)));
        icalcomponent_add_property(ve, icalproperty_new_dtstamp(utc(now)));
        icalcomponent_add_property(ve, icalproperty_new_created(utc(it->created_at)));
        int64_t modified = it->deleted_at ? it->deleted_at : it->edited_at ? it->edited_at : it->created_at;
        icalcomponent_add_property(ve, icalproperty_new_lastmodified(utc(modified)));
        /* a changed event must replace the copy clients keep */
        icalcomponent_add_property(ve, icalproperty_new_sequence((int)((modified - it->created_at) / 60 % 1000000)));
        icalcomponent_add_property(ve, icalproperty_new_dtstart(utc(ev->starts_at)));
        icalcomponent_add_property(ve, icalproperty_new_dtend(utc(ev->ends_at)));
        icalcomponent_add_property(ve, icalproperty_new_summary(it->title));
        const char *desc = markdown_plain(a, it->body ? it->body : "");
        if (*ev->online_url) desc = arena_printf(a, "%s%s%s", desc, *desc ? "\n\n" : "", ev->online_url);
        if (*desc) icalcomponent_add_property(ve, icalproperty_new_description(desc));
        if (*ev->location) icalcomponent_add_property(ve, icalproperty_new_location(ev->location));
        else if (*ev->online_url) icalcomponent_add_property(ve, icalproperty_new_location(ev->online_url));
        icalcomponent_add_property(ve, icalproperty_new_url(arena_printf(a, "%s/items/%lld", base_url, (long long)it->id)));
        struct person *org = people_cached(db, a, it->author_id);
        if (org) {
            icalproperty *p = icalproperty_new_organizer(arena_printf(a, "%s/people/%s", base_url, org->handle));
            icalproperty_add_parameter(p, icalparameter_new_cn(org->name));
            icalcomponent_add_property(ve, p);
        }
        icalcomponent_add_property(ve, icalproperty_new_status(it->deleted_at ? ICAL_STATUS_CANCELLED : ICAL_STATUS_CONFIRMED));
        icalcomponent_add_component(cal, ve);
    }
    char *s = icalcomponent_as_ical_string_r(cal);
    const char *out = arena_strdup(a, s ? s : "");
    free(s);
    icalcomponent_free(cal);
    return out;
}

/* May `actor` read this item (a deleted one as it was before)? */
static int readable(const struct person *actor, struct item *it) {
    struct item copy = *it;
    copy.deleted_at = 0;
    return policy_item(actor, ACT_READ_ITEM, &copy);
}

static int collect(struct db *db, struct arena *a, const struct person *actor, struct db_stmt *st, struct item ***out,
                   int *n) {
    int64_t *ids = arena_alloc(a, sizeof *ids * EVENT_FEED_MAX);
    int m = 0;
    while (db_step(st) == DB_ROW && m < EVENT_FEED_MAX) ids[m++] = db_col_int(st, 0);
    db_done(st);
    struct item **items = arena_alloc(a, sizeof *items * (size_t)(m + 1));
    items_load(db, a, ids, m, items);
    int k = 0;
    for (int i = 0; i < m; i++)
        if (items[i] && readable(actor, items[i])) items[k++] = items[i];
    *out = items;
    *n = k;
    return 0;
}

int event_ics_item(struct db *db, struct arena *a, const struct person *actor, int64_t item_id, struct item ***out,
                   int *n, struct err *e) {
    struct item *it = item_get(db, a, actor, item_id);
    if (!it || strcmp(it->type, "event")) return err_fail(e, ERR_NOT_FOUND, NULL, N_("Not found."));
    *out = arena_alloc(a, sizeof **out);
    (*out)[0] = it;
    *n = 1;
    return 0;
}

int event_feed_space(struct db *db, struct arena *a, const struct person *actor, int64_t space_id, struct item ***out,
                     int *n, struct err *e) {
    const struct space *s = space_view(db, a, actor, space_id);
    if (!s || !policy_space(actor, ACT_READ_SPACE, s)) return err_fail(e, ERR_NOT_FOUND, NULL, N_("No such space."));
    int64_t now = db_now();
    struct db_stmt *st = db_prep(db, "SELECT e.item_id FROM events e JOIN items i ON i.id = e.item_id"
                                     " WHERE i.space_id = $1 AND i.draft = 0 AND (i.deleted_at IS NULL OR i.deleted_at > $2)"
                                     " AND e.ends_at > $3 ORDER BY e.starts_at, e.item_id LIMIT $4");
    db_bind_int(st, 1, space_id);
    db_bind_int(st, 2, now - CANCELLED_KEPT);
    db_bind_int(st, 3, now - WINDOW_PAST);
    db_bind_int(st, 4, EVENT_FEED_MAX);
    return collect(db, a, actor, st, out, n);
}

int event_feed_person(struct db *db, struct arena *a, const struct person *actor, int64_t person_id, struct item ***out,
                      int *n, struct err *e) {
    int64_t now = db_now();
    struct db_stmt *st = db_prep(db, "SELECT e.item_id FROM events e JOIN items i ON i.id = e.item_id"
                                     " WHERE i.draft = 0 AND (i.deleted_at IS NULL OR i.deleted_at > $2) AND e.ends_at > $3"
                                     " AND (i.author_id = $1 OR EXISTS (SELECT 1 FROM event_rsvps r WHERE r.item_id = e.item_id"
                                     " AND r.person_id = $1 AND r.answer IN ('yes', 'maybe')))"
                                     " ORDER BY e.starts_at, e.item_id LIMIT $4");
    db_bind_int(st, 1, person_id);
    db_bind_int(st, 2, now - CANCELLED_KEPT);
    db_bind_int(st, 3, now - WINDOW_PAST);
    db_bind_int(st, 4, EVENT_FEED_MAX);
    return collect(db, a, actor, st, out, n);
}
