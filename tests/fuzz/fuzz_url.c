/* Fuzzes the bookmark URL checker and canonicaliser (lib/url.c): any bytes
 * as a user-given address. A canonical form must itself be valid and be its
 * own canonical form (idempotence). */
#include "fuzz.h"
#include "lib/url.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    char *s = fuzz_str(data, size);
    struct arena a = {0};
    const char *key = NULL;
    enum url_check c = url_canonical(&a, s, &key);
    if (c == URL_OK) {
        if (!key) abort();
        const char *again = NULL;
        if (url_canonical(&a, key, &again) != URL_OK || strcmp(again, key)) abort();
        (void)url_host(&a, s);
    }
    arena_free(&a);
    free(s);
    return 0;
}
