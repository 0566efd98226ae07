/* Polls (see poll.h): the kind with its options, votes and results. */
#include "core/poll.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/policy.h"
#include "core/spaces.h"
#include "db/db.h"
#include "lib/i18n.h"
#include "lib/text.h"

int poll_parse_time(const char *s, int64_t *out) {
    int y, mo, d, h, mi, sec = 0, n = 0;
    if (!s || sscanf(s, "%4d-%2d-%2dT%2d:%2d%n", &y, &mo, &d, &h, &mi, &n) != 5 || n != 16) return 0;
    const char *p = s + n;
    if (*p == ':') {
        if (p[1] < '0' || p[1] > '9' || p[2] < '0' || p[2] > '9') return 0;
        sec = (p[1] - '0') * 10 + (p[2] - '0');
        p += 3;
        if (*p == '.') {
            p++;
            if (*p < '0' || *p > '9') return 0;
            while (*p >= '0' && *p <= '9')
                p++;
        }
    }
    long offset = 0;
    if (*p == 'Z' || *p == 'z')
        p++;
    else if (*p == '+' || *p == '-') {
        int oh, om, m = 0;
        if (sscanf(p + 1, "%2d:%2d%n", &oh, &om, &m) != 2 || m != 5 || oh > 23 || om > 59) return 0;
        offset = (oh * 3600L + om * 60L) * (*p == '-' ? -1 : 1);
        p += 6;
    } else
        return 0;
    if (*p || y < 1970 || y > 9999 || mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || sec > 60) return 0;
    struct tm tm = {.tm_year = y - 1900, .tm_mon = mo - 1, .tm_mday = d, .tm_hour = h, .tm_min = mi, .tm_sec = sec};
    time_t t = timegm(&tm);
    if (tm.tm_mday != d) return 0; /* 31 February */
    *out = (int64_t)t - offset;
    return 1;
}

/* The poll's members of a create or edit body, checked. */
struct poll_input {
    json_t *options; /* NULL: unchanged */
    int has_multiple, multiple;
    int has_closes, has_visible, voters_visible;
    int64_t closes_at; /* with has_closes: 0 clears */
};

static int poll_read(struct arena *a, const struct item_input *in, struct poll_input *p, struct err *e) {
    memset(p, 0, sizeof *p);
    json_t *opts = in->fields ? json_object_get(in->fields, "options") : NULL;
    if (opts && !json_is_null(opts)) {
        size_t n = json_array_size(opts);
        if (!json_is_array(opts) || n < POLL_OPTIONS_MIN || n > POLL_OPTIONS_MAX)
            return err_fail(e, ERR_INVALID, "options", N_("A poll has 2 to 20 options."));
        for (size_t i = 0; i < n; i++) {
            json_t *o = json_array_get(opts, i);
            const char *s = json_is_string(o) ? json_string_value(o) : NULL;
            if (!s || !text_valid(s, 0) || !*text_trim(a, s) || text_chars(s) > POLL_OPTION_CHARS)
                return err_fail(e, ERR_INVALID, "options", N_("Each option is one line of 1 to 200 characters."));
            for (size_t j = 0; j < i; j++)
                if (!strcmp(text_trim(a, s), text_trim(a, json_string_value(json_array_get(opts, j)))))
                    return err_fail(e, ERR_INVALID, "options", N_("Two options are the same."));
        }
        p->options = opts;
    }
    int bad = 0;
    p->has_multiple = kind_bool(in, "multiple", &p->multiple, &bad);
    if (bad) return err_fail(e, ERR_INVALID, "multiple", N_("multiple is true or false."));
    p->has_visible = kind_bool(in, "voters_visible", &p->voters_visible, &bad);
    if (bad) return err_fail(e, ERR_INVALID, "voters_visible", N_("voters_visible is true or false."));
    json_t *closes = in->fields ? json_object_get(in->fields, "closes_at") : NULL;
    if (closes) {
        p->has_closes = 1;
        if (!json_is_null(closes) &&
            (!json_is_string(closes) || !poll_parse_time(json_string_value(closes), &p->closes_at)))
            return err_fail(e, ERR_INVALID, "closes_at",
                            N_("closes_at is a date and time such as 2030-01-31T18:00:00Z, or null."));
    }
    return 0;
}

static int poll_check(struct db *db, struct arena *a, const struct person *actor, const struct item_input *in,
                      const struct item *cur, struct err *e) {
    (void)actor;
    struct poll_input p;
    int rc = poll_read(a, in, &p, e);
    if (rc) return rc;
    if (!cur) {
        if (!p.options) return err_fail(e, ERR_INVALID, "options", N_("A poll has 2 to 20 options."));
        if (p.has_closes && p.closes_at && p.closes_at <= db_now())
            return err_fail(e, ERR_INVALID, "closes_at", N_("The closing time must be in the future."));
        return 0;
    }
    struct poll_state s;
    if (poll_state(db, a, cur->id, 0, &s)) return err_fail(e, ERR_NOT_FOUND, NULL, N_("Not found."));
    if (!s.voters) {
        return 0;
    }
    if (p.options) {
        int same = (int)json_array_size(p.options) == s.noptions;
        for (int i = 0; same && i < s.noptions; i++)
            same = !strcmp(text_trim(a, json_string_value(json_array_get(p.options, (size_t)i))), s.options[i]);
        if (!same) return err_fail(e, ERR_CONFLICT, "options", N_("The options are fixed once someone has voted."));
    }
    if (p.has_multiple && p.multiple != s.multiple)
        return err_fail(e, ERR_CONFLICT, "multiple", N_("The options are fixed once someone has voted."));
    if (p.has_visible && p.voters_visible && !s.voters_visible)
        return err_fail(e, ERR_CONFLICT, "voters_visible", N_("Those who voted in secret stay secret."));
    return 0;
}

static int poll_save(struct db *db, struct arena *a, const struct person *actor, int64_t id,
                     const struct item_input *in, const struct item *cur, struct err *e) {
    (void)actor;
    struct poll_input p;
    if (poll_read(a, in, &p, e)) return ERR_INVALID;
    struct poll_state s = {.voters_visible = 1};
    if (cur && poll_state(db, a, id, 0, &s)) return err_fail(e, ERR_NOT_FOUND, NULL, N_("Not found."));
    json_t *opts = json_array();
    if (p.options)
        for (size_t i = 0; i < json_array_size(p.options); i++)
            json_array_append_new(opts, json_string(text_trim(a, json_string_value(json_array_get(p.options, i)))));
    else
        for (int i = 0; i < s.noptions; i++)
            json_array_append_new(opts, json_string(s.options[i]));
    char *text = json_dumps(opts, JSON_COMPACT);
    json_decref(opts);
    struct db_stmt *st =
        db_prep(db, cur ? "UPDATE polls SET options = $2, multiple = $3, closes_at = $4, voters_visible = $5"
                          " WHERE item_id = $1"
                        : "INSERT INTO polls (item_id, options, multiple, closes_at, voters_visible)"
                          " VALUES ($1, $2, $3, $4, $5)");
    db_bind_int(st, 1, id);
    db_bind_text(st, 2, text);
    db_bind_int(st, 3, p.has_multiple ? p.multiple : s.multiple);
    int64_t closes = p.has_closes ? p.closes_at : s.closes_at;
    if (closes)
        db_bind_int(st, 4, closes);
    else
        db_bind_null(st, 4);
    db_bind_int(st, 5, p.has_visible ? p.voters_visible : s.voters_visible);
    int ok = db_run(st) == DB_DONE;
    free(text);
    return ok ? 0 : err_fail(e, ERR_INTERNAL, NULL, N_("The post could not be saved."));
}

static const char *const poll_fields[] = {"options", "multiple", "closes_at", "voters_visible", NULL};

/* A poll: its title is the question asked, the text may explain. */
const struct kind kind_poll = {.name = "poll",
                               .title = TITLE_REQUIRED,
                               .body_required = 0,
                               .body_max = 5000,
                               .fields = poll_fields,
                               .check = poll_check,
                               .save = poll_save};

int poll_state(struct db *db, struct arena *a, int64_t item_id, int64_t actor_id, struct poll_state *out) {
    memset(out, 0, sizeof *out);
    struct db_stmt *st = db_prep(db, "SELECT options, multiple, coalesce(closes_at, 0), voters_visible FROM polls"
                                     " WHERE item_id = $1");
    db_bind_int(st, 1, item_id);
    int found = db_step(st) == DB_ROW;
    if (found) {
        json_t *opts = json_loads(db_col_text(st, 0) ? db_col_text(st, 0) : "[]", 0, NULL);
        for (size_t i = 0; json_is_array(opts) && i < json_array_size(opts) && i < POLL_OPTIONS_MAX; i++) {
            const char *s = json_string_value(json_array_get(opts, i));
            out->options[out->noptions++] = arena_strdup(a, s ? s : "");
        }
        json_decref(opts);
        out->multiple = (int)db_col_int(st, 1);
        out->closes_at = db_col_int(st, 2);
        out->voters_visible = (int)db_col_int(st, 3);
    }
    db_done(st);
    if (!found) return -1;
    out->closed = out->closes_at && out->closes_at <= db_now();
    st = db_prep(db, "SELECT option_index, count(*) FROM poll_votes WHERE item_id = $1 GROUP BY option_index");
    db_bind_int(st, 1, item_id);
    while (db_step(st) == DB_ROW) {
        int64_t i = db_col_int(st, 0);
        if (i >= 0 && i < out->noptions) out->votes[i] = db_col_int(st, 1);
    }
    db_done(st);
    st = db_prep(db, "SELECT count(DISTINCT person_id) FROM poll_votes WHERE item_id = $1");
    db_bind_int(st, 1, item_id);
    out->voters = db_int_or(st, 0);
    if (actor_id) {
        st = db_prep(db, "SELECT option_index FROM poll_votes WHERE item_id = $1 AND person_id = $2");
        db_bind_int(st, 1, item_id);
        db_bind_int(st, 2, actor_id);
        while (db_step(st) == DB_ROW) {
            int64_t i = db_col_int(st, 0);
            if (i >= 0 && i < out->noptions) out->mine[i] = out->voted = 1;
        }
        db_done(st);
    }
    if (out->voters_visible && out->voters) {
        for (int i = 0; i < out->noptions; i++)
            out->voter_ids[i] = arena_alloc(a, sizeof(int64_t) * POLL_VOTERS_SHOWN);
        st = db_prep(db, "SELECT option_index, person_id FROM (SELECT option_index, person_id, row_number() OVER"
                         " (PARTITION BY option_index ORDER BY created_at, person_id) AS rn FROM poll_votes"
                         " WHERE item_id = $1) v WHERE rn <= 50 ORDER BY option_index, rn");
        db_bind_int(st, 1, item_id);
        while (db_step(st) == DB_ROW) {
            int64_t i = db_col_int(st, 0);
            if (i >= 0 && i < out->noptions && out->nvoter_ids[i] < POLL_VOTERS_SHOWN)
                out->voter_ids[i][out->nvoter_ids[i]++] = db_col_int(st, 1);
        }
        db_done(st);
    }
    return 0;
}

int poll_vote(struct db *db, struct arena *a, const struct person *actor, int64_t item_id, const int64_t *choices,
              int n, struct err *e) {
    struct item *it = item_get(db, a, actor, item_id);
    struct poll_state s;
    if (!it || strcmp(it->type, "poll") || poll_state(db, a, item_id, 0, &s))
        return err_fail(e, ERR_NOT_FOUND, NULL, N_("Not found."));
    if (!policy_item(actor, ACT_VOTE, it))
        return err_fail(e, ERR_FORBIDDEN, NULL,
                        it->space && it->space->archived_at ? N_("This space is archived: it is read-only.")
                                                            : N_("Join the space to vote."));
    if (s.closed) return err_fail(e, ERR_CONFLICT, NULL, N_("This poll is closed."));
    if (n > 1 && !s.multiple) return err_fail(e, ERR_INVALID, "options", N_("This poll takes one choice."));
    for (int i = 0; i < n; i++) {
        if (choices[i] < 0 || choices[i] >= s.noptions)
            return err_fail(e, ERR_INVALID, "options", N_("Choose among the poll's options."));
        for (int j = 0; j < i; j++)
            if (choices[j] == choices[i]) return err_fail(e, ERR_INVALID, "options", N_("Choose each option once."));
    }
    if (db_begin(db)) return err_fail(e, ERR_INTERNAL, NULL, N_("The database is busy; try again."));
    struct db_stmt *st = db_prep(db, "DELETE FROM poll_votes WHERE item_id = $1 AND person_id = $2");
    db_bind_int(st, 1, item_id);
    db_bind_int(st, 2, actor->id);
    int ok = db_run(st) == DB_DONE;
    int64_t now = db_now();
    for (int i = 0; ok && i < n; i++) {
        st = db_prep(db,
                     "INSERT INTO poll_votes (item_id, person_id, option_index, created_at) VALUES ($1, $2, $3, $4)");
        db_bind_int(st, 1, item_id);
        db_bind_int(st, 2, actor->id);
        db_bind_int(st, 3, choices[i]);
        db_bind_int(st, 4, now);
        ok = db_run(st) == DB_DONE;
    }
    if (!ok || db_commit(db)) {
        db_rollback(db);
        return err_fail(e, ERR_INTERNAL, NULL, N_("The vote could not be saved."));
    }
    return 0;
}
