/* GET /api/v1/search: the search (core/search.c) as JSON. Each hit says
 * what it is (kind, type), carries the matching object in its usual shape,
 * and its title and snippet as plain text with the matched spans as
 * [start, length] pairs counted in Unicode code points. */
#include "core/search.h"
#include "api/api.h"
#include "api/handlers.h"
#include "api/shapes.h"
#include "core/spaces.h"
#include "db/db.h"
#include "lib/text.h"

/* Code points in the first `bytes` bytes of s. */
static json_int_t cps(const char *s, int bytes) {
    json_int_t n = 0;
    for (int i = 0; i < bytes && s[i]; i++)
        if (((unsigned char)s[i] & 0xC0) != 0x80) n++;
    return n;
}

static json_t *marks_json(const struct search_text *t) {
    json_t *a = json_array();
    for (int i = 0; i < t->nmarks; i++) {
        json_int_t start = cps(t->text, t->marks[i].start);
        json_int_t len = cps(t->text + t->marks[i].start, t->marks[i].len);
        json_array_append_new(a, json_pack("[I, I]", start, len));
    }
    return a;
}

static json_t *hit_json(struct req *r, const struct search_hit *h) {
    json_t *o = json_pack("{s:s, s:s, s:I, s:o, s:s, s:o, s:s, s:o}", "kind", h->kind, "type", h->type, "id",
                          (json_int_t)h->id, "created_at", api_time(h->at), "title", h->title.text, "title_highlights",
                          marks_json(&h->title), "snippet", h->snippet.text, "highlights", marks_json(&h->snippet));
    const char *url;
    if (h->item) {
        json_object_set_new(o, "item", api_item_json(r, h->item));
        if (h->person) json_object_set_new(o, "author", api_author_json(r, h->person));
        url = h->kind[0] == 'c'
                  ? arena_printf(&r->arena, "/items/%lld#comment-%lld", (long long)h->item->id, (long long)h->id)
                  : arena_printf(&r->arena, "/items/%lld", (long long)h->id);
    } else if (h->space) {
        json_object_set_new(o, "space", api_space_json(r, h->space));
        url = arena_printf(&r->arena, "/spaces/%s", h->space->slug);
    } else {
        json_object_set_new(o, "person", api_person_json(r, h->person));
        url = arena_printf(&r->arena, "/people/%s", h->person->handle);
    }
    json_object_set_new(o, "url", json_string(url));
    return o;
}

int api_search(struct req *r) {
    int limit = api_limit(r);
    if (limit < 0) return 400;
    if (limit > 50) return api_fail(r, 400, &(struct err){N_("limit must be a number from 1 to 50."), "limit", 0});
    struct search_query q = {.q = req_query(r, "q"),
                             .type = req_query(r, "type"),
                             .tag = req_query(r, "tag"),
                             .from = req_query(r, "from"),
                             .to = req_query(r, "to"),
                             .cursor = req_query(r, "cursor"),
                             .limit = limit};
    const char *space = req_query(r, "space"), *author = req_query(r, "author");
    if (!q.q) return api_fail(r, 400, &(struct err){N_("Type a word to search for."), "q", 0});
    if (space && (q.space = text_parse_id(space)) <= 0)
        return api_fail(r, 400, &(struct err){N_("space is the id of a space."), "space", 0});
    if (author && (q.author = text_parse_id(author)) <= 0)
        return api_fail(r, 400, &(struct err){N_("author is the id of a person."), "author", 0});
    struct search_hit *hits;
    int n;
    const char *next;
    struct err e = {0};
    int rc = search_run(db_thread(), &r->arena, r->me, &q, &hits, &n, &next, &e);
    if (rc) return api_fail(r, rc, &e);
    json_t *items = json_array();
    for (int i = 0; i < n; i++)
        json_array_append_new(items, hit_json(r, &hits[i]));
    return api_page(r, items, next);
}
