/* Events: the kind's fields (times in an IANA zone, place, online link,
 * capacity), RSVPs with a waiting list, attendee and upcoming lists. */
#include "core/event.h"

#include <libical/ical.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "core/notify.h"
#include "core/policy.h"
#include "core/spaces.h"
#include "db/db.h"
#include "lib/i18n.h"
#include "lib/text.h"

static const char *const fields[] = {"starts_at", "ends_at", "timezone", "location", "online_url", "capacity", NULL};

/* ---- time zones ---------------------------------------------------------- */

#define ZONEINFO "/usr/share/zoneinfo/"

int event_zone_valid(const char *tz) {
    size_t n = tz ? strlen(tz) : 0;
    if (n == 0 || n > 64 || tz[0] == '/' || tz[0] == '.' || strstr(tz, "..")) return 0;
    for (const char *p = tz; *p; p++)
        if (!((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || strchr("/_+-", *p)))
            return 0;
    char path[128];
    snprintf(path, sizeof path, ZONEINFO "%s", tz);
    struct stat sb;
    if (stat(path, &sb) || !S_ISREG(sb.st_mode)) return 0;
    FILE *f = fopen(path, "rb");
    char magic[4] = {0};
    if (!f) return 0;
    size_t got = fread(magic, 1, 4, f);
    fclose(f);
    if (got != 4 || memcmp(magic, "TZif", 4)) return 0;
    return icaltimezone_get_builtin_timezone(tz) != NULL; /* libical knows its rules */
}

static icaltimezone *zone(const char *tz) {
    icaltimezone *z = tz && event_zone_valid(tz) ? icaltimezone_get_builtin_timezone(tz) : NULL;
    return z ? z : icaltimezone_get_utc_timezone();
}

const char *event_local_time(struct arena *a, const char *tz, int64_t t, const char **iso) {
    struct icaltimetype l = icaltime_from_timet_with_zone((time_t)t, 0, zone(tz));
    if (iso) *iso = arena_printf(a, "%04d-%02d-%02dT%02d:%02d", l.year, l.month, l.day, l.hour, l.minute);
    return arena_printf(a, "%04d-%02d-%02d %02d:%02d", l.year, l.month, l.day, l.hour, l.minute);
}

static int digits(const char *s, int n, int *out) {
    int v = 0;
    for (int i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9') return -1;
        v = v * 10 + (s[i] - '0');
    }
    *out = v;
    return 0;
}

int event_parse_time(const char *s, const char *tz, int64_t *out) {
    int y, mo, d, h, mi, sec = 0;
    if (!s || strlen(s) < 16 || digits(s, 4, &y) || s[4] != '-' || digits(s + 5, 2, &mo) || s[7] != '-' ||
        digits(s + 8, 2, &d) || !strchr("Tt ", s[10]) || digits(s + 11, 2, &h) || s[13] != ':' || digits(s + 14, 2, &mi))
        return -1;
    const char *p = s + 16;
    if (*p == ':') {
        if (digits(p + 1, 2, &sec)) return -1;
        p += 3;
        if (*p == '.') {
            p++;
            if (*p < '0' || *p > '9') return -1;
            while (*p >= '0' && *p <= '9') p++;
        }
    }
    if (y < 1970 || y > 9999 || mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || sec > 59) return -1;
    if (d > icaltime_days_in_month(mo, y)) return -1;
    struct icaltimetype t = icaltime_null_time();
    t.year = y, t.month = mo, t.day = d, t.hour = h, t.minute = mi, t.second = sec, t.is_date = 0;
    if (*p == 0) { /* a wall-clock time in the event's zone */
        *out = (int64_t)icaltime_as_timet_with_zone(t, zone(tz));
        return 0;
    }
    int off = 0;
    if (*p == 'Z' || *p == 'z') {
        p++;
    } else if (*p == '+' || *p == '-') {
        int oh, om;
        if (digits(p + 1, 2, &oh) || p[3] != ':' || digits(p + 4, 2, &om) || oh > 23 || om > 59) return -1;
        off = (oh * 60 + om) * 60 * (*p == '-' ? -1 : 1);
        p += 6;
    } else {
        return -1;
    }
    if (*p) return -1;
    *out = (int64_t)icaltime_as_timet_with_zone(t, icaltimezone_get_utc_timezone()) - off;
    return 0;
}

/* ---- the kind's fields ----------------------------------------------------- */

struct fields_in {
    int64_t starts_at, ends_at, capacity;
    const char *timezone, *location, *online_url;
};

static struct event *row(struct db *db, struct arena *a, int64_t item_id) {
    struct db_stmt *st = db_prep(db, "SELECT starts_at, ends_at, timezone, location, online_url, coalesce(capacity, 0)"
                                     " FROM events WHERE item_id = $1");
    db_bind_int(st, 1, item_id);
    struct event *ev = NULL;
    if (db_step(st) == DB_ROW) {
        ev = arena_alloc(a, sizeof *ev);
        memset(ev, 0, sizeof *ev);
        ev->item_id = item_id;
        ev->starts_at = db_col_int(st, 0);
        ev->ends_at = db_col_int(st, 1);
        ev->timezone = arena_strdup(a, db_col_text(st, 2));
        ev->location = arena_strdup(a, db_col_text(st, 3));
        ev->online_url = arena_strdup(a, db_col_text(st, 4));
        ev->capacity = db_col_int(st, 5);
    }
    db_done(st);
    return ev;
}

static int http_url(const char *u) {
    return (!strncasecmp(u, "https://", 8) && u[8]) || (!strncasecmp(u, "http://", 7) && u[7]);
}

/* Reads in->fields over the current values (cur: editing). */
static int read_fields(struct db *db, struct arena *a, const struct item_input *in, const struct item *cur,
                       struct fields_in *f, struct err *e) {
    struct event *old = cur ? row(db, a, cur->id) : NULL;
    memset(f, 0, sizeof *f);
    if (old) {
        f->starts_at = old->starts_at, f->ends_at = old->ends_at, f->capacity = old->capacity;
        f->timezone = old->timezone, f->location = old->location, f->online_url = old->online_url;
    } else {
        f->timezone = "UTC", f->location = "", f->online_url = "";
    }
    int bad = 0;
    const char *tz = kind_string(in, "timezone", &bad);
    if (bad || (tz && !event_zone_valid(tz)))
        return err_fail(e, ERR_INVALID, "timezone", N_("The time zone must be a name from the tz database, such as Europe/Paris."));
    if (tz) f->timezone = tz;
    const char *names[2] = {"starts_at", "ends_at"};
    int64_t *slots[2] = {&f->starts_at, &f->ends_at};
    for (int i = 0; i < 2; i++) {
        const char *s = kind_string(in, names[i], &bad);
        if (bad || (s && event_parse_time(s, f->timezone, slots[i])))
            return err_fail(e, ERR_INVALID, names[i],
                            i ? N_("The end must be a date and time such as 2026-06-01T17:00:00+02:00.")
                              : N_("The start must be a date and time such as 2026-06-01T09:00:00+02:00."));
        if (!s && !old)
            return err_fail(e, ERR_INVALID, names[i], i ? N_("Say when the event ends.") : N_("Say when the event starts."));
    }
    if (f->ends_at < f->starts_at) return err_fail(e, ERR_INVALID, "ends_at", N_("The event cannot end before it starts."));
    if (f->ends_at - f->starts_at > 366 * 86400)
        return err_fail(e, ERR_INVALID, "ends_at", N_("An event lasts at most a year."));
    const char *loc = kind_string(in, "location", &bad);
    if (bad || (loc && (!text_valid(loc, 0) || text_chars(loc) > EVENT_LOCATION_MAX)))
        return err_fail(e, ERR_INVALID, "location", N_("The place must be one line of at most 200 characters."));
    if (loc) f->location = text_trim(a, loc);
    const char *url = kind_string(in, "online_url", &bad);
    if (url) url = text_trim(a, url);
    if (bad || (url && *url && (!text_valid(url, 0) || strlen(url) > EVENT_URL_MAX || !http_url(url) || strpbrk(url, " <>\"'"))))
        return err_fail(e, ERR_INVALID, "online_url", N_("The online link must be an http:// or https:// address."));
    if (url) f->online_url = url;
    json_t *cap = in->fields ? json_object_get(in->fields, "capacity") : NULL;
    if (cap) {
        if (json_is_null(cap)) f->capacity = 0;
        else if (!json_is_integer(cap) || json_integer_value(cap) < 1 || json_integer_value(cap) > EVENT_CAPACITY_MAX)
            return err_fail(e, ERR_INVALID, "capacity", N_("The capacity is a number of places from 1 to 100,000, or none."));
        else f->capacity = json_integer_value(cap);
    }
    return 0;
}

static int check(struct db *db, struct arena *a, const struct person *actor, const struct item_input *in,
                 const struct item *cur, struct err *e) {
    struct fields_in f;
    return read_fields(db, a, in, cur, &f, e);
}

/* Moves people from the waiting list to the attendees while there is room;
 * notifies each (inside the caller's transaction). */
static int promote(struct db *db, struct arena *a, int64_t item_id, int64_t actor_id) {
    struct db_stmt *st = db_prep(db, "SELECT coalesce(capacity, 0) FROM events WHERE item_id = $1");
    db_bind_int(st, 1, item_id);
    int64_t cap = db_int_or(st, 0);
    int64_t room = EVENT_CAPACITY_MAX;
    if (cap) {
        st = db_prep(db, "SELECT count(*) FROM event_rsvps WHERE item_id = $1 AND answer = 'yes' AND waiting = 0");
        db_bind_int(st, 1, item_id);
        room = cap - db_int_or(st, 0);
    }
    if (room <= 0) return 0;
    int64_t ids[64];
    int n = 0;
    st = db_prep(db, "SELECT person_id FROM event_rsvps WHERE item_id = $1 AND waiting = 1 ORDER BY seq, person_id LIMIT $2");
    db_bind_int(st, 1, item_id);
    db_bind_int(st, 2, room < 64 ? room : 64);
    while (db_step(st) == DB_ROW) ids[n++] = db_col_int(st, 0);
    db_done(st);
    for (int i = 0; i < n; i++) {
        st = db_prep(db, "UPDATE event_rsvps SET waiting = 0, seq = 0, updated_at = $3 WHERE item_id = $1 AND person_id = $2");
        db_bind_int(st, 1, item_id);
        db_bind_int(st, 2, ids[i]);
        db_bind_int(st, 3, db_now());
        if (db_run(st) != DB_DONE) return -1;
        notify(db, a, ids[i], NOTIFY_EVENT_PROMOTED, actor_id, item_id, 0);
    }
    return 0;
}

static int save(struct db *db, struct arena *a, const struct person *actor, int64_t id, const struct item_input *in,
                const struct item *cur, struct err *e) {
    struct fields_in f;
    int rc = read_fields(db, a, in, cur, &f, e);
    if (rc) return rc;
    struct db_stmt *st = db_prep(db, "INSERT INTO events (item_id, starts_at, ends_at, timezone, location, online_url, capacity)"
                                     " VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (item_id) DO UPDATE SET"
                                     " starts_at = excluded.starts_at, ends_at = excluded.ends_at, timezone = excluded.timezone,"
                                     " location = excluded.location, online_url = excluded.online_url, capacity = excluded.capacity");
    db_bind_int(st, 1, id);
    db_bind_int(st, 2, f.starts_at);
    db_bind_int(st, 3, f.ends_at);
    db_bind_text(st, 4, f.timezone);
    db_bind_text(st, 5, f.location);
    db_bind_text(st, 6, f.online_url);
    if (f.capacity) db_bind_int(st, 7, f.capacity);
    else db_bind_null(st, 7);
    if (db_run(st) != DB_DONE) return err_fail(e, ERR_INTERNAL, NULL, N_("The post could not be saved."));
    /* more room (or none limited any more): the waiting list moves up */
    if (cur && promote(db, a, id, actor->id)) return err_fail(e, ERR_INTERNAL, NULL, N_("The post could not be saved."));
    return 0;
}

const struct kind kind_event = {.name = "event",
                                .title = TITLE_REQUIRED,
                                .body_required = 0,
                                .body_max = 20000,
                                .fields = fields,
                                .check = check,
                                .save = save};

/* ---- reading ------------------------------------------------------------- */

struct event *event_get(struct db *db, struct arena *a, const struct person *me, int64_t item_id) {
    struct event *ev = row(db, a, item_id);
    if (!ev) return NULL;
    struct db_stmt *st = db_prep(db, "SELECT count(CASE WHEN answer = 'yes' AND waiting = 0 THEN 1 END),"
                                     " count(CASE WHEN answer = 'yes' AND waiting = 1 THEN 1 END),"
                                     " count(CASE WHEN answer = 'maybe' THEN 1 END), count(CASE WHEN answer = 'no' THEN 1 END)"
                                     " FROM event_rsvps WHERE item_id = $1");
    db_bind_int(st, 1, item_id);
    if (db_step(st) == DB_ROW) {
        ev->going = db_col_int(st, 0);
        ev->waiting = db_col_int(st, 1);
        ev->maybe = db_col_int(st, 2);
        ev->declined = db_col_int(st, 3);
    }
    db_done(st);
    if (!me) return ev;
    st = db_prep(db, "SELECT answer, waiting, seq FROM event_rsvps WHERE item_id = $1 AND person_id = $2");
    db_bind_int(st, 1, item_id);
    db_bind_int(st, 2, me->id);
    int64_t seq = 0;
    if (db_step(st) == DB_ROW) {
        ev->my_answer = arena_strdup(a, db_col_text(st, 0));
        ev->my_waiting = (int)db_col_int(st, 1);
        seq = db_col_int(st, 2);
    }
    db_done(st);
    if (ev->my_waiting) {
        st = db_prep(db, "SELECT count(*) FROM event_rsvps WHERE item_id = $1 AND waiting = 1 AND seq <= $2");
        db_bind_int(st, 1, item_id);
        db_bind_int(st, 2, seq);
        ev->my_waiting = (int)db_int_or(st, 1);
    }
    return ev;
}

/* The event item `id` if `actor` may read it, else NULL. */
static struct item *event_item(struct db *db, struct arena *a, const struct person *actor, int64_t id) {
    struct item *it = item_get(db, a, actor, id);
    return it && !strcmp(it->type, "event") ? it : NULL;
}

int event_rsvp(struct db *db, struct arena *a, const struct person *actor, int64_t item_id, const char *answer,
               struct err *e) {
    struct item *it = event_item(db, a, actor, item_id);
    if (!it) return err_fail(e, ERR_NOT_FOUND, NULL, N_("Not found."));
    if (!policy_item(actor, ACT_VOTE, it))
        return err_fail(e, ERR_FORBIDDEN, NULL, N_("Only members of the space may answer this event."));
    if (answer && strcmp(answer, "yes") && strcmp(answer, "maybe") && strcmp(answer, "no"))
        return err_fail(e, ERR_INVALID, "answer", N_("The answer is \"yes\", \"maybe\" or \"no\"."));
    if (db_begin(db)) return err_fail(e, ERR_INTERNAL, NULL, N_("The database is busy; try again."));
    /* the event's row, locked: two answers at once cannot both take the last place */
    struct db_stmt *st = db_prep(db, "UPDATE events SET capacity = capacity WHERE item_id = $1");
    db_bind_int(st, 1, item_id);
    db_run(st);
    struct event *ev = row(db, a, item_id);
    int64_t now = db_now();
    if (!ev) {
        db_rollback(db);
        return err_fail(e, ERR_NOT_FOUND, NULL, N_("Not found."));
    }
    if (ev->ends_at < now) {
        db_rollback(db);
        return err_fail(e, ERR_CONFLICT, "answer", N_("This event is over."));
    }
    st = db_prep(db, "SELECT answer, waiting FROM event_rsvps WHERE item_id = $1 AND person_id = $2");
    db_bind_int(st, 1, item_id);
    db_bind_int(st, 2, actor->id);
    int had = 0, was_yes = 0, was_waiting = 0;
    if (db_step(st) == DB_ROW) {
        had = 1;
        was_yes = !strcmp(db_col_text(st, 0), "yes");
        was_waiting = (int)db_col_int(st, 1);
    }
    db_done(st);
    int was_going = was_yes && !was_waiting, ok = 1;
    if (!answer) {
        st = db_prep(db, "DELETE FROM event_rsvps WHERE item_id = $1 AND person_id = $2");
        db_bind_int(st, 1, item_id);
        db_bind_int(st, 2, actor->id);
        ok = db_run(st) == DB_DONE;
    } else if (!(had && was_yes && !strcmp(answer, "yes"))) { /* a repeated yes keeps its place */
        int waiting = 0;
        if (!strcmp(answer, "yes") && ev->capacity) {
            st = db_prep(db, "SELECT count(*) FROM event_rsvps WHERE item_id = $1 AND answer = 'yes' AND waiting = 0");
            db_bind_int(st, 1, item_id);
            waiting = db_int_or(st, 0) >= ev->capacity;
        }
        st = db_prep(db, "INSERT INTO event_rsvps (item_id, person_id, answer, waiting, seq, created_at, updated_at)"
                         " SELECT $1, CAST($2 AS BIGINT), CAST($3 AS TEXT), CAST($4 AS BIGINT),"
                         " CASE WHEN CAST($4 AS BIGINT) = 1 THEN coalesce(max(seq), 0) + 1 ELSE 0 END, CAST($5 AS BIGINT), CAST($5 AS BIGINT)"
                         " FROM event_rsvps WHERE item_id = $1"
                         " ON CONFLICT (item_id, person_id) DO UPDATE SET answer = excluded.answer,"
                         " waiting = excluded.waiting, seq = excluded.seq, updated_at = excluded.updated_at");
        db_bind_int(st, 1, item_id);
        db_bind_int(st, 2, actor->id);
        db_bind_text(st, 3, answer);
        db_bind_int(st, 4, waiting);
        db_bind_int(st, 5, now);
        ok = db_run(st) == DB_DONE;
    }
    if (ok && was_going && !(answer && !strcmp(answer, "yes"))) ok = promote(db, a, item_id, actor->id) == 0;
    if (!ok || db_commit(db)) {
        db_rollback(db);
        notify_discard();
        return err_fail(e, ERR_INTERNAL, NULL, N_("Your answer could not be saved."));
    }
    notify_flush();
    return 0;
}

int event_attendees(struct db *db, struct arena *a, const struct person *actor, int64_t item_id,
                    struct event_attendee **out, int *n, struct err *e) {
    *out = NULL;
    *n = 0;
    if (!event_item(db, a, actor, item_id)) return err_fail(e, ERR_NOT_FOUND, NULL, N_("Not found."));
    struct db_stmt *st = db_prep(db, "SELECT person_id, answer, waiting FROM event_rsvps WHERE item_id = $1 ORDER BY"
                                     " CASE WHEN answer = 'yes' AND waiting = 0 THEN 0 WHEN answer = 'yes' THEN 1"
                                     " WHEN answer = 'maybe' THEN 2 ELSE 3 END, seq, updated_at, person_id LIMIT $2");
    db_bind_int(st, 1, item_id);
    db_bind_int(st, 2, EVENT_ATTENDEES_MAX);
    int64_t ids[EVENT_ATTENDEES_MAX];
    const char *answers[EVENT_ATTENDEES_MAX];
    int waits[EVENT_ATTENDEES_MAX], m = 0;
    while (db_step(st) == DB_ROW && m < EVENT_ATTENDEES_MAX) {
        ids[m] = db_col_int(st, 0);
        answers[m] = arena_strdup(a, db_col_text(st, 1));
        waits[m++] = (int)db_col_int(st, 2);
    }
    db_done(st);
    *out = arena_alloc(a, sizeof **out * (size_t)(m + 1));
    for (int i = 0; i < m; i++) {
        struct person *p = people_cached(db, a, ids[i]);
        if (!p) continue;
        (*out)[*n] = (struct event_attendee){p, answers[i], waits[i]};
        (*n)++;
    }
    return 0;
}

int event_upcoming(struct db *db, struct arena *a, const struct person *actor, int64_t space_id, const char *cursor,
                   int limit, struct item ***out, int *n, const char **next, struct err *e) {
    *out = NULL;
    *n = 0;
    *next = NULL;
    const struct space *s = space_view(db, a, actor, space_id);
    if (!s || !policy_space(actor, ACT_READ_SPACE, s)) return err_fail(e, ERR_NOT_FOUND, "space", N_("No such space."));
    long long after_start = -1, after_id = 0;
    if (cursor && *cursor) {
        char tail;
        if (sscanf(cursor, "%lld.%lld%c", &after_start, &after_id, &tail) != 2 || after_start < 0 || after_id < 0)
            return err_fail(e, ERR_INVALID, "cursor", N_("The page cursor is invalid."));
    }
    struct db_stmt *st = db_prep(db, "SELECT e.item_id FROM events e JOIN items i ON i.id = e.item_id"
                                     " WHERE i.space_id = $1 AND i.deleted_at IS NULL AND i.draft = 0 AND e.ends_at >= $2"
                                     " AND (e.starts_at > $3 OR (e.starts_at = $3 AND e.item_id > $4))"
                                     " ORDER BY e.starts_at, e.item_id LIMIT $5");
    db_bind_int(st, 1, space_id);
    db_bind_int(st, 2, db_now());
    db_bind_int(st, 3, after_start);
    db_bind_int(st, 4, after_id);
    db_bind_int(st, 5, limit + 1);
    int64_t *ids = arena_alloc(a, sizeof *ids * (size_t)(limit + 1));
    int m = 0;
    while (db_step(st) == DB_ROW && m <= limit) ids[m++] = db_col_int(st, 0);
    db_done(st);
    int more = m > limit;
    if (more) m = limit;
    *out = arena_alloc(a, sizeof **out * (size_t)(m + 1));
    struct item **items = *out;
    items_load(db, a, ids, m, items);
    int k = 0;
    for (int i = 0; i < m; i++)
        if (items[i] && policy_item(actor, ACT_READ_ITEM, items[i])) items[k++] = items[i];
    items_hydrate(db, a, actor, items, k);
    *n = k;
    if (more) {
        struct event *last = row(db, a, ids[m - 1]);
        if (last) *next = arena_printf(a, "%lld.%lld", (long long)last->starts_at, (long long)ids[m - 1]);
    }
    return 0;
}
