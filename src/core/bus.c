/* In-process event bus: a fixed list of listeners, registered at start-up,
 * so publishing needs no lock. */
#include "core/bus.h"

#include <stddef.h>

#define MAX_LISTENERS 16

static struct {
    bus_listener fn;
    void *ctx;
} listeners[MAX_LISTENERS];
static int nlisteners;

void bus_listen(bus_listener fn, void *ctx) {
    if (nlisteners < MAX_LISTENERS) {
        listeners[nlisteners].fn = fn;
        listeners[nlisteners].ctx = ctx;
        nlisteners++;
    }
}

static void (*relay_fn)(const struct bus_event *ev);

void bus_set_relay(void (*relay)(const struct bus_event *ev)) { relay_fn = relay; }

static _Thread_local int remote;

static void deliver(const struct bus_event *ev, int from_remote) {
    int was = remote;
    remote = from_remote;
    for (int i = 0; i < nlisteners; i++) listeners[i].fn(ev, listeners[i].ctx);
    remote = was;
}

int bus_delivering_remote(void) { return remote; }

void bus_deliver(const struct bus_event *ev) { deliver(ev, 1); }

void bus_publish(const struct bus_event *ev) {
    deliver(ev, 0);
    if (relay_fn) relay_fn(ev);
}

void bus_reset(void) {
    nlisteners = 0;
    relay_fn = NULL;
}
