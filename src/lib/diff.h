/* Line-based differences between two texts (Myers' O((N+M)D) algorithm),
 * for the wiki's revision diffs. Bounded: past DIFF_MAX_EDITS edits the
 * changed middle is shown as one block removed then added (still exact,
 * only not minimal). Lines are split on "\n"; a trailing "\r" is ignored,
 * so text posted by a browser (CRLF) compares equal to the same text
 * sent with LF. */
#ifndef RUCHE_DIFF_H
#define RUCHE_DIFF_H
#include "lib/arena.h"

enum { DIFF_MAX_EDITS = 2000 };

enum diff_op { DIFF_SAME, DIFF_DEL, DIFF_ADD };

struct diff_line {
    enum diff_op op;
    const char *text; /* without its line ending */
    int old_no, new_no; /* 1-based line numbers; 0 where the line is absent */
};

struct diff {
    struct diff_line *lines; /* old order for removals, new for additions */
    int n;
    int added, removed;
    int coarse; /* more than DIFF_MAX_EDITS edits: the middle as one block */
};

/* Compares `from` and `to` (either may be NULL for ""); everything lives in `a`. */
void diff_lines(struct arena *a, const char *from, const char *to, struct diff *out);

#endif
