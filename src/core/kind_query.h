/* Lists of questions and ideas with their own filters and orders:
 * questions answered (an accepted answer) or not; ideas by status, newest
 * first or best score first. Cursor-paginated, filtered by the policy like
 * the streams (stream.h). */
#ifndef RUCHE_KIND_QUERY_H
#define RUCHE_KIND_QUERY_H
#include "core/items.h"

struct kind_query {
    const char *type;   /* "question" or "idea" */
    int64_t space;      /* 0: every space the reader may read */
    int64_t person;     /* 0 or an author */
    const char *tag;    /* NULL or a folded tag */
    int answered;       /* questions: -1 any, 0 without an accepted answer, 1 with */
    const char *status; /* ideas: NULL or a status */
    int by_score;       /* ideas: best score first (else newest first) */
    const char *cursor; /* from a previous page */
    int limit;          /* 1..100 */
};

/* One page; ERR_NOT_FOUND for a space or person the actor may not see,
 * ERR_INVALID for a bad cursor ("cursor") or type ("type"). */
int kind_query_read(struct db *db, struct arena *a, const struct person *actor, const struct kind_query *q,
                    struct item ***out, int *n, const char **next, struct err *e);

#endif
