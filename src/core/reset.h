/* Password reset links: "Forgot your password?" sends one by e-mail, and an
 * administrator can make one for a person. A link carries 32 random bytes
 * (only the SHA-256 is stored), is valid a configured number of minutes,
 * and works once: using it voids every other link of that person, sets the
 * new password and ends all of that person's sessions. */
#ifndef RUCHE_RESET_H
#define RUCHE_RESET_H
#include <stdint.h>

#include "core/errors.h"
#include "core/people.h"
#include "jobs/queue.h"
#include "lib/crypto.h"

struct reset_settings {
    const char *public_url; /* the links' base, no trailing slash */
    int minutes;            /* validity of a link */
    int max_requests;       /* per e-mail address within window; per client address: 4x */
    int window;             /* seconds */
};

/* Queues the sending of a link to `email` (reset_job), doing exactly the
 * same work whether an account has the address or not, so neither the
 * answer nor its timing tells: the caller answers the same. ERR_TOO_MANY (e->retry_after) when that e-mail
 * or that client address asked too often. */
int reset_request(struct db *db, struct arena *a, const char *email, const char *ip, const struct reset_settings *s,
                  struct err *e);
/* The job that reset_request queues: it makes the link and queues the
 * e-mail when an active account has the address. */
extern const struct job_kind reset_job;
/* A new link for a person (administrators, on the person's page); the
 * token is shown once. */
int reset_create_for(struct db *db, const struct person *actor, const struct person *p, int minutes,
                     char token[TOKEN_CHARS + 1], struct err *e);
/* The active person a valid (unused, unexpired) token resets, or NULL. */
struct person *reset_find(struct db *db, struct arena *a, const char *token);
/* Uses the token: sets `password` (same rules as any password), voids the
 * person's other links and ends all of the person's sessions. ERR_NOT_FOUND
 * for an invalid, used or expired token; ERR_INVALID for a bad password. */
int reset_use(struct db *db, struct arena *a, const char *token, const char *password, int64_t *person_id,
              struct err *e);

#endif
