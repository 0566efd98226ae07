/* A cache of people as authors and the signed-in actor are used (id,
 * e-mail, handle, name, role, state, title, department, language, photo),
 * so a page of twenty posts does not read twenty profiles. Entries are
 * dropped on BUS_PERSON_CHANGED; the map is striped and bounded. */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/bus.h"
#include "core/people.h"

#define STRIPES 32
#define SLOTS 1024 /* per stripe; a full stripe starts over */

#define TTL_SECONDS 30 /* bounds staleness from changes made by other processes */

struct entry {
    int64_t id;
    int64_t loaded_at;
    struct person p; /* strings point into text */
    char *text;
};

static struct {
    pthread_mutex_t lock;
    uint64_t version;
    struct entry slots[SLOTS];
    int used;
} stripes[STRIPES];

static pthread_once_t once = PTHREAD_ONCE_INIT;

static int64_t now_s(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC_COARSE, &ts);
    return ts.tv_sec;
}
static int listening;

static void init(void) {
    for (int i = 0; i < STRIPES; i++) pthread_mutex_init(&stripes[i].lock, NULL);
}

static void clear(int s) {
    for (int i = 0; i < SLOTS; i++) {
        free(stripes[s].slots[i].text);
        stripes[s].slots[i].text = NULL;
        stripes[s].slots[i].id = 0;
    }
    stripes[s].used = 0;
}

static void on_bus(const struct bus_event *ev, void *ctx) {
    if (ev->kind != BUS_PERSON_CHANGED) return;
    int s = (int)((uint64_t)ev->person % STRIPES);
    pthread_mutex_lock(&stripes[s].lock);
    stripes[s].version++;
    for (int i = 0; i < SLOTS; i++) {
        struct entry *e = &stripes[s].slots[((uint64_t)ev->person / STRIPES + (uint64_t)i) % SLOTS];
        if (!e->id) break;
        if (e->id == ev->person) {
            /* keep the probe chain intact: mark, not empty */
            e->p.id = 0;
            break;
        }
    }
    pthread_mutex_unlock(&stripes[s].lock);
}

void people_cache_start(void) {
    pthread_once(&once, init);
    if (!listening) bus_listen(on_bus, NULL);
    listening = 1;
}

void people_cache_reset(void) {
    pthread_once(&once, init);
    for (int s = 0; s < STRIPES; s++) {
        pthread_mutex_lock(&stripes[s].lock);
        clear(s);
        stripes[s].version++;
        pthread_mutex_unlock(&stripes[s].lock);
    }
}

static struct person *copy_out(struct arena *a, const struct person *p) {
    struct person *o = arena_alloc(a, sizeof *o);
    *o = *p;
    o->email = arena_strdup(a, p->email);
    o->handle = arena_strdup(a, p->handle);
    o->name = arena_strdup(a, p->name);
    o->title = arena_strdup(a, p->title);
    o->department = arena_strdup(a, p->department);
    o->location = o->phone = o->bio = "";
    o->lang = p->lang ? arena_strdup(a, p->lang) : NULL;
    o->expertise = arena_alloc(a, sizeof *o->expertise);
    o->nexpertise = 0;
    return o;
}

struct person *people_cached(struct db *db, struct arena *a, int64_t id) {
    if (!listening) return people_get(db, a, id);
    int s = (int)((uint64_t)id % STRIPES);
    pthread_mutex_lock(&stripes[s].lock);
    for (int i = 0; i < SLOTS; i++) {
        struct entry *e = &stripes[s].slots[((uint64_t)id / STRIPES + (uint64_t)i) % SLOTS];
        if (!e->id) break;
        if (e->id == id && e->p.id == id && now_s() - e->loaded_at < TTL_SECONDS) {
            struct person *o = copy_out(a, &e->p);
            pthread_mutex_unlock(&stripes[s].lock);
            return o;
        }
    }
    uint64_t version = stripes[s].version;
    pthread_mutex_unlock(&stripes[s].lock);
    struct person *p = people_get(db, a, id);
    if (!p) return NULL;
    size_t le = strlen(p->email) + 1, lh = strlen(p->handle) + 1, ln = strlen(p->name) + 1,
           lt = strlen(p->title) + 1, ld = strlen(p->department) + 1, ll = p->lang ? strlen(p->lang) + 1 : 0;
    char *text = malloc(le + lh + ln + lt + ld + ll);
    if (!text) return p;
    struct person c = *p;
    char *t = text;
    c.email = memcpy(t, p->email, le), t += le;
    c.handle = memcpy(t, p->handle, lh), t += lh;
    c.name = memcpy(t, p->name, ln), t += ln;
    c.title = memcpy(t, p->title, lt), t += lt;
    c.department = memcpy(t, p->department, ld), t += ld;
    c.lang = ll ? memcpy(t, p->lang, ll) : NULL;
    pthread_mutex_lock(&stripes[s].lock);
    if (stripes[s].version != version) {
        free(text); /* changed while we read it: do not cache */
    } else {
        if (stripes[s].used >= SLOTS * 3 / 4) clear(s);
        for (int i = 0; i < SLOTS; i++) {
            struct entry *e = &stripes[s].slots[((uint64_t)id / STRIPES + (uint64_t)i) % SLOTS];
            if (e->id && e->id != id) continue;
            if (!e->id) stripes[s].used++;
            free(e->text);
            e->id = id;
            e->loaded_at = now_s();
            e->p = c;
            e->text = text;
            break;
        }
    }
    pthread_mutex_unlock(&stripes[s].lock);
    return p;
}
