/* The event bus: core announces what happened (an item was posted, a
 * notification arrived); listeners (live streams, caches, later webhooks and
 * other nodes) react. Core knows nothing of who listens. */
#ifndef RUCHE_BUS_H
#define RUCHE_BUS_H
#include <stdint.h>

enum bus_kind {
    BUS_ITEM_CREATED,   /* item, author, space */
    BUS_ITEM_UPDATED,   /* item (other: the new comment's id when a comment was added) */
    BUS_ITEM_DELETED,   /* item, author */
    BUS_ITEM_COUNTS,    /* item: its like or comment count changed */
    BUS_NOTIFICATION,   /* person: their unread count changed */
    BUS_FOLLOW_CHANGED, /* person (follower), other (followee) */
    BUS_PERSON_CHANGED, /* person: profile or account changed */
    BUS_MENTIONED,      /* person was mentioned in item */
    BUS_SPACE_CHANGED,  /* space: created, edited, archived, restored, deleted (other: 1 if who may see it changed) */
    BUS_MEMBERSHIP_CHANGED, /* person's role in space changed (joined, left, invited...) */
    BUS_KIND__MAX
};

struct bus_event {
    enum bus_kind kind;
    int64_t item, person, other, space;
};

typedef void (*bus_listener)(const struct bus_event *ev, void *ctx);

/* Registers a listener (at start-up, before threads). */
void bus_listen(bus_listener fn, void *ctx);
/* Delivers an event to every listener, synchronously. Call it after the
 * transaction that made the change has committed. */
void bus_publish(const struct bus_event *ev);
/* Hands every published event to `relay` too (set once at start-up, by
 * core/cluster.c, to reach the other nodes). */
void bus_set_relay(void (*relay)(const struct bus_event *ev));
/* Delivers an event to the local listeners only (events from other nodes). */
void bus_deliver(const struct bus_event *ev);
/* 1 while the listeners run for an event that came from another node
 * (bus_deliver), 0 for one published here: work to do once per event
 * (webhooks) is done by the node where it happened. */
int bus_delivering_remote(void);
/* Drops every listener (shutdown, tests). */
void bus_reset(void);

#endif
