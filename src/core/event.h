/* Events: a start and an end (UTC seconds, given in an IANA time zone), a
 * place and/or an online link, an optional capacity; RSVPs yes / maybe / no
 * with a waiting list when full; calendar files (core/event_ics.c). */
#ifndef RUCHE_EVENT_H
#define RUCHE_EVENT_H
#include <stdint.h>

#include "core/errors.h"
#include "core/items.h"
#include "core/kinds.h"

extern const struct kind kind_event;

enum {
    EVENT_LOCATION_MAX = 200,   /* characters */
    EVENT_URL_MAX = 2000,       /* bytes of the online link */
    EVENT_CAPACITY_MAX = 100000,
    EVENT_ATTENDEES_MAX = 1000, /* listed at once */
    EVENT_FEED_MAX = 500,       /* events in one calendar feed */
};

struct event {
    int64_t item_id, starts_at, ends_at;
    const char *timezone, *location, *online_url;
    int64_t capacity; /* 0: no limit */
    int64_t going, maybe, declined, waiting; /* counts; going excludes the waiting list */
    const char *my_answer; /* the reader's answer, NULL when none */
    int my_waiting;        /* position on the waiting list (1 = next), 0 when not waiting */
};

/* The event's own row and counts, as `me` (NULL: anonymous) sees them; the
 * caller has already checked that `me` may read the item. NULL when the row
 * is missing. */
struct event *event_get(struct db *db, struct arena *a, const struct person *me, int64_t item_id);

/* Answers the event's invitation: "yes", "maybe", "no", or NULL to withdraw.
 * A "yes" when the event is full goes to the waiting list; when someone who
 * was going stops, the first waiting person is promoted and notified.
 * Errors: ERR_NOT_FOUND, ERR_FORBIDDEN, ERR_INVALID (answer), ERR_CONFLICT
 * (the event is over). */
int event_rsvp(struct db *db, struct arena *a, const struct person *actor, int64_t item_id, const char *answer,
               struct err *e);

struct event_attendee {
    struct person *person;
    const char *answer;
    int waiting;
};
/* Who answered (going first, then waiting in order, maybe, no), at most
 * EVENT_ATTENDEES_MAX. ERR_NOT_FOUND when `actor` may not read the event. */
int event_attendees(struct db *db, struct arena *a, const struct person *actor, int64_t item_id,
                    struct event_attendee **out, int *n, struct err *e);

/* A space's events that have not ended, soonest first; cursor "starts_at.id".
 * ERR_NOT_FOUND when `actor` may not read the space. */
int event_upcoming(struct db *db, struct arena *a, const struct person *actor, int64_t space_id, const char *cursor,
                   int limit, struct item ***out, int *n, const char **next, struct err *e);

/* Time zones: 1 when `tz` names a zone of the system's tz database. */
int event_zone_valid(const char *tz);
/* The wall-clock time of `t` in `tz` ("2026-06-01 09:30"); `iso` (may be
 * NULL) gets "2026-06-01T09:30" for a datetime-local input. */
const char *event_local_time(struct arena *a, const char *tz, int64_t t, const char **iso);
/* Parses RFC 3339 ("2026-06-01T09:30:00+02:00", "...Z") or, without an
 * offset, a wall-clock time in `tz` ("2026-06-01T09:30"); 0 or -1. */
int event_parse_time(const char *s, const char *tz, int64_t *out);

#endif
