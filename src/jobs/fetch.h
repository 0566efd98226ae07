/* Outbound HTTP for link previews and webhooks (DESIGN.md §4): only http
 * and https; never a loopback, private, link-local, multicast, CGNAT or
 * other special-use address unless the administrator allows it
 * (allow_private_fetch); the address checked is the one actually connected
 * to (libcurl's open-socket callback), so DNS rebinding cannot slip
 * through; redirects followed here, each hop checked again; time and size
 * limits; no proxy from the environment. */
#ifndef RUCHE_FETCH_H
#define RUCHE_FETCH_H
#include <stddef.h>
#include <sys/socket.h>

enum {
    FETCH_MAX_BYTES = 1 << 20,  /* of a body kept (more is cut off) */
    FETCH_TIMEOUT_MS = 10000,   /* for the whole fetch, redirects included */
    FETCH_CONNECT_MS = 5000,
    FETCH_MAX_REDIRECTS = 5,
    FETCH_URL_MAX = 2000,
};

/* The outcome of a fetch. */
enum fetch_status {
    FETCH_OK,        /* a 2xx answer (body possibly cut at the limit) */
    FETCH_REFUSED,   /* scheme or address not allowed: permanent */
    FETCH_HTTP,      /* a non-2xx answer (see http_status) */
    FETCH_FAILED,    /* network error or time-out: worth retrying */
    FETCH_CANCELLED, /* fetch_cancel was called (shutdown) */
};

struct fetch_result {
    enum fetch_status status;
    long http_status;
    char final_url[FETCH_URL_MAX + 1]; /* after redirects */
    char content_type[128];            /* lowercased, without parameters */
    char charset[40];                  /* from the Content-Type, or empty */
    char *body;                        /* malloc'd, NUL-terminated; the caller frees */
    size_t len;
    int truncated;
    char error[200];
};

/* Reads the process-wide settings (call once before fetching). */
void fetch_setup(int allow_private);
/* Makes fetches in progress and to come stop at once (shutdown). */
void fetch_cancel(int on);
/* GETs `url`, keeping at most `max_bytes` of the body. `accept` is the
 * Accept header. Returns res->status. */
enum fetch_status fetch_get(const char *url, const char *accept, size_t max_bytes, struct fetch_result *res);
/* POSTs `body` (JSON) to `url` with the extra `headers` ("Name: value",
 * NULL-terminated) under the same address rules, following no redirect;
 * at most 4 KiB of the answer kept. Returns res->status. */
enum fetch_status fetch_post(const char *url, const char *const *headers, const char *body, size_t len,
                             struct fetch_result *res);
void fetch_result_free(struct fetch_result *res);

/* 1 if an outbound connection to this address is allowed: a global
 * unicast address, or anything when allow_private. */
int fetch_address_allowed(const struct sockaddr *sa, int allow_private);

#endif
