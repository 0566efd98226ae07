/* Fuzzes the wiki's line diff (lib/diff.c): two texts separated by a NUL
 * byte. Replaying the diff must give back both texts' line counts. */
#include "fuzz.h"
#include "lib/diff.h"

static int lines(const char *s) {
    if (!*s) return 0;
    int n = 1;
    for (; *s; s++)
        if (*s == '\n' && s[1]) n++;
    return n;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    if (size > 256 * 1024) return 0;
    char *from, *to;
    fuzz_split(data, size, &from, &to);
    struct arena a = {0};
    struct diff d;
    diff_lines(&a, from, to, &d);
    int same = 0, del = 0, add = 0;
    for (int i = 0; i < d.n; i++) {
        if (d.lines[i].op == DIFF_SAME)
            same++;
        else if (d.lines[i].op == DIFF_DEL)
            del++;
        else
            add++;
        if (!d.lines[i].text) abort();
    }
    if (del != d.removed || add != d.added) abort();
    if (same + del != lines(from) || same + add != lines(to)) abort();
    arena_free(&a);
    free(from);
    free(to);
    return 0;
}
