/* Downloads (see download.h). */
#include "http/download.h"

#include <string.h>

/* filename*=UTF-8''... : every byte but RFC 5987's attr-char percent-encoded. */
static const char *ext_value(struct arena *a, const char *s) {
    static const char hex[] = "0123456789ABCDEF";
    char *out = arena_alloc(a, strlen(s) * 3 + 1), *o = out;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') || strchr("!#$&+-.^_`|~", *p)) {
            *o++ = (char)*p;
        } else {
            *o++ = '%';
            *o++ = hex[*p >> 4];
            *o++ = hex[*p & 15];
        }
    }
    *o = 0;
    return out;
}

/* The plain filename="..." for old clients: printable ASCII, no quotes. */
static const char *ascii_name(struct arena *a, const char *s) {
    char *out = arena_strdup(a, s);
    for (char *p = out; *p; p++)
        if ((unsigned char)*p < 0x20 || (unsigned char)*p > 0x7e || *p == '"' || *p == '\\' || *p == '%') *p = '_';
    return out;
}

int resp_download(struct req *r, const char *name, const char *type, const char *etag_hex, const void *data, size_t len,
                  int inline_ok) {
    const char *etag = arena_printf(&r->arena, "\"%s\"", etag_hex);
    resp_header(r, "ETag", etag);
    resp_header(r, "Cache-Control", "private, no-cache");
    const char *inm = req_header(r, "If-None-Match");
    if (inm && (strstr(inm, etag) || !strcmp(inm, "*"))) {
        r->content_type = type;
        buf_reset(&r->out);
        return 304;
    }
    resp_header(r, "Content-Disposition",
                arena_printf(&r->arena, "%s; filename=\"%s\"; filename*=UTF-8''%s", inline_ok ? "inline" : "attachment",
                             ascii_name(&r->arena, name), ext_value(&r->arena, name)));
    return resp_bytes(r, 200, type, data, len);
}
