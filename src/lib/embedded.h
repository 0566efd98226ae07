/* Files compiled into the binary by tools/embed.c: migrations, assets,
 * locales and the OpenAPI document. Each is NUL-terminated beyond `size`. */
#ifndef RUCHE_EMBEDDED_H
#define RUCHE_EMBEDDED_H
#include <stddef.h>

struct embedded_file {
    const char *path; /* as given at build time, e.g. "assets/app.css" */
    const unsigned char *data;
    unsigned long size;
};

extern const struct embedded_file embedded_files[];
extern const unsigned long embedded_count;

/* The file at `path`, or NULL. */
const struct embedded_file *embedded_find(const char *path);

#endif
