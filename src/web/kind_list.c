/* Lists of content by kind: a space's (/spaces/{slug}/content?type=) and a
 * person's (/people/{handle}/content?type=), e.g. a space's blog or a
 * person's discussions. */
#include <string.h>

#include "core/kinds.h"
#include "core/policy.h"
#include "core/spaces.h"
#include "db/db.h"
#include "web/kinds.h"
#include "web/pages.h"
#include "web/social.h"
#include "web/spaces.h"
#include "web/web.h"

/* The filtered stream below a heading; 404 for an unknown kind. */
static int list(struct req *r, struct stream_query *q, const char *base, const char *title) {
    const char *type = req_query(r, "type");
    const struct web_kind *wk = type ? web_kind(type) : NULL;
    if (type && (!wk || !kind_get(type))) return resp_error(r, 404, NULL);
    q->type = type;
    q->cursor = req_query(r, "cursor");
    q->limit = 20;
    H(r, "<h2>%s</h2>", wk ? T(r, wk->plural) : title);
    web_kind_filter(r, base, type);
    if (wk && wk->list) { /* questions answered or not, ideas by score... */
        int rc = wk->list(r, q, base);
        return rc == 200 ? page_end(r) : resp_error(r, rc, NULL);
    }
    const char *more = type ? arena_printf(&r->arena, "%s?type=%s", base, type) : base;
    int rc = web_stream_section(r, q, "", more);
    return rc == 200 ? page_end(r) : resp_error(r, rc, NULL);
}

int web_space_content(struct req *r) {
    const struct space *s = web_space_param(r);
    if (!s || !policy_space(r->me, ACT_READ_SPACE, s)) return resp_error(r, 404, NULL);
    page_begin(r, s->name);
    web_space_header(r, s, "content");
    web_kind_menu(r, s);
    struct stream_query q = {.kind = STREAM_FILTER, .space = s->id};
    return list(r, &q, arena_printf(&r->arena, "/spaces/%s/content", s->slug), T(r, "Everything"));
}

int web_person_content(struct req *r) {
    struct person *p = people_view_handle(db_thread(), &r->arena, r->me, req_param(r, 0));
    if (!p) return resp_error(r, 404, NULL);
    page_begin(r, p->name);
    H(r, "<h1><a href=\"/people/%s\">%s</a></h1>", p->handle, p->name);
    if (p->id == r->me->id) web_kind_menu(r, NULL);
    struct stream_query q = {.kind = STREAM_FILTER, .person = p->id};
    return list(r, &q, arena_printf(&r->arena, "/people/%s/content", p->handle), T(r, "Everything"));
}
