/* Files: uploads kept with every version, the type recognised from the
 * content (libmagic), never from the name or the client; a WebP preview of
 * images. The size limit is the server's max_upload, enforced on the
 * request body before anything is read. */
#ifndef RUCHE_FILE_H
#define RUCHE_FILE_H
#include <stddef.h>
#include <stdint.h>

#include "core/errors.h"
#include "core/items.h"
#include "core/kinds.h"

extern const struct kind kind_file;

enum {
    FILE_NAME_MAX = 200,    /* characters of a cleaned name */
    FILE_VERSIONS_MAX = 100, /* versions of one file */
    FILE_PREVIEW_SIDE = 320, /* pixels of an image's square preview */
};

struct file_version {
    int64_t version, size, created_at, uploaded_by;
    const char *name, *mime, *sha256;
    int has_preview;
    const unsigned char *data; /* only from file_read */
};

/* A name as uploaded, made safe: no directories, no control characters,
 * no leading dots, valid UTF-8, at most FILE_NAME_MAX characters; "file"
 * when nothing is left. */
const char *file_clean_name(struct arena *a, const char *name);
/* The MIME type of the content (libmagic), e.g. "image/png". */
const char *file_sniff(struct arena *a, const unsigned char *data, size_t len);
/* The type to serve it as: the sniffed one for passive types (images,
 * PDF, plain text, archives, office documents, audio, video), else
 * application/octet-stream (HTML, SVG, XML, scripts...). */
const char *file_safe_type(const char *mime);

/* Versions, newest first (no data), for an item the caller may read. */
int file_versions(struct db *db, struct arena *a, int64_t item_id, struct file_version **out, int *n);
/* Version `version` (0: the current one) with its data, if `actor` may read
 * the file. ERR_NOT_FOUND otherwise. */
int file_read(struct db *db, struct arena *a, const struct person *actor, int64_t item_id, int64_t version,
              struct file_version *out, struct err *e);
/* Its preview (WebP), if any. */
int file_preview(struct db *db, struct arena *a, const struct person *actor, int64_t item_id, int64_t version,
                 const unsigned char **data, size_t *len, struct err *e);
/* Uploads a new version (whoever may edit the item). Errors: ERR_NOT_FOUND,
 * ERR_FORBIDDEN, ERR_INVALID (file), ERR_CONFLICT (too many versions). */
int file_add_version(struct db *db, struct arena *a, const struct person *actor, int64_t item_id,
                     const unsigned char *data, size_t len, const char *name, struct err *e);

#endif
