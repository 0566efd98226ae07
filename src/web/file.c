/* Files in the pages: the block on a file's card (name, type, size,
 * preview, download; on its page the versions and a new-version form), the
 * file input of the creation form, downloads and previews. */
#include <string.h>

#include "core/file.h"
#include "core/policy.h"
#include "db/db.h"
#include "http/download.h"
#include "lib/text.h"
#include "web/file.h"
#include "web/pages.h"
#include "web/social.h"
#include "web/web.h"

static const char *size_text(struct req *r, int64_t n) {
    if (n >= 1 << 20) return arena_printf(&r->arena, "%.1f MB", (double)n / (1 << 20));
    if (n >= 1024) return arena_printf(&r->arena, "%.1f KB", (double)n / 1024);
    return web_count(r, "%d byte", "%d bytes", (long)n);
}

void web_file_block(struct req *r, const struct item *it, int full) {
    struct file_version *vs;
    int n;
    file_versions(db_thread(), &r->arena, it->id, &vs, &n);
    if (!n) return;
    const struct file_version *cur = &vs[0];
    H(r, "<div class=\"file\">");
    if (cur->has_preview)
        H(r, "<p><a href=\"/items/%lld/download\"><img class=\"preview\" src=\"/items/%lld/preview?version=%lld\" alt=\"%s\" "
             "width=\"%d\" height=\"%d\"></a></p>",
          (long long)it->id, (long long)it->id, (long long)cur->version, cur->name, FILE_PREVIEW_SIDE / 2, FILE_PREVIEW_SIDE / 2);
    H(r, "<p class=\"file-current\"><a href=\"/items/%lld/download\" download>%s %s</a> <small>(%s, %s",
      (long long)it->id, T(r, "Download"), cur->name, cur->mime, size_text(r, cur->size));
    if (n > 1) H(r, ", %s %lld", T(r, "version"), (long long)cur->version);
    H(r, ")</small></p>");
    if (full) {
        H(r, "<h2>%s</h2><table class=\"versions\"><thead><tr><th>%s</th><th>%s</th><th>%s</th><th>%s</th><th>%s</th></tr></thead><tbody>",
          T(r, "Versions"), T(r, "Version"), T(r, "Name"), T(r, "Size"), T(r, "Uploaded"), T(r, "By"));
        for (int i = 0; i < n; i++) {
            struct person *p = vs[i].uploaded_by ? people_cached(db_thread(), &r->arena, vs[i].uploaded_by) : NULL;
            H(r, "<tr><td>%lld</td><td><a href=\"/items/%lld/download?version=%lld\" download>%s</a></td><td>%s</td><td>",
              (long long)vs[i].version, (long long)it->id, (long long)vs[i].version, vs[i].name, size_text(r, vs[i].size));
            web_time(r, vs[i].created_at);
            H(r, "</td><td>%s</td></tr>", p ? p->name : "?");
        }
        H(r, "</tbody></table>");
        if (policy_item(r->me, ACT_EDIT_ITEM, it)) {
            H(r, "<form method=\"post\" action=\"/items/%lld/versions\" enctype=\"multipart/form-data\" class=\"new-version\">",
              (long long)it->id);
            web_csrf_field(r);
            H(r, "<label for=\"new-version\">%s</label><input id=\"new-version\" name=\"file\" type=\"file\" required> "
                 "<button type=\"submit\">%s</button></form>",
              T(r, "New version"), T(r, "Upload"));
        }
    }
    H(r, "</div>");
}

void web_file_form(struct req *r, const struct item *cur) {
    if (cur) return; /* new versions are uploaded from the file's page */
    H(r, "<label for=\"file\">%s</label><input id=\"file\" name=\"file\" type=\"file\" required aria-describedby=\"file-help\">"
         "<small id=\"file-help\">%s</small>",
      T(r, "File"), T(r, "Without a title, the file's name is used."));
}

static int64_t version_param(struct req *r) {
    const char *v = req_query(r, "version");
    if (!v) return 0;
    int64_t n = text_parse_id(v);
    return n > 0 ? n : -1;
}

/* GET /items/{id}/download[?version=N] */
int web_file_download(struct req *r) {
    int64_t version = version_param(r);
    if (version < 0) return resp_error(r, 404, NULL);
    struct file_version v;
    struct err e = {0};
    if (file_read(db_thread(), &r->arena, r->me, text_parse_id(req_param(r, 0)), version, &v, &e))
        return resp_error(r, 404, NULL);
    return resp_download(r, v.name, file_safe_type(v.mime), v.sha256, v.data, (size_t)v.size, 0);
}

/* GET /items/{id}/preview[?version=N]: the WebP preview of an image. */
int web_file_preview(struct req *r) {
    int64_t version = version_param(r);
    const unsigned char *data;
    size_t len;
    struct err e = {0};
    if (version < 0 || file_preview(db_thread(), &r->arena, r->me, text_parse_id(req_param(r, 0)), version, &data, &len, &e))
        return resp_error(r, 404, NULL);
    resp_header(r, "Cache-Control", "private, max-age=86400");
    return resp_bytes(r, 200, "image/webp", data, len);
}

/* POST /items/{id}/versions (multipart: file) */
int web_file_version_upload(struct req *r) {
    int64_t id = text_parse_id(req_param(r, 0));
    const struct kv *f = req_upload(r, "file");
    struct err e = {0};
    int rc = file_add_version(db_thread(), &r->arena, r->me, id, f ? (const unsigned char *)(f->value ? f->value : "") : NULL,
                              f ? f->len : 0, f ? f->filename : NULL, &e);
    if (rc) return resp_error(r, rc, e.msg);
    return resp_redirect(r, arena_printf(&r->arena, "/items/%lld?done=saved", (long long)id));
}
