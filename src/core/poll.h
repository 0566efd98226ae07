/* Polls: 2 to 20 options, one choice or several, an optional closing time;
 * each person votes and may change their vote until the poll closes. The
 * options are fixed once someone has voted (changing them would change
 * what the votes cast so far mean). Voters are shown or not, as the author
 * chose; a secret poll cannot be made public later. */
#ifndef RUCHE_POLL_H
#define RUCHE_POLL_H
#include <stdint.h>

#include "core/items.h"
#include "core/kinds.h"

extern const struct kind kind_poll;

enum { POLL_OPTIONS_MIN = 2, POLL_OPTIONS_MAX = 20, POLL_OPTION_CHARS = 200, POLL_VOTERS_SHOWN = 50 };

struct poll_state {
    int noptions;
    const char *options[POLL_OPTIONS_MAX];
    int multiple, voters_visible, closed;
    int64_t closes_at;               /* 0: open until the author closes it */
    int64_t votes[POLL_OPTIONS_MAX]; /* per option */
    int64_t voters;                  /* people who voted */
    int mine[POLL_OPTIONS_MAX];      /* the actor's choices */
    int voted;                       /* the actor voted */
    /* when voters are visible: the first POLL_VOTERS_SHOWN of each option */
    int64_t *voter_ids[POLL_OPTIONS_MAX];
    int nvoter_ids[POLL_OPTIONS_MAX];
};

/* The poll as `actor_id` (0: anonymous) sees it; 0, or -1 when it is not
 * a poll. */
int poll_state(struct db *db, struct arena *a, int64_t item_id, int64_t actor_id, struct poll_state *out);
/* Sets the actor's choices (`n` option indexes; n == 0 withdraws the
 * vote). ERR_NOT_FOUND (not visible, not a poll), ERR_FORBIDDEN (may not
 * vote), ERR_CONFLICT (closed), ERR_INVALID (field "options"). */
int poll_vote(struct db *db, struct arena *a, const struct person *actor, int64_t item_id, const int64_t *choices,
              int n, struct err *e);
/* "2025-05-01T12:00:00Z", "…+02:00", fractions of seconds allowed → Unix
 * time; 0 when malformed. */
int poll_parse_time(const char *s, int64_t *out);

#endif
