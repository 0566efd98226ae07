/* A bounded, thread-safe cache from an id to an immutable blob of bytes,
 * for the hot read paths (people shown as authors, items in streams).
 * Striped locks; each stripe has a version bumped by every drop, so a
 * reader that loaded from the database while a change happened does not
 * cache what it read; entries also expire after a time to live, which
 * bounds staleness from changes this process is not told about. */
#ifndef RUCHE_IDCACHE_H
#define RUCHE_IDCACHE_H
#include <stddef.h>
#include <stdint.h>

#include "lib/arena.h"

struct idcache;

/* ttl in seconds; capacity is the number of entries kept at most. */
struct idcache *idcache_new(int ttl, int capacity);
void idcache_free(struct idcache *c);
/* A copy (in the arena, aligned for any type) of the blob for id, or NULL. */
void *idcache_get(struct idcache *c, int64_t id, struct arena *a, size_t *len);
/* The version to pass to idcache_put for a load that starts now. */
uint64_t idcache_version(struct idcache *c, int64_t id);
/* Stores a copy of the blob unless id changed since `version`. */
void idcache_put(struct idcache *c, int64_t id, uint64_t version, const void *blob, size_t len);
void idcache_drop(struct idcache *c, int64_t id);
void idcache_clear(struct idcache *c);

/* For blobs holding a struct and its strings: appends s (with its NUL, ""
 * for NULL) to b and returns its offset, to store in place of the pointer;
 * after idcache_get, IDCACHE_FIX turns such an offset back into a pointer. */
struct buf;
size_t idcache_str(struct buf *b, const char *s);
#define IDCACHE_FIX(base, field) ((field) = (base) + (uintptr_t)(field))

#endif
