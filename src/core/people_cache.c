/* A cache of people as authors and the signed-in actor are used (id,
 * e-mail, handle, name, role, state, title, department, language, photo),
 * so a page of twenty posts does not read twenty profiles. Entries are
 * dropped on BUS_PERSON_CHANGED and expire after 30 s, which bounds
 * staleness from changes made by other processes (the CLI). */
#include <stdint.h>
#include <string.h>

#include "core/bus.h"
#include "core/people.h"
#include "lib/buf.h"
#include "lib/idcache.h"

static struct idcache *cache;

static void on_bus(const struct bus_event *ev, void *ctx) {
    if (cache && ev->kind == BUS_PERSON_CHANGED) idcache_drop(cache, ev->person);
}

void people_cache_start(void) {
    static int registered;
    if (!cache) cache = idcache_new(30, 100000);
    if (!registered) bus_listen(on_bus, NULL);
    registered = 1;
}

void people_cache_reset(void) {
    if (cache) idcache_clear(cache);
}

#define OFF(o) ((const char *)(uintptr_t)(o))

static void put(int64_t id, uint64_t version, const struct person *p) {
    struct buf b = {0};
    struct person copy = *p;
    buf_append(&b, &copy, sizeof copy);
    size_t email = idcache_str(&b, p->email), handle = idcache_str(&b, p->handle), name = idcache_str(&b, p->name),
           title = idcache_str(&b, p->title), dept = idcache_str(&b, p->department),
           lang = p->lang ? idcache_str(&b, p->lang) : 0;
    struct person *c = (struct person *)b.data;
    c->email = OFF(email);
    c->handle = OFF(handle);
    c->name = OFF(name);
    c->title = OFF(title);
    c->department = OFF(dept);
    c->lang = p->lang ? OFF(lang) : NULL;
    c->location = c->phone = c->bio = NULL;
    c->expertise = NULL;
    c->nexpertise = 0;
    c->spaces = NULL;
    c->nspaces = c->spaces_loaded = 0;
    idcache_put(cache, id, version, b.data, b.len);
    buf_free(&b);
}

struct person *people_cached(struct db *db, struct arena *a, int64_t id) {
    if (!cache) return people_get(db, a, id);
    char *base = idcache_get(cache, id, a, NULL);
    if (base) {
        struct person *p = (struct person *)base;
        IDCACHE_FIX(base, p->email);
        IDCACHE_FIX(base, p->handle);
        IDCACHE_FIX(base, p->name);
        IDCACHE_FIX(base, p->title);
        IDCACHE_FIX(base, p->department);
        if (p->lang) IDCACHE_FIX(base, p->lang);
        p->location = p->phone = p->bio = "";
        p->expertise = arena_alloc(a, sizeof *p->expertise);
        return p;
    }
    uint64_t version = idcache_version(cache, id);
    struct person *p = people_get(db, a, id);
    if (p) put(id, version, p);
    return p;
}
