/* Demo content: a believable small company for trying Ruche out. */
#ifndef RUCHE_SEED_H
#define RUCHE_SEED_H
#include "db/db.h"

#define DEMO_ADMIN_EMAIL "admin@example.com"

/* Creates the demo company; every demo account gets `password` (hashed
 * once). Returns 0, 1 when demo data is already there, -1 on failure. */
int seed_demo(struct db *db, const char *password, char *err, size_t errlen);

#endif
