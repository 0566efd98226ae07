/* The in-memory index behind the home stream: for each author and each
 * space, the ids of their newest live items; for each person, the people
 * they follow and the newest items that mention them. Loaded lazily from the database, kept
 * current by bus events, bounded in size. A home page is then a k-way merge
 * in memory instead of a read of every followee's items. */
#ifndef RUCHE_TIMELINE_H
#define RUCHE_TIMELINE_H
#include <stdint.h>

struct db;

/* Registers the bus listener (once, at start-up). */
void timeline_start(void);
/* Frees everything (shutdown, tests). */
void timeline_reset(void);

/* Up to `want` ids of `person`'s home stream (followees, self, mentions,
 * and the `nspaces` spaces they belong to), newest first, older than
 * `before` and newer than `after`. Returns the count, or -1 when memory
 * cannot answer exactly (the caller uses SQL). */
int timeline_home(struct db *db, int64_t person, const int64_t *spaces, int nspaces, int64_t before, int64_t after,
                  int want, int64_t *ids);

/* Home pages answered from memory, and those that fell back to SQL. */
void timeline_stats(uint64_t *hits, uint64_t *misses);

#endif
