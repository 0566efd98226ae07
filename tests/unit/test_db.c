/* db/: migrations, cached statements, parameters, transactions, backup. */
#include "unit.h"

#include <stdio.h>
#include <unistd.h>

#include "db/db.h"

static char dir[64], path[128];

static int setup(void **state) {
    snprintf(dir, sizeof dir, "/tmp/ruche-test-db-XXXXXX");
    if (!mkdtemp(dir)) return -1;
    snprintf(path, sizeof path, "%s/ruche.db", dir);
    char err[256];
    struct db *db = db_open(path, err, sizeof err);
    if (!db || db_migrate(db, err, sizeof err)) return -1;
    *state = db;
    return 0;
}

static int teardown(void **state) {
    db_close(*state);
    char cmd[200];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    return system(cmd);
}

static void migrations_are_idempotent(void **state) {
    struct db *db = *state;
    char err[256];
    int64_t before = db_int_or(db_prep(db, "SELECT count(*) FROM schema_migrations"), -1);
    assert_true(before >= 1);
    assert_int_equal(db_migrate(db, err, sizeof err), 0);
    assert_int_equal(db_int_or(db_prep(db, "SELECT count(*) FROM schema_migrations"), -1), before);
    assert_int_equal(db_check(db), 0);
}

static void statements_are_cached_and_bound_by_number(void **state) {
    struct db *db = *state;
    static const char sql[] = "SELECT $2 || '-' || $1";
    struct db_stmt *a = db_prep(db, sql);
    db_bind_text(a, 1, "one");
    db_bind_text(a, 2, "two");
    assert_int_equal(db_step(a), DB_ROW);
    assert_string_equal(db_col_text(a, 0), "two-one");
    db_done(a);
    struct db_stmt *b = db_prep(db, sql);
    assert_ptr_equal(a, b); /* same text pointer, same prepared statement */
    db_bind_text(b, 1, "x");
    db_bind_null(b, 2);
    assert_int_equal(db_step(b), DB_ROW);
    assert_true(db_col_is_null(b, 0));
    db_done(b);
}

static void injection_is_data(void **state) {
    struct db *db = *state;
    struct db_stmt *st = db_prep(db, "SELECT count(*) FROM people WHERE email = $1");
    db_bind_text(st, 1, "' OR 1=1 --");
    assert_int_equal(db_int_or(st, -1), 0);
}

static void rollback_discards_and_constraints_are_reported(void **state) {
    struct db *db = *state;
    assert_int_equal(db_begin(db), 0);
    struct db_stmt *st = db_prep(db, "INSERT INTO login_failures (key, at) VALUES ($1, $2)");
    db_bind_text(st, 1, "k");
    db_bind_int(st, 2, 1);
    assert_int_equal(db_run(st), DB_DONE);
    db_rollback(db);
    assert_int_equal(db_int_or(db_prep(db, "SELECT count(*) FROM login_failures"), -1), 0);
    const char *ins = "INSERT INTO people (email, handle, name, role, sort_key, created_at, updated_at)"
                      " VALUES ($1, $2, 'N', 'employee', 'n', 0, 0)";
    st = db_prep(db, ins);
    db_bind_text(st, 1, "a@example.com");
    db_bind_text(st, 2, "a1");
    assert_int_equal(db_run(st), DB_DONE);
    st = db_prep(db, ins);
    db_bind_text(st, 1, "a@example.com");
    db_bind_text(st, 2, "a2");
    assert_int_equal(db_run(st), DB_CONSTRAINT);
    st = db_prep(db, "INSERT INTO people (email, handle, name, role, sort_key, created_at, updated_at)"
                     " VALUES ('b@example.com', 'b', 'N', 'boss', 'n', 0, 0)");
    assert_int_equal(db_run(st), DB_CONSTRAINT); /* role CHECK */
}

static void backup_is_a_complete_database(void **state) {
    struct db *db = *state;
    char dest[160], err[256];
    snprintf(dest, sizeof dest, "%s/copy.db", dir);
    assert_int_equal(db_backup(db, dest, err, sizeof err), 0);
    struct db *copy = db_open(dest, err, sizeof err);
    assert_non_null(copy);
    assert_int_equal(db_check(copy), 0);
    assert_int_equal(db_int_or(db_prep(copy, "SELECT count(*) FROM people"), -1),
                     db_int_or(db_prep(db, "SELECT count(*) FROM people"), -2));
    db_close(copy);
    assert_int_not_equal(db_backup(db, "/nonexistent-dir/x.db", err, sizeof err), 0);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(migrations_are_idempotent),
        cmocka_unit_test(statements_are_cached_and_bound_by_number),
        cmocka_unit_test(injection_is_data),
        cmocka_unit_test(rollback_discards_and_constraints_are_reported),
        cmocka_unit_test(backup_is_a_complete_database),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
