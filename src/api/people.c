/* /api/v1/me and /api/v1/people: the directory and profiles as JSON. */
#include <stdlib.h>
#include <string.h>

#include "api/api.h"
#include "api/handlers.h"
#include "db/db.h"

static int64_t parse_id(const char *s) {
    if (!s || !*s) return 0;
    char *end;
    long long v = strtoll(s, &end, 10);
    return *end || v <= 0 ? 0 : v;
}

int api_me(struct req *r) {
    struct person *p = people_get(db_thread(), &r->arena, r->me->id);
    return resp_json(r, 200, api_person_json(r, p ? p : r->me));
}

int api_people_list(struct req *r) {
    int limit = api_limit(r);
    if (limit < 0) return 400;
    struct person **list;
    int n;
    const char *next;
    struct err e = {0};
    int rc = people_search(db_thread(), &r->arena, r->me, req_query(r, "q"), req_query(r, "department"),
                           req_query(r, "cursor"), limit, &list, &n, &next, &e);
    if (rc) return api_fail(r, rc, &e);
    json_t *items = json_array();
    for (int i = 0; i < n; i++) json_array_append_new(items, api_person_json(r, list[i]));
    return resp_json(r, 200, json_pack("{s:o, s:o}", "items", items, "next_cursor", next ? json_string(next) : json_null()));
}

int api_person_get(struct req *r) {
    int64_t id = parse_id(req_param(r, 0));
    struct person *p = id ? people_view(db_thread(), &r->arena, r->me, id) : NULL;
    if (!p) return resp_error(r, 404, NULL);
    return resp_json(r, 200, api_person_json(r, p));
}

/* A string member of the body, NULL when absent; *bad set when not a string. */
static const char *member(json_t *body, const char *key, int *bad) {
    json_t *v = json_object_get(body, key);
    if (!v) return NULL;
    if (json_is_null(v)) return "";
    if (!json_is_string(v)) {
        *bad = 1;
        return NULL;
    }
    return json_string_value(v);
}

int api_person_patch(struct req *r) {
    struct db *db = db_thread();
    int64_t id = parse_id(req_param(r, 0));
    if (!id || !people_view(db, &r->arena, r->me, id)) return resp_error(r, 404, NULL);
    json_t *body = req_json(r);
    if (!body) return resp_error(r, 400, N_("Send a JSON object with the fields to change."));
    static const char *const known[] = {"name", "handle", "title", "department", "location", "phone",
                                        "bio", "lang", "manager", "expertise", "role"};
    const char *key;
    json_t *val;
    json_object_foreach(body, key, val) {
        int ok = 0;
        for (size_t i = 0; i < sizeof known / sizeof known[0]; i++) ok |= !strcmp(key, known[i]);
        if (!ok) {
            struct err e = {N_("This field is unknown or read-only."), arena_strdup(&r->arena, key), 0};
            return api_fail(r, 400, &e);
        }
    }
    int bad = 0;
    struct person_edit ed = {
        .name = member(body, "name", &bad),
        .handle = member(body, "handle", &bad),
        .title = member(body, "title", &bad),
        .department = member(body, "department", &bad),
        .location = member(body, "location", &bad),
        .phone = member(body, "phone", &bad),
        .bio = member(body, "bio", &bad),
        .lang = member(body, "lang", &bad),
        .manager_handle = member(body, "manager", &bad),
        .role = member(body, "role", &bad),
    };
    json_t *tags = json_object_get(body, "expertise");
    if (tags) {
        if (!json_is_array(tags)) bad = 1;
        struct buf b = {0};
        size_t i;
        json_t *t;
        json_array_foreach(tags, i, t) {
            if (!json_is_string(t) || strchr(json_string_value(t), ',')) bad = 1;
            else buf_printf(&b, "%s%s", i ? "," : "", json_string_value(t));
        }
        ed.expertise = arena_strdup(&r->arena, b.data ? b.data : "");
        buf_free(&b);
    }
    if (bad) return resp_error(r, 400, N_("Fields are strings; expertise is an array of strings without commas."));
    struct err e = {0};
    int rc = people_update(db, &r->arena, r->me, id, &ed, &e);
    if (rc) return api_fail(r, rc, &e);
    return resp_json(r, 200, api_person_json(r, people_get(db, &r->arena, id)));
}

int api_openapi(struct req *r) {
    const struct embedded_file *f = embedded_find("docs/openapi.json");
    if (!f) return resp_error(r, 404, NULL);
    resp_header(r, "Cache-Control", "public, max-age=3600");
    return resp_bytes(r, 200, "application/json", f->data, f->size);
}
