/* Files (see file.h): the kind's hooks, versions, reading. */
#include "core/file.h"

#include <magic.h>
#include <pthread.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>

#include "core/bus.h"
#include "core/policy.h"
#include "db/db.h"
#include "lib/i18n.h"
#include "lib/image.h"
#include "lib/text.h"

static const char *const no_fields[] = {NULL};

/* ---- names and types ---------------------------------------------------------- */

const char *file_clean_name(struct arena *a, const char *name) {
    if (!name) return "file";
    const char *base = name;
    for (const char *p = name; *p; p++)
        if (*p == '/' || *p == '\\') base = p + 1;
    size_t n = strlen(base);
    char *out = arena_alloc(a, n + 1);
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)base[i];
        if (c < 0x20 || c == 0x7f) continue;
        if (k == 0 && (c == '.' || c == ' ')) continue; /* no hidden or blank-led names */
        out[k++] = (char)c;
    }
    while (k && (out[k - 1] == ' ' || out[k - 1] == '.')) k--;
    out[k] = 0;
    if (!text_valid(out, 0)) return "file";
    /* at most FILE_NAME_MAX characters, cut on a character boundary */
    size_t chars = 0, i = 0;
    for (; out[i]; i++)
        if (((unsigned char)out[i] & 0xc0) != 0x80 && ++chars > FILE_NAME_MAX) break;
    out[i] = 0;
    return *out ? out : "file";
}

static pthread_mutex_t magic_lock = PTHREAD_MUTEX_INITIALIZER;
static magic_t cookie; /* one for the process: libmagic handles are not thread-safe */

const char *file_sniff(struct arena *a, const unsigned char *data, size_t len) {
    const char *type = NULL;
    pthread_mutex_lock(&magic_lock);
    if (!cookie && (cookie = magic_open(MAGIC_MIME_TYPE | MAGIC_ERROR)) && magic_load(cookie, NULL)) {
        magic_close(cookie);
        cookie = NULL;
    }
    if (cookie) type = magic_buffer(cookie, data, len);
    const char *out = arena_strdup(a, type && *type && strlen(type) < 128 ? type : "application/octet-stream");
    pthread_mutex_unlock(&magic_lock);
    return out;
}

const char *file_safe_type(const char *mime) {
    static const char *const exact[] = {"image/png", "image/jpeg", "image/gif", "image/webp", "application/pdf",
                                        "text/plain", "text/csv", "application/zip", "application/gzip",
                                        "application/x-7z-compressed", "application/x-tar", "application/msword",
                                        "application/vnd.ms-excel", "application/vnd.ms-powerpoint", "application/json"};
    static const char *const prefixes[] = {"application/vnd.openxmlformats-officedocument.", "application/vnd.oasis.opendocument.",
                                           "audio/", "video/"};
    for (size_t i = 0; i < sizeof exact / sizeof exact[0]; i++)
        if (!strcmp(mime, exact[i])) return exact[i];
    for (size_t i = 0; i < sizeof prefixes / sizeof prefixes[0]; i++)
        if (!strncmp(mime, prefixes[i], strlen(prefixes[i])) && !strpbrk(mime, "\r\n;\" ")) return mime;
    return "application/octet-stream";
}

/* ---- writing versions ------------------------------------------------------------ */

static int check_upload(const unsigned char *data, size_t len, struct err *e) {
    if (!data) return err_fail(e, ERR_INVALID, "file", N_("Choose a file to upload."));
    if (!len) return err_fail(e, ERR_INVALID, "file", N_("The file is empty."));
    return 0;
}

/* Inserts version `version` (inside the caller's transaction). */
static int insert_version(struct db *db, struct arena *a, int64_t actor_id, int64_t item_id, int64_t version,
                          const unsigned char *data, size_t len, const char *name, const char **clean) {
    unsigned char hash[crypto_hash_sha256_BYTES];
    crypto_hash_sha256(hash, data, len);
    char hex[crypto_hash_sha256_BYTES * 2 + 1];
    sodium_bin2hex(hex, sizeof hex, hash, sizeof hash);
    const char *mime = file_sniff(a, data, len);
    unsigned char *preview = NULL;
    size_t plen = 0;
    if (image_sniff(data, len) &&
        image_square_thumbnail(data, len, len, FILE_PREVIEW_SIDE, &preview, &plen) != IMAGE_OK)
        preview = NULL; /* a damaged or oversized image is kept, without a preview */
    *clean = file_clean_name(a, name);
    struct db_stmt *st = db_prep(db, "INSERT INTO file_versions (item_id, version, name, mime, size, sha256, data, preview,"
                                     " uploaded_by, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)");
    db_bind_int(st, 1, item_id);
    db_bind_int(st, 2, version);
    db_bind_text(st, 3, *clean);
    db_bind_text(st, 4, mime);
    db_bind_int(st, 5, (int64_t)len);
    db_bind_text(st, 6, hex);
    db_bind_blob(st, 7, data, len);
    if (preview) db_bind_blob(st, 8, preview, plen);
    else db_bind_null(st, 8);
    db_bind_int(st, 9, actor_id);
    db_bind_int(st, 10, db_now());
    int rc = db_run(st) == DB_DONE ? 0 : -1;
    free(preview);
    return rc;
}

static int check(struct db *db, struct arena *a, const struct person *actor, const struct item_input *in,
                 const struct item *cur, struct err *e) {
    if (cur) /* new versions come through file_add_version */
        return in->upload ? err_fail(e, ERR_INVALID, "file", N_("Upload a new version of the file instead.")) : 0;
    return check_upload(in->upload, in->upload_len, e);
}

static int save(struct db *db, struct arena *a, const struct person *actor, int64_t id, const struct item_input *in,
                const struct item *cur, struct err *e) {
    if (cur) return 0;
    const char *name;
    if (insert_version(db, a, actor->id, id, 1, in->upload, in->upload_len, in->upload_name, &name))
        return err_fail(e, ERR_INTERNAL, NULL, N_("The file could not be saved."));
    /* no title given: the file's name */
    struct db_stmt *st = db_prep(db, "UPDATE items SET title = $2 WHERE id = $1 AND title = ''");
    db_bind_int(st, 1, id);
    db_bind_text(st, 2, name);
    return db_run(st) == DB_DONE ? 0 : err_fail(e, ERR_INTERNAL, NULL, N_("The file could not be saved."));
}

const struct kind kind_file = {.name = "file",
                               .title = TITLE_OPTIONAL,
                               .body_required = 0,
                               .body_max = 20000,
                               .fields = no_fields,
                               .check = check,
                               .save = save};

static struct item *file_item(struct db *db, struct arena *a, const struct person *actor, int64_t id) {
    struct item *it = item_get(db, a, actor, id);
    return it && !strcmp(it->type, "file") ? it : NULL;
}

int file_add_version(struct db *db, struct arena *a, const struct person *actor, int64_t item_id,
                     const unsigned char *data, size_t len, const char *name, struct err *e) {
    struct item *it = file_item(db, a, actor, item_id);
    if (!it) return err_fail(e, ERR_NOT_FOUND, NULL, N_("Not found."));
    if (!policy_item(actor, ACT_EDIT_ITEM, it))
        return err_fail(e, ERR_FORBIDDEN, NULL, N_("Only the author may upload a new version."));
    int rc = check_upload(data, len, e);
    if (rc) return rc;
    if (db_begin(db)) return err_fail(e, ERR_INTERNAL, NULL, N_("The database is busy; try again."));
    struct db_stmt *st = db_prep(db, "SELECT coalesce(max(version), 0) FROM file_versions WHERE item_id = $1");
    db_bind_int(st, 1, item_id);
    int64_t last = db_int_or(st, 0);
    if (last >= FILE_VERSIONS_MAX) {
        db_rollback(db);
        return err_fail(e, ERR_CONFLICT, "file", N_("This file has 100 versions, the most kept: post a new file."));
    }
    const char *clean;
    int ok = insert_version(db, a, actor->id, item_id, last + 1, data, len, name, &clean) == 0;
    st = db_prep(db, "UPDATE items SET edited_at = $2 WHERE id = $1");
    db_bind_int(st, 1, item_id);
    db_bind_int(st, 2, db_now());
    ok = ok && db_run(st) == DB_DONE;
    if (!ok || db_commit(db)) {
        db_rollback(db);
        return err_fail(e, ERR_INTERNAL, NULL, N_("The file could not be saved."));
    }
    struct bus_event ev = {.kind = BUS_ITEM_UPDATED, .item = item_id, .person = it->author_id, .space = it->space_id};
    bus_publish(&ev);
    return 0;
}

/* ---- reading ------------------------------------------------------------------------ */

#define VERSION_COLS "version, name, mime, size, sha256, coalesce(uploaded_by, 0), created_at, preview IS NOT NULL"

static void version_from_row(struct arena *a, struct db_stmt *st, struct file_version *v) {
    memset(v, 0, sizeof *v);
    v->version = db_col_int(st, 0);
    v->name = arena_strdup(a, db_col_text(st, 1));
    v->mime = arena_strdup(a, db_col_text(st, 2));
    v->size = db_col_int(st, 3);
    v->sha256 = arena_strdup(a, db_col_text(st, 4));
    v->uploaded_by = db_col_int(st, 5);
    v->created_at = db_col_int(st, 6);
    v->has_preview = (int)db_col_int(st, 7);
}

int file_versions(struct db *db, struct arena *a, int64_t item_id, struct file_version **out, int *n) {
    *out = arena_alloc(a, sizeof **out * FILE_VERSIONS_MAX);
    *n = 0;
    struct db_stmt *st = db_prep(db, "SELECT " VERSION_COLS " FROM file_versions WHERE item_id = $1 ORDER BY version DESC LIMIT $2");
    db_bind_int(st, 1, item_id);
    db_bind_int(st, 2, FILE_VERSIONS_MAX);
    while (db_step(st) == DB_ROW && *n < FILE_VERSIONS_MAX) version_from_row(a, st, &(*out)[(*n)++]);
    db_done(st);
    return 0;
}

int file_read(struct db *db, struct arena *a, const struct person *actor, int64_t item_id, int64_t version,
              struct file_version *out, struct err *e) {
    if (!file_item(db, a, actor, item_id)) return err_fail(e, ERR_NOT_FOUND, NULL, N_("Not found."));
    struct db_stmt *st = db_prep(db, "SELECT " VERSION_COLS ", data FROM file_versions WHERE item_id = $1"
                                     " AND ($2 = 0 OR version = $2) ORDER BY version DESC LIMIT 1");
    db_bind_int(st, 1, item_id);
    db_bind_int(st, 2, version);
    int found = 0;
    if (db_step(st) == DB_ROW) {
        version_from_row(a, st, out);
        size_t len = 0;
        const void *data = db_col_blob(st, 8, &len);
        unsigned char *copy = arena_alloc(a, len ? len : 1);
        if (len) memcpy(copy, data, len);
        out->data = copy;
        out->size = (int64_t)len;
        found = 1;
    }
    db_done(st);
    return found ? 0 : err_fail(e, ERR_NOT_FOUND, "version", N_("No such version."));
}

int file_preview(struct db *db, struct arena *a, const struct person *actor, int64_t item_id, int64_t version,
                 const unsigned char **data, size_t *len, struct err *e) {
    if (!file_item(db, a, actor, item_id)) return err_fail(e, ERR_NOT_FOUND, NULL, N_("Not found."));
    struct db_stmt *st = db_prep(db, "SELECT preview FROM file_versions WHERE item_id = $1 AND ($2 = 0 OR version = $2)"
                                     " ORDER BY version DESC LIMIT 1");
    db_bind_int(st, 1, item_id);
    db_bind_int(st, 2, version);
    *data = NULL;
    if (db_step(st) == DB_ROW && !db_col_is_null(st, 0)) {
        const void *p = db_col_blob(st, 0, len);
        unsigned char *copy = arena_alloc(a, *len ? *len : 1);
        if (*len) memcpy(copy, p, *len);
        *data = copy;
    }
    db_done(st);
    return *data ? 0 : err_fail(e, ERR_NOT_FOUND, NULL, N_("No preview."));
}
