/* idcache (see idcache.h): open addressing per stripe, cleared whole when
 * three quarters full (simple, bounded, and rare at the sizes used). */
#include "lib/idcache.h"

#include "lib/buf.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define STRIPES 32

struct slot {
    int64_t id; /* 0: empty */
    int live;   /* 0: dropped (the slot keeps probe chains intact) */
    int64_t loaded_at;
    void *blob;
    size_t len;
};

struct stripe {
    pthread_mutex_t lock;
    uint64_t version;
    struct slot *slots;
    int used;
};

struct idcache {
    int ttl, slots_per_stripe;
    struct stripe stripes[STRIPES];
};

static int64_t now_s(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC_COARSE, &ts);
    return ts.tv_sec;
}

struct idcache *idcache_new(int ttl, int capacity) {
    struct idcache *c = calloc(1, sizeof *c);
    if (!c) return NULL;
    c->ttl = ttl;
    c->slots_per_stripe = capacity / STRIPES * 4 / 3 + 16;
    for (int i = 0; i < STRIPES; i++) {
        pthread_mutex_init(&c->stripes[i].lock, NULL);
        c->stripes[i].slots = calloc((size_t)c->slots_per_stripe, sizeof(struct slot));
        if (!c->stripes[i].slots) {
            idcache_free(c);
            return NULL;
        }
    }
    return c;
}

static void clear_stripe(struct idcache *c, struct stripe *s) {
    for (int i = 0; i < c->slots_per_stripe; i++) free(s->slots[i].blob);
    memset(s->slots, 0, sizeof *s->slots * (size_t)c->slots_per_stripe);
    s->used = 0;
}

void idcache_free(struct idcache *c) {
    if (!c) return;
    for (int i = 0; i < STRIPES; i++) {
        if (c->stripes[i].slots) clear_stripe(c, &c->stripes[i]);
        free(c->stripes[i].slots);
        pthread_mutex_destroy(&c->stripes[i].lock);
    }
    free(c);
}

static struct stripe *stripe_of(struct idcache *c, int64_t id) { return &c->stripes[(uint64_t)id % STRIPES]; }

/* Under the lock: the slot holding id, or the empty slot ending its chain. */
static struct slot *find(struct idcache *c, struct stripe *s, int64_t id) {
    int n = c->slots_per_stripe;
    for (int i = 0, h = (int)(((uint64_t)id / STRIPES) % (uint64_t)n); i < n; i++) {
        struct slot *sl = &s->slots[(h + i) % n];
        if (!sl->id || sl->id == id) return sl;
    }
    return NULL;
}

void *idcache_get(struct idcache *c, int64_t id, struct arena *a, size_t *len) {
    struct stripe *s = stripe_of(c, id);
    pthread_mutex_lock(&s->lock);
    struct slot *sl = find(c, s, id);
    void *copy = NULL;
    if (sl && sl->id == id && sl->live && now_s() - sl->loaded_at < c->ttl) {
        copy = arena_alloc(a, sl->len ? sl->len : 1);
        memcpy(copy, sl->blob, sl->len);
        if (len) *len = sl->len;
    }
    pthread_mutex_unlock(&s->lock);
    return copy;
}

uint64_t idcache_version(struct idcache *c, int64_t id) {
    struct stripe *s = stripe_of(c, id);
    pthread_mutex_lock(&s->lock);
    uint64_t v = s->version;
    pthread_mutex_unlock(&s->lock);
    return v;
}

void idcache_put(struct idcache *c, int64_t id, uint64_t version, const void *blob, size_t len) {
    void *mine = malloc(len ? len : 1);
    if (!mine) return;
    memcpy(mine, blob, len);
    struct stripe *s = stripe_of(c, id);
    pthread_mutex_lock(&s->lock);
    if (s->version != version) { /* changed while it was being read */
        pthread_mutex_unlock(&s->lock);
        free(mine);
        return;
    }
    if (s->used >= c->slots_per_stripe * 3 / 4) clear_stripe(c, s);
    struct slot *sl = find(c, s, id);
    if (!sl) {
        pthread_mutex_unlock(&s->lock);
        free(mine);
        return;
    }
    if (!sl->id) s->used++;
    free(sl->blob);
    *sl = (struct slot){.id = id, .live = 1, .loaded_at = now_s(), .blob = mine, .len = len};
    pthread_mutex_unlock(&s->lock);
}

void idcache_drop(struct idcache *c, int64_t id) {
    struct stripe *s = stripe_of(c, id);
    pthread_mutex_lock(&s->lock);
    s->version++;
    struct slot *sl = find(c, s, id);
    if (sl && sl->id == id) {
        free(sl->blob);
        sl->blob = NULL;
        sl->len = 0;
        sl->live = 0;
    }
    pthread_mutex_unlock(&s->lock);
}

void idcache_clear(struct idcache *c) {
    for (int i = 0; i < STRIPES; i++) {
        pthread_mutex_lock(&c->stripes[i].lock);
        clear_stripe(c, &c->stripes[i]);
        c->stripes[i].version++;
        pthread_mutex_unlock(&c->stripes[i].lock);
    }
}

size_t idcache_str(struct buf *b, const char *s) {
    size_t at = b->len;
    buf_append(b, s ? s : "", strlen(s ? s : "") + 1);
    return at;
}
