/* The one route table: method, pattern, handler, flags. Flags are enforced
 * by the pipeline before any handler runs. */
#ifndef RUCHE_ROUTER_H
#define RUCHE_ROUTER_H
#include "http/req.h"

enum route_flags {
    NEED_LOGIN = 1 << 0, /* anonymous: redirect to /login (web) or 401 (API) */
    MUTATES = 1 << 1,    /* changes state: CSRF token + Origin check */
    JSON = 1 << 2,       /* API: JSON bodies, problem+json errors, bearer tokens */
    ADMIN = 1 << 3,      /* admins only (others get 404) */
    UPLOAD = 1 << 4,     /* multipart/form-data accepted, up to max_upload */
    INTERNAL = 1 << 5,   /* employees and admins only (externals get 404) */
    NO_LOG = 1 << 6,     /* not in the access log (health checks) */
    URL_TOKEN = 1 << 7,  /* the token in the URL is the credential (incoming webhooks): no CSRF, bodies of 16 KiB at most */
};

typedef int (*handler_fn)(struct req *r);

struct route {
    enum method method;
    const char *pattern; /* "/people/{}" — {} matches one segment; trailing "*" the rest */
    handler_fn handler;
    unsigned flags;
};

extern const struct route routes[];
extern const int routes_count;

/* Finds the route for method+path, filling r->params. Returns its index,
 * -1 if no pattern matches (404), -2 if the path matches another method (405). */
int router_match(struct req *r, enum method m, const char *path);
/* The methods `path` accepts, for an Allow header ("GET, HEAD, POST"). */
const char *router_allow(struct req *r, const char *path);

#endif
