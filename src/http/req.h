/* The request as handlers see it: typed access to inputs (path parameters,
 * query, form, uploads, JSON, cookies, headers), the signed-in actor, and a
 * buffered response. Everything lives in the request's arena. */
#ifndef RUCHE_REQ_H
#define RUCHE_REQ_H
#include <jansson.h>
#include <stdint.h>

#include "core/people.h"
#include "lib/arena.h"
#include "lib/buf.h"
#include "lib/crypto.h"
#include "lib/i18n.h"

struct MHD_Connection;
struct route;

/* Limits of a request's structure (docs/reliability.md, "Limits"). */
enum { FORM_FIELDS_MAX = 200, JSON_VALUES_MAX = 10000, JSON_DEPTH_MAX = 32 };

enum method { M_GET, M_POST, M_PUT, M_PATCH, M_DELETE, M_HEAD, M_OTHER };

struct kv {
    const char *key, *value;
    size_t len; /* of value */
    const char *filename, *content_type; /* uploads only */
    struct buf *data;                    /* form fields: storage of value */
    struct kv *next;
};

struct req {
    struct arena arena;
    struct MHD_Connection *conn;
    enum method method;
    const char *method_name, *path, *client_ip;
    const struct route *route;
    int route_index;
    const char *params[4];
    int nparams;
    /* body */
    struct buf body;
    int body_too_large, body_bad;
    int too_many_fields;   /* a form of more than FORM_FIELDS_MAX fields */
    int headers_too_large; /* request line and headers over max_header */
    void *post_processor;
    struct kv *form; /* urlencoded or multipart fields */
    json_t *json;
    /* the actor */
    struct person *me; /* NULL: anonymous */
    int via_token;      /* authenticated by an API token (no CSRF needed) */
    int64_t page_space; /* the space whose page this is: its item cards need not name it */
    const char *feed_href; /* the page's Atom feed, for <link rel="alternate"> in its head; NULL: none */
    char token_scopes[64];
    char csrf_secret[TOKEN_CHARS + 1]; /* session token or anonymous pre-token */
    char csrf[TOKEN_CHARS + 1];        /* token forms must send back */
    int new_csrf_cookie;
    enum lang lang;
    char nonce[TOKEN_CHARS + 1]; /* CSP nonce for this response */
    /* response */
    int status;
    struct buf out;
    const char *content_type;
    struct kv *headers;
    void *stream_response; /* a streaming MHD response (live events) instead of `out` */
    int64_t started_us;
    size_t sent_bytes;
    int called; /* access-handler calls so far */
    struct buf *query_builder; /* scratch for req_query_string */
};

/* Inputs; NULL when absent. Values are decoded and NUL-terminated. */
const char *req_param(struct req *r, int i);
const char *req_query(struct req *r, const char *name);
/* The query re-encoded ("?a=1&b=2"), "" when there is none. */
const char *req_query_string(struct req *r);
const char *req_form(struct req *r, const char *name);
const struct kv *req_upload(struct req *r, const char *name); /* has filename */
const char *req_header(struct req *r, const char *name);
const char *req_cookie(struct req *r, const char *name);
/* Parsed JSON object body, or NULL (the pipeline already answered 400 for
 * malformed JSON on JSON routes). */
json_t *req_json(struct req *r);

/* Response. Header values with CR or LF are refused (logged, not sent). */
void resp_header(struct req *r, const char *name, const char *value);
void resp_cookie(struct req *r, const char *name, const char *value, long max_age);
int resp_redirect(struct req *r, const char *location); /* 303 See Other */
int resp_json(struct req *r, int status, json_t *obj);  /* steals obj */
/* An error in the route's format: HTML page or application/problem+json. */
int resp_error(struct req *r, int status, const char *detail);
/* Raw bytes (downloads, images, assets); copies data. */
int resp_bytes(struct req *r, int status, const char *content_type, const void *data, size_t len);

/* The translated UI string for this request's language. */
#define T(r, s) i18n_get((r)->lang, (s))
#define TN(r, one, many, n) i18n_nget((r)->lang, (one), (many), (n))

#endif
