/* JSON shapes of the social core: items, comments, notifications, spaces
 * and their members, and the short form of a person shown as an author. */
#include <time.h>

#include "api/api.h"
#include "api/shapes.h"

#include "api/kinds.h"
#include "core/incoming.h"
#include "core/policy.h"

json_t *api_time(int64_t t) {
    if (!t) return json_null();
    time_t tt = (time_t)t;
    struct tm tm;
    gmtime_r(&tt, &tm);
    char s[32];
    strftime(s, sizeof s, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return json_string(s);
}

json_t *api_author_json(struct req *r, const struct person *p) {
    if (!p) return json_null();
    return json_pack("{s:I, s:s, s:s, s:o}", "id", (json_int_t)p->id, "handle", p->handle, "name", p->name, "photo_url",
                     p->photo_version ? json_string(arena_printf(&r->arena, "/people/%s/photo?v=%lld", p->handle,
                                                                 (long long)p->photo_version))
                                      : json_null());
}

json_t *api_item_json(struct req *r, const struct item *it) {
    json_t *tags = json_array();
    for (int i = 0; i < it->ntags; i++) json_array_append_new(tags, json_string(it->tags[i]));
    json_t *o = json_pack("{s:I, s:s, s:o, s:o, s:s, s:s, s:s, s:o}", "id", (json_int_t)it->id, "type", it->type,
                          "author", api_author_json(r, it->author), "space",
                          it->space_id ? json_integer(it->space_id) : json_null(), "title", it->title, "body", it->body,
                          "body_html", it->body_html, "tags", tags);
    json_object_set_new(o, "created_at", api_time(it->created_at));
    json_object_set_new(o, "edited_at", api_time(it->edited_at));
    json_object_set_new(o, "comments_count", json_integer(it->comments_count));
    json_object_set_new(o, "likes_count", json_integer(it->likes_count));
    json_object_set_new(o, "liked_by_me", json_boolean(it->liked_by_me));
    json_object_set_new(o, "pinned", json_boolean(it->pinned_at > 0));
    json_object_set_new(o, "draft", json_boolean(it->draft));
    json_object_set_new(o, "url", json_string(arena_printf(&r->arena, "/items/%lld", (long long)it->id)));
    const char *via = incoming_via(&r->arena, it);
    if (via) json_object_set_new(o, "via", json_string(via));
    api_kind_fields(r, it, o);
    return o;
}

json_t *api_comment_json(struct req *r, const struct comment *c) {
    json_t *o = json_pack("{s:I, s:I, s:o, s:o, s:s, s:s}", "id", (json_int_t)c->id, "item_id", (json_int_t)c->item_id,
                          "parent_id", c->parent_id ? json_integer(c->parent_id) : json_null(), "author",
                          api_author_json(r, c->author), "body", c->body, "body_html", c->body_html);
    json_object_set_new(o, "created_at", api_time(c->created_at));
    json_object_set_new(o, "edited_at", api_time(c->edited_at));
    json_object_set_new(o, "likes_count", json_integer(c->likes_count));
    json_object_set_new(o, "liked_by_me", json_boolean(c->liked_by_me));
    return o;
}

json_t *api_notification_json(struct req *r, const struct notification *x) {
    json_t *o = json_pack("{s:I, s:s, s:o, s:o, s:o, s:b}", "id", (json_int_t)x->id, "kind", notify_kind_name(x->kind),
                          "actor", api_author_json(r, x->actor), "item_id",
                          x->item_id ? json_integer(x->item_id) : json_null(), "comment_id",
                          x->comment_id ? json_integer(x->comment_id) : json_null(), "read", x->read);
    json_object_set_new(o, "space_id", x->space_id ? json_integer(x->space_id) : json_null());
    json_object_set_new(o, "created_at", api_time(x->created_at));
    return o;
}

/* What the `can` object of a space answers, each from the policy. */
static const struct {
    const char *name;
    enum action act;
} space_abilities[] = {
    {"read", ACT_READ_SPACE},
    {"post", ACT_POST},
    {"join", ACT_JOIN_SPACE},
    {"request_join", ACT_REQUEST_JOIN},
    {"leave", ACT_LEAVE_SPACE},
    {"manage_members", ACT_MANAGE_MEMBERS},
    {"settings", ACT_SPACE_SETTINGS},
    {"archive", ACT_ARCHIVE_SPACE},
    {"delete", ACT_DELETE_SPACE},
};

json_t *api_space_json(struct req *r, const struct space *s) {
    json_t *o = json_pack("{s:I, s:s, s:s, s:s, s:s, s:s, s:b, s:o, s:b}", "id", (json_int_t)s->id, "slug", s->slug,
                          "name", s->name, "description", s->description, "description_html", s->description_html,
                          "visibility", space_visibility_name(s->visibility), "secret", s->secret != 0, "parent",
                          s->parent_id ? json_integer(s->parent_id) : json_null(), "archived", s->archived_at != 0);
    json_object_set_new(o, "archived_at", api_time(s->archived_at));
    json_object_set_new(o, "created_at", api_time(s->created_at));
    json_object_set_new(o, "members_count", json_integer(s->members_count));
    /* a removed picture keeps its version negated, so URLs are never reused */
    json_object_set_new(o, "picture_url",
                        s->photo_version > 0 ? json_string(arena_printf(&r->arena, "/spaces/%s/photo?v=%lld", s->slug,
                                                                        (long long)s->photo_version))
                                             : json_null());
    json_object_set_new(o, "url", json_string(arena_printf(&r->arena, "/spaces/%s", s->slug)));
    json_object_set_new(o, "feed_url", json_string(arena_printf(&r->arena, "/spaces/%s/feed.atom", s->slug)));
    if (r->me) {
        json_object_set_new(o, "my_role", json_string(space_role_name(space_role_of(r->me, s->id))));
        json_t *can = json_object();
        for (size_t i = 0; i < sizeof space_abilities / sizeof space_abilities[0]; i++) {
            int may = policy_space(r->me, space_abilities[i].act, s);
            json_object_set_new(can, space_abilities[i].name, json_boolean(may));
        }
        json_object_set_new(o, "can", can);
    }
    return o;
}

json_t *api_member_json(struct req *r, const struct space_member *m) {
    json_t *o = json_pack("{s:o, s:s}", "person", api_author_json(r, m->person), "role", space_role_name(m->role));
    json_object_set_new(o, "since", api_time(m->since));
    return o;
}

int api_page(struct req *r, json_t *items, const char *next) {
    return resp_json(r, 200, json_pack("{s:o, s:o}", "items", items, "next_cursor", next ? json_string(next) : json_null()));
}
