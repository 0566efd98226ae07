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

void bus_publish(const struct bus_event *ev) {
    for (int i = 0; i < nlisteners; i++) listeners[i].fn(ev, listeners[i].ctx);
}

void bus_reset(void) { nlisteners = 0; }
