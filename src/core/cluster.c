/* The relay of bus events between nodes (see cluster.h). A payload is
 * "1 NODE KIND ITEM PERSON OTHER SPACE"; a node ignores its own. The
 * listening connection reconnects after a PostgreSQL restart; events sent
 * while it was down are lost, so the caches it feeds also expire. */
#include "core/cluster.h"

#include <inttypes.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/bus.h"
#include "db/db.h"
#include "lib/crypto.h"

#define CHANNEL "ruche_events"

static uint64_t node_id;
static char *url;
static pthread_t listener;
static volatile int stopping, running;

static void relay(const struct bus_event *ev) {
    struct db *db = db_thread();
    if (!db) return;
    char payload[160];
    snprintf(payload, sizeof payload, "1 %" PRIu64 " %d %" PRId64 " %" PRId64 " %" PRId64 " %" PRId64, node_id,
             (int)ev->kind, ev->item, ev->person, ev->other, ev->space);
    db_notify(db, CHANNEL, payload);
}

static void *listen_loop(void *arg) {
    while (!stopping) {
        char err[256];
        struct db *db = db_open(url, err, sizeof err);
        if (!db || db_listen(db, CHANNEL)) {
            if (db) db_close(db);
            fprintf(stderr, "ruche: cluster: cannot listen (%s); retrying\n", db ? "LISTEN failed" : err);
            nanosleep(&(struct timespec){1, 0}, NULL);
            continue;
        }
        char payload[256];
        int rc;
        while (!stopping && (rc = db_wait_notification(db, 500, payload, sizeof payload)) >= 0) {
            if (rc == 0) continue;
            uint64_t from;
            int kind;
            struct bus_event ev = {0};
            if (sscanf(payload, "1 %" SCNu64 " %d %" SCNd64 " %" SCNd64 " %" SCNd64 " %" SCNd64, &from, &kind,
                       &ev.item, &ev.person, &ev.other, &ev.space) != 6)
                continue;
            if (from == node_id || kind < 0 || kind >= BUS_KIND__MAX) continue;
            ev.kind = (enum bus_kind)kind;
            bus_deliver(&ev);
        }
        db_close(db);
        if (!stopping) fprintf(stderr, "ruche: cluster: connection lost; reconnecting\n");
    }
    db_thread_close(); /* the connection listeners used on this thread */
    return NULL;
}

int cluster_start(const char *db_url) {
    if (!db_is_postgres(db_url) || running) return 0;
    node_id = random_u64();
    url = strdup(db_url);
    stopping = 0;
    if (!url || pthread_create(&listener, NULL, listen_loop, NULL)) return -1;
    running = 1;
    bus_set_relay(relay);
    return 0;
}

void cluster_stop(void) {
    if (!running) return;
    bus_set_relay(NULL);
    stopping = 1;
    pthread_join(listener, NULL);
    running = 0;
    free(url);
    url = NULL;
}
