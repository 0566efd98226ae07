/* Search: the query language (words, "phrases", a prefix for the last
 * word), the backend's full-text statement (FTS5 on SQLite, tsquery on
 * PostgreSQL), paging through ranked candidates with the policy, and the
 * excerpts with their matches marked. */
#include "core/search.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/kinds.h"
#include "core/policy.h"
#include "core/spaces.h"
#include "db/db.h"
#include "lib/i18n.h"
#include "lib/text.h"

int search_parse(struct arena *a, const char *q, struct search_terms *t) {
    memset(t, 0, sizeof *t);
    const char *f = text_fold(a, q);
    int quoted = 0, phrases = 0, last_quoted = 0;
    for (const char *p = f; *p;) {
        if (*p == '"') {
            quoted = !quoted;
            if (quoted) phrases++;
            p++;
            continue;
        }
        size_t skip, len = text_word_at(p, strlen(p), &skip);
        if (!len) {
            p += skip;
            continue;
        }
        const char *s = p;
        p += len;
        if (t->n == SEARCH_TERMS_MAX) return -1;
        t->words[t->n] = arena_strndup(a, s, (size_t)(p - s));
        t->phrase[t->n] = quoted ? phrases : 0;
        last_quoted = quoted;
        t->n++;
    }
    /* the last word, typed outside quotes and followed by nothing, is a prefix */
    size_t len = strlen(f);
    if (t->n && !last_quoted && len && f[len - 1] != ' ' && f[len - 1] != '"' && strlen(t->words[t->n - 1]) >= 2)
        t->prefix[t->n - 1] = 1;
    return t->n;
}

/* The backend's query text: FTS5 `"a" AND "b c" AND ("d" OR "de")` or tsquery
 * `'a' & 'b' <-> 'c' & ('d' | 'de')`. Words hold only [a-z0-9] and UTF-8 letters:
 * no quoting issue. */
static const char *match_text(struct arena *a, const struct search_terms *t, int pg) {
    char *out = "";
    for (int i = 0; i < t->n; i++) {
        int joined = i > 0 && t->phrase[i] && t->phrase[i] == t->phrase[i - 1];
        const char *sep = i == 0 ? "" : joined ? (pg ? " <-> " : " ") : (pg ? " & " : " AND ");
        if (t->prefix[i] && t->nalts > 0) { /* the words the prefix begins */
            out = arena_printf(a, "%s%s(", out, sep);
            for (int k = 0; k < t->nalts; k++)
                out = arena_printf(a, pg ? "%s%s'%s'" : "%s%s\"%s\"", out, k ? (pg ? " | " : " OR ") : "", t->alts[k]);
            out = arena_printf(a, "%s)", out);
        } else if (pg)
            out = arena_printf(a, "%s%s'%s'%s", out, sep, t->words[i], t->prefix[i] ? ":*" : "");
        else {
            int opens = !joined, closes = !(i + 1 < t->n && t->phrase[i + 1] && t->phrase[i + 1] == t->phrase[i]);
            out = arena_printf(a, "%s%s%s%s%s%s", out, sep, opens ? "\"" : "", t->words[i], closes ? "\"" : "",
                               t->prefix[i] ? "*" : "");
        }
    }
    return out;
}

/* The indexed words that the query's prefix word begins, so that FTS5
 * walks their lists in order and stops early, and GIN intersects lists,
 * rather than reading every document of a prefix first (migrations 018,
 * 020). Sets nalts: the count, or -1 (the backend's own prefix query) when
 * there are too many. */
static void expand_prefix(struct db *db, struct arena *a, struct search_terms *t) {
    t->nalts = -1;
    int last = t->n - 1;
    if (last < 0 || !t->prefix[last]) return;
    struct db_stmt *st =
        db_prep(db, "SELECT word FROM search_vocab WHERE word >= $1 AND word < $2 ORDER BY word LIMIT $3");
    db_bind_text(st, 1, t->words[last]);
    db_bind_text(st, 2, arena_printf(a, "%s\xF4\x8F\xBF\xBF", t->words[last])); /* after every continuation */
    db_bind_int(st, 3, SEARCH_PREFIX_WORDS_MAX + 1);
    t->alts = arena_alloc(a, sizeof *t->alts * (SEARCH_PREFIX_WORDS_MAX + 1));
    int n = 0;
    while (db_step(st) == DB_ROW && n <= SEARCH_PREFIX_WORDS_MAX) {
        const char *w = db_col_text(st, 0);
        if (w) t->alts[n++] = arena_strdup(a, w);
    }
    db_done(st);
    t->nalts = n > SEARCH_PREFIX_WORDS_MAX ? -1 : n;
}

/* The window: the newest SEARCH_DEPTH_MAX matches, in the index's own
 * order (keys fall as ids grow, so an ascending walk that stops early),
 * with the filters. Ranking happens in C (rank below), the same on both
 * backends. $1 the match, $2 type, $3 space, $4 author, $5..$6 the period,
 * $7 tag, $8 the window's size. The text is kept up to 2,000 bytes: cut
 * in C on SQLite (substr() would copy it once more), by the server on
 * PostgreSQL (not to send it whole). */
static const char SQL_SQLITE[] =
    "SELECT rowid, title, body, type, item, space, author, at FROM search_index"
    " WHERE search_index MATCH $1"
    " AND ($2 = '' OR type = $2) AND ($3 = 0 OR (space = $3 AND rowid % 4 < 2))"
    " AND ($4 = 0 OR (author = $4 AND rowid % 4 < 2)) AND at >= $5 AND at <= $6"
    " AND ($7 = '' OR (rowid % 4 = 0 AND item IN (SELECT item_id FROM item_tags WHERE tag = $7)))"
    " ORDER BY rowid LIMIT $8";
static const char SQL_PG[] =
    "SELECT rowid, title, substr(body, 1, 2000), type, item, space, author, at FROM search_index"
    " WHERE tsv @@ to_tsquery('simple', $1)"
    " AND ($2 = '' OR type = $2) AND (CAST($3 AS BIGINT) = 0 OR (space = $3 AND rowid % 4 < 2))"
    " AND (CAST($4 AS BIGINT) = 0 OR (author = $4 AND rowid % 4 < 2)) AND at >= $5 AND at <= $6"
    " AND ($7 = '' OR (rowid % 4 = 0 AND item IN (SELECT item_id FROM item_tags WHERE tag = $7)))"
    " ORDER BY rowid LIMIT $8";

#define KEY_BASE INT64_C(1099511627776) /* 2^40: key = (KEY_BASE - id) * 4 + kind */

struct cand {
    int64_t rowid, item, space, author, at;
    const char *title, *body, *type;
    double score;
};

static int read_window(struct db *db, struct arena *a, const char *match, const struct search_query *q, const char *tag,
                       int64_t from, int64_t to, struct cand *c) {
    struct db_stmt *st = db_prep(db, db_postgres(db) ? SQL_PG : SQL_SQLITE);
    db_bind_text(st, 1, match);
    db_bind_text(st, 2, q->type ? q->type : "");
    db_bind_int(st, 3, q->space);
    db_bind_int(st, 4, q->author);
    db_bind_int(st, 5, from);
    db_bind_int(st, 6, to);
    db_bind_text(st, 7, tag ? tag : "");
    db_bind_int(st, 8, SEARCH_DEPTH_MAX);
    int n = 0;
    while (n < SEARCH_DEPTH_MAX && db_step(st) == DB_ROW) {
        c[n].rowid = db_col_int(st, 0);
        c[n].title = arena_strdup(a, db_col_text(st, 1) ? db_col_text(st, 1) : "");
        const char *body = db_col_text(st, 2) ? db_col_text(st, 2) : "";
        c[n].body = arena_strndup(a, body, strnlen(body, 2000));
        c[n].type = arena_strdup(a, db_col_text(st, 3) ? db_col_text(st, 3) : "");
        c[n].item = db_col_int(st, 4);
        c[n].space = db_col_int(st, 5);
        c[n].author = db_col_int(st, 6);
        c[n].at = db_col_int(st, 7);
        n++;
    }
    db_done(st);
    return n;
}

static int matches(const char *w, size_t len, const struct search_terms *t);

/* Matching words in the first `max` bytes of text. */
static int hits_in(const char *text, size_t max, const struct search_terms *t, int *words) {
    size_t n = strlen(text);
    if (n > max) n = max;
    int hits = 0;
    *words = 0;
    for (size_t p = 0; p < n;) {
        size_t skip, len = text_word_at(text + p, n - p, &skip);
        if (!len) {
            p += skip;
            continue;
        }
        (*words)++;
        hits += matches(text + p, len, t);
        p += len;
    }
    return hits;
}

/* Relevance divided by 1 + age in months. Relevance: the title's matches
 * weigh 4 (a title that is all match, more), the text's matches count with
 * diminishing returns, relative to its length (the first 1,000 bytes). */
static void rank(struct cand *c, const struct search_terms *t, int64_t now) {
    int tw, bw;
    int th = hits_in(c->title, 400, t, &tw), bh = hits_in(c->body, 1000, t, &bw);
    double rel = 1.0 + 4.0 * th + (tw && th >= tw ? 2.0 : 0.0) + (bh > 5 ? 5 : bh) * 8.0 / (8.0 + bw / 10.0);
    double age = now > c->at ? (double)(now - c->at) / 2592000.0 : 0.0;
    c->score = rel / (1.0 + age);
}

static int by_score(const void *x, const void *y) {
    const struct cand *a = x, *b = y;
    if (a->score != b->score) return a->score > b->score ? -1 : 1;
    return a->rowid < b->rowid ? -1 : a->rowid > b->rowid; /* then newer first */
}

/* Whether the actor may see the candidate; fills the hit. */
static int judge(struct db *db, struct arena *a, const struct person *actor, const struct cand *c,
                 struct search_hit *h) {
    memset(h, 0, sizeof *h);
    h->type = c->type;
    h->at = c->at;
    h->id = KEY_BASE - c->rowid / 4;
    switch (c->rowid % 4) {
    case 0:
    case 1: {
        h->kind = c->rowid % 4 ? "comment" : "item";
        struct item *it = NULL;
        items_load(db, a, &c->item, 1, &it);
        if (!it || it->deleted_at || !policy_item(actor, ACT_READ_ITEM, it)) return 0;
        h->item = it;
        h->person = people_cached(db, a, c->author); /* the author, as shown */
        return 1;
    }
    case 2:
        h->kind = "person";
        h->person = people_view(db, a, actor, c->author);
        return h->person != NULL;
    default: {
        h->kind = "space";
        const struct space *s = space_view(db, a, actor, c->space);
        if (!s || !policy_space(actor, ACT_VIEW_SPACE, s)) return 0;
        h->space = s;
        return 1;
    }
    }
}

/* YYYY-MM-DD to the first (or last, end=1) second of that UTC day; -1 if invalid. */
static int64_t parse_day(const char *s, int end) {
    int y, m, d, len = 0;
    if (strlen(s) != 10 || sscanf(s, "%4d-%2d-%2d%n", &y, &m, &d, &len) != 3 || len != 10) return -1;
    if (y < 1970 || y > 9999 || m < 1 || m > 12 || d < 1 || d > 31) return -1;
    struct tm tm = {.tm_year = y - 1900, .tm_mon = m - 1, .tm_mday = d};
    time_t t = timegm(&tm);
    if (tm.tm_mday != d) return -1; /* 31 February */
    return (int64_t)t + (end ? 86399 : 0);
}

static int known_type(const char *t) {
    return kind_get(t) || !strcmp(t, "comment") || !strcmp(t, "person") || !strcmp(t, "space");
}

int search_run(struct db *db, struct arena *a, const struct person *actor, const struct search_query *q,
               struct search_hit **out, int *n, const char **next, struct err *e) {
    *n = 0;
    *next = NULL;
    if (!q->q || !text_valid(q->q, 0) || text_chars(q->q) > SEARCH_QUERY_MAX)
        return err_fail(e, ERR_INVALID, "q", N_("The search must be at most 200 characters."));
    struct search_terms t;
    int nt = search_parse(a, q->q, &t);
    if (nt < 0) return err_fail(e, ERR_INVALID, "q", N_("Search for at most 12 words."));
    if (nt == 0) return err_fail(e, ERR_INVALID, "q", N_("Type a word to search for."));
    if (q->type && !known_type(q->type)) return err_fail(e, ERR_INVALID, "type", N_("Unknown kind of content."));
    int64_t from = 0, to = INT64_MAX / 2;
    if (q->from && *q->from && (from = parse_day(q->from, 0)) < 0)
        return err_fail(e, ERR_INVALID, "from", N_("Give the date as YYYY-MM-DD."));
    if (q->to && *q->to && (to = parse_day(q->to, 1)) < 0)
        return err_fail(e, ERR_INVALID, "to", N_("Give the date as YYYY-MM-DD."));
    if (from > to) return err_fail(e, ERR_INVALID, "to", N_("The end of the period comes before its start."));
    if (q->space) {
        const struct space *s = space_view(db, a, actor, q->space);
        if (!s || !policy_space(actor, ACT_READ_SPACE, s))
            return err_fail(e, ERR_NOT_FOUND, "space", N_("No such space."));
    }
    if (q->author && !people_view(db, a, actor, q->author))
        return err_fail(e, ERR_NOT_FOUND, "author", N_("No such person."));
    /* the cursor: the ranking's clock (so pages agree) and the ranked candidates consumed */
    int64_t now = db_now(), offset = 0;
    if (q->cursor && *q->cursor) {
        char *end;
        now = strtoll(q->cursor, &end, 10);
        if (*end != '.' || now <= 0) return err_fail(e, ERR_INVALID, "cursor", N_("The page cursor is invalid."));
        offset = strtoll(end + 1, &end, 10);
        if (*end || offset <= 0 || offset >= SEARCH_DEPTH_MAX)
            return err_fail(e, ERR_INVALID, "cursor", N_("The page cursor is invalid."));
    }
    const char *tag = q->tag && *q->tag ? text_fold(a, q->tag) : NULL;
    if (tag && *tag == '#') tag++;
    int limit = q->limit < 1 || q->limit > 50 ? 20 : q->limit;
    struct search_hit *list = arena_alloc(a, sizeof *list * (size_t)(limit + 1));
    struct cand *c = arena_alloc(a, sizeof *c * SEARCH_DEPTH_MAX);
    db_read_begin(db);
    expand_prefix(db, a, &t);
    /* no indexed word has that prefix: nothing matches */
    int got = t.nalts == 0 ? 0 : read_window(db, a, match_text(a, &t, db_postgres(db)), q, tag, from, to, c);
    for (int i = 0; i < got; i++)
        rank(&c[i], &t, now);
    qsort(c, (size_t)got, sizeof *c, by_score);
    int count = 0;
    int64_t pos = offset, after_limit = 0;
    for (; pos < got && count <= limit; pos++) {
        if (!judge(db, a, actor, &c[pos], &list[count])) continue;
        struct search_hit *h = &list[count];
        search_excerpt(a, c[pos].title, &t, 400, &h->title);
        search_excerpt(a, c[pos].body, &t, 240, &h->snippet);
        if (count == limit - 1) after_limit = pos + 1;
        count++;
    }
    db_read_end(db);
    if (count > limit) {
        count = limit;
        *next = arena_printf(a, "%lld.%lld", (long long)now, (long long)after_limit);
    }
    struct item **items = arena_alloc(a, sizeof *items * (size_t)(count + 1));
    int ni = 0;
    for (int i = 0; i < count; i++)
        if (list[i].item) items[ni++] = list[i].item;
    items_hydrate(db, a, actor, items, ni);
    *out = list;
    *n = count;
    return 0;
}

/* ---- excerpts ---- */

/* Whether the word w (len bytes, as written) is one of the query's words,
 * or begins like its prefix word. Called for every word of every candidate
 * (ranking reads 300 of them): folds on the stack. */
static int matches(const char *w, size_t len, const struct search_terms *t) {
    unsigned char first = (unsigned char)*w;
    if (first < 0x80) { /* most words: their first letter already tells */
        int some = 0;
        for (int i = 0; i < t->n && !some; i++)
            some = t->words[i][0] == (char)tolower(first);
        if (!some) return 0;
    }
    char f[512];
    size_t n = text_fold_to(f, sizeof f, w, len);
    if (n == SIZE_MAX) return 0; /* longer than any query word */
    for (int i = 0; i < t->n; i++) {
        size_t tl = strlen(t->words[i]);
        if (t->prefix[i] ? n >= tl && !memcmp(f, t->words[i], tl) : n == tl && !memcmp(f, t->words[i], tl)) return 1;
    }
    return 0;
}

void search_excerpt(struct arena *a, const char *text, const struct search_terms *t, int max, struct search_text *out) {
    memset(out, 0, sizeof *out);
    size_t n = strlen(text);
    if (n > 20000) n = 20000; /* matches are looked for in the first 20 KB */
    while (n && ((unsigned char)text[n] & 0xC0) == 0x80)
        n--;
    /* the first match */
    size_t first = 0;
    int found = 0;
    for (size_t p = 0; p < n && !found;) {
        size_t skip, len = text_word_at(text + p, n - p, &skip);
        if (!len) {
            p += skip;
            continue;
        }
        if (matches(text + p, len, t)) {
            first = p;
            found = 1;
        }
        p += len;
    }
    /* the window: some context before the match, cut at a word boundary */
    size_t start = first > (size_t)max / 3 ? first - (size_t)max / 3 : 0;
    while (start > 0 && start < first && ((unsigned char)text[start] & 0xC0) == 0x80)
        start++;
    while (start > 0 && start < first && text[start - 1] != ' ' && text[start - 1] != '\n')
        start++;
    size_t end = start + (size_t)max < n ? start + (size_t)max : n;
    while (end < n && end > start && ((unsigned char)text[end] & 0xC0) == 0x80)
        end--;
    char *o = arena_alloc(a, (end - start) + 12);
    size_t k = 0;
    if (start > 0) k += (size_t)sprintf(o, "… ");
    int space = 0;
    for (size_t p = start; p < end;) {
        unsigned char ch = (unsigned char)text[p];
        size_t skip, len = text_word_at(text + p, end - p, &skip);
        if (len) {
            if (space && k) o[k++] = ' ';
            space = 0;
            if (out->nmarks < SEARCH_MARKS_MAX && matches(text + p, len, t)) {
                out->marks[out->nmarks].start = (int)k;
                out->marks[out->nmarks].len = (int)len;
                out->nmarks++;
            }
            memcpy(o + k, text + p, len);
            k += len;
            p += len;
            continue;
        }
        if (p + skip > end) skip = end - p;
        if (ch <= ' ')
            space = 1;
        else if (ch != '*' && ch != '`') { /* emphasis and code marks of Markdown are dropped */
            if (space && k) o[k++] = ' ';
            space = 0;
            memcpy(o + k, text + p, skip);
            k += skip;
        }
        p += skip;
    }
    if (end < n) {
        memcpy(o + k, " …", 4);
        k += 4;
    }
    o[k] = 0;
    out->text = o;
}
