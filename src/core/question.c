/* Questions (see question.h): the kind, the accepted answer, similar
 * questions. */
#include "core/question.h"

#include <stdlib.h>
#include <string.h>

#include "core/comments.h"
#include "core/policy.h"
#include "db/db.h"
#include "lib/i18n.h"
#include "lib/text.h"

static const char *const no_fields[] = {NULL};

static int question_save(struct db *db, struct arena *a, const struct person *actor, int64_t id,
                         const struct item_input *in, const struct item *cur, struct err *e) {
    (void)a, (void)actor, (void)in;
    if (cur) return 0;
    struct db_stmt *st = db_prep(db, "INSERT INTO questions (item_id) VALUES ($1)");
    db_bind_int(st, 1, id);
    return db_run(st) == DB_DONE ? 0 : err_fail(e, ERR_INTERNAL, NULL, N_("The post could not be saved."));
}

/* A question: its title is the question, the text gives details. */
const struct kind kind_question = {.name = "question",
                                   .title = TITLE_REQUIRED,
                                   .body_required = 0,
                                   .body_max = 20000,
                                   .fields = no_fields,
                                   .save = question_save};

void question_state(struct db *db, int64_t item_id, struct question_state *out) {
    memset(out, 0, sizeof *out);
    struct db_stmt *st =
        db_prep(db, "SELECT q.accepted_comment_id, coalesce(q.accepted_by, 0), coalesce(q.accepted_at, 0)"
                    " FROM questions q JOIN comments c ON c.id = q.accepted_comment_id"
                    " AND c.deleted_at IS NULL WHERE q.item_id = $1");
    db_bind_int(st, 1, item_id);
    if (db_step(st) == DB_ROW) {
        out->accepted_comment = db_col_int(st, 0);
        out->accepted_by = db_col_int(st, 1);
        out->accepted_at = db_col_int(st, 2);
    }
    db_done(st);
}

int question_accept(struct db *db, struct arena *a, const struct person *actor, int64_t item_id, int64_t comment_id,
                    struct err *e) {
    struct item *it = item_get(db, a, actor, item_id);
    if (!it || strcmp(it->type, "question")) return err_fail(e, ERR_NOT_FOUND, NULL, N_("Not found."));
    if (!policy_item(actor, ACT_ACCEPT_ANSWER, it))
        return err_fail(e, ERR_FORBIDDEN, NULL, N_("Only the asker or a moderator may accept an answer."));
    if (comment_id) {
        struct comment *c = comment_get(db, a, actor, comment_id);
        if (!c || c->item_id != item_id)
            return err_fail(e, ERR_INVALID, "comment", N_("The accepted answer must be a comment on this question."));
    }
    struct db_stmt *st = db_prep(db, "UPDATE questions SET accepted_comment_id = $2, accepted_by = $3, accepted_at = $4"
                                     " WHERE item_id = $1");
    db_bind_int(st, 1, item_id);
    if (comment_id) {
        db_bind_int(st, 2, comment_id);
        db_bind_int(st, 3, actor->id);
        db_bind_int(st, 4, db_now());
    } else {
        db_bind_null(st, 2);
        db_bind_null(st, 3);
        db_bind_null(st, 4);
    }
    if (db_run(st) != DB_DONE) return err_fail(e, ERR_INTERNAL, NULL, N_("The answer could not be saved."));
    return 0;
}

/* Words too common to say two questions are alike (English and French). */
static int stop_word(const char *w) {
    static const char *const words[] = {
        "the",    "and",   "for",     "how",   "what", "why",   "who",     "when",     "where", "which",
        "does",   "can",   "with",    "from",  "this", "that",  "are",     "our",      "you",   "your",
        "have",   "has",   "not",     "any",   "les",  "des",   "une",     "pour",     "que",   "qui",
        "quoi",   "dans",  "sur",     "avec",  "est",  "sont",  "comment", "pourquoi", "quand", "quel",
        "quelle", "quels", "quelles", "nous",  "vous", "pas",   "par",     "aux",      "ces",   "mon",
        "mes",    "notre", "nos",     "votre", "vos",  "faire", "peut",    "peux",     "elle",  "ils"};
    for (size_t i = 0; i < sizeof words / sizeof *words; i++)
        if (!strcmp(words[i], w)) return 1;
    return 0;
}

/* words read from a title; matching questions weighed (of the 5,000 newest) */
enum { SIMILAR_WORDS = 8, SIMILAR_CANDIDATES = 500 };

struct candidate {
    int64_t id;
    int score;
};

static int by_score(const void *x, const void *y) {
    const struct candidate *a = x, *b = y;
    if (a->score != b->score) return b->score - a->score;
    return a->id < b->id ? 1 : a->id > b->id ? -1 : 0;
}

int question_similar(struct db *db, struct arena *a, const struct person *actor, const char *text, int64_t space_id,
                     int64_t except_id, int limit, struct item ***out, int *n, struct err *e) {
    *n = 0;
    *out = NULL;
    if (!text || !text_valid(text, 0) || text_chars(text) > QUESTION_QUERY_MAX)
        return err_fail(e, ERR_INVALID, "q", N_("Give one line of at most 200 characters."));
    if (limit < 1 || limit > QUESTION_SIMILAR_MAX) limit = 5;
    /* the distinct significant words, folded (é → e, lower case) */
    char *folded = text_fold(a, text);
    const char *words[SIMILAR_WORDS];
    int nw = 0;
    for (char *save, *w = strtok_r(folded, " \t\r\n.,;:!?¿¡'\"()[]{}/\\<>|*+=#@&%$~`^", &save); w && nw < SIMILAR_WORDS;
         w = strtok_r(NULL, " \t\r\n.,;:!?¿¡'\"()[]{}/\\<>|*+=#@&%$~`^", &save)) {
        if (text_chars(w) < 3 || stop_word(w)) continue;
        int dup = 0;
        for (int i = 0; i < nw && !dup; i++)
            dup = !strcmp(words[i], w);
        if (!dup) words[nw++] = w;
    }
    if (!nw) return 0;
    /* the most recent questions, their titles folded the same way: accents
     * and case match alike in both backends */
    struct candidate *cands = arena_alloc(a, sizeof *cands * SIMILAR_CANDIDATES);
    int nc = 0;
    struct db_stmt *st =
        db_prep(db, "SELECT i.id, i.title FROM items i WHERE i.type = 'question' AND i.deleted_at IS NULL"
                    " AND i.draft = 0 AND ($1 = 0 OR i.space_id = $1) AND i.id <> $2"
                    " ORDER BY i.id DESC LIMIT 5000");
    db_bind_int(st, 1, space_id);
    db_bind_int(st, 2, except_id);
    struct arena scratch = {0};
    while (db_step(st) == DB_ROW && nc < SIMILAR_CANDIDATES) {
        const char *title = text_fold(&scratch, db_col_text(st, 1) ? db_col_text(st, 1) : "");
        int score = 0;
        for (int w = 0; w < nw; w++)
            score += strstr(title, words[w]) != NULL;
        if (score) cands[nc++] = (struct candidate){db_col_int(st, 0), score};
    }
    db_done(st);
    arena_free(&scratch);
    qsort(cands, (size_t)nc, sizeof *cands, by_score);
    struct item **list = arena_alloc(a, sizeof *list * (size_t)limit);
    /* the best first, as the policy lets the actor see them */
    for (int base = 0; base < nc && *n < limit; base += 20) {
        int m = nc - base < 20 ? nc - base : 20;
        int64_t ids[20];
        struct item *loaded[20];
        for (int i = 0; i < m; i++)
            ids[i] = cands[base + i].id;
        items_load(db, a, ids, m, loaded);
        for (int i = 0; i < m && *n < limit; i++)
            if (loaded[i] && policy_item(actor, ACT_READ_ITEM, loaded[i])) list[(*n)++] = loaded[i];
    }
    items_hydrate(db, a, actor, list, *n);
    *out = list;
    return 0;
}
