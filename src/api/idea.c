/* The API of ideas and polls: their members in the item's JSON and the
 * vote (PUT/DELETE /api/v1/items/{id}/vote) that both take. */
#include <string.h>

#include "api/api.h"
#include "api/handlers.h"
#include "api/kinds.h"
#include "api/shapes.h"
#include "core/idea.h"
#include "core/policy.h"
#include "core/poll.h"
#include "db/db.h"
#include "lib/i18n.h"

void api_idea_fields(struct req *r, const struct item *it, json_t *o) {
    struct idea_state s;
    idea_state(db_thread(), &r->arena, it->id, r->me ? r->me->id : 0, &s);
    json_object_set_new(o, "status", json_string(s.status));
    json_object_set_new(o, "status_comment", json_string(s.status_comment));
    json_object_set_new(o, "status_at", api_time(s.status_at));
    json_object_set_new(o, "score", json_integer(s.score));
    json_object_set_new(o, "votes_for", json_integer(s.votes_for));
    json_object_set_new(o, "votes_against", json_integer(s.votes_against));
    json_object_set_new(o, "my_vote", r->me ? json_integer(s.my_vote) : json_null());
    json_object_set_new(o, "can_vote", json_boolean(policy_item(r->me, ACT_VOTE, it) && !idea_status_closed(s.status)));
    json_object_set_new(o, "can_set_status", json_boolean(policy_item(r->me, ACT_SET_STATUS, it)));
}

void api_poll_fields(struct req *r, const struct item *it, json_t *o) {
    struct poll_state s;
    if (poll_state(db_thread(), &r->arena, it->id, r->me ? r->me->id : 0, &s)) return;
    json_t *opts = json_array(), *results = json_array(), *mine = json_array();
    for (int i = 0; i < s.noptions; i++) {
        json_array_append_new(opts, json_string(s.options[i]));
        json_t *res =
            json_pack("{s:i, s:s, s:I, s:i}", "index", i, "text", s.options[i], "votes", (json_int_t)s.votes[i],
                      "percent", s.voters ? (int)((s.votes[i] * 100 + s.voters / 2) / s.voters) : 0);
        if (s.voters_visible) {
            json_t *voters = json_array();
            for (int k = 0; k < s.nvoter_ids[i]; k++)
                json_array_append_new(voters,
                                      api_author_json(r, people_cached(db_thread(), &r->arena, s.voter_ids[i][k])));
            json_object_set_new(res, "voters", voters);
        }
        json_array_append_new(results, res);
        if (s.mine[i]) json_array_append_new(mine, json_integer(i));
    }
    json_object_set_new(o, "options", opts);
    json_object_set_new(o, "multiple", json_boolean(s.multiple));
    json_object_set_new(o, "closes_at", api_time(s.closes_at));
    json_object_set_new(o, "closed", json_boolean(s.closed));
    json_object_set_new(o, "voters_visible", json_boolean(s.voters_visible));
    json_object_set_new(o, "results", json_pack("{s:I, s:o}", "voters", (json_int_t)s.voters, "options", results));
    if (r->me)
        json_object_set_new(o, "my_vote", mine);
    else {
        json_decref(mine);
        json_object_set_new(o, "my_vote", json_null());
    }
    json_object_set_new(o, "can_vote", json_boolean(policy_item(r->me, ACT_VOTE, it) && !s.closed));
}

static int answer(struct req *r, int64_t id) {
    struct item *it = item_get(db_thread(), &r->arena, r->me, id);
    return it ? resp_json(r, 200, api_item_json(r, it)) : resp_error(r, 404, NULL);
}

/* PUT /api/v1/items/{id}/vote: {"value": 1 | -1} on an idea, {"options":
 * [indexes]} on a poll. */
int api_item_vote(struct req *r) {
    int64_t id = api_path_id(r, 0);
    struct item *it = item_get(db_thread(), &r->arena, r->me, id);
    if (!it || (strcmp(it->type, "idea") && strcmp(it->type, "poll"))) return resp_error(r, 404, NULL);
    json_t *body = req_json(r);
    if (!body) return resp_error(r, 400, N_("Send a JSON object."));
    struct err e = {0};
    int rc;
    if (!strcmp(it->type, "idea")) {
        static const char *const known[] = {"value"};
        if ((rc = api_known_fields(r, body, known, 1))) return rc;
        json_t *v = json_object_get(body, "value");
        if (!json_is_integer(v) || (json_integer_value(v) != 1 && json_integer_value(v) != -1))
            return api_fail(r, 400, &(struct err){N_("value is 1 (for) or -1 (against)."), "value", 0});
        rc = idea_vote(db_thread(), &r->arena, r->me, id, (int)json_integer_value(v), &e);
    } else {
        static const char *const known[] = {"options"};
        if ((rc = api_known_fields(r, body, known, 1))) return rc;
        json_t *v = json_object_get(body, "options");
        size_t n = json_array_size(v);
        if (!json_is_array(v) || n < 1 || n > POLL_OPTIONS_MAX)
            return api_fail(r, 400,
                            &(struct err){N_("options is an array of the chosen options' indexes."), "options", 0});
        int64_t choices[POLL_OPTIONS_MAX];
        for (size_t i = 0; i < n; i++) {
            json_t *x = json_array_get(v, i);
            if (!json_is_integer(x))
                return api_fail(r, 400,
                                &(struct err){N_("options is an array of the chosen options' indexes."), "options", 0});
            choices[i] = json_integer_value(x);
        }
        rc = poll_vote(db_thread(), &r->arena, r->me, id, choices, (int)n, &e);
    }
    return rc ? api_fail(r, rc, &e) : answer(r, id);
}

/* DELETE /api/v1/items/{id}/vote: withdraws one's vote. */
int api_item_unvote(struct req *r) {
    int64_t id = api_path_id(r, 0);
    struct item *it = item_get(db_thread(), &r->arena, r->me, id);
    if (!it || (strcmp(it->type, "idea") && strcmp(it->type, "poll"))) return resp_error(r, 404, NULL);
    struct err e = {0};
    int rc = !strcmp(it->type, "idea") ? idea_vote(db_thread(), &r->arena, r->me, id, 0, &e)
                                       : poll_vote(db_thread(), &r->arena, r->me, id, NULL, 0, &e);
    return rc ? api_fail(r, rc, &e) : answer(r, id);
}
