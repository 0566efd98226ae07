/* Unit tests for lib/image: profile-photo thumbnails. Test images are made
 * with libgd; hostile inputs are hand-made byte arrays. */
#include "unit.h"

#include <gd.h>
#include <stdio.h>
#include <stdlib.h>

#include "lib/image.h"

#define SIDE 64
#define MAXB (10u << 20)

enum { RED = 0xff0000, GREEN = 0x00ff00, BLUE = 0x0000ff, WHITE = 0xffffff };

/* A truecolor image with four coloured quadrants: red, green / blue, white. */
static gdImagePtr quadrants(int w, int h) {
    gdImagePtr im = gdImageCreateTrueColor(w, h);
    assert_non_null(im);
    gdImageFilledRectangle(im, 0, 0, w / 2 - 1, h / 2 - 1, RED);
    gdImageFilledRectangle(im, w / 2, 0, w - 1, h / 2 - 1, GREEN);
    gdImageFilledRectangle(im, 0, h / 2, w / 2 - 1, h - 1, BLUE);
    gdImageFilledRectangle(im, w / 2, h / 2, w - 1, h - 1, WHITE);
    return im;
}

/* Copies libgd's output (freed with gdFree) into a malloc'ed buffer. */
static unsigned char *take(void *p, int size, size_t *len) {
    assert_non_null(p);
    assert_true(size > 0);
    unsigned char *b = malloc((size_t)size);
    assert_non_null(b);
    memcpy(b, p, (size_t)size);
    gdFree(p);
    *len = (size_t)size;
    return b;
}

static unsigned char *encode(gdImagePtr im, const char *type, int quality, size_t *len) {
    int size = 0;
    void *p = !strcmp(type, "png")    ? gdImagePngPtr(im, &size)
              : !strcmp(type, "jpeg") ? gdImageJpegPtr(im, &size, quality)
              : !strcmp(type, "gif")  ? gdImageGifPtr(im, &size)
                                      : gdImageWebpPtrEx(im, &size, quality);
    return take(p, size, len);
}

/* Converts and checks the result is a WebP of SIDE x SIDE; returns it decoded. */
static gdImagePtr convert_ok(const unsigned char *in, size_t len, int side) {
    unsigned char *out = NULL;
    size_t out_len = 0;
    assert_int_equal(image_square_thumbnail(in, len, MAXB, side, &out, &out_len), IMAGE_OK);
    assert_non_null(out);
    assert_string_equal(image_sniff(out, out_len), "image/webp");
    gdImagePtr im = gdImageCreateFromWebpPtr((int)out_len, out);
    assert_non_null(im);
    assert_int_equal(gdImageSX(im), side);
    assert_int_equal(gdImageSY(im), side);
    free(out);
    return im;
}

static int convert(const unsigned char *in, size_t len) {
    unsigned char *out = (unsigned char *)"sentinel";
    size_t out_len = 7;
    int st = image_square_thumbnail(in, len, MAXB, SIDE, &out, &out_len);
    if (st == IMAGE_OK) {
        assert_string_equal(image_sniff(out, out_len), "image/webp");
        free(out);
    } else {
        assert_null(out);
        assert_int_equal(out_len, 0);
    }
    return st;
}

static void assert_color(gdImagePtr im, int x, int y, int rgb) {
    int c = gdImageGetTrueColorPixel(im, x, y);
    int dr = gdTrueColorGetRed(c) - (rgb >> 16 & 0xff), dg = gdTrueColorGetGreen(c) - (rgb >> 8 & 0xff),
        db = gdTrueColorGetBlue(c) - (rgb & 0xff);
    if (abs(dr) > 48 || abs(dg) > 48 || abs(db) > 48)
        fail_msg("pixel (%d,%d) is %06x, expected about %06x", x, y, (unsigned)c & 0xffffff, (unsigned)rgb);
}

static void test_sniff(void **state) {
    static const unsigned char png[] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
    static const unsigned char jpg[] = {0xff, 0xd8, 0xff, 0xe0};
    assert_string_equal(image_sniff(png, sizeof png), "image/png");
    assert_null(image_sniff(png, sizeof png - 1));
    assert_string_equal(image_sniff(jpg, sizeof jpg), "image/jpeg");
    assert_null(image_sniff(jpg, 2));
    assert_string_equal(image_sniff((const unsigned char *)"RIFF\0\0\0\0WEBP", 12), "image/webp");
    assert_null(image_sniff((const unsigned char *)"RIFF\0\0\0\0WAVE", 12));
    assert_null(image_sniff((const unsigned char *)"GIF89a", 6));
    assert_null(image_sniff(NULL, 0));
    assert_null(image_sniff(png, 0));
}

/* A 3:1 PNG keeps only its centre third: green between red and blue bands. */
static void test_png_centre_crop(void **state) {
    gdImagePtr im = gdImageCreateTrueColor(300, 100);
    gdImageFilledRectangle(im, 0, 0, 99, 99, RED);
    gdImageFilledRectangle(im, 100, 0, 199, 99, GREEN);
    gdImageFilledRectangle(im, 200, 0, 299, 99, BLUE);
    size_t len;
    unsigned char *png = encode(im, "png", 0, &len);
    gdImageDestroy(im);
    gdImagePtr o = convert_ok(png, len, SIDE);
    assert_color(o, 1, 1, GREEN);
    assert_color(o, SIDE - 2, SIDE / 2, GREEN);
    assert_color(o, SIDE / 2, SIDE - 2, GREEN);
    gdImageDestroy(o);
    free(png);
}

static void test_png_alpha(void **state) {
    gdImagePtr im = gdImageCreateTrueColor(120, 80);
    gdImageAlphaBlending(im, 0);
    gdImageSaveAlpha(im, 1);
    gdImageFilledRectangle(im, 0, 0, 59, 79, gdTrueColorAlpha(255, 0, 0, gdAlphaTransparent));
    gdImageFilledRectangle(im, 60, 0, 119, 79, gdTrueColorAlpha(0, 0, 255, gdAlphaOpaque));
    size_t len;
    unsigned char *png = encode(im, "png", 0, &len);
    gdImageDestroy(im);
    gdImagePtr o = convert_ok(png, len, SIDE);
    assert_true(gdTrueColorGetAlpha(gdImageGetTrueColorPixel(o, 2, SIDE / 2)) > 120);
    assert_true(gdTrueColorGetAlpha(gdImageGetTrueColorPixel(o, SIDE - 3, SIDE / 2)) < 8);
    gdImageDestroy(o);
    free(png);
}

/* A palette PNG with a transparent index, upscaled from a small size. */
static void test_png_palette(void **state) {
    gdImagePtr im = gdImageCreate(10, 20);
    int bg = gdImageColorAllocate(im, 0, 0, 0);
    int fg = gdImageColorAllocate(im, 0, 255, 0);
    gdImageColorTransparent(im, bg);
    gdImageFilledRectangle(im, 0, 10, 9, 19, fg);
    size_t len;
    unsigned char *png = encode(im, "png", 0, &len);
    gdImageDestroy(im);
    gdImagePtr o = convert_ok(png, len, SIDE);
    assert_true(gdTrueColorGetAlpha(gdImageGetTrueColorPixel(o, SIDE / 2, 2)) > 120);
    assert_color(o, SIDE / 2, SIDE - 3, GREEN);
    gdImageDestroy(o);
    free(png);
}

static void test_jpeg(void **state) {
    gdImagePtr im = quadrants(200, 300);
    size_t len;
    unsigned char *jpg = encode(im, "jpeg", 90, &len);
    gdImageDestroy(im);
    gdImagePtr o = convert_ok(jpg, len, SIDE);
    assert_color(o, SIDE / 4, SIDE / 4, RED);
    assert_color(o, 3 * SIDE / 4, 3 * SIDE / 4, WHITE);
    gdImageDestroy(o);
    o = convert_ok(jpg, len, 1); /* the smallest side works too */
    gdImageDestroy(o);
    free(jpg);
}

/* Lossy opaque (VP8), lossy with alpha (VP8X) and lossless (VP8L) inputs. */
static void test_webp_inputs(void **state) {
    static const struct {
        int quality, alpha;
        const char *chunk;
    } cases[] = {{80, 0, "VP8 "}, {80, 1, "VP8X"}, {gdWebpLossless, 0, "VP8L"}};
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        gdImagePtr im = quadrants(90, 70);
        if (cases[i].alpha) {
            gdImageAlphaBlending(im, 0);
            gdImageSaveAlpha(im, 1);
            gdImageFilledRectangle(im, 0, 0, 89, 10, gdTrueColorAlpha(0, 0, 0, gdAlphaTransparent));
        }
        size_t len;
        unsigned char *webp = encode(im, "webp", cases[i].quality, &len);
        gdImageDestroy(im);
        assert_true(len > 16);
        assert_memory_equal(webp + 12, cases[i].chunk, 4);
        gdImagePtr o = convert_ok(webp, len, SIDE);
        assert_color(o, 3 * SIDE / 4, 3 * SIDE / 4, WHITE);
        gdImageDestroy(o);
        free(webp);
    }
}

static void put16(unsigned char *p, unsigned v, int be) {
    p[be ? 0 : 1] = (unsigned char)(v >> 8);
    p[be ? 1 : 0] = (unsigned char)v;
}

static void put32(unsigned char *p, unsigned long v, int be) {
    put16(p + (be ? 0 : 2), (unsigned)(v >> 16), be);
    put16(p + (be ? 2 : 0), (unsigned)(v & 0xffff), be);
}

#define SECRET "GPS 48.8584N 2.2945E secret"

/* Inserts after the SOI an APP1 Exif segment whose IFD0 holds an Orientation
 * and an ImageDescription carrying SECRET. Returns a malloc'ed JPEG. */
static unsigned char *add_exif(const unsigned char *jpg, size_t len, int orientation, int be, size_t *out_len) {
    unsigned char seg[128] = {0xff, 0xe1};
    unsigned char *t = seg + 10; /* the TIFF header, after "Exif\0\0" */
    memcpy(seg + 4, "Exif\0\0", 6);
    memcpy(t, be ? "MM" : "II", 2);
    put16(t + 2, 42, be);
    put32(t + 4, 8, be);
    put16(t + 8, 2, be);                 /* two entries */
    put16(t + 10, 0x0112, be);           /* Orientation */
    put16(t + 12, 3, be);                /* SHORT */
    put32(t + 14, 1, be);                /* count */
    put16(t + 18, (unsigned)orientation, be);
    put16(t + 22, 0x010e, be);           /* ImageDescription */
    put16(t + 24, 2, be);                /* ASCII */
    put32(t + 26, sizeof SECRET, be);    /* count */
    put32(t + 30, 38, be);               /* offset */
    put32(t + 34, 0, be);                /* no next IFD */
    memcpy(t + 38, SECRET, sizeof SECRET);
    size_t seglen = 10 + 38 + sizeof SECRET;
    put16(seg + 2, (unsigned)(seglen - 2), 1);
    unsigned char *o = malloc(len + seglen);
    assert_non_null(o);
    memcpy(o, jpg, 2);
    memcpy(o + 2, seg, seglen);
    memcpy(o + 2 + seglen, jpg + 2, len - 2);
    *out_len = len + seglen;
    return o;
}

static void test_exif_stripped(void **state) {
    gdImagePtr im = quadrants(80, 80);
    size_t len, elen;
    unsigned char *jpg = encode(im, "jpeg", 90, &len);
    gdImageDestroy(im);
    unsigned char *ej = add_exif(jpg, len, 1, 1, &elen);
    assert_non_null(memmem(ej, elen, "Exif", 4));
    assert_non_null(memmem(ej, elen, SECRET, strlen(SECRET)));
    unsigned char *out = NULL;
    size_t out_len = 0;
    assert_int_equal(image_square_thumbnail(ej, elen, MAXB, SIDE, &out, &out_len), IMAGE_OK);
    assert_null(memmem(out, out_len, "Exif", 4));
    assert_null(memmem(out, out_len, "EXIF", 4));
    assert_null(memmem(out, out_len, "secret", 6));
    free(out);
    free(ej);
    free(jpg);
}

/* Each EXIF orientation is applied: which quadrant shows at TL, TR, BL, BR. */
static void test_exif_orientation(void **state) {
    static const int want[9][4] = {
        {0},
        {RED, GREEN, BLUE, WHITE},   /* 1: as stored */
        {GREEN, RED, WHITE, BLUE},   /* 2: mirrored */
        {WHITE, BLUE, GREEN, RED},   /* 3: 180 */
        {BLUE, WHITE, RED, GREEN},   /* 4: flipped */
        {RED, BLUE, GREEN, WHITE},   /* 5: transposed */
        {BLUE, RED, WHITE, GREEN},   /* 6: 90 clockwise */
        {WHITE, GREEN, BLUE, RED},   /* 7: transversed */
        {GREEN, WHITE, RED, BLUE},   /* 8: 90 anticlockwise */
    };
    gdImagePtr im = quadrants(96, 64); /* cropped to x 16..79 first */
    size_t len;
    unsigned char *jpg = encode(im, "jpeg", 95, &len);
    gdImageDestroy(im);
    for (int orient = 1; orient <= 8; orient++)
        for (int be = 0; be <= 1; be++) {
            size_t elen;
            unsigned char *ej = add_exif(jpg, len, orient, be, &elen);
            gdImagePtr o = convert_ok(ej, elen, 32);
            assert_color(o, 8, 8, want[orient][0]);
            assert_color(o, 24, 8, want[orient][1]);
            assert_color(o, 8, 24, want[orient][2]);
            assert_color(o, 24, 24, want[orient][3]);
            gdImageDestroy(o);
            free(ej);
        }
    free(jpg);
}

/* Malformed EXIF in an APP1 that ends the buffer, so any overread hits ASan:
 * every truncation, an entry count past the end, an IFD offset past the end. */
static void test_exif_malformed(void **state) {
    static const unsigned char soi[] = {0xff, 0xd8};
    size_t elen;
    unsigned char *ej = add_exif(soi, sizeof soi, 6, 1, &elen); /* SOI + APP1, nothing else */
    for (size_t cut = 4; cut <= elen; cut++) {
        unsigned char *p = malloc(cut);
        assert_non_null(p);
        memcpy(p, ej, cut);
        if (cut >= 6) {
            put16(p + 4, (unsigned)(cut - 4), 1);
            assert_int_equal(convert(p, cut), IMAGE_CORRUPT);
            put16(p + 4, 2, 1); /* zero-length payload */
            assert_int_equal(convert(p, cut), IMAGE_CORRUPT);
            put16(p + 4, (unsigned)(cut - 4), 1);
        }
        if (cut >= 22) { /* the TIFF header is at 12: IFD offset at 16, entry count at 20 */
            put16(p + 20, 0xffff, 1);
            assert_int_equal(convert(p, cut), IMAGE_CORRUPT);
            for (unsigned long off = cut - 14; off <= cut - 12 + 1; off++) { /* IFD at the very end */
                put32(p + 16, off, 1);
                assert_int_equal(convert(p, cut), IMAGE_CORRUPT);
            }
            put32(p + 16, 0xfffffff0, 1);
            assert_int_equal(convert(p, cut), IMAGE_CORRUPT);
        } else {
            assert_int_equal(convert(p, cut), IMAGE_CORRUPT);
        }
        free(p);
    }
    free(ej);
}

/* Hand-made headers declaring huge images are refused before decoding:
 * decoding them would fail (CORRUPT), so TOO_MANY_PIXELS proves the check. */
static void test_bombs(void **state) {
    unsigned char png[64] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 13, 'I', 'H', 'D', 'R'};
    static const unsigned long dims[][2] = {{50000, 50000}, {20001, 1}, {1, 20001}, {7000, 7000}, {0xffffffff, 0xffffffff}};
    for (size_t i = 0; i < sizeof dims / sizeof *dims; i++) {
        put32(png + 16, dims[i][0], 1);
        put32(png + 20, dims[i][1], 1);
        png[24] = 8, png[25] = 6; /* 8-bit RGBA */
        assert_int_equal(convert(png, sizeof png), IMAGE_TOO_MANY_PIXELS);
    }
    put32(png + 16, 0, 1);
    assert_int_equal(convert(png, sizeof png), IMAGE_CORRUPT);

    /* A real PNG whose IHDR is patched to 50000 x 50000. */
    gdImagePtr im = quadrants(40, 40);
    size_t len;
    unsigned char *real = encode(im, "png", 0, &len);
    gdImageDestroy(im);
    put32(real + 16, 50000, 1);
    put32(real + 20, 50000, 1);
    assert_int_equal(convert(real, len), IMAGE_TOO_MANY_PIXELS);
    free(real);

    /* JPEG: SOI, APP0 stub, SOF0 of 60000 x 60000, EOI. */
    static const unsigned char jpg[] = {0xff, 0xd8, 0xff, 0xe0, 0x00, 0x04, 0x00, 0x00, 0xff, 0xff, 0xc0,
                                        0x00, 0x11, 0x08, 0xea, 0x60, 0xea, 0x60, 0x03, 1,    0x22, 0,
                                        2,    0x11, 1,    3,    0x11, 1,    0xff, 0xd9};
    assert_int_equal(convert(jpg, sizeof jpg), IMAGE_TOO_MANY_PIXELS);

    /* WebP: VP8X canvas 16M x 16M, VP8L 16384 x 16384, VP8 16383 x 16383. */
    unsigned char webp[40] = {'R', 'I', 'F', 'F', 32, 0, 0, 0, 'W', 'E', 'B', 'P'};
    memcpy(webp + 12, "VP8X", 4);
    webp[16] = 10;
    memset(webp + 24, 0xff, 6);
    assert_int_equal(convert(webp, sizeof webp), IMAGE_TOO_MANY_PIXELS);
    memset(webp + 12, 0, 28);
    memcpy(webp + 12, "VP8L", 4);
    webp[20] = 0x2f;
    put32(webp + 21, 0x0fffffff, 0);
    assert_int_equal(convert(webp, sizeof webp), IMAGE_TOO_MANY_PIXELS);
    memset(webp + 12, 0, 28);
    memcpy(webp + 12, "VP8 ", 4);
    webp[23] = 0x9d, webp[24] = 0x01, webp[25] = 0x2a;
    put16(webp + 26, 0x3fff, 0);
    put16(webp + 28, 0x3fff, 0);
    assert_int_equal(convert(webp, sizeof webp), IMAGE_TOO_MANY_PIXELS);
}

/* Every prefix of a valid file: never a crash; a cut header is CORRUPT. */
static void test_truncated(void **state) {
    static const char *types[] = {"png", "jpeg", "webp"};
    for (size_t t = 0; t < 3; t++) {
        gdImagePtr im = quadrants(24, 24);
        size_t len;
        unsigned char *full = encode(im, types[t], 80, &len);
        gdImageDestroy(im);
        for (size_t cut = 0; cut < len; cut++) {
            unsigned char *p = malloc(cut ? cut : 1); /* exact size, so ASan sees overreads */
            assert_non_null(p);
            memcpy(p, full, cut);
            int st = convert(p, cut);
            if (cut == 0) assert_int_equal(st, IMAGE_EMPTY);
            else if (cut < 12) assert_true(st == IMAGE_UNKNOWN_TYPE || st == IMAGE_CORRUPT);
            else if (t != 1 && cut < len - 16) assert_int_equal(st, IMAGE_CORRUPT);
            else assert_true(st == IMAGE_OK || st == IMAGE_CORRUPT);
            free(p);
        }
        free(full);
    }
}

static uint32_t rng = 12345;
static uint32_t rnd(void) {
    rng ^= rng << 13;
    rng ^= rng >> 17;
    rng ^= rng << 5;
    return rng;
}

static void test_garbage(void **state) {
    static const unsigned char *magic[] = {(const unsigned char *)"", (const unsigned char *)"\x89PNG\r\n\x1a\n",
                                           (const unsigned char *)"\xff\xd8\xff",
                                           (const unsigned char *)"RIFF\x10\0\0\0WEBP"};
    static const size_t mlen[] = {0, 8, 3, 12};
    unsigned char buf[2048];
    for (int i = 0; i < 400; i++) {
        size_t m = (size_t)i % 4, n = mlen[m] + rnd() % 600;
        unsigned char *p = malloc(n);
        assert_non_null(p);
        for (size_t j = 0; j < n; j++) p[j] = (unsigned char)rnd();
        memcpy(p, magic[m], mlen[m]);
        if (m == 3 && n >= 16) memcpy(p + 12, (const char *[]){"VP8 ", "VP8L", "VP8X"}[rnd() % 3], 4);
        int st = convert(p, n);
        assert_int_not_equal(st, IMAGE_OK);
        if (m == 0 && n > 0) assert_int_equal(st, image_sniff(p, n) ? IMAGE_CORRUPT : IMAGE_UNKNOWN_TYPE);
        free(p);
    }
    memset(buf, 0, sizeof buf);
    assert_int_equal(convert(buf, sizeof buf), IMAGE_UNKNOWN_TYPE);
}

/* Mutated valid files: flipped bytes anywhere, with ASan watching. */
static void test_mutations(void **state) {
    static const char *types[] = {"png", "jpeg", "webp", "webp"};
    for (size_t t = 0; t < 4; t++) {
        gdImagePtr im = quadrants(16, 12);
        size_t len;
        unsigned char *full = encode(im, types[t], t == 3 ? gdWebpLossless : 80, &len);
        gdImageDestroy(im);
        unsigned char *p = malloc(len);
        assert_non_null(p);
        for (int i = 0; i < 300; i++) {
            memcpy(p, full, len);
            for (int k = 1 + (int)(rnd() % 4); k > 0; k--) {
                size_t at = rnd() % (i % 2 ? len : (len < 40 ? len : 40));
                p[at] = (unsigned char)rnd();
            }
            int st = convert(p, len);
            assert_true(st == IMAGE_OK || st == IMAGE_CORRUPT || st == IMAGE_TOO_MANY_PIXELS ||
                        st == IMAGE_UNKNOWN_TYPE);
        }
        free(p);
        free(full);
    }
}

static void test_gif_refused(void **state) {
    gdImagePtr im = gdImageCreate(10, 10);
    gdImageColorAllocate(im, 1, 2, 3);
    size_t len;
    unsigned char *gif = encode(im, "gif", 0, &len);
    gdImageDestroy(im);
    assert_null(image_sniff(gif, len));
    assert_int_equal(convert(gif, len), IMAGE_UNKNOWN_TYPE);
    free(gif);
}

static void test_empty_and_oversize(void **state) {
    static const unsigned char one = 0x89;
    assert_int_equal(convert(&one, 0), IMAGE_EMPTY);
    assert_int_equal(convert(NULL, 0), IMAGE_EMPTY);
    assert_int_equal(convert(NULL, 10), IMAGE_EMPTY);

    gdImagePtr im = quadrants(50, 50);
    size_t len;
    unsigned char *png = encode(im, "png", 0, &len);
    gdImageDestroy(im);
    unsigned char *out = NULL;
    size_t out_len = 0;
    assert_int_equal(image_square_thumbnail(png, len, len - 1, SIDE, &out, &out_len), IMAGE_TOO_LARGE);
    assert_null(out);
    assert_int_equal(image_square_thumbnail(png, len, len, SIDE, &out, &out_len), IMAGE_OK);
    free(out);
    /* An oversize input is refused on its size whatever it contains. */
    unsigned char *big = calloc(1, MAXB + 1);
    assert_non_null(big);
    assert_int_equal(convert(big, MAXB + 1), IMAGE_TOO_LARGE);
    free(big);
    /* A side out of range is a caller bug. */
    assert_int_equal(image_square_thumbnail(png, len, MAXB, 0, &out, &out_len), IMAGE_CORRUPT);
    assert_int_equal(image_square_thumbnail(png, len, MAXB, IMAGE_MAX_OUT_SIDE + 1, &out, &out_len),
                     IMAGE_CORRUPT);
    assert_null(out);
    free(png);
}

static void test_messages(void **state) {
    for (int s = 0; s <= IMAGE_STATUS__MAX; s++) {
        const char *m = image_status_message((enum image_status)s);
        assert_non_null(m);
        assert_true(strlen(m) > 10);
        assert_null(strchr(m, '\n'));
    }
    assert_string_equal(image_status_message(IMAGE_UNKNOWN_TYPE), "The photo must be a PNG, JPEG or WebP image.");
}

static void quiet(int priority, const char *fmt, va_list ap) {}

int main(void) {
    gdSetErrorMethod(quiet); /* libgd reports every corrupt input on stderr */
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_sniff),           cmocka_unit_test(test_png_centre_crop),
        cmocka_unit_test(test_png_alpha),       cmocka_unit_test(test_png_palette),
        cmocka_unit_test(test_jpeg),            cmocka_unit_test(test_webp_inputs),
        cmocka_unit_test(test_exif_stripped),   cmocka_unit_test(test_exif_orientation),
        cmocka_unit_test(test_exif_malformed),
        cmocka_unit_test(test_bombs),           cmocka_unit_test(test_truncated),
        cmocka_unit_test(test_garbage),         cmocka_unit_test(test_mutations),
        cmocka_unit_test(test_gif_refused),     cmocka_unit_test(test_empty_and_oversize),
        cmocka_unit_test(test_messages),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
