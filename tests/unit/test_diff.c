/* lib/diff: line differences are minimal, complete (replaying them gives
 * both texts back) and bounded. */
#include "unit.h"

#include <stdio.h>

#include "lib/buf.h"
#include "lib/diff.h"

/* The old (side 0) or new (side 1) text rebuilt from the diff, "\n"-joined. */
static char *replay(struct arena *a, const struct diff *d, int side) {
    struct buf b = {0};
    for (int i = 0; i < d->n; i++) {
        const struct diff_line *l = &d->lines[i];
        if (l->op == DIFF_SAME || l->op == (side ? DIFF_ADD : DIFF_DEL)) buf_printf(&b, "%s\n", l->text);
    }
    char *s = arena_strdup(a, b.data ? b.data : "");
    buf_free(&b);
    return s;
}

static void finds_the_changed_lines(void **state) {
    struct arena a = {0};
    struct diff d;
    diff_lines(&a, "a\nb\nc\nd\n", "a\nB\nc\nd\ne\n", &d);
    assert_int_equal(d.added, 2);
    assert_int_equal(d.removed, 1);
    assert_false(d.coarse);
    assert_int_equal(d.n, 6);
    assert_int_equal(d.lines[0].op, DIFF_SAME);
    assert_int_equal(d.lines[1].op, DIFF_DEL);
    assert_string_equal(d.lines[1].text, "b");
    assert_int_equal(d.lines[1].old_no, 2);
    assert_int_equal(d.lines[1].new_no, 0);
    assert_int_equal(d.lines[2].op, DIFF_ADD);
    assert_string_equal(d.lines[2].text, "B");
    assert_int_equal(d.lines[2].new_no, 2);
    assert_int_equal(d.lines[5].op, DIFF_ADD);
    assert_string_equal(d.lines[5].text, "e");
    arena_free(&a);
}

static void is_minimal_and_ignores_crlf(void **state) {
    struct arena a = {0};
    struct diff d;
    /* the classic example: abcabba -> cbabac takes 5 edits */
    diff_lines(&a, "a\nb\nc\na\nb\nb\na", "c\nb\na\nb\na\nc", &d);
    assert_int_equal(d.added + d.removed, 5);
    assert_string_equal(replay(&a, &d, 0), "a\nb\nc\na\nb\nb\na\n");
    assert_string_equal(replay(&a, &d, 1), "c\nb\na\nb\na\nc\n");
    diff_lines(&a, "one\r\ntwo\r\n", "one\ntwo", &d);
    assert_int_equal(d.added + d.removed, 0);
    diff_lines(&a, NULL, "x\ny", &d);
    assert_int_equal(d.added, 2);
    diff_lines(&a, "x\ny\n", "", &d);
    assert_int_equal(d.removed, 2);
    diff_lines(&a, "", NULL, &d);
    assert_int_equal(d.n, 0);
    arena_free(&a);
}

/* Random edits of random texts: the diff always replays to both sides. */
static void replays_both_texts(void **state) {
    struct arena a = {0};
    srand(42);
    for (int round = 0; round < 300; round++) {
        struct buf x = {0}, y = {0};
        int n = rand() % 40, m = rand() % 40;
        for (int i = 0; i < n; i++) buf_printf(&x, "%c\n", 'a' + rand() % 4);
        for (int i = 0; i < m; i++) buf_printf(&y, "%c\n", 'a' + rand() % 4);
        struct diff d;
        diff_lines(&a, x.data ? x.data : "", y.data ? y.data : "", &d);
        assert_string_equal(replay(&a, &d, 0), x.data ? x.data : "");
        assert_string_equal(replay(&a, &d, 1), y.data ? y.data : "");
        assert_true(d.added + d.removed <= n + m);
        buf_free(&x);
        buf_free(&y);
    }
    arena_free(&a);
}

/* Two unrelated long texts: past the bound, one block out and one in. */
static void is_bounded(void **state) {
    struct arena a = {0};
    struct buf x = {0}, y = {0};
    for (int i = 0; i < 3000; i++) {
        buf_printf(&x, "old %d\n", i);
        buf_printf(&y, "new %d\n", i);
    }
    buf_puts(&x, "same end\n");
    buf_puts(&y, "same end\n");
    struct diff d;
    diff_lines(&a, x.data, y.data, &d);
    assert_true(d.coarse);
    assert_int_equal(d.removed, 3000);
    assert_int_equal(d.added, 3000);
    assert_string_equal(replay(&a, &d, 0), x.data);
    assert_string_equal(replay(&a, &d, 1), y.data);
    assert_int_equal(d.lines[d.n - 1].op, DIFF_SAME);
    buf_free(&x);
    buf_free(&y);
    arena_free(&a);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(finds_the_changed_lines),
        cmocka_unit_test(is_minimal_and_ignores_crlf),
        cmocka_unit_test(replays_both_texts),
        cmocka_unit_test(is_bounded),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
