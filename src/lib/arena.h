/* Arena: a region allocator. Everything a request (or a CLI command)
 * allocates lives in one arena and is released at once with arena_free. */
#ifndef RUCHE_ARENA_H
#define RUCHE_ARENA_H
#include <stdarg.h>
#include <stddef.h>

struct arena_block;
struct arena {
    struct arena_block *head;
};

/* Zeroed memory of `size` bytes aligned for any type; aborts on OOM. */
void *arena_alloc(struct arena *a, size_t size);
char *arena_strdup(struct arena *a, const char *s);
char *arena_strndup(struct arena *a, const char *s, size_t n);
char *arena_printf(struct arena *a, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
char *arena_vprintf(struct arena *a, const char *fmt, va_list ap) __attribute__((format(printf, 2, 0)));
void arena_free(struct arena *a);

#endif
