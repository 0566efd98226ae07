/* Atom feeds (RFC 4287) of a space, a person, a tag and one's home stream,
 * written with libxml2's xmlwriter. The reader is the owner of the feed
 * token in the URL, else the signed-in person, else nobody: public spaces'
 * feeds only. The entries are the same streams the pages show (core/stream.c,
 * so the policy), never drafts; what the reader may not see is a 404. */
#include "web/feed.h"

#include <libxml/xmlwriter.h>
#include <string.h>
#include <time.h>

#include "core/content.h"
#include "core/feed_token.h"
#include "core/spaces.h"
#include "core/stream.h"
#include "db/db.h"
#include "http/server.h"
#include "lib/markdown.h"
#include "lib/text.h"
#include "web/pages.h"
#include "web/web.h"

enum { FEED_ENTRIES = 50, FEED_TITLE_EXCERPT = 80 };

int web_feed_actor(struct req *r, struct person **actor) {
    const char *token = req_query(r, "token");
    *actor = NULL;
    if (token) {
        *actor = feed_token_person(db_thread(), &r->arena, token);
        return *actor ? 0 : -1;
    }
    *actor = r->me;
    return 0;
}

static const char *rfc3339(struct arena *a, int64_t t) {
    time_t tt = (time_t)t;
    struct tm tm;
    gmtime_r(&tt, &tm);
    char s[32];
    strftime(s, sizeof s, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return arena_strdup(a, s);
}

static void link_el(xmlTextWriterPtr w, const char *rel, const char *type, const char *href) {
    xmlTextWriterStartElement(w, BAD_CAST "link");
    xmlTextWriterWriteAttribute(w, BAD_CAST "rel", BAD_CAST rel);
    if (type) xmlTextWriterWriteAttribute(w, BAD_CAST "type", BAD_CAST type);
    xmlTextWriterWriteAttribute(w, BAD_CAST "href", BAD_CAST href);
    xmlTextWriterEndElement(w);
}

static void entry(struct req *r, xmlTextWriterPtr w, const char *base, const struct item *it) {
    const char *url = arena_printf(&r->arena, "%s/items/%lld", base, (long long)it->id);
    const char *title = it->title && *it->title ? it->title
                                                : text_excerpt(&r->arena, markdown_plain(&r->arena, it->body ? it->body : ""),
                                                               FEED_TITLE_EXCERPT);
    xmlTextWriterStartElement(w, BAD_CAST "entry");
    xmlTextWriterWriteElement(w, BAD_CAST "id", BAD_CAST url);
    xmlTextWriterWriteElement(w, BAD_CAST "title", BAD_CAST(*title ? title : "…"));
    xmlTextWriterWriteElement(w, BAD_CAST "published", BAD_CAST rfc3339(&r->arena, it->created_at));
    xmlTextWriterWriteElement(w, BAD_CAST "updated",
                              BAD_CAST rfc3339(&r->arena, it->edited_at ? it->edited_at : it->created_at));
    xmlTextWriterStartElement(w, BAD_CAST "author");
    xmlTextWriterWriteElement(w, BAD_CAST "name", BAD_CAST(it->author ? it->author->name : "?"));
    if (it->author)
        xmlTextWriterWriteElement(w, BAD_CAST "uri",
                                  BAD_CAST arena_printf(&r->arena, "%s/people/%s", base, it->author->handle));
    xmlTextWriterEndElement(w);
    link_el(w, "alternate", "text/html", url);
    for (int i = 0; i < it->ntags; i++) {
        xmlTextWriterStartElement(w, BAD_CAST "category");
        xmlTextWriterWriteAttribute(w, BAD_CAST "term", BAD_CAST it->tags[i]);
        xmlTextWriterWriteAttribute(w, BAD_CAST "scheme", BAD_CAST arena_printf(&r->arena, "%s/tags/", base));
        xmlTextWriterEndElement(w);
    }
    xmlTextWriterStartElement(w, BAD_CAST "content");
    xmlTextWriterWriteAttribute(w, BAD_CAST "type", BAD_CAST "html");
    xmlTextWriterWriteString(w, BAD_CAST(it->body_html ? it->body_html : ""));
    xmlTextWriterEndElement(w);
    xmlTextWriterEndElement(w);
}

/* Reads the stream as `actor` and answers its Atom document; 404 when the
 * stream refuses (not visible, anonymous). */
static int atom(struct req *r, const struct person *actor, struct stream_query *q, const char *title,
                const char *self, const char *page) {
    struct item **items;
    int n;
    const char *next;
    struct err e = {0};
    q->limit = FEED_ENTRIES;
    if (stream_read(db_thread(), &r->arena, actor, q, &items, &n, &next, &e)) return resp_error(r, 404, NULL);
    const char *base = server_config()->public_url;
    xmlBufferPtr buf = xmlBufferCreate();
    xmlTextWriterPtr w = buf ? xmlNewTextWriterMemory(buf, 0) : NULL;
    if (!w) {
        if (buf) xmlBufferFree(buf);
        return resp_error(r, 500, NULL);
    }
    int64_t updated = 0;
    for (int i = 0; i < n; i++) {
        int64_t t = items[i]->edited_at ? items[i]->edited_at : items[i]->created_at;
        if (!items[i]->draft && t > updated) updated = t;
    }
    xmlTextWriterStartDocument(w, NULL, "UTF-8", NULL);
    xmlTextWriterStartElementNS(w, NULL, BAD_CAST "feed", BAD_CAST "http://www.w3.org/2005/Atom");
    xmlTextWriterWriteElement(w, BAD_CAST "id", BAD_CAST arena_printf(&r->arena, "%s%s", base, self));
    xmlTextWriterWriteElement(w, BAD_CAST "title", BAD_CAST title);
    xmlTextWriterWriteElement(w, BAD_CAST "updated", BAD_CAST rfc3339(&r->arena, updated ? updated : db_now()));
    xmlTextWriterStartElement(w, BAD_CAST "generator");
    xmlTextWriterWriteAttribute(w, BAD_CAST "uri", BAD_CAST "https://github.com/ruche-social/ruche");
    xmlTextWriterWriteString(w, BAD_CAST "Ruche");
    xmlTextWriterEndElement(w);
    link_el(w, "self", "application/atom+xml", arena_printf(&r->arena, "%s%s", base, self));
    link_el(w, "alternate", "text/html", arena_printf(&r->arena, "%s%s", base, page));
    for (int i = 0; i < n; i++)
        if (!items[i]->draft) entry(r, w, base, items[i]);
    xmlTextWriterEndElement(w);
    xmlTextWriterEndDocument(w);
    xmlFreeTextWriter(w);
    int rc = resp_bytes(r, 200, "application/atom+xml; charset=utf-8", xmlBufferContent(buf), (size_t)xmlBufferLength(buf));
    xmlBufferFree(buf);
    resp_header(r, "Cache-Control", "private, max-age=60");
    return rc;
}

/* GET /feed.atom?token=: the token owner's home stream. */
int web_home_feed(struct req *r) {
    struct person *actor;
    if (web_feed_actor(r, &actor) || !actor) return resp_error(r, 404, NULL);
    struct stream_query q = {.kind = STREAM_HOME};
    return atom(r, actor, &q, arena_printf(&r->arena, "%s · %s", T(r, "Home"), actor->name), "/feed.atom", "/");
}

/* GET /spaces/{slug}/feed.atom: anyone for a public space; else a member
 * (or whoever may read it) through the token or the session. */
int web_space_feed(struct req *r) {
    struct person *actor;
    if (web_feed_actor(r, &actor)) return resp_error(r, 404, NULL);
    const struct space *s = space_view_slug(db_thread(), &r->arena, actor, req_param(r, 0));
    if (!s) return resp_error(r, 404, NULL);
    struct stream_query q = {.kind = STREAM_SPACE, .space = s->id};
    return atom(r, actor, &q, s->name, arena_printf(&r->arena, "/spaces/%s/feed.atom", s->slug),
                arena_printf(&r->arena, "/spaces/%s", s->slug));
}

/* GET /people/{handle}/feed.atom: what they posted that the reader may see. */
int web_person_feed(struct req *r) {
    struct person *actor;
    if (web_feed_actor(r, &actor) || !actor) return resp_error(r, 404, NULL);
    struct person *p = people_view_handle(db_thread(), &r->arena, actor, req_param(r, 0));
    if (!p) return resp_error(r, 404, NULL);
    struct stream_query q = {.kind = STREAM_PERSON, .person = p->id};
    return atom(r, actor, &q, p->name, arena_printf(&r->arena, "/people/%s/feed.atom", p->handle),
                arena_printf(&r->arena, "/people/%s", p->handle));
}

/* GET /tags/{tag}/feed.atom */
int web_tag_feed(struct req *r) {
    struct person *actor;
    if (web_feed_actor(r, &actor) || !actor) return resp_error(r, 404, NULL);
    const char *tag = content_tag(&r->arena, req_param(r, 0));
    if (!tag) return resp_error(r, 404, NULL);
    const char *enc = url_encode(&r->arena, tag);
    struct stream_query q = {.kind = STREAM_TAG, .tag = tag};
    return atom(r, actor, &q, arena_printf(&r->arena, "#%s", tag), arena_printf(&r->arena, "/tags/%s/feed.atom", enc),
                arena_printf(&r->arena, "/tags/%s", enc));
}
