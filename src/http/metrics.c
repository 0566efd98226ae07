/* Counters are plain atomics indexed by route and status class, so counting
 * costs a few nanoseconds on the hot path. */
#include "http/metrics.h"

#include <stdatomic.h>

#include "http/router.h"

#define MAX_ROUTES 256
#define STATUSES 6 /* 1xx..5xx by class, index 0 unused */
static const int64_t bucket_us[] = {1000, 2500, 5000, 10000, 25000, 50000, 100000, 250000, 500000, 1000000, 2500000};
#define BUCKETS (sizeof bucket_us / sizeof bucket_us[0])

static atomic_ullong by_route[MAX_ROUTES + 1][STATUSES];
static atomic_ullong hist[BUCKETS + 1];
static atomic_ullong total_us, total_count;

static const char *const method_names[] = {"GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OTHER"};

void metrics_count(int route_index, int status, int64_t micros) {
    int r = route_index >= 0 && route_index < MAX_ROUTES ? route_index : MAX_ROUTES;
    int s = status / 100;
    if (s < 1 || s > 5) s = 5;
    atomic_fetch_add_explicit(&by_route[r][s], 1, memory_order_relaxed);
    size_t b = 0;
    while (b < BUCKETS && micros > bucket_us[b]) b++;
    atomic_fetch_add_explicit(&hist[b], 1, memory_order_relaxed);
    atomic_fetch_add_explicit(&total_us, (unsigned long long)micros, memory_order_relaxed);
    atomic_fetch_add_explicit(&total_count, 1, memory_order_relaxed);
}

void metrics_render(struct buf *out) {
    buf_puts(out, "# HELP ruche_http_requests_total HTTP requests by route and status class.\n"
                  "# TYPE ruche_http_requests_total counter\n");
    for (int r = 0; r <= MAX_ROUTES; r++) {
        if (r < MAX_ROUTES && r >= routes_count) continue;
        for (int s = 1; s < STATUSES; s++) {
            unsigned long long n = atomic_load_explicit(&by_route[r][s], memory_order_relaxed);
            if (!n) continue;
            if (r == MAX_ROUTES)
                buf_printf(out, "ruche_http_requests_total{method=\"\",route=\"unmatched\",status=\"%dxx\"} %llu\n", s, n);
            else
                buf_printf(out, "ruche_http_requests_total{method=\"%s\",route=\"%s\",status=\"%dxx\"} %llu\n",
                           method_names[routes[r].method], routes[r].pattern, s, n);
        }
    }
    buf_puts(out, "# HELP ruche_http_request_duration_seconds Time to answer a request.\n"
                  "# TYPE ruche_http_request_duration_seconds histogram\n");
    unsigned long long cumulative = 0;
    for (size_t b = 0; b < BUCKETS; b++) {
        cumulative += atomic_load_explicit(&hist[b], memory_order_relaxed);
        buf_printf(out, "ruche_http_request_duration_seconds_bucket{le=\"%g\"} %llu\n", (double)bucket_us[b] / 1e6,
                   cumulative);
    }
    cumulative += atomic_load_explicit(&hist[BUCKETS], memory_order_relaxed);
    buf_printf(out, "ruche_http_request_duration_seconds_bucket{le=\"+Inf\"} %llu\n", cumulative);
    buf_printf(out, "ruche_http_request_duration_seconds_sum %g\n",
               (double)atomic_load_explicit(&total_us, memory_order_relaxed) / 1e6);
    buf_printf(out, "ruche_http_request_duration_seconds_count %llu\n",
               atomic_load_explicit(&total_count, memory_order_relaxed));
}
