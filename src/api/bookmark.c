/* A bookmark's members in an item's JSON: `link` (the address shared;
 * `url` is the item's own page, as for every item), `preview` and
 * `also_shared_by`. */
#include "api/api.h"
#include "api/kinds.h"
#include "api/shapes.h"
#include "core/bookmark.h"
#include "db/db.h"

void api_bookmark_fields(struct req *r, const struct item *it, json_t *o) {
    struct bookmark b;
    if (bookmark_read(db_thread(), &r->arena, r->me, it, &b)) return;
    json_object_set_new(o, "link", json_string(b.url));
    json_t *p = json_pack("{s:s, s:s, s:s, s:s, s:s}", "status", b.status, "host", b.host, "title", b.title,
                          "description", b.description, "image", b.image);
    json_object_set_new(p, "fetched_at", api_time(b.fetched_at));
    json_object_set_new(o, "preview", p);
    json_t *also = json_array();
    for (int i = 0; i < b.nalso; i++)
        json_array_append_new(also, json_pack("{s:I, s:o}", "item", (json_int_t)b.also[i]->id, "author",
                                              api_author_json(r, b.also[i]->author)));
    json_object_set_new(o, "also_shared_by", also);
}
