/* Signing in, with failed attempts limited per account and per address,
 * and invitations (single-use links valid 7 days). */
#ifndef RUCHE_AUTH_H
#define RUCHE_AUTH_H
#include "core/people.h"
#include "lib/crypto.h"
#include "lib/i18n.h"

struct login_limits {
    int max_failures; /* per account within window; per address: 4x */
    int window;       /* seconds */
};

/* The person for email+password, or an error: ERR_INVALID with one message
 * for any wrong pair (no hint whether the e-mail exists), ERR_TOO_MANY with
 * e->retry_after when too many recent failures. */
int auth_login(struct db *db, struct arena *a, const char *email, const char *password, const char *ip,
               const struct login_limits *lim, struct person **out, struct err *e);

/* Changes person_id's password after checking the current one: ERR_INVALID
 * with field "current" when it is wrong, else people_set_password's errors
 * (field "password"). The caller ends the other sessions. */
int auth_change_password(struct db *db, int64_t person_id, const char *current, const char *password, struct err *e);

#define INVITE_DAYS 7

struct invitation {
    int64_t id;
    const char *email;
    enum role role;
    int64_t created_at, expires_at, accepted_at;
    const char *invited_by_name;
};

/* A new invitation from `actor` (an admin); the token is shown once. */
int invite_create(struct db *db, struct arena *a, const struct person *actor, const char *email, const char *role,
                  char token[TOKEN_CHARS + 1], struct err *e);
/* The pending, unexpired invitation for a token, or NULL. */
struct invitation *invite_find(struct db *db, struct arena *a, const char *token);
/* Creates the invitee's account and uses up the invitation. */
int invite_accept(struct db *db, struct arena *a, const char *token, const char *name, const char *password,
                  int64_t *person_id, struct err *e);
/* Sends the invitation link to `email` by e-mail (the mail job), in
 * language `l`, naming the inviter. 0, or -1. */
int invite_mail(struct db *db, struct arena *a, const struct person *inviter, const char *email, const char *link,
                enum lang l);
/* Pending invitations, newest first (admins). */
int invite_list(struct db *db, struct arena *a, const struct person *actor, struct invitation ***out, int *n);
/* Withdraws a pending invitation. */
int invite_revoke(struct db *db, const struct person *actor, int64_t id, struct err *e);

/* Throttling (sign-in failures, password reset requests) in the
 * login_failures table: the events under `key` after `since`, with *oldest
 * the time of the first; and one more at `now` (those up to `since` are
 * dropped). */
int auth_throttle_count(struct db *db, const char *key, int64_t since, int64_t *oldest);
void auth_throttle_note(struct db *db, const char *key, int64_t now, int64_t since);

#endif
