/* Token buckets in a fixed table: a key's bucket lives in one of 4 slots of
 * its hash; a newcomer takes the slot idle the longest, so the memory is
 * bounded (8192 buckets) and only callers idle long enough to have refilled
 * are forgotten first. */
#include "http/ratelimit.h"

#include <math.h>
#include <pthread.h>
#include <string.h>

#define SLOTS 8192
#define WAYS 4

struct bucket {
    uint64_t key; /* 0: free */
    double tokens;
    int64_t last_ms;
};

static struct bucket table[SLOTS];
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;

static uint64_t hash(const char *s) {
    uint64_t h = 1469598103934665603ULL; /* FNV-1a */
    for (; *s; s++) h = (h ^ (unsigned char)*s) * 1099511628211ULL;
    return h ? h : 1;
}

void ratelimit_take(const char *key, int rate_per_min, int burst, int64_t now_ms, struct ratelimit_answer *out) {
    memset(out, 0, sizeof *out);
    out->allowed = 1;
    if (rate_per_min <= 0) return;
    if (burst < 1) burst = 1;
    double per_ms = rate_per_min / 60000.0;
    uint64_t h = hash(key);
    size_t base = (size_t)(h % (SLOTS / WAYS)) * WAYS;
    pthread_mutex_lock(&lock);
    struct bucket *b = NULL, *oldest = &table[base];
    for (int i = 0; i < WAYS; i++) {
        struct bucket *x = &table[base + i];
        if (x->key == h) {
            b = x;
            break;
        }
        if (!x->key || x->last_ms < oldest->last_ms) oldest = x;
        if (!x->key) break;
    }
    if (!b) {
        b = oldest;
        b->key = h;
        b->tokens = burst;
        b->last_ms = now_ms;
    }
    if (now_ms > b->last_ms) {
        b->tokens += (double)(now_ms - b->last_ms) * per_ms;
        if (b->tokens > burst) b->tokens = burst;
        b->last_ms = now_ms;
    }
    if (b->tokens >= 1) {
        b->tokens -= 1;
    } else {
        out->allowed = 0;
        out->retry_after = (int)ceil((1 - b->tokens) / per_ms / 1000.0);
        if (out->retry_after < 1) out->retry_after = 1;
    }
    out->limit = burst;
    out->remaining = (int)floor(b->tokens);
    out->reset = (int)ceil((burst - b->tokens) / per_ms / 1000.0);
    pthread_mutex_unlock(&lock);
}

void ratelimit_reset(void) {
    pthread_mutex_lock(&lock);
    memset(table, 0, sizeof table);
    pthread_mutex_unlock(&lock);
}
