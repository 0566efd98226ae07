/* Calendars of events as iCalendar (RFC 5545), built with libical: one
 * event's .ics, a space's feed, a person's feed. Times are written in UTC,
 * which every client reads the same way; the zone the event was given in
 * is kept in its description page. */
#ifndef RUCHE_EVENT_ICS_H
#define RUCHE_EVENT_ICS_H
#include <stdint.h>

#include "core/errors.h"
#include "core/items.h"

/* The VCALENDAR of these event items (a deleted one is STATUS:CANCELLED);
 * base_url is the site's public URL (for URL and UID). */
const char *event_ics(struct db *db, struct arena *a, const char *base_url, const char *name, struct item **items, int n);

/* One event as `actor` may see it. ERR_NOT_FOUND otherwise. */
int event_ics_item(struct db *db, struct arena *a, const struct person *actor, int64_t item_id, struct item ***out,
                   int *n, struct err *e);
/* A space's events (ended less than 180 days ago, or to come; deleted in
 * the last 30 days as cancelled), at most EVENT_FEED_MAX. ERR_NOT_FOUND
 * when `actor` may not read the space. */
int event_feed_space(struct db *db, struct arena *a, const struct person *actor, int64_t space_id, struct item ***out,
                     int *n, struct err *e);
/* The events a person organises or said yes or maybe to, that `actor` may
 * read; same window. */
int event_feed_person(struct db *db, struct arena *a, const struct person *actor, int64_t person_id, struct item ***out,
                      int *n, struct err *e);

#endif
