/* /api/v1/tags: suggestions for a prefix (the tag input's autocomplete)
 * and the trending tags, counted over what the caller may see. */
#include <stdlib.h>
#include <string.h>

#include "api/api.h"
#include "api/handlers.h"
#include "core/tags.h"
#include "db/db.h"
#include "lib/i18n.h"

/* ?limit= as 1..20 (default 10); -1 after answering 400. */
static int tags_limit(struct req *r) {
    const char *s = req_query(r, "limit");
    if (!s) return 10;
    char *end;
    long n = strtol(s, &end, 10);
    if (*end || n < 1 || n > TAGS_LIMIT_MAX) {
        struct err e = {N_("limit must be a number from 1 to 20."), "limit", 0};
        api_fail(r, ERR_INVALID, &e);
        return -1;
    }
    return (int)n;
}

static int answer(struct req *r, const struct tag_count *list, int n, int days) {
    json_t *items = json_array();
    for (int i = 0; i < n; i++)
        json_array_append_new(items, json_pack("{s:s, s:I}", "tag", list[i].tag, "count", (json_int_t)list[i].count));
    json_t *o = json_pack("{s:o, s:n}", "items", items, "next_cursor"); /* bounded: one page */
    if (days) json_object_set_new(o, "days", json_integer(days));
    return resp_json(r, 200, o);
}

/* GET /api/v1/tags?q=prefix&limit= */
int api_tags_suggest(struct req *r) {
    int limit = tags_limit(r);
    if (limit < 0) return 400;
    struct tag_count *list;
    int n;
    struct err e = {0};
    int rc = tags_suggest(db_thread(), &r->arena, r->me, req_query(r, "q"), limit, &list, &n, &e);
    if (rc) return api_fail(r, rc, &e);
    return answer(r, list, n, 0);
}

/* GET /api/v1/tags/trending?days=7&limit= */
int api_tags_trending(struct req *r) {
    int limit = tags_limit(r);
    if (limit < 0) return 400;
    const char *d = req_query(r, "days");
    long days = 7;
    if (d) {
        char *end;
        days = strtol(d, &end, 10);
        if (*end || !*d) days = -1;
    }
    struct tag_count *list;
    int n;
    struct err e = {0};
    int rc = tags_trending(db_thread(), &r->arena, r->me, days < 0 || days > 1000 ? -1 : (int)days, limit, &list, &n, &e);
    if (rc) return api_fail(r, rc, &e);
    return answer(r, list, n, (int)days);
}
