/* Operations endpoints: /healthz (the database answers) and /metrics
 * (Prometheus; direct loopback clients or admins only). */
#include <string.h>

#include "db/db.h"
#include "http/metrics.h"
#include "web/pages.h"
#include "web/web.h"

int web_healthz(struct req *r) {
    struct db *db = db_thread();
    int ok = db && db_int_or(db_prep(db, "SELECT 1"), 0) == 1;
    return resp_bytes(r, ok ? 200 : 503, "text/plain; charset=utf-8", ok ? "ok\n" : "database unavailable\n",
                      ok ? 3 : 21);
}

int web_metrics(struct req *r) {
    /* A loopback peer that did not come through a reverse proxy (which adds
     * X-Forwarded-For or Forwarded) is the local scraper. */
    int local = (!strcmp(r->client_ip, "127.0.0.1") || !strcmp(r->client_ip, "::1")) &&
                !req_header(r, "X-Forwarded-For") && !req_header(r, "Forwarded");
    if (!local && !(r->me && r->me->role == ROLE_ADMIN)) return resp_error(r, 404, NULL);
    buf_reset(&r->out);
    metrics_render(&r->out);
    r->content_type = "text/plain; version=0.0.4; charset=utf-8";
    return 200;
}
