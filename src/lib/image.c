/* Profile-photo processing with libgd. The input is untrusted: its type comes
 * from the magic bytes, and its dimensions are read from the header with
 * bounds-checked parsers and limited before libgd is allowed to allocate. */
#include "lib/image.h"

#include <gd.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define WEBP_QUALITY 85

enum kind { KIND_NONE, KIND_PNG, KIND_JPEG, KIND_WEBP };

static const unsigned char png_sig[8] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

static uint32_t be16(const unsigned char *p) { return (uint32_t)p[0] << 8 | p[1]; }
static uint32_t be32(const unsigned char *p) { return be16(p) << 16 | be16(p + 2); }
static uint32_t le16(const unsigned char *p) { return (uint32_t)p[1] << 8 | p[0]; }
static uint32_t le24(const unsigned char *p) { return (uint32_t)p[2] << 16 | le16(p); }
static uint32_t le32(const unsigned char *p) { return le16(p + 2) << 16 | le16(p); }

static enum kind sniff(const unsigned char *in, size_t len) {
    if (!in) return KIND_NONE;
    if (len >= 8 && memcmp(in, png_sig, 8) == 0) return KIND_PNG;
    if (len >= 3 && in[0] == 0xff && in[1] == 0xd8 && in[2] == 0xff) return KIND_JPEG;
    if (len >= 12 && memcmp(in, "RIFF", 4) == 0 && memcmp(in + 8, "WEBP", 4) == 0) return KIND_WEBP;
    return KIND_NONE;
}

const char *image_sniff(const unsigned char *in, size_t len) {
    switch (sniff(in, len)) {
    case KIND_PNG: return "image/png";
    case KIND_JPEG: return "image/jpeg";
    case KIND_WEBP: return "image/webp";
    default: return NULL;
    }
}

/* The header parsers return 0 and set *w, *h, or -1 if the header is malformed. */

/* PNG: the signature is followed by the IHDR chunk, which libpng requires first. */
static int png_dims(const unsigned char *in, size_t len, uint32_t *w, uint32_t *h) {
    if (len < 24 || be32(in + 8) != 13 || memcmp(in + 12, "IHDR", 4) != 0) return -1;
    *w = be32(in + 16);
    *h = be32(in + 20);
    return 0;
}

/* The Orientation tag (1..8) of IFD0 in an APP1 "Exif" payload; 1 if absent. */
static int exif_orientation(const unsigned char *p, size_t n) {
    if (n < 6 + 8 || memcmp(p, "Exif\0\0", 6) != 0) return 1;
    p += 6;
    n -= 6;
    int be = p[0] == 'M' && p[1] == 'M';
    if (!be && !(p[0] == 'I' && p[1] == 'I')) return 1;
    if ((be ? be16(p + 2) : le16(p + 2)) != 42) return 1;
    size_t ifd = be ? be32(p + 4) : le32(p + 4);
    if (ifd > n || n - ifd < 2) return 1;
    size_t count = be ? be16(p + ifd) : le16(p + ifd);
    for (size_t i = 0; i < count; i++) {
        size_t e = ifd + 2 + 12 * i;
        if (e > n || n - e < 12) break;
        const unsigned char *t = p + e;
        uint32_t tag = be ? be16(t) : le16(t), type = be ? be16(t + 2) : le16(t + 2);
        if (tag == 0x0112 && type == 3) { /* Orientation, SHORT */
            uint32_t v = be ? be16(t + 8) : le16(t + 8);
            return v >= 1 && v <= 8 ? (int)v : 1;
        }
    }
    return 1;
}

/* JPEG: walks the marker segments up to the first SOFn (as libjpeg does),
 * noting the EXIF orientation on the way. Anything libjpeg would have to
 * skip or resynchronise over is refused, so both agree on the SOF. */
static int jpeg_dims(const unsigned char *in, size_t len, uint32_t *w, uint32_t *h, int *orient) {
    size_t p = 2;
    for (;;) {
        if (p >= len || in[p] != 0xff) return -1;
        while (p < len && in[p] == 0xff) p++; /* fill bytes */
        if (p >= len) return -1;
        unsigned m = in[p++];
        if (m == 0x01 || (m >= 0xd0 && m <= 0xd7)) continue;             /* TEM, RSTn: no payload */
        if (m == 0x00 || m == 0xd8 || m == 0xd9 || m == 0xda) return -1; /* SOI, EOI, SOS before SOF */
        if (len - p < 2) return -1;
        size_t seg = be16(in + p);
        if (seg < 2 || seg > len - p) return -1;
        const unsigned char *d = in + p + 2;
        if (m >= 0xc0 && m <= 0xcf && m != 0xc4 && m != 0xc8 && m != 0xcc) { /* SOFn */
            if (seg - 2 < 5) return -1;
            *h = be16(d + 1);
            *w = be16(d + 3);
            return 0;
        }
        if (m == 0xe1 && *orient == 1) *orient = exif_orientation(d, seg - 2);
        p += seg;
    }
}

/* WebP: the first chunk is VP8 (lossy), VP8L (lossless) or VP8X (extended,
 * whose canvas size libwebp checks against the bitstream it contains). */
static int webp_dims(const unsigned char *in, size_t len, uint32_t *w, uint32_t *h) {
    if (len < 20) return -1;
    const unsigned char *c = in + 12, *d = in + 20;
    size_t n = len - 20;
    if (memcmp(c, "VP8 ", 4) == 0) {
        if (n < 10 || d[3] != 0x9d || d[4] != 0x01 || d[5] != 0x2a) return -1;
        *w = le16(d + 6) & 0x3fff;
        *h = le16(d + 8) & 0x3fff;
    } else if (memcmp(c, "VP8L", 4) == 0) {
        if (n < 5 || d[0] != 0x2f) return -1;
        uint32_t b = le32(d + 1);
        *w = (b & 0x3fff) + 1;
        *h = (b >> 14 & 0x3fff) + 1;
    } else if (memcmp(c, "VP8X", 4) == 0) {
        if (n < 10) return -1;
        *w = le24(d + 4) + 1;
        *h = le24(d + 7) + 1;
    } else {
        return -1;
    }
    return 0;
}

/* Applies an EXIF orientation to a square truecolor image; NULL on failure. */
static gdImagePtr orient_square(gdImagePtr im, int orient) {
    int n = gdImageSX(im) - 1;
    gdImagePtr r = gdImageCreateTrueColor(n + 1, n + 1);
    if (!r) return NULL;
    gdImageAlphaBlending(r, 0);
    gdImageSaveAlpha(r, 1);
    for (int y = 0; y <= n; y++)
        for (int x = 0; x <= n; x++) {
            int sx, sy; /* the stored pixel shown at (x, y) */
            switch (orient) {
            case 2: sx = n - x, sy = y; break;     /* mirrored horizontally */
            case 3: sx = n - x, sy = n - y; break; /* rotated 180 */
            case 4: sx = x, sy = n - y; break;     /* mirrored vertically */
            case 5: sx = y, sy = x; break;         /* transposed */
            case 6: sx = y, sy = n - x; break;     /* needs 90 clockwise */
            case 7: sx = n - y, sy = n - x; break; /* transversed */
            case 8: sx = n - y, sy = x; break;     /* needs 90 anticlockwise */
            default: sx = x, sy = y; break;
            }
            r->tpixels[y][x] = im->tpixels[sy][sx];
        }
    return r;
}

enum image_status image_square_thumbnail(const unsigned char *in, size_t len, size_t max_bytes, int side,
                                         unsigned char **out, size_t *out_len) {
    *out = NULL;
    *out_len = 0;
    if (!in || len == 0) return IMAGE_EMPTY;
    if (len > max_bytes || len > INT_MAX) return IMAGE_TOO_LARGE;
    if (side < 1 || side > IMAGE_MAX_OUT_SIDE) return IMAGE_CORRUPT;

    enum kind k = sniff(in, len);
    uint32_t w = 0, h = 0;
    int orient = 1, bad;
    switch (k) {
    case KIND_PNG: bad = png_dims(in, len, &w, &h); break;
    case KIND_JPEG: bad = jpeg_dims(in, len, &w, &h, &orient); break;
    case KIND_WEBP: bad = webp_dims(in, len, &w, &h); break;
    default: return IMAGE_UNKNOWN_TYPE;
    }
    if (bad || w == 0 || h == 0) return IMAGE_CORRUPT;
    if (w > IMAGE_MAX_SIDE || h > IMAGE_MAX_SIDE || (uint64_t)w * h > IMAGE_MAX_PIXELS)
        return IMAGE_TOO_MANY_PIXELS;

    void *data = (void *)in; /* libgd's readers take a non-const pointer but only read */
    gdImagePtr src = k == KIND_PNG    ? gdImageCreateFromPngPtr((int)len, data)
                     : k == KIND_JPEG ? gdImageCreateFromJpegPtrEx((int)len, data, 1)
                                      : gdImageCreateFromWebpPtr((int)len, data);
    if (!src) return IMAGE_CORRUPT;

    enum image_status st = IMAGE_CORRUPT;
    gdImagePtr dst = NULL;
    void *webp = NULL;
    /* The decoder must have used the dimensions that were checked. */
    if ((uint32_t)gdImageSX(src) != w || (uint32_t)gdImageSY(src) != h) goto done;
    if (!gdImageTrueColor(src) && !gdImagePaletteToTrueColor(src)) goto done;

    int s = (int)(w < h ? w : h);
    dst = gdImageCreateTrueColor(side, side);
    if (!dst) goto done;
    gdImageAlphaBlending(dst, 0);
    gdImageSaveAlpha(dst, 1);
    gdImageCopyResampled(dst, src, 0, 0, ((int)w - s) / 2, ((int)h - s) / 2, side, side, s, s);
    if (orient != 1) {
        gdImagePtr r = orient_square(dst, orient);
        if (!r) goto done;
        gdImageDestroy(dst);
        dst = r;
    }

    int size = 0;
    webp = gdImageWebpPtrEx(dst, &size, WEBP_QUALITY);
    if (!webp || size <= 0) goto done;
    *out = malloc((size_t)size);
    if (!*out) {
        fputs("ruche: out of memory\n", stderr);
        abort();
    }
    memcpy(*out, webp, (size_t)size);
    *out_len = (size_t)size;
    st = IMAGE_OK;
done:
    if (webp) gdFree(webp);
    if (dst) gdImageDestroy(dst);
    gdImageDestroy(src);
    return st;
}

const char *image_status_message(enum image_status s) {
    switch (s) {
    case IMAGE_OK: return "The photo was processed.";
    case IMAGE_EMPTY: return "No photo was uploaded, or the file is empty.";
    case IMAGE_TOO_LARGE: return "The photo file is too large.";
    case IMAGE_UNKNOWN_TYPE: return "The photo must be a PNG, JPEG or WebP image.";
    case IMAGE_TOO_MANY_PIXELS: return "The photo is too big: at most 20000 pixels a side and 40 megapixels.";
    case IMAGE_CORRUPT: return "The photo could not be read; the file may be damaged.";
    default: return "The photo could not be processed.";
    }
}
