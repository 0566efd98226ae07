/* Embedded assets: hashed (ETag) and gzip-compressed once at start-up. */
#include "http/assets.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "lib/embedded.h"

struct asset {
    const char *name; /* "app.css" */
    const struct embedded_file *file;
    const char *type;
    char etag[24];
    char url[160];
    unsigned char *gz;
    size_t gz_len;
};

#define MAX_ASSETS 64
static struct asset assets[MAX_ASSETS];
static int nassets;

static const char *type_of(const char *name) {
    const char *dot = strrchr(name, '.');
    if (!dot) return "application/octet-stream";
    if (!strcmp(dot, ".css")) return "text/css; charset=utf-8";
    if (!strcmp(dot, ".js")) return "text/javascript; charset=utf-8";
    if (!strcmp(dot, ".svg")) return "image/svg+xml";
    if (!strcmp(dot, ".png")) return "image/png";
    if (!strcmp(dot, ".webp")) return "image/webp";
    if (!strcmp(dot, ".ico")) return "image/x-icon";
    if (!strcmp(dot, ".json")) return "application/json";
    return "application/octet-stream";
}

static void compress_asset(struct asset *a) {
    uLongf cap = compressBound(a->file->size) + 32;
    unsigned char *out = malloc(cap);
    z_stream z = {0};
    if (!out || deflateInit2(&z, 9, Z_DEFLATED, 15 + 16, 9, Z_DEFAULT_STRATEGY) != Z_OK) {
        free(out);
        return;
    }
    z.next_in = (unsigned char *)a->file->data;
    z.avail_in = (uInt)a->file->size;
    z.next_out = out;
    z.avail_out = (uInt)cap;
    if (deflate(&z, Z_FINISH) == Z_STREAM_END && z.total_out < a->file->size) {
        a->gz = out;
        a->gz_len = z.total_out;
    } else {
        free(out);
    }
    deflateEnd(&z);
}

void assets_init(void) {
    if (nassets) return;
    for (unsigned long i = 0; i < embedded_count && nassets < MAX_ASSETS; i++) {
        const struct embedded_file *f = &embedded_files[i];
        if (strncmp(f->path, "assets/", 7)) continue;
        struct asset *a = &assets[nassets++];
        a->name = f->path + 7;
        a->file = f;
        a->type = type_of(a->name);
        unsigned char h[8];
        crypto_generichash(h, sizeof h, f->data, f->size, NULL, 0);
        char hex[sizeof a->etag];
        sodium_bin2hex(hex, sizeof hex, h, sizeof h);
        memcpy(a->etag, hex, sizeof hex);
        snprintf(a->url, sizeof a->url, "/assets/%s?v=%s", a->name, hex);
        if (strncmp(a->type, "image/png", 9) && strncmp(a->type, "image/webp", 10)) compress_asset(a);
    }
}

void assets_shutdown(void) {
    for (int i = 0; i < nassets; i++) free(assets[i].gz);
    memset(assets, 0, sizeof assets);
    nassets = 0;
}

static struct asset *find(const char *name) {
    for (int i = 0; i < nassets; i++)
        if (!strcmp(assets[i].name, name)) return &assets[i];
    return NULL;
}

const char *assets_url(const char *name) {
    struct asset *a = find(name);
    return a ? a->url : "/assets/missing";
}

int assets_serve(struct req *r) {
    struct asset *a = find(req_param(r, 0));
    if (!a) return resp_error(r, 404, NULL);
    char etag[32];
    snprintf(etag, sizeof etag, "\"%s\"", a->etag);
    resp_header(r, "ETag", etag);
    resp_header(r, "Cache-Control", "public, max-age=31536000, immutable");
    resp_header(r, "Vary", "Accept-Encoding");
    const char *inm = req_header(r, "If-None-Match");
    if (inm && strstr(inm, etag)) {
        r->content_type = a->type;
        return 304;
    }
    const char *ae = req_header(r, "Accept-Encoding");
    if (a->gz && ae && strstr(ae, "gzip")) {
        resp_header(r, "Content-Encoding", "gzip");
        return resp_bytes(r, 200, a->type, a->gz, a->gz_len);
    }
    return resp_bytes(r, 200, a->type, a->file->data, a->file->size);
}
