/* Demo content: a believable small company for trying Ruche out. */
#ifndef RUCHE_SEED_H
#define RUCHE_SEED_H
#include "db/db.h"

#define DEMO_ADMIN_EMAIL "admin@example.com"

/* Creates the demo company; every demo account gets `password` (hashed
 * once). Returns 0, 1 when demo data is already there, -1 on failure. */
int seed_demo(struct db *db, const char *password, char *err, size_t errlen);

/* The demo's spaces, members and posts (called by seed_demo). */
int seed_demo_spaces(struct db *db, char *err, size_t errlen);

/* Adds `people` employees (user<N>@bench.example, password
 * "bench password 2026") and `posts` status updates with a power-law follow
 * graph, comments, likes, tags and mentions, for benchmarks. */
int seed_bulk(struct db *db, int64_t people, int64_t posts, char *err, size_t errlen);

#endif
