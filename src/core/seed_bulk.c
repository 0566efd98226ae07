/* A large synthetic company for benchmarks: people with a power-law follow
 * graph (~150 followees on average), a space per hundred people (internal,
 * private, public) with about five memberships per person, status updates
 * (one in five in a space) with hashtags and mentions, comments and likes,
 * spread over the past year. Written in big
 * transactions with prepared statements; the counters are set directly. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/content.h"
#include "core/seed.h"
#include "lib/arena.h"
#include "lib/crypto.h"
#include "lib/text.h"

static const char *const first[] = {"Camille", "Léa", "Hugo", "Lucas", "Emma", "Jules", "Chloé", "Louis", "Inès",
                                    "Nathan", "Manon", "Paul", "Zoé", "Adam", "Sarah", "Arthur", "Alice", "Raphaël",
                                    "Oliver", "Amelia", "Noah", "Grace", "Élise", "Théo", "Jade", "Gabriel"};
static const char *const last[] = {"Martin", "Bernard", "Dubois", "Thomas", "Robert", "Richard", "Petit", "Durand",
                                   "Leroy", "Moreau", "Simon", "Laurent", "Lefèvre", "Michel", "Garcia", "David",
                                   "Bertrand", "Roux", "Vincent", "Fournier", "Smith", "Jones", "Brown", "Taylor"};
static const char *const depts[] = {"Engineering", "Sales", "Marketing", "Finance", "Human Resources",
                                    "Customer Success", "Operations", "Legal", "Research", "Design"};
static const char *const words[] = {"the", "release", "customer", "meeting", "today", "project", "great", "team",
                                    "work", "new", "idea", "launch", "review", "thanks", "for", "and", "with",
                                    "plan", "roadmap", "feedback", "demo", "quarter", "results", "office", "lunch",
                                    "training", "welcome", "support", "design", "budget", "sprint", "goal"};
static const char *const tags[] = {"release", "kudos", "sales", "design", "hiring", "security", "roadmap", "lunch",
                                   "training", "été", "qualité", "support", "devops", "marketing", "remote"};

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

static uint64_t rng = 0x9e3779b97f4a7c15ull;
static uint64_t next_rand(void) {
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return rng;
}
static double uniform(void) { return (double)(next_rand() >> 11) / 9007199254740992.0; }
static int64_t pick(int64_t n) { return (int64_t)(next_rand() % (uint64_t)n); }
/* Popular people are picked more often: a Zipf-like skew toward low ranks. */
static int64_t popular(int64_t n) { return (int64_t)((double)n * pow(uniform(), 2.2)); }

static int exec(struct db *db, const char *sql) {
    char err[256];
    return db_exec_script(db, sql, err, sizeof err);
}

int seed_bulk(struct db *db, int64_t people, int64_t posts, char *err, size_t errlen) {
    if (people < 2 || posts < 0) {
        snprintf(err, errlen, "need at least 2 people");
        return -1;
    }
    int64_t base = db_int_or(db_prep(db, "SELECT coalesce(max(id), 0) FROM people"), 0);
    char *hash = password_hash("bench password 2026");
    if (!hash) {
        snprintf(err, errlen, "cannot hash the password");
        return -1;
    }
    int64_t now = db_now(), year = 365LL * 86400;
    struct arena a = {0};
    exec(db, "PRAGMA synchronous=OFF");
    db_begin(db);
    fprintf(stderr, "seed: %lld people\n", (long long)people);
    for (int64_t i = 1; i <= people; i++) {
        const char *f = first[pick(COUNT(first))], *l = last[pick(COUNT(last))];
        char name[128], email[128], handle[64];
        snprintf(name, sizeof name, "%s %s", f, l);
        snprintf(handle, sizeof handle, "user%lld", (long long)(base + i));
        snprintf(email, sizeof email, "%s@bench.example", handle);
        struct db_stmt *st = db_prep(db, "INSERT INTO people (email, handle, name, role, password_hash, department,"
                                         " title, sort_key, search_key, created_at, updated_at)"
                                         " VALUES ($1, $2, $3, 'employee', $4, $5, 'Employee', $6, $7, $8, $8)");
        db_bind_text(st, 1, email);
        db_bind_text(st, 2, handle);
        db_bind_text(st, 3, name);
        db_bind_text(st, 4, hash);
        db_bind_text(st, 5, depts[pick(COUNT(depts))]);
        char *sort = text_fold(&a, name);
        db_bind_text(st, 6, sort);
        db_bind_text(st, 7, arena_printf(&a, "%s %s", sort, handle));
        db_bind_int(st, 8, now - year);
        db_run(st);
        if (i % 10000 == 0) arena_free(&a);
    }
    arena_free(&a);
    fprintf(stderr, "seed: follow graph\n");
    int64_t follows = 0;
    for (int64_t i = 1; i <= people; i++) {
        /* lognormal-ish out-degree with mean ~150 */
        double z = sqrt(-2.0 * log(uniform() + 1e-12)) * cos(6.283185307 * uniform());
        int64_t k = (int64_t)exp(4.6 + 0.8 * z);
        if (k > people - 1) k = people - 1;
        if (k > 5000) k = 5000;
        for (int64_t j = 0; j < k; j++) {
            int64_t t = base + 1 + popular(people);
            if (t == base + i) continue;
            struct db_stmt *st = db_prep(db, "INSERT INTO follows (follower_id, followee_id, created_at)"
                                             " VALUES ($1, $2, $3) ON CONFLICT DO NOTHING");
            db_bind_int(st, 1, base + i);
            db_bind_int(st, 2, t);
            db_bind_int(st, 3, now - year);
            db_run(st);
            follows++;
        }
        if (i % 20000 == 0) {
            db_commit(db);
            db_begin(db);
        }
    }
    db_commit(db);
    int64_t nspaces = people / 100 > 0 ? people / 100 : 1;
    int64_t space_base = db_int_or(db_prep(db, "SELECT coalesce(max(id), 0) FROM spaces"), 0);
    fprintf(stderr, "seed: %lld follows; %lld spaces\n", (long long)follows, (long long)nspaces);
    db_begin(db);
    for (int64_t i = 1; i <= nspaces; i++) {
        static const char *const vis[] = {"internal", "internal", "internal", "internal", "internal", "internal",
                                          "private", "private", "private", "public"};
        struct db_stmt *st = db_prep(db, "INSERT INTO spaces (slug, name, sort_key, visibility, created_by, created_at,"
                                         " updated_at) VALUES ($1, $2, $3, $4, $5, $6, $6)");
        char *name = arena_printf(&a, "%s %s %lld", words[pick(COUNT(words))], depts[pick(COUNT(depts))], (long long)i);
        db_bind_text(st, 1, arena_printf(&a, "space-%lld", (long long)(space_base + i)));
        db_bind_text(st, 2, name);
        db_bind_text(st, 3, text_fold(&a, name));
        db_bind_text(st, 4, vis[pick(COUNT(vis))]);
        db_bind_int(st, 5, base + 1 + pick(people));
        db_bind_int(st, 6, now - year);
        db_run(st);
    }
    for (int64_t i = 1; i <= people; i++) { /* about five spaces each, popular spaces more often */
        for (int k = (int)pick(10); k > 0; k--) {
            struct db_stmt *st = db_prep(db, "INSERT INTO space_members (space_id, person_id, role, sort_key, created_at)"
                                             " SELECT CAST($1 AS BIGINT), id, CAST($3 AS TEXT), sort_key, CAST($4 AS BIGINT) FROM people WHERE id = $2"
                                             " ON CONFLICT DO NOTHING");
            db_bind_int(st, 1, space_base + 1 + popular(nspaces));
            db_bind_int(st, 2, base + i);
            db_bind_text(st, 3, pick(20) ? "member" : "owner");
            db_bind_int(st, 4, now - year);
            db_run(st);
        }
    }
    db_commit(db);
    fprintf(stderr, "seed: %lld posts\n", (long long)posts);
    db_begin(db);
    for (int64_t i = 0; i < posts; i++) {
        char body[600];
        size_t n = 0;
        int len = 6 + (int)pick(30);
        for (int w = 0; w < len && n < sizeof body - 80; w++)
            n += (size_t)snprintf(body + n, sizeof body - n, "%s%s", w ? " " : "", words[pick(COUNT(words))]);
        if (pick(3) == 0) n += (size_t)snprintf(body + n, sizeof body - n, " #%s", tags[pick(COUNT(tags))]);
        if (pick(8) == 0) n += (size_t)snprintf(body + n, sizeof body - n, " @user%lld", (long long)(base + 1 + popular(people)));
        int64_t author = base + 1 + popular(people);
        int64_t when = now - year + (int64_t)((double)year * (double)i / (double)(posts ? posts : 1));
        struct content c;
        content_render(&a, body, NULL, NULL, &c);
        int64_t comments = pick(10) == 0 ? 1 + pick(4) : 0, likes = pick(4) == 0 ? 1 + pick(8) : 0;
        /* one post in five goes to a space its author belongs to */
        int64_t space = 0;
        if (pick(5) == 0) {
            struct db_stmt *m = db_prep(db, "SELECT space_id FROM space_members WHERE person_id = $1 LIMIT 1");
            db_bind_int(m, 1, author);
            space = db_int_or(m, 0);
        }
        struct db_stmt *st = db_prep(db, "INSERT INTO items (type, author_id, body, body_html, created_at, comments_count,"
                                         " likes_count, space_id) VALUES ('status', $1, $2, $3, $4, $5, $6, $7)");
        if (space) db_bind_int(st, 7, space);
        else db_bind_null(st, 7);
        db_bind_int(st, 1, author);
        db_bind_text(st, 2, body);
        db_bind_text(st, 3, c.html.html);
        db_bind_int(st, 4, when);
        db_bind_int(st, 5, comments);
        db_bind_int(st, 6, likes);
        db_run(st);
        int64_t item = db_last_id(db);
        for (int t = 0; t < c.ntags; t++) {
            st = db_prep(db, "INSERT INTO item_tags (tag, item_id, created_at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING");
            db_bind_text(st, 1, c.tags[t]);
            db_bind_int(st, 2, item);
            db_bind_int(st, 3, when);
            db_run(st);
        }
        for (int m = 0; m < c.nmentions; m++) {
            st = db_prep(db, "INSERT INTO item_mentions (person_id, item_id)"
                             " SELECT id, $2 FROM people WHERE handle = $1 ON CONFLICT DO NOTHING");
            db_bind_text(st, 1, c.mentions[m]);
            db_bind_int(st, 2, item);
            db_run(st);
        }
        for (int64_t k = 0; k < comments; k++) {
            st = db_prep(db, "INSERT INTO comments (item_id, author_id, body, body_html, created_at)"
                             " VALUES ($1, $2, 'Nice one', '<p>Nice one</p>\n', $3)");
            db_bind_int(st, 1, item);
            db_bind_int(st, 2, base + 1 + pick(people));
            db_bind_int(st, 3, when + 60);
            db_run(st);
        }
        for (int64_t k = 0; k < likes; k++) {
            st = db_prep(db, "INSERT INTO item_likes (item_id, person_id, created_at) VALUES ($1, $2, $3)"
                             " ON CONFLICT DO NOTHING");
            db_bind_int(st, 1, item);
            db_bind_int(st, 2, base + 1 + pick(people));
            db_bind_int(st, 3, when + 120);
            db_run(st);
        }
        if ((i + 1) % 100000 == 0) {
            db_commit(db);
            db_begin(db);
            arena_free(&a);
            fprintf(stderr, "seed: %lld posts\n", (long long)(i + 1));
        }
    }
    db_commit(db);
    /* likes may have collided: make the counters exact */
    exec(db, "UPDATE items SET likes_count = (SELECT count(*) FROM item_likes l WHERE l.item_id = items.id)"
             " WHERE likes_count > 0");
    exec(db, "UPDATE spaces SET members_count = (SELECT count(*) FROM space_members m WHERE m.space_id = spaces.id)");
    exec(db, "PRAGMA synchronous=NORMAL");
    exec(db, "ANALYZE");
    arena_free(&a);
    free(hash);
    return 0;
}
