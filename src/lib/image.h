/* Profile-photo processing: PNG/JPEG/WebP in, square metadata-free WebP out. */
#ifndef RUCHE_IMAGE_H
#define RUCHE_IMAGE_H
#include <stddef.h>

#define IMAGE_MAX_SIDE 20000      /* pixels on either side of an input */
#define IMAGE_MAX_PIXELS 40000000 /* width x height of an input */
#define IMAGE_MAX_OUT_SIDE 4096   /* largest accepted `side` */

enum image_status {
    IMAGE_OK = 0,
    IMAGE_EMPTY,
    IMAGE_TOO_LARGE,
    IMAGE_UNKNOWN_TYPE,
    IMAGE_TOO_MANY_PIXELS,
    IMAGE_CORRUPT,
    IMAGE_STATUS__MAX
};

/* Decodes a PNG, JPEG or WebP (type from the magic bytes only), centre-crops
 * it to a square, resamples it to side x side, applies a JPEG's EXIF
 * orientation, and re-encodes it as WebP (quality 85, alpha kept), which
 * drops all metadata (EXIF, GPS, ICC...). Inputs over max_bytes are
 * IMAGE_TOO_LARGE. The width/height are read from the file header before
 * decoding and images over IMAGE_MAX_PIXELS or IMAGE_MAX_SIDE are refused
 * (IMAGE_TOO_MANY_PIXELS), so a decompression bomb never allocates.
 * `side` outside 1..IMAGE_MAX_OUT_SIDE is a caller bug and gives IMAGE_CORRUPT.
 * On IMAGE_OK *out is malloc'ed (free with free()); otherwise *out is NULL. */
enum image_status image_square_thumbnail(const unsigned char *in, size_t len, size_t max_bytes, int side,
                                         unsigned char **out, size_t *out_len);

/* The type detected from the magic bytes: "image/png", "image/jpeg",
 * "image/webp" or NULL. */
const char *image_sniff(const unsigned char *in, size_t len);

/* A one-line English message for a status. */
const char *image_status_message(enum image_status s);

#endif
