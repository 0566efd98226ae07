/* Prometheus metrics: requests by route and status, latency histogram. */
#ifndef RUCHE_METRICS_H
#define RUCHE_METRICS_H
#include <stdint.h>

#include "lib/buf.h"

/* Counts one finished request (route_index < 0: unmatched). Lock-free. */
void metrics_count(int route_index, int status, int64_t micros);
/* The Prometheus text exposition of all counters. */
void metrics_render(struct buf *out);

#endif
