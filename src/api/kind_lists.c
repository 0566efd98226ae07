/* GET /api/v1/items?type=question&answered=0|1 and
 * ?type=idea&status=&sort=score|date: the lists of questions and ideas with
 * their own filters (core/kind_query.h), reached from api_items_list. */
#include <string.h>

#include "api/api.h"
#include "api/handlers.h"
#include "api/shapes.h"
#include "core/content.h"
#include "core/idea.h"
#include "core/kind_query.h"
#include "db/db.h"
#include "lib/i18n.h"
#include "lib/text.h"

int api_kind_list_wanted(struct req *r) {
    return req_query(r, "answered") || req_query(r, "status") || req_query(r, "sort");
}

int api_kind_list(struct req *r) {
    const char *type = req_query(r, "type"), *answered = req_query(r, "answered"), *status = req_query(r, "status"),
               *sort = req_query(r, "sort"), *space = req_query(r, "space"), *author = req_query(r, "author"),
               *tag = req_query(r, "tag");
    struct kind_query q = {.type = type, .answered = -1, .cursor = req_query(r, "cursor")};
    int question = type && !strcmp(type, "question"), idea = type && !strcmp(type, "idea");
    if (answered && (!question || (strcmp(answered, "0") && strcmp(answered, "1"))))
        return api_fail(r, 400,
                        &(struct err){N_("answered (0 or 1) filters questions: add type=question."), "answered", 0});
    if (status && (!idea || !idea_status_valid(status)))
        return api_fail(r, 400,
                        &(struct err){N_("status (new, review, planned, done, declined) filters ideas: add type=idea."),
                                      "status", 0});
    if (sort && (!idea || (strcmp(sort, "score") && strcmp(sort, "date"))))
        return api_fail(r, 400, &(struct err){N_("sort (score or date) orders ideas: add type=idea."), "sort", 0});
    if (answered) q.answered = answered[0] == '1';
    q.status = status;
    q.by_score = sort && !strcmp(sort, "score");
    if (space && (q.space = text_parse_id(space)) <= 0)
        return api_fail(r, 400, &(struct err){N_("space is the id of a space."), "space", 0});
    if (author && (q.person = text_parse_id(author)) <= 0)
        return api_fail(r, 400, &(struct err){N_("author is the id of a person."), "author", 0});
    if (tag && !(q.tag = content_tag(&r->arena, tag)))
        return api_fail(r, 400, &(struct err){N_("No such tag."), "tag", 0});
    int limit = api_limit(r);
    if (limit < 0) return 400;
    q.limit = limit;
    struct item **items;
    int n;
    const char *next;
    struct err e = {0};
    int rc = kind_query_read(db_thread(), &r->arena, r->me, &q, &items, &n, &next, &e);
    if (rc) return api_fail(r, rc, &e);
    json_t *arr = json_array();
    for (int i = 0; i < n; i++)
        json_array_append_new(arr, api_item_json(r, items[i]));
    return api_page(r, arr, next);
}
