/* search_words(text, ...): the SQL function that gives SQLite what
 * PostgreSQL's to_tsvector gives the other backend — the distinct words of
 * its arguments, folded as the search folds queries (lib/text.c), as a JSON
 * array for json_each(). The search vocabulary's triggers
 * (migrations/018_search_vocab.sql) call it on every indexed write. */
#include <sqlite3.h>
#include <stdint.h>
#include <string.h>

#include "db/sqlite_words.h"
#include "lib/arena.h"
#include "lib/text.h"

enum {
    WORD_MAX = 64,    /* longer words are not worth a prefix search */
    WORDS_MAX = 20000 /* distinct words kept per call */
};

static uint32_t hash_word(const char *w) {
    uint32_t h = 2166136261u;
    for (; *w; w++)
        h = (h ^ (unsigned char)*w) * 16777619u;
    return h;
}

/* Adds w to the open-addressing table of `slots` (a power of two, never
 * more than half full) unless present; 1 if it was new. */
static int first_time(const char **seen, uint32_t slots, const char *w) {
    for (uint32_t i = hash_word(w) & (slots - 1);; i = (i + 1) & (slots - 1)) {
        if (!seen[i]) {
            seen[i] = w;
            return 1;
        }
        if (!strcmp(seen[i], w)) return 0;
    }
}

static void search_words(sqlite3_context *ctx, int argc, sqlite3_value **argv) {
    struct arena a = {0};
    size_t chars = 0;
    for (int i = 0; i < argc; i++)
        chars += (size_t)sqlite3_value_bytes(argv[i]);
    /* a word and its separator take two bytes at least */
    size_t most = chars / 2 + 1 < WORDS_MAX ? chars / 2 + 1 : WORDS_MAX;
    uint32_t slots = 64;
    while (slots < 2 * most)
        slots *= 2;
    const char **seen = arena_alloc(&a, sizeof *seen * slots);
    sqlite3_str *out = sqlite3_str_new(sqlite3_context_db_handle(ctx));
    int count = 0;
    sqlite3_str_appendchar(out, 1, '[');
    for (int i = 0; i < argc; i++) {
        const char *text = (const char *)sqlite3_value_text(argv[i]);
        if (!text) continue;
        size_t n = strlen(text);
        for (size_t p = 0; p < n && count < WORDS_MAX;) {
            size_t skip, len = text_word_at(text + p, n - p, &skip);
            if (!len) {
                p += skip;
                continue;
            }
            /* words hold letters and digits only: nothing to escape in JSON */
            const char *w = text_fold(&a, arena_strndup(&a, text + p, len));
            p += len;
            if (strlen(w) > WORD_MAX || !first_time(seen, slots, w)) continue;
            sqlite3_str_appendf(out, "%s\"%s\"", count ? "," : "", w);
            count++;
        }
    }
    sqlite3_str_appendchar(out, 1, ']');
    arena_free(&a);
    int len = sqlite3_str_length(out);
    char *json = sqlite3_str_finish(out);
    if (!json) {
        sqlite3_result_error_nomem(ctx);
        return;
    }
    sqlite3_result_text(ctx, json, len, sqlite3_free);
}

int sqlite_words_register(sqlite3 *h) {
    return sqlite3_create_function_v2(h, "search_words", -1, SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS,
                                      NULL, search_words, NULL, NULL, NULL);
}
