/* Rate limits of the API: one token bucket per caller (an API token, a
 * signed-in account, or an anonymous address), in memory, refilled at
 * api_rate requests per minute up to api_burst. Each node of a cluster
 * counts its own requests. */
#ifndef RUCHE_RATELIMIT_H
#define RUCHE_RATELIMIT_H
#include <stdint.h>

struct ratelimit_answer {
    int allowed;     /* 1: go on */
    int limit;       /* the bucket's size (api_burst) */
    int remaining;   /* whole requests left now */
    int reset;       /* seconds until the bucket is full again */
    int retry_after; /* seconds until the next request is allowed (when refused) */
};

/* Takes one request from the bucket of `key` (any string naming the
 * caller). rate_per_min 0 disables limits (always allowed). Thread-safe. */
void ratelimit_take(const char *key, int rate_per_min, int burst, int64_t now_ms, struct ratelimit_answer *out);
/* Forgets every bucket (tests). */
void ratelimit_reset(void);

#endif
