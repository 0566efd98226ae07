/* The social core on a real database: posting, mentions and hashtags,
 * streams, comments, likes, follows and notifications (exactly once). */
#include "unit.h"

#include <stdio.h>

#include "core/bus.h"
#include "core/comments.h"
#include "core/content.h"
#include "core/items.h"
#include "core/notify.h"
#include "core/stream.h"
#include "core/timeline.h"
#include "db/db.h"
#include "lib/crypto.h"

static char dir[64];
static struct db *db;
static struct arena A;
static struct person *ann, *ben, *cat, *ext, *admin;
static int bus_notifications;

static struct person *make(const char *email, const char *name, enum role role) {
    int64_t id = 0;
    struct err e = {0};
    assert_int_equal(people_create(db, &A, email, name, role, NULL, &id, &e), 0);
    return people_get(db, &A, id);
}

static void on_bus(const struct bus_event *ev, void *ctx) {
    if (ev->kind == BUS_NOTIFICATION) bus_notifications++;
}

static int setup(void **state) {
    crypto_setup();
    snprintf(dir, sizeof dir, "/tmp/ruche-test-social-XXXXXX");
    if (!mkdtemp(dir)) return -1;
    char path[128], err[256];
    snprintf(path, sizeof path, "%s/ruche.db", dir);
    db = db_open(path, err, sizeof err);
    if (!db || db_migrate(db, err, sizeof err)) return -1;
    ann = make("ann@example.com", "Ann", ROLE_EMPLOYEE);
    ben = make("ben@example.com", "Ben", ROLE_EMPLOYEE);
    cat = make("cat@example.com", "Cat", ROLE_EMPLOYEE);
    ext = make("ext@partner.example", "Ext", ROLE_EXTERNAL);
    admin = make("root@example.com", "Root", ROLE_ADMIN);
    bus_listen(on_bus, NULL);
    /* the caches the server runs with, so their invalidation is tested too */
    timeline_start();
    people_cache_start();
    item_cache_start();
    return 0;
}

static int teardown(void **state) {
    timeline_reset();
    item_cache_stop();
    people_cache_reset();
    bus_reset();
    arena_free(&A);
    db_close(db);
    char cmd[100];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    return system(cmd);
}

static int64_t post(struct person *who, const char *body) {
    struct item_input in = {.type = "status", .body = body};
    int64_t id = 0;
    struct err e = {0};
    int rc = item_create(db, &A, who, &in, &id, &e);
    if (rc) fail_msg("post failed: %s", e.msg);
    return id;
}

static int64_t count_notifications(struct person *who, const char *kind) {
    struct db_stmt *st = db_prep(db, "SELECT count(*) FROM notifications WHERE person_id = $1 AND kind = $2");
    db_bind_int(st, 1, who->id);
    db_bind_text(st, 2, kind);
    return db_int_or(st, -1);
}

static void markdown_mentions_and_hashtags(void **state) {
    struct content c;
    content_render(&A, "Hi @ben and @Ben, see #Été and #ete! mail a@cat.example `@cat` [x](http://e.example/#tag) #1 <script>x</script>",
                   NULL, NULL, &c);
    assert_int_equal(c.nmentions, 1);
    assert_string_equal(c.mentions[0], "ben");
    assert_int_equal(c.ntags, 1);
    assert_string_equal(c.tags[0], "ete");
    assert_non_null(strstr(c.html.html, "<a href=\"/people/ben\">@ben</a>"));
    assert_non_null(strstr(c.html.html, "<a href=\"/tags/ete\">#Été</a>"));
    assert_null(strstr(c.html.html, "<script>"));
    assert_null(strstr(c.html.html, "/people/cat")); /* e-mail address and code are not mentions */
    content_render(&A, "| a | b |\n|---|---|\n| #one | ~~two~~ |\n", NULL, NULL, &c);
    assert_non_null(strstr(c.html.html, "<table>")); /* GFM extensions, rendered after the rewrite */
    assert_non_null(strstr(c.html.html, "<del>two</del>"));
    assert_int_equal(c.ntags, 1);
    content_render(&A, "[click](javascript:alert(1)) <img src=x onerror=alert(1)> https://example.com", NULL, NULL, &c);
    assert_null(strstr(c.html.html, "javascript:"));
    assert_null(strstr(c.html.html, "onerror"));
    assert_non_null(strstr(c.html.html, "<a href=\"https://example.com\">"));
}

static void posting_validates(void **state) {
    struct err e = {0};
    int64_t id;
    struct item_input empty = {.type = "status", .body = "   "};
    assert_int_equal(item_create(db, &A, ann, &empty, &id, &e), ERR_INVALID);
    struct item_input kind = {.type = "novel", .body = "x"};
    assert_int_equal(item_create(db, &A, ann, &kind, &id, &e), ERR_INVALID);
    char big[5002];
    memset(big, 'a', 5001);
    big[5001] = 0;
    struct item_input longer = {.type = "status", .body = big};
    assert_int_equal(item_create(db, &A, ann, &longer, &id, &e), ERR_INVALID);
    big[5000] = 0;
    assert_int_equal(item_create(db, &A, ann, &longer, &id, &e), 0);
    /* externals post only in spaces */
    struct item_input ok = {.type = "status", .body = "hello"};
    assert_int_equal(item_create(db, &A, ext, &ok, &id, &e), ERR_FORBIDDEN);
}

static void mentions_notify_once_and_only_who_can_see(void **state) {
    int before = bus_notifications;
    int64_t id = post(ann, "Thanks @ben @ben and @ext and @nobody #kudos");
    assert_int_equal(count_notifications(ben, "mention"), 1);
    assert_int_equal(count_notifications(ext, "mention"), 0); /* may not see profile posts */
    assert_int_equal(bus_notifications - before, 1);
    /* editing keeps a revision and does not notify ben again */
    struct item_input ed = {.body = "Thanks @ben and @cat #kudos"};
    struct err e = {0};
    assert_int_equal(item_update(db, &A, ann, id, &ed, &e), 0);
    assert_int_equal(count_notifications(ben, "mention"), 1);
    assert_int_equal(count_notifications(cat, "mention"), 1);
    struct db_stmt *st = db_prep(db, "SELECT count(*) FROM item_revisions WHERE item_id = $1");
    db_bind_int(st, 1, id);
    assert_int_equal(db_int_or(st, 0), 1);
    /* only the author edits; an admin may delete */
    assert_int_equal(item_update(db, &A, ben, id, &ed, &e), ERR_FORBIDDEN);
    assert_int_equal(item_update(db, &A, ext, id, &ed, &e), ERR_NOT_FOUND);
    /* the mention makes it show in ben's home stream although he follows nobody */
    struct stream_query q = {.kind = STREAM_HOME, .limit = 20};
    struct item **items;
    int n;
    const char *next;
    assert_int_equal(stream_read(db, &A, ben, &q, &items, &n, &next, &e), 0);
    assert_int_equal(n, 1);
    assert_int_equal(items[0]->id, id);
    assert_string_equal(items[0]->author->name, "Ann");
    /* tag stream, accent-insensitive */
    struct stream_query tq = {.kind = STREAM_TAG, .tag = "kudos", .limit = 20};
    assert_int_equal(stream_read(db, &A, cat, &tq, &items, &n, &next, &e), 0);
    assert_int_equal(n, 1);
}

static void streams_follow_and_paginate(void **state) {
    struct err e = {0};
    assert_int_equal(follow_set(db, &A, cat, ann->id, 1, &e), 0);
    assert_int_equal(follow_set(db, &A, cat, ann->id, 1, &e), 0); /* idempotent */
    assert_int_equal(count_notifications(ann, "follow"), 1);
    assert_int_equal(follow_set(db, &A, cat, cat->id, 1, &e), ERR_INVALID);
    assert_int_equal(follow_set(db, &A, ext, ann->id, 1, &e), ERR_NOT_FOUND);
    int64_t ids[25];
    for (int i = 0; i < 25; i++) ids[i] = post(ann, "post");
    post(ben, "not followed by cat");
    struct stream_query q = {.kind = STREAM_HOME, .limit = 10};
    struct item **items;
    int n, seen = 0, pages = 0;
    const char *next = NULL;
    int64_t last = INT64_MAX;
    do {
        q.cursor = next;
        assert_int_equal(stream_read(db, &A, cat, &q, &items, &n, &next, &e), 0);
        for (int i = 0; i < n; i++) {
            assert_true(items[i]->id < last); /* newest first, no repeats */
            last = items[i]->id;
            assert_int_equal(items[i]->author_id, ann->id);
        }
        seen += n;
        pages++;
    } while (next && pages < 10);
    assert_true(seen >= 25);
    /* deleting hides an item from every stream at once */
    assert_int_equal(item_delete(db, &A, ben, ids[24], &e), ERR_FORBIDDEN);
    assert_int_equal(item_delete(db, &A, ann, ids[24], &e), 0);
    q.cursor = NULL;
    assert_int_equal(stream_read(db, &A, cat, &q, &items, &n, &next, &e), 0);
    assert_int_not_equal(items[0]->id, ids[24]);
    assert_null(item_get(db, &A, cat, ids[24]));
    struct stream_query company = {.kind = STREAM_COMPANY, .limit = 5};
    assert_int_equal(stream_read(db, &A, ext, &company, &items, &n, &next, &e), ERR_NOT_FOUND);
    /* live: only what is newer */
    q.after = ids[22];
    assert_int_equal(stream_read(db, &A, cat, &q, &items, &n, &next, &e), 0);
    assert_int_equal(n, 1);
    assert_int_equal(items[0]->id, ids[23]);
}

static void comments_likes_and_notifications(void **state) {
    struct err e = {0};
    int64_t item = post(ann, "What do you think?");
    int64_t c1, c2, c3;
    assert_int_equal(comment_create(db, &A, ben, item, 0, "I like it", &c1, &e), 0);
    assert_int_equal(comment_create(db, &A, cat, item, c1, "Me too, @ben", &c2, &e), 0);
    assert_int_equal(comment_create(db, &A, ann, item, 0, "Thanks both", &c3, &e), 0);
    assert_int_equal(count_notifications(ann, "comment"), 2); /* ben's and cat's */
    assert_int_equal(count_notifications(ben, "reply"), 1);   /* ann's: cat's mentions him instead */
    assert_int_equal(count_notifications(ben, "mention"), 2); /* one earlier, one in cat's comment */
    assert_int_equal(comment_create(db, &A, ext, item, 0, "x", &c3, &e), ERR_NOT_FOUND);
    assert_int_equal(comment_create(db, &A, ben, item, 0, "", &c3, &e), ERR_INVALID);
    struct item *it = item_get(db, &A, ann, item);
    assert_int_equal(it->comments_count, 3);
    /* likes: idempotent, counted, notified once even after unlike + like */
    assert_int_equal(like_item(db, &A, ben, item, 1, &e), 0);
    assert_int_equal(like_item(db, &A, ben, item, 1, &e), 0);
    assert_int_equal(like_item(db, &A, ben, item, 0, &e), 0);
    assert_int_equal(like_item(db, &A, ben, item, 1, &e), 0);
    assert_int_equal(count_notifications(ann, "like"), 1);
    it = item_get(db, &A, ben, item);
    assert_int_equal(it->likes_count, 1);
    assert_true(it->liked_by_me);
    assert_false(item_get(db, &A, cat, item)->liked_by_me);
    assert_int_equal(like_comment(db, &A, ann, c1, 1, &e), 0);
    struct person **likers;
    int n;
    const char *next;
    assert_int_equal(like_list(db, &A, cat, 0, c1, NULL, 10, &likers, &n, &next, &e), 0);
    assert_int_equal(n, 1);
    assert_int_equal(likers[0]->id, ann->id);
    /* edit and delete one's own comment only */
    assert_int_equal(comment_update(db, &A, cat, c1, "hijack", &e), ERR_FORBIDDEN);
    assert_int_equal(comment_update(db, &A, ben, c1, "I really like it", &e), 0);
    assert_int_equal(comment_delete(db, &A, cat, c1, &e), ERR_FORBIDDEN);
    assert_int_equal(comment_delete(db, &A, ben, c1, &e), 0);
    struct comment **cs;
    assert_int_equal(comment_list(db, &A, ann, item, NULL, 50, &cs, &n, &next, &e), 0);
    assert_int_equal(n, 2);
    assert_int_equal(item_get(db, &A, ann, item)->comments_count, 2);
    /* notifications: list, unread, mark read, preferences */
    int unread = notify_unread(db, ann->id);
    assert_true(unread >= 3); /* cat's comment, ben's like; ben's deleted comment no longer counts */
    struct notification **ns;
    assert_int_equal(notify_list(db, &A, ann, NULL, 2, &ns, &n, &next, &e), 0);
    assert_int_equal(n, 2);
    assert_non_null(next);
    assert_int_equal(notify_mark_read(db, ann, ns[0]->id, &e), 0);
    assert_int_equal(notify_unread(db, ann->id), unread - 1);
    assert_int_equal(notify_mark_read(db, ben, ns[1]->id, &e), ERR_NOT_FOUND);
    assert_int_equal(notify_mark_read(db, ann, 0, &e), 0);
    assert_int_equal(notify_unread(db, ann->id), 0);
    notify_set_enabled(db, ann->id, NOTIFY_LIKE, 0);
    assert_int_equal(like_item(db, &A, cat, item, 1, &e), 0);
    assert_int_equal(notify_unread(db, ann->id), 0);
    notify_set_enabled(db, ann->id, NOTIFY_LIKE, 1);
    /* deleted items vanish from notifications too */
    assert_int_equal(item_delete(db, &A, admin, item, &e), 0);
    assert_int_equal(notify_list(db, &A, ben, NULL, 50, &ns, &n, &next, &e), 0);
    for (int i = 0; i < n; i++) assert_int_not_equal(ns[i]->item_id, item);
}

/* All pages of a home stream, as ids. */
static int home_ids(struct person *who, int64_t *out, int cap) {
    struct stream_query q = {.kind = STREAM_HOME, .limit = 7};
    struct item **items;
    int n, total = 0, pages = 0;
    const char *next = NULL;
    struct err e = {0};
    do {
        q.cursor = next;
        assert_int_equal(stream_read(db, &A, who, &q, &items, &n, &next, &e), 0);
        for (int i = 0; i < n && total < cap; i++) out[total++] = items[i]->id;
    } while (next && ++pages < 200);
    return total;
}

/* The in-memory timeline answers exactly as the SQL it stands for, across
 * truncated lists (authors with more posts than it keeps), mentions,
 * follows that change and deletions. */
static void timeline_matches_sql(void **state) {
    struct person *p[8];
    char email[64];
    for (int i = 0; i < 8; i++) {
        snprintf(email, sizeof email, "t%d@example.com", i);
        p[i] = make(email, "Timeline Person", ROLE_EMPLOYEE);
    }
    struct err e = {0};
    uint64_t hits0, misses0, hits, misses;
    timeline_stats(&hits0, &misses0);
    uint32_t seed = 12345;
    int64_t posted[400];
    int nposted = 0;
    for (int step = 0; step < 400; step++) {
        seed = seed * 1103515245 + 12345;
        int who = (int)((seed >> 8) % 8), other = (int)((seed >> 16) % 8), op = (int)((seed >> 24) % 10);
        if (op < 6 || who == 0) {
            /* person 0 posts a lot: its list gets truncated */
            char body[64];
            snprintf(body, sizeof body, "post %d @%s", step, p[other]->handle);
            posted[nposted++] = post(p[op < 3 ? 0 : who], op == 5 ? body : "plain post");
        } else if (op < 8 && who != other) {
            follow_set(db, &A, p[who], p[other]->id, op == 6, &e);
        } else if (nposted) {
            item_delete(db, &A, admin, posted[(seed >> 4) % (uint32_t)nposted], &e);
        }
        if (step % 50 == 49) {
            for (int i = 0; i < 8; i++) {
                int64_t fast[600], slow[600];
                int nf = home_ids(p[i], fast, 600);
                timeline_reset(); /* now every page comes from SQL */
                int ns = home_ids(p[i], slow, 600);
                timeline_start();
                assert_int_equal(nf, ns);
                for (int k = 0; k < nf; k++) assert_int_equal(fast[k], slow[k]);
            }
        }
    }
    /* both paths ran: pages from memory, and pages past a truncated list */
    timeline_stats(&hits, &misses);
    assert_true(hits - hits0 > 50);
    assert_true(misses - misses0 > 5);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(markdown_mentions_and_hashtags),
        cmocka_unit_test(posting_validates),
        cmocka_unit_test(mentions_notify_once_and_only_who_can_see),
        cmocka_unit_test(streams_follow_and_paginate),
        cmocka_unit_test(comments_likes_and_notifications),
        cmocka_unit_test(timeline_matches_sql),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
