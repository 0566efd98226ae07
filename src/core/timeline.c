/* Timeline index (see timeline.h). Four maps from an id to a sorted list of
 * ids: an author's newest items, a space's newest items, a person's
 * mentions, a person's followees. Each map is split in stripes, each under its own lock, with a
 * version bumped by every event touching it: a loader that read the
 * database while an event arrived drops what it read instead of caching a
 * stale list. */
#include "core/timeline.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include "core/bus.h"
#include "db/db.h"

#define RECENT 48          /* newest items kept per author and per mentioned person */
#define STRIPES 64
#define MAX_FOLLOWEES 5000 /* a home stream merges at most this many authors */
#define MAX_ENTRIES 200000 /* per map; beyond, a stripe is emptied */

struct list {
    int64_t key;
    int n, cap;
    int complete;  /* the list holds every id there is (no older ones) */
    int64_t *ids;  /* items: newest first; followees: ascending */
    struct list *next;
};

#define BUCKETS 4096 /* per stripe: short chains with 100,000 authors loaded */

struct stripe {
    pthread_mutex_t lock;
    uint64_t version;
    struct list *buckets[BUCKETS];
    int count;
};

struct map {
    struct stripe stripes[STRIPES];
};

static struct map authors, mentions, followees, space_items;
static pthread_once_t init_once = PTHREAD_ONCE_INIT;

static void init_locks(void) {
    struct map *maps[] = {&authors, &mentions, &followees, &space_items};
    for (int m = 0; m < 4; m++)
        for (int i = 0; i < STRIPES; i++) pthread_mutex_init(&maps[m]->stripes[i].lock, NULL);
}

static struct stripe *stripe_of(struct map *m, int64_t key) { return &m->stripes[(uint64_t)key % STRIPES]; }
static struct list **bucket_of(struct stripe *s, int64_t key) { return &s->buckets[((uint64_t)key / STRIPES) % BUCKETS]; }

static void free_list(struct list *l) {
    free(l->ids);
    free(l);
}

static void clear_stripe(struct stripe *s) {
    for (int b = 0; b < BUCKETS; b++) {
        struct list *l = s->buckets[b];
        while (l) {
            struct list *n = l->next;
            free_list(l);
            l = n;
        }
        s->buckets[b] = NULL;
    }
    s->count = 0;
}

static struct list *find(struct stripe *s, int64_t key) {
    for (struct list *l = *bucket_of(s, key); l; l = l->next)
        if (l->key == key) return l;
    return NULL;
}

static void drop(struct map *m, int64_t key) {
    struct stripe *s = stripe_of(m, key);
    pthread_mutex_lock(&s->lock);
    s->version++;
    for (struct list **p = bucket_of(s, key); *p; p = &(*p)->next)
        if ((*p)->key == key) {
            struct list *l = *p;
            *p = l->next;
            free_list(l);
            s->count--;
            break;
        }
    pthread_mutex_unlock(&s->lock);
}

/* Under the stripe lock: unlink and free a list. */
static void unlink_list(struct stripe *s, struct list *l) {
    for (struct list **p = bucket_of(s, l->key); *p; p = &(*p)->next)
        if (*p == l) {
            *p = l->next;
            free_list(l);
            s->count--;
            return;
        }
}

/* A new item id for a key's newest-first list, if the list is loaded. An id
 * older than the newest one (commits out of id order, on several nodes)
 * drops the list: the next reader loads it afresh. */
static void prepend(struct map *m, int64_t key, int64_t id) {
    struct stripe *s = stripe_of(m, key);
    pthread_mutex_lock(&s->lock);
    s->version++;
    struct list *l = find(s, key);
    if (l && (l->n == 0 || id > l->ids[0])) {
        int keep = l->n < RECENT ? l->n : RECENT - 1;
        if (l->n >= RECENT) l->complete = 0; /* the oldest falls off the end */
        memmove(l->ids + 1, l->ids, sizeof *l->ids * (size_t)keep);
        l->ids[0] = id;
        l->n = keep + 1;
    } else if (l) {
        unlink_list(s, l);
    }
    pthread_mutex_unlock(&s->lock);
}

enum source { AUTHOR, MENTIONS, FOLLOWEES, SPACE };

/* Reads a list from the database into ids (capacity cap); sets *complete. */
static int load(struct db *db, enum source kind, int64_t key, int64_t *ids, int cap, int *complete) {
    struct db_stmt *st;
    if (kind == AUTHOR)
        st = db_prep(db, "SELECT id FROM items WHERE author_id = $1 AND deleted_at IS NULL ORDER BY id DESC LIMIT $2");
    else if (kind == SPACE)
        st = db_prep(db, "SELECT id FROM items WHERE space_id = $1 AND deleted_at IS NULL ORDER BY id DESC LIMIT $2");
    else if (kind == MENTIONS)
        st = db_prep(db, "SELECT m.item_id FROM item_mentions m JOIN items i ON i.id = m.item_id"
                         " AND i.deleted_at IS NULL WHERE m.person_id = $1 ORDER BY m.item_id DESC LIMIT $2");
    else
        st = db_prep(db, "SELECT followee_id FROM follows WHERE follower_id = $1 ORDER BY followee_id LIMIT $2");
    db_bind_int(st, 1, key);
    db_bind_int(st, 2, cap + 1);
    int n = 0;
    enum db_result r;
    while ((r = db_step(st)) == DB_ROW) {
        if (n == cap) {
            n++;
            break;
        }
        ids[n++] = db_col_int(st, 0);
    }
    db_done(st);
    if (r == DB_ERROR) return -1;
    *complete = n <= cap;
    return n <= cap ? n : cap;
}

/* Index of the first id older than `before` in a newest-first list. */
static int first_older(const int64_t *ids, int n, int64_t before) {
    int lo = 0, hi = n;
    while (lo < hi) {
        int mid = (lo + hi) / 2;
        if (ids[mid] >= before) lo = mid + 1;
        else hi = mid;
    }
    return lo;
}

/* Copies into out (capacity cap) the ids of key's list that are older than
 * `before` (newest-first lists; 0 for the ascending followee lists: all),
 * loading the list if needed. *complete says no older ids exist beyond what
 * was copied. Returns the count, or -1 on a database error. */
static int get(struct map *m, struct db *db, enum source kind, int64_t key, int64_t before, int64_t *out, int cap,
               int *complete) {
    struct stripe *s = stripe_of(m, key);
    pthread_mutex_lock(&s->lock);
    struct list *l = find(s, key);
    if (l) {
        int from = before ? first_older(l->ids, l->n, before) : 0;
        int n = l->n - from < cap ? l->n - from : cap;
        memcpy(out, l->ids + from, sizeof *out * (size_t)n);
        *complete = l->complete && from + n == l->n;
        pthread_mutex_unlock(&s->lock);
        return n;
    }
    uint64_t version = s->version;
    pthread_mutex_unlock(&s->lock);
    int limit = kind == FOLLOWEES ? MAX_FOLLOWEES : RECENT;
    int64_t *all = kind == FOLLOWEES ? out : malloc(sizeof *all * RECENT);
    if (!all) return -1;
    int n = load(db, kind, key, all, kind == FOLLOWEES ? (cap < limit ? cap : limit) : RECENT, complete);
    if (n < 0) {
        if (all != out) free(all);
        return -1;
    }
    pthread_mutex_lock(&s->lock);
    if (s->version == version && !find(s, key)) {
        if (s->count >= MAX_ENTRIES / STRIPES) clear_stripe(s);
        struct list *nl = calloc(1, sizeof *nl);
        int64_t *ids = malloc(sizeof *ids * (size_t)(kind == FOLLOWEES ? (n ? n : 1) : RECENT));
        if (nl && ids) {
            memcpy(ids, all, sizeof *ids * (size_t)n);
            nl->key = key;
            nl->n = n;
            nl->cap = kind == FOLLOWEES ? n : RECENT;
            nl->complete = *complete;
            nl->ids = ids;
            struct list **b = bucket_of(s, key);
            nl->next = *b;
            *b = nl;
            s->count++;
        } else {
            free(nl);
            free(ids);
        }
    }
    pthread_mutex_unlock(&s->lock);
    if (all == out) return n;
    int from = before ? first_older(all, n, before) : 0;
    int copied = n - from < cap ? n - from : cap;
    memcpy(out, all + from, sizeof *out * (size_t)copied);
    *complete = *complete && from + copied == n;
    free(all);
    return copied;
}

struct cursor {
    const int64_t *ids;
    int n, pos;
};

/* Max-heap of cursors by their current id. */
static void sift_down(struct cursor *h, int n, int i) {
    for (;;) {
        int l = 2 * i + 1, r = l + 1, big = i;
        if (l < n && h[l].ids[h[l].pos] > h[big].ids[h[big].pos]) big = l;
        if (r < n && h[r].ids[h[r].pos] > h[big].ids[h[big].pos]) big = r;
        if (big == i) return;
        struct cursor t = h[i];
        h[i] = h[big];
        h[big] = t;
        i = big;
    }
}

static int listening; /* without bus events the lists would go stale */
static atomic_ullong hit_count, miss_count;

int timeline_home(struct db *db, int64_t person, const int64_t *spaces, int nspaces, int64_t before, int64_t after,
                  int want, int64_t *ids) {
    if (!listening || want > RECENT) return -1; /* more than a list holds: SQL */
    pthread_once(&init_once, init_locks);
    int complete;
    int64_t *follow = malloc(sizeof *follow * MAX_FOLLOWEES);
    if (!follow) return -1;
    int nf = get(&followees, db, FOLLOWEES, person, 0, follow, MAX_FOLLOWEES, &complete);
    if (nf < 0 || !complete) {
        free(follow);
        atomic_fetch_add(&miss_count, 1);
        return -1;
    }
    int nsources = nf + 2 + nspaces; /* followees, oneself, mentions, spaces */
    int64_t *pool = malloc(sizeof *pool * (size_t)nsources * (size_t)want);
    struct cursor *heap = malloc(sizeof *heap * (size_t)nsources);
    if (!pool || !heap) {
        free(follow);
        free(pool);
        free(heap);
        return -1;
    }
    int nh = 0, failed = 0;
    int64_t floor = 0; /* ids below the oldest known id of a truncated list are unsure */
    for (int i = 0; i < nsources && !failed; i++) {
        int64_t *dst = pool + (size_t)i * (size_t)want;
        /* only the `want` ids below `before` can matter to this page */
        int n = i < nf       ? get(&authors, db, AUTHOR, follow[i], before, dst, want, &complete)
                : i == nf     ? get(&authors, db, AUTHOR, person, before, dst, want, &complete)
                : i == nf + 1 ? get(&mentions, db, MENTIONS, person, before, dst, want, &complete)
                              : get(&space_items, db, SPACE, spaces[i - nf - 2], before, dst, want, &complete);
        if (n < 0) {
            failed = 1;
            break;
        }
        if (!complete) {
            /* ids below what was copied are unknown (an empty copy: all
             * known ids are newer than `before`, nothing below is known) */
            int64_t known = n ? dst[n - 1] : before;
            if (known > floor) floor = known;
        }
        if (n && dst[0] > after) heap[nh++] = (struct cursor){dst, n, 0};
    }
    int count = 0;
    if (!failed) {
        for (int i = nh / 2 - 1; i >= 0; i--) sift_down(heap, nh, i);
        int64_t last = INT64_MAX;
        while (nh && count < want) {
            int64_t id = heap[0].ids[heap[0].pos];
            if (id < floor || id <= after) break;
            if (id != last) ids[count++] = last = id; /* an id may come from several lists */
            if (++heap[0].pos == heap[0].n || heap[0].ids[heap[0].pos] <= after) heap[0] = heap[--nh];
            sift_down(heap, nh, 0);
        }
        /* short of `want` while a truncated list may hide older ids */
        if (count < want && floor > after) failed = 1;
    }
    free(follow);
    free(pool);
    free(heap);
    atomic_fetch_add(failed ? &miss_count : &hit_count, 1);
    return failed ? -1 : count;
}

static void on_bus(const struct bus_event *ev, void *ctx) {
    pthread_once(&init_once, init_locks);
    switch (ev->kind) {
    case BUS_ITEM_CREATED:
        prepend(&authors, ev->person, ev->item);
        if (ev->space) prepend(&space_items, ev->space, ev->item);
        break;
    case BUS_MENTIONED: prepend(&mentions, ev->person, ev->item); break;
    case BUS_ITEM_DELETED:
        drop(&authors, ev->person);
        if (ev->space) drop(&space_items, ev->space);
        break;
    case BUS_FOLLOW_CHANGED: drop(&followees, ev->person); break;
    default: break;
    }
}

void timeline_start(void) {
    static int registered;
    if (!registered) bus_listen(on_bus, NULL);
    registered = 1;
    listening = 1;
}

void timeline_stats(uint64_t *hits, uint64_t *misses) {
    *hits = atomic_load(&hit_count);
    *misses = atomic_load(&miss_count);
}

void timeline_reset(void) {
    pthread_once(&init_once, init_locks);
    listening = 0;
    struct map *maps[] = {&authors, &mentions, &followees, &space_items};
    for (int m = 0; m < 4; m++)
        for (int i = 0; i < STRIPES; i++) {
            pthread_mutex_lock(&maps[m]->stripes[i].lock);
            clear_stripe(&maps[m]->stripes[i]);
            maps[m]->stripes[i].version++;
            pthread_mutex_unlock(&maps[m]->stripes[i].lock);
        }
}
