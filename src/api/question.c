/* The API of questions: the accepted answer in the item's JSON, accepting
 * an answer, similar questions. */
#include <string.h>

#include "api/api.h"
#include "api/handlers.h"
#include "api/kinds.h"
#include "api/shapes.h"
#include "core/policy.h"
#include "core/question.h"
#include "db/db.h"
#include "lib/i18n.h"
#include "lib/text.h"

void api_question_fields(struct req *r, const struct item *it, json_t *o) {
    struct question_state s;
    question_state(db_thread(), it->id, &s);
    json_object_set_new(o, "answered", json_boolean(s.accepted_comment != 0));
    json_object_set_new(o, "accepted_comment", s.accepted_comment ? json_integer(s.accepted_comment) : json_null());
    json_object_set_new(o, "accepted_at", api_time(s.accepted_at));
    json_object_set_new(o, "can_accept", json_boolean(policy_item(r->me, ACT_ACCEPT_ANSWER, it)));
}

/* POST /api/v1/items/{id}/accept {"comment": ID | null} */
int api_question_accept(struct req *r) {
    json_t *body = req_json(r);
    if (!body) return resp_error(r, 400, N_("Send a JSON object."));
    static const char *const known[] = {"comment"};
    int rc = api_known_fields(r, body, known, 1);
    if (rc) return rc;
    json_t *c = json_object_get(body, "comment");
    if (!c || (!json_is_null(c) && (!json_is_integer(c) || json_integer_value(c) <= 0))) {
        struct err e = {N_("comment is the id of a comment on this question, or null to accept none."), "comment", 0};
        return api_fail(r, 400, &e);
    }
    struct err e = {0};
    int64_t id = api_path_id(r, 0);
    rc = question_accept(db_thread(), &r->arena, r->me, id, json_is_null(c) ? 0 : json_integer_value(c), &e);
    if (rc) return api_fail(r, rc, &e);
    struct item *it = item_get(db_thread(), &r->arena, r->me, id);
    return it ? resp_json(r, 200, api_item_json(r, it)) : resp_error(r, 404, NULL);
}

/* GET /api/v1/questions/similar?q=&space=&except=&limit= */
int api_questions_similar(struct req *r) {
    const char *q = req_query(r, "q"), *space = req_query(r, "space"), *except = req_query(r, "except"),
               *limit = req_query(r, "limit");
    int64_t space_id = 0, except_id = 0, n_max = 5;
    if (space && (space_id = text_parse_id(space)) <= 0)
        return api_fail(r, 400, &(struct err){N_("space is the id of a space."), "space", 0});
    if (except && (except_id = text_parse_id(except)) <= 0)
        return api_fail(r, 400, &(struct err){N_("except is the id of a question."), "except", 0});
    if (limit && ((n_max = text_parse_id(limit)) <= 0 || n_max > QUESTION_SIMILAR_MAX))
        return api_fail(r, 400, &(struct err){N_("limit is a number from 1 to 10."), "limit", 0});
    if (space_id) {
        const struct space *s = space_view(db_thread(), &r->arena, r->me, space_id);
        if (!s || !policy_space(r->me, ACT_READ_SPACE, s)) return resp_error(r, 404, NULL);
    }
    struct item **list;
    int n;
    struct err e = {0};
    int rc =
        question_similar(db_thread(), &r->arena, r->me, q ? q : "", space_id, except_id, (int)n_max, &list, &n, &e);
    if (rc) return api_fail(r, rc, &e);
    json_t *items = json_array();
    for (int i = 0; i < n; i++)
        json_array_append_new(items, api_item_json(r, list[i]));
    return api_page(r, items, NULL);
}
