/* core/search: the query language, the excerpts with their marks, the
 * migration sections per backend, and the index kept by triggers and
 * rebuilt by search_reindex. */
#include "unit.h"

#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "core/search.h"
#include "db/db.h"

static void parses_words_phrases_and_prefix(void **state) {
    struct arena a = {0};
    struct search_terms t;
    assert_int_equal(search_parse(&a, "Réunion d'ÉTÉ", &t), 3);
    assert_string_equal(t.words[0], "reunion");
    assert_string_equal(t.words[1], "d");
    assert_string_equal(t.words[2], "ete");
    assert_false(t.prefix[0]);
    assert_true(t.prefix[2]); /* the last word */
    assert_int_equal(search_parse(&a, "\"budget meeting\" fri", &t), 3);
    assert_int_equal(t.phrase[0], 1);
    assert_int_equal(t.phrase[1], 1);
    assert_int_equal(t.phrase[2], 0);
    assert_true(t.prefix[2]);
    assert_int_equal(search_parse(&a, "fri \"budget meeting\"", &t), 3);
    assert_false(t.prefix[2]); /* quoted: exact */
    assert_int_equal(search_parse(&a, "lyon ", &t), 1);
    assert_false(t.prefix[0]); /* a space after it: the word is complete */
    assert_int_equal(search_parse(&a, "x", &t), 1);
    assert_false(t.prefix[0]);                                        /* one letter is no prefix */
    assert_int_equal(search_parse(&a, "NEAR(a* OR -b) ^c:d", &t), 6); /* FTS syntax is only text */
    assert_string_equal(t.words[1], "a");
    assert_int_equal(search_parse(&a, " \" ' ", &t), 0);
    assert_int_equal(search_parse(&a, "a b c d e f g h i j k l m", &t), -1);
    arena_free(&a);
}

static void excerpts_mark_matches_in_plain_text(void **state) {
    struct arena a = {0};
    struct search_terms t;
    struct search_text x;
    search_parse(&a, "ete lyo", &t);
    search_excerpt(&a, "La **fête** d'ÉTÉ\n\nà   `Lyon`", &t, 240, &x);
    assert_string_equal(x.text, "La fête d'ÉTÉ à Lyon");
    assert_int_equal(x.nmarks, 2);
    assert_int_equal(x.marks[0].start, 11);
    assert_int_equal(x.marks[0].len, 5); /* "ÉTÉ": 5 bytes */
    assert_memory_equal(x.text + x.marks[1].start, "Lyon", 4);
    /* typographic punctuation separates words, as in the index */
    search_excerpt(&a, "le pique-nique d’été « ici »", &t, 240, &x);
    assert_int_equal(x.nmarks, 1);
    assert_memory_equal(x.text + x.marks[0].start, "été", 5);
    assert_int_equal(search_parse(&a, "d’été…", &t), 2);
    assert_string_equal(t.words[1], "ete");
    search_parse(&a, "ete lyo", &t);
    /* a long text: a window around the first match, cut on UTF-8 boundaries */
    char big[3000];
    size_t n = 0;
    while (n < 1500)
        n += (size_t)snprintf(big + n, sizeof big - n, "blé ");
    snprintf(big + n, sizeof big - n, "été tail words");
    search_excerpt(&a, big, &t, 60, &x);
    assert_true(x.nmarks >= 1);
    assert_memory_equal(x.text, "… ", 4);
    assert_memory_equal(x.text + x.marks[0].start, "été", 5);
    assert_true(strlen(x.text) <= 60 + 8);
    /* no match: the beginning */
    search_excerpt(&a, "<b>nothing</b> here", &t, 240, &x);
    assert_string_equal(x.text, "<b>nothing</b> here");
    assert_int_equal(x.nmarks, 0);
    arena_free(&a);
}

static void migrations_keep_their_backend_sections(void **state) {
    const char *sql = "A;\n-- sqlite:\nB;\n-- postgres:\nC;\n-- both:\nD;\n";
    char *s = db_migration_for(sql, 0), *p = db_migration_for(sql, 1);
    assert_string_equal(s, "A;\nB;\nD;\n");
    assert_string_equal(p, "A;\nC;\nD;\n");
    free(s);
    free(p);
}

/* A migrated SQLite database in a new temporary directory (dir: 64 bytes,
 * a mkdtemp template is written there), and its removal. */
static struct db *fresh_db(char *dir) {
    char path[128], err[256];
    snprintf(dir, 64, "/tmp/ruche-test-search-XXXXXX");
    assert_non_null(mkdtemp(dir));
    snprintf(path, sizeof path, "%s/ruche.db", dir);
    struct db *db = db_open(path, err, sizeof err);
    assert_non_null(db);
    assert_int_equal(db_migrate(db, err, sizeof err), 0);
    return db;
}

static void drop_db(struct db *db, const char *dir) {
    db_close(db);
    char cmd[200];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    assert_int_equal(system(cmd), 0);
}

static void triggers_keep_the_index_and_reindex_rebuilds_it(void **state) {
    char dir[64], err[256];
    struct db *db = fresh_db(dir);
    const char *count = "SELECT count(*) FROM search_index WHERE search_index MATCH $1";
    assert_int_equal(
        db_exec_script(db,
                       "INSERT INTO people (id, email, handle, name, role, sort_key, created_at, updated_at) VALUES"
                       " (1, 'a@x.test', 'amelie', 'Amélie Roux', 'employee', 'amelie roux', 1, 1);"
                       "INSERT INTO items (id, type, author_id, body, created_at) VALUES"
                       " (1, 'status', 1, 'Pique-nique d''été', 2);"
                       "INSERT INTO comments (id, item_id, author_id, body, body_html, created_at) VALUES"
                       " (1, 1, 1, 'Génial', '', 3);",
                       err, sizeof err),
        0);
    struct db_stmt *st = db_prep(db, count);
    db_bind_text(st, 1, "ete");
    assert_int_equal(db_int_or(st, -1), 1);
    st = db_prep(db, count);
    db_bind_text(st, 1, "amelie OR genial");
    assert_int_equal(db_int_or(st, -1), 2);
    assert_int_equal(db_exec_script(db, "UPDATE items SET deleted_at = 5 WHERE id = 1", err, sizeof err), 0);
    st = db_prep(db, count);
    db_bind_text(st, 1, "ete");
    assert_int_equal(db_int_or(st, -1), 0);
    st = db_prep(db, count);
    db_bind_text(st, 1, "genial");
    assert_int_equal(db_int_or(st, -1), 0);        /* its comments went with it */
    assert_int_equal(search_reindex(db, NULL), 1); /* the person: a deleted item takes its comments along */
    assert_int_equal(search_reindex(db, NULL), 1); /* again: nothing doubled */
    drop_db(db, dir);
}

/* search_words() folds and splits as the search does, each word once; the
 * vocabulary's triggers add the words of every write, and a reindex adds
 * the index's own. */
static void the_vocabulary_follows_every_write(void **state) {
    char dir[64], err[256];
    struct db *db = fresh_db(dir);
    struct db_stmt *st = db_prep(db, "SELECT search_words($1, $2, NULL)");
    db_bind_text(st, 1, "Réunion d’ÉTÉ: réunion, ŒUVRE");
    db_bind_text(st, 2, "x2 été");
    assert_int_equal(db_step(st), DB_ROW);
    assert_string_equal(db_col_text(st, 0), "[\"reunion\",\"d\",\"ete\",\"oeuvre\",\"x2\"]");
    db_done(st);
    assert_int_equal(
        db_exec_script(db,
                       "INSERT INTO people (id, email, handle, name, role, sort_key, created_at, updated_at) VALUES"
                       " (1, 'a@x.test', 'amelie', 'Amélie Roux', 'employee', 'amelie roux', 1, 1);"
                       "INSERT INTO items (id, type, author_id, title, body, created_at) VALUES"
                       " (1, 'blog', 1, 'Pique-nique', 'Barbecue annuel', 2);"
                       "INSERT INTO comments (id, item_id, author_id, body, body_html, created_at) VALUES"
                       " (1, 1, 1, 'Génial', '', 3);"
                       "UPDATE items SET body = 'Barbecues' WHERE id = 1;",
                       err, sizeof err),
        0);
    const char *has = "SELECT count(*) FROM search_vocab WHERE word = $1";
    const char *words[] = {"amelie", "roux", "pique", "nique", "barbecue", "annuel", "genial", "barbecues"};
    for (size_t i = 0; i < sizeof words / sizeof *words; i++) {
        st = db_prep(db, has);
        db_bind_text(st, 1, words[i]);
        assert_int_equal(db_int_or(st, -1), 1);
    }
    /* a word only the index knows (written behind the triggers' back) comes with a reindex */
    assert_int_equal(db_exec_script(db, "DELETE FROM search_vocab WHERE word = 'genial'", err, sizeof err), 0);
    assert_true(search_reindex(db, NULL) > 0);
    st = db_prep(db, has);
    db_bind_text(st, 1, "genial");
    assert_int_equal(db_int_or(st, -1), 1);
    drop_db(db, dir);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(parses_words_phrases_and_prefix),
        cmocka_unit_test(excerpts_mark_matches_in_plain_text),
        cmocka_unit_test(migrations_keep_their_backend_sections),
        cmocka_unit_test(triggers_keep_the_index_and_reindex_rebuilds_it),
        cmocka_unit_test(the_vocabulary_follows_every_write),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
