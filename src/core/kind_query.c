/* Lists of questions and ideas (see kind_query.h). As the streams do, ids
 * are selected first, then loaded and filtered by the policy, reading on
 * when it hides some. */
#include "core/kind_query.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/policy.h"
#include "core/spaces.h"
#include "db/db.h"
#include "lib/i18n.h"

/* Common conditions: $1 space (0: any), $2 author (0: any), $3 tag ('': any). */
#define COMMON                                                                                                         \
    " i.deleted_at IS NULL AND i.draft = 0 AND ($1 = 0 OR i.space_id = $1) AND ($2 = 0 OR i.author_id = $2)"           \
    " AND ($3 = '' OR i.id IN (SELECT t.item_id FROM item_tags t WHERE t.tag = $3))"

/* Candidate ids after (score, id) in the list's order: $5 before id, $6
 * limit, $7 before score. Returns how many, with their scores. */
static int candidates(struct db *db, const struct kind_query *q, int64_t before_score, int64_t before, int want,
                      int64_t *ids, int64_t *scores) {
    struct db_stmt *st;
    if (!strcmp(q->type, "question")) {
        st = db_prep(db, "SELECT i.id, 0 FROM items i JOIN questions q ON q.item_id = i.id"
                         " LEFT JOIN comments c ON c.id = q.accepted_comment_id AND c.deleted_at IS NULL"
                         " WHERE i.type = 'question' AND" COMMON
                         " AND ($4 < 0 OR ($4 = 1 AND c.id IS NOT NULL) OR ($4 = 0 AND c.id IS NULL))"
                         " AND i.id < $5 ORDER BY i.id DESC LIMIT $6");
        db_bind_int(st, 4, q->answered);
    } else if (!q->by_score) {
        st = db_prep(db, "SELECT i.id, d.score FROM items i JOIN ideas d ON d.item_id = i.id"
                         " WHERE i.type = 'idea' AND" COMMON " AND ($4 = '' OR d.status = $4)"
                         " AND i.id < $5 ORDER BY i.id DESC LIMIT $6");
        db_bind_text(st, 4, q->status ? q->status : "");
    } else {
        st = db_prep(db,
                     "SELECT i.id, d.score FROM items i JOIN ideas d ON d.item_id = i.id"
                     " WHERE i.type = 'idea' AND" COMMON " AND ($4 = '' OR d.status = $4)"
                     " AND (d.score < $7 OR (d.score = $7 AND i.id < $5)) ORDER BY d.score DESC, i.id DESC LIMIT $6");
        db_bind_text(st, 4, q->status ? q->status : "");
        db_bind_int(st, 7, before_score);
    }
    db_bind_int(st, 1, q->space);
    db_bind_int(st, 2, q->person);
    db_bind_text(st, 3, q->tag ? q->tag : "");
    db_bind_int(st, 5, before);
    db_bind_int(st, 6, want);
    int n = 0;
    while (n < want && db_step(st) == DB_ROW) {
        ids[n] = db_col_int(st, 0);
        scores[n++] = db_col_int(st, 1);
    }
    db_done(st);
    return n;
}

/* "ID" (newest first) or "SCORE_ID" (by score). */
static int parse_cursor(const char *c, int by_score, int64_t *score, int64_t *id) {
    char *end;
    if (by_score) {
        *score = strtoll(c, &end, 10);
        if (*end != '_') return 0;
        c = end + 1;
    }
    *id = strtoll(c, &end, 10);
    return !*end && *id > 0 && end != c;
}

int kind_query_read(struct db *db, struct arena *a, const struct person *actor, const struct kind_query *q,
                    struct item ***out, int *n, const char **next, struct err *e) {
    *n = 0;
    *next = NULL;
    if (!q->type || (strcmp(q->type, "question") && strcmp(q->type, "idea")))
        return err_fail(e, ERR_INVALID, "type", N_("Unknown type of content."));
    if (q->space) {
        const struct space *s = space_view(db, a, actor, q->space);
        if (!s || !policy_space(actor, ACT_READ_SPACE, s))
            return err_fail(e, ERR_NOT_FOUND, NULL, N_("No such space."));
    }
    if (q->person && !people_view(db, a, actor, q->person))
        return err_fail(e, ERR_NOT_FOUND, NULL, N_("No such person."));
    int by_score = q->by_score && !strcmp(q->type, "idea");
    int64_t before = INT64_MAX, before_score = INT64_MAX;
    if (q->cursor && *q->cursor && !parse_cursor(q->cursor, by_score, &before_score, &before))
        return err_fail(e, ERR_INVALID, "cursor", N_("The page cursor is invalid."));
    int limit = q->limit < 1 || q->limit > 100 ? 20 : q->limit;
    struct item **list = arena_alloc(a, sizeof *list * (size_t)(limit + 1));
    int64_t *list_scores = arena_alloc(a, sizeof *list_scores * (size_t)(limit + 1));
    int count = 0, exhausted = 0;
    int64_t ids[101], scores[101];
    for (int round = 0; round < 8 && count <= limit; round++) {
        int want = limit + 1 - count;
        int got = candidates(db, q, before_score, before, want, ids, scores);
        exhausted = got < want;
        struct item *loaded[101];
        items_load(db, a, ids, got, loaded);
        for (int i = 0; i < got; i++) {
            before = ids[i];
            before_score = scores[i];
            if (loaded[i] && policy_item(actor, ACT_READ_ITEM, loaded[i])) {
                list_scores[count] = scores[i];
                list[count++] = loaded[i];
            }
        }
        if (exhausted) break;
    }
    int64_t last = 0, last_score = 0;
    if (count > limit) {
        count = limit;
        last = list[limit - 1]->id;
        last_score = list_scores[limit - 1];
    } else if (!exhausted && before != INT64_MAX) {
        last = before;
        last_score = before_score;
    }
    if (last)
        *next = by_score ? arena_printf(a, "%lld_%lld", (long long)last_score, (long long)last)
                         : arena_printf(a, "%lld", (long long)last);
    items_hydrate(db, a, actor, list, count);
    *out = list;
    *n = count;
    return 0;
}
