/* Tag suggestions and trending tags (see tags.h). Both read candidate
 * (tag, item) pairs from item_tags with bounded scans, load the items
 * (mostly from the item cache) and count only those the policy lets the
 * reader see. */
#include "core/tags.h"

#include <stdlib.h>
#include <string.h>

#include "core/content.h"
#include "core/items.h"
#include "core/policy.h"
#include "db/db.h"
#include "lib/i18n.h"

enum { CANDIDATES = 40, CHUNK = 100 };

static int by_count(const void *x, const void *y) {
    const struct tag_count *a = x, *b = y;
    if (a->count != b->count) return a->count > b->count ? -1 : 1;
    return strcmp(a->tag, b->tag);
}

/* How many of these items the actor may see (and, with since > 0, were
 * posted since then, drafts left out). */
static int64_t visible(struct db *db, struct arena *a, const struct person *actor, const int64_t *ids, int n,
                       int64_t since, int *seen) {
    int64_t count = 0;
    struct item *loaded[CHUNK];
    for (int base = 0; base < n; base += CHUNK) {
        int m = n - base < CHUNK ? n - base : CHUNK;
        items_load(db, a, ids + base, m, loaded);
        for (int i = 0; i < m; i++) {
            int ok = loaded[i] && !loaded[i]->draft && policy_item(actor, ACT_READ_ITEM, loaded[i]) &&
                     (!since || loaded[i]->created_at >= since);
            if (seen) seen[base + i] = ok;
            count += ok;
        }
    }
    return count;
}

int tags_suggest(struct db *db, struct arena *a, const struct person *actor, const char *prefix, int limit,
                 struct tag_count **out, int *n, struct err *e) {
    *out = NULL;
    *n = 0;
    const char *p = prefix && *prefix == '#' ? prefix + 1 : prefix;
    const char *folded = !prefix ? "" : *p ? content_tag(a, p) : NULL;
    if (!folded) return err_fail(e, ERR_INVALID, "q", N_("Type the beginning of a tag: letters, digits, dashes or underscores."));
    if (limit < 1 || limit > TAGS_LIMIT_MAX) limit = 10;
    size_t len = strlen(folded);
    char *upper = arena_strdup(a, folded); /* the first string after every one with this prefix */
    if (len) upper[len - 1]++;
    struct db_stmt *st = db_prep(db, "SELECT tag FROM item_tags WHERE $4 = 0 OR (tag >= $1 AND tag < $2) GROUP BY tag"
                                     " ORDER BY count(*) DESC, tag LIMIT $3");
    db_bind_text(st, 1, folded);
    db_bind_text(st, 2, upper);
    db_bind_int(st, 3, CANDIDATES);
    db_bind_int(st, 4, (int64_t)len);
    const char *cand[CANDIDATES];
    int nc = 0;
    while (nc < CANDIDATES && db_step(st) == DB_ROW) {
        const char *t = db_col_text(st, 0);
        if (t && !strncmp(t, folded, len)) cand[nc++] = arena_strdup(a, t);
    }
    db_done(st);
    struct tag_count *list = arena_alloc(a, sizeof *list * (CANDIDATES + 1));
    int count = 0;
    for (int c = 0; c < nc; c++) {
        st = db_prep(db, "SELECT item_id FROM item_tags WHERE tag = $1 ORDER BY item_id DESC LIMIT $2");
        db_bind_text(st, 1, cand[c]);
        db_bind_int(st, 2, TAGS_SUGGEST_SCAN);
        int64_t ids[TAGS_SUGGEST_SCAN];
        int m = 0;
        while (m < TAGS_SUGGEST_SCAN && db_step(st) == DB_ROW) ids[m++] = db_col_int(st, 0);
        db_done(st);
        int64_t v = visible(db, a, actor, ids, m, 0, NULL);
        if (v) list[count++] = (struct tag_count){cand[c], v};
    }
    qsort(list, (size_t)count, sizeof *list, by_count);
    *out = list;
    *n = count < limit ? count : limit;
    return 0;
}
