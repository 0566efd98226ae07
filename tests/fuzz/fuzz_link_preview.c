/* Fuzzes the link-preview reader (jobs/link_preview.c, libxml2's HTML
 * parser): any bytes as a fetched page. Title, description and image stay
 * within their buffers, and the image is empty or an absolute http(s) URL. */
#include "fuzz.h"
#include "jobs/link_preview.h"
#include "lib/text.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    if (size > 512 * 1024) return 0;
    struct link_preview p;
    link_preview_parse((const char *)data, size, "https://example.com/a/b?c=d", size & 1 ? "iso-8859-1" : NULL, &p);
    if (!memchr(p.title, 0, sizeof p.title) || !memchr(p.description, 0, sizeof p.description) ||
        !memchr(p.image, 0, sizeof p.image))
        abort();
    if (!text_valid(p.title, 1) || !text_valid(p.description, 1)) abort();
    if (p.image[0] && strncmp(p.image, "http://", 7) && strncmp(p.image, "https://", 8)) abort();
    return 0;
}
