/* Fuzzes route matching (http/router.c): the request path as MHD hands it
 * to on_request, against the whole route table, for each method; and the
 * Allow list of a 405. Input: first byte picks the method, the rest is the
 * path. */
#include "fuzz.h"
#include "http/router.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    if (size < 1) return 0;
    char *path = fuzz_str(data + 1, size - 1);
    struct req r = {0};
    enum method m = (enum method)(data[0] % (M_OTHER + 1));
    int i = router_match(&r, m, path);
    if (i >= routes_count || i < -2) abort();
    for (int p = 0; i >= 0 && p < r.nparams; p++)
        if (!r.params[p] || strlen(r.params[p]) > strlen(path)) abort(); /* a segment of the path */
    if (i == -2) (void)router_allow(&r, path);
    arena_free(&r.arena);
    free(path);
    return 0;
}
