/* /api/v1/me and /api/v1/people: the directory and profiles as JSON. */
#include <stdlib.h>
#include <string.h>

#include "api/api.h"
#include "api/handlers.h"
#include "db/db.h"

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
    int64_t id = api_path_id(r, 0);
    struct person *p = id ? people_view(db_thread(), &r->arena, r->me, id) : NULL;
    if (!p) return resp_error(r, 404, NULL);
    return resp_json(r, 200, api_person_json(r, p));
}

int api_person_patch(struct req *r) {
    struct db *db = db_thread();
    int64_t id = api_path_id(r, 0);
    if (!id || !people_view(db, &r->arena, r->me, id)) return resp_error(r, 404, NULL);
    json_t *body = req_json(r);
    if (!body) return resp_error(r, 400, N_("Send a JSON object with the fields to change."));
    static const char *const known[] = {"name", "handle", "title", "department", "location", "phone",
                                        "bio", "lang", "manager", "expertise", "role"};
    int rc = api_known_fields(r, body, known, sizeof known / sizeof known[0]);
    if (rc) return rc;
    int bad = 0;
    struct person_edit ed = {
        .name = api_string_member(body, "name", 1, &bad),
        .handle = api_string_member(body, "handle", 1, &bad),
        .title = api_string_member(body, "title", 1, &bad),
        .department = api_string_member(body, "department", 1, &bad),
        .location = api_string_member(body, "location", 1, &bad),
        .phone = api_string_member(body, "phone", 1, &bad),
        .bio = api_string_member(body, "bio", 1, &bad),
        .lang = api_string_member(body, "lang", 1, &bad),
        .manager_handle = api_string_member(body, "manager", 1, &bad),
        .role = api_string_member(body, "role", 1, &bad),
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
    rc = people_update(db, &r->arena, r->me, id, &ed, &e);
    if (rc) return api_fail(r, rc, &e);
    return resp_json(r, 200, api_person_json(r, people_get(db, &r->arena, id)));
}

int api_openapi(struct req *r) {
    const struct embedded_file *f = embedded_find("docs/openapi.json");
    if (!f) return resp_error(r, 404, NULL);
    resp_header(r, "Cache-Control", "public, max-age=3600");
    return resp_bytes(r, 200, "application/json", f->data, f->size);
}
