/* Fuzzes profile-photo decoding (lib/image.c over libgd): any bytes as an
 * upload. Decompression bombs are refused from the header, and a success
 * is a WebP. */
#include "fuzz.h"
#include "lib/image.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    unsigned char *out = NULL;
    size_t out_len = 0;
    enum image_status s = image_square_thumbnail(data, size, 5 << 20, 32, &out, &out_len);
    if (s >= IMAGE_STATUS__MAX || !image_status_message(s)) abort();
    if (s == IMAGE_OK) {
        if (!out || out_len < 12 || memcmp(out + 8, "WEBP", 4)) abort();
        free(out);
    } else if (out) {
        abort();
    }
    (void)image_sniff(data, size);
    return 0;
}
