/* core/: accounts, profiles, directory, policy, sign-in throttling,
 * sessions, API tokens and invitations, on a real SQLite database. */
#include "unit.h"

#include <stdio.h>

#include "core/auth.h"
#include "core/people.h"
#include "core/policy.h"
#include "core/session.h"
#include "db/db.h"

static char dir[64];
static struct db *db;
static struct arena A;
static int64_t admin_id, alice_id, bob_id, ext_id;

static int64_t make(const char *email, const char *name, enum role role) {
    int64_t id = 0;
    struct err e = {0};
    assert_int_equal(people_create(db, &A, email, name, role, "long enough password", &id, &e), 0);
    return id;
}

static int setup(void **state) {
    crypto_setup();
    crypto_set_fast_passwords(1);
    snprintf(dir, sizeof dir, "/tmp/ruche-test-core-XXXXXX");
    if (!mkdtemp(dir)) return -1;
    char path[128], err[256];
    snprintf(path, sizeof path, "%s/ruche.db", dir);
    db = db_open(path, err, sizeof err);
    if (!db || db_migrate(db, err, sizeof err)) return -1;
    admin_id = make("Admin@Example.com", "Ada Admin", ROLE_ADMIN);
    alice_id = make("alice@example.com", "Amélie Durand", ROLE_EMPLOYEE);
    bob_id = make("bob@example.com", "Bob Martin", ROLE_EMPLOYEE);
    ext_id = make("eve@partner.example", "Eve External", ROLE_EXTERNAL);
    return 0;
}

static int teardown(void **state) {
    arena_free(&A);
    db_close(db);
    char cmd[100];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    return system(cmd);
}

static void create_validates_and_derives_handles(void **state) {
    struct person *p = people_get(db, &A, admin_id);
    assert_string_equal(p->email, "admin@example.com"); /* lowercased */
    assert_string_equal(p->handle, "admin");
    struct err e = {0};
    int64_t id;
    assert_int_equal(people_create(db, &A, "ALICE@example.com", "Dup", ROLE_EMPLOYEE, NULL, &id, &e), ERR_CONFLICT);
    assert_int_equal(people_create(db, &A, "not-an-email", "X", ROLE_EMPLOYEE, NULL, &id, &e), ERR_INVALID);
    assert_string_equal(e.field, "email");
    assert_int_equal(people_create(db, &A, "x@example.com", "   ", ROLE_EMPLOYEE, NULL, &id, &e), ERR_INVALID);
    assert_int_equal(people_create(db, &A, "x@example.com", "X", ROLE_EMPLOYEE, "short", &id, &e), ERR_INVALID);
    assert_string_equal(e.field, "password");
    /* same local part in another domain: the handle gets a suffix */
    int64_t other = make("alice@elsewhere.example", "Alice Two", ROLE_EMPLOYEE);
    assert_string_equal(people_get(db, &A, other)->handle, "alice2");
}

static void policy_matrix_for_people(void **state) {
    struct person *admin = people_get(db, &A, admin_id), *alice = people_get(db, &A, alice_id),
                  *bob = people_get(db, &A, bob_id), *ext = people_get(db, &A, ext_id);
    /* actor x action x target -> expected */
    struct {
        struct person *actor;
        enum action act;
        struct person *target;
        int allowed;
    } cases[] = {
        {NULL, ACT_BROWSE_DIRECTORY, NULL, 0},  {alice, ACT_BROWSE_DIRECTORY, NULL, 1},
        {ext, ACT_BROWSE_DIRECTORY, NULL, 0},   {admin, ACT_BROWSE_DIRECTORY, NULL, 1},
        {NULL, ACT_VIEW_PERSON, alice, 0},      {alice, ACT_VIEW_PERSON, bob, 1},
        {ext, ACT_VIEW_PERSON, alice, 0},       {ext, ACT_VIEW_PERSON, ext, 1},
        {alice, ACT_VIEW_PERSON, ext, 1},       {alice, ACT_EDIT_PERSON, alice, 1},
        {alice, ACT_EDIT_PERSON, bob, 0},       {admin, ACT_EDIT_PERSON, bob, 1},
        {ext, ACT_EDIT_PERSON, ext, 1},         {alice, ACT_CHANGE_ROLE, bob, 0},
        {admin, ACT_CHANGE_ROLE, bob, 1},       {admin, ACT_CHANGE_ROLE, admin, 0},
        {alice, ACT_INVITE, NULL, 0},           {admin, ACT_INVITE, NULL, 1},
        {NULL, ACT_INVITE, NULL, 0},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        int got = policy_allows(cases[i].actor, cases[i].act, cases[i].target);
        if (got != cases[i].allowed) fail_msg("case %zu: expected %d, got %d", i, cases[i].allowed, got);
    }
    /* a disabled actor may do nothing; a disabled target is visible to admins only */
    struct person disabled_bob = *bob;
    disabled_bob.disabled = 1;
    assert_false(policy_allows(&disabled_bob, ACT_VIEW_PERSON, &disabled_bob));
    assert_false(policy_allows(alice, ACT_VIEW_PERSON, &disabled_bob));
    assert_true(policy_allows(admin, ACT_VIEW_PERSON, &disabled_bob));
}

static void update_enforces_rules(void **state) {
    struct person *alice = people_get(db, &A, alice_id), *bob = people_get(db, &A, bob_id),
                  *admin = people_get(db, &A, admin_id), *ext = people_get(db, &A, ext_id);
    struct err e = {0};
    struct person_edit ed = {.title = "Engineer", .department = "R&D", .expertise = "SQLite, C, sqlite, , Café",
                             .manager_handle = "bob", .bio = "**hi**"};
    assert_int_equal(people_update(db, &A, alice, alice_id, &ed, &e), 0);
    struct person *p = people_get(db, &A, alice_id);
    assert_string_equal(p->title, "Engineer");
    assert_int_equal(p->nexpertise, 3); /* de-duplicated ignoring case */
    assert_int_equal(p->manager_id, bob_id);
    /* someone else's profile */
    struct person_edit t = {.title = "Hacked"};
    assert_int_equal(people_update(db, &A, bob, alice_id, &t, &e), ERR_FORBIDDEN);
    assert_int_equal(people_update(db, &A, admin, alice_id, &t, &e), 0);
    /* an external cannot even see an employee: not found, not forbidden */
    assert_int_equal(people_update(db, &A, ext, alice_id, &t, &e), ERR_NOT_FOUND);
    /* a manager loop */
    struct person_edit loop = {.manager_handle = "alice"};
    assert_int_equal(people_update(db, &A, bob, bob_id, &loop, &e), ERR_INVALID);
    assert_string_equal(e.field, "manager");
    struct person_edit self = {.manager_handle = "bob"};
    assert_int_equal(people_update(db, &A, bob, bob_id, &self, &e), ERR_INVALID);
    /* handle rules and conflicts */
    struct person_edit h = {.handle = "Bob"};
    assert_int_equal(people_update(db, &A, alice, alice_id, &h, &e), ERR_CONFLICT);
    struct person_edit bad = {.handle = "no spaces"};
    assert_int_equal(people_update(db, &A, alice, alice_id, &bad, &e), ERR_INVALID);
    /* role changes are for admins, never for oneself */
    struct person_edit promote = {.role = "admin"};
    assert_int_equal(people_update(db, &A, alice, alice_id, &promote, &e), ERR_FORBIDDEN);
    /* limits */
    char long_title[200];
    memset(long_title, 'x', sizeof long_title - 1);
    long_title[sizeof long_title - 1] = 0;
    struct person_edit big = {.title = long_title};
    assert_int_equal(people_update(db, &A, alice, alice_id, &big, &e), ERR_INVALID);
    struct person_edit ctl = {.name = "A\x01" "B"};
    assert_int_equal(people_update(db, &A, alice, alice_id, &ctl, &e), ERR_INVALID);
    (void)ext;
}

static void directory_search_and_pages(void **state) {
    struct person *alice = people_get(db, &A, alice_id), *ext = people_get(db, &A, ext_id);
    struct person **list;
    int n;
    const char *next;
    struct err e = {0};
    assert_int_equal(people_search(db, &A, alice, "amelie", NULL, NULL, 20, &list, &n, &next, &e), 0);
    assert_int_equal(n, 1);
    assert_int_equal(list[0]->id, alice_id);
    assert_int_equal(people_search(db, &A, alice, "cafe", NULL, NULL, 20, &list, &n, &next, &e), 0);
    assert_int_equal(n, 1); /* expertise "Café" */
    assert_int_equal(people_search(db, &A, alice, "100%", NULL, NULL, 20, &list, &n, &next, &e), 0);
    assert_int_equal(n, 0); /* % is a literal, not a wildcard */
    /* pages of 2 cover everyone once, in name order */
    int total = 0, pages = 0;
    const char *cursor = NULL;
    do {
        assert_int_equal(people_search(db, &A, alice, NULL, NULL, cursor, 2, &list, &n, &next, &e), 0);
        total += n;
        pages++;
        cursor = next;
    } while (cursor && pages < 10);
    assert_int_equal(total, people_count(db));
    assert_int_equal(people_search(db, &A, alice, NULL, NULL, "!!", 2, &list, &n, &next, &e), ERR_INVALID);
    assert_int_equal(people_search(db, &A, ext, NULL, NULL, NULL, 2, &list, &n, &next, &e), ERR_NOT_FOUND);
    assert_int_equal(people_search(db, &A, NULL, NULL, NULL, NULL, 2, &list, &n, &next, &e), ERR_NOT_FOUND);
}

static void login_is_throttled_and_does_not_enumerate(void **state) {
    struct login_limits lim = {3, 60};
    struct person *p;
    struct err e1 = {0}, e2 = {0}, e = {0};
    assert_int_equal(auth_login(db, &A, "bob@example.com", "long enough password", "10.0.0.1", &lim, &p, &e), 0);
    assert_int_equal(p->id, bob_id);
    assert_int_equal(auth_login(db, &A, "bob@example.com", "wrong", "10.0.0.1", &lim, &p, &e1), ERR_INVALID);
    assert_int_equal(auth_login(db, &A, "nobody@example.com", "wrong", "10.0.0.1", &lim, &p, &e2), ERR_INVALID);
    assert_string_equal(e1.msg, e2.msg);
    auth_login(db, &A, "bob@example.com", "wrong", "10.0.0.2", &lim, &p, &e);
    auth_login(db, &A, "bob@example.com", "wrong", "10.0.0.3", &lim, &p, &e);
    /* the account is now limited, even with the right password and another address */
    assert_int_equal(auth_login(db, &A, "bob@example.com", "long enough password", "10.0.0.9", &lim, &p, &e), ERR_TOO_MANY);
    assert_true(e.retry_after > 0 && e.retry_after <= 60);
    /* others are not */
    assert_int_equal(auth_login(db, &A, "alice@example.com", "long enough password", "10.0.0.1", &lim, &p, &e), 0);
    /* the limit ends: age the failures past the window */
    db_run(db_prep(db, "UPDATE login_failures SET at = at - 120"));
    assert_int_equal(auth_login(db, &A, "bob@example.com", "long enough password", "10.0.0.9", &lim, &p, &e), 0);
    /* disabled accounts cannot sign in */
    people_set_disabled(db, bob_id, 1);
    assert_int_equal(auth_login(db, &A, "bob@example.com", "long enough password", "10.0.0.9", &lim, &p, &e), ERR_INVALID);
    people_set_disabled(db, bob_id, 0);
}

static void sessions_and_tokens(void **state) {
    char s[TOKEN_CHARS + 1], t[TOKEN_CHARS + 1];
    struct err e = {0};
    assert_int_equal(session_create(db, bob_id, 30, s), 0);
    assert_non_null(session_person(db, &A, s, 30));
    assert_null(session_person(db, &A, "not-a-token", 30));
    /* only the hash is stored */
    struct db_stmt *st = db_prep(db, "SELECT count(*) FROM sessions WHERE token_hash = $1");
    db_bind_text(st, 1, s);
    assert_int_equal(db_int_or(st, -1), 0);
    assert_int_equal(apitoken_create(db, bob_id, "ci", "read", 0, t, &e), 0);
    char scopes[64];
    assert_non_null(apitoken_person(db, &A, t, scopes));
    assert_string_equal(scopes, "read");
    assert_int_equal(apitoken_create(db, bob_id, "x", "read root", 0, t, &e), ERR_INVALID);
    /* disabling ends sessions and stops tokens */
    assert_int_equal(apitoken_create(db, bob_id, "ci", NULL, 0, t, &e), 0);
    people_set_disabled(db, bob_id, 1);
    assert_null(session_person(db, &A, s, 30));
    assert_null(apitoken_person(db, &A, t, scopes));
    people_set_disabled(db, bob_id, 0);
    assert_null(session_person(db, &A, s, 30)); /* ended, not suspended */
    assert_non_null(apitoken_person(db, &A, t, scopes));
    /* expired tokens are refused */
    assert_int_equal(apitoken_create(db, bob_id, "old", NULL, db_now() - 1, t, &e), 0);
    assert_null(apitoken_person(db, &A, t, scopes));
}

static void invitations_are_single_use(void **state) {
    struct person *admin = people_get(db, &A, admin_id), *alice = people_get(db, &A, alice_id);
    char tok[TOKEN_CHARS + 1];
    struct err e = {0};
    assert_int_equal(invite_create(db, &A, alice, "new@example.com", "employee", tok, &e), ERR_NOT_FOUND);
    assert_int_equal(invite_create(db, &A, admin, "alice@example.com", "employee", tok, &e), ERR_CONFLICT);
    assert_int_equal(invite_create(db, &A, admin, "new@example.com", "external", tok, &e), 0);
    struct invitation *inv = invite_find(db, &A, tok);
    assert_non_null(inv);
    assert_int_equal(inv->role, ROLE_EXTERNAL);
    int64_t id;
    assert_int_equal(invite_accept(db, &A, tok, "New Person", "short", &id, &e), ERR_INVALID);
    assert_non_null(invite_find(db, &A, tok)); /* a failed attempt does not use it up */
    assert_int_equal(invite_accept(db, &A, tok, "New Person", "a long password", &id, &e), 0);
    assert_int_equal(people_get(db, &A, id)->role, ROLE_EXTERNAL);
    assert_null(invite_find(db, &A, tok));
    assert_int_equal(invite_accept(db, &A, tok, "Again", "a long password", &id, &e), ERR_NOT_FOUND);
    /* expired */
    assert_int_equal(invite_create(db, &A, admin, "late@example.com", "employee", tok, &e), 0);
    db_run(db_prep(db, "UPDATE invitations SET expires_at = 1 WHERE accepted_at IS NULL"));
    assert_null(invite_find(db, &A, tok));
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(create_validates_and_derives_handles),
        cmocka_unit_test(policy_matrix_for_people),
        cmocka_unit_test(update_enforces_rules),
        cmocka_unit_test(directory_search_and_pages),
        cmocka_unit_test(login_is_throttled_and_does_not_enumerate),
        cmocka_unit_test(sessions_and_tokens),
        cmocka_unit_test(invitations_are_single_use),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
