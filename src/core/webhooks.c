/* Outgoing webhooks: registration, deliveries, and the bus listener that
 * turns events into deliveries (see webhooks.h). Who may see what is
 * decided when the event happens, as the hook's owner: the body is then a
 * snapshot of what they could see, sent as it is, again on every retry and
 * re-send (the same webhook-id), as Standard Webhooks receivers expect. */
#include "core/webhooks.h"

#include <jansson.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/bus.h"
#include "core/comments.h"
#include "core/items.h"
#include "core/policy.h"
#include "core/spaces.h"
#include "db/db.h"
#include "jobs/queue.h"
#include "lib/i18n.h"
#include "lib/url.h"

const char *const webhook_event_names[] = {"item.created", "item.updated", "item.deleted", "comment.created",
                                           "member.joined", NULL};

static char base_url[512];

/* ---- registration ---- */

static int known_event(const char *s) {
    for (int i = 0; webhook_event_names[i]; i++)
        if (!strcmp(s, webhook_event_names[i])) return 1;
    return 0;
}

/* May the actor manage hooks of `space` (0: global hooks)? */
static int manages(struct db *db, struct arena *a, const struct person *actor, int64_t space) {
    if (!space) return policy_allows(actor, ACT_MANAGE_WEBHOOKS, NULL);
    const struct space *s = space_cached(db, a, space);
    return s && policy_space(actor, ACT_SPACE_SETTINGS, s);
}

#define HOOK_COLS "id, owner_id, coalesce(space_id, 0), url, events, created_at"

static struct webhook *hook_from_row(struct arena *a, struct db_stmt *st) {
    struct webhook *h = arena_alloc(a, sizeof *h);
    h->id = db_col_int(st, 0);
    h->owner_id = db_col_int(st, 1);
    h->space_id = db_col_int(st, 2);
    h->url = arena_strdup(a, db_col_text(st, 3) ? db_col_text(st, 3) : "");
    char *events = arena_strdup(a, db_col_text(st, 4) ? db_col_text(st, 4) : "");
    h->events = arena_alloc(a, sizeof(char *) * (WEBHOOK_EVENTS_MAX + 1));
    for (char *save = NULL, *t = strtok_r(events, ",", &save); t && h->nevents < WEBHOOK_EVENTS_MAX;
         t = strtok_r(NULL, ",", &save))
        h->events[h->nevents++] = t;
    h->created_at = db_col_int(st, 5);
    return h;
}

int webhook_create(struct db *db, struct arena *a, const struct person *actor, const char *url, const char *const *events,
                   int nevents, int64_t space, struct webhook **out, struct err *e) {
    if (space) {
        const struct space *s = space_cached(db, a, space);
        if (!s || !policy_space(actor, ACT_VIEW_SPACE, s))
            return err_fail(e, ERR_NOT_FOUND, "space", N_("There is no such space."));
        if (!policy_space(actor, ACT_SPACE_SETTINGS, s))
            return err_fail(e, ERR_FORBIDDEN, "space", N_("Only the space's owners may add webhooks to it."));
    } else if (!policy_allows(actor, ACT_MANAGE_WEBHOOKS, NULL)) {
        return err_fail(e, ERR_FORBIDDEN, "space", N_("Only administrators may add webhooks for every space; give a space you own."));
    }
    const char *key;
    if (!url || url_canonical(a, url, &key) != URL_OK || strlen(url) > 2000)
        return err_fail(e, ERR_INVALID, "url", N_("The address must be an http or https URL of at most 2000 characters."));
    if (nevents < 1 || nevents > WEBHOOK_EVENTS_MAX)
        return err_fail(e, ERR_INVALID, "events", N_("Choose at least one event."));
    size_t len = 0;
    for (int i = 0; i < nevents; i++) {
        if (!events[i] || !known_event(events[i]))
            return err_fail(e, ERR_INVALID, "events",
                            N_("Unknown event: use item.created, item.updated, item.deleted, comment.created or member.joined."));
        for (int j = 0; j < i; j++)
            if (!strcmp(events[i], events[j])) return err_fail(e, ERR_INVALID, "events", N_("An event is listed twice."));
        len += strlen(events[i]) + 1;
    }
    char *joined = arena_alloc(a, len + 1);
    for (int i = 0; i < nevents; i++) {
        if (i) strcat(joined, ",");
        strcat(joined, events[i]);
    }
    unsigned char raw[WEBHOOK_SECRET_BYTES];
    randombytes_buf(raw, sizeof raw);
    char b64[sodium_base64_ENCODED_LEN(WEBHOOK_SECRET_BYTES, sodium_base64_VARIANT_ORIGINAL)];
    sodium_bin2base64(b64, sizeof b64, raw, sizeof raw, sodium_base64_VARIANT_ORIGINAL);
    sodium_memzero(raw, sizeof raw);
    char *secret = arena_printf(a, "whsec_%s", b64);
    if (db_begin(db)) return err_fail(e, ERR_INTERNAL, NULL, N_("The database is busy; try again."));
    struct db_stmt *st = db_prep(db, space ? "SELECT count(*) FROM webhooks WHERE space_id = $1"
                                           : "SELECT count(*) FROM webhooks WHERE space_id IS NULL AND $1 = 0");
    db_bind_int(st, 1, space);
    if (db_int_or(st, 0) >= WEBHOOKS_PER_SCOPE_MAX) {
        db_rollback(db);
        return err_fail(e, ERR_CONFLICT, "space", N_("There are already 20 webhooks here; delete one first."));
    }
    int64_t now = db_now();
    st = db_prep(db, "INSERT INTO webhooks (owner_id, space_id, url, events, secret, created_at) VALUES ($1, $2, $3, $4, $5, $6)");
    db_bind_int(st, 1, actor->id);
    if (space) db_bind_int(st, 2, space);
    else db_bind_null(st, 2);
    db_bind_text(st, 3, url);
    db_bind_text(st, 4, joined);
    db_bind_text(st, 5, secret);
    db_bind_int(st, 6, now);
    if (db_run(st) != DB_DONE) {
        db_rollback(db);
        return err_fail(e, ERR_INTERNAL, NULL, N_("The webhook could not be saved."));
    }
    int64_t id = db_last_id(db);
    if (db_commit(db)) {
        db_rollback(db);
        return err_fail(e, ERR_INTERNAL, NULL, N_("The webhook could not be saved."));
    }
    struct webhook *h = arena_alloc(a, sizeof *h);
    *h = (struct webhook){.id = id, .owner_id = actor->id, .space_id = space, .url = arena_strdup(a, url),
                          .nevents = nevents, .secret = secret, .created_at = now};
    h->events = arena_alloc(a, sizeof(char *) * (size_t)(nevents + 1));
    for (int i = 0; i < nevents; i++) h->events[i] = arena_strdup(a, events[i]);
    *out = h;
    return 0;
}

int webhook_list(struct db *db, struct arena *a, const struct person *actor, int64_t space, struct webhook ***out,
                 int *n) {
    struct db_stmt *st = db_prep(db, "SELECT " HOOK_COLS " FROM webhooks WHERE ($1 = 0 OR space_id = $1) ORDER BY id LIMIT 500");
    db_bind_int(st, 1, space);
    struct webhook **list = arena_alloc(a, sizeof *list * 500);
    *n = 0;
    while (*n < 500 && db_step(st) == DB_ROW) list[(*n)++] = hook_from_row(a, st);
    db_done(st);
    int k = 0;
    for (int i = 0; i < *n; i++)
        if (manages(db, a, actor, list[i]->space_id)) list[k++] = list[i];
    *n = k;
    *out = list;
    return 0;
}

struct webhook *webhook_get(struct db *db, struct arena *a, const struct person *actor, int64_t id) {
    struct db_stmt *st = db_prep(db, "SELECT " HOOK_COLS " FROM webhooks WHERE id = $1");
    db_bind_int(st, 1, id);
    struct webhook *h = db_step(st) == DB_ROW ? hook_from_row(a, st) : NULL;
    db_done(st);
    return h && manages(db, a, actor, h->space_id) ? h : NULL;
}

int webhook_delete(struct db *db, struct arena *a, const struct person *actor, int64_t id, struct err *e) {
    if (!webhook_get(db, a, actor, id)) return err_fail(e, ERR_NOT_FOUND, NULL, N_("Not found."));
    struct db_stmt *st = db_prep(db, "DELETE FROM webhooks WHERE id = $1");
    db_bind_int(st, 1, id);
    if (db_run(st) != DB_DONE) return err_fail(e, ERR_INTERNAL, NULL, N_("The webhook could not be deleted."));
    return 0;
}

int webhook_deliveries(struct db *db, struct arena *a, const struct person *actor, int64_t hook,
                       struct webhook_delivery ***out, int *n, struct err *e) {
    return webhook_deliveries_page(db, a, actor, hook, 0, out, n, e);
}

int webhook_deliveries_page(struct db *db, struct arena *a, const struct person *actor, int64_t hook, int64_t before,
                            struct webhook_delivery ***out, int *n, struct err *e) {
    if (!webhook_get(db, a, actor, hook)) return err_fail(e, ERR_NOT_FOUND, NULL, N_("Not found."));
    struct db_stmt *st = db_prep(
        db, "SELECT d.id, d.webhook_id, d.event, d.message_id, d.status, d.error, d.response_code, d.attempts,"
            " d.created_at, d.attempted_at, CASE WHEN d.status IN ('pending', 'retrying') THEN"
            " (SELECT min(j.run_at) FROM jobs j WHERE j.kind = 'webhook' AND j.done_at IS NULL"
            " AND j.payload = '{\"delivery\": ' || d.id || '}') ELSE 0 END"
            " FROM webhook_deliveries d WHERE d.webhook_id = $1 AND ($2 = 0 OR d.id < $2)"
            " ORDER BY d.id DESC LIMIT 50");
    db_bind_int(st, 1, hook);
    db_bind_int(st, 2, before);
    struct webhook_delivery **list = arena_alloc(a, sizeof *list * WEBHOOK_DELIVERIES_SHOWN);
    *n = 0;
    while (*n < WEBHOOK_DELIVERIES_SHOWN && db_step(st) == DB_ROW) {
        struct webhook_delivery *d = arena_alloc(a, sizeof *d);
        d->id = db_col_int(st, 0);
        d->webhook_id = db_col_int(st, 1);
        d->event = arena_strdup(a, db_col_text(st, 2) ? db_col_text(st, 2) : "");
        d->message_id = arena_strdup(a, db_col_text(st, 3) ? db_col_text(st, 3) : "");
        d->status = arena_strdup(a, db_col_text(st, 4) ? db_col_text(st, 4) : "");
        d->error = arena_strdup(a, db_col_text(st, 5) ? db_col_text(st, 5) : "");
        d->response_code = db_col_int(st, 6);
        d->attempts = db_col_int(st, 7);
        d->created_at = db_col_int(st, 8);
        d->attempted_at = db_col_int(st, 9);
        d->next_at = db_col_int(st, 10);
        list[(*n)++] = d;
    }
    db_done(st);
    *out = list;
    return 0;
}

const char *webhook_last_status(struct db *db, struct arena *a, int64_t hook) {
    struct db_stmt *st = db_prep(db, "SELECT status FROM webhook_deliveries WHERE webhook_id = $1 ORDER BY id DESC LIMIT 1");
    db_bind_int(st, 1, hook);
    const char *s = db_step(st) == DB_ROW && db_col_text(st, 0) ? arena_strdup(a, db_col_text(st, 0)) : NULL;
    db_done(st);
    return s;
}

static int enqueue_delivery(struct db *db, struct arena *a, int64_t delivery) {
    return job_enqueue(db, "webhook", arena_printf(a, "{\"delivery\": %lld}", (long long)delivery), 0);
}

int webhook_resend(struct db *db, struct arena *a, const struct person *actor, int64_t hook, int64_t delivery,
                   struct err *e) {
    if (!webhook_get(db, a, actor, hook)) return err_fail(e, ERR_NOT_FOUND, NULL, N_("Not found."));
    if (db_begin(db)) return err_fail(e, ERR_INTERNAL, NULL, N_("The database is busy; try again."));
    struct db_stmt *st = db_prep(db, "UPDATE webhook_deliveries SET status = 'pending', error = '' WHERE id = $1"
                                     " AND webhook_id = $2 AND status <> 'pending' AND status <> 'retrying'");
    db_bind_int(st, 1, delivery);
    db_bind_int(st, 2, hook);
    if (db_run(st) != DB_DONE || db_changes(db) != 1) {
        db_rollback(db);
        st = db_prep(db, "SELECT count(*) FROM webhook_deliveries WHERE id = $1 AND webhook_id = $2");
        db_bind_int(st, 1, delivery);
        db_bind_int(st, 2, hook);
        if (!db_int_or(st, 0)) return err_fail(e, ERR_NOT_FOUND, NULL, N_("Not found."));
        return err_fail(e, ERR_CONFLICT, NULL, N_("This delivery is already waiting to be sent."));
    }
    if (enqueue_delivery(db, a, delivery) || db_commit(db)) {
        db_rollback(db);
        return err_fail(e, ERR_INTERNAL, NULL, N_("The delivery could not be queued."));
    }
    jobs_wake();
    return 0;
}

/* ---- events into deliveries ---- */

static const char *iso_time(struct arena *a, int64_t t) {
    time_t tt = (time_t)t;
    struct tm tm;
    gmtime_r(&tt, &tm);
    char buf[32];
    strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return arena_strdup(a, buf);
}

static json_t *person_json(struct arena *a, const struct person *p) {
    if (!p) return json_null();
    return json_pack("{s:s, s:s, s:s, s:s}", "type", "Person", "id",
                     arena_printf(a, "%s/people/%s", base_url, p->handle ? p->handle : ""), "name",
                     p->name ? p->name : "", "preferredUsername", p->handle ? p->handle : "");
}

static json_t *space_json(struct arena *a, const struct space *s) {
    return json_pack("{s:s, s:s, s:s, s:I}", "type", "Group", "id", arena_printf(a, "%s/spaces/%s", base_url, s->slug),
                     "name", s->name ? s->name : "", "ruche:id", (json_int_t)s->id);
}

/* The AS2 type an item kind is shown as. */
static const char *object_type(const char *kind) {
    if (!strcmp(kind, "event")) return "Event";
    if (!strcmp(kind, "question") || !strcmp(kind, "poll")) return "Question";
    if (!strcmp(kind, "wiki") || !strcmp(kind, "blog") || !strcmp(kind, "article")) return "Article";
    if (!strcmp(kind, "file")) return "Document";
    if (!strcmp(kind, "bookmark")) return "Link";
    return "Note";
}

static json_t *item_json(struct arena *a, const struct item *it) {
    json_t *o = json_pack("{s:s, s:s, s:I, s:s, s:s, s:s, s:s, s:{s:s, s:s}}", "type", object_type(it->type), "id",
                          arena_printf(a, "%s/items/%lld", base_url, (long long)it->id), "ruche:id",
                          (json_int_t)it->id, "ruche:type", it->type, "name", it->title ? it->title : "", "content",
                          it->body_html ? it->body_html : "", "mediaType", "text/html", "source", "content",
                          it->body ? it->body : "", "mediaType", "text/markdown");
    json_object_set_new(o, "published", json_string(iso_time(a, it->created_at)));
    if (it->edited_at) json_object_set_new(o, "updated", json_string(iso_time(a, it->edited_at)));
    return o;
}

struct target {
    const char *event;
    const char *activity;
    struct item *item;
    struct comment *comment;
    const struct space *space;
    struct person *actor, *member;
    int64_t space_id;
};

/* May the hook's owner see what the event is about? */
static int owner_may_see(struct db *db, struct arena *a, int64_t owner_id, const struct target *t) {
    struct person *owner = people_get(db, a, owner_id);
    if (!owner || owner->disabled) return 0;
    people_load_spaces(db, a, owner);
    if (t->item) {
        struct item copy = *t->item;
        copy.deleted_at = 0; /* item.deleted: could they see it before? */
        return policy_item(owner, ACT_READ_ITEM, &copy);
    }
    return t->space && policy_space(owner, ACT_LIST_MEMBERS, t->space);
}

static char *body_json(struct arena *a, const struct target *t, int64_t delivery_time) {
    json_t *j = json_pack("{s:s, s:s, s:s, s:s}", "@context", "https://www.w3.org/ns/activitystreams", "type",
                          t->activity, "ruche:event", t->event, "published", iso_time(a, delivery_time));
    json_object_set_new(j, "actor", person_json(a, t->actor));
    if (t->comment) {
        json_t *c = json_pack("{s:s, s:s, s:I, s:s, s:s, s:s}", "type", "Note", "id",
                              arena_printf(a, "%s/items/%lld#comment-%lld", base_url, (long long)t->item->id,
                                           (long long)t->comment->id),
                              "ruche:id", (json_int_t)t->comment->id, "content",
                              t->comment->body_html ? t->comment->body_html : "", "mediaType", "text/html",
                              "published", iso_time(a, t->comment->created_at));
        json_object_set_new(c, "inReplyTo", item_json(a, t->item));
        json_object_set_new(j, "object", c);
    } else if (t->item) {
        json_t *o = item_json(a, t->item);
        if (!strcmp(t->activity, "Delete")) { /* what is gone is not repeated */
            json_t *tomb = json_pack("{s:s, s:O, s:O, s:s}", "type", "Tombstone", "id", json_object_get(o, "id"),
                                     "ruche:id", json_object_get(o, "ruche:id"), "formerType",
                                     json_string_value(json_object_get(o, "type")));
            json_decref(o);
            o = tomb;
        }
        json_object_set_new(j, "object", o);
    } else if (t->space) {
        json_object_set_new(j, "object", space_json(a, t->space));
    }
    if (t->space && (t->item || t->comment)) json_object_set_new(j, "target", space_json(a, t->space));
    char *s = json_dumps(j, JSON_COMPACT);
    json_decref(j);
    char *out = arena_strdup(a, s ? s : "{}");
    free(s);
    return out;
}

/* What the event is about, or 0 when no hook cares for it. */
static int describe(struct db *db, struct arena *a, const struct bus_event *ev, struct target *t) {
    memset(t, 0, sizeof *t);
    switch (ev->kind) {
    case BUS_ITEM_CREATED: t->event = "item.created", t->activity = "Create"; break;
    case BUS_ITEM_UPDATED:
        if (ev->other) t->event = "comment.created", t->activity = "Create";
        else if (ev->person) t->event = "item.updated", t->activity = "Update";
        else return 0; /* links refreshed, not a change of the item */
        break;
    case BUS_ITEM_DELETED: t->event = "item.deleted", t->activity = "Delete"; break;
    case BUS_MEMBERSHIP_CHANGED: t->event = "member.joined", t->activity = "Join"; break;
    default: return 0;
    }
    if (ev->kind == BUS_MEMBERSHIP_CHANGED) {
        struct db_stmt *st = db_prep(db, "SELECT role FROM space_members WHERE space_id = $1 AND person_id = $2");
        db_bind_int(st, 1, ev->space);
        db_bind_int(st, 2, ev->person);
        int member = db_step(st) == DB_ROW && db_col_text(st, 0) && !strcmp(db_col_text(st, 0), "member");
        db_done(st);
        if (!member) return 0; /* joined or approved: role member (promotions are not joins) */
        t->space = space_cached(db, a, ev->space);
        t->actor = people_cached(db, a, ev->person);
        t->space_id = ev->space;
        return t->space != NULL;
    }
    struct item *it = NULL;
    items_load(db, a, &ev->item, 1, &it);
    if (!it || it->draft) return 0;
    t->item = it;
    t->space_id = it->space_id;
    t->space = it->space_id ? space_cached(db, a, it->space_id) : NULL;
    if (ev->kind == BUS_ITEM_UPDATED && ev->other) {
        struct db_stmt *st = db_prep(db, "SELECT author_id, body_html, created_at FROM comments WHERE id = $1"
                                         " AND item_id = $2 AND deleted_at IS NULL");
        db_bind_int(st, 1, ev->other);
        db_bind_int(st, 2, it->id);
        if (db_step(st) == DB_ROW) {
            t->comment = arena_alloc(a, sizeof *t->comment);
            t->comment->id = ev->other;
            t->comment->item_id = it->id;
            t->comment->author_id = db_col_int(st, 0);
            t->comment->body_html = arena_strdup(a, db_col_text(st, 1) ? db_col_text(st, 1) : "");
            t->comment->created_at = db_col_int(st, 2);
        }
        db_done(st);
        if (!t->comment) return 0;
        t->actor = people_cached(db, a, t->comment->author_id);
    } else {
        t->actor = people_cached(db, a, ev->kind == BUS_ITEM_CREATED || !ev->person ? it->author_id : ev->person);
    }
    return 1;
}

static int wants(const char *events, const char *event) {
    size_t n = strlen(event);
    for (const char *p = events; (p = strstr(p, event)); p += n)
        if ((p == events || p[-1] == ',') && (p[n] == ',' || !p[n])) return 1;
    return 0;
}

static void on_bus(const struct bus_event *ev, void *ctx) {
    (void)ctx;
    if (bus_delivering_remote()) return; /* the node where it happened delivers it */
    if (ev->kind != BUS_ITEM_CREATED && ev->kind != BUS_ITEM_UPDATED && ev->kind != BUS_ITEM_DELETED &&
        ev->kind != BUS_MEMBERSHIP_CHANGED)
        return;
    struct db *db = db_thread();
    if (!db) return;
    struct db_stmt *st = db_prep(db, "SELECT count(*) FROM (SELECT id FROM webhooks LIMIT 1) x");
    if (db_int_or(st, 0) == 0) return; /* the usual case: no hooks at all */
    struct arena a = {0};
    struct target t;
    if (!describe(db, &a, ev, &t)) goto out;
    st = db_prep(db, "SELECT id, owner_id, events FROM webhooks WHERE space_id IS NULL OR space_id = $1 ORDER BY id LIMIT 500");
    db_bind_int(st, 1, t.space_id);
    int64_t ids[500], owners[500];
    int n = 0;
    while (n < 500 && db_step(st) == DB_ROW) {
        const char *evs = db_col_text(st, 2);
        if (evs && wants(evs, t.event)) {
            ids[n] = db_col_int(st, 0);
            owners[n++] = db_col_int(st, 1);
        }
    }
    db_done(st);
    if (!n) goto out;
    int64_t now = db_now();
    char *body = body_json(&a, &t, now);
    int queued = 0;
    if (db_begin(db)) goto out;
    for (int i = 0; i < n; i++) {
        if (!owner_may_see(db, &a, owners[i], &t)) continue;
        unsigned char rnd[12];
        randombytes_buf(rnd, sizeof rnd);
        char hex[sizeof rnd * 2 + 1];
        sodium_bin2hex(hex, sizeof hex, rnd, sizeof rnd);
        st = db_prep(db, "INSERT INTO webhook_deliveries (webhook_id, event, message_id, body, created_at)"
                         " VALUES ($1, $2, $3, $4, $5)");
        db_bind_int(st, 1, ids[i]);
        db_bind_text(st, 2, t.event);
        db_bind_text(st, 3, arena_printf(&a, "msg_%s", hex));
        db_bind_text(st, 4, body);
        db_bind_int(st, 5, now);
        if (db_run(st) != DB_DONE || enqueue_delivery(db, &a, db_last_id(db))) {
            db_rollback(db);
            goto out;
        }
        queued++;
    }
    if (db_commit(db)) db_rollback(db);
    else if (queued) jobs_wake();
out:
    arena_free(&a);
}

void webhooks_start(const char *public_url) {
    static int registered;
    snprintf(base_url, sizeof base_url, "%s", public_url ? public_url : "");
    size_t len = strlen(base_url);
    while (len && base_url[len - 1] == '/') base_url[--len] = 0;
    if (!registered) bus_listen(on_bus, NULL);
    registered = 1;
}
