/* Trending tags (see tags.h). The recent taggings — tag, item, its space,
 * author and draft flag — are read once and kept in memory, shared by every
 * reader, for a minute; new and edited posts make them read again within a
 * second, a deletion at once (what was deleted must not count for anyone);
 * each reader's answer is then kept a minute too (the home page shows it on
 * every visit); each reader's count then asks the policy about each tagging's
 * item as a bare item (author, space, draft), with the space from the
 * space cache, so a page shows exactly the tags of what its reader may see
 * without loading thousands of items per page. */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/bus.h"
#include "core/items.h"
#include "core/policy.h"
#include "core/spaces.h"
#include "core/tags.h"
#include "db/db.h"
#include "lib/buf.h"
#include "lib/i18n.h"
#include "lib/idcache.h"

enum { TTL = 60, TAG_MAX = 64 };

struct tagging {
    char tag[TAG_MAX];
    int64_t item, space, author;
    int draft;
};

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static struct tagging *rows;
static int nrows, cached_days;
static int64_t loaded_at; /* 0: nothing cached */
static int dirty;         /* posts came or changed since */
static int listening;
static struct idcache *answers; /* a reader's last answer, by person id (0: anonymous) */

static void on_bus(const struct bus_event *ev, void *ctx) {
    int gone = ev->kind == BUS_ITEM_DELETED || (ev->kind == BUS_SPACE_CHANGED && ev->other) ||
               ev->kind == BUS_MEMBERSHIP_CHANGED;
    pthread_mutex_lock(&lock);
    if (gone && ev->kind != BUS_MEMBERSHIP_CHANGED) loaded_at = 0;
    else if (ev->kind == BUS_ITEM_CREATED || ev->kind == BUS_ITEM_UPDATED) dirty = 1;
    pthread_mutex_unlock(&lock);
    /* what someone may see changed: their answers (or everyone's) go */
    if (answers && ev->kind == BUS_MEMBERSHIP_CHANGED) idcache_drop(answers, ev->person);
    else if (answers && gone) idcache_clear(answers);
}

void tags_trending_start(void) {
    if (!listening) bus_listen(on_bus, NULL);
    if (!answers) answers = idcache_new(TTL, 20000);
    listening = 1;
}

/* A kept answer: days, limit, n, then n (count, tag offset) pairs and the tags. */
struct kept {
    int days, limit, n;
    struct {
        int64_t count;
        size_t tag;
    } e[TAGS_LIMIT_MAX];
};

static int from_cache(struct arena *a, int64_t who, int days, int limit, struct tag_count **out, int *n) {
    char *base = answers ? idcache_get(answers, who, a, NULL) : NULL;
    if (!base) return 0;
    struct kept *k = (struct kept *)base;
    if (k->days != days || k->limit != limit) return 0;
    struct tag_count *list = arena_alloc(a, sizeof *list * (size_t)(k->n + 1));
    for (int i = 0; i < k->n; i++) list[i] = (struct tag_count){base + k->e[i].tag, k->e[i].count};
    *out = list;
    *n = k->n;
    return 1;
}

static void to_cache(int64_t who, uint64_t version, int days, int limit, const struct tag_count *list, int n) {
    if (!answers) return;
    struct kept k = {days, limit, n < TAGS_LIMIT_MAX ? n : TAGS_LIMIT_MAX, {{0, 0}}};
    struct buf b = {0};
    buf_append(&b, &k, sizeof k);
    for (int i = 0; i < k.n; i++) {
        size_t off = idcache_str(&b, list[i].tag);
        struct kept *p = (struct kept *)b.data;
        p->e[i].count = list[i].count;
        p->e[i].tag = off;
    }
    idcache_put(answers, who, version, b.data, b.len);
    buf_free(&b);
}

/* Under the lock: the taggings of the last `days`, read afresh when stale. */
static int refresh(struct db *db, int days) {
    int64_t now = db_now();
    if (loaded_at && cached_days == days && now - loaded_at < TTL && !(dirty && now > loaded_at)) return 0;
    dirty = 0;
    struct db_stmt *st = db_prep(db, "SELECT t.tag, t.item_id, coalesce(i.space_id, 0), i.author_id, i.draft"
                                     " FROM item_tags t JOIN items i ON i.id = t.item_id AND i.deleted_at IS NULL"
                                     " WHERE t.created_at >= $1 ORDER BY t.created_at DESC LIMIT $2");
    db_bind_int(st, 1, now - (int64_t)days * 86400);
    db_bind_int(st, 2, TAGS_TRENDING_SCAN);
    struct tagging *fresh = malloc(sizeof *fresh * TAGS_TRENDING_SCAN);
    int n = 0;
    enum db_result r;
    while (fresh && n < TAGS_TRENDING_SCAN && (r = db_step(st)) == DB_ROW) {
        const char *t = db_col_text(st, 0);
        if (!t || strlen(t) >= TAG_MAX) continue;
        strcpy(fresh[n].tag, t);
        fresh[n].item = db_col_int(st, 1);
        fresh[n].space = db_col_int(st, 2);
        fresh[n].author = db_col_int(st, 3);
        fresh[n].draft = (int)db_col_int(st, 4);
        n++;
    }
    db_done(st);
    if (!fresh) return -1;
    free(rows);
    rows = fresh;
    nrows = n;
    cached_days = days;
    /* while this process is not told of changes (the CLI, tests), read every time */
    loaded_at = listening ? now : 0;
    return 0;
}

static int by_tag(const void *x, const void *y) {
    return strcmp(((const struct tag_count *)x)->tag, ((const struct tag_count *)y)->tag);
}

static int by_count(const void *x, const void *y) {
    const struct tag_count *a = x, *b = y;
    if (a->count != b->count) return a->count > b->count ? -1 : 1;
    return strcmp(a->tag, b->tag);
}

/* Spaces met so far in one count, with their cached form (NULL: gone). */
struct memo {
    int64_t id;
    const struct space *space;
};

int tags_trending(struct db *db, struct arena *a, const struct person *actor, int days, int limit,
                  struct tag_count **out, int *n, struct err *e) {
    *out = NULL;
    *n = 0;
    if (days < 1 || days > TAGS_DAYS_MAX) return err_fail(e, ERR_INVALID, "days", N_("days is a number from 1 to 30."));
    if (limit < 1 || limit > TAGS_LIMIT_MAX) limit = 10;
    int64_t who = actor ? actor->id : 0;
    if (from_cache(a, who, days, limit, out, n)) return 0;
    uint64_t version = answers ? idcache_version(answers, who) : 0;
    pthread_mutex_lock(&lock);
    if (refresh(db, days)) {
        pthread_mutex_unlock(&lock);
        return err_fail(e, ERR_INTERNAL, NULL, N_("Not found."));
    }
    int m = nrows;
    struct tagging *copy = arena_alloc(a, sizeof *copy * (size_t)(m ? m : 1));
    memcpy(copy, rows, sizeof *copy * (size_t)m);
    pthread_mutex_unlock(&lock);
    struct tag_count *list = arena_alloc(a, sizeof *list * (size_t)(m + 1));
    struct memo memo[64];
    int nmemo = 0, k = 0;
    for (int i = 0; i < m; i++) {
        struct item bare = {.id = copy[i].item, .type = "", .author_id = copy[i].author, .space_id = copy[i].space,
                            .draft = copy[i].draft};
        if (bare.space_id) {
            int j = 0;
            while (j < nmemo && memo[j].id != bare.space_id) j++;
            if (j == nmemo) {
                const struct space *s = space_cached(db, a, bare.space_id);
                if (nmemo < 64) memo[nmemo++] = (struct memo){bare.space_id, s};
                bare.space = s;
            } else {
                bare.space = memo[j].space;
            }
        }
        /* drafts count for nobody, their authors included: a trend is shared */
        if (!bare.draft && policy_item(actor, ACT_READ_ITEM, &bare)) list[k++] = (struct tag_count){copy[i].tag, 1};
    }
    qsort(list, (size_t)k, sizeof *list, by_tag);
    int count = 0;
    for (int i = 0; i < k; i++) { /* runs of one tag: its count */
        if (count && !strcmp(list[count - 1].tag, list[i].tag)) list[count - 1].count++;
        else list[count++] = list[i];
    }
    qsort(list, (size_t)count, sizeof *list, by_count);
    *out = list;
    *n = count < limit ? count : limit;
    to_cache(who, version, days, limit, list, *n);
    return 0;
}
