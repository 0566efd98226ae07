/* Feed tokens: one per person, 32 random bytes handed out once (only the
 * SHA-256 is stored), good only for that person's view of the Atom and
 * calendar feeds — never for pages or the API. Resetting replaces it, so
 * every URL carrying the old one stops working at once. */
#ifndef RUCHE_FEED_TOKEN_H
#define RUCHE_FEED_TOKEN_H
#include <stdint.h>

#include "core/people.h"
#include "lib/crypto.h"

/* A new token for person_id, replacing any previous one. 0 or -1. */
int feed_token_reset(struct db *db, int64_t person_id, char token[TOKEN_CHARS + 1]);
/* Forgets person_id's token (every feed URL with it stops working). */
void feed_token_revoke(struct db *db, int64_t person_id);
/* When person_id's token was made, or 0 when they have none. */
int64_t feed_token_created(struct db *db, int64_t person_id);
/* The active person behind a feed token, or NULL. */
struct person *feed_token_person(struct db *db, struct arena *a, const char *token);

#endif
