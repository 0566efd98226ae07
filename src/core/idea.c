/* Ideas (see idea.h): the kind with its status fields, votes and scores. */
#include "core/idea.h"

#include <string.h>

#include "core/policy.h"
#include "core/spaces.h"
#include "db/db.h"
#include "lib/i18n.h"
#include "lib/text.h"

static const char *const statuses[] = {"new", "review", "planned", "done", "declined"};

int idea_status_valid(const char *s) {
    for (size_t i = 0; s && i < sizeof statuses / sizeof *statuses; i++)
        if (!strcmp(s, statuses[i])) return 1;
    return 0;
}

int idea_status_closed(const char *s) { return s && (!strcmp(s, "done") || !strcmp(s, "declined")); }

/* The status members of an edit: status (required with a comment) and its
 * comment; only who may set the status sends them. */
static int idea_check(struct db *db, struct arena *a, const struct person *actor, const struct item_input *in,
                      const struct item *cur, struct err *e) {
    (void)db, (void)a;
    int bad = 0;
    const char *status = kind_string(in, "status", &bad);
    if (bad || (status && !idea_status_valid(status)))
        return err_fail(e, ERR_INVALID, "status", N_("status is one of new, review, planned, done, declined."));
    bad = 0;
    const char *comment = kind_string(in, "status_comment", &bad);
    if (bad || (comment && (!text_valid(comment, 1) || text_chars(comment) > IDEA_STATUS_COMMENT_MAX)))
        return err_fail(e, ERR_INVALID, "status_comment", N_("The status comment has at most 1,000 characters."));
    if (comment && !status) return err_fail(e, ERR_INVALID, "status_comment", N_("Send the status with its comment."));
    if (status && !cur)
        return err_fail(e, ERR_INVALID, "status", N_("A new idea starts as new; moderators change its status later."));
    if (status && !policy_item(actor, ACT_SET_STATUS, cur))
        return err_fail(e, ERR_FORBIDDEN, "status", N_("Only the space's moderators may set an idea's status."));
    return 0;
}

static int idea_save(struct db *db, struct arena *a, const struct person *actor, int64_t id,
                     const struct item_input *in, const struct item *cur, struct err *e) {
    struct db_stmt *st;
    int bad = 0;
    const char *status = kind_string(in, "status", &bad);
    if (!cur) {
        st = db_prep(db, "INSERT INTO ideas (item_id) VALUES ($1)");
        db_bind_int(st, 1, id);
    } else if (status) {
        const char *comment = kind_string(in, "status_comment", &bad);
        st = db_prep(db, "UPDATE ideas SET status = $2, status_comment = $3, status_by = $4, status_at = $5"
                         " WHERE item_id = $1");
        db_bind_int(st, 1, id);
        db_bind_text(st, 2, status);
        db_bind_text(st, 3, comment ? text_trim(a, comment) : "");
        db_bind_int(st, 4, actor->id);
        db_bind_int(st, 5, db_now());
    } else {
        return 0;
    }
    return db_run(st) == DB_DONE ? 0 : err_fail(e, ERR_INTERNAL, NULL, N_("The post could not be saved."));
}

static const char *const idea_fields[] = {"status", "status_comment", NULL};

/* An idea lives in a space, whose moderators decide its status. */
const struct kind kind_idea = {.name = "idea",
                               .title = TITLE_REQUIRED,
                               .body_required = 1,
                               .body_max = 20000,
                               .space_only = 1,
                               .fields = idea_fields,
                               .check = idea_check,
                               .save = idea_save};

void idea_state(struct db *db, struct arena *a, int64_t item_id, int64_t actor_id, struct idea_state *out) {
    memset(out, 0, sizeof *out);
    out->status = "new";
    out->status_comment = "";
    struct db_stmt *st = db_prep(db, "SELECT status, status_comment, coalesce(status_by, 0), coalesce(status_at, 0),"
                                     " score, votes_for, votes_against FROM ideas WHERE item_id = $1");
    db_bind_int(st, 1, item_id);
    if (db_step(st) == DB_ROW) {
        out->status = arena_strdup(a, db_col_text(st, 0));
        out->status_comment = arena_strdup(a, db_col_text(st, 1) ? db_col_text(st, 1) : "");
        out->status_by = db_col_int(st, 2);
        out->status_at = db_col_int(st, 3);
        out->score = db_col_int(st, 4);
        out->votes_for = db_col_int(st, 5);
        out->votes_against = db_col_int(st, 6);
    }
    db_done(st);
    if (!actor_id) return;
    st = db_prep(db, "SELECT value FROM idea_votes WHERE item_id = $1 AND person_id = $2");
    db_bind_int(st, 1, item_id);
    db_bind_int(st, 2, actor_id);
    out->my_vote = (int)db_int_or(st, 0);
}

int idea_vote(struct db *db, struct arena *a, const struct person *actor, int64_t item_id, int value, struct err *e) {
    if (value != 1 && value != -1 && value != 0)
        return err_fail(e, ERR_INVALID, "value", N_("value is 1 (for) or -1 (against)."));
    struct item *it = item_get(db, a, actor, item_id);
    if (!it || strcmp(it->type, "idea")) return err_fail(e, ERR_NOT_FOUND, NULL, N_("Not found."));
    if (!policy_item(actor, ACT_VOTE, it))
        return err_fail(e, ERR_FORBIDDEN, NULL,
                        it->space && it->space->archived_at ? N_("This space is archived: it is read-only.")
                                                            : N_("Join the space to vote."));
    struct idea_state s;
    idea_state(db, a, item_id, 0, &s);
    if (idea_status_closed(s.status))
        return err_fail(e, ERR_CONFLICT, NULL, N_("Voting is closed: this idea is done or declined."));
    if (db_begin(db)) return err_fail(e, ERR_INTERNAL, NULL, N_("The database is busy; try again."));
    struct db_stmt *st;
    if (value) {
        st = db_prep(db, "INSERT INTO idea_votes (item_id, person_id, value, created_at) VALUES ($1, $2, $3, $4)"
                         " ON CONFLICT (item_id, person_id) DO UPDATE SET value = excluded.value");
        db_bind_int(st, 3, value);
        db_bind_int(st, 4, db_now());
    } else {
        st = db_prep(db, "DELETE FROM idea_votes WHERE item_id = $1 AND person_id = $2");
    }
    db_bind_int(st, 1, item_id);
    db_bind_int(st, 2, actor->id);
    int ok = db_run(st) == DB_DONE;
    /* the counts from the votes themselves: never drift */
    st = db_prep(db, "UPDATE ideas SET"
                     " votes_for = (SELECT count(*) FROM idea_votes WHERE item_id = $1 AND value = 1),"
                     " votes_against = (SELECT count(*) FROM idea_votes WHERE item_id = $1 AND value = -1),"
                     " score = (SELECT coalesce(sum(value), 0) FROM idea_votes WHERE item_id = $1) WHERE item_id = $1");
    db_bind_int(st, 1, item_id);
    ok = ok && db_run(st) == DB_DONE;
    if (!ok || db_commit(db)) {
        db_rollback(db);
        return err_fail(e, ERR_INTERNAL, NULL, N_("The vote could not be saved."));
    }
    return 0;
}
