/* A person's API tokens: listed (never their secret), revoked, and the
 * expiry people write ("30d", "2026-12-31") read into a time. Creating and
 * resolving a token is in core/session.c. */
#ifndef RUCHE_APITOKENS_H
#define RUCHE_APITOKENS_H
#include <stdint.h>

#include "core/errors.h"
#include "db/db.h"
#include "lib/arena.h"

#define APITOKEN_MAX_ACTIVE 50 /* unexpired, unrevoked tokens per person */
#define APITOKEN_MAX_DAYS 3650

struct apitoken {
    int64_t id;
    const char *name, *scopes;
    int64_t created_at, last_used_at, expires_at; /* 0: never used / never expires */
};

/* The person's unrevoked tokens, newest first: the active ones and those
 * expired less than 30 days ago (at most 100). */
int apitoken_list(struct db *db, struct arena *a, int64_t person_id, struct apitoken **out, int *n);
/* One of the person's unrevoked tokens; ERR_NOT_FOUND for anyone else's. */
int apitoken_get(struct db *db, struct arena *a, int64_t person_id, int64_t id, struct apitoken *out);
/* Revokes one of the person's tokens; ERR_NOT_FOUND for anyone else's or
 * one already revoked. */
int apitoken_revoke(struct db *db, int64_t person_id, int64_t id, struct err *e);
/* How many tokens the person may still use (for the cap). */
int apitoken_active_count(struct db *db, int64_t person_id);
/* "" or NULL: never (0); "Nd" N days from now (1..3650); "YYYY-MM-DD": the
 * end of that day (UTC), in the future and within 10 years. */
int apitoken_parse_expiry(const char *s, int64_t now, int64_t *out, struct err *e);

#endif
