/* The people directory: search, departments, org chart. Keyset pagination
 * on (sort_key, id): every page is one index range scan. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/people.h"
#include "core/policy.h"
#include "db/db.h"
#include "lib/i18n.h"
#include "lib/text.h"

#define SEARCH_WORDS 4

int people_search(struct db *db, struct arena *a, const struct person *actor, const char *query,
                  const char *department, const char *cursor, int limit, struct person ***out, int *n,
                  const char **next, struct err *e) {
    *out = NULL;
    *n = 0;
    *next = NULL;
    if (!policy_allows(actor, ACT_BROWSE_DIRECTORY, NULL)) return err_fail(e, ERR_NOT_FOUND, NULL, N_("Not found."));
    if (limit < 1 || limit > 100) limit = 20;
    if (query && (!text_valid(query, 0) || strlen(query) > 200))
        return err_fail(e, ERR_INVALID, "q", N_("The search is too long or contains invalid characters."));
    if (department && (!text_valid(department, 0) || strlen(department) > 200))
        return err_fail(e, ERR_INVALID, "department", N_("The search is too long or contains invalid characters."));
    const char *words[SEARCH_WORDS] = {"%", "%", "%", "%"};
    int nw = 0;
    char *folded = text_fold(a, query ? query : "");
    for (char *save, *w = strtok_r(folded, " \t,", &save); w && nw < SEARCH_WORDS; w = strtok_r(NULL, " \t,", &save))
        words[nw++] = text_like_contains(a, w);
    int64_t after_id = 0;
    if (cursor && *cursor) {
        char *end;
        after_id = strtoll(cursor, &end, 36);
        if (*end || after_id <= 0) return err_fail(e, ERR_INVALID, "cursor", N_("The page cursor is invalid."));
    }
    struct db_stmt *st = db_prep(
        db, "SELECT " PERSON_COLS " FROM people"
            " WHERE (disabled = 0 OR $1 = 1)"
            " AND search_key LIKE $2 ESCAPE '\\' AND search_key LIKE $3 ESCAPE '\\'"
            " AND search_key LIKE $4 ESCAPE '\\' AND search_key LIKE $5 ESCAPE '\\'"
            " AND ($6 = '' OR department = $6)"
            " AND ($7 = 0 OR (sort_key, id) > ((SELECT sort_key FROM people WHERE id = $7), $7))"
            " ORDER BY sort_key, id LIMIT $8");
    db_bind_int(st, 1, actor->role == ROLE_ADMIN);
    for (int i = 0; i < SEARCH_WORDS; i++) db_bind_text(st, 2 + i, words[i]);
    db_bind_text(st, 6, department ? department : "");
    db_bind_int(st, 7, after_id);
    db_bind_int(st, 8, limit + 1);
    struct person **list = arena_alloc(a, sizeof *list * (size_t)(limit + 1));
    int count = 0;
    while (count <= limit && db_step(st) == DB_ROW) list[count++] = people_from_row(a, st);
    db_done(st);
    for (int i = 0; i < count && i < limit; i++) people_load_expertise(db, a, list[i]);
    if (count > limit) {
        count = limit;
        char buf[32];
        int64_t v = list[limit - 1]->id;
        int i = 31;
        buf[i] = 0;
        do buf[--i] = "0123456789abcdefghijklmnopqrstuvwxyz"[v % 36];
        while ((v /= 36) && i > 0);
        *next = arena_strdup(a, buf + i);
    }
    *out = list;
    *n = count;
    return 0;
}

int people_departments(struct db *db, struct arena *a, const char ***out, int *n) {
    struct db_stmt *st = db_prep(db,
                                 "SELECT DISTINCT department FROM people WHERE department <> '' AND disabled = 0"
                                 " ORDER BY department LIMIT 500");
    const char **list = arena_alloc(a, sizeof *list * 500);
    int count = 0;
    while (count < 500 && db_step(st) == DB_ROW) list[count++] = arena_strdup(a, db_col_text(st, 0));
    db_done(st);
    *out = list;
    *n = count;
    return 0;
}

int people_reports(struct db *db, struct arena *a, int64_t manager_id, struct person ***out, int *n) {
    struct db_stmt *st;
    if (manager_id) {
        st = db_prep(db, "SELECT " PERSON_COLS " FROM people WHERE manager_id = $1 AND disabled = 0"
                         " AND role <> 'external' ORDER BY sort_key, id LIMIT 1000");
        db_bind_int(st, 1, manager_id);
    } else {
        st = db_prep(db, "SELECT " PERSON_COLS " FROM people WHERE manager_id IS NULL AND disabled = 0"
                         " AND role <> 'external' ORDER BY sort_key, id LIMIT 1000");
    }
    int cap = 16, count = 0;
    struct person **list = arena_alloc(a, sizeof *list * (size_t)cap);
    while (db_step(st) == DB_ROW) {
        if (count == cap) {
            struct person **bigger = arena_alloc(a, sizeof *list * (size_t)cap * 2);
            memcpy(bigger, list, sizeof *list * (size_t)count);
            list = bigger;
            cap *= 2;
        }
        list[count++] = people_from_row(a, st);
    }
    db_done(st);
    *out = list;
    *n = count;
    return 0;
}
