/* Upload to stored picture (see photo.h). */
#include "core/photo.h"

#include <string.h>

#include "db/db.h"
#include "lib/arena.h"
#include "lib/i18n.h"
#include "lib/image.h"

int photo_prepare(const unsigned char *data, size_t len, size_t max_bytes, const char *field, unsigned char **out,
                  size_t *out_len, struct err *e) {
    switch (image_square_thumbnail(data, len, max_bytes, PHOTO_SIDE, out, out_len)) {
    case IMAGE_OK: return 0;
    case IMAGE_EMPTY: return err_fail(e, ERR_INVALID, field, N_("Choose a photo to upload."));
    case IMAGE_TOO_LARGE: /* the default limit by its size; another one set by the administrator by its name */
        return err_fail(e, ERR_INVALID, field,
                        max_bytes == 5 << 20 ? N_("The photo is larger than 5 MB.")
                                             : N_("The photo is larger than this server accepts (max_photo)."));
    case IMAGE_UNKNOWN_TYPE: return err_fail(e, ERR_INVALID, field, N_("The photo must be a PNG, JPEG or WebP image."));
    case IMAGE_TOO_MANY_PIXELS:
        return err_fail(e, ERR_INVALID, field, N_("The photo has too many pixels (40 megapixels at most)."));
    default: return err_fail(e, ERR_INVALID, field, N_("The photo could not be read; it may be damaged."));
    }
}

const unsigned char *photo_from_row(struct db_stmt *st, int col, struct arena *a, size_t *len, const char **mime) {
    size_t n;
    const void *p = db_col_blob(st, col, &n);
    unsigned char *copy = arena_alloc(a, n ? n : 1);
    if (n) memcpy(copy, p, n);
    *len = n;
    *mime = arena_strdup(a, db_col_text(st, col + 1));
    return copy;
}
