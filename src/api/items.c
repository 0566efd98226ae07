/* /api/v1/items, comments, likes, pins, streams, follows and notifications. */
#include <stdlib.h>
#include <string.h>

#include "api/api.h"
#include "api/file.h"
#include "api/handlers.h"
#include "api/shapes.h"
#include "api/wiki.h"
#include "core/content.h"
#include "core/kinds.h"
#include "core/stream.h"
#include "db/db.h"
#include "lib/i18n.h"
#include "lib/text.h"

/* Reads the common members (type, title, body, tags, space, draft) and
 * hands the kind's own to core as in->fields; answers 400 itself. */
int api_item_input(struct req *r, struct item_input *in, const char *type_of_existing) {
    json_t *body = req_json(r);
    if (!body) return resp_error(r, 400, N_("Send a JSON object."));
    int creating = type_of_existing == NULL;
    json_t *type = json_object_get(body, "type");
    const struct kind *k = kind_get(creating ? (json_is_string(type) ? json_string_value(type) : NULL) : type_of_existing);
    /* an item stays where it was posted and what it is: `space` and `type` are read-only on edit */
    const char *known[40] = {"title", "body", "tags", "draft", "comment", "type", "space"};
    size_t nk = creating ? 7 : 5;
    for (const char *const *f = k ? k->fields : NULL; f && *f && nk < 40; f++) known[nk++] = *f;
    int rc = api_known_fields(r, body, known, nk);
    if (rc) return rc;
    in->fields = body;
    json_t *draft = json_object_get(body, "draft");
    if (draft && !json_is_null(draft)) {
        if (!json_is_boolean(draft)) {
            struct err e = {N_("draft is true or false."), "draft", 0};
            return api_fail(r, 400, &e);
        }
        in->draft = json_is_true(draft) ? DRAFT_YES : DRAFT_NO;
    }
    int bad = 0;
    in->type = api_string_member(body, "type", 0, &bad);
    in->title = api_string_member(body, "title", 0, &bad);
    in->body = api_string_member(body, "body", 0, &bad);
    in->revision_comment = api_string_member(body, "comment", 0, &bad);
    json_t *space = json_object_get(body, "space");
    if (space && !json_is_null(space)) {
        if (!json_is_integer(space) || json_integer_value(space) <= 0) {
            struct err e = {N_("space is the id of a space (an integer), or null for one's profile."), "space", 0};
            return api_fail(r, 400, &e);
        }
        in->space_id = json_integer_value(space);
    }
    json_t *tags = json_object_get(body, "tags");
    if (tags) {
        if (!json_is_array(tags) || json_array_size(tags) > ITEM_TAGS_MAX) bad = 1;
        else {
            in->ntags = (int)json_array_size(tags);
            in->tags = arena_alloc(&r->arena, sizeof *in->tags * (size_t)(in->ntags + 1));
            for (int i = 0; i < in->ntags; i++) {
                json_t *t = json_array_get(tags, (size_t)i);
                if (!json_is_string(t)) bad = 1;
                else in->tags[i] = json_string_value(t);
            }
        }
    }
    if (bad)
        return resp_error(r, 400, N_("type, title, body and comment are strings; tags is an array of at most 30 strings."));
    if (creating && !in->type) {
        struct err e = {N_("Say which type of item: \"status\", \"blog\", \"discussion\"..."), "type", 0};
        return api_fail(r, 400, &e);
    }
    return 0;
}

static int item_answer(struct req *r, int status, int64_t id) {
    struct item *it = item_get(db_thread(), &r->arena, r->me, id);
    if (!it) return resp_error(r, 404, NULL);
    if (status == 201) resp_header(r, "Location", arena_printf(&r->arena, "/api/v1/items/%lld", (long long)id));
    return resp_json(r, status, api_item_json(r, it));
}

int api_item_create(struct req *r) {
    if (r->form) return api_item_create_upload(r); /* a file, as multipart/form-data (api/file.c) */
    struct item_input in = {0};
    int rc = api_item_input(r, &in, NULL);
    if (rc) return rc;
    int64_t id;
    struct err e = {0};
    rc = item_create(db_thread(), &r->arena, r->me, &in, &id, &e);
    if (rc) return api_fail(r, rc, &e);
    return item_answer(r, 201, id);
}

int api_item_get(struct req *r) { return item_answer(r, 200, api_path_id(r, 0)); }

int api_item_patch(struct req *r) {
    struct item *cur = item_get(db_thread(), &r->arena, r->me, api_path_id(r, 0));
    if (!cur) return resp_error(r, 404, NULL);
    struct item_input in = {0};
    int rc = api_item_input(r, &in, cur->type);
    if (rc) return rc;
    struct err e = {0};
    rc = item_update(db_thread(), &r->arena, r->me, api_path_id(r, 0), &in, &e);
    if (rc == ERR_CONFLICT && e.field && !strcmp(e.field, "base_revision")) /* a wiki edit on an old revision */
        return api_wiki_conflict(r, api_path_id(r, 0), &e);
    if (rc) return api_fail(r, rc, &e);
    return item_answer(r, 200, api_path_id(r, 0));
}

int api_item_delete(struct req *r) {
    struct err e = {0};
    int rc = item_delete(db_thread(), &r->arena, r->me, api_path_id(r, 0), &e);
    if (rc) return api_fail(r, rc, &e);
    r->content_type = "application/json";
    return 204;
}

int api_comments_list(struct req *r) {
    int limit = api_limit(r);
    if (limit < 0) return 400;
    struct comment **cs;
    int n;
    const char *next;
    struct err e = {0};
    int rc = comment_list(db_thread(), &r->arena, r->me, api_path_id(r, 0), req_query(r, "cursor"), limit, &cs, &n, &next, &e);
    if (rc) return api_fail(r, rc, &e);
    json_t *items = json_array();
    for (int i = 0; i < n; i++) json_array_append_new(items, api_comment_json(r, cs[i]));
    return api_page(r, items, next);
}

int api_comment_create(struct req *r) {
    json_t *body = req_json(r);
    int bad = 0;
    const char *text = body ? api_string_member(body, "body", 0, &bad) : NULL;
    json_t *parent = body ? json_object_get(body, "parent_id") : NULL;
    if (!body || bad || (parent && !json_is_integer(parent) && !json_is_null(parent)))
        return resp_error(r, 400, N_("Send {\"body\": \"...\"} and optionally \"parent_id\"."));
    int64_t id;
    struct err e = {0};
    int rc = comment_create(db_thread(), &r->arena, r->me, api_path_id(r, 0),
                            parent && json_is_integer(parent) ? json_integer_value(parent) : 0, text, &id, &e);
    if (rc) return api_fail(r, rc, &e);
    struct comment *c = comment_get(db_thread(), &r->arena, r->me, id);
    if (!c) return resp_error(r, 404, NULL);
    return resp_json(r, 201, api_comment_json(r, c));
}

int api_comment_patch(struct req *r) {
    json_t *body = req_json(r);
    int bad = 0;
    const char *text = body ? api_string_member(body, "body", 0, &bad) : NULL;
    if (!body || bad || !text) return resp_error(r, 400, N_("Send {\"body\": \"...\"}."));
    struct err e = {0};
    int rc = comment_update(db_thread(), &r->arena, r->me, api_path_id(r, 0), text, &e);
    if (rc) return api_fail(r, rc, &e);
    struct comment *c = comment_get(db_thread(), &r->arena, r->me, api_path_id(r, 0));
    return c ? resp_json(r, 200, api_comment_json(r, c)) : resp_error(r, 404, NULL);
}

int api_comment_delete(struct req *r) {
    struct err e = {0};
    int rc = comment_delete(db_thread(), &r->arena, r->me, api_path_id(r, 0), &e);
    if (rc) return api_fail(r, rc, &e);
    r->content_type = "application/json";
    return 204;
}

static int like(struct req *r, int comment, int on) {
    struct err e = {0};
    int rc = comment ? like_comment(db_thread(), &r->arena, r->me, api_path_id(r, 0), on, &e)
                     : like_item(db_thread(), &r->arena, r->me, api_path_id(r, 0), on, &e);
    if (rc) return api_fail(r, rc, &e);
    if (comment) {
        struct comment *c = comment_get(db_thread(), &r->arena, r->me, api_path_id(r, 0));
        return c ? resp_json(r, 200, api_comment_json(r, c)) : resp_error(r, 404, NULL);
    }
    return item_answer(r, 200, api_path_id(r, 0));
}

static int pin(struct req *r, int on) {
    struct err e = {0};
    int rc = item_pin(db_thread(), &r->arena, r->me, api_path_id(r, 0), on, &e);
    if (rc) return api_fail(r, rc, &e);
    return item_answer(r, 200, api_path_id(r, 0));
}

int api_item_pin(struct req *r) { return pin(r, 1); }
int api_item_unpin(struct req *r) { return pin(r, 0); }

int api_item_like(struct req *r) { return like(r, 0, 1); }
int api_item_unlike(struct req *r) { return like(r, 0, 0); }
int api_comment_like(struct req *r) { return like(r, 1, 1); }
int api_comment_unlike(struct req *r) { return like(r, 1, 0); }

static int people_page(struct req *r, struct person **list, int n, const char *next) {
    json_t *items = json_array();
    for (int i = 0; i < n; i++) json_array_append_new(items, api_author_json(r, list[i]));
    return api_page(r, items, next);
}

int api_item_likes(struct req *r) {
    int limit = api_limit(r);
    if (limit < 0) return 400;
    struct person **list;
    int n;
    const char *next;
    struct err e = {0};
    int rc = like_list(db_thread(), &r->arena, r->me, api_path_id(r, 0), 0, req_query(r, "cursor"), limit, &list, &n, &next, &e);
    return rc ? api_fail(r, rc, &e) : people_page(r, list, n, next);
}

int api_stream_page(struct req *r, struct stream_query *q) {
    int limit = api_limit(r);
    if (limit < 0) return 400;
    q->limit = limit;
    q->cursor = req_query(r, "cursor");
    struct item **items;
    int n;
    const char *next;
    struct err e = {0};
    int rc = stream_read(db_thread(), &r->arena, r->me, q, &items, &n, &next, &e);
    if (rc) return api_fail(r, rc, &e);
    json_t *arr = json_array();
    for (int i = 0; i < n; i++) json_array_append_new(arr, api_item_json(r, items[i]));
    return api_page(r, arr, next);
}

int api_stream_home(struct req *r) { return api_stream_page(r, &(struct stream_query){.kind = STREAM_HOME}); }
int api_stream_company(struct req *r) { return api_stream_page(r, &(struct stream_query){.kind = STREAM_COMPANY}); }
int api_stream_person(struct req *r) {
    int64_t id = api_path_id(r, 0);
    if (!id) return resp_error(r, 404, NULL);
    return api_stream_page(r, &(struct stream_query){.kind = STREAM_PERSON, .person = id});
}
/* GET /api/v1/items?type=&space=&tag=&author=&cursor=&limit= */
int api_items_list(struct req *r) {
    if (api_kind_list_wanted(r)) return api_kind_list(r); /* questions answered or not, ideas by score (api/kind_lists.c) */
    struct stream_query q = {.kind = STREAM_FILTER, .type = req_query(r, "type")};
    const char *space = req_query(r, "space"), *author = req_query(r, "author"), *tag = req_query(r, "tag");
    if (q.type && !kind_get(q.type)) {
        struct err e = {N_("Unknown type of content."), "type", 0};
        return api_fail(r, 400, &e);
    }
    if (space && (q.space = text_parse_id(space)) <= 0) return api_fail(r, 400, &(struct err){N_("space is the id of a space."), "space", 0});
    if (author && (q.person = text_parse_id(author)) <= 0)
        return api_fail(r, 400, &(struct err){N_("author is the id of a person."), "author", 0});
    if (tag && !(q.tag = content_tag(&r->arena, tag))) return api_fail(r, 400, &(struct err){N_("No such tag."), "tag", 0});
    return api_stream_page(r, &q);
}

int api_stream_tag(struct req *r) {
    const char *tag = content_tag(&r->arena, req_param(r, 0));
    if (!tag) return resp_error(r, 404, NULL);
    /* the page, with the tag's name and its Atom feed */
    int limit = api_limit(r);
    if (limit < 0) return 400;
    struct stream_query q = {.kind = STREAM_TAG, .tag = tag, .limit = limit, .cursor = req_query(r, "cursor")};
    struct item **items;
    int n;
    const char *next;
    struct err e = {0};
    int rc = stream_read(db_thread(), &r->arena, r->me, &q, &items, &n, &next, &e);
    if (rc) return api_fail(r, rc, &e);
    json_t *arr = json_array();
    for (int i = 0; i < n; i++) json_array_append_new(arr, api_item_json(r, items[i]));
    return resp_json(r, 200, json_pack("{s:o, s:o, s:s, s:s}", "items", arr, "next_cursor", next ? json_string(next) : json_null(),
                                       "tag", tag, "feed_url",
                                       arena_printf(&r->arena, "/tags/%s/feed.atom", url_encode(&r->arena, tag))));
}

static int follow(struct req *r, int on) {
    struct err e = {0};
    int64_t id = api_path_id(r, 0);
    int rc = follow_set(db_thread(), &r->arena, r->me, id, on, &e);
    if (rc) return api_fail(r, rc, &e);
    int64_t followers, following;
    follow_counts(db_thread(), id, &followers, &following);
    return resp_json(r, 200, json_pack("{s:I, s:b, s:I}", "id", (json_int_t)id, "following", on, "followers_count",
                                       (json_int_t)followers));
}

int api_follow(struct req *r) { return follow(r, 1); }
int api_unfollow(struct req *r) { return follow(r, 0); }

static int follow_people(struct req *r, int followers) {
    int limit = api_limit(r);
    if (limit < 0) return 400;
    struct person **list;
    int n;
    const char *next;
    struct err e = {0};
    int rc = follow_list(db_thread(), &r->arena, r->me, api_path_id(r, 0), followers, req_query(r, "cursor"), limit, &list,
                         &n, &next, &e);
    return rc ? api_fail(r, rc, &e) : people_page(r, list, n, next);
}

int api_followers(struct req *r) { return follow_people(r, 1); }
int api_following(struct req *r) { return follow_people(r, 0); }

int api_notifications(struct req *r) {
    int limit = api_limit(r);
    if (limit < 0) return 400;
    struct notification **list;
    int n;
    const char *next;
    struct err e = {0};
    int rc = notify_list(db_thread(), &r->arena, r->me, req_query(r, "cursor"), limit, &list, &n, &next, &e);
    if (rc) return api_fail(r, rc, &e);
    json_t *items = json_array();
    for (int i = 0; i < n; i++) json_array_append_new(items, api_notification_json(r, list[i]));
    json_t *page = json_pack("{s:o, s:o, s:i}", "items", items, "next_cursor", next ? json_string(next) : json_null(),
                             "unread_count", notify_unread(db_thread(), r->me->id));
    return resp_json(r, 200, page);
}

int api_notifications_read(struct req *r) {
    json_t *body = req_json(r);
    json_t *id = body ? json_object_get(body, "id") : NULL;
    if (id && (!json_is_integer(id) || json_integer_value(id) < 1)) return resp_error(r, 400, N_("Send {\"id\": N} for one, or {} for all."));
    struct err e = {0};
    int rc = notify_mark_read(db_thread(), r->me, id ? json_integer_value(id) : 0, &e);
    if (rc) return api_fail(r, rc, &e);
    return resp_json(r, 200, json_pack("{s:i}", "unread_count", notify_unread(db_thread(), r->me->id)));
}
