/* core/poll: the RFC 3339 times a poll's closing time is given in. */
#include "unit.h"

#include "core/idea.h"
#include "core/poll.h"

static void parses_rfc3339(void **state) {
    int64_t t = 0;
    assert_true(poll_parse_time("2030-01-31T18:00:00Z", &t));
    assert_int_equal(t, 1896112800);
    assert_true(poll_parse_time("2030-01-31T19:00:00+01:00", &t));
    assert_int_equal(t, 1896112800);
    assert_true(poll_parse_time("2030-01-31T17:30:00.250-00:30", &t));
    assert_int_equal(t, 1896112800);
    assert_true(poll_parse_time("2030-01-31T18:00Z", &t)); /* seconds optional */
    assert_int_equal(t, 1896112800);
    assert_true(poll_parse_time("2024-02-29T00:00:00z", &t));
}

static void refuses_malformed_times(void **state) {
    int64_t t = 7;
    const char *bad[] = {"",
                         "tomorrow",
                         "2030-01-31",
                         "2030-01-31T18:00:00",
                         "2030-01-31 18:00:00Z",
                         "2030-02-31T18:00:00Z",
                         "2030-13-01T00:00:00Z",
                         "2030-01-31T24:00:00Z",
                         "2030-01-31T18:00:00+1",
                         "2030-01-31T18:00:00Zjunk",
                         "1969-12-31T23:59:59Z",
                         "2030-01-31T18:00:00.Z",
                         "2023-02-29T00:00:00Z"};
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
        assert_false(poll_parse_time(bad[i], &t));
    assert_false(poll_parse_time(NULL, &t));
    assert_int_equal(t, 7);
}

static void knows_idea_statuses(void **state) {
    assert_true(idea_status_valid("review"));
    assert_false(idea_status_valid("Review"));
    assert_false(idea_status_valid(NULL));
    assert_true(idea_status_closed("done") && idea_status_closed("declined"));
    assert_false(idea_status_closed("planned"));
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(parses_rfc3339),
        cmocka_unit_test(refuses_malformed_times),
        cmocka_unit_test(knows_idea_statuses),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
