/* Shared helpers of the libFuzzer harnesses (tests/fuzz/fuzz_*.c): the
 * fuzzer's bytes as NUL-terminated strings. */
#ifndef RUCHE_FUZZ_H
#define RUCHE_FUZZ_H
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* A malloc'ed NUL-terminated copy of data[0..size) (free with free()). */
static inline char *fuzz_str(const uint8_t *data, size_t size) {
    char *s = malloc(size + 1);
    if (!s) abort();
    memcpy(s, data, size);
    s[size] = 0;
    return s;
}

/* Splits the input at its first NUL byte: *a is before it, *b after (empty
 * when there is none). Both are malloc'ed. */
static inline void fuzz_split(const uint8_t *data, size_t size, char **a, char **b) {
    const uint8_t *nul = memchr(data, 0, size);
    size_t n = nul ? (size_t)(nul - data) : size;
    *a = fuzz_str(data, n);
    *b = nul ? fuzz_str(nul + 1, size - n - 1) : fuzz_str(data, 0);
}

#endif
