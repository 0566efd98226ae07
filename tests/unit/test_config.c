/* lib/config: sizes in ruche.conf / RUCHE_* are range-checked before their
 * unit is applied, so a huge value is refused instead of wrapping. */
#include "unit.h"

#include "lib/config.h"

static int set(struct config *c, const char *name, const char *value) {
    char err[300];
    return config_set(c, name, value, err, sizeof err);
}

static void reads_sizes_with_units(void **state) {
    struct config c;
    config_defaults(&c);
    assert_int_equal(set(&c, "max_body", "512k"), 0);
    assert_int_equal(c.max_body, 512 * 1024);
    assert_int_equal(set(&c, "max_upload", "3M"), 0);
    assert_int_equal(c.max_upload, 3 * 1024 * 1024);
    assert_int_equal(set(&c, "max_upload", "16g"), 0); /* 2^34: the largest accepted */
    assert_int_equal(c.max_upload, (size_t)16 << 30);
    assert_int_equal(set(&c, "max_body", "1000"), 0);
    assert_int_equal(c.max_body, 1000);
}

static void refuses_sizes_that_would_wrap(void **state) {
    struct config c;
    config_defaults(&c);
    size_t before = c.max_body;
    /* 2^54+1 KiB: shifted first, it wrapped to 1 KiB and was accepted */
    assert_int_not_equal(set(&c, "max_body", "18014398509481985k"), 0);
    assert_int_not_equal(set(&c, "max_body", "17592186044417m"), 0);      /* 2^44+1 MiB */
    assert_int_not_equal(set(&c, "max_body", "17179869185g"), 0);         /* 2^34+1 GiB */
    assert_int_not_equal(set(&c, "max_body", "16777217k"), 0);            /* 2^34 + 1 KiB */
    assert_int_not_equal(set(&c, "max_body", "18446744073709551616"), 0); /* 2^64 */
    assert_int_not_equal(set(&c, "max_body", "0k"), 0);
    assert_int_not_equal(set(&c, "max_body", "-1"), 0);
    assert_int_not_equal(set(&c, "max_body", "12q"), 0);
    assert_int_equal(c.max_body, before);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(reads_sizes_with_units),
        cmocka_unit_test(refuses_sizes_that_would_wrap),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
