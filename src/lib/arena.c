/* Arena allocator: blocks chained newest-first; big requests get their own. */
#include "lib/arena.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define ARENA_BLOCK 16384

struct arena_block {
    struct arena_block *next;
    size_t used, cap;
    max_align_t data[];
};

static void *oom(void) {
    fputs("ruche: out of memory\n", stderr);
    abort();
}

static void *alloc(struct arena *a, size_t size) {
    size_t align = sizeof(max_align_t);
    size = (size + align - 1) / align * align;
    struct arena_block *b = a->head;
    if (!b || b->cap - b->used < size) {
        size_t cap = size > ARENA_BLOCK / 2 ? size : ARENA_BLOCK;
        b = malloc(sizeof *b + cap);
        if (!b) return oom();
        b->used = 0;
        b->cap = cap;
        if (size > ARENA_BLOCK / 2 && a->head) {
            /* keep the current block as the one to fill next */
            b->next = a->head->next;
            a->head->next = b;
        } else {
            b->next = a->head;
            a->head = b;
        }
    }
    void *p = (char *)b->data + b->used;
    b->used += size;
    return p;
}

void *arena_alloc(struct arena *a, size_t size) { return memset(alloc(a, size), 0, size); }

char *arena_strndup(struct arena *a, const char *s, size_t n) {
    char *d = alloc(a, n + 1); /* every byte is written below */
    memcpy(d, s, n);
    d[n] = 0;
    return d;
}

char *arena_strdup(struct arena *a, const char *s) { return s ? arena_strndup(a, s, strlen(s)) : NULL; }

char *arena_vprintf(struct arena *a, const char *fmt, va_list ap) {
    va_list ap2;
    va_copy(ap2, ap);
    int n = vsnprintf(NULL, 0, fmt, ap2);
    va_end(ap2);
    if (n < 0) n = 0;
    char *d = alloc(a, (size_t)n + 1);
    vsnprintf(d, (size_t)n + 1, fmt, ap);
    return d;
}

char *arena_printf(struct arena *a, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    char *s = arena_vprintf(a, fmt, ap);
    va_end(ap);
    return s;
}

void arena_free(struct arena *a) {
    struct arena_block *b = a->head;
    while (b) {
        struct arena_block *n = b->next;
        free(b);
        b = n;
    }
    a->head = NULL;
}
