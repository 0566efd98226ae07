/* Items as streams show them (row and tags), cached in memory so a page of
 * twenty posts reads only what changed. Dropped on BUS_ITEM_UPDATED (edits,
 * new comments), BUS_ITEM_COUNTS (likes, removed comments) and
 * BUS_ITEM_DELETED; entries also expire after a minute. */
#include <stdint.h>
#include <string.h>

#include "core/bus.h"
#include "core/items.h"
#include "lib/buf.h"
#include "lib/idcache.h"

static struct idcache *cache;

static void on_bus(const struct bus_event *ev, void *ctx) {
    if (!cache) return;
    if (ev->kind == BUS_ITEM_UPDATED || ev->kind == BUS_ITEM_COUNTS || ev->kind == BUS_ITEM_DELETED)
        idcache_drop(cache, ev->item);
}

void item_cache_start(void) {
    static int registered;
    if (cache) return;
    cache = idcache_new(60, 50000);
    if (!registered) bus_listen(on_bus, NULL);
    registered = 1;
}

void item_cache_stop(void) {
    idcache_free(cache);
    cache = NULL;
}

/* A blob: the struct with each string replaced by its offset in the blob,
 * then the strings, then the tag offsets. */
#define put_str idcache_str
#define OFF(p) ((const char *)(uintptr_t)(p))

void item_cache_put(int64_t id, uint64_t version, const struct item *it) {
    if (!cache) return;
    struct buf b = {0};
    struct item copy = *it;
    copy.author = NULL;
    copy.space = NULL;
    buf_append(&b, &copy, sizeof copy);
    size_t type = put_str(&b, it->type), title = put_str(&b, it->title), body = put_str(&b, it->body),
           html = put_str(&b, it->body_html), data = it->data ? put_str(&b, it->data) : 0;
    size_t tags[64];
    int nt = it->ntags < 64 ? it->ntags : 64;
    for (int i = 0; i < nt; i++) tags[i] = put_str(&b, it->tags[i]);
    while (b.len % sizeof(size_t)) buf_putc(&b, 0);
    size_t tag_table = b.len;
    buf_append(&b, tags, sizeof *tags * (size_t)nt);
    struct item *p = (struct item *)b.data;
    p->type = OFF(type);
    p->title = OFF(title);
    p->body = OFF(body);
    p->body_html = OFF(html);
    p->data = it->data ? OFF(data) : NULL;
    p->tags = (const char **)(uintptr_t)tag_table;
    p->ntags = nt;
    idcache_put(cache, id, version, b.data, b.len);
    buf_free(&b);
}

uint64_t item_cache_version(int64_t id) { return cache ? idcache_version(cache, id) : 0; }

struct item *item_cache_get(struct arena *a, int64_t id) {
    if (!cache) return NULL;
    size_t len;
    char *base = idcache_get(cache, id, a, &len);
    if (!base) return NULL;
    struct item *it = (struct item *)base;
    IDCACHE_FIX(base, it->type);
    IDCACHE_FIX(base, it->title);
    IDCACHE_FIX(base, it->body);
    IDCACHE_FIX(base, it->body_html);
    if (it->data) IDCACHE_FIX(base, it->data);
    size_t *offs = (size_t *)(base + (uintptr_t)it->tags);
    const char **tags = arena_alloc(a, sizeof *tags * (size_t)(it->ntags + 1));
    for (int i = 0; i < it->ntags; i++) tags[i] = base + offs[i];
    it->tags = tags;
    it->author = NULL;
    it->space = NULL;
    it->liked_by_me = 0;
    return it;
}
