/* The request pipeline: everything decided before and after a handler runs,
 * in one place, so no handler can forget a check. */
#include "http/pipeline.h"

#include <microhttpd.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "core/session.h"
#include "core/spaces.h"
#include "db/db.h"
#include "http/ratelimit.h"
#include "http/router.h"
#include "http/server.h"

#define SESSION_COOKIE "ruche_session"
#define PRE_COOKIE "ruche_pre"
#define LANG_COOKIE "ruche_lang"

int pipeline_is_multipart_upload(struct req *r) {
    const char *ct = r->route && (r->route->flags & UPLOAD) ? req_header(r, "Content-Type") : NULL;
    return ct && !strncasecmp(ct, "multipart/form-data", 19);
}

size_t pipeline_body_limit(struct req *r) {
    const struct config *c = server_config();
    if (r->route && (r->route->flags & URL_TOKEN)) return c->max_body < 16 * 1024 ? c->max_body : 16 * 1024;
    /* an API route taking uploads still takes JSON bodies of the usual size */
    if (r->route && (r->route->flags & UPLOAD) && (!(r->route->flags & JSON) || pipeline_is_multipart_upload(r)))
        return c->max_upload;
    return c->max_body;
}

/* The number of values in a JSON document, or more than JSON_VALUES_MAX
 * when it nests deeper than JSON_DEPTH_MAX (stops counting early). */
static size_t json_values(json_t *j, int depth) {
    if (depth > JSON_DEPTH_MAX) return JSON_VALUES_MAX + 1;
    size_t n = 1;
    const char *k;
    size_t i;
    json_t *v;
    if (json_is_object(j)) {
        json_object_foreach(j, k, v) {
            n += json_values(v, depth + 1);
            if (n > JSON_VALUES_MAX) return n;
        }
    } else if (json_is_array(j)) {
        json_array_foreach(j, i, v) {
            n += json_values(v, depth + 1);
            if (n > JSON_VALUES_MAX) return n;
        }
    }
    return n;
}

/* "10 MB", "512 KB": a size for people. */
static const char *size_text(struct arena *a, size_t n) {
    if (n >= 1 << 20) return arena_printf(a, "%zu MB", n >> 20);
    return arena_printf(a, "%zu KB", n >> 10 ? n >> 10 : 1);
}

static int is_api(const struct req *r) {
    if (r->route) return (r->route->flags & JSON) != 0;
    return strncmp(r->path, "/api/", 5) == 0;
}

static void resolve_language(struct req *r) {
    if (r->me && r->me->lang) {
        r->lang = i18n_parse(r->me->lang);
        if (r->lang != LANG__MAX) return;
    }
    const char *c = req_cookie(r, LANG_COOKIE);
    if (c && (r->lang = i18n_parse(c)) != LANG__MAX) return;
    r->lang = i18n_negotiate(req_header(r, "Accept-Language"));
}

/* Bearer token on API routes, else the session cookie. Returns an HTTP
 * status to stop with, or 0. */
static int resolve_actor(struct req *r, struct db *db) {
    const struct config *c = server_config();
    const char *auth = req_header(r, "Authorization");
    if (auth && is_api(r)) {
        if (strncasecmp(auth, "Bearer ", 7) != 0) return resp_error(r, 401, N_("Use Authorization: Bearer TOKEN."));
        r->me = apitoken_person(db, &r->arena, auth + 7, r->token_scopes);
        if (!r->me) return resp_error(r, 401, N_("The API token is invalid, expired or revoked."));
        r->via_token = 1;
        return 0;
    }
    const char *session = req_cookie(r, SESSION_COOKIE);
    if (session) {
        r->me = session_person(db, &r->arena, session, c->session_days);
        if (r->me) {
            snprintf(r->csrf_secret, sizeof r->csrf_secret, "%s", session);
            return 0;
        }
        resp_cookie(r, SESSION_COOKIE, "", 0); /* stale: forget it */
    }
    const char *pre = req_cookie(r, PRE_COOKIE);
    if (pre && strlen(pre) == TOKEN_CHARS) {
        snprintf(r->csrf_secret, sizeof r->csrf_secret, "%s", pre);
    } else {
        token_new(r->csrf_secret);
        r->new_csrf_cookie = 1;
    }
    return 0;
}

/* The Origin (or Referer) of a state change must be this site. */
static int same_origin(struct req *r) {
    const char *origin = req_header(r, "Origin");
    if (!origin || !strcmp(origin, "null")) origin = req_header(r, "Referer");
    if (!origin) return 1; /* non-browser clients; the CSRF token still applies */
    const char *pub = server_config()->public_url;
    size_t n = strlen(pub);
    if (!strncmp(origin, pub, n) && (origin[n] == 0 || origin[n] == '/')) return 1;
    const char *host = req_header(r, "Host");
    if (!host) return 0;
    const char *o = origin;
    if (!strncmp(o, "http://", 7)) o += 7;
    else if (!strncmp(o, "https://", 8)) o += 8;
    else return 0;
    size_t hl = strlen(host);
    return !strncmp(o, host, hl) && (o[hl] == 0 || o[hl] == '/');
}

int pipeline_has_scope(const struct req *r, const char *scope) {
    if (!r->via_token) return 1;
    char copy[64];
    snprintf(copy, sizeof copy, "%s", r->token_scopes);
    for (char *save, *w = strtok_r(copy, " ,", &save); w; w = strtok_r(NULL, " ,", &save))
        if (!strcmp(w, scope) || !strcmp(w, "admin")) return 1;
    return 0;
}

static int content_type_is(struct req *r, const char *type) {
    const char *ct = req_header(r, "Content-Type");
    size_t n = strlen(type);
    return ct && !strncasecmp(ct, type, n) && (ct[n] == 0 || ct[n] == ';' || ct[n] == ' ');
}

/* The API's rate limit: one bucket per token, per signed-in account, or
 * per address for anonymous callers (and for invalid tokens). Sets the
 * RateLimit-* headers; returns 429 when the bucket is empty, else 0. */
static int rate_limit(struct req *r) {
    const struct config *c = server_config();
    if (c->api_rate <= 0) return 0;
    const char *key;
    if (r->via_token) key = arena_printf(&r->arena, "t:%s", req_header(r, "Authorization"));
    else if (r->me) key = arena_printf(&r->arena, "p:%lld", (long long)r->me->id);
    else key = arena_printf(&r->arena, "a:%s", r->client_ip ? r->client_ip : "");
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    struct ratelimit_answer a;
    ratelimit_take(key, c->api_rate, c->api_burst, (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000, &a);
    int window = (int)((int64_t)c->api_burst * 60 / c->api_rate);
    resp_header(r, "RateLimit-Policy", arena_printf(&r->arena, "%d;w=%d", a.limit, window > 0 ? window : 1));
    resp_header(r, "RateLimit-Limit", arena_printf(&r->arena, "%d", a.limit));
    resp_header(r, "RateLimit-Remaining", arena_printf(&r->arena, "%d", a.remaining));
    resp_header(r, "RateLimit-Reset", arena_printf(&r->arena, "%d", a.reset));
    if (a.allowed) return 0;
    resp_header(r, "Retry-After", arena_printf(&r->arena, "%d", a.retry_after));
    return resp_error(r, 429, N_("Too many requests: wait the seconds given in Retry-After, then try again."));
}

/* Checks that run before the handler; returns a status to stop with, or 0. */
static int check(struct req *r, struct db *db) {
    int stop = resolve_actor(r, db);
    if (!stop && r->me) people_load_spaces(db, &r->arena, r->me); /* the policy reads them */
    /* The token forms must send back, known before the CSRF check below and
     * for every page, error pages included. */
    if (r->csrf_secret[0]) token_hmac(r->csrf_secret, "csrf", r->csrf);
    resolve_language(r);
    if (is_api(r)) {
        int limited = rate_limit(r);
        if (limited) return limited;
    }
    if (stop) return stop;
    if (r->headers_too_large) return resp_error(r, 431, N_("The address and headers of the request are too large."));
    if (r->route_index == -2) {
        resp_header(r, "Allow", router_allow(r, r->path));
        return resp_error(r, 405, N_("This address does not accept that method."));
    }
    if (!r->route) return resp_error(r, 404, NULL);
    unsigned flags = r->route->flags;
    if (r->body_too_large && pipeline_is_multipart_upload(r))
        return resp_error(r, 413, arena_printf(&r->arena, "%s %s.", T(r, "The file is too large. The largest accepted is"),
                                               size_text(&r->arena, server_config()->max_upload)));
    if (r->body_too_large)
        return resp_error(r, 413,
                          arena_printf(&r->arena, "%s %s.",
                                       T(r, "The request body is too large. The largest accepted is"),
                                       size_text(&r->arena, pipeline_body_limit(r))));
    if (r->too_many_fields) return resp_error(r, 413, N_("A form has at most 200 fields."));
    if (r->body_bad) return resp_error(r, 400, N_("The form data could not be read."));
    if ((flags & NEED_LOGIN) && !r->me) {
        if (flags & JSON) return resp_error(r, 401, N_("Sign in or send an API token."));
        if (r->method == M_GET) {
            char *next = arena_printf(&r->arena, "/login?next=%s", r->path);
            return resp_redirect(r, next);
        }
        return resp_error(r, 401, N_("Sign in first."));
    }
    if ((flags & INTERNAL) && r->me && r->me->role == ROLE_EXTERNAL) return resp_error(r, 404, NULL);
    if ((flags & ADMIN) && (!r->me || r->me->role != ROLE_ADMIN)) return resp_error(r, 404, NULL);
    if (r->via_token) {
        if ((flags & ADMIN) && !pipeline_has_scope(r, "admin")) return resp_error(r, 403, N_("This token lacks the admin scope."));
        if ((flags & MUTATES) && !pipeline_has_scope(r, "write")) return resp_error(r, 403, N_("This token lacks the write scope."));
        if (!(flags & MUTATES) && !pipeline_has_scope(r, "read")) return resp_error(r, 403, N_("This token lacks the read scope."));
    } else if (flags & MUTATES) {
        const char *sent = req_header(r, "X-CSRF-Token");
        if (!sent) sent = req_form(r, "csrf");
        if (!secret_equal(sent, r->csrf) || !same_origin(r))
            return resp_error(r, 403, N_("The form has expired or came from another site. Reload the page and try again."));
    }
    if (flags & JSON) {
        if (r->body.len && !(r->form && pipeline_is_multipart_upload(r))) {
            if (!content_type_is(r, "application/json"))
                return resp_error(r, 415, N_("Send the body as application/json."));
            json_error_t jerr;
            r->json = json_loadb(r->body.data, r->body.len, JSON_REJECT_DUPLICATES, &jerr);
            if (!r->json && json_error_code(&jerr) == json_error_null_character)
                return resp_error(r, 400, N_("The JSON body must not contain NUL characters."));
            if (!r->json || !json_is_object(r->json))
                return resp_error(r, 400, arena_printf(&r->arena, "%s %s", T(r, "The body is not a JSON object:"),
                                                       r->json ? T(r, "another JSON value.") : jerr.text));
            if (json_values(r->json, 0) > JSON_VALUES_MAX)
                return resp_error(r, 413, N_("A JSON body has at most 10,000 values and 32 levels of nesting."));
        }
    } else if (r->method == M_POST && r->body.len && !r->form) {
        return resp_error(r, 415, N_("Send the form as application/x-www-form-urlencoded or multipart/form-data."));
    }
    return 0;
}

static void security_headers(struct req *r) {
    char csp[512];
    if (is_api(r) || (r->content_type && strncmp(r->content_type, "text/html", 9)))
        snprintf(csp, sizeof csp, "default-src 'none'; frame-ancestors 'none'; sandbox");
    else
        snprintf(csp, sizeof csp,
                 "default-src 'none'; script-src 'nonce-%s'; style-src 'self'; img-src 'self' data:; "
                 "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
                 r->nonce);
    resp_header(r, "Content-Security-Policy", csp);
    resp_header(r, "X-Content-Type-Options", "nosniff");
    resp_header(r, "X-Frame-Options", "DENY");
    resp_header(r, "Referrer-Policy", "same-origin");
    resp_header(r, "Cross-Origin-Opener-Policy", "same-origin");
    resp_header(r, "Cross-Origin-Resource-Policy", "same-origin");
    if (!strncmp(server_config()->public_url, "https://", 8))
        resp_header(r, "Strict-Transport-Security", "max-age=31536000");
    int has_cache = 0;
    for (struct kv *h = r->headers; h; h = h->next)
        if (!strcasecmp(h->key, "Cache-Control")) has_cache = 1;
    if (!has_cache) resp_header(r, "Cache-Control", "no-store");
    if (is_api(r)) resp_header(r, "Vary", "Authorization, Cookie, Accept-Language");
    else resp_header(r, "Vary", "Cookie, Accept-Language");
}

/* 1 when an If-None-Match list ("a", W/"b", *) names etag. */
int pipeline_etag_matches(const char *list, const char *etag) {
    size_t n = strlen(etag);
    for (const char *p = list; *p;) {
        while (*p == ' ' || *p == ',' || *p == '\t') p++;
        if (*p == '*') return 1;
        if (!strncmp(p, "W/", 2)) p += 2; /* weak comparison, as RFC 9110 asks for If-None-Match */
        if (!strncmp(p, etag, n) && (p[n] == 0 || p[n] == ',' || p[n] == ' ')) return 1;
        while (*p && *p != ',') p++;
    }
    return 0;
}

/* JSON reads: a strong ETag from a hash of the body, 304 with no body when
 * the client has it already. Answers depend on who asks, so they are
 * private and revalidated every time. */
static void json_etag(struct req *r) {
    if ((r->method != M_GET && r->method != M_HEAD) || r->status != 200 || !r->route || !(r->route->flags & JSON) ||
        !r->content_type || strncmp(r->content_type, "application/json", 16))
        return;
    unsigned char h[16];
    crypto_generichash(h, sizeof h, (const unsigned char *)r->out.data, r->out.len, NULL, 0);
    char hex[2 * sizeof h + 1], etag[2 * sizeof h + 3];
    sodium_bin2hex(hex, sizeof hex, h, sizeof h);
    snprintf(etag, sizeof etag, "\"%s\"", hex);
    resp_header(r, "ETag", etag);
    int has_cache = 0; /* the public OpenAPI document keeps its own */
    for (struct kv *x = r->headers; x; x = x->next) has_cache |= !strcasecmp(x->key, "Cache-Control");
    if (!has_cache) resp_header(r, "Cache-Control", "private, no-cache");
    const char *inm = req_header(r, "If-None-Match");
    if (inm && pipeline_etag_matches(inm, etag)) {
        r->status = 304;
        buf_reset(&r->out);
    }
}

void pipeline_run(struct req *r) {
    token_new(r->nonce);
    r->lang = LANG_EN;
    struct db *db = db_thread();
    int status;
    if (!db) {
        status = resp_error(r, 503, N_("The database is unavailable."));
    } else {
        status = check(r, db);
        if (!status) {
            /* reads of a page see one snapshot, under one lock */
            if (r->method == M_GET || r->method == M_HEAD) db_read_begin(db);
            status = r->route->handler(r);
            db_read_end(db);
        }
        if (db) db_rollback(db); /* a handler never leaves a transaction open */
    }
    if (status < 100 || status > 599) status = 500;
    r->status = status;
    if (status >= 400 && r->out.len == 0) resp_error(r, status, NULL);
    if (r->new_csrf_cookie) resp_cookie(r, PRE_COOKIE, r->csrf_secret, 365L * 86400);
    if (!r->content_type) r->content_type = "text/plain; charset=utf-8";
    json_etag(r);
    security_headers(r);
}
