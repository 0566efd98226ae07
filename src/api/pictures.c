/* The API's share of what began as web-only features: profile photos and
 * space pictures (read, replace as multipart/form-data, remove), and the
 * caller's notification preferences. Core decides (people.h, spaces.h,
 * notify.h); these handlers read inputs and shape answers. */
#include <string.h>

#include "api/api.h"
#include "api/handlers.h"
#include "api/shapes.h"
#include "core/notify.h"
#include "core/spaces.h"
#include "db/db.h"
#include "http/server.h"

/* The uploaded image in part `field` into *out; else the status answered
 * (415 when the body is not multipart, 400 when the part is missing). */
static int image_part(struct req *r, const char *field, const struct kv **out) {
    if (!r->form)
        return api_fail(
            r, 415,
            &(struct err){N_("Send the image as multipart/form-data, in a part named after the field."), field, 0});
    *out = req_upload(r, field);
    if (!*out || !(*out)->len)
        return api_fail(r, 400, &(struct err){N_("Send the image as a file part of this name."), field, 0});
    return 0;
}

static int image_answer(struct req *r, const unsigned char *img, size_t len, const char *mime, int public_ok) {
    if (!img) return resp_error(r, 404, NULL);
    resp_header(r, "Cache-Control", public_ok ? "public, max-age=300" : "private, max-age=300");
    return resp_bytes(r, 200, mime, img, len);
}

/* ---- profile photos ---- */

static int person_answer(struct req *r, int64_t id) {
    struct person *p = people_view(db_thread(), &r->arena, r->me, id);
    if (!p) return resp_error(r, 404, NULL);
    return resp_json(r, 200, api_person_json(r, p));
}

int api_person_photo_get(struct req *r) {
    int64_t id = api_path_id(r, 0);
    size_t len = 0;
    const char *mime = NULL;
    const unsigned char *img = id ? people_photo(db_thread(), &r->arena, r->me, id, &len, &mime) : NULL;
    return image_answer(r, img, len, mime, 0);
}

int api_person_photo_put(struct req *r) {
    struct db *db = db_thread();
    int64_t id = api_path_id(r, 0);
    if (!id || !people_view(db, &r->arena, r->me, id)) return resp_error(r, 404, NULL);
    const struct kv *f = NULL;
    int bad = image_part(r, "photo", &f);
    if (bad) return bad;
    struct err e = {0};
    int rc = people_set_photo(db, &r->arena, r->me, id, (const unsigned char *)f->value, f->len,
                              server_config()->max_photo, &e);
    if (rc) return api_fail(r, rc, &e);
    return person_answer(r, id);
}

int api_person_photo_delete(struct req *r) {
    struct db *db = db_thread();
    int64_t id = api_path_id(r, 0);
    if (!id || !people_view(db, &r->arena, r->me, id)) return resp_error(r, 404, NULL);
    struct err e = {0};
    int rc = people_remove_photo(db, r->me, id, &e);
    if (rc) return api_fail(r, rc, &e);
    return person_answer(r, id);
}

/* ---- space pictures ---- */

static int space_answer(struct req *r, int64_t id) {
    const struct space *s = space_view(db_thread(), &r->arena, r->me, id);
    if (!s) return resp_error(r, 404, NULL);
    return resp_json(r, 200, api_space_json(r, s));
}

int api_space_picture_get(struct req *r) {
    int64_t id = api_path_id(r, 0);
    const struct space *s = id ? space_view(db_thread(), &r->arena, r->me, id) : NULL;
    size_t len = 0;
    const char *mime = NULL;
    const unsigned char *img = s ? space_photo(db_thread(), &r->arena, r->me, id, &len, &mime) : NULL;
    return image_answer(r, img, len, mime, s && s->visibility == VIS_PUBLIC);
}

int api_space_picture_put(struct req *r) {
    struct db *db = db_thread();
    int64_t id = api_path_id(r, 0);
    if (!id || !space_view(db, &r->arena, r->me, id)) return resp_error(r, 404, NULL);
    const struct kv *f = NULL;
    int bad = image_part(r, "picture", &f);
    if (bad) return bad;
    struct err e = {0};
    int rc = space_set_photo(db, &r->arena, r->me, id, (const unsigned char *)f->value, f->len,
                             server_config()->max_photo, &e);
    if (rc == ERR_INVALID && e.field && !strcmp(e.field, "photo")) e.field = "picture";
    if (rc) return api_fail(r, rc, &e);
    return space_answer(r, id);
}

int api_space_picture_delete(struct req *r) {
    struct db *db = db_thread();
    int64_t id = api_path_id(r, 0);
    if (!id || !space_view(db, &r->arena, r->me, id)) return resp_error(r, 404, NULL);
    struct err e = {0};
    int rc = space_remove_photo(db, &r->arena, r->me, id, &e);
    if (rc) return api_fail(r, rc, &e);
    return space_answer(r, id);
}

/* ---- notification preferences: {"mention": true, "like": false, ...} ---- */

static int prefs_answer(struct req *r) {
    json_t *o = json_object();
    for (int k = 0; k < NOTIFY__MAX; k++)
        json_object_set_new(o, notify_kind_name((enum notify_kind)k),
                            json_boolean(notify_enabled(db_thread(), r->me->id, (enum notify_kind)k)));
    return resp_json(r, 200, o);
}

int api_notification_prefs_get(struct req *r) { return prefs_answer(r); }

/* Changes the kinds sent (others keep their setting); all checked first. */
int api_notification_prefs_put(struct req *r) {
    json_t *body = req_json(r);
    if (!body) return resp_error(r, 400, N_("Send a JSON object of notification kinds to true or false."));
    const char *key;
    json_t *v;
    enum notify_kind k;
    json_object_foreach(body, key, v) {
        if (notify_kind_parse(key, &k))
            return api_fail(r, 400, &(struct err){N_("This is not a kind of notification."), key, 0});
        if (!json_is_boolean(v))
            return api_fail(r, 400, &(struct err){N_("This field must be true or false."), key, 0});
    }
    json_object_foreach(body, key, v) {
        notify_kind_parse(key, &k);
        notify_set_enabled(db_thread(), r->me->id, k, json_is_true(v));
    }
    return prefs_answer(r);
}
