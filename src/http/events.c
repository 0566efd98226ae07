/* The live-event hub. Subscribers live in one list under one mutex; the
 * work done under it is only memory: who may see an event is computed from
 * the database before taking the lock. A subscriber with nothing to send
 * suspends its connection from the content reader; a publisher resumes it. */
#include "http/events.h"

#include <microhttpd.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/bus.h"
#include "core/items.h"
#include "core/notify.h"
#include "core/policy.h"
#include "core/spaces.h"
#include "db/db.h"

#define PENDING_LIMIT (256 * 1024) /* a client this far behind is dropped */
#define PING_SECONDS 20

struct subscriber {
    struct MHD_Connection *conn;
    struct person who; /* id, role, disabled: enough for the policy */
    struct buf pending;
    size_t offset;
    int suspended, closed;
    struct subscriber *prev, *next;
};

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t wake = PTHREAD_COND_INITIALIZER; /* the pinger's alarm clock */
static struct subscriber *subs;
static int nsubs, stopping, started;
static pthread_t pinger;

/* Under lock: queue bytes and wake the connection. */
static void push(struct subscriber *s, const char *data, size_t len) {
    if (s->closed) {
        /* nothing more to send: just let the reader end the stream */
    } else if (s->pending.len - s->offset + len > PENDING_LIMIT) {
        s->closed = 1; /* too slow: the reader ends the stream */
    } else {
        buf_append(&s->pending, data, len);
    }
    if (s->suspended) {
        s->suspended = 0;
        MHD_resume_connection(s->conn);
    }
}

static ssize_t reader(void *cls, uint64_t pos, char *out, size_t max) {
    struct subscriber *s = cls;
    pthread_mutex_lock(&lock);
    if (s->closed || stopping) {
        pthread_mutex_unlock(&lock);
        return MHD_CONTENT_READER_END_OF_STREAM;
    }
    size_t avail = s->pending.len - s->offset;
    if (!avail) {
        s->suspended = 1;
        MHD_suspend_connection(s->conn);
        pthread_mutex_unlock(&lock);
        return 0;
    }
    size_t n = avail < max ? avail : max;
    memcpy(out, s->pending.data + s->offset, n);
    s->offset += n;
    if (s->offset == s->pending.len) {
        buf_reset(&s->pending);
        s->offset = 0;
    }
    pthread_mutex_unlock(&lock);
    return (ssize_t)n;
}

static void on_free(void *cls) {
    struct subscriber *s = cls;
    pthread_mutex_lock(&lock);
    if (s->prev) s->prev->next = s->next;
    else subs = s->next;
    if (s->next) s->next->prev = s->prev;
    nsubs--;
    pthread_mutex_unlock(&lock);
    buf_free(&s->pending);
    free(s);
}

int events_count(void) {
    pthread_mutex_lock(&lock);
    int n = nsubs;
    pthread_mutex_unlock(&lock);
    return n;
}

int events_handler(struct req *r) {
    struct subscriber *s = calloc(1, sizeof *s);
    if (!s) return resp_error(r, 503, NULL);
    s->conn = r->conn;
    s->who.id = r->me->id;
    s->who.role = r->me->role;
    char hello[96];
    int n = snprintf(hello, sizeof hello, "retry: 5000\nevent: notifications\ndata: {\"unread\":%d}\n\n",
                     notify_unread(db_thread(), r->me->id));
    buf_append(&s->pending, hello, (size_t)n);
    struct MHD_Response *resp = MHD_create_response_from_callback(MHD_SIZE_UNKNOWN, 4096, reader, s, on_free);
    if (!resp) {
        buf_free(&s->pending);
        free(s);
        return resp_error(r, 503, NULL);
    }
    pthread_mutex_lock(&lock);
    if (stopping) {
        pthread_mutex_unlock(&lock);
        MHD_destroy_response(resp);
        return resp_error(r, 503, NULL);
    }
    s->next = subs;
    if (subs) subs->prev = s;
    subs = s;
    nsubs++;
    pthread_mutex_unlock(&lock);
    r->stream_response = resp;
    r->content_type = "text/event-stream";
    resp_header(r, "Cache-Control", "no-cache");
    resp_header(r, "X-Accel-Buffering", "no");
    return 200;
}

static int cmp_id(const void *a, const void *b) {
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    return (x > y) - (x < y);
}

/* The roles held in one space of an item's chain (the space and its
 * parents), as (person, role) pairs ordered by person: with them the
 * policy can judge every subscriber from memory, under the hub's lock. */
struct chain_level {
    int64_t space;
    struct membership_row {
        int64_t person;
        enum space_role role;
    } *rows;
    size_t n;
};

static int cmp_row(const void *a, const void *b) {
    int64_t x = ((const struct membership_row *)a)->person, y = ((const struct membership_row *)b)->person;
    return (x > y) - (x < y);
}

static int load_chain(struct db *db, const struct space *s, struct chain_level *out) {
    int levels = 0;
    for (; s && levels <= SPACE_DEPTH_MAX; s = s->parent, levels++) {
        struct chain_level *l = &out[levels];
        l->space = s->id;
        size_t cap = 256;
        l->rows = malloc(cap * sizeof *l->rows);
        l->n = 0;
        struct db_stmt *st = db_prep(db, "SELECT person_id, role FROM space_members WHERE space_id = $1");
        db_bind_int(st, 1, s->id);
        while (l->rows && db_step(st) == DB_ROW) {
            if (l->n == cap) {
                struct membership_row *bigger = realloc(l->rows, cap * 2 * sizeof *bigger);
                if (!bigger) break;
                l->rows = bigger;
                cap *= 2;
            }
            enum space_role r = SROLE_NONE;
            space_role_parse(db_col_text(st, 1), &r);
            l->rows[l->n++] = (struct membership_row){db_col_int(st, 0), r};
        }
        db_done(st);
        if (l->rows) qsort(l->rows, l->n, sizeof *l->rows, cmp_row);
    }
    return levels;
}

/* Fills `list` (ordered by space id) with who's roles along the chain. */
static void chain_memberships(struct person *who, const struct chain_level *chain, int levels,
                              struct membership *list) {
    int n = 0;
    for (int i = 0; i < levels; i++) {
        struct membership_row key = {who->id, SROLE_NONE};
        const struct membership_row *row = chain[i].rows ? bsearch(&key, chain[i].rows, chain[i].n, sizeof key, cmp_row) : NULL;
        if (row) list[n++] = (struct membership){chain[i].space, row->role, VIS_PRIVATE};
    }
    for (int i = 1; i < n; i++) /* insertion sort: a handful of entries */
        for (int j = i; j > 0 && list[j - 1].space > list[j].space; j--) {
            struct membership t = list[j];
            list[j] = list[j - 1];
            list[j - 1] = t;
        }
    who->spaces = list;
    who->nspaces = n;
    who->spaces_loaded = 1;
}

/* A new item: tell each subscriber who may see it, with its streams. */
static void item_created(int64_t item_id) {
    struct db *db = db_thread();
    if (!db) return;
    struct arena a = {0};
    struct db_stmt *st = db_prep(db, "SELECT " ITEM_COLS " FROM items i WHERE i.id = $1");
    db_bind_int(st, 1, item_id);
    struct item *it = db_step(st) == DB_ROW ? item_from_row(&a, st) : NULL;
    db_done(st);
    if (!it) {
        arena_free(&a);
        return;
    }
    struct chain_level chain[SPACE_DEPTH_MAX + 1];
    int levels = 0;
    if (it->space_id) {
        it->space = space_cached(db, &a, it->space_id);
        if (!it->space) {
            arena_free(&a);
            return;
        }
        levels = load_chain(db, it->space, chain);
    }
    /* who has it in their home stream: followers, the author, the
     * mentioned, the space's members */
    size_t cap = 1024, n = 0;
    int64_t *home = malloc(cap * sizeof *home);
    st = db_prep(db, "SELECT follower_id FROM follows WHERE followee_id = $1"
                     " UNION SELECT person_id FROM item_mentions WHERE item_id = $2"
                     " UNION SELECT person_id FROM space_members WHERE space_id = $3"
                     "  AND role IN ('owner', 'moderator', 'member')");
    db_bind_int(st, 1, it->author_id);
    db_bind_int(st, 2, it->id);
    db_bind_int(st, 3, it->space_id);
    while (home && db_step(st) == DB_ROW) {
        if (n == cap) {
            int64_t *bigger = realloc(home, cap * 2 * sizeof *home);
            if (!bigger) break;
            home = bigger;
            cap *= 2;
        }
        home[n++] = db_col_int(st, 0);
    }
    db_done(st);
    if (home) qsort(home, n, sizeof *home, cmp_id);
    struct buf tags = {0};
    st = db_prep(db, "SELECT tag FROM item_tags WHERE item_id = $1 LIMIT 60");
    db_bind_int(st, 1, it->id);
    while (db_step(st) == DB_ROW) {
        json_t *s = json_pack("s+", "tag:", db_col_text(st, 0));
        char *q = json_dumps(s, JSON_ENCODE_ANY | JSON_ENSURE_ASCII);
        buf_printf(&tags, ",%s", q ? q : "\"\"");
        free(q);
        json_decref(s);
    }
    db_done(st);
    if (it->space_id) buf_printf(&tags, ",\"space:%lld\"", (long long)it->space_id);
    /* the company stream shows profile posts and the spaces every employee reads */
    int company = !it->space || it->space->visibility == VIS_INTERNAL || it->space->visibility == VIS_PUBLIC;
    char msg[4096];
    pthread_mutex_lock(&lock);
    for (struct subscriber *s = subs; s; s = s->next) {
        struct person who = s->who;
        struct membership roles[SPACE_DEPTH_MAX + 1];
        chain_memberships(&who, chain, levels, roles);
        if (!policy_item(&who, ACT_READ_ITEM, it)) continue;
        int in_home = who.id == it->author_id || (home && bsearch(&who.id, home, n, sizeof *home, cmp_id));
        int in_company = company && policy_allows(&who, ACT_BROWSE_DIRECTORY, NULL);
        int len = snprintf(msg, sizeof msg, "event: item\ndata: {\"id\":%lld,\"streams\":[\"person:%lld\"%s%s%s]}\n\n",
                           (long long)it->id, (long long)it->author_id, in_home ? ",\"home\"" : "",
                           in_company ? ",\"company\"" : "", tags.data ? tags.data : "");
        if (len > 0 && (size_t)len < sizeof msg) push(s, msg, (size_t)len);
    }
    pthread_mutex_unlock(&lock);
    for (int i = 0; i < levels; i++) free(chain[i].rows);
    buf_free(&tags);
    free(home);
    arena_free(&a);
}

static void notification(int64_t person) {
    struct db *db = db_thread();
    if (!db) return;
    char msg[96];
    int len = snprintf(msg, sizeof msg, "event: notifications\ndata: {\"unread\":%d}\n\n", notify_unread(db, person));
    pthread_mutex_lock(&lock);
    for (struct subscriber *s = subs; s; s = s->next)
        if (s->who.id == person) push(s, msg, (size_t)len);
    pthread_mutex_unlock(&lock);
}

/* A changed account (role, disabled) ends its streams: they reconnect with
 * fresh rights, or not at all. */
static void person_changed(int64_t person) {
    pthread_mutex_lock(&lock);
    for (struct subscriber *s = subs; s; s = s->next)
        if (s->who.id == person) {
            s->closed = 1;
            push(s, "", 0);
        }
    pthread_mutex_unlock(&lock);
}

static void on_bus(const struct bus_event *ev, void *ctx) {
    if (!started) return;
    switch (ev->kind) {
    case BUS_ITEM_CREATED: item_created(ev->item); break;
    case BUS_NOTIFICATION: notification(ev->person); break;
    case BUS_PERSON_CHANGED: person_changed(ev->person); break;
    default: break;
    }
}

/* Comments keep idle connections open through proxies and let MHD notice
 * clients that went away (writes fail). */
static void *ping_loop(void *arg) {
    pthread_mutex_lock(&lock);
    while (!stopping) {
        struct timespec until;
        clock_gettime(CLOCK_REALTIME, &until);
        until.tv_sec += PING_SECONDS;
        pthread_cond_timedwait(&wake, &lock, &until);
        if (stopping) break;
        for (struct subscriber *s = subs; s; s = s->next) push(s, ": ping\n\n", 8);
    }
    pthread_mutex_unlock(&lock);
    return NULL;
}

void events_start(void) {
    static int listening;
    if (!listening) bus_listen(on_bus, NULL);
    listening = 1;
    stopping = 0;
    started = 1;
    pthread_create(&pinger, NULL, ping_loop, NULL);
}

/* Under lock: every stream ends at its next read. */
static void close_all(void) {
    for (struct subscriber *s = subs; s; s = s->next) {
        s->closed = 1;
        if (s->suspended) {
            s->suspended = 0;
            MHD_resume_connection(s->conn);
        }
    }
}

void events_close_all(void) {
    pthread_mutex_lock(&lock);
    close_all();
    pthread_mutex_unlock(&lock);
}

void events_stop(void) {
    if (!started) return;
    pthread_mutex_lock(&lock);
    stopping = 1;
    close_all();
    pthread_cond_broadcast(&wake);
    pthread_mutex_unlock(&lock);
    pthread_join(pinger, NULL);
    /* MHD must see every stream end before the daemon stops */
    for (int i = 0; i < 200 && events_count() > 0; i++) nanosleep(&(struct timespec){0, 10 * 1000 * 1000}, NULL);
    started = 0;
}
