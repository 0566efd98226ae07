/* search: one full-text search over items of every kind, comments, people
 * and spaces (the index: migrations/009_search.sql, kept by triggers in
 * the content's own transactions). Only what the reader may see is
 * returned: candidates are read in rank order and each is judged by the
 * policy, so neither pages nor cursors reveal hidden matches. */
#ifndef RUCHE_SEARCH_H
#define RUCHE_SEARCH_H
#include <stdint.h>

#include "core/errors.h"
#include "core/items.h"

enum {
    SEARCH_QUERY_MAX = 200,
    SEARCH_TERMS_MAX = 12,
    SEARCH_MARKS_MAX = 24,
    SEARCH_DEPTH_MAX = 300,
    SEARCH_PREFIX_WORDS_MAX = 200 /* a prefix expands to at most so many words */
};

struct search_query {
    const char *q;         /* words, "quoted phrases"; the last word also matches as a prefix */
    const char *type;      /* NULL or a kind's name, "comment", "person", "space" */
    const char *tag;       /* NULL or a tag (items so tagged) */
    int64_t space, author; /* 0: any; else items and comments in that space, by that author */
    const char *from, *to; /* NULL/"" or YYYY-MM-DD (UTC): created on or after, on or before that day */
    const char *cursor;    /* NULL: first page */
    int limit;             /* 1..50 */
};

/* Plain text with the spans that matched (byte offsets into text). */
struct search_text {
    const char *text;
    int nmarks;
    struct {
        int start, len;
    } marks[SEARCH_MARKS_MAX];
};

struct search_hit {
    const char *kind; /* "item", "comment", "person", "space" */
    const char *type; /* the item's kind, or "comment", "person", "space" */
    int64_t id;       /* of the item, comment, person or space */
    int64_t at;       /* created */
    struct search_text title, snippet;
    struct item *item;         /* item, comment: the item (hydrated) */
    struct person *person;     /* person: them; item, comment: the author */
    const struct space *space; /* space: it */
};

/* One page of hits, best first: among the newest SEARCH_DEPTH_MAX matches
 * (after the filters), relevance divided by 1 + age in months. Errors:
 * ERR_INVALID with field q (empty or too long), type, cursor, from, to;
 * ERR_NOT_FOUND for a space or author the actor may not see. *next is
 * NULL on the last page. */
int search_run(struct db *db, struct arena *a, const struct person *actor, const struct search_query *q,
               struct search_hit **out, int *n, const char **next, struct err *e);

/* The words of a query, folded, for highlighting (exposed for tests). */
struct search_terms {
    const char *words[SEARCH_TERMS_MAX];
    int prefix[SEARCH_TERMS_MAX]; /* the last word, outside quotes */
    int phrase[SEARCH_TERMS_MAX]; /* 0, or the number of the quoted phrase */
    int n;
    /* the indexed words the prefix word begins (search_vocab), or nalts -1
     * when there are too many (the backend's own prefix query then) */
    const char **alts;
    int nalts;
};
int search_parse(struct arena *a, const char *q, struct search_terms *t);
/* A window of at most `max` bytes of `text` around its first match, with
 * the matches marked; whitespace folded and Markdown emphasis (*, `) dropped. */
void search_excerpt(struct arena *a, const char *text, const struct search_terms *t, int max, struct search_text *out);

/* Rebuilds the whole index from the content (ruche reindex); progress(done,
 * total) is called now and then. Returns the number of documents or -1. */
int64_t search_reindex(struct db *db, void (*progress)(int64_t done, int64_t total));

#endif
