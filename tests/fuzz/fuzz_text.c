/* Fuzzes the text helpers for untrusted input (lib/text.c) and the
 * hashtag normaliser (core/content.c content_tag): validation, folding,
 * trimming, excerpts, ids, e-mail and handle checks. */
#include "core/content.h"
#include "fuzz.h"
#include "lib/text.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    char *s = fuzz_str(data, size);
    struct arena a = {0};
    int valid = text_valid(s, 1);
    (void)text_valid(s, 0);
    if (valid) {
        size_t n = text_chars(s);
        if (n > strlen(s)) abort();
        char *f = text_fold(&a, s);
        if (!f) abort();
        char *e = text_excerpt(&a, s, 1 + size % 200);
        if (!e || !text_valid(e, 1)) abort(); /* cut on a character boundary */
        (void)text_trim(&a, s);
        (void)text_lower(&a, s);
        (void)text_like_contains(&a, s);
        (void)content_tag(&a, s);
        (void)text_handle_from_email(&a, s);
    }
    (void)text_is_email(s);
    (void)text_is_handle(s);
    int64_t id = text_parse_id(s);
    if (id < 0) abort();
    arena_free(&a);
    free(s);
    return 0;
}
