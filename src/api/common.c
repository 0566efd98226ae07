/* Shared API pieces: RFC 9457 problem documents, ?limit=, person JSON. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/api.h"
#include "core/policy.h"
#include "lib/i18n.h"
#include "lib/text.h"

static const char *status_title(int status) {
    switch (status) {
    case 400: return "Bad Request";
    case 401: return "Unauthorized";
    case 403: return "Forbidden";
    case 404: return "Not Found";
    case 405: return "Method Not Allowed";
    case 409: return "Conflict";
    case 413: return "Content Too Large";
    case 415: return "Unsupported Media Type";
    case 429: return "Too Many Requests";
    case 503: return "Service Unavailable";
    default: return status >= 500 ? "Internal Server Error" : "Error";
    }
}

static void problem(struct req *r, int status, const char *detail, const char *field) {
    json_t *p = json_pack("{s:s, s:s, s:i}", "type", "about:blank", "title", status_title(status), "status", status);
    if (detail) json_object_set_new(p, "detail", json_string(T(r, detail)));
    if (field) json_object_set_new(p, "field", json_string(field));
    char *s = json_dumps(p, JSON_COMPACT | JSON_ENSURE_ASCII);
    json_decref(p);
    buf_reset(&r->out);
    if (s) buf_puts(&r->out, s);
    buf_putc(&r->out, '\n');
    free(s);
    r->content_type = "application/problem+json";
    if (status == 401) resp_header(r, "WWW-Authenticate", "Bearer realm=\"ruche\"");
}

void api_problem(struct req *r, int status, const char *detail) { problem(r, status, detail, NULL); }

int api_fail(struct req *r, int code, const struct err *e) {
    if (code == ERR_TOO_MANY && e->retry_after)
        resp_header(r, "Retry-After", arena_printf(&r->arena, "%d", e->retry_after));
    problem(r, code, e->msg, e->field);
    return code;
}

int api_limit(struct req *r) {
    const char *s = req_query(r, "limit");
    if (!s) return 20;
    char *end;
    long n = strtol(s, &end, 10);
    if (*end || n < 1 || n > 100) {
        resp_error(r, 400, N_("limit must be a number from 1 to 100."));
        return -1;
    }
    return (int)n;
}

int64_t api_path_id(struct req *r, int i) { return text_parse_id(req_param(r, i)); }

int api_known_fields(struct req *r, json_t *body, const char *const *known, size_t n) {
    const char *key;
    json_t *val;
    json_object_foreach(body, key, val) {
        int ok = 0;
        for (size_t i = 0; i < n; i++) ok |= !strcmp(key, known[i]);
        if (!ok) {
            struct err e = {N_("This field is unknown or read-only."), arena_strdup(&r->arena, key), 0};
            return api_fail(r, 400, &e);
        }
    }
    return 0;
}

const char *api_string_member(json_t *body, const char *key, int null_clears, int *bad) {
    json_t *v = json_object_get(body, key);
    if (!v) return NULL;
    if (null_clears && json_is_null(v)) return "";
    if (!json_is_string(v)) {
        *bad = 1;
        return NULL;
    }
    return json_string_value(v);
}

json_t *api_person_json(struct req *r, const struct person *p) {
    json_t *tags = json_array();
    for (int i = 0; i < p->nexpertise; i++) json_array_append_new(tags, json_string(p->expertise[i]));
    json_t *o = json_pack("{s:I, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:o, s:b}", "id", (json_int_t)p->id, "handle",
                          p->handle, "name", p->name, "role", role_name(p->role), "title", p->title, "department",
                          p->department, "location", p->location, "phone", p->phone, "bio", p->bio, "expertise", tags,
                          "disabled", p->disabled);
    json_object_set_new(o, "email", json_string(p->email));
    json_object_set_new(o, "manager_id", p->manager_id ? json_integer(p->manager_id) : json_null());
    json_object_set_new(o, "photo_url",
                        p->photo_version ? json_string(arena_printf(&r->arena, "/people/%s/photo?v=%lld", p->handle,
                                                                    (long long)p->photo_version))
                                         : json_null());
    json_object_set_new(o, "profile_url", json_string(arena_printf(&r->arena, "/people/%s", p->handle)));
    json_object_set_new(o, "feed_url", json_string(arena_printf(&r->arena, "/people/%s/feed.atom", p->handle)));
    if (r->me && r->me->id == p->id) json_object_set_new(o, "lang", p->lang ? json_string(p->lang) : json_null());
    return o;
}
