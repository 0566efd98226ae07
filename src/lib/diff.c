/* Myers' greedy line diff (see diff.h). Common prefix and suffix are
 * skipped first; the middle is compared on interned line numbers, with one
 * V array per edit distance kept for the backtrack: (D+1)^2 ints at most,
 * 16 MB with D = DIFF_MAX_EDITS, usually far less. */
#include "lib/diff.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

struct lines {
    const char **text;
    size_t *len;
    uint64_t *hash;
    int n;
};

static void split(struct arena *a, const char *s, struct lines *out) {
    int cap = 1;
    for (const char *p = s; *p; p++) cap += *p == '\n';
    out->text = arena_alloc(a, sizeof *out->text * (size_t)cap);
    out->len = arena_alloc(a, sizeof *out->len * (size_t)cap);
    out->hash = arena_alloc(a, sizeof *out->hash * (size_t)cap);
    out->n = 0;
    const char *p = s;
    while (*p) {
        const char *nl = strchr(p, '\n');
        size_t len = nl ? (size_t)(nl - p) : strlen(p);
        size_t shown = len && p[len - 1] == '\r' ? len - 1 : len;
        uint64_t h = 1469598103934665603ULL; /* FNV-1a */
        for (size_t i = 0; i < shown; i++) h = (h ^ (unsigned char)p[i]) * 1099511628211ULL;
        out->text[out->n] = p;
        out->len[out->n] = shown;
        out->hash[out->n++] = h;
        if (!nl) break;
        p = nl + 1;
    }
}

static int same(const struct lines *x, int i, const struct lines *y, int j) {
    return x->hash[i] == y->hash[j] && x->len[i] == y->len[j] && !memcmp(x->text[i], y->text[j], x->len[i]);
}

static void emit(struct arena *a, struct diff *d, enum diff_op op, const struct lines *src, int i, int old_no, int new_no) {
    struct diff_line *l = &d->lines[d->n++];
    l->op = op;
    l->text = arena_strndup(a, src->text[i], src->len[i]);
    l->old_no = old_no;
    l->new_no = new_no;
    if (op == DIFF_ADD) d->added++;
    if (op == DIFF_DEL) d->removed++;
}

/* The edit script of x[lo..n) against y[lo..m) as ops (0 same, 1 del, 2
 * add) written backwards into ops; returns their number, or -1 past the
 * bound. */
static int myers(const struct lines *x, int xo, int n, const struct lines *y, int yo, int m, unsigned char *ops) {
    int dmax = n + m < DIFF_MAX_EDITS ? n + m : DIFF_MAX_EDITS;
    int *trace = malloc(sizeof *trace * (size_t)(dmax + 1) * (size_t)(dmax + 1));
    if (!trace) return -1;
#define V(d, k) trace[(size_t)(d) * (size_t)(d) + (size_t)((k) + (d))]
    int found = -1;
    for (int d = 0; d <= dmax && found < 0; d++) {
        for (int k = -d; k <= d; k += 2) {
            int xx;
            if (d == 0) xx = 0;
            else if (k == -d || (k != d && V(d - 1, k - 1) < V(d - 1, k + 1))) xx = V(d - 1, k + 1);
            else xx = V(d - 1, k - 1) + 1;
            int yy = xx - k;
            while (xx < n && yy < m && same(x, xo + xx, y, yo + yy)) xx++, yy++;
            V(d, k) = xx;
            if (xx >= n && yy >= m) {
                found = d;
                break;
            }
        }
    }
    if (found < 0) {
        free(trace);
        return -1;
    }
    int no = 0, xx = n, yy = m;
    for (int d = found; d > 0; d--) {
        int k = xx - yy, pk;
        if (k == -d || (k != d && V(d - 1, k - 1) < V(d - 1, k + 1))) pk = k + 1;
        else pk = k - 1;
        int px = V(d - 1, pk), py = px - pk;
        int mx = pk == k + 1 ? px : px + 1; /* after the one edit */
        while (xx > mx) ops[no++] = 0, xx--, yy--;
        ops[no++] = pk == k + 1 ? 2 : 1;
        xx = px;
        yy = py;
    }
    while (xx > 0) ops[no++] = 0, xx--;
#undef V
    free(trace);
    return no;
}

void diff_lines(struct arena *a, const char *from, const char *to, struct diff *out) {
    memset(out, 0, sizeof *out);
    struct lines x, y;
    split(a, from ? from : "", &x);
    split(a, to ? to : "", &y);
    out->lines = arena_alloc(a, sizeof *out->lines * (size_t)(x.n + y.n + 1));
    int pre = 0;
    while (pre < x.n && pre < y.n && same(&x, pre, &y, pre)) pre++;
    int suf = 0;
    while (suf < x.n - pre && suf < y.n - pre && same(&x, x.n - 1 - suf, &y, y.n - 1 - suf)) suf++;
    for (int i = 0; i < pre; i++) emit(a, out, DIFF_SAME, &y, i, i + 1, i + 1);
    int n = x.n - pre - suf, m = y.n - pre - suf;
    unsigned char *ops = arena_alloc(a, (size_t)(n + m + 1));
    int no = n + m ? myers(&x, pre, n, &y, pre, m, ops) : 0;
    int i = pre, j = pre;
    if (no < 0) { /* past the bound: the whole middle, removed then added */
        out->coarse = 1;
        for (; i < pre + n; i++) emit(a, out, DIFF_DEL, &x, i, i + 1, 0);
        for (; j < pre + m; j++) emit(a, out, DIFF_ADD, &y, j, 0, j + 1);
    } else {
        for (int k = no - 1; k >= 0; k--) {
            if (ops[k] == 0) emit(a, out, DIFF_SAME, &y, j, i + 1, j + 1), i++, j++;
            else if (ops[k] == 1) emit(a, out, DIFF_DEL, &x, i, i + 1, 0), i++;
            else emit(a, out, DIFF_ADD, &y, j, 0, j + 1), j++;
        }
    }
    for (int k = 0; k < suf; k++, i++, j++) emit(a, out, DIFF_SAME, &y, j, i + 1, j + 1);
}
