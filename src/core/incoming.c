/* Incoming webhooks: create, list and delete a space's hooks; publish what
 * an application POSTs to one (core/incoming.h). */
#include "core/incoming.h"

#include <jansson.h>
#include <stdio.h>
#include <string.h>

#include "core/items.h"
#include "core/policy.h"
#include "core/spaces.h"
#include "db/db.h"
#include "lib/crypto.h"
#include "lib/i18n.h"
#include "lib/text.h"

#define COLS "id, owner_id, space_id, name, created_at, last_used_at"

static struct incoming_hook *from_row(struct arena *a, struct db_stmt *st) {
    struct incoming_hook *h = arena_alloc(a, sizeof *h);
    h->id = db_col_int(st, 0);
    h->owner_id = db_col_int(st, 1);
    h->space_id = db_col_int(st, 2);
    h->name = arena_strdup(a, db_col_text(st, 3) ? db_col_text(st, 3) : "");
    h->created_at = db_col_int(st, 4);
    h->last_used_at = db_col_int(st, 5);
    return h;
}

/* The space, when the actor manages it; else an error in e. */
static int manages(struct db *db, struct arena *a, const struct person *actor, int64_t space, struct err *e) {
    const struct space *s = space ? space_cached(db, a, space) : NULL;
    if (!s || !policy_space(actor, ACT_VIEW_SPACE, s)) return err_fail(e, ERR_NOT_FOUND, NULL, N_("There is no such space."));
    if (!policy_space(actor, ACT_SPACE_SETTINGS, s))
        return err_fail(e, ERR_FORBIDDEN, NULL, N_("Only the space's owners may manage its webhooks."));
    return 0;
}

int incoming_create(struct db *db, struct arena *a, const struct person *actor, int64_t space, const char *name,
                    struct incoming_hook **out, struct err *e) {
    int rc = manages(db, a, actor, space, e);
    if (rc) return rc;
    const char *n = name ? text_trim(a, name) : "";
    if (!*n || text_chars(n) > INCOMING_NAME_MAX || !text_valid(n, 0))
        return err_fail(e, ERR_INVALID, "name", N_("Give the integration a name of 1 to 80 characters on one line."));
    char token[TOKEN_CHARS + 1], hash[TOKEN_HASH_CHARS + 1];
    token_new(token);
    token_hash(token, hash);
    if (db_begin(db)) return err_fail(e, ERR_INTERNAL, NULL, N_("The database is busy; try again."));
    struct db_stmt *st = db_prep(db, "SELECT count(*) FROM incoming_webhooks WHERE space_id = $1");
    db_bind_int(st, 1, space);
    if (db_int_or(st, 0) >= INCOMING_PER_SPACE_MAX) {
        db_rollback(db);
        return err_fail(e, ERR_CONFLICT, "name", N_("This space already has 20 incoming webhooks; delete one first."));
    }
    int64_t now = db_now();
    st = db_prep(db, "INSERT INTO incoming_webhooks (owner_id, space_id, name, token_hash, created_at) VALUES ($1, $2, $3, $4, $5)");
    db_bind_int(st, 1, actor->id);
    db_bind_int(st, 2, space);
    db_bind_text(st, 3, n);
    db_bind_text(st, 4, hash);
    db_bind_int(st, 5, now);
    if (db_run(st) != DB_DONE) {
        db_rollback(db);
        return err_fail(e, ERR_INTERNAL, NULL, N_("The webhook could not be saved."));
    }
    int64_t id = db_last_id(db);
    if (db_commit(db)) {
        db_rollback(db);
        return err_fail(e, ERR_INTERNAL, NULL, N_("The webhook could not be saved."));
    }
    struct incoming_hook *h = arena_alloc(a, sizeof *h);
    *h = (struct incoming_hook){.id = id, .owner_id = actor->id, .space_id = space, .name = n,
                                .token = arena_strdup(a, token), .created_at = now};
    *out = h;
    return 0;
}

int incoming_list(struct db *db, struct arena *a, const struct person *actor, int64_t space, struct incoming_hook ***out,
                  int *n, struct err *e) {
    *n = 0;
    *out = NULL;
    int rc = manages(db, a, actor, space, e);
    if (rc) return rc;
    struct db_stmt *st = db_prep(db, "SELECT " COLS " FROM incoming_webhooks WHERE space_id = $1 ORDER BY id LIMIT 100");
    db_bind_int(st, 1, space);
    struct incoming_hook **list = arena_alloc(a, sizeof *list * INCOMING_PER_SPACE_MAX * 5);
    while (*n < INCOMING_PER_SPACE_MAX * 5 && db_step(st) == DB_ROW) list[(*n)++] = from_row(a, st);
    db_done(st);
    *out = list;
    return 0;
}

int incoming_delete(struct db *db, struct arena *a, const struct person *actor, int64_t space, int64_t hook,
                    struct err *e) {
    int rc = manages(db, a, actor, space, e);
    if (rc) return rc;
    struct db_stmt *st = db_prep(db, "DELETE FROM incoming_webhooks WHERE id = $1 AND space_id = $2");
    db_bind_int(st, 1, hook);
    db_bind_int(st, 2, space);
    if (db_run(st) != DB_DONE) return err_fail(e, ERR_INTERNAL, NULL, N_("The webhook could not be deleted."));
    return db_changes(db) ? 0 : err_fail(e, ERR_NOT_FOUND, NULL, N_("There is no such webhook."));
}

/* The title as a bold first line, its Markdown punctuation escaped. */
static char *with_title(struct arena *a, const char *title, const char *text) {
    size_t n = strlen(title);
    char *esc = arena_alloc(a, 2 * n + 1), *o = esc;
    for (const char *p = title; *p; p++) {
        if (strchr("\\`*_{}[]()<>#+-.!|~", *p)) *o++ = '\\';
        *o++ = *p;
    }
    *o = 0;
    return arena_printf(a, "**%s**\n\n%s", esc, text);
}

int incoming_post(struct db *db, struct arena *a, const char *token, const char *title, const char *text,
                  int64_t *item_out, struct err *e) {
    if (!token || strlen(token) != TOKEN_CHARS) return err_fail(e, ERR_NOT_FOUND, NULL, N_("There is no such webhook."));
    char hash[TOKEN_HASH_CHARS + 1];
    token_hash(token, hash);
    struct db_stmt *st = db_prep(db, "SELECT " COLS " FROM incoming_webhooks WHERE token_hash = $1");
    db_bind_text(st, 1, hash);
    struct incoming_hook *h = db_step(st) == DB_ROW ? from_row(a, st) : NULL;
    db_done(st);
    if (!h) return err_fail(e, ERR_NOT_FOUND, NULL, N_("There is no such webhook."));
    struct person *owner = people_get(db, a, h->owner_id);
    if (!owner || owner->disabled)
        return err_fail(e, ERR_FORBIDDEN, NULL, N_("The person who created this webhook may no longer post in its space."));
    people_load_spaces(db, a, owner);
    const struct space *s = space_cached(db, a, h->space_id);
    if (!s || !policy_space(owner, ACT_VIEW_SPACE, s)) return err_fail(e, ERR_NOT_FOUND, NULL, N_("There is no such webhook."));
    if (!policy_space(owner, ACT_POST, s))
        return err_fail(e, ERR_FORBIDDEN, NULL, N_("The person who created this webhook may no longer post in its space."));
    if (title) {
        title = text_trim(a, title);
        if (text_chars(title) > ITEM_TITLE_MAX || !text_valid(title, 0))
            return err_fail(e, ERR_INVALID, "title", N_("The title is at most 200 characters on one line."));
    }
    if (!text || !*text_trim(a, text)) return err_fail(e, ERR_INVALID, "text", N_("Send the message in text."));
    const char *body = title && *title ? with_title(a, title, text) : text;
    struct item_input in = {.type = "status", .body = body, .space_id = h->space_id, .via = h->name};
    int rc = item_create(db, a, owner, &in, item_out, e);
    if (rc) {
        if (e->field && !strcmp(e->field, "body")) e->field = "text";
        return rc;
    }
    st = db_prep(db, "UPDATE incoming_webhooks SET last_used_at = $2 WHERE id = $1");
    db_bind_int(st, 1, h->id);
    db_bind_int(st, 2, db_now());
    db_run(st);
    return 0;
}

int64_t incoming_hook_id(struct db *db, const char *token) {
    if (!token || strlen(token) != TOKEN_CHARS) return 0;
    char hash[TOKEN_HASH_CHARS + 1];
    token_hash(token, hash);
    struct db_stmt *st = db_prep(db, "SELECT id FROM incoming_webhooks WHERE token_hash = $1");
    db_bind_text(st, 1, hash);
    return db_int_or(st, 0);
}

const char *incoming_via(struct arena *a, const struct item *it) {
    if (!it->data || !strstr(it->data, "\"via\"")) return NULL; /* most items: no parse */
    json_t *d = json_loads(it->data, 0, NULL);
    json_t *v = json_is_object(d) ? json_object_get(d, "via") : NULL;
    const char *via = json_is_string(v) ? arena_strdup(a, json_string_value(v)) : NULL;
    json_decref(d);
    return via;
}
