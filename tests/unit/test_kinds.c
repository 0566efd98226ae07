/* The permission matrix of decision 008 extended to every kind of content
 * in the kind table (core/kinds.c), on a real SQLite database: for each kind
 * an item is posted by its author in spaces of each visibility (and an
 * archived one, and on the author's profile where the kind allows it), and
 * every actor's answer to every item action is compared with an oracle
 * written here from the rules (never calling policy.c), at the policy level
 * and, for reads, through item_get and the filtered list. A kind added to
 * the table without a sample below makes this test fail: every kind is
 * covered. */
#include "unit.h"

#include <stdio.h>

#include "core/bus.h"
#include "core/items.h"
#include "core/kinds.h"
#include "core/policy.h"
#include "core/spaces.h"
#include "core/stream.h"
#include "core/timeline.h"
#include "db/db.h"
#include "lib/crypto.h"

static char dir[64];
static struct db *db;

/* ---- the actors ---- */
enum { ANON, EXT_MEMBER, EXT_OTHER, MEMBER, OTHER, MODERATOR, AUTHOR, OWNER, ADMIN, NACTORS };
static const char *const actor_names[NACTORS] = {"anonymous", "external member", "external non-member", "member",
                                                 "employee non-member", "moderator", "author", "owner", "admin"};
static int64_t ids[NACTORS];

/* ---- the places an item can be ---- */
enum { P_PROFILE, P_INTERNAL, P_PRIVATE, P_EXTRANET, P_PUBLIC, P_ARCHIVED, NPLACES };
static const char *const place_names[NPLACES] = {"profile", "internal", "private", "extranet", "public", "archived private"};
static int64_t space_of[NPLACES];

/* What a sample item of each kind needs beyond the common fields. */
static json_t *sample_fields(const char *kind) {
    if (!strcmp(kind, "status") || !strcmp(kind, "blog") || !strcmp(kind, "discussion") || !strcmp(kind, "file"))
        return NULL;
    if (!strcmp(kind, "wiki") || !strcmp(kind, "question") || !strcmp(kind, "idea")) return NULL;
    if (!strcmp(kind, "poll")) return json_pack("{s:[s,s]}", "options", "Lyon", "Paris");
    if (!strcmp(kind, "bookmark")) return json_pack("{s:s}", "url", "https://example.com/a-page");
    if (!strcmp(kind, "event"))
        return json_pack("{s:s, s:s, s:s}", "starts_at", "2030-06-01T09:00:00Z", "ends_at", "2030-06-01T10:00:00Z",
                         "timezone", "Europe/Paris");
    fail_msg("no sample for the kind %s: add one to tests/unit/test_kinds.c", kind);
    return NULL;
}

/* ---- the oracle ---- */
static int internal(int w) { return w != ANON && w != EXT_MEMBER && w != EXT_OTHER; }
static int member(int w, int p) {
    if (p == P_PROFILE) return 0;
    if (w == EXT_MEMBER) return p == P_EXTRANET;
    return w == MEMBER || w == MODERATOR || w == AUTHOR || w == OWNER;
}
static int moderates(int w, int p) { return w == ADMIN || (p != P_PROFILE && (w == MODERATOR || w == OWNER)); }

static int reads(int w, int p) {
    switch (p) {
    case P_PROFILE: return internal(w);
    case P_INTERNAL: return internal(w);
    case P_PUBLIC: return 1;
    default: return w == ADMIN || member(w, p);
    }
}

static int expected(int w, int p, const struct kind *k, enum action act) {
    if (!reads(w, p)) return 0;
    int archived = p == P_ARCHIVED, author = w == AUTHOR;
    int open = p == P_INTERNAL || p == P_PUBLIC;
    int reacts = p == P_PROFILE ? internal(w) : !archived && (w == ADMIN || member(w, p) || (open && internal(w)));
    switch (act) {
    case ACT_READ_ITEM: return 1;
    case ACT_COMMENT:
    case ACT_LIKE: return p == P_PROFILE ? 1 : reacts;
    case ACT_VOTE: return reacts;
    case ACT_EDIT_ITEM:
        if (p == P_PROFILE) return author;
        /* a wiki is written together: whoever may post there edits it */
        return !archived && (author || moderates(w, p) || (!strcmp(k->name, "wiki") && (w == ADMIN || member(w, p))));
    case ACT_DELETE_ITEM: return p == P_PROFILE ? author || w == ADMIN : !archived && (author || moderates(w, p));
    case ACT_PIN_ITEM: return p != P_PROFILE && !archived && moderates(w, p);
    case ACT_SET_STATUS: return p == P_PROFILE ? w == ADMIN : !archived && moderates(w, p);
    case ACT_ACCEPT_ANSWER: return p == P_PROFILE ? author || w == ADMIN : !archived && (author || moderates(w, p));
    default: return 0;
    }
}

static const enum action item_actions[] = {ACT_READ_ITEM,   ACT_COMMENT,  ACT_LIKE,       ACT_VOTE,
                                           ACT_EDIT_ITEM,   ACT_DELETE_ITEM, ACT_PIN_ITEM, ACT_SET_STATUS,
                                           ACT_ACCEPT_ANSWER};
static const char *const action_names[] = {"read", "comment", "like", "vote", "edit", "delete", "pin", "set status",
                                           "accept answer"};

/* ---- fixture helpers ---- */
static struct person *as(struct arena *a, int w) {
    if (w == ANON) return NULL;
    struct person *p = people_cached(db, a, ids[w]);
    if (!p) fail_msg("no person %s", actor_names[w]);
    people_load_spaces(db, a, p);
    return p;
}

static int64_t make_person(const char *email, const char *name, enum role role) {
    struct arena a = {0};
    struct err e = {0};
    int64_t id = 0;
    if (people_create(db, &a, email, name, role, NULL, &id, &e)) fail_msg("people_create %s: %s", email, e.msg);
    arena_free(&a);
    return id;
}

static void must(int rc, const char *what, const struct err *e) {
    if (rc) fail_msg("%s: %d %s", what, rc, e->msg ? e->msg : "");
}

/* The owner creates the space; members join by invitation. */
static int64_t make_space(const char *name, const char *vis) {
    struct arena a = {0};
    struct err e = {0};
    struct space_input in = {.name = name, .visibility = vis, .secret = -1};
    int64_t id;
    must(space_create(db, &a, as(&a, OWNER), &in, &id, &e), "space_create", &e);
    int joiners[] = {MEMBER, MODERATOR, AUTHOR, EXT_MEMBER};
    for (size_t i = 0; i < sizeof joiners / sizeof joiners[0]; i++) {
        if (joiners[i] == EXT_MEMBER && strcmp(vis, "extranet")) continue;
        struct arena b = {0};
        must(space_invite(db, &b, as(&b, OWNER), id, ids[joiners[i]], &e), "space_invite", &e);
        enum space_role role;
        must(space_join(db, &b, as(&b, joiners[i]), id, &role, &e), "space_join", &e);
        arena_free(&b);
    }
    struct arena c = {0};
    must(space_set_role(db, &c, as(&c, OWNER), id, ids[MODERATOR], SROLE_MODERATOR, &e), "space_set_role", &e);
    arena_free(&c);
    arena_free(&a);
    return id;
}

static int setup(void **state) {
    crypto_setup();
    snprintf(dir, sizeof dir, "/tmp/ruche-test-kinds-XXXXXX");
    if (!mkdtemp(dir)) return -1;
    char path[128], err[256];
    snprintf(path, sizeof path, "%s/ruche.db", dir);
    db = db_open(path, err, sizeof err);
    if (!db || db_migrate(db, err, sizeof err)) return -1;
    timeline_start();
    people_cache_start();
    item_cache_start();
    space_cache_start();
    ids[EXT_MEMBER] = make_person("xm@example.com", "Xm", ROLE_EXTERNAL);
    ids[EXT_OTHER] = make_person("xo@example.com", "Xo", ROLE_EXTERNAL);
    ids[MEMBER] = make_person("member@example.com", "Member", ROLE_EMPLOYEE);
    ids[OTHER] = make_person("other@example.com", "Other", ROLE_EMPLOYEE);
    ids[MODERATOR] = make_person("moderator@example.com", "Moderator", ROLE_EMPLOYEE);
    ids[AUTHOR] = make_person("author@example.com", "Author", ROLE_EMPLOYEE);
    ids[OWNER] = make_person("owner@example.com", "Owner", ROLE_EMPLOYEE);
    ids[ADMIN] = make_person("admin@example.com", "Admin", ROLE_ADMIN);
    space_of[P_INTERNAL] = make_space("Internal", "internal");
    space_of[P_PRIVATE] = make_space("Private", "private");
    space_of[P_EXTRANET] = make_space("Extranet", "extranet");
    space_of[P_PUBLIC] = make_space("Public", "public");
    space_of[P_ARCHIVED] = make_space("Archived", "private");
    return 0;
}

static int teardown(void **state) {
    timeline_reset();
    item_cache_stop();
    people_cache_reset();
    space_cache_reset();
    bus_reset();
    db_close(db);
    char cmd[100];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    return system(cmd);
}

/* Posts a sample of kind k by the author in place p; 0 when the kind may
 * not be there (a wiki page on a profile). */
static int64_t sample(const struct kind *k, int p) {
    if (p == P_PROFILE && k->space_only) return 0;
    struct arena a = {0};
    struct err e = {0};
    char title[64];
    snprintf(title, sizeof title, "A %s in %s", k->name, place_names[p]);
    struct item_input in = {.type = k->name,
                            .title = k->title == TITLE_NONE ? NULL : title,
                            .body = "Some text #matrix",
                            .space_id = space_of[p],
                            .fields = sample_fields(k->name)};
    if (!strcmp(k->name, "file")) { /* a file is its upload */
        static const unsigned char text[] = "Minutes of the meeting\n";
        in.upload = text;
        in.upload_len = sizeof text - 1;
        in.upload_name = "minutes.txt";
    }
    int64_t id = 0;
    int rc = item_create(db, &a, as(&a, AUTHOR), &in, &id, &e);
    json_decref(in.fields);
    arena_free(&a);
    if (rc) fail_msg("item_create %s in %s: %d %s", k->name, place_names[p], rc, e.msg ? e.msg : "");
    return id;
}

static void every_kind_obeys_the_matrix(void **state) {
    int nk;
    const struct kind *const *kinds = kind_all(&nk);
    int64_t items[16][NPLACES] = {{0}};
    assert_true(nk <= 16);
    for (int i = 0; i < nk; i++)
        for (int p = 0; p < NPLACES; p++) items[i][p] = sample(kinds[i], p);
    struct arena a = {0};
    struct err e = {0};
    must(space_set_archived(db, &a, as(&a, OWNER), space_of[P_ARCHIVED], 1, &e), "archive", &e);
    arena_free(&a);
    int cases = 0, wrong = 0;
    for (int pass = 0; pass < 2; pass++) { /* caches warm, then cold */
        if (pass == 1) {
            people_cache_reset();
            space_cache_reset();
            item_cache_stop();
            item_cache_start();
        }
        for (int i = 0; i < nk; i++)
            for (int p = 0; p < NPLACES; p++) {
                if (!items[i][p]) continue;
                for (int w = 0; w < NACTORS; w++) {
                    struct arena r = {0};
                    struct person *actor = as(&r, w);
                    struct item *it;
                    items_load(db, &r, &items[i][p], 1, &it);
                    if (!it) fail_msg("item %lld not loaded", (long long)items[i][p]);
                    for (size_t x = 0; x < sizeof item_actions / sizeof item_actions[0]; x++) {
                        int want = expected(w, p, kinds[i], item_actions[x]);
                        int got = policy_item(actor, item_actions[x], it) != 0;
                        cases++;
                        if (want != got) {
                            wrong++;
                            print_message("MISMATCH %s in %s, %s may %s: expected %d, got %d\n", kinds[i]->name,
                                          place_names[p], actor_names[w], action_names[x], want, got);
                        }
                    }
                    /* reads through core agree */
                    int readable = item_get(db, &r, actor, items[i][p]) != NULL;
                    if (readable != reads(w, p)) {
                        wrong++;
                        print_message("MISMATCH item_get %s in %s by %s: expected %d\n", kinds[i]->name,
                                      place_names[p], actor_names[w], reads(w, p));
                    }
                    arena_free(&r);
                }
            }
    }
    /* the filtered list of each kind holds exactly the samples the reader may see */
    for (int i = 0; i < nk; i++)
        for (int w = 0; w < NACTORS; w++) {
            struct arena r = {0};
            struct stream_query q = {.kind = STREAM_FILTER, .type = kinds[i]->name, .limit = 100};
            struct item **list;
            int n;
            const char *next;
            if (stream_read(db, &r, as(&r, w), &q, &list, &n, &next, &e)) fail_msg("list %s", kinds[i]->name);
            for (int p = 0; p < NPLACES; p++) {
                if (!items[i][p]) continue;
                int listed = 0;
                for (int j = 0; j < n; j++) listed |= list[j]->id == items[i][p];
                if (listed != reads(w, p)) {
                    wrong++;
                    print_message("MISMATCH list of %s: %s in %s listed %d\n", kinds[i]->name, actor_names[w],
                                  place_names[p], listed);
                }
            }
            arena_free(&r);
        }
    print_message("%d kinds, %d policy cases, %d mismatches\n", nk, cases, wrong);
    assert_int_equal(wrong, 0);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(every_kind_obeys_the_matrix),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
