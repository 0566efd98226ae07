/* Request inputs and response building for handlers (see req.h). */
#include <microhttpd.h>
#include <stdio.h>
#include <string.h>

#include "api/api.h"
#include "http/req.h"
#include "http/router.h"
#include "http/server.h"
#include "lib/html.h"
#include "web/web.h"

const char *req_param(struct req *r, int i) { return i >= 0 && i < r->nparams ? r->params[i] : NULL; }

const char *req_query(struct req *r, const char *name) {
    return MHD_lookup_connection_value(r->conn, MHD_GET_ARGUMENT_KIND, name);
}

static enum MHD_Result add_arg(void *cls, enum MHD_ValueKind kind, const char *key, const char *value) {
    struct req *r = cls;
    struct buf *b = r->query_builder;
    buf_printf(b, "%c%s=%s", b->len ? '&' : '?', url_encode(&r->arena, key), url_encode(&r->arena, value ? value : ""));
    return MHD_YES;
}

const char *req_query_string(struct req *r) {
    struct buf b = {0};
    r->query_builder = &b;
    MHD_get_connection_values(r->conn, MHD_GET_ARGUMENT_KIND, add_arg, r);
    r->query_builder = NULL;
    const char *s = arena_strdup(&r->arena, b.data ? b.data : "");
    buf_free(&b);
    return s;
}

const char *req_header(struct req *r, const char *name) {
    return MHD_lookup_connection_value(r->conn, MHD_HEADER_KIND, name);
}

const char *req_cookie(struct req *r, const char *name) {
    return MHD_lookup_connection_value(r->conn, MHD_COOKIE_KIND, name);
}

const char *req_form(struct req *r, const char *name) {
    for (struct kv *f = r->form; f; f = f->next)
        if (!f->filename && !strcmp(f->key, name)) {
            /* a NUL inside a field would silently truncate it: refuse it */
            return strlen(f->value ? f->value : "") == f->len ? (f->value ? f->value : "") : NULL;
        }
    return NULL;
}

const struct kv *req_upload(struct req *r, const char *name) {
    for (struct kv *f = r->form; f; f = f->next)
        if (f->filename && !strcmp(f->key, name)) return f;
    return NULL;
}

json_t *req_json(struct req *r) { return r->json; }

static int header_safe(const char *s) { return s && !strpbrk(s, "\r\n"); }

void resp_header(struct req *r, const char *name, const char *value) {
    if (!header_safe(name) || !header_safe(value)) {
        fprintf(stderr, "ruche: refused header %s with CR/LF\n", name ? name : "?");
        return;
    }
    struct kv *h = arena_alloc(&r->arena, sizeof *h);
    h->key = arena_strdup(&r->arena, name);
    h->value = arena_strdup(&r->arena, value);
    h->next = r->headers;
    r->headers = h;
}

void resp_cookie(struct req *r, const char *name, const char *value, long max_age) {
    int secure = !strncmp(server_config()->public_url, "https://", 8);
    if (strpbrk(value, ";, \"\\")) return;
    char *c = max_age >= 0 ? arena_printf(&r->arena, "%s=%s; Path=/; Max-Age=%ld; HttpOnly; SameSite=Lax%s", name,
                                          value, max_age, secure ? "; Secure" : "")
                           : arena_printf(&r->arena, "%s=%s; Path=/; HttpOnly; SameSite=Lax%s", name, value,
                                          secure ? "; Secure" : "");
    resp_header(r, "Set-Cookie", c);
}

int resp_redirect(struct req *r, const char *location) {
    resp_header(r, "Location", location);
    r->content_type = "text/plain; charset=utf-8";
    buf_puts(&r->out, "See Other\n");
    return 303;
}

static int to_buf(const char *data, size_t len, void *b) {
    buf_append(b, data, len);
    return 0;
}

int resp_json(struct req *r, int status, json_t *obj) {
    /* written straight into the response, as UTF-8 (valid JSON, less work
     * than escaping every non-ASCII character) */
    buf_reset(&r->out);
    buf_reserve(&r->out, 16 * 1024);
    int rc = json_dump_callback(obj, to_buf, &r->out, JSON_COMPACT);
    json_decref(obj);
    if (rc) return resp_error(r, 500, NULL);
    buf_putc(&r->out, '\n');
    r->content_type = "application/json";
    return status;
}

int resp_bytes(struct req *r, int status, const char *content_type, const void *data, size_t len) {
    buf_reset(&r->out);
    buf_append(&r->out, data, len);
    r->content_type = content_type;
    return status;
}

int resp_error(struct req *r, int status, const char *detail) {
    buf_reset(&r->out);
    int api = r->route ? (r->route->flags & JSON) != 0 : strncmp(r->path, "/api/", 5) == 0;
    if (api)
        api_problem(r, status, detail);
    else
        web_error_page(r, status, detail);
    return status;
}
