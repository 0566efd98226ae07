/* Pictures people upload (profile photos, space pictures): decoded,
 * checked and re-encoded once, the same way for every kind. */
#ifndef RUCHE_PHOTO_H
#define RUCHE_PHOTO_H
#include <stddef.h>

#include "core/errors.h"

enum { PHOTO_SIDE = 256 }; /* pixels: a square WebP, metadata dropped */

/* Turns an upload into the stored picture: *out is malloc'ed (free with
 * free()). Errors: ERR_INVALID on `field` with the reason (empty, too
 * large, not PNG/JPEG/WebP, too many pixels, damaged). */
int photo_prepare(const unsigned char *data, size_t len, size_t max_bytes, const char *field, unsigned char **out,
                  size_t *out_len, struct err *e);

/* From a row whose columns `col` and `col + 1` are the image and its MIME
 * type: copies both into the arena. */
struct db_stmt;
struct arena;
const unsigned char *photo_from_row(struct db_stmt *st, int col, struct arena *a, size_t *len, const char **mime);

#endif
