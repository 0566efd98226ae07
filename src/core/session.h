/* Sessions (browser) and API tokens: both are 32 random bytes handed out
 * once; only their SHA-256 is stored. Disabled accounts resolve to nobody. */
#ifndef RUCHE_SESSION_H
#define RUCHE_SESSION_H
#include <stdint.h>

#include "core/people.h"
#include "lib/crypto.h"

/* A new session for person_id, valid `days` since last use. */
int session_create(struct db *db, int64_t person_id, int days, char token[TOKEN_CHARS + 1]);
/* The active person behind a session token, or NULL. Slides the expiry. */
struct person *session_person(struct db *db, struct arena *a, const char *token, int days);
void session_destroy(struct db *db, const char *token);
/* Ends every session of a person (password change, disable). keep may be
 * NULL or a token to keep (the session that changed the password). */
void session_destroy_person(struct db *db, int64_t person_id, const char *keep);

/* A new API token; `scopes` is a space-separated subset of "read write admin". */
int apitoken_create(struct db *db, int64_t person_id, const char *name, const char *scopes, int64_t expires_at,
                    char token[TOKEN_CHARS + 1], struct err *e);
/* The active person behind an API token, or NULL; copies its scopes. */
struct person *apitoken_person(struct db *db, struct arena *a, const char *token, char scopes[64]);

#endif
