/* Route matching over the static table in routes.c. Patterns are few and
 * short, so a linear scan with segment comparison is faster than anything
 * cleverer would need to be. */
#include "http/router.h"

#include <string.h>

/* Matches `path` against `pattern`, capturing {} segments. */
static int match(const char *pattern, const char *path, struct req *r) {
    int n = 0;
    const char *p = pattern, *s = path;
    while (*p) {
        if (p[0] == '*' && p[1] == 0) {
            if (n < 4) r->params[n++] = arena_strdup(&r->arena, s);
            r->nparams = n;
            return 1;
        }
        if (p[0] == '{' && p[1] == '}') {
            const char *end = strchr(s, '/');
            size_t len = end ? (size_t)(end - s) : strlen(s);
            if (len == 0 || n >= 4) return 0;
            r->params[n++] = arena_strndup(&r->arena, s, len);
            s += len;
            p += 2;
            continue;
        }
        if (*p != *s) return 0;
        p++;
        s++;
    }
    if (*s) return 0;
    r->nparams = n;
    return 1;
}

int router_match(struct req *r, enum method m, const char *path) {
    int other_method = 0;
    if (m == M_HEAD) m = M_GET;
    for (int i = 0; i < routes_count; i++) {
        if (!match(routes[i].pattern, path, r)) continue;
        if (routes[i].method == m) return i;
        other_method = 1;
    }
    r->nparams = 0;
    return other_method ? -2 : -1;
}

const char *router_allow(struct req *r, const char *path) {
    static const char *const names[] = {"GET, HEAD", "POST", "PUT", "PATCH", "DELETE"};
    int seen[sizeof names / sizeof names[0]] = {0};
    for (int i = 0; i < routes_count; i++)
        if ((size_t)routes[i].method < sizeof names / sizeof names[0] && match(routes[i].pattern, path, r))
            seen[routes[i].method] = 1;
    r->nparams = 0;
    struct buf b = {0};
    for (size_t m = 0; m < sizeof names / sizeof names[0]; m++)
        if (seen[m]) buf_printf(&b, "%s%s", b.len ? ", " : "", names[m]);
    const char *out = arena_strdup(&r->arena, b.data ? b.data : "");
    buf_free(&b);
    return out;
}
