/* The wiki over the API: a page's slug and revision in the item, its
 * revisions, one revision, diffs, restore, and the 409 of an edit made on
 * an outdated revision (with the current revision's number). */
#include <stdlib.h>
#include <string.h>

#include "api/api.h"
#include "api/handlers.h"
#include "api/shapes.h"
#include "api/wiki.h"
#include "core/spaces.h"
#include "core/wiki.h"
#include "db/db.h"
#include "lib/html.h"
#include "lib/i18n.h"
#include "lib/text.h"

void api_wiki_fields(struct req *r, const struct item *it, json_t *o) {
    struct wiki_page p;
    if (wiki_page_of(db_thread(), &r->arena, it->id, &p)) return;
    json_object_set_new(o, "slug", json_string(p.slug));
    json_object_set_new(o, "revision", json_integer(p.revision));
    if (it->space)
        json_object_set_new(o, "wiki_url", json_string(arena_printf(&r->arena, "/spaces/%s/wiki/%s", it->space->slug,
                                                                    url_encode(&r->arena, p.slug))));
}

int api_wiki_conflict(struct req *r, int64_t id, const struct err *e) {
    struct wiki_page p;
    api_fail(r, ERR_CONFLICT, e);
    if (wiki_page_of(db_thread(), &r->arena, id, &p)) return ERR_CONFLICT;
    /* the problem document, with the revision to merge with */
    json_t *doc = json_loads(r->out.data ? r->out.data : "", 0, NULL);
    if (!doc) return ERR_CONFLICT;
    json_object_set_new(doc, "current_revision", json_integer(p.revision));
    char *s = json_dumps(doc, JSON_COMPACT | JSON_ENSURE_ASCII);
    json_decref(doc);
    buf_reset(&r->out);
    if (s) buf_puts(&r->out, s);
    buf_putc(&r->out, '\n');
    free(s);
    return ERR_CONFLICT;
}

static json_t *revision_json(struct req *r, int64_t id, const struct wiki_revision *v, int64_t current) {
    json_t *o = json_pack("{s:I, s:I, s:s, s:s, s:o, s:b}", "item_id", (json_int_t)id, "revision", (json_int_t)v->rev,
                          "title", v->title, "comment", v->comment, "editor", api_author_json(r, v->editor), "current",
                          v->rev == current);
    json_object_set_new(o, "created_at", api_time(v->created_at));
    if (v->body) json_object_set_new(o, "body", json_string(v->body));
    return o;
}

static int64_t current_revision(struct req *r, int64_t id) {
    struct wiki_page p;
    return wiki_page_of(db_thread(), &r->arena, id, &p) ? 0 : p.revision;
}

/* A revision number in the path or the query, or 0. */
static int64_t revision_param(const char *s) { return text_parse_id(s); }

/* GET /api/v1/items/{id}/revisions?cursor=&limit= */
int api_wiki_revisions(struct req *r) {
    int limit = api_limit(r);
    if (limit < 0) return 400;
    const char *cursor = req_query(r, "cursor");
    int64_t before = 0;
    if (cursor && !(before = revision_param(cursor)))
        return api_fail(r, 400, &(struct err){N_("cursor is the next_cursor of a previous page."), "cursor", 0});
    int64_t id = api_path_id(r, 0);
    struct wiki_revision *list;
    int n, more;
    struct err e = {0};
    int rc = wiki_revisions(db_thread(), &r->arena, r->me, id, before, limit, &list, &n, &more, &e);
    if (rc) return api_fail(r, rc, &e);
    int64_t current = current_revision(r, id);
    json_t *items = json_array();
    for (int i = 0; i < n; i++) json_array_append_new(items, revision_json(r, id, &list[i], current));
    return api_page(r, items, more && n ? arena_printf(&r->arena, "%lld", (long long)list[n - 1].rev) : NULL);
}

/* GET /api/v1/items/{id}/revisions/{n} */
int api_wiki_revision(struct req *r) {
    int64_t id = api_path_id(r, 0), rev = revision_param(req_param(r, 1));
    struct wiki_revision v;
    struct err e = {0};
    int rc = rev ? wiki_revision(db_thread(), &r->arena, r->me, id, rev, &v, &e) : err_fail(&e, ERR_NOT_FOUND, NULL, NULL);
    if (rc) return api_fail(r, rc, &e);
    return resp_json(r, 200, revision_json(r, id, &v, current_revision(r, id)));
}

/* POST /api/v1/items/{id}/revisions/{n}/restore */
int api_wiki_restore(struct req *r) {
    int64_t id = api_path_id(r, 0), rev = revision_param(req_param(r, 1));
    struct err e = {0};
    int rc = rev ? wiki_restore(db_thread(), &r->arena, r->me, id, rev, &e) : err_fail(&e, ERR_NOT_FOUND, NULL, NULL);
    if (rc == ERR_CONFLICT && e.field && !strcmp(e.field, "base_revision")) return api_wiki_conflict(r, id, &e);
    if (rc) return api_fail(r, rc, &e);
    struct item *it = item_get(db_thread(), &r->arena, r->me, id);
    if (!it) return resp_error(r, 404, NULL);
    return resp_json(r, 200, api_item_json(r, it));
}

static const char *op_name(enum diff_op op) { return op == DIFF_ADD ? "add" : op == DIFF_DEL ? "del" : "same"; }

/* GET /api/v1/items/{id}/diff?from=&to= — the changed lines with three
 * lines of context around each change. */
int api_wiki_diff(struct req *r) {
    const char *fs = req_query(r, "from"), *ts = req_query(r, "to");
    int64_t from = revision_param(fs), to = revision_param(ts), id = api_path_id(r, 0);
    if (!from) return api_fail(r, 400, &(struct err){N_("from is a revision number."), "from", 0});
    if (!to) return api_fail(r, 400, &(struct err){N_("to is a revision number."), "to", 0});
    struct wiki_revision a, b;
    struct diff d;
    struct err e = {0};
    int rc = wiki_diff(db_thread(), &r->arena, r->me, id, from, to, &a, &b, &d, &e);
    if (rc) return api_fail(r, rc, &e);
    json_t *lines = json_array();
    for (int i = 0; i < d.n; i++) {
        int near = 0; /* within three lines of a change */
        for (int k = i - 3 < 0 ? 0 : i - 3; k < d.n && k <= i + 3 && !near; k++) near = d.lines[k].op != DIFF_SAME;
        if (!near) continue;
        const struct diff_line *l = &d.lines[i];
        json_array_append_new(lines, json_pack("{s:s, s:o, s:o, s:s}", "op", op_name(l->op), "old",
                                               l->old_no ? json_integer(l->old_no) : json_null(), "new",
                                               l->new_no ? json_integer(l->new_no) : json_null(), "text", l->text));
    }
    json_t *o = json_pack("{s:I, s:I, s:I, s:s, s:s, s:i, s:i, s:b, s:o}", "item_id", (json_int_t)id, "from",
                          (json_int_t)from, "to", (json_int_t)to, "from_title", a.title, "to_title", b.title, "added",
                          d.added, "removed", d.removed, "coarse", d.coarse, "lines", lines);
    return resp_json(r, 200, o);
}
