/* The API of files: their members in an item's JSON, creating one from a
 * multipart upload, new versions, the versions list, downloads. */
#include <string.h>

#include "api/api.h"
#include "api/file.h"
#include "api/handlers.h"
#include "api/shapes.h"
#include "core/file.h"
#include "db/db.h"
#include "http/download.h"
#include "lib/text.h"

static json_t *version_json(struct req *r, int64_t item_id, const struct file_version *v) {
    json_t *o = json_pack("{s:I, s:s, s:s, s:I, s:s}", "version", (json_int_t)v->version, "name", v->name, "mime", v->mime,
                          "size", (json_int_t)v->size, "sha256", v->sha256);
    json_object_set_new(o, "uploaded_at", api_time(v->created_at));
    json_object_set_new(o, "download_url", json_string(arena_printf(&r->arena, "/items/%lld/download?version=%lld",
                                                                    (long long)item_id, (long long)v->version)));
    json_object_set_new(o, "preview_url", v->has_preview ? json_string(arena_printf(&r->arena, "/items/%lld/preview?version=%lld",
                                                                                    (long long)item_id, (long long)v->version))
                                                         : json_null());
    return o;
}

void api_file_fields(struct req *r, const struct item *it, json_t *o) {
    struct file_version *vs;
    int n;
    file_versions(db_thread(), &r->arena, it->id, &vs, &n);
    if (!n) return;
    json_object_set_new(o, "file", version_json(r, it->id, &vs[0]));
    json_object_set_new(o, "versions_count", json_integer(n));
}

/* POST /api/v1/items as multipart/form-data: type, title, body, space,
 * tags (separated by commas or spaces) and the file. */
int api_item_create_upload(struct req *r) {
    struct item_input in = {.type = req_form(r, "type"), .title = req_form(r, "title"), .body = req_form(r, "body")};
    if (!in.type) return api_fail(r, 400, &(struct err){N_("Say which type of item: \"file\"."), "type", 0});
    if (strcmp(in.type, "file"))
        return api_fail(r, 400, &(struct err){N_("Only files are sent as multipart/form-data; send other items as JSON."), "type", 0});
    const char *space = req_form(r, "space");
    if (space && *space && (in.space_id = text_parse_id(space)) <= 0)
        return api_fail(r, 400, &(struct err){N_("space is the id of a space (an integer), or null for one's profile."), "space", 0});
    const char *tags = req_form(r, "tags");
    if (tags) {
        char *copy = arena_strdup(&r->arena, tags);
        in.tags = arena_alloc(&r->arena, sizeof *in.tags * (ITEM_TAGS_MAX + 2));
        for (char *save, *t = strtok_r(copy, " ,\t\r\n", &save); t && in.ntags <= ITEM_TAGS_MAX; t = strtok_r(NULL, " ,\t\r\n", &save))
            in.tags[in.ntags++] = *t == '#' ? t + 1 : t;
    }
    const struct kv *f = req_upload(r, "file");
    if (f) {
        in.upload = (const unsigned char *)(f->value ? f->value : "");
        in.upload_len = f->len;
        in.upload_name = f->filename;
    }
    int64_t id;
    struct err e = {0};
    int rc = item_create(db_thread(), &r->arena, r->me, &in, &id, &e);
    if (rc) return api_fail(r, rc, &e);
    struct item *it = item_get(db_thread(), &r->arena, r->me, id);
    if (!it) return resp_error(r, 404, NULL);
    resp_header(r, "Location", arena_printf(&r->arena, "/api/v1/items/%lld", (long long)id));
    return resp_json(r, 201, api_item_json(r, it));
}

/* POST /api/v1/items/{id}/versions (multipart: file) */
int api_file_version_create(struct req *r) {
    const struct kv *f = r->form ? req_upload(r, "file") : NULL;
    if (!r->form)
        return api_fail(r, 415, &(struct err){N_("Send the file as multipart/form-data, in a part named \"file\"."), "file", 0});
    struct err e = {0};
    int64_t id = api_path_id(r, 0);
    int rc = file_add_version(db_thread(), &r->arena, r->me, id, f ? (const unsigned char *)(f->value ? f->value : "") : NULL,
                              f ? f->len : 0, f ? f->filename : NULL, &e);
    if (rc) return api_fail(r, rc, &e);
    struct item *it = item_get(db_thread(), &r->arena, r->me, id);
    return it ? resp_json(r, 201, api_item_json(r, it)) : resp_error(r, 404, NULL);
}

/* GET /api/v1/items/{id}/versions */
int api_file_versions(struct req *r) {
    int64_t id = api_path_id(r, 0);
    struct item *it = item_get(db_thread(), &r->arena, r->me, id);
    if (!it || strcmp(it->type, "file")) return resp_error(r, 404, NULL);
    struct file_version *vs;
    int n;
    file_versions(db_thread(), &r->arena, id, &vs, &n);
    json_t *items = json_array();
    for (int i = 0; i < n; i++) {
        json_t *o = version_json(r, id, &vs[i]);
        struct person *p = vs[i].uploaded_by ? people_cached(db_thread(), &r->arena, vs[i].uploaded_by) : NULL;
        json_object_set_new(o, "uploaded_by", api_author_json(r, p));
        json_array_append_new(items, o);
    }
    return resp_json(r, 200, json_pack("{s:o, s:n}", "items", items, "next_cursor")); /* bounded: one page */
}

/* The ?version= of a download or preview: 0 for the current one, -1 when invalid. */
int64_t api_file_version_param(struct req *r) {
    const char *v = req_query(r, "version");
    if (!v) return 0;
    int64_t n = text_parse_id(v);
    return n > 0 ? n : -1;
}

/* GET /api/v1/items/{id}/download[?version=N] */
int api_file_download(struct req *r) {
    int64_t version = api_file_version_param(r);
    if (version < 0) return api_fail(r, 400, &(struct err){N_("version is a version number (1, 2...)."), "version", 0});
    struct file_version v;
    struct err e = {0};
    int rc = file_read(db_thread(), &r->arena, r->me, api_path_id(r, 0), version, &v, &e);
    if (rc) return api_fail(r, rc, &e);
    return resp_download(r, v.name, file_safe_type(v.mime), v.sha256, v.data, (size_t)v.size, 0);
}
